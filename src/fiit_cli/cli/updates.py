"""`fiit updates` and `fiit stale`: sourced newer information beside the 2013 toolkit."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Annotated

import typer

from fiit_cli.cli.app import app
from fiit_cli.cli.common import (
    EXIT_DATA,
    EXIT_USAGE,
    FormatOption,
    data_root,
    fail,
    finish,
    reporting,
    warn,
)

if TYPE_CHECKING:
    from fiit_cli.lookup import NameIndex


class KindOpt(str, Enum):
    changed = "changed"
    new = "new"
    confirmed = "confirmed"
    ended = "ended"


def update_countries(ctx: typer.Context) -> NameIndex:
    """Countries a record can be about: profiles, annex countries (any of their names), 'eu'."""
    from fiit_cli.cli.common import country_index
    from fiit_cli.loader import load_hotlines
    from fiit_cli.lookup import CountryName, NameIndex, annex_index
    from fiit_cli.updates import EU, EU_NAME

    merged: dict[str, CountryName] = {
        EU: CountryName(EU, EU_NAME, "", ("EU-wide", "Europe", "European"))}
    for entry in country_index(ctx).names() + annex_index(load_hotlines(data_root(ctx))).names():
        known = merged.get(entry.id)
        if known is None:
            merged[entry.id] = CountryName(entry.id, entry.name, entry.iso2, entry.aliases)
        else:
            merged[entry.id] = CountryName(known.id, known.name, known.iso2 or entry.iso2,
                                           known.aliases + (entry.name, *entry.aliases))
    return NameIndex(sorted(merged.values(), key=lambda c: (c.id != EU, c.id)))


def _complete(incomplete: str) -> list[str]:
    from fiit_cli.cli.common import complete_ids

    eu = ["eu"] if "eu".startswith(incomplete.lower()) else []
    return eu + complete_ids("hotlines.yaml", "countries", incomplete)


@app.command(epilog="\b\nExamples:\n  fiit updates\n  fiit updates united-kingdom\n"
             "  fiit updates eu --kind new\n  fiit updates spain --format json\n"
             "  fiit updates --coverage\n  fiit updates --coverage --format json\n\n"
             "Your organisation's own records: updates/<country>.yaml under $FIIT_LOCAL_DIR "
             "(else the user data directory); see docs/DATA.md.")
def updates(
    ctx: typer.Context,
    country: Annotated[str | None, typer.Argument(
        help="A country (profile or hotline annex) or 'eu'; all if omitted.",
        show_default=False, autocompletion=_complete, metavar="[COUNTRY]")] = None,
    kind: Annotated[KindOpt | None, typer.Option(
        "--kind", "-k", help="Only records of this kind: changed (a 2013 fact no longer "
        "holds), new, confirmed (still holds), ended.", show_default=False,
        metavar="KIND")] = None,
    coverage: Annotated[bool, typer.Option(
        "--coverage", help="What the records cover: for each profile, section by section, a "
        "grid cell (records and newest check, a search that found nothing, or 2013 only), and "
        "each annex state's hotlines.")] = False,
    fmt: FormatOption = None,
) -> None:
    """Newer information since 2013, with its source and check date.

    Shipped records and your organisation's own (marked local); old checks are marked.
    EU-level records are listed with each country they apply to.
    """
    from fiit_cli.updates import EU_NAME, for_country, load_updates, today

    if coverage:
        if kind is not None:
            fail("--coverage counts records of every kind; leave out --kind "
                 "(try: fiit updates --coverage)", EXIT_USAGE)
        _coverage(ctx, country, fmt)
        return
    with reporting():
        records, warnings = load_updates(data_root(ctx))
        title = "Since 2013"
        if country is not None:
            index = update_countries(ctx)
            wanted = index.lookup(country)
            records = for_country(records, wanted, eu_level=True)
            name = next(c.name for c in index.names() if c.id == wanted)
            title += f": {name}"
        else:
            name = "any country or the EU"
    warn(warnings)
    records = by_weight(records)
    if kind is not None:
        records = [r for r in records if r.kind == kind.value]
        title += f" ({kind.value})"
    which = f"{kind.value} " if kind is not None else ""
    empty = f"No {which}since-2013 records for {name if name != EU_NAME else 'the EU'} yet."
    finish(ctx, _doc(ctx, records, title, empty, today()), fmt)


@app.command(epilog="\b\nExamples:\n  fiit stale\n  fiit stale --format csv > to-check.csv\n\n"
                    "Limits: phones and contacts 12 months, laws and structures 24 months "
                    "after the check. Exit 1 when any record is past its age (for scripts), "
                    "else 0. FIIT_TODAY=YYYY-MM-DD sets the day to count from.")
def stale(ctx: typer.Context, fmt: FormatOption = None) -> None:
    """Since-2013 records whose check is too old: check them again.

    For maintainers; exit 1 when there are any.
    """
    from fiit_cli.updates import load_updates, today
    from fiit_cli.updates import stale as past_age

    with reporting():
        records, warnings = load_updates(data_root(ctx))
    warn(warnings)
    on = today()
    found = past_age(records, on)
    doc = _doc(ctx, found, "Since 2013: to check again", "No since-2013 record is past its "
               f"age (as of {on}).", on)
    if not found:  # nothing to check again is not "nothing has changed"
        from fiit_cli.doc import Para

        doc.parts += [Para("What has changed since 2013:"), Para(CHANGED)]
    finish(ctx, doc, fmt)
    if found:
        raise typer.Exit(EXIT_DATA)


def _coverage(ctx: typer.Context, country: str | None, fmt) -> None:
    """`fiit updates --coverage [COUNTRY]`: the grid and the annex rows (of one country)."""
    from fiit_cli.cli.common import country_index
    from fiit_cli.loader import load_hotlines
    from fiit_cli.lookup import SECTION_SLUGS
    from fiit_cli.updates import coverage, load_searches, load_updates
    from fiit_cli.views.updates import coverage_document

    with reporting():
        root = data_root(ctx)
        records, warnings = load_updates(root)
        searches = load_searches(root)
        annex = load_hotlines(root)
        profiles = [(c.id, c.name) for c in country_index(ctx).names()]
        wanted = update_countries(ctx).lookup(country) if country is not None else None
    warn(warnings)
    cov = coverage(records, searches, profiles, annex, list(SECTION_SLUGS))
    if wanted is not None:
        cov = {"sections": [c for c in cov["sections"] if c["country"] == wanted],
               "annex": [s for s in cov["annex"] if s["country"] == wanted]}
    finish(ctx, coverage_document(cov, profiles), fmt)


CHANGED = "fiit updates --kind changed"

# What a reader needs first: a 2013 fact that no longer holds, one that ended, then what is
# new, then what still holds.
WEIGHT = {"changed": 0, "ended": 1, "new": 2, "confirmed": 3}


def by_weight(records: list) -> list:
    """Each country's records, changed ones first (countries stay in their order)."""
    first: dict[str, int] = {}
    for r in records:
        first.setdefault(r.country, len(first))
    return sorted(records, key=lambda r: (first[r.country], WEIGHT.get(r.kind, 9)))


def _doc(ctx: typer.Context, records: list, title: str, empty: str, on):
    from fiit_cli.views.updates import listing

    names = {c.id: c.name for c in update_countries(ctx).names()}
    return listing(records, names, title, empty, on)
