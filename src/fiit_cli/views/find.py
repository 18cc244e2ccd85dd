"""`fiit find`: per country, the structures or services that fit a person's need and situation.

Records in, nodes out. Each candidate (a structure, a permit stage, a service) gets a verdict
from :mod:`fiit_cli.person`; a country's answer groups them: matches, partly, unknown (not
stated in the toolkit: never a match), and those that do not match, each with its reason.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fiit_cli.doc import Block, Document, Entity, Field, Flag, Para, Section, Table, Text
from fiit_cli.person import (
    GROUP,
    NEEDS,
    VERDICTS,
    Check,
    Situation,
    Verdict,
    acceptance_checks,
    combine,
    free_check,
)
from fiit_cli.struct import field, struct
from fiit_cli.views.common import citation, where
from fiit_cli.views.profile import conditions
from fiit_cli.vocab import TOOLKIT

if TYPE_CHECKING:
    from fiit_cli import models as m

# Which parts of the situation the toolkit's data can answer, need by need.
APPLIES: dict[str, tuple[bool, bool]] = {  # need → (person's groups, --free)
    "shelter": (True, False),
    "permit": (False, False),
    "health": (False, True),
    "legal": (False, True),
    "language": (False, True),
    "training": (False, True),
    "work": (False, False),
}
NOT_RECORDED = {
    "shelter": "the toolkit gives no cost for accommodation",
    "permit": "the toolkit's permit stages do not say whether they differ for them",
    "work": "the toolkit says nothing of this for employment services",
}
WHO = ("the toolkit says who structures accept, but not who may use this service")


@struct
class Candidate:
    """A structure, a permit stage or a service, its verdict, and what the data says of it."""

    name: str
    verdict: Verdict
    fields: list[Field] = field(default_factory=list)
    source: m.Source | None = None


def _flag(value: str, note: str | None = None) -> Flag:
    return Flag(value, note)


def _texts(label: str, texts: list[str] | str | None) -> list[Field]:
    if not texts:
        return []
    texts = [texts] if isinstance(texts, str) else texts
    return [Field(label, [Text(t) for t in texts])]


def _note_on(notes: list[str], *words: str) -> str | None:
    """The notes that speak of something (what 'partly' means when no field says it)."""
    found = [n for n in notes if any(w in n.lower() for w in words)]
    return found[0] if found else None


# ---------------------------------------------------------------- the needs


def _shelter(p: m.CountryProfile, s: Situation) -> list[Candidate]:
    out = []
    for name, st in (("VoT-specialised structures", p.accommodation.specialised),
                     ("Mainstream structures", p.accommodation.mainstream)):
        note = " ".join(st.notes) if st.available == "no" else None
        checks = [Check("available", st.available, note)]
        if st.available == "yes" and s.groups:
            if st.accepted is None:
                checks.append(Check("who is accepted", "not stated"))
            else:
                checks += acceptance_checks(st.accepted, s)
        fields = []  # whether it is available is in the answer (and in what was checked)
        if st.accepted is not None:
            fields.append(Field("Accepts (as printed)", [Text(st.accepted.printed)]))
        fields += _texts("Conditions", st.conditions)
        fields += _texts("Type", st.types)
        fields += _texts("Period of stay", st.period_of_stay)
        out.append(Candidate(name, combine(checks), fields, p.accommodation.source))
    return out


def _permit(p: m.CountryProfile, s: Situation) -> list[Candidate]:
    from fiit_cli.vocab import STAGE_KINDS

    out = []
    for stage in p.permits.stages:
        fields = [Field("Duration", [Text(stage.duration)] if stage.duration else []),
                  Field("Renewable", [Flag(stage.renewable)]),
                  Field("Conditions", conditions(stage.conditions))]
        fields += _texts("Opens rights to", [r.text for r in stage.rights])
        out.append(Candidate(f"{stage.name} ({STAGE_KINDS[stage.kind]})",
                             combine([Check("stage", "yes")]), fields, p.permits.source))
    return out


def _with_free(checks: list[Check], s: Situation, value: str, note: str | None) -> list[Check]:
    return checks + [free_check(value, note)] if s.free else checks


def _health(p: m.CountryProfile, s: Situation) -> list[Candidate]:
    ps, hc = p.health.psychosocial, p.health.healthcare
    ps_free_note = _note_on(ps.notes, "free", "charge") if ps.free_of_charge == "partly" else None
    hc_free_note = _note_on(hc.notes, "free", "charge") if hc.free_of_charge == "partly" else None
    psycho = Candidate(
        "Psychosocial support",
        combine(_with_free([Check("available", "yes" if ps.providers else "not stated")], s,
                           ps.free_of_charge, ps_free_note)),
        [*_texts("Provided by", ps.providers),
         Field("Free of charge", [Flag(ps.free_of_charge, ps_free_note)]),
         Field("Staff trained for VoTs", [Flag(ps.staff_trained)])],
        p.health.source)
    care = Candidate(
        "Mainstream healthcare",
        combine(_with_free([Check("access", hc.access, hc.access_condition)], s,
                           hc.free_of_charge, hc_free_note)),
        [Field("Access", [Flag(hc.access, hc.access_condition)]),
         *_texts("Services", hc.services),
         Field("Free of charge", [Flag(hc.free_of_charge, hc_free_note)])],
        p.health.source)
    return [psycho, care]


def _legal(p: m.CountryProfile, s: Situation) -> list[Candidate]:
    lg = p.legal
    known = "yes" if (lg.providers or lg.where_available or lg.through_mainstream == "yes") \
        else lg.through_mainstream
    fields = [Field("Through mainstream services",
                    [Flag(lg.through_mainstream, lg.mainstream_condition)]),
              Field("Free of charge", [Flag(lg.free_of_charge, lg.free_condition)]),
              *_texts("Provided by", lg.providers),
              *_texts("Where available (contents page)", lg.where_available)]
    checks = _with_free([Check("available", known)], s, lg.free_of_charge, lg.free_condition)
    return [Candidate("Legal assistance", combine(checks), fields, lg.source)]


def _language(p: m.CountryProfile, s: Situation) -> list[Candidate]:
    la = p.language
    fields = [*_texts("Available through", la.available_through),
              Field("Free of charge", [Flag(la.free_of_charge, la.cost_note)]),
              Field("Compulsory", [Flag(la.compulsory, la.compulsory_note)]),
              *_texts("Duration", la.duration)]
    checks = _with_free([Check("available", "yes" if la.available_through else "not stated")],
                        s, la.free_of_charge, la.cost_note)
    return [Candidate("Language courses", combine(checks), fields, la.source)]


def _training(p: m.CountryProfile, s: Situation) -> list[Candidate]:
    t = p.employment.training
    fields = [Field("Available for VoTs", [Flag(t.available)]),
              *_texts("Provided by", t.providers),
              Field("Mechanism to facilitate access", [Flag(t.access_mechanism)]),
              Field("Free of charge", [Flag(t.free_of_charge, t.cost_note)])]
    note = _note_on(t.notes, "ngo", "programme") if t.available == "no" else None
    checks = _with_free([Check("available", t.available, note)], s, t.free_of_charge,
                        t.cost_note)
    return [Candidate("Training", combine(checks), fields, p.employment.source)]


def _work(p: m.CountryProfile, s: Situation) -> list[Candidate]:
    w = p.employment.employment
    fields = [Field("Access to mainstream services", [Flag(w.mainstream_access,
                                                           w.access_condition)]),
              Field("Accompanied", [Flag(w.accompanied, w.accompanied_condition)])]
    checks = [Check("access to mainstream employment services", w.mainstream_access,
                    w.access_condition)]
    return [Candidate("Employment services", combine(checks), fields, p.employment.source)]


CANDIDATES = {"shelter": _shelter, "permit": _permit, "health": _health, "legal": _legal,
              "language": _language, "training": _training, "work": _work}


def candidates(profile: m.CountryProfile, need: str, situation: Situation) -> list[Candidate]:
    return CANDIDATES[need](profile, situation)


def not_applied(need: str, situation: Situation) -> str | None:
    """The parts of the situation the data cannot answer for this need, said once."""
    groups_ok, free_ok = APPLIES[need]
    flags = [] if groups_ok else [f"--{g}" for g in situation.groups]
    if situation.free and not free_ok:
        flags.append("--free")
    if not flags:
        return None
    why = NOT_RECORDED.get(need, WHO)
    return (f"Not applied to {need}: {' '.join(flags)} ({why}); everything the toolkit lists "
            "is shown.")


# ---------------------------------------------------------------- nodes


def answer(c: Candidate) -> Flag:
    """The verdict as a fact: 'no — minors: no (adults only)'."""
    v = c.verdict
    if v.value == "yes":
        notes = [ch.note for ch in v.checks if ch.value == "yes" and ch.note]
        return Flag("yes", "; ".join(notes) or None)
    if v.value == "not stated":  # "not stated in the toolkit — EU nationals"
        return Flag(v.value, "; ".join(ch.label for ch in v.checks
                                       if ch.value == "not stated") or None)
    return Flag(v.value, "; ".join(v.reasons) or None)


def checked(c: Candidate) -> Field | None:
    """What was checked for this person, each with the value the data holds."""
    from fiit_cli.vocab import label

    if len(c.verdict.checks) < 2:
        return None
    return Field("Checked", [Text(f"{ch.label}: {label(ch.value)}") for ch in c.verdict.checks])


def entity(c: Candidate) -> Entity:
    fields = [Field("Answer", [answer(c)]), *c.fields]
    if (row := checked(c)) is not None:
        fields.insert(1, row)
    if c.source is not None:
        fields.append(Field("Source", [Text(where(c.source))]))
    return Entity(c.name, fields)


def country_section(profile: m.CountryProfile, need: str, found: list[Candidate]) -> Section:
    blocks = []
    for value in VERDICTS:
        chosen = [c for c in found if c.verdict.value == value]
        if chosen:
            blocks.append(Block(GROUP[value], [entity(c) for c in chosen]))
        elif value == "yes":
            none = Field("None", [Text("nothing listed fits on every point")])
            blocks.append(Block(GROUP[value], [none]))
    # Each answer carries its own source (every format shows it): no section line to repeat.
    return Section(f"{profile.name} · {need}", blocks)


def record(c: Candidate) -> dict[str, Any]:
    from fiit_cli.doc import raw_items

    return {"item": c.name, "answer": c.verdict.value, "reasons": c.verdict.reasons,
            "checks": [{"criterion": ch.label, "value": ch.value, "note": ch.note}
                       for ch in c.verdict.checks],
            "details": {f.label: raw_items(f.items) for f in c.fields},
            "source": c.source.model_dump(mode="json") if c.source else None}


COLUMNS = ["country", "need", "item", "answer", "reasons", "details", "source"]


def document(profiles: list[m.CountryProfile], need: str, situation: Situation) -> Document:
    from fiit_cli.doc import raw

    parts: list = []
    skipped = not_applied(need, situation)
    heading = f"{need} for {situation.describe()}"
    parts.append(Para(f"Find: {heading}. Not stated in the toolkit is never a match: such "
                      "answers are listed apart, as unknown."))
    if skipped:
        parts.append(Para(skipped))
    data: dict[str, Any] = {"need": need, "situation": {"groups": list(situation.groups),
                                                        "free": situation.free},
                            "not_applied": skipped, "countries": []}
    rows = []
    places = []
    for p in profiles:
        found = candidates(p, need, situation)
        parts.append(country_section(p, need, found))
        data["countries"].append({"id": p.id, "name": p.name,
                                  "results": [record(c) for c in found]})
        places.append(f"{p.name}, {where(getattr(p, NEEDS[need][0]).source)}")
        for c in found:
            details = "; ".join(raw(f) for f in c.fields)
            values = [p.name, need, c.name, c.verdict.value, "; ".join(c.verdict.reasons),
                      details, where(c.source) if c.source else ""]
            rows.append([[Text(v)] for v in values])
    slug = NEEDS[need][0]
    heading = getattr(profiles[0], slug).source.heading if profiles else slug
    return Document(parts, data, rows=Table(COLUMNS, rows),
                    sources=[f"Source: {TOOLKIT}, Part I, section “{heading}” of each country "
                             "(pages as given with each answer)"],
                    citation=citation("Part I: " + "; ".join(places)))
