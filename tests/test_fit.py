"""Fitting your own runs: recovers known constants, copes with noise, and the CLI saves a set."""

from __future__ import annotations

import csv

import numpy as np
import pytest
import yaml
from click.testing import CliRunner

from catalog.engine import fit
from catalog.cli import cli
from catalog.schema import ConstantSet

TRUE = {"E": 1.69, "A": 406.4, "B": 410.7, "alpha": 0.34, "beta": 0.28}


def chinchilla(papers):
    return next(p for p in papers if p.id == "hoffmann2022").laws[0]


def runs(noise=0.0, seed=1):
    rng = np.random.default_rng(seed)
    N, D = np.meshgrid(np.logspace(7.8, 10.2, 7), np.logspace(9.7, 11.7, 6))
    N, D = N.ravel(), D.ravel()
    L = TRUE["E"] + TRUE["A"] / N ** TRUE["alpha"] + TRUE["B"] / D ** TRUE["beta"]
    return {"N": N, "D": D, "L": L * np.exp(noise * rng.standard_normal(len(L)))}


def test_recovers_known_constants_from_exact_data(papers):
    result = fit.fit(chinchilla(papers), runs(), bootstrap=0)
    for name, value in TRUE.items():
        assert result.values[name] == pytest.approx(value, rel=0.02), name
    assert result.r2 > 0.9999


def test_noisy_data_gives_intervals_covering_the_truth(papers):
    result = fit.fit(chinchilla(papers), runs(noise=0.005), objective="mse", bootstrap=30, restarts=8)
    assert result.r2 > 0.95
    for name in ("alpha", "beta", "E"):
        low, high = result.intervals[name]
        assert low < high
        assert low * 0.9 <= TRUE[name] <= high * 1.1, (name, low, high)


def test_bad_inputs_are_clear_errors(papers, tmp_path):
    law = chinchilla(papers)
    with pytest.raises(fit.FitError, match="lacks columns for: D"):
        fit.fit(law, {"N": np.ones(9), "L": np.ones(9)})
    with pytest.raises(fit.FitError, match="cannot determine"):
        fit.fit(law, {k: v[:3] for k, v in runs().items()})
    bad = tmp_path / "bad.csv"
    bad.write_text("N,D,L\n1,2,x\n")
    with pytest.raises(fit.FitError, match="bad.csv:2: column 'L': not a number"):
        fit.read_runs(bad)


def test_cli_fits_and_saves_a_constant_set(catalog_db, tmp_path):
    data = runs()
    path = tmp_path / "runs.csv"
    with path.open("w", newline="") as handle:
        w = csv.writer(handle)
        w.writerow(["N", "D", "L"])
        w.writerows(zip(data["N"], data["D"], data["L"]))
    out = tmp_path / "fit.yaml"
    result = CliRunner().invoke(cli, ["fit", "hoffmann2022", str(path), "--db", catalog_db, "--bootstrap", "10", "--restarts", "8",
                                      "--save-yaml", str(out), "--set-id", "mine"])
    assert result.exit_code == 0, result.output
    assert "alpha" in result.output and "R^2" in result.output
    saved = ConstantSet.model_validate(yaml.safe_load(out.read_text())["constant_sets"][0])
    assert saved.id == "mine" and saved.values["alpha"] == pytest.approx(0.34, rel=0.02)
    assert set(saved.intervals) == set(TRUE)


def test_cli_unknown_law_exits_2(catalog_db, tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("N,D,L\n1,1,1\n")
    result = CliRunner().invoke(cli, ["fit", "nosuchpaper", str(path), "--db", catalog_db])
    assert result.exit_code == 2 and "unknown paper" in result.output
