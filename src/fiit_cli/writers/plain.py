"""plain: one fact per line, no box drawing — for screen readers, grep and pipes.

A heading stands on its own line and the facts under it say only their label, so no line
repeats a long location. Either/or groups keep their label ("Conditions › Or: …"). A section
ends with its source line (the page to cite). What is said of the whole output (its overall
source, the data-age line, a legend) goes to stderr, so that ``fiit countries | wc -l`` counts
countries and a pipe gets only the data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from fiit_cli.doc import Choice, Comparison, Entity, Field, Para, Section, Table, Update
from fiit_cli.vocab import NOTES_HEADING, SINCE_HEADING, WORDS
from fiit_cli.writers import footer
from fiit_cli.writers.text import inline, literal, update_marks

if TYPE_CHECKING:
    from fiit_cli.doc import Document
    from fiit_cli.settings import Env


def field_lines(f: Field, prefix: str = "") -> list[str]:
    label = f"{prefix}{f.label}"
    since = [f"{label} › since 2013: {f.since}"] if f.since else []
    if not f.items:
        return ([f"{label}: {WORDS[f.empty].label}"] if f.empty else []) + since
    out = []
    for item in f.items:
        if isinstance(item, Choice):  # each group once, its items together (V-1)
            if len(item.items) > 1:
                out.append(f"{label} › {item.label}, all of: "
                           + "; ".join(inline(i) for i in item.items))
            else:
                out += [f"{label} › {item.label}: {inline(i)}" for i in item.items]
        else:
            out.append(f"{label}: {inline(item)}")
    return out + since


def entity_lines(e: Entity) -> list[str]:
    return [e.name] + [line for f in e.fields for line in field_lines(f)]


def update_lines(u: Update) -> list[str]:
    head = f"{SINCE_HEADING} · {u.kind} · checked {u.checked}{update_marks(u)}"
    out = [head, f"{u.title}: {u.now}"]
    if u.concerns:
        out.append(f"Concerns: {u.concerns}")
    for f in u.items:
        out += field_lines(f)
    if u.stale:
        out.append(u.stale)
    out += [f"Source: {s.text}" for s in u.sources]
    return out


def section_lines(s: Section, facts_only: bool) -> list[str]:
    out: list[str] = [s.title] if s.title else []
    for b in s.blocks:
        if out:
            out.append("")
        if b.title:
            out.append(b.title)
        for row in b.rows:
            out += entity_lines(row) if isinstance(row, Entity) else field_lines(row)
    for u in s.updates:
        out += ["", *update_lines(u)]
    if s.notes and not facts_only:
        out += ["", NOTES_HEADING]
        for n in s.notes:
            out.append(f"Print note: printed “{n.printed}” — {n.text}" if n.kind == "print"
                       else f"Remark: {n.text}")
    if s.source:  # the page to cite belongs with the section's facts
        out.append(s.source)
    return out


def table_lines(t: Table) -> list[str]:
    out = [t.title] if t.title else []
    for row in t.rows:
        out.append("; ".join(f"{c}: {'; '.join(inline(i) for i in v)}"
                             for c, v in zip(t.columns, row) if v and any(_has(i) for i in v)))
    return out


def _has(item: object) -> bool:
    return bool(inline(item)) if not isinstance(item, Entity) else True


def _cell(c) -> str:
    if c.kind != "value":
        return WORDS[c.kind].label
    return "; ".join(inline(i) if not isinstance(i, Entity) else
                     "; ".join(entity_lines(i)) for i in c.items)


def comparison_lines(c: Comparison) -> list[str]:
    out = [c.heading]
    group = None
    for r in c.rows:
        if r.group != group and r.group:
            out += ["", r.group]
        group = r.group
        mark = " (differs)" if r.differs else ""
        for name, cell in zip(c.names, r.cells):
            text = _cell(cell)
            if cell.changed:
                text += f" (since 2013: {cell.changed})"
            if text or cell.kind != "empty":
                out.append(f"{r.label}{mark} › {name}: {text}")
    return out


def lines(doc: Document, facts_only: bool = False) -> list[str]:
    out: list[str] = []
    for part in doc.parts:
        if out:
            out.append("")
        if isinstance(part, Section):
            out += section_lines(part, facts_only)
        elif isinstance(part, Table):
            out += table_lines(part)
        elif isinstance(part, Para):
            out.append(part.text)
        else:
            out += comparison_lines(part)
    return out


def write(doc: Document, env: Env) -> None:
    body = lines(doc, env.facts_only)
    if body:
        env.out.write(literal("\n".join(body)) + "\n")
    env.out.flush()
    for line in footer(doc):
        env.err.write(literal(line) + "\n")
