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

A reader also pastes a paragraph (an abstract) into the box: the worker searches its first
``MAX_WORDS`` words and says so in the results' meta line. "Pasted paragraph" is the time from
that paste, on a page whose index is ready, to its answer in the meta line (against the same
paste on the floor: what the index adds to a long query; it was 6.4 s of a busy worker for 600
words before the query was cut).

A reader opens more than one page: a site whose index carries the build's word list
(``catalog.site.searchpack``) builds nothing on either page; one without (``--before`` a build of
another configuration) builds the whole index on each. "Second page" is the time to the first
result on another page in the same browsing context.

It also times the worker alone building its index in the page (the theme's setup message, the
fetched index, until the worker says it is ready), and prints the machine's load average, as
timings on a shared machine vary between runs. ``--before OTHER_SITE`` (a build of the code
before a change) is measured in the same run, interleaved with the others, and the after/before
ratios are printed beside each one's ratio to the floor.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import shutil
import socketserver
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PAGES = ["index.html", "laws/hoffmann2022/parametric-loss.html", "papers/index.html", "laws/kaplan2020/loss-n.html"]
QUERY = "chinchilla"
# a pasted abstract: some 600 words, far beyond the words searched (MAX_WORDS)
PASTED = "Chinchilla compute optimal " + ("We find that the loss of language models scales as a power law with "
                                          "model size dataset size and the amount of compute used for training ") * 25
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
        index["config"].pop("slc_pack", None)  # the build's word list is of the whole index
        path.write_text(prefix + json.dumps(index) + (";" if name.endswith(".js") and text.rstrip().endswith(";") else ""),
                        encoding="utf-8")
    return into


def _first_result(page, url: str) -> float:
    start = time.perf_counter()
    page.goto(url)
    box = page.locator("input.md-search__input")
    box.click()
    box.type(QUERY)
    page.wait_for_selector("li.md-search-result__item", timeout=120_000)
    return time.perf_counter() - start


def _time_to_paste_answer(browser, base: str, path: str) -> float:
    """From pasting :data:`PASTED` into the box of ``path``, once its index answers, to the
    answer's meta line."""
    context = browser.new_context()
    page = context.new_page()
    _first_result(page, base + path)
    box = page.locator("input.md-search__input")
    meta = "document.querySelector('.md-search-result__meta').textContent"
    box.fill("")
    page.wait_for_function(f"{meta}.includes('Type to start')")
    start = time.perf_counter()
    box.fill(PASTED)
    box.press("End")  # a key, as a paste by keyboard: the theme searches on keyup
    page.wait_for_function(f"!{meta}.includes('Type to start')", timeout=120_000, polling=10)
    elapsed = time.perf_counter() - start
    context.close()
    return elapsed


def _time_to_result(browser, base: str, path: str) -> float:
    context = browser.new_context()
    elapsed = _first_result(context.new_page(), base + path)
    context.close()
    return elapsed


def _time_to_result_second_page(browser, base: str, first: str, second: str) -> float:
    """The time to the first result on ``second``, opened after ``first`` in the same browsing
    context (as a reader does)."""
    context = browser.new_context()
    page = context.new_page()
    _first_result(page, base + first)
    elapsed = _first_result(page, base + second)
    context.close()
    return elapsed


# Posts the theme's setup message (as its bundle does, with the fetched index) to a new copy of the
# site's search worker and resolves with the milliseconds until the worker answers that it is ready
# (opened on the index file itself, so that no page's own worker builds its index meanwhile).
_BUILD_INDEX = """async () => {
  const base = new URL('..', location.href);  // the site's root: the page is the index itself
  const index = await (await fetch(new URL('search/search_index.json', base))).json();
  const worker = new Worker(new URL('assets/javascripts/workers/' + __WORKER__, base));
  const start = performance.now();
  return await new Promise(done => {
    worker.onmessage = e => { if (e.data.type === 1) { done(performance.now() - start); worker.terminate(); } };
    worker.postMessage({type: 0, data: {config: index.config, docs: index.docs, options: {suggest: false}}});
  });
}"""


def _index_build_time(browser, base: str, worker: str) -> float:
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + "search/search_index.json")  # a page of the site without the theme's own worker
    elapsed = page.evaluate(_BUILD_INDEX.replace("__WORKER__", json.dumps(worker))) / 1000
    context.close()
    return elapsed


def _worker_name(site: Path) -> str:
    return next((site / "assets" / "javascripts" / "workers").glob("search.*.min.js")).name


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site" / "build", help="a built site (catalog site build)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pages", type=int, default=len(PAGES))
    parser.add_argument("--before", type=Path, help="another build of the site (the code before a change), "
                        "measured in the same run")
    args = parser.parse_args(argv)
    sites = {"catalog": args.site, **({"before": args.before} if args.before else {})}
    for site in sites.values():
        if not (site / "search" / "search_index.json").is_file():
            print(f"error: no built site at {site} (run catalog site build)", file=sys.stderr)
            return 2
    from playwright.sync_api import sync_playwright

    pages = PAGES[:args.pages]
    load = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        roots = {**sites, "floor": _floor_site(args.site, Path(tmp) / "floor")}
        servers = {name: _serve(root) for name, root in roots.items()}
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox"])
        times: dict[str, list[float]] = {k: [] for k in servers}
        seconds: dict[str, list[float]] = {k: [] for k in servers}
        builds: dict[str, list[float]] = {k: [] for k in servers}
        pastes: dict[str, list[float]] = {k: [] for k in servers}
        for _ in range(args.repeat):  # interleaved: every side sees the same load on a shared machine
            for name, server in servers.items():
                base = f"http://127.0.0.1:{server.server_address[1]}/"
                builds[name].append(_index_build_time(browser, base, _worker_name(roots[name])))
            for path in pages:
                for name, server in servers.items():
                    base = f"http://127.0.0.1:{server.server_address[1]}/"
                    times[name].append(_time_to_result(browser, base, path))
                    pastes[name].append(_time_to_paste_answer(browser, base, path))
            for first, second in zip(pages, pages[1:] + pages[:1]):
                for name, server in servers.items():
                    base = f"http://127.0.0.1:{server.server_address[1]}/"
                    seconds[name].append(_time_to_result_second_page(browser, base, first, second))
        browser.close()
        for server in servers.values():
            server.shutdown()
            server.server_close()
    median = {k: statistics.median(v) for k, v in times.items()}
    second = {k: statistics.median(v) for k, v in seconds.items()}
    build = {k: statistics.median(v) for k, v in builds.items()}
    paste = {k: statistics.median(v) for k, v in pastes.items()}
    ratio = {k: median[k] / median["floor"] for k in sites}
    print(f"load average {load[0]:.2f} at the start, {os.getloadavg()[0]:.2f} at the end")
    for name, site in sites.items():
        index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
        size = (site / "search" / "search_index.json").stat().st_size
        print(f"{name}: search index {size / 1e6:.2f} MB, {len(index['docs'])} entries; worker's index build "
              f"{build[name]:.3f} s (median of {len(builds[name])}; floor {build['floor']:.3f} s)")
    print(f"time from opening a page to the first result for {QUERY!r}, median of {len(times['catalog'])} loads:")
    print(f"  catalog {median['catalog']:.3f} s   floor (one-document index) {median['floor']:.3f} s   "
          f"ratio {ratio['catalog']:.2f}x (target at most {GOAL:g}x)")
    if args.before:
        print(f"  before {median['before']:.3f} s   ratio {ratio['before']:.2f}x   "
              f"after/before: first result {median['catalog'] / median['before']:.2f}x, "
              f"index build {build['catalog'] / build['before']:.2f}x")
    print(f"the same on a second page of a visit (another page, same browsing context), median of "
          f"{len(seconds['catalog'])}:")
    print(f"  catalog {second['catalog']:.3f} s   floor {second['floor']:.3f} s   "
          f"ratio {second['catalog'] / second['floor']:.2f}x")
    if args.before:
        print(f"  before {second['before']:.3f} s   after/before {second['catalog'] / second['before']:.2f}x")
    print(f"a pasted paragraph ({len(PASTED.split())} words) on a page whose index is ready, from the paste to its "
          f"answer, median of {len(pastes['catalog'])}:")
    print(f"  catalog {paste['catalog']:.3f} s   floor {paste['floor']:.3f} s   "
          f"ratio {paste['catalog'] / paste['floor']:.2f}x")
    if args.before:
        print(f"  before {paste['before']:.3f} s   after/before {paste['catalog'] / paste['before']:.2f}x")
    return 0 if ratio["catalog"] <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
