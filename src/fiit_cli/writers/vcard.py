"""vcard: vCard 4.0 (RFC 6350) contact cards, one per organisation or hotline service."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fiit_cli.doc import Card, Document
    from fiit_cli.settings import Env


# Anything a reader might take for a line end (CR LF, a bare CR or LF, NEL, the Unicode line
# and paragraph separators), and every other control character: a value holding one could
# end its line and begin a forged property, or a forged card.
_BREAK = re.compile("\r\n|[\r\n\x0b\x0c\x85\u2028\u2029]")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """A value on one line: line ends as the two characters \\n, other controls dropped."""
    return _CONTROL.sub(lambda m: " " if m.group() == "\t" else "", _BREAK.sub("\\\\n", text))


def escape(text: str) -> str:
    """Escape a text value: backslash, comma, semicolon, and anything that ends a line."""
    return clean(text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;"))


def fold(line: str) -> str:
    """Fold a content line at 75 octets, never inside a UTF-8 character."""
    out: list[str] = []
    current = ""
    size = 0
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > 75:
            out.append(current)
            current, size = " ", 1
        current += ch
        size += n
    out.append(current)
    return "\r\n".join(out)


def card(c: Card) -> list[str]:
    lines = ["BEGIN:VCARD", "VERSION:4.0", f"FN:{escape(c.name)}", f"ORG:{escape(c.org)}",
             "KIND:org"]
    lines += [f"TEL;VALUE=uri;TYPE=voice:tel:{escape(p.e164)}" for p in c.phones if p.e164]
    lines += [f"EMAIL:{escape(e)}" for e in c.emails]
    lines += [f"URL:{escape(u if '://' in u else 'http://' + u)}" for u in c.urls]
    lines.append("CATEGORIES:" + ",".join(escape(x) for x in c.categories))
    street = escape(", ".join(c.address))
    lines.append(f"ADR;TYPE=work:;;{street};;;;{escape(c.country)}")
    lines.append("NOTE:" + escape(c.note))
    lines.append("END:VCARD")
    return [fold(line) for line in lines]


def write(doc: Document, env: Env) -> None:
    """Write the cards as bytes: vCard lines end in CRLF, so no newline translation applies."""
    text = "".join(line + "\r\n" for c in doc.cards or [] for line in card(c))
    env.out.flush()
    buffer = getattr(env.out, "buffer", None)
    if buffer is None:
        env.out.write(text)
        return
    buffer.write(text.encode("utf-8"))
    buffer.flush()
