"""Nothing is dropped: every line of every seed reappears in its page's records."""

import pytest

from newsarchive.decode import decode
from newsarchive.parse import conserved_share, parse_page

from conftest import SEEDS


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_every_line_of_the_seed_reappears(path):
    data = path.read_bytes()
    page = parse_page(data, path.name)
    share, missing = conserved_share(page, decode(data, path.name)[0])
    assert missing == []
    assert share == 1.0
    assert rescued(page) == []  # placed by the parser, not by the safety net


def rescued(page):
    """Text only the safety net kept (fragments it adds carry no line numbers)."""
    return [f.text for f in page.fragments if f.kind == "unknown" and not f.lines]


def test_safety_net_keeps_text_the_parser_lost(monkeypatch):
    import newsarchive.parse as parse

    original = parse.to_article

    def lossy(draft, page, order):
        article = original(draft, page, order)
        article.body = article.body[:-1]  # a parser bug that drops the last paragraph
        return article

    monkeypatch.setattr(parse, "to_article", lossy)
    data = "标题一行\n\n这是正文第一段，讲了一件事。\n\n这是正文第二段，又讲了一件事。\n".encode()
    page = parse.parse_page(data, "x.txt")
    assert rescued(page) == ["这是正文第二段，又讲了一件事。"]
    assert any(w.startswith("无法归入文章的文字已作为片段保留") for w in page.warnings)


def test_conservation_check_notices_dropped_text():
    data = "标题一行\n\n这是正文第一段，讲了一件事。\n\n这是正文第二段，又讲了一件事。\n".encode()
    page = parse_page(data, "x.txt")
    page.articles[0].body.pop()
    share, missing = conserved_share(page, data.decode())
    assert share < 1.0
    assert missing == ["这是正文第二段，又讲了一件事。"]
