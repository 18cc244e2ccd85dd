"""`fiit search`: full text over profiles, practices and hotlines."""

from __future__ import annotations

from typing import Annotated

import typer

from fiit_cli.cli.app import app
from fiit_cli.cli.common import (
    EXIT_DATA,
    FormatOption,
    complete_country,
    complete_section,
    country_index,
    env,
    fail,
    finish,
    reporting,
    section_slugs,
    warn,
)

KINDS = ("profile", "practice", "hotline", "update")
MAX_TERMS = 50  # a query of more words is refused (a pasted page would take seconds)


def _complete_kind(incomplete: str) -> list[str]:
    return [k for k in KINDS if k.startswith(incomplete.lower())]


@app.command(epilog="\b\nExamples:\n  fiit search language courses --country italy\n"
             "  fiit search nigerian\n  fiit search acse -f json\n"
             "  fiit search free of charge -s legal -f csv\n"
             "  fiit search minors --kind practice --all")
def search(
    ctx: typer.Context,
    text: Annotated[list[str], typer.Argument(
        help="Words to find, no quotes needed (case, accents and word forms do not matter).",
        show_default=False, metavar="WORDS...")],
    country: Annotated[list[str] | None, typer.Option(
        "--country", "-c", help="Only this country (its profile, hotlines and practice); "
        "repeatable.", show_default=False, metavar="COUNTRY",
        autocompletion=complete_country)] = None,
    section: Annotated[list[str] | None, typer.Option(
        "--section", "-s", help="Only these profile sections (repeatable).", show_default=False,
        metavar="SECTION",
        autocompletion=complete_section)] = None,
    kind: Annotated[list[str] | None, typer.Option(
        "--kind", "-k", help="Only hits of this kind: profile, practice, hotline or update "
        "(the since-2013 records); repeatable.", show_default=False, metavar="KIND",
        autocompletion=_complete_kind)] = None,
    notes: Annotated[bool, typer.Option(
        "--notes", help="Also find words in the notes about the 2013 text (print notes, "
        "remarks).")] = False,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, metavar="N",
                                       help="Show at most this many hits.")] = 20,
    show_all: Annotated[bool, typer.Option("--all", "-a", help="Show every hit.")] = False,
    fmt: FormatOption = None,
) -> None:
    """Full-text search of profiles, practices, hotlines and the since-2013 records.

    Ranked hits, each with where it is in words (country › section › field) and the command
    that opens it. No hit: exit 1, with the closest words in the data.
    """
    from fiit_cli import search as s
    from fiit_cli.loader import load_hotlines

    query = " ".join(text)
    _, squashed, terms = s.fold_query(query)
    if not squashed:
        fail(f"nothing to search for in {query!r}: give a word or a number.", 2)
    if len(terms) > MAX_TERMS:
        fail(f"too many words to search for ({len(terms):,}; at most {MAX_TERMS}): give the "
             "few words that matter, e.g. fiit search reflection period", 2)
    kinds = set(kind or KINDS)
    unknown = sorted(kinds - set(KINDS))
    if unknown:
        fail(f"unknown kind {unknown[0]!r}. Kinds: {', '.join(KINDS)}.", 2)
    run = env(ctx)
    with reporting():
        index = country_index(ctx)
        annex = load_hotlines(index.dir.parent)
        wanted: list[str] | None = None
        for name in country or ():
            found = index.get(name)
            if found is None:
                from fiit_cli.lookup import annex_index

                found = annex_index(annex).get(name)
            if found is None:
                index.lookup(name)  # raises the usual 'unknown country' error
            wanted = [*(wanted or []), found]
        slugs = section_slugs(section) if section else None
        records = []
        if "update" in kinds and not slugs and not run.as_printed:
            records = update_records(index)
        from fiit_cli import search_index  # the same hits from the index kept with the cache

        built = search_index.open_index(index, annex)  # None: no usable cache directory
        updates = update_fields(records, index, annex, built.titles if built else None)
        answer = None if built is None else search_index.answer(
            built, query, None if show_all else limit, wanted, slugs, kinds, notes, updates)
        fields: list[s.Field] | None = None
        if answer is None:  # no usable index: every field, searched in turn
            fields = plain_fields(index, annex, wanted, slugs, kinds, notes, updates)
            found = s.search(fields, query)
            answer = found if show_all else found[:limit], len(found)
        shown, total = answer
        if not total:
            if fields is None:
                fields = plain_fields(index, annex, wanted, slugs, kinds, notes, updates)
            close = s.suggestions(fields, query)
            hint = f" Closest words in the data: {', '.join(close)}." if close else ""
            fail(f"no hits for “{query}”.{hint}", EXIT_DATA)
    from fiit_cli.views.lists import hits

    finish(ctx, hits(shown, total, query), fmt)


def update_records(index) -> list:
    """The since-2013 records of the index's data directory (their problems reported as
    warnings)."""
    from fiit_cli.updates import load_updates

    records, problems = load_updates(index.dir.parent)
    warn(problems)
    return records


def update_fields(records: list, index, annex, titles: dict[str, str] | None = None) -> list:
    """The since-2013 records' fields, under their countries' names: a profile's from
    ``titles`` (the search index keeps them), else from its validated record."""
    from fiit_cli import search as s
    from fiit_cli.loader import load_profile

    ids = set(index.ids)  # the names of the records' countries only (not every profile's)
    annexed = {c.id: c.name for c in annex.countries}
    titles = titles or {}
    names = {c: (titles[c] if c in titles else load_profile(index.path_for(c)).name)
             if c in ids else annexed.get(c, c) for c in {r.country for r in records}}
    if "eu" not in ids and "eu" not in annexed:
        names["eu"] = "EU"
    return list(s.update_fields(records, names))


def plain_fields(index, annex, wanted: str | list[str] | None, slugs: list[str] | None,
                 kinds: set[str] | tuple[str, ...], notes: bool, updates: list) -> list:
    """The fields the command searches, in its order, built from the records (the search
    index gives the same hits from these without building them)."""
    from fiit_cli import search as s
    from fiit_cli.loader import load_practices, load_profile
    from fiit_cli.search_index import chosen_ids

    wanted = chosen_ids(wanted)
    fields: list[s.Field] = []
    if "profile" in kinds:
        for cid in index.ids:
            if wanted is None or cid in wanted:
                fields += s.profile_fields(load_profile(index.path_for(cid)), slugs)
    if not slugs:
        practices = load_practices(index.dir.parent)
        where = {p.id: p.country for p in practices.practices}
        where.update({c.id: c.profile or c.id for c in annex.countries})
        extra: list[s.Field] = []
        if "practice" in kinds:
            extra += s.practice_fields(practices)
        if "hotline" in kinds:
            extra += s.hotline_fields(annex)
        if "update" in kinds:
            extra += updates
        fields += [f for f in extra
                   if wanted is None or f.owner in wanted or where.get(f.owner) in wanted]
    if not notes:
        fields = [f for f in fields if not f.note]
    return fields
