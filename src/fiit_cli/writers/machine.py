"""Machine formats: json and yaml (the validated records), csv (raw values, one row a record).

A csv cell that a spreadsheet would run as a formula gets a leading ' (see
:func:`fiit_cli.doc.spreadsheet_cell`); json and yaml keep every value exact.
"""

from __future__ import annotations

import io
import sys
from typing import TYPE_CHECKING, Any

from fiit_cli.doc import raw_items, spreadsheet_cell
from fiit_cli.writers.text import literal

if TYPE_CHECKING:
    from fiit_cli.doc import Document
    from fiit_cli.settings import Env


def _unicode_out(stream: Any) -> bool:
    """Can the stream take any character? If not, machine formats escape non-ASCII instead."""
    return (getattr(stream, "encoding", None) or "").lower().replace("-", "") in (
        "utf8", "utf16", "utf32")


def to_json(data: Any, stream: Any = None) -> str:
    import json

    return json.dumps(data, ensure_ascii=not _unicode_out(stream or sys.stdout), indent=2) + "\n"


def to_yaml(data: Any, stream: Any = None) -> str:
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    return yaml.dump(data, Dumper=dumper, allow_unicode=_unicode_out(stream or sys.stdout),
                     sort_keys=False, width=100)


def write_json(doc: Document, env: Env) -> None:
    env.out.write(to_json(doc.data, env.out))


def write_yaml(doc: Document, env: Env) -> None:
    env.out.write(to_yaml(doc.data, env.out))


def write_csv(doc: Document, env: Env) -> None:
    import csv

    assert doc.rows is not None
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(doc.rows.columns)
    writer.writerows([spreadsheet_cell(raw_items(c)) for c in row] for row in doc.rows.rows)
    env.out.write(literal(buf.getvalue()))
