"""Every name a country profile answers to, kept in the cache directory: a lookup by alias or
a typo reads one small text file instead of the head of every profile.

One file per countries directory and directory state (its path and modification time: a
file added, removed or renamed gives a new one). Each line is ``key<TAB>id<TAB>stamp``: the
normalised name, the profile id, and the profile file's size and modification time when the
index was made. The file names (``normalise(stem)``) come first, then every id, name, ISO code
and alias in the order :meth:`fiit_cli.lookup.NameIndex.index` gives them, so the first line
with a key is the answer name resolution would give.

An answer is checked before it is used: the profile it names must still have the stamp the
index saw (else the index is rebuilt). A name that is not in the index is looked for again
only after every profile's stamp has been compared, so an edit in place that added an alias
is never missed. Delete the cache directory at any time; ``FIIT_NO_CACHE=1`` turns this off.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Any as CountryIndex  # fiit_cli.lookup.CountryIndex (it imports this)

HEADER = "fiit names index 1"


def _stamp(path: Path | str) -> str:
    try:
        st = os.stat(path)
    except OSError:
        return "-"
    return f"{st.st_size}:{st.st_mtime_ns}"


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


class Names:
    """The index of one countries directory (built on first use)."""

    def __init__(self, index: CountryIndex):
        self.index = index
        self.path = _file(index.dir)
        self._text: str | None = None
        self._verified = False  # every profile's stamp compared in this run

    @property
    def usable(self) -> bool:
        return self.path is not None

    def text(self, rebuild: bool = False) -> str:
        if self._text is None and not rebuild:
            try:
                text = self.path.read_text(encoding="utf-8")
                if text.startswith(HEADER + "\n"):
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
        lines = [HEADER]
        lines += [f"{normalise(p.stem)}\t{p.stem}\t{stamps[p.stem]}" for p in paths]
        lines.append("")  # the file names end here
        for n in self.index.read_names():
            for name in (n.id, n.name, n.iso2, *n.aliases):
                if name:
                    lines.append(f"{normalise(name)}\t{n.id}\t{stamps.get(n.id, '-')}")
        text = "\n".join(lines) + "\n"
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            for old in self.path.parent.glob(f"names-{_dir_key(self.index.dir)}-*.txt"):
                old.unlink(missing_ok=True)
            tmp = self.path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(text, encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError:
            pass
        return text

    def _find(self, text: str, key: str) -> tuple[str, str] | None:
        pos = text.find(f"\n{key}\t")
        if pos < 0:
            return None
        end = text.find("\n", pos + 1)
        _, cid, stamp = text[pos + 1:end].split("\t")
        return cid, stamp

    def _current(self, text: str) -> bool:
        """Every profile file as the index saw it (sizes and modification times)."""
        if self._verified:
            return True
        head = text[len(HEADER) + 1:text.find("\n\n")]
        seen = {}
        for line in head.split("\n") if head else []:
            _, stem, stamp = line.split("\t")
            seen[stem] = stamp
        paths = self.index.paths()
        self._verified = len(seen) == len(paths) and all(
            seen.get(p.stem) == _stamp(p) for p in paths)
        return self._verified

    def get(self, key: str) -> str | None:
        """The id the normalised name ``key`` stands for, or None."""
        text = self.text()
        found = self._find(text, key)
        if found is None:
            if self._current(text):
                return None
            text = self.text(rebuild=True)
            found = self._find(text, key)
            return found[0] if found else None
        cid, stamp = found
        if _stamp(self.index.path_for(cid)) == stamp:
            return cid
        found = self._find(self.text(rebuild=True), key)
        return found[0] if found else None

    def mapping(self) -> dict[str, str]:
        """As NameIndex.index(): every name (not the file names) to its id, first wins."""
        text = self.text()
        if not self._current(text):
            text = self.text(rebuild=True)
        out: dict[str, str] = {}
        for line in text[text.find("\n\n") + 2:].split("\n"):
            if line:
                key, cid, _ = line.split("\t")
                out.setdefault(key, cid)
        return out
