"""The same load and reads against a real PostgreSQL server."""

from __future__ import annotations

from contextlib import closing, contextmanager

import pytest
from sqlalchemy import create_engine, text

from catalog.store import db
from catalog.store.reader import Store

pytestmark = pytest.mark.postgres


def _counts(url):
    engine = create_engine(url)  # as it is: engine_for refuses a view the load tests put there
    with engine.connect() as c:
        out = {t: c.execute(text(f"select count(*) from {t}")).scalar_one()
               for t in ("papers", "laws", "symbols", "constants", "survey_cells", "search_fts")}
    engine.dispose()
    return out


def test_same_catalog_on_both_backends(catalog_db, pg_catalog_db):
    assert _counts(pg_catalog_db) == _counts(catalog_db)
    with closing(Store(pg_catalog_db)) as server:  # its psycopg connection, else a ResourceWarning later
        assert server.papers == Store(catalog_db).papers


def test_failed_load_rolls_back(pg_url, papers, monkeypatch):
    db.load(papers, pg_url)
    before = _counts(pg_url)
    from catalog.store import search_index

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(search_index, "build", boom)
    with pytest.raises(RuntimeError):
        db.load(papers[:1], pg_url)
    assert _counts(pg_url) == before


def test_reload_refills_in_place(pg_url, papers):
    db.load(papers, pg_url)
    db.load(papers[:1], pg_url)
    assert _counts(pg_url)["papers"] == 1
    db.load(papers, pg_url)
    assert _counts(pg_url)["papers"] == len(papers)


@pytest.mark.parametrize("args", [
    ["bib", "hoffmann2022", "chinchilla"],
    ["bib", "--where", "text=quantization", "--where", "has_constants=yes"],
    ["table", "7", "--format", "json"],
    ["table", "--columns", "paper,law,year", "--where", "variable=compute"],
    ["repro", "--format", "json"],
    ["checklist", "hoffmann2022", "kaplan2020", "--format", "json"],
    ["audit", "--format", "json"],
    ["predict", "N=70B", "D=1.4T", "--where", "dependent=loss", "--format", "json"],
    # a budget: the papers read are those of a law taking C or of a loss with constants in N and D
    ["predict", "C=1e22", "--format", "json"],
    # and at N, D and precision those too of a law studying precision set by set (Castro et al.'s)
    ["predict", "N=8B", "D=15T", "precision=8", "--format", "json"],
    # a law's family from the relations table (a paper's: its laws' ids by prefix)
    ["predict", "N=7B", "D=2T", "--where", "related=chinchilla/parametric-loss", "--format", "json"],
    ["table", "--columns", "law,dependent", "--where", "related=hoffmann2022"],
])
def test_views_read_the_same_on_both_backends(catalog_db, pg_catalog_db, args):
    # the commands read records as views with sqlite3 on SQLite and through SQLAlchemy on a server
    from click.testing import CliRunner

    from catalog.cli import cli

    sqlite, postgres = (CliRunner().invoke(cli, [*args, "--db", url]) for url in (catalog_db, pg_catalog_db))
    assert sqlite.exit_code == postgres.exit_code == 0, postgres.output
    assert postgres.output == sqlite.output


def test_load_prints_the_server_url_without_its_password(pg_url):
    """'catalog load --db postgresql+psycopg://user:password@host/db' printed the URL whole, the
    password with it, into the terminal and CI logs."""
    from click.testing import CliRunner

    from catalog.cli import cli
    from tests.conftest import FIXTURES

    engine = db.engine_for(pg_url)
    with engine.execution_options(isolation_level="AUTOCOMMIT").connect() as connection:
        connection.execute(text("CREATE DATABASE masked"))
    engine.dispose()  # its pooled psycopg connection, else a ResourceWarning in a later test
    url = pg_url.replace("catalog@", "catalog:s3cret@").rsplit("/", 1)[0] + "/masked"  # trust: any password
    result = CliRunner().invoke(cli, ["load", str(FIXTURES / "valid"), "--db", url])
    assert result.exit_code == 0, result.output
    assert "s3cret" not in result.output
    assert result.output.strip().endswith(f"into {url.replace('s3cret', '***')}")


@pytest.mark.parametrize("extra, undo, kind", [
    ("CREATE FUNCTION spy() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO spied VALUES (current_user); "
     "RETURN NEW; END $$; CREATE TRIGGER spy AFTER INSERT ON papers FOR EACH ROW EXECUTE FUNCTION spy()",
     "DROP FUNCTION spy CASCADE", "trigger"),
    ("CREATE RULE spy AS ON INSERT TO errata DO ALSO INSERT INTO spied VALUES (current_user)",
     "DROP RULE spy ON errata", "rule"),
    ("ALTER TABLE meta RENAME TO stored_meta; CREATE VIEW meta AS SELECT * FROM stored_meta",
     "DROP VIEW meta; ALTER TABLE stored_meta RENAME TO meta", "view")])
def test_a_load_runs_no_trigger_rule_or_view_the_server_database_holds(pg_url, papers, extra, undo, kind):
    """A load refills a server database's tables in place (SQLite's is a new file): a trigger or rule
    that someone with rights on a table had put there ran inside the load, as the loading user (a
    spy row per paper, or errata kept from the catalog by DO INSTEAD NOTHING), with 'loaded 273
    papers' said. The load refuses, naming it; the database stays as it was."""
    from click.testing import CliRunner

    from catalog.cli import cli

    db.load(papers[:3], pg_url)
    engine = db.engine_for(pg_url)
    with engine.begin() as c:
        c.exec_driver_sql("CREATE TABLE spied (who text)")
        c.exec_driver_sql(extra)
    try:
        before = _counts(pg_url)
        result = CliRunner().invoke(cli, ["load", "--db", pg_url])
        assert result.exit_code == 1 and "Traceback" not in result.output, result.output
        assert f"error: the database holds a {kind} " in result.output, result.output
        assert _counts(pg_url) == before
        with engine.begin() as c:
            assert c.execute(text("SELECT count(*) FROM spied")).scalar_one() == 0
    finally:
        with engine.begin() as c:
            c.exec_driver_sql(undo)
            c.exec_driver_sql("DROP TABLE spied")
        engine.dispose()
        db.load(papers, pg_url)  # the session's server database holds the whole catalog again, for later tests


@pytest.mark.parametrize("extra, kind", [
    ("ALTER TABLE papers RENAME TO stored_papers; CREATE VIEW papers AS SELECT * FROM stored_papers WHERE spy()",
     "a view ('papers')"),
    ("ALTER TABLE laws RENAME TO stored_laws; CREATE MATERIALIZED VIEW laws AS SELECT * FROM stored_laws",
     "a view ('laws')"),
    ("ALTER TABLE constants ENABLE ROW LEVEL SECURITY; ALTER TABLE constants FORCE ROW LEVEL SECURITY; "
     "CREATE POLICY spy ON constants USING (spy())", "a row security policy on 'constants'")])
def test_a_read_runs_no_view_or_policy_the_server_database_holds(pg_url, papers, extra, kind):
    """The commands read a server database's catalog tables as they are: a view standing for one
    (its query calling a function of the owner's, counting each read here, or a recursive WITH that
    never ends) ran at every read, as the reader, and the command printed the records it gave. Each
    command now refuses the database before reading it, naming what it holds; nothing ran."""
    from click.testing import CliRunner

    from catalog.cli import cli

    with _spied_database(pg_url, papers, "viewed", extra) as (url, engine):
        for args in (["show", papers[0].id], ["search", "scaling"], ["bib"], ["predict", "N=7B", "D=2T"],
                     ["eval", papers[0].id]):
            result = CliRunner().invoke(cli, [*args, "--db", url])
            assert result.exit_code == 1 and "Traceback" not in result.output, (args, result.output)
            assert result.output.startswith(f"error: the database holds {kind} where the catalog has a table"), (
                args, result.output)


@contextmanager
def _spied_database(pg_url, papers, name, extra):
    """A database of the server holding three papers, a function spy() counting its calls in the
    sequence 'reads' and ``extra``; yields its URL and an engine on it, and checks on leaving that
    spy() never ran."""
    server = create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with server.connect() as c:
        c.exec_driver_sql(f"CREATE DATABASE {name}")
    url = pg_url.rsplit("/", 1)[0] + f"/{name}"
    db.load(papers[:3], url)
    engine = create_engine(url)
    try:
        with engine.begin() as c:
            c.exec_driver_sql("CREATE SEQUENCE reads; CREATE FUNCTION spy() RETURNS boolean LANGUAGE sql "
                              "AS $$ SELECT nextval('reads') > 0 $$; CREATE FUNCTION spied(t text) RETURNS text "
                              "LANGUAGE sql IMMUTABLE AS $$ SELECT t WHERE spy() $$")
            c.exec_driver_sql(extra)
            c.exec_driver_sql("ALTER SEQUENCE reads RESTART")  # a check, index or column spy() made ran on the rows there
        yield url, engine
        with engine.begin() as c:
            assert c.execute(text("SELECT is_called FROM reads")).scalar_one() is False
    finally:
        engine.dispose()
        with server.connect() as c:
            c.exec_driver_sql(f"DROP DATABASE {name} WITH (FORCE)")
        server.dispose()


@pytest.mark.parametrize("extra, found", [
    ("ALTER TABLE papers ADD CONSTRAINT spy CHECK (spy())", "a check constraint ('spy' on 'papers')"),
    ("CREATE DOMAIN spied_text AS text CHECK (spy()); ALTER TABLE laws ALTER COLUMN name TYPE spied_text",
     "a column of its own type ('name' on 'laws')"),
    ("ALTER TABLE errata ALTER COLUMN id SET DEFAULT CASE WHEN spy() THEN nextval('errata_id_seq') END",
     "a column default ('id' on 'errata')"),
    ("ALTER TABLE symbols ADD COLUMN spy text GENERATED ALWAYS AS (spied(law_id)) STORED",
     "a generated column ('spy' on 'symbols')"),
    ("CREATE INDEX spy ON constants (spied(law_id))", "an index expression ('spy' on 'constants')"),
    ("ALTER TABLE papers ENABLE ROW LEVEL SECURITY; ALTER TABLE papers FORCE ROW LEVEL SECURITY; "
     "CREATE POLICY spy ON papers WITH CHECK (spy())", "a table under row security ('papers')"),
    ("CREATE FUNCTION spy_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$ BEGIN PERFORM spy(); END $$; "
     "CREATE EVENT TRIGGER spy ON ddl_command_start EXECUTE FUNCTION spy_ddl(); "
     "UPDATE meta SET value = 'another' WHERE key = 'schema_fingerprint'", "an event trigger ('spy')")])
def test_a_load_runs_no_check_default_type_index_or_policy_the_server_database_holds(pg_url, papers, extra, found):
    """A load refilling a server database's tables in place ran what checks or computes each row
    it inserts: a check constraint calling a function of the owner's ran once a row, as the loading
    user ('loaded 274 papers' said), and so would a domain's check, a default, a generated column
    or index expression (a function declared immutable), a row security policy; an event trigger
    ran at the DDL of a load that rebuilds the tables. The load refuses, naming it, and writes nothing."""
    from click.testing import CliRunner

    from catalog.cli import cli

    with _spied_database(pg_url, papers, "extras", extra) as (url, engine):
        before = _counts(url)
        result = CliRunner().invoke(cli, ["load", "--db", url])
        assert result.exit_code == 1 and "Traceback" not in result.output, result.output
        assert result.output.startswith(f"error: the database holds {found}, which no load writes"), result.output
        assert _counts(url) == before


@pytest.mark.parametrize("extra, said", [
    ("DELETE FROM constants; ALTER TABLE constants ADD CONSTRAINT once UNIQUE (law_id)",
     "'constants' has a constraint 'once' 'UNIQUE (law_id)'"),
    ("DELETE FROM constants; CREATE UNIQUE INDEX once ON constants (law_id)",
     "'constants' has a unique index 'once' 'btree (law_id)'"),
    ("UPDATE constants SET stderr = 0 WHERE stderr IS NULL; ALTER TABLE constants ALTER COLUMN stderr SET NOT NULL",
     "'constants' has a column 'stderr double precision NOT NULL'; 'constants' lacks the column 'stderr double precision'"),
    ("ALTER TABLE papers ALTER COLUMN venue TYPE varchar(5) USING left(venue, 5)",
     "'papers' has a column 'venue character varying(5)'; 'papers' lacks the column 'venue character varying'"),
    ("ALTER TABLE papers ADD COLUMN mine integer", "'papers' has a column 'mine integer'"),
    ("ALTER TABLE papers DROP COLUMN notes", "'papers' lacks the column 'notes character varying'"),
    ("ALTER TABLE laws DROP CONSTRAINT laws_paper_id_fkey",
     "'laws' lacks the constraint 'FOREIGN KEY (paper_id) REFERENCES papers(id)'")])
def test_a_load_refuses_tables_not_as_it_creates_them(pg_url, papers, extra, said):
    """A load refilling a server database's tables in place wrote into whatever they had become: a
    unique constraint or index, a NOT NULL or a narrower type of someone with rights on them failed
    it with the server's words ('duplicate key value violates unique constraint "once"'), a dropped
    column or constraint went unseen. The load compares them with the tables it creates, refuses
    every difference in one line, and writes nothing."""
    from click.testing import CliRunner

    from catalog.cli import cli

    with _spied_database(pg_url, papers, "reshaped", extra) as (url, _engine):
        before = _counts(url)
        result = CliRunner().invoke(cli, ["load", "--db", url])
        assert result.exit_code == 1 and "Traceback" not in result.output, result.output
        assert result.output == ("error: the database's catalog tables are not as a load creates them, and a load "
                                 f"refills them in place: {said}; undo those changes, or load into another database\n"), result.output
        assert _counts(url) == before


@pytest.mark.parametrize("on_delete", ["ON DELETE CASCADE", "ON DELETE SET NULL", ""])
def test_a_load_refuses_another_tables_foreign_key_on_a_catalog_table(pg_url, papers, on_delete):
    """A table of the database's own referring to the papers: the load's delete of the old rows ran
    its ON DELETE action, deleting (or nulling) that table's rows as the loading user, with 'loaded
    277 papers' said, or failed with the server's words. The load refuses, naming it; both stay."""
    from click.testing import CliRunner

    from catalog.cli import cli

    extra = f"CREATE TABLE mine (paper varchar REFERENCES papers (id) {on_delete}); INSERT INTO mine SELECT id FROM papers"
    with _spied_database(pg_url, papers, "referred", extra) as (url, engine):
        before = _counts(url)
        result = CliRunner().invoke(cli, ["load", "--db", url])
        assert result.exit_code == 1 and "Traceback" not in result.output, result.output
        assert result.output.startswith("error: the database holds a foreign key ('mine_paper_fkey' on 'mine') on the "
                                        "catalog table 'papers', whose rows a load deletes"), result.output
        assert _counts(url) == before
        with engine.begin() as c:
            assert c.execute(text("SELECT count(*) FROM mine WHERE paper IS NOT NULL")).scalar_one() == 3


def _refused_table(pg_url, papers, subprocess: bool = False) -> str:
    """'catalog load' into a server database whose constants table has a unique constraint of the
    database's own, named with a terminal's escape sequences: what it prints, from the CLI in this
    process or (``subprocess``) as a terminal shows it."""
    import subprocess as run
    import sys
    from pathlib import Path

    from click.testing import CliRunner

    from catalog.cli import cli

    extra = 'DELETE FROM constants; ALTER TABLE constants ADD CONSTRAINT "x\x1b[31mRED\x1b]0;title\x07" UNIQUE (law_id)'
    with _spied_database(pg_url, papers, "refused_rows", extra) as (url, _engine):
        before = _counts(url)
        if subprocess:  # no logging set up, as a user's shell runs it (pytest's handlers catch every record)
            done = run.run([sys.executable, "-m", "catalog", "load", "--db", url], capture_output=True, text=True,
                           timeout=300, cwd=Path(__file__).resolve().parent.parent)
            code, output = done.returncode, done.stdout + done.stderr
        else:
            result = CliRunner().invoke(cli, ["load", "--db", url])
            code, output = result.exit_code, result.output
        assert _counts(url) == before
    assert code == 1 and "Traceback" not in output, output
    return output


def test_a_constraints_name_is_printed_escaped(pg_url, papers):
    """The refusal names the database's own constraint: printed raw, its escape sequences (an OSC
    retitling the terminal) would run."""
    for output in (_refused_table(pg_url, papers), _refused_table(pg_url, papers, subprocess=True)):
        assert "\x1b" not in output and "\x07" not in output, output
        assert output.splitlines() == [output.splitlines()[0]], output
        assert "'constants' has a constraint 'x\\x1b[31mRED\\x1b]0;title\\x07' 'UNIQUE (law_id)'" in output, output


def test_a_failed_server_load_prints_its_error_alone(pg_url, papers, caplog):
    """A load whose rows the server refuses printed psycopg's log line above its error: 'error
    ignored terminating <psycopg.Pipeline [INERROR, pipeline=ON] (host=... user=...)>: pipeline
    aborted', when the row's error came back before the pipeline's exit (two loads in five here);
    the error raised is the only word. Five loads of a paper twice, none logging; and in a process
    with no logging set up, as a user's shell runs one."""
    import logging
    import subprocess
    import sys
    from pathlib import Path

    from sqlalchemy.exc import IntegrityError

    with _spied_database(pg_url, papers, "refused_batch", "SELECT 1") as (url, _engine):
        before = _counts(url)
        caplog.set_level(logging.WARNING, logger="psycopg")
        for _ in range(5):
            with pytest.raises(IntegrityError):
                db.load([*papers[:3], papers[0]], url)
        assert not [r.getMessage() for r in caplog.records if r.name.startswith("psycopg") and r.levelno >= logging.WARNING]
        script = ("import sys\nfrom catalog import records\nfrom catalog.store import db\n"
                  "papers = records.load_valid([sys.argv[1]])[:3]\n"
                  "try:\n    db.load([*papers, papers[0]], sys.argv[2])\n"
                  "except Exception as exc:\n    print(type(exc).__name__)\n")
        from tests.conftest import DATA

        done = subprocess.run([sys.executable, "-c", script, str(DATA), url], capture_output=True, text=True,
                              timeout=300, cwd=Path(__file__).resolve().parent.parent)
        assert done.stdout + done.stderr == "IntegrityError\n"
        assert _counts(url) == before
