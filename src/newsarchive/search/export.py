"""The index for the browser, in segments: a metadata file, and per segment term shards and text blocks.

The archive's seed files (in archive order: sorted by name) are cut into
*segments* (`segments`): content-defined runs of names, so adding, changing
or removing one seed file changes the files of one segment only (two when it
moves a boundary) and ``meta.js``.  Documents are numbered in archive order;
a segment's documents are numbered from 0 within it, and a document's number
in the archive is its segment's base (the documents of the segments before)
plus its number in the segment.  Every file is a script that hands its data
to ``__nas(name, data)``, so the client loads it with a ``<script>`` element:
from a server, under any sub-path, and from ``file://`` alike.

- ``meta.js``: ranking parameters, collection statistics (document count,
  average field lengths: over the whole archive), the document table (city,
  topics, date, field lengths, as VLQ columns, in archive order) and the
  segments: name, version (a hash of its files; the client asks for them
  with ``?v=`` that version, so an unchanged segment stays cached), number of
  documents, and the first key of each of its shards but the first.
- ``<segment>/t/N.js``: *counts* shards (see `_shards` for the layout):
  unigrams, bigrams and words with per-field counts and the body block of
  the first occurrence; two-character jieba words ride along with their
  bigram.  A query of one or two Han characters, or one word, needs one of
  these per segment.
- ``<segment>/p/N.js``: *positions* shards: bigrams and words with offsets,
  for phrases (three or more characters, ``5g基站``); jieba words of three or
  more characters sit among them, next to their first bigram.
- ``<segment>/b/<doc // 256>/<doc>.js``: an article's body text (``doc``
  numbered in the segment), with the title and facts needed to show a
  result; a result downloads the one file.  The counts shards name the
  `BLOCK`-character block of a term's first occurrence, where the snippet is
  looked for.  (One file per article, not per block: a site's search files
  are most of its files, and each costs a file creation that no build can
  share between processes; an article is a few KB.)

Keys are sorted in UTF-16 order (JavaScript's string order) and cut into
shards of about `SHARD_BYTES`; a key's shard in a segment is found by binary
search over that segment's first keys.  A query loads one shard per key and
segment, and merges the segments' posting lists.

Building a segment (`build_segment`) mostly concatenates runs encoded per
page in the build's workers (`terms.page_terms`, cached with the page); the
metadata (`build_meta`) needs only the segments' summaries.
"""

from __future__ import annotations

import bisect
import gc
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from . import codec
from .analysis import doc_fields
from .ranking import B, FIELD_WEIGHTS, K1, WORD_WEIGHT
from .snippets import SNIPPET_AFTER, SNIPPET_BEFORE
from .terms import BLOCK, article_dicts, terms_of

FORMAT = 3  # 3: one text file per article
SHARD_BYTES = 4096  # per segment: a query loads one shard per key and segment
BLOCK_BUCKET = 256  # text files (one per article) per folder

_SMALL_BYTES = [v.encode() for v in codec.SMALL]  # codec.SMALL as ASCII bytes

# Segments: a boundary follows a name whose hash is 0 modulo SEGMENT_K (see `segments`).
SEGMENT_K = 256


def _utf16(key: str) -> bytes:
    return key.encode("utf-16-be")


def script(name: str, data: object) -> bytes:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"__nas({json.dumps(name)},{text});\n".encode("utf-8")


def date_key(date: str | None) -> int:
    """``2025-09-16`` → 20250916, ``2025-09`` → 20250900, none → 0."""
    if not date:
        return 0
    parts = [int(p) for p in date.split("-")[:3]] + [0, 0]
    return parts[0] * 10000 + parts[1] * 100 + parts[2]


def _zigzag(d: int) -> int:
    return d * 2 if d >= 0 else -d * 2 - 1


def _enc(value: int, _small=codec.SMALL) -> str:
    return _small[value] if value < 1024 else codec.vlq(value)


# ---------------------------------------------------------------- segments


def _name_hash(name: str) -> int:
    return int.from_bytes(hashlib.sha1(name.encode("utf-8")).digest()[:8], "big")


def segments(sources: list[str], k: int = SEGMENT_K) -> list[tuple[str, ...]]:
    """The seed file names, sorted, cut into segments, content-defined.

    1. *Runs*: a run ends after a name whose hash (sha1) is 0 modulo `k`, so
       runs are about `k` names long and a run's extent depends only on the
       names in it.
    2. A run shorter than ``k // 4`` joins the run after it (the last run
       stays on its own, so appending names touches only the last segment).
    3. A segment longer than ``2 k`` is cut again after names whose hash is
       0 modulo `k` in its next digits (base `k`), short pieces joined as in 2,
       and so on (`_cut`).
    4. The last segment, while its run is open (its last name is no
       boundary), is cut after names whose hash is 0 modulo ``k // 16`` in
       pieces of at least ``k // 4``: new pages mostly come after the
       others, so an added page rebuilds the last piece (about ``k // 6``
       names on average), not the whole run.  The name that closes the run
       joins its pieces into one segment.

    Adding or removing a name changes the one segment that holds it (two
    when it makes or breaks a boundary, or a run crosses ``k // 4``; all the
    open run's pieces when it closes the run).
    """
    names = sorted(set(sources))
    small, large = max(1, k // 4), 2 * k
    runs = _split_after(names, lambda name: _name_hash(name) % k == 0)
    segs = [piece for seg in _join_short(runs, small) for piece in _cut(seg, k, small, large, 1)]
    tail = k // 16
    if segs and tail >= 2 and _name_hash(names[-1]) % k != 0:  # the last run is open
        segs[-1:] = _split_after(segs[-1], lambda name: _name_hash(name) % tail == 0, least=small)
    return [tuple(seg) for seg in segs]


def _split_after(names: list[str], ends: Callable[[str], bool], least: int = 1) -> list[list[str]]:
    """`names` in pieces, each ending after a name `ends` is true of once it holds `least` names
    (the last piece may end otherwise, and be shorter)."""
    pieces: list[list[str]] = [[]]
    for name in names:
        pieces[-1].append(name)
        if len(pieces[-1]) >= least and ends(name):
            pieces.append([])
    return [piece for piece in pieces if piece]


def _join_short(runs: list[list[str]], small: int) -> list[list[str]]:
    """Each run shorter than `small` joined to the run after it; the last run stays on its own."""
    joined: list[list[str]] = []
    pending: list[str] = []
    for i, run in enumerate(runs):
        pending += run
        if len(run) >= small or i == len(runs) - 1:
            joined.append(pending)
            pending = []
    return joined


def _cut(names: list[str], k: int, small: int, large: int, level: int) -> list[list[str]]:
    """`names` if at most `large`, else cut after names whose hash is 0 modulo `k` in its
    `level`-th digits base `k`, short pieces joined as runs are (`_join_short`) and a short last
    one to the one before (a query reads every segment: one of a few pages costs it as much as a
    full one), and each piece cut again at the next level (past the hash's digits: into pieces
    of `large`)."""
    if len(names) <= large:
        return [names]
    if k ** level >= 1 << 64 or k < 2:
        return [names[i : i + large] for i in range(0, len(names), large)]
    digit = k**level
    pieces = _join_short(_split_after(names, lambda name: (_name_hash(name) // digit) % k == 0), small)
    if len(pieces) > 1 and len(pieces[-1]) < small:  # and a short last piece to the one before
        last = pieces.pop()
        pieces[-1] += last
    return [cut for piece in pieces for cut in _cut(piece, k, small, large, level + 1)]


def segment_name(first_source: str) -> str:
    """A segment's folder, from the first seed file in it: stable while that file stays first."""
    return "s" + hashlib.sha1(first_source.encode("utf-8")).hexdigest()[:10]


@dataclass
class Segment:
    """One segment's files and what `build_meta` needs of it."""

    name: str
    version: str  # hash of its files
    sources: tuple[str, ...]
    files: dict[str, bytes] = field(repr=False)  # path from the site root → bytes
    docs: list[tuple] = field(repr=False)  # per document: (city, topics, date, heads length, body length)
    t: list[str] = field(repr=False)  # first keys of its counts shards but the first
    p: list[str] = field(repr=False)  # … and of its positions shards


def build_segment(pages: list, config=None) -> Segment:
    """The files of one segment (`pages` are its seed files' pages, in any order).  Pure and
    deterministic; reads each page's encoded runs (`terms.terms_of`), making them if the page
    has none."""
    return build_segment_in_order(sorted(pages, key=lambda p: p.source), config)


def build_segment_in_order(pages: Iterable, config=None) -> Segment:
    """`build_segment` of pages given in source order, taken one at a time: a segment holds hundreds
    of pages, of which the caller need load only the one being merged (a generator)."""
    name = ""
    sources: list[str] = []
    # key → [last document, its runs so far (counts, and for grams positions)], each run text a
    # bytearray extended in place: a list of small strings per key, joined at the end, took four
    # times the memory (190 MB against 45 MB for a segment of 256 pages of the benchmark corpus)
    grams: dict[str, list] = {}
    unigrams: dict[str, list] = {}
    words: dict[str, list] = {}
    docs: list[tuple] = []
    files: dict[str, bytes] = {}
    base = 0
    collecting = gc.isenabled()
    gc.disable()  # hundreds of thousands of small lists, no cycles: the collector would only rescan them
    try:
        for page in pages:
            name = name or segment_name(page.source)
            sources.append(page.source)
            pt = terms_of(page)
            _merge_grams(grams, pt, base)
            _merge(unigrams, pt, "u", base)
            _merge(words, pt, "w", base)
            for i, article in enumerate(article_dicts(page)):
                _text_file(name, base + i, article, files)
            docs.extend(pt.docs)
            base += len(pt.docs)
    finally:
        if collecting:
            gc.enable()
    name = name or "s-"

    t_entries = {k: [v[1].decode(), ""] for k, v in grams.items()}
    t_entries.update((k, [v[1].decode(), ""]) for k, v in unigrams.items())
    p_entries = {k: [v[2].decode(), ""] for k, v in grams.items()}
    del grams, unigrams
    for k, v in words.items():
        entries = t_entries if len(k) == 2 else p_entries
        entry = entries.get(k)
        if entry is None:
            entries[k] = ["", v[1].decode()]
        else:
            entry[1] = v[1].decode()
    t_dir = _shards(t_entries, f"{name}/t", files)
    p_dir = _shards(p_entries, f"{name}/p", files)
    files = dict(sorted(files.items()))
    version = hashlib.sha1()
    for path, data in files.items():
        version.update(path.encode() + b"\0" + data)
    return Segment(name, version.hexdigest()[:12], tuple(sources), files, docs, t_dir, p_dir)


def _merge_grams(grams: dict, pt, base: int, _small=_SMALL_BYTES) -> None:
    """Append a page's bigram and word runs (documents from `base`) to grams: key → [last, counts, positions]."""
    if not pt.g_keys:
        return
    get = grams.get
    for key, first, last, counts, positions in zip(pt.g_keys.split(" "), pt.g_first, pt.g_last,
                                                   pt.g_counts.encode().split(b"."), pt.g_positions.encode().split(b".")):
        entry = get(key)
        if entry is None:
            d = base + first
            g = _small[d] if d < 1024 else codec.vlq(d).encode()
            grams[key] = [base + last, bytearray(g + counts), bytearray(g + positions)]
        else:
            d = base + first - entry[0] - 1
            g = _small[d] if d < 1024 else codec.vlq(d).encode()
            entry[0] = base + last
            entry[1] += g + counts
            entry[2] += g + positions


def _merge(lists: dict, pt, kind: str, base: int, _small=_SMALL_BYTES) -> None:
    """Append a page's runs of one kind (unigrams, jieba words) to lists: key → [last, runs]."""
    keys = getattr(pt, f"{kind}_keys")
    if not keys:
        return
    get = lists.get
    for key, first, last, run in zip(keys.split(" "), getattr(pt, f"{kind}_first"), getattr(pt, f"{kind}_last"),
                                     getattr(pt, f"{kind}_counts").encode().split(b".")):
        entry = get(key)
        if entry is None:
            d = base + first
            lists[key] = [base + last, bytearray((_small[d] if d < 1024 else codec.vlq(d).encode()) + run)]
        else:
            d = base + first - entry[0] - 1
            entry[0] = base + last
            entry[1] += (_small[d] if d < 1024 else codec.vlq(d).encode()) + run


def build_meta(segments: list[Segment], config=None) -> dict[str, bytes]:
    """``search/meta.js`` from the segments' summaries, in archive order."""
    topic_order = [t.name for t in config.topics] if config is not None else []
    docs = [d for s in segments for d in s.docs]
    cities = sorted({d[0] for d in docs if d[0]})
    present = {t for d in docs for t in d[1]}
    topics = [t for t in topic_order if t in present] + sorted(present - set(topic_order))
    city_ix = {c: i + 1 for i, c in enumerate(cities)}
    topic_ix = {t: i for i, t in enumerate(topics)}
    col_city, col_topics, col_date, col_lh, col_lb = [], [], [], [], []
    last_date = 0
    for city, mine, date, lh, lb in docs:
        col_city.append(_enc(city_ix.get(city, 0)))
        col_topics.append(codec.vlqs([len(mine), *(topic_ix[t] for t in mine)]))
        d = date_key(date)
        col_date.append(_enc(_zigzag(d - last_date)))
        last_date = d
        col_lh.append(_enc(lh))
        col_lb.append(_enc(lb))
    n = len(docs)
    avg = [(sum(d[3 + f] for d in docs) / n if n else 0) or 1.0 for f in (0, 1)]
    meta = {
        "format": FORMAT,
        "n": n,
        "avg": avg,
        "k1": K1, "b": B, "w": list(FIELD_WEIGHTS), "ww": WORD_WEIGHT,
        "block": BLOCK, "bucket": BLOCK_BUCKET, "before": SNIPPET_BEFORE, "after": SNIPPET_AFTER,
        "cities": cities,
        "topics": topics,
        "docs": {
            "city": "".join(col_city), "topics": "".join(col_topics), "date": "".join(col_date),
            "lh": "".join(col_lh), "lb": "".join(col_lb),
        },
        # per segment: name, version, documents, first keys of its counts and positions shards (space-separated)
        "segs": [[s.name, s.version, len(s.docs), " ".join(s.t), " ".join(s.p)] for s in segments],
    }
    meta["v"] = hashlib.sha1(json.dumps(meta, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:12]
    return {"search/meta.js": script("meta", meta)}


def _shards(entries: dict[str, list[str]], kind: str, files: dict[str, bytes]) -> list[str]:
    """Pack entries into shards of about SHARD_BYTES in key order; return every shard's first key but the first.

    A shard is ``{"k": keys, "v": postings, "w": jieba-word postings}``: the
    keys joined by spaces, the two posting lists of each key joined by dots
    in the same order ("w" is left out when no key of the shard has words).
    """
    firsts: list[str] = []
    keys: list[str] = []
    size = 0

    def close() -> None:
        name = f"{kind}/{len(firsts)}"
        data = {"k": " ".join(keys), "v": ".".join(entries[k][0] for k in keys)}
        if any(entries[k][1] for k in keys):
            data["w"] = ".".join(entries[k][1] for k in keys)
        files[f"search/{name}.js"] = script(name, data)

    if not entries:
        return firsts
    for key in sorted(entries, key=_utf16):
        entry = entries[key]
        entry_size = len(key.encode()) + len(entry[0]) + len(entry[1]) + 3
        if keys and size + entry_size > SHARD_BYTES:
            close()
            firsts.append(key)
            keys, size = [], 0
        keys.append(key)
        size += entry_size
    close()
    return firsts


def _text_file(segment: str, i: int, article: dict, files: dict[str, bytes]) -> None:
    """The file a result of document `i` of the segment downloads: its body text (``x``, from offset
    ``o`` of ``n`` characters), title, kicker and subtitle, date and city."""
    body = doc_fields(article)[1]
    heads = [h for h in (article.get("kicker"), article.get("subtitle")) if h]
    name = f"{segment}/b/{i // BLOCK_BUCKET}/{i}"
    files[f"search/{name}.js"] = script(name, {
        "i": article["id"], "u": article["url"], "t": article["title"], "h": heads,
        "d": article.get("date"), "c": article.get("city"), "n": len(body), "o": 0, "x": body,
    })


# ---------------------------------------------------------------- reading it back


def read_script(data: bytes) -> tuple[str, object]:
    text = data.decode("utf-8").strip()
    assert text.startswith("__nas(") and text.endswith(");"), "not a search data script"
    name, _, rest = text[len("__nas(") : -2].partition(",")
    return json.loads(name), json.loads(rest)


class ExportedIndex:
    """The exported files read back in Python: a ranking provider like the whoosh store.

    Used by the tests (the export must rank as whoosh does) and by the
    benchmarks; the browser client reads the same files, the same way: each
    key in every segment, the segments' posting lists merged.
    """

    def __init__(self, files: dict[str, bytes] | Path):
        if isinstance(files, Path):
            root = files
            files = {f"search/{p.relative_to(root).as_posix()}": p.read_bytes() for p in root.rglob("*.js")}
        self.files = files
        self.meta = read_script(files["search/meta.js"])[1]
        self.doc_count = self.meta["n"]
        self.avg_lengths = tuple(self.meta["avg"])
        docs = self.meta["docs"]
        self._lengths = list(zip(codec.decode(docs["lh"]), codec.decode(docs["lb"])))
        self.segments = []  # (name, base, counts shards' first keys, positions shards' first keys)
        base = 0
        for name, _version, n, t, p in self.meta["segs"]:
            self.segments.append((name, base, t.split(" ") if t else [], p.split(" ") if p else []))
            base += n
        self._bases = [s[1] for s in self.segments]
        self._loaded: dict[str, dict] = {}
        self.requested: list[str] = []  # shard and block names, in the order they were needed

    def load(self, name: str) -> dict:
        if name not in self._loaded:
            self.requested.append(name)
            data = read_script(self.files[f"search/{name}.js"])[1]
            if "k" in data:  # a shard: key → (postings, word postings)
                keys = data["k"].split(" ")
                words = data["w"].split(".") if "w" in data else [""] * len(keys)
                data = dict(zip(keys, zip(data["v"].split("."), words)))
            self._loaded[name] = data
        return self._loaded[name]

    def _entries(self, kind: str, key: str):
        """(segment base, (postings, word postings)) of `key` in every segment."""
        k16 = _utf16(key)
        for name, base, t, p in self.segments:
            firsts = t if kind == "t" else p
            lo, hi = 0, len(firsts)
            while lo < hi:  # count the shards after the first whose first key is <= key
                mid = (lo + hi) // 2
                if _utf16(firsts[mid]) <= k16:
                    lo = mid + 1
                else:
                    hi = mid
            yield base, self.load(f"{name}/{kind}/{lo}").get(key, ("", ""))

    def _counts(self, kind: str, key: str, which: int, with_block: bool) -> dict[int, tuple[int, int, int]]:
        out: dict = {}
        for base, entry in self._entries(kind, key):
            codec.read_counts(entry[which], with_block, base, out)
        return out

    def counts(self, key: str) -> dict[int, tuple[int, int]]:
        return {d: (h, b) for d, (h, b, _blk) in self._counts("t", key, 0, True).items()}

    def first_blocks(self, key: str) -> dict[int, int]:
        return {d: blk for d, (_h, _b, blk) in self._counts("t", key, 0, True).items()}

    def positions(self, key: str) -> dict[int, tuple[list[int], list[int]]]:
        out: dict = {}
        for base, entry in self._entries("p", key):
            codec.read_positions(entry[0], base, out)
        return out

    def words(self, key: str) -> dict[int, tuple[int, int]]:
        counts = self._counts("t" if len(key) == 2 else "p", key, 1, False)
        return {d: (h, b) for d, (h, b, _blk) in counts.items()}

    def lengths(self, doc: int) -> tuple[int, int]:
        return self._lengths[doc]

    def order(self, doc: int) -> tuple:
        return (doc,)

    def block(self, doc: int, k: int) -> dict:
        """The text file of `doc` (which holds every block `k` of it)."""
        s = bisect.bisect_right(self._bases, doc) - 1
        name, base = self.segments[s][:2]
        local = doc - base
        return self.load(f"{name}/b/{local // self.meta['bucket']}/{local}")
