"""Render every file of the site from the parsed pages.

`render_site` is pure: pages and config in, ``{path: bytes}`` out, the same
bytes for the same input.  Each page kind has one method here and one
template; what they share (header, nav, meta tags) is set in `_page`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment
from markupsafe import Markup

from ..config import Config
from ..records import Page
from . import feeds
from .context import Archive, ArticleView, Group, Link, build_archive, date_label, truncate
from .geo import load_points
from .meta import article_json_ld, citation, json_ld, open_graph
from .render import make_env, render, render_markdown
from .svg import MapCity, chart_svg, map_svg, series_from_rows
from .urls import absolute, page_file, relative

HOME_LATEST = 12


@dataclass
class Pager:
    number: int
    count: int
    urls: list[str]
    items: list
    total: int

    @property
    def prev_url(self) -> str | None:
        return self.urls[self.number - 2] if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.urls[self.number] if self.number < self.count else None

    @property
    def window(self) -> list[tuple[int, str] | None]:
        """Page numbers to show: first, last and two either side of the current one; None for a gap."""
        keep = {1, self.count, *range(self.number - 2, self.number + 3)}
        out: list[tuple[int, str] | None] = []
        for n in range(1, self.count + 1):
            if n in keep:
                out.append((n, self.urls[n - 1]))
            elif out and out[-1] is not None:
                out.append(None)
        return out


@dataclass
class SiteRenderer:
    config: Config
    env: Environment
    archive: Archive
    points: list = field(default_factory=list)
    outputs: dict[str, bytes] = field(default_factory=dict)
    sitemap: list[tuple[str, str | None]] = field(default_factory=list)

    # ------------------------------------------------------------ shared

    @property
    def site(self) -> dict:
        c = self.config
        return {
            "title": c.title,
            "description": c.description,
            "language": c.language,
            "nav": [Link(title, url) for title, url in c.nav],
        }

    def _page(self, template: str, url: str, title: str, description: str = "", *, section: str = "",
              og_kind: str = "website", date: str | None = None, ld: dict | None = None,
              feeds_: list[Link] | None = None, in_sitemap: bool = True, **ctx) -> None:
        path = page_file(url)
        description = truncate(description or self.config.description, 160)
        context = {
            "site": self.site,
            "path": path,
            "url_self": url,
            "canonical": absolute(self.config.base_url, url),
            "page_title": title,
            "description": description,
            "og": open_graph(self.config, url, title, description, og_kind, date),
            "json_ld": json_ld(ld) if ld else None,
            "feeds": [Link(f"{self.config.title}：全部文章", "feed.xml"), *(feeds_ or [])],
            "section": section,
            "inline_css": None,
            **ctx,
        }
        self.outputs[path] = render(self.env, template, context).encode("utf-8")
        if in_sitemap:
            self.sitemap.append((url, date))

    def _paged(self, template: str, base_url: str, items: list, title: str, **kw) -> None:
        size = self.config.page_size
        chunks = [items[i : i + size] for i in range(0, len(items), size)] or [[]]
        urls = [base_url] + [f"{base_url}page/{n}/" for n in range(2, len(chunks) + 1)]
        for i, chunk in enumerate(chunks):
            pager = Pager(i + 1, len(chunks), urls, chunk, len(items))
            page_title = title if i == 0 else f"{title}（第 {i + 1} 页）"
            self._page(template, urls[i], page_title, pager=pager, **kw)

    def _feed(self, title: str, url: str, articles: list[ArticleView]) -> None:
        feed_url = url + "feed.xml"
        ctx = feeds.feed_context(self.config, title, url, feed_url, articles)
        self.outputs[feed_url] = render(self.env, "feed.xml", ctx).encode("utf-8")

    # ------------------------------------------------------------ page kinds

    def home(self) -> None:
        a = self.archive
        first, last = a.date_range
        self._page(
            "index.html", "", self.config.title, self.config.description, section="",
            ld={
                "@context": "https://schema.org", "@type": "WebSite", "name": self.config.title,
                "description": self.config.description, "url": absolute(self.config.base_url, ""),
                "inLanguage": self.config.language,
            },
            counts={
                "articles": len(a.articles), "pages": len(a.pages), "cities": len(a.cities),
                "topics": len(a.topics), "authors": len(a.authors),
            },
            first_date=date_label(first) if first else None,
            last_date=date_label(last) if last else None,
            latest=a.newest[:HOME_LATEST],
            cities=a.cities,
            topics=a.topics,
            years=a.years,
            map_svg=self._map("index.html"),
        )

    def _map(self, path: str) -> Markup:
        cities = [MapCity(c.name, c.count, c.url) for c in self.archive.cities]
        return map_svg(self.points, cities, lambda u: relative(path, u), f"{self.config.region.name}各市州文章分布")

    def articles(self) -> None:
        for page_view in self.archive.pages:
            siblings = page_view.articles
            for i, v in enumerate(siblings):
                a = v.article
                self._page(
                    "article.html", v.url, a.title, v.lead, section="", og_kind="article", date=a.date,
                    ld=article_json_ld(v, self.config, v.page.publication),
                    feeds_=[Link(f"{a.city}：最新文章", v.city.url + "feed.xml")] if v.city else [],
                    view=v, cite=citation(v, self.config), permalink=absolute(self.config.base_url, v.url),
                    prev_on_page=siblings[i - 1] if i > 0 else None,
                    next_on_page=siblings[i + 1] if i + 1 < len(siblings) else None,
                )

    def cities(self) -> None:
        a = self.archive
        self._page("cities.html", "cities/", "城市", f"{self.config.region.name}各市州的报道", section="cities/",
                   cities=a.cities, map_svg=self._map("cities/index.html"))
        for city in a.cities:
            charts = [self._chart(frag, page) for frag, page in city.infographics]
            feed = Link(f"{city.name}：最新文章", city.feed_url)
            self._paged("city.html", city.url, city.articles, city.name,
                        description=f"{city.name}的发展报道：{city.count} 篇文章。", section="cities/",
                        feeds_=[feed], group=city, charts=charts)
            self._feed(f"{self.config.title} · {city.name}", city.url, city.articles)

    def _chart(self, frag, page: Page, on_its_page: bool = False) -> dict:
        """An infographic's series as charts; `on_its_page` leaves out the title and source the page view already shows."""
        series = series_from_rows(frag.rows)
        return {
            "title": frag.title or "数据",
            "standalone": not on_its_page,
            "series": [{"series": s, "svg": chart_svg(s)} for s in series],
            "page": f"pages/{page.stem}/",
            "page_label": page.source,
        }

    def topics(self) -> None:
        a = self.archive
        terms = {t.name: t.terms for t in self.config.topics}
        self._page("topics.html", "topics/", "主题", "按主题浏览报道", section="topics/", topics=a.topics, terms=terms)
        for topic in a.topics:
            feed = Link(f"{topic.name}：最新文章", topic.feed_url)
            self._paged("topic.html", topic.url, topic.articles, topic.name,
                        description=f"主题“{topic.name}”：{topic.count} 篇文章。", section="topics/",
                        feeds_=[feed], group=topic, terms=terms.get(topic.name, ()))
            self._feed(f"{self.config.title} · {topic.name}", topic.url, topic.articles)

    def authors(self) -> None:
        a = self.archive
        self._page("authors.html", "authors/", "作者", "按署名浏览报道", section="authors/", authors=a.authors)
        for author in a.authors:
            self._paged("author.html", author.url, author.articles, author.name,
                        description=f"{author.name}署名的 {author.count} 篇文章。", section="authors/", group=author)

    def dates(self) -> None:
        a = self.archive
        self._page("dates.html", "dates/", "日期", "按年份浏览报道", section="dates/", years=a.years, undated=a.undated)
        size = self.config.page_size
        for year in a.years:
            months: dict[str, tuple[int, int]] = {}
            for i, v in enumerate(year.articles):
                month = (v.article.date or "")[5:7] or "00"
                first, n = months.get(month, (i, 0))
                months[month] = (first, n + 1)
            month_links = []
            for month, (first, n) in months.items():
                page_no = first // size + 1
                base = year.url if page_no == 1 else f"{year.url}page/{page_no}/"
                name = f"{int(month)}月" if month != "00" else "月份不详"
                month_links.append(Link(name, f"{base}#m{month}", n))
            self._paged("date.html", year.url, year.articles, year.name,
                        description=f"{year.name}的 {year.count} 篇文章。", section="dates/",
                        group=year, months=month_links)

    def pages(self) -> None:
        a = self.archive
        self._page("pages.html", "pages/", "版面", "每个版面文件的解析结果", section="pages/", pages=a.pages)
        for pv in a.pages:
            raw = getattr(pv.page, "raw_text", None)
            exact = isinstance(raw, str)
            if not exact:
                raw = "\n\n".join(
                    f"[{','.join(map(str, b.lines)) or '-'}] {b.text}" for b in pv.page.blocks
                )
            self.outputs[f"{pv.url}raw.txt"] = (raw if raw.endswith("\n") or not raw else raw + "\n").encode("utf-8")
            self._page("page.html", pv.url, f"版面 {pv.page.source}", f"{pv.label}：{len(pv.articles)} 篇文章",
                       section="pages/", date=pv.page.date, pv=pv, raw_exact=exact,
                       fragment_charts=[self._chart(f, pv.page, on_its_page=True) if f.kind == "infographic" and f.rows else None
                                        for f in pv.page.fragments])

    def about(self) -> None:
        path = self.config.path("about")
        text = path.read_text(encoding="utf-8") if path.is_file() else f"# 关于\n\n{self.config.description}\n"
        body = render_markdown(text, "about/index.html")
        title = next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")), "关于")
        self._page("about.html", "about/", title, self.config.description, section="about/", body=body)

    def search(self) -> None:
        self._page("search.html", "search/", "搜索", "搜索档案中的文章", section="search/",
                   topics=self.archive.topics, cities=self.archive.cities)

    def not_found(self) -> None:
        # Served for any missing path, so its styles are inlined; its links assume the site root.
        css = self.outputs.get("static/style.css", b"").decode("utf-8")
        self._page("404.html", "404.html", "页面未找到", "", in_sitemap=False, inline_css=Markup(css),
                   latest=self.archive.newest[:5], cities=self.archive.cities)

    def site_feed(self) -> None:
        self._feed(self.config.title, "", self.archive.newest)

    def static(self) -> None:
        root = self.config.path("static")
        if not root.is_dir():
            return
        for file in sorted(p for p in root.rglob("*") if p.is_file()):
            rel = file.relative_to(root).as_posix()
            if any(part.startswith(".") for part in Path(rel).parts):
                continue
            self.outputs[f"static/{rel}"] = file.read_bytes()

    def machine_files(self) -> None:
        self.outputs["sitemap.xml"] = feeds.sitemap(self.config, self.sitemap)
        self.outputs["robots.txt"] = feeds.robots(self.config)


def render_site(pages: list[Page], config: Config) -> dict[str, bytes]:
    """Every file of the site (except ``data/``), by path relative to the site root."""
    points = load_points(config.region.adcode)
    region_cities = sorted({p.short for p in points if p.level == "city"})
    archive = build_archive(pages, config, region_cities)
    r = SiteRenderer(config, make_env(config.path("templates")), archive, points)
    r.static()
    r.home()
    r.articles()
    r.cities()
    r.topics()
    r.authors()
    r.dates()
    r.pages()
    r.about()
    r.search()
    r.not_found()
    r.site_feed()
    r.machine_files()
    return dict(sorted(r.outputs.items()))
