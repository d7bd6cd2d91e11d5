"""jieba, loaded once per process, from a snapshot when one is at hand.

jieba builds its prefix dictionary on first use; every module that needs
Chinese word segmentation goes through here so that it is paid once per
worker process.  The parser uses the dictionary as jieba ships it
(`tokenizer`); enrichment and search add domain words to a copy of it
(`with_words`), which costs a dictionary copy rather than a second load.

A build that parses one new page pays these loads in full, so what they
give is kept in `snapshot` files of the temp folder, as jieba keeps its own
prefix dictionary there, but read in one piece (jieba reads its cache file
in small chunks, which takes several times longer).
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

import jieba

# Bump when what a snapshot holds changes shape.
SNAPSHOT_FORMAT = 1
# Set to a folder to keep the snapshots there instead of the temp folder (tests do).
SNAPSHOT_DIR_ENV = "NEWSARCHIVE_JIEBA_CACHE"
JIEBA_DIR = Path(jieba.__file__).resolve().parent
JIEBA_DICT = JIEBA_DIR / jieba.DEFAULT_DICT_NAME


@lru_cache(maxsize=1)
def tokenizer() -> jieba.Tokenizer:
    jieba.setLogLevel(logging.WARNING)
    tk = jieba.dt
    with tk.lock:
        if not tk.initialized:
            tk.FREQ, tk.total = snapshot("dict", [JIEBA_DICT], _prefix_dict)
            tk.initialized = True
    return tk


def _prefix_dict() -> tuple[dict[str, int], int]:
    """jieba's prefix dictionary and word-count total, as `Tokenizer.initialize` makes them."""
    fresh = jieba.Tokenizer()
    fresh.initialize()
    return fresh.FREQ, fresh.total


def word_frequencies() -> dict[str, int]:
    """jieba's dictionary: word → corpus frequency."""
    return tokenizer().FREQ


def words(text: str) -> list[str]:
    return tokenizer().lcut(text)


def with_words(words) -> jieba.Tokenizer:
    """A tokenizer over jieba's dictionary plus `words`, added in order (as `add_word` would to a fresh load)."""
    base = tokenizer()
    tk = jieba.Tokenizer()
    tk.FREQ, tk.total, tk.initialized = dict(base.FREQ), base.total, True
    for word in words:
        if word not in tk.FREQ:
            tk.add_word(word)
    return tk


# ---------------------------------------------------------------- snapshots


def snapshot_dir() -> Path:
    return Path(os.environ.get(SNAPSHOT_DIR_ENV) or tempfile.gettempdir())


def snapshot_path(name: str, sources: Iterable[Path]) -> tuple[Path, bytes]:
    """The snapshot file of `name` built from `sources`, and the key it must hold: a hash of
    the format, jieba's version and the bytes of every source file."""
    h = hashlib.sha256(f"{SNAPSHOT_FORMAT}\0{jieba.__version__}\0{name}\0".encode())
    for source in sources:
        data = Path(source).read_bytes()
        h.update(len(data).to_bytes(8, "little") + data)
    key = h.digest()
    return snapshot_dir() / f"newsarchive-jieba-{name}-{key.hex()[:16]}.marshal", key


def snapshot(name: str, sources: Iterable[Path], build: Callable[[], object]):
    """`build()`, read from its snapshot file when that is whole and made from the same
    `sources`; otherwise built, and the file (re)written.

    The file is the key, a checksum of the data, then the data (marshal: plain dicts,
    strings and numbers load fast, and loading runs no code).  It is written to a
    temporary file and renamed over the old one, so a process starting meanwhile reads
    the old file or the new one, never half of one; a corrupt file is rebuilt.
    """
    path, key = snapshot_path(name, sources)
    value = _read_snapshot(path, key)
    if value is None:
        value = build()
        _write_snapshot(path, key, value)
    return value


_DIGEST = 32  # sha256


def _read_snapshot(path: Path, key: bytes):
    try:
        data = path.read_bytes()
    except OSError:
        return None
    head, digest, payload = data[:_DIGEST], data[_DIGEST : 2 * _DIGEST], data[2 * _DIGEST :]
    if head != key or hashlib.sha256(payload).digest() != digest:
        return None
    try:
        return marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None


def _write_snapshot(path: Path, key: bytes, value) -> None:
    """Best effort: a folder that cannot be written only means building again next time."""
    try:
        payload = marshal.dumps(value)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".tmp")
    except (OSError, ValueError):
        return
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(key + hashlib.sha256(payload).digest() + payload)
        os.replace(tmp, path)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
