import pytest

from newsarchive.normalise import collapse_spaces, display_text, split_lines, undouble


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("12 月 26 日上午", "12月26日上午"),
        ("带 来 重 大 利 好 。 安 仁 县", "带来重大利好。安仁县"),
        ("总投资 363.31\u3000亿元", "总投资363.31亿元"),
        ("接入 DeepSeek 智能客服", "接入DeepSeek智能客服"),
        ("Hello big world", "Hello big world"),
        ("2016 2020", "2016 2020"),
        ("G4 京港澳高速", "G4京港澳高速"),
        ("同 比 分 别 增 长 26.7% 、 24.17%", "同比分别增长26.7%、24.17%"),
    ],
)
def test_artifact_spaces_removed_latin_spaces_kept(raw, expected):
    assert collapse_spaces(raw) == expected


def test_doubled_headline_glyphs_are_undone():
    assert display_text("稳中求进稳中求进 向新而行向新而行") == "稳中求进 向新而行"
    assert undouble("公共公共服务平台") == "公共公共服务平台"  # not a whole doubled run: kept as printed


def test_space_between_headline_halves_is_kept_once():
    assert display_text("保障金融权益  助力美好生活") == "保障金融权益 助力美好生活"
    assert display_text("郭 立 亮 摄 影 作 品") == "郭立亮摄影作品"


def test_lines_keep_raw_text_and_numbers():
    lines = split_lines(" 迎接党代会 谱写新篇章\r\n\r\n正文\u200b第一段")
    assert [ln.number for ln in lines] == [1, 2, 3]
    assert lines[0].boxed and lines[0].text == "迎接党代会谱写新篇章"
    assert lines[2].text == "正文第一段"
    assert lines[1].text == ""
