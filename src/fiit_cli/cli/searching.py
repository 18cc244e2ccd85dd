"""`fiit search`: full text over profiles, practices and hotlines."""

from __future__ import annotations

from typing import Annotated

import typer

from fiit_cli.cli.app import app
from fiit_cli.cli.common import (
    FormatOption,
    complete_country,
    complete_section,
    country_index,
    fail,
    finish,
    reporting,
    section_slugs,
)


@app.command(epilog="\b\nExamples:\n  fiit search \"language courses\" --country italy\n"
             "  fiit search surya\n  fiit search acse -f json\n"
             "  fiit search \"free of charge\" -s legal -f csv")
def search(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="Words to find (case and accents do not matter).",
                                        show_default=False, metavar="TEXT")],
    country: Annotated[str | None, typer.Option(
        "--country", "-c", help="Only this country (its profile, hotlines and practice).",
        show_default=False, metavar="COUNTRY", autocompletion=complete_country)] = None,
    section: Annotated[list[str] | None, typer.Option(
        "--section", "-s", help="Only these profile sections (repeatable).", show_default=False,
        metavar="SECTION",
        autocompletion=complete_section)] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, metavar="N",
                                       help="At most this many hits.")] = 20,
    fmt: FormatOption = None,
) -> None:
    """Full-text search of profiles, practices and hotlines.

    Ranked hits, each with where it is (country › section › field).
    """
    from fiit_cli import search as s
    from fiit_cli.loader import load_hotlines, load_practices, load_profile

    if not s.fold_query(text)[1]:
        fail(f"nothing to search for in {text!r}: give a word or a number.", 2)
    with reporting():
        index = country_index()
        annex = load_hotlines()
        wanted: str | None = None
        if country is not None:
            wanted = index.get(country)
            if wanted is None:
                from fiit_cli.lookup import annex_index

                wanted = annex_index(annex).get(country)
            if wanted is None:
                index.lookup(country)  # raises the usual 'unknown country' error
        slugs = section_slugs(section) if section else None
        from fiit_cli import search_index  # the same hits from the index kept with the cache

        found = search_index.search(index, annex, text, limit, wanted, slugs)
        if found is None:  # no cache directory
            fields: list[s.Field] = []
            for cid in index.ids:
                if wanted in (None, cid):
                    fields += s.profile_fields(load_profile(index.path_for(cid)), slugs)
            if not slugs:
                practices = load_practices()
                where = {p.id: p.country for p in practices.practices}
                where.update({c.id: c.profile or c.id for c in annex.countries})
                extra = [*s.practice_fields(practices), *s.hotline_fields(annex)]
                fields += [f for f in extra
                           if wanted is None or wanted in (f.owner, where.get(f.owner))]
            found = s.search(fields, text, limit)
    from fiit_cli.views.lists import hits

    finish(ctx, hits(found, len(found), text), fmt)
