"""Closed forms derived once, when a law is loaded, and stored with its formula tree as data.

Two derivations need sympy, which costs more to import than a whole ``catalog solve`` should:
the law solved for each of its inputs (the closed form ``solve`` reports, e.g. ``N = (A/(L - E -
B/D**beta))**(1/alpha)``) and the compute-optimal model size under C = k*N*D (the general
formula ``optimal`` reports, constants kept symbolic). The loader derives both here and stores
them next to the formula tree (``laws.numeric_json``): the text to show, and a tree of the same
kind (:mod:`catalog.numeric`) that numpy evaluates with the constants of any set. At run time
``solve`` and ``optimal`` only evaluate these trees and confirm the result numerically; when a
law has no stored closed form (a database from PostgreSQL or written before, a form sympy does
not invert), they derive it at run time as before.

A derivation that does not finish within :data:`SECONDS` (in the main thread; elsewhere a
derivation that could be slow is not attempted) is left out, so a hostile formula cannot stall
a load.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Sequence
from contextlib import contextmanager
from typing import Any

SECONDS = 1.0
# the compute budget and FLOPs per parameter per token of optimal's closed form
BUDGET, FLOPS_PER_PARAMETER_TOKEN = "C", "k"


class Timeout(Exception):
    pass


def can_time_limit() -> bool:
    return hasattr(signal, "SIGALRM") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_limit(seconds: float):
    """SIGALRM-based limit, only in the main thread of a Unix process (see :func:`can_time_limit`)."""
    def handler(signum, frame):
        raise Timeout()

    old = signal.signal(signal.SIGALRM, handler)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def derive(law: Any) -> dict:
    """``{"inverse": {input: {"text", "tree"}}, "optimum": {"n", "d", "text", "tree"}}`` for a
    validated law (either part may be missing)."""
    if law.form != "explicit" or not can_time_limit():
        return {}
    from catalog import engine

    try:
        with time_limit(SECONDS):
            comp = engine.compile_law(law, positive=True)
            out: dict = {}
            inverse = {name: _inverse(comp, name) for name in comp.inputs}
            inverse = {name: form for name, form in inverse.items() if form is not None}
            if inverse:
                out["inverse"] = inverse
            optimum = _optimum(law, comp)
            if optimum is not None:
                out["optimum"] = optimum
            return out
    except Timeout:
        return {}
    except engine.EngineError:
        return {}


def _stored(expr: Any, names: Sequence[str]) -> list | None:
    """``expr`` as a formula tree over ``names``, or None if the guard refuses its printed form
    (sympy's ``E``, ``I``, ``oo`` and the like never reach the store)."""
    from catalog import formulas, numeric

    text = str(expr)
    try:
        return numeric.tree(text, names)
    except (formulas.FormulaError, numeric.TreeError, SyntaxError, KeyError):
        return None


def _inverse(comp: Any, name: str) -> dict | None:
    import sympy

    y = sympy.Symbol(comp.output, positive=True)
    solved = invert(comp.expr, comp.symbols[name], y)
    if solved is None:
        return None
    tree = _stored(solved, (comp.output, *comp.inputs, *comp.parameters))
    return None if tree is None else {"text": f"{name} = {solved}", "tree": tree}


def _optimum(law: Any, comp: Any) -> dict | None:
    import sympy

    from catalog import engine, optimal

    if BUDGET in law.symbols or FLOPS_PER_PARAMETER_TOKEN in law.symbols:
        return None
    try:
        nn, dd = optimal.pick_inputs(law)
    except engine.EngineError:
        return None
    n = comp.symbols[nn]
    c, k = sympy.Symbol(BUDGET, positive=True), sympy.Symbol(FLOPS_PER_PARAMETER_TOKEN, positive=True)
    general = two_term_stationary(comp.expr.subs(comp.symbols[dd], c / (k * n)), n)
    if general is None:
        return None
    others = tuple(s for s in comp.inputs if s not in (nn, dd))
    tree = _stored(general, (BUDGET, FLOPS_PER_PARAMETER_TOKEN, *others, *comp.parameters))
    return None if tree is None else {"n": nn, "d": dd, "text": str(general), "tree": tree}


# --------------------------------------------------------------------------------------------
# the sympy derivations (also used at run time for laws without stored closed forms)


def invert(expr, x, y):
    """Solve ``expr = y`` for ``x`` when ``x`` occurs exactly once in ``expr``, by undoing one
    operation at a time (add, multiply, power, exp, log); None for anything else. Cheap and
    deterministic, unlike a general ``sympy.solve``; the caller checks the result numerically."""
    import sympy

    if expr.count(x) != 1:
        return None
    while expr != x:
        if isinstance(expr, sympy.Add):
            inner = next(a for a in expr.args if a.has(x))
            y = y - (expr - inner)
        elif isinstance(expr, sympy.Mul):
            inner = next(a for a in expr.args if a.has(x))
            y = y / (expr / inner)
        elif isinstance(expr, sympy.Pow):
            base, exp = expr.args
            if base.has(x):
                inner, y = base, y ** (1 / exp)
            else:
                inner, y = exp, sympy.log(y) / sympy.log(base)
        elif isinstance(expr, sympy.exp):
            inner, y = expr.args[0], sympy.log(y)
        elif isinstance(expr, sympy.log) and len(expr.args) == 1:
            inner, y = expr.args[0], sympy.exp(y)
        else:
            return None
        expr = inner
    # undoing a layer need not cancel: N*exp(-P/g) over exp(-P/g) can come back as a product of
    # exponentials that still holds the unknown
    return None if y.has(x) else y


def peel(expr, x):
    """Strip layers that are monotone increasing in their argument, so the argmin is kept."""
    import sympy

    while True:
        if isinstance(expr, sympy.Add):
            free = [t for t in expr.args if not t.has(x)]
            if free:
                expr = sympy.Add(*[t for t in expr.args if t.has(x)])
                continue
        if isinstance(expr, sympy.Mul):
            free = [f for f in expr.args if not f.has(x)]
            if free and all(f.is_positive for f in free):
                expr = sympy.Mul(*[f for f in expr.args if f.has(x)])
                continue
        if isinstance(expr, sympy.Pow) and not expr.exp.has(x) and expr.exp.is_positive and expr.base.has(x):
            expr = expr.base
            continue
        if isinstance(expr, (sympy.exp, sympy.log)) and expr.args[0].has(x):
            expr = expr.args[0]
            continue
        return expr


def two_term_stationary(along, n):
    """c1*N**e1 + c2*N**e2 (+ terms free of N) has one stationary point:
    N = (-(e2*c2)/(e1*c1))**(1/(e1 - e2))."""
    import sympy

    inner = sympy.expand(peel(along, n))
    terms = [t for t in sympy.Add.make_args(inner) if t.has(n)]
    if len(terms) != 2:
        return None
    parts = []
    for t in terms:
        c, e = t.as_coeff_exponent(n)
        if c.has(n) or e.has(n) or e == 0:
            return None
        parts.append((c, e))
    (c1, e1), (c2, e2) = parts
    if sympy.expand(e1 - e2) == 0:
        return None
    if (e1 - e2).could_extract_minus_sign():  # write the outer exponent with a positive sign
        (c1, e1), (c2, e2) = (c2, e2), (c1, e1)
    return sympy.powsimp(sympy.powdenest((-(e2 * c2) / (e1 * c1)) ** (1 / (e1 - e2)), force=True), force=True)
