"""The record schema: the one source of truth for a paper file ``data/papers/<id>.yaml``.

Everything else (the JSON Schema for editors, the database tables, the survey tables, the
site) is derived from these models. Survey text is kept verbatim in ``survey`` fields next
to the normalized values used for querying.
"""

from __future__ import annotations

import math
import re
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from catalog import definitions, provenance, reference, textguard, vocab

SCHEMA_VERSION = 1

# Numbers in YAML are floats or ints; the loader resolves `1e7` as a float on purpose
# (YAML 1.1 would give a string). Strings are never coerced into numbers.
# Integers fit in 64 bits (the database's INTEGER) and floats are finite: a 5000-digit integer
# or `.inf` would pass here and break evaluation, the database or an output later.
_INT64 = 2**63 - 1


def _bounded_number(value):
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > _INT64:
        raise ValueError(f"integer with {len(str(abs(value)))} digits does not fit in 64 bits; "
                         "write large numbers as floats, e.g. 1e20")
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"{value} is not allowed; numbers must be finite")
    return value


Number = Annotated[StrictFloat | StrictInt, BeforeValidator(_bounded_number)]


def _no_control_characters(value: str) -> str:
    reason = textguard.record_text_reason(value)
    if reason:
        raise ValueError(reason)
    return value


def _not_blank(value: str) -> str:
    # a required text of spaces alone says nothing: a primary set's locator '   ' passed as the place its
    # values are printed, and catalog cite wrote \cite[   ]{key}
    if not value.strip():
        raise ValueError("is blank (spaces alone): write the text, or leave the field out where it is optional")
    return value


def _one_line(value: str) -> str:
    reason = textguard.line_break_reason(value)
    if reason:
        raise ValueError(reason)
    return value


def _no_tex(value: str) -> str:
    reason = textguard.tex_command_reason(value)
    if reason:
        raise ValueError(reason)
    return value


def _latex_math(value: str) -> str:
    reason = textguard.latex_reason(value)
    if reason:
        raise ValueError(reason)
    return value


# Every text field of a record is Text: control characters other than newline and tab are
# refused in one place, so no output has to trust them away (see catalog/textguard.py).
_printable = AfterValidator(_no_control_characters)
Text = Annotated[str, _printable]
Slug = Annotated[str, StringConstraints(pattern=f"^{reference.SLUG}$", max_length=80)]
# Windows creates no file or directory named after a device, whatever its extension: a paper or law
# so named could not be checked out there (data/papers/aux.yaml) or built into pages (laws/x/nul.html).
_WINDOWS_DEVICES = frozenset(["con", "prn", "aux", "nul", *(f"{port}{i}" for port in ("com", "lpt") for i in range(10))])


def _no_device_name(value: str) -> str:
    if value in _WINDOWS_DEVICES:
        raise ValueError(f"'{value}' names a device on Windows (con, prn, aux, nul, com0-com9, lpt0-lpt9), where "
                         "its file and pages cannot be written; choose another id")
    return value


FileSlug = Annotated[Slug, AfterValidator(_no_device_name)]  # an id that names files: the record's, its pages
NonEmpty = Annotated[str, StringConstraints(min_length=1, max_length=20000), _printable, AfterValidator(_not_blank)]
# titles, authors, names and labels: printed as one line of a table or a listing
Line = Annotated[NonEmpty, AfterValidator(_one_line)]
# An author's name and a dataset's are indexed keys of the database (paper_authors.name and
# paper_facets.value): PostgreSQL refuses an index row beyond 2,704 bytes, so a longer one failed
# every server load of a record that validated. The catalog's longest are 33 and 216 characters;
# at 4 UTF-8 bytes a character these fit beside the paper id.
AuthorName = Annotated[str, StringConstraints(min_length=1, max_length=200), _printable, AfterValidator(_one_line),
                       AfterValidator(_no_tex)]
# the bibliography's title, venue and publisher: plain text, no TeX commands (textguard.TEX_COMMAND)
BibText = Annotated[Line, AfterValidator(_no_tex)]
DatasetName = Annotated[str, StringConstraints(min_length=1, max_length=500), _printable, AfterValidator(_one_line)]
SymbolName = Annotated[str, StringConstraints(pattern=rf"^{textguard.SYMBOL_NAME.pattern}$",
                                              max_length=textguard.SYMBOL_NAME_LENGTH)]
Verbatim = Annotated[str, StringConstraints(max_length=20000), _printable]
Url = Annotated[str, StringConstraints(pattern=f"^{textguard.URL.pattern}$"), _printable]
# LaTeX written as it is into LaTeX output and rendered by KaTeX: math commands only.
LatexMath = Annotated[Verbatim, AfterValidator(_latex_math)]
# survey cells, meanings, locators, range texts, checklist entries: printed in one row or after a
# label on one line (catalog show, eval, checklist, the text tables), where a line break forges rows
Cell = Annotated[Verbatim, AfterValidator(_one_line)]


def _known(allowed: dict, kind: str):
    def check(value: str) -> str:
        if value not in allowed:
            try:
                hint = f"; did you mean {vocab.resolve(kind, value)!r}?"
            except vocab.UnknownValue as exc:
                hint = f"; did you mean one of: {', '.join(exc.suggestions)}?" if exc.suggestions else ""
            raise ValueError(f"unknown {kind} {value!r}{hint} ('catalog vocab {kind}' lists them all)")
        return value

    return AfterValidator(check)


Variable = Annotated[str, _known(vocab.VARIABLES, "variable")]
Category = Annotated[str, _known(vocab.CATEGORIES, "category")]
Modality = Annotated[str, _known(vocab.MODALITIES, "modality")]
Task = Annotated[str, _known(vocab.TASKS, "task")]
Architecture = Annotated[str, _known(vocab.ARCHITECTURES, "architecture")]


# How a paper was presented: not part of the venue a citation prints (notes can say it)
_PRESENTATION = re.compile(r"\b(spotlight|oral|poster)\b", re.I)

# Volume or pages written into a venue: 'pp. 12', 'pages 12', 'PMLR 162', ', volume 7', '37(4)'
_EMBEDDED_CITATION = re.compile(r"\bpp\.\s*\d|\bpages\s+\d|\bPMLR\s+\d|, volume\s+\d|\d\(\d+\)")


def every_problem(title: str, messages: list[str]) -> ValidationError:
    """A model validator's problems as one error each (a ValueError reports only the first): each
    becomes its own ``path:line: field: message`` in ``catalog validate``."""
    return ValidationError.from_exception_data(title, [
        InitErrorDetails(type=PydanticCustomError("cross_field", "{message}", {"message": m}), loc=(), input=None)
        for m in messages])


class Strict(BaseModel):
    """Unknown fields are errors: a typo in a key must not silently drop data."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=False)


class Bibliography(Strict):
    title: BibText
    authors: list[AuthorName] = Field(min_length=1)
    year: StrictInt = Field(ge=1950, le=2100)
    venue: BibText | None = Field(default=None, description=(
        "The journal or proceedings, e.g. 'Proceedings of the 39th International Conference on Machine Learning "
        "(ICML 2022)'; its volume, number and pages go in their own fields."))
    volume: Annotated[str, StringConstraints(pattern=f"^{reference.ISSUE}$")] | None = None
    number: Annotated[str, StringConstraints(pattern=f"^{reference.ISSUE}$")] | None = None
    pages: Annotated[str, StringConstraints(pattern=f"^{reference.PAGES}$")] | None = Field(
        default=None, description="First and last page as printed, e.g. '4057-4086' (PMLR article numbers: '35:1-35:24').")
    publisher: BibText | None = Field(default=None, description="e.g. 'PMLR' (then volume is the PMLR volume), 'Springer'.")
    arxiv: Annotated[str, StringConstraints(pattern=f"^{reference.ARXIV}$")] | None = None
    doi: Annotated[str, StringConstraints(pattern=r"^10\.\d{4,9}/\S+$"), _printable] | None = None
    url: Url | None = None
    bibtex_key: Slug
    bibtex_type: Literal["article", "inproceedings", "misc", "techreport", "book", "phdthesis"] = "article"
    survey_citation: Line | None = Field(
        default=None, description="How the survey cites the paper, verbatim, e.g. 'Hoffmann et al. (2022)'."
    )

    @field_validator("venue")
    @classmethod
    def _venue_alone(cls, venue: str | None) -> str | None:
        # pages inside the venue end up inside BibTeX's booktitle, where no style can format them
        if venue is not None and _EMBEDDED_CITATION.search(venue):
            raise ValueError("write the volume, number and pages in bibliography.volume, .number and .pages "
                             "(and 'PMLR' in .publisher), not in the venue")
        if venue is not None and (shown := _PRESENTATION.search(venue)):
            raise ValueError(f"'{shown.group(0)}' says how the paper was presented, not where it is published: "
                             "write it in the notes, not in the venue")
        return venue

    @model_validator(mode="after")
    def _year_of_the_venue(self) -> "Bibliography":
        # a published paper is cited by its published version's year (BibTeX, labels like 'Nie et
        # al. (2025)'), not by its preprint's
        named = reference.VENUE_YEAR.search(self.venue or "") if self.bibtex_type in ("inproceedings", "article") else None
        if named and int(named.group(1)) != self.year:
            raise ValueError(f"year {self.year} differs from the venue's {named.group(0)}: a published paper is cited "
                             "by the year of its published version")
        return self

    @model_validator(mode="after")
    def _preprint_is_misc(self) -> "Bibliography":
        # BibTeX's @article requires a journal; an arXiv preprint is @misc with howpublished, as
        # the catalog's other preprints are (two records wrote @article{journal = {arXiv preprint}})
        if self.bibtex_type == "article" and (self.venue or "").strip().lower() == "arxiv preprint":
            raise ValueError("an arXiv preprint is bibtex_type misc (its venue goes into howpublished), not article")
        return self

    def issue_and_pages(self) -> str:
        return reference.issue_and_pages(self)

    def published_in(self) -> str | None:
        return reference.published_in(self)


def _backwards(low, high) -> str:
    # as the record writes them (1.0e9, not 1000000000.0), with what to do
    return f"min ({low:g}) is greater than max ({high:g}): swap them, or read both again in the source"


class Range(Strict):
    """A model or data range: the survey's printed text and the parsed numbers."""

    printed: Cell | None = Field(default=None, description="The survey's cell verbatim, e.g. '70M - 16B'.")
    min: Number | None = None
    max: Number | None = None
    unit: Literal[
        "parameters", "tokens", "images", "samples", "examples", "bytes", "steps", "frames", "interactions",
        "hours", "pairs", "sentences", "flops",
    ]
    note: Verbatim | None = None

    @model_validator(mode="after")
    def _ordered(self) -> "Range":
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(_backwards(self.min, self.max))
        if self.min is not None and self.min < 0:
            raise ValueError("min must not be negative")
        return self


class Reproducibility(Strict):
    training_code: StrictBool | None = None
    analysis_code: StrictBool | None = None
    repository: Url | None = None
    raw_data: Url | None = None
    raw_data_refittable: StrictBool | None = None
    note: Verbatim | None = None


class Table6Row(Strict):
    """Survey Table 6 cells verbatim (empty cells as empty strings). The printed row is
    ``" ".join([citation, category, task, architecture, datasets, model_range, data_range])``
    with empty cells skipped."""

    category: Cell = ""
    task: Cell = ""
    architecture: Cell = ""
    datasets: Cell = ""
    model_range: Cell = ""
    data_range: Cell = ""


class Table7Row(Strict):
    """Survey Table 7 cells verbatim. The seed text prints each formula cell as flattened math
    text immediately followed by its LaTeX source: ``form_text`` is that whole printed cell,
    ``form_latex`` the LaTeX part alone. The printed row is
    ``" ".join([citation, dependent_variable, scaling_variables, form_text])`` (empty cells
    skipped)."""

    dependent_variable: Cell = ""
    scaling_variables: Cell = ""
    form_text: Cell = ""
    form_latex: LatexMath = ""


class Table8Row(Strict):
    """The printed row is ``" ".join([citation, training_code, analysis_code, link])``."""

    training_code: Literal["Y", "N"]
    analysis_code: Literal["Y", "N"]
    link: Literal["Link", ""] = ""


class InsightRow(Strict):
    """Survey Tables 2 to 5: key insights and applicability, verbatim."""

    table: Literal[2, 3, 4, 5]
    modality: Cell | None = Field(default=None, description="Table 2 only: the modality group cell.")
    key_insights: Cell
    applicability: Cell


class SurveyCells(Strict):
    citation: Line = Field(description="The paper cell as printed, e.g. 'Kaplan et al. (2020)'.")
    table6: Table6Row | None = None
    table7: Table7Row | None = None
    table8: list[Table8Row] = Field(default_factory=list, description="A list: the survey prints one paper twice.")
    insights: list[InsightRow] = Field(default_factory=list)
    equations: list[StrictInt] = Field(default_factory=list, description="Appendix D equation numbers.")
    order: dict[Literal["table2", "table3", "table4", "table5", "table6", "table7", "table8"], StrictInt] = Field(
        default_factory=dict,
        description="Row position (0-based) in each survey table, to regenerate row order (table8: first occurrence; "
        "table2 to table5: the paper's row in that key-insights table).",
    )


class SymbolRange(Strict):
    min: Number | None = Field(default=None, description="The smallest value the default constant set was fitted "
                               "on, in the symbol's unit.")
    max: Number | None = Field(default=None, description="The largest value the default constant set was fitted on.")
    source: Cell | None = Field(
        default=None, description="Where the fitted range is stated: the text, a table of the runs or the authors' "
        "released data ('computed from' them where derived), never a figure's axis extent; without min and max, "
        "what was read where no source states it.")

    @model_validator(mode="after")
    def _ordered(self) -> "SymbolRange":
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(_backwards(self.min, self.max))
        # A fitted range without its source cannot be checked against the paper, and the range decides
        # every extrapolation warning; SetRange (below) asks the same of a set's own range.
        if (self.min is not None or self.max is not None) and not self.source:
            raise ValueError("a fitted range needs a source: where min and max are read (the table, text or "
                             "released file of the runs fitted), e.g. source: \"Table 1, models of 70M to 16B\"")
        return self


class SetRange(SymbolRange):
    """A constant set's own fitted range of an input, where the set was fitted on other data than
    the symbol's ``range`` describes (a second task, a sweep of smaller models)."""

    source: Line = Field(description="Where the range is read: the table, figure or released file of the "
                             "points this set was fitted to.")

    @model_validator(mode="before")
    @classmethod
    def _cited(cls, data):
        if isinstance(data, dict) and not data.get("source"):
            raise ValueError("a constant set's fitted range needs a source (the table, figure or released file "
                             "of the points the set was fitted to)")
        return data


def _catalog_spelling(unit: str) -> str:
    # predict groups laws by output unit and the compare page overlays one unit: one text per unit
    spelled = vocab.unit_spelling(unit)
    if spelled != unit:
        raise ValueError(f"write {spelled!r}, the catalog's spelling of this unit ('catalog vocab unit' lists them)")
    if problem := vocab.unstated_unit_problem(unit):
        raise ValueError(problem)
    return unit


# An input's or output's unit is what a user needs to evaluate the law (the calculator, eval and
# predict print it; predict groups laws by it), so those roles must state one.
UNIT_ROLES = ("input", "output")


class Symbol(Strict):
    model_config = ConfigDict(json_schema_extra={
        "if": {"properties": {"role": {"enum": list(UNIT_ROLES)}}, "required": ["role"]},
        "then": {"required": ["unit"]}})

    role: Literal["input", "parameter", "output", "fixed", "defined"] = Field(
        description="output: what the law predicts (one per law); input: a scaling variable; parameter: a fitted "
        "constant (its values in constant_sets); fixed: held at a value; defined: a quantity the paper names "
        "inside its law, with its definition in expression.")
    meaning: Line = Field(description="What the symbol is, in the paper's words, e.g. 'Non-embedding parameters'.")
    unit: Annotated[Cell, AfterValidator(_catalog_spelling)] | None = Field(
        default=None, description="Required for inputs and outputs: the unit as the paper states it or its "
        "definition implies ('nats/token', 'parameters', 'tokens', 'FLOPs', 'fraction', 'percent', 'dimensionless'); "
        "where the paper does not state it, 'not stated (what the quantity is)', e.g. 'not stated (cross-entropy)'. "
        "A unit the catalog spells one way is written that way ('nats/token', not 'nats per token': catalog vocab unit).")
    variable: Variable | None = Field(
        default=None, description="Normalized variable name for inputs/outputs (see catalog.vocab.VARIABLES)."
    )
    range: SymbolRange | None = Field(default=None, description="Fitted range of an input.")
    value: Number | None = Field(default=None, description="For role 'fixed': the value it is held at.")
    expression: NonEmpty | None = Field(
        default=None, description="For role 'defined': the quantity the paper names inside its law (Clark et al.'s "
        "saturating E-hat, an effective data size D'), in sympy syntax over the law's other symbols and earlier "
        "defined ones. The law's expression uses the name, as the paper prints it; evaluation substitutes it.")

    @model_validator(mode="after")
    def _role_fields(self) -> "Symbol":
        if self.role in UNIT_ROLES and self.unit is None:
            raise ValueError(f"an '{self.role}' symbol needs a unit: as the paper states it or its definition implies "
                             f"('nats/token', 'parameters', 'FLOPs', 'fraction'), or 'not stated (what it is)'")
        if self.role == "fixed" and self.value is None:
            raise ValueError("a 'fixed' symbol needs a value")
        if self.role != "fixed" and self.value is not None:
            raise ValueError("only a 'fixed' symbol has a value; fitted constants go in constant_sets")
        if self.role == "defined" and self.expression is None:
            raise ValueError("a 'defined' symbol needs an expression (what the paper defines it as)")
        if self.role != "defined" and self.expression is not None:
            raise ValueError("only a 'defined' symbol has an expression")
        if self.role == "defined" and self.range is not None:
            raise ValueError("a 'defined' symbol has no fitted range: give the ranges of the inputs it is made of")
        return self


class Interval(Strict):
    low: Number
    high: Number
    level: Number = Field(default=0.95, gt=0, le=1, description="The coverage, e.g. 0.95 (printed as 95%).")

    @model_validator(mode="after")
    def _ordered(self) -> "Interval":
        if self.low > self.high:
            raise ValueError(f"low ({self.low}) is greater than high ({self.high})")
        return self


# Provenance values and their order live in catalog.provenance (imported by the fast read path
# without pydantic); the schema takes them from there.
Provenance = Literal[provenance.PROVENANCES]
# A number as the source prints it ("0.3478", "1.8e-3"): its digits carry the precision.
PrintedNumber = Annotated[str, StringConstraints(pattern=rf"^{textguard.PRINTED_NUMBER.pattern}$",
                                                  max_length=textguard.PRINTED_NUMBER_LENGTH)]


class Refit(Strict):
    """The set's digits reproduced from the released runs they were fitted on: ``catalog fit`` (the
    catalog's fitter), with the authors' objective and selection of runs, gives them, and the named
    test of this repository holds it. A check of the constants against the data, beside the printed checks
    that test them against the paper."""

    data: NonEmpty = Field(description="The released runs: repository, path and commit (or URL), and the runs used.")
    test: Annotated[str, StringConstraints(
        pattern=r"^tests/test_fit_reproduction[a-z0-9_]*\.py::test_[A-Za-z0-9_]+$", max_length=200)] = Field(
        description="The test that refits them: 'tests/test_fit_reproduction_<paper>.py::test_<name>'.")
    agreement: NonEmpty = Field(description="How closely, and against what: 'to 1e-7 relative, the full-precision "
                                "values of the authors' fits file', 'within a quarter of the published standard errors'.")


class ConstantSet(Strict):
    id: Slug
    label: Line
    provenance: Provenance = Field(
        description="paper (the authors' paper), code (the authors' released code), replication (another paper's "
        "refit, read in that paper), own (a fit to your own runs, as catalog fit --save-yaml writes: no publication "
        "prints it, so it is not primary), secondary (a blog or survey transcription), survey (the seed survey), "
        "wikipedia (the Wikipedia article).")
    locator: Line | None = Field(
        default=None, description="Where in the source: 'Table 1', 'Eq. 10', 'p. 7', 'repo/path.py'. Required for "
        "paper, code and replication.")
    source: NonEmpty = Field(description="Where the values come from, in words: the publication and its table or "
                             "equation, or the seed line verbatim.")
    transcribes: Slug | None = Field(
        default=None, description="For a secondary set: the id of the primary set (same law) whose values it "
        "rounds or copies, e.g. 'besiroglu2024' for 'besiroglu2024-wikipedia'.")
    values: dict[SymbolName, Number] = Field(
        min_length=1, description="Every parameter of the law, exactly as the source prints it (6.4e13 for "
        "6.4 x 10^13), one value per parameter symbol.")
    printed: dict[SymbolName, PrintedNumber] = Field(
        default_factory=dict, description="The digits as the source prints them, where the stored value alone would "
        "lose them (trailing zeros) or to document the precision; each must equal its value.")
    stderr: dict[SymbolName, Number] = Field(
        default_factory=dict, description="Standard errors as printed, where the source prints them (an interval: "
        "intervals).")
    intervals: dict[SymbolName, Interval] = Field(default_factory=dict)
    ranges: dict[SymbolName, SetRange] = Field(
        default_factory=dict, description="The set's own fitted range of an input (min, max, source), where it "
        "differs from the symbol's range: a set fitted on other data (another task, other model sizes). It "
        "replaces the symbol's range for this set in extrapolation warnings, plots and the audit.")
    note: Verbatim | None = None
    refit: Refit | None = Field(
        default=None, description="Where catalog fit reproduces these digits from the released runs they were "
        "fitted on (the data, the test that holds it, how closely).")

    @model_validator(mode="after")
    def _provenance(self) -> "ConstantSet":
        problems = []
        if self.is_primary and not self.locator:
            problems.append(f"constant set {self.id!r} ({self.provenance}) needs a locator (table, equation, page or "
                            f"repository path): where the source prints the values, e.g. locator: Table 2")
        for name, text in self.printed.items():
            if name not in self.values:
                problems.append(f"constant set {self.id!r}: printed {name!r} has no value")
                continue
            value = self.values[name]
            if textguard.printed_differs(text, value):
                problems.append(f"constant set {self.id!r}: printed {name}={text} differs from its value {value!r}: "
                                "values and printed hold one number (printed its digits as printed); read it again "
                                "in the source and correct the mistyped one")
        if problems:
            raise every_problem("ConstantSet", problems)
        return self

    @property
    def is_primary(self) -> bool:
        return provenance.is_primary(self)


class CheckValue(Strict):
    """A number the law must reproduce; the test suite checks it. ``printed`` ones (a figure the
    paper prints) test the data; ``derived`` ones (arithmetic of the stored constants) only
    test the evaluator."""

    kind: Literal["value", "compute_optimal", "minimum", "maximum"] = Field(
        default="value",
        description="value: the law at inputs (or the input that gives an expected output); compute_optimal: the "
        "allocation under C = k*N*D; minimum / maximum: the one expected input at which the output is least / "
        "greatest, every other input given (and, optionally, the output there).")
    origin: Literal["printed", "derived"] = Field(
        description="printed: a number printed in the source (give its locator); derived: a self-check computed "
        "from the stored constants.")
    locator: Line | None = Field(default=None, description="For printed values: where the number is printed.")
    constant_set: Slug | None = Field(
        default=None, description="The constant set the check tests (the law's default set when absent).")
    inputs: dict[SymbolName, Number] = Field(
        description="The inputs the source evaluates at (for an inverse check, the output and every other input).")
    expected: dict[SymbolName, Number] = Field(
        min_length=1, description="The printed value: the output at the inputs, or the one input that gives the "
        "output (an inverse check).")
    rel_tol: Number = Field(
        default=1e-3, gt=0, le=1, description="The relative tolerance matching the printed precision (0.005 for a "
        "value printed to two digits), or the fit's largest residual with tolerance_basis fit_residual.")
    tolerance_basis: Literal["precision", "fit_residual"] = Field(
        default="precision",
        description="What rel_tol covers. precision: the printed digits (and the constants' rounding), so the "
        "check tests the stored values; fit_residual: the expected value is a measured point the law was fitted "
        "to or is said to fit, and rel_tol is the fit's largest residual over such points, a weak check (it "
        "confirms the constants are near the paper's fit, not their digits).")
    source: NonEmpty = Field(
        description="Where the number is printed, in words, quoting the sentence or naming the table row; for a "
        "derived value, that it was computed from the stored constants.")

    @model_validator(mode="after")
    def _origin(self) -> "CheckValue":
        if self.origin == "printed" and not self.locator:
            raise ValueError("a printed check value needs a locator (table, equation, figure, page)")
        if self.origin == "derived" and self.tolerance_basis == "fit_residual":
            raise ValueError("tolerance_basis fit_residual is for printed (measured) values; a derived check is "
                             "arithmetic of the stored constants")
        return self


class Erratum(Strict):
    kind: Literal["typo", "form_differs", "constant_differs", "range_differs", "citation", "other"]
    where: Line = Field(description="Which printed item, e.g. 'survey Table 7' or 'survey Eq. 9'.")
    printed: Verbatim | None = None
    correct: Verbatim | None = None
    note: NonEmpty
    source: Verbatim | None = None


class Fitting(Strict):
    """Fitting methodology, per the seed survey's Appendix A; 'not stated' is explicit."""

    method: Line = Field(default="not stated", description="How the constants were fitted, e.g. 'Huber loss "
                         "(delta 1e-3) minimized with L-BFGS'.")
    objective: Line = Field(default="not stated", description="The loss the fit minimizes, e.g. 'Huber loss on log "
                            "loss'.")
    initialization: Line = Field(default="not stated", description="The starting points, e.g. 'a grid of 1,500 "
                                 "initializations, best kept'.")
    runs_fitted: StrictInt | Literal["not stated"] = Field(
        default="not stated", description="The number of training runs fitted, as a number.")
    points_fitted: StrictInt | Literal["not stated"] = Field(
        default="not stated", description="The number of data points fitted (runs times points per run), as a number.")
    validation: Line = Field(default="not stated", description="How the fit was validated, e.g. 'held-out largest "
                             "models', 'bootstrap'.")
    source: Verbatim | None = Field(default=None, description="Where the paper describes the fit (section, "
                                    "appendix), or what was read where it does not.")


class Conventions(Strict):
    parameters: Literal["non-embedding", "total", "not stated", "not applicable"] = Field(
        default="not stated", description="Whether the parameter count N includes the embeddings.")
    compute: Line = Field(default="not stated", description="How compute is counted, as the paper writes it, e.g. "
                          "'C = 6ND' (catalog predict reads a fixed multiple of N D from it).")
    loss_unit: Literal["nats", "bits", "not stated", "not applicable"] = Field(
        default="not stated", description="The log base of the loss.")
    validation_set: Line = Field(default="not stated", description="The data the loss is measured on, e.g. "
                                 "'WebText2 test set'.")
    tokenizer: Line = Field(
        default="not stated",
        description="The tokenizer the law's tokens are counted in (a loss per token, a dataset or budget in "
        "tokens), as the paper states it: its name, then the vocabulary size as printed, then the locator in "
        "parentheses, e.g. 'GPT-2 BPE, 50,257 tokens (Section 2.1)'. A loss per token and a count of tokens depend "
        "on the tokenizer, so two laws with different tokenizers do not predict the same quantity. 'not applicable' "
        "for a law with no tokens (accuracy, a loss per pixel or per byte).")


class Relation(Strict):
    kind: Literal["corrects", "replicates", "supersedes", "extends", "contradicts"]
    target: Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_\-]*(/[a-z0-9][a-z0-9_\-]*)?$", max_length=160)] = Field(
        description="Paper id, or 'paper_id/law_id'.")
    note: NonEmpty


class Condition(Strict):
    """Where the law holds, as the paper states it: a relation over the law's inputs (and its
    fixed symbols and parameters). Evaluation refuses a point where it fails, and searches
    (compute-optimal splits, solving) stay where it holds."""

    expression: NonEmpty = Field(description="One relation (<=, <, >=, >) between two formulas in sympy syntax over "
                             "the law's symbols, e.g. 'U <= D'.")
    source: NonEmpty = Field(description="Where the paper states it: the definition or sentence and its locator "
                         "(Section 3, Eq. 5, repo/path).")


class Law(Strict):
    id: FileSlug
    name: Line
    dependent_variable: Variable = Field(description="Normalized dependent variable (see catalog.vocab.VARIABLES).")
    scaling_variables: list[Variable] = Field(default_factory=list)
    form: Literal["explicit", "implicit"] = "explicit"
    expression: NonEmpty = Field(
        description="sympy syntax. explicit: the output's value; implicit: an expression equal to zero."
    )
    symbols: dict[SymbolName, Symbol] = Field(min_length=1)
    constant_sets: list[ConstantSet] = Field(default_factory=list)
    default_constant_set: Slug | None = None
    no_constants_reason: Verbatim | None = Field(
        default=None, description="For a law without constant sets: why (the paper publishes none, only plots), "
        "naming what was looked at (tables, figures, appendix, repository).")
    reference_point: dict[SymbolName, Number] = Field(
        default_factory=dict, description="A typical point (inputs) at which to compare constant sets, e.g. "
        "Chinchilla's N=7e10, D=1.4e12; defaults to the first check value's inputs.")
    conditions: list[Condition] = Field(
        default_factory=list, description="Where the law is valid over its inputs, as the paper states it "
        "(the unique tokens U_D used are at most the tokens D trained on: 'U <= D'); a point outside is refused.")
    check_values: list[CheckValue] = Field(default_factory=list)
    no_printed_check_reason: Verbatim | None = Field(
        default=None, description="For a law with constants but no printed check value: what of the paper (and "
        "of the authors' code) was read, and why it prints no number the law should reproduce (only the fitted "
        "constants, plots, inequalities).")
    survey_latex: LatexMath | None = Field(default=None, description="The survey's printed LaTeX, verbatim.")
    survey_equation: StrictInt | None = None
    errata: list[Erratum] = Field(default_factory=list)
    fitting: Fitting = Field(default_factory=Fitting)
    conventions: Conventions = Field(default_factory=Conventions)
    relations: list[Relation] = Field(default_factory=list)
    note: Verbatim | None = None

    @model_validator(mode="after")
    def _consistent(self) -> "Law":
        outputs = [n for n, s in self.symbols.items() if s.role == "output"]
        if len(outputs) != 1:
            raise ValueError(f"a law declares exactly one output symbol, found {len(outputs)}")
        problems: list[str] = []  # every cross-field problem, each its own error (not only the first)
        parameters = {n for n, s in self.symbols.items() if s.role == "parameter"}
        inputs = {n for n, s in self.symbols.items() if s.role == "input"}
        seen: set[str] = set()
        for cs in self.constant_sets:
            if cs.id in seen:
                problems.append(f"duplicate constant set id {cs.id!r}")
            seen.add(cs.id)
            unknown = set(cs.values) - parameters
            if unknown:
                problems.append(f"constant set {cs.id!r} sets undeclared parameters: {', '.join(sorted(unknown))}")
            for extra in (cs.stderr, cs.intervals):
                if set(extra) - set(cs.values):
                    problems.append(f"constant set {cs.id!r} gives uncertainty for values it does not set")
        by_id = {cs.id: cs for cs in self.constant_sets}
        for cs in self.constant_sets:
            if cs.transcribes is not None and (cs.transcribes not in by_id or not by_id[cs.transcribes].is_primary
                                               or cs.is_primary):
                problems.append(f"constant set {cs.id!r} transcribes {cs.transcribes!r}, which must be a primary "
                                f"constant set of this law (and {cs.id!r} a secondary one)")
        if self.constant_sets and self.no_constants_reason:
            problems.append("no_constants_reason is only for a law without constant sets")
        if self.no_printed_check_reason and (not self.constant_sets
                                             or any(cv.origin == "printed" for cv in self.check_values)):
            problems.append("no_printed_check_reason is only for a law with constants and no printed check value")
        unknown_ref = set(self.reference_point) - inputs
        if unknown_ref:
            problems.append(f"reference_point sets non-inputs: {', '.join(sorted(unknown_ref))}")
        if self.default_constant_set is not None and self.default_constant_set not in seen:
            problems.append(f"default_constant_set {self.default_constant_set!r} is not a constant set id")
        for i, cv in enumerate(self.check_values):
            if cv.constant_set is not None and cv.constant_set not in seen:
                problems.append(f"check_values[{i}] names unknown constant set {cv.constant_set!r}")
            if cv.kind in ("minimum", "maximum"):
                # a defined symbol said as a forward check says it, then left out of the rest
                given, expected = self._defined_named(i, cv, problems)
                over = expected & inputs
                if len(over) != 1 or expected - over - {self.output_symbol}:
                    problems.append(f"check_values[{i}] ({cv.kind}) must expect exactly one input (where the output "
                                    f"is at its {cv.kind}), and optionally the output {self.output_symbol}")
                missing = inputs - over - given
                if missing or given - (inputs - over) - parameters:
                    problems.append(f"check_values[{i}] ({cv.kind}) must give every other input and nothing else"
                                    f"{': missing ' + ', '.join(sorted(missing)) if missing else ''}")
            if cv.kind == "value":
                # Forward: every input given, the output expected. Inverse: the output given with
                # every other input, the one remaining input expected (the test solves for it).
                wanted = set(cv.expected) & inputs
                if wanted and (len(wanted) != 1 or set(cv.expected) - wanted
                               or self.output_symbol not in cv.inputs or wanted & set(cv.inputs)):
                    problems.append(f"check_values[{i}] expects an input: it must expect exactly one input and give "
                                    f"the output {self.output_symbol} with every other input")
                given = inputs | ({self.output_symbol} if wanted else set())
                missing = (inputs - wanted - set(cv.inputs)) - parameters
                extra = set(cv.inputs) - given - parameters
                problems.extend(f"check_values[{i}] {self._not_settable(name)}" for name in sorted(extra)
                                if name in self.symbols)
                if extra - set(self.symbols):
                    problems.append(f"check_values[{i}] sets undeclared symbols: {sorted(extra - set(self.symbols))}")
                if missing:
                    problems.append(f"check_values[{i}] is missing inputs: {', '.join(sorted(missing))}")
        if problems:
            raise every_problem("Law", problems)
        return self

    def _defined_named(self, i: int, cv: "CheckValue", problems: list[str]) -> tuple[set[str], set[str]]:
        """An extremum check's inputs and expected names but its defined symbols, each of which is
        reported as a forward check's is (it said only 'must give every other input and nothing else')."""
        defined = {n for n, sym in self.symbols.items() if sym.role == "defined"}
        problems.extend(f"check_values[{i}] {self._not_settable(name)}" for name in sorted(defined & set(cv.inputs)))
        problems.extend(f"check_values[{i}] ({cv.kind}) expects the defined symbol {name!r}, "
                        f"{self._cannot_set(name, solving=True)}" for name in sorted(defined & set(cv.expected)))
        return set(cv.inputs) - defined, set(cv.expected) - defined

    def _not_settable(self, name: str) -> str:
        """Why a check value may not give this declared symbol (it said 'undeclared' of each)."""
        symbol = self.symbols[name]
        if symbol.role == "defined":  # made of inputs, not one
            return f"sets the defined symbol {name!r}, {self._cannot_set(name)}"
        if symbol.role == "fixed":
            return f"sets the fixed symbol {name!r}: its value ({symbol.value}) is part of the law; leave it out"
        return (f"gives the output {name!r} without expecting an input: a check gives every input and expects "
                f"{name}, or gives {name} with every other input and expects the remaining one")

    def _cannot_set(self, name: str, solving: bool = False) -> str:
        """'defined as ..., which cannot be set: give the inputs it is made of (U, R)', as the engine
        refuses it (evaluation._not_a; ``solving``: '... be solved for: ...', as solve does).
        Definitions in a cycle are reported on their own (records.py)."""
        text = f"defined as {self.symbols[name].expression}, which cannot be "
        try:
            return text + definitions.instead(self, name, solving=solving)
        except definitions.DefinitionError:
            return text + "set"

    def __repr__(self) -> str:
        """One line (the generated one printed the whole law: some 10,000 characters for Chinchilla's);
        ``str(law)`` is its YAML, every field set."""
        from catalog.frames import law_line

        return law_line(self, self.id)

    def __str__(self) -> str:
        from catalog.frames import as_yaml

        return as_yaml(self)

    def default_constants(self) -> ConstantSet | None:
        """The named default set, else the most primary one (first of equals)."""
        return provenance.default_set(self)

    def primary_constants(self) -> ConstantSet | None:
        """The most primary constant set, if any is primary (paper, code or replication)."""
        return provenance.primary_set(self)

    @property
    def output_symbol(self) -> str:
        return next(n for n, s in self.symbols.items() if s.role == "output")

    @property
    def input_symbols(self) -> list[str]:
        return [n for n, s in self.symbols.items() if s.role == "input"]

    @property
    def parameter_symbols(self) -> list[str]:
        return [n for n, s in self.symbols.items() if s.role == "parameter"]

    @property
    def expanded_expression(self) -> str:
        """The expression as evaluated: every defined symbol replaced by its definition
        (:mod:`catalog.definitions`); the expression itself when the law defines none."""
        return definitions.expanded(self)


class Paper(Strict):
    """One surveyed paper: the whole content of ``data/papers/<id>.yaml``."""

    schema_version: Literal[1] = 1
    id: FileSlug = Field(description="Equal to the file name without .yaml, e.g. 'hoffmann2022'.")
    bibliography: Bibliography
    nicknames: list[Annotated[str, StringConstraints(min_length=1, max_length=80), _printable,
                              AfterValidator(_one_line)]] = Field(
        default_factory=list,
        description="Names people use for the paper or its laws, as the paper or common usage gives them "
        "(e.g. 'Chinchilla' for hoffmann2022); search ranks a paper whose nickname matches first, and "
        "commands take a nickname for the id ('catalog show chinchilla'), so a nickname names one paper "
        "(case, spaces and hyphens ignored) and is no other paper's id.",
    )
    added: Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$")] | None = Field(
        default=None,
        description="When the record was added to the catalog (YYYY-MM-DD); the site's 'newest additions' use it "
        "(without it, the record file's first git commit date).",
    )
    summary: Verbatim | None = None
    sources: list[Literal["survey", "wikipedia", "paper", "other"]] = Field(
        min_length=1, description="Where the record's content was taken from."
    )
    survey: SurveyCells | None = Field(default=None, description="The survey's printed cells; null if not in the survey.")
    categories: list[Category] = Field(default_factory=list)
    modalities: list[Modality] = Field(default_factory=list)
    tasks: list[Task] = Field(default_factory=list)
    architectures: list[Architecture] = Field(default_factory=list)
    datasets: list[DatasetName] = Field(default_factory=list)
    model_range: Range | None = None
    data_range: Range | None = None
    reproducibility: Reproducibility = Field(default_factory=Reproducibility)
    laws: list[Law] = Field(default_factory=list)
    no_law_reason: Verbatim | None = Field(default=None, description="Why a record has no law (theory, criticism, ...).")
    errata: list[Erratum] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)
    notes: Verbatim | None = None

    def __repr__(self) -> str:
        """One line (the generated one printed the whole record: some 47,000 characters for
        hoffmann2022); ``str(paper)`` is the record as YAML, every field set (``print(paper)``),
        ``model_dump()`` the same as data."""
        from catalog.frames import listed

        bib = self.bibliography
        authors = bib.authors[0] + (" et al." if len(bib.authors) > 1 else "")
        laws = f"laws: {listed([law.id for law in self.laws])}" if self.laws else "no law"
        errata = f"; {len(self.errata)} {'erratum' if len(self.errata) == 1 else 'errata'}" if self.errata else ""
        return f"<paper {self.id}: {bib.title} ({authors}, {bib.year}); {laws}{errata}>"

    def __str__(self) -> str:
        from catalog.frames import as_yaml

        return as_yaml(self)

    @model_validator(mode="after")
    def _consistent(self) -> "Paper":
        ids = [law.id for law in self.laws]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate law ids: {', '.join(dupes)}")
        if not self.laws and not self.no_law_reason:
            raise ValueError("a record without laws must say why in no_law_reason")
        return self


def json_schema() -> dict:
    schema = Paper.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Scaling-Law Catalog paper record"
    return schema

