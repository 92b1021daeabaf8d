"""A researcher's errands on the site, end to end: citing a paper, quoting a law's formula,
printing a law page. What the page gives is what the command line gives (catalog bib, the form
column of catalog table)."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

MOE_LAW = "ludziejewski2025/joint-moe-loss"


def _copied(page, button) -> str:
    page.click(button)
    page.wait_for_function("b => b.textContent === 'Copied'", arg=page.query_selector(button))
    return page.evaluate("navigator.clipboard.readText()")


def test_a_paper_page_copies_its_bibtex_and_each_laws_latex(page, base_url, by_id):
    """Citing a paper took a download (the .bib link) and quoting a formula was impossible: the
    page shows KaTeX, whose selection copies the rendered glyphs. A paper page now has a Copy
    BibTeX button (the entry catalog bib prints, also shown on request) and each formula a Copy
    LaTeX button (the LaTeX of catalog table's form column)."""
    from catalog.publish import bibtex, custom_tables

    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    paper = by_id["ludziejewski2025"]
    page.goto(base_url + "papers/ludziejewski2025.html")
    assert _copied(page, ".slc-cite button.slc-copy-text") == bibtex.entry(paper)
    assert page.inner_text(".slc-cite button.slc-copy-text") == "Copied"
    page.click(".slc-bibtex summary")
    assert page.inner_text(".slc-bibtex pre").strip() == bibtex.entry(paper).strip()
    first = paper.laws[0]
    assert _copied(page, ".slc-paper-laws .slc-copy-tex button") == custom_tables.law_formula(first).latex
    page.goto(base_url + f"laws/{MOE_LAW}.html")
    law = next(law for law in paper.laws if law.id == MOE_LAW.split("/")[1])
    buttons = page.locator(".slc-law .slc-copy-tex button")
    assert buttons.count() == 2  # the formula, then with its default constants
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    assert _copied(page, ".slc-law .slc-copy-tex >> nth=1 >> button") == custom_tables.law_formula(law, "default").latex
    assert buttons.nth(0).get_attribute("aria-live") == "polite"  # "Copied" is announced


def test_a_law_page_prints_without_its_controls(page, base_url):
    """Printed, a law page carried its Copy link and Plot-against controls and the calculator's
    folded boxes (Parameters, Every constant set, Fit this form) as empty bars. They are left off
    the print; the values, the plot and the tables stay."""
    page.goto(base_url + f"laws/{MOE_LAW}.html")
    page.wait_for_selector("[data-slc-calculator][data-ready='1']")
    gone = [".slc-share", ".slc-copy-tex", ".slc-fit-box", ".slc-calc details.slc-params", "select.slc-x"]
    kept = [".slc-result", "canvas.slc-plot", ".slc-symbols table", ".slc-checks table"]
    assert all(page.locator(s).first.is_visible() for s in gone + kept)
    page.emulate_media(media="print")
    assert [s for s in gone if page.locator(s).first.is_visible()] == []
    assert all(page.locator(s).first.is_visible() for s in kept)


@pytest.mark.parametrize("law", ["ding2025/sft-then-rl-sigmoid", "hoffmann2022/parametric-loss"])
def test_a_stated_value_opens_in_the_calculator_beside_the_printed_number(page, base_url, by_id, law):
    """Checking a law against its paper's printed number meant retyping the Stated values row's
    inputs and picking its constant set. Each row of a value at every input now links to the
    calculator at that point and set, which gives catalog eval's value beside the printed number
    and its locator."""
    from catalog.engine import evaluation

    paper_id, law_id = law.split("/")
    record = next(x for x in by_id[paper_id].laws if x.id == law_id)
    checks = [cv for cv in record.check_values if cv.kind == "value" and set(cv.inputs) == set(record.input_symbols)]
    assert checks
    for i, cv in enumerate(checks):
        page.goto(base_url + f"laws/{law}.html")
        page.click(f".slc-check-try >> nth={i}")
        page.wait_for_selector("[data-slc-calculator][data-ready='1']")
        page.wait_for_function("() => document.querySelector('output.slc-result-value').textContent !== '—'")
        got = float(page.get_attribute("output.slc-result-value", "title") or page.inner_text("output.slc-result-value"))
        want = evaluation.evaluate(record, dict(cv.inputs), cv.constant_set).value
        assert got == pytest.approx(want, rel=1e-5), (i, cv.inputs)
        assert page.evaluate("document.querySelector('.slc-sets input:checked').value") == (
            cv.constant_set or record.default_constants().id)
        if cv.origin == "printed":
            printed = page.inner_text(".slc-printed")
            assert cv.locator in printed and "Printed in the source" in printed, printed


@pytest.mark.parametrize("path, first, field", [
    (f"laws/{MOE_LAW}.html", "#in-N", "#in-D"),
    ("compare.html", "#cmp-output", "#cmp-variable"),
    ("predict.html", "#pred-N", "#pred-D"),
])
def test_the_keyboard_focus_is_visible_on_every_field(page, base_url, path, first, field):
    """Tabbing through a calculator, the Compare or the Predict page showed no focus: the theme
    removes form fields' outline, so a keyboard user could not tell which field took the keys."""
    page.goto(base_url + path)
    page.focus(first)
    page.keyboard.press("Tab")
    assert page.evaluate("f => document.activeElement.matches(f)", field)
    style = page.eval_on_selector(field, "e => { const s = getComputedStyle(e); return [s.outlineStyle, parseFloat(s.outlineWidth)]; }")
    assert style[0] != "none" and style[1] >= 2, style


def test_a_law_page_opens_the_compare_page_on_each_of_its_variables(page, base_url, by_id):
    """Overlaying two MoE laws over the number of experts meant finding, on the Compare page, the
    output group 'loss' (66 laws, among 60 groups) and the variable 'experts'; no law page led
    there unless it had several constant sets. A law page now links to the page on each of its
    variables, with the law picked; the other law is a tick away, and the values at an x are
    catalog eval's."""
    from catalog.engine import evaluation

    page.goto(base_url + f"laws/{MOE_LAW}.html")
    links = page.locator(".slc-compare-links a")
    assert links.all_inner_texts() == ["model parameters", "data", "experts"]
    links.nth(2).click()
    page.wait_for_selector(".slc-compare .slc-legend :text('Joint dense/MoE loss')")
    assert page.input_value("#cmp-variable") == "experts"
    other = "chen2026c/moe-loop-loss"
    page.check(f".slc-cmp-laws label:has(code:text-is('{other}')) input")
    # the point: 500M active parameters, 300B tokens, 4 recurrences, sparsity 0.2, 8 experts
    # chen2026c's looped block N_loop, a second input in model parameters, has its own held field
    for variable, value in (("model parameters", "5e8"), ("model parameters, N_loop", "5e8"), ("data", "3e11"),
                            ("recurrences", "4"), ("sparsity", "0.2")):
        page.get_by_label(f"held: {variable}", exact=True).fill(value)
    page.fill("#cmp-at", "8")
    page.wait_for_function("() => document.querySelectorAll('.slc-cmp-readout tbody tr').length === 2")
    cells = page.eval_on_selector_all(".slc-cmp-readout tbody tr", "rs => rs.map(r => r.cells[1].textContent)")
    ludz = next(x for x in by_id["ludziejewski2025"].laws if x.id == "joint-moe-loss")
    chen = next(x for x in by_id["chen2026c"].laws if x.id == "moe-loop-loss")
    # chen2026c counts parameters and tokens in billions
    want = {evaluation.evaluate(ludz, {"N": 5e8, "D": 3e11, "E": 8}).value,
            evaluation.evaluate(chen, {"N_act": 0.5, "N_loop": 0.5, "D": 300, "R": 4, "m": 0.2, "E": 8}).value}
    assert {round(float(c), 5) for c in cells} == {round(w, 5) for w in want}


def test_a_screen_reader_hears_the_result_with_its_symbol_and_unit(page, base_url):
    """The calculator's live region was the bare number: a screen reader announced '1.93665',
    not what it is. The whole line (symbol, value, unit) is now the region, read as one."""
    page.goto(base_url + "laws/hoffmann2022/parametric-loss.html")
    page.wait_for_selector("[data-slc-calculator][data-ready='1']")
    page.fill("#in-N", "1e9")
    region = page.evaluate("""() => {
      let e = document.querySelector('output.slc-result-value');
      for (; e; e = e.parentElement) {
        const live = e.getAttribute('aria-live'), role = e.getAttribute('role') || (e.tagName === 'OUTPUT' ? 'status' : '');
        if (live === 'off') continue;
        if (live || role === 'status' || role === 'alert') return [e.textContent, e.getAttribute('aria-atomic')];
      }
      return null;
    }""")
    assert region is not None
    text, atomic = region
    assert "L" in text and "=" in text and page.inner_text("output.slc-result-value") in text and "nats/token" in text
    assert atomic == "true"


def test_compare_page_shows_its_choices_on_a_phones_first_screen(page, base_url):
    """On a phone the Compare page opened on a 300-word paragraph, its first control two screens
    down. A sentence says what to do; the rest is one tap away."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base_url + "compare.html")
    page.wait_for_selector(".slc-compare .slc-legend :text('—')")
    for field in ("#cmp-output", "#cmp-variable"):
        box = page.locator(field).bounding_box()
        assert box["y"] + box["height"] <= 844, (field, box)
    about = page.locator("details.slc-cmp-about")
    assert not about.evaluate("d => d.open")
    about.locator("summary").click()
    assert "dashed beyond its law's fitted range" in about.inner_text()


def test_a_law_page_copies_the_latex_that_cites_it_and_its_papers_bibtex(page, base_url, by_id, run):
    """'Cite this law in my paper': the law page gave the formula's LaTeX but no citation (the
    BibTeX was on the paper's page). Its Cite row copies what catalog cite prints (the formula with
    the default constants, the paper's \\cite and where the constants are printed) and the entry
    catalog bib prints."""
    from catalog.publish import bibtex

    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(base_url + "laws/hoffmann2022/parametric-loss.html")
    snippet = run("cite", "hoffmann2022/parametric-loss").stdout
    assert "\\cite[Appendix D.2, Eq. (10)]{hoffmann2022}" in snippet
    assert _copied(page, ".slc-law .slc-cite button.slc-copy-text >> nth=0") == snippet
    assert _copied(page, ".slc-law .slc-cite button.slc-copy-text >> nth=1") == bibtex.entry(by_id["hoffmann2022"])
    page.click(".slc-cite-latex summary")
    assert page.inner_text(".slc-cite-latex pre").strip() == snippet.strip()
    assert "catalog cite hoffmann2022/parametric-loss" in page.inner_text(".slc-law .slc-cite")


def test_a_law_found_by_a_variable_synonym_is_evaluated_and_its_bibtex_copied(page, base_url, by_id, law):
    """'Find the optimal learning-rate law by what I call it, evaluate it at my budget, cite it': the
    Laws page's words filter matched names, ids and titles only, so 'optimal lr' (the vocabulary's
    synonym of optimal_learning_rate) found 8 of the 26 such laws and 'eta_opt' none. It matches each
    row's variables by their synonyms too; the law page then evaluates as catalog eval does, and
    copies the BibTeX catalog bib prints."""
    from catalog.engine import evaluation as engine
    from catalog.publish import bibtex

    page.goto(base_url + "laws/index.html")
    table = "table tbody tr"
    wanted = {f"{p.id}/{x.id}" for p in by_id.values() for x in p.laws if x.dependent_variable == "optimal_learning_rate"}
    assert len(wanted) > 20
    for words in ("optimal lr", "eta_opt"):
        page.fill("input.slc-f-text", words)
        links = page.eval_on_selector_all(f"{table}:not([hidden]) td:first-child a",
                                          "links => links.map(a => a.getAttribute('href'))")
        shown = {re.search(r"laws/(.+)\.html$", href).group(1) for href in links}
        assert wanted <= shown, (words, wanted - shown)
    assert "words=eta_opt" in page.url
    page.locator(f"{table}:visible td:first-child a[href$='bi2024/optimal-learning-rate.html']").click()
    page.wait_for_url("**/laws/bi2024/optimal-learning-rate.html")
    page.wait_for_selector("[data-slc-calculator][data-ready='1']")
    page.fill("#in-C", "")
    page.locator("#in-C").type("1e22")
    value = float(page.get_attribute("output.slc-result-value", "data-value"))
    assert value == pytest.approx(float(engine.evaluate(law("bi2024/optimal-learning-rate"), {"C": 1e22}).value), rel=1e-12)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    assert _copied(page, ".slc-law .slc-cite button.slc-copy-text >> nth=1") == bibtex.entry(by_id["bi2024"])
