"""catalog.engine.units: law input units converted to the base unit of their variable, valid and
invalid cases, and the covers filter that depends on them."""

import pytest

from catalog.engine import units


@pytest.mark.parametrize("variable, unit, factor", [
    ("model_parameters", "parameters", 1.0),
    ("model_parameters", "millions of parameters", 1e6),
    ("model_parameters", "billions of parameters", 1e9),
    ("data", "tokens", 1.0),
    ("data", "trillions of tokens", 1e12),
    ("data", "examples", 1.0),  # the paper's own data unit, as paper-level data ranges count it
    ("compute", "FLOPs", 1.0),
    ("compute", "1e21 FLOPs", 1e21),
    ("compute", "PF-days", 8.64e19),
    ("compute", "PFLOP/s-days", 8.64e19),
    ("compute", "PFLOPs (1e15 FLOPs)", 1e15),
    ("compute", "GMACs", 2e9),
    ("epochs", "epochs", 1.0),  # variables without a base unit compare as stored
])
def test_known_units_convert(variable, unit, factor):
    assert units.base_factor(variable, unit) == pytest.approx(factor)
    assert units.to_base(variable, unit, 2.0) == pytest.approx(2 * factor)


@pytest.mark.parametrize("variable, unit", [
    ("model_parameters", "dimensionless"),
    ("model_parameters", "multiples of U_N"),
    ("model_parameters", None),
    ("data", "trillions of images of cats and dogs"),
    ("compute", "GPU hours"),
    ("compute", "fraction of GPT-4 training compute"),
    ("compute", "GFLOP/example"),
    ("compute", "TPUv3-core-days"),
])
def test_units_that_are_no_multiple_of_the_base_give_none(variable, unit):
    assert units.base_factor(variable, unit) is None
    assert units.to_base(variable, unit, 2.0) is None



def test_a_suffixed_count_is_refused_where_the_law_takes_millions_or_billions(by_id):
    from catalog.engine import evaluation as engine

    law = next(l for l in by_id["ji2024"].laws if "M" in l.input_symbols)  # M in millions of parameters
    ref = law
    with pytest.raises(engine.BadValue, match=r"M=570M: validation-loss-m-s-c takes M in millions of parameters, so 570M is M=570 there"):
        engine.evaluate(ref, {"M": "570M", "S": 300000})
    with pytest.raises(engine.BadValue, match="M=570 there"):
        engine.split_assignments(ref, {"M": "570M", "S": "300000"})
    # the number in the law's unit, and suffixes on laws in plain parameters, are accepted
    assert engine.evaluate(ref, {"M": 570, "S": 300000}).value == pytest.approx(
        engine.evaluate(ref, {"M": "570", "S": 300000}).value)
    hoffmann = by_id["hoffmann2022"].laws[0]
    assert engine.evaluate(hoffmann, {"N": "70B", "D": "1.4T"}).value == pytest.approx(
        engine.evaluate(hoffmann, {"N": 7e10, "D": 1.4e12}).value)


def test_scale_of_names_only_units_other_than_the_base():
    assert units.scale_of("model_parameters", "millions of parameters") == 1e6
    assert units.scale_of("compute", "PF-days") == 8.64e19
    assert units.scale_of("model_parameters", "parameters") is None  # the base itself
    assert units.scale_of("compute", "GPU hours") is None  # no multiple of the base
    assert units.scale_of("epochs", "epochs") is None  # no base unit



@pytest.mark.parametrize("unit, variable, score", [
    ("fraction", "downstream_performance", True), ("probability (0 to 1)", None, True), ("percent", None, True),
    ("F1 (fraction)", None, True), ("score in [0, 1]", "brain_alignment", True), ("accuracy", None, True),
    # an error rate falls to zero as a power law, straight on log-log axes: not a score
    ("fraction", "downstream_error", False), ("fraction (error rate)", None, False), ("error rate", None, False),
    ("percentage points", None, False), ("gold-score fraction per unit of sqrt(KL) (nats^1/2)", None, False),
    ("nats/token", "loss", False), ("fractional", None, False), (None, None, False)])
def test_scores_are_the_units_bounded_like_a_probability(unit, variable, score):
    assert units.is_score(unit, variable) is score


def test_a_score_gets_a_linear_y_only_under_a_decade():
    assert units.linear_score_axis(True, 0.11, 0.66)
    assert not units.linear_score_axis(True, 0.001, 0.5)
    assert not units.linear_score_axis(False, 1.9, 3.0)  # a loss keeps its log axis


def test_exaflops_are_a_multiple_of_flops_and_eflops_are_not(opened):
    """ding2025 takes RL compute in exaFLOPs: unread, x=1e21 (a FLOP count) was evaluated as 1e39
    FLOPs with only an extrapolation warning; Kinetics' eFLOPs are effective FLOPs, no multiple."""
    from catalog.engine import evaluation

    assert units.base_factor("compute", "exaFLOPs") == 1e18
    assert units.base_factor("inference_compute", "eFLOPs") == 1.0 and units.counted("compute", "eFLOPs") is None
    law = opened.law("ding2025/sft-then-rl-sigmoid")
    assert ("units: ding2025/sft-then-rl-sigmoid takes x in exaFLOPs, so x=1e+21 is 1e+39 FLOPs; if 1e+21 counts "
            "FLOPs, write x=1000") in law.evaluate(x=1e21).warnings
    with pytest.raises(evaluation.BadValue, match="takes x in exaFLOPs, so 20T is x=2e-05 there"):
        law.evaluate(x="20T")  # a suffixed count is absolute: refused with the number to write


def test_a_percentage_given_to_a_fraction_is_warned_of(opened):
    """wang2024's S is a fraction of zero activations: S=40 (meaning 40%) gave L = 2.05665 with an
    extrapolation warning alone, as if 40 could be a share."""
    law = opened.law("wang2024/sparse-activation-loss")
    assert ("units: wang2024/sparse-activation-loss takes S as a fraction, so S=40 is 4000%; if 40 is a "
            "percentage, write S=0.4") in law.evaluate(N=7e9, S=40).warnings
    assert not any(w.startswith("units:") for w in law.evaluate(N=7e9, S=0.4).warnings)


def test_a_percentage_is_read_in_the_inputs_unit(run, opened):
    """S=40% was 'not a number': a share is given as a percentage as often as a fraction. It is
    read in the input's unit (0.4 for a fraction, 40 in percent), in eval, sweep and the API, and
    refused for any other unit."""
    law = opened.law("wang2024/sparse-activation-loss")
    assert law.evaluate(N="7B", S="40%").inputs["S"] == 0.4 == float(law.sweep(N="7B", S="40%").to_dataframe()["S"][0])
    assert law(N="7B", S="40%") == law(N=7e9, S=0.4)
    out = run("eval", "wang2024/sparse-activation-loss", "N=7B", "S=40%")
    assert out.exit_code == 0 and "S=0.4 fraction" in out.stdout
    refused = run("eval", "hoffmann2022", "N=7B", "D=40%")
    assert refused.exit_code == 2
    assert ("error: D=40%: a percentage is taken for an input in 'fraction' or 'percent', and "
            "hoffmann2022/parametric-loss takes D in tokens") in refused.output


def test_a_percentage_takes_any_number_and_a_bad_one_says_what_it_is(run, opened):
    """S=1e2% said 'not a valid expression: invalid syntax' (the percentage took only plain
    decimals, and the rest fell to the relation parser): a percentage is any number of the one
    grammar (1e2%, 4_0%), and a '%' after anything else says how a percentage is written."""
    import catalog

    law = opened.law("wang2024/sparse-activation-loss")
    assert law.evaluate(N="7B", S="4e1%").inputs["S"] == law.evaluate(N="7B", S="4_0%").inputs["S"] == 0.4
    out = run("eval", "wang2024/sparse-activation-loss", "N=7B", "S=4e1%")
    assert out.exit_code == 0 and "S=0.4 fraction" in out.stdout
    for spec in ("abc%", "40%%", "10%..90%", "40%,60%"):
        bad = run("sweep", "wang2024/sparse-activation-loss", "N=7B", f"S={spec}")
        assert bad.exit_code == 2 and len(bad.output.strip().splitlines()) == 1, bad.output
        assert bad.output.startswith(f"error: S={spec}: a percentage is one number followed by % (e.g. S=40%)"), bad.output
        with pytest.raises(catalog.engine.errors.BadValue, match="a percentage is one number followed by %"):
            law.evaluate(N="7B", S=spec)


def test_solve_and_plot_read_a_percentage_as_eval_does(run, opened, tmp_path):
    """solve and plot --fix said S=40% was 'not a number' (solve even that S 'states no such
    unit'), where eval and sweep read it in the input's unit: now all read it through one helper,
    an input's and solve's given output's alike (A=60% for an accuracy in percent)."""
    db = opened
    law = db.law("wang2024/sparse-activation-loss")
    assert law.solve(L=2.0, S="40%").value == law.solve(L=2.0, S=0.4).value
    plotted = law.plot("N", tmp_path / "s.png", S="40%").series[0].arrays["S"]
    assert float(plotted[0]) == 0.4
    accuracy = db.law("bergsma2025b/accuracy-vs-parameters")
    assert accuracy.solve(A="60%").value == accuracy.solve(A=60).value
    out = run("solve", "wang2024/sparse-activation-loss", "L=2.0", "S=40%")
    assert out.exit_code == 0 and "N = 4.85668e+11" in out.stdout
    out = run("plot", "wang2024/sparse-activation-loss", "--x", "N", "--fix", "S=40%", "-o", str(tmp_path / "c.png"))
    assert out.exit_code == 0, out.output
    refused = run("plot", "hoffmann2022", "--x", "N", "--fix", "D=40%", "-o", str(tmp_path / "d.png"))
    assert refused.exit_code == 2 and "hoffmann2022/parametric-loss takes D in tokens" in refused.output


@pytest.mark.parametrize("written, spelled", [
    ("B params", "billions of parameters"),
    ("billion parameters", "billions of parameters"),
    ("M params", "millions of parameters"),
    ("params", "parameters"),
    ("B tokens", "billions of tokens"),
    ("T tokens", "trillions of tokens"),
])
def test_a_shorthand_count_unit_is_refused_with_the_catalogs_spelling(written, spelled):
    """'B params' passed validation, and eval, covers and the plots, which read 'billions of
    parameters' as 1e9 parameters, took it for no multiple of a parameter count (no conversion,
    no absolute range); the validator now says what to write."""
    from pydantic import ValidationError

    from catalog.schema import Symbol

    with pytest.raises(ValidationError, match=f"write '{spelled}', the catalog's spelling of this unit"):
        Symbol(role="input", meaning="model size", unit=written, variable="model_parameters")
    assert Symbol(role="input", meaning="model size", unit=spelled).unit == spelled
    assert units.base_factor("model_parameters" if "param" in spelled else "data", spelled) is not None


def test_a_trailing_parenthetical_is_dropped_as_the_pattern_did_in_linear_time():
    """The unit's trailing parenthetical was dropped with re.sub(r"\\s*\\(.*\\)\\s*$", ...), tried
    at every '(' and space: 0.2 s on 20,000 of them, from a record or a --db's unit text. The
    one-pass replacement gives the pattern's result on every short text of the characters that
    matter, and reads hostile long ones as the short ones they resemble."""
    import random
    import re

    pattern = re.compile(r"\s*\(.*\)\s*$")
    rng = random.Random(5)
    alphabet = "( )\n\tab)\u00a0\u2003("
    for _ in range(50_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert units._without_parenthetical(text) == pattern.sub("", text), repr(text)
    opened = "billions of parameters" + " (" * 10_000
    assert units.base_factor("model_parameters", opened) is None  # never closed: kept, no such unit
    assert units.base_factor("model_parameters", opened + ")") == 1e9  # closed: dropped
    assert units.base_factor("compute", "PFLOPs" + " " * 20_000 + "(1e15 FLOPs)") == 1e15
    assert units.base_factor("compute", "PFLOPs (a\n(b)") is None  # '.' stops at a line break, as it did
    assert units.base_factor("data", "(" * 20_000 + "tokens") is None
