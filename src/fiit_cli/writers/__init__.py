"""The writers: one per format, each knowing only the node types of ``fiit_cli.doc``.

They are registered here, in one place, and imported only when chosen (start-up speed).
A writer never imports a view.
"""

from __future__ import annotations

from enum import Enum
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fiit_cli.doc import Document
    from fiit_cli.settings import Env


class Fmt(str, Enum):
    table = "table"
    plain = "plain"
    json = "json"
    yaml = "yaml"
    markdown = "markdown"
    csv = "csv"
    vcard = "vcard"
    html = "html"


# format → "module:function"; a function takes (Document, Env) and writes to env.out.
WRITERS: dict[str, str] = {
    "table": "fiit_cli.writers.table:write",
    "plain": "fiit_cli.writers.plain:write",
    "markdown": "fiit_cli.writers.markdown:write",
    "json": "fiit_cli.writers.machine:write_json",
    "yaml": "fiit_cli.writers.machine:write_yaml",
    "csv": "fiit_cli.writers.machine:write_csv",
    "vcard": "fiit_cli.writers.vcard:write",
    "html": "fiit_cli.writers.html:write",
}


class NotAvailable(Exception):
    """The document has no form for this format (csv of a non-tabular view, say)."""

    def __init__(self, fmt: str) -> None:
        super().__init__(fmt)
        self.fmt = fmt


def available(doc: Document, fmt: str) -> bool:
    if fmt == "csv":
        return doc.rows is not None
    if fmt == "vcard":
        return bool(doc.cards)
    return fmt in WRITERS


def emit(doc: Document, fmt: str | None, env: Env) -> None:
    """Write a document in a format (default: table on a terminal, plain when piped)."""
    fmt = fmt or env.default_format()
    if not available(doc, fmt):
        raise NotAvailable(fmt)
    from fiit_cli.writers.text import one_line

    for message in doc.messages:
        env.err.write(f"fiit: {one_line(message)}\n")
    if fmt == "vcard":
        for name in doc.left_out:
            env.err.write(f"fiit: {one_line(name)}\n")
    module, name = WRITERS[fmt].split(":")
    getattr(import_module(module), name)(doc, env)


def footer(doc: Document) -> list[str]:
    """The lines that say where a document comes from, once each, data age last."""
    from fiit_cli.vocab import DATA_AGE

    lines = [line for line in doc.sources]
    if doc.legend:
        lines.insert(0, doc.legend)
    if doc.age:
        lines.append(DATA_AGE)
    return lines
