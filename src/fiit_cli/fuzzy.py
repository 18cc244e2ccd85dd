"""'Did you mean' among many names without looking at each: difflib's answer, from columns.

:func:`difflib.get_close_matches` works out, for every possible name, an upper bound of its
similarity to the query (``quick_ratio``: the characters they share, counted with
multiplicity, over their total length) and the full ratio only for names whose bound reaches
the cutoff. With thousands of names the bounds alone cost a Python loop over all of them.

Here the names are kept grouped by length, and per group one *column* per character of the
alphabet: a byte per name, how many times the name has that character. For a query, the
characters a name shares with it are the sum, over the query's characters ``c`` (``k`` times
in the query), of ``min(column_c, k)``: each column is clipped with ``bytes.translate`` and
the columns are added as big integers (a byte per name, no carry: the query is at most 250
characters long). That gives every name's bound in a few C calls per group. The names are
then visited best bound first, grouped by bound (``bytes.find``), with difflib's full ratio,
stopping once no bound left can enter the best ``n``. The answer is the same list, in the
same order, as ``difflib.get_close_matches`` over the names (tested).

:func:`build` makes the bytes (kept in the cache directory by :mod:`fiit_cli.names_index`);
:class:`Fuzzy` reads them. Nothing here does any I/O.
"""

from __future__ import annotations

import heapq
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from difflib import SequenceMatcher

MAGIC = b"fiit fuzzy 1"
LONGEST_QUERY = 250  # a byte per name and column: the sums must stay below 256


def close_matches(word: str, possibilities: list[str], n: int, cutoff: float) -> list[str]:
    """difflib.get_close_matches, the same answer sooner: the full ratio is worked out best
    bound (quick_ratio) first, and not at all once no bound left can reach the top n."""
    from difflib import SequenceMatcher

    s = SequenceMatcher()
    s.set_seq2(word)
    counts: dict[str, int] = {}
    for c in word:
        counts[c] = counts.get(c, 0) + 1
    wanted = list(counts.items())
    size = len(word)
    bounded = []
    for x in possibilities:  # real_quick_ratio, then quick_ratio, computed as difflib does
        total = len(x) + size
        if (2.0 * min(len(x), size) / total if total else 1.0) < cutoff:
            continue
        matches = 0
        for c, k in wanted:
            found = x.count(c)
            matches += found if found < k else k
        bound = 2.0 * matches / total if total else 1.0
        if bound >= cutoff:
            bounded.append((bound, x))
    bounded.sort(reverse=True)
    return _best(s, ((bound, [x]) for bound, x in bounded), n, cutoff)


def _best(s: SequenceMatcher, candidates, n: int, cutoff: float) -> list[str]:
    """The best ``n`` names by ratio to ``s``'s second sequence (ties: the greater name, as
    heapq.nlargest orders them), from (bound, names) in decreasing bound."""
    top: list[tuple[float, str]] = []  # a heap of the best n (ratio, name)
    for bound, names in candidates:
        if len(top) >= n and bound < top[0][0]:
            break  # ratio <= bound: nothing further can enter the best n
        for x in names:
            s.set_seq1(x)
            ratio = s.ratio()
            if ratio >= cutoff:
                if len(top) < n:
                    heapq.heappush(top, (ratio, x))
                else:
                    heapq.heappushpop(top, (ratio, x))
    return [x for _, x in heapq.nlargest(n, top)]


def build(names: dict[str, str], token: str = "") -> bytes:
    """The columns of ``names`` (distinct strings without newlines, each with a value, e.g.
    the id it stands for), with a caller's token."""
    groups: dict[int, list[str]] = {}
    for name in names:
        groups.setdefault(len(name), []).append(name)
    alphabet = "".join(sorted({c for members in groups.values() for name in members
                               for c in name}))
    payload: list[bytes] = []
    offset = 0
    heads = []
    for length in sorted(groups):
        members = groups[length]
        keys = "\n".join(members).encode("utf-8")
        values = "\n".join(names[name] for name in members).encode("utf-8")
        columns = b"".join(bytes(min(name.count(c), 255) for name in members)
                           for c in alphabet)
        heads.append(f"{length}:{len(members)}:{offset}:{len(keys)}:{len(values)}")
        payload += [keys, values, columns]
        offset += len(keys) + len(values) + len(columns)
    head = b"\n".join([MAGIC + b" " + token.encode("utf-8"), alphabet.encode("utf-8"),
                       " ".join(heads).encode("ascii")])
    return head + b"\n" + b"".join(payload)


def token_of(data: bytes) -> str | None:
    """The token ``data`` was built with, or None if it is not a fuzzy index."""
    first = data[:data.find(b"\n")] if b"\n" in data else b""
    if not first.startswith(MAGIC + b" "):
        return None
    return first[len(MAGIC) + 1:].decode("utf-8", "replace")


_CLIP: dict[int, bytes] = {}


def _clip(k: int) -> bytes:
    """A translate table that turns each count byte v into min(v, k)."""
    table = _CLIP.get(k)
    if table is None:
        table = _CLIP[k] = bytes(min(v, k) for v in range(256))
    return table


class Fuzzy:
    """The columns :func:`build` made, read back (raises ValueError if they are not)."""

    def __init__(self, data: bytes):
        try:
            first = data.index(b"\n")
            second = data.index(b"\n", first + 1)
            third = data.index(b"\n", second + 1)
        except ValueError:
            raise ValueError("not a fuzzy index") from None
        if not data.startswith(MAGIC + b" "):
            raise ValueError("not a fuzzy index")
        self.alphabet = {c: i for i, c in enumerate(data[first + 1:second].decode("utf-8"))}
        self.data = data
        # per group of names of one length: length, count, where its names, their values
        # and its columns start
        self.groups: list[tuple[int, int, int, int, int]] = []
        base = third + 1
        for head in data[second + 1:third].decode("ascii").split():
            length, count, at, keys, values = (int(x) for x in head.split(":"))
            self.groups.append((length, count, base + at, base + at + keys,
                                base + at + keys + values))
        ends = [(g[4] + g[1] * len(self.alphabet)) for g in self.groups]
        if ends and ends[-1] != len(data) or not ends and len(data) != base:
            raise ValueError("a fuzzy index of the wrong size")
        self._keys: dict[int, str] = {}
        self._values: dict[int, list[str]] = {}
        self._seen: dict[str, tuple[int, int]] = {}  # name -> (group, place), once looked at

    def _key(self, group: int, i: int) -> str:
        keys = self._keys.get(group)
        length, _, at, end, _ = self.groups[group]
        if keys is None:
            keys = self._keys[group] = self.data[at:end].decode("utf-8")
        key = keys[i * (length + 1):i * (length + 1) + length]
        self._seen[key] = (group, i)
        return key

    def value(self, name: str) -> str:
        """The value built with a name close_matches() has answered."""
        group, i = self._seen[name]
        values = self._values.get(group)
        if values is None:
            _, _, _, at, end = self.groups[group]
            values = self._values[group] = self.data[at:end].decode("utf-8").split("\n")
        return values[i]

    def close_matches(self, word: str, n: int = 3, cutoff: float = 0.6) -> list[str] | None:
        """``difflib.get_close_matches(word, names, n, cutoff)``; None for a query this
        cannot answer (empty, or longer than LONGEST_QUERY): ask difflib then."""
        size = len(word)
        if not 0 < size <= LONGEST_QUERY or n <= 0 or not 0.0 <= cutoff <= 1.0:
            return None
        wanted: dict[str, int] = {}
        for c in word:
            wanted[c] = wanted.get(c, 0) + 1
        shared = [(self.alphabet[c], k) for c, k in wanted.items() if c in self.alphabet]
        classes = []  # (bound, group, shared characters, every name's shared characters)
        for g, (length, count, _, _, columns) in enumerate(self.groups):
            total = length + size
            if 2.0 * min(length, size) / total < cutoff:
                continue  # real_quick_ratio: no name of this length can reach the cutoff
            summed = 0
            for a, k in shared:
                column = self.data[columns + a * count:columns + (a + 1) * count]
                summed += int.from_bytes(column.translate(_clip(k)), "big")
            counts = summed.to_bytes(count, "big")
            for m in range(min(length, size), -1, -1):
                bound = 2.0 * m / total
                if bound < cutoff:
                    break
                classes.append((bound, g, m, counts))
        classes.sort(key=lambda c: c[0], reverse=True)
        from difflib import SequenceMatcher

        s = SequenceMatcher()
        s.set_seq2(word)
        return _best(s, ((bound, self._members(g, m, counts)) for bound, g, m, counts in classes),
                     n, cutoff)

    def _members(self, group: int, m: int, counts: bytes):
        """The names of ``group`` that share ``m`` characters with the query."""
        needle = bytes((m,))
        i = counts.find(needle)
        while i >= 0:
            yield self._key(group, i)
            i = counts.find(needle, i + 1)
