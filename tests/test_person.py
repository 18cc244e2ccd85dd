"""Answers about a person: `fiit find` (a need across the countries) and `fiit brief`."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import COUNTRIES, check_golden, fiit, table, too_wide

NAMES = ["Belgium", "France", "Italy", "Hungary", "United Kingdom"]


def results(*args: str) -> dict[str, dict[str, dict]]:
    """`fiit find ... -f json` as {country id: {item: result}}."""
    r = fiit("find", *args, "-f", "json")
    assert r.code == 0, r.stderr
    return {c["id"]: {x["item"]: x for x in c["results"]} for c in r.json()["countries"]}


# ---------------------------------------------------------------- find shelter


def test_find_shelter_minor_third_country_answers_for_all_five():
    # identified and staying regularly: the printed conditions of the structures are met
    found = results("shelter", "--minor", "--third-country", "--identified", "--regular")
    assert list(found) == sorted(COUNTRIES)  # as compare --all: by id
    spec, main = "VoT-specialised structures", "Mainstream structures"
    assert found["belgium"][spec]["answer"] == "yes"
    assert found["belgium"][main]["answer"] == "yes"
    # France and the UK: the specialised structures take adults only; the reason says so.
    for c in ("france", "united-kingdom"):
        assert found[c][spec]["answer"] == "no"
        assert found[c][spec]["reasons"][0].startswith("minors: no")
    assert "adults only" in found["france"][spec]["reasons"][0]
    assert "Children's Safeguarding Board" in found["united-kingdom"][spec]["reasons"][0]
    # Hungary: third-country nationals "in theory" only: partly, with its note; mainstream: no.
    assert found["hungary"][spec]["answer"] == "partly"
    assert "in theory" in found["hungary"][spec]["reasons"][0]
    assert found["hungary"][main]["answer"] == "no"
    assert "do not accommodate" in found["hungary"][main]["reasons"][0]


def test_not_stated_is_never_a_match_but_listed_apart_as_unknown():
    # The UK's mainstream structures do not mention EU nationals.
    found = results("shelter", "--eu-national", "-c", "uk")
    main = found["united-kingdom"]["Mainstream structures"]
    assert main["answer"] == "not stated"
    assert main["reasons"] == ["EU nationals: not stated in the toolkit"]
    out = table("find", "shelter", "--eu-national", "-c", "uk", width=80).stdout
    assert out.index("Matches") < out.index("VoT-specialised") \
        < out.index("Unknown: not stated in the toolkit") < out.index("Mainstream")


def test_find_table_at_80_columns_golden():
    r = table("find", "shelter", "--minor", "--third-country", width=80)
    assert r.code == 0, r.stderr
    assert too_wide(r.stdout, 80) == []
    for name in NAMES:
        assert f"{name} · shelter" in r.stdout
    assert "Does not match" in r.stdout and "Partly (see the note)" in r.stdout
    assert "Data as published in 2013" in r.stdout
    check_golden("find_shelter_minor_third-country_80.txt", r.stdout)


def test_find_each_answer_carries_its_source_page():
    found = results("shelter")
    assert found["france"]["Mainstream structures"]["source"]["page"] == 19
    assert found["hungary"]["Mainstream structures"]["source"]["page"] == 43
    out = fiit("find", "shelter", "-c", "fr", "-f", "plain").stdout
    assert "Source: “ACCOMMODATION”, p. 19" in out


# ---------------------------------------------------------------- other needs


def test_find_permit_lists_stages_and_does_not_filter_by_situation():
    r = fiit("find", "permit", "--eu-national", "-c", "italy", "-f", "json")
    data = r.json()
    assert "--eu-national" in data["not_applied"]
    items = data["countries"][0]["results"]
    assert [x["item"] for x in items] == [
        "Reflection Period (reflection stage)", "Temporary stay (temporary stage)",
        "Long-term residence permit (long-term stage)"]
    assert items[0]["details"]["Duration"] == "3 months renewable"
    assert "Either: Cooperate with police" in items[1]["details"]["Conditions"]
    plain = fiit("find", "permit", "--eu-national", "-c", "italy", "-f", "plain").stdout
    assert "Not applied to permit: --eu-national" in plain


def test_find_legal_free_shows_the_condition():
    found = results("legal", "--free")
    belgium = found["belgium"]["Legal assistance"]
    assert belgium["answer"] == "depends"  # a means test fiit is never told about
    assert "sufficient resources" in belgium["details"]["Free of charge"]
    assert found["hungary"]["Legal assistance"]["answer"] == "not stated"
    assert found["hungary"]["Legal assistance"]["reasons"] == [
        "free of charge: not stated in the toolkit"]


def test_find_language_free_partly_and_no_with_reasons():
    found = results("language", "--free", "--with-permit")
    assert found["belgium"]["Language courses"]["answer"] == "no"
    assert "discount" in found["belgium"]["Language courses"]["reasons"][0]
    uk = found["united-kingdom"]["Language courses"]
    assert uk["answer"] == "partly" and "specific programme" in uk["reasons"][0]
    assert found["italy"]["Language courses"]["answer"] == "yes"
    assert found["france"]["Language courses"]["answer"] == "not stated"


@pytest.mark.parametrize("need,item", [("training", "Training"), ("work", "Employment services"),
                                       ("health", "Mainstream healthcare")])
def test_find_other_needs(need, item):
    found = results(need)
    assert all(item in found[c] for c in COUNTRIES)
    if need == "training":  # only once a VoT has status: yes, if (UK-3)
        assert found["united-kingdom"]["Training"]["answer"] == "depends"
    if need == "work":
        uk = found["united-kingdom"]["Employment services"]
        assert uk["answer"] == "depends" and "indefinite leave" in uk["details"][
            "Access to mainstream services"]


def test_find_need_aliases_and_csv():
    r = fiit("find", "housing", "--minor", "-f", "csv")
    assert r.code == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert len(rows) == 10
    assert {row["answer"] for row in rows} <= {"yes", "partly", "depends", "no", "not stated"}
    fr = next(x for x in rows if x["country"] == "France" and x["item"].startswith("VoT"))
    assert fr["answer"] == "no" and fr["source"] == "“ACCOMMODATION”, p. 19"


@pytest.mark.parametrize("fmt", ["plain", "markdown", "yaml", "html"])
def test_find_every_format(fmt):
    r = fiit("find", "shelter", "--minor", "-f", fmt)
    assert r.code == 0, r.stderr
    assert "United Kingdom" in r.stdout


def test_find_usage_errors():
    r = fiit("find", "shelta")
    assert r.code == 2 and "Did you mean 'shelter'?" in r.stderr
    r = fiit("find", "shelter", "--minor", "--adult")
    assert r.code == 2 and "--minor and --adult exclude each other" in r.stderr
    r = fiit("find", "shelter", "-c", "narnia")
    assert r.code == 2 and "unknown country" in r.stderr


# ---------------------------------------------------------------- brief


def test_brief_italy_table():
    r = table("brief", "italy", "--minor", "--woman", "--third-country", width=100)
    assert r.code == 0, r.stderr
    out = r.stdout
    for term in ["Whom to call first", "National hotline", "+39 800 290 290",
                 "Residence permit: the route in short", "Temporary stay", "6 months renewable",
                 "Shelter for this person", "Health care", "Legal aid", "Language courses",
                 "Training and work", "Data as published in 2013", "“ACCOMMODATION”"]:
        assert term in out, term


def test_brief_france_shelter_says_why_not():
    out = fiit("brief", "france", "--minor", "-f", "plain").stdout
    assert "VoT-specialised structures: no — minors: no (adults only)" in out
    assert "“ACCOMMODATION”, p. 19" in fiit("brief", "fr", "--minor",
                                                             "-f", "markdown").stdout


def test_brief_markdown_and_json():
    md = fiit("brief", "uk", "--adult", "--man", "-f", "markdown")
    assert md.code == 0 and "## Whom to call first" in md.stdout
    data = fiit("brief", "uk", "-f", "json").json()
    assert data["country"] == "united-kingdom"
    assert [p["topic"] for p in data["brief"]][0] == "Whom to call first"


RECORD = '''updates:
  - id: "test-it-shelter"
    country: "italy"
    concerns:
      section: "accommodation"
    kind: "changed"
    topic: "structure"
    title: "TEST shelter record (fixture)"
    now: "A TEST record that exists only in fiit's tests."
    sources:
      - url: "https://example.org/test-it-shelter"
        title: "Test page"
        publisher: "Example"
    checked: "2025-01-15"
'''


def test_brief_shows_since_2013_records_unless_as_printed(tmp_path):
    (tmp_path / "updates").mkdir()
    (tmp_path / "updates" / "italy.yaml").write_text(RECORD, encoding="utf-8")
    env = {"FIIT_LOCAL_DIR": str(tmp_path)}
    out = fiit("brief", "italy", "-f", "plain", env=env).stdout
    assert "TEST shelter record (fixture)" in out
    assert out.index("Shelter for this person") < out.index("TEST shelter record") \
        < out.index("Health care")
    assert "TEST shelter" in fiit("brief", "italy", "-f", "html", env=env).stdout
    printed = fiit("brief", "italy", "--as-printed", "-f", "plain", env=env).stdout
    assert "TEST shelter record" not in printed


def test_brief_annex_only_country_exits_1():
    r = fiit("brief", "spain")
    assert r.code == 1 and "fiit hotline spain" in r.stderr


# ---------------------------------------------------------------- html


def test_html_is_standalone_and_escaped():
    from fiit_cli.doc import Block, Document, Field, Link, Section, Text
    from fiit_cli.settings import Env
    from fiit_cli.writers.html import page

    doc = Document([Section("<b>x</b> & y", [Block("t", [Field(
        "a<", [Text("<script>alert(1)</script>"), Link("x\"y", "https://e.org/?a=1&b=\"")])])],
        source="s")])
    html = page(doc)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "&lt;b&gt;x&lt;/b&gt; &amp; y" in html
    assert 'href="https://e.org/?a=1&amp;b=&quot;"' in html
    assert Env  # the writer needs no terminal


@pytest.mark.parametrize("args", [("brief", "italy", "--minor", "--woman", "--third-country"),
                                  ("show", "france", "permits"),
                                  ("compare", "be", "it", "-s", "legal"), ("hotline",),
                                  ("search", "surya")])
def test_html_for_any_document(args):
    r = fiit(*args, "-f", "html")
    assert r.code == 0, r.stderr
    html = r.stdout
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert "@page" in html and "A4" in html
    lowered = html.lower()
    assert "<script" not in lowered and "src=" not in lowered
    assert "<link" not in lowered and "@import" not in lowered and "url(" not in lowered
    assert "Data as published in 2013" in html


def _browser() -> str | None:
    for name in ("chromium-headless-shell", "chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def _pdf_text(pdf: Path) -> tuple[str, int]:
    try:
        from pypdf import PdfReader
    except ImportError:
        if not shutil.which("pdftotext") or not shutil.which("pdfinfo"):
            pytest.skip("no PDF reader: install pypdf or poppler-utils (pdftotext)")
        text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                              check=True).stdout
        pages = int(next(line.split()[-1] for line in info.splitlines()
                         if line.startswith("Pages:")))
        return text, pages
    reader = PdfReader(str(pdf))
    return "\n".join(p.extract_text() or "" for p in reader.pages), len(reader.pages)


def _print_to_pdf(browser: str, page: Path, tmp_path: Path) -> Path:
    """Print a page to PDF in headless Chromium, as a person would with 'Print'."""
    pdf = tmp_path / "brief.pdf"
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}",
                    "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri()],
                   capture_output=True, timeout=120, check=True)
    return pdf


def test_brief_prints_on_at_most_two_a4_pages_in_a_headless_browser(tmp_path):
    browser = _browser()
    if browser is None:
        pytest.skip("no headless browser found (chromium-headless-shell or chromium); "
                    ".ci/run installs one with apt-get where it can")
    r = fiit("brief", "italy", "--minor", "--woman", "--third-country", "-f", "html")
    assert r.code == 0, r.stderr
    page = tmp_path / "brief.html"
    page.write_text(r.stdout, encoding="utf-8")
    pdf = _print_to_pdf(browser, page, tmp_path)
    text, pages = _pdf_text(pdf)
    assert 1 <= pages <= 2
    flat = " ".join(text.split())
    for fact in ["Referral brief: Italy", "+39 800 290 290", "Temporary stay",
                 "6 months renewable", "Cooperate with police or judicial authorities",
                 "Mainstream structures", "2-3 months or longer", "Data as published in 2013",
                 "Since 2013 (not from the toolkit)"]:
        assert fact in flat, fact


TYPICAL = {"italy": ("--minor", "--woman", "--third-country", "--irregular"),
           "belgium": ("--woman", "--third-country"),
           "france": ("--minor", "--woman", "--third-country"),
           "hungary": ("--woman", "--eu-national"),
           "united-kingdom": ("--woman", "--third-country")}


@pytest.mark.parametrize("country", [*TYPICAL])
@pytest.mark.parametrize("situation", ["typical", "none"])
def test_every_country_brief_fits_two_pages(tmp_path, country, situation):
    browser = _browser()
    if browser is None:
        pytest.skip("no headless browser found")
    flags = TYPICAL[country] if situation == "typical" else ()
    page = tmp_path / "brief.html"
    page.write_text(fiit("brief", country, *flags, "-f", "html").stdout, encoding="utf-8")
    pdf = _print_to_pdf(browser, page, tmp_path)
    text, pages = _pdf_text(pdf)
    assert 1 <= pages <= 2
    assert "Data as published in 2013" in " ".join(text.split())  # nothing cut off


def test_brief_html_is_a_document():
    """Item 6: the title once, body text at least 9.5 pt in print, each topic's page, URLs
    that break only at / ? & =."""
    import re

    out = fiit("brief", "france", "--minor", "-f", "html").stdout
    title = "Referral brief: France, for a minor"
    assert out.count(title) == 2  # <title> and <h1>, not again in the body
    size = re.search(r"body \{ font: ([\d.]+)pt", out)
    assert size and float(size.group(1)) >= 9.5
    assert not [s for s in re.findall(r"font-size: ([\d.]+)pt", out) if float(s) < 9.5]
    assert "Legal aid (p. " in out or "Legal aid</h2>" in out
    profile = fiit("show", "france", "legal", "-f", "json").json()["legal"]
    if profile["source"]["page"] is not None:
        assert f"Legal aid (p. {profile['source']['page']})" in out
    assert "overflow-wrap: normal; word-break: normal" in out
    link = re.search(r'<a href="https://immigration[^"]*">(.*?)</a>', out).group(1)
    pieces = re.findall(r'<span class="u">(.*?)</span>', link)
    assert "".join(pieces) == re.sub(r"<[^>]+>", "", link)
    assert all(p[-1] in "/?&=" for p in pieces[:-1])
    assert link.count("<wbr>") == len(pieces) - 1


def test_brief_help_says_what_it_is():
    out = " ".join(fiit("brief", "--help", width=200).stdout.split())
    assert "referral brief" in out and "at most two A4 pages" in out


# ---------------------------------------------------------------- the installed command


def test_installed_fiit_find_runs_as_a_subprocess():
    exe = Path(sys.executable).with_name("fiit")
    if not exe.exists():
        pytest.skip("fiit is not installed beside this Python")
    r = subprocess.run([str(exe), "find", "shelter", "--minor", "--third-country", "-f", "csv"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[0] == "country,need,item,answer,reasons,details,source"
    assert "Data as published in 2013" not in r.stdout  # csv: data only
