"""The documentation examples in docs/examples are files that run (sqlmodel style)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

EXAMPLES = sorted((ROOT / "docs" / "examples").glob("*.py"))
EXPECTED = {
    "evaluate_chinchilla.py": ["hoffmann2022 1.93664547", "besiroglu2024 1.97388186", "N_opt = 0.5987 C^0.4516\n",
                               "L_opt = 1071 C^-0.1535 + 1.69"],
    "inference_aware.py": ["D_inf=   0: N=1.53e+10 on D_tr=1.21e+12 tokens (79 per parameter), 1.11e+23 FLOPs; "
                           "training-only N=1.53e+10: 1.11e+23 FLOPs; saves 0.0%",
                           "D_inf= 10T: N=6.49e+09 on D_tr=3.89e+12 tokens (600 per parameter), 2.81e+23 FLOPs; "
                           "training-only N=1.53e+10: 4.17e+23 FLOPs; saves 32.6%"],
    # Chinchilla's closed form N_opt = 0.598695 C^0.451613 is its loss law's split; Kaplan's Table 6 law at
    # C_min = 1e24 FLOPs / 8.64e19 FLOPs per PF-day: 1.3e9 * 11574^0.73 = 1.2031e12
    "kaplan_and_chinchilla_optimal_n.py": [
        "hoffmann2022/compute-optimal-parameters    direct          14.6B        41.3B       116.8B",
        "hoffmann2022/parametric-loss               derived         14.6B        41.3B       116.8B",
        "kaplan2020/compute-optimal-model-size      direct         224.0B     1,203.1B     6,460.8B",
        "kaplan2020/loss-n-d                        derived         88.2B       331.8B     1,248.1B",
        "note: kaplan2020/compute-optimal-model-size records no fitted range for C_min"],
    "optimal_table_with_citations.py": [
        "| hoffmann2022/parametric-loss | Hoffmann et al. (2022) | 4.13e+10 | 4.04e+12 | hoffmann2022: Appendix D.2, "
        "Eq. (10) | N, D |",
        "| besiroglu2024/parametric-loss | Besiroglu et al. (2024) | 9.59e+10 | 1.74e+12 | besiroglu2024: Table 1 | N, D |",
        "@inproceedings{hoffmann2022,", "@misc{besiroglu2024,",
        "\\cite[Appendix D.2, Eq. (10)]{hoffmann2022}"],
    # N_eff = N times the three factors of Eq. (4) (Table 2), chained into Eq. (1): by hand, weights'
    # 1 - e^(-8/2.6745 + 0.3037) = 0.93195 and 4299 N_eff^-0.4965 + 18060 D^-0.4965 + 2.7648 = 3.0502 at BF16
    "precision_loss.py": ["BF16                P=16: N_eff = 9.9366e+08 (weights 0.9966, activations 0.9971, "
                          "kv-cache 1.0000); L = 3.0502",
                          "FP8                 P= 8: N_eff = 8.2776e+08 (weights 0.9320, activations 0.8906, "
                          "kv-cache 0.9974); L = 3.0641",
                          "FP8, float weights  P= 8: N_eff = 8.2980e+08", "extrapolation: N=1e+09 is above the fitted range"],
    "predict_at_a_point.py": ["hoffmann2022/parametric-loss                  L = 1.9366 nats/token  beyond the fitted range: N, D",
                              "hoffmann2022/compute-optimal-parameters       N_opt = 32.2B (constants tested: no)",
                              "kaplan2020/compute-optimal-model-size         N_opt = 804.3B (constants tested: precision)",
                              "laws whose inputs are not FLOPs (e.g. "],
    "query_laws.py": ["papers with experts as a variable: clark2022, yun2024",
                      "vision laws on compute: henighan2020, alabdulmohsin2022, zhai2022, alabdulmohsin2023, bachmann2023, "
                      "caballero2023, cherti2023, smith2023, kong2024, li2024d, tian2024, gokce2025, nezhurina2025, qiu2025, shukor2025b, chen2026b, chickering2026, cowsik2026, liang2024, prestel2026"],
    "survey_table.py": ["| Hoffmann et al. (2022) | N | N |  |", "\\toprule"],
}
# predict_at_a_point.py compares one unit: "nats" without "per token" is another (it had taken any unit starting "nats")
ABSENT = {"predict_at_a_point.py": [" nats  ", "nats per token ("]}


def test_every_example_has_expectations():
    assert {p.name for p in EXAMPLES} == set(EXPECTED)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_runs(path, catalog_db):
    env = {**os.environ, "CATALOG_DB": catalog_db}
    out = subprocess.run([sys.executable, str(path)], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert out.returncode == 0, out.stderr
    for line in EXPECTED[path.name]:
        assert line in out.stdout, (line, out.stdout[:2000])
    for text in ABSENT.get(path.name, []):
        assert text not in out.stdout, (text, out.stdout[:2000])
