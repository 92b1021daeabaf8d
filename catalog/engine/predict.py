"""One point, every law: what the catalogued laws predict at ``N=70B D=1.4T`` or ``C=1e24``.

The point is given by variable (``N``, ``model size`` and ``parameters`` all name
``model_parameters``; :func:`catalog.vocab.resolve`), in base units: parameters, tokens, FLOPs. A
law takes part when each of its inputs measures one of the given variables in a unit that is a
multiple of the base (``billions of parameters``, ``PF-days``; :mod:`catalog.engine.units`), and
(unless ``partial``) it uses every given variable. Data must be counted in tokens: 1.4T tokens
are not 1.4T images. Each law is evaluated with its default constant set (or every set), the
value is put in a plain count where the output counts parameters, tokens or FLOPs, and the row
says where the set comes from, what tests its digits and which inputs lie beyond its fitted
range, so the spread across papers reads with its caveats.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from catalog import provenance, vocab
from catalog.engine import conventions, evaluation as engine, units


@dataclass
class Prediction:
    ref: str
    name: str
    output: str  # the law's output symbol
    dependent: str  # its variable (the row's group)
    unit: str  # the value's unit: a plain count where the output counts parameters, tokens or FLOPs
    value: float
    constant_set: str
    provenance: str
    checked: str | None  # what tests the set's digits: precision, fit_residual or None
    inputs: dict[str, float]  # as the law takes them, in its own units
    beyond: list[str]  # inputs beyond the set's fitted range
    conventions: str
    unranged: list[str] = field(default_factory=list)  # inputs whose sources state no fitted span


@dataclass
class Skipped:
    ref: str
    reason: str


@dataclass
class Predictions:
    at: dict[str, float]  # variable -> value in its base unit
    rows: list[Prediction] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    def to_dicts(self) -> list[dict[str, Any]]:
        return [asdict(r) for r in self.rows]

    def to_dataframe(self):
        """A pandas DataFrame of the predictions (needs pandas, which the catalog does not require)."""
        try:
            import pandas
        except ImportError:
            raise ImportError("to_dataframe needs pandas: pip install pandas (to_dicts() needs nothing)") from None
        return pandas.DataFrame(self.to_dicts())


def point(values: Mapping[str, Any]) -> dict[str, float]:
    """``{'N': '70B', 'D': '1.4T'}`` -> ``{'model_parameters': 7e10, 'data': 1.4e12}``."""
    at: dict[str, float] = {}
    for name, raw in values.items():
        try:
            variable = vocab.resolve("variable", name)
        except vocab.UnknownValue as exc:
            raise engine.UnknownSymbol(str(exc)) from None
        if variable in at:
            raise engine.BadValue(f"{name} gives {variable} a second time")
        at[variable] = engine.as_number(name, raw)
    return at


def predict(targets: Iterable[Any], values: Mapping[str, Any], *, partial: bool = False,
            all_sets: bool = False) -> Predictions:
    """Evaluate each law of ``targets`` (LawRefs) that takes the variables of ``values``."""
    result = Predictions(point(values))
    for target in targets:
        law = target.law
        if not law.constant_sets or not law.input_symbols:
            continue
        variables = {n: law.symbols[n].variable for n in law.input_symbols}
        if any(v not in result.at for v in variables.values()):
            continue
        if not partial and set(variables.values()) != set(result.at):
            continue
        ref = f"{target.paper.id}/{law.id}"
        factors, why = input_factors(law)
        if why:
            result.skipped.append(Skipped(ref, why))
            continue
        inputs = {n: result.at[v] / factor for n, (v, factor) in factors.items()}
        sets = provenance.sets_default_first(law) if all_sets else [provenance.default_set(law)]
        for cs in sets:
            try:
                evaluation = engine.evaluate(target, inputs, cs.id)
            except engine.EngineError as exc:
                result.skipped.append(Skipped(f"{ref}@{cs.id}", str(exc)))
                continue
            result.rows.append(_row(target, ref, law, cs, inputs, float(evaluation.value)))
    result.rows.sort(key=lambda r: (r.dependent, r.unit, r.value))
    return result


def input_factors(law) -> tuple[dict[str, tuple[str, float]], str | None]:
    """Each input's (variable, factor from the law's unit to the variable's base unit), or why
    the law cannot take a point given in base units (its data are not tokens; an input's unit is
    no multiple of the base; two inputs measure one variable). The site's Predict page asks
    here too (catalog.site.views.predict_data)."""
    variables = {n: law.symbols[n].variable for n in law.input_symbols}
    shared = [n for n in variables if list(variables.values()).count(variables[n]) > 1]
    if shared:  # L(D, U) with U the unique tokens: which value is which is the user's to say
        return {}, f"{', '.join(shared)} measure the same variable (give each with catalog eval)"
    factors = {}
    for name, variable in variables.items():
        unit = law.symbols[name].unit
        if variable in units.BASE_UNITS:
            counted = units.counted(variable, unit) if unit else None
            if counted is None or (variable == "data" and counted[0] != "tokens"):
                return {}, f"{name} is in {unit or 'an unstated unit'}, not a multiple of {units.BASE_UNITS[variable]}"
            factors[name] = (variable, counted[1])
        else:
            factors[name] = (variable, 1.0)
    return factors, None


def _row(target, ref: str, law, cs, inputs: dict[str, float], value: float) -> Prediction:
    out = law.symbols[law.output_symbol]
    unit = out.unit or "not stated"
    plain = units.output_unit(out.variable, out.unit)
    if plain is not None:  # N_opt in billions of parameters -> parameters
        unit, value = plain[0], value * plain[1]
    return Prediction(
        ref=ref, name=law.name, output=law.output_symbol, dependent=out.variable or "unstated", unit=unit, value=value,
        constant_set=cs.id, provenance=cs.provenance, checked=provenance.sets_checked(law)[cs.id], inputs=inputs,
        beyond=provenance.inputs_beyond(law, inputs, cs.id), conventions=conventions.describe(target),
        unranged=[n for n in inputs if not provenance.has_span(provenance.fitted_range(law, n, cs.id))])
