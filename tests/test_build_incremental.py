"""Incremental builds: the cache, what a rebuild parses and writes, atomic output, jobs.

Each test builds a copy of the project (site.yaml, templates, static, about.md,
seeds) in a temporary folder, so its cache and site are its own.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from newsarchive import cache as cache_mod
from newsarchive import parse, pipeline, writer
from newsarchive.config import load_config
from newsarchive.pipeline import build

from build_helpers import SEED_NAMES, make_project
from conftest import ROOT

NEW_SEED = SEED_NAMES[-1]


def run(project: Path, **kw):
    return build(load_config(project / "site.yaml"), **kw)


def state(out: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every file of the site: (inode, mtime, bytes); a file rewritten gets a new inode."""
    files = {}
    for path in sorted(out.rglob("*")):
        if path.is_file():
            st = path.stat()
            files[path.relative_to(out).as_posix()] = (st.st_ino, st.st_mtime_ns, path.read_bytes())
    return files


def contents(out: Path) -> dict[str, bytes]:
    return {rel: data for rel, (_, _, data) in state(out).items()}


@pytest.fixture()
def parses(monkeypatch):
    """The names of the seeds parsed during the test."""
    seen: list[str] = []
    real = parse.parse_page

    def spy(data, source, sidecar=None):
        seen.append(source)
        return real(data, source, sidecar=sidecar)

    monkeypatch.setattr(parse, "parse_page", spy)
    return seen


@pytest.fixture()
def writes(monkeypatch):
    """The site files written during the test, by path inside the site."""
    seen: list[str] = []
    real = writer.write_file

    def spy(path, data):
        folder = next(p for p in path.parents if p.name.startswith("._site."))  # the twin, or a fresh site
        seen.append(path.relative_to(folder).as_posix())
        return real(path, data)

    monkeypatch.setattr(writer, "write_file", spy)
    return seen


@pytest.fixture(scope="module")
def clean_build(tmp_path_factory):
    """The whole demo built once from scratch: what every incremental build must end up equal to."""
    project = make_project(tmp_path_factory.mktemp("clean"))
    result = run(project)
    assert result.errors == [] and result.parsed == len(SEED_NAMES)
    return contents(project / "_site")


def test_a_second_build_writes_nothing(tmp_path, parses):
    project = make_project(tmp_path)
    first = run(project)
    assert first.files_written == len(state(project / "_site")) and first.parsed == len(SEED_NAMES)
    before, out_inode = state(project / "_site"), (project / "_site").stat().st_ino
    parses.clear()
    second = run(project)
    assert (second.parsed, second.rendered, second.files_written, second.files_removed) == (0, False, 0, 0)
    assert parses == []
    assert state(project / "_site") == before and (project / "_site").stat().st_ino == out_inode
    assert second.warnings == first.warnings and second.articles == first.articles


def test_a_file_deleted_from_the_site_is_put_back_and_one_edited_by_the_next_change(tmp_path, clean_build):
    project = make_project(tmp_path)
    run(project)
    article = project / "_site" / "articles" / "000-22f9f7bde1bf95a2-01" / "index.html"
    article.unlink()
    stray = project / "_site" / "stray.html"
    stray.write_text("not ours", encoding="utf-8")
    again = run(project)  # a rebuild with nothing to do looks at the site's folders: it notices both
    assert again.rendered and contents(project / "_site") == clean_build
    raw = project / "_site" / "pages" / "000_22f9f7bde1bf95a2" / "raw.txt"  # no other page changes it
    raw.write_bytes(b"edited in place")
    assert run(project).rendered is False  # files are not looked at one by one when nothing changed ...
    extra = project / "seeds" / "zzz_extra.txt"
    extra.write_bytes((ROOT / "seeds" / NEW_SEED).read_bytes() + "\n附记。\n".encode())
    run(project)  # ... the next build that has work to do compares every file
    assert raw.read_bytes() == clean_build["pages/000_22f9f7bde1bf95a2/raw.txt"]
    extra.unlink()
    run(project)
    assert contents(project / "_site") == clean_build


def test_a_rebuild_with_nothing_to_do_stats_folders_and_still_notices_a_file_added_or_deleted(tmp_path, monkeypatch):
    """Folders last changed long before the build's end are checked by their stamp alone (no listing of
    the site's files); adding or deleting a file changes its folder's stamp."""
    monkeypatch.setattr(writer, "RECENT_NS", -(1 << 62))  # no folder counts as just changed: stamps alone
    project = make_project(tmp_path)
    run(project)
    listed: list[str] = []
    real_listdir, real_scan = os.listdir, writer._scan
    monkeypatch.setattr(writer.os, "listdir", lambda path: listed.append(path) or real_listdir(path))
    monkeypatch.setattr(writer, "_scan", lambda *a, **kw: listed.append(a[0]) or real_scan(*a, **kw))
    assert run(project).rendered is False and listed == []
    time.sleep(0.05)  # past the file system clock's tick (a few milliseconds), as any real edit is
    page = project / "_site" / "pages" / "000_22f9f7bde1bf95a2" / "raw.txt"
    page.unlink()
    assert run(project).rendered is True and page.is_file()
    time.sleep(0.05)
    (project / "_site" / "pages" / "000_22f9f7bde1bf95a2" / "stray.txt").write_text("not ours", encoding="utf-8")
    assert run(project).rendered is True
    assert not (project / "_site" / "pages" / "000_22f9f7bde1bf95a2" / "stray.txt").exists()
    assert run(project).rendered is False


def test_a_folder_changed_just_before_the_build_ended_has_its_names_compared(tmp_path, monkeypatch):
    """Within the clock's tick a folder's mtime may not move: a folder changed just before its stamp was
    taken is listed, and a file deleted from it at once is noticed even with the folder's mtime put back."""
    monkeypatch.setattr(writer, "RECENT_NS", 1 << 62)  # every folder counts as just changed
    project = make_project(tmp_path)
    run(project)
    folder = project / "_site" / "pages" / "000_22f9f7bde1bf95a2"
    before = folder.stat()
    (folder / "raw.txt").unlink()
    os.utime(folder, ns=(before.st_atime_ns, before.st_mtime_ns))  # as if in the same tick
    assert run(project).rendered is True and (folder / "raw.txt").is_file()


def test_unchanged_seeds_are_not_read_again_and_an_edit_that_keeps_size_and_mtime_is_noticed(tmp_path, monkeypatch):
    project = make_project(tmp_path)
    run(project)
    real, read = pipeline._read, []
    monkeypatch.setattr(pipeline, "_read", lambda path: read.append(path.name) or real(path))
    past = time.time() - 60  # stamps of files changed just before a build are not trusted
    for seed in (project / "seeds").glob("*.txt"):
        os.utime(seed, (past, past))
    run(project)  # the seeds' mtimes changed: each is read once more, and recorded
    read.clear()
    assert run(project).rendered is False and not [n for n in read if n.endswith(".txt")]
    seed = project / "seeds" / SEED_NAMES[0]
    st, text = seed.stat(), seed.read_text(encoding="utf-8")
    i = text.index("郴州")
    seed.write_text(text[:i] + "株洲" + text[i + 2:], encoding="utf-8")  # same size
    os.utime(seed, ns=(st.st_atime_ns, st.st_mtime_ns))  # and the same mtime: its ctime tells
    assert seed.stat().st_size == st.st_size
    again = run(project)
    assert again.parsed == 1 and SEED_NAMES[0] in read


def test_adding_a_seed_parses_it_alone_and_rewrites_only_what_changes(tmp_path, parses, writes, clean_build):
    project = make_project(tmp_path, SEED_NAMES[:-1])
    run(project)
    before = contents(project / "_site")
    parses.clear(), writes.clear()
    shutil.copy(ROOT / "seeds" / NEW_SEED, project / "seeds" / NEW_SEED)
    result = run(project)
    assert parses == [NEW_SEED] and result.parsed == 1
    after = contents(project / "_site")
    changed = {rel for rel in after if before.get(rel) != after[rel]}
    assert sorted(writes) == sorted(changed)  # every file written has new bytes; every file with new bytes was written
    assert result.files_written == len(changed) < len(after)
    new_ids = [p for p in changed if p.startswith("articles/") and NEW_SEED.split("_")[0] in p]
    assert new_ids and {"data/articles.json", "data/pages.json", "pages/index.html"} <= changed
    assert after == clean_build  # the same site a build from scratch gives


def test_the_twin_is_looked_at_file_by_file_only_when_the_last_build_did_not_end(tmp_path, monkeypatch, clean_build):
    """A build that ended recorded the twin as it left it: the next one scans the live site alone.  A build
    killed after it began writing leaves no record to trust, and the one after it scans the twin too."""
    project = make_project(tmp_path)
    run(project)
    (project / "about.md").write_text("# 关于\n\n第一版。\n", encoding="utf-8")
    run(project)  # the twin is made, and the site swapped with it
    scanned: list[str] = []
    real = writer.site_files
    monkeypatch.setattr(writer, "site_files", lambda folder: scanned.append(Path(folder).name) or real(folder))
    (project / "about.md").write_text("# 关于\n\n第二版。\n", encoding="utf-8")
    run(project)
    assert scanned == ["_site"]
    cache = cache_mod.Cache(project / ".cache")
    cache.drop_head((project / "_site").resolve())  # as a build killed mid-way leaves it
    twin_page = project / "._site.shadow" / "index.html"
    twin_page.unlink()
    twin_page.write_text("a build killed here", encoding="utf-8")
    scanned.clear()
    shutil.copy(ROOT / "about.md", project / "about.md")
    run(project)
    assert scanned == ["_site", "._site.shadow"]
    assert contents(project / "_site") == clean_build


def test_a_template_change_rerenders_without_reparsing(tmp_path, parses, writes):
    project = make_project(tmp_path)
    run(project)
    parses.clear(), writes.clear()
    base = project / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("</body>", "<!-- template-marker --></body>"), encoding="utf-8")
    result = run(project)
    assert parses == [] and result.parsed == 0 and result.rendered
    after = contents(project / "_site")
    html = sorted(rel for rel in after if rel.endswith(".html"))
    assert all(b"template-marker" in after[rel] for rel in html)
    assert sorted(writes) == html and result.files_written == len(html)  # data, feeds, static: not rewritten


def test_removing_a_seed_removes_its_pages(tmp_path, clean_build):
    project = make_project(tmp_path)
    extra = project / "seeds" / "900_extra.txt"
    extra.write_text((ROOT / "seeds" / SEED_NAMES[0]).read_text(encoding="utf-8") + "\n附记：另一版本。\n", encoding="utf-8")
    run(project)
    assert any(p.startswith("articles/900-extra") for p in contents(project / "_site"))
    base = project / "templates" / "base.html"
    template = base.read_text(encoding="utf-8")
    base.write_text(template + "<!-- changed -->\n", encoding="utf-8")
    run(project)  # the site's twin now holds the first site
    base.write_text(template, encoding="utf-8")
    extra.unlink()
    result = run(project)  # so this build applies both changes to it
    assert result.files_removed > 0
    site = contents(project / "_site")
    assert not any("900-extra" in p or "900_extra" in p for p in site)
    assert site == clean_build  # no stale file left
    assert not any(p.is_dir() and not any(p.iterdir()) for p in (project / "_site").rglob("*"))  # no empty folder either


def test_config_changes_reenrich_only_when_enrichment_reads_them(tmp_path, parses, monkeypatch):
    project = make_project(tmp_path)
    run(project)
    parses.clear()
    enriched: list[int] = []
    real = pipeline.enrich
    monkeypatch.setattr(pipeline, "enrich", lambda pages, config: enriched.append(len(pages)) or real(pages, config))
    config_file = project / "site.yaml"
    text = config_file.read_text(encoding="utf-8")
    config_file.write_text(text.replace("title: ", "title: 新", 1), encoding="utf-8")
    result = run(project)
    assert parses == [] and enriched == [] and result.rendered and result.files_written > 0
    config_file.write_text(text.replace("terms: [", "terms: [新词, ", 1), encoding="utf-8")
    result = run(project)
    assert parses == [] and len(enriched) == len(SEED_NAMES) and result.parsed == 0


def test_enrichment_reads_no_setting_but_the_enrich_settings(seed_paths):
    from dataclasses import replace

    config = load_config(ROOT / "site.yaml")
    page = parse.parse_page(seed_paths[0].read_bytes(), seed_paths[0].name)
    other = replace(config, title="x", description="y", base_url="https://x.test/", language="en", nav=(),
                    page_size=3, about="none.md", templates="t", static="s", seeds="z", out="o", cache="c")
    assert pipeline.enrich([page], config) == pipeline.enrich([page], other)
    assert set(cache_mod.ENRICH_SETTINGS) == {"region", "topics"}


def test_code_version_follows_the_parser_not_the_renderer(tmp_path, monkeypatch):
    package = tmp_path / "newsarchive"
    shutil.copytree(Path(cache_mod.__file__).parent, package, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache_mod, "_PACKAGE", package)

    def versions():
        cache_mod.code_version.cache_clear()
        return cache_mod.code_version("pages"), cache_mod.code_version("all")

    try:
        pages, everything = versions()
        (package / "site" / "builder.py").write_text("# edited\n", encoding="utf-8")
        assert versions()[0] == pages and versions()[1] != everything
        (package / "segment.py").write_text("# edited\n", encoding="utf-8")
        assert versions()[0] != pages
    finally:
        monkeypatch.undo()
        cache_mod.code_version.cache_clear()


def test_a_damaged_or_deleted_cache_costs_time_not_correctness(tmp_path, clean_build):
    project = make_project(tmp_path)
    run(project)
    for entry in (project / ".cache" / "pages").rglob("*"):
        if entry.is_file():
            entry.write_bytes(entry.read_bytes()[:100])
    for manifest in (project / ".cache" / "sites").glob("*"):
        manifest.write_bytes(manifest.read_bytes()[:200])
    result = run(project)
    assert result.errors == [] and result.parsed == len(SEED_NAMES)
    assert contents(project / "_site") == clean_build
    shutil.rmtree(project / ".cache")
    result = run(project)
    assert result.parsed == len(SEED_NAMES) and result.files_written == 0  # same bytes: nothing rewritten
    assert contents(project / "_site") == clean_build


def test_a_manifest_is_kept_whole_and_one_another_python_wrote_is_lost_not_misread(tmp_path, monkeypatch):
    c = cache_mod.Cache(tmp_path / "cache")
    site = tmp_path / "_site"
    manifest = cache_mod.Manifest(
        "f" * 64, {"index.html": ("a" * 64, 120, 1_796_352_816_356_818_387, 42, "k" * 64), "static/x.css": ("", -1, 5, 6, "")},
        {"related": {"id-1": ("sig:1", (("id-2", 19),))}, "slugs": {"version": "v", "slugs": {"娄底": "loudi"}}},
        {"k" * 64: ["index.html"]})
    c.save_manifest(site, manifest)
    assert c.load_manifest(site) == manifest
    odd = cache_mod.Manifest("g", {"a.html": ("b", 1, 2, 3, "")}, {"related": {"id": object()}})  # not marshal's kind
    c.save_manifest(tmp_path / "other", odd)
    assert c.load_manifest(tmp_path / "other").files == odd.files
    monkeypatch.setattr(cache_mod, "_MARSHAL_STAMP", "cpython-399 marshal 9")  # read by another Python
    assert c.load_manifest(site) == cache_mod.Manifest()  # lost: the next build compares the files' bytes


def test_pages_lost_after_their_summaries_were_read_are_made_again(tmp_path, clean_build):
    project = make_project(tmp_path)
    run(project)
    for entry in (project / ".cache" / "pages").rglob("*.pickle.z"):  # the summaries' bundle stays
        entry.unlink()
    (project / "_site" / "articles" / "000-22f9f7bde1bf95a2-01" / "index.html").unlink()
    result = run(project)
    assert result.errors == [] and contents(project / "_site") == clean_build


def test_jobs_give_the_same_site(tmp_path, clean_build, monkeypatch):
    project = make_project(tmp_path)
    monkeypatch.setattr(pipeline, "PAGES_PER_WORKER", 1)  # worker processes even for five pages
    monkeypatch.setattr(pipeline, "OUTPUTS_PER_RENDERER", 1)  # and rendering shared by two processes
    real = pipeline._render_part

    def share(renderer, out, n, of):  # share 1 runs in the forked process: it leaves a mark
        (tmp_path / f"share-{n}-of-{of}").touch()
        return real(renderer, out, n, of)

    monkeypatch.setattr(pipeline, "_render_part", share)
    result = run(project, jobs=2)
    assert result.parsed == len(SEED_NAMES) and result.errors == []
    assert contents(project / "_site") == clean_build
    assert (tmp_path / "share-1-of-2").exists() and result.files_written == len(clean_build)
    base = project / "templates" / "base.html"  # a rebuild rendering every page, shared
    base.write_text(base.read_text(encoding="utf-8").replace("</body>", "<!-- shared --></body>"), encoding="utf-8")
    result = run(project, jobs=2)
    html = [rel for rel in clean_build if rel.endswith(".html")]
    assert result.files_written == len(html) and all(b"<!-- shared -->" in contents(project / "_site")[rel] for rel in html)


def test_a_rebuild_shares_its_work_with_another_process_and_gives_the_same_site(tmp_path, clean_build, monkeypatch):
    """A rebuild on two processes: a large site's files are looked at in another one while the pages
    load, a page added is parsed in a third meanwhile, the related articles are picked and then the
    data exports and search files made in another while this one builds the views and renders, and
    the twin's manifest and the folders' stamps in another while this one saves the site's manifest.  What the scan finds (a file deleted, one edited in
    place) is repaired as when the build looks itself."""
    from newsarchive import exports
    from newsarchive.site import context

    project = make_project(tmp_path)
    run(project, jobs=2)  # below SCAN_APART files: scanned here; a first build: exports made here
    monkeypatch.setattr(pipeline, "SCAN_APART", 1)  # the demo site counts as large
    marks = tmp_path / "marks"

    def spy(name, real):
        def spied(*args):
            with marks.open("a") as out:
                out.write(f"{os.getpid()} {name} {Path(args[0]).name if name in ('scan', 'parse', 'stamps') else ''}\n")
            return real(*args)
        return spied

    monkeypatch.setattr(writer, "site_files", spy("scan", writer.site_files))
    monkeypatch.setattr(exports, "join_exports", spy("exports", exports.join_exports))
    monkeypatch.setattr(pipeline, "process_seed", spy("parse", pipeline.process_seed))
    monkeypatch.setattr(writer, "folder_stamps", spy("stamps", writer.folder_stamps))
    monkeypatch.setattr(context, "_pick_related", spy("related", context._pick_related))
    (project / "_site" / "articles" / "000-22f9f7bde1bf95a2-01" / "index.html").unlink()
    raw = project / "_site" / "pages" / "000_22f9f7bde1bf95a2" / "raw.txt"
    raw.write_bytes(b"edited in place")
    extra = project / "seeds" / "zzz_extra.txt"
    extra.write_bytes((ROOT / "seeds" / NEW_SEED).read_bytes() + "\n附记。\n".encode())
    result = run(project, jobs=2)
    assert result.errors == [] and raw.read_bytes() == clean_build["pages/000_22f9f7bde1bf95a2/raw.txt"]
    assert result.files_written < len(clean_build)  # the scan told what was as before
    assert result.parsed == 1
    done = [line.split() for line in marks.read_text().splitlines()]
    by = {(what[1], *what[2:]): what[0] for what in done}
    assert len(done) == 6
    assert set(by) == {("scan", "_site"), ("scan", "._site.shadow"), ("exports",), ("parse", "zzz_extra.txt"),
                       ("stamps", "_site"), ("related",)}
    others = {by["scan", "_site"], by["exports",], by["parse", "zzz_extra.txt"], by["stamps", "_site"]}
    assert len(others) == 4 and str(os.getpid()) not in others  # each in a process of its own
    assert by["related",] == by["exports",]  # picked first, by the process that then makes the exports
    assert by["scan", "._site.shadow"] == str(os.getpid())  # the twin, just made, is scanned here
    site = contents(project / "_site")
    assert "附记" in site["data/articles.json"].decode() and "附记" not in clean_build["data/articles.json"].decode()
    assert any(rel.startswith("articles/zzz") for rel in site)
    assert not run(project, jobs=2).rendered  # the stamps and manifests made apart vouch for the site
    extra.unlink()
    run(project, jobs=2)
    assert contents(project / "_site") == clean_build


def test_search_segments_built_in_several_processes_give_the_same_site(tmp_path, monkeypatch):
    from newsarchive.search import export

    monkeypatch.setattr(export, "SEGMENT_K", 2)  # the five demo pages in several segments
    (tmp_path / "one").mkdir(), (tmp_path / "two").mkdir()
    one, two = make_project(tmp_path / "one"), make_project(tmp_path / "two")
    run(one, jobs=1)
    run(two, jobs=2)
    site = contents(two / "_site")
    assert site == contents(one / "_site")
    assert len({rel.split("/")[1] for rel in site if rel.startswith("search/s")}) > 1


def test_a_rebuild_that_remakes_several_search_segments_on_two_processes(tmp_path, monkeypatch):
    """The other process of a rebuild, making the search files, makes every segment that changed (pages
    added at both ends of the archive, or search changed by an upgrade), one after another: it may not
    fork processes of its own."""
    from newsarchive.search import export

    monkeypatch.setattr(export, "SEGMENT_K", 2)  # the five demo pages in several segments
    (tmp_path / "one").mkdir(), (tmp_path / "two").mkdir()
    one, two = make_project(tmp_path / "one"), make_project(tmp_path / "two")
    run(two, jobs=2)
    page = (ROOT / "seeds" / NEW_SEED).read_bytes()
    for project in (one, two):
        (project / "seeds" / "000_first.txt").write_bytes(page + "\n前记。\n".encode())
        (project / "seeds" / "zzz_last.txt").write_bytes(page + "\n附记。\n".encode())
    before = {rel for rel in contents(two / "_site") if rel.startswith("search/s")}
    result = run(two, jobs=2)
    assert result.errors == [] and result.parsed == 2
    run(one, jobs=1)
    site = contents(two / "_site")
    assert site == contents(one / "_site")
    remade = {rel.split("/")[1] for rel in site if rel.startswith("search/s") and rel not in before}
    assert len(remade) >= 2


def test_two_builds_in_fresh_processes_are_byte_identical(tmp_path, clean_build):
    project = make_project(tmp_path)
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    done = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--config", str(project / "site.yaml"), "--jobs", "1"],
                          capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    assert contents(project / "_site") == clean_build


# ---------------------------------------------------------------- atomic output

# Runs a build that stops at a named point (just before the swap, or after the
# first parsed page) and says so, so the test can kill or interrupt it there.
PAUSED_BUILD = textwrap.dedent("""
    import sys, time
    sys.path.insert(0, {src!r})
    from newsarchive import cli, pipeline, writer
    where = sys.argv[1]
    def pause(*args, **kw):
        print("PAUSED", flush=True)
        time.sleep(120)
    if where == "swap":
        writer._swap = pause
    else:
        real = pipeline.process_seed
        count = []
        def slow(*args, **kw):
            if count:
                pause()
            count.append(1)
            return real(*args, **kw)
        pipeline.process_seed = slow
    sys.exit(cli.main(sys.argv[2:]))
""")


def start_paused(project: Path, where: str) -> subprocess.Popen:
    script = project / "paused_build.py"
    script.write_text(PAUSED_BUILD.format(src=str(ROOT / "src")), encoding="utf-8")
    proc = subprocess.Popen([sys.executable, str(script), where, "build", "--config", str(project / "site.yaml"), "--jobs", "1"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    line = ""
    while time.monotonic() < deadline and "PAUSED" not in line:
        line = proc.stdout.readline()
        if not line and proc.poll() is not None:
            raise AssertionError(f"the build ended before pausing: {proc.stderr.read()}")
    return proc


@pytest.mark.parametrize("where", ["swap", "parse"])
def test_a_build_killed_midway_leaves_the_previous_site_and_a_consistent_cache(tmp_path, clean_build, where):
    project = make_project(tmp_path, SEED_NAMES[:-1])
    run(project)
    before = state(project / "_site")
    shutil.copy(ROOT / "seeds" / NEW_SEED, project / "seeds" / NEW_SEED)
    if where == "parse":  # two new pages, so the build is killed with one parsed and one not
        (project / "seeds" / "000_a.txt").write_bytes((ROOT / "seeds" / NEW_SEED).read_bytes() + "\n附记。\n".encode())
    proc = start_paused(project, where)
    try:
        assert state(project / "_site") == before
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert state(project / "_site") == before  # the previous site, untouched
    result = run(project)
    assert result.errors == []
    assert leftovers(project) == []
    site = contents(project / "_site")
    if where == "swap":
        assert site == clean_build
    else:
        assert result.parsed == 1  # the page parsed before the kill came from the cache


def test_ctrl_c_during_a_build_leaves_the_previous_site(tmp_path):
    project = make_project(tmp_path)
    run(project)
    before = state(project / "_site")
    base = project / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8") + "<!-- changed -->\n", encoding="utf-8")
    proc = start_paused(project, "swap")
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert "interrupted; the previous site was left as it was" in err
    assert state(project / "_site") == before
    assert leftovers(project) == []


def test_a_failing_render_leaves_the_previous_site(tmp_path, capsys):
    from newsarchive.cli import main

    project = make_project(tmp_path)
    run(project)
    before = state(project / "_site")
    (project / "templates" / "article.html").write_text("{% block main %}{{ broken( }}{% endblock %}", encoding="utf-8")
    assert main(["build", "--config", str(project / "site.yaml")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: ") and "article.html:1" in err[0]
    assert state(project / "_site") == before


def leftovers(project: Path) -> list[str]:
    """Folders beside the site other than its twin."""
    return [p.name for p in project.iterdir() if p.name.startswith("._site") and p.name != "._site.shadow"]


def test_a_swap_cut_between_its_renames_is_completed_by_the_next_build(tmp_path):
    gone = subprocess.Popen(["true"])
    gone.wait()  # its process id no longer runs
    for name in ("swap", "new"):
        (tmp_path / f"._site.{name}-{gone.pid}").mkdir()
        (tmp_path / f"._site.{name}-{gone.pid}" / "index.html").write_text(name, encoding="utf-8")
    writer.recover(tmp_path / "_site")  # killed after moving the site aside: it comes back
    assert (tmp_path / "_site" / "index.html").read_text(encoding="utf-8") == "swap"
    assert leftovers(tmp_path) == []
    (tmp_path / f"._site.swap-{gone.pid}").mkdir()
    writer.recover(tmp_path / "_site")  # killed after moving the twin in: the old site becomes the twin
    assert (tmp_path / "._site.shadow").is_dir() and leftovers(tmp_path) == []


def test_outputs_may_not_leave_the_site(tmp_path):
    for bad in ("../x", "/etc/x", "a/../../x", "a\\b", "", "a/"):
        with pytest.raises(Exception, match="not a file path inside the site"):
            writer.write({bad: b"x"}, tmp_path / "_site", cache_mod.Manifest(), cache_mod.Manifest(), "")
    assert not (tmp_path / "_site").exists()
