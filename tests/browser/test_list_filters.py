"""The Laws and Papers pages' filters, used as a researcher uses them: the answers are the
command line's (catalog search)."""

from __future__ import annotations

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


def test_papers_page_filters_by_architecture(page, base_url, papers):
    page.goto(base_url + "papers/index.html?architecture=state-space-model")
    page.wait_for_selector("[data-slc-filter][data-ready='1']")
    expected = {p.id for p in papers if "state-space-model" in p.architectures}
    assert _shown(page, "td:first-child code") == expected and expected
    assert page.inner_text(".slc-f-count") == f"{len(expected)} of {len(papers)} papers"
