"""The export form of the records (`data/articles.json`)."""

from dataclasses import fields

from newsarchive.records import Article, BodyBlock, Figure, Place


def test_article_export_carries_every_field_but_the_parse_only_ones():
    # `Article.to_json` names its keys by hand: a field added to the dataclass must be
    # added to the export too, or deliberately left out here.
    parse_only = {"lines", "topic_reasons"}
    article = Article(id="a1", source="p.txt", order=1, title="标题")
    assert list(article.to_json()) == ["id", "url"] + [f.name for f in fields(Article) if f.name not in parse_only | {"id"}]


def test_article_export_is_plain_data_not_shared_with_the_record():
    article = Article(
        id="a1", source="p.txt", order=1, title="标题", authors=["刘赛"],
        places=[Place("娄星区", "娄底市", "431302")], body=[BodyBlock("paragraph", "正文。")],
        figures=[Figure("12.5", "亿元", "投资")], lines=(1, 2),
    )
    data = article.to_json()
    assert data["places"] == [{"name": "娄星区", "city": "娄底市", "adcode": "431302"}]
    assert data["body"] == [{"kind": "paragraph", "text": "正文。"}]
    assert data["figures"] == [{"value": "12.5", "unit": "亿元", "label": "投资"}]
    data["authors"].append("夏衍")
    assert article.authors == ["刘赛"]
