"""A search index kept with the record cache: `fiit search` on thousands of profiles without
loading them.

What it keeps, for one data directory, in one file (``search-<dir>.idx`` in the cache
directory: a header naming what it was built from and where each part starts, with each
part's length and CRC-32, then the parts):

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

It is rebuilt when any data file changes (their sizes, modification times and inodes are
compared on every run), fiit's search code does, or the stemmer does. It is written whole
under a temporary name and moved into place (``os.replace``), never changed where it is: a
run that opened it reads the one build it opened to the end, whatever other runs do. Every
part read is checked against its CRC-32 (the parts read a piece at a time, per piece): a
damaged, cut or emptied file is never believed. :func:`search` answers None then, as
without a cache, and the command searches its fields in memory. A search counts every hit from
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
import zlib
from array import array
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from fiit_cli.cache import stamp

VERSION = b"fiit search index 4"
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


class Damaged(Exception):
    """The index file is not whole (cut, emptied, changed): never believed."""


class SearchIndex:
    def __init__(self, path: Path):
        self.path = path
        self._fh: Any = None
        self._parts: dict[str, tuple[int, int, int]] = {}  # name → (where, length, CRC-32)
        self.fieldsums = array("I")  # each field's line's CRC-32
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
    def build(cls, path: Path, fields: Iterator[Any], alt_of: dict[str, str],
              state: str = "") -> SearchIndex:
        """Build the index of ``fields`` into the file ``path`` (written whole, then moved
        into place) and open it; ``state`` says what it was built from."""
        import hashlib  # noqa: F401 - OpenSSL's SHA-256 for the cache keys of every profile
        import tempfile

        from fiit_cli.search import _bonus, quick_fold, stem

        self = cls(path)
        self.where = dict(alt_of)
        names: dict[str, int] = {}
        sections: dict[str | None, int] = {None: 0}
        vocabulary: dict[str, array] = {}  # word → the fields that have it
        self.fieldsums = array("I")
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f"{path.name}.", suffix=".tmp", dir=path.parent)
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as body, tempfile.TemporaryFile() as spool:
                body.write(VERSION + b"\n")
                parts: list[list[Any]] = []  # [name, where, length, CRC-32]

                def part(name: str, write) -> None:
                    start = body.tell()
                    crc = write()
                    parts.append([name, start, body.tell() - start, crc])

                def blob(data: bytes):
                    return lambda: (body.write(data), zlib.crc32(data))[1]

                def write_fields() -> int:
                    crc = pos = 0
                    for i, f in enumerate(fields):
                        line = json.dumps([f.kind, f.owner, f.owner_name, f.area, f.section,
                                           f.path, f.text, f.place, f.note, f.command],
                                          ensure_ascii=False).encode() + b"\n"
                        self.offsets.append(pos)
                        self.fieldsums.append(zlib.crc32(line))
                        pos += len(line)
                        body.write(line)
                        crc = zlib.crc32(line, crc)
                        sp, sq = quick_fold(f.text)
                        spool.write(sq.encode() + b"\n")
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
                    return crc

                def write_squashed() -> int:
                    crc = 0
                    spool.seek(0)
                    while chunk := spool.read(CHUNK):
                        body.write(chunk)
                        crc = zlib.crc32(chunk, crc)
                    return crc

                part("fields", write_fields)
                part("squashed", write_squashed)
                starts = array("q", [0])
                postsums = array("I")

                def write_postings() -> int:
                    crc = 0
                    for found in vocabulary.values():
                        data = found.tobytes()
                        body.write(data)
                        crc = zlib.crc32(data, crc)
                        postsums.append(zlib.crc32(data))
                        starts.append(starts[-1] + len(found))
                    return crc

                part("postings", write_postings)
                part("words.bin", blob(starts.tobytes()))
                part("postsums", blob(postsums.tobytes()))
                part("words.txt", blob("\n".join(vocabulary).encode("utf-8")))
                part("stems.txt", blob("\n".join(stem(w) for w in vocabulary).encode("utf-8")))
                self.names = list(names)
                self.sections = [s or "" for s in sections]
                self.odd = [i for i, flag in enumerate(self.flags) if flag & ODD]
                for name in (*cls.ARRAYS, "fieldsums"):
                    part(name, blob(getattr(self, name).tobytes()))
                part("names.json", blob(json.dumps(
                    [self.names, self.sections, self.where, self.odd, self.titles]).encode()))
                # the table of parts last, and where it starts in the file's last line
                table = body.tell()
                body.write(json.dumps({"state": state, "parts": parts}).encode() + b"\n")
                body.write(b"%020d\n" % table)
            os.replace(tmp, path)  # whole, in one step: a reader sees the old file or this
        except BaseException:
            try:
                tmp.unlink()
            except OSError:
                pass
            raise
        return cls.load(path, state)

    @classmethod
    def load(cls, path: Path, state: str | None = None) -> SearchIndex:
        """Open an index file; raises :class:`Damaged` if it is not whole, not of this
        version or (``state`` given) not built from that state. The file stays open: every
        later read is of this build."""
        self = cls(path)
        fh = open(path, "rb")  # noqa: SIM115 - kept open for the life of the index
        self._fh = fh
        try:
            size = os.fstat(fh.fileno()).st_size
            if fh.readline() != VERSION + b"\n" or size < 21:
                raise Damaged(path)
            table = int(self._read(size - 21, 21))
            if not len(VERSION) < table < size - 21:
                raise Damaged(path)
            head = json.loads(self._read(table, size - 21 - table))
            if state is not None and head["state"] != state:
                raise Damaged(path)
            end = len(VERSION) + 1
            for name, start, length, crc in head["parts"]:
                if start != end:
                    raise Damaged(path)
                end = start + length
                self._parts[name] = (start, length, crc)
            if end != table:
                raise Damaged(path)
            for name in cls.ARRAYS:
                getattr(self, name).frombytes(self._whole(name))
            self.fieldsums = array("I", self._whole("fieldsums"))
            self.names, self.sections, self.where, self.odd, self.titles = json.loads(
                self._whole("names.json"))
            if not (len(self.offsets) - 1 == len(self.fieldsums) == len(self.country)):
                raise Damaged(path)
        except BaseException:
            fh.close()
            raise
        return self

    def discard(self) -> None:
        """Remove this index's file, if it is still the one in place (not another run's)."""
        try:
            if os.path.samestat(os.stat(self.path), os.fstat(self._fh.fileno())):
                os.unlink(self.path)
        except (OSError, AttributeError, ValueError):
            pass

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def _read(self, at: int, size: int) -> bytes:
        self._fh.seek(at)
        data = self._fh.read(size)
        if len(data) != size:
            raise Damaged(self.path)
        return data

    def _whole(self, name: str) -> bytes:
        """A part, read whole and checked."""
        at, length, crc = self._parts[name]
        data = self._read(at, length)
        if zlib.crc32(data) != crc:
            raise Damaged(self.path)
        return data

    # ------------------------------------------------------------ reading

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def _containing(self, name: str, needle: str) -> set[int]:
        """The fields whose line in ``name`` (squashed) holds ``needle``: a scan in C, a
        block of whole lines at a time; a field's number is the newlines before it. The
        part's CRC-32 is checked as it is read (an answer only if it holds)."""
        import re

        found: set[int] = set()
        data = needle.encode()
        if not data or b"\n" in data:
            return found
        pattern = re.compile(re.escape(data) + rb"[^\n]*")  # once a line
        first = 0  # the field number of the block's first line
        at, left, crc = self._parts[name]
        check = 0
        while left:
            block = self._read(at, min(CHUNK, left))
            at += len(block)
            left -= len(block)
            if left and not block.endswith(b"\n"):
                rest = self._read(at, min(CHUNK, left))
                cut = rest.find(b"\n") + 1 or len(rest)
                block += rest[:cut]
                at += cut
                left -= cut
            check = zlib.crc32(block, check)
            line, last = first, 0
            for m in pattern.finditer(block):
                line += block.count(b"\n", last, m.start())
                last = m.start()
                found.add(line)
            first += block.count(b"\n")
        if check != crc:
            raise Damaged(self.path)
        return found

    def _postings(self, name: str, keys: list[int], within: set[int] | None = None
                  ) -> set[int]:
        """The fields listed under these entries of ``words`` or ``stems`` (those of
        ``within`` only, if given: no set of a common word's many fields is made)."""
        starts = self._starts(name)
        sums = self._sums()
        at = self._parts["postings"][0]
        out: set[int] = set()
        for k in keys:
            found = array("i")
            data = self._read(at + starts[k] * found.itemsize,
                              (starts[k + 1] - starts[k]) * found.itemsize)
            if zlib.crc32(data) != sums[k]:
                raise Damaged(self.path)
            found.frombytes(data)
            out.update(found if within is None else within.intersection(found))
        return out

    def _starts(self, name: str) -> array:
        if name not in self._tables:
            self._tables[name] = array("q", self._whole(f"{name}.bin"))
        return self._tables[name]

    def _sums(self) -> array:
        if "postsums" not in self._tables:
            self._tables["postsums"] = array("I", self._whole("postsums"))
        return self._tables["postsums"]

    def _entries(self, name: str) -> list[str]:
        key = f"{name}.txt"
        if key not in self._tables:
            self._tables[key] = self._whole(key).decode("utf-8").split("\n")
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

        return self._read_field(i, Field)

    def _read_field(self, i: int, Field):
        data = self._read(self._parts["fields"][0] + self.offsets[i],
                          self.offsets[i + 1] - self.offsets[i])
        if zlib.crc32(data) != self.fieldsums[i]:
            raise Damaged(self.path)
        return Field(*json.loads(data))

    def fields(self):
        """Every field, in order (a generator: they are read one by one)."""
        from fiit_cli.search import Field

        for i in range(len(self)):
            yield self._read_field(i, Field)

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
        for i in self.odd:  # marked fields: matched in full, as the few extra
            if allowed(i):
                hit = s.match(self._read_field(i, s.Field), folded)
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
            hit = s.match(self._read_field(i, s.Field), folded)
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


def _file(root: Path) -> Path | None:
    from fiit_cli import cache
    from fiit_cli.cache import sha256

    base = cache.directory()
    if base is None:
        return None
    return base / f"search-{sha256(os.path.abspath(root).encode()).hexdigest()[:16]}.idx"


# What reading or building an index can meet when its file or folder is damaged or
# unusable: the index is then left aside and the command answers without it.
TROUBLE = (OSError, ValueError, KeyError, IndexError, TypeError, EOFError, Damaged)


def _state(index, root: Path) -> str:
    return _code_fingerprint() + "\n" + "\n".join(
        f"{p.name}\t{stamp(p)}" for p in _inputs(index, root))


def open_index(index, annex) -> SearchIndex | None:
    """The search index of the data in use, built or rebuilt if needed; None without a
    usable cache directory (none, a file, read-only, unreadable …)."""
    root = index.dir.parent
    path = _file(root)
    if path is None:
        return None
    state = _state(index, root)
    try:
        return SearchIndex.load(path, state)
    except TROUBLE:
        pass
    _sweep(path)
    try:
        fields, alt_of = corpus_fields(index, annex)
        built = SearchIndex.build(path, fields, alt_of, state)
    except TROUBLE:
        return None
    if _state(index, root) != state:  # a data file changed while it was read: not kept
        built.discard()
    return built


def _sweep(path: Path, age: float = 3600.0) -> None:
    """Remove what runs killed while building left behind (temporary files an hour old)."""
    import time

    try:
        for tmp in path.parent.glob(f"{path.name}.*.tmp"):
            if tmp.stat().st_mtime < time.time() - age:
                tmp.unlink()
    except OSError:
        pass


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
    return answer(built, query, limit, wanted, slugs, kinds, notes, extra)


def answer(built: SearchIndex, query: str, limit: int | None, wanted: str | None,
           slugs: list[str] | None, kinds: Iterable[str] = KINDS, notes: bool = False,
           extra: Iterable[Any] = ()) -> tuple[list, int] | None:
    """``built.search(...)``, or None if the index turns out damaged on the way (the
    command then searches its fields in memory)."""
    try:
        return built.search(query, limit, wanted, slugs, kinds, notes, extra)
    except TROUBLE:
        built.discard()  # the next run builds it again
        return None
    finally:
        built.close()
