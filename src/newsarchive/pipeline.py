"""The build: gather seeds, parse and enrich them (cached), render, write what changed.

This is the only module that touches the seeds, the cache and the site.
Stages are pure functions: `parse.parse_page` (bytes → Page),
`enrich.enrich_pages` (Pages → Pages), `exports.render_exports`,
`site.render_site` and `search.build_search` (Pages → {path: bytes}).

1. gather: read every page file of the seeds folder and its sidecar; report
   stray files, oversized and unreadable ones and duplicates (built once);
2. if the fingerprint of everything the site is rendered from (the seeds'
   cache keys, config, templates, static files, about page, code) equals the
   last build's and the site on disk is as that build left it, stop: nothing
   to load, render or write; the last build's report of its pages is repeated;
3. pages: each seed's summary (`summary.summarise`) from the cache (`cache.py`), or
   the seed parsed and enriched on `jobs` processes and stored (the page, its
   summary and its items of the data exports), in seed order whatever the jobs;
   meanwhile another process looks at each file of the site as it is (a large site);
4. render the outputs whose key changed (`site.render_changes`), loading whole
   pages from the cache only for those; the data exports from the pages'
   cached items, the search files when a page changed;
5. write each output as it is rendered, where its bytes change, into the
   site's twin, and swap the two folders (`writer.py`); record every file's
   hash and key, and the report.

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
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterator

from . import cache as cache_mod
from . import exports, forks, heap, writer
from .cache import Cache, digest
from .config import Config
from .decode import MAX_PAGE_BYTES
from .errors import InputError, NewsarchiveError
from .progress import QUIET, Progress
from .records import Page
from .sidecar import read_sidecar, sidecar_path
from .summary import summarise

# Page files are plain text; sidecars are read beside their page.
SEED_SUFFIXES = (".txt",)
SIDECAR_SUFFIX = ".yaml"
PAGES_PER_WORKER = 20  # see `process_seeds`
SCAN_APART = 5_000  # site files from which the site is scanned in another process (forking costs more below)


@dataclass
class BuildResult:
    pages: list[Page] = field(default_factory=list)  # summaries (`summary.summarise`); empty when nothing was rendered
    page_count: int = 0
    article_count: int = 0
    errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)  # the part of `errors` and `warnings` the pages gave
    page_warnings: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    parsed: int = 0  # seeds parsed (not taken from the cache)
    rendered: bool = False  # False when nothing the site is made from changed
    files_written: int = 0
    files_removed: int = 0
    seconds: float = 0.0

    @property
    def articles(self) -> int:
        return self.article_count

    def report(self) -> dict:
        """What the pages gave (not the gathering of the seeds, which every build repeats)."""
        return {"pages": self.page_count, "articles": self.article_count, "errors": self.page_errors,
                "warnings": self.page_warnings}

    def summary(self) -> str:
        removed = f", {self.files_removed} removed" if self.files_removed else ""
        return (
            f"{self.page_count} pages ({self.parsed} parsed), {self.articles} articles, {len(self.warnings)} warnings, "
            f"{len(self.errors)} errors, {self.files_written} files written{removed} in {self.seconds:.1f}s"
        )


@dataclass
class Seed:
    """A page file: its bytes (None when it is as the last build read it: read on demand, `read`),
    its sidecar's bytes and the cache keys they give."""

    name: str
    data: bytes | None
    sidecar: bytes
    parse_key: str
    key: str  # enrich key: the cache entry of the finished page
    path: Path | None = None
    sha256: str = ""

    def read(self) -> Seed:
        """This seed with its bytes, read now if need be (and checked against the hash its keys were made from)."""
        if self.data is not None:
            return self
        data = _read(self.path)
        if hashlib.sha256(data).hexdigest() != self.sha256:
            raise InputError(f"{self.name}: changed while the site was being built; build again")
        return replace(self, data=data)


@dataclass
class Outcome:
    """What processing one seed gave: the parsed and enriched page, or the reason it could not be used."""

    parsed: Page | None = None
    page: Page | None = None
    error: str | None = None
    cacheable: bool = True  # False for a parser crash: a bug to fix, not a property of the input
    summary: Page | None = None  # `summarise(page)`
    items: exports.PageItems | None = None  # the page's items of the data exports


def summary_key(key: str) -> str:
    return digest("summary", key, cache_mod.file_version("summary.py"))


def items_key(key: str) -> str:
    return digest("items", key, cache_mod.file_version("exports.py"))


def terms_key(key: str) -> str:
    """A page's search terms are cached apart from it: most outputs that show a page do not need them."""
    return digest("terms", key)


class CachedPages:
    """Whole pages for the renderer (`site.builder.PageSource`), loaded from the cache when an output
    that shows them is rendered (or made again, should the cache have lost them since their summaries
    were read).  A build holds every page's summary, and a few whole pages at a time."""

    KEEP = 64  # pages loaded from the cache kept in memory: outputs of one page are rendered together

    def __init__(self, cache: Cache, keys: dict[str, str], seeds: dict[str, Seed], config: Config):
        self.cache, self.keys, self.seeds, self.config = cache, keys, seeds, config
        self.loaded: dict[str, Page] = {}

    def key(self, page: Page) -> str:
        return self.keys[page.source]

    def full(self, page: Page) -> Page:
        source = page.source
        if source not in self.loaded:
            entry = self.cache.get(self.keys[source])
            if not isinstance(entry, Page):
                entry = self._remake(self.seeds[source])
            if len(self.loaded) >= self.KEEP:
                self.loaded.pop(next(iter(self.loaded)))
            self.loaded[source] = entry
        return self.loaded[source]

    def with_terms(self, page: Page) -> Page:
        """The whole page with its search terms (cached apart; made again if lost)."""
        full = self.full(page)
        if full.search_words:
            return full
        terms = self.cache.get(terms_key(self.keys[page.source]))
        if terms is None:
            from .search.analysis import page_words

            terms = page_words(full)
            self.cache.put(terms_key(self.keys[page.source]), terms)
        return replace(full, search_words=terms)

    def _remake(self, seed: Seed) -> Page:
        seed = seed.read()
        outcome = process_seed(seed.name, seed.data, seed.sidecar, self.cache.get(seed.parse_key), self.config)
        if outcome.page is None:  # it gave a page when its summary was made: the parser is not deterministic
            raise NewsarchiveError(f"{seed.name}: {outcome.error}")
        _store_page(self.cache, seed.key, outcome.page)
        return replace(outcome.page, search_words={})


# ---------------------------------------------------------------- the build


def build(config: Config, seeds_dir: Path | None = None, out_dir: Path | None = None, *,
          cache_dir: Path | None = None, jobs: int = 1, progress: Progress = QUIET) -> BuildResult:
    started = time.perf_counter()
    config.templates_folder()  # before any page is parsed: a typo must not cost a long parse first
    seeds_dir = Path(seeds_dir or config.path("seeds"))
    out_dir = Path(out_dir or config.path("out")).resolve()
    cache = Cache(cache_dir or config.path("cache"))
    result = BuildResult()
    with cache.lock(), heap.build_scope():
        writer.recover(out_dir)
        seeds = gather(seeds_dir, config, result, cache)
        stamp = site_stamp(config)
        fingerprint = digest(stamp, *(s.key for s in seeds))
        head = cache.load_head(out_dir)
        if head is not None and head.fingerprint == fingerprint and writer.unchanged(out_dir, head.folders):
            _restore(result, head.report)
        else:
            result.rendered = True
            cache.drop_head(out_dir)
            with heap.kept():  # the site's manifest: 100,000s of entries
                site = cache.load_manifest(out_dir)
            # The site's files are looked at (a stat each) in another process while the pages load
            with forks.background(lambda: writer.site_files(out_dir), apart=jobs > 1 and len(site.files) >= SCAN_APART) as scan:
                summaries, source, items = load_pages(seeds, config, cache, jobs, progress, result)
                with heap.kept():  # what the writer knows of the two folders
                    out = writer.SiteWriter(out_dir, site, cache.load_manifest(writer.shadow_path(out_dir)),
                                            twin_known=head is not None, live=scan())
            previous = out.valid_keys()  # from the writer's one pass over the site's files
            keys, memo, groups = render_into(out, summaries, source, items, config, stamp, previous, site.memo,
                                                progress, jobs, cache)
            written = out.finish(fingerprint, keys)
            stamps = _save_manifests(cache, out_dir, written, memo, groups, jobs)
            cache.save_head(out_dir, cache_mod.SiteHead(fingerprint, result.report(), stamps))
            result.files_written, result.files_removed = written.changed, written.removed
        cache.prune()
    result.seconds = time.perf_counter() - started
    return result


def _save_manifests(cache: Cache, out_dir: Path, written: writer.Written, memo: dict, groups: dict,
                    jobs: int) -> dict[str, tuple]:
    """Save the manifests of the new site and of its twin; the site's folder stamps (`writer.folder_stamps`).

    Each manifest is a pass over every file; for a large site the twin's, and the
    stamps, are made in another process meanwhile (the head, saved after, vouches for both).
    """
    def twin_and_stamps() -> dict[str, tuple]:
        cache.save_manifest(writer.shadow_path(out_dir), written.describe_twin())
        return writer.folder_stamps(out_dir, written.paths)

    with forks.background(twin_and_stamps, apart=jobs > 1 and len(written.paths) >= SCAN_APART) as other:
        site = written.describe_site()
        site.memo, site.groups = memo, groups
        cache.save_manifest(out_dir, site)
        return other()


def _restore(result: BuildResult, report: dict) -> None:
    """The report of the build that made the site, for a rebuild that had nothing to do."""
    result.page_count, result.article_count = report["pages"], report["articles"]
    result.page_errors, result.page_warnings = list(report["errors"]), list(report["warnings"])
    result.errors += result.page_errors
    result.warnings += result.page_warnings


def gather(seeds_dir: Path, config: Config, result: BuildResult, cache: Cache | None = None) -> list[Seed]:
    """The page files of `seeds_dir` in name order, with their hashes; stray files, bad files and duplicates reported.

    A page file that is as the last build found it (`cache.SeedStamps`) is not read: its hash
    is the recorded one, and its bytes are read only if it has to be parsed again.
    """
    stamps = cache.load_seed_stamps(seeds_dir) if cache is not None else cache_mod.SeedStamps()
    seen = cache_mod.SeedStamps()
    if not seeds_dir.is_dir():
        raise InputError(f"{seeds_dir}: seeds folder not found")
    with os.scandir(seeds_dir) as listing:  # one listing, no stat per name (an archive has 10,000s of files)
        entries = {e.name: e for e in listing if not e.name.startswith(".")}
    files = {name for name, e in entries.items() if not e.is_dir()}
    sidecar_names = {os.path.splitext(n)[0] + SIDECAR_SUFFIX for n in files if os.path.splitext(n)[1].lower() in SEED_SUFFIXES}
    seeds: list[Seed] = []
    first_by_hash: dict[str, str] = {}
    for name in sorted(entries):
        stem, suffix = os.path.splitext(name)
        suffix = suffix.lower()
        if name not in files:
            result.warnings.append(f"{name}/: folder ignored (page files are read from the top of the seeds folder only)")
            continue
        if suffix == SIDECAR_SUFFIX:
            if name not in sidecar_names:
                result.warnings.append(f"{name}: sidecar without a page file ({stem}.txt); ignored")
            continue
        if suffix not in SEED_SUFFIXES:
            result.warnings.append(f"{name}: not a page file (only .txt pages and their .yaml sidecars are read); ignored")
            continue
        path = seeds_dir / name
        side_name = sidecar_path(path).name
        try:
            st = entries[name].stat()
            if st.st_size > MAX_PAGE_BYTES:
                raise InputError(f"{name}: file too large for a page ({st.st_size / 1e6:.1f} MB; limit {MAX_PAGE_BYTES / 1e6:.0f} MB)")
            sha = stamps.known(name, st)
            data = None if sha else _read(path)
            sha = sha or hashlib.sha256(data).hexdigest()
            seen.note(name, st, sha)
            sidecar = _read(seeds_dir / side_name) if side_name in files else b""
        except (InputError, OSError) as exc:
            result.errors.append(str(exc) if isinstance(exc, InputError) else f"{name}: cannot read: {exc.strerror or exc}")
            continue
        if sha in first_by_hash:
            result.warnings.append(f"{name}: same content as {first_by_hash[sha]}; built once")
            continue
        first_by_hash[sha] = name
        parse_key = cache_mod.parse_key(name, sha, sidecar)
        seeds.append(Seed(name, data, sidecar, parse_key, cache_mod.enrich_key(parse_key, config), path, sha))
    if cache is not None and seen != stamps:
        cache.save_seed_stamps(seeds_dir, seen)
    return seeds


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path.name}: cannot read: {exc.strerror or exc}") from None


def load_pages(seeds: list[Seed], config: Config, cache: Cache, jobs: int, progress: Progress,
               result: BuildResult) -> tuple[list[Page], CachedPages, Callable[[], list[exports.PageItems]]]:
    """Each seed's page summary, from the cache or made now (in seed order); bad seeds reported.

    Also the whole pages (made now, or loaded from the cache on demand) and a
    function giving every page's items of the data exports.
    """
    outcomes: dict[str, Outcome] = {}
    todo: list[tuple[Seed, Page | str | None]] = []
    # Seeds whose bytes `gather` read (new or changed files), when too few for worker processes
    # (`process_seeds`), are made in another process while the summaries load: a rebuild that adds
    # a day's pages waits for the longer of the two, not both.
    fresh = [seed for seed in seeds if seed.data is not None]
    early = jobs > 1 and 0 < len(fresh) < 2 * PAGES_PER_WORKER and forks.can_fork()
    with forks.background(lambda: _make_fresh(fresh, config, cache), apart=early) as made_early:
        with heap.kept():
            bundle = cache.load_bundle("summaries")  # every summary in one file: one read, not one per seed
        made = made_early() if early else {}
    result.parsed = sum(parsed for _, parsed in made.values())
    for seed in seeds:
        if seed.key in made:
            outcomes[seed.key] = made[seed.key][0]
            continue
        entry = bundle.get(summary_key(seed.key)) or cache.get(summary_key(seed.key))
        if not isinstance(entry, (Page, str)):
            entry = cache.get(seed.key)  # a page cached without its summary: summarise it now
            if isinstance(entry, Page):
                entry = _store_summary(cache, seed.key, Outcome(page=entry)).summary
        if isinstance(entry, (Page, str)):
            outcomes[seed.key] = Outcome(summary=entry) if isinstance(entry, Page) else Outcome(error=entry)
        else:
            todo.append((seed, cache.get(seed.parse_key)))
    result.parsed += sum(parsed is None for _, parsed in todo)
    with progress.bar("parse", len(todo), unit="page") as update:
        for seed, outcome in process_seeds(todo, config, jobs, cache):
            outcomes[seed.key] = outcome
            update(1)
    _save_bundle(cache, "summaries", bundle, {
        summary_key(s.key): outcomes[s.key].summary or outcomes[s.key].error for s in seeds if outcomes[s.key].cacheable})
    summaries, keys = [], {}
    for seed in seeds:
        outcome = outcomes[seed.key]
        if outcome.error:
            result.page_errors.append(outcome.error)
            continue
        page = outcome.summary
        result.page_warnings.extend(f"{page.source}: {w}" for w in page.warnings)
        summaries.append(page)
        keys[page.source] = seed.key
    result.errors += result.page_errors
    result.warnings += result.page_warnings
    result.pages, result.page_count, result.article_count = summaries, len(summaries), sum(len(p.articles) for p in summaries)
    source = CachedPages(cache, keys, {seed.name: seed for seed in seeds}, config)

    def items() -> list[exports.PageItems]:
        # From the cache, where each page's items were put when it was made (the bundle: as of the
        # last build); not held since then, as they hold every article's text.
        old = cache.load_bundle("items")
        out = []
        for page in summaries:
            key = keys[page.source]
            got = old.get(items_key(key)) or cache.get(items_key(key))
            if not isinstance(got, exports.PageItems):
                got = _store_summary(cache, key, Outcome(page=source.full(page))).items
            out.append(got)
        _save_bundle(cache, "items", old, {items_key(keys[p.source]): i for p, i in zip(summaries, out)})
        return out

    return summaries, source, items


def _make_fresh(seeds: list[Seed], config: Config, cache: Cache) -> dict[str, tuple[Outcome, bool]]:
    """`process_and_store` for each of `seeds` not summarised in the cache yet: by seed key, its
    outcome and whether its page was parsed (not only enriched)."""
    made = {}
    for seed in seeds:
        if cache.get(summary_key(seed.key)) is None:
            parsed = cache.get(seed.parse_key)
            made[seed.key] = (process_and_store(seed, parsed, config, cache), parsed is None)
    return made


def _save_bundle(cache: Cache, name: str, old: dict, new: dict) -> None:
    """Rewrite the parts of a bundle whose entries changed (entries are named by what they were made from)."""
    if new.keys() != old.keys():
        cache.save_bundle(name, new, old)


def _store_page(cache: Cache, key: str, page: Page) -> None:
    """Cache a whole page, its search terms apart."""
    cache.put(terms_key(key), page.search_words)
    cache.put(key, replace(page, search_words={}))


def _store_summary(cache: Cache, key: str, outcome: Outcome) -> Outcome:
    """Make (unless made) and cache the summary and export items of `outcome.page`."""
    outcome.summary = outcome.summary or summarise(outcome.page)
    outcome.items = outcome.items or exports.page_items(outcome.page)
    cache.put(summary_key(key), outcome.summary)
    cache.put(items_key(key), outcome.items)
    return outcome


def process_seeds(todo: list[tuple[Seed, Page | str | None]], config: Config, jobs: int,
                  cache: Cache) -> Iterator[tuple[Seed, Outcome]]:
    """(seed, outcome) for each seed to process, in seed order (`process_and_store`: the pages are
    in the cache, the outcomes hold their summaries).

    Up to `jobs` worker processes, but no more than one per `PAGES_PER_WORKER`
    seeds: a worker first loads jieba's dictionaries, which costs about as much
    as parsing that many pages; with fewer, the seeds are processed here.
    """
    workers = min(jobs, len(todo) // PAGES_PER_WORKER)
    if workers <= 1:
        for seed, parsed in todo:
            yield seed, process_and_store(seed, parsed, config, cache)
        return
    threads = threading.active_count() > 1  # forking a threaded process (the dev server) is unsafe
    method = "spawn" if threads or "fork" not in multiprocessing.get_all_start_methods() else "fork"
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method), initializer=init_worker)
    try:
        futures = [(s, pool.submit(process_and_store, s, parsed, config, cache)) for s, parsed in todo]
        futures.reverse()
        while futures:  # in seed order, each future let go once taken, so that its page can be freed
            seed, future = futures.pop()
            yield seed, future.result()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def init_worker() -> None:
    """Worker processes leave Ctrl-C to the build, and load jieba's dictionary once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from .segmenter import tokenizer

    tokenizer()


def process_and_store(seed: Seed, parsed: Page | str | None, config: Config, cache: Cache) -> Outcome:
    """`process_seed`, its results put in the cache where it runs (in a worker: the pages need not
    travel back to the build, to be pickled again there); the outcome keeps the summary."""
    if parsed is None:
        try:
            seed = seed.read()
        except InputError as exc:
            return Outcome(error=str(exc), cacheable=False)
    outcome = process_seed(seed.name, seed.data or b"", seed.sidecar, parsed, config)
    if outcome.cacheable:
        if parsed is None:
            cache.put(seed.parse_key, outcome.parsed or outcome.error)
        if outcome.page is not None:
            _store_page(cache, seed.key, outcome.page)
            _store_summary(cache, seed.key, outcome)
        else:
            cache.put(seed.key, outcome.error)
            cache.put(summary_key(seed.key), outcome.error)
    outcome.parsed = outcome.page = outcome.items = None  # the build holds summaries, not pages
    return outcome


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
    return Outcome(parsed=parsed, page=page, summary=summarise(page), items=exports.page_items(page))


def enrich(pages: list[Page], config: Config) -> list[Page]:
    from .enrich import enrich_pages

    return enrich_pages(pages, config)


# ---------------------------------------------------------------- rendering


def site_stamp(config: Config) -> str:
    """Hash of everything every output is rendered from besides the pages: the config, the
    template, static and about files, and the package's code."""
    h = hashlib.sha256()
    for part in (cache_mod.code_version("all"), repr(config)):
        h.update(part.encode("utf-8") + b"\0")
    for name in ("templates", "static", "about"):
        root = config.path(name)
        files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root] if root.is_file() else []
        for path in files:
            h.update(path.relative_to(root.parent).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def render_into(out: writer.SiteWriter, pages: list[Page], source: CachedPages, items: Callable[[], list],
                config: Config, stamp: str, previous: dict[str, str], memo: dict | None = None,
                progress: Progress = QUIET, jobs: int = 1,
                cache: Cache | None = None) -> tuple[dict[str, str], dict, dict[str, list[str]]]:
    """Render what changed into `out`, keep the rest; every output's key, by path, the archive's memo (`Archive.memo`),
    and the groups of files made together (by key).

    `pages` are summaries; the data exports are made as a whole when a page
    changed (their key is the pages' keys), the search files by segment.
    Neither needs the archive's views: a rebuild makes them in another process
    while this one builds the views and renders what changed (a first build
    makes them after, its rendering taking every process, `render_shared`).
    That process first picks the related articles, which this one's views
    wait for, as they are built.
    """
    from .site.builder import prepare
    from .site.context import related_picks

    def related_then_data_and_search(out: writer.SiteWriter) -> Iterator:
        yield related_picks(pages, memo, source.key)
        yield data_and_search(out)

    def data_and_search(out: writer.SiteWriter) -> tuple[dict[str, str], dict[str, list[str]], tuple]:
        keys: dict[str, str] = {}
        groups: dict[str, list[str]] = {}
        by_key = out.site.groups
        data_key = digest(stamp, "data", *(source.key(p) for p in pages))
        if not _keep_group(data_key, by_key, previous, out, keys, groups):
            for rel, data in exports.join_exports(items()).items():
                _put(rel, data, data_key, out, keys, groups)
        for rel, data in search_files(pages, source, config, cache, out, previous, by_key, keys, groups, jobs).items():
            _put(rel, data, "", out, keys, groups)
        return keys, groups, out.written()

    branch = out.branch()  # the data exports' and search's files, counted apart
    with progress.bar("render", 2, unit="step") as update:
        with forks.steps(lambda: related_then_data_and_search(branch), apart=jobs > 1 and bool(previous)) as other:
            with heap.kept():  # the archive's views
                renderer = prepare(pages, config, source, previous, stamp, memo, related=other)
            rendered = render_shared(renderer, out, jobs)
            keys = dict(rendered.keys)
            for rel in rendered.kept:
                out.keep(rel)
            update(1)
            more_keys, groups, written = other()
        out.absorb(written)  # an output made twice is an error there
        keys.update(more_keys)
        update(1)
    return keys, rendered.memo, groups


def _keep_group(key: str, by_key: dict[str, list[str]], previous: dict[str, str], out: writer.SiteWriter,
                keys: dict[str, str], groups: dict[str, list[str]]) -> bool:
    """Keep files made together (under one key: `groups`) when the key is the last build's and every one
    of them is as that build left it; False when they must be made again."""
    old = [rel for rel in by_key.get(key, ()) if previous.get(rel) == key]
    if not old or len(old) != len(by_key[key]):
        return False
    for rel in old:
        out.keep(rel)
        keys[rel] = key
    groups[key] = old
    return True


def _put(rel: str, data: bytes, key: str, out: writer.SiteWriter, keys: dict[str, str],
         groups: dict[str, list[str]]) -> None:
    if rel in keys:
        raise NewsarchiveError(f"{rel}: produced twice (by the site renderer, the data exports or search)")
    out.put(rel, data)
    keys[rel] = key
    if key:
        groups.setdefault(key, []).append(rel)


def search_files(pages: list[Page], source: CachedPages, config: Config, cache: Cache, out: writer.SiteWriter,
                 previous: dict[str, str], by_key: dict[str, list[str]], keys: dict[str, str],
                 groups: dict[str, list[str]], jobs: int) -> dict[str, bytes]:
    """The browser's search files by segment (`search.segments`): a segment whose pages are as
    before is kept as the site holds it, the others are made from their whole pages (on up to
    `jobs` processes) and written; ``meta.js``, made from every segment's summary, is returned."""
    from .search import build_meta, export, segments

    by_source = {p.source: p for p in pages}
    summaries: dict[str, object] = {}
    todo: list[tuple[str, tuple[str, ...]]] = []
    order = []  # segment keys in archive order: documents are numbered through the segments in turn
    for names in segments(list(by_source), export.SEGMENT_K):
        key = digest("search", cache_mod.search_version(), *(source.key(by_source[n]) for n in names))
        order.append(key)
        summary = cache.get(key)
        if summary is not None and _keep_group(key, by_key, previous, out, keys, groups):
            summaries[key] = summary
        else:
            todo.append((key, names))
    for key, summary, stored in forks.each(jobs, todo, lambda task: _make_segment(task, by_source, source, config, out)):
        for rel, sha, changed in stored:
            out.record(rel, sha, changed)
            keys[rel] = key
        groups[key] = [rel for rel, _, _ in stored]
        cache.put(key, summary)
        summaries[key] = summary
    return build_meta([summaries[key] for key in order], config)


def _make_segment(task, by_source, source: CachedPages, config: Config, out: writer.SiteWriter):
    """Build one search segment and store its files: (key, its summary, what was stored)."""
    from .search.export import build_segment_in_order

    key, names = task  # in source order (`segments`)
    segment = build_segment_in_order((source.with_terms(by_source[n]) for n in names), config)
    stored = [(rel, *out.store(rel, data)) for rel, data in sorted(segment.files.items())]
    return key, replace(segment, files={}), stored


# Outputs to render below which one process renders them (forking and sharing cost more than they save).
OUTPUTS_PER_RENDERER = 500


def render_shared(renderer, out: writer.SiteWriter, jobs: int):
    """Find what changed (`SiteRenderer.plan`), then render it, shared among `jobs` processes when there is much.

    The other processes are forked once the keys are known, so they start
    with the archive and the list of outputs to render; each renders its share
    (`SiteRenderer.render`), writes it into the new site and sends back what it wrote.
    """
    with heap.kept():  # every output's key
        renderer.plan()
    jobs = max(1, min(jobs, len(renderer.todo) // OUTPUTS_PER_RENDERER))
    _, *others = forks.shared(jobs, lambda n, of: _render_part(renderer, out, n, of))
    for stored in others:
        for rel, sha, changed in stored:
            out.record(rel, sha, changed)
    return renderer.result()


def _render_part(renderer, out: writer.SiteWriter, n: int, of: int):
    """Share n of `of` of the rendering: this process writes through `out`; another one stores its files
    and returns (path, sha256, changed) of each, for this one to record."""
    if n == 0:
        return renderer.render(out.put, (0, of))
    stored = []
    renderer.render(lambda rel, data: stored.append((rel, *out.store(rel, data))), (n, of))
    return stored


def render_outputs(pages: list[Page], config: Config) -> dict[str, bytes]:
    """Every file of the site from whole pages, by path relative to the site root: pages, data exports, search files."""
    from .search import build_search
    from .site import render_site

    outputs = render_site(pages, config)
    outputs.update(exports.render_exports(pages))
    for path, data in build_search(pages, config).items():
        if path in outputs:
            raise NewsarchiveError(f"{path}: produced both by the site renderer and by search")
        outputs[path] = data
    return outputs


def write_site(outputs: dict[str, bytes], out_dir: Path) -> writer.Written:
    """Write `outputs` as the whole site in `out_dir` (changed files only, swapped in whole), without a cache."""
    return writer.write(outputs, Path(out_dir), cache_mod.Manifest(), cache_mod.Manifest(), "")


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1
