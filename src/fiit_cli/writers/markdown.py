"""markdown: GitHub tables to paste into a report.

Data is text, never markup: in every string from the data, ``& < >`` become entities and
``\\ [ ] ` * _`` are backslash-escaped, so raw HTML (``<script>``, ``<img onerror>``) and
markdown links or images written into a record show as the characters they are. A link is
made only for an ``http(s)`` address with nothing odd in it; any other target
(``javascript:``, ``data:``, …) is shown as text.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from fiit_cli.doc import Choice, Comparison, Entity, Field, Link, Para, Section, Table
from fiit_cli.vocab import MARK_DIFFERS, NOTES_HEADING, SINCE_HEADING, WORDS
from fiit_cli.writers import footer
from fiit_cli.writers.text import inline, literal, update_marks

if TYPE_CHECKING:
    from fiit_cli.doc import Cell, Document, Update
    from fiit_cli.settings import Env


_MARKUP = re.compile(r"[\\`*_\[\]&<>]")
_ENTITY = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_WEB = re.compile(r"https?://[^\s<>\"'`\\\x00-\x1f\x7f-\x9f]+", re.IGNORECASE)


def esc(text: str) -> str:
    """Data as markdown text: no HTML, no link or emphasis of its own."""
    return _MARKUP.sub(lambda m: _ENTITY.get(m.group(), "\\" + m.group()), text)


def md(text: str) -> str:
    """A table cell: pipes escaped, line breaks as <br>."""
    return text.replace("|", "\\|").replace("\n", "<br>")


def link(target: str, text: str) -> str:
    """An autolink for a plain web address; anything else as escaped text."""
    return f"<{target}>" if _WEB.fullmatch(target) else esc(text)


def _item(item: object) -> str:
    if isinstance(item, Link):
        return link(item.target, item.text)
    if isinstance(item, Choice):
        return f"{esc(item.label)}:\n" + "\n".join(f"• {esc(inline(i))}" for i in item.items)
    if isinstance(item, Entity):
        return "\n".join([f"**{esc(item.name)}**", *(_field_line(f) for f in item.fields)])
    return esc(inline(item))


def _field_line(f: Field) -> str:
    return f"{esc(f.label)}: " + "; ".join(_item(i) for i in f.items)


def _value(items: list, empty: str = "not stated") -> str:
    if not items:
        return WORDS[empty].label if empty else ""
    if len(items) == 1:
        return _item(items[0])
    return "\n".join(f"• {_item(i)}" if not isinstance(i, (Choice, Entity)) else _item(i)
                     for i in items)


def _section(s: Section, facts_only: bool) -> list[str]:
    out = [f"## {esc(s.title)}", ""] if s.title else []
    for b in s.blocks:
        if b.title:
            out += [f"### {esc(b.title)}", ""]
        out += ["| | |", "|---|---|"]
        for row in b.rows:
            if isinstance(row, Entity):
                out.append(f"| **{md(esc(row.name))}** | "
                           f"{md(chr(10).join(_field_line(f) for f in row.fields))} |")
            else:
                since = f"\n_since 2013: {esc(row.since)}_" if row.since else ""
                out.append(f"| **{md(esc(row.label))}** | "
                           f"{md(_value(row.items, row.empty) + since)} |")
        out.append("")
    for u in s.updates:
        out += _update(u)
    if s.notes and not facts_only:
        out += [f"#### {NOTES_HEADING}", ""]
        out += [f"- Print note: printed “{esc(n.printed)}” — {esc(n.text)}"
                if n.kind == "print" else f"- {esc(n.text)}" for n in s.notes]
        out.append("")
    if s.source:  # the page to cite, as in every other format
        out += [f"_{md(esc(s.source))}_", ""]
    return out


def _update(u: Update) -> list[str]:
    local = esc(update_marks(u))
    out = [f"> **{SINCE_HEADING}** · {esc(u.kind)} · checked {esc(u.checked)}{local}  ",
           f"> **{esc(u.title)}**: {_quoted(u.now)}  "]
    if u.concerns:
        out.append(f"> Concerns: {_quoted(u.concerns)}  ")
    out += [f"> {_quoted(_field_line(f), escaped=True)}  " for f in u.items]
    if u.stale:
        out.append(f"> {esc(u.stale)}  ")
    out += [f"> Source: {link(s.target, s.text)}  " for s in u.sources]
    return out + [""]


def _quoted(text: str, escaped: bool = False) -> str:
    """Text inside a block quote: every line stays in the quote."""
    return (text if escaped else esc(text)).replace("\n", "  \n> ")


def _cell(c: Cell) -> str:
    text = WORDS[c.kind].symbol if c.kind != "value" else _value(c.items)
    return text + (f"\n(since 2013: {esc(c.changed)})" if c.changed else "")


def _comparison(c: Comparison) -> list[str]:
    out = [f"### {esc(c.heading)}", "",
           "| | " + " | ".join(md(esc(n)) for n in c.names) + " |",
           "|---|" + "---|" * len(c.names)]
    for r in c.rows:
        name = f"{r.group} › {r.label}" if r.group else r.label
        if r.differs:
            name = f"{MARK_DIFFERS} {name}"
        out.append(f"| {md(esc(name))} | " + " | ".join(md(_cell(x)) for x in r.cells) + " |")
    return out + [""]


def _table(t: Table) -> list[str]:
    out = [f"### {esc(t.title)}", ""] if t.title else []
    out.append("| " + " | ".join(md(esc(c)) for c in t.columns) + " |")
    out.append("|" + "---|" * len(t.columns))
    out += ["| " + " | ".join(md(_value(v, "")) for v in row) + " |" for row in t.rows]
    return out + [""]


def write(doc: Document, env: Env) -> None:
    out: list[str] = []
    for part in doc.parts:
        if isinstance(part, Section):
            out += _section(part, env.facts_only)
        elif isinstance(part, Table):
            out += _table(part)
        elif isinstance(part, Para):
            out += [esc(part.text), ""]
        else:
            out += _comparison(part)
    out += [f"_{md(esc(line))}_  " for line in footer(doc)]
    env.out.write(literal("\n".join(out).rstrip() + "\n"))
