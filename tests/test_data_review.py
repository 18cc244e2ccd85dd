"""Checks for the kinds of finding of the independent data review (issue 12).

Each test runs over the whole dataset and lists its offenders, so a failure names the record.
Most read the toolkit text beside the repository (``../shared/seed/``) and skip without it.
The last test pins the review's individual decisions, so that a later edit does not quietly
undo one of them.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from fiit_cli.loader import load_hotlines, load_practices
from fiit_cli.views.common import hotline_phone
from fiit_cli.writers.text import phone_text
from tests.helpers import COUNTRIES, strings

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_4ed72457a24b09fa.txt"
# Part I prints the countries in this order, each opening with its own CONTENTS page.
SEED_ORDER = ["belgium", "france", "italy", "hungary", "united-kingdom"]
NAMES = {"belgium": "Belgium", "france": "France", "italy": "Italy", "hungary": "Hungary",
         "united-kingdom": "UK"}


@pytest.fixture(scope="module")
def seed() -> str:
    if not SEED.exists():
        pytest.skip("toolkit text not beside the repository")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def parts(seed) -> dict[str, str]:
    """The toolkit text cut into each country's part, Part II (practices) and the annex."""
    lines = seed.split("\n")
    starts = [i for i, line in enumerate(lines) if line.strip() == "CONTENTS"]
    assert len(starts) == len(SEED_ORDER)
    part2 = next(i for i, line in enumerate(lines) if line.strip() == "PART II")
    annex = next(i for i, line in enumerate(lines) if line.startswith("ANNEX"))
    bounds = starts + [part2, annex, len(lines)]
    keys = SEED_ORDER + ["practices", "hotlines"]
    return {k: "\n".join(lines[bounds[i]:bounds[i + 1]]) for i, k in enumerate(keys)}


@pytest.fixture(scope="module")
def records(profiles) -> dict[str, dict]:
    out = {c: p.model_dump() for c, p in profiles.items()}
    out["practices"] = load_practices().model_dump()
    out["hotlines"] = load_hotlines().model_dump()
    return out


def fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    return re.sub(r"\s+", " ", s).strip()


def walk(obj, path=""):
    """Every dict in a record, with its path."""
    if isinstance(obj, dict):
        yield path, obj
        for k, v in obj.items():
            yield from walk(v, f"{path}.{k}" if path else k)
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from walk(v, f"{path}[{i}]")




def sibling_notes(record: dict, section: dict) -> list[str]:
    """The prose that can explain a value: the record's notes and *_note / *_condition
    fields, and the notes of the section it sits in."""
    out = list(record.get("notes") or [])
    out += [v for k, v in record.items() if isinstance(v, str) and
            (k.endswith("_note") or k.endswith("_condition"))]
    out += list(section.get("notes") or [])
    return out


# What a note must talk about to explain a yes/no field.
SUBJECT = {
    "staff_trained": r"train",
    "free_of_charge": r"free|charge|paid|fee",
    "accompanied": r"accompan",
    "available": r"availab|offer",
    "access_mechanism": r"mechanism|access",
    "third_country_nationals": r"third.country",
    "eu_nationals": r"\beu\b",
    "nationals": r"national",
    "men": r"\bmen\b",
    "women": r"women",
    "adults": r"adult",
    "minors": r"minor",
    "compulsory": r"compulsory|obligat|requir",
    "renewable": r"renew|extend|extension",
}
QUALIFIER = re.compile(r"partly|partial|not always|\bsome\b|rarely|\bonly\b|in theory|\bmost\b|"
                       r"\bfew\b|\bone\b|sometimes|depend|unless|in some cases", re.I)
SILENT = re.compile(r"does not say|doesn't say|says nothing|not stated|nothing about|"
                    r"is not printed|not mentioned|no .{0,40}is printed", re.I)


DEFINITE = {
    "staff_trained": re.compile(r"\b(are|is|were|has|have)( been)?( not)? (specially |properly )?"
                                r"trained\b|\bnot trained\b|\bhave had .{0,20}training", re.I),
    "free_of_charge": re.compile(r"\b(is|are)( not)? free of charge\b", re.I),
    "accompanied": re.compile(r"\b(are|is)( not)? accompanied\b", re.I),
}


def degree_fields(record: dict):
    """(section, dotted path, field, value, holder dict, section dict) for each yes/no field."""
    for slug, section in record.items():
        if not isinstance(section, dict):
            continue
        for path, d in walk(section, slug):
            for k, v in d.items():
                if k in SUBJECT and v in ("yes", "no", "partly", "not stated"):
                    yield slug, f"{path}.{k}", k, v, d, section


def test_every_partly_has_a_note_that_says_how(records):
    """`partly` only where the text qualifies a yes, and then a note says how (review FR-9,
    HU-3); never as a stand-in for "the text says something near it" (IT-1)."""
    offenders = []
    for c in COUNTRIES:
        for _, path, field, value, holder, section in degree_fields(records[c]):
            if value != "partly":
                continue
            notes = [n for n in sibling_notes(holder, section)
                     if re.search(SUBJECT[field], n, re.I)]
            if not any(QUALIFIER.search(n) for n in notes):
                offenders.append(f"{c}: {path} is partly, but no note says how")
            for n in notes:
                for sentence in re.split(r"(?<=[.;:])\s+", n):
                    silent = SILENT.search(sentence)
                    if silent and field in DEFINITE and \
                            DEFINITE[field].search(sentence[silent.end():]):
                        offenders.append(f"{c}: {path} is partly, but a note says the text "
                                         f"does not state it: {sentence[:90]!r}")
    assert offenders == []


def test_not_stated_has_no_note_stating_the_value(records):
    """A `not stated` field has no sibling note that states the fact (review FR-4): a
    sentence about the field's subject that says yes or no, and does not say the text is
    silent on it."""
    offenders = []
    for c in COUNTRIES:
        for _, path, field, value, holder, section in degree_fields(records[c]):
            if value != "not stated" or field not in DEFINITE:
                continue
            for n in holder.get("notes") or []:
                for sentence in re.split(r"(?<=[.;:])\s+", n):
                    if DEFINITE[field].search(sentence) and not SILENT.search(n):
                        offenders.append(f"{c}: {path} is not stated, but: {sentence[:90]!r}")
    assert offenders == []


def test_structure_staff_training_stated_anywhere_is_not_left_not_stated(records):
    """If any prose of a profile says whether staff of its mainstream (or specialised)
    shelters are trained, that structure's staff_trained is not `not stated` (review FR-4:
    the challenges said the mainstream youth shelters' staff is not trained)."""
    kinds = {"mainstream": r"mainstream", "specialised": r"speciali[sz]ed"}
    place = re.compile(r"shelter|structure|accommodation", re.I)
    offenders = []
    for c in COUNTRIES:
        prose = [s for p, s in strings(records[c])
                 if re.search(r"(notes|key_facts|summary)(\[\d+\])?$", p)]
        for kind, word in kinds.items():
            if records[c]["accommodation"][kind]["staff_trained"] != "not stated":
                continue
            for s in prose:
                for sentence in re.split(r"(?<=[.;])\s+", s):
                    if (re.search(word, sentence, re.I) and place.search(sentence)
                            and DEFINITE["staff_trained"].search(sentence)
                            and not SILENT.search(s)):
                        offenders.append(f"{c}: accommodation.{kind}.staff_trained is not "
                                         f"stated, but: {sentence[:90]!r}")
    assert offenders == []


CORRECTION = re.compile(r"misprint|typo|should read|should be|\bis meant\b|presumably meant|"
                        r"stands for|correct (form|spelling|reading)|error (of|for)|evidently",
                        re.I)
QUOTED = re.compile(r"\"([^\"]+)\"|“([^”]+)”|(?<![\w])'([^']+)'(?![\w])")


def all_print_notes(records):
    for c, record in records.items():
        for path, d in walk(record):
            if "printed" in d and "note" in d and isinstance(d.get("note"), str) \
                    and path.split(".")[-1].startswith("print_notes"):
                yield c, path, d


def test_print_notes_propose_no_unprinted_correction(records, seed):
    """A print note says what looks wrong. Where it names the form meant ("misprint of",
    "should read", "is meant"...), that form is itself printed somewhere in the toolkit."""
    text = fold(seed)
    offenders = []
    for c, path, pn in all_print_notes(records):
        note, printed = pn["note"], pn["printed"]
        if not CORRECTION.search(note):
            continue
        for m in QUOTED.finditer(note):
            q = next(g for g in m.groups() if g).strip().rstrip(".…").strip()
            if q.endswith("..."):
                q = q[:-3].strip()
            if not q or q in printed or printed in q:
                continue
            if fold(q) not in text:
                offenders.append(f"{c}: {path}: proposes {q!r}, printed nowhere in the toolkit")
    assert offenders == []


def test_print_notes_do_not_pick_between_printed_names_or_addresses(records):
    """Where the toolkit prints a name or an address in two forms, a print note says that
    they differ; it does not call one a misprint of the other (review FR-2: Trévis and
    Tréville are both printed, and nothing in the toolkit confirms either)."""
    offenders = []
    for c in COUNTRIES:
        contacts = records[c]["contacts"]
        details = [fold(s) for p, s in strings(contacts)
                   if re.search(r"(\.name|\.address\[\d+\])$", p)]
        for pn in contacts.get("print_notes") or []:
            if any(fold(pn["printed"]) in d for d in details) and \
                    re.search(r"misprint|typo|should read|\bis meant\b|correct", pn["note"], re.I):
                offenders.append(f"{c}: print note on {pn['printed']!r} picks a form: "
                                 f"{pn['note'][:80]!r}")
    assert offenders == []


def callout_countries(parts) -> set[str]:
    return {c for c in SEED_ORDER
            if "a vot is identified by" in fold(parts[c])}


def test_notes_on_the_identification_callout_name_the_countries_that_print_it(records, parts):
    """A note or remark that speaks of the contents-page callout "A VoT is identified by"
    names the countries whose contents page prints it, taken from the toolkit (review BE-1)."""
    having = callout_countries(parts)
    assert having  # the toolkit prints it somewhere
    offenders = []
    for c in COUNTRIES:
        notes = records[c]["health"]["notes"] + records[c]["health"]["remarks"]
        about = [n for n in notes if re.search(r"identified by", n, re.I)]
        missing = [NAMES[o] for o in sorted(having - {c}) if NAMES[o] not in " ".join(notes)]
        if about and missing:
            offenders.append(f"{c}: the health notes on the callout do not name {missing}")
        if c not in having and not about:
            offenders.append(f"{c}: identified_by is empty and no note says why")
    assert offenders == []


def test_values_taken_from_a_shared_contents_blurb_carry_a_caveat(records):
    """identified_by and legal.where_available come from contents-page blurbs. Where the
    blurb is word for word another country's, the section's notes or remarks say so and name
    it (review FR-1, FR-5)."""
    fields = {"health": "identified_by", "legal": "where_available"}
    offenders = []
    for slug, field in fields.items():
        for c in COUNTRIES:
            sec = records[c][slug]
            if not sec.get(field) or not sec["source"].get("contents"):
                continue
            twins = [o for o in COUNTRIES if o != c and records[o][slug]["source"].get("contents")
                     and fold(records[o][slug]["source"]["contents"])
                     == fold(sec["source"]["contents"])]
            notes = " ".join((sec.get("notes") or []) + (sec.get("remarks") or []))
            for o in twins:
                if NAMES[o] not in notes:
                    offenders.append(f"{c}.{slug}.{field}: blurb shared with {o}, "
                                     f"no note names it")
    assert offenders == []


def test_every_printed_contact_email_is_in_an_emails_field(records, parts):
    """Each email address printed in a country's part is in that profile's contacts as an
    email, even when printed run together with a URL (review UK-2)."""
    offenders = []
    for c in COUNTRIES:
        have = {s.casefold() for p, s in strings(records[c]["contacts"])
                if re.search(r"\.emails\[\d+\]$", p)}
        printed = re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}", parts[c])
        offenders += [f"{c}: {e}" for e in printed if e.casefold() not in have]
    assert offenders == []


def test_no_website_or_link_holds_an_email(records):
    offenders = [f"{c}: {p} = {s!r}" for c in COUNTRIES
                 for p, s in strings(records[c]["contacts"])
                 if re.search(r"\.(websites|links)\[\d+\]$", p) and "@" in s]
    assert offenders == []


def test_web_and_email_domains_that_differ_only_by_punctuation_have_a_note(records):
    """pagasa.be beside pag-asa.be: a note of the organisation or a remark of its contacts
    section says so (review BE-3)."""
    offenders = []
    for c in COUNTRIES:
        for path, org in walk(records[c]["contacts"]):
            if not (org.get("websites") and org.get("emails")):
                continue
            hosts = {re.sub(r"^(https?://)?(www\.)?", "", w).split("/")[0].casefold()
                     for w in org["websites"]}
            domains = {e.split("@")[1].casefold() for e in org["emails"]}
            for h in hosts:
                for d in domains:
                    if h != d and re.sub(r"\W", "", h) == re.sub(r"\W", "", d):
                        notes = " ".join((org.get("notes") or [])
                                         + records[c]["contacts"]["remarks"])
                        if h not in notes or d not in notes:
                            offenders.append(f"{c}: {org['name']}: {h} vs {d}, no note")
    assert offenders == []


def _digits(phone: str) -> str:
    return re.sub(r"\D", "", phone.replace("(0)", ""))


def test_annex_numbers_that_differ_from_the_contacts_have_notes_on_both_sides(records):
    """An organisation in both the hotline annex and a country's contacts, with different
    numbers: both records carry a note giving the other number (review BE-3); being about
    the 2013 text, it may be a remark (of the contacts section; of the annex country)."""
    offenders = []
    for country in records["hotlines"]["countries"]:
        c = country.get("profile")
        if not c:
            continue
        orgs = {fold(o["name"]): o for _, o in walk(records[c]["contacts"])
                if isinstance(o.get("name"), str)}
        for h in country["hotlines"]:
            org = orgs.get(fold(h["service"]))
            if not org or not org.get("phones"):
                continue
            annex = {n["printed"] for n in h["numbers"]}
            if {_digits(p) for p in annex} & {_digits(p) for p in org["phones"]}:
                continue
            org_notes = " ".join((org.get("notes") or []) + records[c]["contacts"]["remarks"])
            h_notes = " ".join((h.get("notes") or []) + country["remarks"])
            if not all(p in org_notes for p in annex):
                offenders.append(f"{c}: {org['name']}: no note on the annex number {annex}")
            if not all(p in h_notes for p in org["phones"]):
                offenders.append(f"annex {country['name']}: {h['service']}: no note on "
                                 f"{org['phones']}")
    assert offenders == []


def test_hotline_numbers_with_a_country_code_are_not_called_national(records):
    """A printed number that carries a country code is not a "national number" (AN-1)."""
    offenders = []
    for country in load_hotlines().countries:
        for h in country.hotlines:
            for n in h.numbers:
                label = phone_text(hotline_phone(n))
                if n.printed.lstrip().startswith("+") and "national number" in label:
                    offenders.append(f"{country.name}: {label}")
    assert offenders == []


# Hedges of the toolkit, each with the forms our prose may use for it.
HEDGES = {
    "seems": r"\bseem(s|ed|ingly)?\b|\bappear",
    "seem": r"\bseem(s|ed|ingly)?\b|\bappear",
    "often": r"\boften\b|\bfrequently\b",
    "usually": r"\busually\b|\bgenerally\b|\btypically\b",
    "in theory": r"\bin theory\b|\btheoretical",
    "one of": r"\bone of\b|\bamong\b",
    "fairly": r"\bfairly\b|\brather\b|\bquite\b",
    "quite": r"\bquite\b|\bfairly\b|\brather\b",
    "tend to": r"\btend",
    "sometimes": r"\bsometimes\b|\bat times\b|\boccasionally\b",
    "rarely": r"\brarely\b|\bseldom\b",
    "almost": r"\balmost\b|\bnearly\b",
    "vast majority": r"\bvast majority\b",
    "may": r"\bmay\b|\bmight\b|\bcan\b|\bcould\b|\bpossibl|\bperhaps\b",
    "some": r"\bsome\b|\bcertain\b|\ba few\b|\bseveral\b|\bpartly\b",
    "probably": r"\bprobabl|\blikely\b",
}
STOP = set("the a an of and to in for is are be by on or with as that this their its it from at "
           "which who was were have has not they them he she his her there been also vots vot "
           "victims victim trafficking".split())
PROSE = re.compile(r"(notes|key_facts|summary|steps\[\d+\]\.text|cost_note|compulsory_note)"
                   r"(\[\d+\])?$")


def _words(s: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", s.lower())


def test_hedges_of_the_source_are_kept(records, parts):
    """A prose item that restates a clause of the toolkit keeps that clause's hedge
    ("seems", "usually", "one of", "quite", "may"...). A clause is matched when the item
    holds at least 60% of its content words (4 or more), within the same country's part
    (review HU-2, IT-4, PR-3, item 3). Heuristic: a paraphrase that changes most words
    escapes it, so the pinned decisions below cover the review's own cases."""
    offenders = []
    for key, record in records.items():
        prose = [(p, s) for p, s in strings(record) if PROSE.search(p)]
        for sentence in re.split(r"(?<=[.;!?])\s+|\n+", parts[key]):
            for clause in re.split(r"[,;:()]|\bbut\b|\bhowever\b|\bwhereas\b", sentence):
                low = clause.lower()
                for hedge, kept in HEDGES.items():
                    if not re.search(rf"\b{hedge}\b", low):
                        continue
                    content = {w for w in _words(re.sub(rf"\b{hedge}\b", " ", low))
                               if w not in STOP and len(w) > 2}
                    if len(content) < 4:
                        continue
                    for p, s in prose:
                        if (len(content & set(_words(s))) / len(content) >= 0.6
                                and not re.search(kept, s.lower())):
                            offenders.append(f"{key}: {p} drops {hedge!r} of "
                                             f"{clause.strip()[:70]!r}")
    assert offenders == []


def _practice(records, pid):
    return next(p for p in records["practices"]["practices"] if p["id"] == pid)


def test_review_decisions_hold(records):
    """The review's individual findings, pinned (issue 12, "Values and caveats")."""
    fr, be, it, hu, uk = (records[c] for c in ("france", "belgium", "italy", "hungary",
                                                "united-kingdom"))
    nrm, acse = _practice(records, "uk-nrm"), _practice(records, "france-acse")
    hbaid, venice = _practice(records, "hungary-programme"), _practice(records, "venice-referral")
    salvation = next(o for g in uk["contacts"]["groups"] for o in g["organisations"]
                     if o["name"] == "THE SALVATION ARMY")
    checks = {
        "FR-3 specialised staff training not stated":
            fr["accommodation"]["specialised"]["staff_trained"] == "not stated",
        "FR-4 mainstream staff training stated":
            fr["accommodation"]["mainstream"]["staff_trained"] in ("no", "partly"),
        "FR-6 mainstream training system is a provider":
            any("mainstream" in p for p in fr["employment"]["training"]["providers"]),
        "FR-8 psychologists are psychosocial providers":
            any("psychologist" in p for p in fr["health"]["psychosocial"]["providers"]),
        "FR-8 NGO legal departments are legal providers":
            any("legal department" in p for p in fr["legal"]["providers"]),
        "FR-9 accompaniment qualified": fr["employment"]["employment"]["accompanied"] == "partly",
        "BE-2 summary gives the stated cause":
            "working conditions" in be["challenges"]["summary"],
        "IT-1 healthcare staff training not stated":
            it["health"]["healthcare"]["staff_trained"] == "not stated",
        "IT-2 print note on the Convention year":
            any("2000 Council of Europe Convention" in pn["printed"]
                for pn in it["permits"]["print_notes"]),
        "IT-3 no 'inconsistency' between 1 year and a 2-year average":
            not any("inconsisten" in n.lower() for s in it["permits"]["stages"]
                    for n in s["notes"]),
        "IT-4 hedges kept": all(w in " ".join(it["challenges"]["key_facts"]) for w in
                                ("seems fairly low", "as if", "denounce a lack")),
        "HU-1 successor strategy in preparation, not 'in place'":
            "in place" not in hu["challenges"]["summary"]
            and "2013-2016" in hu["challenges"]["summary"],
        "HU-2 qualifiers kept": all(w in " ".join(hu["challenges"]["key_facts"]) for w in
                                    ("vast majority", "often", "usually")),
        "HU-3 third-country nationals in theory only":
            hu["accommodation"]["specialised"]["accepted"]["third_country_nationals"]
            == "partly",
        "UK-1 summary has the embassy route and the NGOs":
            "Embassy" in uk["challenges"]["summary"] and "NGOs" in uk["challenges"]["summary"],
        "UK-2 Salvation Army website and email filled":
            salvation["websites"] == ["http://www.salvationarmy.org.uk/"]
            and salvation["emails"] == ["info@salvationarmy.org.uk"],
        "UK-2 printed run-together form kept":
            any(pn["printed"] == "http://www.salvationarmy.org.uk/info@salvationarmy.org.uk"
                for pn in uk["contacts"]["print_notes"]),
        "PR-1 no actor named for the risk assessment":
            not any(re.search(r"coordination assesses", s["text"]) for s in acse["steps"]),
        "PR-2 consent is for recognition": "in order to" in nrm["key_facts"][0]
            and "leads to" not in nrm["key_facts"][0],
        "PR-2 investigation to reach a decision":
            any("in order to reach" in s["text"] for s in nrm["steps"]),
        "PR-3 one of the primary aims":
            any("one of whose primary aims" in s["text"] for s in hbaid["steps"]),
        "PR-4 possibility and open list":
            any("can be applied" in n and "for example" in n for n in venice["notes"]),
    }
    assert [k for k, ok in checks.items() if not ok] == []


# ---------------------------------------------------------------- data review 2 (issue 20)


def test_a_since_2013_record_that_changes_a_flag_gives_its_value(profiles):
    """A record of kind `changed` about a yes/no field says what the value is now; one that
    re-rates nothing is not `changed` (review 2: fr-national-referral-mechanism)."""
    from fiit_cli.updates import FLAG_VALUES, load_updates, resolve_field

    records, _ = load_updates(with_local=False)
    offenders = []
    for r in records:
        if r.kind != "changed" or not r.concerns.field or r.country not in profiles:
            continue
        found, value = resolve_field(profiles[r.country], r.concerns.field)
        if found and isinstance(value, str) and value in FLAG_VALUES and not r.value:
            offenders.append(f"{r.id}: changed, but no value for {r.concerns.field}")
    assert offenders == []


def test_a_chart_that_may_never_have_been_printed_is_not_said_to_have_been_lost(records):
    """`survived: "no"` says a chart was printed and lost; where a remark says it cannot be
    told whether a chart was printed at all, the value is "not stated" (review 2, MV-8)."""
    offenders = []
    for c in COUNTRIES:
        figures = records[c]["figures"]
        for chart in figures["charts"]:
            said = [r for r in figures["remarks"] if chart["title"] in r
                    and re.search(r"cannot be told|not (possible|clear) whether", r)]
            if said and chart["survived"] == "no":
                offenders.append(f"{c}: {chart['title']}")
    assert offenders == []


def test_practice_steps_name_no_actor_the_text_does_not(records):
    """A practice step that names who does something uses an actor the practice lists (review
    2, PR-7: the text names no interviewer; the Evaluation and Crisis Unit was put in)."""
    venice = _practice(records, "venice-referral")
    interview = next(s for s in venice["steps"] if "interview" in s["text"].lower())
    assert "Evaluation and Crisis Unit" not in interview["text"] + interview["title"]


def test_review_2_decisions_hold(records):
    """The findings of data review 2 on the toolkit records and practices, pinned."""
    fr, be, hu, uk = (records[c] for c in ("france", "belgium", "hungary", "united-kingdom"))
    nrm, hbaid = _practice(records, "uk-nrm"), _practice(records, "hungary-programme")
    venice, coord = _practice(records, "venice-referral"), _practice(records, "belgium-coordination")
    uk_chart = next(c for c in uk["figures"]["charts"]
                    if c["title"] == "NUMBER OF PERSONS ASSISTED BY VoT-SPECIALIZED SERVICES")
    checks = {
        "BE-4 psychosocial staff training partly, with 'may'":
            be["health"]["psychosocial"]["staff_trained"] == "partly"
            and any("may" in p for p in be["health"]["psychosocial"]["providers"]),
        "BE-5 no access mechanism is named":
            be["employment"]["training"]["access_mechanism"] == "not stated"
            and any("VDAB" in n for n in be["employment"]["training"]["notes"]),
        "BE-6 compulsory only in Flanders": be["language"]["compulsory"] == "partly"
            and "Flemish" in be["language"]["compulsory_note"],
        "FR-10 access mechanism rests on one NGO":
            fr["employment"]["training"]["access_mechanism"] == "partly",
        "FR-12 the two parts differ on training":
            any("Part II" in r and "regularly trained" in r for r in fr["accommodation"]["remarks"]),
        "UK-4 'can vary' kept": "can vary" in uk["challenges"]["summary"]
            and any("can vary from year to year" in k for k in uk["challenges"]["key_facts"]),
        "UK-5 'information' kept": any("Very little information" in k
                                       for k in uk["challenges"]["key_facts"]),
        "UK-6 conditional kept": not any("must be paid" in n for n in uk["language"]["notes"])
            and "would not be free" in uk["language"]["cost_note"],
        "HU-4 an aim, not a placement rule":
            not any("is placed" in s["text"] for s in hbaid["steps"])
            and any("will not necessarily have access" in s["text"] for s in hbaid["steps"]),
        "HU-5 'can help' as printed":
            any("only the municipal social worker" in k and "can help" in k
                for k in hu["challenges"]["key_facts"]),
        "HU-6 both conditions kept":
            any(k.startswith("If safe accommodation is needed") for k in hbaid["key_facts"])
            and "commit to enrol" in hbaid["summary"],
        "PR-5 'if', not 'only when'":
            not any("only when" in k for k in nrm["key_facts"]),
        "PR-6 '(if they are eligible to)' kept": "if they are eligible" in nrm["summary"],
        "PR-7 no interviewer named":
            not any(s["title"] == "Evaluation and Crisis Unit interview" for s in venice["steps"]),
        "PR-8 mediators and operators kept apart":
            "with the help of the police authorities" in venice["steps"][0]["text"]
            and "(with help from the police authorities)" not in venice["steps"][0]["text"],
        "PR-9 'is linked to'": any("is linked to the collaboration" in n for n in coord["notes"]),
        "MV-3 accompanied when first accessing (HU, UK)": all(
            p["employment"]["employment"]["accompanied_condition"]
            == "when first accessing these services" for p in (hu, uk)),
        "MV-8 chart existence not stated": uk_chart["survived"] == "not stated",
    }
    assert [k for k, ok in checks.items() if not ok] == []


def test_review_2_since_2013_findings_hold():
    """The since-2013 findings of data review 2, pinned: each record updated from a newer page
    (the old source kept) or stripped of the claim no page read gives."""
    from fiit_cli.updates import load_updates

    by_id = {r.id: r for r in load_updates(with_local=False)[0]}
    urls = {rid: " ".join(s.url for s in r.sources) for rid, r in by_id.items()}
    now = {rid: r.now for rid, r in by_id.items()}
    checks = {
        "bg-116111 run by the Social Assistance Agency since 3 September 2022":
            by_id["bg-116111-child-helpline"].kind == "changed"
            and "3 September 2022" in now["bg-116111-child-helpline"]
            and "asp.government.bg" in urls["bg-116111-child-helpline"]
            and "puls.bg" in urls["bg-116111-child-helpline"],
        "hu-okit run by the Hungarian Interchurch Aid since 2024":
            "Ökumenikus Segélyszervezet" in now["hu-okit-hotline-confirmed"],
        "de-hilfetelefon on 116 016 since June 2023":
            "116 016" in by_id["de-hilfetelefon-gewalt-gegen-frauen"].phones
            and "1 June 2023" in now["de-hilfetelefon-gewalt-gegen-frauen"],
        "lv trust line now weekdays 9:00-17:00":
            "9:00-17:00" in now["lv-drosa-maja-uzticibas-talrunis"],
        "mt 116006 dated 2023": "1 May 2023" in now["mt-victim-support-agency-116006"],
        "be-payoke works August 2024 to spring 2026":
            "spring 2026" in now["be-payoke-temporary-address"],
        "uk-permit-vts pause narrowed to deportation orders":
            "deportation orders" in now["uk-permit-vts"],
        "it-ngo-register: the toolkit links a First Section list":
            "First Section" in now["it-ngo-register-second-section"]
            and "1 January 2025" in now["it-ngo-register-second-section"],
        "ie email sourced beyond the Garda page":
            "pai.ie" in urls["ie-crimestoppers-garda-confidential"],
        "hu 1228/2022 (IV. 14.) from its text":
            "A22H1228" in urls["hu-national-strategies-2013-2023"],
        "it-deo does not fund the freephone (not on the page)":
            "funds the victim-protection projects and" not in now["it-deo-national-coordinating-authority"],
        "it-nap no unsourced adoption day": "26 February" not in now["it-national-action-plan"],
        "fr-miprof no GRETA visit month": "February 2021" not in now["fr-miprof"],
        "fr-nap no '3 of the 44'": "44 measures" not in now["fr-national-action-plan"],
        "fr-cncdh no 'independent administrative authority'":
            "administrative authority" not in now["fr-national-rapporteur-cncdh"],
        "fr-nrm not 'changed'": by_id["fr-national-referral-mechanism"].kind != "changed",
        "se-terrafem: which line the number is for is not said":
            "without saying" in now["se-terrafem-jourtelefon"],
    }
    assert [k for k, ok in checks.items() if not ok] == []
