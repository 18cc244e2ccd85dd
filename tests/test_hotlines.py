"""The hotline annex: complete, dialable, and usable as referral cards."""

import pytest

from tests.helpers import fiit, table

# Counted by hand from the annex "COUNTER-TRAFFICKING NATIONAL HOTLINES IN EU MEMBER
# STATES": every country, and every number exactly as printed, in the annex's order.
PRINTED = {
    "Austria": ["+ 43 1-796 92 98"],
    "Belgium": ["+ 32 2 511 64 64", "+32 3 201 16 90", "+32 4 232 40 30"],
    "Bulgaria": ["+359 800 186 76", "+359 116 111"],
    "Czech Republic": ["+420 222 71 71 71"],
    "Denmark": ["+45 70 20 25 50"],
    "Estonia": ["+372 6607 320"],
    "Finland": ["+358 71 876 3170"],
    "France": ["+33 825 009 907"],
    "Germany": ["+49 30 263 911 7"],
    "Greece": ["+ 30-2310-525149", "+30 15900"],
    "Hungary": ["+36 80 20 55 20"],
    "Ireland": ["+353 1800 25 00 25"],
    "Italy": ["+39 800 290 290", "+39 0415042374"],
    "Latvia": ["+371 80002012"],
    "Lithuania": ["+370 8 800 66366"],
    "Luxembourg": ["+352 4997 6210"],
    "Malta": ["+356 2294 2000"],
    "The Netherlands": ["+31 33 4481186"],
    "Poland": ["+48 22 628 01 20"],
    "Portugal": ["+351 800 202 148"],
    "Romania": ["+40 800 800 678"],
    "Slovakia": ["+421 0800 800 818", "+ 421 903 704 784"],
    "Slovenia": ["+386 80 17 22"],
    "Spain": ["+34 900 191 010", "+34 900 152 152"],
    "Sweden": ["+46 20 50 50 50", "+4620 52 10 10"],
    "UK": ["+44 800 555 111", "+ 44 8447782406"],
}
HOTLINES_PER_COUNTRY = {"Belgium": 3, "Bulgaria": 2, "Greece": 2, "Italy": 2, "Slovakia": 2,
                        "Sweden": 2, "UK": 2}


@pytest.fixture(scope="module")
def annex():
    from fiit_cli.loader import load_hotlines

    return load_hotlines()


def test_every_country_of_the_annex_in_order(annex):
    assert len(PRINTED) == 26
    assert [c.name for c in annex.countries] == list(PRINTED)


def test_every_number_as_printed(annex):
    got = {c.name: [n.printed for h in c.hotlines for n in h.numbers] for c in annex.countries}
    assert got == PRINTED
    assert sum(len(v) for v in got.values()) == 35


def test_hotlines_per_country(annex):
    got = {c.name: len(c.hotlines) for c in annex.countries}
    assert got == {name: HOTLINES_PER_COUNTRY.get(name, 1) for name in PRINTED}
    assert sum(got.values()) == 34


def test_every_e164_is_valid_or_explained(annex):
    import phonenumbers

    offenders = []
    for c in annex.countries:
        for h in c.hotlines:
            for n in h.numbers:
                if n.e164 is None:
                    if not n.note:
                        offenders.append(f"{c.name}: {n.printed} has no E.164 and no note")
                    continue
                parsed = phonenumbers.parse(n.e164, None)
                if not phonenumbers.is_valid_number(parsed):
                    offenders.append(f"{c.name}: {n.e164} is not a valid number")
                if phonenumbers.region_code_for_number(parsed) not in (c.iso2, "GB" if c.iso2
                                                                       == "UK" else c.iso2):
                    offenders.append(f"{c.name}: {n.e164} is not a {c.iso2} number")
    assert offenders == []


def test_printed_forms_not_dialable_as_written_carry_a_note(annex):
    """A trunk digit kept after the country code, or a code run into the number."""
    noted = {n.printed for c in annex.countries for h in c.hotlines for n in h.numbers if n.note}
    assert {"+421 0800 800 818", "+370 8 800 66366", "+4620 52 10 10"} <= noted


def test_hotline_hungary_shows_the_crisis_line_dialable():
    r = table("hotline", "hungary", width=80)
    assert r.code == 0, r.stderr
    assert "National Crisis Management and Information Telephone" in r.stdout
    assert "+36 80 20 55 20" in r.stdout
    assert "in Hungarian" in r.stdout
    assert "fiit show hungary contacts" in r.stdout
    assert "Data as published in 2013" in r.stdout


def test_hotline_lists_26_countries():
    rows = fiit("hotline", "--format", "json").json()
    assert len(rows) == 26
    out = table("hotline", width=200).stdout
    for name in PRINTED:
        assert name in out


@pytest.mark.parametrize("name", ["spain", "ES", "España", "the netherlands", "nl", "uk",
                                  "United Kingdom", "Magyarország", "czechia"])
def test_hotline_country_names(name):
    r = fiit("hotline", name, "--format", "json")
    assert r.code == 0, r.stderr
    assert len(r.json()) == 1


def test_hotline_country_without_profile():
    r = table("hotline", "spain", width=80)
    assert r.code == 0
    assert "Instituto de la Mujer" in r.stdout
    assert "fiit show" not in r.stdout


@pytest.mark.parametrize("name", ["cyprus", "Croatia", "HR"])
def test_member_states_missing_from_the_annex_exit_1(name):
    r = fiit("hotline", name)
    assert r.code == 1
    assert r.stdout == ""
    assert "lists no counter-trafficking hotline" in r.stderr
    assert r.stderr.count("\n") == 1


@pytest.mark.parametrize("name, suggestion", [("spian", "spain"), ("hungry", "hungary")])
def test_unknown_hotline_country_exits_2_with_suggestion(name, suggestion):
    r = fiit("hotline", name)
    assert r.code == 2
    assert f"Did you mean '{suggestion}'?" in r.stderr
    assert r.stderr.count("\n") == 1


def test_vcard_for_spain_is_strict_vcard_4():
    r = fiit("--as-printed", "hotline", "spain", "--format", "vcard")
    assert r.code == 0
    text = r.raw.decode("utf-8")
    assert text.endswith("\r\n")
    lines = text.split("\r\n")[:-1]
    assert all("\n" not in line and "\r" not in line for line in lines)
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    assert lines[0] == "BEGIN:VCARD" and lines[1] == "VERSION:4.0"
    assert lines[-1] == "END:VCARD"
    assert text.count("BEGIN:VCARD") == text.count("END:VCARD") == 1
    assert "TEL;VALUE=uri;TYPE=voice:tel:+34900191010" in lines
    assert "TEL;VALUE=uri;TYPE=voice:tel:+34900152152" in lines


@pytest.mark.parametrize("country", ["spain", "belgium", "sweden", "bulgaria", "uk"])
def test_vcards_round_trip_through_a_parser(country):
    import vobject

    from fiit_cli.loader import load_hotlines

    text = fiit("--as-printed", "hotline", country, "--format", "vcard").raw.decode("utf-8")
    cards = list(vobject.readComponents(text))
    annex = load_hotlines()
    entry = next(c for c in annex.countries if c.id == fiit(
        "hotline", country, "-f", "json").json()[0]["id"])
    assert len(cards) == len(entry.hotlines)
    for card, hotline in zip(cards, entry.hotlines):
        assert card.fn.value == hotline.service
        tels = [t.value for t in card.contents.get("tel", [])]
        assert tels == [f"tel:{n.e164}" for n in hotline.numbers if n.e164]
        note = card.note.value
        for n in hotline.numbers:
            assert n.printed in note
        assert "2013" in note


def _links(node) -> list[str]:
    import re

    from rich.console import Console

    from fiit_cli.writers.table import rich_inline

    console = Console(force_terminal=True, color_system="truecolor", width=200)
    with console.capture() as cap:
        console.print(rich_inline(node))
    return re.findall(r"\x1b\]8;[^;]*;([^\x1b]+)\x1b\\", cap.get())


def test_contact_details_become_links_on_terminals():
    from fiit_cli.doc import Phone
    from fiit_cli.models import HotlineNumber
    from fiit_cli.views.common import email, hotline_phone, phone, web

    assert _links(phone("+32 (0) 22123000")) == ["tel:+3222123000"]
    assert _links(hotline_phone(HotlineNumber(printed="+421 0800 800 818",
                                              e164="+421800800818"))) == ["tel:+421800800818"]
    assert _links(Phone("+36 80 20 55 20", "+3680205520")) == ["tel:+3680205520"]
    assert _links(email("info@pag-asa.be")) == ["mailto:info@pag-asa.be"]
    assert _links(web("www.payoke.be")) == ["http://www.payoke.be"]
    assert _links(web("http://www.pagasa.be/")) == ["http://www.pagasa.be/"]
    assert _links(Phone("15900")) == []  # nothing to dial from anywhere: no link


def test_profile_phones_show_their_international_form():
    out = fiit("show", "belgium", "contacts", "-f", "plain").stdout
    assert "Tel: +32 (0) 22123000  (intl: +32 2 212 30 00)" in out
