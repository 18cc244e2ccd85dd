"""The annex of national counter-trafficking hotlines: one country in full, or all as a list."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fiit_cli.doc import Block, Card, Document, Phone, Section, Table, Text
from fiit_cli.views.common import citation, hotline_phone, print_notes, remarks, unpublished
from fiit_cli.vocab import TOOLKIT

if TYPE_CHECKING:
    import datetime

    from fiit_cli import models as m

CSV_COLUMNS = ["country", "service", "for", "operated by", "language", "printed", "e164", "note"]


def source(annex: m.HotlineAnnex) -> str:
    line = f"Source: {TOOLKIT}, annex “{annex.source.heading}”"
    return line + (f", p. {annex.source.page}" if annex.source.page else "")


def _numbers(country: m.CountryHotlines, h: m.Hotline, st) -> list:
    """The line's numbers: the current ones a since-2013 record gives first, with their
    check date; the annex's after them, marked as printed in 2013."""
    from fiit_cli.answers import record_phone

    numbers = [hotline_phone(n) for n in h.numbers]
    if st is None or st.kind not in ("changed", "new"):
        return numbers
    old = [type(n)(n.printed, n.e164, n.intl, "as printed in 2013") for n in numbers]
    if st.kind == "changed" and st.phones:
        return [record_phone(x, country.iso2, st.checked, st) for x in st.phones] + old
    return old


def _hotline_block(country: m.CountryHotlines, h: m.Hotline, records: list | None = None
                   ) -> Block:
    from fiit_cli.answers import status

    st = status(records, country.id, hotline=h.service)
    b = Block(f"{country.name} · {h.service}")
    if st is not None and st.kind == "ended":
        b.add("Status", Text(st.label()))
    b.add_if("For", h.purpose)
    b.add_if("Operated by", h.operated_by)
    b.add_if("Language", h.language)
    b.add("Tel", *_numbers(country, h, st))
    if st is not None and st.kind != "ended":
        b.add("Since 2013", Text(st.label()))
    b.add_if("About the number", [n.note for n in h.numbers if n.note])
    b.add_if("Notes", h.notes)
    return b


def country_sections(country: m.CountryHotlines, specialised_ngos: list[str],
                     records: list | None = None, on: datetime.date | None = None
                     ) -> list[Section]:
    """One country's annex lines, each followed by what is known of it since 2013; then the
    country's other since-2013 lines and pointers to its profile."""
    from fiit_cli.answers import local_note, new_lines, record_phone
    from fiit_cli.updates import for_hotline

    parts = []
    used: list = []
    for r in new_lines(records, country.id):  # lines that did not exist in 2013, first
        b = Block(f"{country.name} · {r.title} (new since 2013, not in the toolkit)")
        b.add("Tel", *(record_phone(x, country.iso2, r.checked, r) for x in r.phones))
        src = r.sources[0]
        b.add("Since 2013", Text(f"new line ({src.publisher}; checked {r.checked}"
                                        f"{local_note(r)})"))
        parts.append(Section(None, [b]))
    for h in country.hotlines:
        mine = for_hotline(records, country.id, h.service) if records else []
        used += mine
        parts.append(Section(None, [_hotline_block(country, h, records)],
                             updates=_nodes(mine, on)))
    rest = [r for r in (records or []) if r.country == country.id and r not in used
            and _about_lines(r)]
    last = Section(None, [], remarks(country.remarks) + print_notes(country.print_notes),
                   updates=_nodes(rest, on))
    if country.profile:
        more = Block("Also in fiit")
        if specialised_ngos:
            more.add_texts("Specialised NGOs", specialised_ngos)
        more.add("Full profile", Text(f"fiit show {country.profile} contacts", whole=True),
                 Text(f"fiit show {country.profile}", whole=True))
        last.blocks.append(more)
    if last.blocks or last.notes or last.updates:
        parts.append(last)
    return parts


def _about_lines(record) -> bool:
    """A record about a line to call: it gives a phone, or it is about one."""
    return bool(record.phones) or record.topic == "phone"


def _nodes(records: list, on: datetime.date | None) -> list:
    if not records or on is None:
        return []
    from fiit_cli.views.updates import node

    return [node(r, on) for r in records]


def cards(country: m.CountryHotlines, note: str, records: list | None = None,
          left_out: list[str] | None = None) -> list[Card]:
    """One card per line to call: new lines first; each annex line with its current numbers
    first (NOTE: source and check date) and the annex's after them, which the NOTE says are
    unconfirmed since 2013 where no record confirms them. A closed line has no card: its
    name goes to ``left_out``."""
    from fiit_cli.answers import e164, local_note, new_lines, status

    out = []
    for r in new_lines(records, country.id):
        src = r.sources[0]
        phones = tuple(Phone(x, e164(x, country.iso2)) for x in r.phones)
        out.append(Card(name=r.title, org=r.title,
                        phones=tuple(p for p in phones if p.e164), country=country.name,
                        categories=("counter-trafficking hotline", country.name),
                        note=f"New since 2013 (not in the toolkit): {r.now} — Source: "
                             f"{src.publisher}, {src.url}; checked {r.checked}{local_note(r)}."))
    for h in country.hotlines:
        st = status(records, country.id, hotline=h.service)
        if st is not None and st.kind == "ended":
            if left_out is not None:
                left_out.append(f"closed since 2013, no card made: {country.name} · {h.service} "
                                f"({st.label()})")
            continue
        details = [d for d in (h.purpose, h.language) if d]
        current: tuple = ()
        if st is not None and st.kind == "changed" and st.phones:
            current = tuple(Phone(x, e164(x, country.iso2)) for x in st.phones)
            details.append(f"Current number(s): {'; '.join(st.phones)} (since 2013: "
                           f"{st.source}, {st.url}; checked {st.checked}{local_note(st)})")
        printed = "; ".join(n.printed for n in h.numbers)
        if st is not None and st.kind == "confirmed":
            details.append(f"Number as printed: {printed} (confirmed since 2013: {st.source}, "
                           f"{st.url}; checked {st.checked}{local_note(st)})")
        elif records is not None:
            details.append(f"Number as printed in 2013: {printed} (unconfirmed since 2013)")
        else:
            details.append("Number as printed: " + printed)
        details += [n.note for n in h.numbers if n.note]
        details.append(note)
        phones = tuple(p for p in current if p.e164) + \
            tuple(hotline_phone(n) for n in h.numbers if n.e164)
        out.append(Card(name=h.service, org=h.operated_by or h.service, phones=phones,
                        country=country.name,
                        categories=("counter-trafficking hotline", country.name),
                        note=" — ".join(details)))
    return out


def hotlines(annex: m.HotlineAnnex, chosen: list[m.CountryHotlines], one: bool,
             specialised_ngos: list[str], data_age: str, records: list | None = None,
             on: datetime.date | None = None) -> Document:
    """The hotlines of the chosen countries: one country in full, or all as a table.

    Since-2013 records about a line sit next to it (in the table: a row under the country's
    annex rows, marked); the json keeps them apart, under ``since_2013`` of each country.
    """
    from fiit_cli.answers import local_note
    from fiit_cli.views.updates import citations, data

    heading = annex.source.heading
    src = source(annex)
    shown = [r for r in (records or []) if r.country in {c.id for c in chosen}
             and (r.concerns.hotline or _about_lines(r))]
    if one:
        parts: list = country_sections(chosen[0], specialised_ngos, shown, on)
    else:
        rows = []
        for c in chosen:
            rows += [[[Text(c.name)], [Text(h.service)], [hotline_phone(n)]]
                     for h in c.hotlines for n in h.numbers]
            rows += [[[Text(c.name)], [Text(f"since 2013 ({r.kind}, checked {r.checked}"
                                            f"{local_note(r)}): "
                                            f"{r.title}")],
                      [Text(p) for p in r.phones]
                      or [Text("see fiit updates " + c.id, whole=True)]]
                     for r in shown if r.country == c.id]
        parts = [Table(["country", "service", "number"], rows)]
    rows = Table(CSV_COLUMNS, [
        [[Text(v)] for v in (c.name, h.service, h.purpose or "", h.operated_by or "",
                             h.language or "", n.printed, n.e164 or "", n.note or "")]
        for c in chosen for h in c.hotlines for n in h.numbers])
    what = f"Annex, “{heading}”" + (f": {chosen[0].name}" if one else "")
    records_json = []
    for c in chosen:
        entry = c.model_dump(mode="json")
        mine = [r for r in shown if r.country == c.id]
        if mine:
            entry["since_2013"] = data(mine)
        records_json.append(entry)
    records, left_out = unpublished(records)
    made = [card for c in chosen for card in cards(c, f"{src}. {data_age}", records, left_out)]
    return Document(parts, records_json, rows=rows, cards=made, sources=[src],
                    citation="\n".join([citation(what), *citations(shown)]),
                    left_out=left_out)
