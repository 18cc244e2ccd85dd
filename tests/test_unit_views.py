"""The views of a profile as documents, without the command line: every section of every
country written as plain lines against a golden file (the view's contract), and the
shared helpers (citations, sources, phones, links) one by one."""

from __future__ import annotations

import datetime

import pytest

from fiit_cli import __version__
from fiit_cli.doc import Block, Entity, Field, Flag, Link, Note, Phone, Text, raw
from fiit_cli.loader import load_profile, shipped_data_dir
from fiit_cli.lookup import SECTION_SLUGS
from fiit_cli.records import Record
from fiit_cli.views import common as V
from fiit_cli.views import profile as P
from fiit_cli.vocab import DATA_AGE, TOOLKIT_TITLE
from fiit_cli.writers import plain
from tests.helpers import COUNTRIES, check_golden


@pytest.fixture(scope="module")
def loaded():
    d = shipped_data_dir() / "countries"
    return {c: load_profile(d / f"{c}.yaml") for c in COUNTRIES}


def rows_text(doc) -> list[str]:
    return [" | ".join(raw(i) for cell in row for i in cell) for row in doc.rows.rows]


@pytest.mark.parametrize("country", COUNTRIES)
def test_every_section_as_plain_lines(loaded, country):
    p = loaded[country]
    doc = P.profile_document(p, list(SECTION_SLUGS))
    text = "\n".join(plain.lines(doc))
    contacts = P.profile_document(p, ["contacts"])
    text += "\n\n# contacts as rows\n" + "\n".join(rows_text(contacts))
    text += "\n\n# contacts as cards\n" + "\n".join(repr(c) for c in contacts.cards)
    text += "\n\n# citation\n" + doc.citation.replace(__version__, "VERSION")
    check_golden(f"view_plain_{country}.txt", text + "\n")


def test_the_document_of_some_sections(loaded):
    p = loaded["france"]
    doc = P.profile_document(p, ["legal", "permits"])
    assert [s.title for s in doc.parts] == ["France · Legal assistance",
                                           "France · Access to residence permit"]
    assert set(doc.data) == {"id", "name", "iso2", "aliases", "legal", "permits"}
    assert doc.rows is None and doc.cards is None
    assert doc.citation.startswith("International Organization for Migration (IOM) (2013).")
    assert "Part I, France: “LEGAL ASSISTANCE”, p. 21; “ACCESS TO RESIDENCE PERMIT”, p. 18." \
        in doc.citation
    contacts = P.profile_document(p, ["contacts"])
    assert contacts.rows.columns == P.CONTACT_COLUMNS and contacts.cards


def test_since_2013_records_go_with_the_section_they_concern(loaded):
    from fiit_cli.updates import load_file

    records = [r for r in load_file(shipped_data_dir() / "updates" / "france.yaml")]
    (rec,) = [r for r in records if r.id == "fr-national-action-plan"]
    p = loaded["france"]
    doc = P.profile_document(p, ["legal", "challenges"], [rec], datetime.date(2025, 2, 1))
    legal, challenges = doc.parts
    assert legal.updates == [] and len(challenges.updates) == 1
    assert challenges.updates[0].title == rec.title
    plan = challenges.blocks[0].rows[0]
    assert plan.path == "challenges.national_action_plan" and plan.since
    assert doc.data["since_2013"]
    assert P.section(p, "challenges", [rec]).updates == []  # no date: no records shown
    later = P.section(p, "challenges", [rec], datetime.date(2040, 1, 1))
    assert later.updates[0].stale and "months ago" in later.updates[0].stale
    both = P.profile_document(p, ["contacts", "challenges"], records, datetime.date(2027, 1, 1))
    ids = {r["id"] for r in both.data["since_2013"]}
    assert {r.id for r in records if r.concerns.section == "contacts"} <= ids
    assert "fr-national-action-plan" in ids


def test_the_national_mechanisms_name_their_fields():
    s = Record({"national_action_plan": "yes", "national_referral_mechanism": "no",
                "national_rapporteur": "not stated", "key_facts": ["k"], "summary": None})
    flags, facts = P._challenges(s)
    assert [(r.label, r.items, r.path) for r in flags.rows] == [
        ("National action plan", [Flag("yes")], "challenges.national_action_plan"),
        ("National referral mechanism", [Flag("no")], "challenges.national_referral_mechanism"),
        ("National rapporteur (or similar mechanism)", [Flag("not stated")],
         "challenges.national_rapporteur")]
    assert [(r.label, r.items) for r in facts.rows] == [("Facts", [Text("k")]), ("Summary", [])]


def test_contacts_as_rows_with_several_values():
    org = {"name": "A", "description": None, "contact_person": None, "role": None,
           "address": [], "phones": ["12", "+36 80 205 520"], "emails": ["a@x", "b@x"],
           "websites": ["w1", "w2"], "services": ["s1", "s2"], "notes": ["n1", "n2"]}
    profile = Record({"contacts": {"groups": [
        {"heading": "G", "kind": "institutions", "organisations": [org], "notes": ["gn"],
         "links": []},
        {"heading": "H", "kind": "institutions", "organisations": [], "notes": ["x", "y"],
         "links": ["l1", "l2"]},
        {"heading": "I", "kind": "institutions", "organisations": [], "notes": [],
         "links": []}]}})
    t = P.contacts_table(profile)
    assert [[c[0].text for c in row] for row in t.rows] == [
        ["G", "A", "", "", "", "", "12; +36 80 205 520", "; +3680205520", "a@x; b@x",
         "w1; w2", "s1; s2", "n1; n2", ""],
        ["G", "", "", "", "", "", "", "", "", "", "", "gn", ""],
        ["H", "", "", "", "", "", "", "", "", "", "", "x; y", "l1; l2"]]


def test_conditions():
    one = [Record({"label": None, "items": ["a", "b"]})]
    assert P.conditions(one) == [Text("a"), Text("b")]
    assert P.conditions([]) == []
    two = [Record({"label": None, "items": ["a"]}), Record({"label": None, "items": ["b"]})]
    assert [(c.label, c.items) for c in P.conditions(two)] == [("Either", (Text("a"),)),
                                                               ("Or", (Text("b"),))]
    named = [Record({"label": "If an adult:", "items": ["a"]}),
             Record({"label": None, "items": ["b"]}), Record({"label": None, "items": ["c"]})]
    assert [c.label for c in P.conditions(named)] == ["If an adult", "Or", "Or"]
    x = [Record({"label": "Group X:", "items": ["a"]}), Record({"label": None, "items": []})]
    assert P.conditions(x)[0].label == "Group X"


def test_acceptance_fields():
    assert P.acceptance_fields(None) == [Field("VoTs accepted")]
    a = Record({"printed": "women", "nationals": "yes", "eu_nationals": "no",
                "third_country_nationals": "yes", "men": "no", "women": "yes",
                "adults": "yes", "minors": "no", "mixing": "not stated", "notes": ["n"]})
    fields = P.acceptance_fields(a)
    assert [(f.label, f.items) for f in fields] == [
        ("VoTs accepted", [Text("women")]), ("Nationals", [Flag("yes")]),
        ("EU nationals", [Flag("no")]), ("Third-country nationals", [Flag("yes")]),
        ("Men", [Flag("no")]), ("Women", [Flag("yes")]), ("Adults", [Flag("yes")]),
        ("Minors", [Flag("no")]), ("Mixed or not", [Flag("not stated")]),
        ("About who is accepted", [Text("n")])]


def test_a_structure_that_is_not_available_says_only_so():
    st = Record({"available": "no", "accepted": None, "types": [], "notes": ["closed"],
                 "conditions": ["x"], "period_of_stay": None, "staff_trained": "no"})
    b = P._structure("Mainstream", st)
    assert [(r.label, r.items) for r in b.rows] == [("Available", [Flag("no")]),
                                                    ("Notes", [Text("closed")])]
    st = Record({"available": "no", "accepted": None, "types": ["flat"], "notes": [],
                 "conditions": [], "period_of_stay": None, "staff_trained": "no"})
    assert [r.label for r in P._structure("M", st).rows] == [
        "Available", "Conditions", "VoTs accepted", "Type", "Period of stay",
        "Staff trained for VoTs"]


def test_organisation_and_chart():
    o = Record({"name": "IOM", "description": None, "contact_person": "Ann", "role": "",
                "address": ["Rue 1", "Brussels"], "phones": ["+32 (0) 22123000"],
                "emails": ["a@iom.int"], "websites": ["www.iom.int", "a list"],
                "services": [], "notes": ["n"]})
    e = P.organisation(o)
    assert e == Entity("IOM", [
        Field("Contact", [Text("Ann")]), Field("Address", [Text("Rue 1"), Text("Brussels")]),
        Field("Tel", [Phone("+32 (0) 22123000", "+3222123000", "+32 2 212 30 00")]),
        Field("Email", [Link("a@iom.int", "mailto:a@iom.int")]),
        Field("Web", [Link("www.iom.int", "http://www.iom.int"), Text("a list")]),
        Field("Notes", [Text("n")])])
    c = Record({"title": "T", "survived": "no", "values": [], "statements": [], "source": None,
                "notes": []})
    assert P.chart_fields(c) == [Field("Chart", [Text(
        "did not survive the toolkit's text extraction: no figures")])]
    c = Record({"title": "T", "survived": "partly", "values": [{"label": "2011", "value": "5"}],
                "statements": ["s"], "source": "src", "notes": ["n"]})
    assert P.chart_fields(c) == [
        Field("Chart", [Text("only partly survived the toolkit's text extraction")]),
        Field("2011", [Text("5")]), Field("Printed with it", [Text("s")]),
        Field("Source", [Text("src")]), Field("Notes", [Text("n")])]


def test_address_lines_as_one_value():
    assert P._address(["Pf. 241,", " Budapest 1391 "]) == "Pf. 241, Budapest 1391"
    assert P._address(["Rue 1", "Brussels"]) == "Rue 1, Brussels"
    assert P._address(["a;", "b"]) == "a; b"
    assert P._address([]) == ""


def test_heading():
    assert P.heading("legal") == "Legal assistance"
    assert [P.heading(s) for s in SECTION_SLUGS][0] == "Access to residence permit"


# ---------------------------------------------------------------- common


def test_citation_source_and_where():
    assert V.citation("Part I") == (
        f"International Organization for Migration (IOM) (2013). {TOOLKIT_TITLE}. Part I. "
        f"Consulted with fiit {__version__}; the information dates from 2013.")
    assert V.where(Record({"heading": "H", "page": None})) == "“H”"
    assert V.where(Record({"heading": "H", "page": 3})) == "“H”, p. 3"
    assert V.source_line(Record({"heading": "H", "page": None})) == (
        "Source: IOM, FIIT toolkit (2013), page not given in the text, section “H”")
    assert V.source_line(Record({"heading": "H", "page": 0})) == (
        "Source: IOM, FIIT toolkit (2013), p. 0, section “H”")
    assert V.where(Record({"heading": "H", "page": 0})) == "“H”, p. 0"


def test_notes():
    assert V.print_notes([Record({"note": "typo", "printed": "recieve"})]) == [
        Note("typo", "print", "recieve")]
    assert V.remarks(["r"]) == [Note("r", "remark")]


@pytest.mark.parametrize("printed, expected", [
    ("+32 (0) 22123000", Phone("+32 (0) 22123000", "+3222123000", "+32 2 212 30 00")),
    ("+36 80 205 520", Phone("+36 80 205 520", "+3680205520")),
    (" +36 80 205 520 ", Phone(" +36 80 205 520 ", "+3680205520")),
    ("12", Phone("12")),
])
def test_profile_phone(printed, expected):
    assert V.phone(printed) == expected


@pytest.mark.parametrize("printed, e164, expected", [
    ("+36 80 205 520", "+3680205520", Phone("+36 80 205 520", "+3680205520")),
    (" +3680205520", "+3680205520", Phone(" +3680205520", "+3680205520")),
    ("06 80 205 520", "+3680205520",
     Phone("06 80 205 520", "+3680205520", "+3680205520", "from abroad")),
    ("+36 80 205 521", "+3680205520",
     Phone("+36 80 205 521", "+3680205520", "+3680205520", "from abroad")),
    ("116 006", None, Phone("116 006", None, None, "short number: dial it inside the country")),
])
def test_hotline_phone(printed, e164, expected):
    assert V.hotline_phone(Record({"printed": printed, "e164": e164})) == expected


def test_links():
    assert V.email("a@b") == Link("a@b", "mailto:a@b")
    assert V.web("www.x.org") == Link("www.x.org", "http://www.x.org")
    assert V.web("https://x.org") == Link("https://x.org", "https://x.org")
    assert V.web("http://x.org/a") == Link("http://x.org/a", "http://x.org/a")
    assert V.web("x.org") == Text("x.org")
    assert V.web("see www.x.org") == Text("see www.x.org")


def test_contact_cards_carry_the_source_and_data_age(loaded):
    p = loaded["italy"]
    cards = P.contact_cards(p)
    assert len(cards) == sum(len(g.organisations) for g in p.contacts.groups)
    first = cards[0]
    g = p.contacts.groups[0]
    assert first.categories == (g.heading, "Italy") and first.country == "Italy"
    assert first.note.endswith(f"{V.source_line(p.contacts.source)}. {DATA_AGE}")
    assert all(ph.e164 for c in cards for ph in c.phones)


def test_blocks_of_a_section_end_with_the_notes_and_contents_page(loaded):
    s = P.section(loaded["belgium"], "permits")
    assert isinstance(s.blocks[-1], Block)
    assert s.source == ("Source: IOM, FIIT toolkit (2013), page not given in the text, "
                        "section “ACCESS TO RESIDENCE PERMIT”")
