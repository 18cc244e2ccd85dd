"""The export tables: one schema (fields, keys, enums) and the rows built from the records.

Every table has an ``id`` primary key: the record's path in the data, the way
``fiit validate`` names fields (``france.permits.stages.0`` is France's first permit stage;
``annex.spain.hotlines.1.numbers.0`` a hotline number; practices and since-2013 records keep
their own ids). ``position`` columns count from 1, in the toolkit's order. Lists of printed
items become child tables; three-valued facts are strings with an enum
(``yes`` / ``no`` / ``not stated``, plus ``partly`` where the data allows it).

The builders take plain JSON data or records (anything with ``model_dump``), so they serve
the cached records of :mod:`fiit_cli.loader` and pydantic models alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from fiit_cli.struct import field, struct

ANSWER = ("yes", "no", "not stated")
DEGREE = ("yes", "partly", "no", "not stated")
SECTIONS = ("permits", "accommodation", "health", "legal", "language", "employment",
            "challenges", "contacts", "figures")
UPDATE_KINDS = ("changed", "new", "confirmed", "ended")
UPDATE_TOPICS = ("phone", "contact", "law", "structure")

Row = dict[str, Any]


@struct(frozen=True)
class Field:
    name: str
    description: str
    type: str = "string"  # string | integer | date (Table Schema types)
    enum: tuple[str, ...] | None = None
    required: bool = False
    ref: str | None = None  # a foreign key to that table's id
    text: bool = False  # searched by full text in SQLite


@struct
class Table:
    name: str
    title: str
    description: str
    fields: list[Field]
    rows: list[Row] = field(default_factory=list)

    @property
    def foreign_keys(self) -> list[tuple[str, str]]:
        return [(f.name, f.ref) for f in self.fields if f.ref]

    @property
    def text_columns(self) -> list[str]:
        return [f.name for f in self.fields if f.text]


def _id(description: str = "The record's path in the data (stable).") -> Field:
    return Field("id", description, required=True)


def _pos() -> Field:
    return Field("position", "Order in the toolkit, from 1.", "integer", required=True)


def _country() -> Field:
    return Field("country", "Country profile id.", required=True, ref="countries")


def _answer(name: str, description: str, values: tuple[str, ...] = ANSWER,
            required: bool = False) -> Field:
    return Field(name, description, enum=values, required=required)


def _text(name: str, description: str, required: bool = False) -> Field:
    return Field(name, description, required=required, text=True)


def _list(name: str, values: tuple[str, ...]) -> Field:
    return Field(name, "Which list of the record the item belongs to.", enum=values,
                 required=True)


# ---------------------------------------------------------------- the schema, in load order

SCHEMA: list[Table] = [
    Table("countries", "Countries", "The five country profiles, with the three national "
          "counter-trafficking instruments (section 'challenges').", [
              _id("Profile id (the data file's name)."),
              _text("name", "Country name.", required=True),
              Field("iso2", "ISO code of what the profile covers: ISO 3166-1 alpha-2 (FR), "
                    "or ISO 3166-2 for part of a country (GB-SCT: the country's alpha-2 is the "
                    "part before the hyphen).", required=True),
              Field("aliases", "Other names the profile answers to, separated by '; '."),
              _answer("national_action_plan", "A national action plan exists.", required=True),
              _answer("national_referral_mechanism", "A national referral mechanism exists.",
                      required=True),
              _answer("national_rapporteur", "A national rapporteur exists.", required=True),
              _text("summary", "The situation in two or three sentences (fiit's words)."),
          ]),
    Table("sections", "Sections", "Each profile section and where it is in the toolkit.", [
        _id(), _country(),
        Field("section", "Section slug.", enum=SECTIONS, required=True),
        Field("heading", "The section heading as printed.", required=True),
        Field("page", "Toolkit page, where the text gives one.", "integer"),
        _text("contents", "What the country's contents page says of it, as printed."),
    ]),
    Table("notes", "Notes and key facts", "Every note, key fact and chart statement of the "
          "profiles (fiit's words, except statements and print notes, which are as printed).", [
              _id(), _country(),
              Field("section", "Section slug.", enum=SECTIONS, required=True),
              Field("path", "The list it belongs to, within the profile.", required=True),
              Field("kind", "What the item is.",
                    enum=("note", "key_fact", "statement", "print_note", "remark"),
                    required=True),
              _pos(),
              _text("text", "The item (for a print note: what looks wrong).", required=True),
              _text("printed", "For a print note: the text exactly as printed."),
          ]),
    Table("section_items", "Other section lists", "Lists of a section that are not tied to "
          "a service or an organisation: who identifies a VoT (health, as the contents page "
          "lists them) and the links printed under a contact group.", [
              _id(), _country(),
              Field("section", "Section slug.", enum=SECTIONS, required=True),
              Field("path", "The list it belongs to, within the profile.", required=True),
              _pos(), _text("text", "The item as printed.", required=True),
          ]),
    Table("conditions", "Conditions of a value", "The conditions the toolkit prints with a "
          "value of a section (its qualifiers), with the tags that say what each asks of the "
          "person (docs/DATA.md).", [
              _id(), _country(),
              Field("section", "Section slug.", enum=SECTIONS, required=True),
              Field("field", "The value it qualifies, within the section.", required=True),
              _pos(), _text("text", "The condition as printed.", required=True),
              Field("line", "The line of the toolkit's text where it begins.", "integer",
                    required=True),
              _text("tags", "What it asks of the person, separated by '; '."),
              Field("only", "yes: the value holds only under it; no: it covers one way "
                    "among others.", enum=("yes", "no"), required=True),
              _text("unmet", "What the toolkit prints about someone who does not meet it."),
              _text("note", "A caveat in fiit's own words."),
          ]),
    Table("permit_stages", "Residence permit stages", "One row per column of a country's "
          "permit table, in order.", [
              _id(), _country(), _pos(),
              Field("kind", "fiit's classification.",
                    enum=("reflection", "temporary", "long_term"), required=True),
              _text("name", "The stage as the toolkit names it.", required=True),
              Field("duration", "Duration as printed."),
              _answer("renewable", "Renewable.", required=True),
          ]),
    Table("stage_conditions", "Permit stage conditions", "Conditions of a permit stage; "
          "several groups on one stage are alternatives.", [
              _id(), Field("stage", "Permit stage id.", required=True, ref="permit_stages"),
              Field("group", "Condition group (alternatives), from 1.", "integer",
                    required=True),
              Field("group_label", "The group's printed label, if any."),
              _pos(), _text("text", "The condition as printed.", required=True),
          ]),
    Table("stage_rights", "Permit stage rights", "What a permit stage opens rights to.", [
        _id(), Field("stage", "Permit stage id.", required=True, ref="permit_stages"), _pos(),
        Field("kind", "fiit's classification of the right.",
              enum=("work", "police_protection", "social_welfare",
                    "education_language_courses", "certificate_of_temporary_residence",
                    "other"), required=True),
        _text("text", "The right as printed.", required=True),
    ]),
    Table("stage_guarantees", "Permit stage guarantees", "Guarantees of a permit stage.", [
        _id(), Field("stage", "Permit stage id.", required=True, ref="permit_stages"), _pos(),
        _text("text", "The guarantee as printed.", required=True),
    ]),
    Table("accommodation", "Accommodation structures", "Specialised and mainstream "
          "accommodation, with who they accept.", [
              _id(), _country(),
              Field("structure", "Which structure.", enum=("specialised", "mainstream"),
                    required=True),
              _answer("available", "Available to VoTs.", required=True),
              _text("accepted_printed", "The toolkit's 'VoTs accepted' text, verbatim."),
              _answer("nationals", "Accepts nationals.", DEGREE),
              _answer("eu_nationals", "Accepts EU nationals.", DEGREE),
              _answer("third_country_nationals", "Accepts third-country nationals.", DEGREE),
              _answer("men", "Accepts men.", DEGREE),
              _answer("women", "Accepts women.", DEGREE),
              _answer("adults", "Accepts adults.", DEGREE),
              _answer("minors", "Accepts minors.", DEGREE),
              _answer("mixing", "Mixed or non-mixed structures.",
                      ("mixed only", "mixed or non-mixed", "not stated")),
              _text("period_of_stay", "Period of stay as printed."),
              _answer("staff_trained", "Staff trained for VoTs.", DEGREE, required=True),
          ]),
    Table("accommodation_items", "Accommodation conditions and types", "Conditions of access "
          "and types of structure, as printed.", [
              _id(), Field("structure", "Accommodation id.", required=True,
                           ref="accommodation"),
              _list("list", ("conditions", "types")), _pos(),
              _text("text", "The item as printed.", required=True),
          ]),
    Table("services", "Services", "Psychosocial support, healthcare, legal assistance, "
          "language courses, training and employment: one row per service and country; a "
          "column that does not apply to a service is empty.", [
              _id(), _country(),
              Field("section", "Section slug.", enum=("health", "legal", "language",
                                                      "employment"), required=True),
              Field("service", "Which service.", enum=("psychosocial", "healthcare", "legal",
                                                       "language", "training", "employment"),
                    required=True),
              _answer("access", "Healthcare: VoTs have access."),
              _text("access_condition", "Healthcare, employment: condition of access."),
              _answer("through_mainstream", "Legal: available through mainstream services."),
              _text("mainstream_condition", "Legal: condition of mainstream access."),
              _answer("available", "Training: available."),
              _answer("access_mechanism", "Training: a mechanism of access exists.", DEGREE),
              _answer("mainstream_access", "Employment: access to mainstream employment."),
              _answer("accompanied", "Employment: VoTs are accompanied.", DEGREE),
              _text("accompanied_condition", "Employment: when or by whom VoTs are "
                    "accompanied."),
              _answer("compulsory", "Language: courses are compulsory.", DEGREE),
              _text("compulsory_note", "Language: how they are compulsory."),
              _answer("free_of_charge", "Free of charge.", DEGREE),
              _text("free_condition", "Legal: condition of free assistance."),
              _text("cost_note", "Language, training: what it costs."),
              _answer("staff_trained", "Staff trained for VoTs.", DEGREE),
              _text("where_available", "Legal: where it is made available."),
              Field("duration", "Language: duration as printed."),
          ]),
    Table("service_items", "Service providers and offers", "Providers, services and channels "
          "of a service, as printed.", [
              _id(), Field("service", "Service id.", required=True, ref="services"),
              _list("list", ("providers", "services", "available_through")), _pos(),
              _text("text", "The item as printed.", required=True),
          ]),
    Table("organisations", "Organisations", "The contacts of each profile: institutions, "
          "NGOs and international organisations, as printed.", [
              _id(), _country(),
              Field("group_kind", "fiit's classification of the contact group.",
                    enum=("institutions", "specialised_ngos", "migration_ngos",
                          "international_organisations"), required=True),
              Field("group_heading", "The group heading as printed.", required=True),
              _pos(),
              _text("name", "Name as printed.", required=True),
              _text("description", "Description line as printed."),
              _text("contact_person", "Contact person as printed."),
              Field("role", "The contact person's role as printed."),
              _text("address", "Address lines as printed, one per line."),
          ]),
    Table("organisation_services", "Organisation services", "Services an organisation is "
          "listed for, as printed.", [
              _id(), Field("organisation", "Organisation id.", required=True,
                           ref="organisations"), _pos(),
              _text("text", "The service as printed.", required=True),
          ]),
    Table("phones", "Phones", "Organisation phones, as printed and in E.164.", [
        _id(), Field("organisation", "Organisation id.", required=True, ref="organisations"),
        _pos(), Field("printed", "The number as printed.", required=True),
        Field("e164", "The number in E.164, where it parses as a valid number."),
    ]),
    Table("emails", "Emails", "Organisation emails, as printed.", [
        _id(), Field("organisation", "Organisation id.", required=True, ref="organisations"),
        _pos(), Field("email", "The address as printed.", required=True),
    ]),
    Table("websites", "Websites", "Organisation websites, as printed.", [
        _id(), Field("organisation", "Organisation id.", required=True, ref="organisations"),
        _pos(), Field("url", "The address as printed (a scheme may be missing).",
                      required=True),
    ]),
    Table("figure_countries", "Countries of origin and return", "The figures section's "
          "main countries of origin and countries of return, in the printed order.", [
              _id(), _country(), _list("list", ("origin", "return")), _pos(),
              Field("name", "Country as printed.", required=True),
          ]),
    Table("charts", "Charts", "Every chart heading of the figures sections; most charts did "
          "not survive the toolkit's text extraction.", [
              _id(), _country(), _pos(),
              _text("title", "The chart heading as printed.", required=True),
              _answer("survived", "Whether the chart survived the text extraction (\"not stated\": "
                      "the text cannot tell whether a chart was printed).",
                      ("no", "partly", "not stated"), required=True),
              Field("source", "The chart's source as printed."),
          ]),
    Table("chart_values", "Chart values", "The values that survived, as printed.", [
        _id(), Field("chart", "Chart id.", required=True, ref="charts"), _pos(),
        Field("label", "Label as printed.", required=True),
        Field("value", "The number as printed (text: never converted).", required=True),
    ]),
    Table("annex_countries", "Annex countries", "The 26 EU member states of the hotline "
          "annex.", [
              _id("'annex.' and the annex country id."),
              Field("name", "The country as the annex prints it.", required=True),
              Field("iso2", "ISO 3166-1 alpha-2 code of the member state.", required=True),
              Field("aliases", "Other names, separated by '; '."),
              Field("profile", "The country's profile, if fiit has one.", ref="countries"),
              _text("print_notes", "Print errors noticed in its annex entry, one per line."),
              _text("remarks", "Remarks about its annex entry as printed (fiit's words), one "
                    "per line."),
          ]),
    Table("hotlines", "Hotlines", "Counter-trafficking national hotlines (annex).", [
        _id(), Field("annex_country", "Annex country id.", required=True,
                     ref="annex_countries"), _pos(),
        _text("service", "Organisation or service, as printed.", required=True),
        _text("purpose", "What it is for and who may call."),
        _text("operated_by", "Who runs it."),
        Field("language", "Language note as printed, e.g. 'in Hungarian'."),
        _text("notes", "Notes (fiit's words), one per line."),
    ]),
    Table("hotline_numbers", "Hotline numbers", "Hotline numbers as printed and in E.164.", [
        _id(), Field("hotline", "Hotline id.", required=True, ref="hotlines"), _pos(),
        Field("printed", "The number exactly as the annex prints it.", required=True),
        Field("e164", "E.164 form for dialling; empty if it cannot be given."),
        _text("note", "Why the printed form is not dialable as written, if so."),
    ]),
    Table("themes", "Practice themes", "The three themes of Part II.", [
        Field("id", "Theme id.", enum=("identification", "coordination", "victim-centred"),
              required=True),
        Field("title", "The theme heading as printed.", required=True),
        Field("page", "Toolkit page.", "integer"),
    ]),
    Table("practices", "Practices", "Part II: the successful practices.", [
        Field("id", "Practice id.", required=True),
        _text("title", "The practice heading as printed.", required=True),
        Field("theme", "Theme id.", required=True, ref="themes"),
        _country(),
        Field("page", "Toolkit page, where the text gives one.", "integer"),
        _text("summary", "The practice in a few sentences (fiit's words).", required=True),
    ]),
    Table("practice_steps", "Practice steps", "The steps of each practice's process.", [
        _id(), Field("practice", "Practice id.", required=True, ref="practices"), _pos(),
        _text("title", "Step title."),
        _text("text", "The step (fiit's words).", required=True),
    ]),
    Table("practice_items", "Practice actors, facts and notes", "Actors (as printed), key "
          "facts and notes (fiit's words) and print notes of each practice.", [
              _id(), Field("practice", "Practice id.", required=True, ref="practices"),
              _list("list", ("actors", "key_facts", "notes", "remarks", "print_notes")),
              _pos(),
              _text("text", "The item (for a print note: what looks wrong).", required=True),
              _text("printed", "For a print note: the text exactly as printed."),
          ]),
    Table("updates", "Since-2013 records", "Newer information checked against public "
          "sources since the 2013 toolkit; never merged into the toolkit's records.", [
              Field("id", "Record id.", required=True),
              Field("country", "Profile or annex country id, or 'eu'.", required=True),
              Field("section", "Section of the profile it concerns.", enum=SECTIONS),
              Field("field", "Dotted path of the profile field it concerns."),
              Field("hotline", "The annex hotline it concerns (its service name)."),
              Field("organisation", "The profile organisation it concerns (its name)."),
              Field("kind", "What happened since 2013.", enum=UPDATE_KINDS, required=True),
              Field("topic", "What it is about (sets how long it stays fresh).",
                    enum=UPDATE_TOPICS, required=True),
              _text("title", "Short label.", required=True),
              _text("now", "What holds now (fiit's words).", required=True),
              Field("value", "A three-valued flag's value now.", enum=ANSWER),
              Field("checked", "When it was read in the source.", "date", required=True),
              Field("applies_to", "EU records: the profile ids whose section it is shown "
                    "beside, separated by spaces."),
          ]),
    Table("update_sources", "Since-2013 sources", "The public pages each since-2013 record "
          "was read in.", [
              _id(), Field("update", "Since-2013 record id.", required=True, ref="updates"),
              _pos(), Field("url", "The page read.", required=True),
              _text("title", "Page title as shown."),
              Field("publisher", "Who publishes it."),
              Field("date", "The source's own date (YYYY, YYYY-MM or YYYY-MM-DD)."),
          ]),
]


# ---------------------------------------------------------------- rows from the records


def data(record: Any) -> dict:
    """Plain JSON data of a record, a pydantic model or a dict."""
    if isinstance(record, dict):
        return record
    return record.model_dump(mode="json")


def _items(values: Iterable[str], base: str, **columns: Any) -> Iterator[Row]:
    for i, text in enumerate(values):
        yield {"id": f"{base}.{i}", **columns, "position": i + 1, "text": text}


def _lines(values: Iterable[str]) -> str | None:
    return "\n".join(values) or None


def _notes(country: str, section: str, node: Any, path: str) -> Iterator[Row]:
    """Every notes / key_facts / statements / print_notes list under a section, in order."""
    if isinstance(node, list):
        for i, item in enumerate(node):
            yield from _notes(country, section, item, f"{path}.{i}")
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        here = f"{path}.{key}"
        if key in ("notes", "key_facts", "statements", "remarks") and isinstance(value, list):
            kind = {"notes": "note", "key_facts": "key_fact", "statements": "statement",
                    "remarks": "remark"}[key]
            for i, text in enumerate(value):
                yield {"id": f"{country}.{here}.{i}", "country": country, "section": section,
                       "path": here, "kind": kind, "position": i + 1, "text": text,
                       "printed": None}
        elif key == "print_notes" and isinstance(value, list):
            for i, pn in enumerate(value):
                yield {"id": f"{country}.{here}.{i}", "country": country, "section": section,
                       "path": here, "kind": "print_note", "position": i + 1,
                       "text": pn["note"], "printed": pn["printed"]}
        else:
            yield from _notes(country, section, value, here)


def profile_rows(profile: Any) -> dict[str, list[Row]]:
    """The rows one country profile contributes, by table."""
    p = data(profile)
    c = p["id"]
    out: dict[str, list[Row]] = {t.name: [] for t in SCHEMA}
    ch = p["challenges"]
    out["countries"].append({
        "id": c, "name": p["name"], "iso2": p["iso2"], "aliases": "; ".join(p["aliases"]) or None,
        "national_action_plan": ch["national_action_plan"],
        "national_referral_mechanism": ch["national_referral_mechanism"],
        "national_rapporteur": ch["national_rapporteur"], "summary": ch["summary"]})
    for slug in SECTIONS:
        sec = p[slug]
        src = sec["source"]
        out["sections"].append({"id": f"{c}.{slug}", "country": c, "section": slug,
                                "heading": src["heading"], "page": src.get("page"),
                                "contents": src.get("contents")})
        out["notes"] += _notes(c, slug, sec, slug)
        for i, q in enumerate(sec.get("qualifiers") or []):
            out["conditions"].append({
                "id": f"{c}.{slug}.qualifiers.{i}", "country": c, "section": slug,
                "field": q["field"], "position": i + 1, "text": q["text"],
                "line": q["line"], "tags": "; ".join(q["tags"]) or None,
                "only": "yes" if q["only"] else "no",
                "unmet": q.get("unmet"), "note": q.get("note")})
    lists = [("health", "health.identified_by", p["health"]["identified_by"])]
    if p["permits"].get("after_last_stage"):
        lists.append(("permits", "permits.after_last_stage", [p["permits"]["after_last_stage"]]))
    lists += [("contacts", f"contacts.groups.{g}.links", group["links"])
              for g, group in enumerate(p["contacts"]["groups"])]
    for section, path, values in lists:
        out["section_items"] += _items(values, f"{c}.{path}", country=c, section=section,
                                       path=path)

    for i, st in enumerate(p["permits"]["stages"]):
        sid = f"{c}.permits.stages.{i}"
        out["permit_stages"].append({"id": sid, "country": c, "position": i + 1,
                                     "kind": st["kind"], "name": st["name"],
                                     "duration": st["duration"], "renewable": st["renewable"]})
        for g, group in enumerate(st["conditions"]):
            for row in _items(group["items"], f"{sid}.conditions.{g}.items", stage=sid):
                out["stage_conditions"].append({**row, "group": g + 1,
                                                "group_label": group.get("label")})
        for r, right in enumerate(st["rights"]):
            out["stage_rights"].append({"id": f"{sid}.rights.{r}", "stage": sid,
                                        "position": r + 1, "kind": right["kind"],
                                        "text": right["text"]})
        out["stage_guarantees"] += _items(st["guarantees"], f"{sid}.guarantees", stage=sid)

    for which in ("specialised", "mainstream"):
        s = p["accommodation"][which]
        aid = f"{c}.accommodation.{which}"
        acc = s.get("accepted") or {}
        out["accommodation"].append({
            "id": aid, "country": c, "structure": which, "available": s["available"],
            "accepted_printed": acc.get("printed"),
            **{k: acc.get(k) for k in ("nationals", "eu_nationals", "third_country_nationals",
                                       "men", "women", "adults", "minors", "mixing")},
            "period_of_stay": s.get("period_of_stay"), "staff_trained": s["staff_trained"]})
        for lst in ("conditions", "types"):
            out["accommodation_items"] += _items(s[lst], f"{aid}.{lst}", structure=aid,
                                                 list=lst)

    services = [("health", "psychosocial", p["health"]["psychosocial"],
                 f"{c}.health.psychosocial"),
                ("health", "healthcare", p["health"]["healthcare"], f"{c}.health.healthcare"),
                ("legal", "legal", p["legal"], f"{c}.legal"),
                ("language", "language", p["language"], f"{c}.language"),
                ("employment", "training", p["employment"]["training"],
                 f"{c}.employment.training"),
                ("employment", "employment", p["employment"]["employment"],
                 f"{c}.employment.employment")]
    columns = [f.name for f in _table("services").fields][4:]
    for section, name, s, sid in services:
        out["services"].append({"id": sid, "country": c, "section": section, "service": name,
                                **{k: s.get(k) for k in columns}})
        for lst in ("providers", "services", "available_through"):
            out["service_items"] += _items(s.get(lst, []), f"{sid}.{lst}", service=sid, list=lst)

    pos = 0
    for g, group in enumerate(p["contacts"]["groups"]):
        for o, org in enumerate(group["organisations"]):
            pos += 1
            oid = f"{c}.contacts.groups.{g}.organisations.{o}"
            out["organisations"].append({
                "id": oid, "country": c, "group_kind": group["kind"],
                "group_heading": group["heading"], "position": pos, "name": org["name"],
                "description": org.get("description"),
                "contact_person": org.get("contact_person"), "role": org.get("role"),
                "address": _lines(org["address"])})
            out["organisation_services"] += _items(org["services"], f"{oid}.services",
                                                   organisation=oid)
            for i, printed in enumerate(org["phones"]):
                out["phones"].append({"id": f"{oid}.phones.{i}", "organisation": oid,
                                      "position": i + 1, "printed": printed,
                                      "e164": _e164(printed)})
            for i, email in enumerate(org["emails"]):
                out["emails"].append({"id": f"{oid}.emails.{i}", "organisation": oid,
                                      "position": i + 1, "email": email})
            for i, url in enumerate(org["websites"]):
                out["websites"].append({"id": f"{oid}.websites.{i}", "organisation": oid,
                                        "position": i + 1, "url": url})

    fig = p["figures"]
    for lst, key in (("origin", "main_countries_of_origin"), ("return", "countries_of_return")):
        for i, name in enumerate(fig[key]):
            out["figure_countries"].append({"id": f"{c}.figures.{key}.{i}", "country": c,
                                            "list": lst, "position": i + 1, "name": name})
    for i, chart in enumerate(fig["charts"]):
        cid = f"{c}.figures.charts.{i}"
        out["charts"].append({"id": cid, "country": c, "position": i + 1,
                              "title": chart["title"], "survived": chart["survived"],
                              "source": chart.get("source")})
        for v, value in enumerate(chart["values"]):
            out["chart_values"].append({"id": f"{cid}.values.{v}", "chart": cid,
                                        "position": v + 1, "label": value["label"],
                                        "value": value["value"]})
    return out


def _e164(printed: str) -> str | None:
    from fiit_cli.phones import e164_from_printed

    return e164_from_printed(printed)


def annex_rows(annex: Any) -> dict[str, list[Row]]:
    a = data(annex)
    out: dict[str, list[Row]] = {"annex_countries": [], "hotlines": [], "hotline_numbers": []}
    for country in a["countries"]:
        acid = f"annex.{country['id']}"
        out["annex_countries"].append({
            "id": acid, "name": country["name"], "iso2": country["iso2"],
            "aliases": "; ".join(country["aliases"]) or None, "profile": country.get("profile"),
            "print_notes": _lines(f"{pn['printed']}: {pn['note']}"
                                  for pn in country["print_notes"]),
            "remarks": _lines(country.get("remarks", []))})
        for h, hotline in enumerate(country["hotlines"]):
            hid = f"{acid}.hotlines.{h}"
            out["hotlines"].append({
                "id": hid, "annex_country": acid, "position": h + 1,
                "service": hotline["service"], "purpose": hotline.get("purpose"),
                "operated_by": hotline.get("operated_by"), "language": hotline.get("language"),
                "notes": _lines(hotline["notes"])})
            for n, number in enumerate(hotline["numbers"]):
                out["hotline_numbers"].append({
                    "id": f"{hid}.numbers.{n}", "hotline": hid, "position": n + 1,
                    "printed": number["printed"], "e164": number.get("e164"),
                    "note": number.get("note")})
    return out


def practice_rows(practices: Any) -> dict[str, list[Row]]:
    d = data(practices)
    out: dict[str, list[Row]] = {"themes": [], "practices": [], "practice_steps": [],
                                 "practice_items": []}
    for theme in d["themes"]:
        out["themes"].append({"id": theme["id"], "title": theme["title"],
                              "page": theme.get("page")})
    for pr in d["practices"]:
        pid = pr["id"]
        out["practices"].append({"id": pid, "title": pr["title"], "theme": pr["theme"],
                                 "country": pr["country"], "page": pr.get("page"),
                                 "summary": pr["summary"]})
        for i, step in enumerate(pr["steps"]):
            out["practice_steps"].append({"id": f"{pid}.steps.{i}", "practice": pid,
                                          "position": i + 1, "title": step.get("title"),
                                          "text": step["text"]})
        for lst in ("actors", "key_facts", "notes", "remarks"):
            out["practice_items"] += ({**row, "printed": None} for row in
                                      _items(pr[lst], f"{pid}.{lst}", practice=pid, list=lst))
        for i, pn in enumerate(pr["print_notes"]):
            out["practice_items"].append({"id": f"{pid}.print_notes.{i}", "practice": pid,
                                          "list": "print_notes", "position": i + 1,
                                          "text": pn["note"], "printed": pn["printed"]})
    return out


def update_rows(updates: Iterable[Any]) -> dict[str, list[Row]]:
    """Rows of the since-2013 records (``data/updates/*.yaml``): dicts or records.

    Each record has ``id, country, concerns{section, field, hotline, organisation}, kind,
    topic, title, now, sources[{url, title, publisher, date}], checked`` and an optional
    ``value``.
    """
    out: dict[str, list[Row]] = {"updates": [], "update_sources": []}
    for record in updates:
        u = data(record)
        concerns = u.get("concerns") or {}
        out["updates"].append({
            "id": u["id"], "country": u["country"],
            **{k: concerns.get(k) for k in ("section", "field", "hotline", "organisation")},
            "kind": u["kind"], "topic": u["topic"], "title": u["title"], "now": u["now"],
            "value": u.get("value"), "checked": str(u["checked"]),
            "applies_to": " ".join(u.get("applies_to") or []) or None})
        for i, src in enumerate(u.get("sources") or []):
            out["update_sources"].append({
                "id": f"{u['id']}.sources.{i}", "update": u["id"], "position": i + 1,
                "url": src["url"], "title": src.get("title"), "publisher": src.get("publisher"),
                "date": None if src.get("date") is None else str(src["date"])})
    return out


def _table(name: str) -> Table:
    return next(t for t in SCHEMA if t.name == name)


def build(profiles: Iterable[Any], annex: Any, practices: Any,
          updates: Iterable[Any] = ()) -> list[Table]:
    """Every table with its rows, in load order (a table comes after those it refers to)."""
    rows: dict[str, list[Row]] = {t.name: [] for t in SCHEMA}
    parts = [profile_rows(p) for p in sorted(profiles, key=lambda p: data(p)["id"])]
    parts += [annex_rows(annex), practice_rows(practices), update_rows(updates)]
    for part in parts:
        for name, found in part.items():
            rows[name] += found
    tables = []
    for spec in SCHEMA:
        names = [f.name for f in spec.fields]
        ordered = [{k: r.get(k) for k in names} for r in rows[spec.name]]
        tables.append(Table(spec.name, spec.title, spec.description, spec.fields, ordered))
    return tables


def published(root: Any = None, include_confidential: bool = False
              ) -> tuple[list[Any], Any, list[Any]]:
    """The profiles, the annex and the shipped since-2013 records of the data in use
    (``--data-dir``, ``FIIT_DATA_DIR`` or the shipped data): what the exports publish.

    Never the local layer; records marked ``confidential`` only with ``include_confidential``
    (:func:`withheld` counts those left out)."""
    from fiit_cli import loader
    from fiit_cli.updates import load_updates, publishable

    root = loader.data_dir(root)
    countries = root / "countries"
    if not countries.is_dir():
        raise loader.DataError(countries, None, None, "no such directory (the profiles go in "
                               "countries/<id>.yaml)", "FIIT022")
    profiles = [loader.load_profile(p) for p in sorted(countries.glob("*.yaml"))]
    updates, _ = load_updates(root, with_local=False)  # published: the shipped records only
    updates, _ = publishable(updates, include_confidential)
    return profiles, loader.load_hotlines(root), updates


def withheld(root: Any = None) -> int:
    """How many records of the data in use an export leaves out as confidential."""
    from fiit_cli import loader
    from fiit_cli.updates import load_updates, publishable

    return publishable(load_updates(loader.data_dir(root), with_local=False)[0])[1]


def load_all(root: Any = None, include_confidential: bool = False) -> list[Table]:
    """The tables of the data in ``root`` (default: FIIT_DATA_DIR or the shipped data)."""
    from fiit_cli import loader

    profiles, annex, updates = published(root, include_confidential)
    return build(profiles, annex, loader.load_practices(loader.data_dir(root)), updates)
