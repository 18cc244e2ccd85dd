"""What every view shares: citations, source lines, and contact details as typed nodes."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from fiit_cli.doc import Link, Note, Phone, Text
from fiit_cli.vocab import TOOLKIT, TOOLKIT_TITLE

if TYPE_CHECKING:
    from fiit_cli import models as m


def citation(what: str) -> str:
    """A ready-to-paste reference to the toolkit, naming the part that was shown."""
    from fiit_cli import __version__

    return (f"International Organization for Migration (IOM) (2013). {TOOLKIT_TITLE}. "
            f"{what}. Consulted with fiit {__version__}; the information dates from 2013.")


def where(source: m.Source) -> str:
    """A section's place in the toolkit: its page where the text gives one, else its heading."""
    heading = f"“{source.heading}”"
    return f"{heading}, p. {source.page}" if source.page is not None else heading


def source_line(source: m.Source) -> str:
    place = f"p. {source.page}" if source.page is not None else "page not given in the text"
    return f"Source: {TOOLKIT}, {place}, section “{source.heading}”"


def print_notes(notes: list[m.PrintNote]) -> list[Note]:
    return [Note(pn.note, "print", pn.printed) for pn in notes]


def remarks(texts: list[str]) -> list[Note]:
    return [Note(t, "remark") for t in texts]


def phone(printed: str) -> Phone:
    """A profile phone as printed, with its international form when that reads differently."""
    from fiit_cli.phones import e164_from_printed, international

    e164 = e164_from_printed(printed)
    if not e164:
        return Phone(printed)
    readable = international(e164)
    return Phone(printed, e164, None if readable == printed.strip() else readable)


def hotline_phone(n: m.HotlineNumber) -> Phone:
    """An annex number exactly as printed, with the form to dial from abroad where it differs."""
    if not n.e164:
        return Phone(n.printed, None, None, "short number: dial it inside the country")
    digits = "".join(ch for ch in n.printed if ch.isdigit())
    if n.printed.lstrip().startswith("+") and digits == n.e164[1:]:
        return Phone(n.printed, n.e164)  # already printed in international form
    return Phone(n.printed, n.e164, n.e164, "from abroad")


def email(address: str) -> Link:
    return Link(address, f"mailto:{address}")


_URL = re.compile(r"(?:https?://|www\.)\S+")


def web(address: str) -> Link | Text:
    """A web address as printed, linked when it reads as one."""
    if not _URL.match(address):
        return Text(address)
    return Link(address, address if "://" in address else "http://" + address)


def unpublished(records: list | None) -> tuple[list | None, list[str]]:
    """Records for cards, which are published: those marked confidential left out, and the
    line that says how many (vCards carry no confidential record)."""
    if not records:
        return records, []
    from fiit_cli.updates import publishable

    kept, withheld = publishable(records)
    plural = "s" if withheld != 1 else ""
    return kept, [f"{withheld} confidential record{plural} left out of the cards"] if withheld \
        else []
