"""`fiit updates` and `fiit stale`: sourced newer information beside the 2013 toolkit."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any

import typer

from fiit_cli.cli.app import app
from fiit_cli.cli.common import EXIT_DATA, FormatOption, finish, reporting, warn
from fiit_cli.output import Doc

if TYPE_CHECKING:
    import datetime

    from fiit_cli.lookup import NameIndex
    from fiit_cli.views import Block

ABOUT = ("Since 2013: newer information beside the toolkit, each record from the public page "
         "cited and checked on the date shown; the toolkit's own records are unchanged.")


class UpdatesDoc(Doc):
    """A Doc without the toolkit's "data as published in 2013" line: these records are newer."""

    def footer_lines(self) -> list[str]:
        return list(self.footer)


class KindOpt(str, Enum):
    changed = "changed"
    new = "new"
    confirmed = "confirmed"
    ended = "ended"


def update_countries() -> NameIndex:
    """Countries a record can be about: profiles, annex countries (any of their names), 'eu'."""
    from fiit_cli.cli.common import country_index
    from fiit_cli.cli.hotlines import hotline_index
    from fiit_cli.loader import load_hotlines
    from fiit_cli.lookup import CountryName, NameIndex
    from fiit_cli.updates import EU, EU_NAME

    merged: dict[str, CountryName] = {
        EU: CountryName(EU, EU_NAME, "", ("EU-wide", "Europe", "European"))}
    for entry in country_index().names() + hotline_index(load_hotlines()).names():
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


def record_block(record: Any, country: str, on: datetime.date) -> Block:
    """One since-2013 record as labelled rows."""
    from fiit_cli.updates import LOCAL, concerns_text, freshness, source_text
    from fiit_cli.views import Block

    block = Block(record.title)
    block.add("Country", country)
    block.add("Concerns", concerns_text(record))
    block.add("Kind", f"{record.kind} ({record.topic})")
    block.add("Now", record.now)
    if record.value:
        block.add("Value now", record.value)
    block.add_if("Phones", record.phones)
    block.add_if("Emails", record.emails)
    block.add_if("Websites", record.websites)
    block.add("Source", [source_text(s) for s in record.sources])
    block.add("Checked", f"{record.checked} ({freshness(record, on).text})")
    if record.origin == LOCAL:
        block.add("Layer", "local: your organisation's own record")
    return block


def _csv(records: list[Any], names: dict[str, str], on: datetime.date):
    from fiit_cli.output import Listing
    from fiit_cli.updates import concerns_text, freshness

    columns = ["id", "country", "concerns", "kind", "topic", "title", "now", "value", "checked",
               "freshness", "stale", "source", "origin"]
    rows = []
    for r in records:
        fresh = freshness(r, on)
        rows.append([r.id, names.get(r.country, r.country), concerns_text(r), r.kind, r.topic,
                     r.title, r.now, r.value or "", r.checked, fresh.text,
                     "yes" if fresh.stale else "no", " ".join(s.url for s in r.sources),
                     r.origin])
    return Listing(columns, rows)


def _doc(records: list[Any], title: str, empty: str, on: datetime.date) -> UpdatesDoc:
    from fiit_cli.output import Section

    names = {c.id: c.name for c in update_countries().names()}
    blocks = [record_block(r, names.get(r.country, r.country), on) for r in records]
    parts: list = [Section(title, blocks)] if blocks else []
    footer = [ABOUT] if blocks else [empty]
    return UpdatesDoc(parts, [r.model_dump(mode="json") for r in records], footer=footer,
                      csv=_csv(records, names, on), citation=f"{title}. {ABOUT}")


@app.command(epilog="\b\nExamples:\n  fiit updates\n  fiit updates united-kingdom\n"
             "  fiit updates eu --kind new\n  fiit updates spain --format json\n\n"
             "Your organisation's own records: updates/<country>.yaml under $FIIT_LOCAL_DIR "
             "(else the user data directory); see docs/DATA.md.")
def updates(
    country: Annotated[str | None, typer.Argument(
        help="A country (profile or hotline annex) or 'eu'; all if omitted.",
        show_default=False, autocompletion=_complete)] = None,
    kind: Annotated[KindOpt | None, typer.Option(
        "--kind", "-k", help="Only records of this kind: changed (a 2013 fact no longer "
        "holds), new, confirmed (still holds), ended.", show_default=False)] = None,
    fmt: FormatOption = None,
) -> None:
    """Newer information since 2013, with its source and check date.

    Shipped records and your organisation's own (marked local); old checks are marked.
    """
    from fiit_cli.updates import EU_NAME, for_country, load_updates, today

    with reporting():
        records, warnings = load_updates()
        title = "Since 2013"
        if country is not None:
            index = update_countries()
            wanted = index.lookup(country)
            records = for_country(records, wanted)
            name = next(c.name for c in index.names() if c.id == wanted)
            title += f": {name}"
        else:
            name = "any country or the EU"
    warn(warnings)
    if kind is not None:
        records = [r for r in records if r.kind == kind.value]
        title += f" ({kind.value})"
    which = f"{kind.value} " if kind is not None else ""
    empty = f"No {which}since-2013 records for {name if name != EU_NAME else 'the EU'} yet."
    finish(_doc(records, title, empty, today()), fmt)


@app.command(epilog="\b\nExamples:\n  fiit stale\n  fiit stale --format csv > to-check.csv\n\n"
                    "\b\nLimits: phones and contacts 12 months, laws and structures 24 months "
                    "after the check.\nExit 1 when any record is past its age (for scripts), "
                    "else 0. FIIT_TODAY=YYYY-MM-DD\nsets the day to count from.")
def stale(fmt: FormatOption = None) -> None:
    """Since-2013 records whose check is too old: check them again.

    For maintainers; exit 1 when there are any.
    """
    from fiit_cli.updates import load_updates, today
    from fiit_cli.updates import stale as past_age

    with reporting():
        records, warnings = load_updates()
    warn(warnings)
    on = today()
    found = past_age(records, on)
    finish(_doc(found, "Since 2013: to check again", "No since-2013 record is past its age "
                f"(as of {on}).", on), fmt)
    if found:
        raise typer.Exit(EXIT_DATA)
