"""Site configuration: one settings table drives defaults, validation and help.

`site.yaml` is read into a frozen `Config`.  Unknown keys and values of the
wrong type are errors reported as ``site.yaml:LINE: key: message``.
Sections with their own structure (``region``, ``topics``, ``nav``) are
checked by small functions named after them.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import yaml

from .errors import ConfigError


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    kind: type | tuple[type, ...] = str


def _nav_default() -> list[dict]:
    return [
        {"title": "首页", "url": ""},
        {"title": "城市", "url": "cities/"},
        {"title": "主题", "url": "topics/"},
        {"title": "版面", "url": "pages/"},
        {"title": "搜索", "url": "search/"},
        {"title": "关于", "url": "about/"},
    ]


SETTINGS: tuple[Setting, ...] = (
    Setting("title", "湖南发展新闻档案", "Site title, shown in every page header and in feeds."),
    Setting("description", "湖南各市州发展新闻报道的可检索档案。", "One-sentence description for the home page, feeds and meta tags."),
    Setting("base_url", "https://example.org/", "Absolute URL the site is published at; used only for feeds, sitemap and canonical links."),
    Setting("language", "zh-CN", "Language of the interface (the lang attribute)."),
    Setting("nav", None, "Navigation links: a list of {title, url} with url relative to the site root.", list),
    Setting("seeds", "seeds", "Folder of page files, relative to site.yaml."),
    Setting("out", "_site", "Folder the site is written to, relative to site.yaml."),
    Setting("templates", "templates", "Jinja template folder, relative to site.yaml."),
    Setting("static", "static", "Static assets folder copied to the site, relative to site.yaml."),
    Setting("cache", ".cache", "Build cache folder, relative to site.yaml; deleting it costs time, never correctness."),
    Setting("about", "about.md", "Markdown file rendered as the about page, relative to site.yaml."),
    Setting("page_size", 20, "Articles per page on long lists (cities, topics, authors, dates).", int),
    Setting("region", None, "The archive's region: {name, adcode} of the province whose gazetteer is used.", dict),
    Setting("topics", None, "Topic taxonomy: a list of {name, slug, terms}.", list),
)

_BY_NAME = {s.name: s for s in SETTINGS}


@dataclass(frozen=True)
class Topic:
    name: str
    slug: str
    terms: tuple[str, ...]


@dataclass(frozen=True)
class Region:
    name: str = "湖南"
    adcode: str = "430000"


@dataclass(frozen=True)
class Config:
    root: Path = Path(".")
    title: str = _BY_NAME["title"].default
    description: str = _BY_NAME["description"].default
    base_url: str = _BY_NAME["base_url"].default
    language: str = "zh-CN"
    nav: tuple[tuple[str, str], ...] = tuple((n["title"], n["url"]) for n in _nav_default())
    seeds: str = "seeds"
    out: str = "_site"
    templates: str = "templates"
    static: str = "static"
    cache: str = ".cache"
    about: str = "about.md"
    page_size: int = 20
    region: Region = field(default_factory=Region)
    topics: tuple[Topic, ...] = ()

    def path(self, name: str) -> Path:
        """The folder or file setting `name`, resolved against the config's folder."""
        return (self.root / getattr(self, name)).resolve()

    def templates_folder(self) -> Path:
        """The template folder, which must exist: a build checks it before parsing any page."""
        folder = self.path("templates")
        if not folder.is_dir():
            raise ConfigError(f"site.yaml: templates: folder not found: {folder}")
        return folder


def load_config(path: str | Path | None) -> Config:
    """Read and validate `site.yaml`; a missing file (when not named) gives the defaults."""
    if path is None:
        path = Path("site.yaml")
        if not path.exists():
            return Config(root=Path(".").resolve())
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read config: {exc.strerror or exc}") from exc
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: config is not UTF-8 text") from None
    return parse_config(text, name=str(path), root=path.parent.resolve())


def parse_config(text: str, name: str = "site.yaml", root: Path = Path(".")) -> Config:
    try:
        node = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        raise ConfigError(f"{name}{where}: invalid YAML: {getattr(exc, 'problem', exc)}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{name}: the config must be a mapping of keys to values")
    lines = _key_lines(node)

    def fail(key: str, message: str) -> ConfigError:
        return ConfigError(f"{name}:{lines.get(key, 1)}: {key}: {message}")

    values: dict[str, Any] = {}
    for key, value in data.items():
        setting = _BY_NAME.get(key)
        if setting is None:
            hint = difflib.get_close_matches(str(key), _BY_NAME, n=1)
            suggestion = f" (did you mean '{hint[0]}'?)" if hint else ""
            raise fail(key, f"unknown key{suggestion}; known keys: {', '.join(_BY_NAME)}")
        if value is None:
            continue
        if not isinstance(value, setting.kind) or isinstance(value, bool) and setting.kind is int:
            raise fail(key, f"expected {_kind_name(setting.kind)}, got {type(value).__name__}")
        check = _CHECKS.get(key)
        try:
            values[key] = check(value) if check else value
        except ValueError as exc:
            raise fail(key, str(exc)) from None
    return Config(root=root, **values)


def _check_nav(value: list) -> tuple[tuple[str, str], ...]:
    out = []
    for i, item in enumerate(value):
        if not isinstance(item, dict) or set(item) != {"title", "url"}:
            raise ValueError(f"item {i + 1} must be a mapping with exactly 'title' and 'url'")
        out.append((str(item["title"]), str(item["url"])))
    return tuple(out)


def _check_region(value: dict) -> Region:
    unknown = set(value) - {"name", "adcode"}
    if unknown:
        raise ValueError(f"unknown region key(s): {', '.join(sorted(map(str, unknown)))}; expected name and adcode")
    adcode = str(value.get("adcode", ""))
    if not (len(adcode) == 6 and adcode.isdigit() and adcode.endswith("0000")):
        raise ValueError(f"adcode must be a 6-digit province code ending in 0000, got {adcode!r}")
    return Region(name=str(value.get("name", "")), adcode=adcode)


def _check_topics(value: list) -> tuple[Topic, ...]:
    topics, slugs = [], set()
    for i, item in enumerate(value):
        if not isinstance(item, dict) or not {"name", "slug", "terms"} <= set(item):
            raise ValueError(f"topic {i + 1} must be a mapping with name, slug and terms")
        extra = set(item) - {"name", "slug", "terms"}
        if extra:
            raise ValueError(f"topic {i + 1}: unknown key(s) {', '.join(sorted(map(str, extra)))}")
        slug = str(item["slug"])
        if not slug.isascii() or not slug.replace("-", "").isalnum():
            raise ValueError(f"topic {item['name']!r}: slug must be ASCII letters, digits and dashes, got {slug!r}")
        if slug in slugs:
            raise ValueError(f"topic {item['name']!r}: slug {slug!r} is used twice")
        slugs.add(slug)
        terms = item["terms"]
        if not isinstance(terms, list) or not terms:
            raise ValueError(f"topic {item['name']!r}: terms must be a non-empty list")
        topics.append(Topic(name=str(item["name"]), slug=slug, terms=tuple(str(t) for t in terms)))
    return tuple(topics)


def _check_page_size(value: int) -> int:
    if value < 1:
        raise ValueError("must be at least 1")
    return value


_CHECKS: dict[str, Callable[[Any], Any]] = {
    "nav": _check_nav,
    "region": _check_region,
    "topics": _check_topics,
    "page_size": _check_page_size,
}


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {str: "a string", int: "a whole number", list: "a list", dict: "a mapping"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def _key_lines(node: yaml.Node | None) -> dict[str, int]:
    """Line number (1-based) of each top-level key, for error messages."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {k.value: k.start_mark.line + 1 for k, _ in node.value if isinstance(k, yaml.ScalarNode)}


def settings_help() -> str:
    """The settings table as text: used by `--help` and checked against the README."""
    return "\n".join(f"{s.name}: {s.help}" for s in SETTINGS)
