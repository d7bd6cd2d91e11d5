"""Search analysis, matching and the posting codec, on small hand-made texts (no archive needed)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsarchive.search import codec, ranking
from newsarchive.search.analysis import field_tokens, fold, parse_query
from newsarchive.search.snippets import highlight_spans, snippet, term_starts


def test_fold_keeps_length_and_unifies_widths_and_case():
    assert fold("ＧＤＰ增长５Ｇ") == "gdp增长5g"
    assert fold("㎡ﬁ") == "㎡ﬁ"  # several-character NFKC forms are left alone
    text = "２０２５年，ＡＢＣ　高质量"
    assert len(fold(text)) == len(text)


def test_field_tokens_give_bigrams_unigrams_and_words_at_their_offsets():
    ft = field_tokens("5g基站，碳酸锂")
    assert ft.grams == {"5g": [0], "基站": [2], "碳酸": [5], "酸锂": [6]}
    assert ft.unigrams == {"基": [1, 2], "站": [1, 3], "碳": [1, 5], "酸": [1, 6], "锂": [1, 7]}
    assert ft.length == 1 + 5  # one word, five Han characters


def keys(term):
    return [(t.key, t.rel, t.kind) for t in term.tokens]


def test_query_terms():
    (t,) = parse_query("碳酸锂")
    assert keys(t) == [("碳酸", 0, "bi"), ("酸锂", 1, "bi")] and t.word == "碳酸锂"
    (t,) = parse_query("高质量发展")  # bigrams at even offsets and the last pin every character
    assert keys(t) == [("高质", 0, "bi"), ("量发", 2, "bi"), ("发展", 3, "bi")] and t.span == 5
    (t,) = parse_query("质量")
    assert t.single and t.word == "质量"
    (t,) = parse_query("ＧＤＰ")
    assert keys(t) == [("gdp", 0, "word")] and t.word is None
    (t,) = parse_query("5G基站")
    assert keys(t) == [("5g", 0, "word"), ("基站", 2, "bi")] and t.word is None
    # A lone Han character beside a word has no positions: a term of its own.
    assert [x.text for x in parse_query("2025年")] == ["2025", "年"]
    # White space separates terms; repeats and punctuation-only pieces go.
    assert [x.text for x in parse_query("  郴州　创新 郴州 ，")] == ["郴州", "创新"]
    assert parse_query("，。！") == []


class Postings:
    """A tiny in-memory provider over hand-made documents."""

    def __init__(self, docs: list[tuple[str, str]]):
        from newsarchive.search.analysis import analyse_doc

        self.an = [analyse_doc({"title": h, "body": [{"kind": "paragraph", "text": b}]}) for h, b in docs]
        self.doc_count = len(docs)
        self.avg_lengths = tuple(sum(a.lengths[f] for a in self.an) / len(docs) for f in (0, 1))

    def _pos(self, key):
        out = {}
        for d, an in enumerate(self.an):
            f = [ft.grams.get(key, []) for ft in an.fields]
            if f[0] or f[1]:
                out[d] = (f[0], f[1])
        return out

    def counts(self, key):
        if len(key) == 1 and "\u4e00" <= key <= "\u9fff":
            return {d: (an.fields[0].unigrams.get(key, [0])[0], an.fields[1].unigrams.get(key, [0])[0])
                    for d, an in enumerate(self.an) if key in an.fields[0].unigrams or key in an.fields[1].unigrams}
        return {d: (len(h), len(b)) for d, (h, b) in self._pos(key).items()}

    def positions(self, key):
        return self._pos(key)

    def words(self, key):
        return {d: (an.words[0][key], an.words[1][key]) for d, an in enumerate(self.an) if an.words[0][key] or an.words[1][key]}

    def lengths(self, doc):
        return self.an[doc].lengths

    def order(self, doc):
        return (doc,)


def found(postings, query):
    hits, _ = ranking.search(parse_query(query), postings)
    return [h.doc for h in hits]


def test_phrases_match_exactly_and_titles_weigh_more():
    p = Postings([
        ("锂电产业", "碳酸与锂是两回事，酸锂不相连。"),  # 碳酸…酸锂 apart: no 碳酸锂 here
        ("新闻", "年产碳酸锂两万吨。"),
        ("碳酸锂项目", "开工。"),
    ])
    assert found(p, "碳酸锂") == [2, 1]  # title match first; doc 0 holds both bigrams but not the phrase
    assert sorted(found(p, "酸锂")) == [0, 1, 2]  # inside 碳酸锂, however jieba cuts it
    assert found(p, "锂")[0] == 0  # in title and body


def test_all_terms_first_then_score():
    p = Postings([("郴州", "郴州郴州郴州"), ("创新", "郴州创新"), ("其他", "没有")])
    hits, _ = ranking.search(parse_query("郴州 创新"), p)
    assert [(h.doc, h.matched) for h in hits] == [(1, 2), (0, 1)]


def test_snippet_centres_on_the_rarest_term_and_marks_every_term():
    text = "开头" * 40 + "这里是碳酸锂的产线，" + "结尾" * 60
    terms = parse_query("碳酸锂 产线")
    shown, spans = snippet(text, terms, terms[0])
    assert shown.startswith("…") and shown.endswith("…")
    assert [shown[s:e] for s, e in spans] == ["碳酸锂", "产线"]
    assert term_starts(parse_query("5g")[0], fold("５Ｇ和5g与a5g")) == [0, 3]  # whole words only
    assert highlight_spans(parse_query("发展 高质量"), "高质量发展") == [(0, 5)]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3), st.lists(st.integers(0, 5000), max_size=6)), max_size=8))
def test_codec_round_trips(runs):
    plist, expect, doc = codec.PostingList(), {}, -1
    for gap, th, offsets in runs:
        doc += gap + 1
        offs = sorted(set(offsets))
        heads, body = offs[:th], offs[th:]
        plist.add(doc, len(heads), len(body), codec.gaps(heads) + codec.gaps(body))
        expect[doc] = (heads, body)
    assert codec.read_positions(plist.text()) == expect
    assert codec.decode(codec.vlqs([0, 31, 32, 1023, 1024, 10**9])) == [0, 31, 32, 1023, 1024, 10**9]
