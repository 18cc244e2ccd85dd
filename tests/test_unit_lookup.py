"""Name resolution as a caller meets it: exact messages, suggestions, dotted and odd names."""

from __future__ import annotations

from pathlib import Path

import pytest

from fiit_cli import lookup as L
from fiit_cli.loader import shipped_data_dir
from fiit_cli.lookup import (
    NOTICES,
    CountryIndex,
    CountryName,
    NameIndex,
    UnknownName,
    annex_index,
    get_section,
    lookup_section,
    normalise,
)

VALID_SECTIONS = ("permits, accommodation, health, legal, language, employment, challenges, "
                  "contacts, figures")
VALID_COUNTRIES = "belgium, france, hungary, italy, united-kingdom"


@pytest.fixture
def index():
    return CountryIndex(shipped_data_dir() / "countries")


@pytest.fixture(autouse=True)
def _no_notices():
    NOTICES.clear()
    yield
    NOTICES.clear()


@pytest.mark.parametrize("name, key", [
    ("België", "belgie"), ("U.K.", "uk"), ("  France ", "france"), ("united_kingdom",
                                                                       "united kingdom"),
    ("united--kingdom", "united kingdom"), ("a\t b_-c", "a b c"), ("MAGYARORSZÁG", "magyarorszag"),
    ("Straße", "strasse"), ("...", ""),
])
def test_normalise(name, key):
    assert normalise(name) == key


def test_unknown_section_message_with_a_suggestion():
    with pytest.raises(UnknownName) as exc:
        lookup_section("permitz")
    assert str(exc.value) == (f"unknown section 'permitz'. Did you mean 'permits'? "
                              f"Valid sections: {VALID_SECTIONS}.")
    assert exc.value.kind == "section" and exc.value.query == "permitz"
    assert exc.value.hint is None


def test_unknown_section_message_without_a_suggestion_or_hint_ends_with_the_list():
    with pytest.raises(UnknownName) as exc:
        lookup_section("xyz")
    assert str(exc.value) == f"unknown section 'xyz'. Valid sections: {VALID_SECTIONS}."
    assert not str(exc.value).endswith("None")


def test_unknown_country_messages(index):
    with pytest.raises(UnknownName) as exc:
        index.lookup("frnace")
    assert str(exc.value) == ("unknown country 'frnace'. Did you mean 'france'? "
                              f"Valid countries: {VALID_COUNTRIES}.")
    with pytest.raises(UnknownName) as exc:
        index.lookup("germany")
    assert str(exc.value) == f"unknown country 'germany'. Valid countries: {VALID_COUNTRIES}."
    assert exc.value.suggestions == [] and exc.value.valid == VALID_COUNTRIES.split(", ")


def test_a_long_list_of_valid_names_is_shortened():
    names = [f"c{i}" for i in range(31)]
    assert UnknownName("country", "xx", [], names[:30]).message() == (
        f"unknown country 'xx'. Valid countries: {', '.join(names[:30])}.")
    assert UnknownName("country", "xx", ["c7"], names).message() == (
        "unknown country 'xx'. Did you mean 'c7'? Valid countries: "
        f"{', '.join(names[:10])}, … (31 in all).")


def test_a_hint_is_appended_after_a_space():
    e = UnknownName("country", "xx", [], ["a"], hint="Try fiit countries.")
    assert e.message() == "unknown country 'xx'. Valid countries: a. Try fiit countries."
    e = UnknownName("thing", "xx", ["b", "c"], [])
    assert e.message() == "unknown thing 'xx'. Did you mean 'b' or 'c'? Valid things: (none found)."


def test_a_long_query_is_shortened_to_sixty_characters():
    e = UnknownName("country", "x" * 61, [], ["a"])
    assert e.message().startswith("unknown country '" + "x" * 57 + "...'.")
    e = UnknownName("country", "y" * 60, [], ["a"])
    assert e.message().startswith("unknown country '" + "y" * 60 + "'.")


@pytest.mark.parametrize("name", ["U.K.", "u.k", "UK", "GB", "Great Britain", "united kingdom"])
def test_dotted_and_other_names_of_the_uk(index, name):
    assert index.lookup(name) == "united-kingdom"
    assert index.get(name) == "united-kingdom"


def test_a_nation_of_the_uk_answers_as_the_uk_and_says_so_once(index):
    assert index.get("Wales") == "united-kingdom"
    assert index.get("wales") == "united-kingdom"
    assert NOTICES == ["Wales answers as the United Kingdom (united-kingdom): the toolkit "
                       "covers the whole country."]
    assert index.get("Cymru") == "united-kingdom"
    assert len(NOTICES) == 2


def test_a_plain_name_gives_no_notice(index):
    assert index.get("United Kingdom") == "united-kingdom"
    assert index.get("france") == "france"
    assert NOTICES == []


def test_empty_names_resolve_to_nothing(index):
    assert index.get("") is None and index.get("  ") is None and index.get("...") is None
    assert get_section("") is None


def test_suggestions():
    names = {"france": "france", "frankreich": "france", "italy": "italy", "italia": "italy"}
    assert L._suggest("frnace", names) == ["france"]  # one canonical id, however many names
    assert L._suggest("ital", names) == ["italy"]
    assert L._suggest("fra", names) == ["france"]  # a prefix of three letters or more
    assert L._suggest("fr", names) == []  # two letters are not enough for a prefix
    assert L._suggest("", names) == []
    assert L._suggest("zzzz", names) == []
    assert L._suggest("uni", {"united kingdom": "uk", "united states": "us"}) == ["uk"]
    assert L._suggest("un", {"united kingdom": "uk"}) == []
    # the six closest names are looked at, and the ids they stand for kept in that order
    close = {"abcdef": "a", "abcdeg": "a", "abcdeh": "a", "abcdxyz": "b"}
    assert L._suggest("abcde", close) == ["a", "b"]
    close = {f"abcde{c}": "a" for c in "fghijk"} | {"abcdxyz": "b"}
    assert L._suggest("abcde", close) == ["a"]
    many = {f"abcde{i}": f"id{i}" for i in range(5)}
    assert L._suggest("abcde", many) == ["id4", "id3"]  # two at most, by default
    assert L._suggest("abcde", many, n=3) == ["id4", "id3", "id2"]


def test_section_lookup_returns_the_info():
    info = lookup_section("Legal aid")
    assert (info.slug, info.heading) == ("legal", "Legal assistance")
    assert get_section("Access to residence permit").slug == "permits"
    assert get_section("nope") is None


def test_name_index_of_records():
    idx = NameIndex([CountryName("spain", "Spain", "ES", ("España",)),
                     CountryName("gb", "Britain", "GB", ())])
    assert idx.ids == ["spain", "gb"]
    assert idx.lookup("espana") == "spain" and idx.lookup("ES") == "spain"
    assert idx.get("Scotland") == "gb"  # the nations answer as whatever record is GB
    assert idx.index()["scotland"] == "gb"
    with pytest.raises(UnknownName) as exc:
        idx.lookup("spian")
    assert exc.value.suggestions == ["spain"] and exc.value.valid == ["spain", "gb"]
    no_uk = NameIndex([CountryName("spain", "Spain", "ES", ())])
    assert no_uk.get("Scotland") is None


def test_a_subdivision_record_answers_to_its_code_and_keeps_its_nation():
    idx = NameIndex([CountryName("uk", "United Kingdom", "GB", ()),
                     CountryName("scot", "Scotland", "GB-SCT", ())])
    assert idx.get("gb-sct") == idx.get("GB SCT") == idx.get("Scotland") == "scot"
    assert idx.get("gb") == "uk"
    assert NOTICES == []  # Scotland is its own record here, not the UK
    assert idx.get("Wales") == "uk" and len(NOTICES) == 1
    only = NameIndex([CountryName("scot", "Scotland", "GB-SCT", ())])
    assert only.get("England") is None  # a GB-… record is not the UK


def test_a_name_of_punctuation_only_never_answers_to_an_empty_query():
    idx = NameIndex([CountryName("dots", "...", "", ())])
    assert idx.get("") is None and idx.get("   ") is None


def test_the_first_record_keeps_a_shared_name():
    idx = NameIndex([CountryName("a", "Same", "AA", ()), CountryName("b", "Same", "", ("",))])
    assert idx.get("same") == "a"
    assert "" not in idx.index()


def test_annex_index():
    class C:
        def __init__(self, id, name, iso2, aliases):
            self.id, self.name, self.iso2, self.aliases = id, name, iso2, aliases

    class Annex:
        countries = [C("spain", "Spain", "ES", ["España"]), C("mt", "Malta", "MT", [])]

    idx = annex_index(Annex())
    assert [n.id for n in idx.names()] == ["spain", "mt"]
    assert idx.get("España") == "spain" and idx.get("mt") == "mt"
    assert idx.get("Malta") == "mt"  # by its name
    assert idx.get("es") == "spain"  # by its ISO code
    assert idx.names()[0].aliases == ("España",)


def test_country_index_reads_only_the_head(tmp_path: Path):
    d = tmp_path / "countries"
    d.mkdir()
    (d / "spain.yaml").write_text('id: spain\nname: "Spain"\niso2: ES\naliases: ["España", 7]\n'
                                  "permits:\n  - !!python/object:os.system ls\n",
                                  encoding="utf-8")
    (d / "broken.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    (d / "list.yaml").write_text("- a\n- b\n", encoding="utf-8")
    (d / "bare.yaml").write_text("id: bare\n", encoding="utf-8")
    (d / "notes.txt").write_text("not a profile", encoding="utf-8")
    idx = CountryIndex(d)
    assert idx.ids == ["bare", "broken", "list", "spain"]
    assert idx.path_for("spain") == d / "spain.yaml"
    spain = next(n for n in idx.names() if n.id == "spain")
    assert spain == CountryName("spain", "Spain", "ES", ("España", "7"), d / "spain.yaml")
    broken = next(n for n in idx.names() if n.id == "broken")
    assert broken == CountryName("broken", "broken", "", (), d / "broken.yaml")
    assert next(n for n in idx.names() if n.id == "list").name == "list"
    bare = next(n for n in idx.names() if n.id == "bare")
    assert (bare.name, bare.iso2, bare.aliases) == ("bare", "", ())
    assert idx.lookup("españa") == "spain" and idx.lookup("Spain") == "spain"
    assert idx.names() is idx.names()  # read once


def test_country_index_resolves_file_names_without_reading(tmp_path: Path, monkeypatch):
    d = tmp_path / "countries"
    d.mkdir()
    (d / "new-zealand.yaml").write_text("id: new-zealand\nname: Aotearoa\n", encoding="utf-8")
    idx = CountryIndex(d)
    monkeypatch.setattr(L, "_read_names", lambda p: pytest.fail("read a file"))
    assert idx.get("New Zealand") == "new-zealand"
    assert idx.get("new_zealand") == "new-zealand"


def test_a_missing_countries_directory_is_an_empty_index(tmp_path: Path):
    idx = CountryIndex(tmp_path / "nowhere")
    assert idx.ids == [] and idx.names() == []
    with pytest.raises(UnknownName) as exc:
        idx.lookup("france")
    assert str(exc.value) == "unknown country 'france'. Valid countries: (none found)."


def test_a_bom_does_not_hide_the_name(tmp_path: Path):
    d = tmp_path / "countries"
    d.mkdir()
    (d / "x.yaml").write_bytes("\ufeffname: Ruritania\niso2: RU\n".encode())
    assert CountryIndex(d).lookup("Ruritania") == "x"


@pytest.mark.parametrize("cached", [True, False])
def test_ids_are_the_files_stems(tmp_path: Path, monkeypatch, cached):
    """Every *.yaml file is a profile id, ".yaml" (no stem) included, as Path.stem says."""
    if not cached:
        monkeypatch.setenv("FIIT_NO_CACHE", "1")
    for name in ("ab.yaml", ".yaml", "x.yaml", "notes.txt"):
        (tmp_path / name).write_text("name: x\n", encoding="utf-8")
    assert CountryIndex(tmp_path).ids == [Path(n).stem for n in (".yaml", "ab.yaml", "x.yaml")]
    with pytest.raises(UnknownName) as exc:
        CountryIndex(tmp_path).lookup("zzzz")
    assert exc.value.valid == [".yaml", "ab", "x"]


@pytest.mark.parametrize("cached", [True, False])
def test_a_name_with_a_slash_is_never_a_file_in_a_subfolder(tmp_path: Path, monkeypatch,
                                                            cached):
    if not cached:
        monkeypatch.setenv("FIIT_NO_CACHE", "1")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "x.yaml").write_text("name: x\n", encoding="utf-8")
    (tmp_path / "y.yaml").write_text("name: y\n", encoding="utf-8")
    (tmp_path / "None.yaml").write_text("name: n\n", encoding="utf-8")  # (a profile may be)
    for name in ("sub/x", "Sub/X", "sub/x.yaml", "../y", "nowhere"):
        assert CountryIndex(tmp_path).get(name) is None, name
    assert CountryIndex(tmp_path).get("None") == "None"
