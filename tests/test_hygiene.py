"""The tests themselves: helpers in one module, no test module importing another."""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).parent


def imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_test_module_imports_another_or_conftest():
    offenders = []
    for path in sorted(TESTS.glob("*.py")):
        for name in imported(path):
            last = name.rsplit(".", 1)[-1]
            if last == "conftest" or last.startswith("test_"):
                offenders.append((path.name, name))
    assert offenders == []


def test_helpers_are_imported_through_the_package():
    users = [p.name for p in TESTS.glob("test_*.py") if "tests.helpers" in imported(p)]
    assert len(users) > 10
    assert (TESTS / "__init__.py").is_file()
