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

import ctypes
import errno
import hashlib
import os
import shutil
import stat
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from .cache import Manifest
from .errors import NewsarchiveError
from .progress import QUIET, Progress


@dataclass
class Plan:
    writes: dict[str, bytes] = field(default_factory=dict)
    deletes: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.writes or self.deletes)


@dataclass
class Written:
    changed: int  # files of the site that are new or have new bytes
    removed: int  # files of the previous site no longer produced
    site: Manifest  # the new site
    shadow: Manifest  # its twin


def shadow_path(out_dir: Path) -> Path:
    return out_dir.with_name(f".{out_dir.name}.shadow")


def check_path(rel: str) -> str:
    """`rel` if it is a safe relative site path, else an error: no stage may write outside the site."""
    parts = PurePosixPath(rel).parts
    if not rel or rel.startswith("/") or "\\" in rel or "\0" in rel or any(p in ("..", ".") for p in parts) or rel.endswith("/"):
        raise NewsarchiveError(f"{rel!r}: not a file path inside the site")
    return rel


def site_files(folder: Path) -> dict[str, os.stat_result]:
    """Every file under `folder` (links not followed), by relative path."""
    found: dict[str, os.stat_result] = {}
    if not folder.is_dir():
        return found
    for top, dirs, files in os.walk(folder):
        rel_top = os.path.relpath(top, folder)
        for name in files + [d for d in dirs if os.path.islink(os.path.join(top, d))]:
            rel = name if rel_top == "." else f"{rel_top}/{name}".replace(os.sep, "/")
            found[rel] = os.lstat(os.path.join(top, name))
    return found


def _stamp(st: os.stat_result) -> tuple[int, int, int]:
    return st.st_size, st.st_mtime_ns, st.st_ino


def unchanged(folder: Path, manifest: Manifest) -> bool:
    """True when `folder` holds exactly the manifest's files, each as recorded (size, mtime, inode)."""
    files = site_files(folder)
    return bool(manifest.files) and files.keys() == manifest.files.keys() and all(
        _stamp(st) == tuple(manifest.files[rel][1:]) for rel, st in files.items()
    )


def plan_changes(outputs: dict[str, bytes], folder: Path, manifest: Manifest, hashes: dict[str, str]) -> Plan:
    """What to write and delete in `folder` so that it holds exactly `outputs`."""
    plan = Plan()
    existing = site_files(folder)
    for rel, data in outputs.items():
        st = existing.get(rel)
        if st is None or not _same(folder / rel, st, data, hashes[rel], manifest.files.get(rel)):
            plan.writes[rel] = data
    plan.deletes = sorted(set(existing) - set(outputs))
    return plan


def _same(path: Path, st: os.stat_result, data: bytes, sha: str, entry: tuple | None) -> bool:
    if st.st_size != len(data) or not stat.S_ISREG(st.st_mode):
        return False
    if entry is not None and tuple(entry[1:]) == _stamp(st):
        return entry[0] == sha
    return path.read_bytes() == data


def write(outputs: dict[str, bytes], out_dir: Path, site: Manifest, shadow: Manifest, fingerprint: str,
          progress: Progress = QUIET) -> Written:
    """Make `out_dir` hold exactly `outputs`, swapped in whole; `site` and `shadow` describe the two folders as they are."""
    out_dir = out_dir.resolve()
    hashes = {check_path(rel): hashlib.sha256(data).hexdigest() for rel, data in outputs.items()}
    plan = plan_changes(outputs, out_dir, site, hashes)
    if plan:
        twin = shadow_path(out_dir)
        if not out_dir.is_dir():
            fresh = _new_folder(out_dir)
            _apply(Plan(writes=dict(outputs)), fresh, progress)
            fresh.rename(out_dir)
        else:
            if not twin.is_dir():
                fresh = _new_folder(out_dir)
                _link_tree(out_dir, fresh)  # a twin of hard links: equal to the site, so its manifest too
                fresh.rename(twin)
                shadow = site
            _apply(plan_changes(outputs, twin, shadow, hashes), twin, progress)
            _swap(twin, out_dir)
            shadow = site
    files = {}
    for rel, sha in hashes.items():
        files[rel] = (sha, *_stamp(os.lstat(out_dir / rel)))
    return Written(len(plan.writes), len(plan.deletes), Manifest(fingerprint, files), shadow)


def _new_folder(out_dir: Path) -> Path:
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-{os.getpid()}-", dir=out_dir.parent))


def _apply(plan: Plan, folder: Path, progress: Progress) -> None:
    for rel in plan.deletes:
        (folder / rel).unlink(missing_ok=True)
    _prune_empty({(folder / rel).parent for rel in plan.deletes}, folder)
    with progress.bar("write", len(plan.writes)) as update:
        for rel, data in sorted(plan.writes.items()):
            target = folder / rel
            if target.is_dir() and not target.is_symlink():
                shutil.rmtree(target)
            elif target.exists() or target.is_symlink():
                target.unlink()  # never write through a hard link into the live site
            target.parent.mkdir(parents=True, exist_ok=True)
            write_file(target, data)
            update(1)


def write_file(path: Path, data: bytes) -> None:
    path.write_bytes(data)


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
