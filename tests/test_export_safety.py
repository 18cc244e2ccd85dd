"""`fiit export` never loses a user's files, and a target is always whole (issue 22, items 1, 9).

`--force` replaces or removes only files that fiit wrote, as its manifest in the target says
(and only while they are unchanged); a symbolic link inside the target is never followed.
Every export is built beside its target and swapped in: a run that fails, or is killed,
leaves the old export as it was, and the next run cleans up what a killed one left.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from fiit_cli.loader import shipped_data_dir
from tests.helpers import fiit

KINDS = [("datapackage", "pkg"), ("sqlite", "fiit.db"), ("hsds", "hsds")]
# Where the tests stop an export: after the changed annex country is written, past the
# middle (a data package's 29 tables, HSDS's 63 organizations, SQLite's inserts).
STOP_AT = {"datapackage": 25, "hsds": 40, "sqlite": 3}


def tree(root: Path) -> dict[str, bytes]:
    """Every file under root (a file target: it and its metadata), with its bytes."""
    if root.is_file():
        meta = root.with_name(f"{root.stem}.metadata.json")
        return {p.name: p.read_bytes() for p in (root, meta) if p.exists()}
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.is_symlink()}


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".fiit-" in p.name)


@pytest.fixture
def changed_data(tmp_path) -> Path:
    """A copy of the shipped data that exports differently (one annex country renamed)."""
    data = tmp_path / "changed-data"
    shutil.copytree(shipped_data_dir(), data)
    path = data / "hotlines.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('    name: "Austria"', '    name: "Austria (renamed)"', 1),
                    encoding="utf-8")
    return data


# ---------------------------------------------------------------- item 1: --force and the manifest


def test_force_keeps_a_users_own_hsds_file_with_a_uuid_name(tmp_path):
    """The reported loss: HSDS ids are UUIDs, so a user's organizations/<uuid>.json was
    taken for a stale one of fiit's and deleted."""
    target = tmp_path / "hsds"
    assert fiit("export", "hsds", str(target)).code == 0
    mine = target / "organizations" / f"{uuid.uuid4()}.json"
    mine.write_text('{"name": "our own partner"}', encoding="utf-8")
    r = fiit("export", "hsds", str(target), "--force")
    assert r.code == 0, r.stderr
    assert mine.read_text(encoding="utf-8") == '{"name": "our own partner"}'


def test_force_never_follows_a_symlinked_organizations_folder(tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    theirs = outside / f"{uuid.uuid4()}.json"
    theirs.write_text("{}", encoding="utf-8")
    target = tmp_path / "hsds"
    assert fiit("export", "hsds", str(target)).code == 0
    shutil.rmtree(target / "organizations")
    (target / "organizations").symlink_to(outside, target_is_directory=True)
    r = fiit("export", "hsds", str(target), "--force")
    assert r.code == 2
    assert r.stderr == (f"fiit: {target / 'organizations'} is a symbolic link: fiit writes "
                        f"only inside {target}; move it away, or export into another "
                        "directory\n")
    assert sorted(p.name for p in outside.iterdir()) == [theirs.name]  # nothing deleted there
    assert (target / "organizations").is_symlink()
    assert leftovers(tmp_path) == []


def test_force_never_writes_through_a_symlink_in_a_fresh_target(tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    target = tmp_path / "hsds"
    target.mkdir()
    (target / "organizations").symlink_to(outside, target_is_directory=True)
    r = fiit("export", "hsds", str(target), "--force")
    assert r.code == 2 and "is a symbolic link" in r.stderr
    assert list(outside.iterdir()) == []


def test_force_drops_only_the_files_an_earlier_export_wrote(tmp_path, changed_data):
    """Organizations an earlier export had and this one has not go; a user's stay."""
    target = tmp_path / "hsds"
    trimmed = tmp_path / "trimmed"
    shutil.copytree(shipped_data_dir(), trimmed)
    (trimmed / "countries" / "hungary.yaml").unlink()  # its contacts will not be exported
    (trimmed / "updates" / "hungary.yaml").unlink()
    assert fiit("export", "hsds", str(target)).code == 0
    before = set(tree(target))
    mine = target / "organizations" / f"{uuid.uuid4()}.json"
    mine.write_text("{}", encoding="utf-8")
    r = fiit("--data-dir", str(trimmed), "export", "hsds", str(target), "--force")
    assert r.code == 0, r.stderr
    after = set(tree(target))
    fresh = tmp_path / "fresh"
    assert fiit("--data-dir", str(trimmed), "export", "hsds", str(fresh)).code == 0
    assert after == set(tree(fresh)) | {mine.relative_to(target).as_posix()}
    assert before - after  # some organizations were dropped
    assert tree(target)[".fiit-manifest.json"] == tree(fresh)[".fiit-manifest.json"]


def test_force_keeps_a_file_of_fiits_that_the_user_changed(tmp_path):
    """A stale file of fiit's that was edited since is someone's work now: left alone."""
    target, trimmed = tmp_path / "hsds", tmp_path / "trimmed"
    shutil.copytree(shipped_data_dir(), trimmed)
    (trimmed / "countries" / "hungary.yaml").unlink()
    (trimmed / "updates" / "hungary.yaml").unlink()
    assert fiit("export", "hsds", str(target)).code == 0
    index = json.loads((target / "index.json").read_text(encoding="utf-8"))
    hungarian = next(e["file"] for e in index["organizations"] if e["country"] == "hungary"
                     and e["record"].startswith("hungary."))
    (target / hungarian).write_text('{"edited": true}', encoding="utf-8")
    assert fiit("--data-dir", str(trimmed), "export", "hsds", str(target), "--force").code == 0
    assert (target / hungarian).read_text(encoding="utf-8") == '{"edited": true}'


@pytest.mark.parametrize("kind,name", [("datapackage", "countries.csv"),
                                       ("hsds", "index.json")])
def test_force_refuses_to_overwrite_a_file_fiit_did_not_write(tmp_path, kind, name):
    target = tmp_path / "out"
    target.mkdir()
    (target / name).write_text("my own work", encoding="utf-8")
    r = fiit("export", kind, str(target), "--force")
    assert r.code == 2
    assert r.stderr.startswith(f"fiit: {target / name} was not written by fiit")
    assert r.stderr.count("\n") == 1
    assert tree(target) == {name: b"my own work"}
    assert leftovers(tmp_path) == []


def test_a_hostile_manifest_cannot_delete_outside_the_target(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    import hashlib

    digest = hashlib.sha256(b"keep me").hexdigest()
    target = tmp_path / "pkg"
    assert fiit("export", "datapackage", str(target)).code == 0
    manifest = target / ".fiit-manifest.json"
    document = json.loads(manifest.read_text(encoding="utf-8"))
    document["files"] += [{"path": "../victim.txt", "sha256": digest},
                          {"path": str(victim), "sha256": digest}]
    manifest.write_text(json.dumps(document), encoding="utf-8")
    assert fiit("export", "datapackage", str(target), "--force").code == 0
    assert victim.read_text(encoding="utf-8") == "keep me"


@pytest.mark.parametrize("kind,target", [("datapackage", "pkg"), ("hsds", "hsds")])
def test_the_manifest_names_every_file_written_with_its_digest(tmp_path, kind, target):
    import hashlib

    path = tmp_path / target
    assert fiit("export", kind, str(path)).code == 0
    manifest = json.loads((path / ".fiit-manifest.json").read_text(encoding="utf-8"))
    files = tree(path)
    listed = {e["path"]: e["sha256"] for e in manifest["files"]}
    assert set(listed) == set(files) - {".fiit-manifest.json"}
    assert all(hashlib.sha256(files[p]).hexdigest() == d for p, d in listed.items())
    assert manifest["export"] == kind


def test_sqlite_force_replaces_only_a_database_fiit_wrote(tmp_path):
    target = tmp_path / "notes.db"
    conn = sqlite3.connect(target)
    conn.execute("CREATE TABLE mine (x)")
    conn.commit()
    conn.close()
    before = target.read_bytes()
    r = fiit("export", "sqlite", str(target), "--force")
    assert r.code == 2
    assert r.stderr.startswith(f"fiit: {target} was not written by fiit: --force replaces "
                               "only fiit's own exports")
    assert target.read_bytes() == before
    assert not (tmp_path / "notes.metadata.json").exists()
    assert leftovers(tmp_path) == []


def test_sqlite_force_keeps_a_users_metadata_file(tmp_path):
    target = tmp_path / "fiit.db"
    meta = tmp_path / "fiit.metadata.json"
    meta.write_text('{"title": "our Datasette"}', encoding="utf-8")
    r = fiit("export", "sqlite", str(target), "--force")
    assert r.code == 2 and r.stderr.startswith(f"fiit: {meta} was not written by fiit")
    assert meta.read_text(encoding="utf-8") == '{"title": "our Datasette"}'
    assert not target.exists()
    # fiit's own metadata, unchanged, is replaced; once edited, it is the user's
    meta.unlink()
    assert fiit("export", "sqlite", str(target)).code == 0
    assert fiit("export", "sqlite", str(target), "--force").code == 0
    meta.write_text(meta.read_text(encoding="utf-8").replace("FIIT", "Our FIIT"),
                    encoding="utf-8")
    assert fiit("export", "sqlite", str(target), "--force").code == 2


def test_sqlite_export_says_it_is_fiits(tmp_path):
    target = tmp_path / "fiit.db"
    assert fiit("export", "sqlite", str(target)).code == 0
    conn = sqlite3.connect(target)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == 0x46494954
    rows = conn.execute("SELECT path FROM fiit_manifest").fetchall()
    conn.close()
    assert rows == [("fiit.metadata.json",)]
    meta = json.loads((tmp_path / "fiit.metadata.json").read_text(encoding="utf-8"))
    assert meta["databases"]["fiit"]["tables"]["fiit_manifest"]["hidden"] is True


# ---------------------------------------------------------------- item 9: whole or not at all


def _fail_partway(monkeypatch, kind):
    """Make the export stop with an unforeseen error partway through writing its files."""
    calls = []

    def boom(real):
        def wrapper(*args, **kwargs):
            calls.append(1)
            if len(calls) == STOP_AT[kind]:
                raise RuntimeError("interrupted")
            return real(*args, **kwargs)
        return wrapper

    if kind == "datapackage":
        from fiit_cli.export import datapackage

        monkeypatch.setattr(datapackage, "to_csv", boom(datapackage.to_csv))
    elif kind == "hsds":
        from fiit_cli.export import hsds

        monkeypatch.setattr(hsds, "_dump", boom(hsds._dump))
    else:
        import sqlite_utils

        monkeypatch.setattr(sqlite_utils.db.Table, "insert_all",
                            boom(sqlite_utils.db.Table.insert_all))


@pytest.mark.parametrize("kind,name", KINDS)
def test_an_export_that_fails_partway_leaves_the_old_one_whole(tmp_path, monkeypatch,
                                                              changed_data, kind, name):
    target = tmp_path / name
    assert fiit("export", kind, str(target)).code == 0
    before = tree(target)
    _fail_partway(monkeypatch, kind)
    with pytest.raises(RuntimeError):  # an unforeseen error: the point is what is left behind
        fiit("--data-dir", str(changed_data), "export", kind, str(target), "--force")
    assert tree(target) == before
    assert leftovers(tmp_path) == []


def test_an_interrupted_move_in_leaves_no_package_over_mixed_tables(tmp_path, monkeypatch,
                                                                    changed_data):
    """With a user's file in the target, fiit's files move in one by one: the descriptor is
    out while they do, and the next run finishes the job."""
    from fiit_cli.export import files

    target = tmp_path / "pkg"
    assert fiit("export", "datapackage", str(target)).code == 0
    (target / "README.md").write_text("ours", encoding="utf-8")
    calls = []
    real = os.replace

    def dying(src, dst):
        calls.append(dst)
        if len(calls) == 5:
            raise OSError(5, "Input/output error")
        return real(src, dst)

    monkeypatch.setattr(files.os, "replace", dying)
    r = fiit("--data-dir", str(changed_data), "export", "datapackage", str(target), "--force")
    assert r.code == 1 and r.stderr.startswith(f"fiit: cannot write {target}")
    assert not (target / "datapackage.json").exists()
    monkeypatch.setattr(files.os, "replace", real)
    assert fiit("--data-dir", str(changed_data), "export", "datapackage", str(target),
                "--force").code == 0
    fresh = tmp_path / "fresh"
    assert fiit("--data-dir", str(changed_data), "export", "datapackage", str(fresh)).code == 0
    assert tree(target) == {**tree(fresh), "README.md": b"ours"}
    assert leftovers(tmp_path) == []


KILL = """
import os, signal, sys
calls, stop = [], int(sys.argv[4])
def dying(real):
    def wrapper(*args, **kwargs):
        calls.append(1)
        if len(calls) == stop:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)
    return wrapper
kind = sys.argv[1]
if kind == "datapackage":
    from fiit_cli.export import datapackage as m
    m.to_csv = dying(m.to_csv)
elif kind == "hsds":
    from fiit_cli.export import hsds as m
    m._dump = dying(m._dump)
else:
    import sqlite_utils
    sqlite_utils.db.Table.insert_all = dying(sqlite_utils.db.Table.insert_all)
from fiit_cli.cli import app
sys.argv = ["fiit", "--data-dir", sys.argv[3], "export", kind, sys.argv[2], "--force"]
app()
"""


@pytest.mark.parametrize("kind,name", KINDS)
def test_a_killed_export_leaves_the_old_one_and_the_next_run_cleans_up(tmp_path, changed_data,
                                                                      kind, name):
    target = tmp_path / name
    assert fiit("export", kind, str(target)).code == 0
    before = tree(target)
    r = subprocess.run([sys.executable, "-c", KILL, kind, str(target), str(changed_data),
                        str(STOP_AT[kind])],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == -signal.SIGKILL, r.stderr
    assert tree(target) == before  # the old export, whole
    assert len(leftovers(tmp_path)) == 1  # killed: it could not clean up
    assert fiit("--data-dir", str(changed_data), "export", kind, str(target),
                "--force").code == 0
    assert leftovers(tmp_path) == []
    assert tree(target) != before


def test_a_staging_folder_in_use_is_left_alone(tmp_path):
    import fcntl

    busy = tmp_path / ".pkg.fiit-abcd1234.tmp"
    busy.mkdir()
    fd = os.open(busy, os.O_RDONLY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        assert fiit("export", "datapackage", str(tmp_path / "pkg")).code == 0
        assert busy.is_dir()
    finally:
        os.close(fd)
    assert fiit("export", "datapackage", str(tmp_path / "pkg"), "--force").code == 0
    assert not busy.exists()
    other = tmp_path / ".pkg.backup.tmp"  # not a name of fiit's: never touched
    other.mkdir()
    assert fiit("export", "datapackage", str(tmp_path / "pkg"), "--force").code == 0
    assert other.is_dir()


def test_a_refresh_swaps_the_folder_whole(tmp_path, changed_data):
    """A target holding only fiit's export is exchanged for the new one in one step (the
    folder itself is a new one), never rewritten file by file."""
    target = tmp_path / "pkg"
    assert fiit("export", "datapackage", str(target)).code == 0
    before, inode = tree(target), os.stat(target).st_ino
    assert fiit("--data-dir", str(changed_data), "export", "datapackage", str(target),
                "--force").code == 0
    assert tree(target) != before
    assert os.stat(target).st_ino != inode
    assert leftovers(tmp_path) == []
