"""Hostile files, odd arguments, damaged caches and many runs at once (issue 22).

Each test names the item of issue 22 it is for. Every record written here is a TEST fixture in
a temporary directory: no real-world fact is invented.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from fiit_cli.loader import DataError, read_yaml
from fiit_cli.loader import shipped_data_dir as data_dir
from tests.helpers import TODAY, fiit


@pytest.fixture
def data(tmp_path):
    """A writable copy of the shipped data."""
    root = tmp_path / "data"
    shutil.copytree(data_dir(), root)
    return root


@pytest.fixture
def local(tmp_path, monkeypatch):
    root = tmp_path / "local"
    (root / "updates").mkdir(parents=True)
    monkeypatch.setenv("FIIT_LOCAL_DIR", str(root))
    return root


def one_line(text: str) -> bool:
    return len([line for line in text.splitlines() if line.startswith("fiit:")]) >= 1 \
        and "Traceback" not in text


# ---------------------------------------------------------------- item 2: YAML limits


def alias_bomb(levels: int = 9, key: str = "updates") -> str:
    """A few hundred bytes that stand for 9**levels strings once the aliases are expanded."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    prev = "a"
    for n in "bcdefghijk"[:levels - 1]:
        lines.append(f"{n}: &{n} [" + ",".join([f"*{prev}"] * 9) + "]")
        prev = n
    lines.append(f"{key}: *{prev}")
    return "\n".join(lines) + "\n"


def deep(levels: int = 990) -> str:
    return "updates:\n  - " + "[" * levels + "]" * levels + "\n"


@pytest.mark.parametrize("text, words", [(alias_bomb(), "alias"), (deep(), "nested deeper")])
def test_item2_a_hostile_yaml_file_is_refused_not_expanded(tmp_path, text, words):
    path = tmp_path / "france.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as exc:
        read_yaml(path)
    assert words in exc.value.message and exc.value.line is not None
    assert str(exc.value).startswith(f"{path}:{exc.value.line}:")


def test_item2_yaml_limits_leave_ordinary_anchors_and_data_alone(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("a: &s {x: 1}\nb: *s\nc: [*s, *s]\n", encoding="utf-8")
    data, where = read_yaml(path)
    assert data == {"a": {"x": 1}, "b": {"x": 1}, "c": [{"x": 1}, {"x": 1}]}
    assert where.line_for(("c", 1, "x")) == 1 and where.line_for(("b",)) == 2


@pytest.mark.parametrize("text", [alias_bomb(), deep()])
@pytest.mark.parametrize("command", [["show", "france", "permits"], ["validate"],
                                     ["updates", "france"]])
def test_item2_a_hostile_local_file_is_one_warning(local, text, command):
    path = local / "updates" / "france.yaml"
    path.write_text(text, encoding="utf-8")
    r = fiit(*command)
    assert "Traceback" not in r.stderr
    lines = [x for x in (r.stdout + r.stderr).splitlines() if str(path) in x]
    assert len(lines) == 1 and f"{path}:" in lines[0], r.stdout + r.stderr
    assert r.code == (1 if command == ["validate"] else 0), r.stderr


@pytest.mark.parametrize("text", [alias_bomb(key="aliases").replace("a:", "id: france\na:", 1),
                                  deep()])
def test_item2_a_hostile_profile_is_a_data_error(data, text):
    (data / "countries" / "france.yaml").write_text(text, encoding="utf-8")
    for command in (["show", "france", "permits"], ["compare", "france", "italy"], ["validate"]):
        r = fiit("--data-dir", str(data), *command)
        assert r.code == 1, (command, r.stdout, r.stderr)
        assert "Traceback" not in r.stderr and "france.yaml:" in r.stdout + r.stderr


# ---------------------------------------------------------------- item 3: many runs at once

FIIT = Path(sys.executable).parent / "fiit"
installed = pytest.mark.skipif(not FIIT.exists(), reason="fiit is not installed beside python")
SEARCH = ["search", "nigerian", "--all", "-f", "json"]
SHOW = ["show", "italy", "figures", "-f", "json"]


def _env(tmp_path, data, cache) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("FIIT_")}
    env.update({"FIIT_CACHE_DIR": str(cache), "FIIT_DATA_DIR": str(data),
                "FIIT_LOCAL_DIR": "", "FIIT_TODAY": TODAY, "COLUMNS": "80",
                "NO_COLOR": "1", "PYTHONHASHSEED": "0"})
    return env


def _many(commands: list[list[str]], env: dict) -> list[subprocess.CompletedProcess]:
    """Every command at once, each in its own process."""
    procs = [subprocess.Popen([str(FIIT), *c], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE) for c in commands]
    return [subprocess.CompletedProcess(p.args, p.wait(), *p.communicate()) for p in procs]


def _italy_b(data: Path) -> bytes:
    """Italy's profile with Nigeria left out of its countries of origin (a TEST edit)."""
    return (data / "countries" / "italy.yaml").read_bytes().replace(
        b'    - "Nigeria"\n', b'    - "Ghana"\n')


@installed
def test_item3_twenty_runs_at_once_on_an_empty_cache_all_answer_right(tmp_path, data):
    env = _env(tmp_path, data, tmp_path / "cache")
    expected = {tuple(c): subprocess.run([str(FIIT), *c], env={**env, "FIIT_NO_CACHE": "1"},
                                         capture_output=True).stdout for c in (SEARCH, SHOW)}
    assert json.loads(expected[tuple(SEARCH)]) and len(json.loads(expected[tuple(SEARCH)])) == 14
    commands = [SEARCH if i % 4 else SHOW for i in range(20)]
    for run in _many(commands, env):
        assert run.returncode == 0 and b"Traceback" not in run.stderr, run.stderr
        assert run.stdout == expected[tuple(run.args[1:])]
    assert not list((tmp_path / "cache").glob("*.tmp"))  # no partial copy left behind
    for run in _many(commands, env):  # and again, from the indexes the first runs left
        assert run.returncode == 0 and run.stdout == expected[tuple(run.args[1:])], run.stderr


@installed
def test_item3_a_data_file_swapped_under_twenty_runs_gives_one_version_or_the_other(
        tmp_path, data):
    cache = tmp_path / "cache"
    env = _env(tmp_path, data, cache)
    italy = data / "countries" / "italy.yaml"
    versions = [italy.read_bytes(), _italy_b(data)]
    assert versions[0] != versions[1]
    answers: list[dict[tuple, bytes]] = []
    for v in versions:
        italy.write_bytes(v)
        answers.append({tuple(c): subprocess.run([str(FIIT), *c], env=env,  # (now cached)
                                                 capture_output=True).stdout
                        for c in (SEARCH, SHOW)})
    expected = {c: {a[c] for a in answers} for c in answers[0]}
    assert all(len(outputs) == 2 for outputs in expected.values())
    for index in cache.glob("search-*"):
        index.unlink()
    done = threading.Event()

    def swap() -> None:
        n = 0
        while not done.is_set():
            tmp = italy.with_name(f"italy.{n}.tmp")
            tmp.write_bytes(versions[n % 2])
            os.replace(tmp, italy)
            n += 1
            time.sleep(0.005)

    swapper = threading.Thread(target=swap)
    swapper.start()
    try:
        runs = _many([SEARCH if i % 4 else SHOW for i in range(20)], env)
    finally:
        done.set()
        swapper.join()
    for run in runs:
        assert run.returncode == 0 and b"Traceback" not in run.stderr, run.stderr
        assert run.stdout in expected[tuple(run.args[1:])]
    italy.write_bytes(versions[1])  # settled: the index answers for what is there now
    (run,) = _many([SEARCH], env)
    assert run.stdout == answers[1][tuple(SEARCH)]


# ---------------------------------------------------------------- item 4: a damaged cache


def _answers(data: Path) -> tuple[str, str]:
    search = fiit("--data-dir", str(data), *SEARCH)
    show = fiit("--data-dir", str(data), "show", "fr", "permits", "-f", "json")
    assert search.code == 0 and show.code == 0, search.stderr + show.stderr
    return search.stdout, show.stdout


def _flip(path: Path, at: int) -> None:
    raw = bytearray(path.read_bytes())
    if raw:
        raw[at % len(raw)] ^= 0x10
    path.write_bytes(bytes(raw))


DAMAGE = [("emptied", lambda p: p.write_bytes(b"")),
          ("cut in half", lambda p: p.write_bytes(p.read_bytes()[:len(p.read_bytes()) // 2])),
          ("cut by a byte", lambda p: p.write_bytes(p.read_bytes()[:-1])),
          ("longer", lambda p: p.write_bytes(p.read_bytes() + b"x"))] + [
    (f"bit {k}", lambda p, k=k: _flip(p, k * 7919 + (k * p.stat().st_size) // 23))
    for k in range(12)] + [
    (f"{old!r} changed", lambda p, old=old, new=new: p.write_bytes(
        p.read_bytes().replace(old, new)))  # still well-formed where a lookup reads it
    for old, new in ((b"\nfr\t", b"\nfs\t"), (b"Nigeria", b"Nigerib"),
                     (b'"France"', b'"Frbnce"'), (b"italy", b"italz"))]


@pytest.mark.parametrize("what", ["search-*", "names-*.txt", "names-*.fuzzy", "profile-*"])
def test_item4_a_damaged_cache_file_is_never_believed(tmp_path, monkeypatch, data, what):
    """Every file of the cache, emptied, cut or with a bit flipped: the same answers, no
    traceback (the search index and the names index check a CRC-32 of each part they read,
    a record-cache entry its key, length and CRC-32)."""
    monkeypatch.setenv("FIIT_CACHE_DIR", str(tmp_path / "cache"))
    expected = _answers(data)
    typo = fiit("--data-dir", str(data), "show", "itlay")
    for name, damage in DAMAGE:
        files = sorted((tmp_path / "cache").glob(what))
        assert files, what
        for path in files:
            for part in sorted(path.iterdir()) if path.is_dir() else [path]:
                if part.name != "stamp":  # (the index as a folder, before issue 22)
                    damage(part)
        assert _answers(data) == expected, (what, name)
        assert fiit("--data-dir", str(data), "show", "itlay").stderr == typo.stderr
        _answers(data)  # (made again where it was damaged: the next damage is to a whole file)


def test_item4_record_cache_entries_swapped_between_data_dirs_are_not_used(tmp_path,
                                                                           monkeypatch, data):
    monkeypatch.setenv("FIIT_CACHE_DIR", str(tmp_path / "cache"))
    other = tmp_path / "other"
    shutil.copytree(data, other)
    italy = other / "countries" / "italy.yaml"
    italy.write_bytes(italy.read_bytes().replace(b'name: "Italy"', b'name: "Italy (TEST)"', 1))
    assert b"Italy (TEST)" in italy.read_bytes()
    before = {d: fiit("--data-dir", str(d), "show", "italy", "-f", "json").json()["name"]
              for d in (data, other)}
    assert before == {data: "Italy", other: "Italy (TEST)"}
    entries = sorted((tmp_path / "cache").glob("profile-*.json"),
                     key=lambda p: b"Italy (TEST)" in p.read_bytes())
    mine = [p for p in entries if b'"Italy' in p.read_bytes()]
    assert len(mine) == 2
    a, b = (p.read_bytes() for p in mine)
    mine[0].write_bytes(b)
    mine[1].write_bytes(a)
    after = {d: fiit("--data-dir", str(d), "show", "italy", "-f", "json").json()["name"]
             for d in (data, other)}
    assert after == before


def _unusable(tmp_path, how: str) -> Path:
    cache = tmp_path / "cache"
    if how == "a file":
        cache.write_text("not a directory")
    elif how == "under a file":
        (tmp_path / "file").write_text("x")
        cache = tmp_path / "file" / "cache"
    else:
        cache.mkdir()
        cache.chmod(0o500 if how == "read-only" else 0)
    return cache


@pytest.mark.parametrize("how", ["a file", "under a file", "read-only", "unreadable"])
def test_item4_an_unusable_cache_directory_is_ignored_silently(tmp_path, monkeypatch, data,
                                                               how):
    if how in ("read-only", "unreadable") and os.geteuid() == 0:
        pytest.skip("root reads and writes whatever the mode says")
    expected = _answers(data)
    cache = _unusable(tmp_path, how)
    monkeypatch.setenv("FIIT_CACHE_DIR", str(cache))
    try:
        for _ in range(2):
            assert _answers(data) == expected
            r = fiit("--data-dir", str(data), "show", "itlay")
            assert r.code == 2 and "Traceback" not in r.stderr and "italy" in r.stderr
            assert fiit("--data-dir", str(data), "search", "nigerian").stderr.count("fiit:") == 0
    finally:
        if cache.is_dir():
            cache.chmod(0o700)


@installed
@pytest.mark.parametrize("how", ["a file", "under a file"])
def test_item4_an_unusable_cache_directory_is_ignored_by_the_installed_command(tmp_path,
                                                                               data, how):
    env = _env(tmp_path, data, _unusable(tmp_path, how))
    for c in (SEARCH, SHOW, ["show", "fr"], ["search", "minors"]):
        run = subprocess.run([str(FIIT), *c], env=env, capture_output=True)
        assert run.returncode == 0 and b"Traceback" not in run.stderr, run.stderr
        assert not [x for x in run.stderr.splitlines() if x.startswith(b"fiit:")]


# ---------------------------------------------------------------- item 5: nothing raw to a screen

HOSTILE = "x\x1b]0;pwned\x07y\x1b[31mz\x9b2J"  # sets the window title, colours, clears
BIDI = "1234\u202e567 080"  # shows as "080 765 4321"
RAW = ("\x1b", "\x07", "\x9b", "\u202e", "\u2066")


def _hostile_doc():
    from fiit_cli.doc import Block, Document, Entity, Field, Link, Phone, Section, Text

    org = Entity(f"Org {HOSTILE}", [
        Field("Tel", [Phone(BIDI, "+33 1 23 45 67 89", "+33123456789", None)]),
        Field("Email", [Link(f"a@b.c{HOSTILE}",
                             "mailto:a@b.c\x1b]8;;https://evil.example\x1b\\")]),
        Field("Web", [Link("www.example.org", "https://example.org/\x1b]0;title\x07")])])
    block = Block(f"Block {HOSTILE}", [Field(f"Label {HOSTILE}", [Text(f"{BIDI} {HOSTILE}")]),
                                        org])
    return Document([Section(f"Title \u2067{HOSTILE}", [block], source=f"Source {BIDI}")])


def _written(fmt: str, width: int = 100) -> str:
    from fiit_cli.settings import Env
    from fiit_cli.writers import emit

    out, err = io.StringIO(), io.StringIO()
    env = Env(color=True, pager=False, stdout_isatty=False, width=width, stdout=out, stderr=err)
    emit(_hostile_doc(), fmt, env)
    return out.getvalue() + err.getvalue()


@pytest.mark.parametrize("fmt", ["plain", "html", "markdown", "json"])
@pytest.mark.parametrize("width", [100, 40])
def test_item5_no_control_or_bidi_character_reaches_the_output(fmt, width):
    text = _written(fmt, width)
    assert not [c for c in RAW if c in text], fmt
    assert "pwned" in text or fmt == "json"  # shown, made visible, not dropped


@pytest.mark.parametrize("width", [100, 40])  # a table, and the stacked layout
def test_item5_table_link_targets_and_texts_pass_the_sanitiser(width):
    """With hyperlinks on (a terminal), a link's target is the one place an escape code could
    still end the link and start another or set the title: it is escaped too."""
    from rich.console import Console

    from fiit_cli.writers import table

    out = io.StringIO()
    console = Console(file=out, width=width, force_terminal=True, color_system="truecolor",
                      highlight=False, emoji=False, markup=False)
    table._print(console, table.renderables(_hostile_doc(), width))
    text = out.getvalue()
    assert "\x1b]8;" in text  # links are on
    for c in ("\x07", "\x9b", "\u202e", "\u2067"):
        assert c not in text
    assert "\x1b]0;" not in text and "\x1b[31m" not in text
    assert "evil.example\x1b" not in text
    for seq in re.findall(r"\x1b\]8;[^\x1b]*\x1b\\", text):  # each link: opened and closed
        assert seq.startswith("\x1b]8;id=") or seq == "\x1b]8;;\x1b\\", repr(seq)


def test_item5_a_local_record_cannot_write_to_the_terminal(local):
    (local / "updates" / "france.yaml").write_text(
        'updates:\n  - id: "test-fr-bidi"\n    country: "france"\n'
        '    concerns: {section: "contacts"}\n    kind: "new"\n    topic: "phone"\n'
        '    title: "TEST \\e]0;pwned\\a title"\n'
        f'    now: "TEST call {BIDI}"\n'
        f'    phones: ["{BIDI}"]\n'
        '    sources:\n      - url: "https://example.org/test"\n'
        '        title: "Test \\e[2J page"\n        publisher: "Example"\n'
        '    checked: "2026-01-15"\n', encoding="utf-8")
    for fmt in ("plain", "table", "html", "json", "markdown", "yaml"):
        r = fiit("updates", "france", "-f", fmt, width=100)
        assert r.code == 0, r.stderr
        assert "TEST" in r.stdout
        text = r.stdout + r.stderr
        assert not [c for c in RAW if c in text], fmt


def test_item5_file_names_and_keys_in_warnings_cannot_forge_a_line(local):
    (local / "updates" / "x\nfiit: ok.yaml").write_text("updates: 5\n", encoding="utf-8")
    (local / "updates" / "italy.yaml").write_text(
        'updates:\n  - id: "test-it"\n    "\\e[8mhidden\\nfiit: ok": 1\n', encoding="utf-8")
    for command in (["show", "italy", "permits"], ["updates"], ["validate"]):
        r = fiit(*command)
        assert "Traceback" not in r.stderr
        lines = (r.stdout if command == ["validate"] else "").splitlines() + \
            r.stderr.splitlines()
        assert not [x for x in lines if x.startswith("fiit: ok")], lines
        assert "\x1b" not in r.stdout + r.stderr
        assert command[0] == "show" or any("x fiit: ok.yaml" in x for x in lines), lines
        assert command[0] != "validate" or any("[8mhidden" in x for x in lines), lines
