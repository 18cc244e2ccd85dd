"""vCard 4.0 (RFC 6350) referral cards for hotlines: one card per hotline."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fiit_cli.models import CountryHotlines


def escape(text: str) -> str:
    """Escape a text value: backslash, comma, semicolon and newlines."""
    return (
        text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line at 75 octets, never inside a UTF-8 character."""
    out: list[str] = []
    current = ""
    size = 0
    limit = 75
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > limit:
            out.append(current)
            current, size, limit = " ", 1, 75
        current += ch
        size += n
    out.append(current)
    return "\r\n".join(out)


def cards(country: CountryHotlines, note: str) -> str:
    """The country's hotlines as vCards, CRLF line endings."""
    out: list[str] = []
    for h in country.hotlines:
        lines = [
            "BEGIN:VCARD",
            "VERSION:4.0",
            f"FN:{escape(h.service)}",
            f"ORG:{escape(h.operated_by or h.service)}",
            "KIND:org",
        ]
        for n in h.numbers:
            if n.e164:
                lines.append(f"TEL;VALUE=uri;TYPE=voice:tel:{n.e164}")
        lines.append("CATEGORIES:" + ",".join(escape(c) for c in _categories(country)))
        lines.append(f"ADR;TYPE=work:;;;;;;{escape(country.name)}")
        details = [d for d in (h.purpose, h.language) if d]
        printed = "; ".join(n.printed for n in h.numbers)
        details.append(f"Number as printed: {printed}")
        details += [n.note for n in h.numbers if n.note]
        details.append(note)
        lines.append("NOTE:" + escape(" — ".join(details)))
        lines.append("END:VCARD")
        out += [fold(line) for line in lines]
    return "".join(line + "\r\n" for line in out)


def _categories(country: CountryHotlines) -> Iterable[str]:
    return ("counter-trafficking hotline", country.name)
