"""Charts and the map are SVG drawn at build time, with seed text escaped."""

import xml.etree.ElementTree as ET

from newsarchive.site.geo import GeoPoint, load_points
from newsarchive.site.svg import MapCity, chart_svg, map_svg, series_from_rows

ROWS = [
    {"label": "地区生产总值", "year": "2016", "value": "1998.27", "unit": "亿元"},
    {"label": "地区生产总值", "year": "2020", "value": "2503.07", "unit": "亿元"},
    {"label": "三次产业比重", "year": "2016", "value": "9.5:40.8:49.7", "unit": ""},
    {"label": "三次产业比重", "year": "2020", "value": "18.7：32.0：49.3", "unit": ""},
    {"label": "进出口总额", "year": "2016", "value": "271186万美元", "unit": ""},
    {"label": "进出口总额", "year": "2020", "value": "489982万美元", "unit": ""},
    {"label": "说明", "year": "", "value": "见正文", "unit": ""},
]


def test_rows_become_series_in_printed_order():
    series = series_from_rows(ROWS)
    assert [s.label for s in series] == ["地区生产总值", "三次产业比重", "进出口总额", "说明"]
    assert [s.kind for s in series] == ["bars", "ratio", "bars", "text"]
    assert series[0].change == "+25.3%"
    assert series[1].points[1].parts == (18.7, 32.0, 49.3)
    assert series[2].points[0].text == "271186万美元"  # unit split from the value
    assert chart_svg(series[3]) == ""


def test_charts_are_valid_svg_with_values_as_text():
    for s in series_from_rows(ROWS)[:3]:
        svg = str(chart_svg(s))
        root = ET.fromstring(svg)
        assert root.get("role") == "img" and root.get("aria-label")
        texts = "".join(root.itertext())
        for p in s.points:
            assert p.year in texts
    bars = str(chart_svg(series_from_rows(ROWS)[0]))
    assert "1998.27亿元" in bars and "2503.07亿元" in bars
    assert "第二产业" in str(chart_svg(series_from_rows(ROWS)[1]))


def test_chart_text_is_escaped():
    rows = [{"label": "<b>x</b>", "year": "<script>", "value": "1", "unit": '"><script>'}]
    svg = str(chart_svg(series_from_rows(rows)[0]))
    assert "<script>" not in svg
    ET.fromstring(svg)


def test_map_draws_cities_sized_by_articles_and_links_them():
    points = [
        GeoPoint("甲市", "甲", "1", "city", "甲", 112.0, 28.0),
        GeoPoint("乙市", "乙", "2", "city", "乙", 113.0, 26.0),
        GeoPoint("丙县", "丙", "3", "county", "甲", 111.5, 27.0),
        GeoPoint("丁县", "丁", "4", "county", "乙", 113.5, 27.5),
    ]
    svg = str(map_svg(points, [MapCity("甲", 3, "cities/jia/")], lambda u: "../" + u, "地图 <x>"))
    root = ET.fromstring(svg)
    links = root.findall(".//{http://www.w3.org/2000/svg}a")
    assert [a.get("href") for a in links] == ["../cities/jia/"]
    assert "甲 3" in svg and "乙" in svg and "地图 &lt;x&gt;" in svg


def test_no_map_without_coordinates():
    assert map_svg([], [MapCity("甲", 1, "x/")], str, "t") == ""


def test_hunan_gazetteer_has_points_for_every_city():
    points = load_points("430000")
    if not points:  # the gazetteer is optional for the site
        return
    cities = {p.short for p in points if p.level == "city"}
    assert {"郴州", "永州", "长沙", "湘西"} <= cities
    assert load_points("999900") == []
