"""Plot one or several laws against one input, to compare them.

``plot([(law_ref, constant_set), ...], x="N", fixes={"D": "20N"}, output="out.png")`` draws
each law's output over a log-spaced grid of ``x`` on log-log axes (linear y when some values
are not positive, or scores spanning under a decade: units.linear_score_axis; linear x when some law's domain of ``x`` reaches below zero, as a z-score's
does: ``engine.Domain.scale``), with each law's fitted range of ``x`` shaded in its colour, the curve solid
where every input lies in its fitted range and dashed where it extrapolates. Other inputs are
held by ``fixes``: a number (``D=1.4T``) or a relation to other inputs (``D=20N``).

Laws that name an input differently are matched by normalized variable: ``x="N"`` also picks a
law's ``P`` when both are ``model_parameters``. The axes are in the first law's units; another law whose x input
or output is another multiple of the same count (PF-days against FLOPs, billions of parameters)
is drawn converted, with a note. Laws whose conventions differ (parameters with or
without embeddings, compute counting, loss unit, validation set, units of the matched inputs;
see :mod:`catalog.engine.conventions`) get a warning naming each difference. matplotlib runs headless (the Agg canvas, no
pyplot state); PNG, SVG and PDF are written, chosen by the file suffix.
"""

from __future__ import annotations

import dataclasses
import math
import re
import textwrap
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from catalog import provenance, textguard, vocab
from catalog.engine import conditions, conventions, evaluation as engine, sweep, units
from catalog.engine.evaluation import EngineError, fmt

FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}
DEFAULT_POINTS = 200
# The default x range is the union of the laws' domains widened by this factor each side: the
# fitted range a reader asked about with a little of its extrapolation, dashed, on either side
# (ten times, as before, drew mostly extrapolation and warned of it on every default plot)
EXTEND = 2.0
# The largest magnitude drawn, and the smallest but zero: matplotlib computes ticks and margins
# (5% of a log axis's decades) past an axis's ends, which overflow or underflow, and raise, on an
# axis reaching the float limits (1.8e308, 5e-324)
AXIS_LIMIT = 1e250


def _drawable(values: np.ndarray) -> np.ndarray:
    """Where ``values`` can be drawn: zero, or finite and within :data:`AXIS_LIMIT` in size and its inverse."""
    size = np.abs(np.asarray(values, dtype=float))
    return (size == 0) | ((size <= AXIS_LIMIT) & (size >= 1 / AXIS_LIMIT))


@dataclass
class Series:
    ref: str
    label: str
    x_name: str  # the law's own name of the x input
    # the per-point arrays stay out of the repr, which a notebook prints
    x: np.ndarray = field(repr=False)
    y: np.ndarray = field(repr=False)
    fitted: np.ndarray = field(repr=False)  # True where every input lies in its fitted range
    x_fitted: tuple[float, float] | None
    constants: engine.Constants
    warnings: list[str] = field(default_factory=list)
    arrays: dict[str, np.ndarray] = field(default_factory=dict, repr=False)  # every input of the law, per point
    band: tuple[np.ndarray, np.ndarray] | None = field(default=None, repr=False)  # prediction interval per point
    band_level: float | None = None
    # (x, output) of the values the source prints along the curve (printed check values made
    # with the series' constant set, every other input where the curve has it)
    printed: list[tuple[float, float]] = field(default_factory=list)
    # the axes' units over the law's own (1: the same): x and y are drawn in the axes' units,
    # ``arrays`` and ``x_name`` stay the law's (C_min in PF-days on an axis of FLOPs)
    x_factor: float = 1.0
    y_factor: float = 1.0


@dataclass
class PlotResult:
    path: Path
    x: str
    series: list[Series]
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    x_scale: str = "log"  # the x axis: "linear" when some law's domain of x is (engine.Domain.scale)
    y_scale: str = "log"  # the y axis: "linear" when some value is not positive, or for scores under a decade


def _variable_of(targets, name: str) -> str | None:
    for t in targets:
        law, _, _ = engine.unpack(t)
        if name in law.symbols:
            return law.symbols[name].variable
    return None


def local_name(target: Any, name: str, variable: str | None, taken: frozenset[str] = frozenset()) -> str | None:
    """The law's input for ``name``: the same name, else the one input with the same variable
    that no other name already matched (``taken``)."""
    law, _, _ = engine.unpack(target)
    if name in law.input_symbols:
        return name
    if variable:
        same = [s for s in law.input_symbols if law.symbols[s].variable == variable and s not in taken]
        if len(same) == 1:
            return same[0]
    return None


def local_names(target: Any, variables: Mapping[str, str | None]) -> dict[str, str | None]:
    """``local_name`` for every mentioned name; exact names first, then by variable."""
    law, _, _ = engine.unpack(target)
    exact = {n: n for n in variables if n in law.input_symbols}
    taken = set(exact.values())
    out: dict[str, str | None] = {}
    for n, var in variables.items():
        out[n] = exact.get(n) or local_name(target, n, var, frozenset(taken))
        if out[n]:
            taken.add(out[n])
    return out


def _no_input(laws, name: str, purpose: str) -> EngineError:
    """'no law given has an input 'n'; did you mean N? (inputs: N, D)', the hint eval gives for a
    name in the other case or a variable's synonym (params, tokens)."""
    for t in laws:  # Ehat on the axis, or held: its inputs are what a law takes (eval says which)
        law, _, ref = engine.unpack(t)
        if name in law.symbols and law.symbols[name].role == "defined":
            return engine._not_a(law, ref, name, "input", "defined")
    inputs = list(dict.fromkeys(s for t in laws for s in engine.unpack(t)[0].input_symbols))
    meant = [s for t in laws for s in engine.meant_symbols(engine.unpack(t)[0], name) if s in inputs]
    return EngineError(f"no law given has an input {textguard.quoted(name)}{purpose}{engine.suggest(name, inputs, meant)} "
                       f"(inputs: {', '.join(inputs)})")


def image_target(output: str | Path, points: int, title: str | None) -> tuple[Path, str]:
    """The image file and its format, after checking what every plot is asked for: a known suffix,
    a sane point count and a title without control characters."""
    path = Path(output)
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise EngineError(f"cannot tell the image format from {path.name!r}; use .png, .svg or .pdf")
    if not 2 <= points <= 100_000:
        raise EngineError(f"points must be between 2 and 100000 (got {points})")
    if title is not None:  # an image's text, as record text: SVG is XML, which has no control characters
        from catalog import textguard

        reason = textguard.control_character_reason(title)
        if reason:
            raise EngineError(f"--title: {reason}")
    return path, kind


def plot(targets: Sequence[tuple[Any, str | None]], x: str, output: str | Path,
         fixes: Mapping[str, Any] | None = None, x_range: Any = None, points: int = DEFAULT_POINTS,
         overrides: Mapping[str, Any] | None = None, title: str | None = None,
         interval: Any = None, samples: Any = None, seed: Any = None) -> PlotResult:
    """Draw ``targets`` (pairs of law and constant-set id or None) against ``x`` into ``output``.

    ``interval`` (a level such as 0.95) adds each curve's prediction-interval band, sampled from
    its constant set's standard errors or intervals (see :mod:`catalog.engine.uncertainty`)."""
    if not targets:
        raise EngineError("plot needs at least one law")
    path, kind = image_target(output, points, title)
    laws = [t for t, _ in targets]
    fixes, more = _split_overrides(laws, dict(fixes or {}))
    overrides = {**more, **(overrides or {})}
    mentioned = {x, *fixes}
    for spec in fixes.values():
        if isinstance(spec, str):
            mentioned.update(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", spec))
    variables = {n: _variable_of(laws, n) for n in mentioned}
    if all(local_names(t, variables)[x] is None for t in laws):
        raise _no_input(laws, x, "")
    for name in fixes:
        if all(local_names(t, variables)[name] is None for t in laws):
            raise _no_input(laws, name, " to fix")

    x_factors, y_factors, notes, converted = _axis_conversions(laws, x, variables)
    xs, x_scale = _x_grid(targets, x, variables, x_range, points, x_factors)
    series: list[Series] = []
    for (target, cs), xf, yf in zip(targets, x_factors, y_factors):
        s = _series(target, cs, x, xs, fixes, variables, overrides, notes, xf, yf, x_range is None)
        if interval is not None:
            _add_band(s, target, interval, samples, seed, notes)
        series.append(s)

    y_scale = _y_scale(series, laws)
    _draw(series, x, x_scale, y_scale, path, kind, fixes, title, laws, variables)
    notes.extend(f"{s.label}: {len(s.printed)} value{'s' * (len(s.printed) > 1)} printed in the source "
                 f"marked with circles" for s in series if s.printed)
    warns = list(dict.fromkeys(w for s in series for w in s.warnings))
    # units the axes convert (C_min in PF-days drawn in FLOPs) are no longer a difference to warn of
    compared = conventions.compare(laws, [local_names(t, variables) for t in laws], converted)
    warns.extend(compared.warnings)
    notes.extend(compared.notes)
    return PlotResult(path, x, series, warns, notes, x_scale, y_scale)


def _factor(sym, output: bool = False) -> float | None:
    """The factor from the symbol's unit to the plain count of its variable (parameters, tokens,
    FLOPs: 8.64e19 for PF-days, 1e9 for billions of parameters); None when it is no such multiple."""
    if output:
        found = units.output_unit(sym.variable, sym.unit)
        return found[1] if found else None
    return units.base_factor(sym.variable, sym.unit) if sym.variable in units.BASE_UNITS else None


def _axis_conversions(laws, x, variables) -> tuple[list[float], list[float], list[str], list[set[str]]]:
    """Per law, the factors that put its x input and its output in the axes' units: those of the
    first law with a convertible one (whose unit the x label names). A law whose unit is another
    multiple of the same count (PF-days against FLOPs, billions of parameters against parameters)
    is converted, as predict and the compare page convert; any other unit is left as it is. With a
    note per converted law: 'kaplan2020/...: C_min in PF-days is drawn in FLOPs, the axis's unit
    (1 PF-days = 8.64e+19 FLOPs)'. Last, per law, the names of its symbols drawn in the axes' units."""
    notes: list[str] = []
    converted: list[set[str]] = [set() for _ in laws]

    def per_law(output: bool) -> list[float]:
        named = []  # (law, symbol name, symbol) of each law's x input or output
        for t in laws:
            law = engine.unpack(t)[0]
            name = law.output_symbol if output else local_names(t, variables)[x]
            named.append((t, name, law.symbols[name] if name else None))
        found = [_factor(sym, output) if sym is not None else None for _, _, sym in named]
        axis = next(((f, sym) for f, (_, _, sym) in zip(found, named) if f is not None), None)
        factors = [f / axis[0] if f is not None and axis is not None else 1.0 for f in found]
        for names, f, (_, name, _) in zip(converted, found, named):
            if f is not None and axis is not None:
                names.add(name)
        for (t, name, sym), f in zip(named, factors):
            if f != 1.0:
                notes.append(f"{engine.unpack(t)[2]}: {name} in {sym.unit} is drawn in {axis[1].unit}, the axis's "
                             f"unit (1 {sym.unit} = {fmt(f)} {axis[1].unit})")
        return factors

    x_factors, y_factors = per_law(False), per_law(True)
    return x_factors, y_factors, notes, converted


def _x_grid(targets, x, variables, x_range, points, factors) -> tuple[np.ndarray, str]:
    """The x values and the axis scale: linear when some law's domain of x is (a z-score's negative
    half never shows on a log axis), else log, as the laws' domains say (engine.Domain.scale); each
    law's domain in the axis's unit (``factors``: :func:`_axis_conversions`)."""
    domains, counted = [], []
    for (t, cs), factor in zip(targets, factors):
        name = local_names(t, variables)[x]
        if name is not None:
            d = engine.domain(t, name, cs)
            domains.append(dataclasses.replace(d, low=d.low * factor, high=d.high * factor))
            counted.append(engine.unpack(t)[0].symbols[name].variable in vocab.COUNTS)
    scale = "linear" if any(d.scale == "linear" for d in domains) else "log"
    if x_range is not None:
        if isinstance(x_range, str):
            spec = x_range if ":" in x_range else f"{x_range}:{points}"
            xs = sweep.parse_range(x, spec, scale)
            lo, hi = float(xs[0]), float(xs[-1])
        else:
            lo, hi = (engine.as_number(x, v) for v in x_range)
        if not (lo < hi if scale == "linear" else 0 < lo < hi):
            raise EngineError(f"the x range must satisfy {'' if scale == 'linear' else '0 < '}low < high "
                              f"(got {fmt(lo)}, {fmt(hi)})")
        if not (_drawable(lo) and _drawable(hi)):
            raise EngineError(f"the x range's ends must be 0 or between {1 / AXIS_LIMIT:g} and {AXIS_LIMIT:g} in "
                              f"size, which an axis can show (got {fmt(lo)}, {fmt(hi)})")
        return (xs if isinstance(x_range, str) else engine.spaced(lo, hi, points, scale)), scale
    # the laws' domains widened, within what an axis shows (a record's range may reach 1e308)
    lo, hi = min(d.low for d in domains), max(d.high for d in domains)
    if scale == "linear":
        lo, hi = max(lo, -AXIS_LIMIT), min(hi, AXIS_LIMIT)
        pad = engine.LINEAR_PAD * (hi - lo)  # a linear x axis (z-scores, dates)
        lo, hi = max(lo - pad, -AXIS_LIMIT), min(hi + pad, AXIS_LIMIT)
    else:
        lo, hi = max(lo / EXTEND, 1 / AXIS_LIMIT), min(hi * EXTEND, AXIS_LIMIT)
        if all(counted) and max(d.high for d in domains) > 1:
            lo = max(lo, 1.0)  # a count (experts, samples): the default span does not go below one
    if not lo < hi:
        raise EngineError(f"the laws' domains of {x} lie beyond {AXIS_LIMIT:g}, which an axis can show: give "
                          "the x range (--range LOW..HIGH)")
    return engine.spaced(lo, hi, points, scale), scale


def _series(target, cs, x, xs, fixes, variables, overrides, notes, x_factor=1.0, y_factor=1.0,
            default_range=False) -> Series:
    """The law's curve over ``xs`` (in the x axis's unit, ``x_factor`` times the law's own).
    ``default_range``: ``xs`` is the default x range, whose reach past the fitted range of x is
    chosen, not asked for, so it is a note (the curve is dashed there), not a warning; the other
    inputs (D=20N held along) still warn."""
    law, _, ref = engine.unpack(target)
    mapping = local_names(target, variables)
    xl = mapping[x]
    if xl is None:
        raise EngineError(f"{ref} has no input matching {x!r}; its inputs are {', '.join(law.input_symbols)}")
    own_xs = xs / x_factor
    values: dict[str, Any] = {xl: own_xs}
    relations = []
    known = [n for n, m in mapping.items() if m is not None]
    for name, spec in fixes.items():
        local = mapping[name]
        if local is None:
            notes.append(f"{ref} has no input {name}; --fix {name}=... does not apply to it")
            continue
        if local == xl:
            raise EngineError(f"{name} is the x axis and cannot also be fixed")
        # a percentage in this law's unit for its own symbol (0.4 for a fraction, 40 in percent)
        value = sweep.percentage(target, local, spec)
        if value is None:
            value = sweep.classify(spec, name, known) if isinstance(spec, str) else engine.as_array(name, spec)
        if isinstance(value, sweep.Relation):
            lost = [d for d in value.depends if mapping.get(d) is None]
            if lost:
                raise EngineError(f"{ref} has no input {', '.join(lost)} for {name}={spec}")
            relations.append(value.renamed({n: m for n, m in mapping.items() if m}))
        else:
            if np.ndim(value):
                raise EngineError(f"{name}: --fix takes one value or a relation, not a range")
            values[local] = np.asarray(float(value))
    missing = [n for n in law.input_symbols if n not in values and n not in {r.name for r in relations}]
    if missing:
        raise engine.MissingInput(f"{ref} also needs {', '.join(missing)}: add --fix {missing[0]}=VALUE "
                                  f"(or a relation such as {missing[0]}=20{xl})")
    held = {n: v for n, v in values.items() if n != xl}
    values = sweep.resolve(values, relations)
    arrays = {n: np.broadcast_to(np.asarray(values[n], dtype=float), own_xs.shape) for n in law.input_symbols}
    consts = engine.resolve_constants(target, cs, _own(law, overrides))
    for n, a in arrays.items():
        engine.check_positive(law, n, a)
    y = engine.compute(law, arrays, consts.values, ref=ref, check=False)
    with np.errstate(all="ignore"):  # a value past the largest float in the axis's unit is left out below
        y = np.array(y, dtype=float) * y_factor
    warns, _ = engine.extrapolation_warnings(target, arrays, constant_set=consts.set_id)
    if default_range:  # x's own warning (one input alone: never the mixture check) becomes a note
        beyond, _ = engine.extrapolation_warnings(target, {xl: arrays[xl]}, constant_set=consts.set_id)
        warns = [w for w in warns if w not in beyond]
        notes.extend(f"default x range (the laws' fitted ranges of {x} widened by a factor of {EXTEND:g} each side, "
                     f"dashed beyond them; --range sets it): {w.removeprefix('extrapolation: ')}" for w in beyond)
    holds = conditions.holding(law, arrays, consts.values)
    if holds is not None and not np.all(holds):  # compute gave NaN there: say which condition, not 'not finite'
        failed = conditions.failure(law, arrays, consts.values, np.broadcast_to(holds, y.shape))
        if not np.any(holds):
            raise engine.DomainError(f"{ref}: {failed}: the law is stated nowhere on the plotted range")
        warns.append(f"{ref}: {failed}: left out, where the law is not stated")
    drawable = _drawable(y)
    bad = ~drawable & (True if holds is None else holds)
    if not drawable.any():
        raise engine.DomainError(f"{ref}: {law.output_symbol} is not a finite number an axis can show (0 or "
                                 f"{1 / AXIS_LIMIT:g} to {AXIS_LIMIT:g} in size) anywhere on the plotted range")
    if bad.any():
        warns.append(f"{ref}: {int(bad.sum())} of {y.size} points where {law.output_symbol} is not a finite "
                     f"number an axis can show (0 or {1 / AXIS_LIMIT:g} to {AXIS_LIMIT:g} in size) are left out")
    y[~drawable] = np.nan
    # each input's fitted range for the series' constant set: a set fitted on other data has its own
    ranges = {n: provenance.fitted_range(law, n, consts.set_id) for n in law.input_symbols}
    unranged = [n for n, r in ranges.items() if not provenance.has_span(r)]
    if unranged:
        notes.append(f"{ref} records no fitted range for {', '.join(unranged)}: its curve is not dashed for "
                     f"extrapolation in {'that input' if len(unranged) == 1 else 'those inputs'}")
    fitted = np.ones(own_xs.shape, dtype=bool)
    for n, a in arrays.items():
        r = ranges[n]
        if r is not None:
            if r.min is not None:
                fitted &= a >= r.min
            if r.max is not None:
                fitted &= a <= r.max
    xr = ranges[xl]
    x_fitted = ((xr.min or own_xs[0]) * x_factor, (xr.max or own_xs[-1]) * x_factor) \
        if xr is not None and (xr.min or xr.max) else None
    label = ref if cs is None else f"{ref} @ {cs}"
    if consts.overridden:  # an edited curve is not the published one: its legend says so
        label += f" ({', '.join(f'{n}={engine.fmt(consts.values[n])}' for n in consts.overridden)})"
    printed = [(px * x_factor, py * y_factor) for px, py in _printed_along(law, consts, xl, held, relations)]
    # only those the axis shows: one off it was 'marked with circles' in the note and legend, unseen,
    # and stretched the y axis to its value (Kaplan's L(N) printed at N = 1.76e14 on a 1e8..1e12 plot)
    x_lo, x_hi = min(xs[0], xs[-1]), max(xs[0], xs[-1])
    printed = [(px, py) for px, py in printed if _drawable(px) and _drawable(py) and x_lo <= px <= x_hi]
    return Series(ref, label, xl, xs, y, fitted, x_fitted, consts, warns, arrays,
                  printed=printed, x_factor=x_factor, y_factor=y_factor)


def _printed_along(law, consts: engine.Constants, xl: str, held: Mapping[str, Any], relations) -> list[tuple[float, float]]:
    """The printed check values on the curve: made with its constant set (none edited), and at
    each one's x every other input as the curve holds it (a value, or a relation such as D=20N)."""
    if consts.overridden or consts.set_id is None:
        return []
    out = []
    for cv, made_with in provenance.printed_points(law):
        if made_with != consts.set_id:
            continue
        at = sweep.resolve({**held, xl: np.asarray(float(cv.inputs[xl]))}, relations)
        if all(math.isclose(float(np.asarray(at[n])), float(cv.inputs[n]), rel_tol=1e-9) for n in law.input_symbols):
            out.append((float(cv.inputs[xl]), float(cv.expected[law.output_symbol])))
    return out


def _add_band(s: Series, target, level, samples, seed, notes: list[str]) -> None:
    from catalog.engine import uncertainty

    _, _, ref = engine.unpack(target)
    kwargs = {k: v for k, v in (("samples", samples), ("seed", seed)) if v is not None}
    pi = uncertainty.prediction_interval(target, s.arrays, s.constants, level=level, ref=ref, **kwargs)
    notes.extend(f"{s.label}: {n}" for n in pi.notes)
    if pi.spreads:
        with np.errstate(all="ignore"):
            s.band = tuple(np.where(_drawable(b), b, np.nan) for b in (np.asarray(pi.low, dtype=float) * s.y_factor,
                                                                       np.asarray(pi.high, dtype=float) * s.y_factor))
        s.band_level = pi.level


def _split_overrides(laws, fixes: dict) -> tuple[dict, dict]:
    """``fixes`` -> (inputs to hold, parameter overrides): a name that is no law's input but some
    law's fitted constant (alpha=0.3) overrides it, as eval, sweep and calling a law take it."""
    found = [engine.unpack(t)[0] for t in laws]
    parameters = {n for law in found for n in law.parameter_symbols}
    inputs = {n for law in found for n in law.input_symbols}
    overrides = {n: v for n, v in fixes.items() if n in parameters and n not in inputs}
    return {n: v for n, v in fixes.items() if n not in overrides}, overrides


def _own(law, overrides):
    if not overrides:
        return None
    return {k: v for k, v in overrides.items() if k in law.parameter_symbols}


def _axis_label(laws, name, variables, role) -> str:
    if role == "x":
        syms = [engine.unpack(t)[0].symbols[local] for t in laws if (local := local_names(t, variables)[name])]
        if not syms:
            return name
        first = syms[0]  # the axis is in the first law's unit (_axis_conversions)
        unit = f" [{first.unit}]" if first.unit else ""
        meaning = first.meaning
        # laws whose x means different things (Kaplan's non-embedding N, Chinchilla's total) share
        # the variable's name, as the y axis does; one law's meaning labelled every curve's x
        if len({s.meaning for s in syms}) > 1 and first.variable in vocab.VARIABLES:
            meaning = vocab.VARIABLES[first.variable][0]
        return f"{name}: {meaning}{unit}"
    outs, units_drawn = set(), []
    axis_unit = None  # the unit of the first output that counts parameters, tokens or FLOPs: the others are drawn in it
    for t in laws:
        law, _, _ = engine.unpack(t)
        sym = law.symbols[law.output_symbol]
        outs.add(vocab.VARIABLES[sym.variable][0] if sym.variable in vocab.VARIABLES else f"{law.output_symbol}: {sym.meaning}")
        if _factor(sym, output=True) is not None:
            axis_unit = axis_unit or sym.unit
            units_drawn.append(axis_unit)
        elif sym.unit:
            units_drawn.append(sym.unit)
    # the unit, as the x label gives its own: 'Downstream accuracy or metric' alone did not say percent;
    # laws in different units (nats and bits) name each
    shown = list(dict.fromkeys(units_drawn))
    return " / ".join(sorted(outs)) + (f" [{' / '.join(shown)}]" if shown else "")


def _finer_ticks(ax) -> None:
    """On a log y axis spanning under a decade, ticks at 1.2, 1.5 and 2.5 too where those at 1 to 9
    label fewer than three values in view: a loss from 1.2 to 3.4 (Kaplan's L(N) beside Chinchilla's)
    had the labels 2 and 3 alone, nothing to read its lower half by."""
    from matplotlib.ticker import LogLocator

    low, high = ax.get_ylim()
    shown = [t for t in (*ax.yaxis.get_majorticklocs(), *ax.yaxis.get_minorticklocs()) if low <= t <= high]
    if len(shown) < 3:
        ax.yaxis.set_minor_locator(LogLocator(base=10, subs=(1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 7, 8, 9)))


def _y_scale(series, laws) -> str:
    """"log" when every value is positive, except for scores (accuracies, probabilities) spanning
    under a decade (units.linear_score_axis, as the site draws them); "linear" otherwise."""
    finite = np.concatenate([s.y[np.isfinite(s.y)] for s in series])
    if not all(np.all(s.y[np.isfinite(s.y)] > 0) for s in series):
        return "linear"
    scores = all(units.is_score(law.symbols[law.output_symbol].unit, law.dependent_variable)
                 for law in (engine.unpack(t)[0] for t in laws))
    return "linear" if finite.size and units.linear_score_axis(scores, finite.min(), finite.max()) else "log"


def _literal(text: str) -> str:
    """Text matplotlib shows as it is: a pair of ``$`` would start mathtext, where a record's
    ``$\\foo$`` stopped the plot with a parse error. ``\\$`` is a literal dollar."""
    return text.replace("$", r"\$")


def _draw(series, x, x_scale, y_scale, path, kind, fixes, title, laws, variables,
          labels: tuple[str, str] | None = None, shaded_label: str | None = None) -> None:
    """Draw ``series``; ``labels``: the axes' (x, y) labels, else each law's input and output
    (the frontier's axes are the budget and a quantity of the split, no symbol of a law), and
    ``shaded_label`` the shading's key, else the fitted range of x."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    fig = Figure(figsize=(8, 5.2), dpi=120)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    colors = [f"C{i % 10}" for i in range(len(series))]
    positive = y_scale == "log"
    shaded = set()
    for s, color in zip(series, colors):
        if s.x_fitted is not None and (s.ref, s.x_fitted) not in shaded:
            shaded.add((s.ref, s.x_fitted))
            ax.axvspan(max(s.x_fitted[0], s.x[0]), min(s.x_fitted[1], s.x[-1]), color=color, alpha=0.10, lw=0)
        if s.band is not None:
            ax.fill_between(s.x, s.band[0], s.band[1], color=color, alpha=0.18, lw=0)
        ax.plot(s.x, s.y, "--", color=color, lw=1.2, alpha=0.9)
        ax.plot(s.x, np.where(s.fitted, s.y, np.nan), "-", color=color, lw=2.2, label=_literal(s.label))
        if s.printed:
            px, py = zip(*s.printed)
            ax.plot(px, py, "o", mfc="none", mec=color, ms=6, mew=1.4)
    if x_scale == "log":
        ax.set_xscale("log")
    if positive:
        ax.set_yscale("log")
        ys = np.concatenate([s.y[np.isfinite(s.y)] for s in series])
        if ys.size and ys.max() < 100 * ys.min():  # a narrow log axis reads better with plain numbers
            from matplotlib.ticker import FuncFormatter

            plain = FuncFormatter(lambda v, _: f"{v:g}")
            ax.yaxis.set_major_formatter(plain)
            # past one decade a label at each of 2, 3, ..., 9 runs the labels together: 2 and 5 only
            sparse = FuncFormatter(lambda v, _: f"{v:g}" if round(v / 10 ** math.floor(math.log10(v))) in (2, 5) else "")
            ax.yaxis.set_minor_formatter(plain if ys.max() < 10 * ys.min() else sparse)
            if ys.max() < 10 * ys.min():  # within a decade, ticks at 2..9 may leave one or two labels
                _finer_ticks(ax)
    ax.set_xlim(series[0].x[0], series[0].x[-1])
    # a symbol's meaning can be a sentence: wrapped, never cut off at the figure's edge
    x_label, y_label = labels or (_axis_label(laws, x, variables, "x"), _axis_label(laws, x, variables, "y"))
    ax.set_xlabel(_literal(textwrap.fill(x_label, 110)), fontsize=9)
    ax.set_ylabel(_literal(textwrap.fill(y_label, 60)), fontsize=9)
    ax.grid(True, which="both", alpha=0.25)
    handles, labels = ax.get_legend_handles_labels()
    handles.append(Line2D([], [], color="0.3", lw=2.2))
    labels.append("inside the recorded fitted ranges")
    # the keys of what is drawn only: Kinetics' L_out has no recorded range, so nothing is shaded or dashed
    if any(not np.all(s.fitted) for s in series):
        handles.append(Line2D([], [], color="0.3", lw=1.2, ls="--"))
        labels.append("extrapolation")
    if shaded:
        handles.append(Patch(color="0.3", alpha=0.15))
        labels.append(_literal(shaded_label or f"fitted range of {x}"))
    if any(s.printed for s in series):
        handles.append(Line2D([], [], ls="", marker="o", mfc="none", mec="0.3", ms=6, mew=1.4))
        labels.append("value printed in the source")
    levels = sorted({s.band_level for s in series if s.band is not None})
    if levels:
        handles.append(Patch(color="0.3", alpha=0.35))
        labels.append(f"{', '.join(f'{100 * v:g}%' for v in levels)} prediction interval")
    ax.legend(handles, labels, fontsize=8, loc="best")
    fixed_text = ", ".join(f"{k} = {v}" for k, v in fixes.items())
    ax.set_title(_literal(title or (f"{x} sweep" + (f" with {fixed_text}" if fixed_text else ""))), fontsize=10)
    metadata = {"Date": None} if kind == "svg" else ({"Software": None} if kind == "png" else None)
    try:
        with warnings.catch_warnings():
            # a character the font lacks (an emoji, CJK, a tab in a meaning or title) is drawn as a box;
            # matplotlib's 'Glyph ... missing from font(s)' is no message for the terminal
            warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font", category=UserWarning)
            fig.tight_layout()
            path.parent.mkdir(parents=True, exist_ok=True)
            fig.savefig(path, format=kind, metadata=metadata)
    except OSError as exc:  # a file where a directory must be, a directory named like the image, no permission
        raise EngineError(f"cannot write {path}: {exc.strerror or exc}") from None
