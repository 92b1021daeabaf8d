"""Loading into SQLite: normalized tables, atomic replacement, URL override."""

from __future__ import annotations


import pytest

from catalog import records
from catalog.store import db
from tests.conftest import FIXTURES
from tests.sqlite_support import connection_to


def _paths(url):
    return db.sqlite_path(url)


def test_papers_and_laws_are_queryable_with_plain_sqlite(catalog_db):
    with connection_to(_paths(catalog_db)) as con:
        ids = {r[0] for r in con.execute("select id from papers")}
        assert {"kaplan2020", "hoffmann2022", "caballero2023"} <= ids
        laws = dict(con.execute("select id, expression from laws"))
        assert laws["hoffmann2022/parametric-loss"] == "E + A/N**alpha + B/D**beta"
        consts = dict(con.execute(
            "select symbol, value from constants where law_id='hoffmann2022/parametric-loss' and set_id='hoffmann2022'"))
        assert consts == {"E": 1.69, "A": 406.4, "B": 410.7, "alpha": 0.34, "beta": 0.28}
        facets = {r[0] for r in con.execute("select value from paper_facets where kind='modality' and paper_id='caballero2023'")}
        assert facets == {"vision", "language"}
        variables = {r[0] for r in con.execute("select variable from law_variables where law_id='hoffmann2022/parametric-loss'")}
        assert variables == {"model_parameters", "data"}
        cells = dict(con.execute("select column, value from survey_cells where paper_id='hoffmann2022' and table_no=6"))
        assert cells["model_range"] == "70M - 16B" and cells["datasets"] == "MassiveText,Github, C4"
        assert con.execute("select count(*) from survey_cells where paper_id='hoffmann2022' and table_no=8 and column='paper'").fetchone()[0] == 2


def test_full_text_index_is_built(catalog_db):
    with connection_to(_paths(catalog_db)) as con:
        hits = [r[0] for r in con.execute("select paper_id from search_fts where search_fts match 'chinchilla'")]
        assert "hoffmann2022" in hits


def test_failed_load_leaves_previous_database_intact(tmp_path, papers, monkeypatch):
    url = f"sqlite:///{tmp_path / 'c.sqlite'}"
    db.load(papers, url)
    before = (tmp_path / "c.sqlite").read_bytes()

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    from catalog.store import search_index

    monkeypatch.setattr(search_index, "build", boom)
    with pytest.raises(RuntimeError):
        db.load(papers[:1], url)
    assert (tmp_path / "c.sqlite").read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_invalid_records_never_reach_the_database(tmp_path):
    papers, issues = records.load_all([FIXTURES / "invalid"])
    assert issues and not papers


def test_url_override_by_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("CATALOG_DB", f"sqlite:///{tmp_path / 'env.sqlite'}")
    assert db.default_url().endswith("env.sqlite")


def test_missing_database_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="catalog load"):
        db.engine_for(f"sqlite:///{tmp_path / 'nope.sqlite'}")
