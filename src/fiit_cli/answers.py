"""One resolved answer: the toolkit's value, its printed conditions, the person, and since 2013.

Every view that tells a caseworker what holds for someone (``find``, ``brief``, ``overview``,
``compare``, ``hotline``, the contact cards) asks here; none works an answer out on its own.
The model is pip's ``packaging.markers``: a condition is data (the printed words and tags
from :data:`fiit_cli.vocab.CONDITION_TAGS`), evaluated once against the person's situation
(:func:`fiit_cli.person.meets`); what the situation does not say is unknown, never true.

* :func:`resolve` — a value of a profile section for a person: :class:`Answer`.
* :func:`status` / :func:`line_status` — what the since-2013 records say of a value, an
  organisation or a line to call (confirmed, changed, new, ended; source and date).
* :func:`flag` — an answer as the :class:`fiit_cli.doc.Flag` every writer shows: a yes or
  a no never without its condition, or "no condition stated".

Records in, answers out: nothing here prints or reads files.
"""

from __future__ import annotations

from typing import Any

from fiit_cli.person import Situation, meets
from fiit_cli.struct import field, struct

# The condition fields of the schema, by the value they qualify (path inside the section):
# shown as the value's condition where no qualifier of the section speaks of it.
LEGACY = {
    "healthcare.access": ("healthcare.access_condition",),
    "through_mainstream": ("mainstream_condition",),
    "free_of_charge": ("free_condition", "cost_note"),
    "compulsory": ("compulsory_note",),
    "employment.mainstream_access": ("employment.access_condition",),
    "training.free_of_charge": ("training.cost_note",),
}
NO_CONDITION = "no condition stated"
LOCAL = "local"  # the origin of a record of an organisation's own layer (fiit_cli.updates)
LOCAL_NOTE = "local record"


def local_note(record: Any) -> str:
    """'; local record' after a since-2013 record's date where it comes from the
    organisation's own layer, else '': every view that cites a record says whose it is."""
    return f"; {LOCAL_NOTE}" if getattr(record, "origin", None) == LOCAL else ""


@struct(frozen=True)
class Condition:
    """A printed condition of a value, evaluated for the person.

    ``state`` is ``shown`` (no tag: the words are shown, nothing is evaluated), ``met``,
    ``unmet`` or ``unknown`` (the situation does not say).
    """

    text: str
    tags: tuple[str, ...] = ()
    state: str = "shown"
    only: bool = True
    unmet: str | None = None
    note: str | None = None
    line: int | None = None

    def phrase(self) -> str:
        """The condition as it reads beside a value, by state."""
        from fiit_cli.vocab import CONDITION_TAGS

        quoted = f"“{self.text}”"
        note = f" ({self.note})" if self.note else ""
        if self.state == "met":
            return f"condition met: {quoted}{note}"
        if self.state == "unmet":
            return f"condition not met: {quoted}" + (f" {self.unmet}" if self.unmet else "") \
                + note
        if self.state == "unknown":
            asks = " and ".join(CONDITION_TAGS[t] for t in self.tags)
            return f"if {asks}: {quoted}{note}"
        return f"{quoted}{note}"

    def data(self) -> dict:
        return {"text": self.text, "tags": list(self.tags), "state": self.state,
                "only": self.only, "unmet": self.unmet, "note": self.note, "line": self.line}


@struct(frozen=True)
class Status:
    """What a since-2013 record says of a value, an organisation or a line."""

    kind: str  # confirmed | changed | new | ended
    title: str
    checked: str
    source: str  # the first page's publisher
    record: str  # the record's id
    phones: tuple[str, ...] = ()
    effective: str | None = None  # when it took effect, where the record says
    value: str | None = None  # a yes/no value now
    url: str = ""  # the first page read
    origin: str = "toolkit-update"  # or "local": the organisation's own layer

    @property
    def local(self) -> bool:
        return self.origin == LOCAL

    def label(self) -> str:
        """'closed 2015 (Third Sector …; checked 2026-11-29)', 'confirmed, checked …';
        a local record says so: '(Our NGO; checked 2026-12-01; local record)'."""
        when = f" {self.effective[:4]}" if self.effective else ""
        word = {"ended": f"closed{when}", "changed": f"changed{when}", "new": f"new{when}",
                "confirmed": "confirmed"}[self.kind]
        return f"{word} ({self.source}; checked {self.checked}{local_note(self)})"

    def data(self) -> dict:
        return {"kind": self.kind, "title": self.title, "checked": self.checked,
                "source": self.source, "record": self.record, "phones": list(self.phones),
                "effective": self.effective, "value": self.value, "url": self.url,
                "origin": self.origin}


@struct
class Answer:
    """A value for a person: the toolkit's value, the verdict, its conditions and status."""

    value: str  # as the toolkit gives it: yes | partly | no | not stated
    verdict: str  # for this person: yes | partly | depends | no | not stated
    conditions: list[Condition] = field(default_factory=list)
    status: Status | None = None
    path: str = ""

    @property
    def reason(self) -> str | None:
        """Why the verdict differs from the value (the printed words), or None."""
        if self.verdict in ("no", "partly", "depends"):
            hit = [c for c in self.conditions if c.state in ("unmet", "unknown")]
            if hit:
                return "; ".join(c.phrase() for c in hit)
        return None

    def data(self) -> dict:
        return {"value": self.value, "verdict": self.verdict, "path": self.path,
                "conditions": [c.data() for c in self.conditions],
                "since_2013": self.status.data() if self.status else None}


# ---------------------------------------------------------------- conditions


def _get(record: Any, path: str) -> Any:
    value = record
    for part in path.split("."):
        if value is None:
            return None
        value = value[int(part)] if part.isdigit() else getattr(value, part, None)
    return value


def evaluate(text: str, tags: list[str] | tuple[str, ...], situation: Situation, *,
             only: bool = True, unmet: str | None = None, note: str | None = None,
             line: int | None = None) -> Condition:
    """One printed condition against the person: all its tags must hold."""
    if not tags:
        state = "shown"
    else:
        found = [meets(t, situation) for t in tags]
        state = "unmet" if False in found else ("unknown" if None in found else "met")
    return Condition(text, tuple(tags), state, only, unmet, note, line)


def _from(q: Any, situation: Situation) -> Condition:
    return evaluate(q.text, q.tags, situation, only=q.only, unmet=q.unmet, note=q.note,
                    line=q.line)


def qualifiers(section: Any, path: str) -> list[Any]:
    """The section's qualifiers of one value (``path`` inside the section)."""
    return [q for q in getattr(section, "qualifiers", None) or [] if q.field == path]


def conditions(section: Any, path: str, situation: Situation) -> list[Condition]:
    """The printed conditions of one value, evaluated for the person.

    The section's qualifiers of that value; else the schema's condition field for it
    (``access_condition``, ``free_condition``…), shown as printed. A structure's
    ``available`` also carries the structure's own printed conditions, each with the tags
    a qualifier gives that item.
    """
    out = [_from(q, situation) for q in qualifiers(section, path)]
    if not out:
        for name in LEGACY.get(path, ()):
            text = _get(section, name)
            if text:
                out.append(Condition(text))
                break
    if path.endswith(".available"):
        base = path.rsplit(".", 1)[0]
        items = _get(section, base + ".conditions")
        if isinstance(items, list):
            for i, text in enumerate(items):
                tagged = qualifiers(section, f"{base}.conditions.{i}")
                out += [_from(q, situation) for q in tagged] or [Condition(text)]
    return out


def verdict(value: str, found: list[Condition]) -> str:
    """The value for this person: a no or not stated stays; a condition not met makes a
    no (or partly, where it covers one way among others); one the situation does not
    settle makes 'depends' (yes, if …), never a plain yes."""
    if value in ("no", "not stated"):
        return value
    if any(c.state == "unmet" and c.only for c in found):
        return "no"
    if any(c.state == "unknown" for c in found):
        return "depends"
    if any(c.state == "unmet" for c in found):
        return "partly"
    return value


def resolve(section: Any, path: str, situation: Situation | None = None, *,
            records: list | None = None, country: str | None = None,
            slug: str | None = None, value: str | None = None) -> Answer:
    """A value of a section for the person, with its conditions and its status now.

    ``value`` stands in for a value the data holds as a list (``available_through``: yes if
    anything is listed)."""
    situation = situation or Situation()
    if value is None:
        value = _get(section, path)
    found = conditions(section, path, situation)
    now = status(records, country, field=f"{slug}.{path}") if records and slug else None
    return Answer(value, verdict(value, found), found, now, path)


def stage(section: Any, index: int, situation: Situation | None = None) -> Answer:
    """A permit stage for the person: its condition groups are alternatives; a group holds
    when none of its items is unmet."""
    situation = situation or Situation()
    st = section.stages[index]
    groups: list[list[Condition]] = []
    for gi, g in enumerate(st.conditions):
        items = []
        for ii, text in enumerate(g.items):
            tagged = qualifiers(section, f"stages.{index}.conditions.{gi}.items.{ii}")
            items += [_from(q, situation) for q in tagged] or [Condition(text)]
        groups.append(items)
    extra = [_from(q, situation) for q in qualifiers(section, f"stages.{index}")]
    states = ["unmet" if any(c.state == "unmet" for c in g) else
              "unknown" if any(c.state == "unknown" for c in g) else "ok" for g in groups]
    if not groups or "ok" in states:
        value = "yes"
    elif "unknown" in states:
        value = "depends"
    else:
        value = "no"
    tagged = [c for g in groups for c in g if c.tags]
    return Answer("yes", value, tagged + extra, None, f"stages.{index}")


def stage_notes(section: Any, index: int) -> list[Condition]:
    """What qualifies a stage as a whole and its conditions (caveats, the printed note)."""
    out = [_from(q, Situation()) for q in qualifiers(section, f"stages.{index}")]
    out += [_from(q, Situation()) for q in getattr(section, "qualifiers", None) or []
            if q.field.startswith(f"stages.{index}.") and q.note]
    return out


# ---------------------------------------------------------------- as a fact


def flag(a: Answer, *, verdict_value: bool = True) -> Any:
    """The answer as one Flag: its value (or verdict) and every condition, in words.

    A yes or a no without a printed condition says so: "no condition stated".
    """
    from fiit_cli.doc import Flag

    value = a.verdict if verdict_value else a.value
    parts = [c.phrase() for c in a.conditions]
    if a.status is not None and a.status.value and a.status.value != a.value:
        parts.append(f"now {a.status.value}: {a.status.label()}")
    if not parts and value in ("yes", "no"):
        parts.append(NO_CONDITION)
    return Flag(value, "; ".join(parts) or None)


def text_with(text: str | None, found: list[Condition]) -> str | None:
    """A text value with what qualifies it ('60 days (Initial 60 days can be extended…)')."""
    if not found:
        return text
    extra = "; ".join(c.phrase() for c in found)
    return f"{text} ({extra})" if text else extra


# ---------------------------------------------------------------- since 2013


def _status(r: Any) -> Status:
    sources = getattr(r, "sources", None) or []
    publisher, url = (sources[0].publisher, sources[0].url) if sources else ("", "")
    return Status(r.kind, getattr(r, "title", ""), r.checked, publisher, getattr(r, "id", ""),
                  tuple(getattr(r, "phones", None) or ()), getattr(r, "effective", None),
                  getattr(r, "value", None), url,
                  getattr(r, "origin", None) or "toolkit-update")


def status(records: list | None, country: str | None, *, field: str | None = None,
           hotline: str | None = None, organisation: str | None = None) -> Status | None:
    """What the since-2013 records say of one value, line or organisation: an ended record
    first, then one that gives a number now, then changed, new, confirmed (newest first).
    Its ``origin`` says whether it is fiit's sourced record or the organisation's own."""
    if not records:
        return None
    mine = []
    for r in records:
        if r.country != country:
            continue
        c = r.concerns
        if (field and c.field == field) or (hotline and c.hotline == hotline) \
                or (organisation and c.organisation == organisation):
            mine.append(r)
    if field:  # a value: only records that say what it is now
        mine = [r for r in mine if r.kind in ("changed", "new", "confirmed")]
    order = {"ended": 0, "changed": 2, "new": 3, "confirmed": 4}

    def rank(r: Any) -> tuple:  # a closure first, then a number to call now
        first = 1 if not field and r.kind in ("changed", "new") and r.phones else order[r.kind]
        return (first, [-ord(ch) for ch in r.checked])

    mine.sort(key=rank)
    return _status(mine[0]) if mine else None


def change(records: list | None, country: str | None, paths: list[str],
           was: str | None = None) -> str | None:
    """The mark of a fact a since-2013 record changes, or None: a yes/no value now where it
    differs from the 2013 one (``was``); else a ``changed`` record of the fact (any of
    ``paths``: the field, then the fields of its printed condition) — 'changed (publisher;
    checked DATE; fiit updates COUNTRY)'. The 2013 value stays; the mark goes beside it."""
    for path in paths:
        s = status(records, country, field=path)
        if s is None:
            continue
        if s.value and s.kind in ("changed", "new"):
            if s.value != was:
                return since_value(s, country)
            continue
        if s.kind == "changed":
            return f"{s.label()[:-1]}; fiit updates {country})"
    return None


def new_lines(records: list | None, country: str) -> list[Any]:
    """Lines to call that did not exist in 2013: 'new' phone records naming no
    organisation of the contacts."""
    return [r for r in records or [] if r.country == country and r.kind == "new"
            and r.phones and not r.concerns.organisation]


def ended(records: list | None, country: str, organisation: str | None = None,
          hotline: str | None = None) -> Status | None:
    """The ended record of an organisation or a line, or None."""
    s = status(records, country, organisation=organisation, hotline=hotline)
    return s if s is not None and s.kind == "ended" else None


def e164(printed: str, region: str | None) -> str | None:
    """A number a since-2013 source prints in national form, in E.164 (None if not valid)."""
    import phonenumbers

    try:
        number = phonenumbers.parse(printed, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def record_phone(printed: str, region: str | None, checked: str, of: Any = None) -> Any:
    """A number from a since-2013 record (or status ``of``), with its check date as its
    note, and 'local record' where the organisation's own layer gives it."""
    from fiit_cli.doc import Phone

    return Phone(printed, e164(printed, region), None,
                 f"current, checked {checked}{local_note(of)}")


def changed_value(records: list | None, country: str, field: str,
                  was: str | None) -> Status | None:
    """A yes/no value a since-2013 record gives anew (changed or new) for a fact whose
    2013 value is ``was``; None if none does or it says the same."""
    st = status([r for r in records or [] if r.value and r.kind in ("changed", "new")],
                country, field=field)
    return st if st is not None and st.value != was else None


def since_value(st: Status, country: str) -> str:
    """What holds now, in brief, beside the 2013 value ('yes (checked …; fiit updates X)')."""
    return f"{st.value} (checked {st.checked}{local_note(st)}; fiit updates {country})"
