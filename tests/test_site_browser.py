"""The built demo site in headless Chromium: no overflow at 360 and 1280 px, no console errors.

Needs Debian's `chromium` (at /usr/bin/chromium) and the `playwright` package;
no browser is downloaded.  The site is served by `http.server` on 127.0.0.1.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from browser_helpers import chromium, needs_chromium, serve
from site_fixtures import ROOT, make_config, make_pages

WIDTHS = (360, 1280)

pytestmark = needs_chromium


def build_demo(out: Path) -> Path:
    """The demo seeds built by the pipeline; the hand-made pages when the parser cannot run."""
    try:
        from newsarchive.config import load_config
        from newsarchive.pipeline import build

        build(load_config(ROOT / "site.yaml"), ROOT / "seeds", out)
        if any((out / "articles").iterdir()):
            return out
    except ImportError:
        pass
    from newsarchive import exports
    from newsarchive.pipeline import write_site
    from newsarchive.site import render_site

    outputs = exports.render_exports(make_pages())
    outputs.update(render_site(make_pages(), make_config()))
    write_site(outputs, out)
    return out


@pytest.fixture(scope="module")
def site_dir(tmp_path_factory):
    return build_demo(tmp_path_factory.mktemp("browser") / "site")


@pytest.fixture(scope="module")
def server(site_dir):
    with serve(site_dir) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


def sample_paths(site_dir: Path) -> dict[str, str]:
    """Home, an article, a city page (one with charts when there is one) and a page view."""
    article = sorted(p.name for p in (site_dir / "articles").iterdir())[0]
    cities = sorted(p.name for p in (site_dir / "cities").iterdir() if p.is_dir())
    charted = [c for c in cities if "chart-svg" in (site_dir / "cities" / c / "index.html").read_text("utf-8")]
    page = sorted(p.name for p in (site_dir / "pages").iterdir() if p.is_dir())[-1]
    return {
        "home": "",
        "article": f"articles/{article}/",
        "city": f"cities/{(charted or cities)[0]}/",
        "page view": f"pages/{page}/",
    }


def visit(browser, url: str, width: int, scheme: str = "light") -> dict:
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"request failed: {r.url}"))
    page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
    page.goto(url, wait_until="load")
    result = page.evaluate(
        """() => ({
            scrollWidth: document.documentElement.scrollWidth,
            innerWidth: window.innerWidth,
            wide: [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1
                             && getComputedStyle(e).position !== 'absolute')
                .slice(0, 5).map(e => e.tagName + '.' + e.className),
            background: getComputedStyle(document.body).backgroundColor,
            lang: document.documentElement.lang,
            svg: document.querySelectorAll('svg').length,
        })"""
    )
    result["problems"] = problems
    result["page"] = page
    result["context"] = context
    return result


@pytest.mark.parametrize("width", WIDTHS)
def test_key_pages_fit_the_screen_without_errors(browser, server, site_dir, width):
    for name, path in sample_paths(site_dir).items():
        r = visit(browser, server + path, width)
        try:
            assert r["problems"] == [], f"{name} at {width}px: {r['problems']}"
            assert r["scrollWidth"] <= r["innerWidth"], f"{name} overflows at {width}px: {r['wide']}"
            assert r["lang"] == "zh-CN"
            if name == "city":
                assert r["svg"] >= 1, "city page charts are inline SVG"
        finally:
            r["context"].close()


def test_dark_mode_darkens_the_page(browser, server):
    light = visit(browser, server, 1280, "light")
    dark = visit(browser, server, 1280, "dark")
    try:
        assert light["background"] != dark["background"]
        rgb = [int(x) for x in dark["background"].strip("rgba()").split(",")[:3]]
        assert sum(rgb) < 150, dark["background"]
    finally:
        light["context"].close()
        dark["context"].close()


def test_keyboard_reaches_skip_link_and_navigation(browser, server):
    r = visit(browser, server, 1280)
    page = r["page"]
    try:
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip-link"
        assert page.evaluate("getComputedStyle(document.activeElement).top") != "-48px"
        page.keyboard.press("Enter")
        page.wait_for_url("**#main", timeout=5000)  # the jump is a same-page navigation, done asynchronously
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement.tagName")
        assert focused == "A"
        # The header links come in order: title, then the navigation.
        page.goto(server)
        texts = []
        for _ in range(9):
            page.keyboard.press("Tab")
            texts.append(page.evaluate("document.activeElement.textContent.trim()"))
        assert "城市" in texts and "主题" in texts and "搜索" in texts
    finally:
        r["context"].close()


def test_site_opens_from_disk(browser, site_dir):
    """Links name index.html, so following them from file:// opens pages, not folder listings."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        page.goto((site_dir / "index.html").as_uri())
        page.locator(".site-nav a", has_text="城市").click()
        page.wait_for_load_state()
        assert page.url.endswith("cities/index.html")
        page.locator(".city-card h2 a").first.click()
        page.wait_for_load_state()
        assert page.locator("h1").count() == 1
        assert page.evaluate("getComputedStyle(document.body).fontFamily")  # stylesheet found
        assert page.evaluate("document.styleSheets.length") >= 1
    finally:
        context.close()
