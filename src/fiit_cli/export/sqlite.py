"""The export tables in one SQLite file (through sqlite-utils), ready for Datasette.

Every table has its primary key, ``REFERENCES`` constraints for its foreign keys and NOT NULL
on required fields; tables with text columns get an FTS5 index (``<table>_fts``: accents and
case folded, word forms, words written with punctuation squashed, as ``fiit search`` finds
them), which Datasette finds on its own. Beside the database goes a Datasette metadata file
(``<name>.metadata.json``) naming the source and the licence note and describing every table
and column.

sqlite-utils is imported here only, so that no other command pays for it.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import tempfile
from pathlib import Path

from fiit_cli.export.datapackage import DESCRIPTION, LICENCE_NOTE, TITLE
from fiit_cli.export.files import Progress, Unwritable, prepare_file, write_text
from fiit_cli.export.tables import Table

# Word forms (porter: 'minors' finds 'minor') and no accents or case ('surya' finds 'Sürya').
TOKENIZE = "porter unicode61 remove_diacritics 2"
_PUNCTUATED = re.compile(r"\w+(?:[^\w\s]+\w+)+")  # Ac.Sé, U.K., e-mail
_COUNTRY = re.compile(r"\b\w{3,}ia\b", re.I)  # Nigeria, Albania, Romania


def forms(text: str) -> str:
    """A text as the full-text index holds it: the text, then what ``fiit search`` also finds
    it by that the tokenizer cannot see: a word written with punctuation squashed (Ac.Sé →
    acse) and a country in -ia by its adjective (Nigeria → nigerian)."""
    extra = [re.sub(r"[\W_]+", "", m.group()) for m in _PUNCTUATED.finditer(text)]
    extra += [m.group() + "n" for m in _COUNTRY.finditer(text)]
    return f"{text} {' '.join(extra)}" if extra else text


def index_forms(db, table: str, columns: list[str]) -> None:
    """Fill ``<table>_fts`` (external content: the table keeps the text as printed, the index
    its words in every form above)."""
    fts = f"{table}_fts"
    names = ", ".join(f"[{c}]" for c in columns)
    db.conn.execute(f"INSERT INTO [{fts}]([{fts}]) VALUES('delete-all')")
    rows = db.conn.execute(f"SELECT rowid, {names} FROM [{table}]").fetchall()
    db.conn.executemany(
        f"INSERT INTO [{fts}](rowid, {names}) VALUES ({', '.join('?' * (len(columns) + 1))})",
        [(r[0], *(forms(v) if isinstance(v, str) else v for v in r[1:])) for r in rows])
TYPES = {"string": str, "integer": int, "date": str}


def metadata_path(db_path: Path) -> Path:
    """``fiit.db`` → ``fiit.metadata.json``, beside it."""
    return db_path.with_name(f"{db_path.stem}.metadata.json")


def metadata(tables: list[Table], database: str) -> dict:
    """A Datasette metadata document: source, licence, and every table described."""
    from fiit_cli.vocab import TOOLKIT_TITLE

    return {
        "title": TITLE,
        "description": DESCRIPTION,
        "source": f"{TOOLKIT_TITLE} (International Organization for Migration, 2013)",
        "license": LICENCE_NOTE,
        "databases": {database: {"tables": {
            t.name: {"title": t.title, "description": t.description,
                     "columns": {f.name: f.description for f in t.fields}}
            for t in tables}}},
    }


def build(tables: list[Table], path: Path, progress: Progress = None) -> None:
    """Create a fresh database at ``path`` (which must not exist)."""
    import sqlite_utils

    db = sqlite_utils.Database(path)
    try:
        with db.conn:
            for t in tables:
                if progress:
                    progress(f"{t.name} ({len(t.rows)} rows)")
                table = db.table(t.name)
                table.create({f.name: TYPES[f.type] for f in t.fields}, pk="id",
                             foreign_keys=[(name, ref, "id") for name, ref in t.foreign_keys],
                             not_null=[f.name for f in t.fields if f.required])
                if t.rows:
                    table.insert_all(t.rows)
        for t in tables:
            if t.text_columns:
                db.table(t.name).enable_fts(t.text_columns, tokenize=TOKENIZE)
                with db.conn:
                    index_forms(db, t.name, t.text_columns)
        db.conn.execute("PRAGMA foreign_keys = ON")
        broken = db.conn.execute("PRAGMA foreign_key_check").fetchall()
        if broken:  # pragma: no cover - the tables are built consistent
            raise AssertionError(f"foreign keys broken: {broken[:3]}")
        db.vacuum()
    finally:
        db.close()


def write(tables: list[Table], target: Path, force: bool = False,
          progress: Progress = None) -> list[Path]:
    """Write the database to ``target`` and its Datasette metadata beside it."""
    meta = metadata_path(target)
    prepare_file(target, force)
    prepare_file(meta, force)
    try:
        fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                        suffix=".tmp")
    except OSError as exc:
        raise Unwritable(f"cannot write {target}: {exc.strerror or exc}") from None
    os.close(fd)
    tmp = Path(tmp_name)
    tmp.unlink()  # sqlite creates it afresh
    try:
        build(tables, tmp, progress)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except OSError as exc:
        raise Unwritable(f"cannot write {target}: {exc.strerror or exc}") from None
    except sqlite3.Error as exc:  # e.g. disk full, or a file system sqlite cannot lock
        raise Unwritable(f"cannot write {target}: {exc}") from None
    finally:
        tmp.unlink(missing_ok=True)
        Path(f"{tmp}-journal").unlink(missing_ok=True)
    document = metadata(tables, target.stem)
    write_text(meta, json.dumps(document, ensure_ascii=False, indent=2) + "\n")
    return [target, meta]
