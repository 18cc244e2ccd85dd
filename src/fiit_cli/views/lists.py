"""Small listings: the countries, the sections, search hits, the overview's indicators, about."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fiit_cli.doc import Block, Document, Field, Link, Mark, Section, Span, Table, Text
from fiit_cli.views.common import citation
from fiit_cli.vocab import DATA_AGE, TOOLKIT, TOOLKIT_TITLE

if TYPE_CHECKING:
    from fiit_cli.lookup import CountryName, SectionInfo


def _table(columns: list[str], data: list[dict], keys: list[str], **kw: Any) -> Table:
    def item(v: Any) -> list:
        return [Text(", ".join(v) if isinstance(v, list) else str(v))]

    return Table(columns, [[item(r[k]) for k in keys] for r in data], **kw)


def countries(names: list[CountryName]) -> Document:
    data = [{"id": n.id, "name": n.name, "iso2": n.iso2, "aliases": list(n.aliases)}
            for n in names]
    table = _table(["id", "name", "ISO", "also answers to"], data,
                   ["id", "name", "iso2", "aliases"])
    return Document([table], data, rows=table, sources=[
        "Source: IOM, FIIT toolkit (2013), Part I, the five country overviews"])


def sections(infos: tuple[SectionInfo, ...]) -> Document:
    data = [{"slug": s.slug, "heading": s.heading, "aliases": list(s.aliases)} for s in infos]
    table = _table(["slug", "toolkit heading", "aliases"], data, ["slug", "heading", "aliases"])
    return Document([table], data, rows=table, sources=[
        "Source: the nine section headings of each country profile, IOM FIIT toolkit (2013), "
        "Part I"])


def explain(rows: list[Field]) -> Document:
    data = [{"indicator": f.label, "field": f.items[0].text} for f in rows]  # type: ignore[union-attr]
    table = _table(["indicator", "computed from"], data, ["indicator", "field"])
    return Document([table], data, rows=table, sources=[
        "Source: fiit's indicators over the profiles of the IOM FIIT toolkit (2013)"])


def hits(found: list, total: int, text: str) -> Document:
    """Search hits: where each is, in words, the match marked, and the command that opens it."""
    data, rows, csv_rows = [], [], []
    for h in found:
        piece, a, b = h.snippet()
        data.append({"kind": h.field.kind, "owner": h.field.owner, "area": h.field.area,
                     "section": h.field.section, "field": h.field.path,
                     "location": h.field.location, "open": h.field.command,
                     "note": h.field.note, "score": round(h.score, 3),
                     "text": h.field.text, "snippet": piece, "match": [a, b]})
        snippet = Span((Text(piece[:a]), Mark(piece[a:b]), Text(piece[b:])))
        rows.append([[Text(h.field.location)], [snippet], [Text(h.field.command, whole=True)]])
        csv_rows.append([[Text(v)] for v in (h.field.location, h.field.kind, h.field.path,
                                             piece[a:b], piece, h.field.command)])
    shown = f"{len(found)} of {total}" if total > len(found) else f"{len(found)}"
    title = f"{shown} hit{'s' if total != 1 else ''} for “{text}”"
    if total > len(found):
        title += " (--all or --limit N for more)"
    table = Table(["where", "match", "open with"], rows, title=title, keep_first=False)
    return Document([table], data,
                    rows=Table(["where", "kind", "field", "match", "snippet", "open"],
                               csv_rows),
                    sources=[f"Source: {TOOLKIT}; newer records (since 2013) say “Since 2013” "
                             "in their place"])


def about(version: str, repository: str | None) -> Document:
    corrections = ("Open an issue in fiit's repository quoting the toolkit page and the "
                   "printed text; data files are in data/ (fiit validate checks them).")
    if repository:
        corrections = f"Open an issue at {repository}/issues quoting the toolkit page and " \
                      "the printed text; data files are in data/ (fiit validate checks them)."
    facts = {
        "title": TOOLKIT_TITLE,
        "publisher": "International Organization for Migration (IOM)",
        "year": 2013,
        "funding": "European Commission (European Fund for the Integration of Third Country "
                   "Nationals), with the Italian Ministry of the Interior and Migrant Helpline",
        "data_age": DATA_AGE,
        "licence": "The content is IOM's (© 2013). fiit quotes names, numbers and short facts "
                   "as printed and words its notes itself; it is an independent reference "
                   "tool, not published or endorsed by IOM.",
        "corrections": corrections,
        "repository": repository,
        "citation": citation("The whole toolkit"),
        "fiit_version": version,
    }
    block = Block(None)
    for label, key in (("Source", "title"), ("Publisher", "publisher"), ("Published", "year"),
                       ("Funded by", "funding"), ("Data age", "data_age"),
                       ("Licence", "licence"), ("Corrections", "corrections"),
                       ("Cite as", "citation"), ("fiit", "fiit_version")):
        block.add_texts(label, str(facts[key]))
    if repository:
        block.add("Repository", Link(repository, repository))
    return Document([Section("About fiit and its source", [block])], facts)
