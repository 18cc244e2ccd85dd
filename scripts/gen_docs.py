#!/usr/bin/env python3
"""Regenerate what the docs can take from the code: the command reference and JSON Schemas.

usage: python scripts/gen_docs.py [--check]

docs/commands.md is every command's --help; docs/schema/*.schema.json are the JSON Schemas of
the three kinds of data file. With --check, nothing is written and the exit code says whether
the committed files are current (tests/test_docs.py runs the same comparison).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = ["show", "countries", "sections", "compare", "overview", "hotline", "practices",
            "practice", "search", "find", "brief", "updates", "stale", "validate", "schema",
            "about", "export", "export datapackage", "export sqlite", "export hsds"]


def _help(*args: str) -> str:
    from typer.testing import CliRunner

    from fiit_cli.cli import app

    env = {"COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb"}
    return CliRunner().invoke(app, [*args, "--help"], env=env, prog_name="fiit").stdout


def commands_md() -> str:
    out = ["# fiit command reference", "",
           "Generated from `--help` by `scripts/gen_docs.py`; do not edit by hand.", "",
           "## fiit", "", "```", _help().rstrip(), "```", ""]
    for name in COMMANDS:
        out += [f"## fiit {name}", "", "```", _help(*name.split()).rstrip(), "```", ""]
    return "\n".join(out)


def schemas() -> dict[str, str]:
    from fiit_cli import models

    return {kind: json.dumps(models.json_schema(kind), ensure_ascii=False, indent=2) + "\n"
            for kind in models.KINDS}


def expected() -> dict[Path, str]:
    files = {ROOT / "docs" / "commands.md": commands_md()}
    for kind, text in schemas().items():
        files[ROOT / "docs" / "schema" / f"{kind}.schema.json"] = text
    return files


def main() -> int:
    check = "--check" in sys.argv
    stale = []
    for path, text in expected().items():
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(path)
        if not check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    for path in stale:
        print(f"{'stale' if check else 'wrote'}: {path.relative_to(ROOT)}")
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
