"""catalog fit reproduces Frantar et al.'s (ICLR 2024, arXiv:2309.08520) ViT sparsity scaling law
L(S, N, D) from the 112 ViT/JFT-4B runs they released (tests/data/frantar2023_vit-data.json, from
google-research/jaxpruner, jaxpruner/projects/bigsparse).

Their sparsity-scaling.ipynb takes N = 12 (12 768^2) scale (1 - S) non-zero parameters in millions and
D = total_examples in billions, and minimises the mean Huber loss with delta 0.01 on the loss itself
(``huber(f, x, y, 0.01, False)``) by BFGS from 25 random starts, printing
"coefs [1.30485411 0.82101251 2.07506343 0.39222675 0.27818217 0.88979104 4.51669257]" and
"loss 0.0004929087939147767" (its 25 starts end between 4.929088e-4 and 4.929121e-4: the optimum is
flat). The record's law carries the notebook's units as N_unit = 1e6 and D_unit = 1e9, held fixed here
as input columns. The catalog fitter (Huber, delta 0.01, linear space) ends at an objective no higher
than the notebook's and within 1e-4 relative of every printed coefficient (8 starts, for speed: the
default 64 end at the same optimum, within 1e-7).

The same notebook's T5/C4 fit (the record's default set) is not reproduced: on the 48 released T5 runs
(tests/data/frantar2023_t5-data.csv) its printed coefficients are not the optimum of its objective. The
notebook takes N = 24 (12 768^2) scale (1 - S) / 1e6 and D = steps / 1e5 and minimises the mean Huber loss
with delta 0.001 on log residuals (``huber(f, x, y, 0.001, True)``) by BFGS from 25 random starts
(np.random.seed(1)), printing "coefs [0.56778512 0.72161276 1.52265016 0.24513173 0.63361517 0.20270772
0.65074219]" and "loss 7.603605281507622e-06": the best of starts that end between 7.6e-6 and 1.37e-5, i.e.
at different points (the Huber objective is not smooth, and BFGS stops early on it). The printed digits give
that loss to 1e-9 relative; catalog fit (same objective) ends at 4.8801e-6, 36% lower, at aS 0.436241,
bS 1.34497, cS 1.69517, bN 0.231683, eD 0.417605, bD 0.384638, c 0.830375 (8 and 64 restarts agree to 1e-6
relative; Nelder-Mead started from the best of 400 BFGS ends, 6.35e-6, converges to the same point).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest

from catalog.engine import fit

DATA = Path(__file__).resolve().parent / "data" / "frantar2023_vit-data.json"
T5_DATA = Path(__file__).resolve().parent / "data" / "frantar2023_t5-data.csv"
PARAM_COUNT = 12 * (12 * 768 ** 2)  # sparsity-scaling.ipynb, ViT
T5_PARAM_COUNT = 24 * (12 * 768 ** 2)  # sparsity-scaling.ipynb, T5

# sparsity-scaling.ipynb, ViT cell output ('coefs [...]', in the order a, b, c, d, e, f, g of its law)
NOTEBOOK = {"aS": 1.30485411, "bS": 0.82101251, "cS": 2.07506343, "bN": 0.39222675, "eD": 0.27818217,
            "bD": 0.88979104, "c": 4.51669257}
NOTEBOOK_LOSS = 0.0004929087939147767

# sparsity-scaling.ipynb, T5 cell output (the record's t5-c4 set) and the optimum catalog fit finds instead
NOTEBOOK_T5 = {"aS": 0.56778512, "bS": 0.72161276, "cS": 1.52265016, "bN": 0.24513173, "eD": 0.63361517,
               "bD": 0.20270772, "c": 0.65074219}
NOTEBOOK_T5_LOSS = 7.603605281507622e-06
T5_OPTIMUM = {"aS": 0.436241, "bS": 1.34497, "cS": 1.69517, "bN": 0.231683, "eD": 0.417605, "bD": 0.384638,
              "c": 0.830375}
T5_OPTIMUM_LOSS = 4.88012e-06


def released_runs() -> dict[str, np.ndarray]:
    with DATA.open(encoding="utf-8") as handle:
        data = json.load(handle)
    keys = list(data["scale"])
    s = np.array([data["sparsity"][k] for k in keys], dtype=float)
    scale = np.array([data["scale"][k] for k in keys], dtype=float)
    return {"S": s, "N": PARAM_COUNT * scale * (1 - s), "D": np.array([data["total_examples"][k] for k in keys], float),
            "L": np.array([data["val-loss"][k] for k in keys], float),
            "N_unit": np.full(len(keys), 1e6), "D_unit": np.full(len(keys), 1e9)}


def released_t5_runs() -> dict[str, np.ndarray]:
    with T5_DATA.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    s = np.array([float(r["sparsity"]) for r in rows])
    scale = np.array([float(r["scale"]) for r in rows])
    return {"S": s, "N": T5_PARAM_COUNT * scale * (1 - s), "D": np.array([float(r["steps"]) for r in rows]),
            "L": np.array([float(r["val-loss"]) for r in rows]),
            "N_unit": np.full(len(rows), 1e6), "D_unit": np.full(len(rows), 1e5)}


def notebook_t5_objective(values: dict[str, float], runs: dict[str, np.ndarray]) -> float:
    """The notebook's T5 objective, huber(f, x, y, 0.001, True): mean Huber loss of log residuals."""
    v = values
    pred = ((v["aS"] * (1 - runs["S"]) ** v["bS"] + v["cS"]) * (runs["N_unit"] / runs["N"]) ** v["bN"]
            + v["eD"] * (runs["D_unit"] / runs["D"]) ** v["bD"] + v["c"])
    r = np.abs(np.log(pred) - np.log(runs["L"]))
    return float(np.mean(np.where(r > 1e-3, 1e-3 * (r - 0.5e-3), 0.5 * r ** 2)))


def with_fixed(law, names):
    """The law with the parameters ``names`` read as input columns (held fixed), expression unchanged."""
    symbols = {k: (v.model_copy(update={"role": "input"}) if k in names else v) for k, v in law.symbols.items()}
    return law.model_copy(update={"symbols": symbols})


def test_released_runs():
    runs = released_runs()
    assert len(runs["L"]) == 112
    assert (runs["N"].min(), runs["N"].max()) == (663552, 42467328)


@pytest.mark.slow
def test_fit_reproduces_the_notebooks_vit_coefficients(by_id):
    (law,) = [law for law in by_id["frantar2023"].laws if law.id == "sparsity-loss"]
    refit = fit.fit(with_fixed(law, {"N_unit", "D_unit"}), released_runs(), objective="huber", delta=0.01,
                    space="linear", bootstrap=0, restarts=8)
    assert refit.loss <= NOTEBOOK_LOSS * (1 + 1e-9)
    for name, value in NOTEBOOK.items():
        assert refit.values[name] == pytest.approx(value, rel=1e-4), name


def test_released_t5_runs():
    runs = released_t5_runs()
    assert len(runs["L"]) == 48
    assert (runs["N"].min(), runs["N"].max()) == (1327104, 84934656)


def test_notebooks_t5_coefficients_give_its_printed_loss(by_id):
    (law,) = [law for law in by_id["frantar2023"].laws if law.id == "sparsity-loss"]
    t5 = next(s for s in law.constant_sets if s.id == "t5-c4")
    assert {k: t5.values[k] for k in NOTEBOOK_T5} == NOTEBOOK_T5
    # the printed coefficients are rounded to 8 decimals, the printed loss is the unrounded optimiser's
    assert notebook_t5_objective(NOTEBOOK_T5, released_t5_runs()) == pytest.approx(NOTEBOOK_T5_LOSS, rel=1e-8)


@pytest.mark.slow
def test_fit_finds_a_lower_t5_optimum_than_the_notebooks_printed_coefficients(by_id):
    (law,) = [law for law in by_id["frantar2023"].laws if law.id == "sparsity-loss"]
    runs = released_t5_runs()
    refit = fit.fit(with_fixed(law, {"N_unit", "D_unit"}), runs, objective="huber", delta=1e-3, space="log",
                    bootstrap=0, restarts=8)
    assert refit.points == 48
    # the fitter's objective is the notebook's (checked on its end point), and it ends strictly lower
    assert notebook_t5_objective(refit.values, runs) == pytest.approx(refit.loss, rel=1e-9)
    assert refit.loss == pytest.approx(T5_OPTIMUM_LOSS, rel=1e-5)
    assert refit.loss < 0.65 * NOTEBOOK_T5_LOSS
    for name, value in T5_OPTIMUM.items():
        assert refit.values[name] == pytest.approx(value, rel=1e-4), name
