"""The parser against editors' answers for three demo pages (tests/gold/).

An article counts as found when a parsed article's body (paragraphs and subheadings,
whitespace removed) starts with the answer's `body_start` and ends with its
`body_end`; its headline is right when kicker + title + subtitle match, or
the title matches `title` or `title_alt`; authors compare as sets.
"""

import pytest

from gold_score import find, gold_files, headline_right, load, parsed

CASES = [(path.name, i, answer) for path in gold_files() for i, answer in enumerate(load(path)["articles"])]


def _id(case):
    name, i, answer = case
    return f"{name[:3]}-{i + 1}"


@pytest.fixture(scope="module")
def pages():
    return {}


def _page(pages, name):
    if name not in pages:
        pages[name] = parsed(load(next(p for p in gold_files() if p.name == name))["source"])
    return pages[name]


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_gold_article_found_with_headline_and_authors(case, pages):
    name, _, answer = case
    page = _page(pages, name)
    article = find(page.articles, answer)
    assert article is not None, f"no article spans {answer['body_start']!r} … {answer['body_end']!r}"
    assert headline_right(article, answer), (article.kicker, article.title, article.subtitle)
    assert set(article.authors) == set(answer.get("authors", []))
    if "column" in answer:
        assert (article.column or "").replace(" ", "") == answer["column"]
    assert article.complete == answer.get("complete", True)
    for caption in answer.get("captions", []):
        assert caption.replace(" ", "") in [c.replace(" ", "") for c in article.captions]


@pytest.mark.parametrize("path", gold_files(), ids=lambda p: p.name[:3])
def test_gold_page_has_no_extra_articles(path, pages):
    gold = load(path)
    assert len(_page(pages, path.name).articles) == len(gold["articles"])


def test_infographic_series_are_read_as_data(pages):
    gold = load(next(p for p in gold_files() if p.name.startswith("004")))
    page = _page(pages, gold_files()[-1].name)
    charts = {f.title: f.rows for f in page.fragments if f.kind == "infographic"}
    for answer in (f for f in gold["fragments"] if f["kind"] == "infographic"):
        rows = [(r["label"], r["year"], r["value"], r["unit"]) for r in charts[answer["title"]]]
        expected = [(d["label"], d["year"], d["value"], d["unit"]) for d in answer["data"]]
        assert sorted(rows) == sorted(expected)


def test_headline_list_kept_as_fragment(pages):
    page = _page(pages, gold_files()[0].name)
    lists = [f.text.replace("\n", "") for f in page.fragments if f.kind == "headline_index"]
    assert len(lists) == 1
    assert lists[0].startswith("严谨、包容都是爱抓早抓小，让监督更靠前")


def test_duplicate_paragraph_kept_once_as_fragment(pages):
    page = _page(pages, gold_files()[1].name)
    texts = [b.text for a in page.articles for b in a.body]
    assert sum(t.startswith("正月初八，新春首个工作日") for t in texts) == 1
    assert any(f.kind == "duplicate" and f.text.startswith("正月初八") for f in page.fragments)
