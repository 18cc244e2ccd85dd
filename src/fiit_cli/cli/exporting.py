"""`fiit export`: publish the data as a Tabular Data Package, SQLite or HSDS 3.0 JSON.

Nothing beyond Typer is imported until a command runs (sqlite-utils only by `export sqlite`).
Exit codes: 2 when the target is not empty (without --force) or is of the wrong kind;
1 when it cannot be written, or the data is broken.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from fiit_cli.cli.app import App, Group, app
from fiit_cli.cli.common import (
    EXIT_DATA,
    EXIT_USAGE,
    IncludeConfidential,
    data_root,
    fail,
    reporting,
    withheld,
)

export_app = App(
    name="export",
    cls=Group,
    help="Publish the data: Data Package, SQLite or HSDS JSON.\n\nA Tabular Data Package "
    "(CSV and Table Schemas), a SQLite database for Datasette, or Open Referral HSDS 3.0 "
    "organizations, all built from the validated records.",
    epilog="\b\nExamples:\n  fiit export datapackage ./fiit-data\n"
    "  fiit export sqlite fiit.db && datasette fiit.db --metadata fiit.metadata.json\n"
    "  fiit export hsds ./fiit-hsds\n\n"
    "Exports are deterministic: the same data gives the same bytes. The 'created' date "
    "is SOURCE_DATE_EPOCH if set, else the newest since-2013 check, else 2013-01-01. "
    "A non-empty target is refused (exit 2) unless --force; an unwritable one is exit 1. "
    "Each export is built beside its target and swapped in whole; --force replaces or "
    "removes only the files fiit wrote (.fiit-manifest.json), never a file of yours.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(export_app, name="export")

ForceOption = Annotated[
    bool,
    typer.Option("--force", help="Write even if the target is not empty: the files fiit "
                 "wrote there (its manifest names them) are replaced; others are left alone."),
]


def _progress() -> Callable[[str], None] | None:
    """Progress lines on stderr, on a terminal only."""
    if not sys.stderr.isatty():
        return None
    return lambda message: sys.stderr.write(f"fiit: writing {message}\n")


def _run(ctx: typer.Context, build: Callable[[], object], write: Callable, target: Path,
         force: bool, include_confidential: bool) -> None:
    from fiit_cli.export.files import BadUsage, Unwritable
    from fiit_cli.export.tables import withheld as confidential

    with reporting():
        try:
            written = write(build(), target, force, _progress())
        except BadUsage as exc:
            fail(str(exc), EXIT_USAGE)
        except Unwritable as exc:
            fail(str(exc), EXIT_DATA)
        if not include_confidential:
            withheld(confidential(data_root(ctx)), "the export")
    if sys.stderr.isatty():
        sys.stderr.write(f"fiit: wrote {len(written)} files to {target}\n")


@export_app.command(epilog="\b\nExamples:\n  fiit export datapackage ./fiit-data\n"
                    "  frictionless validate ./fiit-data/datapackage.json")
def datapackage(
    ctx: typer.Context,
    dir: Annotated[Path, typer.Argument(help="Directory to write datapackage.json and one "
                                        "CSV per table into.", show_default=False,
                                        metavar="DIR")],
    force: ForceOption = False,
    include_confidential: IncludeConfidential = False,
) -> None:
    """CSV tables with their schemas (Data Package).

    A Tabular Data Package: datapackage.json and one CSV per table, each with a Table Schema
    (types, enums of the three-valued facts, primary and foreign keys).
    """
    from fiit_cli.export import datapackage as package
    from fiit_cli.export.tables import load_all

    _run(ctx, lambda: load_all(data_root(ctx), include_confidential), package.write, dir, force,
         include_confidential)


@export_app.command(epilog="\b\nExamples:\n  fiit export sqlite fiit.db\n"
                    "  datasette fiit.db --metadata fiit.metadata.json\n"
                    "  sqlite-utils search fiit.db notes 'reflection period'")
def sqlite(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="The SQLite file to write; its Datasette "
                                         "metadata goes beside it as NAME.metadata.json.",
                                         show_default=False, metavar="FILE")],
    force: ForceOption = False,
    include_confidential: IncludeConfidential = False,
) -> None:
    """SQLite with keys and full-text search.

    The Data Package's tables in one SQLite file, with foreign keys and full-text search
    (FTS5) on the text columns, and a Datasette metadata file naming source and licence.
    """
    from fiit_cli.export.tables import load_all

    try:
        from fiit_cli.export import sqlite as database
    except ImportError:  # pragma: no cover - sqlite-utils is a dependency
        fail("fiit export sqlite needs sqlite-utils (pip install sqlite-utils)", EXIT_DATA)
    _run(ctx, lambda: load_all(data_root(ctx), include_confidential), database.write, file,
         force, include_confidential)


@export_app.command(epilog="\b\nExamples:\n  fiit export hsds ./fiit-hsds\n"
                    "  jq .name ./fiit-hsds/organizations/*.json")
def hsds(
    ctx: typer.Context,
    dir: Annotated[Path, typer.Argument(help="Directory to write organizations/<id>.json "
                                        "and index.json into.", show_default=False,
                                        metavar="DIR")],
    force: ForceOption = False,
    include_confidential: IncludeConfidential = False,
) -> None:
    """Contacts and hotlines as HSDS 3.0 JSON.

    Every organisation of the profiles' contacts and every hotline of the annex as an Open
    Referral HSDS 3.0 organization, with its service, phones (E.164 where dialable),
    email, URL and address. Ids are UUID5s of the record's path: stable across runs.
    """
    from fiit_cli.export import hsds as referral

    _run(ctx, lambda: referral.load_all(data_root(ctx), include_confidential), referral.write,
         dir, force, include_confidential)
