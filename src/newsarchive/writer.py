"""Write the site: only the files whose bytes change, swapped in whole.

The site in `out` has a twin beside it, `.out.shadow`, holding the site as it
was before the last change.  A build brings the twin up to date with the new
outputs (writing only the files whose bytes differ from the twin's, deleting
those no longer produced) and then swaps the two folders: with one atomic
`renameat2(RENAME_EXCHANGE)` on Linux, else with three renames that the next
build completes or undoes if it was killed between them.  The old site
becomes the twin for the next build.  So a build costs in proportion to what
changed (no copy of the site, no deletion of one), and a crash, an error or
Ctrl-C before the swap leaves the previous site as it was.

Files are compared through the manifests kept in the cache (each file's
sha256, size, mtime and inode): a file whose size, mtime and inode still
match is compared by the recorded sha256, any other by its bytes, so a stale
or lost manifest costs reading, never a wrong site.
"""

from __future__ import annotations

import copy
import ctypes
import errno
import hashlib
import os
import re
import shutil
import stat
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Collection

from .cache import Manifest
from .errors import NewsarchiveError
from .progress import QUIET, Progress


@dataclass
class Written:
    """What `SiteWriter.finish` did, and the two folders' manifests, made when asked: each is a pass
    over every file of the site, and a build has them made in two processes at once."""

    changed: int  # files of the site that are new or have new bytes
    removed: int  # files of the previous site no longer produced
    paths: Collection[str]  # the files of the new site
    describe_site: Callable[[], Manifest]  # the new site
    describe_twin: Callable[[], Manifest]  # its twin


def shadow_path(out_dir: Path) -> Path:
    return out_dir.with_name(f".{out_dir.name}.shadow")


_DOT_PART = re.compile(r"(?:^|/)\.\.?(?:/|$)")


def check_path(rel: str) -> str:
    """`rel` if it is a safe relative site path, else an error: no stage may write outside the site."""
    if not rel or rel[0] == "/" or rel[-1] == "/" or "\\" in rel or "\0" in rel or _DOT_PART.search(rel):
        raise NewsarchiveError(f"{rel!r}: not a file path inside the site")
    return rel


# What the writer compares of a file: (size, mtime in ns, inode, mode).  Plain tuples, not stat
# results: a site's scan may be made in another process (`forks.background`) and sent here whole.
FileStat = tuple[int, int, int, int]


def file_stat(st: os.stat_result) -> FileStat:
    return st.st_size, st.st_mtime_ns, st.st_ino, st.st_mode


def site_files(folder: Path) -> dict[str, FileStat]:
    """Every file under `folder` (links not followed, a link to a folder counts as a file), by relative path."""
    found: dict[str, FileStat] = {}
    if folder.is_dir():
        _scan(str(folder), "", found)
    return found


def _scan(path: str, prefix: str, found: dict) -> None:
    # os.scandir, not os.walk: one system call per file, none per path join (a large site has 100,000s of files)
    with os.scandir(path) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                _scan(entry.path, f"{prefix}{entry.name}/", found)
            else:
                found[prefix + entry.name] = file_stat(entry.stat(follow_symlinks=False))


def _stamp(st: FileStat) -> tuple[int, int, int]:
    return st[:3]


def _regular(st: FileStat) -> bool:
    return stat.S_ISREG(st[3])


def listing(names) -> str:
    """A digest of a set of file paths."""
    return hashlib.sha256("\0".join(sorted(names)).encode("utf-8", "surrogateescape")).hexdigest()


# A folder changed less than this before its stamp was taken may change again without its mtime moving
# (file times follow a coarse clock: a few milliseconds on Linux, two seconds on FAT).
RECENT_NS = 2_000_000_000


def folder_stamps(folder: Path, files) -> dict[str, tuple]:
    """Each folder holding the site's `files` (paths inside `folder`) → (mtime, inode, names): what
    `unchanged` compares.  `names` is "" for a folder last changed before `RECENT_NS`, else a digest
    of the names it holds."""
    root, folders = str(folder), {""}
    for rel in files:
        while "/" in rel:
            rel = rel.rsplit("/", 1)[0]
            if rel in folders:
                break
            folders.add(rel)
    made = time.time_ns()
    stamps = {}
    for rel in sorted(folders):
        path = os.path.join(root, rel) if rel else root
        st = os.stat(path)
        names = listing(os.listdir(path)) if st.st_mtime_ns > made - RECENT_NS else ""
        stamps[rel] = (st.st_mtime_ns, st.st_ino, names)
    return stamps


def unchanged(folder: Path, stamps: dict[str, tuple]) -> bool:
    """True when `folder` holds the files it held when `folder_stamps` were taken: no file or folder
    added, deleted or renamed.

    Adding, deleting or renaming a file changes its folder's mtime, so a stat
    of each folder tells, without a listing of the site's 100,000s of files
    (a folder changed just before its stamp was taken has its names compared).
    A file edited in place is not noticed: the next build that changes
    anything compares every file and puts such a file right.
    """
    if not stamps:
        return False
    root = str(folder)
    for rel, (mtime, inode, names) in stamps.items():
        path = os.path.join(root, rel) if rel else root
        try:
            st = os.stat(path)
        except OSError:
            return False
        if st.st_mtime_ns != mtime or st.st_ino != inode or (names and listing(os.listdir(path)) != names):
            return False
    return True


def _same(path: Path, st: FileStat, data: bytes, sha: str, entry: tuple | None) -> bool:
    if st[0] != len(data) or not _regular(st):
        return False
    if entry is not None and tuple(entry[1:4]) == _stamp(st):
        return entry[0] == sha
    return path.read_bytes() == data


def write(outputs: dict[str, bytes], out_dir: Path, site: Manifest, shadow: Manifest, fingerprint: str,
          progress: Progress = QUIET, kept: list[str] = (), keys: dict[str, str] | None = None) -> Written:
    """Make `out_dir` hold exactly `outputs` and the `kept` files of the site as they are, swapped in whole;
    `site` and `shadow` describe the two folders as they are."""
    for rel in outputs:
        check_path(rel)
    w = SiteWriter(out_dir, site, shadow)
    with progress.bar("write", len(outputs)) as update:
        for rel in sorted(outputs):
            w.put(rel, outputs[rel])
            update(1)
    for rel in kept:
        w.keep(rel)
    return w.finish(fingerprint, keys or {})  # manifests left undescribed: nothing keeps them


class SiteWriter:
    """Writes a new version of the site file by file, then swaps it in whole (`finish`).

    Files are written into a folder no reader sees: the twin of the site (or a
    fresh folder for a first build), and only where its bytes differ.  `keep`
    names a file the new site holds as the current site does: the twin gets a
    hard link to it where it holds another version.  Nothing is held in memory
    but the files' hashes, so a cold build of a large archive streams through.
    """

    def __init__(self, out_dir: Path, site: Manifest, shadow: Manifest, twin_known: bool = False,
                 live: dict[str, FileStat] | None = None):
        """`twin_known`: the last build ended and none has written since (its head is there), so the twin
        holds what `shadow` records (`finish` recorded it as found) and is not looked at file by file.
        `live`: `site_files(out_dir)`, when the caller has had it made (else it is made here)."""
        self.out_dir = out_dir.resolve()
        self.site, self.shadow = site, shadow
        self.live = site_files(self.out_dir) if live is None else live
        self.hashes: dict[str, str] = {}
        self.touched: set[str] = set()  # files of the new site written or linked by this build (their stat is new)
        self.made: set[Path] = set()  # folders made in a fresh site
        self.changed = 0  # files whose bytes differ from the live site's
        if not self.out_dir.is_dir():
            self.folder, self.fresh, self.staged = _new_folder(self.out_dir), True, {}
        else:
            twin = shadow_path(self.out_dir)
            if not twin.is_dir():
                fresh = _new_folder(self.out_dir)
                _link_tree(self.out_dir, fresh)  # a twin of hard links: equal to the site, so its manifest too
                fresh.rename(twin)
                self.shadow, twin_known = site, False
            staged = _as_recorded(self.shadow, self.live) if twin_known and self.shadow.files else site_files(twin)
            self.folder, self.fresh, self.staged = twin, False, staged

    def valid_keys(self) -> dict[str, str]:
        """path → render key of each file of the live site that is as its manifest recorded it (size, mtime, inode)."""
        out = {}
        for rel, st in self.live.items():
            entry = self.site.files.get(rel)
            if entry is not None and len(entry) > 4 and entry[4] and tuple(entry[1:4]) == _stamp(st) and _regular(st):
                out[rel] = entry[4]
        return out

    def put(self, rel: str, data: bytes) -> None:
        self.record(rel, *self.store(rel, data))

    def store(self, rel: str, data: bytes) -> tuple[str, bool]:
        """Write `rel` into the new site where its bytes differ; (its sha256, whether it differs from the live
        site's).  Another process may store files (forked after this writer was made); `record` then."""
        sha = hashlib.sha256(data).hexdigest()
        check_path(rel)
        st = self.live.get(rel)
        changed = st is None or not _same(self.out_dir / rel, st, data, sha, self.site.files.get(rel))
        staged = self.staged.get(rel)
        target = self.folder / rel
        if staged is None and self.fresh:  # a new folder holds only what this build wrote
            self._folder_of(target)
            write_file(target, data)
        elif staged is None or not _same(target, staged, data, sha, self.shadow.files.get(rel)):
            _replace(target, data)
        return sha, changed

    def _folder_of(self, target: Path) -> None:
        parent = target.parent
        if parent not in self.made:
            parent.mkdir(parents=True, exist_ok=True)
            self.made.add(parent)

    def record(self, rel: str, sha: str, changed: bool) -> None:
        """Count a file `store` wrote (its path was checked there)."""
        self.hashes[rel] = sha
        self.touched.add(rel)
        self.changed += changed

    def branch(self) -> SiteWriter:
        """A writer into the same new site that counts only its own files: for work done in another
        process (forked after this writer was made), whose `written` this one then `absorb`s."""
        other = copy.copy(self)
        other.hashes, other.touched, other.changed = {}, set(), 0
        return other

    def written(self) -> tuple[dict[str, str], set[str], int]:
        return self.hashes, self.touched, self.changed

    def absorb(self, written: tuple[dict[str, str], set[str], int]) -> None:
        """Count the files a `branch` wrote or kept (its `written`)."""
        hashes, touched, changed = written
        twice = hashes.keys() & self.hashes.keys()
        if twice:
            raise NewsarchiveError(f"{min(twice)}: produced twice (by the site renderer, the data exports or search)")
        self.hashes.update(hashes)
        self.touched |= touched
        self.changed += changed

    def keep(self, rel: str) -> None:
        """The new site holds `rel` as the live site does (its manifest entry was checked against the file)."""
        sha = self.site.files[rel][0]
        self.hashes[check_path(rel)] = sha
        staged, entry = self.staged.get(rel), self.shadow.files.get(rel)
        if staged is not None and entry is not None and tuple(entry[1:4]) == _stamp(staged) and entry[0] == sha:
            return
        target = self.folder / rel
        self.touched.add(rel)
        _clear(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(self.out_dir / rel, target, follow_symlinks=False)
        except OSError:
            shutil.copy2(self.out_dir / rel, target, follow_symlinks=False)

    def finish(self, fingerprint: str, keys: dict[str, str]) -> Written:
        """Delete what the new site no longer holds and swap it in (unless nothing changed); the result
        describes both folders when asked."""
        removed = sorted(set(self.live) - set(self.hashes))
        stale = sorted(set(self.staged) - set(self.hashes))
        for rel in stale:
            (self.folder / rel).unlink(missing_ok=True)
        _prune_empty({(self.folder / rel).parent for rel in stale}, self.folder)
        if self.fresh:  # a twin left beside a deleted site is as unknown as a build may have left it
            self.folder.rename(self.out_dir)
            return Written(self.changed, 0, self.hashes.keys(),
                           lambda: Manifest(fingerprint, self._describe(self.out_dir, {}, keys)), Manifest)
        if self.changed or removed:
            _swap(self.folder, self.out_dir)  # the twin, files as scanned but those this build touched, is the site
            return Written(self.changed, len(removed), self.hashes.keys(),
                           lambda: Manifest(fingerprint, self._describe(self.out_dir, self.staged, keys)),
                           lambda: Manifest(self.site.fingerprint, self._as_found()))
        # nothing changed: the site is as scanned, and the twin now equals it
        return Written(0, 0, self.hashes.keys(),
                       lambda: Manifest(fingerprint, self._describe(self.out_dir, self.live, keys, touched=set())),
                       lambda: Manifest(fingerprint, self._describe(self.folder, self.staged, keys)))

    def _as_found(self) -> dict[str, tuple]:
        """The manifest entries of the site as this build found it (now the twin): every file scanned,
        with its sha256 where its manifest entry vouched for it, else "" (unknown: its bytes are compared)."""
        out = {}
        for rel, st in self.live.items():
            entry = self.site.files.get(rel)
            regular = _regular(st)
            sha = entry[0] if entry is not None and regular and tuple(entry[1:4]) == _stamp(st) else ""
            out[rel] = (sha, st[0] if regular else -1, st[1], st[2], "")
        return out

    def _describe(self, folder: Path, scanned: dict[str, FileStat], keys: dict[str, str],
                  touched: set[str] | None = None) -> dict[str, tuple]:
        """The manifest entries of the new site's files in `folder`: a file this build did not touch is as
        `scanned` found it, the others are looked at again."""
        touched = self.touched if touched is None else touched
        root, out = str(folder), {}
        for rel, sha in self.hashes.items():
            st = scanned.get(rel) if rel not in touched else None
            out[rel] = (sha, *_stamp(st or file_stat(os.lstat(os.path.join(root, rel)))), keys.get(rel, ""))
        return out


def _as_recorded(manifest: Manifest, live: dict[str, FileStat]) -> dict[str, FileStat]:
    """The files of the twin as its manifest records them (size -1: not a regular file), but those that
    are hard links to the live site's file (the same inode): as the live site's scan found that file,
    which an edit in place changes in both."""
    regular, other = stat.S_IFREG | 0o644, stat.S_IFLNK
    out: dict[str, FileStat] = {}
    for rel, e in manifest.files.items():
        st = live.get(rel)
        out[rel] = st if st is not None and st[2] == e[3] else (e[1], e[2], e[3], regular if e[1] >= 0 else other)
    return out


def _clear(target: Path) -> None:
    if target.is_dir() and not target.is_symlink():
        shutil.rmtree(target)
    elif target.exists() or target.is_symlink():
        target.unlink()  # never write through a hard link into the live site


def _replace(target: Path, data: bytes) -> None:
    _clear(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    write_file(target, data)


def _new_folder(out_dir: Path) -> Path:
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-{os.getpid()}-", dir=out_dir.parent))


_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)


def write_file(path: Path, data: bytes) -> None:
    # open, write, close: `Path.write_bytes` adds an fstat, an ioctl and a seek per file (a site has 100,000s)
    fd = os.open(path, _NEW_FILE, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def recover(out_dir: Path) -> None:
    """Finish or undo what a build killed mid-way left beside `out_dir`."""
    out_dir = out_dir.resolve()
    twin = shadow_path(out_dir)
    if not out_dir.parent.is_dir():
        return
    for kind in ("new", "swap", "old"):  # `old`: left by earlier versions
        prefix = f".{out_dir.name}.{kind}-"
        for leftover in sorted(out_dir.parent.glob(prefix + "*")):
            pid = leftover.name[len(prefix):].split("-")[0]
            if pid.isdigit() and int(pid) != os.getpid() and _alive(int(pid)):
                continue  # another build's, still running
            if kind != "new" and not out_dir.exists():
                leftover.rename(out_dir)
            elif kind != "new" and not twin.exists():
                leftover.rename(twin)
            else:
                shutil.rmtree(leftover, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _link_tree(src: Path, dst: Path) -> None:
    """Mirror `src` in `dst` with hard links (copies where links are refused)."""
    for top, dirs, files in os.walk(src):
        rel = os.path.relpath(top, src)
        target_dir = dst if rel == "." else dst / rel
        target_dir.mkdir(exist_ok=True)
        for name in dirs:
            if os.path.islink(os.path.join(top, name)):
                os.symlink(os.readlink(os.path.join(top, name)), target_dir / name)
        for name in files:
            source = os.path.join(top, name)
            try:
                os.link(source, target_dir / name, follow_symlinks=False)
            except OSError:
                shutil.copy2(source, target_dir / name, follow_symlinks=False)


def _prune_empty(folders: set[Path], root: Path) -> None:
    """Remove those of `folders` (and their parents below `root`) left empty, deepest first."""
    for folder in sorted(folders, key=lambda f: len(f.parts), reverse=True):
        while folder != root:
            try:
                folder.rmdir()  # only succeeds when empty
            except OSError:
                break
            folder = folder.parent


def _swap(twin: Path, out_dir: Path) -> None:
    """Exchange the twin and the site."""
    if _exchange(twin, out_dir):
        return
    aside = out_dir.with_name(f".{out_dir.name}.swap-{os.getpid()}")
    out_dir.rename(aside)
    twin.rename(out_dir)
    aside.rename(twin)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2); False where the system cannot."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))
