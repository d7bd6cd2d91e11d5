"""Crawl a rendered site held as ``{path: bytes}``: links, assets, anchors, scripts."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

LINK_ATTRS = {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("form", "action"), ("source", "src")}


@dataclass
class ParsedPage:
    links: list[tuple[str, str, str]] = field(default_factory=list)  # (tag, attr, value)
    ids: set[str] = field(default_factory=set)
    duplicate_ids: list[str] = field(default_factory=list)
    scripts: list[tuple[dict, str]] = field(default_factory=list)  # (attrs, text)
    attrs: list[tuple[str, str, str | None]] = field(default_factory=list)  # every (tag, attr, value)
    text: list[str] = field(default_factory=list)
    lang: str | None = None


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()
        self._script: dict | None = None
        self._script_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            self.page.attrs.append((tag, name, value))
            if (tag, name) in LINK_ATTRS and value is not None:
                self.page.links.append((tag, name, value))
            if name == "id" and value:
                if value in self.page.ids:
                    self.page.duplicate_ids.append(value)
                self.page.ids.add(value)
            if tag == "html" and name == "lang":
                self.page.lang = value
        if tag == "script":
            self._script = dict(attrs)
            self._script_text = []

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            self.page.scripts.append((self._script, "".join(self._script_text)))
            self._script = None

    def handle_data(self, data):
        if self._script is not None:
            self._script_text.append(data)
        else:
            self.page.text.append(data)


def parse_html(data: bytes) -> ParsedPage:
    parser = _Parser()
    parser.feed(data.decode("utf-8"))
    parser.close()
    return parser.page


def resolve(from_path: str, link: str) -> tuple[str | None, str]:
    """The site file a relative link points to (None for external links) and its fragment."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or link.startswith("//"):
        return None, ""
    if not parts.path:
        return from_path, parts.fragment
    target = posixpath.normpath(posixpath.join(posixpath.dirname(from_path), unquote(parts.path)))
    if link.split("#")[0].endswith("/"):
        target += "/index.html"
    return target, parts.fragment


def crawl(outputs: dict[str, bytes]) -> list[str]:
    """Every broken internal link or asset (and repeated id), as ``page: link (reason)``."""
    problems = []
    parsed = {p: parse_html(b) for p, b in outputs.items() if p.endswith(".html")}
    for path, page in sorted(parsed.items()):
        problems.extend(f"{path}: id {i!r} used twice" for i in page.duplicate_ids)
        for tag, attr, link in page.links:
            if link.startswith(("mailto:", "data:")):
                continue
            if link.startswith("/"):
                problems.append(f"{path}: {link} (root-relative link)")
                continue
            target, fragment = resolve(path, link)
            if target is None:
                continue
            if target.startswith(".."):
                problems.append(f"{path}: {link} (leaves the site)")
            elif target not in outputs:
                problems.append(f"{path}: {link} (no {target})")
            elif fragment and target in parsed and fragment not in parsed[target].ids:
                problems.append(f"{path}: {link} (no #{fragment} in {target})")
    return problems
