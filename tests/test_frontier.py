"""The compute-optimal frontier plot: N_opt(C), D_opt(C), L_opt(C) of loss laws over a range of budgets."""

from __future__ import annotations

import numpy as np
import pytest

from catalog.engine import evaluation as engine, frontier, optimal

FIVE = ["hoffmann2022", "besiroglu2024", "kaplan2020/loss-n-d", "hu2024/loss-n-d", "zhang2026b/chinchilla-baseline"]


@pytest.fixture(scope="module")
def laws(law):
    return [law(ref) for ref in FIVE]


def test_each_curve_is_the_split_catalog_optimal_finds_at_each_budget(laws, tmp_path):
    for what in ("N_opt", "D_opt", "L_opt", "D_opt/N_opt"):
        result = frontier.frontier([(t, None) for t in laws[:2]], what, tmp_path / "f.svg", budgets="1e20..1e26:7")
        assert (tmp_path / "f.svg").stat().st_size > 0
        for t, s in zip(laws[:2], result.series):
            at = optimal.compute_optimal(t).at(s.x)
            n, d, loss = at["N_opt"], at["D_opt"], at["L_opt"]
            expected = {"N_opt": n, "D_opt": d, "L_opt": loss, "D_opt/N_opt": d / n}[what]
            np.testing.assert_allclose(s.y, expected, rtol=1e-9)
            assert np.allclose(s.x, np.logspace(20, 26, 7))
    # Chinchilla at 1e24 FLOPs, as catalog optimal prints it: N_opt = 4.12967e10
    result = frontier.frontier([(laws[0], None)], "N_opt", tmp_path / "c.png", budgets="1e24..1e25:2")
    assert engine.fmt(result.series[0].y[0]) == "4.12967e+10"


def test_a_law_in_other_units_is_split_in_flops_and_drawn_in_plain_counts(laws, tmp_path):
    # zhang2026b's baseline takes N in millions of parameters and D in billions of tokens: the budget
    # is still FLOPs = 6 * parameters * tokens, and the split found is the least loss along it
    t = laws[4]
    result = frontier.frontier([(t, None)], "N_opt", tmp_path / "z.png", budgets="1e20..1e24:3")
    law = t.law
    fn, fd = (frontier._counted(law, t.id, name, var, noun) for name, var, noun in
              (("N", "model_parameters", "parameters"), ("D", "data", "tokens")))
    assert (fn, fd) == (1e6, 1e9)
    for c, n_opt in zip(result.series[0].x, result.series[0].y):
        n = np.logspace(np.log10(n_opt) - 1, np.log10(n_opt) + 1, 2001)  # parameters, around the optimum
        loss = engine.compute(law, {"N": n / fn, "D": c / (6 * n) / fd}, engine.resolve_constants(t, None).values)
        assert abs(np.log(n[int(np.argmin(loss))] / n_opt)) < 2e-3


def test_curves_are_dashed_beyond_the_fitted_ranges_and_warned_of(laws, tmp_path):
    result = frontier.frontier([(laws[0], None)], "N_opt", tmp_path / "f.png", budgets="1e20..1e26")
    s = result.series[0]
    # Chinchilla's N in [7e7, 1.6e10], D in [5e9, 5e11]: solid at 1e20 FLOPs, dashed at 1e26
    assert s.fitted[0] and not s.fitted[-1]
    assert s.x_fitted[0] == 1e20 and 1e22 < s.x_fitted[1] < 1e23
    assert any(w.startswith("extrapolation: ") and "fitted range N in [7e+07, 1.6e+10]" in w for w in result.warnings)
    # the default budgets are the fitted ranges' widened: their reach beyond is a note, not a warning
    default = frontier.frontier([(laws[0], None)], "L_opt", tmp_path / "d.png")
    assert not default.warnings and any("default budgets" in n for n in default.notes)


def test_refusals_say_why(laws, law, tmp_path):
    with pytest.raises(engine.EngineError, match="one of N_opt, D_opt, L_opt"):
        frontier.frontier([(laws[0], None)], "accuracy", tmp_path / "f.png")
    with pytest.raises(engine.MissingInput, match="give values for U"):
        frontier.frontier([(law("muennighoff2023/data-constrained-loss-nd"), None)], "N_opt", tmp_path / "f.png")
    held = frontier.frontier([(law("muennighoff2023/data-constrained-loss-nd"), None), (laws[0], None)], "N_opt",
                             tmp_path / "f.png", budgets="1e20..1e22", fixes={"U": 1e11})
    assert "hoffmann2022/parametric-loss has no input U; U=1e+11 does not apply to it" in held.notes
    with pytest.raises(engine.EngineError, match="needs a law in model size and data"):
        frontier.frontier([(law("bi2024"), None)], "N_opt", tmp_path / "f.png")


def test_plot_x_c_over_loss_laws_in_n_and_d_draws_their_frontier(run, laws, tmp_path):
    # before: 'no law given has an input 'C' ...; a loss in model size and data is not plotted against compute here'
    out = tmp_path / "cli.png"
    result = run("plot", *FIVE, "--x", "C", "--y", "N_opt", "--range", "1e20..1e26", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"wrote {out} (hoffmann2022/parametric-loss, besiroglu2024/parametric-loss, ")
    assert "compute-optimal N_opt against C" in result.stdout
    api = frontier.frontier([(t, None) for t in laws], "N_opt", tmp_path / "api.png", budgets="1e20..1e26")
    assert out.read_bytes() == (tmp_path / "api.png").read_bytes()
    assert all(f"warning: {w}" in result.stderr for w in api.warnings)
    # --y outside a frontier, a law of a paper without a loss to split, --interval along it: one line each
    assert "--y is the quantity of a compute-optimal frontier" in run("plot", "hoffmann2022", "--x", "N", "D=20N",
                                                                       "--y", "N_opt", "-o", str(out)).output
    no_loss = run("plot", "hoffmann2022", "pearce2024", "--x", "C", "-o", str(out))
    assert no_loss.exit_code == 2 and "pearce2024/total-from-non-embedding-parameters is no loss law" in no_loss.output
    assert "not drawn along the compute-optimal frontier" in run("plot", "hoffmann2022", "--x", "C", "--interval",
                                                                 "-o", str(out)).output
