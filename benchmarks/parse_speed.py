"""Parser speed on the demo seeds: median milliseconds per page over several runs.

    python benchmarks/parse_speed.py [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from newsarchive.parse import parse_page
from newsarchive.segmenter import tokenizer

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    pages = [(p.name, p.read_bytes()) for p in sorted(SEEDS.glob("*.txt"))]
    started = time.perf_counter()
    tokenizer()
    print(f"jieba dictionary load: {(time.perf_counter() - started) * 1000:.0f} ms (once per process)")
    timings = []
    for run in range(args.runs):
        started = time.perf_counter()
        for name, data in pages:
            parse_page(data, f"{run}-{name}")  # a new name each run: nothing cached between runs
        timings.append((time.perf_counter() - started) * 1000 / len(pages))
    print(f"parse: median {statistics.median(timings):.1f} ms per page over {args.runs} runs of {len(pages)} pages "
          f"(min {min(timings):.1f}, max {max(timings):.1f})")


if __name__ == "__main__":
    main()
