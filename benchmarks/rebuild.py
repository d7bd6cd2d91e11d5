"""Time the builds an archivist waits for: cold, no change, one seed added, one template changed.

Usage (from the repository root, after `pip install -e .`)::

    python benchmarks/rebuild.py [--runs 5] [--jobs N] [--pages N]

Each build is `python build.py build` in a fresh process, on a copy of the
project in a temporary folder, timed from start to exit (so interpreter start
and imports count, as they do for the archivist).  `--pages N` builds an
archive of N pages made from the demo seeds (seed i is demo seed i mod 5 with
a line of its own, so no two are the same) instead of the five demo pages.
Prints the median and the range of each kind of build.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def make_project(tmp: Path, pages: int | None) -> Path:
    for name in ("site.yaml", "about.md"):
        shutil.copy(ROOT / name, tmp / name)
    for name in ("templates", "static"):
        shutil.copytree(ROOT / name, tmp / name)
    seeds = tmp / "seeds"
    seeds.mkdir()
    demo = sorted((ROOT / "seeds").glob("*.txt"))
    if pages is None:
        for path in demo:
            shutil.copy(path, seeds / path.name)
    else:
        for i in range(pages):
            source = demo[i % len(demo)]
            (seeds / f"{i:05d}_{source.stem.split('_')[1]}.txt").write_bytes(source.read_bytes() + f"\n（第{i}号）\n".encode())
    return tmp


def timed_build(project: Path, jobs: int | None) -> float:
    command = [sys.executable, str(ROOT / "build.py"), "build", "--config", str(project / "site.yaml")]
    if jobs:
        command += ["--jobs", str(jobs)]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"build failed:\n{done.stderr}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each kind of build (default 5)")
    parser.add_argument("--jobs", type=int, default=None, help="passed to build (default: build's own default)")
    parser.add_argument("--pages", type=int, default=None, help="build a generated archive of this many pages")
    args = parser.parse_args()

    times: dict[str, list[float]] = {"cold build": [], "no-change rebuild": [], "add-one-seed rebuild": [],
                                     "template-change rebuild": []}
    with tempfile.TemporaryDirectory(prefix="newsarchive-bench-") as tmp:
        project = make_project(Path(tmp), args.pages)
        seeds = project / "seeds"
        base = project / "templates" / "base.html"
        template = base.read_text(encoding="utf-8")
        extra = sorted(seeds.glob("*.txt"))[0].read_bytes()
        for run in range(args.runs):
            shutil.rmtree(project / ".cache", ignore_errors=True)
            shutil.rmtree(project / "_site", ignore_errors=True)
            times["cold build"].append(timed_build(project, args.jobs))
            times["no-change rebuild"].append(timed_build(project, args.jobs))
            added = seeds / f"99999_added-{run}.txt"
            added.write_bytes(extra + f"\n（新增第{run}版）\n".encode())  # content no cache has seen
            times["add-one-seed rebuild"].append(timed_build(project, args.jobs))
            added.unlink()
            base.write_text(template.replace("</body>", f"<!-- run {run} --></body>"), encoding="utf-8")
            times["template-change rebuild"].append(timed_build(project, args.jobs))
            base.write_text(template, encoding="utf-8")
            timed_build(project, args.jobs)  # back to the demo site for the next run

    size = f"{args.pages} generated pages" if args.pages else "the 5 demo pages"
    print(f"{size}, {args.runs} runs each, jobs {args.jobs or 'default'}; seconds, median (min–max):")
    for kind, values in times.items():
        print(f"  {kind:<24} {statistics.median(values):6.2f}  ({min(values):.2f}–{max(values):.2f})")


if __name__ == "__main__":
    main()
