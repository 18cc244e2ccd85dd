"""`fiit hotline`: the annex of national counter-trafficking hotlines."""

from __future__ import annotations

from typing import Annotated

import typer

from fiit_cli.cli.app import app
from fiit_cli.cli.common import (
    EXIT_DATA,
    CiteOption,
    FormatOption,
    country_index,
    data_root,
    fail,
    finish,
    reporting,
    since_2013,
)

# EU member states (as of July 2013) that the toolkit's hotline annex does not list.
NOT_IN_ANNEX = {"croatia": "Croatia", "hrvatska": "Croatia", "hr": "Croatia",
                "cyprus": "Cyprus", "kypros": "Cyprus", "κυπρος": "Cyprus", "kibris": "Cyprus",
                "cy": "Cyprus"}


def _complete(incomplete: str) -> list[str]:
    from fiit_cli.cli.common import complete_ids

    return complete_ids("hotlines.yaml", "countries", incomplete)


@app.command(epilog="\b\nExamples:\n  fiit hotline hungary\n  fiit hotline\n"
             "  fiit hotline --format csv > hotlines.csv\n"
             "  fiit hotline spain --format vcard > spain.vcf")
def hotline(
    ctx: typer.Context,
    country: Annotated[
        str | None,
        typer.Argument(help="Country (any EU member state in the annex); all 26 if omitted.",
                       show_default=False, autocompletion=_complete, metavar="[COUNTRY]"),
    ] = None,
    fmt: FormatOption = None,
    cite: CiteOption = False,
) -> None:
    """Counter-trafficking hotlines of 26 EU states (annex)."""
    from fiit_cli.loader import load_hotlines, load_profile
    from fiit_cli.lookup import annex_index, normalise
    from fiit_cli.views.hotlines import hotlines
    from fiit_cli.vocab import DATA_AGE

    with reporting():
        annex = load_hotlines(data_root(ctx))
        chosen = annex.countries
        if country is not None:
            missing = NOT_IN_ANNEX.get(normalise(country))
            if missing:
                fail(f"the toolkit's annex lists no counter-trafficking hotline for {missing} "
                     "(it covers 26 EU member states; see `fiit hotline`).", EXIT_DATA)
            wanted = annex_index(annex).lookup(country)
            chosen = [c for c in annex.countries if c.id == wanted]
        ngos: list[str] = []
        if country is not None and chosen[0].profile:
            profile = load_profile(country_index(ctx).path_for(chosen[0].profile))
            ngos = [o.name for g in profile.contacts.groups if g.kind == "specialised_ngos"
                    for o in g.organisations]
        records, on = since_2013(ctx, [c.id for c in chosen])
    finish(ctx, hotlines(annex, chosen, country is not None, ngos, DATA_AGE, records, on), fmt,
           cite)
