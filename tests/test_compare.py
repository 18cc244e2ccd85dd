"""`fiit compare` and `fiit overview` as a user meets them."""

import pytest

from fiit_cli.lookup import SECTION_SLUGS
from tests.helpers import COUNTRIES, check_golden, fiit, table, too_wide


@pytest.mark.parametrize("width", [40, 80, 200])
@pytest.mark.parametrize("section", SECTION_SLUGS)
def test_compare_golden(section, width):
    r = table("compare", "belgium", "italy", "--section", section, width=width)
    assert r.code == 0, r.stderr
    assert r.stderr == ""
    check_golden(f"compare_belgium_italy_{section}_{width}.txt", r.stdout)
    assert too_wide(r.stdout, width) == []
    assert "…" not in r.stdout


@pytest.mark.parametrize("width", [40, 80, 200])
def test_overview_golden(width):
    r = table("overview", width=width)
    assert r.code == 0, r.stderr
    check_golden(f"overview_{width}.txt", r.stdout)
    assert too_wide(r.stdout, width) == []


def test_accommodation_at_80_is_side_by_side_and_aligned():
    out = table("compare", "belgium", "italy", "-s", "accommodation", width=80).stdout
    header = next(line for line in out.splitlines() if "Belgium" in line and "Italy" in line)
    assert header.index("Belgium") < header.index("Italy")
    for group in ["Specialised (VoT-specific) structures", "Mainstream structures",
                  "who is accepted"]:
        assert group in out
    # A row where the countries differ is marked without colour (NO_COLOR is set).
    assert any(line.lstrip().startswith("≠ Mixed or not") for line in out.splitlines())
    assert any(line.lstrip().startswith("Available") for line in out.splitlines())


def test_narrow_terminal_stacks_countries_instead_of_crushing_columns():
    out = table("compare", "belgium", "italy", "-s", "legal", width=40).stdout
    lines = out.splitlines()
    assert not any("Belgium" in line and "Italy" in line for line in lines)
    assert any(line.strip().startswith("Belgium:") for line in lines)
    assert any(line.strip().startswith("Italy:") for line in lines)


def test_five_countries_at_80_columns_stack():
    out = table("compare", "--all", "-s", "challenges", width=80).stdout
    for name in ["Belgium:", "France:", "Italy:", "Hungary:", "United Kingdom:"]:
        assert name in out


def test_no_not_stated_and_not_applicable_look_different():
    out = table("compare", "belgium", "hungary", "-s", "permits", width=200).stdout
    # Hungary has no long-term stage in its table; Belgium has one.
    assert "– not applicable" in out
    out = table("compare", "france", "belgium", "-s", "challenges", width=200).stdout
    assert "✗ no" in out
    out = table("overview", width=200).stdout
    assert "? not stated" in out


def test_permits_rows_align_stages_by_kind():
    data = fiit("compare", "fr", "hu", "uk", "-s", "permits", "-f", "json").json()
    rows = data["sections"][0]["rows"]
    reflection = next(r for r in rows if r["group"] == "Reflection stage"
                      and r["label"] == "Duration")
    assert reflection["values"]["france"]["lines"] == ["30 days non renewable"]
    assert reflection["values"]["hungary"]["lines"] == ["30 days renewable"]
    assert reflection["differs"] is True
    groups = [r["group"] for r in rows if r["group"]]
    assert groups.index("Reflection stage") < groups.index("Temporary stage")


def test_compare_json_structure():
    data = fiit("compare", "belgium", "italy", "-s", "accommodation", "-s", "legal",
                "--format", "json").json()
    assert data["countries"] == [{"id": "belgium", "name": "Belgium"},
                                 {"id": "italy", "name": "Italy"}]
    assert [s["section"] for s in data["sections"]] == ["accommodation", "legal"]
    for section in data["sections"]:
        for row in section["rows"]:
            assert set(row) == {"group", "label", "differs", "values"}
            assert set(row["values"]) == {"belgium", "italy"}
            for v in row["values"].values():
                assert v["kind"] in {"value", "no", "not stated", "not applicable", "empty"}
                if v["kind"] == "empty":  # only our own (editorial) notes can be empty
                    assert row["label"] == "Notes" and v["lines"] == []
                assert isinstance(v["lines"], list)
            # a final full stop or the spacing alone is no difference (issue 21)
            kinds_and_lines = {(v["kind"], tuple(" ".join(x.split()).rstrip(" .;,:")
                                                 for x in v["lines"]))
                               for v in row["values"].values()}
            assert row["differs"] == (len(kinds_and_lines) > 1)


def test_compare_markdown_is_a_table_to_paste():
    out = fiit("compare", "belgium", "italy", "-s", "legal", "-f", "markdown").stdout
    lines = out.splitlines()
    assert lines[0] == "### Legal assistance"
    assert lines[2] == "| | Belgium | Italy |"
    assert lines[3] == "|---|---|---|"
    table = [line for line in lines if line.startswith("| ")]
    assert all(line.endswith(" |") for line in table)
    assert all(line.count(" | ") >= 2 for line in table)
    assert "Data as published in 2013" in out


def test_compare_all_sections_by_default():
    data = fiit("compare", "it", "hu", "-f", "json").json()
    assert [s["section"] for s in data["sections"]] == list(SECTION_SLUGS)


def test_section_aliases_and_repeats():
    data = fiit("compare", "it", "hu", "-s", "shelter", "-s", "accommodation", "-s",
                "training", "-f", "json").json()
    assert [s["section"] for s in data["sections"]] == ["accommodation", "employment"]


@pytest.mark.parametrize(
    "args, fragment",
    [
        (("compare", "belgium"), "two to five countries; got 1"),
        (("compare",), "two to five countries; got 0"),
        (("compare", "belgium", "be"), "given twice"),
        (("compare", "belgium", "italy", "-s", "shelterz"), "unknown section 'shelterz'"),
        (("compare", "belgium", "itlay"), "Did you mean 'italy'?"),
    ],
)
def test_compare_bad_input_exits_2(args, fragment):
    r = fiit(*args)
    assert r.code == 2
    assert r.stdout == ""
    assert fragment in r.stderr
    assert r.stderr.count("\n") == 1


def _field(profile, dotted: str):
    obj = profile
    for part in dotted.split("."):
        obj = getattr(obj, part)
    return obj


def test_overview_values_equal_the_profile_fields(profiles):
    data = fiit("overview", "-f", "json").json()
    rows = {r["label"]: r["values"] for r in data["sections"][0]["rows"]}
    plain = {  # indicator: (field, the field holding its condition, if any)
        "National action plan": ("challenges.national_action_plan", None),
        "National referral mechanism": ("challenges.national_referral_mechanism", None),
        "National rapporteur (or similar)": ("challenges.national_rapporteur", None),
        "Legal assistance free": ("legal.free_of_charge", "legal.free_condition"),
        "Language courses free": ("language.free_of_charge", "language.cost_note"),
        "Training free": ("employment.training.free_of_charge", "employment.training.cost_note"),
        "Access to employment (mainstream)": ("employment.employment.mainstream_access",
                                              "employment.employment.access_condition"),
        "Specialised shelter: period of stay": ("accommodation.specialised.period_of_stay",
                                                None),
    }
    for label, (dotted, condition_field) in plain.items():
        for c in COUNTRIES:
            value = _field(profiles[c], dotted)
            condition = _field(profiles[c], condition_field) if condition_field else None
            cell = rows[label][c]
            slug, inside = dotted.split(".", 1)
            printed = [q.text for q in getattr(profiles[c], slug).qualifiers
                       if q.field == inside]
            if printed:  # the section's qualifiers, resolved: the printed words all there
                assert cell["lines"][0].startswith(f"{value} "), (label, c)
                assert all(t in cell["lines"][0] for t in printed), (label, c)
            elif condition:  # a condition is never dropped (a bare "yes" would say too much)
                assert cell["lines"] == [f"{value} — {condition}"], (label, c)
            elif value in (None, "not stated"):
                assert cell["kind"] == "not stated", (label, c)
            elif value == "no":
                assert cell["kind"] == "no", (label, c)
            else:
                assert cell["lines"] == [value], (label, c)
    for c in COUNTRIES:
        stages = profiles[c].permits.stages
        reflection = next(s for s in stages if s.kind == "reflection")
        # the duration first, then any caveat on the stage or its conditions (MV-7)
        assert rows["Reflection period"][c]["lines"][0] == reflection.duration
        assert rows["Longest permit"][c]["lines"][0] == f"{stages[-1].name}: {stages[-1].duration}"
        accepted = profiles[c].accommodation.specialised.accepted
        minors = accepted.minors if accepted else "not stated"
        cell = rows["Specialised shelter: minors accepted"][c]
        assert (cell["lines"] == [minors]) if minors == "yes" else (cell["kind"] == minors)


def test_overview_explain_names_a_real_field_for_every_indicator():
    from fiit_cli.views.compare import INDICATORS

    rows = fiit("overview", "--explain", "-f", "json").json()
    assert [r["indicator"] for r in rows] == [i.label for i in INDICATORS]
    out = table("overview", "--explain", width=120).stdout
    assert "challenges.national_action_plan" in out


def test_overview_markdown():
    out = fiit("overview", "-f", "markdown").stdout
    assert "| | Belgium | France | Hungary | Italy | United Kingdom |" in out
