"""The records that flow through the pipeline.

Every stage takes records and returns records; they are plain dataclasses so
that a stage can be tested alone and its output cached by content hash.
`Article.to_json()` and `Page.to_json()` give the shapes of
`_site/data/articles.json` and `_site/data/pages.json` (see design.md).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

# Roles a block of text can play on a newspaper page.  The segmenter and the
# `parse` command speak in these names.
ROLES = (
    "headline",
    "kicker",
    "subtitle",
    "column",
    "byline",
    "attribution",
    "caption",
    "subheading",
    "paragraph",
    "section_label",
    "editor_note",
    "ad",
    "infographic",
    "headline_index",
    "banner",
    "jump",
)

# Kinds of leftover text kept beside the articles of a page.
FRAGMENT_KINDS = (
    "continuation",
    "duplicate",
    "ad",
    "infographic",
    "headline_index",
    "caption",
    "unknown",
)


@dataclass
class Block:
    """A run of text from the page with the role it plays.

    `lines` are the 1-based numbers of the raw lines the block was built from,
    so every block can be traced back to the page file.
    """

    text: str
    role: str = "paragraph"
    lines: tuple[int, ...] = ()
    rule: str = ""  # name of the rule that gave the role, for `parse`


@dataclass
class BodyBlock:
    kind: str  # "paragraph" or "subheading"
    text: str


@dataclass
class Place:
    name: str
    city: str
    adcode: str


@dataclass
class Figure:
    value: str
    unit: str
    label: str


@dataclass
class Fragment:
    kind: str
    text: str
    title: str | None = None  # infographics: the chart title
    rows: list[dict] = field(default_factory=list)  # infographics: {label, year, value, unit}
    city: str | None = None  # infographics: the city the data series describes (set by enrich)
    lines: tuple[int, ...] = ()


@dataclass
class Article:
    id: str
    source: str
    order: int
    title: str
    title_source: str = "top"
    kicker: str | None = None
    subtitle: str | None = None
    column: str | None = None
    byline: str | None = None
    authors: list[str] = field(default_factory=list)
    date: str | None = None
    city: str | None = None
    places: list[Place] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)
    body: list[BodyBlock] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    complete: bool = True
    labels: list[str] = field(default_factory=list)  # section labels such as 前言, kept out of the body
    # Not part of the export contract, but useful to `parse` and the site.
    lines: tuple[int, ...] = ()
    topic_reasons: dict[str, list[str]] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"articles/{self.id}/"

    @property
    def text(self) -> str:
        """The body as one string, paragraphs separated by newlines."""
        return "\n".join(block.text for block in self.body)

    def to_json(self) -> dict:
        # Spelled out rather than `dataclasses.asdict`, which deep-copies every field,
        # `lines` included, and was a few per cent of a build's worker time.
        return {
            "id": self.id,
            "url": self.url,
            "source": self.source,
            "order": self.order,
            "title": self.title,
            "title_source": self.title_source,
            "kicker": self.kicker,
            "subtitle": self.subtitle,
            "column": self.column,
            "byline": self.byline,
            "authors": list(self.authors),
            "date": self.date,
            "city": self.city,
            "places": [{"name": p.name, "city": p.city, "adcode": p.adcode} for p in self.places],
            "topics": list(self.topics),
            "keywords": list(self.keywords),
            "captions": list(self.captions),
            "body": [{"kind": b.kind, "text": b.text} for b in self.body],
            "figures": [{"value": f.value, "unit": f.unit, "label": f.label} for f in self.figures],
            "complete": self.complete,
            "labels": list(self.labels),
        }


@dataclass
class Page:
    source: str
    sha256: str
    encoding: str | None
    date: str | None = None
    publication: str | None = None
    page_label: str | None = None
    articles: list[Article] = field(default_factory=list)
    fragments: list[Fragment] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)  # the page as classified
    line_count: int = 0
    raw_text: str = ""  # the decoded page text, for the page view's raw-text link
    # The page's postings for the browser's search, encoded (`search.terms.PageTerms`, from
    # `search.analysis.page_words`), computed in the worker that enriched the page and cached
    # with it; not exported.
    search_words: object = field(default_factory=dict)

    @property
    def stem(self) -> str:
        return self.source.rsplit(".", 1)[0]

    def to_json(self) -> dict:
        return {
            "source": self.source,
            "sha256": self.sha256,
            "encoding": self.encoding,
            "date": self.date,
            "publication": self.publication,
            "page": self.page_label,
            "articles": [a.id for a in self.articles],
            "fragments": [
                {k: v for k, v in asdict(f).items() if k != "lines" and (v or k in ("kind", "text"))}
                for f in self.fragments
            ],
            "warnings": list(self.warnings),
        }
