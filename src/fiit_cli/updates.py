"""Since 2013: sourced newer information beside the toolkit, an organisation's own layer, freshness.

The toolkit's records are never changed. Newer facts live beside them, one file per country:

* shipped: ``updates/<country>.yaml`` in the data directory (``data/updates/`` in fiit);
* local: the same layout in an organisation's own directory, ``$FIIT_LOCAL_DIR`` or else the
  user data directory (``platformdirs.user_data_dir("fiit")``, e.g. ``~/.local/share/fiit``).

Every record is validated with :class:`fiit_cli.models.Update` and read back as a
:class:`fiit_cli.records.Record` with one attribute more than its file holds: ``origin``,
``"toolkit-update"`` (shipped) or ``"local"``. A broken local file never stops fiit nor hides
the shipped records: :func:`load_updates` returns it as a warning instead.

Nothing here prints or exits. Schema and YAML are imported only when a file is read.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fiit_cli.loader import DataError
from fiit_cli.struct import struct

if TYPE_CHECKING:  # imported where used: reading records needs no dates
    import datetime

SHIPPED = "toolkit-update"
LOCAL = "local"
EU = "eu"  # the id of EU-wide records (updates/eu.yaml)
EU_NAME = "European Union"

# Months after `checked` when a record should be checked again, by topic.
MAX_AGE_MONTHS = {"phone": 12, "contact": 12, "law": 24, "structure": 24}


# ---------------------------------------------------------------- where and when


def today() -> datetime.date:
    """Today, or ``FIIT_TODAY=YYYY-MM-DD`` (for tests and reproducible reports)."""
    import datetime

    fixed = os.environ.get("FIIT_TODAY")
    if fixed:
        try:
            return datetime.date.fromisoformat(fixed)
        except ValueError:
            pass  # a malformed FIIT_TODAY is ignored, never fatal
    return datetime.date.today()


def local_dir() -> Path | None:
    """The organisation's own layer: ``$FIIT_LOCAL_DIR``, else the user data directory.

    ``FIIT_LOCAL_DIR`` set but empty turns the local layer off.
    """
    env = os.environ.get("FIIT_LOCAL_DIR")
    if env is not None:
        return Path(env) if env else None
    if sys.platform.startswith("linux"):  # what platformdirs answers there, without its import
        base = os.environ.get("XDG_DATA_HOME", "").strip() or os.path.expanduser("~/.local/share")
        return Path(base) / "fiit"
    import platformdirs

    return Path(platformdirs.user_data_dir("fiit", appauthor=False))


def layer_files(root: Path | None, kind: str = "updates") -> list[Path]:
    """The ``updates/*.yaml`` (or ``searches/*.yaml``) files of a data directory or local
    layer (none if absent)."""
    if root is None:
        return []
    folder = root / kind
    try:
        return sorted(p for p in folder.glob("*.yaml") if p.is_file())
    except OSError:
        return []


def irregular_files(root: Path | None, kind: str = "updates") -> list[DataError]:
    """What :func:`layer_files` leaves out and must not go unseen: a ``*.yaml`` that is not
    a regular file (a folder, a FIFO, a device), or that cannot be read (FIIT004)."""
    from fiit_cli.loader import A_FOLDER, NOT_REGULAR

    if root is None:
        return []
    folder = root / kind
    out = []
    try:
        if folder.exists() and not folder.is_dir():
            return [DataError(folder, None, None, "not a folder; no records read", "FIIT004")]
        for p in sorted(folder.glob("*.yaml")):
            if p.is_dir():
                out.append(DataError(p, None, None, f"{A_FOLDER}; left out", "FIIT004"))
            elif not p.is_file():
                out.append(DataError(p, None, None, NOT_REGULAR, "FIIT004"))
            elif not os.access(p, os.R_OK):
                out.append(DataError(p, None, None, "cannot read: permission denied",
                                     "FIIT004"))
    except OSError as exc:
        out.append(DataError(folder, None, None, f"cannot read: {exc.strerror}", "FIIT004"))
    return out


# ---------------------------------------------------------------- loading


def load_file(path: Path, origin: str = SHIPPED) -> list[Any]:
    """The records of one ``updates/<country>.yaml``, each with ``origin``.

    Raises :class:`DataError` (file:line) if the file is broken or a record's country is not
    the file's id.
    """
    from fiit_cli import cache as record_cache
    from fiit_cli.loader import read_bytes, read_yaml, validate
    from fiit_cli.records import Record

    raw = read_bytes(path)
    data = record_cache.get("updates", raw)
    where = None
    if data is None:
        from fiit_cli.models import Updates

        parsed, where = read_yaml(path, raw)
        data = validate(Updates, parsed, path, where).model_dump(mode="json")
        record_cache.put("updates", raw, data)
    for i, rec in enumerate(data["updates"]):
        if rec["country"] != path.stem:  # the cache is keyed by bytes, not by name
            if where is None:
                _, where = read_yaml(path, raw)
            line, column = where.position(("updates", i, "country"))
            raise DataError(path, line, f"updates.{i}.country",
                            f"country {rec['country']!r} does not match the file name "
                            f"{path.stem!r}", "FIIT025", column)
    return [Record({**{k: v for k, v in rec.items() if k != "confidential" or v},
                    "origin": origin}) for rec in data["updates"]]


def load_updates(root: Path | None = None, local: Path | None = None, *,
                 with_local: bool = True, countries: Iterable[str] | None = None
                 ) -> tuple[list[Any], list[DataError]]:
    """Shipped records of ``root`` (default: the data in use), then the local layer's.

    ``local`` defaults to :func:`local_dir`; ``with_local=False`` skips the layer;
    ``countries`` reads only those countries' files (a lookup needs one). Returns
    ``(records, warnings)``: a shipped file that is broken raises :class:`DataError` as any
    data file does; a broken local file, or a local record whose id is already taken, is
    left out and reported in ``warnings`` (``str(w)`` is one line, ``file:line: field:
    message``).
    """
    from fiit_cli.loader import data_dir

    wanted = None if countries is None else set(countries)

    def files(folder: Path | None) -> list[Path]:
        found = layer_files(folder)
        return found if wanted is None else [p for p in found if p.stem in wanted]

    records: list[Any] = []
    seen: dict[str, Path] = {}
    for path in files(root or data_dir()):
        for rec in load_file(path, SHIPPED):
            if rec.id in seen:
                raise DataError(path, None, "id", f"id {rec.id!r} is also used in "
                                f"{seen[rec.id].name}", "FIIT024")
            seen[rec.id] = path
            records.append(rec)
    warnings: list[DataError] = []
    if not with_local:
        return records, warnings
    explicit = local is not None or bool(os.environ.get("FIIT_LOCAL_DIR"))
    if local is None:
        local = local_dir()
    if local is not None and explicit and not local.is_dir():  # a typo must not go unseen
        warnings.append(DataError(local, None, None, "the local layer (FIIT_LOCAL_DIR) is not "
                                  "a directory; no local records read", "FIIT022"))
    elif local is not None:  # an unreadable or odd file of the layer is said, not skipped
        warnings += [w for w in irregular_files(local)
                     if wanted is None or Path(w.path).stem in wanted]
    for path in files(local):
        try:
            found = load_file(path, LOCAL)
        except DataError as exc:
            exc.message = " ".join(exc.message.split())  # one line, whatever the YAML said
            warnings.append(exc)
            continue
        for i, rec in enumerate(found):
            if rec.id in seen:
                line, column = _position(path, ("updates", i, "id"))
                warnings.append(DataError(path, line, f"updates.{i}.id", f"id {rec.id!r} is "
                                          f"already used in {seen[rec.id]}; record left out",
                                          "FIIT024", column))
                continue
            for loc, message in future_dates(rec, today()):  # kept, and said
                line, column = _position(path, ("updates", i, *loc))
                warnings.append(DataError(path, line, ".".join(map(str, ("updates", i, *loc))),
                                          message, "FIIT026", column))
            seen[rec.id] = path
            records.append(rec)
    return records, warnings


def _position(path: Path, where: tuple) -> tuple[int | None, int | None]:
    """(line, column) of a node of a file that has already loaded (for a warning)."""
    from fiit_cli.loader import read_yaml

    try:
        return read_yaml(path)[1].position(where)
    except DataError:
        return None, None


def load_searches(root: Path | None = None) -> list[Any]:
    """The searches that found nothing current, ``searches/<country>.yaml`` of the data in use
    (or ``root``): records with ``country``, ``section``, ``looked_for``, ``searched``,
    ``where``, ``found``. None if the folder is absent. Raises :class:`DataError` for a broken
    file or a search whose country is not its file's (FIIT028)."""
    from fiit_cli import cache as record_cache
    from fiit_cli.loader import data_dir, read_bytes, read_yaml, validate
    from fiit_cli.records import Record

    out: list[Any] = []
    for path in layer_files(root or data_dir(), "searches"):
        raw = read_bytes(path)
        data = record_cache.get("searches", raw)
        if data is None:
            from fiit_cli.models import Searches

            parsed, where = read_yaml(path, raw)
            data = validate(Searches, parsed, path, where).model_dump(mode="json")
            record_cache.put("searches", raw, data)
        for i, s in enumerate(data["searches"]):
            if s["country"] != path.stem:
                line, column = read_yaml(path, raw)[1].position(("searches", i, "country"))
                raise DataError(path, line, f"searches.{i}.country",
                                f"country {s['country']!r} does not match the file name "
                                f"{path.stem!r}", "FIIT028", column)
            out.append(Record(s))
    return out


# ---------------------------------------------------------------- queries


def is_confidential(record: Any) -> bool:
    """Marked ``confidential: true``: not to be published (exports, printed briefs, vCards)."""
    return bool(getattr(record, "confidential", False))


def publishable(records: Iterable[Any], include_confidential: bool = False
                ) -> tuple[list[Any], int]:
    """The records that may be published, and how many confidential ones were left out."""
    records = list(records)
    if include_confidential:
        return records, 0
    kept = [r for r in records if not is_confidential(r)]
    return kept, len(records) - len(kept)


def for_country(records: Iterable[Any], country: str, eu_level: bool = False) -> list[Any]:
    """Records of one country id (``"eu"`` for the EU-wide ones); with ``eu_level``, the EU
    records that apply to it (``applies_to``) as well."""
    return [r for r in records if r.country == country or (eu_level and applies(r, country))]


def applies(record: Any, country: str) -> bool:
    """Is this an EU-level record shown beside a section of ``country``'s profile?"""
    return record.country == EU and country in (record.applies_to or ())


def section_of(record: Any) -> str | None:
    """The profile section a record belongs beside: its ``section``, else its field's first
    part, else ``contacts`` for an organisation; None for a hotline-only record."""
    c = record.concerns
    if c.section:
        return c.section
    if c.field:
        return c.field.split(".", 1)[0]
    if c.organisation:
        return "contacts"
    return None


def for_section(records: Iterable[Any], country: str, slug: str) -> list[Any]:
    """Records of a country that belong beside one section of its profile, then the EU-level
    records that apply to that section of it (``applies_to``)."""
    records = list(records)
    return ([r for r in records if r.country == country and section_of(r) == slug]
            + [r for r in records if applies(r, country) and section_of(r) == slug])


def cell_of(record: Any) -> str | None:
    """The section a record counts for in the coverage grid: :func:`section_of`, and
    ``contacts`` for a record about a hotline of the annex."""
    return section_of(record) or ("contacts" if record.concerns.hotline else None)


def coverage(records: list[Any], searches: list[Any], profiles: list[tuple[str, str]],
             annex: Any, sections: list[str]) -> dict[str, Any]:
    """What the since-2013 layer covers: for each profile and section, the records (the
    country's own and EU-level ones) and the newest check, or the newest search that found
    nothing; for each annex state, its hotlines and whether a record concerns it.

    ``profiles`` is ``[(id, name)]``; the result is plain data (json as it stands).
    """
    def newest(dates: list[str]) -> str | None:
        return max(dates) if dates else None

    grid = []
    for cid, name in profiles:
        for slug in sections:
            own = [r for r in records if r.country == cid and cell_of(r) == slug]
            eu = [r for r in records if applies(r, cid) and section_of(r) == slug]
            looked = [s.searched for s in searches if s.country == cid and s.section == slug]
            status = "records" if own or eu else ("searched" if looked else "2013 only")
            grid.append({"country": cid, "name": name, "section": slug,
                         "records": len(own), "eu_records": len(eu),
                         "newest_checked": newest([r.checked for r in own + eu]),
                         "searched": newest(looked), "status": status,
                         "ids": [r.id for r in own + eu]})
    states = []
    for entry in annex.countries:
        mine = [r for r in records if r.country == entry.id]
        lines = []
        for h in entry.hotlines:
            about = [r for r in mine if r.concerns.hotline == h.service]
            lines.append({"service": h.service, "records": len(about),
                          "newest_checked": newest([r.checked for r in about]),
                          "ids": [r.id for r in about]})
        sourced = sum(1 for line in lines if line["records"])
        found = "yes" if sourced and sourced == len(lines) else "partly" if sourced else "no"
        looked = [s.searched for s in searches if s.country == entry.id
                  and s.section == "contacts"]
        states.append({"country": entry.id, "name": entry.name, "profile": entry.profile,
                       "hotlines": lines, "current_source": found,
                       "other_records": sum(1 for r in mine if not r.concerns.hotline),
                       "searched": newest(looked)})
    return {"sections": grid, "annex": states}


def for_field(records: Iterable[Any], country: str, path: str) -> list[Any]:
    """Records of a country about one field (``path`` itself or anything under it)."""
    return [r for r in records if r.country == country and r.concerns.field
            and (r.concerns.field == path or r.concerns.field.startswith(path + "."))]


def for_hotline(records: Iterable[Any], country: str, service: str) -> list[Any]:
    """Records of a country about one hotline of the annex (its ``service``, exactly)."""
    return [r for r in records if r.country == country and r.concerns.hotline == service]


def for_organisation(records: Iterable[Any], country: str, name: str) -> list[Any]:
    """Records of a country about one organisation of its contacts (its ``name``, exactly)."""
    return [r for r in records if r.country == country and r.concerns.organisation == name]


def source_text(source: Any) -> str:
    """'Title (Publisher, 2024-05): https://...' for one source of a record."""
    date = f", {source.date}" if source.date else ""
    return f"{source.title} ({source.publisher}{date}): {source.url}"


def concerns_text(record: Any) -> str:
    """What a record concerns, on one line: 'field challenges.nrm; hotline X'."""
    c = record.concerns
    parts = [f"{k} {getattr(c, k)}" for k in ("section", "field", "hotline", "organisation")
             if getattr(c, k)]
    return "; ".join(parts)


# ---------------------------------------------------------------- freshness


def _as_date(value: str | datetime.date) -> datetime.date:
    import datetime

    return value if isinstance(value, datetime.date) else datetime.date.fromisoformat(value)


def age_months(checked: str | datetime.date, on: datetime.date) -> int:
    """Whole months from ``checked`` to ``on`` (0 if ``checked`` is later)."""
    start = _as_date(checked)
    months = (on.year - start.year) * 12 + (on.month - start.month)
    if on.day < start.day:
        months -= 1
    return max(months, 0)


@struct(frozen=True)
class Freshness:
    checked: str
    months: int  # whole months since checked
    limit: int  # months after which it should be checked again
    stale: bool
    future: bool = False  # checked after today: a mistake in the record (a warning)

    @property
    def text(self) -> str:
        """'checked 14 months ago — check again' (stale), 'checked 3 months ago' (fresh),
        'check date in the future — check the record' (a date after today)."""
        if self.future:
            return "check date in the future — check the record"
        if self.months == 0:
            ago = "checked less than a month ago"
        else:
            ago = f"checked {self.months} month{'s' if self.months != 1 else ''} ago"
        return f"{ago} — check again" if self.stale else ago


def freshness(record: Any, on: datetime.date | None = None) -> Freshness:
    """How old a record's check is, against its topic's limit (phone/contact 12 months,
    law/structure 24). Stale means more than the limit has passed since ``checked``."""
    on = on or today()
    limit = MAX_AGE_MONTHS[record.topic]
    return Freshness(record.checked, age_months(record.checked, on), limit,
                     on > _add_months(_as_date(record.checked), limit),
                     _as_date(record.checked) > on)


def _add_months(day: datetime.date, months: int) -> datetime.date:
    import calendar

    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return day.replace(year=year, month=month,
                       day=min(day.day, calendar.monthrange(year, month)[1]))


def stale(records: Iterable[Any], on: datetime.date | None = None) -> list[Any]:
    """The records past their age."""
    on = on or today()
    return [r for r in records if freshness(r, on).stale]


# ---------------------------------------------------------------- references


def resolve_field(profile: Any, path: str) -> tuple[bool, Any]:
    """Follow a dotted path (``accommodation.specialised.staff_trained``, list items by
    number) through a profile's attributes: ``(True, value)``, or ``(False, None)``."""
    from fiit_cli.lookup import SECTION_SLUGS

    parts = path.split(".")
    if not parts or parts[0] not in SECTION_SLUGS:
        return False, None
    value = profile
    for part in parts:
        if part.isdigit():
            if not isinstance(value, list) or int(part) >= len(value):
                return False, None
            value = value[int(part)]
        elif part.startswith(("_", "model_")) or isinstance(value, (list, str, int, type(None))):
            return False, None
        else:
            try:
                value = getattr(value, part)
            except AttributeError:
                return False, None
            if callable(value):
                return False, None
    return True, value


FLAG_VALUES = {"yes", "no", "not stated", "partly"}


def reference_problems(record: Any, profiles: Mapping[str, Any],
                       annex: Any) -> list[tuple[tuple[str, ...], str, str]]:
    """What in a record points at nothing: ``[(loc, code, message)]``, loc inside the record.

    ``profiles`` maps profile ids to loaded profiles; ``annex`` is the loaded hotline annex.
    """
    out: list[tuple[tuple[str, ...], str, str]] = []
    annexed = {c.id: c for c in annex.countries}
    country = record.country
    if country != EU and country not in profiles and country not in annexed:
        return [(("country",), "FIIT023", f"no country {country!r}: not a profile, not in the "
                 "hotline annex, not 'eu'")]
    c = record.concerns
    for i, cid in enumerate(getattr(record, "applies_to", None) or ()):
        if cid not in profiles:
            out.append((("applies_to", str(i)), "FIIT023",
                        f"applies_to names {cid!r}, which is not a profile "
                        f"({', '.join(sorted(profiles))})"))
    profile = profiles.get(country)
    if c.field:
        if profile is None:
            out.append((("concerns", "field"), "FIIT023",
                        f"{country!r} has no profile for field {c.field!r} to point into"))
        else:
            found, value = resolve_field(profile, c.field)
            if not found:
                out.append((("concerns", "field"), "FIIT023",
                            f"no field {c.field!r} in the profile of {country!r}"))
            elif record.value is not None and value not in FLAG_VALUES:
                out.append((("value",), "FIIT012",
                            f"value is for a yes/no field; {c.field!r} is not one"))
            if found and c.section and c.field.split(".")[0] != c.section:
                out.append((("concerns", "section"), "FIIT023",
                            f"section {c.section!r} does not hold field {c.field!r}"))
    elif record.value is not None:
        out.append((("value",), "FIIT012", "value needs concerns.field (the yes/no field)"))
    if c.hotline:
        entry = annexed.get(country)
        services = [h.service for h in entry.hotlines] if entry else []
        if c.hotline not in services:
            listed = ", ".join(repr(s) for s in services) or "none"
            out.append((("concerns", "hotline"), "FIIT023",
                        f"no hotline {c.hotline!r} for {country!r} in the annex"
                        + _nearly(c.hotline, services, f" (services: {listed})")))
    if c.organisation:
        names = ([o.name for g in profile.contacts.groups for o in g.organisations]
                 if profile is not None else [])
        if c.organisation not in names:
            out.append((("concerns", "organisation"), "FIIT023",
                        f"no organisation {c.organisation!r} in the contacts of {country!r}"
                        + _nearly(c.organisation, names, "")))
    return out


def _nearly(name: str, names: list[str], otherwise: str) -> str:
    """'; did you mean ...?' for a name that differs only in case, accents or spacing."""
    from fiit_cli.lookup import normalise

    same = [n for n in names if normalise(n) == normalise(name)]
    if same:
        return f"; did you mean {same[0]!r}? (names exactly as the toolkit prints them)"
    return otherwise


def future_dates(record: Any, on: datetime.date) -> list[tuple[tuple[str | int, ...], str]]:
    """Dates after ``on`` (a check cannot be in the future): ``[(loc, message)]``."""
    import datetime

    out: list[tuple[tuple[str | int, ...], str]] = []
    if _as_date(record.checked) > on:
        out.append((("checked",), f"checked {record.checked!r} is after today ({on})"))
    for i, s in enumerate(record.sources):
        if s.date:
            parts = [int(p) for p in s.date.split("-")] + [1, 1]
            if datetime.date(parts[0], parts[1], parts[2]) > on:
                out.append((("sources", i, "date"), f"source date {s.date!r} is after today "
                            f"({on})"))
    return out
