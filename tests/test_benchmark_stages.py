"""The stage timer (benchmarks/stages.py): it names stages the build really runs, and reports their times."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_stage_timer_reports_the_time_of_every_stage_of_a_build(tmp_path):
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "stages.py"), "build", "--seeds", str(ROOT / "seeds"),
         "--out", str(tmp_path / "site"), "--cache", str(tmp_path / "cache"), "--config", str(ROOT / "site.yaml")],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "site" / "index.html").is_file()  # the build itself was done
    report = done.stderr.split("stage seconds", 1)[1]
    times = {name: float(seconds) for seconds, name in re.findall(r"^\s+([0-9.]+)\s+(\S+)$", report, re.M)}
    # every stage it times, by name: a stage renamed in the pipeline fails here, not in a benchmark run
    from importlib.util import module_from_spec, spec_from_file_location

    spec = spec_from_file_location("benchmark_stages", ROOT / "benchmarks" / "stages.py")
    stages = module_from_spec(spec)
    spec.loader.exec_module(stages)
    assert set(times) == {attribute for _, attribute in stages.STAGES} | {"imports"}
    # a first build parses the seeds, renders and writes: those stages took time
    for stage in ("load_pages", "render_shared", "build_archive", "SiteRenderer.plan", "search_files"):
        assert times[stage] > 0, stage
    assert times["build_archive"] >= times["_pick_related"]  # nested stages count in their callers
