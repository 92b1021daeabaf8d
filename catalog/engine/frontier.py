"""The compute-optimal frontier of loss laws in model size and data, plotted against the budget.

``frontier([(law, set), ...], "N_opt", "frontier.png", budgets="1e20..1e26")`` draws each law's
N_opt(C) (or D_opt(C), L_opt(C), D_opt/N_opt) over a log-spaced range of budgets C = k*N*D:
the split ``catalog optimal`` finds (:func:`catalog.engine.optimal.compute_optimal`, closed form
where the law has one, else its numeric search), at every budget of the range at once
(``Optimum.along``). The budget is in FLOPs, N in parameters and D in tokens: a law taking N in
billions of parameters is split with its k scaled to its units and drawn in plain counts. Curves
are solid where N_opt, D_opt and the held inputs lie inside the set's fitted ranges and dashed
where they extrapolate, with the budgets where they lie inside shaded, as :mod:`plotting` draws
a law against one of its inputs; laws whose conventions differ are warned of alike.

``numbers(...)`` gives what ``frontier`` draws as numbers (every quantity at every budget, as CSV
or JSON: ``catalog plot --x C -o frontier.csv``), computed by the same functions.

Beside the splits derived from loss laws, a law that states N_opt(C) or D_opt(C) itself (its
output an optimal model size or data, its input compute: Chinchilla's direct fits, Kaplan's
N_opt(C_min)) is drawn as it is, its compute converted from its unit (PF-days) to FLOPs and its
output to plain counts by :mod:`units`, dashed beyond its fitted range of C, as :mod:`plotting`
draws a law against one of its inputs; each curve says which it is (``how``: "derived" or
"direct").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from catalog import provenance, textguard, vocab
from catalog.engine import conventions, evaluation as engine, optimal, sweep, units
from catalog.engine.evaluation import EngineError, fmt
from catalog.engine.plotting import AXIS_LIMIT, DEFAULT_POINTS, EXTEND, PlotResult, Series, _draw, _drawable, image_target
from catalog.engine.plotting import _series as plotting_series

# what the frontier plots: the split's model size, its data, the loss there, or their ratio
QUANTITIES = ("N_opt", "D_opt", "L_opt", "D_opt/N_opt")


def quantity(name: str) -> str:
    """``name`` as one of :data:`QUANTITIES` (``n_opt`` and ``tokens_per_parameter`` too)."""
    spelled = {q.lower(): q for q in QUANTITIES} | {"tokens_per_parameter": "D_opt/N_opt", "d/n": "D_opt/N_opt"}
    found = spelled.get(str(name).strip().lower())
    if found is None:
        raise EngineError(f"the frontier plots one of {', '.join(QUANTITIES)} against the budget C (got "
                          f"{textguard.quoted(str(name))})")
    return found


# a law stating the frontier itself: its output's variable -> the quantity and the plain count it gives
DIRECT = {"optimal_model_parameters": ("N_opt", "parameters"), "optimal_data": ("D_opt", "tokens")}


def direct(law: Any) -> str | None:
    """The quantity (N_opt or D_opt) ``law`` states directly as a function of compute: published
    constants, an output that is an optimal model size in a multiple of parameters or an optimal
    data size in a multiple of tokens, and one input of compute in a multiple of FLOPs; else None."""
    output = law.symbols[law.output_symbol] if law.output_symbol in law.symbols else None
    found = DIRECT.get((output.variable if output is not None else None) or law.dependent_variable or "")
    compute = _compute_inputs(law)
    if not law.constant_sets or found is None or len(compute) != 1:
        return None
    counted = units.output_unit(output.variable or law.dependent_variable, output.unit)
    if counted is None or counted[0] != found[1] or units.base_factor("compute", law.symbols[compute[0]].unit) is None:
        return None
    return found[0]


def _compute_inputs(law: Any) -> list[str]:
    return [s for s in law.input_symbols if law.symbols[s].variable == "compute"]


def _stated_compute(law: Any) -> tuple[str, float]:
    """A law stating the frontier (:func:`direct`): its compute input and the factor from its unit to FLOPs."""
    name = _compute_inputs(law)[0]
    return name, units.base_factor("compute", law.symbols[name].unit)


def applies(laws: Sequence[Any], x: str) -> bool:
    """Whether plotting ``laws`` against ``x`` means their frontier: ``x`` names compute (C,
    ``compute``, a synonym), every law with an input so named or of that variable states N_opt(C)
    or D_opt(C) itself (:func:`direct`), and one law at least is a loss law in model size and data
    (:func:`catalog.engine.optimal.splittable`) without one: the others are refused by
    :func:`frontier`, saying why."""
    if vocab.known("variable", x) != "compute":
        return False
    split = False
    for t in laws:
        law = engine.unpack(t)[0]
        if x in law.input_symbols or _compute_inputs(law):
            if direct(law) is None:
                return False
        else:
            split = split or optimal.splittable(law)
    return split


def _counted(law, ref: str, name: str, variable: str, noun: str) -> float:
    """The factor from the law's unit of ``name`` to plain ``noun`` (1e9 for billions of parameters)."""
    unit = law.symbols[name].unit
    found = units.counted(variable, unit) if unit else None
    if found is None or found[0] != noun:
        raise EngineError(f"{ref}: the frontier splits a budget in FLOPs, C = k*N*D with N in parameters and D in "
                          f"tokens; {name} is in {unit or 'a unit not stated'}")
    return found[1]


def frontier(targets: Sequence[tuple[Any, str | None]], what: str, output: str | Path, budgets: Any = None,
             points: int = DEFAULT_POINTS, k: Any = optimal.DEFAULT_K, fixes: Mapping[str, Any] | None = None,
             title: str | None = None) -> PlotResult:
    """Draw ``what`` (one of :data:`QUANTITIES`) of each law's compute-optimal split against the
    budget C into ``output`` (.png, .svg, .pdf). ``budgets``: ``"1e20..1e26"`` or a pair (default:
    the budgets of the laws' fitted ranges, widened by a factor of 2 each side); ``fixes``: the
    values of inputs other than N and D, for the laws that have them (an MoE law's E=8)."""
    if not targets:
        raise EngineError("the frontier needs at least one law")
    what = quantity(what)
    path, kind = image_target(output, points, title)
    k = optimal.flops_per_parameter_token(k)
    fixes = dict(fixes or {})
    split, stated, order = _partition(targets, what)
    found, notes = _splits(split, k, fixes, targets)
    laws = [t for t, _ in targets]
    user_range = budgets is not None
    xs = _budgets(found, budgets, points, stated)
    series = [_series(target, cs, best, fn, fd, xs, what, notes, user_range) for target, cs, best, fn, fd in found]
    series += [_stated_series(target, cs, xs, fixes, notes, user_range) for target, cs in stated]
    series = _in_order(series, order)
    if stated:  # mixed: each legend entry says whether the paper states the curve or it is derived
        direct_refs = {engine.unpack(t)[2] for t, _ in stated}
        for s in series:
            s.label += " (direct)" if s.ref in direct_refs else " (derived)"
    y_scale = "log" if all(np.all(s.y[np.isfinite(s.y)] > 0) for s in series) else "linear"
    x_label = "C: compute budget, C = k*N*D [FLOPs]"
    _draw(series, "C", "log", y_scale, path, kind, fixes,
          title or f"compute-optimal {what} (C = {fmt(k)}*N*D)", laws, {}, labels=(x_label, _y_label(found, what)),
          shaded_label="budgets whose optimum lies in the fitted ranges")
    warns = list(dict.fromkeys(w for s in series for w in s.warnings))
    compared = conventions.compare(laws)
    warns.extend(compared.warnings)
    notes.extend(compared.notes)
    return PlotResult(path, "C", series, warns, list(dict.fromkeys(notes)), "log", y_scale)


def numbers(targets: Sequence[tuple[Any, str | None]], budgets: Any = None, points: int = DEFAULT_POINTS,
            k: Any = optimal.DEFAULT_K, fixes: Mapping[str, Any] | None = None) -> Frontier:
    """What :func:`frontier` draws, as numbers: each law's N_opt, D_opt, L_opt and D_opt/N_opt at
    every budget of the same range (``catalog plot --x C -o frontier.csv``), NaN where it has no
    optimum, and whether the optimum lies inside the set's fitted ranges."""
    if not targets:
        raise EngineError("the frontier needs at least one law")
    if not 2 <= points <= 100_000:
        raise EngineError(f"points must be between 2 and 100000 (got {points})")
    k = optimal.flops_per_parameter_token(k)
    split, stated, order = _partition(targets)
    found, notes = _splits(split, k, fixes, targets)
    user_range = budgets is not None
    xs = _budgets(found, budgets, points, stated)
    curves, warns = [], []
    for target, cs, best, fn, fd in found:
        curve = _curve(target, best, fn, fd, xs, notes)
        law, _, ref = engine.unpack(target)
        warns.extend(_extrapolation(ref, best, curve, xs, notes, user_range))
        curves.append(Curve(ref, best.constants.set_id, law.symbols[best.output].unit or "", xs, curve["N_opt"],
                            curve["D_opt"], curve["L_opt"], curve["D_opt/N_opt"], curve["fitted"]))
    for target, cs in stated:  # N_opt(C) or D_opt(C) as the paper states it; the other quantities NaN
        s = _stated_series(target, cs, xs, fixes, notes, user_range)
        warns.extend(s.warnings)
        nan = np.full(xs.shape, np.nan)
        given = {q: s.y if q == direct(engine.unpack(target)[0]) else nan for q in ("N_opt", "D_opt")}
        curves.append(Curve(s.ref, s.constants.set_id, "", xs, given["N_opt"], given["D_opt"], nan, nan,
                            s.fitted & np.isfinite(s.y), "direct"))
    curves = _in_order(curves, order)
    compared = conventions.compare([t for t, _ in targets])
    return Frontier(k, curves, list(dict.fromkeys([*warns, *compared.warnings])),
                    list(dict.fromkeys([*notes, *compared.notes])))


@dataclass
class Curve:
    """One law's frontier at each budget C (FLOPs): N_opt in parameters, D_opt in tokens, L_opt in
    the law's unit (``unit``); NaN where it has no interior optimum."""

    law: str
    constant_set: str
    unit: str
    C: np.ndarray = field(repr=False)
    N_opt: np.ndarray = field(repr=False)
    D_opt: np.ndarray = field(repr=False)
    L_opt: np.ndarray = field(repr=False)
    tokens_per_parameter: np.ndarray = field(repr=False)
    fitted: np.ndarray = field(repr=False)  # the optimum and the held inputs inside the set's fitted ranges
    # "derived": split from a loss law in N and D; "direct": the law states N_opt(C) or D_opt(C)
    # itself (the other quantities NaN, ``unit`` empty: it has no L_opt)
    how: str = "derived"


@dataclass
class Frontier:
    k: float
    curves: list[Curve]
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    COLUMNS = ("law", "constant_set", "C", "N_opt", "D_opt", "L_opt", "unit", "D_opt/N_opt", "in_fitted_range", "how")

    def rows(self) -> list[dict[str, Any]]:
        """One dict per law and budget, under :attr:`COLUMNS` (NaN where there is no optimum)."""
        out = []
        for c in self.curves:
            for i in range(len(c.C)):
                out.append(dict(zip(self.COLUMNS, (c.law, c.constant_set, float(c.C[i]), float(c.N_opt[i]),
                                                   float(c.D_opt[i]), float(c.L_opt[i]), c.unit,
                                                   float(c.tokens_per_parameter[i]), bool(c.fitted[i]), c.how))))
        return out

    def to_dataframe(self):
        import pandas as pd

        return pd.DataFrame(self.rows(), columns=list(self.COLUMNS))

    def to_csv(self) -> str:
        """The rows as CSV: numbers as repr (every digit), an empty cell where there is no optimum,
        record text (the law's unit) neutralised for spreadsheets."""
        import csv
        import io

        from catalog.publish import escaping

        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(self.COLUMNS)
        for row in self.rows():
            writer.writerow([escaping.csv_cell(("" if not np.isfinite(v) else repr(v)) if isinstance(v, float) else
                                               str(v).lower() if isinstance(v, bool) else v) for v in row.values()])
        return buffer.getvalue()

    def to_json(self) -> str:
        """``{"k", "curves": [{"law", "constant_set", "how", "unit", "C": [...], "N_opt": [...], ...}],
        "warnings", "notes"}``: the CSV's columns per law, null where there is no optimum."""
        import json

        curves = [{"law": c.law, "constant_set": c.constant_set, "how": c.how, "unit": c.unit,
                   **sweep.json_safe({"C": c.C, "N_opt": c.N_opt, "D_opt": c.D_opt, "L_opt": c.L_opt,
                                      "D_opt/N_opt": c.tokens_per_parameter}),
                   "in_fitted_range": c.fitted.tolist()} for c in self.curves]
        doc = {"k": self.k, "curves": curves, "warnings": self.warnings, "notes": self.notes}
        return json.dumps(doc, indent=2) + "\n"



def _partition(targets, what: str | None = None) -> tuple[list, list, list[int]]:
    """The laws to split and those stating N_opt(C) or D_opt(C) themselves (:func:`direct`), and
    the position among ``targets`` of each, split first (the order the curves are given in); with
    ``what``, a law stating another quantity than the one drawn is refused."""
    split, stated, positions = [], [], ([], [])
    for i, (target, cs) in enumerate(targets):
        law, _, ref = engine.unpack(target)
        given = direct(law)
        if given is None:  # a law to split, or one the split refuses saying why
            split.append((target, cs))
            positions[0].append(i)
            continue
        if what is not None and what != given:
            raise EngineError(f"{ref} states {given}(C) directly, not {what}: draw it with --y {given}")
        stated.append((target, cs))
        positions[1].append(i)
    return split, stated, positions[0] + positions[1]


def _in_order(items: list, order: list[int]) -> list:
    """``items`` (split laws' first) in the order their laws were given."""
    return [item for _, item in sorted(zip(order, items), key=lambda pair: pair[0])]


def _stated_series(target, cs, xs: np.ndarray, fixes, notes: list[str], user_range: bool) -> Series:
    """A law stating N_opt(C) or D_opt(C) itself over the budgets ``xs`` (FLOPs), as
    :mod:`plotting` draws a law against its compute: C converted to the law's unit (PF-days), its
    output to plain counts, dashed beyond its fitted range of C."""
    law = engine.unpack(target)[0]
    x_factor = _stated_compute(law)[1]
    y_factor = units.output_unit(law.symbols[law.output_symbol].variable or law.dependent_variable,
                                 law.symbols[law.output_symbol].unit)[1]
    own = {n: v for n, v in (fixes or {}).items() if n in law.input_symbols}
    return plotting_series(target, cs, "C", xs, own, {"C": "compute", **{n: None for n in own}}, {}, notes,
                           x_factor, y_factor, not user_range)


def _splits(targets, k: float, fixes, every=None) -> tuple[list, list[str]]:
    """Each law's optimum with the factors from its N and D units to plain counts, and the notes
    on the held inputs a law lacks (``every``: all the laws drawn, those stated directly too)."""
    fixes = dict(fixes or {})
    laws = [t for t, _ in (targets if every is None else every)]
    unused = [n for n in fixes if not any(n in engine.unpack(t)[0].input_symbols for t in laws)]
    if unused:
        raise EngineError(f"no law given has an input {', '.join(unused)} to hold")

    found, notes = [], []  # per law: its optimum and the factors from its N and D units to plain counts
    for target, cs in targets:
        law, _, ref = engine.unpack(target)
        nn, dd = optimal.pick_inputs(target)
        fn, fd = _counted(law, ref, nn, "model_parameters", "parameters"), _counted(law, ref, dd, "data", "tokens")
        own = {n: v for n, v in fixes.items() if n in law.input_symbols}
        notes.extend(f"{ref} has no input {n}; {n}={v if isinstance(v, str) else fmt(v)} does not apply to it"
                     for n, v in fixes.items() if n not in own)
        # C in FLOPs = k * (fn*N) * (fd*D): in the law's own units the budget is split with k*fn*fd
        best = optimal.compute_optimal(target, cs, k=k * fn * fd, fixed=own, fit=False)
        found.append((target, cs, best, fn, fd))

    return found, notes


def _budgets(found, budgets, points: int, stated=()) -> np.ndarray:
    """The budgets: the range given (``"1e20..1e26"``, a pair), else the budgets at the fitted
    ranges' ends of every law (of C in FLOPs for a law stating the frontier), widened by
    :data:`EXTEND` each side."""
    if budgets is None:
        ends = [optimal.fitted_budgets(t, best.n, best.d, best.k, best.constants.set_id) for t, _, best, _, _ in found]
        for t, cs in stated:
            name, factor = _stated_compute(engine.unpack(t)[0])
            d = engine.domain(t, name, cs)
            ends.append((d.low * factor, d.high * factor))
        lo = min(e[0] for e in ends)  # in FLOPs: each law's k is scaled to its units
        hi = max(e[1] for e in ends)
        lo, hi = max(lo / EXTEND, 1 / AXIS_LIMIT), min(hi * EXTEND, AXIS_LIMIT)
        return engine.spaced(lo, hi, points, "log")
    if isinstance(budgets, str):
        spec = budgets if ":" in budgets else f"{budgets}:{points}"
        xs = sweep.parse_range("C", spec, "log")
        lo, hi = float(xs[0]), float(xs[-1])
    else:
        lo, hi = (engine.as_number("C", v) for v in budgets)
        xs = None
    if not 0 < lo < hi:
        raise EngineError(f"the budgets must satisfy 0 < low < high (got {fmt(lo)}, {fmt(hi)})")
    if not (_drawable(lo) and _drawable(hi)):
        raise EngineError(f"the budgets must be between {1 / AXIS_LIMIT:g} and {AXIS_LIMIT:g}, which an axis can "
                          f"show (got {fmt(lo)}, {fmt(hi)})")
    return xs if xs is not None else engine.spaced(lo, hi, points, "log")


def _curve(target, best: optimal.Optimum, fn: float, fd: float, xs: np.ndarray,
           notes: list[str]) -> dict[str, np.ndarray]:
    """One law's split at each budget of ``xs`` (FLOPs): N_opt and D_opt in plain counts, L_opt,
    D_opt/N_opt (NaN where no optimum is), ``fitted`` (the optimum and the held inputs inside the
    set's fitted ranges), and ``n``, ``d`` in the law's own units."""
    law, _, ref = engine.unpack(target)
    split = best.along(xs)  # in the law's units: C = (k*fn*fd)*N*D is the same budget
    n, d = split[f"{best.n}_opt"], split[f"{best.d}_opt"]
    found = np.isfinite(n) & np.isfinite(d)
    with np.errstate(all="ignore"):
        values = {"N_opt": n * fn, "D_opt": d * fd, "L_opt": split[f"{best.output}_opt"],
                  "D_opt/N_opt": (d * fd) / (n * fn)}
    values = {q: np.where(_drawable(v) & found, v, np.nan) for q, v in values.items()}
    ok = np.isfinite(values["N_opt"]) & np.isfinite(values["D_opt"])
    if not ok.any():
        raise engine.DomainError(f"{ref}: no compute-optimal split at any budget from {fmt(xs[0])} to {fmt(xs[-1])} "
                                 f"FLOPs (catalog optimal {ref} C={fmt(xs[len(xs) // 2])} says why)")
    if not ok.all():
        notes.append(f"{ref}: no interior compute-optimal split at {int((~ok).sum())} of {len(xs)} budgets "
                     f"(left out)")
    set_id = best.constants.set_id
    point = {best.n: n, best.d: d, **{s: np.full(xs.shape, v) for s, v in best.fixed.items()}}
    fitted = np.ones(xs.shape, dtype=bool)
    for name, v in point.items():
        r = provenance.fitted_range(law, name, set_id)
        with np.errstate(invalid="ignore"):
            if r is not None and r.min is not None:
                fitted &= v >= r.min
            if r is not None and r.max is not None:
                fitted &= v <= r.max
    return {**values, "fitted": fitted & ok, "ok": ok, "n": n, "d": d}


def _extrapolation(ref: str, best: optimal.Optimum, curve: dict[str, np.ndarray], xs: np.ndarray, notes: list[str],
                   user_range: bool) -> list[str]:
    """The curve's extrapolation warnings; notes instead on the default range, which reaches past
    the fitted ranges by choice."""
    ok = curve["ok"]
    warns, _ = best.warnings_for(curve["n"][ok], curve["d"][ok], xs[ok])
    if user_range:
        return warns
    notes.extend(f"{ref}: default budgets (the fitted ranges' budgets widened by a factor of {EXTEND:g} each "
                 f"side, dashed beyond them; --range sets them): {w.removeprefix('extrapolation: ')}" for w in warns)
    return []


def _series(target, cs, best: optimal.Optimum, fn: float, fd: float, xs: np.ndarray, what: str, notes: list[str],
            user_range: bool) -> Series:
    """One law's frontier: ``what`` at each budget of ``xs`` (FLOPs), NaN where no optimum is."""
    ref = engine.unpack(target)[2]
    curve = _curve(target, best, fn, fd, xs, notes)
    y, fitted = curve[what], curve["fitted"] & np.isfinite(curve[what])
    inside = np.flatnonzero(fitted)
    x_fitted = (float(xs[inside[0]]), float(xs[inside[-1]])) if inside.size else None
    warns = _extrapolation(ref, best, curve, xs, notes, user_range)
    label = ref if cs is None else f"{ref} @ {cs}"
    return Series(ref, label, "C", xs, y, fitted, x_fitted, best.constants, warns,
                  {best.n: curve["n"], best.d: curve["d"]})


def _y_label(found, what: str) -> str:
    """'N_opt: compute-optimal model size [parameters]', the loss's meaning and units for L_opt."""
    if what == "N_opt":
        return "N_opt: compute-optimal model size [parameters]"
    if what == "D_opt":
        return "D_opt: compute-optimal training data [tokens]"
    if what == "D_opt/N_opt":
        return "D_opt/N_opt: compute-optimal tokens per parameter"
    meanings, shown = [], []
    for target, _, best, _, _ in found:
        sym = engine.unpack(target)[0].symbols[best.output]
        meanings.append(vocab.VARIABLES[sym.variable][0] if sym.variable in vocab.VARIABLES else sym.meaning)
        if sym.unit:
            shown.append(sym.unit)
    units_text = " / ".join(dict.fromkeys(shown))
    return f"L_opt: {' / '.join(sorted(set(meanings)))} at the optimum" + (f" [{units_text}]" if units_text else "")
