"""Shared fixtures of the enrichment tests: the demo seeds parsed and enriched once per run."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from newsarchive.config import Config, load_config
from newsarchive.records import Article, BodyBlock, Page

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@functools.lru_cache(maxsize=1)
def site_config() -> Config:
    return load_config(ROOT / "site.yaml")


@functools.lru_cache(maxsize=1)
def parsed_seeds() -> tuple[Page, ...]:
    from newsarchive.parse import parse_page

    return tuple(parse_page(path.read_bytes(), path.name) for path in sorted(SEEDS.glob("*.txt")))


@functools.lru_cache(maxsize=1)
def enriched_seeds() -> dict[str, Page]:
    from newsarchive.enrich import enrich_pages

    return {page.source[:3]: page for page in enrich_pages(list(parsed_seeds()), site_config())}


def norm(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


def article_with(page: Page, body_start: str) -> Article:
    """The article of `page` whose body contains `body_start`."""
    hits = [a for a in page.articles if norm(body_start) in norm(a.text)]
    assert hits, f"{page.source}: no article contains {body_start!r}"
    return hits[0]


def make_article(title: str = "", *paragraphs: str, kicker: str | None = None, subtitle: str | None = None, order: int = 1) -> Article:
    return Article(
        id=f"t{order}",
        source="test.txt",
        order=order,
        title=title,
        kicker=kicker,
        subtitle=subtitle,
        body=[BodyBlock("paragraph", p) for p in paragraphs],
    )


def make_page(*articles: Article, date: str | None = None, fragments=()) -> Page:
    return Page(source="test.txt", sha256="0" * 64, encoding="utf-8", date=date, articles=list(articles), fragments=list(fragments))
