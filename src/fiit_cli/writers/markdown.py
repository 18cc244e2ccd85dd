"""markdown: GitHub tables to paste into a report."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fiit_cli.doc import Choice, Comparison, Entity, Field, Link, Para, Section, Table
from fiit_cli.vocab import MARK_DIFFERS, NOTES_HEADING, SINCE_HEADING, WORDS
from fiit_cli.writers import footer
from fiit_cli.writers.text import inline, literal

if TYPE_CHECKING:
    from fiit_cli.doc import Cell, Document, Update
    from fiit_cli.settings import Env


def md(text: str) -> str:
    """A table cell: pipes escaped, line breaks as <br>."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")


def _item(item: object) -> str:
    if isinstance(item, Link):
        return f"<{item.target}>" if item.target.startswith("http") else item.text
    if isinstance(item, Choice):
        return f"{item.label}:\n" + "\n".join(f"• {inline(i)}" for i in item.items)
    if isinstance(item, Entity):
        return "\n".join([f"**{item.name}**", *(_field_line(f) for f in item.fields)])
    return inline(item)


def _field_line(f: Field) -> str:
    return f"{f.label}: " + "; ".join(_item(i) for i in f.items)


def _value(items: list, empty: str = "not stated") -> str:
    if not items:
        return WORDS[empty].label if empty else ""
    if len(items) == 1:
        return _item(items[0])
    return "\n".join(f"• {_item(i)}" if not isinstance(i, (Choice, Entity)) else _item(i)
                     for i in items)


def _section(s: Section, facts_only: bool) -> list[str]:
    out = [f"## {s.title}", ""] if s.title else []
    for b in s.blocks:
        if b.title:
            out += [f"### {b.title}", ""]
        out += ["| | |", "|---|---|"]
        for row in b.rows:
            if isinstance(row, Entity):
                out.append(f"| **{md(row.name)}** | "
                           f"{md(chr(10).join(_field_line(f) for f in row.fields))} |")
            else:
                since = f"\n_since 2013: {row.since}_" if row.since else ""
                out.append(f"| **{md(row.label)}** | {md(_value(row.items, row.empty) + since)} |")
        out.append("")
    for u in s.updates:
        out += _update(u)
    if s.notes and not facts_only:
        out += [f"#### {NOTES_HEADING}", ""]
        out += [f"- Print note: printed “{n.printed}” — {n.text}" if n.kind == "print"
                else f"- {n.text}" for n in s.notes]
        out.append("")
    if s.source:  # the page to cite, as in every other format
        out += [f"_{md(s.source)}_", ""]
    return out


def _update(u: Update) -> list[str]:
    local = " · local — your organisation's, not the toolkit's" if u.local else ""
    local += f" · {u.level}" if u.level else ""
    out = [f"> **{SINCE_HEADING}** · {u.kind} · checked {u.checked}{local}  ",
           f"> **{u.title}**: {u.now}  "]
    if u.concerns:
        out.append(f"> Concerns: {u.concerns}  ")
    out += [f"> {_field_line(f)}  " for f in u.items]
    if u.stale:
        out.append(f"> {u.stale}  ")
    out += [f"> Source: <{s.target}>  " for s in u.sources]
    return out + [""]


def _cell(c: Cell) -> str:
    text = WORDS[c.kind].symbol if c.kind != "value" else _value(c.items)
    return text + (f"\n(since 2013: {c.changed})" if c.changed else "")


def _comparison(c: Comparison) -> list[str]:
    out = [f"### {c.heading}", "", "| | " + " | ".join(md(n) for n in c.names) + " |",
           "|---|" + "---|" * len(c.names)]
    for r in c.rows:
        name = f"{r.group} › {r.label}" if r.group else r.label
        if r.differs:
            name = f"{MARK_DIFFERS} {name}"
        out.append(f"| {md(name)} | " + " | ".join(md(_cell(x)) for x in r.cells) + " |")
    return out + [""]


def _table(t: Table) -> list[str]:
    out = [f"### {t.title}", ""] if t.title else []
    out.append("| " + " | ".join(md(c) for c in t.columns) + " |")
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
            out += [part.text, ""]
        else:
            out += _comparison(part)
    out += [f"_{md(line)}_  " for line in footer(doc)]
    env.out.write(literal("\n".join(out).rstrip() + "\n"))
