"""Country and section names as a user types them."""

import pytest

from fiit_cli.loader import shipped_data_dir as data_dir
from fiit_cli.lookup import SECTION_SLUGS, CountryIndex, UnknownName, get_section, lookup_section
from tests.helpers import COUNTRIES

INDEX = CountryIndex(data_dir() / "countries")


@pytest.mark.parametrize(
    "name, expected",
    [
        ("belgium", "belgium"), ("BELGIUM", "belgium"), ("be", "belgium"), ("Belgique", "belgium"),
        ("België", "belgium"), ("belgie", "belgium"),
        ("france", "france"), ("FR", "france"),
        ("italy", "italy"), ("it", "italy"), ("Italia", "italy"),
        ("hungary", "hungary"), ("hu", "hungary"), ("Magyarország", "hungary"),
        ("magyarorszag", "hungary"),
        ("united-kingdom", "united-kingdom"), ("United Kingdom", "united-kingdom"),
        ("uk", "united-kingdom"), ("GB", "united-kingdom"), ("U.K.", "united-kingdom"),
        ("united_kingdom", "united-kingdom"), ("  France ", "france"),
    ],
)
def test_country_names(name, expected):
    assert INDEX.lookup(name) == expected


def test_every_profile_is_indexed():
    assert sorted(INDEX.ids) == sorted(COUNTRIES)


def test_no_two_countries_share_a_name():
    from fiit_cli.lookup import normalise

    seen: dict[str, str] = {}
    offenders = []
    for n in INDEX.names():
        for name in {normalise(x) for x in (n.id, n.name, n.iso2, *n.aliases)}:
            if name in seen and seen[name] != n.id:
                offenders.append((name, seen[name], n.id))
            seen[name] = n.id
    assert offenders == []


@pytest.mark.parametrize("name", ["germany", "", "   ", "../../etc/passwd", "x" * 500])
def test_unknown_country_raises_naming_the_query(name):
    with pytest.raises(UnknownName) as exc:
        INDEX.lookup(name)
    assert exc.value.kind == "country"
    assert "Valid countries: belgium" in str(exc.value)


def test_misspelt_country_suggests():
    with pytest.raises(UnknownName) as exc:
        INDEX.lookup("frnace")
    assert exc.value.suggestions == ["france"]


@pytest.mark.parametrize(
    "name, slug",
    [
        ("permits", "permits"), ("residence", "permits"), ("reflection-period", "permits"),
        ("shelter", "accommodation"), ("Accommodation", "accommodation"),
        ("healthcare", "health"), ("psychosocial", "health"),
        ("legal", "legal"), ("legal aid", "legal"),
        ("language", "language"), ("courses", "language"),
        ("training", "employment"), ("professional integration", "employment"),
        ("challenges", "challenges"), ("Experiences and challenges", "challenges"),
        ("contacts", "contacts"), ("ngos", "contacts"),
        ("figures", "figures"), ("statistics", "figures"),
    ],
)
def test_section_aliases(name, slug):
    assert lookup_section(name).slug == slug


def test_section_slugs_follow_the_schema_order():
    from fiit_cli.models import CountryProfile

    fields = list(CountryProfile.model_fields)
    assert tuple(f for f in fields if f in SECTION_SLUGS) == SECTION_SLUGS
    assert [f for f in fields if f not in SECTION_SLUGS] == ["id", "name", "iso2", "aliases"]


def test_misspelt_section_suggests():
    assert get_section("permitz") is None
    with pytest.raises(UnknownName) as exc:
        lookup_section("permitz")
    assert exc.value.suggestions[0] == "permits"
