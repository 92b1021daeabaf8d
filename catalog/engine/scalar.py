"""Root and minimum of a function of one variable on a bracket, in plain Python.

The engine's searches (a budget's compute-optimal split, a law solved for an input, an
extremum) refine a bracket found on a grid. scipy's ``brentq`` and bounded ``minimize_scalar``
did that, but importing ``scipy.optimize`` costs some 0.4 s, most of ``catalog predict``'s
time. These are the same algorithms, step for step (Brent 1973, as scipy implements them:
``Zeros/brentq.c`` and ``_minimize_scalar_bounded``), so they return the same floats;
tests/test_scalar.py compares them with scipy's on many brackets.
"""

from __future__ import annotations

import math
from typing import Callable

_EPS = 2.220446049250313e-16
RTOL = 4 * _EPS  # the least relative tolerance brentq accepts (scipy's _rtol)


def _value(f: Callable[[float], float], x: float) -> float:
    fx = float(f(x))
    if math.isnan(fx):  # as scipy's brentq: a NaN has no sign to bracket with
        raise ValueError(f"the function value at x={x} is NaN; the root search cannot continue")
    return fx


def brentq(f: Callable[[float], float], a: float, b: float, xtol: float = 2e-12, rtol: float = RTOL,
           maxiter: int = 100) -> float:
    """A root of ``f`` in [a, b], where f(a) and f(b) differ in sign, to within
    ``xtol + rtol*|x|``. ValueError for a bracket without a sign change or a NaN value,
    RuntimeError when ``maxiter`` steps do not converge (as scipy.optimize.brentq)."""
    if not xtol > 0:
        raise ValueError(f"xtol too small ({xtol} <= 0)")
    if not rtol >= RTOL:
        raise ValueError(f"rtol too small ({rtol} < {RTOL})")
    xpre, xcur = float(a), float(b)
    xblk = fblk = spre = scur = 0.0
    fpre, fcur = _value(f, xpre), _value(f, xcur)
    if fpre == 0:
        return xpre
    if fcur == 0:
        return xcur
    if math.copysign(1.0, fpre) == math.copysign(1.0, fcur):
        raise ValueError("f(a) and f(b) must have different signs")
    for _ in range(maxiter):
        if fpre != 0 and fcur != 0 and math.copysign(1.0, fpre) != math.copysign(1.0, fcur):
            xblk, fblk = xpre, fpre
            spre = scur = xcur - xpre
        if abs(fblk) < abs(fcur):
            xpre, xcur, xblk = xcur, xblk, xcur
            fpre, fcur, fblk = fcur, fblk, fcur
        delta = (xtol + rtol * abs(xcur)) / 2
        sbis = (xblk - xcur) / 2
        if fcur == 0 or abs(sbis) < delta:
            return xcur
        if abs(spre) > delta and abs(fcur) < abs(fpre):
            if xpre == xblk:  # interpolate
                stry = _div(-fcur * (xcur - xpre), fcur - fpre)
            else:  # extrapolate (inverse quadratic)
                dpre = _div(fpre - fcur, xpre - xcur)
                dblk = _div(fblk - fcur, xblk - xcur)
                stry = _div(-fcur * (fblk * dblk - fpre * dpre), dblk * dpre * (fblk - fpre))
            if 2 * abs(stry) < min(abs(spre), 3 * abs(sbis) - delta):
                spre, scur = scur, stry  # a good short step
            else:
                spre = scur = sbis
        else:
            spre = scur = sbis
        xpre, fpre = xcur, fcur
        xcur += scur if abs(scur) > delta else (delta if sbis > 0 else -delta)
        fcur = _value(f, xcur)
    raise RuntimeError(f"the root search did not converge in {maxiter} steps")


def fminbound(f: Callable[[float], float], lo: float, hi: float, xatol: float = 1e-5,
              maxiter: int = 500) -> tuple[float, float, bool]:
    """(x, f(x), converged): a local minimum of ``f`` in [lo, hi] by golden sections and
    parabolic steps, to within ``xatol`` plus sqrt(eps)*|x| (scipy's bounded minimize_scalar)."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise ValueError("the bounds must be finite numbers")
    if lo > hi:
        raise ValueError("the lower bound exceeds the upper bound")
    sqrt_eps = math.sqrt(2.2e-16)
    golden_mean = 0.5 * (3.0 - math.sqrt(5.0))
    a, b = float(lo), float(hi)
    fulc = a + golden_mean * (b - a)
    nfc = xf = fulc
    rat = e = 0.0
    fx = float(f(xf))
    fu = math.inf
    num = 1
    ffulc = fnfc = fx
    xm = 0.5 * (a + b)
    tol1 = sqrt_eps * abs(xf) + xatol / 3.0
    tol2 = 2.0 * tol1
    converged = True
    while abs(xf - xm) > (tol2 - 0.5 * (b - a)):
        golden = True
        if abs(e) > tol1:  # try a parabola through the three best points
            golden = False
            r = (xf - nfc) * (fx - ffulc)
            q = (xf - fulc) * (fx - fnfc)
            p = (xf - fulc) * q - (xf - nfc) * r
            q = 2.0 * (q - r)
            if q > 0.0:
                p = -p
            q = abs(q)
            r, e = e, rat
            if abs(p) < abs(0.5 * q * r) and p > q * (a - xf) and p < q * (b - xf):
                rat = (p + 0.0) / q
                x = xf + rat
                if (x - a) < tol2 or (b - x) < tol2:
                    rat = tol1 * _sign(xm - xf)
            else:
                golden = True
        if golden:
            e = (a - xf) if xf >= xm else (b - xf)
            rat = golden_mean * e
        x = xf + _sign(rat) * max(abs(rat), tol1)
        fu = float(f(x))
        num += 1
        if fu <= fx:
            if x >= xf:
                a = xf
            else:
                b = xf
            fulc, ffulc = nfc, fnfc
            nfc, fnfc = xf, fx
            xf, fx = x, fu
        else:
            if x < xf:
                a = x
            else:
                b = x
            if fu <= fnfc or nfc == xf:
                fulc, ffulc = nfc, fnfc
                nfc, fnfc = x, fu
            elif fu <= ffulc or fulc == xf or fulc == nfc:
                fulc, ffulc = x, fu
        xm = 0.5 * (a + b)
        tol1 = sqrt_eps * abs(xf) + xatol / 3.0
        tol2 = 2.0 * tol1
        if num >= maxiter:
            converged = False
            break
    if math.isnan(xf) or math.isnan(fx) or math.isnan(fu):
        converged = False
    return xf, fx, converged


def _div(a: float, b: float) -> float:
    """a / b as C divides doubles: a zero divisor gives an infinity or NaN (a step then refused)."""
    try:
        return a / b
    except ZeroDivisionError:
        return math.nan if a == 0 or math.isnan(a) else math.copysign(math.inf, a) * math.copysign(1.0, b)


def _sign(v: float) -> float:
    """np.sign(v) + (v == 0): the direction of a step, +1 for none (NaN stays NaN)."""
    return 1.0 if v >= 0 else -1.0 if v < 0 else math.nan
