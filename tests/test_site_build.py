"""End to end: the demo seeds built by the pipeline, then crawled."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from site_crawl import crawl, parse_html
from site_fixtures import ROOT

pytest.importorskip("newsarchive.parse", reason="the parser is not there yet")

from newsarchive.config import load_config  # noqa: E402
from newsarchive.pipeline import build  # noqa: E402
from newsarchive.site.urls import slugify  # noqa: E402


# A page whose text holds markup, an attribute injection, Jinja syntax and a script end tag.
HOSTILE_SEED = """

<script>alert(1)</script>郴州新闻{{ 7*7 }}标题

记者 张三

" onmouseover="x 郴州市今年推进{{ 7*7 }}项重点工程，</script><script>alert(2)</script>取得显著成效。这是一段足够长的正文，用来确保它是正文段落而不是标题。

第二段正文：<img src=x onerror=alert(3)> 郴州汝城县的项目进展顺利，全年完成投资100亿元，同比增长12%。

{% raw %}第三段{{ config }}正文{# 注释 #}，结束。
"""


def read_site(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("e2e")
    seeds = tmp / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    (seeds / "900_hostile.txt").write_text(HOSTILE_SEED, encoding="utf-8")
    (seeds / "900_hostile.yaml").write_text("date: 2025-12-01\n", encoding="utf-8")
    config = load_config(ROOT / "site.yaml")
    result = build(config, seeds, tmp / "site")
    return config, result, read_site(tmp / "site"), tmp


def test_demo_builds_articles(built):
    _, result, site, _ = built
    assert result.errors == []
    assert result.articles > 0
    assert len(json.loads(site["data/articles.json"])) == result.articles


def test_every_internal_link_and_asset_resolves(built):
    _, _, site, _ = built
    assert crawl(site) == []


def test_every_article_city_topic_and_author_has_its_page(built):
    _, _, site, _ = built
    articles = json.loads(site["data/articles.json"])
    pages = json.loads(site["data/pages.json"])
    for a in articles:
        assert f"{a['url']}index.html" in site, a["id"]
    cities = {a["city"] for a in articles if a["city"]}
    topics = {t for a in articles for t in a["topics"]}
    authors = {n for a in articles for n in a["authors"]}
    city_pages = {p for p in site if p.startswith("cities/") and p.endswith("/index.html") and "/page/" not in p}
    assert len(city_pages) - 1 >= len(cities)  # cities/index.html, plus cities known only from infographics
    for name in cities:
        assert f"cities/{slugify(name)}/index.html" in site, name
    topic_pages = [p for p in site if p.startswith("topics/") and p.count("/") == 2 and p.endswith("index.html")]
    assert len(topic_pages) == len(topics)
    home = site["index.html"].decode()
    for name in topics:
        assert f">{name}</a>" in home, name
    author_pages = [p for p in site if p.startswith("authors/") and p.count("/") == 2 and p.endswith("index.html")]
    assert len(author_pages) == len(authors)
    for p in pages:
        stem = p["source"].rsplit(".", 1)[0]
        assert f"pages/{stem}/index.html" in site
        assert f"pages/{stem}/raw.txt" in site


def test_infographic_series_show_as_charts(built):
    _, _, site, _ = built
    for slug, title in (("chenzhou", "郴州五年成就"), ("yongzhou", "永州五年成就")):
        html = site[f"cities/{slug}/index.html"].decode()
        assert title in html, slug
        assert html.count('class="chart-svg"') >= 3, slug
        ET.fromstring(html[html.index("<svg class=\"chart-svg\""):html.index("</svg>") + 6])


def test_feeds_sitemap_and_json_ld_parse(built):
    _, _, site, _ = built
    feeds = [p for p in site if p.endswith("feed.xml")]
    assert "feed.xml" in feeds and any(p.startswith("cities/") for p in feeds) and any(p.startswith("topics/") for p in feeds)
    for path in feeds:
        ET.fromstring(site[path])
    ET.fromstring(site["sitemap.xml"])
    for path, data in site.items():
        if path.startswith("articles/"):
            scripts = [t for a, t in parse_html(data).scripts if a.get("type") == "application/ld+json"]
            assert json.loads(scripts[0])["@type"] == "NewsArticle"


def test_home_shows_the_map(built):
    _, _, site, _ = built
    home = site["index.html"].decode()
    assert 'class="map-svg"' in home and "郴州" in home


def test_a_second_build_is_byte_identical(built):
    config, _, site, tmp = built
    build(config, tmp / "seeds", tmp / "again")
    assert read_site(tmp / "again") == site


def test_hostile_seed_renders_as_inert_text_everywhere(built):
    _, _, site, _ = built
    articles = [a for a in json.loads(site["data/articles.json"]) if a["source"] == "900_hostile.txt"]
    assert articles, "the hostile page gave no article"
    article_page = site[f"{articles[0]['url']}index.html"]
    assert "<script>alert(1)</script>" in "".join(parse_html(article_page).text)
    assert "{{" in "".join(parse_html(article_page).text)  # shown, not evaluated
    for path, data in site.items():
        if path.endswith(".html"):
            page = parse_html(data)
            assert not any(attr.startswith("on") for _, attr, _ in page.attrs), path
            assert not any(tag == "img" for tag, _, _ in page.links), path
            for attrs, text in page.scripts:
                if attrs.get("src"):  # the search page's client: a file of the site, no inline code
                    assert attrs["src"].endswith("static/search.js") and "://" not in attrs["src"] and not text.strip(), path
                    continue
                assert attrs.get("type") == "application/ld+json", path
                assert "<" not in text, path
                json.loads(text)
        elif path.endswith(".xml"):
            root = ET.fromstring(data)
            for el in root.iter():
                assert not el.tag.endswith("script"), path
    feed = ET.fromstring(site["feed.xml"])
    titles = [e.findtext("{http://www.w3.org/2005/Atom}title") for e in feed.iter("{http://www.w3.org/2005/Atom}entry")]
    assert articles[0]["title"] in titles  # dated by its sidecar, so in the feed, as text
