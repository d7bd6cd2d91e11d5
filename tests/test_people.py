import pytest

from newsarchive.people import authors_of, dateline_credit, is_photo_credit, parse_credit, split_attribution


@pytest.mark.parametrize(
    "text, names",
    [
        ("湖南日报全媒体记者 陈勇 通讯员 蔡畅", ["陈勇", "蔡畅"]),
        ("谭 洁 梁可庭", ["谭洁", "梁可庭"]),
        ("夏 衍 刘 赛", ["夏衍", "刘赛"]),
        ("邓星照 宁 佩 邓祎可", ["邓星照", "宁佩", "邓祎可"]),
        ("湖南日报全媒体记者 万丽君 整理", ["万丽君"]),
        ("本报记者 欧阳晓明", ["欧阳晓明"]),
        ("刘家璇", ["刘家璇"]),
        ("■本报记者 曹娴 通讯员 刘洋", ["曹娴", "刘洋"]),
        ("湖南日报·新湖南客户端记者 段涵敏", ["段涵敏"]),
        ("文/图 张建华", ["张建华"]),
    ],
)
def test_bylines_give_people_without_titles_or_padding(text, names):
    assert parse_credit(text)[1] == names


@pytest.mark.parametrize("text", ["前言", "园丁之歌", "高质量", "产业兴旺", "郴州：", "湖南日报 公益广告", "建行担当看郴州"])
def test_words_that_are_not_bylines(text):
    assert parse_credit(text) is None


def test_trailing_attribution_is_split_from_the_paragraph():
    body, credit, names = split_attribution("参保率已达97.65%。 （何 潇）")
    assert body == "参保率已达97.65%。"
    assert credit == "（何 潇）"
    assert names == ["何潇"]
    assert split_attribution("覆盖郴州高新区（郴州高新区、郴州经开区）") is None


def test_same_reporter_is_one_person_across_byline_forms():
    assert authors_of("湖南日报全媒体记者 刘家璇") == authors_of("刘 家 璇") or authors_of("刘家璇") == ["刘家璇"]
    assert authors_of("（刘遵娟）") == ["刘遵娟"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("项目建设现场。 黄春涛 唐海霞 摄", True),
        ("集群。朱孝荣 摄", True),
        ("图为技能竞赛。（郴州市委宣传部供图）", True),
        ("科远达生产车间。(郴州经开区管委会供图)", True),
        ("游客纷纷拿出手机拍摄", False),
        ("大桥建设现场。（资料图片）", True),
        ("演出现场。（图片由主办方提供）", True),
        ("会议现场。（记者 周志强 摄）", True),
        ("新华社记者 李贺 发", True),
        ("会议强调（要坚持发展）", False),
        ("代表团一行（从长沙出发）", False),
    ],
)
def test_photo_credits(text, expected):
    assert is_photo_credit(text) is expected


def test_byline_printed_in_a_dateline():
    assert dateline_credit("本报讯（记者 陈勇 通讯员 蔡畅）12月27日，郴州召开大会。") == ("记者 陈勇 通讯员 蔡畅", ["陈勇", "蔡畅"])
    assert dateline_credit("株洲讯（通讯员 王丽华）近日，株洲市举办活动。")[1] == ["王丽华"]
    assert dateline_credit("12月27日，郴州召开大会（记者 陈勇）") is None
