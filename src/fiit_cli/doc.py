"""The document model: what a view returns and every writer renders.

A view builds a :class:`Document` once, out of the small typed nodes below; each format
(table, plain, markdown, json, yaml, csv, vcard, html) is a writer in ``fiit_cli.writers``
that knows these node types and nothing about any particular view. Nothing here is a
pre-formatted string for a writer to take apart: a bullet list is a list, an either/or group
is a :class:`Choice`, a phone carries its printed and international forms, a yes/no fact is a
:class:`Flag`, and a note says whether it is a fact or a remark about the 2013 text.
"""

from __future__ import annotations

from typing import Any, Literal

from fiit_cli.struct import field, struct

# ---------------------------------------------------------------- inline values


@struct(frozen=True)
class Text:
    """A string of the data, shown literally (never parsed as markup).

    ``whole``: a command to copy or an id, which a writer never breaks across lines.
    """

    text: str
    whole: bool = False


@struct(frozen=True)
class Flag:
    """A three-valued fact (yes / no / not stated; partly, not applicable), maybe qualified."""

    value: str
    condition: str | None = None


@struct(frozen=True)
class Phone:
    """A phone number exactly as printed, with the form to dial where fiit can derive one.

    ``intl`` is a readable international form shown beside the printed one when it reads
    differently; ``e164`` is what a ``tel:`` link dials; ``note`` qualifies the number
    (e.g. "national number").
    """

    printed: str
    e164: str | None = None
    intl: str | None = None
    note: str | None = None


@struct(frozen=True)
class Link:
    """A web address or an email address, as printed; ``target`` is what a link opens."""

    text: str
    target: str


@struct(frozen=True)
class Mark:
    """A short text that a writer shows as a marker (a match in a search hit, say)."""

    text: str


@struct(frozen=True)
class Span:
    """A line made of several inline pieces (e.g. a snippet with its match marked)."""

    parts: tuple[Text | Mark, ...]


Inline = Text | Flag | Phone | Link | Span


@struct(frozen=True)
class Choice:
    """One alternative of an either/or group: its label ("Either", "Or") and its items."""

    label: str
    items: tuple[Inline, ...]


Item = Inline | Choice


# ---------------------------------------------------------------- rows and blocks


@struct
class Field:
    """A labelled value: one or more items. No items means the toolkit does not say."""

    label: str
    items: list[Item] = field(default_factory=list)
    empty: str = "not stated"  # what no items means: 'not stated', or '' for nothing at all
    since: str | None = None  # a since-2013 record changed this fact: what holds now, in brief
    path: str | None = None  # the profile field it shows (e.g. challenges.national_action_plan)


@struct
class Entity:
    """A named thing with its own fields: an organisation, a hotline service."""

    name: str
    fields: list[Field] = field(default_factory=list)


Row = Field | Entity


@struct
class Block:
    """A titled group of rows (a permit stage, a structure, a contact group)."""

    title: str | None
    rows: list[Row] = field(default_factory=list)

    def add(self, label: str, *items: Item | None, empty: str = "not stated",
            path: str | None = None) -> Field:
        row = Field(label, [i for i in items if i is not None], empty, path=path)
        self.rows.append(row)
        return row

    def add_texts(self, label: str, texts: list[str] | str | None,
                  empty: str = "not stated") -> Field:
        if texts is None:
            texts = []
        elif isinstance(texts, str):
            texts = [texts]
        return self.add(label, *(Text(t) for t in texts), empty=empty)

    def add_if(self, label: str, texts: list[str] | str | None) -> None:
        """A row only when there is something to show (editorial notes, optional extras)."""
        if texts:
            self.add_texts(label, texts)


NoteKind = Literal["print", "remark"]


@struct(frozen=True)
class Note:
    """A note about the 2013 text (a print note, a transcription remark), not a fact.

    Writers put these apart from the facts, at the end, dimmed; ``--facts-only`` hides them.
    """

    text: str
    kind: NoteKind = "remark"
    printed: str | None = None  # for a print note: the form as printed


@struct(frozen=True)
class Update:
    """Newer information (since 2013), shown apart from the toolkit's facts."""

    title: str
    kind: str  # changed | new | confirmed | ended
    now: str
    checked: str
    sources: tuple[Link, ...]
    concerns: str = ""
    local: bool = False
    stale: str | None = None  # "checked N months ago — check again"
    items: tuple[Field, ...] = ()
    level: str | None = None  # "EU-level": an EU record shown beside a member state's section
    confidential: bool = False  # not to be published: marked on screen, left out of briefs


@struct
class Section:
    """A part of a document under a heading: blocks of facts, then notes, then its source."""

    title: str | None
    blocks: list[Block] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    source: str | None = None
    updates: list[Update] = field(default_factory=list)


# ---------------------------------------------------------------- tables and comparisons

CellKind = Literal["value", "no", "not stated", "not applicable", "empty"]


@struct
class Cell:
    """One country's value in a comparison row (or a value in a listing)."""

    items: list[Item] = field(default_factory=list)
    kind: CellKind = "value"
    changed: str | None = None  # a since-2013 value, shown beside the 2013 one


@struct
class CompareRow:
    group: str | None
    label: str
    cells: list[Cell]
    path: str | None = None  # the field it shows, relative to its section (for since-2013 marks)
    # Per country, where the field's place differs (a permit stage's index): profile paths.
    paths: list[list[str]] | None = None

    @property
    def differs(self) -> bool:
        """Do the countries' values differ? Not where only a final full stop or the spacing
        does ("… of trafficking." and "… of trafficking")."""
        return len({(c.kind, tuple(_key(i) for i in c.items)) for c in self.cells}) > 1


def _key(item: Any) -> tuple[str, str]:
    """What a value says, for comparison: its kind and words, spacing and a final stop aside."""
    return type(item).__name__, " ".join(raw(item).split()).rstrip(" .;,:")


@struct
class Comparison:
    """Countries as columns, rows aligned by meaning, under a heading."""

    heading: str
    names: list[str]
    rows: list[CompareRow] = field(default_factory=list)


@struct
class Table:
    """Rows under column names (a listing). Each cell is a list of items."""

    columns: list[str]
    rows: list[list[list[Item]]]
    title: str | None = None
    keep_first: bool = True  # the first column (an id) stays on one line


@struct
class Para:
    """A sentence of its own (e.g. "no records yet")."""

    text: str


Part = Section | Table | Comparison | Para


@struct(frozen=True)
class Card:
    """A contact card (vCard): an organisation or a hotline service."""

    name: str
    org: str
    phones: tuple[Phone, ...] = ()
    emails: tuple[str, ...] = ()
    urls: tuple[str, ...] = ()
    address: tuple[str, ...] = ()
    country: str = ""
    categories: tuple[str, ...] = ()
    note: str = ""


@struct
class Document:
    """What a command shows: parts for people, records for machines, rows for csv.

    ``data`` is the validated records (json / yaml); ``rows`` the tabular form (csv), raw
    values only; ``cards`` the contact cards (vcard); ``sources`` the lines that say where
    it comes from; ``age`` whether the 2013 data-age line applies; ``legend`` explains marks.
    """

    parts: list[Part]
    data: Any = None
    rows: Table | None = None
    cards: list[Card] | None = None
    sources: list[str] = field(default_factory=list)
    legend: str | None = None
    citation: str = ""
    age: bool = True
    messages: list[str] = field(default_factory=list)  # for stderr (warnings)
    left_out: list[str] = field(default_factory=list)  # vCards: what has no card, and why


# ---------------------------------------------------------------- raw values


def raw(item: Item | Entity | Field) -> str:
    """An item as a raw value (csv cells, json of derived views): no symbols, no styling."""
    if isinstance(item, Text):
        return item.text
    if isinstance(item, Flag):
        return f"{item.value} — {item.condition}" if item.condition else item.value
    if isinstance(item, Phone):
        return item.printed
    if isinstance(item, Link):
        return item.text
    if isinstance(item, Span):
        return "".join(p.text for p in item.parts)
    if isinstance(item, Choice):
        return f"{item.label}: " + "; ".join(raw(i) for i in item.items)
    if isinstance(item, Field):
        return f"{item.label}: " + "; ".join(raw(i) for i in item.items)
    return item.name + (" (" + "; ".join(raw(f) for f in item.fields) + ")" if item.fields
                        else "")


FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")


def spreadsheet_cell(value: object) -> object:
    """A CSV cell a spreadsheet will not run as a formula (OWASP's CSV injection advice).

    Text that begins with ``= + - @``, a tab or a carriage return gets a leading ``'``; so does
    text that already begins with ``'``, so that the rule reads back without doubt: a cell
    beginning with ``'`` had one added (drop the first character). Numbers stay as they are.
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def raw_items(items: list) -> str:
    """A cell's items as one raw value, lists joined with '; ' (either/or groups with ' / ')."""
    sep = " / " if any(isinstance(i, Choice) for i in items) else "; "
    return sep.join(raw(i) for i in items)
