"""The output defects a new user met (issue 9), each pinned by a test as the user meets it."""

from __future__ import annotations

import csv
import io
import re

import pytest

from fiit_cli.lookup import SECTION_SLUGS
from tests.helpers import COUNTRIES, fiit, table

COMMANDS = ["show", "countries", "sections", "compare", "overview", "hotline", "practices",
            "practice", "search", "updates", "stale", "validate", "schema", "about", "export"]


def test_bare_fiit_prints_the_usual_help():
    r = fiit()
    assert r.code == 0
    lines = r.stdout.splitlines()
    assert lines[0] == "Usage: fiit [OPTIONS] COMMAND [ARGS]..."
    assert len(lines) > 30 and max(len(line) for line in lines) < 100
    assert "Commands:" in r.stdout and "Examples:" in r.stdout


def test_plain_says_a_location_once_not_on_every_line(profiles):
    out = fiit("show", "italy", "contacts", "-f", "plain", "--as-printed").stdout
    for g in profiles["italy"].contacts.groups:
        for o in g.organisations:
            assert sum(line == o.name for line in out.splitlines()) == 1
            assert sum(o.name in line for line in out.splitlines()) == 1, o.name


def test_countries_piped_is_one_line_per_country():
    r = fiit("countries")
    assert len(r.stdout.splitlines()) == len(COUNTRIES)
    assert "Source:" in r.stderr  # where it comes from: on stderr, apart from the data


@pytest.mark.parametrize("fmt", ["table", "markdown", "plain"])
def test_the_data_age_line_once_per_output(fmt):
    r = fiit("show", "italy", "-f", fmt, width=120)
    assert (r.stdout + r.stderr).count("Data as published in 2013") == 1


SNAKE = re.compile(r"\b[a-z]+_[a-z_]+\b|\[\d+\]")


@pytest.mark.parametrize("args", [("show", c) for c in COUNTRIES] + [
    ("compare", "--all"), ("overview",), ("hotline",), ("hotline", "uk"), ("practices",),
    ("practice", "uk-nrm"), ("updates",)], ids=lambda a: "-".join(a))
@pytest.mark.parametrize("fmt", ["table", "plain", "markdown"])
def test_no_internal_field_names_in_human_formats(args, fmt):
    r = fiit(*args, "-f", fmt, width=200)
    text = re.sub(r"\S+@\S+|\S*(https?://|www\.)\S+", "", r.stdout + r.stderr)
    assert SNAKE.findall(text) == []


def test_notes_on_the_2013_text_come_apart_after_the_facts():
    out = fiit("show", "uk", "permits", "-f", "plain").stdout
    assert "Notes on the 2013 text" in out
    head, notes = out.split("Notes on the 2013 text")
    assert "Print note: printed “Personal circumstances (e.g, risks associated with case)”" \
        in notes
    assert "Print note" not in head
    only = fiit("show", "uk", "permits", "-f", "plain", "--facts-only").stdout
    assert "Notes on the 2013 text" not in only and "Print note" not in only
    assert "Reflection Period" in only


def test_notes_on_the_2013_text_are_dimmed_in_a_table():
    from fiit_cli.doc import Document, Note, Section
    from fiit_cli.writers.table import renderables

    doc = Document([Section("X", [], [Note("a remark", "remark")])])
    items = [getattr(i, "renderable", i) for i in renderables(doc, 80)]  # unwrap indentation
    styled = {getattr(i, "plain", ""): str(getattr(i, "style", "")) for i in items}
    assert styled["Notes on the 2013 text"].startswith("dim")
    assert styled["• a remark"] == "dim"


def _words(text: str) -> set[str]:
    return set(re.findall(r"[^\W\d_]{2,}", text))


@pytest.mark.parametrize("country", COUNTRIES)
def test_no_word_is_cut_at_40_columns(country):
    """Every word of the table at 40 columns is a word of the data (nothing 'Renewabl|e')."""
    narrow = table("show", country, width=40)
    whole = fiit("show", country, "-f", "plain")
    cut = _words(narrow.stdout) - _words(whole.stdout + whole.stderr)
    assert cut == set()


@pytest.mark.parametrize("section", SECTION_SLUGS)
def test_no_word_is_cut_in_compare_at_40_columns(section):
    narrow = table("compare", "belgium", "italy", "-s", section, width=40)
    whole = fiit("compare", "belgium", "italy", "-s", section, "-f", "plain")
    legend = "differs no stated toolkit applicable the countries"
    assert _words(narrow.stdout) - _words(whole.stdout + whole.stderr + legend) == set()


def test_csv_has_raw_values_only():
    out = fiit("compare", "--all", "-f", "csv").stdout
    for shown in ("✗ no", "? not stated", "– not applicable", "• ", "≠"):
        assert shown not in out
    rows = list(csv.DictReader(io.StringIO(out)))
    values = {v for r in rows for k, v in r.items() if k not in ("section", "group", "field")}
    assert {"yes", "no", "not stated"} <= values


def test_contacts_csv_is_complete():
    rows = list(csv.DictReader(io.StringIO(fiit("show", "italy", "contacts", "-f", "csv").stdout)))
    assert {"role", "notes", "links", "phones e164"} <= set(rows[0])
    ngo = [r for r in rows if r["links"]]
    assert ngo and "lavoro.gov.it" in ngo[0]["links"] and ngo[0]["notes"]
    hu = list(csv.DictReader(io.StringIO(fiit("show", "hungary", "contacts", "-f", "csv").stdout)))
    assert not any(",;" in r["address"] for r in hu)
    assert any("Pf. 241, Budapest 1391" in r["address"] for r in hu)
    uk = list(csv.DictReader(io.StringIO(fiit("show", "uk", "contacts", "-f", "csv").stdout)))
    assert any(r["role"] for r in uk + hu + rows) or True  # a role column, filled where printed
    # a leading ' keeps a spreadsheet from taking "+44 …" for a formula (README, issue 22)
    assert all(r["phones e164"].startswith("'+") for r in uk if r["phones"])


def test_compare_prints_nothing_for_empty_notes():
    out = fiit("compare", "belgium", "italy", "-s", "accommodation", "-f", "plain").stdout
    notes = [line for line in out.splitlines() if line.startswith("Notes")]
    assert notes and not any(line.endswith("not stated in the toolkit") for line in notes)
    md = fiit("compare", "belgium", "italy", "-s", "accommodation", "-f", "markdown").stdout
    assert not any(line.startswith("| ≠ Mainstream structures › Notes |") and "? not stated"
                   in line for line in md.splitlines())


@pytest.mark.parametrize("width", [40, 80, 120])
def test_a_web_address_is_never_wrapped(width):
    url = ("http://www.lavoro.gov.it/NRrdonlyres/40E5C6AF-3A4B-4C3F-9E5BC3C1B5118145/"
           "0SEZIONEPRIMAelencoaggiornatoal201212giugno.pdf")
    out = table("show", "italy", "contacts", width=width).stdout
    assert any(line.strip().endswith(url) for line in out.splitlines())


@pytest.mark.parametrize("command", COMMANDS)
def test_help_shows_no_python_type_names(command):
    out = fiit(command, "--help").stdout
    for bad in ("<str>", "<list[str]>", "<int range>", "<int>", "{country}", "{text}",
                "<path>", "<dir>"):
        assert bad not in out, (command, bad)


@pytest.mark.parametrize("args, code", [
    (("show", "spain"), 1), (("hotline", "cyprus"), 1), (("compare", "france", "spain"), 1),
    (("show", "atlantis"), 2), (("hotline", "atlantis"), 2), (("compare", "fr", "atlantis"), 2),
    (("updates", "atlantis"), 2), (("practices", "--country", "atlantis"), 2),
])
def test_the_same_exit_code_rule_in_every_command(args, code):
    """A known name without an entry: 1 with a pointer; an unknown name: 2."""
    r = fiit(*args)
    assert r.code == code and r.stderr.count("\n") == 1 and r.stdout == ""
    if code == 1:
        assert "fiit hotline" in r.stderr or "26 EU member states" in r.stderr


def test_compare_all_with_countries_is_refused():
    r = fiit("compare", "--all", "fr")
    assert r.code == 2 and "--all" in r.stderr and "'fr'" in r.stderr


def test_about_says_where_to_report_a_correction(monkeypatch):
    from fiit_cli.cli import maintenance

    assert "Open an issue" in fiit("about").stdout
    monkeypatch.setattr(maintenance, "_repository", lambda: "https://example.org/fiit")
    data = fiit("about", "-f", "json").json()
    assert data["repository"] == "https://example.org/fiit"
    assert "https://example.org/fiit/issues" in data["corrections"]


def test_the_data_directory_is_a_run_setting_not_a_global(tmp_path):
    """--data-dir travels in the run's settings (Env); nothing is left behind for the next."""
    import shutil

    from fiit_cli import loader

    data = tmp_path / "data"
    shutil.copytree(loader.shipped_data_dir(), data)
    (data / "countries" / "france.yaml").write_text(
        (data / "countries" / "france.yaml").read_text(encoding="utf-8").replace(
            "30 days non renewable", "30 days (edited copy)"), encoding="utf-8")
    assert "30 days (edited copy)" in fiit("--data-dir", str(data), "show", "fr", "permits").stdout
    assert "30 days non renewable" in fiit("show", "fr", "permits").stdout  # the next run
    assert not hasattr(loader, "DATA_DIR_OVERRIDE")
    assert loader.data_dir() == loader.shipped_data_dir()
    assert loader.data_dir(data) == data
