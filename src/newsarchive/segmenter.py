"""jieba, loaded once per process.

jieba builds its prefix dictionary on first use (about a second); every
module that needs Chinese word segmentation goes through here so that it is
paid once per worker process.
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
