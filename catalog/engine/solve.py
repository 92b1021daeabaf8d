"""Solve a law for any of its inputs: which N gives L = 2.0 at D = 1.4T? And find the input at
which its output is least or greatest, the other inputs held fixed (:func:`extremum`): the
critical data size past which more tokens raise a low-precision loss, an optimal learning rate.

Numerically: the residual ``f(x) - target`` is scanned on a log-spaced grid of the unknown
(:data:`WINDOW`, 20 points per decade), every sign change is refined with
``scipy.optimize.brentq`` on ``log x``, and all roots are returned (a law need not be monotone).
Symbolically, when cheap: if the unknown occurs once in the formula, the formula tree is
inverted one operation at a time (:func:`catalog.engine.closedforms.inverse`, no sympy) and the closed
form is reported next to the numbers. Its value is the candidate root of the bracket it falls
in, accepted when the residual there vanishes, so a monotone law is solved with numpy alone;
scipy's ``brentq`` refines every other bracket. An extremum is found on the same grid: every
interior local minimum (or maximum) is refined with scipy's bounded ``minimize_scalar`` on
``log x``, then placed by a parabola through three nearby points.

The other inputs are numbers or relations, as ``catalog eval`` takes them: a relation between
given inputs is evaluated first, and one tied to the unknown (``D=20N`` while solving for N)
at every trial value of it, so the one-variable equation ``L(N, 20N) = 2`` is what is solved.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from catalog import definitions
from catalog.engine import closedforms, compiler, conditions, evaluation as engine, sweep
from catalog.engine.evaluation import Constants, EngineError, NoSolution, fmt

WINDOW = (1e-30, 1e60)
PER_DECADE = 20


@dataclass
class Solution:
    ref: str
    unknown: str
    value: float  # the solution closest (in log) to the unknown's fitted or default domain
    roots: list[float]  # isolated solutions
    given: dict[str, float]
    constants: Constants
    symbolic: str | None = None  # e.g. "N = (A/(L - E - B/D**beta))**(1/alpha)"
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    intervals: list[tuple[float, float]] = field(default_factory=list)  # where every value solves (flat law)
    related: dict[str, float] = field(default_factory=dict)  # inputs tied to the unknown (D=20N), at the solution
    relations: dict[str, str] = field(default_factory=dict)  # those relations as written, e.g. {"D": "20N"}
    defined: dict[str, float] = field(default_factory=dict)  # the law's defined quantities (Ehat) there, as eval's


def unknown_of(target: Any, given: Mapping[str, Any]) -> str:
    """The one variable of the law (its output or an input) that ``given`` leaves out: what
    ``catalog solve hoffmann2022 L=2 D=1.4T`` solves for when no ``--for`` names it."""
    law, _, ref = engine.unpack(target)
    missing = [n for n in (law.output_symbol, *law.input_symbols) if n not in given]
    if len(missing) == 1:
        return missing[0]
    if not missing:
        raise engine.BadValue(f"every variable of {ref} is given; say which to solve for (--for NAME)")
    raise engine.MissingInput(f"{ref}: {', '.join(missing)} are not given; give all but one of them, "
                              f"or say which to solve for (--for NAME){_optimal_hint(law, ref, given, missing)}")


def _optimal_hint(law, ref: str, given: Mapping[str, Any], missing: list[str]) -> str:
    """'; for the compute that reaches L = 2 ...': a loss given without N and D asks, most often,
    for the budget that reaches it, which catalog optimal finds (solve has no compute to solve for)."""
    from catalog.engine import optimal

    output = law.output_symbol
    if output not in given or law.dependent_variable not in optimal.LOWER_IS_BETTER or len(missing) != 2:
        return ""
    try:
        if set(optimal.pick_inputs(law)) != set(missing):
            return ""
    except engine.EngineError:
        return ""
    return (f"; for the compute that reaches {output}={given[output]} split compute-optimally: "
            f"catalog optimal {ref} {output}={given[output]} (in Python law.optimal().budget_reaching({given[output]}))")


def solve(target: Any, unknown: str | None, given: Mapping[str, Any], constant_set: str | None = None,
          overrides: Mapping[str, Any] | None = None, window: tuple[float, float] | None = None,
          symbolic: bool = True) -> Solution:
    """Find every value of ``unknown`` (an input, or the output; None: the one variable
    ``given`` leaves out, :func:`unknown_of`) in ``window`` at which the law holds with the
    ``given`` values (the output's value and the other inputs; parameter names in ``given``
    override constants). Inputs that may be negative (Elo, dates; see
    :data:`engine.SIGNED_VARIABLES`) are also searched in ``-window``."""
    law, _, ref = engine.unpack(target)
    # a misspelt name (loss=2 for L=2) is the error, not the value it leaves missing
    stray = next((name for name in given if name not in law.symbols), None)
    if stray is not None:
        raise engine._not_a(law, ref, stray, "input", None)
    if unknown is None:
        unknown = unknown_of(target, given)
    out = law.output_symbol
    role = law.symbols[unknown].role if unknown in law.symbols else None
    if role not in ("input", "output"):
        raise engine._not_a(law, ref, unknown, "unknown" if role == "defined" else "input", role)
    given = dict(given)
    _refuse_given(law, unknown, given, "what to solve for", "solve for {other} (--for {other})")
    consts = _constants(target, law, given, constant_set, overrides)

    if role == "output":
        ev = sweep.evaluate_specs(target, given, constants=consts)  # relations (D=20N) as eval takes them
        for n, v in ev.inputs.items():
            if np.ndim(v):  # a range (D=1..10), even of one point: sweep evaluates those
                raise engine.BadValue(f"{n}: solve takes one value per input (use sweep for ranges)")
        return Solution(ref, out, ev.value, [ev.value], {k: float(v) for k, v in ev.inputs.items()}, consts,
                        None, ev.warnings, ev.notes, defined=ev.defined)

    if out not in given:
        raise engine.MissingInput(f"solving {ref} for {unknown} needs the value of the output {out} (e.g. {out}=2.0)")
    spec = given.pop(out)
    target_value = sweep.percentage(target, out, spec)  # acc=40% in the output's unit, as an input's
    target_value = engine.as_number(out, spec) if target_value is None else target_value
    inputs = _inputs(target, unknown, given, f"solving {ref} for {unknown}")
    lo, hi = _window(window)
    residual = _residual(law, inputs, consts, target_value)
    # a relation tied to the unknown changes the equation: the law's own inverse no longer solves it
    closed_form = None if inputs.linked else _closed_form(law, unknown)
    closed_root = _closed_root(closed_form, law, unknown, inputs.fixed, consts, target_value) if closed_form else None
    roots, intervals = _roots(residual, lo, hi, closed_root)
    if engine.may_be_negative(law, unknown):
        neg_hint = -closed_root if closed_root is not None else None
        neg_roots, neg_intervals = _roots(lambda x: residual(-x), lo, hi, neg_hint)
        roots = sorted(-r for r in neg_roots) + roots
        intervals = sorted((-b, -a) for a, b in neg_intervals) + intervals
    dom = engine.domain(target, unknown, consts.set_id)
    if engine.may_be_negative(law, unknown):
        roots, intervals = _across_zero(residual, lo, roots, intervals, 1e-12 * max(abs(dom.low), abs(dom.high)))
    if not roots and not intervals:
        raise NoSolution(_no_root_message(law, ref, inputs, consts, target_value, lo, hi))
    if dom.scale == "linear":  # nearest the domain's middle, either sign (a z-score's root may be negative)
        candidates = roots + [min(max(dom.middle, a), b) for a, b in intervals]
        best = min(candidates, key=lambda r: abs(r - dom.middle))
    else:
        centre = 0.5 * (math.log(dom.low) + math.log(dom.high))
        candidates = roots + [_nearest(a, b, math.exp(centre)) for a, b in intervals]
        best = min(candidates, key=lambda r: (r <= 0, abs(math.log(abs(r)) - centre) if r else math.inf))
    warns, notes = engine.extrapolation_warnings(target, inputs.at(np.asarray(best)), constant_set=consts.set_id)
    for a, b in intervals:
        warns.append(f"every {unknown} from {fmt(a)} to {fmt(b)} gives {out}={fmt(target_value)}: the law does "
                     f"not depend on {unknown} there")
    if len(candidates) > 1:
        warns.append(f"{len(candidates)} solutions for {unknown}: "
                     f"{', '.join(fmt(r) for r in roots)}{'; ' if roots and intervals else ''}"
                     f"{', '.join(f'[{fmt(a)}, {fmt(b)}]' for a, b in intervals)}; showing the one nearest the "
                     f"{dom.source}")
    closed = None
    if symbolic and closed_root is not None and math.isclose(closed_root, best, rel_tol=1e-6):
        closed = _closed_text(law, unknown, closed_form)
    return Solution(ref, unknown, best, roots, {**inputs.numbers(), out: target_value},
                    consts, closed, warns, notes, intervals, inputs.related(best), inputs.relations(),
                    _defined_at(law, inputs, best, consts))


def _constants(target, law, given: dict, constant_set, overrides) -> Constants:
    """The constants to use; parameter names in ``given`` override them (and leave ``given``)."""
    params_given = {k: given.pop(k) for k in list(given) if k in law.symbols and law.symbols[k].role == "parameter"}
    return engine.resolve_constants(target, constant_set, {**(overrides or {}), **params_given})


def _log_grid(lo: float, hi: float) -> np.ndarray:
    """``log x`` over the window, :data:`PER_DECADE` points per decade."""
    # the decades as a difference of logs: hi / lo overflows for a window such as 1e-320..1e308
    return np.linspace(math.log(lo), math.log(hi), int(PER_DECADE * (math.log10(hi) - math.log10(lo))) + 1)


def _refuse_given(law, name: str, given: Mapping[str, Any], what: str, instead: str) -> None:
    """``name`` is the unknown: it takes no value, and a relation giving it (``N=D/20`` while
    solving for N) is refused with the two ways to say it: the relation turned round (``D=20*N``),
    or its other input as the unknown (``instead``, formatted with that input's name)."""
    if name not in given:
        return
    if law.symbols[name].role == "input":
        try:
            spec = sweep.classify(given[name], name, law.input_symbols)
        except EngineError:
            spec = None
        if isinstance(spec, sweep.Relation) and spec.depends:
            other = spec.depends[0]
            turned = _turned(spec) or f"{other} as a relation to {name} (e.g. {other}=20{name})"
            raise EngineError(f"{name}={spec.text}: {name} is {what}, so it cannot be given by a relation; "
                              f"write {turned} instead, or {instead.format(other=other)}")
    raise EngineError(f"{name} is {what}; do not give it a value")


def _turned(relation) -> str | None:
    """A relation of one other input solved for that input (``N=D/20`` -> ``D=20*N``); None when
    sympy finds no single answer within a second."""
    import sympy

    from catalog.engine import formulas

    expr = relation.symbolic()
    if len(expr.free_symbols) != 1:
        return None
    other = next(iter(expr.free_symbols))
    try:
        with formulas.solver_time_limit(1):
            found = sympy.solve(sympy.Eq(sympy.Symbol(relation.name, positive=True), expr), other)
    except (TimeoutError, NotImplementedError, ValueError, TypeError):
        return None
    return f"{other}={found[0]}" if len(found) == 1 else None


@dataclass(frozen=True)
class _Inputs:
    """The inputs besides the unknown: numbers (``fixed``; relations among given inputs already
    evaluated) and the relations tied to the unknown (``linked``, in the order they evaluate),
    evaluated at every trial value of it."""

    unknown: str
    fixed: dict[str, np.ndarray]
    linked: tuple[sweep.Relation, ...] = ()
    order: tuple[str, ...] = ()  # the law's inputs, as warnings list them

    def at(self, x) -> dict[str, np.ndarray]:
        """Every input at the unknown's value(s) ``x``, in the law's order."""
        values = {**self.fixed, self.unknown: x}
        for r in self.linked:
            values[r.name] = r(values)
        return {n: values[n] for n in self.order} if self.order else values

    def numbers(self) -> dict[str, float]:
        return {n: float(a) for n, a in self.fixed.items()}

    def related(self, x: float) -> dict[str, float]:
        """The inputs tied to the unknown, at its value ``x``."""
        values = self.at(np.asarray(x, dtype=float))
        return {r.name: float(values[r.name]) for r in self.linked}

    def relations(self) -> dict[str, str]:
        return {r.name: r.text for r in self.linked}

    def where(self) -> str:
        """``D=1.4e+12`` or ``D=20N``, for messages."""
        return ", ".join([*(f"{n}={fmt(a)}" for n, a in self.fixed.items()),
                          *(f"{r.name}={r.text}" for r in self.linked)])


def _inputs(target: Any, unknown: str, given: Mapping[str, Any], doing: str) -> _Inputs:
    """Every input but ``unknown``: one positive (or signed) number each, or a relation to other
    inputs (``D=20N``, as eval and sweep take it) or a percentage (``S=40%``, in the input's unit).
    Relations among the given inputs are evaluated now; those tied to the unknown, directly or
    through another relation, at each trial value."""
    law, _, ref = engine.unpack(target)
    others = [n for n in law.input_symbols if n != unknown]
    for name in given:
        r = law.symbols[name].role if name in law.symbols else None
        if r != "input":
            raise engine._not_a(law, ref, name, "input", r)
    missing = [n for n in others if n not in given]
    if missing:
        # with a value to write, as eval's message gives one: 'needs D too' left the user to guess a scale
        raise engine.MissingInput(f"{doing} needs {', '.join(missing)} too; "
                                  f"e.g. {missing[0]}={engine._example(law, missing[0])}")
    values, relations = sweep.split_specs({n: given[n] for n in others}, law.input_symbols, target)
    linked = _tied_to(unknown, relations)
    resolved = sweep.resolve(values, [r for r in relations if r not in linked])
    fixed = {n: engine.as_array(n, resolved[n]) for n in others if n in resolved}
    for n, a in fixed.items():
        if a.ndim:
            raise engine.BadValue(f"{n}: solve takes one value per input (use sweep for ranges)")
        engine.check_positive(law, n, a)
    return _Inputs(unknown, fixed, tuple(sweep.ordered(linked, [*fixed, unknown])), tuple(law.input_symbols))


def _defined_at(law, inputs: _Inputs, x: float, consts: Constants) -> dict[str, float]:
    """The quantities the law defines (Ehat, D') at the unknown's value ``x``: what eval prints
    under a value, for a solution."""
    values = engine.defined_values(law, inputs.at(np.asarray(x, dtype=float)), consts.values)
    return {k: float(v) for k, v in values.items()}


def _tied_to(unknown: str, relations: list) -> list:
    """The relations that depend on ``unknown``, directly or through another such relation."""
    names, tied = {unknown}, []
    while True:
        more = [r for r in relations if r not in tied and names & set(r.depends)]
        if not more:
            return tied
        tied.extend(more)
        names.update(r.name for r in more)


def _window(window: tuple[float, float] | None) -> tuple[float, float]:
    lo, hi = window or WINDOW
    if not (0 < lo < hi):
        raise engine.BadValue(f"the search window must satisfy 0 < low < high (got {lo}, {hi})")
    return lo, hi


@dataclass
class Extremum:
    ref: str
    over: str  # the input varied
    kind: str  # "minimum" or "maximum"
    value: float  # the input at the global extremum in the window
    output: float  # the law's output there
    local: list[tuple[float, float]]  # every interior local extremum of that kind, as (input, output)
    given: dict[str, float]
    constants: Constants
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    related: dict[str, float] = field(default_factory=dict)  # inputs tied to the one varied (M=7-E), there
    relations: dict[str, str] = field(default_factory=dict)  # those relations as written
    defined: dict[str, float] = field(default_factory=dict)  # the law's defined quantities (Ehat) there, as eval's
    edge: str = ""  # the law's conditions (U <= D) when the extremum is on their edge, not a stationary point


def extremum(target: Any, over: str, given: Mapping[str, Any], constant_set: str | None = None,
             overrides: Mapping[str, Any] | None = None, kind: str = "minimum",
             window: tuple[float, float] | None = None) -> Extremum:
    """The value of the input ``over`` (in ``window``: positive, or reaching below zero for an
    input that may be negative, :func:`_extremum_window`) at which the law's output is
    least (``kind="minimum"``) or greatest (``"maximum"``), every other input fixed by
    ``given`` (parameter names in ``given`` override constants). Only interior extrema count:
    an output still falling at the window's edge has no minimum there (:class:`NoSolution`); one
    still falling where the law's conditions stop holding (U <= D) has its minimum on their edge
    (``Extremum.edge``, with a note), as ``catalog optimal`` stays within them."""
    if kind not in ("minimum", "maximum"):
        raise EngineError(f"kind must be 'minimum' or 'maximum', not {kind!r}")
    law, _, ref = engine.unpack(target)
    out = law.output_symbol
    role = law.symbols[over].role if over in law.symbols else None
    if role != "input":
        raise engine._not_a(law, ref, over, "input", role)
    if law.form != "explicit":
        raise EngineError(f"{ref} is an implicit law: its extrema are not searched")
    given = dict(given)
    _refuse_given(law, over, given, "the input to vary", "vary {other} (--min {other} or --max {other})")
    consts = _constants(target, law, given, constant_set, overrides)
    inputs = _inputs(target, over, given, f"the {kind} of {ref} over {over}")
    lo, hi, linear = _extremum_window(target, law, over, consts, window)
    sign = 1.0 if kind == "minimum" else -1.0
    output = _residual(law, inputs, consts, 0.0)
    # a signed input (a z-score, a date from its origin) is scanned evenly over a window that may
    # reach below zero; any other over log x
    t = np.linspace(lo, hi, LINEAR_POINTS) if linear else _log_grid(lo, hi)
    to_x = (lambda u: u) if linear else math.exp
    v = sign * np.broadcast_to(output(t if linear else np.exp(t)), t.shape)
    inner = np.isfinite(v[1:-1]) & np.isfinite(v[:-2]) & np.isfinite(v[2:]) & (v[1:-1] < v[:-2]) & (v[1:-1] <= v[2:])
    from scipy.optimize import minimize_scalar

    local = []
    for i in np.flatnonzero(inner) + 1:
        # offsets from the grid point: the bounded search's tolerance is relative to |x|
        g = lambda u, c=t[i]: sign * float(output(np.asarray(to_x(c + u))))  # noqa: E731
        step = t[i + 1] - t[i]
        best = minimize_scalar(g, bounds=(-step, step), method="bounded",
                               options={"xatol": 1e-12 * (max(abs(lo), abs(hi)) if linear else 1.0)})
        u = float(best.x) if best.success and best.fun <= v[i] else 0.0
        u = _vertex(g, u, 1e-4 * (hi - lo) if linear else 1e-4)
        local.append((to_x(t[i] + u), sign * g(u)))
    edges = _condition_edges(law, inputs, consts, output, t, v, to_x)
    where = inputs.where()
    if not local and not edges:
        raise NoSolution(f"{out} has no {kind} in {over} over [{fmt(lo)}, {fmt(hi)}]"
                         f"{' at ' + where if where else ''}: it is monotone there, or its extremum is at an edge")
    x, y = min(local + edges, key=lambda p: sign * p[1])
    warns, notes = engine.extrapolation_warnings(target, inputs.at(np.asarray(x)), constant_set=consts.set_id)
    edge = conditions.stated(law) if (x, y) in edges else ""
    if edge:
        notes.append(f"the {kind} is on the edge of where the law holds ({edge}): {out} "
                     f"{'falls' if sign > 0 else 'rises'} further beyond it, where the law is not stated")
    if len(local) > 1:
        warns.append(f"{len(local)} local {kind}s of {out} in {over}: "
                     f"{', '.join(fmt(a) for a, _ in local)}; showing the {'least' if sign > 0 else 'greatest'}")
    return Extremum(ref, over, kind, x, y, local, inputs.numbers(), consts, warns, notes, inputs.related(x),
                    inputs.relations(), _defined_at(law, inputs, x, consts), edge)


def _condition_edges(law, inputs: _Inputs, consts, output, t: np.ndarray, v: np.ndarray, to_x) -> list[tuple[float, float]]:
    """Where the scanned ``v`` (the output, negated for a maximum) still falls at the edge of the
    law's conditions (U <= D): the last input where they hold, placed by bisection between the
    grid points either side, with the output there, as (input, output)."""
    def holds(u) -> np.ndarray:
        x = np.asarray(np.vectorize(to_x)(u), dtype=float)
        return np.broadcast_to(conditions.holding(law, inputs.at(x), consts.values), np.shape(u))

    if not conditions.of(law):
        return []
    inside = holds(t) & np.isfinite(v)
    found = []
    for i in np.flatnonzero(inside):
        for beyond, before in ((i + 1, i - 1), (i - 1, i + 1)):
            if not (0 <= beyond < t.size and 0 <= before < t.size and inside[before] and not inside[beyond]
                    and not holds(t[beyond]) and v[i] < v[before]):
                continue
            a, b = t[i], t[beyond]
            for _ in range(100):  # the grid step halved to the floating-point resolution of x
                mid = (a + b) / 2
                if mid in (a, b):
                    break
                a, b = (mid, b) if holds(mid) else (a, mid)
            found.append((to_x(a), float(output(np.asarray(to_x(a))))))
    return found


LINEAR_POINTS = 20_001  # the even scan of a signed input's window (a log scan takes PER_DECADE a decade)


def _extremum_window(target, law, over: str, consts, window) -> tuple[float, float, bool]:
    """(low, high, linear): where to look for an extremum over ``over``. An input that may be
    negative (:func:`engine.may_be_negative`) takes a window reaching below zero (``-3..3`` for a
    z-score), scanned evenly, and without one its domain when that is linear (its fitted range
    widened by engine.LINEAR_PAD of its width each side, as plot draws it); any other input a positive window, in log x."""
    signed = engine.may_be_negative(law, over)
    if window is None and signed:
        dom = engine.domain(target, over, consts.set_id)
        if dom.scale == "linear":
            pad = engine.LINEAR_PAD * (dom.high - dom.low)
            return dom.low - pad, dom.high + pad, True
    if window is not None and signed and window[0] <= 0:
        lo, hi = window
        if not lo < hi:
            raise engine.BadValue(f"the search window must satisfy low < high (got {lo}, {hi})")
        return lo, hi, True
    if window is not None and window[0] <= 0:
        raise engine.BadValue(f"the search window must satisfy 0 < low < high (got {window[0]}, {window[1]}): "
                              f"{over} ({law.symbols[over].variable}) is never negative")
    lo, hi = _window(window)
    return lo, hi, False


def _vertex(g, u: float, h: float = 1e-4) -> float:
    """One Newton step on central differences: Brent's search stops where the output is too flat
    to tell points apart (about 1e-7 in log x); a parabola through u - h, u, u + h places the
    vertex to about 1e-10."""
    low, mid, high = g(u - h), g(u), g(u + h)
    curvature = (high - 2 * mid + low) / h**2
    step = (high - low) / (2 * h) / curvature if curvature > 0 else math.inf
    return u - step if abs(step) < h else u


def _across_zero(f, lo: float, roots: list[float], intervals: list[tuple[float, float]],
                 resolution: float) -> tuple[list[float], list[tuple[float, float]]]:
    """The roots and flat intervals of a signed unknown, searched in [lo, hi] and [-hi, -lo], with
    what lies between: zero. A residual of zero there, or of opposite signs at -lo and lo, is a root
    at 0, joined with the flat intervals ending at -lo or lo; a joined interval narrower than
    ``resolution`` is rounding (P = b0 + b1*z at z = 0 reads as exactly b0 for |z| < 1e-16): the root 0."""
    with np.errstate(all="ignore"):
        at, left, right = (float(f(np.asarray(x))) for x in (0.0, -lo, lo))
    if not (at == 0 or (math.isfinite(left) and math.isfinite(right) and left * right < 0)):
        return roots, intervals
    touching = [iv for iv in intervals if math.isclose(iv[1], -lo, rel_tol=1e-9) or math.isclose(iv[0], lo, rel_tol=1e-9)]
    if not touching:
        return sorted(roots + [0.0]), intervals
    rest = [iv for iv in intervals if iv not in touching]
    joined = (min(0.0, *(a for a, _ in touching)), max(0.0, *(b for _, b in touching)))
    if joined[1] - joined[0] < resolution:
        return sorted(roots + [0.0]), rest
    return roots, sorted(rest + [joined])


def _nearest(a: float, b: float, x: float) -> float:
    """The point of [a, b] nearest x (a, b of one sign)."""
    lo, hi = min(a, b), max(a, b)
    return min(max(x, lo), hi) if lo > 0 else max(min(-x, hi), lo)


def _residual(law, inputs: _Inputs, consts, target_value):
    comp = compiler.compile_law(law, positive=all(v > 0 for v in consts.values.values()))
    params = [np.float64(consts.values[p]) for p in comp.parameters]  # numpy: 0.0**-1 is inf, not an exception
    target_value = np.float64(target_value)

    def f(x: np.ndarray) -> np.ndarray:
        values = inputs.at(x)
        args = [values[n] for n in comp.inputs]
        with np.errstate(all="ignore"):
            if comp.form == "implicit":
                r = np.asarray(comp.func(target_value, *args, *params), dtype=float)
            else:
                r = np.asarray(comp.func(*args, *params), dtype=float) - target_value
        holds = conditions.holding(law, values, consts.values)  # no root where the law is not stated (U > D)
        return r if holds is None else np.where(holds, r, np.nan)

    return f


def _closed_form(law, unknown: str) -> list | None:
    """The formula tree solved for ``unknown`` (see :func:`catalog.engine.closedforms.inverse`)."""
    from catalog.engine import numeric

    if law.form != "explicit":
        return None
    tree = getattr(law, "numeric", None) or numeric.tree(law.expanded_expression, tuple(law.symbols))
    return closedforms.inverse(tree, unknown, law.output_symbol)


def _closed_text(law, unknown: str, closed_form: list) -> str:
    """``N = ...``: the closed form over the law's defined symbols (Ehat) as it is printed, their
    definitions after it, when the unknown is in none of them (written out, Ehat's definition came
    three times); else the written-out one."""
    from catalog.engine import numeric

    defs = definitions.definitions(law)
    if defs and not any(unknown in definitions.made_of(law, name, "input") for name in defs):
        printed = closedforms.inverse(numeric.tree(law.expression, tuple(law.symbols)), unknown, law.output_symbol)
        if printed is not None:
            return definitions.followed_by(f"{unknown} = {closedforms.text(printed)}", definitions.where_text(defs))
    return f"{unknown} = {closedforms.text(closed_form)}"


def _closed_root(closed_form: list, law, unknown, fixed, consts, target_value) -> float | None:
    """The closed form's value at the given point (None if it is not a real number)."""
    from catalog.engine import numeric

    names = [law.output_symbol, *law.input_symbols, *consts.values]
    values = [np.float64(target_value), *[np.float64(math.nan) if n == unknown else fixed[n] for n in law.input_symbols],
              *[np.float64(v) for v in consts.values.values()]]
    for name, s in law.symbols.items():
        if s.role == "fixed":
            names.append(name)
            values.append(np.float64(s.value))
    with np.errstate(all="ignore"):
        value = float(np.asarray(numeric.function(closed_form, names)(*values), dtype=float))
    return value if math.isfinite(value) else None


def _roots(f, lo: float, hi: float, hint: float | None = None) -> tuple[list[float], list[tuple[float, float]]]:
    """(isolated roots, intervals on which the residual is exactly zero: the law is flat in the
    unknown there, e.g. past a Min/Max kink or where an exponential has saturated). ``hint``, a
    closed-form root, is taken for the bracket it falls in when the residual vanishes there;
    every other bracket is refined with ``brentq``."""

    t = _log_grid(lo, hi)
    v = np.broadcast_to(f(np.exp(t)), t.shape)
    finite = np.isfinite(v)
    zero = finite & (v == 0)
    roots: list[float] = []
    intervals: list[tuple[float, float]] = []

    def is_zero(s: float) -> bool:
        r = float(f(np.asarray(math.exp(s))))
        return r == 0

    def edge(inside: float, outside: float) -> float:
        for _ in range(60):
            mid = 0.5 * (inside + outside)
            inside, outside = (mid, outside) if is_zero(mid) else (inside, mid)
        return math.exp(inside)

    i = 0
    while i < t.size:
        if not zero[i]:
            i += 1
            continue
        j = i
        while j + 1 < t.size and zero[j + 1]:
            j += 1
        if j == i:
            roots.append(float(math.exp(t[i])))
        else:
            left = math.exp(t[0]) if i == 0 else edge(t[i], t[i - 1])
            right = math.exp(t[-1]) if j == t.size - 1 else edge(t[j], t[j + 1])
            intervals.append((left, right))
        i = j + 1
    g = lambda s: float(f(np.asarray(math.exp(s))))  # noqa: E731
    brackets = [(t[i], t[i + 1]) for i in np.flatnonzero(finite[:-1] & finite[1:] & (np.sign(v[:-1]) * np.sign(v[1:]) < 0))]
    # a grid point on a pole (S = 1 in (1 - S)**-b gives inf) hides a root between it and the last finite
    # point: step from the pole towards that point until the residual is finite again
    for i in np.flatnonzero(finite[:-1] != finite[1:]):
        near, pole = (i, i + 1) if finite[i] else (i + 1, i)
        if np.isinf(v[pole]) and np.sign(v[near]) * np.sign(v[pole]) < 0:
            bracket = _beside_pole(g, t[near], t[pole], np.sign(v[pole]))
            if bracket is not None:
                brackets.append(bracket)
    at = math.log(hint) if hint is not None and hint > 0 else math.nan
    for a, b in sorted(brackets):
        # a sign change across a pole is not a root
        scale = max(1.0, abs(g(a)), abs(g(b)))
        if a <= at <= b and abs(g(at)) <= 1e-6 * scale:
            roots.append(hint)
            continue
        from scipy.optimize import brentq

        try:
            root = brentq(g, a, b, xtol=1e-15, rtol=1e-15, maxiter=200)
        except (ValueError, RuntimeError):
            continue
        if abs(g(root)) <= 1e-6 * scale:
            roots.append(math.exp(root))
    return sorted(set(roots)), intervals


def _beside_pole(g, near: float, pole: float, pole_sign: float) -> tuple[float, float] | None:
    """A bracket (in log x) of the root between ``near``, where the residual ``g`` is finite, and
    ``pole``, where it is infinite with sign ``pole_sign``: bisected until a point is finite and of
    the pole's sign (None: none found, the residual stays infinite up to ``near``)."""
    for _ in range(80):
        mid = 0.5 * (near + pole)
        value = g(mid)
        if not math.isfinite(value):
            pole = mid
        elif np.sign(value) == pole_sign:
            return (min(near, mid), max(near, mid))
        else:
            near = mid
    return None


def _no_root_message(law, ref, inputs: _Inputs, consts, target_value, lo, hi) -> str:
    out, unknown = law.output_symbol, inputs.unknown
    where = inputs.where()
    at = f" at {where}" if where else ""
    if law.form == "explicit":
        comp = compiler.compile_law(law, positive=all(v > 0 for v in consts.values.values()))
        x = np.logspace(math.log10(lo), math.log10(hi), 2001)
        values = inputs.at(x)
        args = [values[n] for n in comp.inputs]
        with np.errstate(all="ignore"):
            y = np.broadcast_to(comp.func(*args, *[np.float64(consts.values[p]) for p in comp.parameters]), x.shape)
        holds = conditions.holding(law, values, consts.values)
        stated = f" where {conditions.stated(law)} holds" if holds is not None else ""
        y = y[np.isfinite(y) & (True if holds is None else np.broadcast_to(holds, x.shape))]
        if y.size:
            return (f"no {unknown} in [{fmt(lo)}, {fmt(hi)}] gives {out}={fmt(target_value)}{at}: over that window "
                    f"{out} only takes values between {fmt(y.min())} and {fmt(y.max())}{stated}")
        if holds is not None:
            return f"no {unknown} in [{fmt(lo)}, {fmt(hi)}] satisfies {conditions.stated(law)}{at}"
    return f"no {unknown} in [{fmt(lo)}, {fmt(hi)}] gives {out}={fmt(target_value)}{at}"
