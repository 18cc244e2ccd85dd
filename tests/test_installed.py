"""Run the installed `fiit` in a subprocess, from outside the repository."""

import json
import os
import subprocess
import sys

import pytest

from tests.helpers import FIIT

pytestmark = pytest.mark.skipif(not FIIT.exists(), reason="fiit is not installed beside python")


def run(*args, **kw):
    env = dict(os.environ, NO_COLOR="1", COLUMNS="100")
    return subprocess.run([str(FIIT), *args], capture_output=True, text=True, env=env,
                          timeout=60, **kw)


def test_show_france_permits_from_another_directory(tmp_path):
    r = run("show", "france", "permits", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "30 days non renewable" in r.stdout
    assert "Data as published in 2013" in r.stderr  # piped: the data on stdout, its age on stderr


def test_json_parses(tmp_path):
    r = run("show", "uk", "contacts", "--format", "json", cwd=tmp_path)
    assert r.returncode == 0
    assert json.loads(r.stdout)["contacts"]["groups"]


def test_unknown_country_exit_2(tmp_path):
    r = run("show", "atlantis", cwd=tmp_path)
    assert r.returncode == 2
    assert r.stderr.startswith("fiit: unknown country 'atlantis'")
    assert "Traceback" not in r.stderr


def test_python_dash_m(tmp_path):
    r = subprocess.run([sys.executable, "-m", "fiit_cli", "--version"], capture_output=True,
                       text=True, cwd=tmp_path)
    assert r.returncode == 0 and r.stdout.startswith("fiit ")


def test_piping_into_head_ends_quietly(tmp_path):
    r = subprocess.run(f"'{FIIT}' show france | head -n 3", shell=True, capture_output=True,
                       text=True, cwd=tmp_path, env=dict(os.environ, NO_COLOR="1"))
    assert r.returncode == 0
    assert len(r.stdout.splitlines()) == 3
    assert quiet(r.stderr)


def test_vcard_file_has_crlf_lines(tmp_path):
    r = subprocess.run([str(FIIT), "hotline", "spain", "--format", "vcard"], capture_output=True,
                       cwd=tmp_path, timeout=60)
    assert r.returncode == 0
    assert r.stdout.startswith(b"BEGIN:VCARD\r\nVERSION:4.0\r\n")
    assert r.stdout.count(b"\n") == r.stdout.count(b"\r\n")


def test_compare_and_hotline_installed(tmp_path):
    r = run("compare", "belgium", "italy", "--section", "accommodation", cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "Belgium" in r.stdout and "Italy" in r.stdout
    r = run("hotline", "cyprus", cwd=tmp_path)
    assert r.returncode == 1
    assert "lists no counter-trafficking hotline for Cyprus" in r.stderr


def test_piped_output_has_no_escape_codes(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    r = subprocess.run([str(FIIT), "show", "belgium", "contacts"], capture_output=True,
                       text=True, cwd=tmp_path, env=env, timeout=60)
    assert r.returncode == 0
    assert "\x1b" not in r.stdout


def quiet(stderr: str) -> bool:
    """Nothing on stderr but where the data comes from (plain output puts that there)."""
    return all(line.startswith(("Source:", "Data as published", "≠ the countries differ"))
               for line in stderr.splitlines())
