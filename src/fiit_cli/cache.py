"""A cache of validated records, so a lookup does not pay for the schema on every run.

Each entry is the JSON dump of a record that passed validation, stored under a key made of the
file's bytes, the record kind, fiit's version and the schema's source. Any change to the data
file or to the schema gives a new key, so an entry is never stale. Entries are plain JSON,
never pickles: reading one runs nothing. The directory is ``$FIIT_CACHE_DIR``, else
``$XDG_CACHE_HOME/fiit``, else ``~/.cache/fiit``; it is safe to delete at any time, and
``FIIT_NO_CACHE=1`` turns the cache off. A cache that cannot be read or written is ignored.

The same directory keeps the other speed-ups, each checked before use and rebuilt when stale:
``names-*.txt`` (fiit_cli.names_index), ``search-*/`` (fiit_cli.search_index),
``profile-check-*.json`` (fiit_cli.validate), ``completion.txt`` and ``ids-*.txt``
(fiit_cli.cli.completion).
"""

from __future__ import annotations

import json
import os
import sys
from functools import cache
from pathlib import Path
from typing import Any


def sha256(data: bytes = b""):
    """SHA-256: OpenSSL's once hashlib is loaded (bulk work: validate, search index), else
    the built-in one, since loading OpenSSL costs more than a lookup's few files."""
    hashlib = sys.modules.get("hashlib")
    if hashlib is None:
        try:
            from _sha256 import sha256 as builtin
        except ImportError:  # pragma: no cover - other Pythons
            import hashlib
        else:
            return builtin(data)
    return hashlib.sha256(data)

SCHEMA = Path(__file__).with_name("models.py")


def stamp(path: Path | str) -> str:
    """A file's size and modification time, ``size:mtime_ns`` ("-" if it cannot be read):
    what the indexes kept here compare to know a data file has not changed."""
    try:
        st = os.stat(path)
    except OSError:
        return "-"
    return f"{st.st_size}:{st.st_mtime_ns}"


def directory() -> Path | None:
    if os.environ.get("FIIT_NO_CACHE"):
        return None
    explicit = os.environ.get("FIIT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "fiit"


@cache
def _schema_fingerprint() -> bytes:
    from fiit_cli import __version__

    try:
        schema = SCHEMA.read_bytes()
    except OSError:  # pragma: no cover - a broken install: never trust the cache then
        schema = os.urandom(16)
    return __version__.encode() + b"\0" + sha256(schema).digest()


def _entry(kind: str, raw: bytes) -> Path | None:
    root = directory()
    if root is None:
        return None
    digest = sha256(kind.encode() + b"\0" + _schema_fingerprint() + b"\0" + raw)
    return root / f"{kind}-{digest.hexdigest()[:40]}.json"


def get(kind: str, raw: bytes) -> dict[str, Any] | None:
    entry = _entry(kind, raw)
    if entry is None:
        return None
    try:
        data = json.loads(entry.read_bytes())
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def put(kind: str, raw: bytes, data: dict[str, Any]) -> None:
    entry = _entry(kind, raw)
    if entry is None:
        return
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        tmp = entry.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, entry)  # atomic: a reader sees the whole entry or none
    except OSError:
        pass
