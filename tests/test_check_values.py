"""Every law in data/papers (and in CATALOG_DATA_DIRS, tests/conftest.py), collected when the tests are collected (records keep being added):

(a) every law with constants evaluates to finite numbers over its fitted range, for every
    constant set. An input without a recorded range is evaluated on the paper's model or data
    range for its variable, else on the default domain of its unit or variable
    (``catalog.engine.evaluation.DEFAULT_DOMAINS_BY_UNIT`` / ``DEFAULT_DOMAINS``, e.g. 1e6..1e12
    parameters, 1e6..1e13 tokens, 0.01..0.99 for fractions), else on 1..1e6; 9 log-spaced
    points per input (5 when a law has more than three inputs, fewer down to the two ends of each range
    when that would exceed MAX_GRID points), every combination;
(b) every stored check value holds within its rel_tol, computed as ``catalog validate`` computes
    it (``catalog.engine.checks`` on the law as ``checks.as_stored`` gives it: the formula tree and
    closed forms ``catalog load`` stores): ``kind: value`` by evaluating the law
    (or solving it, when the expected key is an input) and ``kind: compute_optimal`` through
    ``catalog.engine.optimal`` (keys N_opt_coefficient, N_opt_exponent, D_opt_coefficient,
    D_opt_exponent, L_opt_coefficient, L_opt_exponent, L_opt_irreducible; input
    ``flops_per_parameter_token`` is k in C = k*N*D, default 6) and ``kind: minimum`` /
    ``maximum`` through ``catalog.engine.solve.extremum`` (the expected input where the output is least
    or greatest, and optionally the output there);
(c) every law compiles, and every law with constants solves for each input (the input is
    recovered from the output at the centre of the domains) and plots to a PNG; every loss law
    in model size and data has a compute-optimal allocation under C = 6ND.

(a) and (c) are parametrized over the laws with a published constant set only (a law without
one has nothing to evaluate; ``test_laws_without_constants_say_what_is_missing`` covers them).
A record's data error is never fixed here: it is listed in KNOWN_DATA_ISSUES (xfail, with the
reason) and reported.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from catalog import records
from catalog.engine import checks, conditions, evaluation as engine, optimal, plotting, solve
from catalog.store.reader import LawRef
from tests.conftest import RECORD_DIRS

PAPERS, _ISSUES = records.load_all(RECORD_DIRS)  # invalid records are reported by test_corpus / catalog validate
REFS = [LawRef(p, law) for p in PAPERS for law in p.laws]

# (law, check index, expected key) -> why the stored check does not hold with the record's data
KNOWN_DATA_ISSUES: dict[tuple[str, int, str], str] = {
    # e.g. ("paper/law", 2, "D_opt_coefficient"): "record data: ... reported, not edited here",
}

_OPTIMA: dict[tuple, optimal.Optimum] = {}
_AS_STORED: dict[str, LawRef] = {}  # law id -> the law as catalog validate evaluates its check values

# the most grid points a law is evaluated at (5 per input of nine inputs): a law with many more
# inputs takes fewer points per input, at least its range's two ends
MAX_GRID = 5 ** 9


@pytest.mark.parametrize("ref", [pytest.param(r, id=r.id) for r in REFS if not r.law.constant_sets])
def test_laws_without_constants_say_what_is_missing(ref):
    """Nothing to evaluate, but asking says which constants to supply (no crash, no guess)."""
    with pytest.raises(engine.MissingInput, match="has no published constants; give values for: "):
        engine.evaluate(ref, {n: 1e9 for n in ref.law.input_symbols})


def _grid(ref: LawRef, constant_set: str | None = None) -> dict[str, np.ndarray]:
    """Points over each input's fitted range for the constant set (its own range where it has one)."""
    names = ref.law.input_symbols
    spanned = [n for n in names if engine.fitted_point(ref, n, constant_set) is None]
    points = 9 if len(names) <= 3 else 5
    while points > 2 and points ** len(spanned) > MAX_GRID:  # kim2025's 19 standardized predictors
        points -= 1
    axes = []
    for n in names:
        point = engine.fitted_point(ref, n, constant_set)
        if point is not None:  # fitted at one value only (luo2025's peak LR)
            axes.append(np.array([point]))
            continue
        d = engine.domain(ref, n, constant_set)
        axes.append(engine.spaced(d.low, d.high, points, d.scale))  # evenly for a z-score's linear domain
    mesh = np.meshgrid(*axes, indexing="ij")
    return {n: m.ravel() for n, m in zip(names, mesh)}


def _centre(ref: LawRef) -> dict[str, float]:
    out = {}
    for n in ref.law.input_symbols:
        out[n] = engine.domain(ref, n).middle
    return out


# ------------------------------------------------------------------- (c) compile


@pytest.mark.parametrize("ref", REFS, ids=[r.id for r in REFS])
def test_every_law_compiles(ref):
    comp = engine.compile_law(ref.law)
    assert callable(comp.func)
    assert comp.inputs == tuple(ref.law.input_symbols) and comp.output == ref.law.output_symbol
    assert {s.name for s in comp.expr.free_symbols} <= set(ref.law.symbols)
    if ref.law.constant_sets:
        sub = engine.substituted(ref)
        assert {s.name for s in sub.expr.free_symbols} <= {*sub.inputs, sub.output}


# ------------------------------------------------------------------- (a) finite over the fitted range


def _with_sets():
    out = []
    for ref in REFS:
        for cs in ref.law.constant_sets:
            out.append(pytest.param(ref, cs.id, id=f"{ref.id}@{cs.id}"))
    return out


@pytest.mark.parametrize("ref,constant_set", _with_sets())
def test_evaluates_to_finite_numbers_over_the_fitted_range(ref, constant_set):
    grid = _grid(ref, constant_set)
    ev = engine.evaluate(ref, grid, constant_set)  # raises DomainError on any non-finite value
    # finite wherever the law's conditions hold (muennighoff2023's U <= D), NaN only where one fails
    params = next((dict(cs.values) for cs in ref.law.constant_sets if cs.id == constant_set), {})
    held = conditions.holding(ref.law, grid, params)
    held = np.ones(np.shape(ev.value), bool) if held is None else np.broadcast_to(held, np.shape(ev.value))
    assert np.all(np.isfinite(ev.value[held])) and np.all(np.isnan(ev.value[~held]))
    assert np.shape(ev.value) == next(iter(grid.values())).shape and held.any()
    # each input stays inside its range; a grid of a mixture's proportions does not sum to 1 (warned apart)
    ranges = [w for w in ev.warnings if "the proportions" not in w and "does not hold" not in w
              and not w.startswith("provenance:")]  # a transcription is warned on apart
    assert ranges == [], "the grid must stay inside the fitted ranges"


# ------------------------------------------------------------------- (b) stored check values


def _checks():
    out = []
    for ref in REFS:
        for i, cv in enumerate(ref.law.check_values):
            for key in cv.expected:
                case_id = f"{ref.id}#{i}:{key}"
                reason = KNOWN_DATA_ISSUES.get((ref.id, i, key))
                marks = [pytest.mark.xfail(reason=reason, strict=False)] if reason else []
                out.append(pytest.param(ref, i, key, id=case_id, marks=marks))
    return out


@pytest.mark.parametrize("ref,index,key", _checks())
def test_stored_check_value_holds(ref, index, key):
    """Computed by catalog.engine.checks on the law as catalog validate gives it (checks.as_stored:
    the formula tree and closed forms catalog load stores, not compiled by sympy)."""
    if ref.id not in _AS_STORED:
        _AS_STORED[ref.id] = checks.as_stored(ref.paper, ref.law)
    ref = _AS_STORED[ref.id]
    law = ref.law
    cv = law.check_values[index]
    expected = cv.expected[key]
    got = checks.computed(ref, cv, key, _OPTIMA)
    assert got is not None, f"{key}: the result has no such quantity"
    assert math.isclose(got, expected, rel_tol=cv.rel_tol), (
        f"{ref.id} check {index} ({cv.source}): {key} = {got!r}, expected {expected!r} within rel_tol {cv.rel_tol}")
    if cv.kind == "value" and key == law.output_symbol and cv.origin == "printed" and set(cv.inputs) <= set(law.input_symbols):
        # whoever evaluates the law at that point sees the printed number beside the value (one note
        # for the places that print the same value there, their locators joined by '; ')
        notes = engine.evaluate(ref, cv.inputs, cv.constant_set).notes
        assert any(n.startswith("printed in the source (") and f"): {key} = {float(cv.expected[key]):.6g} at " in n
                   and (f"({cv.locator}; " in n or f"; {cv.locator}; " in n or f"; {cv.locator}): " in n
                        or n.startswith(f"printed in the source ({cv.locator}): ")) for n in notes), notes


# ------------------------------------------------------------------- (c) solve and plot


def _solvable():
    out = []
    for ref in REFS:
        if not ref.law.constant_sets:
            continue
        for name in ref.law.input_symbols:
            out.append(pytest.param(ref, name, id=f"{ref.id}:{name}"))
    return out


@pytest.mark.parametrize("ref,unknown", _solvable())
def test_solves_for_each_input(ref, unknown):
    point = _centre(ref)
    y = engine.evaluate(ref, point).value
    out = ref.law.output_symbol
    given = {n: v for n, v in point.items() if n != unknown} | {out: y}
    sol = solve.solve(ref, unknown, given, symbolic=False)
    assert sol.roots or sol.intervals
    # each interval's ends and middle (arithmetic across zero, where a signed unknown's interval may lie)
    flat = [x for a, b in sol.intervals for x in (a, (a + b) / 2 if a <= 0 <= b else math.sqrt(a * b), b)]
    for root in [*sol.roots, *flat]:  # every solution reproduces the output
        back = engine.evaluate(ref, {**point, unknown: root}).value
        assert math.isclose(back, y, rel_tol=1e-9, abs_tol=1e-12)
    x0 = point[unknown]
    found = any(math.isclose(r, x0, rel_tol=1e-6) for r in sol.roots) or any(
        a * (1 - 1e-9) <= x0 <= b * (1 + 1e-9) for a, b in sol.intervals)
    assert found, f"{unknown}={x0!r} is not among the solutions {sol.roots} or intervals {sol.intervals}"


def _plottable():
    return [pytest.param(ref, id=ref.id) for ref in REFS if ref.law.constant_sets]


@pytest.mark.parametrize("ref", _plottable())
def test_plots(ref, tmp_path):
    x = ref.law.input_symbols[0]
    centre = _centre(ref)
    fixes = {n: v for n, v in centre.items() if n != x}
    d = engine.domain(ref, x)
    result = plotting.plot([(ref, None)], x, tmp_path / "law.png", fixes=fixes, x_range=(d.low, d.high), points=60)
    data = (tmp_path / "law.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5_000
    series = result.series[0]
    assert np.isfinite(series.y).all()


# Printed forms whose loss keeps falling along C = k*N*D all the way to absurd model sizes, so
# they have no global compute optimum (the paper's own optimum lies inside its fitted range).
NO_GLOBAL_OPTIMUM = {
    # Farseer's data exponent exp(a1*N**alpha + b1) tends to 0 as N grows: with the printed
    # constants a huge N with under one token beats every interior point (Eq. 15 of arXiv:2506.10972).
    "li2025b/loss-surface",
}


# Printed forms in the product N*D alone: the loss is the same everywhere along C = k*N*D, so
# there is no compute-optimal split of a budget to find.
PRODUCT_ONLY = {
    # MatFormer's Table 3, Loss(N, D) = a (N D)^b + c (arXiv:2310.07707).
    "devvrit2024/loss-nd-product",
}


# Laws in fractions or multiples of a base size (n/N, N/N0) rather than counts of parameters and
# data: a budget C = k*N*D of them is no number of FLOPs, so compute_optimal refuses them.
NOT_COUNTS = {
    "ho2024/augmented-chinchilla-model-7",  # multiples of the smallest fitted N0 and D0
    "rosenfeld2019/joint-error",  # fractions m/M and n/N of Table 1's base model and training set
    "rosenfeld2019/joint-loss-language",
}


def test_laws_not_in_counts_exist():
    assert NOT_COUNTS <= {r.id for r in REFS}


@pytest.mark.parametrize("ref", [pytest.param(r, id=r.id) for r in REFS if r.id in NOT_COUNTS])
def test_laws_not_in_counts_have_no_compute_split(ref):
    with pytest.raises(engine.EngineError, match="splits C = k[*]N[*]D in counts of parameters and data; .* which is no count"):
        optimal.compute_optimal(ref)
    assert not optimal.splittable(ref.law)


def _in_n_and_d(exempt: bool = False):
    out = []
    for ref in REFS:
        if ref.id in PRODUCT_ONLY or ref.id in NOT_COUNTS:
            continue
        variables = sorted(ref.law.symbols[n].variable or "" for n in ref.law.input_symbols)
        if variables == ["data", "model_parameters"] and ref.law.dependent_variable == "loss" and ref.law.constant_sets:
            if (ref.id in NO_GLOBAL_OPTIMUM) == exempt:
                out.append(pytest.param(ref, id=ref.id))
    return out


def test_exempt_laws_exist():
    assert NO_GLOBAL_OPTIMUM <= {r.id for r in REFS}


@pytest.mark.parametrize("ref", _in_n_and_d(exempt=True))
def test_forms_without_a_global_compute_optimum_say_so(ref):
    with pytest.raises(engine.NoSolution, match="keeps falling towards large"):
        optimal.compute_optimal(ref)


def test_product_only_laws_exist():
    assert PRODUCT_ONLY <= {r.id for r in REFS}


@pytest.mark.parametrize("ref", [pytest.param(r, id=r.id) for r in REFS if r.id in PRODUCT_ONLY])
def test_laws_in_the_product_of_n_and_d_are_flat_along_compute(ref):
    by_variable = {ref.law.symbols[x].variable: x for x in ref.law.input_symbols}
    n, d = by_variable["model_parameters"], by_variable["data"]
    base = engine.evaluate(ref, {n: 1e8, d: 1e10}).value
    for f in (0.1, 10.0):
        assert engine.evaluate(ref, {n: 1e8 * f, d: 1e10 / f}).value == pytest.approx(base, rel=1e-12)
    with pytest.raises(engine.NoSolution, match="the same everywhere along C = k[*]N[*]D"):
        optimal.compute_optimal(ref)


@pytest.mark.parametrize("ref", _in_n_and_d())
def test_loss_laws_in_n_and_d_have_a_compute_optimum(ref):
    o = optimal.compute_optimal(ref)
    assert o.N_opt is not None and o.D_opt is not None, o.notes
    assert o.N_opt.exponent + o.D_opt.exponent == pytest.approx(1.0, rel=1e-6)
    c = math.sqrt(o.budgets[0] * o.budgets[1])
    at = o.at(c)
    n, d = at[f"{o.n}_opt"], at[f"{o.d}_opt"]
    assert o.k * n * d == pytest.approx(c, rel=1e-9)
    loss = engine.evaluate(ref, {o.n: n, o.d: d}).value
    for f in (0.8, 1.25):  # a minimum along C = k*N*D
        assert engine.evaluate(ref, {o.n: n * f, o.d: d / f}).value > loss


def test_collection_found_the_catalog():
    assert len(REFS) >= 3 and any(r.id == "hoffmann2022/parametric-loss" for r in REFS)


def test_check_values_are_computed_on_the_law_catalog_validate_evaluates(monkeypatch):
    """test_stored_check_value_holds compiled every law with sympy's lambdify, while catalog validate
    computes the same checks on the formula tree and closed forms catalog load stores: it now
    computes them on that law too (checks.as_stored), so the two run the one code."""
    from catalog.engine import compiler

    def refused(*args, **kwargs):
        raise AssertionError("a law compiled with sympy")

    monkeypatch.setattr(compiler, "_compile", refused)
    for law_id in ("hoffmann2022/parametric-loss", "kaplan2020/loss-n"):
        ref = next(r for r in REFS if r.id == law_id)
        for i, cv in enumerate(ref.law.check_values):
            for key in cv.expected:
                test_stored_check_value_holds(ref, i, key)
