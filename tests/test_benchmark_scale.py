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


def _runs(scale, *seconds):
    return [scale.Run(s, 100.0, 0, pss_mb=80.0) for s in seconds]


def _cells(row: str) -> list[str]:
    return [c.strip() for c in row.strip().strip("|").split("|")]


def test_the_table_reports_a_days_pages_added_at_once_beside_one_page():
    scale = _scale()
    small = scale.SizeResult(100, articles=600, cold=_runs(scale, 6.0, 5.0, 7.0), nochange=_runs(scale, 0.3, 0.2, 0.4),
                             addone=_runs(scale, 9.0, 2.0, 2.2), addday=_runs(scale, 3.1, 2.9, 3.5), day_pages=8)
    large = scale.SizeResult(1000, articles=6000, cold=_runs(scale, 50.0), nochange=_runs(scale, 0.5, 0.4, 0.6),
                             addone=_runs(scale, 20.0, 4.0, 4.4))  # no day measured (`--day-pages 0`)
    lines = scale.table([small, large], extrapolated=[5000]).splitlines()
    head = _cells(lines[0])
    assert head[4] == "add-a-day (8 pages) s"
    rows = {cells[0]: cells for cells in map(_cells, lines[2:5])}
    assert rows["100 (600)"][3:5] == ["2.20", "3.10"]  # medians: add-one, add-a-day
    assert rows["1,000 (6,000)"][4] == "–"
    assert len(rows["5,000 *extrapolated*"]) == len(head)  # every column, the day's included
    growth = next(line for line in lines if line.startswith("| add-a-day rebuild"))
    assert _cells(growth)[2] == "31.0 ms"  # per page at 100: 3.1 s / 100
