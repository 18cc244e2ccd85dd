"""The small frictions a new user met (issue 21, items 3 to 10), each with its test."""

from __future__ import annotations

import re
import sqlite3
import subprocess

import pytest

from tests.helpers import FIIT, fiit, installed

# ---------------------------------------------------------------- 3. stale, updates


def test_stale_with_nothing_past_its_age_points_to_what_changed():
    r = fiit("stale", "-f", "table", width=40)
    assert r.code == 0
    assert "No since-2013 record is past its age" in r.stdout
    assert "\nfiit updates --kind changed\n" in r.stdout  # whole, on a line of its own


def test_updates_lists_each_countrys_changed_records_before_confirmed_ones():
    records = fiit("updates", "-f", "json").json()
    weight = {"changed": 0, "ended": 1, "new": 2, "confirmed": 3}
    countries = list(dict.fromkeys(r["country"] for r in records))
    for country in countries:
        kinds = [weight[r["kind"]] for r in records if r["country"] == country]
        assert kinds == sorted(kinds), country
    # a country's records stay together
    seen = [r["country"] for r in records]
    assert seen == sorted(seen, key=countries.index)
    italy = [r["kind"] for r in fiit("updates", "italy", "-f", "json").json()]
    assert "changed" in italy and "confirmed" in italy
    assert italy.index("changed") < italy.index("confirmed")


# ---------------------------------------------------------------- 4. format errors


@pytest.mark.parametrize("args, fmt, listed", [
    (("show", "france"), "csv", "table, plain, json, yaml, markdown or html"),
    (("about",), "csv", "table, plain, json, yaml, markdown or html"),
    (("show", "france"), "vcard", "table, plain, json, yaml, markdown or html"),
    (("countries",), "vcard", "table, plain, json, yaml, markdown, csv or html"),
])
def test_a_format_error_names_every_format_the_command_speaks(args, fmt, listed):
    r = fiit(*args, "-f", fmt)
    assert r.code == 2
    assert r.stderr == f"fiit: --format {fmt} is for " \
        f"{'tabular views' if fmt == 'csv' else 'contact cards'}; use {listed} here.\n"


def test_the_formats_named_are_those_the_output_is_written_in():
    """Built from what a document can be written in (find speaks csv), not written by hand."""
    from fiit_cli.cli.common import format_error, formats_of
    from fiit_cli.doc import Document, Table, Text

    doc = Document([], rows=Table(["a"], [[[Text("x")]]]))
    assert "csv" in formats_of(doc) and "vcard" not in formats_of(doc)
    assert format_error(doc, "vcard").endswith("use table, plain, json, yaml, markdown, csv or "
                                               "html here.")
    for fmt in formats_of(doc):
        assert fiit("find", "shelter", "-f", fmt).code == 0 or fmt == "vcard"


# ---------------------------------------------------------------- 5. search -c, repeatable


def test_search_takes_several_countries():
    both = {h["owner"] for h in fiit("search", "shelter", "-c", "it", "-c", "fr", "--all",
                                     "-f", "json").json()}
    assert {"italy", "france"} <= both
    assert not both & {"belgium", "hungary", "united-kingdom"}
    one = {h["owner"] for h in fiit("search", "shelter", "-c", "fr", "--all", "-f",
                                    "json").json()}
    assert "italy" not in one and "france" in one


def test_search_several_countries_without_the_index(monkeypatch):
    with_index = fiit("search", "shelter", "-c", "it", "-c", "fr", "--all", "-f", "json").json()
    without = fiit("search", "shelter", "-c", "it", "-c", "fr", "--all", "-f", "json",
                   env={"FIIT_NO_CACHE": "1"}).json()
    assert [h["field"] for h in with_index] == [h["field"] for h in without]


# ---------------------------------------------------------------- 6. compare


def test_compare_does_not_mark_a_final_full_stop_as_a_difference():
    out = fiit("compare", "belgium", "italy", "-f", "plain").stdout
    lines = [x for x in out.splitlines() if "Identification as a victim of trafficking" in x]
    assert len(lines) == 2
    assert not any("(differs)" in x for x in lines)


def test_a_row_differs_by_its_words_not_its_spacing_or_final_stop():
    from fiit_cli.doc import Cell, CompareRow, Text

    def row(*texts):
        return CompareRow(None, "x", [Cell([Text(t)]) for t in texts])

    assert not row("A fact.", "A  fact", "A fact ").differs
    assert row("A fact.", "Another fact.").differs
    assert row("yes", "no").differs


# ---------------------------------------------------------------- 7. find's labels


def test_find_labels_the_criteria_point_by_point_not_checked():
    """'Checked: available: yes' read like the since-2013 'checked DATE'."""
    for args in (("find", "shelter", "--minor", "--third-country"),
                 ("brief", "italy", "--minor", "--woman", "--third-country")):
        out = fiit(*args, "-f", "table", width=80).stdout
        assert "Checked:" not in out
        assert "Point by point: available: yes" in out
        assert re.search(r"^\W*\s+minors: yes", out, re.M)
    data = fiit("find", "shelter", "--minor", "-c", "it", "-f", "json").json()
    checks = data["countries"][0]["results"][0]["checks"]
    assert [c["criterion"] for c in checks] == ["available", "minors"]


@pytest.mark.parametrize("width", [40, 60, 80, 120])
def test_a_long_label_keeps_its_value_on_its_line(width):
    """'Through mainstream services:' never stands alone with its 'no' on the next line."""
    for args in (("find", "legal", "-c", "hu"), ("brief", "italy", "--irregular")):
        lines = fiit(*args, "-f", "table", width=width).stdout.splitlines()
        label = [x.strip(" │") for x in lines if "Through mainstream services:" in x]
        assert label and all(not x.endswith(":") for x in label), label
    out = fiit("find", "legal", "-c", "it", "-f", "table", width=40).stdout
    assert "  Through mainstream services: no — no\n    condition stated" in out


# ---------------------------------------------------------------- 8. --cite


@pytest.mark.parametrize("args", [("hotline", "italy"), ("hotline",), ("show", "belgium"),
                                  ("show", "italy"), ("show", "united-kingdom")])
def test_cite_names_each_page_once_and_ends_no_title_in_a_question_mark_and_stop(args):
    lines = fiit(*args, "--cite").stdout.splitlines()
    urls = [u for line in lines for u in re.findall(r"https?://\S+", line)]
    assert len(urls) == len(set(urls))
    assert not [line for line in lines if "?." in line or ".." in line.replace("...", "")]


def test_a_reference_piece_ends_as_a_sentence_once():
    from fiit_cli.views.updates import sentence

    assert sentence("Qui sommes-nous?") == "Qui sommes-nous?"
    assert sentence("La Strada, o.p.s.") == "La Strada, o.p.s."
    assert sentence("Numero verde") == "Numero verde."


# ---------------------------------------------------------------- 9. SQLite full text


@pytest.fixture(scope="module")
def database(tmp_path_factory):
    path = tmp_path_factory.mktemp("sqlite") / "fiit.db"
    r = fiit("export", "sqlite", str(path))
    assert r.code == 0, r.stderr
    return path


def _found(path, table: str, query: str) -> list[str]:
    with sqlite3.connect(path) as db:
        return [row[0] for row in db.execute(
            f"select id from [{table}] where rowid in "
            f"(select rowid from [{table}_fts] where [{table}_fts] match ?)", (query,))]


@pytest.mark.parametrize("table, query, expected", [
    ("notes", '"acse"', "Ac.Sé"),  # punctuation squashed, accents folded
    ("notes", '"nigerian"', "Nigeria"),  # a country by its adjective
    ("notes", '"minors"', "minor"),  # word forms (porter)
    ("hotlines", '"surya"', "Sürya"),
])
def test_sqlite_full_text_finds_what_fiit_search_finds(database, table, query, expected):
    ids = _found(database, table, query)
    assert ids
    with sqlite3.connect(database) as db:
        texts = [" ".join(str(v) for v in db.execute(f"select * from [{table}] where id = ?",
                                                      (i,)).fetchone()) for i in ids]
    assert any(expected.casefold() in t.casefold() for t in texts)


def test_sqlite_keeps_the_text_as_printed(database):
    """The extra forms are in the index only, never in the table's text."""
    with sqlite3.connect(database) as db:
        texts = [row[0] for row in db.execute("select text from notes")]
    assert any("Ac.Sé" in t for t in texts)
    assert not any(t.casefold().endswith((" acse", " nigerian")) for t in texts)


def test_index_forms():
    from fiit_cli.export.sqlite import forms

    assert forms("Ac.Sé runs it") == "Ac.Sé runs it AcSé"
    assert forms("from Nigeria.") == "from Nigeria. Nigerian"
    assert forms("plain words") == "plain words"


def test_datasette_search_finds_acse_and_nigerian(database):
    pytest.importorskip("datasette")
    import asyncio

    from datasette.app import Datasette

    async def count(query: str) -> int:
        ds = Datasette([str(database)])
        response = await ds.client.get(f"/fiit/notes.json?_search={query}&_shape=array")
        assert response.status_code == 200
        return len(response.json())

    assert asyncio.run(count("acse")) > 0
    assert asyncio.run(count("nigerian")) > 0


# ---------------------------------------------------------------- 10. argument order


def test_show_section_before_country_suggests_the_line_meant(capsys, monkeypatch):
    """Through the fast path, as the installed command runs a lookup (CliRunner goes through
    Typer, which is how the regression was missed)."""
    import sys

    from fiit_cli.cli import fast

    monkeypatch.delitem(sys.modules, "typer", raising=False)  # as in a fresh process

    assert fast.run(["show", "permits", "france"]) == 2
    err = capsys.readouterr().err
    assert err == ("fiit: 'permits' is a section, not a country. Did you mean: "
                   "fiit show france permits\n")
    r = fiit("show", "permits", "france")
    assert r.code == 2 and "Did you mean: fiit show france permits" in r.stderr


@installed
def test_the_installed_command_suggests_the_order_too():
    r = subprocess.run([str(FIIT), "show", "permits", "france"], capture_output=True,
                       text=True, timeout=60)
    assert r.returncode == 2
    assert r.stderr == ("fiit: 'permits' is a section, not a country. Did you mean: "
                        "fiit show france permits\n")
