"""The Typer application and its root options; the commands live in sibling modules."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperCommand, TyperGroup

from fiit_cli import __version__
from fiit_cli.writers.text import one_line

EPILOG = """\b
Examples:
  fiit show france permits
  fiit show be shelter legal
  fiit compare belgium italy --section accommodation
  fiit overview
  fiit hotline hungary
  fiit practices --theme coordination
  fiit search language courses --country italy
  fiit find shelter --minor --third-country
  fiit brief italy --minor --woman -f html > brief.html
  fiit show uk contacts --format csv > uk-contacts.csv
  fiit validate ./my-data
  fiit export sqlite fiit.db

\b
Exit codes:
  0  success
  1  data error (a data file is missing or invalid, or the toolkit has no entry)
  2  usage error (unknown command, option, country or section)

Source: IOM, FIIT toolkit (2013). The data is 2013's: check contacts before acting on
them. NO_COLOR is honoured."""

def terminal_width() -> int:
    """The terminal's width (COLUMNS first), as the table writer takes it; 80 when unknown."""
    import shutil

    return max(shutil.get_terminal_size((80, 24)).columns, 20)


class HelpFormatter(TyperGroup.context_class.formatter_class):  # click's (Typer's copy)
    """Help laid out at the terminal's real width (click would use at least 50 columns, at
    most 78).

    A preformatted ('\\b') line of an epilog that is too wide is broken too: a command at a
    word, with a shell continuation (' \\') so that a copied command still runs; other text
    under its own indentation (a code's description under the description).
    """

    def write_text(self, text: str) -> None:
        start = len(self.buffer)
        super().write_text(text.replace("-", _HYPHEN))
        written = "".join(self.buffer[start:]).replace(_HYPHEN, "-")
        del self.buffer[start:]
        self.write("\n".join(line for raw in written.split("\n")
                             for line in fold_line(raw, self.width)))

    def write_dl(self, rows: Any, *args: Any, **kwargs: Any) -> None:
        start = len(self.buffer)
        super().write_dl([(a, b.replace("-", _HYPHEN)) for a, b in rows], *args, **kwargs)
        self.buffer[start:] = ["".join(self.buffer[start:]).replace(_HYPHEN, "-")]


# Text is wrapped at spaces only ("ready-to-paste" stays whole): hyphens are hidden meanwhile.
_HYPHEN = "\u2011"


_HEAD = re.compile(r"\S+\s\s+")  # a code and its description: "FIIT003  YAML tag refused"
COMMANDS = ("fiit", "datasette", "sqlite-utils", "frictionless", "jq", "pip")


def fold_line(line: str, width: int) -> list[str]:
    """One line of help as lines no wider than ``width``, no word or command cut."""
    if len(line) <= width or not line.strip():
        return [line]
    body = line.lstrip()
    indent = line[:len(line) - len(body)]
    cont = ""
    head = _HEAD.match(body)
    if body.split()[0] in COMMANDS:
        first, words, rest, cont = "", body.split(), indent + "    ", " \\"
    elif head and len(indent) + head.end() <= width // 2:
        first, words = head.group(), body[head.end():].split()
        rest = " " * (len(indent) + head.end())
    else:
        first, words, rest = "", body.split(), indent
    out: list[str] = []
    current = indent + first
    for word in words:
        bare = current == (indent + first if not out else rest)
        candidate = current + ("" if bare else " ") + word
        if not bare and len(candidate) + len(cont) > width:
            out.append(current + cont)
            current = rest + word
        else:
            current = candidate
    return [*out, current]


class WideContext(TyperGroup.context_class):
    formatter_class = HelpFormatter

    def make_formatter(self) -> HelpFormatter:
        width = terminal_width()
        return HelpFormatter(width=width, max_width=width)


class Group(TyperGroup):
    """A group of commands whose help is laid out at the terminal's width."""

    context_class = WideContext


class OneLineErrors(Group):
    """Usage errors as one line on stderr (`fiit: ...`), exit 2; never a traceback."""

    def main(self, args: Any = None, prog_name: str | None = None, *,
             standalone_mode: bool = True, **kwargs: Any) -> Any:
        _safe_streams()
        args = _hoist_global_options(list(sys.argv[1:] if args is None else args))
        kwargs["prog_name"] = prog_name
        if not args and standalone_mode and not os.environ.get("_FIIT_COMPLETE"):
            # Bare `fiit`: the usual multi-line help, commands and examples (as gh does).
            with self.make_context(prog_name or "fiit", ["--help"], resilient_parsing=True) as ctx:
                sys.stdout.write(ctx.get_help() + "\n")
            sys.exit(0)
        if standalone_mode:
            hint = _misordered(args, set(self.commands))
            if hint:
                sys.stderr.write(f"fiit: {one_line(hint)}\n")
                sys.exit(2)
        if not standalone_mode:
            return super().main(args, standalone_mode=False, **kwargs)
        try:
            code = super().main(args, standalone_mode=False, **kwargs)
        except typer.Abort:
            sys.stderr.write("fiit: aborted\n")
            sys.exit(1)
        except typer.TyperException as exc:
            if not hasattr(exc, "format_message"):
                raise
            ctx = getattr(exc, "ctx", None)
            hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
            sys.stderr.write(f"fiit: {one_line(exc.format_message() + hint)}\n")
            sys.exit(getattr(exc, "exit_code", 2))
        sys.exit(code if isinstance(code, int) else 0)


# Shared with the fast path (fiit_cli.cli.fast), which runs plain lookups without Typer.
from fiit_cli.cli.fast import GLOBAL_FLAGS, GLOBAL_VALUED  # noqa: E402,F401
from fiit_cli.cli.fast import hoist_global_options as _hoist_global_options  # noqa: E402
from fiit_cli.cli.fast import misordered as _misordered  # noqa: E402
from fiit_cli.cli.fast import safe_streams as _safe_streams  # noqa: E402


class Command(TyperCommand):
    """Usage lines name arguments in capitals, without Typer's braces: `fiit show COUNTRY`."""

    context_class = WideContext

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        return [p[1:-1] if p.startswith("{") and p.endswith("}") else p
                for p in super().collect_usage_pieces(ctx)]


class App(typer.Typer):
    def command(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("cls", Command)
        return super().command(*args, **kwargs)


app = App(
    cls=OneLineErrors,
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
    ctx: typer.Context,
    version: Annotated[
        bool,
        typer.Option("--version", "-V", help="Show the version and exit.", callback=_version,
                     is_eager=True),
    ] = False,
    data_dir: Annotated[
        Path | None,
        typer.Option("--data-dir", help="Read the data from this directory (same layout as "
                     "the shipped data/); also FIIT_DATA_DIR.", show_default=False,
                     metavar="DIR",
                     file_okay=False, dir_okay=True, exists=True),
    ] = None,
    no_color: Annotated[bool, typer.Option("--no-color", help="No colours (as NO_COLOR=1).")]
    = False,
    no_pager: Annotated[bool, typer.Option("--no-pager", help="Never page long output.")]
    = False,
    facts_only: Annotated[bool, typer.Option(
        "--facts-only", help="Leave out the notes about the 2013 text (print notes, remarks).")]
    = False,
    as_printed: Annotated[bool, typer.Option(
        "--as-printed", help="The toolkit alone, without the newer information (since 2013).")]
    = False,
) -> None:
    """fiit: the IOM FIIT toolkit (2013) at a practitioner's fingertips."""
    from fiit_cli.settings import Env

    # The run's settings, passed down to every command (the data directory included).
    ctx.obj = Env(data_dir=data_dir, color=not no_color, pager=not no_pager,
                  facts_only=facts_only, as_printed=as_printed)
