"""`fiit search`: full text, case- and accent-insensitive, ranked, located."""

import pytest
from conftest import fiit, table


def hits(*args):
    r = fiit("search", *args, "--format", "json")
    assert r.code == 0, r.stderr
    return r.json()


def test_language_courses_in_italy_finds_the_language_section():
    found = hits("language courses", "--country", "italy")
    assert found
    assert all(h["owner"] == "italy" for h in found)
    assert {h["section"] for h in found} == {"language"}
    assert found[0]["location"].startswith("Italy › Language courses › ")


@pytest.mark.parametrize("query, printed", [("surya", "Sürya"), ("SURYA", "Sürya"),
                                            ("acse", "Ac.Sé"), ("Ac.Sé", "Ac.Sé"),
                                            ("magyarorszag", "Magyarország"),
                                            ("klaipeda", "Klaipėda")])
def test_case_and_accents_do_not_matter(query, printed):
    found = hits(query, "-n", "50")
    assert any(printed in h["text"] for h in found)


def test_hits_say_where_they_are_and_mark_the_match():
    for h in hits("reflection period", "-n", "50"):
        assert h["location"]
        assert h["kind"] in {"profile", "practice", "hotline"}
        a, b = h["match"]
        assert 0 <= a < b <= len(h["snippet"])
        if h["kind"] == "profile":
            assert h["section"] and h["owner"]


def test_ranking_puts_names_and_exact_phrases_first():
    found = hits("Payoke")
    assert found[0]["field"].endswith(("name", "service")) or "actors" in found[0]["field"]
    scores = [h["score"] for h in found]
    assert scores == sorted(scores, reverse=True)


def test_section_filter_limits_to_profiles():
    found = hits("free of charge", "-s", "legal", "-n", "50")
    assert found and all(h["section"] == "legal" for h in found)


def test_country_filter_includes_hotlines_and_practices_of_that_country():
    kinds = {h["kind"] for h in hits("hungarian", "-c", "hungary", "-n", "200")}
    assert kinds == {"profile", "practice", "hotline"}


def test_annex_only_country():
    found = hits("mujer", "-c", "spain")
    assert [h["kind"] for h in found] == ["hotline"]


def test_limit():
    assert len(hits("victims", "-n", "3")) == 3


def test_table_highlights_the_match_without_colour():
    out = table("search", "surya", width=100).stdout
    assert "«Sürya»" in out or "«surya»" in out
    assert "Data as published in 2013" in out


def test_no_hit_is_not_an_error():
    r = fiit("search", "zzzqqq")
    assert r.code == 0
    assert fiit("search", "zzzqqq", "-f", "json").json() == []


@pytest.mark.parametrize("args, code, fragment", [
    (("search", "  ...  "), 2, "nothing to search for"),
    (("search", "x", "-c", "atlantis"), 2, "unknown country 'atlantis'"),
    (("search", "x", "-s", "shelterz"), 2, "unknown section 'shelterz'"),
    (("search", "x", "-n", "0"), 2, "--limit"),
])
def test_bad_search_input(args, code, fragment):
    r = fiit(*args)
    assert r.code == code
    assert fragment in r.stderr
    assert r.stderr.count("\n") == 1
