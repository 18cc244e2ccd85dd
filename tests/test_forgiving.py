"""Forgiving order and names: the line probably meant, and the UK's nations."""

from __future__ import annotations

import pytest

from tests.helpers import fiit


@pytest.mark.parametrize("args, hint", [
    (("show", "permits", "france"), "did you mean: fiit show france permits"),
    (("show", "shelter", "legal", "be"), "did you mean: fiit show be shelter legal"),
    (("france",), "did you mean: fiit show france"),
    (("france", "permits"), "did you mean: fiit show france permits"),
    (("compare", "france", "hungary", "permits"),
     "did you mean: fiit compare france hungary -s permits"),
    (("compare", "fr", "hu", "-s", "legal", "permits"),
     "did you mean: fiit compare fr hu -s legal -s permits"),
])
def test_the_line_meant(args, hint):
    r = fiit(*args)
    assert r.code == 2
    assert r.stdout == ""
    assert hint in r.stderr.lower()
    assert r.stderr.count("\n") == 1


@pytest.mark.parametrize("args", [("show", "france", "permits"), ("compare", "fr", "hu"),
                                  ("search", "france"), ("show", "france")])
def test_right_order_is_untouched(args):
    r = fiit(*args)
    assert r.code == 0, r.stderr
    assert "did you mean" not in r.stderr.lower()


def test_unknown_words_keep_their_usual_error():
    r = fiit("narnia")
    assert r.code == 2 and "No such command 'narnia'" in r.stderr
    r = fiit("show", "permits", "narnia")
    assert r.code == 2 and "unknown country 'permits'" in r.stderr


@pytest.mark.parametrize("name", ["England", "scotland", "Wales", "Northern Ireland"])
def test_uk_nations_answer_as_the_united_kingdom(name):
    r = fiit("show", name, "permits", "-f", "json")
    assert r.code == 0, r.stderr
    assert r.json()["id"] == "united-kingdom"
    assert r.stderr.count(f"{name.title()} answers as the United Kingdom") == 1


def test_uk_nation_said_once_even_when_named_twice():
    r = fiit("compare", "england", "france", "-s", "legal", "-f", "json")
    assert r.code == 0, r.stderr
    assert r.stderr.count("England answers as the United Kingdom") == 1
    for args in (("hotline", "wales"), ("brief", "scotland"), ("find", "shelter", "-c",
                                                                    "england")):
        r = fiit(*args, "-f", "json")
        assert r.code == 0, r.stderr
        assert r.stderr.count("answers as the United Kingdom") == 1, args


def test_uk_names_are_not_a_notice():
    r = fiit("show", "uk", "permits", "-f", "json")
    assert "answers as" not in r.stderr
