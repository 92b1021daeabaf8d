"""The site of tests/fixtures/site/proto2024.yaml in headless chromium: a paper title and a law name
made of markup, Jinja, Markdown link syntax and a 120-character unbreakable word, shown as text in
the page title, header, navigation, tables and search, with nothing run; and a law whose symbols are
named after Object.prototype's members (toString, valueOf, hasOwnProperty, isPrototypeOf, ...), which
every script reads as the law's names, so that each page shows it as it shows its twin in ordinary
names (proto2024/plain).
"""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import Watch, new_tab
from tests.site_support import prototype_site, wait_answered

pytestmark = pytest.mark.browser

PROTO, PLAIN = "laws/proto2024/prototype.html", "laws/proto2024/plain.html"
# the twin's symbol for each of the prototype law's
TWIN = {"toString": "N", "toLocaleString": "D", "valueOf": "E", "hasOwnProperty": "A", "propertyIsEnumerable": "B",
        "isPrototypeOf": "alpha"}
# what a page would hold had record text run or become markup
INJECTED = """() => document.querySelectorAll('[onerror], [onload], a[href^="javascript:"], main img').length +
  [...document.querySelectorAll('script:not([type])')].filter(s => s.text.includes('alert')).length"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from catalog.site.server import serve_in_thread, url_of

    built = prototype_site(tmp_path_factory)
    server = serve_in_thread(built)
    yield built, url_of(server)
    server.shutdown()
    server.server_close()


@pytest.fixture
def tab(browser, site):
    built, url = site
    tab = new_tab(browser, Watch(allowed=(url, built.resolve().as_uri())))
    tab.dialogs = []
    tab.on("dialog", lambda d: (tab.dialogs.append(d.message), d.dismiss()))
    yield tab
    tab.context.close()


def _record():
    from catalog import records
    from tests.conftest import FIXTURES

    return records.load_valid([FIXTURES / "site" / "proto2024.yaml"])[0]


def _twin(text: str) -> str:
    """``text`` with the prototype law's symbol names written as its twin's."""
    return re.sub(r"\b(" + "|".join(TWIN) + r")\b", lambda m: TWIN[m[1]], text)


def test_titles_and_navigation_show_hostile_names_as_text(tab, site):
    """On every page nothing runs (no dialog, no error, no injected element, formulas typeset), and the
    law's and paper's pages carry their names literally in <title>, the header and the heading; the
    navigation leads to them through the Laws page, whose link reads the name, and search finds them."""
    built, url = site
    paper = _record()
    name, title = paper.laws[0].name, paper.bibliography.title
    for rel in sorted(p.relative_to(built).as_posix() for p in built.rglob("*.html")):
        tab.goto(url + rel)
        assert tab.evaluate(INJECTED) == 0, rel
        assert tab.locator(".katex-error").count() == 0, rel
    for rel, text in ((PROTO, name), ("papers/proto2024.html", title)):
        tab.goto(url + rel)
        assert tab.title() == f"{text} - Scaling-Law Catalog"
        assert tab.locator("article h1").inner_text() == text
        assert tab.locator(".md-header__topic[data-md-component=header-topic] .md-ellipsis").inner_text() == text
    for section, rel, text in (("laws", PROTO, name), ("papers", "papers/proto2024.html", title)):
        tab.goto(url)
        tab.locator(f"nav.md-nav--primary a.md-nav__link[href='{section}/index.html']").click()
        tab.wait_for_url(f"**/{section}/index.html")
        tab.locator(f"main td a[href$='{rel}']").click()
        tab.wait_for_url("**/" + rel)
        assert tab.title() == f"{text} - Scaling-Law Catalog"
    tab.locator("input.md-search__input").click()
    tab.locator("input.md-search__input").type("supercalifragilistic", delay=20)
    wait_answered(tab, "supercalifragilistic")
    headings = tab.locator("li.md-search-result__item h1").all_inner_texts()
    assert {h.replace("\n", "") for h in headings} >= {name, title}, headings
    assert tab.evaluate(INJECTED) == 0 and tab.dialogs == []
    tab.watch.assert_clean()


def test_symbols_named_after_object_prototype_members_work_as_names(tab, site):
    """The calculator's prediction interval, the compare page's held inputs and the fit box's result
    read a symbol called toString or valueOf as the law's: the calculator dropped every such parameter's
    standard error (no interval), the compare legend held x at "function toString() { [native code] }"
    and a fit without bootstrap gave each constant the interval "undefined to undefined"."""
    _, url = site

    def page_text(law: str, selector: str) -> str:
        tab.goto(url + law)
        tab.wait_for_selector("[data-slc-calculator][data-ready='1']")
        return tab.locator(selector).inner_text()

    assert "95% prediction interval" in page_text(PLAIN, ".slc-interval")
    assert _twin(page_text(PROTO, ".slc-interval")) == page_text(PLAIN, ".slc-interval")

    def held(law: str) -> list[str]:
        tab.goto(url + f"compare.html?var=data&laws={law}&at=1e9")
        tab.wait_for_selector("[data-slc-compare][data-ready='1']")
        return re.findall(r"held at [^\n]*", tab.inner_text("main"))

    assert held("proto2024/plain") == ["held at N = 3.16×10⁷"]
    assert [_twin(h) for h in held("proto2024/prototype")] == held("proto2024/plain")

    def fitted(law: str, header: str, fixed: str) -> list[list[str]]:
        runs = [f"{n:g},{d:g},{1.5 + 400 / n ** 0.3 + 410 / d ** 0.3!r}" for n in (1e6, 1e7, 1e8, 1e9) for d in (1e8, 1e10)]
        tab.goto(url + law)
        tab.wait_for_selector("[data-slc-fit][data-ready]", state="attached")
        tab.evaluate("document.querySelector('details.slc-fit-box').open = true")
        tab.fill("textarea.slc-fit-runs", "\n".join([header, *runs]) + "\n")
        tab.fill("[data-fit-setting=bootstrap]", "0")
        tab.fill("[data-fit-setting=fixed]", fixed)
        tab.click("button.slc-fit-run")
        tab.wait_for_selector("[data-slc-fit][data-state=done]", timeout=240_000)
        return tab.eval_on_selector_all("table.slc-fit-result tr[data-parameter]", "rows => rows.map(r => "
                                        "[r.dataset.parameter, r.children[2].textContent, r.children[2].dataset.low || ''])")

    plain = fitted(PLAIN, "N,D,L", "E=1.5")
    assert plain == [["E", "held fixed", ""], ["A", "—", ""], ["B", "—", ""], ["alpha", "—", ""]]
    assert [[TWIN[n], *rest] for n, *rest in fitted(PROTO, "toString,toLocaleString,L", "valueOf=1.5")] == plain

    # the Predict page evaluates both at N and D, the one taking toString and toLocaleString for them
    tab.goto(url + "predict.html?N=2e8&D=3e9")
    tab.wait_for_selector(".slc-pred-results td.slc-pred-value")
    values = dict(tab.eval_on_selector_all(".slc-pred-results tbody tr", "rows => rows.map(r => "
                                           "[r.cells[0].querySelector('a').textContent, r.querySelector('.slc-pred-value').dataset.value])"))
    assert values["proto2024/prototype"] == values["proto2024/plain"]
    assert float(values["proto2024/plain"]) == pytest.approx(1.5 + 400 / 2e8 ** 0.3 + 410 / 3e9 ** 0.3, rel=1e-12)
    assert "takes toString = N (Parameters), toLocaleString = D (Tokens)" in tab.inner_text(".slc-pred-results")

    # the search worker's index (Maps and null-prototype objects) finds words Object.prototype holds too
    tab.goto(url)
    tab.locator("input.md-search__input").click()
    tab.locator("input.md-search__input").type("constructor", delay=20)
    wait_answered(tab, "constructor")
    found = tab.eval_on_selector_all("a.md-search-result__link", "as => as.map(a => a.getAttribute('href'))")
    assert {h.split("?")[0].removeprefix(url) for h in found} == {PROTO, PLAIN} and any(h.endswith("?h=constructor#symbols") for h in found)
    assert tab.dialogs == []
    tab.watch.assert_clean()


def test_the_compute_relation_shows_its_multiplication_with_names_longer_than_a_letter(tab, site):
    """The optimal box, the compare page's frontier legend and the Predict page's split wrote
    C = 6toStringtoLocaleString for inputs named toString and toLocaleString; with names longer
    than a letter the product is written 6 × toString × toLocaleString, 6ND as before otherwise."""
    _, url = site
    boxes = {}
    for law in (PROTO, PLAIN):
        tab.goto(url + law)
        tab.wait_for_selector("[data-slc-calculator][data-ready='1']")
        boxes[law] = tab.eval_on_selector("details.slc-optimal", "d => d.textContent")
    assert "C = 6ND" in boxes[PLAIN] and "D = C/(6N)" in boxes[PLAIN]
    assert "C = 6 × toString × toLocaleString" in boxes[PROTO] and "toLocaleString = C/(6 × toString)" in boxes[PROTO]
    tab.goto(url + "compare.html?var=compute&laws=proto2024/prototype,proto2024/plain")
    tab.wait_for_selector("[data-slc-compare][data-ready='1']")
    shown = tab.inner_text("main")
    assert "C = 6 × toString × toLocaleString" in shown and "C = 6ND" in shown
    assert "6toString" not in shown
    tab.goto(url + "predict.html?C=1e18")
    tab.wait_for_selector(".slc-pred-results td.slc-pred-value")
    shown = tab.inner_text(".slc-pred-results")
    assert "along C = 6 × toString × toLocaleString" in shown and "along C = 6ND" in shown
    assert "6toString" not in shown
    tab.watch.assert_clean()


@pytest.mark.parametrize("path", ["laws/index.html", "papers/index.html", "browse/year.html", "browse/variable.html",
                                  "predict.html?N=2e8&D=3e9",
                                  "compare.html?var=model_parameters&laws=proto2024/prototype,proto2024/plain&at=1e8"])
def test_a_long_word_in_a_name_wraps_in_its_table_at_960_px(browser, site, path):
    """A 120-character word in the law's name and the paper's title breaks inside its cell: it widened
    the Laws table's box to 1,434 px at 960 (a 26-character notebook name did by 34 px before)."""
    _, url = site
    tab = new_tab(browser, Watch(allowed=(url,)))
    try:
        tab.set_viewport_size({"width": 960, "height": 900})
        tab.goto(url + path)
        tab.wait_for_selector("main table tbody tr")
        assert tab.locator("main td", has_text="Supercalifragilistic").count() >= 1
        wide = tab.eval_on_selector_all("main .md-typeset__scrollwrap", "ws => ws.filter(w => w.scrollWidth > w.clientWidth + 1)"
                                        ".map(w => [w.scrollWidth, w.clientWidth])")
        assert wide == [] and tab.evaluate("document.documentElement.scrollWidth") <= 960, wide
        tab.watch.assert_clean()
    finally:
        tab.context.close()
