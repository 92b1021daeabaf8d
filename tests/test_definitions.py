"""Defined symbols (role ``defined``, catalog.definitions): a law written over a quantity its
paper names and defines beside it (Clark et al.'s E-hat, Muennighoff et al.'s D') evaluates,
solves and compiles to JavaScript as the written-out formula, while every display shows it as
printed, the definition below. The invalid cases are fixtures (tests/fixtures/invalid/defined_*)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from catalog import definitions, records
from catalog.engine import evaluation as engine, solve
from catalog.store.reader import LawRef
from tests.conftest import FIXTURES
from tests.sqlite_support import connection_to

VALUES = {"E": 1.87, "A": 521, "B": 1488, "alpha": 0.35, "beta": 0.353, "Rstar": 15.4}


def by_hand(N, U, R, E, A, B, alpha, beta, Rstar):
    return E + A / N**alpha + B / (U + U * Rstar * (1 - np.exp(-R / Rstar)))**beta


@pytest.fixture(scope="module")
def paper():
    return records.load_valid([FIXTURES / "valid" / "defined.yaml"])[0]


@pytest.fixture(scope="module")
def ref(paper):
    return LawRef(paper, paper.laws[0])


def test_the_record_keeps_the_printed_form_and_the_engine_the_written_out_one(paper):
    law = paper.laws[0]
    assert law.expression == "E + A/N**alpha + B/Dprime**beta"
    assert law.expanded_expression == "E + A/N**alpha + B/(U + U*Rstar*(1 - exp(-R/Rstar)))**beta"
    assert law.input_symbols == ["N", "U", "R"] and "Dprime" not in law.parameter_symbols
    assert definitions.formula_text(law) == "L = E + A/N**alpha + B/Dprime**beta; Dprime = U + U*Rstar*(1 - exp(-R/Rstar))"


def test_evaluation_solve_and_sweeps_follow_the_definition(ref):
    point = {"N": 7e7, "U": 2e9, "R": 4.0}
    assert engine.evaluate(ref, point).value == pytest.approx(by_hand(**point, **VALUES), rel=1e-12)
    grid = np.geomspace(1e6, 1e9, 7)
    values = engine.evaluate(ref, {"N": grid, "U": 2e9, "R": 4.0}).value
    np.testing.assert_allclose(values, by_hand(grid, 2e9, 4.0, **VALUES), rtol=1e-12)
    target = by_hand(**point, **VALUES)
    found = solve.solve(ref, "U", {"L": target, "N": 7e7, "R": 4.0})
    assert found.value == pytest.approx(2e9, rel=1e-6)
    with pytest.raises(engine.EngineError, match=r"'Dprime' is defined in defined/repeated-data as U \+ U\*Rstar"):
        engine.evaluate(ref, {"N": 7e7, "U": 2e9, "R": 4.0, "Dprime": 1e10})  # no input: it is made of them


def test_a_defined_symbol_set_or_solved_for_names_the_inputs_it_is_made_of(ref):
    """Not every input of the law (N is not in D'), and solving for it is not 'setting' it."""
    with pytest.raises(engine.EngineError, match=r"cannot be set: give the inputs it is made of \(U, R\)$"):
        engine.evaluate(ref, {"N": 7e7, "U": 2e9, "R": 4.0, "Dprime": 1e10})
    with pytest.raises(engine.EngineError, match=r"'Dprime' is defined in defined/repeated-data as .* and cannot be "
                                                 r"solved for: solve for one of the inputs it is made of \(U, R\)$"):
        solve.solve(ref, "Dprime", {"L": 2.5, "N": 7e7, "R": 4.0})
    assert definitions.made_of(ref.law, "Dprime", "parameter") == ["Rstar"]


def test_a_check_value_giving_a_defined_symbol_is_told_so_as_eval_tells_it(ref):
    """Not 'sets undeclared symbols': the name is declared, as a quantity made of inputs."""
    _, issues = records.load_file(FIXTURES / "invalid" / "defined_check_input.yaml")
    told = [i.message for i in issues if "Dprime" in i.message]
    assert told == ["check_values[0] sets the defined symbol 'Dprime', defined as U + U*Rstar*(1 - exp(-R/Rstar)), "
                    "which cannot be set: give the inputs it is made of (U, R)"]
    with pytest.raises(engine.EngineError) as refused:
        engine.evaluate(ref, {"N": 7e7, "U": 2e9, "R": 4.0, "Dprime": 1e10})
    assert str(refused.value).endswith(told[0].split("which cannot be ")[1])
    assert any(i.message == "check_values[0] is missing inputs: R, U" for i in issues)


def test_evaluations_and_sweeps_give_the_defined_quantities(ref):
    """What a paper tabulates beside the law (its D' at given inputs) is there to compare with."""
    from catalog.engine import sweep

    ev = engine.evaluate(ref, {"N": 7e7, "U": 2e9, "R": 4.0})
    assert ev.defined == {"Dprime": pytest.approx(2e9 + 2e9 * 15.4 * (1 - np.exp(-4.0 / 15.4)), rel=1e-12)}
    grid = engine.evaluate(ref, {"N": 7e7, "U": 2e9, "R": np.array([0.0, 4.0, 40.0])})
    np.testing.assert_allclose(grid.defined["Dprime"], 2e9 + 2e9 * 15.4 * (1 - np.exp(-np.array([0, 4, 40]) / 15.4)))
    assert engine.evaluate(ref, {"N": np.array([1e7, 1e8]), "U": 2e9, "R": 4.0}).defined["Dprime"].shape == (2,)
    swept = sweep.sweep(ref, {"N": 7e7, "U": 2e9, "R": "0..40:5 lin"})
    assert list(swept.columns) == ["N", "U", "R", "L", "Dprime"]
    np.testing.assert_allclose(swept.columns["Dprime"], grid.defined["Dprime"][[0]].tolist() + [
        2e9 + 2e9 * 15.4 * (1 - np.exp(-r / 15.4)) for r in (10, 20, 30, 40)])


def test_displays_show_the_law_as_printed_with_its_definition(paper):
    from catalog.publish import custom_tables, typeset
    from catalog.site import jsgen

    law = paper.laws[0]
    latex = typeset.formula(law)
    assert latex.startswith(r"\begin{gathered}L = ") and r"\\ \text{where } {D}' = " in latex
    assert "1.87" in typeset.with_constants(law) and latex.endswith(r"\end{gathered}")
    # in a table cell the definition follows on the same line, where KaTeX may break it (an
    # environment's rows never break: the laws table grew past the page)
    inline = typeset.formula(law, inline=True)
    assert inline.startswith("L = ") and r",\ \text{where } {D}' = " in inline and "gathered" not in inline
    cell = custom_tables.law_formula(law)
    # the text as show and the expression column write it ('; '), the LaTeX as the site's lines, listed
    assert cell.text.startswith("L = ") and "; Dprime = " in cell.text and r", \quad \text{where } {D}' = " in cell.latex
    assert [part.split(" = ")[0] for part in cell.text.split("; ")] == [
        part.split(" = ")[0] for part in definitions.formula_text(law).split("; ")] == ["L", "Dprime"]
    js = jsgen.translate(law)  # the browser evaluates the written-out formula
    assert "Dprime" not in js.body and "Math.exp" in js.body and js.inputs == ("N", "U", "R")


def test_the_store_show_and_search_carry_the_definition(paper, tmp_path):
    import catalog
    from click.testing import CliRunner

    from catalog.cli import cli
    from catalog.store import db

    url = db.load([paper], f"sqlite:///{tmp_path / 'cat.sqlite'}")
    with connection_to(tmp_path / "cat.sqlite") as con:
        assert con.execute("SELECT definitions FROM laws").fetchone() == ("Dprime = U + U*Rstar*(1 - exp(-R/Rstar))",)
        assert con.execute("SELECT role, expression FROM symbols WHERE name = 'Dprime'").fetchone() == (
            "defined", "U + U*Rstar*(1 - exp(-R/Rstar))")
    with catalog.open(url) as cat:
        hit = cat.search(text="effective data").papers[0].laws[0]
        stored = cat.law("defined")  # read back through the fast path
    assert hit.formula == definitions.formula_text(paper.laws[0])
    assert stored.law.expanded_expression == paper.laws[0].expanded_expression
    assert stored(N=7e7, U=2e9, R=4.0) == pytest.approx(by_hand(7e7, 2e9, 4.0, **VALUES), rel=1e-12)
    shown = CliRunner().invoke(cli, ["show", "defined/repeated-data", "--db", url], env={"COLUMNS": "200"})
    assert shown.exit_code == 0, shown.output
    assert "L = E + A/N**alpha + B/Dprime**beta; Dprime = U + U*Rstar*(1 - exp(-R/Rstar))" in shown.output
    assert "defined" in shown.output
    evaluated = CliRunner().invoke(cli, ["eval", "defined", "N=7e7", "U=2e9", "R=4", "--db", url])
    assert evaluated.exit_code == 0, evaluated.output
    value = engine.evaluate(stored, {"N": 7e7, "U": 2e9, "R": 4.0}).defined["Dprime"]
    assert f"  where Dprime = {engine.fmt(value)}" in evaluated.stdout
    as_json = CliRunner().invoke(cli, ["eval", "defined", "N=7e7", "U=2e9", "R=4", "--json", "--db", url])
    assert json.loads(as_json.stdout)["defined"] == {"Dprime": pytest.approx(value, rel=1e-15)}


def test_a_defined_symbol_of_fitted_constants_alone_points_to_them(law):
    """McCourt et al.'s c1 = 1 - alpha1/alpha1_ref uses no input: 'give the inputs it is made of
    (none)' said nothing; the constants are named, and solve does not find constants."""
    capacity = law("mccourt2026/relative-capacity")
    with pytest.raises(engine.EngineError, match=r"cannot be set: override the constants it is made of "
                                                 r"\(alpha1, alpha1_ref\)$"):
        engine.evaluate(capacity, {"N": 1e9, "c1": 0.3})
    with pytest.raises(engine.EngineError, match=r"cannot be solved for: it is made of fitted constants alone "
                                                 r"\(alpha1, alpha1_ref\)$"):
        solve.solve(capacity, "c1", {"eta_over_N": 0.3, "N": 1e9})


def test_solutions_give_the_defined_quantities_where_they_solve(ref, law, run):
    """eval prints 'where Dprime = ...' under a value; a solution (and an extremum) gives them at
    the value found, in Python, in the text and in --json, equal to eval's there."""
    found = solve.solve(ref, "U", {"L": 3.0, "N": 7e7, "R": 4.0})
    assert found.defined == engine.evaluate(ref, {"N": 7e7, "U": found.value, "R": 4.0}).defined
    assert solve.solve(ref, "L", {"N": 7e7, "U": 2e9, "R": 4.0}).defined == engine.evaluate(
        ref, {"N": 7e7, "U": 2e9, "R": 4.0}).defined
    peak = solve.extremum(law("ni2025/data-constrained-validation-loss"), "n_e", {"N": 1e10, "U_D": 1e12})
    assert set(peak.defined) == {"e_p", "Dprime"}
    assert peak.defined == engine.evaluate(law("ni2025/data-constrained-validation-loss"),
                                           {"N": 1e10, "U_D": 1e12, "n_e": peak.value}).defined
    moe = law("ludziejewski2025/joint-moe-loss")
    experts = solve.solve(moe, "E", {"L": 2.5, "N": 1e9, "D": 2e10})
    text = run("solve", "ludziejewski2025/joint-moe-loss", "--for", "E", "L=2.5", "N=1e9", "D=2e10")
    assert f"  where Ehat = {engine.fmt(experts.defined['Ehat'])}\n" in text.stdout
    doc = json.loads(run("solve", "ludziejewski2025/joint-moe-loss", "--for", "E", "L=2.5", "N=1e9", "D=2e10",
                         "--json").stdout)
    assert doc["defined"] == pytest.approx(experts.defined) and experts.defined["Ehat"] > experts.value
    assert "defined" not in json.loads(run("solve", "hoffmann2022", "L=2", "D=1.4T", "--json").stdout)


def test_a_closed_form_is_written_over_the_defined_symbols_as_the_law_is(ref, law):
    """Solving for an input no definition uses, the inverse keeps D' (ludziejewski2025's Ehat was
    written out three times in it), its definition after it; one a definition uses stays written out."""
    found = solve.solve(ref, "N", {"L": 3.0, "U": 2e9, "R": 4.0})
    assert found.symbolic == ("N = (A/(L - B/Dprime**beta - E))**(1/alpha); "
                              "Dprime = U + U*Rstar*(1 - exp(-R/Rstar))")
    assert by_hand(found.value, 2e9, 4.0, **VALUES) == pytest.approx(3.0, rel=1e-12)
    moe = solve.solve(law("ludziejewski2025/joint-moe-loss"), "N", {"L": 2.5, "E": 8, "D": 2e10})
    assert moe.symbolic.startswith("N = ((L - c - b*Ehat**omega*") and moe.symbolic.count("E_max") == 2
    written_out = solve.solve(law("han2025/data-constrained-reconstruction-loss"), "R_D",
                              {"L": 0.08, "U_N": 51360000, "R_N": 0, "U_D": 343699200})
    assert "Dprime" not in written_out.symbolic and "Nprime" not in written_out.symbolic


def test_every_set_gives_its_own_defined_quantities(law, run, monkeypatch):
    """eval --all-sets: hu2024's K and eta change with the constant set as the ratio does; each
    row gives them after the value (they were printed for one set only, without --all-sets)."""
    ratio = law("hu2024/data-model-ratio-vs-compute")
    monkeypatch.setenv("COLUMNS", "200")  # a table, not one record per set
    out = run("eval", "hu2024/data-model-ratio-vs-compute", "C=1e21", "--all-sets").stdout
    header = next(line for line in out.splitlines() if line.startswith("┃") and "R_opt" in line)
    assert [c.strip() for c in header.split("┃")[3:6]] == ["R_opt", "K", "eta"]
    for cs in ratio.law.constant_sets:
        ev = engine.evaluate(ratio, {"C": 1e21}, cs.id)
        row = next(line for line in out.splitlines() if line.startswith(f"│ {cs.id} "))
        assert [c.strip() for c in row.split("│")[3:6]] == [engine.fmt(ev.value), *map(engine.fmt, ev.defined.values())]


def test_plotting_against_or_holding_a_defined_symbol_names_its_inputs(ref, tmp_path):
    """plot --x Ehat said only 'no law given has an input' (inputs: N, D, E): the law has it, but
    as a defined quantity, and what to plot against instead is what it is made of."""
    from catalog.engine import plotting

    made_of = r"'Dprime' is defined in defined/repeated-data as .* cannot be set: give the inputs it is made of \(U, R\)$"
    with pytest.raises(engine.EngineError, match=made_of):
        plotting.plot([(ref, None)], "Dprime", tmp_path / "x.png", fixes={"N": 7e7})
    with pytest.raises(engine.EngineError, match=made_of):
        plotting.plot([(ref, None)], "N", tmp_path / "fixed.png", fixes={"U": 2e9, "R": 4.0, "Dprime": 1e10})
    assert not list(tmp_path.iterdir())


def test_the_browsers_definitions_use_only_their_functions_arguments(papers):
    """The calculator calls each definition's JavaScript with the law's inputs and parameters:
    a name left in it (a fixed symbol such as russell2026's N0, kept by name for display) would
    throw in the browser. Every law of the catalog that defines symbols."""
    import re

    from catalog.site import jsgen

    seen = 0
    for paper in papers:
        for law in paper.laws:
            if not definitions.definitions(law):
                continue
            js = jsgen.translate(law)
            assert {name for name, _ in js.defined} == set(definitions.definitions(law)), law.id
            for name, body in js.defined:
                names = set(re.findall(r"(?<![\w.])[A-Za-z_]\w*", body)) - {"Math", "SLC_MATH", "Infinity", "NaN"}
                assert names <= set(js.inputs) | set(js.parameters), (paper.id, law.id, name, body)
                seen += 1
    assert seen > 40


def test_a_chain_of_definitions_deeper_than_the_recursion_limit_is_an_issue(tmp_path):
    # D1200 = D1199, ..., D1 = D0, D0 = U: the cycle search walked the chain recursively (RecursionError traceback)
    import yaml
    from click.testing import CliRunner

    from catalog.cli import cli

    record = yaml.safe_load((FIXTURES / "valid" / "defined.yaml").read_text(encoding="utf-8"))
    record["id"] = "deepchain"
    symbols = record["laws"][0]["symbols"]
    symbols["Dprime"]["expression"] = "D1200"
    symbols.update({f"D{i}": {"role": "defined", "meaning": "Level", "expression": f"D{i - 1}" if i else "U"}
                    for i in range(1201)})
    (tmp_path / "deepchain.yaml").write_text(yaml.safe_dump(record, sort_keys=False), encoding="utf-8")
    assert definitions.cycle({f"D{i}": f"D{i - 1}" if i else "U" for i in range(5000)}) is None
    assert definitions.cycle({f"D{i}": f"D{(i - 1) % 5000}" for i in range(5000)})[0] == "D0"
    result = CliRunner().invoke(cli, ["validate", str(tmp_path)])
    assert result.exit_code == 1 and result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output and "deepchain.yaml" in result.output, result.output


def test_a_law_defining_thousands_of_symbols_is_one_issue_at_once(tmp_path):
    # each definition's syntax check went over every symbol: 5000 definitions (340 KB) took a minute to
    # validate and the 4 MB a record may hold some hours (quadratic)
    import time

    import yaml

    record = yaml.safe_load((FIXTURES / "valid" / "defined.yaml").read_text(encoding="utf-8"))
    record["id"] = "manydefined"
    symbols = record["laws"][0]["symbols"]
    symbols.update({f"D{i}": {"role": "defined", "meaning": "Level", "expression": "U"} for i in range(5000)})
    path = tmp_path / "manydefined.yaml"
    path.write_text(yaml.safe_dump(record, sort_keys=False), encoding="utf-8")
    started = time.monotonic()
    _, issues = records.load_file(path)
    assert time.monotonic() - started < 15
    assert [i.message for i in issues if "defines" in i.message] == [
        f"the law defines 5001 symbols, more than {definitions.MAX_DEFINED}"]
    with pytest.raises(definitions.DefinitionError, match="more than"):
        definitions.expand("D0", {f"D{i}": "U" for i in range(definitions.MAX_DEFINED + 1)})


def test_definitions_check_their_syntax_against_the_symbols_once(tmp_path, monkeypatch):
    # forty definitions in a law of 20,000 parameters: each definition's check went over all of them
    import yaml

    from catalog.engine import formulas

    record = yaml.safe_load((FIXTURES / "valid" / "defined.yaml").read_text(encoding="utf-8"))
    record["id"] = "manysymbols"
    symbols = record["laws"][0]["symbols"]
    symbols.update({f"D{i}": {"role": "defined", "meaning": "Level", "expression": "U"} for i in range(40)})
    symbols.update({f"p{i}": {"role": "parameter", "meaning": "Unused"} for i in range(20000)})
    path = tmp_path / "manysymbols.yaml"
    path.write_text(yaml.safe_dump(record, sort_keys=False), encoding="utf-8")
    calls = []
    original = formulas.reserved_reason
    monkeypatch.setattr(formulas, "reserved_reason", lambda name: calls.append(name) or original(name))
    _, issues = records.load_file(path)
    assert len(calls) < 3 * 20050 and issues


@pytest.mark.parametrize("args", [["eval", "defined", "N=7e7", "U=1e308", "R=40", "--json"],
                                  ["eval", "defined", "N=7e7", "U=1e308,1e9", "R=40", "--json"],
                                  ["sweep", "defined", "N=7e7", "U=1e308", "R=30..40:2 lin", "--json"]])
def test_a_defined_quantity_that_overflows_is_null_in_valid_json(tmp_path, args):
    # the law's value is finite (B/Dprime**beta is 0 at Dprime = inf) and checked; its definitions' are
    # not, and json.dumps wrote 'Infinity', which no JSON parser but Python's reads
    from click.testing import CliRunner

    from catalog.cli import cli
    from catalog.store import db

    url = f"sqlite:///{tmp_path / 'cat.sqlite'}"
    db.load(records.load_valid([FIXTURES / "valid" / "defined.yaml"]), url)
    if "U=1e308,1e9" in args:  # eval takes one value per input: two laws side by side instead
        args = ["eval", "defined", "defined", "N=7e7", "U=1e308", "R=40", "--json"]
    result = CliRunner().invoke(cli, [*args, "--db", url])
    assert result.exit_code == 0, result.output

    def strict(name):
        raise ValueError(f"not JSON: {name}")

    doc = json.loads(result.stdout, parse_constant=strict)
    first = doc[0] if isinstance(doc, list) else doc
    assert (first.get("defined") or first["rows"][0])["Dprime"] is None
