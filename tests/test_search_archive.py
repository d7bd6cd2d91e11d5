"""Search over the demo archive: substring recall, ranking, whoosh ↔ export ↔ browser agreement,
incremental index updates and the `search` command."""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from newsarchive import exports
from newsarchive.cli import main
from newsarchive.config import load_config
from newsarchive.parse import parse_page
from newsarchive.pipeline import enrich
from newsarchive.search import build_search, ranking
from newsarchive.search.analysis import HAN, doc_fields, fold, parse_query
from newsarchive.search.build import archive_articles
from newsarchive.search.export import ExportedIndex
from newsarchive.search.store import Update, WhooshPostings, indexed_sources
from newsarchive.search.terminal import index_for_site

ROOT = Path(__file__).resolve().parents[1]
JS = ROOT / "static" / "search.js"


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """The demo seeds parsed and enriched, their search files, a whoosh index and a minimal built site."""
    tmp = tmp_path_factory.mktemp("search")
    config = load_config(ROOT / "site.yaml")
    pages = enrich([parse_page(p.read_bytes(), p.name) for p in sorted((ROOT / "seeds").glob("*.txt"))], config)
    files = build_search(pages, config)
    assert not (tmp / "cache" / "search").exists(), "the build leaves the terminal's index to the search command"
    site = tmp / "site"
    write_site(site, {**exports.render_exports(pages), **files})
    ix = index_for_site(tmp / "cache", site)
    return {"pages": pages, "config": config, "files": files, "site": site, "cache": tmp / "cache", "ix": ix,
            "articles": archive_articles(pages), "tmp": tmp}


def write_site(site: Path, files: dict[str, bytes]) -> None:
    for path, data in files.items():
        (site / path).parent.mkdir(parents=True, exist_ok=True)
        (site / path).write_bytes(data)


def ranked(provider, query: str, ids) -> list[tuple[str, float, int]]:
    hits, _ = ranking.search(parse_query(query), provider)
    return [(ids(h.doc), h.score, h.matched) for h in hits]


@pytest.fixture(scope="module")
def whoosh_search(archive):
    reader = archive["ix"].reader()
    postings = WhooshPostings(reader)
    ids = {d: postings.article(d)["id"] for d in reader.all_doc_ids()}
    yield lambda q: ranked(postings, q, ids.__getitem__)
    reader.close()


@pytest.fixture(scope="module")
def export_search(archive):
    index = ExportedIndex(archive["files"])
    return lambda q: ranked(index, q, lambda d: archive["articles"][d]["id"])


def substrings(articles, n: int, seed: int = 5) -> list[str]:
    """`n` runs of 2–5 Han characters taken at random from titles and bodies."""
    rnd = random.Random(seed)
    runs = [m.group() for a in articles for text in (a["title"], *(b["text"] for b in a["body"]))
            for m in re.finditer(f"[{HAN}]{{2,}}", text)]
    out = []
    while len(out) < n:
        run = rnd.choice(runs)
        size = rnd.randint(2, min(5, len(run)))
        start = rnd.randrange(len(run) - size + 1)
        out.append(run[start : start + size])
    return out


def jieba_splits(articles) -> list[str]:
    """Authors' names that jieba's search mode does not keep whole."""
    from newsarchive.segmenter import tokenizer

    names = sorted({n for a in articles for n in a["authors"] if re.fullmatch(f"[{HAN}]{{2,4}}", n)})
    return [n for n in names if n not in tokenizer().lcut_for_search(n)]


def sampled_queries(articles, n: int = 60) -> list[str]:
    rnd = random.Random(11)
    words = ["5G", "2025", "GDP", "郴州 创新", "高质量 发展", "锂", "2025年", "ＧＤＰ", "碳酸锂 郴州", "湖南日报 记者"]
    return words + substrings(articles, n, seed=3) + [
        " ".join(rnd.sample(substrings(articles, 4, seed=s), 2)) for s in range(10)
    ]


# ---------------------------------------------------------------- recall and precision


def test_any_substring_finds_its_articles_and_nothing_else(archive, whoosh_search):
    articles = archive["articles"]
    printed = {a["id"]: a["title"] + "\n" + "\n".join(b["text"] for b in a["body"]) for a in articles}
    indexed = {a["id"]: "\n".join(doc_fields(a)) for a in articles}
    # The examples: 质量 inside 高质量, 酸锂 inside 碳酸锂, and a name jieba cuts apart.
    split_names = jieba_splits(articles)
    assert split_names, "the demo has names jieba cuts apart"
    named = ["质量", "酸锂", *split_names[:5]]
    for query in named + substrings(articles, 400):
        found = {doc for doc, _, _ in whoosh_search(query)}
        want = {i for i, text in printed.items() if query in text}
        allowed = {i for i, text in indexed.items() if query in text}
        assert want <= found, f"{query!r}: missed {sorted(want - found)}"
        assert found <= allowed, f"{query!r}: false hits {sorted(found - allowed)}"


def test_latin_and_digit_queries(archive, whoosh_search):
    articles = archive["articles"]
    for query in ("5G", "2025", "GDP", "ｇｄｐ"):
        word = fold(query)
        want = {a["id"] for a in articles if re.search(rf"(?<![0-9a-z]){word}(?![0-9a-z])", fold("\n".join(doc_fields(a))))}
        assert want, f"the demo has {query}"
        assert {doc for doc, _, _ in whoosh_search(query)} == want


def test_articles_with_every_term_come_first(whoosh_search):
    hits = whoosh_search("郴州 锂电")
    matched = [m for _, _, m in hits]
    assert matched == sorted(matched, reverse=True) and matched[0] == 2 and matched[-1] == 1


def test_a_title_outranks_body_mentions(archive, whoosh_search):
    """An article's own headline (its first run of four or more Han characters) puts it above body-only matches."""
    for a in archive["articles"]:
        m = re.search(f"[{HAN}]{{4,}}", a["title"])
        if not m:
            continue
        hits = whoosh_search(m.group())
        in_titles = {x["id"] for x in archive["articles"] if m.group() in "\n".join(doc_fields(x)[:1])}
        top = [doc for doc, _, _ in hits[: len(in_titles)]]
        assert a["id"] in top, f"{m.group()!r}: {a['id']} ranks below body mentions"


def test_queries_without_letters_find_nothing(whoosh_search):
    assert whoosh_search("，。！") == [] and whoosh_search("没有这样的词语组合") == []


# ---------------------------------------------------------------- one notion of relevance


def test_whoosh_and_the_exported_shards_rank_alike(archive, whoosh_search, export_search):
    for query in sampled_queries(archive["articles"]):
        a, b = whoosh_search(query)[:10], export_search(query)[:10]
        assert [x[0] for x in a] == [x[0] for x in b], query
        assert all(abs(x[1] - y[1]) < 1e-9 for x, y in zip(a, b)), query


NODE_RUNNER = """
const fs = require("fs"), path = require("path");
const api = require(process.argv[2]);
const dir = process.argv[3];
function load(name) {
  const text = fs.readFileSync(path.join(dir, name + ".js"), "utf8").trim();
  return Promise.resolve(JSON.parse(text.slice(text.indexOf(",") + 1, -2)));
}
(async () => {
  const queries = JSON.parse(fs.readFileSync(0, "utf8"));
  const index = new api.Index(await load("meta"), load);
  const out = [];
  for (const q of queries) out.push((await api.search(index, q)).hits.slice(0, 10).map((h) => [h.doc, h.score, h.matched]));
  process.stdout.write(JSON.stringify(out));
})();
"""


def test_browser_client_ranks_as_whoosh(archive, whoosh_search, tmp_path):
    """static/search.js (run by Node on the exported files) gives the terminal's top 10, score for score."""
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        pytest.skip("node is not installed (the browser test checks a few queries in Chromium)")
    runner = tmp_path / "run.js"
    runner.write_text(NODE_RUNNER, "utf-8")
    queries = sampled_queries(archive["articles"])
    done = subprocess.run([node, str(runner), str(JS), str(archive["site"] / "search")], input=json.dumps(queries),
                          capture_output=True, text=True, timeout=60, check=True)
    ids = [a["id"] for a in archive["articles"]]
    for query, js in zip(queries, json.loads(done.stdout)):
        py = whoosh_search(query)[:10]
        assert [ids[d] for d, _, _ in js] == [d for d, _, _ in py], query
        assert all(abs(x[1] - y[1]) < 1e-9 and x[2] == y[2] for x, y in zip(js, py)), query


# ---------------------------------------------------------------- the index in the cache


def test_export_is_pure_and_deterministic(archive):
    again = build_search(archive["pages"], archive["config"])
    assert again == archive["files"]


def test_a_page_added_or_removed_updates_only_its_documents(archive, monkeypatch):
    """The search command's index follows the built site: only the changed seed files are re-indexed."""
    pages = archive["pages"]
    cache, site = archive["tmp"] / "incremental", archive["tmp"] / "incremental-site"
    write_site(site, exports.render_exports(pages[:3]))
    ix = index_for_site(cache, site)
    before = indexed_sources(ix)
    assert set(before) == {p.source for p in pages[:3]}
    added: list[str] = []
    deleted: list[str] = []
    real_add, real_init = Update.add, Update.__init__

    def spy_init(self, *a, **kw):
        real_init(self, *a, **kw)
        deleted.extend(self.report.removed)

    monkeypatch.setattr(Update, "__init__", spy_init)
    monkeypatch.setattr(Update, "add", lambda self, article, an: (added.append(article["id"]), real_add(self, article, an)))
    write_site(site, exports.render_exports([pages[0], pages[2], pages[3]]))
    ix = index_for_site(cache, site)
    assert deleted == [pages[1].source]
    assert added == [a.id for a in pages[3].articles]
    after = indexed_sources(ix)
    assert set(after) == {pages[0].source, pages[2].source, pages[3].source}
    assert all(after[s] == before[s] for s in (pages[0].source, pages[2].source))
    # The index ranks as the site's own search files do.
    reader = ix.reader()
    try:
        postings, exported = WhooshPostings(reader), ExportedIndex(build_search([pages[0], pages[2], pages[3]], archive["config"]))
        for query in ("发展", "高质量 发展", "郴州"):
            mine = [(postings.article(h.doc)["id"], h.score) for h in ranking.search(parse_query(query), postings)[0]]
            theirs = [h.score for h in ranking.search(parse_query(query), exported)[0]]
            assert [s for _, s in mine] == pytest.approx(theirs), query
    finally:
        reader.close()
    added.clear()
    index_for_site(cache, site)
    assert added == [] and deleted == [pages[1].source]


# ---------------------------------------------------------------- the command


def run_cli(archive, *args, capsys):
    code = main(["search", *args, "--out", str(archive["site"]), "--cache", str(archive["cache"])])
    out, err = capsys.readouterr()
    return code, out, err


def test_search_command_prints_ranked_marked_snippets(archive, capsys, whoosh_search):
    code, out, _ = run_cli(archive, "酸锂", capsys=capsys)
    assert code == 0
    assert "找到 2 篇文章" in out and "【酸锂】" in out
    code, out, _ = run_cli(archive, "高质量", "发展", "--limit", "3", "--json", capsys=capsys)
    results = json.loads(out)
    assert code == 0 and len(results) == 3
    assert [r["id"] for r in results] == [d for d, _, _ in whoosh_search("高质量 发展")[:3]]
    for r in results:
        assert {"id", "url", "title", "score", "snippet"} <= set(r)
        assert r["url"] == f"articles/{r['id']}/"
        assert all(r["snippet"][s:e] in ("高质量", "发展", "高质量发展") for s, e in r["highlights"])


def test_search_command_filters_and_reports_no_results(archive, capsys):
    code, out, _ = run_cli(archive, "发展", "--city", "永州", "--json", capsys=capsys)
    ids = [r["id"] for r in json.loads(out)]
    by_id = {a["id"]: a for a in archive["articles"]}
    assert ids and all(by_id[i]["city"] == "永州" for i in ids)
    code, out, _ = run_cli(archive, "没有这样的词语组合", capsys=capsys)
    assert code == 0 and "没有找到" in out


def test_search_command_errors(archive, capsys, tmp_path):
    assert main(["search", "发展", "--out", str(tmp_path / "nothing"), "--cache", str(tmp_path)]) == 1
    assert "python build.py" in capsys.readouterr().err
    assert main(["search", "发展", "--limit", "0", "--out", str(archive["site"])]) == 2


def test_search_command_builds_the_index_from_the_site_when_the_cache_is_gone(archive, capsys, tmp_path):
    code = main(["search", "酸锂", "--json", "--out", str(archive["site"]), "--cache", str(tmp_path / "fresh")])
    out, err = capsys.readouterr()
    assert code == 0 and len(json.loads(out)) == 2 and "updating the search index" in err
    # Once the index matches the site, it is not touched again.
    code = main(["search", "酸锂", "--json", "--out", str(archive["site"]), "--cache", str(tmp_path / "fresh")])
    assert code == 0 and "updating" not in capsys.readouterr().err
