"""Part II of the toolkit: the successful practices, listed by theme or one in full."""

from __future__ import annotations

from typing import TYPE_CHECKING

from fiit_cli.doc import Block, Document, Section, Table, Text
from fiit_cli.views.common import citation, print_notes, remarks
from fiit_cli.vocab import THEME_LABELS, TOOLKIT

if TYPE_CHECKING:
    from fiit_cli import models as m


def listing(data: m.Practices, chosen: list[m.Practice]) -> Document:
    parts = []
    for t in data.themes:
        rows = [[[Text(p.id)], [Text(p.title)]] for p in chosen if p.theme == t.id]
        if rows:
            where = f" (p. {t.page})" if t.page else ""
            parts.append(Table(["id", "practice"], rows, title=f"{THEME_LABELS[t.id]}{where}"))
    rows = Table(["id", "theme", "country", "page", "title"],
                 [[[Text(v)] for v in (p.id, p.theme, p.country, str(p.page or ""), p.title)]
                  for p in chosen])
    src = f"Source: {TOOLKIT}, Part II “Successful practices”. Full view: fiit practice ID"
    return Document(parts, [p.model_dump(mode="json") for p in chosen], rows=rows,
                    sources=[src], citation=citation("Part II, “Successful practices”"))


def practice(p: m.Practice, theme: m.Theme, country_name: str) -> Document:
    head = Block(None)
    head.add_texts("Theme", theme.title)
    head.add_texts("Country", country_name)
    head.add_texts("Summary", p.summary)
    head.add_texts("Actors", p.actors)
    blocks = [head]
    if p.steps:
        steps = Block("The process, step by step")
        for i, s in enumerate(p.steps, 1):
            steps.add_texts(f"{i}. {s.title}" if s.title else f"{i}.", s.text)
        blocks.append(steps)
    facts = Block("Key facts")
    facts.add_texts("Facts", p.key_facts)
    facts.add_if("Notes", p.notes)
    blocks.append(facts)
    where = f"p. {p.page}" if p.page else f"theme “{theme.title}”"
    notes = remarks(getattr(p, "remarks", [])) + print_notes(p.print_notes)
    return Document([Section(p.title, blocks, notes)], p.model_dump(mode="json"),
                    sources=[f"Source: {TOOLKIT}, Part II, {where}"],
                    citation=citation(f"Part II, “{p.title}”, {where}"))
