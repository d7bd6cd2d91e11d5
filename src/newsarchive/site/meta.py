"""What machines read about a page: OpenGraph tags, schema.org JSON-LD, the citation.

JSON-LD is embedded in a ``<script>`` element, where HTML escaping does not
apply; `json_ld` escapes ``<``, ``>`` and ``&`` as JSON unicode escapes so
that no seed text can close the element.
"""

from __future__ import annotations

import json

from markupsafe import Markup

from .context import ArticleView
from .urls import absolute


def json_ld(data: dict) -> Markup:
    text = json.dumps(data, ensure_ascii=False, sort_keys=False, separators=(",", ":"))
    for ch, esc in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e"), ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return Markup(text)


def iso_date(date: str | None) -> str | None:
    """A partial date completed to a day (``2025-09`` → ``2025-09-01``), for Atom, which needs a full date.

    Elsewhere (JSON-LD, OpenGraph, the sitemap) dates keep the precision the archive knows.
    """
    if not date:
        return None
    parts = date.split("-")
    while len(parts) < 3:
        parts.append("01")
    return "-".join(parts[:3])


def article_json_ld(view: ArticleView, config, publisher: str | None) -> dict:
    a = view.article
    url = absolute(config.base_url, view.url)
    data: dict = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": a.title,
        "url": url,
        "mainEntityOfPage": url,
        "inLanguage": config.language,
        "isAccessibleForFree": True,
    }
    if a.subtitle:
        data["alternativeHeadline"] = a.subtitle
    if a.date:
        data["datePublished"] = a.date  # ISO 8601 at the precision known: 2025, 2025-09 or 2025-09-16
    if a.authors:
        data["author"] = [{"@type": "Person", "name": link.name, "url": absolute(config.base_url, link.url)} for link in view.authors]
    if a.column:
        data["articleSection"] = a.column
    if a.keywords or a.topics:
        data["keywords"] = list(dict.fromkeys([*a.topics, *a.keywords]))
    if a.city:
        data["contentLocation"] = {"@type": "Place", "name": a.city}
    if view.lead:
        data["description"] = view.lead
    data["wordCount"] = view.chars
    data["isPartOf"] = {"@type": "WebSite", "name": config.title, "url": absolute(config.base_url, "")}
    if publisher:
        data["publisher"] = {"@type": "Organization", "name": publisher}
    return data


def open_graph(config, url: str, title: str, description: str, kind: str = "website", date: str | None = None) -> list[tuple[str, str]]:
    tags = [
        ("og:site_name", config.title),
        ("og:locale", config.language.replace("-", "_")),
        ("og:type", kind),
        ("og:title", title),
        ("og:description", description),
        ("og:url", absolute(config.base_url, url)),
    ]
    if kind == "article" and date:
        tags.append(("article:published_time", date))
    return tags


def citation(view: ArticleView, config) -> str:
    """A reference in the GB/T 7714 form: 作者. 题名[N]. 报纸, 日期(版次). URL

    Without the newspaper's name the archive itself is cited as an online source ([EB/OL]).
    """
    a = view.article
    who = ", ".join(a.authors)
    when = a.date or ""
    if view.page.publication:
        kind, where = "N", view.page.publication
        if when and view.page.page_label:
            when += f"({view.page.page_label})"
    else:
        kind, where = "EB/OL", config.title
    source = ", ".join(p for p in (where, when) if p)
    parts = [p for p in (who, f"{a.title}[{kind}]", source, absolute(config.base_url, view.url)) if p]
    return ". ".join(parts)
