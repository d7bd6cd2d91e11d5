"""`build_search`: the pipeline's search stage (records → files under ``search/``), as its three steps.

`segments` groups the seed files, `build_segment` makes one segment's files
(cache it by its pages), `build_meta` makes ``search/meta.js`` from the
segments; `build_search` runs all three.
"""

from __future__ import annotations

from ..config import Config
from ..records import Page
from .export import SEGMENT_K, Segment, build_meta, build_segment, segments


def archive_articles(pages: list[Page]) -> list[dict]:
    """The articles as exported (``articles.json``), in archive order: seed file, then place on the page."""
    return sorted((a.to_json() for p in pages for a in p.articles), key=lambda a: (a["source"], a["order"]))


def build_segments(pages: list[Page], config: Config, k: int = SEGMENT_K) -> list[Segment]:
    by_source = {p.source: p for p in pages}
    return [build_segment([by_source[s] for s in group], config) for group in segments(list(by_source), k)]


def build_search(pages: list[Page], config: Config, k: int = SEGMENT_K) -> dict[str, bytes]:
    """The browser's search files, by path from the site root (``search/meta.js`` …).

    The files depend on the records alone.  Each page's encoded postings come
    with it when the pipeline made them (`Page.search_words`, from
    `analysis.page_words`), else they are made here.  The terminal's whoosh
    index is not touched: the ``search`` command brings it up to date from the
    built site's ``data/articles.json`` on first use (`terminal.index_for_site`),
    re-indexing only the seed files that changed.
    """
    segs = build_segments(pages, config, k)
    files = {path: data for s in segs for path, data in s.files.items()}
    files.update(build_meta(segs, config))
    return dict(sorted(files.items()))
