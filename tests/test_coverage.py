"""`fiit updates --coverage`, searches that found nothing (searches/), EU-level records
(`applies_to`) shown beside a section of each profile they apply to (issue 20).

The records and searches are TEST fixtures (tests/fixtures/coverage, example.org sources),
copied over the shipped data in a temporary directory: no real-world fact is invented, and
the outputs do not change when the shipped records do.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fiit_cli.loader import shipped_data_dir
from tests.helpers import check_golden, fiit, too_wide

FIXTURE = Path(__file__).parent / "fixtures" / "coverage"
TODAY = {"FIIT_TODAY": "2026-12-07"}


@pytest.fixture
def data(tmp_path):
    """The shipped data with the fixture's records and searches instead of the shipped ones."""
    root = tmp_path / "data"
    shutil.copytree(shipped_data_dir(), root)
    for folder in ("updates", "searches"):
        shutil.rmtree(root / folder, ignore_errors=True)
        shutil.copytree(FIXTURE / folder, root / folder)
    return root


def run(data, *args, width=100):
    r = fiit("--data-dir", str(data), *args, width=width, env=TODAY)
    assert r.code == 0, r.stderr
    return r


def cells(data) -> dict[tuple[str, str], dict]:
    cov = run(data, "updates", "--coverage", "-f", "json").json()
    return {(c["country"], c["section"]): c for c in cov["sections"]}


# ---------------------------------------------------------------- the grid


def test_coverage_json_counts_each_cell(data):
    got = cells(data)
    assert len(got) == 45  # 5 profiles x 9 sections
    assert got[("italy", "permits")] == {
        "country": "italy", "name": "Italy", "section": "permits", "records": 1,
        "eu_records": 0, "newest_checked": "2026-11-25", "searched": None,
        "status": "records", "ids": ["test-it-permit"]}
    # the country's own record and the EU-level one; the newest check of the two
    acc = got[("italy", "accommodation")]
    assert (acc["records"], acc["eu_records"], acc["newest_checked"]) == (1, 1, "2026-11-20")
    assert acc["ids"] == ["test-it-accommodation", "test-eu-shelter-rule"]
    # EU-level only: Belgium is listed in applies_to, France is not
    assert (got[("belgium", "accommodation")]["records"],
            got[("belgium", "accommodation")]["eu_records"]) == (0, 1)
    assert got[("france", "accommodation")]["status"] == "2013 only"
    # a hotline record counts for contacts
    assert got[("italy", "contacts")]["ids"] == ["test-it-hotline"]
    # searched twice, nothing found: the newest search
    assert got[("italy", "language")]["status"] == "searched"
    assert got[("italy", "language")]["searched"] == "2026-11-27"
    assert got[("hungary", "figures")]["status"] == "2013 only"


def test_coverage_json_annex_rows(data):
    cov = run(data, "updates", "--coverage", "-f", "json").json()
    states = {s["country"]: s for s in cov["annex"]}
    assert len(states) == len(run(data, "hotline", "-f", "json").json())
    italy = states["italy"]
    assert [h["service"] for h in italy["hotlines"]] == [
        "National hotline against trafficking", "Municipality of Venice, Social Protection Service"]
    assert [h["records"] for h in italy["hotlines"]] == [1, 0]
    assert italy["current_source"] == "partly" and italy["other_records"] == 2
    assert states["slovakia"]["current_source"] == "no"
    assert states["slovakia"]["searched"] == "2026-11-21"
    assert states["spain"] == {"country": "spain", "name": "Spain", "profile": None,
                               "hotlines": [{"service": "Instituto de la Mujer", "records": 0,
                                             "newest_checked": None, "ids": []}],
                               "current_source": "no", "other_records": 0, "searched": None}


def test_coverage_cell_words(data):
    r = run(data, "updates", "--coverage", "-f", "plain")
    lines = r.stdout.splitlines()
    accommodation = next(x for x in lines if x.startswith("Section: Accommodation;"))
    assert ("Belgium: EU · 2026-11-20; France: 2013 only; Hungary: 2013 only; "
            "Italy: 1 + EU · 2026-11-20;") in accommodation
    language = next(x for x in lines if x.startswith("Section: Language courses;"))
    assert "Italy: searched 2026-11-27, nothing found" in language
    assert any(x.startswith("Annex state: Italy;") and "for 1 of 2 hotlines · 2026-11-28" in x
               and "(2 other records)" in x for x in lines)
    assert any(x.startswith("Annex state: Slovakia;")
               and x.endswith("no; searched 2026-11-21, nothing found") for x in lines)
    assert "2013 only = the toolkit alone" in r.stderr  # the legend, apart from the grid


@pytest.mark.parametrize("width", [60, 100])
def test_coverage_table_golden(data, width):
    r = run(data, "updates", "--coverage", "-f", "table", width=width)
    assert too_wide(r.stdout, width) == []
    check_golden(f"updates_coverage_{width}.txt", r.stdout)


@pytest.mark.parametrize("fmt", ["table", "plain", "json", "yaml", "markdown", "csv", "html"])
def test_coverage_every_format(data, fmt):
    r = run(data, "updates", "--coverage", "-f", fmt)
    assert "2026-11-27" in r.stdout
    assert "Instituto de la Mujer" in r.stdout
    if fmt == "csv":
        head, *rows = r.stdout.splitlines()
        assert head == "kind,country,section,hotline,records,eu_records,newest_checked," \
                       "searched,status"
        assert "section,italy,accommodation,,1,1,2026-11-20,,records" in rows
        assert "section,italy,language,,0,0,,2026-11-27,searched" in rows
        assert "hotline,italy,contacts,National hotline against trafficking,1,0,2026-11-28,," \
               "records" in rows
        assert len([x for x in rows if x.startswith("section,")]) == 45


def test_coverage_of_one_country(data):
    cov = run(data, "updates", "--coverage", "italy", "-f", "json").json()
    assert {c["country"] for c in cov["sections"]} == {"italy"}
    assert [s["country"] for s in cov["annex"]] == ["italy"]
    cov = run(data, "updates", "--coverage", "spain", "-f", "json").json()
    assert cov["sections"] == [] and [s["country"] for s in cov["annex"]] == ["spain"]


def test_coverage_refuses_kind(data):
    r = fiit("--data-dir", str(data), "updates", "--coverage", "--kind", "new")
    assert r.code == 2 and r.stderr.count("\n") == 1 and "--coverage" in r.stderr


def test_coverage_of_the_shipped_data_has_every_cell():
    cov = fiit("updates", "--coverage", "-f", "json").json()
    assert len(cov["sections"]) == 45
    assert all(c["status"] in ("records", "searched", "2013 only") for c in cov["sections"])


# ---------------------------------------------------------------- EU-level records


def test_an_eu_level_record_shows_beside_each_listed_profile(data):
    for country in ("italy", "belgium"):
        r = run(data, "show", country, "accommodation", "-f", "plain")
        assert "TEST EU-level shelter rule (fixture)" in r.stdout
        assert "EU-level" in r.stdout
        data_json = run(data, "show", country, "accommodation", "-f", "json").json()
        assert "test-eu-shelter-rule" in [x["id"] for x in data_json["since_2013"]]
    assert "TEST EU-level" not in run(data, "show", "france", "accommodation").stdout
    assert "TEST EU-level" not in run(data, "show", "italy", "permits").stdout


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_the_eu_level_label_in_every_format(data, fmt):
    r = run(data, "show", "italy", "accommodation", "-f", fmt)
    assert "EU-level" in r.stdout


def test_updates_of_a_country_list_the_eu_records_that_apply_to_it(data):
    ids = [x["id"] for x in run(data, "updates", "italy", "-f", "json").json()]
    assert ids == ["test-eu-shelter-rule", "test-it-accommodation", "test-it-permit",
                   "test-it-hotline"]
    r = run(data, "updates", "belgium", "-f", "plain")
    assert "Applies to: Belgium, Italy (EU-level)" in r.stdout
    assert [x["id"] for x in run(data, "updates", "france", "-f", "json").json()] == []


def test_applies_to_is_validated(data):
    assert fiit("validate", str(data), env=TODAY).code == 0
    eu = data / "updates" / "eu.yaml"
    text = eu.read_text(encoding="utf-8")
    eu.write_text(text.replace('["belgium", "italy"]', '["belgium", "atlantis"]'),
                  encoding="utf-8")
    r = fiit("validate", str(data), env=TODAY)
    assert r.code == 1 and "FIIT023" in r.stdout and "atlantis" in r.stdout
    eu.write_text(text.replace('      section: "accommodation"\n',
                               '      hotline: "x"\n'), encoding="utf-8")
    r = fiit("validate", str(data), env=TODAY)
    assert r.code == 1 and "applies_to needs concerns.section" in r.stdout
    it = data / "updates" / "italy.yaml"
    it.write_text(it.read_text(encoding="utf-8").replace(
        '    checked: "2026-11-28"\n', '    checked: "2026-11-28"\n    applies_to: ["italy"]\n'),
        encoding="utf-8")
    r = fiit("validate", str(data), env=TODAY)
    assert "EU records (country 'eu') only" in r.stdout


# ---------------------------------------------------------------- searches/


def test_searches_are_validated(data):
    path = data / "searches" / "italy.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"2026-11-27"', '"2027-01-01"'), encoding="utf-8")
    r = fiit("validate", str(data), env=TODAY)
    assert r.code == 1 and "FIIT026" in r.stdout and "searches/italy.yaml:" in r.stdout
    path.write_text(text.replace('country: "italy"', 'country: "france"', 1), encoding="utf-8")
    r = fiit("validate", str(data), env=TODAY)
    assert r.code == 1 and "FIIT028" in r.stdout
    r = fiit("--data-dir", str(data), "updates", "--coverage")
    assert r.code == 1 and "FIIT028" in r.stderr and r.stderr.count("\n") == 1
    (data / "searches" / "atlantis.yaml").write_text(
        text.replace('"italy"', '"atlantis"'), encoding="utf-8")
    path.write_text(text.replace('section: "language"', 'section: "lang"', 1)
                    .replace("      - \"https://example.org/test-search-2\"\n", ""),
                    encoding="utf-8")
    r = fiit("validate", str(data), env=TODAY)
    assert "searches.0.section" in r.stdout and "FIIT012" in r.stdout
    assert "searches.1.where" in r.stdout
    assert "no profile 'atlantis'" in r.stdout


def test_no_searches_folder_is_fine(data):
    shutil.rmtree(data / "searches")
    assert cells(data)[("italy", "language")]["status"] == "2013 only"
    assert fiit("validate", str(data), env=TODAY).code == 0


def test_schema_of_searches():
    doc = fiit("schema", "searches").json()
    assert doc["additionalProperties"] is False
    assert set(doc["$defs"]["Search"]["required"]) == {"country", "section", "looked_for",
                                                        "searched", "where", "found"}


def test_shipped_searches_load_and_name_a_country_of_fiit():
    from fiit_cli.loader import load_hotlines
    from fiit_cli.lookup import SECTION_SLUGS
    from fiit_cli.updates import load_searches
    from tests.helpers import COUNTRIES

    known = set(COUNTRIES) | {c.id for c in load_hotlines().countries}
    offenders = [f"{s.country}.{s.section}" for s in load_searches()
                 if s.country not in known or s.section not in SECTION_SLUGS]
    assert offenders == []


def test_exported_rows_carry_applies_to():
    import yaml

    from fiit_cli.export import tables as T

    record = yaml.safe_load((FIXTURE / "updates" / "eu.yaml").read_text(encoding="utf-8"))
    rows = T.update_rows(record["updates"])
    assert rows["updates"][0]["applies_to"] == "belgium italy"
