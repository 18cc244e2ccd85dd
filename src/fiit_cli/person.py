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

VERDICTS = ("yes", "partly", "depends", "not stated", "no")
# How each verdict heads its group in a country's answer.
GROUP = {"yes": "Matches", "partly": "Partly (see the note)",
         "depends": "Depends on the person's situation (yes, if …)",
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


# the person's residence status (--regular / --irregular / --asylum-seeker)
RESIDENCE = {"regular": "staying regularly", "irregular": "staying irregularly",
             "asylum-seeker": "an asylum seeker"}


@struct(frozen=True)
class Situation:
    """Who the person is: any of the groups above, whether only free services will do, and
    what is known of their stay, identification, cooperation and permit (None: not given)."""

    groups: tuple[str, ...] = ()
    free: bool = False
    residence: str | None = None  # regular | irregular | asylum-seeker
    identified: str | None = None  # identified | presumed
    cooperating: bool | None = None
    permit: bool | None = None

    def describe(self) -> str:
        words = {"minor": "a minor", "adult": "an adult", "woman": "a woman", "man": "a man",
                 "national": "a national", "eu-national": "an EU national",
                 "third-country": "a third-country national"}
        parts = [words[g] for g in self.groups]
        if self.residence:
            parts.append(RESIDENCE[self.residence])
        if self.identified:
            parts.append("formally identified as a VoT" if self.identified == "identified"
                         else "a presumed VoT")
        if self.cooperating is not None:
            parts.append("cooperating with the authorities" if self.cooperating
                         else "not cooperating with the authorities")
        if self.permit is not None:
            parts.append("holding a residence permit" if self.permit
                         else "without a residence permit")
        if self.free:
            parts.append("free of charge only")
        return ", ".join(parts) if parts else "anyone"

    def flags(self) -> list[str]:
        out = [f"--{g}" for g in self.groups]
        if self.residence:
            out.append(f"--{self.residence}")
        if self.identified:
            out.append(f"--{self.identified}")
        if self.cooperating is not None:
            out.append("--cooperating" if self.cooperating else "--not-cooperating")
        if self.permit is not None:
            out.append("--with-permit" if self.permit else "--without-permit")
        return out + (["--free"] if self.free else [])

    def data(self) -> dict:
        return {"groups": list(self.groups), "free": self.free, "residence": self.residence,
                "identified": self.identified, "cooperating": self.cooperating,
                "permit": self.permit}


def meets(tag: str, s: Situation) -> bool | None:
    """Whether the person meets one condition tag: True, False, or None (not known).

    Like a marker evaluated against an environment; what the situation does not say is
    unknown, never true. Only what follows from the words themselves is derived: someone
    staying irregularly holds no permit; someone holding a permit stays regularly.
    """
    if tag == "regular-stay":
        if s.residence == "regular" or s.permit:
            return True
        return False if s.residence == "irregular" else None
    if tag == "irregular-stay":
        if s.residence == "irregular":
            return True
        return False if s.residence in ("regular", "asylum-seeker") or s.permit else None
    if tag == "asylum-seeker":
        return None if s.residence is None else s.residence == "asylum-seeker"
    if tag == "eu-national":
        if "eu-national" in s.groups:
            return True
        return False if {"national", "third-country"} & set(s.groups) else None
    if tag == "presumed-vot":
        return True if s.identified else None
    if tag == "identified-vot":
        return None if s.identified is None else s.identified == "identified"
    if tag == "cooperating":
        return s.cooperating
    if tag == "residence-permit":
        if s.permit is not None:
            return s.permit
        return False if s.residence == "irregular" else None
    return None  # social-security, limited-means, flanders: fiit is never told


# ---------------------------------------------------------------- verdicts


@struct
class Check:
    """One criterion of a verdict: what was checked, the value the data holds, a note."""

    label: str
    value: str  # yes | partly | depends | no | not stated
    note: str | None = None


@struct
class Verdict:
    value: str  # yes | partly | no | not stated
    reasons: list[str] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)


def combine(checks: list[Check]) -> Verdict:
    """All criteria together: any no → no; else any not stated → unknown; else any that
    depends on what the situation does not say → depends; else any partly."""
    for value in ("no", "not stated", "depends", "partly"):
        hits = [c for c in checks if c.value == value]
        if hits:
            return Verdict(value, [reason(c) for c in hits], checks)
    return Verdict("yes", [], checks)


def reason(c: Check) -> str:
    from fiit_cli.vocab import label

    word = label(c.value)
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
