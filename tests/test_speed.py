"""The fast paths give the same bytes as the slow ones: lookups without Typer, completion
before Typer, the names index, the search index, validate from the cache. No timings here
(benchmarks/startup.py measures them)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

FIIT = Path(sys.executable).parent / "fiit"
installed = pytest.mark.skipif(not FIIT.exists(), reason="fiit is not installed beside python")
ROOT = Path(__file__).resolve().parents[1]


def _run(args, env, cwd):
    return subprocess.run([str(FIIT), *args], capture_output=True, env=env, cwd=cwd)


@pytest.fixture
def base_env(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FIIT_", "_FIIT"))}
    env.update({"COLUMNS": "90", "NO_COLOR": "1", "FIIT_LOCAL_DIR": "",
                "FIIT_CACHE_DIR": str(tmp_path / "cache")})
    return env


LOOKUPS = [
    ["show", "france", "permits"],
    ["show", "fr", "permits", "legal", "-f", "table"],
    ["show", "Frankreich", "--format=json"],
    ["show", "uk", "contacts", "-fcsv"],
    ["show", "italy", "--cite"],
    ["--no-color", "show", "hu", "shelter", "--facts-only"],
    ["show", "hu", "--as-printed", "--format", "markdown"],
    ["show", "nowhere"],
    ["show", "frnace"],
    ["show", "france", "nosection"],
    ["show", "france", "-f", "vcard"],
    ["show"],
    ["show", "--help"],
    ["show", "france", "--bogus"],
    ["show", "france", "-f", "nope"],
    ["hotline", "hungary"],
    ["hotline", "spain", "-f", "vcard"],
    ["hotline", "cyprus"],
    ["hotline"],
    ["compare", "belgium", "italy", "-s", "accommodation"],
    ["compare", "belgium", "italy", "--section", "legal", "-s", "health", "-f", "table"],
    ["compare", "be", "be"],
    ["compare", "--all", "-s", "legal"],
    ["compare", "--all", "fr"],
    ["compare", "fr"],
    ["search", "minors"],
    ["search", "minors", "-f", "table"],
    ["search", "free of charge", "-s", "legal", "-n", "3", "-f", "json"],
    ["search", "shelter", "--country", "hu", "-f", "csv"],
    ["search", "x", "-n", "0"],
    ["search", "x", "-n", "two"],
    ["search", "--", "-x"],
    ["search", "!!!"],
    ["countries"],
    ["sections", "-f", "json"],
    ["overview"],
    ["practices", "--theme", "coordination"],
    ["practice", "italy"],
    ["--data-dir", "/nonexistent", "show", "fr"],
    ["--version"],
    ["find", "shelter", "--minor", "--third-country"],
    ["find", "shelter", "--irregular", "--third-country", "-c", "italy", "-f", "json"],
    ["find", "shelter", "--minor", "--adult"],
    ["find", "nothing"],
    ["brief", "italy", "--minor", "--woman", "--third-country", "--irregular"],
    ["brief", "uk", "--woman", "--third-country", "-f", "table"],
    ["brief", "italy", "--irregular", "--with-permit"],
    ["brief", "narnia"],
    ["updates"],
    ["updates", "uk", "--kind", "changed", "-f", "json"],
    ["updates", "--kind", "bogus"],
    ["updates", "--coverage"],
    ["stale"],
]


@installed
@pytest.mark.parametrize("args", LOOKUPS, ids=[" ".join(a) for a in LOOKUPS])
def test_fast_lookup_is_the_typer_lookup(args, base_env, tmp_path):
    fast = _run(args, base_env, tmp_path)
    slow = _run(args, {**base_env, "FIIT_NO_FASTPATH": "1"}, tmp_path)
    assert (fast.returncode, fast.stdout, fast.stderr) == (
        slow.returncode, slow.stdout, slow.stderr)


@installed
def test_fast_lookup_with_data_dir(base_env, tmp_path):
    args = ["--data-dir", str(ROOT / "data"), "show", "belgium", "legal", "--no-pager"]
    fast = _run(args, base_env, tmp_path)
    slow = _run(args, {**base_env, "FIIT_NO_FASTPATH": "1"}, tmp_path)
    assert fast.returncode == 0
    assert (fast.stdout, fast.stderr) == (slow.stdout, slow.stderr)


def test_fast_path_leaves_no_stand_in_behind(monkeypatch, capsys):
    """In-process (as a test might), the stand-in for typer never outlives the run."""
    import fiit_cli.cli.fast as fast

    if "typer" in sys.modules:  # the real Typer is loaded: the fast path steps aside
        assert fast.run(["show", "france"]) is None
        return
    before = set(sys.modules)  # pragma: no cover - only without Typer loaded
    fast.run(["show", "france", "permits"])
    assert "typer" not in sys.modules
    assert not {m for m in set(sys.modules) - before if m.startswith("fiit_cli.cli.")}


# What a warm plain lookup never loads (see benchmarks/README.md, "How fiit stays fast").
HEAVY = ("typer", "click", "pydantic", "yaml", "hashlib", "dataclasses", "inspect", "rich",
         "subprocess")


@pytest.mark.parametrize("args", [["search", "minors"], ["show", "france", "permits"]])
def test_a_warm_plain_lookup_loads_no_heavy_module(args, base_env, tmp_path):
    code = ("import sys\nfrom fiit_cli.cli import fast\nfast.run(sys.argv[1:])\n"
            f"print('loaded:', *sorted(m for m in {HEAVY!r} if m in sys.modules), "
            "file=sys.stderr)")
    for _ in range(2):  # the first run fills the cache (it validates: pydantic, YAML)
        run = subprocess.run([sys.executable, "-c", code, *args], capture_output=True,
                             env=base_env, cwd=tmp_path, text=True)
        assert run.returncode == 0, run.stderr
    assert run.stderr.splitlines()[-1] == "loaded:"  # (the lines before: the plain footer)


COMPLETIONS = [
    ("bash", "fiit ", 1), ("bash", "fiit s", 1), ("bash", "fiit show ", 2),
    ("bash", "fiit show fr", 2), ("bash", "fiit show FR", 2), ("bash", "fiit show france ", 3),
    ("bash", "fiit show france sh", 3), ("bash", "fiit show france legal p", 4),
    ("bash", "fiit compare belgium it", 3), ("bash", "fiit compare be -s a", 4),
    ("bash", "fiit compare -s legal ", 4), ("bash", "fiit hotline h", 2),
    ("bash", "fiit hotline hungary ", 3), ("bash", "fiit practice ", 2),
    ("bash", "fiit practice u", 2), ("bash", "fiit updates e", 2),
    ("bash", "fiit search x -c i", 4), ("bash", "fiit search x -s l", 4),
    ("bash", "fiit show france -f ", 4),  # (option names: Typer's, in a varying order)
    ("bash", "fiit zz", 1), ("bash", "fiit nothing ", 2), ("bash", "fiit 'show' fr", 2),
    ("zsh", "fiit ", None), ("zsh", "fiit s", None), ("zsh", "fiit show ", None),
    ("zsh", "fiit show fr", None), ("zsh", "fiit show france sh", None),
    ("zsh", "fiit practice ", None), ("zsh", "fiit show zz", None),
    ("fish", "fiit ", "get-args"), ("fish", "fiit s", "get-args"),
    ("fish", "fiit show fr", "get-args"), ("fish", "fiit hotline ", "get-args"),
    ("fish", "fiit show zz", "get-args"), ("fish", "fiit show fr", "is-args"),
    ("fish", "fiit show zz", "is-args"),
]


def _complete(shell, words, extra, env, cwd):
    if shell == "bash":
        env = {**env, "_FIIT_COMPLETE": "complete_bash", "COMP_WORDS": words,
               "COMP_CWORD": str(extra)}
    else:
        env = {**env, "_FIIT_COMPLETE": f"complete_{shell}", "_TYPER_COMPLETE_ARGS": words}
        if shell == "fish":
            env["_TYPER_COMPLETE_FISH_ACTION"] = extra
    r = _run([], env, cwd)
    return r.returncode, r.stdout, r.stderr


@installed
def test_fast_completion_is_typers(base_env, tmp_path):
    slow_env = {**base_env, "FIIT_NO_CACHE": "1"}
    _complete("bash", "fiit show fr", 2, base_env, tmp_path)  # Typer answers, writes the spec
    cache = Path(base_env["FIIT_CACHE_DIR"])
    assert (cache / "completion.txt").exists()
    for shell, words, extra in COMPLETIONS:
        fast = _complete(shell, words, extra, base_env, tmp_path)
        slow = _complete(shell, words, extra, slow_env, tmp_path)
        assert fast == slow, (shell, words, extra)


@installed
def test_fast_completion_answers_without_typer(base_env, tmp_path):
    _complete("bash", "fiit show fr", 2, base_env, tmp_path)
    code = ("import sys; from fiit_cli.cli import completion; ok = completion.answer(); "
            "print('typer' in sys.modules, ok, file=sys.stderr)")
    for words, cword in (("fiit s", 1), ("fiit show fr", 2), ("fiit show france sh", 3),
                         ("fiit practice u", 2)):
        env = {**base_env, "_FIIT_COMPLETE": "complete_bash", "COMP_WORDS": words,
               "COMP_CWORD": str(cword)}
        r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           env=env, cwd=tmp_path)
        assert r.stderr.split() == ["False", "True"], (words, r.stderr)


def _startup():
    """benchmarks/startup.py (the benchmark's synthetic data generator)."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import startup
    finally:
        sys.path.pop(0)
    return startup


def _synthetic(tmp_path, n):
    """A data directory of n profiles made by the benchmark's generator."""
    from fiit_cli.loader import shipped_data_dir

    return _startup().synthetic(tmp_path, n, shipped_data_dir())


@installed
def test_typos_among_many_profiles_say_the_same_with_the_names_index(base_env, tmp_path):
    """Suggestions from the fuzzy columns, and the shortened list of valid names, are those
    of the plain path (no cache), on the first run (index built) and the next (index read)."""
    data = _synthetic(tmp_path, 40)
    plain_env = {**base_env, "FIIT_NO_CACHE": "1"}
    for typo in ("country-0003x", "Lnd 00012", "contry", "zz", "country", "lan", "00017"):
        args = ["--data-dir", str(data), "show", typo, "permits"]
        plain = _run(args, plain_env, tmp_path)
        assert plain.returncode == 2 and b"(40 in all)" in plain.stderr
        assert plain.stderr.count(b"\n") == 1
        for _ in range(2):
            cached = _run(args, base_env, tmp_path)
            assert (cached.returncode, cached.stdout, cached.stderr) == (
                plain.returncode, plain.stdout, plain.stderr), typo


ALL_KINDS = ("profile", "practice", "hotline", "update")
SEARCHES = [  # query, country, sections, limit, kinds, notes
    ("shelter", None, None, 20, ALL_KINDS, False), ("minors", None, None, None, ALL_KINDS, False),
    ("free of charge", None, ["legal"], 5, ALL_KINDS, False),
    ("acse", None, None, 20, ALL_KINDS, False), ("surya", None, None, 3, ALL_KINDS, False),
    ("language courses", "italy", None, 20, ALL_KINDS, False),
    ("the", None, None, 200, ALL_KINDS, False), ("e", "hungary", None, None, ALL_KINDS, False),
    ("zzzqqq", None, None, 20, ALL_KINDS, False), ("police", "spain", None, 20, ALL_KINDS, False),
    ("a", None, ["health", "contacts"], 50, ALL_KINDS, False),
    # several words, not as a phrase: every word somewhere in the field (score 1.0)
    ("shelter minors", None, None, 20, ALL_KINDS, False),
    ("victims italy assistance", None, None, None, ALL_KINDS, False),
    # word forms: 'minor' finds 'minors', 'nigerian' finds Nigeria, 'trainings' training
    ("minor", None, None, 20, ALL_KINDS, False), ("minor", None, None, None, ALL_KINDS, False),
    ("nigerian", None, None, 10, ALL_KINDS, False),
    ("trainings countries", None, None, None, ALL_KINDS, False),
    # kinds: the since-2013 records alone, and mixed with the index's kinds
    ("helpline", None, None, 20, ("update",), False),
    ("hungary", None, None, None, ("update",), False),
    ("trafficking", "hungary", None, 20, ("update", "hotline"), False),
    ("minors", None, None, 20, ("practice",), False),
    # notes about the 2013 text: hits only with --notes
    ("page", None, None, 20, ALL_KINDS, True), ("page", None, None, None, ALL_KINDS, False),
    ("printed", "belgium", None, None, ("profile",), True),
]


@pytest.mark.parametrize("query, wanted, slugs, limit, kinds, notes", SEARCHES,
                         ids=[f"{q}-{w}-{s}-{n}-{'+'.join(k)}-{o}"
                              for q, w, s, n, k, o in SEARCHES])
def test_search_index_gives_the_same_hits(query, wanted, slugs, limit, kinds, notes,
                                          tmp_path, monkeypatch):
    """The index's hits (fields with place, note and command; scores; marks; order) and their
    number are those of search.search over the command's plain field list."""
    from fiit_cli import search as s
    from fiit_cli import search_index
    from fiit_cli.cli.searching import plain_fields, update_fields, update_records
    from fiit_cli.loader import load_hotlines, shipped_data_dir
    from fiit_cli.lookup import CountryIndex

    monkeypatch.setenv("FIIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("FIIT_LOCAL_DIR", "")
    index = CountryIndex(shipped_data_dir() / "countries")
    annex = load_hotlines(shipped_data_dir())
    updates = update_fields(update_records(index), index, annex) if not slugs else []
    chosen = plain_fields(index, annex, wanted, slugs, kinds, notes, updates)
    expected = s.search(chosen, query)
    got, total = search_index.search(index, annex, query, limit, wanted, slugs, kinds, notes,
                                     updates)
    assert total == len(expected)
    key = [(h.field, h.score, h.start, h.end) for h in expected[:limit]]
    assert [(h.field, h.score, h.start, h.end) for h in got] == key


@pytest.mark.parametrize("query, limit", [("shelter", 7), ("minors", 30), ("acse", 2),
                                          ("free of charge", 11), ("nigerian", 5),
                                          ("shelter minors", None)])
def test_search_index_breaks_ties_as_the_plain_search(query, limit, tmp_path, monkeypatch):
    """Copies of the same profiles (as in the benchmark): many equal scores, kept in the
    command's order."""
    startup = _startup()
    from fiit_cli import search as s
    from fiit_cli import search_index
    from fiit_cli.cli.searching import plain_fields
    from fiit_cli.loader import load_hotlines, shipped_data_dir
    from fiit_cli.lookup import CountryIndex

    data = startup.synthetic(tmp_path, 12, shipped_data_dir())
    monkeypatch.setenv("FIIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("FIIT_DATA_DIR", str(data))
    index = CountryIndex(data / "countries")
    annex = load_hotlines(data)
    kinds = ("profile", "practice", "hotline")
    expected = s.search(plain_fields(index, annex, None, None, kinds, False, []), query)
    got, total = search_index.search(index, annex, query, limit, None, None, kinds)
    assert total == len(expected) > 0
    assert [(h.field, h.score, h.start, h.end) for h in got] == \
        [(h.field, h.score, h.start, h.end) for h in expected[:limit]]


def test_search_index_on_text_the_quick_fold_reads_otherwise(tmp_path):
    """Decomposed accents (NFD) fold to a space in match's full folding but not in its quick
    pre-filter: such fields are marked and matched in full, with the same hits."""
    import unicodedata

    from fiit_cli import search as s
    from fiit_cli.search_index import SearchIndex

    texts = ["Sûriya shelter", "Ac.Sé minors", "minor shelters", "café crème", "training",
             "Nigerian victims", "countries of origin", "shelter for minors"]
    fields = [s.Field("practice" if k % 3 else "profile", f"c{k % 2}", "Owner", "Area",
                      None if k % 3 else "legal", f"notes[{k}]",
                      unicodedata.normalize("NFD" if k % 2 else "NFC", text), "Note",
                      k == 7, "fiit show")
              for k, text in enumerate(texts * 3)]
    built = SearchIndex.build(tmp_path / "index", iter(fields), {})
    assert built.odd
    for query in ("suriya", "su riya", "shelter", "minors", "minor", "cafe", "creme", "acse",
                  "trainings", "nigeria", "country", "shelter minors", "e"):
        for limit in (None, 1, 4):
            for notes in (False, True):
                chosen = [f for f in fields if notes or not f.note]
                expected = s.search(chosen, query)
                got, total = built.search(query, limit, None, None, notes=notes)
                assert total == len(expected), (query, limit, notes)
                assert [(h.field, h.score, h.start, h.end) for h in got] == \
                    [(h.field, h.score, h.start, h.end) for h in expected[:limit]]


def test_search_index_keeps_each_profiles_name(tmp_path, monkeypatch):
    """The since-2013 fields get their countries' names from the index as from the profiles."""
    from fiit_cli import search_index
    from fiit_cli.cli.searching import update_fields, update_records
    from fiit_cli.loader import load_hotlines, load_profile, shipped_data_dir
    from fiit_cli.lookup import CountryIndex

    monkeypatch.setenv("FIIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("FIIT_LOCAL_DIR", "")
    index = CountryIndex(shipped_data_dir() / "countries")
    annex = load_hotlines(shipped_data_dir())
    built = search_index.open_index(index, annex)
    assert built.titles == {c: load_profile(index.path_for(c)).name for c in index.ids}
    assert search_index.SearchIndex.load(built.path).titles == built.titles
    records = update_records(index)
    assert update_fields(records, index, annex, built.titles) == \
        update_fields(records, index, annex)


def test_search_index_cases_find_what_they_are_for(tmp_path, monkeypatch):
    """The cases above are not empty where they should not be."""
    from fiit_cli import search as s
    from fiit_cli.cli.searching import plain_fields, update_fields, update_records
    from fiit_cli.loader import load_hotlines, shipped_data_dir
    from fiit_cli.lookup import CountryIndex

    monkeypatch.setenv("FIIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("FIIT_LOCAL_DIR", "")
    index = CountryIndex(shipped_data_dir() / "countries")
    annex = load_hotlines(shipped_data_dir())
    updates = update_fields(update_records(index), index, annex)

    def scores(query, kinds=ALL_KINDS, notes=False):
        fields = plain_fields(index, annex, None, None, kinds, notes, updates)
        return [h for h in s.search(fields, query)]

    assert any(h.score < 2 and h.score >= 1 for h in scores("shelter minors"))  # every word
    assert any("minors" in h.field.text.lower() for h in scores("minor"))  # a stem
    assert any(h.score < 1 for h in scores("nigerian"))
    assert scores("helpline", ("update",))
    assert all(h.field.kind == "update" for h in scores("hungary", ("update",)))
    noted = scores("page", notes=True)
    assert any(h.field.note for h in noted)
    assert len(noted) > len(scores("page"))


@installed
def test_validate_from_the_cache_says_the_same(base_env, tmp_path):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    france = data / "countries" / "france.yaml"
    france.write_text(france.read_text(encoding="utf-8").replace('iso2: "FR"', 'iso2: "BE"'),
                      encoding="utf-8")
    italy = data / "countries" / "italy.yaml"
    italy.write_text(italy.read_text(encoding="utf-8").replace('name: "Italy"', 'name: 3'),
                     encoding="utf-8")
    cold = _run(["validate", str(data)], {**base_env, "FIIT_NO_CACHE": "1"}, tmp_path)
    assert cold.returncode == 1 and b"FIIT021" in cold.stdout and b"FIIT012" in cold.stdout
    for _ in range(2):  # the first run fills the cache, the second reads it
        warm = _run(["validate", str(data)], base_env, tmp_path)
        assert (warm.returncode, warm.stdout, warm.stderr) == (
            cold.returncode, cold.stdout, cold.stderr)


def test_benchmark_generator_makes_valid_directories(tmp_path):
    """Past the 676 two-letter codes too: profile 699 is AX-1."""
    from fiit_cli.loader import shipped_data_dir
    from fiit_cli.validate import check

    data = _startup().synthetic(tmp_path, 700, shipped_data_dir())
    assert 'iso2: "AX-1"' in (data / "countries" / "country-00699.yaml").read_text(
        encoding="utf-8")
    found, files = check(data)
    assert found == [] and files == 702


def test_benchmark_generator_codes_and_names_are_unique_at_any_size():
    """20,000 profiles: every code valid for the schema, every name, code and alias its
    profile's alone once normalised (FIIT021 compares them so)."""
    import re

    import yaml

    from fiit_cli.lookup import normalise
    from fiit_cli.models import json_schema

    startup = _startup()
    pattern = re.compile(json_schema("profile")["properties"]["iso2"]["pattern"])
    codes = [startup.iso2(i) for i in range(20_000)]
    assert [c for c in codes if not pattern.match(c)] == []
    assert len(set(codes)) == len(codes)
    assert codes[:3] == ["AA", "AB", "AC"] and codes[675] == "ZZ"
    assert codes[676:678] == ["AA-1", "AB-1"] and codes[19_999] == "PF-T"
    assert [startup.iso2(i) for i in range(20_000)] == codes  # the same every time
    assert startup.iso2(startup.CODES - 1) == "ZZ-ZZZ" and pattern.match("ZZ-ZZZ")
    with pytest.raises(ValueError):
        startup.iso2(startup.CODES)  # the schema has no more codes to give
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    owners: dict[str, int] = {}
    clashes = []
    for i in range(20_000):
        head = yaml.load(startup.head(i), Loader=loader)
        assert head["iso2"] == codes[i]
        for name in {normalise(n) for n in (head["id"], head["name"], head["iso2"],
                                            *head["aliases"])}:
            if owners.setdefault(name, i) != i:
                clashes.append((name, owners[name], i))
    assert clashes == []


def test_suggestions_are_difflibs():
    import difflib
    import random

    from fiit_cli.fuzzy import close_matches as _close_matches

    rng = random.Random(14)
    words = list(dict.fromkeys("".join(rng.choice("abcde é") for _ in range(rng.randint(0, 9)))
                               for _ in range(3000)))
    for query in ("abc", "a", "bead", "ab cd", "eeeee", "", "abcdeabcde", "é a"):
        for n in (1, 2, 6):
            for cutoff in (0.0, 0.6, 0.8, 1.0):
                assert _close_matches(query, words, n, cutoff) == \
                    difflib.get_close_matches(query, words, n=n, cutoff=cutoff)
