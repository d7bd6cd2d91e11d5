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
from typing import Iterable

_WORD = re.compile(r"[A-Za-z0-9]+")


def features(text: str) -> set[str]:
    chars = [c for c in text if "\u3400" <= c <= "\u9fff"]
    grams = {a + b for a, b in zip(chars, chars[1:])}
    grams.update(w.lower() for w in _WORD.findall(text) if len(w) > 1)
    return grams


class Vocabulary:
    """Inverse document frequencies of the bigrams of a page's paragraphs."""

    def __init__(self, documents: Iterable[str]):
        self.df: Counter[str] = Counter()
        self.n = 0
        for doc in documents:
            self.n += 1
            self.df.update(features(doc))

    def idf(self, gram: str) -> float:
        return math.log((self.n + 1) / (self.df.get(gram, 0) + 0.5))

    def containment(self, query: str, document: str | set[str]) -> float:
        """Share of `query`'s weighted bigrams that `document` holds (0–1).

        Bigrams found nowhere on the page (`谨包` across a 、) are no
        evidence for any body and are left out.
        """
        q = {g for g in features(query) if g in self.df}
        d = document if isinstance(document, set) else features(document)
        total = sum(self.idf(g) for g in q)
        if total <= 0:
            return 0.0
        return sum(self.idf(g) for g in q & d) / total
