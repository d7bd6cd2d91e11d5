"""What one seed file contributes to the browser's index, encoded once, where the page is enriched.

`page_terms` runs in the build's worker processes (through
`analysis.page_words`, the pipeline's hook) and its result is cached with the
page (`Page.search_words`), so building a segment of the index
(`export.build_segment`) only concatenates: for every key the page holds, the
page's whole posting run is kept already encoded (`codec`), with the page's
first and last article for that key, and merging pages costs one gap per key
and page.

A page's articles are numbered 0, 1, … in their order on the page; a run is
the key's posting list over those articles with the first document's gap left
out (the segment writes it, since it depends on the documents before).

`VERSION` is a hash of the code that shapes a `PageTerms` (this module,
`analysis` and `codec`): a cached value of another version is recomputed by
`terms_of`, so a stale cache costs time, never correctness.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from . import codec
from .analysis import doc_fields, doc_parts, field_index, fold, jieba_words

BLOCK = 500  # body characters per text block (each file holds some context either side)

_HERE = Path(__file__).resolve().parent
VERSION = hashlib.sha1(b"".join((_HERE / f).read_bytes() for f in ("terms.py", "analysis.py", "codec.py"))).hexdigest()[:16]


@dataclass
class PageTerms:
    """A page's postings, encoded, by key kind: each kind is keys joined by spaces, the first and
    last local article of each key (``bytes``, or a tuple when a page holds 256 articles or more),
    and the runs joined by dots, in the same order."""

    version: str
    docs: tuple  # per article: (city, topics, date, heads length, body length)
    # bigrams and Latin words: counts runs and positions runs
    g_keys: str
    g_first: bytes | tuple
    g_last: bytes | tuple
    g_counts: str
    g_positions: str
    # unigrams: counts runs
    u_keys: str
    u_first: bytes | tuple
    u_last: bytes | tuple
    u_counts: str
    # jieba words (two characters: counts shards; more: positions shards)
    w_keys: str
    w_first: bytes | tuple
    w_last: bytes | tuple
    w_counts: str

    def lists(self, kind: str):
        """(key, first, last, runs…) of one kind (``g``, ``u`` or ``w``)."""
        keys = getattr(self, f"{kind}_keys")
        if not keys:
            return iter(())
        parts = [keys.split(" "), getattr(self, f"{kind}_first"), getattr(self, f"{kind}_last")]
        parts += [getattr(self, f"{kind}_{n}").split(".") for n in (("counts", "positions") if kind == "g" else ("counts",))]
        return zip(*parts)


def _small_ints(values: list[int]) -> bytes | tuple:
    return bytes(values) if not values or max(values) < 256 else tuple(values)


def article_dicts(page) -> list[dict]:
    """The fields of a page's articles that search reads (as in ``articles.json``), in page order.

    Cheaper than `Article.to_json` (no deep copy of places, figures…)."""
    out = []
    for a in sorted(page.articles, key=lambda a: a.order):
        out.append({
            "id": a.id, "url": a.url, "source": a.source, "order": a.order, "title": a.title,
            "kicker": a.kicker, "subtitle": a.subtitle, "byline": a.byline, "date": a.date, "city": a.city,
            "topics": list(a.topics), "captions": list(a.captions), "body": [{"text": b.text} for b in a.body],
        })
    return out


class _Keys:
    """One kind of key over a page's articles, as `PageTerms` holds it: every key's first and last
    article, and its runs (one text per run kind: counts, and for bigrams positions), in the order
    keys first occur; a later article's run follows the key's runs so far after its gap.

    Dicts of ints and strings, one entry per key, that the functions adding an article's runs
    (`_add_grams`, `_add_unigrams`, `_add_words`) update in their own loops: no list per key to
    make, join and free (nor for the garbage collector to scan meanwhile), no call per key."""

    __slots__ = ("first", "last", "counts", "positions")

    def __init__(self) -> None:
        self.first: dict[str, int] = {}
        self.last: dict[str, int] = {}
        self.counts: dict[str, str] = {}
        self.positions: dict[str, str] = {}

    def pack(self, *runs: dict[str, str]) -> tuple:
        """(keys, firsts, lasts, runs joined…) as `PageTerms` fields."""
        return (" ".join(self.first), _small_ints(list(self.first.values())), _small_ints(list(self.last.values())),
                *(".".join(texts.values()) for texts in runs))


def _offsets(offsets: list[int], _vlq=codec.VLQ) -> str:
    """First offset, then differences minus one, as VLQs (`codec.gaps`)."""
    if len(offsets) == 1:
        return _vlq[offsets[0]]
    return _vlq[offsets[0]] + "".join([_vlq[b - a - 1] for a, b in zip(offsets, offsets[1:])])


def _add_grams(keys: _Keys, i: int, heads: dict, body: dict, _vlq=codec.VLQ) -> None:
    """Article `i`'s bigrams and words (key → offsets per field): body keys first, then keys of the
    heads only.  A run, after its gap: ``h [tf heads − 1]``, then the first body block (counts) or
    the offsets (positions)."""
    first, last, counts, positions = keys.first, keys.last, keys.counts, keys.positions
    for key, pb in body.items():
        ph = heads.get(key)
        n = len(pb)
        if ph:
            head = _vlq[n * 2 + 1] + _vlq[len(ph) - 1]
            rest = _offsets(ph) + _offsets(pb)
        else:
            head = _vlq[n * 2]
            rest = _vlq[pb[0]] if n == 1 else _offsets(pb)
        prev = last.get(key)
        if prev is None:
            first[key] = i
            counts[key] = head + _vlq[pb[0] // BLOCK]
            positions[key] = head + rest
        else:
            gap = _vlq[i - prev - 1]
            counts[key] += gap + head + _vlq[pb[0] // BLOCK]
            positions[key] += gap + head + rest
        last[key] = i
    for key, ph in heads.items():
        if key in body:
            continue
        head = "B" + _vlq[len(ph) - 1]  # "B" = 1: heads only
        prev = last.get(key)
        if prev is None:
            first[key] = i
            counts[key] = head
            positions[key] = head + _offsets(ph)
        else:
            gap = _vlq[i - prev - 1]
            counts[key] += gap + head
            positions[key] += gap + head + _offsets(ph)
        last[key] = i


def _add_unigrams(keys: _Keys, i: int, heads: Counter, body: Counter, body_first: dict, _vlq=codec.VLQ) -> None:
    """Article `i`'s Han characters (counts per field, first offsets in the body): body characters
    first, then characters of the heads only.  A run, after its gap: ``h [tf heads − 1]``, then the
    first body block."""
    first, last, counts = keys.first, keys.last, keys.counts
    for char, tb in body.items():
        th = heads.get(char)
        run = (_vlq[tb * 2 + 1] + _vlq[th - 1] if th else _vlq[tb * 2]) + _vlq[body_first[char] // BLOCK]
        prev = last.get(char)
        if prev is None:
            first[char] = i
            counts[char] = run
        else:
            counts[char] += _vlq[i - prev - 1] + run
        last[char] = i
    for char, th in heads.items():
        if char in body:
            continue
        prev = last.get(char)
        if prev is None:
            first[char] = i
            counts[char] = "B" + _vlq[th - 1]
        else:
            counts[char] += _vlq[i - prev - 1] + "B" + _vlq[th - 1]
        last[char] = i


def _add_words(keys: _Keys, i: int, heads: dict, body: dict, _vlq=codec.VLQ) -> None:
    """Article `i`'s jieba words (counts per field), in key order.  A run, after its gap:
    ``h [tf heads − 1]``."""
    first, last, counts = keys.first, keys.last, keys.counts
    for word in sorted(heads.keys() | body.keys()):
        th, tb = heads.get(word, 0), body.get(word, 0)
        run = _vlq[tb * 2 + 1] + _vlq[th - 1] if th else _vlq[tb * 2]
        prev = last.get(word)
        if prev is None:
            first[word] = i
            counts[word] = run
        else:
            counts[word] += _vlq[i - prev - 1] + run
        last[word] = i


def page_terms(page, words: dict | None = None) -> PageTerms:
    """Encode a page's postings; `words` (article id → jieba words per field) when cut already."""
    grams, unigrams, jwords = _Keys(), _Keys(), _Keys()
    docs = []
    for i, article in enumerate(article_dicts(page)):
        w = words.get(article["id"]) if words else None
        if w is None:
            heads_parts, body_parts = doc_parts(article)
            w = (jieba_words(heads_parts), jieba_words(body_parts))
        else:  # as an older cache entry holds them: any mapping (or iterable) of words
            w = (Counter(w[0]), Counter(w[1]))
        heads, body = (field_index(fold(text)) for text in doc_fields(article))
        _add_grams(grams, i, heads[0], body[0])
        _add_unigrams(unigrams, i, heads[1], body[1], body[2])
        _add_words(jwords, i, *w)
        docs.append((article["city"], tuple(article["topics"]), article["date"], heads[3], body[3]))
    return PageTerms(VERSION, tuple(docs), *grams.pack(grams.counts, grams.positions), *unigrams.pack(unigrams.counts),
                     *jwords.pack(jwords.counts))


def terms_of(page) -> PageTerms:
    """The page's `PageTerms` as the pipeline cached them (`Page.search_words`), or made now."""
    cached = getattr(page, "search_words", None)
    if isinstance(cached, PageTerms) and cached.version == VERSION:
        return cached
    words = cached if isinstance(cached, dict) and cached else None  # jieba words of an older cache entry
    return page_terms(page, words)


