"""Issue 19 item 5 and data review 2 V-2, in every format of `compare` and `overview`.

A text fact a since-2013 record changes keeps its 2013 value and carries the mark the
resolver gives (``fiit_cli.answers.change``); a contents-page blurb carries its label and
caveat, as `find` and `brief` do.
"""

from __future__ import annotations

import csv
import io

import pytest

from fiit_cli.answers import change
from tests.helpers import fiit

FORMATS = ("table", "plain", "json", "markdown", "csv", "html")
FR_STAGE = "changed (Ministère de l'Intérieur; checked 2026-11-29; fiit updates france)"
HU_STAY = "changed (Ministry of Interior of Hungary; checked 2026-12-07; fiit updates hungary)"


def _all(*args: str) -> dict[str, str]:
    out = {}
    for fmt in FORMATS:
        r = fiit(*args, "-f", fmt, width=3000 if fmt == "table" else 200)
        assert r.code == 0, (fmt, r.stderr)
        out[fmt] = r.stdout.replace("&#x27;", "'").replace("&#39;", "'")
    return out


@pytest.fixture(scope="module")
def records():
    from fiit_cli.updates import load_updates

    return load_updates(with_local=False)[0]


def test_the_mark_comes_from_the_resolver(records):
    assert change(records, "france", ["permits.stages.1.duration"]) == FR_STAGE
    assert change(records, "france", ["permits.stages.0.duration"]) is None
    # a yes/no value now, where it differs from 2013; none where it is the same
    assert change(records, "france", ["challenges.national_action_plan"], "no") \
        .startswith("yes (checked ")
    assert change(records, "france", ["challenges.national_action_plan"], "yes") is None


def test_compare_marks_a_changed_text_fact_in_every_format():
    for fmt, out in _all("compare", "france", "hungary", "-s", "permits").items():
        assert "6 months to 1 year renewable" in out, fmt  # the 2013 value stays
        assert f"since 2013: {FR_STAGE}" in out or \
            (fmt == "json" and f'"since_2013": "{FR_STAGE}"' in out), fmt


def test_compare_marks_the_uk_reflection_duration_and_conditions():
    out = fiit("compare", "uk", "france", "-s", "permits", "-f", "json").json()
    rows = {(r["group"], r["label"]): r["values"]
            for r in out["sections"][0]["rows"]}
    uk = rows[("Reflection stage", "Duration")]["united-kingdom"]
    assert uk["lines"] and uk["since_2013"].startswith("changed (UK Parliament")
    assert rows[("Temporary stage", "Conditions")]["united-kingdom"]["since_2013"] \
        .startswith("changed (Home Office")
    assert "since_2013" not in rows[("Reflection stage", "Duration")]["france"]


def test_overview_marks_changed_text_facts_in_every_format():
    for fmt, out in _all("overview").items():
        assert HU_STAY in out, fmt
        assert "60 days" in out, fmt
        assert "UK Parliament, Hansard" in out, fmt  # the UK reflection period


def test_overview_csv_cell_keeps_2013_value_then_the_mark():
    rows = list(csv.reader(io.StringIO(fiit("overview", "-f", "csv").stdout)))
    head, body = rows[0], rows[1:]
    stay = next(r for r in body if r[2] == "Specialised shelter: period of stay")
    cell = stay[head.index("Hungary")]
    assert cell.startswith("60 days") and cell.endswith(f"(since 2013: {HU_STAY})")


def test_a_condition_a_record_changes_marks_its_value():
    out = fiit("compare", "uk", "france", "-s", "legal", "-f", "plain").stdout
    line = next(x for x in out.splitlines()
                if x.startswith("Through mainstream services") and "United Kingdom" in x)
    assert "since 2013: changed (Legal Aid Agency" in line


@pytest.mark.parametrize("section,words", [("legal", "in specialized accommodation structures"),
                                           ("health", "the public health administration")])
def test_v2_contents_page_blurbs_labelled_in_compare(section, words):
    for fmt, out in _all("compare", "france", "italy", "-s", section).items():
        assert words in out, fmt
        assert "(contents page)" in out, fmt
        assert "a contents-page blurb, not the section's text" in out, fmt
    rows = list(csv.reader(io.StringIO(
        fiit("compare", "france", "italy", "-s", section, "-f", "csv").stdout)))
    row = next(r for r in rows if words in " ".join(r))
    assert row[2].endswith("(contents page)")
    assert "contents-page blurb" in row[rows[0].index("France")]
    assert "contents-page blurb" not in row[rows[0].index("Italy")]  # not stated: no caveat
