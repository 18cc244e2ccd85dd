"""Search on a small fixed corpus built here: ranking, snippets and their markers, word forms,
and the fields a profile, a practice, a hotline and a since-2013 record offer."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fiit_cli import search as S
from fiit_cli.loader import load_hotlines, load_practices, load_profile, shipped_data_dir
from fiit_cli.lookup import SECTIONS
from fiit_cli.records import Record
from fiit_cli.search import (
    Field,
    Hit,
    fold,
    fold_query,
    located,
    match,
    quick_fold,
    search,
    stem,
    suggestions,
    words,
)
from tests.helpers import strings


def F(path: str, text: str, **kw) -> Field:
    return Field("profile", "x", "X", "Area", "permits", path, text, **kw)


def size_bonus(text: str) -> float:
    return 0.3 / (1 + len(text) / 100)


CORPUS = [
    F("notes[0]", "The shelter for women in Milan"),
    F("organisations[0].name", "Shelter Milan"),
    F("notes[1]", "shelters are rare"),
    F("notes[2]", "Milan has a women shelter"),
    F("notes[3]", "Sheltered housing"),
    F("notes[4]", "Milanshelter"),
]


def test_ranking_names_first_then_whole_words_then_shorter_fields():
    found = search(CORPUS, "shelter")
    assert [h.field.path for h in found] == ["organisations[0].name", "notes[2]", "notes[0]",
                                             "notes[4]", "notes[1]", "notes[3]"]
    by = {h.field.path: h for h in found}
    assert by["organisations[0].name"].score == 3.0 + 0.5 + size_bonus("Shelter Milan")
    assert by["notes[2]"].score == 3.0 + size_bonus(CORPUS[3].text)  # a whole word
    assert by["notes[1]"].score == 2.5 + size_bonus(CORPUS[2].text)  # part of a word
    assert by["notes[4]"].score == 2.5 + size_bonus("Milanshelter")
    assert (by["notes[4]"].start, by["notes[4]"].end) == (5, 12)


def test_words_that_appear_apart_in_a_field():
    found = search(CORPUS, "shelter milan")
    assert [h.field.path for h in found] == ["organisations[0].name", "notes[4]", "notes[2]",
                                             "notes[0]"]
    by = {h.field.path: h for h in found}
    assert by["organisations[0].name"].score == 3.5 + size_bonus("Shelter Milan")
    assert by["notes[0]"].score == 1.0 + size_bonus(CORPUS[0].text)
    assert (by["notes[0]"].start, by["notes[0]"].end) == (4, 11)  # the first word is marked
    assert (by["notes[2]"].start, by["notes[2]"].end) == (18, 25)


def test_limit_and_no_query():
    assert len(search(CORPUS, "shelter", limit=2)) == 2
    assert len(search(CORPUS, "shelter", limit=None)) == 6
    assert len(search(CORPUS, "shelter", limit=0)) == 6  # no limit
    assert search(CORPUS, "") == [] and search(CORPUS, " .,") == []
    assert match(CORPUS[0], fold_query("...")) is None


@pytest.mark.parametrize("path, bonus", [("name", 0.5), ("a.title", 0.5), ("x[0].service", 0.5),
                                         ("heading", 0.5), ("title[2]", 0.5), ("groups[0].organisations[1].name",
                                                            0.5), ("names[0]", 0.0),
                                         ("notes[0]", 0.0), ("name_note", 0.0)])
def test_name_bonus(path, bonus):
    assert S._bonus(F(path, "x" * 100)) == bonus + 0.15


def test_squashed_match_ignores_punctuation_inside_words():
    hit = match(F("a", "Call Ac.Sé now"), fold_query("acse"))
    assert hit.score == 2.0 + size_bonus("Call Ac.Sé now")
    assert "Call Ac.Sé now"[hit.start:hit.end] == "Ac.Sé"
    hit = match(F("a", "Ac.Sé, then Ac.Sé"), fold_query("acse"))
    assert (hit.start, hit.end) == (0, 5)  # the first, even at the very start
    hit = match(F("a", "women in Milan and women"), fold_query("women milan"))
    assert (hit.start, hit.end) == (0, 5)  # words apart: the first of the first word


def test_a_stem_ending_in_i_finds_the_y_form():
    assert match(F("a", "a big city"), fold_query("cities")) is not None
    assert S._stem_hint("citi") == "cit"


def test_word_forms():
    hit = match(F("a", "Victims from Nigeria"), fold_query("nigerian"))
    assert hit.score == 0.9 + size_bonus("Victims from Nigeria")
    assert (hit.start, hit.end) == (13, 20)
    hit = match(F("a", "countries of origin"), fold_query("country"))
    assert (hit.start, hit.end) == (0, 9)
    hit = match(F("a", "help for minors in training"), fold_query("train minor"))
    assert hit.score == 1.0 + size_bonus("help for minors in training")
    assert match(F("a", "countries of origin"), fold_query("country return")) is None
    text = "training in each country"  # several words, each found in another form only
    hit = match(F("a", text), fold_query("trainings countries"))
    assert hit.score == 0.9 + size_bonus(text) and (hit.start, hit.end) == (0, 8)
    assert stem("nigerian") == "nigeria" and stem("albanian") == "albania"
    assert stem("ian") == "ian" and stem("asian") == "asian"  # short words keep their -ian
    assert stem("training") == "train" and stem("countries") == "countri"
    assert S._stem_hint("countri") == "countr" and S._stem_hint("abi") == "abi"
    assert S._stem_hint("train") == "train"


@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet="aAbeéEÉ́ßsSİi_-.' \n1²", max_size=12),
       query=st.text(alphabet="abeésSßİi1²_ .", max_size=5))
def test_the_pre_filter_is_quick_folds(text, query):
    """match's pre-filter, worked out without quick_fold's texts, says what they say."""
    _, squashed_q, terms = fold_query(query)
    stems = [stem(t) for t in terms]
    spaced, squashed = quick_fold(text)
    assert S._may_match(text, squashed_q, terms, stems) == (
        squashed_q in squashed or all(t in spaced for t in terms)
        or all(S._stem_hint(x) in spaced for x in stems))
    assert S._in_spaced("a b", "a.b") and not S._in_spaced("a b", "ab")  # (not a word)


def test_a_match_at_a_word_start_is_preferred():
    assert S._word_find("reshelter shelter", "shelter") == 10
    assert S._word_find("reshelter", "shelter") == 2
    assert S._word_find("abc", "x") == -1
    assert S._word_find("shelter shelter", "shelter") == 0
    assert S._word_find("xshelter yshelter", "shelter") == 1  # none at a word start: the first
    assert S._word_find("xshelter shelter", "shelter") == 9
    assert S._word_find("xshelter shelter yshelter", "shelter") == 9
    assert S._whole_word("a shelter b", 2, 7) and S._whole_word("shelter", 0, 7)
    assert not S._whole_word("a shelters", 2, 7) and not S._whole_word("ashelter", 1, 7)


def test_folding_keeps_a_map_to_the_printed_text():
    assert fold("Ac.Sé  x") == ("ac se x", [0, 1, 2, 3, 4, 5, 7])
    assert fold("Ac.Sé", squash=True) == ("acse", [0, 1, 3, 4])
    assert fold(" .a") == ("a", [2])  # no leading space
    assert fold("Straße")[0] == "strasse"
    assert fold("ﬁle") == ("file", [0, 0, 1, 2])  # a ligature is two letters
    assert fold("\u0301") == ("", [])  # a lone accent is nothing
    assert fold_query(" Ac.Sé  Foo ") == ("ac se foo", "acsefoo", ["ac", "se", "foo"])
    assert quick_fold("Ac.Sé_Foo") == ("ac se foo", "acsefoo")
    assert quick_fold("plain-TEXT") == ("plain text", "plaintext")


# ---------------------------------------------------------------- snippets


def test_a_short_text_is_its_own_snippet():
    text = "x" * 90
    assert Hit(F("p", text), 1, 3, 5).snippet() == (text, 3, 5)


def test_a_long_text_is_trimmed_on_word_boundaries_with_markers():
    text = "word " * 30 + "MATCH" + " word" * 30
    at = text.index("MATCH")
    snippet, a, b = Hit(F("p", text), 1, at, at + 5).snippet()
    assert snippet == "…" + "word " * 8 + "MATCH" + " word" * 8 + "…"
    assert snippet[a:b] == "MATCH"


def test_a_match_near_the_start_or_the_end_has_one_marker():
    text = "MATCH" + " word" * 40
    snippet, a, b = Hit(F("p", text), 1, 0, 5).snippet()
    assert snippet == "MATCH" + " word" * 8 + "…" and (a, b) == (0, 5)
    text = "word " * 40 + "MATCH"
    at = text.index("MATCH")
    snippet, a, b = Hit(F("p", text), 1, at, at + 5).snippet()
    assert snippet == "…" + "word " * 8 + "MATCH" and snippet[a:b] == "MATCH"


def test_a_match_near_the_edges_is_not_trimmed_there():
    text = "ab MATCH" + " word" * 40  # room to spare before the match: nothing cut
    snippet, a, b = Hit(F("p", text), 1, 3, 8).snippet()
    assert snippet == "ab MATCH" + " word" * 8 + "…" and snippet[a:b] == "MATCH"
    text = "word " * 40 + "MATCH tail"  # nor after it
    at = text.index("MATCH")
    snippet, a, b = Hit(F("p", text), 1, at, at + 5).snippet()
    assert snippet == "…" + "word " * 8 + "MATCH tail" and snippet[a:b] == "MATCH"


def test_a_snippet_starting_at_the_second_character():
    text = "ab " + "c" * 40 + "MATCH" + " word" * 30  # the window starts at 1: cut at the space
    snippet, a, b = Hit(F("p", text), 1, 43, 48).snippet()
    assert snippet == "…" + "c" * 40 + "MATCH" + " word" * 8 + "…" and snippet[a:b] == "MATCH"
    text = "a" + "b" * 42 + "MATCH" + " word" * 30  # no space: cut at 1, marked
    snippet, a, b = Hit(F("p", text), 1, 43, 48).snippet()
    assert snippet == "…" + "b" * 42 + "MATCH" + " word" * 8 + "…" and snippet[a:b] == "MATCH"


def test_a_text_without_spaces_is_cut_where_it_must():
    text = "y" * 200
    snippet, a, b = Hit(F("p", text), 1, 100, 110).snippet()
    assert snippet == "…" + "y" * 90 + "…" and (a, b) == (41, 51)


def test_a_match_longer_than_the_snippet_is_kept_whole():
    text = "a " + "z" * 100 + " b"
    snippet, a, b = Hit(F("p", text), 1, 2, 102).snippet()
    assert snippet == "…" + "z" * 100 + "…" and snippet[a:b] == "z" * 100


# ---------------------------------------------------------------- suggestions, locations


def test_suggestions_for_a_search_without_a_hit():
    fields = [F("a", "shelter accommodation for women"), F("b", "Shelters")]
    assert suggestions(fields, "sheltr acomodation wmn") == ["shelter", "shelters",
                                                             "accommodation"]
    assert suggestions(fields, "sheltr acomodation", n=1) == ["shelter"]
    assert suggestions(fields, "shelter") == ["shelters"]  # never the word itself
    assert suggestions(fields, "for") == []  # words of two letters or fewer are not offered
    assert suggestions([F("a", "to be")], "tox") == []
    assert suggestions([F("a", "the cat")], "cats") == ["cat"]  # three letters: offered
    many = [F("a", "shelter shelters sheltered shelterx")]
    assert len(suggestions(many, "sheltr", n=4)) == 4
    assert suggestions([F("a", "shelf")], "sheltr") == []  # not close enough


def test_located_names_every_string_in_words():
    record = {"name": "IOM", "phones": ["1", "2"], "period_of_stay": "3 months",
              "stages": [{"name": "Reflection", "duration": "30 days"}],
              "conditions": [{"label": "Either:", "items": ["a"]}, {"items": ["b"]}],
              "notes": ["n", ""], "print_notes": [{"printed": "x", "note": "y"}],
              "items": ["i"], "count": 3}
    assert list(located(record)) == [
        ("name", "Name", "IOM"), ("phones[0]", "Tel", "1"), ("phones[1]", "Tel", "2"),
        ("period_of_stay", "Period of stay", "3 months"),
        ("stages[0].name", "Reflection", "Reflection"),
        ("stages[0].duration", "Reflection › Duration", "30 days"),
        ("conditions[0].label", "Conditions › Either › Label", "Either:"),
        ("conditions[0].items[0]", "Conditions › Either", "a"),
        ("conditions[1].items[0]", "Conditions › Or", "b"),
        ("notes[0]", "Note", "n"),
        ("print_notes[0].printed", "Print note › As printed", "x"),
        ("print_notes[0].note", "Print note › Note", "y"),
        ("items[0]", "", "i"),
    ]
    assert list(located({"conditions": [{"items": ["only"]}]})) == [
        ("conditions[0].items[0]", "Conditions", "only")]
    assert [place for _, place, _ in located({"conditions": [
        {"items": ["a"]}, {"label": "If X:", "items": ["b"]}]})] == [
        "Conditions › Either", "Conditions › If X › Label", "Conditions › If X"]
    assert list(located({"a": {"b": {"name": "X"}}})) == [("a.b.name", "A › B", "X")]
    assert list(S.strings({"a": {"b": "c"}})) == [("a.b", "c")]
    assert list(S.strings({"a": "c"}, "root")) == [("root.a", "c")]
    assert list(located("top", "p", ("A",))) == [("p", "A", "top")]
    assert words("period_of_stay") == "Period of stay" and words("phones") == "Tel"


def test_a_field_says_where_it_is():
    f = Field("profile", "it", "Italy", "Legal assistance", "legal", "providers[0]", "t",
              "Provided by")
    assert f.location == "Italy › Legal assistance › Provided by"
    assert F("notes[0]", "t").location == "X › Area › notes[0]"
    assert Field("hotline", "", "", "Hotlines", None, "", "t").location == "Hotlines"


# ---------------------------------------------------------------- the corpus


def leaves(obj):
    """Every non-empty string in a record, with its path."""
    return ((path, text) for path, text in strings(obj) if text)


@pytest.fixture(scope="module")
def italy():
    return load_profile(shipped_data_dir() / "countries" / "italy.yaml")


def test_every_string_of_a_section_is_searchable_but_bare_yes_no(italy):
    for info in SECTIONS:
        data = getattr(italy, info.slug).model_dump(mode="json")
        expected = [p for p, t in leaves(data) if t not in ("not stated", "yes", "no", "partly")]
        got = [f.path for f in S.profile_fields(italy, [info.slug])]
        assert got == expected, info.slug
    fields = list(S.profile_fields(italy, ["legal"]))
    assert {(f.kind, f.owner, f.owner_name, f.area, f.section, f.command) for f in fields} == {
        ("profile", "italy", "Italy", "Legal assistance", "legal", "fiit show italy legal")}
    assert [f.note for f in fields] == [S._is_note(f.path) for f in fields]
    assert any(f.note for f in S.profile_fields(italy))
    assert {f.section for f in S.profile_fields(italy)} == {s.slug for s in SECTIONS}
    assert {f.section for f in S.profile_fields(italy, ["legal", "health"])} == {"legal",
                                                                                 "health"}


def test_notes_about_the_text_are_marked():
    assert S._is_note("print_notes[0].note") and S._is_note("remarks[1]")
    assert S._is_note("a.remarks[0]") and not S._is_note("notes[0]")


def test_practice_and_hotline_fields():
    practices = load_practices()
    p = practices.practices[0]
    fields = list(S.practice_fields(practices))
    mine = [f for f in fields if f.owner == p.id]
    assert mine and all(f.kind == "practice" and f.area == p.title for f in mine)
    assert mine[0].owner_name == "Successful practice"
    assert mine[0].command == f"fiit practice {p.id}"
    assert not {f.path for f in fields} & {"id", "theme", "country"}
    assert [f.note for f in fields] == [S._is_note(f.path) for f in fields]
    assert any(f.note for f in fields) and not all(f.note for f in fields)
    assert next(f for f in mine if f.path == "title").place == "Title"
    annex = load_hotlines()
    fields = list(S.hotline_fields(annex))
    c = annex.countries[0]
    mine = [f for f in fields if f.owner == c.id]
    assert mine[0].owner_name == c.name and mine[0].area == "Hotlines (annex)"
    assert mine[0].command == f"fiit hotline {c.id}" and mine[0].kind == "hotline"
    assert not {f.path for f in fields} & {"id", "iso2", "profile"}
    assert any(f.path == "name" for f in fields)
    assert [f.note for f in fields] == [S._is_note(f.path) for f in fields]
    assert any(f.note for f in fields)
    assert next(f for f in fields if f.path.endswith("].service")).place


def test_update_fields():
    r = Record({"id": "fr-1", "country": "france", "title": "New hotline", "now": "Call 123",
                "phones": ["123"], "emails": ["a@x.fr"], "websites": ["www.x.fr"],
                "kind": "new"})
    fields = list(S.update_fields([r], {"france": "France"}))
    assert [(f.path, f.place, f.text) for f in fields] == [
        ("fr-1.title", "New hotline", "New hotline"),
        ("fr-1.now", "New hotline › Now", "Call 123"),
        ("fr-1.phones[0]", "New hotline › Tel", "123"),
        ("fr-1.emails[0]", "New hotline › Email", "a@x.fr"),
        ("fr-1.websites[0]", "New hotline › Website", "www.x.fr")]
    assert {(f.kind, f.owner, f.owner_name, f.area, f.command, f.note) for f in fields} == {
        ("update", "france", "France", "Since 2013", "fiit updates france", False)}
    assert list(S.update_fields([r], {}))[0].owner_name == "france"
