"""Peak memory (resident set) of the commands that read or write the whole catalog, each a fresh
process, against ``python -c "import numpy, sympy, pydantic"`` (the libraries they import, their
floor) measured in the same run (a script, not a test).

    python benchmarks/bench_memory.py [--runs 3] [--only load build site predict] [--top 0 --trace site]

On the real catalog's records, with a database, site and cache directory of its own
(``CATALOG_CACHE_DIR``): ``catalog load``, ``catalog build`` (validate, load, site),
``catalog site build --no-cache`` and a notebook's ``catalog.open(URL).predict(N="70B", D="1.4T")``.
Each row prints the median peak RSS (``ru_maxrss`` of the process, from ``os.wait4``), what it
holds above the floor, and the ratio. ``--top N`` then runs ``catalog load`` (``--trace load``) or
the site build (``--trace site``) in this process under tracemalloc and prints the N lines holding
most memory when it ends, and the traced peak (where to look for waste).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_edit import ONE_THREAD  # noqa: E402

FLOOR = "import numpy, sympy, pydantic"


def peak_mb(cmd: list[str], env: dict[str, str]) -> tuple[float, int]:
    """The peak resident set of the process ``cmd`` (MB) and its exit code."""
    process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=ROOT)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_maxrss / 1024, process.returncode  # kilobytes on Linux


def median_peak(cmd: list[str], env: dict[str, str], runs: int) -> float:
    peaks = []
    for _ in range(runs):
        peak, code = peak_mb(cmd, env)
        if code != 0:
            raise SystemExit(f"{' '.join(cmd)} exited {code}")
        peaks.append(peak)
    return statistics.median(peaks)


def top(limit: int, env: dict[str, str], what: str, work: Path) -> None:
    """``catalog load`` or the site build under tracemalloc in this process: the lines holding most
    when it ends (what it kept) and its traced peak."""
    import tracemalloc

    os.environ.update(env)
    from catalog import records
    from catalog.site.build import build_site
    from catalog.store import db

    tracemalloc.start(8)
    if what == "load":
        db.load(records.iter_valid(None), env["CATALOG_DB"])
    else:
        build_site(env["CATALOG_DB"], work / "traced-site", cache=False)
    snapshot = tracemalloc.take_snapshot()
    current, peak = tracemalloc.get_traced_memory()
    print(f"\ntracemalloc, {what} in this process: peak {peak / 2**20:.1f} MB, held at the end {current / 2**20:.1f} MB")
    for stat in snapshot.statistics("traceback")[:limit]:
        print(f"{stat.size / 2**20:8.2f} MB {stat.count:8d} blocks  {stat.traceback.format()[-1].strip()}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--only", nargs="*", choices=["load", "build", "site", "predict"],
                    default=["load", "build", "site", "predict"])
    ap.add_argument("--top", type=int, default=0, help="Lines of tracemalloc's statistics to print.")
    ap.add_argument("--trace", choices=["load", "site"], default="load", help="What --top traces.")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-memory-"))
    try:
        database = work / "catalog.sqlite"
        url = f"sqlite:///{database}"
        env = {**os.environ, **ONE_THREAD, "CATALOG_CACHE_DIR": str(work / "cache"), "CATALOG_DB": url}
        env.pop("CATALOG_DATA_DIRS", None)
        env.setdefault("PYTHONPATH", str(ROOT))
        catalog = [sys.executable, "-P", "-m", "catalog"]
        commands = {
            "load": [*catalog, "load", "--db", url],
            "build": [*catalog, "build", "--db", url, "--output", str(work / "site")],
            "site": [*catalog, "site", "build", "--no-cache", "--db", url, "--output", str(work / "site")],
            "predict": [sys.executable, "-c", f"import catalog; catalog.open({url!r}).predict(N='70B', D='1.4T')"],
        }
        subprocess.run(commands["load"], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)  # the database
        floor = median_peak([sys.executable, "-c", FLOOR], env, args.runs)
        print(f"floor: python -c {FLOOR!r}: peak RSS {floor:.0f} MB (median of {args.runs})")
        print(f"{'command':<10} {'peak MB':>8} {'above floor':>12} {'ratio':>7}")
        for label in args.only:
            peak = median_peak(commands[label], env, args.runs)
            print(f"{label:<10} {peak:8.0f} {peak - floor:12.0f} {peak / floor:6.2f}x", flush=True)
        if args.top:
            top(args.top, env, args.trace, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
