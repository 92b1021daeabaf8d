"""Prediction intervals from constant sets' standard errors and intervals: the documented
sampling, reproduced by hand; real records (Besiroglu et al. 2024 standard errors, Hoffmann et
al. 2022 Table 2 intervals); the CLI."""

from __future__ import annotations

import json
from statistics import NormalDist

import numpy as np
import pytest

from catalog.engine import evaluation as engine, sweep, uncertainty
from catalog.schema import Law
from catalog.store.reader import Store


SYMBOLS = {"L": {"role": "output", "meaning": "loss", "unit": "not stated"},
           "N": {"role": "input", "meaning": "size", "unit": "not stated"},
           "E": {"role": "parameter", "meaning": "E"}, "A": {"role": "parameter", "meaning": "A"},
           "alpha": {"role": "parameter", "meaning": "alpha"}}


def _law(expression, form="explicit", **uncertainty_fields) -> Law:
    return Law.model_validate({
        "id": "t", "name": "test", "dependent_variable": "loss", "form": form, "expression": expression,
        "symbols": SYMBOLS,
        "constant_sets": [{"id": "c", "label": "test", "provenance": "secondary", "source": "test", "values": {"E": 1.7, "A": 400.0, "alpha": 0.34},
                           **uncertainty_fields}]})


def numpy_law(n, E, A, alpha):
    return E + A / n**alpha


# ------------------------------------------------------------------- the method


def test_one_uncertain_exponent_through_a_monotone_law():
    # only alpha is uncertain and L falls with alpha: the interval is L at alpha's quantiles
    law = _law("E + A/N**alpha", stderr={"alpha": 0.02})
    ev = engine.evaluate(law, {"N": 1e9}, interval=0.95)
    z = NormalDist().inv_cdf(0.975)
    exact = (numpy_law(1e9, 1.7, 400.0, 0.34 + z * 0.02), numpy_law(1e9, 1.7, 400.0, 0.34 - z * 0.02))
    band = ev.interval
    assert band.low == pytest.approx(exact[0], rel=5e-3) and band.high == pytest.approx(exact[1], rel=5e-3)
    assert band.median == pytest.approx(ev.value, rel=2e-3)
    assert band.sampled == ["alpha"] and band.fixed == ["E", "A"]
    assert band.spreads[0].source == "standard error 0.02"


def test_matches_a_hand_written_monte_carlo(law):
    # the documented procedure, by hand: default_rng(seed), normal per parameter in order, quantiles
    ref = law("besiroglu2024")
    cs = next(c for c in ref.law.constant_sets if c.id == "besiroglu2024")
    n = np.array([1e8, 1e9, 7e10])
    d = 20 * n
    ev = engine.evaluate(ref, {"N": n, "D": d}, "besiroglu2024", interval=0.9, samples=4000, seed=7)
    rng = np.random.default_rng(7)
    draws = {p: rng.normal(cs.values[p], cs.stderr[p], 4000) for p in ("E", "A", "B", "alpha", "beta")}
    y = (draws["E"][:, None] + draws["A"][:, None] / n ** draws["alpha"][:, None]
         + draws["B"][:, None] / d ** draws["beta"][:, None])
    low, median, high = np.quantile(y, [0.05, 0.5, 0.95], axis=0)
    np.testing.assert_allclose(ev.interval.low, low, rtol=1e-12)
    np.testing.assert_allclose(ev.interval.high, high, rtol=1e-12)
    np.testing.assert_allclose(ev.interval.median, median, rtol=1e-12)
    assert ev.interval.dropped == 0 and ev.interval.fixed == []


def test_fixed_seed_is_reproducible_and_points_share_samples(law):
    ref = law("besiroglu2024")
    one = engine.evaluate(ref, {"N": "70B", "D": "1.4T"}, "besiroglu2024", interval=True)
    again = engine.evaluate(ref, {"N": "70B", "D": "1.4T"}, "besiroglu2024", interval=True)
    assert (one.interval.low, one.interval.high) == (again.interval.low, again.interval.high)
    assert (one.interval.samples, one.interval.seed, one.interval.level) == (10000, 0, 0.95)
    other = engine.evaluate(ref, {"N": "70B", "D": "1.4T"}, "besiroglu2024", interval=True, seed=1)
    assert other.interval.low != one.interval.low
    assert other.interval.low == pytest.approx(one.interval.low, rel=0.02)
    assert one.interval.low < one.value < one.interval.high
    # an array of points uses the same samples at every point: equal to one call per point
    grid = engine.evaluate(ref, {"N": np.array([1e9, 7e10]), "D": np.array([2e10, 1.4e12])}, "besiroglu2024", interval=True)
    assert grid.interval.low[1] == one.interval.low and grid.interval.high[1] == one.interval.high


def test_chunks_give_the_same_interval(law, monkeypatch):
    ref = law("besiroglu2024")
    n = np.logspace(8, 11, 37)
    whole = engine.evaluate(ref, {"N": n, "D": 1e11}, "besiroglu2024", interval=True, samples=1000)
    monkeypatch.setattr(uncertainty, "MAX_CELLS", 5000)  # five points per chunk
    chunked = engine.evaluate(ref, {"N": n, "D": 1e11}, "besiroglu2024", interval=True, samples=1000)
    np.testing.assert_array_equal(whole.interval.low, chunked.interval.low)
    np.testing.assert_array_equal(whole.interval.high, chunked.interval.high)


def test_intervals_as_normal_quantiles_reproduce_table_2(law):
    # Hoffmann et al. Table 2, Approach 2: a = 0.49 (0.462, 0.534), 10th and 90th percentiles.
    # R_N = k**a is monotone in a, so the 80% prediction interval is k**0.462 .. k**0.534.
    ev = engine.evaluate(law("hoffmann2022/parameter-growth-with-compute"), {"k": 100}, "approach2", interval=0.8)
    spread = ev.interval.spreads[0]
    assert spread.mean == pytest.approx(0.498) and spread.source == "80% interval [0.462, 0.534]"
    assert spread.sd == pytest.approx(0.036 / NormalDist().inv_cdf(0.9))
    assert ev.interval.low == pytest.approx(100**0.462, rel=3e-3)
    assert ev.interval.high == pytest.approx(100**0.534, rel=3e-3)
    assert ev.value == pytest.approx(100**0.49)


def test_value_outside_its_own_interval_is_noted(law):
    # Approach 3: a = 0.46 (0.454, 0.455): the rounded value lies outside its interval
    ev = engine.evaluate(law("hoffmann2022/parameter-growth-with-compute"), {"k": 100}, "approach3", interval=0.8)
    assert any("a=0.46 lies outside its own 80% interval [0.454, 0.455]" in n for n in ev.interval.notes)
    assert ev.interval.low == pytest.approx(100**0.454, rel=1e-3)
    assert ev.interval.high == pytest.approx(100**0.455, rel=1e-3)


def test_sign_changes_are_noted(law):
    ev = engine.evaluate(law("besiroglu2024"), {"N": 1e9, "D": 2e10}, "besiroglu2024", interval=True)
    note = next(n for n in ev.interval.notes if n.startswith("B: "))
    assert "% of the samples are not positive (standard error 1293.23 against a value of 2085.43)" in note


def test_no_recorded_uncertainty(law):
    ev = engine.evaluate(law("hoffmann2022"), {"N": 1e9, "D": 2e10}, interval=True)
    band = ev.interval
    assert band.low == band.high == band.median == ev.value
    assert band.spreads == [] and band.fixed == ["E", "A", "B", "alpha", "beta"]
    assert "records no standard errors or intervals" in band.notes[0]
    # the law's other sets that record them are named: Besiroglu et al.'s refit gives Chinchilla an interval
    assert band.notes[0].endswith("the interval is the value itself; besiroglu2024 records them "
                                  "(--constants besiroglu2024, or constant_set= in Python)")
    other = engine.evaluate(law("hoffmann2022"), {"N": 1e9, "D": 2e10}, "besiroglu2024", interval=True).interval
    assert other.low < other.high
    kaplan = engine.evaluate(law("kaplan2020"), {"N": 1e9, "D": 2e10}, interval=True).interval
    assert kaplan.notes[0].endswith("the interval is the value itself")  # no set of it records any


def test_overridden_parameters_are_held(law):
    ev = engine.evaluate(law("besiroglu2024"), {"N": 1e9, "D": 2e10}, "besiroglu2024", {"alpha": 0.35}, interval=True)
    assert ev.interval.fixed == ["alpha"] and "alpha" not in ev.interval.sampled
    assert any("overridden parameters are held at the given value: alpha" in n for n in ev.interval.notes)


def test_implicit_law_gives_the_same_interval():
    explicit = _law("E + A/N**alpha", stderr={"E": 0.03, "alpha": 0.01})
    implicit = _law("(L - E)*N**alpha - A", form="implicit", stderr={"E": 0.03, "alpha": 0.01})
    a = engine.evaluate(explicit, {"N": [1e8, 1e10]}, interval=True, samples=500).interval
    b = engine.evaluate(implicit, {"N": [1e8, 1e10]}, interval=True, samples=500).interval
    np.testing.assert_allclose(b.low, a.low, rtol=1e-9)
    np.testing.assert_allclose(b.high, a.high, rtol=1e-9)


def test_samples_where_the_law_is_undefined_are_dropped():
    # (N - E)**alpha is NaN when a sampled E exceeds N: those samples are left out and counted
    law = _law("(N - E)**alpha + 0*A", stderr={"E": 1.0})
    ev = engine.evaluate(law, {"N": 2.0}, interval=True, samples=2000)
    assert 0 < ev.interval.dropped < 2000 * 0.5
    assert np.isfinite(ev.interval.low) and ev.interval.low >= 0
    assert any("samples gave no finite L" in n for n in ev.interval.notes)


@pytest.mark.parametrize("kwargs,message", [
    ({"interval": 1.5}, "strictly between 0 and 1"), ({"interval": 0}, "strictly between 0 and 1"),
    ({"interval": "high"}, "level: 'high' is not a number"), ({"interval": True, "samples": 1}, "samples must be"),
    ({"interval": True, "samples": 2.5}, "samples must be"), ({"interval": True, "seed": -1}, "seed must be"),
    ({"interval": float("nan")}, "not a finite number"),
])
def test_bad_options_are_messages(law, kwargs, message):
    with pytest.raises(engine.EngineError, match=message):
        engine.evaluate(law("besiroglu2024"), {"N": 1e9, "D": 1e10}, "besiroglu2024", **kwargs)


# ------------------------------------------------------------------- sweep and the CLI


def test_sweep_adds_interval_columns(law):
    result = sweep.sweep(law("besiroglu2024"), {"N": "1e8..1e10:5", "D": "20N"}, "besiroglu2024", interval=0.8, samples=2000)
    assert list(result.columns) == ["N", "D", "L", "L_low", "L_high"]
    assert np.all(result.columns["L_low"] < result.columns["L_high"])
    doc = json.loads(result.to_json())
    assert doc["interval"]["level"] == 0.8 and doc["interval"]["samples"] == 2000 and "L_low" in doc["rows"][0]


def test_eval_interval_command(run, catalog_db):
    result = run("eval", "besiroglu2024@besiroglu2024", "N=70B", "D=1.4T", "--interval")
    assert result.exit_code == 0, result.output
    api = engine.evaluate(Store(catalog_db).law("besiroglu2024"), {"N": 7e10, "D": 1.4e12}, "besiroglu2024",
                          interval=True)
    line = next(l for l in result.stdout.splitlines() if l.startswith("  95% interval "))
    assert line == f"  95% interval {engine.fmt(api.interval.low)} to {engine.fmt(api.interval.high)} " \
                   f"(median {engine.fmt(api.interval.median)})"
    assert "    sampled: E ~ normal(1.8172, 0.03) from standard error 0.03;" in result.stdout
    assert "    without uncertainty (held at their value): none" in result.stdout
    assert "10000 samples, seed 0; parameters drawn independently" in result.stdout
    doc = json.loads(run("eval", "besiroglu2024@besiroglu2024", "N=70B", "D=1.4T", "--interval", "--level", "0.8",
                         "--samples", "3000", "--seed", "3", "--json").stdout)
    again = engine.evaluate(Store(catalog_db).law("besiroglu2024"), {"N": 7e10, "D": 1.4e12}, "besiroglu2024",
                            interval=0.8, samples=3000, seed=3)
    # the CLI evaluates on the fast numeric path: the same samples, summed in another order
    assert doc["interval"]["low"] == pytest.approx(again.interval.low, rel=1e-12)
    assert doc["interval"]["high"] == pytest.approx(again.interval.high, rel=1e-12)
    assert [s["name"] for s in doc["interval"]["sampled"]] == ["E", "A", "B", "alpha", "beta"]


def test_eval_interval_without_uncertainty_says_so(run):
    result = run("eval", "hoffmann2022", "N=1B", "D=20B", "--interval")
    assert result.exit_code == 0, result.output
    assert "  95% interval: none (no standard errors or intervals recorded)" in result.stdout
    assert "records no standard errors or intervals" in result.stderr


def test_bad_level_on_the_command_line(run):
    result = run("eval", "besiroglu2024@besiroglu2024", "N=70B", "D=1.4T", "--interval", "--level", "95")
    assert result.exit_code == 2 and result.stderr.startswith("error: level: the interval's level must lie strictly")


def test_sweep_interval_command(run):
    result = run("sweep", "besiroglu2024@besiroglu2024", "N=1e9,1e10", "D=20N", "--interval", "--samples", "2000")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "N [parameters],D [tokens],L [nats/token],L_low [nats/token],L_high [nats/token]" and len(lines) == 3


# ------------------------------------------------------------------- plot bands


def test_plot_draws_a_band_only_where_uncertainty_is_recorded(law, tmp_path):
    from catalog.engine import plotting

    out = tmp_path / "band.png"
    result = plotting.plot([(law("besiroglu2024"), "besiroglu2024"), (law("hoffmann2022"), None)], "N", out,
                           fixes={"D": "1.4T"}, points=40, interval=0.9, samples=2000)
    with_band, without = result.series
    low, high = with_band.band
    assert with_band.band_level == 0.9 and low.shape == high.shape == with_band.y.shape
    assert np.all(low < high)
    assert np.mean((low <= with_band.y) & (with_band.y <= high)) > 0.9
    assert without.band is None
    assert any("records no standard errors or intervals" in n for n in result.notes)
    assert out.stat().st_size > 1000


def test_plot_cli_interval(run, tmp_path):
    out = tmp_path / "band.svg"
    result = run("plot", "besiroglu2024@besiroglu2024", "--x", "N", "--fix", "D=1.4T", "--interval", "--level", "0.8",
                 "--samples", "500", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "80% prediction interval" in out.read_text(encoding="utf-8")
