"""Laws without published constants still evaluate, solve and plot once a user supplies constants
(`catalog eval LAW name=value ...`): generic values (0.5) for every parameter, except where a law's
domain needs more (M4: the loss lies between L_inf and L_0, and its exponent c is negative)."""

from __future__ import annotations

import numpy as np
import pytest

from catalog.engine import evaluation as engine, plotting, solve
from catalog.store.reader import LawRef
from tests.conftest import DATA

SPECIAL = {
    "alabdulmohsin2022/m4": {"L_inf": 1.0, "L_0": 5.0, "alpha": 0.5, "beta": 1.0, "c": -0.5},
    # 0.5 everywhere overflows: the paper's illustration (Figure 10) instead
    "crawley2026/congestion-success": {"p_ref": 0.10, "N_ref": 16, "N0": 1500, "beta": 0.035},
    # 0.5 everywhere puts C_test beyond 1e250 FLOPs over the whole axis (no plot can show it): a
    # negative slope, as the record's note says (10x train compute trades for 15x test compute)
    "jones2021/train-test-compute-tradeoff": {"k_0": 10.0, "k_train": -1.18, "k_elo": 0.005},
}


def _laws():
    from catalog import records

    papers = records.load_valid([DATA])
    return [LawRef(p, law) for p in papers for law in p.laws if not law.constant_sets]


LAWS = _laws()


def _point(ref):
    out = {}
    for name in ref.law.input_symbols:
        d = engine.domain(ref, name)
        out[name] = float(np.sqrt(d.low * d.high)) if d.low > 0 else (d.low + d.high) / 2
    return out


@pytest.mark.parametrize("ref", LAWS, ids=lambda r: r.id)
def test_law_without_constants_evaluates_with_user_constants(ref, tmp_path):
    params = SPECIAL.get(ref.id, {name: 0.5 for name in ref.law.parameter_symbols})
    point = _point(ref)
    result = engine.evaluate(ref, point, overrides=params)
    value = float(np.asarray(result.value))
    assert np.isfinite(value)
    first = ref.law.input_symbols[0]
    given = {k: v for k, v in point.items() if k != first}
    try:
        solved = solve.solve(ref, first, {**given, ref.law.output_symbol: value}, overrides=params)
    except engine.EngineError as exc:  # a law flat in this input has no unique inverse: said, not crashed
        assert str(exc)
    else:
        assert solved is not None
    out = tmp_path / "plot.png"
    plotting.plot([(ref, None)], x=first, output=out, fixes=given, overrides=params)
    assert out.stat().st_size > 1000
