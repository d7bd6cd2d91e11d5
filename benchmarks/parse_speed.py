"""Parser and enrichment speed: CPU milliseconds per page, and the per-process start-up.

    python benchmarks/parse_speed.py [--runs 5] [--pages DIR] [--startup-runs 5]

Each run is a fresh process (so no text is remembered from an earlier run)
that first loads the dictionaries, timing each load, then parses every page
of DIR (default: the demo seeds) and enriches them, as `pipeline.process_seed`
does.  Reported: medians over the runs of

- parse and enrich, CPU ms per page (`time.process_time`);
- each dictionary load: jieba's dictionary (`segmenter.tokenizer`), the copy
  with domain words (`enrich.text.tokenizer`), jieba's IDF table
  (`keywords.idf_table`) and the POS tagger's word tags (`text.pos_tokenizer`);
- start-up: a fresh interpreter that parses and enriches ONE page, from
  process start to the enriched page (CPU and wall ms), as a build that has
  one new page pays it.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def _pages(folder: Path) -> list[tuple[str, bytes, dict]]:
    from newsarchive.sidecar import read_sidecar, sidecar_path

    out = []
    for path in sorted(folder.glob("*.txt")):
        side = sidecar_path(path)
        out.append((path.name, path.read_bytes(), read_sidecar(side.read_bytes(), side.name) if side.is_file() else {}))
    return out


def _cpu_ms(fn) -> tuple[float, object]:
    started = time.process_time()
    value = fn()
    return (time.process_time() - started) * 1000, value


def child_run(folder: Path) -> dict:
    """One run: dictionary loads, then parse and enrich every page (CPU ms)."""
    from newsarchive.config import load_config
    from newsarchive.enrich import enrich_pages, keywords, text
    from newsarchive.parse import parse_page
    from newsarchive.segmenter import tokenizer

    config = load_config(ROOT / "site.yaml")
    pages = _pages(folder)
    loads = {
        "jieba": _cpu_ms(tokenizer)[0],
        "domain words": _cpu_ms(text.tokenizer)[0],
        "idf": _cpu_ms(keywords.idf_table)[0],
        "pos": _cpu_ms(lambda: text.pos_tokenizer().word_tag_tab)[0],
    }
    parse_ms, parsed = _cpu_ms(lambda: [parse_page(data, name, sidecar=side) for name, data, side in pages])
    enrich_ms, _ = _cpu_ms(lambda: [enrich_pages([p], config)[0] for p in parsed])
    return {"loads": loads, "parse": parse_ms / len(pages), "enrich": enrich_ms / len(pages), "pages": len(pages)}


def child_startup(folder: Path) -> dict:
    """A fresh process's cost to its first enriched page: CPU since the process began (imports included)."""
    from newsarchive.config import load_config
    from newsarchive.enrich import enrich_pages
    from newsarchive.parse import parse_page

    name, data, side = _pages(folder)[0]
    enrich_pages([parse_page(data, name, sidecar=side)], load_config(ROOT / "site.yaml"))
    return {"cpu": time.process_time() * 1000}


def _spawn(mode: str, folder: Path) -> dict:
    started = time.perf_counter()
    out = subprocess.run([sys.executable, __file__, "--child", mode, "--pages", str(folder)],
                         check=True, capture_output=True, text=True, env=os.environ.copy()).stdout
    result = json.loads(out.strip().splitlines()[-1])
    result["wall"] = (time.perf_counter() - started) * 1000
    return result


def _median(values: list[float]) -> str:
    return f"{statistics.median(values):.1f} (min {min(values):.1f}, max {max(values):.1f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--startup-runs", type=int, default=5)
    parser.add_argument("--pages", type=Path, default=SEEDS)
    parser.add_argument("--child", choices=("run", "startup"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child_run(args.pages) if args.child == "run" else child_startup(args.pages)))
        return
    runs = [_spawn("run", args.pages) for _ in range(args.runs)]
    starts = [_spawn("startup", args.pages) for _ in range(args.startup_runs)]
    print(f"{runs[0]['pages']} pages from {args.pages}, {args.runs} runs (medians, ms; min, max)")
    print(f"parse:  {_median([r['parse'] for r in runs])} CPU ms per page")
    print(f"enrich: {_median([r['enrich'] for r in runs])} CPU ms per page")
    for name in runs[0]["loads"]:
        print(f"load {name}: {_median([r['loads'][name] for r in runs])} CPU ms")
    print(f"start-up to the first enriched page: {_median([s['cpu'] for s in starts])} CPU ms, "
          f"{_median([s['wall'] for s in starts])} wall ms ({args.startup_runs} fresh processes)")


if __name__ == "__main__":
    main()
