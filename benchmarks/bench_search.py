"""What the site's search index costs a reader, against the floor of an empty index measured in
the same run.

Run: python benchmarks/bench_search.py [--site site/build] [--repeat 3]

mkdocs-material's search worker fetches and indexes the whole index (search/search_index.json) on
every page load; until it has, the search box answers nothing. This opens pages of a built site
in headless chromium (Debian's /usr/bin/chromium), types a query at once and times the first
result, each page loaded ``--repeat`` times, served locally. The floor is the same site with an
index holding the site's configuration and one document (the query's page): the page, its
scripts and the worker without the catalog's text. The ratio is what the index adds (target: at
most 4x the floor). Exit status 1 when the target is missed.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import shutil
import socketserver
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["index.html", "laws/hoffmann2022/parametric-loss.html", "papers/index.html", "laws/kaplan2020/loss-n.html"]
QUERY = "chinchilla"
GOAL = 4.0


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def _serve(root: Path) -> socketserver.TCPServer:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def _floor_site(site: Path, into: Path) -> Path:
    """A copy of ``site`` whose index keeps one document: the page the query finds."""
    shutil.copytree(site, into)
    for name in ("search_index.json", "search_index.js"):
        path = into / "search" / name
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        prefix, _, body = text.partition("{") if name.endswith(".js") else ("", "", text[1:])
        index = json.loads("{" + body.rstrip().rstrip(";"))
        index["docs"] = [d for d in index["docs"] if d["location"] == "papers/hoffmann2022.html"][:1]
        path.write_text(prefix + json.dumps(index) + (";" if name.endswith(".js") and text.rstrip().endswith(";") else ""),
                        encoding="utf-8")
    return into


def _time_to_result(browser, base: str, path: str) -> float:
    context = browser.new_context()
    page = context.new_page()
    start = time.perf_counter()
    page.goto(base + path)
    box = page.locator("input.md-search__input")
    box.click()
    box.type(QUERY)
    page.wait_for_selector("li.md-search-result__item", timeout=120_000)
    elapsed = time.perf_counter() - start
    context.close()
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site" / "build", help="a built site (catalog site build)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pages", type=int, default=len(PAGES))
    args = parser.parse_args(argv)
    if not (args.site / "search" / "search_index.json").is_file():
        print(f"error: no built site at {args.site} (run catalog site build)", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    pages = PAGES[:args.pages]
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        floor_root = _floor_site(args.site, Path(tmp) / "floor")
        servers = {"catalog": _serve(args.site), "floor": _serve(floor_root)}
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox"])
        times: dict[str, list[float]] = {k: [] for k in servers}
        for _ in range(args.repeat):  # interleaved: both sides see the same load on a shared machine
            for path in pages:
                for name, server in servers.items():
                    base = f"http://127.0.0.1:{server.server_address[1]}/"
                    times[name].append(_time_to_result(browser, base, path))
        browser.close()
        for server in servers.values():
            server.shutdown()
            server.server_close()
    size = (args.site / "search" / "search_index.json").stat().st_size
    median = {k: statistics.median(v) for k, v in times.items()}
    ratio = median["catalog"] / median["floor"]
    print(f"search index {size / 1e6:.2f} MB; time from opening a page to the first result for {QUERY!r}, "
          f"median of {len(times['catalog'])} loads:")
    print(f"  catalog {median['catalog']:.3f} s   floor (one-document index) {median['floor']:.3f} s   "
          f"ratio {ratio:.2f}x (target at most {GOAL:g}x)")
    return 0 if ratio <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
