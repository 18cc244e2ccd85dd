"""Check a data directory (or one file) and list every problem with a stable code.

Each problem is a :class:`~fiit_cli.loader.DataError`: ``file:line:column``, the field path,
a code from :data:`CODES` and a message. Nothing in the files is ever executed: YAML is read
with the safe loader and tags are refused.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from fiit_cli.codes import CODES  # noqa: F401 (re-exported)
from fiit_cli.loader import DataError, Located, problems, read_yaml


def check(path: Path) -> tuple[list[DataError], int]:
    """Problems found under ``path`` (a data directory or one file), and files checked."""
    if path.is_file():
        return _check_file(path, _kind(path), {}), 1
    if not path.is_dir():
        return [DataError(path, None, None, "no such file or directory", "FIIT022")], 0
    found: list[DataError] = []
    names: dict[str, tuple[str, Path]] = {}
    countries = path / "countries"
    files = sorted(countries.glob("*.yaml")) if countries.is_dir() else []
    if not files:
        found.append(DataError(countries, None, None, "no country profiles (countries/*.yaml)",
                               "FIIT022"))
    for f in files:
        found += _check_file(f, "profile", names)
    ids = {f.stem for f in files}
    for name, kind in (("hotlines.yaml", "hotlines"), ("practices.yaml", "practices")):
        f = path / name
        if not f.exists():
            found.append(DataError(f, None, None, "file not found", "FIIT022"))
            continue
        found += _check_file(f, kind, names, ids)
    return found, len(files) + 2


def _kind(path: Path) -> str:
    if path.name == "hotlines.yaml":
        return "hotlines"
    if path.name == "practices.yaml":
        return "practices"
    return "profile"


def _check_file(path: Path, kind: str, names: dict[str, tuple[str, Path]],
                ids: set[str] | None = None) -> list[DataError]:
    try:
        data, where = read_yaml(path)
    except DataError as exc:
        return [exc]
    from fiit_cli.models import KINDS

    try:
        record = KINDS[kind].model_validate(data)
    except ValidationError as exc:
        return problems(exc, path, where)
    if kind == "profile":
        return _check_profile(record, path, where, names)
    if kind == "hotlines":
        return _check_hotlines(record, path, where, ids)
    return _check_practices(record, path, where, ids)


def _at(path: Path, where: Located, loc: tuple[Any, ...], code: str, message: str) -> DataError:
    line, column = where.position(loc)
    return DataError(path, line, ".".join(str(p) for p in loc), message, code, column)


def _check_profile(profile, path: Path, where: Located,
                   names: dict[str, tuple[str, Path]]) -> list[DataError]:
    from fiit_cli.lookup import normalise
    from fiit_cli.phones import e164_from_printed

    out = []
    if profile.id != path.stem:
        out.append(_at(path, where, ("id",), "FIIT014",
                       f"id {profile.id!r} does not match the file name {path.stem!r}"))
    for gi, g in enumerate(profile.contacts.groups):
        for oi, o in enumerate(g.organisations):
            for pi, phone in enumerate(o.phones):
                if e164_from_printed(phone) is None:
                    loc = ("contacts", "groups", gi, "organisations", oi, "phones", pi)
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


def describe(error: DataError) -> str:
    """``file:line:column: CODE field: message`` (line and column where known)."""
    where = error.path
    if error.line is not None:
        where += f":{error.line}"
        if error.column is not None:
            where += f":{error.column}"
    field = f" {error.field}:" if error.field else ""
    return f"{where}: {error.code}{field} {error.message}"
