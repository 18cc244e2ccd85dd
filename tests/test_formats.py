"""One format system for every data command: table, plain, json, yaml, markdown, csv."""

import csv
import io
import json

import pytest
import yaml

from tests.helpers import check_golden, fiit

# Every data command, with arguments; csv only where the view is a table.
COMMANDS = {
    ("show", "france", "permits"): False,
    ("show", "uk", "contacts"): True,
    ("countries",): True,
    ("sections",): True,
    ("compare", "belgium", "italy", "-s", "accommodation"): True,
    ("overview",): True,
    ("overview", "--explain"): True,
    ("hotline",): True,
    ("hotline", "hungary"): True,
    ("practices",): True,
    ("practice", "uk-nrm"): False,
    ("search", "language courses", "--country", "italy"): True,
}
IDS = ["-".join(k) for k in COMMANDS]


@pytest.mark.parametrize("args", COMMANDS, ids=IDS)
@pytest.mark.parametrize("fmt", ["table", "plain", "json", "yaml", "markdown"])
def test_every_command_speaks_every_format(args, fmt):
    r = fiit(*args, "--format", fmt, width=100)
    assert r.code == 0, r.stderr
    assert r.stdout.strip()
    if fmt == "json":
        json.loads(r.stdout)
    elif fmt == "yaml":
        assert yaml.safe_load(r.stdout) == json.loads(fiit(*args, "-f", "json").stdout)
    elif fmt == "plain":
        # the data, one fact per line, on stdout; where it comes from and its age on stderr
        assert "Data as published in 2013" not in r.stdout
        assert r.stderr.count("Data as published in 2013") == 1
        assert not any(ch in r.stdout for ch in "╭╮╰╯│─")
    elif fmt == "markdown":
        assert r.stdout.count("Data as published in 2013") == 1
        assert not any(ch in r.stdout for ch in "╭╮╰╯│─")
    else:
        assert r.stdout.count("Data as published in 2013") == 1
    if fmt != "plain":
        assert r.stderr == ""


@pytest.mark.parametrize("args", COMMANDS, ids=IDS)
def test_csv_for_tabular_views_and_a_clear_error_otherwise(args):
    r = fiit(*args, "--format", "csv")
    if COMMANDS[args]:
        assert r.code == 0, r.stderr
        rows = list(csv.reader(io.StringIO(r.stdout)))
        assert len(rows) >= 2
        assert len({len(row) for row in rows}) == 1
    else:
        assert r.code == 2
        assert r.stdout == ""
        assert "csv is for tabular views" in r.stderr
        assert r.stderr.count("\n") == 1


def test_default_format_when_piped_is_plain():
    """CliRunner's stdout is not a terminal: one fact per line, no box drawing."""
    out = fiit("show", "france", "permits").stdout
    assert "╭" not in out
    lines = out.splitlines()
    assert lines[0] == "France · Access to residence permit"
    assert "Duration: 30 days non renewable" in lines


@pytest.mark.parametrize("args", [("show", "france", "permits"), ("hotline", "hungary"),
                                  ("compare", "belgium", "italy", "-s", "legal"),
                                  ("practices",)], ids=lambda a: "-".join(a))
def test_plain_golden(args):
    r = fiit(*args, width=80)
    check_golden(f"plain_{'_'.join(args)}.txt", r.stdout)


def test_plain_is_greppable_one_fact_per_line():
    out = fiit("show", "italy", "accommodation", "-f", "plain").stdout
    lines = out.splitlines()
    assert lines.count("Minors: yes") == 2  # specialised and mainstream structures
    # the location is a heading, said once, not repeated on every fact
    assert sum("Italy · Accommodation" in line for line in lines) == 1


def test_markdown_show_is_tables():
    out = fiit("show", "belgium", "legal", "-f", "markdown").stdout
    assert out.startswith("## Belgium · Legal assistance\n")
    assert "| **Free of charge** |" in out


def test_contacts_csv_has_one_row_per_organisation(profiles):
    rows = list(csv.DictReader(io.StringIO(fiit("show", "uk", "contacts", "-f", "csv").stdout)))
    count = sum(len(g.organisations) for g in profiles["united-kingdom"].contacts.groups)
    assert len(rows) == count
    assert rows[0]["group"] and rows[0]["name"]


def test_vcard_only_for_hotlines():
    r = fiit("show", "france", "-f", "vcard")
    assert r.code == 2
    assert "vcard is for contact cards" in r.stderr
    assert r.stderr.count("\n") == 1


@pytest.mark.parametrize("args, fragment", [
    (("show", "france", "permits"), "Part I, France: “ACCESS TO RESIDENCE PERMIT”, p. 18"),
    (("hotline", "hungary"), "Annex, “ANNEX : COUNTER-TRAFFICKING NATIONAL HOTLINES"),
    (("practice", "uk-nrm"), "Part II, “THE NATIONAL REFERRAL MECHANISM (NRM) IN THE UNITED "
                             "KINGDOM”, p. 65"),
    (("compare", "fr", "hu", "-s", "legal"), "France: “LEGAL ASSISTANCE”, p. 21; Hungary:"),
])
def test_cite(args, fragment):
    r = fiit(*args, "--cite", "--as-printed")
    assert r.code == 0
    assert r.stdout.startswith("International Organization for Migration (IOM) (2013). FIIT")
    assert fragment in r.stdout
    assert r.stdout.count("\n") == 1
    # With the since-2013 layer, each newer source is cited on a line of its own, after.
    full = fiit(*args, "--cite").stdout.splitlines()
    assert full[0] == r.stdout.rstrip("\n")
    assert all("since-2013 information in fiit, not from the toolkit" in line
               for line in full[1:])
