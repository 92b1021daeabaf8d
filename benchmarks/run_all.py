"""Every benchmark in one run: validate+load (real catalog and synthetic records, against libyaml
parsing the same files; peak memory of a 50,000-record load), fresh validate/load/build after one
record was edited (the cache of records found valid), search latency (warm API and cold
CLI, against `python -c pass`), cold eval/show/search/solve/optimal (against `python -c "import
numpy"`, on the real catalog and with 3,000 and 10,000 extra records), one law of thousands of constant sets
or check values (show, predict and eval --all-sets, validation: at 4x the size against 4x the time), show --pretty and the form
table with the cache of printed forms cold, warm and unusable (against the same commands without
formulas), eval throughput (engine against hand-written numpy and sympy subs/evalf), `catalog fit`
with its defaults on 240 real runs (against the 15 s target), site build time per page (against
mkdocs-material's floor, and at 1,000 extra records against the real catalog's), and the time
until the built site's search answers (against a one-document index; needs `catalog site build`
first and Debian's chromium), a notebook's first calls (catalog.open(), a law, a paper, a search,
a predict: against `python -c pass` or `import numpy`), and the peak memory of load, build, site
build and a notebook's predict (against `import numpy, sympy, pydantic`). Each ratio's baseline
is measured in the same run.

Run: python benchmarks/run_all.py [--records 10000] [--memory 50000] [--quick]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run(title: str, script: str, *args: str) -> int:
    print(f"\n=== {title}: python benchmarks/{script} {' '.join(args)}", flush=True)
    start = time.perf_counter()
    code = subprocess.call([sys.executable, str(HERE / script), *args], cwd=HERE.parent)
    print(f"--- {script} finished in {time.perf_counter() - start:.1f} s (exit {code})", flush=True)
    return code


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000, help="Synthetic records for load and search.")
    parser.add_argument("--memory", type=int, default=50_000, help="Records for the peak-memory load (0: skip).")
    parser.add_argument("--quick", action="store_true", help="Smaller sizes, for a smoke run.")
    args = parser.parse_args()
    records = str(1000 if args.quick else args.records)
    memory = str(2000 if args.quick else args.memory)
    codes = [
        run("validate + load", "bench_load.py", "--count", records, "--memory", memory),
        run("edit-rebuild loop", "bench_edit.py", *(["--runs", "2", "--build-runs", "1"] if args.quick else [])),
        run("cold commands", "bench_cli.py", *(["--extra", "1000", "--runs", "3"] if args.quick else [])),
        run("printed forms", "bench_forms.py", *(["--runs", "2"] if args.quick else [])),
        run("search", "bench_query.py", "--records", records, *(["--repeat", "5", "--cold", "3"] if args.quick else [])),
        run("one law of thousands of sets or checks", "bench_many.py", *(["--size", "300", "--repeat", "1"] if args.quick else [])),
        run("evaluate", "bench_engine.py", *(["--points", "100000", "--repeat", "2"] if args.quick else [])),
        run("fit", "bench_fit.py"),
        run("site build", "bench_site.py", *(["--synthetic", "200"] if args.quick else [])),
        run("site search", "bench_search.py", *(["--repeat", "1"] if args.quick else [])),
        run("Python API cold start", "bench_api.py", *(["--runs", "3"] if args.quick else [])),
        run("peak memory", "bench_memory.py", *(["--runs", "1"] if args.quick else [])),
    ]
    return max(codes)


if __name__ == "__main__":
    sys.exit(main())
