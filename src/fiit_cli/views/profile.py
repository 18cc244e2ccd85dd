"""A country profile's sections as documents: one function per section, records in, nodes out."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from fiit_cli.doc import (
    Block,
    Card,
    Choice,
    Document,
    Entity,
    Field,
    Flag,
    Section,
    Table,
    Text,
)
from fiit_cli.lookup import SECTIONS
from fiit_cli.views.common import email, phone, print_notes, remarks, source_line, unpublished, web
from fiit_cli.vocab import SINCE_HEADING, STAGE_KINDS

if TYPE_CHECKING:
    import datetime

    from fiit_cli import models as m


def conditions(groups: list[m.ConditionGroup]) -> list:
    """A stage's conditions: one list, or either/or alternatives as :class:`Choice` items."""
    if len(groups) <= 1:
        return [Text(i) for i in groups[0].items] if groups else []
    return [Choice((g.label or ("Either" if i == 0 else "Or")).rstrip(":"),
                   tuple(Text(item) for item in g.items)) for i, g in enumerate(groups)]


def _permits(s: m.Permits) -> list[Block]:
    blocks = []
    for stage in s.stages:
        b = Block(f"{stage.name} ({STAGE_KINDS[stage.kind]})")
        b.add_texts("Duration", stage.duration)
        b.add("Renewable", Flag(stage.renewable))
        b.add("Conditions", *conditions(stage.conditions))
        b.add_if("Guarantees", stage.guarantees)
        b.add_texts("Opens rights to", [r.text for r in stage.rights])
        b.add_if("Notes", stage.notes)
        blocks.append(b)
    if s.after_last_stage:
        after = Block("After the last stage")
        after.add_texts("Then", s.after_last_stage)
        blocks.append(after)
    return blocks


def acceptance_fields(a: m.Acceptance | None) -> list[Field]:
    if a is None:
        return [Field("VoTs accepted")]
    return [
        Field("VoTs accepted", [Text(a.printed)]),
        Field("Nationals", [Flag(a.nationals)]),
        Field("EU nationals", [Flag(a.eu_nationals)]),
        Field("Third-country nationals", [Flag(a.third_country_nationals)]),
        Field("Men", [Flag(a.men)]),
        Field("Women", [Flag(a.women)]),
        Field("Adults", [Flag(a.adults)]),
        Field("Minors", [Flag(a.minors)]),
        Field("Mixed or not", [Flag(a.mixing)]),
        *([Field("About who is accepted", [Text(n) for n in a.notes])] if a.notes else []),
    ]


def _structure(title: str, st: m.Structure) -> Block:
    b = Block(title)
    b.add("Available", Flag(st.available))
    if st.available == "no" and st.accepted is None and not st.types:
        b.add_if("Notes", st.notes)
        return b
    b.add_texts("Conditions", st.conditions)
    b.rows += acceptance_fields(st.accepted)
    b.add_texts("Type", st.types)
    b.add_texts("Period of stay", st.period_of_stay)
    b.add("Staff trained for VoTs", Flag(st.staff_trained))
    b.add_if("Notes", st.notes)
    return b


def _accommodation(s: m.Accommodation) -> list[Block]:
    return [_structure("VoT-specialised structures", s.specialised),
            _structure("Mainstream structures", s.mainstream)]


def _health(s: m.Health) -> list[Block]:
    blocks = []
    if s.identified_by:
        ident = Block("Identification (contents page)")
        ident.add_texts("A VoT is identified by", s.identified_by)
        blocks.append(ident)
    p = Block("Psychosocial support")
    p.add_texts("Provided by", s.psychosocial.providers)
    p.add("Staff trained for VoTs", Flag(s.psychosocial.staff_trained))
    p.add("Free of charge", Flag(s.psychosocial.free_of_charge))
    p.add_if("Notes", s.psychosocial.notes)
    h = Block("Mainstream healthcare system")
    h.add("Access", Flag(s.healthcare.access, s.healthcare.access_condition))
    h.add_texts("Services", s.healthcare.services)
    h.add("Staff trained for VoTs", Flag(s.healthcare.staff_trained))
    h.add("Free of charge", Flag(s.healthcare.free_of_charge))
    h.add_if("Notes", s.healthcare.notes)
    return blocks + [p, h]


def _legal(s: m.Legal) -> list[Block]:
    b = Block("Legal assistance")
    b.add("Through mainstream services", Flag(s.through_mainstream, s.mainstream_condition))
    b.add("Free of charge", Flag(s.free_of_charge, s.free_condition))
    b.add_texts("Provided by", s.providers)
    b.add_if("Where available (contents page)", s.where_available)
    return [b]


def _language(s: m.Language) -> list[Block]:
    b = Block("Language courses")
    b.add_texts("Available through", s.available_through)
    b.add("Free of charge", Flag(s.free_of_charge, s.cost_note))
    b.add("Compulsory", Flag(s.compulsory, s.compulsory_note))
    b.add_if("Duration", s.duration)
    return [b]


def _employment(s: m.Employment) -> list[Block]:
    t = Block("Training")
    t.add("Available for VoTs", Flag(s.training.available))
    t.add_texts("Provided by", s.training.providers)
    t.add("Mechanism to facilitate access", Flag(s.training.access_mechanism))
    t.add("Free of charge", Flag(s.training.free_of_charge, s.training.cost_note))
    t.add_if("Notes", s.training.notes)
    e = Block("Employment")
    e.add("Access to mainstream services",
          Flag(s.employment.mainstream_access, s.employment.access_condition))
    e.add("Accompanied", Flag(s.employment.accompanied, s.employment.accompanied_condition))
    e.add_if("Notes", s.employment.notes)
    return [t, e]


def _challenges(s: m.Challenges) -> list[Block]:
    flags = Block("National mechanisms")
    flags.add("National action plan", Flag(s.national_action_plan),
              path="challenges.national_action_plan")
    flags.add("National referral mechanism", Flag(s.national_referral_mechanism),
              path="challenges.national_referral_mechanism")
    flags.add("National rapporteur (or similar mechanism)", Flag(s.national_rapporteur),
              path="challenges.national_rapporteur")
    facts = Block("Key facts")
    facts.add_texts("Facts", s.key_facts)
    facts.add_texts("Summary", s.summary)
    return [flags, facts]


def organisation(o: m.Organisation) -> Entity:
    """An organisation of the contacts, its details as typed fields."""
    e = Entity(o.name)

    def add(label: str, items: list) -> None:
        if items:
            e.fields.append(Field(label, items))

    add("About", [Text(o.description)] if o.description else [])
    add("Contact", [Text(o.contact_person)] if o.contact_person else [])
    add("Role", [Text(o.role)] if o.role else [])
    add("Address", [Text(line) for line in o.address])
    add("Tel", [phone(p) for p in o.phones])
    add("Email", [email(x) for x in o.emails])
    add("Web", [web(w) for w in o.websites])
    add("Services", [Text(s) for s in o.services])
    add("Notes", [Text(n) for n in o.notes])
    return e


def _contacts(s: m.Contacts) -> list[Block]:
    blocks = []
    for g in s.groups:
        b = Block(g.heading)
        b.rows += [organisation(o) for o in g.organisations]
        b.add_if("Notes", g.notes)
        if g.links:
            b.add("Links", *(web(link) for link in g.links))
        blocks.append(b)
    return blocks


def chart_fields(c: m.Chart) -> list[Field]:
    state = {"no": "did not survive the toolkit's text extraction: no figures",
             "partly": "only partly survived the toolkit's text extraction",
             "not stated": "the text does not show whether a chart was printed here"}[c.survived]
    fields = [Field("Chart", [Text(state)])]
    fields += [Field(v.label, [Text(v.value)]) for v in c.values]
    if c.statements:
        fields.append(Field("Printed with it", [Text(t) for t in c.statements]))
    if c.source:
        fields.append(Field("Source", [Text(c.source)]))
    if c.notes:
        fields.append(Field("Notes", [Text(n) for n in c.notes]))
    return fields


def _figures(s: m.Figures) -> list[Block]:
    b = Block("Countries")
    b.add_texts("Main countries of origin", ", ".join(s.main_countries_of_origin) or None)
    if s.countries_of_return:
        b.add_texts("Countries of return", ", ".join(s.countries_of_return))
    if not s.charts:
        return [b]
    charts = Block("Charts")
    charts.rows += [Entity(c.title, chart_fields(c)) for c in s.charts]
    return [b, charts]


SECTION_BLOCKS: dict[str, Callable[[Any], list[Block]]] = {
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


def heading(slug: str) -> str:
    return next(s.heading for s in SECTIONS if s.slug == slug)


def section(profile: m.CountryProfile, slug: str, records: list | None = None,
            on: datetime.date | None = None) -> Section:
    """One section of a profile: its facts, the notes about its 2013 text, its source, and
    (apart) the since-2013 records that concern it."""
    sec = getattr(profile, slug)
    blocks = SECTION_BLOCKS[slug](sec)
    extra = Block("Notes")
    extra.add_if("Notes", sec.notes)
    if sec.source.contents:
        extra.add_texts("Contents page", sec.source.contents)
    if extra.rows:
        blocks.append(extra)
    notes = remarks(getattr(sec, "remarks", [])) + print_notes(sec.print_notes)
    out = Section(f"{profile.name} · {heading(slug)}", blocks, notes, source_line(sec.source))
    if records and on is not None:
        from fiit_cli.views.updates import mark_changes, node

        out.updates = [node(r, on) for r in records]
        mark_changes(blocks, records, profile.id)
        if slug == "contacts":
            _mark_closed(blocks, profile.id, records)
    return out


def _mark_closed(blocks: list[Block], country: str, records: list) -> None:
    """An organisation that has closed since 2013 says so at its entry, first."""
    from fiit_cli.answers import ended

    for b in blocks:
        for row in b.rows:
            if isinstance(row, Entity) and (st := ended(records, country, row.name)):
                row.fields.insert(0, Field("Status", [Text(st.label())]))


def figures_apart(count: int, country: str) -> str:
    """Newer figures are never shown beside the toolkit's: other sources count other things
    (identified, presumed, referred), and a number read off the wrong one would be cited as
    the toolkit's. The section says where they are."""
    records = "record" if count == 1 else "records"
    return (f"{count} since-2013 {records} with figures from other sources, kept apart from "
            f"the toolkit's: fiit updates {country}")


def profile_document(profile: m.CountryProfile, slugs: list[str], records: list | None = None,
                     on: datetime.date | None = None) -> Document:
    """`fiit show`: the chosen sections, the records for machines, contacts as rows and cards.

    ``records`` are the since-2013 records of the country (None: the toolkit alone); each
    section shows those that concern it, after its facts, and the json keeps them apart
    under ``since_2013``.
    """
    from fiit_cli.updates import for_section
    from fiit_cli.views.common import citation, where
    from fiit_cli.views.updates import citations, data

    shown: list = []
    parts = []
    apart = 0  # newer figures: counted here, shown by `fiit updates`
    for slug in slugs:
        mine = for_section(records, profile.id, slug) if records else []
        if slug == "figures" and mine:
            apart = len(mine)
            mine = []
        shown += mine
        parts.append(section(profile, slug, mine, on))
        if slug == "figures" and apart:
            parts[-1].blocks.append(Block(SINCE_HEADING, [Field("Newer figures", [Text(
                figures_apart(apart, profile.id))])]))
    keep = {"id", "name", "iso2", "aliases", *slugs}
    places = "; ".join(where(getattr(profile, s).source) for s in slugs)
    record = profile.model_dump(mode="json", include=keep)
    if shown:
        record["since_2013"] = data(shown)
    if apart:
        record["figures_since_2013"] = figures_apart(apart, profile.id)
    doc = Document(parts, record, citation="\n".join(
        [citation(f"Part I, {profile.name}: {places}"), *citations(shown)]))
    if slugs == ["contacts"]:
        doc.rows = contacts_table(profile)
        kept, left_out = unpublished(records)
        doc.cards = contact_cards(profile, kept, left_out)
        doc.left_out = left_out
    return doc


CONTACT_COLUMNS = ["group", "name", "description", "contact person", "role", "address",
                   "phones", "phones e164", "emails", "websites", "services", "notes", "links"]


def _address(lines: list[str]) -> str:
    """Address lines as one value: 'Pf. 241,' + 'Budapest 1391' → 'Pf. 241, Budapest 1391'."""
    out = ""
    for line in (x.strip() for x in lines):
        if out:
            out += " " if out.endswith((",", ";")) else ", "
        out += line
    return out


def contacts_table(profile: m.CountryProfile) -> Table:
    """Every organisation (and every group that only has notes or links) as one raw row."""
    rows = []
    for g in profile.contacts.groups:
        for o in g.organisations:
            phones = [phone(p) for p in o.phones]
            values = [g.heading, o.name, o.description or "", o.contact_person or "",
                      o.role or "", _address(o.address), "; ".join(o.phones),
                      "; ".join(p.e164 or "" for p in phones), "; ".join(o.emails),
                      "; ".join(o.websites), "; ".join(o.services), "; ".join(o.notes), ""]
            rows.append([[Text(v)] for v in values])
        if g.notes or g.links:
            values = [g.heading, "", "", "", "", "", "", "", "", "", "", "; ".join(g.notes),
                      "; ".join(g.links)]
            rows.append([[Text(v)] for v in values])
    return Table(CONTACT_COLUMNS, rows)


def contact_cards(profile: m.CountryProfile, records: list | None = None,
                  left_out: list[str] | None = None) -> list[Card]:
    """One contact card per organisation of the profile's contacts.

    With the since-2013 records: an organisation that has closed gets no card (its name goes
    to ``left_out``); a number a record gives now comes first, and the NOTE names its source
    and check date, or says the printed numbers are unconfirmed since 2013.
    """
    from fiit_cli.answers import e164, local_note, status
    from fiit_cli.doc import Phone
    from fiit_cli.vocab import DATA_AGE

    cards = []
    for g in profile.contacts.groups:
        for o in g.organisations:
            st = status(records, profile.id, organisation=o.name)
            if st is not None and st.kind == "ended":
                if left_out is not None:
                    left_out.append(f"closed since 2013, no card made: {o.name} ({st.label()})")
                continue
            details = [d for d in (o.description, o.contact_person, o.role) if d]
            details += o.services + o.notes
            current: tuple = ()
            if st is not None and st.kind in ("changed", "new") and st.phones:
                current = tuple(Phone(x, e164(x, profile.iso2[:2])) for x in st.phones)
                details.append(f"Current number(s): {'; '.join(st.phones)} (since 2013: "
                               f"{st.source}, {st.url}; checked {st.checked}"
                               f"{local_note(st)})")
            if o.phones and records is not None:
                confirmed = st is not None and st.kind == "confirmed"
                details.append(f"Number(s) as printed in 2013: {'; '.join(o.phones)} ("
                               + (f"confirmed since 2013: {st.source}, {st.url}; "
                                  f"checked {st.checked}{local_note(st)})"
                                  if confirmed and st is not None
                                  else "unconfirmed since 2013)"))
            details.append(f"{source_line(profile.contacts.source)}. {DATA_AGE}")
            cards.append(Card(name=o.name, org=o.name,
                              phones=tuple(p for p in current if p.e164)
                              + tuple(p for p in map(phone, o.phones) if p.e164),
                              emails=tuple(o.emails), urls=tuple(o.websites),
                              address=tuple(o.address), country=profile.name,
                              categories=(g.heading, profile.name),
                              note=" — ".join(details)))
    return cards
