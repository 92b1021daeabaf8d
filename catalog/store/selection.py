"""Selections: which papers (and laws) a ``--where`` filter picks: the search filters of
:mod:`catalog.store.query`, written ``key=value`` on the command line.

Several values separated by commas mean *any of* (``match=all``: every one); several filters
mean *all of*::

    modality=vision           category=pre-training,sparsity      year=2020-2022   year>=2022
    variable=data             dependent=loss                      dataset=C4
    training_code=yes         has_constants=yes                   covers=N=70B     text=chinchilla
    id=kaplan2020,hoffmann2022                                    survey=yes       author=Kaplan
    survey=table5
    related=hoffmann2022/parametric-loss

Every filter of ``catalog search`` is accepted (see :mod:`catalog.store.query`); ``id``, ``survey``
(in the survey or not, or in one of its tables: ``survey=table5``), ``author`` (a fragment of an author's name) and ``related`` (a law or paper
and the laws whose records state a relation to it: those replicating, correcting, extending or
contradicting Chinchilla's law, its family) are added here. Facet
values go through the controlled vocabularies, so ``modality=image`` and
``variable="model size"`` work. ``variable``, ``dependent`` and ``has_constants`` select laws:
a paper matches when one of its laws does, and a per-law table keeps only those laws.

A *source* is whatever a caller holds: a :class:`catalog.store.reader.Store`, a database URL (or
``None`` for the default), a SQLAlchemy engine, connection or session.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

from catalog import nicknames, textguard, vocab
from catalog.store import query

EXTRA_KEYS = ("id", "survey", "author", "related", "survey_table")
KEYS = (*query.PAPER_FILTERS, *query.LAW_FILTERS, "match", *EXTRA_KEYS[:-1])  # survey_table: from survey=tableN
_BOOLEAN = ("training_code", "analysis_code", "has_constants", "survey")
_SYNONYMS = {
    "categories": "category", "modalities": "modality", "tasks": "task", "architectures": "architecture",
    "datasets": "dataset", "variables": "variable", "scaling_variable": "variable", "dependent_variable": "dependent",
    "paper": "id", "ids": "id", "authors": "author", "in_survey": "survey", "code": "training_code",
    "constants": "has_constants", "search": "text", "q": "text",
}
# the value is stripped after: '\s*(.*?)\s*$' tried the end from each of its characters, quadratic in it
_CONDITION = re.compile(r"^\s*([A-Za-z_\-]+)\s*(>=|<=|=|>|<)(.*)\Z", re.S)
_TRUTH = {"yes": True, "true": True, "y": True, "1": True, "no": False, "false": False, "n": False, "0": False}


class FilterError(ValueError):
    """A malformed or unknown ``--where`` filter; the message says what is accepted."""


@dataclass
class Selection:
    """Paper ids (year, then id), and the matching law ids (``None``: no law filter)."""

    paper_ids: list[str]
    law_ids: set[str] | None = None
    filters: dict[str, Any] = field(default_factory=dict)

    def keeps_law(self, law_id: str) -> bool:
        return self.law_ids is None or law_id in self.law_ids


# ---------------------------------------------------------------- sources


@contextlib.contextmanager
def connect(source) -> Iterator:
    """A SQLAlchemy connection on ``source`` (Store, URL/None, engine, connection or session)."""
    from sqlalchemy.engine import Connection, Engine

    from catalog.paths import database_url
    from catalog.store import db
    from catalog.store.reader import Store

    if isinstance(source, Connection):
        yield source
    elif isinstance(source, Engine):
        with source.connect() as connection:
            yield connection
    elif isinstance(source, Store):
        with source.engine.connect() as connection:
            yield connection
    elif source is None or isinstance(source, str):
        # None is the default database, built from the records when missing or stale, as Store(None) does
        engine = db.engine_for(database_url(source))
        try:
            with engine.connect() as connection:
                yield connection
        finally:
            engine.dispose()
    elif hasattr(source, "connection") and callable(source.connection):  # an ORM / SQLModel session
        yield source.connection()
    else:
        raise TypeError(f"not a catalog source: {type(source).__name__}")


def url_of(source) -> str | None:
    """The database URL behind ``source``."""
    if source is None or isinstance(source, str):  # a URL: no SQLAlchemy to import
        return source
    from sqlalchemy.engine import Connection, Engine

    from catalog.store.reader import Store

    if isinstance(source, Store):
        return source.url
    if isinstance(source, Connection):
        source = source.engine
    elif not isinstance(source, Engine) and hasattr(source, "get_bind"):
        source = source.get_bind()
    if isinstance(source, Engine):
        return source.url.render_as_string(hide_password=False)
    raise TypeError(f"not a catalog source: {type(source).__name__}")


def papers_from(source, ids: Iterable[str] | None = None, trees: bool = False,
                taking: Iterable | None = None) -> dict:
    """The validated records of the papers ``ids`` (their own ids; all when None) in the database
    at ``source``, by id (sorted by id). From a URL (the commands' source) they are read as
    :meth:`catalog.store.query.Catalog.records` reads them, as views (``trees``: with their laws'
    formula trees, to evaluate): no ORM, no pydantic; a Store gives its pydantic ``Paper`` records
    as it holds them, and a SQLAlchemy engine, connection or session validated ones. ``taking``:
    only the papers with a law one of these keeps (:class:`catalog.store.query.Taking`, or sets of
    variables a law takes all of as inputs)."""
    if source is None or isinstance(source, str):
        with query.Catalog(source) as catalog:
            return catalog.records(ids, trees=trees, taking=taking)
    from catalog.store.reader import Store, read_papers

    if isinstance(source, Store) and taking is not None:
        papers, keep = source.papers_taking(taking), None if ids is None else set(ids)
        return papers if keep is None else {k: v for k, v in papers.items() if k in keep}
    if isinstance(source, Store):
        papers = source.papers
    else:
        with connect(source) as connection:
            papers = read_papers(connection)
    if taking is not None:
        wanted = query.takings(taking)
        papers = {k: p for k, p in papers.items() if any(t.keeps(law) for law in p.laws for t in wanted)}
    if ids is None:
        return papers
    keep = set(ids)
    return {k: v for k, v in papers.items() if k in keep}


# ---------------------------------------------------------------- parsing


def parse_where(where: Iterable[str] | str | None) -> dict[str, Any]:
    """``["modality=vision,image", "year>=2022"]`` -> keyword filters for :mod:`catalog.store.query`
    plus the extra keys (``id``, ``survey``, ``author``)."""
    if where is None:
        return {}
    if isinstance(where, str):
        where = [where]
    filters: dict[str, Any] = {}
    for item in where:
        match = _CONDITION.match(item)
        if not match:
            raise FilterError(f"cannot read filter {textguard.quoted(item)}: write KEY=VALUE (keys: {', '.join(KEYS)})")
        key, op, raw = match.groups()
        raw = raw.strip()
        key = key.lower().replace("-", "_")
        key = _SYNONYMS.get(key, key)
        if key not in KEYS:
            raise FilterError(f"unknown filter key {key!r}{vocab.did_you_mean(key, KEYS, n=3)} (keys: {', '.join(KEYS)})")
        if not raw:
            raise FilterError(f"filter {item!r} has no value")
        if op != "=" and key != "year":
            raise FilterError(f"{key} takes '=' (comparisons are for year: year>=2022)")
        if key == "year":
            filters["year"] = _year(op, raw)
        elif key == "survey" and raw.lower() not in _TRUTH:  # a table of the survey: survey=table5
            filters["survey"], filters["survey_table"] = True, _survey_table(raw)
        elif key in _BOOLEAN:
            if raw.lower() not in _TRUTH:
                raise FilterError(f"{key} takes yes or no, not {raw!r}")
            filters[key] = _TRUTH[raw.lower()]
        elif key in ("text", "match", "checked"):
            filters[key] = raw
        elif key == "covers":
            filters.setdefault(key, []).extend(v.strip() for v in raw.split(";") if v.strip())
        else:
            filters.setdefault(key, []).extend(v.strip() for v in raw.split(",") if v.strip())
    return filters


SURVEY_TABLES = range(2, 9)  # the survey's Tables 2 to 8, which the records' survey cells transcribe


def _survey_table(raw: str) -> int:
    """``table5`` (or ``5``) as the survey table's number; FilterError for anything else."""
    number = raw.lower().removeprefix("table").strip()
    if not (number.isascii() and number.isdigit() and int(number) in SURVEY_TABLES):
        raise FilterError(f"survey takes yes, no or a survey table (table2 to table8), not "
                          f"{textguard.quoted(raw)}")  # repr escapes what a terminal runs
    return int(number)


def _year(op: str, raw: str) -> str:
    if op == "=":
        return raw
    try:
        year = int(raw) if raw.strip().isascii() else int("-")  # int() reads '٢٠٢٤'; every typed number is ASCII
    except ValueError:
        raise FilterError(f"year{op} takes a year, not {raw!r}") from None
    return {">=": f"{year}-", ">": f"{year + 1}-", "<=": f"-{year}", "<": f"-{year - 1}"}[op]


# ---------------------------------------------------------------- selecting


def _own_ids(catalog: query.Catalog, names: Iterable[str]) -> list[str]:
    """Each name as its paper's id (an id, or a nickname resolved); FilterError for another.
    Only the names are looked up: the ids of one paper's selection are that paper's row."""
    names = list(names)
    known = set(catalog.paper_ids(names))
    if all(name in known for name in names):
        return names
    by_paper = nicknames.from_rows(catalog.rows(nicknames.QUERY))
    return [name if name in known else nicknames.resolve(name, by_paper, FilterError) for name in names]


def _related_laws(catalog: query.Catalog, names: Iterable[str]) -> set[str]:
    """The laws ``related=`` keeps: each named law (``PAPER/LAW``, the paper by id or nickname) or
    every law of a named paper, and every law whose record states a relation (replicates,
    corrects, extends, supersedes, contradicts) to it, or to its paper as a whole; a name that is
    no paper or law is a FilterError, as ``id=`` says."""
    laws: set[str] = set()
    for name in names:
        paper, _, law = name.partition("/")
        paper = _own_ids(catalog, [paper])[0]
        if law:
            named = [r[0] for r in catalog.rows("SELECT id FROM laws WHERE id = :v", {"v": f"{paper}/{law}"})]
            if not named:
                of = [r[0] for r in catalog.rows("SELECT id FROM laws WHERE paper_id = :v ORDER BY position", {"v": paper})]
                typed = textguard.clipped(textguard.escaped(f"{paper}/{law}"))  # as typed: escaped, cut
                raise FilterError(f"related: no law {typed}{vocab.did_you_mean(f'{paper}/{law}', of, n=3)}"
                                  f" (laws of {paper}: {', '.join(of)})")
            targets = {"t0": named[0], "t1": paper}
            rows = catalog.rows("SELECT law_id FROM relations WHERE law_id IS NOT NULL AND target IN (:t0, :t1)", targets)
        else:
            named = [r[0] for r in catalog.rows("SELECT id FROM laws WHERE paper_id = :v", {"v": paper})]
            rows = catalog.rows("SELECT law_id FROM relations WHERE law_id IS NOT NULL AND (target = :v OR "
                                f"substr(target, 1, {len(paper) + 1}) = :p)", {"v": paper, "p": f"{paper}/"})
        laws |= set(named) | {r[0] for r in rows}
    return laws


def select(source, where: Iterable[str] | str | dict | None = None, ids: Iterable[str] | None = None) -> Selection:
    """The papers (and laws) matching every filter; ``ids`` restricts to those papers."""
    filters = dict(where) if isinstance(where, dict) else parse_where(where)
    extras = {k: filters.pop(k) for k in EXTRA_KEYS if k in filters}
    try:
        with query.Catalog(url_of(source)) as catalog:
            if ids is not None:
                ids = _own_ids(catalog, ids)
            if "id" in extras:  # with ids too: the papers both name
                extras["id"] = _own_ids(catalog, extras["id"])
                named = set(extras["id"])
                ids = extras["id"] if ids is None else [i for i in ids if i in named]
            # ids and survey narrow the query itself: one paper's selection reads its rows alone
            paper_ids, law_ids = catalog.matching(query.Query.build(**filters), ids=ids, survey=extras.get("survey"))
            law_ids = None if law_ids is None else set(law_ids)
            keep = set(paper_ids)
            if "related" in extras:  # a law selection: the law (or paper) named and the laws relating to it
                related = _related_laws(catalog, extras["related"])
                law_ids = related if law_ids is None else law_ids & related
                keep &= {i.split("/")[0] for i in related}
            if "survey_table" in extras:  # the papers with a row in that table of the survey
                rows = catalog.rows("SELECT DISTINCT paper_id FROM survey_cells WHERE table_no = :n",
                                    {"n": extras["survey_table"]})
                keep &= {r[0] for r in rows}
            for fragment in extras.get("author", []):
                rows = catalog.rows("SELECT paper_id FROM paper_authors WHERE lower(name) LIKE :v ESCAPE '\\'",
                                    {"v": query.like_contains(fragment.lower())})
                keep &= {r[0] for r in rows}
    except query.QueryError as exc:
        raise FilterError(str(exc)) from None
    return Selection([i for i in paper_ids if i in keep], law_ids, {**filters, **extras})


def laws_of(source, where: Iterable[str] | str | dict | None = None,
            taking: Iterable | None = None) -> list:
    """The laws (LawRefs) at ``source`` a ``--where`` filter keeps: every law without one. Read as
    :func:`papers_from` reads the papers kept (``taking``: of those, the ones with a law one of
    these keeps), with their formula trees from a URL."""
    from catalog.store.lawstore import LawRef

    chosen = select(source, where) if where else None
    papers = papers_from(source, None if chosen is None else chosen.paper_ids, trees=True, taking=taking)
    return [LawRef(p, law) for p in papers.values() for law in p.laws
            if chosen is None or chosen.keeps_law(f"{p.id}/{law.id}")]


def split_scope(source, where: Iterable[str] | str | dict | None = None,
                taking: Iterable | None = None) -> tuple[list, set[str] | None]:
    """For ``catalog predict`` at a budget alone: the laws whose compute-optimal split it may give,
    and the quantities its rows must predict. A ``dependent`` filter selects those rows, not the
    loss laws they come from (``--where dependent=optimal_model_parameters`` keeps Chinchilla's
    N_opt); every other filter selects laws as usual. Without one: (None, None), the splits come
    from the laws the filter keeps."""
    from catalog import vocab

    filters = dict(where) if isinstance(where, dict) else parse_where(where)
    wanted = filters.pop("dependent", None)
    if not wanted:
        return None, None
    try:
        outputs = {vocab.resolve("variable", v) for v in ([wanted] if isinstance(wanted, str) else wanted)}
    except vocab.UnknownValue as exc:
        raise FilterError(str(exc)) from None
    return laws_of(source, filters, taking), outputs


def predictions(source, values, where: Iterable[str] | str | dict | None = None, *, partial: bool = False,
                all_sets: bool = False, inside: bool = False, k=None):
    """``catalog predict``: what every law the filter keeps at ``source`` (a Store with its stored
    forms, or a URL: views with their trees) predicts at the point ``values``
    (:func:`catalog.engine.predict.predict`), the compute-optimal splits at a budget chosen by
    :func:`split_scope`, along C = kND (``k``: 6 unless given)."""
    from catalog.engine import predict

    taking = reaching(values, partial)
    split_from, split_outputs = split_scope(source, where, taking)  # a second query only for a dependent filter
    result = predict.predict(laws_of(source, where, taking), values, partial=partial, all_sets=all_sets,
                             split_targets=split_from, split_outputs=split_outputs, inside=inside, k=k)
    if not partial:
        result.partial_only = taking_only_some(source, values, where)
    return result


def changes(source, values, to, where: Iterable[str] | str | dict | None = None, *, partial: bool = False,
            all_sets: bool = False, inside: bool = False, k=None):
    """``catalog predict ... --to NAME=VALUE``: :func:`predictions` at ``values`` and at ``values``
    with the variables of ``to`` replaced, row by row with their ratio and difference
    (:func:`catalog.engine.change.between`); ``inside``: each point's rows inside the fitted ranges,
    so a row pairs laws fitted at both."""
    from catalog.engine import change

    other = change.second_point(values, to)
    return change.between(predictions(source, values, where, partial=partial, all_sets=all_sets, inside=inside, k=k),
                          predictions(source, other, where, partial=partial, all_sets=all_sets, inside=inside, k=k))


def taking_only_some(source, values, where: Iterable[str] | str | dict | None = None) -> list[str]:
    """The laws with published constants the filter keeps whose inputs each measure a variable of
    the point ``values`` but not every one (L(D) at N and D): ``catalog predict`` evaluates them
    only with ``--partial``, and names them without. Ids only, from the database's symbols: no
    record is read (the commands' URL; a Store's records are at hand)."""
    from catalog.engine import evaluation as engine, predict

    try:
        at = frozenset(predict.point(values))
    except engine.EngineError:
        return []
    if len(at) < 2:
        return []
    if source is None or isinstance(source, str):
        with query.Catalog(source) as catalog:
            ids = catalog.taking_only_some(at)
    else:
        ids = sorted(f"{p.id}/{law.id}" for p in papers_from(source).values() for law in p.laws
                     if law.constant_sets and law.input_symbols
                     and {law.symbols[n].variable for n in law.input_symbols} < at)
    if not where:
        return ids
    chosen = select(source, where)
    kept = set(chosen.paper_ids)
    return [i for i in ids if i.split("/")[0] in kept and chosen.keeps_law(i)]


def reaching(values, partial: bool = False) -> tuple[query.Taking, ...] | None:
    """The laws of which ``catalog predict`` at the point ``values`` can say anything (a row, a
    skip, a law without constants or needing more inputs; :func:`catalog.engine.predict.predict`),
    as :class:`catalog.store.query.Taking`: those taking every variable of the point (a law of
    more variables needs more inputs); at a budget the losses in model size and data with the
    point's other variables, with constants (the laws splitting it: :func:`catalog.engine.predict.split_inputs`);
    at N and D those of compute alone (at C = kND); at a point of several variables those whose
    inputs are some of them and that study another through their constant sets (predict's note
    names them); with ``partial`` those taking any one of these variables. The other papers are not read (two fifths of them at N and D, where a law of
    N alone says nothing without --partial; three fifths at a budget). None for a point that does
    not parse: predict says why, every law at hand for its hint."""
    from catalog.engine import evaluation as engine, predict

    try:
        at = frozenset(predict.point(values))
    except engine.EngineError:
        return None
    nd = frozenset({"model_parameters", "data"})
    sets = {query.Taking(at)}
    if "compute" in at:
        sets.add(query.Taking((at - {"compute"}) | nd, predict.MINIMISED))
    if nd <= at and "compute" not in at and (partial or at == nd):
        sets.add(query.Taking(frozenset({"compute"})))
    if partial:
        sets = {query.Taking(frozenset({variable})) for t in sets for variable in t.variables}
    elif len(at) > 1:  # the laws studying a variable of the point set by set, which predict names
        sets.add(query.Taking(at, studied=True))
    return tuple(sorted(sets, key=lambda t: (sorted(t.variables), sorted(t.outputs or ()))))
