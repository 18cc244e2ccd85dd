"""Newer information (since 2013) as document nodes: beside the toolkit's facts, never in them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fiit_cli.doc import Block, Document, Field, Link, Para, Section, Table, Text, Update
from fiit_cli.views.common import email, web

if TYPE_CHECKING:
    import datetime

ABOUT = ("Since 2013: newer information beside the toolkit, each record from the public page "
         "cited and checked on the date shown; the toolkit's own records are unchanged.")


def node(record: Any, on: datetime.date) -> Update:
    """One record as an :class:`Update` node: what holds now, its sources, its freshness."""
    from fiit_cli.updates import LOCAL, concerns_text, freshness

    fresh = freshness(record, on)
    items = []
    if record.value:
        items.append(Field("Value now", [Text(record.value)]))
    if record.phones:
        items.append(Field("Tel", [Text(p) for p in record.phones]))
    if record.emails:
        items.append(Field("Email", [email(e) for e in record.emails]))
    if record.websites:
        items.append(Field("Web", [web(w) for w in record.websites]))
    return Update(title=record.title, kind=record.kind, now=record.now, checked=record.checked,
                  sources=tuple(Link(s.url, s.url) for s in record.sources),
                  concerns=concerns_text(record), local=record.origin == LOCAL,
                  stale=fresh.text if fresh.stale else None, items=tuple(items))


def citations(records: list[Any]) -> list[str]:
    """Each newer source cited on its own, apart from the toolkit."""
    out = []
    for r in records:
        for s in r.sources:
            date = f" ({s.date})" if s.date else ""
            out.append(f"{s.publisher}{date}. {s.title}. {s.url} (consulted {r.checked}; "
                       f"since-2013 information in fiit, not from the toolkit).")
    return out


def data(records: list[Any]) -> list[dict]:
    return [r.model_dump(mode="json") for r in records]


def _block(record: Any, country: str, on: datetime.date) -> Block:
    from fiit_cli.updates import LOCAL, concerns_text, freshness, source_text

    b = Block(record.title)
    b.add_texts("Country", country)
    b.add_texts("Concerns", concerns_text(record))
    b.add_texts("Kind", f"{record.kind} ({record.topic})")
    b.add_texts("Now", record.now)
    if record.value:
        b.add_texts("Value now", record.value)
    if record.phones:
        b.add_texts("Tel", record.phones)
    if record.emails:
        b.add("Email", *(email(e) for e in record.emails))
    if record.websites:
        b.add("Web", *(web(w) for w in record.websites))
    b.add_texts("Source", [source_text(s) for s in record.sources])
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
