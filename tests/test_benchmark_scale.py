"""The archive-scale benchmark (benchmarks/scale.py) keeps every run's files."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _scale():
    spec = importlib.util.spec_from_file_location("benchmark_scale", ROOT / "benchmarks" / "scale.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_a_later_run_on_the_same_day_writes_beside_the_earlier_ones(tmp_path):
    stem = _scale().results_stem
    assert stem(tmp_path, "2026-12-04") == tmp_path / "scale-2026-12-04"
    (tmp_path / "scale-2026-12-04.md").write_text("first run")
    assert stem(tmp_path, "2026-12-04") == tmp_path / "scale-2026-12-04-2"
    (tmp_path / "scale-2026-12-04-2.log").write_text("a run that stopped before its table")
    assert stem(tmp_path, "2026-12-04") == tmp_path / "scale-2026-12-04-3"
    assert stem(tmp_path, "2026-12-05") == tmp_path / "scale-2026-12-05"
