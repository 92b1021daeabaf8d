"""Euler's Beta function in formulas (``Beta(a, b)``): the pass@k law of a Beta distribution of
per-question success, 1 - Beta(a, b + k)/Beta(a, b) (roberts2026/pass-at-k-accuracy). The
guard, the compiled engine, the stored-tree fast path and the fit agree, and an exponent named
``beta`` (as most laws have) never shadows the function."""

from __future__ import annotations

import numpy as np
import pytest
import sympy
from scipy.special import beta as scipy_beta

from catalog.engine import evaluation as engine, fit, formulas, numeric
from catalog.schema import Law

PASS_AT_K = "1 - Beta(a, beta + k)/Beta(a, beta)"
NAMES = ("a", "beta", "k")


def _reference(a, b, k):
    """pass@k as the mean over a Beta(a, b) of 1 - (1 - p)^k, by the product formula for integer k."""
    out = 1.0
    for j in range(int(k)):
        out *= (b + j) / (a + b + j)
    return 1 - out


def _law(expression: str, symbols: dict) -> Law:
    return Law.model_validate({"id": "t", "name": "t", "dependent_variable": "coverage", "scaling_variables": ["samples"],
                               "expression": expression, "symbols": symbols, "constant_sets": [],
                               "no_constants_reason": "test"})


def test_beta_parses_to_sympy_beta():
    expr = formulas.parse(PASS_AT_K, NAMES)
    assert expr.has(sympy.beta)
    assert formulas.parse("Beta(2, 3)*a", NAMES) == sympy.Symbol("a", positive=True) / 12


@pytest.mark.parametrize("text, message", [("Beta(a)", "takes 2 argument"), ("Beta(a, k, beta)", "takes 2"),
                                           ("Beta(0, 1)*a", "too large")])
def test_bad_beta_calls_are_refused(text, message):
    with pytest.raises(formulas.FormulaError, match=message):
        formulas.parse(text, NAMES)


def test_beta_is_not_a_symbol_name():
    assert "clashes" in formulas.reserved_reason("Beta")


def test_engine_and_stored_tree_agree_with_the_product_formula():
    a = np.array([0.3, 1.6, 2.0])
    b = np.array([2.0, 1.6, 5.0])
    k = np.array([10.0, 10.0, 1000.0])
    expected = [_reference(*point) for point in zip(a, b, k)]
    compiled = engine.lambdify([sympy.Symbol(n, positive=True) for n in NAMES], formulas.parse(PASS_AT_K, NAMES))
    stored = numeric.function(numeric.tree(PASS_AT_K, NAMES), NAMES)
    np.testing.assert_allclose(compiled(a, b, k), expected, rtol=1e-12)
    np.testing.assert_allclose(stored(a, b, k), expected, rtol=1e-12)


def test_large_arguments_stay_finite():
    """sympy's own numpy printing writes math.gamma ratios, which overflow past 171."""
    compiled = engine.lambdify([sympy.Symbol(n, positive=True) for n in NAMES], formulas.parse(PASS_AT_K, NAMES))
    value = compiled(0.5, 300.0, 1e4)
    assert np.isfinite(value) and 0 < value < 1
    assert value == pytest.approx(1 - scipy_beta(0.5, 300.0 + 1e4) / scipy_beta(0.5, 300.0), rel=1e-12)


def test_fit_recovers_beta_parameters():
    law = _law(PASS_AT_K, {"P": {"role": "output", "meaning": "pass@k", "unit": "fraction", "variable": "coverage"},
                           "k": {"role": "input", "meaning": "samples", "unit": "samples", "variable": "samples"},
                           "a": {"role": "parameter", "meaning": "first shape"},
                           "beta": {"role": "parameter", "meaning": "second shape"}})
    k = np.array([1.0, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024])
    runs = {"k": k, "P": np.array([_reference(0.4, 3.0, x) for x in k])}
    result = fit.fit(law, runs, bootstrap=0)
    assert result.values["a"] == pytest.approx(0.4, rel=1e-3)
    assert result.values["beta"] == pytest.approx(3.0, rel=1e-3)
