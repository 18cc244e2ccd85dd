"""Hostile data in the output formats (issue 22, items 6 and 7).

A record may hold anything its schema allows: a spreadsheet formula, raw HTML, a
``javascript:`` address, a bare carriage return. CSV (``-f csv`` and the Data Package) must
not hand a formula to a spreadsheet, markdown must not pass HTML or a script link through,
and a vCard value must not be able to end its line and forge a card. JSON, SQLite and HSDS
keep every value exact.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from fiit_cli.loader import shipped_data_dir
from tests.helpers import fiit

FORMULA = '=HYPERLINK("https://evil.example","click")'
HOSTILE = {  # france.yaml, as printed → as an attacker would have it
    '"10, Place des cinq martyrs du Lycée Buffon"': "'" + FORMULA.replace("'", "''") + "'",
    '"75015 Paris"': '"@SUM(1+1)"',
    '"Apparently the body called MIPROF (Inter-Ministerial Mission...) in the Experiences '
    'and challenges text."': '"-2+3 <script>alert(1)</script> [click](javascript:alert(1))"',
    '"BP 1532 - 06009 Nice Cedex 1"': '"\\tTAB <img src=x onerror=alert(1)>"',
    '"http://www.acse-alc.org/"': '"javascript://%0aalert(document.cookie)"',
    '"ac.se@association-alc.org"': '"x@y.org\\rEND:VCARD\\rBEGIN:VCARD\\rFN:Forged"',
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(shipped_data_dir(), data)
    path = data / "countries" / "france.yaml"
    text = path.read_text(encoding="utf-8")
    for old, new in HOSTILE.items():
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return data


def run(data: Path, *args: str):
    r = fiit("--data-dir", str(data), *args)
    assert r.code == 0, r.stderr
    return r


def cells(text: str) -> list[str]:
    return [c for row in csv.reader(io.StringIO(text)) for c in row]


# ---------------------------------------------------------------- item 6: CSV formula injection

STARTS_A_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def test_csv_output_never_starts_a_cell_with_a_formula(hostile):
    out = run(hostile, "show", "france", "contacts", "-f", "csv").stdout
    found = cells(out)
    assert [c for c in found if c.startswith(STARTS_A_FORMULA)] == []
    assert any(c.startswith("'" + FORMULA) for c in found)  # the address lines, in one cell
    assert any(c.startswith("'+33") for c in found)  # phone numbers too: read back below


def test_csv_apostrophe_reads_back_to_the_value_as_printed(hostile):
    out = run(hostile, "hotline", "belgium", "-f", "csv").stdout
    printed = [c for c in cells(out) if c.startswith("'")]
    assert "'+ 32 2 511 64 64" in printed
    assert [c[1:] for c in printed if c.startswith("'+ 32 2 511")] == ["+ 32 2 511 64 64"]
    json_out = run(hostile, "hotline", "belgium", "-f", "json").stdout
    assert "+ 32 2 511 64 64" in json_out and "'+ 32" not in json_out


def test_data_package_csvs_neutralise_formulas_and_still_validate(hostile, tmp_path):
    from frictionless import validate

    run(hostile, "export", "datapackage", str(tmp_path / "pkg"))
    offenders = []
    for path in sorted((tmp_path / "pkg").glob("*.csv")):
        for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8"))):
            offenders += [f"{path.name}: {c!r}" for c in row if c.startswith(STARTS_A_FORMULA)]
    assert offenders == []
    organisations = (tmp_path / "pkg" / "organisations.csv").read_text(encoding="utf-8")
    assert "'" + FORMULA.replace('"', '""') in organisations
    report = validate(str(tmp_path / "pkg" / "datapackage.json"))
    assert [e.message for t in report.tasks for e in t.errors] == []
    meta = json.loads((tmp_path / "pkg" / "datapackage.json").read_text(encoding="utf-8"))
    assert "drop the first character" in meta["description"]


def test_json_sqlite_and_hsds_keep_values_exact(hostile, tmp_path):
    shown = run(hostile, "show", "france", "contacts", "-f", "json").stdout
    assert json.dumps(FORMULA) in shown
    run(hostile, "export", "sqlite", str(tmp_path / "fiit.db"))
    conn = sqlite3.connect(tmp_path / "fiit.db")
    values = {v for row in conn.execute("SELECT * FROM organisations") for v in row}
    numbers = {v for row in conn.execute("SELECT printed FROM phones") for v in row}
    conn.close()
    assert any(isinstance(v, str) and v.startswith(FORMULA) for v in values)
    assert "+33 (0) 4 92151051" in numbers
    run(hostile, "export", "hsds", str(tmp_path / "hsds"))
    text = "".join(p.read_text(encoding="utf-8")
                   for p in (tmp_path / "hsds" / "organizations").glob("*.json"))
    assert json.dumps(FORMULA)[1:-1] in text and "'=HYPERLINK" not in text


def test_readme_says_how_to_read_csv_back():
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    assert "formula" in readme and "drop the first character" in readme


# ---------------------------------------------------------------- item 7: markdown and vCard


def test_markdown_passes_no_html_and_no_script_link(hostile):
    out = run(hostile, "show", "france", "contacts", "-f", "markdown").stdout
    assert "<script" not in out and "<img" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "&lt;img src=x onerror=alert(1)&gt;" in out
    assert re.search(r"(?<!\\)\]\(javascript:", out) is None  # no markdown link of the data's
    assert "\\[click\\](javascript:alert(1))" in out
    assert "<javascript:" not in out and "javascript://%0aalert(document.cookie)" in out
    tags = re.findall(r"<([a-zA-Z/][^>]*)>", out)
    assert {t for t in tags if not t.startswith(("http://", "https://"))} <= {"br"}


def test_markdown_renders_data_as_text(hostile):
    """Rendered by a CommonMark parser, the data shows as its own characters, links are web
    links only."""
    markdown_it = pytest.importorskip("markdown_it")
    out = run(hostile, "show", "france", "contacts", "-f", "markdown").stdout
    html = markdown_it.MarkdownIt("commonmark").enable("table").render(out)
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs and all(h.startswith(("http://", "https://")) for h in hrefs)


def test_a_bare_cr_in_a_value_cannot_forge_a_vcard(hostile):
    r = fiit("--data-dir", str(hostile), "show", "france", "contacts", "-f", "vcard")
    assert r.code == 0, r.stderr
    raw = r.raw
    assert raw.count(b"BEGIN:VCARD") == raw.count(b"END:VCARD")
    for splitter in (b"\r\n", b"\r", b"\n"):  # however a reader splits lines
        lines = [line for line in re.split(re.escape(splitter).decode(), raw.decode("utf-8"))
                 if line]
        assert not any(line.lstrip().startswith("FN:Forged") for line in lines)
    assert b"\r" not in raw.replace(b"\r\n", b"")  # no CR but the line ends
    assert b"\n" not in raw.replace(b"\r\n", b"")
    vobject = pytest.importorskip("vobject")
    cards = list(vobject.readComponents(raw.decode("utf-8")))
    assert not any(c.fn.value == "Forged" for c in cards)
    assert any("END:VCARD" in e.value for c in cards for e in c.contents.get("email", []))


def test_vcard_escape_turns_every_line_end_and_control_into_text():
    from fiit_cli.writers.vcard import escape

    assert escape("a\rb\nc\r\nd\x85e\u2028f") == "a\\nb\\nc\\nd\\ne\\nf"
    assert escape("a\x1b[31mb\x00c\td") == "a[31mbc d"
    assert escape("a;b,c\\d") == "a\\;b\\,c\\\\d"
