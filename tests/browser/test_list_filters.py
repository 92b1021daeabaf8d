"""The Laws and Papers pages' filters, used as a researcher uses them: the answers are the
command line's (catalog search)."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser


def _shown(page, cell: str) -> set[str]:
    return set(page.eval_on_selector_all(f"tbody tr:not([hidden]) {cell}", "cs => cs.map(c => c.textContent)"))


def test_laws_page_finds_every_moe_law_with_constants(page, base_url, catalog_db):
    """'All MoE laws with published constants': the page had no architecture filter, and its words
    'moe' found 19 laws, half of the 37 that catalog search --architecture moe --laws --has-constants
    lists (most of their names and titles never say MoE). The architecture, a paper's facet as in
    catalog search, now filters the laws."""
    from catalog.store.query import Catalog

    with Catalog(catalog_db) as cat:
        expected = set(cat.search(architecture="moe", has_constants=True).law_ids())
    page.goto(base_url + "laws/index.html")
    page.wait_for_selector("[data-slc-filter][data-ready='1']")
    page.select_option(".slc-f-architecture", "moe")
    page.check(".slc-f-constants")
    shown = {href.removeprefix("../laws/").removesuffix(".html") for href in page.eval_on_selector_all(
        "tbody tr:not([hidden]) td:first-child a", "as => as.map(a => a.getAttribute('href'))")}
    assert shown == expected and len(expected) > 30
    assert "architecture=moe" in page.url


@pytest.mark.parametrize("category", ["inference", "reinforcement-learning"])
def test_laws_page_filters_by_category(page, base_url, catalog_db, category):
    """'Laws about test-time compute, or RL': the Laws page had no category filter (the Papers
    page had), and its words 'test-time' found 10 laws of the 41 catalog search --category
    inference --laws lists. The papers' categories now filter the laws, as the command does."""
    from catalog.store.query import Catalog

    with Catalog(catalog_db) as cat:
        expected = set(cat.search(category=category).law_ids())
    page.goto(base_url + "laws/index.html")
    page.wait_for_selector("[data-slc-filter][data-ready='1']")
    page.select_option(".slc-f-category", category)
    shown = {href.removeprefix("../laws/").removesuffix(".html") for href in page.eval_on_selector_all(
        "tbody tr:not([hidden]) td:first-child a", "as => as.map(a => a.getAttribute('href'))")}
    assert shown == expected and len(expected) > 10
    assert f"category={category}" in page.url


def test_papers_page_filters_by_architecture(page, base_url, papers):
    page.goto(base_url + "papers/index.html?architecture=state-space-model")
    page.wait_for_selector("[data-slc-filter][data-ready='1']")
    expected = {p.id for p in papers if "state-space-model" in p.architectures}
    assert _shown(page, "td:first-child code") == expected and expected
    assert page.inner_text(".slc-f-count") == f"{len(expected)} of {len(papers)} papers"


def _column(page, n: int) -> list[str]:
    return page.eval_on_selector_all(f"tbody tr:not([hidden]) td:nth-child({n})", "cs => cs.map(c => c.textContent.trim())")


def test_papers_sort_by_year_and_by_laws_from_the_keyboard(page, base_url, papers):
    """The Papers and Laws tables could not be sorted: a researcher looking for the newest speech
    papers, or the papers with most laws, read 260 rows in id order. Each header is a button."""
    page.goto(base_url + "papers/index.html?modality=speech")
    page.wait_for_selector("[data-slc-filter][data-ready='1']")
    page.click("th button.slc-sort:text-is('Year')")
    years = [int(y) for y in _column(page, 3)]
    assert years == sorted(years, reverse=True) and len(years) == len([p for p in papers if "speech" in p.modalities])
    assert "sort=-year" in page.url and "modality=speech" in page.url
    assert page.get_attribute("th:has(button:text-is('Year'))", "aria-sort") == "descending"
    page.click("th button.slc-sort:text-is('Year')")  # again: oldest first
    assert [int(y) for y in _column(page, 3)] == sorted(years)
    page.reload()  # the order is in the address
    page.wait_for_selector("[data-slc-filter][data-ready='1']")
    assert [int(y) for y in _column(page, 3)] == sorted(years) and "sort=year" in page.url
    # from the keyboard: the Laws header is reached with Tab and pressed with Enter
    page.goto(base_url + "papers/index.html")
    page.wait_for_selector("[data-slc-filter][data-ready='1']")
    page.focus("th button.slc-sort:text-is('Year')")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Laws"
    page.keyboard.press("Enter")
    counts = [int(n) for n in _column(page, 5)]
    assert counts == sorted(counts, reverse=True) and counts[0] == max(len(p.laws) for p in papers)


def test_laws_sort_by_constant_sets_keeps_the_filter(page, base_url):
    page.goto(base_url + "laws/index.html?architecture=moe")
    page.wait_for_selector("[data-slc-filter][data-ready='1']")
    shown = len(_column(page, 1))
    page.click("th button.slc-sort:text-is('Constants')")
    sets = [int(n) for n in _column(page, 6)]
    assert sets == sorted(sets, reverse=True) and len(sets) == shown
    assert page.locator("th:has-text('Formula') button").count() == 0  # a formula is not sorted


def test_laws_sort_on_a_phone_where_the_headers_are_hidden(page, base_url):
    """On a phone (and a tablet) each row is a card and the header row with its sort buttons is
    hidden: the table could not be sorted there. The filter form's Sort select gives the orders."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base_url + "laws/index.html?architecture=moe")
    page.wait_for_selector("[data-slc-filter][data-ready='1']")
    assert not page.locator("th button.slc-sort").first.is_visible()
    first = _column(page, 1)[0]
    chooser = page.locator("select.slc-f-sort")
    assert chooser.is_visible()
    chooser.select_option(label="Constants, largest first")
    sets = [int(n) for n in _column(page, 6)]
    assert sets == sorted(sets, reverse=True) and "sort=-constants" in page.url and "architecture=moe" in page.url
    page.reload()  # the order is in the address, and the select says it
    page.wait_for_selector("[data-slc-filter][data-ready='1']")
    assert chooser.input_value() == "-constants" and [int(n) for n in _column(page, 6)] == sets
    chooser.select_option(label="page order")
    assert _column(page, 1)[0] == first and "sort=" not in page.url


def test_survey_table_filters_sorts_and_links_to_the_paper(page, base_url, papers):
    """The survey's Tables 2 to 8 were bare: no filter, no sorting, and a row named its paper only
    by a citation, with no link to the paper's page (its record and the cells' source). They
    now take the Laws page's filter and sort, and the Paper cell links to the paper."""
    page.goto(base_url + "tables/table-7.html?words=hoffmann")
    page.wait_for_selector("[data-slc-filter][data-ready='1']")
    expected = {p.id for p in papers if p.survey and p.survey.table7
                and "hoffmann" in (p.survey.citation + p.survey.table7.dependent_variable
                                   + p.survey.table7.scaling_variables + " ".join(p.bibliography.authors)).lower()}
    links = page.eval_on_selector_all("tbody tr:not([hidden]) td:first-child a", "as => as.map(a => a.getAttribute('href'))")
    assert sorted(links) == [f"../papers/{p}.html" for p in sorted(expected)] and expected
    total = sum(1 for p in papers if p.survey and p.survey.table7)
    assert page.inner_text(".slc-f-count") == f"{len(expected)} of {total} rows"
    page.click("tbody tr:not([hidden]) td:first-child a")
    page.wait_for_url("**/papers/*.html")
    assert "Survey cells" in page.inner_text("article")
    page.goto(base_url + "tables/table-6.html")
    page.wait_for_selector("[data-slc-filter][data-ready='1']")
    page.click("th button.slc-sort:text-is('Paper')")
    cited = [c.lower() for c in _column(page, 1)]
    assert cited == sorted(cited) and len(cited) == sum(1 for p in papers if p.survey and p.survey.table6)
    assert "sort=paper" in page.url


@pytest.mark.parametrize("words", ["chinchilla", "training compute-optimal", "borgeaud", "hoffmann2022"])
def test_survey_table_finds_a_paper_by_nickname_title_and_authors(page, base_url, words):
    """A researcher looking for Chinchilla's row in Table 6 typed 'chinchilla' and got '0 of 53
    rows': the filter read only the survey's cells, which cite 'Hoffmann et al. (2022)'. A row is
    now found as the Papers page finds its paper: by id, title, nickname and every author."""
    page.goto(base_url + "tables/table-6.html?words=" + words.replace(" ", "+"))
    page.wait_for_selector("[data-slc-filter][data-ready='1']")
    shown = page.eval_on_selector_all("tbody tr:not([hidden])", "rs => rs.map(r => r.getAttribute('data-paper'))")
    assert "hoffmann2022" in shown and len(shown) < 5, shown
    page.click("tbody tr[data-paper=hoffmann2022] td:first-child a")
    page.wait_for_url("**/papers/hoffmann2022.html")
    page.go_back()
    page.wait_for_selector("[data-slc-filter][data-ready='1']")
    assert page.input_value(".slc-f-text") == words  # the filter survives the way back


def test_survey_table_2_keeps_a_modalitys_rows_together(page, base_url, papers):
    """Table 2 prints a modality on its group's first row only: filtering it for 'language' kept
    that row and dropped the rest of the group, and sorting by Modality put the blank cells first.
    Each row now carries its group."""
    from catalog.publish import tables

    by_id = {p.id: p for p in papers}
    groups = [row.group for row in tables.survey_table(by_id, 2).rows]
    page.goto(base_url + "tables/table-2.html?words=language")
    page.wait_for_selector("[data-slc-filter][data-ready='1']")
    shown = page.eval_on_selector_all("tbody tr:not([hidden])", "rs => rs.map(r => r.getAttribute('data-group'))")
    assert shown.count("Language") == groups.count("Language") > 1
    page.goto(base_url + "tables/table-2.html?sort=-modality")
    page.wait_for_selector("[data-slc-filter][data-ready='1']")
    order = page.eval_on_selector_all("tbody tr", "rs => rs.map(r => r.getAttribute('data-group'))")
    assert order == sorted(groups, key=str.lower, reverse=True)


def test_laws_page_variable_filters_read_as_the_vocabulary_names_them(page, base_url, catalog_db):
    """The Scaling variable and Predicts filters offered the vocabulary's keys respelled
    ('inference compute', 'samples'); each option now shows the vocabulary's first other name
    beside it, as the Category filter does, while the filter and the address keep the key."""
    import re

    from catalog.store.query import Catalog

    with Catalog(catalog_db) as cat:
        expected = set(cat.search(variable="inference_compute", per_law=True).law_ids())
    page.goto(base_url + "laws/index.html")
    page.wait_for_selector("[data-slc-filter][data-ready='1']")
    text = page.eval_on_selector(".slc-f-variable option[value='inference_compute']", "o => o.textContent")
    assert re.fullmatch(r"inference compute / test-time compute \(\d+\)", text), text
    samples = page.eval_on_selector(".slc-f-variable option[value='samples']", "o => o.textContent")
    assert re.fullmatch(r"samples / repeated sampling \(\d+\)", samples), samples  # not the symbol 'k'
    loss = page.eval_on_selector(".slc-f-dependent option[value='loss']", "o => o.textContent")
    assert re.fullmatch(r"loss / cross-entropy \(\d+\)", loss), loss
    page.select_option(".slc-f-variable", label=text)  # chosen by what the reader sees
    shown = {href.removeprefix("../laws/").removesuffix(".html") for href in page.eval_on_selector_all(
        "tbody tr:not([hidden]) td:first-child a", "as => as.map(a => a.getAttribute('href'))")}
    assert shown == expected and expected
    assert "variable=inference_compute" in page.url


def _download(page) -> tuple[str, list[list[str]]]:
    import csv
    import io

    with page.expect_download() as caught:
        page.click("button.slc-f-download")
    got = caught.value
    return got.suggested_filename, list(csv.reader(io.StringIO(Path(got.path()).read_bytes().decode("utf-8"), newline="")))


def test_the_filtered_list_downloads_as_csv(browser, base_url, built_site):
    """Filtering the laws to the data-constrained ones left no way to take the list out but selecting
    the table; each filtered list (laws, papers, a survey table) now downloads the rows shown, in the
    order shown, as CSV: a column per header, the formula as LaTeX, the row's page as a link. A cell
    a spreadsheet would run as a formula is written as text (catalog.publish.escaping.csv_cell)."""
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(base_url + "laws/index.html?words=data-constrained&sort=-law")
    page.wait_for_selector("[data-slc-filter][data-ready='1']")
    shown = page.eval_on_selector_all("tbody tr:not([hidden])", """rows => rows.map(r => [r.cells[0].textContent.trim(),
        r.querySelector('[data-latex]').getAttribute('data-latex'), r.querySelector('a').href])""")
    assert 5 < len(shown) < 50
    assert page.inner_text("button.slc-f-download") == "Download the shown laws (CSV)"
    name, rows = _download(page)
    assert name == "laws.csv"
    assert rows[0] == ["Law", "Paper", "Formula", "Dependent", "Scaling variables", "Constants", "Printed check", "link"]
    assert [[r[0], r[2], r[7]] for r in rows[1:]] == shown  # the order shown (sorted by law, descending)
    assert "muennighoff2023" in {r[1] for r in rows[1:]}
    page.evaluate("document.querySelector('tbody tr:not([hidden])').cells[3].textContent = '=HYPERLINK(\"x\",\"y\")'")
    assert _download(page)[1][1][3] == "'=HYPERLINK(\"x\",\"y\")"
    page.goto(base_url + "tables/table-6.html")
    page.wait_for_selector("[data-slc-filter][data-ready='1']")
    name, rows = _download(page)
    assert name == "table-6.csv" and rows[0][0] == "Paper" and rows[1][0] == "Kaplan et al. (2020)"
    assert len(rows) - 1 == page.locator("tbody tr:not([hidden])").count()
    assert errors == []
    context.close()
