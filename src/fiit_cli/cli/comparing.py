"""`fiit compare` and `fiit overview`: the profiles side by side."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from fiit_cli.cli.app import app
from fiit_cli.cli.common import (
    EXIT_USAGE,
    TableFormat,
    TableFormatOption,
    complete_country,
    complete_section,
    console,
    country_index,
    fail,
    load_profiles,
    print_json,
    profile_id,
    reporting,
    section_slugs,
)

if TYPE_CHECKING:
    from fiit_cli.compare import SectionCompare


@app.command(epilog="\b\nExamples:\n  fiit compare belgium italy --section accommodation\n"
             "  fiit compare fr hu uk -s permits -s legal\n  fiit compare --all -s legal -f markdown")
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
    fmt: TableFormatOption = TableFormat.table,
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
    names = [p.name for p in profiles]
    blocks = [cmp.compare_section(profiles, s) for s in slugs]
    _print_compare(names, ids, blocks, fmt)


def _print_compare(names: list[str], ids: list[str], blocks: list[SectionCompare],
                   fmt: TableFormat) -> None:
    from fiit_cli import compare as cmp
    from fiit_cli.views import DATA_AGE, TOOLKIT

    source = f"Source: {TOOLKIT}; each profile's pages: fiit show COUNTRY SECTION"
    legend = (f"{cmp.MARK_DIFFERS} the countries differ · ✗ no · ? not stated in the toolkit "
              "· – not applicable")
    if fmt is TableFormat.json:
        print_json(cmp.to_json(names, ids, blocks))
        return
    if fmt is TableFormat.markdown:
        sys.stdout.write(cmp.to_markdown(names, blocks, [legend, source, DATA_AGE]))
        return
    from rich.console import Group

    from rich.text import Text

    out = console()
    out.print(Group(cmp.render(names, blocks, out.width),
                    *(Text(line, style="dim") for line in (legend, source, DATA_AGE))))


@app.command(epilog="\b\nExamples:\n  fiit overview\n  fiit overview --explain\n"
             "  fiit overview -f markdown")
def overview(
    explain: Annotated[bool, typer.Option("--explain", help="Say which profile field each "
                                          "indicator comes from.")] = False,
    fmt: TableFormatOption = TableFormat.table,
) -> None:
    """Key indicators across all five profiles, at a glance."""
    from fiit_cli import compare as cmp

    if explain:
        rows = [{"indicator": i.label, "field": i.field} for i in cmp.INDICATORS]
        if fmt is TableFormat.json:
            print_json(rows)
            return
        from fiit_cli.views import render_list

        console().print(render_list(["indicator", "computed from"],
                                    [[r["indicator"], r["field"]] for r in rows]))
        return
    with reporting():
        ids = list(country_index().ids)
        profiles = load_profiles(ids)
    names = [p.name for p in profiles]
    block = cmp.SectionCompare("overview", "Overview: key indicators",
                               cmp.overview_rows(profiles))
    _print_compare(names, ids, [block], fmt)
