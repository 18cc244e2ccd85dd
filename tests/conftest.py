"""Fixtures and session set-up; the helpers themselves are in :mod:`tests.helpers`."""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest

from fiit_cli.loader import load_profile
from fiit_cli.loader import shipped_data_dir as data_dir
from tests.helpers import COUNTRIES

_SAVED: dict[str, str | None] = {}


def pytest_sessionstart(session):
    """Every test session starts with an empty record cache of its own, never the user's.

    A hook, not module code: a process that runs several sessions (mutmut forks one per
    mutant) gets a fresh cache for each, so a cache filled by an earlier run never makes
    the loader look tested when it is not. The same for fiit_cli.fuzzy's translate tables,
    kept in memory: filled by the unmutated code, they would hide every mutant of _clip.
    """
    from fiit_cli import fuzzy

    fuzzy._CLIP.clear()
    _SAVED["FIIT_CACHE_DIR"] = os.environ.get("FIIT_CACHE_DIR")
    os.environ["FIIT_CACHE_DIR"] = _SAVED["dir"] = tempfile.mkdtemp(prefix="fiit-test-cache-")


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(_SAVED.pop("dir", ""), ignore_errors=True)
    old = _SAVED.pop("FIIT_CACHE_DIR", None)
    if old is None:
        os.environ.pop("FIIT_CACHE_DIR", None)
    else:
        os.environ["FIIT_CACHE_DIR"] = old


@pytest.fixture(autouse=True)
def _no_user_layer(tmp_path_factory, monkeypatch):
    """Tests never read the user's own layer: an empty local directory unless a test sets one."""
    monkeypatch.setenv("FIIT_LOCAL_DIR", str(tmp_path_factory.mktemp("local")))


@pytest.fixture(scope="session")
def profiles():
    return {c: load_profile(data_dir() / "countries" / f"{c}.yaml") for c in COUNTRIES}
