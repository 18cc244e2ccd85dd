"""Every name a country profile answers to, kept in the cache directory: a lookup by alias or
a typo reads a few lines of one file instead of the head of every profile.

One file per countries directory and directory state (its path and modification time: a
file added, removed or renamed gives a new one). Its first line names the format and the
build; the second gives the number of buckets and where each part of the rest starts (byte
offsets), then each part's CRC-32, checked when the part is read (a damaged part: the index
is made again). The rest: one line listing the profile files, in order, after a digest of
their sizes, modification times and inodes when the index was made; the buckets, each a few
lines ``key<TAB>id<TAB>stamp`` (a name, normalised; the profile id; the profile file's
:func:`fiit_cli.cache.stamp`), a name's bucket given by its SHA-256; and every name again,
``key<TAB>id`` in the order :meth:`fiit_cli.lookup.NameIndex.index` gives them. Within a
bucket the file names (``normalise(stem)``) come first, then the names in that order, so the
first line with a key is the answer name resolution would give, and a lookup reads its bucket
alone.

An answer is checked before it is used: the profile it names must still have the stamp the
index saw (else the index is rebuilt). A name that is not in the index is looked for again
only after every profile's size and time have been compared with the digest, so an edit in
place that added an alias is never missed: one ``stat`` per profile, the cost of a certain
"no".

Beside it, the same names as :mod:`fiit_cli.fuzzy` columns (``.fuzzy``, made by the same
build, which its first line names), so "did you mean" does not compare a typo with every
name. Delete the cache directory at any time; ``FIIT_NO_CACHE=1`` turns this off.
"""

from __future__ import annotations

import operator
import os
import time
import weakref
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

from fiit_cli.cache import stamp

if TYPE_CHECKING:
    from typing import Any as CountryIndex  # fiit_cli.lookup.CountryIndex (it imports this)

HEADER = b"fiit names index 4"
PER_BUCKET = 32  # names per bucket, about
FIRST_READ = 1 << 16  # bytes read for the two header lines (more if they are longer)


def _digest(folder: Path, files: list[str]) -> str:
    """The sizes, modification times and inodes of ``files`` in one number (Python's hash of the
    integers, which is not salted: the same in every run of the same Python)."""
    prefix = os.path.join(folder, "")
    stamp = operator.attrgetter("st_size", "st_mtime_ns", "st_ino")
    try:  # one stat at a time, kept as three numbers: no thousands of stat results at once
        return str(hash(tuple(map(stamp, map(os.stat, [prefix + name for name in files])))))
    except OSError:
        return "-"


def _file(countries: Path) -> Path | None:
    from fiit_cli import cache

    root = cache.directory()
    if root is None:
        return None
    try:
        mtime = os.stat(countries).st_mtime_ns
    except OSError:
        return None
    return root / f"names-{_dir_key(countries)}-{mtime}.txt"


def _dir_key(countries: Path) -> str:
    from fiit_cli.cache import sha256

    return sha256(os.path.abspath(countries).encode()).hexdigest()[:16]


def _write(path: Path, data: bytes) -> None:
    try:
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:
        pass


def _write_fuzzy(path: Path, data: bytes) -> None:
    """The fuzzy columns, after a line with their CRC-32."""
    _write(path, b"%d\n" % zlib.crc32(data) + data)


def _read_fuzzy(path: Path) -> bytes | None:
    """The fuzzy columns _write_fuzzy wrote, or None if they are not whole."""
    head, _, data = path.read_bytes().partition(b"\n")
    return data if head.isdigit() and int(head) == zlib.crc32(data) else None


def _pread(fd: int, size: int, offset: int) -> bytes:
    if hasattr(os, "pread"):
        return os.pread(fd, size, offset)
    os.lseek(fd, offset, os.SEEK_SET)  # pragma: no cover - Windows has no pread
    return os.read(fd, size)


def _bucket(key: str, buckets: int) -> int:
    from fiit_cli.cache import sha256

    return int.from_bytes(sha256(key.encode("utf-8")).digest()[:4], "big") % buckets


class Names:
    """The index of one countries directory (built on first use)."""

    def __init__(self, index: CountryIndex):
        self.index = index
        self.path = _file(index.dir)
        self._data: bytes | None = None  # the whole file, once read or built
        self._head: tuple[str, list[int], int] | None = None  # token, offsets, body start
        self._sums: list[int] = []  # each part's CRC-32
        self._fd = -1
        self._verified = False  # every profile's stamp compared in this run
        self._fuzzy = None

    @property
    def usable(self) -> bool:
        return self.path is not None

    # ------------------------------------------------------------ the file

    def _header(self, rebuild: bool = False) -> tuple[str, list[int], int]:
        """The build's token, the parts' offsets and where they start; the file is kept
        open, so every part read comes from the same build even if another run replaces it."""
        if self._head is None and not rebuild:
            try:
                fd = os.open(self.path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
            except OSError:
                fd = None
            if fd is not None:
                weakref.finalize(self, os.close, fd)
                try:
                    size, wanted = os.fstat(fd).st_size, FIRST_READ
                    start = _pread(fd, wanted, 0)
                    while start.count(b"\n", 0, wanted) < 2 and wanted < size:
                        wanted *= 4  # many buckets: a longer second line
                        start = _pread(fd, wanted, 0)
                    first = start.find(b"\n") + 1
                    second = start.find(b"\n", first) + 1
                    where, _, sums = start[first:second].partition(b"|")
                    offsets = [int(x) for x in where.split()] if second else []
                    self._sums = [int(x) for x in sums.split()]
                    # (four offsets at least: the files line, one bucket, the names)
                    if (start.startswith(HEADER + b" ") and len(offsets) >= 4
                            and len(self._sums) == len(offsets) - 1
                            and offsets[-1] == size - second):
                        self._head = (start[len(HEADER) + 1:first - 1].decode(), offsets,
                                      second)
                        self._fd = fd
                except (OSError, ValueError):
                    pass
        if self._head is None or rebuild:
            self._build()
            self._verified = True
        return self._head  # type: ignore[return-value]

    def _span(self, part: str | tuple[str, str]) -> tuple[int, int, int]:
        """Where a part starts and ends, and its CRC-32."""
        _, offsets, _ = self._header()
        if part == "files":
            i = 0
        elif part == "names":
            i = len(offsets) - 2
        else:
            i = 1 + _bucket(part[1], len(offsets) - 3)  # ("bucket", key)
        return offsets[i], offsets[i + 1], self._sums[i]

    def _part(self, part: str | tuple[str, str]) -> str:
        """One part after the header, as text: "files", "names" or ("bucket", key)."""
        start, end, crc = self._span(part)
        if self._data is None:
            try:
                data = _pread(self._fd, end - start, self._head[2] + start)
                if len(data) == end - start and zlib.crc32(data) == crc:
                    return data.decode("utf-8")
            except (OSError, ValueError):
                pass
            self._header(rebuild=True)  # unreadable or damaged: made again, answered from memory
            start, end, _ = self._span(part)
        body = self._head[2]
        return self._data[body + start:body + end].decode("utf-8")

    def _build(self) -> None:
        normalise = self.index.normalise  # lookup's, handed over (no import back: no cycle)
        paths = self.index.paths()
        stamps = {p.stem: stamp(p) for p in paths}
        files = [p.name for p in paths]
        token = f"{time.time_ns()}-{os.getpid()}"
        rows = [(normalise(p.stem), p.stem) for p in paths]  # the file names first
        names: dict[str, str] = {}
        ordered = []
        for n in self.index.read_names():
            for name in (n.id, n.name, n.iso2, *n.aliases):
                if name:
                    key = normalise(name)
                    names.setdefault(key, n.id)
                    ordered.append(f"{key}\t{n.id}\n")
        rows += [(key, cid) for key, cid in names.items()]
        count = max(1, len(rows) // PER_BUCKET)
        buckets: list[list[str]] = [[] for _ in range(count)]
        for key, cid in rows:
            buckets[_bucket(key, count)].append(f"{key}\t{cid}\t{stamps.get(cid, '-')}\n")
        parts = [("\t".join(["files", _digest(self.index.dir, files), *files]) + "\n"),
                 *("".join(b) for b in buckets), "".join(ordered)]
        encoded = [part.encode("utf-8") for part in parts]
        offsets = [0]
        for part in encoded:
            offsets.append(offsets[-1] + len(part))
        first = HEADER + b" " + token.encode() + b"\n"
        self._sums = [zlib.crc32(part) for part in encoded]
        second = (" ".join(map(str, offsets)) + " | "
                  + " ".join(map(str, self._sums))).encode() + b"\n"
        self._data = first + second + b"".join(encoded)
        self._head = (token, offsets, len(first) + len(second))
        self._fuzzy = self._build_fuzzy(token, names)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            for old in self.path.parent.glob(f"names-{_dir_key(self.index.dir)}-*"):
                old.unlink(missing_ok=True)
        except OSError:
            pass
        _write_fuzzy(self.path.with_suffix(".fuzzy"), self._fuzzy_data)
        _write(self.path, self._data)

    def _build_fuzzy(self, token: str, names: dict[str, str]):
        from fiit_cli.fuzzy import Fuzzy, build

        self._fuzzy_data = build(names, token)
        return Fuzzy(self._fuzzy_data)

    # ------------------------------------------------------------ questions

    def _find(self, key: str) -> tuple[str, str] | None:
        """The id and stamp of the first line with ``key`` (a file name, else a name)."""
        lines = "\n" + self._part(("bucket", key))
        pos = lines.find(f"\n{key}\t")
        if pos < 0:
            return None
        _, cid, stamp = lines[pos + 1:lines.find("\n", pos + 1)].split("\t")
        return cid, stamp

    def _files_line(self) -> list[str]:
        return self._part("files").rstrip("\n").split("\t")

    def files(self) -> list[str]:
        """The profile files' names, in order, as the index saw them."""
        return self._files_line()[2:]

    def _current(self) -> bool:
        """Every profile file as the index saw it (sizes and modification times)."""
        if self._verified:
            return True
        _, digest, *files = self._files_line()
        self._verified = digest != "-" and _digest(self.index.dir, files) == digest
        return self._verified

    def _checked(self) -> None:
        """Rebuilt first unless every profile is as the index saw it."""
        if not self._current():
            self._header(rebuild=True)

    def get(self, key: str) -> str | None:
        """The id the normalised name ``key`` stands for, or None."""
        found = self._find(key)
        if found is None:
            if self._current():
                return None
            self._header(rebuild=True)
            found = self._find(key)
            return found[0] if found else None
        cid, seen = found
        if stamp(self.index.path_for(cid)) == seen:
            return cid
        self._header(rebuild=True)
        found = self._find(key)
        return found[0] if found else None

    def _ordered(self) -> str:
        """Every name, in order, a line ``key<TAB>id`` each."""
        self._checked()
        return self._part("names")

    def mapping(self) -> dict[str, str]:
        """As NameIndex.index(): every name (not the file names) to its id, first wins."""
        out: dict[str, str] = {}
        for line in self._ordered().split("\n"):
            if line:
                key, cid = line.split("\t")
                out.setdefault(key, cid)
        return out

    # ------------------------------------------------------------ 'did you mean'

    def id_of(self, key: str) -> str:
        """The id of a name close_matches() has answered (as mapping() gives it)."""
        try:
            return self._fuzzy.value(key)
        except (AttributeError, KeyError):  # answered without the columns
            return self.mapping()[key]

    def with_prefix(self, key: str) -> str | None:
        """The id of the first name that starts with ``key``, as mapping() orders them."""
        lines = "\n" + self._ordered()
        pos = lines.find(f"\n{key}")
        if pos < 0:
            return None
        return lines[lines.find("\t", pos + 1) + 1:lines.find("\n", pos + 1)]

    def close_matches(self, key: str, n: int, cutoff: float) -> list[str]:
        """difflib.get_close_matches(key, every name, n, cutoff), from the fuzzy columns."""
        from fiit_cli.fuzzy import Fuzzy, close_matches, token_of

        self._checked()
        if self._fuzzy is None:
            token = self._header()[0]
            try:
                data = _read_fuzzy(self.path.with_suffix(".fuzzy"))
                if data is not None and token_of(data) == token:
                    self._fuzzy = Fuzzy(data)
            except (OSError, ValueError):
                pass
            if self._fuzzy is None:  # missing or from another build: made again
                self._fuzzy = self._build_fuzzy(token, self.mapping())
                _write_fuzzy(self.path.with_suffix(".fuzzy"), self._fuzzy_data)
        found = self._fuzzy.close_matches(key, n, cutoff)
        if found is None:  # a query the columns cannot answer: difflib's way, every name
            found = close_matches(key, list(self.mapping()), n, cutoff)
        return found
