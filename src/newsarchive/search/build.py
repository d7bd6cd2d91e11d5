"""`build_search`: the pipeline's search stage (records → files under ``search/``)."""

from __future__ import annotations

import logging
from pathlib import Path

from whoosh.index import IndexError as WhooshIndexError
from whoosh.index import LockError

from ..config import Config
from ..records import Page
from .analysis import analyse_doc
from .export import Exporter
from .store import Update, group_sources, indexed_sources, open_index, source_hash, stored_words

log = logging.getLogger("newsarchive")


def archive_articles(pages: list[Page]) -> list[dict]:
    """The articles as exported (``articles.json``), in archive order: seed file, then place on the page."""
    return sorted((a.to_json() for p in pages for a in p.articles), key=lambda a: (a["source"], a["order"]))


def build_search(pages: list[Page], config: Config, cache_dir: Path | None = None) -> dict[str, bytes]:
    """The browser's search files, by path from the site root (``search/meta.js`` …).

    The files depend on the records alone.  With `cache_dir`, the whoosh
    index in ``cache_dir/search/`` is brought up to date on the way: the
    documents of changed, added and removed seed files are deleted and added,
    no others; and the jieba words of unchanged articles are read from it
    instead of being cut again.  A busy or broken index is reported and
    left alone (``search`` in the terminal brings it up to date later).
    """
    groups = group_sources(archive_articles(pages))
    hashes = {s: source_hash(arts) for s, arts in groups.items()}
    update, words = None, {}
    if cache_dir is not None:
        try:
            ix, _rebuilt = open_index(Path(cache_dir) / "search")
            current = indexed_sources(ix)
            words = stored_words(ix, {s for s, h in hashes.items() if current.get(s) == h})
            update = Update(ix, hashes, current)
        except (OSError, WhooshIndexError, LockError) as exc:
            log.warning("search index in %s not updated: %s", cache_dir, exc)
    exporter = Exporter([t.name for t in config.topics])
    try:
        for source, articles in groups.items():
            indexing = update is not None and update.wants(source)
            for article in articles:
                an = analyse_doc(article, words.pop(article["id"], None))
                exporter.add(article, an)
                if indexing:
                    update.add(article, an)
    except BaseException:
        if update is not None:
            update.cancel()
        raise
    if update is not None:
        try:
            update.commit()
        except (OSError, WhooshIndexError) as exc:
            log.warning("search index in %s not updated: %s", cache_dir, exc)
    return exporter.finish()
