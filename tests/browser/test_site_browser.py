"""The site in headless Debian chromium: navigation, search, calculators, plots, compare page,
survey tables, offline use. Every test also checks (through the ``page`` fixture) that the
page logged no console error and that no request left 127.0.0.1.
"""

from __future__ import annotations

import math

import pytest

from tests.site_support import site_numbers

pytestmark = pytest.mark.browser

CHINCHILLA = "laws/hoffmann2022/parametric-loss.html"
RESULT = "output.slc-result-value"

# Count the canvas pixels that are clearly the curve's blue (#1f6feb), i.e. the plot was drawn.
CURVE_PIXELS = """canvas => {
  const d = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let n = 0;
  for (let i = 0; i < d.length; i += 4) {
    if (d[i + 3] > 200 && Math.abs(d[i] - 31) < 40 && Math.abs(d[i + 1] - 111) < 40 && Math.abs(d[i + 2] - 235) < 40) n++;
  }
  return n;
}"""


@pytest.fixture(scope="module")
def store(catalog_db):
    from catalog.store.reader import Store

    s = Store(catalog_db)
    yield s
    s.close()


def _engine_value(ref, inputs, constant_set):
    from catalog.engine import evaluation as engine

    try:
        return engine.evaluate(ref, inputs, constant_set).value
    except engine.EngineError:
        return None


def _chosen_set(page):
    """The checked constant set of the page's calculator ("" for edited values)."""
    return page.evaluate("() => (document.querySelector('.slc-sets input:checked') || {value: null}).value")


def _wait_calculator(page):
    page.wait_for_selector("[data-slc-calculator][data-ready='1']")


def test_browse_to_chinchilla_and_evaluate(page, base_url, shots, store):
    page.goto(base_url)
    page.locator(".slc-entry a[href='browse/modality.html']").click()
    page.wait_for_url("**/browse/modality.html")
    page.locator("#v-language + .slc-facet-group a", has_text="Training Compute-Optimal Large Language Models").click()
    page.wait_for_url("**/papers/hoffmann2022.html")
    page.locator(".slc-paper-laws h3 a", has_text="Chinchilla parametric loss (Approach 3)").click()
    page.wait_for_url("**/" + CHINCHILLA)
    _wait_calculator(page)

    page.fill("#in-N", "")
    page.locator("#in-N").type("70B")
    page.fill("#in-D", "")
    page.locator("#in-D").type("1.4T")
    assert page.inner_text(RESULT) == "1.93665"
    value = float(page.get_attribute(RESULT, "data-value"))
    expected = _engine_value(store.law("hoffmann2022/parametric-loss"), {"N": 7e10, "D": 1.4e12}, None)
    assert value == pytest.approx(expected, rel=1e-12)
    assert f"{value:.4f}".startswith("1.9366")

    warning = page.locator(".slc-warning")
    assert warning.is_visible()
    assert "N = 7×10¹⁰ is outside the fitted range 7×10⁷ to 1.6×10¹⁰" in warning.inner_text()

    canvas = page.locator("canvas.slc-plot")
    assert canvas.get_attribute("data-drawn") == "1"
    assert int(canvas.get_attribute("data-points")) >= 100
    assert canvas.get_attribute("data-log-y") == "1"
    assert canvas.evaluate(CURVE_PIXELS) > 200
    assert page.locator(".slc-formula .katex").count() >= 2  # KaTeX rendered the formula
    page.screenshot(path=str(shots / "chinchilla.png"), full_page=False)
    page.locator(".slc-calc").screenshot(path=str(shots / "chinchilla-calculator.png"))

    page.fill("#in-D", "1.4e12")  # scientific notation gives the same value
    assert float(page.get_attribute(RESULT, "data-value")) == value
    page.check(".slc-sets input[value='besiroglu2024']")
    assert page.inner_text(RESULT) == "1.97388"
    page.fill("#in-N", "1e9")  # inside both fitted ranges: no warning about N
    page.fill("#in-D", "2e10")
    assert not page.locator(".slc-warning").is_visible()
    page.fill("#in-N", "seventy")
    assert page.inner_text(RESULT) == "—"
    assert "is not a number" in page.inner_text(".slc-message")
    page.select_option("select.slc-x", "D")  # plot against the other input
    page.fill("#in-N", "70B")
    assert canvas.get_attribute("data-drawn") == "1"
    page.watch.assert_clean()


def test_calculator_reads_a_percentage_as_eval_does(page, base_url, store):
    """catalog eval read S=40% (0.4 for an input in 'fraction') where the calculator said '40%' was
    not a number: the site and the CLI read one value alike, and refuse it alike for another unit."""
    page.goto(base_url + "laws/wang2024/sparse-activation-loss.html")
    _wait_calculator(page)
    page.fill("#in-N", "7B")
    page.fill("#in-S", "40%")
    expected = _engine_value(store.law("wang2024/sparse-activation-loss"), {"N": 7e9, "S": 0.4}, None)
    assert float(page.get_attribute(RESULT, "data-value")) == pytest.approx(expected, rel=1e-12)
    page.fill("#in-S", "4e1%")
    assert float(page.get_attribute(RESULT, "data-value")) == pytest.approx(expected, rel=1e-12)
    page.goto(base_url + CHINCHILLA)
    _wait_calculator(page)
    page.fill("#in-N", "7B")
    page.fill("#in-D", "40%")
    assert page.inner_text(RESULT) == "—"
    assert "D=40%: a percentage is taken for an input in 'fraction' or 'percent', and this law takes D in tokens" \
        in page.inner_text(".slc-message")
    page.watch.assert_clean()


def test_calculator_shows_the_quantities_a_law_defines(page, base_url, store):
    """As catalog eval's 'where Ehat = ...': the saturated expert count of Ludziejewski et al.'s
    law at the inputs typed, as the engine computes it, and a dash when an input is missing."""
    from catalog.engine import evaluation as engine

    page.goto(base_url + "laws/ludziejewski2025/joint-moe-loss.html?in.N=1e9&in.D=2e10&in.E=8")
    _wait_calculator(page)
    shown = page.locator(".slc-defined-value[data-name='Ehat'] output")
    api = engine.evaluate(store.law("ludziejewski2025/joint-moe-loss"), {"N": 1e9, "D": 2e10, "E": 8})
    assert float(shown.get_attribute("data-value")) == pytest.approx(api.defined["Ehat"], rel=1e-12)
    assert page.locator(".slc-defined .slc-math").get_attribute("data-rendered") == "katex"
    # labelled as the result is: its unit after it, its meaning and every digit on hover, and on
    # a phone the value never wraps away from its name
    entry = page.locator(".slc-defined-value[data-name='Ehat']")
    assert entry.locator("small").inner_text() == "experts"
    assert entry.get_attribute("title").startswith("Saturated expert count")
    assert float(shown.get_attribute("title")) == float(shown.get_attribute("data-value"))
    assert entry.evaluate("e => getComputedStyle(e).whiteSpace") == "nowrap"
    page.fill("#in-E", "32")
    assert float(shown.get_attribute("data-value")) == pytest.approx(
        engine.evaluate(store.law("ludziejewski2025/joint-moe-loss"), {"N": 1e9, "D": 2e10, "E": 32}).defined["Ehat"],
        rel=1e-12)
    page.fill("#in-E", "")
    assert shown.inner_text() == "\u2014" and shown.get_attribute("data-value") is None
    assert not shown.get_attribute("title")
    page.watch.assert_clean()


def test_calculator_shows_what_the_source_prints_where_it_prints_it(page, base_url, store):
    """As catalog eval: at the inputs of a printed check value, with its constant set and no
    edited parameter, the printed number is shown beside the computed one, and the plot marks
    the printed values along its axis."""
    from catalog import provenance
    from catalog.engine import evaluation as engine

    page.goto(base_url + "laws/kaplan2020/loss-n.html")
    _wait_calculator(page)
    box = page.locator(".slc-printed")
    page.fill("#in-N", "1.76e14")  # Section 1.2 prints L = 0.95 there
    api = engine.evaluate(store.law("kaplan2020/loss-n"), {"N": 1.76e14})
    [cli] = [n for n in api.notes if n.startswith("printed in the source")]
    assert box.is_visible()
    shown = box.inner_text()
    assert shown.startswith("Printed in the source (Section 1.2, after Eq. (1.3)): L = 0.95 at these inputs; ")
    assert shown[len("Printed"):].rstrip(".") == cli[len("printed"):]  # the same sentence as catalog eval
    page.fill("#in-N", "1.75e14")  # another point
    assert not box.is_visible()
    page.fill("#in-N", "176T")
    assert box.is_visible()
    page.locator("details.slc-params summary").click()
    page.fill("#par-alpha_N", "0.08")  # not the paper's constants
    assert not box.is_visible()

    canvas = page.locator("canvas.slc-plot")
    assert canvas.get_attribute("data-printed-points") == "0"  # edited parameters: not the paper's law
    page.reload()  # (the URL keeps the edit)
    _wait_calculator(page)
    assert canvas.get_attribute("data-printed-points") == "0"
    page.goto(base_url + "laws/kaplan2020/loss-n.html")
    _wait_calculator(page)
    assert canvas.get_attribute("data-printed-points") == str(sum(
        1 for cv, made_with in provenance.printed_points(store.law("kaplan2020/loss-n").law) if made_with == _chosen_set(page)))

    page.goto(base_url + "laws/chen2026d/mse-vs-gpg.html")  # the 15 measured points of Table 7
    _wait_calculator(page)
    assert canvas.get_attribute("data-printed-points") == "15"
    assert "Circles: 15 values printed in the source (listed under Stated values)." in page.inner_text(".slc-plot-caption")
    page.fill("#in-GPG", "106.3")
    assert box.is_visible()
    assert "Table 7 (Appendix A.3), row 'Dense (NL) L6'): MSE = 0.44523 at these inputs" in box.inner_text()
    assert "a measured point the law was fitted to; the fit misses such points by up to 0.27%" in box.inner_text()
    page.watch.assert_clean()


def test_a_suffixed_count_is_refused_where_the_law_takes_millions(page, base_url, store):
    """As catalog.engine.evaluation: ji2024 takes M in millions of parameters, so '570M' is refused with the
    number to write, and '570' evaluates as the engine does."""
    page.goto(base_url + "laws/ji2024/validation-loss-m-s-c.html")
    _wait_calculator(page)
    page.fill("#in-M", "570M")
    assert page.inner_text(RESULT) == "—"
    message = page.inner_text(".slc-message")
    assert "takes M in millions of parameters" in message and "M=570 there" in message
    page.fill("#in-M", "570")
    page.fill("#in-S", "300000")
    expected = _engine_value(store.law("ji2024/validation-loss-m-s-c"), {"M": 570.0, "S": 300000.0}, None)
    assert float(page.get_attribute(RESULT, "data-value")) == pytest.approx(expected, rel=1e-9)
    page.watch.assert_clean()


def _engine_refusal(ref, inputs) -> str:
    from catalog.engine import evaluation as engine

    with pytest.raises(engine.DomainError) as caught:
        engine.evaluate(ref, inputs)
    return str(caught.value)


@pytest.mark.parametrize("law, inputs", [
    ("hoffmann2022/parametric-loss", {"N": "-1", "D": "1e9"}),
    ("hoffmann2022/parametric-loss", {"N": "0", "D": "1e9"}),
    ("muennighoff2023/data-constrained-loss", {"U_N": "1e9", "R_N": "0", "U_D": "-5", "R_D": "1"}),
    # a condition of the law (U <= D): more unique tokens than tokens trained on
    ("muennighoff2023/data-constrained-loss-nd", {"N": "1e9", "D": "1.7e8", "U": "1e13"}),
])
def test_calculator_refuses_what_catalog_eval_refuses_in_its_words(page, base_url, store, law, inputs):
    """A negative size (N = -1, U_D = -5) is refused as catalog eval refuses it, N = 0 is named as
    outside the formula's domain, where the page said 'undefined at these values (NaN)', and a point
    where a condition of the law fails (U > D) is refused naming the condition and its values."""
    page.goto(base_url + f"laws/{law}.html")
    _wait_calculator(page)
    for name, text in inputs.items():
        page.fill(f"#in-{name}", text)
    expected = _engine_refusal(store.law(law), {n: float(v) for n, v in inputs.items()})
    assert page.inner_text(RESULT) == "—"
    # catalog eval's words, with the numbers as the site writes them (10⁹ where eval prints 1e+09)
    assert page.inner_text(".slc-message") == site_numbers(expected.removeprefix(f"{law}: "))
    assert page.locator(".slc-defined-value output[data-value]").count() == 0
    page.watch.assert_clean()


def test_hostile_defined_symbol_is_shown_as_text(browser, tmp_path_factory):
    """The hostile record's defined symbol (tests/fixtures/site/xss2024.yaml): its meaning (the
    value's hover title, the symbols table) and unit (beside the value) are text; nothing runs,
    on load, on evaluating or on hovering."""
    from tests.browser.conftest import Watch, new_tab
    from tests.site_support import hostile_site

    site = hostile_site(tmp_path_factory).resolve()
    tab = new_tab(browser, Watch(allowed=(site.as_uri(),)))
    dialogs = []
    tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        tab.goto((site / "laws" / "xss2024" / "power.html").as_uri())
        _wait_calculator(tab)
        tab.fill("#in-N", "1e8")
        value = tab.locator(".slc-defined-value[data-name='Neff']")
        assert float(value.locator("output").get_attribute("data-value")) == 5e7
        assert value.locator("output").get_attribute("title") == "50000000"
        assert value.get_attribute("title") == ("Effective \" onmouseover=\"alert('defined title') "
                                                "<img src=x onerror=alert('defined meaning')>")
        assert value.get_attribute("onmouseover") is None
        assert value.locator("small").inner_text() == "</output><script>alert('defined unit')</script>"
        # hovered through its children: the span's own centre can fall between its inline boxes
        # (the paragraph's line box is taller), where the paragraph takes the pointer; mouseover
        # reaches the span's (escaped) attributes either way
        value.locator("output").hover()
        value.locator("small").hover()
        row = tab.locator("tr", has=tab.locator("code", has_text="Neff")).first
        row.locator("code").hover()
        assert "Effective \" onmouseover" in tab.locator("td[data-label='Meaning']", has_text="Effective").inner_text()
        assert tab.locator(".slc-where .katex").count() >= 1 and tab.locator(".katex-error").count() == 0
        injected = tab.evaluate("""() => document.querySelectorAll('main img, main svg[onload], main [onmouseover], main [onerror]').length +
          Array.from(document.querySelectorAll('script:not([type])')).filter(s => s.text.includes('alert')).length""")
        assert injected == 0
        assert dialogs == []
        tab.watch.assert_clean()
    finally:
        tab.context.close()


def test_hostile_citation_and_locator_in_the_compares_values_at_x_are_text(browser, tmp_path_factory):
    """The compare page's values at x name each curve's citation (the hostile record's first author
    an <img onerror>) and its set's locator ('</p><script>...'): text in the cell, nothing runs."""
    from catalog import records
    from catalog.reference import paper_label
    from tests.browser.conftest import Watch, new_tab
    from tests.conftest import FIXTURES
    from tests.site_support import hostile_site

    site = hostile_site(tmp_path_factory).resolve()
    paper = next(p for p in records.load_valid([FIXTURES / "site" / "xss2024.yaml", FIXTURES / "valid" / "minimal.yaml"])
                 if p.id == "xss2024")
    tab = new_tab(browser, Watch(allowed=(site.as_uri(),)))
    dialogs = []
    tab.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        tab.goto((site / "compare.html").as_uri() + "?var=model_parameters&laws=xss2024/power@fit,xss2024/power@wiki&at=1e7")
        tab.wait_for_selector("[data-slc-compare][data-ready='1']")
        cells = tab.eval_on_selector_all(".slc-cmp-readout tr[data-law='xss2024/power'] .slc-cmp-at-citation",
                                         "cs => cs.map(c => [c.textContent, c.children.length])")
        assert cells == [[f"{paper_label(paper)}, Table 1 </p><script>alert('locator')</script>", 0],
                         [f"{paper_label(paper)}, Wikipedia, 'Hostile law'", 0]]
        assert 'onerror=alert("author")>' in paper_label(paper)  # the surname the first author's markup leaves
        injected = tab.evaluate("""() => document.querySelectorAll('main img, main [onerror]').length +
          Array.from(document.querySelectorAll('script:not([type])')).filter(s => s.text.includes('alert')).length""")
        assert injected == 0 and dialogs == []
        tab.watch.assert_clean()
    finally:
        tab.context.close()


def test_switching_the_constant_set_changes_the_fitted_range_and_warning(page, base_url, store):
    """qiu2025's MLP set has its own fitted range of c: picking it moves the range hint and the
    extrapolation warning to that range, as catalog eval does for the set (c=2 is inside the MLP
    fit, below CIFAR-5M's)."""
    from catalog import provenance
    from catalog.engine import evaluation as engine

    ref = store.law("qiu2025/compute-optimal-frontier")
    page.goto(base_url + "laws/qiu2025/compute-optimal-frontier.html")
    _wait_calculator(page)
    hint, warning = page.locator("#range-c"), page.locator(".slc-warning")
    assert _chosen_set(page) == "cifar5m-linear" and hint.inner_text() == "fitted range: 440 – 16600"
    page.fill("#in-c", "2")
    assert warning.is_visible() and "c = 2 is outside the fitted range 440 to 16600" in warning.inner_text()
    assert engine.evaluate(ref, {"c": 2}, "cifar5m-linear").warnings  # as catalog eval says

    page.check(".slc-sets input[value='mlp-constant-lr']")
    mlp = provenance.fitted_range(ref.law, "c", "mlp-constant-lr")
    assert hint.inner_text() == f"fitted range of these constants: {mlp.min:.6g} – {mlp.max:.6g}"
    assert not warning.is_visible() and engine.evaluate(ref, {"c": 2}, "mlp-constant-lr").warnings == []
    value = float(page.get_attribute(RESULT, "data-value"))
    assert value == pytest.approx(engine.evaluate(ref, {"c": 2}, "mlp-constant-lr").value, rel=1e-12)
    page.fill("#in-c", "2000")  # beyond the MLP fit, inside CIFAR-5M's
    assert warning.is_visible() and "outside the fitted range of these constants 1.20994 to 1118.19" in warning.inner_text()

    page.check(".slc-sets input[value='cifar5m-linear']")
    assert hint.inner_text() == "fitted range: 440 – 16600" and not warning.is_visible()
    page.watch.assert_clean()


def test_beta_function_law_evaluates_like_the_engine(page, base_url, store):
    """roberts2026's pass@k law calls Euler's Beta function (SLC_MATH.beta in slc.js) with k in
    the thousands, where a ratio of Gamma functions would overflow; it prints no constants, so
    the user types them, and the browser agrees with the engine (scipy.special.beta)."""
    from catalog.engine import evaluation as engine

    ref = store.law("roberts2026/pass-at-k-accuracy")
    page.goto(base_url + "laws/roberts2026/pass-at-k-accuracy.html")
    _wait_calculator(page)
    params = {"E": 1.5, "A": 400.0, "alpha": 0.34, "B": 410.0, "beta": 0.28, "theta0": 3.0, "theta1": 2.0,
              "theta2": 0.02, "theta3": 3.0, "theta4": 0.2}
    for name, value in params.items():
        page.fill(f"#par-{name}", repr(value))
    for inputs in ({"N": "100M", "D": "2B", "k": "10"}, {"N": "37M", "D": "100B", "k": "5000"}):
        for name, value in inputs.items():
            page.fill(f"#in-{name}", value)
        expected = float(engine.evaluate(ref, inputs, overrides=params).value)
        assert 0 < expected < 1
        assert float(page.get_attribute(RESULT, "data-value")) == pytest.approx(expected, rel=1e-9)
    page.watch.assert_clean()


def test_search_finds_chinchilla(page, base_url, shots):
    page.goto(base_url)
    box = page.locator("input.md-search__input")
    box.click()
    box.type("Chinchilla parametric loss", delay=20)
    link = page.locator(f"li.md-search-result__item > a.md-search-result__link[href*='{CHINCHILLA}?']")
    link.wait_for()
    page.screenshot(path=str(shots / "search.png"))
    link.click()
    page.wait_for_url("**/" + CHINCHILLA + "*")
    _wait_calculator(page)
    assert page.inner_text(RESULT) == "1.93665"  # the page starts at N=70B, D=1.4T
    page.watch.assert_clean()


def test_the_error_function_matches_pythons(page, base_url):
    # formulas writing GELU out (qu2024) call erf: slc.js has its own, at double precision
    page.goto(base_url)
    xs = [-6.0, -3.0, -1.0, -1e-8, 0.0, 0.1, 0.5, 1.0, 2.0, 2.999, 3.0, 3.5, 5.0, 27.0]
    values = page.evaluate("xs => xs.map(SLC_MATH.erf)", xs)
    assert values == [pytest.approx(math.erf(x), rel=1e-15, abs=1e-300) for x in xs]
    page.watch.assert_clean()


LAWS_PER_TAB = 40


def test_every_law_page_matches_the_engine(browser, page, base_url, built_site, store):
    """On each law page with constants, for each constant set, at a point inside the fitted
    range (the middle of the engine's domain), the browser's result equals catalog.engine.evaluation's."""
    from catalog.site import views
    from tests.browser.conftest import new_tab

    from catalog.engine import evaluation as engine

    checked, stated, problems = 0, 0, []
    fixture_page = page
    for i, ref in enumerate(store.laws()):
        law = ref.law
        if i and i % LAWS_PER_TAB == 0:
            # One renderer visiting every page grew past 4 GB and crashed once ("Target crashed",
            # 385 laws); a fresh browsing context every few dozen pages keeps it small. The same
            # watch collects every tab's errors; the fixture closes its own tab.
            if page is not fixture_page:
                page.context.close()
            page = new_tab(browser, fixture_page.watch)
        page.goto(base_url + views.html_path(views.law_path(ref.paper.id, law.id)))
        _wait_calculator(page)
        # the table of stated values: what the law gives at each forward check, as the engine
        filled = dict(page.eval_on_selector_all(
            "td.slc-check-got[data-value]", "els => els.map(e => [Number(e.dataset.check), e.dataset.value])"))
        for row, cv in enumerate(law.check_values):
            if cv.kind != "value" or set(cv.expected) != {law.output_symbol}:
                if row in filled:
                    problems.append(f"{ref.id} check {row}: not a forward value, yet the page computed it")
                continue
            given = {n: v for n, v in cv.inputs.items() if n in law.input_symbols}
            params = {n: v for n, v in cv.inputs.items() if n in law.parameter_symbols}
            try:
                want = engine.evaluate(ref, given, cv.constant_set, params or None).value
            except engine.EngineError:
                want = None
            if want is None or row not in filled or not math.isclose(float(filled[row]), want, rel_tol=1e-9):
                problems.append(f"{ref.id} check {row}: page {filled.get(row)}, engine {want!r}")
            stated += 1
        if not law.constant_sets:  # the calculator waits for parameter values
            if page.locator("[data-slc-calculator]").get_attribute("data-state") != "error":
                problems.append(f"{ref.id}: no constants, yet the calculator shows a result")
            continue
        if page.locator("canvas.slc-plot").get_attribute("data-drawn") != "1":
            problems.append(f"{ref.id}: no plot")
        point = {n: views.inside_point(ref.paper, law, n) for n in law.input_symbols}
        for cs in law.constant_sets:
            got = page.evaluate(
                """([point, set]) => {
                    const calc = document.querySelector('[data-slc-calculator]');
                    // the inputs first, then the set: one recomputation (a change of set keeps the inputs)
                    for (const [name, value] of Object.entries(point)) {
                        calc.querySelector(`input[data-input="${name}"]`).value = value;
                    }
                    const radio = calc.querySelector(`.slc-sets input[value="${set}"]`);
                    radio.checked = true; radio.dispatchEvent(new Event('change'));
                    const out = calc.querySelector('output.slc-result-value');
                    return [out.getAttribute('data-value'), calc.getAttribute('data-state'), out.textContent];
                }""",
                [{n: repr(v) for n, v in point.items()}, cs.id],
            )
            expected = _engine_value(ref, point, cs.id)
            value = None if got[0] is None else float(got[0])
            checked += 1
            if expected is None:
                if got[1] != "undefined":
                    problems.append(f"{ref.id}@{cs.id}: engine refuses {point}, browser says {got}")
            elif value is None or not math.isclose(value, expected, rel_tol=1e-9, abs_tol=1e-300):
                problems.append(f"{ref.id}@{cs.id} at {point}: browser {got}, engine {expected!r}")
    assert problems == [], "\n".join(problems)
    assert checked >= sum(len(r.law.constant_sets) for r in store.laws()) > 0
    assert stated >= 800  # forward check values computed on the pages (880 on 2026-12-03)
    print(f"browser = engine on {checked} (law, constant set) pairs and {stated} stated values")
    if page is not fixture_page:
        page.context.close()
    page.watch.assert_clean()


def test_a_z_score_is_plotted_on_a_linear_axis(page, base_url, shots):
    """kim2025's calculator plotted its z-scores on a log axis from 0.0007 (the domain 0.001483 to
    1.483 a third of a decade wider), where no negative z-score, half the fitted range, appeared. The
    page reads the input's domainScale: an evenly spaced curve over -2.1 to 2 on a linear axis, with
    plain tick labels; Chinchilla's N keeps its log axis."""
    page.goto(base_url + "laws/kim2025/agent-performance-mixed-effects.html")
    _wait_calculator(page)
    assert page.input_value("select.slc-x") == "z_I"
    canvas = page.locator("canvas.slc-plot")
    assert canvas.get_attribute("data-drawn") == "1" and canvas.get_attribute("data-log-x") == "0"
    assert int(canvas.get_attribute("data-points")) == 120 and canvas.evaluate(CURVE_PIXELS) > 200
    low, high = map(float, canvas.get_attribute("data-x-range").split())
    width = 1.483 + 1.565  # the fitted range, widened a sixth of its width each side
    assert low == pytest.approx(-1.565 - width / 6, rel=1e-3) and high == pytest.approx(1.483 + width / 6, rel=1e-3)
    canvas.screenshot(path=str(shots / "kim2025-z-plot.png"))
    page.goto(base_url + CHINCHILLA)
    _wait_calculator(page)
    assert page.locator("canvas.slc-plot").get_attribute("data-log-x") == "1"
    # the compare page: kwa2025's days since its trend's origin (fitted 0 to 2253, a date: may be negative)
    page.goto(base_url + "compare.html?out=task_time_horizon%7Cdimensionless&var=time&laws=kwa2025/horizon-doubling")
    page.wait_for_selector("[data-slc-compare][data-ready='1']")
    canvas = page.locator("canvas.slc-plot")
    assert canvas.get_attribute("data-drawn") == "1" and canvas.get_attribute("data-log-x") == "0"
    assert float(page.input_value("input.slc-cmp-from")) < 0 < 2253 < float(page.input_value("input.slc-cmp-to"))
    page.watch.assert_clean()


@pytest.mark.parametrize("low, high", [("-1.0e308", "1.0e308"), ("-1.7e308", "-1.0e308")])
def test_a_fitted_range_at_the_float_limits_is_plotted(browser, tmp_path_factory, low, high):
    """A record may hold a z-score's fitted range of [-1e308, 1e308] (finite numbers): the calculator
    widened it by a sixth of its width, past the largest float, and drew 'Nothing to plot: the law is
    undefined over this range' for a linear law. The span stays within what catalog plot draws
    (catalog.engine.plotting.AXIS_LIMIT, 1e250)."""
    from click.testing import CliRunner

    from catalog import records
    from catalog.cli import cli
    from catalog.store import db
    from tests.browser.conftest import Watch, new_tab
    from tests.conftest import DATA

    base = tmp_path_factory.mktemp("edge")
    text = (DATA / "kim2025.yaml").read_text(encoding="utf-8")
    edge = text.replace("          min: -1.565\n          max: 1.483\n", f"          min: {low}\n          max: {high}\n", 1)
    assert edge != text
    (base / "kim2025.yaml").write_text(edge, encoding="utf-8")
    url = f"sqlite:///{base / 'c.sqlite'}"
    db.load(records.load_valid([base / "kim2025.yaml"]), url)
    built = CliRunner().invoke(cli, ["site", "build", "--db", url, "--output", str(base / "out")])
    assert built.exit_code == 0, built.output
    site = (base / "out").resolve()
    tab = new_tab(browser, Watch(allowed=(site.as_uri(),)))
    try:
        tab.goto((site / "laws" / "kim2025" / "agent-performance-mixed-effects.html").as_uri())
        _wait_calculator(tab)
        canvas = tab.locator("canvas.slc-plot")
        assert canvas.get_attribute("data-drawn") == "1" and int(canvas.get_attribute("data-points")) > 100
        assert canvas.get_attribute("data-x-range") == "-1×10²⁵⁰ 10²⁵⁰"
        tab.watch.assert_clean()
    finally:
        tab.context.close()


def test_compare_page_without_a_shared_variable_runs_no_script_into_an_error(browser, tmp_path_factory):
    """A catalog of one law (a lab's own records) has nothing to overlay: the compare page says so
    and its script stops there (it reached for the 'Values at x' field the page leaves out and
    threw a TypeError on every load)."""
    from click.testing import CliRunner

    from catalog import records
    from catalog.cli import cli
    from catalog.store import db
    from tests.browser.conftest import Watch, new_tab
    from tests.conftest import FIXTURES

    base = tmp_path_factory.mktemp("alone")
    url = f"sqlite:///{base / 'c.sqlite'}"
    db.load(records.load_valid([FIXTURES / "valid" / "minimal.yaml"]), url)
    built = CliRunner().invoke(cli, ["site", "build", "--db", url, "--output", str(base / "out")])
    assert built.exit_code == 0, built.output
    site = (base / "out").resolve()
    tab = new_tab(browser, Watch(allowed=(site.as_uri(),)))
    try:
        tab.goto((site / "compare.html").as_uri())
        tab.wait_for_load_state("load")
        assert "No scaling variable is shared by two laws with constants yet." in tab.inner_text("[data-slc-compare]")
        tab.watch.assert_clean()
    finally:
        tab.context.close()


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_the_compare_pages_data_is_a_script_the_browser_keeps(page, base_url, built_site, scheme):
    """compare.html held its 2.3 MB of data inline, fetched again on every visit; it is a script of
    its own now (assets/formulas/compare-data.js), which the browser keeps, and which a page opened
    from file:// loads as well (where fetch is refused)."""
    root = base_url if scheme == "http" else built_site.resolve().as_uri() + "/"
    assert (built_site / "compare.html").stat().st_size < 100_000
    page.goto(root + "compare.html")
    page.wait_for_selector("[data-slc-compare][data-ready='1']")
    assert int(page.get_attribute("[data-slc-compare]", "data-series")) >= 2
    assert page.locator("canvas.slc-plot").get_attribute("data-drawn") == "1"
    # the law page's check and printed values are not the compare page's
    assert page.evaluate("Object.values(window.SLC_COMPARE.laws).every(l => !('checks' in l) && !('printed' in l))")
    if scheme == "http":  # a second visit: the data comes from the browser's cache (or a 304 of no body)
        page.goto(base_url + "index.html")
        page.goto(base_url + "compare.html")
        page.wait_for_selector("[data-slc-compare][data-ready='1']")
        sizes = page.evaluate("""() => performance.getEntriesByType('resource')
            .filter(r => r.name.endsWith('/compare-data.js')).map(r => r.transferSize)""")
        assert sizes and all(n < 1000 for n in sizes), sizes


def test_compare_page_overlays_laws(page, base_url, shots):
    page.goto(base_url + "compare.html")
    page.wait_for_selector("[data-slc-compare][data-ready='1']")
    compare = page.locator("[data-slc-compare]")
    assert page.input_value("select.slc-cmp-variable") == "model_parameters"
    first = int(compare.get_attribute("data-series"))
    assert first >= 2
    canvas = page.locator("canvas.slc-plot")
    assert canvas.get_attribute("data-drawn") == "1" and canvas.evaluate(CURVE_PIXELS) > 100
    assert page.locator(".slc-legend a").count() == first
    page.screenshot(path=str(shots / "compare.png"), full_page=True)
    held = page.locator("input[data-held='data']")  # the laws in N and D share one value of D
    assert held.count() == 1
    held.fill("1e11")
    assert "held at D = 10¹¹" in page.inner_text(".slc-legend")
    unchecked = page.locator(".slc-cmp-laws input.slc-cmp-law:not(:checked)").first
    unchecked.check()
    assert int(compare.get_attribute("data-series")) == first + 1
    page.select_option("select.slc-cmp-variable", "compute")
    assert int(compare.get_attribute("data-series")) >= 1
    assert canvas.get_attribute("data-drawn") == "1"
    page.watch.assert_clean()


def test_pages_render_math_and_tables(page, base_url, shots, store):
    page.goto(base_url + "tables/table-7.html")
    spans = page.locator("table.catalog-table span.arithmatex")
    assert spans.count() > 20
    assert page.locator("table.catalog-table span.arithmatex[data-rendered='katex']").count() == spans.count()
    page.screenshot(path=str(shots / "table-7.png"), full_page=False)
    page.goto(base_url + "papers/hoffmann2022.html")
    laws = len(store.paper("hoffmann2022").laws)
    assert page.locator(".slc-paper-laws .slc-math[data-rendered='katex']").count() == laws
    page.screenshot(path=str(shots / "paper-hoffmann2022.png"), full_page=True)
    # a law written over a quantity it defines: the formula, then 'where' its definition, as KaTeX
    page.goto(base_url + "laws/busbridge2025/student-loss.html")
    formula = page.locator(".slc-law .slc-where .slc-math").first
    assert formula.get_attribute("data-rendered") == "katex" and "where" in formula.inner_text()
    page.screenshot(path=str(shots / "law-with-definition.png"), full_page=False)
    page.goto(base_url)
    page.screenshot(path=str(shots / "home.png"), full_page=True)
    assert page.locator(".slc-stat").count() == 7
    page.watch.assert_clean()


def test_site_works_from_the_file_system(page, built_site):
    page.goto((built_site / "index.html").resolve().as_uri())
    box = page.locator("input.md-search__input")  # search: the offline plugin's inlined index
    box.click()
    box.type("Chinchilla parametric loss", delay=20)
    page.locator(f"li.md-search-result__item > a.md-search-result__link[href*='{CHINCHILLA}?']").click()
    page.wait_for_url("file://**/" + CHINCHILLA + "*")
    _wait_calculator(page)
    assert page.inner_text(RESULT) == "1.93665"
    assert page.locator("canvas.slc-plot").get_attribute("data-drawn") == "1"
    assert all(u.startswith(("file://", "data:")) for u in page.watch.requests)
    page.watch.assert_clean()


def test_implicit_law_is_solved_like_the_engine(page, base_url, store):
    """Alabdulmohsin et al.'s M4 is implicit in L_x; the record has no constants, so type some."""
    ref = store.law("alabdulmohsin2022/m4")
    assert ref.law.form == "implicit" and not ref.law.constant_sets
    page.goto(base_url + "laws/alabdulmohsin2022/m4.html")
    _wait_calculator(page)
    assert page.locator("[data-slc-calculator]").get_attribute("data-state") == "error"
    assert page.locator("canvas.slc-plot").get_attribute("data-drawn") == "0"  # a placeholder, not a plot
    params = {"L_inf": 0.5, "L_0": 5.0, "alpha": 0.5, "beta": 2.0, "c": -0.3}
    page.locator("details.slc-params summary").click() if not page.locator("#par-alpha").is_visible() else None
    for name, value in params.items():
        page.fill(f"#par-{name}", repr(value))
    page.fill("#in-x", "1K")
    from catalog.engine import evaluation as engine

    expected = engine.evaluate(ref, {"x": 1000.0}, None, params).value
    assert float(page.get_attribute(RESULT, "data-value")) == pytest.approx(expected, rel=1e-10)
    assert page.locator("canvas.slc-plot").get_attribute("data-drawn") == "1"
    # no constant set: the link carries every typed parameter, and restores the solution
    url = page.evaluate("location.href")
    assert "set=" not in url and "par.c=-0.3" in url and "par.L_0=5.0" in url and "in.x=1K" in url
    page.goto(base_url + "index.html")
    page.goto(url)
    _wait_calculator(page)
    assert float(page.get_attribute(RESULT, "data-value")) == pytest.approx(expected, rel=1e-10)
    page.watch.assert_clean()


# ---------------------------------------------------------------- issue 9: shareable links, checklist, conventions


def _url(tab) -> str:
    """The address bar as the page sees it (``location.href``): Playwright's ``page.url``
    learns of ``history.replaceState`` through an event that may arrive later."""
    return tab.evaluate("location.href")


def _fresh_page(browser, built_site, base_url):
    """A page in a new browser context (no shared history or storage), watched like ``page``."""
    from tests.browser.conftest import Watch

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    watch = Watch(allowed=(base_url, built_site.resolve().as_uri()))
    tab.on("console", lambda m: watch.errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: watch.errors.append(f"uncaught: {e}"))
    tab.on("request", lambda r: watch.requests.append(r.url))
    tab.watch = watch
    return context, tab


def test_shared_link_restores_the_calculator(page, browser, built_site, base_url, shots, store):
    page.goto(base_url + CHINCHILLA)
    _wait_calculator(page)
    assert "?" not in _url(page)  # nothing typed yet: the URL stays clean
    page.fill("#in-N", "")
    page.locator("#in-N").type("70B")
    page.fill("#in-D", "")
    page.locator("#in-D").type("1.4T")
    page.check(".slc-sets input[value='besiroglu2024']")
    assert page.inner_text(RESULT) == "1.97388"
    url = _url(page)
    assert url == (base_url + CHINCHILLA + "?law=hoffmann2022/parametric-loss&set=besiroglu2024&in.N=70B&in.D=1.4T")
    assert page.get_attribute("a.slc-share-link", "href") == url

    context, fresh = _fresh_page(browser, built_site, base_url)
    try:
        fresh.goto(url)
        _wait_calculator(fresh)
        assert fresh.inner_text(RESULT) == "1.97388"
        assert _chosen_set(fresh) == "besiroglu2024"
        assert fresh.input_value("#in-N") == "70B" and fresh.input_value("#in-D") == "1.4T"
        assert fresh.input_value("#par-B") == "2085.43"
        assert "Restored from the link." in fresh.inner_text(".slc-share-note")
        expected = _engine_value(store.law("hoffmann2022/parametric-loss"), {"N": 7e10, "D": 1.4e12}, "besiroglu2024")
        assert float(fresh.get_attribute(RESULT, "data-value")) == pytest.approx(expected, rel=1e-12)
        assert fresh.locator("canvas.slc-plot").get_attribute("data-drawn") == "1"
        fresh.locator(".slc-result").scroll_into_view_if_needed()
        fresh.screenshot(path=str(shots / "shared-link-restored.png"))
        fresh.watch.assert_clean()
    finally:
        context.close()
    page.watch.assert_clean()


def test_shared_link_carries_overridden_parameters_and_plot_axis(page, browser, built_site, base_url, store):
    page.goto(base_url + CHINCHILLA)
    _wait_calculator(page)
    page.locator("details.slc-params summary").click()
    page.fill("#par-E", "1.5")  # one parameter edited away from the default (hoffmann2022) set
    page.select_option("select.slc-x", "D")
    page.fill("#in-N", "1e10")
    assert _chosen_set(page) == ""  # "edited values"
    url = _url(page)
    assert "set=hoffmann2022" in url and "par.E=1.5" in url and "plot=D" in url and "in.N=1e10" in url
    assert "par.A=" not in url  # only what differs from the set
    value = float(page.get_attribute(RESULT, "data-value"))
    expected = _engine_value(store.law("hoffmann2022/parametric-loss"), {"N": 1e10, "D": 1.4e12}, None)
    assert expected is not None and value != expected  # E really was overridden

    context, fresh = _fresh_page(browser, built_site, base_url)
    try:
        fresh.goto(url)
        _wait_calculator(fresh)
        assert float(fresh.get_attribute(RESULT, "data-value")) == value
        assert fresh.input_value("#par-E") == "1.5" and fresh.input_value("#par-A") == "406.4"
        assert _chosen_set(fresh) == "" and fresh.input_value("select.slc-x") == "D"
        assert fresh.locator("#par-E").is_visible()  # the parameters are shown when the link edits them
        # a link for another law, or with unknown names, is not applied silently
        fresh.goto(base_url + CHINCHILLA + "?law=kaplan2020/loss-n-d&in.N=1B")
        _wait_calculator(fresh)
        assert fresh.input_value("#in-N") == "70B"
        assert "is for kaplan2020/loss-n-d" in fresh.inner_text(".slc-share-note")
        fresh.goto(base_url + CHINCHILLA + "?set=nope&in.Q=3&in.N=1B&h=chinchilla")
        _wait_calculator(fresh)
        assert fresh.input_value("#in-N") == "1B"
        note = fresh.inner_text(".slc-share-note")
        assert "no constant set 'nope'" in note and "no input 'Q'" in note
        fresh.fill("#in-D", "2T")  # the search-highlight key the page does not own is kept
        assert "h=chinchilla" in _url(fresh) and "in.D=2T" in _url(fresh) and "in.Q" not in _url(fresh)
        fresh.watch.assert_clean()
    finally:
        context.close()
    page.watch.assert_clean()


def test_shared_link_works_from_the_file_system(page, built_site):
    page.goto((built_site / CHINCHILLA).resolve().as_uri())
    _wait_calculator(page)
    page.check(".slc-sets input[value='besiroglu2024']")
    assert _url(page).startswith("file://") and "set=besiroglu2024" in _url(page)
    url = _url(page)
    page.goto((built_site / "index.html").resolve().as_uri())
    page.goto(url)
    _wait_calculator(page)
    assert page.inner_text(RESULT) == "1.97388"
    page.watch.assert_clean()


def test_prediction_interval_matches_python(page, base_url, shots, store):
    """Besiroglu et al.'s standard errors: the browser's sampled 95% interval agrees with
    catalog.engine.uncertainty's (different random draws, so within sampling error)."""
    from catalog.engine import evaluation as engine, uncertainty

    ref = store.law("besiroglu2024/parametric-loss")
    page.goto(base_url + "laws/besiroglu2024/parametric-loss.html?set=besiroglu2024&in.N=70B&in.D=1.4T")
    _wait_calculator(page)
    box = page.locator(".slc-interval")
    assert box.is_visible()
    low, high = float(box.get_attribute("data-low")), float(box.get_attribute("data-high"))
    arrays = engine.prepare_inputs(ref, {"N": 7e10, "D": 1.4e12})
    pi = uncertainty.prediction_interval(ref, arrays, engine.resolve_constants(ref, "besiroglu2024"))
    width = pi.high - pi.low
    assert abs(low - pi.low) < 0.05 * width and abs(high - pi.high) < 0.05 * width, (low, high, pi.low, pi.high)
    assert low < float(page.get_attribute(RESULT, "data-value")) < high
    assert "95% prediction interval" in box.inner_text() and "standard error 124.58" in box.inner_text()
    box.scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "prediction-interval.png"))
    page.check(".slc-sets input[value='besiroglu2024-wikipedia']")  # no uncertainty recorded: no interval
    assert not box.is_visible()
    page.watch.assert_clean()


def test_law_page_shows_checklist_and_follows_a_correction(page, base_url, shots, store):
    page.goto(base_url + CHINCHILLA)
    missing = page.locator(".slc-checklist .slc-status-missing .slc-missing")
    assert missing.count() == 2 and missing.first.is_visible()
    assert missing.first.inner_text() == "✗ not stated"
    color = missing.first.evaluate("e => getComputedStyle(e).color")
    assert color == "rgb(164, 14, 38)"  # shown as missing, not as plain text
    page.locator("#fitting-checklist").scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "law-checklist.png"))
    link = page.locator("li.slc-link[data-kind='corrects'][data-other='besiroglu2024/parametric-loss']")
    assert "+0.0372364" in link.inner_text() and "+1.92%" in link.inner_text()
    link.scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "law-corrections.png"))
    link.locator("a[href$='besiroglu2024/parametric-loss.html']").first.click()
    page.wait_for_url("**/laws/besiroglu2024/parametric-loss.html")
    back = page.locator("li.slc-link[data-other='hoffmann2022/parametric-loss']").first
    assert "corrects" in back.inner_text() and "-0.0372364" in back.inner_text()
    page.goto(base_url + "checklist.html")
    assert page.locator("#fitting-checklist tbody tr").count() == len(list(store.laws()))
    assert page.locator("#fitting-checklist .slc-missing").first.is_visible()
    page.screenshot(path=str(shots / "checklist.png"))
    page.watch.assert_clean()


def test_compare_page_warns_when_conventions_differ_and_shares_its_state(page, browser, built_site, base_url, shots):
    page.goto(base_url + "compare.html")
    page.wait_for_selector("[data-slc-compare][data-ready='1']")
    box = page.locator(".slc-cmp-conventions")
    checked = page.locator(".slc-cmp-laws input.slc-cmp-law:checked")
    while checked.count():
        checked.first.uncheck()
    assert box.get_attribute("data-warnings") == "0" and box.inner_text() == ""
    page.check(".slc-cmp-laws input[value='hoffmann2022/parametric-loss']")
    page.check(".slc-cmp-laws input[value='besiroglu2024/parametric-loss']")
    assert box.get_attribute("data-warnings") == "0"  # same conventions: no warning
    page.check(".slc-cmp-laws input[value='kaplan2020/loss-n-d']")
    assert box.get_attribute("data-warnings") == "2"
    text = box.inner_text()
    assert "Conventions differ" in text
    assert "hoffmann2022/parametric-loss and kaplan2020/loss-n-d (parameter counting, validation set, tokenizer)" in text
    assert "parameters counted total vs non-embedding (with embeddings vs without embeddings)" in text
    page.fill("input[data-held='data']", "3e11")
    page.fill("input.slc-cmp-from", "1e8")
    page.fill("input.slc-cmp-to", "1e11")
    box.scroll_into_view_if_needed()
    page.screenshot(path=str(shots / "compare-conventions.png"))
    url = _url(page)
    assert "var=model_parameters" in url
    assert "laws=besiroglu2024/parametric-loss,hoffmann2022/parametric-loss,kaplan2020/loss-n-d" in url
    assert "held.data=3e11" in url and "from=1e8" in url and "to=1e11" in url
    legend = page.inner_text(".slc-legend")

    context, fresh = _fresh_page(browser, built_site, base_url)
    try:
        fresh.goto(url)
        fresh.wait_for_selector("[data-slc-compare][data-ready='1']")
        checked = fresh.evaluate("() => Array.from(document.querySelectorAll('.slc-cmp-laws input.slc-cmp-law:checked'))"
                                 ".map(c => c.value)")
        assert checked == ["besiroglu2024/parametric-loss", "hoffmann2022/parametric-loss", "kaplan2020/loss-n-d"]
        assert fresh.input_value("input[data-held='data']") == "3e11"
        assert fresh.input_value("input.slc-cmp-from") == "1e8" and fresh.input_value("input.slc-cmp-to") == "1e11"
        assert fresh.inner_text(".slc-legend") == legend
        assert fresh.locator(".slc-cmp-conventions").get_attribute("data-warnings") == "2"
        assert fresh.locator("canvas.slc-plot").get_attribute("data-drawn") == "1"
        fresh.watch.assert_clean()
    finally:
        context.close()
    page.watch.assert_clean()


def test_a_transcribed_set_is_set_beside_its_primary_at_the_inputs(page, base_url, store):
    """Picking Wikipedia's rounding of Besiroglu et al.'s constants on the Chinchilla page says,
    at the inputs typed, what the primary set (their Table 1) gives there and how far apart the
    two land, as catalog eval's note does; a primary set or edited constants say nothing."""
    from catalog.engine import evaluation as engine

    ref = store.law("hoffmann2022/parametric-loss")
    page.goto(base_url + CHINCHILLA)
    _wait_calculator(page)
    note = page.locator(".slc-secondary")
    assert not note.is_visible()  # the default set is the paper's own
    page.check(".slc-sets input[value='besiroglu2024-wikipedia']")
    for (n, d), point in ((("70B", "1.4T"), {"N": 70e9, "D": 1.4e12}), (("1B", "20B"), {"N": 1e9, "D": 20e9})):
        page.fill("#in-N", n)
        page.fill("#in-D", d)
        cli = engine.evaluate(ref, point, "besiroglu2024-wikipedia")
        [said] = [x for x in cli.notes if "not the primary source" in x]
        primary = engine.evaluate(ref, point, "besiroglu2024").value
        assert "the primary set 'besiroglu2024' (replication, Besiroglu et al. 2024 (arXiv:2404.10102), Table 1)" in said
        assert note.is_visible()
        text = note.inner_text()
        assert text.startswith("Constant set besiroglu2024-wikipedia is a wikipedia transcription, not the primary source")
        assert "(replication, Besiroglu et al. 2024 (arXiv:2404.10102), Table 1)" in text
        assert f"gives L = {primary:.6g} at these inputs, where besiroglu2024-wikipedia gives {cli.value:.6g}" in text
        assert f"(difference {cli.value - primary:+.6g})" in text
        assert float(note.get_attribute("data-primary-value")) == pytest.approx(primary, rel=1e-12)
    page.check(".slc-sets input[value='besiroglu2024']")  # primary: no note
    assert not note.is_visible()
    page.check(".slc-sets input[value='besiroglu2024-wikipedia']")
    page.click("details.slc-params summary")
    page.fill("#par-E", "1.9")  # edited constants are no transcription
    assert not note.is_visible()
    page.watch.assert_clean()


def test_the_calculator_warns_as_catalog_eval_of_a_transcribed_sets_provenance(page, base_url, store):
    """catalog eval warns "provenance: ..." of constants no paper, code or replication prints; the
    calculator says the same words under its result while such a set is in use, and nothing for a
    primary set or edited constants."""
    from catalog.engine import evaluation as engine

    def cli_warning(ref, point, set_id):
        [said] = [w for w in engine.evaluate(store.law(ref), point, set_id).warnings if w.startswith("provenance:")]
        return "Warning: " + said

    page.goto(base_url + "laws/zhai2022/error-vs-compute.html")
    _wait_calculator(page)
    box = page.locator(".slc-calc .slc-provenance-used")
    assert box.is_visible()
    assert box.inner_text() == cli_warning("zhai2022/error-vs-compute", {"C": 1.0}, "wikipedia")
    page.goto(base_url + CHINCHILLA)
    _wait_calculator(page)
    box = page.locator(".slc-calc .slc-provenance-used")
    assert not box.is_visible()  # the paper's own constants
    page.check(".slc-sets input[value='besiroglu2024-wikipedia']")
    assert box.is_visible()
    assert box.inner_text() == cli_warning("hoffmann2022/parametric-loss", {"N": 70e9, "D": 1.4e12}, "besiroglu2024-wikipedia")
    page.check(".slc-sets input[value='besiroglu2024']")  # a replication: no warning
    assert not box.is_visible()
    page.check(".slc-sets input[value='besiroglu2024-wikipedia']")
    page.click("details.slc-params summary")
    page.fill("#par-E", "1.9")  # edited constants: catalog eval warns of no set's provenance
    assert not box.is_visible()
    page.watch.assert_clean()


def test_another_set_than_the_default_says_how_far_it_lands_from_the_primary_set(page, base_url, store):
    """Picking Besiroglu et al.'s replication on the Chinchilla page changed the value and nothing
    else but the collapsed table of every set: a line now sets it beside the law's primary set
    (the paper's own) at the inputs typed, with the difference and the relative difference; the
    default set and edited constants say nothing."""
    from catalog import provenance
    from catalog.engine import evaluation as engine

    ref = store.law("hoffmann2022/parametric-loss")
    primary = provenance.primary_set(ref.law)
    assert primary.id == "hoffmann2022"
    page.goto(base_url + CHINCHILLA)
    _wait_calculator(page)
    line = page.locator(".slc-vs-primary")
    assert not line.is_visible()  # the default set is the primary one
    for set_id in ("besiroglu2024", "besiroglu2024-wikipedia"):
        page.check(f".slc-sets input[value='{set_id}']")
        page.fill("#in-N", "70B")
        page.fill("#in-D", "1.4T")
        point = {"N": 70e9, "D": 1.4e12}
        used, base = engine.evaluate(ref, point, set_id).value, engine.evaluate(ref, point, "hoffmann2022").value
        assert line.is_visible(), set_id
        assert line.inner_text() == (
            f"Constant set {set_id} gives L = {used:.6g} at these inputs; the law's primary set hoffmann2022 "
            f"({provenance.source_of(primary)}) gives {base:.6g} (difference {used - base:+.6g}, "
            f"{100 * (used - base) / base:+.3g}%).")
        assert float(line.get_attribute("data-primary-value")) == pytest.approx(base, rel=1e-12)
    page.click("details.slc-params summary")
    page.fill("#par-E", "1.9")  # edited constants are no set
    assert not line.is_visible()
    page.check(".slc-sets input[value='hoffmann2022']")
    assert not line.is_visible()
    page.watch.assert_clean()


def test_calculators_start_at_a_point_of_the_paper(page, base_url, store):
    """ho2024's model 7 started at n = 1B and d = 3.16B multiples of its smallest model and data
    and at 0.5 of two 0/1 benchmark indicators: now at N0, D0 and WikiText-103 (both indicators 0),
    inside every fitted range; li2025's 2**30 parameters read 1.073741824B, not 1073741824."""
    page.goto(base_url + "laws/ho2024/augmented-chinchilla-model-7.html")
    _wait_calculator(page)
    start = {name: page.input_value(f"#in-{name}") for name in ("n", "d", "t", "x_ptb", "x_wt2")}
    assert start == {"n": "1", "d": "1", "t": "5.5", "x_ptb": "0", "x_wt2": "0"}
    expected = _engine_value(store.law("ho2024/augmented-chinchilla-model-7"), {k: float(v) for k, v in start.items()}, None)
    assert float(page.get_attribute(RESULT, "data-value")) == pytest.approx(expected, rel=1e-12)
    assert not page.locator(".slc-warning").is_visible()
    page.goto(base_url + "laws/li2025/optimal-learning-rate.html")
    _wait_calculator(page)
    assert page.input_value("#in-N") == "1.073741824B" and page.input_value("#in-D") == "56.9B"
    expected = _engine_value(store.law("li2025/optimal-learning-rate"), {"N": 2.0**30, "D": 5.69e10}, None)
    assert float(page.get_attribute(RESULT, "data-value")) == pytest.approx(expected, rel=1e-12)
