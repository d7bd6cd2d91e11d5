"""Dates: infer a page's publication date from what its text says about time.

Every year the text names is read with its context:

- past: an event or figure of that year (`2024年春节期间`, `2025年郴商大会上`);
  the page is from that year or later;
- complete: a whole-year result (`2025年完成…321.08亿元`, `2020年，…比2015年
  增长`, `由2016年的…增加到2020年的…`); the page is from a later year;
- present: `2026年是…之年`; the page is from that year;
- plan: a target or schedule (`力争到2030年`, `预计2024年`, `2025年工作`,
  `（2024-2026年）`, `2025年度`); it says nothing about when the page was printed.

The year is the present year if the text gives one, else the latest past year
or the year after the latest complete one, whichever is later.  The month
comes from dates the text gives without a year (`9月10日上午`, `今年6月`),
from running totals (`1至11月`, `前3季度`) and from `年底`, all read as
this year's; the latest wins.  Day precision is left to the sidecar.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

YEAR = r"(?:19|20)\d{2}"
_YEAR = re.compile(rf"(?<!\d)({YEAR})\s*年")
_RANGE = re.compile(rf"(?<!\d)({YEAR})\s*年?\s*(?:[-—–~至到])\s*({YEAR})\s*年")
# A year that starts a plan or a forecast.
_PLAN_BEFORE = re.compile(r"(?:力争|争取|预计|计划|目标|有望|将于|将在|排到|要在|谋划|部署|规划|展望|锚定|瞄准|面向|迈向)$")
# `到`/`至` opening a clause before a year sets a target (，到2023年…); 截至, 回溯到, 增加到 do not.
_TO_BEFORE = re.compile(r"(?:^|[，。；：、“”（(\s]|力争|争取|预计|计划|将|要|并)[到至]$")
_PLAN_AFTER = re.compile(r"^年?(?:度|(?:工作|目标|任务|计划|规划|预算|前))")
_PRESENT_AFTER = re.compile(r"^年(?:是|为)")
_COMPLETE_AFTER = re.compile(r"^年(?:全年)?[^，。；！？]{0,12}?(?:完成|实现|达到|达|突破)[^，。；！？]{0,10}?\d")
_COMPARED_AFTER = re.compile(r"^年[，,]?[^。；]{0,24}?比\s*(" + YEAR + r")\s*年")
_RISE_TO_BEFORE = re.compile(r"(?:增加|增长|提高|提升|上升|跃升|攀升|增)[到至]$")

_MONTH_DAY = re.compile(r"(?<![\d年])(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_THIS_YEAR_MONTH = re.compile(r"今年\s*(\d{1,2})\s*月")
_RUNNING_TOTAL = re.compile(r"(?<![\d年])1\s*(?:至|—|-|–|~|到)\s*(\d{1,2})\s*月")
_QUARTERS = re.compile(r"今年前\s*([1-4一二三四])\s*(?:个)?季度")
_YEAR_END = re.compile(r"今年(?:年)?底|今年年末")
_RELATIVE_BEFORE = re.compile(r"(?:去年|明年|前年|上年|(?:19|20)\d{2}\s*年)\s*$")
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4}


@dataclass
class DateGuess:
    value: str | None  # YYYY, YYYY-MM or YYYY-MM-DD
    precision: str | None  # "year", "month", "day" or None
    source: str  # "sidecar", "text" or "none"
    reasons: list[str] = field(default_factory=list)


@dataclass
class YearEvidence:
    past: dict[int, str] = field(default_factory=dict)  # year → the words that show it
    complete: dict[int, str] = field(default_factory=dict)
    present: dict[int, str] = field(default_factory=dict)
    plan: dict[int, str] = field(default_factory=dict)


def _snippet(text: str, start: int, end: int) -> str:
    return text[max(0, start - 4) : end + 8].replace("\n", " ")


def year_evidence(text: str) -> YearEvidence:
    ev = YearEvidence()
    # The years of a range share the context before the first: 方案(2024-2026年) is a plan,
    # 2016年至2020年，… a past period.
    range_context: dict[int, int] = {}
    for m in _RANGE.finditer(text):
        range_context[m.start(2)] = m.start(1)
    for m in _YEAR.finditer(text):
        year, start = int(m.group(1)), m.start(1)
        context_start = range_context.get(start, start)
        before = text[max(0, context_start - 6) : context_start].rstrip()
        after = text[m.end(1) :].lstrip()
        where = _snippet(text, start, m.end())
        if _PRESENT_AFTER.match(after):
            ev.present.setdefault(year, where)
        elif before[-1:] in ("（", "(", "《") and before:
            ev.plan.setdefault(year, where)
        elif start not in range_context and _RISE_TO_BEFORE.search(before):
            ev.complete.setdefault(year, where)  # 由2016年的…增加到2020年的…
        elif _PLAN_BEFORE.search(before) or _TO_BEFORE.search(before) or _PLAN_AFTER.match(after):
            ev.plan.setdefault(year, where)
        elif _COMPLETE_AFTER.match(after) or _COMPARED_AFTER.match(after):
            ev.complete.setdefault(year, where)
        else:
            ev.past.setdefault(year, where)
    return ev


def infer_year(text: str) -> tuple[int | None, list[str]]:
    ev = year_evidence(text)
    if ev.present:
        year = max(ev.present)
        return year, [f"{year}: named as the present year ({ev.present[year]})"]
    candidates = []
    if ev.past:
        y = max(ev.past)
        candidates.append((y, f"{y}: latest year the text reports on ({ev.past[y]})"))
    for y in ev.complete:
        candidates.append((y + 1, f"{y + 1}: the year after {y}, reported as complete ({ev.complete[y]})"))
    if not candidates:
        return None, ["no year in the text"]
    year, reason = max(candidates)
    return year, [reason]


def infer_month(text: str) -> tuple[int | None, list[str]]:
    """The latest month of this year the text refers to, if any."""
    months: list[tuple[int, str]] = []
    for m in _MONTH_DAY.finditer(text):
        if _RELATIVE_BEFORE.search(text[max(0, m.start() - 8) : m.start()]):
            continue
        month, day = int(m.group(1)), int(m.group(2))
        if 1 <= month <= 12 and 1 <= day <= 31:
            months.append((month, m.group(0)))
    for m in _THIS_YEAR_MONTH.finditer(text):
        months.append((int(m.group(1)), m.group(0)))
    for m in _RUNNING_TOTAL.finditer(text):
        if _RELATIVE_BEFORE.search(text[max(0, m.start() - 8) : m.start()]):
            continue
        months.append((int(m.group(1)), m.group(0)))
    for m in _QUARTERS.finditer(text):
        q = m.group(1)
        months.append((3 * (_CN_DIGITS.get(q) or int(q)), m.group(0)))
    for m in _YEAR_END.finditer(text):
        if not text[m.end() : m.end() + 1] == "前":
            months.append((12, m.group(0)))
    months = [(mo, w) for mo, w in months if 1 <= mo <= 12]
    if not months:
        return None, []
    early = [mo for mo, _ in months if mo <= 2]
    late = [mo for mo, _ in months if mo >= 11]
    if early and late:
        # January's page recalls December's events: the early months are this year's.
        months = [(mo, w) for mo, w in months if mo <= 2]
    month, words = max(months, key=lambda mw: mw[0])
    return month, [f"month {month}: {words}"]


def infer_date(texts: list[str], sidecar_date: str | None = None) -> DateGuess:
    """The page's date: the sidecar's when given, else the best the text supports."""
    if sidecar_date:
        precision = {4: "year", 7: "month", 10: "day"}.get(len(sidecar_date), "day")
        return DateGuess(sidecar_date, precision, "sidecar", ["set in the sidecar"])
    text = "\n".join(texts)
    year, reasons = infer_year(text)
    if year is None:
        return DateGuess(None, None, "none", reasons)
    month, month_reasons = infer_month(text)
    if month is None:
        return DateGuess(f"{year:04d}", "year", "text", reasons)
    return DateGuess(f"{year:04d}-{month:02d}", "month", "text", reasons + month_reasons)


def resolve_relative(word: str, year: int) -> int | None:
    """The year 今年/去年/明年/前年 means on a page of `year`."""
    return {"今年": year, "本年": year, "去年": year - 1, "上年": year - 1, "前年": year - 2, "明年": year + 1}.get(word)
