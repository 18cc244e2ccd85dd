"""Hostile files, odd arguments, damaged caches and many runs at once (issue 22).

Each test names the item of issue 22 it is for. Every record written here is a TEST fixture in
a temporary directory: no real-world fact is invented.
"""

from __future__ import annotations

import shutil

import pytest

from fiit_cli.loader import DataError, read_yaml
from fiit_cli.loader import shipped_data_dir as data_dir
from tests.helpers import fiit


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
