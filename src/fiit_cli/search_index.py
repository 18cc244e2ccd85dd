"""A search index kept with the record cache: `fiit search` on thousands of profiles without
loading them.

What it keeps, for one data directory (``search-<dir>/`` in the cache directory):

* ``fields``: every searchable field (:class:`fiit_cli.search.Field`), one JSON line each,
  in the order the search command builds them (the profiles in file-name order, all
  sections; then the practices; then the hotlines), and where each line starts;
* ``spaced`` and ``squashed``: each field's text through :func:`fiit_cli.search.quick_fold`,
  one line per field, so the pre-filter of :func:`fiit_cli.search.match` runs as a scan of
  two files in C instead of a loop over every field in Python;
* per field: its country (the profile, or what a practice or hotline belongs to), its
  section, and its name bonus (:func:`fiit_cli.search._bonus`), so filters and ranking need
  no field text.

It is rebuilt when any data file changes (their sizes and modification times are compared
on every run) or fiit's search code does. A search then reads only the fields that pass the
pre-filter, best possible score first, and stops when no remaining one can enter the top
``limit``: the hits, their order and their scores are those of
``search.search(all_fields, query, limit)``.

Plugging in (the search command, with ``index`` the CountryIndex, ``annex`` the hotlines,
``wanted`` the country id or None, ``slugs`` the sections or None)::

    from fiit_cli import search_index
    found = search_index.search(index, annex, text, limit, wanted, slugs)
    if found is None:  # no cache directory: build the fields and search them as before
        ...

A search with other matching rules keeps :func:`corpus_fields` (the cached field list) and
:meth:`SearchIndex.candidates` (fields whose folded text holds given strings), and replaces
:func:`search` with its own ranking over those candidates.
"""

from __future__ import annotations

import hashlib  # noqa: F401 - OpenSSL's SHA-256 for the cache keys of many files
import heapq
import json
import os
from array import array
from collections.abc import Iterator
from pathlib import Path
from typing import Any

VERSION = b"fiit search index 1"
CHUNK = 8 << 20  # bytes of a folded-text file read at a time (bounds the memory used)


def _stamp(path: Path) -> str:
    try:
        st = os.stat(path)
    except OSError:
        return "-"
    return f"{st.st_size}:{st.st_mtime_ns}"


def _code_fingerprint() -> str:
    from fiit_cli import __version__
    from fiit_cli.cache import sha256

    here = Path(__file__).resolve().parent
    h = sha256(VERSION + __version__.encode())
    for name in ("search.py", "search_index.py", "lookup.py", "models.py"):
        try:
            h.update((here / name).read_bytes())
        except OSError:
            h.update(b"-")
    return h.hexdigest()


class SearchIndex:
    def __init__(self, folder: Path):
        self.folder = folder
        self.offsets = array("q")
        self.country = array("i")
        self.alt = array("i")
        self.section = array("b")
        self.bonus = array("d")
        self.names: list[str] = []
        self.sections: list[str] = []

    # ------------------------------------------------------------ building

    @classmethod
    def build(cls, folder: Path, fields: Iterator[Any], alt_of: dict[str, str]) -> SearchIndex:
        from fiit_cli.search import _bonus, quick_fold

        tmp = folder.with_name(f"{folder.name}.{os.getpid()}.tmp")
        tmp.mkdir(parents=True, exist_ok=True)
        self = cls(tmp)
        names: dict[str, int] = {}
        sections: dict[str | None, int] = {None: 0}
        with open(tmp / "fields", "wb") as meta, open(tmp / "spaced", "wb") as spaced, \
                open(tmp / "squashed", "wb") as squashed:
            pos = 0
            for f in fields:
                line = json.dumps([f.kind, f.owner, f.owner_name, f.area, f.section, f.path,
                                   f.text], ensure_ascii=False).encode() + b"\n"
                self.offsets.append(pos)
                pos += len(line)
                meta.write(line)
                sp, sq = quick_fold(f.text)
                spaced.write(sp.replace("\n", " ").encode() + b"\n")
                squashed.write(sq.replace("\n", "").encode() + b"\n")
                self.country.append(names.setdefault(f.owner, len(names)))
                alt = alt_of.get(f.owner) if f.kind != "profile" else None
                self.alt.append(-1 if alt is None else names.setdefault(alt, len(names)))
                self.section.append(sections.setdefault(f.section, len(sections)))
                self.bonus.append(_bonus(f))
            self.offsets.append(pos)
        self.names = list(names)
        self.sections = [s or "" for s in sections]
        for name in ("offsets", "country", "alt", "section", "bonus"):
            with open(tmp / f"{name}.bin", "wb") as fh:
                getattr(self, name).tofile(fh)
        (tmp / "names.json").write_text(json.dumps([self.names, self.sections]),
                                        encoding="utf-8")
        return self

    @classmethod
    def load(cls, folder: Path) -> SearchIndex:
        self = cls(folder)
        for name in ("offsets", "country", "alt", "section", "bonus"):
            arr = getattr(self, name)
            path = folder / f"{name}.bin"
            with open(path, "rb") as fh:
                arr.fromfile(fh, os.path.getsize(path) // arr.itemsize)
        self.names, self.sections = json.loads((folder / "names.json").read_text("utf-8"))
        return self

    # ------------------------------------------------------------ reading

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def _containing(self, name: str, needle: str) -> set[int]:
        """The fields whose line in ``name`` (spaced or squashed) holds ``needle``: a scan in
        C, a block of whole lines at a time; a field's number is the newlines before it."""
        import re

        found: set[int] = set()
        data = needle.encode()
        if not data or b"\n" in data:
            return found
        pattern = re.compile(re.escape(data))
        first = 0  # the field number of the block's first line
        with open(self.folder / name, "rb") as fh:
            while block := fh.read(CHUNK):
                if not block.endswith(b"\n"):
                    block += fh.readline()
                line, last = first, 0
                for m in pattern.finditer(block):
                    line += block.count(b"\n", last, m.start())
                    last = m.start()
                    found.add(line)
                first += block.count(b"\n")
        return found

    def candidates(self, squashed: str, terms: list[str]) -> set[int]:
        """Fields passing :func:`fiit_cli.search.match`'s pre-filter: the squashed query
        in the squashed text, or every term in the spaced text."""
        out = self._containing("squashed", squashed)
        if terms and terms != [squashed]:  # one word: in the spaced text only if squashed
            rarest = None
            for t in terms:
                hits = self._containing("spaced", t)
                rarest = hits if rarest is None else rarest & hits
                if not rarest:
                    break
            out |= rarest or set()
        return out

    def field(self, i: int):
        from fiit_cli.search import Field

        with open(self.folder / "fields", "rb") as fh:
            return self._read_field(fh, i, Field)

    def _read_field(self, fh, i: int, Field):
        fh.seek(self.offsets[i])
        kind, owner, owner_name, area, section, path, text = json.loads(
            fh.read(self.offsets[i + 1] - self.offsets[i]))
        return Field(kind, owner, owner_name, area, section, path, text)

    def fields(self):
        """Every field, in order (a generator: they are read one by one)."""
        from fiit_cli.search import Field

        with open(self.folder / "fields", "rb") as fh:
            for line in fh:
                kind, owner, owner_name, area, section, path, text = json.loads(line)
                yield Field(kind, owner, owner_name, area, section, path, text)

    # ------------------------------------------------------------ searching

    def search(self, query: str, limit: int | None, wanted: str | None,
               slugs: list[str] | None) -> list:
        """As ``search.search(fields, query, limit)`` over the fields the command selects."""
        from fiit_cli import search as s

        folded = s.fold_query(query)
        if not folded[1]:
            return []
        allowed = self._filter(wanted, slugs)
        pool = [(-(3.0 + self.bonus[i]), i) for i in self.candidates(folded[1], folded[2])
                if allowed(i)]
        heapq.heapify(pool)
        hits: list = []  # (-(score), i, hit), best first once sorted
        worst = None
        with open(self.folder / "fields", "rb") as fh:
            while pool:
                bound, i = pool[0]
                if limit and len(hits) >= limit and -bound < worst:
                    break  # nothing left can reach the top `limit`
                heapq.heappop(pool)
                hit = s.match(self._read_field(fh, i, s.Field), folded)
                if hit is None:
                    continue
                hits.append((-hit.score, i, hit))
                if limit and len(hits) >= limit:
                    hits.sort(key=lambda h: (h[0], h[1]))
                    del hits[limit:]
                    worst = -hits[-1][0]
        hits.sort(key=lambda h: (h[0], h[1]))
        found = [h for _, _, h in hits]
        return found[:limit] if limit else found

    def _filter(self, wanted: str | None, slugs: list[str] | None):
        """Which fields the search command would have built (see cli/searching.py)."""
        sections = None
        if slugs:
            sections = {k for k, name in enumerate(self.sections) if name in slugs}
        who = self.names.index(wanted) if wanted is not None and wanted in self.names else None

        def allowed(i: int) -> bool:
            if sections is not None and self.section[i] not in sections:
                return False  # sections chosen: profile fields of those sections only
            if wanted is None:
                return True
            return who is not None and (self.country[i] == who or self.alt[i] == who)
        return allowed


# ---------------------------------------------------------------- the index of a directory


def _inputs(index, root: Path) -> list[Path]:
    return [*index.paths(), root / "hotlines.yaml", root / "practices.yaml"]


def _folder(root: Path) -> Path | None:
    from fiit_cli import cache
    from fiit_cli.cache import sha256

    base = cache.directory()
    if base is None:
        return None
    return base / f"search-{sha256(os.path.abspath(root).encode()).hexdigest()[:16]}"


def open_index(index, annex) -> SearchIndex | None:
    """The search index of the data in use, built or rebuilt if needed; None without a cache
    directory."""
    root = index.dir.parent
    folder = _folder(root)
    if folder is None:
        return None
    stamp = _code_fingerprint() + "\n" + "\n".join(
        f"{p.name}\t{_stamp(p)}" for p in _inputs(index, root))
    try:
        if (folder / "stamp").read_text(encoding="utf-8") == stamp:
            return SearchIndex.load(folder)
    except (OSError, ValueError):
        pass
    fields, alt_of = corpus_fields(index, annex)
    built = SearchIndex.build(folder, fields, alt_of)
    (built.folder / "stamp").write_text(stamp, encoding="utf-8")
    import shutil

    try:
        shutil.rmtree(folder, ignore_errors=True)
        os.replace(built.folder, folder)
        built.folder = folder
    except OSError:
        pass
    return built


def corpus_fields(index, annex) -> tuple[Iterator[Any], dict[str, str]]:
    """Every searchable field, in the search command's order (made one profile at a time),
    and what country each practice and hotline entry belongs to (its ``where``)."""
    from fiit_cli import search as s
    from fiit_cli.loader import load_practices, load_profile

    practices = load_practices()
    where = {p.id: p.country for p in practices.practices}
    where.update({c.id: c.profile or c.id for c in annex.countries})

    def fields() -> Iterator[Any]:
        for cid in index.ids:
            yield from s.profile_fields(load_profile(index.path_for(cid)), None)
        yield from s.practice_fields(practices)
        yield from s.hotline_fields(annex)
    return fields(), where


def search(index, annex, query: str, limit: int | None, wanted: str | None,
           slugs: list[str] | None) -> list | None:
    """The command's hits from the index; None if there is no cache directory to keep one."""
    built = open_index(index, annex)
    if built is None:
        return None
    return built.search(query, limit, wanted, slugs)
