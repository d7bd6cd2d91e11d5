"""The live preview: serving the site only, rebuilding on changes, showing errors, stopping on Ctrl-C.

The server runs on the loopback address and a free port, in a subprocess
started by `python build.py serve`; every wait is bounded.
"""

from __future__ import annotations

import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsarchive.serve import RELOAD_SCRIPT, STATUS_PATH, inject, resolve

from build_helpers import SEED_NAMES, make_project
from conftest import ROOT



# ---------------------------------------------------------------- resolving request paths


@pytest.fixture()
def site(tmp_path):
    root = tmp_path / "site"
    (root / "articles" / "a").mkdir(parents=True)
    (root / "index.html").write_text("home", encoding="utf-8")
    (root / "articles" / "a" / "index.html").write_text("article", encoding="utf-8")
    (root / "empty").mkdir()
    (tmp_path / "secret.txt").write_text("secret", encoding="utf-8")
    (tmp_path / "site-other").mkdir()
    (tmp_path / "site-other" / "x.html").write_text("other", encoding="utf-8")
    (root / "leak.txt").symlink_to(tmp_path / "secret.txt")
    (root / "leakdir").symlink_to(tmp_path)
    return root


@pytest.mark.parametrize("path", [
    "/../secret.txt", "/..%2fsecret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt", "/articles/../../secret.txt",
    "/articles/%2e%2e/%2e%2e/secret.txt", "/..\\secret.txt", "/%5c..%5csecret.txt", "//../secret.txt",
    "/../site-other/x.html", "/leak.txt", "/leakdir/secret.txt", "/index.html%00.txt", "/%ff%fe", "/missing.html",
    "/empty/", "/articles/a/index.html/", "/..", "/.%2e/secret.txt",
])
def test_nothing_outside_the_site_is_ever_resolved(site, path):
    try:
        assert resolve(site, path) is None
    except UnicodeDecodeError:
        pass  # the handler answers 404


def test_site_paths_resolve_to_their_files(site):
    assert resolve(site, "/") == site.resolve() / "index.html"
    assert resolve(site, "/index.html?x=1#y") == site.resolve() / "index.html"
    assert resolve(site, "/articles/a/") == site.resolve() / "articles/a/index.html"
    assert resolve(site, "/articles/%61/") == site.resolve() / "articles/a/index.html"
    assert resolve(site, "/articles/a") == "/articles/a/"  # a redirect, so relative links work


def test_the_reload_script_goes_before_the_end_of_the_body():
    page = inject(b"<html><body><p>x</p></body></html>")
    assert page.startswith(b"<html><body><p>x</p><script>") and page.endswith(b"</script>\n</body></html>")
    assert STATUS_PATH in RELOAD_SCRIPT and "textContent" in RELOAD_SCRIPT and "innerHTML" not in RELOAD_SCRIPT


# ---------------------------------------------------------------- the server itself


class Server:
    def __init__(self, project: Path):
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen(
            [sys.executable, str(ROOT / "build.py"), "serve", "--port", "0", "--jobs", "1", "--config", str(project / "site.yaml")],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=project,
        )
        self.port = None
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if line.startswith("serving http://127.0.0.1:"):
                self.port = int(line.split(":")[2].split("/")[0])
                break
            if not line and self.proc.poll() is not None:
                break
        assert self.port, f"the server did not start: {self.proc.stderr.read() if self.proc.poll() is not None else ''}"

    def get(self, path: str) -> tuple[int, bytes, dict]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            return response.status, response.read(), dict(response.getheaders())
        finally:
            conn.close()

    def status(self) -> dict:
        return json.loads(self.get(STATUS_PATH)[1])

    def wait_for(self, check, what: str, timeout: float = 60) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status = self.status()
            if check(status):
                return status
            time.sleep(0.2)
        raise AssertionError(f"timed out waiting for {what}; last status {status}")

    def stop(self) -> tuple[int, str, str]:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        try:
            out, err = self.proc.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, err = self.proc.communicate()
        return self.proc.returncode, out, err


@pytest.fixture()
def server(tmp_path):
    project = make_project(tmp_path, SEED_NAMES[:2])
    (project / "secret.txt").write_text("secret", encoding="utf-8")
    server = Server(project)
    server.project = project
    yield server
    server.stop()


def test_serve_rebuilds_reloads_shows_errors_and_stops_on_ctrl_c(server):
    project = server.project
    code, home, headers = server.get("/")
    assert code == 200 and headers["Content-Type"].startswith("text/html")
    assert STATUS_PATH.encode() in home and home.rstrip().endswith(b"</html>")
    assert server.status() == {"build": 1, "error": None}
    assert server.get("/data/articles.json")[0] == 200 and STATUS_PATH.encode() not in server.get("/data/articles.json")[1]
    code, _, headers = server.get("/cities")
    assert code == 301 and headers["Location"] == "/cities/"

    for path in ("/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/static/%2e%2e/%2e%2e/secret.txt", "//secret.txt"):
        code, body, _ = server.get(path)
        assert code == 404 and b"secret" not in body, path

    # a template change: rebuilt, and open pages are told to reload
    base = project / "templates" / "base.html"
    good = base.read_text(encoding="utf-8")
    base.write_text(good.replace("</body>", "<p>marker-one</p></body>"), encoding="utf-8")
    server.wait_for(lambda s: s["build"] == 2, "the rebuild after a template change")
    assert b"marker-one" in server.get("/")[1]

    # a broken template: the error is shown, the last good site still served
    base.write_text(good.replace("</body>", "{{ broken( }}</body>"), encoding="utf-8")
    status = server.wait_for(lambda s: s["error"], "the failed rebuild")
    assert "base.html" in status["error"] and status["build"] == 2
    code, page, _ = server.get("/")
    assert code == 200 and b"marker-one" in page

    # fixed, and a seed added: the new page is served
    base.write_text(good, encoding="utf-8")
    shutil.copy(ROOT / "seeds" / SEED_NAMES[2], project / "seeds" / SEED_NAMES[2])
    server.wait_for(lambda s: s["error"] is None and s["build"] >= 3 and SEED_NAMES[2].encode() in server.get("/data/pages.json")[1],
                    "the rebuild after the fix and the new seed")
    assert b"marker-one" not in server.get("/")[1]

    code, out, err = server.stop()
    assert code == 0 and out.rstrip().endswith("stopped"), (out, err)
    assert "error:" in err and "base.html" in err  # the failed build was reported in the terminal too
