"""View models: the archive as the templates see it.

`build_archive(pages, config)` turns parsed pages into articles with their
links resolved (city, topics, authors, page), groups them into cities,
topics, authors and years, and picks related articles.  Everything is
sorted so that the same pages always give the same site.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice

from ..config import Config
from ..records import Article, Fragment, Page
from ..summary import CITY_FIGURES
from .urls import Slugs, assign_slugs

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
    related: list["ArticleView"] = field(default_factory=list, repr=False)  # views of views: no endless repr

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
    figures: list[tuple] = field(default_factory=list)  # (Figure, ArticleView), the first `CITY_FIGURES`

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
    _owned: dict[str, list[BlockView]] | None = field(default=None, repr=False, compare=False)

    def owned(self, owner: str) -> list[BlockView]:
        """The blocks of one owner ("a3", "f2", "" for none), in page order (grouped once per page)."""
        if self._owned is None:
            self._owned = {}
            for b in self.blocks:
                self._owned.setdefault(b.owner, []).append(b)
        return self._owned.get(owner, [])

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
    memo: dict = field(default_factory=dict)  # for the next build: the related articles picked, the slugs made
    pending_related: Callable[[], dict] | None = field(default=None, repr=False)  # see `relate`

    def relate(self) -> None:
        """Give every article its related articles (`ArticleView.related`, and the memo's), unless it has
        them: `build_archive` given a `related` to wait for leaves them until they are first needed."""
        if self.pending_related is not None:
            pending, self.pending_related = self.pending_related, None
            self.memo["related"] = pending()

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
    return sorted(ordered, key=_date_of, reverse=True)


def _date_of(v: ArticleView) -> str:
    return v.article.date or ""


def byline_parts(byline: str | None, authors: list[Link]) -> list[tuple[str, str | None]]:
    """Split a byline into text runs, linking each author's name where it is printed.

    The byline may print a name with spaces (``谭 洁``) that the author list
    has without them.
    """
    if not byline:
        return []
    spans = []
    for link in sorted(authors, key=lambda a: -len(a.name)):
        pattern = _name_pattern(link.name)
        if pattern is None:
            continue
        for m in pattern.finditer(byline):
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


@lru_cache(maxsize=65536)
def _name_pattern(name: str) -> re.Pattern | None:
    """A name as a byline may print it: any spaces between its characters."""
    pattern = r"\s*".join(re.escape(ch) for ch in name if not ch.isspace())
    return re.compile(pattern) if pattern else None


def build_archive(pages: list[Page], config: Config, region_cities: list[str] | None = None,
                  memo: dict | None = None, page_key: Callable[[Page], str] | None = None,
                  related: Callable[[], dict | None] | None = None) -> Archive:
    """The archive's view model.  `region_cities` are the region's prefecture short names, if known;
    `memo` is the `Archive.memo` of an earlier build (it saves time, never changes a result);
    `page_key` gives a page's content key ("" when it has none), which tells an article unchanged
    cheaper than its features do; `related` gives the related articles picked (`related_picks` of
    the same pages, memo and keys, or None to have them picked here): a rebuild has them picked in
    another process while it builds and plans the rest, so with `related` they are attached when
    first needed (`Archive.relate`)."""
    memo = memo or {}
    slugs = Slugs(memo.get("slugs"))
    views: list[ArticleView] = []
    for index, page in enumerate(pages):
        for article in page.articles:
            views.append(ArticleView(article, page, index, len(page.articles)))
    newest = newest_first(views)  # groups are filled in this order, so each is newest first too

    topic_order = {t.name: i for i, t in enumerate(config.topics)}
    topic_slugs = assign_slugs(
        {t for v in views for t in v.article.topics}, {t.name: t.slug for t in config.topics}, make=slugs
    )
    fragments = [(f, p) for p in pages for f in p.fragments if f.kind == "infographic"]
    known_cities = sorted({v.article.city for v in views if v.article.city} | set(region_cities or ()))
    # An infographic's city is set by enrichment; where it is not, its title may name one.
    charted = [(f, p, f.city or _city_from_title(f.title or f.text, known_cities)) for f, p in fragments if f.rows]
    city_names = {v.article.city for v in views if v.article.city} | {c for _, _, c in charted if c}
    city_slugs = assign_slugs(city_names, make=slugs)
    author_slugs = assign_slugs({a for v in views for a in v.article.authors}, make=slugs)

    def city_link(name):
        return Link(name, f"cities/{city_slugs[name]}/")

    topic_links = {t: Link(t, f"topics/{s}/") for t, s in topic_slugs.items()}
    author_links = {n: Link(n, f"authors/{s}/") for n, s in author_slugs.items()}
    city_links = {n: city_link(n) for n in city_names}
    for v in views:
        a = v.article
        v.city = city_links[a.city] if a.city else None
        v.topics = [topic_links[t] for t in _unique(a.topics)]
        v.authors = [author_links[n] for n in _unique(a.authors)]
        v.byline_parts = byline_parts(a.byline, v.authors)

    cities = _groups("city", newest, lambda v: [v.article.city] if v.article.city else [], city_slugs, "cities")
    for name in sorted(city_names - {c.name for c in cities}):
        cities.append(Group("city", name, city_slugs[name], f"cities/{city_slugs[name]}/"))
    for city in cities:
        _fill_city(city, charted, topic_slugs, author_slugs)
    cities.sort(key=lambda g: (-g.count, g.name))

    topics = _groups("topic", newest, lambda v: [t.name for t in v.topics], topic_slugs, "topics")
    topics.sort(key=lambda g: (topic_order.get(g.name, len(topic_order)), g.name))
    for topic in topics:
        topic.cities = _counted((v.article.city for v in topic.articles if v.article.city), lambda n: city_links[n].url)

    authors = _groups("author", newest, lambda v: [n.name for n in v.authors], author_slugs, "authors")
    authors.sort(key=lambda g: (-g.count, g.slug))
    for author in authors:
        author.cities = _counted((v.article.city for v in author.articles if v.article.city), lambda n: city_links[n].url)
        author.people = _counted(
            (n.name for v in author.articles for n in v.authors if n.name != author.name),
            lambda n: author_links[n].url,
        )

    years_of = {v.article.date[:4] for v in views if v.article.date and v.article.date[:4].isdigit()}
    years = _groups(
        "year", newest, lambda v: [v.article.date[:4]] if v.article.date and v.article.date[:4] in years_of else [],
        {y: y for y in years_of}, "dates",
    )
    years.sort(key=lambda g: g.name, reverse=True)
    for year in years:
        year.name = f"{year.slug}年"

    def relate() -> dict:
        picked = related() if related is not None else None
        if picked is None:
            return _pick_related(views, memo.get("related"), page_key)
        by_id = {v.article.id: v for v in views}
        for v in views:
            v.related = [by_id[rid] for rid, _ in picked[v.article.id][1]]
        return picked

    on_page: dict[int, list[ArticleView]] = defaultdict(list)  # by page, in one pass (not pages × articles)
    for v in views:
        on_page[id(v.page)].append(v)
    page_views = [page_view(page, on_page[id(page)]) for page in pages]
    archive = Archive(
        config=config,
        articles=views,
        newest=newest,
        pages=page_views,
        cities=cities,
        topics=topics,
        authors=authors,
        years=years,
        undated=[v for v in newest if not v.article.date],
        memo={"slugs": slugs.made},
        pending_related=relate,
    )
    if related is None:
        archive.relate()
    return archive


def related_picks(pages: list[Page], memo: dict | None = None,
                  page_key: Callable[[Page], str] | None = None) -> dict | None:
    """The related articles of the archive of `pages` as `build_archive` picks them (`_pick_related`:
    by article id, the picks and their scores), from the pages alone: None when two articles share an
    id, since the picks are told by id."""
    views = [ArticleView(article, page, index, len(page.articles)) for index, page in enumerate(pages)
             for article in page.articles]
    if len({v.article.id for v in views}) != len(views):
        return None
    return _pick_related(views, (memo or {}).get("related"), page_key)


def _unique(items) -> list:
    return list(dict.fromkeys(i for i in items if i))


def _city_from_title(title: str, cities: list[str]) -> str | None:
    for name in sorted(cities, key=len, reverse=True):
        if title.strip().startswith(name):
            return name
    return None


def _groups(kind, views, keys_of, slugs, prefix) -> list[Group]:
    """Groups of `views` by each key `keys_of` gives, members in the order of `views`."""
    members: dict[str, list[ArticleView]] = defaultdict(list)
    for v in views:
        for key in keys_of(v):
            members[key].append(v)
    return [Group(kind, name, slugs[name], f"{prefix}/{slugs[name]}/", items) for name, items in sorted(members.items())]


def _counted(names, url_of) -> list[Link]:
    counts = Counter(names)
    return [Link(n, url_of(n), c) for n, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def _fill_city(city: Group, charted: list[tuple[Fragment, Page, str | None]], topic_slugs, author_slugs) -> None:
    county_counts: Counter = Counter()
    for v in city.articles:
        names = {p.name for p in v.article.places if p.city == city.name and not _is_city_level(p, city.name)}
        county_counts.update(names)
    city.counties = [Link(n, "", c) for n, c in sorted(county_counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    city.topics = _counted((t.name for v in city.articles for t in v.topics), lambda t: f"topics/{topic_slugs[t]}/")
    city.people = _counted((n.name for v in city.articles for n in v.authors), lambda n: f"authors/{author_slugs[n]}/")
    city.infographics = [(f, p) for f, p, name in charted if name == city.name]
    city.figures = list(islice(((fig, v) for v in city.articles for fig in v.article.figures), CITY_FIGURES))


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


# Above this share of changed articles a rebuild picks every article's related articles afresh.
RELATED_REUSE_LIMIT = 0.05


def _pick_related(views: list[ArticleView], previous: dict | None = None,
                  page_key: Callable[[Page], str] | None = None) -> dict:
    """Related articles: those sharing the most topics, places, city, authors and keywords.

    The best `RELATED_COUNT` by score (the weights of the features shared),
    then newest, then archive order.  Topics, cities and common keywords are
    shared by large parts of the archive, so adding up scores pair by pair is
    quadratic in Python steps; instead each feature is a bit set over the
    articles in tie order (bit 0 the newest), and an article's scores against
    all others are added as binary numbers, one bit plane per binary digit,
    a few big-integer operations per feature.  `tests/test_site_render.py`
    checks the result against every pair compared.

    Returns what was picked, by article id, for the next build: given it back
    as `previous`, only the articles whose choice can differ are picked again
    (`_to_pick`), with the same result as picking all.  Whether an article
    changed is told by its signature (`_signature`): its page's content key
    and its place on the page, where `page_key` gives one, else a hash of its
    features and date.
    """
    order = sorted(range(len(views)), key=lambda j: (-_date_num(views[j]), j))
    rank = {j: r for r, j in enumerate(order)}
    features = [_features(v.article) for v in views]
    masks = _BitSets(order, features)
    signatures = [_signature(f, v, page_key) for f, v in zip(features, views)]
    ids = [v.article.id for v in views]
    unique = len(set(ids)) == len(ids)
    by_id = {v.article.id: j for j, v in enumerate(views)} if unique else {}
    # each article unwanted among its own related articles, and so is any other copy of it
    same_id = _BitSets(order, [{v.article.id} for v in views]).need(set(ids)) if not unique else None
    todo = _to_pick(views, features, masks, order, rank, signatures, by_id, previous) if unique and previous else None
    masks.need(set().union(*(features[i] for i in (range(len(views)) if todo is None else todo))))
    state = {}
    for i, v in enumerate(views):
        if todo is None or i in todo:
            planes = _score_planes(masks, features[i])
            unwanted = ~(same_id[v.article.id] if same_id is not None else 1 << rank[i])
            planes = [p & unwanted for p in planes]
            v.related = [views[order[r]] for r in _best(planes, RELATED_COUNT)]
        else:  # as before, and so are its and their features: their scores too
            state[v.article.id] = previous[v.article.id]
            v.related = [views[by_id[rid]] for rid, _ in state[v.article.id][1]]
            continue
        if unique:
            state[v.article.id] = (signatures[i], tuple(
                (r.article.id, _score(features[i], features[by_id[r.article.id]])) for r in v.related))
    return state


def _signature(features: set, v: ArticleView, page_key: Callable[[Page], str] | None = None) -> str:
    """What an article's choice of related articles, and its place in others' choices, depends on
    (its features and date), or something that changes whenever they do: the content key of its page
    with its place there (a string to join, where the hash of its sorted features cost a 5,000-page
    archive's rebuild 0.4 s)."""
    key = page_key(v.page) if page_key is not None else ""
    if key:
        return f"{key}:{v.article.order}"
    return hashlib.sha1(repr((sorted(features), _date_num(v))).encode("utf-8")).hexdigest()[:16]


def _score(a: set, b: set) -> int:
    return sum(RELATED_WEIGHTS[f[0]] for f in a & b)


def _to_pick(views, features, masks, order, rank, signatures, by_id, previous) -> set[int] | None:
    """The articles whose related articles can differ from `previous` (None: all of them).

    An article keeps its related articles when its own features and date are
    as before, none of them changed or went, and no new or changed article
    outscores the last of them (ties go to the newer article).
    """
    changed = [j for j, v in enumerate(views)
               if previous.get(v.article.id, ("",))[0] != signatures[j]]
    gone = set(previous) - set(by_id)
    if len(changed) + len(gone) > RELATED_REUSE_LIMIT * max(1, len(views)):
        return None
    changed_ids = {views[j].article.id for j in changed} | gone
    todo = set(changed)
    if not changed_ids.isdisjoint(previous):  # new articles were nobody's choice: no need to look
        for j, v in enumerate(views):
            if j not in todo and any(rid in changed_ids for rid, _ in previous[v.article.id][1]):
                todo.add(j)
    masks.need(set().union(*(features[a] for a in changed)))
    last = _LastPicks(views, order, rank, by_id, previous, todo)
    for a in changed:  # who might now rank a new or changed article among their best
        todo.update(order[r] for r in _ranks_of(last.displaced_by(_score_planes(masks, features[a]), rank[a])))
    return todo


class _LastPicks:
    """The last related article each article kept from the last build, for those whose choice is
    reused so far, as bit sets over the articles in tie order (bit r: the article at rank r): who
    has fewer than `RELATED_COUNT`, and the score of each one's last pick in binary digits, one bit
    set per digit (its rank too, in a list, for ties).  So whether a new or changed article
    outscores anyone's last pick is a few big-integer operations over the whole archive, not a
    step per article it scores against (a day of pages added to a large archive compares each of
    their articles with most of it)."""

    def __init__(self, views, order, rank, by_id, previous, todo):
        eligible: list[int] = []
        short: list[int] = []
        scores: list[list[int]] = []  # digit k → ranks whose last pick's score has it
        self.last_rank = [-1] * len(order)  # by rank: the rank of that article's last pick
        for r, x in enumerate(order):
            if x in todo:
                continue
            eligible.append(r)
            picked = previous[views[x].article.id][1]
            if len(picked) < RELATED_COUNT:
                short.append(r)
                continue
            last_id, last_score = picked[-1]
            self.last_rank[r] = rank[by_id[last_id]]
            while len(scores) < last_score.bit_length():
                scores.append([])
            for k in range(last_score.bit_length()):
                if last_score >> k & 1:
                    scores[k].append(r)
        self.eligible, self.short = _bit_set(eligible), _bit_set(short)
        self.scores = [_bit_set(ranks) for ranks in scores]

    def displaced_by(self, planes: list[int], rank: int) -> int:
        """The articles (bit r: rank r) whose choice an article with these score planes (`_score_planes`)
        and this rank can change: it scores above zero against them, and they have fewer picks than
        `RELATED_COUNT`, or it outscores their last pick, or ties with it and is newer (ranks lower)."""
        scored = 0
        for p in planes:
            scored |= p
        candidates = scored & self.eligible
        if not candidates:
            return 0
        above, level = 0, -1  # its score > their last pick's; == their last pick's
        for k in reversed(range(max(len(planes), len(self.scores)))):
            mine = planes[k] if k < len(planes) else 0
            theirs = self.scores[k] if k < len(self.scores) else 0
            above |= level & mine & ~theirs
            level &= ~(mine ^ theirs)
        displaced = candidates & (self.short | above)
        for r in _ranks_of(candidates & level & ~displaced):  # ties: fewer than those it scores against
            if self.last_rank[r] > rank:
                displaced |= 1 << r
        return displaced


def _bit_set(ranks: list[int]) -> int:
    """The int whose bit r is set for each of `ranks` (ascending), made through its bytes, not a
    shift of a growing int per rank."""
    if not ranks:
        return 0
    raw = bytearray(ranks[-1] // 8 + 1)
    for r in ranks:
        raw[r >> 3] |= 1 << (r & 7)
    return int.from_bytes(raw, "little")


def _ranks_of(bits: int):
    """The ranks whose bit is set, lowest first."""
    while bits:
        low = bits & -bits
        yield low.bit_length() - 1
        bits ^= low


class _BitSets:
    """Key → int whose bit r is set when the article at rank r of `order` has the key, for the
    keys made so far (`need`): a rebuild that reuses most choices needs the keys of a few articles."""

    def __init__(self, order: list[int], keys_of: list[set]):
        self.order, self.keys_of, self.made = order, keys_of, {}

    def need(self, keys: set) -> "_BitSets":
        keys = keys - self.made.keys()
        if keys:
            ranks: dict = defaultdict(list)
            for r, j in enumerate(self.order):
                for key in self.keys_of[j] & keys:  # a set operation per article, not a step per key
                    ranks[key].append(r)
            for key, rs in ranks.items():
                self.made[key] = _bit_set(rs)
        return self

    def __getitem__(self, key) -> int:
        return self.made[key]


def _score_planes(masks: "_BitSets", feats) -> list[int]:
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
        out += islice(_ranks_of(top), count - len(out))
    return out


def _date_num(v: ArticleView) -> int:
    digits = (v.article.date or "").replace("-", "")
    return int(digits.ljust(8, "0")) if digits.isdigit() else 0


def page_view(page: Page, articles: list[ArticleView]) -> PageView:
    if not page.blocks:  # a summary (or a page with no text): nothing to attribute
        return PageView(page, f"pages/{page.stem}/", articles, [])
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
