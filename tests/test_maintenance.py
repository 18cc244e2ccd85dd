"""`fiit validate`, `--data-dir` / FIIT_DATA_DIR, `fiit schema`, `fiit about`."""

import json
import shutil

import pytest

from fiit_cli.codes import CODES
from fiit_cli.loader import shipped_data_dir as data_dir
from tests.helpers import fiit


@pytest.fixture
def data(tmp_path):
    """A writable copy of the shipped data."""
    root = tmp_path / "data"
    shutil.copytree(data_dir(), root)
    return root


def _replace(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


# (code, how to break the copy, file that should be named, line that should be named)
BREAKAGES = {
    "FIIT001": lambda d: _replace(d / "countries/france.yaml", 'name: "France"',
                                  'name: "France\n  oops: ['),
    "FIIT002": lambda d: _replace(d / "countries/france.yaml", 'name: "France"\n',
                                  'name: "France"\nname: "Francia"\n'),
    "FIIT003": lambda d: _replace(d / "countries/france.yaml", 'name: "France"',
                                  'name: !!python/object/apply:os.system ["echo pwned"]'),
    "FIIT004": lambda d: (d / "countries/france.yaml").write_bytes(
        (d / "countries/france.yaml").read_bytes().replace(b"France", b"Fran\xe7e", 1)),
    "FIIT005": lambda d: (d / "countries/france.yaml").write_text(""),
    "FIIT010": lambda d: _replace(d / "countries/france.yaml", 'name: "France"\n',
                                  'name: "France"\ncapital: "Paris"\n'),
    "FIIT011": lambda d: _replace(d / "countries/france.yaml", 'iso2: "FR"\n', ""),
    "FIIT012": lambda d: _replace(d / "countries/france.yaml", 'renewable: "no"',
                                  "renewable: maybe"),
    "FIIT013": lambda d: _replace(d / "countries/france.yaml", "  source:\n", "  sauce:\n"),
    "FIIT014": lambda d: shutil.move(d / "countries/france.yaml", d / "countries/francia.yaml"),
    "FIIT020": lambda d: _replace(d / "hotlines.yaml", 'e164: "+3680205520"',
                                  'e164: "+3600000"'),
    "FIIT021": lambda d: _replace(d / "countries/france.yaml", 'aliases: ["Frankreich"',
                                  'aliases: ["Belgique", "Frankreich"'),
    "FIIT022": lambda d: (d / "practices.yaml").unlink(),
    "FIIT023": lambda d: _replace(d / "practices.yaml", 'country: "france"',
                                  'country: "atlantis"'),
    "FIIT024": lambda d: (_update(d, "france", "test-dup"), _update(d, "italy", "test-dup")),
    "FIIT025": lambda d: _update(d, "france", "test-it", inside="italy"),
    "FIIT026": lambda d: _update(d, "france", "test-date", checked="2026-02-30"),
    "FIIT027": lambda d: _replace(d / "countries/france.yaml", 'tags: ["limited-means"]',
                                  'tags: ["poor"]'),
    "FIIT028": lambda d: _search(d, "france", inside="italy"),
}


def _search(d, country, *, inside=None):
    """A TEST search that found nothing, in d/searches/<country>.yaml."""
    rec = {"country": inside or country, "section": "language", "looked_for": "TEST",
           "searched": "2025-01-15", "where": ["https://example.org/"], "found": "nothing"}
    (d / "searches").mkdir(exist_ok=True)
    (d / "searches" / f"{country}.yaml").write_text(json.dumps({"searches": [rec]}, indent=1),
                                                  encoding="utf-8")


def _update(d, country, id, *, checked="2025-01-15", inside=None):
    """A TEST since-2013 record (example.org source) in d/updates/<country>.yaml."""
    rec = {"id": id, "country": inside or country, "concerns": {"section": "permits"}, "kind": "new",
           "topic": "law", "title": "TEST", "now": "A TEST record.",
           "sources": [{"url": "https://example.org/", "title": "T", "publisher": "P"}],
           "checked": checked}
    (d / "updates").mkdir(exist_ok=True)
    (d / "updates" / f"{country}.yaml").write_text(json.dumps({"updates": [rec]}, indent=1),
                                                 encoding="utf-8")


def test_every_code_has_a_breakage_test():
    assert set(BREAKAGES) == set(CODES)


def test_shipped_data_is_valid():
    r = fiit("validate")
    assert r.code == 0, r.stdout
    assert r.stdout == ""
    assert "ok:" in r.stderr


@pytest.mark.parametrize("code", sorted(BREAKAGES))
def test_validate_catches_each_class_of_error(data, code):
    BREAKAGES[code](data)
    r = fiit("validate", str(data))
    assert r.code == 1
    lines = [line for line in r.stdout.splitlines() if f" {code}" in line]
    assert lines, r.stdout
    where = lines[0].split(f": {code}")[0]
    assert where.startswith(str(data))
    if code != "FIIT022":
        line = where.rsplit(":", 2)[1]
        assert line.isdigit() and int(line) >= 1, where
    problems = fiit("validate", str(data), "-f", "json").json()
    assert any(p["code"] == code for p in problems)
    assert all(set(p) == {"file", "line", "column", "code", "field", "message"}
               for p in problems)


def test_nothing_in_the_data_is_ever_run(data, tmp_path):
    marker = tmp_path / "pwned"
    _replace(data / "countries/france.yaml", 'name: "France"',
             f'name: !!python/object/apply:os.system ["touch {marker}"]')
    for args in (("validate", str(data)), ("--data-dir", str(data), "show", "france")):
        r = fiit(*args)
        assert r.code == 1
    assert not marker.exists()


def test_data_dir_option_and_environment(data):
    _replace(data / "countries/france.yaml", '"30 days non renewable"', '"31 days (test)"')
    for args, env in [(("--data-dir", str(data)), {}), ((), {"FIIT_DATA_DIR": str(data)})]:
        r = fiit(*args, "show", "france", "permits", "-f", "json", env=env)
        assert r.code == 0, r.stderr
        assert r.json()["permits"]["stages"][0]["duration"] == "31 days (test)"
    # The next run without the option reads the shipped data again.
    out = fiit("show", "france", "permits", "-f", "json").json()
    assert out["permits"]["stages"][0]["duration"] == "30 days non renewable"


def test_broken_data_dir_is_one_line_with_file_and_line(data):
    _replace(data / "countries/italy.yaml", 'renewable: "yes"', "renewable: yes")
    r = fiit("--data-dir", str(data), "show", "italy")
    assert r.code == 1
    assert r.stderr.count("\n") == 1
    assert f"{data}/countries/italy.yaml:" in r.stderr
    assert "renewable" in r.stderr


@pytest.mark.parametrize("args, env", [
    (("--data-dir", "/no/such/dir", "show", "fr"), {}),
    (("show", "fr"), {"FIIT_DATA_DIR": "/no/such/dir"}),
])
def test_missing_data_dir(args, env):
    r = fiit(*args, env=env)
    assert r.code in (1, 2)
    assert "/no/such/dir" in r.stderr
    assert r.stderr.count("\n") == 1


def test_schema_is_json_schema_for_each_file_kind():
    for kind in ("profile", "hotlines", "practices"):
        doc = fiit("schema", kind).json()
        assert doc["$schema"].startswith("https://json-schema.org/")
        assert doc["additionalProperties"] is False
    assert "permits" in fiit("schema").json()["properties"]


def test_schema_validates_the_shipped_yaml():
    jsonschema = pytest.importorskip("jsonschema")
    import yaml

    schema = fiit("schema", "profile").json()
    doc = yaml.safe_load((data_dir() / "countries" / "france.yaml").read_text(encoding="utf-8"))
    jsonschema.validate(doc, schema)


def test_about():
    info = fiit("about", "-f", "json").json()
    assert info["publisher"] == "International Organization for Migration (IOM)"
    assert info["year"] == 2013
    assert "issue" in info["corrections"]
    out = fiit("about").stdout
    assert "Data as published in 2013" in out
    json.dumps(info)


def test_every_data_error_names_its_own_code(tmp_path):
    """A missing data directory is FIIT022 (missing), not FIIT012 (wrong value)."""
    r = fiit("show", "france", env={"FIIT_DATA_DIR": str(tmp_path / "nowhere")})
    assert r.code == 1 and ": FIIT022 " in r.stderr and r.stderr.count("\n") == 1
    r = fiit("show", "france", env={"FIIT_DATA_DIR": str(tmp_path)})
    assert r.code == 1 and "countries: FIIT022 no such directory" in r.stderr


def test_data_error_needs_a_code():
    import pytest

    from fiit_cli.loader import DataError

    with pytest.raises(TypeError):
        DataError("x.yaml", 1, "id", "message")  # type: ignore[call-arg]
