"""What the templates show: plain view objects built from validated records.

Templates get only what they print: the records themselves (pydantic models, whose text the
templates HTML-escape), plus what the site derives from them here: LaTeX of each formula
(``sympy.latex``), the generated JavaScript, the calculator's data, facet groupings and the
page paths.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from catalog import provenance, vocab
from catalog.engine import units
from catalog.publish import typeset
from catalog.schema import ConstantSet, Law, Paper
from catalog.site import jsgen

if TYPE_CHECKING:
    from catalog.publish.corrections import Corrections
    from catalog.site.pagecache import PageCache

FACETS = {
    # facet -> (title, vocabulary description lookup)
    "modality": "Modality",
    "variable": "Scaling variable",
    "category": "Category",
    "architecture": "Architecture",
    "year": "Year",
}


def paper_path(paper_id: str) -> str:
    return f"papers/{paper_id}.md"


def law_path(paper_id: str, law_id: str) -> str:
    return f"laws/{paper_id}/{law_id}.md"


def html_path(md_path: str) -> str:
    return md_path[:-3] + ".html"


@dataclass
class LawView:
    paper: Paper
    law: Law
    # the formula's display lines (the definitions, 'where ...', each a line of its own)
    latex: list[str] = field(default_factory=list)
    latex_inline: str = ""  # for table cells: definitions after the formula, where KaTeX can break the line
    latex_error: str | None = None
    latex_with_constants: list[str] = field(default_factory=list)
    conditions_latex: list[str] = field(default_factory=list)  # each of law.conditions typeset, in order
    js: jsgen.JsFormula | None = None
    js_error: str | None = None
    calculator: dict = field(default_factory=dict)
    corrections: Corrections | None = None  # filled by the builder (needs every paper)
    corrections_error: str | None = None
    # constant set id -> how far that secondary set lands from the primary one (catalog.provenance)
    provenance_notes: dict[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.paper.id}/{self.law.id}"

    @property
    def path(self) -> str:
        return law_path(self.paper.id, self.law.id)

    @cached_property
    def cite_latex(self) -> str:
        """The LaTeX citing the law with its default constants, as ``catalog cite`` prints it
        (:func:`catalog.publish.citing.latex_snippet`), its formula the page's display lines
        (:func:`typeset_lines`: the same printing, with the default set's constants where the law has
        sets), not printed again with the plain text catalog cite does not use here."""
        from catalog.publish import citing
        from catalog.publish.custom_tables import LATEX_LINES_JOINED

        if self.latex_error is not None or not self.latex:
            return citing.latex_snippet(self.paper, self.law)
        lines = self.latex_with_constants if self.law.constant_sets else self.latex
        return citing.latex_snippet(self.paper, self.law, formula=LATEX_LINES_JOINED.join(lines))

    @cached_property
    def set_warnings(self) -> dict[str, str | None]:
        """Constant set id -> catalog eval's provenance warning for it (constants no paper, code or
        replication prints), None for a set without: worded once per set, for the page and its
        calculator's data alike."""
        return {cs.id: provenance.not_primary_warning(self.law, self.id, cs) for cs in self.law.constant_sets}

    @property
    def provenance_warnings(self) -> dict[str, str]:
        """:attr:`set_warnings` of the sets that have one."""
        return {k: v for k, v in self.set_warnings.items() if v is not None}

    @cached_property
    def stated_allocations(self) -> list[str]:
        """The paper's own compute-optimal laws (their ids in the paper) beside the optimum the
        calculator finds from this law, as catalog optimal notes them: Chinchilla's Approaches 1
        and 2 are not the split that minimises its Approach 3 loss."""
        from catalog.engine import optimal

        return [ref.split("/", 1)[1] for ref in optimal.stated_allocation_laws(self.paper) if ref != self.id]

    @property
    def evaluable(self) -> bool:
        return self.js is not None

    @property
    def checked(self) -> str | None:
        """``catalog.provenance.checked``: precision, fit_residual or None."""
        return provenance.checked(self.law)

    @cached_property  # read for every set in the law page's loop over the sets
    def sets_checked(self) -> dict[str, str | None]:
        """Constant set id -> precision, fit_residual or None (``catalog.provenance.sets_checked``)."""
        return provenance.sets_checked(self.law)

    @cached_property
    def set_checks(self) -> dict[str, str]:
        """Constant set id -> what tests its digits (``catalog.provenance.set_check_texts``)."""
        return provenance.set_check_texts(self.law)

    @property
    def fitting_items(self) -> list[Item]:
        return fitting_items(self.law)

    @property
    def convention_items(self) -> list[Item]:
        return convention_items(self.law)


@dataclass
class FacetGroup:
    key: str
    label: str
    description: str
    papers: list[Paper]
    laws: list[LawView] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return "v-" + "".join(c if c.isalnum() else "-" for c in self.key.lower())


def _ref(paper: Paper, law: Law):
    from catalog.store.reader import LawRef

    return LawRef(paper, law)


def default_inputs(paper: Paper, law: Law) -> dict[str, float]:
    """The calculator's starting point: the first stated check value's inputs, one of the default
    constant set first (another set's check may lie outside the default set's fitted range: guo2026's
    middle-third compute gave the final-third fit an error fraction of 3.27), else the record's
    ``reference_point`` (inside the fitted ranges, the law defined there), else each input's :func:`starting_value`."""
    from catalog.engine import evaluation as engine

    default = provenance.default_set(law)
    default_id = default.id if default is not None else None
    stated = [cv for cv in law.check_values
              if cv.kind == "value" and all(n in cv.inputs for n in law.input_symbols)]
    stated.sort(key=lambda cv: cv.constant_set not in (None, default_id))  # stable: the record's order otherwise
    start: dict[str, float] = {}
    for cv in stated:
        point = {n: float(cv.inputs[n]) for n in law.input_symbols}
        if cv.constant_set in (None, default_id) or _all_inside(law, point):
            start = point
            break
    if not start and all(n in law.reference_point for n in law.input_symbols):
        point = {n: float(law.reference_point[n]) for n in law.input_symbols}
        start = point if _all_inside(law, point) and engine.undefined_at(_ref(paper, law), point) is None else {}
    for name in law.input_symbols:
        if name not in start:
            start[name] = starting_value(paper, law, name)
    return start


# Units of a 0/1 indicator (ho2024's benchmark dummies x_ptb, x_wt2): a value between is no input of the law
INDICATOR_UNITS = frozenset({"0 or 1"})


def starting_value(paper: Paper, law: Law, name: str) -> float:
    """Where the calculator starts input ``name`` with no check value or reference point: an
    indicator at its range's lower end (0); an input counted in multiples of a reference the paper
    does not print (ho2024's n = N/N0), whose range states only its lower end, at that end (its
    domain is the fallback 1 to 1e6, whose middle is no size of the paper; the lower end is the one
    value the record states); else the middle of the domain, to three digits where that stays
    inside the fitted range."""
    sym, rng = law.symbols[name], provenance.fitted_range(law, name)
    low = rng.min if rng is not None and rng.min is not None else None
    if sym.unit in INDICATOR_UNITS:
        return float(low if low is not None else 0)
    if low is not None and rng.max is None and units.base_factor(sym.variable, sym.unit) is None \
            and sym.variable is not None:
        return float(low)
    return _rounded(inside_point(paper, law, name), rng)


def _all_inside(law: Law, point: dict[str, float]) -> bool:
    return all(_inside(point[n], provenance.fitted_range(law, n)) for n in point)


def _inside(x: float, rng) -> bool:
    """Whether ``x`` lies in the range ``rng`` (None, or an open end, bounds nothing)."""
    from catalog.engine.ranges import within

    return rng is None or within(rng.min, rng.max, x)


def _rounded(x: float, rng) -> float:
    """``x`` to three significant digits when that stays inside the fitted range."""
    r = float(f"{x:.3g}")
    return r if _inside(r, rng) else x


def inside_point(paper: Paper, law: Law, name: str) -> float:
    """The middle of the engine's domain for input ``name`` (with the default constant set;
    geometric, or arithmetic on a linear domain such as a z-score's): inside the fitted range when
    the record has one; a one-point range (min == max) is that point."""
    from catalog.engine import evaluation as engine

    point = engine.fitted_point(law, name)
    if point is not None:
        return point
    return float(engine.domain(_ref(paper, law), name).middle)


def input_fit(paper: Paper, law: Law, name: str, set_id: str | None = None) -> dict:
    """The calculator's fitted range and domain of input ``name`` for a constant set (None: the
    default set), as :func:`catalog.provenance.fitted_range` and ``engine.domain`` give them;
    ``own`` when the set has a range of its own."""
    from catalog.engine import evaluation as engine

    r = provenance.fitted_range(law, name, set_id)
    d = engine.domain(_ref(paper, law), name, set_id)
    return {"min": r.min if r else None, "max": r.max if r else None, "source": r.source if r else None,
            "own": r is not None and r is not law.symbols[name].range,
            "domain": [d.low, d.high], "domainSource": d.source, "domainFitted": d.fitted,
            # how the calculator's and compare page's plots space and draw this input: "linear" for a
            # z-score or a date from zero (engine.Domain.scale), "log" otherwise
            "domainScale": d.scale}


def calculator_data(paper: Paper, law: Law, warnings: Mapping[str, str | None]) -> dict:
    """The law page calculator's data; ``warnings``: :attr:`LawView.set_warnings`, worded once for the page and this."""
    from catalog.engine import evaluation as engine

    start = default_inputs(paper, law)
    inputs = []
    for name in law.input_symbols:
        s = law.symbols[name]
        inputs.append({
            "name": name, "meaning": s.meaning, "unit": s.unit, "variable": s.variable,
            # the law takes this input in millions, billions, PF-days ...: the calculator refuses
            # a suffixed count for it and the compare page converts its base-unit axis
            "scale": units.scale_of(s.variable, s.unit), "default": start[name],
            # a whole count of at least one (vocab.COUNTS): the plots' spans stop at 1
            "count": s.variable in vocab.COUNTS,
            # a size, count or amount: a negative value is refused, as catalog eval refuses it
            "signed": engine.may_be_negative(law, name),
            # with the default set (the compare page plots it); the sets below carry their own
            **input_fit(paper, law, name),
        })
    # where a set has ranges of its own, every set lists its fit of every input: the calculator's
    # range hint, extrapolation warning and plot follow the set picked
    per_set = any(c.ranges for c in law.constant_sets)
    default = law.default_constants()
    out = law.symbols[law.output_symbol]
    return {
        "id": f"{paper.id}/{law.id}",
        "name": law.name,
        # whom to cite (the compare page's values at x, as catalog predict's citation)
        "citation": citation(paper),
        "dependent": law.dependent_variable,
        "output": law.output_symbol,
        "outputMeaning": out.meaning,
        "outputUnit": out.unit,
        # a score (accuracy, probability; not an error rate): plots use a linear y where it spans under a decade
        "outputScore": units.is_score(out.unit, law.dependent_variable),
        # the compare page's y axis: laws with one key share it, values times outputScale
        "outputKey": output_key(law),
        "outputScale": output_axis(law)[1],
        "implicit": law.form == "implicit",
        "inputs": inputs,
        "parameters": law.parameter_symbols,
        "sets": [{"id": c.id, "label": c.label, "values": c.values, "locator": c.locator,
                  **set_uncertainty(paper, law, c.id),
                  **({"ranges": {n: input_fit(paper, law, n, c.id) for n in law.input_symbols}} if per_set else {}),
                  **secondary_of(law, c),
                  # catalog eval's "warning: provenance: ..." for this set, word for word
                  "provenanceWarning": warnings[c.id]}
                 for c in law.constant_sets],
        "defaultSet": default.id if default else None,
        # the calculator sets another set's value beside this one's at the inputs typed
        "primarySet": primary_of(law),
        # where the source prints the output: the calculator shows it beside its own value there
        "printed": [{"set": made_with, "inputs": cv.inputs, "expected": cv.expected[law.output_symbol],
                     "locator": cv.locator, "relTol": cv.rel_tol, "measured": cv.tolerance_basis == "fit_residual"}
                    for cv, made_with in provenance.printed_points(law)],
        # every forward check value (all inputs given, the output expected), by its row in the
        # page's table of stated values: the page fills in what the law gives there
        "checks": [{"row": i, "set": made_with,
                    "inputs": {n: v for n, v in cv.inputs.items() if n in law.input_symbols},
                    "params": {n: v for n, v in cv.inputs.items() if n in law.parameter_symbols},
                    "expected": cv.expected[law.output_symbol]}
                   for i, cv, made_with in provenance.forward_checks(law)],
        "url": html_path(law_path(paper.id, law.id)),
        "conventions": conventions_line(law),
        "optimal": optimal_check(paper, law),
    }


def secondary_of(law: Law, cs: ConstantSet) -> dict:
    """For a secondary set (a survey's or Wikipedia's transcription), the primary set it stands
    for: the calculator sets the two side by side at the inputs typed, as catalog eval notes it."""
    primary = provenance.primary_against(law, cs)
    if primary is None:
        return {}
    return {"secondary": {"provenance": cs.provenance, "primary": primary.id, "where": provenance.source_of(primary)}}


def primary_of(law: Law) -> dict | None:
    """The law's primary set (catalog.provenance.primary_set) and where it was read, or None."""
    primary = provenance.primary_set(law)
    return {"id": primary.id, "where": provenance.source_of(primary)} if primary else None


def optimal_inputs(law: Law) -> dict | None:
    """The calculator's compute-optimal block: the model-size and data inputs of a loss law in
    those two alone, taken in parameters and tokens, so that the budget C = 6ND is in FLOPs
    (``catalog predict``'s rule, :func:`catalog.engine.predict.split_inputs`); None for any other law."""
    from catalog.engine import predict

    split = predict.split_inputs(law)
    if split is None:
        return None
    from catalog.engine import optimal

    # the budget and D = C/(kN) as pages print them: 6ND, or 6 × toString × toLocaleString
    return {**split, "relation": optimal.relation(split["k"], split["n"], split["d"]),
            "per": optimal.relation(split["k"], split["n"])}


def optimal_check(paper: Paper, law: Law) -> dict | None:
    """:func:`optimal_inputs` with where catalog optimal checks the power laws in C: per constant
    set the fitted range's budgets (``budgets``: set id -> [low, high]), the number of budgets
    spaced in log C between them (``points``) and the tolerance (``tol``). The calculator states
    N_opt = a C^b only where its optimum meets the fit at every one, as the CLI does."""
    from catalog.engine import optimal

    split = optimal_inputs(law)
    if split is None:
        return None
    budgets = {c.id: list(optimal.fitted_budgets(_ref(paper, law), split["n"], split["d"], split["k"], c.id))
               for c in law.constant_sets}
    return {**split, "budgets": budgets, "points": optimal.BUDGET_POINTS, "tol": optimal.CLOSED_FORM_TOL}


def set_uncertainty(paper: Paper, law: Law, set_id: str) -> dict:
    """How ``catalog.engine.uncertainty`` samples the constant set's parameters (``spreads``: name,
    mean, sd, source) and its notes; empty when the set records no standard errors or
    intervals. The calculator draws from these to show a prediction interval."""
    from catalog.engine import evaluation as engine, uncertainty

    try:
        constants = engine.resolve_constants(_ref(paper, law), set_id)
        found, _, notes = uncertainty.spreads(_ref(paper, law), constants)
    except engine.EngineError:
        return {}
    if not found:
        return {}
    return {"spreads": [{"name": s.name, "mean": s.mean, "sd": s.sd, "source": s.source} for s in found],
            "spreadNotes": notes}


# ---------------------------------------------------------------- checklist and conventions

ITEM_LABELS = {
    "method": "Curve-fitting method", "objective": "Loss objective", "initialization": "Initialization",
    "runs_fitted": "Runs fitted", "points_fitted": "Points fitted", "validation": "Validation of the fit",
}
CONVENTION_LABELS = {
    "parameters": "Parameters counted", "compute": "Compute", "loss_unit": "Loss unit",
    "validation_set": "Validation set", "tokenizer": "Tokenizer",
}


@dataclass(frozen=True)
class Item:
    """One checklist item or convention: ``status`` is ``reported``, ``missing`` (not stated)
    or ``na`` (not applicable); ``detail`` is what the site adds in words (may be empty)."""

    key: str
    label: str
    value: str
    status: str
    detail: str = ""


def _status(value: str) -> str:
    low = value.strip().lower()
    if low.startswith("not stated"):
        return "missing"
    if low.startswith("not applicable"):
        return "na"
    return "reported"


def fitting_items(law: Law) -> list[Item]:
    """The checklist items (``catalog.publish.checklist.ITEMS``), with 'not stated' marked missing."""
    from catalog.publish import checklist

    return [Item(k, ITEM_LABELS[k], str(getattr(law.fitting, k)),
                 "missing" if str(getattr(law.fitting, k)) == checklist.NOT_STATED else "reported")
            for k in checklist.ITEMS]


def convention_items(law: Law) -> list[Item]:
    """The conventions, with what each means (embeddings, how compute is counted)."""
    from catalog.engine import conventions

    out = []
    for key, value in conventions.stated(law).items():
        detail = ""
        if key == "parameters" and value in ("total", "non-embedding"):
            detail = "with embedding parameters" if value == "total" else "without embedding parameters"
        elif key == "compute":
            read = conventions.compute_convention(value)
            if read is not None and read.describe() != "not said":
                detail = read.describe()
        out.append(Item(key, CONVENTION_LABELS[key], value, _status(value), detail))
    return out


def checklist_summary(laws: list[LawView]) -> dict[str, int]:
    """How many laws report each item and state each convention (``catalog.publish.checklist.summary``)."""
    from catalog.publish import checklist

    return checklist.summary([checklist.row(lv.paper.id, lv.law) for lv in laws])


def conventions_line(law: Law) -> str:
    """What an evaluation states: ``parameters total; compute C = 6ND; loss in nats/token; ...``."""
    from catalog.engine import conventions

    return conventions.describe(law)


def typeset_lines(law: Law) -> tuple[list[str], list[str]]:
    """The law's display lines and the same with its default constants ([] without constants)
    (:func:`catalog.publish.typeset.display_lines`), from the cache of printed forms
    (:mod:`catalog.formcache`, keyed by what the printing reads): sympy prints only the laws that
    changed, where every build printed all of them again (3 s of the real catalog's build)."""
    from catalog import formcache

    constants = law.default_constants()

    def printed() -> tuple[str, str]:
        return "\n".join(typeset.display_lines(law)), "\n".join(typeset.display_lines(law, constants, constants=True))

    lines, with_constants = formcache.cached("site-lines", formcache.law_material(law, constants), printed,
                                             (formcache.latex_lines, formcache.latex_lines))
    return lines.split("\n"), with_constants.split("\n") if with_constants else []


def law_view(paper: Paper, law: Law, cache: PageCache | None = None, stored: Sequence = ()) -> LawView:
    """The law's view with its formula assets: from ``cache`` where it holds them for ``stored``
    (what the database holds for the paper and the law: :mod:`catalog.site.pagecache`'s material),
    else derived (and put there)."""
    from catalog.site import pagecache

    entry_key = pagecache.key("law-assets", [*stored, law.id]) if cache is not None else None
    found = cache.get(entry_key, len(_ASSETS), _assets_shape) if cache is not None else None
    if found is not None:
        return _with_assets(LawView(paper, law), dict(zip(_ASSETS, found)))
    view = _derived_view(paper, law)
    if cache is not None:
        cache.put(entry_key, [_asset(view, name) for name in _ASSETS])
    return view


# What law_view derives, as the cache keeps it (JSON): the Markup of the notes and the calculator's
# JavaScript as data
_ASSETS = ("latex", "latex_with_constants", "latex_inline", "conditions_latex", "latex_error", "js", "js_error",
           "calculator", "provenance_notes")


def _assets_shape(values: list) -> bool:
    """Whether ``values`` are shaped as :data:`_ASSETS` are kept (:func:`_asset`): the page and its
    calculator read them as these types."""
    from catalog.site.pagecache import text_list, texts

    latex, with_constants, inline, conditions, latex_error, js, js_error, calculator, notes = values
    return (text_list(latex) and text_list(with_constants) and texts(inline) and text_list(conditions)
            and texts(latex_error, none=True) and (js is None or jsgen.is_data(js)) and texts(js_error, none=True)
            and isinstance(calculator, dict) and all(map(texts, calculator))
            and isinstance(notes, dict) and all(texts(k) and texts(v) for k, v in notes.items()))


def _asset(view: LawView, name: str):
    value = getattr(view, name)
    if name == "js" and value is not None:
        return asdict(value)
    if name == "provenance_notes":
        return {k: str(v) for k, v in value.items()}
    return value


def _with_assets(view: LawView, assets: dict) -> LawView:
    from markupsafe import Markup

    for name, value in assets.items():
        if name == "js" and value is not None:
            value = jsgen.from_data(value)
        elif name == "provenance_notes":
            value = {k: Markup(v) for k, v in value.items()}
        setattr(view, name, value)
    return view


def _derived_view(paper: Paper, law: Law) -> LawView:
    view = LawView(paper, law)
    try:
        view.latex, view.latex_with_constants = typeset_lines(law)
        view.latex_inline = typeset.INLINE_JOIN.join(view.latex)
        view.conditions_latex = [typeset.condition(law, c.expression) for c in law.conditions]
    except Exception as exc:  # validated records parse; keep the page even if sympy fails
        view.latex_error = str(exc)
    try:
        view.js = jsgen.translate(law)
    except jsgen.Untranslatable as exc:
        view.js_error = str(exc)
    except Exception as exc:
        view.js_error = f"the formula could not be translated: {exc}"
    view.calculator = calculator_data(paper, law, view.set_warnings)
    from markupsafe import Markup, escape

    from catalog import provenance
    from catalog.site.build import _num  # the page's numbers (2×10¹²), as the templates' num filter

    for cs in law.constant_sets:
        against = provenance.compare_to_primary(law, cs.id)
        if against is not None:
            view.provenance_notes[cs.id] = Markup(against.describe(number=_num, text=escape))
    return view


def facet_groups(papers: list[Paper], laws: list[LawView]) -> dict[str, list[FacetGroup]]:
    """Papers (and, for variables, laws) grouped by each browse facet, in a stable order."""
    by: dict[str, dict[str, list[Paper]]] = {f: defaultdict(list) for f in FACETS}
    law_by_variable: dict[str, list[LawView]] = defaultdict(list)
    for p in papers:
        for m in p.modalities:
            by["modality"][m].append(p)
        for c in p.categories:
            by["category"][c].append(p)
        for a in p.architectures:
            by["architecture"][a].append(p)
        by["year"][str(p.bibliography.year)].append(p)
        variables = []
        for law in p.laws:
            for v in law.scaling_variables:
                if v not in variables:
                    variables.append(v)
        for v in variables:
            by["variable"][v].append(p)
    for lv in laws:
        for v in lv.law.scaling_variables:
            law_by_variable[v].append(lv)

    def describe(facet: str, key: str) -> tuple[str, str]:
        if facet == "variable":
            return key.replace("_", " "), vocab.VARIABLES.get(key, ("", ()))[0]
        if facet == "year":
            return key, ""
        return key.replace("-", " "), ""

    out: dict[str, list[FacetGroup]] = {}
    for facet, groups in by.items():
        keys = sorted(groups, reverse=True) if facet == "year" else sorted(groups, key=lambda k: (-len(groups[k]), k))
        out[facet] = []
        for key in keys:
            label, description = describe(facet, key)
            group = FacetGroup(key, label, description, sorted(groups[key], key=lambda p: p.id))
            if facet == "variable":
                group.laws = law_by_variable.get(key, [])
            out[facet].append(group)
    return out


def on_base_axes(law: Law) -> bool:
    """Whether every input of a counted variable (parameters, tokens, FLOPs) converts to its base
    unit: the compare page's x axis and held values are plain counts, so an input in multiples of
    an unprinted N0 (ho2024), GPU hours or a dimensionless ratio would be read as a count."""
    return all(units.base_factor(law.symbols[n].variable, law.symbols[n].unit) is not None
               for n in law.input_symbols)


def shared_variables(laws: list[LawView]) -> dict[str, list[LawView]]:
    """Scaling variables that are an input of at least two evaluable laws with constants. A loss
    law in model size and data alone (Chinchilla's) also joins compute, drawn there along its
    compute-optimal frontier (the calculator's optimum at each budget: ``calculator["optimal"]``),
    beside the laws that take compute themselves."""
    by: dict[str, list[LawView]] = defaultdict(list)
    for lv in laws:
        if not lv.evaluable or not lv.law.constant_sets or not on_base_axes(lv.law):
            continue
        added: set[str] = set()  # a law with two inputs of one variable joins its group once
        for name in lv.law.input_symbols:
            variable = lv.law.symbols[name].variable
            if variable and variable not in added:
                added.add(variable)
                by[variable].append(lv)
        if lv.calculator.get("optimal") and "compute" not in added:
            by["compute"].append(lv)
    return {k: v for k, v in sorted(by.items(), key=lambda kv: (-len(kv[1]), kv[0])) if len(v) >= 2}


# Sets a law page links to the compare page with: the default and the next ones (a long list of
# per-task sets makes an unreadable plot; the page lists them all to tick more).
COMPARED_SETS = 6


def compare_sets_query(lv: LawView, shared: dict[str, list[LawView]]) -> str | None:
    """The compare page's query string that overlays ``lv``'s constant sets (its default first, up
    to :data:`COMPARED_SETS`) over its first input the page offers, or None when the law has one set
    or is not on the page. Keys and values as the page writes them (``law@set``; slc.js)."""
    if len(lv.law.constant_sets) < 2:
        return None
    variable = next((lv.law.symbols[n].variable for n in lv.law.input_symbols
                     if any(other is lv for other in shared.get(lv.law.symbols[n].variable or "", ()))), None)
    if variable is None:
        return None
    laws = ",".join(f"{lv.id}@{c.id}" for c in provenance.sets_default_first(lv.law)[:COMPARED_SETS])
    return _compare_query(output_key(lv.law), variable, laws)


def _compare_query(output: str, variable: str, laws: str) -> str:
    from urllib.parse import quote

    return "?" + "&".join(f"{k}={quote(v, safe='/,:')}" for k, v in (("out", output), ("var", variable), ("laws", laws)))


def compare_queries(shared: dict[str, list[LawView]]) -> dict[str, list[tuple[str, str]]]:
    """Per law id, ``(variable, query)`` for each scaling variable along which the compare page
    overlays the law with another predicting the same quantity, in the order of the law's inputs
    (the query opens the page on that axis with this law picked: a law page's way to Compare,
    where finding it meant knowing its output group and variable among 60 of each)."""
    by_id = {lv.id: lv for lvs in shared.values() for lv in lvs}
    keys = {lv_id: output_key(lv.law) for lv_id, lv in by_id.items()}
    out: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for variable, lvs in shared.items():
        peers = Counter(keys[lv.id] for lv in lvs)
        for lv in lvs:
            if peers[keys[lv.id]] >= 2:
                out[lv.id].append((variable, _compare_query(keys[lv.id], variable, lv.id)))
    for lv_id, links in out.items():
        law = by_id[lv_id].law
        order = [law.symbols[n].variable for n in law.input_symbols]
        links.sort(key=lambda link: order.index(link[0]) if link[0] in order else len(order))
    return out


def citation(paper: Paper) -> str:
    """How people cite a paper (``catalog.reference.paper_label``)."""
    from catalog.reference import paper_label

    return paper_label(paper)


def output_axis(law: Law) -> tuple[str, float]:
    """The unit of a law's output on the compare page's y axis and the factor into it: a count of
    parameters, tokens or FLOPs in its plain unit (``units.output_unit``: billions of parameters
    plot as parameters), any other output in its own unit."""
    unit = law.symbols[law.output_symbol].unit
    counted = units.output_unit(law.dependent_variable, unit)
    if counted:
        return counted
    # units a paper does not state ('not stated (cross-entropy)') share the unlabelled axis
    return ("" if vocab.unit_not_stated(unit) else unit, 1.0)


def output_key(law: Law) -> str:
    """What a law predicts, as the compare page groups laws: dependent variable and output unit
    (two laws share a y axis only when both agree; the page reads each law's key from its data)."""
    return f"{law.dependent_variable}|{output_axis(law)[0]}"


def frontier_outputs() -> dict[str, str]:
    """The compare page's output keys a compute-optimal split gives on the compute axis: key ->
    the split's quantity (N_opt, D_opt), as :data:`catalog.engine.frontier.DIRECT` pairs them."""
    from catalog.engine import frontier

    return {f"{variable}|{noun}": quantity for variable, (quantity, noun) in frontier.DIRECT.items()}


def compare_outputs(shared: dict[str, list[LawView]]) -> dict[str, dict]:
    """The output quantities the compare page offers, most laws first: label and law ids. Outputs
    without a stated unit come after those with one, whatever their count: their laws share an axis
    by name only (deviance, loss in units a paper does not give), so they make a poor first view."""
    groups: dict[str, list[LawView]] = defaultdict(list)
    seen: set[str] = set()  # law ids (a membership test on the lists compared whole records: quadratic)
    for lvs in shared.values():
        for lv in lvs:
            if lv.id not in seen:
                seen.add(lv.id)
                groups[output_key(lv.law)].append(lv)
    ranked = {key: len(lvs) for key, lvs in groups.items()}  # the order: by the laws predicting the quantity
    # on the compute axis a loss law in N and D also gives its split's N_opt and D_opt (derived),
    # drawn beside the laws that state N_opt(C) or D_opt(C) (direct), as catalog plot --x C draws them
    for lv in shared.get("compute", []):
        if lv.calculator.get("optimal"):
            for key in frontier_outputs():
                groups[key].append(lv)
    out = {}
    for key, lvs in sorted(groups.items(), key=lambda kv: (kv[0].endswith("|"), -ranked.get(kv[0], 0), kv[0])):
        dependent, unit = key.split("|", 1)
        out[key] = {"label": dependent.replace("_", " ") + (f" [{unit}]" if unit else ""),
                    "laws": [lv.id for lv in lvs]}
    return out


# ---------------------------------------------------------------- list filters and featured laws


def filter_choices(rows: Iterable[dict[str, Iterable[str]]]) -> dict[str, list[tuple[str, int]]]:
    """The choices of a page's table filter: each facet's values with how many rows carry them,
    most common first."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        for facet, values in row.items():
            counts[facet].update(set(values))
    return {facet: sorted(c.items(), key=lambda kv: (-kv[1], kv[0])) for facet, c in counts.items()}


def law_filters(laws: list[LawView]) -> dict[str, list[tuple[str, int]]]:
    """The Laws page's filter choices: the papers' modalities, categories and architectures, the
    laws' scaling and dependent variables."""
    return filter_choices({"modality": lv.paper.modalities, "category": lv.paper.categories,
                           "architecture": lv.paper.architectures,
                           "variable": lv.law.scaling_variables, "dependent": [lv.law.dependent_variable]}
                          for lv in laws)


def paper_filters(papers: list[Paper]) -> dict[str, list[tuple[str, int]]]:
    """The Papers page's filter choices: modalities, categories, architectures and years (newest first)."""
    choices = filter_choices({"modality": p.modalities, "category": p.categories, "architecture": p.architectures,
                              "year": [str(p.bibliography.year)]} for p in papers)
    choices["year"].sort(reverse=True)
    return choices


def featured_laws(papers: list[Paper], laws: list[LawView], count: int = 6) -> list[LawView]:
    """The calculators the home page offers: laws of the papers the other records refer to most
    (their corrections, replications and extensions name Chinchilla and Kaplan first), one per
    paper, each with published constants, evaluable in the browser and checked against a number
    printed in its source.
    Within a paper, the law other records name most, else its first (the main law is listed
    first)."""
    from catalog.publish import corrections

    named: Counter[str] = Counter()  # paper ids and paper/law ids, by records other than their own
    for declarer, _, relation in corrections.Index(papers).declared():
        paper_id, _, law_id = relation.target.partition("/")
        if paper_id != declarer:
            named[paper_id] += 1
            if law_id:
                named[relation.target] += 1
    offered: dict[str, list[LawView]] = defaultdict(list)
    for lv in laws:
        if lv.evaluable and lv.law.constant_sets and lv.checked:
            offered[lv.paper.id].append(lv)
    ranked = sorted(offered, key=lambda paper_id: (-named[paper_id], paper_id))[:count]
    # max keeps the first of equals: the record's main law unless another is named more
    return [max(offered[paper_id], key=lambda lv: named[lv.id]) for paper_id in ranked]


# ---------------------------------------------------------------- corrections


def attach_corrections(papers: list[Paper], laws: list[LawView]) -> dict[str, Corrections]:
    """Fill each law view's corrections (``catalog.publish.corrections.for_law``: both directions, with
    the prediction difference of comparable pairs) and return each paper's whole-paper links."""
    from catalog.publish import corrections

    index = corrections.Index(papers)
    for lv in laws:
        try:
            lv.corrections = corrections.for_law(index, lv.id)
        except Exception as exc:  # keep the page; say why the links are missing
            lv.corrections_error = f"{type(exc).__name__}: {exc}"
    out: dict[str, Corrections] = {}
    for p in papers:
        try:
            out[p.id] = corrections.for_paper(index, p.id)[0]
        except Exception as exc:
            out[p.id] = corrections.Corrections(p.id, None, p.bibliography.title, [])
            out[p.id].error = f"{type(exc).__name__}: {exc}"  # type: ignore[attr-defined]
    return out


def compare_conventions(shared: dict[str, list[LawView]]) -> dict:
    """What the compare page needs to say what ``catalog.engine.conventions.compare`` says for any
    two laws it overlays (both in one shared-variable group, predicting the same quantity in the
    same unit), with the inputs matched by normalized variable (the x axis and the held variables).

    Linear in the laws: the comparison depends only on a law's *convention key* (its stated
    conventions, and the names, variables and units of its output and matched inputs), so laws
    are grouped into classes by key, and each class is read once (:func:`class_reading`); the
    page composes a pair's differences and notes from the two readings (slc.js's
    conventionDifferences, a port of :func:`compare_pair`) with the wording of
    ``conventions.TEMPLATES``. The texts of each pair of classes were quadratic: 18 MB for one
    record of 400 laws each stating its own validation set. Returns ``{"labels", "templates",
    "classes", "readings"}``: ``classes[law id]`` is the index of its class's reading."""
    from catalog.engine import conventions

    classes: dict[str, int] = {}
    readings: list[dict] = []
    law_class: dict[str, int] = {}
    for group in shared.values():
        for lv in group:
            if lv.id not in law_class:
                reading = class_reading(lv)
                k = json.dumps(reading)
                if k not in classes:
                    classes[k] = len(readings)
                    readings.append(reading)
                law_class[lv.id] = classes[k]
    return {"labels": dict(conventions.LABELS), "templates": dict(conventions.TEMPLATES), "classes": law_class,
            "readings": readings}


def _matches(lv: LawView) -> dict[str, str]:
    """Variable -> the law's first input of that variable: the inputs the compare page matches."""
    out: dict[str, str] = {}
    for name in lv.law.input_symbols:
        var = lv.law.symbols[name].variable
        if var and var not in out:
            out[var] = name
    return out


def class_reading(lv: LawView) -> dict:
    """A law's convention class as the compare page reads it: ``conventions.reading`` of its stated
    conventions, with ``output`` ([variable, name, unit, normalized unit]) and ``inputs`` (the
    same for each matched input, in the order of their variables, as ``conventions.differences``
    pairs them): the whole of what :func:`compare_pair` reads of it, so its key too."""
    from catalog.engine import conventions

    law = lv.law
    out = law.symbols[law.output_symbol]
    return {**conventions.reading(conventions.stated(_ref(lv.paper, law))),
            "output": [out.variable, *conventions.unit_side(law.output_symbol, out.unit)],
            "inputs": [[var, *conventions.unit_side(name, law.symbols[name].unit)]
                       for var, name in sorted(_matches(lv).items())]}


def compare_pair(data: dict, a: str, b: str) -> tuple[list, list[str]]:
    """The differences and notes the compare page shows for laws ``a`` and ``b`` from
    :func:`compare_conventions`' ``data``: ``conventions.compose`` of their classes' readings, the
    outputs' units compared where they are one variable and the inputs' where they share one
    (``conventions.differences`` with the inputs matched by variable). slc.js's
    conventionDifferences is its port."""
    from catalog.engine import conventions

    ra, rb = (data["readings"][data["classes"][law]] for law in (a, b))
    units = [(ra["output"][1:], rb["output"][1:])] if ra["output"][0] == rb["output"][0] else []
    of_b = {var: side for var, *side in rb["inputs"]}
    units += [(side, of_b[var]) for var, *side in ra["inputs"] if var in of_b]
    return conventions.compose(ra, rb, a, b, units)


# ------------------------------------------------------------------------------------ predict

PREDICT_VARIABLES = ("model_parameters", "data", "compute")  # the Predict page's fields: N, D, C
PREDICT_FIELDS = dict(zip(PREDICT_VARIABLES, ("N", "D", "C")))


def predict_data(laws: list[LawView]) -> dict[str, dict]:
    """The laws the Predict page evaluates at one point of N, D and C (``catalog predict``'s
    rule, :func:`catalog.engine.predict.input_factors`): each input's variable and the factor from
    the law's unit to the base one, the default set with its fitted ranges, provenance and what
    tests its digits, and the output in a plain count where it counts parameters, tokens or FLOPs."""
    from catalog.engine import conventions, predict
    from catalog.publish import predictions

    out: dict[str, dict] = {}
    for lv in laws:
        law = lv.law
        default = provenance.default_set(law)
        if default is None or lv.js is None or not law.input_symbols:
            continue
        factors, why = predict.input_factors(law)
        if why or any(v not in PREDICT_VARIABLES for v, _ in factors.values()):
            continue
        unit, scale = output_axis(law)
        fits = {n: provenance.fitted_range(law, n) for n in factors}
        out[lv.id] = {
            "name": law.name, "url": html_path(lv.path), "dependent": law.dependent_variable,
            "dependentLabel": (law.dependent_variable or "not stated").replace("_", " "),
            "unit": unit or "not stated", "outputScale": scale,
            "inputs": [{"name": n, "variable": v, "factor": f,
                        "min": getattr(fits[n], "min", None), "max": getattr(fits[n], "max", None)}
                       for n, (v, f) in factors.items()],
            "set": default.id, "provenance": default.provenance, "params": default.values,
            # whom to cite and where the constants are printed (catalog predict's citation and locator)
            "citation": citation(lv.paper), "locator": default.locator,
            "checked": provenance.sets_checked(law)[default.id],
            # at a budget alone, the law's compute-optimal split of it (catalog predict's rows)
            "output": law.output_symbol, "optimal": optimal_inputs(law),
            # at N and D, a law of compute alone at C = kND where its record states k (catalog predict's rows)
            "perND": conventions.nd_multiple(law.conventions.compute)[0]
            if [v for v, _ in factors.values()] == ["compute"] else None,
            # which parameters its paper's N counts (non-embedding, total; None: not stated), the
            # 'N counts' column catalog predict adds where the rows at an N mix both
            "counts": conventions.counted_parameters(conventions.stated(_ref(lv.paper, law))),
            # the inputs that take a field's value under another name or unit, as catalog predict's
            # 'takes p = N (...)' line says (the unit where the value is converted, the meaning where renamed)
            "taken": {n: {"from": given, "unit": law.symbols[n].unit if factors[n][1] != 1.0 else None,
                          "meaning": predictions.short_meaning(law.symbols[n].meaning)
                          if n != given and law.symbols[n].meaning else None}
                      for n, given in predict.taken_names(factors, PREDICT_FIELDS).items()},
        }
    return out
