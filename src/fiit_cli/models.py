"""The schema of fiit's data: pydantic models for a country profile and its nine sections.

Nothing here reads files or prints. Every model forbids unknown fields and is strict, so
YAML 1.1 surprises (``no`` read as ``False``, ``012`` as an int) are rejected instead of
silently changing a fact.

Conventions used throughout the data:

* ``Answer``: a yes/no fact is three-valued: ``"yes"``, ``"no"`` or ``"not stated"``
  (the toolkit does not say). Never a guess.
* ``Degree``: for facts the toolkit qualifies ("some", "rarely", "not always"), ``"partly"``
  is allowed beside the three values above; the accompanying note says how.
* Lists of printed items (conditions, rights, names, phones...) keep the toolkit's wording.
  An empty list means the toolkit states nothing for that field.
* ``notes`` and ``summary`` are prose in fiit's own words, never pasted paragraphs.
* ``print_notes`` flag an evident print error: the printed form stays in the data, the note
  says what looks wrong.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

Answer = Literal["yes", "no", "not stated"]
Degree = Literal["yes", "partly", "no", "not stated"]


# Patterns of the schema, and how a data maintainer is told what each means.
PROFILE_CODE = r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$"
E164 = r"^\+[1-9]\d{5,14}$"
COUNTRY_CODE = r"^[A-Z]{2}$"
WEB_ADDRESS = r"^https?://[^\s/]+\S*$"
FIELD_PATH = r"^[a-z_]+(\.([a-z_]+|\d+))*$"
RECORD_ID = r"^[a-z0-9]+(-[a-z0-9]+)*$"
COUNTRY_ID = r"^[a-z]+(-[a-z]+)*$"
PATTERN_WORDS = {
    PROFILE_CODE: "two capital letters (ISO 3166-1, e.g. FR) or a subdivision code "
                  "(ISO 3166-2, e.g. GB-SCT)",
    E164: "an international number in E.164 form: + and 6 to 15 digits, no spaces "
          "(e.g. +3225454242)",
    COUNTRY_CODE: "two capital letters (ISO 3166-1, e.g. FR)",
    WEB_ADDRESS: "a web address starting with http:// or https://, without spaces",
    FIELD_PATH: "a dotted path of field names and numbers "
                "(e.g. challenges.national_referral_mechanism)",
    RECORD_ID: "lowercase letters and digits joined by single hyphens (e.g. fr-permit-2021)",
    COUNTRY_ID: "lowercase letters joined by single hyphens (e.g. united-kingdom)",
}

class Record(BaseModel):
    """Base of every record: unknown fields are errors, no type coercion."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Source(Record):
    """Where a section comes from in the toolkit."""

    heading: str = Field(description="The section heading as printed in the toolkit.")
    page: int | None = Field(
        default=None,
        description="Toolkit page, where the text gives one (contents pages); else null.",
    )
    contents: str | None = Field(
        default=None,
        description="What the country's contents page says about this section, as printed.",
    )


class PrintNote(Record):
    """An evident print error: the printed form is kept, the note says what looks wrong."""

    printed: str
    note: str


REMARKS = ("Remarks about the 2013 text (layout, print, transcription), in fiit's own words; "
           "not facts. Shown apart.")


TAG_ERROR = "fiit_tag"  # a condition tag outside the vocabulary (validate reports FIIT027)
REF_ERROR = "fiit_ref"  # a condition that points at no field of its section (FIIT023)


class Qualifier(Record):
    """A condition or qualification the toolkit prints with one value of a section.

    ``text`` keeps the printed words; ``tags`` say, from one closed vocabulary
    (:data:`fiit_cli.vocab.CONDITION_TAGS`), what the condition asks of the person: all of
    them must hold for the value to hold. No tag where the text does not say it.
    """

    field: str = Field(pattern=FIELD_PATH, description="The value it qualifies, as a dotted "
                       "path inside the section (e.g. 'mainstream.available', "
                       "'stages.1.conditions.0.items.0').")
    text: str = Field(min_length=1, description="The condition as printed in the toolkit.")
    line: int = Field(description="The line of the toolkit's text (the seed file) where the "
                      "printed words begin.")
    tags: list[str] = Field(default_factory=list, description="What it asks of the person, "
                            "from the vocabulary in docs/DATA.md; all must hold.")
    only: bool = Field(default=True, description="The value holds only under the condition "
                       "(true), or the condition covers one way among others (false: not "
                       "meeting it leaves the value partly).")
    unmet: str | None = Field(default=None, description="What the toolkit prints about "
                              "someone who does not meet it, as printed.")
    note: str | None = Field(default=None, description="A caveat in fiit's own words (where "
                             "the printed condition is ambiguous or what a value rests on).")

    @field_validator("tags")
    @classmethod
    def _known(cls, value: list[str]) -> list[str]:
        from fiit_cli.vocab import CONDITION_TAGS

        for tag in value:
            if tag not in CONDITION_TAGS:
                raise PydanticCustomError(
                    TAG_ERROR, "condition tag {tag} is not in the vocabulary ({known})",
                    {"tag": repr(tag), "known": ", ".join(CONDITION_TAGS)})
        return value


def _resolve(record: object, path: str) -> tuple[bool, object]:
    """Follow a dotted path through a record's attributes and list items."""
    value = record
    for part in path.split("."):
        if part.isdigit():
            if not isinstance(value, list) or int(part) >= len(value):
                return False, None
            value = value[int(part)]
        elif isinstance(value, BaseModel) and part in type(value).model_fields:
            value = getattr(value, part)
        else:
            return False, None
    return True, value


class Section(Record):
    """Fields every section has."""

    source: Source
    notes: list[str] = Field(default_factory=list, description="Facts, in fiit's own words.")
    remarks: list[str] = Field(default_factory=list, description=REMARKS)
    print_notes: list[PrintNote] = Field(default_factory=list)
    qualifiers: list[Qualifier] = Field(
        default_factory=list, description="Conditions the toolkit prints with a value of the "
        "section, with tags from the vocabulary of docs/DATA.md.")

    @model_validator(mode="after")
    def _qualified(self) -> Section:
        for q in self.qualifiers:
            found, value = _resolve(self, q.field)
            if not found or q.field.split(".")[0] == "qualifiers":
                raise PydanticCustomError(
                    REF_ERROR, "qualifier field {field} is not a value of this section",
                    {"field": repr(q.field)})
            if isinstance(value, str) and q.field.split(".")[-1].isdigit() \
                    and value != q.text:
                raise PydanticCustomError(
                    REF_ERROR, "qualifier text differs from the printed item at {field}",
                    {"field": repr(q.field)})
        return self


# ---------------------------------------------------------------- permits

RightKind = Literal[
    "work",
    "police_protection",
    "social_welfare",
    "education_language_courses",
    "certificate_of_temporary_residence",
    "other",
]
StageKind = Literal["reflection", "temporary", "long_term"]


class Right(Record):
    kind: RightKind
    text: str = Field(description="The right as printed.")


class ConditionGroup(Record):
    """Conditions that go together. Several groups on one stage are alternatives."""

    label: str | None = None
    items: list[str]


class PermitStage(Record):
    kind: StageKind = Field(description="fiit's classification of the stage.")
    name: str = Field(description="The stage as the country names it in the toolkit.")
    duration: str | None = Field(description="Duration as printed.")
    renewable: Answer
    conditions: list[ConditionGroup] = Field(default_factory=list)
    guarantees: list[str] = Field(default_factory=list)
    rights: list[Right] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)


class Permits(Section):
    stages: list[PermitStage]
    after_last_stage: str | None = Field(
        default=None,
        description="What the text says follows the table's last stage (e.g. permanent leave "
        "to stay after a conviction), in fiit's words with durations as printed; null if "
        "nothing.")


# ---------------------------------------------------------------- accommodation

Mixing = Literal["mixed only", "mixed or non-mixed", "not stated"]


class Acceptance(Record):
    """Who a structure accepts. ``printed`` keeps the toolkit's list word for word.

    A group is ``"partly"`` only where the text qualifies it (Hungary: third-country nationals
    "could in theory" be accepted); ``notes`` then says how.
    """

    printed: str
    nationals: Degree
    eu_nationals: Degree
    third_country_nationals: Degree
    men: Degree
    women: Degree
    adults: Degree
    minors: Degree
    mixing: Mixing
    notes: list[str] = Field(default_factory=list)


class Structure(Record):
    available: Answer
    conditions: list[str] = Field(default_factory=list)
    accepted: Acceptance | None = None
    types: list[str] = Field(default_factory=list)
    period_of_stay: str | None = None
    staff_trained: Degree = "not stated"
    notes: list[str] = Field(default_factory=list)


class Accommodation(Section):
    specialised: Structure
    mainstream: Structure


# ---------------------------------------------------------------- health


class Psychosocial(Record):
    providers: list[str] = Field(default_factory=list)
    staff_trained: Degree
    free_of_charge: Degree
    notes: list[str] = Field(default_factory=list)


class Healthcare(Record):
    access: Answer
    access_condition: str | None = None
    services: list[str] = Field(default_factory=list)
    staff_trained: Degree
    free_of_charge: Degree
    notes: list[str] = Field(default_factory=list)


class Health(Section):
    identified_by: list[str] = Field(
        default_factory=list,
        description="Who identifies a VoT, as the contents page lists them.",
    )
    psychosocial: Psychosocial
    healthcare: Healthcare


# ---------------------------------------------------------------- legal


class Legal(Section):
    through_mainstream: Answer
    mainstream_condition: str | None = None
    free_of_charge: Degree
    free_condition: str | None = None
    providers: list[str] = Field(default_factory=list)
    where_available: str | None = None


# ---------------------------------------------------------------- language


class Language(Section):
    available_through: list[str] = Field(default_factory=list)
    free_of_charge: Degree
    cost_note: str | None = None
    compulsory: Degree
    compulsory_note: str | None = None
    duration: str | None = None


# ---------------------------------------------------------------- employment


class Training(Record):
    available: Answer
    providers: list[str] = Field(default_factory=list)
    access_mechanism: Degree
    free_of_charge: Degree
    cost_note: str | None = None
    notes: list[str] = Field(default_factory=list)


class Work(Record):
    mainstream_access: Answer
    access_condition: str | None = None
    accompanied: Degree
    accompanied_condition: str | None = Field(
        default=None, description="When or by whom, as printed (e.g. 'when first accessing "
        "these services').")
    notes: list[str] = Field(default_factory=list)


class Employment(Section):
    training: Training
    employment: Work


# ---------------------------------------------------------------- challenges


class Challenges(Section):
    national_action_plan: Answer
    national_referral_mechanism: Answer
    national_rapporteur: Answer
    key_facts: list[str]
    summary: str


# ---------------------------------------------------------------- contacts

ContactKind = Literal[
    "institutions",
    "specialised_ngos",
    "migration_ngos",
    "international_organisations",
]


class Organisation(Record):
    name: str
    description: str | None = None
    contact_person: str | None = None
    role: str | None = None
    address: list[str] = Field(default_factory=list, description="Address lines as printed.")
    phones: list[str] = Field(default_factory=list, description="Phones as printed.")
    emails: list[str] = Field(default_factory=list)
    websites: list[str] = Field(default_factory=list)
    services: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)


class ContactGroup(Record):
    kind: ContactKind
    heading: str = Field(description="The group heading as printed.")
    organisations: list[Organisation] = Field(default_factory=list)
    links: list[str] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)


class Contacts(Section):
    groups: list[ContactGroup]


# ---------------------------------------------------------------- figures


class ChartValue(Record):
    label: str
    value: str = Field(description="The number as printed.")


class Chart(Record):
    title: str = Field(description="The chart heading as printed.")
    survived: Literal["no", "partly", "not stated"] = Field(
        description="Whether the chart survived the text extraction of the toolkit; \"not "
        "stated\" where the text cannot tell whether a chart was printed at all."
    )
    values: list[ChartValue] = Field(default_factory=list)
    statements: list[str] = Field(default_factory=list, description="Text printed with it.")
    source: str | None = None
    notes: list[str] = Field(default_factory=list)


class Figures(Section):
    main_countries_of_origin: list[str] = Field(default_factory=list)
    countries_of_return: list[str] = Field(default_factory=list)
    charts: list[Chart] = Field(default_factory=list)


# ---------------------------------------------------------------- profile


class CountryProfile(Record):
    id: str = Field(description="Slug; equals the file name without .yaml.")
    name: str
    iso2: str = Field(
        pattern=PROFILE_CODE,
        description="ISO code of what the profile covers: the country's ISO 3166-1 alpha-2 "
        "code (FR), or, for a profile of part of a country, an ISO 3166-2 subdivision code "
        "(GB-SCT, BE-VLG: the country's alpha-2, a hyphen, 1-3 capital letters or digits). "
        "Unique across profiles; the profile answers to it as a name (fiit show gb-sct).",
    )
    aliases: list[str] = Field(
        default_factory=list, description="Other names: native names, codes, short forms."
    )
    permits: Permits
    accommodation: Accommodation
    health: Health
    legal: Legal
    language: Language
    employment: Employment
    challenges: Challenges
    contacts: Contacts
    figures: Figures

    def section(self, slug: str) -> Section:
        return getattr(self, slug)


# ---------------------------------------------------------------- hotline annex


class HotlineNumber(Record):
    printed: str = Field(description="The number exactly as the annex prints it.")
    e164: str | None = Field(
        default=None,
        pattern=E164,
        description="The number normalised to E.164 for dialling; null if it cannot be.",
    )
    note: str | None = Field(
        default=None, description="Why the printed form is not dialable as written, if so."
    )


class Hotline(Record):
    service: str = Field(description="Organisation or service, as printed.")
    purpose: str | None = Field(
        default=None, description="What it is for and who may call, as the annex says."
    )
    operated_by: str | None = None
    language: str | None = Field(default=None, description='Language note, e.g. "in Hungarian".')
    numbers: list[HotlineNumber]
    notes: list[str] = Field(default_factory=list)


class CountryHotlines(Record):
    id: str = Field(description="Slug, e.g. 'czech-republic'.")
    name: str = Field(description="The country as the annex prints it.")
    iso2: str = Field(pattern=COUNTRY_CODE,
                      description="ISO 3166-1 alpha-2 code of the member state.")
    aliases: list[str] = Field(default_factory=list)
    profile: str | None = Field(
        default=None, description="Id of the country's profile in fiit, if it has one."
    )
    hotlines: list[Hotline]
    remarks: list[str] = Field(default_factory=list, description=REMARKS)
    print_notes: list[PrintNote] = Field(default_factory=list)


class HotlineAnnex(Record):
    source: Source
    countries: list[CountryHotlines]


# ---------------------------------------------------------------- successful practices

ThemeId = Literal["identification", "coordination", "victim-centred"]


class Theme(Record):
    id: ThemeId
    title: str = Field(description="The theme heading as printed.")
    page: int | None = None


class Step(Record):
    title: str | None = None
    text: str = Field(description="The step, in fiit's own words.")


class Practice(Record):
    id: str
    title: str = Field(description="The practice heading as printed.")
    theme: ThemeId
    country: str = Field(description="Id of the country profile it belongs to.")
    page: int | None = Field(default=None, description="Toolkit page, where the text gives one.")
    actors: list[str] = Field(default_factory=list)
    key_facts: list[str] = Field(default_factory=list)
    steps: list[Step] = Field(default_factory=list)
    summary: str
    notes: list[str] = Field(default_factory=list)
    remarks: list[str] = Field(default_factory=list, description=REMARKS)
    print_notes: list[PrintNote] = Field(default_factory=list)


class Practices(Record):
    source: Source
    themes: list[Theme]
    practices: list[Practice]


# ---------------------------------------------------------------- since 2013 (updates)
#
# Newer information beside the toolkit, never merged into its records: each record says what
# holds now, which toolkit fact it concerns, and the public page it was read in, and when.

UpdateKind = Literal["changed", "new", "confirmed", "ended"]
Topic = Literal["phone", "contact", "law", "structure"]
SectionSlug = Literal["permits", "accommodation", "health", "legal", "language", "employment",
                      "challenges", "contacts", "figures"]

DATE_ERROR = "fiit_date"  # the error type of a malformed date (validate reports it as FIIT026)


def _date(value: str, partial: bool) -> str:
    """A date "YYYY-MM-DD" (or, ``partial``, "YYYY" / "YYYY-MM") that exists in the calendar."""
    import datetime
    import re

    shape = r"\d{4}(-\d{2}(-\d{2})?)?" if partial else r"\d{4}-\d{2}-\d{2}"
    wanted = '"YYYY", "YYYY-MM" or "YYYY-MM-DD"' if partial else '"YYYY-MM-DD"'
    ok = re.fullmatch(shape, value) is not None
    if ok:
        parts = [int(p) for p in value.split("-")] + [1, 1]
        try:
            datetime.date(parts[0], parts[1], parts[2])
        except ValueError:
            ok = False
    if not ok:
        raise PydanticCustomError(DATE_ERROR, "date {value} is not a real date as " + wanted,
                                  {"value": repr(value)})
    return value


class UpdateSource(Record):
    """The public page a since-2013 fact was read in."""

    url: str = Field(pattern=WEB_ADDRESS, description="The page read, exactly.")
    title: str = Field(min_length=1, description="The page title as shown on the page.")
    publisher: str = Field(min_length=1)
    date: str | None = Field(
        default=None, description='The source\'s own date: "YYYY", "YYYY-MM" or "YYYY-MM-DD".')

    @field_validator("date")
    @classmethod
    def _real_date(cls, value: str | None) -> str | None:
        return None if value is None else _date(value, partial=True)


class Concerns(Record):
    """What in the toolkit a record is about: at least one of the four."""

    section: SectionSlug | None = None
    field: str | None = Field(
        default=None, pattern=FIELD_PATH,
        description="Dotted path into the country profile, e.g. "
        "'challenges.national_referral_mechanism'.")
    hotline: str | None = Field(
        default=None, description="A `service` of that country in the annex, exactly.")
    organisation: str | None = Field(
        default=None, description="An organisation `name` in the profile's contacts, exactly.")

    @model_validator(mode="after")
    def _something(self) -> Concerns:
        if not (self.section or self.field or self.hotline or self.organisation):
            raise PydanticCustomError(
                "missing", "say what it concerns: section, field, hotline or organisation")
        return self


class Update(Record):
    """One fact since 2013, from a public source, with the date it was checked."""

    id: str = Field(pattern=RECORD_ID,
                    description="Unique across all files: lowercase letters, digits, hyphens.")
    country: str = Field(pattern=COUNTRY_ID,
                         description="The file's id: a profile or annex country id, or 'eu'.")
    concerns: Concerns
    kind: UpdateKind = Field(description="changed (a toolkit fact no longer holds) | new (did "
                             "not exist in 2013) | confirmed (still holds) | ended (no longer "
                             "exists).")
    topic: Topic = Field(description="phone | contact (stale 12 months after `checked`) | "
                         "law | structure (24 months).")
    title: str = Field(min_length=1, description="Short label; names as the source gives them.")
    now: str = Field(min_length=1, description="What holds now, in fiit's own words.")
    value: Answer | None = Field(
        default=None, description="For a yes/no flag named by `concerns.field`: its value now.")
    phones: list[str] = Field(default_factory=list, description="As the source prints them.")
    emails: list[str] = Field(default_factory=list)
    websites: list[str] = Field(default_factory=list)
    sources: list[UpdateSource] = Field(description="One or more: the pages actually read.")
    checked: str = Field(description='The date the fact was read in the source, "YYYY-MM-DD".')
    effective: str | None = Field(
        default=None, description='When the change took effect (a line closed, a number '
        'replaced), as the sources give it: "YYYY", "YYYY-MM" or "YYYY-MM-DD".')
    applies_to: list[Annotated[str, Field(pattern=COUNTRY_ID)]] = Field(
        default_factory=list,
        description="EU records only (country 'eu'): the profile ids whose section "
        "`concerns.section` this record is shown beside, labelled EU-level.")

    confidential: bool = Field(
        default=False, description="true: not to be published (a safe house's address, a "
        "contact person's own phone). Screen views show it marked confidential; exports, "
        "`brief -f html` and vCards leave it out unless --include-confidential.")

    @field_validator("effective")
    @classmethod
    def _real_effective(cls, value: str | None) -> str | None:
        return None if value is None else _date(value, partial=True)

    @field_validator("sources")
    @classmethod
    def _cited(cls, value: list[UpdateSource]) -> list[UpdateSource]:
        if not value:
            raise PydanticCustomError("missing", "no source: every record cites the page read")
        return value

    @field_validator("checked")
    @classmethod
    def _real_checked(cls, value: str) -> str:
        return _date(value, partial=False)

    @model_validator(mode="after")
    def _eu_level(self) -> Update:
        if self.applies_to and self.country != "eu":
            raise PydanticCustomError(
                "applies_to", "applies_to is for EU records (country 'eu') only")
        if self.applies_to and not self.concerns.section:
            raise PydanticCustomError(
                "applies_to", "applies_to needs concerns.section: the section it is shown beside")
        return self


class Updates(Record):
    """A file of since-2013 records, ``updates/<country>.yaml``."""

    updates: list[Update]


class Search(Record):
    """A search for newer information that found nothing current. Not a fact: a record of
    where and when fiit looked, so that an empty cell of `fiit updates --coverage` says so."""

    country: str = Field(pattern=COUNTRY_ID, description="The file's id: a profile id.")
    section: SectionSlug = Field(description="The profile section looked for.")
    looked_for: str = Field(min_length=1, description="What was looked for, in a sentence.")
    searched: str = Field(description='The day of the search, "YYYY-MM-DD".')
    where: list[Annotated[str, Field(min_length=1)]] = Field(
        min_length=1, description="Where: the searches made and the pages read, one a line.")
    found: str = Field(min_length=1, description='What was found, briefly ("nothing current").')

    @field_validator("searched")
    @classmethod
    def _real_searched(cls, value: str) -> str:
        return _date(value, partial=False)


class Searches(Record):
    """A file of searches that found nothing current, ``searches/<country>.yaml``."""

    searches: list[Search]


# The kinds of data file, by the name the loader, the cache, `validate` and `schema` use.
KINDS: dict[str, type[Record]] = {
    "profile": CountryProfile,
    "hotlines": HotlineAnnex,
    "practices": Practices,
    "updates": Updates,
    "searches": Searches,
}


def json_schema(kind: str) -> dict:
    """The JSON Schema of one kind of data file, for editors (`fiit schema`, docs/schema/)."""
    doc = KINDS[kind].model_json_schema()
    doc["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return doc
