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
)
from fiit_cli.struct import field, struct
from fiit_cli.updates import for_section
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


@struct
class Ask:
    """What the needs ask of :mod:`fiit_cli.answers`: the person and the records."""

    situation: Situation
    records: list | None = None

    def resolve(self, p: m.CountryProfile, slug: str, path: str, value: str | None = None):
        from fiit_cli.answers import resolve

        return resolve(getattr(p, slug), path, self.situation, records=self.records,
                       country=p.id, slug=slug, value=value)


def _check(label: str, a: Any, note: str | None = None) -> Check:
    """A criterion from a resolved answer: its verdict, with every condition in words."""
    words = "; ".join(c.phrase() for c in a.conditions) or note
    return Check(label, a.verdict, words)


def _shown(a: Any) -> Flag:
    from fiit_cli.answers import flag

    return flag(a, verdict_value=False)


def _conditions(a: Any) -> list[Field]:
    """The printed conditions of an answer that its verdict does not already give."""
    if a.verdict in ("yes", "partly") and a.value == a.verdict:
        return []
    rest = [c for c in a.conditions if c.state in ("shown", "met")]
    return [Field("Conditions", [Text(c.phrase()) for c in rest])] if rest else []


def _shelter(p: m.CountryProfile, ask: Ask) -> list[Candidate]:
    from fiit_cli.answers import conditions, text_with

    s = ask.situation
    out = []
    for name, key in (("VoT-specialised structures", "specialised"),
                      ("Mainstream structures", "mainstream")):
        st = getattr(p.accommodation, key)
        a = ask.resolve(p, "accommodation", f"{key}.available")
        note = " ".join(st.notes) if st.available == "no" else None
        checks = [_check("available", a, note)]
        if st.available == "yes" and s.groups:
            if st.accepted is None:
                checks.append(Check("who is accepted", "not stated"))
            else:
                checks += acceptance_checks(st.accepted, s)
        fields = _conditions(a)
        if st.accepted is not None:
            fields.append(Field("Accepts (as printed)", [Text(st.accepted.printed)]))
        fields += _texts("Type", st.types)
        period = text_with(st.period_of_stay, conditions(p.accommodation,
                                                         f"{key}.period_of_stay", s))
        fields += _texts("Period of stay", period)
        out.append(Candidate(name, combine(checks), fields, p.accommodation.source))
    return out


def _permit(p: m.CountryProfile, ask: Ask) -> list[Candidate]:
    from fiit_cli.answers import stage, stage_notes
    from fiit_cli.vocab import STAGE_KINDS

    out = []
    for i, st in enumerate(p.permits.stages):
        a = stage(p.permits, i, ask.situation)
        fields = [Field("Duration", [Text(st.duration)] if st.duration else []),
                  Field("Renewable", [Flag(st.renewable)]),
                  Field("Conditions", conditions(st.conditions))]
        notes = stage_notes(p.permits, i)
        if notes:
            fields.append(Field("About the conditions", [Text(c.phrase()) for c in notes]))
        fields += _texts("Opens rights to", [r.text for r in st.rights])
        check = Check("conditions", a.verdict, "; ".join(
            c.phrase() for c in a.conditions if c.state in ("unmet", "unknown")) or None)
        out.append(Candidate(f"{st.name} ({STAGE_KINDS[st.kind]})", combine([check]), fields,
                             p.permits.source))
    return out


def _with_free(checks: list[Check], s: Situation, a: Any) -> list[Check]:
    return checks + [_check("free of charge", a)] if s.free else checks


def _health(p: m.CountryProfile, ask: Ask) -> list[Candidate]:
    s = ask.situation
    ps, hc = p.health.psychosocial, p.health.healthcare
    ps_free = ask.resolve(p, "health", "psychosocial.free_of_charge")
    if ps.free_of_charge == "partly" and not ps_free.conditions:
        from fiit_cli.answers import Condition

        note = _note_on(ps.notes, "free", "charge")
        ps_free.conditions = [Condition(note)] if note else []
    hc_free = ask.resolve(p, "health", "healthcare.free_of_charge")
    access = ask.resolve(p, "health", "healthcare.access")
    available = ask.resolve(p, "health", "psychosocial.providers",
                            value="yes" if ps.providers else "not stated")
    psycho = Candidate(
        "Psychosocial support",
        combine(_with_free([_check("available", available)], s, ps_free)),
        [*_texts("Provided by", ps.providers),
         Field("Free of charge", [_shown(ps_free)]),
         Field("Staff trained for VoTs", [Flag(ps.staff_trained)])],
        p.health.source)
    care = Candidate(
        "Mainstream healthcare",
        combine(_with_free([_check("access", access)], s, hc_free)),
        [Field("Access", [_shown(access)]),
         *_texts("Services", hc.services),
         Field("Free of charge", [_shown(hc_free)])],
        p.health.source)
    return [psycho, care]


def _legal(p: m.CountryProfile, ask: Ask) -> list[Candidate]:
    lg = p.legal
    known = "yes" if (lg.providers or lg.where_available or lg.through_mainstream == "yes") \
        else lg.through_mainstream
    mainstream = ask.resolve(p, "legal", "through_mainstream")
    free = ask.resolve(p, "legal", "free_of_charge")
    fields = [Field("Through mainstream services", [_shown(mainstream)]),
              Field("Free of charge", [_shown(free)]),
              *_texts("Provided by", lg.providers),
              *_contents_page(lg.where_available, p)]
    available = ask.resolve(p, "legal", "providers", value=known)
    checks = _with_free([_check("available", available)], ask.situation, free)
    return [Candidate("Legal assistance", combine(checks), fields, lg.source)]


CONTENTS_CAVEAT = ("a contents-page blurb, not the section's text")


def _contents_page(text: str | None, p: m.CountryProfile) -> list[Field]:
    """A contents-page blurb, labelled as such, with the caveat (and the empty-section
    remark where the section's own text says nothing)."""
    if not text:
        return []
    items = [Text(text), Text(f"({CONTENTS_CAVEAT})")]
    lg = p.legal
    if not lg.providers and lg.through_mainstream == "not stated" \
            and lg.free_of_charge == "not stated":
        items.append(Text("(the section itself prints nothing under its heading)"))
    return [Field("Where available (contents page)", items)]


def _language(p: m.CountryProfile, ask: Ask) -> list[Candidate]:
    la = p.language
    free = ask.resolve(p, "language", "free_of_charge")
    compulsory = ask.resolve(p, "language", "compulsory")
    fields = [*_texts("Available through", la.available_through),
              Field("Free of charge", [_shown(free)]),
              Field("Compulsory", [_shown(compulsory)]),
              *_texts("Duration", la.duration)]
    available = ask.resolve(p, "language", "available_through",
                            value="yes" if la.available_through else "not stated")
    fields = _conditions(available) + fields
    checks = _with_free([_check("available", available)], ask.situation, free)
    return [Candidate("Language courses", combine(checks), fields, la.source)]


def _training(p: m.CountryProfile, ask: Ask) -> list[Candidate]:
    t = p.employment.training
    available = ask.resolve(p, "employment", "training.available")
    free = ask.resolve(p, "employment", "training.free_of_charge")
    mechanism = ask.resolve(p, "employment", "training.access_mechanism")
    fields = [Field("Available for VoTs", [_shown(available)]),
              *_texts("Provided by", t.providers),
              Field("Mechanism to facilitate access", [_shown(mechanism)]),
              Field("Free of charge", [_shown(free)])]
    note = _note_on(t.notes, "ngo", "programme") if t.available == "no" else None
    checks = _with_free([_check("available", available, note)], ask.situation, free)
    return [Candidate("Training", combine(checks), fields, p.employment.source)]


def _work(p: m.CountryProfile, ask: Ask) -> list[Candidate]:
    w = p.employment.employment
    access = ask.resolve(p, "employment", "employment.mainstream_access")
    fields = [Field("Access to mainstream services", [_shown(access)]),
              Field("Accompanied", [Flag(w.accompanied, w.accompanied_condition)])]
    checks = [_check("access to mainstream employment services", access)]
    return [Candidate("Employment services", combine(checks), fields, p.employment.source)]


CANDIDATES = {"shelter": _shelter, "permit": _permit, "health": _health, "legal": _legal,
              "language": _language, "training": _training, "work": _work}


def candidates(profile: m.CountryProfile, need: str, situation: Situation,
               records: list | None = None) -> list[Candidate]:
    return CANDIDATES[need](profile, Ask(situation, records))


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
    from fiit_cli.answers import NO_CONDITION

    v = c.verdict
    if v.value == "yes":
        notes = [ch.note for ch in v.checks if ch.value == "yes" and ch.note]
        return Flag("yes", "; ".join(notes) or NO_CONDITION)
    if v.value == "depends":  # "yes, if — the person stays regularly: “…”"
        return Flag(v.value, "; ".join(ch.note or ch.label for ch in v.checks
                                       if ch.value == "depends"))
    if v.value == "not stated":  # "not stated in the toolkit — EU nationals"
        return Flag(v.value, "; ".join(ch.label for ch in v.checks
                                       if ch.value == "not stated") or None)
    return Flag(v.value, "; ".join(v.reasons) or None)


def checked(c: Candidate) -> Field | None:
    """Each criterion checked for this person, with the value the data holds for it."""
    from fiit_cli.vocab import label

    if len(c.verdict.checks) < 2:
        return None
    def word(value: str) -> str:
        return "yes, if …" if value == "depends" else label(value)

    # "Point by point", not "Checked": the since-2013 records' "checked DATE" is another thing
    return Field("Point by point",
                 [Text(f"{ch.label}: {word(ch.value)}") for ch in c.verdict.checks])


def entity(c: Candidate) -> Entity:
    fields = [Field("Answer", [answer(c)]), *c.fields]
    if (row := checked(c)) is not None:
        fields.insert(1, row)
    if c.source is not None:
        fields.append(Field("Source", [Text(where(c.source))]))
    return Entity(c.name, fields)


def since_block(records: list) -> Block:
    """The since-2013 records about the section asked of, each in a line or two (title,
    kind, date, whose; an EU rule marked so) with its first source; `fiit updates` has them
    in full. Never merged into the answers above: the toolkit's answer stays 2013's."""
    from fiit_cli.answers import _status
    from fiit_cli.doc import Link

    rows = []
    for r in records:
        label = _status(r).label() + (" · EU-level: an EU rule for the member states"
                                      if r.applies_to else "")
        src = r.sources[0].url if r.sources else None
        rows.append(Entity(r.title, [Field("Since 2013", [Text(label)]),
                                     *([Field("Source", [Link(src, src)])] if src else [])]))
    return Block("Since 2013 (not from the toolkit; fiit updates has them in full)", rows)


def country_section(profile: m.CountryProfile, need: str, found: list[Candidate],
                    records: list | None = None) -> Section:
    blocks = []
    for value in VERDICTS:
        chosen = [c for c in found if c.verdict.value == value]
        if chosen:
            blocks.append(Block(GROUP[value], [entity(c) for c in chosen]))
        elif value == "yes":
            none = Field("None", [Text("nothing listed fits on every point")])
            blocks.append(Block(GROUP[value], [none]))
    if records:
        blocks.append(since_block(records))
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


def document(profiles: list[m.CountryProfile], need: str, situation: Situation,
             records: list | None = None) -> Document:
    from fiit_cli.doc import raw

    parts: list = []
    skipped = not_applied(need, situation)
    heading = f"{need} for {situation.describe()}"
    parts.append(Para(f"Find: {heading}. Not stated in the toolkit is never a match, nor is a "
                      "yes whose condition the situation does not settle: such answers are "
                      "listed apart."))
    if skipped:
        parts.append(Para(skipped))
    data: dict[str, Any] = {"need": need, "situation": situation.data(),
                            "not_applied": skipped, "countries": []}
    rows = []
    places = []
    for p in profiles:
        found = candidates(p, need, situation, records)
        about = for_section(records or [], p.id, NEEDS[need][0])
        parts.append(country_section(p, need, found, about))
        data["countries"].append({"id": p.id, "name": p.name,
                                  "results": [record(c) for c in found],
                                  "since_2013": [r.model_dump(mode="json") for r in about]})
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
