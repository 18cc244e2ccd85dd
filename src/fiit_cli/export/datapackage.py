"""A Tabular Data Package (frictionlessdata.io): one CSV per table and ``datapackage.json``.

Each resource has a Table Schema with field types, enums for the three-valued facts,
required fields, a primary key and foreign keys. CSV files are UTF-8 with ``\\n`` line ends;
an empty cell is a missing value; a text cell a spreadsheet would run as a formula gets a
leading ``'`` (:func:`fiit_cli.doc.spreadsheet_cell`, said in the package's description).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from fiit_cli import __version__
from fiit_cli.doc import spreadsheet_cell
from fiit_cli.export.files import Progress, created, write_tree
from fiit_cli.export.tables import Field, Table

TITLE = "FIIT – Foster and Improve Integration of Trafficked persons (IOM, 2013): the data"
DESCRIPTION = (
    "The IOM toolkit 'FIIT – Foster and Improve Integration of Trafficked persons' (2013) as "
    "tables: five country profiles (Belgium, France, Italy, Hungary, United Kingdom) in nine "
    "sections each (residence permits, accommodation, health, legal assistance, language "
    "courses, professional integration, challenges, contacts, figures), the annex of "
    "counter-trafficking hotlines of 26 EU member states, and Part II's successful practices; "
    "with fiit's since-2013 records, kept apart. Names, numbers, addresses, phones, emails "
    "and URLs are as printed; notes and summaries are in fiit's own words. The data is "
    "2013's: check contacts before acting on them."
)
SPREADSHEET_NOTE = (
    " In the CSV files, a text cell that begins with =, +, -, @, a tab, a carriage return or "
    "an apostrophe is written with one more apostrophe in front (\"'+32 2 511 64 64\"), so "
    "that a spreadsheet shows it rather than running it as a formula: drop the first "
    "character of a cell that begins with an apostrophe to read the value as printed."
)
PUBLISHER = "International Organization for Migration (IOM)"
LICENCE_NOTE = (
    "The content is IOM's (© 2013 International Organization for Migration). fiit quotes "
    "names, numbers and short facts as printed and words its notes itself; it is an "
    "independent reference tool, not published or endorsed by IOM. No open licence is "
    "granted for the toolkit's content."
)


def source() -> dict:
    from fiit_cli.vocab import TOOLKIT_TITLE

    return {"title": TOOLKIT_TITLE, "publisher": PUBLISHER, "year": 2013}


def _field(f: Field) -> dict:
    out: dict = {"name": f.name, "type": f.type, "description": f.description}
    if f.type == "date":
        out["format"] = "default"
    constraints: dict = {}
    if f.required:
        constraints["required"] = True
    if f.enum:
        constraints["enum"] = list(f.enum)
    if constraints:
        out["constraints"] = constraints
    return out


def _schema(table: Table) -> dict:
    schema: dict = {"fields": [_field(f) for f in table.fields], "primaryKey": ["id"],
                    "missingValues": [""]}
    if table.foreign_keys:
        schema["foreignKeys"] = [
            {"fields": [name], "reference": {"resource": ref, "fields": ["id"]}}
            for name, ref in table.foreign_keys]
    return schema


def to_csv(table: Table) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    # Python's csv quotes a cell for the characters of its line end only: a bare CR would be
    # written unquoted and split the row for every reader. Such a row is quoted whole.
    quoted = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_ALL)
    names = [f.name for f in table.fields]
    writer.writerow(names)
    for row in table.rows:
        cells = ["" if row[n] is None else spreadsheet_cell(row[n]) for n in names]
        cr = any(isinstance(c, str) and "\r" in c for c in cells)
        (quoted if cr else writer).writerow(cells)
    return buf.getvalue()


def descriptor(tables: list[Table]) -> dict:
    checked = [r["checked"] for t in tables if t.name == "updates" for r in t.rows]
    return {
        "profile": "tabular-data-package",
        "name": "fiit",
        "title": TITLE,
        "description": DESCRIPTION + SPREADSHEET_NOTE,
        "version": __version__,
        "created": created(checked),
        "licenses": [{"name": "other-closed", "title": LICENCE_NOTE}],
        "sources": [source()],
        "keywords": ["human trafficking", "victims of trafficking", "integration",
                     "residence permits", "hotlines", "IOM", "European Union"],
        "resources": [{
            "name": t.name, "path": f"{t.name}.csv", "profile": "tabular-data-resource",
            "title": t.title, "description": t.description, "format": "csv",
            "mediatype": "text/csv", "encoding": "utf-8", "schema": _schema(t)}
            for t in tables],
    }


def write(tables: list[Table], target: Path, force: bool = False,
          progress: Progress = None) -> list[Path]:
    """Write the package into ``target``, whole; return the files written."""
    meta = descriptor(tables)  # before anything is written: a bad SOURCE_DATE_EPOCH stops here

    def files():
        for table in tables:
            if progress:
                progress(f"{table.name}.csv ({len(table.rows)} rows)")
            yield f"{table.name}.csv", to_csv(table).encode("utf-8")
        yield "datapackage.json", (json.dumps(meta, ensure_ascii=False, indent=2)
                                   + "\n").encode("utf-8")

    return write_tree(target, force, "datapackage", files(), "datapackage.json")
