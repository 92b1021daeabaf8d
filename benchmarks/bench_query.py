"""Benchmark the query layer on 10,000 synthetic records (a script, not a test).

    python benchmarks/bench_query.py [--records 10000] [--repeat 30] [--cold 15]

1. Generates synthetic records by varying the real ones (new ids, titles, years and ranges; the
   real record's facets with one value swapped in 30% of the records; its summary plus filler
   words; its laws), so filters and words match about the same share of records as in the real
   catalog, and loads them with ``catalog.store.db.load``.
2. Times typical searches through the Python API: median per search (target < 5 ms).
3. Times a cold ``catalog search`` subprocess (target < 300 ms) against ``python -c pass``
   measured in the same run, and prints the ratios: first with the package as found (where
   PYTHONDONTWRITEBYTECODE=1 every run compiles it from source), then with its bytecode
   compiled as ``pip install`` leaves it (the __pycache__ directories made are removed again).

Figures depend on the machine; compare the ratios against the baseline printed alongside.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FILLER = [f"w{i:04d}" for i in range(3000)]
DATASETS = ["C4", "The Pile", "MassiveText", "JFT-300M", "ImageNet", "WebText2", "RedPajama", "Dolma", "LAION",
            "GitHub", "Wikipedia", "MMLU", "GSM8K", "WMT19", "OpenWebText", "CommonCrawl"]

TYPICAL = [
    ("modality vision", dict(modality="vision")),
    ("variable experts (laws)", dict(variable="experts")),
    ("vision laws on compute", dict(modality="vision", variable="compute")),
    ("analysis code released", dict(analysis_code=True)),
    ("text 'quantization'", dict(text="quantization")),
    ("covers N=70B", dict(covers="N=70B")),
    ("sparsity, constants, 2022-", dict(category="sparsity", has_constants=True, year="2022-")),
    ("dataset C4 + year 2020", dict(dataset="C4", year=2020)),
    ("text + modality", dict(text="optimal tokens", modality="language")),
    ("architecture moe, task lm", dict(architecture="moe", task="language generation")),
]


def synthetic(n: int, seed: int = 7):
    from catalog import records, reference, vocab
    from catalog.schema import Paper

    templates = [p.model_dump(mode="python") for p in records.load_valid(None)]
    rng = random.Random(seed)
    modalities, categories = list(vocab.MODALITIES), list(vocab.CATEGORIES)
    tasks, architectures = list(vocab.TASKS), list(vocab.ARCHITECTURES)
    out = []
    for i in range(n):
        doc = dict(templates[i % len(templates)])
        pid = f"syn{i:05d}"
        doc["id"] = pid
        bib = dict(doc["bibliography"])
        # a venue naming its year (ICLR 2022) fixes the record's year: only the others vary
        year = bib["year"] if reference.VENUE_YEAR.search(bib.get("venue") or "") else rng.randint(2015, 2025)
        bib.update(title=f"{bib['title']} {rng.choice(FILLER)}", year=year,
                   bibtex_key=pid, arxiv=None, doi=None, survey_citation=None)
        doc["bibliography"] = bib
        doc["survey"] = None
        # text and facets follow the real catalog (each synthetic record varies one real record), so
        # a filter or a word matches about the same share of records as it does in the real catalog
        doc["summary"] = " ".join([doc.get("summary") or "", *rng.choices(FILLER, k=20)])
        for name, pool in (("modalities", modalities), ("categories", categories), ("tasks", tasks),
                           ("architectures", architectures), ("datasets", DATASETS)):
            values = list(doc.get(name) or [])
            if rng.random() < 0.3:  # swap in one random value
                values = values[1:] + [rng.choice(pool)]
            doc[name] = list(dict.fromkeys(values))
        low = 10 ** rng.uniform(6, 10)
        doc["model_range"] = {"printed": None, "min": low, "max": low * 10 ** rng.uniform(0.5, 3), "unit": "parameters"}
        doc["data_range"] = {"printed": None, "min": 10 ** rng.uniform(8, 11), "max": 10 ** rng.uniform(11, 13),
                             "unit": "tokens"}
        doc["reproducibility"] = {"training_code": rng.random() < 0.35, "analysis_code": rng.random() < 0.4}
        doc["relations"] = []
        doc["errata"] = []
        out.append(Paper.model_validate(doc, strict=False))
    return out


def median_ms(fn, repeat: int) -> tuple[float, float]:
    """Median wall-clock and CPU milliseconds of ``fn()``. On a shared machine the wall clock
    includes waiting for a core; the CPU time is what the search itself costs."""
    wall, cpu = [], []
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def cold(cmd: list[str], runs: int) -> tuple[float, float]:
    """Median wall-clock and CPU (user + system) milliseconds of a fresh process."""
    wall, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        wall.append((time.perf_counter() - t0) * 1000)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--cold", type=int, default=15)
    parser.add_argument("--reuse", type=Path, default=None, metavar="FILE",
                        help="Keep the synthetic database in FILE and reuse it when it exists (skips generation).")
    args = parser.parse_args()

    from catalog.store import db
    from catalog.store.query import Catalog

    workdir = Path(tempfile.mkdtemp(prefix="bench-query-"))
    try:
        path = args.reuse or workdir / "catalog.sqlite"
        url = f"sqlite:///{path}"
        if args.reuse and path.exists():
            print(f"synthetic records: reusing {path}")
        else:
            t0 = time.perf_counter()
            papers = synthetic(args.records)
            t1 = time.perf_counter()
            db.load(papers, url)
            t2 = time.perf_counter()
            laws = sum(len(p.laws) for p in papers)
            print(f"synthetic records: {len(papers)} papers, {laws} laws "
                  f"(generated in {t1 - t0:.1f} s, loaded in {t2 - t1:.1f} s)", flush=True)
        print(f"\nAPI search on {args.records} records, median of {args.repeat} runs, wall / CPU ms "
              f"(target < 5 ms):")
        print(f"  {'search':<30} {'page of 20 + total':>19} {'all hits':>17}   {'papers':>6} {'laws':>6}")
        page_wall, page_cpu, all_wall, all_cpu = [], [], [], []
        with Catalog(url) as cat:
            for label, filters in TYPICAL:
                hits = cat.search(**filters)
                pw, pc = median_ms(lambda: cat.search(limit=20, **filters), args.repeat)
                aw, ac = median_ms(lambda: cat.search(**filters), max(3, args.repeat // 3))
                page_wall.append(pw), page_cpu.append(pc), all_wall.append(aw), all_cpu.append(ac)
                print(f"  {label:<30} {pw:8.2f} / {pc:6.2f}  {aw:7.1f} / {ac:6.1f}   {len(hits):6d} {len(hits.laws):6d}",
                      flush=True)
        med = statistics.median
        print(f"  {'median over searches':<30} {med(page_wall):8.2f} / {med(page_cpu):6.2f}  "
              f"{med(all_wall):7.1f} / {med(all_cpu):6.1f}")
        verdict = "OK" if med(page_cpu) < 5 else "OVER TARGET"
        print(f"  target < 5 ms for a page of 20 with the total count: {verdict} (CPU median {med(page_cpu):.2f} ms)")

        # the catalog beside this interpreter (a venv's bin/ need not be on PATH)
        catalog_bin = shutil.which("catalog", path=str(Path(sys.executable).parent)) or shutil.which("catalog") or "catalog"
        baseline = cold([sys.executable, "-c", "pass"], args.cold)
        commands = [
            ('python -c "import click"', [sys.executable, "-c", "import click"]),
            ("catalog --help", [catalog_bin, "--help"]),
            ("catalog search -v experts --laws --json", [catalog_bin, "search", "--db", url, "-v", "experts", "--laws",
                                                       "--limit", "20", "--json"]),
            ("catalog search -m vision -v compute --limit 20", [catalog_bin, "search", "--db", url, "-m", "vision", "-v",
                                                                "compute", "--limit", "20"]),
            ("catalog search quantization --limit 20", [catalog_bin, "search", "--db", url, "quantization", "--limit",
                                                        "20"]),
        ]
        package = ROOT / "catalog"
        had_bytecode = {d for d in package.rglob("__pycache__")}
        try:
            for bytecode in (False, True):
                if bytecode:  # as after 'pip install', which compiles the package
                    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)
                    state = "with the package's bytecode compiled"
                else:
                    state = ("without bytecode (PYTHONDONTWRITEBYTECODE=1: compiled from source every run)"
                             if os.environ.get("PYTHONDONTWRITEBYTECODE") and not had_bytecode
                             else "as the package is (bytecode as found)")
                print(f"\ncold subprocess {state}; median of {args.cold} runs, wall / CPU ms "
                      f"(target < 300 ms for catalog search):")
                print(f"  {'python -c pass (baseline)':<48} {baseline[0]:7.1f} / {baseline[1]:6.1f}   1.00x / 1.00x")
                for label, cmd in commands:
                    wall, cpu = cold(cmd, args.cold)
                    verdict = ""
                    if label.startswith("catalog search"):
                        verdict = "  OK" if cpu < 300 else "  OVER TARGET"
                    print(f"  {label:<48} {wall:7.1f} / {cpu:6.1f}  {wall / baseline[0]:5.2f}x / "
                          f"{cpu / baseline[1]:5.2f}x{verdict}", flush=True)
        finally:
            for d in set(package.rglob("__pycache__")) - had_bytecode:  # leave the tree as found
                shutil.rmtree(d, ignore_errors=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
