"""Read validated records back out of the database: the one way commands get at papers and laws.

The database keeps each whole record as JSON (``papers.record_json``), so a command that needs
a law's full structure (symbols, constant sets, check values) rebuilds the pydantic model from
it without re-reading YAML.

A SQLite file is read with the standard library's ``sqlite3`` (a fresh read-only connection per
read, as the SQLAlchemy engine's NullPool opened one: a reload replaces the file); SQLAlchemy, some
0.3 s of a notebook's ``catalog.open()``, is imported only for a server database or for a caller
that asks for :attr:`Store.engine`.
"""

from __future__ import annotations

import contextlib
import sqlite3
from functools import cached_property
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from catalog import nicknames, textguard
from catalog.store.lawstore import LawRef, NotFound, connect_readonly, law_named, sqlite_file, unknown_law  # noqa: F401
from catalog.store.recordview import one_row, own, rows_by_id, validated

if TYPE_CHECKING:
    from catalog.schema import Paper

PAPERS_SQL = "SELECT id, record_json FROM papers ORDER BY id"


def read_papers(connection) -> dict[str, Paper]:
    """Every record in the database behind ``connection`` (SQLAlchemy), rebuilt from its JSON, by id (sorted)."""
    from sqlalchemy import text

    return _validated_papers(connection.execute(text(PAPERS_SQL)).all())


def _validated_papers(rows) -> dict[str, Paper]:
    """The papers of ``(id, record_json)`` rows by id, each id once and its row's own record."""
    return {paper_id: own(paper_id, validated(record)) for paper_id, record in rows_by_id(rows).items()}


def _text(sql: str):
    from sqlalchemy import text

    return text(sql)


class Store:
    def __init__(self, url: str | None = None):
        from catalog.paths import database_url, no_database

        self.url = database_url(url)
        self._path = sqlite_file(self.url)
        if self._path is not None and not self._path.is_file():
            raise no_database(self._path)  # as db.engine_for said it
        self._stored_forms = False
        self._read: dict[str, Paper] = {}  # papers read one by one (paper), before every one was
        self._held = None  # the connection every read takes within snapshot()

    @cached_property
    def engine(self):
        """A SQLAlchemy engine on the database (the reads here use it for a server database only)."""
        from catalog.store import db

        return db.engine_for(self.url)

    def _rows(self, sql: str, params: dict[str, Any] | None = None) -> list[tuple]:
        """The rows of a read query with ``:name`` parameters, on either kind of database."""
        params = {k: textguard.bindable(v) for k, v in (params or {}).items()}  # a typed id may hold surrogates
        if self._held is not None:
            found = self._held.execute(sql if self._path is not None else _text(sql), params)
            return [tuple(r) for r in found.fetchall()]
        if self._path is not None:
            with contextlib.closing(connect_readonly(self._path)) as connection:
                return connection.execute(sql, params).fetchall()
        from sqlalchemy import text

        with self.engine.connect() as connection:
            return [tuple(r) for r in connection.execute(text(sql), params).all()]

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[None]:
        """Every read in the block sees one catalog: the site build reads the records, their
        formula trees and their hashes (what its cache of pages keys each page by) in three
        queries, and a load between two (which replaces a SQLite file whole) had pages of the
        records as read cached under the hashes of the records as loaded, served by every later
        build. One connection: on SQLite it keeps reading the file it opened; on a server, one
        transaction (REPEATABLE READ, as db.engine_for sets it)."""
        if self._held is not None:
            yield
            return
        if self._path is not None:
            with contextlib.closing(connect_readonly(self._path)) as connection:
                self._held = connection
                try:
                    yield
                finally:
                    self._held = None
            return
        with self.engine.connect() as connection:
            self._held = connection
            try:
                yield
            finally:
                self._held = None

    def _database_error(self) -> type[Exception]:
        """What a read raises for a database without a table or column the reads name."""
        if self._path is not None:
            return sqlite3.Error
        from sqlalchemy.exc import SQLAlchemyError

        return SQLAlchemyError

    @cached_property
    def papers(self) -> dict[str, Paper]:
        papers = _validated_papers(self._rows(PAPERS_SQL))
        fresh = [p for pid, p in papers.items() if pid not in self._read]
        if self._stored_forms:
            self._attach(fresh)
        # a paper read alone stays the object it was (cat.law(...).paper is cat.paper(...))
        return {pid: self._read.get(pid, p) for pid, p in papers.items()}

    def papers_taking(self, taking) -> dict[str, Paper]:
        """The papers with a law one of ``taking`` keeps (:class:`catalog.store.query.Taking`), by
        id: those alone are read and validated, as ``catalog predict`` reads them, unless every
        paper was (cat.predict validated all 271 records for the 108 that can answer at a budget)."""
        from catalog.store import query

        if "papers" in self.__dict__:
            wanted = query.takings(taking)
            return {k: p for k, p in self.papers.items() if any(t.keeps(law) for law in p.laws for t in wanted)}
        condition, params = query.taking_condition(taking)
        rows = self._rows(f"SELECT id, record_json FROM papers WHERE {condition} ORDER BY id", params)
        fresh = {pid: p for pid, p in _validated_papers(rows).items() if pid not in self._read}
        if self._stored_forms:
            self._attach(fresh.values())
        self._read.update(fresh)
        return {pid: self._read[pid] for pid in rows_by_id(rows)}

    def _one(self, paper_id: str) -> Paper | None:
        """The record ``paper_id`` (an id, not a nickname) alone, or None: cat.law('hoffmann2022')
        read and validated all 264 records first, 0.5 s of a notebook's first call."""
        if paper_id not in self._read:
            rows = self._rows("SELECT record_json FROM papers WHERE id = :id LIMIT 2", {"id": paper_id})
            if not rows:
                return None
            paper = own(paper_id, validated(one_row(paper_id, [r[0] for r in rows])))
            if self._stored_forms:
                self._attach([paper])
            self._read[paper_id] = paper
        return self._read[paper_id]

    def attach_stored_forms(self, papers) -> None:
        """Give each law of ``papers`` what ``catalog load`` stored with it (``laws.numeric_json``:
        formula tree, closed forms, constant-set comparisons), so evaluating it needs no sympy
        (:func:`catalog.engine.compiler.compile_law`) and the comparisons are not computed again."""
        from catalog.engine import numeric

        papers = list(papers)
        ids = [f"{paper.id}/{law.id}" for paper in papers for law in paper.laws]
        if len(papers) == 1:  # a paper read alone: its laws' rows
            query = "SELECT id, numeric_json FROM laws WHERE id = :id"
            stored = {i: v for law_id in ids for i, v in self._rows(query, {"id": law_id})}
        else:
            stored = dict(self._rows("SELECT id, numeric_json FROM laws"))
        for paper in papers:
            for law in paper.laws:
                numeric.attach(law, stored.get(f"{paper.id}/{law.id}"))

    def stored_digests(self) -> dict[str, str | None]:
        """A hash of what the database holds for each paper (``papers.record_json``, by paper id) and
        law (``laws.numeric_json``, by ``paper/law``): what the site's cache of pages keys them by."""
        from catalog.site.pagecache import digest

        rows = [*self._rows("SELECT id, record_json FROM papers"), *self._rows("SELECT id, numeric_json FROM laws")]
        return {row_id: digest(text) for row_id, text in rows}

    def with_stored_forms(self) -> "Store":
        """This store, every law given its stored forms (:meth:`attach_stored_forms`, once, some 25
        ms), for a command or session that evaluates many laws: without them each law's first
        evaluation imported sympy and compiled the law with it (about 1 s in all)."""
        if not self._stored_forms:  # the papers read so far now, the others as they are read
            self._attach(self.papers.values() if "papers" in self.__dict__ else self._read.values())
            self._stored_forms = True
        return self

    def _attach(self, papers) -> None:
        try:
            self.attach_stored_forms(papers)
        except self._database_error():  # a database written before the trees were stored: sympy compiles
            pass

    def paper(self, paper_id: str) -> Paper:
        if "papers" not in self.__dict__:
            if (alone := self._one(paper_id)) is not None:
                return alone
            # a nickname (cat.paper("chinchilla")) resolved from the nicknames column: resolving it
            # from every record validated all 271 of them, half a second
            names = nicknames.from_rows(self._rows(nicknames.QUERY))
            if (alone := self._one(nicknames.resolve(paper_id, names, NotFound))) is not None:
                return alone
        if paper_id in self.papers:
            return self.papers[paper_id]
        names = {paper.id: paper.nicknames for paper in self.papers.values()}
        return self.papers[nicknames.resolve(paper_id, names, NotFound)]

    def laws(self) -> list[LawRef]:
        return [LawRef(p, law) for p in self.papers.values() for law in p.laws]

    def law(self, ref: str) -> LawRef:
        """``paper/law``, or a paper id alone when the paper has exactly one law or the first
        law is meant (the paper's main law is listed first)."""
        paper_id, _, law_id = ref.partition("/")
        try:
            paper = self.paper(paper_id)
        except NotFound as exc:
            if law_id:
                raise
            raise law_named(paper_id, (f"{p.id}/{l.id}" for p in self.papers.values() for l in p.laws), exc) from None
        paper_id = paper.id  # when asked for by nickname
        if not paper.laws:
            raise NotFound(f"paper {paper_id!r} has no law: {paper.no_law_reason or ''}".strip())
        if not law_id:
            return LawRef(paper, paper.laws[0])
        for law in paper.laws:
            if law.id == law_id:
                return LawRef(paper, law)
        raise NotFound(unknown_law(paper_id, law_id, [l.id for l in paper.laws]))

    def close(self) -> None:
        if "engine" in self.__dict__:
            self.engine.dispose()

