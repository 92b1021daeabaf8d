"""The database: normalized SQLModel tables and an atomic load from validated records.

The default is an embedded SQLite file (no setup). ``--db URL`` or ``CATALOG_DB`` picks
another database, e.g. ``postgresql+psycopg://user@127.0.0.1/catalog``.

Atomicity: for SQLite the catalog is written to a temporary file next to the target and
moved over it with ``os.replace`` only when complete, so readers see the old or the new
catalog, never a half-written one, and a failed load leaves the previous file intact (a load
killed outright leaves its temporary file, which the next load removes). For a server
database the whole load runs in one transaction, one load at a time (an advisory lock).
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import sys
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from collections.abc import Iterable
from typing import Optional

from sqlalchemy import Index, event, inspect, select
from sqlalchemy.pool import NullPool
from sqlalchemy.schema import CreateTable
from sqlmodel import Field, SQLModel, create_engine

from catalog import definitions, provenance, textguard
from catalog.engine import units
from catalog.schema import Paper, SCHEMA_VERSION

from catalog.paths import as_url, code_digest, default_url, no_database, readonly_uri, sqlite_url  # noqa: E402


def sqlite_path(url: str) -> Path | None:
    from catalog.paths import sqlite_file

    return sqlite_file(url)


# ---------------------------------------------------------------- tables


class PaperRow(SQLModel, table=True):
    __tablename__ = "papers"
    # covering index for catalog.store.query: filtering and ordering without reading the wide rows
    __table_args__ = (Index("ix_papers_query", "id", "year", "training_code", "analysis_code", "model_min",
                            "model_max", "data_min", "data_max"),
                      # the survey's papers in result order (its tables, catalog.store.selection), read
                      # without the other papers' rows
                      Index("ix_papers_survey", "in_survey", "year", "id"))
    id: str = Field(primary_key=True, description="Record id, equal to the YAML file name")
    title: str
    authors: str = Field(description="Authors joined with '; '")
    year: int = Field(index=True)
    venue: Optional[str] = None
    arxiv: Optional[str] = None
    doi: Optional[str] = None
    url: Optional[str] = None
    bibtex_key: str
    bibtex_type: str
    survey_citation: Optional[str] = Field(default=None, description="The survey's citation text, verbatim")
    in_survey: bool = Field(description="The record is one of the survey's papers")
    summary: Optional[str] = None
    training_code: Optional[bool] = Field(default=None, index=True)
    analysis_code: Optional[bool] = Field(default=None, index=True)
    repository: Optional[str] = None
    raw_data: Optional[str] = None
    model_range_printed: Optional[str] = None
    model_min: Optional[float] = None
    model_max: Optional[float] = None
    model_unit: Optional[str] = None
    data_range_printed: Optional[str] = None
    data_min: Optional[float] = None
    data_max: Optional[float] = None
    data_unit: Optional[str] = None
    law_count: int = 0
    no_law_reason: Optional[str] = None
    notes: Optional[str] = None
    sources: str = Field(description="Where the record's content came from, joined with ', '")
    # its own column: an unknown id looks through every paper's nicknames, which must not mean
    # parsing every whole record (2 s for an unknown id with 10,000 extra records)
    nicknames: str = Field(default="[]", description="The paper's nicknames as a JSON list")
    record_json: str = Field(description="The whole validated record as JSON (every field, nulls included)")


class PaperAuthorRow(SQLModel, table=True):
    __tablename__ = "paper_authors"
    paper_id: str = Field(foreign_key="papers.id", primary_key=True)
    position: int = Field(primary_key=True)
    name: str = Field(index=True)


class PaperFacetRow(SQLModel, table=True):
    """Normalized, queryable facets of a paper: category, modality, task, architecture, dataset."""

    __tablename__ = "paper_facets"
    __table_args__ = (Index("ix_paper_facets_kind_value", "kind", "value"),
                      Index("ix_paper_facets_query", "kind", "value", "paper_id"))  # covering, for catalog.store.query
    paper_id: str = Field(foreign_key="papers.id", primary_key=True)
    kind: str = Field(primary_key=True, description="category | modality | task | architecture | dataset")
    value: str = Field(primary_key=True)


class LawRow(SQLModel, table=True):
    __tablename__ = "laws"
    # covering index for catalog.store.query's law-level filters
    __table_args__ = (Index("ix_laws_query", "paper_id", "id", "dependent_variable", "has_constants"),)
    id: str = Field(primary_key=True, description="'<paper id>/<law id>'")
    paper_id: str = Field(foreign_key="papers.id", index=True)
    law_key: str
    position: int
    name: str
    dependent_variable: str = Field(index=True)
    output_symbol: str
    form: str = Field(description="explicit | implicit")
    expression: str = Field(description="sympy syntax")
    definitions: Optional[str] = Field(default=None, description="The symbols the expression names and defines beside "
                                       "it, as written: 'Ehat = ...; Dprime = ...' (null: none)")
    survey_latex: Optional[str] = None
    survey_equation: Optional[int] = None
    default_constant_set: Optional[str] = None
    has_constants: bool = False
    note: Optional[str] = None
    fitting_json: str = "{}"
    conventions_json: str = "{}"
    numeric_json: Optional[str] = Field(
        default=None, description="The formula's checked syntax tree as JSON data, for catalog.engine.numeric's evaluator")


class LawVariableRow(SQLModel, table=True):
    __tablename__ = "law_variables"
    __table_args__ = (Index("ix_law_variables_variable", "variable"),
                      Index("ix_law_variables_query", "variable", "law_id"))  # covering, for catalog.store.query
    law_id: str = Field(foreign_key="laws.id", primary_key=True)
    variable: str = Field(primary_key=True)
    position: int


class SymbolRow(SQLModel, table=True):
    __tablename__ = "symbols"
    # covering index for catalog.store.query's range filter (--covers), which compares base units
    __table_args__ = (Index("ix_symbols_covers", "variable", "role", "base_min", "base_max", "law_id"),)
    law_id: str = Field(foreign_key="laws.id", primary_key=True)
    name: str = Field(primary_key=True)
    role: str = Field(description="input | parameter | output | fixed | defined")
    meaning: str
    unit: Optional[str] = None
    variable: Optional[str] = Field(default=None, index=True)
    range_min: Optional[float] = None
    range_max: Optional[float] = None
    # the fitted range in the variable's base unit (catalog.engine.units); NULL when the unit has none
    base_min: Optional[float] = None
    base_max: Optional[float] = None
    value: Optional[float] = None
    expression: Optional[str] = Field(default=None, description="A defined symbol's definition (sympy syntax)")


class ConstantSetRow(SQLModel, table=True):
    __tablename__ = "constant_sets"
    law_id: str = Field(foreign_key="laws.id", primary_key=True)
    set_id: str = Field(primary_key=True)
    position: int
    label: str
    provenance: str = Field(index=True, description="paper, code, replication, secondary, survey or wikipedia")
    locator: Optional[str] = None
    source: str
    is_default: bool = False
    note: Optional[str] = None


class ConstantSetRangeRow(SQLModel, table=True):
    """A constant set's own fitted range of an input (``ConstantSet.ranges``), beside the symbol's
    range in ``symbols``: a set fitted on other data than the symbol's range describes."""

    __tablename__ = "constant_set_ranges"
    __table_args__ = (Index("ix_constant_set_ranges_covers", "variable", "base_min", "base_max", "law_id"),)
    law_id: str = Field(foreign_key="laws.id", primary_key=True)
    set_id: str = Field(primary_key=True)
    symbol: str = Field(primary_key=True)
    variable: Optional[str] = None
    range_min: Optional[float] = None
    range_max: Optional[float] = None
    # in the variable's base unit, as symbols.base_min/base_max (for the covers filter)
    base_min: Optional[float] = None
    base_max: Optional[float] = None
    source: str


class ConstantRow(SQLModel, table=True):
    __tablename__ = "constants"
    law_id: str = Field(foreign_key="laws.id", primary_key=True)
    set_id: str = Field(primary_key=True)
    symbol: str = Field(primary_key=True)
    value: float
    stderr: Optional[float] = None
    ci_low: Optional[float] = None
    ci_high: Optional[float] = None
    ci_level: Optional[float] = None


class CheckValueRow(SQLModel, table=True):
    __tablename__ = "check_values"
    id: Optional[int] = Field(default=None, primary_key=True)
    law_id: str = Field(foreign_key="laws.id", index=True)
    kind: str
    origin: str = Field(description="printed (a figure printed in the source) or derived (self-check)")
    locator: Optional[str] = None
    constant_set: Optional[str] = None
    inputs_json: str
    expected_json: str
    rel_tol: float
    tolerance_basis: str = Field(default="precision", description="precision (rel_tol covers the printed digits) "
                                 "or fit_residual (a measured point; rel_tol is the fit's largest residual)")
    source: str


class ErratumRow(SQLModel, table=True):
    __tablename__ = "errata"
    id: Optional[int] = Field(default=None, primary_key=True)
    paper_id: str = Field(foreign_key="papers.id", index=True)
    law_id: Optional[str] = None
    kind: str
    location: str
    printed: Optional[str] = None
    correct: Optional[str] = None
    note: str
    source: Optional[str] = None


class RelationRow(SQLModel, table=True):
    __tablename__ = "relations"
    id: Optional[int] = Field(default=None, primary_key=True)
    paper_id: str = Field(foreign_key="papers.id", index=True)
    law_id: Optional[str] = None
    kind: str
    target: str
    note: str


class SurveyCellRow(SQLModel, table=True):
    """The survey's printed cells, verbatim: one row per (table, row position, column)."""

    __tablename__ = "survey_cells"
    paper_id: str = Field(foreign_key="papers.id", primary_key=True)
    table_no: int = Field(primary_key=True)
    row: int = Field(primary_key=True, description="Occurrence of the paper within the table (0 unless printed twice)")
    column: str = Field(primary_key=True)
    position: Optional[int] = Field(default=None, description="Row order in the survey table")
    value: str


class MetaRow(SQLModel, table=True):
    __tablename__ = "meta"
    key: str = Field(primary_key=True)
    value: str


# ---------------------------------------------------------------- load


def _row(model: type[SQLModel], **values) -> tuple[str, dict]:
    """``(table name, column values)`` with the model's defaults filled in: plain dicts for Core's
    executemany, no ORM object per row."""
    return model.__tablename__, {**_defaults(model), **values}


_DEFAULTS: dict[type, dict] = {}


def _defaults(model: type[SQLModel]) -> dict:
    if model not in _DEFAULTS:
        out = {}
        for name, info in model.model_fields.items():
            if info.default_factory is not None:
                out[name] = info.default_factory()
            elif not info.is_required():
                out[name] = info.default
        _DEFAULTS[model] = out
    return _DEFAULTS[model]


def _rows(paper: Paper) -> list[tuple[str, dict]]:
    bib, rep = paper.bibliography, paper.reproducibility
    mr, dr = paper.model_range, paper.data_range
    rows: list[tuple[str, dict]] = [
        _row(
            PaperRow,
            id=paper.id, title=bib.title, authors="; ".join(bib.authors), year=bib.year, venue=bib.published_in(),
            arxiv=bib.arxiv, doi=bib.doi, url=bib.url, bibtex_key=bib.bibtex_key, bibtex_type=bib.bibtex_type,
            survey_citation=paper.survey.citation if paper.survey else bib.survey_citation,
            in_survey=paper.survey is not None, summary=paper.summary,
            training_code=rep.training_code, analysis_code=rep.analysis_code, repository=rep.repository,
            raw_data=rep.raw_data,
            model_range_printed=mr.printed if mr else None, model_min=mr.min if mr else None,
            model_max=mr.max if mr else None, model_unit=mr.unit if mr else None,
            data_range_printed=dr.printed if dr else None, data_min=dr.min if dr else None,
            data_max=dr.max if dr else None, data_unit=dr.unit if dr else None,
            law_count=len(paper.laws), no_law_reason=paper.no_law_reason, notes=paper.notes,
            sources=", ".join(paper.sources), nicknames=json.dumps(paper.nicknames or [], ensure_ascii=False),
            record_json=paper.model_dump_json(),
        )
    ]
    rows += [_row(PaperAuthorRow, paper_id=paper.id, position=i, name=a) for i, a in enumerate(bib.authors)]
    for kind, values in (("category", paper.categories), ("modality", paper.modalities), ("task", paper.tasks),
                         ("architecture", paper.architectures), ("dataset", paper.datasets)):
        rows += [_row(PaperFacetRow, paper_id=paper.id, kind=kind, value=v) for v in dict.fromkeys(values)]
    rows += [_erratum(paper.id, None, e) for e in paper.errata]
    rows += [_row(RelationRow, paper_id=paper.id, kind=r.kind, target=r.target, note=r.note) for r in paper.relations]
    for position, law in enumerate(paper.laws):
        rows += _law_rows(paper.id, position, law)
    if paper.survey:
        rows += _survey_rows(paper)
    return rows


def _erratum(paper_id: str, law_id: str | None, e) -> tuple[str, dict]:
    return _row(ErratumRow, paper_id=paper_id, law_id=law_id, kind=e.kind, location=e.where, printed=e.printed,
                      correct=e.correct, note=e.note, source=e.source)


def _law_rows(paper_id: str, position: int, law) -> list[tuple[str, dict]]:
    law_id = f"{paper_id}/{law.id}"
    default = law.default_constants()
    rows: list[tuple[str, dict]] = [
        _row(
            LawRow,
            id=law_id, paper_id=paper_id, law_key=law.id, position=position, name=law.name,
            dependent_variable=law.dependent_variable, output_symbol=law.output_symbol, form=law.form,
            expression=law.expression, definitions=definitions.where_text(definitions.definitions(law)) or None,
            survey_latex=law.survey_latex, survey_equation=law.survey_equation,
            default_constant_set=default.id if default else None, has_constants=bool(law.constant_sets),
            note=law.note, fitting_json=law.fitting.model_dump_json(), conventions_json=law.conventions.model_dump_json(),
            numeric_json=_numeric_json_with_comparisons(law),
        )
    ]
    rows += [_row(LawVariableRow, law_id=law_id, variable=v, position=i) for i, v in enumerate(dict.fromkeys(law.scaling_variables))]
    for name, s in law.symbols.items():
        rows.append(_row(SymbolRow, law_id=law_id, name=name, role=s.role, meaning=s.meaning, unit=s.unit, variable=s.variable,
                              range_min=s.range.min if s.range else None, range_max=s.range.max if s.range else None,
                              base_min=units.to_base(s.variable, s.unit, s.range.min) if s.range else None,
                              base_max=units.to_base(s.variable, s.unit, s.range.max) if s.range else None,
                              value=s.value, expression=s.expression))
    for i, cs in enumerate(law.constant_sets):
        rows.append(_row(ConstantSetRow, law_id=law_id, set_id=cs.id, position=i, label=cs.label,
                                   provenance=cs.provenance, locator=cs.locator, source=cs.source,
                                   is_default=default is not None and cs.id == default.id, note=cs.note))
        for symbol, r in cs.ranges.items():
            s = law.symbols[symbol]
            rows.append(_row(ConstantSetRangeRow, law_id=law_id, set_id=cs.id, symbol=symbol, variable=s.variable,
                             range_min=r.min, range_max=r.max, base_min=units.to_base(s.variable, s.unit, r.min),
                             base_max=units.to_base(s.variable, s.unit, r.max), source=r.source))
        for symbol, value in cs.values.items():
            interval = cs.intervals.get(symbol)
            rows.append(_row(ConstantRow, law_id=law_id, set_id=cs.id, symbol=symbol, value=float(value),
                                    stderr=cs.stderr.get(symbol), ci_low=interval.low if interval else None,
                                    ci_high=interval.high if interval else None,
                                    ci_level=interval.level if interval else None))
    for cv in law.check_values:
        rows.append(_row(CheckValueRow, law_id=law_id, kind=cv.kind, origin=cv.origin, locator=cv.locator,
                                  constant_set=cv.constant_set,
                                  inputs_json=json.dumps(cv.inputs), expected_json=json.dumps(cv.expected),
                                  rel_tol=cv.rel_tol, tolerance_basis=cv.tolerance_basis, source=cv.source))
    rows += [_erratum(paper_id, law_id, e) for e in law.errata]
    rows += [_row(RelationRow, paper_id=paper_id, law_id=law_id, kind=r.kind, target=r.target, note=r.note) for r in law.relations]
    return rows


_NUMERIC_JSON: dict[tuple, str | None] = {}


def _numeric_json(law) -> str | None:
    """The formula as data (see :mod:`catalog.engine.numeric`) with its closed forms (see
    :mod:`catalog.engine.closedforms`), or None if it cannot be stored. Derived once per distinct
    formula and symbol table: synthetic and real catalogs repeat them."""
    key = (law.expanded_expression, law.form,
           tuple((n, s.role, s.value, s.variable) for n, s in law.symbols.items()))
    if key not in _NUMERIC_JSON:
        if len(_NUMERIC_JSON) >= 4096:
            _NUMERIC_JSON.clear()
        from catalog.engine import numeric

        _NUMERIC_JSON[key] = numeric.stored_text(law)
    return _NUMERIC_JSON[key]


def _numeric_json_with_comparisons(law) -> str | None:
    """:func:`_numeric_json` plus, for a law with secondary constant sets, their comparisons
    with the primary one (``compared``: of this law's constants, so never cached), evaluated on
    the formula tree (numpy, no sympy compilation), as the site's laws are
    (:meth:`catalog.store.reader.Store.attach_stored_forms`); on a copy: the records loaded are not changed."""
    text = _numeric_json(law)
    if text is None or not provenance.has_comparisons(law):
        return text
    from catalog.engine import numeric

    with_tree = law.model_copy()
    numeric.attach(with_tree, text)
    return json.dumps({**json.loads(text), "compared": provenance.stored_comparisons(with_tree)})


def _survey_rows(paper: Paper) -> list[tuple[str, dict]]:
    s = paper.survey
    rows: list[tuple[str, dict]] = []

    def cells(table_no: int, row: int, values: dict, position: int | None) -> None:
        rows.append(_row(SurveyCellRow, paper_id=paper.id, table_no=table_no, row=row, column="paper",
                         position=position, value=s.citation))
        for column, value in values.items():
            rows.append(_row(SurveyCellRow, paper_id=paper.id, table_no=table_no, row=row, column=column,
                             position=position, value="" if value is None else str(value)))

    if s.table6:
        cells(6, 0, s.table6.model_dump(), s.order.get("table6"))
    if s.table7:
        cells(7, 0, s.table7.model_dump(), s.order.get("table7"))
    for i, r in enumerate(s.table8):
        position = s.order.get("table8")
        cells(8, i, r.model_dump(), None if position is None else position + i)
    for i, r in enumerate(s.insights):
        cells(r.table, i, {k: v for k, v in r.model_dump().items() if k != "table"}, s.order.get(f"table{r.table}"))
    return rows


def _engine(url: str):
    kwargs = {}
    if url.startswith("sqlite"):
        # No pool: a pooled connection would keep reading the replaced (unlinked) file after a
        # reload; a fresh connection per use always opens the current catalog.
        kwargs["connect_args"] = {"check_same_thread": False}
        kwargs["poolclass"] = NullPool
    elif url.startswith("postgresql"):
        # One snapshot per transaction: a reader's several queries see one catalog, even while
        # a load commits in between.
        kwargs["isolation_level"] = "REPEATABLE READ"
        _quiet_psycopg()
    return create_engine(url, **kwargs)


def _quiet_psycopg() -> None:
    """Keep psycopg's word on a failed pipeline off the terminal: when the server refuses a row of
    a load's batch, the pipeline's own exit fails too and psycopg logs it ('error ignored
    terminating <psycopg.Pipeline [INERROR] ...>: pipeline aborted'), printed with no logging set
    up, above the error the command reports; the first error is raised either way."""
    import logging

    logger = logging.getLogger("psycopg")
    if not any(isinstance(f, _PipelineAborted) for f in logger.filters):
        logger.addFilter(_PipelineAborted())


class _PipelineAborted:
    """A logging filter dropping psycopg's 'error ignored terminating' record (:func:`_quiet_psycopg`)."""

    def filter(self, record) -> bool:
        return not str(record.msg).startswith("error ignored terminating")


def schema_fingerprint() -> str:
    """A hash of the table definitions: a server database whose tables match is refilled in
    place (readers keep seeing the old rows until commit); otherwise its tables are rebuilt."""
    from catalog.store import search_index

    ddl = "\n".join([*(str(CreateTable(t)) for t in SQLModel.metadata.sorted_tables), search_index.SERVER_TABLE])
    return hashlib.sha256(f"{SCHEMA_VERSION}\n{ddl}".encode()).hexdigest()[:16]


def _stored_fingerprint(connection) -> str | None:
    if not inspect(connection).has_table(MetaRow.__tablename__):
        return None
    row = connection.execute(select(MetaRow.value).where(MetaRow.key == "schema_fingerprint")).first()
    return row[0] if row else None


# Papers written per batch: each batch's rows go in with one executemany per table, and the
# papers are dropped once written (a load's memory does not grow with the catalog).
BATCH = 500


def _write(engine, papers: Iterable[Paper]) -> tuple[int, int]:
    """Fill the tables from ``papers`` (any iterable, consumed once); ``(papers, laws)`` written."""
    from catalog.store import search_index

    fingerprint = schema_fingerprint()
    counts = [0, 0]
    with engine.begin() as connection:
        same = _stored_fingerprint(connection) == fingerprint
        if connection.dialect.name == "postgresql":
            _refuse_server_extras(connection)
            _refuse_changed_tables(connection, same)
        if same:
            # Same tables: delete and refill inside this transaction (no DDL, so concurrent
            # readers on a server database see the old catalog until commit, then the new one).
            for table in reversed(SQLModel.metadata.sorted_tables):
                connection.execute(table.delete())
            search_index.clear(connection)
        else:
            SQLModel.metadata.drop_all(connection)
            search_index.drop(connection)
            _create_tables(connection)
        batch: list[Paper] = []
        for paper in papers:
            batch.append(paper)
            counts[0] += 1
            counts[1] += len(paper.laws)
            if len(batch) >= BATCH:
                _insert_batch(connection, batch)
                batch = []
        if batch:
            _insert_batch(connection, batch)
        now = datetime.now(timezone.utc).isoformat(timespec="seconds")
        connection.execute(MetaRow.__table__.insert(), [
            {"key": "schema_version", "value": str(SCHEMA_VERSION)},
            {"key": "schema_fingerprint", "value": fingerprint},
            {"key": "loaded_at", "value": now},
            {"key": "paper_count", "value": str(counts[0])},
            {"key": "law_count", "value": str(counts[1])},
            {"key": "record_json", "value": "full"},  # every field, nulls included (catalog.store.recordview)
            {"key": "code_digest", "value": code_digest()},  # the version that wrote it (written_by_another_version)
        ])
        search_index.mark(connection)
        search_index.store_words(connection)
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("ANALYZE")  # planner statistics for catalog.store.query
    return counts[0], counts[1]


# What a load would run that it did not write, on the server database it refills in place (an SQLite
# load writes a new file): a trigger or rule on a catalog table runs as the loading user (a copy of
# each row elsewhere, rows kept out by DO INSTEAD NOTHING), a view stands where a table goes, and an
# event trigger runs at the DDL of a load whose schema changed. So does what checks or computes a
# row as it is inserted: a check constraint (volatile functions allowed: pg_sleep, a counter; 'n',
# PostgreSQL 18's not-null, is the load's own), a column of a domain or a type of the database's
# own (its checks and input function), a default other than a serial id's nextval, a generated
# column or index expression calling a function of the database's (declared immutable, it runs
# all the same), a row security policy. The load writes none of these; objects the database's
# users made have OIDs from 16384 (FirstNormalObjectId).
_SERVER_EXTRAS_SQL = """
SELECT 'trigger', t.tgname, c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
 WHERE NOT t.tgisinternal AND c.relname = ANY(:tables) AND pg_table_is_visible(c.oid)
UNION ALL
SELECT 'rule', r.rulename, c.relname FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class
 WHERE r.rulename <> '_RETURN' AND c.relname = ANY(:tables) AND pg_table_is_visible(c.oid)
UNION ALL
SELECT 'view', c.relname, c.relname FROM pg_class c
 WHERE c.relkind NOT IN ('r', 'p', 'i', 'S') AND c.relname = ANY(:tables) AND pg_table_is_visible(c.oid)
UNION ALL
SELECT 'event trigger', e.evtname, NULL FROM pg_event_trigger e WHERE e.evtenabled <> 'D'
UNION ALL
SELECT 'check constraint', k.conname, c.relname FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
 WHERE k.contype NOT IN ('p', 'f', 'u', 'n') AND c.relname = ANY(:tables) AND pg_table_is_visible(c.oid)
UNION ALL
SELECT 'column of its own type', a.attname, c.relname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
 WHERE a.attnum > 0 AND NOT a.attisdropped AND a.atttypid >= 16384 AND c.relname = ANY(:tables)
   AND pg_table_is_visible(c.oid)
UNION ALL
SELECT CASE a.attgenerated WHEN '' THEN 'column default' ELSE 'generated column' END, a.attname, c.relname
  FROM pg_attrdef d JOIN pg_class c ON c.oid = d.adrelid
  JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
 WHERE c.relname = ANY(:tables) AND pg_table_is_visible(c.oid)
   AND ((a.attgenerated = '' AND pg_get_expr(d.adbin, d.adrelid) !~ $re$^nextval[(]'(''|[^'])*'::regclass[)]$$re$)
        OR EXISTS (SELECT 1 FROM pg_depend p WHERE p.classid = 'pg_attrdef'::regclass AND p.objid = d.oid
                     AND p.refclassid IN ('pg_proc'::regclass, 'pg_operator'::regclass, 'pg_type'::regclass)
                     AND p.refobjid >= 16384))
UNION ALL
SELECT 'index expression', i.relname, c.relname FROM pg_index x JOIN pg_class c ON c.oid = x.indrelid
  JOIN pg_class i ON i.oid = x.indexrelid
 WHERE c.relname = ANY(:tables) AND pg_table_is_visible(c.oid)
   AND (x.indexprs IS NOT NULL OR x.indpred IS NOT NULL OR EXISTS (
        SELECT 1 FROM pg_depend p WHERE p.classid = 'pg_class'::regclass AND p.objid = x.indexrelid
           AND p.refclassid IN ('pg_proc'::regclass, 'pg_operator'::regclass, 'pg_type'::regclass,
                                'pg_opclass'::regclass) AND p.refobjid >= 16384))
UNION ALL
SELECT 'table under row security', c.relname, NULL FROM pg_class c
 WHERE (c.relrowsecurity OR c.relforcerowsecurity) AND c.relname = ANY(:tables) AND pg_table_is_visible(c.oid)
LIMIT 1"""


def _refuse_server_extras(connection) -> None:
    """Raise :class:`NotACatalog` when the server database holds a trigger, rule, view, event
    trigger, check, default, type, index expression or policy a load would run
    (:data:`_SERVER_EXTRAS_SQL`); the load's transaction then writes nothing."""
    from sqlalchemy import text

    from catalog.store import search_index

    tables = [t.name for t in SQLModel.metadata.sorted_tables] + [search_index.TABLE]
    found = connection.execute(text(_SERVER_EXTRAS_SQL), {"tables": tables}).first()
    if found is not None:
        kind, name, table = found
        on = f" on {textguard.quoted(table)}" if table and kind != "view" else ""
        article = "an" if kind[0] in "aeiou" else "a"
        raise NotACatalog(f"the database holds {article} {kind} ({textguard.quoted(name)}{on}), which no load writes and a "
                          "load would run as you: drop it, or load into another database")


def _create_tables(connection) -> None:
    from catalog.store import search_index

    SQLModel.metadata.create_all(connection, checkfirst=False)
    search_index.create(connection)


def _refuse_changed_tables(connection, refilled: bool) -> None:
    """Raise :class:`NotACatalog` when another table's foreign key is on a catalog table (the
    load's deletes, or drops, would reach it), or, for a load refilling the tables in place
    (``refilled``), when they are not as the load creates them (:mod:`catalog.store.tableshape`)."""
    from catalog.store import search_index, tableshape

    tables = [t.name for t in SQLModel.metadata.sorted_tables] + [search_index.TABLE]
    found = tableshape.foreign_key(connection, tables)
    if found is not None:
        raise NotACatalog(f"the database holds {found}: a load would fail on it or change that table as you; drop it, "
                          "or load into another database")
    changed = tableshape.differences(connection, tables, _create_tables) if refilled else []
    if changed:
        raise NotACatalog(f"the database's catalog tables are not as a load creates them, and a load refills them "
                          f"in place: {'; '.join(changed)}; undo those changes, or load into another database")


def _insert_batch(connection, papers: list[Paper]) -> None:
    """Core inserts, table by table in foreign-key order (each batch holds whole papers)."""
    from catalog.store import search_index

    by_table: dict[str, list[dict]] = {}
    for paper in papers:
        for name, row in _rows(paper):
            by_table.setdefault(name, []).append(row)
    sqlite = connection.dialect.name == "sqlite"
    for table in SQLModel.metadata.sorted_tables:
        rows = by_table.get(table.name)
        if rows:
            if "id" in table.c and table.c.id.autoincrement is not False and rows[0].get("id") is None:
                rows = [{k: v for k, v in r.items() if k != "id"} for r in rows]
            if sqlite:  # the driver's executemany on tuples: SQLAlchemy's per-row parameter processing was half the load
                columns = list(rows[0])
                names = ", ".join(f'"{c}"' for c in columns)  # quoted: survey_cells has "row" and "column"
                sql = (f"INSERT INTO {table.name} ({names}) "
                       f"VALUES ({', '.join('?' * len(columns))})")
                connection.exec_driver_sql(sql, [tuple(r[c] for c in columns) for r in rows])
            else:
                connection.execute(table.insert(), rows)
    search_index.build(connection, papers, finish=False)


# Loads into one server database take turns: two at once raced on CREATE TABLE (duplicate
# pg_type rows) or on the delete-and-refill (serialization failures), and failed with tracebacks.
_LOAD_LOCK_KEY = int.from_bytes(hashlib.sha256(b"scaling-law-catalog load").digest()[:8], "big", signed=True)


@contextmanager
def _load_lock(engine):
    """Hold a PostgreSQL session advisory lock around a load (no-op elsewhere). Session-level, on
    its own connection, so the load's REPEATABLE READ snapshot is taken after the wait."""
    if engine.dialect.name != "postgresql":
        yield
        return
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as lock:
        lock.exec_driver_sql(f"SELECT pg_advisory_lock({_LOAD_LOCK_KEY})")
        try:
            yield
        finally:
            lock.exec_driver_sql(f"SELECT pg_advisory_unlock({_LOAD_LOCK_KEY})")


def shown_url(url: str) -> str:
    """``url`` as printed: its password masked (the load's line lands in terminals and CI logs)."""
    if "://" not in str(url):
        return str(url)
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(str(url))
    except (ArgumentError, ValueError):  # ValueError: a port that is no number
        return "the database URL given"
    # libpq takes a password as a query parameter too (?password=...)
    hidden = {k: "***" for k in parsed.query if "password" in k.lower() or k.lower() in ("pwd", "passwd")}
    if parsed.password is None and not hidden:  # rendering quotes a path's characters (%1B): left as typed
        return str(url)
    text = parsed.update_query_dict(hidden).render_as_string(hide_password=True)
    return text.replace("%2A%2A%2A", "***")  # the query's mask as the password's


def load(papers: Iterable[Paper], url: str | None = None) -> str:
    """Write ``papers`` to the database at ``url`` (a URL or a file path) atomically; return the URL written.

    ``papers`` may be a generator (e.g. :func:`catalog.records.iter_valid`): records are written
    in batches as they come, and an exception from it (invalid records) leaves the database as
    it was."""
    url = as_url(url) if url else default_url()
    path = sqlite_path(url)
    if path is None:
        engine = _engine(url)
        try:
            with _load_lock(engine):
                _write(engine, papers)
        finally:
            engine.dispose()
        return url
    _refuse_foreign(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temporaries(path)
    tmp = _new_temporary(path)
    engine = _engine(sqlite_url(tmp))
    # The temporary file is private until it is renamed: no journal and no sync per statement
    # (SQLite runs each CREATE in its own transaction, one fsync each); one fsync before the
    # rename makes the new catalog durable.
    event.listen(engine, "connect", _unsynced)
    try:
        _write(engine, papers)
        engine.dispose()
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        from catalog.store import held

        held.release(path)  # Windows replaces no file this process holds open
        try:
            os.replace(tmp, path)
        except PermissionError as exc:  # nor one another process holds: a Datasette, a notebook
            raise DatabaseInUse(path, exc) from exc
    except BaseException:
        engine.dispose()
        Path(tmp).unlink(missing_ok=True)
        raise
    return url


class DatabaseInUse(PermissionError):
    """The load's new database could not replace ``path``: on Windows, another process holds it open.
    The previous database stays and the new one is removed; the message names ``path``, not the
    temporary file the system's error names first."""

    def __init__(self, path: Path, exc: OSError):
        super().__init__(exc.errno, exc.strerror, str(path))
        self.message = textguard.escaped(
            f"cannot replace the catalog database {path} ({exc.strerror}): another program holds it open (on Windows: "
            "a Datasette or sqlite3 shell on it, another Python's catalog.open()); close it and run again. "
            "The database is unchanged")

    def __str__(self) -> str:
        return self.message


class NotACatalog(ValueError):
    """The file a load would replace is something else than a catalog database."""


def _refuse_foreign(path: Path) -> None:
    """Raise :class:`NotACatalog` unless ``path`` is missing, empty, or a catalog database (an
    SQLite file with the ``papers`` or ``meta`` table a load writes). The load replaces the file
    whole: ``--db notes.txt``, a mistyped record path or another program's database would be lost."""
    import sqlite3

    if not path.exists() and not path.is_symlink():
        return
    if not path.is_file():
        raise NotACatalog(f"{path} is not a file (a directory?); give --db a file path")
    if path.stat().st_size == 0:
        return
    tables: set[str] = set()
    try:
        with open(path, "rb") as handle:
            sqlite = handle.read(16) == b"SQLite format 3\x00"
        if sqlite:
            connection = sqlite3.connect(readonly_uri(path.resolve()), uri=True)
            try:
                tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            finally:
                connection.close()
    except (OSError, sqlite3.DatabaseError):
        tables = set()
    if not tables & {"papers", "meta"}:
        raise NotACatalog(f"{path} exists and is not a catalog database: the load would replace it; give --db another "
                          "path (or remove the file yourself)")


def _unsynced(dbapi_connection, _record) -> None:
    dbapi_connection.execute("PRAGMA journal_mode = OFF")
    dbapi_connection.execute("PRAGMA synchronous = OFF")


def _new_temporary(path: Path) -> Path:
    """An empty file ``.NAME.PID.RANDOM.tmp`` next to ``path``, created with the default mode
    (0666 less the umask, like any file the user creates; mkstemp's 0600 made the catalog
    unreadable to others whatever the umask). The pid lets a later load tell it is stale."""
    while True:
        tmp = path.parent / f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp"
        try:
            os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o666))
            return tmp
        except FileExistsError:
            continue


def _remove_stale_temporaries(path: Path) -> None:
    """Delete what a killed load left next to ``path`` (its temporary database and SQLite
    journal): files ``.NAME.PID.*.tmp*`` whose process is gone, and those older than an hour
    whose process cannot be asked after (unnamed ones from mkstemp, before the pid was in the
    name; any on Windows)."""
    import glob
    import re

    # the name is no pattern ('c*', 'c[1].sqlite' matched other files), and the rest is a temporary
    # file's own ('.c.sqlite.notes.tmp' is no leftover of 'c')
    own = re.compile(rf"\.{re.escape(path.name)}\.(?:\d+\.[0-9a-f]{{8}}|\w{{8}})\.tmp(?:-journal|-wal|-shm)?")
    for leftover in path.parent.glob(f".{glob.escape(path.name)}.*.tmp*"):
        if not own.fullmatch(leftover.name):
            continue
        owner = leftover.name[len(path.name) + 2:].split(".", 1)[0]
        try:
            running = _running(int(owner)) if owner.isdigit() else None
            stale = not running if running is not None else time.time() - leftover.stat().st_mtime > 3600
            if stale:
                leftover.unlink()
        except OSError:
            pass  # removed by another load meanwhile, or not ours to remove


def _running(pid: int) -> bool | None:
    """Whether process ``pid`` runs; None where it cannot be asked: on Windows os.kill(pid, 0) is
    TerminateProcess, which ended the other load whose temporary file this one found."""
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def written_by_another_version(url: str) -> bool:
    """The catalog database at ``url`` was loaded by another version of the catalog (one whose
    code differs, or one from before the version was stored), as far as its ``meta`` table tells;
    False when it cannot be read. Asked only when a command fails on what the database holds."""
    try:
        path = sqlite_path(as_url(url) if url else default_url())
        if path is not None:  # a view or trigger (lawstore.refuse_views): its meta may be a view looping forever
            from catalog.store.lawstore import connect_readonly

            connect_readonly(path).close()
        engine = engine_for(url)
        try:
            with engine.connect() as connection:
                if not inspect(connection).has_table(MetaRow.__tablename__):
                    return False  # no catalog at all: the command's own error says so
                stored = connection.execute(select(MetaRow.value).where(MetaRow.key == "code_digest")).scalar()
        finally:
            engine.dispose()
    except Exception:  # noqa: BLE001 - only the wording of another error depends on it
        return False
    return stored != code_digest()


def engine_for(url: str | None = None, must_exist: bool = True):
    """An engine on an existing catalog database (``url``: a URL or a file path), for reading: on a
    server, each connection first refuses what a read would run (:func:`_refuse_server_read_code`)."""
    url = as_url(url) if url else default_url()
    path = sqlite_path(url)
    if must_exist and path is not None and not path.is_file():
        raise no_database(path)
    engine = _engine(url)
    if engine.dialect.name == "postgresql":
        event.listen(engine, "connect", _refuse_server_read_code)
    return engine


# What a read of a server database runs beyond reading rows, at each read and as the reader: a
# view's query where a catalog table goes (a function counting or holding each read, a recursive
# WITH that never ends), a foreign table's wrapper, a row security policy's expression. SQLite's
# readers refuse views and triggers alike (lawstore.refuse_views); triggers and rules other than a
# view's run at writes alone, which a load refuses (_SERVER_EXTRAS_SQL).
_SERVER_READ_CODE_SQL = """
SELECT CASE WHEN c.relkind IN ('v', 'm') THEN 'view' WHEN c.relkind = 'f' THEN 'foreign table'
            WHEN c.relkind NOT IN ('r', 'p') THEN 'relation' ELSE 'row security policy' END, c.relname
  FROM pg_class c
 WHERE c.relname = ANY(%s) AND pg_table_is_visible(c.oid) AND (c.relkind NOT IN ('r', 'p') OR c.relrowsecurity)
 LIMIT 1"""


def _refuse_server_read_code(dbapi_connection, _record) -> None:
    """Raise :class:`catalog.store.recordview.InvalidRecord` when a catalog table of the server
    database a new connection reads is a view, a foreign table or under row security
    (:data:`_SERVER_READ_CODE_SQL`); one catalog query per connection, before any read."""
    from catalog.store import search_index
    from catalog.store.recordview import InvalidRecord

    tables = [t.name for t in SQLModel.metadata.sorted_tables] + [search_index.TABLE]
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(_SERVER_READ_CODE_SQL, (tables,))
        found = cursor.fetchone()
    finally:
        cursor.close()
        dbapi_connection.rollback()  # no transaction left open: the engine sets its isolation level next
    if found is not None:
        kind, name = found
        on = f" on {textguard.quoted(name)}" if kind == "row security policy" else f" ({textguard.quoted(name)})"
        raise InvalidRecord(f"the database holds a {kind}{on} where the catalog has a table, which no load writes "
                            "and whose code runs at each read, as you: drop it")
