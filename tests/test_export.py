"""`fiit export`: the Data Package, SQLite and HSDS exports validate, and are reproducible."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from fiit_cli.export import tables as T
from tests.helpers import FIIT, fiit

HERE = Path(__file__).parent

UPDATE = {  # a since-2013 record as data/updates/*.yaml will hold them (SCHEMA.md)
    "id": "hu-hotline-checked",
    "country": "hungary",
    "concerns": {"hotline": "The National Crisis Management and Information Telephone Service"},
    "kind": "confirmed",
    "topic": "phone",
    "title": "Crisis line",
    "now": "The line still answers on the same number.",
    "sources": [{"url": "https://example.org/hotline", "title": "Hotline page",
                 "publisher": "Example", "date": "2024-05"}],
    "checked": "2026-11-29",
}
ENDED = {
    "id": "fr-afj-ended",
    "country": "france",
    "concerns": {"section": "contacts", "organisation": "AFJ - SPECIALIZED SHELTER FOR VOTS"},
    "kind": "ended",
    "topic": "contact",
    "title": "AFJ shelter",
    "now": "The shelter no longer exists under this name.",
    "value": None,
    "sources": [{"url": "https://example.org/afj"}],
    "checked": "2026-11-28",
}


@pytest.fixture(scope="module")
def tables():
    return T.load_all()


@pytest.fixture(scope="module")
def by_name(tables):
    return {t.name: t for t in tables}


# ---------------------------------------------------------------- the tables


def test_the_tables_hold_every_record(by_name):
    counts = {name: len(t.rows) for name, t in by_name.items()}
    assert counts["countries"] == 5
    assert counts["sections"] == 45
    assert counts["annex_countries"] == 26
    assert counts["hotlines"] == 34
    assert counts["hotline_numbers"] == 35
    assert counts["practices"] == 5
    assert counts["themes"] == 3
    assert counts["organisations"] == 29
    assert counts["accommodation"] == 10
    assert counts["services"] == 30
    from fiit_cli.updates import load_updates

    assert counts["updates"] == len(load_updates(with_local=False)[0])  # the shipped layer


def test_ids_unique_and_every_foreign_key_resolves(by_name):
    offenders = []
    for t in by_name.values():
        ids = [r["id"] for r in t.rows]
        offenders += [f"{t.name}: duplicate id {i}" for i in set(ids) if ids.count(i) > 1]
        for column, ref in t.foreign_keys:
            known = {r["id"] for r in by_name[ref].rows}
            offenders += [f"{t.name}.{column}: {r[column]!r} not in {ref}"
                          for r in t.rows if r[column] is not None and r[column] not in known]
    assert offenders == []


def test_required_fields_and_enums_hold(by_name):
    offenders = []
    for t in by_name.values():
        for f in t.fields:
            for r in t.rows:
                value = r[f.name]
                if f.required and value is None:
                    offenders.append(f"{r['id']}: {f.name} is missing")
                if f.enum and value is not None and value not in f.enum:
                    offenders.append(f"{r['id']}: {f.name}={value!r}")
    assert offenders == []


def test_rows_are_the_records_as_printed(by_name):
    fr = next(r for r in by_name["permit_stages"].rows if r["id"] == "france.permits.stages.0")
    assert fr["duration"] == "30 days non renewable" and fr["renewable"] == "no"
    acc = next(r for r in by_name["accommodation"].rows
               if r["id"] == "france.accommodation.specialised")
    assert acc["minors"] == "no" and acc["staff_trained"] == "not stated"  # data review FR-3
    phone = next(r for r in by_name["phones"].rows if r["printed"] == "+ 33 (0) 4 91549068")
    assert phone["e164"] == "+33491549068"
    numbers = {r["printed"]: r for r in by_name["hotline_numbers"].rows}
    assert numbers["+30 15900"]["e164"] is None and numbers["+30 15900"]["note"]


def leaves(node, path=""):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from leaves(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from leaves(value, f"{path}.{i}")
    elif node is not None:
        yield path, node


def test_every_value_of_the_records_is_in_a_table(tables):
    """Nothing is lost: each printed item and note is a cell (or a line of a joined cell)."""
    from fiit_cli import loader

    cells = set()
    for t in tables:
        for row in t.rows:
            for value in row.values():
                cells.add(value)
                if isinstance(value, str):
                    cells.update(value.split("\n"))
                    cells.update(value.split("; "))
                    cells.update(value.split(": ", 1))
    records = [loader.load_profile(p) for p in sorted((loader.data_dir() / "countries")
                                                      .glob("*.yaml"))]
    records += [loader.load_hotlines(), loader.load_practices()]
    offenders = [f"{path}: {value!r}" for r in records for path, value in leaves(r.model_dump())
                 if value not in cells and f"annex.{value}" not in cells
                 and not (isinstance(value, bool) and ("yes" if value else "no") in cells)
                 and path != ".source.heading"]
    assert offenders == []


def test_update_rows_from_a_record():
    rows = T.update_rows([UPDATE, ENDED])
    assert rows["updates"][0] == {
        "id": "hu-hotline-checked", "country": "hungary", "section": None, "field": None,
        "hotline": "The National Crisis Management and Information Telephone Service",
        "organisation": None, "kind": "confirmed", "topic": "phone", "title": "Crisis line",
        "now": "The line still answers on the same number.", "value": None,
        "checked": "2026-11-29", "applies_to": None}
    assert rows["update_sources"][0]["update"] == "hu-hotline-checked"
    assert rows["update_sources"][0]["date"] == "2024-05"
    assert rows["update_sources"][1] == {"id": "fr-afj-ended.sources.0", "update": "fr-afj-ended",
                                         "position": 1, "url": "https://example.org/afj",
                                         "title": None, "publisher": None, "date": None}
    assert T.update_rows([]) == {"updates": [], "update_sources": []}


def test_update_rows_take_objects_too():
    class Obj:
        def model_dump(self, mode="json"):
            return UPDATE

    assert T.update_rows([Obj()]) == T.update_rows([UPDATE])


# ---------------------------------------------------------------- data package


def frictionless_errors(descriptor: Path) -> list[str]:
    from frictionless import validate

    report = validate(str(descriptor))
    return [f"{task.name}: {e.message}" for task in report.tasks for e in task.errors]


def test_datapackage_validates_with_frictionless(tmp_path):
    r = fiit("export", "datapackage", str(tmp_path / "pkg"))
    assert r.code == 0, r.stderr
    assert r.stdout == "" and r.stderr == ""  # quiet when not on a terminal
    assert frictionless_errors(tmp_path / "pkg" / "datapackage.json") == []


def test_frictionless_command_line_validates_it(tmp_path):
    tool = Path(sys.executable).parent / "frictionless"
    if not tool.exists():
        pytest.skip("frictionless is not installed beside python")
    assert fiit("export", "datapackage", str(tmp_path)).code == 0
    r = subprocess.run([str(tool), "validate", "--json", "datapackage.json"], cwd=tmp_path,
                       capture_output=True, text=True, timeout=300)
    report = json.loads(r.stdout)
    assert report["valid"] is True, [e["message"] for t in report["tasks"] for e in t["errors"]]
    assert r.returncode == 0
    assert len(report["tasks"]) == len(list(tmp_path.glob("*.csv")))


def test_datapackage_metadata(tmp_path):
    from fiit_cli import __version__

    assert fiit("export", "datapackage", str(tmp_path)).code == 0
    meta = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert meta["title"].startswith("FIIT")
    assert meta["version"] == __version__
    from fiit_cli.updates import load_updates

    newest = max(r.checked for r in load_updates(with_local=False)[0])
    assert meta["created"] == f"{newest}T00:00:00Z"  # the newest check, never the clock
    assert meta["sources"][0]["publisher"] == "International Organization for Migration (IOM)"
    assert meta["sources"][0]["year"] == 2013
    assert "IOM" in meta["licenses"][0]["title"]
    resources = {r["name"]: r for r in meta["resources"]}
    assert {"countries", "permit_stages", "stage_conditions", "stage_rights", "accommodation",
            "services", "organisations", "phones", "emails", "hotlines", "practices",
            "practice_steps", "updates"} <= set(resources)
    renewable = next(f for f in resources["permit_stages"]["schema"]["fields"]
                     if f["name"] == "renewable")
    assert renewable["constraints"]["enum"] == ["yes", "no", "not stated"]
    assert resources["phones"]["schema"]["foreignKeys"] == [
        {"fields": ["organisation"], "reference": {"resource": "organisations", "fields": ["id"]}}]
    assert resources["countries"]["schema"]["primaryKey"] == ["id"]
    for r in resources.values():
        assert (tmp_path / r["path"]).is_file()


def test_created_from_source_date_epoch(tmp_path):
    r = fiit("export", "datapackage", str(tmp_path), env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert r.code == 0
    meta = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert meta["created"] == "2023-11-14T22:13:20Z"


def test_bad_source_date_epoch_is_a_usage_error(tmp_path):
    r = fiit("export", "datapackage", str(tmp_path / "out"), env={"SOURCE_DATE_EPOCH": "soon"})
    assert r.code == 2
    assert r.stderr == "fiit: SOURCE_DATE_EPOCH='soon' is not a number of seconds since 1970\n"
    assert not (tmp_path / "out").exists()


def test_datapackage_with_update_records_validates(tmp_path, by_name):
    from fiit_cli import loader
    from fiit_cli.export import datapackage

    countries = loader.data_dir() / "countries"
    tables = T.build([loader.load_profile(p) for p in sorted(countries.glob("*.yaml"))],
                     loader.load_hotlines(), loader.load_practices(), [UPDATE, ENDED])
    datapackage.write(tables, tmp_path)
    assert frictionless_errors(tmp_path / "datapackage.json") == []
    meta = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert meta["created"] == "2026-11-29T00:00:00Z"  # the newest check
    assert (tmp_path / "updates.csv").read_text(encoding="utf-8").count("\n") == 3


def test_frictionless_catches_a_broken_foreign_key(tmp_path):
    """The validation is real: a phone of an unknown organisation is reported."""
    assert fiit("export", "datapackage", str(tmp_path)).code == 0
    path = tmp_path / "phones.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    first = lines[1].split(",")
    first[1] = "atlantis.contacts.groups.0.organisations.0"
    lines[1] = ",".join(first)
    path.write_text("".join(lines), encoding="utf-8")
    errors = frictionless_errors(tmp_path / "datapackage.json")
    assert len(errors) == 1 and "foreign key" in errors[0]


# ---------------------------------------------------------------- reproducible, careful output


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


@pytest.mark.parametrize("kind,target", [("datapackage", "out"), ("sqlite", "out/fiit.db"),
                                         ("hsds", "out")])
def test_exporting_twice_gives_identical_bytes(tmp_path, kind, target):
    first, second = tmp_path / "a", tmp_path / "b"
    assert fiit("export", kind, str(first / target)).code == 0
    assert fiit("export", kind, str(second / target)).code == 0
    a, b = tree(first), tree(second)
    assert a and list(a) == list(b)
    assert [name for name in a if a[name] != b[name]] == []


@pytest.mark.parametrize("kind,target", [("datapackage", "pkg"), ("sqlite", "fiit.db"),
                                         ("hsds", "hsds")])
def test_non_empty_target_needs_force(tmp_path, kind, target):
    path = tmp_path / target
    assert fiit("export", kind, str(path)).code == 0
    r = fiit("export", kind, str(path))
    assert r.code == 2
    assert r.stderr.startswith(f"fiit: {path} ") and "--force" in r.stderr
    assert r.stderr.count("\n") == 1 and "Traceback" not in r.stderr
    assert fiit("export", kind, str(path), "--force").code == 0


def test_an_empty_directory_is_fine_and_force_leaves_other_files(tmp_path):
    (tmp_path / "pkg").mkdir()
    assert fiit("export", "datapackage", str(tmp_path / "pkg")).code == 0
    (tmp_path / "pkg" / "README.txt").write_text("mine", encoding="utf-8")
    assert fiit("export", "datapackage", str(tmp_path / "pkg"), "--force").code == 0
    assert (tmp_path / "pkg" / "README.txt").read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize("kind", ["datapackage", "sqlite", "hsds"])
def test_unwritable_target_is_one_line_exit_1(tmp_path, kind):
    blocker = tmp_path / "file.txt"
    blocker.write_text("x", encoding="utf-8")
    target = blocker / "sub" / ("fiit.db" if kind == "sqlite" else "out")
    r = fiit("export", kind, str(target))
    assert r.code == 1
    assert r.stderr.startswith("fiit: cannot create ") and str(blocker) in r.stderr
    assert r.stderr.count("\n") == 1


def test_wrong_kind_of_target_is_a_usage_error(tmp_path):
    (tmp_path / "f").write_text("x", encoding="utf-8")
    r = fiit("export", "hsds", str(tmp_path / "f"))
    assert (r.code, r.stderr) == (2, f"fiit: {tmp_path / 'f'} is not a directory\n")
    r = fiit("export", "sqlite", str(tmp_path))
    assert (r.code, r.stderr) == (2, f"fiit: {tmp_path} is a directory (give a file name)\n")


@pytest.mark.parametrize("command", ["datapackage", "sqlite", "hsds"])
def test_help_has_summary_and_example(command):
    r = fiit("export", command, "--help", width=100)
    assert r.code == 0
    assert "Examples:" in r.stdout and f"  fiit export {command} " in r.stdout


def test_missing_target_is_a_usage_error():
    r = fiit("export", "sqlite")
    assert r.code == 2 and r.stderr.startswith("fiit: Missing argument")


def test_broken_data_is_a_data_error(tmp_path):
    data = tmp_path / "data"
    (data / "countries").mkdir(parents=True)
    (data / "countries" / "france.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    r = fiit("--data-dir", str(data), "export", "datapackage", str(tmp_path / "out"))
    assert r.code == 1
    assert r.stderr.startswith("fiit: data error: ") and "france.yaml:" in r.stderr
    assert r.stderr.count("\n") == 1


def test_progress_on_a_terminal_only(monkeypatch, capsys):
    from fiit_cli.cli import exporting

    monkeypatch.setattr(sys.stderr, "isatty", lambda: False, raising=False)
    assert exporting._progress() is None
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True, raising=False)
    exporting._progress()("countries.csv (5 rows)")
    assert capsys.readouterr().err == "fiit: writing countries.csv (5 rows)\n"


# ---------------------------------------------------------------- SQLite and Datasette


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    path = tmp_path_factory.mktemp("sqlite") / "fiit.db"
    r = fiit("export", "sqlite", str(path))
    assert r.code == 0, r.stderr
    return path


def test_sqlite_has_foreign_keys_and_full_text(database):
    import sqlite_utils

    db = sqlite_utils.Database(database)
    fks = {(fk.column, fk.other_table) for fk in db["phones"].foreign_keys}
    assert fks == {("organisation", "organisations")}
    assert db["hotline_numbers"].count == 35
    assert db["notes"].detect_fts() == "notes_fts"
    hits = list(db["hotlines"].search("surya"))  # accents folded
    assert [h["service"] for h in hits] == ["Sürya"]
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    db.close()


def test_datasette_metadata_names_source_and_licence(database):
    meta = json.loads(database.with_name("fiit.metadata.json").read_text(encoding="utf-8"))
    assert "International Organization for Migration" in meta["source"]
    assert "IOM" in meta["license"]
    assert "phones" in meta["databases"]["fiit"]["tables"]


def test_datasette_opens_it_and_runs_a_full_text_query(database):
    from datasette.app import Datasette

    meta = json.loads(database.with_name("fiit.metadata.json").read_text(encoding="utf-8"))
    ds = Datasette([str(database)], metadata=meta)

    async def get(url):
        response = await ds.client.get(url)
        assert response.status_code == 200, url
        return response.json()

    async def queries():
        found = await get("/fiit/organisations.json?_search=esclavage&_shape=array")
        sql = await get("/fiit.json?_shape=array&sql=select+notes.id+from+notes+join+notes_fts"
                        "+on+notes.rowid+=+notes_fts.rowid+where+notes_fts+match+'reflection'")
        served = await get("/-/metadata.json")
        return found, sql, served

    found, sql, served = asyncio.run(queries())
    assert [o["name"] for o in found] == ["COMITÉ CONTRE L'ESCLAVAGE MODERNE",
                                          "ESCLAVAGE TOLÉRANCE ZÉRO"]
    assert "france.permits.stages.0.notes.0" in {row["id"] for row in sql}
    assert served["license"] == meta["license"]


def test_datasette_inspect_reads_the_file(database):
    datasette = Path(sys.executable).parent / "datasette"
    if not datasette.exists():
        pytest.skip("datasette is not installed beside python")
    r = subprocess.run([str(datasette), "inspect", str(database)], capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["fiit"]["tables"]["countries"]["count"] == 5


# ---------------------------------------------------------------- HSDS 3.0


@pytest.fixture(scope="module")
def hsds_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("hsds")
    r = fiit("export", "hsds", str(path))
    assert r.code == 0, r.stderr
    return path


@pytest.fixture(scope="module")
def hsds_validator():
    import jsonschema

    schema = json.loads((HERE / "hsds" / "organization.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def organizations(root: Path) -> list[dict]:
    index = json.loads((root / "index.json").read_text(encoding="utf-8"))
    return [json.loads((root / e["file"]).read_text(encoding="utf-8"))
            for e in index["organizations"]]


def test_every_organization_validates_against_hsds_3(hsds_dir, hsds_validator):
    orgs = organizations(hsds_dir)
    assert len(orgs) == 29 + 34  # the profiles' contacts and the annex's hotlines
    offenders = [f"{o['name']}: {'/'.join(map(str, e.absolute_path))}: {e.message}"
                 for o in orgs for e in hsds_validator.iter_errors(o)]
    assert offenders == []


def test_hsds_ids_are_stable_uuid5s(hsds_dir):
    from fiit_cli.export.hsds import uid

    index = json.loads((hsds_dir / "index.json").read_text(encoding="utf-8"))["organizations"]
    assert len({e["id"] for e in index}) == len(index)
    for e in index:
        assert uuid.UUID(e["id"]).version == 5
        assert e["id"] == uid(e["record"])
    assert uid("annex.spain.hotlines.0") == uid("annex.spain.hotlines.0")


def test_hsds_urls_have_a_scheme_and_phones_keep_the_printed_form(hsds_dir):
    offenders = []
    for o in organizations(hsds_dir):
        urls = [o.get("website")] + [s.get("url") for s in o["services"]]
        offenders += [u for u in urls if u and not u.startswith(("http://", "https://"))]
        for s in o["services"]:
            for p in s.get("phones", []):
                if p["number"].startswith("+") and " " not in p["number"]:
                    continue
                offenders.append(p["number"])  # not E.164: must say why
                if "not dialable" not in p["description"].lower() and \
                        "no e.164" not in p["description"].lower():
                    offenders.append(p["description"])
    # only the two annex short numbers have no E.164 form; they keep the printed one
    assert sorted(offenders) == ["+30 15900", "+359 116 111"]


def test_hsds_hotline_phone_with_language(hsds_dir):
    hu = next(o for o in organizations(hsds_dir)
              if o["name"] == "The National Crisis Management and Information Telephone Service")
    phone = hu["services"][0]["phones"][0]
    assert phone["number"] == "+3680205520"
    assert "+36 80 20 55 20" in phone["description"]
    assert phone["languages"][0]["name"] == "Hungarian" and phone["languages"][0]["code"] == "hu"
    # the annex line was checked since 2013 (data/updates/hungary.yaml): its assured date
    assert hu["services"][0]["assured_date"] == "2026-12-07"


def test_hsds_profile_contact(hsds_dir):
    everything = organizations(hsds_dir)
    iom = [o for o in everything if o["name"].startswith("INTERNATIONAL ORGANIZATION")]
    assert len(iom) == 5 and len({o["id"] for o in iom}) == 5  # one office per country
    orgs = {o["name"]: o for o in everything}
    ac = orgs["NATIONAL NETWORK OF ASSISTANCE AND PROTECTION OF VOTS (AC.SÉ NETWORK)"]
    service = ac["services"][0]
    assert service["phones"][0]["number"] == "+33492151051"
    assert "+33 (0) 4 92151051" in service["phones"][0]["description"]
    assert service["email"] == ac["email"] == "ac.se@association-alc.org"
    assert ac["website"] == "http://www.acse-alc.org/"
    assert ac["locations"][0]["description"] == "Address as printed: BP 1532 - 06009 Nice Cedex 1"


def test_hsds_assured_date_from_update_records(hsds_validator):
    from fiit_cli import loader
    from fiit_cli.export import hsds

    countries = loader.data_dir() / "countries"
    profiles = [loader.load_profile(p) for p in sorted(countries.glob("*.yaml"))]
    orgs = {o["name"]: o for _, _, o in hsds.organizations(profiles, loader.load_hotlines(),
                                                           [UPDATE, ENDED])}
    hu = orgs["The National Crisis Management and Information Telephone Service"]
    assert hu["services"][0]["assured_date"] == "2026-11-29"
    assert hu["services"][0]["status"] == "active"
    afj = orgs["AFJ - SPECIALIZED SHELTER FOR VOTS"]
    assert afj["services"][0]["assured_date"] == "2026-11-28"
    assert afj["services"][0]["status"] == "defunct"
    assert [e.message for o in (hu, afj) for e in hsds_validator.iter_errors(o)] == []


# ---------------------------------------------------------------- installed, and start-up


def test_cli_start_up_does_not_import_the_exports():
    code = ("import sys, fiit_cli.cli; "
            "print(sorted(m for m in sys.modules if m.startswith(('sqlite_utils', "
            "'fiit_cli.export'))))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]"


@pytest.mark.skipif(not FIIT.exists(), reason="fiit is not installed beside python")
def test_installed_fiit_exports_sqlite(tmp_path):
    env = dict(os.environ, NO_COLOR="1")
    run = [str(FIIT), "export", "sqlite", "out/fiit.db"]
    r = subprocess.run(run, capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout == "" and r.stderr == ""
    assert (tmp_path / "out" / "fiit.db").stat().st_size > 0
    assert (tmp_path / "out" / "fiit.metadata.json").is_file()
    r = subprocess.run(run, capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120)
    assert r.returncode == 2
    assert r.stderr == "fiit: out/fiit.db exists (use --force to replace it)\n"
