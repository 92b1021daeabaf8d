"""Readers keep working while a load runs, and see the old or the new catalog, never a broken one."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import text

from catalog.store import db


def _snapshot(url):
    engine = db.engine_for(url)
    try:
        with engine.connect() as c:
            papers = c.execute(text("select count(*) from papers")).scalar_one()
            meta = int(c.execute(text("select value from meta where key='paper_count'")).scalar_one())
            laws = c.execute(text("select count(*) from laws")).scalar_one()
            meta_laws = int(c.execute(text("select value from meta where key='law_count'")).scalar_one())
            hits = c.execute(text("select count(*) from search_fts")).scalar_one()
        return papers, meta, laws, meta_laws, hits
    finally:
        engine.dispose()


def _hammer(url, papers, reloads=6, readers=3):
    db.load(papers, url)
    small = papers[:1]
    stop = threading.Event()
    seen, errors = [], []

    def read():
        while not stop.is_set():
            try:
                seen.append(_snapshot(url))
            except Exception as exc:  # any failure to read is a broken catalog
                errors.append(repr(exc))

    threads = [threading.Thread(target=read) for _ in range(readers)]
    for t in threads:
        t.start()
    try:
        for i in range(reloads):
            db.load(small if i % 2 == 0 else papers, url)
    finally:
        stop.set()
        for t in threads:
            t.join()
    return seen, errors


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_searches_during_reload_see_old_or_new(backend, tmp_path, papers, request):
    url = f"sqlite:///{tmp_path / 'c.sqlite'}" if backend == "sqlite" else request.getfixturevalue("pg_url")
    seen, errors = _hammer(url, papers)
    assert errors == []
    assert seen, "readers never ran"
    full = (len(papers), len(papers), sum(len(p.laws) for p in papers), sum(len(p.laws) for p in papers), len(papers))
    one = (1, 1, len(papers[0].laws), len(papers[0].laws), 1)
    assert set(seen) <= {full, one}, set(seen) - {full, one}
