"""Places: the gazetteer, place mentions, the main city, and the region set in config."""

from __future__ import annotations

import copy
from dataclasses import replace

import pytest
from enrich_helpers import article_with, enriched_seeds, make_article, make_page, parsed_seeds, site_config

from newsarchive.config import Config, Region, parse_config
from newsarchive.enrich import enrich_pages
from newsarchive.enrich.gazetteer import load_gazetteer
from newsarchive.enrich.places import find_mentions, locate
from newsarchive.errors import ConfigError
from newsarchive.records import Fragment, Place

HUNAN_CITIES = {"长沙", "株洲", "湘潭", "衡阳", "邵阳", "岳阳", "常德", "张家界", "益阳", "郴州", "永州", "怀化", "娄底", "湘西"}


def city(*paragraphs: str, title: str = "") -> str | None:
    return locate(make_article(title, *paragraphs), load_gazetteer("430000")).city


# --- the gazetteer -------------------------------------------------------------


def test_gazetteer_lists_the_14_prefectures_and_every_county():
    gaz = load_gazetteer("430000")
    assert gaz.province.name == "湖南省" and gaz.province.short == "湖南"
    assert {c.short for c in gaz.cities} == HUNAN_CITIES
    assert len(gaz.counties) == 122
    assert all(d.city in HUNAN_CITIES for d in gaz.counties)
    assert all(d.adcode.startswith("43") and len(d.adcode) == 6 for d in gaz.divisions.values())


@pytest.mark.parametrize(
    "name, short, city_name, adcode",
    [
        ("汝城县", "汝城", "郴州", "431026"),
        ("江华瑶族自治县", "江华", "永州", "431129"),
        ("湘西土家族苗族自治州", "湘西", "湘西", "433100"),
        ("邵东市", "邵东", "邵阳", "430582"),
        ("南县", "南县", "益阳", "430921"),  # one character left after the suffix: no short form
        ("邵阳县", "邵阳县", "邵阳", "430523"),  # its short form would be the city's
    ],
)
def test_gazetteer_rows(name, short, city_name, adcode):
    division = load_gazetteer("430000").divisions[adcode]
    assert (division.name, division.short, division.city) == (name, short, city_name)


def test_gazetteer_has_points():
    gaz = load_gazetteer("430000")
    with_points = [d for d in gaz.divisions.values() if d.lon is not None and d.lat is not None]
    assert len(with_points) >= len(gaz.divisions) - 1  # 渌口区 has none in the source
    chenzhou = gaz.divisions["431000"]
    assert 112 < chenzhou.lon < 114 and 25 < chenzhou.lat < 26.5


# --- mentions ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("汝城县沙洲村", ["汝城县"]),
        ("邵阳市大祥区雨溪镇中学", ["邵阳市", "大祥区"]),
        ("永定区委巡察", ["永定区"]),
        ("江华参保患者", ["江华瑶族自治县"]),
        ("委星区把“严”的要求贯彻到监督的前沿", ["娄星区"]),  # OCR: 委 for 娄
        ("株州市", ["株洲市"]),
        ("为建设现代化新湘乡贡献住建力量", ["湘乡市"]),
        ("怀化会同", ["怀化市", "会同县"]),
        ("会同县", ["会同县"]),
        ("岳阳楼区", ["岳阳楼区"]),
    ],
)
def test_mentions(text, expected):
    gaz = load_gazetteer("430000")
    assert [gaz.divisions[m.adcode].name for m in find_mentions(text, gaz) if m.kind != "province"] == expected


@pytest.mark.parametrize(
    "text",
    ["浙江华友钴业", "辽宁乡村振兴", "天津市委", "沅陵筲箕湾镇九龙山村", "会同有关部门", "荣获芙蓉奖", "湘南湘西承接产业转移示范区"],
)
def test_words_that_only_contain_a_place_name_are_not_places(text):
    gaz = load_gazetteer("430000")
    names = [gaz.divisions[m.adcode].name for m in find_mentions(text, gaz) if m.kind != "province"]
    assert names in ([], ["沅陵县"])  # 沅陵 is real; 龙山 inside 九龙山 is not


# --- the main city -------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("汝城县小黄姜年产值突破20亿元。", "郴州"),
        ("资兴高质量发展的新图景正在东江两岸渐次铺展。", "郴州"),
        ("企业复工劲头足，安仁全力冲刺开门红。", "郴州"),
        ("北湖区新就业群体参与城市治理。", "郴州"),
        ("隆回县鸭田九年义务制学校张艳笑老师。", "邵阳"),
        ("邵阳市大祥区雨溪镇中学教师谢旭晖。", "邵阳"),
        ("邵东打火机产业入选中国产业名片。", "邵阳"),
        ("永定区委第七轮巡察走访期间。", "张家界"),
        ("江苏专家为宁远新媒体公益培训班授课。", "永州"),
        ("江华参保患者成为医保政策宣讲员。", "永州"),
        ("娄星区第二届中小学校长论坛开幕。", "娄底"),
        ("委星区把“严”的要求贯彻到监督的前沿。", "娄底"),
        ("委星区把“严”的要求贯彻到监督的前沿，娄底各级纪检监察机关积极跟进。", "娄底"),
        ("网约车司机发现路面井盖破损。", None),
    ],
)
def test_required_cities(text, expected):
    assert city(text) == expected


def test_headline_and_lead_outweigh_a_passing_mention():
    lead = "汝城县小黄姜种植规模达5万亩。"
    later = ["产品销往长沙、株洲等地。", "长沙客商前来洽谈。"]
    assert city(lead, *later, title="汝城小黄姜产业") == "郴州"
    # The same passing mentions win when the headline and lead name no place.
    assert city("小黄姜种植规模达5万亩。", *later, title="小黄姜产业") == "长沙"


def test_province_wide_pieces_are_湖南():
    spread = [
        "未来5年，湖南如何推动民政事业高质量发展？",
        "湘潭市雨湖区民政局局长建议。",
        "岳阳市平江县安定镇敬老院院长认为。",
        "长沙市岳麓区银星社区党总支书记建议。",
        "邵阳先进制造技术研究院副院长建议。",
        "沅陵县筲箕湾镇村民建议。",
    ]
    assert city(*spread) == "湖南"
    assert city("全省民政系统积极响应。湖南将打造幸福养老新高地。", title="湖南民政建言献策") == "湖南"


def test_places_are_listed_once_in_order_with_county_and_city():
    result = locate(make_article("汝城小黄姜", "汝城县沙洲村的姜田。郴州市北湖区，汝城县。"), load_gazetteer("430000"))
    assert result.places == [
        Place(name="汝城县", city="郴州", adcode="431026"),
        Place(name="郴州市", city="郴州", adcode="431000"),
        Place(name="北湖区", city="郴州", adcode="431002"),
    ]


# --- the region comes from config ----------------------------------------------


def test_region_in_config_selects_the_gazetteer():
    article = make_article("佛山市顺德区家电产业", "顺德区家电企业产值增长。")
    hunan = enrich_pages([make_page(article)], site_config())[0].articles[0]
    guangdong_config = replace(site_config(), region=Region(name="广东", adcode="440000"))
    guangdong = enrich_pages([make_page(article)], guangdong_config)[0].articles[0]
    assert hunan.city is None and hunan.places == []
    assert guangdong.city == "佛山"
    assert [p.name for p in guangdong.places] == ["佛山市", "顺德区"]
    assert load_gazetteer("440000").province.name == "广东省"


def test_region_is_read_from_site_yaml():
    config = parse_config('region: {name: 广东, adcode: "440000"}\n')
    assert config.region == Region(name="广东", adcode="440000")
    page = enrich_pages([make_page(make_article("", "广东省各地市代表齐聚广州。深圳、佛山、东莞、珠海代表发言。"))], config)[0]
    assert page.articles[0].city == "广东"  # spread over four cities: province-wide, named as in config


def test_a_region_without_data_is_a_config_error():
    with pytest.raises(ConfigError, match="gazetteer-990000.csv"):
        enrich_pages([make_page(make_article("x", "y"))], Config(region=Region(name="无", adcode="990000")))


# --- infographics and the seeds ----------------------------------------------------


def test_infographic_fragments_get_their_city():
    rows = [{"label": "地区生产总值", "year": 2016, "value": "1998.27", "unit": "亿元"}]
    page = make_page(
        make_article("永州：崛起湘江源", "永州市委、市政府带领全市干部群众。"),
        fragments=[
            Fragment(kind="infographic", text="郴州五年成就 地区生产总值 2016年 1998.27亿元", title="郴州五年成就", rows=rows),
            Fragment(kind="infographic", text="五年成就 地区生产总值", title="五年成就"),
        ],
    )
    out = enrich_pages([page], site_config())[0]
    assert [f.city for f in out.fragments] == ["郴州", "永州"]  # the second names no city: the page's


# Gold annotations: (seed, beginning of the body, the editors' city).
GOLD_CITIES = [
    ("000", "习近平总书记2020年9月16日亲临湖南", "郴州"),
    ("000", "9月10日上午，网约车司机李师傅在", "郴州"),
    ("000", "委星区把“严”的要求贯彻到监督的前沿", "娄底"),
    ("000", "9月16日上午，国家金融监督管理总局", "株洲"),
    ("000", "隆回县鸭田九年义务制学校张艳笑老师", "邵阳"),
    ("000", "“甘为孺子牛，愿做守护者。”这是隆回县", "邵阳"),
    ("000", "“苔花如米小，也学牡丹开。”邵阳市大祥区", "邵阳"),
    ("002", "“开局之年要有开局之势，经济大市当挑", "郴州"),
    ("002", "“十五五”开局，资兴高质量发展的新图景", "郴州"),
    ("002", "“现在下雨天心里踏实多了，出门再也不怕", "张家界"),
    ("002", "初春时节，江苏永州两地情谊再续新篇。", "永州"),
    ("002", "“员工返岗意愿强烈，复工首日返岗率", "郴州"),
    ("002", "春节假期刚过，湘州市住建局迅速进入", "湘潭"),
    ("004", "2020年9月，习近平总书记在湖南考察", "郴州"),
    ("004", "地区生产总值年均增长7.1%；获批湘南", "永州"),
    ("004", "未来5年，湖南如何推动民政事业高质量", "湖南"),
]


@pytest.mark.parametrize("seed, body_start, expected", GOLD_CITIES)
def test_gold_cities_on_the_seeds(seed, body_start, expected):
    assert article_with(enriched_seeds()[seed], body_start).city == expected


def test_every_seed_article_city_is_a_city_or_the_province():
    for page in enriched_seeds().values():
        for article in page.articles:
            assert article.city is None or article.city in HUNAN_CITIES | {"湖南"}
            assert all(p.city in HUNAN_CITIES for p in article.places)


def test_enrich_is_pure_and_deterministic():
    pages = list(parsed_seeds())
    before = copy.deepcopy(pages)
    first = enrich_pages(pages, site_config())
    assert pages == before  # the input is left as it was
    second = enrich_pages(pages, site_config())
    assert [p.to_json() for p in first] == [p.to_json() for p in second]
    assert [[a.to_json() for a in p.articles] for p in first] == [[a.to_json() for a in p.articles] for p in second]
