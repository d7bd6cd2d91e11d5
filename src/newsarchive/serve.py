"""Live preview: build, serve the site locally, rebuild and reload when an input changes.

The server (stdlib `ThreadingHTTPServer`, on 127.0.0.1 unless told otherwise)
serves files of the site folder only: each request path is decoded and
resolved, links included, and anything that lands outside the site is a 404.
Because a build writes aside and swaps the site in whole, the server never sees
a half-built site, and a failed rebuild leaves the last good one in place.

HTML pages get a small script that polls ``/__newsarchive/status`` (the number
of the last build that changed the site, and the last build's error): it
reloads the page when the number moves and shows the error over the page.

The main thread watches the seeds, sidecars, templates, static files, the
about page and `site.yaml` by polling their sizes and mtimes; after a change it
waits until nothing has changed for `settle` seconds, then rebuilds
incrementally.  Ctrl-C (or SIGTERM) stops the server and interrupts a build
safely.
"""

from __future__ import annotations

import json
import signal
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable
from urllib.parse import unquote, urlsplit

from .config import Config, load_config
from .errors import NewsarchiveError
from .pipeline import build
from .progress import Progress, report

STATUS_PATH = "/__newsarchive/status"

RELOAD_SCRIPT = """<script>
(function () {
  var seen = null, box = null;
  function show(error) {
    if (!error) { if (box) { box.remove(); box = null; } return; }
    if (!box) {
      box = document.createElement("div");
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;left:0;right:0;bottom:0;max-height:50vh;overflow:auto;z-index:2147483647;" +
        "margin:0;padding:1em;background:#7f1d1d;color:#fff;font:14px/1.5 monospace;white-space:pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent = "Build failed; showing the last good site.\\n" + error;
  }
  function poll() {
    fetch("%s", {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (s) {
      if (seen === null) seen = s.build;
      else if (s.build !== seen) { location.reload(); return; }
      show(s.error);
    }).catch(function () {}).then(function () { setTimeout(poll, 700); });
  }
  poll();
})();
</script>
""" % STATUS_PATH

NO_SITE_PAGE = "<!doctype html><meta charset=utf-8><title>No site yet</title><body><p>The site has not been built yet.</p></body>"

TYPES = {
    ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
    ".json": "application/json", ".xml": "application/xml; charset=utf-8", ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".ico": "image/x-icon",
    ".woff2": "font/woff2",
}


@dataclass
class Status:
    """What the pages poll: the number of the last build that changed the site, and the last error."""

    build: int = 0
    error: str | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def as_json(self) -> bytes:
        with self.lock:
            return json.dumps({"build": self.build, "error": self.error}).encode("utf-8")


def resolve(root: Path, request_path: str) -> Path | str | None:
    """The file of the site that `request_path` names; a redirect target (str) for a folder
    named without its slash; None when there is none, or when the path leaves the site."""
    path = unquote(urlsplit(request_path).path, errors="strict")
    if "\0" in path or "\\" in path:
        return None
    parts = [p for p in path.split("/") if p not in ("", ".")]
    if ".." in parts:
        return None
    root = root.resolve()
    try:
        real = root.joinpath(*parts).resolve(strict=True)
    except (OSError, RuntimeError, ValueError):
        return None
    if real != root and not real.is_relative_to(root):
        return None  # a link out of the site
    if real.is_dir():
        if not path.endswith("/"):
            return path + "/"
        real = real / "index.html"
    elif path.endswith("/"):
        return None  # a file named as a folder
    return real if real.is_file() else None


def inject(html: bytes) -> bytes:
    script = RELOAD_SCRIPT.encode("utf-8")
    at = html.rfind(b"</body>")
    return html[:at] + script + html[at:] if at >= 0 else html + script


def make_handler(root: Path, status: Status) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server_version = "newsarchive"

        def do_GET(self) -> None:
            self._respond(head=False)

        def do_HEAD(self) -> None:
            self._respond(head=True)

        def _respond(self, head: bool) -> None:
            if urlsplit(self.path).path == STATUS_PATH:
                return self._send(HTTPStatus.OK, "application/json", status.as_json(), head)
            try:
                target = resolve(root, self.path)
            except UnicodeDecodeError:
                target = None
            if isinstance(target, str):
                self.send_response(HTTPStatus.MOVED_PERMANENTLY)
                self.send_header("Location", target)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            code = HTTPStatus.OK
            if target is None:
                code, target = HTTPStatus.NOT_FOUND, root / "404.html"
            try:
                body = target.read_bytes()
            except OSError:  # no site yet, or swapped away between resolving and reading
                body, target = NO_SITE_PAGE.encode("utf-8"), Path("404.html")
            kind = TYPES.get(target.suffix.lower(), "application/octet-stream")
            if kind.startswith("text/html"):
                body = inject(body)
            self._send(code, kind, body, head)

        def _send(self, code: int, kind: str, body: bytes, head: bool) -> None:
            self.send_response(code)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            if not head:
                self.wfile.write(body)

        def log_message(self, format: str, *args) -> None:  # noqa: A002 - the base class's name
            pass

    return Handler


# ---------------------------------------------------------------- watching


def watched(config: Config, config_file: Path | None, seeds_dir: Path) -> list[Path]:
    config_file = config_file or Path("site.yaml")  # what load_config reads when not told
    return [seeds_dir, config.path("templates"), config.path("static"), config.path("about"), config_file.resolve()]


def snapshot(paths: list[Path]) -> dict[str, tuple[int, int]]:
    """(mtime, size) of every file under `paths`, editors' hidden and backup files left out."""
    seen: dict[str, tuple[int, int]] = {}
    for root in paths:
        files = [root] if root.is_file() else sorted(root.rglob("*")) if root.is_dir() else []
        for path in files:
            if path.name.startswith(".") or path.name.endswith("~"):
                continue
            try:
                st = path.stat()
            except OSError:
                continue
            if not path.is_dir():
                seen[str(path)] = (st.st_mtime_ns, st.st_size)
    return seen


def wait_for_change(paths: Callable[[], list[Path]], before: dict, stop: threading.Event,
                    interval: float = 0.25, settle: float = 0.4) -> dict | None:
    """The snapshot once `paths` changed and then stayed the same for `settle` seconds; None when stopped."""
    current = before
    while not stop.is_set() and current == before:
        time.sleep(interval)
        current = snapshot(paths())
    quiet_since = time.monotonic()
    while not stop.is_set():
        time.sleep(interval)
        latest = snapshot(paths())
        if latest != current:
            current, quiet_since = latest, time.monotonic()
        elif time.monotonic() - quiet_since >= settle:
            return current
    return None


# ---------------------------------------------------------------- the command


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def serve(config_file: Path | None, seeds_dir: Path | None, out_dir: Path | None, cache_dir: Path | None,
          jobs: int, host: str = "127.0.0.1", port: int = 8000, settle: float = 0.4,
          stop: threading.Event | None = None) -> int:
    stop = stop or threading.Event()
    config = load_config(config_file)
    seeds = Path(seeds_dir or config.path("seeds"))
    out = Path(out_dir or config.path("out")).resolve()
    status = Status()
    progress = Progress()
    shown: set[str] = set()

    def rebuild() -> None:
        nonlocal config
        started = time.perf_counter()
        try:
            config = load_config(config_file)
            result = build(config, seeds, out, cache_dir=cache_dir, jobs=jobs, progress=progress)
        except Exception as exc:  # noqa: BLE001 - whatever went wrong, keep serving the last good site
            if not isinstance(exc, NewsarchiveError):
                traceback.print_exc()
            message = str(exc) if isinstance(exc, NewsarchiveError) else f"{type(exc).__name__}: {exc}"
            print(f"error: {message}\nbuild failed after {time.perf_counter() - started:.1f}s; serving the last good site",
                  file=sys.stderr, flush=True)
            with status.lock:
                status.error = message
            return
        report(result, shown)
        with status.lock:
            status.error = None
            if result.files_written or result.files_removed or status.build == 0:
                status.build += 1

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops it as cleanly as Ctrl-C
    snap = snapshot(watched(config, config_file, seeds))
    rebuild()
    try:
        server = ThreadingHTTPServer((host, port), make_handler(out, status))
    except OSError as exc:
        print(f"error: {host}:{port}: cannot serve: {exc.strerror or exc}; try another --port", file=sys.stderr)
        return 1
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="http", daemon=True)
    thread.start()
    shown_host = f"[{host}]" if ":" in host else host
    print(f"serving http://{shown_host}:{server.server_address[1]}/ (Ctrl-C to stop)", flush=True)
    try:
        while not stop.is_set():
            changed = wait_for_change(lambda: watched(config, config_file, seeds), snap, stop, settle=settle)
            if changed is None:
                break
            print("change detected; rebuilding", file=sys.stderr, flush=True)
            paths = watched(config, config_file, seeds)
            rebuild()
            # Compare the next round with what this build read, so a change made during the build is
            # not missed; unless the config now names other folders.
            snap = changed if watched(config, config_file, seeds) == paths else snapshot(watched(config, config_file, seeds))
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
    print("stopped", flush=True)
    return 0
