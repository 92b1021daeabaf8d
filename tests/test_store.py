from __future__ import annotations

import pytest

from catalog.store.reader import NotFound, Store


def test_store_reads_records_back(catalog_db, papers):
    store = Store(catalog_db)
    assert store.paper("hoffmann2022") == next(p for p in papers if p.id == "hoffmann2022")
    assert store.law("hoffmann2022").law.id == "parametric-loss"
    assert store.law("kaplan2020/loss-n").id == "kaplan2020/loss-n"


def test_unknown_ids_suggest_close_matches(catalog_db):
    store = Store(catalog_db)
    with pytest.raises(NotFound, match="did you mean: hoffmann2022"):
        store.paper("hofmann2022")
    with pytest.raises(NotFound, match="did you mean: loss-n"):
        store.law("kaplan2020/loss-nn")


def test_the_default_databases_fingerprint_follows_every_module(tmp_path, monkeypatch):
    # the search index is written by catalog/store/search_index.py: a change there (not only in a
    # top-level module) must rebuild a database built before it
    from catalog import paths

    package = tmp_path / "catalog"
    (package / "store").mkdir(parents=True)
    (package / "schema.py").write_text("x = 1\n", encoding="utf-8")
    (package / "store" / "search_index.py").write_text("y = 1\n", encoding="utf-8")
    monkeypatch.setattr(paths, "PACKAGE_DIR", package)
    before = paths.fingerprint([])
    (package / "store" / "search_index.py").write_text("y = 22\n", encoding="utf-8")
    assert paths.fingerprint([]) != before
