"""The cache of printed forms (catalog/formcache.py): a miss prints with sympy and is written, a
hit prints nothing, any change to what the printing reads is another key, and a cache that is
forged, damaged, locked or unusable never changes what is printed."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from catalog import formcache
from catalog.cli import cli, render
from catalog.publish import custom_tables
from catalog.store import lawstore
from tests.sqlite_support import connection_to

ROOT = Path(__file__).resolve().parent.parent
LAW = "hoffmann2022/parametric-loss"


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    """The cache's file, in a directory of the test's own (nothing pending from before)."""
    formcache.flush()
    monkeypatch.setenv("CATALOG_CACHE_DIR", str(tmp_path / "cache"))
    yield tmp_path / "cache" / formcache.FILE_NAME
    formcache.flush()


def _law(url: str, ref: str = LAW):
    """A law as the commands read it: a view of its stored record, of its own."""
    paper_id, law_id = ref.split("/")
    return next(law for law in lawstore.paper(url, paper_id).laws if law.id == law_id)


@pytest.fixture
def law(catalog_db):
    return _law(catalog_db)


class Printer:
    """Stands for sympy's printing, counting the calls: a hit makes none."""

    def __init__(self, monkeypatch, module, name):
        self.calls = 0
        real = getattr(module, name)

        def counted(*args, **kwargs):
            self.calls += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(module, name, counted)


def _rows(path: Path) -> dict[str, str]:
    with connection_to(path) as conn:
        return dict(conn.execute("SELECT key, value FROM forms"))


def test_a_miss_is_printed_and_written_then_a_hit_prints_nothing(cache, law, monkeypatch):
    printer = Printer(monkeypatch, custom_tables, "_printed_cell")
    first = custom_tables.law_formula(law, "default")
    assert printer.calls == 1 and not cache.exists()  # written when the process ends
    formcache.flush()
    assert [json.loads(v) for v in _rows(cache).values()] == [[first.text, first.latex]]
    again = custom_tables.law_formula(law, "default")
    assert printer.calls == 1 and (again.text, again.latex) == (first.text, first.latex)
    assert custom_tables.law_formula(law).text != first.text and printer.calls == 2  # no constants: another key


def test_the_pretty_print_is_cached_per_terminal_width(cache, law, monkeypatch):
    printer = Printer(monkeypatch, render, "_pretty_formula")
    monkeypatch.setenv("COLUMNS", "250")
    wide = render.formula_text(law, pretty=True)
    formcache.flush()
    assert render.formula_text(law, pretty=True) == wide and printer.calls == 1
    monkeypatch.setenv("COLUMNS", "12")  # sympy wraps a print wider than the terminal (L = E + A/N^α + B/D^β: 15)
    narrow = render.formula_text(law, pretty=True)
    assert printer.calls == 2 and narrow != wide and "↪" in narrow


@pytest.mark.parametrize("change", [
    lambda law, cs: law.symbols["A"].__setattr__("role", "input"),
    lambda law, cs: law.__setattr__("expression", law.expression.replace("A/", "2*A/")),
    lambda law, cs: law.__setattr__("output_symbol", "E"),
    lambda law, cs: cs.values.__setitem__("E", 1.5),
    lambda law, cs: cs.printed.__setitem__("E", "1.690"),
], ids=["role", "expression", "output", "value", "printed digits"])
def test_what_the_printing_reads_is_in_the_key(cache, catalog_db, monkeypatch, change):
    printer = Printer(monkeypatch, custom_tables, "_printed_cell")
    custom_tables.law_formula(_law(catalog_db), "default")
    changed = _law(catalog_db)
    change(changed, changed.default_constants())
    custom_tables.law_formula(changed, "default")
    assert printer.calls == 2


def test_a_fixed_value_is_in_the_key(papers):
    law = next(l for p in papers for l in p.laws if any(s.role == "fixed" for s in l.symbols.values()))
    law = law.model_copy(deep=True)
    name = next(n for n, s in law.symbols.items() if s.role == "fixed")
    before = formcache.law_material(law)
    law.symbols[name].value = law.symbols[name].value * 10
    assert formcache.law_material(law) != before


@pytest.mark.parametrize("forged", [
    json.dumps(["L = 1", r"\input{/etc/passwd}"]),  # LaTeX outside the math whitelist
    json.dumps(["L = 1", r"a & b"]),  # a '&' splits a LaTeX table's cell
    json.dumps(["L = 1\x1b]0;pwn\x07", "L = 1"]),  # a terminal escape
    json.dumps(["L = 1\nforged row", "L = 1"]),  # a line break forges a table row
    json.dumps(["L = 1"]),  # one string for two
    json.dumps([1, 2]),
    "not json",
    "[" * 100_000,  # nested past the JSON parser's depth
    None,  # an integer where the text is (SQLite stores what it is given)
])
def test_a_forged_or_damaged_entry_is_printed_again_and_overwritten(cache, law, forged, monkeypatch):
    printer = Printer(monkeypatch, custom_tables, "_printed_cell")
    genuine = custom_tables.law_formula(law, "default")
    formcache.flush()
    [key] = _rows(cache)
    with connection_to(cache) as conn:
        conn.execute("UPDATE forms SET value = ? WHERE key = ?", (forged if forged is not None else 7, key))
    formcache._STORE.close()  # as a new process would read it
    shown = custom_tables.law_formula(law, "default")
    assert (shown.text, shown.latex) == (genuine.text, genuine.latex) and printer.calls == 2
    formcache.flush()
    assert json.loads(_rows(cache)[key]) == [genuine.text, genuine.latex]


def test_a_file_that_is_no_database_is_replaced(cache, law):
    genuine = custom_tables.law_formula(law)
    formcache._STORE.close()
    cache.parent.mkdir(parents=True)
    cache.write_bytes(b"\x00garbage, not SQLite" * 100)
    assert custom_tables.law_formula(law).latex == genuine.latex
    formcache.flush()
    assert [json.loads(v) for v in _rows(cache).values()] == [[genuine.text, genuine.latex]]


@pytest.mark.parametrize("extra", [
    # a trigger runs its statements on each write: one looping forever (a recursive WITH) held show
    # --pretty, catalog validate (the valid records' cache) and the site build at their last write
    "CREATE TRIGGER spin AFTER INSERT ON forms BEGIN INSERT INTO sink VALUES (1); END",
    "CREATE VIEW looks AS SELECT * FROM forms", "CREATE INDEX by_value ON forms (value)"])
def test_a_cache_file_holding_more_than_its_table_is_replaced(cache, law, extra):
    import sqlite3

    genuine = custom_tables.law_formula(law)
    formcache.flush()
    formcache._STORE.close()
    cache.unlink()
    with connection_to(cache) as connection:
        connection.execute(formcache._TABLE)
        connection.execute("CREATE TABLE sink (x)")
        connection.execute(extra)
    connection.close()
    assert custom_tables.law_formula(law).latex == genuine.latex
    formcache.flush()
    assert [json.loads(v) for v in _rows(cache).values()] == [[genuine.text, genuine.latex]]
    with connection_to(cache) as connection:
        assert connection.execute("SELECT type, name FROM sqlite_master").fetchall() == [("table", "forms")]
    connection.close()


def test_an_unusable_cache_only_costs_the_printing(tmp_path, law, monkeypatch):
    formcache.flush()
    blocked = tmp_path / "a-file"
    blocked.write_text("the cache directory is a file\n", encoding="utf-8")
    monkeypatch.setenv("CATALOG_CACHE_DIR", str(blocked))
    printer = Printer(monkeypatch, custom_tables, "_printed_cell")
    custom_tables.law_formula(law)
    formcache.flush()  # cannot create the directory: nothing written, nothing raised
    custom_tables.law_formula(law)
    assert printer.calls == 2 and blocked.read_text(encoding="utf-8") == "the cache directory is a file\n"


def test_a_locked_cache_is_printed_past_not_waited_on_per_law(cache, papers, monkeypatch):
    laws = [law for p in papers[:10] for law in p.laws][:20]
    for law in laws:
        custom_tables.law_formula(law)
    formcache.flush()
    formcache._STORE.close()
    holder = sqlite3.connect(cache, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")  # another process writing, stuck
    try:
        printer = Printer(monkeypatch, custom_tables, "_printed_cell")
        import time

        start = time.monotonic()
        for law in laws:
            custom_tables.law_formula(law)
        assert printer.calls == len(laws) and time.monotonic() - start < 15  # one timeout, not one per law
    finally:
        holder.execute("ROLLBACK")
        holder.close()


@pytest.mark.parametrize("text, admitted", [
    (r"S = \begin{cases} 10 & \text{for}\: x > 90 \\\max\left(25, x\right) & \text{otherwise} \end{cases}", True),
    (r"\frac{\begin{cases} a & b \end{cases}}{x}", True),
    (r"L = \frac{A}{N^{\alpha}}", True),
    (r"a & b", False),
    (r"\\begin{cases}&\\end{cases}", False),  # '\\' then the letters 'begin': no environment
    (r"\begin{cases} a & b \end{cases} \input{x}", False),
    (r"\begin{cases} a & b", False),
    (r"\begin{cases}{\end{cases}}", False),
    (r"{\begin{cases} a & } b \end{cases}", False),
    (r"\begin{tabular} a & b \end{tabular}", False),
    # a '&' in braces inside the cases is no column of theirs: 'Misplaced alignment tab character', no PDF
    (r"L = \begin{cases} \text{a & b} & c \end{cases}", False),
    (r"\begin{cases} {a & b} \end{cases}", False),
])
def test_cached_latex_is_the_math_a_record_may_hold_and_sympys_cases(text, admitted):
    assert formcache.latex_math(text) is admitted


def test_show_pretty_and_the_form_table_print_the_same_cold_and_warm_and_warm_without_sympy(tmp_path, catalog_db):
    env = {"CATALOG_CACHE_DIR": str(tmp_path / "cache"), "COLUMNS": "120"}
    script = ("import sys; from catalog.cli import cli; cli.main(sys.argv[1:], standalone_mode=False); "
              "print('sympy imported' if 'sympy' in sys.modules else 'no sympy', file=sys.stderr)")
    runs = {}
    for args in (["show", "kaplan2020", "--pretty"], ["table", "--columns", "law,form", "--format", "latex"]):
        for state in ("cold", "warm"):
            out = subprocess.run([sys.executable, "-c", script, *args, "--db", catalog_db], capture_output=True,
                                 text=True, cwd=ROOT, env={**_environ(), **env}, timeout=300)
            assert out.returncode == 0, out.stderr
            runs[args[0], state] = out
        assert runs[args[0], "cold"].stdout == runs[args[0], "warm"].stdout
        assert runs[args[0], "cold"].stderr.endswith("sympy imported\n")
        assert runs[args[0], "warm"].stderr.endswith("no sympy\n")
    in_process = CliRunner().invoke(cli, ["show", "kaplan2020", "--pretty", "--db", catalog_db], env={"COLUMNS": "120"})
    assert in_process.output == runs["show", "warm"].stdout


def _environ() -> dict[str, str]:
    import os

    return dict(os.environ)


def test_entries_go_to_the_cache_they_were_printed_for(cache, law, tmp_path, monkeypatch):
    # the process writes at exit, when CATALOG_CACHE_DIR may name another cache (or none: the user's)
    printed = custom_tables.law_formula(law)
    monkeypatch.setenv("CATALOG_CACHE_DIR", str(tmp_path / "elsewhere"))
    formcache.flush()
    assert [json.loads(v) for v in _rows(cache).values()] == [[printed.text, printed.latex]]
    assert not (tmp_path / "elsewhere").exists()


def test_the_sites_display_lines_are_printed_once_then_read_and_a_forged_entry_is_printed_again(cache, law, monkeypatch):
    from catalog.publish import typeset
    from catalog.site import views

    printer = Printer(monkeypatch, typeset, "display_lines")
    genuine = views.typeset_lines(law)
    assert genuine == (typeset.display_lines(law), typeset.display_lines(law, constants=True))
    calls = printer.calls
    formcache.flush()
    assert views.typeset_lines(law) == genuine and printer.calls == calls  # a hit prints nothing
    [key] = _rows(cache)
    with connection_to(cache) as conn:  # LaTeX outside the math whitelist on one of the lines
        conn.execute("UPDATE forms SET value = ? WHERE key = ?", (json.dumps(["L = 1\n\\input{x}", ""]), key))
    formcache._STORE.close()  # as a new process would read it
    assert views.typeset_lines(law) == genuine and printer.calls == calls + 2  # the lines, those with constants


@pytest.mark.parametrize("text, admitted", [
    ("", True), (r"L = \frac{A}{N}", True), ("L = E\n\\text{where } E = 1", True),
    ("L = 1\n\\input{x}", False), ("L = 1\n\x1b[2J", False),
])
def test_cached_display_lines_are_each_the_math_a_record_may_hold(text, admitted):
    assert formcache.latex_lines(text) is admitted


def test_the_cache_directory_follows_the_variables_that_place_it(tmp_path, monkeypatch):
    # platformdirs' answer is kept per the variables it reads: a change to one is another directory
    import platformdirs

    from catalog import paths

    monkeypatch.delenv("CATALOG_CACHE_DIR", raising=False)
    for place in ("one", "two", "one"):
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / place))
        assert paths.cache_dir() == platformdirs.user_cache_path(paths.DIST_NAME)
    if sys.platform.startswith("linux"):
        assert paths.cache_dir() == tmp_path / "one" / paths.DIST_NAME
    monkeypatch.setenv("CATALOG_CACHE_DIR", str(tmp_path / "own"))
    assert paths.cache_dir() == tmp_path / "own"


def test_the_last_caches_connection_is_closed_when_the_cache_directory_moves(tmp_path, monkeypatch):
    """The connection to the last cache file (CATALOG_CACHE_DIR moved, as each test's does) was
    dropped unclosed, which Python 3.13 warns of ('ResourceWarning: unclosed database'), and a site
    build's page cache kept its file open after the build; Windows replaces no file held open."""
    from catalog.site.pagecache import PageCache

    store = formcache.Store("moved.sqlite")
    monkeypatch.setenv("CATALOG_CACHE_DIR", str(tmp_path / "a"))
    store.put("key", "value")
    store.flush()
    first = store._opened[2]
    monkeypatch.setenv("CATALOG_CACHE_DIR", str(tmp_path / "b"))
    assert store.read("key") is None
    with pytest.raises(sqlite3.ProgrammingError, match="closed"):
        first.execute("SELECT 1")
    monkeypatch.setenv("CATALOG_CACHE_DIR", str(tmp_path / "a"))
    assert store.read("key") == "value"
    second = store._opened[2]
    store.close()
    with pytest.raises(sqlite3.ProgrammingError, match="closed"):
        second.execute("SELECT 1")
    assert store.read("key") == "value"  # opened again
    store.close()

    pages = PageCache()
    pages.put("page", ["html"])
    pages.flush()  # the build's end
    assert pages._store._opened is None
    assert PageCache().get("page", 1, lambda value: True) == ["html"]
