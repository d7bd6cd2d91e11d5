"""Parse one page file: bytes → `Page` with its articles and fragments.

decode → normalise (lines) → blocks (roles) → segment (articles) → records.
A pure function of the file's bytes, its name and its sidecar.
"""

from __future__ import annotations

import hashlib
import re

from .blocks import PageBlock, ends_sentence, make_blocks
from .decode import decode
from .headlines import HeadGroup
from .layout import starts_mid_sentence
from .normalise import Line, display_text, split_lines, squeeze, undouble
from .people import authors_of, dateline_credit, parse_credit
from .records import Article, BodyBlock, Block, Fragment, Page
from .segment import ArticleDraft, FragmentDraft, generated_title, segment

_DASHES = re.compile(r"^[—－\-]+|[—－\-]+$")


def parse_page(data: bytes, source: str, sidecar: dict | None = None) -> Page:
    sidecar = sidecar or {}
    text, encoding = decode(data, source)
    for wrong, right in sorted(sidecar.get("fixes", {}).items()):
        text = text.replace(wrong, right)
    lines = split_lines(text)
    blocks = make_blocks(lines)
    result = segment(blocks)
    page = Page(
        source=source,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=encoding,
        date=sidecar.get("date"),
        publication=sidecar.get("publication"),
        page_label=sidecar.get("page"),
        line_count=len(lines),
        raw_text=text,
    )
    page.articles = [to_article(draft, page, order) for order, draft in enumerate(result.articles, start=1)]
    for order, title in sorted(sidecar.get("titles", {}).items()):
        if 1 <= order <= len(page.articles):
            page.articles[order - 1].title = title
            page.articles[order - 1].title_source = "sidecar"
    page.fragments = [to_fragment(f) for f in result.fragments]
    page.blocks = [Block(b.text, b.page_role or b.role, b.lines, b.rule) for b in blocks]
    page.warnings = result.warnings + _warnings(page)
    _keep_lost_text(page, text, lines)
    return page


def article_id(stem: str, order: int) -> str:
    """Permalink id: the page's file stem and the article's place on it, so
    adding or removing other pages never changes it."""
    slug = re.sub(r"[^a-z0-9]+", "-", _ascii(stem).lower()).strip("-") or hashlib.sha1(stem.encode()).hexdigest()[:10]
    return f"{slug}-{order:02d}"


def _ascii(text: str) -> str:
    if text.isascii():
        return text
    from pypinyin import lazy_pinyin

    return "-".join(lazy_pinyin(text))


def to_article(draft: ArticleDraft, page: Page, order: int) -> Article:
    kicker, title, subtitle = headline_parts(draft.head)
    title_source = draft.title_source
    if not title:
        title, title_source = generated_title(draft), "generated"
    credits = [b.text for b in draft.bylines] + [b.text.strip("（）()") for b in draft.attributions]
    first = next((b.text for b in draft.blocks if b.role == "paragraph"), "")
    if not credits and (dateline := dateline_credit(first)):
        credits = [dateline[0]]  # 本报讯（记者 …）: the byline printed in the dateline
    authors: list[str] = []
    for credit in credits:
        authors += [a for a in authors_of(credit) if a not in authors]
    body = [BodyBlock("paragraph" if b.role == "paragraph" else "subheading", b.text) for b in draft.blocks if b.role != "section_label"]
    return Article(
        id=article_id(page.stem, order),
        source=page.source,
        order=order,
        title=title,
        title_source=title_source,
        kicker=kicker,
        subtitle=subtitle,
        column=" ".join(display_text(b.text) for b in draft.columns) or draft.listed_column,
        byline=" ".join(credits) or None,
        authors=authors,
        date=page.date,
        captions=[b.text for b in draft.captions],
        body=body,
        complete=is_complete(draft),
        labels=[b.text for b in draft.blocks if b.role == "section_label"],
        lines=tuple(sorted({n for b in _article_blocks(draft) for n in b.lines})),
    )


def headline_parts(head: HeadGroup | None) -> tuple[str | None, str | None, str | None]:
    """(kicker, title, subtitle) from a head's lines.

    Several short lines are one headline set line by line (`永州：` /
    `崛起湘江源` / `幸福满潇湘`); otherwise, without dashes to tell, the first
    line is the title and the rest its subtitle.
    """
    if head is None:
        return None, None, None
    kicker = _strip_dashes("".join(b.text for b in head.kicker)) or None
    subtitle = _strip_dashes("".join(squeeze(b.text) if i else b.text for i, b in enumerate(head.subtitle))) or None
    lines = [b.text for b in head.lines]
    if not lines:
        return None, kicker or subtitle, None if not kicker else subtitle
    one_headline = all(len(squeeze(t)) <= 10 for t in lines) or any(t.endswith(("：", ":")) for t in lines[:-1])
    if len(lines) == 1 or one_headline:
        return kicker, "".join(lines) if len(lines) > 1 else lines[0], subtitle
    if subtitle is None:
        return kicker, lines[0], " ".join(lines[1:])
    if kicker:
        return kicker, " ".join(lines), subtitle
    return " ".join(lines[:-1]), lines[-1], subtitle


def _strip_dashes(text: str) -> str:
    return _DASHES.sub("", text.strip()).strip()


def is_complete(draft: ArticleDraft) -> bool:
    """False where the text runs on to, or in from, another page."""
    paragraphs = [b for b in draft.blocks if b.role == "paragraph"]
    if not paragraphs or draft.jumps:
        return False
    first, last = paragraphs[0].text, paragraphs[-1].text
    if not ends_sentence(last) and not draft.attributions:
        return False
    return not starts_mid_sentence(first)


def to_fragment(draft: FragmentDraft) -> Fragment:
    text = "\n".join(b.text for b in draft.blocks)
    return Fragment(kind=draft.kind, text=text, title=draft.title, rows=list(draft.rows), lines=tuple(n for b in draft.blocks for n in b.lines))


def _article_blocks(draft: ArticleDraft) -> list[PageBlock]:
    head = draft.head.blocks if draft.head else []
    return head + draft.columns + draft.bylines + draft.captions + draft.blocks + draft.attributions


def _keep_lost_text(page: Page, text: str, lines: list[Line]) -> None:
    """Safety net: a line whose text no article or fragment holds becomes an
    `unknown` fragment, with a warning, so no text is ever dropped."""
    _, missing = conserved_share(page, text, lines)
    for line in missing:
        page.fragments.append(Fragment(kind="unknown", text=line.strip()))
        page.warnings.append(f"无法归入文章的文字已作为片段保留：{line.strip()[:20]}")


def _warnings(page: Page) -> list[str]:
    out = []
    for article in page.articles:
        if article.title_source == "generated":
            out.append(f"第{article.order}篇：版面上没有标题，已自动生成标题")
    return out


def conserved_share(page: Page, text: str, lines: list[Line] | None = None) -> tuple[float, list[str]]:
    """Share of the page's characters that reappear in its records, and the
    lines that do not (whitespace and headline dashes aside; doubled headline
    glyphs count once).  `lines`: `split_lines(text)`, when the caller has them."""
    corpus = _drop_brackets(squeeze(record_text(page)))
    missing, total, kept = [], 0, 0
    for line in lines if lines is not None else split_lines(text):
        want = _comparable(line.raw)
        if not want:
            continue
        total += len(want)
        found = _found_in_pieces(want, corpus)
        kept += found
        if found < len(want):
            missing.append(line.raw)
    return (kept / total if total else 1.0), missing


def _comparable(raw: str) -> str:
    return _drop_brackets(_DASHES.sub("", "".join(undouble(chunk) for chunk in raw.split())))


def _drop_brackets(text: str) -> str:
    """Brackets around an attribution are not kept in the byline field."""
    return text.replace("（", "").replace("）", "").replace("(", "").replace(")", "")


def _found_in_pieces(want: str, corpus: str) -> int:
    """Characters of `want` found in `corpus`, allowing it to be split in pieces."""
    found, start = 0, 0
    while start < len(want):
        end = len(want)
        while end > start and want[start:end] not in corpus:
            end -= 1
        if end - start < min(2, len(want)):  # a lone character proves nothing
            start += 1
            continue
        found += end - start
        start = end
    return found


def record_text(page: Page) -> str:
    parts = []
    for a in page.articles:
        parts += [a.column or "", a.kicker or "", a.title if a.title_source != "generated" else "", a.subtitle or "", a.byline or ""]
        parts += a.labels + a.captions + [b.text for b in a.body]
    parts += [f.text for f in page.fragments]
    return "\n".join(parts)


def credit_text(text: str) -> str:
    credit = parse_credit(text)
    return credit[0] if credit else text
