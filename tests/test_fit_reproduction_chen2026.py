"""catalog fit reproduces the compute exponents of Chen, Vegesna, Dahal and Wilson (2026,
arXiv:2609.19107) from the FineWeb ladders they released (tests/data/chen2026_fineweb_ladders.csv,
from qlabs-eng/scaling-exponents).

Their plotting_scripts/common.py fits Eq. (1), L(C) = E + A (C / 1e18)^-gamma, on the Vanilla ladder
(fit_power_law: least squares with E free, then a Huber refit whose threshold is
1.345 MAD / 0.67449 of the least-squares residuals) and holds that E for every arm, whose exponent is
the slope of an ordinary regression of log(L - E) on log C (fit_power_law_fixed_irreducible).

Here the first stage is the catalog fitter on the record's law of that form (downstream-task-nll,
E + A*(C/1e18)**(-alpha)): mean squared error in linear space, then Huber with the threshold computed
the same way. The second stage is the record's ratio law Q = k^-gamma: with k = C / C_bar and
Q = (L - E) / exp(mean log(L - E)), C_bar the geometric mean compute of the ladder (where the
regression line passes through the mean of the logs), the fitter's mean squared error in log space
is the regression through the centred logs, whose slope is the ordinary regression's. Every exponent
rounds to the value printed in the Figure 16 legends (four decimals).
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from catalog.engine import fit

DATA = Path(__file__).resolve().parent / "data" / "chen2026_fineweb_ladders.csv"

# Figure 16 legends (arXiv:2609.19107), C^-gamma per arm, as printed
FIGURE_16 = {"vanilla": 0.1112, "deep_vanilla": 0.1114, "operator_1": 0.1143, "loop_2": 0.1141,
             "untied_2": 0.1141, "loop_grow": 0.1159, "untied_grow": 0.1168}


def ladders() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Each arm's (compute FLOPs, final validation loss), as common.load_ladders_csv reads them."""
    arms: dict[str, list[tuple[float, float]]] = {}
    with DATA.open(newline="", encoding="utf-8") as handle:
        for r in csv.DictReader(handle):
            arms.setdefault(r["arm"], []).append((float(r["compute_flops"]), float(r["val_loss"])))
    return {arm: (np.array([c for c, _ in pts]), np.array([loss for _, loss in pts])) for arm, pts in arms.items()}


def huber_scale(residual: np.ndarray) -> float:
    """common.huber_scale: 1.345 x the normal-consistent MAD of the residuals (at least 1e-6)."""
    mad = np.median(np.abs(residual - np.median(residual)))
    return max(float(1.345 * mad / 0.67448975), 1e-6)


def law(by_id, law_id):
    (found,) = [law for law in by_id["chen2026"].laws if law.id == law_id]
    return found


@pytest.fixture(scope="module")
def vanilla_irreducible(by_id) -> float:
    eq1 = law(by_id, "downstream-task-nll")  # E + A*(C/1e18)**(-alpha), Eq. (1)'s form
    compute, loss = ladders()["vanilla"]
    runs = {"C": compute, eq1.output_symbol: loss}
    ordinary = fit.fit(eq1, runs, objective="mse", space="linear", bootstrap=0)
    v = ordinary.values
    residual = v["E"] + v["A"] * (compute / 1e18) ** (-v["alpha"]) - loss
    robust = fit.fit(eq1, runs, objective="huber", delta=huber_scale(residual), space="linear", bootstrap=0)
    assert robust.values["E"] < loss.min()
    return robust.values["E"]


def test_the_record_stores_the_printed_exponents(by_id):
    sets = {s.id: s.values["gamma"] for s in law(by_id, "compute-optimal-loss-exponent").constant_sets}
    for arm, gamma in FIGURE_16.items():
        assert sets[arm.replace("_", "-")] == gamma, arm


@pytest.mark.slow
@pytest.mark.parametrize("arm", sorted(FIGURE_16))
def test_fit_reproduces_the_figure_16_exponents(by_id, vanilla_irreducible, arm):
    compute, loss = ladders()[arm]
    log_c, log_r = np.log(compute), np.log(loss - vanilla_irreducible)
    runs = {"k": np.exp(log_c - log_c.mean()), "Q": np.exp(log_r - log_r.mean())}
    refit = fit.fit(law(by_id, "compute-optimal-loss-exponent"), runs, objective="mse", space="log", bootstrap=0)
    assert abs(refit.values["gamma"] - FIGURE_16[arm]) <= 0.5e-4, (arm, refit.values["gamma"])
