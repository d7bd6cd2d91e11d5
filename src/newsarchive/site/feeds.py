"""Atom feeds, the sitemap and robots.txt.

These are the only outputs with absolute URLs (from `base_url`).  Dates are
the articles' own, never the time of the build, so a rebuild gives the
same bytes.  An article with no known date is left out of feeds: a feed
entry must say when it was published.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import islice
from xml.sax.saxutils import escape as xml_escape

from markupsafe import escape

from .context import ArticleView
from .meta import iso_date
from .urls import absolute

FEED_SIZE = 50
# Time of day given to dates in feeds: the archive knows the day, not the hour (Beijing time).
DAY_TIME = "T00:00:00+08:00"


def dated(articles: list[ArticleView]) -> list[ArticleView]:
    """The articles a feed of a list (newest first) holds: its newest dated ones (found without a
    step over the rest of a list of thousands)."""
    return list(islice((v for v in articles if v.article.date), FEED_SIZE))


def feed_context(config, title: str, url: str, feed_url: str, articles: list[ArticleView]) -> dict:
    """What `feed.xml` renders: the newest dated articles of a list (already newest first)."""
    entries = [entry(config, v) for v in dated(articles)]
    updated = max((e["updated"] for e in entries), default="2000-01-01" + DAY_TIME)
    return {
        "feed_title": title,
        "feed_author": config.title,
        "language": config.language,
        "feed_id": absolute(config.base_url, feed_url),
        "feed_self": absolute(config.base_url, feed_url),
        "feed_alternate": absolute(config.base_url, url),
        "updated": updated,
        "entries": entries,
    }


def entry(config, v: ArticleView) -> dict:
    a = v.article
    html = []
    if a.subtitle:
        html.append(f"<p><strong>——{escape(a.subtitle)}</strong></p>")
    for block in a.body:
        tag = "h3" if block.kind == "subheading" else "p"
        html.append(f"<{tag}>{escape(block.text)}</{tag}>")
    return {
        "title": a.title,
        "url": absolute(config.base_url, v.url),
        "id": absolute(config.base_url, v.url),
        "updated": iso_date(a.date) + DAY_TIME,
        "authors": list(a.authors),
        "summary": v.lead,
        "content_html": "".join(html),
        "categories": [*a.topics, *([a.city] if a.city else [])],
    }


# URLs one sitemap file may list (sitemaps.org): a larger site gets a sitemap index and parts.
SITEMAP_URLS = 50_000


def sitemap_files(config, urls: list[tuple[str, str | None]]) -> dict[str, Callable[[], bytes]]:
    """The site's sitemap files, by path, each with the function that makes it: ``sitemap.xml``
    listing `urls` ((site URL, date or None) of every page), or, past `SITEMAP_URLS` URLs, listing
    the parts ``sitemap-1.xml``, ``sitemap-2.xml``, … (at the site's root, since a sitemap may list
    only URLs under its own folder), each of `SITEMAP_URLS` URLs at most, in URL order."""
    limit = SITEMAP_URLS
    entries = sorted(set(urls))
    if len(entries) <= limit:
        return {"sitemap.xml": lambda: _urlset(config, entries)}
    parts = [entries[i : i + limit] for i in range(0, len(entries), limit)]
    files: dict[str, Callable[[], bytes]] = {"sitemap.xml": lambda: _sitemap_index(config, len(parts))}
    for n, part in enumerate(parts, 1):
        files[f"sitemap-{n}.xml"] = lambda part=part: _urlset(config, part)
    return files


def _urlset(config, entries: list[tuple[str, str | None]]) -> bytes:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for url, date in entries:
        lastmod = f"<lastmod>{xml_escape(date)}</lastmod>" if date else ""
        lines.append(f"<url><loc>{xml_escape(absolute(config.base_url, url))}</loc>{lastmod}</url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _sitemap_index(config, count: int) -> bytes:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    for n in range(1, count + 1):
        lines.append(f"<sitemap><loc>{xml_escape(absolute(config.base_url, f'sitemap-{n}.xml'))}</loc></sitemap>")
    lines.append("</sitemapindex>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def robots(config) -> bytes:
    return f"User-agent: *\nAllow: /\n\nSitemap: {absolute(config.base_url, 'sitemap.xml')}\n".encode("utf-8")
