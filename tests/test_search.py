"""`fiit search`: full text, case- and accent-insensitive, ranked, located."""

import re

import pytest

from tests.helpers import fiit, table


def hits(*args):
    r = fiit("search", *args, "--format", "json")
    assert r.code == 0, r.stderr
    return r.json()


def test_language_courses_in_italy_finds_the_language_section():
    found = hits("language courses", "--country", "italy")
    assert found
    assert all(h["owner"] == "italy" for h in found)
    # since-2013 records on Italy's language courses may match too; they sit under "Since 2013"
    toolkit = [h for h in found if h["kind"] != "update"]
    assert {h["section"] for h in toolkit} == {"language"}
    assert all(h["area"] == "Since 2013" for h in found if h["kind"] == "update")
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
        assert h["kind"] in {"profile", "practice", "hotline", "update"}
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
    assert kinds == {"profile", "practice", "hotline", "update"}  # update: since 2013


def test_annex_only_country():
    found = hits("mujer", "-c", "spain")
    assert {h["kind"] for h in found} == {"hotline", "update"}
    assert found[0]["kind"] == "hotline"  # the toolkit's annex first
    assert all(h["owner"] in ("spain",) or h["kind"] == "update" for h in found)


def test_limit():
    assert len(hits("victims", "-n", "3")) == 3


def test_table_highlights_the_match_without_colour():
    out = table("search", "surya", width=100).stdout
    assert "«Sürya»" in out or "«surya»" in out
    assert "Data as published in 2013" in out


def test_no_hit_exits_1_as_grep_does():
    r = fiit("search", "zzzqqq")
    assert r.code == 1
    assert r.stdout == ""
    assert r.stderr == "fiit: no hits for “zzzqqq”.\n"
    assert fiit("search", "zzz").code == 1


def test_no_hit_suggests_the_closest_words_in_the_data():
    r = fiit("search", "accomodation")
    assert r.code == 1
    assert "Closest words in the data: accommodation" in r.stderr


def test_several_words_without_quotes():
    assert hits("language", "courses", "-c", "italy") == hits("language courses", "-c", "italy")


@pytest.mark.parametrize("query, found", [("minors", "minor"), ("minor", "minors"),
                                          ("nigerian", "Nigeria"), ("victim", "victims"),
                                          ("train", "training"), ("training", "trained")])
def test_word_forms(query, found):
    texts = [h["text"] for h in hits(query, "--all")]
    assert any(re.search(rf"\b{found}\b", t, re.I) for t in texts), (query, found)


def test_nigerian_finds_belgium_and_france_figures():
    found = hits("nigerian", "--all")
    places = {h["location"] for h in found}
    assert "Belgium › Figures › Main countries of origin" in places
    assert "France › Figures › Main countries of origin" in places


def test_true_number_of_hits_even_when_only_the_first_are_shown():
    every = hits("victims", "--all")
    assert len(every) > 20
    out = table("search", "victims", width=120).stdout
    assert f"20 of {len(every)} hits for “victims”" in out
    assert f"5 of {len(every)} hits" in table("search", "victims", "-n", "5", width=120).stdout


def test_hits_are_located_in_words_with_the_command_that_opens_them():
    found = hits("6 months, renewable", "-c", "france", "-s", "shelter")
    assert found[0]["location"] == "France › Accommodation › Mainstream structures › Period of stay"
    assert found[0]["open"] == "fiit show france accommodation"
    web = hits("www.italy.iom.int", "-c", "italy")
    assert web[0]["location"] == ("Italy › Contacts › INTERNATIONAL ORGANIZATIONS › "
                                  "INTERNATIONAL ORGANIZATION FOR MIGRATION (IOM) › Website")
    practice = hits("payoke", "--kind", "practice")[0]
    assert practice["open"] == f"fiit practice {practice['owner']}"
    assert hits("mujer", "-c", "spain")[0]["open"] == "fiit hotline spain"
    out = table("search", "iom.int", "-c", "italy", width=120).stdout
    assert "fiit show italy contacts" in out


def test_notes_about_the_2013_text_are_hits_only_with_notes():
    # A print note of Italy's permits (the Convention's year) is not a fact.
    assert fiit("search", "adopted in 2005", "-c", "italy").code == 1
    with_notes = hits("adopted in 2005", "-c", "italy", "--notes")
    assert with_notes and all(h["note"] for h in with_notes)
    assert "Print note" in with_notes[0]["location"]


def test_kind_filter():
    assert {h["kind"] for h in hits("trafficking", "--kind", "hotline", "--all")} == {"hotline"}
    assert {h["kind"] for h in hits("trafficking", "-k", "practice", "-k", "hotline",
                                    "--all")} == {"practice", "hotline"}
    r = fiit("search", "x", "--kind", "book")
    assert r.code == 2 and "unknown kind 'book'" in r.stderr


def test_since_2013_records_are_found_and_labelled(tmp_path):
    (tmp_path / "updates").mkdir()
    (tmp_path / "updates" / "italy.yaml").write_text('''updates:
  - id: "test-it-search"
    country: "italy"
    concerns:
      section: "legal"
    kind: "new"
    topic: "law"
    title: "TEST quokkaword record"
    now: "A TEST record that exists only in fiit's tests."
    sources:
      - url: "https://example.org/test"
        title: "Test page"
        publisher: "Example"
    checked: "2025-01-15"
''', encoding="utf-8")
    r = fiit("search", "quokkaword", "-f", "json", env={"FIIT_LOCAL_DIR": str(tmp_path)})
    assert r.code == 0, r.stderr
    found = r.json()
    assert found[0]["kind"] == "update"
    # a local record (the layer is FIIT_LOCAL_DIR) says so (issue 22, item 8)
    assert found[0]["location"] == "Italy › Since 2013 (local record) › TEST quokkaword record"
    assert found[0]["open"] == "fiit updates italy"
    assert fiit("search", "quokkaword", "--as-printed",
                env={"FIIT_LOCAL_DIR": str(tmp_path)}).code == 1


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


@pytest.mark.parametrize("args", [
    ["minors"], ["minor", "-n", "50"], ["shelter", "minors", "--all"], ["nigerian"],
    ["hungary", "--kind", "update"], ["page", "--notes", "-n", "30"], ["page"],
    ["trafficking", "-c", "hungary", "-k", "update", "-k", "hotline"],
    ["free", "of", "charge", "-s", "legal", "-n", "3"], ["zzzqqq"], ["shelterz"],
])
def test_the_search_index_answers_as_the_plain_search(args):
    """With the cache (the search index) and without (every field built and searched): the
    same output, exit code and suggestions."""
    indexed = fiit("search", *args, "--format", "json")
    plain = fiit("search", *args, "--format", "json", env={"FIIT_NO_CACHE": "1"})
    assert (indexed.code, indexed.stdout, indexed.stderr) == \
        (plain.code, plain.stdout, plain.stderr)


def test_the_english_stemmer_alone_is_snowballs():
    """The stemmer imported alone (fast) stems as snowballstemmer.stemmer('english') does."""
    import snowballstemmer

    from fiit_cli import search as s

    s._stemmer.cache_clear()
    alone = s._stemmer()
    whole = snowballstemmer.stemmer("english")
    for word in ("minors", "training", "nigeria", "accommodation", "countries", "trafficked"):
        assert alone.stemWord(word) == whole.stemWord(word)
