"""Helpers the text writers share: data shown literally, inline items as words."""

from __future__ import annotations

import re
from typing import Any

from fiit_cli.doc import Choice, Flag, Link, Mark, Phone, Span, Text
from fiit_cli.vocab import label

# What data must never send to a terminal or a page as it is: C0 controls but tab and newline
# (ESC starts every escape sequence), DEL, C1 controls (\x9b is a one-byte CSI), the bidi
# embeddings, overrides and isolates (U+202A-202E, U+2066-2069: "1234 567 080" shown as
# "080 765 4321"), and the line and paragraph separators (U+2028, U+2029).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def _visible(m: re.Match) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def literal(text: str) -> str:
    """Data shown as text: control characters (escape codes, bidi overrides) made visible as
    ``\\x1b`` or ``\\u202e``, never obeyed. The one sanitiser: every writer and every
    message on stderr passes data through it (link targets too)."""
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(_visible, text)


LONGEST_WORD = 120  # characters of one word of a message shown whole
LONGEST_MESSAGE = 1000  # characters of a message shown whole


def one_line(message: str) -> str:
    """A message for stderr: one line (newlines and tabs as spaces), control characters made
    visible, and a huge word or message (a 100 KB argument) cut, saying how much was left
    out."""
    words = []
    for word in message.split():
        if len(word) > LONGEST_WORD:
            word = f"{word[:60]}…[{len(word) - 60:,} more characters]"
        words.append(word)
    text = " ".join(words)
    if len(text) > LONGEST_MESSAGE:
        cut = LONGEST_MESSAGE - 40
        text = f"{text[:cut]}…[{len(text) - cut:,} more characters]"
    return literal(text)


def flag_text(f: Flag) -> str:
    return f"{label(f.value)} — {f.condition}" if f.condition else label(f.value)


def phone_text(p: Phone) -> str:
    """A number as printed, then the form to dial where it differs, or what qualifies it."""
    if p.intl and p.note:
        return f"{p.printed}  ({p.note}: {p.intl})"
    if p.intl:
        return f"{p.printed}  (intl: {p.intl})"
    if p.note:
        return f"{p.printed}  ({p.note})"
    return p.printed


def inline(item: object, marks: tuple[str, str] = ("«", "»")) -> str:
    """An inline item as words, for writers without styles (plain, markdown, csv-like)."""
    if isinstance(item, Text):
        return item.text
    if isinstance(item, Flag):
        return flag_text(item)
    if isinstance(item, Phone):
        return phone_text(item)
    if isinstance(item, Link):
        return item.text
    if isinstance(item, Span):
        return "".join(f"{marks[0]}{p.text}{marks[1]}" if isinstance(p, Mark) else p.text
                       for p in item.parts)
    if isinstance(item, Choice):
        return f"{item.label}: " + "; ".join(inline(i, marks) for i in item.items)
    raise TypeError(f"not an inline item: {item!r}")


def update_marks(u: Any) -> str:
    """What a since-2013 record's heading says of where it comes from, after its kind and
    date: local, EU-level, confidential (" · local — …"), the same in every writer."""
    from fiit_cli.vocab import CONFIDENTIAL_MARK

    marks = ["local — your organisation's, not the toolkit's"] if u.local else []
    marks += [u.level] if u.level else []
    marks += [CONFIDENTIAL_MARK] if u.confidential else []
    return "".join(f" · {m}" for m in marks)
