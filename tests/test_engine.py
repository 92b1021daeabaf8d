"""The formula engine: evaluation, constants, errors, implicit laws, sweeps, solve."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from catalog.engine import compiler, evaluation as engine, solve, sweep
from catalog.schema import Law
from catalog.store.reader import LawRef


def _law(expression, symbols, *, form="explicit", constants=None, **extra) -> Law:
    doc = {"id": "test-law", "name": "A test law", "dependent_variable": "loss", "form": form,
           "expression": expression, "symbols": symbols, **extra}
    if constants is not None:
        doc["constant_sets"] = [{"id": "c", "label": "test constants", "provenance": "secondary", "source": "test", "values": constants}]
    return Law.model_validate(doc)


@pytest.fixture(scope="module")
def kaplan(by_id):
    paper = by_id["kaplan2020"]
    return LawRef(paper, paper.laws[0])


def chinchilla_numpy(n, d, E=1.69, A=406.4, B=410.7, alpha=0.34, beta=0.28):
    return E + A / n**alpha + B / d**beta


# ------------------------------------------------------------------- evaluation


def test_chinchilla_at_70b_1_4t(chinchilla):
    ev = engine.evaluate(chinchilla, {"N": "70B", "D": "1.4T"})
    assert round(ev.value, 5) == 1.93665
    assert ev.constants.set_id == "hoffmann2022"
    assert ev.formula == "L = E + A/N**alpha + B/D**beta"
    assert ev.constants.values == {"E": 1.69, "A": 406.4, "B": 410.7, "alpha": 0.34, "beta": 0.28}


def test_besiroglu_constant_set(chinchilla):
    ev = engine.evaluate(chinchilla, {"N": 7e10, "D": 1.4e12}, "besiroglu2024-wikipedia")
    assert round(ev.value, 5) == 1.96399
    assert ev.constants.set_id == "besiroglu2024-wikipedia"


def test_override_a_constant(chinchilla):
    ev = engine.evaluate(chinchilla, {"N": 7e10, "D": 1.4e12}, overrides={"alpha": "0.3"})
    assert ev.value == pytest.approx(chinchilla_numpy(7e10, 1.4e12, alpha=0.3), rel=1e-14)
    assert ev.constants.overridden == ("alpha",)
    assert "alpha=0.3*" in ev.constants.describe()


@pytest.mark.parametrize("n,d", [("70B", "1.4T"), ("7e10", "1.4e12"), ("70000M", "1400B"), (7e10, 1.4e12),
                                 ("7E+10", "1400000000000")])
def test_suffixes_and_scientific_notation(chinchilla, n, d):
    assert engine.evaluate(chinchilla, {"N": n, "D": d}).value == pytest.approx(1.9366454705587, rel=1e-12)


def test_arrays_broadcast_and_match_numpy(chinchilla):
    n = np.logspace(8, 10, 7)
    d = np.logspace(9, 11, 5)[:, None]
    ev = engine.evaluate(chinchilla, {"N": n, "D": d})
    assert ev.value.shape == (5, 7)
    np.testing.assert_allclose(ev.value, chinchilla_numpy(n, d), rtol=1e-14)


def test_extrapolation_warning_names_the_range(chinchilla):
    ev = engine.evaluate(chinchilla, {"N": "70B", "D": "100B"})
    assert len(ev.warnings) == 1
    w = ev.warnings[0]
    assert "N=7e+10" in w and "above the fitted range" in w and "[7e+07, 1.6e+10]" in w and "Abstract" in w
    assert "[7e+07, 1.6e+10] by a factor of 4.38 (" in w  # how far: 70B against a fit up to 16B
    inside = engine.evaluate(chinchilla, {"N": "1B", "D": "100B"})
    assert inside.warnings == []
    sweep_ev = engine.evaluate(chinchilla, {"N": np.array([1e6, 1e9, 1e11]), "D": 1e11})
    # the farthest: 1e6 is a factor of 70 below 7e7, 1e11 a factor of 6.25 above 1.6e10
    assert sweep_ev.warnings == ["extrapolation: 2 of 3 values of N lie outside the fitted range N in [7e+07, 1.6e+10] "
                                 "by up to a factor of 70 (range from: Abstract: 'over 400 language models ranging from 70 million to over 16 "
                                 "billion parameters'; Section 3.3: Approach 3 fits 'all final losses from experiments "
                                 "in Approach 1 & 2')"]



def test_extrapolation_factor_only_where_a_ratio_means_something():
    """The factor is the value over the range's nearer end; an end at zero, or a value at or
    below zero, has none (the warning then gives the range alone)."""
    assert engine._factor_outside(np.array(1e6), 7e7, 1.6e10) == pytest.approx(70)
    assert engine._factor_outside(np.array([1e11, 1e6]), 7e7, 1.6e10) == pytest.approx(70)
    assert engine._factor_outside(np.array([-2.0]), 0.0, 5.0) is None
    assert engine._factor_outside(np.array([0.0]), 1.0, 5.0) is None
    assert engine._factor_outside(np.array([-3.0]), -1.0, 5.0) is None



def test_a_flop_count_given_in_pf_days_is_warned(law):
    """kaplan2020/loss-compute takes C_min in PF-days and records no range: C_min=1e21 (a FLOP
    count) gave L = 0.237 without a word; a suffixed count is refused, a plain one is now warned."""
    loss_compute = law("kaplan2020/loss-compute")
    flops = engine.evaluate(loss_compute, {"C_min": 1e21})
    assert flops.warnings == ["units: kaplan2020/loss-compute takes C_min in PF-days, so C_min=1e+21 is 8.64e+40 "
                              "FLOPs; if 1e+21 counts FLOPs, write C_min=11.5741"]
    assert engine.evaluate(loss_compute, {"C_min": 11.5741}).warnings == []  # GPT-3 scale, in PF-days
    sweep_ev = engine.evaluate(loss_compute, {"C_min": np.array([1.0, 1e23])})
    assert sweep_ev.warnings[0].startswith("units: kaplan2020/loss-compute takes C_min in PF-days, so C_min=1e+23")
    # billions of parameters: 7e9 is 7e18 parameters; inputs in the base unit are never questioned
    assert any(w.startswith("units: tian2024/loss-model-size takes N in billions of parameters, so N=7e+09 is 7e+18 "
                            "parameters; if 7e+09 counts parameters, write N=7")
               for w in engine.evaluate(law("tian2024/loss-model-size"), {"N": 7e9}).warnings)
    assert not any(w.startswith("units:") for w in engine.evaluate(law("hoffmann2022"), {"N": 1e20, "D": 1e9}).warnings)

def test_a_range_below_zero_gets_a_linear_domain(law):
    """kim2025's z-scores (z_I from -1.565 to 1.483) had their lower bound replaced by high/1e3
    (0.001483 to 1.483, log): every negative value was off the domain. A range reaching below
    zero, or down to zero for an input that may be negative (a date from its origin), is kept on
    a linear scale with the arithmetic middle; a size, fraction or count keeps its log domain."""
    z = engine.domain(law("kim2025/agent-performance-mixed-effects"), "z_I")
    assert (z.low, z.high, z.scale, z.fitted) == (-1.565, 1.483, "linear", True)
    assert z.middle == pytest.approx(-0.041)
    years = engine.domain(law("ho2024/effective-compute-growth"), "dt")  # time: may be negative
    assert (years.low, years.high, years.scale, years.middle) == (0, 11, "linear", 5.5)
    sparsity = engine.domain(law("frantar2023/sparsity-loss"), "S")  # 0 to 0.875, never negative
    assert (sparsity.low, sparsity.scale) == (pytest.approx(0.875e-3), "log")
    n = engine.domain(law("hoffmann2022"), "N")
    assert n.scale == "log" and n.middle == pytest.approx(math.sqrt(n.low * n.high))
    np.testing.assert_allclose(engine.spaced(-1, 1, 3, "linear"), [-1, 0, 1])
    np.testing.assert_allclose(engine.spaced(1, 100, 3), [1, 10, 100])


def test_solve_finds_a_signed_unknowns_root_at_zero():
    """The log grids of a signed unknown, [1e-30, 1e60] and its mirror, stop short of zero: y = 1 + 2z
    at y = 1 read as two flat intervals of rounding, and y = z**3 gave no root at all."""
    def signed(expression, **constants):
        symbols = {"y": {"role": "output", "meaning": "y", "unit": "not stated"},
                   "z": {"role": "input", "meaning": "a z-score", "unit": "standard deviations"},
                   **{p: {"role": "parameter", "meaning": p} for p in constants}}
        return _law(expression, symbols, constants=constants)

    lin = signed("b0 + b1*z", b0=1, b1=2)
    sol = solve.solve(lin, "z", {"y": 1})
    assert sol.value == 0 and sol.roots == [0] and not sol.intervals and not sol.warnings
    assert solve.solve(lin, "z", {"y": -1}).value == -1
    assert solve.solve(signed("c*z**3", c=1), "z", {"y": 0}).roots == [0]
    wide = solve.solve(signed("Max(z**2, c)", c=1), "z", {"y": 1})  # a true flat stretch through zero: one interval
    assert wide.intervals == [pytest.approx((-1, 1))] and wide.roots == []


def test_default_domain_is_in_the_inputs_unit(law):
    """An input without a range in PFLOPs or PFLOP/s-days was given the FLOP domain 1e15 to 1e25
    as if in that unit (1e30 to 1e40 FLOPs): sweeps, plots and solve windows ran there."""
    petaflops = engine.domain(law("tian2024/loss-compute"), "C")
    assert (petaflops.low, petaflops.high) == (1.0, 1e10) and petaflops.fitted is False
    assert petaflops.source == ("default domain for compute, in PFlops (10^15 floating-point operations, "
                                "as the paper quotes it)")
    # PF-days (8.64e19 FLOPs each), which the record spelled PFLOP/s-days and which then took the FLOP
    # domain divided by that factor, not PF-days' own: one unit, one spelling (catalog.vocab.UNITS)
    pf_days = engine.domain(law("minimax2025/loss-compute"), "C")
    assert (pf_days.low, pf_days.high, pf_days.source) == (1e-6, 1e4, "default domain for PF-days")

def test_an_input_in_another_unit_than_its_variables_takes_no_default_of_that_variable(law):
    """The default of model size counts parameters (1e6 to 1e12): wu2024b's number of layers, shi2024's
    hidden units and ho2024's multiples of N0 (variable model_parameters) were drawn and swept from a
    million layers up, khatri2025's GPU hours from the FLOP domain 1e15 to 1e25. An unstated unit may be
    the variable's own and keeps its default."""
    for ref, name in [("wu2024b/mmlu-performance-law", "n_L"), ("shi2024/width-scaling", "W"),
                      ("ho2024/augmented-chinchilla-model-7", "n"), ("khatri2025/sigmoid-compute-performance", "C")]:
        d = engine.domain(law(ref), name)
        assert (d.low, d.high, d.source) == (*engine.FALLBACK_DOMAIN, "fallback domain"), ref
    unstated = engine.domain(law("yang2025/multilingual-optimal-allocation"), "N")
    assert unstated.source == "default domain for model_parameters"


def test_law_without_a_range_gets_a_note(by_id):
    paper = by_id["kaplan2020"]
    ref = LawRef(paper, next(l for l in paper.laws if l.id == "loss-compute"))
    ev = engine.evaluate(ref, {"C_min": 1.0})
    assert ev.value == pytest.approx((3.1e8 / 1.0) ** 0.05)
    assert ev.warnings == [] and "records no fitted range for C_min" in ev.notes[0]
    # Kaplan et al. plot the compute span only: the note says the sources state none
    assert "(its sources state none: catalog show says what was read)" in ev.notes[0]


def test_kaplan_joint_law(kaplan):
    ev = engine.evaluate(kaplan, {"N": 1e9, "D": 2e10})
    expected = ((6.4e13 / 1e9) ** (0.076 / 0.103) + 1.8e13 / 2e10) ** 0.103
    assert ev.value == pytest.approx(expected, rel=1e-13)


# ------------------------------------------------------------------- errors


@pytest.mark.parametrize("inputs,kind,message", [
    ({"N": "70B"}, engine.MissingInput, "needs a value for D (given: N)"),
    ({"N": "70B", "D": "1.4T", "Q": 1}, engine.UnknownSymbol, "has no symbol 'Q'"),
    ({"N": "70B", "D": "1.4T", "alpah": 1}, engine.UnknownSymbol, "did you mean alpha?"),
    # the symbol in the other case, or the one of the variable named (params, tokens): not only spellings
    ({"n": "70B", "D": "1.4T"}, engine.UnknownSymbol,
     "has no symbol 'n'; did you mean N? (output: L (loss); inputs: N (model_parameters), D (data);"),
    # a variable the law does not take is said to be one, not offered a misspelling (compute -> omega)
    ({"N": "70B", "D": "1.4T", "compute": 1e23}, engine.UnknownSymbol,
     "has no symbol 'compute': 'compute' is the variable compute, which none of its symbols measures "
     "(output: L (loss); inputs: N (model_parameters), D (data);"),
    ({"N": "70B", "tokens": "1.4T"}, engine.UnknownSymbol, "has no symbol 'tokens'; did you mean D?"),
    ({"params": "70B", "D": "1.4T"}, engine.UnknownSymbol, "has no symbol 'params'; did you mean N?"),
    # catalog eval's --constants, written as a keyword of law.evaluate(...), whose name is constant_set
    ({"N": "70B", "D": "1.4T", "constants": "besiroglu2024"}, engine.UnknownSymbol,
     "has no symbol 'constants' (output: L (loss); inputs: N (model_parameters), D (data); parameters: E, A, B, alpha, beta); "
     "a constant set is chosen with --constants SET (in Python constant_set=SET)"),
    ({"N": "seventy", "D": "1.4T"}, engine.BadValue, "N: 'seventy' is not a number"),
    ({"N": "70X", "D": "1.4T"}, engine.BadValue, "is not a number"),
    ({"N": float("nan"), "D": "1.4T"}, engine.BadValue, "not a finite number"),
    ({"N": [1e9, float("inf")], "D": "1.4T"}, engine.BadValue, "not finite"),
    ({"N": True, "D": "1.4T"}, engine.BadValue, "is not a number"),
    ({"N": "-70B", "D": "1.4T"}, engine.DomainError, "N must not be negative (got -7e+10)"),
    ({"N": 0, "D": "1.4T"}, engine.DomainError, "N=0 is outside the formula's domain (log of zero or division by zero)"),
    ({"L": 2.0, "N": 1, "D": 1}, engine.EngineError, "'L' is the output"),
    # arrays of different lengths: numpy's 'operands could not be broadcast' from a generated function
    ({"N": [1e9, 2e9, 3e9], "D": [1e10, 2e10]}, engine.BadValue,
     "the inputs' arrays do not broadcast together (N has shape (3,), D has shape (2,)): give arrays of one length"),
])
def test_bad_input_is_a_message(chinchilla, inputs, kind, message):
    values, overrides = {}, {}
    for k, v in inputs.items():
        (overrides if k in ("alpah",) else values)[k] = v
    with pytest.raises(kind) as info:
        if overrides:
            engine.evaluate(chinchilla, values, overrides=overrides)
        else:
            engine.evaluate(chinchilla, values)
    assert message in str(info.value)
    assert isinstance(info.value, ValueError)


def test_unknown_constant_set_lists_the_known_ones(chinchilla):
    with pytest.raises(engine.UnknownConstantSet, match="did you mean besiroglu2024.*known: hoffmann2022, besiroglu2024, besiroglu2024-wikipedia"):
        engine.evaluate(chinchilla, {"N": 1, "D": 1}, "besiroglu2025")


def test_override_of_an_input_is_refused(chinchilla):
    with pytest.raises(engine.EngineError, match="'N' is an input of .*, not a parameter"):
        engine.resolve_constants(chinchilla, overrides={"N": 3})


def test_law_without_constants_asks_for_them(by_id):
    paper = by_id["caballero2023"]
    ref = LawRef(paper, next(law for law in paper.laws if law.id == "bnsl-two-breaks"))  # one-break now has constants
    with pytest.raises(engine.MissingInput,
                       match="has no published constants; give values for: a, b, c0, c1, d1, f1, c2, d2, f2"):
        engine.evaluate(ref, {"x": 1e6})
    ev = engine.evaluate(ref, {"x": 1e6}, overrides=dict(a=0.1, b=2, c0=0.3, c1=0.2, d1=1e6, f1=0.5, c2=0.1, d2=1e6,
                                                         f2=0.5))
    assert ev.value == pytest.approx(0.1 + 2 * 1e6**-0.3 * (1 + 1) ** (-0.2 * 0.5) * (1 + 1) ** (-0.1 * 0.5))


def test_log_of_zero_and_nan_results_are_messages():
    law = _law("a*log(x) + b", {"y": {"role": "output", "meaning": "y", "unit": "not stated"},
                                "x": {"role": "input", "meaning": "x", "unit": "not stated"},
                                "a": {"role": "parameter", "meaning": "a"}, "b": {"role": "parameter", "meaning": "b"}},
               constants={"a": 1.0, "b": 2.0})
    with pytest.raises(engine.DomainError, match=r"x=0 is outside the formula's domain \(log of zero"):
        engine.evaluate(law, {"x": 0})
    root = _law("(x - b)**a", {"y": {"role": "output", "meaning": "y", "unit": "not stated"},
                               "x": {"role": "input", "meaning": "x", "unit": "not stated"},
                               "a": {"role": "parameter", "meaning": "a"}, "b": {"role": "parameter", "meaning": "b"}},
                constants={"a": 0.5, "b": 10.0})
    assert engine.evaluate(root, {"x": 14}).value == pytest.approx(2.0)
    with pytest.raises(engine.DomainError, match=r"not a finite number at x=5 \(2 of 3 points\): the formula is undefined"):
        engine.evaluate(root, {"x": [5, 6, 14]})


def test_overflow_is_a_message():
    law = _law("exp(a*x)", {"y": {"role": "output", "meaning": "y", "unit": "not stated"},
                            "x": {"role": "input", "meaning": "x", "unit": "not stated"},
                            "a": {"role": "parameter", "meaning": "a"}}, constants={"a": 1.0})
    with pytest.raises(engine.DomainError, match="overflows"):
        engine.evaluate(law, {"x": 1e4})


def test_signed_inputs_may_be_negative():
    law = _law("10**(k*Elo)", {"y": {"role": "output", "meaning": "y", "unit": "not stated"},
                               "Elo": {"role": "input", "meaning": "Elo", "unit": "Elo", "variable": "elo"},
                               "k": {"role": "parameter", "meaning": "k"}}, constants={"k": 0.001})
    assert engine.evaluate(law, {"Elo": -1000}).value == pytest.approx(0.1)


# ------------------------------------------------------------------- compiling


def test_compiled_functions_are_cached(chinchilla, by_id):
    first = engine.compile_law(chinchilla.law)
    assert engine.compile_law(chinchilla.law) is first
    besiroglu = next(l for l in by_id["besiroglu2024"].laws if l.expression == chinchilla.law.expression)
    if {n: s.role for n, s in besiroglu.symbols.items()} == {n: s.role for n, s in chinchilla.law.symbols.items()}:
        assert engine.compile_law(besiroglu) is first  # same formula and symbols: one compiled function
    hits = compiler._compile.cache_info().hits
    engine.evaluate(chinchilla, {"N": 1e9, "D": 1e10}, "besiroglu2024")
    assert compiler._compile.cache_info().hits > hits


def test_fixed_symbols_are_substituted():
    law = _law("A/N**alpha + E", {"L": {"role": "output", "meaning": "L", "unit": "not stated"},
                                  "N": {"role": "input", "meaning": "N", "unit": "not stated"},
                                  "A": {"role": "parameter", "meaning": "A"},
                                  "alpha": {"role": "fixed", "meaning": "alpha", "value": 0.5},
                                  "E": {"role": "parameter", "meaning": "E"}}, constants={"A": 10.0, "E": 1.0})
    assert engine.evaluate(law, {"N": 100}).value == pytest.approx(2.0)
    with pytest.raises(engine.EngineError, match="held fixed at 0.5"):
        engine.evaluate(law, {"N": 100}, overrides={"alpha": 0.3})


def test_negative_constants_compile_without_positivity():
    law = _law("a*N**b", {"y": {"role": "output", "meaning": "y", "unit": "not stated"},
                          "N": {"role": "input", "meaning": "N", "unit": "not stated"},
                          "a": {"role": "parameter", "meaning": "a"}, "b": {"role": "parameter", "meaning": "b"}},
               constants={"a": 3.0, "b": -0.5})
    assert engine.evaluate(law, {"N": 4}).value == pytest.approx(1.5)
    assert engine.evaluate(law, {"N": 4}, overrides={"a": -3.0}).value == pytest.approx(-1.5)


def test_piecewise_min_max_vectorize():
    law = _law("Min(Max(a*log10(C), 0), b)", {"y": {"role": "output", "meaning": "y", "unit": "not stated"},
                                               "C": {"role": "input", "meaning": "C", "unit": "not stated"},
                                               "a": {"role": "parameter", "meaning": "a"},
                                               "b": {"role": "parameter", "meaning": "b"}},
               constants={"a": 1.0, "b": 5.0})
    ev = engine.evaluate(law, {"C": [1e-3, 1e2, 1e9]})
    np.testing.assert_allclose(ev.value, [0.0, 2.0, 5.0])


# ------------------------------------------------------------------- implicit laws


IMPLICIT_SYMBOLS = {"L": {"role": "output", "meaning": "L", "unit": "not stated"},
                    "N": {"role": "input", "meaning": "N", "unit": "not stated"},
                    "E": {"role": "parameter", "meaning": "E"}, "A": {"role": "parameter", "meaning": "A"},
                    "alpha": {"role": "parameter", "meaning": "alpha"}}


def test_implicit_law_is_solved_for_its_output():
    law = _law("(L - E)*N**alpha - A", IMPLICIT_SYMBOLS, form="implicit", constants={"E": 1.69, "A": 406.4, "alpha": 0.34})
    n = np.logspace(6, 12, 1001)
    ev = engine.evaluate(law, {"N": n})
    np.testing.assert_allclose(ev.value, 1.69 + 406.4 / n**0.34, rtol=1e-12)
    assert engine.evaluate(law, {"N": "70B"}).value == pytest.approx(1.69 + 406.4 / 7e10**0.34, rel=1e-12)
    assert engine.formula_text(law).startswith("0 = (L - E)*N**alpha - A")


def test_implicit_law_like_m4():
    # the M4 form of Alabdulmohsin et al. (2022), with illustrative constants
    law = _law("(L_x - L_inf)/(L_0 - L_x)**alpha - beta*x**c",
               {"L_x": {"role": "output", "meaning": "loss", "unit": "not stated"},
                "x": {"role": "input", "meaning": "x", "unit": "not stated"},
                "L_inf": {"role": "parameter", "meaning": "a"}, "L_0": {"role": "parameter", "meaning": "b"},
                "alpha": {"role": "parameter", "meaning": "c"}, "beta": {"role": "parameter", "meaning": "d"},
                "c": {"role": "parameter", "meaning": "e"}},
               form="implicit", constants={"L_inf": 0.5, "L_0": 5.0, "alpha": 0.7, "beta": 20.0, "c": -0.3})
    x = np.logspace(2, 8, 50)
    y = engine.evaluate(law, {"x": x}).value
    residual = (y - 0.5) / (5.0 - y) ** 0.7 - 20.0 * x**-0.3
    assert np.all(np.abs(residual) < 1e-9) and np.all(np.diff(y) < 0)


def test_implicit_law_without_a_solution_is_a_message():
    # every term is positive: the residual never vanishes
    law = _law("L*N**alpha + E + A*L", IMPLICIT_SYMBOLS, form="implicit", constants={"E": 1.0, "A": 1.0, "alpha": 1.0})
    with pytest.raises(engine.DomainError, match="no value of L in"):
        engine.evaluate(law, {"N": 10})


# ------------------------------------------------------------------- the expression for the site


def test_substituted_expression(chinchilla):
    sub = engine.substituted(chinchilla)
    assert sub.inputs == ("N", "D") and sub.output == "L" and sub.form == "explicit"
    assert {s.name for s in sub.expr.free_symbols} == {"N", "D"}
    assert sub.callable()(7e10, 1.4e12) == pytest.approx(1.93665, abs=5e-6)
    other = engine.substituted(chinchilla, "besiroglu2024-wikipedia")
    assert other.callable()(7e10, 1.4e12) == pytest.approx(1.96399, abs=5e-6)
    assert other.constants.set_id == "besiroglu2024-wikipedia"
    import sympy

    assert sympy.jscode(sub.expr)  # printable as JavaScript by sympy's printer


# ------------------------------------------------------------------- domains


def test_domains(chinchilla, by_id):
    d = engine.domain(chinchilla, "N")
    assert (d.low, d.high, d.fitted) == (7e7, 1.6e10, True)
    paper = by_id["kaplan2020"]
    compute = engine.domain(LawRef(paper, next(l for l in paper.laws if l.id == "loss-compute")), "C_min")
    assert compute.fitted is False and compute.source == "default domain for PF-days"
    caballero = by_id["caballero2023"]
    x = engine.domain(LawRef(caballero, caballero.laws[0]), "x")  # one break: the 17 measured points' sizes
    assert (x.low, x.high, x.fitted) == (160, 928, True)
    x = engine.domain(LawRef(caballero, caballero.laws[1]), "x")  # two breaks: no constants, no range
    assert (x.low, x.high) == engine.FALLBACK_DOMAIN


def test_domain_from_the_papers_range_follows_the_inputs_unit(chinchilla):
    """Without a fitted range, an input counting parameters takes the paper's model range in its own
    unit; a fraction of model size (bergsma2025b's k_N, variable model_parameters) never does."""
    law = chinchilla.law.model_copy(deep=True)
    for name in ("N", "D"):
        law.symbols[name].range = None
    law.symbols["N"].unit = "millions of parameters"
    d = engine.domain(LawRef(chinchilla.paper, law), "N")
    assert d.source == "paper's model range" and (d.low, d.high) == (pytest.approx(70), pytest.approx(16000))
    law.symbols["N"].unit = "dimensionless"
    assert engine.domain(LawRef(chinchilla.paper, law), "N").source == "default domain for dimensionless"


def test_one_point_fitted_range(by_id):
    """A range with min == max (luo2025's peak LR: every released run used 3e-4) warns off that
    point, is no interval to sweep (the domain is the point widened a decade each side, not
    fitted), and the site calculator starts on the point itself."""
    from catalog.site.views import inside_point

    paper = by_id["luo2025"]
    law = next(l for l in paper.laws if l.id == "multi-power-law-two-stage")
    ref = LawRef(paper, law)
    assert (law.symbols["eta_A"].range.min, law.symbols["eta_A"].range.max) == (3e-4, 3e-4)
    given = {"S1": 2.79, "eta_B": 9e-5, "t_B": 7937, "D_W": 2.96e-4}
    at = engine.evaluate(ref, {**given, "eta_A": 3e-4})
    assert not any("eta_A" in w for w in at.warnings)
    off = engine.evaluate(ref, {**given, "eta_A": 2e-4})
    assert any("eta_A=0.0002 is below the fitted range eta_A in [0.0003, 0.0003]" in w for w in off.warnings)
    d = engine.domain(ref, "eta_A")
    assert (d.low, d.high, d.fitted) == (pytest.approx(3e-5), pytest.approx(3e-3), False)
    assert "one-point fitted range of eta_A" in d.source
    assert inside_point(paper, law, "eta_A") == 3e-4


# ------------------------------------------------------------------- sweeps


@pytest.mark.parametrize("spec,first,last,count", [
    ("1e8..1e11:4 log", 1e8, 1e11, 4), ("1e8..1e11:4:log", 1e8, 1e11, 4), ("100M..100B:4", 1e8, 1e11, 4),
    ("1..5:5 lin", 1, 5, 5), ("1e8..1e11", 1e8, 1e11, sweep.DEFAULT_POINTS),
])
def test_range_specs(spec, first, last, count):
    values = sweep.parse_range("N", spec)
    assert values.size == count and values[0] == pytest.approx(first) and values[-1] == pytest.approx(last)
    if "lin" not in spec:
        assert np.allclose(np.diff(np.log(values)), np.log(values[1] / values[0]))


@pytest.mark.parametrize("spec,message", [("1e8..", "is not a range"), ("0..1e3:5 log", "needs positive ends"),
                                          ("1..2:0", "between 1 and")])
def test_bad_range_specs(spec, message):
    with pytest.raises(engine.BadValue, match=message):
        sweep.parse_range("N", spec)


def test_assignments_join_scale_words():
    assert sweep.parse_assignments(["N=1e8..1e11:50", "log", "D=20N"]) == {"N": "1e8..1e11:50 log", "D": "20N"}
    with pytest.raises(engine.BadValue, match="must follow a range"):
        sweep.parse_assignments(["log", "N=1"])
    with pytest.raises(engine.BadValue, match="given twice"):
        sweep.parse_assignments(["N=1", "N=2"])
    with pytest.raises(engine.BadValue, match="expected NAME=VALUE"):
        sweep.parse_assignments(["N70B"])


def test_sweep_with_a_relation(chinchilla):
    result = sweep.sweep(chinchilla, {"N": "1e8..1e11:50 log", "D": "20N"})
    n, d, loss = result.columns["N"], result.columns["D"], result.columns["L"]
    assert n.size == 50 and np.allclose(d, 20 * n)
    np.testing.assert_allclose(loss, chinchilla_numpy(n, d), rtol=1e-14)
    rows = json.loads(result.to_json())["rows"]
    assert len(rows) == 50 and rows[0]["L"] == pytest.approx(float(loss[0]))
    csv_lines = result.to_csv().splitlines()
    assert csv_lines[0] == "N [parameters],D [tokens],L [nats/token]" and len(csv_lines) == 51


def test_grid_of_two_ranges(chinchilla):
    result = sweep.sweep(chinchilla, {"N": "1e8,1e9,1e10", "D": "1e9..1e12:4", "alpha": "0.3"})
    assert result.columns["L"].size == 12
    np.testing.assert_allclose(result.columns["L"], chinchilla_numpy(result.columns["N"], result.columns["D"], alpha=0.3))
    assert result.evaluation.constants.overridden == ("alpha",)


@pytest.mark.parametrize("text,names,expected", [("20N", ["N"], "20*N"), ("1.5B*N", ["N"], "1500000000.0*N"),
                                                 ("C/(6*N)", ["N", "C"], "C/(6*N)"), ("2T", ["T"], "2*T"),
                                                 ("3e2N", ["N"], "3e2*N"), ("N*1e2", ["N"], "N*1e2"),
                                                 ("N*2.5E-3+1e9", ["N"], "N*2.5E-3+1e9"), ("20E", ["E"], "20*E"),
                                                 ("2B(N/N)", ["N"], "2000000000.0*(N/N)"),
                                                 ("1.4e12tokens", ["N"], "1.4e12*tokens"), ("70Bn", ["D"], "70*Bn")])
def test_relation_text(text, names, expected):
    assert sweep._relation_text(text, names) == expected


def test_a_unit_written_after_a_number_is_named_whole(chinchilla):
    """'D=1.4e12tokens' read its 't' as tera and blamed an undeclared symbol 'okens'; the word is named as typed."""
    with pytest.raises(engine.BadValue, match="D=1.4e12tokens is not a number .*: undeclared symbol 'tokens'$"):
        sweep.evaluate_specs(chinchilla, {"N": "70B", "D": "1.4e12tokens"})


def test_relation_to_an_unknown_name(chinchilla):
    with pytest.raises(engine.BadValue, match="is not a number .* or a relation to N .*undeclared symbol 'M2'"):
        sweep.evaluate_specs(chinchilla, {"N": "70B", "D": "20*M2"})


def test_compare_several_laws(chinchilla, kaplan):
    out = sweep.compare([(chinchilla, None), (chinchilla, "besiroglu2024"), (kaplan, None)], {"N": "70B", "D": "1.4T"})
    assert [round(e.value, 5) for e in out[:2]] == [1.93665, 1.97388]
    assert out[2].ref == "kaplan2020/loss-n-d"
    with pytest.raises(engine.UnknownSymbol, match="no law given has a symbol 'Q'"):
        sweep.compare([(chinchilla, None), (kaplan, None)], {"N": "70B", "D": "1.4T", "Q": "1"})


def test_compare_refuses_one_value_for_an_input_the_laws_take_in_different_units(chinchilla, law):
    """D=100B with Chinchilla (D in tokens) and Luo et al. (D in billions of tokens) was refused
    as 'write the number in that unit', which Chinchilla would then read as 100 tokens: one value
    cannot serve both. The error names each law's unit and the two ways to compare them."""
    luo = law("luo2024/relu-activation-ratio-data")
    with pytest.raises(engine.BadValue) as err:
        sweep.compare([(chinchilla, None), (luo, None)], {"N": "1B", "D": "100B"})
    assert str(err.value) == (
        "D is in tokens in hoffmann2022/parametric-loss and in billions of tokens in "
        "luo2024/relu-activation-ratio-data: one value of D cannot be right for both. Evaluate each law on "
        "its own, in its unit (catalog eval luo2024/relu-activation-ratio-data D=100 ...), or compare them "
        "with catalog predict N=1B D=100B --where id=hoffmann2022,luo2024 --partial, which converts a count into each "
        "law's unit")
    with pytest.raises(engine.BadValue, match="^D is in tokens in hoffmann2022/parametric-loss and in billions"):
        sweep.compare([(chinchilla, None), (luo, None)], {"N": 1e9, "D": 1e11})


# ------------------------------------------------------------------- solve


def test_solve_for_model_size(chinchilla):
    sol = solve.solve(chinchilla, "N", {"L": "2.0", "D": "1.4T"})
    assert sol.roots == [sol.value]
    expected = (406.4 / (2.0 - 1.69 - 410.7 / 1.4e12**0.28)) ** (1 / 0.34)
    assert sol.value == pytest.approx(expected, rel=1e-10)
    assert engine.evaluate(chinchilla, {"N": sol.value, "D": 1.4e12}).value == pytest.approx(2.0, rel=1e-12)
    assert sol.symbolic and sol.symbolic.startswith("N = ")


def test_solve_for_data_with_besiroglu(chinchilla):
    sol = solve.solve(chinchilla, "D", {"L": 2.0, "N": "70B"}, "besiroglu2024")
    assert engine.evaluate(chinchilla, {"N": 7e10, "D": sol.value}, "besiroglu2024").value == pytest.approx(2.0, rel=1e-12)


def test_solve_for_the_output_is_evaluation(chinchilla):
    assert solve.solve(chinchilla, "L", {"N": "70B", "D": "1.4T"}).value == pytest.approx(1.9366454705587)


def test_unreachable_target_says_why(chinchilla):
    with pytest.raises(engine.NoSolution, match=r"no N in \[1e-30, 1e\+60\] gives L=1.5 at D=1.4e\+12: .*between 1.85316"):
        solve.solve(chinchilla, "N", {"L": 1.5, "D": "1.4T"})


def test_solve_errors(chinchilla):
    with pytest.raises(engine.MissingInput, match="needs the value of the output L"):
        solve.solve(chinchilla, "N", {"D": "1.4T"})
    with pytest.raises(engine.MissingInput, match=r"needs D too; e\.g\. D=5e\+10$"):  # as eval's
        solve.solve(chinchilla, "N", {"L": 2})
    with pytest.raises(engine.UnknownSymbol):
        solve.solve(chinchilla, "Q", {"L": 2, "D": 1})
    with pytest.raises(engine.EngineError, match="is a parameter"):
        solve.solve(chinchilla, "alpha", {"L": 2, "D": 1, "N": 1})


def test_solve_finds_every_root():
    law = _law("a*(log(N) - m)**2 + b", {"y": {"role": "output", "meaning": "y", "unit": "not stated"},
                                         "N": {"role": "input", "meaning": "N", "unit": "not stated"},
                                         "a": {"role": "parameter", "meaning": "a"}, "m": {"role": "parameter", "meaning": "m"},
                                         "b": {"role": "parameter", "meaning": "b"}},
               constants={"a": 1.0, "m": 20.0, "b": 1.0})
    sol = solve.solve(law, "N", {"y": 5.0})
    assert sol.roots == pytest.approx([math.exp(18), math.exp(22)], rel=1e-10)
    assert sol.warnings[-1].startswith("2 solutions for N: 6.566e+07, 3.58491e+09; showing the one nearest")


def test_solve_finds_a_root_beside_a_pole_on_the_grid():
    """y = (1 - S)**-b is infinite at S = 1, a point of the solver's log grid: the root at S = 0.95
    lies between the grid's last finite point (S = 0.891) and that pole, where no sign change of two
    finite values brackets it, and solve said no S gives y (wang2026's tokens per parameter)."""
    law = _law("(1 - S)**(-b)", {"y": {"role": "output", "meaning": "y", "unit": "not stated"},
                                 "S": {"role": "input", "meaning": "S", "unit": "fraction"},
                                 "b": {"role": "parameter", "meaning": "b"}}, constants={"b": 0.5})
    sol = solve.solve(law, "S", {"y": 0.05 ** -0.5})
    assert sol.roots == pytest.approx([0.95], rel=1e-9)
    assert solve.solve(law, "S", {"y": 0.5 ** -0.5}).roots == pytest.approx([0.5], rel=1e-9)  # the plain bracket too


# ------------------------------------------------------------------- extremum

U_SYMBOLS = {"y": {"role": "output", "meaning": "y", "unit": "not stated"},
             "N": {"role": "input", "meaning": "N", "unit": "not stated"},
             "x": {"role": "input", "meaning": "x", "unit": "not stated"}, "a": {"role": "parameter", "meaning": "a"},
             "m": {"role": "parameter", "meaning": "m"}}


def test_extremum_of_a_valley_and_a_ridge():
    valley = _law("a*(log(N) - m)**2 + x", U_SYMBOLS, constants={"a": 1.0, "m": 20.0})
    low = solve.extremum(valley, "N", {"x": 3.0})
    assert low.kind == "minimum" and low.value == pytest.approx(math.exp(20), rel=1e-9)
    assert low.output == pytest.approx(3.0, rel=1e-12) and low.given == {"x": 3.0}
    ridge = solve.extremum(valley, "N", {"x": 3.0, "a": -2.0}, kind="maximum")  # a parameter overridden
    assert ridge.value == pytest.approx(math.exp(20), rel=1e-9) and ridge.constants.values["a"] == -2.0
    with pytest.raises(engine.NoSolution, match="y has no maximum in N over .* at x=3: it is monotone there"):
        solve.extremum(valley, "N", {"x": 3.0}, kind="maximum")
    with pytest.raises(engine.NoSolution, match="no minimum in N"):  # the minimum lies outside the window
        solve.extremum(valley, "N", {"x": 3.0}, window=(1.0, 1e6))


def test_extremum_of_a_signed_input_searches_below_zero():
    """A z-score's optimum lies below zero: --min over it takes a window reaching below zero (it
    was refused, 'the search window must satisfy 0 < low < high'), and without a window searches
    its linear domain; a size stays positive, and a negative window says why."""
    symbols = {**U_SYMBOLS, "z": {"role": "input", "meaning": "a z-score", "unit": "standard deviations",
                                  "range": {"min": -2.0, "max": 1.0, "source": "test"}}}
    law = _law("a*(z - m)**2 + x + 0*N", symbols, constants={"a": 1.0, "m": -0.5})
    for window in ((-3.0, 3.0), None):
        low = solve.extremum(law, "z", {"x": 3.0, "N": 1.0}, window=window)
        assert low.value == pytest.approx(-0.5, abs=1e-9) and low.output == pytest.approx(3.0, rel=1e-12)
    ridge = solve.extremum(law, "z", {"x": 3.0, "N": 1.0, "a": -1.0}, kind="maximum", window=(-3.0, 0.0))
    assert ridge.value == pytest.approx(-0.5, abs=1e-9)
    sized = _law("a*(log(N) - m)**2 + x", {**U_SYMBOLS, "N": {**U_SYMBOLS["N"], "variable": "model_parameters"}},
                 constants={"a": 1.0, "m": 20.0})
    with pytest.raises(engine.BadValue, match="N .model_parameters. is never negative"):
        solve.extremum(sized, "N", {"x": 3.0}, window=(-1.0, 1e12))


def test_extremum_reports_every_local_minimum():
    law = _law("a*(log(N) - m)**2*(log(N) - 2*m)**2 + x", U_SYMBOLS, constants={"a": 1.0, "m": 10.0})
    found = solve.extremum(law, "N", {"x": 0.0})
    assert sorted(x for x, _ in found.local) == pytest.approx([math.exp(10), math.exp(20)], rel=1e-6)
    assert found.warnings[-1].startswith("2 local minimums of y in N")


def test_extremum_errors():
    valley = _law("a*(log(N) - m)**2 + x", U_SYMBOLS, constants={"a": 1.0, "m": 20.0})
    with pytest.raises(engine.MissingInput, match="needs x too"):
        solve.extremum(valley, "N", {})
    with pytest.raises(engine.EngineError, match="the input to vary"):
        solve.extremum(valley, "N", {"N": 1.0, "x": 1.0})
    with pytest.raises(engine.EngineError, match="is a parameter"):
        solve.extremum(valley, "a", {"x": 1.0, "N": 1.0})
    with pytest.raises(engine.EngineError, match="kind must be"):
        solve.extremum(valley, "N", {"x": 1.0}, kind="saddle")
    implicit = _law("(L - E)*N**alpha - A", IMPLICIT_SYMBOLS, form="implicit", constants={"E": 1.69, "A": 406.4, "alpha": 0.34})
    with pytest.raises(engine.EngineError, match="implicit"):
        solve.extremum(implicit, "N", {})


def test_minimum_of_the_capybara_loss_is_its_critical_data_size(by_id):
    """Sun et al. (2025) derive Eq. 21 from dL/dD = 0 of Eq. 26: the numeric minimum of the loss
    law and the closed-form critical-data-size law agree (evaluator consistency, not data)."""
    paper = by_id["sun2025"]
    laws = {law.id: LawRef(paper, law) for law in paper.laws}
    at = {"N": 1e9, "E": 4, "M": 3, "B": 128}
    found = solve.extremum(laws["capybara-loss"], "D", at)
    closed = engine.evaluate(laws["critical-data-size"], at).value
    assert found.value == pytest.approx(closed, rel=1e-8)


def test_extremum_check_values_are_validated():
    checks = lambda *cv: {"check_values": list(cv)}  # noqa: E731
    ok = {"kind": "minimum", "origin": "derived", "inputs": {"x": 1.0}, "expected": {"N": 4.85e8, "y": 1.0}, "source": "t"}
    _law("a*(log(N) - m)**2 + x", U_SYMBOLS, constants={"a": 1.0, "m": 20.0}, **checks(ok))
    bad = [({**ok, "expected": {"N": 1.0, "x": 1.0}, "inputs": {}}, "must expect exactly one input"),
           ({**ok, "expected": {"y": 1.0}}, "must expect exactly one input"),
           ({**ok, "inputs": {}}, "must give every other input and nothing else: missing x"),
           ({**ok, "inputs": {"x": 1.0, "N": 2.0}}, "must give every other input and nothing else")]
    for cv, message in bad:
        with pytest.raises(ValueError, match=message):
            _law("a*(log(N) - m)**2 + x", U_SYMBOLS, constants={"a": 1.0, "m": 20.0}, **checks(cv))


def test_solve_implicit_law():
    law = _law("(L - E)*N**alpha - A", IMPLICIT_SYMBOLS, form="implicit", constants={"E": 1.69, "A": 406.4, "alpha": 0.34})
    sol = solve.solve(law, "N", {"L": 2.0})
    assert sol.value == pytest.approx((406.4 / 0.31) ** (1 / 0.34), rel=1e-10)


def test_solve_reports_a_flat_stretch():
    # flat in D below U: every D <= U gives the same loss (as in the data-constrained law)
    law = _law("E + B/(U*(1 + Max(D/U - 1, 0)))**beta",
               {"L": {"role": "output", "meaning": "L", "unit": "not stated"},
                "D": {"role": "input", "meaning": "D", "unit": "tokens", "variable": "data"},
                "U": {"role": "input", "meaning": "U", "unit": "tokens", "variable": "data"},
                **{p: {"role": "parameter", "meaning": p} for p in ("E", "B", "beta")}},
               constants={"E": 1.8, "B": 1500.0, "beta": 0.35})
    target = 1.8 + 1500.0 / 1e10**0.35
    sol = solve.solve(law, "D", {"L": target, "U": 1e10})
    assert sol.roots == [] and len(sol.intervals) == 1
    low, high = sol.intervals[0]
    assert low == pytest.approx(solve.WINDOW[0]) and high == pytest.approx(1e10, rel=1e-12)
    assert "every D from 1e-30 to 1e+10 gives L=" in sol.warnings[0]


# ------------------------------------------------------------------- inverse check values

_POWER = {"L": {"role": "output", "meaning": "loss", "unit": "not stated"},
          "N": {"role": "input", "meaning": "parameters", "unit": "parameters"},
          "a": {"role": "parameter", "meaning": "coefficient"}, "b": {"role": "parameter", "meaning": "exponent"}}


def _checked(check):
    return _law("a*N**(-b)", _POWER, constants={"a": 10.0, "b": 0.5}, check_values=[
        {"origin": "derived", "source": "test", "rel_tol": 1e-6, **check}])


def test_a_value_check_may_expect_the_input_that_gives_a_stated_output():
    law = _checked({"inputs": {"L": 1.0}, "expected": {"N": 100.0}})  # 10 N^-0.5 = 1 at N = 100
    assert solve.solve(law, "N", {"L": 1.0}, symbolic=False).value == pytest.approx(100.0)
    _checked({"inputs": {"N": 100.0}, "expected": {"L": 1.0}})  # the forward check still validates


@pytest.mark.parametrize("check, message", [
    ({"inputs": {"N": 100.0, "L": 1.0}, "expected": {"N": 100.0}}, "expects an input"),  # the input both given and expected
    ({"inputs": {}, "expected": {"N": 100.0}}, "expects an input"),  # the output not given
    ({"inputs": {"L": 1.0}, "expected": {"N": 100.0, "L": 1.0}}, "expects an input"),
    ({"inputs": {"L": 1.0}, "expected": {"L": 1.0}}, "gives the output 'L' without expecting an input"),
])
def test_malformed_inverse_checks_are_refused(check, message):
    with pytest.raises(ValueError, match=message):
        _checked(check)


def test_a_mixture_whose_proportions_do_not_sum_to_1_is_an_extrapolation(store):
    law = store.law("ye2024/mixing-law-5-domains")
    mixture = {"r_1": 0.125, "r_2": 0.1875, "r_3": 0.0625, "r_4": 0.25, "r_5": 0.375}
    assert not any("sum to" in w for w in engine.evaluate(law, mixture).warnings)
    raised = engine.evaluate(law, {**mixture, "r_1": 0.25}).warnings  # each share inside its own range
    assert raised == ["extrapolation: the proportions r_1, r_2, r_3, r_4, r_5 sum to 1.125, not 1: the law was "
                      "fitted on mixtures, whose proportions sum to 1"]


# ------------------------------------------------------------------- conditions (Law.conditions)

_CONDITIONED = {
    "L": {"role": "output", "meaning": "Loss", "unit": "nats/token"},
    "N": {"role": "input", "meaning": "Parameters", "unit": "parameters", "variable": "model_parameters"},
    "D": {"role": "input", "meaning": "Tokens", "unit": "tokens", "variable": "data"},
    "U": {"role": "input", "meaning": "Unique tokens used (U <= D)", "unit": "tokens", "variable": "data"},
    "E": {"role": "parameter", "meaning": "Irreducible"}, "A": {"role": "parameter", "meaning": "Coefficient"},
}


def _conditioned():
    return _law("E + A/N**0.3 + A/U**0.3 + A/D**0.3", _CONDITIONED, constants={"E": 1.5, "A": 400.0},
                conditions=[{"expression": "U <= D", "source": "test"}])


def test_a_point_violating_a_condition_is_refused_naming_it_and_its_values():
    law = _conditioned()
    with pytest.raises(engine.DomainError, match=r"U <= D does not hold: U = 1e\+13, D = 1\.7e\+08"):
        engine.evaluate(law, {"N": 1e9, "D": 1.7e8, "U": 1e13})
    assert engine.evaluate(law, {"N": 1e9, "D": 1e12, "U": 1e12}).value == pytest.approx(
        1.5 + 400 / 1e9**0.3 + 2 * 400 / 1e12**0.3)  # the boundary holds


def test_vectorised_evaluation_gives_nan_where_a_condition_fails_with_a_note():
    law = _conditioned()
    ev = engine.evaluate(law, {"N": 1e9, "D": np.array([1e8, 1e10, 1e12]), "U": 1e10})
    assert np.isnan(ev.value[0]) and np.all(np.isfinite(ev.value[1:]))
    assert any("U <= D does not hold: U = 1e+10, D = 1e+08 (1 of 3 points): NaN there" in w for w in ev.warnings)
    swept = sweep.sweep(law, {"N": 1e9, "D": "1e8..1e12:5", "U": 1e10})
    assert np.isnan(swept.evaluation.value[:2]).all() and np.isfinite(swept.evaluation.value[2:]).all()


def test_compute_unchecked_gives_nan_not_the_formulas_number_outside_a_condition():
    law = _conditioned()
    arrays = {"N": np.asarray(1e9), "D": np.asarray(1e8), "U": np.asarray(1e10)}
    assert np.isnan(engine.compute(law, arrays, {"E": 1.5, "A": 400.0}, check=False))


def test_a_condition_may_use_parameters_and_fixed_symbols():
    symbols = {**_CONDITIONED, "k": {"role": "fixed", "meaning": "Multiple", "value": 2}}
    law = _law("E + A/N**0.3 + A/U**0.3 + A/D**0.3 + 0*k", symbols, constants={"E": 1.5, "A": 400.0},
               conditions=[{"expression": "k*U <= D + A", "source": "test"}])
    with pytest.raises(engine.DomainError, match=r"k\*U <= D \+ A does not hold: k = 2, U = 1e\+10, D = 1e\+10, A = 400"):
        engine.evaluate(law, {"N": 1e9, "D": 1e10, "U": 1e10})
    assert math.isfinite(engine.evaluate(law, {"N": 1e9, "D": 2e10, "U": 1e10}).value)


def test_solve_finds_no_root_where_a_condition_fails_and_says_so():
    law = _conditioned()
    # L = 2.9 at N = 1e9, D = 1e10 is the formula's value at U = 1e11, above D: no root, and the message says why
    assert engine.compute(law, {"N": np.asarray(1e9), "D": np.asarray(1e11), "U": np.asarray(1e11)},
                          {"E": 1.5, "A": 400.0}) - 400 / 1e11**0.3 + 400 / 1e10**0.3 == pytest.approx(2.9, abs=0.01)
    with pytest.raises(engine.NoSolution, match=r"only takes values between .* where U <= D holds"):
        solve.solve(law, "U", {"L": 2.9, "N": 1e9, "D": 1e10})
    with pytest.raises(engine.NoSolution, match=r"no N in \[.*\] satisfies U <= D at D=1e\+08, U=1e\+13"):
        solve.solve(law, "N", {"L": 1.6, "D": 1e8, "U": 1e13})
    at = {"N": 1e9, "D": 1e10, "U": 1e9}
    value = engine.evaluate(law, at).value
    assert solve.solve(law, "U", {"L": value, "N": 1e9, "D": 1e10}).value == pytest.approx(1e9, rel=1e-6)


def test_an_extremum_stays_where_the_conditions_hold_and_says_when_it_is_on_their_edge():
    law = _conditioned()
    # L falls as U grows, up to U = D = 1e10 where U <= D stops holding: the minimum is on that edge
    low = solve.extremum(law, "U", {"N": 1e9, "D": 1e10})
    assert low.value == pytest.approx(1e10, rel=1e-9) and low.value <= 1e10
    assert low.output == pytest.approx(engine.evaluate(law, {"N": 1e9, "D": 1e10, "U": low.value}).value, rel=1e-12)
    assert low.edge == "U <= D"
    assert any("the minimum is on the edge of where the law holds (U <= D): L falls further beyond it" in n
               for n in low.notes)
    with pytest.raises(engine.NoSolution, match="L has no maximum in U"):  # rising towards U -> 0: no edge there
        solve.extremum(law, "U", {"N": 1e9, "D": 1e10}, kind="maximum")
    # a stationary point where the conditions hold is found as before, without the note
    valley = _law("E + A/U**0.3 + U/D", _CONDITIONED, constants={"E": 1.5, "A": 400.0},
                  conditions=[{"expression": "U <= D", "source": "test"}])
    inner = solve.extremum(valley, "U", {"N": 1e9, "D": 1e10})
    assert inner.value == pytest.approx((0.3 * 400 * 1e10) ** (1 / 1.3), rel=1e-6) and inner.edge == ""
    assert not any("edge" in n for n in inner.notes)
    # the same valley with D below its stationary point: the search stops at U = D, never beyond
    edged = solve.extremum(valley, "U", {"N": 1e9, "D": 1e4})
    assert edged.value == pytest.approx(1e4, rel=1e-9) and edged.edge == "U <= D"
