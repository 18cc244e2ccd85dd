"""vCard 4.0 lines exactly as a contacts application reads them (RFC 6350)."""

from __future__ import annotations

import io

import vobject

from fiit_cli.doc import Card, Document, Phone
from fiit_cli.settings import Env
from fiit_cli.writers.vcard import card, escape, fold, write
from tests.helpers import fiit


def test_escape_every_special_character():
    assert escape("a;b") == "a\\;b"
    assert escape("a,b") == "a\\,b"
    assert escape("a\\b") == "a\\\\b"
    assert escape("line one\nline two") == "line one\\nline two"
    assert escape("\\;") == "\\\\\\;"  # the backslash first, so an escape is not doubled
    assert escape("plain text") == "plain text"


def test_fold_at_75_octets_never_inside_a_character():
    assert fold("x" * 75) == "x" * 75
    assert fold("x" * 76) == "x" * 75 + "\r\n x"
    assert fold("x" * 150) == "x" * 75 + "\r\n " + "x" * 74 + "\r\n x"
    folded = fold("é" * 40)  # two octets each: 37 fit, the 38th would cut a character
    assert folded == "é" * 37 + "\r\n " + "é" * 3
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert fold("") == ""


CARD = Card(name="Red Cross; Milan", org="Croce Rossa, Italia",
            phones=(Phone("02 123", "+39021234567"), Phone("112"),),
            emails=("info@cri.it",), urls=("www.cri.it", "https://x.org/a,b"),
            address=("Via Roma 1", "Milano"), country="Italy",
            categories=("NGOs; specialised", "Italy"),
            note="Open 9-17; ask for Anna\nSecond line \\ end")


def test_card_lines():
    assert card(CARD) == [
        "BEGIN:VCARD",
        "VERSION:4.0",
        "FN:Red Cross\\; Milan",
        "ORG:Croce Rossa\\, Italia",
        "KIND:org",
        "TEL;VALUE=uri;TYPE=voice:tel:+39021234567",  # a number without E.164 has no line
        "EMAIL:info@cri.it",
        "URL:http://www.cri.it",
        "URL:https://x.org/a\\,b",
        "CATEGORIES:NGOs\\; specialised,Italy",
        "ADR;TYPE=work:;;Via Roma 1\\, Milano;;;;Italy",
        "NOTE:Open 9-17\\; ask for Anna\\nSecond line \\\\ end",
        "END:VCARD",
    ]


def test_an_empty_card():
    assert card(Card("A", "A")) == ["BEGIN:VCARD", "VERSION:4.0", "FN:A", "ORG:A", "KIND:org",
                                    "CATEGORIES:", "ADR;TYPE=work:;;;;;;", "NOTE:",
                                    "END:VCARD"]


def test_write_gives_crlf_bytes_that_a_parser_reads_back():
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="utf-8", newline="\n")
    write(Document([], cards=[CARD, Card("B", "B")]), Env(stdout=out))
    data = raw.getvalue()
    assert data.count(b"BEGIN:VCARD\r\n") == 2 and data.endswith(b"END:VCARD\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    parsed = list(vobject.readComponents(data.decode()))
    assert parsed[0].fn.value == "Red Cross; Milan"
    assert parsed[0].note.value == "Open 9-17; ask for Anna\nSecond line \\ end"
    assert parsed[0].categories.value == ["NGOs; specialised", "Italy"]
    assert parsed[1].fn.value == "B"


def test_write_to_a_text_stream_without_a_buffer():
    out = io.StringIO()
    write(Document([], cards=[Card("B", "B")]), Env(stdout=out))
    assert out.getvalue().startswith("BEGIN:VCARD\r\nVERSION:4.0\r\nFN:B\r\n")
    out = io.StringIO()
    write(Document([]), Env(stdout=out))
    assert out.getvalue() == ""


def test_a_shipped_note_with_a_semicolon_is_escaped():
    r = fiit("show", "italy", "contacts", "--format", "vcard")
    assert r.code == 0
    unfolded = r.raw.decode().replace("\r\n ", "")
    notes = [line for line in unfolded.split("\r\n") if line.startswith("NOTE:")]
    assert notes and all("(2013 IOM FIIT toolkit)\\; laws" not in n for n in notes)
    assert all("toolkit)\\; laws\\, services" in n for n in notes)
    assert "KIND:org" in unfolded.split("\r\n")
    assert "CATEGORIES:INSTITUTIONS,Italy" in unfolded.split("\r\n")
