"""Whole-dataset checks: each lists its offenders, so a failure names the record."""

import re
from pathlib import Path

import pytest

from fiit_cli.loader import DataError, load_profile, read_yaml
from fiit_cli.loader import shipped_data_dir as data_dir
from fiit_cli.lookup import SECTION_SLUGS
from tests.helpers import COUNTRIES, strings

FILES = sorted((data_dir() / "countries").glob("*.yaml"))




def test_the_five_profiles_ship():
    assert sorted(p.stem for p in FILES) == sorted(COUNTRIES)


def test_every_file_validates():
    offenders = []
    for path in FILES:
        try:
            load_profile(path)
        except DataError as exc:
            offenders.append(str(exc))
    assert offenders == []


def test_every_section_has_a_source_heading(profiles):
    offenders = [f"{c}.{s}" for c, p in profiles.items() for s in SECTION_SLUGS
                 if not getattr(p, s).source.heading.strip()]
    assert offenders == []


def test_no_empty_or_padded_strings(profiles):
    offenders = [f"{c}: {path}" for c, p in profiles.items()
                 for path, s in strings(p.model_dump()) if not s.strip() or s != s.strip()]
    assert offenders == []


def test_no_truncated_text(profiles):
    offenders = [f"{c}: {path}" for c, p in profiles.items()
                 for path, s in strings(p.model_dump()) if s.endswith("…")]
    assert offenders == []


def test_phones_look_printed(profiles):
    offenders = []
    for c, p in profiles.items():
        for path, s in strings(p.contacts.model_dump()):
            if ".phones[" in path and not re.fullmatch(r"\+ ?\d[\d ()]*\d", s):
                offenders.append(f"{c}: {path} = {s!r}")
    assert offenders == []


def test_emails_and_websites_look_right(profiles):
    offenders = []
    for c, p in profiles.items():
        for path, s in strings(p.contacts.model_dump()):
            if ".emails[" in path and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]+", s):
                offenders.append(f"{c}: {path} = {s!r}")
            if (".websites[" in path or ".links[" in path) and not re.match(r"(https?://|www\.)", s):
                offenders.append(f"{c}: {path} = {s!r}")
    assert offenders == []


def test_challenges_have_key_facts_and_summary(profiles):
    offenders = [c for c, p in profiles.items()
                 if len(p.challenges.key_facts) < 3 or len(p.challenges.summary) < 40]
    assert offenders == []


def test_every_country_has_contacts_and_a_reflection_stage(profiles):
    offenders = [c for c, p in profiles.items()
                 if not p.contacts.groups or p.permits.stages[0].kind != "reflection"]
    assert offenders == []


def test_charts_that_did_not_survive_carry_no_values(profiles):
    offenders = [f"{c}: {ch.title}" for c, p in profiles.items() for ch in p.figures.charts
                 if ch.survived == "no" and ch.values]
    assert offenders == []


def test_prose_is_not_pasted_from_the_toolkit(profiles):
    """Notes and summaries are in our own words: no run of 12+ words copied from the text."""
    seed = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_4ed72457a24b09fa.txt"
    if not seed.exists():
        pytest.skip("toolkit text not beside the repository")

    def words(s):
        return re.findall(r"[a-z0-9]+", s.lower())

    src = words(seed.read_text(encoding="utf-8"))
    grams = {" ".join(src[i:i + 12]) for i in range(len(src) - 11)}
    from fiit_cli.loader import load_hotlines, load_practices

    records = {c: p.model_dump() for c, p in profiles.items()}
    records["practices"] = load_practices().model_dump()
    records["hotlines"] = load_hotlines().model_dump()
    offenders = []
    for c, record in records.items():
        for path, s in strings(record):
            if not re.search(r"(notes|key_facts|summary|steps|lessons)(\[\d+\])?$", path):
                continue
            w = words(re.sub(r"“[^”]*”", " ", s))  # a quoted name keeps its printed wording
            if any(" ".join(w[i:i + 12]) in grams for i in range(len(w) - 11)):
                offenders.append(f"{c}: {path}")
    assert offenders == []


# ---------------------------------------------------------------- the loader itself


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("id: a\nid: b\n", "duplicate key 'id'"),
        ("id: !!python/object/apply:os.system ['echo hacked']\n", "unsupported YAML tag"),
        ("id: [unclosed\n", ":"),
        ("", "empty file"),
    ],
)
def test_loader_rejects_unsafe_or_broken_yaml(tmp_path, text, fragment):
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as exc:
        read_yaml(path)
    assert fragment in str(exc.value)
    assert str(path) in str(exc.value)


def test_loader_reports_line_and_field(tmp_path):
    src = (data_dir() / "countries" / "france.yaml").read_text(encoding="utf-8")
    broken = src.replace('renewable: "no"', "renewable: no", 1)
    path = tmp_path / "france.yaml"
    path.write_text(broken, encoding="utf-8")
    line = next(i for i, text in enumerate(broken.splitlines(), 1)
                if text.strip() == "renewable: no")
    with pytest.raises(DataError) as exc:
        load_profile(path)
    assert f"france.yaml:{line}" in str(exc.value)
    assert "permits.stages.0.renewable" in str(exc.value)


def test_loader_rejects_latin1(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_bytes("name: Li\xe8ge\n".encode("latin-1"))
    with pytest.raises(DataError, match="not valid UTF-8"):
        read_yaml(path)
