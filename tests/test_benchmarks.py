"""The benchmark scripts run on the current catalog (a smoke run with few points: no timing is
asserted here; the scripts print their own ratios against a floor measured in the same run)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_engine_benchmark_runs_on_implicit_and_explicit_laws():
    """An implicit law (schaeffer2025: -log(P) - a k^-b = 0) has no expression to substitute
    into for the subs/evalf comparison; the script used to stop there with a TypeError. So it did
    on a law over a defined symbol (ludziejewski2025's Ehat), substituting the inputs alone."""
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_engine.py"), "--points", "50",
                          "--repeat", "1", "--sympy-sample", "2", "--law", "schaeffer2025/aggregate-power-law",
                          "--law", "hoffmann2022/parametric-loss", "--law", "roberts2026",
                          "--law", "ludziejewski2025/joint-moe-loss"],
                         capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert out.returncode == 0, out.stderr
    rows = {line.split()[0]: line for line in out.stdout.splitlines() if "/" in line.split(" ")[0]}
    assert "schaeffer2025/aggregate-power-law" in rows and "hoffmann2022/parametric-loss" in rows
    assert "ludziejewski2025/joint-moe-loss" in rows
    assert rows["schaeffer2025/aggregate-power-law"].split()[-3:-1] == ["-", "-"]  # no sympy timing


def test_many_sets_benchmark_runs():
    out = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "bench_many.py"), "--size", "50", "--repeat", "1"],
                         capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert out.returncode == 0, out.stderr
    assert [line.split("  ")[0] for line in out.stdout.splitlines()[1:]] == [
        "show (render_law)", "predict --all-sets", "eval --all-sets", "check values", "compare page data"]
