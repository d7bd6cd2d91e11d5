"""The build: gather seeds, parse and enrich them (cached), render, write what changed.

This is the only module that touches the seeds, the cache and the site.
Stages are pure functions: `parse.parse_page` (bytes → Page),
`enrich.enrich_pages` (Pages → Pages), `exports.render_exports`,
`site.render_site` and `search.build_search` (Pages → {path: bytes}).

1. gather: read every page file of the seeds folder and its sidecar; report
   stray files, oversized and unreadable ones and duplicates (built once);
2. pages: each seed's enriched Page from the cache (`cache.py`), or parsed
   and enriched on `jobs` processes and stored, in seed order whatever the jobs;
3. if the fingerprint of everything the site is rendered from (pages, config,
   templates, static files, about page, code) equals the last build's and the
   site on disk is as that build left it, stop: nothing to render or write;
4. render every output in memory;
5. write only the files whose bytes change, into the site's twin, and swap the
   two folders (`writer.py`); record what the site was made from.

A bad seed is reported in one line and skipped; the rest builds.  Any other
error, or Ctrl-C, leaves the previous site and the cache as they were.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from . import cache as cache_mod
from . import exports, writer
from .cache import Cache
from .config import Config
from .decode import MAX_PAGE_BYTES
from .errors import InputError, NewsarchiveError
from .progress import QUIET, Progress
from .records import Page
from .sidecar import read_sidecar, sidecar_path

# Page files are plain text; sidecars are read beside their page.
SEED_SUFFIXES = (".txt",)
SIDECAR_SUFFIX = ".yaml"
PAGES_PER_WORKER = 20  # see `process_seeds`


@dataclass
class BuildResult:
    pages: list[Page] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    parsed: int = 0  # seeds parsed (not taken from the cache)
    rendered: bool = False  # False when nothing the site is made from changed
    files_written: int = 0
    files_removed: int = 0
    seconds: float = 0.0

    @property
    def articles(self) -> int:
        return sum(len(p.articles) for p in self.pages)

    def summary(self) -> str:
        removed = f", {self.files_removed} removed" if self.files_removed else ""
        return (
            f"{len(self.pages)} pages ({self.parsed} parsed), {self.articles} articles, {len(self.warnings)} warnings, "
            f"{len(self.errors)} errors, {self.files_written} files written{removed} in {self.seconds:.1f}s"
        )


@dataclass
class Seed:
    """A page file as read: its bytes, its sidecar's bytes and the cache keys they give."""

    name: str
    data: bytes
    sidecar: bytes
    parse_key: str
    key: str  # enrich key: the cache entry of the finished page


@dataclass
class Outcome:
    """What processing one seed gave: the parsed and enriched page, or the reason it could not be used."""

    parsed: Page | None = None
    page: Page | None = None
    error: str | None = None
    cacheable: bool = True  # False for a parser crash: a bug to fix, not a property of the input


# ---------------------------------------------------------------- the build


def build(config: Config, seeds_dir: Path | None = None, out_dir: Path | None = None, *,
          cache_dir: Path | None = None, jobs: int = 1, progress: Progress = QUIET) -> BuildResult:
    started = time.perf_counter()
    seeds_dir = Path(seeds_dir or config.path("seeds"))
    out_dir = Path(out_dir or config.path("out")).resolve()
    cache = Cache(cache_dir or config.path("cache"))
    result = BuildResult()
    with cache.lock():
        writer.recover(out_dir)
        seeds = gather(seeds_dir, config, result)
        result.pages = load_pages(seeds, config, cache, jobs, progress, result)
        stamp = fingerprint(config, [s.key for s in seeds])
        site = cache.load_manifest(out_dir)
        if site.fingerprint != stamp or not writer.unchanged(out_dir, site):
            result.rendered = True
            outputs = render_outputs(result.pages, config, progress)
            written = writer.write(outputs, out_dir, site, cache.load_manifest(writer.shadow_path(out_dir)), stamp, progress)
            cache.save_manifest(out_dir, written.site)
            cache.save_manifest(writer.shadow_path(out_dir), written.shadow)
            result.files_written, result.files_removed = written.changed, written.removed
        cache.prune()
    result.seconds = time.perf_counter() - started
    return result


def gather(seeds_dir: Path, config: Config, result: BuildResult) -> list[Seed]:
    """The page files of `seeds_dir` in name order, read; stray files, bad files and duplicates reported."""
    if not seeds_dir.is_dir():
        raise InputError(f"{seeds_dir}: seeds folder not found")
    entries = sorted(p for p in seeds_dir.iterdir() if not p.name.startswith("."))
    sidecar_names = {sidecar_path(p).name for p in entries if p.suffix.lower() in SEED_SUFFIXES}
    seeds: list[Seed] = []
    first_by_hash: dict[str, str] = {}
    for path in entries:
        name = path.name
        if path.is_dir():
            result.warnings.append(f"{name}/: folder ignored (page files are read from the top of the seeds folder only)")
            continue
        if path.suffix.lower() == SIDECAR_SUFFIX:
            if name not in sidecar_names:
                result.warnings.append(f"{name}: sidecar without a page file ({path.stem}.txt); ignored")
            continue
        if path.suffix.lower() not in SEED_SUFFIXES:
            result.warnings.append(f"{name}: not a page file (only .txt pages and their .yaml sidecars are read); ignored")
            continue
        try:
            size = path.stat().st_size
            if size > MAX_PAGE_BYTES:
                raise InputError(f"{name}: file too large for a page ({size / 1e6:.1f} MB; limit {MAX_PAGE_BYTES / 1e6:.0f} MB)")
            data = _read(path)
            side = sidecar_path(path)
            sidecar = _read(side) if side.is_file() else b""
        except InputError as exc:
            result.errors.append(str(exc))
            continue
        sha = hashlib.sha256(data).hexdigest()
        if sha in first_by_hash:
            result.warnings.append(f"{name}: same content as {first_by_hash[sha]}; built once")
            continue
        first_by_hash[sha] = name
        parse_key = cache_mod.parse_key(name, sha, sidecar)
        seeds.append(Seed(name, data, sidecar, parse_key, cache_mod.enrich_key(parse_key, config)))
    return seeds


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path.name}: cannot read: {exc.strerror or exc}") from None


def load_pages(seeds: list[Seed], config: Config, cache: Cache, jobs: int, progress: Progress,
               result: BuildResult) -> list[Page]:
    """Each seed's enriched page, from the cache or made now (in seed order); bad seeds reported."""
    outcomes: dict[str, Outcome] = {}
    todo: list[tuple[Seed, Page | str | None]] = []
    for seed in seeds:
        entry = cache.get(seed.key)
        if isinstance(entry, (Page, str)):
            outcomes[seed.key] = Outcome(page=entry) if isinstance(entry, Page) else Outcome(error=entry)
        else:
            todo.append((seed, cache.get(seed.parse_key)))
    parsed_before = {seed.key for seed, parsed in todo if parsed is not None}
    result.parsed = len(todo) - len(parsed_before)
    with progress.bar("parse", len(todo), unit="page") as update:
        for seed, outcome in process_seeds(todo, config, jobs):
            if outcome.cacheable:
                if seed.key not in parsed_before:
                    cache.put(seed.parse_key, outcome.parsed or outcome.error)
                cache.put(seed.key, outcome.page or outcome.error)
            outcomes[seed.key] = outcome
            update(1)
    pages = []
    for seed in seeds:
        outcome = outcomes[seed.key]
        if outcome.error:
            result.errors.append(outcome.error)
            continue
        result.warnings.extend(f"{outcome.page.source}: {w}" for w in outcome.page.warnings)
        pages.append(outcome.page)
    return pages


def process_seeds(todo: list[tuple[Seed, Page | str | None]], config: Config, jobs: int) -> Iterator[tuple[Seed, Outcome]]:
    """(seed, outcome) for each seed to process, as they finish.

    Up to `jobs` worker processes, but no more than one per `PAGES_PER_WORKER`
    seeds: a worker first loads jieba's dictionaries, which costs about as much
    as parsing that many pages; with fewer, the seeds are processed here.
    """
    workers = min(jobs, len(todo) // PAGES_PER_WORKER)
    if workers <= 1:
        for seed, parsed in todo:
            yield seed, process_seed(seed.name, seed.data, seed.sidecar, parsed, config)
        return
    threads = threading.active_count() > 1  # forking a threaded process (the dev server) is unsafe
    method = "spawn" if threads or "fork" not in multiprocessing.get_all_start_methods() else "fork"
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method), initializer=init_worker)
    try:
        futures = {pool.submit(process_seed, s.name, s.data, s.sidecar, parsed, config): s for s, parsed in todo}
        for future in as_completed(futures):
            yield futures[future], future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def init_worker() -> None:
    """Worker processes leave Ctrl-C to the build, and load jieba's dictionary once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from .segmenter import tokenizer

    tokenizer()


def process_seed(name: str, data: bytes, sidecar: bytes, parsed: Page | str | None, config: Config) -> Outcome:
    """Parse (unless `parsed` is given) and enrich one seed.  Runs in a worker process."""
    if isinstance(parsed, str):
        return Outcome(error=parsed)
    if parsed is None:
        from .parse import parse_page

        try:
            side = read_sidecar(sidecar, sidecar_path(Path(name)).name) if sidecar else {}
            parsed = parse_page(data, name, sidecar=side)
        except InputError as exc:
            return Outcome(error=str(exc))
        except Exception as exc:  # noqa: BLE001 - one page's parser bug must not stop the archive
            return Outcome(error=f"{name}: the parser failed ({type(exc).__name__}: {exc}); please report it", cacheable=False)
    from .search.analysis import page_words

    try:
        page = enrich([parsed], config)[0]
        page.search_words = page_words(page)
    except NewsarchiveError:
        raise
    except Exception as exc:  # noqa: BLE001
        return Outcome(parsed=parsed, error=f"{name}: enrichment failed ({type(exc).__name__}: {exc}); please report it",
                       cacheable=False)
    return Outcome(parsed=parsed, page=page)


def enrich(pages: list[Page], config: Config) -> list[Page]:
    from .enrich import enrich_pages

    return enrich_pages(pages, config)


# ---------------------------------------------------------------- rendering


def fingerprint(config: Config, page_keys: list[str]) -> str:
    """Hash of everything the renderers read: the pages (by cache key), the config, the template,
    static and about files, and the package's code."""
    h = hashlib.sha256()
    for part in (cache_mod.code_version("all"), repr(config), *page_keys):
        h.update(part.encode("utf-8") + b"\0")
    for name in ("templates", "static", "about"):
        root = config.path(name)
        files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root] if root.is_file() else []
        for path in files:
            h.update(path.relative_to(root.parent).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def render_outputs(pages: list[Page], config: Config, progress: Progress = QUIET) -> dict[str, bytes]:
    """Every file of the site, by path relative to the site root: pages, data exports, search files."""
    from .search import build_search
    from .site import render_site

    with progress.bar("render", 3, unit="step") as update:
        outputs = render_site(pages, config)
        update(1)
        outputs.update(exports.render_exports(pages))
        update(1)
        for path, data in build_search(pages, config).items():
            if path in outputs:
                raise NewsarchiveError(f"{path}: produced both by the site renderer and by search")
            outputs[path] = data
        update(1)
    return outputs


def write_site(outputs: dict[str, bytes], out_dir: Path) -> writer.Written:
    """Write `outputs` as the whole site in `out_dir` (changed files only, swapped in whole), without a cache."""
    return writer.write(outputs, Path(out_dir), cache_mod.Manifest(), cache_mod.Manifest(), "")


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1
