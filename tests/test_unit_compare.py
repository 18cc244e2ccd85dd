"""The comparison view as typed rows, and how the table writer shows it (styles, layout)."""

from __future__ import annotations

import io

import pytest

from fiit_cli.doc import Cell, CompareRow, Comparison, Entity, Field, Flag, Link, Text
from fiit_cli.loader import load_profile, shipped_data_dir
from fiit_cli.records import Record
from fiit_cli.settings import Env
from fiit_cli.views import compare as C
from fiit_cli.vocab import LEGEND
from fiit_cli.writers import table as T


@pytest.fixture(scope="module")
def fr_hu():
    d = shipped_data_dir() / "countries"
    return [load_profile(d / "france.yaml"), load_profile(d / "hungary.yaml")]


def test_labels():
    assert C.label("eu_nationals") == "EU nationals"
    assert C.label("period_of_stay") == "Period of stay"


@pytest.mark.parametrize("value, notes, expected", [
    (None, False, Cell([], "not stated")), ([], False, Cell([], "not stated")),
    (None, True, Cell([], "empty")), ([], True, Cell([], "empty")),
    ("no", False, Cell([Flag("no")], "no")),
    ("not stated", False, Cell([Flag("not stated")], "not stated")),
    ("yes", False, Cell([Text("yes")])), ("30 days", False, Cell([Text("30 days")])),
    (Flag("no"), False, Cell([Flag("no")], "no")),
    (Flag("not stated"), False, Cell([Flag("not stated")], "not stated")),
    (Flag("no", "unless"), False, Cell([Flag("no", "unless")])),
    (Flag("yes"), False, Cell([Flag("yes")])),
    (["a", Text("b"), Link("c", "http://c"), 3], False,
     Cell([Text("a"), Text("b"), Link("c", "http://c"), Text("3")])),
    (7, False, Cell([Text("7")])),
])
def test_cell(value, notes, expected):
    assert C.cell(value, notes) == expected


def test_qualified_keeps_the_condition_with_the_yes_no():
    r = Record({"free_of_charge": "yes", "free_condition": None, "cost_note": "a fee for books",
                "access": "no", "access_condition": "", "compulsory": "yes",
                "compulsory_note": "for a permit", "other": "x"})
    assert C.qualified(r, "free_of_charge") == Flag("yes", "a fee for books")
    assert C.qualified(r, "access") == "no"
    assert C.qualified(r, "compulsory") == Flag("yes", "for a permit")
    assert C.qualified(r, "other") == "x"
    r = Record({"free_of_charge": "no", "free_condition": "first", "cost_note": "second"})
    assert C.qualified(r, "free_of_charge") == Flag("no", "first")


def test_walk_aligns_fields_and_nests_records():
    a = Record({"access": "yes", "access_condition": "with a permit", "services": ["GP"],
                "notes": [], "source": {"heading": "H", "page": 1}, "remarks": ["r"],
                "staff_trained": "no", "sub": {"x": "1", "notes": []}})
    b = Record({"access": "no", "access_condition": None, "services": [], "notes": [],
                "source": {"heading": "H", "page": 2}, "remarks": [],
                "staff_trained": "not stated", "sub": {"x": "1", "notes": []}})
    rows = C._walk(None, [a, b])
    assert [(r.group, r.label, r.path) for r in rows] == [
        (None, "Access", "access"), (None, "Services", "services"),
        (None, "Staff trained for VoTs", "staff_trained"), ("Sub", "X", "sub.x")]
    assert rows[0].cells == [Cell([Flag("yes", "with a permit")]), Cell([Flag("no")], "no")]
    assert rows[1].cells == [Cell([Text("GP")]), Cell([], "not stated")]
    assert rows[0].differs and not rows[3].differs
    rows = C._walk("Top", [a, None])
    assert rows[0].cells[1] == C.NA and rows[0].group == "Top"
    assert [(r.group, r.path) for r in rows][-2:] == [("Top · Sub", "sub.x"),
                                                       ("Top · Sub", "sub.notes")]
    assert C._walk(None, [None, None]) == []


def test_differs():
    assert not CompareRow(None, "x", [Cell([Text("a")]), Cell([Text("a")])]).differs
    assert CompareRow(None, "x", [Cell([Text("a")]), Cell([Text("b")])]).differs
    assert CompareRow(None, "x", [Cell([], "no"), Cell([], "not stated")]).differs


def stage(kind, name, **kw):
    data = {"kind": kind, "name": name, "duration": None, "renewable": "no", "conditions": [],
            "guarantees": [], "rights": [], "notes": []}
    data.update(kw)
    return data


def test_permits_align_stages_by_kind():
    a = Record({"stages": [stage("reflection", "RP", duration="30 days",
                                 rights=[{"kind": "work", "text": "Work"}],
                                 conditions=[{"label": None, "items": ["consent"]}]),
                           stage("long_term", "LT", renewable="yes")],
                "after_last_stage": "citizenship", "notes": ["n"]})
    b = Record({"stages": [stage("reflection", "Reflection", guarantees=["no removal"])],
                "after_last_stage": None, "notes": []})
    rows = C._permits([a, b])
    assert [(r.group, r.label) for r in rows] == [
        ("Reflection stage", "Name in the toolkit"), ("Reflection stage", "Duration"),
        ("Reflection stage", "Renewable"), ("Reflection stage", "Conditions"),
        ("Reflection stage", "Guarantees"), ("Reflection stage", "Opens rights to"),
        ("Long-term stage", "Name in the toolkit"), ("Long-term stage", "Duration"),
        ("Long-term stage", "Renewable"), ("Long-term stage", "Conditions"),
        ("Long-term stage", "Guarantees"), ("Long-term stage", "Opens rights to"),
        ("Long-term stage", "Notes"),  # no notes, and no such stage: a difference
        (None, "After the last stage"), (None, "Notes")]
    by = {(r.group, r.label): r.cells for r in rows}
    assert by[("Reflection stage", "Duration")] == [Cell([Text("30 days")]),
                                                    Cell([], "not stated")]
    assert by[("Reflection stage", "Conditions")] == [Cell([Text("consent")]),
                                                      Cell([], "not stated")]
    assert by[("Reflection stage", "Opens rights to")][0] == Cell([Text("Work")])
    assert by[("Long-term stage", "Renewable")] == [Cell([Text("yes")]), C.NA]
    assert by[(None, "After the last stage")] == [Cell([Text("citizenship")]), Cell([], "empty")]
    assert by[(None, "Notes")] == [Cell([Text("n")]), Cell([], "empty")]
    assert ("Reflection stage", "Notes") not in by  # no notes on either side: no row


def test_contacts_and_figures(fr_hu):
    rows = C.compare_section(fr_hu, "contacts").rows
    assert [r.label for r in rows] == [t for _, t in C.CONTACT_KINDS]
    assert rows[2].cells == [Cell([], "not stated"), Cell([], "not stated")]
    assert all(isinstance(i, Entity) for i in rows[1].cells[0].items)
    assert len(rows[1].cells[0].items) == 8
    rows = C.compare_section(fr_hu, "figures").rows
    assert [r.label for r in rows] == ["Main countries of origin", "Countries of return",
                                       "Charts", "Notes"]
    fr = fr_hu[0].figures
    assert rows[0].cells[0] == Cell([Text(", ".join(fr.main_countries_of_origin))])
    assert rows[1].cells[1] == Cell([], "not stated")
    assert rows[2].cells[0].items[0].name == fr.charts[0].title


def test_a_generic_section_and_its_heading(fr_hu):
    c = C.compare_section(fr_hu, "legal")
    assert c.heading == "Legal assistance" and c.names == ["France", "Hungary"]
    assert [r.label for r in c.rows] == ["Notes", "Through mainstream services",
                                         "Free of charge", "Providers",
                                         "Where available (contents page)"]
    assert c.rows[2].cells[0].items[0].condition  # France: free, with its condition
    assert c.rows[0].cells[1] == Cell([], "empty")


def _update(d: dict) -> Record:
    """A since-2013 record as the resolver reads it (what a test does not say, empty)."""
    return Record({"id": "r", "title": "t", "phones": [], "effective": None,
                   "sources": [{"publisher": "P", "url": "https://example.org/"}], **d})


def test_since_2013_changes_are_marked_beside_the_2013_value(fr_hu):
    rec = _update({"country": "france", "concerns": {"field": "challenges.national_action_plan"},
                  "value": "yes", "kind": "changed", "checked": "2025-01-02"})
    same = _update({"country": "hungary", "concerns": {"field": "challenges.national_action_plan"},
                   "value": "yes", "kind": "changed", "checked": "2025-01-02"})
    ended = _update({"country": "hungary", "concerns": {"field": "challenges.national_rapporteur"},
                    "value": "no", "kind": "ended", "checked": "2025-01-02"})
    o = C.overview(fr_hu, [rec, same, ended])
    plan = o.rows[0]
    assert plan.cells[0].changed == "yes (checked 2025-01-02; fiit updates france)"
    assert plan.cells[1].changed is None  # it says what 2013 said already
    assert o.rows[2].cells[1].changed is None  # 'ended' is not a new value
    c = C.compare_section(fr_hu, "challenges", [rec])
    row = next(r for r in c.rows if r.path == "national_action_plan")
    assert row.cells[0].changed == "yes (checked 2025-01-02; fiit updates france)"
    text = _update({"country": "hungary",
                   "concerns": {"field": "permits.stages.0.duration"},
                   "value": "45 days", "kind": "new", "checked": "2024-05-06"})
    o = C.overview(fr_hu, [text])
    assert o.rows[3].cells[1].changed == "45 days (checked 2024-05-06; fiit updates hungary)"
    assert o.rows[3].cells[0].changed is None
    no_value = _update({"country": "france", "concerns": {"field": "challenges.national_action_plan"},
                       "value": None, "kind": "changed", "checked": "2025-01-02"})
    # no value now, but the record says the fact changed: marked as changed, with its source
    assert C.overview(fr_hu, [no_value]).rows[0].cells[0].changed == \
        "changed (P; checked 2025-01-02; fiit updates france)"
    no_field = _update({"country": "france", "concerns": {"field": None},
                       "value": "yes", "kind": "changed", "checked": "2025-01-02"})
    assert C.overview(fr_hu, [no_field]).rows[0].cells[0].changed is None


def test_overview_indicators(fr_hu):
    o = C.overview(fr_hu)
    assert o.heading == "Overview: key indicators" and o.names == ["France", "Hungary"]
    assert [r.label for r in o.rows] == [i.label for i in C.INDICATORS]
    assert [r.path for r in o.rows][:4] == ["challenges.national_action_plan",
                                            "challenges.national_referral_mechanism",
                                            "challenges.national_rapporteur",
                                            "permits.stages[kind=reflection].duration"]
    assert o.rows[0].cells == [Cell([Flag("no")], "no"), Cell([Text("yes")])]
    assert o.rows[4].cells == [Cell([Flag("no")], "no"), Cell([Text("yes")])]
    assert o.rows[5].cells[0] == Cell([Text("Long-term residence permit: 10 years renewable")])
    assert o.rows[7].cells[0] == Cell([Flag("no")], "no")
    assert C.explain_rows()[0] == Field("National action plan",
                                        [Text("challenges.national_action_plan")])


def test_longest_permit_and_minors_and_missing_stages():
    p = Record({"permits": {"stages": [stage("temporary", "T", duration=None)],
                            "after_last_stage": "a permanent permit"},
                "accommodation": {"specialised": {"accepted": None}}})
    assert C._longest(p) == Cell([Text("T: duration not stated"),
                                  Text("then: a permanent permit")])
    assert C._minors(p) == Cell([Flag("not stated")], "not stated")
    assert C._on_stage("reflection", "duration")(p) == C.NA
    assert C._on_stage("temporary", "renewable")(p) == Cell([Flag("no")], "no")


def test_comparison_document(fr_hu):
    doc = C.comparison_document(fr_hu, ["legal", "language"])
    assert [c.heading for c in doc.parts] == ["Legal assistance", "Language courses"]
    assert doc.legend == LEGEND
    assert doc.rows.columns == ["section", "group", "field", "differs", "France", "Hungary"]
    first = doc.rows.rows[0]
    assert [cell[0].text for cell in first] == [
        "Legal assistance", "", "Notes", "yes",
        "; ".join(fr_hu[0].legal.notes), ""]  # Hungary: nothing, blank
    assert [cell[0].text for cell in doc.rows.rows[1]][3:] == [
        "yes", "yes — if the person holds a residence permit or status: “for VoTs who hold a "
        "residence permit.”", "not stated"]
    assert doc.data["countries"] == [{"id": "france", "name": "France"},
                                     {"id": "hungary", "name": "Hungary"}]
    sec = doc.data["sections"][0]
    assert (sec["section"], sec["heading"]) == ("legal", "Legal assistance")
    row = sec["rows"][2]
    assert row["label"] == "Free of charge" and row["group"] is None and row["differs"]
    assert row["values"]["hungary"] == {"kind": "not stated", "lines": ["not stated"]}
    assert row["values"]["france"]["lines"][0].startswith("yes — ")
    assert ("Part I, France: “LEGAL ASSISTANCE”, p. 21, “LANGUAGE COURSES”, p. 22; "
            "Hungary: “LEGAL ASSISTANCE”, p. 45, “LANGUAGE COURSES”, p. 45. ") in doc.citation
    cells = [r[4][0].text for r in doc.rows.rows]
    assert "not stated" in [r[5][0].text for r in doc.rows.rows]
    assert all(c != "empty" for c in cells)
    o = C.overview_document(fr_hu)
    assert o.data["sections"][0]["section"] == "overview"
    assert "Part I." in o.citation


def test_an_empty_cell_is_blank_in_the_rows(fr_hu):
    doc = C.comparison_document(fr_hu, ["permits"])
    notes = [r for r in doc.rows.rows if r[2][0].text == "Notes" and r[1][0].text == ""]
    assert notes and notes[0][4][0].text == ""  # France: no notes → blank, not 'empty'
    changed = _update({"country": "france", "concerns": {"field": "legal.free_of_charge"},
                      "value": "no", "kind": "changed", "checked": "2025-01-02"})
    doc = C.comparison_document(fr_hu, ["legal"], [changed])
    row = doc.data["sections"][0]["rows"][2]
    assert row["values"]["france"]["since_2013"] == "no (checked 2025-01-02; fiit updates france)"
    assert "since_2013" not in row["values"]["hungary"]


# ---------------------------------------------------------------- the table writer


@pytest.mark.parametrize("n, width, side_by_side, label_w", [
    (2, 80, True, 18), (3, 80, False, 18), (2, 120, True, 24), (2, 119, True, 18),
    (5, 120, False, 24), (4, 108, True, 18), (4, 107, False, 18), (2, 64, True, 18),
    (2, 63, False, 18), (3, 86, True, 18), (3, 85, False, 18), (1, 42, True, 18),
    (1, 41, False, 18),
])
def test_the_width_at_which_a_comparison_stacks(n, width, side_by_side, label_w):
    assert T.layout(n, width) == (side_by_side, label_w)


def render(c: Comparison, width: int) -> str:
    out = io.StringIO()
    from rich.console import Console

    console = Console(file=out, width=width, force_terminal=True, color_system="standard",
                      highlight=False, markup=False, emoji=False)  # a colour terminal
    T._print(console, T._comparison(c, width))
    return out.getvalue()


COMP = Comparison("Legal", ["France", "Hungary"], [
    CompareRow(None, "Free", [Cell([Flag("no")], "no"), Cell([], "not stated", changed="yes")]),
    CompareRow(None, "Same", [Cell([Text("a")]), Cell([Text("a")])]),
])


def test_comparison_styles_on_a_colour_terminal(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    text = render(COMP, 80)
    assert "\x1b[1mLegal\x1b[0m" in text  # the heading in bold
    assert "\x1b[1mFree\x1b[0m" in text  # a row that differs: its label in bold
    assert "\x1b[1mSame" not in text
    assert "\x1b[31m✗ no " in text  # no: red
    assert "\x1b[2;3m? not stated " in text  # not stated: dim italic
    assert "\x1b[35msince 2013: yes " in text  # a newer value: magenta
    assert "   Same               a" in text  # the same everywhere: plain
    assert "France" in text.splitlines()[2] and "Hungary" in text.splitlines()[2]


def test_a_narrow_comparison_is_stacked_with_bold_names(monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    text = render(COMP, 50)
    assert "\x1b[1m≠ Free\x1b[0m" in text and "\x1b[1m  Same\x1b[0m" in text
    assert "\x1b[1mFrance:\x1b[0m" in text
    lines = [line for line in text.splitlines() if "France" in line]
    assert len(lines) == 2  # once under each row, never as a column header


def plain_render(c: Comparison, width: int) -> str:
    out = io.StringIO()
    env = Env(stdout=out, width=width, color=False, pager=False, stdout_isatty=False)
    T._print(T.console(env), T._comparison(c, width))
    return out.getvalue()


def test_side_by_side_or_stacked_at_the_switch():
    wide = plain_render(COMP, 64)
    assert "France" in wide and "Hungary" in wide.splitlines()[2]
    narrow = plain_render(COMP, 63)
    assert "    France:" in narrow and "    Hungary:" in narrow
    assert "      ✗ no" in narrow and "      since 2013: yes" in narrow


def test_a_long_address_stacks_its_group():
    long = Link("http://" + "x" * 40 + ".org", "http://" + "x" * 40 + ".org")
    c = Comparison("Contacts", ["A", "B"], [
        CompareRow("Web", "Site", [Cell([long]), Cell([Text("b")])]),
        CompareRow(None, "Name", [Cell([Text("a")]), Cell([], "empty")])])
    text = plain_render(c, 100)
    assert "    A:" in text and "    B:" in text  # the group with the address: stacked
    assert "Name" in text and "    B:" not in text.split("Name")[1]  # an empty cell: skipped


def test_pydantic_models_align_as_records_do():
    from pydantic import BaseModel

    class Sub(BaseModel):
        x: str

    class Sec(BaseModel):
        flag: str
        sub: Sub

    class FieldsOnly:
        def fields(self):
            return ["flag"]

    a, b = Sec(flag="no", sub=Sub(x="1")), Sec(flag="yes", sub=Sub(x="2"))
    assert C._fields(a) == ["flag", "sub"]
    assert C._fields(FieldsOnly()) == ["flag"]
    assert C._is_record(a) and C._is_record(FieldsOnly()) and C._is_record(Record({}))
    assert not C._is_record("text") and not C._is_record(None)
    rows = C._walk(None, [a, b])
    assert [(r.group, r.label, r.path) for r in rows] == [(None, "Flag", "flag"),
                                                          ("Sub", "X", "sub.x")]
    assert rows[1].cells == [Cell([Text("1")]), Cell([Text("2")])]


def test_sections_without_optional_fields():
    a = Record({"stages": [stage("reflection", "RP", guarantees=["g"])], "notes": []})
    b = Record({"stages": [stage("reflection", "R")], "notes": []})
    rows = C._permits([a, b])
    by = {(r.group, r.label): r.cells for r in rows}
    assert (None, "After the last stage") not in by and (None, "Notes") not in by
    assert by[("Reflection stage", "Guarantees")] == [Cell([Text("g")]), Cell([], "not stated")]
    p = Record({"permits": {"stages": [stage("temporary", "T", duration="1 year")]}})
    assert C._longest(p) == Cell([Text("T: 1 year")])


def test_contacts_gather_every_group_of_a_kind():
    org = {"name": "A", "description": None, "contact_person": None, "role": None,
           "address": [], "phones": [], "emails": [], "websites": [], "services": [],
           "notes": []}
    sec = Record({"groups": [
        {"kind": "institutions", "heading": "I", "organisations": [org], "notes": ["n"],
         "links": ["www.x.org"]},
        {"kind": "institutions", "heading": "I2", "organisations": [dict(org, name="B")],
         "notes": [], "links": []}]})
    rows = C._contacts([sec])
    assert rows[0].cells[0].items == [Entity("A"), Text("n"), Link("www.x.org",
                                                                   "http://www.x.org"),
                                      Entity("B")]
    assert rows[1].cells == [Cell([], "not stated")]


def test_figures_without_notes_have_no_notes_row():
    sec = Record({"main_countries_of_origin": [], "countries_of_return": [], "charts": [],
                  "notes": []})
    rows = C._figures([sec, sec])
    assert [r.label for r in rows] == ["Main countries of origin", "Countries of return",
                                       "Charts"]
    assert rows[0].cells[0] == Cell([], "not stated")


def test_mark_changes_skips_rows_without_a_path_and_compares_flags():
    p = Record({"id": "fr"})
    rows = [CompareRow(None, "a", [Cell([Text("x")])]),
            CompareRow(None, "b", [Cell([Flag("no")], "no")], "s.b"),
            CompareRow(None, "c", [Cell([Flag("no")], "no")], "s.c")]
    recs = [_update({"country": "fr", "concerns": {"field": "s.b"}, "value": "no",
                    "kind": "changed", "checked": "2025"}),
            _update({"country": "fr", "concerns": {"field": "s.c"}, "value": "yes",
                    "kind": "new", "checked": "2025"})]
    C.mark_changes(rows, [p], recs, "")
    assert rows[1].cells[0].changed is None  # the same as in 2013
    assert rows[2].cells[0].changed == "yes (checked 2025; fiit updates fr)"


def test_overview_paths_and_rows_that_do_not_differ(fr_hu):
    o = C.overview(fr_hu)
    assert o.rows[5].path == "permits.stages[-1].name"
    assert o.rows[8].path == "legal.free_of_charge"
    assert o.rows[10].path == "employment.training.free_of_charge"
    doc = C.overview_document(fr_hu)
    same = [r for r in doc.rows.rows if r[2][0].text == "National referral mechanism"][0]
    assert [c[0].text for c in same[3:]] == ["no", "yes", "yes"]


def test_not_applicable_is_written_in_the_rows(fr_hu):
    doc = C.comparison_document(fr_hu, ["permits"])
    long_term = [r for r in doc.rows.rows if r[1][0].text == "Long-term stage"
                 and r[2][0].text == "Duration"][0]
    assert [c[0].text for c in long_term[3:]] == ["yes", "10 years renewable",
                                                  "not applicable"]
