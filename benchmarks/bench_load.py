"""Validate+load throughput, against the time libyaml alone needs to parse the same files, and
the peak memory of a load of many records.

Run: python benchmarks/bench_load.py [--count 10000] [--memory 50000]
Prints one line per record set; ratios are measured in the same run, so they hold on any machine:

- load: writing already validated records into SQLite (Core executemany in batches), against
  the libyaml parse of the same files (target: within 3x);
- validate, and validate+load as ``catalog load`` does it (records streamed from validation
  into the database);
- check values: what ``catalog validate`` adds, every law evaluated at its reference point and
  at every check value (no target; the real catalog's 1,797 checks, the synthetic records have none);
- with ``--memory N``: the peak resident memory of ``catalog load`` on N synthetic records in a
  fresh process (target: under 500 MB at 50,000 records).
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import write  # noqa: E402
from catalog import records, validcache  # noqa: E402
from catalog.store import db  # noqa: E402

# every record validated and every check value evaluated, as on a first run or after the code
# changed: the cache of records found valid is not read or written here (bench_edit.py times the
# runs it serves)
validcache.read = lambda key, stem: None
validcache.keep = lambda *args: None
validcache.checks_passed = lambda key: False
validcache.keep_checks_passed = lambda key: None


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def libyaml_parse(paths):
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for p in paths:
        yaml.load(p.read_text(encoding="utf-8"), Loader=loader)


def measure(label, directory: Path, out: Path):
    paths = records.expand([directory])
    t_yaml, _ = timed(lambda: libyaml_parse(paths))
    t_validate, (papers, issues) = timed(lambda: records.load_all([directory]))
    assert not issues, issues[:3]
    t_load, _ = timed(lambda: db.load(papers, f"sqlite:///{out}"))
    t_checks, _ = timed(lambda: records.check_value_issues(papers, [directory]))
    del papers
    t_stream, _ = timed(lambda: db.load(records.iter_valid([directory]), f"sqlite:///{out}"))
    n = len(paths)
    print(f"{label:<22} {n:>6} files | libyaml parse {t_yaml:7.2f} s | load {t_load:6.2f} s "
          f"({t_load / t_yaml:4.1f}x libyaml; target < 3x) | validate {t_validate:7.2f} s ({t_validate / t_yaml:5.1f}x) | "
          f"validate+load streamed {t_stream:7.2f} s ({t_stream / t_yaml:5.1f}x libyaml) | "
          f"{1000 * t_stream / n:6.2f} ms/record | check values {t_checks:6.2f} s ({t_checks / t_yaml:5.1f}x libyaml)",
          flush=True)


def peak_memory(count: int, tmp: Path) -> None:
    directory = tmp / f"memory{count}"
    start = time.perf_counter()
    write(directory, count)
    made = time.perf_counter() - start
    catalog = str(Path(sys.executable).with_name("catalog"))
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    # a cache directory of its own: the records found valid are kept, as a first load keeps them
    done = subprocess.run([catalog, "load", str(directory), "--db", str(tmp / "memory.sqlite")],
                          capture_output=True, text=True,
                          env={**os.environ, "CATALOG_DATA_DIRS": "", "CATALOG_CACHE_DIR": str(tmp / "cache")})
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # KiB on Linux: the largest child so far
    assert done.returncode == 0, done.stderr[-2000:]
    note = "" if peak > before else " (at most; an earlier child was larger)"
    print(f"catalog load of {count} synthetic records (written in {made:.0f} s): {seconds:.1f} s, peak resident "
          f"memory {peak / 1024:.0f} MB{note} (target < 500 MB) = {1024 * peak / count / 1024:.1f} KB/record")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10000)
    parser.add_argument("--memory", type=int, default=0, help="Also measure the peak memory of loading this many records.")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        measure("real catalog", records.default_data_dir(), tmp / "real.sqlite")
        write(tmp / "synthetic", args.count)
        measure("synthetic", tmp / "synthetic", tmp / "synthetic.sqlite")
        if args.memory:
            peak_memory(args.memory, tmp)


if __name__ == "__main__":
    main()
