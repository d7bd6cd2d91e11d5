"""Archive-scale benchmark: build cost as the archive grows, side by side with Hugo and Pelican.

    python benchmarks/scale.py [--sizes 100,1000,5000] [--runs 3] [--day-pages 8] [--extrapolate N,…] [--work DIR] [--no-compare] [--readme]

For each size N it generates N pages (`benchmarks/corpus.py`, seed 0) and runs
`python build.py build` as a subprocess with the CLI's defaults (jobs = CPUs),
from a copy of the code taken when the benchmark starts (`snapshot`):

- cold: empty site and cache;
- no-change: the same command again;
- add-one: page N of the corpus added (a new page each run);
- add-a-day: a day's paper added at once, `--day-pages` new pages (8: a city
  daily prints about 3,000 pages a year), new ones each run;
- peak memory, sampled every 50 ms from /proc over the build and its worker
  processes: PSS (proportional set size: a page shared by n processes, as
  forked processes share what their parent had built, counts 1/n in each),
  the memory the build really holds; and the sum of their RSS (each shared page
  counted in every process: an upper bound), never less than the peak, VmHWM,
  of the largest single process;
- output: bytes and files of the built site; search index: bytes under
  `search/`; query: bytes a browser downloads for a query on the search page
  (`search/?q=…`, Debian's chromium through playwright, the search page itself
  and its stylesheet and script excluded), median over `QUERIES`;
- Hugo (Debian `hugo`) and Pelican (PyPI `pelican`) build the same articles,
  exported as Markdown by `benchmarks/compare/export.py`: cold builds, and for
  Pelican rebuilds with its content cache; each as a ratio to ours.
  `--compare-from FILE` takes them from an earlier run's JSON instead, for a
  size whose exported projects are byte-identical to that run's (its recorded
  digest, or for a run that recorded none the projects left in the same
  `--work`): the tools and the corpus are unchanged, so are their times.

Times are medians of `--runs` runs; a cold build (ours, Hugo's, Pelican's) or
Pelican rebuild whose first run takes longer than `--budget` seconds is run
once (our rebuilds always `--runs` times).  A size whose cold build exceeds `--timeout`
stops the sweep, and the larger sizes (and those given to `--extrapolate`) are
extrapolated, labelled so: the larger of the fitted power law and the line
through the two largest measured sizes.  Growth: the exponent b of cost ≈ a·N^b fitted over the
measured sizes (b ≤ 1 is no worse than linear) and the cost per page at each N.
The table is printed, written to `benchmarks/results/scale-<date>.md` with the
raw runs beside it as JSON and all that was printed as a log (a later run on the
same day writes `scale-<date>-2.*`, and so on: no run's files are overwritten),
and with `--readme` copied into README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import hashlib
import http.server
import json
import math
import os
import platform
import re
import shutil
import socketserver
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
from compare import export as compare_export  # noqa: E402

RESULTS = HERE / "results"
QUERIES = ("锂电", "郴州 产业", "高质量发展", "医保 政策")
README_START, README_END = "<!-- scale-table:start -->", "<!-- scale-table:end -->"
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


# ---------------------------------------------------------------- running and measuring one command


@dataclass
class Run:
    seconds: float
    rss_mb: float
    rc: int
    summary: str = ""
    pss_mb: float = 0.0

    @property
    def ok(self) -> bool:
        return self.rc == 0


def _children(pid: int) -> list[int]:
    out = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as f:
                out += [int(c) for c in f.read().split()]
    except OSError:
        pass
    return out


def _kb(fields: dict, name: str) -> int:
    return int(fields.get(name, "0 kB").split()[0]) * 1024


# The sampler reads each process's /proc status (cheap) every RSS_EVERY seconds, and its smaps_rollup
# (PSS) at most every PSS_EVERY seconds and within PSS_SHARE of one CPU: the kernel walks the page
# tables of the process to sum it, about 20 ms for a 330 MB process, while holding its memory map
# lock. Sampled as often as the RSS, it took most of a CPU from the builds it measured.
RSS_EVERY, PSS_EVERY, PSS_SHARE = 0.05, 0.5, 0.02


def _tree_memory(pid: int, with_pss: bool = True) -> tuple[int, int, int]:
    """Of `pid` and its descendants now: (the sum of their resident bytes, the largest peak (VmHWM) of any
    one of them, the sum of their proportional set sizes, or 0 unless `with_pss`)."""
    total = single = pss = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as f:
                fields = dict(line.split(":", 1) for line in f if line.startswith(("VmRSS", "VmHWM")))
            if with_pss:
                with open(f"/proc/{p}/smaps_rollup") as f:
                    fields.update(line.split(":", 1) for line in f if line.startswith("Pss:"))
        except OSError:
            continue
        total += _kb(fields, "VmRSS")
        single = max(single, _kb(fields, "VmHWM"))
        pss += _kb(fields, "Pss")
        todo += _children(p)
    return total, single, pss


def run(cmd: list[str], cwd: Path, timeout: float, log: Path | None = None) -> Run:
    """Run `cmd`, its wall time and the peak resident memory of its process tree."""
    peak = peak_pss = 0
    out = open(log, "wb") if log else subprocess.DEVNULL
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, env=_env())
    done = threading.Event()

    def sample():
        nonlocal peak, peak_pss
        next_pss = 0.0
        while not done.wait(RSS_EVERY):
            now = time.perf_counter()
            with_pss = now >= next_pss
            total, single, pss = _tree_memory(proc.pid, with_pss)
            peak, peak_pss = max(peak, total, single), max(peak_pss, pss)
            if with_pss:
                next_pss = now + max(PSS_EVERY, (time.perf_counter() - now) / PSS_SHARE)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    rc = None
    try:
        while rc is None:
            pid, status, _usage = os.wait4(proc.pid, os.WNOHANG)  # (ru_maxrss counts the parent's memory at fork)
            if pid:
                rc = os.waitstatus_to_exitcode(status)
                break
            if time.perf_counter() - started > timeout:
                proc.kill()
                _, status, _ = os.wait4(proc.pid, 0)
                rc = -9
                break
            time.sleep(0.01)
    finally:
        seconds = time.perf_counter() - started
        done.set()
        sampler.join()
        proc.returncode = rc
        if log:
            out.close()
    summary = ""
    if log and log.exists():
        lines = [l for l in log.read_text(encoding="utf-8", errors="replace").splitlines() if not l.startswith("warning:")]
        summary = lines[-1] if lines else ""
    return Run(seconds, peak / 2**20, rc, summary, peak_pss / 2**20)


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)
    env["PYTHONHASHSEED"] = "0"
    return env


def repeat(make_cmd, runs: int, budget: float, timeout: float, cwd: Path, log: Path, before=None) -> list[Run]:
    """`runs` runs of `make_cmd(i)` (`before(i)` first, untimed); one only when the first exceeds `budget`."""
    out = []
    for i in range(runs):
        if before:
            before(i)
        r = run(make_cmd(i), cwd, timeout, log)
        out.append(r)
        print(f"    {r.seconds:8.2f} s  PSS {r.pss_mb:6.0f} MB  RSS sum {r.rss_mb:6.0f} MB  rc={r.rc}  {r.summary[:90]}", flush=True)
        if not r.ok or r.seconds > budget:
            break
    return out


def dir_size(path: Path) -> tuple[int, int]:
    total = files = 0
    for root, _dirs, names in os.walk(path):
        for name in names:
            total += os.path.getsize(os.path.join(root, name))
            files += 1
    return total, files


# ---------------------------------------------------------------- the search query in a browser


def query_bytes(site: Path, queries=QUERIES) -> dict | None:
    """Bytes of index files a browser fetches for each query on the built site's search page (None: no search)."""
    if not (site / "search" / "meta.js").exists():
        return None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    handler = functools.partial(_QuietHandler, directory=str(site))
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler) as server:
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        result = {}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
            for q in queries:
                page = browser.new_page()
                fetched: dict[str, int] = {}
                page.on("requestfinished", lambda req, f=fetched: f.__setitem__(req.url, _body_size(req)))
                page.goto(base + "search/?q=" + q)
                page.wait_for_function("() => !document.getElementById('search-status').classList.contains('busy')"
                                       " && document.getElementById('search-status').textContent.length > 0",
                                       timeout=60_000)
                page.wait_for_load_state("networkidle")
                index = {u: n for u, n in fetched.items() if "/search/" in u and not u.split("?")[0].endswith("/search/")}
                status = page.eval_on_selector("#search-status", "e => e.textContent")
                result[q] = {"bytes": sum(index.values()), "files": len(index), "status": status,
                             "page_bytes": sum(fetched.values())}
                page.close()
            browser.close()
        server.shutdown()
    return result


def _body_size(request) -> int:
    try:
        response = request.response()
        return len(response.body()) if response else 0
    except Exception:  # noqa: BLE001 - a request without a body
        return 0


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


# ---------------------------------------------------------------- one size


@dataclass
class SizeResult:
    n: int
    pages: int = 0
    articles: int = 0
    corpus_mb: float = 0.0
    cold: list[Run] = field(default_factory=list)
    nochange: list[Run] = field(default_factory=list)
    addone: list[Run] = field(default_factory=list)
    addday: list[Run] = field(default_factory=list)  # `day_pages` pages added at once
    day_pages: int = 0
    output_bytes: int = 0
    output_files: int = 0
    search_bytes: int = 0
    query: dict | None = None
    hugo_cold: list[Run] = field(default_factory=list)
    hugo_output_bytes: int = 0
    pelican_cold: list[Run] = field(default_factory=list)
    pelican_nochange: list[Run] = field(default_factory=list)
    pelican_addone: list[Run] = field(default_factory=list)
    pelican_output_bytes: int = 0
    load: list[float] = field(default_factory=list)  # 1-minute load average before each step
    compare_reused: str = ""  # the earlier run whose Hugo and Pelican times were taken (`--compare-from`)
    compare_digest: str = ""  # `_export_digest` of the projects Hugo and Pelican built


def med(runs: list[Run], attr: str = "seconds") -> float | None:
    good = [getattr(r, attr) for r in runs if r.ok]
    return statistics.median(good) if good and len(good) == len(runs) else None


def prepare_corpus(n: int, work: Path, extra: int) -> tuple[Path, list[corpus.GeneratedPage]]:
    """The corpus of `n` pages in `work/corpus-n` (reused when complete) and `extra` more pages to add one by one."""
    folder = work / f"corpus-{n}"
    pages = list(corpus.pages(n + extra))
    stamp = folder / ".stamp"
    key = f"{n} {pages[n - 1].name} {corpus.__file__}"
    if not (stamp.exists() and stamp.read_text() == key):
        if folder.exists():
            shutil.rmtree(folder)
        folder.mkdir(parents=True)
        for page in pages[:n]:
            (folder / page.name).write_text(page.text, encoding="utf-8")
            (folder / page.name).with_suffix(".yaml").write_text(page.sidecar, encoding="utf-8")
        stamp.write_text(key)
    for stray in sorted(folder.glob("*.txt"))[n:]:  # pages added by an interrupted run
        stray.unlink()
        stray.with_suffix(".yaml").unlink(missing_ok=True)
    return folder, pages[n:]


CODE = ("build.py", "site.yaml", "about.md", "src/newsarchive", "templates", "static")


def snapshot(work: Path) -> Path:
    """A frozen copy of the code, templates and config the builds run (the working tree, uncommitted
    changes included): edits made while the benchmark runs would otherwise turn a no-change rebuild
    into a full one, since the build fingerprints its own code."""
    files = []
    for name in CODE:
        path = ROOT / name
        if path.is_file():
            files.append(path)
        elif path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
    h = hashlib.sha256()
    for path in files:
        h.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    folder = work / f"code-{h.hexdigest()[:12]}"
    if not folder.exists():
        tmp = work / f".code-{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        for path in files:
            target = tmp / path.relative_to(ROOT)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
        tmp.rename(folder)
    return folder


def bench_size(n: int, args, work: Path) -> SizeResult:
    res = SizeResult(n)
    seeds, extra = prepare_corpus(n, work, args.runs * (1 + args.day_pages))  # add-one's pages, then the days'
    res.pages = n
    res.corpus_mb = sum(p.stat().st_size for p in seeds.glob("*.txt")) / 1e6
    site, cache, logs = work / f"site-{n}", work / f"cache-{n}", work / "logs"
    logs.mkdir(exist_ok=True)
    code = args.code
    ours = [sys.executable, str(code / "build.py"), "build", "--config", str(code / "site.yaml"),
            "--seeds", str(seeds), "--out", str(site), "--cache", str(cache)]

    def clean(_i):
        for d in (site, cache):
            shutil.rmtree(d, ignore_errors=True)
        res.load.append(os.getloadavg()[0])

    print(f"  ours, cold (load {os.getloadavg()[0]:.1f})", flush=True)
    res.cold = repeat(lambda i: ours, args.runs, args.budget, args.timeout, code, logs / f"ours-cold-{n}.log", clean)
    if not all(r.ok for r in res.cold):
        return res
    articles = json.loads((site / "data" / "articles.json").read_text(encoding="utf-8"))
    res.articles = len(articles)
    res.output_bytes, res.output_files = dir_size(site)
    if (site / "search").is_dir():
        res.search_bytes = dir_size(site / "search")[0]
    try:
        res.query = query_bytes(site)
    except Exception as exc:  # noqa: BLE001 - a broken search page is reported, not fatal
        res.query = {"error": f"{type(exc).__name__}: {exc}"}
    print(f"  query bytes: {res.query}", flush=True)
    if args.compare:
        compare(res, site, seeds, work, args)
    print("  ours, no change", flush=True)
    # Our rebuilds run `--runs` times whatever they take: the first rebuild after a cold build also makes
    # the site's twin, so a median needs the runs after it.
    res.nochange = repeat(lambda i: ours, args.runs, math.inf, args.timeout, code, logs / f"ours-nochange-{n}.log")
    added: list[Path] = []

    def add(i):
        page = extra[i]
        path = seeds / page.name
        path.write_text(page.text, encoding="utf-8")
        path.with_suffix(".yaml").write_text(page.sidecar, encoding="utf-8")
        added.append(path)

    def add_day(i):
        first = args.runs + i * args.day_pages
        for j in range(first, first + args.day_pages):
            add(j)

    print("  ours, add one page", flush=True)
    try:
        res.addone = repeat(lambda i: ours, args.runs, math.inf, args.timeout, code, logs / f"ours-addone-{n}.log", add)
        if args.day_pages and all(r.ok for r in res.addone):
            print(f"  ours, add a day ({args.day_pages} pages)", flush=True)
            res.day_pages = args.day_pages
            res.addday = repeat(lambda i: ours, args.runs, math.inf, args.timeout, code, logs / f"ours-addday-{n}.log",
                                add_day)
    finally:
        for path in added:
            path.unlink()
            path.with_suffix(".yaml").unlink(missing_ok=True)
    return res


def _export_digest(folder: Path) -> str:
    """A hash of the Hugo and Pelican projects' content as exported (the articles Pelican's
    add-one runs write, ``added-*.md``, left out)."""
    h = hashlib.sha256()
    for flavour in ("hugo", "pelican"):
        content = folder / flavour / "content"
        files = sorted(p for p in content.rglob("*") if p.is_file() and not p.name.startswith("added-")) if content.is_dir() else []
        for path in files:
            h.update(f"{flavour}/{path.relative_to(content).as_posix()}".encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def _earlier(args, n: int) -> dict | None:
    """Size `n`'s results in the run `--compare-from` names, if it measured Hugo and Pelican there
    (every cold build of theirs finished)."""
    if not args.compare_from:
        return None
    for r in json.loads(Path(args.compare_from).read_text(encoding="utf-8")):
        cold = r.get("hugo_cold", []) + r.get("pelican_cold", [])
        if r["n"] == n and r.get("hugo_cold") and r.get("pelican_cold") and all(run["rc"] == 0 for run in cold):
            return r
    return None


def compare(res: SizeResult, site: Path, seeds: Path, work: Path, args) -> None:
    folder = work / f"compare-{res.n}"
    earlier = _earlier(args, res.n)
    before = earlier.get("compare_digest") or _export_digest(folder) if earlier else ""
    projects = compare_export.export(site, seeds, folder)
    res.compare_digest = _export_digest(folder)
    if earlier and before == res.compare_digest:
        print(f"  hugo and pelican: the exported projects are those of {args.compare_from}; its times are taken", flush=True)
        for name in ("hugo_cold", "pelican_cold", "pelican_nochange", "pelican_addone"):
            setattr(res, name, [Run(**{k: v for k, v in r.items() if k in Run.__dataclass_fields__}) for r in earlier[name]])
        res.hugo_output_bytes, res.pelican_output_bytes = earlier["hugo_output_bytes"], earlier["pelican_output_bytes"]
        res.compare_reused = str(args.compare_from)  # a path: kept as text in the JSON
        return
    if earlier:
        print(f"  hugo and pelican: the exported projects differ from {args.compare_from}'s; measuring", flush=True)
    hugo, pelican = projects["hugo"], projects["pelican"]
    if shutil.which("hugo"):
        def clean_hugo(_i):
            for d in ("public", "resources"):
                shutil.rmtree(hugo / d, ignore_errors=True)

        print("  hugo, cold", flush=True)
        res.hugo_cold = repeat(lambda i: ["hugo", "--quiet", "-d", "public"], args.runs, args.budget, args.timeout,
                               hugo, work / "logs" / f"hugo-{res.n}.log", clean_hugo)
        res.hugo_output_bytes = dir_size(hugo / "public")[0]
    pelican_bin = shutil.which("pelican", path=str(Path(sys.executable).parent)) or shutil.which("pelican")
    if pelican_bin:
        base = [pelican_bin, "content", "-o", "output", "-s", "pelicanconf.py", "-q"]
        cached = base + ["-e", "CACHE_CONTENT=true", "LOAD_CONTENT_CACHE=true"]

        def clean_pelican(_i):
            for d in ("output", "cache", "__pycache__"):
                shutil.rmtree(pelican / d, ignore_errors=True)

        print("  pelican, cold", flush=True)
        log = work / "logs" / f"pelican-{res.n}.log"
        res.pelican_cold = repeat(lambda i: base, args.runs, args.budget, args.timeout, pelican, log, clean_pelican)
        if res.pelican_cold and res.pelican_cold[-1].ok:
            res.pelican_output_bytes = dir_size(pelican / "output")[0]
            print("  pelican, no change (content cache)", flush=True)
            run(cached, pelican, args.timeout, log)  # fills the cache
            res.pelican_nochange = repeat(lambda i: cached, args.runs, args.budget, args.timeout, pelican, log)
            articles = sorted((pelican / "content" / "articles").glob("*.md"))

            def add(i):
                src = articles[i % len(articles)]
                text = src.read_text(encoding="utf-8").replace("Slug: ", f"Slug: added-{i}-", 1)
                (src.parent / f"added-{i}.md").write_text(text, encoding="utf-8")

            print("  pelican, add one article (content cache)", flush=True)
            res.pelican_addone = repeat(lambda i: cached, args.runs, args.budget, args.timeout, pelican, log, add)


# ---------------------------------------------------------------- growth and the table


def fit(points: list[tuple[int, float]]) -> tuple[float, float] | None:
    """(a, b) of cost ≈ a·N^b by least squares on logs; None with fewer than two positive points."""
    pts = [(math.log(n), math.log(c)) for n, c in points if c and c > 0]
    if len(pts) < 2:
        return None
    mx = sum(x for x, _ in pts) / len(pts)
    my = sum(y for _, y in pts) / len(pts)
    sxx = sum((x - mx) ** 2 for x, _ in pts)
    b = sum((x - mx) * (y - my) for x, y in pts) / sxx if sxx else 0.0
    return math.exp(my - b * mx), b


def extrapolate(points: list[tuple[int, float | None]], n: int) -> float | None:
    """The larger of the fitted power law and the straight line through the two largest sizes (the
    marginal cost per page): with fixed costs the power law alone would promise too little."""
    pts = [(x, c) for x, c in points if c]
    f = fit(pts)
    if not f:
        return None
    guess = f[0] * n ** f[1]
    (x1, c1), (x2, c2) = pts[-2], pts[-1]
    return max(guess, c2 + (n - x2) * (c2 - c1) / (x2 - x1))


METRICS = {  # name: (label, unit, getter)
    "cold": ("cold build", "s", lambda r: med(r.cold)),
    "nochange": ("no-change rebuild", "s", lambda r: med(r.nochange)),
    "addone": ("add-one-page rebuild", "s", lambda r: med(r.addone)),
    "addday": ("add-a-day rebuild", "s", lambda r: med(r.addday)),
    "pss": ("peak memory, PSS (cold)", "MB", lambda r: max((x.pss_mb for x in r.cold), default=None) if r.cold else None),
    "rss": ("peak RSS sum (cold)", "MB", lambda r: max((x.rss_mb for x in r.cold), default=None) if r.cold else None),
    "output": ("output", "MB", lambda r: r.output_bytes / 1e6 if r.output_bytes else None),
    "search": ("search index", "MB", lambda r: r.search_bytes / 1e6 if r.search_bytes else None),
    "query": ("search query download", "KB", lambda r: _query_kb(r)),
    "hugo": ("Hugo cold build", "s", lambda r: med(r.hugo_cold)),
    "pelican": ("Pelican cold build", "s", lambda r: med(r.pelican_cold)),
}


def _query_kb(r: SizeResult) -> float | None:
    if not r.query or "error" in r.query:
        return None
    return statistics.median(q["bytes"] for q in r.query.values()) / 1e3


def _fmt(value: float | None, unit: str = "") -> str:
    if value is None:
        return "–"
    if unit == "s":
        return f"{value:.2f}" if value < 10 else f"{value:.0f}" if value >= 100 else f"{value:.1f}"
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}" if value >= 1 else f"{value:.2f}"


def _ratio(theirs: float | None, ours: float | None) -> str:
    return f"{theirs / ours:.2f}×" if theirs and ours else "–"


def table(results: list[SizeResult], extrapolated: list[int]) -> str:
    fits = {k: fit([(r.n, get(r)) for r in results]) for k, (_, _, get) in METRICS.items()}
    day = max((r.day_pages for r in results), default=0)
    rows = [f"| pages (articles) | cold s | no-change s | add-one s | add-a-day ({day} pages) s | peak memory MB: PSS (RSS sum) "
            "| output MB (files) | search index MB "
            "| query KB | Hugo cold s (÷ ours) | Pelican cold s (÷ ours) | Pelican no-change / add-one s (÷ ours) |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        g = {k: get(r) for k, (_, _, get) in METRICS.items()}
        pel_nc, pel_add = med(r.pelican_nochange), med(r.pelican_addone)
        rows.append(
            f"| {r.n:,} ({r.articles:,}) | {_fmt(g['cold'], 's')} | {_fmt(g['nochange'], 's')} | {_fmt(g['addone'], 's')} "
            f"| {_fmt(g['addday'], 's')} "
            f"| {_fmt(g['pss'])} ({_fmt(g['rss'])}) | {_fmt(g['output'])} ({r.output_files:,}) | {_fmt(g['search'])} | {_fmt(g['query'])} "
            f"| {_fmt(g['hugo'], 's')} ({_ratio(g['hugo'], g['cold'])}) | {_fmt(g['pelican'], 's')} ({_ratio(g['pelican'], g['cold'])}) "
            f"| {_fmt(pel_nc, 's')} ({_ratio(pel_nc, g['nochange'])}) / {_fmt(pel_add, 's')} ({_ratio(pel_add, g['addone'])}) |")
    for n in extrapolated:
        cells = []
        for k in ("cold", "nochange", "addone", "addday", "pss", "output", "search", "query"):
            v = extrapolate([(r.n, METRICS[k][2](r)) for r in results], n)
            cells.append(_fmt(v, METRICS[k][1]))
        rows.append(f"| {n:,} *extrapolated* | " + " | ".join(f"*{c}*" for c in cells) + " | – | – | – |")
    lines = ["", "Growth (cost ≈ a·N^b over the measured sizes; b ≤ 1 grows no faster than linearly), and cost per page:", "",
             "| cost | exponent b | " + " | ".join(f"per page at {r.n:,}" for r in results) + " |",
             "|---|---|" + "---|" * len(results)]
    for k, (label, unit, get) in METRICS.items():
        f = fits[k]
        per = []
        for r in results:
            v = get(r)
            per.append("–" if v is None else (f"{v / r.n * 1000:.1f} ms" if unit == "s" else f"{v / r.n * 1000:.1f} {'KB' if unit == 'MB' else 'B'}"))
        lines.append(f"| {label} | {f'{f[1]:.2f}' if f else '–'} | " + " | ".join(per) + " |")
    return "\n".join(rows + lines)


def header(args) -> str:
    commit = args.commit  # as the run began (`main`): commits made while it runs do not name its code
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "src", "templates", "static"], cwd=ROOT,
                           capture_output=True, text=True).stdout.strip()
    hugo = subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.split()[:2] if shutil.which("hugo") else ["none"]
    try:
        import pelican
        pel = pelican.__version__
    except ImportError:
        pel = "none"
    cmd = "python benchmarks/scale.py " + " ".join(args.argv)
    snap = f", run from the snapshot {args.code.name}" if getattr(args, "code", None) else ""
    return (f"Measured {dt.date.today().isoformat()} on {os.cpu_count()} CPUs ({platform.processor() or platform.machine()}), "
            f"Python {platform.python_version()}, commit {commit}{' with uncommitted changes in src/' if dirty else ''}{snap}, "
            f"{' '.join(hugo)}, Pelican {pel}; {args.runs} runs each (median); command: `{cmd.strip()}`.")


def results_stem(folder: Path, day: str) -> Path:
    """Where a run's files go: ``scale-<day>``, or ``scale-<day>-2``, ``-3``, … for a later run that day."""
    stem, n = folder / f"scale-{day}", 1
    while any(stem.with_suffix(s).exists() for s in (".md", ".json", ".log")):
        n += 1
        stem = folder / f"scale-{day}-{n}"
    return stem


class _Tee:
    """Standard output, copied into the run's log as it is printed."""

    def __init__(self, out, log):
        self.out, self.log = out, log

    def write(self, text: str) -> int:
        self.log.write(text)
        return self.out.write(text)

    def flush(self) -> None:
        self.log.flush()
        self.out.flush()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000,5000", help="archive sizes in pages (default: 100,1000,5000)")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement; the median is reported (default: 3)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/newsarchive-scale"), help="scratch folder")
    parser.add_argument("--budget", type=float, default=300, help="seconds after which a step is not repeated")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds before a build is stopped and the sweep ends")
    parser.add_argument("--day-pages", type=int, default=8,
                        help="pages a day's paper adds, measured as one rebuild (default: 8; 0 skips it)")
    parser.add_argument("--extrapolate", default="", help="sizes not to build but to extrapolate from the measured ones")
    parser.add_argument("--no-compare", dest="compare", action="store_false", help="skip Hugo and Pelican")
    parser.add_argument("--compare-from", type=Path, default=None, metavar="JSON",
                        help="take Hugo's and Pelican's times from this earlier run where the exported projects are identical")
    parser.add_argument("--readme", action="store_true", help="copy the table into README.md")
    args = parser.parse_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)
    sizes = sorted(int(s.replace("_", "")) for s in args.sizes.split(","))
    args.work.mkdir(parents=True, exist_ok=True)
    RESULTS.mkdir(exist_ok=True)
    stem = results_stem(RESULTS, dt.date.today().isoformat())
    log = stem.with_suffix(".log").open("w", encoding="utf-8")
    sys.stdout = _Tee(sys.stdout, log)
    args.code = snapshot(args.work)
    args.commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    print(f"building with the code as of now, copied to {args.code}", flush=True)
    results: list[SizeResult] = []
    extrapolated: list[int] = []
    planned = sorted(int(s.replace("_", "")) for s in args.extrapolate.split(",") if s.strip())
    for n in sizes:
        if extrapolated:
            extrapolated.append(n)
            continue
        print(f"N = {n:,} (load {os.getloadavg()[0]:.1f})", flush=True)
        res = bench_size(n, args, args.work)
        if res.cold and all(r.ok for r in res.cold):
            results.append(res)
        else:
            print(f"  cold build failed or exceeded {args.timeout:.0f} s; larger sizes are extrapolated", flush=True)
            extrapolated.append(n)
    extrapolated = sorted(set(extrapolated + planned))
    text = header(args) + "\n\n" + table(results, extrapolated) + "\n"
    reused = [r for r in results if r.compare_reused]
    if reused:
        text += (f"\nHugo's and Pelican's times at {', '.join(f'{r.n:,}' for r in reused)} pages are those measured by the run "
                 f"of `{reused[0].compare_reused}` on the same exported projects (byte-identical; `--compare-from`).\n")
    print("\n" + text)
    stem.with_suffix(".md").write_text("# Archive-scale benchmark\n\n" + text, encoding="utf-8")
    stem.with_suffix(".json").write_text(json.dumps([asdict(r) for r in results], ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"written: {stem.with_suffix('.md').relative_to(ROOT)}, .json and .log")
    if args.readme:
        readme = ROOT / "README.md"
        old = readme.read_text(encoding="utf-8")
        if README_START in old and README_END in old:
            head, rest = old.split(README_START, 1)
            readme.write_text(head + README_START + "\n" + text + README_END + rest.split(README_END, 1)[1], encoding="utf-8")
            print("README.md updated")
        else:
            print(f"README.md has no {README_START} … {README_END} section; not updated")
    sys.stdout = sys.stdout.out
    log.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
