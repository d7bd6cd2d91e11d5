"""Measure the site's search against Pagefind on the same built site.

    python benchmarks/search_compare.py [--site _site] [--queries 100] [--seed 1] [--json FILE]

Needs a built site (``python build.py``), Debian's chromium at /usr/bin/chromium,
the ``playwright`` package and ``pip install 'pagefind[extended]'``.

1. Pagefind (extended, so Chinese is segmented) indexes the site's article
   pages (``--glob 'articles/**/*.html'``) into a folder outside the site.
2. A local HTTP server serves the site and that bundle and counts the bytes of
   every file it sends.
3. Queries: runs of 2–5 Han characters drawn at random (``--seed``) from the
   articles' titles and body paragraphs (``data/articles.json``).
4. In headless Chromium, for each query: the bytes a first query costs in a
   fresh browser (client code, metadata, index pieces, and the text for ten
   results with snippets) and a second query right after another one; the
   time until ten results are shown; recall (share of the articles whose title
   or body holds the run that are found) and false hits (results whose
   article text does not hold it).  Pagefind: ``pagefind.search(q)`` and
   ``data()`` of the first ten results, as its UI shows them.
5. Sizes: every file each search ships, raw and gzip-compressed (Pagefind's
   index files are compressed already; a static host may gzip the rest).

Prints a Markdown table; ``--json`` also writes the figures.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
HAN = "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
SHOWN = 10  # results shown with snippets on a results page
BENCH_PAGE = b"""<!doctype html><meta charset="utf-8"><title>pagefind bench</title><body></body>"""

PAGEFIND_QUERY = """async (q) => {
  if (!window.pf) { window.pf = await import('/pagefind/pagefind.js'); await window.pf.options({ baseUrl: '/' }); }
  const t0 = performance.now();
  const s = await window.pf.search(q);
  const shown = await Promise.all(s.results.slice(0, %d).map(r => r.data()));
  return { ms: performance.now() - t0, total: s.results.length, urls: shown.map(d => d.url) };
}""" % SHOWN

PAGEFIND_ALL = """async (q) => {
  const s = await window.pf.search(q);
  const all = await Promise.all(s.results.map(r => r.data()));
  return all.map(d => d.url);
}"""

OURS_QUERY = """async (q) => {
  const t0 = performance.now();
  await NewsarchiveSearch.show(q);
  const shown = [...document.querySelectorAll('.search-hit .hit-title a')].map(a => a.getAttribute('href'));
  return { ms: performance.now() - t0, total: (await NewsarchiveSearch.query(q)).length, urls: shown };
}"""


# ---------------------------------------------------------------- serving and counting


class Counter:
    def __init__(self):
        self.lock = threading.Lock()
        self.sent: list[tuple[str, int]] = []

    def take(self) -> list[tuple[str, int]]:
        with self.lock:
            out, self.sent = self.sent, []
        return out


def make_server(site: Path, bundle: Path, counter: Counter) -> http.server.ThreadingHTTPServer:
    class Handler(http.server.SimpleHTTPRequestHandler):
        def translate_path(self, path):
            clean = path.split("?", 1)[0].split("#", 1)[0]
            if clean.startswith("/pagefind/"):
                return str(bundle / clean[len("/pagefind/"):])
            return super().translate_path(path)

        def do_GET(self):
            if self.path.split("?")[0] == "/__bench.html":
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(BENCH_PAGE)))
                self.end_headers()
                self.wfile.write(BENCH_PAGE)
                return
            super().do_GET()

        def send_head(self):
            f = super().send_head()
            if f is not None and hasattr(f, "fileno"):
                with counter.lock:
                    counter.sent.append((self.path.split("?")[0], os.fstat(f.fileno()).st_size))
            return f

        def guess_type(self, path):
            if str(path).endswith(".js"):
                return "text/javascript"
            return super().guess_type(path)

        def log_message(self, *args):
            pass

    return http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(site)))


def gz(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), 6))


# ---------------------------------------------------------------- queries and truth


def load_articles(site: Path) -> list[dict]:
    articles = json.loads((site / "data" / "articles.json").read_text("utf-8"))
    return sorted(articles, key=lambda a: (a["source"], a["order"]))


def sample_queries(articles: list[dict], n: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    runs = [m.group() for a in articles for text in (a["title"], *(b["text"] for b in a["body"]))
            for m in re.finditer(f"[{HAN}]{{2,}}", text)]
    out: list[str] = []
    while len(out) < n:
        run = rnd.choice(runs)
        size = rnd.randint(2, min(5, len(run)))
        start = rnd.randrange(len(run) - size + 1)
        q = run[start : start + size]
        if q not in out:
            out.append(q)
    return out


def article_id(url: str) -> str | None:
    m = re.search(r"articles/([^/]+)/", url)
    return m.group(1) if m else None


# ---------------------------------------------------------------- measuring


def measure(site: Path, bundle: Path, queries: list[str], articles: list[dict]) -> dict:
    from playwright.sync_api import sync_playwright

    counter = Counter()
    httpd = make_server(site, bundle, counter)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    ids = [a["id"] for a in articles]
    printed = {a["id"]: a["title"] + "\n" + "\n".join(b["text"] for b in a["body"]) for a in articles}
    own = {a["id"]: "\n".join(filter(None, [a["title"], a.get("kicker"), a.get("subtitle"), *(b["text"] for b in a["body"]),
                                           *a.get("captions", []), a.get("byline")])) for a in articles}
    engines = {
        "ours": {"page": base + "search/index.html", "query": OURS_QUERY, "data": ("/static/search.js", "/search/")},
        "pagefind": {"page": base + "__bench.html", "query": PAGEFIND_QUERY, "data": ("/pagefind/",)},
    }
    out = {name: {"first": [], "second": [], "ms_first": [], "ms_second": [], "recall": [], "false": [], "missed": []}
           for name in engines}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for name, e in engines.items():
                r = out[name]
                for i, q in enumerate(queries):
                    other = queries[(i + 1) % len(queries)]
                    context = browser.new_context()
                    page = context.new_page()
                    page.goto(e["page"])
                    page.wait_for_load_state("load")
                    counter.take()
                    # The client's code counts with the first query (a visitor who never searches never loads the index).
                    base_bytes = sum(size for path, size in _sent_on_load(name, site) if path)
                    first = page.evaluate(e["query"], q)
                    r["first"].append(base_bytes + _data_bytes(counter.take(), e["data"]))
                    r["ms_first"].append(first["ms"])
                    second = page.evaluate(e["query"], other)
                    r["second"].append(_data_bytes(counter.take(), e["data"]))
                    r["ms_second"].append(second["ms"])
                    # Recall on the full result list (not counted in the bytes above).
                    if name == "ours":
                        found = {ids[h["doc"]] for h in page.evaluate("q => NewsarchiveSearch.query(q)", q)}
                    else:
                        found = {article_id(u) for u in page.evaluate(PAGEFIND_ALL, q)} - {None}
                    counter.take()
                    want = {i_ for i_, text in printed.items() if q in text}
                    r["recall"].append(len(want & found) / len(want) if want else 1.0)
                    r["false"].append(len({f for f in found if q not in own.get(f, "")}))
                    if want - found:
                        r["missed"].append(q)
                    context.close()
        finally:
            browser.close()
            httpd.shutdown()
    return out


def _sent_on_load(name: str, site: Path) -> list[tuple[str, int]]:
    """Client code a page loads before the first query: our search.js (Pagefind loads everything on the query)."""
    return [("/static/search.js", (site / "static" / "search.js").stat().st_size)] if name == "ours" else []


def _data_bytes(sent: list[tuple[str, int]], prefixes: tuple[str, ...]) -> int:
    return sum(size for path, size in sent if path.startswith(prefixes) and not path.endswith("/search/index.html")
               and not path.endswith("/search/"))


def sizes(site: Path, bundle: Path) -> dict:
    ours = [p for p in (site / "search").rglob("*") if p.is_file() and p.name != "index.html"] + [site / "static" / "search.js"]
    ui = re.compile(r"pagefind-(component-|modular-)?ui|pagefind-highlight")
    theirs = [p for p in bundle.rglob("*") if p.is_file() and not ui.search(p.name)]
    return {
        "ours": {"files": len(ours), "raw": sum(p.stat().st_size for p in ours), "gzip": sum(gz(p) for p in ours)},
        "pagefind": {"files": len(theirs), "raw": sum(p.stat().st_size for p in theirs), "gzip": sum(gz(p) for p in theirs)},
    }


def run_pagefind(site: Path, bundle: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--glob", "articles/**/*.html",
                    "--output-path", str(bundle)], check=True, capture_output=True)
    return time.perf_counter() - started


# ---------------------------------------------------------------- report


def kb(n: float) -> str:
    return f"{n / 1024:,.1f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:,.1f} MB"


def report(site: Path, articles: list[dict], queries: list[str], size: dict, res: dict, pf_seconds: float) -> str:
    def med(name, key):
        return statistics.median(res[name][key])

    def recall(name):
        r = res[name]["recall"]
        return f"{100 * sum(r) / len(r):.1f} % ({sum(1 for x in r if x == 1.0)}/{len(r)} queries complete)"

    rows = [
        ("index size, raw (files)", *(f"{kb(size[n]['raw'])} ({size[n]['files']:,})" for n in ("ours", "pagefind"))),
        ("index size, gzip", *(kb(size[n]["gzip"]) for n in ("ours", "pagefind"))),
        ("bytes, first query (median)", *(kb(med(n, "first")) for n in ("ours", "pagefind"))),
        ("bytes, second query (median)", *(kb(med(n, "second")) for n in ("ours", "pagefind"))),
        ("time to 10 results, first query (median)", *(f"{med(n, 'ms_first'):.0f} ms" for n in ("ours", "pagefind"))),
        ("time to 10 results, second query (median)", *(f"{med(n, 'ms_second'):.0f} ms" for n in ("ours", "pagefind"))),
        ("recall of substring queries", *(recall(n) for n in ("ours", "pagefind"))),
        ("false hits (results without the run)", *(str(sum(res[n]["false"])) for n in ("ours", "pagefind"))),
    ]
    head = (f"{site}: {len(articles):,} articles; {len(queries)} queries of 2–5 Han characters; "
            f"Pagefind indexed the article pages in {pf_seconds:.1f} s\n\n")
    lines = ["| | this site's search | Pagefind (extended) |", "| --- | --- | --- |"]
    lines += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    missed = res["pagefind"]["missed"][:8]
    tail = f"\n\nPagefind missed, e.g.: {' '.join(missed)}" if missed else ""
    return head + "\n".join(lines) + tail


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--site", type=Path, default=Path("_site"))
    ap.add_argument("--queries", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()
    site = args.site.resolve()
    if not (site / "search" / "meta.js").is_file():
        sys.exit(f"{site}: no built site with search files; run `python build.py` first")
    articles = load_articles(site)
    queries = sample_queries(articles, args.queries, args.seed)
    bundle = Path(tempfile.mkdtemp(prefix="pagefind-bench-"))
    try:
        pf_seconds = run_pagefind(site, bundle)
        size = sizes(site, bundle)
        res = measure(site, bundle, queries, articles)
    finally:
        shutil.rmtree(bundle, ignore_errors=True)
    print(report(site, articles, queries, size, res, pf_seconds))
    if args.json:
        args.json.write_text(json.dumps({"site": str(site), "articles": len(articles), "queries": queries,
                                         "sizes": size, "results": res, "pagefind_seconds": pf_seconds},
                                        ensure_ascii=False, indent=1), "utf-8")


if __name__ == "__main__":
    main()
