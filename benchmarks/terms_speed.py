"""Speed of a page's search terms (`search.terms.page_terms`), and a check that they are unchanged.

    python benchmarks/terms_speed.py time  [--pages 150] [--runs 7] [--profile]
    python benchmarks/terms_speed.py check [--pages 300]

Pages are the corpus's (`corpus.pages`), processed as a build's worker
processes them (`pipeline.process_seed`: parse, enrich, then `page_terms`
once); `check` adds the demo seeds.

- ``time``: right after each page is processed (so jieba's cuts of its texts
  are remembered by `enrich.text.cut`, as in a build), `page_terms(page)` is
  timed `--runs` times (CPU, `time.process_time`), taking turns with the
  frozen copy of the code before it was made faster (`terms_reference.py`).
  Printed for each: the median over the runs of the CPU ms per page, summed
  over all pages, with min and max, and the median ratio old / new;
  ``--profile`` adds one more call per page under cProfile and prints the
  functions that take the most time.
- ``check``: the `PageTerms` of every page, field by field (all but
  ``version``, a hash of the code), against a frozen copy of the code before
  it was made faster (`terms_reference.py`), with and without the jieba words
  given (`page_terms(page, words)`, as `terms_of` does for an older cache
  entry); exits 1 when any page differs.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import pstats
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
import terms_reference  # noqa: E402
from newsarchive.config import load_config  # noqa: E402
from newsarchive.pipeline import process_seed  # noqa: E402
from newsarchive.search.terms import PageTerms, article_dicts, page_terms  # noqa: E402


def seeds() -> list[tuple[str, bytes, bytes]]:
    """The demo seeds as (name, bytes, sidecar bytes)."""
    out = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        side = path.with_suffix(".yaml")
        out.append((path.name, path.read_bytes(), side.read_bytes() if side.is_file() else b""))
    return out


def generated(n: int) -> list[tuple[str, bytes, bytes]]:
    return [(p.name, p.text.encode("utf-8"), p.sidecar.encode("utf-8")) for p in corpus.pages(n)]


def processed(inputs, config):
    """Each input's enriched page, as a build's worker makes it (skipping seeds that do not parse)."""
    for name, data, side in inputs:
        outcome = process_seed(name, data, side, None, config)
        if outcome.page is None:
            print(f"{name}: {outcome.error}", file=sys.stderr)
            continue
        yield name, outcome.page


def time_terms(n: int, runs: int, config, profiler=None) -> tuple[dict[str, list[float]], int]:
    """CPU ms per page of each implementation (``new``: the package's, ``old``: `terms_reference`)
    for each of `runs` passes, and the number of pages.  The two take turns on every page, so that
    another process's load slows both alike.  With a `profiler` (cProfile), one more call of the
    package's per page is profiled."""
    impls = {"new": page_terms, "old": terms_reference.page_terms}
    totals = {name: [0.0] * runs for name in impls}
    count = 0
    for _name, page in processed(generated(n), config):
        count += 1
        for r in range(runs):
            for name, fn in impls.items():
                started = time.process_time()
                fn(page)
                totals[name][r] += time.process_time() - started
        if profiler:
            profiler.runcall(page_terms, page)
    return {name: [t * 1000 / count for t in ts] for name, ts in totals.items()}, count


def differences(want: PageTerms, got: PageTerms) -> list[str]:
    return [f.name for f in dataclasses.fields(PageTerms) if f.name != "version" and getattr(want, f.name) != getattr(got, f.name)]


def check(n: int, config) -> int:
    bad = total = 0
    for name, page in processed(seeds() + generated(n), config):
        total += 1
        words = {a["id"]: terms_reference.article_words(a) for a in article_dicts(page)}
        for label, args in (("", ()), (" (words given)", (words,))):
            diff = differences(terms_reference.page_terms(page, *args), page_terms(page, *args))
            if diff:
                bad += 1
                print(f"{name}{label}: {', '.join(diff)} differ")
    print(f"{total} pages checked (demo seeds and {n} generated), {bad} differ")
    return 1 if bad else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=("time", "check"))
    parser.add_argument("--pages", type=int)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    config = load_config(ROOT / "site.yaml")
    if args.mode == "check":
        return check(args.pages or 300, config)
    profiler = cProfile.Profile() if args.profile else None
    per_page, count = time_terms(args.pages or 150, args.runs, config, profiler)
    print(f"page_terms, CPU ms per page over {count} pages (median of {args.runs} runs; min, max):")
    for name, values in per_page.items():
        print(f"  {name}: {statistics.median(values):.1f} ({min(values):.1f}, {max(values):.1f})")
    ratios = [o / n for o, n in zip(per_page["old"], per_page["new"])]
    print(f"  old / new: {statistics.median(ratios):.2f} (median of the runs' ratios)")
    if profiler:
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    return 0


if __name__ == "__main__":
    sys.exit(main())
