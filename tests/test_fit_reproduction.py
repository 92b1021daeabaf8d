"""catalog fit finds the global optimum on real data: it reproduces Besiroglu et al.'s (2024)
refit of Chinchilla's parametric loss from the 245 runs they released
(tests/data/besiroglu2024_svg_extracted_data.csv, from epoch-research/analyzing-chinchilla).

Their data_analysis.ipynb derives D = C / (6 N) and keeps the runs whose loss is below the fifth
highest (``nr_of_models_excluded = 5``), leaving 240 points. Minimising the Huber objective
(delta 1e-3, log space) there, its "Replicate exactly" cell prints A=477.84171252965143,
B=2143.8637880335505, E=1.817235504463726, alpha=0.34731265761033453, beta=0.3671826173946711.
The estimates the paper publishes (E=1.8172, A=482.01, B=2085.43, alpha=0.3478, beta=0.3658,
Table 1) differ slightly: A, B, alpha and beta are those the notebook's maximum-likelihood
variant of the objective prints (a Huber likelihood with a fitted scale: A 482.00572, B
2085.43420, alpha 0.34781, beta 0.36585), so the refit is held to within a tenth of the
published standard errors of them. The same constants are hoffmann2022's replication set besiroglu2024.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from catalog.engine import fit

DATA = Path(__file__).resolve().parent / "data" / "besiroglu2024_svg_extracted_data.csv"
EXCLUDED = 5  # data_analysis.ipynb: nr_of_models_excluded = 5

NOTEBOOK_HUBER_OPTIMUM = {"A": 477.84171252965143, "B": 2143.8637880335505, "E": 1.817235504463726,
                          "alpha": 0.34731265761033453, "beta": 0.3671826173946711}
PUBLISHED = {"E": 1.8172, "A": 482.01, "B": 2085.43, "alpha": 0.3478, "beta": 0.3658}
# The paper's bootstrap standard errors (Table 1; the record's besiroglu2024 constant set).
PUBLISHED_STDERR = {"E": 0.03, "A": 124.58, "B": 1293.23, "alpha": 0.02, "beta": 0.02}


def released_runs() -> dict[str, np.ndarray]:
    with DATA.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    n = np.array([float(r["Model Size"]) for r in rows])
    c = np.array([float(r["Training FLOP"]) for r in rows])
    loss = np.array([float(r["loss"]) for r in rows])
    keep = loss < np.sort(loss)[-EXCLUDED]  # the notebook's rule, ties with the cut excluded too
    return {"N": n[keep], "D": (c / (6 * n))[keep], "L": loss[keep]}


def test_released_data_and_exclusion_rule_give_240_points():
    runs = released_runs()
    assert len(runs["L"]) == 240
    assert runs["L"].max() < 3.6  # the dropped runs are the tiny-compute, high-loss ones


@pytest.fixture(scope="module")
def refit(by_id):
    return fit.fit(by_id["besiroglu2024"].laws[0], released_runs(), bootstrap=0)


@pytest.mark.slow
def test_fit_finds_the_notebooks_huber_optimum(refit):
    assert refit.points == 240
    for name, value in NOTEBOOK_HUBER_OPTIMUM.items():
        # B is the loosest constant (standard error 62%): the optimum is flat along it
        assert refit.values[name] == pytest.approx(value, rel=2e-3 if name in ("A", "B") else 2e-4), name


@pytest.mark.slow
def test_fit_reproduces_the_published_estimates_within_a_tenth_of_their_standard_errors(refit):
    for name, value in PUBLISHED.items():
        assert abs(refit.values[name] - value) <= 0.1 * PUBLISHED_STDERR[name], (name, refit.values[name])
