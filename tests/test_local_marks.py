"""A local record is marked "local" wherever a record appears (issue 22, item 8).

An organisation's own record ($FIIT_LOCAL_DIR/updates/*.yaml) must never read as fiit's
sourced one: compare's and overview's since-2013 marks, search hits, brief, find, hotline,
show, and in JSON every status (``since_2013`` string or object) says so.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers import fiit

LOCAL = "local record"
# Four local records for France: two changed values, a new line, a changed annex hotline.
RECORDS = (Path(__file__).parent / "fixtures" / "local_france.yaml").read_text(encoding="utf-8")


@pytest.fixture
def local(tmp_path) -> dict:
    (tmp_path / "updates").mkdir()
    (tmp_path / "updates" / "france.yaml").write_text(RECORDS, encoding="utf-8")
    return {"FIIT_LOCAL_DIR": str(tmp_path)}


def lines(out: str, *words: str) -> list[str]:
    return [line for line in out.splitlines() if all(w in line for w in words)]


def test_compare_marks_a_local_change(local):
    out = fiit("compare", "france", "italy", "-s", "accommodation", "-f", "plain",
               env=local, width=300).stdout
    assert lines(out, "Minors", "France: no (since 2013: yes (checked 2026-12-01; local record")
    data = fiit("compare", "france", "italy", "-s", "accommodation", "-f", "json",
                env=local).json()
    marks = [v["since_2013"] for s in data["sections"] for r in s["rows"]
             for v in r["values"].values() if "since_2013" in v]
    assert marks and all(LOCAL in m for m in marks)
    # a shipped record's mark does not say local
    shipped = fiit("compare", "france", "italy", "-s", "challenges", "-f", "json").json()
    marks = [v["since_2013"] for s in shipped["sections"] for r in s["rows"]
             for v in r["values"].values() if "since_2013" in v]
    assert marks and not any(LOCAL in m for m in marks)


def test_overview_marks_a_local_change(local):
    out = fiit("overview", "-f", "plain", env=local, width=300).stdout
    assert lines(out, "minors accepted", "France: no (since 2013: yes", LOCAL)
    assert not lines(out, "Italy", LOCAL)  # Italy's marks are fiit's own records
    data = fiit("overview", "-f", "json", env=local).json()
    row = next(r for s in data["sections"] for r in s["rows"] if "minors" in r["label"])
    assert LOCAL in row["values"]["france"]["since_2013"]


def test_search_hits_in_a_local_record_say_local(local):
    r = fiit("search", "wombatword", "-f", "json", env=local)
    assert r.code == 0, r.stderr
    hit = r.json()[0]
    assert hit["kind"] == "update" and LOCAL in hit["location"] and LOCAL in hit["area"]
    assert LOCAL in fiit("search", "wombatword", "-f", "plain", env=local).stdout
    shipped = fiit("search", "myria", "-k", "update", "-f", "json", env=local).json()
    assert shipped and not any(LOCAL in h["location"] for h in shipped)


def test_find_marks_a_local_status(local):
    out = fiit("find", "legal", "-c", "france", "-f", "plain", env=local, width=300).stdout
    assert lines(out, "Free of charge", "now no: changed (Our NGO; checked 2026-12-01; "
                 "local record)")
    data = fiit("find", "legal", "-c", "france", "-f", "json", env=local).stdout
    assert "now no: changed (Our NGO; checked 2026-12-01; local record)" in data


def test_brief_marks_local_lines_and_statuses(local):
    out = fiit("brief", "france", "-f", "plain", env=local, width=300).stdout
    assert lines(out, "+33 1 44 55 66 77", "current, checked 2026-12-01; local record")
    assert lines(out, "Since 2013: new (Our NGO; checked 2026-12-01; local record)")
    assert lines(out, "Free of charge", "now no: changed", LOCAL)
    data = fiit("brief", "france", "-f", "json", env=local).json()
    mine = [r for r in data["since_2013"] if r["id"].startswith("fr-local")]
    assert len(mine) == 4 and all(r["origin"] == "local" for r in mine)


def test_hotline_marks_a_local_line_and_status(local):
    out = fiit("hotline", "france", "-f", "plain", env=local, width=300).stdout
    assert lines(out, "Since 2013: changed (Our NGO; checked 2026-12-01; local record)")
    assert lines(out, "+33 1 00 00 00 01", "local record")
    assert lines(out, "Since 2013: new line (Our NGO; checked 2026-12-01; local record)")
    data = fiit("hotline", "france", "-f", "json", env=local).json()
    origins = {r["id"]: r["origin"] for c in data for r in c["since_2013"]}
    assert origins["fr-local-acse"] == "local" and origins["fr-acse-national-line"] != "local"
    every = fiit("hotline", "-f", "plain", env=local, width=300).stdout
    assert lines(every, "France", "since 2013 (changed, checked 2026-12-01; local record)")
    assert lines(every, "France", "since 2013 (new, checked 2026-12-01; local record)")
    cards = fiit("hotline", "france", "-f", "vcard", env=local).stdout
    assert "local record" in cards


def test_show_marks_a_local_value(tmp_path):
    # show marks the three challenges flags in place; a local record says so there too
    (tmp_path / "updates").mkdir()
    (tmp_path / "updates" / "italy.yaml").write_text(
        RECORDS.replace('"france"', '"italy"').replace("fr-local", "it-local").replace(
            "legal.free_of_charge", "challenges.national_rapporteur").replace(
            'value: "no"', 'value: "yes"'), encoding="utf-8")
    env = {"FIIT_LOCAL_DIR": str(tmp_path)}
    out = fiit("show", "italy", "challenges", "-f", "plain", env=env, width=300).stdout
    assert lines(out, "since 2013: yes (changed; checked 2026-12-01; local record)")
    assert lines(out, "National action plan › since 2013: yes (changed; checked 2026-12-07)")


def test_the_status_object_carries_the_origin():
    from fiit_cli.answers import status
    from fiit_cli.records import Record

    def rec(origin: str) -> Record:
        return Record({"id": "x", "country": "fr", "concerns": {"hotline": "L"},
                       "kind": "confirmed", "title": "t", "checked": "2026-01-01",
                       "phones": [], "value": None, "origin": origin,
                       "sources": [{"url": "https://example.org", "publisher": "P"}]})

    st = status([rec("local")], "fr", hotline="L")
    assert st.local and st.data()["origin"] == "local" and st.label().endswith("; local record)")
    st = status([rec("toolkit-update")], "fr", hotline="L")
    assert not st.local and "local" not in st.label()
    assert json.dumps(st.data())
