"""The index for the browser: a metadata file, term shards and text blocks under ``search/``.

Every file is a script that hands its data to ``__nas(name, data)``, so the
client loads it with a ``<script>`` element: from a server, under any
sub-path, and from ``file://`` alike.

- ``meta.js``: ranking parameters, collection statistics, the document table
  (city, topics, date, field lengths, as VLQ columns) and the first key of
  every shard.
- ``t/N.js``: *counts* shards (see `_shards` for the layout): unigrams, bigrams and words with per-field
  counts and the body block of the first occurrence; two-character jieba
  words ride along with their bigram.  A query of one or two Han characters,
  or one word, needs one of these.
- ``p/N.js``: *positions* shards: bigrams and words with offsets, for
  phrases (three or more characters, ``5g基站``); jieba words of three or more
  characters sit among them, next to their first bigram.
- ``b/<doc // 256>/<doc>-<k>.js``: the k-th block of an article's body text,
  with the title and facts needed to show a result; a result downloads the
  one block its snippet lies in.

Keys are sorted in UTF-16 order (JavaScript's string order) and cut into
shards of about `SHARD_BYTES`; a key's shard is found by binary search over
the shards' first keys.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from . import codec
from .analysis import DocAnalysis, doc_fields
from .ranking import B, FIELD_WEIGHTS, K1, WORD_WEIGHT
from .snippets import SNIPPET_AFTER, SNIPPET_BEFORE

FORMAT = 1
SHARD_BYTES = 8192
BLOCK = 500  # body characters per text block (each file holds some context either side)
BLOCK_BUCKET = 256  # text blocks per folder


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


def _offsets(offsets: list[int], _small=codec.SMALL) -> str:
    """First offset, then differences minus one, as VLQs (`codec.gaps`)."""
    if len(offsets) == 1:
        return _enc(offsets[0])
    return "".join([_small[g] if g < 1024 else codec.vlq(g) for g in codec.gaps(offsets)])


def _append(lists: dict, key: str, doc: int, run: str, _small=codec.SMALL) -> None:
    """Append a document's run to `key`'s list: lists map key → [last document, encoded parts]."""
    entry = lists.get(key)
    if entry is None:
        lists[key] = [doc, [(_small[doc] if doc < 1024 else codec.vlq(doc)) + run]]
        return
    gap = doc - entry[0] - 1
    entry[0] = doc
    parts = entry[1]
    parts.append((_small[gap] if gap < 1024 else codec.vlq(gap)) + run)
    if len(parts) > 32:  # join now and then: one string per list keeps memory near the encoded size
        entry[1] = ["".join(parts)]


def _text(lists: dict, key: str) -> str:
    entry = lists.get(key)
    return "".join(entry[1]) if entry else ""


class Exporter:
    """Builds the files under ``search/`` one article at a time, in archive order."""

    def __init__(self, topic_order: list[str] = ()):
        self.topic_order = list(topic_order)
        # key → [last document, counts parts, positions parts] for bigrams and words (both shard kinds)
        self.grams: dict[str, list] = {}
        # key → [last document, parts] for unigrams (counts only) and jieba words
        self.unigrams: dict[str, list] = {}
        self.short_words: dict[str, list] = {}
        self.long_words: dict[str, list] = {}
        self.files: dict[str, bytes] = {}
        self.docs: list[tuple] = []  # (city, topics, date, heads length, body length)

    def add(self, article: dict, an: DocAnalysis, _small=codec.SMALL, _vlq=codec.vlq) -> None:
        i = len(self.docs)
        heads, body = an.fields
        hg, bg = heads.grams, body.grams
        grams = self.grams

        def put(key: str, t_run: str, p_run: str) -> None:
            entry = grams.get(key)
            if entry is None:
                g = _small[i] if i < 1024 else _vlq(i)
                grams[key] = [i, [g + t_run], [g + p_run]]
                return
            gap = i - entry[0] - 1
            g = _small[gap] if gap < 1024 else _vlq(gap)
            entry[0] = i
            t_parts, p_parts = entry[1], entry[2]
            t_parts.append(g + t_run)
            p_parts.append(g + p_run)
            if len(t_parts) > 32:
                entry[1], entry[2] = ["".join(t_parts)], ["".join(p_parts)]

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
            put(key, head + (_small[block] if block < 1024 else _vlq(block)), head + rest)
        for key, ph in hg.items():
            if key not in bg:
                head = "B" + _enc(len(ph) - 1)  # "B" = 1: heads only
                put(key, head, head + _offsets(ph))
        hu, bu, unigrams = heads.unigrams, body.unigrams, self.unigrams
        for char, (tb, first) in bu.items():
            th = hu.get(char, (0,))[0]
            _append(unigrams, char, i, (_enc(tb * 2 + 1) + _enc(th - 1) if th else _enc(tb * 2)) + _enc(first // BLOCK))
        for char, (th, _first) in hu.items():
            if char not in bu:
                _append(unigrams, char, i, "B" + _enc(th - 1))
        hw, bw = an.words
        for word in hw.keys() | bw.keys():
            th, tb = hw.get(word, 0), bw.get(word, 0)
            _append(self.short_words if len(word) == 2 else self.long_words, word, i,
                    _enc(tb * 2 + 1) + _enc(th - 1) if th else _enc(tb * 2))
        _blocks(i, article, self.files)
        self.docs.append((article.get("city"), tuple(article.get("topics") or ()), article.get("date"), *an.lengths))

    def finish(self) -> dict[str, bytes]:
        """All files (paths from the site root), ``search/meta.js`` last to carry the version of the rest."""
        files = self.files
        t_entries = {k: ("".join(v[1]), _text(self.short_words, k)) for k, v in self.grams.items()}
        t_entries.update((k, ("".join(v[1]), "")) for k, v in self.unigrams.items())
        t_dir = _shards(t_entries, "t", files)
        del t_entries
        p_entries = {k: ("".join(v[2]), "") for k, v in self.grams.items()}
        self.grams.clear()
        for k, v in self.long_words.items():
            p_entries[k] = ("", "".join(v[1]))
        p_dir = _shards(p_entries, "p", files)
        del p_entries
        meta = self._meta(t_dir, p_dir)
        version = hashlib.sha1()
        for path in sorted(files):
            version.update(path.encode() + b"\0" + files[path])
        version.update(json.dumps(meta, ensure_ascii=False, sort_keys=True).encode())
        meta["v"] = version.hexdigest()[:12]
        files["search/meta.js"] = script("meta", meta)
        return dict(sorted(files.items()))

    def _meta(self, t_dir: list[str], p_dir: list[str]) -> dict:
        docs = self.docs
        cities = sorted({d[0] for d in docs if d[0]})
        present = {t for d in docs for t in d[1]}
        topics = [t for t in self.topic_order if t in present] + sorted(present - set(self.topic_order))
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
        return {
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
            "t": t_dir,
            "p": p_dir,
        }


def _shards(entries: dict[str, tuple[str, str]], kind: str, files: dict[str, bytes]) -> list[str]:
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

    for key in sorted(entries, key=_utf16):
        entry_size = len(key.encode()) + len(entries[key][0]) + len(entries[key][1]) + 3
        if keys and size + entry_size > SHARD_BYTES:
            close()
            firsts.append(key)
            keys, size = [], 0
        keys.append(key)
        size += entry_size
    close()
    return firsts


def _blocks(i: int, article: dict, files: dict[str, bytes]) -> None:
    body = doc_fields(article)[1]
    n = len(body)
    heads = [h for h in (article.get("kicker"), article.get("subtitle")) if h]
    for k in range(max(1, -(-n // BLOCK))):
        start = max(0, k * BLOCK - SNIPPET_BEFORE)
        end = min(n, (k + 1) * BLOCK + SNIPPET_AFTER)
        name = f"b/{i // BLOCK_BUCKET}/{i}-{k}"
        files[f"search/{name}.js"] = script(name, {
            "i": article["id"], "u": article["url"], "t": article["title"], "h": heads,
            "d": article.get("date"), "c": article.get("city"), "n": n, "o": start, "x": body[start:end],
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
    benchmarks; the browser client reads the same files.
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

    def _entry(self, kind: str, key: str) -> tuple[str, str]:
        firsts = self.meta[kind]
        lo, hi = 0, len(firsts)
        while lo < hi:  # count the shards after the first whose first key is <= key
            mid = (lo + hi) // 2
            if _utf16(firsts[mid]) <= _utf16(key):
                lo = mid + 1
            else:
                hi = mid
        return self.load(f"{kind}/{lo}").get(key, ("", ""))

    def counts(self, key: str) -> dict[int, tuple[int, int]]:
        return {d: (h, b) for d, (h, b, _blk) in codec.read_counts(self._entry("t", key)[0], True).items()}

    def first_blocks(self, key: str) -> dict[int, int]:
        return {d: blk for d, (_h, _b, blk) in codec.read_counts(self._entry("t", key)[0], True).items()}

    def positions(self, key: str) -> dict[int, tuple[list[int], list[int]]]:
        return codec.read_positions(self._entry("p", key)[0])

    def words(self, key: str) -> dict[int, tuple[int, int]]:
        entry = self._entry("t" if len(key) == 2 else "p", key)
        return {d: (h, b) for d, (h, b, _blk) in codec.read_counts(entry[1], False).items()}

    def lengths(self, doc: int) -> tuple[int, int]:
        return self._lengths[doc]

    def order(self, doc: int) -> tuple:
        return (doc,)

    def block(self, doc: int, k: int) -> dict:
        return self.load(f"b/{doc // self.meta['bucket']}/{doc}-{k}")
