"""Open Referral HSDS 3.0 JSON: the profiles' contacts and the annex's hotlines.

One HSDS ``organization`` per organisation of a profile's contacts and per hotline of the
annex, each with one ``service`` carrying its phones (``number`` in E.164 where it is
dialable, else as printed; the printed form always in ``description``), email, URL and
contact person; addresses, which the toolkit prints as lines rather than fields, go in a
``location`` description as printed. Ids are UUID5s of the record's path in the data, so
they are the same on every run. ``assured_date`` is the newest ``checked`` date of the
since-2013 records that concern the organisation or hotline; a record of kind ``ended``
makes the service ``defunct``. Everything else is ``active`` as of 2013.

Files: ``organizations/<id>.json`` (one organization each, valid against HSDS 3.0's compiled
``organization.json``) and ``index.json`` (id, name, country, record path and file of each).
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from fiit_cli.export.files import Progress, write_tree
from fiit_cli.export.tables import data

NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:fiit:record")
LANGUAGES = {"Dutch": "nl", "Hungarian": "hu", "Latvian": "lv", "English": "en",
             "French": "fr", "German": "de", "Italian": "it", "Spanish": "es"}
HSDS_VERSION = "3.0"


def uid(path: str) -> str:
    """A stable UUID for a record, from its path in the data."""
    return str(uuid.uuid5(NAMESPACE, path))


def _url(printed: str) -> str:
    return printed if re.match(r"^[a-z][a-z0-9+.-]*://", printed, re.I) else f"http://{printed}"


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else f"{text}."


class Assurance:
    """The since-2013 records, indexed by what they concern."""

    def __init__(self, updates: Iterable[Any]):
        self.by_key: dict[tuple[str, str, str], list[dict]] = {}
        for record in updates:
            u = data(record)
            concerns = u.get("concerns") or {}
            for kind in ("organisation", "hotline"):
                if concerns.get(kind):
                    key = (kind, u["country"], concerns[kind])
                    self.by_key.setdefault(key, []).append(u)

    def apply(self, service: dict, kind: str, country: str, name: str) -> None:
        found = sorted(self.by_key.get((kind, country, name), []),
                       key=lambda u: str(u["checked"]))
        if not found:
            return
        service["assured_date"] = str(found[-1]["checked"])
        if found[-1]["kind"] == "ended":
            service["status"] = "defunct"


def _phone(path: str, printed: str, e164: str | None, where: str,
           note: str | None = None, languages: list[dict] | None = None) -> dict:
    description = f"As printed in {where}: {printed}."
    if note:
        description += f" {_sentence(note)}"
    elif e164 is None:
        description += " Not dialable as printed: no E.164 form could be given."
    phone: dict = {"id": uid(path), "number": e164 or printed, "description": description}
    if languages:
        phone["languages"] = languages
    return phone


def profile_organizations(profile: Any, assurance: Assurance) -> list[tuple[str, dict]]:
    from fiit_cli.phones import e164_from_printed
    from fiit_cli.vocab import DATA_AGE

    p = data(profile)
    country = p["name"]
    page = p["contacts"]["source"].get("page")
    where = f"the {country} contacts of the IOM FIIT toolkit (2013" + (
        f", p. {page})" if page else ")")
    out = []
    for g, group in enumerate(p["contacts"]["groups"]):
        for o, org in enumerate(group["organisations"]):
            path = f"{p['id']}.contacts.groups.{g}.organisations.{o}"
            oid, sid = uid(path), uid(f"{path}.service")
            parts = [_sentence(org["description"])] if org.get("description") else []
            parts.append(f"Listed under “{group['heading']}” in {where}.")
            websites = org["websites"]
            if websites and _url(websites[0]) != websites[0]:
                parts.append(f"Website as printed: {websites[0]}.")
            if len(websites) > 1:
                parts.append("Other websites as printed: " + ", ".join(websites[1:]) + ".")
            parts.append(DATA_AGE)
            organization: dict = {"id": oid, "name": org["name"], "description": " ".join(parts)}
            service: dict = {"id": sid, "organization_id": oid, "name": org["name"],
                             "status": "active"}
            if org["services"]:
                service["description"] = ("Services as printed: " + "; ".join(org["services"])
                                          + ".")
            if org["emails"]:
                organization["email"] = service["email"] = org["emails"][0]
            if websites:
                organization["website"] = service["url"] = _url(websites[0])
            phones = [_phone(f"{path}.phones.{i}", printed, e164_from_printed(printed), where)
                      for i, printed in enumerate(org["phones"])]
            if phones:
                service["phones"] = phones
            contacts = []
            if org.get("contact_person"):
                person: dict = {"id": uid(f"{path}.contact_person"),
                                "name": org["contact_person"]}
                if org.get("role"):
                    person["title"] = org["role"]
                contacts.append(person)
            contacts += [{"id": uid(f"{path}.emails.{i}"), "email": email}
                         for i, email in enumerate(org["emails"])]
            if contacts:
                service["contacts"] = contacts
            assurance.apply(service, "organisation", p["id"], org["name"])
            organization["services"] = [service]
            if org["address"]:
                organization["locations"] = [{
                    "id": uid(f"{path}.address"), "location_type": "physical",
                    "name": org["name"],
                    "description": "Address as printed: " + ", ".join(org["address"])}]
            out.append((path, organization))
    return out


def _languages(path: str, note: str | None) -> list[dict]:
    if not note:
        return []
    match = re.fullmatch(r"in (\w+)", note.strip())
    language: dict = {"id": uid(path)}
    if match:
        language["name"] = match.group(1)
        if match.group(1) in LANGUAGES:
            language["code"] = LANGUAGES[match.group(1)]
    language["note"] = f"The annex prints “({note})” after the service."
    return [language]


def annex_organizations(annex: Any, assurance: Assurance) -> list[tuple[str, dict]]:
    from fiit_cli.vocab import DATA_AGE

    a = data(annex)
    heading = a["source"]["heading"]
    out = []
    for country in a["countries"]:
        for h, hotline in enumerate(country["hotlines"]):
            path = f"annex.{country['id']}.hotlines.{h}"
            oid, sid = uid(path), uid(f"{path}.service")
            where = f"the annex “{heading}” of the IOM FIIT toolkit (2013)"
            parts = []
            if hotline.get("operated_by"):
                parts.append(f"Operated by {hotline['operated_by']}.")
            parts.append(f"Counter-trafficking national hotline of {country['name']}, listed "
                         f"in {where}.")
            parts.append(DATA_AGE)
            service: dict = {
                "id": sid, "organization_id": oid,
                "name": f"Counter-trafficking hotline: {hotline['service']}",
                "description": _sentence(hotline["purpose"]) if hotline.get("purpose") else
                f"Counter-trafficking national hotline of {country['name']}.",
                "status": "active"}
            languages = _languages(f"{path}.language", hotline.get("language"))
            service["phones"] = [
                _phone(f"{path}.numbers.{n}", number["printed"], number.get("e164"), "the annex",
                       number.get("note"),
                       [{**lang, "id": uid(f"{path}.numbers.{n}.language")}
                        for lang in languages])
                for n, number in enumerate(hotline["numbers"])]
            if languages:
                service["languages"] = languages
            service["service_areas"] = [{"id": uid(f"{path}.area"), "name": country["name"],
                                         "description": f"{country['name']} ({country['iso2']})"}]
            assurance.apply(service, "hotline", country["id"], hotline["service"])
            out.append((path, {"id": oid, "name": hotline["service"],
                               "description": " ".join(parts), "services": [service]}))
    return out


def organizations(profiles: Iterable[Any], annex: Any,
                  updates: Iterable[Any] = ()) -> list[tuple[str, str, dict]]:
    """(record path, country id, organization) for every contact and hotline, in order."""
    assurance = Assurance(updates)
    out = []
    for profile in sorted(profiles, key=lambda p: data(p)["id"]):
        pid = data(profile)["id"]
        out += [(path, pid, org) for path, org in profile_organizations(profile, assurance)]
    out += [(path, path.split(".")[1], org)
            for path, org in annex_organizations(annex, assurance)]
    return out


def load_all(root: Any = None, include_confidential: bool = False
             ) -> list[tuple[str, str, dict]]:
    from fiit_cli.export.tables import published

    return organizations(*published(root, include_confidential))


def _dump(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2) + "\n"


def write(orgs: list[tuple[str, str, dict]], target: Path, force: bool = False,
          progress: Progress = None) -> list[Path]:
    """Write the organizations and their index into ``target``, whole.

    With ``--force``, organizations that an earlier export wrote (its manifest names them)
    and this one has not are removed; no other file is.
    """

    def files():
        index = []
        for path, country, org in orgs:
            name = f"organizations/{org['id']}.json"
            if progress:
                progress(f"{name} ({org['name'][:50]})")
            yield name, _dump(org).encode("utf-8")
            index.append({"id": org["id"], "name": org["name"], "country": country,
                          "record": path, "file": name})
        yield "index.json", _dump({"hsds_version": HSDS_VERSION,
                                   "organizations": index}).encode("utf-8")

    return write_tree(target, force, "hsds", files(), "index.json")
