"""`fiit validate`, `fiit schema`, `fiit about`: for people who keep the data current."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from fiit_cli.cli.app import app
from fiit_cli.cli.common import (
    EXIT_DATA,
    EXIT_USAGE,
    FormatOption,
    data_root,
    fail,
    finish,
    reporting,
)
from fiit_cli.codes import CODES
from fiit_cli.writers import Fmt


@app.command(epilog="\b\nExamples:\n  fiit validate\n  fiit validate ./my-data\n"
             "  fiit validate ./my-data/countries/spain.yaml -f json\n"
             "  fiit validate \"$FIIT_LOCAL_DIR\"\n\n"
             "\b\nCodes:\n" + "\n".join(f"  {k}  {v}" for k, v in CODES.items()))
def validate(
    ctx: typer.Context,
    path: Annotated[Path | None, typer.Argument(
        help="A data directory (countries/, hotlines.yaml, practices.yaml, updates/, "
        "searches/), a "
        "local layer (updates/) or one file; default: the data in use and the local layer.",
        show_default=False, metavar="[PATH]")] = None,
    fmt: FormatOption = None,
) -> None:
    """Check a data directory or file for problems.

    Every problem with file:line:column, the field and a stable code.
    """
    from fiit_cli.validate import check, describe

    with reporting():  # FIIT_DATA_DIR pointing nowhere: the usual one-line data error
        root = path or data_root(ctx)
    if not root.exists():
        fail(f"no such file or directory: {str(root)!r} (give a data directory or a file)",
             EXIT_USAGE)
    from fiit_cli.updates import local_dir

    local = local_dir() if path is None else None  # the data in use: with the local layer
    found, files = check(root, local)
    if fmt is Fmt.json:
        from fiit_cli.writers.machine import to_json

        sys.stdout.write(to_json(
            [{"file": e.path, "line": e.line, "column": e.column, "code": e.code,
              "field": e.field, "message": e.message} for e in found]))
    else:
        from fiit_cli.writers.text import one_line

        for e in found:  # one line each, whatever a file name or key holds
            sys.stdout.write(one_line(describe(e)) + "\n")
    summary = (f"{len(found)} problem{'s' if len(found) != 1 else ''} in {root}"
               if found else f"ok: {files} file{'s' if files != 1 else ''} in {root} valid")
    if local is not None and (local / "updates").is_dir():
        summary += f" (and the local layer {local})"
    from fiit_cli.writers.text import one_line

    sys.stderr.write(f"fiit: {one_line(summary)}\n")
    if found:
        raise typer.Exit(EXIT_DATA)


class SchemaKind(str, Enum):
    profile = "profile"
    hotlines = "hotlines"
    practices = "practices"
    updates = "updates"
    searches = "searches"


@app.command(epilog="\b\nExamples:\n  fiit schema > fiit-profile.schema.json\n"
             "  fiit schema hotlines\n\n"
             "In VS Code (YAML extension), make this a profile's first line, FILE being the "
             "schema's file (fiit-profile.schema.json above):\n\n"
             "\b\n  # yaml-language-server: $schema=FILE")
def schema(
    ctx: typer.Context,
    kind: Annotated[SchemaKind, typer.Argument(help="Which file: profile (a country "
                                               "profile), hotlines, practices, updates "
                                               "(updates/<country>.yaml) or searches "
                                               "(searches/<country>.yaml).", metavar="[KIND]")]
    = SchemaKind.profile,
) -> None:
    """Print the JSON Schema of the data files.

    For editors to check the YAML as it is typed.
    """
    from fiit_cli import models
    from fiit_cli.writers.machine import to_json

    sys.stdout.write(to_json(models.json_schema(kind.value)))


@app.command(epilog="\b\nExamples:\n  fiit about\n  fiit about -f json")
def about(ctx: typer.Context, fmt: FormatOption = None) -> None:
    """The source, its date, licence note, corrections."""
    from fiit_cli import __version__
    from fiit_cli.views.lists import about as view

    finish(ctx, view(__version__, _repository()), fmt)


def _repository() -> str | None:
    """The repository URL from the package metadata ([project.urls]), if it names one."""
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        urls = metadata("fiit").get_all("Project-URL") or []
    except PackageNotFoundError:
        return None
    for entry in urls:
        name, _, url = entry.partition(",")
        if name.strip().lower() in ("repository", "source", "homepage", "issues"):
            return url.strip().removesuffix("/issues")
    return None
