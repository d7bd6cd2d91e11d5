"""The benchmark corpus generator (benchmarks/corpus.py): N files, deterministic, no two pages parsed alike."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

from newsarchive.parse import parse_page
from newsarchive.sidecar import load_sidecar

ROOT = Path(__file__).resolve().parent.parent
N = 12


def _load_corpus():
    spec = importlib.util.spec_from_file_location("benchmark_corpus", ROOT / "benchmarks" / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


corpus = _load_corpus()


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> list[Path]:
    return corpus.generate(N, tmp_path_factory.mktemp("corpus"), seed=0)


def test_n_page_files_with_valid_sidecars(generated):
    assert len(generated) == N
    folder = generated[0].parent
    assert sorted(p.name for p in folder.glob("*.txt")) == [p.name for p in generated]
    for path in generated:
        side = load_sidecar(path)  # raises on an invalid sidecar
        assert set(side) == {"date", "publication", "page"}
        assert 2_000 < len(path.read_text(encoding="utf-8")) < 40_000


def test_deterministic_and_prefix_stable(generated, tmp_path):
    again = corpus.generate(N, tmp_path / "again", seed=0)
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in generated]
    # the corpus of N pages is the first N pages of a bigger one ("add one page" adds page N)
    bigger = list(corpus.pages(N + 1, seed=0))
    assert [p.name for p in bigger[:N]] == [p.name for p in generated]
    other = corpus.generate(3, tmp_path / "other", seed=1)
    assert {p.read_bytes() for p in other}.isdisjoint(p.read_bytes() for p in generated[:3])


def test_pages_parse_like_newspaper_pages_and_never_alike(generated):
    outputs = set()
    articles = bylines = 0
    for path in generated:
        page = parse_page(path.read_bytes(), path.name, sidecar=load_sidecar(path))
        assert page.articles, path.name
        articles += len(page.articles)
        bylines += sum(1 for a in page.articles if a.authors)
        parsed = [{k: v for k, v in a.to_json().items() if k not in ("id", "url", "source")} for a in page.articles]
        outputs.add(json.dumps([parsed, page.to_json()["fragments"]], ensure_ascii=False, sort_keys=True))
    assert len(outputs) == N  # no two pages share parsed output
    assert articles >= 3 * N and bylines >= N  # several articles a page, most of them credited


def test_layouts_of_the_seeds_are_all_drawn():
    texts = [p.text for p in corpus.pages(40, seed=0)]
    wrapped = [t for t in texts if max(map(len, t.splitlines())) < 40]
    assert wrapped and len(wrapped) < len(texts)  # hard-wrapped columns and one paragraph a line
    assert any(" 年" in t for t in wrapped)  # letter-spaced numbers
    assert any("——\n" in t for t in texts)  # kickers
    assert any("）\n" in t or "）" in t.splitlines()[-1] for t in texts)  # attributions and captions
