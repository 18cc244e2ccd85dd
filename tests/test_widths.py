"""Every command, and every --help, at 40, 60, 80 and 120 columns: no line wider than the
terminal (a web address on a line of its own excepted: it is never wrapped), and no word,
number, phone or command of the output cut. Golden outputs of every command at 40 and 80.
"""

from __future__ import annotations

import re

import pytest

from tests.helpers import check_golden, fiit, table, too_wide

WIDTHS = [40, 60, 80, 120]

COMMANDS = [
    ("show", "france", "permits"), ("show", "belgium"), ("show", "france"), ("show", "hungary"),
    ("show", "italy"), ("show", "united-kingdom"), ("show", "uk", "contacts"),
    ("countries",), ("sections",),
    ("compare", "belgium", "italy"), ("compare", "fr", "hu", "uk", "-s", "permits"),
    ("compare", "--all", "-s", "legal"),
    ("overview",), ("overview", "--explain"),
    ("hotline",), ("hotline", "austria"), ("hotline", "hungary"), ("hotline", "united-kingdom"),
    ("practices",), ("practice", "uk-nrm"), ("practice", "venice-referral"),
    ("search", "reflection", "period"), ("search", "acse"), ("search", "nigerian", "--all"),
    ("updates",), ("updates", "italy", "--kind", "changed"), ("stale",), ("about",),
    ("validate",),
    ("find", "shelter", "--minor", "--third-country"), ("find", "legal", "--free"),
    ("brief", "italy", "--minor", "--woman", "--third-country", "--irregular"),
    ("brief", "uk", "--woman", "--third-country"), ("updates", "--coverage"),
]

HELPS = [(), ("show",), ("countries",), ("sections",), ("compare",), ("overview",),
         ("hotline",), ("practices",), ("practice",), ("search",), ("find",), ("brief",),
         ("updates",), ("stale",), ("validate",), ("schema",), ("about",), ("export",),
         ("export", "datapackage"), ("export", "sqlite"), ("export", "hsds")]

EDGES = "│─╭╮╰╯├┤┬┴┼═«»•:;,.()“”\"'?!\\"


def words(text: str) -> set[str]:
    return {w.strip(EDGES) for w in text.split()} - {""}


def cut_words(narrow: str, whole: set[str], width: int) -> list[str]:
    """Pieces of the narrow output that are no word of the whole one. A word longer than
    the room it has (the width, less an indent and a bullet) cannot but be folded."""
    longer = [w for w in whole if len(w) > width - 8]
    return sorted(w for w in words(narrow) - whole if not any(w in x for x in longer))


def run(args: tuple, width: int):
    return table(*args, width=width)


@pytest.fixture(scope="module")
def wide() -> dict:
    return {}


def vocabulary(args: tuple, cache: dict) -> tuple[set[str], str]:
    """The words of the output where nothing needs folding (table at 250 columns), and of
    its plain form; and the plain output itself."""
    if args not in cache:
        plain = fiit(*args, "-f", "plain", width=250)
        cache[args] = (words(run(args, 250).stdout) | words(plain.stdout) | words(plain.stderr),
                       plain.stdout)
    return cache[args]


UNBROKEN = re.compile(r"(?:^|; )(?:Tel|number|open with|Full profile): (.+?)(?=;|$)", re.M)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: "-".join(a))
def test_every_command_fits_the_width_and_cuts_no_word(args, width, wide):
    r = run(args, width)
    assert r.code == 0, r.stderr
    assert too_wide(r.stdout, width) == []
    whole, plain = vocabulary(args, wide)
    assert cut_words(r.stdout, whole, width) == []
    # a phone and a command each stand on one line, whole (a phone: as printed)
    lines = [" ".join(line.split()) for line in r.stdout.splitlines()]
    for found in UNBROKEN.findall(plain):
        piece = found.split("  (")[0].strip()
        assert any(piece in line for line in lines), piece


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("args", HELPS, ids=lambda a: "-".join(a) or "fiit")
def test_every_help_fits_the_width_and_cuts_no_word(args, width):
    r = fiit(*args, "--help", width=width)
    assert r.code == 0
    assert too_wide(r.stdout, width) == []
    whole = words(fiit(*args, "--help", width=250).stdout)
    assert cut_words(r.stdout, whole, width) == []


def test_help_is_laid_out_at_the_terminal_width():
    """Not at click's 50 to 78 columns whatever the terminal."""
    for width in (40, 120):
        lines = fiit("search", "--help", width=width).stdout.splitlines()
        assert max(len(line) for line in lines) > width - 10


def test_a_long_example_command_breaks_with_a_shell_continuation():
    out = fiit("--help", width=40).stdout
    assert "    fiit compare belgium italy \\\n        --section accommodation" in out


GOLDEN_COMMANDS = [
    ("show", "france", "permits"), ("show", "uk", "contacts"), ("countries",), ("sections",),
    ("compare", "fr", "hu", "uk", "-s", "permits"), ("overview",), ("overview", "--explain"),
    ("hotline",), ("hotline", "austria"), ("practices",), ("practice", "uk-nrm"),
    ("search", "reflection", "period"), ("updates", "italy", "--kind", "changed"),
    ("stale",), ("about",), ("validate",),
    ("find", "shelter", "--minor", "--third-country"), ("find", "legal", "--free"),
    ("brief", "italy", "--minor", "--woman", "--third-country", "--irregular"),
    ("brief", "uk", "--woman", "--third-country"), ("updates", "--coverage"),
]


@pytest.mark.parametrize("width", [40, 80])
@pytest.mark.parametrize("args", GOLDEN_COMMANDS, ids=lambda a: "-".join(a))
def test_golden_at_40_and_80(args, width):
    r = run(args, width)
    assert r.code == 0, r.stderr
    check_golden(f"width_{'_'.join(args)}_{width}.txt", r.stdout)


@pytest.mark.parametrize("args", [(), ("search",), ("hotline",), ("export",)],
                         ids=lambda a: "-".join(a) or "fiit")
def test_help_golden_at_40(args):
    check_golden(f"width_help_{'_'.join(args) or 'fiit'}_40.txt",
                 fiit(*args, "--help", width=40).stdout)


def test_search_and_hotline_stack_at_40_columns():
    hits = run(("search", "reflection", "period"), 40).stdout
    assert "United Kingdom › Access to residence" in hits
    assert "  open with:\n    fiit show united-kingdom permits" in hits
    assert "«Reflection Period»" in hits
    lines = run(("hotline",), 40).stdout.splitlines()
    assert "  number: + 43 1-796 92 98" in lines
    assert len(lines) < 500  # it ran to 898 lines, a word or two a line


def test_a_phone_with_its_form_to_dial_breaks_between_the_two_only():
    out = run(("show", "uk", "contacts"), 40).stdout
    assert "  Tel: +44 (0) 8447782406\n       (intl: +44 844 778 2406)" in out


def test_show_contacts_has_one_layout_at_each_width():
    """Every group boxed, or every group stacked: never both on one screen."""
    for width in (60, 80, 120, 200):
        out = run(("show", "uk", "contacts"), width).stdout
        heads = ["INSTITUTIONS", "NGOS SPECIALIZED IN COUNTER TRAFFICKING",
                 "NGOS WORKING ON MIGRATION ISSUE", "INTERNATIONAL ORGANIZATION\n"]
        boxed = [out.split(h)[1].lstrip("\n").startswith("╭") for h in heads]
        assert len(set(boxed)) == 1, (width, boxed)
    assert "╭" not in run(("show", "uk", "contacts"), 80).stdout
    assert "╭" in run(("show", "uk", "contacts"), 200).stdout


@pytest.mark.parametrize("width", [40, 60, 80, 100, 120, 140, 160])
def test_coverage_keeps_the_comma_with_the_date(width):
    """'searched 2026-12-07, nothing found' may break after the comma, never before it (a
    line starting ', nothing'); at 40 the grid stacks, one 'Country: cell' line each."""
    out = run(("updates", "--coverage"), width).stdout
    lines = [line.strip(" │") for line in out.splitlines()]
    assert [x for x in lines if x.startswith(",")] == []
    dates = re.findall(r"searched\s+(\d{4}-\d\d-\d\d)(\S*)", out)
    assert dates and {tail for _, tail in dates} == {","}, dates
    if width == 40:
        assert "Section " not in out
        assert "\nLanguage courses\n  Belgium: 1 · 2026-12-07\n" in out


@pytest.mark.parametrize("width", [40, 60])
def test_the_briefs_phones_are_never_broken_inside(width):
    """It broke '(intl: +39 06 / 6779 2451)'; a since-2013 record's numbers were text."""
    lines = run(("brief", "italy", "--minor", "--woman", "--third-country", "--irregular"),
                width).stdout.splitlines()
    for phone in ("+39 0 667792451", "(intl: +39 06 6779 2451)", "(intl: +39 06 4423 1428)",
                  "800 290 290", "+39 0415042374"):
        assert any(phone in x for x in lines), phone


def test_a_since_2013_records_phone_is_a_phone_node():
    from fiit_cli.doc import Phone
    from fiit_cli.views.updates import details

    class Record:
        value, phones, emails, websites = None, ["0800 808 3733"], [], []

    assert details(Record())[0].items == [Phone("0800 808 3733")]


@pytest.mark.parametrize("width", [40, 60])
def test_a_phone_or_number_in_running_text_is_never_broken(width):
    """'+358 2954 / 63177' was cut across two lines in a since-2013 record's text at 40."""
    out = run(("updates", "finland"), width).stdout
    assert "+358 2954 63177" in out


def test_the_layout_glue_never_reaches_the_output():
    from fiit_cli.writers.table import glued

    assert glued("call 06 80 225 225 now") == "call 06\ue00080\ue000225\ue000225 now"
    assert glued("a \ue000 b") == "a \\ue000 b"  # data's own private character is shown
    assert "\ue000" not in run(("updates",), 40).stdout
