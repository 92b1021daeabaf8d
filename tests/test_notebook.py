"""Notebooks: catalog.open(), callable laws that show themselves in Jupyter (escaped), and
DataFrames of search results and tables (pandas is in the test extra, so these always run)."""

from __future__ import annotations

import re

import pandas
import pytest

from tests.conftest import FIXTURES


@pytest.fixture(scope="module")
def cat(catalog_db):
    import catalog

    with catalog.open(catalog_db) as opened:
        yield opened


def test_open_law_is_callable(cat):
    chinchilla = cat.law("hoffmann2022")
    assert chinchilla(N=7e10, D=1.4e12) == pytest.approx(1.93665, abs=5e-6)
    assert chinchilla(N="70B", D="1.4T", constant_set="besiroglu2024") == pytest.approx(1.97388, abs=5e-6)
    values = chinchilla(N=[7e10, 1.4e11], D=1.4e12)
    assert len(values) == 2 and values[0] == pytest.approx(1.93665, abs=5e-6)
    every = chinchilla.by_set(N="70B", D="1.4T")
    assert list(every) == ["hoffmann2022", "besiroglu2024", "besiroglu2024-wikipedia"]
    assert every["besiroglu2024"] == pytest.approx(1.97388, abs=5e-6)
    assert every["besiroglu2024-wikipedia"] == pytest.approx(1.96399, abs=5e-6)


def test_a_law_is_read_alone_and_stays_the_object_the_whole_catalog_holds(catalog_db):
    """cat.law('hoffmann2022') read and validated every record (264, 0.5 s) before its first call;
    now its own record alone, with its stored formula tree (no sympy). A nickname, or a paper read
    later with all the others, is the same object. A SQLite catalog is read with sqlite3: SQLAlchemy
    and SQLModel (0.3 s of the first cell) are imported for a server database only."""
    import subprocess
    import sys

    code = ("import sys, catalog\n"
            f"cat = catalog.open({catalog_db!r})\n"
            "law = cat.law('hoffmann2022')\n"
            "print(round(float(law(N=7e10, D=1.4e12)), 5), 'papers' in cat.store.__dict__, 'sympy' in sys.modules)\n"
            "print(cat.law('chinchilla').paper is law.paper, cat.store.papers['hoffmann2022'] is law.paper,"
            " cat.paper('hoffmann2022') is law.paper)\n"
            "print(len(cat.search(variable='compute').ids()) > 0, [m for m in ('sqlalchemy', 'sqlmodel') if m in sys.modules])\n")
    out = subprocess.run([sys.executable, "-W", "ignore", "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.splitlines() == ["1.93665 False False", "True True True", "True []"]


def test_calling_a_law_takes_what_evaluate_takes(cat):
    """law(...) reads its inputs as law.evaluate(...) and catalog eval do: a relation (D="20N") and an
    overridden constant (alpha=0.3) were refused by the call ('20N' is not a number; 'alpha' is a
    parameter, not an input) while evaluate accepted them."""
    chinchilla = cat.law("hoffmann2022")
    assert chinchilla(N="1B", D="20N") == pytest.approx(chinchilla(N=1e9, D=2e10), rel=1e-12)
    assert chinchilla(N="1B", D="20N") == pytest.approx(chinchilla.evaluate(N="1B", D="20N").value, rel=1e-12)
    tuned = chinchilla(N="70B", D="1.4T", alpha=0.3)
    assert tuned == pytest.approx(chinchilla.evaluate(N="70B", D="1.4T", alpha=0.3).value, rel=1e-12)
    assert tuned == pytest.approx(1.69 + 406.4 / 7e10 ** 0.3 + 410.7 / 1.4e12 ** 0.28, rel=1e-12)


def test_calling_a_law_warns_as_evaluate_does(cat):
    """law(N=..., D=...) returned the bare value and dropped what law.evaluate(...) and catalog eval
    warn of (70B is beyond Chinchilla's fitted range); the call now issues each of those warnings
    as a Python warning of the same text, naming the caller's line, and is silent within the range."""
    import warnings

    from catalog.engine.errors import CatalogWarning

    def ours(caught):  # the catalog's own: pytest.warns records every warning, and one run of the
        # suite caught one issued elsewhere (not reproduced; e.g. a ResourceWarning of an earlier test's
        # object, issued wherever the garbage collector runs)
        return [w for w in caught if issubclass(w.category, CatalogWarning)]

    chinchilla = cat.law("hoffmann2022")
    expected = chinchilla.evaluate(N="70B", D="1.4T").warnings
    with pytest.warns(CatalogWarning) as caught:
        assert chinchilla(N="70B", D="1.4T") == pytest.approx(1.93665, abs=5e-6)
    assert [str(w.message) for w in ours(caught)] == expected and len(expected) == 2
    assert all(w.filename == __file__ for w in ours(caught))
    with pytest.warns(CatalogWarning, match="N=7e\\+10 is above the fitted range") as caught:
        chinchilla.by_set(N="70B", D="1.4T")
    assert all(w.filename == __file__ for w in ours(caught)), [(w.filename, w.lineno, str(w.message)[:80]) for w in caught]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert chinchilla(N="1B", D="20B") == pytest.approx(chinchilla.evaluate(N="1B", D="20B").value)


def test_a_law_solves_optimises_sweeps_and_plots_as_the_cli_does(cat, tmp_path):
    from catalog.engine import optimal, solve, sweep

    chinchilla = cat.law("hoffmann2022")
    full = chinchilla.evaluate(N="70B", D="1.4T")
    assert full.value == pytest.approx(1.93665, abs=5e-6) and full.constants.set_id == "hoffmann2022"
    assert any("N=7e+10 is above the fitted range" in w for w in full.warnings)
    n = chinchilla.solve(L=2.0, D="1.4T")  # the one variable not given
    assert n.unknown == "N" and n.value == pytest.approx(solve.solve(chinchilla, "N", {"L": 2.0, "D": 1.4e12}).value)
    assert chinchilla(N=n.value, D=1.4e12) == pytest.approx(2.0, rel=1e-10)
    tied = chinchilla.solve("N", L=2.0, D="20N", constant_set="besiroglu2024")
    assert tied.related["D"] == pytest.approx(20 * tied.value)
    assert chinchilla(N=tied.value, D=20 * tied.value, constant_set="besiroglu2024") == pytest.approx(2.0, rel=1e-8)
    allocation = chinchilla.optimal()
    expected = optimal.compute_optimal(chinchilla).at(5.76e23)
    assert allocation.at(5.76e23) == pytest.approx(expected) and allocation.N_opt.exponent == pytest.approx(0.28 / 0.62)
    grid = chinchilla.sweep(N="1e8..1e11:4 log", D="20N")
    assert grid.columns["L"] == pytest.approx(sweep.sweep(chinchilla, {"N": "1e8..1e11:4 log", "D": "20N"}).columns["L"])
    assert len(grid.rows()) == 4
    # one line, not every column twice (some 90,000 characters for 900 points)
    assert repr(chinchilla.sweep(N="1e8..1e11:900 log", D="1.4T")) == (
        "Sweep(ref='hoffmann2022/parametric-loss', points=900, N=1e+08..1e+11, D=1.4e+12, L=1.92711..2.62754, "
        "constant_set='hoffmann2022', warnings=2)")
    import numpy as np

    many = repr(chinchilla.evaluate(N=np.logspace(8, 11, 900), D="1.4T"))  # was some 29,000 characters
    assert "value=array(900 values, 1.92711..2.62754), inputs={'N': array(900 values, 1e+08..1e+11)" in many
    assert len(many) < 1500
    with pytest.raises(ValueError, match=r"^L: 500 values where one number is expected \(arrays are for a law's inputs"):
        chinchilla.solve(L=np.linspace(2, 3, 500), D="1.4T")  # the message printed all 500
    capybara = cat.law("sun2025/capybara-loss")
    least = capybara.minimum("D", N="1B", E=4, M=3, B=128)
    assert least.value == pytest.approx(solve.extremum(capybara, "D", {"N": 1e9, "E": 4, "M": 3, "B": 128}).value)
    with pytest.raises(Exception, match="no maximum"):
        capybara.maximum("D", N="1B", E=4, M=3, B=128)
    drawn = chinchilla.plot("N", tmp_path / "chinchilla.svg", D="20N")
    assert (tmp_path / "chinchilla.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert len(repr(drawn)) < 5000  # the per-point arrays stay out of what a notebook prints
    runs = {"N": [1e8, 3e8, 1e9, 3e9, 1e8, 1e9, 3e9, 1e10], "D": [2e9, 6e9, 2e10, 6e10, 2e10, 2e11, 6e10, 2e11]}
    runs["L"] = [chinchilla(N=n, D=d) for n, d in zip(runs["N"], runs["D"])]
    refit = chinchilla.fit(runs, bootstrap=0, restarts=8)
    assert refit.law_id == "hoffmann2022/parametric-loss" and refit.r2 > 0.999999
    assert refit.values["alpha"] == pytest.approx(0.34, rel=1e-3)
    (tmp_path / "runs.csv").write_text("N,D,L\n" + "".join(f"{n},{d},{l}\n" for n, d, l in zip(*runs.values())),
                                       encoding="utf-8")
    assert chinchilla.fit(tmp_path / "runs.csv", bootstrap=0, restarts=8).values == pytest.approx(refit.values)


def test_law_shows_formula_and_constants(cat):
    chinchilla = cat.law("hoffmann2022")
    latex = chinchilla._repr_latex_()
    assert latex.startswith("$$") and latex.endswith("$$")
    assert r"\alpha" in latex and "406.4" in latex and "0.34" in latex
    html = chinchilla._repr_html_()
    assert "hoffmann2022/parametric-loss" in html and "406.4" in html and "besiroglu2024" in html
    assert "Hoffmann et al." in html  # each constant set's source
    # what a user checks before evaluating: units, the fitted ranges, provenance and locator, the default
    assert f"<td>{IGNORED}tokens</span></td><td>5e+09 to 5e+11" in html
    assert f"<code>hoffmann2022</code> (default)</td><td>paper, {IGNORED}Appendix D.2, Eq. (10)</span></td>" in html
    assert "E = 1.8172" in html and "wikipedia</td>" in html
    # a set fitted on other data shows its own range
    assert "fitted range of <code>N</code> for this set: 5.73e+07 to 1.6184e+10" in html
    # an input whose sources state no span says so, with what was read
    kaplan = cat.law("kaplan2020/loss-compute")._repr_html_()
    assert f"<td>not stated in the sources <small>({IGNORED}Not stated: the C_min frontier" in kaplan
    # digits as printed: qiu2025's MLP set prints L0 = 0.000, not 0.0
    assert "L_0 = 0.000, a = 0.050" in cat.law("qiu2025/compute-optimal-frontier")._repr_html_()


def test_law_repr_is_one_line(cat, catalog_db):
    """At a plain Python prompt a law prints as one line, not its whole paper's record."""
    from catalog.store import lawstore

    for law in (cat.law("hoffmann2022"), lawstore.law(catalog_db, "hoffmann2022")):
        text = repr(law)
        assert text == ("<law hoffmann2022/parametric-loss: Chinchilla parametric loss (Approach 3); "
                        "L = E + A/N**alpha + B/D**beta; inputs N, D; "
                        "constant sets: hoffmann2022 (default), besiroglu2024, besiroglu2024-wikipedia>")
    assert all("\n" not in repr(law) and len(repr(law)) < 2000 for law in cat.laws())


def test_paper_repr_is_one_line(cat):
    """A paper printed its whole record at a prompt (some 47,000 characters for hoffmann2022); now one
    line naming its title, first author, year, laws and errata, with str() still every field."""
    paper = cat.paper("chinchilla")
    assert repr(paper) == ("<paper hoffmann2022: Training Compute-Optimal Large Language Models (Jordan Hoffmann "
                           "et al., 2022); laws: parametric-loss, compute-optimal-parameters, compute-optimal-tokens, "
                           "parameter-growth-with-compute, token-growth-with-compute, tokens-grow-with-parameters; "
                           "2 errata>")
    assert "1 erratum>" in repr(cat.paper("kaplan2020")) and "and 4 more;" in repr(cat.paper("kaplan2020"))
    import yaml

    from catalog.schema import Paper

    # print(paper) shows the whole record, as its YAML file has it
    assert Paper.model_validate(yaml.safe_load(str(paper))) == paper
    assert "\n      A: 406.4\n" in str(paper) and "Appendix D.2" in str(paper)
    assert all("\n" not in repr(p) and len(repr(p)) < 600 for p in cat.store.papers.values())
    # and so does a law of the record: one line, its YAML for str()
    law = paper.laws[0]
    assert repr(law) == repr(cat.law("hoffmann2022")).replace("hoffmann2022/parametric-loss", "parametric-loss")
    assert str(law).startswith("id: parametric-loss\nname: Chinchilla parametric loss (Approach 3)\n")
    assert repr(paper.laws).count("<law ") == 6 and len(repr(paper.laws)) < 2000


IGNORED = '<span class="tex2jax_ignore">'  # what the notebook's MathJax leaves as it is


def test_law_html_keeps_record_text_from_the_notebooks_mathjax(tmp_path):
    """MathJax typesets every '$...$' of an HTML output: a unit '$\\input{/etc/passwd}$' or a law
    name 'Law $x$' showed as math, or as MathJax's red error, instead of the record's text. Only
    the formula, printed by sympy, is outside the class MathJax skips."""
    from catalog import records
    from catalog.store.reader import LawRef

    text = (FIXTURES / "valid" / "minimal.yaml").read_text(encoding="utf-8")
    text = text.replace("name: A power law", "name: 'Law $x$ $$y$$'").replace(
        "unit: parameters,", "unit: '$\\input{/etc/passwd}$ parameters',").replace(
        "source: test fixture", "source: 'test $\\href{javascript:alert(1)}{x}$'")
    path = tmp_path / "minimal.yaml"
    path.write_text(text, encoding="utf-8")
    [paper] = records.load_valid([path])
    html = LawRef(paper, paper.laws[0])._repr_html_()
    outside = re.sub(re.escape(IGNORED) + r"[^<]*</span>", "", html)
    assert outside.count("$") == 4 and outside.count("$$") == 2, outside  # the formula's $$...$$ alone
    assert f"{IGNORED}Law $x$ $$y$$</span>" in html and "$\\input{/etc/passwd}$ parameters</span>" in html


def test_law_html_escapes_record_text():
    from catalog import records
    from catalog.store.reader import LawRef

    paper = records.load_valid([FIXTURES / "site" / "xss2024.yaml", FIXTURES / "valid" / "minimal.yaml"])[0]
    html = LawRef(paper, paper.laws[0])._repr_html_()
    assert not re.search(r"<(script|img|svg|b>|i>)", html), html
    assert "&lt;script&gt;" in html and "&lt;svg onload" in html


def test_search_and_tables_as_dataframes(cat):
    found = cat.search(variable="experts").to_dataframe()
    assert isinstance(found, pandas.DataFrame) and "clark2022" in set(found["id"])
    table = cat.table(7)
    frame = table.to_dataframe()
    assert list(frame.columns) == [c.key for c in table.columns]
    assert len(frame) == len(table.rows)
    assert "Hoffmann et al. (2022)" in set(frame["paper"])
    assert table._repr_html_() == table.to_html()


def test_a_sweep_is_a_dataframe(cat, monkeypatch):
    """law.sweep(...).to_dataframe(), as search results, predictions and tables have: a sweep had only
    .columns, .rows() and .to_csv(), so a notebook built the frame by hand."""
    grid = cat.law("hoffmann2022").sweep(N="1e8..1e11:4 log", D="20N")
    frame = grid.to_dataframe()
    assert list(frame.columns) == ["N", "D", "L"] and len(frame) == 4
    assert frame["D"].to_numpy() == pytest.approx(20 * frame["N"].to_numpy())
    assert frame["L"].to_numpy() == pytest.approx(grid.columns["L"])
    monkeypatch.setitem(__import__("sys").modules, "pandas", None)  # pandas not installed
    with pytest.raises(ImportError, match=r"pip install pandas.*columns or rows\(\) needs nothing"):
        grid.to_dataframe()



def test_own_tables_and_bibtex_from_the_session(cat, catalog_db):
    """What catalog table --columns and catalog bib give, from catalog.open() (only the survey's
    Tables 2-8 were there; your own meant importing catalog.publish.custom_tables)."""
    from catalog.publish import bibtex, custom_tables

    mine = cat.table(columns="paper,form", where="modality=speech", caption="Speech")
    assert mine.to_latex() == custom_tables.custom_table(catalog_db, "paper,form", where=["modality=speech"],
                                                         caption="Speech").to_latex()
    assert cat.bib("chinchilla", "kaplan2020") == bibtex.bibliography(catalog_db, ids=["hoffmann2022", "kaplan2020"])
    assert cat.bib("chinchilla").startswith("@inproceedings{hoffmann2022,")
    assert cat.bib(where="modality=speech") == bibtex.bibliography(catalog_db, ["modality=speech"])
    with pytest.raises(TypeError, match="a survey table is regenerated as printed: drop columns"):
        cat.table(7, columns="paper")


def test_session_bib_of_a_law_is_its_papers_as_the_cli_gives_it(cat, catalog_db):
    """catalog bib hoffmann2022/parametric-loss prints its paper's entry; cat.bib of the same law id
    raised FilterError: unknown paper 'hoffmann2022/parametric-loss'."""
    from click.testing import CliRunner

    from catalog.cli import cli
    from catalog.store import lawstore

    cli_out = CliRunner().invoke(cli, ["bib", "hoffmann2022/parametric-loss", "kaplan2020", "--db", catalog_db])
    assert cli_out.exit_code == 0, cli_out.output
    assert cat.bib("hoffmann2022/parametric-loss", "kaplan2020").rstrip("\n") == cli_out.output.rstrip("\n")
    assert cat.bib("chinchilla/parametric-loss") == cat.bib("hoffmann2022")
    with pytest.raises(lawstore.NotFound):
        cat.bib("hoffmann2022/no-such-law")

def test_session_bib_cites_the_laws_it_gave(catalog_db):
    """'BibTeX for every law I used in this session': cat.bib() gave every paper of the catalog, and
    the laws used had to be listed again by hand. The session records the laws cat.law gave."""
    import catalog

    with catalog.open(catalog_db) as fresh:
        with pytest.raises(ValueError, match=r"^no law used yet in this session"):
            fresh.bib(used=True)
        fresh.law("chinchilla")
        fresh.law("kaplan2020/loss-n")
        fresh.law("hoffmann2022/parametric-loss")  # once, however often it is asked for
        fresh.search(variable="experts")  # a search uses no law
        assert fresh.used == ["hoffmann2022/parametric-loss", "kaplan2020/loss-n"]
        assert fresh.bib(used=True) == fresh.bib("hoffmann2022", "kaplan2020")
        assert fresh.bib("besiroglu2024", used=True) == fresh.bib("hoffmann2022", "kaplan2020", "besiroglu2024")


def test_open_layers_a_users_records(tmp_path, catalog_db, monkeypatch):
    import catalog
    from catalog import paths

    monkeypatch.setattr(paths, "extra_dirs_from_options", [])
    monkeypatch.setenv("CATALOG_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("CATALOG_DB", raising=False)
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "minimal.yaml").write_text((FIXTURES / "valid" / "minimal.yaml").read_text(encoding="utf-8"),
                                       encoding="utf-8")
    with catalog.open(data=[mine]) as opened:
        assert opened.law("minimal")(N=1e8) == pytest.approx(1.5 + 400 / 1e8**0.3)
        assert opened.law("hoffmann2022")(N=7e10, D=1.4e12) == pytest.approx(1.93665, abs=5e-6)


def test_tables_and_bibtex_build_the_default_database_as_every_reader_does(tmp_path, monkeypatch):
    """The table, repro and bib paths read the default database through the selection helpers,
    which said "no catalog database ...; run 'catalog load' first" where every other command
    (Store, Catalog) builds it from the records on first use: with a user's records layered in
    (a database of its own name), or a fresh install, 'catalog table 2' failed."""
    from catalog import paths
    from catalog.publish import bibtex, tables

    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "minimal.yaml").write_text((FIXTURES / "valid" / "minimal.yaml").read_text(encoding="utf-8"),
                                       encoding="utf-8")
    monkeypatch.setattr(paths, "extra_dirs_from_options", [mine])
    monkeypatch.setenv("CATALOG_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("CATALOG_DB", raising=False)
    assert not paths.default_db_path().exists()
    assert any(row.paper_id == "kaplan2020" for row in tables.survey_table(None, 2).rows)
    assert paths.default_db_path().exists()
    assert "{minimal," in bibtex.bibliography(None, [], ids=["minimal"])


def test_results_print_without_the_law_record(cat):
    """What a law's methods return prints as the result, not the whole law record and the
    paragraph of each constant set's source (an evaluation's repr was some 9,000 characters)."""
    chinchilla = cat.law("hoffmann2022")
    results = (chinchilla.evaluate(N="70B", D="1.4T"), chinchilla.solve(L=2.0, D="1.4T"), chinchilla.optimal(),
               chinchilla.sweep(N="1e8..1e11:3", D="20N"))
    for result in results:
        text = repr(result)
        assert text.startswith(f"{type(result).__name__}(ref='hoffmann2022/parametric-loss'") and len(text) < 1500
        assert "check_values" not in text and "Appendix D.2 of arXiv" not in text and "lambdifygenerated" not in text
    evaluation = results[0]
    assert "value=1.93664547" in repr(evaluation) and "set_id='hoffmann2022'" in repr(evaluation)
    assert evaluation.law.id == "parametric-loss" and "Appendix D.2" in evaluation.constants.source  # still there


def test_search_predictions_and_tables_print_in_one_line(cat):
    """A search result, a prediction and a table print as one line saying what they hold: their
    generated reprs printed every hit, row or cell (50,632 characters for the loss laws of N and D,
    19,952 for cat.predict(N="70B", D="1.4T"), 19,716 for Table 7)."""
    found = cat.search(dependent="loss", variable=["N", "D"], match="all", has_constants=True)
    text = repr(found)
    assert text.startswith(f"<search: {len(found)} papers, {len(found.laws)} laws: kaplan2020, rosenfeld2019, hoffmann2022, ")
    assert text.endswith(f" and {len(found) - 6} more>") and len(text) < 200
    assert repr(cat.search(variable="experts", limit=2)).startswith("<search: 2 of ")
    assert repr(cat.search(text="zzzqqqx")) == "<search: 0 papers, 0 laws>"
    # each hit in one line too: printing found.papers printed some 130,000 characters for "chinchilla"
    hit = cat.search(text="chinchilla").papers[0]
    assert repr(hit) == ("<paper hit hoffmann2022: Training Compute-Optimal Large Language Models (Hoffmann et al. "
                         "(2022)); 6 laws: parametric-loss, compute-optimal-parameters, compute-optimal-tokens, "
                         "parameter-growth-with-compute and 2 more>")
    assert all("\n" not in repr(h) and len(repr(h)) < 600 for h in cat.search(variable="compute").papers)
    at = cat.predict(N="70B", D="1.4T")
    assert repr(at).startswith(f"<predictions at model_parameters=7e+10, data=1.4e+12: {len(at.rows)} rows (")
    assert f"), {len(at.skipped)} laws skipped>" in repr(at) and len(repr(at)) < 300
    table = cat.table(7)
    assert repr(table) == f"<table 7: {len(table.rows)} rows; columns paper, dependent_variable, scaling_variables, form>"
    assert repr(cat.table(columns="paper,form", where="modality=vision")).startswith("<table: ")


def test_session_methods_say_what_they_take_and_return():
    """help(cat.search) names every filter (it said only ':meth:`catalog.store.query.Catalog.search`'),
    and paper() and laws() say what they return (they had no docstring)."""
    import typing

    from catalog.schema import Paper
    from catalog.store import query
    from catalog.store.lawstore import LawRef
    from catalog.store.session import Session

    for name in (*query.PAPER_FILTERS, *query.LAW_FILTERS, "match", "limit"):
        assert re.search(rf"``{name}[`=]", Session.search.__doc__), name
    for method in (Session.paper, Session.law, Session.laws, Session.search, Session.predict, Session.table):
        assert method.__doc__ and "return" in method.__annotations__, method.__name__
    names = {"Paper": Paper, "LawRef": LawRef}
    assert typing.get_type_hints(Session.laws, localns=names)["return"] == list[LawRef]
    assert typing.get_type_hints(Session.paper, localns=names)["return"] is Paper
    from os import PathLike

    import catalog

    assert typing.get_type_hints(catalog.open, localns={"Session": Session, "PathLike": PathLike})["return"] is Session


def test_extrapolation_is_a_list_of_inputs_to_test_in_code(cat):
    """evaluate(...).beyond names the inputs outside the constant set's fitted range, as a prediction's
    row does: a script had only the warnings' sentences to parse."""
    import numpy as np

    chinchilla = cat.law("hoffmann2022")  # fitted on N in [7e7, 1.6e10], D in [5e9, 5e11]
    assert chinchilla.evaluate(N="70B", D="1.4T").beyond == ["N", "D"]
    assert chinchilla.evaluate(N="1B", D="1.4T").beyond == ["D"]
    assert chinchilla.evaluate(N="1B", D="20B").beyond == [] == chinchilla.evaluate(N="1B", D="20B").warnings
    n = np.logspace(8.5, 10, 1000)  # D = 20N from 6.3e9 to 2e11
    assert chinchilla.evaluate(N=n, D="20N").beyond == []
    assert chinchilla.evaluate(N=n, D="20N", constant_set="besiroglu2024").beyond == []
    assert chinchilla.evaluate(N=np.append(n, 1e11), D="20N").beyond == ["N", "D"]
    at = cat.predict(N="70B", D="1.4T")
    row = next(r for r in at.rows if r.ref == "hoffmann2022/parametric-loss")
    assert row.beyond == chinchilla.evaluate(N="70B", D="1.4T").beyond


def test_every_law_with_constants_evaluates_at_its_reference_point(cat):
    """law.reference_point is where the law's constant sets are compared (Chinchilla's 70B, 1.4T, from
    its first check): the record's own field, the obvious place to look, is {} for most laws, and the
    fallbacks lived in catalog.provenance. Every constant set of every law evaluates there."""
    import math

    chinchilla = cat.law("hoffmann2022")
    assert chinchilla.law.reference_point == {} and chinchilla.reference_point == {"N": 7e10, "D": 1.4e12}
    evaluated = 0
    for law in cat.laws():
        point = law.reference_point
        if not law.law.constant_sets or point is None:
            continue
        for constants in law.law.constant_sets:
            value = law.evaluate(constant_set=constants.id, **point).value
            assert math.isfinite(value), (law.id, constants.id, point)
            evaluated += 1
    assert evaluated > 1300


def test_a_constant_set_in_the_laws_name_says_where_it_goes(cat):
    """The commands take LAW@SET; cat.law("hoffmann2022@besiroglu2024") answered 'unknown paper
    'hoffmann2022@besiroglu2024'; did you mean besiroglu2024, hoffmann2022?', as if the id were
    misspelt. It names the call that takes the set (and an unknown law is still told as such)."""
    from catalog.store import lawstore

    with pytest.raises(lawstore.NotFound) as err:
        cat.law("chinchilla@besiroglu2024")
    assert str(err.value) == ("cat.law takes PAPER or PAPER/LAW, not a constant set: give 'besiroglu2024' to the call, "
                              "cat.law('chinchilla')(constant_set='besiroglu2024', ...) (also .evaluate, .solve, .sweep, "
                              ".optimal; sets of hoffmann2022/parametric-loss: hoffmann2022, besiroglu2024, "
                              "besiroglu2024-wikipedia)")
    with pytest.raises(lawstore.NotFound, match="unknown paper 'nosuch'"):
        cat.law("nosuch@besiroglu2024")
    assert cat.law("chinchilla")(constant_set="besiroglu2024", N="70B", D="1.4T") == pytest.approx(1.97388, rel=1e-5)


def test_the_optimum_at_a_budget_is_one_call(cat):
    """law.optimal(C=1e22), the natural call, raised a raw TypeError (unexpected keyword 'C'), and
    law.optimal(1e22) "'float' object is not iterable" (the budget taken for a constant set): the
    first is now law.optimal().at(1e22) with its extrapolation warnings issued, the second says so."""
    from catalog.engine.errors import CatalogWarning

    chinchilla = cat.law("hoffmann2022")
    assert chinchilla.optimal(C=1e22) == chinchilla.optimal().at(1e22) == chinchilla.optimal(C="1e22")
    assert chinchilla.optimal("besiroglu2024", C=1e22) == chinchilla.optimal("besiroglu2024").at(1e22)
    expected = chinchilla.optimal().warnings_at(1e26)[0]
    with pytest.warns(CatalogWarning) as caught:
        assert chinchilla.optimal(C=1e26) == chinchilla.optimal().at(1e26)
    assert [str(w.message) for w in caught] == expected and expected and all(w.filename == __file__ for w in caught)
    with pytest.raises(TypeError) as unnamed:
        chinchilla.optimal(1e22)
    assert str(unnamed.value) == ("law.optimal(1e+22): the first argument names a constant set; give the budget by name, "
                                  "law.optimal(C=1e+22), or law.optimal().at(1e+22)")


def test_a_value_given_without_its_name_says_so(cat):
    """law(7e10, D=1.4e12) and law.sweep(1e9) took the number for a constant set id and failed
    inside difflib ("'float' object is not iterable")."""
    from catalog.engine.errors import UnknownConstantSet

    chinchilla = cat.law("hoffmann2022")
    message = ("70000000000.0 is not a constant set of hoffmann2022/parametric-loss: the first argument names a "
               "constant set; give values by name (N=..., D=...)")
    for call in (lambda: chinchilla(7e10, D=1.4e12), lambda: chinchilla.evaluate(7e10, D=1.4e12),
                 lambda: chinchilla.sweep(7e10, D="20N")):
        with pytest.raises(UnknownConstantSet) as caught:
            call()
        assert str(caught.value) == message


@pytest.mark.parametrize("name, hint", [
    ("eval", 'law(N="70B", D="1.4T"), or law.evaluate(N="70B", D="1.4T") for the value with its warnings'),
    ("predict", 'law(N="70B", D="1.4T"), or law.evaluate('),
    ("optimum", "law.optimal(C=5.76e23), or law.optimal().at(5.76e23)"),
])
def test_a_method_named_after_a_command_says_what_to_call(cat, name, hint):
    """law.eval(N=70e9, D=1.4e12), as `catalog eval` reads, was "'LawRef' object has no attribute
    'eval'"; other missing attributes are as Python words them (hasattr still answers False)."""
    chinchilla = cat.law("hoffmann2022")
    with pytest.raises(AttributeError) as caught:
        getattr(chinchilla, name)
    assert str(caught.value).startswith(f"a law has no method {name!r}: ") and hint in str(caught.value)
    assert not hasattr(chinchilla, "no_such_thing") and hasattr(chinchilla, "_repr_html_")
    with pytest.raises(AttributeError, match="^'LawRef' object has no attribute 'evalute'$"):
        chinchilla.evalute


def test_an_unknown_law_of_a_paper_lists_its_laws(cat, catalog_db):
    """cat.law('hoffmann2022/chinchilla') (the paper's nickname as its law) said only "unknown law
    of hoffmann2022 'chinchilla'", no law being close; it now lists the paper's laws, as every
    reader of the records does."""
    from catalog.store.reader import NotFound, Store

    with pytest.raises(NotFound) as caught:
        cat.law("hoffmann2022/chinchilla")
    assert str(caught.value) == ("unknown law of hoffmann2022 'chinchilla'; its laws: parametric-loss, "
                                 "compute-optimal-parameters, compute-optimal-tokens, parameter-growth-with-compute, "
                                 "token-growth-with-compute, tokens-grow-with-parameters (hoffmann2022 alone names the first)")
    with pytest.raises(NotFound) as slow:
        Store(catalog_db).law("hoffmann2022/chinchilla")
    assert str(slow.value) == str(caught.value)
    with pytest.raises(NotFound, match=r"^unknown law of hoffmann2022 'parametric'; did you mean: parametric-loss"):
        cat.law("hoffmann2022/parametric")  # a close one is suggested, without the list
    assert cat.law("chinchilla/parametric-loss").id == "hoffmann2022/parametric-loss"


@pytest.mark.parametrize("call", [
    lambda cat, long: cat.law(long),
    lambda cat, long: cat.paper(long),
    lambda cat, long: cat.law(f"hoffmann2022/{long}"),
    lambda cat, long: cat.law("hoffmann2022")(constant_set=long, N=7e10, D=1.4e12),
    lambda cat, long: cat.law("hoffmann2022")(N=long, D=1.4e12),
    lambda cat, long: cat.law("hoffmann2022")(**{long: 1.0, "N": 7e10, "D": 1.4e12}),
    lambda cat, long: cat.search(modality=long),
    lambda cat, long: cat.search(covers=f"N={long}"),
])
def test_an_error_quotes_a_long_name_cut_short(cat, call):
    """cat.law('x' * 5000) echoed the whole 5,000-character id in its error (5,016 characters), as
    did an unknown constant set, symbol, value or vocabulary word; each is now quoted to its first
    80 characters and its length, as a formula that does not parse already was."""
    long = "x" * 5000
    with pytest.raises(Exception) as caught:
        call(cat, long)
    message = str(caught.value)
    assert "x" * 81 not in message and "(5,000 characters)" in message and len(message) < 1000


def test_a_laws_fitting_checklist_and_audit_are_reached_from_it(cat, catalog_db, run):
    """Reproducibility from a law in a notebook: law.law.fitting held the record's items, but the
    checklist row (with the (Mis)Fitting sheet's cells) and the audit (which sets a printed number
    or a refit tests) were only `catalog checklist` / `catalog audit`. Each is now a method, the
    command's JSON row; the fast path's law (a view of the stored row) gives the same."""
    import json

    from catalog.store import lawstore

    law = cat.law("hoffmann2022")
    listed = json.loads(run("checklist", "hoffmann2022/parametric-loss", "--json").stdout)["laws"]
    audited = json.loads(run("audit", "hoffmann2022/parametric-loss", "--json").stdout)["laws"]
    assert [law.checklist().as_dict()] == listed
    assert [json.loads(json.dumps(law.audit().as_dict()))] == audited
    assert law.checklist().sheet_objective == "Huber on Log-loss" and law.audit().sets_refit == ["besiroglu2024"]
    fast = lawstore.law(catalog_db, "hoffmann2022/parametric-loss")
    assert fast.checklist().as_dict() == listed[0]
    assert json.loads(json.dumps(fast.audit().as_dict())) == audited[0]


def test_optimal_takes_the_laws_other_inputs_as_keywords_and_gives_units(cat):
    """Planning at 1e23 FLOPs with 100B unique tokens: law.optimal(U="100B") was a TypeError,
    where calling, evaluate and sweep take inputs as keywords and catalog optimal takes U=100B;
    the allocation's units were nowhere (eval's are Evaluation.units)."""
    law = cat.law("muennighoff2023/data-constrained-loss-nd")
    by_keyword = law.optimal(U="100B").at(1e23)
    assert by_keyword == law.optimal(fixed={"U": 1e11}).at(1e23)
    assert by_keyword["D_opt"] > 1e11  # a split past the unique tokens, where the law holds (U <= D)
    assert law.optimal(U="100B").units == {"N_opt": "parameters", "D_opt": "tokens", "L_opt": "nats/token"}
