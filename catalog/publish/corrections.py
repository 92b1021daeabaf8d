"""Corrections: which laws and papers correct, replicate, supersede, extend or contradict a law,
and how far their predictions differ.

Relations are declared in the records on either side (``Law.relations`` and
``Paper.relations``), with a target that is a paper (``kaplan2020``) or one of its laws
(``kaplan2020/loss-n-d``). :func:`for_law` gathers both directions for one law: what it declares
(``hoffmann2022/parametric-loss corrects kaplan2020/loss-n-d``), what its paper declares, and
what other laws and papers declare about it or its paper (``besiroglu2024/parametric-loss
corrects hoffmann2022/parametric-loss``). When the same two papers are linked by the same kind
both at paper level and at law level, only the most specific link is kept.

For each link the two laws are compared when they are comparable: the same output variable and
the same inputs by normalized variable (one to one), each with published constants. The
prediction difference is taken at a reference point:

- a documented default per pair (:data:`REFERENCE_POINTS`): a pair involving Chinchilla's own
  law (hoffmann2022, besiroglu2024) is compared at Chinchilla itself, N = 70B parameters,
  D = 1.4T tokens, and C = 6ND = 5.88e23 FLOPs;
- else the geometric middle of the overlap of the two laws' fitted ranges of each input, those
  of the constant sets compared (:func:`catalog.provenance.fitted_range`); of the one recorded
  range when only one law records it; of the law's default domain, see :func:`engine.domain`,
  when neither does; of the gap between them when they do not overlap.

Inputs in different units are converted where the conversion is known (FLOPs and PF-days,
1 PF-day = 8.64e19 FLOPs); otherwise the pair is not compared, and the reason is given. Each
comparison lists the conventions that differ (:mod:`catalog.engine.conventions`): a difference
between Kaplan's non-embedding N and Chinchilla's total N is noted, not corrected.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from catalog import nicknames, provenance
from catalog.engine import conventions, evaluation as engine
from catalog.engine.evaluation import EngineError, fmt

if TYPE_CHECKING:  # the command compares record views (catalog.store.recordview): no pydantic to import
    from catalog.schema import Law, Paper

KINDS = ("corrects", "supersedes", "contradicts", "replicates", "extends")
PASSIVE = {"corrects": "is corrected by", "replicates": "is replicated by", "supersedes": "is superseded by",
           "extends": "is extended by", "contradicts": "is contradicted by"}

# Units that convert into one another: unit (normalized, see conventions.normalized_unit) ->
# (canonical unit, factor to it).
UNIT_FACTORS: dict[str, tuple[str, float]] = {
    "flops": ("FLOPs", 1.0),
    "pf-days": ("FLOPs", 8.64e19),  # 1 PF-day = 1e15 FLOP/s x 86400 s
}


@dataclass(frozen=True)
class ReferencePoint:
    """Values by normalized variable (in ``units`` where given; model sizes in parameters, data
    in tokens) for pairs involving a law of one of ``papers``."""

    id: str
    name: str
    papers: frozenset[str]
    values: Mapping[str, float]
    units: Mapping[str, str]
    source: str


CHINCHILLA = ReferencePoint(
    "chinchilla", "Chinchilla (70B parameters, 1.4T tokens)", frozenset({"hoffmann2022", "besiroglu2024"}),
    {"model_parameters": 7e10, "data": 1.4e12, "compute": 6 * 7e10 * 1.4e12},
    {"model_parameters": "parameters", "data": "tokens", "compute": "FLOPs"},
    "Hoffmann et al. 2022: Chinchilla, 70B parameters trained on 1.4T tokens (the point of the hoffmann2022 and "
    "besiroglu2024 check values); compute C = 6ND = 5.88e23 FLOPs",
)
REFERENCE_POINTS: tuple[ReferencePoint, ...] = (CHINCHILLA,)


# --------------------------------------------------------------------------------------------
# results


@dataclass
class Comparison:
    """The two laws' predictions at one point. ``difference`` is ``other_value - value``."""

    law: str  # this law (paper/law) and the constant set used
    constant_set: str | None
    other: str
    other_constant_set: str | None
    output: str  # this law's output symbol
    other_output: str
    point: dict[str, float]  # this law's inputs
    other_point: dict[str, float]  # the other law's inputs (converted to its units)
    point_source: str  # "Chinchilla (70B parameters, 1.4T tokens)" or how the middle was found
    value: float
    other_value: float
    difference: float
    relative: float | None  # difference / |value|
    conventions: list[conventions.Difference] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def describe(self) -> str:
        rel = f" ({100 * self.relative:+.3g}%)" if self.relative is not None else ""
        at = ", ".join(f"{k}={fmt(v)}" for k, v in self.point.items())
        return (f"at {self.point_source} [{at}]: {self.output} = {fmt(self.value)} here, "
                f"{fmt(self.other_value)} by {self.other}; difference {self.difference:+.6g}{rel}")

    def as_dict(self) -> dict:
        return {"law": self.law, "constant_set": self.constant_set, "other": self.other,
                "other_constant_set": self.other_constant_set, "output": self.output,
                "other_output": self.other_output, "point": self.point, "other_point": self.other_point,
                "point_source": self.point_source, "value": self.value, "other_value": self.other_value,
                "difference": self.difference, "relative": self.relative,
                "conventions": [d.as_dict() for d in self.conventions], "warnings": self.warnings,
                "notes": self.notes}


@dataclass
class Link:
    """One relation seen from a law (or paper): ``phrase`` reads "<this> <phrase> <other>"."""

    kind: str
    direction: str  # "out": declared by this side about the other; "in": declared by the other side
    other_paper: str
    other_law: str | None  # None when the relation names the whole paper
    declared_by: str  # "paper" or "paper/law" where the relation is written
    target: str  # the relation's target as written
    note: str
    comparison: Comparison | None = None
    not_compared: str | None = None  # why there is no comparison

    @property
    def phrase(self) -> str:
        return self.kind if self.direction == "out" else PASSIVE[self.kind]

    @property
    def other(self) -> str:
        return f"{self.other_paper}/{self.other_law}" if self.other_law else self.other_paper

    @property
    def scope(self) -> str:
        """``law`` when the relation names this law itself (declared by it, or targeting it);
        ``paper`` when it is about this law's paper as a whole."""
        this_end = self.declared_by if self.direction == "out" else self.target
        return "law" if "/" in this_end else "paper"

    def as_dict(self) -> dict:
        return {"kind": self.kind, "direction": self.direction, "phrase": self.phrase, "scope": self.scope,
                "other": self.other,
                "other_paper": self.other_paper, "other_law": self.other_law, "declared_by": self.declared_by,
                "target": self.target, "note": self.note,
                "comparison": self.comparison.as_dict() if self.comparison else None,
                "not_compared": self.not_compared}


@dataclass
class Corrections:
    """The links of one law (``law`` set) or of one paper as a whole (``law`` None)."""

    paper: str
    law: str | None
    name: str
    links: list[Link]

    @property
    def ref(self) -> str:
        return f"{self.paper}/{self.law}" if self.law else self.paper

    def as_dict(self) -> dict:
        return {"ref": self.ref, "paper": self.paper, "law": self.law, "name": self.name,
                "links": [link.as_dict() for link in self.links]}


# --------------------------------------------------------------------------------------------
# the index


class Index:
    """Every paper, for lookups in both directions."""

    def __init__(self, papers: Mapping[str, Paper] | Iterable[Paper]):
        items = papers.values() if isinstance(papers, Mapping) else papers
        self.papers: dict[str, Paper] = {p.id: p for p in items}

    def law(self, paper_id: str, law_id: str) -> Law | None:
        paper = self.papers.get(paper_id)
        return next((l for l in paper.laws if l.id == law_id), None) if paper else None

    def ref(self, paper_id: str, law_id: str):
        from catalog.store.lawstore import LawRef

        return LawRef(self.papers[paper_id], self.law(paper_id, law_id))

    def declared(self):
        """Every relation: (declaring paper, declaring law or None, relation)."""
        for p in self.papers.values():
            for r in p.relations:
                yield p.id, None, r
            for law in p.laws:
                for r in law.relations:
                    yield p.id, law.id, r

    def touching(self, paper_id: str) -> list:
        """The relations declared by ``paper_id`` or targeting it, in :meth:`declared` order
        (grouped once: looking up every law's links stays linear in the catalog)."""
        if not hasattr(self, "_touching"):
            self._touching: dict[str, list] = {}
            for q, m, r in self.declared():
                self._touching.setdefault(q, []).append((q, m, r))
                target_paper = _split(r.target)[0]
                if target_paper != q:
                    self._touching.setdefault(target_paper, []).append((q, m, r))
        return self._touching.get(paper_id, [])


def _index(papers) -> Index:
    return papers if isinstance(papers, Index) else Index(papers)


def _split(target: str) -> tuple[str, str | None]:
    paper, _, law = target.partition("/")
    return paper, law or None


def _paper_id(index: Index, name: str) -> str:
    """The id of the paper with this id or nickname."""
    if name in index.papers:
        return name
    from catalog.store.lawstore import NotFound

    return nicknames.resolve(name, {paper_id: paper.nicknames for paper_id, paper in index.papers.items()}, NotFound)


def _resolve(index: Index, target: Any) -> tuple[str, str]:
    """(paper id, law id) of a LawRef or a 'paper' / 'paper/law' string (a paper's first law)."""
    if isinstance(target, str):
        ref, _ = engine.split_ref(target)
        paper_id, law_id = _split(ref)
        paper_id = _paper_id(index, paper_id)
        paper = index.papers[paper_id]
        if law_id is None:
            if not paper.laws:
                from catalog.store.lawstore import NotFound

                raise NotFound(f"paper {paper_id!r} has no law: {paper.no_law_reason or ''}".strip())
            return paper_id, paper.laws[0].id
        if index.law(paper_id, law_id) is None:
            from catalog.store.lawstore import NotFound, unknown_law

            raise NotFound(unknown_law(paper_id, law_id, [l.id for l in paper.laws]))
        return paper_id, law_id
    law, paper, _ = engine.unpack(target)
    if paper is None:
        raise TypeError("corrections need a LawRef (paper and law) or a 'paper/law' string")
    return paper.id, law.id


# --------------------------------------------------------------------------------------------
# gathering links


def _links(index: Index, paper_id: str, law_id: str | None, *, paper_level_only: bool = False) -> list[Link]:
    """Links touching (paper_id, law_id); with law_id None, links touching the paper as a whole
    (``paper_level_only``: only relations declared by the paper or targeting it)."""
    out: list[Link] = []
    for q, m, r in index.touching(paper_id):  # the others can touch neither end
        tp, tl = _split(r.target)
        declared_by = f"{q}/{m}" if m else q
        # out: declared by this law, or by this paper at paper level
        if q == paper_id and ((law_id is not None and m in (None, law_id)) or (law_id is None and m is None)):
            if tp == paper_id and (law_id is None or tl in (None, law_id)):
                continue  # a relation to itself says nothing
            out.append(Link(r.kind, "out", tp, tl, declared_by, r.target, r.note))
            continue
        # in: the target is this law, or this paper as a whole
        if tp == paper_id and (tl is None or (law_id is not None and tl == law_id)):
            if q == paper_id:
                continue
            if law_id is None and paper_level_only and tl is not None:
                continue
            out.append(Link(r.kind, "in", q, m, declared_by, r.target, r.note))
    return _most_specific(out, law_id)


def _most_specific(links: list[Link], law_id: str | None) -> list[Link]:
    """Drop a link when a more specific one of the same kind, direction and other paper exists
    (law-level ends beat paper-level ones)."""
    def score(link: Link) -> int:
        this_end = link.declared_by.count("/") if link.direction == "out" else (link.target.count("/"))
        return int(link.other_law is not None) + int(this_end)

    best: dict[tuple, int] = {}
    for link in links:
        key = (link.kind, link.direction, link.other_paper)
        best[key] = max(best.get(key, -1), score(link))
    kept = [l for l in links if score(l) == best[(l.kind, l.direction, l.other_paper)]]
    unique: dict[tuple, Link] = {}
    for l in kept:
        unique.setdefault((l.kind, l.direction, l.other_paper, l.other_law, l.declared_by), l)
    return sorted(unique.values(), key=lambda l: (l.scope != "law", KINDS.index(l.kind), l.direction, l.other))


def for_law(papers: Any, target: Any, *, compare: bool = True) -> Corrections:
    """Every law and paper that corrects, replicates, supersedes, extends or contradicts
    ``target`` (a LawRef or 'paper/law'; a bare paper id means its first law), or that it
    corrects, ... in turn; with ``compare``, the prediction difference of comparable pairs.
    ``papers`` is a mapping or list of :class:`Paper` (e.g. ``Store.papers``) or an
    :class:`Index`."""
    index = _index(papers)
    paper_id, law_id = _resolve(index, target)
    links = _links(index, paper_id, law_id)
    if compare:
        for link in links:
            _compare_link(index, link, paper_id, law_id)
    law = index.law(paper_id, law_id)
    return Corrections(paper_id, law_id, law.name, links)


def for_paper(papers: Any, paper_id: str, *, compare: bool = True) -> list[Corrections]:
    """The paper as a whole (relations it declares at paper level or that target it) first,
    then each of its laws that has links."""
    index = _index(papers)
    paper_id = _paper_id(index, paper_id)
    paper = index.papers[paper_id]
    whole = _links(index, paper_id, None, paper_level_only=True)
    if compare:
        for link in whole:
            _compare_link(index, link, paper_id, None)
    out = [Corrections(paper_id, None, paper.bibliography.title, whole)]
    for law in paper.laws:
        own = [l for l in _links(index, paper_id, law.id)
               if l.declared_by != paper_id and not (l.direction == "in" and l.target == paper_id)]
        if own:
            if compare:
                for link in own:
                    _compare_link(index, link, paper_id, law.id)
            out.append(Corrections(paper_id, law.id, law.name, own))
    return out


# --------------------------------------------------------------------------------------------
# comparing


def _output_variable(law: Law) -> str:
    return law.symbols[law.output_symbol].variable or law.dependent_variable


def comparable(a: Any, b: Any) -> tuple[dict[str, str] | None, str | None]:
    """(inputs of ``a`` -> inputs of ``b``, None) when the two laws can be compared at one
    point: the same output variable and a one-to-one match of inputs (by name, else by
    normalized variable), each law with published constants; else (None, why not)."""
    la, _, ra = engine.unpack(a)
    lb, _, rb = engine.unpack(b)
    va, vb = _output_variable(la), _output_variable(lb)
    if va != vb:
        return None, f"different outputs ({ra} predicts {va}, {rb} predicts {vb})"
    matched = conventions.matched_inputs(a, b)
    if len(matched) != len(la.input_symbols) or len(matched) != len(lb.input_symbols):
        return None, (f"different inputs ({ra}: {', '.join(_vars(la)) or 'none'}; "
                      f"{rb}: {', '.join(_vars(lb)) or 'none'})")
    for law, ref in ((la, ra), (lb, rb)):
        if law.default_constants() is None:
            return None, f"{ref} has no published constants"
    for na, nb in [(la.output_symbol, lb.output_symbol), *matched.items()]:
        if not _convertible(_unit(la, na), _unit(lb, nb)):
            return None, (f"{na} of {ra} is in {la.symbols[na].unit}, {nb} of {rb} in {lb.symbols[nb].unit}, "
                          f"and no conversion is known")
    return matched, None


def _convertible(ua: str | None, ub: str | None) -> bool:
    """Same unit, a unit not stated on one side, or a known conversion."""
    return not (ua and ub and ua != ub) or (ua in UNIT_FACTORS and ub in UNIT_FACTORS
                                             and UNIT_FACTORS[ua][0] == UNIT_FACTORS[ub][0])


def _vars(law: Law) -> list[str]:
    return [f"{n} ({law.symbols[n].variable or 'no variable'})" for n in law.input_symbols]


def _unit(law: Law, name: str) -> str | None:
    return conventions.normalized_unit(law.symbols[name].unit)


def _to_canonical(law: Law, name: str, value: float) -> float:
    u = _unit(law, name)
    return value * UNIT_FACTORS[u][1] if u in UNIT_FACTORS else value


def _from_canonical(law: Law, name: str, value: float) -> float:
    u = _unit(law, name)
    return value / UNIT_FACTORS[u][1] if u in UNIT_FACTORS else value


def reference_point(a: Any, b: Any, matched: Mapping[str, str], constant_set: str | None = None,
                    other_constant_set: str | None = None) -> tuple[dict[str, float], str]:
    """(point in ``a``'s inputs and units, how it was chosen); see the module doc. The fitted
    ranges are those of the constant sets compared (None: each law's default set)."""
    la, pa, ra = engine.unpack(a)
    lb, pb, rb = engine.unpack(b)
    ids = {p.id for p in (pa, pb) if p is not None}
    for rp in REFERENCE_POINTS:
        if not ids & rp.papers:
            continue
        point = {}
        for na in la.input_symbols:
            var = la.symbols[na].variable
            if var not in rp.values:
                break
            want = conventions.normalized_unit(rp.units.get(var))
            have = _unit(la, na)
            if have != want and not (have in UNIT_FACTORS and want in UNIT_FACTORS):
                break
            canonical = rp.values[var] * (UNIT_FACTORS[want][1] if want in UNIT_FACTORS else 1.0)
            point[na] = _from_canonical(la, na, canonical) if have in UNIT_FACTORS else rp.values[var]
        else:
            return point, rp.name
    point, how = {}, []
    for na, nb in matched.items():
        lo_hi, owners = [], []
        for law, ref, name, cs in ((la, ra, na, constant_set), (lb, rb, nb, other_constant_set)):
            r = provenance.fitted_range(law, name, cs)
            if r is not None and r.min is not None and r.max is not None:
                lo_hi.append((_to_canonical(law, name, r.min), _to_canonical(law, name, r.max)))
                owners.append(ref)
        if len(lo_hi) == 2:
            low, high = max(lo_hi[0][0], lo_hi[1][0]), min(lo_hi[0][1], lo_hi[1][1])
            what = "overlap of the two fitted ranges" if low <= high else "gap between the two fitted ranges"
            low, high = min(low, high), max(low, high)
        elif len(lo_hi) == 1:
            (low, high), what = lo_hi[0], f"fitted range of {owners[0]} (the other records none)"
        else:
            d = engine.domain(a, na, constant_set)
            low, high = _to_canonical(la, na, d.low), _to_canonical(la, na, d.high)
            what = d.source
        middle = engine.middle(low, high, "log" if low > 0 and high > 0 else "linear")
        point[na] = _from_canonical(la, na, middle)
        how.append(f"{na}: {what}")
    return point, "the geometric middle (" + "; ".join(how) + ")"


def compare_laws(a: Any, b: Any, constant_set: str | None = None, other_constant_set: str | None = None,
                 point: Mapping[str, Any] | None = None) -> Comparison:
    """Both laws' predictions at ``point`` (``a``'s input names; default :func:`reference_point`)
    and their difference; raises :class:`EngineError` when they are not comparable."""
    matched, why = comparable(a, b)
    if matched is None:
        raise EngineError(f"{engine.unpack(a)[2]} and {engine.unpack(b)[2]} cannot be compared: {why}")
    la, _, ra = engine.unpack(a)
    lb, _, rb = engine.unpack(b)
    if point is None:
        values, source = reference_point(a, b, matched, constant_set, other_constant_set)
    else:
        values = {k: engine.as_number(k, v) for k, v in point.items()}
        source = "the given point"
    other_values = {matched[n]: _from_canonical(lb, matched[n], _to_canonical(la, n, v)) for n, v in values.items()}
    ea = engine.evaluate(a, values, constant_set)
    eb = engine.evaluate(b, other_values, other_constant_set)
    diffs, notes = conventions.differences(a, b, matched)
    value, other_value = float(ea.value), float(eb.value)
    ua, ub = _unit(la, la.output_symbol), _unit(lb, lb.output_symbol)
    if ua and ub and ua != ub:  # convertible, or comparable() would have refused
        other_value = other_value * UNIT_FACTORS[ub][1] / UNIT_FACTORS[ua][1]
        notes.append(f"{rb}'s {lb.output_symbol} converted from {lb.symbols[lb.output_symbol].unit} to "
                     f"{la.symbols[la.output_symbol].unit}")
    difference = other_value - value
    relative = difference / abs(value) if value != 0 else None
    return Comparison(ra, ea.constants.set_id, rb, eb.constants.set_id, la.output_symbol, lb.output_symbol,
                      {k: float(v) for k, v in values.items()}, {k: float(v) for k, v in other_values.items()},
                      source, value, other_value, difference, relative, diffs,
                      list(dict.fromkeys(ea.warnings + eb.warnings)), notes + ea.notes + eb.notes)


def _compare_link(index: Index, link: Link, paper_id: str, law_id: str | None) -> None:
    """Fill ``link.comparison`` with the first comparable pair (this law, or each law of this
    paper; the other law, or each law of the other paper), or say why there is none."""
    other = index.papers.get(link.other_paper)
    if other is None:
        link.not_compared = f"{link.other_paper} is not in the catalog"
        return
    mine = [law_id] if law_id else [l.id for l in index.papers[paper_id].laws]
    theirs = [link.other_law] if link.other_law else [l.id for l in other.laws]
    if link.other_law and index.law(link.other_paper, link.other_law) is None:
        link.not_compared = f"{link.other} is not a law in the catalog"
        return
    reasons = []
    for m in mine:
        for t in theirs:
            a, b = index.ref(paper_id, m), index.ref(link.other_paper, t)
            matched, why = comparable(a, b)
            if matched is None:
                reasons.append(why)
                continue
            try:
                link.comparison = compare_laws(a, b)
                return
            except EngineError as exc:
                reasons.append(str(exc))
    if not mine or not theirs:
        link.not_compared = f"{paper_id if not mine else link.other_paper} records no law"
    elif len(reasons) == 1:
        link.not_compared = reasons[0]
    else:
        link.not_compared = (f"no comparable pair of laws (same output, same inputs by variable, published "
                             f"constants) among {len(mine)} x {len(theirs)}; first: {reasons[0]}")
