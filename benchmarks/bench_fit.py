"""Benchmark `catalog fit` with its default options (a script, not a test).

    python benchmarks/bench_fit.py [--repeat 1]

Fits Besiroglu et al.'s (2024) 240 released Chinchilla runs (tests/data/, the five highest-loss
runs dropped as in their notebook) to the besiroglu2024 parametric loss through the command line,
as a user would: a fresh ``catalog fit`` process with the default options (64 refined starts
from a screened grid, Huber in log space, 200 bootstrap resamples). Prints the wall time
against the 15 s target and against ``python -c "import scipy.optimize"`` (the floor of any
process that fits), and the fitted constants next to the published refit.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_SECONDS = 15.0
PUBLISHED = {"E": 1.8172, "A": 482.01, "B": 2085.43, "alpha": 0.3478, "beta": 0.3658}


def wall(command: list[str], env: dict) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    done.cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)  # type: ignore[attr-defined]
    return time.perf_counter() - start, done


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args(argv)

    from catalog import records
    from catalog.store import db
    from tests.test_fit_reproduction import released_runs

    runs = released_runs()
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'catalog.sqlite'}"
        db.load(records.load_valid(None), url)
        path = Path(tmp) / "runs.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(["N", "D", "L"])
            writer.writerows(zip(*(runs[k].tolist() for k in ("N", "D", "L"))))
        env = {**os.environ, "CATALOG_DB": url}
        catalog = str(Path(sys.executable).with_name("catalog"))
        floor = min(wall([sys.executable, "-c", "import scipy.optimize"], env)[0] for _ in range(3))
        times, cpus, result = [], [], None
        for _ in range(args.repeat):
            seconds, done = wall([catalog, "fit", "besiroglu2024", str(path), "--json"], env)
            if done.returncode != 0:
                print(done.stderr, file=sys.stderr)
                return 1
            times.append(seconds)
            cpus.append(done.cpu)
            result = json.loads(done.stdout)
    best = min(times)
    print(f"catalog fit, {result['points']} points, {result['restarts']} starts, {result['bootstrap']} bootstrap "
          f"resamples (defaults): {best:.2f} s wall, {min(cpus):.2f} s CPU (target < {TARGET_SECONDS:g} s: "
          f"{'ok' if best < TARGET_SECONDS else 'MISSED'} on the wall clock, "
          f"{'ok' if min(cpus) < TARGET_SECONDS else 'MISSED'} in CPU time)")
    print(f"  floor: python -c 'import scipy.optimize' {floor:.2f} s; ratio {best / floor:.1f}x")
    print(f"  {'':6} {'fitted':>12} {'published':>10} {'bootstrap 95%':>26}")
    for name, value in result["values"].items():
        low, high = result["intervals"].get(name, (float("nan"), float("nan")))
        print(f"  {name:6} {value:12.6g} {PUBLISHED[name]:10.6g}   [{low:.5g}, {high:.5g}]")
    return 0 if best < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
