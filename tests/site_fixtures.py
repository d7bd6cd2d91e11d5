"""Small hand-made pages for the site tests: three ordinary pages and a hostile one.

The hostile page's text holds markup, attribute injections, Jinja syntax and
a ``</script>`` that would end an embedded JSON-LD block; the site must show
all of it as inert text.
"""

from __future__ import annotations

from pathlib import Path

from newsarchive.config import Config, Topic
from newsarchive.records import Article, Block, BodyBlock, Figure, Fragment, Page, Place

ROOT = Path(__file__).resolve().parents[1]

HOSTILE_TITLE = "<script>alert(1)</script>标题"
HOSTILE_ATTR = '" onmouseover="x'
HOSTILE_JINJA = "{{ 7*7 }}"
HOSTILE_CLOSE = "</script><script>alert(2)</script>"
HOSTILE_STRINGS = (HOSTILE_TITLE, HOSTILE_ATTR, HOSTILE_JINJA, HOSTILE_CLOSE)

TOPICS = (
    Topic("科技创新", "keji-chuangxin", ("科技", "创新")),
    Topic("产业发展", "chanye", ("产业",)),
    Topic("开放合作", "kaifang", ("开放", "外贸")),
)


def make_config(**overrides) -> Config:
    values = dict(root=ROOT, topics=TOPICS, page_size=3, base_url="https://example.org/archive/")
    values.update(overrides)
    return Config(**values)


def _body(*texts: str) -> list[BodyBlock]:
    return [BodyBlock("subheading", t[1:]) if t.startswith("#") else BodyBlock("paragraph", t) for t in texts]


def _chenzhou_page() -> Page:
    a1 = Article(
        id="cz-innovation",
        source="000_demo.txt",
        order=1,
        title="创新发展新答卷",
        kicker="郴州这座充满活力的“林中之城”，系统性推动创新链、产业链深度融合",
        byline="湖南日报全媒体记者 刘家璇",
        authors=["刘家璇"],
        date="2025-09-16",
        city="郴州",
        places=[Place("郴州", "郴州", "431000"), Place("汝城", "郴州", "431026"), Place("苏仙", "郴州", "431003")],
        topics=["科技创新", "产业发展"],
        keywords=["小黄姜", "郴江实验室"],
        captions=["郴州“城市大脑”自2023年初上线以来成效初显。（郴州市委宣传部供图）"],
        body=_body(
            "习近平总书记2020年9月16日亲临湖南，首站来到郴州汝城沙洲村。",
            "#平台聚能，让“关键变量”成为“最大增量”",
            "五年来，郴州全社会研发经费投入强度已提升至2.38%，增速跃升至全省第6。",
            "省级创新平台从26家增至140家。",
        ),
        figures=[Figure("2.38", "%", "研发经费投入强度"), Figure("140", "家", "省级创新平台")],
        lines=(1, 2, 3, 4, 5, 6, 7, 8),
    )
    a2 = Article(
        id="cz-beihu",
        source="000_demo.txt",
        order=2,
        title="以移动力量助力城市精细化管理",
        subtitle="北湖区新就业群体参与城市治理",
        date="2025-09-12",
        city="郴州",
        places=[Place("北湖", "郴州", "431002")],
        topics=["产业发展"],
        body=_body("9月10日上午，网约车司机李师傅在巡查中发现井盖破损。"),
        complete=False,
        lines=(9, 10, 11),
    )
    infographic = Fragment(
        kind="infographic",
        text="郴州五年成就\n地区生产总值\n2016年 1998.27亿元\n2020年 2503.07亿元",
        title="郴州五年成就",
        rows=[
            {"label": "地区生产总值", "year": "2016", "value": "1998.27", "unit": "亿元"},
            {"label": "地区生产总值", "year": "2020", "value": "2503.07", "unit": "亿元"},
            {"label": "三次产业比重", "year": "2016", "value": "9.5:40.8:49.7", "unit": ""},
            {"label": "三次产业比重", "year": "2020", "value": "9.9:39.3:50.8", "unit": ""},
        ],
        city="郴州",
        lines=(12, 13, 14, 15),
    )
    blocks = [
        Block(a1.kicker, "kicker", (1,), "dash_kicker"),
        Block(a1.title, "headline", (2,), "short_line"),
        Block("刘家璇", "byline", (3,), "name_line"),
        Block(a1.captions[0], "caption", (4,), "photo_credit"),
        Block(a1.body[0].text, "paragraph", (5,), "default"),
        Block(a1.body[1].text, "subheading", (6,), "short_line"),
        Block(a1.body[2].text, "paragraph", (7,), "default"),
        Block(a1.body[3].text, "paragraph", (8,), "default"),
        Block(a2.title + " " + a2.subtitle, "headline", (9, 10), "short_line"),
        Block(a2.body[0].text, "paragraph", (11,), "default"),
        Block(infographic.text, "infographic", (12, 13, 14, 15), "year_rows"),
        Block("本版责编 王某", "editor_note", (16,), "editor"),
    ]
    return Page(
        source="000_demo.txt", sha256="a" * 64, encoding="utf-8", date="2025-09-16", publication="湖南日报",
        page_label="07", articles=[a1, a2], fragments=[infographic], warnings=["第 16 行：无法归类"],
        blocks=blocks, line_count=16,
    )


def _yongzhou_page() -> Page:
    articles = [
        Article(
            id="yz-open",
            source="001_demo.txt",
            order=1,
            title="以创新链赋能产业链",
            subtitle="郴州经开区“双链”融合实践",
            column="非凡“十四五”",
            byline="谭 洁 梁可庭",
            authors=["谭洁", "梁可庭"],
            date="2026-02-28",
            city="永州",
            places=[Place("永州", "永州", "431100"), Place("宁远", "永州", "431126")],
            topics=["开放合作", "科技创新"],
            body=_body("科技成果转化是科技创新全周期的“最后一公里”。"),
            lines=(1, 2, 3, 4),
        ),
        Article(
            id="hn-wide",
            source="001_demo.txt",
            order=2,
            title="全省重大项目集中开工",
            authors=["谭洁"],
            byline="（谭洁）",
            date="2026-02",
            city="湖南",
            topics=["产业发展"],
            body=_body("全省32个重大项目集中开工，总投资363.31亿元。"),
            lines=(5, 6),
        ),
        Article(
            id="undated-1",
            source="001_demo.txt",
            order=3,
            title="没有日期的短讯",
            title_source="generated",
            city="永州",
            body=_body("永州一则短讯。"),
            lines=(7,),
        ),
    ]
    infographic = Fragment(
        kind="infographic",
        text="永州五年成就\n进出口总额\n2016年 10.22亿美元\n2020年 31.16亿美元",
        title="永州五年成就",
        rows=[
            {"label": "进出口总额", "year": "2016", "value": "10.22", "unit": "亿美元"},
            {"label": "进出口总额", "year": "2020", "value": "31.16", "unit": "亿美元"},
        ],
        city=None,  # left to the site's fallback: the title names the city
        lines=(8, 9, 10),
    )
    return Page(
        source="001_demo.txt", sha256="b" * 64, encoding="gb18030", date="2026-02-28",
        articles=articles, fragments=[infographic, Fragment("headline_index", "以创新链赋能产业链\n全省重大项目集中开工", lines=(11, 12))],
        line_count=12,
    )


def _many_page() -> Page:
    """Enough 郴州 articles to paginate its city page (page_size 3 in `make_config`)."""
    articles = [
        Article(
            id=f"cz-brief-{i}",
            source="002_demo.txt",
            order=i,
            title=f"郴州短讯第{i}则",
            authors=["刘家璇"],
            byline="刘家璇",
            date=f"2025-{i:02d}-01",
            city="郴州",
            topics=["产业发展"],
            body=_body(f"第{i}则短讯正文。"),
            lines=(i,),
        )
        for i in range(1, 6)
    ]
    return Page(source="002_demo.txt", sha256="c" * 64, encoding="utf-8", date="2025", articles=articles, line_count=5)


def _hostile_page() -> Page:
    article = Article(
        id="hostile-1",
        source="099_hostile.txt",
        order=1,
        title=HOSTILE_TITLE,
        kicker=HOSTILE_ATTR,
        subtitle=HOSTILE_JINJA,
        column=HOSTILE_CLOSE,
        byline=f"记者 {HOSTILE_ATTR}",
        authors=[HOSTILE_ATTR, "<b>张三</b>"],
        date="2025-10-01",
        city="郴州",
        places=[Place("<img src=x onerror=alert(3)>", "郴州", "")],
        topics=["科技创新"],
        keywords=[HOSTILE_JINJA, HOSTILE_CLOSE],
        captions=[HOSTILE_CLOSE],
        body=_body(HOSTILE_JINJA, "#" + HOSTILE_TITLE, HOSTILE_CLOSE, HOSTILE_ATTR),
        figures=[Figure("<i>1</i>", HOSTILE_ATTR, HOSTILE_JINJA)],
        lines=(1, 2, 3),
    )
    return Page(
        source="099_hostile.txt", sha256="d" * 64, encoding="utf-8", date="2025-10-01", publication=HOSTILE_ATTR,
        page_label=HOSTILE_JINJA, articles=[article],
        fragments=[Fragment("unknown", HOSTILE_CLOSE, lines=(4,)), Fragment(
            "infographic", HOSTILE_TITLE, title=HOSTILE_TITLE, city="郴州",
            rows=[{"label": HOSTILE_ATTR, "year": HOSTILE_JINJA, "value": "12", "unit": HOSTILE_CLOSE}], lines=(5,),
        )],
        warnings=[HOSTILE_CLOSE],
        blocks=[Block(HOSTILE_TITLE, "headline", (1,), HOSTILE_ATTR), Block(HOSTILE_CLOSE, "paragraph", (2, 3), "")],
        line_count=5,
    )


def make_pages(hostile: bool = True) -> list[Page]:
    pages = [_chenzhou_page(), _yongzhou_page(), _many_page()]
    if hostile:
        pages.append(_hostile_page())
    return pages
