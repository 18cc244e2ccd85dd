"""Newer information (since 2013) as document nodes: beside the toolkit's facts, never in them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fiit_cli.doc import (
    Block,
    Document,
    Field,
    Flag,
    Link,
    Para,
    Phone,
    Section,
    Table,
    Text,
    Update,
)
from fiit_cli.views.common import email, web

if TYPE_CHECKING:
    import datetime

EU_LEVEL = "EU-level: an EU rule for the member states, not this country's own record"

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
    from fiit_cli.updates import LOCAL, freshness, is_confidential

    fresh = freshness(record, on)
    items = details(record)
    return Update(title=record.title, kind=record.kind, now=record.now, checked=record.checked,
                  sources=tuple(Link(s.url, s.url) for s in record.sources),
                  concerns=concerns(record), local=record.origin == LOCAL,
                  confidential=is_confidential(record),
                  stale=fresh.text if fresh.stale else None, items=tuple(items),
                  level=EU_LEVEL if record.applies_to else None)


def details(record: Any) -> list[Field]:
    """What a record gives beside its text: the value now, phones, emails, web addresses."""
    out = []
    if record.value:
        out.append(Field("Value now", [Text(record.value)]))
    if record.phones:
        out.append(Field("Tel", [Phone(p) for p in record.phones]))  # never broken inside
    if record.emails:
        out.append(Field("Email", [email(e) for e in record.emails]))
    if record.websites:
        out.append(Field("Web", [web(w) for w in record.websites]))
    return out


def since_text(record: Any) -> str:
    """What a record (or its :class:`fiit_cli.answers.Status`) says holds now, in brief, for
    the fact it changes; a local record says so."""
    from fiit_cli.answers import local_note

    return (f"{record.value} ({record.kind}; checked {record.checked}{local_note(record)})"
            " — see below")


def mark_changes(blocks: list[Block], records: list[Any], country: str) -> None:
    """Mark each fact a since-2013 record gives a new value for; the 2013 value stays. The
    record is the one :func:`fiit_cli.answers.status` picks, as in compare and overview."""
    from fiit_cli.answers import changed_value

    for b in blocks:
        for row in b.rows:
            if isinstance(row, Field) and row.path:
                was = next((i.value for i in row.items if isinstance(i, Flag)), None)
                st = changed_value(records, country, row.path, was)
                if st is not None:
                    row.since = since_text(st)


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


def _block(record: Any, country: str, on: datetime.date, names: dict[str, str]) -> Block:
    from fiit_cli.updates import LOCAL, freshness, is_confidential
    from fiit_cli.vocab import CONFIDENTIAL_MARK

    b = Block(record.title)
    b.add_texts("Country", country)
    b.add_texts("Concerns", concerns(record))
    if record.applies_to:
        b.add_texts("Applies to", f"{', '.join(names.get(c, c) for c in record.applies_to)} "
                    "(EU-level)")
    b.add_texts("Kind", f"{record.kind} ({record.topic})")
    b.add_texts("Now", record.now)
    b.rows += details(record)
    for s in record.sources:
        date = f", {s.date}" if s.date else ""
        b.add("Source", Text(f"{s.title} ({s.publisher}{date})"), Link(s.url, s.url))
    b.add_texts("Checked", f"{record.checked} ({freshness(record, on).text})")
    if record.origin == LOCAL:
        b.add_texts("Layer", "local — your organisation's, not the toolkit's")
    if is_confidential(record):
        b.add_texts("Confidential", f"{CONFIDENTIAL_MARK}: left out of exports, printed "
                    "briefs and vCards unless --include-confidential")
    return b


COLUMNS = ["id", "country", "concerns", "kind", "topic", "title", "now", "value", "checked",
           "freshness", "stale", "source", "origin", "applies_to"]


def listing(records: list[Any], names: dict[str, str], title: str, empty: str,
            on: datetime.date) -> Document:
    """`fiit updates` / `fiit stale`: the records, one block each; no 2013 data-age line."""
    from fiit_cli.updates import concerns_text, freshness

    blocks = [_block(r, names.get(r.country, r.country), on, names) for r in records]
    rows = []
    for r in records:
        fresh = freshness(r, on)
        values = [r.id, names.get(r.country, r.country), concerns_text(r), r.kind, r.topic,
                  r.title, r.now, r.value or "", r.checked, fresh.text,
                  "yes" if fresh.stale else "no", " ".join(s.url for s in r.sources), r.origin,
                  " ".join(r.applies_to or ())]
        rows.append([[Text(v)] for v in values])
    parts: list = [Section(title, blocks)] if blocks else [Para(empty)]
    return Document(parts, data(records), rows=Table(COLUMNS, rows),
                    sources=[ABOUT] if blocks else [], age=False,
                    citation="\n".join([f"{title}. {ABOUT}", *citations(records)]))


# ---------------------------------------------------------------- coverage

COVERAGE_LEGEND = ("Coverage of the since-2013 records. A cell: N · DATE = N records of the "
                   "country, the newest checked on DATE; + EU = EU-level records that apply "
                   "to that section too (applies_to); searched DATE, nothing found = a search "
                   "that found nothing current (data/searches); 2013 only = the toolkit alone.")
COVERAGE_COLUMNS = ["kind", "country", "section", "hotline", "records", "eu_records",
                    "newest_checked", "searched", "status"]


def cell_text(cell: dict) -> str:
    """One cell of the grid: '3 · 2026-11-29', '1 + EU · 2026-12-07', 'EU · 2026-12-07',
    'searched 2026-12-07, nothing found' or '2013 only'."""
    if cell["status"] == "records":
        count = [str(cell["records"])] if cell["records"] else []
        if cell["eu_records"]:
            count.append("EU")
        return f"{' + '.join(count)} · {cell['newest_checked']}"
    if cell["status"] == "searched":
        return f"searched {cell['searched']}, nothing found"
    return "2013 only"


def annex_text(state: dict) -> str:
    """Whether a current source was found for an annex state's hotlines, in a few words."""
    lines = state["hotlines"]
    sourced = [h for h in lines if h["records"]]
    if state["current_source"] == "yes":
        text = f"yes · {max(h['newest_checked'] for h in sourced)}"
    elif state["current_source"] == "partly":
        text = (f"for {len(sourced)} of {len(lines)} hotlines · "
                f"{max(h['newest_checked'] for h in sourced)}")
    else:
        text = "no"
    if state["searched"] and state["current_source"] != "yes":
        text += f"; searched {state['searched']}, nothing found"
    if state["other_records"]:
        n = state["other_records"]
        text += f" ({n} other record{'s' if n != 1 else ''})"
    return text


def coverage_document(cov: dict, names: list[tuple[str, str]]) -> Document:
    """`fiit updates --coverage`: a section × country grid of the five profiles, then one row
    per annex state; json/yaml give ``cov`` as it stands, csv one row per cell and hotline."""
    from fiit_cli.lookup import SECTIONS

    heading = {s.slug: s.heading for s in SECTIONS}
    parts: list = []
    cells = {(c["country"], c["section"]): c for c in cov["sections"]}
    shown = [(cid, name) for cid, name in names if any(k[0] == cid for k in cells)]
    if shown:
        rows = []
        for slug in dict.fromkeys(c["section"] for c in cov["sections"]):
            rows.append([[Text(heading.get(slug, slug))]]
                        + [[Text(cell_text(cells[(cid, slug)]))] for cid, _ in shown])
        parts.append(Table(["Section", *(name for _, name in shown)], rows,
                           title="Since 2013: the five profiles, section by section"))
    if cov["annex"]:
        rows = [[[Text(s["name"])], [Text(h["service"]) for h in s["hotlines"]],
                 [Text(annex_text(s))]] for s in cov["annex"]]
        parts.append(Table(["Annex state", "Hotlines", "Current source"], rows,
                           title="Since 2013: the hotline annex, state by state"))
    if not parts:
        parts.append(Para("Nothing to show."))
    flat = []
    for c in cov["sections"]:
        flat.append(["section", c["country"], c["section"], "", str(c["records"]),
                     str(c["eu_records"]), c["newest_checked"] or "", c["searched"] or "",
                     c["status"]])
    for s in cov["annex"]:
        for h in s["hotlines"]:
            status = ("records" if h["records"] else "searched" if s["searched"]
                      else "no current source")
            flat.append(["hotline", s["country"], "contacts", h["service"], str(h["records"]),
                         "0", h["newest_checked"] or "", s["searched"] or "", status])
    return Document(parts, cov, rows=Table(COVERAGE_COLUMNS, [[[Text(v)] for v in r]
                                                                for r in flat]),
                    legend=COVERAGE_LEGEND, sources=[ABOUT], age=False,
                    citation=f"Since 2013: coverage. {ABOUT}")
