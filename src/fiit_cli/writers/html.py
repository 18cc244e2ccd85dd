"""html: a standalone page made for printing (or reading offline).

Semantic HTML from the node types alone: sections with headings, label/value tables, lists.
One inline style sheet with print rules (A4, compact type, no row split across pages); no
JavaScript, no external file, no web font: the page opens offline and prints as it is. Every
piece of data goes through :func:`html.escape`.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from fiit_cli.doc import (
    Choice,
    Comparison,
    Entity,
    Field,
    Flag,
    Link,
    Mark,
    Para,
    Phone,
    Section,
    Span,
    Table,
    Text,
    Update,
)
from fiit_cli.vocab import (
    MARK_DIFFERS,
    NOTES_HEADING,
    SINCE_HEADING,
    WORDS,
    label,
)
from fiit_cli.writers import footer
from fiit_cli.writers.text import literal, phone_text, update_marks

if TYPE_CHECKING:
    from fiit_cli.doc import Cell, Document
    from fiit_cli.settings import Env

CSS = """\
@page { size: A4; margin: 6mm 7mm 7mm 7mm; }
:root { color-scheme: light; }
body { font: 9.5pt/1.1 "DejaVu Sans Condensed", "Liberation Sans Narrow", "Arial Narrow",
       "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #111;
       margin: 0 auto; max-width: 194mm; padding: 0; }
h1 { font-size: 12pt; margin: 0 0 1mm; }
h2 { font-size: 11pt; margin: 1.2mm 0 .3mm; border-bottom: 1px solid #888; }
h3 { font-size: 10pt; margin: 1mm 0 .3mm; }
p { margin: .5mm 0; }
table { border-collapse: collapse; width: 100%; margin: 0; }
th, td { text-align: left; vertical-align: top; padding: .2mm 1mm;
         border-bottom: 1px solid #ddd; }
table.fields > tbody > tr > th { width: 23%; font-weight: bold; }
thead th { border-bottom: 1px solid #555; }
tr { orphans: 2; widows: 2; }
h2, h3 { break-after: avoid; page-break-after: avoid; }
ul { margin: 0; padding-left: 4mm; }
dl { margin: 0; }
dt { display: inline; font-style: italic; }
dt::after { content: ": "; }
dd { display: inline; margin: 0; }
dd::after { content: ""; display: block; }
.no { color: #a00; font-weight: bold; }
.not-stated { color: #555; font-style: italic; }
.partly { color: #7a4b00; font-weight: bold; }
.source, .age, .legend { color: #444; }
aside.notes { color: #444; }
aside.update { border-left: 2px solid #805; padding-left: 2mm; margin: .3mm 0; }
aside.update p { margin: 0; }
mark { background: #ffeb80; }
a { color: inherit; text-decoration: none; overflow-wrap: normal; word-break: normal; }
a .u { white-space: nowrap; }
footer { margin-top: 2mm; border-top: 1px solid #888; }
@media screen { body { max-width: 190mm; padding: 4mm; }
                a { color: #0645ad; text-decoration: underline; } }
"""


def _e(text: str) -> str:
    return escape(literal(text))


def inline(item: Any) -> str:
    if isinstance(item, Text):
        return _e(item.text)
    if isinstance(item, Flag):
        word = WORDS.get(item.value)
        css = item.value.replace(" ", "-") if word and item.value != "yes" else ""
        head = f'<span class="{css}">{_e(label(item.value))}</span>' if css \
            else _e(label(item.value))
        return head + (f" — {_e(item.condition)}" if item.condition else "")
    if isinstance(item, Phone):
        text = _e(phone_text(item))
        return f'<a href="tel:{_e(item.e164)}">{text}</a>' if item.e164 else text
    if isinstance(item, Link):
        return f'<a href="{_e(item.target)}">{url_text(item.text)}</a>'
    if isinstance(item, Span):
        return "".join(f"<mark>{_e(p.text)}</mark>" if isinstance(p, Mark) else _e(p.text)
                       for p in item.parts)
    if isinstance(item, Choice):
        return f"{_e(item.label)}: " + "; ".join(inline(i) for i in item.items)
    if isinstance(item, Entity):
        return f"<strong>{_e(item.name)}</strong>" + _dl(item.fields)
    raise TypeError(f"not an inline item: {item!r}")


def url_text(text: str) -> str:
    """A link's text, escaped; an address (no spaces) breaks only after / ? & = : each
    piece between them stays whole (a hyphen or a dot inside never breaks it)."""
    import re

    if not text or any(ch.isspace() for ch in text):
        return _e(text)
    parts = re.split(r"(?<=[/?&=])", literal(text))
    return "<wbr>".join(f'<span class="u">{escape(p)}</span>' for p in parts if p)


def value(items: list, empty: str = "not stated") -> str:
    if not items:
        word = WORDS.get(empty)
        return f'<span class="not-stated">{_e(word.label)}</span>' if word and word.label \
            else ""
    if len(items) == 1 and not isinstance(items[0], Choice):
        return inline(items[0])
    out = []
    for i in items:
        if isinstance(i, Choice):
            out.append(f"<li>{_e(i.label)}:<ul>"
                       + "".join(f"<li>{inline(x)}</li>" for x in i.items) + "</ul></li>")
        else:
            out.append(f"<li>{inline(i)}</li>")
    return "<ul>" + "".join(out) + "</ul>"


def _dl(fields: list[Field]) -> str:
    if not fields:
        return ""
    return "<dl>" + "".join(f"<dt>{_e(f.label)}</dt><dd>{_inline_value(f)}</dd>"
                            for f in fields) + "</dl>"


def _inline_value(f: Field) -> str:
    """An entity's field on one line where it can be (items joined by '; '): print is short."""
    if f.items and not any(isinstance(i, (Choice, Entity)) for i in f.items):
        return "; ".join(inline(i) for i in f.items)
    return value(f.items, f.empty)


def _rows(rows: list) -> str:
    out = []
    for r in rows:
        if isinstance(r, Entity):
            out.append(f"<tr><th scope=\"row\">{_e(r.name)}</th><td>{_dl(r.fields)}</td></tr>")
        else:
            out.append(f"<tr><th scope=\"row\">{_e(r.label)}</th>"
                       f"<td>{value(r.items, r.empty)}</td></tr>")
    return '<table class="fields"><tbody>' + "".join(out) + "</tbody></table>"


def _update(u: Update) -> str:
    local = update_marks(u)
    concerns = f" · concerns: {_e(u.concerns)}" if u.concerns else ""
    head = (f"<strong>{_e(SINCE_HEADING)}</strong> · {_e(u.kind)} · checked "
            f"{_e(u.checked)}{_e(local)}{concerns} — <strong>{_e(u.title)}</strong>: "
            f"{_e(u.now)}")
    sources = '<span class="source">Source: ' + " · ".join(inline(s) for s in u.sources) \
        + "</span>"
    extra = [f"<em>{_e(f.label)}</em>: {_inline_value(f)}" for f in u.items]
    extra += [_e(u.stale)] if u.stale else []
    return '<aside class="update"><p>' + " · ".join([head, *extra, sources]) + "</p></aside>"


def _section(s: Section, facts_only: bool, level: int) -> str:
    out = ["<section>"]
    if s.title:
        out.append(f"<h{level}>{_e(s.title)}</h{level}>")
    for b in s.blocks:
        if b.title:
            out.append(f"<h{level + 1}>{_e(b.title)}</h{level + 1}>")
        if b.rows:
            out.append(_rows(b.rows))
    out += [_update(u) for u in s.updates]
    if s.notes and not facts_only:
        notes = [f"Print note: printed “{n.printed}” — {n.text}" if n.kind == "print"
                 else n.text for n in s.notes]
        out.append(f'<aside class="notes"><p>{_e(NOTES_HEADING)}</p><ul>'
                   + "".join(f"<li>{_e(n)}</li>" for n in notes) + "</ul></aside>")
    if s.source:
        out.append(f'<p class="source">{_e(s.source)}</p>')
    out.append("</section>")
    return "\n".join(out)


def _table(t: Table) -> str:
    out = ["<table>"]
    if t.title:
        out.append(f"<caption>{_e(t.title)}</caption>")
    out.append("<thead><tr>" + "".join(f'<th scope="col">{_e(c)}</th>' for c in t.columns)
               + "</tr></thead><tbody>")
    out += ["<tr>" + "".join(f"<td>{value(c, '')}</td>" for c in row) + "</tr>"
            for row in t.rows]
    out.append("</tbody></table>")
    return "\n".join(out)


def _cell(c: Cell) -> str:
    if c.kind != "value":
        word = WORDS[c.kind]
        return f'<span class="{c.kind.replace(" ", "-")}">{_e(word.symbol)}</span>'
    changed = f"<br><em>since 2013: {_e(c.changed)}</em>" if c.changed else ""
    return value(c.items) + changed


def _comparison(c: Comparison) -> str:
    out = [f"<h2>{_e(c.heading)}</h2><table><thead><tr><th></th>"
           + "".join(f'<th scope="col">{_e(n)}</th>' for n in c.names) + "</tr></thead><tbody>"]
    for r in c.rows:
        name = f"{r.group} › {r.label}" if r.group else r.label
        mark = f"{MARK_DIFFERS} " if r.differs else ""
        out.append(f'<tr><th scope="row">{_e(mark + name)}</th>'
                   + "".join(f"<td>{_cell(x)}</td>" for x in r.cells) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def title_of(doc: Document) -> str:
    for part in doc.parts:
        if isinstance(part, Section) and part.title:
            return part.title
        if isinstance(part, Table) and part.title:
            return part.title
        if isinstance(part, Comparison):
            return part.heading
    return "fiit"


def page(doc: Document, facts_only: bool = False) -> str:
    """The whole page as one string."""
    title = title_of(doc)
    body: list[str] = []
    lead = doc.parts[0] if doc.parts else None
    if isinstance(lead, Para):  # a document that opens with a sentence: that is its title
        title = lead.text.split(". ")[0]
    body.append(f"<h1>{_e(title)}</h1>")
    for n, part in enumerate(doc.parts):
        if isinstance(part, Section):
            body.append(_section(part, facts_only, 2))
        elif isinstance(part, Table):
            body.append(_table(part))
        elif isinstance(part, Para):
            text = part.text
            if n == 0:  # its first sentence is the title (h1): the rest, once
                text = text.split(". ", 1)[1] if ". " in text else ""
                if not text:
                    continue
            body.append(f"<p>{_e(text)}</p>")
        else:
            body.append(_comparison(part))
    foot = "".join(f'<p class="source">{_e(line)}</p>' for line in footer(doc))
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<meta name=\"generator\" content=\"fiit\">\n"
            f"<title>{_e(title)}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n<main>\n"
            + "\n".join(body) + f"\n</main>\n<footer>{foot}</footer>\n</body>\n</html>\n")


def write(doc: Document, env: Env) -> None:
    env.out.write(page(doc, env.facts_only))
