"""What is indexed and what a query means: one definition for the terminal and the browser.

- **Folding**: each character is replaced by its NFKC form when that is one
  character, then lower-cased when that is one character (``ＧＤＰ`` → ``gdp``).
  Folding never changes a text's length, so offsets in folded text are offsets
  in the text as printed.
- **Index tokens** of a field: every Han character (a *unigram*) and every pair
  of adjacent Han characters (a *bigram*) at its offset; every run of other
  letters and digits (a *word*: ``5g``, ``2025``, ``gdp``) at its start offset.
  A field's length is its number of Han characters plus its number of words.
- **jieba words**: jieba's search-mode words of two or more Han characters, a
  second signal that ranks a match on a word above a match across two words;
  each part of a field is cut as enrichment cuts it (squeezed, with the domain
  words of `enrich.text.tokenizer`), so the cut is shared with keywords and places.
- **Query**: split on white space into *terms*; a term matches where its
  tokens occur at the same offsets relative to each other as in the term, so
  ``酸锂`` matches inside ``碳酸锂`` whatever jieba makes of it.  A lone Han
  character beside digits or letters (``2025年``) becomes a term of its own,
  because unigram positions are not kept.

``static/search.js`` implements the query side again in JavaScript;
``tests/test_search_archive.py`` checks the two rank alike (whoosh, the
exported shards and the client in Chromium).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from itertools import chain
from dataclasses import dataclass, field

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
    grams, counts, first, length = field_index(text)
    return FieldTokens(grams, {char: [n, first[char]] for char, n in counts.items()}, length)


def field_index(text: str) -> tuple[dict[str, list[int]], Counter, dict[str, int], int]:
    """The index tokens of one folded field text, as `field_tokens` gives them but cheaper to make:
    (bigram or word → its offsets, Han character → its count, Han character → its first offset,
    field length); keys of the first two in the order they first occur."""
    grams: dict[str, list[int]] = {}
    get = grams.get
    han_runs: list[str] = []
    words = 0
    for m in _RUNS.finditer(text):
        start, run = m.start(), m.group()
        if m.lastgroup == "han":
            han_runs.append(run)
            for i in range(len(run) - 1):
                key = run[i : i + 2]
                offsets = get(key)
                if offsets is None:
                    grams[key] = [start + i]
                else:
                    offsets.append(start + i)
        else:
            words += 1
            offsets = get(run)
            if offsets is None:
                grams[run] = [start]
            else:
                offsets.append(start)
    han = "".join(han_runs)
    counts = Counter(han)  # counted in C, not character by character
    find = text.find  # a Han character occurs in Han runs only: its first place in the text is its first offset
    return grams, counts, {char: find(char) for char in counts}, len(han) + words


def jieba_words(parts) -> Counter:
    """jieba search-mode words of two or more Han characters in these texts, folded, with counts.

    Each text is squeezed and cut as enrichment cuts an article's fields
    (`enrich.text.cut`, remembered), so a page is segmented once for keywords,
    places and search, with the same dictionary.
    """
    from ..enrich.text import cut, squeeze

    words: Counter = Counter()
    for part in parts:
        words.update(chain.from_iterable(map(_search_words, cut(squeeze(part)))))
    return words


@functools.lru_cache(maxsize=1 << 16)
def _search_words(word: str) -> tuple[str, ...]:
    """What one word jieba cut gives the index, in order: its search-mode words (`_search_mode`),
    folded, that are two or more Han characters.  Remembered: pages share most of their words."""
    from ..enrich.text import tokenizer

    folded = (fold(w) for w in _search_mode((word,), tokenizer().FREQ))
    return tuple(w for w in folded if len(w) >= 2 and _HAN_RUN.fullmatch(w))


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


def page_words(page):
    """A page's postings for the browser's index, encoded (`terms.PageTerms`: jieba words, tokens,
    runs): the slow part of the analysis, done once per page where the page is enriched (in
    parallel) and cached with it (`Page.search_words`)."""
    from .terms import page_terms

    return page_terms(page)


def analyse_doc(article: dict, words: tuple[dict, dict] | None = None) -> DocAnalysis:
    """Tokens of both fields; `words`, when given, are the article's jieba words from an earlier run."""
    heads, body = (fold(t) for t in doc_fields(article))
    return DocAnalysis(
        fields=(field_tokens(heads), field_tokens(body)),
        words=(Counter(words[0]), Counter(words[1])) if words is not None else article_words(article),
    )


# ---------------------------------------------------------------- queries


@dataclass(frozen=True)
class Token:
    key: str
    rel: int  # offset relative to the term's start
    kind: str  # "uni", "bi" or "word"

    @property
    def end(self) -> int:
        return self.rel + len(self.key)


@dataclass(frozen=True)
class Term:
    """One white-space separated piece of a query (or a lone Han character split off one).

    ``single`` terms (one unigram, bigram or word) are looked up by key;
    other terms are phrases whose ``tokens`` are positional: bigrams at even
    offsets plus the last one, and every word; their co-occurrence at these
    relative offsets is the whole term.
    """

    text: str  # folded, as typed (for display)
    tokens: tuple[Token, ...]
    word: str | None  # a pure Han term of 2+ characters: its jieba-word key

    @property
    def single(self) -> bool:
        return len(self.tokens) == 1

    @property
    def span(self) -> int:
        """Characters a match covers, from its first token's start to its last token's end."""
        return max(t.end for t in self.tokens) - self.tokens[0].rel

    @property
    def ident(self) -> tuple:
        return tuple((t.key, t.rel - self.tokens[0].rel) for t in self.tokens)


def parse_query(query: str) -> list[Term]:
    """The terms of a query, in order, without duplicates."""
    terms: list[Term] = []
    seen: set[tuple] = set()
    for piece in fold(query).split():
        for term in _piece_terms(piece):
            if term.ident not in seen:
                seen.add(term.ident)
                terms.append(term)
    return terms


def _piece_terms(piece: str) -> list[Term]:
    runs = [(m.start(), m.group(), m.lastgroup) for m in _RUNS.finditer(piece)]
    if not runs:
        return []
    if len(runs) == 1 and runs[0][2] == "han":
        run = runs[0][1]
        if len(run) == 1:
            return [Term(run, (Token(run, 0, "uni"),), None)]
        return [Term(run, _bigram_cover(run, 0), run)]
    terms, tokens = [], []
    for start, run, kind in runs:
        if kind == "word":
            tokens.append(Token(run, start, "word"))
        elif len(run) == 1:  # a lone Han character has no positions: a term of its own
            terms.append(Term(run, (Token(run, 0, "uni"),), None))
        else:
            tokens.extend(_bigram_cover(run, start))
    if tokens:
        first, last = tokens[0].rel, max(t.end for t in tokens)
        text = piece[first:last]
        shifted = tuple(Token(t.key, t.rel - first, t.kind) for t in tokens)
        terms.insert(0, Term(text, shifted, text if _HAN_RUN.fullmatch(text) else None))
    return terms


def _bigram_cover(run: str, start: int) -> tuple[Token, ...]:
    """Bigrams at even offsets and the last one: together they pin every character of the run."""
    last = len(run) - 2
    offsets = sorted(set(range(0, last + 1, 2)) | {last})
    return tuple(Token(run[i : i + 2], start + i, "bi") for i in offsets)
