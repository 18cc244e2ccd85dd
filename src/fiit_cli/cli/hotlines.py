"""`fiit hotline`: the annex of national counter-trafficking hotlines."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from fiit_cli.cli.app import app
from fiit_cli.cli.common import (
    EXIT_DATA,
    CiteOption,
    FormatOption,
    country_index,
    fail,
    finish,
    reporting,
)
from fiit_cli.output import Doc, Fmt, Listing, Section

if TYPE_CHECKING:
    from fiit_cli.lookup import NameIndex
    from fiit_cli.models import HotlineAnnex

# EU member states (as of July 2013) that the toolkit's hotline annex does not list.
NOT_IN_ANNEX = {"croatia": "Croatia", "hrvatska": "Croatia", "hr": "Croatia",
                "cyprus": "Cyprus", "kypros": "Cyprus", "κυπρος": "Cyprus", "kibris": "Cyprus",
                "cy": "Cyprus"}


def _complete(incomplete: str) -> list[str]:
    from fiit_cli.cli.common import complete_ids

    return complete_ids("hotlines.yaml", "countries", incomplete)


def hotline_index(annex: HotlineAnnex) -> NameIndex:
    from fiit_cli.lookup import CountryName, NameIndex

    return NameIndex([CountryName(c.id, c.name, c.iso2, tuple(c.aliases))
                      for c in annex.countries])


@app.command(epilog="\b\nExamples:\n  fiit hotline hungary\n  fiit hotline\n"
             "  fiit hotline --format csv > hotlines.csv\n"
             "  fiit hotline spain --format vcard > spain.vcf")
def hotline(
    country: Annotated[
        str | None,
        typer.Argument(help="Country (any EU member state in the annex); all 26 if omitted.",
                       show_default=False, autocompletion=_complete),
    ] = None,
    fmt: FormatOption = None,
    cite: CiteOption = False,
) -> None:
    """Counter-trafficking hotlines of 26 EU states (annex)."""
    from fiit_cli.loader import load_hotlines, load_profile
    from fiit_cli.lookup import normalise
    from fiit_cli.views import DATA_AGE, TOOLKIT, citation, hotline_blocks, hotline_number

    with reporting():
        annex = load_hotlines()
        chosen = annex.countries
        if country is not None:
            missing = NOT_IN_ANNEX.get(normalise(country))
            if missing:
                fail(f"the toolkit's annex lists no counter-trafficking hotline for {missing} "
                     "(it covers 26 EU member states; see `fiit hotline`).", EXIT_DATA)
            wanted = hotline_index(annex).lookup(country)
            chosen = [c for c in annex.countries if c.id == wanted]
    heading = annex.source.heading
    source = f"Source: {TOOLKIT}, annex “{heading}”"
    if annex.source.page:
        source += f", p. {annex.source.page}"
    if fmt is Fmt.vcard and not cite:
        from fiit_cli.vcard import cards

        # vCard lines end in CRLF (RFC 6350): write bytes, so no newline translation applies.
        sys.stdout.flush()
        sys.stdout.buffer.write("".join(cards(c, f"{source}. {DATA_AGE}") for c in chosen)
                                .encode("utf-8"))
        sys.stdout.buffer.flush()
        return
    rows = [[c.name, h.service, hotline_number(n)]
            for c in chosen for h in c.hotlines for n in h.numbers]
    listing = Listing(["country", "service", "number"], rows)
    csv_rows = Listing(
        ["country", "service", "for", "operated by", "language", "printed", "e164", "note"],
        [[c.name, h.service, h.purpose or "", h.operated_by or "", h.language or "", n.printed,
          n.e164 or "", n.note or ""] for c in chosen for h in c.hotlines for n in h.numbers])
    what = f"Annex, “{heading}”" + (f": {chosen[0].name}" if country is not None else "")
    if country is None:
        parts: list = [listing]
    else:
        c = chosen[0]
        ngos: list[str] = []
        if c.profile:
            with reporting():
                profile = load_profile(country_index().path_for(c.profile))
            ngos = [o.name for g in profile.contacts.groups if g.kind == "specialised_ngos"
                    for o in g.organisations]
        parts = [Section(None, hotline_blocks(c, ngos))]
    doc = Doc(parts, [c.model_dump(mode="json") for c in chosen], footer=[source],
              csv=csv_rows, citation=citation(what))
    finish(doc, fmt, cite)
