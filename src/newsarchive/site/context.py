"""View models: the archive as the templates see it.

`build_archive(pages, config)` turns parsed pages into articles with their
links resolved (city, topics, authors, page), groups them into cities,
topics, authors and years, and picks related articles.  Everything is
sorted so that the same pages always give the same site.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..config import Config
from ..records import Article, Fragment, Page
from .urls import assign_slugs

LEAD_CHARS = 110
RELATED_COUNT = 5

# Weights of what two articles share when picking related articles.
RELATED_WEIGHTS = {"topic": 3, "city": 2, "place": 2, "author": 2, "keyword": 1}


@dataclass(frozen=True)
class Link:
    name: str
    url: str
    count: int = 0


@dataclass
class ArticleView:
    article: Article
    page: Page
    source_index: int
    total_on_page: int
    city: Link | None = None
    topics: list[Link] = field(default_factory=list)
    authors: list[Link] = field(default_factory=list)
    byline_parts: list[tuple[str, str | None]] = field(default_factory=list)
    related: list["ArticleView"] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.article.id

    @property
    def url(self) -> str:
        return self.article.url

    @property
    def title(self) -> str:
        return self.article.title

    @property
    def date(self) -> str | None:
        return self.article.date

    @property
    def date_label(self) -> str:
        return date_label(self.article.date)

    @property
    def page_url(self) -> str:
        return f"pages/{self.page.stem}/#a{self.article.order}"

    @property
    def lead(self) -> str:
        for block in self.article.body:
            if block.kind == "paragraph" and block.text.strip():
                return truncate(block.text, LEAD_CHARS)
        return ""

    @property
    def chars(self) -> int:
        return sum(len(re.sub(r"\s", "", b.text)) for b in self.article.body)

    @property
    def lines_label(self) -> str:
        return lines_label(self.article.lines)


@dataclass
class Group:
    """Articles gathered under one name: a city, topic, author or year."""

    kind: str
    name: str
    slug: str
    url: str
    articles: list[ArticleView] = field(default_factory=list)  # newest first
    counties: list[Link] = field(default_factory=list)
    topics: list[Link] = field(default_factory=list)
    cities: list[Link] = field(default_factory=list)
    people: list[Link] = field(default_factory=list)
    infographics: list[tuple[Fragment, Page]] = field(default_factory=list)
    figures: list[tuple] = field(default_factory=list)  # (Figure, ArticleView)

    @property
    def count(self) -> int:
        return len(self.articles)

    @property
    def feed_url(self) -> str:
        return self.url + "feed.xml"

    def link(self) -> Link:
        return Link(self.name, self.url, self.count)


@dataclass
class BlockView:
    text: str
    role: str
    lines: tuple[int, ...]
    rule: str
    owner: str  # "a3" for the third article, "f2" for the second fragment, "" when neither
    owner_label: str

    @property
    def lines_label(self) -> str:
        if not self.lines:
            return "–"
        lo, hi = min(self.lines), max(self.lines)
        return str(lo) if lo == hi else f"{lo}–{hi}"


@dataclass
class PageView:
    page: Page
    url: str
    articles: list[ArticleView]
    blocks: list[BlockView]

    @property
    def stem(self) -> str:
        return self.page.stem

    @property
    def date_label(self) -> str:
        return date_label(self.page.date)

    @property
    def label(self) -> str:
        parts = [p for p in (self.page.publication, self.page.page_label and f"{self.page.page_label}版") if p]
        return " ".join(parts) or self.page.source


@dataclass
class Archive:
    config: Config
    articles: list[ArticleView]  # source then page order
    newest: list[ArticleView]
    pages: list[PageView]
    cities: list[Group]
    topics: list[Group]
    authors: list[Group]
    years: list[Group]
    undated: list[ArticleView]

    @property
    def date_range(self) -> tuple[str | None, str | None]:
        dates = sorted(a.date for a in self.articles if a.date)
        return (dates[0], dates[-1]) if dates else (None, None)

    def city(self, name: str) -> Group | None:
        return next((c for c in self.cities if c.name == name), None)


def date_label(date: str | None) -> str:
    """``2025-09-16`` → ``2025年9月16日``; partial dates as far as known."""
    if not date:
        return "日期不详"
    parts = date.split("-")
    names = ("年", "月", "日")
    try:
        return "".join(f"{int(p) if i else p}{names[i]}" for i, p in enumerate(parts[:3]))
    except ValueError:
        return date


def lines_label(lines: tuple[int, ...]) -> str:
    if not lines:
        return ""
    lo, hi = min(lines), max(lines)
    return f"第 {lo} 行" if lo == hi else f"第 {lo}–{hi} 行"


def truncate(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def newest_first(items: list[ArticleView]) -> list[ArticleView]:
    """Newest date first; undated last; ties in source then page order."""
    ordered = sorted(items, key=lambda v: (v.source_index, v.article.order))
    return sorted(ordered, key=lambda v: v.article.date or "", reverse=True)


def byline_parts(byline: str | None, authors: list[Link]) -> list[tuple[str, str | None]]:
    """Split a byline into text runs, linking each author's name where it is printed.

    The byline may print a name with spaces (``谭 洁``) that the author list
    has without them.
    """
    if not byline:
        return []
    spans = []
    for link in sorted(authors, key=lambda a: -len(a.name)):
        pattern = r"\s*".join(re.escape(ch) for ch in link.name if not ch.isspace())
        if not pattern:
            continue
        for m in re.finditer(pattern, byline):
            if all(m.end() <= s or m.start() >= e for s, e, _ in spans):
                spans.append((m.start(), m.end(), link.url))
                break
    spans.sort()
    parts, pos = [], 0
    for start, end, url in spans:
        if start > pos:
            parts.append((byline[pos:start], None))
        parts.append((byline[start:end], url))
        pos = end
    if pos < len(byline):
        parts.append((byline[pos:], None))
    return parts


def build_archive(pages: list[Page], config: Config, region_cities: list[str] | None = None) -> Archive:
    """The archive's view model.  `region_cities` are the region's prefecture short names, if known."""
    views: list[ArticleView] = []
    for index, page in enumerate(pages):
        for article in page.articles:
            views.append(ArticleView(article, page, index, len(page.articles)))

    topic_order = {t.name: i for i, t in enumerate(config.topics)}
    topic_slugs = assign_slugs(
        {t for v in views for t in v.article.topics}, {t.name: t.slug for t in config.topics}
    )
    fragments = [(f, p) for p in pages for f in p.fragments if f.kind == "infographic"]
    known_cities = sorted({v.article.city for v in views if v.article.city} | set(region_cities or ()))
    # An infographic's city is set by enrichment; where it is not, its title may name one.
    charted = [(f, p, f.city or _city_from_title(f.title or f.text, known_cities)) for f, p in fragments if f.rows]
    city_names = {v.article.city for v in views if v.article.city} | {c for _, _, c in charted if c}
    city_slugs = assign_slugs(city_names)
    author_slugs = assign_slugs({a for v in views for a in v.article.authors})

    def city_link(name):
        return Link(name, f"cities/{city_slugs[name]}/")

    for v in views:
        a = v.article
        v.city = city_link(a.city) if a.city else None
        v.topics = [Link(t, f"topics/{topic_slugs[t]}/") for t in _unique(a.topics)]
        v.authors = [Link(n, f"authors/{author_slugs[n]}/") for n in _unique(a.authors)]
        v.byline_parts = byline_parts(a.byline, v.authors)

    cities = _groups("city", views, lambda v: [v.article.city] if v.article.city else [], city_slugs, "cities")
    for name in sorted(city_names - {c.name for c in cities}):
        cities.append(Group("city", name, city_slugs[name], f"cities/{city_slugs[name]}/"))
    for city in cities:
        _fill_city(city, charted, topic_slugs, author_slugs)
    cities.sort(key=lambda g: (-g.count, g.name))

    topics = _groups("topic", views, lambda v: _unique(v.article.topics), topic_slugs, "topics")
    topics.sort(key=lambda g: (topic_order.get(g.name, len(topic_order)), g.name))
    for topic in topics:
        topic.cities = _counted((v.article.city for v in topic.articles if v.article.city), lambda n: city_link(n).url)

    authors = _groups("author", views, lambda v: _unique(v.article.authors), author_slugs, "authors")
    authors.sort(key=lambda g: (-g.count, g.slug))
    for author in authors:
        author.cities = _counted((v.article.city for v in author.articles if v.article.city), lambda n: city_link(n).url)
        author.people = _counted(
            (n for v in author.articles for n in _unique(v.article.authors) if n != author.name),
            lambda n: f"authors/{author_slugs[n]}/",
        )

    years_of = {v.article.date[:4] for v in views if v.article.date and v.article.date[:4].isdigit()}
    years = _groups(
        "year", views, lambda v: [v.article.date[:4]] if v.article.date and v.article.date[:4] in years_of else [],
        {y: y for y in years_of}, "dates",
    )
    years.sort(key=lambda g: g.name, reverse=True)
    for year in years:
        year.name = f"{year.slug}年"

    _pick_related(views)
    on_page: dict[int, list[ArticleView]] = defaultdict(list)  # by page, in one pass (not pages × articles)
    for v in views:
        on_page[id(v.page)].append(v)
    page_views = [page_view(page, on_page[id(page)]) for page in pages]
    newest = newest_first(views)
    return Archive(
        config=config,
        articles=views,
        newest=newest,
        pages=page_views,
        cities=cities,
        topics=topics,
        authors=authors,
        years=years,
        undated=[v for v in newest if not v.article.date],
    )


def _unique(items) -> list:
    return list(dict.fromkeys(i for i in items if i))


def _city_from_title(title: str, cities: list[str]) -> str | None:
    for name in sorted(cities, key=len, reverse=True):
        if title.strip().startswith(name):
            return name
    return None


def _groups(kind, views, keys_of, slugs, prefix) -> list[Group]:
    members: dict[str, list[ArticleView]] = defaultdict(list)
    for v in views:
        for key in keys_of(v):
            members[key].append(v)
    return [
        Group(kind, name, slugs[name], f"{prefix}/{slugs[name]}/", newest_first(items))
        for name, items in sorted(members.items())
    ]


def _counted(names, url_of) -> list[Link]:
    counts = Counter(names)
    return [Link(n, url_of(n), c) for n, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def _fill_city(city: Group, charted: list[tuple[Fragment, Page, str | None]], topic_slugs, author_slugs) -> None:
    county_counts: Counter = Counter()
    for v in city.articles:
        names = {p.name for p in v.article.places if p.city == city.name and not _is_city_level(p, city.name)}
        county_counts.update(names)
    city.counties = [Link(n, "", c) for n, c in sorted(county_counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    city.topics = _counted((t for v in city.articles for t in _unique(v.article.topics)), lambda t: f"topics/{topic_slugs[t]}/")
    city.people = _counted((n for v in city.articles for n in _unique(v.article.authors)), lambda n: f"authors/{author_slugs[n]}/")
    city.infographics = [(f, p) for f, p, name in charted if name == city.name]
    city.figures = [(fig, v) for v in city.articles for fig in v.article.figures]


def _is_city_level(place, city: str) -> bool:
    """The city itself (郴州, 郴州市), not one of its counties."""
    if len(place.adcode) == 6 and place.adcode.isdigit():
        return place.adcode.endswith("00")
    return place.name in (city, f"{city}市")


def _features(a: Article) -> set[tuple[str, str]]:
    feats = {("topic", t) for t in a.topics}
    feats |= {("place", p.adcode or p.name) for p in a.places if p.name != a.city}
    feats |= {("author", n) for n in a.authors}
    feats |= {("keyword", k) for k in a.keywords}
    if a.city:
        feats.add(("city", a.city))
    return feats


def _pick_related(views: list[ArticleView]) -> None:
    """Related articles: those sharing the most topics, places, city, authors and keywords.

    The best `RELATED_COUNT` by score (the weights of the features shared),
    then newest, then archive order.  Topics, cities and common keywords are
    shared by large parts of the archive, so adding up scores pair by pair is
    quadratic in Python steps; instead each feature is a bit set over the
    articles in tie order (bit 0 the newest), and an article's scores against
    all others are added as binary numbers, one bit plane per binary digit,
    a few big-integer operations per feature.  `tests/test_site_render.py`
    checks the result against every pair compared.
    """
    order = sorted(range(len(views)), key=lambda j: (-_date_num(views[j]), j))
    features = [_features(v.article) for v in views]
    masks = _bit_sets(order, features)
    same_id = _bit_sets(order, [{v.article.id} for v in views])
    for i, v in enumerate(views):
        planes = _score_planes(masks, features[i])
        unwanted = ~same_id[v.article.id]  # the article itself, and any other copy of it
        planes = [p & unwanted for p in planes]
        v.related = [views[order[r]] for r in _best(planes, RELATED_COUNT)]


def _bit_sets(order: list[int], keys_of: list) -> dict:
    """Key → int whose bit r is set when the article at rank r of `order` has the key."""
    ranks: dict = defaultdict(list)
    for r, j in enumerate(order):
        for key in keys_of[j]:
            ranks[key].append(r)
    out = {}
    for key, rs in ranks.items():
        bits = bytearray(rs[-1] // 8 + 1)
        for r in rs:
            bits[r >> 3] |= 1 << (r & 7)
        out[key] = int.from_bytes(bits, "little")
    return out


def _score_planes(masks: dict, feats) -> list[int]:
    """Every article's score, as bit planes: plane k holds binary digit k of each article's score."""
    planes: list[int] = []
    for f in feats:
        weight, mask = RELATED_WEIGHTS[f[0]], masks[f]
        k = 0
        while weight:
            if weight & 1:
                carry, p = mask, k
                while carry:  # add the mask at digit k, carrying upwards
                    while len(planes) <= p:
                        planes.append(0)
                    planes[p], carry = planes[p] ^ carry, planes[p] & carry
                    p += 1
            weight >>= 1
            k += 1
    return planes


def _best(planes: list[int], count: int) -> list[int]:
    """Ranks of the `count` best scores above zero, best first; ties by rank."""
    out: list[int] = []
    while len(out) < count:
        left = 0
        for p in planes:
            left |= p
        if not left:
            break
        top = left
        for p in reversed(planes):  # narrow to the articles with the highest score
            if top & p:
                top &= p
        planes = [p & ~top for p in planes]
        while top and len(out) < count:
            low = top & -top
            out.append(low.bit_length() - 1)
            top ^= low
    return out


def _date_num(v: ArticleView) -> int:
    digits = (v.article.date or "").replace("-", "")
    return int(digits.ljust(8, "0")) if digits.isdigit() else 0


def page_view(page: Page, articles: list[ArticleView]) -> PageView:
    owners: dict[int, tuple[str, str]] = {}
    for v in articles:
        for n in v.article.lines:
            owners.setdefault(n, (f"a{v.article.order}", f"文章 {v.article.order}"))
    for i, frag in enumerate(page.fragments, 1):
        for n in frag.lines:
            owners.setdefault(n, (f"f{i}", f"片段 {i}"))
    blocks = []
    for b in page.blocks:
        owner = next((owners[n] for n in b.lines if n in owners), ("", ""))
        blocks.append(BlockView(b.text, b.role, tuple(b.lines), b.rule, owner[0], owner[1]))
    return PageView(page, f"pages/{page.stem}/", articles, blocks)
