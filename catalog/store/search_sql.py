"""One search as SQL: :class:`Search` turns a :class:`catalog.store.query.Query` into indexed
conditions on the ``papers`` and ``laws`` tables with bound parameters (FTS5 ``MATCH`` for text on
SQLite, ``to_tsvector`` on PostgreSQL, ``LIKE`` elsewhere), and reads the hits back as :class:`~catalog.store.query.PaperHit` and
:class:`~catalog.store.query.LawHit`. Only :meth:`catalog.store.query.Catalog.run` uses it."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from catalog import reference, vocab
from catalog.store import search_index
from catalog.engine.ranges import format_magnitude as _magnitude, within
from catalog.store.query import (
    BM25_WEIGHTS, FACETS, PAPER_RANGE_COLUMNS, TIER_COLUMNS, Coverage, Covers, LawHit, PaperHit, Query, QueryError,
    SearchResult, _text_terms, fts_expression, like_contains, ts_query)

if TYPE_CHECKING:
    from catalog.store.query import Catalog


class Search:
    """One query run as SQL: each filter an indexed condition on ``papers p`` or ``laws``,
    with bound parameters; the hits and, per law, their scaling variables."""

    def __init__(self, cat: Catalog, query: Query, ids: Iterable[str] | None = None, survey: bool | None = None):
        self.cat, self.q = cat, query
        # a selection's own narrowing (catalog.store.selection): these papers (their ids), in the survey or not
        self.ids = None if ids is None else list(ids)
        self.survey = survey
        self.params: dict[str, Any] = {}
        self.per_law = False  # one row per law (run sets it): a text query then narrows the laws too

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

    def _text_like(self, columns: tuple[str, ...] = search_index.COLUMNS) -> str:
        """Text without FTS5. PostgreSQL matches whole words, stemmed, as FTS5's porter tokenizer
        does ("law" finds "laws", not "lawn"; a term of stop words alone, "the", is no condition);
        elsewhere (SQLite built without FTS5) a case-insensitive substring."""
        conds = []
        terms = _text_terms(self.q.text or "")
        if self.cat.dialect == "postgresql":
            # as FTS5 answers: a term without a letter or digit ('_') is dropped beside others and
            # finds nothing alone; no indexed word is over 2047 characters, the longest PostgreSQL
            # indexes (to_tsquery drops a longer one, and the empty query would match everything)
            worded = [t for t in terms if re.search(r"[^\W_]", t[0])]
            if (terms and not worded) or any(len(w) > search_index.SERVER_WORD_LIMIT
                                             for words, _ in terms for w in words.split()):
                return "FALSE"
            terms = worded
        for words, prefix in terms:
            if self.cat.dialect == "postgresql":
                t = f"to_tsquery('english', {self._param(ts_query(words, prefix))})"
                words_of = ("s.words" if columns == search_index.COLUMNS  # stored at load, indexed
                            else " || ".join(search_index.server_words(f"s.{c}") for c in columns))
                conds.append(f"numnode({t}) = 0 OR ({words_of}) @@ {t}")
            else:
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
        if q.covers:
            joiner = " AND " if q.match == "all" else " OR "
            conds.append("(" + joiner.join(self._law_covers(c) for c in q.covers) + ")")
        if q.text and self.per_law:
            conds.append(self._law_text())
        return conds

    def _law_covers(self, c: Covers) -> str:
        """The law's own fitted range of an input of the variable (the symbol's, or a constant
        set's) contains the value; an input of the variable with no range recorded at all falls
        back to its paper's model or data range. A paper fitting one law near the point no longer
        lists its other laws."""
        v, x = self._param(c.value), self._param(c.variable)
        inside = "(s.base_min IS NULL OR s.base_min <= {v}) AND (s.base_max IS NULL OR s.base_max >= {v})".format(v=v)
        ranged = "(s.base_min IS NOT NULL OR s.base_max IS NOT NULL)"
        parts = [f"EXISTS (SELECT 1 FROM {table} s WHERE s.law_id = l.id AND s.variable = {x}{role} AND {ranged} "
                 f"AND {inside})"
                 for table, role in (("symbols", " AND s.role = 'input'"), ("constant_set_ranges", ""))]
        if c.variable in PAPER_RANGE_COLUMNS:
            lo, hi = PAPER_RANGE_COLUMNS[c.variable]
            parts.append(
                f"(EXISTS (SELECT 1 FROM symbols s WHERE s.law_id = l.id AND s.variable = {x} AND s.role = 'input' "
                f"AND s.range_min IS NULL AND s.range_max IS NULL AND NOT EXISTS (SELECT 1 FROM constant_set_ranges r "
                f"WHERE r.law_id = l.id AND r.symbol = s.name)) AND EXISTS (SELECT 1 FROM papers pp WHERE "
                f"pp.id = l.paper_id AND (pp.{lo} IS NOT NULL OR pp.{hi} IS NOT NULL) AND (pp.{lo} IS NULL OR "
                f"pp.{lo} <= {v}) AND (pp.{hi} IS NULL OR pp.{hi} >= {v})))")
        return "(" + " OR ".join(parts) + ")"

    def _law_text(self) -> str:
        """One row per law, a text query keeps the laws it names themselves (every word in the law's
        id, name, dependent variable or note: "learning rate" lists learning-rate laws, not every
        law of each paper that mentions learning rates), or all the laws of a paper it names (its
        id, a nickname or its title: "chinchilla" lists hoffmann2022's)."""
        law = "lower(l.id || ' ' || l.name || ' ' || l.dependent_variable || ' ' || coalesce(l.note, ''))"
        paper = "lower(pp.id || ' ' || pp.nicknames || ' ' || pp.title)"
        in_law, in_paper = [], []
        for words, _prefix in _text_terms(self.q.text or ""):
            for word in words.lower().split():
                t = self._param(like_contains(word))
                in_law.append(f"{law} LIKE {t} ESCAPE '\\'")
                in_paper.append(f"{paper} LIKE {t} ESCAPE '\\'")
        return (f"(({' AND '.join(in_law)}) OR EXISTS (SELECT 1 FROM papers pp WHERE pp.id = l.paper_id AND "
                f"{' AND '.join(in_paper)}))")

    def _paper_conditions(self) -> list[str]:
        q, conds = self.q, []
        if self.ids is not None:  # first: the primary key narrows the papers to these rows
            conds.append(self._ids("p.id", self.ids))
        if self.survey is not None:
            conds.append(f"p.in_survey = {self._param(self.survey)}")
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
        if q.law_level or (q.text and self.per_law):
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
        self.per_law = per_law
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

    def matching(self) -> tuple[list[str], list[str] | None]:
        """The matching papers' ids in result order and, for a law-level query, their matching laws'
        ids: what a selection (:func:`catalog.store.selection.select`) needs, without reading every
        hit's columns, facets and laws (:meth:`_hits`: most of a search over the whole catalog)."""
        prefix, body, order = self._phase1()
        key = "t.key" if self.q.text and self.cat.has_fts5 else "p.id"
        keys = [row[0] for row in self.cat.rows(f"{prefix}SELECT {key} FROM {body} ORDER BY {order}", self.params)]
        if prefix and keys:  # rowids shared with the full-text rows
            ids = dict(self.cat.rows(f"SELECT rowid, id FROM papers WHERE {self._ids('rowid', keys)}", self.params))
            keys = [ids[k] for k in keys]
        if not self.q.lists_laws:
            return keys, None
        laws = self.cat.rows(f"SELECT l.id FROM laws l WHERE {self._law_where(keys)} ORDER BY l.paper_id, l.position",
                             self.params) if keys else []
        return keys, [row[0] for row in laws]

    def _law_where(self, paper_ids: list[str]) -> str:
        """The matching laws of these papers, as conditions on ``laws l``."""
        return " AND ".join([self._ids("l.paper_id", paper_ids), *self._law_conditions(correlated=True)])

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
        bounds: dict[str, tuple] = {}  # each paper's model and data range as numbers (covers' fallback)
        column = "rowid" if by_rowid else "id"
        for (k, pid, title, year, authors, citation, in_survey, tc, ac, repo, mprinted, mmin, mmax, dprinted, dmin, dmax,
             law_count) in self.cat.rows(
                f"SELECT {column}, id, title, year, authors, survey_citation, in_survey, training_code, analysis_code, "
                "repository, model_range_printed, model_min, model_max, data_range_printed, data_min, data_max, "
                f"law_count FROM papers WHERE {self._ids(column, list(scores))}", self.params):
            bounds[pid] = (mmin, mmax, dmin, dmax)
            names = authors.split("; ") if authors else []
            found[k] = PaperHit(  # the citation as the site, predict and tables label the paper
                id=pid, title=title, year=year, authors=names, citation=reference.cited_as(citation, names, year),
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
            if kind not in plural:
                from catalog.store.recordview import InvalidRecord

                raise InvalidRecord(f"the database's record {pid!r}: a facet of kind {kind!r}, "
                                    f"which no load writes (kinds: {', '.join(plural)})")
            getattr(papers[pid], plural[kind]).append(value)
        laws: dict[str, LawHit] = {}
        law_where = self._law_where(ids)
        for lid, pid, key, name, dep, out, expr, defined, has_constants, form in self.cat.rows(
                "SELECT l.id, l.paper_id, l.law_key, l.name, l.dependent_variable, l.output_symbol, l.expression, "
                f"l.definitions, l.has_constants, l.form FROM laws l WHERE {law_where} "
                "ORDER BY l.paper_id, l.position", self.params):
            _check_law_columns(lid, out, defined)
            laws[lid] = LawHit(id=lid, paper_id=pid, key=key, name=name, dependent_variable=dep, scaling_variables=[],
                               output_symbol=out, expression=expr, has_constants=bool(has_constants), form=form,
                               definitions=defined)
            papers[pid].laws.append(laws[lid])
        if laws and self.q.covers:
            self._coverage(laws, bounds)
        if laws:
            for lid, variable in self.cat.rows(
                    f"SELECT law_id, variable FROM law_variables WHERE {self._ids('law_id', list(laws))} "
                    "ORDER BY law_id, position", self.params):
                laws[lid].scaling_variables.append(variable)
        return list(papers.values())

    def _coverage(self, laws: dict[str, LawHit], bounds: dict[str, tuple]) -> None:
        """Each listed law's inputs of the variables asked to be covered, inside or outside their
        own fitted ranges (what the law-level covers condition tests), per value asked for."""
        variables = list(dict.fromkeys(c.variable for c in self.q.covers))
        inputs: dict[tuple[str, str], list] = {}  # (law, symbol) -> [variable, recorded?, [(lo, hi), ...]]
        for lid, name, variable, rmin, rmax, lo, hi in self.cat.rows(
                "SELECT law_id, name, variable, range_min, range_max, base_min, base_max FROM symbols "
                f"WHERE role = 'input' AND {self._ids('law_id', list(laws))} AND variable IN {self._in(variables)} "
                "ORDER BY law_id, name", self.params):
            inputs[(lid, name)] = [variable, rmin is not None or rmax is not None,
                                   [(lo, hi)] if lo is not None or hi is not None else []]
        for lid, name, lo, hi in self.cat.rows(
                "SELECT law_id, symbol, base_min, base_max FROM constant_set_ranges "
                f"WHERE {self._ids('law_id', list(laws))} ORDER BY law_id, set_id", self.params):
            if (lid, name) in inputs:
                entry = inputs[(lid, name)]
                entry[1] = True
                if (lo is not None or hi is not None) and (lo, hi) not in entry[2]:
                    entry[2].append((lo, hi))
        for c in self.q.covers:  # in the order asked, each law's inputs by name
            for (lid, name), (variable, recorded, spans) in inputs.items():
                if c.variable != variable:
                    continue
                held = None if recorded else _paper_holds(bounds[laws[lid].paper_id], c)
                if spans:
                    status = "inside" if any(within(lo, hi, c.value) for lo, hi in spans) else "outside"
                elif held is not None:
                    status = "inside paper range" if held else "outside paper range"
                else:
                    status = "no range"
                laws[lid].coverage.append(Coverage(c.text, name, status, spans))


def _paper_holds(paper: tuple, c: Covers) -> bool | None:
    """Whether the paper's model or data range, ``paper`` = (model_min, model_max, data_min,
    data_max), the fallback of an input that records none, holds the value (None: no such range)."""
    low, high = {"model_parameters": paper[:2], "data": paper[2:]}.get(c.variable, (None, None))
    if low is None and high is None:
        return None
    return within(low, high, c.value)


def _check_law_columns(law_id: str, output: Any, defined: Any) -> None:
    """The law's output symbol and its definitions ('Ehat = ...; Dprime = ...') as ``catalog load``
    writes them: printed (and split into ``defined_as``) from the laws table, not from the stored
    record the readers check again, a name no record may hold (a spreadsheet formula) or a list
    that is no list of definitions is :class:`~catalog.store.recordview.InvalidRecord`."""
    from catalog import textguard
    from catalog.definitions import from_where_text
    from catalog.store.recordview import InvalidRecord

    reason = textguard.symbol_name_reason(output)
    if reason is None and defined is not None:
        try:
            names = list(from_where_text(defined))
        except (ValueError, AttributeError):  # a part without ' = ', or no text
            names = None
        bad = [r for r in map(textguard.symbol_name_reason, names or []) if r]
        reason = "definitions: not 'name = formula; ...'" if names is None else f"definitions: {bad[0]}" if bad else None
    if reason is not None:
        raise InvalidRecord(f"the database's law {law_id!r}: {reason}")


def _bool(value: Any) -> bool | None:
    return None if value is None else bool(value)


def _range_text(low: float | None, high: float | None) -> str | None:
    if low is None and high is None:
        return None
    return f"{_magnitude(low)} - {_magnitude(high)}"
