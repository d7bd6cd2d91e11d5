"""A page's summary: the page as the rest of the archive sees it.

Lists, feeds, related articles and the page index read a few fields of each
article; only an article's own page and its newspaper page's view read its
whole text.  A summary keeps what the others read: each article with its
first paragraph (its lead) instead of its body and at most 12 key figures,
fragments with their kind (an infographic with its chart), and none of the
line numbers, blocks, raw text or search words.  It is a few per cent of the page, so a rebuild can hold every
page's summary and load whole pages only for the outputs it renders.
"""

from __future__ import annotations

from dataclasses import replace

from .records import BodyBlock, Fragment, Page

CITY_FIGURES = 12  # a city page shows the first 12 key figures of its newest articles (`site.context`)


def summarise(page: Page) -> Page:
    articles = [replace(a, body=_lead(a.body), lines=(), figures=a.figures[:CITY_FIGURES], topic_reasons={})
                for a in page.articles]
    fragments = [_fragment(f) for f in page.fragments]
    return replace(page, articles=articles, fragments=fragments, blocks=[], raw_text="", search_words={})


def _lead(body: list[BodyBlock]) -> list[BodyBlock]:
    """The first non-empty paragraph of a body, the one a list shows as the lead."""
    lead = next((b for b in body if b.kind == "paragraph" and b.text.strip()), None)
    return [lead] if lead else []


def _fragment(f: Fragment) -> Fragment:
    if f.kind == "infographic":  # its chart is shown on its city's page; a title-less one is placed by its text's start
        return replace(f, text=f.text.lstrip()[:200], lines=())
    return replace(f, text="", lines=())
