"""Records marked `confidential: true` (issue 22, item 11).

An organisation keeps in its own layer what must not be published: a safe house's address, a
contact person's own phone. Screen views show such a record marked; what is published (the
exports, `brief -f html`, vCards) leaves it out unless `--include-confidential`, and says on
stderr how many were left out.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from fiit_cli.loader import shipped_data_dir
from tests.helpers import fiit

ORG = "INTERNATIONAL ORGANIZATION FOR MIGRATION (IOM)"
RECORD = f'''updates:
  - id: "it-safe-house-rome"
    country: "italy"
    concerns:
      section: "contacts"
      organisation: "{ORG}"
    kind: "new"
    topic: "contact"
    title: "Safe house in Rome"
    now: "Women with children are taken in at the safe house."
    phones: ["+39 06 0000 1111"]
    sources:
      - url: "https://example.org/safe-house"
        title: "Partner note"
        publisher: "Our NGO"
    checked: "2026-12-01"
    confidential: true
'''
SECRET = "+39 06 0000 1111"
LEFT_OUT = "fiit: 1 confidential record left out of {} (--include-confidential to keep them)\n"


@pytest.fixture
def local(tmp_path) -> dict:
    (tmp_path / "updates").mkdir()
    (tmp_path / "updates" / "italy.yaml").write_text(RECORD, encoding="utf-8")
    return {"FIIT_LOCAL_DIR": str(tmp_path)}


@pytest.fixture
def data_dir(tmp_path) -> Path:
    """An organisation's own data directory whose updates hold a confidential record."""
    data = tmp_path / "data"
    shutil.copytree(shipped_data_dir(), data)
    path = data / "updates" / "italy.yaml"
    path.write_text(path.read_text(encoding="utf-8") + RECORD.split("updates:\n", 1)[1],
                    encoding="utf-8")
    return data


# ---------------------------------------------------------------- on screen: shown, marked


@pytest.mark.parametrize("fmt", ["plain", "table", "markdown"])
def test_screen_views_show_it_marked_confidential(local, fmt):
    r = fiit("show", "italy", "contacts", "-f", fmt, env=local, width=200)
    assert r.code == 0, r.stderr
    head = next(line for line in r.stdout.splitlines() if "Safe house" in line
                or ("checked 2026-12-01" in line))
    assert "CONFIDENTIAL — not for publication" in r.stdout
    assert SECRET in r.stdout and head
    assert "left out" not in r.stderr  # shown, not withheld


def test_updates_lists_it_as_confidential(local):
    out = fiit("updates", "italy", env=local).stdout
    block = out[out.index("Safe house in Rome"):]
    assert "Confidential: CONFIDENTIAL — not for publication" in block
    data = fiit("updates", "italy", "-f", "json", env=local).json()
    mine = [u for u in data if u["id"] == "it-safe-house-rome"]
    assert mine and mine[0]["confidential"] is True
    assert all("confidential" not in u for u in data if u["id"] != "it-safe-house-rome")


def test_brief_on_screen_shows_it_marked(local):
    r = fiit("brief", "italy", env=local)
    assert r.code == 0 and SECRET in r.stdout and "CONFIDENTIAL" in r.stdout
    assert "left out" not in r.stderr


# ---------------------------------------------------------------- published: left out


def test_brief_html_leaves_it_out_and_says_so(local):
    r = fiit("brief", "italy", "-f", "html", env=local)
    assert r.code == 0
    assert SECRET not in r.stdout and "Safe house" not in r.stdout
    assert r.stderr == LEFT_OUT.format("the brief")
    r = fiit("brief", "italy", "-f", "html", "--include-confidential", env=local)
    assert SECRET in r.stdout and "CONFIDENTIAL — not for publication" in r.stdout
    assert r.stderr == ""


def test_vcards_never_carry_it(local):
    for args in (["show", "italy", "contacts"], ["hotline", "italy"]):
        r = fiit(*args, "-f", "vcard", env=local)
        assert r.code == 0, r.stderr
        assert "0000 1111" not in r.stdout and "+390600001111" not in r.stdout
        assert "fiit: 1 confidential record left out of the cards\n" in r.stderr


def test_exports_never_publish_the_local_layer(local, tmp_path):
    assert fiit("export", "datapackage", str(tmp_path / "pkg"), env=local).code == 0
    assert "it-safe-house-rome" not in (tmp_path / "pkg" / "updates.csv").read_text(
        encoding="utf-8")


def test_datapackage_leaves_it_out_and_says_so(data_dir, tmp_path):
    r = fiit("--data-dir", str(data_dir), "export", "datapackage", str(tmp_path / "pkg"))
    assert r.code == 0
    assert r.stderr == LEFT_OUT.format("the export")
    text = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "pkg").glob("*.csv"))
    assert "it-safe-house-rome" not in text and SECRET not in text
    r = fiit("--data-dir", str(data_dir), "export", "datapackage", str(tmp_path / "all"),
             "--include-confidential")
    assert r.code == 0 and r.stderr == ""
    assert "it-safe-house-rome" in (tmp_path / "all" / "updates.csv").read_text(encoding="utf-8")


def test_sqlite_leaves_it_out_and_says_so(data_dir, tmp_path):
    r = fiit("--data-dir", str(data_dir), "export", "sqlite", str(tmp_path / "fiit.db"))
    assert r.code == 0 and r.stderr == LEFT_OUT.format("the export")
    conn = sqlite3.connect(tmp_path / "fiit.db")
    ids = {row[0] for row in conn.execute("SELECT id FROM updates")}
    conn.close()
    assert "it-safe-house-rome" not in ids and ids


def test_hsds_leaves_it_out_and_says_so(data_dir, tmp_path):
    r = fiit("--data-dir", str(data_dir), "export", "hsds", str(tmp_path / "hsds"))
    assert r.code == 0 and r.stderr == LEFT_OUT.format("the export")
    text = "".join(p.read_text(encoding="utf-8")
                   for p in (tmp_path / "hsds" / "organizations").glob("*.json"))
    assert "2026-12-01" not in text  # its check would have been the IOM office's assured_date
    r = fiit("--data-dir", str(data_dir), "export", "hsds", str(tmp_path / "all"),
             "--include-confidential")
    text = "".join(p.read_text(encoding="utf-8")
                   for p in (tmp_path / "all" / "organizations").glob("*.json"))
    assert '"assured_date": "2026-12-01"' in text


# ---------------------------------------------------------------- the schema


def test_the_key_is_validated(tmp_path):
    (tmp_path / "updates").mkdir()
    (tmp_path / "updates" / "italy.yaml").write_text(
        RECORD.replace("confidential: true", 'confidential: "yes"'), encoding="utf-8")
    r = fiit("validate", str(tmp_path))
    assert r.code == 1
    assert "confidential" in r.stdout + r.stderr
    schema = json.loads(fiit("schema", "updates").stdout)
    update = schema["$defs"]["Update"]["properties"]["confidential"]
    assert update["type"] == "boolean" and update["default"] is False


def test_shipped_data_holds_nothing_confidential():
    from fiit_cli.updates import is_confidential, load_updates

    records, _ = load_updates(with_local=False)
    assert [r.id for r in records if is_confidential(r)] == []


def test_docs_say_how():
    root = Path(__file__).parents[1]
    assert "confidential: true" in (root / "docs" / "DATA.md").read_text(encoding="utf-8")
    assert "--include-confidential" in (root / "README.md").read_text(encoding="utf-8")
