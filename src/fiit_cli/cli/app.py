"""The Typer application and its root options; the commands live in sibling modules."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from fiit_cli import __version__

EPILOG = """\b
Examples:
  fiit show france permits
  fiit show be shelter legal
  fiit compare belgium italy --section accommodation
  fiit overview
  fiit hotline hungary
  fiit practices --theme coordination

\b
Exit codes:
  0  success
  1  data error (a data file is missing or invalid, or the toolkit has no entry)
  2  usage error (unknown command, option, country or section)

\b
Source: IOM, FIIT toolkit (2013). The data is 2013's: check
contacts before acting on them. NO_COLOR is honoured."""

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
