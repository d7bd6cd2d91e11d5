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


def test_conservation_check_notices_dropped_text():
    data = "标题一行\n\n这是正文第一段，讲了一件事。\n\n这是正文第二段，又讲了一件事。\n".encode()
    page = parse_page(data, "x.txt")
    page.articles[0].body.pop()
    share, missing = conserved_share(page, data.decode())
    assert share < 1.0
    assert missing == ["这是正文第二段，又讲了一件事。"]
