"""table: Rich tables and panels, the default on a terminal.

Wide terminals get bordered label/value tables and countries side by side; narrow ones (or a
block whose web address would not fit its cell) get a stacked layout, label above value, so no
word is ever cut in the middle. A web address is never wrapped: it stands on its own line and
may run past the edge, so that a copied address works (terminals with hyperlinks link it).
Data always reaches Rich as :class:`rich.text.Text`, never as markup.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from fiit_cli.doc import (
    Block,
    Cell,
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
    raw,
)
from fiit_cli.vocab import MARK_DIFFERS, NOTES_HEADING, SINCE_HEADING, WORDS
from fiit_cli.writers import footer
from fiit_cli.writers.text import flag_text, inline, literal, update_marks

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.text import Text as RichText

    from fiit_cli.doc import Document
    from fiit_cli.settings import Env

NARROW = 60  # below this many columns, label/value tables stack


class Soft:
    """A line printed without wrapping or cropping (a web address)."""

    def __init__(self, text: RichText) -> None:
        self.text = text


# ---------------------------------------------------------------- inline items


def _link(target: str) -> Any:
    """A hyperlink's style; its target passes the sanitiser too (an escape code in it would
    end the link and start another, or set the window's title)."""
    from rich.style import Style

    return Style(link=literal(target))


def rich_inline(item: Any) -> RichText:
    from rich.text import Text as RText

    if isinstance(item, Text):
        return RText(literal(item.text))
    if isinstance(item, Flag):
        word = WORDS.get(item.value)
        t = RText(literal(flag_text(item)))
        if word and word.style:
            t.stylize(word.style, 0, len(word.label))
        return t
    if isinstance(item, Phone):
        t = RText(literal(inline(item)))
        dial = literal(item.intl) if item.intl and item.e164 else None
        if dial:
            start = t.plain.rfind(dial)
            t.stylize(_link(f"tel:{item.e164}"), start, start + len(dial))
        elif item.e164:
            t.stylize(_link(f"tel:{item.e164}"), 0, len(literal(item.printed)))
        return t
    if isinstance(item, Link):
        return RText(literal(item.text), style=_link(item.target))
    if isinstance(item, Span):
        t = RText()
        for p in item.parts:
            if isinstance(p, Mark):  # marked so it shows without colour too
                t.append(f"«{literal(p.text)}»", style="bold")
            else:
                t.append(literal(p.text))
        return t
    raise TypeError(f"not an inline item: {item!r}")


def _links(items: list) -> list[Link]:
    out: list[Link] = []
    for i in items:
        if isinstance(i, Link):
            out.append(i)
        elif isinstance(i, Choice):
            out += _links(list(i.items))
        elif isinstance(i, Entity):
            out += [x for f in i.fields for x in _links(f.items)]
    return out


def _longest_link(rows: list) -> int:
    links = [x for r in rows for x in _links([r] if isinstance(r, Entity) else r.items)]
    return max((len(x.text) for x in links), default=0)


# ---------------------------------------------------------------- cells (wide layout)


def _bullet(item: Any, indent: str = "") -> RenderableType:
    from rich.table import Table as Grid
    from rich.text import Text as RText

    grid = Grid.grid()
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row(RText(indent + "• "), rich_inline(item))
    return grid


def _hanging(label: str, items: list) -> RenderableType:
    """'Label: first item' with later items aligned under the first (a long label: above)."""
    from rich.console import Group
    from rich.table import Table as Grid
    from rich.text import Text as RText

    label = literal(label)
    if not items:  # an entity's field with nothing in it: the toolkit does not say
        items = [Text(WORDS["not stated"].label)]
    if any(isinstance(i, Choice) for i in items):  # either/or groups: one line each
        items = [Text(f"{i.label}: " + "; ".join(inline(x) for x in i.items))
                 if isinstance(i, Choice) else i for i in items]
    if len(label) > 22:
        return Group(RText(f"{label}:", overflow="fold"),
                     *(_line(rich_inline(i), 2) for i in items))
    grid = Grid.grid()
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for n, item in enumerate(items):
        grid.add_row(RText(f"{label}: " if n == 0 else " " * (len(label) + 2)),
                     rich_inline(item))
    return grid


def _value(items: list, empty: str = "not stated") -> RenderableType:
    from rich.console import Group
    from rich.text import Text as RText

    if not items:
        word = WORDS.get(empty)
        return RText(word.label if word else "", style=word.style if word else "")
    if len(items) == 1 and not isinstance(items[0], (Choice, Entity)):
        return rich_inline(items[0])
    parts: list[RenderableType] = []
    for item in items:
        if isinstance(item, Choice):
            parts.append(RText(f"{literal(item.label)}:"))
            parts += [_bullet(i, "  ") for i in item.items]
        elif isinstance(item, Entity):
            parts.append(RText(literal(item.name), style="bold"))
            parts += [_hanging(f.label, f.items) for f in item.fields]
        else:
            parts.append(_bullet(item))
    return Group(*parts)


def _entity_value(e: Entity) -> RenderableType:
    from rich.console import Group

    return Group(*(_hanging(f.label, f.items) for f in e.fields))


def _block_table(b: Block) -> RenderableType:
    from rich import box
    from rich.table import Table as RTable
    from rich.text import Text as RText

    table = RTable(
        title=RText(literal(b.title), style="bold") if b.title else None,
        title_justify="left", show_header=False, box=box.ROUNDED, expand=True,
        padding=(0, 1), show_lines=any(isinstance(r, Entity) for r in b.rows))
    table.add_column(ratio=1, min_width=10, max_width=26, overflow="fold", style="bold")
    table.add_column(ratio=3, overflow="fold")
    for row in b.rows:
        if isinstance(row, Entity):
            table.add_row(RText(literal(row.name)), _entity_value(row))
        else:
            table.add_row(RText(literal(row.label)), _since(_value(row.items, row.empty), row))
    return table


def _since(value: RenderableType, row: Field) -> RenderableType:
    """A fact that changed since 2013: the 2013 value, then what holds now, marked."""
    from rich.console import Group
    from rich.text import Text as RText

    if not row.since:
        return value
    return Group(value, RText(f"since 2013: {literal(row.since)}", style="magenta"))


def _value_width(width: int) -> int:
    """The value column's width in a label/value table at this terminal width (about)."""
    avail = width - 7  # three borders, two cells' padding
    return avail - max(avail // 4, 10)  # the label column's ratio (its max width may not hold)


# ---------------------------------------------------------------- stacked layout (narrow)


def _line(text: RenderableType, indent: int) -> RenderableType:
    from rich.padding import Padding

    return Padding(text, (0, 0, 0, indent), expand=False) if indent else text


def _stacked_items(items: list, indent: int, empty: str = "not stated") -> list:
    from rich.text import Text as RText

    out: list = []
    if not items:
        word = WORDS.get(empty)
        if word and word.label:
            out.append(_line(RText(word.label, style=word.style), indent))
        return out
    for item in items:
        if isinstance(item, Link):
            out.append(Soft(RText(" " * indent) + rich_inline(item)))
        elif isinstance(item, Choice):
            out.append(_line(RText(f"{literal(item.label)}:"), indent))
            out += _stacked_items(list(item.items), indent + 2)
        elif isinstance(item, Entity):
            out.append(_line(RText(literal(item.name), style="bold"), indent))
            for f in item.fields:
                out += _entity_field(f, indent + 2)
        elif len(items) > 1:
            out.append(_line(_bullet(item), indent))
        else:
            out.append(_line(rich_inline(item), indent))
    return out


def _stacked_field(f: Field, indent: int) -> list:
    from rich.text import Text as RText

    since = ([_line(RText(f"since 2013: {literal(f.since)}", style="magenta"), indent + 2)]
             if f.since else [])
    return [_line(RText(literal(f.label), style="bold"), indent),
            *_stacked_items(f.items, indent + 2, f.empty), *since]


def _entity_field(f: Field, indent: int) -> list:
    """'Label: value' under an organisation's name; a web address on its own unwrapped line."""
    from rich.text import Text as RText

    if not any(isinstance(i, Link) for i in f.items):
        return [_line(_hanging(literal(f.label), f.items), indent)]
    out: list = []
    for i, item in enumerate(f.items):
        head = f"{f.label}: " if i == 0 else " " * (len(f.label) + 2)
        if isinstance(item, Link):
            out.append(Soft(RText(" " * indent + literal(head)) + rich_inline(item)))
        else:
            out.append(_line(_hanging(literal(f.label), [item]), indent))
    return out


def _block_stacked(b: Block) -> list:
    from rich.text import Text as RText

    out: list = [RText("")]
    if b.title:
        out.append(RText(literal(b.title), style="bold underline"))
    for row in b.rows:
        if isinstance(row, Entity):
            out.append(RText(literal(row.name), style="bold"))
            for f in row.fields:
                out += _entity_field(f, 2)
        else:
            out += _stacked_field(row, 0)
    return out


# ---------------------------------------------------------------- parts


def _update(u: Update) -> list:
    from rich.text import Text as RText

    head = f"{SINCE_HEADING} · {u.kind} · checked {u.checked}{update_marks(u)}"
    out: list = [RText(literal(head), style="bold magenta"),
                 _line(RText(literal(u.title), style="bold") + RText(": " + literal(u.now)), 2)]
    if u.concerns:
        out.append(_line(RText(f"Concerns: {literal(u.concerns)}", style="dim"), 2))
    for f in u.items:
        out += _entity_field(f, 2)
    if u.stale:
        out.append(_line(RText(literal(u.stale), style="yellow"), 2))
    out += [Soft(RText("  Source: ") + rich_inline(s)) for s in u.sources]
    return out


def _section(s: Section, width: int, facts_only: bool) -> list:
    from rich.text import Text as RText

    out: list = []
    if s.title:
        out.append(RText(literal(s.title), style="bold"))
    for b in s.blocks:
        if width < NARROW or _longest_link(b.rows) > _value_width(width) - 2:
            out += _block_stacked(b)
        else:
            out.append(_block_table(b))
    for u in s.updates:
        out += _update(u)
    if s.notes and not facts_only:
        out.append(RText(NOTES_HEADING, style="dim bold"))
        for n in s.notes:
            text = (f"Print note: printed “{n.printed}” — {n.text}" if n.kind == "print"
                    else n.text)
            out.append(_line(RText("• " + literal(text), style="dim"), 2))
    if s.source:
        out.append(RText(literal(s.source), style="dim"))
    return out


def _fits(t: Table, width: int) -> bool:
    """Can the listing's columns sit side by side? Each column needs its longest word (the
    first column, kept on one line, its longest value) and two characters of padding."""
    def longest(texts: list[str], whole: bool) -> int:
        words = texts if whole else [w for s in texts for w in s.split()]
        return max((len(w) for w in words), default=0)

    need = 2
    for i, col in enumerate(t.columns):
        cells = [raw(x) for row in t.rows for x in row[i]] if t.rows else []
        need += max(longest([col], False), longest(cells, i == 0 and t.keep_first)) + 2
    return need <= width


def _stacked_listing(t: Table) -> list:
    """A listing too wide for the terminal: each row's first value, then 'Column: value'."""
    from rich.text import Text as RText

    out: list = [RText(literal(t.title), style="bold")] if t.title else []
    for row in t.rows:
        out.append(RText(literal(" ".join(raw(x) for x in row[0])), style="bold", overflow="fold"))
        for col, items in zip(t.columns[1:], row[1:]):
            if items:
                out.append(_line(_hanging(col, items), 2))
    out.append(RText(""))
    return out


def _listing(t: Table, width: int | None = None) -> list:
    from rich import box
    from rich.table import Table as RTable
    from rich.text import Text as RText

    if width is not None and t.rows and not _fits(t, width):
        return _stacked_listing(t)
    table = RTable(box=box.SIMPLE_HEAD, expand=False, title_justify="left",
                   title=RText(literal(t.title), style="bold") if t.title else None)
    for i, col in enumerate(t.columns):
        table.add_column(RText(literal(col)), overflow="fold", no_wrap=i == 0 and t.keep_first)
    for row in t.rows:
        table.add_row(*(_value(v, "") for v in row))
    return [table]


def _cell(c: Cell) -> RenderableType:
    from rich.console import Group
    from rich.text import Text as RText

    if c.kind != "value":
        word = WORDS[c.kind]
        value: RenderableType = RText(word.symbol, style=word.style)
    else:
        value = _value(c.items)
    if c.changed:
        return Group(value, RText(f"since 2013: {literal(c.changed)}", style="magenta"))
    return value


def layout(n: int, width: int) -> tuple[bool, int]:
    """(side by side?, label column width) for this many countries at this width."""
    label_w = 24 if width >= 120 else 18
    column_w = (width - label_w - 2 * (n + 1)) // n
    return column_w >= 20, label_w


def _compare_label(r) -> RenderableType:
    from rich.table import Table as Grid
    from rich.text import Text as RText

    grid = Grid.grid()
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row(RText(f"{MARK_DIFFERS} " if r.differs else "  "),
                 RText(literal(r.label), style="bold" if r.differs else ""))
    return grid


def _side_by_side(names: list[str], rows: list, label_w: int) -> RenderableType:
    from rich import box
    from rich.table import Table as RTable
    from rich.text import Text as RText

    table = RTable(box=box.SIMPLE_HEAD, expand=True, padding=(0, 1), show_header=True,
                   show_edge=False)
    table.add_column("", width=label_w, overflow="fold")
    for n in names:
        table.add_column(RText(literal(n)), ratio=1, overflow="fold")
    for r in rows:
        table.add_row(_compare_label(r), *(_cell(c) for c in r.cells))
    return table


def _stacked_row(names: list[str], r) -> list:
    from rich.text import Text as RText

    out: list = [RText((f"{MARK_DIFFERS} " if r.differs else "  ") + literal(r.label),
                       style="bold")]
    for n, c in zip(names, r.cells):
        if c.kind == "empty":
            continue
        out.append(_line(RText(f"{literal(n)}:", style="bold"), 4))
        if c.kind != "value":
            word = WORDS[c.kind]
            out.append(_line(RText(word.symbol, style=word.style), 6))
        else:
            out += _stacked_items(c.items, 6)
        if c.changed:
            out.append(_line(RText(f"since 2013: {literal(c.changed)}", style="magenta"), 6))
    return out


def _comparison(c: Comparison, width: int) -> list:
    from rich.rule import Rule
    from rich.text import Text as RText

    side_by_side, label_w = layout(len(c.names), width)
    column_w = (width - label_w - 2 * (len(c.names) + 1)) // len(c.names)
    out: list = [RText(literal(c.heading), style="bold"), Rule(characters="═")]
    groups: list[tuple[str | None, list]] = []
    for r in c.rows:
        if not groups or groups[-1][0] != r.group:
            groups.append((r.group, []))
        groups[-1][1].append(r)
    for group, rows in groups:
        if group:
            out.append(RText(literal(group), style="bold"))
        fits = all(len(x.text) <= column_w - 2 for r in rows for cell in r.cells
                   for x in _links(cell.items))
        if side_by_side and fits:
            out.append(_side_by_side(c.names, rows, label_w))
        else:
            for r in rows:
                out += _stacked_row(c.names, r)
    out.append(RText(""))
    return out


# ---------------------------------------------------------------- print


def console(env: Env, file: Any = None) -> Console:
    from rich.console import Console

    return Console(file=file or env.out, width=env.width, highlight=False, emoji=False,
                   markup=False, no_color=not env.color or None)


def renderables(doc: Document, width: int, facts_only: bool = False) -> list:
    from rich.text import Text as RText

    out: list = []
    for part in doc.parts:
        if isinstance(part, Section):
            out += _section(part, width, facts_only)
            out.append(RText(""))
        elif isinstance(part, Table):
            out += _listing(part, width)
        elif isinstance(part, Para):
            out.append(RText(literal(part.text)))
        else:
            out += _comparison(part, width)
    out += [RText(literal(line), style="dim") for line in footer(doc)]
    return out


def _print(out: Console, items: list) -> None:
    for item in items:
        if isinstance(item, Soft):
            out.print(item.text, soft_wrap=True)
        else:
            out.print(item)


def write(doc: Document, env: Env) -> None:
    out = console(env)
    items = renderables(doc, out.width, env.facts_only)
    if not (env.pager and env.stdout_isatty and out.is_terminal):
        _print(out, items)
        return
    with out.capture() as captured:
        _print(out, items)
    text = captured.get()
    if text.count("\n") < out.height:
        env.out.write(text)
        return
    page(text, env)


def page(text: str, env: Env) -> None:
    """Show long output through FIIT_PAGER or PAGER (else less), keeping styles."""
    import subprocess

    command = env.pager_command() or "less"
    environ = dict(os.environ)
    environ.setdefault("LESS", "-FRX")  # quit if it fits, keep colours, keep the screen
    try:
        proc = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=environ)
    except OSError:
        env.out.write(text)
        return
    assert proc.stdin is not None
    try:
        proc.stdin.write(text.encode("utf-8", "replace"))
        proc.stdin.close()
    except BrokenPipeError:  # the reader quit early: nothing more to show
        pass
    proc.wait()
