"""catalog fit reproduces Brandfonbrener et al.'s (2024, arXiv:2411.12925) train-to-train
loss-to-loss fits from the sweep they released (KempnerInstitute/loss-to-loss-notebooks).

Their loss_relationships.ipynb pairs each FineWeb-Edu model with the model of the other dataset
trained on the same number of tokens (plot_loss_diff_f: ``drop_df1.join(drop_df2.set_index("tokens"),
how="inner", on="tokens")``), holds E_0 and E_1 at the E of the Kaplan-form per-dataset fits in
data/opt_params_data.csv (``kaplan == True``, loss_name ``val_loss``; ``fit_entropy = False``), and
fits kappa and log K by least squares of log(L_1 - E_1) on log(L_0 - E_0) (utils_plotting.solve).
Its cell In [124] prints the results to full precision, e.g. FineWeb-Edu & FineWeb
kappa 1.0004689037149535, K 1.0144310832890906.

The catalog fitter fits every parameter of a law, so E_0 and E_1 are held fixed by giving them to it
as input columns (the law's expression unchanged), and the notebook's objective is the fitter's
mean-squared error in log space with the output shifted by E_1 (and the law's E_1 column 0):
log(K (L_0 - E_0)^kappa) - log(L_1 - E_1). The refit matches the printed kappa and K to 1e-7.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from catalog.engine import fit

HERE = Path(__file__).resolve().parent / "data"
SWEEP = HERE / "brandfonbrener2024_sweep_val_loss.csv"  # data/sweep.csv, columns data, params, tokens, iso_flop, val_loss
FITS = HERE / "brandfonbrener2024_opt_params_data.csv"  # data/opt_params_data.csv, unchanged

DATA_0 = "fineweb-edu-100b"
# loss_relationships.ipynb, cell In [124], rows 'FineWeb-Edu & ...': (kappa, K), and the pairs joined
NOTEBOOK = {
    "fineweb-100b": (1.0004689037149535, 1.0144310832890906, 86),
    "proof-pile-2": (1.0662580144036193, 0.6048866683525692, 83),
    "slimpajama-chunk1": (0.9697772093091833, 1.0540015787682846, None),
    "smollm-corpus": (1.0062157661890683, 1.0702320070783213, None),
    "starcoder": (1.10023685087841, 0.6331016233093456, 80),
}
# the record's constant set of each pair
SET_IDS = {"fineweb-100b": "fineweb-edu-to-fineweb", "proof-pile-2": "fineweb-edu-to-proof-pile-2",
           "slimpajama-chunk1": "fineweb-edu-to-slimpajama", "smollm-corpus": "fineweb-edu-to-smollm",
           "starcoder": "fineweb-edu-to-starcoder"}


def irreducible(data: str) -> float:
    """E of the Kaplan-form fit of ``data``'s validation loss (the notebook's opt_params_df)."""
    with FITS.open(newline="", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle)
                if r["kaplan"] == "True" and r["data"] == data and r["loss_name"] == "val_loss"]
    assert len(rows) == 1, data
    return float(rows[0]["E"])


def released_pairs(data_1: str) -> dict[str, np.ndarray]:
    """The FineWeb-Edu model's and the ``data_1`` model's validation losses, joined on tokens as
    plot_loss_diff_f does, with E_0 and E_1 as fixed columns and the output shifted by E_1."""
    with SWEEP.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    other = {}
    for r in rows:
        if r["data"] == data_1:
            other.setdefault(float(r["tokens"]), []).append(float(r["val_loss"]))
    pairs = [(float(r["val_loss"]), y) for r in rows if r["data"] == DATA_0 for y in other.get(float(r["tokens"]), [])]
    x, y = (np.array(v) for v in zip(*pairs))
    e_0, e_1 = irreducible(DATA_0), irreducible(data_1)
    return {"L_0": x, "L_1": y - e_1, "E_0": np.full_like(x, e_0), "E_1": np.zeros_like(x)}


def with_fixed(law, names):
    """The law with the parameters ``names`` read as input columns (held fixed), expression unchanged."""
    symbols = {k: (v.model_copy(update={"role": "input"}) if k in names else v) for k, v in law.symbols.items()}
    return law.model_copy(update={"symbols": symbols})


@pytest.fixture(scope="module")
def train_to_train(by_id):
    (law,) = [law for law in by_id["brandfonbrener2024"].laws if law.id == "train-to-train"]
    return law


def test_the_record_stores_the_notebooks_constants(train_to_train):
    sets = {s.id: s for s in train_to_train.constant_sets}
    for data_1, (kappa, k, _) in NOTEBOOK.items():
        values = sets[SET_IDS[data_1]].values
        assert (values["kappa"], values["K"]) == (kappa, k), data_1
        assert (values["E_0"], values["E_1"]) == (irreducible(DATA_0), irreducible(data_1)), data_1


@pytest.mark.slow
@pytest.mark.parametrize("data_1", sorted(NOTEBOOK))
def test_fit_reproduces_the_notebooks_kappa_and_k(train_to_train, data_1):
    kappa, k, points = NOTEBOOK[data_1]
    runs = released_pairs(data_1)
    if points is not None:
        assert len(runs["L_0"]) == points
    refit = fit.fit(with_fixed(train_to_train, {"E_0", "E_1"}), runs, objective="mse", space="log", bootstrap=0)
    assert refit.values["kappa"] == pytest.approx(kappa, rel=1e-7)
    assert refit.values["K"] == pytest.approx(k, rel=1e-7)
