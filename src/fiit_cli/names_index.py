"""Every name a country profile answers to, kept in the cache directory: a lookup by alias or
a typo reads one small text file instead of the head of every profile.

One file per countries directory and directory state (its path and modification time: a
file added, removed or renamed gives a new one). Its first line names the format and the
build; the second lists the profile files, in order, after a digest of their sizes and
modification times when the index was made. Then one line ``key<TAB>id<TAB>stamp`` per file
(the normalised file name, the profile id, the file's size and modification time), an empty
line, and one line ``key<TAB>id`` per name: every id, name, ISO code and alias in the order
:meth:`fiit_cli.lookup.NameIndex.index` gives them, so the first line with a key is the answer
name resolution would give.

An answer is checked before it is used: the profile it names must still have the stamp the
index saw (else the index is rebuilt). A name that is not in the index is looked for again
only after every profile's stamp has been compared with the digest, so an edit in place that
added an alias is never missed: one ``stat`` per profile, the cost of a certain "no".

Beside it, the same names as :mod:`fiit_cli.fuzzy` columns (``.fuzzy``, made by the same
build, which its first line names), so "did you mean" does not compare a typo with every
name. Delete the cache directory at any time; ``FIIT_NO_CACHE=1`` turns this off.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Any as CountryIndex  # fiit_cli.lookup.CountryIndex (it imports this)

HEADER = "fiit names index 2"


def _stamp(path: Path | str) -> str:
    try:
        st = os.stat(path)
    except OSError:
        return "-"
    return f"{st.st_size}:{st.st_mtime_ns}"


def _digest(folder: Path, files: list[str]) -> str:
    """The sizes and modification times of ``files`` in one number (Python's hash of the
    integers, which is not salted: the same in every run of the same Python)."""
    prefix = os.path.join(folder, "")
    try:
        stats = list(map(os.stat, [prefix + name for name in files]))
    except OSError:
        return "-"
    return str(hash(tuple([v for st in stats for v in (st.st_size, st.st_mtime_ns)])))


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


class Names:
    """The index of one countries directory (built on first use)."""

    def __init__(self, index: CountryIndex):
        self.index = index
        self.path = _file(index.dir)
        self._text: str | None = None
        self._verified = False  # every profile's stamp compared in this run
        self._fuzzy = None

    @property
    def usable(self) -> bool:
        return self.path is not None

    def text(self, rebuild: bool = False) -> str:
        if self._text is None and not rebuild:
            try:
                text = self.path.read_text(encoding="utf-8")
                if text.startswith(HEADER + " "):
                    self._text = text
            except (OSError, ValueError):
                pass
        if self._text is None or rebuild:
            self._text = self._build()
            self._verified = True
        return self._text

    def _build(self) -> str:
        normalise = self.index.normalise  # lookup's, handed over (no import back: no cycle)
        paths = self.index.paths()
        stamps = {p.stem: _stamp(p) for p in paths}
        files = [p.name for p in paths]
        token = f"{time.time_ns()}-{os.getpid()}"
        lines = [f"{HEADER} {token}",
                 "\t".join(["files", _digest(self.index.dir, files), *files])]
        lines += [f"{normalise(p.stem)}\t{p.stem}\t{stamps[p.stem]}" for p in paths]
        lines.append("")  # the file names end here
        names: dict[str, str] = {}
        for n in self.index.read_names():
            for name in (n.id, n.name, n.iso2, *n.aliases):
                if name:
                    key = normalise(name)
                    names.setdefault(key, n.id)
                    lines.append(f"{key}\t{n.id}")
        text = "\n".join(lines) + "\n"
        self._fuzzy = self._build_fuzzy(token, names)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            for old in self.path.parent.glob(f"names-{_dir_key(self.index.dir)}-*"):
                old.unlink(missing_ok=True)
        except OSError:
            pass
        _write(self.path.with_suffix(".fuzzy"), self._fuzzy_data)
        _write(self.path, text.encode("utf-8"))
        return text

    def _build_fuzzy(self, token: str, names: dict[str, str]):
        from fiit_cli.fuzzy import Fuzzy, build

        self._fuzzy_data = build(names, token)
        return Fuzzy(self._fuzzy_data)

    def _find(self, text: str, key: str) -> tuple[str, str] | None:
        """The id and stamp of the first line with ``key`` (a file name, else a name)."""
        pos = text.find(f"\n{key}\t")
        if pos < 0:
            return None
        end = text.find("\n", pos + 1)
        fields = text[pos + 1:end].split("\t")
        cid = fields[1]
        if len(fields) == 3:
            return cid, fields[2]
        return cid, self._stamp_of(text, cid)

    def _stamp_of(self, text: str, cid: str) -> str:
        """The stamp the index saw for profile ``cid`` (its line among the file names)."""
        head = text.find("\n\n")
        pos = text.find(f"\t{cid}\t", 0, head)
        if pos < 0:
            return "-"
        return text[pos + len(cid) + 2:text.find("\n", pos)]

    def _files_line(self, text: str) -> list[str]:
        start = text.find("\n") + 1
        return text[start:text.find("\n", start)].split("\t")

    def files(self) -> list[str]:
        """The profile files' names, in order, as the index saw them."""
        return self._files_line(self.text())[2:]

    def _current(self, text: str) -> bool:
        """Every profile file as the index saw it (sizes and modification times)."""
        if self._verified:
            return True
        _, digest, *files = self._files_line(text)
        self._verified = digest != "-" and _digest(self.index.dir, files) == digest
        return self._verified

    def _checked(self) -> str:
        """The text, rebuilt first unless every profile is as the index saw it."""
        text = self.text()
        return text if self._current(text) else self.text(rebuild=True)

    def get(self, key: str) -> str | None:
        """The id the normalised name ``key`` stands for, or None."""
        text = self.text()
        found = self._find(text, key)
        if found is None:
            if self._current(text):
                return None
            found = self._find(self.text(rebuild=True), key)
            return found[0] if found else None
        cid, stamp = found
        if _stamp(self.index.path_for(cid)) == stamp:
            return cid
        found = self._find(self.text(rebuild=True), key)
        return found[0] if found else None

    def mapping(self) -> dict[str, str]:
        """As NameIndex.index(): every name (not the file names) to its id, first wins."""
        text = self._checked()
        out: dict[str, str] = {}
        for line in text[text.find("\n\n") + 2:].split("\n"):
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
        text = self._checked()
        pos = text.find(f"\n{key}", text.find("\n\n"))
        if pos < 0:
            return None
        return text[text.find("\t", pos + 1) + 1:text.find("\n", pos + 1)]

    def close_matches(self, key: str, n: int, cutoff: float) -> list[str]:
        """difflib.get_close_matches(key, every name, n, cutoff), from the fuzzy columns."""
        from fiit_cli.fuzzy import Fuzzy, close_matches, token_of

        text = self._checked()
        if self._fuzzy is None:
            token = text[len(HEADER) + 1:text.find("\n")]
            try:
                data = self.path.with_suffix(".fuzzy").read_bytes()
                if token_of(data) == token:
                    self._fuzzy = Fuzzy(data)
            except (OSError, ValueError):
                pass
            if self._fuzzy is None:  # missing or from another build: made again
                self._fuzzy = self._build_fuzzy(token, self.mapping())
                _write(self.path.with_suffix(".fuzzy"), self._fuzzy_data)
        found = self._fuzzy.close_matches(key, n, cutoff)
        if found is None:  # a query the columns cannot answer: difflib's way, every name
            found = close_matches(key, list(self.mapping()), n, cutoff)
        return found
