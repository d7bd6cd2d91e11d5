"""Render every file of the site from the parsed pages.

`render_site` is pure: pages and config in, ``{path: bytes}`` out, the same
bytes for the same input.  Each page kind has one method here and one
template; what they share (header, nav, meta tags) is set in `_page`.

`render_changes` is the same renderer for a rebuild: it is given the pages'
summaries (`summary.summarise`), a `PageSource` that loads whole pages on demand,
and the key each file on disk was rendered from.  Every output gets a key:
a hash of everything its template reads (the content keys of the pages it
shows, the links and counts it prints, the site's config, templates and
code); an output whose key is unchanged is not rendered again.  So a rebuild
renders what changed, and whole pages are loaded only for the outputs that
show their text.  The index pages (home, the city, topic, author, page and
date indexes, the sitemap) are small and read the whole archive: they are
always rendered.

Long lists are cut into stable pages: counted from the oldest article, page
k holds the same articles whatever is added after them, and the list's own
URL shows the newest page; so a new article changes the first page of its
lists, not every page of them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Protocol

from jinja2 import Environment
from markupsafe import Markup

from ..config import Config
from ..records import Page
from . import feeds
from .context import Archive, ArticleView, Group, Link, build_archive, date_label, page_view, truncate
from .geo import load_points
from .meta import article_json_ld, citation, json_ld, open_graph
from .render import make_env, render, render_markdown
from .svg import MapCity, chart_svg, map_svg, series_from_rows
from .urls import absolute, page_file, relative

HOME_LATEST = 12


@dataclass
class Pager:
    """One page of a long list.  Pages are numbered from the oldest (1) to the newest (`count`),
    which is shown at the list's own URL; each holds `PAGE_SIZE` articles, the newest up to twice that."""

    number: int
    count: int
    urls: list[str]  # by page number - 1
    items: list  # newest first
    total: int  # articles in the whole list; printed on the newest page only

    @property
    def newest(self) -> bool:
        return self.number == self.count

    @property
    def newer_url(self) -> str | None:
        return self.urls[self.number] if self.number < self.count else None

    @property
    def older_url(self) -> str | None:
        return self.urls[self.number - 2] if self.number > 1 else None

    @property
    def window(self) -> list[tuple[str, str, bool] | None]:
        """Links to show, newest first: (label, url, is this page), None for a gap: the newest page
        ("最新"), two pages either side of this one, the oldest.

        An older page's links reach no further than two pages up, so a page more
        than three pages older than the newest does not change when pages are added.
        """
        wanted = (1, *range(self.number - 2, self.number + 3), self.count)  # a few numbers: no step per page
        out: list[tuple[str, str, bool] | None] = []
        previous = self.count + 1
        for n in sorted({n for n in wanted if 1 <= n <= self.count}, reverse=True):
            if n != previous - 1:
                out.append(None)
            out.append(("最新" if n == self.count else str(n), self.urls[n - 1], n == self.number))
            previous = n
        return out

    @property
    def first_date(self) -> str:
        return self.items[-1].date_label if self.items else ""

    @property
    def last_date(self) -> str:
        return self.items[0].date_label if self.items else ""


def stable_pages(items: list, size: int) -> list[list]:
    """`items` (newest first) cut into pages counted from the oldest: page 1 the oldest `size`,
    the last page the newest `size` to `2·size - 1`; each page newest first."""
    oldest_first = items[::-1]
    count = max(1, len(items) // size)
    chunks = [oldest_first[i * size : (i + 1) * size] for i in range(count - 1)]
    chunks.append(oldest_first[(count - 1) * size :])
    return [chunk[::-1] for chunk in chunks]


class PageSource(Protocol):
    """Where the renderer gets whole pages and their content keys."""

    def full(self, page: Page) -> Page: ...

    def key(self, page: Page) -> str: ...


class WholePages:
    """The pages given are whole (`render_site`): nothing to load, and no keys (nothing is kept)."""

    def full(self, page: Page) -> Page:
        return page

    def key(self, page: Page) -> str:
        return ""


@dataclass
class Rendered:
    """What `render_changes` gives: the files it rendered, and the key of every file of the site."""

    outputs: dict[str, bytes]  # empty when they went to a sink
    keys: dict[str, str]  # "" for a file that is rendered on every build
    rendered: set[str] = field(default_factory=set)
    memo: dict = field(default_factory=dict)  # `Archive.memo`, for the next build

    @property
    def kept(self) -> list[str]:
        """Files of the site as they are on disk (their key is unchanged)."""
        return sorted(set(self.keys) - self.rendered)


@dataclass
class SiteRenderer:
    config: Config
    env: Environment
    archive: Archive
    points: list = field(default_factory=list)
    source: PageSource = field(default_factory=WholePages)
    previous: dict[str, str] = field(default_factory=dict)  # path → key of the file on disk
    stamp: str = ""  # hash of the config, templates, static files and code: part of every key
    static_files: dict[str, bytes] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    sitemap: list[tuple[str, str | None]] = field(default_factory=list)
    # (path, make, page index or -1) of the outputs to render: those of one page are rendered together
    todo: list[tuple[str, Callable[[], bytes], int]] = field(default_factory=list)
    cards: dict[int, str] = field(default_factory=dict)  # id(view) → `_card`

    def run(self, sink: Callable[[str, bytes], None] | None = None) -> Rendered:
        """Render the site's outputs whose key changed: to `sink` as they are made, else kept in `outputs`."""
        self.plan()
        outputs: dict[str, bytes] = {}
        self.render(sink or outputs.__setitem__)
        return self.result(outputs)

    def result(self, outputs: dict[str, bytes] | None = None) -> Rendered:
        """The keys `plan` found, the outputs to render and the archive's memo (`outputs`: those rendered here)."""
        self.archive.relate()  # the memo's related articles
        return Rendered(outputs or {}, self.keys, {path for path, _, _ in self.todo}, self.archive.memo)

    def render(self, sink: Callable[[str, bytes], None], share: tuple[int, int] = (0, 1)) -> None:
        """Render the outputs `plan` found changed, or with `share` (n, of) the n-th of `of` parts of them
        (other processes, forked after `plan`, rendering the others).  The outputs of one page (its
        articles, its page view) are rendered one after the other, by one process: its whole page is
        loaded once."""
        todo = sorted(self.todo, key=lambda t: t[2])
        n, of = share
        size = -(-len(todo) // of)
        for path, make, _ in todo[n * size : (n + 1) * size]:
            sink(path, make())

    def plan(self) -> None:
        """Every output's key, and the outputs whose key differs from the file on disk (`todo`)."""
        self.todo, self.keys, self.sitemap, self.static_files, self.cards = [], {}, [], {}, {}
        self.static()
        self.home()
        self.cities()
        self.topics()
        self.authors()
        self.dates()
        self.pages()
        self.articles()  # last of the pages: their related articles may be picked meanwhile (`Archive.relate`)
        self.about()
        self.search()
        self.not_found()
        self.site_feed()
        self.machine_files()

    # ------------------------------------------------------------ keys

    def _emit(self, path: str, key: tuple | None, make: Callable[[], bytes], page: int = -1) -> None:
        """Output `path`: rendered by `make` unless its key equals the key of the file on disk;
        `page`: the index of the page whose whole text it shows, if any."""
        full = _digest(self.stamp, path, key) if key is not None else ""
        self.keys[path] = full
        if not full or self.previous.get(path) != full:
            self.todo.append((path, make, page))

    def _card(self, v: ArticleView) -> str:
        """What a list, feed or related link shows of an article: its page's content, its links
        (made once per article: an article is listed by its city, topics, authors, year and neighbours),
        as a short digest: the keys of lists and related links hold many cards, and are hashed in full."""
        card = self.cards.get(id(v))
        if card is None:
            links = [v.city, None, *v.topics, None, *v.authors]
            shown = f"{self.source.key(v.page)} {v.article.order} " + " ".join(
                f"{link.name}={link.url}" if link else "|" for link in links)
            card = self.cards[id(v)] = hashlib.sha1(shown.encode("utf-8")).hexdigest()[:20]
        return card

    def _full_view(self, v: ArticleView) -> ArticleView:
        """`v` with its whole article and page (lists are built from summaries)."""
        page = self.source.full(v.page)
        if page is v.page:
            return v
        return replace(v, article=page.articles[v.article.order - 1], page=page)

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
              feeds_: list[Link] | None = None, in_sitemap: bool = True, key: tuple | None = None, page: int = -1,
              **ctx) -> None:
        path = page_file(url)
        if in_sitemap:
            self.sitemap.append((url, date))
        self._emit(path, key, lambda: self._html(template, url, path, title, description, section, og_kind, date,
                                                 ld, feeds_, ctx), page)

    def _html(self, template, url, path, title, description, section, og_kind, date, ld, feeds_, ctx) -> bytes:
        if callable(ctx.get("lazy")):  # the expensive part of a context, made only when the page is rendered
            ctx = {**{k: v for k, v in ctx.items() if k != "lazy"}, **ctx["lazy"]()}
            ld = ctx.pop("ld", ld)
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
        return render(self.env, template, context).encode("utf-8")

    def _paged(self, template: str, base_url: str, items: list, title: str, *, head: tuple, newest_only: dict | None = None,
               **kw) -> None:
        """A long list in stable pages (`stable_pages`).  `head` is the key of what the newest page shows
        besides its articles (counts, side lists, charts), `newest_only` the context only it gets."""
        chunks = stable_pages(items, self.config.page_size)
        count = len(chunks)
        urls = [f"{base_url}page/{n}/" for n in range(1, count)] + [base_url]
        for i, chunk in enumerate(chunks):
            pager = Pager(i + 1, count, urls, chunk, len(items))
            if pager.newest:
                page_title, extra, shown = title, dict(newest_only or {}), (head, kw.get("description"))
            else:  # an older page prints nothing that changes when articles are added after it
                page_title = f"{title}（第 {pager.number} 页）"
                extra = {k: _empty_like(v) for k, v in (newest_only or {}).items()}
                extra["description"] = f"{page_title}：{pager.first_date}至{pager.last_date}的 {len(chunk)} 篇文章。"
                shown = None
            key = (template, page_title, shown, pager.number, pager.window, pager.newer_url, pager.older_url,
                   [self._card(v) for v in chunk])
            self._page(template, urls[i], page_title, pager=pager, key=key, **{**kw, **extra})

    def _feed(self, title: str, url: str, articles: list[ArticleView]) -> None:
        feed_url = url + "feed.xml"
        dated = feeds.dated(articles)
        key = ("feed", title, url, [self._card(v) for v in dated])
        self._emit(feed_url, key, lambda: render(
            self.env, "feed.xml",
            feeds.feed_context(self.config, title, url, feed_url, [self._full_view(v) for v in dated]),
        ).encode("utf-8"))

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
        self.archive.relate()
        for page_view in self.archive.pages:
            siblings = page_view.articles
            for i, v in enumerate(siblings):
                prev_on_page = siblings[i - 1] if i > 0 else None
                next_on_page = siblings[i + 1] if i + 1 < len(siblings) else None
                key = ("article", self._card(v), [self._card(r) for r in v.related])
                self._page(
                    "article.html", v.url, v.article.title, v.lead, section="", og_kind="article", date=v.article.date,
                    feeds_=[Link(f"{v.article.city}：最新文章", v.city.url + "feed.xml")] if v.city else [],
                    key=key, page=v.source_index, prev_on_page=prev_on_page, next_on_page=next_on_page,
                    lazy=lambda v=v: self._article_context(v),
                )

    def _article_context(self, v: ArticleView) -> dict:
        v = self._full_view(v)
        return {
            "ld": article_json_ld(v, self.config, v.page.publication),
            "view": v, "cite": citation(v, self.config), "permalink": absolute(self.config.base_url, v.url),
        }

    def cities(self) -> None:
        a = self.archive
        self._page("cities.html", "cities/", "城市", f"{self.config.region.name}各市州的报道", section="cities/",
                   cities=a.cities, map_svg=self._map("cities/index.html"))
        for city in a.cities:
            charts = [self._chart(frag, page) for frag, page in city.infographics]
            feed = Link(f"{city.name}：最新文章", city.feed_url)
            head = (city.count, city.counties, city.topics, city.people,
                    [(fig, v.url) for fig, v in city.figures],
                    [(self.source.key(page), page.fragments.index(frag)) for frag, page in city.infographics])
            self._paged("city.html", city.url, city.articles, city.name, head=head, newest_only={"charts": charts},
                        description=f"{city.name}的发展报道：{city.count} 篇文章。", section="cities/",
                        feeds_=[feed], group=city)
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
            self._paged("topic.html", topic.url, topic.articles, topic.name, head=(topic.count, topic.cities),
                        description=f"主题“{topic.name}”：{topic.count} 篇文章。", section="topics/",
                        feeds_=[feed], group=topic, terms=terms.get(topic.name, ()))
            self._feed(f"{self.config.title} · {topic.name}", topic.url, topic.articles)

    def authors(self) -> None:
        a = self.archive
        self._page("authors.html", "authors/", "作者", "按署名浏览报道", section="authors/", authors=a.authors)
        for author in a.authors:
            self._paged("author.html", author.url, author.articles, author.name,
                        head=(author.count, author.cities, author.people),
                        description=f"{author.name}署名的 {author.count} 篇文章。", section="authors/", group=author)

    def dates(self) -> None:
        a = self.archive
        self._page("dates.html", "dates/", "日期", "按年份浏览报道", section="dates/", years=a.years, undated=a.undated)
        for year in a.years:
            month_links = self._months(year)
            self._paged("date.html", year.url, year.articles, year.name, head=(year.count, month_links),
                        newest_only={"months": month_links},
                        description=f"{year.name}的 {year.count} 篇文章。", section="dates/", group=year)

    def _months(self, year: Group) -> list[Link]:
        """A link to each month of a year: to the page of the list holding its newest article."""
        chunks = stable_pages(year.articles, self.config.page_size)
        count = len(chunks)
        counts: dict[str, int] = {}
        page_of: dict[str, int] = {}
        for number in range(count, 0, -1):
            for v in chunks[number - 1]:
                month = (v.article.date or "")[5:7] or "00"
                counts[month] = counts.get(month, 0) + 1
                page_of.setdefault(month, number)
        links = []
        for month, n in counts.items():
            number = page_of[month]
            base = year.url if number == count else f"{year.url}page/{number}/"
            links.append(Link(f"{int(month)}月" if month != "00" else "月份不详", f"{base}#m{month}", n))
        return links

    def pages(self) -> None:
        a = self.archive
        self._page("pages.html", "pages/", "版面", "每个版面文件的解析结果", section="pages/", pages=a.pages)
        for i, pv in enumerate(a.pages):
            key = ("page", self.source.key(pv.page), [self._card(v) for v in pv.articles])
            self._emit(f"{pv.url}raw.txt", key, lambda pv=pv: _raw_text(self.source.full(pv.page)), i)
            self._page("page.html", pv.url, f"版面 {pv.page.source}", f"{pv.label}：{len(pv.articles)} 篇文章",
                       section="pages/", date=pv.page.date, key=key, page=i, lazy=lambda pv=pv: self._page_view_context(pv))

    def _page_view_context(self, pv) -> dict:
        page = self.source.full(pv.page)
        if page is not pv.page:
            pv = page_view(page, [self._full_view(v) for v in pv.articles])
        return {
            "pv": pv, "raw_exact": isinstance(getattr(page, "raw_text", None), str),
            "fragment_charts": [self._chart(f, page, on_its_page=True) if f.kind == "infographic" and f.rows else None
                                for f in page.fragments],
        }

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
        css = self.static_files.get("static/style.css", b"").decode("utf-8")
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
            self.static_files[f"static/{rel}"] = data = file.read_bytes()
            self._emit(f"static/{rel}", None, lambda data=data: data)

    def machine_files(self) -> None:
        for path, make in feeds.sitemap_files(self.config, self.sitemap).items():
            self._emit(path, None, make)
        self._emit("robots.txt", None, lambda: feeds.robots(self.config))


def _raw_text(page: Page) -> bytes:
    """The page file's text as decoded (or, for a page parsed before that was kept, its blocks)."""
    raw = getattr(page, "raw_text", None)
    if not isinstance(raw, str):
        raw = "\n\n".join(f"[{','.join(map(str, b.lines)) or '-'}] {b.text}" for b in page.blocks)
    return (raw if raw.endswith("\n") or not raw else raw + "\n").encode("utf-8")


def _empty_like(value):
    return [] if isinstance(value, list) else None


def _digest(*parts) -> str:
    return hashlib.sha1(repr(parts).encode("utf-8")).hexdigest()


def render_site(pages: list[Page], config: Config) -> dict[str, bytes]:
    """Every file of the site (except ``data/``), by path relative to the site root."""
    return dict(sorted(render_changes(pages, config).outputs.items()))


def render_changes(pages: list[Page], config: Config, source: PageSource | None = None,
                   previous: dict[str, str] | None = None, stamp: str = "",
                   sink: Callable[[str, bytes], None] | None = None, memo: dict | None = None) -> Rendered:
    """The site's files whose key differs from `previous` (all of them when it is empty), and every file's key.

    `pages` may be summaries when `source` gives the whole pages; `stamp` is
    the hash of the config, templates, static files and code; `memo` what an earlier build
    remembered (`Rendered.memo`: the related articles it picked, its slugs), to save making them again.
    """
    return prepare(pages, config, source, previous, stamp, memo).run(sink)


def prepare(pages: list[Page], config: Config, source: PageSource | None = None,
            previous: dict[str, str] | None = None, stamp: str = "", memo: dict | None = None,
            related: Callable[[], dict | None] | None = None) -> SiteRenderer:
    """The renderer of the site of `pages`, its archive built, ready to `run` (in several processes if wished);
    `related`: as `build_archive` takes it."""
    points = load_points(config.region.adcode)
    region_cities = sorted({p.short for p in points if p.level == "city"})
    archive = build_archive(pages, config, region_cities, memo, (source or WholePages()).key, related)
    return SiteRenderer(config, make_env(config.templates_folder()), archive, points, source or WholePages(),
                        previous or {}, stamp)
