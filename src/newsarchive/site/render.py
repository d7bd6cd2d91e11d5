"""The Jinja environment and the About page's Markdown.

Autoescape is on for HTML and XML templates and undefined names are errors,
so a template can neither print seed text unescaped by accident nor print
nothing where a value is missing.  `url(target)` in a template gives the
relative link from the page being rendered to a site URL.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context, select_autoescape
from markdown_it import MarkdownIt
from markupsafe import Markup

from ..errors import NewsarchiveError
from .context import lines_label
from .urls import relative

# Chinese names of block roles and fragment kinds, for the page view.
ROLE_LABELS = {
    "headline": "标题",
    "kicker": "引题",
    "subtitle": "副题",
    "column": "栏目",
    "byline": "署名",
    "attribution": "文末署名",
    "caption": "图片说明",
    "subheading": "小标题",
    "paragraph": "正文",
    "section_label": "栏目标签",
    "editor_note": "编者按",
    "ad": "广告",
    "infographic": "图表",
    "headline_index": "标题索引",
    "banner": "通栏",
    "jump": "转版提示",
    "display": "短行",  # a short display line the segmenter left unassigned
}
FRAGMENT_LABELS = {
    "continuation": "转版续文",
    "duplicate": "重复内容",
    "ad": "广告",
    "infographic": "信息图",
    "headline_index": "标题索引",
    "caption": "图片说明",
    "unknown": "未归类",
}
TITLE_SOURCE_LABELS = {
    "top": "版面标题",
    "bottom": "文末标题",
    "page_index": "取自版面标题索引",
    "generated": "系统生成的标题",
}


@pass_context
def _url(ctx, target: str) -> str:
    return relative(ctx["path"], target)


class TemplateError(NewsarchiveError):
    """A template cannot be read or rendered: the message names the template, line and reason."""


def make_env(templates: Path) -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(templates)),
        autoescape=select_autoescape(["html", "xml"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(
        url=_url,
        role_label=lambda role: ROLE_LABELS.get(role, role),
        fragment_label=lambda kind: FRAGMENT_LABELS.get(kind, kind),
        title_source_label=lambda s: TITLE_SOURCE_LABELS.get(s, s),
        lines_label=lines_label,
    )
    return env


def render(env: Environment, template: str, context: dict) -> str:
    """Render `template`, turning Jinja's errors into one-line messages that name the file."""
    try:
        return env.get_template(template).render(context)
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateError(f"{exc.filename or exc.name or template}:{exc.lineno}: {exc.message}") from None
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"{env.loader.searchpath[0]}/{exc.name}: template not found") from None
    except jinja2.UndefinedError as exc:
        raise TemplateError(f"{_template_frame(exc) or template}: {exc.message}") from None


def _template_frame(exc: BaseException) -> str | None:
    """``file:line`` of the innermost template frame of a rendering error (Jinja rewrites tracebacks so they show)."""
    where = None
    tb = exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name.endswith((".html", ".xml")):
            where = f"{name}:{tb.tb_lineno}"
        tb = tb.tb_next
    return where


def render_markdown(text: str, path: str) -> Markup:
    """Markdown to HTML with raw HTML escaped; relative links are made relative to `path`.

    Links in the Markdown are written relative to the site root (``cities/``).
    """
    md = MarkdownIt("commonmark", {"html": False, "typographer": False})
    tokens = md.parse(text)
    for token in _walk(tokens):
        for attr in ("href", "src"):
            value = token.attrGet(attr)
            if isinstance(value, str) and _is_site_link(value):
                token.attrSet(attr, relative(path, value))
    return Markup(md.renderer.render(tokens, md.options, {}))


def _walk(tokens):
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)


def _is_site_link(value: str) -> bool:
    return not (value.startswith(("#", "/", "mailto:", "data:")) or "://" in value or ":" in value.split("/", 1)[0])
