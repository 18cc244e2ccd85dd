"""The loader, the record cache and records, as a caller meets them: exact messages with
line and column, errors outside `fiit validate`, and a cache that is really read."""

from __future__ import annotations

import json
import os
import shutil
import zlib
from pathlib import Path

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from fiit_cli import cache, loader
from fiit_cli.loader import (
    DataError,
    Located,
    load_hotlines,
    load_practices,
    load_profile,
    problems,
    read_bytes,
    read_yaml,
    shipped_data_dir,
    validate,
)
from fiit_cli.records import Record, wrap
from tests.helpers import fiit

P = Path("x.yaml")


@pytest.fixture
def data(tmp_path):
    root = tmp_path / "data"
    shutil.copytree(shipped_data_dir(), root)
    return root


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    d = tmp_path / "cache"
    monkeypatch.setenv("FIIT_CACHE_DIR", str(d))
    monkeypatch.delenv("FIIT_NO_CACHE", raising=False)
    return d


# ---------------------------------------------------------------- DataError


def test_data_error_reads_file_line_column_code_field_message():
    assert str(DataError("a.yaml", 3, "permits.page", "bad", "FIIT012", 7)) == \
        "a.yaml:3:7: FIIT012 permits.page: bad"
    assert str(DataError("a.yaml", 3, None, "bad", "FIIT001")) == "a.yaml:3: FIIT001 bad"
    assert str(DataError(Path("a.yaml"), None, None, "file not found", "FIIT022", 4)) == \
        "a.yaml: FIIT022 file not found"  # a column without a line says nothing
    e = DataError("a.yaml", 1, "id", "m", "FIIT014", 2)
    assert (e.path, e.line, e.field, e.message, e.code, e.column) == \
        ("a.yaml", 1, "id", "m", "FIIT014", 2)
    assert e.args == ("a.yaml:1:2: FIIT014 id: m",)


# ---------------------------------------------------------------- data directory


def test_data_dir_order(monkeypatch, tmp_path):
    monkeypatch.delenv("FIIT_DATA_DIR", raising=False)
    assert loader.data_dir() == shipped_data_dir()
    assert (shipped_data_dir() / "hotlines.yaml").is_file()
    monkeypatch.setenv("FIIT_DATA_DIR", str(tmp_path))
    assert loader.data_dir() == tmp_path
    assert loader.data_dir(tmp_path / "x") == tmp_path / "x"  # the run's --data-dir first
    monkeypatch.setenv("FIIT_DATA_DIR", str(tmp_path / "missing"))
    with pytest.raises(DataError) as exc:
        loader.data_dir()
    assert str(exc.value) == f"{tmp_path / 'missing'}: FIIT022 FIIT_DATA_DIR is not a directory"
    monkeypatch.setenv("FIIT_DATA_DIR", "")
    assert loader.data_dir() == shipped_data_dir()


# ---------------------------------------------------------------- YAML


@pytest.mark.parametrize("raw, message", [
    (b"a: 1\nb: \xff\xfe\n", "x.yaml:2:4: FIIT004 not valid UTF-8"),
    (b"\xffa: 1\n", "x.yaml:1:1: FIIT004 not valid UTF-8"),
    (b"\n\xff", "x.yaml:2:1: FIIT004 not valid UTF-8"),
    (b"a\nb\nc: \xff", "x.yaml:3:4: FIIT004 not valid UTF-8"),
    (b"a: \x01\n", "x.yaml: FIIT001 invalid YAML: unacceptable character #x0001: control "
                   "characters are not allowed\n  in \"<unicode string>\", position 3"),
    (b"", "x.yaml:1: FIIT005 empty file"),
    (b"# only a comment\n", "x.yaml:1: FIIT005 empty file"),
    (b"a: 1\nb:\n  c: 2\n  c: 3\n", "x.yaml:4:3: FIIT002 duplicate key 'c' (first at line 3)"),
    (b"a: !!python/object/apply:os.system [ls]\n",
     "x.yaml:1:4: FIIT003 unsupported YAML tag "
     "('tag:yaml.org,2002:python/object/apply:os.system'); tags are never run"),
    (b"a: [1, 2\nb: 3\n", "x.yaml:2:2: FIIT001 did not find expected ',' or ']'"),
    (b"a:\n\t- 1\n", "x.yaml:2:1: FIIT001 found character that cannot start any token"),
    (b"a: 1\n---\nb: 2\n", "x.yaml:2:1: FIIT001 but found another document"),
])
def test_yaml_errors_say_where_and_what(raw, message):
    with pytest.raises(DataError) as exc:
        read_yaml(P, raw)
    assert str(exc.value) == message


def test_yaml_lines_and_columns_of_every_key_and_item():
    data, where = read_yaml(P, "\ufeffa: 1\nb:\n  - x\n  -  c: 2\n     d: [3]\n".encode())
    assert data == {"a": 1, "b": ["x", {"c": 2, "d": [3]}]}
    assert where.lines == {(): 1, ("a",): 1, ("b",): 2, ("b", 0): 3, ("b", 1): 4,
                           ("b", 1, "c"): 4, ("b", 1, "d"): 5, ("b", 1, "d", 0): 5}
    assert where.columns == {(): 1, ("a",): 1, ("b",): 1, ("b", 0): 5, ("b", 1): 6,
                             ("b", 1, "c"): 6, ("b", 1, "d"): 6, ("b", 1, "d", 0): 10}


def test_read_yaml_reads_the_file_when_given_no_bytes(tmp_path):
    path = tmp_path / "y.yaml"
    path.write_text("k: v\n", encoding="utf-8")
    assert read_yaml(path)[0] == {"k": "v"}
    with pytest.raises(DataError) as exc:
        read_yaml(tmp_path / "none.yaml")
    assert str(exc.value) == f"{tmp_path / 'none.yaml'}: FIIT022 file not found"


def test_unreadable_file(tmp_path):
    with pytest.raises(DataError) as exc:
        read_bytes(tmp_path)  # a directory where a file should be
    assert str(exc.value) == f"{tmp_path}: FIIT004 cannot read: Is a directory"


def test_located_falls_back_to_the_nearest_parent():
    where = Located({(): 1, ("a",): 2, ("a", 0): 3}, {(): 1, ("a",): 1, ("a", 0): 5})
    assert where.position(("a", 0, "b", "c")) == (3, 5)
    assert where.position(("z",)) == (1, 1)
    assert where.line_for(("a",)) == 2
    assert Located({("a",): 4}).position(("a", "x")) == (4, None)
    assert Located({}).position(("q",)) == (None, None)


def test_an_impossible_unquoted_date_is_a_data_error_not_a_traceback():
    with pytest.raises(DataError) as exc:
        read_yaml(P, b"name: x\nchecked: 2020-02-30\n")
    assert exc.value.line == 2 and exc.value.column == 10 and exc.value.code == "FIIT001"
    assert "quote it" in exc.value.message


@pytest.mark.parametrize("before", [b"a: [1, {b: 2}]\n", b"a: 2020-01-01\n",
                                    b"a: 2020-01-01 10:00:00\n", b"a: [2020-01-01]\n"])
def test_the_impossible_date_is_located_after_lists_and_good_dates(before):
    with pytest.raises(DataError) as exc:
        read_yaml(P, before + b"checked: 2020-02-30\n")
    assert (exc.value.line, exc.value.column) == (2, 10)
    assert str(exc.value).startswith("x.yaml:2:10: FIIT001 value YAML cannot read: ")
    assert str(exc.value).endswith(" (quote it to keep it as text)")


# ---------------------------------------------------------------- schema errors


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid")
    heading: str
    page: int | None = None


class Doc(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    count: int = 0
    source: Source | None = None
    when: str | None = None

    @field_validator("when")
    @classmethod
    def _date(cls, v):
        if v is not None and v != "2020-01-01":
            raise PydanticCustomError("fiit_date", "date {value} is not a real date",
                                      {"value": v})
        return v


def where_of(text: str) -> Located:
    return read_yaml(P, text.encode())[1]


def test_each_kind_of_schema_error_is_coded_located_and_worded():
    text = ("name: 5\ncount: many" + "!" * 80 + "\ncolour: red\nsource:\n  page: 3\n"
            "when: '2020-02-30'\n")
    data, where = read_yaml(P, text.encode())
    with pytest.raises(ValidationError) as exc:
        Doc.model_validate(data)
    found = {e.field: e for e in problems(exc.value, P, where)}
    assert str(found["name"]) == "x.yaml:1:1: FIIT012 name: Input should be a valid string (got 5)"
    assert str(found["count"]) == ("x.yaml:2:1: FIIT012 count: Input should be a valid integer, "
                                   "unable to parse string as an integer (got 'many"
                                   + "!" * 55 + ")")
    assert str(found["colour"]) == "x.yaml:3:1: FIIT010 colour: unknown field"
    assert str(found["source.heading"]) == ("x.yaml:4:1: FIIT013 source.heading: missing source "
                                            "(every section cites the toolkit: heading, page)")
    assert str(found["when"]) == "x.yaml:6:1: FIIT026 when: date 2020-02-30 is not a real date"


class Coded(BaseModel):
    model_config = ConfigDict(extra="forbid")
    code: str = Field(pattern=r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$")
    other: str = Field(default="a", pattern=r"^a$")


def test_a_pattern_the_schema_knows_is_said_in_words():
    from fiit_cli.models import PATTERN_WORDS, PROFILE_CODE

    data, where = read_yaml(P, b"code: gb-sct\nother: b\n")
    with pytest.raises(ValidationError) as exc:
        Coded.model_validate(data)
    found = {e.field: str(e) for e in problems(exc.value, P, where)}
    assert found["code"] == (f"x.yaml:1:1: FIIT012 code: should be {PATTERN_WORDS[PROFILE_CODE]} "
                             "(got 'gb-sct')")
    assert "two capital letters" in found["code"]
    assert found["other"] == "x.yaml:2:1: FIIT012 other: String should match pattern '^a$' (got 'b')"


def test_every_pattern_of_the_schema_has_its_words():
    import re

    from fiit_cli import models

    source = Path(models.__file__).read_text(encoding="utf-8")
    used = set(re.findall(r"pattern=([A-Z_0-9]+)", source))
    assert used == {name for name, value in vars(models).items()
                    if isinstance(value, str) and value in models.PATTERN_WORDS}
    assert "pattern=r" not in source.replace(" ", "")


def test_a_missing_field_outside_a_source_is_fiit011():
    data, where = read_yaml(P, b"count: 1\n")
    with pytest.raises(ValidationError) as exc:
        Doc.model_validate(data)
    (only,) = problems(exc.value, P, where)
    assert str(only) == "x.yaml:1:1: FIIT011 name: Field required"


def test_the_top_level_is_named_when_the_document_is_not_a_mapping():
    data, where = read_yaml(P, b"- 1\n")
    with pytest.raises(ValidationError) as exc:
        Doc.model_validate(data)
    (only,) = problems(exc.value, P, where)
    assert only.field == "(top level)" and only.code == "FIIT012"


def test_validate_reports_the_first_error_and_how_many_more():
    data, where = read_yaml(P, b"name: ok\ncount: x\n")
    with pytest.raises(DataError) as exc:
        validate(Doc, data, P, where)
    assert str(exc.value).endswith("(got 'x')")
    data, where = read_yaml(P, b"name: ok\ncount: x\ncolour: red\n")
    with pytest.raises(DataError) as exc:
        validate(Doc, data, P, where)
    assert str(exc.value).endswith("(got 'x') (+1 more error; fiit validate)")
    data, where = read_yaml(P, b"name: ok\ncount: x\ncolour: red\nsize: 2\n")
    with pytest.raises(DataError) as exc:
        validate(Doc, data, P, where)
    assert str(exc.value) == ("x.yaml:2:1: FIIT012 count: Input should be a valid integer, "
                              "unable to parse string as an integer (got 'x') "
                              "(+2 more errors; fiit validate)")
    ok = validate(Doc, {"name": "n"}, P, where)
    assert ok == Doc(name="n")


def broken_france(data: Path) -> Path:
    path = data / "countries" / "france.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace('renewable: "no"', "renewable: maybe", 1)
    text = text.replace('      name: "Reflection Period"\n',
                        '      name: "Reflection Period"\n      colour: "red"\n', 1)
    text = text.replace("    page: 18\n", '    page: "eighteen"\n', 1)
    path.write_text(text, encoding="utf-8")
    return path


def test_several_schema_errors_outside_validate(data):
    broken_france(data)
    r = fiit("--data-dir", str(data), "show", "france", "permits")
    assert r.code == 1 and r.stdout == ""
    assert r.stderr == (f"fiit: data error: {data}/countries/france.yaml:9:5: FIIT012 "
                        "permits.source.page: Input should be a valid integer (got 'eighteen') "
                        "(+2 more errors; fiit validate)\n")


@pytest.mark.parametrize("name, command", [("hotlines.yaml", ("hotline", "fr")),
                                           ("practices.yaml", ("practices",))])
def test_a_missing_or_unreadable_annex_file_outside_validate(data, name, command):
    (data / name).unlink()
    r = fiit("--data-dir", str(data), *command)
    assert (r.code, r.stdout) == (1, "")
    assert r.stderr == f"fiit: data error: {data}/{name}: FIIT022 file not found\n"
    (data / name).mkdir()
    r = fiit("--data-dir", str(data), *command)
    assert r.code == 1
    assert r.stderr == f"fiit: data error: {data}/{name}: FIIT004 cannot read: Is a directory\n"


def test_annex_files_load_from_a_root_or_the_data_directory(data, monkeypatch):
    assert load_hotlines(data).countries[0].id == load_hotlines().countries[0].id
    assert load_practices(data).practices[0].id == load_practices().practices[0].id
    monkeypatch.setenv("FIIT_DATA_DIR", str(data))
    (data / "practices.yaml").write_text("practices: []\nnope: 1\n", encoding="utf-8")
    with pytest.raises(DataError) as exc:
        load_practices()
    assert str(exc.value) == (f"{data}/practices.yaml:1:1: FIIT013 source: missing source "
                              "(every section cites the toolkit: heading, page) "
                              "(+2 more errors; fiit validate)")


def test_a_profile_whose_id_is_not_its_file_name(data, cache_dir):
    src = data / "countries" / "france.yaml"
    other = data / "countries" / "francia.yaml"
    shutil.copy(src, other)
    for _ in range(2):  # the first time validated, the second time from the cache
        with pytest.raises(DataError) as exc:
            load_profile(other)
        assert str(exc.value) == (f"{other}:1: FIIT014 id: id 'france' does not match the "
                                  "file name 'francia'")


def test_a_profile_id_error_points_at_the_id_line(data, cache_dir):
    src = data / "countries" / "france.yaml"
    other = data / "countries" / "francia.yaml"
    first, second, rest = src.read_text(encoding="utf-8").split("\n", 2)
    assert first.startswith("id:") and second.startswith("name:")
    other.write_text(f"{second}\n{first}\n{rest}", encoding="utf-8")  # the id second
    for _ in range(2):
        with pytest.raises(DataError) as exc:
            load_profile(other)
        assert (exc.value.line, exc.value.field, exc.value.code) == (2, "id", "FIIT014")


def test_a_yaml_error_in_a_profile_names_the_file(data, cache_dir):
    path = data / "countries" / "france.yaml"
    path.write_text("id: france\nname: [\n", encoding="utf-8")
    with pytest.raises(DataError) as exc:
        load_profile(path)
    assert str(exc.value).startswith(f"{path}:3:1: FIIT001 ")


# ---------------------------------------------------------------- the record cache


def test_the_cache_stores_the_validated_record_and_the_next_load_reads_it(data, cache_dir):
    path = data / "countries" / "italy.yaml"
    first = load_profile(path)
    (entry,) = cache_dir.glob("profile-*.json")
    assert entry.name == f"profile-{entry.stem.split('-', 1)[1]}.json"
    assert len(entry.stem.split("-", 1)[1]) == 40
    head, _, payload = entry.read_bytes().partition(b"\n")
    stored = json.loads(payload)
    assert stored == first.model_dump() and stored["name"] == "Italy"
    assert not list(cache_dir.glob("*.tmp"))
    stored["name"] = "Italy (from the cache)"
    changed = json.dumps(stored).encode()
    entry.write_bytes(head + b"\n" + changed)  # the header's length and CRC no longer hold
    assert load_profile(path).name == "Italy"
    magic, key, _, _ = head.rsplit(b" ", 3)
    entry.write_bytes(b" ".join([magic, key, b"%d" % len(changed),
                                 b"%d" % zlib.crc32(changed)]) + b"\n" + changed)
    assert load_profile(path).name == "Italy (from the cache)"  # the cache is really read


def test_the_cache_keys_kind_and_bytes(cache_dir):
    cache.put("profile", b"one", {"a": 1})
    cache.put("hotlines", b"one", {"b": 2})
    assert cache.get("profile", b"one") == {"a": 1}
    assert cache.get("hotlines", b"one") == {"b": 2}
    assert cache.get("profile", b"two") is None
    assert cache.get("practices", b"one") is None
    cache.put("profile", b"one", {"a": "é"})
    entry, key = cache._entry("profile", b"one")
    payload = '{"a": "é"}'.encode()
    assert entry.read_bytes() == b"fiit record cache 2 " + key + b" %d %d\n" % (
        len(payload), zlib.crc32(payload)) + payload


def test_the_cache_directory_is_made_with_its_parents(tmp_path, monkeypatch):
    monkeypatch.setenv("FIIT_CACHE_DIR", str(tmp_path / "a" / "b" / "fiit"))
    cache.put("profile", b"k", {"a": 1})
    assert cache.get("profile", b"k") == {"a": 1}


def test_a_cache_entry_that_is_not_an_object_is_ignored(cache_dir):
    cache.put("profile", b"k", {"a": 1})
    entry, key = cache._entry("profile", b"k")
    for payload in (b"null", b"[1]"):  # whole, with its key: but not an object
        entry.write_bytes(b"fiit record cache 2 " + key + b" %d %d\n" % (
            len(payload), zlib.crc32(payload)) + payload)
        assert cache.get("profile", b"k") is None


def test_cache_directory(monkeypatch, tmp_path):
    monkeypatch.delenv("FIIT_NO_CACHE", raising=False)
    monkeypatch.delenv("FIIT_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.directory() == tmp_path / "xdg" / "fiit"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.directory() == tmp_path / "home" / ".cache" / "fiit"
    monkeypatch.setenv("FIIT_CACHE_DIR", str(tmp_path / "c"))
    assert cache.directory() == tmp_path / "c"
    monkeypatch.setenv("FIIT_NO_CACHE", "1")
    assert cache.directory() is None and cache._entry("profile", b"x") is None
    cache.put("profile", b"x", {"a": 1})
    assert cache.get("profile", b"x") is None
    assert not (tmp_path / "c").exists()


def test_an_unwritable_cache_is_ignored(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("FIIT_CACHE_DIR", str(blocker / "cache"))
    cache.put("profile", b"x", {"a": 1})  # no error
    assert cache.get("profile", b"x") is None


def test_the_session_cache_is_fresh_and_not_the_users():
    d = Path(os.environ["FIIT_CACHE_DIR"])
    assert d.name.startswith("fiit-test-cache-")
    assert Path.home() / ".cache" / "fiit" != d


# ---------------------------------------------------------------- records


def test_record_reads_like_the_model_it_was_dumped_from():
    r = Record({"a": 1, "b": {"c": [{"d": 2}, 3]}, "e": None})
    assert r.a == 1 and r.e is None
    assert r.b.c[0].d == 2 and r.b.c[1] == 3
    assert r.b is r.b  # wrapped once
    assert r.fields() == ["a", "b", "e"]
    assert r.model_dump() == {"a": 1, "b": {"c": [{"d": 2}, 3]}, "e": None}
    assert r.model_dump(mode="json", include={"a", "e", "z"}) == {"a": 1, "e": None}
    assert repr(r) == "Record(a, b, e)"
    with pytest.raises(AttributeError) as exc:
        r.missing
    assert exc.value.args == ("missing",)
    assert getattr(r, "missing", "default") == "default"


def test_record_equality_and_wrap():
    assert Record({"a": 1}) == Record({"a": 1})
    assert Record({"a": 1}) != Record({"a": 2})
    assert Record({"a": 1}) != {"a": 1}
    assert wrap([{"a": 1}, [2]]) == [Record({"a": 1}), [2]]
    assert wrap("s") == "s"
    dumped = Record({"a": 1}).model_dump()
    dumped["a"] = 2
    assert Record({"a": 1}).model_dump() == {"a": 1}
