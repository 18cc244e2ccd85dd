"""Terminal manners, tested on the installed `fiit`: pty, pager, colour, encodings, completion."""

import os
import shutil
import subprocess

import pytest

from fiit_cli.loader import shipped_data_dir
from tests.helpers import COLOUR, FIIT, fiit, installed, on_pty, table, too_wide


@installed
def test_a_terminal_gets_the_table_and_colour(tmp_path):
    code, out = on_pty("show", "france", "permits", "--no-pager", cwd=tmp_path)
    assert code == 0
    assert "╭" in out
    assert "\x1b[1m" in out  # bold headings
    code, out = on_pty("compare", "fr", "hu", "-s", "legal", "--no-pager", cwd=tmp_path)
    assert COLOUR.search(out)


@installed
@pytest.mark.parametrize("how", [{"NO_COLOR": "1"}, {"TERM": "dumb"}, "--no-color"])
def test_no_color_is_honoured(tmp_path, how):
    env = how if isinstance(how, dict) else {}
    args = [how] if isinstance(how, str) else []
    code, out = on_pty(*args, "compare", "fr", "hu", "-s", "legal", "--no-pager", env=env,
                       cwd=tmp_path)
    assert code == 0
    assert not COLOUR.search(out)
    assert "≠" in out  # differences still show without colour


@installed
def test_force_color_when_piped(tmp_path):
    env = dict(os.environ, FORCE_COLOR="1", COLUMNS="100")
    env.pop("NO_COLOR", None)
    r = subprocess.run([str(FIIT), "show", "fr", "permits", "-f", "table"], capture_output=True,
                       text=True, env=env, cwd=tmp_path)
    assert r.returncode == 0
    assert "\x1b[" in r.stdout


@installed
def test_long_output_goes_through_the_pager_on_a_terminal_only(tmp_path):
    pager = tmp_path / "pager.sh"
    pager.write_text("#!/bin/sh\necho PAGED-BY-TEST; cat > /dev/null\n")
    pager.chmod(0o755)
    code, out = on_pty("show", "italy", env={"PAGER": str(pager)}, cwd=tmp_path)
    assert code == 0 and "PAGED-BY-TEST" in out
    code, out = on_pty("show", "italy", "--no-pager", env={"PAGER": str(pager)}, cwd=tmp_path)
    assert code == 0 and "PAGED-BY-TEST" not in out
    code, out = on_pty("sections", env={"PAGER": str(pager)}, cwd=tmp_path)
    assert code == 0 and "PAGED-BY-TEST" not in out  # short output: no pager
    code, out = on_pty("show", "italy", env={"PAGER": "false", "FIIT_PAGER": str(pager),
                                             "MANPAGER": "false"}, cwd=tmp_path)
    assert code == 0 and "PAGED-BY-TEST" in out  # FIIT_PAGER first; MANPAGER is not fiit's
    r = subprocess.run([str(FIIT), "show", "italy"], capture_output=True, text=True,
                       env=dict(os.environ, PAGER=str(pager)), cwd=tmp_path)
    assert "PAGED-BY-TEST" not in r.stdout  # piped: never


@installed
def test_ascii_only_output_degrades_instead_of_crashing(tmp_path):
    env = dict(os.environ, PYTHONIOENCODING="ascii", NO_COLOR="1")
    for args in (["show", "france", "permits", "-f", "table"], ["hotline", "belgium"],
                 ["compare", "be", "it", "-s", "accommodation", "-f", "table"],
                 ["show", "fr", "-f", "markdown"], ["search", "surya"]):
        r = subprocess.run([str(FIIT), *args], capture_output=True, env=env, cwd=tmp_path)
        assert r.returncode == 0, r.stderr
        assert b"Traceback" not in r.stderr
        r.stdout.decode("ascii")


@installed
@pytest.mark.parametrize("words, cword, expected", [
    ("fiit show fr", 2, "france"),
    ("fiit show france sh", 3, "shelter"),
    ("fiit show france acc", 3, "accommodation"),
    ("fiit hotline sp", 2, "spain"),
    ("fiit practice uk", 2, "uk-nrm"),
    ("fiit compare belgium it", 3, "italy"),
])
def test_shell_completion(tmp_path, words, cword, expected):
    env = dict(os.environ, _FIIT_COMPLETE="complete_bash", COMP_WORDS=words,
               COMP_CWORD=str(cword))
    r = subprocess.run([str(FIIT)], capture_output=True, text=True, env=env, cwd=tmp_path)
    assert r.returncode == 0
    assert expected in r.stdout.split()


def test_country_completion_reads_no_whole_profile(monkeypatch):
    from fiit_cli import loader
    from fiit_cli.cli.common import complete_country

    def refuse(*a, **k):
        raise AssertionError("completion loaded a whole profile")

    monkeypatch.setattr(loader, "load_profile", refuse)
    assert complete_country("hu") == ["hungary"]


def test_data_is_printed_literally(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(shipped_data_dir(), data)
    f = data / "countries" / "france.yaml"
    text = f.read_text(encoding="utf-8")
    text = text.replace('"30 days non renewable"',
                        '"[bold red]30 days[/] :smile: \\e[31mRED\\e[0m"', 1)
    f.write_text(text, encoding="utf-8")
    for fmt in ("table", "plain", "markdown"):
        out = fiit("--data-dir", str(data), "show", "france", "permits", "-f", fmt,
                   width=200).stdout
        # markdown escapes the brackets, so that the text renders as it is (issue 22)
        literal = "[bold red]30 days[/] :smile:"
        if fmt == "markdown":
            literal = literal.replace("[", "\\[").replace("]", "\\]")
        assert literal in out
        assert "\x1b" not in out
        assert ("\\x1b\\[31mRED" if fmt == "markdown" else "\\x1b[31mRED") in out
    r = fiit("--data-dir", str(data), "show", "france", "permits", "-f", "json")
    assert "\x1b[31mRED" in r.json()["permits"]["stages"][0]["duration"]


def test_table_width_follows_columns():
    out = table("hotline", "hungary", width=60).stdout
    assert too_wide(out, 60) == []
