"""`fiit compare` and `fiit overview`: the profiles side by side."""

from __future__ import annotations

from typing import Annotated

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
    since_2013,
)


@app.command(epilog="\b\nExamples:\n  fiit compare belgium italy --section accommodation\n"
             "  fiit compare fr hu uk -s permits -s legal\n"
             "  fiit compare --all -s legal -f markdown")
def compare(
    ctx: typer.Context,
    countries: Annotated[
        list[str] | None,
        typer.Argument(help="Two to five countries (or --all).", show_default=False,
                       metavar="[COUNTRY]...",
                       autocompletion=complete_country),
    ] = None,
    section: Annotated[
        list[str] | None,
        typer.Option("--section", "-s", help="Section(s) to compare (repeatable; default all).",
                     show_default=False, metavar="SECTION", autocompletion=complete_section),
    ] = None,
    all_countries: Annotated[bool, typer.Option("--all", "-a", help="Every profile.")] = False,
    fmt: FormatOption = None,
    cite: CiteOption = False,
) -> None:
    """Compare countries side by side, row by row by meaning.

    Rows marked ≠ differ between the countries.
    """
    from fiit_cli.views.compare import comparison_document

    with reporting():
        index = country_index(ctx)
        if all_countries and countries:
            fail(f"--all compares every profile; leave out {' '.join(countries)!r}, or name "
                 "two to five countries without --all.", EXIT_USAGE)
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
        profiles = load_profiles(index, ids)
        records, _ = since_2013(ctx, ids)
    finish(ctx, comparison_document(profiles, slugs, records), fmt, cite)


@app.command(epilog="\b\nExamples:\n  fiit overview\n  fiit overview --explain\n"
             "  fiit overview -f markdown\n  fiit overview -f csv > overview.csv")
def overview(
    ctx: typer.Context,
    explain: Annotated[bool, typer.Option("--explain", help="Say which profile field each "
                                          "indicator comes from.")] = False,
    fmt: FormatOption = None,
    cite: CiteOption = False,
) -> None:
    """Key indicators across all five profiles, at a glance."""
    from fiit_cli.views import compare as cmp

    if explain:
        from fiit_cli.views.lists import explain as view

        finish(ctx, view(cmp.explain_rows()), fmt)
        return
    with reporting():
        index = country_index(ctx)
        profiles = load_profiles(index, list(index.ids))
        records, _ = since_2013(ctx, [p.id for p in profiles])
    finish(ctx, cmp.overview_document(profiles, records), fmt, cite)
