"""Plumbing shared by the commands: formats, error reporting, output, completion.

Exit codes: 0 success; 1 data error (a data file is missing, broken or invalid, or the
toolkit has no entry for what was asked); 2 usage error (unknown command, option, country
or section).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from fiit_cli.lookup import SECTIONS, CountryIndex, NoEntry, UnknownName, lookup_section
from fiit_cli.writers import Fmt

if TYPE_CHECKING:
    from fiit_cli.doc import Document
    from fiit_cli.models import CountryProfile
    from fiit_cli.settings import Env

EXIT_DATA = 1
EXIT_USAGE = 2

FORMAT_HELP = (
    "table (default on a terminal), plain (one fact per line; default when piped), json, "
    "yaml, markdown, csv (tabular views), vcard (contact cards: hotlines, contacts), or html "
    "(a standalone page to print)."
)

FormatOption = Annotated[
    Fmt | None,
    typer.Option("--format", "-f", help=FORMAT_HELP, show_default=False, metavar="FORMAT"),
]

IncludeConfidential = Annotated[
    bool,
    typer.Option("--include-confidential",
                 help="Keep records marked 'confidential: true' (left out by default)."),
]


def withheld(count: int, where: str) -> None:
    """Say on stderr how many confidential records were left out of what is published."""
    if count:
        sys.stderr.write(f"fiit: {count} confidential record{'s' if count != 1 else ''} left "
                         f"out of {where} (--include-confidential to keep them)\n")


CiteOption = Annotated[
    bool,
    typer.Option("--cite", help="Print a ready-to-paste citation of what is shown, instead."),
]


def env(ctx: typer.Context) -> Env:
    """The run's settings, made by the root command (a default one outside a full run)."""
    from fiit_cli.settings import Env

    root = ctx.find_root()
    if not isinstance(root.obj, Env):
        root.obj = Env()
    return root.obj


FORMAT_FOR = {"csv": "tabular views", "vcard": "contact cards"}


def formats_of(doc: Document) -> list[str]:
    """The formats this command's output can be written in (for its error message)."""
    from fiit_cli.writers import available

    return [f.value for f in Fmt if available(doc, f.value)]


def format_error(doc: Document, fmt: str) -> str:
    """'--format csv is for tabular views; here: table, plain, … or html', from what the
    output can be written in, never a list by hand."""
    usable = formats_of(doc)
    listed = ", ".join(usable[:-1]) + f" or {usable[-1]}" if len(usable) > 1 else usable[0]
    return f"--format {fmt} is for {FORMAT_FOR.get(fmt, 'other views')}; use {listed} here."


def finish(ctx: typer.Context, doc: Document, fmt: Fmt | None, cite: bool = False) -> None:
    """Print a command's result in the chosen format (or its citation)."""
    from fiit_cli.writers import NotAvailable, emit

    run = env(ctx)
    if cite:
        run.out.write(doc.citation + "\n")
        return
    try:
        emit(doc, fmt.value if fmt is not None else None, run)
    except NotAvailable as exc:
        fail(format_error(doc, exc.fmt), EXIT_USAGE)


def data_root(ctx: typer.Context) -> Path:
    """The data directory of this run (its ``--data-dir``, else FIIT_DATA_DIR or the shipped)."""
    from fiit_cli.loader import data_dir

    return data_dir(env(ctx).data_dir)


def country_index(ctx: typer.Context | None = None) -> CountryIndex:
    """The profiles of the run's data directory (completion, without a run: the default)."""
    from fiit_cli.loader import DataError, data_dir

    countries = (data_root(ctx) if ctx is not None else data_dir()) / "countries"
    if not countries.is_dir():
        raise DataError(countries, None, None, "no such directory (the profiles go in "
                        "countries/<id>.yaml)", "FIIT022")
    return CountryIndex(countries)


def profile_id(name: str, index: CountryIndex) -> str:
    """A profile's id from any of its names; an annex-only country has no entry (exit 1)."""
    try:
        return index.lookup(name)
    except UnknownName as exc:
        if exc.suggestions:
            raise
        from fiit_cli.loader import load_hotlines
        from fiit_cli.lookup import annex_index

        try:
            annex = load_hotlines(index.dir.parent)
        except Exception:  # the pointer is a courtesy; the error stands without it
            raise exc from None
        other = annex_index(annex).get(name)
        if other is None:
            raise
        country = next(c.name for c in annex.countries if c.id == other)
        raise NoEntry(f"the toolkit has no country profile for {country} (only Belgium, "
                      f"France, Italy, Hungary and the United Kingdom); its hotline: "
                      f"fiit hotline {other}") from None


def load_profiles(index: CountryIndex, ids: list[str]) -> list[CountryProfile]:
    from fiit_cli.loader import load_profile

    return [load_profile(index.path_for(i)) for i in ids]


def section_slugs(names: list[str] | None) -> list[str]:
    """Section names or aliases → slugs, in the order given, without repeats (default all)."""
    from fiit_cli.lookup import SECTION_SLUGS

    slugs: list[str] = []
    for name in names or SECTION_SLUGS:
        slug = lookup_section(name).slug
        if slug not in slugs:
            slugs.append(slug)
    return slugs


@contextmanager
def reporting() -> Iterator[None]:
    """Turn fiit's errors into one line on stderr and the documented exit code."""
    from fiit_cli.loader import DataError
    from fiit_cli.lookup import NOTICES
    from fiit_cli.writers.text import one_line

    try:
        yield
        for notice in NOTICES:  # e.g. "England answers as the United Kingdom", once
            sys.stderr.write(f"fiit: {one_line(notice)}\n")
    except UnknownName as exc:
        fail(str(exc), EXIT_USAGE)
    except NoEntry as exc:
        fail(str(exc), EXIT_DATA)
    except DataError as exc:
        fail(f"data error: {exc}", EXIT_DATA)
    finally:
        NOTICES.clear()


def since_2013(ctx: typer.Context, countries: list[str] | None = None
               ) -> tuple[list | None, Any]:
    """The since-2013 records (of these countries, or all) and today's date, or (None, None)
    with --as-printed.

    A broken local file is a one-line warning; a broken shipped file is a data error.
    """
    if env(ctx).as_printed:
        return None, None
    from fiit_cli.updates import load_updates, today

    records, warnings = load_updates(data_root(ctx), countries=countries)
    warn(warnings)
    return records, today()


def warn(warnings: list) -> None:
    """Problems that do not stop a command (a broken file in the local layer), one line each
    (a file name or key with a newline or an escape code in it cannot forge another)."""
    from fiit_cli.writers.text import one_line

    for w in warnings:
        sys.stderr.write(f"fiit: warning: {one_line(str(w))}\n")


def fail(message: str, code: int) -> NoReturn:
    """One line on stderr, whatever the message quotes (a query with a newline, an escape
    code, 100 KB of argument)."""
    from fiit_cli.writers.text import one_line

    sys.stderr.write(f"fiit: {one_line(message)}\n")
    raise typer.Exit(code)


def complete_country(incomplete: str) -> list[str]:
    """Profile ids: the file names, so no file is even opened (as fast as a TAB needs)."""
    try:
        names = country_index().ids
    except Exception:  # completion must never fail loudly
        return []
    return sorted(n for n in names if n.startswith(incomplete.lower()))


def complete_ids(filename: str, key: str, incomplete: str) -> list[str]:
    """Ids of the records under ``key`` in a data file, parsed but not validated (fast)."""
    try:
        from fiit_cli.loader import data_dir, read_yaml

        data = read_yaml(data_dir() / filename)[0]
        ids = [str(r["id"]) for r in data[key]]
    except Exception:  # completion must never fail loudly
        return []
    return [i for i in ids if i.startswith(incomplete.lower())]


def complete_section(incomplete: str) -> list[str]:
    """Section slugs, or the aliases, that start with what was typed."""
    typed = incomplete.lower()
    slugs = [s.slug for s in SECTIONS if s.slug.startswith(typed)]
    return slugs or [a for s in SECTIONS for a in s.aliases if a.startswith(typed)]
