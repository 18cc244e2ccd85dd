"""One output system for every command: a command builds a :class:`Doc`, :func:`emit` prints it.

A Doc is format-neutral: labelled blocks (a profile section, a hotline, a practice), listings
(rows under column names), comparisons, the records for json/yaml, and the tabular form for
csv. The formats:

- ``table``: Rich tables and panels (the default on a terminal);
- ``plain``: one fact per line, no box drawing, for screen readers and grep (the default when
  stdout is not a terminal);
- ``json`` / ``yaml``: the validated records and nothing else;
- ``markdown``: GitHub tables to paste into a report;
- ``csv``: for tabular views only (hotlines, contacts, overview, compare, search, lists).
"""

from __future__ import annotations

import io
import os
import re
import sys
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any

from fiit_cli.views import DATA_AGE, Block, literal

if TYPE_CHECKING:
    from fiit_cli.compare import SectionCompare


class Fmt(str, Enum):
    table = "table"
    plain = "plain"
    json = "json"
    yaml = "yaml"
    markdown = "markdown"
    csv = "csv"
    vcard = "vcard"  # referral cards: hotlines only


class NotTabular(Exception):
    """``--format csv`` asked of a view that is not a table (or vcard of one with no phones)."""


@dataclass
class Section:
    """Labelled blocks under a title, with the lines that cite them."""

    title: str | None
    blocks: list[Block]
    footer: list[str] = field(default_factory=list)


@dataclass
class Listing:
    """Rows under column names."""

    columns: list[str]
    rows: list[list[str]]
    title: str | None = None
    wrap_first: bool = False  # the first column is an id or a name: keep it on one line


@dataclass
class Comparison:
    names: list[str]
    blocks: list[SectionCompare]


Part = Section | Listing | Comparison


@dataclass
class Doc:
    parts: list[Part]
    data: Any
    footer: list[str] = field(default_factory=list)
    csv: Listing | None = None
    citation: str = ""

    def footer_lines(self) -> list[str]:
        """The doc's own source lines, then the data-age line unless every part has it."""
        lines = list(self.footer)
        has_age = all(isinstance(p, Section) and DATA_AGE in p.footer for p in self.parts)
        if not has_age and DATA_AGE not in lines:
            lines.append(DATA_AGE)
        return lines


# ---------------------------------------------------------------- settings of one run


@dataclass
class Settings:
    no_color: bool = False
    no_pager: bool = False


SETTINGS = Settings()


def resolve(fmt: Fmt | None) -> Fmt:
    """No --format: a table for a person at a terminal, plain lines for a pipe or a file."""
    if fmt is not None:
        return fmt
    return Fmt.table if sys.stdout.isatty() else Fmt.plain


def console(file: Any = None):
    from rich.console import Console

    return Console(file=file, highlight=False, emoji=False, markup=False,
                   no_color=SETTINGS.no_color or None)


# ---------------------------------------------------------------- emit


def emit(doc: Doc, fmt: Fmt | None) -> None:
    fmt = resolve(fmt)
    if fmt is Fmt.json:
        write(to_json(doc.data))
    elif fmt is Fmt.yaml:
        write(to_yaml(doc.data))
    elif fmt is Fmt.vcard:
        raise NotTabular()
    elif fmt is Fmt.csv:
        if doc.csv is None:
            raise NotTabular()
        write(literal(to_csv(doc.csv)))
    elif fmt is Fmt.markdown:
        write(literal(to_markdown(doc)))
    elif fmt is Fmt.plain:
        write(literal(to_plain(doc)))
    else:
        print_table(doc)


def write(text: str) -> None:
    sys.stdout.write(text)


def _unicode_out() -> bool:
    """Can stdout take any character? If not, machine formats escape non-ASCII instead."""
    return (getattr(sys.stdout, "encoding", None) or "").lower().replace("-", "") in (
        "utf8", "utf16", "utf32")


def to_json(data: Any) -> str:
    import json

    return json.dumps(data, ensure_ascii=not _unicode_out(), indent=2) + "\n"


def to_yaml(data: Any) -> str:
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(data, Dumper=dumper, allow_unicode=_unicode_out(), sort_keys=False,
                     width=100)


def to_csv(listing: Listing) -> str:
    import csv

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(listing.columns)
    writer.writerows(listing.rows)
    return buf.getvalue()


# ---------------------------------------------------------------- plain: one fact per line

_BULLET = re.compile(r"^\s*(?:• )?")


def _facts(lines: list[str]) -> list[str]:
    return [_BULLET.sub("", line, count=1) for line in lines if line.strip()]


def to_plain(doc: Doc) -> str:
    out: list[str] = []
    for part in doc.parts:
        if isinstance(part, Section):
            if part.title:
                out.append(part.title)
            for block in part.blocks:
                where = " › ".join(x for x in (part.title, block.title) if x)
                for row in block.rows:
                    for fact in _facts(row.lines):
                        out.append(f"{where} › {row.label}: {fact}" if where
                                   else f"{row.label}: {fact}")
            out += part.footer
            out.append("")
        elif isinstance(part, Listing):
            if part.title:
                out.append(part.title)
            for row in part.rows:
                out.append("; ".join(f"{c}: {v}" for c, v in zip(part.columns, row) if v))
            out.append("")
        else:
            words = {"no": "no", "not stated": "not stated in the toolkit",
                     "not applicable": "not applicable"}
            for b in part.blocks:
                for r in b.rows:
                    where = " › ".join(x for x in (b.heading, r.group, r.label) if x)
                    mark = " (differs)" if r.differs else ""
                    for name, c in zip(part.names, r.cells):
                        value = words.get(c.kind) or "; ".join(_facts(c.lines))
                        out.append(f"{where}{mark} › {name}: {value}")
            out.append("")
    out += doc.footer_lines()
    return "\n".join(out).rstrip("\n") + "\n"


# ---------------------------------------------------------------- markdown


def md(text: str) -> str:
    """A table cell: pipes escaped, line breaks as <br>."""
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", "<br>")


def to_markdown(doc: Doc) -> str:
    from fiit_cli import compare as cmp

    out: list[str] = []
    for part in doc.parts:
        if isinstance(part, Section):
            if part.title:
                out += [f"## {part.title}", ""]
            for block in part.blocks:
                if block.title:
                    out += [f"### {block.title}", ""]
                out += ["| | |", "|---|---|"]
                out += [f"| **{md(r.label)}** | {md(chr(10).join(r.lines))} |" for r in block.rows]
                out.append("")
            out += [f"_{md(line)}_  " for line in part.footer]
            if part.footer:
                out.append("")
        elif isinstance(part, Listing):
            if part.title:
                out += [f"### {part.title}", ""]
            out.append("| " + " | ".join(md(c) for c in part.columns) + " |")
            out.append("|" + "---|" * len(part.columns))
            out += ["| " + " | ".join(md(v) for v in row) + " |" for row in part.rows]
            out.append("")
        else:
            out.append(cmp.to_markdown(part.names, part.blocks, []))
    out += [f"_{md(line)}_  " for line in doc.footer_lines()]
    return "\n".join(out).rstrip() + "\n"


# ---------------------------------------------------------------- table (Rich)


def renderables(doc: Doc, width: int) -> list[Any]:
    from rich.text import Text

    from fiit_cli import compare as cmp
    from fiit_cli.views import render_blocks, render_list

    out: list[Any] = []
    for part in doc.parts:
        if isinstance(part, Section):
            out.append(render_blocks(part.blocks, part.title))
            out += [Text(line, style="dim") for line in part.footer]
            if part.footer:
                out.append(Text(""))
        elif isinstance(part, Listing):
            out.append(render_list(part.columns, part.rows, title=part.title,
                                   wrap_first=part.wrap_first))
        else:
            out.append(cmp.render(part.names, part.blocks, width))
    out += [Text(line, style="dim") for line in doc.footer_lines()]
    return out


def print_table(doc: Doc) -> None:
    from rich.console import Group

    out = console()
    group = Group(*renderables(doc, out.width))
    if not _want_pager(out):
        out.print(group)
        return
    with out.capture() as captured:
        out.print(group)
    text = captured.get()
    if text.count("\n") < out.height:
        write(text)
        return
    _page(text)


def _want_pager(out) -> bool:
    return out.is_terminal and sys.stdout.isatty() and not SETTINGS.no_pager


def _page(text: str) -> None:
    """Show long output through $PAGER (or less), keeping styles; never when piped."""
    import pydoc

    os.environ.setdefault("LESS", "-FRX")  # quit if it fits, keep colours, keep the screen
    pydoc.pager(text)
