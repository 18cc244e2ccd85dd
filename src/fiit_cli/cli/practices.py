"""`fiit practices` and `fiit practice`: Part II, the successful practices."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from fiit_cli.cli.app import app
from fiit_cli.cli.common import (
    CiteOption,
    FormatOption,
    complete_country,
    country_index,
    data_root,
    finish,
    reporting,
)

if TYPE_CHECKING:
    from fiit_cli.lookup import CountryIndex, NameIndex
    from fiit_cli.models import Practices

THEMES_HELP = "identification, coordination, victim-centred"


def _names(items: list) -> NameIndex:
    from fiit_cli.lookup import CountryName, NameIndex

    return NameIndex([CountryName(i.id, i.title, "", ()) for i in items])


def _practice_id(data: Practices, name: str, countries: CountryIndex) -> str:
    """A practice by id or title, or by its country's name."""
    from fiit_cli.lookup import UnknownName

    index = _names(data.practices)
    found = index.get(name)
    if found:
        return found
    try:
        country = countries.lookup(name)
    except UnknownName:
        country = None
    for p in data.practices:
        if p.country == country:
            return p.id
    index.kind = "practice"
    return index.lookup(name)


def _complete_practice(incomplete: str) -> list[str]:
    from fiit_cli.cli.common import complete_ids

    return complete_ids("practices.yaml", "practices", incomplete)


@app.command(epilog="\b\nExamples:\n  fiit practices\n  fiit practices --theme coordination\n"
             "  fiit practices --country italy --format json")
def practices(
    ctx: typer.Context,
    country: Annotated[str | None, typer.Option("--country", "-c", help="Only this country.",
                                                 show_default=False, metavar="COUNTRY",
                                                 autocompletion=complete_country)] = None,
    theme: Annotated[str | None, typer.Option(
        "--theme", "-t", help=f"Only this theme: {THEMES_HELP}.", show_default=False,
        metavar="THEME")] = None,
    fmt: FormatOption = None,
    cite: CiteOption = False,
) -> None:
    """List the successful practices of Part II, by theme."""
    from fiit_cli.loader import load_practices

    with reporting():
        data = load_practices(data_root(ctx))
        chosen = data.practices
        if country is not None:
            wanted = country_index(ctx).lookup(country)
            chosen = [p for p in chosen if p.country == wanted]
        if theme is not None:
            themes = _names(data.themes)
            themes.kind = "theme"
            wanted_theme = themes.lookup(theme)
            chosen = [p for p in chosen if p.theme == wanted_theme]
    from fiit_cli.views.practices import listing

    finish(ctx, listing(data, chosen), fmt, cite)


@app.command(epilog="\b\nExamples:\n  fiit practice uk-nrm\n  fiit practice italy\n"
             "  fiit practice venice-referral --format json")
def practice(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Practice id (see `fiit practices`) or a country.",
                                        show_default=False, autocompletion=_complete_practice,
                                        metavar="PRACTICE")],
    fmt: FormatOption = None,
    cite: CiteOption = False,
) -> None:
    """Show one successful practice in full, its process as steps."""
    from fiit_cli.loader import load_practices

    with reporting():
        data = load_practices(data_root(ctx))
        wanted = _practice_id(data, name, country_index(ctx))
    p = next(p for p in data.practices if p.id == wanted)
    from fiit_cli.views.practices import practice as view

    theme = next(t for t in data.themes if t.id == p.theme)
    with reporting():
        country = next((c.name for c in country_index(ctx).names() if c.id == p.country),
                       p.country)
    finish(ctx, view(p, theme, country), fmt, cite)
