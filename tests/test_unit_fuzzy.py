"""'Did you mean' from columns (fiit_cli.fuzzy) is difflib.get_close_matches, exactly."""

from __future__ import annotations

import difflib
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fiit_cli.fuzzy import Fuzzy, build, close_matches, token_of


def _names(words):
    return {w: f"id of {w}" for w in dict.fromkeys(words)}


@pytest.mark.parametrize("alphabet", ["abcde é", "abc", "xyz 0123456789", "aaaab", "çß ö"])
def test_the_columns_answer_as_difflib(alphabet):
    rng = random.Random(alphabet)
    for _ in range(4):
        words = list(_names("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
                            for _ in range(rng.randint(1, 300))))
        fuzzy = Fuzzy(build(_names(words), "t"))
        for _ in range(8):
            query = "".join(rng.choice(alphabet + "qz") for _ in range(rng.randint(1, 14)))
            for n in (1, 2, 6):
                for cutoff in (0.0, 0.6, 0.75, 1.0):
                    want = difflib.get_close_matches(query, words, n=n, cutoff=cutoff)
                    assert fuzzy.close_matches(query, n, cutoff) == want
                    assert close_matches(query, words, n, cutoff) == want
                    assert [fuzzy.value(w) for w in want] == [f"id of {w}" for w in want]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text("ab c1é", max_size=9), min_size=1, max_size=60),
       st.text("ab c1éx", min_size=1, max_size=9), st.integers(1, 6),
       st.sampled_from([0.0, 0.3, 0.6, 0.9, 1.0]))
def test_any_names_and_query(words, query, n, cutoff):
    words = list(dict.fromkeys(words))
    assert Fuzzy(build(_names(words))).close_matches(query, n, cutoff) == \
        difflib.get_close_matches(query, words, n=n, cutoff=cutoff)


def test_many_similar_names():
    """Thousands of names alike but for their digits, as the benchmark makes them."""
    words = [w for i in range(3000) for w in (f"country {i:05d}", f"land {i:05d}")]
    fuzzy = Fuzzy(build(_names(words)))
    for query in ("country 0003x", "land 1234", "contry 00012", "c", "country 00003"):
        assert fuzzy.close_matches(query, 6, 0.6) == \
            difflib.get_close_matches(query, words, n=6, cutoff=0.6)


def test_queries_it_leaves_to_difflib():
    fuzzy = Fuzzy(build(_names(["abc"])))
    assert fuzzy.close_matches("") is None
    assert fuzzy.close_matches("a" * 251) is None
    assert fuzzy.close_matches("a" * 250, 1, 0.0) == ["abc"]
    assert fuzzy.close_matches("abc", 0) is None
    assert fuzzy.close_matches("abc", 3, 1.5) is None  # (difflib refuses such a cutoff)


def test_difflibs_defaults_and_a_name_with_many_times_one_character():
    words = ["a" * 300, "a" * 249 + "b", "abc", "ab", "b" * 40]
    fuzzy = Fuzzy(build(_names(words)))
    for query in ("a" * 250, "a" * 200 + "b" * 50, "ab", "b" * 39 + "a"):
        assert fuzzy.close_matches(query) == difflib.get_close_matches(query, words)
    many = [f"name {i}" for i in range(10)]
    assert Fuzzy(build(_names(many))).close_matches("name x") == \
        difflib.get_close_matches("name x", many) == ["name 9", "name 8", "name 7"]


def test_an_empty_query_and_an_empty_name():
    """(A name of punctuation alone normalises to "", and so does such a query.)"""
    words = ["", "a", "ab"]
    for query in ("", "a"):
        for cutoff in (0.0, 0.6):
            assert close_matches(query, words, 3, cutoff) == \
                difflib.get_close_matches(query, words, 3, cutoff)


def test_no_names():
    assert Fuzzy(build({})).close_matches("abc", 3, 0.0) == []


def test_the_token_and_a_damaged_file():
    data = build(_names(["abc", "abd", "x"]), "build 7")
    assert token_of(data) == "build 7"
    assert token_of(b"something else\n") is None and token_of(b"") is None
    for damaged, message in ((data[:-1], "of the wrong size"), (data + b"\0", "of the wrong size"),
                             (b"fiit fuzzy 1 t\nab", "not a fuzzy index"),
                             (b"", "not a fuzzy index"), (b"nope\n\n\n", "not a fuzzy index")):
        with pytest.raises(ValueError, match=f"^(a fuzzy index )?{message}$"):
            Fuzzy(damaged)


def test_the_token_of_a_cut_or_damaged_head():
    """A first line cut before its end is no fuzzy index; a damaged token is still a token
    (one that matches no build), never an error."""
    assert token_of(b"fiit fuzzy 1 build 7") is None
    assert token_of(b"fiit fuzzy 1 build \xff7\nabc\n") == "build \ufffd7"
