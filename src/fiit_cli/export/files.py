"""Careful output for the exports: refuse a non-empty target, write atomically, fixed dates.

Two kinds of error, each naming what is wrong: :class:`BadUsage` (a usage error, exit 2: the
target holds something and ``--force`` was not given, is of the wrong kind, or
``SOURCE_DATE_EPOCH`` is not a number) and :class:`Unwritable` (the target cannot be created
or written, exit 1).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

from fiit_cli.export import ExportError

Progress = Callable[[str], None] | None

TOOLKIT_DATE = "2013-01-01T00:00:00Z"  # the toolkit's year, when no record says more


class BadUsage(ExportError):
    """A usage error: the command line or the environment asks for something we refuse."""


class TargetNotEmpty(BadUsage):
    """The target exists and is not empty (or is a file where a directory is wanted)."""


class Unwritable(ExportError):
    """The target cannot be created or written."""


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc)


def prepare_dir(path: Path, force: bool) -> None:
    """Make sure ``path`` is a directory we may write into."""
    if path.exists() and not path.is_dir():
        raise TargetNotEmpty(f"{path} is not a directory")
    if path.is_dir() and not force:
        try:
            empty = next(path.iterdir(), None) is None
        except OSError as exc:
            raise Unwritable(f"cannot read {path}: {_why(exc)}") from None
        if not empty:
            raise TargetNotEmpty(f"{path} is not empty (use --force to write into it)")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise Unwritable(f"cannot create {path}: {_why(exc)}") from None


def prepare_file(path: Path, force: bool) -> None:
    """Make sure ``path`` is a file we may (over)write."""
    if path.is_dir():
        raise TargetNotEmpty(f"{path} is a directory (give a file name)")
    if path.exists() and path.stat().st_size > 0 and not force:
        raise TargetNotEmpty(f"{path} exists (use --force to replace it)")
    parent = path.parent
    if not parent.is_dir():
        try:
            parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise Unwritable(f"cannot create {parent}: {_why(exc)}") from None


def write_bytes(path: Path, data: bytes) -> None:
    """Write a file whole or not at all (a temporary file renamed into place)."""
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise Unwritable(f"cannot write {path}: {_why(exc)}") from None
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise Unwritable(f"cannot write {path}: {_why(exc)}") from None


def write_text(path: Path, text: str) -> None:
    write_bytes(path, text.encode("utf-8"))


def created(checked_dates: Iterable[str] = ()) -> str:
    """The export's creation time: never the wall clock, so exports are reproducible.

    ``SOURCE_DATE_EPOCH`` when set (reproducible-builds.org); else the newest date on which
    a since-2013 record was checked; else the toolkit's year (2013-01-01).
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            when = datetime.fromtimestamp(int(epoch), UTC)
        except (ValueError, OverflowError, OSError):
            raise BadUsage(f"SOURCE_DATE_EPOCH={epoch!r} is not a number of seconds "
                                 "since 1970") from None
        return when.strftime("%Y-%m-%dT%H:%M:%SZ")
    dates = sorted(d for d in checked_dates if d)
    return f"{dates[-1]}T00:00:00Z" if dates else TOOLKIT_DATE
