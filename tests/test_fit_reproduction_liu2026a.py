"""catalog fit reproduces the two time-constrained laws of Liu (2026, arXiv:2603.28823v1) from the 8
per-budget optima the paper prints (tests/data/liu2026a_time_optima.csv, from Tables 1 and 3).

The paper does not name its fitting procedure. Least squares in linear space (the fitter's mean squared
error, space 'linear') reproduces both: Eq. (2), N*(t) = 14.20 t^0.595 (R^2 = 0.963), when the tied 2 h
optimum is the D14/D16 average 243M that Section 4.2 names (D14 alone gives alpha 0.611, D16 alone 0.580),
and Eq. (3), L*(t) = 1.223 t^-0.061 (R^2 = 0.971). The standard error of alpha from the same fit's Jacobian
(scipy's curve_fit covariance), 0.067, is the printed '0.595 ± 0.067'. A fit of the logarithms gives other constants (0.558 and -0.059), so
the space matters.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import curve_fit

from catalog.engine import fit

DATA = Path(__file__).resolve().parent / "data" / "liu2026a_time_optima.csv"


def optima() -> dict[str, np.ndarray]:
    with DATA.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return {column: np.array([float(r[column]) for r in rows]) for column in ("t", "N_opt", "L_opt")}


def law_of(by_id, law_id):
    (law,) = [law for law in by_id["liu2026a"].laws if law.id == law_id]
    return law


def refit(by_id, law_id, output):
    """The law refitted by least squares in linear space over the eight optima (the paper names no
    procedure; this one reproduces both printed fits)."""
    points = optima()
    return fit.fit(law_of(by_id, law_id), {"t": points["t"], output: points[output]},
                   objective="mse", space="linear", bootstrap=0)


def test_the_points_are_the_eight_budgets_of_section_3_4():
    points = optima()
    assert list(points["t"]) == [5, 30, 60, 120, 240, 480, 720, 1440]
    assert points["N_opt"][3] == pytest.approx((200.9 + 285.2) / 2, abs=0.1)  # the '243M' of Section 4.2


def test_model_size_fit_reproduces_eq2(by_id):
    found = refit(by_id, "time-optimal-model-size", "N_opt")
    assert abs(found.values["a"] - 14.20) <= 0.005, found.values
    assert abs(found.values["alpha"] - 0.595) <= 0.0005, found.values
    assert round(found.r2, 3) == 0.963


def test_the_printed_plus_minus_is_the_standard_error_of_that_fit():
    """catalog fit's uncertainties come from the bootstrap; the printed 0.067 is the Jacobian standard error
    of the least-squares fit (scipy's curve_fit covariance), which this checks."""
    points = optima()
    values, covariance = curve_fit(lambda t, a, alpha: a * t ** alpha, points["t"], points["N_opt"], p0=[14.0, 0.6])
    assert values == pytest.approx([14.20, 0.595], abs=5e-3)
    assert round(float(np.sqrt(covariance[1, 1])), 3) == 0.067


def test_loss_fit_reproduces_eq3(by_id):
    found = refit(by_id, "time-optimal-loss", "L_opt")
    assert abs(found.values["A"] - 1.223) <= 0.0005, found.values
    assert abs(found.values["b"] - 0.061) <= 0.0005, found.values
    assert round(found.r2, 3) == 0.971
