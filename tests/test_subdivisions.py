"""A profile of part of a country: `iso2` holds an ISO 3166-2 subdivision code (GB-SCT).

The schema takes the country's alpha-2 code or a subdivision code, nothing else; the code is
a name like any other (`fiit show gb-sct`), unique across profiles (FIIT021); the hotline
annex keeps alpha-2 codes only.
"""

from __future__ import annotations

import csv
import json
import shutil

import pytest

from fiit_cli.loader import shipped_data_dir
from tests.helpers import fiit


def _replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _profile(countries, stem, name, code, aliases, like="united-kingdom"):
    """A profile (the body of a shipped one) under a new head."""
    body = (countries / f"{like}.yaml").read_text(encoding="utf-8").split("\npermits:", 1)[1]
    head = f'id: "{stem}"\nname: "{name}"\niso2: "{code}"\naliases: {json.dumps(aliases)}\n'
    (countries / f"{stem}.yaml").write_text(head + "\npermits:" + body, encoding="utf-8")


@pytest.fixture
def data(tmp_path):
    """The shipped data and a profile of Scotland (iso2 GB-SCT, also known as Alba)."""
    root = tmp_path / "data"
    shutil.copytree(shipped_data_dir(), root)
    _profile(root / "countries", "scotland", "Scotland", "GB-SCT", ["Alba"])
    return root


def _problems(root):
    r = fiit("validate", str(root), "-f", "json")
    return r.code, r.json()


def test_a_directory_with_a_subdivision_profile_validates(data):
    r = fiit("validate", str(data))
    assert (r.code, r.stdout) == (0, ""), r.stdout
    assert "ok:" in r.stderr


@pytest.mark.parametrize("code", ["FR-IDF", "FR-75C", "FR-1", "FR"])
def test_the_schema_takes_an_alpha2_or_a_subdivision_code(data, code):
    _replace(data / "countries/france.yaml", 'iso2: "FR"', f'iso2: "{code}"')
    assert _problems(data) == (0, [])


@pytest.mark.parametrize("code", ["gb-sct", "GBR", "GB-", "GB-ABCD", "G-SCT", "GB_SCT",
                                  "GB-sct", "GB-SC T", "GB--S", "-SCT", ""])
def test_the_schema_rejects_anything_else(data, code):
    _replace(data / "countries/scotland.yaml", 'iso2: "GB-SCT"', f'iso2: "{code}"')
    r = fiit("validate", str(data))
    assert r.code == 1
    assert r.stdout.startswith(f"{data}/countries/scotland.yaml:3:1: FIIT012 iso2: "), r.stdout
    assert r.stdout.count("\n") == 1
    assert [(p["file"], p["line"], p["code"], p["field"]) for p in _problems(data)[1]] == [
        (f"{data}/countries/scotland.yaml", 3, "FIIT012", "iso2")]


def test_the_hotline_annex_keeps_alpha2_codes(data):
    _replace(data / "hotlines.yaml", 'iso2: "GB"', 'iso2: "GB-SCT"')
    code, problems = _problems(data)
    assert code == 1
    assert [(p["code"], p["field"]) for p in problems] == [("FIIT012", "countries.25.iso2")]
    assert problems[0]["file"] == f"{data}/hotlines.yaml"


def test_a_subdivision_code_used_twice_is_fiit021(data):
    _profile(data / "countries", "wales", "Wales", "GB-SCT", ["Cymru"])
    r = fiit("validate", str(data))
    assert r.code == 1
    assert r.stdout == (f"{data}/countries/wales.yaml:3:1: FIIT021 iso2: 'GB-SCT' also names "
                        "'scotland' (scotland.yaml)\n")


def test_a_subdivision_code_is_not_its_countrys_code(data):
    """GB-SCT beside GB (the UK's own profile) is no clash."""
    assert fiit("validate", str(data)).code == 0
    _profile(data / "countries", "wales", "Wales", "GB-WLS", ["gb sct"])  # an alias can clash
    code, problems = _problems(data)
    assert code == 1 and [(p["code"], p["field"]) for p in problems] == [
        ("FIIT021", "aliases.0")]


@pytest.mark.parametrize("cache", [{}, {"FIIT_NO_CACHE": "1"}], ids=["names index", "plain"])
@pytest.mark.parametrize("name", ["gb-sct", "GB-SCT", "GB SCT", "gb_sct"])
def test_show_finds_a_profile_by_its_subdivision_code(data, cache, name):
    for _ in range(2):  # the first run builds the names index, the second reads it
        r = fiit("--data-dir", str(data), "show", name, "permits", "-f", "json", env=cache)
        assert r.code == 0, r.stderr
        assert (r.json()["id"], r.json()["iso2"]) == ("scotland", "GB-SCT")
        assert r.stderr == ""


def test_the_code_is_a_name_even_when_the_file_is_named_otherwise(data):
    shutil.move(data / "countries/scotland.yaml", data / "countries/alba.yaml")
    _replace(data / "countries/alba.yaml", 'id: "scotland"', 'id: "alba"')
    for cache in ({}, {"FIIT_NO_CACHE": "1"}):
        r = fiit("--data-dir", str(data), "show", "gb-sct", "-f", "json", env=cache)
        assert r.code == 0, r.stderr
        assert r.json()["id"] == "alba"


def test_countries_lists_the_code(data):
    r = fiit("--data-dir", str(data), "countries", "-f", "json")
    assert r.code == 0, r.stderr
    rows = {c["id"]: c["iso2"] for c in r.json()}
    assert rows["scotland"] == "GB-SCT" and rows["united-kingdom"] == "GB"
    plain = fiit("--data-dir", str(data), "countries").stdout
    assert "GB-SCT" in plain


@pytest.mark.parametrize("name", ["Scotland", "scotland", "Alba"])
def test_a_nation_with_its_own_profile_answers_as_itself(data, name):
    """No 'answers as the United Kingdom' notice for a nation that has a profile."""
    r = fiit("--data-dir", str(data), "show", name, "permits", "-f", "json")
    assert r.code == 0, r.stderr
    assert r.json()["id"] == "scotland"
    assert "answers as" not in r.stderr


@pytest.mark.parametrize("name", ["England", "Wales", "Cymru", "GB", "uk"])
def test_the_other_nations_still_answer_as_the_united_kingdom(data, name):
    r = fiit("--data-dir", str(data), "show", name, "permits", "-f", "json")
    assert r.code == 0, r.stderr
    assert r.json()["id"] == "united-kingdom"
    said = r.stderr.count("answers as the United Kingdom (united-kingdom)")
    assert said == (name in ("England", "Wales", "Cymru"))


def test_exports_carry_the_code(data, tmp_path):
    r = fiit("--data-dir", str(data), "export", "datapackage", str(tmp_path / "pkg"))
    assert r.code == 0, r.stderr
    with (tmp_path / "pkg" / "countries.csv").open(encoding="utf-8") as fh:
        codes = {row["id"]: row["iso2"] for row in csv.DictReader(fh)}
    assert codes["scotland"] == "GB-SCT"
    from frictionless import validate

    report = validate(str(tmp_path / "pkg" / "datapackage.json"))
    assert [e.message for t in report.tasks for e in t.errors] == []
