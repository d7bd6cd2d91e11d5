"""What a build shows on the terminal: progress bars while it runs, a report at the end.

Bars are drawn on stderr with tqdm when stderr is a terminal and the
environment is not CI; otherwise nothing is drawn.  The report (one line per
error and warning, then the one-line summary) is printed either way.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import TYPE_CHECKING, Callable, Iterator, TextIO

if TYPE_CHECKING:
    from .pipeline import BuildResult

Update = Callable[[int], None]


def wanted(stream: TextIO | None = None) -> bool:
    """Draw bars? Only on an interactive terminal, never in CI."""
    stream = stream or sys.stderr
    return bool(getattr(stream, "isatty", lambda: False)()) and not os.environ.get("CI") and os.environ.get("TERM") != "dumb"


class Progress:
    def __init__(self, enabled: bool | None = None, stream: TextIO | None = None):
        self.stream = stream or sys.stderr
        self.enabled = wanted(self.stream) if enabled is None else enabled

    @contextlib.contextmanager
    def bar(self, label: str, total: int | None, unit: str = "file") -> Iterator[Update]:
        """A bar for `total` steps; yields `update(n)`.  Quiet when disabled or there is nothing to do."""
        if not self.enabled or not total:
            yield lambda n: None
            return
        from tqdm import tqdm

        tqdm.monitor_interval = 0  # no monitor thread: worker processes may be forked while a bar is open
        with tqdm(total=total, desc=label, unit=unit, file=self.stream, leave=False, dynamic_ncols=True,
                  mininterval=0.1) as bar:
            yield bar.update


QUIET = Progress(enabled=False)


def report(result: BuildResult, shown: set[str] | None = None) -> None:
    """Print each error, each warning not in `shown` (the warnings printed last time, then updated), and the summary."""
    shown = set() if shown is None else shown
    for line in result.errors:
        print(f"error: {line}", file=sys.stderr)
    for line in result.warnings:
        if line not in shown:
            print(f"warning: {line}", file=sys.stderr)
    shown.clear()
    shown.update(result.warnings)
    print(result.summary(), flush=True)
