"""Phone numbers as a caller meets them: readable forms, validity, E.164 from print."""

from __future__ import annotations

import pytest

from fiit_cli.phones import e164_from_printed, international, is_valid


@pytest.mark.parametrize("e164, shown", [
    ("+3680205520", "+36 80 205 520"),
    ("+442079460958", "+44 20 7946 0958"),
    ("+390644234440", "+39 06 4423 4440"),
])
def test_international_form(e164, shown):
    assert international(e164) == shown


@pytest.mark.parametrize("text", ["abc", "12", "", "+"])
def test_a_number_that_does_not_parse_is_shown_as_given(text):
    assert international(text) == text


def test_validity():
    assert is_valid("+3680205520") is True
    assert is_valid("+999 123") is False  # parses, not a number anywhere
    assert is_valid("abc") is False  # does not parse at all: invalid, not an error
    assert is_valid("") is False


@pytest.mark.parametrize("printed, e164", [
    ("+32 (0) 22123000", "+3222123000"),  # the (0) trunk marker is dropped
    ("+36 80 205 520", "+3680205520"),
    ("+39 06 4423 4440", "+390644234440"),  # Italian numbers keep their leading zero
    ("+44 (0)20 7946 0958", "+442079460958"),
    ("+36 (0) 1 336 6666", "+3613366666"),  # Hungary: with the 0 it is not a number
    ("+1 800 FLOWERS", None),  # letters are not digits
    ("12", None), ("abc", None), ("", None), ("+999 123", None),
])
def test_e164_from_printed(printed, e164):
    assert e164_from_printed(printed) == e164
