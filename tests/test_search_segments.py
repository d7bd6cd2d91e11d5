"""The browser index in segments: content-defined assignment, files that depend on their segment only,
determinism, and a many-segment archive ranking exactly as a one-segment one (in Python and in the client)."""

from __future__ import annotations

import copy
import hashlib
import json
import os
import pickle
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from newsarchive.config import load_config
from newsarchive.parse import parse_page
from newsarchive.pipeline import enrich
from newsarchive.search import build_meta, build_search, build_segment, ranking, segments
from newsarchive.search.analysis import doc_fields, page_words, parse_query
from newsarchive.search.export import ExportedIndex, build_segment_in_order, segment_name
from newsarchive.search.terms import BLOCK, PageTerms, page_terms, terms_of

from test_search_archive import NODE_RUNNER, sampled_queries, substrings, write_site

ROOT = Path(__file__).resolve().parents[1]
JS = ROOT / "static" / "search.js"


@pytest.fixture(scope="module")
def demo():
    config = load_config(ROOT / "site.yaml")
    pages = enrich([parse_page(p.read_bytes(), p.name) for p in sorted((ROOT / "seeds").glob("*.txt"))], config)
    for page in pages:
        page.search_words = page_words(page)  # as the pipeline's workers do
    articles = sorted((a.to_json() for p in pages for a in p.articles), key=lambda a: (a["source"], a["order"]))
    return {"config": config, "pages": pages, "articles": articles}


def names(n: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    return sorted({f"{rnd.randrange(10**6):06d}_{rnd.getrandbits(32):08x}.txt" for _ in range(n)})


# ---------------------------------------------------------------- assignment


@pytest.mark.parametrize("k", [4, 16, 64])
def test_segments_cover_the_names_in_order_and_are_content_defined(k):
    sources = names(3000, seed=k)
    segs = segments(sources, k)
    assert [n for s in segs for n in s] == sorted(sources)
    assert segments(list(reversed(sources)), k) == segs
    assert all(1 <= len(s) <= 2 * k for s in segs)
    rnd = random.Random(1)
    one = 0
    for _ in range(200):
        if rnd.random() < 0.5:  # insert a name
            name = f"{rnd.randrange(10**6):06d}_x.txt"
            after = segments(sources + [name], k)
        else:  # remove one
            name = rnd.choice(sources)
            after = segments([s for s in sources if s != name], k)
        gone, came = set(segs) - set(after), set(after) - set(segs)
        # The segment that held the name (or would), or two when a boundary comes or goes (or
        # the pieces of a segment that crosses the largest size), and nothing else: the new
        # segments hold exactly the names of those they replace, a run of at most two segments.
        touched = {n for s in gone for n in s}
        assert touched ^ {name} == {n for s in came for n in s}
        assert len(gone) <= 2 or len(touched) <= 2 * 2 * k + 1, len(gone)
        ordered, universe = sorted(touched | {name}), sorted(set(sources) | {name})
        start = universe.index(ordered[0])
        assert ordered == universe[start : start + len(ordered)]
        one += len(gone) == len(came) == 1
    # Mostly exactly one segment: more when the name makes or breaks a boundary (about 1 in k)
    # or moves a segment across the smallest or largest size.
    assert one >= (1 - 4 / k) * 200, one


@pytest.mark.parametrize("k", [4, 16, 64])
def test_no_segment_but_the_last_is_short(k):
    """A query reads every segment: segments of a few names would cost it as much as full ones."""
    for seed in (1, 2, 3):
        segs = segments(names(5000, seed), k)
        assert min(len(s) for s in segs[:-1]) >= k // 4
        assert max(len(s) for s in segs) <= 2 * k


def test_appending_names_touches_only_the_last_segment():
    sources = names(500, seed=9)
    k = 16
    segs = segments(sources, k)
    more = segments(sources + ["999999_zzz.txt"], k)
    assert more[:-1] == segs[:-1] or more[:-2] == segs[:-1]


@pytest.mark.parametrize("k", [64, 256])
def test_an_appended_page_lands_in_a_short_last_segment(k):
    """New pages mostly sort after the others (dated file names): the segment an added page
    rebuilds is the open run's last piece, not the whole run of about k names."""
    for seed in (1, 2):
        sources = names(3000, seed)
        landed = []
        for n in range(2 * k, len(sources), 5):
            segs = segments(sources[: n + 1], k)
            assert sources[n] in segs[-1]
            landed.append(len(segs[-1]))
        assert sum(landed) / len(landed) < k / 3, sum(landed) / len(landed)


def test_a_segment_is_named_by_its_first_seed_file():
    sources = names(400, seed=3)
    for seg in segments(sources, 8):
        assert segment_name(seg[0]) == segment_name(seg[0]) and segment_name(seg[0]).isalnum()
    assert len({segment_name(s[0]) for s in segments(sources, 8)}) == len(segments(sources, 8))


# ---------------------------------------------------------------- files


def by_segment(files: dict[str, bytes]) -> dict[str, dict[str, bytes]]:
    out: dict[str, dict[str, bytes]] = {}
    for path, data in files.items():
        if path != "search/meta.js":
            out.setdefault(path.split("/")[1], {})[path] = data
    return out


def test_an_added_page_changes_only_its_segment_and_meta(demo):
    pages, config = demo["pages"], demo["config"]
    k = 2
    sources = [p.source for p in pages]
    full = segments(sources, k)
    assert len(full) >= 2
    checked = 0
    for page in pages:
        rest = [p for p in pages if p is not page]
        before = by_segment(build_search(rest, config, k=k))
        after = by_segment(build_search(pages, config, k=k))
        new_segs = set(full) - set(segments([p.source for p in rest], k))
        changed = {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}
        assert changed <= {segment_name(s[0]) for s in new_segs} | {segment_name(s[0]) for s in set(segments([p.source for p in rest], k)) - set(full)}
        assert len({segment_name(s[0]) for s in new_segs}) <= 2
        # Every other segment's files are byte-identical.
        assert all(before[name] == after[name] for name in before.keys() & after.keys() - changed)
        checked += len(changed) == 1
    assert checked, "at least one page changes exactly one segment"


def test_a_segment_depends_on_its_pages_only(demo):
    pages, config = demo["pages"], demo["config"]
    seg = build_segment(pages[1:3], config)
    again = build_segment(list(reversed(pages[1:3])), config)
    assert seg == again and pickle.loads(pickle.dumps(seg)) == seg
    # The build gives the pages one at a time, in source order, as it loads them.
    taken = []
    lazily = (taken.append(p.source) or p for p in sorted(pages[1:3], key=lambda p: p.source))
    assert build_segment_in_order(lazily, config) == seg and taken == sorted(p.source for p in pages[1:3])
    assert all(path.startswith(f"search/{seg.name}/") for path in seg.files)
    # Without the workers' encoded postings (or with stale ones) the segment is made the same.
    bare = [copy.copy(p) for p in pages[1:3]]
    for p in bare:
        p.search_words = {}
    assert build_segment(bare, config) == seg
    stale = [copy.copy(p) for p in pages[1:3]]
    for p in stale:
        p.search_words = PageTerms(**{**p.search_words.__dict__, "version": "old"})
    assert build_segment(stale, config) == seg
    # meta.js comes from the summaries alone.
    segs = [build_segment([p], config) for p in pages]
    assert build_meta(segs, config) == build_meta(pickle.loads(pickle.dumps(segs)), config)


def test_page_terms_are_what_the_workers_cache(demo):
    for page in demo["pages"]:
        assert terms_of(page) is page.search_words
        assert page_terms(page) == page.search_words


DIGEST = """
import hashlib, sys
from pathlib import Path
from newsarchive.config import load_config
from newsarchive.parse import parse_page
from newsarchive.pipeline import enrich
from newsarchive.search import build_search
root = Path(sys.argv[1])
config = load_config(root / "site.yaml")
pages = enrich([parse_page(p.read_bytes(), p.name) for p in sorted((root / "seeds").glob("*.txt"))], config)
h = hashlib.sha256()
for path, data in build_search(pages, config, k=2).items():
    h.update(path.encode() + b"\\0" + data)
print(h.hexdigest())
"""


def test_the_export_is_byte_identical_whatever_the_hash_seed(demo):
    here = hashlib.sha256()
    for path, data in build_search(demo["pages"], demo["config"], k=2).items():
        here.update(path.encode() + b"\0" + data)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    for seed in ("1", "987"):
        out = subprocess.run([sys.executable, "-c", DIGEST, str(ROOT)], env={**env, "PYTHONHASHSEED": seed},
                             capture_output=True, text=True, check=True, timeout=300)
        assert out.stdout.strip() == here.hexdigest()


# ---------------------------------------------------------------- ranking across segments


def hits(index, query: str):
    found, matches = ranking.search(parse_query(query), index)
    return [(h.doc, round(h.score, 9), h.matched) for h in found], matches


def test_many_segments_rank_as_one(demo, tmp_path):
    pages, config, articles = demo["pages"], demo["config"], demo["articles"]
    one = build_search(pages, config, k=10**6)
    many = build_search(pages, config, k=1)
    a, b = ExportedIndex(one), ExportedIndex(many)
    assert len(a.segments) == 1 and len(b.segments) == len(pages)
    assert a.meta["docs"] == b.meta["docs"] and a.meta["avg"] == b.meta["avg"]
    queries = sampled_queries(articles) + substrings(articles, 100, seed=8)
    for query in queries:
        ha, ma = hits(a, query)
        hb, mb = hits(b, query)
        assert ha == hb, query
        for h in ha[:10]:  # the same text block for every snippet
            anchor = ranking.anchor_term(ma, h[0])
            if anchor:
                k = max(0, a.first_blocks(anchor.term.tokens[0].key).get(h[0], 0)) if anchor.term.single else 0
                assert a.block(h[0], k) == b.block(h[0], k)
    # The client, run by Node, reads the many segments as the Python reader does.
    node = shutil.which("node") or shutil.which("nodejs")
    if node is None:
        pytest.skip("node is not installed")
    write_site(tmp_path / "site", many)
    runner = tmp_path / "run.js"
    runner.write_text(NODE_RUNNER, "utf-8")
    done = subprocess.run([node, str(runner), str(JS), str(tmp_path / "site" / "search")], input=json.dumps(queries),
                          capture_output=True, text=True, timeout=120, check=True)
    for query, js in zip(queries, json.loads(done.stdout)):
        py = hits(a, query)[0][:10]
        assert [d for d, _, _ in js] == [d for d, _, _ in py], query
        assert all(abs(x[1] - y[1]) < 1e-9 and x[2] == y[2] for x, y in zip(js, py)), query


def test_each_article_has_one_text_file_in_its_segment_with_its_whole_body(demo):
    """A result downloads one file, whichever block its snippet lies in; and a site holds one such file
    per article, not one per block (search files are most of a site's files)."""
    pages, config, articles = demo["pages"], demo["config"], demo["articles"]
    files = build_search(pages, config, k=1)
    index = ExportedIndex(files)
    for doc, article in enumerate(articles):
        text = index.block(doc, 0)
        assert text["i"] == article["id"] and text["o"] == 0
        body = doc_fields(article)[1]
        assert text["x"] == body and text["n"] == len(body)
        assert index.block(doc, len(body) // BLOCK) == text
    assert sum("/b/" in path for path in files) == len(articles)
