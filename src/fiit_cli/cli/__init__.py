"""The fiit command line. Thin: parse arguments, call lookup/loader/views, print once.

Each command lives in a module of this package; importing them registers them on ``app``.
This package itself imports nothing heavy: ``main()`` answers a shell completion
(:mod:`fiit_cli.cli.completion`) or runs a plain lookup (:mod:`fiit_cli.cli.fast`) before
Typer is loaded, and loads the full application (``app``, on first use) for everything else.
"""

from __future__ import annotations

import os
import sys

__all__ = ["app", "main"]

# Each module registers its commands on `app` when imported; --help lists them in this order.
MODULES = ("profiles", "comparing", "hotlines", "practices", "searching", "person", "updates",
           "exporting", "maintenance")


def _typer_app() -> object:
    from importlib import import_module

    from fiit_cli.cli.app import app

    for module in MODULES:
        import_module(f"fiit_cli.cli.{module}")
    return app


class _Package(type(sys)):  # a module type (types.ModuleType without importing types)
    """``fiit_cli.cli.app`` is the Typer application, loaded when first asked for.

    (The import system also binds the submodule ``fiit_cli.cli.app`` to this name; the
    setter keeps the application in its place.)
    """

    @property
    def app(self) -> object:
        return _typer_app()

    @app.setter
    def app(self, value: object) -> None:
        pass


sys.modules[__name__].__class__ = _Package


def main() -> None:
    try:
        if os.environ.get("_FIIT_COMPLETE"):
            from fiit_cli.cli import completion

            if completion.answer():
                _exit(0)
        else:
            from fiit_cli.cli import fast

            code = fast.run(sys.argv[1:])
            if code is not None:
                _exit(code)
        try:
            _typer_app()()
        except SystemExit as exc:
            if exc.code is None or isinstance(exc.code, int):
                if os.environ.get("_FIIT_COMPLETE"):
                    from fiit_cli.cli import completion

                    completion.remember()
                _exit(exc.code or 0)
            raise
    except BrokenPipeError:
        _broken_pipe()


def _broken_pipe() -> None:
    # The reader went away (`fiit ... | head`): stop quietly, as Unix tools do.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(1)


def _exit(code: int) -> None:
    """Flush and leave at once, skipping the interpreter's teardown (freeing every module and
    object takes longer than a lookup), unless something still has to run at exit."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _broken_pipe()
    try:
        sys.stderr.flush()
    except (OSError, ValueError):
        pass
    if _safe_to_skip_teardown():
        os._exit(code)
    sys.exit(code)


def _safe_to_skip_teardown() -> bool:
    import atexit

    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() > 1:
        return False
    pending = getattr(atexit, "_ncallbacks", None)
    return pending is not None and pending() == 0
