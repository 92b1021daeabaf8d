"""A constant set's own fitted range (``ConstantSet.ranges``): one answer to "the fitted range of
input X for set S" (catalog.provenance.fitted_range), followed by the extrapolation warnings, the
domains, plots, the audit, ``catalog show``, the store and the covers filter."""

from __future__ import annotations


import numpy as np
import pytest

from catalog import provenance, records
from catalog.engine import evaluation as engine, plotting, solve
from catalog.store.reader import LawRef
from tests.conftest import FIXTURES
from tests.sqlite_support import connection_to

FIXTURE = FIXTURES / "valid" / "set_ranges.yaml"  # N: symbol 1e8..1e10 (set 'large'); set 'small' 1e6..5e7


@pytest.fixture(scope="module")
def fixture_paper():
    return records.load_valid([FIXTURE])[0]


@pytest.fixture(scope="module")
def two_fits(fixture_paper):
    return LawRef(fixture_paper, fixture_paper.laws[0])


@pytest.fixture(scope="module")
def frontier(by_id):
    paper = by_id["qiu2025"]
    return LawRef(paper, next(l for l in paper.laws if l.id == "compute-optimal-frontier"))


def test_the_set_range_replaces_the_symbol_range_for_its_set_only(two_fits):
    law = two_fits.law
    small = provenance.fitted_range(law, "N", "small")
    assert (small.min, small.max, small.source) == (1e6, 5e7, "Table 2 (the small sweep)")
    assert provenance.fitted_range(law, "N", "large") is law.symbols["N"].range
    assert provenance.fitted_range(law, "N") is law.symbols["N"].range  # None: the default set, 'large'
    assert provenance.fitted_range(law, "E", "small") is None  # a parameter has no fitted range


def test_a_default_set_with_its_own_range_is_used_when_no_set_is_named(fixture_paper):
    made = fixture_paper.laws[0].model_dump(exclude_none=True)
    made["default_constant_set"] = "small"
    law = type(fixture_paper.laws[0]).model_validate(made)
    assert provenance.fitted_range(law, "N").max == 5e7
    assert engine.evaluate(law, {"N": 1e7}).warnings == []
    assert "above the fitted range N in [1e+06, 5e+07]" in engine.evaluate(law, {"N": 1e9}).warnings[0]


def test_eval_warnings_follow_the_set(two_fits):
    assert engine.evaluate(two_fits, {"N": 1e7}, "small").warnings == []
    large = engine.evaluate(two_fits, {"N": 1e7}, "large").warnings
    assert large == ["extrapolation: N=1e+07 is below the fitted range N in [1e+08, 1e+10] by a factor of 10 "
                     "(range from: Table 1 (the large sweep))"]
    small = engine.evaluate(two_fits, {"N": 1e9}, "small").warnings
    assert small == ["extrapolation: N=1e+09 is above the fitted range N in [1e+06, 5e+07] by a factor of 20 "
                     "(the constant set's own range, range from: Table 2 (the small sweep))"]
    # edited parameters keep the set they start from, and its range
    assert engine.evaluate(two_fits, {"N": 1e7}, "small", {"E": 1.8}).warnings == []


def test_domains_solve_and_plots_follow_the_set(two_fits, tmp_path):
    assert (engine.domain(two_fits, "N", "small").low, engine.domain(two_fits, "N", "small").high) == (1e6, 5e7)
    assert (engine.domain(two_fits, "N").low, engine.domain(two_fits, "N").high) == (1e8, 1e10)
    # solve picks the root nearest the set's domain and warns against the set's range
    sol = solve.solve(two_fits, "N", {"L": 4.98943}, "small")
    assert sol.value == pytest.approx(1e7, rel=1e-4) and sol.warnings == []
    result = plotting.plot([(two_fits, "small"), (two_fits, "large")], "N", tmp_path / "two.png")
    small, large = result.series
    assert small.x_fitted == (1e6, 5e7) and large.x_fitted == (1e8, 1e10)
    np.testing.assert_array_equal(small.fitted, (small.x >= 1e6) & (small.x <= 5e7))
    np.testing.assert_array_equal(large.fitted, (large.x >= 1e8) & (large.x <= 1e10))
    assert result.series[0].x[0] == pytest.approx(1e6 / plotting.EXTEND)  # the grid spans both sets' domains


def test_qiu2025_mlp_set_evaluates_without_extrapolation_at_its_own_compute(frontier):
    mlp = engine.evaluate(frontier, {"c": 2}, "mlp-constant-lr")
    assert mlp.warnings == []
    cifar = engine.evaluate(frontier, {"c": 2}, "cifar5m-linear")
    assert len(cifar.warnings) == 1 and "c=2 is below the fitted range c in [440, 16600]" in cifar.warnings[0]
    assert engine.evaluate(frontier, {"c": 2}).warnings == cifar.warnings  # the default set is CIFAR-5M's


def test_beyond_range_uses_the_checks_set(two_fits):
    law = two_fits.law
    check = {"origin": "printed", "locator": "Table 2", "inputs": {"N": 1e7}, "expected": {"L": 5.0}, "source": "s"}
    made = law.model_dump(exclude_none=True)
    made["check_values"] = [{**check, "constant_set": "small"}, {**check, "constant_set": "large"}, check]
    checked = type(law).model_validate(made)
    assert [provenance.beyond_range(checked, cv) for cv in checked.check_values] == [[], ["N"], ["N"]]
    assert provenance.audit_law("x/y", checked).extrapolation_checks == 2


def test_qiu2025_measured_points_of_the_mlp_fit_are_not_beyond_its_range(frontier):
    mlp_checks = [cv for cv in frontier.law.check_values if cv.constant_set == "mlp-constant-lr"]
    assert len(mlp_checks) == 2 and all(cv.inputs["c"] < 440 for cv in mlp_checks)  # below CIFAR-5M's range
    for cv in mlp_checks:
        assert provenance.beyond_range(frontier.law, cv) == []
        assert engine.evaluate(frontier, cv.inputs, cv.constant_set).warnings == []
    assert provenance.audit_law(frontier.id, frontier.law).extrapolation_checks == 0


def test_show_lists_the_set_range_under_the_set(fixture_paper, tmp_path):
    from click.testing import CliRunner

    from catalog.cli import cli
    from catalog.store import db

    url = db.load([fixture_paper], f"sqlite:///{tmp_path / 'cat.sqlite'}")
    result = CliRunner().invoke(cli, ["show", "set_ranges", "--db", url], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    row = next(l for l in result.output.splitlines() if "fitted range of N for this set" in l)
    small = provenance.fitted_range(fixture_paper.laws[0], "N", "small")  # the API's answer, as shown
    assert f"fitted range of N for this set: {small.min:.6g} to {small.max:.6g} ({small.source})" in row
    assert result.output.count("for this set") == 1  # only the set with a range of its own


def test_the_store_keeps_set_ranges_and_covers_finds_them(fixture_paper, tmp_path):
    import catalog
    from catalog.store import db

    url = db.load([fixture_paper], f"sqlite:///{tmp_path / 'cat.sqlite'}")
    with connection_to(tmp_path / "cat.sqlite") as con:
        rows = con.execute("SELECT law_id, set_id, symbol, variable, range_min, range_max, base_min, base_max, source "
                           "FROM constant_set_ranges").fetchall()
    assert rows == [("set_ranges/power", "small", "N", "model_parameters", 1e6, 5e7, 1e6, 5e7,
                     "Table 2 (the small sweep)")]
    with catalog.open(url) as cat:
        assert cat.search(covers="N=1e7").ids() == ["set_ranges"]  # only the small set's range covers it
        assert cat.search(covers="N=1e9").ids() == ["set_ranges"]
        assert cat.search(covers="N=1e5").ids() == []
        assert cat.law("set_ranges").law.constant_sets[1].ranges["N"].max == 5e7  # the Python API reads it too
