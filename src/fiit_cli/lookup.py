"""Country and section names: aliases, ISO codes, native names, and 'did you mean'.

``get_*`` return None for an unknown name; ``lookup_*`` raise :class:`UnknownName`, which names
the query and carries suggestions. Nothing here prints or exits, and nothing here imports the
schema, so name resolution (and shell completion) stays cheap.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

from fiit_cli.struct import struct


def normalise(name: str) -> str:
    """Case-, accent- and punctuation-insensitive key: 'België' -> 'belgie', 'U.K.' -> 'uk'.

    Bytes that were not UTF-8 on the command line (lone surrogates) become U+FFFD: such a
    name is unknown, said in one line, never a UnicodeEncodeError."""
    if any("\ud800" <= c <= "\udfff" for c in name):
        name = name.encode("utf-8", "replace").decode("utf-8").replace("?", "\ufffd")
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    s = s.replace(".", "")
    s = re.sub(r"[\s_\-]+", " ", s)
    return s.strip()


MAX_LISTED = 30  # an unknown name's message lists at most this many valid names


class UnknownName(LookupError):
    """A country or section name that fiit does not know."""

    def __init__(self, kind: str, query: str, suggestions: list[str], valid: list[str],
                 hint: str | None = None):
        self.kind = kind
        self.query = query
        self.suggestions = suggestions
        self.valid = valid
        self.hint = hint
        super().__init__(self.message())

    def message(self) -> str:
        shown = self.query if len(self.query) <= 60 else self.query[:57] + "..."
        text = f"unknown {self.kind} {shown!r}."
        if self.suggestions:
            text += " Did you mean " + " or ".join(repr(s) for s in self.suggestions) + "?"
        plural = "countries" if self.kind == "country" else f"{self.kind}s"
        if len(self.valid) > MAX_LISTED:  # thousands of profiles: not every one of them
            listed = f"{', '.join(self.valid[:10])}, … ({len(self.valid)} in all)"
        else:
            listed = ", ".join(self.valid) or "(none found)"
        text += f" Valid {plural}: {listed}."
        return f"{text} {self.hint}" if self.hint else text


class NoEntry(LookupError):
    """A name fiit knows that has no entry of the kind asked (an annex-only country's profile)."""


def annex_index(annex) -> NameIndex:
    """The countries of the hotline annex, by every name they answer to."""
    return NameIndex([CountryName(c.id, c.name, c.iso2, tuple(c.aliases))
                      for c in annex.countries])


class _Known:
    """Names to suggest from, as a dict of every name to its id (the names index offers the
    same three questions without the dict)."""

    def __init__(self, names: dict[str, str]):
        self.names = names

    def close_matches(self, key: str, n: int, cutoff: float) -> list[str]:
        from fiit_cli.fuzzy import close_matches  # difflib: only for a name not found

        return close_matches(key, list(self.names), n, cutoff)

    def id_of(self, key: str) -> str:
        return self.names[key]

    def with_prefix(self, key: str) -> str | None:
        return next((c for k, c in self.names.items() if k.startswith(key)), None)


def _suggest(query: str, names: dict[str, str], n: int = 2) -> list[str]:
    """Close matches among known names, as the canonical ids they stand for."""
    return _suggest_from(query, _Known(names), n)


def _suggest_from(query: str, known, n: int = 2) -> list[str]:
    key = normalise(query)
    out: list[str] = []
    for match in known.close_matches(key, 6, 0.6):
        canon = known.id_of(match)
        if canon not in out:
            out.append(canon)
    if not out and len(key) >= 3:
        first = known.with_prefix(key)
        out = [first] if first is not None else []
    return out[:n]


# ---------------------------------------------------------------- sections


@struct(frozen=True)
class SectionInfo:
    slug: str
    heading: str
    aliases: tuple[str, ...]


SECTIONS: tuple[SectionInfo, ...] = (
    SectionInfo(
        "permits",
        "Access to residence permit",
        ("permit", "residence", "residence-permit", "reflection", "reflection-period", "status"),
    ),
    SectionInfo(
        "accommodation", "Accommodation", ("shelter", "shelters", "housing", "accommodations")
    ),
    SectionInfo(
        "health",
        "Psychosocial and health support",
        ("psychosocial", "healthcare", "medical", "psychological", "support"),
    ),
    SectionInfo("legal", "Legal assistance", ("legal-assistance", "legal-aid", "lawyer", "law")),
    SectionInfo(
        "language", "Language courses", ("languages", "language-courses", "courses", "lessons")
    ),
    SectionInfo(
        "employment",
        "Professional integration",
        ("training", "work", "job", "jobs", "professional", "professional-integration"),
    ),
    SectionInfo(
        "challenges",
        "Experiences and challenges",
        ("experiences", "experience", "challenge", "action-plan", "nrm", "rapporteur"),
    ),
    SectionInfo(
        "contacts",
        "Contacts",
        ("contact", "organisations", "organizations", "ngos", "ngo", "addresses"),
    ),
    SectionInfo("figures", "Figures", ("statistics", "stats", "numbers", "data", "figure")),
)

SECTION_SLUGS: tuple[str, ...] = tuple(s.slug for s in SECTIONS)
_SECTION_INDEX: dict[str, str] = {}
for _s in SECTIONS:
    for _name in (_s.slug, _s.heading, *_s.aliases):
        _SECTION_INDEX[normalise(_name)] = _s.slug


def get_section(name: str) -> SectionInfo | None:
    slug = _SECTION_INDEX.get(normalise(name))
    return next((s for s in SECTIONS if s.slug == slug), None)


def lookup_section(name: str) -> SectionInfo:
    found = get_section(name)
    if found is None:
        raise UnknownName("section", name, _suggest(name, _SECTION_INDEX), list(SECTION_SLUGS))
    return found


# ---------------------------------------------------------------- countries


@struct(frozen=True)
class CountryName:
    """What name resolution needs from a record: its id, name, code and aliases."""

    id: str
    name: str
    iso2: str
    aliases: tuple[str, ...]
    path: Path | None = None


# The nations of the United Kingdom: the toolkit's profile and hotlines cover the whole UK,
# so each answers as the United Kingdom, and says so (see NOTICES).
UK_PARTS = {normalise(n): n for n in ("England", "Scotland", "Wales", "Northern Ireland",
                                       "Cymru", "Alba")}
# Notices for the user (e.g. "England answers as the United Kingdom"), collected here and shown
# once by the command line (cli.common.reporting); lookup itself never prints.
NOTICES: list[str] = []


def _notice(text: str) -> None:
    if text not in NOTICES:
        NOTICES.append(text)


class NameIndex:
    """Records by every name they answer to: id, name, ISO code, aliases."""

    kind = "country"

    def __init__(self, entries: list[CountryName]):
        self._entries = entries

    def names(self) -> list[CountryName]:
        return self._entries

    @property
    def ids(self) -> list[str]:
        return [n.id for n in self.names()]

    def index(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for n in self.names():
            for name in (n.id, n.name, n.iso2, *n.aliases):
                if name:
                    out.setdefault(normalise(name), n.id)
        uk = next((n for n in self.names() if n.iso2 == "GB"), None)
        if uk is not None:
            for key in UK_PARTS:
                out.setdefault(key, uk.id)
        return out

    def get(self, name: str) -> str | None:
        """The id a name stands for, or None."""
        key = normalise(name)
        found = self.index().get(key) if key else None
        if found is not None and key in UK_PARTS:
            entry = next(n for n in self.names() if n.id == found)
            if entry.iso2 == "GB":  # not a profile of that nation itself (iso2 GB-SCT…)
                _notice(f"{UK_PARTS[key]} answers as the United Kingdom ({entry.id}): the "
                        "toolkit covers the whole country.")
        return found

    def lookup(self, name: str) -> str:
        found = self.get(name)
        if found is None:
            raise self.unknown(name)
        return found

    def unknown(self, name: str) -> UnknownName:
        """The error for a name get() did not find: suggestions and the valid names."""
        return UnknownName(self.kind, name, _suggest(name, self.index()), self.ids)


def _regular(entry: os.DirEntry) -> bool:
    """A regular file (or a link to one): a FIFO, folder or device named *.yaml is not a
    profile (``validate`` reports it), and reading a FIFO would wait for ever."""
    try:
        return entry.is_file()
    except OSError:
        return False


def _read_names(path: Path) -> CountryName:
    """Read only the identity keys at the top of a profile (cheap: stops at 'permits:')."""
    head: list[str] = []
    data: object = None
    try:
        with path.open(encoding="utf-8-sig") as fh:
            for line in fh:
                if line.startswith("permits:"):
                    break
                head.append(line)
        from fiit_cli.loader import read_yaml  # safe YAML with limits (no alias bomb)

        data = read_yaml(path, "".join(head).encode("utf-8"))[0]
    except Exception:  # noqa: BLE001 - a broken head just falls back to the file name
        pass
    if not isinstance(data, dict):  # a broken file still answers to its file name
        return CountryName(path.stem, path.stem, "", (), path)
    aliases = data.get("aliases")
    return CountryName(
        id=path.stem,
        name=str(data.get("name", path.stem)),
        iso2=str(data.get("iso2", "")),
        aliases=tuple(str(a) for a in aliases) if isinstance(aliases, list) else (),
        path=path,
    )


def _stem(file_name: str) -> str:
    """``Path(file_name).stem`` for a ``*.yaml`` name (``.yaml`` alone has no suffix)."""
    return file_name[:-5] if len(file_name) > 5 else file_name


class CountryIndex(NameIndex):
    """The country profiles of a data directory (one YAML file each).

    (``normalise`` is handed to the names index this way, so it need not import this module.)

    Names other than file names are resolved with the names index kept in the cache
    directory (:mod:`fiit_cli.names_index`), so a large directory is not read file by file.
    """

    normalise = staticmethod(normalise)

    def __init__(self, countries_dir: Path):
        self.dir = countries_dir
        self._files: list[str] | None = None
        self._paths: list[Path] | None = None
        self._names: list[CountryName] | None = None
        self._index = None

    def files(self) -> list[str]:
        """The profile files' names (``*.yaml``, as ``Path.glob`` finds them), sorted."""
        if self._files is None:
            try:
                with os.scandir(self.dir) as entries:
                    self._files = sorted(e.name for e in entries if e.name.endswith(".yaml")
                                         and _regular(e))
            except OSError:  # no such folder, or not a folder
                self._files = []
        return self._files

    def paths(self) -> list[Path]:
        if self._paths is None:
            self._paths = [self.dir / name for name in self.files()]
        return self._paths

    @property
    def ids(self) -> list[str]:
        return [_stem(name) for name in self.files()]

    def path_for(self, country_id: str) -> Path:
        return self.dir / f"{country_id}.yaml"

    def read_names(self) -> list[CountryName]:
        """The identity keys of every profile, read from the file heads."""
        if self._names is None:
            self._names = [_read_names(p) for p in self.paths()]
        return self._names

    def names(self) -> list[CountryName]:
        return self.read_names()

    def _is_file(self, stem: str) -> bool:
        try:
            return self.path_for(stem).is_file()
        except (OSError, ValueError):  # a name too long for a file name, a NUL
            return False

    def _names_index(self):
        if self._index is None:
            from fiit_cli.names_index import Names

            self._index = Names(self)
        return self._index if self._index.usable else None

    def index(self) -> dict[str, str]:
        cached = self._names_index() if self._names is None else None
        return cached.mapping() if cached is not None else super().index()

    def unknown(self, name: str) -> UnknownName:
        cached = self._names_index() if self._names is None else None
        if cached is None:
            return super().unknown(name)
        # the names index is current here (a name not found is checked against every
        # profile's stamp): its suggestions and file names are the folder's
        return UnknownName(self.kind, name, _suggest_from(name, cached),
                           [_stem(f) for f in cached.files()])

    def get(self, name: str) -> str | None:
        """File names resolve without reading any file; other names use the names index
        (else the file heads)."""
        key = normalise(name)
        if key and "/" not in name and name == key.replace(" ", "-") and self._is_file(name):
            return name  # a file name, as typed: the common case, one stat
        stem = key.replace(" ", "-")
        if stem != name and "/" not in stem and self._is_file(stem):
            return stem  # a file name typed another way ("New Zealand"): one more stat
        if key in UK_PARTS:  # England, Scotland…: the UK's profile, said once
            self.read_names()  # from the file heads, which know the UK by its ISO code
            return super().get(name)
        cached = self._names_index() if self._names is None else None
        if cached is not None:
            return cached.get(key)
        for stem in self.ids:
            if normalise(stem) == key:
                return stem
        return super().get(name)
