"""Shared helpers: run fiit as a user would, at a fixed width, without colour.

Test modules import these as ``from tests.helpers import fiit``; pytest's ``pythonpath``
(pyproject.toml) puts the repository root on the path, so this works in every import mode.
"""

from __future__ import annotations

import json
import os
import pty
import re
import select
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from fiit_cli.cli import app

COUNTRIES = ["belgium", "france", "italy", "hungary", "united-kingdom"]
FIIT = Path(sys.executable).parent / "fiit"  # the installed command, beside this python
installed = pytest.mark.skipif(not FIIT.exists(), reason="fiit is not installed beside python")


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    raw: bytes = b""

    def json(self):
        return json.loads(self.stdout)


# A fixed "today" for every run of the tests: the day the newest records were checked, so that
# their freshness (and the goldens) do not age and none of them is "in the future".
TODAY = "2026-12-07"


def fiit(*args: str, width: int = 80, env: dict | None = None) -> Run:
    """Invoke the CLI in-process at a fixed width, no colour, like a piped terminal."""
    runner = CliRunner()
    # A fixed "today", so the freshness of since-2013 records (and the goldens) do not age.
    environ = {"COLUMNS": str(width), "LINES": "50", "NO_COLOR": "1", "TERM": "dumb",
               "FIIT_TODAY": TODAY}
    environ.update(env or {})
    result = runner.invoke(app, list(args), env=environ, catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr, result.stdout_bytes)


def table(*args: str, width: int = 80, env: dict | None = None) -> Run:
    """The Rich table view (the default at a terminal), at a fixed width."""
    return fiit(*args, "--format", "table", width=width, env=env)


def section_json(country: str, section: str) -> dict:
    """`fiit show COUNTRY SECTION --format json`, the section's record."""
    r = fiit("show", country, section, "--format", "json")
    assert r.code == 0, r.stderr
    return r.json()[section]


def flat(obj, path: str = "") -> list[str]:
    """Flatten a JSON record to 'path: value' lines (the way a reader greps it)."""
    if isinstance(obj, dict):
        return [line for k, v in obj.items() for line in flat(v, f"{path}.{k}" if path else k)]
    if isinstance(obj, list):
        return [line for i, v in enumerate(obj) for line in flat(v, f"{path}[{i}]")]
    return [f"{path}: {obj}"]


def strings(obj, path=""):
    """Every string in a record, with its path (for whole-dataset checks)."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from strings(v, f"{path}.{k}" if path else k)
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from strings(v, f"{path}[{i}]")
    elif isinstance(obj, str):
        yield path, obj


def text_of(obj) -> str:
    return "\n".join(flat(obj))


GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("FIIT_UPDATE_GOLDEN") == "1"


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE or not path.exists():
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
        if not UPDATE:
            pytest.fail(f"golden file {name} was missing and has been written; run again")
    assert text == path.read_text(encoding="utf-8")


def too_wide(text: str, width: int) -> list[str]:
    """Lines wider than the terminal, except a web address on a line of its own.

    A web address is never wrapped, so that a copied address works: it may run past the edge.
    """
    import re

    url = re.compile(r"\s*(Source: |[A-Z][a-z]+: )?((https?://|www\.)\S+|\S+@\S+)")
    return [line for line in text.splitlines() if len(line) > width and not url.fullmatch(line)]


def on_pty(*args, env=None, cwd=None, timeout=60):
    """Run fiit with stdout and stderr on a pseudo-terminal; return (exit code, output)."""
    master, slave = pty.openpty()
    environ = {k: v for k, v in os.environ.items()
               if k not in ("NO_COLOR", "FORCE_COLOR", "PAGER", "TERM", "COLUMNS", "LINES")}
    environ.update({"TERM": "xterm-256color", "COLUMNS": "100", "LINES": "40"})
    environ.update(env or {})
    proc = subprocess.Popen([str(FIIT), *args], stdin=slave, stdout=slave, stderr=slave,
                            env=environ, cwd=cwd, close_fds=True)
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], timeout)
        if not ready:
            proc.kill()
            break
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    return proc.wait(timeout=timeout), b"".join(chunks).decode("utf-8", "replace")


COLOUR = re.compile(r"\x1b\[(?:[0-9;]*;)?(?:3[0-8]|9[0-7])[;m]")  # an SGR foreground colour
