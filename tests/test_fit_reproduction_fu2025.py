"""catalog fit reproduces the averaged-environment data-efficiency fits of Fu et al. (2025, Eq. 7.1,
Appendix C) from the points the authors released with them (tests/data/fu2025_dmc_last_threshold_250522.csv
and tests/data/fu2025_dog_humanoid_last_threshold_250522.csv, from prestonfu/model_scaling
scripts/experiments/saved_fits/).

Each file is the last-threshold (J_max) table that scripts/experiments/utd_x_width_x_bs/scaling_laws_dmc.ipynb
(make_averaged_threshold_dfs, cell 25) writes: one row per UTD ratio (utd) and critic size (critic_params)
with the median-normalized data efficiency averaged over the suite's tasks (time), and the fit's prediction
(time_sum_powerlaw). The notebook fits time on (utd, critic_params) with insert_predictions_sum_powerlaw(...,
log_loss=True): every row with a finite time (scripts/core/bootstrapping.py _insert_predictions_bivariate),
20 for DMC-medium (UTD 1 to 15) and 16 for DMC-hard (UTD 1 already left out by scripts/constants.py,
THRESHOLD_FILTER 'utd > 1'), mean squared error of log predictions (scripts/core/fitting.py
sum_of_powerlaw_log_loss), one L-BFGS-B run from softplus parameters of zero. The fitted constants are
stored in saved_fits/*_multiple_thresholds_250522.npy (the record's constant sets dmc-medium-averaged and
dmc-hard-averaged, e.g. D_min = 371869.57661732717, a = 1.2605905522109953 for DMC-medium); the file's
time_sum_powerlaw column is the law evaluated at them. Minimising the same objective (mean squared error in
log space), catalog fit finds them to 2e-6 relative (the authors' L-BFGS-B stops at its default tolerance).
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from catalog.engine import fit

DATA = Path(__file__).resolve().parent / "data"
FILES = {"dmc-medium-averaged": ("fu2025_dmc_last_threshold_250522.csv", 20),
         "dmc-hard-averaged": ("fu2025_dog_humanoid_last_threshold_250522.csv", 16)}


def released_points(set_id: str) -> dict[str, np.ndarray]:
    with (DATA / FILES[set_id][0]).open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return {"sigma": np.array([float(r["utd"]) for r in rows]),
            "N": np.array([float(r["critic_params"]) for r in rows]),
            "D_J": np.array([float(r["time"]) for r in rows]),
            "prediction": np.array([float(r["time_sum_powerlaw"]) for r in rows])}


def _law_and_set(by_id, set_id):
    (law,) = [law for law in by_id["fu2025"].laws if law.id == "data-efficiency"]
    return law, {s.id: s for s in law.constant_sets}[set_id].values


@pytest.mark.parametrize("set_id", sorted(FILES))
def test_released_predictions_are_the_law_at_the_stored_constants(by_id, set_id):
    law, c = _law_and_set(by_id, set_id)
    runs = released_points(set_id)
    assert len(runs["D_J"]) == FILES[set_id][1] and np.isfinite(runs["D_J"]).all()
    predicted = c["D_min"] * (1 + (c["a"] / runs["sigma"]) ** c["alpha"] + (c["b"] / runs["N"]) ** c["beta"])
    assert predicted == pytest.approx(runs["prediction"], rel=1e-12)


@pytest.mark.slow
@pytest.mark.parametrize("set_id", sorted(FILES))
def test_fit_reproduces_the_released_constants(by_id, set_id):
    law, published = _law_and_set(by_id, set_id)
    runs = released_points(set_id)
    refit = fit.fit(law, {k: runs[k] for k in ("sigma", "N", "D_J")}, objective="mse", space="log", bootstrap=0)
    assert refit.points == FILES[set_id][1]
    for name, value in published.items():
        assert refit.values[name] == pytest.approx(value, rel=2e-6), name
