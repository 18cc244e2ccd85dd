"""Since-2013 records: the model, shipped and local layers, references, freshness, commands.

Every record written here is a TEST fixture in a temporary directory (example.org sources):
no real-world fact is invented.
"""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest
from pydantic import ValidationError

from fiit_cli import updates as up
from fiit_cli.loader import DataError, load_hotlines, load_profile
from fiit_cli.loader import shipped_data_dir as data_dir
from fiit_cli.models import Update, Updates
from tests.helpers import fiit

RECORD = {
    "id": "test-uk-helpline",
    "country": "united-kingdom",
    "concerns": {"section": "contacts", "hotline": "UKHTC Hotline"},
    "kind": "new",
    "topic": "phone",
    "title": "TEST helpline (fixture)",
    "now": "A TEST record that exists only in fiit's tests.",
    "phones": ["0800 000 0000"],
    "sources": [{"url": "https://example.org/test-helpline", "title": "Test page",
                 "publisher": "Example", "date": "2024-05"}],
    "checked": "2025-01-15",
}


def record_yaml(id="test-uk-helpline", country="united-kingdom", topic="phone",
                checked="2025-01-15", concerns='hotline: "UKHTC Hotline"', extra="",
                kind="new") -> str:
    return f'''  - id: "{id}"
    country: "{country}"
    concerns:
      {concerns}
    kind: "{kind}"
    topic: "{topic}"
    title: "TEST {id}"
    now: "A TEST record that exists only in fiit's tests."
{extra}    sources:
      - url: "https://example.org/{id}"
        title: "Test page"
        publisher: "Example"
        date: "2024-05"
    checked: "{checked}"
'''


def write(root: Path, country: str, *records: str) -> Path:
    path = root / "updates" / f"{country}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("updates:\n" + "".join(records), encoding="utf-8")
    return path


@pytest.fixture
def data(tmp_path):
    """A writable copy of the shipped data, with one shipped TEST record."""
    root = tmp_path / "data"
    shutil.copytree(data_dir(), root)
    for shipped in (root / "updates").glob("*.yaml"):  # only the TEST record, whatever ships
        shipped.unlink()
    write(root, "italy", record_yaml("test-it-shipped", "italy", "law", "2026-06-01",
                                     'section: "permits"'))
    return root


@pytest.fixture
def local(tmp_path, monkeypatch):
    root = tmp_path / "local"
    root.mkdir()
    monkeypatch.setenv("FIIT_LOCAL_DIR", str(root))
    return root


TODAY = {"FIIT_TODAY": "2026-11-29"}


# ---------------------------------------------------------------- the model


def test_a_valid_record():
    u = Update.model_validate(RECORD)
    assert u.sources[0].url == "https://example.org/test-helpline"


@pytest.mark.parametrize("change, field", [
    ({"sources": []}, "sources"),
    ({"sources": None}, "sources"),
    ({"checked": None}, "checked"),
    ({"checked": "2026-02-30"}, "checked"),
    ({"checked": "29.11.2026"}, "checked"),
    ({"concerns": {}}, "concerns"),
    ({"kind": "updated"}, "kind"),
    ({"topic": "address"}, "topic"),
    ({"value": "maybe"}, "value"),
    ({"id": "Not An Id"}, "id"),
    ({"sources": [{"url": "ftp://example.org", "title": "T", "publisher": "P"}]}, "sources"),
    ({"sources": [{"url": "https://example.org", "title": "T"}]}, "sources"),
    ({"sources": [{"url": "https://example.org", "title": "T", "publisher": "P",
                   "date": "May 2024"}]}, "sources"),
    ({"colour": "red"}, "colour"),
])
def test_the_model_rejects(change, field):
    bad = {k: v for k, v in {**RECORD, **change}.items() if v is not None}
    with pytest.raises(ValidationError) as exc:
        Update.model_validate(bad)
    assert any(e["loc"][0] == field for e in exc.value.errors())


def test_no_record_without_a_source_or_a_checked_date():
    for key in ("sources", "checked"):
        with pytest.raises(ValidationError):
            Update.model_validate({k: v for k, v in RECORD.items() if k != key})


def test_strict_yaml_values_are_refused():
    with pytest.raises(ValidationError):
        Updates.model_validate({"updates": [{**RECORD, "checked": datetime.date(2025, 1, 15)}]})


# ---------------------------------------------------------------- the shipped records


def test_every_shipped_record_is_sourced_checked_and_resolves():
    records, warnings = up.load_updates(data_dir(), with_local=False)
    assert warnings == []
    root = data_dir()
    profiles = {p.stem: load_profile(p) for p in sorted((root / "countries").glob("*.yaml"))}
    annex = load_hotlines(root)
    offenders = []
    for r in records:
        if not r.sources or not all(s.url.startswith(("https://", "http://"))
                                    for s in r.sources):
            offenders.append((r.id, "source url"))
        if not r.checked:
            offenders.append((r.id, "checked"))
        offenders += [(r.id, msg) for _, _, msg in up.reference_problems(r, profiles, annex)]
        offenders += [(r.id, msg) for _, msg in up.future_dates(r, up.today())]
    assert offenders == []


def test_shipped_updates_folder_exists_and_validates():
    assert (data_dir() / "updates" / "eu.yaml").is_file()
    r = fiit("validate")
    assert r.code == 0, r.stdout


# ---------------------------------------------------------------- loading and the local layer


def test_local_dir_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("FIIT_LOCAL_DIR", str(tmp_path))
    assert up.local_dir() == tmp_path
    monkeypatch.setenv("FIIT_LOCAL_DIR", "")
    assert up.local_dir() is None
    monkeypatch.delenv("FIIT_LOCAL_DIR")
    import platformdirs

    assert up.local_dir() == Path(platformdirs.user_data_dir("fiit", appauthor=False))


def test_shipped_and_local_records_carry_their_origin(data, local):
    write(local, "united-kingdom", record_yaml())
    records, warnings = up.load_updates(data)
    assert warnings == []
    assert [(r.id, r.origin) for r in records] == [("test-it-shipped", "toolkit-update"),
                                                  ("test-uk-helpline", "local")]
    assert records[1].model_dump()["origin"] == "local"
    only_shipped, _ = up.load_updates(data, with_local=False)
    assert [r.id for r in only_shipped] == ["test-it-shipped"]


def test_a_local_record_shows_up_marked_local(data, local):
    write(local, "united-kingdom", record_yaml())
    r = fiit("--data-dir", str(data), "updates", "uk", "-f", "json")
    assert r.code == 0, r.stderr
    assert [(x["id"], x["origin"]) for x in r.json()] == [("test-uk-helpline", "local")]
    out = fiit("--data-dir", str(data), "updates", "uk", "-f", "plain").stdout
    assert "Layer: local" in out
    assert "https://example.org/test-uk-helpline" in out
    every = fiit("--data-dir", str(data), "updates", "-f", "json").json()
    assert {x["id"]: x["origin"] for x in every} == {"test-it-shipped": "toolkit-update",
                                                     "test-uk-helpline": "local"}


@pytest.mark.parametrize("broken", [
    "updates:\n  - id: [\n",                                   # YAML syntax
    "updates:\n" + record_yaml(checked="2025-13-01"),          # a date that does not exist
    "updates:\n" + record_yaml().replace('    sources:', '    colour: "red"\n    sources:'),
    "updates:\n" + record_yaml(country="italy"),               # not the file's country
    "updates:\n  - id: !!python/object/apply:os.system [\"echo pwned\"]\n",
])
def test_a_broken_local_file_warns_in_one_line_and_hides_nothing(data, local, broken):
    path = local / "updates" / "united-kingdom.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(broken, encoding="utf-8")
    r = fiit("--data-dir", str(data), "updates", "-f", "json")
    assert r.code == 0
    assert [x["id"] for x in r.json()] == ["test-it-shipped"]
    assert r.stderr.count("\n") == 1, r.stderr
    assert r.stderr.startswith(f"fiit: warning: {path}:")
    line = r.stderr.split(f"{path}:")[1].split(":")[0]
    assert line.isdigit(), r.stderr
    # The toolkit's own commands never mind the local layer.
    assert fiit("--data-dir", str(data), "show", "uk", "contacts", "-f", "json").code == 0


def test_a_local_layer_that_is_not_there_is_said(tmp_path, monkeypatch):
    missing = tmp_path / "no-such-dir"
    monkeypatch.setenv("FIIT_LOCAL_DIR", str(missing))
    r = fiit("updates", "-f", "json")
    assert r.code == 0 and all(x["origin"] == "toolkit-update" for x in r.json())
    assert r.stderr == f"fiit: warning: {missing}: FIIT022 the local layer (FIIT_LOCAL_DIR) is not a " \
        "directory; no local records read\n"
    monkeypatch.setenv("FIIT_LOCAL_DIR", "")
    assert "warning" not in fiit("updates").stderr


def test_a_local_record_may_not_take_a_shipped_id(data, local):
    write(local, "italy", record_yaml("test-it-shipped", "italy", "law", "2026-06-01",
                                      'section: "permits"'))
    records, warnings = up.load_updates(data)
    assert [r.origin for r in records] == ["toolkit-update"]
    assert len(warnings) == 1 and warnings[0].code == "FIIT024"
    assert "test-it-shipped" in str(warnings[0])


def test_a_broken_shipped_file_is_a_data_error(data):
    write(data, "france", record_yaml(country="belgium"))
    with pytest.raises(DataError) as exc:
        up.load_updates(data, with_local=False)
    assert exc.value.code == "FIIT025" and exc.value.line == 3
    r = fiit("--data-dir", str(data), "updates")
    assert r.code == 1 and r.stderr.count("\n") == 1 and "france.yaml:3" in r.stderr


def test_the_cache_still_checks_the_file_name(data):
    path = write(data, "france", record_yaml("test-fr", "france", "law", "2026-01-01",
                                             'section: "legal"'))
    assert [r.id for r in up.load_file(path)] == ["test-fr"]  # now cached
    moved = path.with_name("belgium.yaml")
    path.rename(moved)
    with pytest.raises(DataError) as exc:
        up.load_file(moved)
    assert exc.value.code == "FIIT025"


def _toolkit(args: tuple, **kw) -> dict:
    """The toolkit's part of `fiit show … -f json`: everything but the since-2013 keys (the
    records, and the pointer to newer figures)."""
    data = fiit(*args, "-f", "json", **kw).json()
    data.pop("since_2013", None)
    data.pop("figures_since_2013", None)
    return data


def test_toolkit_json_is_the_same_with_and_without_a_local_layer(local):
    uk = ("show", "united-kingdom")
    before = _toolkit(uk)
    printed = fiit(*uk, "--as-printed", "-f", "json").json()
    assert "since_2013" not in printed and printed == before  # --as-printed: the toolkit alone
    assert "since_2013" in fiit(*uk, "-f", "json").json()  # the shipped layer, kept apart
    write(local, "united-kingdom", record_yaml())
    assert any(x["origin"] == "local" for x in fiit("updates", "uk", "-f", "json").json())
    assert _toolkit(uk) == before
    broken = local / "updates" / "france.yaml"
    broken.write_text("updates: [\n", encoding="utf-8")
    assert fiit("show", "france", "-f", "json").raw == fiit(
        "show", "france", "-f", "json", env={"FIIT_LOCAL_DIR": ""}).raw


# ---------------------------------------------------------------- queries and references


def _records(local_root):
    write(local_root, "united-kingdom",
          record_yaml("test-a", concerns='hotline: "UKHTC Hotline"'),
          record_yaml("test-b", topic="law", concerns='field: "challenges.national_rapporteur"',
                      extra='    value: "yes"\n'),
          record_yaml("test-c", topic="contact",
                      concerns='organisation: "UK HUMAN TRAFFICKING CENTRE"'),
          record_yaml("test-d", topic="structure", concerns='section: "accommodation"'))
    write(local_root, "eu", record_yaml("test-eu", "eu", "law", concerns='section: "permits"'))
    records, warnings = up.load_updates(local_root, with_local=False)
    assert warnings == []
    return records


def test_query_helpers(tmp_path):
    records = _records(tmp_path)
    assert [r.id for r in up.for_country(records, "united-kingdom")] == [
        "test-a", "test-b", "test-c", "test-d"]
    assert [r.id for r in up.for_country(records, "eu")] == ["test-eu"]
    assert [r.id for r in up.for_section(records, "united-kingdom", "challenges")] == ["test-b"]
    assert [r.id for r in up.for_section(records, "united-kingdom", "contacts")] == ["test-c"]
    assert [r.id for r in up.for_section(records, "united-kingdom", "accommodation")] == [
        "test-d"]
    assert [r.id for r in up.for_hotline(records, "united-kingdom", "UKHTC Hotline")] == [
        "test-a"]
    assert up.for_hotline(records, "italy", "UKHTC Hotline") == []
    assert [r.id for r in up.for_field(records, "united-kingdom", "challenges")] == ["test-b"]
    assert [r.id for r in up.for_organisation(
        records, "united-kingdom", "UK HUMAN TRAFFICKING CENTRE")] == ["test-c"]
    uk = up.for_country(records, "united-kingdom")
    assert up.section_of(uk[0]) is None
    assert up.concerns_text(uk[1]) == "field challenges.national_rapporteur"


def test_references_resolve(tmp_path):
    records = _records(tmp_path)
    root = data_dir()
    profiles = {p.stem: load_profile(p) for p in sorted((root / "countries").glob("*.yaml"))}
    annex = load_hotlines(root)
    assert [up.reference_problems(r, profiles, annex) for r in records] == [[]] * 5


@pytest.mark.parametrize("path, found", [
    ("challenges.national_referral_mechanism", True),
    ("accommodation.specialised.staff_trained", True),
    ("contacts", True),
    ("permits.stages.0.duration", True),
    ("permits.stages.99", False),
    ("challenges.no_such_field", False),
    ("name", False),
    ("permits.model_fields", False),
    ("permits.section", False),
    ("challenges.summary.upper", False),
])
def test_resolve_field(profiles, path, found):
    for profile in (profiles["united-kingdom"],
                    load_profile(data_dir() / "countries" / "united-kingdom.yaml")):
        assert up.resolve_field(profile, path)[0] is found


# ---------------------------------------------------------------- freshness


@pytest.mark.parametrize("checked, today, months", [
    ("2025-11-29", "2026-11-29", 12),
    ("2025-11-30", "2026-11-29", 11),
    ("2026-11-29", "2026-11-29", 0),
    ("2027-01-01", "2026-11-29", 0),
    ("2024-02-29", "2026-03-01", 24),
])
def test_age_months(checked, today, months):
    assert up.age_months(checked, datetime.date.fromisoformat(today)) == months


@pytest.mark.parametrize("topic, checked, stale", [
    ("phone", "2025-11-29", False),      # exactly 12 months: still fresh
    ("phone", "2025-11-28", True),
    ("contact", "2025-11-28", True),
    ("law", "2025-11-28", False),
    ("structure", "2024-11-29", False),
    ("structure", "2024-11-28", True),
])
def test_stale_by_topic(topic, checked, stale):
    rec = Update.model_validate({**RECORD, "topic": topic, "checked": checked})
    fresh = up.freshness(rec, datetime.date(2026, 11, 29))
    assert fresh.stale is stale
    assert fresh.text.endswith("check again") is stale


def test_freshness_text():
    rec = Update.model_validate(RECORD)
    assert up.freshness(rec, datetime.date(2026, 11, 29)).text == \
        "checked 22 months ago — check again"
    assert up.freshness(rec, datetime.date(2025, 2, 15)).text == "checked 1 month ago"
    assert up.freshness(rec, datetime.date(2025, 1, 20)).text == "checked less than a month ago"


def test_today_honours_fiit_today(monkeypatch):
    monkeypatch.setenv("FIIT_TODAY", "2030-01-02")
    assert up.today() == datetime.date(2030, 1, 2)
    monkeypatch.setenv("FIIT_TODAY", "not a date")
    assert up.today() == datetime.date.today()


def test_stale_marking_at_a_frozen_date(data, local):
    write(local, "united-kingdom", record_yaml())
    out = fiit("--data-dir", str(data), "updates", "uk", "-f", "plain", env=TODAY).stdout
    assert "Checked: 2025-01-15 (checked 22 months ago — check again)" in out
    out = fiit("--data-dir", str(data), "updates", "uk", "-f", "plain",
               env={"FIIT_TODAY": "2025-06-01"}).stdout
    assert "Checked: 2025-01-15 (checked 4 months ago)" in out
    rows = fiit("--data-dir", str(data), "updates", "-f", "csv", env=TODAY).stdout.splitlines()
    assert rows[0].split(",")[-4:] == ["stale", "source", "origin", "applies_to"]
    assert rows[2].endswith(",yes,https://example.org/test-uk-helpline,local,")


def test_fiit_stale_exit_codes(data, local):
    r = fiit("--data-dir", str(data), "stale", env=TODAY)
    assert r.code == 0, r.stdout
    assert "No since-2013 record is past its age (as of 2026-11-29)." in r.stdout
    assert fiit("--data-dir", str(data), "stale", "-f", "json", env=TODAY).json() == []
    write(local, "united-kingdom", record_yaml())
    r = fiit("--data-dir", str(data), "stale", "-f", "json", env=TODAY)
    assert r.code == 1
    assert [x["id"] for x in r.json()] == ["test-uk-helpline"]
    # The law record checked 2026-06-01 goes stale after 24 months.
    r = fiit("--data-dir", str(data), "stale", "-f", "json", env={"FIIT_TODAY": "2028-06-02"})
    assert r.code == 1
    assert [x["id"] for x in r.json()] == ["test-it-shipped", "test-uk-helpline"]


# ---------------------------------------------------------------- the commands


@pytest.mark.parametrize("fmt", ["table", "plain", "json", "yaml", "markdown", "csv"])
def test_every_format_of_fiit_updates(data, local, fmt):
    write(local, "united-kingdom", record_yaml())
    r = fiit("--data-dir", str(data), "updates", "-f", fmt, env=TODAY)
    assert r.code == 0, r.stderr
    assert "TEST test-uk-helpline" in r.stdout
    assert "example.org/test-it-shipped" in r.stdout
    if fmt in ("table", "plain", "markdown"):
        assert "check again" in r.stdout
        assert "local" in r.stdout
        assert "Data as published in 2013" not in r.stdout
    if fmt == "yaml":
        assert "origin: local" in r.stdout


def test_vcard_is_refused(data):
    r = fiit("--data-dir", str(data), "updates", "-f", "vcard")
    assert r.code == 2 and r.stderr.count("\n") == 1


@pytest.mark.parametrize("name, wanted", [("italy", ["test-it-shipped"]), ("IT", ["test-it-shipped"]),
                                          ("Italia", ["test-it-shipped"]), ("spain", []),
                                          ("eu", []), ("uk", [])])
def test_country_names(data, name, wanted):
    r = fiit("--data-dir", str(data), "updates", name, "-f", "json")
    assert r.code == 0, r.stderr
    assert [x["id"] for x in r.json()] == wanted


def test_unknown_country_is_one_line_with_a_suggestion():
    r = fiit("updates", "itlay")
    assert r.code == 2
    assert r.stderr.count("\n") == 1
    assert "'italy'" in r.stderr


def test_no_records_yet(data):
    r = fiit("--data-dir", str(data), "updates", "spain")
    assert r.code == 0
    assert r.stdout == "No since-2013 records for Spain yet.\n"


def test_kind_filter(data, local):
    write(local, "united-kingdom", record_yaml(), record_yaml("test-x", kind="ended"))
    r = fiit("--data-dir", str(data), "updates", "--kind", "ended", "-f", "json")
    assert [x["id"] for x in r.json()] == ["test-x"]
    assert fiit("updates", "--kind", "updated").code == 2


def test_help_has_examples():
    for cmd in ("updates", "stale"):
        r = fiit(cmd, "--help")
        assert r.code == 0 and "Examples:" in r.stdout and f"fiit {cmd}" in r.stdout


def test_schema_of_updates():
    doc = fiit("schema", "updates").json()
    assert doc["additionalProperties"] is False
    assert "sources" in doc["$defs"]["Update"]["required"]


# ---------------------------------------------------------------- validate


def test_validate_checks_the_local_layer(local):
    write(local, "united-kingdom", record_yaml(concerns='hotline: "No Such Line"'))
    r = fiit("validate")
    assert r.code == 1
    assert "FIIT023" in r.stdout and str(local) in r.stdout
    r = fiit("validate", str(local))
    assert r.code == 1 and "FIIT023" in r.stdout
    r = fiit("validate", str(local / "updates" / "united-kingdom.yaml"))
    assert r.code == 1 and "FIIT023" in r.stdout
    write(local, "united-kingdom", record_yaml())
    r = fiit("validate")
    assert r.code == 0, r.stdout
    assert "local layer" in r.stderr


@pytest.mark.parametrize("concerns, extra, words", [
    ('field: "challenges.no_such_field"', "", "no field"),
    ('organisation: "Nobody"', "", "no organisation"),
    ('organisation: "UK Human Trafficking Centre"', "",
     "did you mean 'UK HUMAN TRAFFICKING CENTRE'"),
    ('hotline: "ukhtc hotline"', "", "did you mean 'UKHTC Hotline'"),
    ('hotline: "CRIMESTOPPERS"\n      section: "nowhere"', "", "section"),
    ('section: "permits"', '    value: "yes"\n', "value needs"),
    ('field: "challenges.summary"', '    value: "yes"\n', "not one"),
    ('field: "challenges.summary"\n      section: "permits"', "", "does not hold"),
])
def test_validate_reference_problems(data, concerns, extra, words):
    write(data, "united-kingdom", record_yaml(concerns=concerns, extra=extra))
    r = fiit("validate", str(data))
    assert r.code == 1
    assert words in r.stdout, r.stdout


@pytest.mark.parametrize("country, concerns", [
    ("atlantis", 'section: "permits"'),
    ("spain", 'field: "permits"'),
    ("eu", 'organisation: "UK HUMAN TRAFFICKING CENTRE"'),
])
def test_validate_countries_without_a_profile(data, country, concerns):
    write(data, country, record_yaml(country=country, concerns=concerns))
    r = fiit("validate", str(data))
    assert r.code == 1
    assert "FIIT023" in r.stdout, r.stdout


def test_a_section_alone_suits_any_country(data):
    """A new line in an annex-only country concerns a topic area: nothing to point into."""
    write(data, "spain", record_yaml(country="spain", concerns='section: "contacts"'))
    write(data, "eu", record_yaml("test-eu", country="eu", concerns='section: "permits"'))
    r = fiit("validate", str(data))
    assert r.code == 0, r.stdout


def test_validate_future_dates(data):
    write(data, "united-kingdom", record_yaml(checked="2027-01-01"))
    r = fiit("validate", str(data), env=TODAY)
    assert r.code == 1 and "FIIT026" in r.stdout and "after today" in r.stdout
    assert fiit("validate", str(data), env={"FIIT_TODAY": "2027-01-01"}).code == 0


def test_a_broken_profile_gives_no_cascade_of_references(data):
    write(data, "united-kingdom", record_yaml(
        concerns='organisation: "UK HUMAN TRAFFICKING CENTRE"'))
    path = data / "countries" / "united-kingdom.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('iso2: "GB"\n', ""),
                    encoding="utf-8")
    r = fiit("validate", str(data))
    assert r.code == 1
    assert "FIIT011" in r.stdout and "FIIT023" not in r.stdout, r.stdout


def test_the_user_data_directory_is_platformdirs_one(monkeypatch):
    """On Linux fiit works it out without importing platformdirs; it must be the same."""
    import platformdirs

    monkeypatch.delenv("FIIT_LOCAL_DIR", raising=False)
    for xdg in (None, "/tmp/xdg-data"):
        if xdg is None:
            monkeypatch.delenv("XDG_DATA_HOME", raising=False)
        else:
            monkeypatch.setenv("XDG_DATA_HOME", xdg)
        assert up.local_dir() == Path(platformdirs.user_data_dir("fiit", appauthor=False))
