"""Fit a catalogued functional form to your own runs.

Follows the practice the seed survey's Appendix A and the "(Mis)Fitting" survey recommend:
a robust objective (Huber, or MSE), L-BFGS-B from a grid of initialisations (restarts), the
residual taken in log space by default (as Hoffmann et al. do), and bootstrap intervals on the
fitted constants, with goodness-of-fit figures reported.

Fast enough to run on a laptop in seconds: the gradient is analytic (sympy differentiates the
formula once, numpy evaluates it), the whole grid of starts is screened in one vectorised pass,
and bootstrap fits start from the best fit.
"""

from __future__ import annotations

import csv
import itertools
import math
import re
from dataclasses import dataclass, field, fields
from pathlib import Path

import numpy as np

from catalog.engine.ranges import parse_magnitude
from catalog.textguard import clipped, quoted  # a runs file's names and cells, quoted to their first 80 characters
from catalog.schema import ConstantSet, Interval, Law


class FitError(ValueError):
    """Bad data or a law that cannot be fitted; the message says which."""


@dataclass
class FitResult:
    law_id: str
    values: dict[str, float]
    objective: str
    space: str
    points: int
    loss: float
    r2: float
    rmse: float
    restarts: int
    intervals: dict[str, tuple[float, float]] = field(default_factory=dict)
    stderr: dict[str, float] = field(default_factory=dict)
    bootstrap: int = 0
    level: float = 0.95
    fixed: dict[str, float] = field(default_factory=dict)  # parameters held at a value (also in values)
    weighted: bool = False  # each run's residual weighted (the objective is the weighted mean)
    # constants the runs do not determine: a sign opposite to the published one, a bootstrap
    # interval across zero or over two decades (catalog fit prints them as warnings)
    warnings: list[str] = field(default_factory=list)
    # the free constants whose linearised interval at the optimum contains zero, with their relative
    # standard errors: a badly determined fit (their bootstrap intervals show only part of the drift)
    unidentified: dict[str, float] = field(default_factory=dict)

    def constant_set(self, set_id: str, label: str, source: str, locator: str) -> ConstantSet:
        """The fit as a constant set: the law fitted to the user's own runs, so provenance 'own'
        ('replication' is another paper's published refit), located by ``locator`` (the runs file)."""
        held = (f"; held fixed: {', '.join(f'{k}={v:g}' for k, v in self.fixed.items())}" if self.fixed else "")
        return ConstantSet(
            id=set_id, label=label, provenance="own", locator=locator, source=source, values=dict(self.values),
            # one bootstrap resample gives no standard error (nan), which no record can hold
            stderr={k: v for k, v in self.stderr.items() if math.isfinite(v)},
            intervals={k: Interval(low=lo, high=hi, level=self.level) for k, (lo, hi) in self.intervals.items()},
            note=(f"Fitted with catalog fit: {self.objective}{' weighted' if self.weighted else ''} in {self.space} "
                  f"space, L-BFGS-B, {self.restarts} restarts, {self.points} points, R^2={self.r2:.4f}{held}; "
                  f"intervals from {self.bootstrap} bootstrap resamples."),
        )


    def compare_to(self, published, constant_set: str | None = None) -> Comparison:
        """The fitted constants beside published ones: ``published`` is a law (``cat.law(...)``,
        its default constant set or ``constant_set``), a constant set, or a mapping of name to
        value. One row per constant both give: fitted, published, their relative difference
        ``(fitted - published) / |published|`` and whether the published value lies in the fit's
        bootstrap interval (None without one, or for a constant the runs do not identify)."""
        values, set_id = _published(published, constant_set)
        unknown = [name for name in values if name not in self.values]
        if unknown and set_id is None:  # a mapping of the user's: a misspelt name is not silently left out
            raise FitError(f"{', '.join(unknown)}: not a fitted constant of {self.law_id} ({', '.join(self.values)})")
        from catalog.engine.checks import relative_difference

        rows = []
        for name, fitted in self.values.items():
            if name not in values:
                continue
            ref = float(values[name])
            ci = self.intervals.get(name)
            rows.append(ConstantComparison(
                name, fitted, ref, relative_difference(fitted, ref) if ref else float("nan"),
                None if ci is None or name in self.unidentified else bool(ci[0] <= ref <= ci[1]),
                name in self.fixed, name in self.unidentified))
        return Comparison(self.law_id, set_id, rows)


    def compare_to_sets(self, published) -> list[Comparison]:
        """:meth:`compare_to` with every constant set of the law ``published``, its default first
        (``catalog fit --all-sets``): the fitted constants beside the paper's, a replication's refit
        and each transcription, rather than the one set a fit lists."""
        from catalog.engine.evaluation import unpack
        from catalog.provenance import sets_default_first

        law, _, ref = unpack(published)
        if not law.constant_sets:
            raise FitError(f"{ref} has no published constants to compare with")
        return [self.compare_to(published, cs.id) for cs in sets_default_first(law)]


@dataclass(frozen=True)
class ConstantComparison:
    name: str
    fitted: float
    published: float
    relative_difference: float  # (fitted - published) / |published|; nan where published is 0
    # the published value in the fit's bootstrap interval; None: no interval, or a constant not identified
    within_interval: bool | None
    held: bool = False  # held fixed in the fit (--fix)
    unidentified: bool = False  # the runs do not identify it (FitResult.unidentified)


@dataclass
class Comparison:
    """:meth:`FitResult.compare_to`'s rows: ``rows``, ``to_dicts()``, ``to_dataframe()``."""

    law_id: str
    set_id: str | None  # the published constant set, None for plain values
    rows: list[ConstantComparison]

    def __iter__(self):
        return iter(self.rows)

    def to_dicts(self) -> list[dict]:
        from dataclasses import asdict

        return [asdict(r) for r in self.rows]

    def to_dataframe(self):
        """A pandas DataFrame of :meth:`to_dicts` (needs pandas)."""
        from catalog.frames import dataframe

        return dataframe(self.to_dicts(), [f.name for f in fields(ConstantComparison)])

    def __repr__(self) -> str:
        from catalog.frames import listed

        against = f" with {self.set_id}" if self.set_id else ""
        diffs = [f"{r.name} {percent(r.relative_difference)}" for r in self.rows]
        return f"<comparison of the fit of {self.law_id}{against}: relative differences {listed(diffs, 8) or 'none'}>"


def percent(fraction: float) -> str:
    """A relative difference as ``+7.53%``."""
    if not math.isfinite(fraction):
        return "n/a"
    from decimal import Decimal  # a fraction above 1.8e306 overflows to inf as a float percentage

    return f"{fraction * 100:+.3g}%" if abs(fraction) < 1e300 else f"{Decimal(fraction) * 100:+.3g}%"


def _published(published, constant_set: str | None) -> tuple[dict[str, float], str | None]:
    """The values and set id :meth:`FitResult.compare_to` compares with."""
    from collections.abc import Mapping

    if isinstance(published, Mapping):
        return dict(published), None
    if isinstance(published, ConstantSet) or (hasattr(published, "values") and hasattr(published, "provenance")):
        return dict(published.values), published.id
    from catalog.engine.evaluation import resolve_constants, unpack

    law, _, ref = unpack(published)
    if not law.constant_sets:
        raise FitError(f"{ref} has no published constants to compare with")
    chosen = resolve_constants(published, constant_set)
    return chosen.values, chosen.set_id


# Cell separators a runs file may use, in the order tried: spreadsheets in locales with a decimal
# comma save CSV with semicolons, and the site's fit box takes tab-separated text.
SEPARATORS = (",", "\t", ";")
# Columns a runs file may name: a law takes a few, a sheet of runs holds some more; a million
# columns is no sheet of runs (each named in the error, each looked up for a rename).
MAX_COLUMNS = 1000
# characters of one line of a runs file: a file without line ends (/dev/zero, gigabytes of one line)
# was read whole into memory before the csv module's field limit (131,072 characters) could refuse it
MAX_LINE = 16 * 2**20


def _separator(header: str) -> str:
    """The separator of a runs file: the first of :data:`SEPARATORS` its header line holds (a
    header of one column has none: a comma)."""
    return next((s for s in SEPARATORS if s in header), ",")


class RunsError(FitError):
    """Every cell of a runs file that cannot be read, each ``path:line: ...`` (all in one run, as
    ``catalog validate`` reports a record's errors: a sheet with three slips took three runs)."""

    def __init__(self, problems: list[str], more: int = 0):
        # errors, not lines: a line may hold several (two unreadable cells, a negative size)
        self.problems = [*problems, *([f"and {more:,} more error(s)"] if more else [])]
        super().__init__("\n".join(self.problems))


class Runs(dict):
    """The columns of a runs file (symbol -> values) and the line each run is on, so that a run
    the fit refuses (a negative size, a run outside the law's conditions) is named as the file's
    line to correct, ``runs.csv:5``, as a cell that is no number is."""

    def __init__(self, columns: dict[str, np.ndarray], path: Path, lines: list[int]):
        super().__init__(columns)
        self.path, self.lines = path, lines

    def where(self, index: int) -> str:
        return f"{self.path}:{self.lines[index]}"


def run_name(runs, index: int) -> str:
    """Where run ``index`` (0-based) is: its file and line for runs read from a file, else 'run 5'."""
    return runs.where(index) if isinstance(runs, Runs) else f"run {index + 1}"


SHOWN_PROBLEMS = 20  # the unreadable lines a RunsError names one by one


def read_runs(path: Path, law: Law | None = None) -> Runs:
    """A CSV with a header row naming the law's symbols (e.g. ``N,D,L``; cells separated by commas,
    tabs or semicolons, as the header line shows). A byte-order mark (spreadsheets write one) is
    read as such; every value must be a finite number: the cells that are not are a RunsError
    naming each one's line (the line in the file, blank lines counted), with, given the ``law``,
    each negative size of its inputs (as :func:`fit` refuses them: all in one run). A file that
    is not UTF-8 text, or that the csv module cannot read, is a FitError naming the file (and line)."""
    from catalog.engine.errors import DomainError
    from catalog.engine.evaluation import check_positive

    sizes = set(law.input_symbols) if law is not None else set()
    reader = None
    problems: list[str] = []
    more = 0

    def problem(text: str) -> None:
        nonlocal more
        if len(problems) < SHOWN_PROBLEMS:
            problems.append(text)
        else:
            more += 1

    try:
        with Path(path).open(newline="", encoding="utf-8-sig") as handle:
            separator = _separator(next(_lines(handle, path), ""))
            handle.seek(0)
            reader = csv.DictReader(_lines(handle, path), delimiter=separator)
            if not reader.fieldnames:
                raise FitError(f"{path}: empty CSV")
            if len(reader.fieldnames) > MAX_COLUMNS:
                raise FitError(f"{path}:1: the header names {len(reader.fieldnames):,} columns; a runs file holds at "
                               f"most {MAX_COLUMNS:,}")
            columns: dict[str, list[float]] = {column_name(name): [] for name in reader.fieldnames}
            if len(columns) < len(reader.fieldnames):  # one column's cells would be pooled, or one lost
                seen = [column_name(name) for name in reader.fieldnames]
                twice = next(name for name in seen if seen.count(name) > 1)
                raise FitError(f"{path}:1: the header names column {quoted(twice)} twice")
            lines: list[int] = []
            for row in reader:
                # the reader's line, not a count of rows: DictReader skips blank lines, and a
                # quoted cell may span lines (the count named the line above a blank one)
                line = reader.reader.line_num
                extra = row.pop(None, None)  # csv.DictReader's key for the cells past the header's last column
                if extra is not None:
                    problem(f"{path}:{line}: {len(reader.fieldnames) + len(extra)} cells, but the header "
                            f"names {len(reader.fieldnames)} columns")
                    continue
                if any(value is None for value in row.values()):  # the header's columns past the row's last cell
                    problem(f"{path}:{line}: {sum(v is not None for v in row.values())} cells, but the "
                            f"header names {len(reader.fieldnames)} columns")
                    continue
                numbers = {}
                for name, value in row.items():
                    if column_name(name) in sizes:
                        try:
                            check_positive(law, column_name(name), np.array([_cell_number(value)]))
                        except DomainError as exc:  # a ValueError too: caught first
                            problem(f"{path}:{line}: {exc}")
                        except (TypeError, ValueError):
                            pass  # named below, as not a number
                    try:
                        number = _cell_number(value)
                    except (TypeError, ValueError):
                        decimal_comma = re.fullmatch(r"\s*[-+]?\d+,\d+\s*", value or "")
                        hint = (f"a decimal comma: write {value.strip().replace(',', '.')}" if decimal_comma
                                else "write e.g. 70M, 1.4e12 or 0.34")
                        problem(f"{path}:{line}: column {quoted(name)}: not a number: {quoted(value)} ({hint})")
                        continue
                    if not math.isfinite(number):
                        problem(f"{path}:{line}: column {quoted(name)}: {quoted(value.strip())} is not a finite number")
                        continue
                    numbers[column_name(name)] = number
                if len(numbers) == len(columns) and not problems:
                    for name, number in numbers.items():
                        columns[name].append(number)
                    lines.append(line)
    except UnicodeDecodeError as exc:
        raise FitError(f"{path}: not UTF-8 text (a byte 0x{exc.object[exc.start]:02x}); save the CSV as UTF-8") from None
    except csv.Error as exc:
        raise FitError(f"{path}:{reader.reader.line_num if reader else 1}: not a CSV the fit can read: {exc}") from None
    if problems:
        raise RunsError(problems, more)
    return Runs({k: np.asarray(v, dtype=float) for k, v in columns.items()}, Path(path), lines)


def column_name(header: str) -> str:
    """The symbol a header cell names: ``N [parameters]``, as ``catalog sweep`` writes its CSV
    header, is column ``N`` (the unit in brackets is for the reader), so a sweep's file fits."""
    name = header.strip()
    # the '[...]' found from its '[' only: '\s*\[' was tried from every space of a long header
    unit = re.search(r"\[[^\[\]]*\]$", name)
    return name[:unit.start()].rstrip() if unit else name


def _lines(handle, path: Path):
    """The lines of an open runs file, each read to at most :data:`MAX_LINE` characters: a longer
    one is a FitError naming its line, not a read of the whole file into memory."""
    for number in itertools.count(1):
        line = handle.readline(MAX_LINE)
        if not line:
            return
        if len(line) == MAX_LINE and not line.endswith(("\n", "\r")):
            raise FitError(f"{path}:{number}: a line longer than {MAX_LINE:,} characters; a runs file is a CSV of "
                           "one run per line")
        yield line


def _cell_number(value: str) -> float:
    """A CSV cell as ``catalog eval`` reads a value: a plain float, or a count with a suffix
    (``70M``, ``1.4T``), as people write run sizes in their own sheets. ASCII digits only: float()
    reads '١٢٣' as 123, which the site's fit box refuses."""
    try:
        if not value.isascii():
            raise ValueError(value)
        return float(value)
    except ValueError:
        return parse_magnitude(value)


# Candidate starts screened per fit: the whole grid is evaluated in one vectorised pass and the
# best ``restarts`` of them are refined with L-BFGS-B.
MAX_CANDIDATES = 20_000
MAX_BOOTSTRAP = 100_000  # resamples, each a warm-started fit (the default is 200)
_SCREEN_CHUNK = 2_000_000  # candidate x point evaluations per numpy pass (bounded memory)
# L-BFGS-B tolerances: TIGHT for results (the objective is tiny and flat along the coefficient /
# exponent valleys, so anything looser stops early), ROUGH for the first descent of every start.
TIGHT = {"ftol": 1e-15, "gtol": 1e-12}
ROUGH = {"ftol": 1e-10, "gtol": 1e-8}
POLISHED = 4  # starts polished to TIGHT after the rough descent
MAX_ITER = 5000  # L-BFGS-B iterations of a descent
POLISH_RESTARTS = 20  # fresh L-BFGS-B descents from where the last stopped, at most
# A bootstrap resample starts at the full fit's optimum: where the runs determine the constants it
# converges within ~150 iterations (Besiroglu et al.'s 240 runs), but where the fit's curvature
# shows constants the runs do not identify it wanders along the flat valley for thousands (12 runs
# of one narrow span of D took 19 s instead of 4), so there, and only there, it stops at this many.
BOOTSTRAP_MAX_ITER = 500


def _initial_grid(law: Law, params: list[str], size: int, seed: int = 0, around: str | None = None) -> np.ndarray:
    """Candidate starting points, one row per start: around the law's published constants when it
    has some (x1/4 to x4; those of set ``around``, else the default set's), else a generic grid
    (exponents in (0, 1), coefficients over decades). At most :data:`MAX_CANDIDATES` (a random
    subset of a larger grid); ``size`` is only a floor."""
    default = law.default_constants()
    if around is not None:
        default = next((c for c in law.constant_sets if c.id == around), None)
        if default is None:
            raise FitError(f"no constant set {quoted(around)} to start from (sets: {', '.join(c.id for c in law.constant_sets)})")
    axes = []
    for name in params:
        if default is not None and name in default.values and default.values[name] != 0:
            v = float(default.values[name])
            axes.append([v * f for f in (0.25, 0.5, 1.0, 2.0, 4.0)])
        else:
            axes.append([0.1, 0.3, 0.5, 1.0, 3.0, 10.0, 100.0])
    total = math.prod(len(a) for a in axes)
    limit = max(MAX_CANDIDATES, size)
    if total <= limit:
        return np.array(list(itertools.product(*axes)), dtype=float).reshape(-1, len(params))
    rng = np.random.default_rng(seed)
    picks = np.stack([rng.integers(0, len(a), size=limit) for a in axes], axis=1)
    picks = np.unique(picks, axis=0)
    return np.stack([np.asarray(a)[picks[:, j]] for j, a in enumerate(axes)], axis=1)


@dataclass(frozen=True)
class _Model:
    """The law's prediction and its gradient in the parameters, both compiled once."""

    func: object  # func(*inputs, *parameters) -> prediction
    value_and_gradient: object  # (*inputs, *parameters) -> [prediction, d/dp1, d/dp2, ...]
    inputs: tuple[str, ...]
    parameters: tuple[str, ...]


_MODELS: dict[tuple, _Model] = {}


def _compile(law: Law) -> _Model:
    """The law's function and its analytic gradient, lambdified from its sympy form (sympy
    differentiates once, at compile time; fitting then calls numpy only). Not the engine's
    function: for a law read with its stored formula tree (``catalog.open()``'s) that walks the
    tree per call, which made a fit some 8 times slower than ``catalog fit``'s."""
    from catalog.engine import compiler

    if law.form != "explicit":
        raise FitError(f"law {law.id!r} is implicit; only explicit laws can be fitted")
    compiled = compiler.compile_law(law)
    key = (law.expanded_expression, compiled.inputs, compiled.parameters, str(compiled.expr))
    if key not in _MODELS:
        import sympy

        table = compiled.symbols
        args = [table[n] for n in (*compiled.inputs, *compiled.parameters)]
        parts = [compiled.expr, *(sympy.diff(compiled.expr, table[p]) for p in compiled.parameters)]
        both = compiler.lambdify(args, parts, cse=True, docstring_limit=0)
        func = compiler.lambdify(args, compiled.expr, cse=True, docstring_limit=0)
        _MODELS[key] = _Model(func, both, compiled.inputs, compiled.parameters)
    return _MODELS[key]


def _check_settings(delta: float, restarts: int, bootstrap: int) -> None:
    # delta <= 0 made a zero or negative Huber loss that the optimiser "minimised" into nonsense
    # reported as a successful fit; restarts < 1 refined no start at all.
    if not (math.isfinite(delta) and delta > 0):
        raise FitError(f"--delta (the Huber threshold) must be a positive number, got {delta:g}")
    if restarts < 1:
        raise FitError(f"--restarts must be at least 1, got {restarts}")
    # beyond these a fit ran until killed (a billion restarts drew a billion grid picks per parameter)
    if restarts > MAX_CANDIDATES:
        raise FitError(f"--restarts must be at most {MAX_CANDIDATES:,} (the candidate starts screened), got {restarts}")
    if bootstrap < 0 or bootstrap == 1:  # one resample gives an interval of zero width, not an interval
        raise FitError(f"--bootstrap must be 0 (none) or at least 2, got {bootstrap}")
    if bootstrap > MAX_BOOTSTRAP:
        raise FitError(f"--bootstrap must be at most {MAX_BOOTSTRAP:,}, got {bootstrap}")


def _held(fixed, params: list[str]) -> dict[str, float]:
    """``fixed`` as floats (numbers, or text as ``catalog eval`` reads it: ``1.69``, ``2B``), each a
    parameter of the law with a finite value."""
    from catalog.engine.evaluation import BadValue, as_number

    held = {}
    for name, value in (fixed or {}).items():
        if name not in params:
            raise FitError(f"cannot fix {name!r}: not a parameter of the law (parameters: {', '.join(params)})")
        try:
            held[name] = as_number(name, value)
        except BadValue as exc:
            raise FitError(f"cannot fix {exc}") from None
    return held


_UNIT_SUFFIX = re.compile(r"(\([^()]*\)|\[[^\[\]]*\])$")  # 'N (params)', 'D [tokens]'


def _without_unit(column: str) -> str | None:
    """The column's name before a unit written after it ('N (params)' -> 'N'), None when it has none.
    The unit is found from its bracket on the right-stripped name: a pattern with '\\s*' around it was
    tried from every space of a long header to its end."""
    name = column.rstrip()
    unit = _UNIT_SUFFIX.search(name)
    return name[:unit.start()].rstrip() if unit else None


def _renames(law: Law, runs, missing: list[str]) -> str:
    """' (rename params to N (Number of parameters; unit: parameters), ...)': the columns that name
    a missing symbol's variable (or the symbol in the other case), each the one column for its one
    symbol, with the symbol's meaning and unit so the mapping can be checked, not guessed; a unit
    written after the name ('N (params)', 'D [B]') is read past, and the values are then said to be
    wanted in plain units: a column in billions renamed N would be read as that many parameters."""
    from catalog.engine.evaluation import meant_symbols

    def meant(column: str) -> list[str]:
        return meant_symbols(law, column) or meant_symbols(law, _without_unit(column) or column)

    pairs = [(column, found[0]) for column in list(runs)[:MAX_COLUMNS]
             if len(found := meant(column)) == 1 and found[0] in missing]
    pairs = [(c, s) for c, s in pairs if [t for _, t in pairs].count(s) == 1]
    if not pairs:
        return ""
    plain = ("; every value in plain units: 70B or 7e10, not 70 in a column of billions"
             if any(_without_unit(c) is not None for c, _ in pairs) else "")
    return f" (rename {', '.join(f'{clipped(c)} to {s} ({_described(law.symbols[s])})' for c, s in pairs)}{plain})"


def _described(symbol) -> str:
    """'Number of model parameters; unit: parameters': what a rename hint maps a column to (the
    site's fit says the same, slc-fit.js described)."""
    return symbol.meaning + (f"; unit: {symbol.unit}" if symbol.unit else "")


def _defined_columns(law: Law, runs, ref: str) -> str:
    """'; 'N_T' is defined in REF as N_E + ... and cannot be set: give the inputs it is made of
    (N_E), as columns' for each column naming a quantity the law defines (pearce2024's total
    parameters, where the law takes the non-embedding ones): it computes them, runs cannot give them."""
    from catalog import definitions

    defs = definitions.definitions(law)
    defined = [c for c in runs if c in defs]
    return "".join(f"; {definitions.refusal(law, ref, c)}, as columns" for c in defined)


def _refuse_negative_sizes(law: Law, inputs: list[str], columns: list[np.ndarray], runs=None) -> None:
    """A negative size or count in the runs (a sign slipped into a column) is refused naming each
    such run (its file and line for runs read from a file: :func:`run_name`), as eval refuses it:
    the fit otherwise found no finite prediction at any start and said only 'check units and
    columns'."""
    from catalog.engine.errors import DomainError
    from catalog.engine.evaluation import check_positive

    problems = []
    for name, column in zip(inputs, columns):
        for index in np.flatnonzero(column < 0):
            try:
                check_positive(law, name, column[index:index + 1])
            except DomainError as exc:
                problems.append(f"{run_name(runs, int(index))}: {exc}")
    if problems:
        raise RunsError(problems[:SHOWN_PROBLEMS], len(problems) - len(problems[:SHOWN_PROBLEMS]))


def _outside_conditions(law: Law, inputs: list[str], columns: list[np.ndarray], params: dict[str, float],
                        runs=None) -> str:
    """'2 of 20 runs lie outside the law's conditions ...: run 3 (U <= D does not hold: U = 2e+10,
    D = 1e+10), ...', or '' when every run is inside. A law is not stated outside its conditions
    (muennighoff2023's U <= D: the unique tokens used are at most the tokens trained on), so such
    a run is most likely a mistake in the data (swapped columns), which dropping it would hide."""
    from catalog.engine import conditions

    failing = conditions.failing_points(law, dict(zip(inputs, columns)), params)
    if not failing:
        return ""
    shown = "; ".join(f"{run_name(runs, i)} ({message})" for i, message in failing[:SHOWN_RUNS])
    more = f"; and {len(failing) - SHOWN_RUNS} more" if len(failing) > SHOWN_RUNS else ""
    return (f"{len(failing)} of {len(columns[0])} runs lie outside the law's conditions "
            f"({conditions.stated(law)}), where it is not stated: {shown}{more}")


SHOWN_RUNS = 10  # the runs a condition message names one by one


def _weights_of(weights, n: int) -> np.ndarray:
    w = np.asarray(weights, dtype=float).ravel()
    if len(w) != n:
        raise FitError(f"{len(w)} weights for {n} runs")
    if not (np.all(np.isfinite(w)) and np.all(w >= 0) and w.sum() > 0):
        raise FitError("weights must be finite, none negative, and not all zero")
    return w


def fit(law: Law, runs: dict[str, np.ndarray], *, objective: str = "huber", delta: float = 1e-3,
        space: str = "log", restarts: int = 64, bootstrap: int = 200, level: float = 0.95,
        seed: int = 0, law_id: str | None = None, progress=None, fixed=None, weights=None,
        start: str | None = None) -> FitResult:
    """Fit ``law`` to ``runs``. A grid of candidate starts is screened in one vectorised pass; the
    best ``restarts`` are refined with L-BFGS-B using the analytic gradient; bootstrap resamples
    are refitted warm-started from the best fit. ``progress(stage, done, total)`` is called as
    the work advances (stage 'starts' then 'bootstrap'). ``fixed`` holds parameters at given
    values (an irreducible loss taken from elsewhere, a tied exponent's known value); ``weights``
    (one per run) make the objective the weighted mean of the runs' losses, as a fit weighted by
    inverse variances is; ``start`` names the constant set whose values the grid of starts
    surrounds (default: the law's default set), for runs far from the default set's optimum.
    Runs outside the law's conditions (U <= D) are refused, each named: the law is not stated there."""
    from scipy.optimize import minimize

    model = _compile(law)
    inputs, every = list(model.inputs), list(model.parameters)
    output = law.output_symbol
    missing = [n for n in [*inputs, output] if n not in runs]
    if missing:
        from catalog.frames import listed

        # runs are a CSV's columns (catalog fit) or a mapping or DataFrame (law.fit): worded for both, as the site is
        raise FitError(f"the runs lack columns for: {', '.join(missing)} (law symbols: {', '.join([*inputs, output])}; "
                       f"the runs' columns: {listed([clipped(c) for c in runs], 20) or 'none'}); name the columns after the law's symbols"
                       f"{_renames(law, runs, missing)}{_defined_columns(law, runs, law_id or law.id)}")
    if not every:
        raise FitError(f"law {law.id!r} has no parameters to fit")
    held = _held(fixed, every)
    params = [p for p in every if p not in held]
    if not params:
        raise FitError("every parameter is fixed: nothing to fit")
    free = np.array([every.index(p) for p in params])
    y = runs[output]
    n = len(y)
    x_all = [np.asarray(runs[name], dtype=float) for name in inputs]
    _refuse_negative_sizes(law, inputs, x_all, runs)  # before the count: every run's error in one go
    if n < len(params) + 1:
        raise FitError(f"{n} points cannot determine {len(params)} parameters")
    w_all = _weights_of(weights, n) if weights is not None else np.ones(n)

    def full(theta):
        """The free parameters ``theta`` with the fixed ones, in the compiled function's order."""
        out = [held.get(p) for p in every]
        for i, v in zip(free, theta):
            out[i] = v
        return out
    if space not in ("log", "linear"):
        raise FitError("space must be 'log' or 'linear'")
    if space == "log" and np.any(y <= 0):
        raise FitError("log-space fitting needs positive outputs; use --space linear")
    if objective not in ("huber", "mse"):
        raise FitError(f"unknown objective {objective!r}; use 'huber' or 'mse'")
    _check_settings(delta, restarts, bootstrap)
    outside = _outside_conditions(law, inputs, x_all, held, runs)
    if outside:
        raise FitError(f"{outside}; correct those runs or leave them out of the runs fitted")
    target = np.log(y) if space == "log" else y
    report = progress or (lambda stage, done, total: None)

    def residual(pred, idx):
        return (np.log(pred) if space == "log" else pred) - target[idx]

    def objective_on(idx):
        """The objective and its analytic gradient in theta (chain rule through the residual) on
        the points ``idx``, with the points' arrays taken once."""
        xs, observed, count = [x[idx] for x in x_all], target[idx], len(idx)
        w = w_all[idx]
        total = float(w.sum())
        if total <= 0:  # a resample of zero-weight runs only
            return lambda theta: (1e100, np.zeros(len(theta)))

        def value_and_gradient(theta):
            with np.errstate(all="ignore"):
                parts = model.value_and_gradient(*xs, *full(theta))
                pred = parts[0]
                r = (np.log(pred) if space == "log" else pred) - observed
                if np.ndim(r) == 0:
                    r = np.full(count, float(r))
                size = np.abs(r)
                if objective == "mse":
                    value, psi = float(np.dot(w * r, r)) / total, 2 * r
                else:  # Huber: quadratic within delta, linear beyond
                    inner = np.minimum(size, delta)
                    value, psi = float(np.dot(w * inner, size - 0.5 * inner)) / total, np.clip(r, -delta, delta)
                weight = w * (psi / pred if space == "log" else psi)
                grad = np.array([float(weight @ g) if np.ndim(g) else float(g) * weight.sum()
                                 for g in (parts[1 + i] for i in free)]) / total
            if not (math.isfinite(value) and np.isfinite(grad).all()):
                return 1e100, np.zeros(len(theta))
            return value, grad

        return value_and_gradient

    def refine(start, idx, tolerances=TIGHT, maxiter=MAX_ITER):
        # Optimise u = theta / scale so that coefficients (~1e2) and exponents (~0.3) are
        # equally well conditioned for L-BFGS-B.
        # The objective is divided by its value at the start: a Huber objective is ~1e-6 near
        # the optimum, where L-BFGS-B's absolute gradient test would stop short along flat
        # directions (and how short depends on the scipy version).
        start = np.asarray(start, dtype=float)
        scale = np.where(np.abs(start) > 0, np.abs(start), 1.0)
        value_and_gradient = objective_on(idx)
        level = value_and_gradient(start)[0]
        norm = level if 0 < level < 1e100 else 1.0

        def scaled(u):
            value, grad = value_and_gradient(u * scale)
            return value / norm, grad * scale / norm

        res = minimize(scaled, start / scale, jac=True, method="L-BFGS-B",
                       options={**tolerances, "maxiter": maxiter})
        res.x, res.fun = res.x * scale, res.fun * norm
        return res

    published = _start_set(law, start)  # before the loops below, which reuse the name start
    everyone = np.arange(n)
    grid = _initial_grid(law, params, restarts, seed, start)
    columns_of = lambda block: full([block[:, j:j + 1] for j in range(block.shape[1])])  # noqa: E731
    starts = _screen(model, grid, x_all, residual, objective, delta, restarts, columns_of,
                     w_all if weights is not None else None)
    if not len(starts):
        raise FitError("no starting point gave finite predictions; check units and columns"
                       + _never_finite(model, grid, x_all, residual, columns_of, inputs, runs))
    # Every screened start descends a little (loose tolerance: enough to tell the basins apart),
    # then the best few are polished to full precision.
    rough = []
    for i, start in enumerate(starts):
        res = refine(start, everyone, ROUGH)
        if np.isfinite(res.fun) and res.fun < 1e100:
            rough.append(res)
        report("starts", i + 1, len(starts) + POLISHED)
    def polish(x):
        # L-BFGS-B restarted from where it stopped, while that still lowers the objective: on a flat
        # valley one descent can stop short of the optimum with a stale curvature estimate (scipy
        # 1.17's stopped at E = 1.80687 on schaeffer2025b's released runs, whose optimum, at a lower
        # objective, is the published 1.80653); a fresh start takes it the rest of the way
        res = refine(x, everyone)
        for _ in range(POLISH_RESTARTS):
            again = refine(res.x, everyone)
            if not (np.isfinite(again.fun) and again.fun < res.fun * (1 - 1e-12)):
                break
            res = again
        return res

    best = None
    for i, res in enumerate(sorted(rough, key=lambda r: r.fun)[:POLISHED]):
        res = polish(res.x)
        if np.isfinite(res.fun) and res.fun < 1e100 and (best is None or res.fun < best.fun):
            best = res
        report("starts", len(starts) + i + 1, len(starts) + POLISHED)
    if best is None:
        raise FitError("no starting point gave finite predictions; check units and columns")
    theta = best.x
    with np.errstate(all="ignore"):
        r = residual(np.asarray(model.func(*x_all, *full(theta)), dtype=float) * np.ones(n), everyone)
    ss_tot = float(np.sum((target - target.mean()) ** 2))
    r2 = 1.0 - float(np.sum(r * r)) / ss_tot if ss_tot > 0 else float("nan")
    values = dict(zip(every, (float(v) for v in full(theta))))
    unidentified = _unidentified(model, x_all, full(theta), free, params, target, space, w_all, level)
    result = FitResult(law_id=law_id or law.id, values=values,
                       objective=objective if objective == "mse" else f"huber(delta={delta:g})", space=space, points=n,
                       loss=float(best.fun), r2=r2, rmse=float(math.sqrt(np.mean(r * r))), restarts=len(starts),
                       bootstrap=bootstrap, level=level, fixed=dict(held), weighted=weights is not None,
                       unidentified=unidentified)
    stopped = 0
    if bootstrap:
        rng = np.random.default_rng(seed)
        samples = []
        for b in range(bootstrap):
            idx = rng.integers(0, n, size=n)
            # warm start: a resample's optimum lies near the full fit's
            res = refine(theta, idx, maxiter=BOOTSTRAP_MAX_ITER if unidentified else MAX_ITER)
            if np.isfinite(res.fun) and res.fun < 1e100:
                samples.append(res.x)
                stopped += bool(unidentified) and res.nit >= BOOTSTRAP_MAX_ITER
            report("bootstrap", b + 1, bootstrap)
        if samples:
            arr = np.asarray(samples)
            lo, hi = (1 - level) / 2 * 100, (1 + level) / 2 * 100
            for i, p in enumerate(params):
                result.intervals[p] = (float(np.percentile(arr[:, i], lo)), float(np.percentile(arr[:, i], hi)))
                result.stderr[p] = float(np.std(arr[:, i], ddof=1)) if len(arr) > 1 else float("nan")
    result.warnings = [*_identification_warnings(unidentified, stopped, bootstrap),
                       *_undetermined(result, params, published)]
    # a condition over a fitted constant (U <= D + A) is known only now
    outside = _outside_conditions(law, inputs, x_all, values, runs)
    if outside:
        result.warnings.append(f"at the fitted constants, {outside}")
    return result


FLAT = 1e-14  # a singular value below this share of the largest (rounding gives ~1e-17): a direction the runs leave flat
FLAT_LOADING = 1e-6  # a constant moving by at least 1e-3 of a flat direction's unit step is not identified


def _unidentified(model: _Model, x_all: list[np.ndarray], theta: list[float], free: np.ndarray, params: list[str],
                  target: np.ndarray, space: str, weights: np.ndarray, level: float) -> dict[str, float]:
    """The free parameters the runs do not identify, with their relative standard errors: those
    whose linearised ``level`` interval at the optimum (Gauss-Newton, sigma^2 from the residuals)
    contains zero. Read from the curvature, it needs no bootstrap and tells a badly determined fit
    (12 runs of one narrow span of D: every constant of Chinchilla's form beyond 100%) from a
    well-determined one (Besiroglu et al.'s 240 runs: at most 20%)."""
    from scipy.stats import norm

    n = len(target)
    with np.errstate(all="ignore"):
        parts = model.value_and_gradient(*x_all, *theta)
        pred = np.asarray(parts[0], dtype=float) * np.ones(n)
        r = (np.log(pred) if space == "log" else pred) - target
        # d r / d log|theta_j|: relative changes of each constant, comparable across coefficients and exponents
        columns = [np.asarray(parts[1 + i], dtype=float) * np.ones(n) / (pred if space == "log" else 1.0)
                   * (theta[i] if theta[i] != 0 else 1.0) for i in free]
        share = weights / weights.mean()
        jacobian = np.stack(columns, axis=1) * np.sqrt(share)[:, None]
        # a run weighted zero is no point of the fit: the residuals' degrees of freedom are the others'
        counted = int(np.count_nonzero(weights))
        sigma2 = float(np.dot(share * r, r)) / max(counted - len(free), 1)
    if not (np.isfinite(jacobian).all() and math.isfinite(sigma2)):
        return {}
    try:
        _, singular, vt = np.linalg.svd(jacobian, full_matrices=False)
    except np.linalg.LinAlgError:  # no convergence: no verdict rather than a failed fit
        return {}
    if not singular[0] > 0:
        return {}
    # A direction the Jacobian has none of (rounding's 1e-17 of the largest) is flat whatever the noise:
    # identical runs, a constant column or weights leaving fewer points than constants. Such runs can
    # be matched exactly, sigma^2 is then 0 and the relative errors below would all read 0.
    flat = singular <= singular[0] * FLAT
    unbounded = (vt[flat] ** 2).sum(axis=0) > FLAT_LOADING
    # a nearly flat direction has a singular value ~0: floored so that its variance is huge, not inf*0
    singular = np.maximum(singular, singular[0] * 1e-15)
    relative = np.where(unbounded, math.inf, np.sqrt(sigma2 * (vt.T ** 2 @ (1 / singular ** 2))))
    limit = 1 / norm.ppf((1 + level) / 2)
    return {p: float(e) for p, e in zip(params, relative) if e > limit}


def _identification_warnings(unidentified: dict[str, float], stopped: int, bootstrap: int) -> list[str]:
    out = []
    if unidentified:
        errors = ", ".join(f"{name} ±{e * 100:.3g}%" if math.isfinite(e) else f"{name} unbounded"
                           for name, e in unidentified.items())
        out.append(f"badly determined: the runs do not identify {', '.join(unidentified)} (relative standard errors "
                   f"from the fit's curvature: {errors}; an interval would contain zero); more runs over a wider "
                   f"span of each input, or --fix NAME=VALUE, pin them down")
    if stopped:
        out.append(f"{stopped} of {bootstrap} bootstrap resamples stopped at {BOOTSTRAP_MAX_ITER} iterations, "
                   "drifting along a direction the runs leave flat: the bootstrap intervals understate that drift")
    return out


SPREAD = 100.0  # a bootstrap interval wider than this factor does not determine its constant


def _start_set(law: Law, start: str | None):
    """The constant set the starts surround (``start``, else the default set; None: no constants)."""
    if start is None:
        return law.default_constants()
    return next((c for c in law.constant_sets if c.id == start), None)


def _undetermined(result: FitResult, params: list[str], published) -> list[str]:
    """Warnings for the constants the runs do not pin down: on 12 runs of one narrow span of
    model sizes Chinchilla's form gave E = -99 (a negative irreducible loss) with R^2 = 0.9998,
    and A's bootstrap interval ran from -5.7e12 to 8.8e14, both printed without a word."""
    out = []
    level = f"{result.level * 100:g}%"
    for name in params:
        value = result.values[name]
        ref = float(published.values[name]) if published is not None and name in published.values else None
        if ref and value and (value > 0) != (ref > 0):
            out.append(f"{name} = {value:.6g} has the opposite sign of the published {ref:.6g} ({published.id}): "
                       f"the runs may not determine it (too few, or too narrow a span of an input); "
                       f"--fix {name}=VALUE holds it")
        ci = result.intervals.get(name)
        if ci is None:
            continue
        lo, hi = ci
        if lo < 0 < hi:
            why = "contains zero"
        elif lo * hi > 0 and abs(hi) / abs(lo) > SPREAD:
            why = f"spans a factor of {abs(hi) / abs(lo):.3g}"
        else:
            continue
        out.append(f"{name}: the {level} bootstrap interval [{lo:.6g}, {hi:.6g}] {why}: the runs do not determine {name}")
    return out


def _never_finite(model: _Model, candidates: np.ndarray, x_all: list[np.ndarray], residual, columns, inputs: list[str],
                  runs) -> str:
    """': the law gives no finite prediction at runs.csv:11 (N=0, D=1e+09) from any start', naming
    the runs no starting point predicts (a zero model size under a power law: the fit said only
    'check units and columns'), or '' when every run has one somewhere (the starts fail together)."""
    n = len(x_all[0]) if x_all else 0
    finite = np.zeros(n, dtype=bool)
    step = max(1, _SCREEN_CHUNK // max(n, 1))
    for lo in range(0, len(candidates), step):
        block = candidates[lo:lo + step]
        with np.errstate(all="ignore"):
            pred = model.func(*[x[None, :] for x in x_all], *columns(block))
            r = residual(np.broadcast_to(np.asarray(pred, dtype=float), (len(block), n)), np.arange(n))
        finite |= np.isfinite(r).any(axis=0)
    never = np.flatnonzero(~finite)
    if not len(never) or len(never) == n:
        return ""
    from catalog.engine.evaluation import fmt

    named = "; ".join(f"{run_name(runs, int(i))} ({', '.join(f'{name}={fmt(float(x[i]))}' for name, x in zip(inputs, x_all))})"
                      for i in never[:SHOWN_RUNS])
    more = f"; and {len(never) - SHOWN_RUNS} more" if len(never) > SHOWN_RUNS else ""
    return f": the law gives no finite prediction at {len(never)} of {n} runs from any start: {named}{more}"


def _screen(model: _Model, candidates: np.ndarray, x_all: list[np.ndarray], residual, objective: str, delta: float,
            keep: int, columns, weights: np.ndarray | None) -> np.ndarray:
    """The ``keep`` candidates with the lowest objective, evaluated together: parameters as
    columns of shape (candidates, 1) broadcast against the points (``columns(block)``: every
    parameter of the compiled function, the fixed ones as numbers), in bounded chunks."""
    n = len(x_all[0]) if x_all else 1
    idx = np.arange(n)
    losses = np.full(len(candidates), np.inf)
    step = max(1, _SCREEN_CHUNK // max(n, 1))
    share = None if weights is None else weights / weights.sum()
    for lo in range(0, len(candidates), step):
        block = candidates[lo:lo + step]
        with np.errstate(all="ignore"):
            pred = model.func(*[x[None, :] for x in x_all], *columns(block))
            r = residual(np.broadcast_to(np.asarray(pred, dtype=float), (len(block), n)), idx)
            a = np.abs(r)
            per_point = r * r if objective == "mse" else np.where(a <= delta, 0.5 * r * r, delta * (a - 0.5 * delta))
            mean = per_point.mean(axis=1) if share is None else per_point @ share
            losses[lo:lo + step] = np.where(np.isfinite(r).all(axis=1), mean, np.inf)
    order = np.argsort(losses, kind="stable")
    order = order[np.isfinite(losses[order])]
    return candidates[order[:keep]]
