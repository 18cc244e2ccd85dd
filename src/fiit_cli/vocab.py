"""One vocabulary, shared by views, comparisons and every writer.

The three-valued facts and their relatives (partly, not applicable), how each reads in a
sentence, how it looks in a table with and without colour, and the fixed lines fiit says.
"""

from __future__ import annotations

from fiit_cli.struct import struct


@struct(frozen=True)
class Word:
    value: str  # as stored in the data (and written to csv / json)
    label: str  # how a person reads it
    symbol: str  # in comparison tables, so it stands out without colour
    style: str  # Rich style on a colour terminal


WORDS: dict[str, Word] = {w.value: w for w in (
    Word("yes", "yes", "yes", ""),
    Word("no", "no", "✗ no", "red"),
    Word("partly", "partly", "partly", ""),
    Word("not stated", "not stated in the toolkit", "? not stated", "dim italic"),
    Word("depends", "yes", "yes, if", "italic"),  # "yes — if the person …: “…”"
    Word("not applicable", "not applicable", "– not applicable", "dim"),
    Word("empty", "", "", ""),
)}

NOT_STATED = WORDS["not stated"].label


def label(value: str) -> str:
    """How a stored value reads: 'not stated' → 'not stated in the toolkit'."""
    word = WORDS.get(value)
    return word.label if word else value


MARK_DIFFERS = "≠"
LEGEND = (f"{MARK_DIFFERS} the countries differ · ✗ no · ? not stated in the toolkit "
          "· – not applicable · a yes or no with nothing beside it: no condition stated in "
          "the toolkit (a condition it prints is always shown with the value)")

DATA_AGE = (
    "Data as published in 2013 (IOM FIIT toolkit); laws, services, phones and addresses "
    "may have changed since. Check before acting on them."
)
TOOLKIT = "IOM, FIIT toolkit (2013)"
TOOLKIT_TITLE = (
    "FIIT – Foster and Improve Integration of Trafficked persons: an overview of national "
    "integration schemes accessible to victims of trafficking and successful practices"
)
NOTES_HEADING = "Notes on the 2013 text"
SINCE_HEADING = "Since 2013 (not from the toolkit)"
# A record marked `confidential: true`: shown on screen with this mark, left out of what is
# published (exports, `brief -f html`, vCards) unless --include-confidential.
CONFIDENTIAL_MARK = "CONFIDENTIAL — not for publication"

STAGE_KINDS = {"reflection": "reflection stage", "temporary": "temporary stage",
               "long_term": "long-term stage"}

THEME_LABELS = {
    "identification": "Identification and first assistance",
    "coordination": "Coordination between stakeholders",
    "victim-centred": "Victim-centred approach",
}

# What a condition the toolkit prints asks of the person: the closed vocabulary of condition
# tags (docs/DATA.md). A tag stands beside the printed words it comes from, never alone.
CONDITION_TAGS = {
    "regular-stay": "the person stays regularly",
    "irregular-stay": "the person stays irregularly",
    "asylum-seeker": "the person has made an asylum claim",
    "eu-national": "the person is an EU national",
    "presumed-vot": "the person is at least a presumed victim of trafficking",
    "identified-vot": "the person is identified as a victim of trafficking",
    "cooperating": "the person cooperates with the authorities",
    "residence-permit": "the person holds a residence permit or status",
    "social-security": "the person is covered by social security",
    "limited-means": "the person lacks the means to pay",
    "flanders": "the person lives in Flanders",
}
