"""Contacts as cards: `fiit show COUNTRY contacts -f vcard`, one vCard 4.0 per organisation."""

from __future__ import annotations

import pytest
import vobject

from fiit_cli.phones import e164_from_printed
from tests.helpers import COUNTRIES, fiit


def cards(country: str) -> bytes:
    """The toolkit's cards alone (--as-printed): one per organisation it lists."""
    r = fiit("--as-printed", "show", country, "contacts", "-f", "vcard")
    assert r.code == 0, r.stderr
    return r.raw


def organisations(profiles, country):
    return [o for g in profiles[country].contacts.groups for o in g.organisations]


@pytest.mark.parametrize("country", COUNTRIES)
def test_one_vcard_4_per_organisation(country, profiles):
    raw = cards(country)
    text = raw.decode("utf-8")
    orgs = organisations(profiles, country)
    assert text.count("BEGIN:VCARD\r\n") == len(orgs) == text.count("END:VCARD\r\n")
    assert text.count("VERSION:4.0\r\n") == len(orgs)
    # CRLF everywhere: no bare LF, and the whole thing ends in CRLF.
    assert b"\n" not in raw.replace(b"\r\n", b"")
    assert raw.endswith(b"END:VCARD\r\n")
    # no line longer than 75 octets (folded)
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))


@pytest.mark.parametrize("country", COUNTRIES)
def test_cards_round_trip_through_vobject(country, profiles):
    parsed = list(vobject.readComponents(cards(country).decode("utf-8")))
    orgs = organisations(profiles, country)
    assert [c.fn.value for c in parsed] == [o.name for o in orgs]
    for card, org in zip(parsed, orgs):
        assert card.version.value == "4.0"
        emails = [e.value for e in card.contents.get("email", [])]
        assert emails == org.emails
        urls = [u.value for u in card.contents.get("url", [])]
        assert urls == [w if "://" in w else "http://" + w for w in org.websites]
        tels = [t.value for t in card.contents.get("tel", [])]
        dialable = [e164_from_printed(p) for p in org.phones]
        assert tels == [f"tel:{e}" for e in dialable if e]
        assert "Data as published in 2013" in card.note.value
        assert card.org.value == [org.name] or card.org.value == org.name


def test_france_cards_have_email_url_and_tel_lines():
    text = cards("france").decode("utf-8")
    lines = text.split("\r\n")
    assert any(line.startswith("EMAIL:") for line in lines)
    assert any(line.startswith("URL:") for line in lines)
    assert any(line.startswith("TEL;VALUE=uri;TYPE=voice:tel:+33") for line in lines)
    assert "EMAIL:ac.se@association-alc.org" in lines


def test_vcard_is_only_for_contacts():
    r = fiit("show", "france", "permits", "-f", "vcard")
    assert r.code == 2 and "vcard" in r.stderr
