"""The reproducibility report: Table 8 summary figures recomputed, the duplicate row named."""

from __future__ import annotations

import pytest

from catalog.publish import reproducibility
from tests import survey_seed


@pytest.fixture(scope="module")
def report(store):
    return reproducibility.report(store)


def test_counts_recomputed_from_the_records(store, report):
    printed = [(p.id, r) for p in store.papers.values() if p.survey for r in p.survey.table8]
    papers = {pid for pid, _ in printed}
    assert report.printed_rows == len(printed)
    assert report.distinct_papers == len(papers)
    assert report.by_rows["repository_link"].count == sum(1 for _, r in printed if r.link == "Link")
    assert report.by_rows["no_training_code"].count == sum(1 for _, r in printed if r.training_code == "N")
    assert report.by_rows["no_analysis_code"].count == sum(1 for _, r in printed if r.analysis_code == "N")
    firsts = {pid: store.paper(pid).survey.table8[0] for pid in papers}
    assert report.by_papers["no_training_code"].count == sum(1 for r in firsts.values() if r.training_code == "N")
    assert report.by_papers["repository_link"].total == len(papers)
    assert report.verified_repositories.count == sum(1 for pid in papers if store.paper(pid).reproducibility.repository)


def test_duplicate_row_is_called_out(report):
    assert [(d.paper_id, d.printed) for d in report.duplicates] == [("hoffmann2022", 2)]
    notes = " ".join(report.notes())
    assert "Duplicate row" in notes and "Hoffmann et al. (2022)" in notes
    assert report.printed_rows == report.distinct_papers + 1


@pytest.mark.skipif(not survey_seed.available(), reason=survey_seed.SKIP_REASON)
def test_survey_statement_reproduced_when_table8_complete(report, store):
    """With every Table 8 record written, counting printed rows gives the survey's own figures
    (22/45 = 48.9%, 29/45 = 64.4%, 27/45 = 60%), and distinct papers give 44."""
    seed = survey_seed.seed_tables()[8]
    by_citation = {survey_seed.norm(p.survey.citation) for p in store.papers.values() if p.survey}
    missing = sorted({r.citation for r in seed.rows if r.citation not in by_citation})
    if missing:
        pytest.xfail(f"record not yet written for Table 8 rows: {'; '.join(missing)}")
    assert report.printed_rows == 45 and report.distinct_papers == 44
    assert str(report.by_rows["repository_link"]) == "22 (48.9%)"
    assert str(report.by_rows["no_training_code"]) == "29 (64.4%)"
    assert str(report.by_rows["no_analysis_code"]) == "27 (60.0%)"
    assert report.missing == []


def test_render_all_formats(report):
    for fmt in ("markdown", "latex", "csv", "html", "text"):
        out = report.render(fmt)
        assert "Hoffmann et al. (2022)" in out
        assert ("48.9\\%" if fmt == "latex" else "48.9%") in out  # the survey's printed figure, quoted
    summary = report.summary_table()
    assert [r.cells[0].text for r in summary.rows][:4] == list(reproducibility.FIGURES.values())
