"""A search index kept with the record cache: `fiit search` on thousands of profiles without
loading them.

What it keeps, for one data directory (``search-<dir>/`` in the cache directory):

* ``fields``: every searchable field (:class:`fiit_cli.search.Field`, with its place in
  words, its note flag and its command), one JSON line each, in the order the search command
  builds them (the profiles in file-name order, all sections; then the practices; then the
  hotlines), and where each line starts;
* ``squashed``: each field's text through :func:`fiit_cli.search.quick_fold`, squashed
  (letters and digits only), one line per field, scanned in C for the query;
* ``words``: every word of the folded texts with the fields that have it (``words.bin``,
  ``postings.bin``), and ``stems``: each word's stem (:func:`fiit_cli.search.stem`).
  A piece without spaces is in a field's folded text when one of its words holds it, so
  the other tests of :func:`fiit_cli.search.match` (every word; every word's stem, and
  the pre-filter's pieces of stems) are answered from these lists, not field by field;
* per field: its country (the profile, or what a practice or hotline belongs to), its
  section, its kind, whether it is a note, and its name bonus
  (:func:`fiit_cli.search._bonus`), so filters, the count and the ranking's bounds need no
  field text;
* each profile's name (``titles``), so the since-2013 records are placed under their
  countries' names without loading the profiles.

The since-2013 records are not in it (they are few and read as before): the command passes
their fields as ``extra``, matched with :func:`fiit_cli.search.match` and ranked after the
indexed fields among equal scores, as in the command's own field list.

It is rebuilt when any data file changes (their sizes and modification times are compared
on every run), fiit's search code does, or the stemmer does. A search counts every hit from
the scans, then reads only the fields that can enter the top ``limit``, best possible score
first, matching each with :func:`fiit_cli.search.match`: the hits, their order, their scores
and their number are those of ``search.search(fields, query)`` over the fields the command
selects (:func:`fiit_cli.cli.searching.plain_fields`).

A field whose text :func:`~fiit_cli.search.quick_fold` and :func:`~fiit_cli.search.fold`
read differently (text in decomposed Unicode, say) is marked and always matched in full.
"""

from __future__ import annotations

import heapq
import json
import os
from array import array
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from fiit_cli.cache import stamp

VERSION = b"fiit search index 3"
CHUNK = 4 << 20  # bytes of a folded-text file read at a time (bounds the memory used)
KINDS = ("profile", "practice", "hotline")  # what the index holds ("update" stays outside)
NOTE, ODD = 1, 2  # flags of a field


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
    try:  # the stems in the index are the stemmer's: a new stemmer, a new index
        import importlib.util

        spec = importlib.util.find_spec("snowballstemmer")
        origin = Path(spec.origin).with_name("english_stemmer.py") if spec and spec.origin \
            else None
        h.update(f"{origin}:{stamp(origin) if origin else '-'}".encode())
    except (ImportError, ValueError):
        h.update(b"no stemmer")
    return h.hexdigest()


def _odd(text: str, spaced: str, squashed: str) -> bool:
    """Whether match's quick pre-filter and its full folding see different words."""
    if text.isascii():
        return False  # the same for ASCII: casefold, and letters and digits only
    from fiit_cli.search import fold

    return fold(text)[0].split() != spaced.split() or fold(text, squash=True)[0] != squashed


class SearchIndex:
    def __init__(self, folder: Path):
        self.folder = folder
        self.offsets = array("q")
        self.country = array("i")
        self.alt = array("i")
        self.section = array("b")
        self.kind = array("b")
        self.flags = array("b")
        self.bonus = array("d")
        self.names: list[str] = []
        self.sections: list[str] = []
        self.where: dict[str, str] = {}  # practice or hotline entry → its country
        self.titles: dict[str, str] = {}  # profile id → the profile's name
        self.odd: list[int] = []  # the fields marked ODD
        self._tables: dict[str, Any] = {}  # word and stem lists, read when needed

    ARRAYS = ("offsets", "country", "alt", "section", "kind", "flags", "bonus")

    # ------------------------------------------------------------ building

    @classmethod
    def build(cls, folder: Path, fields: Iterator[Any], alt_of: dict[str, str]) -> SearchIndex:
        import hashlib  # noqa: F401 - OpenSSL's SHA-256 for the cache keys of every profile

        from fiit_cli.search import _bonus, quick_fold, stem

        tmp = folder.with_name(f"{folder.name}.{os.getpid()}.tmp")
        tmp.mkdir(parents=True, exist_ok=True)
        self = cls(tmp)
        self.where = dict(alt_of)
        names: dict[str, int] = {}
        sections: dict[str | None, int] = {None: 0}
        vocabulary: dict[str, array] = {}  # word → the fields that have it
        with open(tmp / "fields", "wb") as meta, open(tmp / "squashed", "wb") as squashed:
            pos = 0
            for i, f in enumerate(fields):
                line = json.dumps([f.kind, f.owner, f.owner_name, f.area, f.section, f.path,
                                   f.text, f.place, f.note, f.command],
                                  ensure_ascii=False).encode() + b"\n"
                self.offsets.append(pos)
                pos += len(line)
                meta.write(line)
                sp, sq = quick_fold(f.text)
                squashed.write(sq.encode() + b"\n")
                for w in set(sp.split()):
                    vocabulary.setdefault(w, array("i")).append(i)
                self.country.append(names.setdefault(f.owner, len(names)))
                alt = alt_of.get(f.owner) if f.kind != "profile" else None
                self.alt.append(-1 if alt is None else names.setdefault(alt, len(names)))
                self.section.append(sections.setdefault(f.section, len(sections)))
                self.kind.append(KINDS.index(f.kind))
                self.flags.append((NOTE if f.note else 0)
                                  | (ODD if _odd(f.text, sp, sq) else 0))
                self.bonus.append(_bonus(f))
                if f.kind == "profile":
                    self.titles.setdefault(f.owner, f.owner_name)
            self.offsets.append(pos)
        starts = array("q", [0])
        with open(tmp / "postings.bin", "wb") as fh:
            for found in vocabulary.values():
                found.tofile(fh)
                starts.append(starts[-1] + len(found))
        with open(tmp / "words.bin", "wb") as fh:
            starts.tofile(fh)
        (tmp / "words.txt").write_text("\n".join(vocabulary), encoding="utf-8")
        (tmp / "stems.txt").write_text("\n".join(stem(w) for w in vocabulary),
                                       encoding="utf-8")  # each word's stem, line by line
        self.names = list(names)
        self.sections = [s or "" for s in sections]
        self.odd = [i for i, flag in enumerate(self.flags) if flag & ODD]
        for name in cls.ARRAYS:
            with open(tmp / f"{name}.bin", "wb") as fh:
                getattr(self, name).tofile(fh)
        (tmp / "names.json").write_text(
            json.dumps([self.names, self.sections, self.where, self.odd, self.titles]),
            encoding="utf-8")
        return self

    @classmethod
    def load(cls, folder: Path) -> SearchIndex:
        self = cls(folder)
        for name in cls.ARRAYS:
            arr = getattr(self, name)
            path = folder / f"{name}.bin"
            with open(path, "rb") as fh:
                arr.fromfile(fh, os.path.getsize(path) // arr.itemsize)
        self.names, self.sections, self.where, self.odd, self.titles = json.loads(
            (folder / "names.json").read_text("utf-8"))
        return self

    # ------------------------------------------------------------ reading

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def _containing(self, name: str, needle: str) -> set[int]:
        """The fields whose line in ``name`` (squashed) holds ``needle``: a scan in C, a
        block of whole lines at a time; a field's number is the newlines before it."""
        import re

        found: set[int] = set()
        data = needle.encode()
        if not data or b"\n" in data:
            return found
        pattern = re.compile(re.escape(data) + rb"[^\n]*")  # once a line
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

    def _postings(self, name: str, keys: list[int], within: set[int] | None = None
                  ) -> set[int]:
        """The fields listed under these entries of ``words`` or ``stems`` (those of
        ``within`` only, if given: no set of a common word's many fields is made)."""
        starts = self._starts(name)
        out: set[int] = set()
        with open(self.folder / "postings.bin", "rb") as fh:
            for k in keys:
                found = array("i")
                fh.seek(starts[k] * found.itemsize)
                found.frombytes(fh.read((starts[k + 1] - starts[k]) * found.itemsize))
                out.update(found if within is None else within.intersection(found))
        return out

    def _starts(self, name: str) -> array:
        if name not in self._tables:
            starts = array("q")
            with open(self.folder / f"{name}.bin", "rb") as fh:
                starts.frombytes(fh.read())
            self._tables[name] = starts
        return self._tables[name]

    def _entries(self, name: str) -> list[str]:
        key = f"{name}.txt"
        if key not in self._tables:
            self._tables[key] = (self.folder / key).read_text("utf-8").split("\n")
        return self._tables[key]

    def having_words(self, pieces: list[str]) -> set[int]:
        """The fields where every piece is held by one of their words (pieces without
        spaces: as ``all(p in text for p in pieces)`` on the field's folded text). The piece
        with the fewest fields first, the others only checked against those."""
        words = self._entries("words")
        starts = self._starts("words")
        keys = [[k for k, w in enumerate(words) if p in w] for p in dict.fromkeys(pieces)]
        keys.sort(key=lambda ks: sum(starts[k + 1] - starts[k] for k in ks))
        out: set[int] | None = None
        for ks in keys:
            out = self._postings("words", ks, out)
            if not out:
                break
        return out or set()

    def having_stem(self, x: str) -> set[int]:
        """The fields with a word whose stem is ``x``."""
        return self._postings("words", [k for k, s in enumerate(self._entries("stems"))
                                        if s == x])

    def field(self, i: int):
        from fiit_cli.search import Field

        with open(self.folder / "fields", "rb") as fh:
            return self._read_field(fh, i, Field)

    def _read_field(self, fh, i: int, Field):
        fh.seek(self.offsets[i])
        return Field(*json.loads(fh.read(self.offsets[i + 1] - self.offsets[i])))

    def fields(self):
        """Every field, in order (a generator: they are read one by one)."""
        from fiit_cli.search import Field

        with open(self.folder / "fields", "rb") as fh:
            for line in fh:
                yield Field(*json.loads(line))

    # ------------------------------------------------------------ searching

    def hits(self, query: str) -> dict[int, float]:
        """Every indexed field that :func:`fiit_cli.search.match` finds (the marked ones left
        out: they are matched in full), with its best possible score without its bonus."""
        from fiit_cli import search as s

        _, squashed_q, terms = s.fold_query(query)
        if not squashed_q:
            return {}
        # match finds: the squashed query (2.0, or 2.5 or 3.0 for the phrase: at most 3.0);
        # else every word, if more than one (1.0); else every word's stem (0.9) if the
        # pre-filter let the field through: the squashed query, every word, or every
        # stem's piece (_stem_hint) in the text. A piece without spaces is in the folded
        # text when one of its words holds it: the word lists answer that.
        squashed = self._containing("squashed", squashed_q)
        every = self.having_words(terms) - squashed if len(terms) > 1 else set()
        stems = [s.stem(t) for t in terms]
        hints = [s._stem_hint(x) for x in stems]
        stemmed: set[int] = set()
        if hints != terms:  # else the pre-filter lets through only fields found above
            for x in dict.fromkeys(stems):
                found = self.having_stem(x)
                stemmed = found if x == stems[0] else stemmed & found
                if not stemmed:
                    break
            stemmed -= squashed
            stemmed -= every
            if stemmed:
                stemmed &= self.having_words(hints)
        bound = dict.fromkeys(stemmed, 0.9)
        bound.update(dict.fromkeys(every, 1.0))
        bound.update(dict.fromkeys(squashed, 3.0))
        for i in self.odd:
            bound.pop(i, None)
        return bound

    def search(self, query: str, limit: int | None, wanted: str | Iterable[str] | None,
               slugs: list[str] | None, kinds: Iterable[str] = KINDS, notes: bool = False,
               extra: Iterable[Any] = ()) -> tuple[list, int]:
        """As ``search.search(fields, query)`` over the fields the command selects (those of
        the index, then ``extra``): the first ``limit`` hits (all if None), and how many
        there are."""
        from fiit_cli import search as s

        folded = s.fold_query(query)
        if not folded[1]:
            return [], 0
        allowed = self._filter(wanted, slugs, kinds, notes)
        bound = self.hits(query)
        pool = [(-(b + self.bonus[i]), i) for i, b in bound.items() if allowed(i)]
        total = len(pool)
        hits: list = []  # (-(score), i, hit), best first once sorted
        with open(self.folder / "fields", "rb") as fh:
            for i in self.odd:  # marked fields: matched in full, as the few extra
                if allowed(i):
                    hit = s.match(self._read_field(fh, i, s.Field), folded)
                    if hit is not None:
                        hits.append((-hit.score, i, hit))
                        total += 1
            if not slugs:
                for j, f in enumerate(extra):
                    if self._wanted_extra(f, wanted, kinds, notes):
                        hit = s.match(f, folded)
                        if hit is not None:
                            hits.append((-hit.score, len(self) + j, hit))
                            total += 1
            hits.sort(key=lambda h: (h[0], h[1]))
            if limit:
                del hits[limit:]
            worst = hits[-1][:2] if limit and len(hits) >= limit else None
            heapq.heapify(pool)
            while pool:
                if worst is not None and pool[0] > worst:
                    break  # nothing left can reach the top `limit` (equal scores: by order)
                _, i = heapq.heappop(pool)
                hit = s.match(self._read_field(fh, i, s.Field), folded)
                if hit is None:  # cannot happen (the scans are match's own tests)
                    total -= 1
                    continue
                hits.append((-hit.score, i, hit))
                if limit and len(hits) >= limit:
                    hits.sort(key=lambda h: (h[0], h[1]))
                    del hits[limit:]
                    worst = hits[-1][:2]
        hits.sort(key=lambda h: (h[0], h[1]))
        found = [h for _, _, h in hits]
        return (found[:limit] if limit else found), total

    def _wanted_extra(self, f, wanted: str | Iterable[str] | None, kinds: Iterable[str],
                      notes: bool) -> bool:
        wanted = chosen_ids(wanted)
        return f.kind in kinds and (notes or not f.note) and (
            wanted is None or f.owner in wanted or self.where.get(f.owner) in wanted)

    def _filter(self, wanted: str | Iterable[str] | None, slugs: list[str] | None,
                kinds: Iterable[str], notes: bool):
        """Which fields the search command would have built (see cli/searching.py)."""
        sections = None
        if slugs:
            sections = {k for k, name in enumerate(self.sections) if name in slugs}
        wanted = chosen_ids(wanted)
        who = None if wanted is None else {self.names.index(w) for w in wanted
                                           if w in self.names}
        chosen = {KINDS.index(k) for k in kinds if k in KINDS}

        def allowed(i: int) -> bool:
            if self.kind[i] not in chosen or (not notes and self.flags[i] & NOTE):
                return False
            if sections is not None and self.section[i] not in sections:
                return False  # sections chosen: profile fields of those sections only
            if who is None:
                return True
            return self.country[i] in who or self.alt[i] in who
        return allowed


def chosen_ids(wanted: str | Iterable[str] | None) -> frozenset[str] | None:
    """The countries a search is limited to (one id, several, or None for all)."""
    if wanted is None:
        return None
    return frozenset([wanted] if isinstance(wanted, str) else wanted)


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
    state = _code_fingerprint() + "\n" + "\n".join(
        f"{p.name}\t{stamp(p)}" for p in _inputs(index, root))
    try:
        if (folder / "stamp").read_text(encoding="utf-8") == state:
            return SearchIndex.load(folder)
    except (OSError, ValueError):
        pass
    fields, alt_of = corpus_fields(index, annex)
    built = SearchIndex.build(folder, fields, alt_of)
    (built.folder / "stamp").write_text(state, encoding="utf-8")
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

    practices = load_practices(index.dir.parent)  # the data directory the index is of
    where = {p.id: p.country for p in practices.practices}
    where.update({c.id: c.profile or c.id for c in annex.countries})

    def fields() -> Iterator[Any]:
        for cid in index.ids:
            yield from s.profile_fields(load_profile(index.path_for(cid)), None)
        yield from s.practice_fields(practices)
        yield from s.hotline_fields(annex)
    return fields(), where


def search(index, annex, query: str, limit: int | None, wanted: str | None,
           slugs: list[str] | None, kinds: Iterable[str] = KINDS, notes: bool = False,
           extra: Iterable[Any] = ()) -> tuple[list, int] | None:
    """The command's hits (the first ``limit``, all if None) and their number, from the
    index; None if there is no cache directory to keep one. ``extra``: fields outside the
    index (the since-2013 records), after the indexed ones in the command's order."""
    built = open_index(index, annex)
    if built is None:
        return None
    return built.search(query, limit, wanted, slugs, kinds, notes, extra)
