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
from pathlib import Path

from fiit_cli.export.datapackage import DESCRIPTION, LICENCE_NOTE, TITLE
from fiit_cli.export.files import Progress, Staging, Unwritable, check_file, file_digest, sha256
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
APPLICATION_ID = 0x46494954  # "FIIT" in the database header: a file fiit wrote
MANIFEST_TABLE = "fiit_manifest"  # the files written beside the database, with their SHA-256


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
            for t in tables} | {MANIFEST_TABLE: {
                "hidden": True, "description": "The files fiit wrote beside this database "
                "(its Datasette metadata), with their SHA-256: fiit export --force replaces "
                "them only while unchanged."}}}},
    }


def _header_says_fiit(path: Path) -> bool:
    try:
        with open(path, "rb") as f:
            header = f.read(100)
    except OSError:
        return False
    return (header[:16] == b"SQLite format 3\x00"
            and int.from_bytes(header[68:72], "big") == APPLICATION_ID)


def _recorded(db_path: Path, name: str) -> set[str]:
    """The SHA-256 digests a fiit database records for a file written beside it."""
    if not _header_says_fiit(db_path):
        return set()
    try:
        conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            rows = conn.execute(f"SELECT sha256 FROM {MANIFEST_TABLE} WHERE path = ?",
                                (name,)).fetchall()
        finally:
            conn.close()
    except (sqlite3.Error, ValueError):
        return set()
    return {r[0] for r in rows}


def build(tables: list[Table], path: Path, progress: Progress = None,
          beside: dict[str, str] | None = None) -> None:
    """Create a fresh database at ``path`` (which must not exist).

    ``beside``: the files written beside it (name → SHA-256), recorded in its manifest table.
    """
    import sqlite_utils

    db = sqlite_utils.Database(path)
    try:
        db.conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        with db.conn:
            db.table(MANIFEST_TABLE).create({"path": str, "sha256": str}, pk="path")
            db.table(MANIFEST_TABLE).insert_all(
                [{"path": name, "sha256": digest} for name, digest in sorted(
                    (beside or {}).items())])
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
    """Write the database to ``target`` and its Datasette metadata beside it, each whole.

    Both are built in a staging folder beside ``target`` and moved into place (the metadata
    first). With ``--force`` an existing database is replaced only if fiit wrote it (its
    header's application id), and its metadata only while unchanged since (the database's
    manifest table records its SHA-256).
    """
    meta = metadata_path(target)
    document = metadata(tables, target.stem)
    meta_bytes = (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    check_file(target, force, _header_says_fiit)
    check_file(meta, force, lambda p: file_digest(p) in (_recorded(target, meta.name)
                                                        | {sha256(meta_bytes)}))
    with Staging(target) as staging:
        assert staging.path is not None
        staging.write(meta.name, meta_bytes)
        db = staging.path / target.name
        try:
            build(tables, db, progress, {meta.name: sha256(meta_bytes)})
            os.chmod(db, 0o644)
            os.replace(staging.path / meta.name, meta)
            os.replace(db, target)
        except OSError as exc:
            raise Unwritable(f"cannot write {target}: {exc.strerror or exc}") from None
        except sqlite3.Error as exc:  # e.g. disk full, or a file system sqlite cannot lock
            raise Unwritable(f"cannot write {target}: {exc}") from None
    return [target, meta]
