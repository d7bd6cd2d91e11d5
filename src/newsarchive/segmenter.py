"""jieba, loaded once per process.

jieba builds its prefix dictionary on first use (about a second); every
module that needs Chinese word segmentation goes through here so that it is
paid once per worker process.  The parser uses the dictionary as jieba ships
it (`tokenizer`); enrichment and search add domain words to a copy of it
(`with_words`), which costs a dictionary copy rather than a second load.
"""

from __future__ import annotations

import logging
from functools import lru_cache

import jieba


@lru_cache(maxsize=1)
def tokenizer() -> jieba.Tokenizer:
    jieba.setLogLevel(logging.WARNING)
    jieba.dt.initialize()
    return jieba.dt


def word_frequencies() -> dict[str, int]:
    """jieba's dictionary: word → corpus frequency."""
    return tokenizer().FREQ


def words(text: str) -> list[str]:
    return tokenizer().lcut(text)


def with_words(words) -> jieba.Tokenizer:
    """A tokenizer over jieba's dictionary plus `words`, added in order (as `add_word` would to a fresh load)."""
    base = tokenizer()
    tk = jieba.Tokenizer()
    tk.FREQ, tk.total, tk.initialized = dict(base.FREQ), base.total, True
    for word in words:
        if word not in tk.FREQ:
            tk.add_word(word)
    return tk
