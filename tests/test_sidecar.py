import pytest

from newsarchive.errors import InputError
from newsarchive.parse import parse_page
from newsarchive.sidecar import load_sidecar

from conftest import SEEDS


def test_sidecar_sets_date_publication_fixes_and_titles(tmp_path):
    seed = tmp_path / "000.txt"
    seed.write_bytes((SEEDS / "000_22f9f7bde1bf95a2.txt").read_bytes())
    seed.with_suffix(".yaml").write_text("date: 2025-09-20\npublication: 湖南日报\npage: 7\nfixes: {委星区: 娄星区}\ntitles: {1: 编辑改过的标题}\n", encoding="utf-8")
    page = parse_page(seed.read_bytes(), seed.name, sidecar=load_sidecar(seed))
    assert page.date == "2025-09-20" and page.publication == "湖南日报" and page.page_label == "7"
    assert page.articles[0].title == "编辑改过的标题"
    text = "".join(b.text for a in page.articles for b in a.body)
    assert "娄星区把“严”的要求" in text and "委星区" not in text


@pytest.mark.parametrize(
    "content, reason",
    [
        ("date: 20250920\n", "date '20250920' is not YYYY"),
        ("colour: red\n", "unknown key 'colour'"),
        ("titles: {first: x}\n", "titles must map article numbers to titles"),
        ("date: [2025\n", "invalid sidecar"),
    ],
)
def test_invalid_sidecar_names_file_and_reason(tmp_path, content, reason):
    seed = tmp_path / "p.txt"
    seed.write_text("正文。", encoding="utf-8")
    seed.with_suffix(".yaml").write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_sidecar(seed)
    assert str(err.value).startswith("p.yaml: invalid sidecar")
    assert reason in str(err.value)
