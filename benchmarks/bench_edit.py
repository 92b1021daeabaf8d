"""The contributor's edit-rebuild loop: fresh ``catalog validate``, ``catalog load`` and ``catalog
build`` processes after one record was edited, against ``python -c "import numpy"`` measured in
the same run (a script, not a test).

    python benchmarks/bench_edit.py [--runs 5] [--build-runs 3] [--only validate load build]

(``PYTHONPATH=DIR`` times the package in DIR instead of this checkout's, e.g. another version's.)

On a copy of the real catalog's records (``CATALOG_DATA_DIR``), with a cache directory of its own
(``CATALOG_CACHE_DIR``), each command runs once with that cache empty (a first run, or one after
the code changed), then ``--runs`` times each after appending a comment line to another record
(the everyday loop: one record's text changed). Prints the median CPU time (user + system, what
the process itself costs on a shared machine) and the best wall time of each, and their ratios
to the floor's.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def cpu_and_wall(cmd: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float, int]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    code = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=cwd).returncode
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), wall, code


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5, help="Edited runs of validate and load.")
    ap.add_argument("--build-runs", type=int, default=3, help="Edited runs of build (it builds the site too).")
    ap.add_argument("--only", nargs="*", choices=["validate", "load", "build"], default=["validate", "load", "build"])
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-edit-"))
    try:
        records = work / "records"
        shutil.copytree(ROOT / "data" / "papers", records)
        files = sorted(records.glob("*.yaml"))
        env = {**os.environ, **ONE_THREAD, "CATALOG_DATA_DIR": str(records), "CATALOG_CACHE_DIR": str(work / "cache")}
        env.pop("CATALOG_DATA_DIRS", None)
        env.setdefault("PYTHONPATH", str(ROOT))  # this checkout's package, unless another is named
        floor = [cpu_and_wall([sys.executable, "-c", "import numpy"], env, work) for _ in range(7)]
        floor_cpu, floor_wall = statistics.median(c for c, _, _ in floor), min(w for _, w, _ in floor)
        print(f"floor: python -c 'import numpy': CPU {1000 * floor_cpu:.0f} ms (median), wall {1000 * floor_wall:.0f} ms "
              f"(best); load average {os.getloadavg()[0]:.1f}")
        commands = {
            "validate": ["validate"],
            "load": ["load", "--db", str(work / "catalog.sqlite")],
            "build": ["build", "--db", str(work / "catalog.sqlite"), "--output", str(work / "site")],
        }
        edited = 0
        failed = False
        for label in args.only:
            # -P: the package PYTHONPATH names (another version's, to compare), not the checkout's
            # the working directory would put first; the checkout still gives the site's sources
            cmd = [sys.executable, "-P", "-m", "catalog", *commands[label]]
            shutil.rmtree(work / "cache", ignore_errors=True)
            cold, cold_wall, code = cpu_and_wall(cmd, env, ROOT)
            failed |= code != 0
            samples = []
            for _ in range(args.build_runs if label == "build" else args.runs):
                path = files[edited % len(files)]
                edited += 1
                with path.open("a", encoding="utf-8") as handle:
                    handle.write(f"# edited {edited}\n")
                cpu, wall, code = cpu_and_wall(cmd, env, ROOT)
                failed |= code != 0
                samples.append((cpu, wall))
            cpu = statistics.median(c for c, _ in samples)
            wall = min(w for _, w in samples)
            print(f"{label:<9} empty cache: CPU {cold:6.2f} s ({cold / floor_cpu:5.1f}x floor) | one record edited: "
                  f"CPU {cpu:6.2f} s ({cpu / floor_cpu:5.1f}x floor, median of {len(samples)}), wall {wall:6.2f} s "
                  f"({wall / floor_wall:5.1f}x floor, best) | load average {os.getloadavg()[0]:.1f}", flush=True)
        if failed:
            print("a command failed", file=sys.stderr)
        return 1 if failed else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
