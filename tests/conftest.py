from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "papers"


def _record_dirs() -> list[Path]:
    from catalog import paths

    return [DATA, *(d for d in paths.extra_data_dirs() if d != DATA.resolve())]


# The per-record tests (test_corpus, test_check_values) also take a contributor's own records,
# layered over the catalog's as the commands layer them (CATALOG_DATA_DIRS): CONTRIBUTING.md's
# `pytest tests/test_corpus.py tests/test_check_values.py -k ID` then tests a record kept outside.
RECORD_DIRS = _record_dirs()
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def minimal_edited(tmp_path: Path, edits) -> Path:
    """The valid minimal record written to ``tmp_path`` with each ``(old, new)`` of ``edits``
    replaced (each ``old`` must be in it): a record one test makes invalid in chosen places."""
    text = (FIXTURES / "valid" / "minimal.yaml").read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / "minimal.yaml"
    path.write_text(text, encoding="utf-8")
    return path
SEEDS = Path(os.environ.get("CATALOG_SEEDS", ROOT.parent / "shared" / "seeds"))


@pytest.fixture(scope="session", autouse=True)
def _own_cache_dir(tmp_path_factory):
    """The printed forms the commands cache (catalog/formcache.py) go to a directory of the test
    run's, not the user's; a test setting CATALOG_CACHE_DIR itself has its own."""
    if os.environ.get("CATALOG_CACHE_DIR"):
        yield
        return
    os.environ["CATALOG_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    try:
        yield
    finally:
        os.environ.pop("CATALOG_CACHE_DIR", None)


@pytest.fixture(scope="session")
def papers():
    from catalog import records

    return records.load_valid([DATA])


@pytest.fixture(scope="session")
def catalog_db(tmp_path_factory, papers) -> str:
    """A database URL with the real catalog loaded (session-wide, read-only for tests)."""
    from catalog.store import db

    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'catalog.sqlite'}"
    db.load(papers, url)
    return url


@pytest.fixture(scope="session")
def pg_url():
    """URL of a fresh PostgreSQL server on 127.0.0.1 (skips, or fails in CI, when unavailable)."""
    from tests.pgserver import Server, _unavailable

    try:
        import psycopg  # noqa: F401
    except ImportError:  # importorskip skipped even where CATALOG_REQUIRE_POSTGRES=1 forbids it
        _unavailable("the driver is not installed (pip install -e '.[postgres]')")

    server = Server()
    try:
        yield server.start()
    finally:
        server.stop()


@pytest.fixture(scope="session")
def pg_catalog_db(pg_url, papers) -> str:
    from catalog.store import db

    db.load(papers, pg_url)
    return pg_url


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def any_catalog_db(request) -> str:
    """The real catalog loaded into each supported backend: tests using it run on both."""
    return request.getfixturevalue("catalog_db" if request.param == "sqlite" else "pg_catalog_db")


@pytest.fixture(scope="session")
def by_id(papers):
    """Papers by id."""
    return {p.id: p for p in papers}


@pytest.fixture(scope="session")
def chinchilla(by_id):
    """Chinchilla's parametric loss (hoffmann2022's first law) as a LawRef."""
    from catalog.store.reader import LawRef

    paper = by_id["hoffmann2022"]
    return LawRef(paper, paper.laws[0])


@pytest.fixture(scope="session")
def store(catalog_db):
    """A Store on the real catalog."""
    from catalog.store.reader import Store

    s = Store(catalog_db)
    yield s
    s.close()


@pytest.fixture(scope="session")
def opened(catalog_db):
    """``catalog.open()`` on the real catalog, closed at the end (a Session left to the garbage
    collector is a ResourceWarning per connection, an error under pyproject's filterwarnings)."""
    import catalog

    with catalog.open(catalog_db) as session:
        yield session


@pytest.fixture(scope="session")
def run(catalog_db):
    """Invoke the CLI on the real catalog: ``run("eval", "hoffmann2022", "N=70B", "D=1.4T")``."""
    from click.testing import CliRunner

    from catalog.cli import cli

    def invoke(*args):
        return CliRunner().invoke(cli, [*args, "--db", catalog_db])
    return invoke


@pytest.fixture(scope="session")
def law(by_id):
    """Look up a LawRef by 'paper' (first law) or 'paper/law', without a database."""
    from catalog.store.reader import LawRef

    def get(ref: str) -> LawRef:
        paper_id, _, law_id = ref.partition("/")
        paper = by_id[paper_id]
        return LawRef(paper, next(l for l in paper.laws if l.id == law_id) if law_id else paper.laws[0])
    return get
