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


def test_the_frontiers_numbers_are_what_it_draws(laws, tmp_path):
    """frontier.numbers: each law's N_opt, D_opt, L_opt and D_opt/N_opt at the budgets frontier draws, in the
    same units, with whether the optimum lies in the fitted ranges (the image's solid part)."""
    found = frontier.numbers([(t, None) for t in laws], budgets="1e20..1e26:7")
    assert [c.law for c in found.curves] == [t.id for t in laws]
    for what, name in (("N_opt", "N_opt"), ("D_opt", "D_opt"), ("L_opt", "L_opt"), ("D_opt/N_opt", "tokens_per_parameter")):
        drawn = frontier.frontier([(t, None) for t in laws], what, tmp_path / "f.svg", budgets="1e20..1e26:7")
        for s, c in zip(drawn.series, found.curves):
            np.testing.assert_array_equal(c.C, s.x)
            np.testing.assert_allclose(getattr(c, name), s.y, rtol=1e-12)
            np.testing.assert_array_equal(c.fitted & np.isfinite(s.y), s.fitted)
    assert found.warnings == drawn.warnings and found.notes == drawn.notes
    rows = found.rows()
    assert len(rows) == 7 * len(laws) and list(rows[0]) == list(frontier.Frontier.COLUMNS)
    assert (rows[0]["law"], rows[0]["C"], rows[0]["unit"]) == ("hoffmann2022/parametric-loss", 1e20, "nats/token")


def test_the_frontiers_csv_runs_no_formula(laws):
    """The law's unit is record text: a unit a spreadsheet would run stays text, the numbers stay numbers."""
    import csv
    import io
    from dataclasses import replace

    found = frontier.numbers([(laws[0], None)], budgets="1e20..1e22:2")
    found.curves[0] = replace(found.curves[0], unit='=HYPERLINK("http://x.org","y")')
    found.curves[0].L_opt[1] = np.nan  # no optimum at a budget: an empty cell, null in JSON
    rows = list(csv.DictReader(io.StringIO(found.to_csv())))
    assert rows[0]["unit"] == "'=HYPERLINK(\"http://x.org\",\"y\")" and rows[1]["L_opt"] == ""
    assert float(rows[0]["N_opt"]) == found.curves[0].N_opt[0] and rows[0]["in_fitted_range"] == "true"


def test_plot_x_c_to_a_csv_or_json_file_writes_the_numbers(run, laws, tmp_path):
    import csv
    import io
    import json

    # the command's laws are read from the database, the fixture's from the records: the splits agree
    # to rounding (a closed form evaluated from its stored tree), hence allclose, not the same text
    api = frontier.numbers([(t, None) for t in laws], budgets="1e20..1e26", points=9)
    for suffix in (".csv", ".json"):
        out = tmp_path / f"frontier{suffix}"
        result = run("plot", *FIVE, "--x", "C", "--range", "1e20..1e26", "--points", "9", "-o", str(out))
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith(f"wrote {out} (hoffmann2022/parametric-loss, ")
        assert all(f"warning: {w}" in result.stderr for w in api.warnings)
    rows = list(csv.DictReader(io.StringIO((tmp_path / "frontier.csv").read_text(encoding="utf-8"))))
    expected = api.rows()
    assert [(r["law"], r["constant_set"], r["unit"], r["in_fitted_range"]) for r in rows] == [
        (r["law"], r["constant_set"], r["unit"], str(r["in_fitted_range"]).lower()) for r in expected]
    for column in ("C", "N_opt", "D_opt", "L_opt", "D_opt/N_opt"):
        np.testing.assert_allclose([float(r[column] or "nan") for r in rows], [r[column] for r in expected], rtol=1e-9)
    doc = json.loads((tmp_path / "frontier.json").read_text(encoding="utf-8"))
    assert [c["law"] for c in doc["curves"]] == [c.law for c in api.curves] and doc["k"] == 6
    np.testing.assert_allclose(doc["curves"][0]["N_opt"], api.curves[0].N_opt, rtol=1e-9)
    assert doc["curves"][0]["in_fitted_range"] == api.curves[0].fitted.tolist()
    titled = run("plot", "hoffmann2022", "--x", "C", "--title", "t", "-o", str(tmp_path / "t.csv"))
    assert titled.exit_code == 2 and "--title names an image" in titled.output
    # a curve that is no frontier: the command that gives its numbers, not 'cannot tell the image format'
    curve = run("plot", "hoffmann2022", "--x", "N", "D=20N", "-o", str(tmp_path / "n.csv"))
    assert curve.exit_code == 2 and "catalog sweep hoffmann2022 N=LOW..HIGH --format csv" in curve.output
    assert not (tmp_path / "n.csv").exists()


STATED = ["hoffmann2022/parametric-loss", "hoffmann2022/compute-optimal-parameters",
          "hoffmann2022/compute-optimal-parameters@wikipedia", "kaplan2020/compute-optimal-model-size"]
PF_DAY = 8.64e19  # FLOPs (Kaplan et al. 2020, Section 2.1)


def _targets(law, refs):
    return [(law(ref.partition("@")[0]), ref.partition("@")[2] or None) for ref in refs]


def test_laws_stating_n_opt_of_c_are_drawn_beside_the_splits(law, catalog_db, tmp_path):
    """N_opt(C) as Chinchilla's direct fit and Kaplan's N_opt(C_min) (in PF-days) state it, beside
    the split derived from Chinchilla's loss: each curve says which it is, the budget is FLOPs for
    all, and a stated curve is the law's own value there, as catalog.open().law evaluates it."""
    import catalog

    before = frontier.applies([law("hoffmann2022"), law("kaplan2020/compute-optimal-model-size")], "C")
    assert before  # was False: a law with a compute input turned the frontier off
    targets = _targets(law, STATED)
    found = frontier.numbers(targets, budgets="1e20..1e26:7")
    assert [(c.law, c.constant_set, c.how) for c in found.curves] == [
        ("hoffmann2022/parametric-loss", "hoffmann2022", "derived"),
        ("hoffmann2022/compute-optimal-parameters", "approach3", "direct"),
        ("hoffmann2022/compute-optimal-parameters", "wikipedia", "direct"),
        ("kaplan2020/compute-optimal-model-size", "kaplan2020", "direct")]
    budgets = np.logspace(20, 26, 7)
    with catalog.open(catalog_db) as cat:
        chinchilla = cat.law("hoffmann2022/compute-optimal-parameters")
        kaplan = cat.law("kaplan2020/compute-optimal-model-size")
        np.testing.assert_allclose(found.curves[1].N_opt, chinchilla(C=budgets), rtol=1e-12)
        np.testing.assert_allclose(found.curves[2].N_opt, chinchilla(C=budgets, constant_set="wikipedia"), rtol=1e-12)
        np.testing.assert_allclose(found.curves[3].N_opt, kaplan(C_min=budgets / PF_DAY), rtol=1e-12)
        split = cat.law("hoffmann2022").optimal().along(budgets)
    np.testing.assert_allclose(found.curves[0].N_opt, split["N_opt"], rtol=1e-9)
    # Chinchilla's closed form N_opt = G (C/6)^a is its loss law's split: the two curves meet
    np.testing.assert_allclose(found.curves[1].N_opt, found.curves[0].N_opt, rtol=1e-5)
    for c in found.curves[1:]:  # a stated N_opt(C) has no D_opt, L_opt or ratio
        assert np.isnan(c.D_opt).all() and np.isnan(c.L_opt).all() and c.unit == ""
    # dashed beyond the fitted range of C: Chinchilla's runs span 1.397e18..1.296e22 FLOPs
    assert found.curves[1].fitted.tolist() == [True, True, True, False, False, False, False]
    rows = found.rows()
    assert rows[7]["how"] == "direct" and list(rows[0]) == list(frontier.Frontier.COLUMNS)
    drawn = frontier.frontier(targets, "N_opt", tmp_path / "n.svg", budgets="1e20..1e26:7")
    assert [s.label for s in drawn.series] == [
        "hoffmann2022/parametric-loss (derived)", "hoffmann2022/compute-optimal-parameters (direct)",
        "hoffmann2022/compute-optimal-parameters @ wikipedia (direct)", "kaplan2020/compute-optimal-model-size (direct)"]
    for s, c in zip(drawn.series, found.curves):
        np.testing.assert_allclose(s.y, c.N_opt, rtol=1e-12)
        np.testing.assert_array_equal(s.fitted, c.fitted)
    assert any("C_min in PF-days" in w or "compute counted" in w for w in drawn.warnings)


def test_laws_stating_d_opt_of_c_take_the_d_opt_frontier_and_refuse_another(law, catalog_db, tmp_path):
    import catalog

    targets = _targets(law, ["hoffmann2022", "kaplan2020/compute-optimal-data"])
    drawn = frontier.frontier(targets, "D_opt", tmp_path / "d.png", budgets="1e20..1e24:5")
    with catalog.open(catalog_db) as cat:
        want = cat.law("kaplan2020/compute-optimal-data")(C_min=np.logspace(20, 24, 5) / PF_DAY)
    np.testing.assert_allclose(drawn.series[1].y, want, rtol=1e-12)
    with pytest.raises(engine.EngineError, match="states D_opt\\(C\\) directly, not N_opt: draw it with --y D_opt"):
        frontier.frontier(targets, "N_opt", tmp_path / "d.png")
    with pytest.raises(engine.EngineError, match="states D_opt\\(C\\) directly, not L_opt"):
        frontier.frontier(targets, "L_opt", tmp_path / "d.png")
    # a law of compute that states no allocation (Kaplan's L(C_min)) keeps plot --x C its own curve
    assert not frontier.applies([law("hoffmann2022"), law("kaplan2020/loss-compute")], "C")
    assert frontier.direct(law("kaplan2020/loss-compute").law) is None
    assert frontier.direct(law("hoffmann2022/parameter-growth-with-compute").law) is None  # a ratio, no count


def test_plot_x_c_y_n_opt_draws_and_writes_stated_laws_with_the_splits(run, law, tmp_path):
    import csv
    import io

    refs = STATED
    api = frontier.numbers(_targets(law, refs), budgets="1e20..1e26", points=9)
    out = tmp_path / "f.csv"
    result = run("plot", *refs, "--x", "C", "--y", "N_opt", "--range", "1e20..1e26", "--points", "9", "-o", str(out))
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [(r["law"], r["constant_set"], r["how"], r["in_fitted_range"]) for r in rows] == [
        (r["law"], r["constant_set"], r["how"], str(r["in_fitted_range"]).lower()) for r in api.rows()]
    np.testing.assert_allclose([float(r["N_opt"]) for r in rows], [r["N_opt"] for r in api.rows()], rtol=1e-9)
    image = run("plot", *refs, "--x", "C", "--y", "N_opt", "--range", "1e20..1e26", "-o", str(tmp_path / "f.png"))
    assert image.exit_code == 0, image.output
    assert "hoffmann2022/parametric-loss (derived), hoffmann2022/compute-optimal-parameters (direct)" in image.stdout
    wrong = run("plot", *refs, "--x", "C", "-o", str(tmp_path / "f.png"))  # L_opt by default
    assert wrong.exit_code != 0 and "states N_opt(C) directly, not L_opt: draw it with --y N_opt" in wrong.output
