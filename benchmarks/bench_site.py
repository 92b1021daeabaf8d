"""Site build cost per page, against mkdocs-material's floor measured in the same run.

Run: python benchmarks/bench_site.py [--synthetic 1000]

Builds the real catalog's site into a temporary directory (phases: read, formulas, corrections,
downloads, render, mkdocs) and, as the floor, an mkdocs site with the project's own
``mkdocs.yml`` (the same theme and theme features, plugins, Markdown extensions, nav, extra CSS
and JavaScript, strict validation and static assets) and the same number of pages, but no hooks
and one line of text per page: what mkdocs-material costs for any site of that many pages. The
ratio says how much the catalog's pages cost beyond that floor (target: within 3x).

Then builds it again with ``--synthetic`` synthetic records added (benchmarks/synthetic.py:
each with a law in N and D, so every one of them shares a variable with every other and with
Chinchilla's, the worst case for the compare page) and prints the per-page cost against the
real catalog's (target: at most 1.3x, i.e. linear in the pages).

Costs are CPU seconds (user + system, the process and its children such as ``git log``): on a
shared machine the wall time mostly measures the other processes. The wall time is printed too.
A small floor build first imports mkdocs, its plugins and Markdown extensions, so that neither
measured build pays for them (the site build still pays for its own imports, such as sympy).
The real catalog is measured three times (``--repeat``), each time in a new interpreter (cold
imports and caches, as a user's build), and the least CPU time of the builds and of the floors
is kept: on a shared machine the other processes only ever add to either. Each of those builds
starts with an empty cache of printed forms (catalog/formcache.py: the formulas' LaTeX) and is
followed by a rebuild with that cache filled, as when no record changed (the everyday build),
printed against the same floor (and target) and against the build with the cache empty.
Exit status 1 when a target is missed.

``--pages [SITE]`` measures what a reader's browser pays instead (chromium through Playwright, as
the browser tests): each page type (home, law, paper, table, compare) opened from a cold cache,
served on 127.0.0.1 and from file://, with the bytes it transferred (served: over the network,
not from the browser's cache; file://: the files read) and its time to interactive
(navigation start to the later of the load event and the last response), and the compare page
again on a second visit (what the cache kept is not fetched again), against the floor of
the same run (below). Each page
is opened three times and the least time kept. The floor is the site's 404 page with its links
made relative (so that it opens from file:// too) and its search form unnamed (so that the theme
never loads the search index): the theme and the site's CSS and JS, with no content and no search.
SITE is a built site (default: build one).

``--plugins`` measures the mkdocs phase of the real catalog's build with mkdocs.yml as it is and with
each plugin, the Markdown extensions, the theme's features and its light/dark toggle left out in
turn, and what the catalog's own hooks cost within it (the search text, the word list).

``--edited`` measures the build after one record changed (the everyday loop): the real catalog
built once to fill the cache of pages (catalog/site/pagecache.py), then hoffmann2022 edited (its
summary; the record most others link to and compare with) and built again with that cache and
without it (a clean build), each phase's wall time and the build's CPU time printed against the
mkdocs floor of the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import write  # noqa: E402
from catalog import paths, records  # noqa: E402
from catalog.store import db  # noqa: E402
from catalog.site.build import build_site, run_mkdocs  # noqa: E402

FLOOR_GOAL = 3.0  # site build / floor
LINEAR_GOAL = 1.3  # per-page cost with synthetic records / on the real catalog


def cpu() -> float:
    """CPU seconds used so far by this process and its waited-for children."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _nav_files(nav) -> list[str]:
    out: list[str] = []
    for item in nav or []:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            out.extend(_nav_files(value))
        elif isinstance(value, str) and value.endswith(".md"):
            out.append(value)
    return out


def floor(pages: int, base: Path) -> tuple[float, float]:
    """(CPU, wall) seconds of ``mkdocs build`` of the project's mkdocs.yml without its hooks, on
    ``pages`` one-line pages: the nav's pages and numbered ones, with the static assets."""
    config = yaml.safe_load(paths.mkdocs_config().read_text(encoding="utf-8"))
    docs = base / "docs"
    shutil.copytree(paths.site_sources() / "docs", docs)  # KaTeX, the site's CSS and JS
    nav = _nav_files(config.get("nav"))
    names = nav + [f"p{i}.md" for i in range(max(0, pages - len(nav)))]
    for i, name in enumerate(names):
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(f"# Page {i}\n\nOne line of text.\n", encoding="utf-8")
    for key in ("hooks", "watch"):
        config.pop(key, None)
    config.update(docs_dir=str(docs), site_dir=str(base / "out"))
    file = base / "mkdocs.yml"
    file.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    start_cpu, start = cpu(), time.perf_counter()
    run_mkdocs(file)
    return cpu() - start_cpu, time.perf_counter() - start


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def measure(label: str, dirs: list[Path], tmp: Path) -> dict:
    """Build the site of ``dirs`` and its floor in this process (mkdocs already imported)."""
    papers = records.load_valid(dirs)
    name = label.replace(" ", "-")
    url = f"sqlite:///{tmp / (name + '.sqlite')}"
    db.load(papers, url)
    del papers
    start = cpu()
    report = build_site(url, tmp / f"site-{name}", records_dir=dirs)
    seconds = cpu() - start
    base, base_wall = floor(report.pages, tmp / f"floor-{name}")
    return {"label": label, "pages": report.pages, "papers": report.papers, "laws": report.laws,
            "timings": report.timings, "cpu": seconds, "wall": report.seconds, "floor": base, "floor_wall": base_wall}


def fresh_measures(repeat: int, tmp: Path) -> tuple[list[dict], list[dict]]:
    """The real catalog measured ``repeat`` times, each in a new interpreter (cold imports and
    caches, as a user's build), each time with the cache of printed forms (catalog/formcache.py)
    empty and then again with it filled by that build (a rebuild with no record changed, the
    everyday case): (cold runs, warm runs), interleaved so that a slow spell weighs on both."""
    cache = tmp / "printed-forms"
    env = {**os.environ, "CATALOG_CACHE_DIR": str(cache)}
    cold, warm = [], []
    for _ in range(repeat):
        shutil.rmtree(cache, ignore_errors=True)
        for runs in (cold, warm):
            done = subprocess.run([sys.executable, __file__, "--measure-real"], capture_output=True, text=True,
                                  check=True, env=env)
            runs.append(json.loads(done.stdout.splitlines()[-1]))
    return cold, warm


def report(runs: list[dict]) -> tuple[dict, float, bool]:
    """Print the least CPU time of the builds and of the floors (on a shared machine the other
    processes only ever add to it); return the best build, its CPU per page and the verdict."""
    best = min(runs, key=lambda r: r["cpu"])
    base = min(runs, key=lambda r: r["floor"])
    ratio = best["cpu"] / base["floor"]
    pages = best["pages"]
    each = f"; least of {len(runs)} runs, each in a new interpreter" if len(runs) > 1 else ""
    print(f"{best['label']}: {pages} pages ({best['papers']} papers, {best['laws']} laws)")
    for phase, wall in best["timings"].items():
        print(f"  {phase:<12} {wall:6.2f} s wall")
    print(f"  site build:  CPU {best['cpu']:6.2f} s = {1000 * best['cpu'] / pages:.1f} ms/page "
          f"(wall {best['wall']:.2f} s{each}" + (": " + ", ".join(f"{r['cpu']:.2f}" for r in runs) + " s" if each else "")
          + ")")
    print(f"  floor (mkdocs-material, the project's mkdocs.yml without hooks, {pages} one-line pages): "
          f"CPU {base['floor']:.2f} s = {1000 * base['floor'] / pages:.1f} ms/page (wall {base['floor_wall']:.2f} s"
          + ("; runs: " + ", ".join(f"{r['floor']:.2f}" for r in runs) + " s" if each else "") + ")")
    print(f"  ratio: site build / floor = {ratio:.2f}x CPU ({best['wall'] / base['floor_wall']:.2f}x wall); "
          f"goal <= {FLOOR_GOAL:g}x: {verdict(ratio <= FLOOR_GOAL)}", flush=True)
    return best, best["cpu"] / pages, ratio <= FLOOR_GOAL


FLOOR_PAGE = "slc-bench-floor.html"  # written beside index.html for the run, then removed
PAGE_TYPES = {"floor (no search)": FLOOR_PAGE, "home": "index.html",
              "law": "laws/hoffmann2022/parametric-loss.html", "paper": "papers/hoffmann2022.html",
              "table": "tables/table-2.html", "compare": "compare.html", "compare, 2nd visit": "compare.html"}
SEARCHED_GOAL = 1.5  # bytes of a page no one searched / its floor, excluding the page's own HTML


def _open(browser, url: str, visits: int = 1) -> tuple[int, float, list[str]]:
    """(bytes transferred, ms to interactive, URLs fetched) of the last of ``visits`` to ``url`` in a
    fresh context (the first visit with a cold cache, the next ones with what it kept)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    for _ in range(visits - 1):
        tab.goto(url, wait_until="load")
        tab.wait_for_timeout(500)
        tab.goto("about:blank")
    fetched: list[str] = []
    tab.on("requestfinished", lambda r: fetched.append(r.url))
    tab.goto(url, wait_until="load")
    tab.wait_for_timeout(1500)  # what the page starts after its load event (the theme's search setup)
    timing = tab.evaluate("""() => {
        const nav = performance.getEntriesByType('navigation')[0];
        const res = performance.getEntriesByType('resource');
        return {load: nav.loadEventEnd, last: Math.max(0, ...res.map(r => r.responseEnd))}; }""")
    size = 0
    for target in fetched:  # file:// reports no sizes: the files' own sizes are what is read
        if target.startswith("file:"):
            from urllib.parse import urlparse
            from urllib.request import url2pathname
            path = Path(url2pathname(urlparse(target).path))
            size += path.stat().st_size if path.is_file() else 0
    if not url.startswith("file:"):  # what came over the network: nothing for what the cache answered
        size = tab.evaluate("""() => performance.getEntriesByType('navigation')[0].transferSize +
            performance.getEntriesByType('resource').reduce((s, r) => s + r.transferSize, 0)""")
    context.close()
    return size, max(timing["load"], timing["last"]), fetched


def _first_result_ms(browser, url: str, query: str) -> float:
    """ms from focusing the search box of ``url`` (opened 3 s before, as a reader reads) to the
    first result for ``query`` typed at once: what the search's setup (fetching and building or
    loading the index) adds to a query."""
    import time

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.goto(url, wait_until="load")
    tab.wait_for_timeout(3000)
    start = time.perf_counter()
    tab.click("input.md-search__input")
    tab.keyboard.type(query)
    tab.wait_for_selector("li.md-search-result__item", timeout=120000)
    took = 1000 * (time.perf_counter() - start)
    context.close()
    return took


def first_search(base: str) -> None:
    """Print the time to a first search result on a page (the index fetched and built after the
    focus), against the floor of the same run: a query on a page whose worker is ready."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                    args=["--no-sandbox", "--disable-background-networking"])
        first = min(_first_result_ms(browser, base + PAGE_TYPES["law"], "chinchilla") for _ in range(3))
        context = browser.new_context()
        tab = context.new_page()
        tab.goto(base + PAGE_TYPES["law"])
        tab.click("input.md-search__input")
        tab.keyboard.type("kaplan")
        tab.wait_for_selector("li.md-search-result__item", timeout=120000)
        import time

        ready = []
        for _ in range(3):
            tab.fill("input.md-search__input", "")
            tab.wait_for_timeout(300)
            start = time.perf_counter()
            tab.keyboard.type("chinchilla")
            tab.wait_for_function("() => [...document.querySelectorAll('li.md-search-result__item a')]"
                                  ".some(a => a.href.includes('hoffmann2022'))", timeout=60000)
            ready.append(1000 * (time.perf_counter() - start))
        context.close()
        browser.close()
    print(f"served: focus to a first search result on a law page (a new visit: the index fetched and built "
          f"after the focus) {first:.0f} ms; floor, the same query typed to a ready worker {min(ready):.0f} ms: "
          f"{first / min(ready):.2f}x")


def page_weights(site: Path) -> bool:
    """Print each page type's bytes and time to interactive against the 404 page's, served and
    from file://; True when no page but compare fetches the search index."""
    from playwright.sync_api import sync_playwright

    from catalog.site.server import serve_in_thread, url_of

    page = (site / "404.html").read_text(encoding="utf-8")
    (site / FLOOR_PAGE).write_text(page.replace('="/', '="').replace(' name="search"', ""), encoding="utf-8")
    server = serve_in_thread(site)
    ok = True
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                        args=["--no-sandbox", "--disable-background-networking"])
            for scheme, base in (("served", url_of(server)), ("file://", site.resolve().as_uri() + "/")):
                print(f"{scheme}: bytes transferred and time to interactive per page type "
                      f"(cold cache; least time of 3 loads)")
                floor_size = floor_ms = None
                for label, path in PAGE_TYPES.items():
                    visits = 2 if "2nd visit" in label else 1
                    runs = [_open(browser, base + path, visits) for _ in range(3)]
                    size, ms = runs[0][0], min(r[1] for r in runs)
                    searched = any("search_index" in u for u in runs[0][2])
                    html = (site / path).stat().st_size
                    if floor_size is None:
                        floor_size, floor_ms, floor_html = size, ms, html
                    ratio = (size - html) / max(1, floor_size - floor_html)
                    ok = ok and not searched
                    print(f"  {label:<17} {size / 1e6:7.2f} MB ({html / 1e6:5.2f} MB its HTML) {ms:7.0f} ms"
                          f"  bytes {size / floor_size:5.2f}x, beyond its HTML {ratio:5.2f}x, time "
                          f"{ms / floor_ms:5.2f}x the floor; search index fetched: {'yes' if searched else 'no'}")
            browser.close()
        first_search(url_of(server))
    finally:
        server.shutdown()
        server.server_close()
        (site / FLOOR_PAGE).unlink()
    print(f"goal: no page fetches the search index before its search box is used: {verdict(ok)}")
    return ok


# mkdocs.yml's parts measured by --plugins: each variant is the project's configuration with one
# part left out (name, change of the parsed YAML)
def _without_plugin(name):
    return lambda c: c.update(plugins=[p for p in c["plugins"] if (next(iter(p)) if isinstance(p, dict) else p) != name])


VARIANTS = [
    ("as configured", lambda c: None),
    ("without the search plugin", _without_plugin("search")),
    ("without the offline plugin", _without_plugin("offline")),
    ("without markdown_extensions", lambda c: c.update(markdown_extensions=[])),
    ("without theme features", lambda c: c["theme"].update(features=[])),
    ("one palette (no light/dark toggle)", lambda c: c["theme"].update(palette={
        k: v for k, v in c["theme"]["palette"][0].items() if k not in ("media", "toggle")})),
]


def plugin_costs(repeat: int) -> int:
    """The mkdocs phase of the real catalog's build (its pages generated once, then handed to
    mkdocs by the hooks, as ``catalog site build`` does) with the project's mkdocs.yml and with
    each part of it left out in turn (:data:`VARIANTS`), each the least CPU time of ``repeat``
    builds, interleaved (each round starting at the next variant); and what the catalog's own hooks cost within the configured build (the
    search plugin's reduced page text, the word list and worker mends written after it)."""
    from catalog.site import build, mkdocs_hooks, search_worker, searchtext

    spent: dict[str, float] = {}

    def timed(module, name):
        original = getattr(module, name)

        def wrapper(*args, **kwargs):
            start = cpu()
            try:
                return original(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + cpu() - start
        setattr(module, name, wrapper)

    for module, name in ((searchtext, "reduce"), (search_worker, "finish_index"), (search_worker, "mend")):
        timed(module, name)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        papers = records.load_valid([records.default_data_dir()])
        url = f"sqlite:///{tmp / 'catalog.sqlite'}"
        db.load(papers, url)
        generated = build.generate(url)
        base = yaml.safe_load(paths.mkdocs_config().read_text(encoding="utf-8"))
        root = paths.mkdocs_config().parent
        base.update(docs_dir=str(root / base["docs_dir"]), hooks=[str(root / h) for h in base["hooks"]])
        base.pop("watch", None)
        files = {}
        for i, (label, change) in enumerate(VARIANTS):
            config = json.loads(json.dumps(base))
            change(config)
            config["site_dir"] = str(tmp / f"site-{i}")
            files[label] = tmp / f"mkdocs-{i}.yml"
            files[label].write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
        with mkdocs_hooks.pending(generated):
            run_mkdocs(files["as configured"])  # imports mkdocs, the theme's plugins and extensions for every variant
        best: dict[str, float] = {}
        hooks: dict[str, float] = {}
        variants = list(files.items())
        for round_ in range(repeat):  # each round starts at another variant: none is always first
            for label, file in variants[round_ % len(variants):] + variants[:round_ % len(variants)]:
                spent.clear()
                # each build into an empty directory (mkdocs cleaning an earlier build's 2,300 files is no
                # part's cost: the configured build, which the warm-up wrote, paid for it alone)
                shutil.rmtree(tmp / f"site-{list(files).index(label)}", ignore_errors=True)
                start = cpu()
                with mkdocs_hooks.pending(generated):
                    run_mkdocs(file)
                seconds = cpu() - start
                if seconds < best.get(label, float("inf")):
                    best[label] = seconds
                    if label == "as configured":
                        hooks = dict(spent)
    configured = best["as configured"]
    print(f"mkdocs phase of the real catalog's build ({len(generated.html)} pages), least CPU of {repeat}:")
    for label, seconds in best.items():
        print(f"  {label:<36} {seconds:6.2f} s  {seconds / configured:5.2f}x")
    for name, seconds in hooks.items():
        print(f"  of which the catalog's {name:<22} {seconds:6.2f} s  {seconds / configured:5.2f}x")
    return 0


def edited_build() -> int:
    """Print the phases of a build after one record changed, with the cache of pages and without."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        os.environ["CATALOG_CACHE_DIR"] = str(tmp / "cache")  # this run's caches alone
        floor(10, tmp / "warm-up")  # mkdocs, its plugins and extensions imported for every build alike
        papers = records.load_valid([records.default_data_dir()])
        url = f"sqlite:///{tmp / 'catalog.sqlite'}"
        db.load(papers, url)
        build_site(url, tmp / "site-first", records_dir=[records.default_data_dir()])  # fills the caches
        edited = next(p for p in papers if p.id == "hoffmann2022")
        edited.summary = f"{edited.summary} (edited)"
        db.load(papers, url)
        rows = {}
        for label, cache in (("edited, cache of pages", True), ("edited, no cache of pages", False)):
            start = cpu()
            report = build_site(url, tmp / "site", records_dir=[records.default_data_dir()], cache=cache)
            rows[label] = (cpu() - start, report)
        base, _ = floor(report.pages, tmp / "floor")
        print(f"{report.pages} pages; floor (mkdocs-material, {report.pages} one-line pages): CPU {base:.2f} s")
        phases = list(report.timings)
        print(f"{'build':<28} {'CPU s':>6} {'/floor':>7}  " + " ".join(f"{p:>11}" for p in phases) + "  (wall s)")
        for label, (seconds, report) in rows.items():
            used, looked_up = report.cached
            print(f"{label:<28} {seconds:6.2f} {seconds / base:6.2f}x  "
                  + " ".join(f"{report.timings[p]:11.2f}" for p in phases)
                  + (f"  ({used} of {looked_up} entries reused)" if looked_up else ""), flush=True)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", nargs="?", const="", metavar="SITE",
                        help="Measure page weight and time to interactive per page type in chromium instead "
                             "(of the built site SITE, else of a site built here).")
    parser.add_argument("--synthetic", type=int, default=1000, help="Synthetic records added for the scaling run (0: none).")
    parser.add_argument("--repeat", type=int, default=3,
                        help="Measurements of the real catalog, each in a new interpreter (the least CPU time is kept).")
    parser.add_argument("--measure-real", action="store_true", help=argparse.SUPPRESS)  # one measurement, as JSON
    parser.add_argument("--edited", action="store_true", help="Measure a build after one record changed, with the "
                        "cache of pages and without it.")
    parser.add_argument("--plugins", action="store_true", help="Measure what each plugin, theme feature and "
                        "Markdown extension of mkdocs.yml costs in the real catalog's mkdocs phase.")
    args = parser.parse_args()
    if args.plugins:
        return plugin_costs(max(1, args.repeat))
    if args.edited:
        return edited_build()
    if args.pages is not None:
        if args.pages:
            return 0 if page_weights(Path(args.pages)) else 1
        with tempfile.TemporaryDirectory() as tmp:
            papers = records.load_valid([records.default_data_dir()])
            url = f"sqlite:///{Path(tmp) / 'catalog.sqlite'}"
            db.load(papers, url)
            site = build_site(url, Path(tmp) / "site", records_dir=[records.default_data_dir()]).site_dir
            return 0 if page_weights(site) else 1
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        floor(10, tmp / "warm-up")  # imports mkdocs, its plugins and extensions for both builds alike
        if args.measure_real:
            print(json.dumps(measure("real catalog", [records.default_data_dir()], tmp)))
            return 0
        cold, warm = fresh_measures(max(1, args.repeat), tmp)
        real, real_per_page, ok = report(cold)
        print("with the cache of printed forms filled by the build before (a rebuild, no record changed):")
        rebuilt, _, _ = report(warm)
        print(f"  rebuild / build with the cache empty: CPU {rebuilt['cpu'] / real['cpu']:.2f}x; formulas phase "
              f"{rebuilt['timings']['formulas']:.2f} s against {real['timings']['formulas']:.2f} s wall", flush=True)
        if args.synthetic:
            write(tmp / "synthetic", args.synthetic)
            big, big_per_page, big_ok = report([measure(f"real + {args.synthetic} synthetic",
                                                        [records.default_data_dir(), tmp / "synthetic"], tmp)])
            growth = big_per_page / real_per_page
            linear = growth <= LINEAR_GOAL
            print(f"per-page cost, {big['pages']} pages / {real['pages']} pages: CPU {1000 * big_per_page:.1f} / "
                  f"{1000 * real_per_page:.1f} ms = {growth:.2f}x; goal <= {LINEAR_GOAL:g}x (linear in pages): "
                  f"{verdict(linear)}")
            ok = ok and big_ok and linear
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
