"""Machine formats: json and yaml (the validated records), csv (raw values, one row a record).

A csv cell that a spreadsheet would run as a formula gets a leading ' (see
:func:`fiit_cli.doc.spreadsheet_cell`); json and yaml keep every value exact.
"""

from __future__ import annotations

import io
import re
import sys
from typing import TYPE_CHECKING, Any

from fiit_cli.doc import raw_items, spreadsheet_cell
from fiit_cli.writers.text import literal

if TYPE_CHECKING:
    from fiit_cli.doc import Document
    from fiit_cli.settings import Env


# What json.dumps and yaml.dump leave as it is but a terminal obeys: C1 controls, bidi
# overrides and isolates, line and paragraph separators (writers.text.literal has C0 too).
_OBEYED = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def _unicode_out(stream: Any) -> bool:
    """Can the stream take any character? If not, machine formats escape non-ASCII instead."""
    return (getattr(stream, "encoding", None) or "").lower().replace("-", "") in (
        "utf8", "utf16", "utf32")


def to_json(data: Any, stream: Any = None) -> str:
    """JSON, the data exact; characters a terminal would obey (C1 controls, bidi overrides)
    written as ``\\u`` escapes, which read back the same."""
    import json

    text = json.dumps(data, ensure_ascii=not _unicode_out(stream or sys.stdout), indent=2)
    return _OBEYED.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def to_yaml(data: Any, stream: Any = None) -> str:
    """YAML, the data exact; with a character a terminal would obey, every non-ASCII one is
    written as an escape (in double quotes), which reads back the same."""
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = yaml.dump(data, Dumper=dumper, allow_unicode=_unicode_out(stream or sys.stdout),
                     sort_keys=False, width=100)
    if _OBEYED.search(text):
        text = yaml.dump(data, Dumper=dumper, allow_unicode=False, sort_keys=False, width=100)
    return text


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
