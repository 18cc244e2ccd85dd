"""`fiit show`, `fiit countries`, `fiit sections`: the country profiles."""

from __future__ import annotations

from typing import Annotated

import typer

from fiit_cli.cli.app import app
from fiit_cli.cli.common import (
    CiteOption,
    FormatOption,
    complete_country,
    complete_section,
    country_index,
    finish,
    profile_id,
    reporting,
    section_slugs,
    since_2013,
)
from fiit_cli.lookup import SECTIONS


@app.command(epilog="\b\nExamples:\n  fiit show france permits\n  fiit show hu shelter legal\n"
             "  fiit show italy --format json\n  fiit show uk contacts -f csv > uk.csv\n"
             "  fiit show france permits --cite")
def show(
    ctx: typer.Context,
    country: Annotated[
        str,
        typer.Argument(
            help="Country: English or native name, or ISO code (be fr it hu gb uk).",
            metavar="COUNTRY",
            autocompletion=complete_country,
            show_default=False,
        ),
    ],
    sections: Annotated[
        list[str] | None,
        typer.Argument(
            help="Sections to show (default: all nine). See `fiit sections`.",
            metavar="[SECTION]...",
            autocompletion=complete_section,
            show_default=False,
        ),
    ] = None,
    fmt: FormatOption = None,
    cite: CiteOption = False,
) -> None:
    """Show a country's profile, or only the chosen sections."""
    from fiit_cli.loader import load_profile
    from fiit_cli.views.profile import profile_document

    with reporting():
        index = country_index(ctx)
        country_id = profile_id(country, index)
        slugs = section_slugs(sections)
        profile = load_profile(index.path_for(country_id))
        records, on = since_2013(ctx, [country_id, "eu"])  # with EU-level records (applies_to)
    finish(ctx, profile_document(profile, slugs, records, on), fmt, cite)


@app.command(epilog="\b\nExamples:\n  fiit countries\n  fiit countries --format json")
def countries(ctx: typer.Context, fmt: FormatOption = None) -> None:
    """List the countries with a profile and the names they answer to."""
    from fiit_cli.views.lists import countries as view

    with reporting():
        names = country_index(ctx).names()
    finish(ctx, view(names), fmt)


@app.command(epilog="\b\nExamples:\n  fiit sections\n  fiit show italy shelter")
def sections(ctx: typer.Context, fmt: FormatOption = None) -> None:
    """List the nine sections: slug, toolkit heading, aliases."""
    from fiit_cli.views.lists import sections as view

    finish(ctx, view(SECTIONS), fmt)
