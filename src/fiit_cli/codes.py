"""Stable codes for data problems (`fiit validate`), one per class of error."""

CODES = {
    "FIIT001": "YAML syntax error",
    "FIIT002": "duplicate key",
    "FIIT003": "YAML tag refused (e.g. !!python/object): nothing in the data is ever run",
    "FIIT004": "file not readable as UTF-8",
    "FIIT005": "empty file",
    "FIIT010": "unknown field",
    "FIIT011": "missing field",
    "FIIT012": "wrong type or value",
    "FIIT013": "missing source",
    "FIIT014": "id does not match the file name",
    "FIIT020": "phone number does not parse",
    "FIIT021": "name or alias shared by two countries",
    "FIIT022": "missing file or directory",
    "FIIT023": "reference to something that does not exist",
    "FIIT024": "since-2013 record id used twice",
    "FIIT025": "since-2013 record's country does not match its file",
    "FIIT026": "date malformed, not in the calendar, or in the future",
    "FIIT027": "condition tag not in the vocabulary (docs/DATA.md)",
    "FIIT028": "search (searches/) for a country that is not its file's, or has no profile",
}
