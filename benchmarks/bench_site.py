"""Site build time per page, against mkdocs-material's floor measured in the same run.

Run: python benchmarks/bench_site.py [--synthetic 1000]
Builds the real catalog's site into a temporary directory (phases: read, formulas, downloads,
render, mkdocs) and, as the baseline, an mkdocs-material site with the same theme, plugins and
number of pages but one line of text per page. The ratio says how much the catalog's pages
cost beyond what mkdocs-material needs for any page (target: within 3x).

Then builds it again with ``--synthetic`` synthetic records added (benchmarks/synthetic.py:
each with a law in N and D, so every one of them shares a variable with every other and with
Chinchilla's, the worst case for the compare page) and prints the per-page cost against the
real catalog's (target: at most 1.3x, i.e. linear in the pages).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import write  # noqa: E402
from catalog import db, records  # noqa: E402
from catalog.site.build import build_site, run_mkdocs  # noqa: E402


def floor(pages: int, base: Path) -> float:
    docs = base / "docs"
    docs.mkdir(parents=True)
    for i in range(pages):
        (docs / f"p{i}.md").write_text(f"# Page {i}\n\nOne line of text.\n", encoding="utf-8")
    (docs / "index.md").write_text("# Home\n", encoding="utf-8")
    config = base / "mkdocs.yml"
    config.write_text(
        f"site_name: floor\ndocs_dir: {docs}\nsite_dir: {base / 'out'}\nuse_directory_urls: false\n"
        "theme: {name: material, font: false}\nplugins: [search, offline]\n"
        "extra: {polyfills: [assets/shim.js]}\nnav: [index.md]\nvalidation: {nav: {omitted_files: ignore}}\n",
        encoding="utf-8")
    start = time.perf_counter()
    run_mkdocs(config)
    return time.perf_counter() - start


def build(label: str, dirs: list[Path], tmp: Path):
    papers = records.load_valid(dirs)
    url = f"sqlite:///{tmp / (label + '.sqlite')}"
    db.load(papers, url)
    del papers
    report = build_site(url, tmp / f"site-{label}", records_dir=dirs)
    base = floor(report.pages, tmp / f"floor-{label}")
    print(f"{label}: {report.pages} pages ({report.papers} papers, {report.laws} laws)")
    for phase, seconds in report.timings.items():
        print(f"  {phase:<12} {seconds:6.2f} s")
    print(f"  {'total':<12} {report.seconds:6.2f} s = {1000 * report.seconds_per_page:.1f} ms/page")
    print(f"  baseline: mkdocs-material, {report.pages} one-line pages: {base:.2f} s = "
          f"{1000 * base / report.pages:.1f} ms/page")
    print(f"  ratio: site build / baseline = {report.seconds / base:.2f}x (target < 3x); mkdocs phase / baseline = "
          f"{report.timings['mkdocs'] / base:.2f}x")
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", type=int, default=1000, help="Synthetic records added for the scaling run (0: none).")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        real = build("real catalog", [records.default_data_dir()], tmp)
        if args.synthetic:
            write(tmp / "synthetic", args.synthetic)
            big = build(f"real + {args.synthetic} synthetic",
                        [records.default_data_dir(), tmp / "synthetic"], tmp)
            ratio = big.seconds_per_page / real.seconds_per_page
            print(f"per-page cost, {big.pages} pages / {real.pages} pages: {1000 * big.seconds_per_page:.1f} / "
                  f"{1000 * real.seconds_per_page:.1f} ms = {ratio:.2f}x (target <= 1.3x: linear in pages)")


if __name__ == "__main__":
    main()
