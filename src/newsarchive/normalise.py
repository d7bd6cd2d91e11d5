"""Normalise the text of a page, line by line.

PDF and OCR extraction leaves three kinds of noise that this module undoes:
spaces between CJK characters (letter-spaced justified lines, `12 月 26 日`),
odd whitespace and invisible characters, and doubled headline glyphs
(`稳中求进稳中求进`).  Spaces between Latin words are kept.

A `Line` keeps the raw text beside the normalised one, so later stages can
still see cues the normalised text has lost (a leading space marks a new
text box; letter-spacing marks a justified, full-width line).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Whitespace a PDF extraction produces besides the ASCII space.
_ODD_SPACE = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
# Invisible characters that carry no text.
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r" +")
_WHITESPACE = re.compile(r"\s+")
# A single space not between a Latin word (or , . ; : ! ? )) and a Latin word: an artifact.
_ARTIFACT_SPACE = re.compile(r"(?<![A-Za-z0-9,.;:!?)]) | (?![A-Za-z0-9])")


class computed_once:
    """`functools.cached_property` without the lock Python 3.11 takes on every first read
    (a page reads two of these for each of its lines).  Works on frozen dataclasses too."""

    def __init__(self, fn):
        self.fn = fn
        self.name = fn.__name__
        self.__doc__ = fn.__doc__

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, obj, owner=None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.fn(obj)
        return value


@dataclass(frozen=True)
class Line:
    number: int  # 1-based line number in the page file
    raw: str  # the line with odd whitespace made plain, otherwise as printed
    text: str  # normalised: artifact spaces removed
    indent: str = ""  # leading whitespace as printed

    @property
    def boxed(self) -> bool:
        """A single leading space: the extractor started a new text box here."""
        return self.indent == " "

    @property
    def indented(self) -> bool:
        """An indented line (`　　` or several spaces): a paragraph starts here."""
        return "\u3000" in self.indent or len(self.indent) >= 2

    @computed_once
    def spaced(self) -> bool:
        """Letter-spaced: a justified line whose characters were spread apart."""
        return is_letter_spaced(self.raw)

    @computed_once
    def width(self) -> float:
        return visual_width(self.text)


def clean(text: str) -> str:
    """Plain spaces for odd whitespace; drop invisible and control characters."""
    text = _INVISIBLE.sub("", _ODD_SPACE.sub(" ", text))
    if text.isprintable():  # no control or format character (category C) to drop: most lines
        return text
    return "".join(ch for ch in text if ch == " " or unicodedata.category(ch)[0] != "C")


def is_ascii_word_char(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def collapse_spaces(text: str) -> str:
    """Remove spaces except a single one between two Latin words or numbers."""
    text = _SPACES.sub(" ", _ODD_SPACE.sub(" ", text).strip())
    return _ARTIFACT_SPACE.sub("", text) if " " in text else text


def is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\U00020000" <= ch <= "\U0002fa1f"


def visual_width(text: str) -> float:
    """Width in CJK character cells: Latin letters and digits take half a cell."""
    if not text:
        return 0
    ascii_chars = len(text.encode("ascii", "ignore"))
    return (len(text) - ascii_chars) + 0.5 * ascii_chars  # exact: whole and half cells


def is_letter_spaced(raw: str) -> bool:
    tokens = raw.split()
    if len(tokens) < 4:
        return False
    singles = sum(1 for t in tokens if len(t.strip("，。、；：！？“”‘’（）")) <= 1)
    return singles / len(tokens) >= 0.5


def undouble(chunk: str) -> str:
    """`稳中求进稳中求进` → `稳中求进`: a headline glyph run printed twice."""
    n = len(chunk)
    if n >= 4 and n % 2 == 0 and chunk[: n // 2] == chunk[n // 2 :] and any(is_cjk(c) for c in chunk):
        return chunk[: n // 2]
    return chunk


def display_text(raw: str) -> str:
    """Text of a short display line (headline, column, label): doubled glyphs
    undone; a deliberate space between two multi-character halves kept as one
    space, artifact spaces removed."""
    raw = _SPACES.sub(" ", raw.strip())
    if is_letter_spaced(raw):
        return undouble(collapse_spaces(raw))
    chunks = [undouble(c) for c in raw.split(" ") if c]
    out = chunks[:1]
    for chunk in chunks[1:]:
        prev = out[-1]
        halves = len(prev) >= 2 and len(chunk) >= 2 and is_cjk(prev[-1]) and (is_cjk(chunk[0]) or chunk[0] in "“‘《")
        if halves or (is_ascii_word_char(prev[-1]) and is_ascii_word_char(chunk[0])):
            out.append(" " + chunk)
        else:
            out.append(chunk)
    return "".join(out)


def squeeze(text: str) -> str:
    """All whitespace removed: the form gold answers and conservation checks compare."""
    return _WHITESPACE.sub("", text)


def split_lines(text: str) -> list[Line]:
    """Every line of the page, blank ones included, with its normalised text."""
    lines = []
    for number, raw in enumerate(text.splitlines(), start=1):
        cleaned = clean(raw).rstrip()
        indent = raw[: len(raw) - len(raw.lstrip())] if cleaned else ""
        lines.append(Line(number=number, raw=cleaned, text=collapse_spaces(cleaned), indent=indent))
    return lines
