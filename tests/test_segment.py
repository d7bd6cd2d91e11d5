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


def test_wrapped_page_with_heads_above_their_bodies():
    page = parse("wrapped_top_layout.txt")
    assert [(a.title, a.authors) for a in page.articles] == [("张家界全域旅游迈上新台阶", ["黄京生"]), ("湘西州特色农产品走俏市场", ["向民贵", "石林"])]
    first = [b.text for b in page.articles[0].body]
    # A full line ending a sentence may or may not end its paragraph; the text is what matters.
    assert "".join(first) == (
        "今年前三季度，张家界市接待游客4500万人次，同比增长12.3%，旅游总收入突破500亿元。全市新增A级景区6家，旅游服务质量持续提升。"
        "当地还推出一批精品旅游线路，带动乡村民宿、特色餐饮等业态快速发展，旅游从业人员超过10万人。"
        "“我们村的民宿一到周末就订满了。”永定区一位村民高兴地说。"
    )
    assert first[0].endswith("旅游服务质量持续提升。") and first[1].startswith("当地还推出")
    assert page.articles[1].body[0].text.endswith("带动农民人均增收1200元。")


def test_jump_lines_mark_articles_continued_elsewhere():
    page = parse("jump_lines.txt")
    assert page.articles[0].complete is False
    assert [f.text for f in page.fragments if f.kind == "continuation"][:2] == ["（下转第3版）", "（上接第1版）"]
    assert page.articles[0].body[0].text.endswith("同比增长9.5%。")


def test_indented_paragraphs_and_a_subheading_in_a_wrapped_page():
    page = parse("indented_paragraphs.txt")
    (article,) = page.articles
    assert article.title == "某县推进美丽乡村建设"
    assert [b.kind for b in article.body] == ["paragraph", "subheading", "paragraph"]
    assert article.body[2].text.startswith("该县因地制宜发展特色种植业，引进龙头企业十余家")


def test_an_attribution_under_a_bylined_article_closes_a_second_article():
    page = parse("second_credit.txt")
    assert [(a.title, a.authors) for a in page.articles] == [
        ("经开区以创新链赋能产业链", ["谭洁", "梁可庭"]),
        ("廿六载心血催开乡土教育之花", ["郑丹枚"]),
    ]
    assert [b.kind for b in page.articles[0].body] == ["paragraph", "subheading", "paragraph"]
