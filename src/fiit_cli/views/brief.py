"""`fiit brief`: a one-page referral brief for one person in one country.

Whom to call first (the annex's hotlines, the specialised NGOs), the permit route in short,
the shelters that accept this person, health care, legal aid, language courses and training,
each with its page; the since-2013 records beside the topic they concern.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fiit_cli.doc import Block, Document, Entity, Field, Flag, Para, Section, Text
from fiit_cli.person import Situation
from fiit_cli.views.common import (
    citation,
    email,
    hotline_phone,
    phone,
    where,
)
from fiit_cli.views.find import answer, candidates, checked
from fiit_cli.vocab import TOOLKIT

if TYPE_CHECKING:
    import datetime

    from fiit_cli import models as m

# the topics of a brief, the profile section each comes from
TOPICS = [("permits", "Residence permit: the route in short"),
          ("accommodation", "Shelter for this person"),
          ("health", "Health care"),
          ("legal", "Legal aid"),
          ("language", "Language courses"),
          ("employment", "Training and work")]
CALL_KINDS = ("specialised_ngos",)  # the contact groups to call first


def _org(o: m.Organisation) -> Entity:
    e = Entity(o.name)
    if o.phones:
        e.fields.append(Field("Tel", [phone(p) for p in o.phones]))
    if o.emails:
        e.fields.append(Field("Email", [email(x) for x in o.emails]))
    if not o.phones and not o.emails and o.websites:
        from fiit_cli.views.common import web

        e.fields.append(Field("Web", [web(w) for w in o.websites]))
    return e


def call_first(profile: m.CountryProfile, annex: m.HotlineAnnex | None) -> Section:
    blocks = []
    lines = []
    country = next((c for c in annex.countries if c.profile == profile.id), None) \
        if annex else None
    if country is not None:
        b = Block("Counter-trafficking hotline (annex)")
        for h in country.hotlines:
            fields = [Field("Tel", [hotline_phone(n) for n in h.numbers])]
            if h.purpose:
                fields.insert(0, Field("For", [Text(h.purpose)]))
            if h.language:
                fields.append(Field("Language", [Text(h.language)]))
            b.rows.append(Entity(h.service, fields))
        blocks.append(b)
        assert annex is not None
        lines.append(f"annex “{annex.source.heading}”"
                     + (f", p. {annex.source.page}" if annex.source.page else ""))
    groups = [g for g in profile.contacts.groups if g.kind in CALL_KINDS and g.organisations]
    if not groups:  # no specialised NGO listed: the other contacts, so there is someone
        groups = [g for g in profile.contacts.groups if g.organisations]
        blocks.append(Block(None, [Field("Specialised NGOs", [Text(
            "none listed in the toolkit's contacts for this country; its other contacts:")])]))
    for g in groups:
        blocks.append(Block(f"{g.heading} (contacts)",
                            [_org(o) for o in g.organisations]))
    lines.append(where(profile.contacts.source))
    blocks.append(Block(None, [Field("Source", [Text(line) for line in lines])]))
    return Section("Whom to call first", blocks)


def _stages(profile: m.CountryProfile) -> list[Block]:
    from fiit_cli.views.profile import conditions

    b = Block(None)
    for stage in profile.permits.stages:
        fields = [Field("Duration", [Text(stage.duration)] if stage.duration else []),
                  Field("Conditions", conditions(stage.conditions))]
        if stage.rights:
            fields.append(Field("Rights", [Text(", ".join(r.text for r in stage.rights))]))
        b.rows.append(Entity(stage.name, fields))
    return [b]


def _verdicts(profile: m.CountryProfile, need: str, situation: Situation,
              keep: tuple[str, ...]) -> list[Block]:
    """The candidates of a need: those kept in full, the others on one line with the reason."""
    b = Block(None)
    for c in candidates(profile, need, situation):
        if c.verdict.value in keep:
            extra = [row] if (row := checked(c)) is not None else []
            b.rows.append(Entity(c.name, [Field("Answer", [answer(c)]), *extra, *c.fields]))
        else:
            b.rows.append(Field(c.name, [answer(c)]))
    return [b]


def _brief_fields(c: Any, labels: tuple[str, ...]) -> list[Field]:
    return [f for f in c.fields if f.label in labels]


def _services(profile: m.CountryProfile, need: str, situation: Situation,
              labels: tuple[str, ...]) -> list:
    return [Entity(c.name, [Field("Answer", [answer(c)]), *_brief_fields(c, labels)])
            for c in candidates(profile, need, situation)]


def topic_blocks(profile: m.CountryProfile, slug: str, situation: Situation) -> list[Block]:
    if slug == "permits":
        return _stages(profile)
    if slug == "accommodation":
        return _verdicts(profile, "shelter", situation, ("yes", "partly"))
    if slug == "health":
        return [Block(None, _services(profile, "health", situation,
                                      ("Access", "Provided by", "Free of charge")))]
    if slug == "legal":
        return [Block(None, _services(profile, "legal", situation,
                                      ("Free of charge", "Through mainstream services",
                                       "Provided by")))]
    if slug == "language":
        return [Block(None, _services(profile, "language", situation,
                                      ("Available through", "Free of charge", "Duration")))]
    rows = _services(profile, "training", situation,
                     ("Provided by", "Free of charge")) + \
        _services(profile, "work", situation, ("Accompanied",))
    return [Block(None, rows)]


def document(profile: m.CountryProfile, annex: m.HotlineAnnex | None, situation: Situation,
             records: list[Any], on: datetime.date) -> Document:
    """The brief: who to call, then each topic with its page; records beside their topic.

    To keep it to a page or two, the since-2013 records are those about a line to call or
    that change a topic of the brief; `fiit updates COUNTRY` lists them all.
    """
    from fiit_cli.updates import section_of
    from fiit_cli.views.updates import citations, node

    slugs = {slug for slug, _ in TOPICS}
    records = [r for r in records if r.phones or r.concerns.hotline
               or (section_of(r) in slugs and r.kind != "confirmed")]

    who = situation.describe()
    intro = Para(f"Referral brief: {profile.name}, for {who}. What the IOM FIIT toolkit (2013) "
                 "says, topic by topic, with its page; not stated in the toolkit is never "
                 "counted as a yes.")
    parts: list = [intro, call_first(profile, annex)]
    placed: set[str] = set()
    for slug, title in TOPICS:
        sec = getattr(profile, slug)
        blocks = topic_blocks(profile, slug, situation)
        blocks[-1].rows.append(Field("Source", [Text(where(sec.source))]))
        section = Section(title, blocks)
        here = [r for r in records if section_of(r) == slug]
        section.updates = [node(r, on) for r in here]
        placed |= {r.id for r in here}
        parts.append(section)
    rest = [r for r in records if r.id not in placed]  # contacts, hotlines, the rest
    parts[1].updates = [node(r, on) for r in rest]
    places = "; ".join(where(getattr(profile, s).source) for s, _ in TOPICS)
    data = {"country": profile.id, "name": profile.name,
            "situation": {"groups": list(situation.groups), "free": situation.free},
            "brief": [_part_data(p) for p in parts[1:]],
            "since_2013": [r.model_dump(mode="json") for r in records]}
    cite = citation(f"Part I, {profile.name}: {places}; Annex, national hotlines")
    if records:
        cite = "\n".join([cite, *citations(records)])
    return Document(parts, data, citation=cite, sources=[
        f"Source: {TOOLKIT}, Part I ({profile.name}) and the annex of national hotlines; "
        "pages as given with each topic"])


def _part_data(s: Section) -> dict:
    from fiit_cli.doc import raw, raw_items

    def row(r: Any) -> dict:
        if isinstance(r, Entity):
            return {"name": r.name, **{f.label: raw_items(f.items) for f in r.fields}}
        return {"name": r.label, "value": raw_items(r.items)}

    return {"topic": s.title, "source": s.source,
            "items": [row(r) for b in s.blocks for r in b.rows],
            "text": [raw(r) for b in s.blocks for r in b.rows]}


__all__ = ["document", "Flag"]
