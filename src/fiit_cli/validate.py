"""Check a data directory (or one file) and list every problem with a stable code.

Each problem is a :class:`~fiit_cli.loader.DataError`: ``file:line:column``, the field path,
a code from :data:`CODES` and a message. Nothing in the files is ever executed: YAML is read
with the safe loader and tags are refused.
"""

from __future__ import annotations

import hashlib  # noqa: F401 - OpenSSL's SHA-256 for the cache keys of many files (cache.sha256)
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from fiit_cli.codes import CODES  # noqa: F401 (re-exported)
from fiit_cli.loader import DataError, Located, problems, read_yaml


def check(path: Path, local: Path | None = None) -> tuple[list[DataError], int]:
    """Problems found under ``path`` (a data directory or one file), and files checked.

    ``local``: an organisation's own layer (``updates/*.yaml``) to check as well, against
    the data under ``path``. A directory with ``updates/`` but no ``countries/`` is checked
    as such a layer, against the data in use.
    """
    if path.is_file():
        if _kind(path) in ("updates", "searches"):
            refs = Refs.in_use()
            return _check_file(path, _kind(path), {}, refs=refs), 1
        return _check_file(path, _kind(path), {}), 1
    if not path.is_dir():
        return [DataError(path, None, None, "no such file or directory", "FIIT022")], 0
    countries = path / "countries"
    if not countries.is_dir() and (path / "updates").is_dir():
        return _check_layers([path], Refs.in_use())
    found: list[DataError] = []
    names: dict[str, tuple[str, Path]] = {}
    refs = Refs()
    files = sorted(countries.glob("*.yaml")) if countries.is_dir() else []
    from fiit_cli.loader import A_FOLDER, NOT_REGULAR

    found += [DataError(f, None, None, f"{A_FOLDER}; left out" if f.is_dir() else NOT_REGULAR,
                        "FIIT004") for f in files if not f.is_file()]
    files = [f for f in files if f.is_file()]
    if not files:
        found.append(DataError(countries, None, None, "no country profiles (countries/*.yaml)",
                               "FIIT022"))
    for f in files:
        found += _check_file(f, "profile", names, store=refs.profiles)
    ids = {f.stem for f in files}
    for name, kind in (("hotlines.yaml", "hotlines"), ("practices.yaml", "practices")):
        f = path / name
        if not f.exists():
            found.append(DataError(f, None, None, "file not found", "FIIT022"))
            continue
        found += _check_file(f, kind, names, ids, store=refs.annex)
    if len(refs.profiles) != len(files):  # a broken profile: its problems first, not a
        refs.annex.clear()                # cascade of unresolved references
    more, count = _check_layers([path] + ([local] if local else []), refs)
    from fiit_cli.updates import irregular_files, layer_files

    searches = layer_files(path, "searches")
    more += irregular_files(path, "searches")
    for f in searches:
        more += _check_file(f, "searches", {}, refs=refs)
    return found + more, len(files) + 2 + count + len(searches)


class Refs:
    """What since-2013 records may point at: profiles by id, and the annex (when valid)."""

    def __init__(self) -> None:
        self.profiles: dict[str, Any] = {}
        self.annex: dict[str, Any] = {}  # {"hotlines": annex} once it validated
        self.seen: dict[str, tuple[Path, int | None]] = {}  # update id -> where first used

    @classmethod
    def in_use(cls) -> Refs:
        """The data in use, to check a layer or file of updates against (if it loads)."""
        from fiit_cli.loader import data_dir, load_hotlines, load_profile

        refs = cls()
        try:
            root = data_dir()
            for f in sorted((root / "countries").glob("*.yaml")):
                refs.profiles[f.stem] = load_profile(f)
            refs.annex["hotlines"] = load_hotlines(root)
        except DataError:  # broken data in use: validate it first; skip the references
            refs.annex.clear()
        return refs


def _check_layers(roots: list[Path], refs: Refs) -> tuple[list[DataError], int]:
    from fiit_cli.updates import irregular_files, layer_files

    found = [w for root in roots for w in irregular_files(root)]
    files = [f for root in roots for f in layer_files(root)]
    for f in files:
        found += _check_file(f, "updates", {}, refs=refs)
    return found, len(files)


def _kind(path: Path) -> str:
    if path.parent.name == "updates":
        return "updates"
    if path.parent.name == "searches":
        return "searches"
    if path.name == "hotlines.yaml":
        return "hotlines"
    if path.name == "practices.yaml":
        return "practices"
    return "profile"


def _check_file(path: Path, kind: str, names: dict[str, tuple[str, Path]],
                ids: set[str] | None = None, store: dict[str, Any] | None = None,
                refs: Refs | None = None) -> list[DataError]:
    record, where, raw = _record(path, kind)
    if record is None:
        return where  # the file's own problems (YAML or schema)
    if store is not None:
        store[record.id if kind == "profile" else kind] = record
    if kind == "updates":
        return _check_updates(record, path, where, refs or Refs())
    if kind == "searches":
        return _check_searches(record, path, where, refs or Refs())
    if kind == "profile":
        if not isinstance(record, _Checked):  # remembered for the next run
            from fiit_cli import cache as record_cache

            summary = {k: record.model_dump(mode="json")[k]
                       for k in ("id", "name", "iso2", "aliases")}
            summary["phones"] = [[list(loc), p] for loc, p in _phone_problems(record)]
            record_cache.put("profile-check", _check_key(raw), summary)
            checked = _Checked(summary, raw)
            checked._record = record
            record = checked
        return _check_profile(record, path, where, names)
    if kind == "hotlines":
        return _check_hotlines(record, path, where, ids)
    return _check_practices(record, path, where, ids)


def _record(path: Path, kind: str) -> tuple[Any, Any, bytes]:
    """The validated record of a file, where its fields are, and its bytes; or (None,
    problems, bytes).

    A file that validated before (same bytes, same schema) is not parsed or validated again:
    a profile's summary (names and phone findings) or else the record is read back from the
    cache (fiit_cli.cache); line numbers are worked out only if a check finds a problem.
    """
    from fiit_cli import cache as record_cache
    from fiit_cli.loader import read_bytes

    try:
        raw = read_bytes(path)
    except DataError as exc:
        return None, [exc], b""
    if kind == "profile":
        summary = record_cache.get("profile-check", _check_key(raw))
        if summary is not None:
            return _Checked(summary, raw), _LazyLocated(path, raw), raw
    data = record_cache.get(kind, raw)
    if data is not None:
        from fiit_cli.records import Record

        return Record(data), _LazyLocated(path, raw), raw
    try:
        parsed, where = read_yaml(path, raw)
    except DataError as exc:
        return None, [exc], raw
    from fiit_cli.models import KINDS

    try:
        record = KINDS[kind].model_validate(parsed)
    except ValidationError as exc:
        return None, problems(exc, path, where), raw
    record_cache.put(kind, raw, record.model_dump(mode="json"))
    return record, where, raw


def _check_key(raw: bytes) -> bytes:
    """A profile's check summary depends on its bytes and on the phone code in use."""
    return _phones_fingerprint() + b"\0" + raw


class _Checked:
    """A profile that validated before: its names and phone findings from the summary, the
    rest of the record (for references from updates/) read back when first asked for."""

    def __init__(self, summary: dict[str, Any], raw: bytes):
        self._summary = summary
        self._raw = raw
        self._record: Any = None

    @property
    def phone_problems(self) -> list[tuple[tuple[Any, ...], str]]:
        return [(tuple(loc), phone) for loc, phone in self._summary["phones"]]

    def __getattr__(self, name: str) -> Any:
        if name in ("id", "name", "iso2", "aliases"):
            return self._summary[name]
        if self._record is None:
            from fiit_cli import cache as record_cache
            from fiit_cli.records import Record

            data = record_cache.get("profile", self._raw)
            if data is None:  # the cache was cleared under us: validate it again
                from fiit_cli.models import KINDS

                data = KINDS["profile"].model_validate(read_yaml(Path("-"), self._raw)[0]) \
                    .model_dump(mode="json")
            self._record = Record(data)
        return getattr(self._record, name)


class _LazyLocated:
    """Line numbers of a file, parsed when first asked for (never, for a file without
    problems)."""

    HEAD = ("id", "name", "iso2", "aliases")  # a profile's first keys, before `permits:`

    def __init__(self, path: Path, raw: bytes):
        self.path, self.raw = path, raw
        self._where: Located | None = None
        self._head: Located | None | bool = False

    def _located(self) -> Located:
        if self._where is None:
            self._where = read_yaml(self.path, self.raw)[1]
        return self._where

    def _head_located(self) -> Located | None:
        """The lines of the keys above `permits:` (a name clash is there), parsing only them."""
        if self._head is False:
            self._head = None
            end = self.raw.find(b"\npermits:")
            if end > 0:
                try:
                    self._head = read_yaml(self.path, self.raw[:end + 1])[1]
                except DataError:
                    pass
        return self._head  # type: ignore[return-value]

    def position(self, path: tuple[Any, ...]) -> tuple[int | None, int | None]:
        if path and path[0] in self.HEAD and self._where is None:
            head = self._head_located()
            if head is not None and (path[0],) in head.lines:
                return head.position(path)
        return self._located().position(path)

    def line_for(self, path: tuple[Any, ...]) -> int | None:
        return self._located().line_for(path)


def _at(path: Path, where: Located, loc: tuple[Any, ...], code: str, message: str) -> DataError:
    line, column = where.position(loc)
    return DataError(path, line, ".".join(str(p) for p in loc), message, code, column)


def _check_profile(profile, path: Path, where: Located,
                   names: dict[str, tuple[str, Path]]) -> list[DataError]:
    from fiit_cli.lookup import normalise

    out = []
    if profile.id != path.stem:
        out.append(_at(path, where, ("id",), "FIIT014",
                       f"id {profile.id!r} does not match the file name {path.stem!r}"))
    for loc, phone in _phone_problems(profile):
        out.append(_at(path, where, loc, "FIIT020",
                       f"phone {phone!r} does not parse as an international number"))
    labelled = [(("name",), profile.name), (("iso2",), profile.iso2)]
    labelled += [(("aliases", i), a) for i, a in enumerate(profile.aliases)]
    for loc, name in labelled:
        key = normalise(name)
        owner = names.get(key)
        if owner and owner[0] != profile.id:
            out.append(_at(path, where, loc, "FIIT021",
                           f"{name!r} also names {owner[0]!r} ({owner[1].name})"))
        else:
            names[key] = (profile.id, path)
    return out


def _phone_problems(profile) -> list[tuple[tuple[Any, ...], str]]:
    """Phones of a profile that do not parse as international numbers, by location."""
    if isinstance(profile, _Checked):
        return profile.phone_problems
    from fiit_cli.phones import e164_from_printed

    found = []
    for gi, g in enumerate(profile.contacts.groups):
        for oi, o in enumerate(g.organisations):
            for pi, phone in enumerate(o.phones):
                if e164_from_printed(phone) is None:
                    found.append((("contacts", "groups", gi, "organisations", oi, "phones", pi),
                                  phone))
    return found


@cache
def _phones_fingerprint() -> bytes:
    """fiit's phone code and the phonenumbers release: a new one checks every phone again."""
    import importlib.util

    parts = [Path(__file__).with_name("phones.py")]
    spec = importlib.util.find_spec("phonenumbers")
    if spec is not None and spec.origin:
        parts.append(Path(spec.origin))
    out = []
    for p in parts:
        try:
            out.append(p.read_bytes())
        except OSError:
            out.append(b"-")
    from fiit_cli.cache import sha256

    return sha256(b"\0".join(out)).digest()


def _check_hotlines(annex, path: Path, where: Located, ids: set[str] | None) -> list[DataError]:
    from fiit_cli.phones import is_valid

    out = []
    for ci, c in enumerate(annex.countries):
        if ids is not None and c.profile and c.profile not in ids:
            out.append(_at(path, where, ("countries", ci, "profile"), "FIIT023",
                           f"no profile {c.profile!r} in countries/"))
        for hi, h in enumerate(c.hotlines):
            for ni, n in enumerate(h.numbers):
                loc = ("countries", ci, "hotlines", hi, "numbers", ni)
                if n.e164 is None and not n.note:
                    out.append(_at(path, where, loc, "FIIT020",
                                   f"{n.printed!r} has no E.164 form and no note saying why"))
                elif n.e164 is not None and not is_valid(n.e164):
                    out.append(_at(path, where, loc + ("e164",), "FIIT020",
                                   f"{n.e164!r} is not a valid phone number"))
    return out


def _check_practices(data, path: Path, where: Located, ids: set[str] | None) -> list[DataError]:
    out = []
    themes = {t.id for t in data.themes}
    for pi, p in enumerate(data.practices):
        if ids is not None and p.country not in ids:
            out.append(_at(path, where, ("practices", pi, "country"), "FIIT023",
                           f"no profile {p.country!r} in countries/"))
        if p.theme not in themes:
            out.append(_at(path, where, ("practices", pi, "theme"), "FIIT023",
                           f"theme {p.theme!r} is not among the themes listed"))
    return out


def _check_updates(data, path: Path, where: Located, refs: Refs) -> list[DataError]:
    from fiit_cli.updates import future_dates, reference_problems, today

    out = []
    on = today()
    annex = refs.annex.get("hotlines")
    for i, u in enumerate(data.updates):
        at = ("updates", i)
        if u.country != path.stem:
            out.append(_at(path, where, at + ("country",), "FIIT025",
                           f"country {u.country!r} does not match the file name {path.stem!r}"))
        first = refs.seen.get(u.id)
        if first is not None:
            line = f":{first[1]}" if first[1] else ""
            out.append(_at(path, where, at + ("id",), "FIIT024",
                           f"id {u.id!r} is also used at {first[0]}{line}"))
        else:
            refs.seen[u.id] = (path, where.line_for(at + ("id",)))
        for loc, message in future_dates(u, on):
            out.append(_at(path, where, at + loc, "FIIT026", message))
        if annex is not None:
            for loc, code, message in reference_problems(u, refs.profiles, annex):
                out.append(_at(path, where, at + loc, code, message))
    return out


def _check_searches(data, path: Path, where: Located, refs: Refs) -> list[DataError]:
    """A search is about a section of a profile (or of an annex country), in its own file,
    made on a day that has come."""
    import datetime

    from fiit_cli.updates import today

    out = []
    on = today()
    annex = refs.annex.get("hotlines")
    known = set(refs.profiles) | ({c.id for c in annex.countries} if annex is not None else set())
    for i, s in enumerate(data.searches):
        at = ("searches", i)
        if s.country != path.stem:
            out.append(_at(path, where, at + ("country",), "FIIT028",
                           f"country {s.country!r} does not match the file name {path.stem!r}"))
        elif refs.profiles and s.country not in known:
            out.append(_at(path, where, at + ("country",), "FIIT028",
                           f"no profile {s.country!r} (nor an annex country) to have searched "
                           "for"))
        if datetime.date.fromisoformat(s.searched) > on:
            out.append(_at(path, where, at + ("searched",), "FIIT026",
                           f"searched {s.searched!r} is after today ({on})"))
    return out


def describe(error: DataError) -> str:
    """``file:line:column: CODE field: message`` (line and column where known)."""
    return str(error)
