"""Data exports: `data/articles.json` and `data/pages.json` (see design.md).

Both files are JSON arrays with one item per article (per page).  Each
page's items are encoded once, where the page is enriched (`page_items`), and
cached with it; a build joins the cached pieces (`join_exports`) instead of
encoding the whole archive again, with the same bytes as encoding it whole.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from .records import Page


def to_json_bytes(data: object) -> bytes:
    """Deterministic, readable JSON: same input, same bytes."""
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode("utf-8")


@dataclass(frozen=True)
class PageItems:
    """One page's items of the two arrays, as they are printed inside them, in UTF-8 (empty: none).
    Kept encoded, so that joining an archive's worth (``articles.json`` holds all its text) makes one copy."""

    articles: bytes
    page: bytes


def _item(data: object) -> str:
    """`data` as an item of an array printed by `to_json_bytes`: indented one more step."""
    return "\n".join(" " + line for line in json.dumps(data, ensure_ascii=False, indent=1).split("\n"))


def page_items(page: Page) -> PageItems:
    articles = ",\n".join(_item(a.to_json()) for a in page.articles)
    return PageItems(articles.encode("utf-8"), _item(page.to_json()).encode("utf-8"))


def _array(items: list[bytes]) -> bytes:
    parts = [b"[\n"]
    for item in items:
        if item:
            parts += (item, b",\n")
    if len(parts) == 1:
        return b"[]\n"
    parts[-1] = b"\n]\n"
    return b"".join(parts)


def join_exports(items: list[PageItems]) -> dict[str, bytes]:
    """The two files from the pages' items, in page order."""
    return {
        "data/articles.json": _array([i.articles for i in items]),
        "data/pages.json": _array([i.page for i in items]),
    }


def render_exports(pages: list[Page]) -> dict[str, bytes]:
    return join_exports([page_items(p) for p in pages])
