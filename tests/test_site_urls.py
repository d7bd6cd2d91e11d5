"""Relative links and ASCII slugs."""

from hypothesis import given
from hypothesis import strategies as st

from newsarchive.site.urls import Slugs, absolute, assign_slugs, page_file, relative, slugify


def test_slugs_are_pinyin():
    assert slugify("郴州") == "chenzhou"
    assert slugify("湘西") == "xiangxi"
    assert slugify("张家界") == "zhangjiajie"
    assert slugify("谭 洁") == "tan-jie"
    assert slugify("<script>alert(1)</script>") == "script-alert-1-script"


@given(st.text(max_size=30))
def test_slugs_are_never_empty_and_always_url_safe(name):
    slug = slugify(name)
    assert slug and slug.isascii()
    assert all(c.isalnum() or c == "-" for c in slug)
    assert not slug.startswith("-") and not slug.endswith("-")


def test_colliding_names_get_distinct_slugs_and_reserved_ones_stay():
    slugs = assign_slugs(["陈勇", "陈涌", "郴州"], reserved={"科技创新": "keji"})
    assert slugs["科技创新"] == "keji"
    assert slugs["陈勇"] == "chenyong"
    assert slugs["陈涌"].startswith("chenyong-") and slugs["陈涌"] != slugs["陈勇"]
    assert assign_slugs(["陈涌", "陈勇"]) == assign_slugs(["陈勇", "陈涌"])


def test_slugs_remembered_by_one_build_are_used_by_the_next_and_give_the_same_result():
    first = Slugs()
    made = assign_slugs(["陈勇", "陈涌", "郴州"], make=first)
    assert first.made["slugs"] == {"郴州": "chenzhou", "陈勇": "chenyong", "陈涌": "chenyong"}
    memo = {**first.made, "slugs": {**first.made["slugs"], "郴州": "remembered"}}
    again = Slugs(memo)
    assert assign_slugs(["陈勇", "陈涌", "郴州"], make=again)["郴州"] == "remembered"  # not made again
    assert assign_slugs(["陈勇", "陈涌", "湘西"], make=Slugs(first.made)) == {**assign_slugs(["陈勇", "陈涌"]), "湘西": "xiangxi"}
    assert made == assign_slugs(["陈勇", "陈涌", "郴州"], make=Slugs(first.made))


def test_slugs_remembered_under_another_pypinyin_or_code_are_made_again():
    stale = {"version": "0.1 0000", "slugs": {"郴州": "stale"}}
    assert Slugs(stale)("郴州") == "chenzhou"
    assert Slugs({"slugs": {"郴州": "stale"}})("郴州") == "chenzhou"


def test_relative_links():
    assert page_file("") == "index.html"
    assert page_file("cities/") == "cities/index.html"
    assert relative("index.html", "") == "index.html"
    assert relative("index.html", "cities/chenzhou/") == "cities/chenzhou/index.html"
    assert relative("articles/x/index.html", "") == "../../index.html"
    assert relative("articles/x/index.html", "static/style.css") == "../../static/style.css"
    assert relative("cities/a/page/2/index.html", "cities/a/") == "../../index.html"
    assert relative("articles/x/index.html", "pages/p/#a2") == "../../pages/p/index.html#a2"


def test_relative_links_are_those_of_posixpath_relpath():
    import itertools
    import posixpath

    folders = ["", "a", "a/b", "a/c", "b", "a/b/c", "x/./y", "a/../b", "cities/a/page/2"]
    files = [posixpath.join(f, "index.html") if f else "index.html" for f in folders]
    urls = ["", "a/", "a/b/", "a/b/c/", "b/", "c.css", "a/d.txt", "a/../b/", "./a/", "cities/a/", "cities/b/page/3/"]
    for _ in range(2):  # the second time from what `relative` remembered
        for from_file, url in itertools.product(files, urls):
            want = posixpath.relpath(page_file(url), posixpath.dirname(from_file) or ".")
            assert relative(from_file, url) == want, (from_file, url)


def test_absolute_urls_for_feeds():
    assert absolute("https://example.org/sub", "articles/x/") == "https://example.org/sub/articles/x/"
    assert absolute("https://example.org/", "") == "https://example.org/"
