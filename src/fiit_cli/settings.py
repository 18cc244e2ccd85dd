"""The settings of one run, made once by the root command and passed down.

Writers read the width, colour, pager and format from here, never from globals or from
``isatty()`` directly, so tests can hand over a fake terminal instead of forking one.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import IO

from fiit_cli.struct import field, struct


def _stdout_isatty() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def columns_override() -> int | None:
    """80 where ``COLUMNS`` is set to nothing usable (0, negative, not a number), which
    would give Rich a width of 0 (nothing printed); else None (the terminal's, or
    COLUMNS)."""
    value = os.environ.get("COLUMNS")
    if value is None:
        return None
    value = value.strip()
    return None if value.isdigit() and int(value) > 0 else 80


@struct
class Env:
    data_dir: Path | None = None
    color: bool = True  # wanted by the user (NO_COLOR, --no-color turn it off)
    pager: bool = True  # wanted by the user (--no-pager turns it off)
    stdout_isatty: bool = field(default_factory=_stdout_isatty)
    width: int | None = None  # None: the terminal's (or COLUMNS)
    facts_only: bool = False  # hide notes about the 2013 text
    as_printed: bool = False  # the toolkit alone, without newer information
    stdout: IO[str] | None = None
    stderr: IO[str] | None = None

    def __post_init__(self) -> None:
        if os.environ.get("NO_COLOR"):
            self.color = False

    @property
    def out(self) -> IO[str]:
        return self.stdout or sys.stdout

    @property
    def err(self) -> IO[str]:
        return self.stderr or sys.stderr

    def default_format(self) -> str:
        """No --format: a table for a person at a terminal, plain lines for a pipe or a file."""
        return "table" if self.stdout_isatty else "plain"

    def pager_command(self) -> str | None:
        """FIIT_PAGER, then PAGER; MANPAGER is for man pages, not for fiit."""
        return os.environ.get("FIIT_PAGER") or os.environ.get("PAGER") or None
