"""A person's situation, and what the toolkit says about someone in it.

Nothing here prints or reads files: records in, verdicts out. A verdict is one of four:
``yes`` (the toolkit says so), ``partly`` (it qualifies it; the note says how), ``no`` (with
the reason), or ``not stated`` (the toolkit does not say: never counted as a match).
"""

from __future__ import annotations

import difflib
from typing import Any

from fiit_cli.struct import field, struct

# The needs `fiit find` answers, the names each answers to, and the profile section it reads.
NEEDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "shelter": ("accommodation", ("accommodation", "housing", "shelters")),
    "permit": ("permits", ("permits", "residence", "residence-permit", "reflection")),
    "health": ("health", ("healthcare", "medical", "psychosocial", "psychological")),
    "legal": ("legal", ("lawyer", "legal-aid", "legal-assistance", "law")),
    "language": ("language", ("languages", "courses", "language-courses", "lessons")),
    "training": ("employment", ("vocational-training", "vocational")),
    "work": ("employment", ("employment", "job", "jobs")),
}

VERDICTS = ("yes", "partly", "not stated", "no")
# How each verdict heads its group in a country's answer.
GROUP = {"yes": "Matches", "partly": "Partly (see the note)",
         "not stated": "Unknown: not stated in the toolkit", "no": "Does not match"}


class UnknownNeed(LookupError):
    def __init__(self, query: str) -> None:
        names = list(NEEDS) + [a for _, aliases in NEEDS.values() for a in aliases]
        close = difflib.get_close_matches(query.lower(), names, n=1, cutoff=0.6)
        self.suggestion = next((n for n, (_, al) in NEEDS.items()
                                if close and (close[0] == n or close[0] in al)), None)
        hint = f" Did you mean {self.suggestion!r}?" if self.suggestion else ""
        super().__init__(f"unknown need {query!r}.{hint} Needs: {', '.join(NEEDS)}.")


def need_of(name: str) -> str:
    key = name.strip().lower().replace("_", "-").replace(" ", "-")
    for need, (_, aliases) in NEEDS.items():
        if key == need or key in aliases:
            return need
    raise UnknownNeed(name)


# ---------------------------------------------------------------- the situation

# situation key → (the acceptance field of a structure, how the group reads)
GROUPS: dict[str, tuple[str, str]] = {
    "minor": ("minors", "minors"),
    "adult": ("adults", "adults"),
    "woman": ("women", "women"),
    "man": ("men", "men"),
    "national": ("nationals", "nationals"),
    "eu-national": ("eu_nationals", "EU nationals"),
    "third-country": ("third_country_nationals", "third-country nationals"),
}
# the other group of a pair, for a reason that reads "adults only"
OTHER = {"minor": "adult", "adult": "minor", "woman": "man", "man": "woman"}


@struct(frozen=True)
class Situation:
    """Who the person is: any of the groups above, and whether only free services will do."""

    groups: tuple[str, ...] = ()
    free: bool = False

    def describe(self) -> str:
        words = {"minor": "a minor", "adult": "an adult", "woman": "a woman", "man": "a man",
                 "national": "a national", "eu-national": "an EU national",
                 "third-country": "a third-country national"}
        parts = [words[g] for g in self.groups]
        if self.free:
            parts.append("free of charge only")
        return ", ".join(parts) if parts else "anyone"

    def flags(self) -> list[str]:
        return [f"--{g}" for g in self.groups] + (["--free"] if self.free else [])


# ---------------------------------------------------------------- verdicts


@struct
class Check:
    """One criterion of a verdict: what was checked, the value the data holds, a note."""

    label: str
    value: str  # yes | partly | no | not stated
    note: str | None = None


@struct
class Verdict:
    value: str  # yes | partly | no | not stated
    reasons: list[str] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)


def combine(checks: list[Check]) -> Verdict:
    """All criteria together: any no → no; else any not stated → unknown; else any partly."""
    for value in ("no", "not stated", "partly"):
        hits = [c for c in checks if c.value == value]
        if hits:
            return Verdict(value, [reason(c) for c in hits], checks)
    return Verdict("yes", [], checks)


def reason(c: Check) -> str:
    word = "not stated in the toolkit" if c.value == "not stated" else c.value
    return f"{c.label}: {word}" + (f" ({c.note})" if c.note else "")


def acceptance_checks(accepted: Any, situation: Situation) -> list[Check]:
    """A structure's acceptance flags for the person's groups, with the reason for a no."""
    out = []
    for g in situation.groups:
        attr, label = GROUPS[g]
        value = getattr(accepted, attr)
        note = None
        about = [n for n in accepted.notes if label.split()[0].lower().rstrip("s") in n.lower()]
        if value == "no" and about:
            note = " ".join(about)
        elif value == "no" and g in OTHER and getattr(accepted, GROUPS[OTHER[g]][0]) == "yes":
            note = f"{GROUPS[OTHER[g]][1]} only"
        elif value == "partly":
            note = " ".join(accepted.notes) or None
        out.append(Check(label, value, note))
    return out


def availability(value: str, label: str = "available", note: str | None = None) -> Check:
    return Check(label, value, note)


def free_check(value: str, note: str | None) -> Check:
    """Free of charge: a 'yes' with a condition stays a yes, the condition shown beside it."""
    return Check("free of charge", value, note)
