"""The record cache: faster, never stale, never trusted blindly, safe to delete."""

import shutil

import pytest

from fiit_cli import cache
from fiit_cli.loader import load_profile, shipped_data_dir
from tests.helpers import fiit


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    d = tmp_path / "cache"
    monkeypatch.setenv("FIIT_CACHE_DIR", str(d))
    return d


@pytest.fixture
def data(tmp_path):
    root = tmp_path / "data"
    shutil.copytree(shipped_data_dir(), root)
    return root


def test_a_load_fills_the_cache_and_the_next_reads_it(cache_dir, data):
    first = load_profile(data / "countries" / "france.yaml")
    entries = list(cache_dir.glob("profile-*.json"))
    assert len(entries) == 1
    second = load_profile(data / "countries" / "france.yaml")
    assert first == second
    assert second.permits.stages[0].duration == "30 days non renewable"


def test_an_edited_file_is_never_read_from_the_cache(cache_dir, data):
    path = data / "countries" / "france.yaml"
    load_profile(path)
    path.write_text(path.read_text(encoding="utf-8").replace(
        '"30 days non renewable"', '"31 days"', 1), encoding="utf-8")
    assert load_profile(path).permits.stages[0].duration == "31 days"


def test_an_edited_file_that_breaks_is_reported_even_if_cached_before(cache_dir, data):
    path = data / "countries" / "france.yaml"
    load_profile(path)
    path.write_text(path.read_text(encoding="utf-8").replace('renewable: "no"', "renewable: no",
                                                             1), encoding="utf-8")
    r = fiit("--data-dir", str(data), "show", "france")
    assert r.code == 1 and "france.yaml:" in r.stderr


def test_a_renamed_file_still_checks_its_id(cache_dir, data):
    load_profile(data / "countries" / "france.yaml")
    shutil.copy(data / "countries" / "france.yaml", data / "countries" / "francia.yaml")
    r = fiit("--data-dir", str(data), "show", "francia")
    assert r.code == 1 and "does not match the file name" in r.stderr


@pytest.mark.parametrize("garbage", [b"", b"not json", b"[1, 2]", b"\xff\xfe"])
def test_a_corrupt_entry_is_ignored(cache_dir, data, garbage):
    path = data / "countries" / "italy.yaml"
    load_profile(path)
    for entry in cache_dir.glob("*.json"):
        entry.write_bytes(garbage)
    assert load_profile(path).name == "Italy"


def test_cache_can_be_turned_off_or_be_unwritable(tmp_path, monkeypatch, data):
    monkeypatch.setenv("FIIT_NO_CACHE", "1")
    assert cache.directory() is None
    assert load_profile(data / "countries" / "italy.yaml").name == "Italy"
    monkeypatch.delenv("FIIT_NO_CACHE")
    blocker = tmp_path / "file-not-dir"
    blocker.write_text("x")
    monkeypatch.setenv("FIIT_CACHE_DIR", str(blocker / "cache"))
    assert load_profile(data / "countries" / "italy.yaml").name == "Italy"


def test_the_key_covers_schema_and_version(monkeypatch):
    a = cache._entry("profile", b"x")
    b = cache._entry("hotlines", b"x")
    c = cache._entry("profile", b"y")
    assert len({a, b, c}) == 3
    cache._schema_fingerprint.cache_clear()
    monkeypatch.setattr("fiit_cli.__version__", "9.9.9")
    try:
        assert cache._entry("profile", b"x") != a
    finally:
        cache._schema_fingerprint.cache_clear()


def test_sha256_is_the_same_with_or_without_hashlib_loaded(monkeypatch):
    """A lookup hashes with the built-in SHA-256 (hashlib not loaded: OpenSSL costs more than
    the lookup); bulk work with hashlib's. The same digest either way, empty input included."""
    import hashlib
    import sys

    from fiit_cli import cache

    for data in (b"abc", b""):
        expected = hashlib.sha256(data).hexdigest()
        assert cache.sha256(data).hexdigest() == expected
        monkeypatch.delitem(sys.modules, "hashlib")
        assert cache.sha256(data).hexdigest() == expected
        assert "hashlib" not in sys.modules  # the built-in one did it, nothing more was loaded
        monkeypatch.setitem(sys.modules, "hashlib", hashlib)
    assert cache.sha256().hexdigest() == hashlib.sha256(b"").hexdigest()
    monkeypatch.delitem(sys.modules, "hashlib")
    assert cache.sha256().hexdigest() == hashlib.sha256(b"").hexdigest()
