"""Helpers the text writers share: data shown literally, inline items as words."""

from __future__ import annotations

import re

from fiit_cli.doc import Choice, Flag, Link, Mark, Phone, Span, Text
from fiit_cli.vocab import label

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def literal(text: str) -> str:
    """Data shown as text: control characters (escape codes) made visible, never obeyed."""
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


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
