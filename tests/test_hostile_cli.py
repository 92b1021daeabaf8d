"""The smaller hostile cases of issue 12: each gives one clear error and a non-zero exit, with
nothing written or lost, or (a byte-order mark, a dollar in a meaning) simply works."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest
from click.testing import CliRunner

from catalog import records
from catalog.engine import fit
from catalog.store import db, selection
from tests.conftest import FIXTURES

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
    ("--delta", "-1", "must be a positive number, got -1"), ("--delta", "nan", "got nan"),
    ("--restarts", "-1", "--restarts must be at least 1, got -1"), ("--restarts", "0", "at least 1"),
    ("--bootstrap", "-5", "--bootstrap must be 0 (none) or at least 2, got -5"),
    ("--bootstrap", "1", "--bootstrap must be 0 (none) or at least 2, got 1")])
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


@pytest.mark.parametrize("content, message", [
    ("\xff\xfeN,D,L\n".encode("latin-1"), "runs.csv: not UTF-8 text (a byte 0xff); save the CSV as UTF-8"),
    (RUNS.replace("2.1\n", '"' + "9" * 200_000 + '"\n').encode(), "runs.csv:7: not a CSV the fit can read: field larger"),
    (RUNS.replace("3.5\n", "3.5,=cmd\n").encode(), "runs.csv:2: 4 cells, but the header names 3 columns")])
def test_fit_runs_files_the_csv_module_refuses(catalog_db, tmp_path, content, message):
    # a CSV from somewhere else (a spreadsheet's Latin-1 export, a huge cell, a stray column): one line
    path = tmp_path / "runs.csv"
    path.write_bytes(content)
    _one_error_line(_cli("fit", "hoffmann2022", str(path), *QUICK, "--db", catalog_db), 2, message)


@pytest.mark.parametrize("name, set_id, message", [
    ("runs.csv", "My Fit", "--set-id: 'My Fit' is not a constant set id"),
    ("runs.csv", "a" * 81, "is not a constant set id"),
    ("runs\x1b]0;pwned\x07.csv", "my-fit", "--save-yaml: the runs file's name 'runs\\x1b]0;pwned\\x07.csv' would go into "
                                         "the record's label and source, but control character U+001B")])
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

    assert len(Store(pg_url).papers) == len(papers)


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


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_the_database_file_respects_the_umask(tmp_path, papers, umask, mode):
    old = os.umask(umask)
    try:
        db.load(papers[:1], f"sqlite:///{tmp_path / 'c.sqlite'}")
    finally:
        os.umask(old)
    assert (tmp_path / "c.sqlite").stat().st_mode & 0o777 == mode

