"""The command line: `parse` shows a page, `build` writes the data exports."""

import json
import shutil
import subprocess
import sys

import pytest

from newsarchive.cli import main

from conftest import ROOT, SEEDS

SEED = SEEDS / "002_0fb657fd2b4e2f73.txt"


def test_parse_prints_articles_roles_fragments(capsys):
    assert main(["parse", str(SEED)]) == 0
    out = capsys.readouterr().out
    assert "[3] 大庸桥社区“治水记”" in out
    assert "副题 subtitle" in out and "永定区一次巡查督促解决一个难题" in out
    assert "作者 authors     田翌, 燕珊珊, 朱嘉苇" in out
    assert "Fragments:" in out and "- ad: 湖南日报 公益广告" in out


def test_parse_json_prints_the_records(capsys):
    assert main(["parse", str(SEED), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["page"]["source"] == SEED.name
    titles = [a["title"] for a in data["articles"]]
    assert "湘州市住建局实干开新局" in titles
    assert data["page"]["articles"] == [a["id"] for a in data["articles"]]


def test_parse_of_a_bad_file_names_it(tmp_path, capsys):
    bad = tmp_path / "scan.txt"
    bad.write_bytes(b"%PDF-1.4\n...")
    assert main(["parse", str(bad)]) == 1
    assert capsys.readouterr().err.strip() == "error: scan.txt: binary file (a PDF document), not page text"


@pytest.fixture()
def archive(tmp_path):
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    return tmp_path


def test_build_writes_exports_and_reports_bad_input(archive, capsys):
    (archive / "seeds" / "dropped.txt").write_bytes(b"%PDF-1.7 binary")
    (archive / "seeds" / "empty.txt").write_bytes(b"")
    shutil.copy(SEED, archive / "seeds" / "copy-of-002.txt")
    code = main(["build", "--seeds", str(archive / "seeds"), "--out", str(archive / "_site"), "--config", str(ROOT / "site.yaml")])
    captured = capsys.readouterr()
    assert code == 0
    assert "error: dropped.txt: binary file (a PDF document), not page text" in captured.err
    assert "error: empty.txt: empty file (no text)" in captured.err
    assert "same content as" in captured.err and "built once" in captured.err
    articles = json.loads((archive / "_site/data/articles.json").read_text(encoding="utf-8"))
    pages = json.loads((archive / "_site/data/pages.json").read_text(encoding="utf-8"))
    assert [p["source"] for p in pages] == sorted(p.name for p in SEEDS.glob("*.txt"))
    assert {a["source"] for a in articles} == {p["source"] for p in pages}
    required = {"id", "url", "source", "order", "title", "title_source", "kicker", "subtitle", "column", "byline", "authors",
                "date", "city", "places", "topics", "keywords", "captions", "body", "figures", "complete"}
    assert all(required <= set(a) for a in articles)
    assert all(a["url"] == f"articles/{a['id']}/" for a in articles)
    assert "5 pages" in captured.out


def test_strict_build_fails_on_bad_input(archive):
    (archive / "seeds" / "dropped.txt").write_bytes(b"%PDF-1.7 binary")
    code = main(["build", "--strict", "--seeds", str(archive / "seeds"), "--out", str(archive / "_site"), "--config", str(ROOT / "site.yaml")])
    assert code == 1
    assert (archive / "_site/data/articles.json").exists()


def test_two_builds_are_byte_identical(archive):
    args = ["--seeds", str(archive / "seeds"), "--config", str(ROOT / "site.yaml")]
    main(["build", *args, "--out", str(archive / "a")])
    main(["build", *args, "--out", str(archive / "b")])
    for name in ("data/articles.json", "data/pages.json"):
        assert (archive / "a" / name).read_bytes() == (archive / "b" / name).read_bytes()


def test_ids_do_not_change_when_other_seeds_are_added_or_removed(archive):
    args = ["--config", str(ROOT / "site.yaml")]
    main(["build", "--seeds", str(archive / "seeds"), "--out", str(archive / "all"), *args])
    only = archive / "only"
    only.mkdir()
    shutil.copy(SEED, only / SEED.name)
    main(["build", "--seeds", str(only), "--out", str(archive / "one"), *args])
    ids = lambda d: {(a["source"], a["title"]): a["id"] for a in json.loads((archive / d / "data/articles.json").read_text(encoding="utf-8"))}
    one = ids("one")
    assert one and all(ids("all")[key] == value for key, value in one.items())


def test_build_py_and_usage_errors():
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "nonsense"], capture_output=True, text=True)
    assert result.returncode == 2
    assert "invalid choice" in result.stderr


def test_parse_output_does_not_depend_on_hash_randomisation():
    """Set iteration order changes with PYTHONHASHSEED; the records must not."""
    import os

    outputs = set()
    for seed in ("1", "2", "3"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        result = subprocess.run([sys.executable, str(ROOT / "build.py"), "parse", str(SEEDS / "003_f05b40b9342c8788.txt"), "--json"],
                                capture_output=True, text=True, env=env, check=True)
        outputs.add(result.stdout)
    assert len(outputs) == 1
