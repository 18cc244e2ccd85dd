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


def _region(profile: m.CountryProfile) -> str:
    return profile.iso2[:2]


def _phones(printed: list[str], st: Any, region: str, annex: bool = False) -> list:
    """A line's numbers: the current ones of a since-2013 record first, with their check
    date; then the 2013 ones, marked as printed in 2013 where a record has others now."""
    from fiit_cli.answers import record_phone

    out: list = []
    if st is not None and st.kind in ("changed", "new") and st.phones:
        out += [record_phone(n, region, st.checked, st) for n in st.phones]
    old = []
    for n in printed:
        ph = n if not isinstance(n, str) else phone(n)
        if out or (st is not None and st.kind == "changed"):
            ph = type(ph)(ph.printed, ph.e164, ph.intl, "as printed in 2013")
        old.append(ph)
    return out + old


def _status_field(st: Any, shown: set[str] | None = None) -> list[Field]:
    """What a since-2013 record says of the entry, with its source (the record is then
    not repeated below)."""
    if st is None:
        return []
    if shown is not None:
        shown.add(st.record)
    from fiit_cli.doc import Link

    return [Field("Since 2013", [Text(st.label())] + ([Link(st.url, st.url)] if st.url
                                                        else []))]


UNCONFIRMED = "as printed in 2013; not confirmed since"
ACSE = "ac.sé"  # France's national network: its shelters take adults only (lines 344, 1350)


def _for_minor(name: str, profile: m.CountryProfile, situation: Situation) -> list[Field]:
    if "minor" not in situation.groups or ACSE not in name.lower():
        return []
    acc = profile.accommodation.specialised.accepted
    printed = f" (“{acc.printed}”)" if acc is not None else ""
    return [Field("For a minor", [Text(
        f"Ac.Sé serves adults: the toolkit's VoT-specialised structures take adults only"
        f"{printed}; minors are hosted in specific shelters for youngsters.")])]


def _org(o: m.Organisation, st: Any, region: str, shown: set[str] | None = None) -> Entity:
    e = Entity(o.name)
    if o.phones or (st is not None and st.phones):
        e.fields.append(Field("Tel", _phones(o.phones, st, region)))
    if o.emails:
        e.fields.append(Field("Email", [email(x) for x in o.emails]))
    if not o.phones and not o.emails and o.websites:
        from fiit_cli.views.common import web

        e.fields.append(Field("Web", [web(w) for w in o.websites]))
    e.fields += _status_field(st, shown)
    return e


def call_first(profile: m.CountryProfile, annex: m.HotlineAnnex | None,
               records: list | None = None, situation: Situation | None = None,
               shown: set[str] | None = None) -> Section:
    """Whom to call: new national lines first, then the annex's lines and the specialised
    NGOs, each with what the since-2013 records say; what has closed is never listed to
    call, only named apart as closed."""
    from fiit_cli.answers import _status, new_lines, record_phone, status

    situation = situation or Situation()
    region = _region(profile)
    blocks = []
    lines = []
    closed: list = []
    fresh = new_lines(records, profile.id)
    if fresh:
        b = Block("New since 2013 (not in the toolkit)")
        for r in fresh:
            b.rows.append(Entity(r.title, [
                Field("Tel", [record_phone(n, region, r.checked, r) for n in r.phones]),
                *_status_field(_status(r), shown)]))
        blocks.append(b)
    country = next((c for c in annex.countries if c.profile == profile.id), None) \
        if annex else None
    if country is not None:
        b = Block("Counter-trafficking hotline (annex)")
        for h in country.hotlines:
            st = status(records, profile.id, hotline=h.service)
            if st is not None and st.kind == "ended":
                closed.append(Field(h.service, _status_field(st, shown)[0].items))
                continue
            numbers = [hotline_phone(n) for n in h.numbers]
            if st is not None and st.kind == "new":  # a new line beside it: listed above
                st = None
                numbers = [type(n)(n.printed, n.e164, n.intl, UNCONFIRMED) for n in numbers]
            fields = [Field("Tel", _phones(numbers, st, region))]
            if h.purpose:
                fields.insert(0, Field("For", [Text(h.purpose)]))
            if h.language:
                fields.append(Field("Language", [Text(h.language)]))
            fields += _status_field(st, shown) + _for_minor(h.service, profile, situation)
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
        rows: list = []
        for o in g.organisations:
            st = status(records, profile.id, organisation=o.name)
            if st is not None and st.kind == "ended":
                closed.append(Field(o.name, _status_field(st, shown)[0].items))
                continue
            e = _org(o, st, region, shown)
            e.fields += _for_minor(o.name, profile, situation)
            rows.append(e)
        blocks.append(Block(f"{g.heading} (contacts)", rows))
    if closed:
        blocks.append(Block("Closed since 2013: not to call", closed))
    lines.append(where(profile.contacts.source))
    blocks.append(Block(None, [Field("Source", [Text(line) for line in lines])]))
    return Section("Whom to call first", blocks)


def _stages(profile: m.CountryProfile, situation: Situation) -> list[Block]:
    from fiit_cli.answers import stage, stage_notes
    from fiit_cli.views.profile import conditions

    b = Block(None)
    for i, st in enumerate(profile.permits.stages):
        a = stage(profile.permits, i, situation)
        fields = [Field("Duration", [Text(st.duration)] if st.duration else []),
                  Field("Conditions", conditions(st.conditions))]
        notes = stage_notes(profile.permits, i)
        if notes:
            fields.append(Field("About the conditions", [Text(c.phrase()) for c in notes]))
        if a.verdict != "yes":
            fields.append(Field("For this person", [Flag(a.verdict, a.reason)]))
        if st.rights:
            fields.append(Field("Rights", [Text(", ".join(r.text for r in st.rights))]))
        b.rows.append(Entity(st.name, fields))
    return [b]


def _verdicts(profile: m.CountryProfile, need: str, situation: Situation,
              keep: tuple[str, ...], records: list | None) -> list[Block]:
    """The candidates of a need: those kept in full, the others on one line with the reason."""
    b = Block(None)
    for c in candidates(profile, need, situation, records):
        if c.verdict.value in keep:
            extra = [row] if (row := checked(c)) is not None else []
            b.rows.append(Entity(c.name, [Field("Answer", [answer(c)]), *extra, *c.fields]))
        else:
            b.rows.append(Field(c.name, [answer(c)]))
    return [b]


def _brief_fields(c: Any, labels: tuple[str, ...]) -> list[Field]:
    return [f for f in c.fields if f.label in labels + ("Conditions",)]


def _services(profile: m.CountryProfile, need: str, situation: Situation,
              labels: tuple[str, ...], records: list | None) -> list:
    return [Entity(c.name, [Field("Answer", [answer(c)]), *_brief_fields(c, labels)])
            for c in candidates(profile, need, situation, records)]


def topic_blocks(profile: m.CountryProfile, slug: str, situation: Situation,
                 records: list | None = None) -> list[Block]:
    if slug == "permits":
        return _stages(profile, situation)
    if slug == "accommodation":
        return _verdicts(profile, "shelter", situation, ("yes", "partly", "depends"), records)
    if slug == "health":
        return [Block(None, _services(profile, "health", situation,
                                      ("Access", "Services", "Provided by", "Free of charge"),
                                      records))]
    if slug == "legal":
        return [Block(None, _services(profile, "legal", situation,
                                      ("Free of charge", "Through mainstream services",
                                       "Provided by", "Where available (contents page)"),
                                      records))]
    if slug == "language":
        return [Block(None, _services(profile, "language", situation,
                                      ("Available through", "Free of charge", "Duration"),
                                      records))]
    rows = _services(profile, "training", situation,
                     ("Provided by", "Mechanism to facilitate access", "Free of charge"),
                     records) + \
        _services(profile, "work", situation, ("Accompanied",), records)
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
    every = records  # what the answers are resolved against
    records = [r for r in records if r.phones or r.concerns.hotline or r.kind == "ended"
               or (section_of(r) in slugs and r.kind != "confirmed")]

    who = situation.describe()
    intro = Para(f"Referral brief: {profile.name}, for {who}. As of {as_of(every)}. What the "
                 "IOM FIIT toolkit (2013) says, topic by topic, with its page; not stated in "
                 "the toolkit is never counted as a yes, nor is a yes whose condition the "
                 "situation does not settle. Since-2013 records are named here with their "
                 f"source; `fiit updates {profile.id}` gives them in full.")
    from fiit_cli.updates import LOCAL, is_confidential

    shown: set[str] = set()  # records shown at an entry to call, with their source
    parts: list = [intro, call_first(profile, annex, every, situation, shown)]
    # ... and not repeated below, unless they carry a mark the entry does not (local,
    # confidential)
    placed = {r.id for r in records if r.id in shown and not is_confidential(r)
              and r.origin != LOCAL}
    for slug, title in TOPICS:
        sec = getattr(profile, slug)
        blocks = topic_blocks(profile, slug, situation, every)
        blocks[-1].rows.append(Field("Source", [Text(where(sec.source))]))
        page = getattr(sec.source, "page", None)
        section = Section(f"{title} (p. {page})" if page is not None else title, blocks)
        here = [r for r in records if section_of(r) == slug]
        section.updates = [_short(node(r, on), r) for r in here]
        placed |= {r.id for r in here}
        parts.append(section)
    rest = [r for r in records if r.id not in placed]  # contacts, hotlines, the rest
    parts[1].updates = [_short(node(r, on), r) for r in rest]
    places = "; ".join(where(getattr(profile, s).source) for s, _ in TOPICS)
    data = {"country": profile.id, "name": profile.name,
            "situation": situation.data(),
            "brief": [_part_data(p) for p in parts[1:]],
            "since_2013": [r.model_dump(mode="json") for r in records]}
    cite = citation(f"Part I, {profile.name}: {places}; Annex, national hotlines")
    if records:
        cite = "\n".join([cite, *citations(records)])
    return Document(parts, data, citation=cite, sources=[
        f"Source: {TOOLKIT}, Part I ({profile.name}) and the annex of national hotlines; "
        "pages as given with each topic"])


def _short(u: Any, r: Any) -> Any:
    """A since-2013 record as a brief gives it, to keep to two printed pages: its title, one
    line of status (who says so; where the full text is), its numbers and addresses, and its
    first source. The full text stays in `fiit updates` and `fiit show`."""
    from fiit_cli.doc import Update

    more = f" ({len(r.sources) - 1} more source(s) in fiit updates)" if len(r.sources) > 1 \
        else ""
    now = f"per {r.sources[0].publisher}{more}"
    keep = {n: getattr(u, n) for n in ("title", "kind", "checked", "local", "stale",
                                        "items", "level", "confidential")}
    return Update(now=now, sources=u.sources[:1], **keep)


def as_of(records: list[Any]) -> str:
    """The brief's date, from the data so that it is reproducible: SOURCE_DATE_EPOCH when
    set, else the newest check of a since-2013 record, else the toolkit's year."""
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        import datetime

        day = datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).date()
        return day.isoformat()
    if records:
        return f"{max(r.checked for r in records)} (the newest check of a since-2013 record)"
    return "2013 (the toolkit alone)"


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
