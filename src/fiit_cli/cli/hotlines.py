"""`fiit hotline`: the annex of national counter-trafficking hotlines."""

from __future__ import annotations

import sys
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import typer

from fiit_cli.cli.app import app
from fiit_cli.cli.common import EXIT_DATA, console, country_index, fail, print_json, reporting

if TYPE_CHECKING:
    from fiit_cli.lookup import NameIndex
    from fiit_cli.models import HotlineAnnex

# EU member states (as of July 2013) that the toolkit's hotline annex does not list.
NOT_IN_ANNEX = {"croatia": "Croatia", "hrvatska": "Croatia", "hr": "Croatia",
                "cyprus": "Cyprus", "kypros": "Cyprus", "κυπρος": "Cyprus", "kibris": "Cyprus",
                "cy": "Cyprus"}


class HotlineFormat(str, Enum):
    table = "table"
    json = "json"
    vcard = "vcard"


def _complete(incomplete: str) -> list[str]:
    try:
        from fiit_cli.loader import load_hotlines

        ids = [c.id for c in load_hotlines().countries]
    except Exception:  # completion must never fail loudly
        return []
    return [i for i in ids if i.startswith(incomplete.lower())]


def hotline_index(annex: HotlineAnnex) -> NameIndex:
    from fiit_cli.lookup import CountryName, NameIndex

    return NameIndex([CountryName(c.id, c.name, c.iso2, tuple(c.aliases))
                      for c in annex.countries])


@app.command(epilog="\b\nExamples:\n  fiit hotline hungary\n  fiit hotline\n"
             "  fiit hotline spain --format vcard > spain.vcf")
def hotline(
    country: Annotated[
        str | None,
        typer.Argument(help="Country (any EU member state in the annex); all 26 if omitted.",
                       show_default=False, autocompletion=_complete),
    ] = None,
    fmt: Annotated[
        HotlineFormat,
        typer.Option("--format", "-f",
                     help="table, json (the records), or vcard (vCard 4.0 referral cards)."),
    ] = HotlineFormat.table,
) -> None:
    """Counter-trafficking hotlines of 26 EU states (annex)."""
    from fiit_cli.loader import load_hotlines, load_profile
    from fiit_cli.lookup import normalise

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
    from fiit_cli.views import DATA_AGE, TOOLKIT

    source = f"Source: {TOOLKIT}, annex “{annex.source.heading}”"
    if annex.source.page:
        source += f", p. {annex.source.page}"
    if fmt is HotlineFormat.json:
        print_json([c.model_dump(mode="json") for c in chosen])
        return
    if fmt is HotlineFormat.vcard:
        from fiit_cli.vcard import cards

        # vCard lines end in CRLF (RFC 6350): write bytes, so no newline translation applies.
        sys.stdout.flush()
        sys.stdout.buffer.write("".join(cards(c, f"{source}. {DATA_AGE}") for c in chosen)
                                .encode("utf-8"))
        sys.stdout.buffer.flush()
        return
    from rich.console import Group

    from fiit_cli.views import footer, hotline_blocks, hotline_rows, render_blocks, render_list

    if country is None:
        body = render_list(["country", "service", "number"], hotline_rows(annex))
    else:
        c = chosen[0]
        ngos: list[str] = []
        if c.profile:
            with reporting():
                profile = load_profile(country_index().path_for(c.profile))
            ngos = [o.name for g in profile.contacts.groups if g.kind == "specialised_ngos"
                    for o in g.organisations]
        body = render_blocks(hotline_blocks(c, ngos))
    console().print(Group(body, footer(source)))
