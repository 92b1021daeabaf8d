"""Provenance: how primary each law's constants and check values are.

A constant set is *primary* when it was read in the authors' paper or code, or in a
replication paper; survey, Wikipedia and other transcriptions are *secondary* and may round.
This module says when a secondary set is in use and how far it lands from the primary one,
and audits the whole catalog (``catalog audit``, the site's audit page).
"""

from __future__ import annotations

import math
import weakref
from collections import Counter
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Container, Iterable, Mapping

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the fast read path (record views) must not import pydantic
    from catalog.schema import ConstantSet, Law, Paper

# Where a constant set or check value was read, most primary first. ``paper`` and ``code`` are
# the authors' own; ``replication`` is another paper's refit, read in that paper; ``own`` is a
# fit of the law to the user's own runs (catalog fit --save-yaml), which no publication prints,
# so it is not primary and is compared with the primary set as a transcription is; the rest are
# transcriptions by others. None of these is the default where a primary set exists.
PROVENANCES = ("paper", "code", "replication", "own", "secondary", "survey", "wikipedia")
PROVENANCE_RANK: dict[str, int] = {name: i for i, name in enumerate(PROVENANCES)}
PRIMARY_PROVENANCE = frozenset({"paper", "code", "replication"})


def is_primary(constant_set: Any) -> bool:
    return constant_set.provenance in PRIMARY_PROVENANCE


# Per law, its sets by id and its default and primary sets, found once: the commands asking for
# each set in turn (predict and eval --all-sets, show, the law page) scanned every set for each,
# quadratic in a law of thousands of sets (a 4 MB record holds some 17,000). Kept for up to 1,024
# laws read while the law holds the same list of sets, of the same length, and the same default.
# An entry holds its law weakly and goes with it: holding it kept every law a site build had read
# (the whole catalog's records, 17 MB) alive through mkdocs' build.
_INDEXES: dict[int, tuple] = {}
_INDEXES_KEPT = 1024


@dataclass(frozen=True)
class _SetIndex:
    by_id: dict
    default: Any
    primary: Any


def _index(law: Any) -> _SetIndex:
    sets = law.constant_sets
    stamp = (id(sets), len(sets), law.default_constant_set)
    kept = _INDEXES.get(id(law))
    if kept is not None and kept[0]() is law and kept[1] == stamp:
        return kept[2]
    by_id: dict = {}
    for c in sets:
        by_id.setdefault(c.id, c)  # the first of a repeated id, as a scan finds it
    default = (by_id[law.default_constant_set] if law.default_constant_set
               else min(sets, key=lambda c: PROVENANCE_RANK[c.provenance])) if sets else None
    primary = [c for c in sets if is_primary(c)]
    if default is not None and law.default_constant_set and is_primary(default):
        best = default
    else:
        best = min(primary, key=lambda c: PROVENANCE_RANK[c.provenance]) if primary else None
    found = _SetIndex(by_id, default, best)
    if len(_INDEXES) >= _INDEXES_KEPT:  # cleared whole: one step, which no other thread's can interleave
        _INDEXES.clear()
    key = id(law)
    try:  # the entry leaves when the law does, before its id can name another object
        held = weakref.ref(law, lambda ref: _INDEXES.pop(key, None) if _INDEXES.get(key, (None,))[0] is ref else None)
    except TypeError:  # an object that takes no weak reference: kept with its entry, as before
        held = (lambda kept: lambda: kept)(law)
    _INDEXES[key] = (held, stamp, found)
    return found


def constant_set(law: Any, set_id: str | None) -> Any:
    """The law's constant set with id ``set_id``, or None."""
    return _index(law).by_id.get(set_id) if set_id is not None else None


def default_set(law: Any) -> Any:
    """A law's (or law view's) named default set, else its most primary one (first of equals)."""
    return _index(law).default


def primary_set(law: Any) -> Any:
    """The most primary constant set, if any is primary (paper, code or replication)."""
    return _index(law).primary


def sets_default_first(law: Any) -> list:
    """The law's constant sets, its default first, the others in record order."""
    default = default_set(law)
    return [c for c in law.constant_sets if c is default] + [c for c in law.constant_sets if c is not default]


def has_span(r: Any) -> bool:
    """Whether a fitted range states a span (a min or a max), not only the reason none is stated."""
    return r is not None and (r.min is not None or r.max is not None)


def fitted_range(law: Any, name: str, constant_set: str | None = None) -> Any:
    """The fitted range of input ``name`` for the constant set ``constant_set`` (an id; None: the
    law's default set): the set's own ``ranges`` entry when it has one (a set fitted on other data
    than the symbol's range describes), else the symbol's ``range``; None when neither is recorded.
    Every use of a range with a known set (extrapolation warnings, domains, plots, the audit, the
    site's calculator) asks here."""
    chosen = _index(law).by_id.get(constant_set) if constant_set else default_set(law)
    if chosen is not None and name in chosen.ranges:
        return chosen.ranges[name]
    sym = law.symbols.get(name)
    return sym.range if sym is not None and sym.role == "input" else None


def reference_point(law: Law) -> dict[str, float] | None:
    """Where constant sets are compared: the law's ``reference_point``, else the inputs of its
    first value check, else the geometric middle of the fitted ranges; None when unknown."""
    inputs = law.input_symbols
    if law.reference_point:
        return {k: float(v) for k, v in law.reference_point.items()}
    for cv in law.check_values:
        if cv.kind == "value" and set(inputs) <= set(cv.inputs):
            return {k: float(cv.inputs[k]) for k in inputs}
    point = {}
    for name in inputs:
        r = law.symbols[name].range
        if r is None or r.min is None or r.max is None or r.min <= 0:
            return None
        point[name] = math.sqrt(r.min * r.max)
    return point


def _fmt(value: float) -> str:  # engine.fmt for floats, without importing numpy
    return f"{value:.6g}"


@dataclass(frozen=True)
class Comparison:
    """A secondary constant set against the primary one it stands for at one point, or
    (``transcription`` False) another set than the default against the law's primary set."""

    used: ConstantSet
    primary: ConstantSet
    point: dict[str, float]
    output: str
    used_value: float
    primary_value: float
    transcription: bool = True

    @property
    def difference(self) -> float:
        return self.used_value - self.primary_value

    def describe(self, number=_fmt, text=str) -> str:
        """The comparison in words, its numbers written by ``number`` (``catalog eval``'s 6
        significant digits; a page passes its own, 2×10¹²) and the record's words (set ids,
        sources) by ``text`` (a page passes its HTML escape)."""
        signed = ("+" if self.difference >= 0 else "") + number(self.difference)
        if not self.transcription:  # the words of the law page's calculator (slc.js showVsPrimary)
            relative = (f", {100 * self.difference / abs(self.primary_value):+.3g}%" if self.primary_value else "")
            return (f"Constant set {text(self.used.id)} gives {text(self.output)} = {number(self.used_value)} at these "
                    f"inputs; the law's primary set {text(self.primary.id)} ({text(source_of(self.primary))}) gives "
                    f"{number(self.primary_value)} (difference {signed}{relative}).")
        at = ", ".join(f"{text(k)}={number(v)}" for k, v in self.point.items())
        what = ("your own fit (catalog fit), not a published one" if self.used.provenance == "own"
                else f"a {text(self.used.provenance)} transcription, not the primary source")
        return (f"constant set {text(repr(self.used.id))} is {what}; "
                f"the primary set {text(repr(self.primary.id))} ({text(source_of(self.primary))}) gives "
                f"{text(self.output)} = {number(self.primary_value)} at {at} where {text(repr(self.used.id))} gives "
                f"{number(self.used_value)} (difference {signed})")


def not_primary_warning(law: Law, ref: str, used: ConstantSet | None) -> str | None:
    """``provenance: ...`` where the constants in use were not read in the authors' paper, code or
    a replication (a transcription, or your own fit), saying whether a primary set checks them (the
    note after the value compares the two); None for a primary set or none."""
    if used is None or is_primary(used):
        return None
    what = ("your own fit (catalog fit)" if used.provenance == "own"
            else f"a {used.provenance} transcription, not read in the paper, its code or a replication")
    primary = primary_against(law, used)
    against = (f"the note compares it with the primary set {primary.id!r} ({source_of(primary)})" if primary
               else f"{ref} records no primary set to check it against")
    return f"provenance: the constants used, set {used.id!r}, are {what}; {against}"


def source_of(constant_set: ConstantSet) -> str:
    """Where a constant set comes from, in a few words: its provenance and locator."""
    return f"{constant_set.provenance}, {constant_set.locator}" if constant_set.locator else constant_set.provenance


def primary_against(law: Law, used: ConstantSet | None) -> ConstantSet | None:
    """The set a secondary set ``used`` is measured against: the set it transcribes, else the
    law's primary set; None when ``used`` is primary (or missing) or there is no primary set."""
    if used is None or is_primary(used):
        return None
    if used.transcribes:
        return _index(law).by_id[used.transcribes]
    return primary_set(law)


def compare_to_primary(law: Law, set_id: str | None,
                       point: Mapping[str, Any] | None = None) -> Comparison | None:
    """The comparison when ``set_id`` (default: the law's default set) is secondary and a
    primary set exists; None otherwise, or when either cannot be evaluated at the point. At the
    law's reference point, a law read from the database answers with the comparisons
    ``catalog load`` computed (:func:`stored_comparisons`), without numpy."""
    used = constant_set(law, set_id) if set_id else default_set(law)
    stored = getattr(law, "comparisons", None)
    if point is None and stored is not None and used is not None:
        found = stored.get(used.id)
        if found is None:
            return None
        primary = _index(law).by_id[found["primary"]]
        return Comparison(used, primary, found["point"], law.output_symbol, found["used"], found["primary_value"])
    primary = primary_against(law, used)
    if primary is None:
        return None
    return _compared(law, used, primary, dict(point) if point is not None else reference_point(law))


def compare_beside_primary(law: Law, set_id: str | None, point: Mapping[str, Any]) -> Comparison | None:
    """The law's primary set against ``set_id`` at ``point`` when ``set_id`` names another set
    than the default and the primary one (Besiroglu et al.'s replication on Chinchilla's law), as
    the law page's calculator sets them side by side; None for the default set, the primary set,
    a transcription of the primary set (:func:`compare_to_primary` says it), or no primary set."""
    used = constant_set(law, set_id) if set_id else None
    primary, default = primary_set(law), default_set(law)
    if used is None or primary is None or used is default or used is primary or primary_against(law, used) is primary:
        return None
    found = _compared(law, used, primary, dict(point))
    return None if found is None else replace(found, transcription=False)


def _compared(law: Law, used: ConstantSet, primary: ConstantSet,
              where: dict[str, Any] | None) -> Comparison | None:
    """Both sets evaluated at ``where`` (every input of the law); None where either cannot be."""
    if not where or set(where) != set(law.input_symbols):
        return None
    if any(p not in used.values for p in law.parameter_symbols):
        return None
    from catalog.engine import evaluation as engine  # numpy: only when there is something to compare (show stays light)

    try:
        arrays = engine.prepare_inputs(law, where)
        values = [float(engine.compute(law, arrays, cs.values)) for cs in (used, primary)]
    except (engine.EngineError, TypeError, ValueError):
        return None
    shown = {k: float(v) for k, v in arrays.items()}
    return Comparison(used, primary, shown, law.output_symbol, values[0], values[1])


def has_comparisons(law: Law) -> bool:
    """Whether the law has a secondary constant set beside a primary one (something to compare)."""
    return any(not is_primary(c) for c in law.constant_sets) and primary_set(law) is not None


def stored_comparisons(law: Law) -> dict[str, dict] | None:
    """Every secondary set's comparison at the reference point, as data for the database
    (``laws.numeric_json``): ``{set id: {primary, point, used, primary_value}}``; None when the
    law has no secondary set beside a primary one (nothing to compare, nothing stored)."""
    if not has_comparisons(law):
        return None
    out = {}
    for cs in law.constant_sets:
        found = compare_to_primary(law, cs.id)
        if found is not None:
            out[cs.id] = {"primary": found.primary.id, "point": found.point, "used": found.used_value,
                          "primary_value": found.primary_value}
    return out


# ------------------------------------------------------------------------------------ audit


@dataclass
class LawAudit:
    ref: str
    name: str  # the law's name, as every command's JSON gives it beside 'law'
    default_set: str | None
    default_provenance: str | None
    default_locator: str | None
    primary_set: str | None
    sets: dict[str, str]  # set id -> provenance
    printed_checks: int
    derived_checks: int
    no_constants_reason: str | None
    no_printed_check_reason: str | None = None
    # printed checks whose tolerance is a fit's residual on measured points, not printed precision
    residual_checks: int = 0
    # printed checks at an input beyond its fitted range: tests of the law's extrapolation
    extrapolation_checks: int = 0
    # the law's inputs by what their range records: a span (extrapolation can be warned of), only
    # the reason the span is not stated, or nothing at all
    inputs_with_range: list[str] = field(default_factory=list)
    inputs_range_not_stated: list[str] = field(default_factory=list)
    inputs_without_range: list[str] = field(default_factory=list)
    # per constant set: "precision", "fit_residual" or None (see sets_checked)
    sets_checked: dict[str, str | None] = field(default_factory=dict)
    # the sets whose digits a refit of the authors' released runs reproduces (ConstantSet.refit)
    sets_refit: list[str] = field(default_factory=list)

    @property
    def precision_checks(self) -> int:
        """Printed check values at the printed precision: those that test the stored digits."""
        return self.printed_checks - self.residual_checks

    @property
    def has_constants(self) -> bool:
        return bool(self.sets)

    @property
    def problems(self) -> list[str]:
        out = []
        if self.default_provenance and PROVENANCE_RANK[self.default_provenance] > PROVENANCE_RANK["replication"] \
                and self.primary_set:
            out.append(f"default set {self.default_set!r} is {self.default_provenance} while the primary set "
                       f"{self.primary_set!r} exists")
        return out

    @property
    def gaps(self) -> list[str]:
        """What is missing but not an error: a reason for absent constants, a printed check."""
        out = []
        if not self.has_constants and not self.no_constants_reason:
            out.append("no constants and no no_constants_reason")
        if self.has_constants and not self.printed_checks and not self.no_printed_check_reason:
            out.append("no printed check value and no no_printed_check_reason")
        if self.has_constants and self.inputs_without_range:
            out.append(f"no fitted range, nor why none is stated, for {', '.join(self.inputs_without_range)}")
        return out

    def as_dict(self) -> dict:
        """The audit as ``catalog audit --json`` gives it, the law named as every command's JSON
        names it (:func:`catalog.frames.law_keys`: ``law``, ``paper``, ``name``)."""
        from catalog.frames import law_keys

        d = asdict(self)
        return {**law_keys(d.pop("ref"), d.pop("name")), **d, "problems": self.problems, "gaps": self.gaps}


@dataclass
class Audit:
    laws: list[LawAudit] = field(default_factory=list)

    @property
    def totals(self) -> dict[str, int]:
        with_constants = [a for a in self.laws if a.has_constants]
        defaults = Counter(a.default_provenance for a in with_constants)
        return {
            "laws": len(self.laws),
            "with_constants": len(with_constants),
            "without_constants": len(self.laws) - len(with_constants),
            "without_constants_with_reason": sum(1 for a in self.laws if not a.has_constants and a.no_constants_reason),
            "constant_sets": sum(len(a.sets) for a in self.laws),
            **{f"sets_{p}": sum(1 for a in self.laws for v in a.sets.values() if v == p) for p in PROVENANCE_RANK},
            **{f"default_{p}": defaults.get(p, 0) for p in PROVENANCE_RANK},
            "with_constants_and_printed_check": sum(1 for a in with_constants if a.printed_checks),
            "with_constants_and_precision_check": sum(1 for a in with_constants if a.precision_checks),
            "without_printed_check_with_reason": sum(1 for a in with_constants
                                                     if not a.printed_checks and a.no_printed_check_reason),
            "printed_checks": sum(a.printed_checks for a in self.laws),
            "residual_checks": sum(a.residual_checks for a in self.laws),
            "extrapolation_checks": sum(a.extrapolation_checks for a in self.laws),
            "with_extrapolation_check": sum(1 for a in self.laws if a.extrapolation_checks),
            "derived_checks": sum(a.derived_checks for a in self.laws),
            # the inputs of the laws with constants, by what their fitted range records
            "inputs": sum(len(a.inputs_with_range) + len(a.inputs_range_not_stated) + len(a.inputs_without_range)
                          for a in with_constants),
            "inputs_with_range": sum(len(a.inputs_with_range) for a in with_constants),
            "inputs_range_not_stated": sum(len(a.inputs_range_not_stated) for a in with_constants),
            "inputs_without_range": sum(len(a.inputs_without_range) for a in with_constants),
            # the primary sets (paper, code, replication) by what tests their own digits
            "primary_sets": sum(1 for a in self.laws for v in a.sets.values() if v in PRIMARY_PROVENANCE),
            "primary_sets_with_precision_check": sum(1 for a in self.laws for k, v in a.sets.items()
                                                     if v in PRIMARY_PROVENANCE and a.sets_checked.get(k) == "precision"),
            "primary_sets_with_residual_check_only": sum(1 for a in self.laws for k, v in a.sets.items()
                                                         if v in PRIMARY_PROVENANCE
                                                         and a.sets_checked.get(k) == "fit_residual"),
            "primary_sets_refit": sum(1 for a in self.laws for k, v in a.sets.items()
                                      if v in PRIMARY_PROVENANCE and k in a.sets_refit),
            "problems": sum(len(a.problems) for a in self.laws),
        }

    @property
    def ok(self) -> bool:
        return not any(a.problems for a in self.laws)


def checked(law: Law) -> str | None:
    """How a law is checked against its source: ``"precision"`` when a printed check value holds
    to the printed precision, ``"fit_residual"`` when its printed ones are all measured points
    held to the fit's residual, None without a printed check value."""
    return _strongest(cv.tolerance_basis for cv in law.check_values if cv.origin == "printed")


def printed_by_set(law: Law) -> dict[str, Counter]:
    """Per constant set, its printed check values by tolerance basis ("precision",
    "fit_residual"): a printed check tests only the digits of the set it is made with (the
    default set when it names none), so a law checked through its default set can hold other
    sets no printed number tests."""
    default = default_set(law)
    by_set: dict[str, Counter] = {c.id: Counter() for c in law.constant_sets}
    for cv in law.check_values:
        made_with = cv.constant_set or (default.id if default else None)
        if cv.origin == "printed" and made_with in by_set:
            by_set[made_with][cv.tolerance_basis] += 1
    return by_set


def sets_checked(law: Law) -> dict[str, str | None]:
    """:func:`checked` per constant set: set id -> "precision", "fit_residual" or None."""
    return {k: _strongest(c) for k, c in printed_by_set(law).items()}


def set_check_texts(law: Law) -> dict[str, str]:
    """Constant set id -> one sentence on what tests its digits (``catalog show``, the law page),
    the law's check values counted once for every set: counted again for each set, a law of
    thousands of sets (a 4 MB record holds some 17,000) held ``catalog show`` and the site's law
    page for minutes (quadratic)."""
    counts = printed_by_set(law)
    return {cs.id: _check_text(counts[cs.id]) for cs in law.constant_sets}


def _check_text(counts: Counter) -> str:
    exact, residual = counts["precision"], counts["fit_residual"]
    if exact:
        more = f", and {residual} measured point{'s' * (residual != 1)} within the fit's residual" if residual else ""
        return (f"tested by {exact} value{'s' * (exact != 1)} printed in the source, at the printed precision{more}")
    if residual:
        return (f"tested only by {residual} measured point{'s' * (residual != 1)} within the fit's residual, which "
                f"a slip in a digit smaller than that residual would pass")
    return "no printed value tests this set's digits: they rest on their transcription alone"


def refit_text(cs) -> str | None:
    """One sentence on the refit that reproduces a constant set's digits from released runs
    (``ConstantSet.refit``), or None."""
    r = cs.refit
    if r is None:
        return None
    return f"catalog fit on the released runs ({r.data}) gives these constants {r.agreement} ({r.test})"


def _strongest(bases: Iterable[str]) -> str | None:
    bases = set(bases)
    if not bases:
        return None
    return "precision" if "precision" in bases else "fit_residual"


def beyond_range(law: Law, check: Any) -> list[str]:
    """The inputs at which a check value lies beyond the law's fitted range for the check's
    constant set (:func:`fitted_range`; the default set when the check names none): a printed one
    there tests how the law extrapolates, as a paper's held-out larger model does, not only how it
    fits."""
    return inputs_beyond(law, check.inputs, check.constant_set)


def inputs_beyond(law: Law, inputs: Mapping[str, Any], constant_set: str | None = None) -> list[str]:
    """The names among ``inputs`` (numbers or arrays) with a value beyond the fitted range the
    constant set ``constant_set`` has for them (:func:`fitted_range`; None: the default set)."""
    out = []
    for name, value in inputs.items():
        rng = fitted_range(law, name, constant_set)
        if rng is None:
            continue
        # a number, a list, or a numpy array of any shape (its ends: a million points in two reductions)
        values = ((value.min(), value.max()) if value.size else ()) if hasattr(value, "ravel") \
            else value if isinstance(value, (list, tuple)) else [value]
        if any((rng.min is not None and v < rng.min) or (rng.max is not None and v > rng.max) for v in values):
            out.append(name)
    return out


def forward_checks(law: Law) -> list[tuple[int, Any, str | None]]:
    """The law's forward check values (the output expected at given inputs), each with its index
    among the law's check values and the constant set it is made with (the default set when the
    check names none)."""
    default = default_set(law)
    made_with = default.id if default else None
    return [(i, cv, cv.constant_set or made_with) for i, cv in enumerate(law.check_values)
            if cv.kind == "value" and set(cv.expected) == {law.output_symbol}]


def printed_points(law: Law) -> list[tuple[Any, str | None]]:
    """The printed forward check values at the law's inputs alone (no parameter set by the
    check), each with its constant set: the points where the source prints what the law should
    give."""
    inputs = set(law.input_symbols)
    return [(cv, made_with) for _, cv, made_with in forward_checks(law)
            if cv.origin == "printed" and set(cv.inputs) == inputs]


def printed_at(law: Law, set_id: str | None, point: Mapping[str, float], value: float) -> list[str]:
    """What the source prints at exactly ``point`` for the constant set ``set_id``, against the
    ``value`` just computed there (the site's calculator says the same, catalog/site/views.py):
    a user who evaluates a law where its paper printed a number sees the two side by side."""
    out = law.output_symbol
    places: dict[tuple[float, str], list[str]] = {}  # one note per value and tolerance, naming every place
    for cv, made_with in printed_points(law):
        if made_with != set_id or not all(math.isclose(float(cv.inputs[n]), float(point[n]), rel_tol=1e-9)
                                          for n in cv.inputs):
            continue
        if cv.tolerance_basis == "fit_residual":
            held = f"a measured point the law was fitted to; the fit misses such points by up to {100 * cv.rel_tol:.3g}%"
        else:
            held = f"the check holds the law to it within {100 * cv.rel_tol:.3g}%"
        places.setdefault((float(cv.expected[out]), held), []).append(cv.locator)
    lines = []
    for (expected, held), locators in places.items():
        off = f"{100 * (value - expected) / abs(expected):+.3g}%" if expected else f"{value - expected:+.6g}"
        lines.append(f"printed in the source ({'; '.join(dict.fromkeys(locators))}): {out} = {expected:.6g} at these "
                     f"inputs; this value is {off} from it ({held})")
    return lines


def _input_ranges(law: Law) -> tuple[list[str], list[str], list[str]]:
    """The law's inputs: with a recorded span, with only the reason none is stated, with neither."""
    spanned, reason, none = [], [], []
    for name in law.input_symbols:
        r = law.symbols[name].range
        if has_span(r):
            spanned.append(name)
        elif r is not None and r.source:
            reason.append(name)
        else:
            none.append(name)
    return spanned, reason, none


def audit_law(ref: str, law: Law) -> LawAudit:
    default = default_set(law)
    primary = primary_set(law)
    origins = Counter(cv.origin for cv in law.check_values)
    spanned, reason, none = _input_ranges(law)
    return LawAudit(
        ref=ref, name=law.name, default_set=default.id if default else None,
        default_provenance=default.provenance if default else None,
        default_locator=default.locator if default else None,
        primary_set=primary.id if primary else None,
        sets={c.id: c.provenance for c in law.constant_sets},
        printed_checks=origins.get("printed", 0), derived_checks=origins.get("derived", 0),
        residual_checks=sum(1 for cv in law.check_values if cv.tolerance_basis == "fit_residual"),
        extrapolation_checks=sum(1 for cv in law.check_values if cv.origin == "printed" and beyond_range(law, cv)),
        no_constants_reason=law.no_constants_reason, no_printed_check_reason=law.no_printed_check_reason,
        inputs_with_range=spanned, inputs_range_not_stated=reason, inputs_without_range=none,
        sets_checked=sets_checked(law), sets_refit=[c.id for c in law.constant_sets if c.refit])


def audit(papers: Iterable[Paper], laws: Container[str] | None = None) -> Audit:
    """The audit of every law of ``papers``, or of those whose id (PAPER/LAW) is in ``laws``."""
    return Audit([audit_law(f"{p.id}/{law.id}", law) for p in papers for law in p.laws
                  if laws is None or f"{p.id}/{law.id}" in laws])
