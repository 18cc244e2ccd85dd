"""The since-2013 layer as a user meets it in the views: apart, sourced, dated, marked."""

from __future__ import annotations

from pathlib import Path

from fiit_cli.loader import shipped_data_dir
from fiit_cli.updates import load_updates
from tests.helpers import fiit, table

LOCAL_RECORD = '''updates:
  - id: "local-uk-partner"
    country: "united-kingdom"
    concerns:
      section: "contacts"
    kind: "new"
    topic: "contact"
    title: "Our referral partner in Leeds"
    now: "Takes referrals of adult survivors on weekdays."
    phones: ["0113 000 0000"]
    sources:
      - url: "https://example.org/partner"
        title: "Partner page"
        publisher: "Example NGO"
    checked: "2026-11-01"
'''


def test_uk_hotline_shows_the_2013_lines_as_printed_and_today_apart():
    out = fiit("hotline", "united-kingdom").stdout
    lines = out.splitlines()
    assert "Tel: +44 800 555 111" in lines
    assert "Tel: + 44 8447782406  (as printed in 2013)" in lines
    since = out.index("Since 2013 (not from the toolkit)")
    # today's helpline, new since 2013, comes first; the 2013 lines after it
    assert out.index("Modern Slavery & Exploitation Helpline") < out.index("UKHTC Hotline")
    assert "08000 121 700" in out[since:] and "checked 2026-11-29" in out[since:]
    assert "Source: http" in out[since:]
    printed = fiit("hotline", "united-kingdom", "--as-printed").stdout
    assert "Since 2013" not in printed and "08000 121 700" not in printed


def test_show_challenges_marks_each_flag_that_changed_keeping_2013s_value():
    lines = fiit("show", "italy", "challenges").stdout.splitlines()
    assert "National action plan: no" in lines  # the toolkit's value, as printed in 2013
    assert any(line.startswith("National action plan › since 2013: yes (changed")
               for line in lines)
    assert not any("National referral mechanism › since 2013" in line for line in lines)
    out = table("show", "italy", "challenges", width=100).stdout
    assert "since 2013: yes" in out


def test_every_profile_country_has_sourced_records():
    records, _ = load_updates(with_local=False)
    for country in ("belgium", "france", "italy", "hungary", "united-kingdom"):
        mine = [r for r in records if r.country == country]
        assert mine, country
        assert all(s.url.startswith(("http://", "https://")) for r in mine for s in r.sources)
        assert all(r.checked for r in mine)
    assert any(r.country == "eu" for r in records)


def test_a_local_record_shows_marked_local(tmp_path):
    (tmp_path / "updates").mkdir()
    (tmp_path / "updates" / "united-kingdom.yaml").write_text(LOCAL_RECORD, encoding="utf-8")
    env = {"FIIT_LOCAL_DIR": str(tmp_path)}
    out = fiit("show", "uk", "contacts", env=env).stdout
    assert "local — your organisation's, not the toolkit's" in out
    assert "Our referral partner in Leeds" in out
    data = fiit("show", "uk", "contacts", "-f", "json", env=env).json()
    assert [u["origin"] for u in data["since_2013"] if u["id"] == "local-uk-partner"] == ["local"]
    assert "local-uk-partner" not in str(data["contacts"])  # never merged into the toolkit's


def test_old_checks_are_marked_at_a_frozen_date(tmp_path):
    (tmp_path / "updates").mkdir()
    (tmp_path / "updates" / "united-kingdom.yaml").write_text(LOCAL_RECORD, encoding="utf-8")
    env = {"FIIT_LOCAL_DIR": str(tmp_path)}
    fresh = fiit("show", "uk", "contacts", env={**env, "FIIT_TODAY": "2027-10-01"}).stdout
    assert "check again" not in fresh.split("Our referral partner")[1].split("Source:")[0]
    old = fiit("show", "uk", "contacts", env={**env, "FIIT_TODAY": "2027-12-01"}).stdout
    assert "checked 13 months ago — check again" in old


def test_compare_and_overview_mark_a_changed_flag():
    rows = fiit("overview", "-f", "json").json()["sections"][0]["rows"]
    plan = next(r for r in rows if r["label"] == "National action plan")
    assert plan["values"]["italy"]["kind"] == "no"  # 2013's value kept
    assert plan["values"]["italy"]["since_2013"].startswith("yes (checked")
    assert "since_2013" not in plan["values"]["hungary"]  # unchanged: no mark
    md = fiit("compare", "be", "it", "-s", "challenges", "-f", "markdown").stdout
    assert "(since 2013: yes" in md
    assert "since 2013" not in fiit("overview", "--as-printed").stdout


def test_every_shipped_update_file_is_named_for_a_known_country():
    from fiit_cli.loader import load_hotlines

    annex = {c.id for c in load_hotlines().countries}
    files = {p.stem for p in (Path(shipped_data_dir()) / "updates").glob("*.yaml")}
    assert files <= annex | {"eu"}


def test_newer_figures_are_kept_apart_from_the_toolkits():
    """`show COUNTRY figures` is the toolkit's figures alone, in every format: newer figures
    (other sources, other definitions) are pointed to, never shown beside them; `fiit updates`
    has them in full."""
    import re

    for country in ("belgium", "france", "hungary", "italy", "united-kingdom"):
        r = fiit("show", country, "figures", "-f", "json")
        data = r.json()
        assert "since_2013" not in data, country
        assert data["figures_since_2013"].endswith(f"fiit updates {country}"), country
        plain = fiit("show", country, "figures", "-f", "plain", width=300).stdout
        assert f"kept apart from the toolkit's: fiit updates {country}" in plain
        ids = [u["id"] for u in fiit("updates", country, "-f", "json").json()]
        assert any(re.search(r"figures|nrm-statistics|victim", i) for i in ids), country
    assert "figures_since_2013" not in fiit("--as-printed", "show", "italy", "figures",
                                            "-f", "json").json()
