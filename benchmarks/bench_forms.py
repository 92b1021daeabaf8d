"""The commands that print formulas with sympy -- ``show --pretty`` and a custom table's form column
over every law -- with the cache of printed forms (catalog/formcache.py) cold, warm and unusable,
against ``python -c "import numpy"`` (a script, not a test).

    python benchmarks/bench_forms.py [--runs 5]

For each command, fresh ``catalog`` processes on the real catalog: *cold* (an empty cache: sympy
prints every form and the process writes them), *warm* (the cache filled by a cold run: no sympy),
and *no cache* (the cache directory is a file, so nothing is read or written: the cost before the
cache, plus computing the keys). Each is printed as the least and the median CPU time (user +
system) of ``--runs`` runs, the least against the floor's, measured in the same run, and against
the same command without formulas (``show`` of the paper, the table with the expression column):
the machine's load average is printed before and after. Targets: warm within 1.2x the command
without formulas; cold within 1.1x of no cache (writing the entries costs little).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_cli import cold  # noqa: E402  (after the path)

# (label, command, the same command printing no formula)
COMMANDS = [
    ("show --pretty", ["show", "hoffmann2022", "--pretty"], ["show", "hoffmann2022"]),
    ("table form", ["table", "--columns", "law,form"], ["table", "--columns", "law,expression"]),
    ("table form constants latex", ["table", "--columns", "law,form", "--constants", "default", "--format", "latex"],
     ["table", "--columns", "law,expression", "--constants", "default", "--format", "latex"]),
]


def cpu_times(cmd: list[str], runs: int, cache: Path, state: str) -> list[float]:
    """CPU seconds of ``runs`` fresh processes with the cache ``state``: cold, warm or none."""
    out = []
    for _ in range(runs):
        shutil.rmtree(cache, ignore_errors=True)
        if cache.exists():
            cache.unlink()
        if state == "none":
            cache.write_text("a file where the cache directory would be\n", encoding="utf-8")
        elif state == "warm":
            cold(cmd, 1, {"CATALOG_CACHE_DIR": str(cache)})
        out.append(cold(cmd, 1, {"CATALOG_CACHE_DIR": str(cache)})[0])
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()

    from catalog import records
    from catalog.store import db

    # this checkout's code (run from its root), whichever the installed ``catalog`` script imports
    catalog = [sys.executable, "-m", "catalog"]
    work = Path(tempfile.mkdtemp(prefix="bench-forms-"))
    failed = False
    try:
        url = f"sqlite:///{work / 'catalog.sqlite'}"
        db.load(records.load_valid(None), url)
        cache = work / "cache"
        floor = min(cpu_times([sys.executable, "-c", "import numpy"], args.runs, cache, "none"))
        print(f"load average {os.getloadavg()[0]:.2f}; floor: python -c 'import numpy': CPU {1000 * floor:.0f} ms (least)")
        print(f"{'command':<28} {'cache':<9} {'least ms':>9} {'median ms':>10} {'floor':>7} {'plain':>7}  target")
        for label, argv, plain_argv in COMMANDS:
            cmd = [*catalog, *argv, "--db", url]
            plain = min(cpu_times([*catalog, *plain_argv, "--db", url], args.runs, cache, "none"))
            print(f"{label:<28} {'(plain)':<9} {1000 * plain:9.0f} {'':>10} {plain / floor:6.2f}x {1:6.2f}x  "
                  f"{' '.join(plain_argv)}")
            least = {}
            for state in ("none", "cold", "warm"):
                times = cpu_times(cmd, args.runs, cache, state)
                least[state] = min(times)
                if state == "warm":
                    target, ok = "<= 1.2x plain", least[state] <= 1.2 * plain
                elif state == "cold":
                    target, ok = "<= 1.1x no cache", least[state] <= 1.1 * least["none"]
                else:
                    target, ok = "", True
                failed |= not ok
                verdict = (": ok" if ok else ": MISSED") if target else ""
                print(f"{label:<28} {state:<9} {1000 * least[state]:9.0f} {1000 * statistics.median(times):10.0f} "
                      f"{least[state] / floor:6.2f}x {least[state] / plain:6.2f}x  {target}{verdict}", flush=True)
        print(f"load average {os.getloadavg()[0]:.2f}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
