"""What the browser tests share: Debian's chromium through Playwright, and a quiet local server.

No browser is downloaded: Playwright drives /usr/bin/chromium (`.ci/run` installs it with
apt-get).  In CI a missing browser or driver fails the tests; elsewhere it skips them.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

IN_CI = bool(os.environ.get("CI"))
if IN_CI:
    import playwright.sync_api as playwright_api
else:
    playwright_api = pytest.importorskip("playwright.sync_api")

CHROMIUM = Path("/usr/bin/chromium")
# Flags that work as root with no network (see the machine notes): no sandbox, no GPU, no background fetches.
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

needs_chromium = pytest.mark.skipif(not CHROMIUM.exists() and not IN_CI, reason="Debian chromium is not installed")


@contextlib.contextmanager
def serve(root: Path, prefix: str = "") -> Iterator[str]:
    """Serve `root` on 127.0.0.1 (a free port) without logging; yields the URL of `prefix` under it."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/{prefix}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    """A headless Debian chromium, closed on exit."""
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
