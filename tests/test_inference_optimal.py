"""Inference-aware allocation (Sardana et al. 2024, arXiv:2401.00448): the N and D_tr reaching a loss
that minimise k*N*D_tr + k_inf*N*D_inf."""

from __future__ import annotations

import json
import math

import pytest

from catalog.engine import evaluation as engine, inference, optimal
from catalog.engine.errors import CatalogWarning

# The coefficients the authors' scripts use (nikhilsardana/beyond-chinchilla utils.py, ChinchillaConstants
# defaults; README "Advanced Features": alpha=0.336, beta=0.283, A=406.4, B=410.7, E=1.69).
AUTHORS = {"E": 1.69, "A": 406.4, "B": 410.7, "alpha": 0.336, "beta": 0.283}
DEMANDS = (0.0, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14)


@pytest.fixture(scope="module")
def base(chinchilla):
    return optimal.compute_optimal(chinchilla)


@pytest.fixture(scope="module")
def by_demand(base):
    return {d: inference.from_optimum(base, 2.0, d) for d in DEMANDS}


def test_no_inference_is_the_least_budget_reaching_the_loss(base, by_demand):
    """D_inf = 0 is catalog optimal LAW L=2.0: the least budget reaching the loss and its split, N to
    1e-12 relative (the same split), D_tr to 1e-9 (solved again from the constraint) and the total
    FLOPs to 1e-9 of that budget."""
    c = base.budget_reaching(2.0)
    at = base.at(c)
    found = by_demand[0.0]
    assert found.optimum.n == pytest.approx(at["N_opt"], rel=1e-12)
    assert found.optimum.d == pytest.approx(at["D_opt"], rel=1e-9)
    assert found.optimum.total_flops == pytest.approx(c, rel=1e-9)
    assert found.optimum.inference_flops == 0 and found.budget == c
    assert found.saving == pytest.approx(0, abs=1e-9 * c)


def test_the_search_finds_the_training_only_split_by_itself(base):
    """A demand of one token moves the optimum by nothing measurable: the minimiser over log N (not
    the training-only candidate) lands on it to 1e-6 relative."""
    found = inference.from_optimum(base, 2.0, 1.0)
    c = base.budget_reaching(2.0)
    assert found.optimum.n == pytest.approx(base.at(c)["N_opt"], rel=1e-6)
    assert found.optimum.total_flops == pytest.approx(c + 2 * found.optimum.n, rel=1e-12)


def test_more_demand_gives_a_smaller_model_trained_longer(by_demand):
    ns = [by_demand[d].optimum.n for d in DEMANDS]
    ds = [by_demand[d].optimum.d for d in DEMANDS]
    assert all(a > b for a, b in zip(ns, ns[1:])), ns
    assert all(a < b for a, b in zip(ds, ds[1:])), ds
    fractions = [by_demand[d].saving_fraction for d in DEMANDS[1:]]
    assert all(a < b for a, b in zip(fractions, fractions[1:])), fractions


def test_the_total_is_never_above_the_training_only_splits(by_demand):
    for d, found in by_demand.items():
        only = found.training_only
        assert found.optimum.total_flops <= only.total_flops, d
        assert only.inference_flops == 2 * only.n * d and found.optimum.inference_flops == 2 * found.optimum.n * d
        assert found.optimum.training_flops == 6 * found.optimum.n * found.optimum.d


def test_the_loss_constraint_holds_at_the_optimum(chinchilla, by_demand):
    for d, found in by_demand.items():
        for split in (found.optimum, found.training_only):
            value = float(engine.evaluate(chinchilla, {"N": split.n, "D": split.d}).value)
            assert value == pytest.approx(2.0, rel=1e-9), d


def test_the_first_order_condition_of_chinchillas_form(by_demand):
    """Derived: for L = E + A/N^alpha + B/D^beta the optimum satisfies the authors' condition in D_tr
    (model_calculator.py, compute_optimal_train_tokens, with 6 and 2 FLOPs per token):
    (beta B/alpha + B) D^-beta + (D_inf beta B/(3 alpha)) D^(-beta-1) + E - l = 0."""
    e, a, b, alpha, beta = 1.69, 406.4, 410.7, 0.34, 0.28
    for d_inf, found in by_demand.items():
        x = found.optimum.d
        terms = [(beta * b / alpha + b) * x ** -beta, d_inf * beta * b / (3 * alpha) * x ** (-beta - 1), e - 2.0]
        # the search's first-order condition, by central differences, holds to about 1e-10
        assert sum(terms) == pytest.approx(0, abs=1e-9 * max(abs(t) for t in terms)), d_inf


def test_reproduces_the_authors_printed_example(chinchilla):
    """PRINTED (nikhilsardana/beyond-chinchilla README.md, compute_optimal.py example): loss 1.947 and
    2e12 inference tokens give 'Model Size (params): 2.418e+10', 'Training Data (tok): 2.657e+12', and
    70.96% of the parameters, 146.77% of the tokens and 95.22% of the cost of the equal-quality
    Chinchilla-style model; with the authors' coefficients, 6 and 2 FLOPs per token."""
    found = inference.inference_optimal(chinchilla, 1.947, 2e12, overrides=AUTHORS)
    assert f"{found.optimum.n:.3e}" == "2.418e+10"
    assert f"{found.optimum.d:.3e}" == "2.657e+12"
    assert round(100 * found.optimum.n / found.training_only.n, 2) == 70.96
    assert round(100 * found.optimum.d / found.training_only.d, 2) == 146.77
    assert round(100 * found.optimum.total_flops / found.training_only.total_flops, 2) == 95.22


def test_the_inference_flops_per_token_are_an_option(base):
    cheap, dear = (inference.from_optimum(base, 2.0, 1e12, k) for k in (1.0, 4.0))
    assert cheap.optimum.n > dear.optimum.n and dear.optimum.inference_flops == 4 * dear.optimum.n * 1e12


def test_extrapolation_is_warned_as_optimal_warns_it(by_demand):
    found = by_demand[1e13]
    assert any(w.startswith(f"extrapolation: D={engine.fmt(found.optimum.d)} is above the fitted range D")
               for w in found.warnings), found.warnings


@pytest.mark.parametrize(("args", "message"), [
    ((2.0, -1), "inference tokens: -1 is negative"),
    ((2.0, "nan"), "inference tokens: 'nan' is not a number"),
    ((2.0, float("inf")), "inference tokens: inf is not a finite number"),
    ((2.0, "lots"), "inference tokens: 'lots' is not a number"),
    ((2.0, 1e300), "inference tokens: 1e+300 tokens at 2 FLOPs per parameter overflow"),
    ((2.0, 1e12, 1e300), "inference tokens: 1e+12 tokens at 1e+300 FLOPs per parameter overflow"),
    ((2.0, 1e12, 0), "k_inference must be positive (got 0)"),
    ((2.0, 1e12, -2), "k_inference must be positive (got -2)"),
    (("two", 1e12), "L: 'two' is not a number"),
    ((1.5, 1e12), "it is below 1.69, which the law approaches with unlimited compute"),
    ((1.69, 1e12), "it is below 1.69, which the law approaches with unlimited compute"),
    ((0, 1e12), "it is below 1.69"),
    ((-1, 1e12), "it is below 1.69"),
])
def test_bad_values_are_refused_with_one_message(base, args, message):
    with pytest.raises(engine.EngineError) as err:
        inference.from_optimum(base, *args)
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_a_law_without_a_split_is_refused(law):
    with pytest.raises(engine.EngineError, match="compute-optimal allocation needs a law in model size and data"):
        inference.inference_optimal(law("kaplan2020/loss-n"), 2.0, 1e12)


def test_through_the_law_api(store, base):
    law = store.law("hoffmann2022")
    with pytest.warns(CatalogWarning, match="extrapolation: D="):
        found = law.optimal(loss=2.0, inference_tokens="2T")
    assert found.optimum.n == pytest.approx(inference.from_optimum(base, 2.0, 2e12).optimum.n, rel=1e-12)
    with pytest.raises(engine.EngineError, match="inference_tokens needs the loss to reach"):
        law.optimal(inference_tokens="2T")
    with pytest.warns(CatalogWarning):
        assert math.isclose(law.optimal(loss=2.0).optimum.n, base.at(base.budget_reaching(2.0))["N_opt"], rel_tol=1e-12)


# ------------------------------------------------------------------------------------ the CLI


def test_the_cli_gives_the_apis_split(run, base):
    """To 1e-9: the database's law carries the closed form stored at load time, this one derives it, and
    the optimum's first-order condition places N to about 1e-10 either way."""
    found = inference.from_optimum(base, 2.0, 2e12)
    result = run("optimal", "hoffmann2022", "L=2.0", "--inference-tokens", "2T", "--json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)["inference"]
    assert doc["inference_tokens"] == 2e12 and doc["k_inference"] == 2.0 and doc["loss"] == 2.0
    assert doc["optimum"] == pytest.approx(found.optimum.as_dict("N", "D"), rel=1e-9)
    assert doc["training_only"] == pytest.approx({**found.training_only.as_dict("N", "D"), "budget": found.budget},
                                                 rel=1e-9)
    assert doc["saving_flops"] == pytest.approx(found.saving, rel=1e-9)
    text = run("optimal", "hoffmann2022", "L=2.0", "--inference-tokens", "2e12").output
    fmt = engine.fmt
    assert (f"    inference-aware: N={fmt(found.optimum.n)} parameters, D_tr={fmt(found.optimum.d)} tokens" in text), text
    assert f"    training-only:   N={fmt(found.training_only.n)} parameters" in text
    assert f"saving: {fmt(found.saving)} FLOPs ({100 * found.saving_fraction:.3g}% of the training-only total)" in text
    assert f"extrapolation: D={fmt(found.optimum.d)} is above the fitted range" in text


def test_the_cli_takes_the_inference_flops_per_token_and_several_laws(run, chinchilla):
    result = run("optimal", "hoffmann2022", "hoffmann2022@besiroglu2024", "L=2.0", "--inference-tokens", "1e13",
                 "--k-inference", "1", "--json")
    assert result.exit_code == 0, result.output
    docs = json.loads(result.stdout)
    assert [d["constant_set"] for d in docs] == ["hoffmann2022", "besiroglu2024"]
    # one law under two sets is two results: each its own least budget (they had shared the last one's)
    assert docs[0]["reaching"]["C"] == pytest.approx(1.11006e23, rel=1e-5)
    assert docs[1]["reaching"]["C"] == pytest.approx(2.4748e23, rel=1e-4)
    for doc in docs:
        found = inference.inference_optimal(chinchilla, 2.0, 1e13, doc["constant_set"], k_inference=1)
        assert doc["inference"]["optimum"]["N"] == pytest.approx(found.optimum.n, rel=1e-9)
        assert doc["inference"]["optimum"]["inference_flops"] == pytest.approx(found.optimum.n * 1e13, rel=1e-9)


@pytest.mark.parametrize(("args", "message"), [
    (("L=2.0", "--inference-tokens", "-1"), "error: inference tokens: -1 is negative"),
    (("L=2.0", "--inference-tokens", "nan"), "error: inference tokens: 'nan' is not a number"),
    (("L=2.0", "--inference-tokens", "inf"), "error: inference tokens: 'inf' is not a number"),
    (("L=2.0", "--inference-tokens", "1e999"), "error: inference tokens: 1e999 is not a finite number"),
    (("L=2.0", "--inference-tokens", "lots"), "error: inference tokens: 'lots' is not a number"),
    (("L=2.0", "--inference-tokens", "\x1b[31m2T"), "error: inference tokens: '\\x1b[31m2T' is not a number"),
    (("L=2.0", "--inference-tokens", "2T", "--k-inference", "0"), "error: k_inference must be positive (got 0)"),
    (("L=2.0", "--inference-tokens", "2T", "--k-inference", "-2"), "error: k_inference must be positive (got -2)"),
    (("L=2.0", "--inference-tokens", "2T", "--k-inference", "two"), "error: k_inference: 'two' is not a number"),
    (("--inference-tokens", "2T"), "error: --inference-tokens needs a loss to reach for hoffmann2022/parametric-loss"),
    (("C=1e24", "--inference-tokens", "2T"), "error: --inference-tokens needs a loss to reach"),
    (("L=1.69", "--inference-tokens", "2T"), "it is below 1.69, which the law approaches with unlimited compute"),
    (("L=0", "--inference-tokens", "2T"), "it is below 1.69"),
    (("L=-2", "--inference-tokens", "2T"), "it is below 1.69"),
    (("L=text", "--inference-tokens", "2T"), "error: L: 'text' is not a number"),
])
def test_the_cli_refuses_bad_values_in_one_line(run, args, message):
    result = run("optimal", "hoffmann2022", *args)
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output
    assert len([line for line in result.output.splitlines() if line.startswith("error:")]) == 1
    assert "\x1b" not in result.output


def test_the_cli_refuses_a_law_without_a_split(run):
    result = run("optimal", "kaplan2020/loss-n", "L=2.0", "--inference-tokens", "2T")
    assert result.exit_code == 2 and "compute-optimal allocation needs a law in model size and data" in result.output


def test_zero_demand_on_the_cli_is_the_least_budget_split(run):
    plain = json.loads(run("optimal", "hoffmann2022", "L=2.0", "--json").stdout)
    served = json.loads(run("optimal", "hoffmann2022", "L=2.0", "--inference-tokens", "0", "--json").stdout)
    [found] = plain["at"].values()
    assert served["inference"]["optimum"]["N"] == pytest.approx(found["N_opt"], rel=1e-12)
    assert served["inference"]["optimum"]["total_flops"] == pytest.approx(plain["reaching"]["C"], rel=1e-9)
    assert served["inference"]["saving_flops"] == pytest.approx(0, abs=1e-9 * plain["reaching"]["C"])


def test_the_papers_record_reproduces_the_authors_example(run):
    """sardana2024/chinchilla-form-loss holds the authors' coefficients (set authors-code): the README's
    printed example through the CLI, as a user would run it."""
    doc = json.loads(run("optimal", "sardana2024", "L=1.947", "--inference-tokens", "2e12", "--json").stdout)
    assert doc["constant_set"] == "authors-code"
    found = doc["inference"]
    assert f"{found['optimum']['N']:.3e}" == "2.418e+10" and f"{found['optimum']['D']:.3e}" == "2.657e+12"
    assert round(100 * found["optimum"]["N"] / found["training_only"]["N"], 2) == 70.96
    assert round(100 * found["optimum"]["D"] / found["training_only"]["D"], 2) == 146.77
    assert round(100 * found["optimum"]["total_flops"] / found["training_only"]["total_flops"], 2) == 95.22


def test_a_law_without_a_closed_form(law):
    """Muennighoff et al.'s data-constrained law (U unique tokens held) has a numeric optimum only: the
    least budget reaching a loss had stopped at its first budget, C = 1, too small for one parameter
    and one token. Its inference-aware split keeps the properties of Chinchilla's."""
    target = law("muennighoff2023/data-constrained-loss-nd")
    base = optimal.compute_optimal(target, fixed={"U": 1e11})
    c = base.budget_reaching(2.2)
    assert base.at(c)["L_opt"] == pytest.approx(2.2, rel=1e-9)
    found = inference.from_optimum(base, 2.2, 2e12)
    assert found.optimum.n < found.training_only.n and found.optimum.d > found.training_only.d
    assert 0 < found.saving < found.training_only.total_flops
    value = float(engine.evaluate(target, {"N": found.optimum.n, "D": found.optimum.d, "U": 1e11}).value)
    assert value == pytest.approx(2.2, rel=1e-9)
