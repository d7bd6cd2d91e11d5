"""jieba's dictionaries from snapshots, and the shortcuts of parsing and enrichment that must not change a word."""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from enrich_helpers import parsed_seeds

from newsarchive import segmenter
from newsarchive.enrich import copy_records, text
from newsarchive.segmenter import snapshot, snapshot_path

SRC = Path(__file__).resolve().parent.parent / "src"


@pytest.fixture
def snap_dir(tmp_path, monkeypatch):
    monkeypatch.setenv(segmenter.SNAPSHOT_DIR_ENV, str(tmp_path))
    return tmp_path


def _source(tmp_path: Path, data: str = "词 3 n\n") -> Path:
    path = tmp_path / "source.txt"
    path.write_text(data, encoding="utf-8")
    return path


def test_snapshot_is_read_back_without_building_again(snap_dir):
    source = _source(snap_dir)
    assert snapshot("t", [source], lambda: ({"词": 3}, 3)) == ({"词": 3}, 3)

    def fail():
        raise AssertionError("built again")

    assert snapshot("t", [source], fail) == ({"词": 3}, 3)


def test_snapshot_is_rebuilt_when_its_source_changes(snap_dir):
    source = _source(snap_dir)
    snapshot("t", [source], lambda: "old")
    first, _ = snapshot_path("t", [source])
    source.write_text("词 4 n\n", encoding="utf-8")
    assert snapshot("t", [source], lambda: "new") == "new"
    assert snapshot_path("t", [source])[0] != first


@pytest.mark.parametrize("damage", ["truncate", "flip", "garbage", "empty"])
def test_a_corrupt_snapshot_is_rebuilt_and_rewritten(snap_dir, damage):
    source = _source(snap_dir)
    value = {"词": list(range(1000))}
    snapshot("t", [source], lambda: value)
    path, _ = snapshot_path("t", [source])
    data = path.read_bytes()
    damaged = {"truncate": data[: len(data) // 2], "flip": data[:-5] + bytes([data[-5] ^ 1]) + data[-4:],
               "garbage": os.urandom(len(data)), "empty": b""}[damage]
    path.write_bytes(damaged)
    assert snapshot("t", [source], lambda: "rebuilt") == "rebuilt"
    assert snapshot("t", [source], lambda: "again") == "rebuilt"  # the file was rewritten whole


def test_an_unwritable_folder_only_means_building_each_time(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv(segmenter.SNAPSHOT_DIR_ENV, str(blocker / "sub"))
    source = _source(tmp_path)
    assert snapshot("t", [source], lambda: 1) == 1
    assert snapshot("t", [source], lambda: 2) == 2


_FINGERPRINT = """
import hashlib, json, sys
import jieba
if sys.argv[1] == "posseg-first":  # someone imported jieba.posseg before enrichment: its tagger's tags are shared
    import jieba.posseg
from newsarchive.segmenter import tokenizer
from newsarchive.enrich import keywords, text

def digest(value):
    return hashlib.sha256(repr(value).encode()).hexdigest()

got = {
    "dict": digest((list(tokenizer().FREQ.items()), tokenizer().total)),
    "domain": digest((list(text.tokenizer().FREQ.items()), text.tokenizer().total)),
    "idf": digest(keywords.idf_table()),
    "tags": digest(list(text.pos_tokenizer().word_tag_tab.items())),
    "words": [w.word + "/" + w.flag for w in text.pos_tokenizer().cut("郴州市高新区新增企业")],
}
import jieba.posseg
got["default tags"] = digest(list(jieba.posseg.dt.word_tag_tab.items()))  # jieba's own tagger is whole too
from jieba.analyse.tfidf import DEFAULT_IDF, IDFLoader
fresh = jieba.Tokenizer()
fresh.initialize()
want = {
    "dict": digest((list(fresh.FREQ.items()), fresh.total)),
    "idf": digest(IDFLoader(DEFAULT_IDF).get_idf()),
    "tags": digest(list(jieba.posseg.POSTokenizer(fresh).word_tag_tab.items())),
}
print(json.dumps({"got": got, "want": want}))
"""


def _fingerprints(snap_dir: Path, mode: str, processes: int = 1) -> list[dict]:
    env = {**os.environ, segmenter.SNAPSHOT_DIR_ENV: str(snap_dir), "PYTHONPATH": str(SRC)}
    running = [subprocess.Popen([sys.executable, "-c", _FINGERPRINT, mode], env=env, stdout=subprocess.PIPE, text=True)
               for _ in range(processes)]
    outs = [p.communicate(timeout=300)[0] for p in running]
    assert all(p.returncode == 0 for p in running)
    return [json.loads(out) for out in outs]


def test_snapshots_give_the_dictionaries_a_fresh_load_gives(tmp_path):
    """Two processes start at once on an empty folder (both build and write), then others read the snapshots."""
    results = _fingerprints(tmp_path, "posseg-first", processes=2) + _fingerprints(tmp_path, "posseg-first")
    results += _fingerprints(tmp_path, "enrichment-first")
    assert {p.name.split("-")[2] for p in tmp_path.glob("newsarchive-jieba-*.marshal")} == {"dict", "idf", "tags"}
    assert not list(tmp_path.glob("*.tmp"))
    for result in results:
        got, want = result["got"], result["want"]
        assert got["dict"] == want["dict"] and got["idf"] == want["idf"] and got["tags"] == want["tags"]
        assert got["default tags"] == want["tags"]
        assert got["domain"] == results[0]["got"]["domain"] and got["words"] == results[0]["got"]["words"]


@pytest.mark.parametrize("sample", [
    "湖南日报全媒体记者 陈勇 通讯员 蔡畅",
    "2024年，郴州市GDP增长5.8%，高新技术企业达743家。",
    "“十四五”以来，汝城县新增A级景区3家……\n资兴市东江湖  风景区",
    "iPhone 15 Pro与C++、.NET 8.0；#话题# 50%-60%",
    "",
    "，。！",
])
def test_cut_by_runs_gives_jiebas_words(sample):
    assert text.cut(sample) == tuple(text.tokenizer().cut(sample))


def test_cut_by_runs_gives_jiebas_words_on_the_seeds():
    for page in parsed_seeds():
        for article in page.articles:
            for _, field_text, _ in text.weighted_fields(article):
                assert text.cut(field_text) == tuple(text.tokenizer().cut(field_text))


def test_copy_records_is_a_deep_copy():
    for page in parsed_seeds():
        copied = copy_records(page)
        assert dataclasses.asdict(copied) == dataclasses.asdict(copy.deepcopy(page))
        assert copied.articles[0] is not page.articles[0] and copied.articles[0].body is not page.articles[0].body
        assert copied.blocks[0] is not page.blocks[0]
