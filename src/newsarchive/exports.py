"""Data exports: `data/articles.json` and `data/pages.json` (see design.md)."""

from __future__ import annotations

import json

from .records import Page


def to_json_bytes(data: object) -> bytes:
    """Deterministic, readable JSON: same input, same bytes."""
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode("utf-8")


def render_exports(pages: list[Page]) -> dict[str, bytes]:
    articles = [a.to_json() for page in pages for a in page.articles]
    return {
        "data/articles.json": to_json_bytes(articles),
        "data/pages.json": to_json_bytes([page.to_json() for page in pages]),
    }
