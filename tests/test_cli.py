"""The CLI as a user meets it: fixed widths, golden outputs, JSON, errors, help."""

import json
import re

import pytest

from tests.helpers import COUNTRIES, check_golden, fiit, table, too_wide


@pytest.mark.parametrize("width", [80, 200])
@pytest.mark.parametrize(
    "args",
    [("show", "france", "permits"), ("show", "belgium", "accommodation"),
     ("show", "hungary", "legal"), ("show", "united-kingdom", "contacts"),
     ("show", "italy", "figures"), ("countries",), ("sections",)],
    ids=lambda a: "-".join(a),
)
def test_golden(args, width):
    r = table(*args, width=width)
    assert r.code == 0, r.stderr
    assert r.stderr == ""
    check_golden(f"{'_'.join(args)}_{width}.txt", r.stdout)


@pytest.mark.parametrize("country", COUNTRIES)
@pytest.mark.parametrize("width", [40, 80, 200])
def test_whole_profile_renders_within_width(country, width):
    r = table("show", country, width=width)
    assert r.code == 0, r.stderr
    # A web address is never wrapped (a copied address must work): it may run past the edge
    # on a line of its own; nothing else may.
    assert too_wide(r.stdout, width) == []
    assert "…" not in r.stdout  # data is never cut


@pytest.mark.parametrize("country", COUNTRIES)
def test_every_section_shows_source_and_data_age(country):
    from fiit_cli.lookup import SECTIONS

    r = table("show", country, width=200)
    assert r.stdout.count("Source: IOM, FIIT toolkit (2013)") == 9
    assert r.stdout.count("Data as published in 2013") == 1  # once per output
    for s in SECTIONS:
        assert f"· {s.heading}" in r.stdout


def test_show_france_permits_reads_the_table():
    out = table("show", "france", "permits").stdout
    for term in ["Reflection Period", "30 days non renewable", "Removal orders cannot be",
                 "p. 18", "Opens rights to"]:
        assert term in out


def test_sections_in_the_order_asked_and_deduplicated():
    out = table("show", "fr", "legal", "permits", "legal", width=120).stdout
    assert out.count("· Legal assistance") == 1
    assert out.index("· Legal assistance") < out.index("· Access to residence permit")


def test_show_json_is_the_record_and_nothing_else():
    r = fiit("show", "italy", "permits", "--format", "json")
    data = json.loads(r.stdout)
    # the toolkit's record, and the since-2013 records apart under their own key
    assert set(data) == {"id", "name", "iso2", "aliases", "permits", "since_2013"}
    assert data["id"] == "italy"
    assert all(u["concerns"]["section"] == "permits" or
               (u["concerns"]["field"] or "").startswith("permits") for u in data["since_2013"])
    printed = fiit("show", "italy", "permits", "--format", "json", "--as-printed").json()
    assert set(printed) == {"id", "name", "iso2", "aliases", "permits"}


def test_show_json_whole_profile_has_nine_sections():
    data = fiit("show", "hu", "-f", "json").json()
    from fiit_cli.lookup import SECTION_SLUGS

    assert [k for k in data if k in SECTION_SLUGS] == list(SECTION_SLUGS)


def test_countries_and_sections_json():
    countries = fiit("countries", "--format", "json").json()
    assert [c["id"] for c in countries] == sorted(COUNTRIES)
    sections = fiit("sections", "--format", "json").json()
    assert [s["slug"] for s in sections][:2] == ["permits", "accommodation"]


@pytest.mark.parametrize(
    "args, fragment",
    [
        (("show", "atlantis"), "unknown country 'atlantis'"),
        (("show", "frnace"), "Did you mean 'france'?"),
        (("show", "france", "shelterz"), "Did you mean 'accommodation'?"),
        (("show", "france", "nonsense"), "unknown section 'nonsense'"),
        (("show", ""), "unknown country ''"),
        (("show", "../../etc/passwd"), "unknown country"),
    ],
)
def test_bad_names_exit_2_with_one_line(args, fragment):
    r = fiit(*args)
    assert r.code == 2
    assert r.stdout == ""
    assert fragment in r.stderr
    assert r.stderr.count("\n") == 1
    assert "Valid" in r.stderr
    assert "Traceback" not in r.stderr


def test_unknown_format_is_a_usage_error():
    r = fiit("show", "france", "--format", "xml")
    assert r.code == 2
    assert "Traceback" not in r.stderr


def test_version():
    r = fiit("--version")
    assert r.code == 0 and r.stdout.startswith("fiit ")


COMMANDS = ["show", "countries", "sections", "compare", "overview", "hotline", "practices",
            "practice", "search", "find", "brief", "updates", "stale", "validate", "schema", "about", "export"]


@pytest.mark.parametrize("command", COMMANDS)
def test_help_has_summary_and_example(command):
    r = fiit(command, "--help", width=100)
    assert r.code == 0
    assert "Examples:" in r.stdout
    assert f"  fiit {command}" in r.stdout


def test_top_level_help_documents_exit_codes():
    out = fiit("--help", width=100).stdout
    assert "Exit codes:" in out
    assert re.search(r"^ +2 +usage error", out, re.M) and re.search(r"^ +1 +data error", out, re.M)
    listed = [line.split()[0] for line in out.split("Commands:")[1].split("Examples:")[0]
              .splitlines() if line.startswith("  ") and line.strip()]
    assert listed == COMMANDS  # in a deliberate order: show first


def test_broken_data_dir_is_a_clean_error(tmp_path):
    countries = tmp_path / "countries"
    countries.mkdir()
    (countries / "france.yaml").write_text("id: france\nname: France\niso2: FR\naliases: []\n"
                                           "permits: {source: {heading: X}, stages: [], bogus: 1}\n",
                                           encoding="utf-8")
    r = fiit("show", "france", env={"FIIT_DATA_DIR": str(tmp_path)})
    assert r.code == 1
    assert "france.yaml:5" in r.stderr
    assert "Traceback" not in r.stderr


@pytest.mark.parametrize("args", [("show", "germany"), ("compare", "france", "spain")])
def test_annex_only_country_points_to_its_hotline(args):
    """A known name without a profile is 'no entry' (exit 1), not a usage error."""
    r = fiit(*args)
    assert r.code == 1
    assert r.stderr.count("\n") == 1
    assert f"fiit hotline {args[-1]}" in r.stderr
