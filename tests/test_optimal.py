"""Compute-optimal allocation under C = k*N*D."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from catalog.engine import evaluation as engine, optimal
from catalog.schema import Law
from catalog.store.reader import LawRef
from tests.sqlite_support import connection_to

A, B, E, ALPHA, BETA = 406.4, 410.7, 1.69, 0.34, 0.28


@pytest.fixture(scope="module")
def chinchilla_opt(chinchilla):
    return optimal.compute_optimal(chinchilla)


def sig(value: float, digits: int) -> float:
    """Round to significant digits, as Wikipedia prints the numbers."""
    return float(f"{value:.{digits}g}")


def test_reproduces_wikipedia_to_the_printed_precision(chinchilla_opt):
    # Wikipedia, Chinchilla scaling: N_opt(C)=0.6 C^0.45, D_opt(C)=0.3 C^0.55, L_opt(C)=1070 C^-0.154 + 1.7
    o = chinchilla_opt
    assert o.method == "symbolic"
    assert sig(o.N_opt.coefficient, 1) == 0.6 and round(o.N_opt.exponent, 2) == 0.45
    assert sig(o.D_opt.coefficient, 1) == 0.3 and round(o.D_opt.exponent, 2) == 0.55
    assert sig(o.L_opt.coefficient, 3) == 1070 and round(o.L_opt.exponent, 3) == -0.154
    assert sig(o.L_opt.offset, 2) == 1.7
    assert str(o.N_opt) == "0.598695 C^0.451613"
    assert str(o.L_opt) == "1071.36 C^-0.153548 + 1.69"


def test_matches_the_closed_form_on_wikipedia(chinchilla_opt):
    # N_opt = G (C/6)^a, D_opt = G^-1 (C/6)^b, G = (alpha A / (beta B))^(1/(alpha+beta))
    g = (ALPHA * A / (BETA * B)) ** (1 / (ALPHA + BETA))
    a, b = BETA / (ALPHA + BETA), ALPHA / (ALPHA + BETA)
    o = chinchilla_opt
    assert o.N_opt.coefficient == pytest.approx(g * 6**-a, rel=1e-10)
    assert o.N_opt.exponent == pytest.approx(a, rel=1e-10)
    assert o.D_opt.coefficient == pytest.approx(6**-b / g, rel=1e-10)
    assert o.D_opt.exponent == pytest.approx(b, rel=1e-10)
    assert o.L_opt.exponent == pytest.approx(-ALPHA * BETA / (ALPHA + BETA), rel=1e-10)
    assert o.L_opt.offset == pytest.approx(E, rel=1e-10)
    assert o.formulas["N_opt"] == "N_opt = (A*C**beta*alpha/(B*beta*k**beta))**(1/(alpha + beta))"


def test_values_at_a_budget_are_consistent(chinchilla, chinchilla_opt):
    c = 1e24
    at = chinchilla_opt.at(c)
    n, d, loss = at["N_opt"], at["D_opt"], at["L_opt"]
    assert 6 * n * d == pytest.approx(c, rel=1e-12)
    assert loss == pytest.approx(engine.evaluate(chinchilla, {"N": n, "D": d}).value, rel=1e-12)
    # a minimum along the constraint
    for f in (0.9, 1.1):
        assert engine.evaluate(chinchilla, {"N": n * f, "D": d / f}).value > loss
    arr = chinchilla_opt.at(np.array([1e20, 1e22]))
    assert arr["N_opt"].shape == (2,)


def test_a_budget_must_be_positive(chinchilla_opt, run):
    """A budget of no or negative compute is refused by name: at(-1) gave N_opt = nan with numpy's
    RuntimeWarning from a generated function, and catalog optimal hoffmann2022 C=0 ended in a
    ZeroDivisionError traceback."""
    for budget in (0, -1, [1e24, -1e20]):
        with pytest.raises(engine.DomainError, match=r"the budget C must be positive \(got (0|-1|-1e\+20)\)"):
            chinchilla_opt.at(budget)
    with pytest.raises(engine.BadValue, match="C: 1 value"):
        chinchilla_opt.at([1e24, float("nan")])
    assert chinchilla_opt.at("5.76e23") == chinchilla_opt.at(5.76e23)
    result = run("optimal", "hoffmann2022", "C=0")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "error: the budget C must be positive (got 0)" in result.output


def test_a_budget_whose_split_leaves_double_precision_is_refused(run):
    """A positive budget at either end of double precision: Kaplan et al.'s joint law split
    C=1e-320 into N_opt = 0 and D_opt = inf, so catalog optimal ended in a ZeroDivisionError
    traceback (the ratio) and predict C=1e-320 too; C=1e308 printed N_opt=inf, D_opt=0 as an
    allocation, and predict printed numpy's overflow warnings. Refused by name; predict skips the law."""
    for budget in ("1e-320", "1e308"):
        result = run("optimal", "kaplan2020/loss-n-d", f"C={budget}")
        assert result.exit_code == 2 and "Traceback" not in result.output, result.output
        assert result.output.startswith("error: at C=") and len(result.output.splitlines()) == 1, result.output
        result = run("predict", f"C={budget}")
        assert result.exit_code == 0 and "Warning" not in result.output, result.output[-2000:]
        assert "kaplan2020/loss-n-d" in result.output.split("no compute-optimal split: at C=")[0].rsplit("\n", 1)[-1]


def test_the_budget_reaching_a_loss_is_the_frontiers_inverse(chinchilla_opt, run):
    """'The compute to reach L = 2.0' had no command: solve has no C to solve for in L(N, D), and
    catalog optimal hoffmann2022 L=2.0 said only that L is the output. Optimum.budget_reaching
    inverts L_opt(C); catalog optimal LAW L=VALUE prints the split at that budget."""
    c = chinchilla_opt.budget_reaching(2.0)
    # the closed form's inverse: C = (L_opt coefficient / (L - E))^(1 / -exponent)
    lo = chinchilla_opt.L_opt
    assert c == pytest.approx((lo.coefficient / (2.0 - lo.offset)) ** (1 / -lo.exponent), rel=1e-9)
    assert chinchilla_opt.at(c)["L_opt"] == pytest.approx(2.0, rel=1e-12)
    with pytest.raises(engine.NoSolution, match="L_opt = 1.5: it is below 1.69, which the law approaches with "
                                                "unlimited compute"):
        chinchilla_opt.budget_reaching(1.5)
    result = run("optimal", "hoffmann2022", "L=2.0", "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["reaching"] == {"L_opt": 2.0, "C": pytest.approx(c, rel=1e-12)}
    [(budget, found)] = doc["at"].items()
    assert found == pytest.approx(chinchilla_opt.at(c), rel=1e-12) and float(budget) == pytest.approx(c, rel=1e-5)
    text = run("optimal", "hoffmann2022", "L=2.0").output
    assert f"at C={engine.fmt(c)} (the least budget reaching L_opt = 2): N_opt=" in text
    hint = run("solve", "hoffmann2022", "L=2.0").output
    assert "catalog optimal hoffmann2022/parametric-loss L=2.0" in hint


def test_symbolic_and_numeric_agree(chinchilla, chinchilla_opt):
    numeric = optimal.compute_optimal(chinchilla, method="numeric")
    assert numeric.method == "numeric"
    for key, value in chinchilla_opt.summary().items():
        assert numeric.summary()[key] == pytest.approx(value, rel=1e-6), key


def test_k_is_configurable(chinchilla, chinchilla_opt):
    o8 = optimal.compute_optimal(chinchilla, k=8)
    a = BETA / (ALPHA + BETA)
    assert o8.k == 8 and o8.N_opt.exponent == pytest.approx(a)
    assert o8.N_opt.coefficient == pytest.approx(chinchilla_opt.N_opt.coefficient * (6 / 8) ** a, rel=1e-10)
    with pytest.raises(engine.DomainError, match="k must be positive"):
        optimal.compute_optimal(chinchilla, k=0)


def test_besiroglu_constants(chinchilla):
    o = optimal.compute_optimal(chinchilla, "besiroglu2024")
    assert o.constants.set_id == "besiroglu2024"
    assert o.N_opt.exponent == pytest.approx(0.3658 / (0.3478 + 0.3658))


def test_kaplan_joint_law(by_id):
    paper = by_id["kaplan2020"]
    ref = LawRef(paper, paper.laws[0])
    o = optimal.compute_optimal(ref)
    r = 0.076 / 0.103
    assert o.method == "symbolic"
    assert o.N_opt.exponent == pytest.approx(1 / (1 + r), rel=1e-10)
    assert o.L_opt.offset == 0 and o.L_opt.exponent == pytest.approx(-0.103 * r / (1 + r), rel=1e-8)
    numeric = optimal.compute_optimal(ref, method="numeric")
    assert numeric.N_opt.coefficient == pytest.approx(o.N_opt.coefficient, rel=1e-5)


def test_not_a_law_in_n_and_d(by_id):
    paper = by_id["kaplan2020"]
    ref = LawRef(paper, next(l for l in paper.laws if l.id == "loss-n"))
    with pytest.raises(engine.EngineError) as err:
        optimal.compute_optimal(ref)
    # what is missing, and no 'name them with n=/d=': catalog optimal has no such option
    assert str(err.value) == ("compute-optimal allocation needs a law in model size and data; kaplan2020/loss-n has "
                              "inputs N (model_parameters), none of them data")


def test_only_an_output_lower_is_better_is_minimised(law, run):
    """An accuracy law minimised along C = 6ND gave its worst split (or 'the loss keeps falling
    towards small N'), and an optimal learning rate was called a loss: both are refused by name,
    in Python and by catalog optimal."""
    for ref, dependent in (("mizrahi2025/chained-accuracy", "downstream_performance"),
                           ("li2025/optimal-learning-rate", "optimal_learning_rate")):
        with pytest.raises(engine.EngineError, match=rf"minimises a loss or an error along C = k\*N\*D; {ref} "
                                                     rf"predicts {dependent} \("):
            optimal.compute_optimal(law(ref))
        result = run("optimal", ref, "C=1e23")
        assert result.exit_code == 2 and "Traceback" not in result.output
        assert f"{ref} predicts {dependent} (" in result.output and "keeps falling" not in result.output
    assert optimal.compute_optimal(law("ludziejewski2025/joint-moe-loss"), fixed={"E": 8}).method == "numeric"


def test_a_law_in_fractions_of_a_base_size_is_not_split(law, run):
    """Rosenfeld et al.'s error takes m/M and n/N (fractions of Table 1's base model and training
    set): its fitted budgets, k*(m/M)*(n/N), fell below one 'parameter and token' and the refusal
    spoke of C/k; ho2024's multiples of N0 and D0 were split as if C were FLOPs. Both are refused
    by name, in Python and by catalog optimal."""
    for ref, name, unit in (("rosenfeld2019/joint-error", "m", "fraction of the base model's parameters (m/M)"),
                            ("ho2024/augmented-chinchilla-model-7", "n", "multiples of N0")):
        with pytest.raises(engine.EngineError) as err:
            optimal.compute_optimal(law(ref))
        assert str(err.value) == (f"compute-optimal allocation splits C = k*N*D in counts of parameters and data; "
                                  f"{ref} takes {name} in {unit}, which is no count")
        assert not optimal.splittable(law(ref).law)
        result = run("optimal", ref, "C=1e20")
        assert result.exit_code == 2 and "Traceback" not in result.output and "which is no count" in result.output
    assert optimal.splittable(law("hoffmann2022/parametric-loss").law)


def _law(expression, extra_symbols, constants, form="explicit", ranges=None):
    symbols = {"L": {"role": "output", "meaning": "loss", "unit": "not stated"},
               "N": {"role": "input", "meaning": "parameters", "unit": "parameters", "variable": "model_parameters"},
               "D": {"role": "input", "meaning": "tokens", "unit": "tokens", "variable": "data"}, **extra_symbols}
    return Law.model_validate({"id": "t", "name": "t", "dependent_variable": "loss", "expression": expression,
                               "form": form, "symbols": symbols,
                               "constant_sets": [{"id": "c", "label": "c", "provenance": "secondary", "source": "test", "values": constants,
                                                  "ranges": ranges or {}}]})


def test_other_inputs_must_be_fixed():
    law = _law("E + A/N**alpha + B/D**beta + G/R", {
        "R": {"role": "input", "meaning": "repetitions", "unit": "epochs", "variable": "epochs"},
        **{p: {"role": "parameter", "meaning": p} for p in ("E", "A", "B", "alpha", "beta", "G")}},
        {"E": E, "A": A, "B": B, "alpha": ALPHA, "beta": BETA, "G": 0.5})
    with pytest.raises(engine.MissingInput, match="give values for R"):
        optimal.compute_optimal(law)
    o = optimal.compute_optimal(law, fixed={"R": 4})
    assert o.L_opt.offset == pytest.approx(E + 0.5 / 4)
    assert o.N_opt.exponent == pytest.approx(BETA / (ALPHA + BETA))



def test_inputs_without_a_variable_are_named_from_python():
    """P and T without a variable may be model size and data: compute_optimal's n= and d= say so
    (the error points there), and the allocation is the usual one."""
    consts = {"E": E, "A": A, "B": B, "alpha": ALPHA, "beta": BETA}
    law = Law.model_validate({
        "id": "t", "name": "t", "dependent_variable": "loss", "expression": "E + A/P**alpha + B/T**beta",
        "symbols": {"L": {"role": "output", "meaning": "loss", "unit": "not stated"},
                    "P": {"role": "input", "meaning": "size", "unit": "not stated"},
                    "T": {"role": "input", "meaning": "tokens", "unit": "not stated"}, **{p: {"role": "parameter", "meaning": p} for p in consts}},
        "constant_sets": [{"id": "c", "label": "c", "provenance": "secondary", "source": "test", "values": consts}]})
    with pytest.raises(engine.EngineError, match=r"has inputs P \(no variable\), T \(no variable\), none of them "
                                                 r"model_parameters; .*compute_optimal\(law, n=\.\.\., d=\.\.\.\)"):
        optimal.compute_optimal(law)
    assert optimal.compute_optimal(law, n="P", d="T").N_opt.exponent == pytest.approx(BETA / (ALPHA + BETA))

def test_warnings_at_a_budget_follow_the_sets_range_and_a_compute_input():
    """N_opt and D_opt are checked against the set's own range; the budget against a compute input's range."""
    law = _law("E + A/N**alpha + B/D**beta + G/R", {
        "R": {"role": "input", "meaning": "compute", "unit": "FLOPs", "variable": "compute", "range": {"min": 1e18, "max": 1e22, "source": "test runs"}},
        **{p: {"role": "parameter", "meaning": p} for p in ("E", "A", "B", "alpha", "beta", "G")}},
        {"E": E, "A": A, "B": B, "alpha": ALPHA, "beta": BETA, "G": 0.5},
        ranges={"N": {"min": 1e8, "max": 1e10, "source": "test runs"}})
    o = optimal.compute_optimal(law, fixed={"R": 1e20})
    warns, notes = o.warnings_at(1e24)
    n = o.at(1e24)["N_opt"]
    assert warns == [f"extrapolation: N={engine.fmt(n)} is above the fitted range N in [1e+08, 1e+10] "
                     f"by a factor of {n / 1e10:.3g} (the constant set's own range, range from: test runs)",
                     "extrapolation: the budget C=1e+24 is above the fitted range R in [1e+18, 1e+22] by a factor of 100 "
                     "(range from: test runs)"]
    assert notes == ["t records no fitted range for D: extrapolation cannot be checked"]
    inside = next(c for c in np.logspace(16, 22, 25) if 1e8 <= o.at(c)["N_opt"] <= 1e10)
    assert o.warnings_at(inside)[0] == []


def test_implicit_law_is_optimised_numerically():
    law = _law("(L - E)*N**alpha*D**beta - A*D**beta - B*N**alpha",
               {p: {"role": "parameter", "meaning": p} for p in ("E", "A", "B", "alpha", "beta")},
               {"E": E, "A": A, "B": B, "alpha": ALPHA, "beta": BETA}, form="implicit")
    o = optimal.compute_optimal(law, budgets=(1e18, 1e24))
    assert o.method == "numeric"
    g = (ALPHA * A / (BETA * B)) ** (1 / (ALPHA + BETA))
    assert o.N_opt.coefficient == pytest.approx(g * 6 ** (-BETA / (ALPHA + BETA)), rel=1e-4)
    assert o.L_opt.offset == pytest.approx(E, rel=1e-4)


def test_no_interior_optimum_is_a_message():
    # the loss falls without bound as N grows at fixed C: no compute-optimal split
    law = _law("A/N**alpha + B*D**beta", {p: {"role": "parameter", "meaning": p} for p in ("A", "B", "alpha", "beta")},
               {"A": 1.0, "B": 1.0, "alpha": 0.3, "beta": 0.2})
    with pytest.raises(engine.NoSolution, match="no interior compute-optimal N"):
        optimal.compute_optimal(law, method="numeric")


def test_power_law_helpers():
    c = np.logspace(18, 24, 13)
    p = optimal._power_law_with_offset(c, 2.0 + 300 * c**-0.2, 1e-9)
    assert (p.coefficient, p.exponent, p.offset) == pytest.approx((300, -0.2, 2.0), rel=1e-6)
    assert optimal._power_law(c, 3 * c**0.5, 1e-9).exponent == pytest.approx(0.5)
    assert optimal._power_law_with_offset(c, np.log(c), 1e-6) is None
    assert math.isclose(p(1e20), 2.0 + 300 * 1e20**-0.2)


def test_budgets_without_an_interior_optimum_leave_the_others():
    """A data term that saturates below D0 = 1e10 tokens: at small budgets the loss keeps falling
    towards large N (no interior optimum), at large ones the split is Chinchilla-like. The power
    laws in C are fitted where there is an optimum, with a note; only a budget asked for that has
    none fails, and naming it."""
    law = _law("E + A/N**alpha + B/(D + D0)**beta", {
        "D0": {"role": "parameter", "meaning": "saturation"}, "E": {"role": "parameter", "meaning": "e"},
        "A": {"role": "parameter", "meaning": "a"}, "B": {"role": "parameter", "meaning": "b"},
        "alpha": {"role": "parameter", "meaning": "alpha"}, "beta": {"role": "parameter", "meaning": "beta"}},
        {"E": 1.69, "A": 406.4, "B": 410.7, "alpha": 0.34, "beta": 0.28, "D0": 1e10}, form="explicit")
    result = optimal.compute_optimal(law, budgets=(1e12, 1e26), method="numeric")
    assert result.budgets[0] > 1e12 and result.budgets[1] == pytest.approx(1e26)
    assert any(n.startswith("no interior optimum at ") and "the power laws in C are fitted on" in n for n in result.notes)
    at = result.at(1e26)
    assert 6 * at["N_opt"] * at["D_opt"] == pytest.approx(1e26)
    for f in (0.9, 1.1):  # a minimum along the constraint
        n = at["N_opt"] * f
        assert engine.compute(law, {"N": np.asarray(n), "D": np.asarray(1e26 / (6 * n))}, result.constants.values) > at["L_opt"]
    with pytest.raises(engine.NoSolution, match="no interior compute-optimal N at C=1e"):
        result.at(1e12)
    with pytest.raises(engine.NoSolution, match="nor at any other of the 13 budgets checked"):
        optimal.compute_optimal(law, budgets=(1e12, 1e13), method="numeric")


def test_the_budget_reaching_a_loss_searches_each_budget_once():
    """budget_reaching scans budgets 1 to 1e60 FLOPs. A numeric optimum over the grid stopped at the
    first budget without one, and the whole grid was searched again budget by budget: up to twice
    the work, for a loss no budget reaches. Here the numeric search (wrapped to count) has no
    optimum past 1e40 FLOPs; each budget is searched once, and the answers are unchanged."""
    law = _law("E + A/N**alpha + B/D**beta", {p: {"role": "parameter", "meaning": p} for p in ("E", "A", "B", "alpha", "beta")},
               {"E": E, "A": A, "B": B, "alpha": ALPHA, "beta": BETA})
    result = optimal.compute_optimal(law, method="numeric")
    search, seen = result.n_opt, []

    def counted(c):
        out = []
        for cv in np.ravel(c):  # budget by budget, as the numeric search does, stopping at a failure
            seen.append(float(cv))
            if cv > 1e40:
                raise engine.NoSolution(f"no interior compute-optimal N at C={cv}")
            out.append(search(cv))
        return np.reshape(out, np.shape(c)) if np.ndim(c) else out[0]

    result.n_opt = counted
    with pytest.raises(engine.NoSolution, match="L_opt = 1.5: it is below 1.69"):
        result.budget_reaching(1.5)
    assert len(seen) == 241 and len(set(seen)) == 241
    seen.clear()
    c = result.budget_reaching(2.0)
    assert c == pytest.approx(optimal.compute_optimal(law).budget_reaching(2.0), rel=1e-9)
    # brentq may evaluate the crossing's two ends again (scipy 1.17 re-evaluates one, earlier
    # releases both); a grid searched twice would repeat dozens of budgets
    assert len(seen) - len(set(seen)) <= 2
    assert result.at(c)["L_opt"] == pytest.approx(2.0, rel=1e-12)


def test_the_split_names_the_papers_own_compute_optimal_laws(store):
    # Kaplan et al.'s N_opt ~ C^0.73 is a law of its own, not the optimum of their L(N, D) along
    # C = 6ND (whose exponent this prints): a user comparing the two is told both exist
    kaplan = optimal.compute_optimal(store.law("kaplan2020/loss-n-d"))
    assert kaplan.notes[0] == ("kaplan2020 also states its compute-optimal allocation as laws of their own "
                               "(kaplan2020/compute-optimal-model-size, kaplan2020/compute-optimal-data); this is the "
                               "split that minimises kaplan2020/loss-n-d, which need not agree with them")
    assert abs(kaplan.N_opt.exponent - 0.73) > 0.1  # they do not agree
    assert not any("also states" in n for n in optimal.compute_optimal(store.law("besiroglu2024")).notes)


def test_two_inputs_of_model_size_are_counted_not_denied():
    """Two inputs of model_parameters (Muennighoff et al.'s U_N and R_N): the error said 'none of
    them model_parameters' right after listing both; it counts them and points to n=/d=."""
    consts = {"E": E, "A": A, "B": B, "alpha": ALPHA, "beta": BETA, "G": 0.5}
    law = Law.model_validate({
        "id": "t", "name": "t", "dependent_variable": "loss", "expression": "E + A/U**alpha + B/D**beta + G/R",
        "symbols": {"L": {"role": "output", "meaning": "loss", "unit": "not stated"},
                    "U": {"role": "input", "meaning": "unique parameters", "unit": "parameters", "variable": "model_parameters"},
                    "R": {"role": "input", "meaning": "repetitions", "unit": "parameters", "variable": "model_parameters"},
                    "D": {"role": "input", "meaning": "tokens", "unit": "tokens", "variable": "data"},
                    **{p: {"role": "parameter", "meaning": p} for p in consts}},
        "constant_sets": [{"id": "c", "label": "c", "provenance": "secondary", "source": "test", "values": consts}]})
    with pytest.raises(engine.EngineError) as err:
        optimal.compute_optimal(law)
    assert "U (model_parameters), R (model_parameters), D (data), 2 of them model_parameters; " in str(err.value)
    assert "none of them" not in str(err.value) and "compute_optimal(law, n=..., d=...)" in str(err.value)
    o = optimal.compute_optimal(law, n="U", d="D", fixed={"R": 4})
    assert o.N_opt.exponent == pytest.approx(BETA / (ALPHA + BETA))


def test_a_paper_whose_first_law_cannot_be_split_names_what_can(run, catalog_db):
    """catalog optimal deepseek (bi2024) and dubey2024 (Llama 3) said only that their first law, an
    optimal learning rate or token count, is no loss; the error now names the paper's own
    compute-optimal laws and the command that evaluates them, or its laws optimal can split."""
    from catalog.engine import optimal
    from catalog.store.reader import Store

    result = run("optimal", "deepseek llm", "C=1e23")
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert ("; bi2024 has no loss law in model size and data to split, and states its compute-optimal allocation as "
            "laws of their own (bi2024/optimal-model-scale, bi2024/optimal-data-scale, "
            "bi2024/model-scale-ratio-by-dataset): catalog predict C=BUDGET --where paper=bi2024 evaluates them") in result.output
    muennighoff = run("optimal", "muennighoff2023", "C=1e23").output
    assert ("muennighoff2023 names its first law, muennighoff2023/data-constrained-loss; the laws of a loss in model "
            "size and data it splits are those of muennighoff2023/data-constrained-loss-nd") in muennighoff
    named = run("optimal", "bi2024/optimal-learning-rate", "C=1e23").output
    assert "states its compute-optimal" not in named  # a law named by its id is what was asked for
    laws = {law.id: law for law in Store(catalog_db).paper("bi2024").laws}
    assert not optimal.splittable(laws["optimal-learning-rate"])
    assert optimal.splittable(Store(catalog_db).law("hoffmann2022").law)


# ------------------------------------------------------------------- conditions (Law.conditions)


@pytest.fixture(scope="module")
def data_constrained(by_id):
    paper = by_id["muennighoff2023"]
    return LawRef(paper, next(law for law in paper.laws if law.id == "data-constrained-loss-nd"))


def test_the_split_respects_unique_tokens_used_at_most_the_tokens_trained_on(data_constrained):
    # Before U <= D was a condition, 10T unique tokens at 1e23 FLOPs gave N = 9.7e13 and D = 1.7e8:
    # R_D = Max(D/U - 1, 0) = 0 and D' = U credited tokens never trained on.
    opt = optimal.compute_optimal(data_constrained, fixed={"U": 1e13})
    at = opt.at(1e23)
    assert at["D_opt"] >= 1e13 * (1 - 1e-9)
    assert at["N_opt"] == pytest.approx(1e23 / (6 * 1e13), rel=1e-3)  # the whole budget on one epoch of U
    assert math.isfinite(at["L_opt"])
    assert any("on the edge of where the law holds (U <= D)" in n for n in opt.notes)


def test_an_interior_optimum_within_the_condition_is_kept(data_constrained):
    at = optimal.compute_optimal(data_constrained, fixed={"U": 1e11}).at(1e23)
    assert at["D_opt"] > 1e11 and 1e9 < at["N_opt"] < 1e12
    assert engine.evaluate(data_constrained, {"N": at["N_opt"], "D": at["D_opt"], "U": 1e11}).value == \
        pytest.approx(at["L_opt"])


def test_no_split_satisfying_the_conditions_is_said_so():
    law = Law.model_validate({
        "id": "t", "name": "t", "dependent_variable": "loss", "expression": "E + A/N**0.3 + A/D**0.3 + 0*U",
        "symbols": {"L": {"role": "output", "meaning": "Loss", "unit": "nats/token"},
                    "N": {"role": "input", "meaning": "Parameters", "unit": "parameters", "variable": "model_parameters"},
                    "D": {"role": "input", "meaning": "Tokens", "unit": "tokens", "variable": "data"},
                    "U": {"role": "input", "meaning": "Unique tokens", "unit": "tokens"},
                    "E": {"role": "parameter", "meaning": "E"}, "A": {"role": "parameter", "meaning": "A"}},
        "constant_sets": [{"id": "c", "label": "c", "provenance": "secondary", "source": "test",
                           "values": {"E": 1.5, "A": 400.0}}],
        "conditions": [{"expression": "U <= D", "source": "test"}]})
    with pytest.raises(engine.NoSolution, match=r"no split of C=1e\+20 along C = k\*N\*D satisfies U <= D"):
        optimal.compute_optimal(law, fixed={"U": 1e30}, budgets=(1e20, 1e20))


@pytest.mark.parametrize("target", [1e10, 1e20, 1e308])
def test_a_loss_above_every_budgets_names_the_greatest_it_reaches(chinchilla_opt, target):
    """catalog optimal hoffmann2022 L=1e308 said 'it is above the greatest, 0': the greatest was
    read back as (L_opt - target) + target, which loses L_opt's digits to a target 1e19 or larger."""
    greatest = float(chinchilla_opt.at(1.0)["L_opt"])  # L_opt falls with the budget: its value at 1 FLOP
    with pytest.raises(engine.NoSolution, match=rf"above the greatest, {engine.fmt(greatest)}$"):
        chinchilla_opt.budget_reaching(target)


@pytest.mark.parametrize("trees", [True, False], ids=["stored tree", "sympy at run time"])
def test_a_law_fitted_in_log_space_takes_its_closed_form_whatever_the_signs_of_its_log_constants(catalog_db, trees):
    """mizrahi2025's bits-per-byte law, exp(log_E) + exp(log_A)/N**alpha + exp(log_B)/D**beta, has a
    negative log_E in every set: the closed form (derived with every parameter positive) was refused
    and the optimum scanned and refined with scipy. A constant entering only as exp(p) is positive
    whatever p's sign: the closed form holds, and gives what the numeric search finds."""
    from catalog.store.reader import Store

    store = Store(catalog_db)
    ref = (store.with_stored_forms() if trees else store).law("mizrahi2025/benchmark-bpb")
    for cs in ref.law.constant_sets[:4]:
        assert cs.values["log_E"] < 0
        closed = optimal.compute_optimal(ref, cs.id)
        scanned = optimal.compute_optimal(ref, cs.id, method="numeric")
        assert closed.method == "symbolic" and scanned.method == "numeric"
        for c in (*closed.budgets, 1e22):
            assert closed.at(c)["N_opt"] == pytest.approx(scanned.at(c)["N_opt"], rel=1e-6)
            assert closed.at(c)["L_opt"] == pytest.approx(scanned.at(c)["L_opt"], rel=1e-12)


def test_only_a_constant_entering_as_exp_of_itself_may_be_negative():
    """A constant also entering elsewhere (here 'a' as exp(a) and as a factor, 'b' in exp(b*N))
    keeps the rule that every constant be positive for the closed form."""
    tree = ["+", ["exp", ["sym", "a"]], ["*", ["sym", "a"], ["exp", ["*", ["sym", "b"], ["sym", "N"]]]],
            ["exp", ["sym", "c"]]]
    assert optimal._only_exponentiated(tree, {"a", "b", "c"}) == {"c"}


def test_a_budget_alone_imports_no_scipy_where_no_law_needs_the_numeric_search(catalog_db):
    """catalog predict C=1e22: every loss law's split is a closed form (numpy), or a scan that finds
    no interior optimum (li2025b); scipy.optimize (0.5 s) is imported only to refine a scanned one."""
    import subprocess
    import sys

    code = ("import sys\nfrom catalog.cli import main\n"
            f"sys.argv = ['catalog', 'predict', 'C=1e22', '--db', {catalog_db!r}]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('SCIPY', 'scipy.optimize' in sys.modules, file=sys.stderr)\n")
    out = subprocess.run([sys.executable, "-W", "ignore", "-c", code], capture_output=True, text=True)
    assert "SCIPY False" in out.stderr, out.stderr[-2000:]
    assert "mizrahi2025/benchmark-bpb" in out.stdout


def test_the_budgets_scans_together_are_each_budgets_scan_and_the_closed_form_is_checked_at_each(chinchilla, chinchilla_opt):
    # _is_minimum evaluates the three budgets' scans in one call: the same points and losses as one scan a budget
    consts = engine.resolve_constants(chinchilla, None, None)

    def loss(nv, dv):
        return engine.compute(chinchilla.law, {"N": np.asarray(nv, dtype=float), "D": np.asarray(dv, dtype=float)},
                              consts.values, check=False)

    budgets = np.array([1e18, 3.3e21, 5.76e23])
    bounds = [(0.0, math.log(c / 6)) for c in budgets] + [(10.0, 11.0)] * 3
    together = optimal._scans(loss, 6.0, np.concatenate([budgets, budgets]), bounds, 600)
    for (c, (low, high)), (u, vals) in zip(zip([*budgets, *budgets], bounds), together):
        alone = optimal._scan(loss, 6.0, c, low, high, 600)
        assert np.array_equal(u, alone[0]) and np.array_equal(vals, alone[1])
    closed = chinchilla_opt.n_opt
    assert optimal._is_minimum(closed, loss, 6.0, budgets)
    # off the minimum at one budget alone (a hundredth more N at the largest) is refused
    assert not optimal._is_minimum(lambda c: closed(c) * np.where(np.asarray(c) > 1e23, 1.01, 1.0), loss, 6.0, budgets)
    assert not optimal._is_minimum(lambda c: closed(c) * 1.01, loss, 6.0, budgets)


def test_a_closed_forms_check_is_kept_in_the_cache_and_a_tampered_form_is_checked_again(catalog_db, tmp_path,
                                                                                        monkeypatch):
    from catalog import formcache
    from catalog.store import lawstore

    formcache.flush()
    monkeypatch.setenv("CATALOG_CACHE_DIR", str(tmp_path / "cache"))
    checks = []
    real = optimal._is_minimum
    monkeypatch.setattr(optimal, "_is_minimum", lambda *a: checks.append(1) or real(*a))

    def at_budget(law=None):
        found = optimal.compute_optimal(law or lawstore.law(catalog_db, "hoffmann2022"), fit=False)
        return found.method, found.at(5.76e23)

    first = at_budget()
    assert first[0] == "symbolic" and len(checks) == 1
    formcache.flush()
    assert at_budget() == first and len(checks) == 1  # read from the cache: no scan
    # a stored closed form that is no minimum (a --db may hold any) is another key: checked, and refused
    tampered = lawstore.law(catalog_db, "hoffmann2022")
    tampered.law.closed_forms["optimum"]["tree"] = ["**", ["sym", "C"], ["num", 0.5]]
    assert at_budget(tampered)[0] == "numeric" and len(checks) == 2
    formcache.flush()
    # an entry that is no answer the check writes (damaged, forged) is checked again and overwritten
    with connection_to(tmp_path / "cache" / formcache.FILE_NAME) as conn:
        conn.execute("UPDATE forms SET value = ?", (json.dumps(["maybe"]),))
    assert at_budget() == first and len(checks) == 3
    formcache.flush()
