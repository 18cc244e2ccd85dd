"""Newer information (since 2013) as document nodes: beside the toolkit's facts, never in them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fiit_cli.doc import Block, Document, Field, Flag, Link, Para, Section, Table, Text, Update
from fiit_cli.views.common import email, web

if TYPE_CHECKING:
    import datetime

ABOUT = ("Since 2013: newer information beside the toolkit, each record from the public page "
         "cited and checked on the date shown; the toolkit's own records are unchanged.")


def concerns(record: Any) -> str:
    """What a record concerns, in words a person reads: 'Contacts › UK HUMAN TRAFFICKING CENTRE'."""
    from fiit_cli.lookup import get_section

    c = record.concerns
    parts: list[str] = []
    slug = c.section or (c.field.split(".")[0] if c.field else None)
    info = get_section(slug) if slug else None
    if info is not None:
        parts.append(info.heading)
    if c.field and "." in c.field:
        words = c.field.split(".", 1)[1].replace("_", " ").replace(".", " › ")
        parts.append(words[:1].upper() + words[1:])
    if c.hotline:
        parts.append(f"hotline “{c.hotline}”")
    if c.organisation:
        parts.append(c.organisation)
    return " › ".join(parts) or ("EU-wide" if record.country == "eu" else "")


def node(record: Any, on: datetime.date) -> Update:
    """One record as an :class:`Update` node: what holds now, its sources, its freshness."""
    from fiit_cli.updates import LOCAL, freshness

    fresh = freshness(record, on)
    items = details(record)
    return Update(title=record.title, kind=record.kind, now=record.now, checked=record.checked,
                  sources=tuple(Link(s.url, s.url) for s in record.sources),
                  concerns=concerns(record), local=record.origin == LOCAL,
                  stale=fresh.text if fresh.stale else None, items=tuple(items))


def details(record: Any) -> list[Field]:
    """What a record gives beside its text: the value now, phones, emails, web addresses."""
    out = []
    if record.value:
        out.append(Field("Value now", [Text(record.value)]))
    if record.phones:
        out.append(Field("Tel", [Text(p) for p in record.phones]))
    if record.emails:
        out.append(Field("Email", [email(e) for e in record.emails]))
    if record.websites:
        out.append(Field("Web", [web(w) for w in record.websites]))
    return out


def since_text(record: Any) -> str:
    """What a record says holds now, in brief, for the fact it changes."""
    return f"{record.value} ({record.kind}; checked {record.checked}) — see below"


def mark_changes(blocks: list[Block], records: list[Any]) -> None:
    """Mark each fact a since-2013 record gives a new value for; the 2013 value stays."""
    changed = {r.concerns.field: r for r in records
               if r.concerns.field and r.value and r.kind in ("changed", "new")}
    for b in blocks:
        for row in b.rows:
            if isinstance(row, Field) and row.path in changed:
                record = changed[row.path]
                was = next((i.value for i in row.items if isinstance(i, Flag)), None)
                if was != record.value:
                    row.since = since_text(record)


def citations(records: list[Any]) -> list[str]:
    """Each newer source cited on its own, apart from the toolkit, once (a page two records
    cite is one reference: the newest check)."""
    checked: dict[str, Any] = {}
    sources: dict[str, Any] = {}
    for r in records:
        for s in r.sources:
            sources.setdefault(s.url, s)
            checked[s.url] = max(checked.get(s.url, r.checked), r.checked)
    out = []
    for url, s in sources.items():
        date = f" ({s.date})" if s.date else ""
        out.append(f"{sentence(f'{s.publisher}{date}')} {sentence(s.title)} {url} (consulted "
                   f"{checked[url]}; since-2013 information in fiit, not from the toolkit).")
    return out


def sentence(text: str) -> str:
    """A piece of a reference ended as a sentence: a full stop unless it ends in one, or in
    a question or exclamation mark ("Qui sommes-nous?", not "Qui sommes-nous?.")."""
    text = text.rstrip()
    return text if text.endswith((".", "?", "!", "…")) else text + "."


def data(records: list[Any]) -> list[dict]:
    return [r.model_dump(mode="json") for r in records]


def _block(record: Any, country: str, on: datetime.date) -> Block:
    from fiit_cli.updates import LOCAL, freshness

    b = Block(record.title)
    b.add_texts("Country", country)
    b.add_texts("Concerns", concerns(record))
    b.add_texts("Kind", f"{record.kind} ({record.topic})")
    b.add_texts("Now", record.now)
    b.rows += details(record)
    for s in record.sources:
        date = f", {s.date}" if s.date else ""
        b.add("Source", Text(f"{s.title} ({s.publisher}{date})"), Link(s.url, s.url))
    b.add_texts("Checked", f"{record.checked} ({freshness(record, on).text})")
    if record.origin == LOCAL:
        b.add_texts("Layer", "local — your organisation's, not the toolkit's")
    return b


COLUMNS = ["id", "country", "concerns", "kind", "topic", "title", "now", "value", "checked",
           "freshness", "stale", "source", "origin"]


def listing(records: list[Any], names: dict[str, str], title: str, empty: str,
            on: datetime.date) -> Document:
    """`fiit updates` / `fiit stale`: the records, one block each; no 2013 data-age line."""
    from fiit_cli.updates import concerns_text, freshness

    blocks = [_block(r, names.get(r.country, r.country), on) for r in records]
    rows = []
    for r in records:
        fresh = freshness(r, on)
        values = [r.id, names.get(r.country, r.country), concerns_text(r), r.kind, r.topic,
                  r.title, r.now, r.value or "", r.checked, fresh.text,
                  "yes" if fresh.stale else "no", " ".join(s.url for s in r.sources), r.origin]
        rows.append([[Text(v)] for v in values])
    parts: list = [Section(title, blocks)] if blocks else [Para(empty)]
    return Document(parts, data(records), rows=Table(COLUMNS, rows),
                    sources=[ABOUT] if blocks else [], age=False,
                    citation="\n".join([f"{title}. {ABOUT}", *citations(records)]))
