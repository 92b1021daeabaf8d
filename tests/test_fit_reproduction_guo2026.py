"""catalog fit reproduces the compute-extrapolation fits of Guo et al. (2026, arXiv:2609.36599,
Appendix E, Table 13) from the compute frontiers they released
(tests/data/guo2026_compute-extrapolation-frontier.csv, from WeihangGuo/scaling-video-reasoning).

Each frontier (family ar or bidir, metric mean_frame or full_trajectory) is split into thirds (column
segment); the middle and last thirds are fitted separately by ordinary least squares of log(1 - accuracy)
on log(training PF-days) (scripts/prepare_scaling_fit_data.py, check_fit). The authors' file
dist/static/data/compute-extrapolation-fits.json stores the coefficients at full precision (e.g. ar,
mean_frame, Last third: A = 0.5607394238395164, alpha = 1.055160435103563). The catalog fitter (mean
squared error in log space, err = 1 - accuracy, C in PF-days) reproduces all six to 1e-7 relative.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from catalog.engine import fit

DATA = Path(__file__).resolve().parent / "data" / "guo2026_compute-extrapolation-frontier.csv"

# compute-extrapolation-fits.json: (family, metric, segment) -> (points, A, alpha)
FITS_JSON = {
    ("ar", "mean_frame", "Middle third"): (16, 0.33596001072463244, 0.2177847678172861),
    ("ar", "mean_frame", "Last third"): (16, 0.5607394238395164, 1.055160435103563),
    ("ar", "full_trajectory", "Middle third"): (6, 0.9500599149633303, 0.11846387732397391),
    ("ar", "full_trajectory", "Last third"): (6, 1.589680705766184, 0.7931190352919679),
    ("bidir", "mean_frame", "Middle third"): (14, 0.4365612787105803, 0.1822627470730756),
    ("bidir", "mean_frame", "Last third"): (14, 0.442440952442637, 0.0937859102699844),
}
LAWS = {("ar", "mean_frame"): "ar-frame", ("ar", "full_trajectory"): "ar-trajectory",
        ("bidir", "mean_frame"): "bidir-frame"}
SEGMENTS = {"Middle third": "middle-third", "Last third": "final-third"}


def frontier_segment(family: str, metric: str, segment: str) -> dict[str, np.ndarray]:
    with DATA.open(newline="", encoding="utf-8") as handle:
        rows = [r for r in csv.DictReader(handle)
                if (r["family"], r["metric"], r["segment"]) == (family, metric, segment)]
    assert all(r["used_for_fit"] == "True" for r in rows)
    return {"C": np.array([float(r["training_pf_days"]) for r in rows]),
            "err": 1 - np.array([float(r["accuracy"]) for r in rows])}


@pytest.mark.slow
@pytest.mark.parametrize("key", sorted(FITS_JSON))
def test_fit_reproduces_the_released_coefficients(by_id, key):
    family, metric, segment = key
    points, a, alpha = FITS_JSON[key]
    prefix = LAWS[family, metric]
    (law,) = [law for law in by_id["guo2026"].laws if law.id == f"{prefix}-error-compute"]
    stored = {s.id: s for s in law.constant_sets}[f"{prefix}-{SEGMENTS[segment]}-code"].values
    assert (stored["A"], stored["alpha"]) == (a, alpha)
    runs = frontier_segment(family, metric, segment)
    assert len(runs["C"]) == points
    refit = fit.fit(law, runs, objective="mse", space="log", bootstrap=0)
    assert refit.values["A"] == pytest.approx(a, rel=1e-7)
    assert refit.values["alpha"] == pytest.approx(alpha, rel=1e-7)
