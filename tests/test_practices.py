"""Part II, the successful practices: complete records, list and full views."""

import pytest

from tests.helpers import fiit, table

IDS = ["uk-nrm", "belgium-coordination", "venice-referral", "hungary-programme", "france-acse"]
THEMES = {"uk-nrm": "identification", "belgium-coordination": "coordination",
          "venice-referral": "coordination", "hungary-programme": "victim-centred",
          "france-acse": "victim-centred"}
# The processes the text describes step by step.
WITH_STEPS = ["uk-nrm", "venice-referral", "france-acse"]
# A few key facts per practice, from the source, to find in the JSON record.
TERMS = {
    "uk-nrm": ["competent authority", "reasonable grounds", "45 days", "conclusive decision",
               "UK Human Trafficking Centre"],
    "belgium-coordination": ["1995", "Payoke", "Pag-asa", "Centre for Equal Opportunity"],
    "venice-referral": ["Evaluation and Crisis Unit", "Municipality of Venice", "7 cultural mediators", "Article 18",
                        "6 to 12 months"],
    "hungary-programme": ["OKIT", "HBAid", "MONA", "NANE"],
    "france-acse": ["Ac.Sé", "relocation", "2001"],
}


@pytest.fixture(scope="module")
def records():
    return {p["id"]: p for p in fiit("practices", "--format", "json").json()}


def test_five_practices_in_three_themes(records):
    assert list(records) == IDS
    assert {i: r["theme"] for i, r in records.items()} == THEMES


def test_every_practice_is_complete(records):
    offenders = []
    for i, r in records.items():
        if not r["actors"]:
            offenders.append(f"{i}: no actors")
        if len(r["key_facts"]) < 3:
            offenders.append(f"{i}: fewer than 3 key facts")
        if len(r["summary"]) < 80:
            offenders.append(f"{i}: summary too short")
        if i in WITH_STEPS and len(r["steps"]) < 3:
            offenders.append(f"{i}: the process has no steps")
    assert offenders == []


@pytest.mark.parametrize("pid", IDS)
def test_key_terms(records, pid):
    import json

    text = json.dumps(records[pid], ensure_ascii=False).casefold()
    missing = [t for t in TERMS[pid] if t.casefold() not in text]
    assert missing == []


@pytest.mark.parametrize("pid", IDS)
def test_practice_full_view_numbers_its_steps(records, pid):
    r = table("practice", pid, width=80)
    assert r.code == 0, r.stderr
    assert "Source: IOM, FIIT toolkit (2013), Part II" in r.stdout
    assert "Data as published in 2013" in r.stdout
    assert [line for line in r.stdout.splitlines() if len(line) > 80] == []
    for n, _ in enumerate(records[pid]["steps"], 1):
        assert f"{n}. " in r.stdout


@pytest.mark.parametrize("name, pid", [("italy", "venice-referral"), ("UK", "uk-nrm"),
                                       ("Magyarország", "hungary-programme")])
def test_practice_by_country(name, pid):
    assert fiit("practice", name, "-f", "json").json()["id"] == pid


def test_practice_json_is_the_full_record(records):
    assert fiit("practice", "uk-nrm", "--format", "json").json() == records["uk-nrm"]


def test_practices_filters():
    rows = fiit("practices", "--theme", "coordination", "-f", "json").json()
    assert [r["id"] for r in rows] == ["belgium-coordination", "venice-referral"]
    rows = fiit("practices", "--country", "france", "-f", "json").json()
    assert [r["id"] for r in rows] == ["france-acse"]
    out = table("practices", width=80).stdout
    for pid in IDS:
        assert pid in out


@pytest.mark.parametrize(
    "args, fragment",
    [
        (("practice", "nowhere"), "unknown practice 'nowhere'"),
        (("practices", "--theme", "cordination"), "Did you mean 'coordination'?"),
        (("practices", "--country", "atlantis"), "unknown country 'atlantis'"),
    ],
)
def test_bad_practice_input_exits_2(args, fragment):
    r = fiit(*args)
    assert r.code == 2
    assert fragment in r.stderr
    assert r.stderr.count("\n") == 1
