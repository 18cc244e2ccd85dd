"""Publishing fiit's data: a Tabular Data Package, a SQLite database, HSDS 3.0 JSON.

Every export is built from the validated records (never from rendered text), through one set
of tables (:mod:`fiit_cli.export.tables`). Nothing here prints or exits: functions return
values or raise :class:`ExportError`; the CLI (``fiit_cli.cli.exporting``) decides what the
user sees. Exports are deterministic: the same data gives the same bytes.
"""

from __future__ import annotations


class ExportError(Exception):
    """The target cannot be written (the message names it)."""
