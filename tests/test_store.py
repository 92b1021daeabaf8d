from __future__ import annotations

import pytest

from catalog.store.reader import NotFound, Store
from tests.sqlite_support import connection_to


def test_store_reads_records_back(catalog_db, papers):
    store = Store(catalog_db)
    assert store.paper("hoffmann2022") == next(p for p in papers if p.id == "hoffmann2022")
    assert store.law("hoffmann2022").law.id == "parametric-loss"
    assert store.law("kaplan2020/loss-n").id == "kaplan2020/loss-n"


def test_a_sqlite_catalog_written_before_the_formula_trees_still_reads(catalog_db, tmp_path):
    """Store reads a SQLite file with sqlite3: a database without laws.numeric_json (written before
    it was stored) gives its records, its laws compiled as before; a missing file is told as such."""
    import shutil

    from catalog.store.lawstore import sqlite_file

    old = tmp_path / "old.sqlite"
    shutil.copy(sqlite_file(catalog_db), old)
    with connection_to(old) as connection:
        connection.execute("ALTER TABLE laws DROP COLUMN numeric_json")
    connection.close()
    store = Store(str(old)).with_stored_forms()
    assert store.law("hoffmann2022")(N=7e10, D=1.4e12) == pytest.approx(1.93665, abs=5e-6)
    assert store.papers == Store(catalog_db).papers
    store.close()
    with pytest.raises(FileNotFoundError, match="no catalog database"):
        Store(str(tmp_path / "missing.sqlite"))


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
    paths.code_digest.cache_clear()  # once a process: as another process would read the code
    try:
        before = paths.fingerprint([])
        (package / "store" / "search_index.py").write_text("y = 22\n", encoding="utf-8")
        paths.code_digest.cache_clear()
        assert paths.fingerprint([]) != before
    finally:
        paths.code_digest.cache_clear()


def test_one_key_of_the_code_reads_its_contents_not_its_times(tmp_path, monkeypatch):
    """The default database's fingerprint and the printed forms' cache keyed on the modules' sizes
    and times, the valid records' cache on their contents: an edit that keeps both (within the
    clock's tick, or a checkout or copy that sets them) left a stale database and printed forms.
    All three hold paths.code_digest, which reads the contents; __pycache__ is no module."""
    import os

    from catalog import formcache, paths, validcache

    package = tmp_path / "catalog"
    (package / "store" / "__pycache__").mkdir(parents=True)
    module = package / "store" / "loader.py"
    module.write_text("limit = 1\n", encoding="utf-8")
    monkeypatch.setattr(paths, "PACKAGE_DIR", package)
    caches = (paths.code_digest, formcache.printer_version, validcache.validator_version)

    def keys():
        for cached in caches:
            cached.cache_clear()
        return paths.code_digest(), paths.fingerprint([]), formcache.printer_version(), validcache.validator_version()

    try:
        before = keys()
        stat = module.stat()
        module.write_text("limit = 9\n", encoding="utf-8")  # the same size
        os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # and time
        after = keys()
        assert all(a != b for a, b in zip(before, after))
        (package / "store" / "__pycache__" / "loader.cpython-311.py").write_text("stale\n", encoding="utf-8")
        assert keys() == after
    finally:
        for cached in caches:
            cached.cache_clear()
