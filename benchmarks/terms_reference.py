"""A frozen copy of `page_terms` and the analysis it calls, as of commit a9ded7d (before the
speed-up), for `terms_speed.py check`: the new code must give the same `PageTerms`, field by field.

Only the benchmark imports this; the package's code is in `src/newsarchive/search`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from types import SimpleNamespace

from newsarchive.search import terms
from newsarchive.search.terms import BLOCK, PageTerms

# ---------------------------------------------------------------- codec

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
SMALL = [ALPHABET[v] if v < 32 else ALPHABET[32 | (v & 31)] + ALPHABET[v >> 5] for v in range(1024)]


def vlq(value: int) -> str:
    if value < 1024:
        return SMALL[value]
    out = []
    while True:
        digit, value = value & 31, value >> 5
        if value:
            out.append(ALPHABET[32 | digit])
        else:
            out.append(ALPHABET[digit])
            return "".join(out)


def gaps(offsets: list[int]) -> list[int]:
    """First offset, then each difference minus one (offsets strictly increase)."""
    return [offsets[0]] + [b - a - 1 for a, b in zip(offsets, offsets[1:])] if offsets else []


codec = SimpleNamespace(SMALL=SMALL, vlq=vlq, gaps=gaps)  # the copied code calls these as `codec.…`

# Han characters: CJK Unified Ideographs and extensions, compatibility ideographs, 〇.
HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_RUNS = re.compile(f"(?P<han>[{HAN}]+)|(?P<word>[^\\W_{HAN}]+)")


class _FoldTable(dict):
    """``str.translate`` table computed on demand: code point → folded character."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = unicodedata.normalize("NFKC", char)
        if len(folded) != 1:
            folded = char
        lower = folded.lower()
        if len(lower) == 1:
            folded = lower
        self[code] = folded
        return folded


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Full-width to half-width, compatibility forms to plain ones, lower case; same length."""
    return text.translate(_FOLD)


_HAN_RUN = re.compile(f"[{HAN}]+")


def is_han(char: str) -> bool:
    return bool(_HAN_RUN.fullmatch(char))


@dataclass
class FieldTokens:
    """The index tokens of one folded field text."""

    grams: dict[str, list[int]] = field(default_factory=dict)  # bigram or word → its offsets, ascending
    unigrams: dict[str, list[int]] = field(default_factory=dict)  # Han character → [count, first offset]
    length: int = 0


def field_tokens(text: str) -> FieldTokens:
    """Bigrams and words with their offsets, unigram counts, and the field length."""
    out = FieldTokens()
    grams, unigrams = out.grams, out.unigrams
    length = 0
    for m in _RUNS.finditer(text):
        start, run = m.start(), m.group()
        if m.lastgroup == "han":
            n = len(run)
            length += n
            for i, char in enumerate(run, start):
                seen = unigrams.get(char)
                if seen is None:
                    unigrams[char] = [1, i]
                else:
                    seen[0] += 1
            for i in range(n - 1):
                key = run[i : i + 2]
                offsets = grams.get(key)
                if offsets is None:
                    grams[key] = [start + i]
                else:
                    offsets.append(start + i)
        else:
            length += 1
            offsets = grams.get(run)
            if offsets is None:
                grams[run] = [start]
            else:
                offsets.append(start)
    out.length = length
    return out


def jieba_words(parts) -> Counter:
    """jieba search-mode words of two or more Han characters in these texts, folded, with counts.

    Each text is squeezed and cut as enrichment cuts an article's fields
    (`enrich.text.cut`, remembered), so a page is segmented once for keywords,
    places and search, with the same dictionary.
    """
    from newsarchive.enrich.text import cut, squeeze, tokenizer

    freq = tokenizer().FREQ
    words: Counter = Counter()
    for part in parts:
        for word in _search_mode(cut(squeeze(part)), freq):
            word = fold(word)
            if len(word) >= 2 and _HAN_RUN.fullmatch(word):
                words[word] += 1
    return words


def _search_mode(words, freq: dict):
    """jieba's search mode (`Tokenizer.cut_for_search`) from words already cut: the dictionary's
    two- and three-character words inside each longer word, then the word itself."""
    for w in words:
        n = len(w)
        if n > 2:
            for i in range(n - 1):
                if freq.get(w[i : i + 2]):
                    yield w[i : i + 2]
        if n > 3:
            for i in range(n - 2):
                if freq.get(w[i : i + 3]):
                    yield w[i : i + 3]
        yield w


# ---------------------------------------------------------------- documents


def doc_parts(article: dict) -> tuple[list[str], list[str]]:
    """The texts of an article's two searched fields (as in ``articles.json``): heads, and body.

    The heads are the title, kicker and subtitle; the body is the paragraphs,
    then captions and byline.
    """
    heads = [article.get("title"), article.get("kicker"), article.get("subtitle")]
    body = [block["text"] for block in article.get("body") or ()]
    body += list(article.get("captions") or ())
    body.append(article.get("byline"))
    return [h for h in heads if h], [b for b in body if b]


def doc_fields(article: dict) -> tuple[str, str]:
    """The two searched fields as texts: parts joined by newlines, so no Han run or word crosses
    from one part into the next."""
    heads, body = doc_parts(article)
    return "\n".join(heads), "\n".join(body)


@dataclass
class DocAnalysis:
    """Everything the index keeps about one article: per field (heads, body) tokens and jieba words."""

    fields: tuple[FieldTokens, FieldTokens]
    words: tuple[Counter, Counter]

    @property
    def lengths(self) -> tuple[int, int]:
        return self.fields[0].length, self.fields[1].length

    def slim(self) -> DocAnalysis:
        """The same without tokens (lengths and words only), to keep while the tokens are exported."""
        return DocAnalysis((FieldTokens(length=self.fields[0].length), FieldTokens(length=self.fields[1].length)), self.words)


def article_words(article: dict) -> tuple[Counter, Counter]:
    """The jieba words of an article's heads and body (as in ``articles.json``)."""
    heads, body = doc_parts(article)
    return jieba_words(heads), jieba_words(body)




def analyse_doc(article: dict, words: tuple[dict, dict] | None = None) -> DocAnalysis:
    """Tokens of both fields; `words`, when given, are the article's jieba words from an earlier run."""
    heads, body = (fold(t) for t in doc_fields(article))
    return DocAnalysis(
        fields=(field_tokens(heads), field_tokens(body)),
        words=(Counter(words[0]), Counter(words[1])) if words is not None else article_words(article),
    )



# ---------------------------------------------------------------- terms


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

    return PageTerms(terms.VERSION, tuple(docs), *_pack(grams, 2), *_pack(unigrams, 1), *_pack(jwords, 1))
