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
    raw_items,
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


class Whole:
    """Pieces never broken inside (a phone number, a command): side by side when they fit,
    else one piece to a line. Its narrowest form is as wide as its widest piece, so a table
    gives it that much room or stacks."""

    def __init__(self, *pieces: RichText, sep: str = "  ") -> None:
        self.pieces = pieces
        self.sep = sep

    @property
    def plain(self) -> str:
        return self.sep.join(p.plain for p in self.pieces)

    def __rich_measure__(self, console: Any, options: Any) -> Any:
        from rich.measure import Measurement

        widths = [p.cell_len for p in self.pieces]
        return Measurement(max(widths), sum(widths) + len(self.sep) * (len(widths) - 1))

    def __rich_console__(self, console: Any, options: Any) -> Any:
        from rich.text import Text as RText

        line: RichText | None = None
        for piece in self.pieces:
            if line is not None and line.cell_len + len(self.sep) + piece.cell_len \
                    <= options.max_width:
                line = line + RText(self.sep) + piece
                continue
            if line is not None:
                yield line
            line = piece.copy()
        if line is not None:
            yield line


def _link(target: str) -> Any:
    """A hyperlink's style; its target passes the sanitiser too (an escape code in it would
    end the link and start another, or set the window's title)."""
    from rich.style import Style

    return Style(link=literal(target))


def _phone(item: Phone) -> Whole:
    """A phone as printed, then its form to dial (or note): two pieces, neither ever cut."""
    from rich.text import Text as RText

    text = literal(inline(item))
    printed = RText(literal(item.printed))
    rest = RText(text[len(printed.plain):].lstrip())
    dial = literal(item.intl) if item.intl and item.e164 else None
    if dial:
        start = rest.plain.rfind(dial)
        rest.stylize(_link(f"tel:{item.e164}"), start, start + len(dial))
    elif item.e164:
        printed.stylize(_link(f"tel:{item.e164}"))
    return Whole(printed, rest) if rest.plain else Whole(printed)


# A number or phone in running text ("+358 2954 63177", "1 556") is one word for the layout:
# its spaces are held by a private-use character while Rich wraps, and given back after.
_GLUE = "\ue000"
_NUMBER = None


def glued(text: str) -> str:
    """Text whose numbers and phones Rich will not break inside (a private-use character
    already in the data is shown escaped, so that it never turns into a space)."""
    global _NUMBER
    if not any(c.isdigit() for c in text):
        return text.replace(_GLUE, "\\ue000")
    if _NUMBER is None:
        import re

        _NUMBER = re.compile(r"(?<!\w)\+?\d[\d/.-]*(?: \d[\d/.-]*)+(?!\w)")
    text = text.replace(_GLUE, "\\ue000")
    return _NUMBER.sub(lambda m: m.group().replace(" ", _GLUE), text)


def rich_inline(item: Any) -> Any:
    from rich.text import Text as RText

    if isinstance(item, Text):
        if item.whole:
            return Whole(RText(literal(item.text)))
        return RText(glued(literal(item.text)))
    if isinstance(item, Flag):
        word = WORDS.get(item.value)
        t = RText(literal(flag_text(item)))
        if word and word.style:
            t.stylize(word.style, 0, len(word.label))
        return t
    if isinstance(item, Phone):
        return _phone(item)
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
    grid.add_column(no_wrap=True, min_width=len(indent) + 2)
    grid.add_column(overflow="fold")
    grid.add_row(RText(indent + "• "), rich_inline(item))
    return grid


def _hanging(label: str, items: list) -> RenderableType:
    """'Label: first item' with later items aligned under the first (a long label: above)."""
    label = literal(label)
    if not items:  # an entity's field with nothing in it: the toolkit does not say
        items = [Text(WORDS["not stated"].label)]
    if any(isinstance(i, Choice) for i in items):  # either/or groups: one line each
        items = [Text(f"{i.label}: " + "; ".join(inline(x) for x in i.items))
                 if isinstance(i, Choice) else i for i in items]
    return Hanging(label, items)


class Hanging:
    """'Label: value', later values under the first; where the value's longest word (or
    phone, or command) would not fit beside the label, the label stands above the values."""

    def __init__(self, label: str, items: list) -> None:
        self.label = label
        self.items = items

    def beside(self) -> RenderableType:
        from rich.table import Table as Grid
        from rich.text import Text as RText

        grid = Grid.grid()
        grid.add_column(no_wrap=True, min_width=len(self.label) + 2)
        grid.add_column(overflow="fold")
        for n, item in enumerate(self.items):
            grid.add_row(RText(f"{self.label}: " if n == 0 else " " * (len(self.label) + 2)),
                         rich_inline(item))
        return grid

    def above(self) -> RenderableType:
        from rich.console import Group
        from rich.text import Text as RText

        return Group(RText(f"{self.label}:", overflow="fold"),
                     *(_line(rich_inline(i), 2) for i in self.items))

    def run_in(self) -> RichText | None:
        """A long label with one value of running text: 'Label: value' on one line, the
        value's later lines indented under it (never a label alone above a short 'no')."""
        from rich.text import Text as RText

        if len(self.items) != 1:
            return None
        value = rich_inline(self.items[0])
        return RText(f"{self.label}: ") + value if isinstance(value, RText) else None

    def __rich_measure__(self, console: Any, options: Any) -> Any:
        from rich.measure import Measurement

        above = Measurement.get(console, options, self.above())
        if len(self.label) > 22:
            line = self.run_in()
            if line is None:
                return above
            return Measurement(above.minimum, max(above.maximum, line.cell_len))
        return Measurement(above.minimum, Measurement.get(console, options, self.beside()).maximum)

    def __rich_console__(self, console: Any, options: Any) -> Any:
        from rich.measure import Measurement
        from rich.text import Text as RText

        if len(self.label) <= 22:
            beside = self.beside()
            wide = options.update_width(10_000)  # a measure is clamped to its width
            if Measurement.get(console, wide, beside).minimum <= options.max_width:
                yield beside
                return
        elif (line := self.run_in()) is not None:
            lines = line.wrap(console, max(options.max_width - 2, 1), overflow="fold")
            for n, piece in enumerate(lines):
                piece.rstrip()
                yield piece if n == 0 else RText("  ") + piece
            return
        yield self.above()


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


def _block_table(b: Block, width: int) -> RenderableType | None:
    """A bordered label/value table, or None where a label's longest word and a value's
    longest word (or phone, command, web address) cannot both fit: then the block stacks."""
    from rich import box
    from rich.table import Table as RTable
    from rich.text import Text as RText

    labels, values = [], []
    for row in b.rows:
        if isinstance(row, Entity):
            labels.append(RText(literal(row.name)))
            values.append(_entity_value(row))
        else:
            labels.append(RText(literal(row.label)))
            values.append(_since(_value(row.items, row.empty), row))
    measure = _measure(width)
    room = width - 7  # three borders, two cells' padding
    label_w = max(-(-(width - 3) // 4) - 2,  # a quarter of the width, as Rich's ratio gives
                  max((measure(x)[0] for x in labels), default=0))
    value_w = room - label_w
    if value_w < max((measure(v)[0] for v in values), default=0):
        return None
    table = RTable(
        title=RText(literal(b.title), style="bold") if b.title else None,
        title_justify="left", show_header=False, box=box.ROUNDED, expand=False,
        padding=(0, 1), show_lines=any(isinstance(r, Entity) for r in b.rows))
    table.add_column(width=label_w, overflow="fold", style="bold")
    table.add_column(width=value_w, overflow="fold")
    for label, value in zip(labels, values):
        table.add_row(label, value)
    return table


def _since(value: RenderableType, row: Field) -> RenderableType:
    """A fact that changed since 2013: the 2013 value, then what holds now, marked."""
    from rich.console import Group
    from rich.text import Text as RText

    if not row.since:
        return value
    return Group(value, RText(f"since 2013: {literal(row.since)}", style="magenta"))


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
    title = RText(glued(literal(u.title)), style="bold")
    out: list = [RText(literal(head), style="bold magenta"),
                 _line(title + RText(": " + glued(literal(u.now))), 2)]
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
    # One layout for the whole section: where one block must stack, all of them do.
    tables = [_block_table(b, width) if width >= NARROW else None for b in s.blocks]
    for b, table in zip(s.blocks, tables):
        if any(t is None for t in tables):
            out += _block_stacked(b)
        else:
            out.append(table)
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


def _measure(width: int) -> Any:
    """A function giving (narrowest, widest) of a renderable at this width, as Rich lays it."""
    import io

    from rich.console import Console
    from rich.measure import Measurement

    console = Console(file=io.StringIO(), width=width, highlight=False, emoji=False,
                      markup=False, no_color=True)
    options = console.options.update_width(10_000)  # measures unclamped by the width

    def measure(renderable: Any) -> tuple[int, int]:
        m = Measurement.get(console, options, renderable)
        return m.minimum, m.maximum

    return measure


def fit(ranges: list[tuple[int, int]], room: int) -> list[int] | None:
    """Column widths within ``room``: each as wide as its content, the widest narrowed first,
    none below its narrowest (its longest word, phone or command); None if they cannot fit."""
    if sum(low for low, _ in ranges) > room:
        return None
    widths = [high for _, high in ranges]
    while sum(widths) > room:
        i = max((i for i, (low, _) in enumerate(ranges) if widths[i] > low),
                key=lambda i: widths[i])
        widths[i] -= 1
    return widths


def _listing(t: Table, width: int) -> list:
    """Rows under column names; where the columns cannot all fit without cutting a word, a
    phone or a command, each row stacked: its first cell as a heading, the others under it."""
    from rich import box
    from rich.table import Table as RTable
    from rich.text import Text as RText

    measure = _measure(width)
    cells = [[_value(v, "") for v in row] for row in t.rows]
    ranges = []
    for i, col in enumerate(t.columns):
        column = [measure(RText(literal(col)))] + [measure(r[i]) for r in cells]
        low, high = max(m[0] for m in column), max(m[1] for m in column)
        ranges.append((high, high) if i == 0 and t.keep_first else (low, high))
    widths = fit(ranges, width - 3 * len(t.columns) - 1)  # edges, separators, padding
    if widths is None:
        return _listing_stacked(t)
    table = RTable(box=box.SIMPLE_HEAD, expand=False, title_justify="left",
                   title=RText(literal(t.title), style="bold") if t.title else None)
    for col, w in zip(t.columns, widths):
        table.add_column(RText(literal(col)), overflow="fold", width=w)
    for row in cells:
        table.add_row(*row)
    return [table]


def _listing_stacked(t: Table) -> list:
    from rich.text import Text as RText

    out: list = [RText(literal(t.title), style="bold")] if t.title else []
    previous = None
    for row in t.rows:
        head = raw_items(row[0]) if row else ""
        if head != previous:  # rows of one country (say) under one heading
            out += [RText(""), RText(literal(head), style="bold")]
            previous = head
        for col, value in zip(t.columns[1:], row[1:]):
            if value and any(raw(i) for i in value):
                out.append(_line(_hanging(col, value), 2) if col else
                           _line(_value(value, ""), 2))
    return out


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
    grid.add_column(no_wrap=True, min_width=2)
    grid.add_column(overflow="fold")
    grid.add_row(RText(f"{MARK_DIFFERS} " if r.differs else "  "),
                 RText(literal(r.label), style="bold" if r.differs else ""))
    return grid


def _side_by_side(names: list[str], rows: list, label_w: int,
                  width: int) -> RenderableType | None:
    """Countries as columns, or None where a column is too narrow for its longest word (or
    phone, web address) or a label's: then the rows stack."""
    from rich import box
    from rich.table import Table as RTable
    from rich.text import Text as RText

    measure = _measure(width)
    labels = [_compare_label(r) for r in rows]
    cells = [[_cell(c) for c in r.cells] for r in rows]
    flexible = width - len(names) - label_w - 2  # separators; the label column and padding
    column_w = flexible // len(names) - 2
    heads = [RText(literal(n)) for n in names]
    if any(measure(x)[0] > label_w for x in labels) or \
            any(measure(x)[0] > column_w for row in [heads, *cells] for x in row):
        return None
    table = RTable(box=box.SIMPLE_HEAD, expand=True, padding=(0, 1), show_header=True,
                   show_edge=False)
    table.add_column("", width=label_w, overflow="fold")
    for n in heads:
        table.add_column(n, ratio=1, overflow="fold")
    for label, row in zip(labels, cells):
        table.add_row(label, *row)
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
    out: list = [RText(literal(c.heading), style="bold"), Rule(characters="═")]
    groups: list[tuple[str | None, list]] = []
    for r in c.rows:
        if not groups or groups[-1][0] != r.group:
            groups.append((r.group, []))
        groups[-1][1].append(r)
    for group, rows in groups:
        if group:
            out.append(RText(literal(group), style="bold"))
        table = _side_by_side(c.names, rows, label_w, width) if side_by_side else None
        if table is not None:
            out.append(table)
        else:
            for r in rows:
                out += _stacked_row(c.names, r)
    out.append(RText(""))
    return out


# ---------------------------------------------------------------- print


def console(env: Env, file: Any = None) -> Console:
    from rich.console import Console

    from fiit_cli.settings import columns_override

    width = env.width or columns_override()
    return Console(file=file or env.out, width=width, highlight=False, emoji=False,
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


_TRAILING = None


def trim(text: str) -> str:
    """Lines without the spaces Rich pads them with (its styles' codes kept): a copied line
    carries no trailing blanks."""
    global _TRAILING
    if _TRAILING is None:
        import re

        _TRAILING = re.compile(r"[ \t]+((?:\x1b\[[0-9;]*m)*)$", re.M)
    return _TRAILING.sub(r"\1", text)


def write(doc: Document, env: Env) -> None:
    out = console(env)
    items = renderables(doc, out.width, env.facts_only)
    with out.capture() as captured:
        _print(out, items)
    text = trim(captured.get()).replace(_GLUE, " ")
    if not (env.pager and env.stdout_isatty and out.is_terminal) \
            or text.count("\n") < out.height:
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
