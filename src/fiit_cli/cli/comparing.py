"""`fiit compare` and `fiit overview`: the profiles side by side."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from fiit_cli.cli.app import app
from fiit_cli.cli.common import (
    EXIT_USAGE,
    CiteOption,
    FormatOption,
    complete_country,
    complete_section,
    country_index,
    fail,
    finish,
    load_profiles,
    profile_id,
    reporting,
    section_slugs,
)
from fiit_cli.output import Comparison, Doc, Listing

if TYPE_CHECKING:
    from fiit_cli.compare import SectionCompare
    from fiit_cli.models import CountryProfile


@app.command(epilog="\b\nExamples:\n  fiit compare belgium italy --section accommodation\n"
             "  fiit compare fr hu uk -s permits -s legal\n"
             "  fiit compare --all -s legal -f markdown")
def compare(
    countries: Annotated[
        list[str] | None,
        typer.Argument(help="Two to five countries (or --all).", show_default=False,
                       autocompletion=complete_country),
    ] = None,
    section: Annotated[
        list[str] | None,
        typer.Option("--section", "-s", help="Section(s) to compare (repeatable; default all).",
                     show_default=False, autocompletion=complete_section),
    ] = None,
    all_countries: Annotated[bool, typer.Option("--all", "-a", help="Every profile.")] = False,
    fmt: FormatOption = None,
    cite: CiteOption = False,
) -> None:
    """Compare countries side by side, row by row by meaning.

    Rows marked ≠ differ between the countries.
    """
    from fiit_cli import compare as cmp

    with reporting():
        index = country_index()
        if all_countries:
            ids = list(index.ids)
        else:
            ids = []
            for name in countries or []:
                cid = profile_id(name, index)
                if cid in ids:
                    fail(f"country {name!r} is given twice ({cid}). Compare two to five "
                         "different countries.", EXIT_USAGE)
                ids.append(cid)
        if not 2 <= len(ids) <= 5:
            fail(f"compare takes two to five countries; got {len(ids)}. "
                 "Example: fiit compare belgium italy (or --all).", EXIT_USAGE)
        slugs = section_slugs(section)
        profiles = load_profiles(ids)
    blocks = [cmp.compare_section(profiles, s) for s in slugs]
    finish(_doc(profiles, blocks, slugs), fmt, cite)


def _doc(profiles: list[CountryProfile], blocks: list[SectionCompare],
         slugs: list[str]) -> Doc:
    from fiit_cli import compare as cmp
    from fiit_cli.views import TOOLKIT, citation, where

    names = [p.name for p in profiles]
    ids = [p.id for p in profiles]
    legend = (f"{cmp.MARK_DIFFERS} the countries differ · ✗ no · ? not stated in the toolkit "
              "· – not applicable")
    places = "; ".join(
        f"{p.name}: " + ", ".join(where(getattr(p, s).source) for s in slugs) for p in profiles)
    rows = [[b.heading, r.group or "", r.label, "yes" if r.differs else "no",
             *("\n".join(c.shown()) for c in r.cells)] for b in blocks for r in b.rows]
    csv = Listing(["section", "group", "field", "differs", *names], rows)
    return Doc([Comparison(names, blocks)], cmp.to_json(names, ids, blocks),
               footer=[legend, f"Source: {TOOLKIT}, Part I; pages: fiit show COUNTRY SECTION"],
               csv=csv, citation=citation(f"Part I, {places}" if slugs else "Part I"))


@app.command(epilog="\b\nExamples:\n  fiit overview\n  fiit overview --explain\n"
             "  fiit overview -f markdown\n  fiit overview -f csv > overview.csv")
def overview(
    explain: Annotated[bool, typer.Option("--explain", help="Say which profile field each "
                                          "indicator comes from.")] = False,
    fmt: FormatOption = None,
    cite: CiteOption = False,
) -> None:
    """Key indicators across all five profiles, at a glance."""
    from fiit_cli import compare as cmp

    if explain:
        data = [{"indicator": i.label, "field": i.field} for i in cmp.INDICATORS]
        listing = Listing(["indicator", "computed from"],
                          [[r["indicator"], r["field"]] for r in data])
        source = "Source: fiit's indicators over the profiles of the IOM FIIT toolkit (2013)"
        finish(Doc([listing], data, footer=[source], csv=listing), fmt)
        return
    with reporting():
        ids = list(country_index().ids)
        profiles = load_profiles(ids)
    block = cmp.SectionCompare("overview", "Overview: key indicators",
                               cmp.overview_rows(profiles))
    finish(_doc(profiles, [block], []), fmt, cite)
