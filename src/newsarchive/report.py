"""`parse` output: a page as parsed, readable in a terminal."""

from __future__ import annotations

import textwrap

from .records import Article, Page


def _short(text: str, width: int = 60) -> str:
    return text if len(text) <= width else f"{text[: width // 2]} … {text[-width // 2 :]}"


def format_article(article: Article) -> str:
    out = [f"[{article.order}] {article.title}   ({article.id}, title: {article.title_source}{'' if article.complete else ', incomplete'})"]
    for label, value in (("栏目 column", article.column), ("引题 kicker", article.kicker), ("副题 subtitle", article.subtitle), ("署名 byline", article.byline)):
        if value:
            out.append(f"    {label:14} {value}")
    if article.authors:
        out.append(f"    {'作者 authors':14} {', '.join(article.authors)}")
    for field, label in (("city", "城市 city"), ("date", "日期 date")):
        value = getattr(article, field)
        if value:
            out.append(f"    {label:14} {value}")
    if article.topics:
        reasons = "; ".join(f"{t}: {', '.join(article.topic_reasons.get(t, []))}" for t in article.topics)
        out.append(f"    {'主题 topics':14} {reasons}")
    for label in article.labels:
        out.append(f"    {'标签 label':14} {label}")
    for caption in article.captions:
        out.append(f"    {'图片说明 caption':14} {_short(caption)}")
    for block in article.body:
        mark = "##" if block.kind == "subheading" else "¶ "
        out.append(f"    {mark} {_short(block.text, 70)}")
    return "\n".join(out)


def format_page(page: Page) -> str:
    head = f"{page.source}  encoding={page.encoding}  date={page.date or '?'}  {len(page.articles)} articles, {len(page.fragments)} fragments"
    parts = [head, "=" * min(len(head), 80)]
    parts += [format_article(a) for a in page.articles]
    if page.fragments:
        parts.append("Fragments:")
        for fragment in page.fragments:
            title = f" {fragment.title}" if fragment.title else ""
            parts.append(f"  - {fragment.kind}{title}: {_short(fragment.text.replace(chr(10), ' / '), 70)}")
    if page.warnings:
        parts.append("Warnings:")
        parts += [textwrap.indent(w, "  ! ") for w in page.warnings]
    return "\n".join(parts)
