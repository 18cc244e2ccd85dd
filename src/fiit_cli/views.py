"""Views: turn records into rows (format-neutral), and rows into Rich renderables.

Nothing here prints. A view is a list of :class:`Block` (a titled list of label/value
rows); :func:`render_blocks` turns blocks into Rich tables that fold long values instead of
cutting them. Data always reaches Rich as :class:`rich.text.Text`, never as markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from fiit_cli.lookup import SECTIONS

if TYPE_CHECKING:  # the schema is only needed for type hints here
    from rich.console import RenderableType
    from rich.text import Text

    from fiit_cli import models as m

NOT_STATED = "not stated in the toolkit"
DATA_AGE = (
    "Data as published in 2013 (IOM FIIT toolkit); laws, services, phones and addresses "
    "may have changed since. Check before acting on them."
)
TOOLKIT = "IOM, FIIT toolkit (2013)"
TOOLKIT_TITLE = (
    "FIIT – Foster and Improve Integration of Trafficked persons: an overview of national "
    "integration schemes accessible to victims of trafficking and successful practices"
)


def citation(what: str) -> str:
    """A ready-to-paste reference to the toolkit, naming the part that was shown."""
    from fiit_cli import __version__

    return (f"International Organization for Migration (IOM) (2013). {TOOLKIT_TITLE}. "
            f"{what}. Consulted with fiit {__version__}; the information dates from 2013.")


def where(source: m.Source) -> str:
    """A section's place in the toolkit: its page where the text gives one, else its heading."""
    heading = f"“{source.heading}”"
    return f"{heading}, p. {source.page}" if source.page is not None else heading


@dataclass
class Row:
    label: str
    lines: list[str]


@dataclass
class Block:
    title: str | None
    rows: list[Row] = field(default_factory=list)
    separated: bool = False  # a rule between rows (one organisation per row, say)

    def add(self, label: str, value: str | Iterable[str] | None, *, bullets: bool = True) -> None:
        """Add a row; an empty value reads 'not stated in the toolkit'."""
        if value is None:
            lines = [NOT_STATED]
        elif isinstance(value, str):
            lines = [value]
        else:
            items = list(value)
            if not items:
                lines = [NOT_STATED]
            elif len(items) == 1 or not bullets:
                lines = items
            else:
                lines = [f"• {item}" for item in items]
        self.rows.append(Row(label, lines))

    def add_if(self, label: str, value: str | list[str] | None) -> None:
        """Add a row only when there is something to show (for optional extras)."""
        if value:
            self.add(label, value)


@dataclass
class SectionView:
    country: str
    slug: str
    heading: str
    blocks: list[Block]
    source: str


def answer(value: str, condition: str | None = None) -> str:
    """Show a yes/no/partly/not-stated value, with its condition when there is one."""
    text = NOT_STATED if value == "not stated" else value
    return f"{text} — {condition}" if condition else text


# ---------------------------------------------------------------- sections


def _permits(s: m.Permits) -> list[Block]:
    kinds = {"reflection": "reflection stage", "temporary": "temporary stage",
             "long_term": "long-term stage"}
    blocks = []
    for stage in s.stages:
        b = Block(f"{stage.name} ({kinds[stage.kind]})")
        b.add("Duration", stage.duration)
        b.add("Renewable", answer(stage.renewable))
        if len(stage.conditions) <= 1:
            b.add("Conditions", stage.conditions[0].items if stage.conditions else [])
        else:
            lines: list[str] = []
            for i, group in enumerate(stage.conditions):
                head = group.label or ("Either:" if i == 0 else "Or:")
                lines.append(head if head.endswith(":") else f"{head}:")
                lines += [f"  • {item}" for item in group.items]
            b.add("Conditions", lines, bullets=False)
        b.add_if("Guarantees", stage.guarantees)
        b.add("Opens rights to", [r.text for r in stage.rights])
        b.add_if("Notes", stage.notes)
        blocks.append(b)
    return blocks


def _structure(title: str, st: m.Structure) -> Block:
    b = Block(title)
    b.add("Available", answer(st.available))
    if st.available == "no" and st.accepted is None and not st.types:
        b.add_if("Notes", st.notes)
        return b
    b.add("Conditions", st.conditions)
    a = st.accepted
    if a is None:
        b.add("VoTs accepted", None)
    else:
        b.add("VoTs accepted", a.printed)
        b.add("Nationality", [
            f"nationals: {answer(a.nationals)}",
            f"EU nationals: {answer(a.eu_nationals)}",
            f"third-country nationals: {answer(a.third_country_nationals)}",
        ], bullets=False)
        b.add("Sex", [f"men: {answer(a.men)}", f"women: {answer(a.women)}"], bullets=False)
        b.add("Age", [f"adults: {answer(a.adults)}", f"minors: {answer(a.minors)}"],
              bullets=False)
        b.add("Mixed or not", answer(a.mixing))
        b.add_if("About who is accepted", a.notes)
    b.add("Type", st.types)
    b.add("Period of stay", st.period_of_stay)
    b.add("Staff trained for VoTs", answer(st.staff_trained))
    b.add_if("Notes", st.notes)
    return b


def _accommodation(s: m.Accommodation) -> list[Block]:
    return [
        _structure("VoT-specialised structures", s.specialised),
        _structure("Mainstream structures", s.mainstream),
    ]


def _health(s: m.Health) -> list[Block]:
    blocks = []
    if s.identified_by:
        ident = Block("Identification (contents page)")
        ident.add("A VoT is identified by", s.identified_by)
        blocks.append(ident)
    p = Block("Psychosocial support")
    p.add("Provided by", s.psychosocial.providers)
    p.add("Staff trained for VoTs", answer(s.psychosocial.staff_trained))
    p.add("Free of charge", answer(s.psychosocial.free_of_charge))
    p.add_if("Notes", s.psychosocial.notes)
    h = Block("Mainstream healthcare system")
    h.add("Access", answer(s.healthcare.access, s.healthcare.access_condition))
    h.add("Services", s.healthcare.services)
    h.add("Staff trained for VoTs", answer(s.healthcare.staff_trained))
    h.add("Free of charge", answer(s.healthcare.free_of_charge))
    h.add_if("Notes", s.healthcare.notes)
    return blocks + [p, h]


def _legal(s: m.Legal) -> list[Block]:
    b = Block("Legal assistance")
    b.add("Through mainstream services", answer(s.through_mainstream, s.mainstream_condition))
    b.add("Free of charge", answer(s.free_of_charge, s.free_condition))
    b.add("Provided by", s.providers)
    b.add_if("Where available (contents page)", s.where_available)
    return [b]


def _language(s: m.Language) -> list[Block]:
    b = Block("Language courses")
    b.add("Available through", s.available_through)
    b.add("Free of charge", answer(s.free_of_charge, s.cost_note))
    b.add("Compulsory", answer(s.compulsory, s.compulsory_note))
    b.add_if("Duration", s.duration)
    return [b]


def _employment(s: m.Employment) -> list[Block]:
    t = Block("Training")
    t.add("Available for VoTs", answer(s.training.available))
    t.add("Provided by", s.training.providers)
    t.add("Mechanism to facilitate access", answer(s.training.access_mechanism))
    t.add("Free of charge", answer(s.training.free_of_charge, s.training.cost_note))
    t.add_if("Notes", s.training.notes)
    e = Block("Employment")
    e.add("Access to mainstream services",
          answer(s.employment.mainstream_access, s.employment.access_condition))
    e.add("Accompanied by staff", answer(s.employment.accompanied))
    e.add_if("Notes", s.employment.notes)
    return [t, e]


def _challenges(s: m.Challenges) -> list[Block]:
    flags = Block("National mechanisms")
    flags.add("National action plan", answer(s.national_action_plan))
    flags.add("National referral mechanism", answer(s.national_referral_mechanism))
    flags.add("National rapporteur (or similar mechanism)", answer(s.national_rapporteur))
    facts = Block("Key facts")
    facts.add("Facts", s.key_facts)
    facts.add("Summary", s.summary)
    return [flags, facts]


def _organisation(o: m.Organisation) -> list[str]:
    lines: list[str] = []
    if o.description:
        lines.append(o.description)
    if o.contact_person:
        lines.append(f"Contact: {o.contact_person}" + (f", {o.role}" if o.role else ""))
    elif o.role:
        lines.append(o.role)
    lines += o.address
    lines += [phone_line(p) for p in o.phones]
    lines += [f"Email: {e}" for e in o.emails]
    lines += [f"Web: {w}" for w in o.websites]
    if o.services:
        lines.append("Services: " + "; ".join(o.services))
    lines += o.notes
    return lines or [NOT_STATED]


def _contacts(s: m.Contacts) -> list[Block]:
    blocks = []
    for g in s.groups:
        b = Block(g.heading, separated=True)
        for o in g.organisations:
            b.add(o.name, _organisation(o), bullets=False)
        b.add_if("Notes", g.notes)
        b.add_if("Links", g.links)
        blocks.append(b)
    return blocks


def _figures(s: m.Figures) -> list[Block]:
    b = Block("Countries")
    b.add("Main countries of origin", ", ".join(s.main_countries_of_origin) or None)
    if s.countries_of_return:
        b.add("Countries of return", ", ".join(s.countries_of_return))
    charts = Block("Charts")
    for c in s.charts:
        lines: list[str] = []
        if c.survived == "no":
            lines.append("[chart did not survive the toolkit's text extraction: no figures]")
        else:
            lines.append("[chart only partly survived the toolkit's text extraction]")
        lines += [f"{v.label}: {v.value}" for v in c.values]
        lines += c.statements
        if c.source:
            lines.append(f"Source: {c.source}")
        lines += c.notes
        charts.add(c.title, lines, bullets=False)
    return [b, charts] if s.charts else [b]


_SECTION_BLOCKS: dict[str, Callable[[Any], list[Block]]] = {
    "permits": _permits,
    "accommodation": _accommodation,
    "health": _health,
    "legal": _legal,
    "language": _language,
    "employment": _employment,
    "challenges": _challenges,
    "contacts": _contacts,
    "figures": _figures,
}


def source_line(source: m.Source) -> str:
    where = f"p. {source.page}" if source.page is not None else "page not given in the text"
    return f"Source: {TOOLKIT}, {where}, section “{source.heading}”"


def section_view(profile: m.CountryProfile, slug: str) -> SectionView:
    section = getattr(profile, slug)
    blocks = _SECTION_BLOCKS[slug](section)
    extra = Block("Notes")
    extra.add_if("Notes", section.notes)
    if section.source.contents:
        extra.add("Contents page", section.source.contents)
    for pn in section.print_notes:
        extra.add("Print note", [f"printed: {pn.printed}", pn.note], bullets=False)
    if extra.rows:
        blocks.append(extra)
    heading = next(s.heading for s in SECTIONS if s.slug == slug)
    return SectionView(profile.name, slug, heading, blocks, source_line(section.source))


# ---------------------------------------------------------------- Rich rendering


def render_blocks(blocks: list[Block], title: str | None = None) -> RenderableType:
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    parts: list[RenderableType] = []
    if title:
        parts.append(Text(literal(title), style="bold"))
    for block in blocks:
        table = Table(
            title=Text(literal(block.title), style="bold") if block.title else None,
            title_justify="left",
            show_header=False,
            box=box.ROUNDED,
            expand=True,
            padding=(0, 1),
            show_lines=block.separated,
        )
        table.add_column(ratio=1, min_width=10, max_width=26, overflow="fold", style="bold")
        table.add_column(ratio=3, overflow="fold")
        for row in block.rows:
            table.add_row(Text(literal(row.label)), _cell(row.lines))
        parts.append(table)
    return Group(*parts)


def _cell(lines: list[str]) -> RenderableType:
    """A value cell: bulleted lines wrap with a hanging indent under their text."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    if not any(line.lstrip().startswith("• ") for line in lines):
        return Text("\n").join(linked(line) for line in lines)
    parts: list[RenderableType] = []
    for line in lines:
        item = line.lstrip()
        if not item.startswith("• "):
            parts.append(linked(line))
            continue
        grid = Table.grid()
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold")
        grid.add_row(Text(line[: len(line) - len(item)] + "• "), linked(item[2:]))
        parts.append(grid)
    return Group(*parts)


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]+[^\s<>\".,;:)]")
_TEL = re.compile(r"^(\s*Tel: |\s*(?=\+))(.+?)(?=  \(|$)")
_PLAIN_INTERNATIONAL = re.compile(r"^\+ ?[1-9][\d ]{5,}$")
_DIAL = re.compile(r"(?:from abroad|intl): (\+\d+[\d ]*\d)")


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def literal(text: str) -> str:
    """Data shown as text: control characters (escape codes) made visible, never obeyed."""
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def linked(line: str) -> Text:
    """A line as Rich Text, with mailto:, web and tel: hyperlinks on its contact details.

    Rich writes hyperlinks only to terminals that get styles; piped output stays plain.
    """
    from rich.text import Text

    line = literal(line)
    text = Text(line)
    if "@" in line:
        for m in _EMAIL.finditer(line):
            text.stylize(f"link mailto:{m.group()}", m.start(), m.end())
    if "www." in line or "http" in line:
        for m in _URL.finditer(line):
            url = m.group()
            text.stylize(f"link {url if '://' in url else 'http://' + url}", m.start(), m.end())
    tel = None if _DIAL.search(line) else _TEL.match(line)  # link the dialable form only
    if tel:
        printed = tel.group(2)
        if _PLAIN_INTERNATIONAL.match(printed):  # no need for phonenumbers to link it
            e164: str | None = "+" + "".join(ch for ch in printed if ch.isdigit())
        else:
            from fiit_cli.phones import e164_from_printed

            e164 = e164_from_printed(printed)
        if e164:
            text.stylize(f"link tel:{e164}", tel.start(2), tel.end(2))
    for m in _DIAL.finditer(line):
        text.stylize(f"link tel:{m.group(1).replace(' ', '')}", m.start(1), m.end(1))
    return text


def phone_line(printed: str) -> str:
    """A profile phone as printed, with its international form when that reads differently."""
    from fiit_cli.phones import e164_from_printed, international

    e164 = e164_from_printed(printed)
    if not e164:
        return f"Tel: {printed}"
    readable = international(e164)
    if readable == printed.strip():
        return f"Tel: {printed}"
    return f"Tel: {printed}  (intl: {readable})"


def render_list(columns: list[str], rows: list[list[str]], title: str | None = None,
                wrap_first: bool = False):
    """A plain list table; the first column (an id or a name) does not wrap."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, expand=False, title_justify="left",
                  title=Text(literal(title), style="bold") if title else None)
    for i, col in enumerate(columns):
        table.add_column(Text(col), overflow="fold", no_wrap=i == 0 and not wrap_first)
    for row in rows:
        table.add_row(*(linked(c) for c in row))
    return table


# ---------------------------------------------------------------- hotlines and practices


def dial_form(printed: str, e164: str | None) -> str | None:
    """The E.164 form to dial, when it says more than the printed number does."""
    if not e164:
        return None
    digits = "".join(ch for ch in printed if ch.isdigit())
    if printed.lstrip().startswith("+") and digits == e164[1:]:
        return None  # already printed in international form
    return e164


def hotline_number(n) -> str:
    """A number exactly as printed, with the international form to dial where it differs."""
    dial = dial_form(n.printed, n.e164)
    if dial:
        return f"{n.printed}  (from abroad: {dial})"
    if not n.e164:
        # The printed form carries a country code, so it is not a "national number": say what
        # the annex note says it is (both such numbers are short numbers), or that no form to
        # dial from abroad exists.
        if n.note and "short number" in n.note:
            return f"{n.printed}  (short number: dial it inside the country)"
        return f"{n.printed}  (no international form to dial)"
    return n.printed


def hotline_numbers(numbers) -> list[str]:
    lines = []
    for n in numbers:
        lines.append(hotline_number(n))
        if n.note:
            lines.append(f"  note: {n.note}")
    return lines


def hotline_blocks(country, specialised_ngos: list[str] | None = None) -> list[Block]:
    blocks = []
    for h in country.hotlines:
        b = Block(f"{country.name} · {h.service}")
        b.add_if("For", h.purpose)
        b.add_if("Operated by", h.operated_by)
        b.add_if("Language", h.language)
        b.add("Tel", hotline_numbers(h.numbers), bullets=False)
        b.add_if("Notes", h.notes)
        blocks.append(b)
    if country.print_notes:
        b = Block(None)
        for pn in country.print_notes:
            b.add("Print note", [f"printed: {pn.printed}", pn.note], bullets=False)
        blocks.append(b)
    if country.profile:
        more = Block("Also in fiit")
        if specialised_ngos:
            more.add("Specialised NGOs", specialised_ngos)
        more.add("Full profile", [f"fiit show {country.profile} contacts",
                                  f"fiit show {country.profile}"], bullets=False)
        blocks.append(more)
    return blocks


THEME_LABELS = {
    "identification": "Identification and first assistance",
    "coordination": "Coordination between stakeholders",
    "victim-centred": "Victim-centred approach",
}


def practice_blocks(p, theme_title: str, country_name: str) -> list[Block]:
    head = Block(None)
    head.add("Theme", theme_title)
    head.add("Country", country_name)
    head.add("Summary", p.summary)
    head.add("Actors", p.actors)
    blocks = [head]
    if p.steps:
        steps = Block("The process, step by step")
        for i, s in enumerate(p.steps, 1):
            steps.add(f"{i}. {s.title}" if s.title else f"{i}.", s.text)
        blocks.append(steps)
    facts = Block("Key facts")
    facts.add("Facts", p.key_facts)
    facts.add_if("Notes", p.notes)
    for pn in p.print_notes:
        facts.add("Print note", [f"printed: {pn.printed}", pn.note], bullets=False)
    blocks.append(facts)
    return blocks
