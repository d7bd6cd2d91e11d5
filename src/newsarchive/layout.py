"""Blocks to the page's layout: bodies, headline units, captions, fragments.

A page is read as a sequence of units in print order:

* `Body`: running text (paragraphs and the subheadings inside them), closed
  by a trailing attribution when there is one;
* `HeadUnit`: adjacent display blocks (kicker, headline lines, subtitle,
  column name, byline), later split into `HeadGroup`s, one per article;
* `CaptionUnit`: a photo caption;
* `FragmentUnit`: an infographic, an ad, or an orphan block.

A display line between two paragraphs is a subheading unless something
marks it as a headline: a byline, subtitle or further headline line next to
it, an article that ended just before it, or its echo elsewhere on the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .blocks import PageBlock, _SERIES_VALUE
from .normalise import squeeze

_SERIES_MARK = re.compile(r"[①-⑳]|·.*篇|之[一二三四五六七八九十]+$|系列")


@dataclass
class Body:
    blocks: list[PageBlock] = field(default_factory=list)
    attribution: PageBlock | None = None
    jumps: list[PageBlock] = field(default_factory=list)  # （下转第2版）: continued elsewhere

    @property
    def closed(self) -> bool:
        """Ended on this page: by an attribution, or a jump to another page."""
        return self.attribution is not None or any("转" in b.text for b in self.jumps)

    @property
    def text(self) -> str:
        return "".join(b.text for b in self.blocks)


@dataclass
class HeadUnit:
    blocks: list[PageBlock] = field(default_factory=list)

    @property
    def display_lines(self) -> list[PageBlock]:
        return [b for b in self.blocks if b.role == "display"]


@dataclass
class CaptionUnit:
    block: PageBlock


@dataclass
class FragmentUnit:
    kind: str
    blocks: list[PageBlock]
    title: str | None = None
    rows: list[dict] = field(default_factory=list)


Unit = Body | HeadUnit | CaptionUnit | FragmentUnit


def echo_texts(blocks: list[PageBlock]) -> dict[str, int]:
    """How often each display text occurs on the page, counting a line and
    the next one together too (a headline printed on one line in place and
    on two in the headline list)."""
    counts: dict[str, int] = {}
    display = [b for b in blocks if b.role == "display"]
    for i, block in enumerate(display):
        counts[block.squeezed] = counts.get(block.squeezed, 0) + 1
        if i + 1 < len(display) and display[i + 1].lines[0] - block.lines[-1] <= 2:
            pair = block.squeezed + display[i + 1].squeezed
            counts[pair] = counts.get(pair, 0) + 1
    return counts


def is_column_name(block: PageBlock, next_block: PageBlock | None) -> bool:
    """栏目 by its own marks: a series mark (`·…篇①`), or heading an editor's note."""
    if len(block.squeezed) > 16:
        return False
    if next_block is not None and next_block.role == "editor_note":
        return True
    return bool(_SERIES_MARK.search(block.text))


def repeated_column_names(units: list, echoes: dict[str, int]) -> set[str]:
    """栏目 by repetition: a short line printed more than once on the page
    that somewhere stands above a different headline."""
    names = set()
    for unit in units:
        if isinstance(unit, HeadUnit) and 2 <= len(unit.display_lines) < 3:
            first = unit.display_lines[0]
            if len(first.squeezed) <= 8 and echoes.get(first.squeezed, 0) >= 2:
                names.add(first.squeezed)
    return names


def read_layout(blocks: list[PageBlock]) -> list[Unit]:
    echoes = echo_texts(blocks)
    units: list[Unit] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block.role == "infographic" or (block.role == "display" and _starts_chart(blocks, i)):
            i = _read_chart(blocks, i, units)
            continue
        if block.role == "ad":
            i = _read_ad(blocks, i, units)
            continue
        _place(block, blocks, i, units, echoes)
        i += 1
    return units


def _place(block: PageBlock, blocks: list[PageBlock], i: int, units: list[Unit], echoes: dict[str, int]) -> None:
    last = units[-1] if units else None
    role = block.role
    if role == "caption":
        units.append(CaptionUnit(block))
    elif role == "jump":
        # 下转: this body goes on elsewhere (and ends here); 上接: a body from elsewhere starts.
        if not isinstance(last, Body) or last.closed or "转" not in block.text:
            units.append(Body())
        units[-1].jumps.append(block)
    elif role == "attribution":
        if isinstance(last, Body) and not last.closed:
            last.attribution = block
        else:
            units.append(FragmentUnit("unknown", [block]))
    elif role in ("paragraph", "section_label") or (role == "display" and not _is_headline(blocks, i, echoes)):
        if not isinstance(last, Body) or last.closed:
            units.append(Body())
        units[-1].blocks.append(block)
    else:  # display headline lines, kicker, subtitle, byline, editor's note
        if not isinstance(last, HeadUnit):
            units.append(HeadUnit())
        units[-1].blocks.append(block)


_HEAD_ROLES = ("kicker", "subtitle", "byline", "editor_note")


def _is_headline(blocks: list[PageBlock], i: int, echoes: dict[str, int]) -> bool:
    """A display line is a headline line (not a subheading) when its
    neighbours or its echoes on the page say so."""
    block = blocks[i]
    prev = blocks[i - 1] if i > 0 else None
    nxt = blocks[i + 1] if i + 1 < len(blocks) else None
    if prev is None or prev.role in ("attribution", "kicker", "editor_note", "ad", "infographic"):
        return True
    if nxt is None or nxt.role in ("subtitle", "byline", "display", "editor_note", "kicker"):
        return True
    if prev.role in ("display", "subtitle") and _is_headline(blocks, i - 1, echoes):
        return True
    if echoes.get(block.squeezed, 0) >= 2:
        return True
    if nxt is not None and nxt.role == "paragraph" and starts_mid_sentence(nxt.text):
        return True  # the text under it begins elsewhere: a continued article's head
    if nxt is not None and nxt.role == "paragraph" and nxt.boxed:
        return True  # the text under it opens a new text box: a new article's body
    if nxt is not None and nxt.role == "display" and echoes.get(block.squeezed + nxt.squeezed, 0) >= 2:
        return True
    return False


def starts_mid_sentence(text: str) -> bool:
    """`开。`: the first sentence is the last word or two of one begun on another page."""
    first = re.split(r"[。！？；，、]", text, maxsplit=1)[0]
    return len(first) <= 2 and len(text) > len(first)


def _starts_chart(blocks: list[PageBlock], i: int) -> bool:
    """A chart title or label: display lines leading to year–value rows."""
    j = i
    while j < len(blocks) and blocks[j].role == "display" and j - i < 2:
        j += 1
    return j < len(blocks) and blocks[j].rule == "series-value" and j > i


def _read_chart(blocks: list[PageBlock], i: int, units: list[Unit]) -> int:
    """An infographic: title, then label lines each followed by year–value rows, then a credit."""
    taken: list[PageBlock] = []
    title = None
    label = None
    rows: list[dict] = []
    j = i
    while j < len(blocks):
        block = blocks[j]
        if block.rule == "series-value":
            match = _SERIES_VALUE.match(block.text)
            if match:
                year, value, unit = match.groups()
                rows.append({"label": label or title or "", "year": int(year), "value": value, "unit": unit})
        elif block.rule == "chart-credit":
            taken.append(block)
            j += 1
            break
        elif block.role == "display" and (j + 1 < len(blocks) and blocks[j + 1].rule == "series-value"):
            label = block.squeezed
        elif block.role == "display" and title is None and not rows and _starts_chart(blocks, j):
            title = block.squeezed
        else:
            break
        taken.append(block)
        j += 1
    units.append(FragmentUnit("infographic", taken, title=title, rows=rows))
    return j


def _read_ad(blocks: list[PageBlock], i: int, units: list[Unit]) -> int:
    """An ad: its marker line and the short lines of slogan that follow."""
    taken = [blocks[i]]
    j = i + 1
    while j < len(blocks) and blocks[j].role in ("display", "paragraph") and len(blocks[j].squeezed) <= 30 and blocks[j].role != "byline":
        taken.append(blocks[j])
        j += 1
    units.append(FragmentUnit("ad", taken))
    return j


def text_of(blocks: list[PageBlock]) -> str:
    return "".join(squeeze(b.text) for b in blocks)
