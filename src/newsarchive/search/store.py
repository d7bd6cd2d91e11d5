"""The whoosh index in the build cache: the terminal's search index, updated page by page.

One whoosh document per article.  Per field (``heads``: title, kicker,
subtitle; ``body``: paragraphs, captions, byline) it indexes

- ``*_g``: bigrams and words with their character offsets (phrase positions),
- ``*_u``: Han unigrams with counts,
- ``*_w``: jieba search-mode words with counts,

and stores what a result shows.  Each document records its seed file and a
hash of that file's articles; `sync` deletes and adds the documents of the
seed files whose hash changed, appeared or disappeared, and nothing else.
`WhooshPostings` reads the postings for `ranking`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.analysis import Token, Tokenizer
from whoosh.fields import ID, NUMERIC, STORED, TEXT, Schema

from .analysis import DocAnalysis, analyse_doc, doc_fields, field_tokens, fold, is_han, jieba_words

log = logging.getLogger("newsarchive")

# Bump when the analysis or the schema changes: an index of another version is rebuilt.
INDEX_VERSION = "newsarchive-search-3"
LOCK_TIMEOUT = 5.0  # seconds to wait for another process's writer
WRITER_MB = 256  # whoosh keeps postings up to this size in memory before sorting runs on disk (128 is twice as slow)


class GramTokenizer(Tokenizer):
    """Bigrams and words of the folded text, each at its character offset."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for key, offsets in field_tokens(fold(value)).grams.items():
            for pos in offsets:
                token.text, token.boost, token.stopped = key, 1.0, False
                if positions:
                    token.pos = start_pos + pos
                if chars:
                    token.startchar, token.endchar = start_char + pos, start_char + pos + len(key)
                yield token


class UnigramTokenizer(Tokenizer):
    """Every Han character of the folded text."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for i, char in enumerate(fold(value)):
            if is_han(char):
                token.text, token.boost, token.stopped = char, 1.0, False
                if positions:
                    token.pos = start_pos + i
                if chars:
                    token.startchar, token.endchar = start_char + i, start_char + i + 1
                yield token


class JiebaTokenizer(Tokenizer):
    """jieba search-mode words of two or more Han characters (a list value is taken as the words)."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False, removestops=True,
                 start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for i, word in enumerate(w for w, n in jieba_words([value]).items() for _ in range(n)):
            token.text, token.boost, token.stopped = word, 1.0, False
            if positions:
                token.pos = start_pos + i
            yield token


def make_schema() -> Schema:
    fields = {
        "id": ID(stored=True, unique=True),
        "source": ID(stored=True, sortable=True),
        "srchash": ID(sortable=True),
        "order": NUMERIC(stored=True, sortable=True),
        "lh": NUMERIC(sortable=True),
        "lb": NUMERIC(sortable=True),
        "article": STORED(),  # the article as in articles.json
    }
    for f in ("heads", "body"):
        fields[f"{f}_g"] = TEXT(analyzer=GramTokenizer(), phrase=True)
        fields[f"{f}_u"] = TEXT(analyzer=UnigramTokenizer(), phrase=False)
        fields[f"{f}_w"] = TEXT(analyzer=JiebaTokenizer(), phrase=False)
    return Schema(**fields)


def source_hash(articles: list[dict]) -> str:
    """A seed file's identity in the index: its articles as exported, and the index version."""
    text = json.dumps(articles, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256((INDEX_VERSION + "\0" + text).encode("utf-8")).hexdigest()[:20]


def group_sources(articles: list[dict]) -> dict[str, list[dict]]:
    groups: dict[str, list[dict]] = {}
    for a in articles:
        groups.setdefault(a["source"], []).append(a)
    return groups


@dataclass
class SyncReport:
    added: list[str] = field(default_factory=list)  # seed files whose articles were (re)indexed
    removed: list[str] = field(default_factory=list)  # seed files whose articles were deleted
    rebuilt: bool = False  # the index was missing, of another version or unreadable


def open_index(path: Path) -> tuple[whoosh_index.Index, bool]:
    """The index at `path`, created (or recreated, when of another version or unreadable) as needed."""
    stamp = path / "VERSION"
    try:
        if stamp.read_text("utf-8").strip() == INDEX_VERSION and whoosh_index.exists_in(str(path)):
            return whoosh_index.open_dir(str(path)), False
    except (OSError, whoosh_index.IndexError, EOFError, ValueError) as exc:
        log.info("search index at %s unreadable (%s); rebuilding", path, exc)
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    ix = whoosh_index.create_in(str(path), make_schema())
    stamp.write_text(INDEX_VERSION + "\n", "utf-8")
    return ix, True


def indexed_sources(ix: whoosh_index.Index) -> dict[str, str]:
    """Seed file → hash of its articles, for the documents in the index."""
    with ix.reader() as reader:
        if not reader.doc_count():
            return {}
        sources = reader.column_reader("source")
        hashes = reader.column_reader("srchash")
        return {sources[d]: hashes[d] for d in reader.all_doc_ids()}


class Update:
    """Brings the index to hold exactly the seed files of `hashes`, touching only those whose hash differs.

    Created with the index's write lock held (waiting up to LOCK_TIMEOUT);
    `add` takes the articles of each seed file in `report.added`; `commit`
    makes the change visible at once, `cancel` drops it.
    """

    def __init__(self, ix: whoosh_index.Index, hashes: dict[str, str], current: dict[str, str]):
        self.hashes = hashes
        self.report = SyncReport(
            removed=sorted(s for s, h in current.items() if hashes.get(s) != h),
            added=sorted(s for s, h in hashes.items() if current.get(s) != h),
        )
        self.writer = ix.writer(timeout=LOCK_TIMEOUT, limitmb=WRITER_MB) if self.report.added or self.report.removed else None
        for source in self.report.removed:
            self.writer.delete_by_term("source", source)

    def add(self, article: dict, an: DocAnalysis) -> None:
        source = article["source"]
        heads, body = doc_fields(article)
        words_h, words_b = an.words
        self.writer.add_document(
            id=article["id"], source=source, srchash=self.hashes[source], order=article["order"],
            lh=an.lengths[0], lb=an.lengths[1], article=article,
            heads_g=heads, body_g=body, heads_u=heads, body_u=body,
            heads_w=[w for w, n in words_h.items() for _ in range(n)],
            body_w=[w for w, n in words_b.items() for _ in range(n)],
        )

    def commit(self) -> SyncReport:
        if self.writer is not None:
            self.writer.commit()
            self.writer = None
        return self.report

    def cancel(self) -> None:
        if self.writer is not None:
            self.writer.cancel()
            self.writer = None


def sync(ix: whoosh_index.Index, groups: dict[str, list[dict]], hashes: dict[str, str],
         current: dict[str, str]) -> SyncReport:
    """Make the index hold exactly these seed files' articles; analyse only those it must add."""
    update = Update(ix, hashes, current)
    try:
        for source in update.report.added:
            for article in groups[source]:
                update.add(article, analyse_doc(article))
    except BaseException:
        update.cancel()
        raise
    return update.commit()


class WhooshPostings:
    """Postings from the whoosh index, for `ranking` (documents are whoosh document numbers)."""

    def __init__(self, reader):
        self.reader = reader
        live = list(reader.all_doc_ids())
        cols = {name: reader.column_reader(name) for name in ("source", "order", "lh", "lb")} if live else {}
        self._lengths = {d: (cols["lh"][d], cols["lb"][d]) for d in live}
        self._order = {d: (cols["source"][d], cols["order"][d]) for d in live}
        self.doc_count = len(live)
        n = self.doc_count or 1
        self.avg_lengths = tuple((sum(v[f] for v in self._lengths.values()) / n) or 1.0 for f in (0, 1))

    def _postings(self, field_name: str, key: str, kind: str) -> dict:
        if field_name not in self.reader.schema or (field_name, key) not in self.reader:
            return {}
        m = self.reader.postings(field_name, key)
        out = {}
        while m.is_active():
            out[m.id()] = m.value_as(kind)
            m.next()
        return out

    def _both(self, stem: str, key: str, kind: str, empty) -> dict:
        heads = self._postings(f"heads_{stem}", key, kind)
        body = self._postings(f"body_{stem}", key, kind)
        return {d: (heads.get(d, empty), body.get(d, empty)) for d in heads.keys() | body.keys()}

    def counts(self, key: str) -> dict[int, tuple[int, int]]:
        if len(key) == 1 and is_han(key):
            return self._both("u", key, "frequency", 0)
        return {d: (len(h), len(b)) for d, (h, b) in self.positions(key).items()}

    def positions(self, key: str) -> dict[int, tuple[list[int], list[int]]]:
        return self._both("g", key, "positions", [])

    def words(self, key: str) -> dict[int, tuple[int, int]]:
        return self._both("w", key, "frequency", 0)

    def lengths(self, doc: int) -> tuple[int, int]:
        return self._lengths[doc]

    def order(self, doc: int) -> tuple:
        return self._order[doc]

    def article(self, doc: int) -> dict:
        return self.reader.stored_fields(doc)["article"]
