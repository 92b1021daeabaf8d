"""The cache of records found valid (catalog/validcache.py): a record is validated again when its
text, its name or the code changes (the vocabulary is code), the rules across records run over
cached records too, an entry that is no valid paper of that file is not used, and a failed build
leaves the previous database and site as they were."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from catalog import records, validcache
from catalog.cli import cli
from tests.sqlite_support import connection_to

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINIMAL = (FIXTURES / "valid" / "minimal.yaml").read_text(encoding="utf-8")
# a second record, citing the first (its relation target is on line 11)
SECOND = (MINIMAL.replace("id: minimal", "id: second").replace("bibtex_key: minimal", "bibtex_key: second")
          .replace("sources: [other]\n", "sources: [other]\nnicknames: [Sequel]\nrelations:\n  - kind: corrects\n"
                   "    target: minimal\n    note: its constants\n"))


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("CATALOG_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / validcache._STORE.file_name


@pytest.fixture
def validated(monkeypatch) -> list[str]:
    """The names of the files validated from their text (not read from the cache)."""
    seen: list[str] = []
    original = records.validate_document
    monkeypatch.setattr(records, "validate_document",
                        lambda doc, stem, path: seen.append(stem) or original(doc, stem, path))
    return seen


@pytest.fixture
def records_dir(tmp_path) -> Path:
    directory = tmp_path / "records"
    directory.mkdir()
    (directory / "minimal.yaml").write_text(MINIMAL, encoding="utf-8")
    (directory / "second.yaml").write_text(SECOND, encoding="utf-8")
    return directory


def test_a_valid_record_is_read_from_the_cache_until_its_text_changes(records_dir, cache, validated):
    first = records.load_all([records_dir])
    assert first[1] == [] and validated == ["minimal", "second"]
    validated.clear()
    assert records.load_all([records_dir]) == first and validated == []  # the same papers, nothing validated
    path = records_dir / "minimal.yaml"
    path.write_text(MINIMAL.replace("E + A/N**alpha", "E + A/N**alfa"), encoding="utf-8")
    papers, issues = records.load_all([records_dir])
    assert validated == ["minimal"] and [p.id for p in papers] == ["second"]
    # the cached record's relation names a record no longer valid
    assert [(i.path, i.line, i.field) for i in issues] == [(str(path), 13, "laws[0].expression"),
                                                            (str(records_dir / "second.yaml"), 11, "relations[0].target")]
    assert "'alfa'" in issues[0].message
    validated.clear()
    assert records.load_all([records_dir])[1] == issues and validated == ["minimal"]  # an invalid record is never kept


def test_a_record_renamed_is_validated_again(records_dir, cache, validated):
    records.load_all([records_dir])
    (records_dir / "minimal.yaml").rename(records_dir / "renamed.yaml")
    validated.clear()
    _, issues = records.load_all([records_dir])
    assert validated == ["renamed"]
    assert [str(i) for i in issues][:1] == [f"{records_dir / 'renamed.yaml'}:1: id: id 'minimal' must equal the file "
                                            "name 'renamed'"]


def test_the_rules_across_records_run_over_cached_records(tmp_path, records_dir, cache, validated):
    records.load_all([records_dir])
    validated.clear()
    layer = tmp_path / "layer"
    layer.mkdir()
    shutil.copy(records_dir / "second.yaml", layer / "second.yaml")  # the same text: read from the cache
    (records_dir / "minimal.yaml").unlink()
    papers, issues = records.load_all([records_dir, layer])
    assert validated == [] and [p.id for p in papers] == ["second"]
    assert [str(i) for i in issues] == [
        f"{layer / 'second.yaml'}:1: id: duplicate id 'second', also in {records_dir / 'second.yaml'}",
        f"{records_dir / 'second.yaml'}:11: relations[0].target: relation target 'minimal' is not a known paper id"]
    third = records_dir / "third.yaml"
    third.write_text(SECOND.replace("id: second", "id: third").replace("target: minimal", "target: second"),
                     encoding="utf-8")
    _, issues = records.load_all([records_dir])
    assert [str(i) for i in issues] == [
        f"{records_dir / 'second.yaml'}:11: relations[0].target: relation target 'minimal' is not a known paper id",
        f"{third}:6: bibliography.bibtex_key: bibtex key 'second' is also used by second",
        f"{third}:8: nicknames[0]: nickname 'Sequel' also names second"]


def test_an_entry_that_is_no_valid_paper_of_its_file_is_not_used(records_dir, cache, validated):
    first = records.load_all([records_dir])
    with connection_to(cache) as db:
        entries = dict(db.execute("SELECT key, value FROM forms"))
        minimal = validcache.key("minimal", MINIMAL)
        second = validcache.key("second", SECOND)
        assert set(entries) == {minimal, second}
        # the other record's paper under this one's key; JSON that is no paper; not JSON at all
        db.execute("UPDATE forms SET value = ? WHERE key = ?", (entries[second], minimal))
        db.execute("UPDATE forms SET value = ? WHERE key = ?", ('{"paper": "{}", "lines": []}', second))
    validcache._STORE.close()  # as a new process would read it
    validated.clear()
    assert records.load_all([records_dir]) == first and validated == ["minimal", "second"]
    with connection_to(cache) as db:
        db.execute("UPDATE forms SET value = 'no JSON'")
    validcache._STORE.close()
    validated.clear()
    assert records.load_all([records_dir]) == first and validated == ["minimal", "second"]


def test_an_edit_of_the_vocabulary_validates_every_record_again(tmp_path):
    """The vocabulary is a module of the package: a copy of the package, validated twice (the
    second time from the cache), then with a term taken out of its vocabulary."""
    code = tmp_path / "code"
    shutil.copytree(ROOT / "catalog", code / "catalog", ignore=shutil.ignore_patterns("__pycache__", "_bundle"))
    own = tmp_path / "records"
    own.mkdir()
    (own / "minimal.yaml").write_text(MINIMAL.replace("[model_parameters]", "[utd_ratio]")
                                      .replace("variable: model_parameters", "variable: utd_ratio"), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(code), "CATALOG_CACHE_DIR": str(tmp_path / "cache"),
           "CATALOG_DATA_DIR": str(own)}
    env.pop("CATALOG_DATA_DIRS", None)

    def validate() -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "catalog", "validate"], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=600)

    for _ in range(2):
        result = validate()
        assert result.returncode == 0, result.stderr
        assert result.stdout == "ok: 1 record(s), 1 law(s)\n"
    with connection_to(tmp_path / "cache" / validcache._STORE.file_name) as db:
        assert db.execute("SELECT count(*) FROM forms").fetchone() == (2,)  # the record, and its check values passed
    vocab = code / "catalog" / "vocab.py"
    text = vocab.read_text(encoding="utf-8")
    kept = "\n".join(line for line in text.split("\n") if not line.lstrip().startswith('"utd_ratio":'))
    assert kept != text
    vocab.write_text(kept, encoding="utf-8")
    result = validate()
    assert result.returncode == 1
    assert result.stderr.startswith("records/minimal.yaml:12: laws[0].scaling_variables[0]: unknown variable 'utd_ratio'")


def test_a_failed_build_leaves_the_database_and_the_site_as_they_were(tmp_path, records_dir, cache, monkeypatch):
    monkeypatch.setenv("CATALOG_DATA_DIR", str(records_dir))
    monkeypatch.delenv("CATALOG_DATA_DIRS", raising=False)
    url, site = f"sqlite:///{tmp_path / 'cat.sqlite'}", tmp_path / "site"
    for _ in range(2):  # the second build reads the records from the cache
        result = CliRunner().invoke(cli, ["build", "--db", url, "--output", str(site)])
        assert result.exit_code == 0, result.output
    database = (tmp_path / "cat.sqlite").read_bytes()
    pages = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert Path("papers/second.html") in pages
    (records_dir / "second.yaml").write_text(SECOND.replace("target: minimal", "target: nowhere"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", "--db", url, "--output", str(site)])
    assert result.exit_code == 1
    assert "relation target 'nowhere' is not a known paper id" in result.output and "nothing built" in result.output
    assert (tmp_path / "cat.sqlite").read_bytes() == database
    assert {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()} == pages


CHECKED = MINIMAL + """    check_values:
      - inputs: {N: 1e8}
        expected: {L: 3.0924}
        source: Table 1
        origin: derived
"""


def test_check_values_are_evaluated_again_when_the_paper_changes(records_dir, cache, monkeypatch):
    from catalog.engine import checks

    calls = []
    original = checks.computed
    monkeypatch.setattr(checks, "computed", lambda *args: calls.append(args[0].id) or original(*args))
    path = records_dir / "minimal.yaml"
    path.write_text(CHECKED, encoding="utf-8")
    for _ in range(2):  # evaluated once, then known to pass
        papers, issues = records.load_all([records_dir])
        assert issues == [] and records.check_value_issues(papers, [records_dir]) == []
        assert calls == ["minimal/power"]
    path.write_text(CHECKED.replace("A: 4.0e2", "A: 4.1e2"), encoding="utf-8")
    for run in (1, 2):  # a check that fails is evaluated every time
        papers, issues = records.load_all([records_dir])
        found = records.check_value_issues(papers, [records_dir])
        assert issues == [] and calls == ["minimal/power"] * (1 + run)
        assert [(i.line, i.field) for i in found] == [(29, "laws[0].check_values[0].expected.L")]
        assert found[0].message.startswith("the law gives L = 3.13224 at N=1e+08")
