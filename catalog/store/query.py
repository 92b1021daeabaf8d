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
``covers`` matches papers by their ranges but lists only the laws whose own inputs cover the
value (:class:`Coverage`: each input inside or outside its range). The facets (architecture
included) are the paper's: a MoE paper's dense baseline law comes along with its MoE laws.
Each filter takes one value or a list: a paper matches a list when it matches any value, or
every value with ``match="all"``. ``training_code=False`` matches papers recorded as not
releasing code (unknown is neither). Unknown values raise ``QueryError`` listing close known
values.

Only the standard library is imported here: on SQLite the module reads the file through
``sqlite3`` directly (fast start-up for the CLI); other databases go through SQLAlchemy and
the text filter matches whole words, stemmed, as FTS5 does (PostgreSQL's ``tsvector`` the load
stores: :mod:`catalog.store.search_index`).
"""

from __future__ import annotations

import contextlib
import functools
import math
import re
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any, NamedTuple

from catalog import nicknames, textguard, vocab
from catalog.engine.ranges import parse_magnitude

from catalog.paths import database_url, default_url  # noqa: E402
from catalog.store.recordview import REPEATED_SQL, each_once, one_row, own, rows_by_id  # noqa: E402

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


def ts_query(words: str, prefix: bool) -> str:
    """PostgreSQL's ``to_tsquery`` text for one term of :func:`_text_terms`: its words in a row
    (``<->``), the last a prefix when asked (``:*``), as FTS5 reads ``"words"*``. A term's words
    are ``\\w`` runs only, so no tsquery operator (``& | ! ( ) : * ' \\``) reaches it from the
    user's text; it is bound as a parameter all the same."""
    import unicodedata

    if not words.split() or not all(re.fullmatch(r"\w+", w) for w in words.split()):
        raise ValueError(f"not a search term of words: {words!r}")
    folded = "".join(c for c in unicodedata.normalize("NFKD", words) if not unicodedata.combining(c))
    # diacritics dropped ("müon" finds "muon"), as FTS5's unicode61 drops them; a word whose
    # folded form is not all word characters ('½' is '1⁄2', 'ﾞ' a combining mark) is split
    # at them, and a term folding to nothing is searched as typed
    parts = re.findall(r"\w+", folded) or words.split()
    return " <-> ".join(parts) + (":*" if prefix else "")


class QueryError(ValueError):
    """A filter value the catalog does not know; the message lists close known values."""


def _sqlite_path(url: str) -> Path | None:
    from catalog.paths import sqlite_file

    return sqlite_file(url)


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
            raise QueryError(f"covers takes VARIABLE=VALUE, e.g. N=70B or D=1.4T, not {textguard.quoted(spec)}")
        variable = _resolve("variable", str(name).strip())
        try:
            value = float(raw) if isinstance(raw, (int, float)) else parse_magnitude(str(raw).strip())
        except ValueError:
            raise QueryError(f"covers {textguard.quoted(spec)}: {textguard.quoted(raw)} is not a number such as 70B, 1.4T "
                             "or 1e21") from None
        if not math.isfinite(value):  # 1e400 overflows to inf, which no range covers; a NaN binds as NULL
            raise QueryError(f"covers {textguard.quoted(spec)}: {textguard.quoted(raw)} is not a finite number (a double "
                             "holds up to about 1.8e308)")
        if value < 0 and variable not in vocab.SIGNED_VARIABLES:  # as eval refuses: no range of a size covers -1e308
            raise QueryError(f"covers {textguard.quoted(spec)}: {textguard.quoted(raw)} is negative, and {variable} is a "
                             "size or quantity")
        return cls(variable, value, f"{str(name).strip()}={str(raw).strip()}")


@dataclass(frozen=True)
class Coverage:
    """Where one value of a covers filter (``N=1.3e9``) lies for one input of a law: ``inside``
    or ``outside`` its fitted ranges (the symbol's and its constant sets' own, in the variable's
    base unit: ``ranges``); ``inside paper range`` or ``outside paper range`` when the input
    records none and its paper records a model or data range; ``no range`` when nothing tells (or
    the range's unit has no base unit: GPU hours, a dimensionless rescaling)."""

    covers: str  # as asked: 'N=1.3e9'
    input: str  # the law's symbol
    status: str  # inside | outside | inside paper range | outside paper range | no range
    ranges: list[tuple[float | None, float | None]] = field(default_factory=list)

    @property
    def text(self) -> str:
        """``N inside [7e+07, 1.6e+10]``: one line's part, in the base unit."""
        spans = ", ".join(f"[{_span(lo)}, {_span(hi)}]" for lo, hi in self.ranges)
        return f"{self.covers}: {self.input} {self.status}{' ' + spans if spans else ''}"


def _span(value: float | None) -> str:
    return "?" if value is None else f"{value:g}"


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
        if self.text is not None and (error := _text_error(str(self.text))):
            raise QueryError(error)
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
                raise QueryError(f"unknown filter {textguard.quoted(name)}{hint} (filters: {', '.join(sorted(known))})")
            if value is None or (isinstance(value, (tuple, list, dict, set)) and not value):
                continue
            if name == "covers":
                merged[name] = merged[name] + tuple(_covers_items(value))
            elif isinstance(merged.get(name), tuple):
                merged[name] = merged[name] + tuple(_as_list(value))
            elif name == "year":
                merged["year_from"], merged["year_to"] = parse_years(value)
            elif name == "text":
                merged[name] = f"{self.text} {value}" if self.text else str(value)
                if error := _text_error(str(value)) or _text_error(merged[name]):
                    raise QueryError(error)
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
        """The same filters with each variable of a role replaced by its pair among a quantity and
        its optimum, or the variable other records use for it (``vocab.related_variable``), when
        every variable asked for in that role has one: ``-v "optimal learning
        rate"`` finds nothing, while a few laws take a learning rate as input."""
        def pair(names: tuple[str, ...]) -> tuple[str, ...] | None:
            others = tuple(vocab.related_variable(n) for n in names)
            return None if None in others else others

        # each role on its own: '-y accuracy -v loss' (no pair for accuracy) may mean -v pretraining_loss
        variable = pair(self.variable) if self.variable else None
        dependent = pair(self.dependent) if self.dependent else None
        if variable is None and dependent is None:
            return None
        return replace(self, variable=variable or self.variable, dependent=dependent or self.dependent)

    @property
    def law_level(self) -> bool:
        return bool(self.variable or self.dependent or self.has_constants is not None or self.checked)

    @property
    def lists_laws(self) -> bool:
        """Whether the hits list only some laws of each paper: the law filters, and ``covers``,
        which matches papers by their ranges but lists the laws whose own inputs cover the point."""
        return self.law_level or bool(self.covers)

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
    # stripped, then each run of spaces read by one '\s*': four side by side split '<spaces>x' every way
    # before failing (2,000 spaces typed after --year held the command for good)
    match = re.fullmatch(r"(\d{4})?(?:\s*(-|–|\.\.))?(?:\s*(\d{4}))?", str(value).strip(), re.ASCII)
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
        if isinstance(value, bool) or (isinstance(value, str) and not value.strip().isascii()):
            raise ValueError  # ASCII digits, as every typed number (ranges.NUMBER): int() reads '٢٠٢٤'
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


# Words a text search takes: each is a condition of its own (one tsquery per term on PostgreSQL,
# one LIKE per word for --laws), and SQLite refuses an expression deeper than 1000.
MAX_TEXT_WORDS = 100


def _text_error(text: str) -> str | None:
    """Why ``text`` cannot be searched for (no word, or too many), or None."""
    terms = _text_terms(text)
    if not terms:
        return f"text {text!r} has no word to search for"
    count = sum(len(words.split()) for words, _prefix in terms)
    if count > MAX_TEXT_WORDS:
        return f"text has {count} words; a search takes at most {MAX_TEXT_WORDS}"
    return None


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
    form: str = "explicit"
    definitions: str | None = None  # its defined symbols as written: 'Ehat = ...; Dprime = ...'
    # with a covers filter: per value asked for, each input of its variable, inside or outside
    # its fitted range (:class:`Coverage`)
    coverage: list["Coverage"] = field(default_factory=list)

    @property
    def formula(self) -> str:
        """As ``catalog show`` writes it: an implicit law's expression is the one equal to zero,
        the definitions of the symbols it names follow."""
        from catalog.definitions import followed_by

        lhs = "0" if self.form == "implicit" else self.output_symbol
        return followed_by(f"{lhs} = {self.expression}", self.definitions)

    @property
    def defined_as(self) -> dict[str, str]:
        """Each defined symbol's definition, ``{"Ehat": "1/(...)"}`` ({} for a law that defines none):
        ``definitions`` as an object, for a script to read one without splitting the string."""
        from catalog.definitions import from_where_text

        return from_where_text(self.definitions)


@dataclass
class PaperHit:
    id: str
    title: str
    year: int
    authors: list[str]
    citation: str  # as people cite the paper (catalog.reference.cited_as): the survey's, else Surname et al. (year)
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

    def __repr__(self) -> str:
        """One line, as the search result's (the generated one printed every field and every law hit:
        some 3,000 characters for hoffmann2022, 130,000 for the list of a search's hits)."""
        from catalog.frames import listed

        laws = f"{self.law_count} laws" + (f": {listed([law.key for law in self.laws], 4)}" if self.laws else "")
        return f"<paper hit {self.id}: {self.title} ({self.citation or self.year}); {laws}>"


@dataclass
class SearchResult:
    """The matching papers (a page of them with ``limit``/``offset``); ``total`` counts all matches."""

    query: Query
    papers: list[PaperHit]
    total: int = 0
    law_total: int | None = None  # every matching law, when the page was one of laws

    def __len__(self) -> int:
        return len(self.papers)

    def __repr__(self) -> str:
        """One line (the generated one printed every hit's fields: some 50,000 characters for
        loss laws of N and D); the hits are in ``.papers`` and ``.laws``."""
        from catalog.frames import listed

        page = f" of {self.total}" if self.total != len(self.papers) else ""
        hits = f": {listed(self.ids())}" if self.papers else ""
        return f"<search: {len(self.papers)}{page} papers, {len(self.laws)} laws{hits}>"

    def __iter__(self) -> Iterator[PaperHit]:
        return iter(self.papers)

    def __getitem__(self, index):
        """A hit by position, or a list of them by slice (``cat.search('moe')[:3]``), as it has a
        length and an order: indexing one raised TypeError."""
        return self.papers[index]

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
        from catalog.frames import dataframe

        return dataframe(self.to_dicts(level))


# ---------------------------------------------------------------- the catalog connection


class Catalog:
    """A read-only connection to a catalog database (``url``: default ``CATALOG_DB`` or
    build/catalog.sqlite). On SQLite it reads the file it opened: after another process's
    ``catalog load`` replaces the file, open a new ``Catalog``; a load in this process closes it
    first (Windows replaces no file held open) and it reads the new catalog from then on."""

    def __init__(self, url: str | None = None):
        self.url = database_url(url)
        path = _sqlite_path(self.url)
        self._engine = None
        self._datasets: list[str] | None = None
        self._fts_rowid: bool | None = None
        self._each_once = False
        self._path = path
        if path is not None:
            self._sqlite: sqlite3.Connection | None = None
            self._closed = False
            self._lock = threading.RLock()  # release() comes from the thread that loads
            self._open()
            self.dialect = "sqlite"
        else:
            from catalog.store import db  # SQLAlchemy (REPEATABLE READ on PostgreSQL), imported only here

            self._sqlite = None
            self._engine = db.engine_for(self.url)
            self._connection = None
            self.dialect = self._engine.dialect.name

    # -- plumbing
    def rows(self, sql: str, params: dict[str, Any] | None = None, stored: bool = False) -> list[tuple]:
        """Run a read query with ``:name`` parameters on either backend. Text holding a control
        character, a code point this Python does not assign (textguard.record_text_reason, as a
        record's YAML) or a line break, which ``catalog load`` never writes in the columns read, is
        :class:`catalog.store.recordview.InvalidRecord` (search prints these columns to the terminal as
        they are), as is binary data (a BLOB), which no load writes and no reader takes for text.
        ``stored``: rows of stored records or formula trees (record_json, numeric_json), whose text
        their readers check field by field (recordview, numeric), naming the paper and field; here
        only binary data is refused."""
        params = {k: textguard.bindable(v) for k, v in (params or {}).items()}  # typed words may hold surrogates
        if self._path is not None:
            with self._lock:
                if self._sqlite is None:  # released before a load replaced the file: read the new one
                    if self._closed:
                        raise sqlite3.ProgrammingError("Cannot operate on a closed database.")
                    self._open()
                found = self._sqlite.execute(sql, params).fetchall()
        else:
            from sqlalchemy import text

            if self._connection is not None:
                found = [tuple(r) for r in self._connection.execute(text(sql), params).all()]
            else:
                with self._engine.connect() as connection:
                    found = [tuple(r) for r in connection.execute(text(sql), params).all()]
        for row in found:
            for cell in row:
                reason = textguard.record_text_reason(cell) if isinstance(cell, str) and not stored else None
                if isinstance(cell, (bytes, memoryview)):  # SQLite keeps a BLOB in any column; load writes none
                    reason = "binary data where text stands"
                if not reason and isinstance(cell, str) and not stored and ("\n" in cell or "\r" in cell):
                    # the columns read here are names, titles, cells and JSON, all one line (notes are only searched)
                    reason = "a line break (the text is printed as one line)"
                if reason:
                    from catalog.store.recordview import InvalidRecord

                    raise InvalidRecord(f"the database holds text that no valid record has: {reason}")
        return found

    def each_paper_once(self) -> None:
        """Raise :class:`catalog.store.recordview.InvalidRecord` when the papers table holds a paper
        in more than one row, as every read of that paper does (recordview.one_row): search and
        stats count and list the table's rows, where such a paper counted twice, listed with one
        row's columns. Checked once a connection."""
        if not self._each_once:
            each_once(self.rows(REPEATED_SQL))
            self._each_once = True

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

    def _open(self) -> None:
        from catalog.store import held
        from catalog.store.lawstore import connect_readonly

        connection = connect_readonly(self._path, check_same_thread=False)
        # memory-mapped reads and a larger page cache: the papers table carries each record's JSON
        connection.execute("PRAGMA mmap_size = 268435456")
        connection.execute("PRAGMA cache_size = -65536")
        self._sqlite = connection
        # what was read once a connection is of the file that was replaced
        self._datasets, self._fts_rowid, self._each_once = None, None, False
        held.hold(self, self._path)

    def release(self) -> None:
        """Close the SQLite connection before a load in this process replaces the file (see
        :mod:`catalog.store.held`); the next read opens the new catalog."""
        with self._lock:
            if self._sqlite is not None:
                self._sqlite.close()
                self._sqlite = None

    def close(self) -> None:
        if self._path is not None:
            from catalog.store import held

            held.forget(self, self._path)
            with self._lock:
                if self._sqlite is not None:
                    self._sqlite.close()
                self._closed = True
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
            from catalog.store.search_sql import Search  # it imports this module's classes

            self.each_paper_once()
            return Search(self, query).run(limit, offset, per_law)

    def matching(self, query: Query, ids: Iterable[str] | None = None,
                 survey: bool | None = None) -> tuple[list[str], list[str] | None]:
        """The ids of the papers ``query`` matches, in result order, and of their matching laws for
        a law-level query (else None): :meth:`run`'s ``ids()`` and ``law_ids()`` without the hits.
        ``ids`` (papers' own ids) and ``survey`` (in the survey or not) narrow it in the query
        itself: a selection of one paper reads that paper's rows, not every paper's."""
        with self.snapshot():
            from catalog.store.search_sql import Search

            return Search(self, query, ids=ids, survey=survey).matching()

    def paper_ids(self, among: Iterable[str] | None = None) -> list[str]:
        """The papers' ids, in id order: those of ``among`` that are ids (all when None)."""
        where, params = self._among("id", among)
        return [r[0] for r in self.rows(f"SELECT id FROM papers {where} ORDER BY id", params)]

    def datasets(self) -> list[str]:
        """The dataset names in the catalog (read once per connection)."""
        if self._datasets is None:
            self._datasets = [r[0] for r in self.rows(
                "SELECT DISTINCT value FROM paper_facets WHERE kind = 'dataset' ORDER BY value")]
        return self._datasets

    def paper(self, paper_id: str):
        """The whole validated record (a ``catalog.schema.Paper``)."""
        from catalog.store.recordview import validated

        paper_id, text = self._record_json(paper_id)
        return own(paper_id, validated(text))

    def record(self, paper_id: str, trees: bool = True):
        """The whole validated record, read without building the pydantic model: a
        :class:`catalog.store.recordview.View` (same attributes; for display), or the ``Paper`` itself
        from a database written before records were stored with every field. ``trees``: each law
        with its stored formula tree (what evaluating it needs; imports numpy)."""
        paper_id, text = self._record_json(paper_id)  # its own id, when asked for by nickname
        record = {paper_id: own(paper_id, self._read(text))}
        return (self._with_trees(record) if trees else record)[paper_id]

    def records(self, ids: Iterable[str] | None = None, trees: bool = False,
                taking: Iterable | None = None) -> dict[str, Any]:
        """The records of the papers ``ids`` (their own ids; every paper when None) by id, in id
        order, read as :meth:`record` reads one (``trees``: as evaluating them needs): what the
        commands over many records (tables, bib, audit, corrections) read instead of validating
        each into the schema. ``taking``: only the papers with a law one of these :class:`Taking`
        keeps (or sets of variables: a law taking all of one as inputs, ``symbols``), which
        ``predict`` reads."""
        where, params = self._among("id", ids)
        if taking is not None:
            condition, named = taking_condition(taking)
            where = f"{where} AND {condition}" if where else f"WHERE {condition}"
            params.update(named)
        found = rows_by_id(self.rows(f"SELECT id, record_json FROM papers {where} ORDER BY id", params, stored=True))
        records = {paper_id: own(paper_id, self._read(text)) for paper_id, text in found.items()}
        if not trees:
            return records
        if taking is None:
            return self._with_trees(records)
        wanted = takings(taking)  # the other laws of these papers are not evaluated: their trees are not read
        return self._with_trees(records, lambda law: any(t.keeps(law) for t in wanted))

    def taking_only_some(self, variables: Iterable[str]) -> list[str]:
        """The laws with published constants whose inputs each measure one of ``variables`` but not
        all of them (L(D) at N and D), by id: those ``catalog predict`` evaluates only with
        ``--partial``, named in a note without reading their records (the ids alone, from the symbols)."""
        wanted = sorted(set(variables))
        among, params = self._among("s.variable", wanted)
        inside = among.removeprefix("WHERE ")
        found = self.rows(
            "SELECT l.id FROM laws l JOIN symbols s ON s.law_id = l.id AND s.role = 'input' WHERE l.has_constants "
            f"GROUP BY l.id HAVING sum(CASE WHEN {inside} THEN 0 ELSE 1 END) = 0 "
            f"AND count(DISTINCT s.variable) < {len(wanted)} ORDER BY l.id", params)
        return [row[0] for row in found]

    def _with_trees(self, records: dict[str, Any], keeps=None) -> dict[str, Any]:
        """``records`` (views), each law (that ``keeps``, when given) given its stored formula tree:
        evaluating it (show compares constant sets, corrections compare laws) needs numpy alone, no
        sympy. A database written before records were stored whole gives Papers, which the engine
        compiles itself."""
        if not records or not self._full_records:
            return records
        from catalog.engine import numeric

        where, params = self._among("paper_id", None if len(records) > 1 else list(records))
        stored = {(paper_id, key): tree for paper_id, key, tree in self.rows(
            f"SELECT paper_id, law_key, numeric_json FROM laws {where}", params, stored=True)}
        for paper_id, record in records.items():
            for law in record.laws:
                if keeps is None or keeps(law):
                    numeric.attach(law, stored.get((paper_id, law.id)))
        return records

    @staticmethod
    def _among(column: str, values: Iterable[str] | None) -> tuple[str, dict[str, Any]]:
        """``WHERE column IN (values)`` and its parameters; no condition for None."""
        if values is None:
            return "", {}
        values = list(values)
        marks = ", ".join(f":v{i}" for i in range(len(values))) or "NULL"
        return f"WHERE {column} IN ({marks})", {f"v{i}": value for i, value in enumerate(values)}

    @functools.cached_property
    def _full_records(self) -> bool:
        """Whether the load stored each record with every field, as a view reads it."""
        return bool(self.rows("SELECT 1 FROM meta WHERE key = 'record_json' AND value = 'full'"))

    def _read(self, text: str):
        from catalog.store.recordview import View, validated

        return View.from_json(text) if self._full_records else validated(text)

    def _record_json(self, paper_id: str) -> tuple[str, str]:
        """``(id, record JSON)`` of the paper with this id, else of the one with this nickname."""
        rows = self.rows("SELECT id, record_json FROM papers WHERE id = :id LIMIT 2", {"id": paper_id}, stored=True)
        if not rows:
            names = nicknames.from_rows(self.rows(nicknames.QUERY))
            rows = self.rows("SELECT id, record_json FROM papers WHERE id = :id LIMIT 2",
                             {"id": nicknames.resolve(paper_id, names, NotFound)}, stored=True)
        return rows[0][0], one_row(rows[0][0], [r[1] for r in rows])


class Taking(NamedTuple):
    """Of :meth:`Catalog.records`' ``taking``: the laws taking every one of ``variables`` as an
    input and, where ``outputs`` is given, predicting one of them (their dependent variable) with
    published constants (``laws.has_constants``)."""

    variables: frozenset[str]
    outputs: frozenset[str] | None = None
    # instead: the laws whose inputs all measure some of ``variables`` and that study one of them
    # through their constant sets (a scaling variable no input measures: Castro et al.'s precision),
    # which predict names (Predictions.by_sets)
    studied: bool = False

    def keeps(self, law) -> bool:
        inputs = {law.symbols[n].variable for n in law.input_symbols}
        if self.studied:
            return bool(inputs) and inputs <= self.variables and bool(set(law.scaling_variables) & self.variables - inputs)
        return self.variables <= inputs and (
            self.outputs is None or (law.dependent_variable in self.outputs and bool(law.constant_sets)))


def takings(taking: Iterable) -> list[Taking]:
    """``taking`` as :class:`Taking` items (a plain set of variables is one without outputs)."""
    return [t if isinstance(t, Taking) else Taking(frozenset(t)) for t in taking]


def taking_condition(taking: Iterable) -> tuple[str, dict[str, Any]]:
    """``id IN (...)``, the condition on the papers table that keeps the papers with a law one of
    ``taking`` keeps (:func:`takings`), and its parameters."""
    laws, params = [], {}
    for k, wanted in enumerate(takings(taking)):
        variables = sorted(wanted.variables)
        among, named = Catalog._among("s.variable", variables)
        params.update({f"t{k}{key}": v for key, v in named.items()})
        if wanted.studied:  # Taking.keeps: some input, none outside the variables, one of them studied by set
            marks = among.removeprefix("WHERE s.variable IN ").replace(":v", f":t{k}v")
            laws.append(f"SELECT l.paper_id FROM laws l WHERE EXISTS (SELECT 1 FROM symbols s WHERE s.law_id = l.id "
                        f"AND s.role = 'input') AND NOT EXISTS (SELECT 1 FROM symbols s WHERE s.law_id = l.id AND "
                        f"s.role = 'input' AND (s.variable IS NULL OR s.variable NOT IN {marks})) AND EXISTS (SELECT 1 "
                        f"FROM law_variables lv WHERE lv.law_id = l.id AND lv.variable IN {marks} AND NOT EXISTS "
                        f"(SELECT 1 FROM symbols s WHERE s.law_id = l.id AND s.role = 'input' AND s.variable = lv.variable))")
            continue
        predicting = ""
        if wanted.outputs is not None:
            outputs, named = Catalog._among("l.dependent_variable", sorted(wanted.outputs))
            params.update({f"o{k}{key}": v for key, v in named.items()})
            predicting = outputs.replace("WHERE", "AND").replace(":v", f":o{k}v") + " AND l.has_constants"
        # a law counted once per variable of the set it takes: all of them when the count is the set's size
        laws.append(f"SELECT l.paper_id FROM symbols s JOIN laws l ON l.id = s.law_id "
                    f"{among.replace(':v', f':t{k}v')} AND s.role = 'input' {predicting} "
                    f"GROUP BY l.id, l.paper_id HAVING count(DISTINCT s.variable) = {len(variables)}")
    return (f"id IN ({' UNION '.join(laws)})" if laws else "0 = 1"), params


class NotFound(LookupError):
    """An unknown paper or law id; the message lists close matches."""


def search(db: str | None = None, **filters: Any) -> SearchResult:
    """Open the catalog at ``db`` (default: ``CATALOG_DB`` or build/catalog.sqlite) and search."""
    with Catalog(db) as cat:
        return cat.search(**filters)


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
