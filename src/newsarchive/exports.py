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
    """One page's items of the two arrays, as they are printed inside them (empty: none)."""

    articles: str
    page: str


def _item(data: object) -> str:
    """`data` as an item of an array printed by `to_json_bytes`: indented one more step."""
    return "\n".join(" " + line for line in json.dumps(data, ensure_ascii=False, indent=1).split("\n"))


def page_items(page: Page) -> PageItems:
    return PageItems(",\n".join(_item(a.to_json()) for a in page.articles), _item(page.to_json()))


def _array(items: list[str]) -> bytes:
    items = [i for i in items if i]
    return ("[\n" + ",\n".join(items) + "\n]\n" if items else "[]\n").encode("utf-8")


def join_exports(items: list[PageItems]) -> dict[str, bytes]:
    """The two files from the pages' items, in page order."""
    return {
        "data/articles.json": _array([i.articles for i in items]),
        "data/pages.json": _array([i.page for i in items]),
    }


def render_exports(pages: list[Page]) -> dict[str, bytes]:
    return join_exports([page_items(p) for p in pages])
