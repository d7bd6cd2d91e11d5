"""Keywords: the article's most telling words by TF-IDF over jieba's words.

Words come from the shared jieba tokenizer (`text.tokenizer`); inverse
document frequencies from the table jieba ships (`jieba/analyse/idf.txt`,
loaded once; unknown words get its median).  A word in a headline counts
three times, in the lead twice.  Single characters, numbers and the words in
`data/keyword-stopwords.txt` (记者, 今年, 推动, 全市 …) never count.  Ties are
broken by the word itself, so the output depends on the text alone.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

from ..records import Article
from ..segmenter import JIEBA_DIR, snapshot
from .text import cut, tokenizer, weighted_fields

MAX_KEYWORDS = 8
# In an article of more than this many words, a keyword must occur at least twice.
SHORT_ARTICLE = 150
_WORDISH = re.compile(r"^[\u3400-\u9fffA-Za-z][\u3400-\u9fffA-Za-z0-9]*$")
# Counted units that jieba keeps as words: 万余人次, 项次.
_UNIT_WORD = re.compile(r"^(?:[万亿千百]?余?)(?:人次|项次|场次|批次|户次)$|^[万亿]余")


@functools.lru_cache(maxsize=1)
def idf_table() -> tuple[dict[str, float], float]:
    """jieba's IDF table and its median, read once (from a snapshot: see `segmenter.snapshot`)."""
    idf, median = snapshot("idf", [IDF_FILE], _read_idf)
    return idf, median


IDF_FILE = JIEBA_DIR / "analyse" / "idf.txt"  # `jieba.analyse.tfidf.DEFAULT_IDF`


def _read_idf() -> tuple[dict[str, float], float]:
    from jieba.analyse.tfidf import IDFLoader

    return IDFLoader(str(IDF_FILE)).get_idf()


@functools.lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    text = resources.files("newsarchive").joinpath("data", "keyword-stopwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@functools.lru_cache(maxsize=1 << 16)
def is_candidate(word: str) -> bool:
    """Can `word` be a keyword at all (remembered: articles share most of their words)?"""
    return len(word) >= 2 and bool(_WORDISH.match(word)) and not _UNIT_WORD.match(word) and word not in stop_words()


def extract_keywords(article: Article, limit: int = MAX_KEYWORDS) -> list[str]:
    """Up to `limit` keywords, best first."""
    tk = tokenizer()
    tf: dict[str, float] = {}
    seen: dict[str, int] = {}
    words = 0
    for _field, text, weight in weighted_fields(article):
        field_words = cut(text)
        words += len(field_words)
        for word in filter(is_candidate, field_words):
            tf[word] = tf.get(word, 0.0) + weight
            seen[word] = seen.get(word, 0) + 1
    # A word said once is no keyword of a long article (心传 from the headline 践初心传清廉);
    # a word jieba guessed, not in its dictionary, must recur even in a short one.
    need = 2 if words > SHORT_ARTICLE else 1
    tf = {w: f for w, f in tf.items() if seen[w] >= need and (w in tk.FREQ or seen[w] >= 2)}
    if not tf:
        return []
    idf, median = idf_table()
    total = sum(tf.values())
    scored = sorted((((f / total) * idf.get(word, median), word) for word, f in tf.items()), key=lambda sw: (-round(sw[0], 9), sw[1]))
    out: list[str] = []
    for _, word in scored:
        # 郴州 and 郴州市 are one keyword: keep the form that ranks first.
        if any(_same_name(word, other) for other in out):
            continue
        out.append(word)
        if len(out) == limit:
            break
    return out


def _same_name(a: str, b: str) -> bool:
    short, long = sorted((a, b), key=len)
    return len(long) == len(short) + 1 and long.startswith(short) and long[-1] in "省市州县区"
