"""Side-by-side comparison and the cross-country overview, as format-neutral rows.

Rows align the same thing across countries by meaning: permit stages by their kind,
accommodation by structure (specialised / mainstream), contact groups by kind, every other
field by its name in the schema. A cell knows whether it is a value, a 'no', 'not stated' or
'not applicable', so every format can make them look different without colour.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from fiit_cli.models import CountryProfile

CellKind = Literal["value", "no", "not stated", "not applicable"]

SHOW = {"no": "✗ no", "not stated": "? not stated", "not applicable": "– not applicable"}
MARK_DIFFERS = "≠"


@dataclass
class Cell:
    lines: list[str]
    kind: CellKind = "value"

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def shown(self) -> list[str]:
        return [SHOW[self.kind]] if self.kind in SHOW else self.lines


@dataclass
class CompareRow:
    group: str | None
    label: str
    cells: list[Cell]

    @property
    def differs(self) -> bool:
        return len({(c.kind, c.text) for c in self.cells}) > 1


@dataclass
class SectionCompare:
    slug: str
    heading: str
    rows: list[CompareRow] = field(default_factory=list)


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
    "accompanied": "Accompanied by staff",
    "key_facts": "Key facts",
    "main_countries_of_origin": "Main countries of origin",
    "countries_of_return": "Countries of return",
}
SKIP = {"source", "print_notes"}


def label(name: str) -> str:
    return LABELS.get(name, name.replace("_", " ").capitalize())


def cell(value: Any) -> Cell:
    """One country's value for one row."""
    if value is None:
        return Cell([], "not stated")
    if isinstance(value, str):
        if value in ("no", "not stated"):
            return Cell([value], value)  # type: ignore[arg-type]
        return Cell([value])
    if isinstance(value, list):
        if not value:
            return Cell([], "not stated")
        items = [v if isinstance(v, str) else str(v) for v in value]
        return Cell(items if len(items) == 1 else [f"• {v}" for v in items])
    return Cell([str(value)])


NA = Cell([], "not applicable")


def _fields(record: Any) -> list[str]:
    """A record's field names in schema order (a Record, or a pydantic model)."""
    names = getattr(record, "fields", None)
    return names() if callable(names) else list(type(record).model_fields)


def _is_record(value: Any) -> bool:
    return hasattr(value, "model_dump")


def _walk(group: str | None, records: list[Any]) -> list[CompareRow]:
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
        if name in SKIP:
            continue
        values = [getattr(r, name) if r is not None else None for r in records]
        sample = next((v for v in values if v is not None), None)
        if _is_record(sample):
            sub = f"{group} · {label(name)}" if group else label(name)
            nested += _walk(sub, values)
            continue
        cells = [NA if r is None else cell(v) for r, v in zip(records, values)]
        row = CompareRow(group, label(name), cells)
        if not _empty_notes(row):
            rows.append(row)
    return rows + nested


def _empty_notes(row: CompareRow) -> bool:
    """A notes row no country has anything in is noise, not a comparison."""
    return row.label == "Notes" and all(c.kind != "value" for c in row.cells)


def _permits(sections: list) -> list[CompareRow]:
    rows: list[CompareRow] = []
    kinds = (("reflection", "Reflection stage"), ("temporary", "Temporary stage"),
             ("long_term", "Long-term stage"))
    for kind, title in kinds:
        stages = [next((s for s in sec.stages if s.kind == kind), None) for sec in sections]
        if all(s is None for s in stages):
            continue
        for s_row in _stage_rows(title, stages):
            rows.append(s_row)
    notes = CompareRow(None, "Notes", [cell(sec.notes) for sec in sections])
    return rows if _empty_notes(notes) else [*rows, notes]


def _stage_rows(title: str, stages: list) -> list[CompareRow]:
    def conditions(stage) -> Cell:
        if not stage.conditions:
            return Cell([], "not stated")
        if len(stage.conditions) == 1:
            return cell(stage.conditions[0].items)
        lines: list[str] = []
        for i, g in enumerate(stage.conditions):
            lines.append((g.label or ("Either" if i == 0 else "Or")).rstrip(":") + ":")
            lines += [f"  • {item}" for item in g.items]
        return Cell(lines)

    def get(stage, fn) -> Cell:
        return NA if stage is None else fn(stage)

    rows = [
        CompareRow(title, "Name in the toolkit", [get(s, lambda s: cell(s.name)) for s in stages]),
        CompareRow(title, "Duration", [get(s, lambda s: cell(s.duration)) for s in stages]),
        CompareRow(title, "Renewable", [get(s, lambda s: cell(s.renewable)) for s in stages]),
        CompareRow(title, "Conditions", [get(s, conditions) for s in stages]),
        CompareRow(title, "Guarantees", [get(s, lambda s: cell(s.guarantees)) for s in stages]),
        CompareRow(title, "Opens rights to",
                   [get(s, lambda s: cell([r.text for r in s.rights])) for s in stages]),
        CompareRow(title, "Notes", [get(s, lambda s: cell(s.notes)) for s in stages]),
    ]
    return [r for r in rows if not _empty_notes(r)]


def _contacts(sections: list) -> list[CompareRow]:
    from fiit_cli.views import _organisation

    kinds = (("institutions", "Institutions"), ("specialised_ngos", "Specialised NGOs"),
             ("migration_ngos", "NGOs working on migration"),
             ("international_organisations", "International organisations"))
    rows = []
    for kind, title in kinds:
        cells = []
        for sec in sections:
            groups = [g for g in sec.groups if g.kind == kind]
            if not groups:
                cells.append(Cell([], "not stated"))
                continue
            lines: list[str] = []
            for g in groups:
                for o in g.organisations:
                    lines.append(o.name)
                    lines += [f"  {line}" for line in _organisation(o)]
                lines += g.notes + g.links
            cells.append(Cell(lines) if lines else Cell([], "not stated"))
        rows.append(CompareRow(None, title, cells))
    return rows


def _figures(sections: list) -> list[CompareRow]:
    rows = [
        CompareRow(None, "Main countries of origin",
                   [cell(", ".join(s.main_countries_of_origin) or None) for s in sections]),
        CompareRow(None, "Countries of return",
                   [cell(", ".join(s.countries_of_return) or None) for s in sections]),
    ]
    charts = []
    for s in sections:
        lines = []
        for c in s.charts:
            state = "did not survive" if c.survived == "no" else "partly survived"
            lines.append(f"{c.title} [{state}]")
            lines += [f"  {v.label}: {v.value}" for v in c.values]
            lines += [f"  {t}" for t in c.statements]
        charts.append(Cell(lines) if lines else Cell([], "not stated"))
    rows.append(CompareRow(None, "Charts", charts))
    notes = CompareRow(None, "Notes", [cell(s.notes) for s in sections])
    return rows if _empty_notes(notes) else [*rows, notes]


SPECIAL = {"permits": _permits, "contacts": _contacts, "figures": _figures}


def compare_section(profiles: list[CountryProfile], slug: str) -> SectionCompare:
    from fiit_cli.lookup import get_section

    sections = [getattr(p, slug) for p in profiles]
    info = get_section(slug)
    assert info is not None
    if slug in SPECIAL:
        rows = SPECIAL[slug](sections)
    else:
        rows = _walk(None, sections)
    return SectionCompare(slug, info.heading, rows)


# ---------------------------------------------------------------- overview


@dataclass(frozen=True)
class Indicator:
    label: str
    field: str  # the profile field it is computed from, for --explain

    def value(self, p: CountryProfile) -> Cell:
        return _INDICATOR_FUNCS[self.label](p)


def _stage(p: CountryProfile, kind: str):
    return next((s for s in p.permits.stages if s.kind == kind), None)


def _reflection_length(p: CountryProfile) -> Cell:
    s = _stage(p, "reflection")
    return NA if s is None else cell(s.duration)


def _reflection_renewable(p: CountryProfile) -> Cell:
    s = _stage(p, "reflection")
    return NA if s is None else cell(s.renewable)


def _longest(p: CountryProfile) -> Cell:
    s = p.permits.stages[-1]
    return Cell([f"{s.name}: {s.duration or 'duration not stated'}"])


def _minors(p: CountryProfile) -> Cell:
    a = p.accommodation.specialised.accepted
    return cell(a.minors if a else "not stated")


_INDICATOR_FUNCS = {
    "National action plan": lambda p: cell(p.challenges.national_action_plan),
    "National referral mechanism": lambda p: cell(p.challenges.national_referral_mechanism),
    "National rapporteur (or similar)": lambda p: cell(p.challenges.national_rapporteur),
    "Reflection period": _reflection_length,
    "Reflection period renewable": _reflection_renewable,
    "Longest permit": _longest,
    "Specialised shelter: period of stay": lambda p: cell(
        p.accommodation.specialised.period_of_stay),
    "Specialised shelter: minors accepted": _minors,
    "Legal assistance free": lambda p: cell(p.legal.free_of_charge),
    "Language courses free": lambda p: cell(p.language.free_of_charge),
    "Training free": lambda p: cell(p.employment.training.free_of_charge),
    "Access to employment (mainstream)": lambda p: cell(p.employment.employment.mainstream_access),
}

INDICATORS: tuple[Indicator, ...] = (
    Indicator("National action plan", "challenges.national_action_plan"),
    Indicator("National referral mechanism", "challenges.national_referral_mechanism"),
    Indicator("National rapporteur (or similar)", "challenges.national_rapporteur"),
    Indicator("Reflection period", "permits.stages[kind=reflection].duration"),
    Indicator("Reflection period renewable", "permits.stages[kind=reflection].renewable"),
    Indicator("Longest permit", "permits.stages[-1].name + .duration (the table's last stage)"),
    Indicator("Specialised shelter: period of stay", "accommodation.specialised.period_of_stay"),
    Indicator("Specialised shelter: minors accepted", "accommodation.specialised.accepted.minors"),
    Indicator("Legal assistance free", "legal.free_of_charge"),
    Indicator("Language courses free", "language.free_of_charge"),
    Indicator("Training free", "employment.training.free_of_charge"),
    Indicator("Access to employment (mainstream)", "employment.employment.mainstream_access"),
)


def overview_rows(profiles: list[CountryProfile]) -> list[CompareRow]:
    return [CompareRow(None, i.label, [i.value(p) for p in profiles]) for i in INDICATORS]


# ---------------------------------------------------------------- formats


def to_json(names: list[str], ids: list[str], blocks: list[SectionCompare]) -> dict:
    return {
        "countries": [{"id": i, "name": n} for i, n in zip(ids, names)],
        "sections": [
            {
                "section": b.slug,
                "heading": b.heading,
                "rows": [
                    {
                        "group": r.group,
                        "label": r.label,
                        "differs": r.differs,
                        "values": {i: {"kind": c.kind, "lines": c.lines}
                                   for i, c in zip(ids, r.cells)},
                    }
                    for r in b.rows
                ],
            }
            for b in blocks
        ],
    }


def to_markdown(names: list[str], blocks: list[SectionCompare], footer: list[str]) -> str:
    from fiit_cli.output import md as _md

    out: list[str] = []
    for b in blocks:
        if b.heading:
            out += [f"### {b.heading}", ""]
        out.append("| | " + " | ".join(_md(n) for n in names) + " |")
        out.append("|---|" + "---|" * len(names))
        for r in b.rows:
            name = f"{r.group} › {r.label}" if r.group else r.label
            if r.differs:
                name = f"{MARK_DIFFERS} {name}"
            out.append(f"| {_md(name)} | "
                       + " | ".join(_md("\n".join(c.shown())) for c in r.cells) + " |")
        out.append("")
    out += [f"_{_md(line)}_  " for line in footer]
    return "\n".join(out).rstrip() + "\n"


def layout(names: list[str], width: int) -> tuple[bool, int]:
    """(side by side?, label column width) for this many countries at this width."""
    label_w = 24 if width >= 120 else 18
    column_w = (width - label_w - 2 * (len(names) + 1)) // len(names)
    return column_w >= 20, label_w


def render(names: list[str], blocks: list[SectionCompare], width: int):
    """Countries side by side when they fit, otherwise stacked field by field."""
    from rich.console import Group
    from rich.rule import Rule
    from rich.text import Text

    side_by_side, label_w = layout(names, width)
    parts: list[Any] = []
    for b in blocks:
        if b.heading:
            # The heading, then a rule: a Rule's own title would be cut on a narrow terminal.
            parts += [Text(b.heading, style="bold"), Rule(characters="═")]
        groups: list[tuple[str | None, list[CompareRow]]] = []
        for r in b.rows:
            if not groups or groups[-1][0] != r.group:
                groups.append((r.group, []))
            groups[-1][1].append(r)
        for group, rows in groups:
            if group:
                parts.append(Text(group, style="bold"))
            if side_by_side:
                parts.append(_side_by_side(names, rows, label_w, header=True))
            else:
                parts += [_stacked(names, r) for r in rows]
        parts.append(Text(""))
    return Group(*parts)


def _side_by_side(names: list[str], rows: list[CompareRow], label_w: int, header: bool):
    from rich import box
    from rich.table import Table

    # Every group's table has the same columns, so the groups line up under one header.
    table = Table(box=box.SIMPLE_HEAD, expand=True, padding=(0, 1), show_header=header,
                  show_edge=False)
    table.add_column("", width=label_w, overflow="fold")
    for n in names:
        table.add_column(n, ratio=1, overflow="fold")
    for r in rows:
        table.add_row(_label(r), *(_cell_text(c) for c in r.cells))
    return table


def _label(r: CompareRow):
    """The row label with its ≠ marker, wrapping under the label text, not the marker."""
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid()
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row(Text(f"{MARK_DIFFERS} " if r.differs else "  "),
                 Text(r.label, style="bold" if r.differs else ""))
    return grid


def _stacked(names: list[str], r: CompareRow):
    """One field, then one line per country (for narrow terminals)."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    title = Text((f"{MARK_DIFFERS} " if r.differs else "  ") + r.label, style="bold")
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, style="bold")
    grid.add_column(overflow="fold")
    for n, c in zip(names, r.cells):
        grid.add_row(Text(f"    {n}:"), _cell_text(c))
    return Group(title, grid)


def _cell_text(c: Cell):
    from fiit_cli.views import _cell

    shown = c.shown()
    if c.kind != "value":
        from rich.text import Text

        return Text("\n".join(shown), style=_style(c))
    return _cell(shown)


def _style(c: Cell) -> str:
    return {"no": "red", "not stated": "dim italic", "not applicable": "dim"}.get(c.kind, "")
