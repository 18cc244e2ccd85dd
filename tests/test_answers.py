"""Issue 19: answers a caseworker can act on.

Conditions as data (printed words + tags from one closed vocabulary), evaluated against the
person's situation by one resolver (fiit_cli.answers); contacts and lines with their
since-2013 status; the derived-views items of data review 2.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fiit_cli.answers import Condition, evaluate, verdict
from fiit_cli.person import Situation, meets
from fiit_cli.vocab import CONDITION_TAGS
from tests.helpers import COUNTRIES, fiit

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seed" / "000_4ed72457a24b09fa.txt"
SLUGS = ("permits", "accommodation", "health", "legal", "language", "employment")


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower().replace("’", "'")).strip(" .")


def qualifiers(profiles):
    return [(c, slug, q) for c in COUNTRIES for slug in SLUGS
            for q in getattr(profiles[c], slug).qualifiers]


# ---------------------------------------------------------------- conditions as data


def test_every_tag_stands_beside_its_printed_words(profiles):
    """A tag never stands alone: each tagged qualifier's words are in the toolkit at its
    line (case and spacing aside); offenders listed."""
    if not SEED.exists():
        pytest.skip("the toolkit's text is not beside the project")
    lines = SEED.read_text(encoding="utf-8").split("\n")
    offenders = []
    for country, slug, q in qualifiers(profiles):
        near = _norm(" ".join(lines[q.line - 1:q.line + 8]))
        if not q.text.strip() or _norm(q.text) not in near:
            offenders.append((country, slug, q.field, q.line))
    assert offenders == []


def test_tags_come_from_the_vocabulary_and_each_is_documented(profiles):
    used = {t for _, _, q in qualifiers(profiles) for t in q.tags}
    assert used <= set(CONDITION_TAGS)
    doc = (ROOT / "docs" / "DATA.md").read_text(encoding="utf-8")
    assert [t for t in CONDITION_TAGS if f"`{t}`" not in doc] == []


def test_an_unknown_tag_is_fiit027(tmp_path):
    import shutil

    shutil.copytree(ROOT / "data", tmp_path / "data")
    path = tmp_path / "data" / "countries" / "italy.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        'tags: ["regular-stay"]', 'tags: ["regular"]'), encoding="utf-8")
    r = fiit("validate", str(tmp_path / "data"))
    assert r.code == 1 and "FIIT027" in r.stdout and "'regular'" in r.stdout


def test_a_qualifier_of_nothing_is_fiit023(tmp_path):
    import shutil

    shutil.copytree(ROOT / "data", tmp_path / "data")
    path = tmp_path / "data" / "countries" / "italy.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        'field: "mainstream.available"', 'field: "mainstream.nowhere"'), encoding="utf-8")
    r = fiit("validate", str(tmp_path / "data"))
    assert r.code == 1 and "FIIT023" in r.stdout


# one situation that meets each tag, one that does not, and none that settles it
TAG_CASES = {
    "regular-stay": (Situation(residence="regular"), Situation(residence="irregular")),
    "irregular-stay": (Situation(residence="irregular"), Situation(residence="regular")),
    "asylum-seeker": (Situation(residence="asylum-seeker"), Situation(residence="regular")),
    "eu-national": (Situation(groups=("eu-national",)), Situation(groups=("third-country",))),
    "presumed-vot": (Situation(identified="presumed"), None),
    "identified-vot": (Situation(identified="identified"), Situation(identified="presumed")),
    "cooperating": (Situation(cooperating=True), Situation(cooperating=False)),
    "residence-permit": (Situation(permit=True), Situation(permit=False)),
    "social-security": (None, None),
    "limited-means": (None, None),
    "flanders": (None, None),
}


@pytest.mark.parametrize("tag", sorted(CONDITION_TAGS))
def test_each_tag_is_met_unmet_or_unknown(tag):
    assert set(TAG_CASES) == set(CONDITION_TAGS)
    yes, no = TAG_CASES[tag]
    assert meets(tag, Situation()) is None  # unknown is never silently true
    if yes is not None:
        assert meets(tag, yes) is True
        assert evaluate("x", [tag], yes).state == "met"
    if no is not None:
        assert meets(tag, no) is False
        assert evaluate("x", [tag], no).state == "unmet"
    assert evaluate("x", [tag], Situation()).state == "unknown"


def test_derived_facts_only_what_the_words_give():
    assert meets("residence-permit", Situation(residence="irregular")) is False
    assert meets("regular-stay", Situation(permit=True)) is True
    assert meets("regular-stay", Situation(residence="asylum-seeker")) is None


def test_verdicts_of_the_three_ways():
    met, unmet = Condition("c", ("cooperating",), "met"), Condition("c", ("x",), "unmet")
    unknown = Condition("c", ("x",), "unknown")
    assert verdict("yes", [met]) == "yes"
    assert verdict("yes", [unmet]) == "no"
    assert verdict("yes", [Condition("c", ("x",), "unmet", only=False)]) == "partly"
    assert verdict("yes", [unknown]) == "depends"
    assert verdict("no", [unknown]) == "no"
    assert verdict("not stated", [met]) == "not stated"


# ---------------------------------------------------------------- the situation


@pytest.mark.parametrize("flags", [("--regular", "--irregular"), ("--identified", "--presumed"),
                                   ("--cooperating", "--not-cooperating"),
                                   ("--with-permit", "--without-permit"),
                                   ("--irregular", "--with-permit"),
                                   ("--asylum-seeker", "--regular")])
@pytest.mark.parametrize("command", [("find", "shelter"), ("brief", "italy")])
def test_contradicting_flags_are_a_usage_error(command, flags):
    r = fiit(*command, *flags)
    assert r.code == 2
    assert len(r.stderr.strip().splitlines()) == 1 and "exclude each other" in r.stderr


@pytest.mark.parametrize("command", ["find", "brief"])
def test_each_situation_flag_has_one_line_of_help(command):
    out = fiit(command, "--help", width=200).stdout
    for flag in ("--regular", "--irregular", "--asylum-seeker", "--identified", "--presumed",
                 "--cooperating", "--not-cooperating", "--with-permit", "--without-permit"):
        assert flag in out, flag


def _group(answer_json, name):
    return next(x for x in answer_json if x["item"] == name)


def test_italy_mainstream_shelter_irregular_is_no_with_line_603():
    r = fiit("find", "shelter", "--irregular", "--third-country", "-c", "italy", "-f", "json")
    found = _group(r.json()["countries"][0]["results"], "Mainstream structures")
    assert found["answer"] == "no"
    assert "Assistance is provided only for regular migrants." in found["reasons"][0]
    assert "do not have access to reception" in found["reasons"][0]
    plain = fiit("find", "shelter", "--irregular", "--third-country", "-c", "italy").stdout
    assert "do not have access to reception" in plain


def test_italy_mainstream_shelter_without_residence_depends():
    r = fiit("find", "shelter", "--third-country", "-c", "italy", "-f", "json")
    found = _group(r.json()["countries"][0]["results"], "Mainstream structures")
    assert found["answer"] == "depends"
    plain = fiit("find", "shelter", "--third-country", "-c", "italy").stdout
    head = plain.index("Depends on")
    assert plain.index("Mainstream structures") > head
    assert "None: nothing listed fits on every point" in plain  # never a plain match


def test_italy_mainstream_shelter_regular_is_yes_with_the_condition():
    r = fiit("find", "shelter", "--regular", "-c", "italy")
    assert "condition met: “Assistance is provided only for regular migrants.”" in r.stdout


def test_a_yes_without_condition_says_so():
    r = fiit("find", "legal", "-c", "italy")
    assert "yes — no condition stated" in r.stdout


def test_uk_training_once_a_vot_has_status():
    with_permit = fiit("find", "training", "--with-permit", "-c", "uk", "-f", "json").json()
    without = fiit("find", "training", "--without-permit", "-c", "uk", "-f", "json").json()
    unknown = fiit("find", "training", "-c", "uk", "-f", "json").json()
    assert with_permit["countries"][0]["results"][0]["answer"] == "yes"
    assert without["countries"][0]["results"][0]["answer"] == "no"
    assert unknown["countries"][0]["results"][0]["answer"] == "depends"


def test_france_training_without_permit_is_partly():  # FR-11: one NGO route remains
    r = fiit("find", "training", "--without-permit", "-c", "france", "-f", "json").json()
    assert r["countries"][0]["results"][0]["answer"] == "partly"


def test_italy_temporary_stay_alternatives():
    def stage(*flags):
        r = fiit("find", "permit", "-c", "italy", *flags, "-f", "json").json()
        return _group(r["countries"][0]["results"], "Temporary stay (temporary stage)")["answer"]

    assert stage("--cooperating") == "yes"
    assert stage("--not-cooperating") == "depends"
    assert stage("--not-cooperating", "--identified") == "yes"
    assert stage("--not-cooperating", "--presumed") == "no"


# ---------------------------------------------------------------- status of contacts


def test_brief_uk_lists_no_closed_organisation_and_the_new_helpline_first():
    for fmt in ("plain", "table", "markdown", "html", "json"):
        out = fiit("brief", "uk", "--woman", "--third-country", "-f", fmt).stdout
        call = out[:out.index("Residence permit")] if fmt != "json" else out
        assert "08000 121 700" in call, fmt
        if fmt == "json":
            continue
        assert call.index("08000 121 700") < call.index("CRIMESTOPPERS"), fmt
        assert call.index("08000 121 700") < call.index("UKHTC"), fmt
        assert "closed 2015" in call, fmt
        assert call.index("Closed since 2013") < call.index("POPPY PROJECT"), fmt


def test_brief_changed_line_current_number_first_2013_after():
    out = fiit("brief", "italy").stdout
    venice = out[out.index("Municipality of Venice"):]
    assert venice.index("800 290 290") < venice.index("+39 0415042374")
    assert "as printed in 2013" in venice[:400]


def test_as_printed_shows_the_toolkit_alone():
    out = fiit("--as-printed", "brief", "uk", "--woman").stdout
    assert "08000 121 700" not in out and "closed 2015" not in out
    assert "POPPY PROJECT" in out
    cards = fiit("--as-printed", "hotline", "uk", "-f", "vcard").stdout
    assert "8000121700" not in cards and cards.count("BEGIN:VCARD") == 2


def test_hotline_uk_vcard_carries_todays_helpline():
    r = fiit("hotline", "uk", "-f", "vcard")
    text = r.stdout
    assert "tel:+448000121700" in text
    unfolded = text.replace("\r\n ", "")
    assert "checked 2026-11-29" in unfolded
    assert "unconfirmed since 2013" in unfolded  # the 0844 UKHTC number


def test_hungary_hotline_has_the_new_lines():
    text = fiit("hotline", "hungary").stdout
    assert "06 80 225 225" in text and "116-006" in text


def test_contact_cards_leave_out_closed_organisations_and_say_which():
    r = fiit("show", "uk", "contacts", "-f", "vcard")
    assert "EAVES" not in r.stdout
    assert "closed since 2013, no card made: POPPY PROJECT – EAVES HOUSING" in r.stderr
    assert "tel:+448008083733" in r.stdout  # the Salvation Army's line now


def test_show_contacts_marks_a_closed_organisation_at_its_entry():
    out = fiit("show", "uk", "contacts").stdout
    entry = out[out.index("POPPY PROJECT – EAVES HOUSING"):]
    assert entry.index("closed 2015") < entry.index("2077352062")


# ---------------------------------------------------------------- derived views (review 2)

FORMATS = ("plain", "table", "markdown", "html", "json", "csv")


def _all(*args):
    """The output in every format the command has (brief has no csv)."""
    out = {}
    for fmt in FORMATS:
        r = fiit(*args, "-f", fmt, width=3000 if fmt == "table" else 200)
        if r.code == 0:
            out[fmt] = r.stdout.replace("\\n", " ")
    assert "plain" in out and "json" in out
    return out


@pytest.mark.parametrize("args", [("find", "shelter", "-c", "hungary"),
                                  ("brief", "hungary"), ("overview",)])
def test_mv1_hungary_shelter_extension(args):
    for fmt, out in _all(*args).items():
        assert "additional 60 days" in out, fmt


@pytest.mark.parametrize("args", [("find", "permit", "-c", "hungary"),
                                  ("brief", "hungary"), ("overview",)])
def test_mv7_hungary_permit_caveats(args):
    for fmt, out in _all(*args).items():
        assert "No VoT has yet been given a humanitarian residence permit" in out, fmt
        assert "may belong there" in out, fmt


def test_mv4_overview_uk_legal_condition():
    for fmt, out in _all("overview").items():
        assert "being granted with a residence permit" in out, fmt


def test_mv5_uk_language_condition_and_healthcare_services():
    for fmt, out in _all("brief", "uk").items():
        assert "once a VoT has status and residency in the UK" in out, fmt
        assert "general practitioner services" in out, fmt
    for fmt, out in _all("find", "language", "-c", "uk").items():
        assert "once a VoT has status and residency in the UK" in out, fmt


def test_mv6_brief_hungary_legal_blurb_labelled():
    for fmt, out in _all("brief", "hungary").items():
        assert "Made available in specialized accommodation structures" in out, fmt
        assert "contents-page blurb" in out, fmt


@pytest.mark.parametrize("args", [("find", "training", "-c", "italy"), ("brief", "italy"),
                                  ("compare", "italy", "france", "-s", "employment")])
def test_mv9_italy_training_mechanism_basis(args):
    for fmt, out in _all(*args).items():
        assert "does not use those words" in out, fmt


def test_v1_a_group_of_conditions_reads_once():
    out = fiit("brief", "italy", "-f", "plain").stdout
    assert "Or, all of: Be identified as a victim of trafficking by a registered specialized " \
        "NGO; Provide a declaration" in out


def test_v3_brief_france_minor_acse_serves_adults():
    for fmt, out in _all("brief", "france", "--minor").items():
        assert "Ac.Sé serves adults" in out, fmt
    assert "Ac.Sé serves adults" not in fiit("brief", "france", "--adult").stdout


def test_brief_as_of_from_the_data_or_source_date_epoch():
    root = Path(__file__).resolve().parents[1] / "data" / "updates"
    newest = max(re.findall(r'checked: "(\d{4}-\d{2}-\d{2})"',
                            (root / "italy.yaml").read_text(encoding="utf-8")))
    assert f"As of {newest}" in fiit("brief", "italy").stdout
    out = fiit("brief", "italy", env={"SOURCE_DATE_EPOCH": "1700000000"}).stdout
    assert "As of 2023-11-14" in out


def test_find_shows_the_since_2013_records_of_the_section_eu_level_included():
    """Issue 20: the EU rule (Directive 2024/1712) shows beside Italy's 2013 shelter answer;
    it is never merged into the answer (mainstream shelter stays 'depends' on the stay)."""
    out = fiit("find", "shelter", "--third-country", "-c", "italy", "-f", "plain",
               width=300).stdout
    since = out[out.index("Since 2013 (not from the toolkit; fiit updates has them in full)"):]
    assert "Directive (EU) 2024/1712" in since and "EU-level" in since
    assert "Answer: yes — if the person stays regularly" in out
    data = fiit("find", "shelter", "-c", "italy", "-f", "json").json()
    ids = [r["id"] for r in data["countries"][0]["since_2013"]]
    assert "eu-directive-2024-1712-assistance-support" in ids
    uk = fiit("find", "shelter", "-c", "uk", "-f", "json").json()["countries"][0]
    assert not any(r["country"] == "eu" for r in uk["since_2013"])  # not bound by it
    assert "Since 2013" not in fiit("--as-printed", "find", "shelter", "-c", "italy").stdout


def test_compare_and_overview_say_a_bare_yes_or_no_has_no_condition_stated():
    """Issue 19: no yes or no without its condition or an explicit 'no condition stated'.
    compare and overview print a printed condition beside its value; a bare one is
    explained, once per table, in the legend of every format."""
    said = "a yes or no with nothing beside it: no condition stated in the toolkit"
    for args in (("compare", "belgium", "italy", "-s", "legal"), ("overview",)):
        r = fiit(*args, "-f", "plain", width=300)
        assert said in r.stderr  # plain: what is said of the whole output goes to stderr
        for fmt in ("table", "markdown", "html"):
            assert said in " ".join(fiit(*args, "-f", fmt, width=300).stdout.split()), fmt
    legal = fiit("compare", "belgium", "italy", "-s", "legal", "-f", "plain", width=300).stdout
    assert "Belgium: yes — if the person lacks the means to pay" in legal
