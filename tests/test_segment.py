"""Segmenting small pages built for one layout each (tests/fixtures/)."""

from newsarchive.parse import parse_page

from conftest import FIXTURES


def parse(name: str):
    return parse_page((FIXTURES / name).read_bytes(), name)


def test_headline_and_byline_above_their_bodies():
    page = parse("two_articles_top.txt")
    assert [(a.title, a.authors, a.title_source) for a in page.articles] == [
        ("衡阳市加快建设先进制造业高地", ["周志强"], "top"),
        ("岳阳洞庭湖生态保护成效显著", ["李晓峰"], "top"),
    ]
    assert page.articles[1].body[0].text.startswith("今年以来，岳阳市")
    assert page.fragments == []


def test_headlines_only_in_the_list_at_the_page_end_find_their_bodies():
    page = parse("headline_list_at_end.txt")
    assert [(a.title, a.title_source, a.authors) for a in page.articles] == [
        ("安化黑茶综合产值突破260亿元", "page_index", ["周建军", "刘敏"]),
        ("鼎城区新建五万亩高标准农田", "page_index", ["王丽华"]),
    ]
    assert [f.kind for f in page.fragments] == ["headline_index"]


def test_duplicated_paragraph_is_kept_once():
    page = parse("duplicated_paragraph.txt")
    (article,) = page.articles
    texts = [b.text for b in article.body]
    assert len(texts) == 2 and len(set(texts)) == 2
    assert [f.kind for f in page.fragments] == ["duplicate"]


def test_kicker_subtitle_and_byline_of_one_head():
    page = parse("kicker_subtitle.txt")
    (article,) = page.articles
    assert (article.kicker, article.title, article.subtitle) == ("某市推动产业链与创新链深度融合", "创新发展新答卷", "某市高质量发展纪实")
    assert article.authors == ["王小明"]


def test_page_without_any_headline_gets_a_generated_title():
    page = parse_page("12月27日，由娄星区教育局主办的第二届中小学校长论坛开幕，共350余人参加。\n".encode(), "x.txt")
    (article,) = page.articles
    assert article.title_source == "generated"
    assert article.title == "由娄星区教育局主办的第二届中小学校长论坛开幕"
    assert page.warnings
