"""Matching and BM25F ranking, defined once for the terminal (whoosh postings) and the export.

A *provider* gives postings by key; where they come from (the whoosh index
in the build cache, or the shards exported for the browser) does not change
the result.  ``static/search.js`` repeats `match_term` and `rank` operation
for operation (same parameters, read from the exported ``meta.js``), so the
browser and the terminal rank alike.

Score of a document for a query: the sum over the query's terms, in order, of

    bm25f(term) + WORD_WEIGHT · bm25f(jieba word equal to the term)

    bm25f = idf · x · (K1 + 1) / (K1 + x),   x = Σ_field w_f · tf_f / (1 − B + B · len_f / avglen_f)
    idf   = ln(1 + (N − df + 0.5) / (df + 0.5))

Documents matching more of the terms come first; then higher score (rounded
to 1e-6, so the last bit of a logarithm never decides); then archive order.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Hashable, Protocol

from .analysis import Term

K1 = 1.2
B = 0.75
FIELD_WEIGHTS = (3.0, 1.0)  # heads (title, kicker, subtitle), body
WORD_WEIGHT = 0.5

Doc = Hashable


class Provider(Protocol):
    doc_count: int
    avg_lengths: tuple[float, float]

    def counts(self, key: str) -> dict[Doc, tuple[int, int]]:
        """Occurrences of a unigram, bigram or word per document and field (heads, body)."""

    def positions(self, key: str) -> dict[Doc, tuple[list[int], list[int]]]:
        """Offsets of a bigram or word per document and field."""

    def words(self, key: str) -> dict[Doc, tuple[int, int]]:
        """Occurrences of a jieba word per document and field."""

    def lengths(self, doc: Doc) -> tuple[int, int]: ...

    def order(self, doc: Doc) -> tuple: ...


@dataclass
class TermMatch:
    term: Term
    docs: dict[Doc, tuple[int, int]] = field(default_factory=dict)  # doc → (tf heads, tf body)
    words: dict[Doc, tuple[int, int]] = field(default_factory=dict)
    idf: float = 0.0


@dataclass
class Hit:
    doc: Doc
    score: float
    matched: int  # number of query terms the document contains


def match_term(term: Term, provider: Provider) -> TermMatch:
    if term.single:
        docs = provider.counts(term.tokens[0].key)
    else:
        docs = phrase_counts(term, provider)
    words = provider.words(term.word) if term.word else {}
    return TermMatch(term, docs, words)


def phrase_counts(term: Term, provider: Provider) -> dict[Doc, tuple[int, int]]:
    """Documents where every token of the term sits at its offset from the first: (tf heads, tf body)."""
    lists = [provider.positions(tok.key) for tok in term.tokens]
    smallest = min(lists, key=len)
    out: dict[Doc, tuple[int, int]] = {}
    for doc in smallest:
        if any(doc not in postings for postings in lists):
            continue
        tf = [0, 0]
        for f in (0, 1):
            anchors = lists[0][doc][f]
            if not anchors:
                continue
            others = [(set(lists[i][doc][f]), tok.rel) for i, tok in enumerate(term.tokens) if i]
            tf[f] = sum(1 for p in anchors if all(p + rel in offsets for offsets, rel in others))
        if tf[0] or tf[1]:
            out[doc] = (tf[0], tf[1])
    return out


def idf(n: int, df: int) -> float:
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


def bm25f(tf_h: int, tf_b: int, len_h: int, len_b: int, weight: float, avg: tuple[float, float]) -> float:
    x = FIELD_WEIGHTS[0] * tf_h / (1 - B + B * len_h / avg[0]) + FIELD_WEIGHTS[1] * tf_b / (1 - B + B * len_b / avg[1])
    return weight * x * (K1 + 1) / (K1 + x)


def rank(matches: list[TermMatch], provider: Provider) -> list[Hit]:
    n = provider.doc_count
    avg = provider.avg_lengths
    scores: dict[Doc, float] = {}
    matched: dict[Doc, int] = {}
    for m in matches:
        m.idf = idf(n, len(m.docs))
        word_idf = idf(n, len(m.words))
        for doc, (tf_h, tf_b) in m.docs.items():
            len_h, len_b = provider.lengths(doc)
            s = bm25f(tf_h, tf_b, len_h, len_b, m.idf, avg)
            w = m.words.get(doc)
            if w:
                s += WORD_WEIGHT * bm25f(w[0], w[1], len_h, len_b, word_idf, avg)
            scores[doc] = scores.get(doc, 0.0) + s
            matched[doc] = matched.get(doc, 0) + 1
    hits = [Hit(doc, scores[doc], matched[doc]) for doc in scores]
    hits.sort(key=lambda h: (-h.matched, -math.floor(h.score * 1e6 + 0.5), provider.order(h.doc)))
    return hits


def search(query_terms: list[Term], provider: Provider) -> tuple[list[Hit], list[TermMatch]]:
    matches = [match_term(t, provider) for t in query_terms]
    return rank(matches, provider), matches


def anchor_term(matches: list[TermMatch], doc: Doc) -> TermMatch | None:
    """The term a snippet is centred on: the rarest (highest idf) term found in the body, first on ties."""
    best = None
    for m in matches:
        tf = m.docs.get(doc)
        if tf and tf[1] and (best is None or m.idf > best.idf):
            best = m
    return best
