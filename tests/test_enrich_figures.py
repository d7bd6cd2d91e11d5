"""Key figures in articles, and the infographics' data series with their city."""

from __future__ import annotations

import pytest
from enrich_helpers import article_with, enriched_seeds, make_article

from newsarchive.enrich.figures import MAX_FIGURES, extract_figures, figures_in
from newsarchive.records import Figure


@pytest.mark.parametrize(
    "text, expected",
    [
        ("年产值突破20亿元", [("20", "亿元", "年产值")]),
        ("高新技术企业总数达743家，净增54家", [("743", "家", "高新技术企业总数")]),
        ("形成5万亩种植规模，年产值突破20亿元。", [("5", "万亩", "种植规模"), ("20", "亿元", "年产值")]),
        ("2025年完成技术合同成交额321.08亿元，增长11.95%。", [("321.08", "亿元", "技术合同成交额"), ("11.95", "%", "技术合同成交额增长")]),
        ("五年来，郴州全社会研发经费投入强度已提升至2.38%。", [("2.38", "%", "全社会研发经费投入强度")]),
        ("省级创新平台从26家增至140家。", [("140", "家", "省级创新平台")]),
        ("郴州去年新增省级科技创新平台31家。", [("31", "家", "新增省级科技创新平台")]),
        ("物流成本比过去降低20%至30%。", [("20", "%", "物流成本比过去降低")]),
        ("累计上报问题线索280余条。", [("280", "条", "累计上报问题线索")]),
        ("进出口总额489982万美元。", [("489982", "万美元", "进出口总额")]),
        ("2020年9月16日，总书记来到郴州。", []),  # dates are not figures
        ("正式搭建了3个共建平台。", [("3", "个", "共建平台")]),  # the verb alone is no label
        ("较年初新增4.18亿元。", []),  # a comparison is no label
    ],
)
def test_figures_in_text(text, expected):
    assert [(f.value, f.unit, f.label) for f in figures_in(text, places=("郴州",))] == expected


def test_article_figures_are_distinct_ranked_and_capped():
    paragraphs = [f"园区入驻企业{n}家，总投资{n}亿元。" for n in range(10, 10 + MAX_FIGURES - 2)]
    article = make_article("园区", "园区入驻企业5家，增长8%。", *paragraphs, "园区入驻企业5家，增长8%。")
    figures = extract_figures(article)
    # 18 sums of money and the share rank first; one place is left, for the first count.
    assert len(figures) == MAX_FIGURES
    assert figures[:2] == [Figure("5", "家", "园区入驻企业"), Figure("8", "%", "园区入驻企业增长")]
    assert [f.unit for f in figures[2:]] == ["亿元"] * (MAX_FIGURES - 2)
    assert [int(f.value) for f in figures[2:]] == list(range(10, 10 + MAX_FIGURES - 2))  # reading order
    assert len({(f.value, f.unit, f.label) for f in figures}) == len(figures)  # the repeated sentence counts once


def test_seed_figures():
    pages = enriched_seeds()
    lead = article_with(pages["000"], "习近平总书记2020年9月16日亲临湖南")
    assert Figure("20", "亿元", "年产值") in lead.figures
    chenzhou = article_with(pages["002"], "“开局之年要有开局之势，经济大市当挑")
    assert Figure("743", "家", "高新技术企业总数") in chenzhou.figures
    assert Figure("321.08", "亿元", "技术合同成交额") in chenzhou.figures
    for page in pages.values():
        for article in page.articles:
            assert len(article.figures) <= MAX_FIGURES
            assert all(f.value and f.unit and len(f.label) >= 2 for f in article.figures)


CHENZHOU_SERIES = [
    ("全体居民人均可支配收入", 2016, "19756", "元"),
    ("全体居民人均可支配收入", 2020, "27196", "元"),
    ("三次产业比重", 2016, "9.5:40.8:49.7", ""),
    ("三次产业比重", 2020, "9.9:39.3:50.8", ""),
    ("地区生产总值", 2016, "1998.27", "亿元"),
    ("地区生产总值", 2020, "2503.07", "亿元"),
    ("进出口总额", 2016, "271186", "万美元"),
    ("进出口总额", 2020, "489982", "万美元"),
]
YONGZHOU_SERIES = [
    ("地区生产总值", 2016, "1565.81", "亿元"),
    ("地区生产总值", 2020, "2107.70", "亿元"),
    ("进出口总额", 2016, "10.22", "亿美元"),
    ("进出口总额", 2020, "31.16", "亿美元"),
    ("全体居民人均可支配收入", 2016, "16764", "元"),
    ("全体居民人均可支配收入", 2020, "23661", "元"),
    ("三次产业比重", 2016, "20.9：34.8：44.3", ""),
    ("三次产业比重", 2020, "18.7：32.0：49.3", ""),
]


def test_the_two_infographics_are_data_series_of_their_city():
    page = enriched_seeds()["004"]
    charts = {f.title: f for f in page.fragments if f.kind == "infographic"}
    assert set(charts) == {"郴州五年成就", "永州五年成就"}
    assert charts["郴州五年成就"].city == "郴州"
    assert charts["永州五年成就"].city == "永州"
    for title, series in (("郴州五年成就", CHENZHOU_SERIES), ("永州五年成就", YONGZHOU_SERIES)):
        rows = [(r["label"], r["year"], r["value"], r["unit"]) for r in charts[title].rows]
        assert rows == series
