"""The fiit command line. Thin: parse arguments, call lookup/loader/views, print once.

Exit codes: 0 success; 1 data error (a data file is missing, broken or invalid);
2 usage error (unknown command, option, country or section).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import Enum
from typing import Annotated, Any

import typer

from fiit_cli import __version__
from fiit_cli.lookup import SECTIONS, CountryIndex, UnknownName, lookup_section

EXIT_DATA = 1
EXIT_USAGE = 2

EPILOG = (
    "Examples:  fiit show france permits  ·  fiit show be shelter legal  ·  "
    "fiit countries  ·  fiit sections\n\n"
    "Exit codes: 0 success · 1 data error (a data file is missing or invalid) · "
    "2 usage error (unknown command, option, country or section).\n\n"
    "Source: IOM, FIIT toolkit (2013). The data is 2013's: check contacts before acting."
)

app = typer.Typer(
    name="fiit",
    help="fiit: the IOM FIIT toolkit (2013) on integrating victims of trafficking (VoTs), "
    "country by country, with the page to cite.",
    epilog=EPILOG,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


class Format(str, Enum):
    table = "table"
    json = "json"


FormatOption = Annotated[
    Format,
    typer.Option("--format", "-f", help="Output format: a readable table, or the records as JSON."),
]


# ---------------------------------------------------------------- plumbing


def _index() -> CountryIndex:
    from fiit_cli.loader import data_dir

    return CountryIndex(data_dir() / "countries")


@contextmanager
def reporting() -> Iterator[None]:
    """Turn fiit's errors into one line on stderr and the documented exit code."""
    from fiit_cli.loader import DataError

    try:
        yield
    except UnknownName as exc:
        _fail(str(exc), EXIT_USAGE)
    except DataError as exc:
        _fail(f"data error: {exc}", EXIT_DATA)


def _fail(message: str, code: int) -> None:
    sys.stderr.write(f"fiit: {message}\n")
    raise typer.Exit(code)


def _console():
    from rich.console import Console

    return Console(highlight=False, emoji=False)


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _complete_country(incomplete: str) -> list[str]:
    try:
        index = _index()
        names = {n.id for n in index.names()}
    except Exception:  # completion must never fail loudly
        return []
    return sorted(n for n in names if n.startswith(incomplete.lower()))


def _complete_section(incomplete: str) -> list[str]:
    return [s.slug for s in SECTIONS if s.slug.startswith(incomplete.lower())]


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"fiit {__version__} (data: IOM FIIT toolkit, 2013)\n")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", "-V", help="Show the version and exit.", callback=_version,
                     is_eager=True),
    ] = False,
) -> None:
    """fiit: the IOM FIIT toolkit (2013) at a practitioner's fingertips."""


# ---------------------------------------------------------------- commands


@app.command(epilog="Example:  fiit show france permits   ·   fiit show hu shelter legal")
def show(
    country: Annotated[
        str,
        typer.Argument(
            help="Country: English or native name, or ISO code (be fr it hu gb uk).",
            autocompletion=_complete_country,
            show_default=False,
        ),
    ],
    sections: Annotated[
        list[str] | None,
        typer.Argument(
            help="Sections to show (default: all nine). See `fiit sections`.",
            autocompletion=_complete_section,
            show_default=False,
        ),
    ] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """Show a country's profile, or only the chosen sections."""
    from fiit_cli.loader import load_profile
    from fiit_cli.lookup import SECTION_SLUGS

    with reporting():
        index = _index()
        country_id = index.lookup(country)
        slugs: list[str] = []
        for name in sections or SECTION_SLUGS:
            slug = lookup_section(name).slug
            if slug not in slugs:
                slugs.append(slug)
        profile = load_profile(index.path_for(country_id))
    if fmt is Format.json:
        keep = {"id", "name", "iso2", "aliases", *slugs}
        _print_json(profile.model_dump(mode="json", include=keep))
        return
    from rich.console import Group

    from fiit_cli.views import render_section, section_view

    _console().print(Group(*(render_section(section_view(profile, s)) for s in slugs)))


@app.command(epilog="Example:  fiit countries   ·   fiit countries --format json")
def countries(fmt: FormatOption = Format.table) -> None:
    """List the countries that have a profile, with the names each answers to."""
    with reporting():
        names = _index().names()
    rows = [
        {"id": n.id, "name": n.name, "iso2": n.iso2, "aliases": list(n.aliases)} for n in names
    ]
    if fmt is Format.json:
        _print_json(rows)
        return
    from fiit_cli.views import DATA_AGE, render_list

    table = render_list(
        ["id", "name", "ISO", "also answers to"],
        [[r["id"], r["name"], r["iso2"], ", ".join(r["aliases"])] for r in rows],
        footer=DATA_AGE,
    )
    _console().print(table)


@app.command(epilog="Example:  fiit sections   ·   fiit show italy shelter")
def sections(fmt: FormatOption = Format.table) -> None:
    """List the nine sections of a profile: slug, toolkit heading and aliases."""
    rows = [{"slug": s.slug, "heading": s.heading, "aliases": list(s.aliases)} for s in SECTIONS]
    if fmt is Format.json:
        _print_json(rows)
        return
    from fiit_cli.views import render_list

    table = render_list(
        ["slug", "toolkit heading", "aliases"],
        [[r["slug"], r["heading"], ", ".join(r["aliases"])] for r in rows],
    )
    _console().print(table)


# ---------------------------------------------------------------- compare and overview


class TableFormat(str, Enum):
    table = "table"
    json = "json"
    markdown = "markdown"


TableFormatOption = Annotated[
    TableFormat,
    typer.Option("--format", "-f", help="table, json (the aligned rows), or markdown (a "
                 "GitHub table to paste into a report)."),
]


def _load_profiles(ids: list[str]):
    from fiit_cli.loader import load_profile

    index = _index()
    return [load_profile(index.path_for(i)) for i in ids]


def _width() -> int:
    return _console().width


@app.command(epilog="Example:  fiit compare belgium italy --section accommodation   ·   "
             "fiit compare --all -s legal -f markdown")
def compare(
    countries: Annotated[
        list[str] | None,
        typer.Argument(help="Two to five countries (or --all).", show_default=False,
                       autocompletion=_complete_country),
    ] = None,
    section: Annotated[
        list[str] | None,
        typer.Option("--section", "-s", help="Section(s) to compare (repeatable; default all).",
                     show_default=False, autocompletion=_complete_section),
    ] = None,
    all_countries: Annotated[bool, typer.Option("--all", "-a", help="Every profile.")] = False,
    fmt: TableFormatOption = TableFormat.table,
) -> None:
    """Compare countries side by side, row by row by meaning; ≠ marks rows that differ."""
    from fiit_cli import compare as cmp
    from fiit_cli.lookup import SECTION_SLUGS

    with reporting():
        index = _index()
        if all_countries:
            ids = index.ids
        else:
            ids = []
            for name in countries or []:
                cid = index.lookup(name)
                if cid in ids:
                    _fail(f"country {name!r} is given twice ({cid}). Compare two to five "
                          "different countries.", EXIT_USAGE)
                ids.append(cid)
        if not 2 <= len(ids) <= 5:
            _fail(f"compare takes two to five countries; got {len(ids)}. "
                  "Example: fiit compare belgium italy (or --all).", EXIT_USAGE)
        slugs: list[str] = []
        for name in section or SECTION_SLUGS:
            slug = lookup_section(name).slug
            if slug not in slugs:
                slugs.append(slug)
        profiles = _load_profiles(ids)
    names = [p.name for p in profiles]
    blocks = [cmp.compare_section(profiles, s) for s in slugs]
    _print_compare(names, ids, blocks, fmt)


def _print_compare(names, ids, blocks, fmt: TableFormat) -> None:
    from fiit_cli import compare as cmp
    from fiit_cli.views import DATA_AGE, TOOLKIT

    source = f"Source: {TOOLKIT}; each profile's pages: fiit show COUNTRY SECTION"
    legend = (f"{cmp.MARK_DIFFERS} the countries differ · ✗ no · ? not stated in the toolkit "
              "· – not applicable")
    if fmt is TableFormat.json:
        _print_json(cmp.to_json(names, ids, blocks))
        return
    if fmt is TableFormat.markdown:
        sys.stdout.write(cmp.to_markdown(names, blocks, [legend, source, DATA_AGE]))
        return
    from rich.console import Group

    from fiit_cli.views import footer

    console = _console()
    console.print(Group(cmp.render(names, blocks, console.width), footer(legend),
                        footer(source)))


@app.command(epilog="Example:  fiit overview   ·   fiit overview --explain   ·   "
             "fiit overview -f markdown")
def overview(
    explain: Annotated[bool, typer.Option("--explain", help="Say which profile field each "
                                          "indicator comes from.")] = False,
    fmt: TableFormatOption = TableFormat.table,
) -> None:
    """Key indicators across all five profiles, at a glance."""
    from fiit_cli import compare as cmp

    if explain:
        rows = [{"indicator": i.label, "field": i.field} for i in cmp.INDICATORS]
        if fmt is TableFormat.json:
            _print_json(rows)
            return
        from fiit_cli.views import render_list

        _console().print(render_list(["indicator", "computed from"],
                                     [[r["indicator"], r["field"]] for r in rows]))
        return
    with reporting():
        ids = _index().ids
        profiles = _load_profiles(ids)
    names = [p.name for p in profiles]
    block = cmp.SectionCompare("overview", "Overview: key indicators",
                               cmp.overview_rows(profiles))
    _print_compare(names, ids, [block], fmt)


# ---------------------------------------------------------------- hotlines

# EU member states (as of July 2013) that the toolkit's hotline annex does not list.
NOT_IN_ANNEX = {"croatia": "Croatia", "hrvatska": "Croatia", "hr": "Croatia",
                "cyprus": "Cyprus", "kypros": "Cyprus", "κυπρος": "Cyprus", "kibris": "Cyprus",
                "cy": "Cyprus"}


class HotlineFormat(str, Enum):
    table = "table"
    json = "json"
    vcard = "vcard"


def _hotline_index(annex):
    from fiit_cli.lookup import CountryName, NameIndex

    return NameIndex([CountryName(c.id, c.name, c.iso2, tuple(c.aliases)) for c in annex.countries])


@app.command(epilog="Example:  fiit hotline hungary   ·   fiit hotline   ·   "
             "fiit hotline spain --format vcard > spain.vcf")
def hotline(
    country: Annotated[
        str | None,
        typer.Argument(help="Country (any EU member state in the annex); all 26 if omitted.",
                       show_default=False),
    ] = None,
    fmt: Annotated[
        HotlineFormat,
        typer.Option("--format", "-f",
                     help="table, json (the records), or vcard (vCard 4.0 referral cards)."),
    ] = HotlineFormat.table,
) -> None:
    """Counter-trafficking national hotlines from the toolkit's annex (26 EU member states)."""
    from fiit_cli.loader import load_hotlines, load_profile
    from fiit_cli.lookup import normalise

    with reporting():
        annex = load_hotlines()
        chosen = annex.countries
        if country is not None:
            missing = NOT_IN_ANNEX.get(normalise(country))
            if missing:
                _fail(f"the toolkit's annex lists no counter-trafficking hotline for {missing} "
                      "(it covers 26 EU member states; see `fiit hotline`).", EXIT_DATA)
            wanted = _hotline_index(annex).lookup(country)
            chosen = [c for c in annex.countries if c.id == wanted]
    from fiit_cli.views import DATA_AGE, TOOLKIT

    source = f"Source: {TOOLKIT}, annex “{annex.source.heading}”"
    if fmt is HotlineFormat.json:
        _print_json([c.model_dump(mode="json") for c in chosen])
        return
    if fmt is HotlineFormat.vcard:
        from fiit_cli.vcard import cards

        sys.stdout.write("".join(cards(c, f"{source}. {DATA_AGE}") for c in chosen))
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
                profile = load_profile(_index().path_for(c.profile))
            ngos = [o.name for g in profile.contacts.groups if g.kind == "specialised_ngos"
                    for o in g.organisations]
        body = render_blocks(hotline_blocks(c, ngos))
    _console().print(Group(body, footer(source)))


# ---------------------------------------------------------------- practices


def _practice_lookup(practices, name: str) -> str:
    """A practice by id, or by its country's name."""
    from fiit_cli.lookup import CountryName, NameIndex, UnknownName

    index = NameIndex([CountryName(p.id, p.title, "", ()) for p in practices.practices])
    found = index.get(name)
    if found:
        return found
    try:
        country = _index().lookup(name)
    except UnknownName:
        country = None
    for p in practices.practices:
        if p.country == country:
            return p.id
    index.kind = "practice"
    return index.lookup(name)


@app.command(epilog="Example:  fiit practices   ·   fiit practices --theme coordination")
def practices(
    country: Annotated[str | None, typer.Option("--country", "-c", help="Only this country.",
                                                 show_default=False)] = None,
    theme: Annotated[str | None, typer.Option(
        "--theme", "-t", help="Only this theme: identification, coordination, victim-centred.",
        show_default=False)] = None,
    fmt: FormatOption = Format.table,
) -> None:
    """List the successful practices of Part II, by theme."""
    from fiit_cli.loader import load_practices
    from fiit_cli.lookup import CountryName, NameIndex

    with reporting():
        data = load_practices()
        chosen = data.practices
        if country is not None:
            wanted = _index().lookup(country)
            chosen = [p for p in chosen if p.country == wanted]
        if theme is not None:
            themes = NameIndex([CountryName(t.id, t.title, "", ()) for t in data.themes])
            themes.kind = "theme"
            wanted_theme = themes.lookup(theme)
            chosen = [p for p in chosen if p.theme == wanted_theme]
    if fmt is Format.json:
        _print_json([p.model_dump(mode="json") for p in chosen])
        return
    from rich.console import Group

    from fiit_cli.views import THEME_LABELS, TOOLKIT, footer, render_list

    rows = [[p.id, THEME_LABELS[p.theme], p.country, p.title] for p in chosen]
    table = render_list(["id", "theme", "country", "practice"], rows)
    source = f"Source: {TOOLKIT}, Part II “Successful practices”. Full view: fiit practice ID"
    _console().print(Group(table, footer(source)))


@app.command(epilog="Example:  fiit practice uk-nrm   ·   fiit practice italy")
def practice(
    name: Annotated[str, typer.Argument(help="Practice id (see `fiit practices`) or a country.",
                                        show_default=False)],
    fmt: FormatOption = Format.table,
) -> None:
    """Show one successful practice in full, its process as a numbered flow."""
    from fiit_cli.loader import load_practices

    with reporting():
        data = load_practices()
        wanted = _practice_lookup(data, name)
    p = next(p for p in data.practices if p.id == wanted)
    if fmt is Format.json:
        _print_json(p.model_dump(mode="json"))
        return
    from rich.console import Group

    from fiit_cli.views import TOOLKIT, footer, practice_blocks, render_blocks

    theme = next(t for t in data.themes if t.id == p.theme)
    where = f"p. {p.page}" if p.page else f"theme “{theme.title}”"
    _console().print(Group(render_blocks(practice_blocks(p, theme.title), p.title),
                           footer(f"Source: {TOOLKIT}, Part II, {where}")))


def main() -> None:
    app()
