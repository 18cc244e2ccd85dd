"""Issue 22, item 10: the smaller failures, each a one-line error or warning now."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from fiit_cli.loader import shipped_data_dir
from tests.helpers import FIIT, TODAY, fiit, installed

RECORDS = (Path(__file__).parent / "fixtures" / "local_france.yaml").read_text(encoding="utf-8")
SHIPPED_ID = "fr-acse-national-line"  # a shipped record's id, reused locally below
DUPLICATE = f'''  - id: "{SHIPPED_ID}"
    country: "france"
    concerns: {{section: "contacts"}}
    kind: "confirmed"
    topic: "phone"
    title: "A copy"
    now: "A copy of a shipped record."
    sources:
      - url: "https://example.org/copy"
        title: "Partner note"
        publisher: "Our NGO"
    checked: "2026-12-01"
'''


def layer(tmp_path: Path, text: str, name: str = "france.yaml") -> dict:
    (tmp_path / "updates").mkdir(exist_ok=True)
    (tmp_path / "updates" / name).write_text(text, encoding="utf-8")
    return {"FIIT_LOCAL_DIR": str(tmp_path)}


def warnings(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("fiit: warning:")]


def test_local_warnings_give_file_and_line(tmp_path):
    env = layer(tmp_path, RECORDS + DUPLICATE)
    line = (RECORDS + DUPLICATE).splitlines().index(f'  - id: "{SHIPPED_ID}"') + 1
    r = fiit("updates", "france", env=env)
    assert r.code == 0
    path = tmp_path / "updates" / "france.yaml"
    assert warnings(r.stderr) == [
        f"fiit: warning: {path}:{line}:5: FIIT024 updates.4.id: id '{SHIPPED_ID}' is already "
        f"used in {shipped_data_dir() / 'updates' / 'france.yaml'}; record left out"]


def test_a_future_local_check_is_a_warning_not_fresh(tmp_path):
    env = layer(tmp_path, RECORDS.replace('checked: "2026-12-01"', 'checked: "2027-05-01"'))
    r = fiit("updates", "france", env=env, width=200)
    assert r.code == 0
    found = warnings(r.stderr)
    assert len(found) == 4 and all("FIIT026" in w and "after today" in w for w in found)
    path = tmp_path / "updates" / "france.yaml"
    assert found[0].startswith(f"fiit: warning: {path}:14:5: FIIT026 updates.0.checked:")
    assert "Checked: 2027-05-01 (check date in the future — check the record)" in r.stdout
    assert "2027-05-01 (checked less than a month ago)" not in r.stdout


def test_an_unreadable_local_file_is_said_and_validate_reports_it(tmp_path):
    # As root a mode-000 file is still readable, so the unreadable file is simulated twice:
    # a folder where the file is expected, and a file whose read is denied (os.access and
    # Path.read_bytes patched to say so, in-process).
    (tmp_path / "updates" / "france.yaml").mkdir(parents=True)
    env = {"FIIT_LOCAL_DIR": str(tmp_path)}
    r = fiit("show", "france", "contacts", env=env)
    assert r.code == 0
    assert warnings(r.stderr) == [f"fiit: warning: {tmp_path / 'updates' / 'france.yaml'}: "
                                  "FIIT004 cannot read: Is a directory; left out"]
    v = fiit("validate", env=env)
    assert v.code == 1 and "FIIT004" in v.stdout + v.stderr
    assert "ok" not in v.stderr.splitlines()[-1]


def test_a_file_that_cannot_be_read_is_said(tmp_path, monkeypatch):
    env = layer(tmp_path, RECORDS, "italy.yaml")
    target = tmp_path / "updates" / "italy.yaml"
    real_access, real_read = os.access, Path.read_bytes

    def access(path, mode, *a, **k):
        return False if Path(path) == target else real_access(path, mode, *a, **k)

    def read_bytes(self):
        if self == target:
            raise PermissionError(13, "Permission denied")
        return real_read(self)

    monkeypatch.setattr(os, "access", access)
    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    r = fiit("show", "italy", "contacts", env=env)
    assert r.code == 0 and "permission denied" in r.stderr.lower()
    assert all(line.startswith("fiit: warning:") for line in r.stderr.splitlines()
               if str(target) in line)
    v = fiit("validate", env=env)
    assert v.code == 1 and str(target) in v.stdout + v.stderr


def test_a_100kb_argument_is_not_echoed_whole():
    r = fiit("show", "a" * 100_000)
    assert r.code == 2 and r.stdout == ""
    assert len(r.stderr) < 400 and r.stderr.count("\n") == 1
    assert "a" * 1000 not in r.stderr
    r = fiit("search", "x" * 100_000, "-c", "b" * 100_000)
    assert r.code == 2 and len(r.stderr) < 400 and r.stderr.count("\n") == 1


def test_a_15000_word_query_is_refused_in_one_line():
    words = [f"word{i}" for i in range(15_000)]
    r = fiit("search", *words)
    assert r.code == 2 and r.stdout == ""
    assert r.stderr == ("fiit: too many words to search for (15,000; at most 50): give the "
                        "few words that matter, e.g. fiit search reflection period\n")
    assert fiit("search", *["permit"] * 50).code == 0  # 50 is allowed


@installed
@pytest.mark.parametrize("args", [
    [b"show", b"\xff\xfe"], [b"show", b"fr\xff"], [b"show", b"france", b"\xff"],
    [b"hotline", b"\xff\xfe"], [b"compare", b"\xff", b"italy"], [b"brief", b"\xff"],
])
def test_non_utf8_argument_bytes_give_one_line(args):
    env = {**os.environ, "FIIT_TODAY": TODAY, "NO_COLOR": "1"}
    r = subprocess.run([os.fsencode(FIIT), *args], capture_output=True, timeout=60, env=env)
    err = r.stderr.decode("utf-8", "replace")
    assert r.returncode == 2, err
    assert "Traceback" not in err and "UnicodeEncodeError" not in err
    assert err.count("\n") == 1 and err.startswith("fiit: unknown ")


@pytest.fixture
def fifo_data(tmp_path) -> tuple[Path, Path]:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs here")
    data = tmp_path / "data"
    shutil.copytree(shipped_data_dir(), data)
    os.mkfifo(data / "countries" / "x.yaml")
    os.mkfifo(data / "updates" / "y.yaml")
    local = tmp_path / "local"
    (local / "updates").mkdir(parents=True)
    os.mkfifo(local / "updates" / "france.yaml")
    return data, local


@installed
@pytest.mark.parametrize("command", [["hotline"], ["hotline", "france"], ["countries"],
                                     ["validate"], ["show", "france"], ["show", "x"],
                                     ["updates"], ["search", "nigerian"], ["overview"]])
def test_a_fifo_in_a_data_dir_never_hangs(fifo_data, command):
    data, local = fifo_data
    env = {**os.environ, "FIIT_TODAY": TODAY, "NO_COLOR": "1", "FIIT_LOCAL_DIR": str(local),
           "FIIT_CACHE_DIR": str(data.parent / "cache")}
    r = subprocess.run([str(FIIT), "--data-dir", str(data), *command, "-f", "plain"][
        : None if command != ["validate"] else -2], capture_output=True, text=True,
        timeout=30, env=env)  # a FIFO read would wait for ever: TimeoutExpired
    assert "Traceback" not in r.stderr
    if command == ["validate"]:
        assert r.returncode == 1
        out = r.stdout + r.stderr
        for p in (data / "countries" / "x.yaml", data / "updates" / "y.yaml",
                  local / "updates" / "france.yaml"):
            assert f"{p}: FIIT004 not a regular file" in out
    elif command == ["show", "x"]:
        assert r.returncode == 2 and r.stderr.startswith("fiit: unknown country 'x'")
    else:
        assert r.returncode == 0, r.stderr
        assert ("not a regular file" in r.stderr) == (command != ["countries"])


@pytest.mark.parametrize("columns", ["0", "-5", "abc", ""])
@pytest.mark.parametrize("args", [["show", "france", "contacts"],  # the fast path
                                  ["compare", "france", "italy", "-s", "legal"]])  # Typer's
def test_a_bad_columns_gives_80(columns, args):
    r = fiit(*args, "-f", "table", env={"COLUMNS": columns})
    assert r.code == 0 and r.stdout.strip()
    widths = {len(line) for line in r.stdout.splitlines() if line.startswith(("╭", "═"))}
    assert widths == {80}


@installed
@pytest.mark.parametrize("columns", ["0", "-5", "abc"])
def test_a_bad_columns_gives_80_installed(columns):
    env = {**os.environ, "COLUMNS": columns, "NO_COLOR": "1", "FIIT_TODAY": TODAY}
    for args in (["show", "france", "contacts"], ["compare", "france", "italy", "-s", "legal"]):
        r = subprocess.run([str(FIIT), *args, "-f", "table"], capture_output=True, text=True,
                           timeout=60, env=env)
        assert r.returncode == 0 and r.stdout.strip(), r.stderr
        widths = {len(line) for line in r.stdout.splitlines() if line.startswith(("╭", "═"))}
        assert widths == {80}
