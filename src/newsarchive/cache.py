"""The build cache: parsed pages by content, and what each built site was made from.

Layout of the cache folder (`.cache/` beside `site.yaml`; `--cache DIR` moves it)::

    pages/<code>/<key>.pickle.z   a seed's parsed or enriched Page, or its input error
    pages/<code>/<name>-NN.bundle small entries read together (page summaries, export
                                  items), in 16 parts so that a new page rewrites one
    sites/<out>.pickle            the site in one output folder: the fingerprint of
                                  everything it was rendered from, each file's sha256,
                                  size, mtime, inode and render key, and the report
                                  of the build that made it
    sites/<out>.head.pickle       the fingerprint, the report and a digest of the file
                                  names alone, for a rebuild with nothing to do
    sites/<seeds>.seeds.pickle    each page file's size, mtime, ctime, inode and sha256 as
                                  the last build found it: an unchanged file is not read
    search/                       left to `newsarchive.search` (the terminal's index,
                                  updated by the `search` command)
    lock                          held while a build runs

Every entry is named by a hash of all it was made from, so an entry is either
right or never looked up: the parse key covers the seed's bytes and name, its
sidecar's bytes and the parser's code version (a hash of the package's source
and data files, the site renderer excepted, and of the libraries that shape a
parse); the enrich key adds the settings enrichment reads and the version of
the search analysis, whose jieba words are kept with the enriched page.  Templates are in no
page key, so a template change re-renders without re-parsing.  Entries are
written to a temporary file and renamed, so a killed build leaves none half
written.  Deleting the folder costs time, never correctness.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import pickle
import shutil
import sys
import tempfile
import time
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import BinaryIO, Callable, Iterator

from . import heap
from .config import Config

FORMAT = 1  # bump when the layout of the cache changes

# Parts of the package that only render or drive the build: editing them
# changes no parsed page.  Everything else (including files added later) is
# part of the parser's code version.
RENDER_ONLY = ("site", "search", "cli.py", "pipeline.py", "cache.py", "writer.py", "serve.py", "progress.py",
               "forks.py", "heap.py", "report.py", "exports.py", "summary.py", "__main__.py")

# Libraries whose version can change a parse or an enrichment.
PARSE_LIBRARIES = ("jieba", "pypinyin", "charset-normalizer", "pyyaml")

# An enriched page carries its search terms (`Page.search_words`), made by these render-only modules.
SEARCH_WORDS = ("search/analysis.py", "search/terms.py", "search/codec.py")

# The settings `enrich_pages` reads (tests/test_build_incremental.py checks the others change nothing).
ENRICH_SETTINGS = ("region", "topics")

_PACKAGE = Path(__file__).resolve().parent


def digest(*parts: object) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(part if isinstance(part, bytes) else str(part).encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()


@lru_cache(maxsize=2)
def code_version(scope: str = "pages") -> str:
    """Hash of the package files (`scope` "pages": those that shape a parsed page; "all": every one)."""
    h = hashlib.sha256(f"{FORMAT} {sys.version_info[:2]}".encode())
    for name in PARSE_LIBRARIES:
        with contextlib.suppress(metadata.PackageNotFoundError):
            h.update(f"{name} {metadata.version(name)}\0".encode())
    for path in sorted(_PACKAGE.rglob("*")):
        rel = path.relative_to(_PACKAGE).as_posix()
        if not path.is_file() or "__pycache__" in rel or path.suffix == ".pyc":
            continue
        if scope == "pages" and rel.split("/")[0] in RENDER_ONLY:
            continue
        h.update(rel.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def parse_key(name: str, seed_sha256: str, sidecar: bytes) -> str:
    return digest("parse", code_version("pages"), name, seed_sha256, sidecar)


def enrich_key(parse_key_: str, config: Config) -> str:
    return digest("enrich", parse_key_, *map(file_version, SEARCH_WORDS), _enrich_settings(config))


@lru_cache(maxsize=4)
def _enrich_settings(config: Config) -> str:
    """The settings enrichment reads, as text (the same for every seed of a build)."""
    return "\0".join(repr(getattr(config, name)) for name in ENRICH_SETTINGS)


@lru_cache(maxsize=1)
def search_version() -> str:
    """Hash of the search package: what the browser's search files are made by."""
    h = hashlib.sha256()
    for path in sorted((_PACKAGE / "search").glob("*.py")):
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:16]


@lru_cache(maxsize=16)
def file_version(rel: str) -> str:
    """Hash of one package file (empty when it is absent)."""
    path = _PACKAGE / rel
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16] if path.is_file() else ""


@dataclass
class Manifest:
    """What the site in one output folder was made from, and the files it holds."""

    fingerprint: str = ""
    # path → (sha256, size, mtime_ns, inode, render key): the key of what the file was rendered from
    files: dict[str, tuple] = field(default_factory=dict)
    # what that build's archive remembered (`site.context.Archive.memo`: related articles, slugs), to save making it again
    memo: dict | None = None
    # render key → the files made together under it (data exports, a search segment), kept or made as one
    groups: dict[str, list[str]] = field(default_factory=dict)

    def __reduce__(self):
        # Its fields are plain dicts, tuples, strings and ints, which marshal dumps several times faster than
        # pickle (a large site's manifest is saved twice a build); pickled whole if ever they are not.
        # Version 2 writes a string shared by several entries once per entry, but keeps no table of the
        # objects written: a build's paths, hashes and keys are shared with its other tables, and that
        # table tripled the time (0.2 s against 0.07 s for the 5,000-page site's manifest).
        state = (self.fingerprint, self.files, self.memo, self.groups)
        try:
            return _marshalled_manifest, (_MARSHAL_STAMP, marshal.dumps(state, 2))
        except ValueError:  # an object marshal does not know
            return Manifest, state


# marshal's format may change with Python's version: a manifest marshalled by another one is lost, not misread
_MARSHAL_STAMP = f"{sys.implementation.cache_tag} marshal 2"


def _marshalled_manifest(stamp: str, data: bytes) -> Manifest:
    if stamp != _MARSHAL_STAMP:
        raise ValueError(f"a manifest marshalled by {stamp}")
    return Manifest(*marshal.loads(data))


@dataclass
class SiteHead:
    """What a rebuild with nothing to do needs of a site's manifest, kept apart so it reads little:
    the fingerprint of what the site was made from, the build's report, and its folders' stamps
    (`writer.folder_stamps`)."""

    fingerprint: str
    report: dict
    folders: dict


class SeedStamps(dict):
    """Page file name → (size, mtime, ctime, inode, sha256) as a build found it, so that the next build
    need not read a file that is as it was.  A file changed in the same instant as the record was
    made, on a file system with coarse times, could keep its stamp: such recent stamps are not trusted."""

    RECENT_NS = 2_000_000_000

    def __init__(self, *args, made_ns: int | None = None):
        super().__init__(*args)
        self.made_ns = time.time_ns() if made_ns is None else made_ns

    def known(self, name: str, st: os.stat_result) -> str:
        """The recorded sha256 of `name` if `st` is as recorded (and was not recent then), else ""."""
        entry = self.get(name)
        if entry is None or entry[:4] != _seed_stamp(st) or st.st_mtime_ns > self.made_ns - self.RECENT_NS:
            return ""
        return entry[4]

    def note(self, name: str, st: os.stat_result, sha: str) -> None:
        self[name] = (*_seed_stamp(st), sha)


def _seed_stamp(st: os.stat_result) -> tuple[int, int, int, int]:
    return st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino


class Cache:
    def __init__(self, root: Path):
        self.root = Path(root).resolve()
        self.pages_dir = self.root / "pages" / code_version("pages")

    # ------------------------------------------------------------ pages

    def get(self, key: str) -> object | None:
        """The entry stored under `key`, or None (also for an entry that cannot be read)."""
        path = self.pages_dir / f"{key}.pickle.z"
        try:
            return pickle.loads(zlib.decompress(path.read_bytes()))
        except FileNotFoundError:
            return None
        except Exception:  # noqa: BLE001 - a damaged entry is a miss, and is replaced
            path.unlink(missing_ok=True)
            return None

    def put(self, key: str, value: object) -> None:
        _write_atomic(self.pages_dir / f"{key}.pickle.z", zlib.compress(pickle.dumps(value, protocol=5), 1))

    # ------------------------------------------------------------ bundles

    def load_bundle(self, name: str) -> dict:
        """Many small entries kept in a few files (`name`, in `BUNDLE_PARTS` parts), read in one go:
        {} when absent; an unreadable part costs reading its entries one by one."""
        entries: dict = {}
        with heap.paused():  # 100,000s of objects, no cycles
            for part in range(BUNDLE_PARTS):
                try:
                    data = pickle.loads(self._bundle_path(name, part).read_bytes())
                except Exception:  # noqa: BLE001
                    continue
                if isinstance(data, dict):
                    entries.update(data)
        return entries

    def save_bundle(self, name: str, entries: dict, old: dict | None = None) -> None:
        """Keep `entries` as bundle `name`, rewriting only the parts whose keys differ from `old`'s
        (entries are named by what they were made from: the same key, the same entry)."""
        new_parts, old_parts = _bundle_parts(entries), _bundle_parts(old or {})
        for part in range(BUNDLE_PARTS):
            if old is not None and new_parts[part].keys() == old_parts[part].keys():
                continue
            if new_parts[part]:
                _write_atomic(self._bundle_path(name, part), pickle.dumps(new_parts[part], protocol=5))
            else:
                self._bundle_path(name, part).unlink(missing_ok=True)

    def _bundle_path(self, name: str, part: int) -> Path:
        return self.pages_dir / f"{name}-{part:02d}.bundle"

    # ------------------------------------------------------------ sites

    def _manifest_path(self, out_dir: Path) -> Path:
        return self.root / "sites" / f"{digest(Path(out_dir).resolve())[:20]}.pickle"

    def load_manifest(self, out_dir: Path) -> Manifest:
        # a lost or damaged manifest costs a full comparison, never a wrong site
        manifest = _load_site_file(self._manifest_path(out_dir), Manifest) or Manifest()
        manifest.__dict__.setdefault("groups", {})  # written before groups were kept: none are kept
        return manifest

    def save_manifest(self, out_dir: Path, manifest: Manifest) -> None:
        # A pickle (the manifest of a large site has 100,000s of entries, read on every build),
        # after one line naming the site's folder.
        self._save_site_file(self._manifest_path(out_dir), out_dir, manifest)

    def _head_path(self, out_dir: Path) -> Path:
        return self._manifest_path(out_dir).with_suffix(".head.pickle")

    def load_head(self, out_dir: Path) -> SiteHead | None:
        head = _load_site_file(self._head_path(out_dir), SiteHead)  # lost: a full build's comparison
        return head if hasattr(head, "folders") else None  # None too for a head an earlier version wrote

    def save_head(self, out_dir: Path, head: SiteHead) -> None:
        self._save_site_file(self._head_path(out_dir), out_dir, head)

    def drop_head(self, out_dir: Path) -> None:
        """Forget the head while the site changes: a build killed mid-way leaves none that could vouch for it."""
        self._head_path(out_dir).unlink(missing_ok=True)

    def _seeds_path(self, seeds_dir: Path) -> Path:
        return self.root / "sites" / f"{digest('seeds', Path(seeds_dir).resolve())[:20]}.seeds.pickle"

    def load_seed_stamps(self, seeds_dir: Path) -> SeedStamps:
        return _load_site_file(self._seeds_path(seeds_dir), SeedStamps) or SeedStamps()  # lost: the seeds are read

    def save_seed_stamps(self, seeds_dir: Path, stamps: SeedStamps) -> None:
        self._save_site_file(self._seeds_path(seeds_dir), seeds_dir, stamps)

    def _save_site_file(self, path: Path, out_dir: Path, value: object) -> None:
        out = str(Path(out_dir).resolve()).encode("utf-8", "surrogateescape").replace(b"\n", b" ")
        # pickled straight into the file: a manifest's tens of MB are not copied into a buffer first
        _write_atomic(path, lambda handle: (handle.write(out + b"\n"), pickle.dump(value, handle, protocol=5)))

    # ------------------------------------------------------------ upkeep

    @contextlib.contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the cache for one build; a second build on the same cache waits for the first."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / "lock", "a+b") as handle:
            try:
                import fcntl
            except ImportError:  # pragma: no cover - not POSIX: builds are not serialised
                yield
                return
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def prune(self) -> None:
        """Drop pages parsed by other code versions (they can no longer be hit) and manifests of vanished sites."""
        for old in (self.root / "pages").glob("*"):
            if old.is_dir() and old != self.pages_dir:
                shutil.rmtree(old, ignore_errors=True)
        for path in (self.root / "sites").glob("*"):
            try:
                with open(path, "rb") as handle:
                    out = handle.readline().rstrip(b"\n").decode("utf-8", "surrogateescape") if path.suffix == ".pickle" else ""
            except OSError:
                out = ""
            if not out or not Path(out).exists():
                path.unlink(missing_ok=True)


def _load_site_file(path: Path, kind: type):
    """The `kind` value `_save_site_file` wrote to `path`, or None when it is lost, damaged or of another kind."""
    try:
        with open(path, "rb") as handle, heap.paused():
            handle.readline()  # the folder it describes, for `prune`
            value = pickle.load(handle)
    except Exception:  # noqa: BLE001 - every such file can be done without, at a cost in time
        return None
    return value if isinstance(value, kind) else None


# A bundle is kept in parts, by a hash of the entries' keys: a new entry rewrites one part, not the whole.
BUNDLE_PARTS = 16


def _bundle_parts(entries: dict) -> list[dict]:
    parts: list[dict] = [{} for _ in range(BUNDLE_PARTS)]
    for key, value in entries.items():
        parts[zlib.crc32(key.encode("utf-8", "surrogateescape")) % BUNDLE_PARTS][key] = value
    return parts


def _write_atomic(path: Path, data: bytes | Callable[[BinaryIO], object]) -> None:
    """`data`, or what `data(handle)` writes, into a temporary file renamed to `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            if callable(data):
                data(handle)
            else:
                handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
