"""Sweeps and grids: evaluate a law over ranges of its inputs.

Value specs, as typed on the command line (``NAME=SPEC``):

- a number: ``70B``, ``1.4T``, ``3e21``, ``0.34`` (suffixes K M B T, see :mod:`catalog.engine.ranges`);
- a list: ``1B,7B,70B``;
- a range: ``START..STOP[:COUNT][ log|lin]``, e.g. ``1e8..1e11:50 log`` (default 50 points,
  log-spaced, or evenly spaced for an input whose domain is linear, such as a z-score's; ``lin``
  for linear). On the command line the scale may be a separate word
  (``N=1e8..1e11:50 log``) or joined with a colon (``N=1e8..1e11:50:log``);
- a relation to other inputs: ``D=20N``, ``D=20*N``, ``D=C/(6*N)`` (a number written before a
  name multiplies it). Relations are evaluated after the plain values and ranges.

Several ranges form a grid (every combination); scalars broadcast.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import math
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from catalog import textguard
from catalog.engine import compiler, evaluation as engine, formulas
from catalog.engine.evaluation import BadValue, EngineError, fmt
from catalog.engine.ranges import (NUMBER, SUFFIX_CLASS, SUFFIXES, UNSIGNED_NUMBER, is_magnitude, parse_magnitude,
                                   split_suffix)

DEFAULT_POINTS = 50
MAX_POINTS = 10_000_000

# Each run of spaces read by one '\s' only: with '\s*S?\s*(?::...)?\s*(?:[:\s]\s*...)?\s*$' five runs
# side by side split the spaces of '1..2   x' every way before failing (1,000 spaces: minutes)
_NUM = rf"{NUMBER}(?:\s*{SUFFIX_CLASS})?"
_RANGE = re.compile(rf"^\s*({_NUM})\s*\.\.\s*({_NUM})(?:\s*:\s*(\d+))?(?:(?:\s*:\s*|\s+)(log|lin|linear))?\s*$",
                    re.ASCII)  # ASCII digits, as every typed number (ranges.NUMBER): '1..9:٣' is no count
SCALE_WORDS = {"log", "lin", "linear"}


@dataclass(frozen=True)
class Relation:
    """``name = expr(other inputs)``, e.g. ``D = 20*N``. A proportionality to one input (``D=20N``,
    the common case) keeps only its ``factor``: it is evaluated and renamed without sympy, whose
    import would more than double the time of ``catalog eval hoffmann2022 N=70B D=20N``."""

    name: str
    text: str
    expr: Any  # the sympy expression; None for a proportionality (``symbolic`` builds it)
    depends: tuple[str, ...]
    factor: int | float | None = None  # name = factor * depends[0]

    def symbolic(self):
        """The right side as a sympy expression."""
        if self.expr is not None:
            return self.expr
        return formulas.parse(f"{self.factor!r}*{self.depends[0]}", self.depends)

    @functools.cached_property
    def _func(self):
        """Compiled once: solve evaluates a relation at every trial value of its unknown."""
        if self.factor is not None:
            return lambda x: self.factor * x
        import sympy

        return compiler.lambdify([sympy.Symbol(n, positive=True) for n in self.depends], self.expr)

    def __call__(self, values: Mapping[str, np.ndarray]) -> np.ndarray:
        with np.errstate(all="ignore"):
            out = np.asarray(self._func(*(np.asarray(values[n], dtype=float) for n in self.depends)))
        if np.iscomplexobj(out):
            if np.any(out.imag != 0):
                raise BadValue(f"{self.name}={self.text} gives complex values (e.g. the root of a negative number)")
            out = out.real
        return np.asarray(out, dtype=float)

    def renamed(self, mapping: Mapping[str, str]) -> "Relation":
        if self.factor is not None:
            return Relation(mapping.get(self.name, self.name), self.text, None,
                            tuple(mapping.get(n, n) for n in self.depends), self.factor)
        import sympy

        swap = {s: sympy.Symbol(mapping.get(s.name, s.name), positive=True) for s in self.expr.free_symbols}
        return Relation(mapping.get(self.name, self.name), self.text, self.expr.xreplace(swap),
                        tuple(mapping.get(n, n) for n in self.depends))


def join_scale_words(items: Iterable[str]) -> list[str]:
    """``['N=1e8..1e11:50', 'log', 'D=1T']`` -> ``['N=1e8..1e11:50 log', 'D=1T']``."""
    out: list[str] = []
    for item in items:
        if out and split_suffix(out[-1], item):
            # the shell split `D=1.4 T` in two: say so rather than read T as a law or a name
            raise BadValue(f"write {out[-1].strip()}{item.strip()} without a space (got {out[-1].strip()!r} "
                           f"then {item.strip()!r})")
        if item.strip().lower() in SCALE_WORDS:
            if not out or ".." not in out[-1]:
                raise BadValue(f"{item!r} must follow a range such as N=1e8..1e11:50")
            out[-1] = f"{out[-1]} {item.strip().lower()}"
        else:
            out.append(item)
    return out


def parse_assignments(items: Iterable[str], variables: bool = False) -> dict[str, str]:
    """``['N=70B', 'D=1.4T']`` -> ``{'N': '70B', 'D': '1.4T'}`` (scale words joined first). With
    ``variables``, a name may be a variable's synonym of several words (``'model size=70B'``, as
    predict takes it), else it is a symbol's."""
    out: dict[str, str] = {}
    name_pattern = r"[A-Za-z][A-Za-z0-9_ .@/()'-]*" if variables else r"[A-Za-z][A-Za-z0-9_]*"
    for item in join_scale_words(items):
        name, sep, value = item.partition("=")
        name, value = name.strip(), value.strip()
        if not sep or not name or not value:
            raise BadValue(f"expected NAME=VALUE (e.g. N=70B), got {textguard.quoted(item)}")
        if not re.fullmatch(name_pattern, name):
            what = "a variable or one of its synonyms" if variables else "a symbol name"
            raise BadValue(f"{textguard.quoted(name)} is not {what} (in {textguard.quoted(item)})")
        if name in out:
            raise BadValue(f"{name} is given twice")
        out[name] = value
    return out


def is_range(spec: Any) -> bool:
    return isinstance(spec, str) and ".." in spec


def parse_range(name: str, spec: str, default_scale: str = "log") -> np.ndarray:
    """``'1e8..1e11:50 log'`` -> 50 log-spaced values from 1e8 to 1e11. A range naming no scale
    takes ``default_scale``: the input's ``engine.Domain.scale``, when the caller knows the law."""
    m = _RANGE.match(spec)
    if not m:
        raise BadValue(f"{name}: {spec!r} is not a range; write START..STOP[:COUNT] [log|lin], e.g. 1e8..1e11:50 log")
    start, stop = (engine.as_number(name, m.group(i).replace(" ", "")) for i in (1, 2))
    count = int(m.group(3)) if m.group(3) else DEFAULT_POINTS
    scale = "lin" if (m.group(4) or default_scale) in ("lin", "linear") else "log"
    if count < 1 or count > MAX_POINTS:
        raise BadValue(f"{name}: the number of points must be between 1 and {MAX_POINTS:,} (got {count})")
    if scale == "log":
        if start <= 0 or stop <= 0:
            raise BadValue(f"{name}: a log-spaced range needs positive ends (got {spec!r}); use 'lin' for a linear range")
        return engine.logspace(start, stop, count)
    if not math.isfinite(stop - start):  # numpy's step would overflow: values of nan
        raise BadValue(f"{name}: the range {spec!r} is wider than the largest float ({sys.float_info.max:.3g}); "
                       "narrow it")
    return np.linspace(start, stop, count)


def _relation_text(text: str, names: Iterable[str]) -> str:
    """Make ``20N`` into ``20*N`` and ``1.5B*N`` into ``1500000000.0*N`` for formulas.parse."""
    names = set(names)

    def number(m: re.Match) -> str:
        num, suffix = m.group(1), m.group(2) or ""
        if suffix and suffix in names:  # '20T' with an input called T: a product, not tera
            return f"{num}*{suffix}"
        return repr(float(num) * SUFFIXES[suffix.upper()]) if suffix else num.replace("_", "")

    text = re.sub(rf"(?<![A-Za-z_0-9.])({UNSIGNED_NUMBER})({SUFFIX_CLASS})?(?![A-Za-z0-9_])", number, text, flags=re.ASCII)
    # a number before a name is a product (20N), unless the letter starts the number's own exponent
    # (1e2); a suffix letter that begins a word is the word's ('1.4e12tokens' is 1.4e12*tokens, not
    # 1.4e24*okens)
    text = re.sub(rf"(?<![A-Za-z_0-9.])({UNSIGNED_NUMBER})({SUFFIX_CLASS}(?![A-Za-z_0-9]))?(?![eE][-+]?\d)(?=[A-Za-z_(])",
                  lambda m: (repr(float(m.group(1)) * SUFFIXES[m.group(2).upper()]) if m.group(2)
                             else m.group(1).replace("_", ""))
                  + "*", text, flags=re.ASCII)
    return text


# '20*N', '1.5e9*N', 'N': a positive multiple of one input, as _relation_text writes D=20N
_PROPORTIONAL = re.compile(r"^\s*(?:(\d+(?:\.\d*)?(?:[eE][-+]?\d+)?)\s*\*\s*)?([A-Za-z_][A-Za-z0-9_]*)\s*$", re.ASCII)


def _proportionality(source: str, others: tuple[str, ...]) -> tuple[str, int | float] | None:
    """``(other, factor)`` of a relation ``factor * other``, read without sympy; None for any other."""
    m = _PROPORTIONAL.match(source)
    if not m or m.group(2) not in others:
        return None
    factor = float(m.group(1)) if m.group(1) else 1.0
    if not 0 < factor < math.inf:
        return None  # 0*N and overflowing factors get the parser's own refusal
    return m.group(2), int(factor) if factor.is_integer() else factor


def proportion(text: str) -> tuple[str, int | float] | None:
    """``'200N'`` (or ``'200*N'``) -> ``('N', 200)``: a positive multiple of one name, as ``D=20N``
    writes it, read without sympy; None for anything else."""
    source = _relation_text(text, ())
    m = _PROPORTIONAL.match(source)
    return _proportionality(source, (m.group(2),)) if m else None


def parse_relation(name: str, text: str, names: Iterable[str]) -> Relation:
    names = tuple(names)
    others = tuple(n for n in names if n != name)
    source = _relation_text(text, others)
    if found := _proportionality(source, others):
        return Relation(name, text, None, (found[0],), found[1])
    try:
        expr = formulas.parse(source, others)
    except formulas.NotFiniteReal as exc:
        raise BadValue(f"{name}={textguard.clipped(text)} is not a finite real number or a relation with finite real values "
                       f"({exc}: a division by zero, a log of zero or an imaginary number)") from None
    except formulas.FormulaError as exc:
        rel = f"a relation to {', '.join(others)} (e.g. {name}=20{others[0]})" if others else "a relation to other inputs"
        raise BadValue(f"{name}={textguard.clipped(text)} is not a number (e.g. 70B, 1.4T, 3e21), a range (e.g. 1e8..1e11:50 log) "
                       f"or {rel}: {exc}") from None
    import sympy

    bad = (sympy.zoo, sympy.oo, -sympy.oo, sympy.nan, sympy.I)
    if any(expr.has(b) for b in bad):
        raise BadValue(f"{name}={textguard.clipped(text)} is not a finite real number or a relation with finite real values "
                       f"(it simplifies to {expr}: a division by zero, a log of zero or an imaginary number)")
    depends = tuple(sorted(s.name for s in expr.free_symbols))
    return Relation(name, text, expr, depends)


def classify(spec: Any, name: str, names: Iterable[str], default_scale: str = "log") -> Any:
    """A spec -> float, ndarray (list or range, spaced by ``default_scale`` unless it names a
    scale) or :class:`Relation`."""
    if not isinstance(spec, str):
        return engine.as_array(name, spec)
    s = spec.strip()
    if ".." in s:
        return parse_range(name, s, default_scale)
    if "," in s:
        return np.asarray([engine.as_number(name, v.strip()) for v in s.split(",") if v.strip()])
    try:
        return engine.as_number(name, s)
    except BadValue:
        # '1e400' and 'inf' parse as numbers but are not finite: that message, not a relation's
        if re.search(r"[A-Za-z_]", s) and not is_magnitude(s):
            return parse_relation(name, s, names)
        raise


def ordered(relations: Iterable[Relation], known: Iterable[str]) -> list[Relation]:
    """``relations`` in an order each can be evaluated in, given values for ``known``; a
    relation waiting for a value no one gives, or relations waiting for each other (a cycle,
    ``D=20N N=D/20``), are refused."""
    done, pending, out = set(known), list(relations), []
    while pending:
        ready = [r for r in pending if all(d in done for d in r.depends)]
        if not ready:
            waiting = {r.name for r in pending}
            missing = sorted({d for r in pending for d in r.depends if d not in done and d not in waiting})
            if missing:
                raise engine.MissingInput(
                    f"cannot compute {', '.join(r.name for r in pending)}: no value for {', '.join(missing)}")
            raise BadValue(f"the relations {', '.join(f'{r.name}={r.text}' for r in pending)} depend on each "
                           f"other (a cycle): give one of them a number")
        out.extend(ready)
        done.update(r.name for r in ready)
        pending = [r for r in pending if r not in ready]
    return out


def resolve(values: Mapping[str, Any], relations: Iterable[Relation]) -> dict[str, np.ndarray]:
    """Evaluate relations in dependency order on top of ``values``."""
    out = dict(values)
    for r in ordered(relations, out):
        with np.errstate(all="ignore"):
            out[r.name] = r(out)
    return out


@dataclass
class Sweep:
    ref: str
    output: str
    columns: dict[str, np.ndarray]  # inputs (in law order) then the output, all of one length
    evaluation: engine.Evaluation
    ranges: list[str] = field(default_factory=list)  # names that were swept
    # whom to cite (reference.paper_label, the key eval's and predict's JSON use); None for a bare Law
    citation: str | None = None

    @property
    def warnings(self) -> list[str]:
        return self.evaluation.warnings

    def __repr__(self) -> str:
        """One line, each column as its span (the generated one printed every column twice, in full
        below 1,000 points: some 90,000 characters for 900); the values are in ``columns``,
        ``rows()``, ``to_dataframe()``."""
        n = len(self.columns[self.output])
        spans = ", ".join(f"{name}={engine.span(v) if n else 'none'}" for name, v in self.columns.items())
        return (f"Sweep(ref={self.ref!r}, points={n}, {spans}, constant_set={self.evaluation.constants.set_id!r}, "
                f"warnings={len(self.warnings)})")

    @property
    def units(self) -> dict[str, str]:
        """Each column's unit as the record states it ('' where it states none), as
        ``Evaluation.units`` gives eval's: an interval's ends are in the output's unit, a defined
        quantity (an effective data size) in its own."""
        symbols, given = self.evaluation.law.symbols, self.evaluation.units
        ends = {f"{self.output}_low", f"{self.output}_high"}
        return {name: given[self.output] if name in ends else given.get(name) or
                (symbols[name].unit or "" if name in symbols else "") for name in self.columns}

    def headers(self) -> list[str]:
        """The CSV header: ``N [parameters]``, each column's name with its unit in brackets (the
        bare name where the record states none); ``columns`` and ``to_dataframe`` keep the bare
        names and ``units`` maps them."""
        return [f"{name} [{unit}]" if unit else name for name, unit in self.units.items()]

    def rows(self) -> list[dict[str, float]]:
        names = list(self.columns)
        return [dict(zip(names, map(float, vals))) for vals in zip(*self.columns.values())]

    def to_dataframe(self):
        """A pandas DataFrame, one column per input and the output, named as ``columns`` (the
        units, which the CSV header carries, are in ``frame.attrs["units"]``; needs pandas, which
        the catalog does not require)."""
        from catalog.frames import dataframe

        frame = dataframe(dict(self.columns), instead="columns or rows()")
        frame.attrs["units"] = self.units
        return frame

    def to_csv(self) -> str:
        from catalog.publish.escaping import csv_cell

        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        # symbol names and units: a record's text, anything in a database no load wrote
        writer.writerow([csv_cell(header) for header in self.headers()])
        for vals in zip(*self.columns.values()):
            writer.writerow([repr(float(v)) for v in vals])
        return buf.getvalue()

    def to_json(self) -> str:
        from catalog.frames import law_keys

        doc = {
            **law_keys(self.ref, self.evaluation.law.name),
            "output": self.output,
            "formula": self.evaluation.formula,
            "constant_set": self.evaluation.constants.set_id,
            # whom to cite and where the constants are printed, as eval's JSON cites them
            "citation": self.citation,
            "provenance": self.evaluation.constants.provenance,
            "locator": self.evaluation.constants.locator,
            "constants": self.evaluation.constants.values,
            "overridden": list(self.evaluation.constants.overridden),
            "warnings": self.warnings,
            "conventions": self.evaluation.conventions,
            **({"interval": {k: v for k, v in self.evaluation.interval.as_dict().items()
                             if k not in ("low", "high", "median")}} if self.evaluation.interval else {}),
            "columns": list(self.columns),
            "units": self.units,
            "rows": self.rows(),
        }
        return json.dumps(json_safe(doc), indent=2, allow_nan=False) + "\n"


def json_safe(value: Any) -> Any:
    """``value`` for JSON: arrays as lists, non-finite floats as null (json.dumps writes them as
    NaN and Infinity, which no JSON parser but Python's reads). The law's own values are checked
    finite; the quantities it defines are not (an effective data size may overflow where the law
    does not)."""
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    return value


def sweep(target: Any, specs: Mapping[str, Any], constant_set: str | None = None,
          overrides: Mapping[str, Any] | None = None, **interval) -> Sweep:
    """Evaluate over the grid of every range in ``specs`` (NAME -> spec, see the module doc).
    Parameter names in ``specs`` are treated as overrides. With ``interval`` (True or a level),
    the prediction interval's ends are added as columns ``<output>_low`` and ``<output>_high``
    (see :mod:`catalog.engine.uncertainty`; ``samples`` and ``seed`` tune it)."""
    law, paper, ref = engine.unpack(target)
    engine.refuse_unnamed_value(law, ref, constant_set)  # before the specs, which it would leave short of an input
    inputs_spec, more = engine.split_assignments(target, specs)
    overrides = {**(overrides or {}), **more}
    names = law.input_symbols
    fixed, axes, relations = {}, {}, []
    for name, spec in inputs_spec.items():
        value = _classified(target, name, spec, names, constant_set)
        if isinstance(value, Relation):
            relations.append(value)
        elif np.ndim(value) == 0:
            fixed[name] = np.asarray(float(value))
        else:
            axes[name] = np.asarray(value, dtype=float).ravel()
    total = math.prod(a.size for a in axes.values()) if axes else 1
    if total > MAX_POINTS:
        raise BadValue(f"the grid has {total:,} points, more than {MAX_POINTS:,}")
    if axes:
        mesh = np.meshgrid(*axes.values(), indexing="ij")
        values = {n: m.ravel() for n, m in zip(axes, mesh)}
    else:
        values = {}
    values.update({n: np.broadcast_to(v, (total,)) if axes else v for n, v in fixed.items()})
    values = resolve(values, relations)
    for n in list(values):
        values[n] = np.broadcast_to(np.asarray(values[n], dtype=float), (total,)) if axes else values[n]
    ev = engine.evaluate(target, values, constant_set, overrides, **interval)
    cols = {n: np.broadcast_to(np.asarray(ev.inputs[n], dtype=float), (total,)) for n in names}
    cols[law.output_symbol] = np.broadcast_to(np.asarray(ev.value, dtype=float), (total,))
    if ev.interval is not None:
        cols[f"{law.output_symbol}_low"] = np.broadcast_to(np.asarray(ev.interval.low, dtype=float), (total,))
        cols[f"{law.output_symbol}_high"] = np.broadcast_to(np.asarray(ev.interval.high, dtype=float), (total,))
    # the quantities the law defines (Ehat, D'), after its output: what the paper tabulates beside it
    cols.update({n: np.broadcast_to(np.asarray(v, dtype=float), (total,)) for n, v in ev.defined.items()})
    from catalog.reference import paper_label

    return Sweep(ref, law.output_symbol, cols, ev, list(axes), paper_label(paper) if paper is not None else None)


def range_scale(target: Any, name: str, spec: Any, constant_set: str | None = None) -> str:
    """How a range written without a scale is spaced for input ``name``: as its domain is
    (``engine.Domain.scale``; a z-score from -1.5 to 1.5 evenly, a size in logs)."""
    if target is None or not is_range(spec) or name not in engine.unpack(target)[0].symbols:
        return "log"
    return engine.domain(target, name, constant_set).scale


_PERCENT = re.compile(rf"^\s*({NUMBER})\s*%\s*$", re.ASCII)


def percentage(target: Any, name: str, spec: Any) -> float | None:
    """``S=40%`` (any number: ``1e2%``, ``12.5%``) for an input in its law's unit: 0.4 for a
    fraction, 40 in percent; None when the spec is no percentage. Any other unit is refused with
    it, where a percentage means nothing, and so is a '%' after anything but one number."""
    if not isinstance(spec, str) or "%" not in spec:
        return None
    match = _PERCENT.match(spec)
    if match is None:  # '40%,60%', '10%..90%', 'abc%': the relation parser's 'invalid syntax' said nothing
        raise BadValue(f"{name}={textguard.clipped(spec.strip())}: a percentage is one number followed by % "
                       f"(e.g. {name}=40%); write a list or range in the input's own unit (e.g. 0.1..0.9 for a fraction)")
    law, _, ref = engine.unpack(target) if target is not None else (None, None, None)
    unit = law.symbols[name].unit if law is not None and name in law.symbols else None
    value = engine.as_number(name, match[1])  # '1e400%' overflows: refused as any number is
    if unit == "fraction":
        return value / 100
    if unit == "percent":
        return value
    raise BadValue(f"{name}={textguard.clipped(spec.strip())}: a percentage is taken for an input in 'fraction' or 'percent', and "
                   + (f"{ref} takes {name} in {unit}" if unit else f"{name} states no such unit"))


def _classified(target: Any, name: str, spec: Any, names: Iterable[str], constant_set: str | None) -> Any:
    """:func:`classify` for an input of ``target``'s law, which also takes a percentage (``S=40%``)."""
    value = percentage(target, name, spec)
    return classify(spec, name, names, range_scale(target, name, spec, constant_set)) if value is None else value


def split_specs(specs: Mapping[str, Any], names: Iterable[str], target: Any = None,
                constant_set: str | None = None) -> tuple[dict[str, Any], list[Relation]]:
    """Input specs -> (values: numbers, lists and ranges; relations to other ``names``). With
    ``target``, a range naming no scale is spaced as its input's domain (:func:`range_scale`)."""
    values, relations = {}, []
    for name, spec in specs.items():
        v = _classified(target, name, spec, names, constant_set)
        (relations.append(v) if isinstance(v, Relation) else values.__setitem__(name, v))
    return values, relations


def evaluate_specs(target: Any, specs: Mapping[str, Any], constant_set: str | None = None,
                   overrides: Mapping[str, Any] | None = None, **options) -> engine.Evaluation:
    """:func:`engine.evaluate` with value specs (numbers, suffixes, relations like ``D=20N``);
    ``options`` pass on to it: ``interval``, ``samples`` and ``seed`` ask for a prediction
    interval, ``constants`` gives the constants resolved already."""
    law, _, _ = engine.unpack(target)
    inputs_spec, more = engine.split_assignments(target, specs)
    values = resolve(*split_specs(inputs_spec, law.input_symbols, target, constant_set))
    return engine.evaluate(target, values, constant_set, {**(overrides or {}), **more}, **options)


def compare(pairs: Iterable[tuple[Any, str | None]], specs: Mapping[str, Any], **interval) -> list[engine.Evaluation]:
    """Evaluate several laws (pairs of law and constant-set id or None) at the same values. With
    one law every name must be its symbol; with several, a name is applied to the laws that have
    it and must belong to at least one. Laws whose conventions differ (parameters with or
    without embeddings, compute, loss unit, validation set, units of shared inputs) get a
    warning naming the differences. ``interval``, ``samples`` and ``seed`` pass on to
    :func:`engine.evaluate` (prediction intervals)."""
    pairs = list(pairs)
    if len(pairs) == 1:
        target, cs = pairs[0]
        return [evaluate_specs(target, specs, cs, **interval)]
    laws = [engine.unpack(t)[0] for t, _ in pairs]
    for name in specs:
        if not any(name in law.symbols for law in laws):
            raise engine.UnknownSymbol(f"no law given has a symbol {name!r}")
    for name in specs:
        _one_unit(name, specs, [t for t, _ in pairs])
    out = [evaluate_specs(t, {k: v for k, v in specs.items() if k in law.symbols}, cs, **interval)
           for (t, cs), law in zip(pairs, laws)]
    _conventions_warnings([t for t, _ in pairs], out)
    return out


def _one_unit(name: str, specs: Mapping[str, Any], targets: list) -> None:
    """Refuse a value for an input the laws take in different multiples of one unit (D in tokens
    and in billions of tokens): each law reads it in its own unit, so at most one reads it right.
    The error says how to write it: each law alone in its unit, or predict, which converts."""
    from catalog.engine import units

    stated = []  # (ref, symbol, factor to the base unit) of each law taking the name in a known unit
    for target in targets:
        law, _, ref = engine.unpack(target)
        symbol = law.symbols.get(name)
        factor = units.base_factor(symbol.variable, symbol.unit) if symbol is not None and symbol.role == "input" else None
        if factor is not None:
            stated.append((ref, symbol, factor))
    if len({factor for *_, factor in stated}) < 2:
        return
    base = next((t for t in stated if t[2] == 1.0), stated[0])
    other = next(t for t in stated if t[2] != base[2])
    text = str(specs[name]).strip()
    try:  # the value as a count (70B, 1e11), written in the other law's unit
        example = fmt(parse_magnitude(text) / other[2])
    except ValueError:  # a relation (D=20N): no one number to show
        example = "VALUE"
    papers = ",".join(dict.fromkeys(engine.unpack(t)[1].id for t in targets))
    point = " ".join(f"{k}={str(v).strip()}" for k, v in specs.items())
    raise BadValue(f"{name} is in {base[1].unit} in {base[0]} and in {other[1].unit} in {other[0]}: one value "
                   f"of {name} cannot be right for both. Evaluate each law on its own, in its unit (catalog eval "
                   f"{other[0]} {name}={example} ...), or compare them with catalog predict {point} --where id={papers} "
                   f"--partial, which converts a count into each law's unit")


def _conventions_warnings(targets: list, evaluations: list[engine.Evaluation]) -> None:
    """Add to each evaluation the warnings (and notes) for the laws compared with it whose
    conventions differ (see :mod:`catalog.engine.conventions`); one text per pair, so a caller
    printing every evaluation's warnings can drop repeats."""
    from catalog.engine import conventions

    refs = [engine.unpack(t)[2] for t in targets]
    if len(set(refs)) < 2:  # one law under its sets (eval --all-sets): no pair, where the loop took T*T steps
        return
    for i, ev in enumerate(evaluations):
        for j in range(len(targets)):
            if j == i or refs[j] == refs[i]:
                continue
            a, b = (i, j) if i < j else (j, i)
            diffs, notes = conventions.differences(targets[a], targets[b])
            if diffs:
                full = conventions.warning(refs[a], refs[b], diffs)
                ev.warnings.append(full)
                ev.briefs[full] = conventions.brief_warning(refs[a], refs[b], diffs)
            ev.notes.extend(n for n in notes if n not in ev.notes)


__all__ = ["compare", "Relation", "Sweep", "sweep", "evaluate_specs", "parse_assignments", "parse_range", "parse_relation",
           "classify", "percentage", "split_specs", "ordered", "resolve", "join_scale_words", "EngineError", "fmt"]
