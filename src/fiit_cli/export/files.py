"""Careful output for the exports: stage beside the target, swap in whole, keep a manifest.

Every export is built in a staging folder beside its target (``.NAME.fiit-XXXXXXXX.tmp``)
and only then moved into place, so a run that fails or is killed leaves the target as it
was. A directory export (Data Package, HSDS) keeps a manifest, ``.fiit-manifest.json``: the
path and SHA-256 of every file fiit wrote there, as pip's ``RECORD`` does for a wheel.
``--force`` replaces or removes a file only when the manifest names it and its bytes are
still what fiit wrote; anything else in the target is someone else's and is left alone (a
file of someone else's where fiit must write is refused, exit 2). Symbolic links inside the
target are never followed.

Committing a directory export:

- target absent or empty: the staging folder is renamed onto it (one atomic rename);
- target holding fiit's files only: the two folders are exchanged in one atomic step
  (Linux ``renameat2(RENAME_EXCHANGE)``), and the old one is removed;
- otherwise (other files beside fiit's, or no atomic exchange): fiit's files are moved in one
  by one (``os.replace``), the descriptor (``datapackage.json``, ``index.json``) removed
  first and put back last, under a manifest that names old and new files alike, so an
  interrupted run leaves no descriptor over mixed tables and the next ``--force`` finishes.

A staging folder left by a killed run is removed by the next export to the same target; one
still in use by another run (locked) is left alone.

Two kinds of error, each naming what is wrong: :class:`BadUsage` (a usage error, exit 2: the
target holds something and ``--force`` was not given, holds a file fiit did not write where
fiit must write, is of the wrong kind, or ``SOURCE_DATE_EPOCH`` is not a number) and
:class:`Unwritable` (the target cannot be created or written, exit 1).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from fiit_cli.export import ExportError

Progress = Callable[[str], None] | None

TOOLKIT_DATE = "2013-01-01T00:00:00Z"  # the toolkit's year, when no record says more
MANIFEST = ".fiit-manifest.json"


class BadUsage(ExportError):
    """A usage error: the command line or the environment asks for something we refuse."""


class TargetNotEmpty(BadUsage):
    """The target exists and is not empty (or is a file where a directory is wanted)."""


class Unwritable(ExportError):
    """The target cannot be created or written."""


def _why(exc: OSError) -> str:
    return exc.strerror or str(exc)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path) -> str | None:
    """The SHA-256 of a regular file (never through a symbolic link), else None."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            return None
        digest = hashlib.sha256()
        for block in iter(lambda: f.read(1 << 16), b""):
            digest.update(block)
    return digest.hexdigest()


# ---------------------------------------------------------------- staging


def _lock(path: Path) -> int | None:
    """Hold an advisory lock on a staging folder while this run uses it."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        return None
    fd = os.open(path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        raise
    return fd


def _leftover_name(target: Path) -> re.Pattern[str]:
    return re.compile(rf"\.{re.escape(target.name)}\.fiit-[a-z0-9_]{{8}}\.tmp")


def clean_leftovers(target: Path) -> None:
    """Remove staging folders that killed runs of fiit left beside ``target`` (ours only)."""
    pattern = _leftover_name(target)
    try:
        entries = list(os.scandir(target.parent))
    except OSError:
        return
    for entry in entries:
        if not pattern.fullmatch(entry.name) or not entry.is_dir(follow_symlinks=False):
            continue
        try:
            fd = _lock(Path(entry.path))
        except OSError:  # another run is using it, or it cannot be opened
            continue
        try:
            shutil.rmtree(entry.path, ignore_errors=True)
        finally:
            if fd is not None:
                os.close(fd)


class Staging:
    """A locked staging folder beside ``target``, removed on exit unless moved into place."""

    def __init__(self, target: Path):
        self.target = target
        self.path: Path | None = None
        self._fd: int | None = None

    def __enter__(self) -> Staging:
        parent = self.target.parent
        if not parent.is_dir():
            try:
                parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise Unwritable(f"cannot create {parent}: {_why(exc)}") from None
        clean_leftovers(self.target)
        try:
            self.path = Path(tempfile.mkdtemp(dir=parent, prefix=f".{self.target.name}.fiit-",
                                              suffix=".tmp"))
            self._fd = _lock(self.path)
        except OSError as exc:
            raise Unwritable(f"cannot write {self.target}: {_why(exc)}") from None
        return self

    def write(self, rel: str, data: bytes) -> None:
        assert self.path is not None
        path = self.path / rel
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            os.chmod(path, 0o644)
        except OSError as exc:
            raise Unwritable(f"cannot write {self.target}: {_why(exc)}") from None

    def __exit__(self, *exc: object) -> None:
        if self.path is not None and os.path.lexists(self.path):
            shutil.rmtree(self.path, ignore_errors=True)
        if self._fd is not None:
            os.close(self._fd)


# ---------------------------------------------------------------- the manifest


def _safe(rel: object) -> str | None:
    """A manifest path we accept: relative, inside the target, no '..', no backslash."""
    if not isinstance(rel, str) or not rel or "\\" in rel or "\x00" in rel:
        return None
    parts = PurePosixPath(rel).parts
    if rel.startswith("/") or any(p in ("", ".", "..") for p in parts):
        return None
    return "/".join(parts)


def read_manifest(target: Path) -> dict[str, set[str]]:
    """What fiit wrote into ``target``: path → SHA-256 digests (empty when none is readable)."""
    path = target / MANIFEST
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as f:
            document = json.loads(f.read(1 << 24))
    except (OSError, ValueError):
        return {}
    files: dict[str, set[str]] = {}
    entries = document.get("files") if isinstance(document, dict) else None
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict):
            continue
        rel, digest = _safe(entry.get("path")), entry.get("sha256")
        if rel and rel != MANIFEST and isinstance(digest, str):
            files.setdefault(rel, set()).add(digest)
    return files


def manifest_bytes(kind: str, files: Iterable[tuple[str, str]], complete: bool = True) -> bytes:
    from fiit_cli import __version__

    document: dict = {"written_by": f"fiit {__version__}", "export": kind,
                      "note": "The files fiit wrote here. fiit export --force replaces or "
                              "removes these files only, and only while unchanged."}
    if not complete:
        document["complete"] = False
    document["files"] = [{"path": rel, "sha256": digest} for rel, digest in sorted(set(files))]
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _survey(target: Path, manifest: dict[str, set[str]]) -> tuple[dict[str, str], list[str]]:
    """Split what ``target`` holds into fiit's unchanged files (path → digest) and the rest."""
    ours: dict[str, str] = {}
    others: list[str] = []
    for top, dirs, names in os.walk(target):
        base = Path(top).relative_to(target)
        for d in list(dirs):
            if os.path.islink(os.path.join(top, d)):
                others.append((base / d).as_posix())
                dirs.remove(d)
        for name in names:
            rel = (base / name).as_posix()
            if rel == MANIFEST:
                continue
            digest = file_digest(target / rel) if rel in manifest else None
            if digest is not None and digest in manifest[rel]:
                ours[rel] = digest
            else:
                others.append(rel)
    needed = {str(p) for rel in manifest for p in PurePosixPath(rel).parents}
    for top, dirs, _ in os.walk(target):
        for d in dirs:
            rel = (Path(top).relative_to(target) / d).as_posix()
            if rel not in needed and not any(o.startswith(rel + "/") for o in others):
                others.append(rel + "/")  # a folder of someone else's, even an empty one
    return ours, sorted(set(others))


def _inside(target: Path, rel: str) -> str | None:
    """Why ``target/rel`` cannot be written without leaving the target, or None."""
    path = target
    for part in PurePosixPath(rel).parent.parts:
        path = path / part
        if path.is_symlink():
            return f"{path} is a symbolic link: fiit writes only inside {target}"
        if os.path.lexists(path) and not path.is_dir():
            return f"{path} is not a directory"
    return None


# ---------------------------------------------------------------- committing


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directory entries in one atomic step; False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes
    import errno

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                          ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.EXDEV, errno.EBUSY, errno.ENOTSUP):
        return False
    raise OSError(err, os.strerror(err), str(b))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_tree(target: Path, force: bool, kind: str, files: Iterable[tuple[str, bytes]],
               descriptor: str) -> list[Path]:
    """Write an export's ``files`` (path in the target, bytes) into ``target``, whole.

    ``descriptor`` is the file that makes the rest a package (written last when files are
    moved in one by one). Returns the paths written.
    """
    if target.is_symlink() and target.is_dir():
        target = Path(os.path.realpath(target))  # the folder the user named, wherever it is
    if os.path.lexists(target) and not target.is_dir():
        raise TargetNotEmpty(f"{target} is not a directory")
    if target.is_dir() and not force:
        try:
            empty = next(target.iterdir(), None) is None
        except OSError as exc:
            raise Unwritable(f"cannot read {target}: {_why(exc)}") from None
        if not empty:
            raise TargetNotEmpty(f"{target} is not empty (use --force to write into it)")
    with Staging(target) as staging:
        assert staging.path is not None
        new: dict[str, str] = {}
        for rel, data in files:
            staging.write(rel, data)
            new[rel] = sha256(data)
        staging.write(MANIFEST, manifest_bytes(kind, new.items()))
        try:
            _commit(staging.path, target, kind, new, descriptor)
        except OSError as exc:
            raise Unwritable(f"cannot write {target}: {_why(exc)}") from None
    return [target / rel for rel in new]


def _commit(staged: Path, target: Path, kind: str, new: dict[str, str],
            descriptor: str) -> None:
    if not os.path.lexists(target):
        os.chmod(staged, 0o777 & ~_umask())
        os.replace(staged, target)
        return
    try:
        empty = next(target.iterdir(), None) is None
    except OSError as exc:
        raise Unwritable(f"cannot read {target}: {_why(exc)}") from None
    mode = stat.S_IMODE(target.stat().st_mode)
    if empty:
        os.chmod(staged, mode)
        try:
            os.replace(staged, target)  # a rename onto an empty folder
            return
        except OSError:
            pass  # e.g. a mount point: move the files in instead
    old, others = _survey(target, read_manifest(target))
    taken = [rel for rel in new if os.path.lexists(target / rel) and rel not in old]
    for rel in new:
        why = _inside(target, rel)
        if why:
            raise BadUsage(f"{why}; move it away, or export into another directory")
    if taken:
        raise BadUsage(f"{target / taken[0]} was not written by fiit (it is not in "
                       f"{target / MANIFEST}, or was changed since): fiit --force replaces "
                       "only its own files; move it away, or export into another directory")
    if not others:
        os.chmod(staged, mode)
        if _exchange(staged, target):
            shutil.rmtree(staged, ignore_errors=True)  # the old export, now in staging's place
            return
    _move_in(staged, target, kind, old, new, descriptor)


def _move_in(staged: Path, target: Path, kind: str, old: dict[str, str], new: dict[str, str],
             descriptor: str) -> None:
    """Move fiit's files in one by one: descriptor out first, in last; a manifest throughout."""
    pending = staged / ".fiit-manifest.pending"
    pending.write_bytes(manifest_bytes(kind, [*old.items(), *new.items()], complete=False))
    os.replace(pending, target / MANIFEST)
    if descriptor in old:
        (target / descriptor).unlink(missing_ok=True)
    for rel in sorted(new):
        if rel != descriptor:
            (target / rel).parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged / rel, target / rel)
    for rel in sorted(set(old) - set(new)):
        if _inside(target, rel) is None and file_digest(target / rel) == old[rel]:
            (target / rel).unlink(missing_ok=True)
            for parent in PurePosixPath(rel).parents:
                if str(parent) == ".":
                    break
                try:
                    (target / parent).rmdir()  # only when empty
                except OSError:
                    break
    if descriptor in new:
        os.replace(staged / descriptor, target / descriptor)
    os.replace(staged / MANIFEST, target / MANIFEST)


# ---------------------------------------------------------------- a single-file export


def owned_by_fiit(path: Path, is_ours: Callable[[Path], bool]) -> bool:
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    if st.st_size == 0 and stat.S_ISREG(st.st_mode):
        return True
    return stat.S_ISREG(st.st_mode) and is_ours(path)


def check_file(path: Path, force: bool, is_ours: Callable[[Path], bool]) -> None:
    """Make sure ``path`` is a file we may (over)write: absent, empty, or fiit's with --force."""
    if path.is_dir():
        raise TargetNotEmpty(f"{path} is a directory (give a file name)")
    if os.path.lexists(path) and (path.is_symlink() or path.stat().st_size > 0):
        if not force:
            raise TargetNotEmpty(f"{path} exists (use --force to replace it)")
        if not owned_by_fiit(path, is_ours):
            raise BadUsage(f"{path} was not written by fiit: --force replaces only fiit's own "
                           "exports; move it away, or choose another name")


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
