"""A copy of the project in a temporary folder, for tests that build, rebuild and serve it."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import ROOT, SEEDS

SEED_NAMES = sorted(p.name for p in SEEDS.glob("*.txt"))


def make_project(tmp: Path, seeds: list[str] = SEED_NAMES) -> Path:
    """site.yaml, about.md, templates, static and the named demo seeds, copied into `tmp`; its cache and site are its own."""
    for name in ("site.yaml", "about.md"):
        shutil.copy(ROOT / name, tmp / name)
    for name in ("templates", "static"):
        shutil.copytree(ROOT / name, tmp / name)
    (tmp / "seeds").mkdir()
    for name in seeds:
        shutil.copy(SEEDS / name, tmp / "seeds" / name)
    return tmp
