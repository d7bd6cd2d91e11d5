"""Bad and hostile input: one clear line per bad file, the rest of the archive builds.

Also a fuzz test of the whole parse → enrich → render path: arbitrary Unicode,
control characters, very long lines and hostile markup never crash it, and the
markup stays inert in every output (HTML, attributes, JSON-LD, feeds, data
and search files).
"""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from newsarchive.cli import main
from newsarchive.config import load_config
from newsarchive.errors import InputError
from newsarchive.parse import parse_page
from newsarchive.pipeline import enrich, render_outputs

from build_helpers import make_project
from conftest import ROOT, SEEDS
from site_crawl import parse_html

GOOD = sorted(SEEDS.glob("*.txt"))[:2]
GB_SEED = sorted(SEEDS.glob("*.txt"))[2]


@pytest.fixture()
def project(tmp_path):
    return make_project(tmp_path, [p.name for p in GOOD])


def build(project: Path, *extra: str) -> tuple[int, list[str], str]:
    """Exit code, stderr lines and stdout of `build` on the project (site and cache kept inside it)."""
    import contextlib
    import io

    err, out = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
        code = main(["build", "--seeds", str(project / "seeds"), "--out", str(project / "_site"),
                     "--cache", str(project / ".cache"), "--config", str(project / "site.yaml"), "--jobs", "1", *extra])
    return code, err.getvalue().splitlines(), out.getvalue()


def built_sources(project: Path) -> list[str]:
    return [p["source"] for p in json.loads((project / "_site/data/pages.json").read_text(encoding="utf-8"))]


def lines_about(lines: list[str], name: str) -> list[str]:
    return [line for line in lines if f" {name}:" in line or f" {name}/:" in line]


BAD_FILES = {
    # name: (content, the line expected about it)
    "dropped.txt": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "error: dropped.txt: binary file (a PDF document), not page text"),
    "scan.pdf": (b"%PDF-1.4\n", "warning: scan.pdf: not a page file (only .txt pages and their .yaml sidecars are read); ignored"),
    "empty.txt": (b"", "error: empty.txt: empty file (no text)"),
    "blank.txt": (b"\n  \n\t\n", "error: blank.txt: empty file (no text)"),
    "nul.txt": (b"abc\x00def" * 10, "error: nul.txt: binary file (contains NUL bytes), not page text"),
    "broken.txt": (GB_SEED.read_text(encoding="utf-8").encode("gb18030")[:3000] + b"\xff\xfe\x80\x81" + b"\xd6\xd0" * 50,
                   "error: broken.txt: undecodable: "),
    "orphan.yaml": (b"date: 2025-01-01\n", "warning: orphan.yaml: sidecar without a page file (orphan.txt); ignored"),
}


def test_each_bad_file_gets_one_line_and_the_rest_builds(project):
    seeds = project / "seeds"
    for name, (content, _) in BAD_FILES.items():
        (seeds / name).write_bytes(content)
    with open(seeds / "huge.txt", "wb") as handle:  # 50 MB, sparse: refused by its size, never read
        handle.truncate(50 * 1024 * 1024)
    (seeds / "gb.txt").write_bytes(GB_SEED.read_text(encoding="utf-8").encode("gb18030"))
    shutil.copy(GOOD[0], seeds / "zz-copy.txt")
    (seeds / "sub").mkdir()
    (seeds / "bad-sidecar.txt").write_bytes(GB_SEED.read_bytes() + "\n附记。\n".encode())
    (seeds / "bad-sidecar.yaml").write_text("date: [unclosed\n", encoding="utf-8")
    (seeds / "unknown-key.txt").write_bytes(GB_SEED.read_bytes() + "\n又一附记。\n".encode())
    (seeds / "unknown-key.yaml").write_text("dat: 2025-01-01\n", encoding="utf-8")

    code, err, out = build(project)
    assert code == 0
    for name, (_, expected) in BAD_FILES.items():
        about = lines_about(err, name)
        assert len(about) == 1 and about[0].startswith(expected), (name, about)
    expected = {
        "huge.txt": "error: huge.txt: file too large for a page (52.4 MB; limit 5 MB)",
        "zz-copy.txt": f"warning: zz-copy.txt: same content as {GOOD[0].name}; built once",
        "sub": "warning: sub/: folder ignored",
        "bad-sidecar.yaml": "error: bad-sidecar.yaml: invalid sidecar: ",
        "unknown-key.yaml": "error: unknown-key.yaml: invalid sidecar: unknown key 'dat'",
    }
    for name, start in expected.items():
        about = lines_about(err, name)
        assert len(about) == 1 and about[0].startswith(start), (name, about)
    assert built_sources(project) == sorted([*(p.name for p in GOOD), "gb.txt"])
    pages = {p["source"]: p for p in json.loads((project / "_site/data/pages.json").read_text(encoding="utf-8"))}
    assert pages["gb.txt"]["encoding"] == "gb18030"
    assert "2 pages" not in out and out.startswith("3 pages")
    errors = [line for line in err if line.startswith("error: ")]
    assert f"{len(errors)} errors" in out

    assert build(project, "--strict")[0] == 1
    code, err_again, _ = build(project)  # from the cache: the same report
    assert code == 0 and err_again == err


def test_strict_fails_on_a_warning_alone(project):
    (project / "seeds" / "notes.md").write_text("# notes\n", encoding="utf-8")
    code, err, _ = build(project)
    assert code == 0 and err == [line for line in err if "notes.md" in line or "自动生成标题" in line]
    assert build(project, "--strict")[0] == 1


def test_a_folder_of_only_bad_files_still_builds_a_site(project):
    for path in (project / "seeds").iterdir():
        path.unlink()
    (project / "seeds" / "x.txt").write_bytes(b"")
    code, err, out = build(project)
    assert code == 0 and err == ["error: x.txt: empty file (no text)"]
    assert built_sources(project) == [] and (project / "_site/index.html").exists()


@pytest.mark.parametrize("text, message", [
    ("title: x\nsubtitle: y\n", "error: {cfg}:2: subtitle: unknown key"),
    ("title: x\npage_size: lots\n", "error: {cfg}:2: page_size: expected a whole number, got str"),
    ("title: x\nnav: [\n", "error: {cfg}:3: invalid YAML"),
    ("title: x\nregion: {name: 湖南, adcode: '43'}\n", "error: {cfg}:2: region: adcode must be"),
])
def test_an_invalid_site_yaml_names_the_key_and_the_line(project, text, message):
    (project / "site.yaml").write_text(text, encoding="utf-8")
    code, err, out = build(project)
    assert code == 1 and len(err) == 1
    assert err[0].startswith(message.format(cfg=project / "site.yaml")), err
    assert not (project / "_site").exists()


def test_a_missing_seeds_folder_is_one_line(project):
    shutil.rmtree(project / "seeds")
    code, err, _ = build(project)
    assert code == 1 and err == [f"error: {project / 'seeds'}: seeds folder not found"]


def test_a_missing_templates_folder_fails_before_any_page_is_parsed(project):
    (project / "site.yaml").write_text("title: x\ntemplates: tempaltes\n", encoding="utf-8")
    code, err, _ = build(project)
    assert code == 1 and err == [f"error: site.yaml: templates: folder not found: {project / 'tempaltes'}"]
    cache = project / ".cache"
    assert not cache.exists() or not any(p.is_file() for p in cache.rglob("*") if p.name != "lock"), \
        "pages were parsed and cached before the config was found wrong"
    assert not (project / "_site").exists()


def test_a_hostile_file_name_stays_inside_the_site_and_inert(project):
    name = '"><img src=x onerror=alert(1)>{{7*7}}\'.txt'
    (project / "seeds" / name).write_bytes(GB_SEED.read_bytes())
    code, err, _ = build(project)
    assert code == 0
    site = project / "_site"
    files = [p for p in site.rglob("*") if p.is_file()]
    assert all(p.resolve().is_relative_to(site.resolve()) for p in files)
    for path in files:
        if path.suffix == ".html":
            assert_inert_html(path.read_bytes(), str(path))


# ---------------------------------------------------------------- hostile text, fuzzed

HOSTILE = [
    "<script>alert(1)</script>",
    '" onmouseover="alert(1)',
    "' onfocus='alert(1)' x='",
    "</script><script>alert(2)</script>",
    "<img src=x onerror=alert(3)>",
    "{{ 'EVAL' ~ 'UATED' }}",
    "{% if true %}EVAL{% endif %}UATED",
    "]]><!--",
    "&lt;b&gt;&amp;",
    "郴州市委书记 张三\u3000报道",
    "湖南日报全媒体记者 李四",
]
SEED_LINES = sorted({line for path in SEEDS.glob("*.txt") for line in path.read_text(encoding="utf-8").splitlines() if line.strip()})
ANY = st.characters(codec="utf-8", exclude_characters="\x00")  # control characters too (NUL: see above)
PRINTABLE = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))
LINE = st.one_of(
    st.text(alphabet=ANY, max_size=40),
    st.text(alphabet=PRINTABLE, max_size=80),
    st.text(alphabet=PRINTABLE, min_size=300, max_size=3000),  # very long lines
    st.sampled_from(HOSTILE),
    st.sampled_from(SEED_LINES),
    st.tuples(st.sampled_from(SEED_LINES), st.sampled_from(HOSTILE), st.integers(0, 60)).map(
        lambda t: t[0][: t[2]] + t[1] + t[0][t[2]:]),  # markup inside real article text
    st.lists(st.sampled_from(HOSTILE + ["郴州", "经济", "发展", "。", "，", "\x0b", "\x1b", "\u200b", "\ufeff"]),
             min_size=1, max_size=20).map("".join),
)
PAGE = st.lists(LINE, min_size=1, max_size=30).map("\n".join)


def assert_inert_html(data: bytes, where: str) -> None:
    page = parse_html(data)
    assert not any(attr.lower().startswith("on") for _, attr, _ in page.attrs), where
    assert not any(tag in ("img", "iframe", "object", "embed") for tag, _, _ in page.attrs), where
    for attrs, text in page.scripts:
        if attrs.get("type") == "application/ld+json":
            assert "<" not in text, where  # seed text cannot end the block
            json.loads(text)
        elif "src" not in attrs:
            assert "alert(" not in text, where  # inline code comes from templates only


def assert_inert(outputs: dict[str, bytes], text: str) -> None:
    for path, data in outputs.items():
        assert "EVALUATED" in text or b"EVALUATED" not in data, path  # the Jinja in HOSTILE was not run
        if path.endswith(".html"):
            assert_inert_html(data, path)
        elif path.endswith(".xml"):
            for el in ET.fromstring(data).iter():
                assert not el.tag.endswith("script"), path
        elif path.endswith(".json"):
            json.loads(data)
        elif path.startswith("search/") and path.endswith(".js"):  # search shards: a call with JSON data, no code
            match = re.fullmatch(r'__nas\(("(?:[^"\\]|\\.)*"),(.*)\);\n', data.decode("utf-8"), re.S)
            assert match, path
            json.loads(match.group(1)), json.loads(match.group(2))


@pytest.fixture(scope="module")
def config():
    return load_config(ROOT / "site.yaml")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(text=PAGE)
def test_fuzzed_pages_parse_render_and_stay_inert(config, text):
    try:
        page = parse_page(text.encode("utf-8"), "fuzz.txt")
    except InputError as exc:
        event(f"refused: {str(exc).split(': ')[1].split(' (')[0]}")
        return  # refused with a reason (empty, control characters): not a crash
    event(f"rendered, {min(len(page.articles), 3)}+ articles")
    pages = enrich([page], config)
    assert_inert(render_outputs(pages, config), text)
