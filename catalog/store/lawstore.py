"""One law read straight from the SQLite file: the fast path of ``eval``, ``solve``, ``sweep``,
``optimal`` and ``show``.

Reads the one paper row that holds the law with the standard library's ``sqlite3`` (no ORM, no
pydantic, no sympy), as a :class:`catalog.store.recordview.View`, with the law's formula tree
(``laws.numeric_json``, see :mod:`catalog.engine.numeric`) attached so that the engine evaluates it
with numpy alone. The result behaves as :class:`catalog.store.reader.LawRef` does, and so do the
errors (:class:`catalog.store.reader.NotFound` messages). A server database, or a SQLite file written
before the formula tree was stored, is read through :class:`catalog.store.reader.Store`.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from catalog import nicknames, paths, textguard, vocab
from catalog.store.recordview import InvalidRecord, View, one_row, own


class NotFound(LookupError):
    """An unknown paper or law id; the message lists close matches (as catalog.store.reader's)."""


@dataclass(frozen=True, repr=False)
class LawRef:
    paper: Any
    law: Any

    @property
    def id(self) -> str:
        return f"{self.paper.id}/{self.law.id}"

    def __repr__(self) -> str:
        """One line (the generated repr printed the whole record: pages in a plain Python prompt)."""
        from catalog.frames import law_line

        return law_line(self.law, self.id)

    @property
    def reference_point(self) -> dict[str, float] | None:
        """A typical point of the law's inputs, where its constant sets are compared: the record's
        ``reference_point``, else the inputs of its first value check, else the middle of the
        fitted ranges (None: none is known). ``law(**law.reference_point)`` evaluates there; the
        record's own field (``law.law.reference_point``) is empty for most laws."""
        from catalog.provenance import reference_point

        return reference_point(self.law)

    def __call__(self, constant_set: str | None = None, **inputs):
        """The law's value: ``law(N=7e10, D=1.4e12)`` (numbers, ``"70B"``-style strings, arrays,
        relations such as ``D="20N"`` and overridden constants such as ``alpha=0.3``, as
        :meth:`evaluate` and ``catalog eval`` take them; ``constant_set=`` picks published
        constants other than the default). What :meth:`evaluate` lists in ``.warnings`` (a point
        beyond the fitted range, ...) is issued as a Python warning of the same text, a
        :class:`catalog.engine.errors.CatalogWarning`."""
        return self._value(constant_set, inputs)

    def _value(self, constant_set, inputs, stacklevel: int = 3):
        import warnings

        from catalog.engine.errors import CatalogWarning

        result = self.evaluate(constant_set, **inputs)
        for text in result.warnings:
            warnings.warn(text, CatalogWarning, stacklevel=stacklevel)
        return result.value

    def evaluate(self, constant_set: str | None = None, **inputs):
        """The full evaluation, as ``catalog eval`` prints it: ``.value``, the extrapolation
        ``.warnings`` and ``.notes``, ``.beyond`` (the inputs outside the fitted range, to test in
        code), the constant set used (``.constants``), ``.inputs``."""
        from catalog.engine import sweep

        return sweep.evaluate_specs(self, inputs, constant_set)

    def solve(self, unknown: str | None = None, /, constant_set: str | None = None, **given):
        """Invert the law, as ``catalog solve``: ``law.solve(L=2.0, D="1.4T")`` finds the one
        variable not given (or name it: ``law.solve("N", L=2.0, D="20N")``); ``.value`` is the
        solution nearest the fitted range, ``.roots`` every one, ``.warnings`` as for eval."""
        from catalog.engine import solve

        return solve.solve(self, unknown, given, constant_set)

    def minimum(self, over: str, /, constant_set: str | None = None, **given):
        """Where the output is least along input ``over``, the others given (``catalog solve --min``)."""
        from catalog.engine import solve

        return solve.extremum(self, over, given, constant_set, kind="minimum")

    def maximum(self, over: str, /, constant_set: str | None = None, **given):
        """Where the output is greatest along input ``over`` (``catalog solve --max``)."""
        from catalog.engine import solve

        return solve.extremum(self, over, given, constant_set, kind="maximum")

    def optimal(self, constant_set: str | None = None, *, k: float = 6, fixed: dict | None = None, C=None,
                loss=None, inference_tokens=None, k_inference: float = 2, **inputs):
        """The compute-optimal allocation under C = k*N*D, as ``catalog optimal``: ``.N_opt``,
        ``.D_opt``, ``.L_opt`` (power laws in C), ``.at(5.76e23)``, ``.units`` and ``.warnings_at(C)``;
        ``fixed`` (or keywords, as calling the law takes inputs: ``law.optimal(U="100B")``) gives
        the law's other inputs. ``law.optimal(C=5.76e23)`` is ``.at(5.76e23)``,
        with ``.warnings_at``'s warnings issued as calling the law issues evaluate's.
        ``law.optimal(loss=2.0, inference_tokens="2T")`` is the inference-aware split reaching that
        loss (``catalog optimal LAW L=2.0 --inference-tokens 2T``; Sardana et al. 2024), k_inference
        FLOPs per parameter per inference token: a :class:`catalog.engine.inference.InferenceOptimum`
        (``.optimum``, ``.training_only``, ``.saving``), its warnings issued likewise."""
        import warnings

        from catalog.engine import optimal
        from catalog.engine.errors import CatalogWarning, EngineError

        if constant_set is not None and not isinstance(constant_set, str):  # law.optimal(1e22): the budget, unnamed
            raise TypeError(f"law.optimal({constant_set!r}): the first argument names a constant set; give the budget "
                            f"by name, law.optimal(C={constant_set!r}), or law.optimal().at({constant_set!r})")
        if inference_tokens is not None and loss is None:
            raise EngineError("inference_tokens needs the loss to reach: law.optimal(loss=2.0, inference_tokens=...) "
                              "(the split is chosen at a loss, not a budget)")
        result = optimal.compute_optimal(self, constant_set, k=k, fixed={**(fixed or {}), **inputs})
        if loss is not None:
            from catalog.engine import inference

            found = inference.from_optimum(result, loss, 0 if inference_tokens is None else inference_tokens,
                                           k_inference)
            for text in found.warnings:
                warnings.warn(text, CatalogWarning, stacklevel=2)
            return found
        if C is None:
            return result
        allocation = result.at(C)
        for text in result.warnings_at(C)[0]:
            warnings.warn(text, CatalogWarning, stacklevel=2)
        return allocation

    def __getattr__(self, name: str):
        """Only for a missing attribute: the calls people try from the command names say what to write."""
        hint = _INSTEAD.get(name)
        if hint is None:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}", name=name, obj=self)
        raise AttributeError(f"a law has no method {name!r}: {hint}", name=name, obj=self)

    def sweep(self, constant_set: str | None = None, **specs):
        """Evaluate over ranges and grids, as ``catalog sweep``: ``law.sweep(N="1e8..1e11:50 log",
        D="20N")``; ``.columns`` (arrays by name), ``.rows()``, ``.to_dataframe()``, ``.to_csv()``,
        ``.warnings``."""
        from catalog.engine import sweep

        return sweep.sweep(self, specs, constant_set)

    def plot(self, x: str, output, /, constant_set: str | None = None, **fixes):
        """Plot the law against input ``x`` into ``output`` (.png, .svg or .pdf), the other inputs
        fixed by ``fixes`` (numbers or relations such as ``D="20N"``), as ``catalog plot``."""
        from catalog.engine import plotting

        return plotting.plot([(self, constant_set)], x, output, fixes=fixes)

    def fit(self, runs, /, **options):
        """Fit the law's form to your runs, as ``catalog fit``: ``runs`` is a CSV path or a mapping
        of column name to values (the law's inputs and output); ``options`` as for
        :func:`catalog.engine.fit.fit` (objective, delta, space, restarts, bootstrap, level, seed).
        ``.values`` are the fitted constants, ``.intervals`` their bootstrap intervals."""
        import numpy as np

        from catalog.engine import fit

        data = (fit.read_runs(Path(runs), self.law) if isinstance(runs, (str, Path))
                else {k: np.asarray(v, dtype=float) for k, v in runs.items()})
        return fit.fit(self.law, data, law_id=self.id, **options)

    def by_set(self, **inputs) -> dict[str, Any]:
        """The law's value under each of its constant sets, by set id, default first:
        ``law.by_set(N="70B", D="1.4T")`` (the values ``catalog eval --all-sets`` prints), with each
        set's warnings issued as calling the law does."""
        from catalog.provenance import sets_default_first

        values = {}
        for c in sets_default_first(self.law):  # a loop, not a comprehension: the warnings name the caller's line
            values[c.id] = self._value(c.id, inputs)
        return values

    def checklist(self):
        """How the law was fitted, as ``catalog checklist PAPER/LAW`` gives it: method, objective,
        initialization, runs and points fitted, validation and the conventions, 'not stated'
        where the paper is silent, with the (Mis)Fitting sheet's cells (``sheet_*``);
        ``.as_dict()`` is the command's JSON row."""
        from catalog.publish import checklist

        return checklist.checklist([self.paper], {self.id})[0]

    def audit(self):
        """Where the law's constants come from, as ``catalog audit PAPER/LAW`` gives it: the default
        and primary sets with provenance and locator, every set's provenance, which sets a printed
        check tests (``sets_checked``) or a refit reproduces (``sets_refit``), and the inputs with
        and without a fitted range."""
        from catalog import provenance

        return provenance.audit_law(self.id, self.law)

    def _repr_latex_(self) -> str:  # Jupyter
        from catalog.publish import display

        return display.law_latex(self)

    def _repr_html_(self) -> str:  # Jupyter: formula, inputs and constant sets with their sources
        from catalog.publish import display

        return display.law_html(self)


_EVALUATE = ('call the law for its value, law(N="70B", D="1.4T"), or law.evaluate(N="70B", D="1.4T") for the value '
             'with its warnings (catalog eval)')
# the methods people reach for under the CLI's or other libraries' names, and what to write instead
_INSTEAD = {"eval": _EVALUATE, "predict": _EVALUATE, "value": _EVALUATE,
            "optimum": "law.optimal(C=5.76e23), or law.optimal().at(5.76e23) (catalog optimal)",
            "compute_optimal": "law.optimal(C=5.76e23), or law.optimal().at(5.76e23) (catalog optimal)",
            "invert": 'law.solve(L=2.0, D="1.4T") (catalog solve)'}


sqlite_file = paths.sqlite_file  # one reading of a URL's file


def connect_readonly(path: Path, **options) -> sqlite3.Connection:
    """A read-only connection on the SQLite catalog at ``path`` (``paths.no_database`` if it is
    missing; :func:`refuse_views` when it holds a view or trigger)."""
    if not path.is_file():
        raise paths.no_database(path)
    connection = sqlite3.connect(paths.readonly_uri(path.resolve()), uri=True, **options)
    try:
        refuse_views(connection)
    except BaseException:
        connection.close()
        raise
    return connection


# A load writes tables and indexes alone; a view runs its own query at each read of it (a papers
# view looping in a recursive WITH held every command forever), and a trigger is none of ours
_VIEWS_SQL = "SELECT type, name FROM sqlite_master WHERE type IN ('view', 'trigger') LIMIT 1"


def refuse_views(connection: sqlite3.Connection) -> None:
    """Raise :class:`catalog.store.recordview.InvalidRecord` when the SQLite database behind
    ``connection`` holds a view or a trigger, which no load writes."""
    found = connection.execute(_VIEWS_SQL).fetchone()
    if found is not None:
        raise InvalidRecord(f"the database holds a {found[0]} ({textguard.quoted(found[1])}), which no load writes "
                            "(a view's query runs at each read)")


def law(url: str, ref: str, trees: bool = True):
    """The law ``ref`` (``paper/law``, or a paper id for its first law) in the database at
    ``url``. Raises :class:`NotFound` (as ``Store.law`` does) for an unknown id. ``trees``: the law
    with its stored formula tree, as evaluating it needs (numpy); without, only to find it."""
    path = sqlite_file(url)
    if path is not None:
        connection = connect_readonly(path)
        try:
            return _read_law(connection, ref, trees)
        except sqlite3.OperationalError:
            pass  # written before laws.numeric_json existed: read it the general way below
        finally:
            connection.close()
    from catalog.store.reader import NotFound as StoreNotFound, Store

    try:
        return Store(url).law(ref)
    except StoreNotFound as exc:
        raise NotFound(str(exc)) from None


def named_law(url: str, ref: str) -> LawRef | None:
    """The law a law id (``paper/law``, the paper by id or nickname) names, checked to exist
    (:class:`NotFound`), without its formula tree; None for a paper id, which the caller's selection
    resolves: how the commands taking paper ids (bib, audit, checklist) take law ids too."""
    return law(url, ref, trees=False) if "/" in ref else None


def paper(url: str, paper_id: str) -> View:
    """The record ``paper_id`` as a view (SQLite only; see :func:`law`)."""
    connection = connect_readonly(sqlite_file(url))
    try:
        return own(*_view(connection, paper_id))
    finally:
        connection.close()


def law_named(name: str, law_ids, error: LookupError) -> LookupError:
    """``error`` for an unknown paper ``name``; when ``name`` is a law's own id (``parametric-loss``,
    written without its paper) the same kind of error listing the papers' laws of that id."""
    holders = [ref for ref in law_ids if ref.partition("/")[2] == name]
    if not holders:
        return error
    from catalog.frames import listed

    shown = listed(holders)
    return type(error)(f"unknown paper {textguard.quoted(name)}; a law is named PAPER/LAW, and {textguard.quoted(name)} is "
                       f"a law of: {shown}")


def _read_law(connection: sqlite3.Connection, ref: str, trees: bool = True) -> LawRef:
    paper_id, _, law_id = ref.partition("/")
    try:
        record = own(*_view(connection, paper_id))
    except NotFound as exc:
        if law_id:
            raise
        ids = (row[0] for row in connection.execute("SELECT id FROM laws ORDER BY id"))
        raise law_named(paper_id, ids, exc) from None
    paper_id = record.id  # when asked for by nickname
    if not record.laws:
        raise NotFound(f"paper {paper_id!r} has no law: {record.no_law_reason or ''}".strip())
    chosen = record.laws[0] if not law_id else next((l for l in record.laws if l.id == law_id), None)
    if chosen is None:
        raise NotFound(unknown_law(paper_id, law_id, [l.id for l in record.laws]))
    if not trees:
        return LawRef(record, chosen)
    stored = connection.execute("SELECT numeric_json FROM laws WHERE id = ?", (f"{paper_id}/{chosen.id}",)).fetchone()
    if stored and stored[0]:
        from catalog.engine import numeric  # numpy: only once a law is found (unknown ids answer fast)

        numeric.attach(chosen, stored[0])
    return LawRef(record, chosen)


def _view(connection: sqlite3.Connection, paper_id: str) -> tuple[str, View]:
    """``(id, record)`` of the paper with this id, else of the one with this nickname."""
    found, text = _record_json(connection, paper_id)
    return found, View.from_json(text)


def _record_json(connection: sqlite3.Connection, paper_id: str) -> tuple[str, str]:
    """``(id, record JSON)`` of the paper with this id, else of the one with this nickname."""
    rows = connection.execute("SELECT id, record_json FROM papers WHERE id = ? LIMIT 2",
                              (textguard.bindable(paper_id),)).fetchall()
    if not rows:
        names = nicknames.from_rows(connection.execute(nicknames.QUERY))
        named = nicknames.resolve(paper_id, names, NotFound)
        rows = connection.execute("SELECT id, record_json FROM papers WHERE id = ? LIMIT 2", (named,)).fetchall()
    return rows[0][0], one_row(rows[0][0], [r[1] for r in rows])


def unknown_law(paper_id: str, law_id: str, known: list[str]) -> str:
    """The message for a law id the paper does not have: the close ones, else the paper's laws
    (``hoffmann2022/chinchilla``, the paper's nickname as a law, matches none of them)."""
    from catalog.frames import listed

    close = vocab.did_you_mean(law_id, known)
    return (f"unknown law of {paper_id} {textguard.quoted(law_id)}"
            + (close or f"; its laws: {listed(known, 8)} ({paper_id} alone names the first)"))
