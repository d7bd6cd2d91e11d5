"""The compact text encoding of postings in the exported shards.

Numbers are unsigned base-64 VLQs: each character carries five bits, least
significant first, and a sixth bit that says another character follows
(values under 32 take one character, under 1024 two).  The alphabet is
URL-safe base64, so an encoded list sits in a JSON string unescaped.

Posting lists, one run per document in ascending document order:

- counts (unigrams, bigrams, words; no positions):
  ``gap  h  [tf_heads − 1]  [first body block]``
- positions (bigrams and words):
  ``gap  h  [tf_heads − 1]  heads offsets…  body offsets…``
- jieba words: ``gap  h  [tf_heads − 1]``

``gap`` is the document number minus the previous one minus one (the first
document counts from −1); ``h`` is ``tf_body · 2 + (tf_heads > 0)``; the
bracketed values are present only when their field has occurrences.  Offsets
are the first one, then each difference minus one.
"""

from __future__ import annotations

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
_VALUE = {c: i for i, c in enumerate(ALPHABET)}
SMALL = [ALPHABET[v] if v < 32 else ALPHABET[32 | (v & 31)] + ALPHABET[v >> 5] for v in range(1024)]


def vlq(value: int) -> str:
    if value < 1024:
        return SMALL[value]
    out = []
    while True:
        digit, value = value & 31, value >> 5
        if value:
            out.append(ALPHABET[32 | digit])
        else:
            out.append(ALPHABET[digit])
            return "".join(out)


class _Table(dict):
    """value → its VLQ, each made once, on first use: indexing this is cheaper than calling `vlq`."""

    def __missing__(self, value: int) -> str:
        self[value] = text = vlq(value)
        return text


VLQ = _Table(enumerate(SMALL))


def vlqs(values) -> str:
    return "".join(vlq(v) for v in values)


def decode(text: str) -> list[int]:
    out, value, shift = [], 0, 0
    for char in text:
        digit = _VALUE[char]
        value |= (digit & 31) << shift
        if digit & 32:
            shift += 5
        else:
            out.append(value)
            value, shift = 0, 0
    return out


def gaps(offsets: list[int]) -> list[int]:
    """First offset, then each difference minus one (offsets strictly increase)."""
    return [offsets[0]] + [b - a - 1 for a, b in zip(offsets, offsets[1:])] if offsets else []


class PostingList:
    """Appends one document's run at a time; documents must come in ascending order."""

    __slots__ = ("last", "parts")

    def __init__(self) -> None:
        self.last = -1
        self.parts: list[str] = []

    def add(self, doc: int, tf_heads: int, tf_body: int, tail: list[int] = ()) -> None:
        head = [doc - self.last - 1, tf_body * 2 + (tf_heads > 0)]
        if tf_heads:
            head.append(tf_heads - 1)
        self.parts.append(vlqs(head) + vlqs(tail))
        self.last = doc

    def text(self) -> str:
        return "".join(self.parts)


def _entry_head(values: list[int], i: int, doc: int) -> tuple[int, int, int, int]:
    """The head of the document entry at `i`: (doc, tf heads, tf body, index of what follows)."""
    doc += values[i] + 1
    h = values[i + 1]
    i += 2
    tf_h = 0
    if h & 1:  # the low bit says a heads count follows
        tf_h = values[i] + 1
        i += 1
    return doc, tf_h, h >> 1, i


def read_counts(text: str, with_block: bool, base: int = 0, out: dict | None = None) -> dict[int, tuple[int, int, int]]:
    """Decode a counts list (``with_block``) or a jieba-word list: doc → (tf heads, tf body, first block or -1).

    Documents are numbered from `base` (a segment's first document); entries are added to `out` when given."""
    values = decode(text)
    out, doc, i = {} if out is None else out, base - 1, 0
    while i < len(values):
        doc, tf_h, tf_b, i = _entry_head(values, i, doc)
        block = -1
        if tf_b and with_block:
            block = values[i]
            i += 1
        out[doc] = (tf_h, tf_b, block)
    return out


def read_positions(text: str, base: int = 0, out: dict | None = None) -> dict[int, tuple[list[int], list[int]]]:
    """Decode a positions list: doc → (offsets in heads, offsets in body); `base` and `out` as for `read_counts`."""
    values = decode(text)
    out, doc, i = {} if out is None else out, base - 1, 0
    while i < len(values):
        doc, tf_h, tf_b, i = _entry_head(values, i, doc)
        fields = []
        for tf in (tf_h, tf_b):
            offsets, p = [], -1
            for _ in range(tf):
                p = values[i] if p < 0 else p + values[i] + 1
                offsets.append(p)
                i += 1
            fields.append(offsets)
        out[doc] = (fields[0], fields[1])
    return out
