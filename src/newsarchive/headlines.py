"""Headline units to headline groups, and groups to the bodies they head.

A `HeadGroup` is what an editor calls one article's head: column, kicker,
headline lines, subtitle, byline.  A unit of one or two groups sits next to
its body, above it (the usual layout) or below it (pages that print heads
after the text); the nearer body whose words the headline shares wins.  A
unit of three or more headline lines is read line by line: each line goes
to the body on the page whose words it shares most, consecutive lines that
go to the same body forming one head.  That reads both headline lists
printed at the page end and runs of heads printed together.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .blocks import PageBlock
from .layout import Body, HeadUnit, is_column_name, repeated_column_names
from .similarity import Vocabulary

# Bonus for the body right below a head (the usual layout) and right above it.
TOP_BONUS = 0.12
BOTTOM_BONUS = 0.08
# A line of a headline list must share this much with a body to head it.
MIN_LIST_MATCH = 0.3


@dataclass
class HeadGroup:
    column: list[PageBlock] = field(default_factory=list)
    kicker: list[PageBlock] = field(default_factory=list)
    lines: list[PageBlock] = field(default_factory=list)
    subtitle: list[PageBlock] = field(default_factory=list)
    bylines: list[PageBlock] = field(default_factory=list)
    notes: list[PageBlock] = field(default_factory=list)  # editor's notes
    unit: int = 0  # index of the HeadUnit in the page's units
    listed: bool = False  # read from a headline list / run of heads

    @property
    def blocks(self) -> list[PageBlock]:
        """The head's own blocks (an editor's note under it is kept apart)."""
        return self.column + self.kicker + self.lines + self.subtitle + self.bylines

    @property
    def text(self) -> str:
        return "".join(b.text for b in self.kicker + self.lines + self.subtitle)

    @property
    def has_title(self) -> bool:
        return bool(self.lines or self.kicker or self.subtitle)

    def empty(self) -> bool:
        return not self.blocks and not self.notes


def split_unit(unit: HeadUnit, index: int, columns: set[str]) -> list[HeadGroup]:
    """Split a unit into groups at its structure: a kicker or column opens a
    group, a byline closes one, a subtitle ends the headline lines."""
    groups: list[HeadGroup] = []
    current = HeadGroup(unit=index)

    def close() -> None:
        nonlocal current
        if not current.empty():
            groups.append(current)
        current = HeadGroup(unit=index)

    blocks = unit.blocks
    for k, block in enumerate(blocks):
        nxt = blocks[k + 1] if k + 1 < len(blocks) else None
        if block.role == "kicker":
            if current.lines or current.bylines or current.subtitle:
                close()
            current.kicker.append(block)
        elif block.role == "editor_note":
            current.notes.append(block)
        elif block.role == "subtitle":
            current.subtitle.append(block)
        elif block.role == "byline":
            current.bylines.append(block)
            close()
        elif current.subtitle and len(current.subtitle) == 1 and not block.boxed and not current.bylines:
            current.subtitle.append(block)  # a subtitle wrapped onto a second line
        elif current.subtitle or current.bylines:
            close()
            current.lines.append(block)
        elif block.squeezed in columns or is_column_name(block, nxt):
            if current.lines or current.column:
                close()
            current.column.append(block)
        else:
            current.lines.append(block)
    close()
    return groups


def is_list_unit(unit: HeadUnit, last: bool = False) -> bool:
    """Three or more headline lines together (a list, or heads printed in a
    run), or two or more after the last body of the page."""
    return len(unit.display_lines) >= (2 if last else 3)


@dataclass
class Assignment:
    """Which group heads which body, and what is left over."""

    heads: dict[int, HeadGroup] = field(default_factory=dict)  # body index → title group
    columns: dict[int, list[PageBlock]] = field(default_factory=dict)
    bylines: dict[int, list[PageBlock]] = field(default_factory=dict)
    continued: dict[int, tuple[HeadGroup, HeadGroup]] = field(default_factory=dict)  # body index → (head it continues, repeated head)
    leftovers: list[HeadGroup] = field(default_factory=list)  # groups that head no body
    echoes: list[PageBlock] = field(default_factory=list)  # headline-list lines repeating a head
    # Column names a headline list prints above heads: head text → column.
    listed_columns: dict[str, str] = field(default_factory=dict)


def nearest_bodies(units: list, index: int) -> tuple[int | None, int | None]:
    """The body just before and just after unit `index` (captions and
    fragments skipped, other heads not)."""
    before = after = None
    for j in range(index - 1, -1, -1):
        if isinstance(units[j], Body):
            before = j
            break
        if isinstance(units[j], HeadUnit):
            break
    for j in range(index + 1, len(units)):
        if isinstance(units[j], Body):
            after = j
            break
        if isinstance(units[j], HeadUnit):
            break
    return before, after


def assign_heads(units: list, echoes: dict[str, int], vocab: Vocabulary) -> Assignment:
    bodies = {j: u for j, u in enumerate(units) if isinstance(u, Body)}
    result = Assignment()
    seen_titles: dict[str, HeadGroup] = {}
    listed: list[tuple[int, PageBlock]] = []
    columns = repeated_column_names(units, echoes)

    for index, unit in enumerate(units):
        if not isinstance(unit, HeadUnit):
            continue
        last = not any(isinstance(u, Body) for u in units[index + 1 :])
        if is_list_unit(unit, last) and not any(b.role in ("kicker", "subtitle") for b in unit.blocks):
            listed.extend((index, b) for b in unit.blocks)
            continue
        groups = split_unit(unit, index, columns)
        before, after = nearest_bodies(units, index)
        _assign_local(groups, before, after, bodies, vocab, result, seen_titles)

    _assign_listed(listed, units, bodies, vocab, result, seen_titles, columns)
    return result


def _assign_local(groups, before, after, bodies, vocab, result: Assignment, seen_titles) -> None:
    """Groups of a unit next to their bodies: the last may head the body
    below, the first the body above; a repeated head continues its article."""
    for k, group in enumerate(groups):
        key = "".join(b.squeezed for b in group.lines)
        if group.lines and key in seen_titles and after is not None and k == len(groups) - 1 and after not in result.heads:
            result.continued[after] = (seen_titles[key], group)
            continue
        if not group.has_title:
            # Column name or byline alone: it belongs to the body it precedes.
            target = after if after is not None else before
            if target is None:
                result.leftovers.append(group)
                continue
            result.columns.setdefault(target, []).extend(group.column)
            result.bylines.setdefault(target, []).extend(group.bylines)
            result.leftovers.extend([HeadGroup(notes=group.notes, unit=group.unit)] if group.notes else [])
            continue
        choices = []
        taken = result.heads.keys() | result.continued.keys()
        if after is not None and after not in taken and k == len(groups) - 1:
            choices.append((vocab.containment(group.text, bodies[after].text) + TOP_BONUS, after))
        if before is not None and before not in taken and k == 0:
            choices.append((vocab.containment(group.text, bodies[before].text) + BOTTOM_BONUS, before))
        if not choices:
            result.leftovers.append(group)
            continue
        _, target = max(choices)
        result.heads[target] = group
        if key:
            seen_titles.setdefault(key, group)


def _assign_listed(listed, units, bodies, vocab, result: Assignment, seen_titles, columns: set[str]) -> None:
    """Lines of headline lists and runs of heads, matched to bodies by their words."""
    known = set(seen_titles)
    known_blocks = {b.squeezed for g in result.heads.values() for b in g.column + g.lines + g.subtitle}
    known_blocks |= {b.squeezed for cols in result.columns.values() for b in cols}
    pending: list[tuple[int, PageBlock, int | None, float]] = []
    column = None
    for index, block in listed:
        if block.role != "display":
            pending.append((index, block, None, 0.0))
            continue
        if block.squeezed in known_blocks or block.squeezed in known or any(block.squeezed in k for k in known if len(block.squeezed) >= 6):
            result.echoes.append(block)
            if block.squeezed in columns:
                column = block.text  # the heads listed under it are in that column
            elif column:
                result.listed_columns[block.squeezed] = column
            continue
        scores = []
        for j, body in bodies.items():
            score = vocab.containment(block.text, body.text)
            if abs(j - index) == 1:
                score += BOTTOM_BONUS if j < index else TOP_BONUS
            scores.append((score, -abs(j - index), j))
        best = max(scores) if scores else (0.0, 0, None)
        pending.append((index, block, best[2], best[0]))

    # Consecutive lines going to the same body form one head; a line ending
    # in a colon (`永州：`) always runs on into the next.
    groups: list[tuple[HeadGroup, int | None, float]] = []
    for index, block, target, score in pending:
        if block.role != "display":  # a byline (or note) goes with the head above it
            if groups and groups[-1][0].unit == index:
                groups[-1][0].bylines.append(block)
            else:
                groups.append((HeadGroup(bylines=[block], unit=index, listed=True), None, 0.0))
            continue
        last = groups[-1] if groups else None
        runs_on = last and last[0].lines and last[0].lines[-1].text.endswith(("：", ":")) and last[0].unit == index
        if last and last[0].unit == index and (runs_on or (target == last[1] and not last[0].bylines)):
            last[0].lines.append(block)
            if runs_on:
                groups[-1] = (last[0], target, max(last[2], score))
            continue
        groups.append((HeadGroup(lines=[block], unit=index, listed=True), target, score))

    ranked = sorted(groups, key=lambda g: -_group_score(g[0], bodies, vocab))
    for group, _target, _score in ranked:
        scores = sorted(((vocab.containment(group.text, body.text), j) for j, body in bodies.items()), reverse=True)
        for score, j in scores:
            if score < MIN_LIST_MATCH:
                break
            if j not in result.heads and j not in result.continued:
                result.heads[j] = group
                break
        else:
            result.leftovers.append(group)
            continue
        if group not in result.heads.values():
            result.leftovers.append(group)


def _group_score(group: HeadGroup, bodies, vocab) -> float:
    return max((vocab.containment(group.text, body.text) for body in bodies.values()), default=0.0)
