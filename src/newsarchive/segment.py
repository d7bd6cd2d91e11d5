"""Blocks to articles and fragments: the editor's reading of a page.

Steps, in order:
1. `layout.read_layout`: bodies, headline units, captions, fragments;
2. `headlines.assign_heads`: which head goes with which body;
3. a headline from the page-end list that found no free body splits the
   body it matches where its subject begins (an article printed without its
   head, straight after another);
4. repeated heads continue their article; duplicated paragraphs are kept
   once; text of an article interleaved into another is moved back;
5. paragraphs broken mid-sentence are joined; untitled articles get a
   generated title; whatever is left becomes a fragment of its kind.

Nothing is dropped: every block ends up in an article or a fragment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .blocks import PageBlock, ends_sentence
from .headlines import Assignment, HeadGroup, assign_heads
from .layout import Body, CaptionUnit, FragmentUnit, HeadUnit, echo_texts, read_layout
from .normalise import squeeze
from .similarity import Vocabulary

# A headline from the list heads the tail of a body only if the tail holds
# this much of its words, and clearly more than the head of the body does.
MIN_SPLIT_MATCH = 0.35
SPLIT_MARGIN = 0.25
# Interleaved text moves to another article only when it shares clearly more with it.
MOVE_MARGIN = 0.08
MOVE_RATIO = 3.0
# A last paragraph sharing less than this with its article may be a stray.
STRAY_MATCH = 0.2
# A generated title is cut to this many characters.
GENERATED_TITLE_LENGTH = 24


@dataclass
class ArticleDraft:
    head: HeadGroup | None = None
    columns: list[PageBlock] = field(default_factory=list)
    bylines: list[PageBlock] = field(default_factory=list)
    blocks: list[PageBlock] = field(default_factory=list)  # paragraphs and subheadings
    attributions: list[PageBlock] = field(default_factory=list)
    captions: list[PageBlock] = field(default_factory=list)
    jumps: list[PageBlock] = field(default_factory=list)  # （下转第2版）/（上接第1版）
    title_source: str = "top"
    listed_column: str | None = None  # column named only in the headline list
    position: int = 0  # unit index of its first body, for page order
    joins: set[int] = field(default_factory=set)  # ids of blocks that run on into the next

    @property
    def text(self) -> str:
        return "".join(b.text for b in self.blocks)

    @property
    def closed(self) -> bool:
        """Ended on this page: by an attribution, or a jump to another page."""
        return bool(self.attributions) or any("转" in b.text for b in self.jumps)


@dataclass
class FragmentDraft:
    kind: str
    blocks: list[PageBlock]
    title: str | None = None
    rows: list[dict] = field(default_factory=list)
    position: int = 0


@dataclass
class Segmentation:
    articles: list[ArticleDraft]
    fragments: list[FragmentDraft]
    warnings: list[str]


def segment(blocks: list[PageBlock]) -> Segmentation:
    units = read_layout(blocks)
    echoes = echo_texts(blocks)
    vocab = Vocabulary(b.text for b in blocks if b.role == "paragraph")
    assignment = assign_heads(units, echoes, vocab)
    _split_for_listed_heads(units, assignment, vocab)
    articles, fragments = _assemble(units, assignment)
    articles = _split_second_credits(articles)
    fragments += _remove_duplicates(articles)
    _move_interleaved(articles, vocab)
    fragments += _strays(articles, vocab)
    _settle_roles(articles, fragments)
    warnings = []
    for article in articles:
        _join_broken_paragraphs(article)
    articles = [a for a in articles if _has_text(a, fragments)]
    return Segmentation(articles, sorted(fragments, key=lambda f: f.position), warnings)


# --- 3. bodies printed without their head --------------------------------------


def _split_for_listed_heads(units: list, assignment: Assignment, vocab: Vocabulary) -> None:
    """A listed headline whose body is printed, untitled, after another
    article's: split that body where the paragraphs start to share the
    headline's words."""
    for group in list(assignment.leftovers):
        if not group.listed or not group.lines:
            continue
        best = None
        for j, unit in enumerate(units):
            if not isinstance(unit, Body):
                continue
            match = [vocab.containment(group.text, b.text) for b in unit.blocks]
            for k in range(1, len(unit.blocks)):
                if unit.blocks[k].role != "paragraph":
                    continue
                tail, head = _mean(match[k:]), _mean(match[:k])
                if tail >= MIN_SPLIT_MATCH and tail - head >= SPLIT_MARGIN and (best is None or tail - head > best[0]):
                    best = (tail - head, j, k)
        if best is None:
            continue
        _, j, k = best
        body: Body = units[j]
        tail = Body(blocks=body.blocks[k:], attribution=body.attribution)
        body.blocks, body.attribution = body.blocks[:k], None
        units.insert(j + 1, tail)
        _shift_indices(assignment, j + 1)
        assignment.heads[j + 1] = group
        assignment.leftovers.remove(group)


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def _shift_indices(assignment: Assignment, from_index: int) -> None:
    """Unit indices at or after `from_index` move down one (a body was inserted)."""
    for name in ("heads", "columns", "bylines", "continued"):
        mapping = getattr(assignment, name)
        shifted = {(j + 1 if j >= from_index else j): v for j, v in mapping.items()}
        mapping.clear()
        mapping.update(shifted)
    groups = list(assignment.heads.values()) + assignment.leftovers + [g for pair in assignment.continued.values() for g in pair]
    for group in {id(g): g for g in groups}.values():
        if group.unit >= from_index:
            group.unit += 1


# --- 4. articles and fragments ---------------------------------------------------


def _assemble(units: list, assignment: Assignment) -> tuple[list[ArticleDraft], list[FragmentDraft]]:
    articles: list[ArticleDraft] = []
    fragments: list[FragmentDraft] = []
    by_group: dict[int, ArticleDraft] = {}
    by_body: dict[int, ArticleDraft] = {}
    index_units = _headline_lists(units, assignment)

    for j, unit in enumerate(units):
        if not isinstance(unit, Body):
            continue
        if j in assignment.continued and id(assignment.continued[j][0]) in by_group:
            article = by_group[id(assignment.continued[j][0])]
            if article.blocks and not ends_sentence(article.blocks[-1].text):
                article.joins.add(id(article.blocks[-1]))
        else:
            head = assignment.heads.get(j)
            article = ArticleDraft(head=head, position=j)
            if head is not None:
                by_group[id(head)] = article
                article.title_source = "page_index" if head.unit in index_units else ("bottom" if head.unit > j else "top")
                article.columns += head.column
                article.bylines += head.bylines
                article.listed_column = assignment.listed_columns.get("".join(b.squeezed for b in head.lines))
            articles.append(article)
        by_body[j] = article
        article.columns += assignment.columns.get(j, [])
        article.bylines += assignment.bylines.get(j, [])
        article.blocks += unit.blocks
        article.jumps += unit.jumps
        if unit.jumps:
            fragments.append(FragmentDraft("continuation", list(unit.jumps), position=j))
        if unit.attribution:
            article.attributions.append(unit.attribution)

    # Continued heads whose first part came later in the page (rare) and the
    # repeated head lines themselves: kept as duplicates.
    for j, (_, repeated) in assignment.continued.items():
        fragments.append(FragmentDraft("duplicate", repeated.blocks, position=repeated.unit))
    for group in assignment.leftovers:
        fragments.append(FragmentDraft("unknown", group.blocks + group.notes, position=group.unit))
    for group in assignment.heads.values():
        if group.notes:
            fragments.append(FragmentDraft("unknown", group.notes, position=group.unit))
    for index in sorted(index_units):
        fragments.append(FragmentDraft("headline_index", list(units[index].blocks), position=index))
    _attach_captions(units, assignment, by_group, by_body, articles, fragments)
    for j, unit in enumerate(units):
        if isinstance(unit, FragmentUnit):
            fragments.append(FragmentDraft(unit.kind, unit.blocks, unit.title, unit.rows, position=j))
    return articles, fragments


def _headline_lists(units: list, assignment: Assignment) -> set[int]:
    """Units that are a list of the page's headlines (not heads printed in
    place): they repeat heads printed elsewhere, name three or more
    articles, or two after the page's last body.  Their text is kept whole as a `headline_index` fragment."""
    echoed = {id(b) for b in assignment.echoes}
    groups = [g for g in list(assignment.heads.values()) + assignment.leftovers if g.listed]
    lists = set()
    for index in {g.unit for g in groups}:
        named = sum(1 for g in groups if g.unit == index)
        last = not any(isinstance(u, Body) for u in units[index + 1 :])
        if named >= 3 or (named >= 2 and last) or any(id(b) in echoed for b in units[index].blocks):
            lists.add(index)
    lists |= {i for i, u in enumerate(units) if isinstance(u, HeadUnit) and any(id(b) in echoed for b in u.blocks)}
    return lists


def _attach_captions(units, assignment, by_group, by_body, articles, fragments) -> None:
    """A caption belongs to the head it stands under, else to the nearest body."""
    for j, unit in enumerate(units):
        if not isinstance(unit, CaptionUnit):
            continue
        owner = None
        k = j - 1
        while k >= 0 and isinstance(units[k], CaptionUnit):
            k -= 1
        if k >= 0 and isinstance(units[k], HeadUnit):
            heads = [g for g in list(assignment.heads.values()) if g.unit == k]
            owner = by_group.get(id(heads[-1])) if heads else None
            if owner is None:
                owner = _nearest_article(by_body, j, forward=True)
        if owner is None:
            owner = _nearest_article(by_body, j, forward=False) or _nearest_article(by_body, j, forward=True)
        if owner is None:
            fragments.append(FragmentDraft("caption", [unit.block], position=j))
        else:
            owner.captions.append(unit.block)


def _nearest_article(by_body: dict[int, ArticleDraft], j: int, forward: bool) -> ArticleDraft | None:
    keys = sorted(k for k in by_body if (k > j if forward else k < j))
    if not keys:
        return None
    return by_body[keys[0] if forward else keys[-1]]


def _split_second_credits(articles: list[ArticleDraft]) -> list[ArticleDraft]:
    """One article, one credit: an article with a byline under its head whose
    text also closes with an attribution holds a second article, headed by
    its last subheading (a short piece printed under its own head)."""
    out: list[ArticleDraft] = []
    for article in articles:
        out.append(article)
        if not (article.bylines and article.attributions):
            continue
        cut = max((i for i, b in enumerate(article.blocks) if b.role == "display"), default=None)
        if cut is None or not any(b.role == "paragraph" for b in article.blocks[:cut]) or cut + 1 >= len(article.blocks):
            continue
        second = ArticleDraft(head=HeadGroup(lines=[article.blocks[cut]]), blocks=article.blocks[cut + 1 :], position=article.position)
        second.attributions, article.attributions = article.attributions, []
        second.jumps = [j for j in article.jumps if "转" in j.text]
        article.blocks = article.blocks[:cut]
        out.append(second)
    return out


def _remove_duplicates(articles: list[ArticleDraft]) -> list[FragmentDraft]:
    """A paragraph printed twice is kept once: in a titled article rather
    than an untitled one, else the first copy.  A copy counts as one when
    its text stands whole in another article (the printer may have broken
    it into paragraphs differently)."""
    fragments = []
    kept: list[tuple[ArticleDraft, str]] = []
    for article in sorted(articles, key=lambda a: (a.head is None, a.position)):
        own = ""
        for block in list(article.blocks):
            key = squeeze(block.text)
            if block.role != "paragraph" or len(key) < 20:
                continue
            if key in own or any(key in text for _, text in kept):
                article.blocks.remove(block)
                fragments.append(FragmentDraft("duplicate", [block], position=article.position))
            else:
                own += key + "\n"
        kept.append((article, "".join(squeeze(b.text) for b in article.blocks)))
    return fragments


def _move_interleaved(articles: list[ArticleDraft], vocab: Vocabulary) -> None:
    """After a paragraph broken off mid-sentence, text that belongs to an
    earlier, unfinished article on the page goes back to it: the break that
    most clearly separates two subjects wins."""
    for k, article in enumerate(articles):
        earlier = [(a, a.text) for a in articles[:k] if a.blocks and not a.closed and ends_sentence(a.blocks[-1].text)]
        if not earlier:
            continue  # no article the text could go back to
        best = None
        for i, block in enumerate(article.blocks[:-1]):
            if not block.open_end:
                continue
            tail = "".join(b.text for b in article.blocks[i + 1 :])
            own = vocab.containment(tail, "".join(b.text for b in article.blocks[: i + 1]))
            for other, other_text in earlier:
                score = vocab.containment(tail, other_text)
                if score - own >= MOVE_MARGIN and score >= MOVE_RATIO * own and (best is None or score - own > best[0]):
                    best = (score - own, i, other)
        if best is not None:
            _, i, other = best
            other.blocks += article.blocks[i + 1 :]
            other.attributions += article.attributions
            article.attributions = []
            del article.blocks[i + 1 :]


def _strays(articles: list[ArticleDraft], vocab: Vocabulary) -> list[FragmentDraft]:
    """A short last paragraph that shares little with its own article, and
    more with another one on the page, is a piece of that other article
    continued here with its middle lost: a `continuation` fragment."""
    fragments = []
    for article in articles:
        paragraphs = [b for b in article.blocks if b.role == "paragraph"]
        if len(paragraphs) < 4 or article.closed:
            continue
        last = paragraphs[-1]
        if len(last.squeezed) > 80 or not ends_sentence(last.text) or not ends_sentence(paragraphs[-2].text):
            continue
        own = vocab.containment(last.text, "".join(b.text for b in paragraphs[:-1]))
        if own >= STRAY_MATCH:
            continue
        other = max((vocab.containment(last.text, a.text) for a in articles if a is not article), default=0.0)
        if other > own:
            article.blocks.remove(last)
            fragments.append(FragmentDraft("continuation", [last], position=article.position))
    return fragments


# --- 5. finishing ------------------------------------------------------------------


def _settle_roles(articles: list[ArticleDraft], fragments: list[FragmentDraft]) -> None:
    """Record on each block the role the page gave it, for the page view."""
    for article in articles:
        head = article.head
        parts = [("column", article.columns), ("byline", article.bylines), ("attribution", article.attributions), ("caption", article.captions)]
        if head is not None:
            parts += [("column", head.column), ("kicker", head.kicker), ("headline", head.lines), ("subtitle", head.subtitle)]
        for role, blocks in parts:
            for block in blocks:
                block.page_role = role
        for block in article.blocks:
            block.page_role = block.role if block.role in ("paragraph", "section_label") else "subheading"
    for fragment in fragments:
        for block in fragment.blocks:
            if block.role == "jump" or fragment.kind in ("headline_index", "infographic", "ad"):
                block.page_role = "jump" if block.role == "jump" else fragment.kind
            elif block.role == "display":
                block.page_role = "headline" if fragment.kind == "duplicate" else "banner"
            else:
                block.page_role = block.role


def _join_broken_paragraphs(article: ArticleDraft) -> None:
    """Paragraphs broken mid-sentence (a column or page break) are joined."""
    out: list[PageBlock] = []
    for block in article.blocks:
        prev = out[-1] if out else None
        if prev is not None and block.role == "paragraph" and prev.role == "paragraph" and (prev.open_end or id(prev) in article.joins):
            merged = PageBlock(prev.text + block.text, "paragraph", prev.rule, prev.lines + block.lines, open_end=block.open_end, boxed=prev.boxed)
            if id(block) in article.joins:
                article.joins.add(id(merged))
            out[-1] = merged
            continue
        out.append(block)
    article.blocks = out


def _has_text(article: ArticleDraft, fragments: list[FragmentDraft]) -> bool:
    """An article left with no running text becomes a fragment."""
    if any(b.role == "paragraph" for b in article.blocks):
        return True
    leftover = (article.head.blocks if article.head else []) + article.columns + article.bylines + article.blocks + article.attributions + article.captions
    if leftover:
        fragments.append(FragmentDraft("unknown", leftover, position=article.position))
    return False


def generated_title(article: ArticleDraft) -> str:
    """A short title from the first sentence, for articles printed without one."""
    text = next((b.text for b in article.blocks if b.role == "paragraph"), "")
    first = re.split(r"[。！？；]", text, maxsplit=1)[0]
    # Skip a leading date or time clause: 12月27日，… / 截至12月27日，… / 2024年春节期间，…
    clauses = [c for c in re.split(r"[，、：]", first) if c]
    while len(clauses) > 1 and len(clauses[0]) <= 10 and re.search(r"\d+[年月日]|[年月]底|期间|以来|近日|日前", clauses[0]):
        clauses.pop(0)
    title = clauses[0] if clauses else ""
    for clause in clauses[1:]:
        if len(title) >= 8:
            break
        title += "，" + clause
    return title if len(title) <= GENERATED_TITLE_LENGTH else title[: GENERATED_TITLE_LENGTH - 1] + "…"
