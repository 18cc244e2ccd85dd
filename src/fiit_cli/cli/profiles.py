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
)
from fiit_cli.lookup import SECTIONS
from fiit_cli.output import Doc, Listing, Section


@app.command(epilog="\b\nExamples:\n  fiit show france permits\n  fiit show hu shelter legal\n"
             "  fiit show italy --format json\n  fiit show uk contacts -f csv > uk.csv\n"
             "  fiit show france permits --cite")
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
    fmt: FormatOption = None,
    cite: CiteOption = False,
) -> None:
    """Show a country's profile, or only the chosen sections."""
    from fiit_cli.loader import load_profile
    from fiit_cli.views import DATA_AGE, citation, section_view, where

    with reporting():
        index = country_index()
        country_id = profile_id(country, index)
        slugs = section_slugs(sections)
        profile = load_profile(index.path_for(country_id))
    parts = []
    for slug in slugs:
        view = section_view(profile, slug)
        parts.append(Section(f"{view.country} · {view.heading}", view.blocks,
                             [view.source, DATA_AGE]))
    keep = {"id", "name", "iso2", "aliases", *slugs}
    places = "; ".join(where(getattr(profile, s).source) for s in slugs)
    doc = Doc(parts, profile.model_dump(mode="json", include=keep),
              citation=citation(f"Part I, {profile.name}: {places}"))
    if slugs == ["contacts"]:
        doc.csv = _contacts_listing(profile)
    finish(doc, fmt, cite)


def _contacts_listing(profile) -> Listing:
    rows = [
        [g.heading, o.name, o.description or "", o.contact_person or "", "; ".join(o.address),
         "; ".join(o.phones), "; ".join(o.emails), "; ".join(o.websites), "; ".join(o.services)]
        for g in profile.contacts.groups for o in g.organisations
    ]
    return Listing(["group", "name", "description", "contact person", "address", "phones",
                    "emails", "websites", "services"], rows)


@app.command(epilog="\b\nExamples:\n  fiit countries\n  fiit countries --format json")
def countries(fmt: FormatOption = None) -> None:
    """List the countries with a profile and the names they answer to."""
    with reporting():
        names = country_index().names()
    data = [{"id": n.id, "name": n.name, "iso2": n.iso2, "aliases": list(n.aliases)}
            for n in names]
    listing = Listing(["id", "name", "ISO", "also answers to"],
                      [[r["id"], r["name"], r["iso2"], ", ".join(r["aliases"])] for r in data])
    source = "Source: IOM, FIIT toolkit (2013), Part I, the five country overviews"
    finish(Doc([listing], data, footer=[source], csv=listing), fmt)


@app.command(epilog="\b\nExamples:\n  fiit sections\n  fiit show italy shelter")
def sections(fmt: FormatOption = None) -> None:
    """List the nine sections: slug, toolkit heading, aliases."""
    data = [{"slug": s.slug, "heading": s.heading, "aliases": list(s.aliases)} for s in SECTIONS]
    listing = Listing(["slug", "toolkit heading", "aliases"],
                      [[r["slug"], r["heading"], ", ".join(r["aliases"])] for r in data])
    doc = Doc([listing], data, csv=listing)
    doc.footer = ["Source: the nine section headings of each country profile, IOM FIIT toolkit "
                  "(2013), Part I"]
    finish(doc, fmt)
