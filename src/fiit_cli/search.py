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
from dataclasses import dataclass
from typing import Any

SNIPPET = 90  # characters of context shown around a match


@dataclass(frozen=True)
class Field:
    """One string of the data and where it sits."""

    kind: str  # profile | practice | hotline
    owner: str  # country id or practice id
    owner_name: str
    area: str  # section heading, practice title, or "Hotlines"
    section: str | None  # profile section slug
    path: str  # field path inside the area, e.g. notes[0]
    text: str

    @property
    def location(self) -> str:
        return " › ".join(x for x in (self.owner_name, self.area, self.path) if x)


@dataclass(frozen=True)
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


def quick_fold(text: str) -> tuple[str, str]:
    """Folded text, spaced and squashed, at C speed (no map back): a pre-filter only."""
    if text.isascii():
        s = text.casefold()
    else:
        s = unicodedata.normalize("NFKD", text)
        s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    return _NON_WORD.sub(" ", s), _NON_WORD.sub("", s)


def match(field: Field, query: tuple[str, str, list[str]]) -> Hit | None:
    """A field against a query already folded by :func:`fold_query`."""
    spaced_q, squashed_q, terms = query
    if not squashed_q:
        return None
    quick_spaced, quick_squashed = quick_fold(field.text)
    if squashed_q not in quick_squashed and not all(t in quick_spaced for t in terms):
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


# ---------------------------------------------------------------- the corpus


def strings(obj: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from strings(v, f"{path}.{k}" if path else k)
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from strings(v, f"{path}[{i}]")
    elif isinstance(obj, str) and obj:
        yield path, obj


_SKIP = {"not stated", "yes", "no", "partly"}


def profile_fields(profile, sections: list[str] | None = None) -> Iterator[Field]:
    from fiit_cli.lookup import SECTIONS

    for info in SECTIONS:
        if sections and info.slug not in sections:
            continue
        data = getattr(profile, info.slug).model_dump(mode="json")
        for path, text in strings(data):
            if text in _SKIP:
                continue
            yield Field("profile", profile.id, profile.name, info.heading, info.slug, path, text)


def practice_fields(practices) -> Iterator[Field]:
    for p in practices.practices:
        for path, text in strings(p.model_dump(mode="json")):
            if path in ("id", "theme", "country"):
                continue
            yield Field("practice", p.id, "Successful practice", p.title, None, path, text)


def hotline_fields(annex) -> Iterator[Field]:
    for c in annex.countries:
        for path, text in strings(c.model_dump(mode="json")):
            if path in ("id", "iso2", "profile"):
                continue
            yield Field("hotline", c.id, c.name, "Hotlines (annex)", None, path, text)
