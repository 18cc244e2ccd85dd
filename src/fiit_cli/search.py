"""Full-text search over profiles, practices and hotlines, case- and accent-insensitive.

Text is folded (accents stripped, case folded, punctuation as spaces) with a map back to the
original characters, so a hit can be shown in its printed form with the match marked.
``surya`` finds "Sûriya"'s email and web page, ``acse`` finds "Ac.Sé" (a second, squashed
comparison ignores punctuation and spaces inside words).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from fiit_cli.struct import struct

SNIPPET = 90  # characters of context shown around a match


@struct(frozen=True)
class Field:
    """One string of the data and where it sits."""

    kind: str  # profile | practice | hotline
    owner: str  # country id or practice id
    owner_name: str
    area: str  # section heading, practice title, or "Hotlines"
    section: str | None  # profile section slug
    path: str  # field path inside the area, e.g. notes[0]
    text: str
    place: str = ""  # the path in words: "Mainstream structures › Period of stay"
    note: bool = False  # a note about the 2013 text (print note, remark), not a fact
    command: str = ""  # the command that opens it

    @property
    def location(self) -> str:
        return " › ".join(x for x in (self.owner_name, self.area, self.place or self.path)
                          if x)


@struct(frozen=True)
class Hit:
    field: Field
    score: float
    start: int  # the match in field.text
    end: int

    def snippet(self) -> tuple[str, int, int]:
        """A short piece of the text around the match, and the match's place in it."""
        text = self.field.text
        if len(text) <= SNIPPET:
            return text, self.start, self.end
        room = max(0, SNIPPET - (self.end - self.start)) // 2
        lo = max(0, self.start - room)
        hi = min(len(text), self.end + room)
        if lo > 0:  # start and end on word boundaries
            space = text.find(" ", lo, self.start)
            lo = space + 1 if space != -1 else lo
        if hi < len(text):
            space = text.rfind(" ", self.end, hi)
            hi = space if space != -1 else hi
        prefix = "…" if lo > 0 else ""
        suffix = "…" if hi < len(text) else ""
        shift = len(prefix) - lo
        return prefix + text[lo:hi] + suffix, self.start + shift, self.end + shift


# ---------------------------------------------------------------- folding


def _fold_char(ch: str) -> str:
    decomposed = unicodedata.normalize("NFKD", ch)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def fold(text: str, squash: bool = False) -> tuple[str, list[int]]:
    """Folded text and, for each of its characters, the index of the original character."""
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        for c in _fold_char(ch) or " ":
            if c.isalnum():
                chars.append(c)
                index.append(i)
            elif not squash and chars and chars[-1] != " ":
                chars.append(" ")
                index.append(i)
    return "".join(chars), index


def fold_query(query: str) -> tuple[str, str, list[str]]:
    spaced = fold(query)[0].strip()
    return spaced, fold(query, squash=True)[0], spaced.split()


# ---------------------------------------------------------------- matching


_NON_WORD = re.compile(r"[\W_]+")


def _casefolded(text: str) -> str:
    """Text without accents, case folded: quick_fold's text before punctuation goes."""
    if text.isascii():
        return text.casefold()
    s = unicodedata.normalize("NFKD", text)
    return "".join(c for c in s if not unicodedata.combining(c)).casefold()


def quick_fold(text: str) -> tuple[str, str]:
    """Folded text, spaced and squashed, at C speed (no map back): a pre-filter only."""
    s = _casefolded(text)
    return _NON_WORD.sub(" ", s), _NON_WORD.sub("", s)


def _in_spaced(piece: str, s: str) -> bool:
    """Whether quick_fold's spaced text holds ``piece``, from the casefolded text ``s``: a
    piece of letters and digits is in it when it is in ``s`` (only what no such piece holds
    becomes a space)."""
    return piece in s if piece.isalnum() else piece in _NON_WORD.sub(" ", s)


@lru_cache(maxsize=64)
def _squashed_finder(squashed_q: str) -> re.Pattern[str]:
    """A pattern that finds, in a casefolded text, what ``squashed_q in`` quick_fold's
    squashed text finds: its letters and digits with what squashing drops between them."""
    return re.compile(r"[\W_]*".join(map(re.escape, squashed_q)))


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    """Snowball's English stemmer, imported alone: the package's ``__init__`` imports every
    language (about 20 ms of a search's start); imported only when a search runs."""
    import importlib.util
    import sys
    import types

    if "snowballstemmer" not in sys.modules:
        spec = importlib.util.find_spec("snowballstemmer")
        if spec is not None and spec.submodule_search_locations:
            package = types.ModuleType("snowballstemmer")
            package.__path__ = list(spec.submodule_search_locations)
            sys.modules["snowballstemmer"] = package  # a bare package, for the one import
            try:
                from snowballstemmer.english_stemmer import EnglishStemmer

                return EnglishStemmer()
            except ImportError:
                pass
            finally:
                del sys.modules["snowballstemmer"]  # a later `import snowballstemmer` is whole
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """A word's stem: minors → minor, training → train; Nigerian → nigeria (a country's
    adjective in -ian finds the country, as Albanian, Bulgarian, Romanian do)."""
    if len(word) > 5 and word.endswith("ian"):
        word = word[:-1]
    return _stemmer().stemWord(word)


def _stem_hint(s: str) -> str:
    """A piece every word with this stem contains (stems may end in i for y: countri)."""
    return s[:-1] if len(s) > 3 and s.endswith("i") else s


def _may_match(text: str, squashed_q: str, terms: list[str], stems: list[str]) -> bool:
    """The pre-filter: the squashed query, every word or every stem's piece in the text
    through :func:`quick_fold`, worked out without making quick_fold's two texts."""
    folded = _casefolded(text)
    return bool(all(_in_spaced(t, folded) for t in terms)
                or _squashed_finder(squashed_q).search(folded)
                or all(_in_spaced(_stem_hint(x), folded) for x in stems))


def match(field: Field, query: tuple[str, str, list[str]]) -> Hit | None:
    """A field against a query already folded by :func:`fold_query`."""
    spaced_q, squashed_q, terms = query
    if not squashed_q:
        return None
    stems = [stem(t) for t in terms]
    if not _may_match(field.text, squashed_q, terms, stems):
        return None  # most fields: no need for the character map
    spaced, index = fold(field.text)
    pos = _word_find(spaced, spaced_q)
    if pos >= 0:
        score = 3.0 if _whole_word(spaced, pos, len(spaced_q)) else 2.5
        return Hit(field, score + _bonus(field), index[pos], index[pos + len(spaced_q) - 1] + 1)
    squashed, sindex = fold(field.text, squash=True)
    pos = squashed.find(squashed_q)
    if pos >= 0:
        return Hit(field, 2.0 + _bonus(field), sindex[pos],
                   sindex[pos + len(squashed_q) - 1] + 1)
    if len(terms) > 1 and all(t in spaced for t in terms):
        pos = spaced.find(terms[0])
        return Hit(field, 1.0 + _bonus(field), index[pos], index[pos + len(terms[0]) - 1] + 1)
    words = [(m.start(), m.group()) for m in re.finditer(r"\S+", spaced)]
    found = {stem(w) for _, w in words}
    if all(x in found for x in stems):  # other forms of the words: minors, Nigerian, train
        pos, word = next((p, w) for p, w in words if stem(w) == stems[0])
        return Hit(field, 0.9 + _bonus(field), index[pos], index[pos + len(word) - 1] + 1)
    return None


def _word_find(text: str, q: str) -> int:
    """Prefer a match starting at a word boundary; else any match."""
    pos = text.find(q)
    first = pos
    while pos >= 0:
        if pos == 0 or text[pos - 1] == " ":
            return pos
        pos = text.find(q, pos + 1)
    return first


def _whole_word(text: str, pos: int, size: int) -> bool:
    end = pos + size
    return (pos == 0 or text[pos - 1] == " ") and (end == len(text) or text[end] == " ")


_NAME_FIELDS = ("name", "title", "service", "heading")


def _bonus(field: Field) -> float:
    """Names and titles first; among equals, shorter fields (the match is more of them)."""
    last = field.path.rsplit(".", 1)[-1].split("[")[0]
    bonus = 0.5 if last in _NAME_FIELDS else 0.0
    return bonus + 0.3 / (1 + len(field.text) / 100)


def search(fields: Iterable[Field], query: str, limit: int | None = None) -> list[Hit]:
    folded = fold_query(query)  # once, not once per field
    hits = [h for f in fields if (h := match(f, folded)) is not None]
    hits.sort(key=lambda h: -h.score)
    return hits[:limit] if limit else hits


def suggestions(fields: Iterable[Field], query: str, n: int = 3) -> list[str]:
    """The words of the data closest to the query's words (for a search without a hit)."""
    import difflib

    vocabulary: set[str] = set()
    for f in fields:
        vocabulary.update(w for w in quick_fold(f.text)[0].split() if len(w) > 2)
    out: list[str] = []
    for term in fold_query(query)[2]:
        for word in difflib.get_close_matches(term, sorted(vocabulary), n=n, cutoff=0.75):
            if word not in out and word != term:
                out.append(word)
    return out[:n]


# ---------------------------------------------------------------- the corpus


def strings(obj: Any, path: str = "") -> Iterator[tuple[str, str]]:
    for p, _, text in located(obj, path):
        yield p, text


# keys whose words differ from the key itself; other keys read as 'period_of_stay' → 'Period of
# stay'. In a list, an element with a name (stage, organisation, chart) is called by it.
WORDS = {
    "specialised": "VoT-specialised structures", "mainstream": "Mainstream structures",
    "accepted": "Who is accepted", "printed": "As printed", "print_notes": "Print note",
    "contents": "Contents page", "psychosocial": "Psychosocial support",
    "healthcare": "Mainstream healthcare", "identified_by": "Identified by",
    "websites": "Website", "emails": "Email", "phones": "Tel", "address": "Address",
    "stages": "Stage", "groups": "Group", "organisations": "Organisation",
    "free_of_charge": "Free of charge", "free_condition": "Free of charge, condition",
    "cost_note": "Cost", "key_facts": "Key fact", "notes": "Note", "items": "",
    "conditions": "Conditions", "rights": "Rights", "hotlines": "", "numbers": "Number",
    "types": "Type", "services": "Services", "providers": "Provided by", "steps": "Step",
    "actors": "Actor", "charts": "Chart", "values": "Value", "statements": "Printed with it",
    "main_countries_of_origin": "Main countries of origin", "training": "Training",
    "employment": "Employment", "links": "Link", "text": "", "name": "Name",
}
_NAMES = ("name", "service", "title", "heading", "label")


def words(key: str) -> str:
    if key in WORDS:
        return WORDS[key]
    return key.replace("_", " ").capitalize()


def located(obj: Any, path: str = "", place: tuple[str, ...] = ()
            ) -> Iterator[tuple[str, str, str]]:
    """(path, path in words, text) of every string in a record."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from located(v, f"{path}.{k}" if path else k,
                               place if isinstance(v, list) else (*place, words(k)))
    elif isinstance(obj, list):
        key = path.rsplit(".", 1)[-1]
        for i, v in enumerate(obj):
            name = next((v[n] for n in _NAMES if isinstance(v, dict) and v.get(n)), None)
            here = name if isinstance(name, str) else words(key)
            if isinstance(v, dict) and key == "conditions" and len(obj) > 1:
                here = v.get("label") or ("Either" if i == 0 else "Or")
                here = f"Conditions › {here.rstrip(':')}"
            yield from located(v, f"{path}[{i}]", (*place, here))
    elif isinstance(obj, str) and obj:
        shown = place
        if len(place) > 1 and place[-1] == "Name" or place and place[-1] == "":
            shown = place[:-1]  # 'IOM › Name' reads 'IOM'
        yield path, " › ".join(w for w in shown if w), obj


_SKIP = {"not stated", "yes", "no", "partly"}
NOTE_KEYS = ("print_notes", "remarks")


def _is_note(path: str) -> bool:
    return any(part.split("[")[0] in NOTE_KEYS for part in path.split("."))


def profile_fields(profile, sections: list[str] | None = None) -> Iterator[Field]:
    from fiit_cli.lookup import SECTIONS

    for info in SECTIONS:
        if sections and info.slug not in sections:
            continue
        data = getattr(profile, info.slug).model_dump(mode="json")
        for path, place, text in located(data):
            if text in _SKIP:
                continue
            yield Field("profile", profile.id, profile.name, info.heading, info.slug, path, text,
                        place, _is_note(path), f"fiit show {profile.id} {info.slug}")


def practice_fields(practices) -> Iterator[Field]:
    for p in practices.practices:
        for path, place, text in located(p.model_dump(mode="json")):
            if path in ("id", "theme", "country"):
                continue
            yield Field("practice", p.id, "Successful practice", p.title, None, path, text,
                        place, _is_note(path), f"fiit practice {p.id}")


def hotline_fields(annex) -> Iterator[Field]:
    for c in annex.countries:
        for path, place, text in located(c.model_dump(mode="json")):
            if path in ("id", "iso2", "profile"):
                continue
            yield Field("hotline", c.id, c.name, "Hotlines (annex)", None, path, text,
                        place, _is_note(path), f"fiit hotline {c.id}")


def update_fields(records, names: dict[str, str]) -> Iterator[Field]:
    """The since-2013 records, located under "Since 2013" ("Since 2013 (local record)" for
    one of the organisation's own layer)."""
    for r in records:
        data = r.model_dump(mode="json")
        area = "Since 2013 (local record)" if getattr(r, "origin", None) == "local" \
            else "Since 2013"
        for key in ("title", "now", "phones", "emails", "websites"):
            value = data.get(key)  # a list's items name themselves ("Tel"): not twice
            for path, place, text in located(value, key,
                                             () if isinstance(value, list) else (words(key),)):
                yield Field("update", r.country, names.get(r.country, r.country),
                            area, None, f"{r.id}.{path}", text,
                            f"{r.title} › {place}" if key != "title" else r.title,
                            False, f"fiit updates {r.country}")
