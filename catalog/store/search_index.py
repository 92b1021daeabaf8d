"""Full-text index over names (id and nicknames), titles, authors, insights, notes and law
names (SQLite FTS5).

On PostgreSQL the index table is a plain table with the words of its columns stored beside them
(a ``tsvector``, :data:`SERVER_TABLE`), matched as whole words, stemmed, as FTS5 matches them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from catalog.schema import Paper

TABLE = "search_fts"


def text(statement: str):
    """SQLAlchemy's text(), imported when the index is written: a search reads this module's names
    (:data:`COLUMNS`, :func:`server_words`) on the fast path, without SQLAlchemy or the schema."""
    from sqlalchemy import text as sql_text

    return sql_text(statement)


def is_sqlite(connection) -> bool:
    return connection.dialect.name == "sqlite"


def document(paper: Paper) -> dict[str, str]:
    bib = paper.bibliography
    parts: list[str] = [paper.summary or "", paper.notes or "", paper.no_law_reason or ""]
    if paper.survey:
        parts += [r.key_insights + " " + r.applicability for r in paper.survey.insights]
        if paper.survey.table6:
            parts += list(paper.survey.table6.model_dump().values())
        if paper.survey.table7:
            parts += [paper.survey.table7.dependent_variable, paper.survey.table7.scaling_variables]
    parts += paper.categories + paper.modalities + paper.tasks + paper.architectures + paper.datasets
    for law in paper.laws:
        # a law is found by its id too, as typed ("hoffmann2022/parametric-loss"): written in words,
        # which a query's words match as a phrase (FTS5) or as a substring (LIKE, PostgreSQL)
        parts += [" ".join(re.findall(r"\w+", f"{paper.id}/{law.id}")), law.name, law.note or "",
                  law.dependent_variable, *law.scaling_variables]
        parts += [s.meaning for s in law.symbols.values()]
        parts += [e.note for e in law.errata]
    parts += [e.note for e in paper.errata]
    return {
        "paper_id": paper.id,
        # the names people look a paper up by: its id and nicknames ("Chinchilla"); the query
        # layer ranks a match here first, then a title match, then the rest by bm25
        "names": " ".join([paper.id, *paper.nicknames]),
        "title": bib.title,
        "authors": " ".join(bib.authors),
        "body": " ".join(p for p in parts if p),
    }


def drop(connection) -> None:
    connection.execute(text(f"DROP TABLE IF EXISTS {TABLE}"))


COLUMNS = ("names", "title", "authors", "body")


# Characters of each column whose words PostgreSQL indexes: a tsvector holds at most 1 MB (1,048,575
# bytes), at most 6 bytes a character (distinct one-character words of 4 UTF-8 bytes, each with its
# entry and position), and the stored one joins the four columns: 4 * 40,000 * 6 fits. Beyond it one
# record's text (valid: law notes of 200,000 words) failed every load. The catalog's longest column
# is some 15,000 characters.
SERVER_WORDS_CHARACTERS = 40_000
SERVER_WORD_LIMIT = 2047  # PostgreSQL indexes no longer word (and drops one from a query)


def server_words(column: str) -> str:
    """PostgreSQL's words of ``column`` as FTS5 reads them (``porter unicode61``): split at every
    character but letters and digits (PostgreSQL's own parser keeps ``parametric_fit.py`` whole
    and reads GPT-4's ``-4`` as a signed number), then stemmed in English; its first
    :data:`SERVER_WORDS_CHARACTERS` only."""
    return (f"to_tsvector('english', regexp_replace(left(coalesce({column}, ''), {SERVER_WORDS_CHARACTERS}), "
            "'[\\W_]+', ' ', 'g'))")


# The index on a server database: the text, and its words (every column's, stored at load and
# indexed) that a search's whole-word terms match, as FTS5 matches them on SQLite.
SERVER_TABLE = (f"CREATE TABLE {TABLE} (paper_id TEXT PRIMARY KEY, names TEXT, title TEXT, authors TEXT, body TEXT, "
                f"words tsvector GENERATED ALWAYS AS ({' || '.join(server_words(c) for c in COLUMNS)}) STORED)")


def create(connection) -> None:
    if is_sqlite(connection):
        connection.execute(text(
            f"CREATE VIRTUAL TABLE {TABLE} USING fts5(paper_id UNINDEXED, names, title, authors, body, "
            "tokenize='porter unicode61')"
        ))
    else:
        connection.execute(text(SERVER_TABLE))
        connection.execute(text(f"CREATE INDEX {TABLE}_words ON {TABLE} USING GIN (words)"))


def clear(connection) -> None:
    connection.execute(text(f"DELETE FROM {TABLE}"))


# meta key set when each index row shares its paper's rowid (SQLite): catalog.store.query then joins
# on integers instead of reading paper_id out of the indexed text
ROWID_META_KEY = "search_fts_rowid"


def mark(connection) -> None:
    """Record that the index rows share their papers' rowids (SQLite)."""
    if is_sqlite(connection):
        connection.execute(text("INSERT INTO meta (key, value) VALUES (:key, 'papers.rowid')"), {"key": ROWID_META_KEY})


# meta key holding the index's words with the number of papers each is in (JSON): what a search
# that found nothing suggests in place of a word that matches nothing (catalog.store.spelling)
WORDS_META_KEY = "search_words"
# letters only (no digits, marks or control characters to print), between non-letters and non-digits
_WORD = re.compile(r"(?<![^\W_])[^\W\d_]{3,40}(?![^\W_])")


def words(text: str) -> set[str]:
    """The words of ``text`` a correction may suggest: letters only, 3 to 40 of them, lower case."""
    return set(_WORD.findall(text.lower()))


def store_words(connection) -> None:
    """Count the indexed words per paper (read back from the index once every batch is in) into
    :data:`WORDS_META_KEY`."""
    import json
    from collections import Counter

    counts: Counter[str] = Counter()
    for row in connection.execute(text(f"SELECT {', '.join(COLUMNS)} FROM {TABLE}")):
        counts.update(words(" ".join(c or "" for c in row)))
    connection.execute(text("INSERT INTO meta (key, value) VALUES (:key, :value)"),
                       {"key": WORDS_META_KEY, "value": json.dumps(dict(sorted(counts.items())), ensure_ascii=False)})


def build(connection, papers: list[Paper], finish: bool = True) -> None:
    """Index ``papers`` (a load calls this once per batch with ``finish=False``, then :func:`mark`)."""
    rows = [document(p) for p in papers]
    if rows and is_sqlite(connection):
        connection.execute(
            text(f"INSERT INTO {TABLE} (rowid, paper_id, names, title, authors, body) VALUES "
                 "((SELECT rowid FROM papers WHERE id = :paper_id), :paper_id, :names, :title, :authors, :body)"),
            rows,
        )
        if finish:
            mark(connection)
    elif rows:
        connection.execute(
            text(f"INSERT INTO {TABLE} (paper_id, names, title, authors, body) "
                 "VALUES (:paper_id, :names, :title, :authors, :body)"),
            rows,
        )
