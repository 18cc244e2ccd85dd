"""The fiit command line. Thin: parse arguments, call lookup/loader/views, print once.

Each command lives in a module of this package; importing them registers them on ``app``.
"""

from __future__ import annotations

import os
import sys
from importlib import import_module

from fiit_cli.cli.app import app

# Each module registers its commands on `app` when imported; --help lists them in this order.
for _module in ("profiles", "comparing", "hotlines", "practices", "searching", "person",
                "updates",
                "exporting",
                "maintenance"):
    import_module(f"fiit_cli.cli.{_module}")

__all__ = ["app", "main"]


def main() -> None:
    try:
        app()
    except BrokenPipeError:
        # The reader went away (`fiit ... | head`): stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)
