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

At a compute budget alone (``C=5.76e23``), each loss law in model size and tokens also gives its
compute-optimal split of that budget (``catalog optimal``): N_opt, D_opt, D_opt/N_opt and the loss there, as
rows beside the laws that predict those quantities from C directly (Kaplan's N_opt(C), a loss
law L(C)), each marked as derived from which law.

At model size and tokens (``N=70B D=1.4T``, no C), a law of compute alone takes part where its
record states how its paper counts compute as a multiple of N D (Chinchilla's ``C = 6ND``,
Kaplan's ``C_min = 6NBS_min`` in PF-days; :func:`catalog.engine.conventions.nd_multiple`): it
is evaluated at C = kND, in its own unit, the row marked with the relation; a law whose counting
is not stated, or is no fixed multiple of N D (``C = MD`` with attention FLOPs), is named as
skipped with the reason.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from catalog import provenance, reference, vocab
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
    conventions: dict[str, str]  # as recorded, as Evaluation.conventions (conventions.stated)
    unranged: list[str] = field(default_factory=list)  # inputs whose sources state no fitted span
    # how a row not printed by a law of this output is derived: the compute-optimal split of a
    # loss law L(N, D) along C = 6ND ("" for a law evaluated at the point)
    derived: str = ""
    # k where the row is a law of compute alone evaluated at C = kND from the N and D given
    per_nd: float | None = None
    # k where the row is a loss law's compute-optimal split of the budget along C = kND (predict --k)
    split_k: float | None = None
    # which parameters the N given stands for in this law (its paper's count: non-embedding or
    # total, conventions.counted_parameters), where the point gives N; None: not stated
    parameters_counted: str | None = None
    # the modalities of the law's paper: a loss in nats/token on speech or image tokens is no loss on
    # text, though it shares the quantity and unit that group the rows
    modalities: list[str] = field(default_factory=list)
    # the laws of the row's table (its quantity and unit) whose stated tokenizer differs from this
    # row's (conventions.tokenizer_difference): a loss per token of other tokens, not comparable
    tokenizer_differs: list[str] = field(default_factory=list)
    # whom to cite for the row and where its constants are printed (a table pasted into a paper
    # names both): the paper as people cite it (reference.paper_label), the set's locator
    citation: str = ""
    locator: str | None = None
    # the law's inputs that took a given value under another name or unit: symbol -> the name the
    # point gave it (Ni et al.'s U_D, unique tokens, took D; Kaplan's C_min in PF-days took C), so a
    # reader sees what each law was asked; {} where every input is the name given, in its unit
    taken: dict[str, str] = field(default_factory=dict)
    # the evaluation behind the row (None for a derived row), for the quantities its law defines
    evaluation: Any = field(default=None, repr=False, compare=False)

    @property
    def defined(self) -> dict[str, float]:
        """The quantities the law defines at the point (Evaluation.defined: an effective data size
        D'), {} for a law that defines none and for a derived row. Computed when asked (and then
        kept by the evaluation): a law read without its stored tree compiles its definitions with
        sympy, which a predict that never shows them need not import."""
        return {} if self.evaluation is None else self.evaluation.defined

    @property
    def tokenizer(self) -> str:
        """The tokenizer as recorded (``'not stated'`` where the paper is silent)."""
        return self.conventions.get("tokenizer", "not stated")

    @property
    def tokenizer_name(self) -> str:
        """The tokenizer as a table names it, without its locator (:func:`conventions.tokenizer_name`)."""
        return conventions.tokenizer_name(self.tokenizer)

    @property
    def conventions_text(self) -> str:
        """The conventions in one line, as eval prints them and predict's CSV gives them
        (``parameters total; compute C = 6ND; ...``); JSON gives it beside the object."""
        return conventions.line(self.conventions, self.unit)

    def as_dict(self) -> dict[str, Any]:
        """The row's fields (not the evaluation), "conventions_text" (predict's JSON gave the line
        as "conventions" before it gave the object there, as eval's JSON does), and "defined" where
        the law defines quantities."""
        out = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "evaluation"}
        out["conventions_text"] = self.conventions_text
        return {**out, "defined": self.defined} if self.defined else out


@dataclass
class Skipped:
    ref: str
    reason: str


@dataclass
class Spread:
    """How far the rows of one table (a quantity in one unit) lie apart: the question 'what do these
    laws predict, with what spread' read off one line rather than a column of values."""

    dependent: str
    unit: str
    rows: int
    low: float
    median: float
    high: float


@dataclass
class Predictions:
    at: dict[str, float]  # variable -> value in its base unit
    rows: list[Prediction] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    # the laws that take the point but record no published constants (nothing to evaluate): a
    # question such as 'which laws predict accuracy from loss' is answered by them too
    unfitted: list[str] = field(default_factory=list)
    # laws that take every given variable but need inputs of others too (Roberts et al.'s pass@k at
    # samples=16 alone): law -> the inputs not given, to give them or to evaluate the law itself
    incomplete: dict[str, list[str]] = field(default_factory=dict)
    # laws that study a given variable through their constant sets, one set per setting (Castro et
    # al.'s loss per training precision), not as an input, and take every other input given: law ->
    # those variables. A question such as 'which laws take precision bits' is answered by them too.
    by_sets: dict[str, list[str]] = field(default_factory=dict)
    # laws with constants that take only some of the given variables (Li et al.'s batch size in D at
    # N and D), which --partial evaluates: named so that a question about N and D misses none silently
    partial_only: list[str] = field(default_factory=list)
    # with ``inside`` (predict --inside): the rows left out, as 'law@set', because an input lies
    # beyond the set's fitted range, or because the range of an input is not stated (no range to cover it)
    outside: list[str] = field(default_factory=list)
    range_unknown: list[str] = field(default_factory=list)
    point_from: str = ""  # how N and D were read from a budget and D=200N (:func:`resolve`), else ''

    def keep_inside(self) -> None:
        """Keep the rows whose every input lies inside the constant set's stated fitted range ("every
        law whose fitted range covers N=7B, D=2T"); the others are named in ``outside`` and
        ``range_unknown``."""
        kept = []
        for r in self.rows:
            where = self.outside if r.beyond else self.range_unknown if r.unranged else None
            if where is None:
                kept.append(r)
            elif f"{r.ref}@{r.constant_set}" not in where:  # a split's four rows are one law and set
                where.append(f"{r.ref}@{r.constant_set}")
        self.rows = kept

    def to_dicts(self) -> list[dict[str, Any]]:
        """One dict per row, the law named as eval, sweep, solve, optimal and fit name it
        (:func:`catalog.frames.law_keys`; "law" as in this command's CSV and its skipped laws), and
        "defined" where the law defines quantities, as eval gives it."""
        from catalog.frames import law_keys

        return [{**law_keys(r.ref, r.name), **{k: v for k, v in r.as_dict().items() if k != "ref"}} for r in self.rows]

    def __repr__(self) -> str:
        """One line (the generated one printed every row: some 20,000 characters at N, D)."""
        from catalog.frames import listed

        at = ", ".join(f"{k}={v:g}" for k, v in self.at.items())
        return (f"<predictions at {at}: {len(self.rows)} rows ({listed([r.ref for r in self.rows], 3)}), "
                f"{len(self.skipped)} laws skipped>")

    def to_dataframe(self):
        """A pandas DataFrame of the predictions (needs pandas, which the catalog does not require)."""
        from catalog.frames import dataframe

        return dataframe(self.to_dicts())

    def spread(self) -> list[Spread]:
        """Per table of two or more rows (quantity and unit, as the terminal groups them), the lowest,
        median and highest value: each paper's own output on its conventions, compared within a unit."""
        groups: dict[tuple[str, str], list[float]] = {}
        for r in self.rows:
            groups.setdefault((r.dependent, r.unit), []).append(r.value)
        return [Spread(dependent, unit, len(values), min(values), _median(values), max(values))
                for (dependent, unit), values in groups.items() if len(values) > 1]

    def to_table(self, caption: str = ""):
        """The rows as a :class:`catalog.publish.tables.Table` to paste into a paper: ``.to_latex()``,
        ``.to_markdown()`` (``catalog predict --format latex|markdown``), each escaping record text."""
        from catalog.publish import predictions

        return predictions.table(self, caption)


def _median(values: list[float]) -> float:
    """numpy's median of the values (the mean of the middle two of an even count, NaN where one
    is NaN), without numpy.median, which imports numpy.ma: a tenth of predict's printing."""
    import statistics

    return math.nan if any(math.isnan(v) for v in values) else float(statistics.median(values))


def point(values: Mapping[str, Any], k: float | None = None) -> dict[str, float]:
    """``{'N': '70B', 'D': '1.4T'}`` -> ``{'model_parameters': 7e10, 'data': 1.4e12}``; data as a
    multiple of N (``D='200N'``, tokens per parameter) with N, or with a budget C, which it splits
    as C = 6ND, or C = kND with ``k`` (:func:`resolve`)."""
    return resolve(values, k)[0]


def resolve(values: Mapping[str, Any], k: float | None = None) -> tuple[dict[str, float], str]:
    """:func:`point`, and how N and D were read from a budget and a number of tokens per parameter
    ('' where they were given): ``{'C': '1e24', 'D': '200N'}`` -> N = 2.88675e10, D = 5.7735e12
    (C = 6ND, D = 200N: "trained at 10x Chinchilla's 20 tokens per parameter"), the budget then no
    longer part of the point (the laws of N and D answer, and those of C alone at C = 6ND); ``k``:
    FLOPs per parameter per token other than 6 (C = kND)."""
    if not values:  # no point: every law with constants was listed as 'needing' all its inputs
        raise engine.BadValue("predict takes a point: give at least one variable and its value (N=70B D=1.4T)")
    at: dict[str, float] = {}
    per_parameter = None  # D=200N: (name, text, 200)
    for name, raw in values.items():
        try:
            variable = vocab.resolve("variable", name)
        except vocab.UnknownValue as exc:
            raise engine.UnknownSymbol(str(exc)) from None
        if variable in at or (variable == "data" and per_parameter):
            raise engine.BadValue(f"{name} gives {variable} a second time")
        try:
            at[variable] = engine.as_number(name, raw)
        except engine.BadValue:
            found = _tokens_per_parameter(variable, raw)
            if found is None:
                raise
            per_parameter = (name, raw, found)
            continue
        if variable in units.BASE_UNITS and at[variable] < 0:
            # a count of parameters, tokens or FLOPs: every law refused it, each with its own
            # line (142 of them at C=-1), under '0 prediction(s)'
            raise engine.BadValue(f"{name}: {engine.fmt(at[variable])} is negative; {variable} counts "
                                  f"{units.BASE_UNITS[variable]}, 0 or more")
    if per_parameter is None:
        return at, ""
    name, raw, ratio = per_parameter
    if "model_parameters" in at:
        return {**at, "data": ratio * at["model_parameters"]}, ""
    if "compute" not in at:
        raise engine.BadValue(f"{name}={raw} is a number of tokens per parameter: give N (N=7B {name}={raw}) or a "
                              f"budget to split (C=1e24 {name}={raw}, as C = 6ND)")
    from catalog.engine import optimal

    k = optimal.flops_per_parameter_token(k)
    budget = at.pop("compute")
    n = math.sqrt(budget / (k * ratio))
    how = (f"N = {engine.fmt(n)}, D = {engine.fmt(ratio * n)} split the budget C = {engine.fmt(budget)} as "
           f"C = {engine.fmt(k)}ND at D = {engine.fmt(ratio)}N")
    return {"model_parameters": n, "data": ratio * n, **at}, how


def _tokens_per_parameter(variable: str, raw: Any) -> float | None:
    """The factor of data given as a multiple of model size (``'200N'``), else None."""
    if variable != "data" or not isinstance(raw, str):
        return None
    from catalog.engine import sweep

    found = sweep.proportion(raw)
    return found[1] if found and vocab.known("variable", found[0]) == "model_parameters" else None


def predict(targets: Iterable[Any], values: Mapping[str, Any], *, partial: bool = False,
            all_sets: bool = False, split_targets: Iterable[Any] | None = None,
            split_outputs: set[str] | None = None, inside: bool = False, k: Any = None) -> Predictions:
    """Evaluate each law of ``targets`` (LawRefs) that takes the variables of ``values``. At a
    budget alone, the loss laws of ``split_targets`` (default: ``targets``) give their
    compute-optimal split, kept where the quantity is in ``split_outputs`` (None: all); so a
    filter on the predicted quantity keeps Chinchilla's N_opt though the law predicts a loss
    (:func:`catalog.store.selection.split_scope`). ``inside``: only the rows whose inputs lie inside
    the set's stated fitted ranges (:meth:`Predictions.keep_inside`). ``k``: FLOPs per parameter
    per token of the budget's splits, C = kND (default 6; ``catalog predict --k``)."""
    targets = list(targets)
    from catalog.engine import optimal

    k = optimal.flops_per_parameter_token(k)
    try:
        at, how = resolve(values, k)
        result = Predictions(at, point_from=how)
    except engine.UnknownSymbol as exc:
        raise engine.UnknownSymbol(_symbol_hint(values, targets) or str(exc)) from None
    # a budget, alone or with the values of a loss law's other inputs (experts=8 for L(N, D, E))
    budget = result.at.get("compute")
    if budget is not None:
        others = set(result.at) - {"compute"}
        for target in (targets if split_targets is None else split_targets):
            split = split_inputs(target.law, others, k)
            if split is not None:
                _add_optimum(result, target, target.law, split, budget, all_sets, result.at)
        if split_outputs is not None:
            result.rows = [r for r in result.rows if r.dependent in split_outputs]
    names = {vocab.resolve("variable", name): name for name in values}  # point() resolved each: the user's names
    names.setdefault("model_parameters", "N")  # split from C with D=200N
    given_nd = {"model_parameters", "data"} <= set(result.at) and "compute" not in result.at and (
        partial or len(result.at) == 2)
    for target in targets:
        law = target.law
        if not law.input_symbols:
            continue
        variables = {n: law.symbols[n].variable for n in law.input_symbols}
        ref = f"{target.paper.id}/{law.id}"
        at, per_nd = result.at, None
        if given_nd and list(variables.values()) == ["compute"]:
            per_nd, why = conventions.nd_multiple(law.conventions.compute)
            if per_nd is None:
                result.skipped.append(Skipped(ref, f"a law of compute alone whose C is not read from N and D: {why}"))
                continue
            at = {"compute": per_nd * result.at["model_parameters"] * result.at["data"]}
        # a variable of the law that no input measures, set by set (several sets; not Muennighoff et
        # al.'s epochs, which are D over the unique tokens U)
        studied = [v for v in at if v in law.scaling_variables and v not in variables.values()]
        if studied and len(law.constant_sets) > 1 and all(v in at for v in variables.values()) \
                and len(set(variables.values())) == len(variables):
            result.by_sets[ref] = studied
        if any(v not in at for v in variables.values()):
            if set(at) <= set(variables.values()) and law.constant_sets:
                result.incomplete[ref] = [n for n, v in variables.items() if v not in at]
            continue
        if not partial and per_nd is None and set(variables.values()) != set(at):
            continue
        if not law.constant_sets:
            result.unfitted.append(ref)
            continue
        factors, why = input_factors(law)
        if why:
            result.skipped.append(Skipped(ref, why))
            continue
        inputs = {n: at[v] / factor for n, (v, factor) in factors.items()}
        taken = {} if per_nd is not None else taken_names(factors, names)
        sets = provenance.sets_default_first(law) if all_sets else [provenance.default_set(law)]
        facts = _law_facts(target, law)
        for cs in sets:
            try:
                evaluation = engine.evaluate(target, inputs, cs.id, with_notes=False)  # a row is its value
            except engine.EngineError as exc:
                result.skipped.append(Skipped(f"{ref}@{cs.id}", str(exc)))
                continue
            row = _row(ref, law, cs, facts, inputs, float(evaluation.value),
                       derived="" if per_nd is None else compute_relation(law.input_symbols[0], per_nd))
            row.evaluation, row.per_nd, row.taken = evaluation, per_nd, taken
            if "model_parameters" in result.at:  # the user's N is taken as each paper's own N: say whose
                row.parameters_counted = conventions.counted_parameters(row.conventions)
            result.rows.append(row)
    result.rows.sort(key=lambda r: (r.dependent, r.unit, r.value))
    evaluated = {r.ref for r in result.rows}  # with --partial such a law has its default set's row
    result.by_sets = {ref: v for ref, v in result.by_sets.items() if ref not in evaluated}
    if inside:
        result.keep_inside()
    flag_tokenizers(result.rows)
    return result


def taken_names(factors: Mapping[str, tuple[str, float]], names: Mapping[str, str]) -> dict[str, str]:
    """The law's inputs (``factors``: :func:`input_factors`) that take a given value under another
    name or unit, each with the name the point gave its variable (``names``: variable -> name):
    Ni et al.'s ``{"U_D": "D"}``, Kaplan's ``{"C_min": "C"}`` (PF-days). The Predict page says the
    same (catalog.site.views.predict_data)."""
    return {n: names[v] for n, (v, factor) in factors.items() if v in names and (factor != 1.0 or not _names(n, v, names[v]))}


def _names(symbol: str, variable: str, given: str) -> bool:
    """Whether the law's ``symbol`` says plainly which given value it takes: the name given, or
    itself a name of the variable (Chinchilla's N when 'model size' was given); Ni et al.'s U_D,
    the unique tokens, does not say it took D."""
    return symbol == given or vocab.known("variable", symbol) == variable


def flag_tokenizers(rows: list[Prediction]) -> None:
    """Set each row's ``tokenizer_differs``: the laws of its quantity and unit whose tokenizer
    differs from its own, where both state one."""
    groups: dict[tuple[str, str], list[Prediction]] = {}
    for r in rows:
        groups.setdefault((r.dependent, r.unit), []).append(r)
    for group in groups.values():
        stated = {r.tokenizer for r in group if conventions.tokenizer(r.tokenizer)}
        if len(stated) < 2:  # one text or none: nothing differs (the common case, read in one pass)
            continue
        # compared once per pair of texts, not of rows: a budget's N_opt group with every set
        # holds some 190 rows and 37 texts (36,000 comparisons against 1,400)
        texts = list(dict.fromkeys(r.tokenizer for r in group))
        differs = {}
        for a in texts:
            differing = {b for b in texts if conventions.tokenizer_difference(a, b)}
            differs[a] = list(dict.fromkeys(o.ref for o in group if o.tokenizer in differing))
        for r in group:
            r.tokenizer_differs = list(differs[r.tokenizer])


def _symbol_hint(values: Mapping[str, Any], targets: list) -> str:
    """For a name that is no scaling variable but a law's input symbol (Kumar's and Ouyang's P,
    the precision), which variable it measures in which laws, and the point to write instead:
    the vocabulary's error listed some 150 variables and not the one meant. "" when no law's
    input is so named."""
    for name, raw in values.items():
        if vocab.known("variable", name) is not None:
            continue
        meant: dict[str, list[str]] = {}
        for target in targets:
            symbol = target.law.symbols.get(name)
            if name in target.law.input_symbols and symbol.variable:
                meant.setdefault(symbol.variable, []).append(f"{target.paper.id}/{target.law.id}")
        if not meant:
            return ""
        from catalog.frames import listed

        ways = "; ".join(f"{variable} in {listed(refs, 3)}" for variable, refs in meant.items())
        return (f"unknown variable {name!r}: predict takes scaling variables, and {name} is a law's symbol for "
                f"{ways}; write {' or '.join(f'{variable}={raw}' for variable in meant)}")
    return ""


def compute_relation(symbol: str, k: float) -> str:
    """How a law of compute alone is evaluated at N and D: ``C = 6ND from N and D, as its paper
    counts compute``; the Predict page words it alike (slc.js)."""
    return f"{symbol} = {engine.fmt(k)}ND from N and D, as its paper counts compute"


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
                # 'D has a unit not stated (a number of tokens)': a scale the paper does not give is no factor
                where = f"is in {unit}" if conventions.normalized_unit(unit) else f"has a unit {unit or 'not stated'}"
                return {}, f"{name} {where}, not a multiple of {units.BASE_UNITS[variable]}"
            factors[name] = (variable, counted[1])
        elif variable == "epochs" and units.noun(unit or "epochs") != "epochs":
            # Muennighoff's R_D = epochs - 1: no multiple of epochs, and given epochs=4 it read 5 epochs
            how = f"{name} = epochs - 1" if units.noun(unit) == "repetitions" else "it"
            return {}, f"{name} counts {unit}, not epochs: give {how} with catalog eval"
        else:
            factors[name] = (variable, 1.0)
    return factors, None


# Outputs a compute-optimal allocation minimises (lower is better); an accuracy is not one.
MINIMISED = frozenset({"loss", "downstream_loss", "student_loss"})


def split_inputs(law, given: Collection[str] = (), k: float | None = None) -> dict | None:
    """``{"n": "N", "d": "D", "k": 6.0}`` for a law whose compute-optimal split of a
    budget C = 6ND is a question: a loss in model size and data (``optimal.pick_inputs``), taken
    in parameters and tokens so that C is in FLOPs, whose other inputs (none, or E for an MoE
    law) each measure one of the variables ``given`` besides the budget, every one of them used:
    ``fixed`` maps each such input to its (variable, factor), held there as ``catalog optimal LAW
    C=... E=8`` holds it. None for any other law. The law pages' calculators offer the split for
    the laws in N and D alone (catalog.site.views)."""
    from catalog.engine import optimal

    if law.dependent_variable not in MINIMISED or len(law.input_symbols) < 2 or not law.constant_sets:
        return None
    try:
        n, d = optimal.pick_inputs(law)
    except engine.EngineError:
        return None
    factors, _ = input_factors(law)  # data in tokens, units as multiples
    if factors.get(n) != ("model_parameters", 1.0) or factors.get(d) != ("data", 1.0):
        return None
    fixed = {s: factors.get(s) for s in law.input_symbols if s not in (n, d)}
    if any(f is None for f in fixed.values()) or {v for v, _ in fixed.values()} != set(given):
        return None
    # "fixed" only where there are such inputs: the site's calculators read the dict of a law in N and D
    return {"n": n, "d": d, "k": optimal.DEFAULT_K if k is None else k, **({"fixed": fixed} if fixed else {})}


def _add_optimum(result: Predictions, target, law, split: dict, budget: float, all_sets: bool,
                 given: Mapping[str, float]) -> None:
    """The compute-optimal split of ``budget`` by the loss law, per constant set: four rows
    (N_opt, D_opt, their ratio D_opt/N_opt and the loss there), as ``catalog optimal LAW
    C=budget`` gives them; the law's
    other inputs held at the values ``given`` (variable -> value in its base unit)."""
    from catalog.engine import optimal

    ref = f"{target.paper.id}/{law.id}"
    n, d, k = split["n"], split["d"], split["k"]
    fixed = {s: given[v] / factor for s, (v, factor) in split.get("fixed", {}).items()}
    sets = provenance.sets_default_first(law) if all_sets else [provenance.default_set(law)]
    facts = _law_facts(target, law)
    for cs in sets:
        try:
            at = _optimum_at(target, cs.id, split, budget, fixed)
        except engine.EngineError as exc:
            result.skipped.append(Skipped(f"{ref}@{cs.id}" if all_sets else ref, f"no compute-optimal split: {exc}"))
            continue
        split_at = {n: at[f"{n}_opt"], d: at[f"{d}_opt"], **fixed}
        how = f"compute-optimal split of {law.output_symbol}({n}, {d}) along C = {optimal.relation(k, n, d)}" + (
            f" at {', '.join(f'{s}={engine.fmt(v)}' for s, v in fixed.items())}" if fixed else "")
        # the loss there: the law's quantity and unit; its inputs beyond range, once for the four rows
        loss = _row(ref, law, cs, facts, split_at, float(at[f"{law.output_symbol}_opt"]), derived=how, counted=True)
        loss.output, loss.split_k = f"{law.output_symbol}_opt", k
        # the tokens per parameter the split recommends, D_opt/N_opt (as catalog optimal prints it):
        # the question at a budget is often the ratio, which the N_opt and D_opt rows left to arithmetic
        for output, variable, unit, value in (
                (f"{n}_opt", "optimal_model_parameters", "parameters", split_at[n]),
                (f"{d}_opt", "optimal_data", "tokens", split_at[d]),
                (f"{d}_opt/{n}_opt", "tokens_per_parameter", "tokens per parameter", split_at[d] / split_at[n])):
            result.rows.append(replace(loss, output=output, dependent=variable, unit=unit, value=float(value),
                                       inputs=dict(split_at), beyond=list(loss.beyond), unranged=list(loss.unranged),
                                       conventions=dict(loss.conventions), modalities=list(loss.modalities)))
        result.rows.append(loss)


def _optimum_at(target, set_id: str, split: dict, budget: float, fixed: Mapping[str, float] | None = None) -> dict:
    """N_opt, D_opt and the loss at ``budget``, as ``catalog optimal`` derives them over the budgets
    of the law's fitted ranges; where none of those has an interior optimum, the budget asked for
    is tried alone, so that the reason names it (it named the first budget checked, the product of
    the ranges' lower ends) or the optimum found there is given."""
    from catalog.engine import optimal

    n, d, k = split["n"], split["d"], split["k"]
    try:  # the power laws in C are not shown: not fitted
        return optimal.compute_optimal(target, set_id, k=k, n=n, d=d, fixed=fixed, fit=False).at(budget)
    except engine.NoSolution:
        return optimal.compute_optimal(target, set_id, k=k, n=n, d=d, fixed=fixed, budgets=(budget, budget)).at(budget)


def _law_facts(target, law) -> dict[str, Any]:
    """What each row of one law states alike, read once per law (per row, with every set, they
    were read some 780 times at a budget): what tests each set's digits
    (:func:`catalog.provenance.sets_checked`), the conventions, the paper's modalities and citation."""
    return {"checked": provenance.sets_checked(law), "conventions": conventions.stated(target),
            "modalities": list(target.paper.modalities), "citation": reference.paper_label(target.paper)}


def _row(ref: str, law, cs, facts: Mapping[str, Any], inputs: dict[str, float], value: float,
         derived: str = "", counted: bool = False) -> Prediction:
    """The row of a value in the law's output unit, put in a plain count where that counts
    parameters, tokens or FLOPs (``counted``: a split's N_opt and D_opt already are); ``facts``:
    the law's :func:`_law_facts`."""
    out = law.symbols[law.output_symbol]
    # the catalog's spelling: a table per quantity and unit groups 'nats per token' with 'nats/token'
    # (validation refuses the other spellings; a --db no load wrote may hold them); the units a paper
    # does not state share one table whatever quantity their parenthesis names
    unit = "not stated" if vocab.unit_not_stated(out.unit) else vocab.unit_spelling(out.unit)
    plain = units.output_unit(out.variable, out.unit)
    if plain is not None and not counted:  # N_opt in billions of parameters -> parameters
        unit, value = plain[0], value * plain[1]
    return Prediction(
        ref=ref, name=law.name, output=law.output_symbol, dependent=out.variable or "unstated", unit=unit, value=value,
        constant_set=cs.id, provenance=cs.provenance, checked=facts["checked"][cs.id], inputs=inputs,
        beyond=provenance.inputs_beyond(law, inputs, cs.id), conventions=dict(facts["conventions"]),
        unranged=[n for n in inputs if not provenance.has_span(provenance.fitted_range(law, n, cs.id))],
        derived=derived, modalities=list(facts["modalities"]), citation=facts["citation"], locator=cs.locator)
