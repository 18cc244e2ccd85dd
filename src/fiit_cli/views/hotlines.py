"""The annex of national counter-trafficking hotlines: one country in full, or all as a list."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fiit_cli.doc import Block, Card, Document, Section, Table, Text
from fiit_cli.views.common import citation, hotline_phone, print_notes
from fiit_cli.vocab import TOOLKIT

if TYPE_CHECKING:
    from fiit_cli import models as m

CSV_COLUMNS = ["country", "service", "for", "operated by", "language", "printed", "e164", "note"]


def source(annex: m.HotlineAnnex) -> str:
    line = f"Source: {TOOLKIT}, annex “{annex.source.heading}”"
    return line + (f", p. {annex.source.page}" if annex.source.page else "")


def country_section(country: m.CountryHotlines, specialised_ngos: list[str]) -> Section:
    blocks = []
    for h in country.hotlines:
        b = Block(f"{country.name} · {h.service}")
        b.add_if("For", h.purpose)
        b.add_if("Operated by", h.operated_by)
        b.add_if("Language", h.language)
        b.add("Tel", *(hotline_phone(n) for n in h.numbers))
        b.add_if("About the number", [n.note for n in h.numbers if n.note])
        b.add_if("Notes", h.notes)
        blocks.append(b)
    if country.profile:
        more = Block("Also in fiit")
        if specialised_ngos:
            more.add_texts("Specialised NGOs", specialised_ngos)
        more.add_texts("Full profile", [f"fiit show {country.profile} contacts",
                                        f"fiit show {country.profile}"])
        blocks.append(more)
    return Section(None, blocks, print_notes(country.print_notes))


def cards(country: m.CountryHotlines, note: str) -> list[Card]:
    out = []
    for h in country.hotlines:
        details = [d for d in (h.purpose, h.language) if d]
        details.append("Number as printed: " + "; ".join(n.printed for n in h.numbers))
        details += [n.note for n in h.numbers if n.note]
        details.append(note)
        out.append(Card(name=h.service, org=h.operated_by or h.service,
                        phones=tuple(hotline_phone(n) for n in h.numbers if n.e164),
                        country=country.name,
                        categories=("counter-trafficking hotline", country.name),
                        note=" — ".join(details)))
    return out


def hotlines(annex: m.HotlineAnnex, chosen: list[m.CountryHotlines], one: bool,
             specialised_ngos: list[str], data_age: str) -> Document:
    """The hotlines of the chosen countries: one country in full, or all as a table."""
    heading = annex.source.heading
    src = source(annex)
    if one:
        parts: list = [country_section(chosen[0], specialised_ngos)]
    else:
        parts = [Table(["country", "service", "number"],
                       [[[Text(c.name)], [Text(h.service)], [hotline_phone(n)]]
                        for c in chosen for h in c.hotlines for n in h.numbers])]
    rows = Table(CSV_COLUMNS, [
        [[Text(v)] for v in (c.name, h.service, h.purpose or "", h.operated_by or "",
                             h.language or "", n.printed, n.e164 or "", n.note or "")]
        for c in chosen for h in c.hotlines for n in h.numbers])
    what = f"Annex, “{heading}”" + (f": {chosen[0].name}" if one else "")
    return Document(parts, [c.model_dump(mode="json") for c in chosen], rows=rows,
                    cards=[card for c in chosen for card in cards(c, f"{src}. {data_age}")],
                    sources=[src], citation=citation(what))
