"""The build: gather seeds, parse, enrich, then write the site.

This is the only module that touches the disk.  Stages are pure functions:
`parse.parse_page` (bytes → Page), `enrich.enrich_pages` (Pages → Pages),
`exports.render_exports` and `site.render_site` (Pages → {path: bytes}).
The site is written into a fresh folder beside the output and swapped in
whole, so a failed build leaves the previous site as it was.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import exports
from .config import Config
from .errors import InputError
from .parse import parse_page
from .records import Page
from .sidecar import load_sidecar

log = logging.getLogger("newsarchive")

# Page files are plain text; everything else in the seeds folder is ignored,
# except sidecars, which are read beside their page.
SEED_SUFFIXES = (".txt",)


@dataclass
class BuildResult:
    pages: list[Page] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    files_written: int = 0
    seconds: float = 0.0

    @property
    def articles(self) -> int:
        return sum(len(p.articles) for p in self.pages)

    def summary(self) -> str:
        return (
            f"{len(self.pages)} pages, {self.articles} articles, {len(self.warnings)} warnings, "
            f"{len(self.errors)} errors, {self.files_written} files written in {self.seconds:.1f}s"
        )


def find_seeds(seeds_dir: Path) -> list[Path]:
    if not seeds_dir.is_dir():
        raise InputError(f"{seeds_dir}: seeds folder not found")
    return sorted(p for p in seeds_dir.iterdir() if p.is_file() and p.suffix.lower() in SEED_SUFFIXES)


def read_pages(seeds_dir: Path, result: BuildResult) -> list[Page]:
    """Parse every seed; a bad file is reported and skipped, the rest go on."""
    pages: list[Page] = []
    seen: dict[str, str] = {}
    for path in find_seeds(seeds_dir):
        try:
            data = path.read_bytes()
            sidecar = load_sidecar(path)
            page = parse_page(data, path.name, sidecar=sidecar)
        except InputError as exc:
            result.errors.append(str(exc))
            continue
        if page.sha256 in seen:
            result.warnings.append(f"{path.name}: same content as {seen[page.sha256]}; built once")
            continue
        seen[page.sha256] = path.name
        result.warnings.extend(f"{page.source}: {w}" for w in page.warnings)
        pages.append(page)
    return pages


def render_outputs(pages: list[Page], config: Config) -> dict[str, bytes]:
    """Every file of the site, by path relative to the site root."""
    outputs = exports.render_exports(pages)
    try:
        from .site import render_site
    except ImportError:  # the site renderer is optional while it is being built
        return outputs
    outputs.update(render_site(pages, config))
    return outputs


def enrich(pages: list[Page], config: Config) -> list[Page]:
    try:
        from .enrich import enrich_pages
    except ImportError:
        return pages
    return enrich_pages(pages, config)


def build(config: Config, seeds_dir: Path | None = None, out_dir: Path | None = None) -> BuildResult:
    started = time.perf_counter()
    seeds_dir = seeds_dir or config.path("seeds")
    out_dir = out_dir or config.path("out")
    result = BuildResult()
    pages = enrich(read_pages(seeds_dir, result), config)
    result.pages = pages
    outputs = render_outputs(pages, config)
    write_site(outputs, out_dir)
    result.files_written = len(outputs)
    result.seconds = time.perf_counter() - started
    return result


def write_site(outputs: dict[str, bytes], out_dir: Path) -> None:
    """Write all outputs into a temporary folder, then swap it in for `out_dir`."""
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.new-", dir=out_dir.parent))
    try:
        for rel, content in sorted(outputs.items()):
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        old = None
        if out_dir.exists():
            old = out_dir.with_name(f".{out_dir.name}.old-{os.getpid()}")
            out_dir.rename(old)
        staging.rename(out_dir)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
