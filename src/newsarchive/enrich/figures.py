"""Key figures: numbers with a unit and what they measure.

`年产值突破20亿元` gives Figure("20", "亿元", "年产值"); `高新技术企业总数达743家`
gives Figure("743", "家", "高新技术企业总数").  The label is the clause before
the number, without the time and place words that open it (今年, 郴州, 截至目前)
and the verb that leads to the number (突破, 达, 增至); when nothing is left,
the words after the unit (`形成5万亩种植规模` → 种植规模).  A bare change
(`，增长11.95%`) borrows the label of the figure before it in the sentence.
Money and shares rank first; an article keeps at most `MAX_FIGURES`, in
reading order.
"""

from __future__ import annotations

import bisect
import functools
import re
from typing import Iterable

from ..records import Article, Figure
from .text import pos_tokenizer, tokenizer, weighted_fields

MAX_FIGURES = 20
LABEL_MAX = 16
SHORT_LABEL = 4  # up to this length a label is checked for ending on a verb or particle

_BASE_UNITS = (
    "个百分点", "项次", "平方公里", "平方米", "立方米", "千瓦时", "美元", "元", "人次", "户次", "场次", "批次", "万人",
    "人", "家", "个", "项", "件", "所", "台", "套", "条", "名", "户", "吨", "亩", "公里", "千瓦", "度", "辆",
    "只", "双", "支", "座", "场", "次", "倍", "例", "张", "间", "栋", "单", "元/吨", "%", "％",
)
_UNIT = "(?:万亿|亿|万|千)?(?:" + "|".join(re.escape(u) for u in sorted(set(_BASE_UNITS), key=len, reverse=True)) + ")"
_NUMBER = re.compile(r"(?<![\d.:：/])(\d+(?:\.\d+)?)(?:多|余)?(" + _UNIT + r")(?![\d.])")
_DELIMS = "，。；：！？、,;:!?（）()“”‘’《》【】\n"
_SENTENCE_END = "。；！？;!?\n"
# Words that open a clause without naming what is measured.
_LEAD_WORDS = re.compile(
    r"^(?:今年以来|今年|去年|目前|截至目前|截至|如今|其中|同时|此外|另外|当前|现已|已|共|全年|近\d+年来?|近[一二三四五六七八九十]+年来?|"
    r"[一二三四五六七八九十]+年来|过去\d+年|过去[一二三四五六七八九十]+年|(?:19|20)\d{2}年(?:\d{1,2}月)?(?:\d{1,2}日)?(?:以来)?|"
    r"\d{1,2}月(?:\d{1,2}日)?(?:以来)?|1[—至\-~]\d{1,2}月|前\d季度|全市|全县|全省|全区|该市|该县|该区|该公司|该企业|该行|市本级|完成|实现)+"
)
# Verbs and adverbs that lead from the label to the number.
_LEAD_IN = re.compile(
    r"(?:已经|已|均|分别|首次|同比|比上年|累计|共计|共|总计|合计|约|近|超|超过|逾|达到|已达|达|突破|增至|增加到|增加|增长到|增长|"
    r"提升至|提升到|提升|提高到|提高|升至|跃升至|跃升|下降到|下降|降至|降低|减少|完成|实现|新增|净增|为|是|有|至|到|占|了|的|成|超额|位居|居|获|年均|"
    r"在|差不多|包含|将|仍|就|也|还)+$"
)
# A label that opens with a preposition names a comparison or a place, not a quantity (较年初, 在全国).
_PREPOSITION_START = re.compile(r"^(?:在|将|通过|对|向|把|较|比|从|由|为|与|和|及)")
# A label ending in 从/由 starts a change: 省级创新平台从26家增至140家 labels the 140.
_FROM_END = re.compile(r"[从由]$")
# Parts of speech that cannot end a label: verbs, adverbs, particles (正式搭建, 公司仍, 打火机等).
_WEAK_END = {"v", "ad", "d", "u", "uz", "ul", "ug", "uj", "zg", "p", "c", "f", "m", "q"}
_CHANGE = re.compile(r"(?:同比)?(?:增长|下降|增速|提高|降低|减少|增加)")
_MONEY = re.compile(r"元$")


_DELIM = re.compile("[" + re.escape(_DELIMS) + "]")


class _Places:
    """Place names a label may open with, looked up by prefix, longest first."""

    def __init__(self, places: Iterable[str]):
        self.names = frozenset(places)
        self.lengths = sorted({len(p) for p in self.names}, reverse=True)

    def strip(self, label: str) -> str:
        """`label` without the longest place name it starts with."""
        for n in self.lengths:
            if len(label) >= n and label[:n] in self.names:
                return label[n:]
        return label


@functools.lru_cache(maxsize=8)
def _places(places: tuple[str, ...]) -> _Places:
    return _Places(places)


def _label_before(text: str, start: int, floor: int, places: _Places, delims: list[int]) -> tuple[str, str]:
    """(label, raw clause) for a number at `start`: the clause back to a delimiter or `floor`.
    `delims`: the offsets of the delimiters in `text`, in order."""
    k = bisect.bisect_left(delims, start)
    i = max(floor, delims[k - 1] + 1 if k else 0)
    raw = text[i:start]
    label = raw
    for _ in range(3):  # 郴州去年…, 今年郴州…
        before = label
        label = places.strip(_LEAD_WORDS.sub("", label))
        if label == before:
            break
    lead_in = _LEAD_IN.search(label)
    if lead_in:
        label = label[: lead_in.start()]
        change = _CHANGE.search(lead_in.group())
        if change and label:
            label += change.group()  # 物流成本比过去降低20%: the change is part of what is measured
    return label, raw


def _tidy(label: str) -> str:
    """Drop a leading 的, and words from the left until the label is short enough."""
    label = label.lstrip("的")
    if len(label) <= LABEL_MAX:
        return label
    words = tokenizer().lcut(label)
    while words and sum(map(len, words)) > LABEL_MAX:
        words.pop(0)
    return "".join(words)


@functools.lru_cache(maxsize=1 << 14)
def _weak(label: str) -> bool:
    """A label that is only a verb phrase or ends on a particle says nothing on its own."""
    if len(label) < 2 or _PREPOSITION_START.match(label) or any(ch.isdigit() for ch in label):
        return True
    if len(label) > SHORT_LABEL or _CHANGE.search(label[-2:]):
        return False  # longer labels name what they count even when they end on a verb (督查激励)
    words = list(pos_tokenizer().cut(label))
    return bool(words) and words[-1].flag in _WEAK_END


def _label_after(text: str, end: int) -> str:
    j = end
    while j < len(text) and text[j] not in _DELIMS and j - end < LABEL_MAX:
        j += 1
    return text[end:j] if j == len(text) or text[j] in _DELIMS else ""


def figures_in(text: str, places: Iterable[str] = ()) -> list[Figure]:
    """Every labelled figure in one piece of text, in order."""
    places = _places(tuple(places))
    delims = [m.start() for m in _DELIM.finditer(text)]
    out: list[Figure] = []
    floor = 0
    last_label = ""
    carry = ""  # the label of a 从…增至… change, waiting for its second number
    for m in _NUMBER.finditer(text):
        value, unit = m.group(1), m.group(2)
        if any(ch in _SENTENCE_END for ch in text[floor : m.start()]):
            last_label = carry = ""
        label, raw = _label_before(text, m.start(), floor, places, delims)
        floor = m.end()
        if _FROM_END.search(label):
            carry = label[:-1]
            continue
        if len(label) < 2:
            change = _CHANGE.search(raw)
            if carry:
                label, carry = carry, ""
            elif change and last_label:
                label = last_label + change.group()
        label = _tidy(label)
        if _weak(label):
            label = _tidy(_label_after(text, m.end()))
            if _weak(label):
                continue
        out.append(Figure(value=value, unit=unit.replace("％", "%"), label=label))
        if not _CHANGE.fullmatch(label):
            last_label = label
    return out


def extract_figures(article: Article, places: Iterable[str] = (), limit: int = MAX_FIGURES) -> list[Figure]:
    """The article's key figures: distinct, money and shares first, at most `limit`, in reading order."""
    found: list[Figure] = []
    seen: set[tuple[str, str, str]] = set()
    for _field, text, _weight in weighted_fields(article):
        for fig in figures_in(text, places):
            key = (fig.value, fig.unit, fig.label)
            if key not in seen:
                seen.add(key)
                found.append(fig)
    rank = sorted(range(len(found)), key=lambda i: (_priority(found[i]), i))[:limit]
    return [found[i] for i in sorted(rank)]


def _priority(fig: Figure) -> int:
    if _MONEY.search(fig.unit):
        return 0
    if fig.unit in ("%", "个百分点"):
        return 1
    return 2
