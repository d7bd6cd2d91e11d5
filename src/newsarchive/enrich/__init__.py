"""Enrich parsed pages: dates, places, topics, keywords and key figures.

`enrich_pages(pages, config)` is a pure function: it returns enriched copies
and leaves its input as it was.  Each concern has its own module:

- `gazetteer`: the region's divisions, chosen by `config.region.adcode`;
- `places`: place mentions, `Article.places` and the main `Article.city`;
- `topics`: `Article.topics` and `topic_reasons` from `config.topics`;
- `dates`: `Page.date` (unless the sidecar set it) and `Article.date`;
- `keywords`: `Article.keywords` by TF-IDF over jieba's words;
- `figures`: `Article.figures`.

Infographic fragments get the city their title names (`郴州五年成就` → 郴州),
or the page's main city when the title names none.
"""

from __future__ import annotations

import copy
import dataclasses

from ..config import Config
from ..records import Page
from .dates import infer_date
from .figures import extract_figures
from .gazetteer import Gazetteer, load_gazetteer
from .keywords import extract_keywords
from .places import city_of_text, locate
from .text import page_texts
from .topics import assign_topics

__all__ = ["enrich_pages", "enrich_page"]


def enrich_pages(pages: list[Page], config: Config) -> list[Page]:
    """Enriched copies of `pages`, in the same order."""
    gaz = load_gazetteer(config.region.adcode)
    return [enrich_page(page, config, gaz) for page in pages]


def enrich_page(page: Page, config: Config, gaz: Gazetteer | None = None) -> Page:
    gaz = gaz or load_gazetteer(config.region.adcode)
    page = copy_records(page)
    region = config.region.name or gaz.province.short
    if not page.date:
        page.date = infer_date(page_texts(page)).value
    place_words = tuple(gaz.surfaces) + (gaz.province.name, gaz.province.short)
    cities: dict[str, int] = {}
    for article in page.articles:
        found = locate(article, gaz, region)
        article.places = found.places
        article.city = found.city
        if found.city:
            cities[found.city] = cities.get(found.city, 0) + 1
        article.date = article.date or page.date
        article.topics, article.topic_reasons = assign_topics(article, config.topics)
        article.keywords = extract_keywords(article)
        article.figures = extract_figures(article, place_words)
    page_city = max(cities, key=lambda c: cities[c]) if cities else None
    for fragment in page.fragments:
        if fragment.kind == "infographic":
            fragment.city = city_of_text(fragment.title or "", gaz) or city_of_text(fragment.text, gaz) or page_city
    return page


_IMMUTABLE = (str, int, float, bool, type(None))


def copy_records(value):
    """A deep copy of a page's records, as `copy.deepcopy` makes it but several times faster:
    records are plain dataclasses, lists, dicts and tuples over strings and numbers, which
    need none of its generic bookkeeping.  Anything else is left to `copy.deepcopy`."""
    kind = type(value)
    if kind in _IMMUTABLE:
        return value
    if kind is list:
        return [copy_records(v) for v in value]
    if kind is dict:
        return {k: copy_records(v) for k, v in value.items()}
    if kind is tuple:
        items = tuple(copy_records(v) for v in value)
        return value if all(a is b for a, b in zip(items, value)) else items
    if dataclasses.is_dataclass(value) and not hasattr(kind, "__slots__"):
        new = object.__new__(kind)
        new.__dict__.update({k: copy_records(v) for k, v in value.__dict__.items()})
        return new
    return copy.deepcopy(value)
