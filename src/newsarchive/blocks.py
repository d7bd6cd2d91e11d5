"""Lines to blocks: undo hard wraps, then give every block a role.

Two layouts meet here.  Some extractions print a paragraph per line, blank
lines between; others hard-wrap every column line at 15–30 characters, with
or without blank lines.  A short line is joined to the next when it runs to
the column's width without ending a sentence; a long line ending mid-sentence
is kept as a block marked `open_end`, and the segmenter decides what it
continues into (the next paragraph, or one further down the page when two
articles are interleaved).

Roles come from `ROLE_RULES`, a list read top to bottom: the first rule whose
test holds names the role.  Roles that depend on the page as a whole
(headline, subheading, column, headline list) are decided by the segmenter
among the blocks marked `display` here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

from .normalise import Line, collapse_spaces, computed_once, display_text, is_cjk, squeeze, visual_width
from .people import is_photo_credit, parse_attribution, parse_credit, split_attribution

# A sentence or paragraph ends here (closing quotes and brackets may follow).
_TERMINAL = re.compile(r"[。！？!?；;…](?:[”’」』）)\]】]*)$|……$")
# Lines wider than this are paragraphs printed on one line, not column lines.
PARAGRAPH_LINE_WIDTH = 40
# A display line (headline, label) is at most this wide.
DISPLAY_MAX_WIDTH = 30
# Kicker ends, subtitle starts: an em-dash pair, as typeset or as extracted.
_DASHES = re.compile(r"^(?:——|--|—|－－)")
_DASHES_END = re.compile(r"(?:——|--|－－)$")
_LABELS = {"前言", "引言", "导语", "结语", "编者按", "编后", "编后语", "短评", "背景"}
_EDITOR_NOTE = re.compile(r"^(?:引言|编者按|编者的话|编后语?|导语)[：:]")
_AD = re.compile(r"广告|招商热线|咨询电话|订阅热线|欢迎订阅")
_SERIES_VALUE = re.compile(r"^(\d{4})年?\s*([0-9][0-9.,，:：]*[0-9])\s*([^\s\d]{0,6})$")
# A jump line: the article continues on, or comes from, another page.
JUMP = re.compile(r"[（(]\s*(?:下转|上接|转|接|续)\s*第?\s*[\d一二三四五六七八九十百]+\s*版\s*[）)]")
_CHART_CREDIT = re.compile(r"^(?:制图|图表|数据来源|来源|设计)\s*[/／：:]")


def ends_sentence(text: str) -> bool:
    return bool(_TERMINAL.search(text))


@dataclass
class Draft:
    """A block being built: its lines and the flags the joiner found."""

    lines: list[Line] = field(default_factory=list)
    open_end: bool = False  # a long line that stops mid-sentence

    # Remembered: every role rule reads them.  A draft is classified only once its lines are all in.
    @computed_once
    def text(self) -> str:
        return "".join(line.text for line in self.lines)

    @computed_once
    def raw(self) -> str:
        return " ".join(line.raw.strip() for line in self.lines)


# --- joining hard-wrapped lines -------------------------------------------------


@lru_cache(maxsize=8192)
def _stands_alone(line: Line) -> bool:
    """Lines that never take part in a hard wrap: bylines, credits, dashes."""
    text = line.text
    if _DASHES.match(text) or _DASHES_END.search(text):
        return True
    if len(text) <= 30 and (parse_credit(line.raw) or (text.endswith("摄") and is_photo_credit(line.raw))):
        return True
    if _SERIES_VALUE.match(line.raw.strip()) or _CHART_CREDIT.match(text):
        return True
    return text.startswith(("（", "(")) and text.endswith(("）", ")")) and len(text) <= 40


def _usable_widths(lines: list[Line]) -> list[float | None]:
    """Per line, its width when it can tell the width of its column, else None:
    paragraph lines, letter-spaced lines and lines that stand alone cannot.
    Worked out once per page, not once per window that holds the line."""
    return [ln.width if ln.width < PARAGRAPH_LINE_WIDTH and not ln.spaced and not _stands_alone(ln) else None for ln in lines]


def _widest(usable: list[float | None], lo: int, hi: int) -> list[float]:
    """The usable widths of lines lo..hi-1, widest first."""
    return sorted((w for w in usable[max(0, lo) : hi] if w is not None), reverse=True)


def _second_widest(usable: list[float | None], lo: int, hi: int) -> float | None:
    widths = _widest(usable, lo, hi)
    return None if len(widths) < 3 else widths[1]


def _column_width(lines: list[Line], usable: list[float | None], i: int, first: bool) -> float:
    """The width of the column line i is set in: the second-widest line of
    its neighbourhood.  A later line looks back (a column can widen
    mid-article); where those lines are too few or letter-spaced, it looks
    further both ways.  `usable`: `_usable_widths(lines)`."""
    before = _second_widest(usable, i - 4, i + 1)
    width = before
    if first:
        # A first line is set in the column of the lines after it, unless it
        # is the last line of a narrower column the text leaves (width change).
        after = width = _second_widest(usable, i, i + 5)
        narrower = before is not None and MIN_COLUMN_WIDTH <= before and (after is None or before < after)
        if narrower and lines[i].width >= before - INDENT and (after is None or lines[i].width < after - INDENT):
            width = before
    if width is None:
        widths = _widest(usable, i - 8, i + 9)
        width = widths[1] if len(widths) > 2 else widths[0] if widths else 0.0
    return width


# Narrower than this, short lines are headlines, labels or chart text, set
# line by line; captions that narrow are reassembled by their credit.
MIN_COLUMN_WIDTH = 12
# A paragraph's first line is indented two cells, which extraction drops, and
# digits and quotes make widths vary by a cell or two more.
INDENT = 4.5


def _wraps(lines: list[Line], usable: list[float | None], i: int) -> bool:
    """Does short line i continue on line i+1 (a hard wrap)?  `usable`: `_usable_widths(lines)`."""
    line, nxt = lines[i], lines[i + 1]
    if nxt.boxed or nxt.indented or ends_sentence(line.text) or line.width >= PARAGRAPH_LINE_WIDTH or nxt.width >= PARAGRAPH_LINE_WIDTH:
        return False
    if _stands_alone(line) or _stands_alone(nxt) or split_attribution(line.raw):
        return False
    if line.spaced:
        return True
    first = i == 0 or ends_sentence(lines[i - 1].text) or _stands_alone(lines[i - 1]) or lines[i - 1].width < 0.8 * _column_width(lines, usable, i, False)
    column = _column_width(lines, usable, i, first)
    if column < MIN_COLUMN_WIDTH or line.width < (column - INDENT if first else 0.8 * column):
        return False
    if first and nxt.width > line.width + INDENT and not nxt.spaced:
        # Much wider than an indented first line: a headline above a
        # paragraph, unless a word runs on across the break (困境学|生).
        return word_spans(line.text, nxt.text)
    # The next line is full too, or ends the paragraph; a short line that
    # ends nothing is a headline or label, not the rest of this paragraph.
    return nxt.spaced or ends_sentence(nxt.text) or nxt.width >= 0.8 * column or i + 2 >= len(lines)


def is_wrapped_layout(lines: list[Line]) -> bool:
    """Is the page hard-wrapped at column width, rather than a paragraph a
    line?  Wrapped lines are short, and most of them stop mid-sentence."""
    text_lines = [ln for ln in lines if ln.text]
    if not text_lines:
        return False
    widths = sorted(ln.width for ln in text_lines)
    open_lines = sum(1 for ln in text_lines if not ends_sentence(ln.text))
    return widths[len(widths) // 2] < PARAGRAPH_LINE_WIDTH and open_lines > len(text_lines) / 2


def word_spans(left: str, right: str) -> bool:
    """Does a word run on from the end of `left` into the start of `right`?"""
    from .segmenter import words

    tail, head = left[-4:], right[:4]
    if not tail or not head or not (is_cjk(tail[-1]) and is_cjk(head[0])):
        return False
    position = 0
    for word in words(tail + head):
        if position < len(tail) < position + len(word):
            return True
        position += len(word)
    return False


def join_lines(lines: list[Line]) -> list[Draft]:
    """Group non-blank lines into drafts, joining hard-wrapped lines."""
    text_lines = [ln for ln in lines if ln.text]
    wrapped = is_wrapped_layout(text_lines)
    usable = _usable_widths(text_lines) if wrapped else []
    drafts: list[Draft] = []
    current = Draft()
    for i, line in enumerate(text_lines):
        current.lines.append(line)
        if wrapped and i + 1 < len(text_lines) and _wraps(text_lines, usable, i):
            continue
        current.open_end = not ends_sentence(line.text)
        drafts.append(current)
        current = Draft()
    return drafts


# --- roles ------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    name: str
    role: str
    test: Callable[[Draft], bool]
    why: str


def _is_display(d: Draft) -> bool:
    text = d.text
    width = visual_width(text)
    if width > DISPLAY_MAX_WIDTH or width < 2:
        return False
    if ends_sentence(text) and not (width <= 20 and text.endswith(("！", "？", "!", "?"))):
        return False
    if "。" in text:  # a sentence ends inside: running text cut short
        return False
    if text.count("“") != text.count("”") or text.count("（") != text.count("）"):
        return False  # a quotation or bracket left open: running text cut short
    if re.search(r"[，、；：][^，、；：]$", text):
        return False  # a one-character clause: a line cut mid-word
    return "，" not in text[-1:] and "、" not in text[-1:]


ROLE_RULES: tuple[Rule, ...] = (
    Rule("jump", "jump", lambda d: bool(JUMP.fullmatch(d.text)), "（下转第2版）/（上接第1版）: continued on or from another page"),
    Rule("editor-note", "editor_note", lambda d: bool(_EDITOR_NOTE.match(d.text)), "starts with 引言：/编者按："),
    Rule("section-label", "section_label", lambda d: d.text in _LABELS, "a bare section label such as 前言"),
    Rule("chart-credit", "infographic", lambda d: bool(_CHART_CREDIT.match(d.text)) and len(d.text) <= 20, "a chart credit such as 制图/陈阳"),
    Rule("series-value", "infographic", lambda d: bool(_SERIES_VALUE.match(d.raw.strip())), "a year and a value: 2016年 1998.27亿元"),
    Rule("kicker-dashes", "kicker", lambda d: bool(_DASHES_END.search(d.text)) and len(d.text) <= 100, "ends with ——: a kicker (引题)"),
    Rule("subtitle-dashes", "subtitle", lambda d: bool(_DASHES.match(d.text)) and len(d.text) <= 80, "starts with ——: a subtitle (副题)"),
    Rule("attribution", "attribution", lambda d: _whole_attribution(d.raw), "names in brackets: （夏 衍 刘 赛）"),
    Rule("byline", "byline", lambda d: len(d.text) <= 40 and not d.text.endswith("摄") and parse_credit(d.raw) is not None, "role words and personal names only"),
    Rule("photo-credit", "caption", lambda d: len(d.text) <= 250 and is_photo_credit(d.raw), "ends in a photo credit: …摄, （…供图）"),
    Rule("ad", "ad", lambda d: len(d.text) <= 30 and bool(_AD.search(d.text)), "a short line naming an advertisement"),
    Rule("display", "display", _is_display, "short line without sentence end: headline, subheading or label"),
    Rule("paragraph", "paragraph", lambda d: True, "running text"),
)


def _whole_attribution(text: str) -> bool:
    found = split_attribution(text)
    return found is not None and not found[0]


def classify(draft: Draft) -> tuple[str, str]:
    """(role, rule name) of a draft."""
    for rule in ROLE_RULES:
        if rule.test(draft):
            return rule.role, rule.name
    raise AssertionError("the last rule always matches")


# --- blocks ------------------------------------------------------------------------


@dataclass
class PageBlock:
    """A block of the page as the segmenter sees it."""

    text: str  # normalised text (display lines keep a space between halves)
    role: str
    rule: str
    lines: tuple[int, ...]
    open_end: bool = False
    boxed: bool = False  # starts a new text box (leading space in the raw text)
    page_role: str = ""  # the role the segmenter settled on (headline, subheading, …)

    @property
    def squeezed(self) -> str:
        return squeeze(self.text)


def make_blocks(lines: list[Line]) -> list[PageBlock]:
    """Every non-blank line ends up in exactly one block."""
    blocks: list[PageBlock] = []
    for draft in join_lines(lines):
        numbers = tuple(ln.number for ln in draft.lines)
        boxed = draft.lines[0].boxed
        jump = JUMP.search(draft.text)
        if jump and not JUMP.fullmatch(draft.text) and (jump.start() == 0 or jump.end() == len(draft.text)):
            # A jump line printed at the start or end of a paragraph: its own block.
            before, marker, after = draft.text[: jump.start()], jump.group(0), draft.text[jump.end() :]
            if before:
                blocks.append(PageBlock(before, "paragraph", "paragraph", numbers, open_end=not ends_sentence(before), boxed=boxed))
            blocks.append(PageBlock(marker, "jump", "jump", numbers[-1:] if before else numbers[:1]))
            if after:
                blocks.append(PageBlock(after, "paragraph", "paragraph", numbers, open_end=draft.open_end))
            continue
        attribution = split_attribution(draft.raw)
        if attribution and attribution[0]:
            # A trailing attribution printed at the end of the last paragraph.
            body, credit, _ = attribution
            blocks.append(PageBlock(collapse_spaces(body), "paragraph", "paragraph", numbers, boxed=boxed))
            blocks.append(PageBlock(_credit_text(credit), "attribution", "attribution-tail", numbers[-1:]))
            continue
        role, rule = classify(draft)
        text = display_text(draft.raw) if role in ("display", "kicker", "subtitle", "ad") else draft.text
        if role in ("byline", "attribution"):
            text = _credit_text(draft.raw)
        blocks.append(PageBlock(text, role, rule, numbers, open_end=draft.open_end and role == "paragraph", boxed=boxed))
    return _merge_credits(blocks)


def _credit_text(raw: str) -> str:
    credit = parse_attribution(raw.strip().strip("（）()"))
    text = credit[0] if credit else raw.strip()
    if raw.strip()[:1] in "（(":
        return f"（{text}）"
    return text


def _merge_credits(blocks: list[PageBlock]) -> list[PageBlock]:
    """Bylines wrapped over two lines, and captions whose credit stands apart."""
    out: list[PageBlock] = []
    for block in blocks:
        prev = out[-1] if out else None
        if prev and prev.role == "byline" and block.role == "byline" and not _has_role_word(block.text):
            prev.text = f"{prev.text} {block.text}"
            prev.lines += block.lines
            continue
        if block.role == "caption":
            _absorb_caption_lines(out, block)
        out.append(block)
    return out


def _has_role_word(text: str) -> bool:
    return any(w in text for w in ("记者", "通讯员", "实习生", "编辑"))


def _absorb_caption_lines(out: list[PageBlock], caption: PageBlock) -> None:
    """A caption wrapped into short lines, or a credit on a line of its own
    (`郭立亮 摄`): pull the caption's earlier lines in."""
    credit_only = parse_credit(caption.text.removesuffix("摄")) is not None
    if credit_only and out and out[-1].role in ("display", "paragraph") and len(out[-1].squeezed) <= 100:
        prev = out.pop()
        caption.text = prev.squeezed + caption.text
        caption.lines = prev.lines + caption.lines
    while out and out[-1].role in ("display", "paragraph") and not ends_sentence(out[-1].text) and len(out[-1].squeezed) <= 20:
        prev = out.pop()
        caption.text = prev.squeezed + caption.text
        caption.lines = prev.lines + caption.lines
