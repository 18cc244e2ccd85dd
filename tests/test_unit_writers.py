"""The document model and its text writers, without the command line: a document built here,
written as plain lines and as markdown, every line checked."""

from __future__ import annotations

import io

import pytest

from fiit_cli.doc import (
    Block,
    Cell,
    Choice,
    CompareRow,
    Comparison,
    Document,
    Entity,
    Field,
    Flag,
    Link,
    Mark,
    Note,
    Para,
    Phone,
    Section,
    Span,
    Table,
    Text,
    Update,
    raw,
    raw_items,
)
from fiit_cli.settings import Env
from fiit_cli.vocab import DATA_AGE
from fiit_cli.writers import NotAvailable, available, emit, footer, markdown, plain
from fiit_cli.writers.text import flag_text, inline, literal, phone_text


def sample():
    b1 = Block("Stage one")
    b1.add("Renewable", Flag("no"))
    b1.add("Free", Flag("yes", "with a permit"))
    b1.add("Conditions", Choice("Either", (Text("a"), Text("b"))), Choice("Or", (Text("c"),)))
    b1.add_texts("Duration", "30 days")
    b1.add_texts("Rights", ["Work", "Health | care"])
    b1.add_texts("Guarantees", None)
    b1.add_texts("Blank", None, empty="")
    b1.add_if("Skipped", [])
    b1.add_if("Kept", "x")
    f = b1.add("Plan", Flag("no"), path="challenges.national_action_plan")
    f.since = "yes, since 2016"
    e = Entity("IOM", [Field("Tel", [Phone("02 123", "+32 2 123", "+32 2 123", None)]),
                       Field("Email", [Link("a@b.c", "mailto:a@b.c")]),
                       Field("Web", [Link("www.iom.int", "http://www.iom.int")])])
    b2 = Block(None, [e])
    s1 = Section("Belgium · Permits", [b1, b2],
                 [Note("typo fixed", "print", "recieve"), Note("a remark", "remark")],
                 "Source: IOM, FIIT toolkit (2013), p. 4, section “PERMITS”",
                 [Update("New hotline", "new", "Call 1", "2025-01-02",
                         (Link("x.be", "https://x.be"),), "contacts", True,
                         "checked 13 months ago — check again",
                         (Field("Tel", [Phone("1")]),))])
    s2 = Section("Belgium · Legal", [Block("Legal", [Field("Free", [Flag("not stated")])])],
                 source="Source: p. 5")
    t = Table(["id", "name"], [[[Text("be")], [Text("Belgium")]],
                               [[Text("fr")], []]], title="Countries")
    c = Comparison("Legal", ["A", "B"], [
        CompareRow(None, "Free", [Cell([Flag("yes")]), Cell([], "no")]),
        CompareRow("G", "Same", [Cell([Text("x")]), Cell([Text("x")], changed="y (checked)")]),
        CompareRow("G", "Notes", [Cell([], "empty"), Cell([Text("n")])])])
    return Document([s1, s2, t, Para("no records yet"), c], sources=["Source: all"],
                    legend="≠ differs")


def written(module, doc, facts_only=False) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    module.write(doc, Env(stdout=out, stderr=err, facts_only=facts_only))
    return out.getvalue(), err.getvalue()


PLAIN = """\
Belgium · Permits

Stage one
Renewable: no
Free: yes — with a permit
Conditions › Either, all of: a; b
Conditions › Or: c
Duration: 30 days
Rights: Work
Rights: Health | care
Guarantees: not stated in the toolkit
Kept: x
Plan: no
Plan › since 2013: yes, since 2016

IOM
Tel: 02 123  (intl: +32 2 123)
Email: a@b.c
Web: www.iom.int

Since 2013 (not from the toolkit) · new · checked 2025-01-02 · local — your organisation's, not the toolkit's
New hotline: Call 1
Concerns: contacts
Tel: 1
checked 13 months ago — check again
Source: x.be

Notes on the 2013 text
Print note: printed “recieve” — typo fixed
Remark: a remark
Source: IOM, FIIT toolkit (2013), p. 4, section “PERMITS”

Belgium · Legal

Legal
Free: not stated in the toolkit
Source: p. 5

Countries
id: be; name: Belgium
id: fr

no records yet

Legal
Free (differs) › A: yes
Free (differs) › B: no

G
Same › A: x
Same › B: x (since 2013: y (checked))
Notes (differs) › B: n
"""

MARKDOWN = """\
## Belgium · Permits

### Stage one

| | |
|---|---|
| **Renewable** | no |
| **Free** | yes — with a permit |
| **Conditions** | Either:<br>• a<br>• b<br>Or:<br>• c |
| **Duration** | 30 days |
| **Rights** | • Work<br>• Health \\| care |
| **Guarantees** | not stated in the toolkit |
| **Blank** |  |
| **Kept** | x |
| **Plan** | no<br>_since 2013: yes, since 2016_ |

| | |
|---|---|
| **IOM** | Tel: 02 123  (intl: +32 2 123)<br>Email: a@b.c<br>Web: <http://www.iom.int> |

> **Since 2013 (not from the toolkit)** · new · checked 2025-01-02 · local — your organisation's, not the toolkit's\x20\x20
> **New hotline**: Call 1\x20\x20
> Concerns: contacts\x20\x20
> Tel: 1\x20\x20
> checked 13 months ago — check again\x20\x20
> Source: <https://x.be>\x20\x20

#### Notes on the 2013 text

- Print note: printed “recieve” — typo fixed
- a remark

_Source: IOM, FIIT toolkit (2013), p. 4, section “PERMITS”_

## Belgium · Legal

### Legal

| | |
|---|---|
| **Free** | not stated in the toolkit |

_Source: p. 5_

### Countries

| id | name |
|---|---|
| be | Belgium |
| fr |  |

no records yet

### Legal

| | A | B |
|---|---|---|
| ≠ Free | yes | ✗ no |
| G › Same | x | x<br>(since 2013: y (checked)) |
| ≠ G › Notes |  | n |

_≠ differs_\x20\x20
_Source: all_\x20\x20
_Data as published in 2013 (IOM FIIT toolkit); laws, services, phones and addresses may have changed since. Check before acting on them._
"""


def test_plain_writes_every_part_one_fact_a_line():
    out, err = written(plain, sample())
    assert out == PLAIN
    assert err == f"≠ differs\nSource: all\n{DATA_AGE}\n"


def test_plain_facts_only_drops_the_notes_about_the_text():
    out, _ = written(plain, sample(), facts_only=True)
    assert out == PLAIN.replace("\n\nNotes on the 2013 text\nPrint note: printed “recieve” — "
                                "typo fixed\nRemark: a remark", "")


def test_markdown_keeps_every_section_and_part():
    out, err = written(markdown, sample())
    assert out == MARKDOWN and err == ""
    assert out.count("\n## ") == 1 and out.startswith("## Belgium · Permits")


def test_markdown_facts_only():
    out, _ = written(markdown, sample(), facts_only=True)
    assert out == MARKDOWN.replace("#### Notes on the 2013 text\n\n- Print note: printed "
                                   "“recieve” — typo fixed\n- a remark\n\n", "")


def test_an_empty_document():
    doc = Document([], age=False)
    assert written(plain, doc) == ("", "")
    assert written(markdown, doc) == ("\n", "")
    assert footer(Document([], sources=["a", "b"], legend="L")) == ["L", "a", "b", DATA_AGE]
    assert footer(Document([], age=False)) == []


def test_markdown_cells():
    assert markdown.md(markdown.esc("a|b\\c\nd")) == "a\\|b\\\\c<br>d"
    assert markdown._item(Link("x.org", "ftp://x.org")) == "x.org"
    assert markdown._item(Link("x.org", "https://x.org")) == "<https://x.org>"
    assert markdown._value([], "") == "" and markdown._value([]) == "not stated in the toolkit"
    assert markdown._value([Text("a")]) == "a"
    assert markdown._value([Text("a"), Entity("E", [Field("F", [Text("v")])])]) == \
        "• a\n**E**\nF: v"
    assert markdown._cell(Cell([], "not applicable")) == "– not applicable"


def test_markdown_details():
    e = Entity("E", [Field("Tel", [Phone("1"), Phone("2")])])
    assert markdown._item(e) == "**E**\nTel: 1; 2"
    untitled = Document([Section(None, [Block(None, [Field("F", [Text("v")])])]),
                         Table(["a"], [[[Text("x")]]])], age=False)
    out, _ = written(markdown, untitled)
    assert out == "| | |\n|---|---|\n| **F** | v |\n\n| a |\n|---|\n| x |\n"
    u = Update("T", "new", "now", "2025-01-02", ())
    assert markdown._update(u) == [
        "> **Since 2013 (not from the toolkit)** · new · checked 2025-01-02  ",
        "> **T**: now  ", ""]


def test_plain_details():
    assert plain.field_lines(Field("L", [], empty="")) == []
    assert plain.field_lines(Field("L", [], since="now")) == [
        "L: not stated in the toolkit", "L › since 2013: now"]
    assert plain.field_lines(Field("L", [Text("a")]), prefix="P › ") == ["P › L: a"]
    assert plain.entity_lines(Entity("E")) == ["E"]
    t = Table(["a", "b"], [[[Text("")], [Text("x")]], [[Text("y")], []]])
    assert plain.table_lines(t) == ["b: x", "a: y"]
    t = Table(["a"], [[[Text("x"), Text("y")]]])
    assert plain.table_lines(t) == ["a: x; y"]
    c = Comparison("H", ["A"], [CompareRow(None, "R", [Cell([Text("")])])])
    assert plain.comparison_lines(c) == ["H", "R › A: "]
    assert plain._has(Entity("E")) and not plain._has(Text(""))
    assert plain._cell(Cell([Entity("E", [Field("F", [Text("v")])])])) == "E; F: v"
    assert plain._cell(Cell([], "empty")) == ""
    c = Comparison("H", ["A"], [CompareRow(None, "R", [Cell([], "empty")])])
    assert plain.comparison_lines(c) == ["H"]
    u = Update("T", "confirmed", "still", "2024-01-01", ())
    assert plain.update_lines(u) == ["Since 2013 (not from the toolkit) · confirmed · checked "
                                     "2024-01-01", "T: still"]


def test_plain_shows_escape_codes_instead_of_obeying_them():
    out, _ = written(plain, Document([Para("a\x1b[31mred\x07")], age=False))
    assert out == "a\\x1b[31mred\\x07\n"


# ---------------------------------------------------------------- text helpers


def test_literal():
    assert literal("plain — text\n\ttab") == "plain — text\n\ttab"
    assert literal("\x00\x1b\x7f\x9f") == "\\x00\\x1b\\x7f\\x9f"
    assert literal("\x0b\x0c") == "\\x0b\\x0c"


def test_flags_and_phones_as_words():
    assert flag_text(Flag("not stated")) == "not stated in the toolkit"
    assert flag_text(Flag("yes", "if")) == "yes — if"
    assert flag_text(Flag("other")) == "other"
    assert phone_text(Phone("1", "+1", "+1 x", "from abroad")) == "1  (from abroad: +1 x)"
    assert phone_text(Phone("1", "+1", "+1 x")) == "1  (intl: +1 x)"
    assert phone_text(Phone("1", note="short number")) == "1  (short number)"
    assert phone_text(Phone("1", "+1")) == "1"


def test_inline():
    span = Span((Text("a "), Mark("b"), Text(" c")))
    assert inline(span) == "a «b» c"
    assert inline(span, ("**", "**")) == "a **b** c"
    assert inline(Choice("Or", (Text("x"), Flag("no")))) == "Or: x; no"
    assert inline(Choice("Or", (Span((Mark("m"),)),)), ("[", "]")) == "Or: [m]"
    assert inline(Link("t", "u")) == "t"
    with pytest.raises(TypeError) as exc:
        inline(Entity("E"))
    assert str(exc.value) == "not an inline item: Entity(name='E', fields=[])"


# ---------------------------------------------------------------- the model


def test_raw_values():
    assert raw(Text("t")) == "t"
    assert raw(Flag("no")) == "no" and raw(Flag("yes", "if")) == "yes — if"
    assert raw(Phone("02 1", "+32 21")) == "02 1"
    assert raw(Link("a@b", "mailto:a@b")) == "a@b"
    assert raw(Span((Text("a"), Mark("b")))) == "ab"
    assert raw(Choice("Either", (Text("a"), Text("b")))) == "Either: a; b"
    assert raw(Field("F", [Text("a"), Flag("no")])) == "F: a; no"
    assert raw(Entity("E")) == "E"
    assert raw(Entity("E", [Field("F", [Text("a")]), Field("G", [])])) == "E (F: a; G: )"
    assert raw_items([Text("a"), Text("b")]) == "a; b"
    assert raw_items([Choice("Either", (Text("a"),)), Choice("Or", (Text("b"),))]) == \
        "Either: a / Or: b"
    assert raw_items([]) == ""


def test_blocks():
    b = Block("T")
    f = b.add("L", Text("a"), None, Flag("no"), path="p.q")
    assert f == Field("L", [Text("a"), Flag("no")], "not stated", path="p.q")
    assert b.add_texts("M", "one") == Field("M", [Text("one")])
    assert b.add_texts("N", None, empty="") == Field("N", [], "")
    assert b.add_texts("O", ["x", "y"]).items == [Text("x"), Text("y")]
    b.add_if("P", None)
    b.add_if("P", [])
    b.add_if("Q", ["z"])
    assert [r.label for r in b.rows] == ["L", "M", "N", "O", "Q"]
    assert Block(None).rows == [] and Field("x").items == [] and Field("x").empty == "not stated"


def test_emit_chooses_the_writer_and_says_what_is_not_available():
    out, err = io.StringIO(), io.StringIO()
    doc = Document([Para("hello")], messages=["careful"], age=False)
    emit(doc, "plain", Env(stdout=out, stderr=err))
    assert out.getvalue() == "hello\n" and err.getvalue() == "fiit: careful\n"
    out = io.StringIO()
    emit(doc, None, Env(stdout=out, stderr=io.StringIO(), stdout_isatty=False))
    assert out.getvalue() == "hello\n"  # piped: plain
    with pytest.raises(NotAvailable) as exc:
        emit(doc, "csv", Env(stdout=out, stderr=err))
    assert exc.value.fmt == "csv"
    assert not available(doc, "vcard") and not available(doc, "nope")
    assert available(Document([], rows=Table([], [])), "csv") and available(doc, "markdown")
