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


@contextlib.contextmanager
def build_scope() -> Iterator[None]:
    """A build: what it `kept` is collected as usual again once it ends (the dev server builds again and again)."""
    frozen = gc.get_freeze_count()
    try:
        yield
    finally:
        if not frozen:
            gc.unfreeze()
