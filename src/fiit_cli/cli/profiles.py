"""`fiit show`, `fiit countries`, `fiit sections`: the country profiles."""

from __future__ import annotations

from typing import Annotated

import typer

from fiit_cli.cli.app import app
from fiit_cli.cli.common import (
    Format,
    FormatOption,
    complete_country,
    complete_section,
    console,
    country_index,
    print_json,
    profile_id,
    reporting,
    section_slugs,
)
from fiit_cli.lookup import SECTIONS


@app.command(epilog="\b\nExamples:\n  fiit show france permits\n  fiit show hu shelter legal\n"
             "  fiit show italy --format json")
def show(
    country: Annotated[
        str,
        typer.Argument(
            help="Country: English or native name, or ISO code (be fr it hu gb uk).",
            autocompletion=complete_country,
            show_default=False,
        ),
    ],
    sections: Annotated[
        list[str] | None,
        typer.Argument(
            help="Sections to show (default: all nine). See `fiit sections`.",
            autocompletion=complete_section,
            show_default=False,
        ),
    ] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Show a country's profile, or only the chosen sections."""
    from fiit_cli.loader import load_profile

    with reporting():
        index = country_index()
        country_id = profile_id(country, index)
        slugs = section_slugs(sections)
        profile = load_profile(index.path_for(country_id))
    if fmt is Format.json:
        keep = {"id", "name", "iso2", "aliases", *slugs}
        print_json(profile.model_dump(mode="json", include=keep))
        return
    from rich.console import Group

    from fiit_cli.views import render_section, section_view

    console().print(Group(*(render_section(section_view(profile, s)) for s in slugs)))


@app.command(epilog="\b\nExamples:\n  fiit countries\n  fiit countries --format json")
def countries(fmt: FormatOption = Format.table) -> None:
    """List the countries with a profile and the names they answer to."""
    with reporting():
        names = country_index().names()
    rows = [
        {"id": n.id, "name": n.name, "iso2": n.iso2, "aliases": list(n.aliases)} for n in names
    ]
    if fmt is Format.json:
        print_json(rows)
        return
    from fiit_cli.views import DATA_AGE, render_list

    table = render_list(
        ["id", "name", "ISO", "also answers to"],
        [[r["id"], r["name"], r["iso2"], ", ".join(r["aliases"])] for r in rows],
        footer=DATA_AGE,
    )
    console().print(table)


@app.command(epilog="\b\nExamples:\n  fiit sections\n  fiit show italy shelter")
def sections(fmt: FormatOption = Format.table) -> None:
    """List the nine sections: slug, toolkit heading, aliases."""
    rows = [{"slug": s.slug, "heading": s.heading, "aliases": list(s.aliases)} for s in SECTIONS]
    if fmt is Format.json:
        print_json(rows)
        return
    from fiit_cli.views import render_list

    table = render_list(
        ["slug", "toolkit heading", "aliases"],
        [[r["slug"], r["heading"], ", ".join(r["aliases"])] for r in rows],
    )
    console().print(table)
