"""The garbage collector during a build.

A build makes millions of small objects that it keeps to its end (the pages'
summaries, the site's manifest, the archive's views, every output's key).
Python's collector, run every few hundred allocations, would walk them over
and over: it took a quarter of an add-one rebuild of 5,000 pages, finding
nothing to free.  So what a stage builds to keep is made with it paused and
then frozen (`kept`: left out of the collector's later walks) until the
build ends (`build_scope`), when all is handed back to it.
"""

from __future__ import annotations

import contextlib
import gc
from typing import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """No collection while objects that hold no garbage cycles are made in bulk (unpickled, say)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextlib.contextmanager
def kept() -> Iterator[None]:
    """Objects made in bulk and kept to the build's end: not collected while they are made, and left
    out of later collections (with all made before them) until `build_scope` ends."""
    with paused():
        yield
        gc.freeze()


_builds = 0  # `build_scope`s open in this process


@contextlib.contextmanager
def build_scope() -> Iterator[None]:
    """A build: what it `kept` is collected as usual again once it ends (the dev server builds again and again)."""
    global _builds
    before = gc.get_freeze_count()  # a walk of the frozen objects: none, as a build begins
    _builds += 1
    try:
        yield
    finally:
        _builds -= 1
        if not before:
            gc.unfreeze()


@contextlib.contextmanager
def frozen() -> Iterator[None]:
    """Every object made so far left out of collections meanwhile, or in a build until it ends
    (work shared with forked processes: `forks`).

    Whether objects were frozen already is told by `build_scope`, not by
    `gc.get_freeze_count`, which walks them: 40 ms a call with a large
    archive's views frozen, and a rebuild forks several times."""
    gc.freeze()
    try:
        yield
    finally:
        if not _builds:
            gc.unfreeze()
