"""Where one build's time goes, stage by stage, without a profiler's overhead.

    python benchmarks/stages.py build --seeds DIR --out DIR [any other `build` option]

Runs the `build` command in this process with a wall-clock timer around each
stage the pipeline calls (`STAGES`), then prints each stage's total seconds,
longest first.  A sampling profiler (py-spy) slows Python by a third or more
and pyinstrument gets no report from `build` (it ends with `os._exit`); these
timers cost a few microseconds per call, so they compare two versions of the
code stage by stage, where whole builds on a shared machine vary more than a
change saves.  Stages nest (`prepare` holds `build_archive`, which holds
`_pick_related`), so the figures do not add up to the build's time; and
stages run in processes the build forks (the site scan, the data exports and
search of a rebuild) are reported by those processes as they end.
"""

from __future__ import annotations

import functools
import importlib
import os
import sys
import time

# (module, attribute): functions and methods the build calls once or a few times each, in this process
# (`load_pages` includes the parsing workers' time; a generator would be timed only as it is made)
STAGES = [
    ("newsarchive.pipeline", "gather"),
    ("newsarchive.pipeline", "load_pages"),
    ("newsarchive.pipeline", "_save_bundle"),
    ("newsarchive.pipeline", "render_shared"),
    ("newsarchive.pipeline", "search_files"),
    ("newsarchive.cache", "Cache.load_bundle"),
    ("newsarchive.cache", "Cache.load_manifest"),
    ("newsarchive.cache", "Cache.save_manifest"),
    ("newsarchive.cache", "Cache.load_head"),
    ("newsarchive.cache", "Cache.save_head"),
    ("newsarchive.cache", "Cache.prune"),
    ("newsarchive.writer", "site_files"),
    ("newsarchive.writer", "folder_stamps"),
    ("newsarchive.writer", "SiteWriter.__init__"),
    ("newsarchive.writer", "SiteWriter.valid_keys"),
    ("newsarchive.writer", "SiteWriter.finish"),
    ("newsarchive.exports", "join_exports"),
    ("newsarchive.site.builder", "prepare"),
    ("newsarchive.site.builder", "build_archive"),
    ("newsarchive.site.builder", "SiteRenderer.plan"),
    ("newsarchive.site.context", "_pick_related"),
]


def timed(totals: dict[str, float], label: str, func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            totals[label] = totals.get(label, 0.0) + time.perf_counter() - started

    return wrapper


def install(totals: dict[str, float]) -> None:
    """Put a timer around each of `STAGES` (a name another module imported is timed where it was imported)."""
    for module_name, attribute in STAGES:
        owner = importlib.import_module(module_name)
        *path, name = attribute.split(".")
        for part in path:
            owner = getattr(owner, part)
        setattr(owner, name, timed(totals, attribute, getattr(owner, name)))


MAIN_PROCESS = os.getpid()


def report(totals: dict[str, float], out=sys.stderr) -> None:
    if os.getpid() == MAIN_PROCESS:
        print("stage seconds (nested stages counted in their callers too):", file=out)
    else:  # a process the build forked (a worker, a renderer, the site scan) reports as it ends
        print(f"forked process {os.getpid()}'s stage seconds (its parent's up to the fork included):", file=out)
    for label, seconds in sorted(totals.items(), key=lambda kv: -kv[1]):
        print(f"  {seconds:9.3f}  {label}", file=out)
    out.flush()


def main(argv: list[str]) -> None:
    started = time.perf_counter()
    from newsarchive import cli

    totals = {"imports": time.perf_counter() - started}
    install(totals)
    exit_process = os._exit

    def report_then_exit(code: int) -> None:  # `cli.run` ends the process with os._exit
        report(totals)
        exit_process(code)

    os._exit = report_then_exit
    sys.argv = ["build.py", *argv]
    cli.run()
    report(totals)


if __name__ == "__main__":
    main(sys.argv[1:])
