"""Places: find every county and city an article names, and choose its main city.

A name counts where a jieba word begins (so 九龙山村 is not 龙山, 天津市 not
津市), longest name first (岳阳楼区 before 岳阳).  Short names that are also
ordinary words (会同, 通道) count only with a suffix or after their city.
Every mention is weighed by where it stands (`text.FIELD_WEIGHTS`): the main
city is the one with most weight, or the province (湖南) when the article
names the province more than any city, or spreads over several cities with
none ahead.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from ..records import Article, Place
from .gazetteer import ADMIN_SUFFIXES, Gazetteer
from .text import squeeze, token_starts, weighted_fields

# Words that mean the whole province, and how much they count.
PROVINCE_WORDS = {"全省": 0.5}
# The top city wins outright with this share of all city weight ...
CLEAR_SHARE = 0.5
# ... or when it weighs this many times the runner-up.
CLEAR_LEAD = 2.0
# With no clear winner and at least this many cities, the piece is province-wide.
SPREAD_CITIES = 3


@dataclass(frozen=True)
class Mention:
    adcode: str  # the division, or the province's adcode for 湖南/全省
    text: str  # as printed
    kind: str  # full, short, alias, ocr, province
    start: int
    end: int


@dataclass
class PlaceResult:
    places: list[Place] = field(default_factory=list)
    city: str | None = None
    weights: dict[str, float] = field(default_factory=dict)  # city short name → weight
    province_weight: float = 0.0
    reason: str = ""


@functools.lru_cache(maxsize=8)
def _pattern(gaz: Gazetteer) -> re.Pattern:
    words = set(gaz.surfaces) | set(gaz.not_places) | _province_names(gaz) | set(PROVINCE_WORDS)
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w))))


@functools.lru_cache(maxsize=8)
def _candidates(gaz: Gazetteer) -> re.Pattern:
    """`_pattern` in a lookahead: every offset where a name starts, with the name
    `_pattern.match` gives there (the longest)."""
    return re.compile(f"(?=({_pattern(gaz).pattern}))")


def _province_names(gaz: Gazetteer) -> set[str]:
    return {gaz.province.name, gaz.province.short}


def find_mentions(text: str, gaz: Gazetteer) -> list[Mention]:
    """Every place name in `text` (squeezed), in order."""
    text = squeeze(text)
    pattern = _pattern(gaz)
    if not pattern.search(text):
        return []
    province = _province_names(gaz) | set(PROVINCE_WORDS)
    blocked = set(gaz.not_places)
    out: list[Mention] = []
    pos = 0
    starts = token_starts(text)
    for found in _candidates(gaz).finditer(text):  # the offsets where a name starts, in order
        start = found.start()
        if start < pos or start not in starts:
            continue
        m = pattern.match(text, start)
        word = m.group()
        pos = m.end()
        if word in blocked:
            continue
        if word in province:
            out.append(Mention(gaz.adcode, word, "province", start, m.end()))
            continue
        surface = gaz.surfaces[word]
        if surface.ambiguous and not _confirmed(text, m, gaz, surface.adcode):
            continue
        out.append(Mention(surface.adcode, word, surface.kind, start, m.end()))
    return out


def _confirmed(text: str, m: re.Match, gaz: Gazetteer, adcode: str) -> bool:
    """An ambiguous short name is a place when a suffix follows or its city precedes it."""
    if text[m.end() : m.end() + 1] and text[m.end()] in ADMIN_SUFFIXES:
        return True
    city = gaz.city_of(adcode)
    before = text[: m.start()]
    return before.endswith(city.short) or before.endswith(city.name)


def locate(article: Article, gaz: Gazetteer, region_name: str | None = None) -> PlaceResult:
    """Places named in the article and its main city (short form, or the region's name)."""
    result = PlaceResult()
    seen: dict[str, int] = {}
    first: dict[str, int] = {}
    order = 0
    for _field, text, weight in weighted_fields(article):
        for mention in find_mentions(text, gaz):
            order += 1
            if mention.kind == "province":
                result.province_weight += weight * PROVINCE_WORDS.get(mention.text, 1.0)
                continue
            division = gaz.divisions[mention.adcode]
            result.weights[division.city] = result.weights.get(division.city, 0.0) + weight
            first.setdefault(division.city, order)
            if division.adcode not in seen:
                seen[division.adcode] = order
                result.places.append(Place(name=division.name, city=division.city, adcode=division.adcode))
    result.city, result.reason = choose_city(result.weights, result.province_weight, first, region_name or gaz.province.short)
    return result


def choose_city(weights: dict[str, float], province_weight: float, first: dict[str, int], region: str) -> tuple[str | None, str]:
    """The main city by weight, with the reason in words (for `parse`)."""
    if not weights:
        if province_weight > 0:
            return region, f"no city named; {region} named ({province_weight:g})"
        return None, "no place named"
    ranked = sorted(weights.items(), key=lambda kv: (-kv[1], first.get(kv[0], 0), kv[0]))
    top, top_w = ranked[0]
    second_w = ranked[1][1] if len(ranked) > 1 else 0.0
    total = sum(weights.values())
    if province_weight >= CLEAR_LEAD * top_w:
        return region, f"{region} ({province_weight:g}) outweighs {top} ({top_w:g})"
    if top_w >= CLEAR_SHARE * total or top_w >= CLEAR_LEAD * second_w:
        return top, f"{top} carries {top_w:g} of {total:g}"
    if len(ranked) >= SPREAD_CITIES:
        return region, f"spread over {len(ranked)} cities, none ahead ({top} {top_w:g} of {total:g})"
    return top, f"{top} slightly ahead ({top_w:g} vs {second_w:g})"


def city_of_text(text: str, gaz: Gazetteer) -> str | None:
    """The city a short text (an infographic title) is about: the one it names most, first on ties."""
    counts: dict[str, int] = {}
    for mention in find_mentions(text, gaz):
        if mention.kind != "province":
            city = gaz.divisions[mention.adcode].city
            counts[city] = counts.get(city, 0) + 1
    if not counts:
        return None
    return max(counts, key=lambda c: counts[c])  # max keeps the first of equals: text order
