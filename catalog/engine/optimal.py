"""Compute-optimal allocation: for a law L(N, D) and a budget C = k*N*D (k = 6 by default),
the N and D that minimise L, and the loss reached, as functions of C.

Symbolic where possible: with D = C/(k*N) substituted, monotone outer layers are peeled off
(an additive or positive multiplicative constant, a positive power, exp, log), and when what is
left is a sum of two power terms in N the stationary point has a closed form, derived with
sympy with the constants kept as symbols (so the general formula can be shown, e.g. Chinchilla's
``N_opt = (alpha*A/(beta*B))**(1/(alpha+beta)) * (C/k)**(beta/(alpha+beta))``). The loader
derives it once and stores it with the law (:mod:`catalog.engine.closedforms`); for a law read without
it, it is derived at run time the same way. Other shapes are not handed to ``sympy.solve``: for
the catalog's laws (exponentials, three power terms, nested sums) it found nothing in seconds,
and a time limit on it made the answer depend on the machine's speed. A closed form is
accepted when a fine numpy scan confirms it is the minimum (:func:`_is_minimum`); otherwise the
optimum is found numerically (a log-spaced scan of N refined with
``scipy.optimize.minimize_scalar``).

The result states N_opt, D_opt and L_opt - L_inf as power laws ``a * C**b`` when they are
(coefficients from the closed form at C = 1, exponents from its log-log slope, the irreducible
term from three points; each checked on a grid of budgets), with the same key names that
compute_optimal check values use: N_opt_coefficient, N_opt_exponent, D_opt_coefficient,
D_opt_exponent, L_opt_coefficient, L_opt_exponent, L_opt_irreducible.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from catalog.engine import compiler, conditions, evaluation as engine
from catalog.engine.errors import DomainError
from catalog.engine.evaluation import Constants, EngineError, NoSolution, fmt

DEFAULT_K = 6.0


def flops_per_parameter_token(k: Any = None) -> float:
    """``k`` of C = k*N*D as a positive number (``"6"`` from a command line; None: :data:`DEFAULT_K`)."""
    k = DEFAULT_K if k is None else engine.as_number("k", k)
    if not k > 0:
        raise DomainError(f"k must be positive (got {fmt(k)}): C = k*N*D")
    return k


def relation(k: float, *names: str) -> str:
    """The product k*N*D as pages and tables write it: ``6ND`` for one-letter names, ``6 × name ×
    name`` where any is longer (run together, 6toStringtoLocaleString reads as one name)."""
    if all(len(n) == 1 for n in names):
        return fmt(k) + "".join(names)
    return " × ".join([fmt(k), *names])
# Outputs an allocation can minimise: lower is better. An accuracy or a learning rate is no such
# output: minimised, an accuracy law gave its worst split, and both were called 'the loss'.
LOWER_IS_BETTER = frozenset({
    "loss", "downstream_loss", "student_loss", "teacher_loss", "pretraining_loss", "unigram_normalized_loss",
    "perplexity", "downstream_error", "upstream_error", "teacher_error", "reconstruction_error", "token_error_rate",
    "qat_quantization_error", "ptq_degradation"})
_SCAN = 600  # points per budget in the numeric scan over log N
# The power laws in C are fitted on BUDGET_POINTS budgets spaced evenly in log C across the fitted
# range's budgets (fitted_budgets), and stated only where every budget lies within the tolerance:
# CLOSED_FORM_TOL for a closed-form optimum, NUMERIC_TOL for a scanned one. The law pages' calculators
# check on the same budgets with CLOSED_FORM_TOL (catalog.site.views.optimal_check).
BUDGET_POINTS = 13
CLOSED_FORM_TOL = 1e-7
NUMERIC_TOL = 1e-3


@dataclass(frozen=True)
class PowerLaw:
    """``offset + coefficient * C**exponent``; ``deviation`` is the largest relative misfit on
    the budgets checked (0 up to rounding for a closed form)."""

    coefficient: float
    exponent: float
    offset: float = 0.0
    deviation: float = 0.0

    def __call__(self, c):
        return self.offset + self.coefficient * np.asarray(c, dtype=float) ** self.exponent

    def __str__(self) -> str:
        text = f"{fmt(self.coefficient)} C^{fmt(self.exponent)}"
        return text + (f" + {fmt(self.offset)}" if self.offset else "")


@dataclass
class Optimum:
    ref: str
    output: str
    n: str
    d: str
    k: float
    method: str  # "symbolic" or "numeric"
    constants: Constants
    budgets: tuple[float, float]  # the range of C the forms were checked on
    n_opt: Callable = field(repr=False)
    N_opt: PowerLaw | None = None
    D_opt: PowerLaw | None = None
    L_opt: PowerLaw | None = None
    formulas: dict[str, str] = field(default_factory=dict)  # general closed forms, constants symbolic
    notes: list[str] = field(default_factory=list)
    fixed: dict[str, float] = field(default_factory=dict)
    _loss: Callable | None = field(default=None, repr=False)
    _target: Any = field(default=None, repr=False)  # the law, for the fitted ranges of its inputs

    @property
    def units(self) -> dict[str, str]:
        """The unit of each value ``at`` gives (N_opt, D_opt, L_opt: the law's inputs' and output's
        as the record states them, '' where it states none), as ``Evaluation.units`` gives eval's."""
        law = engine.unpack(self._target)[0] if self._target is not None else None
        symbols = law.symbols if law is not None else {}
        return {f"{name}_opt": (symbols[name].unit or "") if name in symbols else ""
                for name in (self.n, self.d, self.output)}

    def at(self, c) -> dict[str, np.ndarray | float]:
        """N_opt, D_opt and L_opt at budget(s) ``c`` (numbers, ``"1e24"``-style strings or arrays, all
        finite and positive)."""
        c = engine.as_array("C", c)
        if c.size and float(c.min()) <= 0:
            raise DomainError(f"the budget C must be positive (got {fmt(float(c.min()))}): an allocation of no or "
                              f"negative compute has no model size")
        with np.errstate(all="ignore"):  # an under- or overflow is said below, not warned on the way
            split = self._split(c, self.n_opt(c))
        n, d = (np.asarray(split[f"{name}_opt"], dtype=float) for name in (self.n, self.d))
        # a budget at the ends of double precision (C=1e-320, 1e308) gave N_opt = 0 and D_opt = inf, printed
        # as an allocation, and their ratio divided by zero (catalog optimal, predict C=...)
        beyond = ~(np.isfinite(n) & np.isfinite(d) & (n > 0) & (d > 0))
        if beyond.any():
            i = np.flatnonzero(np.ravel(beyond))[0]
            raise DomainError(f"at C={fmt(float(np.ravel(c)[i]))} the compute-optimal split leaves double precision "
                              f"({self.n}_opt={fmt(float(np.ravel(n)[i]))}, {self.d}_opt={fmt(float(np.ravel(d)[i]))}): "
                              f"no allocation of this budget can be given")
        return split

    def _split(self, c: np.ndarray, n) -> dict[str, np.ndarray | float]:
        """N_opt, D_opt and L_opt at budget(s) ``c`` whose N_opt is ``n``."""
        d = c / (self.k * n)
        loss = self._loss(n, d)
        scalar = c.ndim == 0
        conv = (lambda a: float(a)) if scalar else (lambda a: np.asarray(a))
        return {f"{self.n}_opt": conv(n), f"{self.d}_opt": conv(d), f"{self.output}_opt": conv(loss)}

    def value(self, n, d):
        """The law's output at a split (``n``, ``d``), any split (arrays broadcast), with this
        optimum's constants and held inputs: the compiled evaluation the search uses."""
        return self._loss(n, d)

    def warnings_at(self, c) -> tuple[list[str], list[str]]:
        """(extrapolation warnings, notes) at budget(s) ``c``, as ``catalog eval`` gives them:
        N_opt, D_opt and the fixed inputs against their fitted ranges for the constant set used
        (the set's own range where it records one), and the budget against the range of a
        compute input of the law, where it records one. A budget's optimum far from the runs
        the law was fitted on is an extrapolation like any other point."""
        at = self.at(c)
        return self.warnings_for(at[f"{self.n}_opt"], at[f"{self.d}_opt"], c)

    def beyond_at(self, c) -> dict[str, dict[str, float | None]]:
        """The inputs of the optimum at budget ``c`` (N_opt, D_opt, the fixed ones) beyond the
        set's fitted range, with its ends and the factor beyond (:func:`catalog.engine.evaluation.beyond_ranges`)."""
        at = self.at(c)
        point = {self.n: at[f"{self.n}_opt"], self.d: at[f"{self.d}_opt"], **self.fixed}
        return engine.beyond_ranges(engine.unpack(self._target)[0], point, self.constants.set_id)

    def warnings_for(self, n, d, c) -> tuple[list[str], list[str]]:
        """:meth:`warnings_at` for a split (``n``, ``d``) of budget ``c`` that need not be the
        compute-optimal one (the inference-aware split, :mod:`catalog.engine.inference`)."""
        point = {self.n: n, self.d: d, **self.fixed}
        warns, notes = engine.extrapolation_warnings(self._target, {k: np.asarray(v) for k, v in point.items()},
                                                     constant_set=self.constants.set_id)
        law = engine.unpack(self._target)[0]
        for name in law.input_symbols:
            if law.symbols[name].variable == "compute" and name not in (self.n, self.d):
                budget, _ = engine.extrapolation_warnings(self._target, {name: np.asarray(c, dtype=float)},
                                                          constant_set=self.constants.set_id)
                # the input may be held at another value: name the budget, not the input's value
                warns.extend(w.replace(f"extrapolation: {name}=", "extrapolation: the budget C=", 1) for w in budget)
        return warns, notes

    def budget_reaching(self, value) -> float:
        """The least budget C whose compute-optimal loss L_opt(C) is ``value``: the compute the
        law says reaching a loss takes, allocated optimally (Chinchilla's L = 2.0 at 1.1e23 FLOPs).
        Searched over 1 to 1e60 FLOPs on a log grid, refined with brentq; NoSolution says why
        none is there (below the loss the law approaches with unlimited compute, say)."""
        from scipy.optimize import brentq

        target = engine.as_number(self.output, value)
        name = f"{self.output}_opt"
        with np.errstate(all="ignore"):
            exponents = np.linspace(0.0, 60.0, 241)
            reached = np.asarray(self.along(10.0 ** exponents)[name], dtype=float)
            losses = reached - target
        finite = np.isfinite(losses)
        crossing = np.flatnonzero(finite[:-1] & finite[1:] & (np.sign(losses[:-1]) != np.sign(losses[1:])))
        if not len(crossing):
            reached = reached[finite]  # as computed: losses + target loses their digits to a target of 1e19
            if not len(reached):
                raise NoSolution(f"{self.ref}: {name} is not finite at any budget from 1 to 1e60 FLOPs")
            low, high = float(reached.min()), float(reached.max())
            floor = self.L_opt.offset if self.L_opt is not None and self.L_opt.offset else None
            where = ("not reached where it is finite" if low <= target <= high
                     else f"above the greatest, {fmt(high)}" if target > high
                     else f"below {fmt(floor)}, which the law approaches with unlimited compute" if floor is not None
                     else f"below the least, {fmt(low)}")
            raise NoSolution(f"{self.ref}: no budget from 1 to 1e60 FLOPs has {name} = {fmt(target)}: it is {where}")
        i = int(crossing[0])
        log_c = brentq(lambda e: float(self.at(10.0 ** e)[name]) - target, exponents[i], exponents[i + 1], xtol=1e-12)
        return float(10.0 ** log_c)

    def along(self, budgets) -> dict[str, np.ndarray]:
        """N_opt, D_opt and L_opt at each of ``budgets`` (the frontier over a range of C), NaN where a
        budget has no optimum: a numeric optimum refuses a budget too small for one parameter and
        one token (C/k <= 1) or with no interior split, which ended the search for a loss at its
        first budget (C = 1). Each budget's optimum is found once: the numeric search goes budget
        by budget (over the grid it stopped at the first budget without one, and the grid was
        searched again budget by budget)."""
        budgets = np.atleast_1d(np.asarray(budgets, dtype=float))
        n = None
        if self.method != "numeric":  # a closed form: the whole grid at once
            try:
                n = np.asarray(self.n_opt(budgets), dtype=float)
            except NoSolution:
                pass
        if n is None:
            n = np.full(len(budgets), np.nan)
            for i, c in enumerate(budgets):
                try:
                    n[i] = float(self.n_opt(c))
                except NoSolution:
                    continue
        with np.errstate(all="ignore"):
            return {k: np.asarray(v, dtype=float) for k, v in self._split(budgets, n).items()}

    def summary(self) -> dict[str, float | None]:
        """The compute_optimal check-value keys."""
        def part(p: PowerLaw | None, attr: str):
            return None if p is None else getattr(p, attr)
        return {
            "N_opt_coefficient": part(self.N_opt, "coefficient"), "N_opt_exponent": part(self.N_opt, "exponent"),
            "D_opt_coefficient": part(self.D_opt, "coefficient"), "D_opt_exponent": part(self.D_opt, "exponent"),
            "L_opt_coefficient": part(self.L_opt, "coefficient"), "L_opt_exponent": part(self.L_opt, "exponent"),
            "L_opt_irreducible": part(self.L_opt, "offset"),
        }


def pick_inputs(target: Any, n: str | None = None, d: str | None = None) -> tuple[str, str]:
    """The model-size and data inputs: given, else by normalized variable, else named N and D."""
    law, _, ref = engine.unpack(target)
    inputs = law.input_symbols

    def find(name, variable, default):
        if name is not None:
            if name not in inputs:
                raise engine._not_a(law, ref, name, "input", law.symbols[name].role if name in law.symbols else None)
            return name
        by_var = [s for s in inputs if law.symbols[s].variable == variable]
        if len(by_var) == 1:
            return by_var[0]
        if default in inputs:
            return default
        listed = ", ".join(f"{s} ({law.symbols[s].variable or 'no variable'})" for s in inputs) or "none"
        # an input without a variable may be either, and of several inputs of the variable any one;
        # n=/d= are compute_optimal's (the CLI has none)
        untyped = len(inputs) > 1 and any(law.symbols[s].variable is None for s in inputs)
        which = f"{len(by_var)} of them {variable}" if by_var else f"none of them {variable}"
        named = ("; name the inputs of model size and data in Python: "
                 "catalog.engine.optimal.compute_optimal(law, n=..., d=...)" if untyped or by_var else "")
        raise EngineError(f"compute-optimal allocation needs a law in model size and data; {ref} has inputs "
                          f"{listed}, {which}{named}")

    nn = find(n, "model_parameters", "N")
    dd = find(d, "data", "D")
    if nn == dd:
        raise EngineError(f"model size and data must be different inputs (both {nn})")
    return nn, dd


def _check_counted(law: Any, ref: str, nn: str, dd: str) -> None:
    """Refuse a law whose model size or data is in a stated unit that is no count (a fraction of a
    base model or of a full training set, n/N): C = k*N*D is a number of FLOPs only for counts of
    parameters and of data, and a split of fractions of different bases is no allocation of a
    budget. An unstated unit is taken as the count its variable names."""
    from catalog import vocab
    from catalog.engine import units

    for name in (nn, dd):
        symbol = law.symbols[name]
        if not vocab.unit_not_stated(symbol.unit) and units.base_factor(symbol.variable, symbol.unit) is None:
            raise EngineError(f"compute-optimal allocation splits C = k*N*D in counts of parameters and data; "
                              f"{ref} takes {name} in {symbol.unit}, which is no count")


def _check_minimised(law: Any, ref: str) -> None:
    """Refuse a law whose output is not better lower (an accuracy, an optimal learning rate)."""
    dependent = law.dependent_variable
    if dependent is not None and dependent not in LOWER_IS_BETTER:
        from catalog import vocab

        about = vocab.VARIABLES.get(dependent, (dependent,))[0]
        raise EngineError(f"compute-optimal allocation minimises a loss or an error along C = k*N*D; {ref} predicts "
                          f"{dependent} ({about}), which is not one")


def compute_optimal(target: Any, constant_set: str | None = None, overrides: Mapping[str, Any] | None = None,
                    k: float = DEFAULT_K, n: str | None = None, d: str | None = None,
                    fixed: Mapping[str, Any] | None = None, method: str = "auto",
                    budgets: tuple[float, float] | None = None, fit: bool = True) -> Optimum:
    """Minimise the law over N and D with k*N*D = C. ``fixed`` gives values for any other
    inputs; ``method`` is "auto" (symbolic, else numeric), "symbolic" or "numeric". ``fit=False``:
    for the optimum at budgets asked for (``Optimum.at``) alone, the power laws in C and their
    notes are not fitted; the budgets are searched only until one has an interior optimum (none:
    NoSolution, as with the fits)."""
    law, paper, ref = engine.unpack(target)
    if method not in ("auto", "symbolic", "numeric"):
        raise EngineError(f"method must be auto, symbolic or numeric (got {method!r})")
    k = engine.as_number("k", k)
    if k <= 0:
        raise engine.DomainError(f"k must be positive (got {fmt(k)}): C = k*N*D")
    _check_minimised(law, ref)
    nn, dd = pick_inputs(target, n, d)
    _check_counted(law, ref, nn, dd)
    consts = engine.resolve_constants(target, constant_set, overrides)
    others = [s for s in law.input_symbols if s not in (nn, dd)]
    fixed = dict(fixed or {})
    for name in fixed:
        if name not in others:
            raise engine._not_a(law, ref, name, "input", law.symbols[name].role if name in law.symbols else None) \
                if name not in (nn, dd) else EngineError(f"{name} is optimised; do not fix it")
    missing = [s for s in others if s not in fixed]
    if missing:
        raise engine.MissingInput(f"{ref} has other inputs besides {nn} and {dd}; give values for {', '.join(missing)}")
    fixed_vals = {s: engine.as_number(s, v) for s, v in fixed.items()}

    if budgets is None:
        budgets = fitted_budgets(target, nn, dd, k, consts.set_id)
    lo, hi = budgets
    # one budget asked for alone (budgets=(C, C)): its optimum, no power laws in C
    grid = np.logspace(math.log10(lo), math.log10(hi), BUDGET_POINTS) if hi != lo else np.array([float(lo)])

    def loss(nv, dv):
        arrays = {nn: np.asarray(nv, dtype=float), dd: np.asarray(dv, dtype=float),
                  **{s: np.asarray(v) for s, v in fixed_vals.items()}}
        return engine.compute(law, arrays, consts.values, ref=ref, check=False)

    numeric_n = _numeric_optimum(loss, k, ref, nn, conditions.stated(law))
    notes: list[str] = _stated_allocations(paper, ref)
    formulas: dict[str, str] = {}
    n_opt = None
    used = "numeric"
    if method in ("auto", "symbolic") and law.form == "explicit":
        found = _stored_optimum(law, nn, dd, consts, fixed_vals, k)
        if found is None:  # no closed form stored with the law: derive it now
            found = _symbolic_optimum(law, nn, dd, consts, fixed_vals, k)
        for func, general, tree in found:
            if _checked_minimum(law, nn, dd, consts, fixed_vals, k, grid[[0, len(grid) // 2, -1]], general, tree,
                                lambda budgets: _is_minimum(func, loss, k, budgets)):
                n_opt, used = func, "symbolic"
                formulas[f"{nn}_opt"] = f"{nn}_opt = {general}"
                formulas[f"{dd}_opt"] = f"{dd}_opt = C/(k*{nn}_opt)"
                break
        if found and n_opt is None:
            notes.append("no closed form matched the numeric optimum; the numeric result is shown")
        if not found and method == "symbolic":
            notes.append("no closed form found; the optimum was computed numerically")
    elif method == "symbolic":
        notes.append("implicit laws are optimised numerically")
    if n_opt is None:
        n_opt = numeric_n
    if not fit:  # each budget's numeric optimum is a search: one found is enough
        _optimum_on(n_opt, grid, ref, nn, [], first=True)
        return Optimum(ref, law.output_symbol, nn, dd, k, used, consts, (float(grid[0]), float(grid[-1])), n_opt,
                       formulas=formulas, notes=notes, fixed=fixed_vals, _loss=loss, _target=target)

    grid, n_vals = _optimum_on(n_opt, grid, ref, nn, notes)
    lo, hi = float(grid[0]), float(grid[-1])
    d_vals = grid / (k * n_vals)
    l_vals = np.asarray(loss(n_vals, d_vals), dtype=float)
    tol = CLOSED_FORM_TOL if used == "symbolic" else NUMERIC_TOL
    result = Optimum(ref, law.output_symbol, nn, dd, k, used, consts, (lo, hi), n_opt,
                     formulas=formulas, notes=notes, fixed=fixed_vals, _loss=loss, _target=target)
    notes.extend(_on_the_edge(law, loss, k, grid, n_vals))
    if len(grid) == 1:
        return result
    result.N_opt = _power_law(grid, n_vals, tol)
    result.D_opt = _power_law(grid, d_vals, tol)
    result.L_opt = _power_law_with_offset(grid, l_vals, tol)
    for name, part in (("N_opt", result.N_opt), ("D_opt", result.D_opt), ("L_opt", result.L_opt)):
        if part is None:
            notes.append(f"{name}(C) is not a power law in C over [{fmt(lo)}, {fmt(hi)}]; use values at given budgets")
    return result


def fitted_budgets(target: Any, nn: str, dd: str, k: float, set_id: str | None) -> tuple[float, float]:
    """The budgets k*N*D at the low and the high ends of the fitted ranges (engine.domain) of the
    constant set ``set_id``: where compute_optimal fits and checks the power laws in C."""
    dn, ddom = engine.domain(target, nn, set_id), engine.domain(target, dd, set_id)
    # within the floats: a record's ranges may reach 1e308, whose product is inf
    return tuple(min(k * n * d, sys.float_info.max) for n, d in ((dn.low, ddom.low), (dn.high, ddom.high)))


# What a compute-optimal allocation predicts; a paper may state it as a law of its own.
ALLOCATIONS = ("optimal_model_parameters", "optimal_model_scale", "optimal_data")


def splittable(law: Any) -> bool:
    """Whether compute_optimal can split a budget for ``law``: published constants, an output that
    is better lower, and inputs of model size and data."""
    if not law.constant_sets or law.dependent_variable not in LOWER_IS_BETTER:
        return False
    try:
        _check_counted(law, "", *pick_inputs(law))
    except EngineError:
        return False
    return True


def stated_allocation_laws(paper: Any) -> list[str]:
    """The paper's own compute-optimal laws (PAPER/LAW) with constants: N_opt(C), D_opt(C)."""
    return [f"{paper.id}/{law.id}" for law in (paper.laws if paper is not None else ())
            if law.dependent_variable in ALLOCATIONS and law.constant_sets]


def _stated_allocations(paper: Any, ref: str) -> list[str]:
    """A note naming the paper's own compute-optimal laws, which need not agree with the split of
    its loss law: Kaplan et al.'s N_opt proportional to C^0.73 is not the optimum of their L(N, D)
    along C = 6ND, and Chinchilla's Approaches 1 and 2 are not its Approach 3."""
    stated = stated_allocation_laws(paper)
    if not stated:
        return []
    return [f"{paper.id} also states its compute-optimal allocation as laws of their own ({', '.join(stated)}); "
            f"this is the split that minimises {ref}, which need not agree with them"]


def _optimum_on(n_opt: Callable, grid: np.ndarray, ref: str, nn: str, notes: list[str],
                first: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """The budgets of ``grid`` with an interior optimum, and N_opt at each (``first``: up to the
    first of them). A law can have one at large budgets and none at small ones (the loss still
    falling towards large N at the bottom of its fitted range): the power laws in C are then
    fitted where there is one, with a note, and only the budgets a user asks for
    (``Optimum.at``) fail. None at all: the first budget's reason."""
    kept, values, failures = [], [], []
    for c in grid:
        if first and kept:
            break
        try:
            value = float(n_opt(c))
        except NoSolution as exc:
            failures.append(exc)
            continue
        if math.isfinite(value):
            kept.append(c)
            values.append(value)
        else:
            failures.append(NoSolution(f"{ref}: no compute-optimal {nn} at C={fmt(c)}"))
    if not kept and len(grid) == 1:
        raise failures[0]
    if not kept:
        raise NoSolution(f"{failures[0]}; nor at any other of the {len(grid)} budgets checked, up to C={fmt(grid[-1])}")
    if failures:
        notes.append(f"no interior optimum at {len(failures)} of the {len(grid)} budgets checked in "
                     f"[{fmt(grid[0])}, {fmt(grid[-1])}] ({failures[0]}); the power laws in C are fitted on "
                     f"[{fmt(kept[0])}, {fmt(kept[-1])}]")
    return np.asarray(kept, dtype=float), np.asarray(values, dtype=float)


# --------------------------------------------------------------------------------------------
# numeric


def _scan(loss: Callable, k: float, c: float, low: float, high: float, points: int) -> tuple[np.ndarray, np.ndarray]:
    """(log N, loss) at ``points`` values of log N from ``low`` to ``high`` along C = k*N*D
    (non-finite losses as +inf): :func:`_scans` at one budget."""
    return _scans(loss, k, np.array([c], dtype=float), [(low, high)], points)[0]


def _scans(loss: Callable, k: float, budgets: np.ndarray, bounds: list[tuple[float, float]],
           points: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """:func:`_scan` at each budget between its ``bounds``, the loss evaluated once over all of them:
    the same points and values (the evaluation is elementwise), without a call per budget."""
    u = np.concatenate([np.linspace(low, high, points) for low, high in bounds])
    c = np.repeat(np.asarray(budgets, dtype=float), points)
    with np.errstate(all="ignore"):
        vals = np.asarray(loss(np.exp(u), c / (k * np.exp(u))), dtype=float)
    vals = np.where(np.isfinite(vals), vals, np.inf)
    return [(u[i * points:(i + 1) * points], vals[i * points:(i + 1) * points]) for i in range(len(bounds))]


def _is_minimum(n_at: Callable, loss: Callable, k: float, budgets: np.ndarray) -> bool:
    """Whether ``n_at(C)`` (a closed form) minimises the loss along C = k*N*D at each budget:
    it lies within two points of the best of a fine scan of log N around the best of a coarse
    scan (600 points from N = 1 to C/k, then 2001 between that best's neighbours: steps of about
    1e-4 in log N at 1e24 FLOPs), and no scanned point has a lower loss. The budgets' scans are
    evaluated together (:func:`_scans`): predict at a budget with every set checks 120 closed
    forms, and a call per budget and scan was a third of the checking."""
    with np.errstate(all="ignore"):
        n = np.broadcast_to(np.asarray(n_at(budgets), dtype=float), budgets.shape)
    if not np.all(np.isfinite(n) & (n > 0)):
        return False
    tops = [math.log(c / k) if c > 0 else -math.inf for c in budgets]
    if not all(top > 0 for top in tops):
        return False
    best = []
    for u, vals in _scans(loss, k, budgets, [(0.0, top) for top in tops], _SCAN):
        j = int(np.argmin(vals))
        if not np.isfinite(vals[j]) or j in (0, _SCAN - 1):
            return False
        best.append((u[j - 1], u[j + 1]))
    with np.errstate(all="ignore"):
        at = np.asarray(loss(n, budgets / (k * n)), dtype=float)
    for (fine, fine_vals), nv, at_n in zip(_scans(loss, k, budgets, best, 2001), n, at):
        i = int(np.argmin(fine_vals))
        if not (abs(math.log(nv) - fine[i]) <= 2 * (fine[1] - fine[0]) and at_n <= fine_vals[i] + 1e-12 * abs(fine_vals[i])):
            return False
    return True


def _checked_minimum(law: Any, nn: str, dd: str, consts: Constants, fixed_vals: Mapping[str, float], k: float,
                     budgets: np.ndarray, general: str, tree: Any, check: Callable[[np.ndarray], bool]) -> bool:
    """``check(budgets)`` (:func:`_is_minimum` of a closed form), or its answer kept in the cache of
    printed forms (:mod:`catalog.formcache`) for the same law, constants, budgets and closed form:
    it does not depend on a budget asked for, and predict at a budget with every set checked 120
    closed forms in each run, a sixth of its time. The key holds all the check reads: the law's
    formula as written and as its stored tree evaluates it (a --db may store any tree), its
    conditions and symbols, the constants, the other inputs' values, k, the budgets, the closed
    form (text and tree) and numpy's release, with the code's version (formcache.printer_version).
    An entry is used only when it is one the check writes."""
    from catalog import formcache

    material = [law.expanded_expression, law.form, getattr(law, "numeric", None), conditions.stated(law),
                [[n, s.role, s.value, s.variable] for n, s in law.symbols.items()], [nn, dd],
                sorted(consts.values.items()), sorted(fixed_vals.items()), k, [float(c) for c in budgets],
                general, tree, formcache.release_text("numpy", "version.py")]
    try:
        (answer,) = formcache.cached("closed-form-minimum", material, lambda: ("yes" if check(budgets) else "no",),
                                     (lambda entry: entry in ("yes", "no"),))
    except (TypeError, ValueError):  # material JSON does not hold (a tree of a --db no load wrote): checked each time
        return check(budgets)
    return answer == "yes"


def _on_the_edge(law: Any, loss: Callable, k: float, budgets: np.ndarray, n_vals: np.ndarray) -> list[str]:
    """A note where the optimum is the edge of the law's conditions (U <= D): a step in N either
    way along C = k*N*D leaves them, and the formula's own minimum lies where the law is not stated."""
    if not conditions.of(law):
        return []
    with np.errstate(all="ignore"):
        outside = [not all(np.isfinite(loss(n * f, c / (k * n * f))) for f in (1 - 1e-3, 1 + 1e-3))
                   for c, n in zip(budgets, n_vals)]
    if not any(outside):
        return []
    return [f"the optimum is on the edge of where the law holds ({conditions.stated(law)}) at {sum(outside)} of the "
            f"{len(budgets)} budgets checked: the formula falls further beyond it, where the law is not stated"]


def _numeric_optimum(loss: Callable, k: float, ref: str, nn: str, stated: str = "") -> Callable:
    """N_opt(C) by a scan of log N refined with minimize_scalar; ``stated``: the law's conditions
    (U <= D), outside which the loss is NaN, so the search stays where they hold."""
    def n_opt(c):
        c = np.asarray(c, dtype=float)
        flat = c.ravel()
        out = np.empty(flat.size)
        for i, cv in enumerate(flat):
            top = math.log(cv / k) if cv > 0 else -math.inf  # N >= 1 and D >= 1
            if not top > 0:
                raise NoSolution(f"{ref}: C={fmt(cv)} is too small for C = k*N*D with k={fmt(k)}: C/k must exceed 1 "
                                 f"(one parameter and one token)")
            u, vals = _scan(loss, k, cv, 0.0, top, _SCAN)
            if stated and not np.isfinite(vals).any():
                raise NoSolution(f"{ref}: no split of C={fmt(cv)} along C = k*N*D satisfies {stated} (the law is "
                                 f"stated only where it holds)")
            if _flat(vals):
                raise NoSolution(f"{ref}: no compute-optimal {nn}: the loss is the same everywhere along "
                                 f"C = k*N*D (at C={fmt(cv)}), as for a law in the product N*D alone; "
                                 f"any split of the budget gives it")
            j = int(np.argmin(vals))
            if not np.isfinite(vals[j]) or j in (0, _SCAN - 1):
                raise NoSolution(f"{ref}: no interior compute-optimal {nn} at C={fmt(cv)}: the loss keeps "
                                 f"falling towards {'small' if j == 0 else 'large'} {nn} along C = k*N*D")
            from scipy.optimize import minimize_scalar  # 0.5 s: only once the scan found an interior optimum

            res = minimize_scalar(lambda t: float(loss(math.exp(t), cv / (k * math.exp(t)))),
                                  bounds=(u[j - 1], u[j + 1]), method="bounded", options={"xatol": 1e-12})
            x = res.x
            if not math.isfinite(float(loss(math.exp(x), cv / (k * math.exp(x))))):
                # at the edge of the law's conditions: the best scanned point where they hold
                fine, fine_vals = _scan(loss, k, cv, u[j - 1], u[j + 1], 2001)
                x = float(fine[int(np.argmin(fine_vals))])
            out[i] = math.exp(x)
        return out.reshape(c.shape) if c.ndim else float(out[0])

    return n_opt


def _flat(values: np.ndarray) -> bool:
    """Constant to rounding along the budget line: no split of the budget is better than another
    (a law in N*D alone), where argmin would pick a floating-point wobble."""
    if not np.all(np.isfinite(values)):
        return False
    scale = float(np.max(np.abs(values)))
    return float(np.ptp(values)) <= 1e-12 * scale * len(values) ** 0.5 + 1e-300


def _power_law(c: np.ndarray, y: np.ndarray, tol: float) -> PowerLaw | None:
    if np.any(y <= 0):
        return None
    lc, ly = np.log(c), np.log(y)
    b, a = np.polyfit(lc, ly, 1)
    fit = np.exp(a + b * lc)
    dev = float(np.max(np.abs(fit / y - 1)))
    return PowerLaw(float(math.exp(a)), float(b), 0.0, dev) if dev <= tol else None


def _power_law_with_offset(c: np.ndarray, y: np.ndarray, tol: float) -> PowerLaw | None:
    """``offset + a * C**b``: exact three-point solution (first, middle, last budget), checked
    on every budget; a pure power law (offset 0) is tried first."""
    pure = _power_law(c, y, tol)
    if pure is not None:
        return pure
    i, j, m = 0, len(c) // 2, len(c) - 1
    r = math.log(c[m] / c[j])
    if not math.isclose(r, math.log(c[j] / c[i]), rel_tol=1e-9):
        return None
    d1, d2 = y[j] - y[i], y[m] - y[j]
    if d1 == 0 or d2 / d1 <= 0:
        return None
    b = math.log(d2 / d1) / r
    if b == 0:
        return None
    a = d1 / (c[j] ** b - c[i] ** b)
    offset = y[i] - a * c[i] ** b
    fit = offset + a * c ** b
    dev = float(np.max(np.abs(fit / y - 1)))
    return PowerLaw(float(a), float(b), float(offset), dev) if dev <= tol else None


# --------------------------------------------------------------------------------------------
# symbolic


def _stored_optimum(law, nn: str, dd: str, consts: Constants, fixed_vals: Mapping[str, float], k: float):
    """The closed form stored with the law at load time (:mod:`catalog.engine.closedforms`) as
    ``[(numpy function C -> N_opt, general formula text)]``; None when nothing is stored for these
    inputs (derive at run time, as the loader does); [] when the loader found no closed form or
    it does not apply (a constant that is not positive)."""
    from catalog.engine import closedforms, numeric

    optimum = (getattr(law, "closed_forms", None) or {}).get("optimum")
    if optimum is None or (optimum["n"], optimum["d"]) != (nn, dd):
        return None  # none stored for these inputs: derive at run time
    if optimum.get("none") or not _signs_hold(law, consts):
        return []
    others = [s for s in law.input_symbols if s not in (nn, dd)]
    parameters = list(consts.values)
    try:
        fn = _closed_form_function(optimum["tree"], (closedforms.BUDGET, closedforms.FLOPS_PER_PARAMETER_TOKEN,
                                                     *others, *parameters))
    except numeric.TreeError:
        return []
    rest = [np.float64(fixed_vals[s]) for s in others] + [np.float64(consts.values[p]) for p in parameters]
    return [(lambda c: fn(np.asarray(c, dtype=float), np.float64(k), *rest), optimum["text"], optimum["tree"])]


# a law's stored closed form as a function, by (id of its tree, argument names): the tree is kept
# with its function, so that its id cannot be reused while cached
_CLOSED_FORMS: dict[tuple[int, tuple[str, ...]], tuple[list, Callable]] = {}


def _closed_form_function(tree: list, names: tuple[str, ...]) -> Callable:
    """:func:`catalog.engine.numeric.function` of a closed form's tree, built once per law: predict
    at a budget with every set built the same function for each of a law's sets (120 of them)."""
    from catalog.engine import numeric

    hit = _CLOSED_FORMS.get((id(tree), names))
    if hit is not None and hit[0] is tree:
        return hit[1]
    if len(_CLOSED_FORMS) > 4096:
        _CLOSED_FORMS.clear()
    fn = numeric.function(tree, names)
    _CLOSED_FORMS[id(tree), names] = (tree, fn)
    return fn


def _signs_hold(law, consts: Constants) -> bool:
    """Whether the closed form, derived with every parameter positive, holds for these constants:
    each is positive, or enters the law only as ``exp(p)`` (a constant fitted in log space, as
    mizrahi2025's ``exp(log_E) + exp(log_A)/N**alpha + ...``), which is positive whatever the sign
    of ``p``. Such a law with a negative ``log_E`` was optimised numerically (scipy.optimize, 0.5 s
    of ``catalog predict C=...``) to the closed form's value within the scan's tolerance."""
    if all(v > 0 for v in consts.values.values()):
        return True
    from catalog.engine import formulas, numeric

    tree = getattr(law, "numeric", None)
    if tree is None:  # a law read without its stored tree: the same tree, built from its formula
        try:
            tree = numeric.tree(law.expanded_expression, tuple(law.symbols))
        except (formulas.FormulaError, numeric.TreeError):
            return False
    logs = _only_exponentiated(tree, set(consts.values))
    return all(v > 0 or p in logs for p, v in consts.values.items())


def _only_exponentiated(tree: list, names: set[str]) -> set[str]:
    """The ``names`` every occurrence of which in ``tree`` (:mod:`catalog.engine.numeric`) is ``exp(name)``."""
    bare, wrapped = set(), set()

    def walk(node):
        if not isinstance(node, list) or not node:
            return
        if node[0] == "sym":
            bare.add(node[1])
        elif node[0] == "exp" and len(node) == 2 and isinstance(node[1], list) and node[1][:1] == ["sym"]:
            wrapped.add(node[1][1])
        else:
            for child in node[1:]:
                walk(child)

    walk(tree)
    return (wrapped - bare) & names


def _symbolic_optimum(law, nn: str, dd: str, consts: Constants, fixed_vals: Mapping[str, float], k: float):
    """Candidate closed forms: [(numpy function C -> N_opt, general formula text)]."""
    import sympy

    from catalog.engine import closedforms

    if not _signs_hold(law, consts):
        return []
    expr, table = compiler.sympy_form(law, positive=True)  # the loader's derivation (closedforms.derive)
    N = table[nn]
    C = sympy.Symbol(closedforms.BUDGET, positive=True)
    K = sympy.Symbol(closedforms.FLOPS_PER_PARAMETER_TOKEN, positive=True)
    along = closedforms.along_budget(expr, table, nn, dd)  # other inputs stay symbols, as in the stored form
    two = _two_term(along, N)
    if two is None:
        return []
    numbers = {table[p]: compiler.sympy_number(v) for p, v in consts.values.items()}
    numbers.update({table[s]: sympy.Float(v) for s, v in fixed_vals.items()})
    numbers[K] = compiler.sympy_number(k)
    concrete = two.xreplace(numbers)
    if concrete.free_symbols - {C}:
        return []
    return [(compiler.lambdify([C], concrete), str(two), None)]  # derived from the law alone: no tree of its own


def _two_term(along, N):
    """The loader's derivation, under the loader's time limit (a hostile formula that stalled
    the load stalls no query either); None when there is no two-term form or it ran out."""
    from catalog.engine import closedforms, formulas

    try:
        with formulas.solver_time_limit(closedforms.SECONDS):
            return closedforms.two_term_stationary(along, N)
    except TimeoutError:
        return None
