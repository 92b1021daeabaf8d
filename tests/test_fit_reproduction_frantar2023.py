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

The same notebook's T5/C4 fit (the record's default set) is not reproduced: its printed coefficients
are a local optimum (loss 7.6036e-6 with delta 0.001 in log space), and the fitter finds lower ones.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from catalog.engine import fit

DATA = Path(__file__).resolve().parent / "data" / "frantar2023_vit-data.json"
PARAM_COUNT = 12 * (12 * 768 ** 2)  # sparsity-scaling.ipynb, ViT

# sparsity-scaling.ipynb, ViT cell output ('coefs [...]', in the order a, b, c, d, e, f, g of its law)
NOTEBOOK = {"aS": 1.30485411, "bS": 0.82101251, "cS": 2.07506343, "bN": 0.39222675, "eD": 0.27818217,
            "bD": 0.88979104, "c": 4.51669257}
NOTEBOOK_LOSS = 0.0004929087939147767


def released_runs() -> dict[str, np.ndarray]:
    with DATA.open(encoding="utf-8") as handle:
        data = json.load(handle)
    keys = list(data["scale"])
    s = np.array([data["sparsity"][k] for k in keys], dtype=float)
    scale = np.array([data["scale"][k] for k in keys], dtype=float)
    return {"S": s, "N": PARAM_COUNT * scale * (1 - s), "D": np.array([data["total_examples"][k] for k in keys], float),
            "L": np.array([data["val-loss"][k] for k in keys], float),
            "N_unit": np.full(len(keys), 1e6), "D_unit": np.full(len(keys), 1e9)}


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
