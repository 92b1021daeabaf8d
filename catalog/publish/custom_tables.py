"""Custom tables: chosen columns, the ``--where`` filters of :mod:`catalog.store.selection`, a sort and
a grouping, built into the same :class:`catalog.publish.tables.Table` the survey tables use. Formulas come
from sympy (``sympy.latex`` of ``formulas.parse``), optionally with a constant set substituted."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable, Literal, Sequence

from catalog import provenance, reference, textguard, vocab
from catalog.store import selection
from catalog.engine.ranges import format_magnitude as _magnitude
from catalog.publish.tables import _MISSING, Cell, Column, Row, Rule, Table, TableError

if TYPE_CHECKING:  # records are read as views (catalog.store.recordview) by the commands
    from catalog.schema import Law, Paper


@dataclass(frozen=True)
class Spec:
    """A custom-table column: header, level (paper or law), cell builder and sort key."""

    header: str
    level: Literal["paper", "law"]
    cell: Callable[["_Context"], Cell]
    sort: Callable[["_Context"], object] | None = None
    width: float | None = None
    about: str = ""


@dataclass
class _Context:
    paper: Paper
    law: Law | None
    law_index: int
    constants: str | None  # None: symbolic; "default": each law's default set; else a set id


def _words(name: str) -> str:
    return name.replace("_", " ").replace("-", " ")


def _join(values: Iterable[str], words: bool = False) -> str:
    return ", ".join(_words(v) if words else v for v in values)


def _range_text(r) -> str:
    if r is None:
        return ""
    if r.printed:
        return r.printed
    if r.min is None and r.max is None:
        return ""
    return f"{_magnitude(r.min)} - {_magnitude(r.max)}"


def _yn(value: bool | None) -> str:
    return "" if value is None else ("Y" if value else "N")


# A law's display lines (the formula, then each symbol it defines) as one line of LaTeX: the form
# column's cell, and what a law page's Copy LaTeX button copies
LATEX_LINES_JOINED = r", \quad "


def law_formula(law: Law, constants: str | None = None) -> Cell:
    """The law as a math cell, text and LaTeX, as the site prints it (:func:`catalog.publish.typeset.formula`,
    :func:`~catalog.publish.typeset.plain_text`): ``output = expression`` (implicit laws:
    ``expression = 0``), a fixed value where its symbol stands (10^{9}, 1e9: the formula reads
    alone, without the symbol table), the symbols the law defines (Clark et al.'s Ehat) after it,
    each with its definition: 'L = ...; Ehat = ...'. ``constants``: None keeps the parameters,
    ``"default"`` puts in the law's default constant set, any other value the set with that id (a
    law without such a set keeps its parameters): the record's digits (:func:`~catalog.publish.typeset.with_constants`)."""
    from catalog import formcache

    chosen = None
    if constants == "default":
        chosen = law.default_constants()
    elif constants:
        chosen = next((c for c in law.constant_sets if c.id == constants), None)
    text, latex = formcache.cached("cell", formcache.law_material(law, chosen), lambda: _printed_cell(law, chosen),
                                   (formcache.one_line, formcache.latex_math))
    return Cell(text, latex=latex)


def _printed_cell(law: Law, chosen) -> tuple[str, str]:
    """:func:`law_formula`'s text and LaTeX, printed by sympy."""
    from catalog.engine.errors import EngineError
    from catalog.publish import typeset

    try:
        return typeset.plain_text(law, chosen, constants=chosen is not None), LATEX_LINES_JOINED.join(
            typeset.display_lines(law, chosen, constants=chosen is not None))
    except EngineError as exc:  # a formula that does not parse: a stored record no load wrote
        from catalog.store.recordview import InvalidRecord

        raise InvalidRecord(f"the database's law {law.id!r}: {exc}") from None


def _expression_text(law: Law) -> str:
    """The expression as recorded, each definition it uses after it: 'a*Ehat**delta; Ehat = ...'."""
    from catalog import definitions

    return definitions.followed_by(law.expression, definitions.where_text(definitions.definitions(law)))


def _chosen_set(ctx: _Context):
    """The constant set a row shows: the default one, or the one asked for (None: the law has none)."""
    if ctx.law is None:
        return None
    return ctx.law.default_constants() if ctx.constants in (None, "default") else next(
        (c for c in ctx.law.constant_sets if c.id == ctx.constants), None)


def _constants_text(ctx: _Context) -> str:
    """The set's values with the digits the form column (and the site) print: the printed ones where
    recorded (1.7900), else the stored value's (0.5806877084495872, computed from released fits),
    never rounded to digits no source gives (0.580688) or stripped of printed zeros (1.79)."""
    from catalog.publish import typeset

    chosen = _chosen_set(ctx)
    return ", ".join(f"{k} = {typeset.plain_value(chosen.printed.get(k), v)}"
                     for k, v in chosen.values.items()) if chosen else ""


def _constants_source(ctx: _Context) -> str:
    """The row's constant set's provenance and locator (``paper, Appendix D.2, Eq. (10)``), as eval
    cites the set it uses; empty for a law without one."""
    chosen = _chosen_set(ctx)
    return provenance.source_of(chosen) if chosen else ""


def _fitted_ranges_text(ctx: _Context) -> str:
    """Each input's fitted range for the row's constant set (its own range where it records one),
    ``N 70M - 16B parameters; D 5B - 500B tokens``."""
    if ctx.law is None:
        return ""
    chosen = _chosen_set(ctx)
    parts = []
    for name in ctx.law.input_symbols:
        r = provenance.fitted_range(ctx.law, name, chosen.id if chosen else None)
        if provenance.has_span(r):
            unit = ctx.law.symbols[name].unit
            parts.append(f"{name} {_magnitude(r.min)} - {_magnitude(r.max)}" + (f" {unit}" if unit else ""))
    return "; ".join(parts)


def _survey_position(p: Paper, table: int = 6) -> int:
    return p.survey.order.get(f"table{table}", _MISSING) if p.survey else _MISSING


def _insight(p: Paper, field: str) -> str:
    """The paper's cell ``field`` in the survey's key-insight tables (2 to 5), verbatim; '' for
    a paper those tables do not print (no paper is in two of them)."""
    rows = p.survey.insights if p.survey else []
    return "; ".join(getattr(row, field) for row in rows)


COLUMNS: dict[str, Spec] = {
    "id": Spec("Id", "paper", lambda c: Cell(c.paper.id), lambda c: c.paper.id, about="record id"),
    "paper": Spec("Paper", "paper", lambda c: Cell(reference.paper_label(c.paper)), lambda c: reference.paper_label(c.paper).lower(),
                  0.13, "the survey's citation (else Surname et al. (year))"),
    "title": Spec("Title", "paper", lambda c: Cell(c.paper.bibliography.title), lambda c: c.paper.bibliography.title.lower(), 0.25),
    "authors": Spec("Authors", "paper", lambda c: Cell(", ".join(c.paper.bibliography.authors)), None, 0.25),
    "year": Spec("Year", "paper", lambda c: Cell(str(c.paper.bibliography.year)), lambda c: c.paper.bibliography.year),
    "venue": Spec("Venue", "paper", lambda c: Cell(reference.published_in(c.paper.bibliography) or ""), None, 0.2),
    # the key catalog bib writes the paper's entry under: \cite{KEY} with the same --where's bib file
    "bibkey": Spec("BibTeX key", "paper", lambda c: Cell(c.paper.bibliography.bibtex_key),
                   lambda c: c.paper.bibliography.bibtex_key, about="the key of the paper's entry in catalog bib"),
    "arxiv": Spec("arXiv", "paper", lambda c: Cell(c.paper.bibliography.arxiv or "",
                  link=f"https://arxiv.org/abs/{c.paper.bibliography.arxiv}" if c.paper.bibliography.arxiv else None)),
    "doi": Spec("DOI", "paper", lambda c: Cell(c.paper.bibliography.doi or "",
                link=f"https://doi.org/{c.paper.bibliography.doi}" if c.paper.bibliography.doi else None)),
    "url": Spec("URL", "paper", lambda c: Cell(c.paper.bibliography.url or "", link=c.paper.bibliography.url)),
    "category": Spec("Category", "paper", lambda c: Cell(_join(c.paper.categories, True)), None, 0.12),
    "modality": Spec("Modality", "paper", lambda c: Cell(_join(c.paper.modalities, True)), None, 0.1),
    "task": Spec("Task", "paper", lambda c: Cell(_join(c.paper.tasks, True)), None, 0.12),
    "architecture": Spec("Architecture", "paper", lambda c: Cell(_join(c.paper.architectures, True)), None, 0.14),
    "dataset": Spec("Datasets", "paper", lambda c: Cell(_join(c.paper.datasets)), None, 0.2),
    "model_range": Spec("Model range", "paper", lambda c: Cell(_range_text(c.paper.model_range)),
                        lambda c: (c.paper.model_range.max if c.paper.model_range and c.paper.model_range.max is not None else -1)),
    "data_range": Spec("Data range", "paper", lambda c: Cell(_range_text(c.paper.data_range)),
                       lambda c: (c.paper.data_range.max if c.paper.data_range and c.paper.data_range.max is not None else -1)),
    "training_code": Spec("Training code", "paper", lambda c: Cell(_yn(c.paper.reproducibility.training_code))),
    "analysis_code": Spec("Analysis code", "paper", lambda c: Cell(_yn(c.paper.reproducibility.analysis_code))),
    "repository": Spec("Repository", "paper", lambda c: Cell(c.paper.reproducibility.repository or "",
                       link=c.paper.reproducibility.repository), None, 0.2),
    "key_insights": Spec("Key insights", "paper", lambda c: Cell(_insight(c.paper, "key_insights")), None, 0.3,
                         "the survey's key insights (Tables 2 to 5), verbatim"),
    "applicability": Spec("Applicability", "paper", lambda c: Cell(_insight(c.paper, "applicability")), None, 0.2,
                          "the survey's applicability (Tables 2 to 5), verbatim"),
    "laws": Spec("Laws", "paper", lambda c: Cell(str(len(c.paper.laws))), lambda c: len(c.paper.laws)),
    "summary": Spec("Summary", "paper", lambda c: Cell(c.paper.summary or ""), None, 0.35),
    # PAPER/LAW, as every command names a law: a law's own id repeats across papers (parametric-loss)
    "law": Spec("Law", "law", lambda c: Cell(f"{c.paper.id}/{c.law.id}" if c.law else ""),
                lambda c: f"{c.paper.id}/{c.law.id}" if c.law else "", 0.14, "PAPER/LAW, as eval takes it"),
    "law_name": Spec("Law name", "law", lambda c: Cell(c.law.name if c.law else ""), None, 0.18),
    "dependent": Spec("Dependent variable", "law", lambda c: Cell(_words(c.law.dependent_variable) if c.law else ""),
                      lambda c: c.law.dependent_variable if c.law else "", 0.12),
    "variables": Spec("Scaling variables", "law", lambda c: Cell(_join(c.law.scaling_variables, True) if c.law else ""),
                      None, 0.16),
    # a ragged p-column in LaTeX: TeX breaks inline math after = and +, where an l-column ran
    # the longer formulas hundreds of points off the page
    "form": Spec("Functional form", "law", lambda c: law_formula(c.law, c.constants) if c.law else Cell(""),
                 None, 0.3, "the law from sympy (with --constants: a constant set substituted)"),
    "expression": Spec("Expression", "law", lambda c: Cell(_expression_text(c.law) if c.law else ""), None, 0.3,
                       "the law's sympy source"),
    "survey_form": Spec("Survey form", "law", lambda c: Cell(c.law.survey_latex or "", latex=c.law.survey_latex or None)
                        if c.law else Cell(""), None, 0.3, "the survey's printed LaTeX, verbatim"),
    "constants": Spec("Constants", "law", lambda c: Cell(_constants_text(c)), None, 0.25,
                      "the default (or chosen) constant set's values, in their recorded digits"),
    # where the row's constants are printed (paper, Appendix D.2, Eq. (10)): a table of values cites them
    "constants_source": Spec("Constants from", "law", lambda c: Cell(_constants_source(c)), None, 0.16,
                             "the default (or chosen) constant set's provenance and locator"),
    "fitted_ranges": Spec("Fitted ranges", "law", lambda c: Cell(_fitted_ranges_text(c)), None, 0.2,
                          "each input's fitted range for the default (or chosen) constant set"),
    "equation": Spec("Survey Eq.", "law", lambda c: Cell(str(c.law.survey_equation) if c.law and c.law.survey_equation else ""),
                     lambda c: (c.law.survey_equation or _MISSING) if c.law else _MISSING),
}
GROUPS = ("category", "modality", "task", "architecture", "year", "dependent", "paper")
DEFAULT_COLUMNS = ("paper", "dependent", "variables", "form")


def _group_values(ctx: _Context, key: str) -> list[str]:
    if key in ("category", "modality", "task", "architecture"):
        values = getattr(ctx.paper, {"category": "categories", "modality": "modalities", "task": "tasks",
                                     "architecture": "architectures"}[key])
        return list(values) or ["(none)"]
    if key == "year":
        return [str(ctx.paper.bibliography.year)]
    if key == "dependent":
        return [ctx.law.dependent_variable] if ctx.law else ["(no law)"]
    return [reference.paper_label(ctx.paper)]


def _group_order(key: str) -> Callable[[str], object]:
    kind = {"category": vocab.CATEGORIES, "modality": vocab.MODALITIES, "task": vocab.TASKS,
            "architecture": vocab.ARCHITECTURES, "dependent": vocab.VARIABLES}.get(key)
    if kind is not None:
        order = {name: i for i, name in enumerate(kind)}
        return lambda v: (order.get(v, len(order)), v)
    return lambda v: v


def _group_label(key: str, value: str) -> str:
    if key in ("paper", "year") or value.startswith("("):
        return value
    words = _words(value)
    return words[:1].upper() + words[1:]


def custom_table(source, columns: Sequence[str] | str | None = None, where=None, sort: Sequence[str] | str | None = None,
                 group_by: str | None = None, constants: str | None = None, caption: str = "",
                 ids: Iterable[str] | None = None) -> Table:
    """A table of chosen ``columns`` (see :data:`COLUMNS`) over the papers matching ``where``.

    One row per paper, or one row per law when a law column is chosen (a paper without laws
    then has no row, but for a survey table's, ``survey=table5``: a row with empty law cells). ``sort``: column keys, ``-key`` for descending (default: the survey's
    order, then year). ``group_by``: a facet, year, dependent or paper; the group becomes the
    first column, shown on the first row of each group, with a rule between groups (a paper with two
    modalities appears under both). ``constants``: substitute constant sets into the formulas.
    """
    # the caption is one line in every format: LaTeX writes it after a '%' too, where a line break
    # would start a line of live TeX (\\input{...}), and a terminal would run an escape sequence
    if caption != textguard.escaped(caption):
        raise TableError(f"--caption: '{textguard.escaped(caption)}' holds a line break, a control, invisible or "
                         "bidirectional character; a caption is one line of text")
    columns = _split(columns) or list(DEFAULT_COLUMNS)
    unknown = [c for c in columns if c not in COLUMNS]
    if unknown:
        raise TableError(f"unknown column {textguard.quoted(unknown[0])}{vocab.did_you_mean(unknown[0], COLUMNS, n=3)} "
                         f"(columns: {', '.join(COLUMNS)})")
    sort_keys = _split(sort)
    for key in sort_keys:
        if key.lstrip("-") not in COLUMNS:
            raise TableError(f"cannot sort by {key!r}{vocab.did_you_mean(key.lstrip('-'), COLUMNS, n=3)} "
                             f"(columns: {', '.join(COLUMNS)})")
    if group_by is not None and group_by not in GROUPS:
        raise TableError(f"cannot group by {group_by!r}{vocab.did_you_mean(group_by, GROUPS, n=3)} "
                         f"(choose one of: {', '.join(GROUPS)})")
    chosen = selection.select(source, where, ids=ids)
    papers = selection.papers_from(source, chosen.paper_ids)
    if constants not in (None, "default"):
        known = {cs.id for pid in chosen.paper_ids for law in papers[pid].laws for cs in law.constant_sets}
        if constants not in known:
            raise TableError(f"no selected law has a constant set {constants!r}"
                             + (f"; sets: {', '.join(sorted(known))}" if known else ""))
    per_law = any(COLUMNS[c].level == "law" for c in columns) or group_by == "dependent"
    contexts: list[_Context] = []
    for pid in chosen.paper_ids:
        paper = papers[pid]
        if per_law:
            for i, law in enumerate(paper.laws):
                if chosen.keeps_law(f"{paper.id}/{law.id}"):
                    contexts.append(_Context(paper, law, i, constants))
            if not paper.laws and "survey_table" in chosen.filters:  # a survey table's row stays, its law cells empty
                contexts.append(_Context(paper, None, 0, constants))
        else:
            contexts.append(_Context(paper, None, 0, constants))
    table = chosen.filters.get("survey_table", 6)  # survey=table5: that table's row order
    contexts.sort(key=lambda c: (_survey_position(c.paper, table), c.paper.bibliography.year, c.paper.id, c.law_index))
    for key in reversed(sort_keys):  # stable sorts: the first key decides last
        name = key.lstrip("-")
        spec = COLUMNS[name]
        getter = spec.sort or (lambda c, spec=spec: spec.cell(c).text.lower())
        contexts.sort(key=getter, reverse=key.startswith("-"))
    table_columns = [Column(k, COLUMNS[k].header, COLUMNS[k].width) for k in columns]
    rows: list[Row] = []
    if group_by is None:
        rows = [_custom_row(c, columns) for c in contexts]
    else:
        table_columns.insert(0, Column(f"group:{group_by}", COLUMNS[group_by].header if group_by in COLUMNS else "Group"))
        buckets: dict[str, list[_Context]] = {}
        for c in contexts:
            for value in _group_values(c, group_by):
                buckets.setdefault(value, []).append(c)
        for g, value in enumerate(sorted(buckets, key=_group_order(group_by))):
            for i, c in enumerate(buckets[value]):
                row = _custom_row(c, columns)
                row.cells.insert(0, Cell(_group_label(group_by, value) if i == 0 else ""))
                row.group = value
                row.rule = Rule("group") if i == 0 and g > 0 else None
                rows.append(row)
    return Table(table_columns, rows, caption)


def _custom_row(ctx: _Context, columns: Sequence[str]) -> Row:
    cells = [COLUMNS[k].cell(ctx) for k in columns]
    law_id = f"{ctx.paper.id}/{ctx.law.id}" if ctx.law else None
    return Row(cells, paper_id=ctx.paper.id, law_id=law_id)


def _split(value: Sequence[str] | str | None) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    return [part.strip() for item in value for part in item.split(",") if part.strip()]
