"""Dates: the publication date inferred from the text, or kept from the sidecar."""

from __future__ import annotations

from dataclasses import replace

import pytest
from enrich_helpers import enriched_seeds, make_article, make_page, parsed_seeds, site_config

from newsarchive.enrich import enrich_pages
from newsarchive.enrich.dates import infer_date, infer_month, infer_year, resolve_relative, year_evidence


@pytest.mark.parametrize(
    "seed, year, date",
    [("000", "2025", "2025-09"), ("001", "2025", "2025-11"), ("002", "2026", "2026-02"), ("003", "2024", "2024-12"), ("004", "2021", "2021-11")],
)
def test_seed_dates(seed, year, date):
    page = enriched_seeds()[seed]
    assert page.date[:4] == year
    assert page.date == date
    assert all(article.date == page.date for article in page.articles)


def test_a_sidecar_date_is_kept():
    page = parsed_seeds()[4]
    assert page.date is None and enrich_pages([page], site_config())[0].date == "2021-11"
    set_by_sidecar = replace(page, date="2021-11-26")
    out = enrich_pages([set_by_sidecar], site_config())[0]
    assert out.date == "2021-11-26"
    assert {a.date for a in out.articles} == {"2021-11-26"}


def test_infer_date_reports_precision_and_reason():
    guess = infer_date(["9月10日上午，网约车司机在接单间隙发现井盖破损。2025年郴商大会上，郴州推介低空经济。"])
    assert (guess.value, guess.precision, guess.source) == ("2025-09", "month", "text")
    assert any("2025" in r for r in guess.reasons) and any("9月10日" in r for r in guess.reasons)
    assert infer_date(["2024年，我在单位附近买了房。"]).precision == "year"
    assert infer_date(["没有年份。"]).value is None
    assert infer_date(["2024年"], sidecar_date="2025-01").value == "2025-01"


@pytest.mark.parametrize(
    "text, year",
    [
        ("2025年郴商大会上，郴州推介低空经济。力争到2030年，数字娄底建设取得成效。", 2025),  # a target is no date
        ("2025年完成技术合同成交额321.08亿元，增长11.95%。", 2026),  # a whole year reported: the page is later
        ("2026年是“十五五”规划开局之年。2025年全省数据。", 2026),  # named as the present year
        ("地区生产总值由2016年的1998.27亿元增加到2020年的2503.07亿元。", 2021),
        ("2020年，游客接待量比2015年增长65%。", 2021),
        ("已出台《光电显示产业培塑三年行动方案(2024-2026年)》。与2024年底仪式同频共振。", 2024),
        ("谋划部署了2025年工作。12月26日上午，2024年重大项目集中开工。", 2024),
        ("预计2024年非化石能源消费比重达到40%。2023年春节期间。", 2023),
        ("时间回溯到2019年5月，国务院批复郴州建设示范区。", 2019),
    ],
)
def test_year_rules(text, year):
    assert infer_year(text)[0] == year


def test_year_evidence_is_classified():
    ev = year_evidence("力争到2030年实现目标；2016年至2020年，一大批企业落地；2026年是开局之年。")
    assert 2030 in ev.plan and 2016 in ev.past and 2020 in ev.past and 2026 in ev.present


@pytest.mark.parametrize(
    "text, month",
    [
        ("9月10日上午，司机发现井盖破损。9月16日上午，活动启动。", 9),
        ("今年6月上旬，代表团到访。", 6),
        ("1至11月，全市住院率下降。6月5日，走访企业。", 11),
        ("今年前3季度，规模工业增加值增长10.8%。11月7日发布。", 11),
        ("去年12月，项目开工。3月2日，复工。", 3),  # 去年's month is not this year's
        ("1月5日召开会议。12月28日的项目已投产。", 1),  # January looking back at December
        ("没有日期。", None),
    ],
)
def test_month_rules(text, month):
    assert infer_month(text)[0] == month


def test_relative_years():
    assert [resolve_relative(w, 2025) for w in ("今年", "去年", "前年", "明年", "年底")] == [2025, 2024, 2023, 2026, None]


def test_a_page_with_no_date_in_its_text_stays_undated():
    page = enrich_pages([make_page(make_article("无日期", "网约车司机发现井盖破损。"))], site_config())[0]
    assert page.date is None and page.articles[0].date is None
