"""Hardening: whatever the arguments, environment or data files, fiit answers cleanly.

Properties checked everywhere: never a traceback; the exit code is one of the documented
0 / 1 / 2; JSON output always parses; nothing in the data is ever executed; no data file is
ever written.
"""

import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fiit_cli.loader import shipped_data_dir
from fiit_cli.lookup import SECTIONS
from tests.helpers import COLOUR, FIIT, fiit, on_pty, too_wide

SHIPPED = shipped_data_dir()


def snapshot(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module", autouse=True)
def data_is_never_written():
    before = snapshot(SHIPPED)
    yield
    assert snapshot(SHIPPED) == before


def clean(r, codes=(0, 1, 2), report=False):
    """report: `fiit validate`, whose problems are its output (one per line on stdout)."""
    assert r.code in codes, (r.code, r.stderr)
    assert "Traceback" not in r.stderr and "Traceback" not in r.stdout
    if r.code != 0:
        assert r.stderr.startswith("fiit: "), r.stderr
        assert r.stderr.count("\n") == 1, r.stderr
        if not report:
            assert r.stdout == ""


# ---------------------------------------------------------------- arguments

ODD = ["", " ", "germany", "frnace", "FRANCE ", "../../etc/passwd", "/etc/passwd", "fr\x00ance",
       "x" * 20_000, "ｆｒａｎｃｅ", "🇫🇷", "België", "U.K.", "--", "-", "\u202eecnarf",
       "'; DROP TABLE countries; --", "[bold]france[/]", "\x1b[31mfrance", "%s%s%s", "~"]


@pytest.mark.parametrize("name", ODD, ids=range(len(ODD)))
@pytest.mark.parametrize("command", [("show",), ("hotline",), ("compare", "france"),
                                     ("practice",), ("search", "x", "--country")])
def test_odd_country_names(command, name):
    r = fiit(*command, name, "-f", "json")
    clean(r)
    if r.code == 0:
        json.loads(r.stdout)
    else:
        assert len(r.stderr) < 800  # a 20,000-character name is not echoed back whole


@pytest.mark.parametrize("name", ODD, ids=range(len(ODD)))
def test_odd_section_names(name):
    r = fiit("show", "france", name, "-f", "json")
    clean(r)


def test_every_alias_of_every_country_and_section(profiles):
    for p in profiles.values():
        for name in (p.id, p.name, p.iso2, p.iso2.lower(), *p.aliases):
            r = fiit("show", name, "permits", "-f", "json")
            assert r.code == 0, (name, r.stderr)
            assert r.json()["id"] == p.id
    for s in SECTIONS:
        for name in (s.slug, s.heading, *s.aliases):
            r = fiit("show", "italy", name, "-f", "json")
            assert r.code == 0, (name, r.stderr)
            assert s.slug in r.json()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=40))
def test_any_text_as_a_country(text):
    clean(fiit("show", text, "-f", "json"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(["show", "compare", "hotline", "search", "practice",
                                 "practices", "overview", "countries", "sections", "validate",
                                 "about", "schema", "france", "italy", "spain", "xx",
                                 "permits", "shelter", "--format", "-f", "json", "csv", "yaml",
                                 "vcard", "plain", "--section", "-s", "--all", "--cite",
                                 "--explain", "--limit", "0", "3", "--no-color", "--no-pager",
                                 "--data-dir", "/nonexistent", "--theme", "--country", "-h"]),
                max_size=6))
def test_any_command_line(argv):
    r = fiit(*argv)
    clean(r, report=bool(argv) and argv[0] == "validate")
    if r.code == 0 and "json" in argv and "--cite" not in argv and "-h" not in argv:
        idx = [i for i, a in enumerate(argv) if a in ("--format", "-f")]
        if idx and idx[-1] + 1 < len(argv) and argv[idx[-1] + 1] == "json":
            json.loads(r.stdout)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(min_size=1, max_size=30))
def test_any_search_text(text):
    r = fiit("search", text, "-f", "json")
    clean(r)
    if r.code == 0:
        assert isinstance(r.json(), list)


# ---------------------------------------------------------------- widths and environment


@pytest.mark.parametrize("columns", ["20", "40", "80", "200", "abc", "0", "-5", ""])
@pytest.mark.parametrize("args", [("show", "belgium", "contacts"), ("hotline",),
                                  ("compare", "fr", "it", "-s", "permits"), ("overview",),
                                  ("practice", "venice-referral"), ("search", "shelter")],
                         ids=lambda a: "-".join(a))
def test_widths(columns, args):
    r = fiit(*args, "-f", "table", env={"COLUMNS": columns})
    clean(r, codes=(0,))
    if columns.isdigit() and int(columns) >= 20:
        assert too_wide(r.stdout, int(columns)) == []
    assert "…" not in r.stdout or args[0] == "search"  # search snippets are marked as cut


@pytest.mark.skipif(not FIIT.exists(), reason="fiit is not installed beside python")
@pytest.mark.parametrize("env", [{"PYTHONIOENCODING": "ascii"}, {"PYTHONIOENCODING": "latin-1"},
                                 {"LANG": "C", "LC_ALL": "C"}, {"TERM": "dumb"},
                                 {"FORCE_COLOR": "1"}, {"NO_COLOR": "1", "FORCE_COLOR": "1"}])
def test_environments(tmp_path, env):
    for args in (["show", "belgium", "contacts", "-f", "table"], ["hotline", "lithuania"],
                 ["compare", "be", "it", "-f", "markdown"], ["show", "fr", "-f", "json"]):
        r = subprocess.run([str(FIIT), *args], capture_output=True, cwd=tmp_path,
                           env={**os.environ, **env}, timeout=60)
        assert r.returncode == 0, r.stderr
        assert b"Traceback" not in r.stderr
        if "json" in args:
            json.loads(r.stdout)


@pytest.mark.skipif(not FIIT.exists(), reason="fiit is not installed beside python")
def test_piping_into_head_ends_quietly(tmp_path):
    for cmd in ("show italy", "hotline", "compare --all -f table", "search the -n 50"):
        r = subprocess.run(f"'{FIIT}' {cmd} | head -n 2", shell=True, capture_output=True,
                           text=True, cwd=tmp_path, timeout=60)
        assert r.returncode == 0
        assert quiet(r.stderr)
        assert len(r.stdout.splitlines()) == 2


# ---------------------------------------------------------------- hostile data files


@pytest.fixture
def data(tmp_path):
    root = tmp_path / "data"
    shutil.copytree(SHIPPED, root)
    return root


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _with_rich_markup(d):
    _edit(d / "countries/italy.yaml", 'name: "Italy"', 'name: "[red]Italy[/red] :warning:"')


def _with_escape_codes(d):
    _edit(d / "countries/italy.yaml", 'name: "Italy"', 'name: "Italy\\e]8;;http://x\\e\\\\"')


def _very_long(d):
    _edit(d / "countries/italy.yaml", 'name: "Italy"', f'name: "{"Italia" * 5000}"')


HOSTILE = {
    "syntax error": (lambda d: _edit(d / "countries/italy.yaml", 'name: "Italy"',
                                     'name: "Italy'), 1),
    "duplicate key": (lambda d: _edit(d / "countries/italy.yaml", 'name: "Italy"',
                                      'name: "Italy"\nname: "Italia"'), 1),
    "unknown field": (lambda d: _edit(d / "countries/italy.yaml", 'name: "Italy"',
                                      'name: "Italy"\nflag: "🇮🇹"'), 1),
    "python tag": (lambda d: _edit(d / "countries/italy.yaml", 'name: "Italy"',
                                   'name: !!python/object/apply:os.system ["touch PWNED"]'), 1),
    "python name tag": (lambda d: _edit(d / "countries/italy.yaml", 'name: "Italy"',
                                        'name: !!python/name:os.system'), 1),
    "wrong type": (lambda d: _edit(d / "countries/italy.yaml", 'iso2: "IT"', "iso2: 39"), 1),
    "empty file": (lambda d: (d / "countries/italy.yaml").write_text(""), 1),
    "UTF-8 BOM": (lambda d: (d / "countries/italy.yaml").write_bytes(
        b"\xef\xbb\xbf" + (d / "countries/italy.yaml").read_bytes()), 0),
    "Latin-1 bytes": (lambda d: (d / "countries/italy.yaml").write_bytes(
        (d / "countries/italy.yaml").read_bytes().replace(b"Italy", b"It\xe0ly", 1)), 1),
    "tab indentation": (lambda d: _edit(d / "countries/italy.yaml", "\n  source:", "\n\tsource:"),
                        1),
    "NO boolean": (lambda d: _edit(d / "countries/italy.yaml", 'renewable: "yes"',
                                   "renewable: NO"), 1),
    "off boolean": (lambda d: _edit(d / "countries/italy.yaml", 'renewable: "yes"',
                                    "renewable: off"), 1),
    "rich markup": (_with_rich_markup, 0),
    "escape codes": (_with_escape_codes, 0),
    "very long string": (_very_long, 0),
    "anchors bomb": (lambda d: _edit(d / "countries/italy.yaml", 'name: "Italy"',
                                     'name: "Italy"\nx: &a ["lol","lol"]\ny: &b [*a,*a,*a,*a]\n'
                                     'z: &c [*b,*b,*b,*b]'), 1),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_data_files(data, tmp_path, case):
    break_it, expected = HOSTILE[case]
    break_it(data)
    before = snapshot(data)
    for args in (("show", "italy", "-f", "json"), ("show", "italy", "-f", "table"),
                 ("compare", "italy", "france", "-f", "plain"), ("search", "italy"),
                 ("overview", "-f", "json"), ("countries",)):
        r = fiit("--data-dir", str(data), *args, width=100)
        clean(r)
        if args[0] == "show":
            assert r.code == expected, (case, r.stderr)
        if r.code == 1:
            assert "italy.yaml:" in r.stderr, r.stderr  # file:line
        if r.code == 0 and "json" in args:
            json.loads(r.stdout)
        if r.code == 0:
            assert "\x1b" not in r.stdout
    r = fiit("validate", str(data))
    clean(r, codes=(0, 1) if expected == 0 else (1,), report=True)
    assert not (tmp_path / "PWNED").exists() and not Path("PWNED").exists()
    assert snapshot(data) == before  # nothing rewrote the data


@pytest.mark.skipif(not FIIT.exists(), reason="fiit is not installed beside python")
@pytest.mark.parametrize("env", [{"NO_COLOR": "1"}, {"FORCE_COLOR": "1"},
                                 {"NO_COLOR": "1", "FORCE_COLOR": "1"}, {"TERM": "dumb"}])
def test_colour_variables_on_a_pseudo_terminal(tmp_path, env):
    code, out = on_pty("compare", "fr", "hu", "-s", "legal", "--no-pager", env=env, cwd=tmp_path)
    assert code == 0
    assert "Traceback" not in out
    if "NO_COLOR" in env or env.get("TERM") == "dumb":
        assert not COLOUR.search(out)
    else:
        assert COLOUR.search(out)


def quiet(stderr: str) -> bool:
    """Nothing on stderr but where the data comes from (plain output puts that there)."""
    return all(line.startswith(("Source:", "Data as published", "≠ the countries differ"))
               for line in stderr.splitlines())
