"""catalog.engine.scalar: Brent's root and bounded minimum in plain Python (no scipy import)
return the very floats scipy's brentq and bounded minimize_scalar return, on many brackets."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.optimize import brentq as scipy_brentq, minimize_scalar

from catalog.engine import scalar


def _functions(rng):
    """Smooth functions of the engine's kind (power laws plus offsets, in log x) and harder ones."""
    for _ in range(60):
        a, b, e = rng.uniform(0.1, 10), rng.uniform(0.05, 1.5), rng.uniform(0.5, 3)
        yield lambda t, a=a, b=b, e=e: e + a * math.exp(-b * t) - 2.0   # a root in t where it crosses 2
        yield lambda t, a=a, b=b: (t - a) ** 3 - b * (t - a)
        yield lambda t, a=a, b=b, e=e: e + a * math.exp(-b * t) + math.exp(0.3 * (t - 20)) - 3.0
    yield lambda t: math.cos(t) - t
    yield lambda t: t ** 9
    yield lambda t: math.atan(t - 0.3) if t != 0.3 else 0.0


def test_brentq_matches_scipy():
    rng = np.random.default_rng(7)
    checked = 0
    for f in _functions(rng):
        for lo, hi in ((-5.0, 5.0), (0.0, 60.0), (-1.0, 2.5), (0.1, 40.0)):
            for xtol, rtol in ((2e-12, scalar.RTOL), (1e-15, 1e-15), (1e-13, scalar.RTOL)):
                try:
                    want = scipy_brentq(f, lo, hi, xtol=xtol, rtol=rtol, maxiter=200)
                except ValueError:
                    with pytest.raises(ValueError):
                        scalar.brentq(f, lo, hi, xtol=xtol, rtol=rtol, maxiter=200)
                    continue
                assert scalar.brentq(f, lo, hi, xtol=xtol, rtol=rtol, maxiter=200) == want
                checked += 1
    assert checked > 300


def test_brentq_refusals():
    with pytest.raises(ValueError, match="different signs"):
        scalar.brentq(lambda x: x * x + 1, -1.0, 1.0)
    with pytest.raises(ValueError, match="NaN"):
        scalar.brentq(lambda x: math.nan if x > 0.2 else x - 0.5, 0.0, 1.0)
    with pytest.raises(RuntimeError, match="did not converge"):
        scalar.brentq(lambda x: x ** 9 - 0.1, 0.0, 1.0, xtol=1e-300, maxiter=3)
    assert scalar.brentq(lambda x: x, 0.0, 1.0) == 0.0  # a root at an end


def test_fminbound_matches_scipy():
    rng = np.random.default_rng(11)
    checked = 0
    for _ in range(150):
        a, b, c, e = rng.uniform(0.5, 20), rng.uniform(0.1, 0.9), rng.uniform(0.5, 20), rng.uniform(0.1, 0.9)
        f = lambda t, a=a, b=b, c=c, e=e: 1.7 + a * math.exp(-b * t) + c * math.exp(-e * (30 - t))  # noqa: E731
        for lo, hi in ((0.0, 30.0), (5.0, 25.0), (-0.1, 0.1)):
            for xatol in (1e-12, 1e-5):
                want = minimize_scalar(f, bounds=(lo, hi), method="bounded", options={"xatol": xatol})
                x, fx, ok = scalar.fminbound(f, lo, hi, xatol=xatol)
                assert (x, fx, ok) == (want.x, want.fun, want.success)
                checked += 1
    # flat, kinked, NaN in part of the bracket, an edge minimum
    for f in (lambda t: 1.0, lambda t: abs(t - 0.25), lambda t: math.nan if t > 0.5 else (t - 0.7) ** 2,
              lambda t: t):
        want = minimize_scalar(f, bounds=(-1.0, 1.0), method="bounded", options={"xatol": 1e-12})
        got = scalar.fminbound(f, -1.0, 1.0, xatol=1e-12)
        assert got[0] == want.x and got[2] == want.success and (got[1] == want.fun or math.isnan(want.fun))
    assert checked == 900


def test_no_scipy_import():
    """The point of the module: the engine's searches leave scipy.optimize unimported."""
    import subprocess
    import sys

    code = ("import sys; from catalog.engine import scalar; scalar.brentq(lambda x: x - 1, 0.0, 3.0); "
            "scalar.fminbound(lambda x: (x - 1) ** 2, 0.0, 3.0); print('scipy.optimize' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
