"""Papers looked up by the names people call them: ``catalog show chinchilla`` and
``catalog eval chinchilla N=70B D=1.4T`` mean hoffmann2022, nicknamed Chinchilla.

An id that is not a paper's is tried as a nickname (case, spaces, hyphens and underscores
ignored; the schema's nicknames are unique across the catalog, so at most one paper matches),
then as the surname of an author with one catalogued paper (``catalog eval kaplan``);
failing that, the error suggests the closest ids and nicknames. Only the miss pays for reading
the nicknames, so a lookup by id costs what it did before."""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping

from catalog import textguard


def key(name: str) -> str:
    """The form two nicknames are compared in: case, spaces, hyphens and underscores ignored, and
    what does not show either: compatibility forms (a fullwidth letter) are their letter, invisible
    format characters (a zero-width space, joiners, bidirectional marks) are dropped. 'Chin<U+200B>chilla'
    and '<U+FF23>hinchilla' print as Chinchilla, so they are Chinchilla's key: the cross-record rule
    refuses them as a second paper's nickname."""
    name = "".join(c for c in unicodedata.normalize("NFKC", name) if unicodedata.category(c) != "Cf")
    return re.sub(r"[\s_-]+", " ", name).strip().casefold()


# the papers table's ids and nicknames, for :func:`from_rows`
QUERY = "SELECT id, nicknames FROM papers ORDER BY id"


def from_rows(rows: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """``{paper id: nicknames}`` from the rows of :data:`QUERY`. A nickname holding a control
    character or an unassigned code point (which no valid record has: a database not written by
    ``catalog load``) is left out:
    these names are printed in hints and as shell completion's help, where it would reach the terminal."""
    from catalog import textguard

    out = {}
    for paper_id, text in rows:
        try:
            names = json.loads(text)
        except (TypeError, ValueError, RecursionError):
            names = None
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            # 'catalog load' writes a JSON list of names: the database was written otherwise
            from catalog.store.recordview import InvalidRecord

            raise InvalidRecord(f"the database's record {textguard.escaped(str(paper_id))!r}: its nicknames "
                                "are not a JSON list of names")
        out[paper_id] = [n for n in names if not textguard.record_text_reason(n)]
    return out


def surname_of(name: str, paper_ids: Iterable[str]) -> list[str]:
    """The ids among ``paper_ids`` whose surname part (the id before its year) is ``name``: the
    papers :func:`paper_named` finds by that surname (when it is one paper's)."""
    wanted = key(name)
    if not re.fullmatch(r"[a-z]+", wanted):
        return []
    return sorted(paper_id for paper_id in paper_ids if re.fullmatch(rf"{wanted}\d{{4}}[a-z]?", paper_id))


def paper_named(name: str, nicknames: Mapping[str, Iterable[str]]) -> str | None:
    """The id of the paper nicknamed ``name``, or of the one paper by the surname ``name``
    (ids are surname and year: 'kaplan' is kaplan2020 while no other kaplan paper is catalogued;
    'chen' names ten and stays a miss, answered with suggestions), or None."""
    wanted = key(name)
    named = next((paper_id for paper_id, names in nicknames.items() if wanted in map(key, names)), None)
    if named is None:
        by_surname = surname_of(name, nicknames)
        named = by_surname[0] if len(by_surname) == 1 else None
    return named


def resolve(name: str, nicknames: Mapping[str, Iterable[str]], error: type[Exception] = LookupError) -> str:
    """The id of the paper nicknamed ``name``; else raises ``error`` (the caller's own not-found
    class) with :func:`unknown_paper`'s message."""
    named = paper_named(name, nicknames)
    if named is None:
        raise error(unknown_paper(name, nicknames))
    return named


# how far below the closest name's similarity (difflib's ratio, 0 to 1) a suggestion may be
NOISE = 0.2


def unknown_paper(name: str, nicknames: Mapping[str, Iterable[str]]) -> str:
    """``"unknown paper 'x'; did you mean: hoffmann2022 (Chinchilla), ...?"``"""
    hint = close_names(name, nicknames)
    return f"unknown paper {textguard.quoted(name)}" + (f"; did you mean: {hint}?" if hint else "")


def close_names(name: str, nicknames: Mapping[str, Iterable[str]]) -> str:
    """``"hoffmann2022 (Chinchilla), ..."``: the papers whose id or a nickname is spelled close to
    ``name`` (at most five, each once), or ``""``."""
    label = {paper_id: (paper_id, paper_id) for paper_id in nicknames}
    for paper_id, names in nicknames.items():
        for nickname in names:
            label.setdefault(key(nickname), (paper_id, f"{paper_id} ({nickname})"))
    wanted = key(name)
    close = difflib.get_close_matches(wanted, list(label), n=8, cutoff=0.5)
    similarity = [difflib.SequenceMatcher(None, wanted, match).ratio() for match in close]
    shown: dict[str, str] = {}  # a paper once, under its closest name
    for match, ratio in zip(close, similarity):
        # far behind the best is noise: 'kaplan' is kaplan2020, not POLAR or ATLAS
        if ratio >= similarity[0] - NOISE:
            shown.setdefault(*label[match])
    return ", ".join(list(shown.values())[:5])
