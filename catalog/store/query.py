"""Find papers and laws: combinable filters over the catalog database.

Usable from a notebook::

    from catalog.store.query import Catalog, Query

    with Catalog() as cat:                      # build/catalog.sqlite, or CATALOG_DB, or a URL
        hits = cat.search(modality="vision", variable="compute")
        hits.ids()                              # paper ids
        hits.law_ids()                          # 'paper/law' ids of the matching laws
        q = Query(category="sparsity").where(has_constants=True)
        cat.run(q).to_dicts()

or in one call: ``search(db=None, **filters)``.

Filters (all optional, all combined with AND):

==================  ======  ==========================================================
filter              level   matches
==================  ======  ==========================================================
``modality``        paper   a modality (``vocab.MODALITIES``; synonyms resolve)
``category``        paper   a category (``vocab.CATEGORIES``)
``architecture``    paper   an architecture (``vocab.ARCHITECTURES``)
``task``            paper   a task (``vocab.TASKS``)
``dataset``         paper   a dataset name, case-insensitive; a fragment such as ``WMT19``
                            matches every dataset containing it
``year``            paper   ``2022``, ``(2020, 2022)``, ``"2020-2022"``, ``"2023-"``, ``"-2021"``
``training_code``   paper   ``True``/``False``: training code released / not released
``analysis_code``   paper   ``True``/``False``: analysis code released / not released
``covers``          paper   ``"N=70B"``: the paper's model (N) or data (D) range, or the fitted
                            range of a law input of that variable (the symbol's or a constant
                            set's own), contains the value (law ranges in base units:
                            parameters, tokens, FLOPs; catalog.engine.units)
``text``            paper   free text over ids, nicknames, titles, authors, summaries, survey
                            insights, notes and law names (SQLite FTS5): papers whose id or
                            nickname matches come first, then title matches, then bm25 order
``variable``        law     a scaling (input) variable of a law (``vocab.VARIABLES``)
``dependent``       law     the dependent (output) variable of a law
``has_constants``   law     ``True``: the law has published fitted constants
``checked``         law     ``"printed"``: the law has a check value printed in its source;
                            ``"precision"``: one held to the printed precision (not only a
                            measured point within the fit's residual)
==================  ======  ==========================================================

A paper matches when every paper-level filter holds and, if a law-level filter is given, at
least one of its laws satisfies all law-level filters; the hit then lists those laws only.
Each filter takes one value or a list: a paper matches a list when it matches any value, or
every value with ``match="all"``. ``training_code=False`` matches papers recorded as not
releasing code (unknown is neither). Unknown values raise ``QueryError`` listing close known
values.

Only the standard library is imported here: on SQLite the module reads the file through
``sqlite3`` directly (fast start-up for the CLI); other databases go through SQLAlchemy and
the text filter falls back to case-insensitive ``LIKE`` over the same columns.
"""

from __future__ import annotations

import contextlib
import functools
import json
import math
import re
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from catalog import nicknames, vocab
from catalog.engine.ranges import format_magnitude as _magnitude, parse_magnitude

from catalog.paths import database_url, default_url  # noqa: E402

FACETS = ("modality", "category", "architecture", "task")  # controlled vocabularies
PAPER_FILTERS = (*FACETS, "dataset", "year", "training_code", "analysis_code", "covers", "text")
LAW_FILTERS = ("variable", "dependent", "has_constants", "checked")
CHECKED = ("printed", "precision")  # the values of the checked filter

# Paper ranges stored on the papers table, by the variable they measure.
PAPER_RANGE_COLUMNS = {"model_parameters": ("model_min", "model_max"), "data": ("data_min", "data_max")}

# bm25 column weights for search_fts(paper_id, names, title, authors, body).
BM25_WEIGHTS = (0.0, 20.0, 10.0, 3.0, 1.0)
# Text hits are ranked by tier first: every term in the names (id, nicknames), then every term in
# the title, then the rest; bm25 orders within a tier (its saturating sums cannot guarantee that
# "chinchilla" finds hoffmann2022, nicknamed Chinchilla, before a paper with it in the title).
TIER_COLUMNS = ("names", "title")


MAX_ROWS = 2**63 - 1


def like_contains(fragment: str) -> str:
    """A ``LIKE ... ESCAPE '\\'`` pattern matching ``fragment`` anywhere, its ``%`` and ``_``
    taken literally (not as wildcards)."""
    escaped = fragment.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


class QueryError(ValueError):
    """A filter value the catalog does not know; the message lists close known values."""


def _sqlite_path(url: str) -> Path | None:
    if url.startswith("sqlite:///"):
        return Path(url[len("sqlite:///"):])
    return None


# ---------------------------------------------------------------- the query object


@dataclass(frozen=True)
class Covers:
    """A value that a model/data range must contain, e.g. ``N=70B``."""

    variable: str
    value: float
    text: str

    @classmethod
    def parse(cls, spec: "str | tuple | Covers") -> "Covers":
        if isinstance(spec, Covers):
            return spec
        if isinstance(spec, tuple) and len(spec) == 2:
            name, raw = spec
        elif isinstance(spec, str) and "=" in spec:
            name, _, raw = spec.partition("=")
        else:
            raise QueryError(f"covers takes VARIABLE=VALUE, e.g. N=70B or D=1.4T, not {spec!r}")
        variable = _resolve("variable", str(name).strip())
        try:
            value = float(raw) if isinstance(raw, (int, float)) else parse_magnitude(str(raw).strip())
        except ValueError:
            raise QueryError(f"covers {spec!r}: {raw!r} is not a number such as 70B, 1.4T or 1e21") from None
        return cls(variable, value, f"{str(name).strip()}={str(raw).strip()}")


@dataclass(frozen=True)
class Query:
    """An immutable set of filters; ``where(**filters)`` returns a narrower copy."""

    modality: tuple[str, ...] = ()
    category: tuple[str, ...] = ()
    architecture: tuple[str, ...] = ()
    task: tuple[str, ...] = ()
    dataset: tuple[str, ...] = ()
    variable: tuple[str, ...] = ()
    dependent: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    training_code: bool | None = None
    analysis_code: bool | None = None
    has_constants: bool | None = None
    checked: str | None = None
    covers: tuple[Covers, ...] = ()
    text: str | None = None
    match: str = "any"

    def __post_init__(self) -> None:
        """Normalize whatever was given: one value or a list, synonyms, ``"N=70B"`` strings."""
        def put(name: str, value: Any) -> None:
            object.__setattr__(self, name, value)

        for name in (*FACETS, "variable", "dependent"):
            kind = "variable" if name in ("variable", "dependent") else name
            put(name, tuple(dict.fromkeys(_resolve(kind, v) for v in _as_list(getattr(self, name)) if v is not None)))
        put("dataset", tuple(dict.fromkeys(str(v).strip() for v in _as_list(self.dataset) if v is not None)))
        put("covers", tuple(Covers.parse(c) for c in _covers_items(self.covers)) if self.covers else ())
        for name in ("year_from", "year_to"):
            if getattr(self, name) is not None:
                put(name, _as_int(name, getattr(self, name)))
        for name in ("training_code", "analysis_code", "has_constants"):
            value = getattr(self, name)
            if value is not None and not isinstance(value, bool):
                raise QueryError(f"{name} takes True or False, not {value!r}")
        if self.checked is not None and self.checked not in CHECKED:
            raise QueryError(f"checked takes {' or '.join(CHECKED)}, not {self.checked!r}")
        if self.text is not None and not _text_terms(str(self.text)):
            raise QueryError(f"text {self.text!r} has no word to search for")
        if self.match not in ("any", "all"):
            raise QueryError(f"match takes 'any' or 'all', not {self.match!r}")
        if self.year_from is not None and self.year_to is not None and self.year_from > self.year_to:
            raise QueryError(f"year range {self.year_from}-{self.year_to} runs backwards")

    @classmethod
    def build(cls, **filters: Any) -> "Query":
        return cls().where(**filters)

    def where(self, **filters: Any) -> "Query":
        """Add filters. List filters accumulate (``Query(modality='vision').where(modality='video')``
        asks for either, or both with ``match='all'``); single-valued filters are replaced;
        ``year`` sets ``year_from`` and ``year_to``; text adds words."""
        merged: dict[str, Any] = {f.name: getattr(self, f.name) for f in fields(self)}
        known = set(merged) | {"year"}
        for name, value in filters.items():
            if name not in known:
                hint = vocab.did_you_mean(name, sorted(known), n=3, cutoff=0.6)
                raise QueryError(f"unknown filter {name!r}{hint} (filters: {', '.join(sorted(known))})")
            if value is None or (isinstance(value, (tuple, list, dict, set)) and not value):
                continue
            if name == "covers":
                merged[name] = merged[name] + tuple(_covers_items(value))
            elif isinstance(merged.get(name), tuple):
                merged[name] = merged[name] + tuple(_as_list(value))
            elif name == "year":
                merged["year_from"], merged["year_to"] = parse_years(value)
            elif name == "text":
                if not _text_terms(str(value)):
                    raise QueryError(f"text {value!r} has no word to search for")
                merged[name] = f"{self.text} {value}" if self.text else str(value)
            else:
                merged[name] = value
        return Query(**merged)

    def swapped(self) -> "Query | None":
        """The same filters with the variables asked for in the other role (scaling variable for
        dependent, or the reverse), when only one role is asked for: what a search that found
        nothing may have meant (``-v "optimal learning rate"``: no law takes it as an input,
        many predict it)."""
        if bool(self.variable) == bool(self.dependent):
            return None
        return replace(self, variable=self.dependent, dependent=self.variable)

    def related(self) -> "Query | None":
        """The same filters with each variable replaced by its pair among a quantity and its optimum
        (``vocab.related_variable``), when every variable asked for has one: ``-v "optimal learning
        rate"`` finds nothing, while a few laws take a learning rate as input."""
        def pair(names: tuple[str, ...]) -> tuple[str, ...] | None:
            others = tuple(vocab.related_variable(n) for n in names)
            return None if None in others else others

        if not (self.variable or self.dependent):
            return None
        variable, dependent = pair(self.variable), pair(self.dependent)
        if variable is None or dependent is None:
            return None
        return replace(self, variable=variable, dependent=dependent)

    @property
    def law_level(self) -> bool:
        return bool(self.variable or self.dependent or self.has_constants is not None or self.checked)

    def describe(self) -> dict[str, Any]:
        """The normalized filters that are set (for output headers and JSON)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "match" or value in (None, ()):
                continue
            out[f.name] = [c.text for c in value] if f.name == "covers" else (list(value) if isinstance(value, tuple) else value)
        if any(isinstance(v, list) and len(v) > 1 for v in out.values()):
            out["match"] = self.match
        return out


def parse_years(value: Any) -> tuple[int | None, int | None]:
    """``2022`` -> (2022, 2022); ``"2020-2022"``, ``"2023-"``, ``"-2021"``, ``(2020, None)``."""
    if isinstance(value, bool):
        raise QueryError(f"year takes a year or a range such as 2020-2022, not {value!r}")
    if isinstance(value, int):
        return value, value
    if isinstance(value, (tuple, list)) and len(value) == 2:
        low, high = value
        return (None if low is None else _as_int("year", low)), (None if high is None else _as_int("year", high))
    match = re.fullmatch(r"\s*(\d{4})?\s*(-|–|\.\.)?\s*(\d{4})?\s*", str(value))
    if not match or not (match.group(1) or match.group(3)) or (not match.group(2) and not match.group(1)):
        raise QueryError(f"year takes a year or a range such as 2020-2022, 2023- or -2021, not {value!r}")
    low = int(match.group(1)) if match.group(1) else None
    high = int(match.group(3)) if match.group(3) else (None if match.group(2) else low)
    return low, high


def _covers_items(value: Any) -> list:
    """``"N=70B"``, ``("N", "70B")``, ``{"N": "70B"}`` or a list of those."""
    if isinstance(value, (str, Covers)):
        return [value]
    if isinstance(value, dict):
        return list(value.items())
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], str) and "=" not in value[0]:
        return [value]
    return list(value)


def _as_int(name: str, value: Any) -> int:
    try:
        if isinstance(value, bool):
            raise ValueError
        return int(value)
    except (TypeError, ValueError):
        raise QueryError(f"{name} takes a year such as 2022, not {value!r}") from None


def _as_list(value: Any) -> list:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        return [value]
    return list(value)


@functools.lru_cache(maxsize=1024)
def _resolve_cached(kind: str, value: str) -> str:
    return vocab.resolve(kind, value)


def _resolve(kind: str, value: Any) -> str:
    try:
        return _resolve_cached(kind, str(value))
    except vocab.UnknownValue as exc:
        raise QueryError(str(exc)) from None


_TERM = re.compile(r'"([^"]*)"|(\S+)')


def _text_terms(text: str) -> list[tuple[str, bool]]:
    """Terms of a free-text query: ``(words, prefix)``; "quoted phrases" stay together and a
    trailing ``*`` asks for a prefix match. Everything else is literal (no FTS5 syntax)."""
    terms = []
    for phrase, word in _TERM.findall(text):
        raw = phrase if phrase else word
        prefix = raw.endswith("*")
        words = " ".join(re.findall(r"\w+", raw.rstrip("*")))
        if words:
            terms.append((words, prefix))
    return terms


def fts_expression(text: str) -> str:
    """The FTS5 MATCH expression for a user's text: every term required, each quoted."""
    return " ".join(f'"{w}"' + ("*" if prefix else "") for w, prefix in _text_terms(text))


# ---------------------------------------------------------------- results


@dataclass
class LawHit:
    id: str
    paper_id: str
    key: str
    name: str
    dependent_variable: str
    scaling_variables: list[str]
    output_symbol: str
    expression: str
    has_constants: bool

    @property
    def formula(self) -> str:
        return f"{self.output_symbol} = {self.expression}"


@dataclass
class PaperHit:
    id: str
    title: str
    year: int
    authors: list[str]
    citation: str | None
    in_survey: bool
    categories: list[str] = field(default_factory=list)
    modalities: list[str] = field(default_factory=list)
    tasks: list[str] = field(default_factory=list)
    architectures: list[str] = field(default_factory=list)
    datasets: list[str] = field(default_factory=list)
    training_code: bool | None = None
    analysis_code: bool | None = None
    repository: str | None = None
    model_range: str | None = None
    data_range: str | None = None
    law_count: int = 0
    laws: list[LawHit] = field(default_factory=list)
    score: float | None = None


@dataclass
class SearchResult:
    """The matching papers (a page of them with ``limit``/``offset``); ``total`` counts all matches."""

    query: Query
    papers: list[PaperHit]
    total: int = 0
    law_total: int | None = None  # every matching law, when the page was one of laws

    def __len__(self) -> int:
        return len(self.papers)

    def __iter__(self) -> Iterator[PaperHit]:
        return iter(self.papers)

    def __bool__(self) -> bool:
        return bool(self.papers)

    @property
    def laws(self) -> list[LawHit]:
        return [law for p in self.papers for law in p.laws]

    def ids(self) -> list[str]:
        return [p.id for p in self.papers]

    def law_ids(self) -> list[str]:
        return [law.id for law in self.laws]

    def to_dicts(self, level: str = "papers") -> list[dict[str, Any]]:
        if level == "laws":
            return [asdict(law) for law in self.laws]
        if level != "papers":
            raise ValueError("level is 'papers' or 'laws'")
        return [asdict(p) for p in self.papers]

    def to_dataframe(self, level: str = "papers"):
        """A pandas DataFrame (needs pandas, which the catalog itself does not require)."""
        try:
            import pandas
        except ImportError:
            raise ImportError("to_dataframe needs pandas: pip install pandas (to_dicts() needs nothing)") from None
        return pandas.DataFrame(self.to_dicts(level))


# ---------------------------------------------------------------- the catalog connection


class Catalog:
    """A read-only connection to a catalog database (``url``: default ``CATALOG_DB`` or
    build/catalog.sqlite). On SQLite it reads the file it opened: after ``catalog build``
    replaces the file, open a new ``Catalog``."""

    def __init__(self, url: str | None = None):
        self.url = database_url(url)
        path = _sqlite_path(self.url)
        self._engine = None
        self._datasets: list[str] | None = None
        self._fts_rowid: bool | None = None
        if path is not None:
            if not path.exists():
                raise FileNotFoundError(f"no catalog database at {path}; run 'catalog build' first")
            self._sqlite = sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True, check_same_thread=False)
            # memory-mapped reads and a larger page cache: the papers table carries each record's JSON
            self._sqlite.execute("PRAGMA mmap_size = 268435456")
            self._sqlite.execute("PRAGMA cache_size = -65536")
            self.dialect = "sqlite"
        else:
            from catalog.store import db  # SQLAlchemy (REPEATABLE READ on PostgreSQL), imported only here

            self._sqlite = None
            self._engine = db.engine_for(self.url)
            self._connection = None
            self.dialect = self._engine.dialect.name

    # -- plumbing
    def rows(self, sql: str, params: dict[str, Any] | None = None) -> list[tuple]:
        """Run a read query with ``:name`` parameters on either backend."""
        params = params or {}
        if self._sqlite is not None:
            return self._sqlite.execute(sql, params).fetchall()
        from sqlalchemy import text

        if self._connection is not None:
            return [tuple(r) for r in self._connection.execute(text(sql), params).all()]
        with self._engine.connect() as connection:
            return [tuple(r) for r in connection.execute(text(sql), params).all()]

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[None]:
        """Run several queries in one transaction on a server database, so that they see one
        catalog even while a load commits. (A SQLite connection keeps reading the file it
        opened; open a new ``Catalog`` to see a rebuilt database.)"""
        if self._engine is None or self._connection is not None:
            yield
            return
        with self._engine.connect() as connection:
            self._connection = connection
            try:
                yield
            finally:
                self._connection = None

    @property
    def has_fts5(self) -> bool:
        return self.dialect == "sqlite"

    @property
    def fts_rowid(self) -> bool:
        """True when each full-text row shares its paper's rowid (databases built since that
        was introduced; older ones are read through paper_id)."""
        if self._fts_rowid is None:
            self._fts_rowid = self.has_fts5 and bool(self.rows(
                "SELECT 1 FROM meta WHERE key = 'search_fts_rowid' AND value = 'papers.rowid'"))
        return self._fts_rowid

    def close(self) -> None:
        if self._sqlite is not None:
            self._sqlite.close()
        if self._engine is not None:
            self._engine.dispose()

    def __enter__(self) -> "Catalog":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- API
    def search(self, query: Query | None = None, *, limit: int | None = None, offset: int = 0,
               per_law: bool = False, **filters: Any) -> SearchResult:
        """Search with ``filters`` (see the module docstring), narrowing ``query`` if given.
        ``limit``/``offset`` page through the matching papers (in result order), or with
        ``per_law`` through their matching laws; ``total`` counts the papers, ``law_total`` the
        laws of a page of laws."""
        query = (query or Query()).where(**filters)
        return self.run(query, limit=limit, offset=offset, per_law=per_law)

    def run(self, query: Query, limit: int | None = None, offset: int = 0, per_law: bool = False) -> SearchResult:
        if limit is not None and limit < 0 or offset < 0:
            raise QueryError("limit and offset must not be negative")
        if max(limit or 0, offset) > MAX_ROWS:  # SQL's LIMIT is a 64-bit integer
            raise QueryError(f"limit and offset must be at most {MAX_ROWS:,}")
        with self.snapshot():
            return _Search(self, query).run(limit, offset, per_law)

    def paper_ids(self) -> list[str]:
        return [r[0] for r in self.rows("SELECT id FROM papers ORDER BY id")]

    def datasets(self) -> list[str]:
        """The dataset names in the catalog (read once per connection)."""
        if self._datasets is None:
            self._datasets = [r[0] for r in self.rows(
                "SELECT DISTINCT value FROM paper_facets WHERE kind = 'dataset' ORDER BY value")]
        return self._datasets

    def paper(self, paper_id: str):
        """The whole validated record (a ``catalog.schema.Paper``)."""
        from catalog.schema import Paper

        return Paper.model_validate_json(self._record_json(paper_id)[1])

    def record(self, paper_id: str):
        """The whole validated record, read without building the pydantic model: a
        :class:`catalog.store.recordview.View` (same attributes; for display), or the ``Paper`` itself
        from a database written before records were stored with every field."""
        paper_id, text = self._record_json(paper_id)  # its own id, when asked for by nickname
        if not self.rows("SELECT 1 FROM meta WHERE key = 'record_json' AND value = 'full'"):
            from catalog.schema import Paper

            return Paper.model_validate_json(text)
        from catalog.engine import numeric
        from catalog.store.recordview import View

        record = View.from_json(text)
        # each law's stored formula tree: evaluating it (show compares constant sets) needs no sympy
        trees = dict(self.rows("SELECT law_key, numeric_json FROM laws WHERE paper_id = :id", {"id": paper_id}))
        for law in record.laws:
            numeric.attach(law, trees.get(law.id))
        return record

    def _record_json(self, paper_id: str) -> tuple[str, str]:
        """``(id, record JSON)`` of the paper with this id, else of the one with this nickname."""
        rows = self.rows("SELECT id, record_json FROM papers WHERE id = :id", {"id": paper_id})
        if not rows:
            names = nicknames.from_rows(self.rows(nicknames.QUERY))
            rows = self.rows("SELECT id, record_json FROM papers WHERE id = :id",
                             {"id": nicknames.resolve(paper_id, names, NotFound)})
        return tuple(rows[0])


class NotFound(LookupError):
    """An unknown paper or law id; the message lists close matches."""


def search(db: str | None = None, **filters: Any) -> SearchResult:
    """Open the catalog at ``db`` (default: ``CATALOG_DB`` or build/catalog.sqlite) and search."""
    with Catalog(db) as cat:
        return cat.search(**filters)


# ---------------------------------------------------------------- SQL


class _Search:
    def __init__(self, cat: Catalog, query: Query):
        self.cat, self.q = cat, query
        self.params: dict[str, Any] = {}

    def _param(self, value: Any) -> str:
        name = f"p{len(self.params)}"
        self.params[name] = value
        return f":{name}"

    def _in(self, values: Iterable[Any]) -> str:
        return "(" + ", ".join(self._param(v) for v in values) + ")"

    def _combine(self, values: tuple, make) -> str:
        """One condition for a list filter: any value (one IN) or all values (one per value)."""
        if self.q.match == "all":
            return " AND ".join(make((v,)) for v in values)
        return make(values)

    # -- conditions on `papers p`; each drives an index: p.id IN (indexed subquery)
    def _facet_in(self, kind: str, values: tuple) -> str:
        return (f"p.id IN (SELECT paper_id FROM paper_facets WHERE kind = {self._param(kind)} "
                f"AND value IN {self._in(values)})")

    def _facet(self, kind: str, values: tuple) -> str:
        return self._combine(values, lambda vs: self._facet_in(kind, vs))

    def _datasets(self) -> str:
        known = self.cat.datasets()
        groups = []
        for wanted in self.q.dataset:
            key = wanted.lower()
            exact = [d for d in known if d.lower() == key]
            partial = exact or [d for d in known if key in d.lower()]
            if not partial:
                hint = vocab.did_you_mean(wanted, known)
                raise QueryError(f"no dataset {wanted!r} in the catalog{hint} (see 'catalog vocab dataset')")
            groups.append(tuple(partial))
        if self.q.match == "all":
            return " AND ".join(self._facet_in("dataset", g) for g in groups)
        return self._facet_in("dataset", tuple(dict.fromkeys(v for g in groups for v in g)))

    def _covers(self, c: Covers) -> str:
        v, x = self._param(c.value), self._param(c.variable)
        parts = []
        if c.variable in PAPER_RANGE_COLUMNS:
            lo, hi = PAPER_RANGE_COLUMNS[c.variable]
            parts.append(f"((p.{lo} IS NOT NULL OR p.{hi} IS NOT NULL) AND (p.{lo} IS NULL OR p.{lo} <= {v}) "
                         f"AND (p.{hi} IS NULL OR p.{hi} >= {v}))")
        # a law input's fitted range: the symbol's, or a constant set's own (fitted on other data)
        for table, role in (("symbols", " AND s.role = 'input'"), ("constant_set_ranges", "")):
            parts.append(
                f"p.id IN (SELECT cl.paper_id FROM {table} s JOIN laws cl ON cl.id = s.law_id "
                f"WHERE s.variable = {x}{role} AND (s.base_min IS NOT NULL OR s.base_max IS NOT NULL) "
                f"AND (s.base_min IS NULL OR s.base_min <= {v}) AND (s.base_max IS NULL OR s.base_max >= {v}))")
        return "(" + " OR ".join(parts) + ")"

    def _text_like(self, columns: tuple[str, ...] = ("names", "title", "authors", "body")) -> str:
        conds = []
        for words, _prefix in _text_terms(self.q.text or ""):
            t = self._param(like_contains(words.lower()))
            conds.append(" OR ".join(f"lower(s.{c}) LIKE {t} ESCAPE '\\'" for c in columns))
        return "p.id IN (SELECT s.paper_id FROM search_fts s WHERE " + " AND ".join(f"({c})" for c in conds) + ")"

    def _tier(self, key: str) -> str:
        """The rank tier of a text hit (see TIER_COLUMNS): 0 names, 1 title, 2 elsewhere."""
        cases = []
        for i, column in enumerate(TIER_COLUMNS):
            if self.cat.has_fts5:
                m = self._param(f"{column} : ({fts_expression(self.q.text or '')})")
                cases.append(f"WHEN {key} IN (SELECT rowid FROM search_fts WHERE search_fts MATCH {m}) THEN {i}")
            else:
                cases.append(f"WHEN {self._text_like((column,))} THEN {i}")
        return f"CASE {' '.join(cases)} ELSE {len(TIER_COLUMNS)} END"

    # -- conditions on `laws l`
    def _law_conditions(self, correlated: bool = True) -> list[str]:
        """Conditions on ``laws l``: probing each law (``correlated``) suits few candidate laws; an
        IN list from the variable index suits the whole catalog."""
        q, conds = self.q, []
        if q.variable and correlated:
            conds.append(self._combine(q.variable, lambda vs: (
                f"EXISTS (SELECT 1 FROM law_variables v WHERE v.law_id = l.id AND v.variable IN {self._in(vs)})")))
        elif q.variable:
            conds.append(self._combine(q.variable, lambda vs: (
                f"l.id IN (SELECT law_id FROM law_variables WHERE variable IN {self._in(vs)})")))
        if q.dependent:  # a law has one dependent variable: a list always means any of them
            conds.append(f"l.dependent_variable IN {self._in(q.dependent)}")
        if q.has_constants is not None:
            conds.append(f"l.has_constants = {self._param(q.has_constants)}")
        if q.checked:
            precision = f" AND c.tolerance_basis = {self._param('precision')}" if q.checked == "precision" else ""
            conds.append(f"EXISTS (SELECT 1 FROM check_values c WHERE c.law_id = l.id AND c.origin = "
                         f"{self._param('printed')}{precision})")
        return conds

    def _paper_conditions(self) -> list[str]:
        q, conds = self.q, []
        for kind in FACETS:
            values = getattr(q, kind)
            if values:
                conds.append(self._facet(kind, values))
        if q.dataset:
            conds.append(self._datasets())
        if q.year_from is not None:
            conds.append(f"p.year >= {self._param(q.year_from)}")
        if q.year_to is not None:
            conds.append(f"p.year <= {self._param(q.year_to)}")
        for name in ("training_code", "analysis_code"):
            if getattr(q, name) is not None:
                conds.append(f"p.{name} = {self._param(getattr(q, name))}")
        if q.covers:
            joiner = " AND " if q.match == "all" else " OR "
            conds.append("(" + joiner.join(self._covers(c) for c in q.covers) + ")")
        if q.text and not self.cat.has_fts5:
            conds.append(self._text_like())
        if q.law_level:
            if conds or q.text:  # other filters narrow the papers first: check their laws one by one
                laws = " AND ".join(self._law_conditions(correlated=True))
                conds.append(f"EXISTS (SELECT 1 FROM laws l WHERE l.paper_id = p.id AND {laws})")
            else:  # the law filters alone: collect the papers of the matching laws
                laws = " AND ".join(self._law_conditions(correlated=False))
                conds.append(f"p.id IN (SELECT l.paper_id FROM laws l WHERE {laws})")
        return conds

    def _ids(self, name: str, ids: list[str]) -> str:
        """A condition ``name IN <these ids>`` with one parameter."""
        if self.cat.dialect == "sqlite":
            return f"{name} IN (SELECT value FROM json_each({self._param(json.dumps(ids))}))"
        return f"{name} = ANY({self._param(list(ids))})"

    def _phase1(self) -> tuple[str, str, str]:
        """(prefix, body, order): the matching papers as ``{prefix}SELECT key, score FROM {body}``.
        The key is ``p.id``, or on SQLite for text searches the shared rowid of the paper and its
        full-text row (reading paper_id out of the full-text table would read the indexed text)."""
        conds = self._paper_conditions()
        where = " AND ".join(conds) or "1 = 1"
        if not self.q.text:
            return "", f"papers p WHERE {where}", "p.year, p.id"
        if not self.cat.has_fts5:
            return "", f"papers p WHERE {where}", f"{self._tier('p.id')}, p.year, p.id"
        weights = ", ".join(str(w) for w in BM25_WEIGHTS)
        m = self._param(fts_expression(self.q.text))
        if self.cat.fts_rowid:
            prefix = (f"WITH t AS MATERIALIZED (SELECT rowid AS key, bm25(search_fts, {weights}) AS score, "
                      f"{self._tier('rowid')} AS tier FROM search_fts WHERE search_fts MATCH {m}) ")
            body = f"t WHERE t.key IN (SELECT p.rowid FROM papers p WHERE {where})" if conds else "t"
            return prefix, body, "t.tier, t.score, t.key"
        body = (f"papers p JOIN (SELECT paper_id AS key, bm25(search_fts, {weights}) AS score, {self._tier('rowid')} "
                f"AS tier FROM search_fts WHERE search_fts MATCH {m}) t ON t.key = p.id WHERE {where}")
        return "", body, "t.tier, t.score, p.id"

    def run(self, limit: int | None = None, offset: int = 0, per_law: bool = False) -> SearchResult:
        prefix, body, order = self._phase1()
        by_rowid = prefix != ""
        key, score = ("t.key", "t.score") if self.q.text and self.cat.has_fts5 else ("p.id", "NULL")
        if per_law and (limit is not None or offset):
            return self._law_page(prefix, body, order, key, score, limit, offset, by_rowid)
        page = ""
        if limit is not None:
            page = f" LIMIT {int(limit)} OFFSET {int(offset)}"
        elif offset:
            page = f" LIMIT -1 OFFSET {int(offset)}" if self.cat.dialect == "sqlite" else f" OFFSET {int(offset)}"
        # phase 1: the matching keys in result order, and their count, in one pass over narrow indexes
        matched = self.cat.rows(f"{prefix}SELECT {key}, {score}, count(*) OVER () FROM {body} ORDER BY {order}{page}",
                                self.params)
        if matched:
            total = matched[0][2]
        elif offset:
            total = self.cat.rows(f"{prefix}SELECT count(*) FROM {body}", self.params)[0][0]
        else:
            total = 0
        if not matched:
            return SearchResult(self.q, [], total)
        return SearchResult(self.q, self._hits({k: score for k, score, _ in matched}, by_rowid), total)

    def _law_page(self, prefix, body, order, key, score, limit, offset, by_rowid: bool) -> SearchResult:
        """A page of the matching laws (in paper result order, then each paper's order): every
        matching paper's key and law count (narrow indexes), then the displayed columns of only
        the papers the page reaches; ``law_total`` counts every matching law."""
        laws = " AND ".join(["l.paper_id = p.id", *self._law_conditions(correlated=True)])
        if not by_rowid:  # papers p in scope: each paper's matching laws counted in the same pass
            rows = self.cat.rows(f"{prefix}SELECT {key}, {score}, (SELECT count(*) FROM laws l WHERE {laws}) "
                                 f"FROM {body} ORDER BY {order}", self.params)
            matched = [(k, sc) for k, sc, _ in rows]
            counts = {k: n for k, _, n in rows}
        else:
            matched = self.cat.rows(f"{prefix}SELECT {key}, {score} FROM {body} ORDER BY {order}", self.params)
            counts = {}
            if matched:
                where = " AND ".join([self._ids("p.rowid", [k for k, _ in matched]), laws])
                counts = dict(self.cat.rows(f"SELECT p.rowid, count(*) FROM papers p JOIN laws l ON l.paper_id = p.id "
                                            f"WHERE {where} GROUP BY p.rowid", self.params))
        if not matched:
            return SearchResult(self.q, [], 0, 0)
        end = math.inf if limit is None else offset + limit
        scores, first, start = {}, None, 0
        for k, sc in matched:
            n = counts.get(k, 0)
            if n and start + n > offset and start < end:
                scores[k] = sc
                first = start if first is None else first
            start += n
        papers = self._hits(scores, by_rowid) if scores else []
        index = first or 0  # the first and last papers may hold laws outside the page
        for paper in papers:
            paper.laws, index = [l for i, l in enumerate(paper.laws, index) if offset <= i < end], index + len(paper.laws)
        return SearchResult(self.q, [p for p in papers if p.laws], len(matched), start)

    def _hits(self, scores: dict, by_rowid: bool) -> list[PaperHit]:
        """Phase 2: the displayed columns, facets and matching laws of the papers keyed in
        ``scores`` (in its order)."""
        found: dict[Any, PaperHit] = {}
        column = "rowid" if by_rowid else "id"
        for (k, pid, title, year, authors, citation, in_survey, tc, ac, repo, mprinted, mmin, mmax, dprinted, dmin, dmax,
             law_count) in self.cat.rows(
                f"SELECT {column}, id, title, year, authors, survey_citation, in_survey, training_code, analysis_code, "
                "repository, model_range_printed, model_min, model_max, data_range_printed, data_min, data_max, "
                f"law_count FROM papers WHERE {self._ids(column, list(scores))}", self.params):
            found[k] = PaperHit(
                id=pid, title=title, year=year, authors=authors.split("; ") if authors else [], citation=citation,
                in_survey=bool(in_survey), training_code=_bool(tc), analysis_code=_bool(ac), repository=repo,
                model_range=mprinted or _range_text(mmin, mmax), data_range=dprinted or _range_text(dmin, dmax),
                law_count=law_count, score=scores[k])
        papers = {found[k].id: found[k] for k in scores}
        ids = list(papers)
        plural = {"category": "categories", "modality": "modalities", "task": "tasks", "architecture": "architectures",
                  "dataset": "datasets"}
        for pid, kind, value in self.cat.rows(
                f"SELECT paper_id, kind, value FROM paper_facets WHERE {self._ids('paper_id', ids)} "
                "ORDER BY paper_id, kind, value", self.params):
            getattr(papers[pid], plural[kind]).append(value)
        laws: dict[str, LawHit] = {}
        law_where = " AND ".join([self._ids("l.paper_id", ids), *self._law_conditions(correlated=True)])
        for lid, pid, key, name, dep, out, expr, has_constants in self.cat.rows(
                "SELECT l.id, l.paper_id, l.law_key, l.name, l.dependent_variable, l.output_symbol, l.expression, "
                f"l.has_constants FROM laws l WHERE {law_where} ORDER BY l.paper_id, l.position", self.params):
            laws[lid] = LawHit(id=lid, paper_id=pid, key=key, name=name, dependent_variable=dep, scaling_variables=[],
                               output_symbol=out, expression=expr, has_constants=bool(has_constants))
            papers[pid].laws.append(laws[lid])
        if laws:
            for lid, variable in self.cat.rows(
                    f"SELECT law_id, variable FROM law_variables WHERE {self._ids('law_id', list(laws))} "
                    "ORDER BY law_id, position", self.params):
                laws[lid].scaling_variables.append(variable)
        return list(papers.values())


def _bool(value: Any) -> bool | None:
    return None if value is None else bool(value)


def _range_text(low: float | None, high: float | None) -> str | None:
    if low is None and high is None:
        return None
    return f"{_magnitude(low)} - {_magnitude(high)}"


# ---------------------------------------------------------------- vocabularies


def vocabulary(kind: str | None = None) -> list[dict[str, Any]]:
    """Known values and their synonyms, for ``catalog vocab`` and notebooks."""
    kinds = [kind] if kind else list(vocab.VOCABULARIES)
    out = []
    for k in kinds:
        if k not in vocab.VOCABULARIES:
            raise QueryError(f"unknown vocabulary {k!r} (known: {', '.join(vocab.VOCABULARIES)})")
        for name, entry in vocab.VOCABULARIES[k].items():
            description, synonyms = (entry if k == "variable" else (None, entry))
            out.append({"kind": k, "value": name, "description": description,
                        "synonyms": [s for s in synonyms if s != name]})
    return out
