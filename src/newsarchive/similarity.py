"""How much of one text's vocabulary another text holds.

Headlines are matched to bodies, and stray paragraphs to articles, by
character bigrams weighted by how rare they are on the page: a headline
shares its rare bigrams (`三大工程`, `宣讲员`) with its own body, while
bigrams every article on the page uses (`发展`, the city's name) count
little.  Bigrams suit Chinese here: they need no dictionary, so names and
OCR slips match as printed.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache
from typing import Iterable

_WORD = re.compile(r"[A-Za-z0-9]+")
_NOT_CJK = re.compile(r"[^\u3400-\u9fff]+")


@lru_cache(maxsize=4096)
def features(text: str) -> frozenset[str]:
    """CJK character bigrams and Latin/digit words (remembered: bodies are
    compared with many headlines)."""
    chars = _NOT_CJK.sub("", text)  # bigrams run across what lies between CJK characters
    grams = set(map(str.__add__, chars, chars[1:]))
    grams.update(w.lower() for w in _WORD.findall(text) if len(w) > 1)
    return frozenset(grams)


class Vocabulary:
    """Inverse document frequencies of the bigrams of a page's paragraphs."""

    def __init__(self, documents: Iterable[str]):
        self.df: Counter[str] = Counter()
        self.n = 0
        self._weights: dict[str, float] = {}
        self._queries: dict[str, tuple[list[str], list[float], float]] = {}
        for doc in documents:
            self.n += 1
            self.df.update(features(doc))

    def idf(self, gram: str) -> float:
        return math.log((self.n + 1) / (self.df.get(gram, 0) + 0.5))

    def _idf(self, gram: str) -> float:
        weight = self._weights.get(gram)
        if weight is None:
            weight = self._weights[gram] = self.idf(gram)
        return weight

    def containment(self, query: str, document: str | set[str]) -> float:
        """Share of `query`'s weighted bigrams that `document` holds (0–1).

        Bigrams found nowhere on the page (`谨包` across a 、) are no
        evidence for any body and are left out.
        """
        q, weights, total = self._query(query)
        if total <= 0:
            return 0.0
        d = document if isinstance(document, (set, frozenset)) else features(document)
        return sum(w for g, w in zip(q, weights) if g in d) / total

    def _query(self, query: str) -> tuple[list[str], list[float], float]:
        """`query`'s bigrams found on the page, their weights and the weights' sum (remembered:
        a headline or a paragraph's tail is matched against many bodies)."""
        found = self._queries.get(query)
        if found is None:
            # Sorted, so that floating-point sums do not depend on hash order.
            q = sorted(g for g in features(query) if g in self.df)
            weights = [self._idf(g) for g in q]
            found = self._queries[query] = (q, weights, sum(weights))
        return found
