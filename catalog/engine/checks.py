"""A law's check values evaluated: what the law gives for each number a check expects. The one
code ``catalog validate`` (:func:`catalog.records.check_value_issues`) and the test suite
(tests/test_check_values.py) run, on the same law (:func:`as_stored`), for every kind of check:

- ``value``: the output at the check's inputs, or, when the expected key is an input, that input
  solved from the others and the output (the root nearest the expected value);
- ``compute_optimal``: a key of :meth:`catalog.engine.optimal.Optimum.summary` (``N_opt_exponent``, ...)
  under C = k*N*D (input ``flops_per_parameter_token`` is k, default 6);
- ``minimum`` / ``maximum``: the input where the output is least or greatest, or the output there.
"""

from __future__ import annotations

import math
from typing import Any

from catalog.engine import evaluation as engine, optimal, solve
from catalog.engine.errors import EngineError


def as_stored(paper: Any, law: Any) -> Any:
    """The LawRef check values are computed on: a copy of ``law`` given the formula tree and closed
    forms ``catalog load`` stores with it (:func:`catalog.engine.numeric.stored_text`), so that the
    checks evaluate it as the commands do from the database, not compiled by sympy (two thirds of
    validate's time on the checks)."""
    from catalog.engine import numeric
    from catalog.store.lawstore import LawRef

    law = law.model_copy()
    numeric.attach(law, numeric.stored_text(law))
    return LawRef(paper, law)


def computed(ref: Any, cv: Any, key: str, optima: dict | None = None) -> float | None:
    """What the law ``ref`` (a LawRef) gives for the check value ``cv``'s ``expected[key]``, with the
    check's constant set and any constants its inputs override (None: the result has no such
    quantity). Raises :class:`EngineError` (a ValueError) when it cannot be computed. ``optima``
    keeps compute-optimal allocations between the checks that share one."""
    if cv.kind == "value":
        return _value(ref, cv, key)
    if cv.kind == "compute_optimal":
        return _optimal(ref, cv, key, {} if optima is None else optima)
    law = ref.law
    over = next((n for n in cv.expected if n in law.input_symbols), None)
    if over is None:
        raise EngineError(f"a {cv.kind} check expects one of the law's inputs ({', '.join(law.input_symbols)})")
    found = solve.extremum(ref, over, cv.inputs, cv.constant_set, kind=cv.kind)
    return found.value if key == over else found.output


def relative_difference(value: float, reference: float) -> float:
    """``(value - reference) / |reference|``, written as ``value/|reference| - sign(reference)``:
    the difference itself overflows to inf near the largest float (1.7e308 against -1.7e308).
    ``reference`` is not zero."""
    return value / abs(reference) - math.copysign(1, reference)


def describe(ref: Any, cv: Any, key: str) -> str:
    """Where the check is made, for a message: ``at N=1e+08``, ``solved from L=2, D=1.4e+12``,
    ``compute-optimal (k=6)``, ``at the minimum over D given N=1e+09``."""
    at = ", ".join(f"{k}={v:g}" for k, v in cv.inputs.items())
    if cv.kind == "value":
        return f"at {at}" if key == ref.law.output_symbol else f"solved from {at}"
    if cv.kind == "compute_optimal":
        return f"compute-optimal{f' at {at}' if at else ''}"
    over = next((n for n in cv.expected if n in ref.law.input_symbols), key)
    return f"at the {cv.kind} over {over}{f' given {at}' if at else ''}"


def _value(ref: Any, cv: Any, key: str) -> float:
    law = ref.law
    roles = {n: s.role for n, s in law.symbols.items()}
    params = {k: v for k, v in cv.inputs.items() if roles.get(k) == "parameter"}
    given = {k: v for k, v in cv.inputs.items() if roles.get(k) in ("input", "output")}
    unknown = [k for k in cv.inputs if roles.get(k) not in ("input", "output", "parameter")]
    if unknown:
        raise EngineError(f"the check's inputs name symbols the law does not have: {', '.join(unknown)}")
    if key == law.output_symbol:
        return engine.evaluate(ref, given, cv.constant_set, params, with_notes=False).value
    if roles.get(key) != "input":
        raise EngineError(f"expected key {key!r} is neither the output nor an input of the law (its output is "
                          f"{law.output_symbol}; its inputs {', '.join(law.input_symbols) or 'none'})")
    sol = solve.solve(ref, key, given, cv.constant_set, params, symbolic=False)
    # an output a law reaches at several inputs (bergsma2025b: R_C = 3.34 at k_N = 0.267 and at 12.49) checks
    # that the printed input is one of them; solve leads with the one nearest the fitted or paper range
    return min(sol.roots, key=lambda r: abs(r - cv.expected[key])) if sol.roots else sol.value


def _optimal(ref: Any, cv: Any, key: str, optima: dict) -> float | None:
    law = ref.law
    k = cv.inputs.get("flops_per_parameter_token", optimal.DEFAULT_K)
    fixed = {n: v for n, v in cv.inputs.items() if n in law.input_symbols}
    params = {n: v for n, v in cv.inputs.items() if n in law.parameter_symbols}
    unknown = set(cv.inputs) - {"flops_per_parameter_token"} - set(fixed) - set(params)
    if unknown:
        raise EngineError(f"compute_optimal check inputs not understood: {', '.join(sorted(unknown))}")
    cache_key = (ref.id, cv.constant_set, k, tuple(sorted(fixed.items())), tuple(sorted(params.items())))
    if cache_key not in optima:
        optima[cache_key] = optimal.compute_optimal(ref, cv.constant_set, params or None, k=k, fixed=fixed)
    summary = optima[cache_key].summary()
    if key not in summary:
        raise EngineError(f"unknown compute_optimal key {key!r}; known: {', '.join(summary)}")
    return summary[key]
