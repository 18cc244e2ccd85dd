"""The names index (fiit_cli.names_index): a lookup by any name, and 'did you mean', answer
as reading every profile's head would, whether the index is built, read back, stale or
damaged."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _profiles(tmp_path, n):
    """A countries directory of n profiles, each a head (id, name, code, alias) alone, named
    as the benchmark's generator names them: country-00001, "Country 00001", "Land 00001"."""
    countries = tmp_path / "countries"
    countries.mkdir()
    for i in range(n):
        (countries / f"country-{i:05d}.yaml").write_text(
            f'id: "country-{i:05d}"\nname: "Country {i:05d}"\n'
            f'iso2: "{chr(65 + i // 26)}{chr(65 + i % 26)}"\n'
            f'aliases: ["Land {i:05d}"]\npermits: {{}}\n', encoding="utf-8")
    return countries


def test_names_index_follows_edits(tmp_path, monkeypatch):
    """An alias added in place (the folder's time unchanged) is found; a removed one is not."""
    import shutil

    from fiit_cli.lookup import CountryIndex

    monkeypatch.setenv("FIIT_CACHE_DIR", str(tmp_path / "cache"))
    countries = tmp_path / "countries"
    shutil.copytree(ROOT / "data" / "countries", countries)
    assert CountryIndex(countries).get("Frankreich") == "france"
    folder_time = os.stat(countries).st_mtime_ns
    france = countries / "france.yaml"
    text = france.read_text(encoding="utf-8")
    france.write_text(text.replace('aliases: ["Frankreich"', 'aliases: ["Hexagone", '
                                   '"Frankreich"'), encoding="utf-8")
    os.utime(countries, ns=(folder_time, folder_time))
    assert CountryIndex(countries).get("hexagone") == "france"
    italy = countries / "italy.yaml"
    italy.write_text(italy.read_text(encoding="utf-8").replace('"Italia"', '"Italie"'),
                     encoding="utf-8")
    os.utime(countries, ns=(folder_time, folder_time))
    index = CountryIndex(countries)
    assert index.get("italia") is None
    assert index.get("italie") == "italy"
    assert index.index() == CountryIndex.__mro__[1].index(CountryIndex(countries))


def _edit_in_place(path, old, new, folder_time):
    """Change a profile without changing its folder's time (an editor writing in place)."""
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    st = os.stat(path)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))  # a later second
    os.utime(path.parent, ns=(folder_time, folder_time))


def test_the_names_index_sees_an_edit_that_keeps_the_size(tmp_path, monkeypatch):
    import shutil

    from fiit_cli.lookup import CountryIndex

    monkeypatch.setenv("FIIT_CACHE_DIR", str(tmp_path / "cache"))
    countries = tmp_path / "countries"
    shutil.copytree(ROOT / "data" / "countries", countries)
    assert CountryIndex(countries).get("Frankreich") == "france"
    size = os.stat(countries / "france.yaml").st_size
    _edit_in_place(countries / "france.yaml", "Frankreich", "Frankraich",
                   os.stat(countries).st_mtime_ns)
    assert os.stat(countries / "france.yaml").st_size == size
    assert CountryIndex(countries).get("frankraich") == "france"
    assert CountryIndex(countries).get("frankreich") is None


def test_suggestions_follow_an_alias_added_in_place(tmp_path, monkeypatch):
    import shutil

    from fiit_cli.lookup import CountryIndex, UnknownName

    monkeypatch.setenv("FIIT_CACHE_DIR", str(tmp_path / "cache"))
    countries = tmp_path / "countries"
    shutil.copytree(ROOT / "data" / "countries", countries)
    with pytest.raises(UnknownName) as before:
        CountryIndex(countries).lookup("hexagon")
    assert before.value.suggestions == []
    _edit_in_place(countries / "france.yaml", 'aliases: ["Frankreich"',
                   'aliases: ["Hexagone", "Frankreich"', os.stat(countries).st_mtime_ns)
    with pytest.raises(UnknownName) as after:
        CountryIndex(countries).lookup("hexagon")
    assert after.value.suggestions == ["france"]


def test_a_damaged_fuzzy_file_is_made_again(tmp_path, monkeypatch):
    import shutil

    from fiit_cli.lookup import CountryIndex, UnknownName

    monkeypatch.setenv("FIIT_CACHE_DIR", str(tmp_path / "cache"))
    countries = tmp_path / "countries"
    shutil.copytree(ROOT / "data" / "countries", countries)
    answers = []
    for damage in (None, b"garbage", b"", None):
        for fuzzy in (tmp_path / "cache").glob("names-*.fuzzy"):
            if damage is not None:
                fuzzy.write_bytes(damage)
        with pytest.raises(UnknownName) as exc:
            CountryIndex(countries).lookup("itlay")
        answers.append(exc.value.suggestions)
    assert answers == [["italy"]] * 4
    (fuzzy,) = (tmp_path / "cache").glob("names-*.fuzzy")
    assert fuzzy.read_bytes().partition(b"\n")[2].startswith(b"fiit fuzzy 1 ")  # after its CRC


def _names_of(tmp_path, monkeypatch, n=40):
    from fiit_cli.lookup import CountryIndex

    monkeypatch.setenv("FIIT_CACHE_DIR", str(tmp_path / "cache"))
    countries = _profiles(tmp_path, n)
    return countries, lambda: CountryIndex(countries)


def test_the_names_index_in_many_buckets_with_a_long_header(tmp_path, monkeypatch):
    """One name per bucket, and a header read in several steps: the same answers."""
    from fiit_cli import names_index

    countries, index = _names_of(tmp_path, monkeypatch)
    plain = index().__class__.__mro__[1].index(index())  # NameIndex.index: every file's head
    monkeypatch.setattr(names_index, "PER_BUCKET", 1)
    monkeypatch.setattr(names_index, "FIRST_READ", 16)
    assert index().index() == plain  # built
    assert index().index() == plain  # read back
    for key, cid in plain.items():
        assert index().get(key) == cid
    (text,) = (tmp_path / "cache").glob("names-*.txt")
    assert len(text.read_bytes().split(b"\n")[1].split()) > len(plain)  # a bucket a name


def test_a_damaged_names_index_is_made_again(tmp_path, monkeypatch):
    countries, index = _names_of(tmp_path, monkeypatch)
    assert index().get("land 00007") == "country-00007"
    (text,) = (tmp_path / "cache").glob("names-*.txt")
    whole = text.read_bytes()
    no_bucket = b"fiit names index 4 x\n0 1 2\nab"  # the right size, but no bucket
    for damaged in (whole[:-1], whole[:100], b"", b"fiit names index 4 x\n1 2\n", whole + b"x",
                    no_bucket):
        text.write_bytes(damaged)
        assert index().get("land 00007") == "country-00007"
        assert index().get("land 00099") is None
        assert text.read_bytes().startswith(b"fiit names index 4 ")


def test_a_run_reads_one_build_while_another_replaces_it(tmp_path, monkeypatch):
    countries, index = _names_of(tmp_path, monkeypatch)
    index().get("land 00001")
    reader = index()._names_index()
    reader._header()  # the file is open
    other = index()._names_index()
    other._header(rebuild=True)  # another run writes a new build in its place
    assert reader.get("land 00012") == "country-00012"
    assert reader.files() == other.files()
    assert reader.mapping() == other.mapping()


LONG = "Republic of " + "a very long name " * 16  # longer than the fuzzy columns answer


def _plain(countries, monkeypatch, name):
    """What a lookup of ``name`` says without the names index (FIIT_NO_CACHE=1)."""
    from fiit_cli.lookup import CountryIndex, UnknownName

    with monkeypatch.context() as m:
        m.setenv("FIIT_NO_CACHE", "1")
        index = CountryIndex(countries)
        try:
            return index.lookup(name)
        except UnknownName as e:
            return str(e), e.suggestions, e.valid


def _cached(index, name):
    from fiit_cli.lookup import UnknownName

    try:
        return index.lookup(name)
    except UnknownName as e:
        return str(e), e.suggestions, e.valid


QUESTIONS = ["Land 00003", "land00003", "country 00017", "AB", "country-00005", "lnd 00012",
             "contry 0001", "coun", "cou", "zz", "nowhere at all", LONG.replace("name", "nmae"),
             LONG + "x" * 200, "republic of", "country 00001", "country 99999 x"]


def _with_clash_and_long_name(countries):
    """country-00000 also answers to "Country 00001" and "Country 99999 x", the file names of
    other profiles (which win); country-00005 to a name too long for the fuzzy columns."""
    first = countries / "country-00000.yaml"
    first.write_text(first.read_text(encoding="utf-8").replace(
        '"Land 00000"', '"Land 00000", "Country 00001", "Country 99999 x"'), encoding="utf-8")
    fifth = countries / "country-00005.yaml"
    fifth.write_text(fifth.read_text(encoding="utf-8").replace(
        '"Land 00005"', f'"Land 00005", "{LONG}"'), encoding="utf-8")
    (countries / "country-99999 x.yaml").write_text('name: "Somewhere"\n', encoding="utf-8")


@pytest.mark.parametrize("per_bucket, first_read", [(32, 1 << 16), (1, 16), (10**6, 1 << 16)])
def test_a_warm_run_answers_from_the_index_alone(tmp_path, monkeypatch, per_bucket,
                                                 first_read):
    """Once the index is made, a new run answers every question as the plain path does,
    without reading a profile's head, making the index again or comparing a typo with
    every name (difflib's way): what the names index is for."""
    from fiit_cli import fuzzy, lookup, names_index

    monkeypatch.setattr(names_index, "PER_BUCKET", per_bucket)
    monkeypatch.setattr(names_index, "FIRST_READ", first_read)
    countries, index = _names_of(tmp_path, monkeypatch)
    _with_clash_and_long_name(countries)
    want = {q: _plain(countries, monkeypatch, q) for q in QUESTIONS}
    plain_mapping = lookup.NameIndex(index().read_names()).index()
    assert [_cached(index(), q) for q in QUESTIONS] == list(want.values())  # built
    assert want["country 00001"] == "country-00001"
    assert want["country 99999 x"] == "country-99999 x"
    assert want["republic of"][1] == ["country-00005"]
    monkeypatch.setenv("FIIT_CACHE_DIR", str(tmp_path / "warm"))
    assert index().get("land 00001") == "country-00001"  # built by a lookup by alias alone
    assert want["coun"][1] == ["country-00000"] and len(want["lnd 00012"][1]) == 2

    def refused(*args, **kwargs):
        raise AssertionError("a warm run should not do this")

    monkeypatch.setattr(lookup, "_read_names", refused)
    monkeypatch.setattr(names_index.Names, "_build", refused)
    monkeypatch.setattr(names_index.Names, "_build_fuzzy", refused)
    for q in QUESTIONS:
        with monkeypatch.context() as m:
            if len(q) <= fuzzy.LONGEST_QUERY:
                m.setattr(fuzzy, "close_matches", refused)
            assert _cached(index(), q) == want[q], q
    warm = index()
    assert warm.index() == plain_mapping
    assert warm.get("land 00007") == "country-00007" and warm.get("land 99999") is None
    assert index()._names_index().files() == [p.name for p in warm.paths()]


def test_a_profile_edited_in_place_still_answers_to_its_other_names(tmp_path, monkeypatch):
    countries, index = _names_of(tmp_path, monkeypatch)
    assert index().get("land 00003") == "country-00003"
    _edit_in_place(countries / "country-00003.yaml", "Land 00003", "Pays 00003",
                   os.stat(countries).st_mtime_ns)
    assert index().index()["pays 00003"] == "country-00003"  # the list of names: made again
    assert index().get("country 00003") == "country-00003"  # its stamp changed: made again
    assert index().get("pays 00003") == "country-00003"
    assert index().get("land 00003") is None
    _edit_in_place(countries / "country-00004.yaml", "Land 00004", "Pays 00004",
                   os.stat(countries).st_mtime_ns)
    assert index().get("AE") == "country-00004"  # (its ISO code): its stamp changed, made again


def test_a_new_index_replaces_the_old_one(tmp_path, monkeypatch):
    """The cache keeps one index (and one fuzzy file) per countries directory, even when its
    folder is deeper than the cache directory's parent."""
    from fiit_cli.lookup import CountryIndex, UnknownName

    cache = tmp_path / "a" / "b" / "cache"
    countries = _profiles(tmp_path, 5)
    monkeypatch.setenv("FIIT_CACHE_DIR", str(cache))
    for i in range(5, 8):
        assert CountryIndex(countries).get(f"land {i - 1:05d}") == f"country-{i - 1:05d}"
        assert len(list(cache.glob("names-*.txt"))) == len(list(cache.glob("names-*.fuzzy"))) == 1
        with pytest.raises(UnknownName):
            CountryIndex(countries).lookup("lnd 0000")
        assert len(list(cache.glob("names-*.txt"))) == len(list(cache.glob("names-*.fuzzy"))) == 1
        (countries / f"country-{i:05d}.yaml").write_text(
            f'name: "Country {i:05d}"\naliases: ["Land {i:05d}"]\n', encoding="utf-8")
        os.utime(countries, ns=(i * 10**9, i * 10**9))  # the folder's time changes


def test_no_file_is_left_open(tmp_path, monkeypatch):
    import gc

    fds = Path("/proc/self/fd")
    if not fds.is_dir():
        pytest.skip("no /proc/self/fd")
    countries, index = _names_of(tmp_path, monkeypatch, 10)
    index().get("land 00001")
    gc.collect()
    before = len(list(fds.iterdir()))
    for _ in range(20):
        assert index().get("land 00002") == "country-00002"
    gc.collect()
    assert len(list(fds.iterdir())) == before


def test_an_edit_that_keeps_the_modification_time(tmp_path, monkeypatch):
    """A profile replaced by another version with its time kept (cp -p, rsync -t): its size
    tells the index."""
    countries, index = _names_of(tmp_path, monkeypatch, 10)
    assert index().get("land 00004") == "country-00004"
    profile = countries / "country-00004.yaml"
    st, folder = os.stat(profile), os.stat(countries)
    profile.write_text(profile.read_text(encoding="utf-8").replace(
        '"Land 00004"', '"Land 00004", "Pays 00004"'), encoding="utf-8")
    os.utime(profile, ns=(st.st_atime_ns, st.st_mtime_ns))
    os.utime(countries, ns=(folder.st_atime_ns, folder.st_mtime_ns))
    assert index().get("pays 00004") == "country-00004"


def test_a_run_that_built_the_index_keeps_its_build_when_another_replaces_it(tmp_path,
                                                                               monkeypatch):
    """A run answers from the build it made even after another run (which saw a profile
    edited since, and put fewer names in a bucket) writes a new one in its place."""
    from fiit_cli import names_index

    countries, index = _names_of(tmp_path, monkeypatch)
    builder = index()._names_index()
    assert builder.get("land 00001") == "country-00001"  # built here, kept in memory
    _edit_in_place(countries / "country-00000.yaml", '"Land 00000"',
                   '"Land 00000", "Pays 00000", "Terre 00000"', os.stat(countries).st_mtime_ns)
    monkeypatch.setattr(names_index, "PER_BUCKET", 4)
    index()._names_index()._header(rebuild=True)
    for i in range(1, 40):
        assert builder.get(f"land {i:05d}") == f"country-{i:05d}"
        assert builder.get(f"country {i:05d}") == f"country-{i:05d}"


def test_an_index_cut_short_while_a_run_reads_it(tmp_path, monkeypatch):
    """The file shrinks in place under an open run (a full disk, another program): that run
    builds the index again and answers from memory."""
    countries, index = _names_of(tmp_path, monkeypatch)
    index().get("land 00001")
    reader = index()._names_index()
    reader._header()  # the file is open
    (text,) = (tmp_path / "cache").glob("names-*.txt")
    with open(text, "r+b") as f:
        f.truncate(300)
    for i in (2, 17, 33):
        assert reader.get(f"land {i:05d}") == f"country-{i:05d}"
    assert reader.files() == [p.name for p in index().paths()]


def test_without_pread(tmp_path, monkeypatch):
    """Where os.pread is missing (Windows), parts are read by seek and read: the same answers
    from an index read back."""
    countries, index = _names_of(tmp_path, monkeypatch, 10)
    assert index().get("land 00004") == "country-00004"  # built
    monkeypatch.delattr(os, "pread")
    for i in (1, 4, 9):
        assert index().get(f"land {i:05d}") == f"country-{i:05d}"
    assert index()._names_index().files() == [p.name for p in index().paths()]


def test_a_prefix_of_the_first_profiles_id_alone(tmp_path, monkeypatch):
    """'Did you mean' by prefix finds the very first name of the index too."""
    countries, index = _names_of(tmp_path, monkeypatch, 5)
    (countries / "aardvark-land.yaml").write_text('name: "Elsewhere"\n', encoding="utf-8")
    want = _plain(countries, monkeypatch, "aardv")
    assert want[1] == ["aardvark-land"]
    assert _cached(index(), "aardv") == want  # built
    assert _cached(index(), "aardv") == want  # read back
