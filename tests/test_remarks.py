"""Facts apart from remarks about the 2013 text.

`notes` hold facts (what the toolkit says, in fiit's words); `remarks` hold what fiit says
about the printed document itself (layout, print, transcription, what the text leaves out,
where fiit recorded something). Views show remarks apart, under "Notes on the 2013 text";
`--facts-only` hides them. Each data check runs over the whole dataset and lists offenders.
"""

from __future__ import annotations

import re

import pytest

from fiit_cli.loader import load_hotlines, load_practices
from fiit_cli.lookup import SECTION_SLUGS
from fiit_cli.vocab import NOTES_HEADING
from tests.helpers import COUNTRIES, fiit

# Wording that talks about the printed document, not about the country's system. Tuned to
# have no false positive on the facts: "the text does not say the courses are compulsory
# elsewhere" (a fact about Belgium) is not matched, "does not say whether/when" is.
REMARK = re.compile(
    r"\b(printed|prints|the table|layout|flattened|contents.page|text extraction"
    r"|the (toolkit|text) (names|gives|prints|calls|lists)"
    r"|the text does not say (whether|when)|says nothing about|not mentioned in the list"
    r"|no (email|address|phone|website|course|chart|group|period|conditions)[^.;]*"
    r" (is|are) (given|printed)"
    r"|(is|are) recorded (as|here|where|in)|fiit (classes|records))\b",
    re.I)


def _lists(obj, key: str, path: str = ""):
    """(path, list) for every list named `key`, at any depth."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            here = f"{path}.{k}" if path else k
            if k == key and isinstance(v, list):
                yield here, v
            else:
                yield from _lists(v, key, here)
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from _lists(v, key, f"{path}[{i}]")


@pytest.fixture(scope="module")
def records(profiles) -> dict[str, dict]:
    out = {c: p.model_dump(mode="json") for c, p in profiles.items()}
    out["practices"] = load_practices().model_dump(mode="json")
    out["hotlines"] = load_hotlines().model_dump(mode="json")
    return out


@pytest.mark.parametrize("text", [
    "The toolkit prints the type of accommodation as one item, \"Shelters and studios\".",
    "Ambiguous layout: the flattened table lists five conditions.",
    "The toolkit names this stage only \"Residence Permit\"; fiit classes it as temporary.",
    "The phone number is printed under a separate line reading \"Telephone\".",
    "No email is given.",
    "No address or phone is given.",
    "Belgium's contents page is empty in the text.",
    "The contents page calls the second stage a \"6-month temporary stay\".",
    "This callout is printed word for word on Hungary's contents page.",
    "The text does not say whether healthcare is free of charge.",
])
def test_the_pattern_knows_a_remark(text):
    assert REMARK.search(text)


@pytest.mark.parametrize("text", [
    "Minors are hosted in specific shelters for youngsters.",
    "The toolkit says psychosocial and health support dedicated to VoTs should be enhanced.",
    "compulsory is \"yes\" only in the sense of the Flemish decree (new third-country "
    "residents); the text does not say the courses are compulsory elsewhere in Belgium.",
    "Italian law does not specifically provide for a reflection period (which the text "
    "dates 2000; see print_notes).",
])
def test_the_pattern_leaves_facts_alone(text):
    assert not REMARK.search(text)


def test_no_note_is_a_remark_about_the_2013_text(records):
    """Every `notes` item, at any depth (stage, structure, acceptance, contact group,
    organisation, chart, section, practice, hotline), is a fact: remarks go to `remarks`."""
    offenders = [f"{key}: {path}[{i}]: {m.group(0)!r} in {note[:70]!r}"
                 for key, record in records.items()
                 for path, notes in _lists(record, "notes")
                 for i, note in enumerate(notes)
                 if (m := REMARK.search(note))]
    assert offenders == []


def test_remarks_are_clean_and_not_repeated_as_notes(records):
    offenders = []
    for key, record in records.items():
        notes = {n for _, ns in _lists(record, "notes") for n in ns}
        for path, remarks in _lists(record, "remarks"):
            for i, r in enumerate(remarks):
                if not r.strip() or r != r.strip():
                    offenders.append(f"{key}: {path}[{i}] is empty or padded")
                if r in notes:
                    offenders.append(f"{key}: {path}[{i}] is also a note")
    assert offenders == []


def test_every_section_practice_and_annex_country_has_remarks(records):
    """The field is in the JSON of every section, practice and annex country (default [])."""
    offenders = [f"{c}.{s}" for c in COUNTRIES for s in SECTION_SLUGS
                 if not isinstance(records[c][s].get("remarks"), list)]
    offenders += [f"practice {p['id']}" for p in records["practices"]["practices"]
                  if not isinstance(p.get("remarks"), list)]
    offenders += [f"annex {c['id']}" for c in records["hotlines"]["countries"]
                  if not isinstance(c.get("remarks"), list)]
    assert offenders == []


@pytest.mark.parametrize("country", COUNTRIES)
def test_show_json_has_remarks_in_every_section(country):
    r = fiit("show", country, "--format", "json")
    assert r.code == 0, r.stderr
    doc = r.json()
    assert [s for s in SECTION_SLUGS if not isinstance(doc[s].get("remarks"), list)] == []


def test_remarks_shown_after_the_facts_and_hidden_by_facts_only(profiles):
    remarks = profiles["united-kingdom"].permits.remarks
    assert remarks  # the UK permit table has layout remarks
    plain = fiit("show", "uk", "permits", "--format", "plain")
    assert plain.code == 0, plain.stderr
    out = plain.stdout
    assert NOTES_HEADING in out
    at = out.index(NOTES_HEADING)
    assert out.index("Reflection Period") < at  # the facts come first
    assert out.index("The right to work does not apply") < at
    assert all(out.index(r) > at for r in remarks)  # every remark in the block at the end

    facts = fiit("show", "uk", "permits", "--format", "plain", "--facts-only")
    assert facts.code == 0, facts.stderr
    assert NOTES_HEADING not in facts.stdout
    assert "The right to work does not apply" in facts.stdout
    assert [r for r in remarks if r in facts.stdout] == []
    # nor any part of a remark (a prefix-less tail, e.g. after "Residence Permit stage: ")
    tails = [r.split(": ", 1)[-1] for r in remarks]
    assert [t for t in tails if t in facts.stdout] == []


def test_hotline_remarks_shown_apart(records):
    belgium = next(c for c in records["hotlines"]["countries"] if c["id"] == "belgium")
    assert belgium["remarks"]
    out = fiit("hotline", "belgium", "--format", "plain").stdout
    assert NOTES_HEADING in out and all(r in out for r in belgium["remarks"])
    hidden = fiit("hotline", "belgium", "--format", "plain", "--facts-only").stdout
    assert [r for r in belgium["remarks"] if r in hidden] == []
