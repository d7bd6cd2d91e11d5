"""Score the parser against the editors' answers in tests/gold/ (see tests/gold/README)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from newsarchive.parse import parse_page
from newsarchive.records import Article

ROOT = Path(__file__).resolve().parent.parent
GOLD = Path(__file__).resolve().parent / "gold"


def norm(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


def body_text(article: Article) -> str:
    return norm("".join(b.text for b in article.body))


def headline_right(article: Article, gold: dict) -> bool:
    whole = norm(article.kicker) + norm(article.title) + norm(article.subtitle)
    gold_whole = norm(gold.get("kicker")) + norm(gold.get("title")) + norm(gold.get("subtitle"))
    if not gold.get("title"):
        return article.title_source == "generated"
    return whole == gold_whole or norm(article.title) in {norm(gold.get("title")), norm(gold.get("title_alt"))}


def find(articles: list[Article], gold: dict) -> Article | None:
    for article in articles:
        text = body_text(article)
        if text.startswith(norm(gold["body_start"])) and text.endswith(norm(gold["body_end"])):
            return article
    return None


@dataclass
class PageScore:
    source: str
    gold: int = 0
    found: int = 0
    headlines: int = 0
    authors: int = 0
    cities: int = 0
    misses: list[str] = field(default_factory=list)


def gold_files() -> list[Path]:
    return sorted(GOLD.glob("*.yaml"))


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def parsed(source: str, enrich: bool = False):
    data = (ROOT / "seeds" / source).read_bytes()
    page = parse_page(data, source)
    if enrich:
        from newsarchive.config import load_config
        from newsarchive.enrich import enrich_pages

        page = enrich_pages([page], load_config(ROOT / "site.yaml"))[0]
    return page


def score(path: Path, enrich: bool = False) -> PageScore:
    gold = load(path)
    page = parsed(gold["source"], enrich)
    result = PageScore(gold["source"], gold=len(gold["articles"]))
    for answer in gold["articles"]:
        article = find(page.articles, answer)
        label = answer.get("title") or answer["body_start"]
        if article is None:
            result.misses.append(f"not found: {label}")
            continue
        result.found += 1
        if headline_right(article, answer):
            result.headlines += 1
        else:
            result.misses.append(f"headline: {label!r} parsed as {article.kicker!r} / {article.title!r} / {article.subtitle!r}")
        if set(article.authors) == set(answer.get("authors", [])):
            result.authors += 1
        else:
            result.misses.append(f"authors: {label!r}: {article.authors} != {answer.get('authors', [])}")
        if article.city == answer.get("city"):
            result.cities += 1
    return result


if __name__ == "__main__":
    for path in gold_files():
        s = score(path, enrich=True)
        print(f"{s.source}: gold {s.gold}, found {s.found}, headlines {s.headlines}, authors {s.authors}, cities {s.cities}")
        for miss in s.misses:
            print("   ", miss)
