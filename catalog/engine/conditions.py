"""A law's conditions (``Law.conditions``): relations over its inputs, such as Muennighoff et
al.'s ``U <= D`` (the unique tokens used are at most the tokens trained on), outside which the
formula gives a number that means nothing. Each side is a guarded formula
(:func:`catalog.engine.formulas.check_condition`), compiled to numpy once per law; evaluation
refuses a point where one fails, vectorised evaluation gives NaN there, and searches over the
inputs (compute-optimal splits, solving) treat it as infeasible.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from catalog.engine import formulas

_COMPARE = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}


@dataclass(frozen=True)
class Compiled:
    text: str  # as the record writes it
    names: tuple[str, ...]  # the symbols it uses, in the order written
    func: Callable  # (*names) -> bool array


def of(law: Any) -> list[Compiled]:
    """The law's conditions compiled ([] for a law without any; a stored view may lack the field)."""
    written = getattr(law, "conditions", None)
    if not written:
        return []
    return list(_compiled(tuple(c.expression for c in written), tuple(law.symbols)))


def sides(law: Any) -> list[tuple[str, tuple[str, ...], str, str, str]]:
    """Each condition as (text as written, symbols it uses in the order written, left, relation,
    right): what the site's JavaScript is generated from (:mod:`catalog.site.jsgen`)."""
    out = []
    for c in getattr(law, "conditions", None) or ():
        left, relation, right, names = _parts(c.expression, law.symbols)
        out.append((c.expression.strip(), names, left, relation, right))
    return out


def _parts(text: str, symbols) -> tuple[str, str, str, tuple[str, ...]]:
    """A condition through the guard: (left, relation, right, the symbols it uses in the order written)."""
    left, relation, right, used = formulas.check_condition(text, frozenset(symbols))
    return left, relation, right, _in_order(text, used)


def _in_order(text: str, used: set[str]) -> tuple[str, ...]:
    """The names ``used`` in the order ``text`` first writes them (U, then D in 'U <= D')."""
    import re

    return tuple(sorted(used, key=lambda n: re.search(rf"\b{re.escape(n)}\b", text).start()))


@functools.lru_cache(maxsize=256)
def _compiled(texts: tuple[str, ...], symbols: tuple[str, ...]) -> tuple[Compiled, ...]:
    from catalog.engine.compiler import lambdify

    out = []
    for text in texts:
        left, relation, right, names = _parts(text, symbols)
        sides = [formulas.parse(side, symbols, positive=False) for side in (left, right)]
        args = [next(s for e in sides for s in e.free_symbols if s.name == n) for n in names]
        low, high = (lambdify(args, e) for e in sides)
        compare = _COMPARE[relation]
        out.append(Compiled(text.strip(), names, lambda *a, low=low, high=high, compare=compare:
                            compare(np.asarray(low(*a), dtype=float), np.asarray(high(*a), dtype=float))))
    return tuple(out)


def _values(law: Any, arrays: Mapping[str, Any], params: Mapping[str, Any], names: tuple[str, ...]) -> list:
    fixed = {n: s.value for n, s in law.symbols.items() if s.role == "fixed"}
    return [np.asarray(arrays[n] if n in arrays else params[n] if n in params else fixed[n], dtype=float)
            for n in names]


def holding(law: Any, arrays: Mapping[str, Any], params: Mapping[str, Any]) -> np.ndarray | None:
    """Where every condition holds, a boolean array broadcast over the inputs (a NaN input fails);
    None for a law without conditions."""
    compiled = of(law)
    if not compiled:
        return None
    ok = np.asarray(True)
    with np.errstate(all="ignore"):
        for condition in compiled:
            ok = ok & condition.func(*_values(law, arrays, params, condition.names))
    return ok


def failure(law: Any, arrays: Mapping[str, Any], params: Mapping[str, Any], ok: np.ndarray) -> str:
    """'U <= D does not hold: U = 1e+13, D = 1.7e+08': the first condition failing at the first
    point where ``ok`` is false, with its values there (and how many points fail, of several)."""
    from catalog.engine.evaluation import fmt

    ok = np.asarray(ok)
    idx = tuple(np.argwhere(~ok)[0]) if ok.ndim else ()
    count = f" ({int((~ok).sum())} of {ok.size} points)" if ok.size > 1 else ""
    for condition in _determined(law, arrays, params):
        values = [np.broadcast_to(v, ok.shape)[idx] for v in _values(law, arrays, params, condition.names)]
        with np.errstate(all="ignore"):
            if not bool(condition.func(*values)):
                shown = ", ".join(f"{n} = {fmt(float(v))}" for n, v in zip(condition.names, values))
                return f"{condition.text} does not hold: {shown}{count}"
    return f"a condition of the law does not hold{count}"


def failing_points(law: Any, arrays: Mapping[str, Any], params: Mapping[str, Any]) -> list[tuple[int, str]]:
    """Each point of the 1-d ``arrays`` where a condition fails, as (index, :func:`failure`'s
    message there), for the conditions that ``arrays``, ``params`` and the fixed symbols determine
    (one over a parameter not given is left out: a fit checks it at the fitted values)."""
    known = _determined(law, arrays, params)
    if not known:
        return []
    n = max((np.size(a) for a in arrays.values()), default=1)
    ok = np.ones(n, dtype=bool)
    with np.errstate(all="ignore"):
        for c in known:
            ok &= np.broadcast_to(c.func(*_values(law, arrays, params, c.names)), (n,))
    point = lambda i: {k: np.broadcast_to(a, (n,))[i] for k, a in arrays.items()}  # noqa: E731
    return [(int(i), failure(law, point(i), params, np.asarray(False))) for i in np.flatnonzero(~ok)]


def _determined(law: Any, arrays: Mapping[str, Any], params: Mapping[str, Any]) -> list:
    """The law's conditions over names ``arrays``, ``params`` or its fixed symbols give: not one
    over a parameter not given (before a fit), which is checked at the fitted values."""
    known = {*arrays, *params, *(n for n, s in law.symbols.items() if s.role == "fixed")}
    return [c for c in of(law) if set(c.names) <= known]


def stated(law: Any) -> str:
    """The conditions as written, joined: 'U <= D' (for messages about a search)."""
    return " and ".join(c.text for c in of(law))
