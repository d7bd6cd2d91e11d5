"""Site paths, relative links and ASCII slugs.

Every page knows its own output path (``cities/chenzhou/index.html``); a
link is computed from there to the target, so the site works under any
sub-path of a static host and opened from disk.  Directory URLs
(``cities/chenzhou/``) are canonical — feeds, the sitemap and ``<link
rel=canonical>`` use them — but links between pages name ``index.html``
explicitly, because a browser opening files from disk shows a folder
listing for a bare directory.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
import unicodedata
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from urllib.parse import quote

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def page_file(url: str) -> str:
    """The file behind a site URL: ``cities/x/`` → ``cities/x/index.html``; ``""`` → ``index.html``."""
    if url == "" or url.endswith("/"):
        return url + "index.html"
    return url


@lru_cache(maxsize=4096)
def relative(from_file: str, to_url: str) -> str:
    """A link from the page written at `from_file` to the site URL `to_url`.

    A fragment (``#a3``) is kept.  Both paths are relative to the site root.
    Remembered for the last few thousand: a page links the same pages again and again (its city,
    topics and authors on every card of a list), and a 5,000-page archive's site has millions of links.
    """
    target, _, fragment = to_url.partition("#")
    link = _quote_path(_relpath(page_file(target), posixpath.dirname(from_file)))
    return f"{link}#{fragment}" if fragment else link


@lru_cache(maxsize=65536)
def _quote_path(link: str) -> str:
    """`quote` for a relative link; most links (``../../static/style.css``) recur on every page."""
    return quote(link, safe="/.-_~%")


def _relpath(target_file: str, base: str) -> str:
    """`posixpath.relpath(target_file, base or ".")`, without its two `abspath` calls for plain paths
    (every page has dozens of links, so this is hot)."""
    target, start = _plain_parts(target_file), _plain_parts(base)
    if target is None or start is None:
        return posixpath.relpath(target_file, base or ".")
    common, most = 0, min(len(target), len(start))
    while common < most and target[common] == start[common]:
        common += 1
    return "/".join((*[".."] * (len(start) - common), *target[common:])) or "."


@lru_cache(maxsize=65536)
def _plain_parts(path: str) -> tuple[str, ...] | None:
    """The parts of a plain relative path (no empty part, no ``.`` or ``..``), or None.  Remembered:
    a page's folder is the base of all its links, and the same pages are linked from many others."""
    parts = tuple(path.split("/")) if path else ()
    if not all(parts) or "." in parts or ".." in parts:
        return None
    return parts


def to_root(from_file: str) -> str:
    """The prefix that leads from `from_file` back to the site root (``""`` or ``"../../"``)."""
    depth = from_file.count("/")
    return "../" * depth


def absolute(base_url: str, url: str) -> str:
    """The canonical absolute URL of a site URL, for feeds, the sitemap and canonical links."""
    base = base_url if base_url.endswith("/") else base_url + "/"
    return base + quote(url, safe="/.-_~%#")


def slugify(name: str) -> str:
    """An ASCII slug: pinyin for Chinese characters, lower-case letters and digits, dashes between words.

    ``郴州`` → ``chenzhou``, ``湘西`` → ``xiangxi``, ``谭 洁`` → ``tan-jie``.  Never empty.
    """
    from pypinyin import Style, lazy_pinyin  # a second to load its dictionaries: imported when needed (`Slugs`)

    parts = []
    for chunk in lazy_pinyin(name, style=Style.NORMAL, errors="default"):
        chunk = unicodedata.normalize("NFKD", chunk).encode("ascii", "ignore").decode("ascii").lower()
        parts.append(chunk if chunk.isalnum() else f" {chunk} ")
    slug = _NON_SLUG.sub("-", " ".join("".join(parts).split())).strip("-")
    return slug or "x" + short_hash(name)


def short_hash(text: str, length: int = 6) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:length]


class Slugs:
    """`slugify`, remembered from one build to the next: a rebuild whose names are all known need not
    load pypinyin.  `memo` is an earlier build's `made`; it is ignored if pypinyin or this module changed."""

    def __init__(self, memo: dict | None = None):
        self.version = _slug_version()
        self.known = memo["slugs"] if memo and memo.get("version") == self.version else {}
        self.slugs: dict[str, str] = {}

    def __call__(self, name: str) -> str:
        slug = self.slugs.get(name) or self.known.get(name) or slugify(name)
        self.slugs[name] = slug
        return slug

    @property
    def made(self) -> dict:
        """The slugs of this build's names, for the next build."""
        return {"version": self.version, "slugs": self.slugs}


@lru_cache(maxsize=1)
def _slug_version() -> str:
    try:
        library = metadata.version("pypinyin")
    except metadata.PackageNotFoundError:
        library = ""
    return library + " " + hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def assign_slugs(names, reserved: dict[str, str] | None = None, make=slugify) -> dict[str, str]:
    """Slugs for a set of names, unique among themselves (`make`: `slugify`, or a `Slugs` remembering it).

    `reserved` maps names to slugs fixed elsewhere (topic slugs from site.yaml).
    When two names share a slug, the first in code-point order keeps it and
    the others get a short hash of their own name, so a name's slug depends
    only on the names it collides with.
    """
    reserved = dict(reserved or {})
    taken = {slug: name for name, slug in reserved.items()}
    out = dict(reserved)
    for name in sorted(set(names) - set(reserved)):
        slug = make(name)
        if slug in taken and taken[slug] != name:
            slug = f"{slug}-{short_hash(name)}"
        taken[slug] = name
        out[name] = slug
    return out
