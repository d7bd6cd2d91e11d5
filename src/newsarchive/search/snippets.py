"""Where a term occurs in a text, and the snippet shown under a result.

Matching here has the index's meaning (see `analysis`): a term occurs at p
when each of its tokens is at p + its offset, a word token being a whole run
of letters and digits.  ``static/search.js`` does the same on the text block
it downloads; the window always lies inside that block.
"""

from __future__ import annotations

import re

from .analysis import HAN, Term, fold

SNIPPET_BEFORE = 30  # characters shown before the anchor match
SNIPPET_AFTER = 70  # characters from the anchor match on

_WORD_CHAR = re.compile(f"[^\\W_{HAN}]")


def _is_word(text: str, i: int) -> bool:
    return 0 <= i < len(text) and bool(_WORD_CHAR.match(text, i))


def term_starts(term: Term, folded: str, start: int = 0) -> list[int]:
    """Offsets at or after `start` where `term` occurs in the folded text."""
    first = term.tokens[0]
    out = []
    p = folded.find(first.key, start)
    while p != -1:
        if all(_token_at(tok, folded, p + tok.rel) for tok in term.tokens):
            out.append(p)
        p = folded.find(first.key, p + 1)
    return out


def _token_at(tok, folded: str, i: int) -> bool:
    if folded[i : i + len(tok.key)] != tok.key:
        return False
    if tok.kind == "word":
        return not _is_word(folded, i - 1) and not _is_word(folded, i + len(tok.key))
    return True


def highlight_spans(terms: list[Term], folded: str) -> list[tuple[int, int]]:
    """Merged (start, end) spans of every occurrence of every term."""
    spans = sorted((p, p + t.span) for t in terms for p in term_starts(t, folded))
    merged: list[list[int]] = []
    for s, e in spans:
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [(s, e) for s, e in merged]


def snippet(text: str, terms: list[Term], anchor: Term | None) -> tuple[str, list[tuple[int, int]]]:
    """A window of the body around the anchor term's first occurrence, with highlight spans.

    Newlines become spaces; an ellipsis marks a cut at either end (spans
    are offsets in the returned string).
    """
    folded = fold(text)
    first = term_starts(anchor, folded)[:1] if anchor else []
    if first:
        start = max(0, first[0] - SNIPPET_BEFORE)
        end = min(len(text), first[0] + SNIPPET_AFTER)
    else:
        start, end = 0, min(len(text), SNIPPET_BEFORE + SNIPPET_AFTER)
    lead = "…" if start > 0 else ""
    tail = "…" if end < len(text) else ""
    spans = []
    for s, e in highlight_spans(terms, folded):
        s, e = max(s, start), min(e, end)
        if s < e:
            spans.append((s - start + len(lead), e - start + len(lead)))
    return lead + text[start:end].replace("\n", " ") + tail, spans


def mark(text: str, spans: list[tuple[int, int]], before: str, after: str) -> str:
    """`text` with each span wrapped in `before` … `after`."""
    out, last = [], 0
    for s, e in spans:
        out += [text[last:s], before, text[s:e], after]
        last = e
    out.append(text[last:])
    return "".join(out)
