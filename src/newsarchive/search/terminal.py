"""Searching a built archive from the terminal: `python build.py search QUERY`.

The whoosh index in the build cache is checked against the site's
``data/articles.json`` first; where the site has changed since (or the cache
was deleted), the index is brought up to date from that file, seed file by
seed file, so a search always answers for the site in ``--out``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from . import ranking
from .analysis import doc_fields, fold, parse_query
from .snippets import highlight_spans, mark, snippet
from .store import (
    WhooshPostings,
    group_sources,
    indexed_sources,
    open_index,
    source_hash,
    sync,
)

SITE_STAMP = "SITE"  # in the index folder: digest of the articles.json the index last matched


@dataclass
class Result:
    id: str
    url: str
    title: str
    score: float
    snippet: str
    highlights: list[tuple[int, int]]
    title_highlights: list[tuple[int, int]]
    city: str | None
    date: str | None
    matched: int

    def to_json(self) -> dict:
        return {
            "id": self.id, "url": self.url, "title": self.title, "score": round(self.score, 4),
            "snippet": self.snippet, "highlights": [list(s) for s in self.highlights],
        }


@dataclass
class Answer:
    query: str
    terms: list[str]
    total: int  # results before the limit
    complete: int  # results holding every term
    results: list[Result] = field(default_factory=list)


def index_for_site(cache_dir: Path, site_dir: Path, notify=None):
    """The whoosh index for the site in `site_dir`, updated from its ``data/articles.json`` when needed.

    `notify(message)` is told before an update that has articles to index.
    """
    path = site_dir / "data" / "articles.json"
    try:
        data = path.read_bytes()
    except OSError:
        raise InputError(f"{site_dir}: no built archive here (data/articles.json missing); run `python build.py` first") from None
    digest = hashlib.sha256(data).hexdigest()
    index_dir = cache_dir / "search"
    ix, _rebuilt = open_index(index_dir)
    stamp = index_dir / SITE_STAMP
    if stamp.is_file() and stamp.read_text("utf-8").strip() == digest:
        return ix
    try:
        articles = json.loads(data)
        groups = group_sources(sorted(articles, key=lambda a: (a["source"], a["order"])))
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{path}: not an articles export: {exc}") from None
    hashes = {s: source_hash(arts) for s, arts in groups.items()}
    current = indexed_sources(ix)
    if current != hashes:
        if notify:
            todo = sum(len(groups[s]) for s, h in hashes.items() if current.get(s) != h)
            notify(f"updating the search index in {index_dir} from {path} ({todo} articles to index)")
        sync(ix, groups, hashes, current)
    stamp.write_text(digest + "\n", "utf-8")
    return ix


def run_query(ix, query: str, limit: int = 10, city: str | None = None, topic: str | None = None,
              year: str | None = None) -> Answer:
    terms = parse_query(query)
    answer = Answer(query, [t.text for t in terms], 0, 0)
    if not terms:
        return answer
    with ix.reader() as reader:
        postings = WhooshPostings(reader)
        hits, matches = ranking.search(terms, postings)
        if city or topic or year:
            hits = [h for h in hits if _keep(postings.article(h.doc), city, topic, year)]
        answer.total = len(hits)
        answer.complete = sum(1 for h in hits if h.matched == len(terms))
        for hit in hits[:limit]:
            article = postings.article(hit.doc)
            anchor = ranking.anchor_term(matches, hit.doc)
            text, spans = snippet(doc_fields(article)[1], terms, anchor.term if anchor else None)
            answer.results.append(Result(
                id=article["id"], url=article["url"], title=article["title"], score=hit.score,
                snippet=text, highlights=spans, title_highlights=highlight_spans(terms, fold(article["title"])),
                city=article.get("city"), date=article.get("date"), matched=hit.matched,
            ))
    return answer


def _keep(article: dict, city: str | None, topic: str | None, year: str | None) -> bool:
    return (
        (not city or article.get("city") == city)
        and (not topic or topic in (article.get("topics") or ()))
        and (not year or (article.get("date") or "").startswith(year))
    )


def format_answer(answer: Answer, color: bool) -> str:
    """Ranked results for the terminal: title, facts, and the snippet with the matches marked."""
    on, off = ("\033[1;33m", "\033[0m") if color else ("【", "】")
    bold, plain = ("\033[1m", "\033[0m") if color else ("", "")
    if not answer.terms:
        return "没有可检索的字词：请输入汉字、字母或数字。"
    query = " ".join(answer.terms)
    if not answer.total:
        return f"没有找到包含“{query}”的文章。"
    lines = [f"“{query}”：找到 {answer.total} 篇文章" + (
        f"，其中 {answer.complete} 篇包含全部 {len(answer.terms)} 个词" if len(answer.terms) > 1 else "")
        + (f"；显示前 {len(answer.results)} 篇" if len(answer.results) < answer.total else "")]
    width = len(str(len(answer.results)))
    for n, r in enumerate(answer.results, 1):
        title = mark(r.title, r.title_highlights, on, off) if color else r.title
        facts = " · ".join(x for x in (r.city, r.date, r.url, f"{r.score:.2f}") if x)
        pad = " " * (width + 2)
        lines += ["", f"{n:>{width}}. {bold}{title}{plain}", f"{pad}{facts}", f"{pad}{mark(r.snippet, r.highlights, on, off)}"]
    return "\n".join(lines)


def stale_seeds(seeds_dir: Path, site_dir: Path) -> list[str]:
    """A warning when page files the site was built from have changed or gone since (new ones are not checked)."""
    try:
        built = {p["source"]: p["sha256"] for p in json.loads((site_dir / "data" / "pages.json").read_bytes())}
    except (OSError, ValueError, KeyError, TypeError):
        return []
    if not seeds_dir.is_dir():
        return []
    changed = []
    for source, sha in sorted(built.items()):
        path = seeds_dir / source
        try:
            if hashlib.sha256(path.read_bytes()).hexdigest() != sha:
                changed.append(source)
        except OSError:
            changed.append(source)
    if not changed:
        return []
    names = ", ".join(changed[:3]) + (f" and {len(changed) - 3} more" if len(changed) > 3 else "")
    return [f"{site_dir}: built from other versions of {names} in {seeds_dir}; run `python build.py` to search the current text"]
