"""Docs and code agree: the README's commands are the ones CI runs."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
CI = ROOT / ".ci" / "run"

pytestmark = pytest.mark.skipif(not README.exists() or not CI.exists(),
                                reason="run from a checkout")


def readme_commands() -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    return [line.strip() for b in blocks for line in b.splitlines() if line.strip()]


def test_readme_has_the_two_setup_commands():
    cmds = readme_commands()
    assert any("pip install ." in c and c.endswith("fiit show france permits") for c in cmds)
    assert any("'.[test]'" in c and "pytest" in c for c in cmds)


def test_ci_runs_exactly_the_readme_test_command():
    test_cmd = next(c for c in readme_commands() if "'.[test]'" in c and "pytest" in c)
    lines = CI.read_text(encoding="utf-8").splitlines()
    assert test_cmd in lines or f"{test_cmd} || exit 1" in lines


def test_readme_documents_exit_codes():
    text = README.read_text(encoding="utf-8")
    assert "Exit codes" in text and "usage error" in text and "data error" in text
