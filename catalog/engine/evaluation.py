"""The formula engine: evaluate a compiled law fast, explain what went wrong.

A law is compiled once by :mod:`catalog.engine.compiler` (its ``expression`` parsed by the guarded
:func:`catalog.engine.formulas.parse`) into a numpy function of ``(inputs..., parameters...)``.
Parameters are ordinary arguments, so they can also be numpy arrays (for example bootstrap samples
of a constant set, to get a prediction interval).

Bad input never gives a traceback or a silent NaN: every problem raises an :class:`EngineError`
(a ``ValueError``) whose message names the symbol, the value and what is allowed.

Entry points:

- :func:`evaluate` -- one point or arrays (broadcast), with extrapolation warnings.
- :func:`resolve_constants` -- the published constant set (default or chosen) plus overrides.
- :func:`substituted` -- the sympy expression with a constant set substituted and the input
  order: the one definition the site's JavaScript is generated from.
- :func:`domain` -- the interval an input is evaluated on when none is given (fitted range,
  else the paper's range, else :data:`DEFAULT_DOMAINS`).
"""

from __future__ import annotations

import difflib
import functools
import math
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from catalog import definitions, provenance, textguard, vocab
from catalog.engine import conditions, units
# the errors and the compiler are named here too: callers catch engine.EngineError and compile with
# engine.compile_law, as before these modules were split out
from catalog.engine.compiler import Compiled, compile_law, lambdify, sympy_number  # noqa: F401
from catalog.engine.errors import (  # noqa: F401
    BadValue, DomainError, EngineError, MissingInput, NoSolution, UnknownConstantSet, UnknownSymbol)
from catalog.engine.ranges import parse_magnitude, split_magnitude

if TYPE_CHECKING:  # the engine also runs on record views (catalog.store.recordview) without pydantic
    from catalog.schema import Law, Paper


# --------------------------------------------------------------------------------------------
# targets: a Law, or a store.LawRef (paper + law)


def unpack(target: Any) -> tuple[Law, Paper | None, str]:
    """``(law, paper or None, display id)`` for a :class:`Law` or a ``store.LawRef`` (or their
    record views, :mod:`catalog.store.recordview`)."""
    law = getattr(target, "law", None)
    if law is None and _is_law(target):
        return target, None, target.id
    if not _is_law(law):
        raise TypeError(f"expected a Law or a LawRef, got {type(target).__name__}")
    paper = getattr(target, "paper", None)
    return law, paper, f"{paper.id}/{law.id}" if paper is not None else law.id


def _is_law(value: Any) -> bool:
    return hasattr(value, "expression") and hasattr(value, "symbols") and hasattr(value, "constant_sets")


def split_ref(text: str) -> tuple[str, str | None]:
    """``'hoffmann2022/parametric-loss@besiroglu2024'`` -> ``('hoffmann2022/parametric-loss',
    'besiroglu2024')``; no ``@`` -> constant set None."""
    ref, sep, cs = text.partition("@")
    return ref, (cs or None) if sep else None


# --------------------------------------------------------------------------------------------
# constants


@dataclass(frozen=True)
class Constants:
    """The parameter values used: a published constant set, possibly overridden."""

    values: dict[str, float]
    set_id: str | None = None
    label: str | None = None
    source: str | None = field(default=None, repr=False)  # a paragraph; set_id and label name the set
    overridden: tuple[str, ...] = ()
    # the digits the source prints (A=522733.307, E=0.5800), which six significant digits would cut or pad
    printed: dict[str, str] = field(default_factory=dict, repr=False)
    # how primary the set is and where its source prints it (Appendix D.2, Eq. (10)): a value is cited
    provenance: str | None = None
    locator: str | None = None

    def describe(self) -> str:
        # as the note on a non-primary set names the primary one: '(paper, Appendix D.2, Eq. (10))'
        where = "; ".join(filter(None, (self.label, ", ".join(filter(None, (self.provenance, self.locator))))))
        head = f"{self.set_id} ({where})" if self.set_id else "no published constant set"
        vals = ", ".join(f"{k}={self.printed.get(k) or fmt(v)}" + ("*" if k in self.overridden else "")
                         for k, v in self.values.items())
        tail = " (* overridden)" if self.overridden else ""
        return f"{head}: {vals}{tail}"


def suggest(value: str, known: list[str], first: Sequence[str] = ()) -> str:
    """The hint '; did you mean N, n?': the names in ``first``, then those spelled close to ``value``."""
    close = list(dict.fromkeys([*first, *difflib.get_close_matches(value, known, n=3, cutoff=0.5)]))
    return f"; did you mean {', '.join(close)}?" if close else ""


def meant_symbols(law: Law, name: str) -> list[str]:
    """The symbols ``name`` may stand for beyond spelling: the same letter in the other case
    (n for N), or an input or output of the variable it names (params, tokens, flops)."""
    variable = vocab.known("variable", name)
    return [s for s, sym in law.symbols.items() if s.casefold() == name.casefold()
            or (variable is not None and sym.variable == variable and sym.role in ("input", "output"))]


def refuse_unnamed_value(law: Law, ref: str, constant_set: Any) -> None:
    """UnknownConstantSet for a constant set that is no id: ``law(7e10, D=...)``, a value given
    without its name, lands in the first argument (difflib then failed on the number)."""
    if constant_set is not None and not isinstance(constant_set, str):
        raise UnknownConstantSet(f"{textguard.quoted(constant_set)} is not a constant set of {ref}: the first argument names a constant "
                                 f"set; give values by name ({', '.join(f'{n}=...' for n in law.input_symbols)})")


def resolve_constants(target: Any, constant_set: str | None = None,
                      overrides: Mapping[str, Any] | None = None) -> Constants:
    """The law's constant set ``constant_set`` (default: the law's default set) with
    ``overrides`` applied. Every parameter must end up with a value."""
    law, _, ref = unpack(target)
    params = law.parameter_symbols
    chosen = None
    refuse_unnamed_value(law, ref, constant_set)
    if constant_set is not None:
        chosen = provenance.constant_set(law, constant_set)
        if chosen is None:
            known = [c.id for c in law.constant_sets]
            listing = f"known: {', '.join(known)}" if known else "the law has no published constant sets"
            raise UnknownConstantSet(f"unknown constant set {textguard.quoted(constant_set)} for {ref}{suggest(constant_set, known)} ({listing})")
    else:
        chosen = law.default_constants()
    values: dict[str, float] = {}
    if chosen is not None:
        values.update({k: chosen.values[k] for k in params if k in chosen.values})
    done = []
    for name, raw in (overrides or {}).items():
        role = law.symbols[name].role if name in law.symbols else None
        if role != "parameter":
            raise _not_a(law, ref, name, "parameter", role)
        values[name] = float(as_number(name, raw))
        done.append(name)
    missing = [p for p in params if p not in values]
    if missing:
        where = f"constant set {chosen.id!r} does not set" if chosen else f"{ref} has no published constants; give values for"
        raise MissingInput(f"{where}: {', '.join(missing)} (e.g. {missing[0]}=0.3)")
    ordered = {p: values[p] for p in params}
    printed = {p: chosen.printed[p] for p in params if p not in done and p in chosen.printed} if chosen else {}
    return Constants(ordered, chosen.id if chosen else None, chosen.label if chosen else None,
                     chosen.source if chosen else None, tuple(done), printed,
                     chosen.provenance if chosen else None, chosen.locator if chosen else None)


def _with_variable(law: Law, name: str) -> str:
    """``N (model_parameters)``: a symbol with the variable it measures, so that a user who named
    the variable (compute=1e23, tokens=1.4T) finds the symbol to write."""
    variable = law.symbols[name].variable
    return f"{name} ({variable})" if variable else name


def _no_input_of(law: Law, name: str, meant: list[str]) -> str:
    """': 'compute' is the variable compute, which none of its symbols measures' when ``name``
    names a variable (or a synonym such as 'flops') that neither the law's inputs nor its output
    measures."""
    if meant:
        return ""
    variable = vocab.known("variable", name)
    if variable is None:
        return ""
    return f": {name!r} is the variable {variable}, which none of its symbols measures"


def _not_a(law: Law, ref: str, name: str, wanted: str, role: str | None) -> EngineError:
    if role is None:
        known = list(law.symbols)
        # catalog eval's --constants SET is the API's constant_set= (a keyword taken as a symbol)
        chosen = "; a constant set is chosen with --constants SET (in Python constant_set=SET)" if name == "constants" else ""
        meant = meant_symbols(law, name)
        # a variable no symbol measures ('compute' for a law in N, D, E) is no misspelling of omega
        hint = _no_input_of(law, name, meant) or suggest(name, known, meant)
        return UnknownSymbol(f"{ref} has no symbol {textguard.quoted(name)}{hint} "
                             f"(output: {_with_variable(law, law.output_symbol)}; inputs: "
                             f"{', '.join(_with_variable(law, n) for n in law.input_symbols) or 'none'}; "
                             f"parameters: {', '.join(law.parameter_symbols) or 'none'}){chosen}")
    if role == "output":
        return EngineError(f"{name!r} is the output of {ref}; to find an input from it use solve "
                           f"(catalog solve {ref} {name}=VALUE ... --for INPUT)")
    if role == "fixed":
        return EngineError(f"{name!r} is held fixed at {fmt(law.symbols[name].value)} in {ref} and cannot be set")
    if role == "defined":
        return EngineError(definitions.refusal(law, ref, name, solving=wanted == "unknown"))
    return EngineError(f"{name!r} is {'an' if role[0] in 'aeiou' else 'a'} {role} of {ref}, not {'an' if wanted[0] in 'aeiou' else 'a'} {wanted}")


# --------------------------------------------------------------------------------------------
# values


def as_number(name: str, value: Any) -> float:
    """A finite float from a number or a string such as ``70B``, ``1.4e12``, ``2.5T``."""
    text = value
    if isinstance(value, str):
        try:
            value = parse_magnitude(value)
        except ValueError:
            raise BadValue(f"{name}: {textguard.quoted(value)} is not a number (write e.g. 70B, 1.4T, 3e21 or 0.34; "
                           f"suffixes k M B/G T P, in any case)") from None
    if isinstance(value, (list, tuple, np.ndarray)) and np.size(value) != 1:
        # one number is wanted here (solve, optimal, a constant): the values are counted, not printed
        raise BadValue(f"{name}: {np.size(value)} values where one number is expected (arrays are for a law's "
                       f"inputs, in evaluate, sweep or a call)")
    if isinstance(value, np.ndarray) or (isinstance(value, (list, tuple)) and len(value) == 1):
        value = np.asarray(value).reshape(-1)[0]
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise BadValue(f"{name}: {textguard.quoted(value)} is not a number")
    value = float(value)
    if not math.isfinite(value):
        overflow = f" (it overflows to {value})" if isinstance(text, str) else ""
        raise BadValue(f"{name}: {textguard.clipped(str(text))} is not a finite number{overflow}")  # 5,000 digits were echoed
    return value


def as_array(name: str, value: Any, *, check: bool = True) -> np.ndarray:
    """A float array (0-d for a scalar); strings with suffixes accepted; every element finite
    (unless ``check`` is false: the caller then checks)."""
    if isinstance(value, (bool, np.bool_)):
        raise BadValue(f"{name}: {value!r} is not a number")
    if isinstance(value, (str, int, float, np.integer, np.floating)) and not isinstance(value, bool):
        return np.asarray(as_number(name, value))
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        if isinstance(value, (list, tuple)):
            return np.asarray([as_number(name, v) for v in value])
        raise BadValue(f"{name}: {textguard.quoted(value)} is not a number or an array of numbers") from None
    if check and arr.size and not all_finite(arr):
        _not_finite_input(name, arr)
    return arr


def _sum_finite(arr: np.ndarray) -> bool:
    """One reduction: a finite sum proves every element finite (NaN and infinities propagate);
    an infinite sum may also be an overflow of finite values, so then :func:`all_finite` decides."""
    with np.errstate(all="ignore"):
        return math.isfinite(float(np.add.reduce(arr, axis=None))) if np.ndim(arr) else math.isfinite(float(arr))


def _not_finite_input(name: str, arr: np.ndarray):
    bad = ~np.isfinite(arr)
    raise BadValue(f"{name}: {int(bad.sum())} value(s) are not finite numbers (first: {arr[bad].flat[0]})")


def all_finite(arr: np.ndarray) -> bool:
    """True when no element is NaN or infinite: two reductions (min and max propagate NaN),
    no temporary boolean array; the cheap test on a million-point sweep."""
    arr = np.asarray(arr)
    if arr.size == 0:
        return True
    return math.isfinite(float(arr.min())) and math.isfinite(float(arr.max()))


def may_be_negative(law: Law, name: str) -> bool:
    sym = law.symbols.get(name)
    return sym is not None and (sym.variable is None or sym.variable in SIGNED_VARIABLES)


def check_positive(law: Law, name: str, arr: np.ndarray, low: float | None = None) -> None:
    """Refuse negative sizes, counts and amounts (see :data:`SIGNED_VARIABLES`); ``low`` is
    ``arr.min()`` when the caller has it."""
    if may_be_negative(law, name) or arr.size == 0 or (arr.min() if low is None else low) >= 0:
        return
    negative = arr < 0
    if negative.any():
        v = arr[negative].flat[0]
        what = law.symbols[name].meaning if name in law.symbols else name
        raise DomainError(f"{name} must not be negative (got {fmt(v)}): it is a size or quantity "
                          f"({what}), and the formula is defined for positive values")


def logspace(low: float, high: float, count: int) -> np.ndarray:
    """``count`` log-spaced values with the ends exactly ``low`` and ``high`` (np.logspace may
    land a rounding error outside them, which would read as extrapolation)."""
    values = np.logspace(math.log10(low), math.log10(high), count)
    values[0] = low
    if count > 1:
        values[-1] = high
    return values


def spaced(low: float, high: float, count: int, scale: str = "log") -> np.ndarray:
    """``count`` values from ``low`` to ``high``: :func:`logspace` on a log scale, evenly spaced
    on a linear one (``Domain.scale``)."""
    return logspace(low, high, count) if scale == "log" else np.linspace(low, high, count)


def fmt(value: float) -> str:
    """Six significant digits, as printed everywhere by the engine."""
    if isinstance(value, (int, np.integer)):
        return str(int(value)) if abs(value) < 10**7 else f"{float(value):.6g}"
    return f"{float(value):.6g}"


# --------------------------------------------------------------------------------------------
# domains: where an input is evaluated when the user does not say

# A sensible positive interval per normalized variable, used for inputs whose law and paper
# record no fitted range (sweeps, plots, solve windows, the check-value tests).
DEFAULT_DOMAINS: dict[str, tuple[float, float]] = {
    "model_parameters": (1e6, 1e12), "non_vocabulary_parameters": (1e6, 1e12),
    "encoder_parameters": (1e6, 1e11), "decoder_parameters": (1e6, 1e11),
    "effective_parameters": (1e6, 1e12), "total_parameters": (1e6, 1e12),
    "data": (1e6, 1e13), "fine_tuning_data": (1e3, 1e9), "datastore_size": (1e6, 1e12),
    "compute": (1e15, 1e25), "inference_compute": (1e9, 1e20),
    "training_steps": (1e2, 1e6), "epochs": (1, 100), "experts": (1, 512), "granularity": (1, 64),
    "sparsity": (0.01, 0.99), "precision": (1, 32), "peft_parameters": (1, 1e7),
    "upstream_error": (0.01, 0.99), "pretraining_loss": (1, 5), "teacher_loss": (1, 5),
    "samples": (1, 1e4), "query_difficulty": (0.01, 0.99), "mixture_proportions": (0.01, 0.99),
    "vocabulary_size": (1e3, 1e6), "input_size": (8, 4096), "board_size": (3, 19),
    "environment_interactions": (1e3, 1e10), "kl_divergence": (0.1, 100), "latents": (1e3, 1e7),
    "sae_sparsity": (1, 1000), "capacity_ratio": (0.1, 100), "time": (1, 100),
    # normalized errors such as Gaussian MSE (panferov2025's GMSE): 1 keeps no information
    "reconstruction_error": (1e-4, 1),
}
DEFAULT_DOMAINS.update({"loss": (1, 5), "optimal_model_parameters": (1e6, 1e12), "optimal_data": (1e6, 1e13),
                        "optimal_model_scale": (1e7, 1e13),
                        "elo": (100, 3000)})
# Units that change the scale of a variable (checked before the variable).
DEFAULT_DOMAINS_BY_UNIT: dict[str, tuple[float, float]] = {
    "PF-days": (1e-6, 1e4), "TPUv3-core-days": (0.1, 1e4), "dimensionless": (1, 1000),
    "days": (1, 3650), "months": (1, 120),
}
FALLBACK_DOMAIN = (1.0, 1e6)

# Inputs that may be negative: those of vocab.SIGNED_VARIABLES. Inputs without a normalized
# variable are not refused; a value outside the formula's domain is caught by the NaN check.
SIGNED_VARIABLES = vocab.SIGNED_VARIABLES

_PAPER_RANGE = {"model_parameters": "model_range", "data": "data_range"}


# A linear domain (a z-score's, a date's) is searched and drawn widened by this fraction of its
# width each side (plot's default x axis, solve's extremum window without --window)
LINEAR_PAD = 0.5


@dataclass(frozen=True)
class Domain:
    low: float
    high: float
    source: str
    fitted: bool  # True when it is the law's (or paper's) fitted range
    # how the input is spaced, halved and drawn: "log" for a positive input (every size, count and
    # amount); "linear" for one whose range reaches below zero, or down to zero when it may be
    # negative (z-scores, dates from an origin), whose negative half a log scale never shows
    scale: str = "log"

    @property
    def middle(self) -> float:
        """The geometric middle on a log scale, the arithmetic one on a linear scale."""
        return middle(self.low, self.high, self.scale)

    def draw(self, rng: np.random.Generator, count: int) -> np.ndarray:
        """``count`` random values, uniform on the domain's scale (log-uniform for a positive input)."""
        if self.scale == "linear":
            return rng.uniform(self.low, self.high, count)
        return np.exp(rng.uniform(math.log(self.low), math.log(self.high), count))


def middle(low: float, high: float, scale: str = "log") -> float:
    """The geometric middle of ``low`` and ``high`` (positive), or on a linear scale the arithmetic
    one; each end taken apart, so that ends near the float limits (a range up to 1e308) give a
    number, not inf."""
    return low / 2 + high / 2 if scale == "linear" else math.sqrt(low) * math.sqrt(high)


def fitted_point(target: Any, name: str, constant_set: str | None = None) -> float | None:
    """The value of a one-point fitted range of input ``name`` for the constant set (min == max > 0,
    e.g. the single peak learning rate of every fitted run), else None."""
    law, _, _ = unpack(target)
    return _one_point(provenance.fitted_range(law, name, constant_set))


def _one_point(r: Any) -> float | None:
    if r is not None and r.max is not None and r.min == r.max and r.max > 0:
        return float(r.max)
    return None


def domain(target: Any, name: str, constant_set: str | None = None) -> Domain:
    """The interval to evaluate input ``name`` on: its fitted range for the constant set
    (:func:`catalog.provenance.fitted_range`; None: the default set); else the paper's
    model/data range for that variable; else :data:`DEFAULT_DOMAINS` by variable; else
    :data:`FALLBACK_DOMAIN` (:data:`DEFAULT_DOMAINS_BY_UNIT` first for units such as PF-days).
    A range reaching below zero, or down to zero for an input that may be negative
    (:func:`may_be_negative`), is kept as it is, on a linear scale (``Domain.scale``); any other
    zero lower bound is replaced by ``high / 1e3`` (log scale). A one-point fitted range
    (:func:`fitted_point`) is no interval to evaluate on: that point widened a decade each side is
    used, marked as not fitted, while extrapolation warnings still compare inputs with the point."""
    law, paper, ref = unpack(target)
    sym = law.symbols.get(name)
    if sym is None:
        raise _not_a(law, ref, name, "input", None)
    fitted = provenance.fitted_range(law, name, constant_set)
    point = _one_point(fitted)
    if point is not None:
        return Domain(point / 10, point * 10, f"one-point fitted range of {name} ({fmt(point)}), widened a "
                      "decade each side", False)
    candidates = []
    if fitted and fitted.max is not None:
        candidates.append((fitted.min, fitted.max, f"fitted range of {name}", True))
    # the paper's model or data range counts parameters or tokens: it bounds an input counted in a
    # multiple of them (in that unit), never a fraction or ratio of model size (bergsma2025b's k_N)
    factor = units.base_factor(sym.variable, sym.unit)
    if paper is not None and sym.variable in _PAPER_RANGE and factor is not None:
        r = getattr(paper, _PAPER_RANGE[sym.variable])
        if r is not None and r.max is not None:
            candidates.append((r.min / factor if r.min is not None else None, r.max / factor,
                               f"paper's {_PAPER_RANGE[sym.variable].replace('_', ' ')}", True))
    for low, high, source, fitted in candidates:
        if low is not None and (low < 0 or (low == 0 and may_be_negative(law, name))) and high > low:
            return Domain(float(low), float(high), source, fitted, "linear")
        if low is None or low <= 0:
            low = high / 1e3
        if high > low:
            return Domain(float(low), float(high), source, fitted)
    if sym.unit in DEFAULT_DOMAINS_BY_UNIT:
        low, high = DEFAULT_DOMAINS_BY_UNIT[sym.unit]
        return Domain(float(low), float(high), f"default domain for {sym.unit}", False)
    # the variable's default counts its base unit (parameters, tokens, FLOPs): it is no domain of an
    # input in another unit (layers, hidden units, GPU hours, multiples of N0), which would start at
    # a million layers; an unstated unit may be the base unit, and keeps it
    if sym.variable in DEFAULT_DOMAINS and (factor is not None or vocab.unit_not_stated(sym.unit)):
        low, high = DEFAULT_DOMAINS[sym.variable]
        if factor not in (None, 1.0):  # the default counts FLOPs or parameters; the law takes PFLOPs or billions
            return Domain(low / factor, high / factor, f"default domain for {sym.variable}, in {sym.unit}", False)
        return Domain(float(low), float(high), f"default domain for {sym.variable}", False)
    return Domain(*map(float, FALLBACK_DOMAIN), "fallback domain", False)


def extrapolation_warnings(target: Any, inputs: Mapping[str, np.ndarray],
                           spans: Mapping[str, tuple[float, float]] | None = None,
                           constant_set: str | None = None) -> tuple[list[str], list[str]]:
    """(warnings for values outside the fitted range of the constant set, notes for inputs without
    a recorded range). ``spans`` maps a name to its (min, max) when the caller has them;
    ``constant_set`` None is the law's default set (:func:`catalog.provenance.fitted_range`)."""
    law, _, ref = unpack(target)
    warns, notes = [], []
    for name, arr in inputs.items():
        sym = law.symbols.get(name)
        if sym is None or sym.role != "input":
            continue
        rng = provenance.fitted_range(law, name, constant_set)
        if not provenance.has_span(rng):
            stated = " (its sources state none: catalog show says what was read)" if rng is not None and rng.source else ""
            notes.append(f"{ref} records no fitted range for {name}{stated}: extrapolation cannot be checked")
            continue
        arr = np.asarray(arr)
        low = -math.inf if rng.min is None else rng.min
        high = math.inf if rng.max is None else rng.max
        lo_hi = (spans or {}).get(name) or ((arr.min(), arr.max()) if arr.size else None)
        if lo_hi is None or (lo_hi[0] >= low and lo_hi[1] <= high):
            continue
        outside = (arr < low) | (arr > high)
        span = f"[{fmt(rng.min) if rng.min is not None else '-'}, {fmt(rng.max) if rng.max is not None else '-'}]"
        own = "the constant set's own range, " if rng is not sym.range else ""
        src = f" ({own}range from: {rng.source})" if rng.source else ""
        # a range reaching below zero (z-scores) is judged by distance: a ratio to its end means nothing
        signed = rng.min is not None and rng.min < 0
        factor = None if signed else _factor_outside(arr[outside], low, high)
        with np.errstate(over="ignore"):  # the far side's difference may pass the largest float
            distance = float(np.max(np.maximum(low - arr[outside], arr[outside] - high))) if signed else None
        if arr.ndim == 0:
            side = "below" if arr < low else "above"
            far = f" by a factor of {_far(factor)}" if factor else f" by {_far(distance)}" if distance else ""
            warns.append(f"extrapolation: {name}={fmt(arr)} is {side} the fitted range {name} in {span}{far}{src}")
        else:
            far = f" by up to a factor of {_far(factor)}" if factor else f" by up to {_far(distance)}" if distance else ""
            warns.append(f"extrapolation: {int(outside.sum())} of {arr.size} values of {name} "
                         f"lie outside the fitted range {name} in {span}{far}{src}")
    warns += _mixture_warnings(law, inputs)
    return warns, notes


def beyond_ranges(law: Law, inputs: Mapping[str, Any], constant_set: str | None = None) -> dict[str, dict[str, float | None]]:
    """Each input beyond the constant set's fitted range (:func:`catalog.provenance.inputs_beyond`)
    with the range's ends and how far beyond it lies, the ratio to the nearer end the extrapolation
    warning prints ('by a factor of 30'; None where no ratio means anything, or it passes the largest
    float): the warning's numbers for a script (eval's and solve's JSON ``beyond``)."""
    out = {}
    for name in provenance.inputs_beyond(law, inputs, constant_set):
        rng = provenance.fitted_range(law, name, constant_set)
        arr = np.asarray(inputs[name], dtype=float)
        low = -math.inf if rng.min is None else rng.min
        high = math.inf if rng.max is None else rng.max
        signed = rng.min is not None and rng.min < 0  # z-scores: judged by distance, as the warning does
        factor = None if signed else _factor_outside(arr[(arr < low) | (arr > high)], low, high)
        out[name] = {"min": rng.min, "max": rng.max, "factor": factor if factor is not None and math.isfinite(factor) else None}
    return out


def _mixture_warnings(law: Law, inputs: Mapping[str, np.ndarray]) -> list[str]:
    """A law in the proportions of a mixture was fitted on mixtures, whose shares sum to 1: a point
    whose shares do not (r_1 raised alone in a sweep or plot) lies off every run, however well
    each share sits in its own range."""
    shares = [n for n in law.input_symbols if law.symbols[n].variable == "mixture_proportions"]
    if len(shares) < 2 or any(n not in inputs for n in shares):
        return []
    total = sum(np.asarray(inputs[n], dtype=float) for n in shares)
    off = np.abs(total - 1) > 1e-6
    if not np.any(off):
        return []
    if np.ndim(total) == 0:
        return [f"extrapolation: the proportions {', '.join(shares)} sum to {fmt(total)}, not 1: the law was "
                f"fitted on mixtures, whose proportions sum to 1"]
    return [f"extrapolation: at {int(off.sum())} of {off.size} points the proportions {', '.join(shares)} do not "
            f"sum to 1 (from {fmt(total.min())} to {fmt(total.max())}): the law was fitted on mixtures, whose "
            f"proportions sum to 1"]


def _factor_outside(outside: np.ndarray, low: float, high: float) -> float | None:
    """How far the values beyond the range lie from its nearer end, as the ratio a scale is judged
    by (70B against a fit up to 16B: 4.38); the largest of them. None where no ratio means anything
    (an end or a value at or below zero)."""
    values = np.ravel(outside).astype(float)
    above = values > high
    meaningful = (values > 0) & np.where(above, high > 0, low > 0)
    with np.errstate(all="ignore"):  # a subnormal value's ratio (7e7 / 1e-320) passes the largest float
        ratios = np.where(above, values / high, low / values)[meaningful]
    return float(ratios.max()) if ratios.size else None


def _far(amount: float) -> str:
    """A factor or distance as a warning prints it; one past the largest float as 'over 1.8e+308'."""
    return f"over {sys.float_info.max:.3g}" if math.isinf(amount) else f"{amount:.3g}"


# --------------------------------------------------------------------------------------------
# evaluation


@dataclass
class Evaluation:
    ref: str
    law: Law = field(repr=False)  # the whole record: pages in a Python prompt; ref names it
    output: str
    value: Any  # float for scalar inputs, else an ndarray
    inputs: dict[str, Any]
    constants: Constants
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    interval: Any = None  # an uncertainty.PredictionInterval when asked for
    # a warning's shorter form where the output prints what it details (conventions of laws compared)
    briefs: dict[str, str] = field(default_factory=dict)

    def __repr__(self) -> str:
        """The generated repr, with an array of more than six values given as its size and span (900
        points printed some 29,000 characters)."""
        def short(v: Any) -> str:
            return f"array({v.size} values, {span(v)})" if isinstance(v, np.ndarray) and v.size > 6 else repr(v)

        inputs = ", ".join(f"{k!r}: {short(v)}" for k, v in self.inputs.items())
        return (f"Evaluation(ref={self.ref!r}, output={self.output!r}, value={short(self.value)}, inputs={{{inputs}}}, "
                f"constants={self.constants!r}, warnings={self.warnings!r}, notes={self.notes!r}, "
                f"interval={self.interval!r})")

    @property
    def formula(self) -> str:
        return formula_text(self.law)

    @property
    def units(self) -> dict[str, str]:
        """The output's and each input's unit as the record states it ('' where it states none):
        a value read without its unit (ding2025's x in exaFLOPs, Kinetics' N in trials) is misread."""
        symbols = self.law.symbols
        return {name: (symbols[name].unit or "") if name in symbols else "" for name in (self.output, *self.inputs)}

    @functools.cached_property
    def defined(self) -> dict[str, Any]:
        """The quantities the law defines (Clark et al.'s Ehat, an effective data size D') at
        these inputs, as a paper tabulates them beside the law; {} for a law that defines none.
        Computed when asked: the law's own value never needs them."""
        arrays = {k: np.asarray(v, dtype=float) for k, v in self.inputs.items()}
        values = defined_values(self.law, arrays, self.constants.values)
        holds = conditions.holding(self.law, arrays, self.constants.values)
        if holds is not None:  # no quantity of the law where it is not stated, as no value (D' = U at U > D)
            values = {k: np.where(holds, v, np.nan) for k, v in values.items()}
        if not isinstance(self.value, np.ndarray):
            return {k: float(v) for k, v in values.items()}
        return {k: np.broadcast_to(v, self.value.shape) for k, v in values.items()}

    @property
    def beyond(self) -> list[str]:
        """The inputs with a value outside the constant set's fitted range, which ``warnings``
        describe (``[]``: none is), as each row of ``catalog predict`` lists them."""
        return provenance.inputs_beyond(self.law, self.inputs, self.constants.set_id)

    @property
    def beyond_ranges(self) -> dict[str, dict[str, float | None]]:
        """:func:`beyond_ranges` of this evaluation's inputs and constant set."""
        return beyond_ranges(self.law, self.inputs, self.constants.set_id)

    @property
    def conventions(self) -> dict[str, str]:
        """The law's conventions (parameters with or without embeddings, compute, loss unit,
        validation set, tokenizer), as recorded: see :mod:`catalog.engine.conventions`."""
        from catalog.engine import conventions

        return conventions.stated(self.law)


def span(values: Any) -> str:
    """``1e+08..1e+11``: the least and greatest of ``values`` (one number when they are equal), as
    the reprs of array results show them."""
    low, high = fmt(float(np.nanmin(values))), fmt(float(np.nanmax(values)))
    return low if low == high else f"{low}..{high}"


def formula_text(law: Law) -> str:
    """The law as recorded (:func:`catalog.definitions.formula_text`), an implicit one saying so."""
    text = definitions.formula_text(law)
    return f"{text}   (implicit in {law.output_symbol})" if law.form == "implicit" else text


def split_assignments(target: Any, values: Mapping[str, Any]) -> tuple[dict, dict]:
    """Sort ``NAME -> value`` into (inputs, parameter overrides); unknown names are errors."""
    law, _, ref = unpack(target)
    inputs, overrides = {}, {}
    for name, value in values.items():
        role = law.symbols[name].role if name in law.symbols else None
        if role == "input":
            _refuse_absolute_count(law, ref, name, value)
            inputs[name] = value
        elif role == "parameter":
            overrides[name] = value
        else:
            raise _not_a(law, ref, name, "input", role)
    return inputs, overrides


def prepare_inputs(target: Any, inputs: Mapping[str, Any]) -> dict[str, np.ndarray]:
    """Check names, parse values, refuse negatives and missing inputs; arrays in input order."""
    law, _, ref = unpack(target)
    _check_names(law, ref, inputs)
    return _prepare(law, inputs)[0]


def _check_names(law: Law, ref: str, inputs: Mapping[str, Any]) -> None:
    for name in inputs:
        role = law.symbols[name].role if name in law.symbols else None
        if role != "input":
            raise _not_a(law, ref, name, "input", role)
        _refuse_absolute_count(law, ref, name, inputs[name])
    missing = [n for n in law.input_symbols if n not in inputs]
    if missing:
        given = f" (given: {', '.join(inputs)})" if inputs else ""
        raise MissingInput(f"{ref} needs a value for {', '.join(missing)}{given}; "
                           f"e.g. {missing[0]}={_example(law, missing[0])}")


def _refuse_absolute_count(law: Law, ref: str, name: str, raw: Any) -> None:
    """A count written with a suffix (``70B``, ``570M``) is absolute. A law that takes the input
    in millions or billions of parameters, or compute in PF-days, would read it 1e6 to 1e20
    times too large without a word, so it is refused with the value to write instead."""
    if not isinstance(raw, str):
        return
    symbol = law.symbols[name]
    factor = units.scale_of(symbol.variable, symbol.unit)
    if factor is None:
        return
    try:
        absolute, suffix = split_magnitude(raw)
    except ValueError:
        return  # as_number reports it
    if not suffix:
        return
    raise BadValue(f"{name}={raw.strip()}: {ref} takes {name} in {symbol.unit}, so {raw.strip()} is "
                   f"{name}={absolute / factor:g} there; write the number in that unit")


# how far beyond the top of a variable's default domain a value read in the law's unit is taken
# for a count in the base unit: 1e3 above 1e12 parameters, 1e13 tokens or 1e25 FLOPs
IMPLAUSIBLE = 1e3


def unit_warnings(law: Law, ref: str, spans: Mapping[str, tuple[float, float]]) -> list[str]:
    """A plain number given to an input the law takes in PF-days or billions of parameters, that is
    no training run in that unit (C_min=1e21 PF-days is 8.6e40 FLOPs) but a likely one in the base
    unit: a FLOP or parameter count read 1e9 to 1e20 times too large, which a suffixed count is
    refused for (:func:`_refuse_absolute_count`) and a plain one only warned of. Likewise a number
    above 1 up to 100 given to a share in 'fraction': a percentage read 100 times too large."""
    warns = []
    for name, (_, top) in spans.items():
        symbol = law.symbols[name]
        if symbol.unit == "fraction" and 1 < top <= 100:  # a percentage typed for a share (S=40 for 40%)
            warns.append(f"units: {ref} takes {name} as a fraction, so {name}={fmt(top)} is {fmt(100 * top)}%; "
                         f"if {fmt(top)} is a percentage, write {name}={fmt(top / 100)}")
            continue
        factor = units.scale_of(symbol.variable, symbol.unit)
        if factor is None or symbol.variable not in DEFAULT_DOMAINS:
            continue
        low, high = DEFAULT_DOMAINS[symbol.variable]
        if top * factor > IMPLAUSIBLE * high and low <= top <= IMPLAUSIBLE * high:
            base = units.BASE_UNITS[symbol.variable]
            warns.append(f"units: {ref} takes {name} in {symbol.unit}, so {name}={fmt(top)} is {fmt(top * factor)} "
                         f"{base}; if {fmt(top)} counts {base}, write {name}={fmt(top / factor)}")
    return warns


def _prepare(law: Law, inputs: Mapping[str, Any]) -> tuple[dict[str, np.ndarray], dict[str, tuple[float, float]]]:
    """Arrays in input order and their (min, max): one pair of reductions per input serves the
    finiteness, sign and fitted-range checks."""
    out, spans = {}, {}
    for name in law.input_symbols:
        arr = as_array(name, inputs[name], check=False)
        if arr.ndim == 0:  # a single value: no reductions (most of a scalar call's cost)
            value = float(arr)
            spans[name] = (value, value)
            if not math.isfinite(value):
                _not_finite_input(name, arr)
        elif arr.size:
            spans[name] = (float(arr.min()), float(arr.max()))
            if not (math.isfinite(spans[name][0]) and math.isfinite(spans[name][1])):
                _not_finite_input(name, arr)
        check_positive(law, name, arr, spans[name][0] if arr.size else None)
        out[name] = arr
    shaped = {name: arr.shape for name, arr in out.items() if arr.ndim}
    if len(shaped) > 1:
        try:
            np.broadcast_shapes(*shaped.values())
        except ValueError:
            raise BadValue("the inputs' arrays do not broadcast together ("
                           + ", ".join(f"{name} has shape {shape}" for name, shape in shaped.items())
                           + "): give arrays of one length, or a number for an input held fixed") from None
    return out, spans


def _example(law: Law, name: str) -> str:
    return fmt(domain(law, name).middle)


def undefined_at(target: Any, point: Mapping[str, float]) -> str | None:
    """Why the law gives no number at ``point`` with its default constant set (a law without
    constants: why its inputs are refused there, a negative size), or None: a record's
    reference_point, where the calculator starts and sets are compared."""
    law, _, _ = unpack(target)
    try:
        if law.default_constants() is None:
            _prepare(law, point)
        else:
            evaluate(target, point)
    except (ValueError, ArithmeticError) as exc:  # EngineError is a ValueError
        return str(exc)
    return None


def evaluate(target: Any, inputs: Mapping[str, Any], constant_set: str | None = None,
             overrides: Mapping[str, Any] | None = None, *, constants: Constants | None = None,
             interval: Any = None, samples: Any = None, seed: Any = None, with_notes: bool = True) -> Evaluation:
    """Evaluate the law at ``inputs`` (scalars, strings like ``'70B'`` or arrays; broadcast).

    ``interval`` asks for a prediction interval from the constant set's standard errors or
    intervals: True for the default level (0.95) or a level such as 0.8; ``samples`` and
    ``seed`` tune the sampling (see :mod:`catalog.engine.uncertainty`). The result is
    ``Evaluation.interval``. ``with_notes=False`` leaves out the notes read in the record after the
    value (the primary set's value beside another set's, what the source prints at this point),
    for callers reading the value alone: each scans the law's sets or check values, so a caller
    evaluating every check value (validation) or every set (predict) took time quadratic in them.

    Raises :class:`EngineError` for an unknown or missing symbol, a non-numeric or negative
    value, or a result that is not a finite number (log of zero, division by zero, ...)."""
    law, _, ref = unpack(target)
    consts = constants or resolve_constants(target, constant_set, overrides)
    _check_names(law, ref, inputs)
    arrays, spans = _prepare(law, inputs)
    holds = conditions.holding(law, arrays, consts.values)  # once, for the value and the warning
    value = _computed(law, arrays, consts.values, holds, ref=ref)
    warns, notes = extrapolation_warnings(target, arrays, spans, consts.set_id)
    warns += unit_warnings(law, ref, spans)
    if holds is not None and not np.all(holds):  # arrays only (compute refuses a single point): sweep prints it
        warns.append(f"{ref}: {conditions.failure(law, arrays, consts.values, holds)}: NaN there, where the law "
                     "is not stated")
    scalar = all(a.ndim == 0 for a in arrays.values())
    shown = {k: (float(v) if scalar else v) for k, v in arrays.items()}
    band = None
    if interval is not None and interval is not False:
        from catalog.engine import uncertainty

        band = uncertainty.prediction_interval(
            target, arrays, consts, uncertainty.DEFAULT_LEVEL if interval is True else interval,
            uncertainty.DEFAULT_SAMPLES if samples is None else samples,
            uncertainty.DEFAULT_SEED if seed is None else seed, ref=ref)
    if consts.set_id and not consts.overridden:
        # constants no paper, code or replication prints: warned as extrapolation is, a number less sure
        used = provenance.constant_set(law, consts.set_id)
        if (warned := provenance.not_primary_warning(law, ref, used)) is not None:
            warns.append(warned)
    if with_notes and scalar and consts.set_id and not consts.overridden:
        # a transcription against the set it stands for, then (as the law page's calculator) any set
        # but the default against the law's primary set
        for against in (provenance.compare_to_primary(law, consts.set_id, shown),
                        provenance.compare_beside_primary(law, consts.set_id, shown)):
            if against is not None:
                notes.append(against.describe())
        notes.extend(provenance.printed_at(law, consts.set_id, shown, float(value)))
    return Evaluation(ref, law, law.output_symbol, float(value) if scalar else value, shown, consts, warns, notes,
                      band)


def defined_values(law: Law, arrays: Mapping[str, np.ndarray], params: Mapping[str, Any]) -> dict[str, np.ndarray]:
    """Each defined symbol's value at prepared inputs and parameter values (:func:`compute`'s
    arguments), in declaration order; {} for a law that defines none. Not checked for
    finiteness: the law's own value is, and a definition is a part of it."""
    names = definitions.definitions(law)
    if not names:
        return {}
    from catalog.engine import compiler

    positive = _all_positive(law, params)
    out = {}
    for name in names:
        comp = compiler.compile_definition(law, name, positive=positive)
        with np.errstate(all="ignore"):
            value = comp.func(*(arrays[n] for n in comp.inputs), *(np.asarray(params[n], dtype=float)
                                                                   for n in comp.parameters))
        out[name] = np.asarray(value, dtype=float)
    return out


def _all_positive(law: Law, params: Mapping[str, Any]) -> bool:
    """Whether every parameter value and fixed value is positive: then the law compiles with
    positive symbols (sympy may simplify on that), else with real ones."""
    return all((v > 0) if isinstance(v, float) else np.all(np.asarray(v) > 0) for v in params.values()) and all(
        s.value > 0 for s in law.symbols.values() if s.role == "fixed")


def compute(law: Law, arrays: Mapping[str, np.ndarray], params: Mapping[str, Any], *, ref: str | None = None,
            check: bool = True) -> np.ndarray:
    """The core: the compiled function on prepared arrays (no parsing, no range warnings).
    Non-finite results raise :class:`DomainError` when ``check`` is true."""
    return _computed(law, arrays, params, conditions.holding(law, arrays, params), ref=ref, check=check)


def _computed(law: Law, arrays: Mapping[str, np.ndarray], params: Mapping[str, Any], holds: np.ndarray | None, *,
              ref: str | None = None, check: bool = True) -> np.ndarray:
    """:func:`compute`, given where the law's conditions hold (:func:`conditions.holding`; None:
    the law states no condition)."""
    ref = ref or law.id
    scalar = all(np.ndim(a) == 0 for a in arrays.values()) and all(np.ndim(p) == 0 for p in params.values())
    if check and scalar and holds is not None and not holds:
        raise DomainError(f"{ref}: {conditions.failure(law, arrays, params, holds)}: the law is stated only where "
                          "it holds")
    comp = compile_law(law, positive=_all_positive(law, params))
    args = [arrays[n] for n in comp.inputs]
    # numpy numbers, not Python floats: a parameter-only subexpression such as 0.0**-1 or 1e308**2 must
    # give inf (caught below), not ZeroDivisionError or OverflowError
    pvals = [np.asarray(params[n], dtype=float) for n in comp.parameters]
    with np.errstate(all="ignore"):
        if comp.form == "implicit":
            value = _solve_implicit(comp, args, pvals, ref, strict=check and holds is None)
        else:
            value = comp.func(*args, *pvals)
    if all(np.ndim(a) == 0 for a in args) and all(p.ndim == 0 for p in pvals):  # one point: no broadcasting
        value = np.asarray(value, dtype=float)
        if holds is not None and not np.all(holds):  # a point where the law is not stated: no number
            value = np.asarray(np.nan) if holds.ndim == 0 else np.where(holds, value, np.nan)
        if value.ndim == 0 and (not check or math.isfinite(float(value))):
            return value
    shape = np.broadcast_shapes(*(np.shape(a) for a in args), *(np.shape(p) for p in pvals),
                                *((np.shape(holds),) if holds is not None else ())) if args or pvals else ()
    value = np.broadcast_to(np.asarray(value, dtype=float), shape)
    if holds is not None:  # NaN where a condition fails (evaluate notes it), never the formula's number
        value = np.where(holds, value, np.nan)
    if check and not _sum_finite(value) and not all_finite(value):
        bad = ~np.isfinite(value) & (True if holds is None else holds)
        if bad.any():
            raise DomainError(_nonfinite_message(law, ref, comp, arrays, params, value, bad))
    return value


def _nonfinite_message(law, ref, comp, arrays, params, value, bad) -> str:
    idx = np.argwhere(bad)[0] if bad.ndim else ()
    at = []
    for n in comp.inputs:
        a = np.broadcast_to(arrays[n], bad.shape)
        at.append(f"{n}={fmt(a[tuple(idx)])}")
    point = ", ".join(at)
    got = value[tuple(idx)]
    zeros = [n for n in comp.inputs if np.any(np.broadcast_to(arrays[n], bad.shape)[tuple(idx)] == 0)]
    count = f" ({int(bad.sum())} of {bad.size} points)" if bad.size > 1 else ""
    if zeros:
        why = (f"{', '.join(zeros)}=0 is outside the formula's domain (log of zero or division by zero)")
    elif np.isnan(got):
        why = ("the formula is undefined there (e.g. a negative base raised to a fractional power, "
               "or the log of a negative number); check the inputs and constants")
    else:
        why = "the result overflows (the inputs or constants are far outside a sensible range)"
    return f"{ref}: {law.output_symbol} is not a finite number at {point}{count}: {why}"


# --------------------------------------------------------------------------------------------
# implicit laws: solve F(output, inputs) = 0 for the output, elementwise with scipy

IMPLICIT_WINDOW = (1e-12, 1e12)
_SCAN = 97  # log-spaced points in the window (4 per decade)


def _solve_implicit(comp: Compiled, args: list, pvals: list, ref: str, strict: bool = True) -> np.ndarray:
    """The output at every point; NaN where no root is found (an error when ``strict``)."""
    from scipy.optimize import elementwise

    shape = np.broadcast_shapes(*(np.shape(a) for a in args), *(np.shape(p) for p in pvals))
    flat_args = [np.broadcast_to(a, shape).ravel() for a in args]
    flat_p = [np.broadcast_to(np.asarray(p, dtype=float), shape).ravel() for p in pvals]
    size = int(np.prod(shape)) if shape else 1
    if not shape:
        flat_args = [np.asarray(a, dtype=float).reshape(1) for a in args]
        flat_p = [np.asarray(p, dtype=float).reshape(1) for p in pvals]
    out = np.full(size, np.nan)
    logs = np.linspace(math.log(IMPLICIT_WINDOW[0]), math.log(IMPLICIT_WINDOW[1]), _SCAN)
    chunk = 50_000
    for start in range(0, size, chunk):
        sl = slice(start, start + chunk)
        a = [x[sl] for x in flat_args]
        p = [x[sl] for x in flat_p]
        n = a[0].size if a else (p[0].size if p else 1)
        has, lo, hi = _brackets(comp, a, p, n, logs)
        if not has.all():  # a root near a pole or a domain edge: look again, ten times finer
            miss = np.flatnonzero(~has)
            fine = np.linspace(logs[0], logs[-1], 10 * (_SCAN - 1) + 1)
            h2, l2, u2 = _brackets(comp, [x[miss] for x in a], [x[miss] for x in p], miss.size, fine)
            has[miss], lo[miss], hi[miss] = h2, l2, u2

        def f(t, *rest):
            return comp.func(np.exp(t), *rest)

        if has.any():
            sel = np.flatnonzero(has)
            rest = [x[sel] if np.ndim(x) else x for x in (*a, *p)]
            res = elementwise.find_root(f, (lo[sel], hi[sel]), args=tuple(rest),
                                        tolerances={"xatol": 1e-14, "xrtol": 1e-14})
            block = out[sl]
            block[sel] = np.where(res.success, np.exp(res.x), np.nan)
            out[sl] = block
    if strict and not np.isfinite(out).all():
        raise DomainError(f"{ref}: no value of {comp.output} in [{fmt(IMPLICIT_WINDOW[0])}, {fmt(IMPLICIT_WINDOW[1])}] "
                          f"satisfies the implicit law at {int((~np.isfinite(out)).sum())} of {size} points")
    return out.reshape(shape)


def _brackets(comp: Compiled, a: list, p: list, n: int, logs: np.ndarray):
    """Per point: whether the residual changes sign on the log grid, and the first bracket."""
    vals = np.stack([np.broadcast_to(comp.func(np.exp(t), *a, *p), (n,)) for t in logs])  # (scan, n)
    sign = np.sign(vals)
    change = (sign[:-1] * sign[1:] <= 0) & np.isfinite(vals[:-1]) & np.isfinite(vals[1:])
    has = change.any(axis=0)
    first = np.argmax(change, axis=0)
    return has, logs[first].copy(), logs[np.minimum(first + 1, logs.size - 1)].copy()


# --------------------------------------------------------------------------------------------
# the expression with constants substituted (the site's JavaScript is generated from this)


@dataclass(frozen=True)
class Substituted:
    """``expr`` with every parameter replaced by its number. For an explicit law ``expr`` is
    the output's value as a function of ``inputs`` (in this order); for an implicit law it is
    the residual in ``(output, *inputs)`` that must be zero."""

    expr: Any
    inputs: tuple[str, ...]
    output: str
    form: str
    constants: Constants
    symbols: dict  # name -> sympy Symbol, for inputs and the output

    def callable(self) -> Callable:
        args = ((self.output,) if self.form == "implicit" else ()) + self.inputs
        return lambdify([self.symbols[n] for n in args], self.expr)


def substituted(target: Any, constant_set: str | None = None, overrides: Mapping[str, Any] | None = None) -> Substituted:
    law, _, _ = unpack(target)
    consts = resolve_constants(target, constant_set, overrides)
    positive = all(v > 0 for v in consts.values.values())
    comp = compile_law(law, positive=positive)
    subs = {comp.symbols[n]: sympy_number(v) for n, v in consts.values.items()}
    expr = comp.expr.xreplace(subs)
    keep = {n: comp.symbols[n] for n in (*comp.inputs, comp.output)}
    return Substituted(expr, comp.inputs, comp.output, comp.form, consts, keep)
