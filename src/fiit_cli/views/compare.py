"""Side-by-side comparison and the cross-country overview, as typed rows.

Rows align the same thing across countries by meaning: permit stages by their kind,
accommodation by structure (specialised / mainstream), contact groups by kind, every other
field by its name in the schema. A cell knows whether it is a value, a 'no', 'not stated',
'not applicable' or nothing at all (an empty list of notes), so every writer can make them
look different without colour.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from fiit_cli.doc import (
    Cell,
    Choice,
    CompareRow,
    Comparison,
    Document,
    Entity,
    Field,
    Flag,
    Link,
    Phone,
    Text,
)
from fiit_cli.struct import struct
from fiit_cli.views.profile import chart_fields, conditions, heading, organisation

if TYPE_CHECKING:
    from fiit_cli.models import CountryProfile

LABELS = {
    "eu_nationals": "EU nationals",
    "third_country_nationals": "Third-country nationals",
    "staff_trained": "Staff trained for VoTs",
    "printed": "VoTs accepted (as printed)",
    "accepted": "who is accepted",
    "specialised": "Specialised (VoT-specific) structures",
    "mainstream": "Mainstream structures",
    "psychosocial": "Psychosocial support",
    "healthcare": "Mainstream healthcare",
    "mixing": "Mixed or not",
    "types": "Type",
    "identified_by": "A VoT is identified by",
    "through_mainstream": "Through mainstream services",
    "national_rapporteur": "National rapporteur (or similar)",
    "access_mechanism": "Mechanism to facilitate access",
    "mainstream_access": "Access to mainstream services",
    "accompanied": "Accompanied",
    "key_facts": "Key facts",
    "main_countries_of_origin": "Main countries of origin",
    "countries_of_return": "Countries of return",
}
SKIP = {"source", "print_notes", "remarks", "qualifiers"}
# Values the toolkit prints only on the country's contents page (data review 2, V-2): the
# label says so and each value carries the caveat, as `find` and `brief` do.
CONTENTS_PAGE = {"where_available", "identified_by"}
# A condition or note that qualifies a yes/no field: shown with it, never dropped.
QUALIFIERS = {
    "access": "access_condition", "through_mainstream": "mainstream_condition",
    "free_of_charge": ("free_condition", "cost_note"), "compulsory": "compulsory_note",
    "mainstream_access": "access_condition", "accompanied": "accompanied_condition",
}
QUALIFIER_FIELDS = {"access_condition", "mainstream_condition", "free_condition", "cost_note",
                    "compulsory_note", "accompanied_condition"}


def label(name: str) -> str:
    return LABELS.get(name, name.replace("_", " ").capitalize())


NA = Cell([], "not applicable")


def cell(value: Any, notes: bool = False) -> Cell:
    """One country's value for one row; for editorial notes, nothing means nothing."""
    if value is None or value == []:
        return Cell([], "empty" if notes else "not stated")
    if isinstance(value, Flag):
        if value.value in ("no", "not stated") and not value.condition:
            return Cell([value], value.value)  # type: ignore[arg-type]
        return Cell([value])
    if isinstance(value, str):
        if value in ("no", "not stated"):
            return Cell([Flag(value)], value)  # type: ignore[arg-type]
        return Cell([Text(value)])
    if isinstance(value, list):
        return Cell([v if isinstance(v, (Text, Choice, Entity, Flag, Link, Phone)) else
                     Text(str(v)) for v in value])
    return Cell([Text(str(value))])


def qualified(record: Any, name: str, section: Any = None, path: str | None = None) -> Any:
    """A value with the conditions the data gives for it: a yes/no value as one
    :class:`Flag`, a text with what qualifies it (the section's qualifiers, resolved by
    :mod:`fiit_cli.answers`, else the schema's condition field)."""
    value = getattr(record, name)
    if section is not None and path is not None \
            and getattr(section, "qualifiers", None):
        from fiit_cli.answers import Answer, conditions, flag, text_with

        found = conditions(section, path, _ANYONE)
        if found and any(q.field == path for q in section.qualifiers):
            if value in ("yes", "no", "partly", "not stated"):
                return flag(Answer(value, value, found), verdict_value=False)
            if isinstance(value, str):
                return text_with(value, found)
            if isinstance(value, list) and all(isinstance(v, str) for v in value):
                return [*value, text_with(None, found)]
    extra = QUALIFIERS.get(name)
    for q in (extra,) if isinstance(extra, str) else (extra or ()):
        condition = getattr(record, q, None)
        if condition:
            return Flag(value, condition)
    return value


def _fields(record: Any) -> list[str]:
    """A record's field names in schema order (a cached Record, or a pydantic model)."""
    names = getattr(record, "fields", None)
    return names() if callable(names) else list(type(record).model_fields)


def _is_record(value: Any) -> bool:
    return hasattr(value, "model_dump") or callable(getattr(value, "fields", None))


class _Anyone:  # the situation of no one in particular: every tagged condition unknown
    groups: tuple = ()
    free = False
    residence = identified = cooperating = permit = None


_ANYONE: Any = _Anyone()


def _walk(group: str | None, records: list[Any], prefix: str = "",
          sections: list[Any] | None = None) -> list[CompareRow]:
    """Rows for the fields of aligned records (None: the country has no such record).

    A record's own fields come first, then its nested records as sub-groups, so that each
    group's rows stay together.
    """
    model = next((r for r in records if r is not None), None)
    if model is None:
        return []
    rows: list[CompareRow] = []
    nested: list[CompareRow] = []
    for name in _fields(model):
        if name in SKIP or name in QUALIFIER_FIELDS:
            continue
        secs = sections or [None] * len(records)
        values = [qualified(r, name, sec, f"{prefix}{name}") if r is not None else None
                  for r, sec in zip(records, secs)]
        sample = next((v for v in values if v is not None), None)
        if _is_record(sample):
            sub = f"{group} · {label(name)}" if group else label(name)
            nested += _walk(sub, values, f"{prefix}{name}.", sections)
            continue
        notes = name == "notes"
        cells = [NA if r is None else cell(v, notes) for r, v in zip(records, values)]
        title = label(name)
        if name in CONTENTS_PAGE:
            title = _contents_page(cells, title)
        rows.append(CompareRow(group, title, cells, f"{prefix}{name}"))
    return [r for r in rows if not _nothing(r)] + nested


def _contents_page(cells: list[Cell], title: str) -> str:
    """A contents-page blurb: the caveat beside each value, the label saying where from."""
    from fiit_cli.views.find import CONTENTS_CAVEAT

    for c in cells:
        if c.kind == "value" and c.items:
            c.items.append(Text(f"({CONTENTS_CAVEAT})"))
    return f"{title} (contents page)"


def _nothing(row: CompareRow) -> bool:
    """A row no country has anything in (empty notes) is noise, not a comparison."""
    return all(c.kind == "empty" for c in row.cells)


def _permits(sections: list) -> list[CompareRow]:
    rows: list[CompareRow] = []
    kinds = (("reflection", "Reflection stage"), ("temporary", "Temporary stage"),
             ("long_term", "Long-term stage"))
    for kind, title in kinds:
        index = [next((i for i, s in enumerate(sec.stages) if s.kind == kind), None)
                 for sec in sections]
        stages = [None if i is None else sec.stages[i] for i, sec in zip(index, sections)]
        if any(s is not None for s in stages):
            rows += _stage_rows(title, stages, index)
    after = CompareRow(None, "After the last stage",
                       [cell(getattr(sec, "after_last_stage", None), notes=True)
                        for sec in sections])
    notes = CompareRow(None, "Notes", [cell(sec.notes, notes=True) for sec in sections])
    return [r for r in (*rows, after, notes) if not _nothing(r)]


def _stage_rows(title: str, stages: list, index: list) -> list[CompareRow]:
    def row(name: str, fn: Callable[[Any], Cell], field: str) -> CompareRow:
        paths = [[] if i is None else [f"permits.stages.{i}.{field}"] for i in index]
        return CompareRow(title, name, [NA if s is None else fn(s) for s in stages],
                          paths=paths)

    rows = [
        row("Name in the toolkit", lambda s: cell(s.name), "name"),
        row("Duration", lambda s: cell(s.duration), "duration"),
        row("Renewable", lambda s: cell(s.renewable), "renewable"),
        row("Conditions", lambda s: cell(conditions(s.conditions)), "conditions"),
        row("Guarantees", lambda s: cell(s.guarantees), "guarantees"),
        row("Opens rights to", lambda s: cell([r.text for r in s.rights]), "rights"),
        row("Notes", lambda s: cell(s.notes, notes=True), "notes"),
    ]
    return [r for r in rows if not _nothing(r)]


CONTACT_KINDS = (("institutions", "Institutions"), ("specialised_ngos", "Specialised NGOs"),
                 ("migration_ngos", "NGOs working on migration"),
                 ("international_organisations", "International organisations"))


def _contacts(sections: list) -> list[CompareRow]:
    from fiit_cli.views.common import web

    rows = []
    for kind, title in CONTACT_KINDS:
        cells = []
        for sec in sections:
            items: list = []
            for g in (g for g in sec.groups if g.kind == kind):
                items += [organisation(o) for o in g.organisations]
                items += [Text(n) for n in g.notes] + [web(link) for link in g.links]
            cells.append(cell(items))
        rows.append(CompareRow(None, title, cells))
    return rows


def _figures(sections: list) -> list[CompareRow]:
    rows = [
        CompareRow(None, "Main countries of origin",
                   [cell(", ".join(s.main_countries_of_origin) or None) for s in sections]),
        CompareRow(None, "Countries of return",
                   [cell(", ".join(s.countries_of_return) or None) for s in sections]),
        CompareRow(None, "Charts", [cell([Entity(c.title, chart_fields(c)) for c in s.charts])
                                    for s in sections]),
        CompareRow(None, "Notes", [cell(s.notes, notes=True) for s in sections]),
    ]
    return [r for r in rows if not _nothing(r)]


SPECIAL = {"permits": _permits, "contacts": _contacts, "figures": _figures}


def compare_section(profiles: list[CountryProfile], slug: str,
                    records: list | None = None) -> Comparison:
    sections = [getattr(p, slug) for p in profiles]
    rows = SPECIAL[slug](sections) if slug in SPECIAL else _walk(None, sections, "", sections)
    mark_changes(rows, profiles, records, f"{slug}.")
    return Comparison(heading(slug), [p.name for p in profiles], rows)


def mark_changes(rows: list[CompareRow], profiles: list[CountryProfile],
                 records: list | None, prefix: str = "") -> None:
    """A fact a since-2013 record changes, yes/no or text: the 2013 value stays, and the
    cell carries the mark :func:`fiit_cli.answers.change` gives (never merged)."""
    if not records:
        return
    from fiit_cli.answers import change

    for row in rows:
        for n, (p, c) in enumerate(zip(profiles, row.cells)):
            if row.paths is not None:
                paths = row.paths[n]
            elif row.path is not None:
                path = f"{prefix}{row.path}"
                paths = [path] + _condition_paths(path)
            else:
                continue
            was = c.items[0].value if c.items and isinstance(c.items[0], Flag) else (
                c.items[0].text if c.items and isinstance(c.items[0], Text) else None)
            c.changed = change(records, p.id, paths, was) or c.changed


def _condition_paths(path: str) -> list[str]:
    """The fields that hold the printed condition of a value shown with it (its cell)."""
    head, _, name = path.rpartition(".")
    extra = QUALIFIERS.get(name)
    names = (extra,) if isinstance(extra, str) else (extra or ())
    return [f"{head}.{q}" if head else q for q in names]


# ---------------------------------------------------------------- overview


def _stage(p: CountryProfile, kind: str):
    return next((s for s in p.permits.stages if s.kind == kind), None)


def _stage_paths(kind: str, *names: str) -> Callable[[CountryProfile], list[str]]:
    """The profile paths of a permit stage's fields, by its kind (-1: the last stage)."""
    def get(p: CountryProfile) -> list[str]:
        stages = p.permits.stages
        i = len(stages) - 1 if kind == "last" else next(
            (i for i, s in enumerate(stages) if s.kind == kind), None)
        return [] if i is None else [f"permits.stages.{i}.{n}" for n in names]
    return get


def _caveats(p: CountryProfile, index: int) -> list:
    """What qualifies a permit stage or its conditions (MV-7: every view carries it)."""
    from fiit_cli.answers import stage_notes

    return [Text(c.phrase()) for c in stage_notes(p.permits, index)]


def _longest(p: CountryProfile) -> Cell:
    s = p.permits.stages[-1]
    items: list = [Text(f"{s.name}: {s.duration or 'duration not stated'}")]
    items += _caveats(p, len(p.permits.stages) - 1)
    after = getattr(p.permits, "after_last_stage", None)
    if after:
        items.append(Text(f"then: {after}"))
    return Cell(items)


def _minors(p: CountryProfile) -> Cell:
    a = p.accommodation.specialised.accepted
    return cell(a.minors if a else "not stated")


def _on_stage(kind: str, name: str) -> Callable[[CountryProfile], Cell]:
    def get(p: CountryProfile) -> Cell:
        s = _stage(p, kind)
        if s is None:
            return NA
        out = cell(getattr(s, name))
        if name == "duration" and out.kind == "value":
            out.items += _caveats(p, p.permits.stages.index(s))
        return out
    return get


def _answer(slug: str, path: str) -> Callable[[CountryProfile], Cell]:
    """A value of a section with its conditions, as :mod:`fiit_cli.answers` gives them."""
    def get(p: CountryProfile) -> Cell:
        sec = getattr(p, slug)
        name = path.rsplit(".", 1)[-1]
        record = sec
        for part in path.split(".")[:-1]:
            record = getattr(record, part)
        return cell(qualified(record, name, sec, path))
    return get


@struct(frozen=True)
class Indicator:
    label: str
    field: str  # the profile field it is computed from, for --explain
    value: Callable[[CountryProfile], Cell]
    # Where the field sits in a country's profile, if not at `field` (a permit stage).
    paths: Callable[[CountryProfile], list[str]] | None = None


INDICATORS: tuple[Indicator, ...] = (
    Indicator("National action plan", "challenges.national_action_plan",
              lambda p: cell(p.challenges.national_action_plan)),
    Indicator("National referral mechanism", "challenges.national_referral_mechanism",
              lambda p: cell(p.challenges.national_referral_mechanism)),
    Indicator("National rapporteur (or similar)", "challenges.national_rapporteur",
              lambda p: cell(p.challenges.national_rapporteur)),
    Indicator("Reflection period", "permits.stages[kind=reflection].duration",
              _on_stage("reflection", "duration"), _stage_paths("reflection", "duration")),
    Indicator("Reflection period renewable", "permits.stages[kind=reflection].renewable",
              _on_stage("reflection", "renewable"), _stage_paths("reflection", "renewable")),
    Indicator("Longest permit", "permits.stages[-1].name + .duration (the table's last "
              "stage), then permits.after_last_stage", _longest,
              _stage_paths("last", "name", "duration")),
    Indicator("Specialised shelter: period of stay", "accommodation.specialised.period_of_stay",
              _answer("accommodation", "specialised.period_of_stay")),
    Indicator("Specialised shelter: minors accepted",
              "accommodation.specialised.accepted.minors", _minors),
    Indicator("Legal assistance free", "legal.free_of_charge (with legal.free_condition)",
              _answer("legal", "free_of_charge")),
    Indicator("Language courses free", "language.free_of_charge (with language.cost_note)",
              _answer("language", "free_of_charge")),
    Indicator("Training free",
              "employment.training.free_of_charge (with employment.training.cost_note)",
              _answer("employment", "training.free_of_charge")),
    Indicator("Access to employment (mainstream)",
              "employment.employment.mainstream_access (with .access_condition)",
              _answer("employment", "employment.mainstream_access")),
)


def overview(profiles: list[CountryProfile], records: list | None = None) -> Comparison:
    rows = [CompareRow(None, i.label, [i.value(p) for p in profiles], i.field.split(" ")[0],
                       [i.paths(p) for p in profiles] if i.paths else None)
            for i in INDICATORS]
    mark_changes(rows, profiles, records)
    return Comparison("Overview: key indicators", [p.name for p in profiles], rows)


def explain_rows() -> list[Field]:
    return [Field(i.label, [Text(i.field)]) for i in INDICATORS]


# ---------------------------------------------------------------- documents


def _json(profiles: list[CountryProfile], comparisons: list[Comparison],
          slugs: list[str]) -> dict:
    from fiit_cli.doc import raw

    ids = [p.id for p in profiles]
    return {
        "countries": [{"id": p.id, "name": p.name} for p in profiles],
        "sections": [
            {
                "section": slug,
                "heading": c.heading,
                "rows": [
                    {"group": r.group, "label": r.label, "differs": r.differs,
                     "values": {i: {"kind": x.kind, "lines": [raw(v) for v in x.items],
                                    **({"since_2013": x.changed} if x.changed else {})}
                                for i, x in zip(ids, r.cells)}}
                    for r in c.rows
                ],
            }
            for slug, c in zip(slugs, comparisons)
        ],
    }


def _document(profiles: list[CountryProfile], comparisons: list[Comparison],
              slugs: list[str], places: str) -> Document:
    from fiit_cli.doc import Table, raw_items
    from fiit_cli.views.common import citation
    from fiit_cli.vocab import LEGEND, TOOLKIT

    names = [p.name for p in profiles]
    rows = [[[Text(v)] for v in (c.heading, r.group or "", r.label,
                                 "yes" if r.differs else "no")]
            + [[Text((raw_items(x.items) if x.kind == "value" else
                      ("" if x.kind == "empty" else x.kind))
                     + (f" (since 2013: {x.changed})" if x.changed else ""))]
               for x in r.cells]
            for c in comparisons for r in c.rows]
    return Document(comparisons, _json(profiles, comparisons, slugs),
                    rows=Table(["section", "group", "field", "differs", *names], rows),
                    legend=LEGEND,
                    sources=[f"Source: {TOOLKIT}, Part I; pages: fiit show COUNTRY SECTION"],
                    citation=citation(places))


def comparison_document(profiles: list[CountryProfile], slugs: list[str],
                        records: list | None = None) -> Document:
    from fiit_cli.views.common import where

    places = "; ".join(f"{p.name}: " + ", ".join(where(getattr(p, s).source) for s in slugs)
                       for p in profiles)
    return _document(profiles, [compare_section(profiles, s, records) for s in slugs], slugs,
                     f"Part I, {places}")


def overview_document(profiles: list[CountryProfile], records: list | None = None) -> Document:
    return _document(profiles, [overview(profiles, records)], ["overview"], "Part I")
