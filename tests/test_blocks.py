"""Lines to blocks: one small fixture file per edge case (tests/fixtures/)."""

from newsarchive.blocks import ROLE_RULES, make_blocks
from newsarchive.normalise import split_lines

from conftest import FIXTURES


def blocks_of(name: str):
    return make_blocks(split_lines((FIXTURES / name).read_text(encoding="utf-8")))


def roles(name: str) -> list[tuple[str, str]]:
    return [(b.role, b.text) for b in blocks_of(name)]


def test_hard_wrapped_lines_join_into_paragraphs():
    paragraphs = [text for role, text in roles("wrapped_paragraphs.txt") if role == "paragraph"]
    assert paragraphs == [
        "今年以来，某县持续推进示范区建设，取得明显成效。全县新增企业120家，产值增长10%以上，带动就业5000余人，群众满意度持续提升。",
        "今年，该县还将继续加大投入力度，推动产业转型升级。",
    ]


def test_headline_and_byline_are_not_joined_to_the_body():
    found = roles("wrapped_paragraphs.txt")
    assert found[0] == ("display", "关于示范区建设的报道标题")
    assert found[1] == ("byline", "湖南日报全媒体记者 张建华 通讯员 李明远")


def test_letter_spaced_justified_line_joins_its_paragraph():
    assert roles("letter_spaced.txt") == [("paragraph", "从加快湘南开放开发，到获省政府赋予先行先试承接产业转移34条特殊政策，郴州发展如饮甘饴。")]


def test_kicker_and_subtitle_roles_from_dashes():
    found = roles("kicker_subtitle.txt")
    assert [r for r, _ in found] == ["kicker", "display", "subtitle", "byline", "paragraph"]


def test_trailing_attribution_split_off_last_paragraph():
    found = roles("trailing_attribution.txt")
    assert found[-2] == ("paragraph", "活动期间，当地还开展了农技培训和电商直播带货。")
    assert found[-1] == ("attribution", "（夏衍 刘赛）")


def test_caption_wrapped_over_lines_is_one_caption_with_its_credit():
    found = roles("wrapped_caption.txt")
    assert found[-1] == ("caption", "G4京港澳高速耒阳大市至宜章（湘粤界）段改扩建工程项目快速推进，将进一步畅通郴州发展的南北大动脉。郭立亮摄")
    assert found[0][0] == "paragraph"


def test_every_line_lands_in_a_block():
    for fixture in FIXTURES.glob("*.txt"):
        lines = [ln.number for ln in split_lines(fixture.read_text(encoding="utf-8")) if ln.text]
        used = sorted({n for b in blocks_of(fixture.name) for n in b.lines})
        assert sorted(used) == lines, fixture.name


def test_role_rules_are_named_and_explained():
    names = [rule.name for rule in ROLE_RULES]
    assert len(names) == len(set(names))
    assert all(rule.why for rule in ROLE_RULES)
    assert ROLE_RULES[-1].role == "paragraph"  # the catch-all comes last


def test_paragraph_running_on_into_a_wider_column_is_joined():
    paragraphs = [text for role, text in roles("column_width_change.txt") if role == "paragraph"]
    assert paragraphs[-1].startswith("关注事实无人抚养儿童、困境学生、留守儿童等")
    assert len(paragraphs) == 2
