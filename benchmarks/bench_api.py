"""Cold start of the Python API (a script, not a test): fresh processes running a notebook's first
lines, each against a floor measured in the same run.

    python benchmarks/bench_api.py [--runs 7]

``catalog.open()`` alone is held against ``python -c pass`` (it reads nothing yet); a first law
evaluated, a paper read and a search against ``python -c "import numpy"`` (evaluating imports
numpy). Each row prints the median CPU time (user + system) and the modules it imported that a
read of a SQLite catalog does not need (SQLAlchemy, SQLModel: the server databases' path).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_cli import ONE_THREAD, cold  # noqa: E402

SNIPPETS = [
    # (label, code after 'import catalog; cat = catalog.open(URL)', floor)
    ("open", "", "pass"),
    ("law eval", "cat.law('hoffmann2022')(N=7e10, D=1.4e12)", "numpy"),
    ("paper", "cat.paper('chinchilla').bibliography.title", "pass"),
    ("search", "cat.search(variable='compute').ids()", "pass"),
    ("predict", "cat.predict(N='70B', D='1.4T')", "numpy"),
]
HEAVY = ("sqlalchemy", "sqlmodel", "scipy")


def imported(code: str) -> list[str]:
    out = subprocess.run([sys.executable, "-c", f"{code}\nimport sys; print(' '.join(sorted(sys.modules)))"],
                         capture_output=True, text=True, cwd=ROOT, env=ONE_THREAD, check=True)
    names = set(out.stdout.split())
    return [name for name in HEAVY if name in names]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    from catalog import records
    from catalog.store import db

    work = Path(tempfile.mkdtemp(prefix="bench-api-"))
    try:
        url = f"sqlite:///{work / 'catalog.sqlite'}"
        db.load(records.load_valid(None), url)
        floors = {"pass": cold([sys.executable, "-c", "pass"], args.runs)[0],
                  "numpy": cold([sys.executable, "-c", "import numpy"], args.runs)[0]}
        for name, cpu in floors.items():
            print(f"floor: python -c {name!r}: CPU {1000 * cpu:.0f} ms (median)")
        print(f"{'snippet':<10} {'CPU ms':>8} {'ratio':>7}  floor   imported")
        for label, code, floor in SNIPPETS:
            full = f"import catalog; cat = catalog.open({url!r}); {code}"
            cpu, _ = cold([sys.executable, "-c", full], args.runs)
            print(f"{label:<10} {1000 * cpu:8.0f} {cpu / floors[floor]:6.2f}x  {floor:<6}  "
                  f"{', '.join(imported(full)) or '-'}", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
