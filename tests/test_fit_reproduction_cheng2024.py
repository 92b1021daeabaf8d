"""catalog fit reproduces the frontier fits that Cheng et al.'s (2024, arXiv:2411.02142)
plot_examples/scaling_law_fit_example.ipynb prints for the CLM runs they released
(cxysteven/ScalingProteinLM, data/training_logs/gpt_valid/approach3_flops, 123 TensorBoard CSV exports).

The notebook's find_minimum_value builds a lowest-loss envelope: one target compute per run (the least
of its last 10 logged GFLOPs values), and at each target the lowest validation loss of any run logged
within 1e9 GFLOPs of it, with that run's model size and data size. The 115 envelope points are in
tests/data/cheng2024_clm_frontier.csv (derivation in tests/data/README.md). fit_data then fits
a x^b by scipy curve_fit (least squares) three times and prints:
"Approach1 Exponential Coeff: [ 2.36060057 -0.02492932]" (loss against C / 8.64e19, the record's
clm-loss-compute-frontier), "[0.0030879 0.5574533]" (model size against C, clm-optimal-model-size set
notebook-refit) and "[130.19597934   0.42614584]" (data size against C, clm-optimal-data set
notebook-envelope). The catalog fitter (mean squared error, linear space) reproduces the first two to
their printed digits; the third to 2e-6 relative (curve_fit stops early along its flat direction).
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from catalog.engine import fit

DATA = Path(__file__).resolve().parent / "data" / "cheng2024_clm_frontier.csv"


def envelope() -> dict[str, np.ndarray]:
    with DATA.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return {name: np.array([float(r[name]) for r in rows]) for name in rows[0]}


def law(by_id, law_id):
    (found,) = [law for law in by_id["cheng2024"].laws if law.id == law_id]
    return found


def refit(by_id, law_id, column):
    the_law = law(by_id, law_id)
    points = envelope()
    return fit.fit(the_law, {"C": points["flops"], the_law.output_symbol: points[column]}, objective="mse",
                   space="linear", bootstrap=0).values


def test_the_envelope_has_the_notebooks_115_points():
    points = envelope()
    assert len(points["flops"]) == 115
    assert np.all(np.diff(points["flops"]) > 0)


@pytest.mark.slow
def test_fit_reproduces_the_printed_loss_frontier(by_id):
    values = refit(by_id, "clm-loss-compute-frontier", "min_loss")  # a (C / 8.64e19)^b, P fixed in the law
    assert round(values["a"], 8) == 2.36060057
    assert round(values["b"], 8) == -0.02492932


@pytest.mark.slow
def test_fit_reproduces_the_printed_model_size_frontier(by_id):
    values = refit(by_id, "clm-optimal-model-size", "model_size")
    assert round(values["k"], 7) == 0.0030879
    assert round(values["a"], 7) == 0.5574533


@pytest.mark.slow
def test_fit_reproduces_the_printed_data_size_frontier(by_id):
    values = refit(by_id, "clm-optimal-data", "data_size")
    assert values["k"] == pytest.approx(130.19597934, rel=2e-6)
    assert values["b"] == pytest.approx(0.42614584, rel=2e-6)
