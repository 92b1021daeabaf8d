"""Installing and running anywhere: database paths and URLs, the default database built from the
records (and rebuilt when they change), a user's record layers, the mkdocs project at the root,
and a wheel installed into a fresh virtual environment answering from another directory."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import DATA, FIXTURES, ROOT

MINIMAL = FIXTURES / "valid" / "minimal.yaml"


@pytest.fixture
def isolated(tmp_path, monkeypatch):
    """No CATALOG_* settings from the caller; the cache in tmp_path."""
    for name in list(os.environ):
        if name.startswith("CATALOG_") and not name.startswith("CATALOG_REQUIRE"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("CATALOG_CACHE_DIR", str(tmp_path / "cache"))
    from catalog import paths

    monkeypatch.setattr(paths, "extra_dirs_from_options", [])
    return tmp_path


def _cli(*args, env=None):
    from catalog.cli import cli

    return CliRunner().invoke(cli, list(args), env=env)


# ---------------------------------------------------------------- --db and CATALOG_DB


def test_a_plain_path_is_a_database_url(tmp_path):
    from catalog.paths import as_url

    assert as_url(tmp_path / "c.sqlite") == f"sqlite:///{tmp_path / 'c.sqlite'}"
    assert as_url("postgresql+psycopg://u@127.0.0.1/db") == "postgresql+psycopg://u@127.0.0.1/db"
    assert as_url("sqlite:///x.sqlite") == "sqlite:///x.sqlite"


def test_db_option_and_environment_accept_a_path(catalog_db, tmp_path):
    path = catalog_db.removeprefix("sqlite:///")
    by_option = _cli("eval", "hoffmann2022", "N=70B", "D=1.4T", "--db", path)
    assert by_option.exit_code == 0, by_option.output
    assert "L = 1.93665" in by_option.output
    by_env = _cli("search", "--variable", "experts", env={"CATALOG_DB": path})
    assert by_env.exit_code == 0 and "clark2022" in by_env.output
    missing = _cli("show", "hoffmann2022", env={"CATALOG_DB": str(tmp_path / "none.sqlite")})
    assert missing.exit_code != 0
    assert "Traceback" not in missing.output and "none.sqlite" in missing.output


def _fresh_database(backend: str, request, tmp_path) -> str:
    """An empty database of ``backend``: an SQLite file path, or a new database on the test server."""
    if backend == "sqlite":
        return str(tmp_path / "team.sqlite")
    from sqlalchemy import text

    from catalog.store import db

    server = request.getfixturevalue("pg_url")
    name = f"team_{tmp_path.name.lower().replace('-', '_')[-40:]}"
    engine = db.engine_for(server)
    with engine.execution_options(isolation_level="AUTOCOMMIT").connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()  # its pooled psycopg connection, else a ResourceWarning in a later test
    return server.rsplit("/", 1)[0] + f"/{name}"


def _catalog_state(url: str) -> tuple:
    from sqlalchemy import text

    from catalog.store import db

    engine = db.engine_for(url)
    with engine.connect() as connection:
        state = (sorted(connection.execute(text("SELECT id, record_json FROM papers")).all()),
                 sorted(connection.execute(text("SELECT key, value FROM meta")).all()),
                 connection.execute(text("SELECT count(*) FROM laws")).scalar_one())
    engine.dispose()
    return state


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_a_load_failing_midway_leaves_the_previous_catalog_on_either_backend(backend, request, tmp_path, monkeypatch):
    """A team's database reloaded from a record directory holding one broken record: rows of the
    valid records already written (one batch each here) are never seen; the catalog before stays."""
    from catalog.store import db

    url = _fresh_database(backend, request, tmp_path)
    records = tmp_path / "records"
    shutil.copytree(FIXTURES / "valid", records)
    first = _cli("load", str(records), "--db", url)
    assert first.exit_code == 0, first.output
    before = _catalog_state(url)

    shutil.copy(DATA / "hoffmann2022.yaml", records / "hoffmann2022.yaml")  # a record the catalog did not hold
    broken = MINIMAL.read_text(encoding="utf-8").replace("minimal", "zzbroken").replace("year: 2024", "year: soon")
    (records / "zzbroken.yaml").write_text(broken, encoding="utf-8")  # read last: every valid one is written first
    monkeypatch.setattr(db, "BATCH", 1)
    failed = _cli("load", str(records), "--db", url)
    assert failed.exit_code == 1, failed.output
    assert "zzbroken.yaml:5: bibliography.year:" in failed.output and "database left unchanged" in failed.output
    assert _catalog_state(url) == before
    assert "hoffmann2022" not in {row[0] for row in before[0]}

    (records / "zzbroken.yaml").unlink()  # fixed: the reload over the existing catalog goes through
    again = _cli("load", str(records), "--db", url)
    assert again.exit_code == 0, again.output
    assert "hoffmann2022" in {row[0] for row in _catalog_state(url)[0]}


def _as_an_older_version_wrote_it(url: str, version: str | None) -> None:
    """Store 'minimal' without a field this version writes (as a version before it was added did),
    and the version that wrote the database as ``version`` (None: as this one)."""
    import json

    from sqlalchemy import text

    from catalog.store import db

    engine = db.engine_for(url)
    with engine.begin() as connection:
        record = json.loads(connection.execute(text("SELECT record_json FROM papers WHERE id = 'minimal'")).scalar_one())
        del record["laws"][0]["conventions"]
        connection.execute(text("UPDATE papers SET record_json = :j WHERE id = 'minimal'"), {"j": json.dumps(record)})
        if version is not None:
            connection.execute(text("UPDATE meta SET value = :v WHERE key = 'code_digest'"), {"v": version})
    engine.dispose()


@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_a_database_an_older_version_wrote_says_so_and_how_to_rebuild_it(backend, request, tmp_path):
    """A team's database (or a downloaded catalog.sqlite) loaded by an older version: the commands
    said 'it was not written by catalog load from valid records', which it was, by that version."""
    url = _fresh_database(backend, request, tmp_path)
    assert _cli("load", str(FIXTURES / "valid"), "--db", url).exit_code == 0
    _as_an_older_version_wrote_it(url, "0" * 64)
    # show reads the stored record as it is (eval on a server validates it, the schema's default filling the gap)
    for args in (["show", "minimal"], *([["eval", "minimal", "N=1e8"]] if backend == "sqlite" else [])):
        result = _cli(*args, "--db", url)
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
        assert "the database was written by another version of the catalog" in result.output
        assert "rebuild it with 'catalog load' (with the same --db)" in result.output
        assert "not written by 'catalog load'" not in result.output


def test_a_record_edited_in_this_versions_database_is_still_called_so(tmp_path):
    url = str(tmp_path / "edited.sqlite")
    assert _cli("load", str(FIXTURES / "valid"), "--db", url).exit_code == 0
    _as_an_older_version_wrote_it(url, None)  # edited after this version's load
    result = _cli("show", "minimal", "--db", url)
    assert result.exit_code == 1
    assert "not written by 'catalog load' from valid records" in result.output and "another version" not in result.output


@pytest.mark.parametrize("args", [["load"], ["search"], ["show", "hoffmann2022"], ["eval", "hoffmann2022", "N=70B"]])
def test_a_server_url_without_its_driver_says_what_to_install(args, monkeypatch):
    """The plain install has no PostgreSQL driver (it is the 'postgres' extra): every command
    given a postgresql URL printed SQLAlchemy's traceback ending in "No module named 'psycopg'"."""
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg: ModuleNotFoundError
    monkeypatch.setitem(sys.modules, "psycopg2", None)
    url = "postgresql+psycopg://team:s3cret@127.0.0.1:9/catalog"
    for result in (_cli(*args, "--db", url), _cli(*args, env={"CATALOG_DB": url.replace("+psycopg", "")})):
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output and "s3cret" not in result.output
        assert "not installed" in result.output and "pip install 'scaling-law-catalog[postgres]'" in result.output


def test_a_url_of_no_known_database_says_which_are(monkeypatch):
    """'postgres://' (as some hosts print it) is no SQLAlchemy dialect: a traceback ending in
    "Can't load plugin: sqlalchemy.dialects:postgres"."""
    result = _cli("search", "--db", "postgres://team:s3cret@127.0.0.1:9/catalog")
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "s3cret" not in result.output
    assert "'postgres'" in result.output and "postgresql+psycopg://" in result.output


# ---------------------------------------------------------------- the default database


def test_default_database_is_built_on_first_use_and_rebuilt_when_records_change(isolated, monkeypatch, capfd):
    from catalog import paths
    from catalog.store.reader import Store

    records = isolated / "records"
    records.mkdir()
    shutil.copy(MINIMAL, records / "minimal.yaml")
    monkeypatch.setenv("CATALOG_DATA_DIR", str(records))

    url = paths.database_url()
    assert url.startswith(f"sqlite:///{isolated / 'cache'}")
    # the fingerprint covers the package's code too (paths.fingerprint): an upgrade rebuilds, and says why
    assert "(first use, or the records or the catalog's code changed)" in capfd.readouterr().err
    assert list(Store(url).papers) == ["minimal"]

    assert paths.database_url() == url  # fresh: no rebuild, no notice
    assert capfd.readouterr().err == ""

    text = MINIMAL.read_text(encoding="utf-8").replace("A minimal record", "A changed record")
    (records / "minimal.yaml").write_text(text, encoding="utf-8")
    os.utime(records / "minimal.yaml", ns=(1, 1))  # a different mtime even on a coarse clock
    assert paths.database_url() == url
    assert "building the database" in capfd.readouterr().err
    assert Store(url).paper("minimal").bibliography.title == "A changed record"


def first_uses_at_once(records: Path) -> tuple[int, int]:
    """Two threads asking for the default database (CATALOG_CACHE_DIR's, built from ``records``) at
    once, each load held half a second: (loads run, most loads running together). Without a lock
    both find it missing and build it together: (2, 2)."""
    import threading
    import time

    from catalog import paths
    from catalog.store import db

    os.environ["CATALOG_DATA_DIR"] = str(records)
    counts = {"loads": 0, "running": 0, "most": 0}
    guard = threading.Lock()
    real = db.load

    def slow_load(*args, **kwargs):
        with guard:
            counts["loads"] += 1
            counts["running"] += 1
            counts["most"] = max(counts["most"], counts["running"])
        try:
            time.sleep(0.5)
            return real(*args, **kwargs)
        finally:
            with guard:
                counts["running"] -= 1

    db.load = slow_load
    try:
        threads = [threading.Thread(target=paths.database_url) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        db.load = real
    return counts["loads"], counts["most"]


def test_two_first_uses_at_once_build_the_default_database_once(isolated, monkeypatch, capfd):
    """The second waits for the first's build, then finds the database fresh (filelock: flock here)."""
    records = isolated / "records"
    records.mkdir()
    shutil.copy(MINIMAL, records / "minimal.yaml")
    monkeypatch.setenv("CATALOG_DATA_DIR", str(records))
    assert first_uses_at_once(records) == (1, 1)
    assert capfd.readouterr().err.count("catalog: building the database") == 1


def test_two_first_uses_at_once_build_it_once_where_fcntl_is_missing(isolated):
    """Where there is no fcntl (Windows; filelock then takes msvcrt's lock there, a lock file
    elsewhere) the builds take turns too: before, there was no lock at all, and two first uses
    wrote the database together. Run in a fresh interpreter with fcntl made unimportable."""
    records = isolated / "records"
    records.mkdir()
    shutil.copy(MINIMAL, records / "minimal.yaml")
    code = ("import sys, warnings; sys.modules['fcntl'] = None; warnings.simplefilter('ignore')\n"
            "import filelock; assert not filelock.has_fcntl, filelock.FileLock\n"
            "from tests.test_install import first_uses_at_once; print(first_uses_at_once(sys.argv[1]))")
    env = {k: v for k, v in os.environ.items() if not k.startswith("CATALOG_") or k.startswith("CATALOG_REQUIRE")}
    env.update(CATALOG_CACHE_DIR=str(isolated / "cache"), PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", code, str(records)], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "(1, 1)", done.stderr
    assert done.stderr.count("catalog: building the database") == 1


@pytest.fixture
def windows_replace(monkeypatch):
    """os.replace as on Windows: refused while a connection of this process (any sqlite3.connect
    made, tracked) holds the file replaced open; POSIX lets the open connection read on."""
    import sqlite3

    opened = []
    real_connect, real_replace = sqlite3.connect, os.replace

    def connect(*args, **kwargs):
        connection = real_connect(*args, **kwargs)
        opened.append(connection)
        return connection

    def replace(source, target):
        for connection in opened if os.path.exists(target) else ():
            try:
                files = [row[2] for row in connection.execute("PRAGMA database_list")]
            except sqlite3.ProgrammingError:  # closed
                continue
            if any(f and os.path.exists(f) and os.path.samefile(f, target) for f in files):
                raise PermissionError(13, "The process cannot access the file because it is being used by another "
                                          "process", str(target))
        real_replace(source, target)

    monkeypatch.setattr(sqlite3, "connect", connect)
    monkeypatch.setattr(os, "replace", replace)
    yield
    for connection in opened:
        connection.close()


def test_a_catalog_open_in_this_process_lets_a_load_replace_its_database_as_windows_needs(isolated, monkeypatch,
                                                                                        windows_replace):
    """A notebook's open catalog, then a record edited: the next catalog.open() rebuilt the default
    database onto the file the first held open, which Windows refuses ('cannot write the catalog
    database ... being used by another process'); so did a load onto an open --db. The catalog
    closes its own connections first, and the open catalog reads the new one."""
    import catalog
    from catalog import records as record_files
    from catalog.store import db
    from catalog.store.query import Catalog

    records = isolated / "records"
    records.mkdir()
    shutil.copy(MINIMAL, records / "minimal.yaml")
    monkeypatch.setenv("CATALOG_DATA_DIR", str(records))
    first = catalog.open()
    assert first.search().ids() == ["minimal"]
    _own_record(records)
    second = catalog.open()  # rebuilds the database the first holds open
    assert second.search().ids() == ["minimal", "mylab2026"]
    assert first.search().ids() == ["minimal", "mylab2026"]
    first.close()
    second.close()

    target = isolated / "given.sqlite"
    db.load(record_files.load_valid([records]), target)
    held_open = Catalog(str(target))
    closed = Catalog(str(target))
    assert held_open.paper_ids() == closed.paper_ids() == ["minimal", "mylab2026"]
    closed.close()
    (records / "mylab2026.yaml").unlink()
    db.load(record_files.load_valid([records]), target)
    assert held_open.paper_ids() == ["minimal"]
    held_open.close()
    with pytest.raises(sqlite3.ProgrammingError):  # a closed catalog stays closed
        closed.paper_ids()


def _held_by_another_process(monkeypatch, target: Path) -> None:
    """os.replace as Windows refuses it while another process (a Datasette, a notebook's catalog)
    holds ``target`` open: PermissionError naming the temporary file first, the target second."""
    real_replace = os.replace

    def replace(source, destination):
        if os.path.exists(destination) and os.path.samefile(destination, target):
            raise PermissionError(13, "Access is denied", str(source), None, str(destination))
        real_replace(source, destination)

    monkeypatch.setattr(os, "replace", replace)


def test_a_load_onto_a_database_another_process_holds_open_says_so_and_keeps_it(isolated, monkeypatch):
    """On Windows a running Datasette (or another process's catalog.open()) on the database made
    'catalog load' say 'cannot write the database ... (.../.given.sqlite.123.ab.tmp: Access is
    denied)', naming a temporary file that no longer exists, and the first use of a default
    database told the user to move CATALOG_CACHE_DIR. Now the error names the database, says what
    holds it, and the previous database is kept, with no temporary file left beside it."""
    records = isolated / "records"
    shutil.copy(MINIMAL, _own_record(records).with_name("minimal.yaml"))
    monkeypatch.setenv("CATALOG_DATA_DIR", str(records))
    target = isolated / "given.sqlite"
    assert _cli("load", "--db", str(target)).exit_code == 0
    before = target.read_bytes()
    (records / "mylab2026.yaml").unlink()
    _held_by_another_process(monkeypatch, target)
    result = _cli("load", "--db", str(target))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.output.count("error:") == 1 and f"cannot replace the catalog database {target}" in result.output
    assert "another program holds it open" in result.output and ".tmp" not in result.output
    assert target.read_bytes() == before and sorted(p.name for p in isolated.iterdir()) == ["cache", "given.sqlite",
                                                                                              "records"]

    from catalog import paths

    default = paths.default_db_path()
    assert _cli("load").exit_code == 0  # the default database, rebuilt on first use after an edit
    _own_record(records)
    _held_by_another_process(monkeypatch, default)
    result = _cli("show", "minimal")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"cannot replace the catalog database {default}" in result.output
    assert "CATALOG_CACHE_DIR" not in result.output and ".tmp" not in result.output
    assert not [p for p in default.parent.iterdir() if p.name.endswith(".tmp")]


def test_an_output_file_holds_the_bytes_printed_on_every_platform(catalog_db, tmp_path, monkeypatch):
    """--output wrote in text mode, which on Windows turns each newline into CRLF: a CSV's quoted
    line break changed inside its cell, and the file differed from stdout and from the same command's
    file elsewhere. Windows' text mode is simulated: newline translation unless newline='' is asked."""
    real_write_text = Path.write_text

    def windows_write_text(self, data, encoding=None, errors=None, newline=None):
        translated = data.replace("\n", "\r\n") if newline is None else data
        return real_write_text(self, translated, encoding, errors, newline)

    monkeypatch.setattr(Path, "write_text", windows_write_text)
    for command in (["sweep", "hoffmann2022", "N=1e8..1e11:3", "D=1.4T", "--format", "csv"],
                    ["table", "7", "--format", "csv"], ["bib", "hoffmann2022"]):
        printed = _cli(*command, "--db", catalog_db)
        written = _cli(*command, "--db", catalog_db, "-o", str(tmp_path / "out"))
        assert printed.exit_code == written.exit_code == 0, (printed.output, written.output)
        assert (tmp_path / "out").read_bytes() == printed.stdout.encode("utf-8"), command


def _blocked(directory: Path) -> Path:
    """A path under a plain file: making it fails for root too (as a read-only directory does for a user)."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "file").write_text("", encoding="utf-8")
    return directory / "file" / "below"


def test_a_cache_directory_that_cannot_be_written_says_where_else_the_database_can_go(isolated, monkeypatch):
    """A read-only cache directory (or HOME) printed 'error: cannot use /home/u/.cache/...:
    Permission denied', and nothing on how to go on."""
    records = isolated / "records"
    records.mkdir()
    shutil.copy(MINIMAL, records / "minimal.yaml")
    monkeypatch.setenv("CATALOG_DATA_DIR", str(records))  # the default database goes to the cache
    monkeypatch.setenv("CATALOG_CACHE_DIR", str(_blocked(isolated)))
    for args in (["show", "minimal"], ["load"]):
        result = _cli(*args)
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
        assert "cannot write the catalog database" in result.output and "below" in result.output
        assert "set CATALOG_CACHE_DIR to a directory you can write" in result.output
        assert "or give --db (or CATALOG_DB) a database file" in result.output


@pytest.fixture
def checkout(isolated, monkeypatch):
    """A checkout of the project (pyproject and records) as the working directory."""
    from catalog import paths

    root = isolated / "checkout"
    (root / "data" / "papers").mkdir(parents=True)
    shutil.copy(MINIMAL, root / "data" / "papers" / "minimal.yaml")
    (root / "pyproject.toml").write_text(f'[project]\nname = "{paths.DIST_NAME}"\n', encoding="utf-8")
    monkeypatch.chdir(root)
    paths.project_root.cache_clear()
    yield root
    paths.project_root.cache_clear()


def test_a_read_only_checkout_says_where_else_the_database_can_go(checkout):
    """A checkout the user cannot write (a shared or mounted one) printed 'error: cannot use
    CHECKOUT/build: Permission denied'."""
    from catalog import paths

    (checkout / "build").write_text("", encoding="utf-8")  # build/ cannot be made, as in a read-only checkout
    assert paths.default_db_path() == checkout / "build" / "catalog.sqlite"
    for args in (["show", "minimal"], ["load"], ["build"]):
        result = _cli(*args)
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
        assert f"cannot write the catalog database {checkout / 'build' / 'catalog.sqlite'}" in result.output
        assert "give --db (or CATALOG_DB) a database file" in result.output and "CATALOG_CACHE_DIR" not in result.output


def test_invalid_records_stop_the_default_database_with_every_error(isolated, monkeypatch):
    records = isolated / "records"
    records.mkdir()
    (records / "broken.yaml").write_text("id: broken\nbibliography: {}\n", encoding="utf-8")
    monkeypatch.setenv("CATALOG_DATA_DIR", str(records))
    result = _cli("search")
    assert result.exit_code != 0
    assert "broken.yaml:" in result.output and "Traceback" not in result.output


# ---------------------------------------------------------------- a user's records


def _own_record(directory: Path, record_id: str = "mylab2026") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    text = MINIMAL.read_text(encoding="utf-8").replace("minimal", record_id)
    path = directory / f"{record_id}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_data_option_layers_records_over_the_catalog(isolated):
    mine = isolated / "mine"
    _own_record(mine)
    shown = _cli("--data", str(mine), "eval", "mylab2026", "N=1e8")
    assert shown.exit_code == 0, shown.output
    assert "L = " in shown.output
    chinchilla = _cli("--data", str(mine), "eval", "hoffmann2022", "N=70B", "D=1.4T")
    assert "L = 1.93665" in chinchilla.output
    valid = _cli("--data", str(mine), "validate")
    assert valid.exit_code == 0 and "ok:" in valid.output


def test_environment_layers_records_too(isolated):
    first, second = isolated / "a", isolated / "b"
    _own_record(first, "laba2026")
    _own_record(second, "labb2026")
    env = {"CATALOG_DATA_DIRS": os.pathsep.join([str(first), str(second)])}
    result = _cli("search", "--laws", "--limit", "1000", env=env)
    assert result.exit_code == 0, result.output
    assert "laba2026" in result.output and "labb2026" in result.output and "hoffmann2022" in result.output


def test_a_colliding_id_names_both_files(isolated):
    mine = isolated / "mine"
    mine.mkdir()
    shutil.copy(DATA / "hoffmann2022.yaml", mine / "hoffmann2022.yaml")
    result = _cli("--data", str(mine), "validate")
    assert result.exit_code == 1
    line = next(line for line in result.output.splitlines() if "duplicate id 'hoffmann2022'" in line)
    assert "mine/hoffmann2022.yaml:1: id:" in line and "data/papers/hoffmann2022.yaml" in line


# ---------------------------------------------------------------- the mkdocs project


def test_mkdocs_project_at_the_root_uses_relative_paths():
    import yaml

    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["docs_dir"] == "site/docs" and config["site_dir"] == "site/build"
    assert config["hooks"] == ["site/hooks.py"]
    assert "data/papers" in config["watch"]
    for value in (config["docs_dir"], config["site_dir"], *config["hooks"], *config["watch"]):
        assert not os.path.isabs(value)
    assert (ROOT / "site" / "templates" / "law.md.j2").is_file()
    assert "site/build/" in (ROOT / ".gitignore").read_text(encoding="utf-8")


@pytest.mark.slow
def test_mkdocs_build_at_the_root_builds_the_whole_site(tmp_path, papers):
    env = {k: v for k, v in os.environ.items() if not k.startswith("CATALOG_")}
    env["CATALOG_CACHE_DIR"] = str(tmp_path / "cache")
    env["CATALOG_DATA_DIR"] = str(DATA)  # the default database goes to the cache, not build/
    out = tmp_path / "site"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--site-dir", str(out)],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    assert (out / "index.html").is_file() and (out / "tables" / "table-7.html").is_file()
    for p in papers:
        assert (out / "papers" / f"{p.id}.html").is_file()
        for law in p.laws:
            assert (out / "laws" / p.id / f"{law.id}.html").is_file()
    assert "hoffmann2022/parametric-loss" in (out / "assets" / "formulas.js").read_text(encoding="utf-8")
    assert (out / "downloads" / "catalog.sqlite").is_file() and (out / ".catalog-site").is_file()


# ---------------------------------------------------------------- the wheel, installed elsewhere


def test_a_wheel_built_again_carries_no_module_the_source_no_longer_has(tmp_path):
    """setuptools builds into build/lib and copies only what the source has over what is there: a
    module removed or renamed since an earlier build stayed in every wheel built from the checkout."""
    build_lib = tmp_path / "lib"
    (build_lib / "catalog" / "store").mkdir(parents=True)
    (build_lib / "catalog" / "store" / "removed_since.py").write_text("X = 1\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "setup.py", "-q", "build_py", "--build-lib", str(build_lib)],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert (build_lib / "catalog" / "store" / "db.py").is_file()
    assert (build_lib / "catalog" / "_bundle" / "data" / "papers" / "hoffmann2022.yaml").is_file()
    assert not (build_lib / "catalog" / "store" / "removed_since.py").exists()


def _snapshot(directory: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(directory)): (p.stat().st_mtime_ns, p.stat().st_size)
            for p in directory.rglob("*")}


@pytest.mark.slow
def test_installed_wheel_answers_from_anywhere_and_never_writes_into_site_packages(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "-w", str(wheels), "--no-deps", "-q"],
                   check=True, capture_output=True, timeout=900)
    wheel = next(wheels.glob("scaling_law_catalog-*.whl"))
    # the fresh environment's, without PYTHONPATH: run with it naming a checkout (as a worktree's tests
    # are), pip took the checkout's egg-info for the package installed and skipped the wheel
    env = {k: v for k, v in os.environ.items() if not k.startswith("CATALOG_") and k != "PYTHONPATH"}
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = venv / "bin" / "python"
    site_packages = Path(subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True, env=env).stdout.strip())
    subprocess.run([python, "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
                   check=True, capture_output=True, timeout=300, env=env)
    # The dependencies, from this interpreter's site directories (a plain path entry: the
    # checkout's editable install, which a .pth file there would add, stays out).
    deps = [p for p in {sysconfig.get_paths()["purelib"], *sys.path} if p.endswith("site-packages") and os.path.isdir(p)]
    (site_packages / "zz-test-deps.pth").write_text("\n".join(deps) + "\n", encoding="utf-8")

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env.update(HOME=str(tmp_path / "home"), XDG_CACHE_HOME=str(tmp_path / "cache"))
    before = _snapshot(site_packages)

    def catalog(*args):
        return subprocess.run([venv / "bin" / "catalog", *args], cwd=elsewhere, env=env,
                              capture_output=True, text=True, timeout=900)

    where = subprocess.run([python, "-c", "import catalog.paths as p; print(p.project_root())"],
                           cwd=elsewhere, env=env, capture_output=True, text=True, check=True).stdout.strip()
    assert where == str(site_packages / "catalog" / "_bundle")

    first = catalog("eval", "hoffmann2022", "N=70B", "D=1.4T")
    assert first.returncode == 0, first.stderr
    assert "L = 1.93665" in first.stdout
    assert first.stderr.count("catalog: building the database") == 1
    assert str(tmp_path / "cache") in first.stderr

    experts = catalog("search", "--variable", "experts")
    assert experts.returncode == 0 and "clark2022" in experts.stdout
    assert "building the database" not in experts.stderr
    table = catalog("table", "7", "--format", "csv")
    assert table.returncode == 0 and "Hoffmann et al. (2022)" in table.stdout

    # the README's fit example, from the examples the wheel carries (docs/examples is no checkout's here)
    fitted = catalog("fit", "hoffmann2022", "--example", "chinchilla-runs.csv", "--bootstrap", "0", "--restarts", "8")
    assert fitted.returncode == 0, fitted.stderr
    assert "240 points" in fitted.stdout and "E            = 1.81722" in fitted.stdout
    example = subprocess.run([python, "-c", "import catalog.examples as e; print(e.path('chinchilla-runs.csv'))"],
                             cwd=elsewhere, env=env, capture_output=True, text=True, check=True).stdout.strip()
    assert example == str(site_packages / "catalog" / "_bundle" / "docs" / "examples" / "chinchilla-runs.csv")

    mine = elsewhere / "mine"
    _own_record(mine)
    layered = catalog("--data", str(mine), "show", "mylab2026")
    assert layered.returncode == 0 and "mylab2026" in layered.stdout

    site = catalog("site", "build")
    assert site.returncode == 0, site.stderr
    assert (elsewhere / "catalog-site" / "laws" / "hoffmann2022" / "parametric-loss.html").is_file()

    assert _snapshot(site_packages) == before


# ---------------------------------------------------------------- a new record


BIBTEX = r"""
@inproceedings{lab2026scaling,
  title = {Scaling {Laws} for {T}iny {M}odels},
  author = {Lovelace, Ada and Babbage, Charles and Hopper, Grace},
  booktitle = {Advances in Neural Information Processing Systems 39 (NeurIPS 2026)},
  year = {2026},
  eprint = {2601.01234v2},
  archivePrefix = {arXiv},
}
"""

# What a contributor reads in the (imaginary) paper, by the field `catalog validate` names.
FILLED = {
    "summary": '"Fits a power law in model size to tiny models."',
    "categories[0]": "pre-training", "modalities[0]": "language", "architectures[0]": "decoder-only-transformer",
    "reproducibility.training_code": "false", "reproducibility.analysis_code": "false",
    "laws[0].id": "power-loss", "laws[0].name": '"Power law in parameters"', "laws[0].dependent_variable": "loss",
    "laws[0].scaling_variables[0]": "model_parameters",
    "laws[0].symbols.L.meaning": "Validation loss", "laws[0].symbols.N.meaning": "Parameters",
    "laws[0].symbols.L.unit": "nats/token", "laws[0].symbols.N.unit": "parameters",
    "laws[0].symbols.N.range.min": "1.0e+6", "laws[0].symbols.N.range.max": "1.0e+9",
    "laws[0].symbols.N.range.source": '"Table 1"',
    "laws[0].constant_sets[0].label": "Main fit", "laws[0].constant_sets[0].source": '"Eq. (3)"',
    "laws[0].constant_sets[0].locator": '"Eq. (3)"',
    "laws[0].constant_sets[0].values.E": "1.5", "laws[0].constant_sets[0].values.A": "400.0",
    "laws[0].constant_sets[0].values.alpha": "0.3",
    "laws[0].check_values[0].inputs.N": "1.0e+8", "laws[0].check_values[0].expected.L": "3.09243",
    "laws[0].check_values[0].source": '"Table 2, row 100M"', "laws[0].check_values[0].locator": '"Table 2"',
    "laws[0].conventions.tokenizer": '"GPT-2 BPE, 50,257 tokens (Section 2)"',
    "laws[0].fitting.source": '"Section 3"',
}


def test_catalog_new_then_filling_every_todo_gives_a_valid_record(tmp_path):
    import json
    import re

    from catalog.cli import cli

    result = CliRunner().invoke(cli, ["new", "babbage2026", "--dir", str(tmp_path)], input=BIBTEX)
    assert result.exit_code == 0, result.output
    path = tmp_path / "babbage2026.yaml"
    text = path.read_text(encoding="utf-8")
    assert 'title: "Scaling Laws for Tiny Models"' in text
    assert '["Ada Lovelace", "Charles Babbage", "Grace Hopper"]' in text
    assert "year: 2026" in text and 'arxiv: "2601.01234"' in text and "bibtex_type: inproceedings" in text
    assert "(NeurIPS 2026)" in text

    again = CliRunner().invoke(cli, ["new", "babbage2026", "--dir", str(tmp_path)], input=BIBTEX)
    assert again.exit_code == 1 and "exists" in again.output

    checked = CliRunner().invoke(cli, ["validate", str(path)])
    assert checked.exit_code == 1
    todo = re.findall(r"^\S*babbage2026\.yaml:(\d+): (\S+): to fill: (.*)$", checked.output, re.MULTILINE)
    assert len(todo) >= 20
    assert {field for _, field, _ in todo} <= set(FILLED), "a TODO the test does not know how to fill"
    lines = text.splitlines()
    for line, field, hint in todo:  # edit the file as a contributor would, marker by marker
        marker = json.dumps(f"TODO: {hint}", ensure_ascii=False)
        assert marker in lines[int(line) - 1], (field, marker)
        lines[int(line) - 1] = lines[int(line) - 1].replace(marker, FILLED[field], 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert '"TODO' not in path.read_text(encoding="utf-8")

    passed = CliRunner().invoke(cli, ["validate", str(path)])
    assert passed.exit_code == 0, passed.output
    assert "ok: 1 record(s), 1 law(s)" in passed.output

    from catalog import records
    from catalog.engine.evaluation import evaluate
    from catalog.store.reader import LawRef

    paper = records.load_valid([path])[0]  # the check value the record states holds
    check = paper.laws[0].check_values[0]
    value = evaluate(LawRef(paper, paper.laws[0]), check.inputs).value
    assert value == pytest.approx(check.expected["L"], rel=check.rel_tol)


# ---------------------------------------------------------------- shell completion


def _complete(words: str) -> list[str]:
    from catalog.cli import cli

    parts = words.split()
    cword = len(parts) if words.endswith(" ") else len(parts) - 1
    result = CliRunner().invoke(cli, [], prog_name="catalog", env={
        "_CATALOG_COMPLETE": "bash_complete", "COMP_WORDS": "catalog " + words, "COMP_CWORD": str(cword + 1)})
    return [line.split(",", 1)[1] for line in result.output.splitlines() if "," in line]


def test_completion_offers_law_ids_and_vocabulary(catalog_db):
    path = catalog_db.removeprefix("sqlite:///")
    laws = _complete(f"show --db {path} hoffmann2022/")
    assert "hoffmann2022/parametric-loss" in laws and all(i.startswith("hoffmann2022/") for i in laws)
    assert "clark2022" in _complete(f"eval --db {path} clar")
    assert _complete(f"eval --db {path} hoffmann2022 N=") == []
    assert _complete(f"show --db {path} chinch") == ["hoffmann2022"]  # a nickname completes to its id
    assert _complete(f"bib --db {path} gpt-") == ["brown2020", "openai2023"]
    assert _complete("search --modality vi") == ["vision", "video"]
    assert _complete("search --variable exp") == ["experts"]
    assert _complete("vocab modality la") == ["language"]


def test_completion_closes_the_database_it_reads(catalog_db, monkeypatch):
    """Completion read the ids in sqlite3's 'with connection:', which commits and never closes: the
    connection was left to the garbage collector (Python 3.13: 'ResourceWarning: unclosed database')."""
    from catalog.store import lawstore

    opened = []
    real = lawstore.connect_readonly

    def tracked(*args, **kwargs):
        opened.append(real(*args, **kwargs))
        return opened[-1]

    monkeypatch.setattr(lawstore, "connect_readonly", tracked)
    path = catalog_db.removeprefix("sqlite:///")
    assert "clark2022" in _complete(f"eval --db {path} clar")
    assert _complete(f"show --db {path} chinch") == ["hoffmann2022"]
    assert "besiroglu2024" in _complete(f"eval --db {path} hoffmann2022 -c ")
    assert len(opened) == 3
    for connection in opened:
        with pytest.raises(sqlite3.ProgrammingError, match="closed"):
            connection.execute("SELECT 1")


def test_completion_offers_the_constant_sets_of_the_laws_given(catalog_db):
    """-c/--constants (and fit's --start) complete to the given laws' set ids, a paper standing
    for its first law, also while the option ends the line (click then parses no argument)."""
    path = catalog_db.removeprefix("sqlite:///")
    chinchilla = ["hoffmann2022", "besiroglu2024", "besiroglu2024-wikipedia"]
    assert _complete(f"eval --db {path} hoffmann2022 N=70B -c ") == chinchilla
    assert _complete(f"optimal --db {path} hoffmann2022/parametric-loss --constants be") == chinchilla[1:]
    assert _complete(f"eval --db {path} kaplan2020/loss-n-d hoffmann2022 -c ") == ["kaplan2020", *chinchilla]
    assert _complete(f"fit --db {path} hoffmann2022 runs.csv --start besiroglu2024-") == ["besiroglu2024-wikipedia"]
    assert _complete(f"eval --db {path} -c ") == []  # no law yet: nothing to offer


# ---------------------------------------------------------------- tests that need the survey text


@pytest.mark.slow
def test_survey_text_tests_skip_with_the_reason_unless_required(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("CATALOG_")}
    env["CATALOG_SEEDS"] = str(tmp_path / "no-seeds")
    command = [sys.executable, "-m", "pytest", "tests/test_repro.py", "-q", "-rs", "-p", "no:randomly",
               "-p", "no:cacheprovider", "-k", "survey_statement_reproduced"]
    _skips_unless_required(command, env, "CATALOG_REQUIRE_SEEDS", "the survey text is not at")


def _skips_unless_required(command, env, variable, reason):
    """``command`` (one test) skips with ``reason`` and fails, naming ``variable``, where it is 1."""
    skipped = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert skipped.returncode == 0, skipped.stdout[-2000:]
    assert "1 skipped" in skipped.stdout and reason in skipped.stdout
    required = subprocess.run(command, cwd=ROOT, env={**env, variable: "1"}, capture_output=True, text=True, timeout=600)
    assert required.returncode == 1 and "skipped" not in required.stdout.splitlines()[-1]
    assert f"{variable}=1" in required.stdout and reason in required.stdout


def test_server_tests_without_the_driver_skip_with_the_reason_unless_required(tmp_path):
    """pg_url skipped through importorskip('psycopg') before it looked at CATALOG_REQUIRE_POSTGRES:
    CI without the driver would have run no PostgreSQL test and passed."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CATALOG_")}
    blocker = tmp_path / "no-driver"
    blocker.mkdir()
    (blocker / "psycopg.py").write_text("raise ModuleNotFoundError(\"No module named 'psycopg'\", name='psycopg')\n", encoding="utf-8")
    env["PYTHONPATH"] = os.pathsep.join([str(blocker), str(ROOT)])
    command = [sys.executable, "-m", "pytest", "tests/test_postgres.py", "-q", "-rs", "-p", "no:randomly",
               "-p", "no:cacheprovider", "-k", "reload_refills_in_place"]
    _skips_unless_required(command, env, "CATALOG_REQUIRE_POSTGRES", "the driver is not installed")


# ---------------------------------------------------------------- licence, citation, contributing, README


def test_licence_citation_and_contributing_guide():
    import yaml

    from catalog.schema import CheckValue, ConstantSet

    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "MIT License" in licence and "CC BY 4.0" in licence and "data/papers" in licence
    assert 'license = { text = "MIT" }' in (ROOT / "pyproject.toml").read_text(encoding="utf-8")

    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"] == "1.2.0" and cff["message"] and cff["title"] and cff["authors"]
    assert set(cff["license"]) == {"MIT", "CC-BY-4.0"}
    from catalog import __version__

    assert cff["version"] == __version__

    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for field in ("provenance", "locator", "printed"):
        assert f"`{field}`" in guide and field in ConstantSet.model_fields, field
    assert "origin: printed" in guide and "origin" in CheckValue.model_fields
    for needed in ("catalog new", "catalog validate", "errata", "check_values", "pytest"):
        assert needed in guide, needed


def test_readme_documents_installing_and_notebooks():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for needed in ("catalog.open()", "--data DIR", "CATALOG_DATA_DIRS", "_CATALOG_COMPLETE=bash_source",
                   "mkdocs serve", "CONTRIBUTING.md", "CITATION.cff", "LICENSE", "catalog new", "to_dataframe()",
                   "pip install dist/"):
        assert needed in readme, needed


def test_pyproject_and_readme_name_the_pythons_the_suite_runs_on():
    """requires-python is the first of the Python versions the classifiers name, with none skipped,
    and the README's setup line names them all."""
    import re
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    minors = [int(c.rsplit(".", 1)[1]) for c in project["classifiers"]
              if re.fullmatch(r"Programming Language :: Python :: 3\.\d+", c)]
    assert minors == list(range(minors[0], minors[-1] + 1)) and project["requires-python"] == f">=3.{minors[0]}"
    named = ", ".join(f"3.{m}" for m in minors[:-1]) + f" or 3.{minors[-1]}"
    assert f"Both need only Python ({named}) and pip." in (ROOT / "README.md").read_text(encoding="utf-8")
