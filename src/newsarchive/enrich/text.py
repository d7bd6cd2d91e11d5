"""Text helpers shared by the enrichment modules.

`squeeze` removes the spaces that letter-spaced newspaper lines leave
(`12 月 26 日`), so patterns see `12月26日`.  `weighted_fields` lists the
parts of an article with the weight a mention there carries: a headline says
more about an article than a passing remark in its sixth paragraph.
`tokenizer` is the jieba tokenizer of enrichment and search, and `cut` remembers
its words of recent texts, so a field is cut once for keywords, places and search.
"""

from __future__ import annotations

import functools
import importlib
import io
import re
import sys
from importlib import resources

import jieba

from ..records import Article, Page
from ..segmenter import JIEBA_DICT, snapshot

_SPACE = re.compile(r"\s+")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")

# How much a mention counts, by where in the article it stands.
FIELD_WEIGHTS = {
    "title": 3.0,
    "kicker": 3.0,
    "subtitle": 3.0,
    "column": 2.0,
    "lead": 2.0,
    "subheading": 2.0,
    "body": 1.0,
    "caption": 1.0,
}


def squeeze(text: str) -> str:
    """Remove whitespace, keeping one space between two Latin words or numbers."""

    def keep(match: re.Match) -> str:
        s, e = match.start(), match.end()
        left, right = match.string[s - 1 : s], match.string[e : e + 1]
        return " " if _ASCII_WORD.match(left or "") and _ASCII_WORD.match(right or "") else ""

    return _SPACE.sub(keep, text).strip()


def weighted_fields(article: Article) -> list[tuple[str, str, float]]:
    """(field, squeezed text, weight) for every non-empty part of the article, in reading order."""
    out: list[tuple[str, str, float]] = []
    for field in ("kicker", "title", "subtitle", "column"):
        value = getattr(article, field)
        if value:
            out.append((field, squeeze(value), FIELD_WEIGHTS[field]))
    lead_done = False
    for block in article.body:
        text = squeeze(block.text)
        if not text:
            continue
        if block.kind == "subheading":
            out.append(("subheading", text, FIELD_WEIGHTS["subheading"]))
        elif not lead_done:
            out.append(("lead", text, FIELD_WEIGHTS["lead"]))
            lead_done = True
        else:
            out.append(("body", text, FIELD_WEIGHTS["body"]))
    for caption in article.captions:
        if caption.strip():
            out.append(("caption", squeeze(caption), FIELD_WEIGHTS["caption"]))
    return out


def article_text(article: Article) -> str:
    """Headlines, body and captions as one squeezed string, one part per line."""
    return "\n".join(text for _, text, _ in weighted_fields(article))


def page_texts(page: Page) -> list[str]:
    """All the text of a page: its articles and fragments, or its blocks when nothing was segmented."""
    texts = [article_text(a) for a in page.articles]
    texts += [squeeze(f.text) for f in page.fragments if f.text]
    if not any(texts):
        texts = [squeeze(b.text) for b in page.blocks]
    return [t for t in texts if t]


@functools.lru_cache(maxsize=1)
def tokenizer():
    """The jieba tokenizer of enrichment and search, knowing the words of `extra_words()`
    (made once per process from the parser's dictionary, not loaded again)."""
    from ..segmenter import with_words

    return with_words(extra_words())


@functools.lru_cache(maxsize=4096)
def cut(text: str) -> tuple[str, ...]:
    """jieba's words of `text`, remembered: keywords, places and search cut the same texts.

    jieba splits a text into runs of Han characters, letters and digits
    (`jieba.re_han_default`) and cuts each run on its own, so the words of a
    run depend on that run alone: runs are cut once each (`_cut_run`), and the
    clauses pages share (本报讯, 近日, 据了解) are not cut again.
    """
    words: list[str] = []
    for run in _RUNS.split(text):
        if run:
            words += _cut_run(run)
    return tuple(words)


_RUNS = jieba.re_han_default  # jieba's own pattern: the runs it cuts independently


@functools.lru_cache(maxsize=1 << 15)
def _cut_run(run: str) -> tuple[str, ...]:
    """jieba's words of one run (or of the text between two runs), as `Tokenizer.cut` gives them."""
    return tuple(tokenizer().cut(run))


def extra_words() -> list[str]:
    """Domain words (`data/jieba-words.txt`) and every packaged gazetteer's names, sorted."""
    data = resources.files("newsarchive").joinpath("data")
    words: set[str] = set()
    for entry in data.iterdir():
        name = entry.name
        if name == "jieba-words.txt":
            words.update(line.strip() for line in entry.read_text(encoding="utf-8").splitlines())
        elif name.startswith("gazetteer-") and name.endswith(".csv"):
            for row in entry.read_text(encoding="utf-8").splitlines():
                if row and not row.startswith(("#", "adcode,")):
                    words.update(row.split(",")[1:3])
    return sorted(w for w in words if len(w) >= 2 and not w.startswith("#"))


@functools.lru_cache(maxsize=1)
def pos_tokenizer():
    """jieba's part-of-speech tagger over the same dictionary, as `POSTokenizer(tokenizer())`
    makes it, without parsing jieba's dictionary file for the words' tags once more."""
    posseg = _posseg()
    tagger = posseg.POSTokenizer.__new__(posseg.POSTokenizer)
    tagger.tokenizer = tokenizer()
    tagger.word_tag_tab = posseg.dt.word_tag_tab  # read only: neither tagger is given words with tags
    return tagger


def _posseg():
    """`jieba.posseg`, imported with the tags of its default tagger from a snapshot.

    Importing it makes that tagger (`jieba.posseg.dt`), which reads jieba's
    dictionary file line by line in Python for the tags: about a second, in
    every worker and in a rebuild that parses one page; the snapshot loads in
    about half that, the import without the file in a few hundredths."""
    if "jieba.posseg" in sys.modules:
        return sys.modules["jieba.posseg"]
    jieba.dt.get_dict_file = lambda: io.BytesIO()  # what the default tagger reads its tags from: nothing
    try:
        posseg = importlib.import_module("jieba.posseg")
    finally:
        del jieba.dt.get_dict_file
    posseg.dt.word_tag_tab = snapshot("tags", [JIEBA_DICT], _dictionary_tags)
    return posseg


def _dictionary_tags() -> dict[str, str]:
    import jieba.posseg

    tagger = jieba.posseg.POSTokenizer.__new__(jieba.posseg.POSTokenizer)
    tagger.load_word_tag(open(JIEBA_DICT, "rb"))  # as `POSTokenizer.__init__` does; it closes the file
    return tagger.word_tag_tab


def token_starts(text: str) -> set[int]:
    """Offsets at which a jieba word begins, to tell 九龙山村 from 龙山."""
    starts, pos = set(), 0
    for word in cut(text):
        starts.add(pos)
        pos += len(word)
    return starts
