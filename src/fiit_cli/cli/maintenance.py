"""`fiit validate`, `fiit schema`, `fiit about`: for people who keep the data current."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from fiit_cli.cli.app import app
from fiit_cli.cli.common import EXIT_DATA, EXIT_USAGE, FormatOption, fail, finish, reporting
from fiit_cli.codes import CODES
from fiit_cli.output import Doc, Fmt, Section, resolve, to_json


@app.command(epilog="\b\nExamples:\n  fiit validate\n  fiit validate ./my-data\n"
             "  fiit validate ./my-data/countries/spain.yaml -f json\n"
             "  fiit validate \"$FIIT_LOCAL_DIR\"\n\n"
             "\b\nCodes:\n" + "\n".join(f"  {k}  {v}" for k, v in CODES.items()))
def validate(
    path: Annotated[Path | None, typer.Argument(
        help="A data directory (countries/, hotlines.yaml, practices.yaml, updates/), a "
        "local layer (updates/) or one file; default: the data in use and the local layer.",
        show_default=False)] = None,
    fmt: FormatOption = None,
) -> None:
    """Check a data directory or file for problems.

    Every problem with file:line:column, the field and a stable code.
    """
    from fiit_cli.loader import data_dir
    from fiit_cli.validate import check, describe

    with reporting():  # FIIT_DATA_DIR pointing nowhere: the usual one-line data error
        root = path or data_dir()
    if not root.exists():
        fail(f"no such file or directory: {str(root)!r} (give a data directory or a file)",
             EXIT_USAGE)
    from fiit_cli.updates import local_dir

    local = local_dir() if path is None else None  # the data in use: with the local layer
    found, files = check(root, local)
    fmt = resolve(fmt)
    if fmt is Fmt.json:
        sys.stdout.write(to_json(
            [{"file": e.path, "line": e.line, "column": e.column, "code": e.code,
              "field": e.field, "message": e.message} for e in found]))
    else:
        for e in found:
            sys.stdout.write(describe(e) + "\n")
    summary = (f"{len(found)} problem{'s' if len(found) != 1 else ''} in {root}"
               if found else f"ok: {files} file{'s' if files != 1 else ''} in {root} valid")
    if local is not None and (local / "updates").is_dir():
        summary += f" (and the local layer {local})"
    sys.stderr.write(f"fiit: {summary}\n")
    if found:
        raise typer.Exit(EXIT_DATA)


class SchemaKind(str, Enum):
    profile = "profile"
    hotlines = "hotlines"
    practices = "practices"
    updates = "updates"


@app.command(epilog="\b\nExamples:\n  fiit schema > fiit-profile.schema.json\n"
             "  fiit schema hotlines\n\n"
             "In VS Code (YAML extension), add to a profile's first line:\n"
             "  # yaml-language-server: $schema=fiit-profile.schema.json")
def schema(
    kind: Annotated[SchemaKind, typer.Argument(help="Which file: a country profile, "
                                               "hotlines.yaml, practices.yaml or "
                                               "updates/<country>.yaml.")]
    = SchemaKind.profile,
) -> None:
    """Print the JSON Schema of the data files.

    For editors to check the YAML as it is typed.
    """
    from fiit_cli import models

    sys.stdout.write(to_json(models.json_schema(kind.value)))


@app.command(epilog="\b\nExamples:\n  fiit about\n  fiit about -f json")
def about(fmt: FormatOption = None) -> None:
    """The source, its date, licence note, corrections."""
    from fiit_cli import __version__
    from fiit_cli.views import DATA_AGE, TOOLKIT_TITLE, Block, citation

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
        "corrections": "Open an issue in fiit's repository quoting the toolkit page and the "
                       "printed text; data files are in data/ (fiit validate checks them).",
        "citation": citation("The whole toolkit"),
        "fiit_version": __version__,
    }
    block = Block(None)
    for label, key in (("Source", "title"), ("Publisher", "publisher"), ("Published", "year"),
                       ("Funded by", "funding"), ("Data age", "data_age"),
                       ("Licence", "licence"), ("Corrections", "corrections"),
                       ("Cite as", "citation"), ("fiit", "fiit_version")):
        block.add(label, str(facts[key]))
    finish(Doc([Section("About fiit and its source", [block], [DATA_AGE])], facts), fmt)
