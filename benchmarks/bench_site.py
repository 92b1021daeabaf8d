"""Site build time per page, against mkdocs-material's floor measured in the same run.

Run: python benchmarks/bench_site.py
Builds the real catalog's site into a temporary directory (phases: read, formulas, downloads,
render, mkdocs) and, as the baseline, an mkdocs-material site with the same theme, plugins and
number of pages but one line of text per page. The ratio says how much the catalog's pages
cost beyond what mkdocs-material needs for any page.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

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


def main() -> None:
    papers = records.load_valid()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        url = f"sqlite:///{tmp / 'catalog.sqlite'}"
        db.load(papers, url)
        report = build_site(url, tmp / "site")
        base = floor(report.pages, tmp / "floor")
    print(f"{report.pages} pages ({report.papers} papers, {report.laws} laws)")
    for phase, seconds in report.timings.items():
        print(f"  {phase:<12} {seconds:6.2f} s")
    print(f"  {'total':<12} {report.seconds:6.2f} s = {1000 * report.seconds_per_page:.1f} ms/page")
    print(f"baseline: mkdocs-material, {report.pages} one-line pages: {base:.2f} s = {1000 * base / report.pages:.1f} ms/page")
    print(f"ratio: site build / baseline = {report.seconds / base:.2f}; mkdocs phase / baseline = "
          f"{report.timings['mkdocs'] / base:.2f}")


if __name__ == "__main__":
    main()
