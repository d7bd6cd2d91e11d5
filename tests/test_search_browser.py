"""The search page in headless Chromium: type, see highlighted results, follow one; filters, keys,
the empty state, hostile text shown as text; from a server sub-path and from file://.

Needs Debian's `chromium` (/usr/bin/chromium) and the `playwright` package; no browser is downloaded.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from browser_helpers import chromium, needs_chromium, serve
from newsarchive.cli import main

ROOT = Path(__file__).resolve().parents[1]
pytestmark = needs_chromium

HOSTILE_SEED = """

<img src=x onerror="window.__pwned=1">安全检验标题

记者 张三



这是一段用于检验搜索转义的正文，里面有<img src=x onerror="window.__pwned=2">和<script>window.__pwned=3</script>等字样，还有“<b>粗体</b>”与&amp;实体。检验站点搜索能否把这些内容原样显示为文字。

第二段正文继续说明：搜索结果、摘要和高亮都必须转义，读者看到的只是文字，浏览器不会执行任何代码。
"""


@pytest.fixture(scope="module")
def host(tmp_path_factory):
    """The demo seeds plus a hostile page, built by the pipeline into <host>/archive/ (a sub-path)."""
    tmp = tmp_path_factory.mktemp("search-browser")
    seeds = tmp / "seeds"
    shutil.copytree(ROOT / "seeds", seeds)
    (seeds / "098_hostile.txt").write_text(HOSTILE_SEED, "utf-8")
    site = tmp / "host" / "archive"
    code = main(["build", "--seeds", str(seeds), "--out", str(site), "--cache", str(tmp / "cache"),
                 "--config", str(ROOT / "site.yaml"), "--jobs", "1"])
    assert code == 0 and (site / "search" / "meta.js").is_file()
    return {"root": tmp / "host", "site": site, "cache": tmp / "cache"}


@pytest.fixture(scope="module")
def server(host):
    with serve(host["root"], "archive/") as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.problems = []
    pg.requested = []
    pg.on("console", lambda m: pg.problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.problems.append(f"page error: {e}"))
    pg.on("dialog", lambda d: (pg.problems.append(f"dialog: {d.message}"), d.dismiss()))
    pg.on("request", lambda r: pg.requested.append(r.url))
    yield pg
    assert pg.problems == []
    context.close()


def results(pg) -> list[dict]:
    return pg.eval_on_selector_all(".search-hit", """items => items.map(li => ({
        title: li.querySelector('.hit-title').textContent,
        marks: [...li.querySelectorAll('mark')].map(m => m.textContent),
        meta: (li.querySelector('.hit-meta') || {}).textContent || '',
        snippet: li.querySelector('.hit-snippet').textContent,
        href: li.querySelector('a').getAttribute('href'),
    }))""")


def wait_status(pg, text: str) -> str:
    pg.wait_for_function("t => document.getElementById('search-status').textContent.includes(t)", arg=text)
    return pg.inner_text("#search-status")


def test_type_a_query_see_highlighted_results_and_follow_one(page, server):
    page.goto(server + "search/index.html")
    page.click("#q")
    page.keyboard.type("酸锂", delay=30)
    assert "找到 2 篇文章" in wait_status(page, "找到")
    hits = results(page)
    assert len(hits) == 2 and all("酸锂" in h["marks"] for h in hits)
    assert all("酸锂" in h["snippet"] for h in hits)
    assert "q=%E9%85%B8%E9%94%82" in page.url  # the query is in the address, so the search can be linked
    # Two Han characters need one counts shard per segment (the demo is one), no positions shard;
    # one text block per result; every segment file asked for with its segment's version.
    data = [u for u in page.requested if "/search/" in u and not u.endswith("index.html")]
    assert sum("/t/" in u for u in data) == 1 and not any("/p/" in u for u in data)
    assert sum("/b/" in u for u in data) == 2
    assert all("?v=" in u for u in data if not u.split("?")[0].endswith("/meta.js"))
    title = hits[0]["title"]
    page.click(".search-hit a")
    page.wait_for_load_state()
    assert page.url.endswith("/index.html") and "/articles/" in page.url
    assert page.inner_text("h1").replace("\n", "") .startswith(title[:6])


def test_a_linked_search_from_disk(page, host):
    """file://: the shards load as scripts; links from results open article pages."""
    page.goto((host["site"] / "search" / "index.html").as_uri() + "?q=" + "高质量 发展")
    status = wait_status(page, "找到")
    assert "包含全部 2 个词" in status
    hits = results(page)
    assert hits and {"高质量发展"} & set(m for h in hits for m in h["marks"])
    page.click(".search-hit a")
    page.wait_for_load_state()
    assert page.url.startswith("file://") and page.url.endswith("index.html") and "/articles/" in page.url


def test_hostile_text_is_shown_as_text(page, server):
    page.goto(server + "search/index.html?q=安全检验")
    wait_status(page, "找到")
    hits = results(page)
    hostile = [h for h in hits if "onerror" in h["title"]]
    assert hostile and hostile[0]["title"].startswith('<img src=x onerror="window.__pwned=1">')
    page.goto(server + "search/index.html?q=转义的正文")
    wait_status(page, "找到")
    (hit,) = results(page)
    assert "<script>window.__pwned=3</script>" in hit["snippet"] or "<img" in hit["snippet"]
    assert page.evaluate("document.querySelectorAll('#search-results img, #search-results script, #search-results b').length") == 0
    assert page.evaluate("window.__pwned") is None


def test_keyboard_filters_sort_and_the_empty_state(page, server):
    page.goto(server + "search/index.html?q=发展")
    wait_status(page, "找到")
    page.focus("#q")
    page.keyboard.press("ArrowDown")
    first = page.evaluate("document.activeElement.textContent")
    assert first == results(page)[0]["title"]
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.textContent") == results(page)[1]["title"]
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.id") == "q"
    # Filters: counts in the options, results narrowed, the choice in the address.
    option = page.eval_on_selector("select[name=city]", "s => [...s.options].find(o => o.value === '永州').textContent")
    count = int(option.split("（")[1].rstrip("）"))
    page.select_option("select[name=city]", "永州")
    assert f"筛选后 {count} 篇" in wait_status(page, "筛选后")
    assert "city=%E6%B0%B8%E5%B7%9E" in page.url
    assert all(h["meta"].startswith("永州") for h in results(page))
    page.select_option("select[name=sort]", "date")
    page.wait_for_function("location.search.includes('sort=date')")
    page.wait_for_timeout(100)
    dates = [h["meta"].split(" · ")[-1] for h in results(page)]
    assert dates == sorted(dates, reverse=True)
    # Nothing found: a clear message, and the filter can be cleared from there.
    page.fill("#q", "兔子月亮")
    assert "没有找到包含“兔子月亮”的文章" in wait_status(page, "没有找到")
    assert page.locator(".search-hit").count() == 0
    page.click("body")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "q"


def test_the_page_ranks_as_the_terminal(page, server, host, capsys):
    """A few queries in the page's client give the same top 10 as `python build.py search --json`."""
    page.goto(server + "search/index.html")
    articles = json.loads((host["site"] / "data" / "articles.json").read_text("utf-8"))
    ids = [a["id"] for a in sorted(articles, key=lambda a: (a["source"], a["order"]))]
    for query in ("郴州 创新", "锂", "5G", "2025年", "湘江"):
        in_page = page.evaluate("q => NewsarchiveSearch.query(q)", query)
        main(["search", query, "--json", "--out", str(host["site"]), "--cache", str(host["cache"])])
        terminal = json.loads(capsys.readouterr().out)
        assert [ids[h["doc"]] for h in in_page[:10]] == [r["id"] for r in terminal], query
