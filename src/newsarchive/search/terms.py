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
from dataclasses import dataclass
from pathlib import Path

from . import codec
from .analysis import analyse_doc, doc_parts, jieba_words

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


def _pack(lists: dict[str, list], n_runs: int) -> tuple:
    """lists: key → [first, last, runs parts…] → (keys, firsts, lasts, runs joined…)."""
    keys = list(lists)
    out = [" ".join(keys), _small_ints([lists[k][0] for k in keys]), _small_ints([lists[k][1] for k in keys])]
    for r in range(n_runs):
        out.append(".".join("".join(lists[k][2 + r]) for k in keys))
    return tuple(out)


def _enc(value: int, _small=codec.SMALL) -> str:
    return _small[value] if value < 1024 else codec.vlq(value)


def _offsets(offsets: list[int], _small=codec.SMALL) -> str:
    """First offset, then differences minus one, as VLQs (`codec.gaps`)."""
    if len(offsets) == 1:
        return _enc(offsets[0])
    return "".join([_small[g] if g < 1024 else codec.vlq(g) for g in codec.gaps(offsets)])


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


def _put(lists: dict, i: int, runs, _small=codec.SMALL) -> None:
    """Add article `i`'s (key, run) pairs to one-run entries [first, last, parts]."""
    get = lists.get
    for key, run in runs:
        entry = get(key)
        if entry is None:
            lists[key] = [i, i, [run]]
        else:
            entry[2].append(_small[i - entry[1] - 1] + run if i - entry[1] <= 1024 else codec.vlq(i - entry[1] - 1) + run)
            entry[1] = i


def page_terms(page, words: dict | None = None) -> PageTerms:
    """Encode a page's postings; `words` (article id → jieba words per field) when cut already."""
    grams: dict[str, list] = {}  # key → [first, last, counts parts, positions parts]
    unigrams: dict[str, list] = {}
    jwords: dict[str, list] = {}
    docs = []
    _small, _vlq = codec.SMALL, codec.vlq

    for i, article in enumerate(article_dicts(page)):
        w = words.get(article["id"]) if words else None
        if w is None:
            heads_parts, body_parts = doc_parts(article)
            w = (jieba_words(heads_parts), jieba_words(body_parts))
        an = analyse_doc(article, w)
        heads, body = an.fields
        hg, bg = heads.grams, body.grams
        # An entry is [first, last, runs…]; a later article's run starts with its gap.
        for key, pb in bg.items():
            ph = hg.get(key)
            n = len(pb)
            if ph:
                head = _enc(n * 2 + 1) + _enc(len(ph) - 1)
                rest = _offsets(ph) + (_enc(pb[0]) if n == 1 else _offsets(pb))
            else:
                head = _small[n * 2] if n < 512 else _vlq(n * 2)
                rest = (_small[pb[0]] if pb[0] < 1024 else _vlq(pb[0])) if n == 1 else _offsets(pb)
            block = pb[0] // BLOCK
            t_run = head + (_small[block] if block < 1024 else _vlq(block))
            entry = grams.get(key)
            if entry is None:
                grams[key] = [i, i, [t_run], [head + rest]]
            else:
                gap = _enc(i - entry[1] - 1)
                entry[1] = i
                entry[2].append(gap + t_run)
                entry[3].append(gap + head + rest)
        for key, ph in hg.items():
            if key not in bg:
                head = "B" + _enc(len(ph) - 1)  # "B" = 1: heads only
                entry = grams.get(key)
                if entry is None:
                    grams[key] = [i, i, [head], [head + _offsets(ph)]]
                else:
                    gap = _enc(i - entry[1] - 1)
                    entry[1] = i
                    entry[2].append(gap + head)
                    entry[3].append(gap + head + _offsets(ph))
        hu, bu = heads.unigrams, body.unigrams
        runs = []
        for char, (tb, first) in bu.items():
            th = hu.get(char, (0,))[0]
            runs.append((char, (_enc(tb * 2 + 1) + _enc(th - 1) if th else _enc(tb * 2)) + _enc(first // BLOCK)))
        for char, (th, _first) in hu.items():
            if char not in bu:
                runs.append((char, "B" + _enc(th - 1)))
        _put(unigrams, i, runs)
        hw, bw = an.words
        runs = []
        for word in sorted(hw.keys() | bw.keys()):
            th, tb = hw.get(word, 0), bw.get(word, 0)
            runs.append((word, _enc(tb * 2 + 1) + _enc(th - 1) if th else _enc(tb * 2)))
        _put(jwords, i, runs)
        docs.append((article["city"], tuple(article["topics"]), article["date"], *an.lengths))

    return PageTerms(VERSION, tuple(docs), *_pack(grams, 2), *_pack(unigrams, 1), *_pack(jwords, 1))


def terms_of(page) -> PageTerms:
    """The page's `PageTerms` as the pipeline cached them (`Page.search_words`), or made now."""
    cached = getattr(page, "search_words", None)
    if isinstance(cached, PageTerms) and cached.version == VERSION:
        return cached
    words = cached if isinstance(cached, dict) and cached else None  # jieba words of an older cache entry
    return page_terms(page, words)


