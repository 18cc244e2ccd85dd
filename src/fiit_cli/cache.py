"""A cache of validated records, so a lookup does not pay for the schema on every run.

Each entry is the JSON dump of a record that passed validation, stored under a key made of the
file's bytes, the record kind, fiit's version and the schema's source. Any change to the data
file or to the schema gives a new key, so an entry is never stale. Entries are plain JSON,
never pickles: reading one runs nothing. The directory is ``$FIIT_CACHE_DIR``, else
``$XDG_CACHE_HOME/fiit``, else ``~/.cache/fiit``; it is safe to delete at any time, and
``FIIT_NO_CACHE=1`` turns the cache off. A cache that cannot be read or written is ignored.
An entry's first line holds its whole key, its length and its CRC-32: an entry that is cut,
damaged or another's (copied or swapped) is never used.

The same directory keeps the other speed-ups, each checked before use and rebuilt when stale:
``names-*.txt`` (fiit_cli.names_index), ``search-*.idx`` (fiit_cli.search_index),
``profile-check-*.json`` (fiit_cli.validate), ``completion.txt`` and ``ids-*.txt``
(fiit_cli.cli.completion).
"""

from __future__ import annotations

import json
import os
import sys
import zlib
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
    """A file's size, modification time and inode, ``size:mtime_ns:inode`` ("-" if it cannot
    be read): what the indexes kept here compare to know a data file has not changed (the
    inode: a file replaced by another of the same size and time, ``os.replace``)."""
    try:
        st = os.stat(path)
    except OSError:
        return "-"
    return f"{st.st_size}:{st.st_mtime_ns}:{st.st_ino}"


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


HEADER = b"fiit record cache 2"


def _entry(kind: str, raw: bytes) -> tuple[Path, bytes] | None:
    """The entry's file and its key (the whole digest, which the entry also holds)."""
    root = directory()
    if root is None:
        return None
    digest = sha256(kind.encode() + b"\0" + _schema_fingerprint() + b"\0" + raw).hexdigest()
    return root / f"{kind}-{digest[:40]}.json", digest.encode()


def get(kind: str, raw: bytes) -> dict[str, Any] | None:
    """The entry of these bytes, or None (none, unreadable, or not whole: its first line
    gives its key, its length and its CRC-32, checked before the JSON is read)."""
    entry = _entry(kind, raw)
    if entry is None:
        return None
    try:
        with open(entry[0], "rb") as fh:
            stored = fh.read()
        head, _, payload = stored.partition(b"\n")
        magic, key, size, crc = head.rsplit(b" ", 3)
        if (magic != HEADER or key != entry[1] or int(size) != len(payload)
                or int(crc) != zlib.crc32(payload)):
            return None
        data = json.loads(payload)
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def put(kind: str, raw: bytes, data: dict[str, Any]) -> None:
    entry = _entry(kind, raw)
    if entry is None:
        return
    path, key = entry
    payload = json.dumps(data, ensure_ascii=False).encode("utf-8")
    head = b" ".join([HEADER, key, b"%d" % len(payload), b"%d" % zlib.crc32(payload)])
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(head + b"\n" + payload)
        os.replace(tmp, path)  # atomic: a reader sees the whole entry or none
    except OSError:
        pass
