"""The database opens in the tools users already have: plain sqlite3 and Datasette (with the
shipped metadata file describing every table and column)."""

from __future__ import annotations

import asyncio
import gc
import json
from concurrent.futures import ThreadPoolExecutor
from importlib import resources
from pathlib import Path

import pytest

from catalog.store.db import sqlite_path
from tests.sqlite_support import connection_to
from tests.test_query import EXPERT_LAWS, QUANTIZATION_TEXT

METADATA = Path(str(resources.files("catalog") / "datasette-metadata.json"))


@pytest.fixture(scope="module")
def db_file(catalog_db) -> Path:
    path = sqlite_path(catalog_db)
    assert path.name == "catalog.sqlite"  # Datasette names the database 'catalog' after the file
    return path


@pytest.fixture(scope="module")
def metadata() -> dict:
    return json.loads(METADATA.read_text(encoding="utf-8"))


def _tables(db_file: Path) -> dict[str, list[str]]:
    with connection_to(db_file) as con:
        names = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        # FTS5 shadow tables (search_fts_data, ...) are internal; Datasette hides them too
        names = [n for n in names if not (n.startswith("search_fts_") or n.startswith("sqlite_"))]
        return {n: [r[1] for r in con.execute(f'PRAGMA table_info("{n}")')] for n in names}


def test_metadata_describes_every_table_and_column(db_file, metadata):
    described = metadata["databases"]["catalog"]["tables"]
    actual = _tables(db_file)
    assert set(described) == set(actual), "catalog/datasette-metadata.json is out of date"
    for table, columns in actual.items():
        assert described[table]["description"], table
        assert set(described[table]["columns"]) == set(columns), f"columns of {table} are out of date"
        assert all(described[table]["columns"].values())


def test_plain_sqlite3(db_file):
    with connection_to(db_file) as con:
        laws = {r[0] for r in con.execute(
            "SELECT l.id FROM laws l JOIN law_variables v ON v.law_id = l.id WHERE v.variable = 'experts'")}
        hits = {r[0] for r in con.execute("SELECT paper_id FROM search_fts WHERE search_fts MATCH 'quantization'")}
    assert laws == EXPERT_LAWS
    assert hits == QUANTIZATION_TEXT


# Datasette 0.65 never closes its in-memory connections (the _internal database's, one per
# thread, and Datasette._versions'), and has no call that would: Python 3.13 warns of each when
# it is collected. Ignored in this test alone, which collects them before it ends, so that
# pyproject's error::ResourceWarning still fails any connection of ours left open.
@pytest.mark.filterwarnings(r"ignore:unclosed database in <sqlite3\.Connection:ResourceWarning")
def test_datasette_serves_the_catalog_with_metadata(db_file, metadata):
    datasette = pytest.importorskip("datasette.app")

    async def scenario():
        ds = datasette.Datasette([str(db_file)], metadata=metadata)
        try:
            return await served(ds)
        finally:  # its connections on the catalog's file, then its threads (and their connections)
            for database in ds.databases.values():
                database.close()
            if ds.executor is not None:
                ds.executor.shutdown(wait=True)

    async def served(ds):
        await ds.invoke_startup()
        sql = ("select l.id from laws l join law_variables v on v.law_id = l.id "
               "where v.variable = 'experts' order by l.id")
        response = await ds.client.get("/catalog.json", params={"sql": sql, "_shape": "array"})
        assert response.status_code == 200, response.text
        laws = {row["id"] for row in response.json()}
        canned = await ds.client.get("/catalog/laws_with_variable.json",
                                     params={"variable": "experts", "_shape": "array"})
        assert canned.status_code == 200, canned.text
        search = await ds.client.get("/catalog/search_fts.json",
                                     params={"_search": "quantization", "_shape": "array", "_col": "paper_id"})
        assert search.status_code == 200, search.text
        table8 = await ds.client.get("/catalog/table8.json", params={"_shape": "array"})
        served = await ds.client.get("/-/metadata.json")
        page = await ds.client.get("/catalog/papers")
        return laws, {r["id"] for r in canned.json()}, {r["paper_id"] for r in search.json()}, table8.json(), \
            served.json(), page.text

    # in a thread of its own: other tests (Playwright's sync API) may leave an event loop running here
    with ThreadPoolExecutor(max_workers=1) as pool:
        laws, canned, search, table8, served, page = pool.submit(asyncio.run, scenario()).result()
    gc.collect()  # Datasette's cycles, with their connections, while its warnings are ignored
    assert laws == EXPERT_LAWS
    assert canned == EXPERT_LAWS
    assert search == QUANTIZATION_TEXT
    assert len(table8) == 45
    assert [r["paper"] for r in table8].count("Hoffmann et al. (2022)") == 2
    assert served["databases"]["catalog"]["tables"]["papers"]["description"].startswith("One row per paper record")
    assert "One row per paper record" in page  # the table description is shown on the table page
