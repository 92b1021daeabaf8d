"""catalog fit reproduces the critical-batch-size fits of Zhang et al. (ICLR 2025, arXiv:2410.21676) from the
steps to target loss they fit (tests/data/zhang2024b_chinchilla_steps.csv, the ``results`` dict of the fitting
cell of hlzhang109/critical-batch-size plots/chinchilla.ipynb).

For each of the five Chinchilla-setting models (85M to 1.2B) the notebook fits S = a + b/B to the steps at nine
batch sizes (64 to 16384) by ``curve_fit(log_power_law, batch_sizes, np.log(steps))``: least squares on log
steps, every point. It then solves each model's critical batch size from ``b - 5*a*cbs + 5*a*1.2*256 = 0``
(cbs = b / (5 a) + 307.2) and fits B_crit = d N^beta to the five (N in millions) twice, on log CBS
(``log_two_param_cbs_law``, the record's 'log-scale' set) and on CBS itself (``two_param_cbs_law``,
'linear-scale'). The saved outputs print every constant at full precision (e.g. 1.2B: a = 3897.306597333535,
b = 43381130.22429582; 'Formula:  cbs = 93.196814043949 * model_size^(0.4682782328130422)'), and the record
stores those digits. catalog fit (mean squared error, log or linear space as the notebook) finds them to 1e-6
relative (curve_fit stops at about 2e-7 from the optimum), and the chain from the steps refits to the CBS law
gives its constants to 1e-6 too.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from catalog.engine import fit

DATA = Path(__file__).resolve().parent / "data" / "zhang2024b_chinchilla_steps.csv"

# dict key of the notebook -> the record's constant set of steps-to-target-loss
SETS = {"85M": "85m", "151M-ablation": "151m", "302M": "302m", "604M": "604m", "1.2B": "1-2b"}
# the notebook's printed 'Critical batch size: ...' per model, in the order of SETS
PRINTED_CBS = [745.3201466381583, 955.1582414387951, 1393.726947253441, 1888.5221009346358, 2533.4108017868743]


def released_steps(model_size: str) -> dict[str, np.ndarray]:
    with DATA.open(newline="", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle) if r["model_size"] == model_size]
    return {"B": np.array([float(r["batch_size"]) for r in rows]), "S": np.array([float(r["steps"]) for r in rows])}


def model_millions(model_size: str) -> float:
    with DATA.open(newline="", encoding="utf-8") as handle:
        (n,) = {float(r["N"]) for r in csv.DictReader(handle) if r["model_size"] == model_size}
    return n


def test_released_steps_are_nine_batch_sizes_per_model():
    for model_size in SETS:
        runs = released_steps(model_size)
        assert list(runs["B"]) == [2.0 ** i for i in range(6, 15)]
    assert released_steps("1.2B")["S"][0] == 642000  # the fitting cell's dict, not the wandb cell's 643000


@pytest.fixture(scope="module")
def steps_refits(by_id):
    law = next(law for law in by_id["zhang2024b"].laws if law.id == "steps-to-target-loss")
    return law, {m: fit.fit(law, released_steps(m), objective="mse", space="log", bootstrap=0) for m in SETS}


@pytest.mark.slow
def test_fit_reproduces_the_notebooks_steps_fits(steps_refits):
    law, refits = steps_refits
    stored = {s.id: s.values for s in law.constant_sets}
    for model_size, set_id in SETS.items():
        assert refits[model_size].points == 9
        for name in ("a", "b"):
            assert refits[model_size].values[name] == pytest.approx(stored[set_id][name], rel=1e-6), (set_id, name)


@pytest.mark.slow
@pytest.mark.parametrize(("set_id", "space"), [("log-scale", "log"), ("linear-scale", "linear")])
def test_fit_reproduces_the_notebooks_cbs_power_laws(by_id, steps_refits, set_id, space):
    _, refits = steps_refits
    cbs = np.array([refits[m].values["b"] / (5 * refits[m].values["a"]) + 1.2 * 256 for m in SETS])
    assert cbs == pytest.approx(PRINTED_CBS, rel=1e-6)
    law = next(law for law in by_id["zhang2024b"].laws if law.id == "critical-batch-size-model-size")
    stored = {s.id: s.values for s in law.constant_sets}[set_id]
    runs = {"N": np.array([model_millions(m) for m in SETS]), "B_crit": cbs}
    result = fit.fit(law, runs, objective="mse", space=space, bootstrap=0)
    assert result.points == 5
    for name in ("d", "beta"):
        assert result.values[name] == pytest.approx(stored[name], rel=1e-6), name
    # on the notebook's own printed CBS the fit is closer still
    exact = fit.fit(law, {**runs, "B_crit": np.array(PRINTED_CBS)}, objective="mse", space=space, bootstrap=0)
    for name in ("d", "beta"):
        assert exact.values[name] == pytest.approx(stored[name], rel=1e-7), name
