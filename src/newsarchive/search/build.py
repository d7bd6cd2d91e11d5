"""`build_search`: the pipeline's search stage (records → files under ``search/``)."""

from __future__ import annotations

from ..config import Config
from ..records import Page
from .analysis import analyse_doc
from .export import Exporter


def archive_articles(pages: list[Page]) -> list[dict]:
    """The articles as exported (``articles.json``), in archive order: seed file, then place on the page."""
    return sorted((a.to_json() for p in pages for a in p.articles), key=lambda a: (a["source"], a["order"]))


def build_search(pages: list[Page], config: Config) -> dict[str, bytes]:
    """The browser's search files, by path from the site root (``search/meta.js`` …).

    The files depend on the records alone.  Each page's jieba words come
    with it when the pipeline made it (`Page.search_words`), else they are
    cut here.  The terminal's whoosh index is not touched: the ``search``
    command brings it up to date from the built site's ``data/articles.json``
    on first use (`terminal.index_for_site`), re-indexing only the seed files
    that changed.
    """
    words = {i: w for p in pages for i, w in p.search_words.items()}  # cut in the workers (`page_words`)
    exporter = Exporter([t.name for t in config.topics])
    for article in archive_articles(pages):
        exporter.add(article, analyse_doc(article, words.get(article["id"])))
    return exporter.finish()
