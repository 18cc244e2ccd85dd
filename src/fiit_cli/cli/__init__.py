"""The fiit command line. Thin: parse arguments, call lookup/loader/views, print once.

Each command lives in a module of this package; importing them registers them on ``app``.
"""

from __future__ import annotations

import os
import sys

# Imported for their side effect (registering commands), in the order --help lists them.
from fiit_cli.cli import profiles  # noqa: F401, I001
from fiit_cli.cli import comparing  # noqa: F401
from fiit_cli.cli import hotlines  # noqa: F401
from fiit_cli.cli import practices  # noqa: F401
from fiit_cli.cli import searching  # noqa: F401
from fiit_cli.cli import maintenance  # noqa: F401
from fiit_cli.cli.app import app

__all__ = ["app", "main"]


def main() -> None:
    try:
        app()
    except BrokenPipeError:
        # The reader went away (`fiit ... | head`): stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
