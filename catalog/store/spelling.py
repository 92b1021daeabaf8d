"""Spelling corrections for a free-text search that found nothing: each word of the text that
matches nothing alone is replaced by the words spelled close to it among the search index's words
(stored at load, :data:`catalog.store.search_index.WORDS_META_KEY`) and the vocabularies' values
and synonyms, and the corrected texts that find something are offered with their counts
(``bach size`` -> ``batch size``). Only difflib and the database: a search stays free of sympy,
SQLAlchemy and pydantic."""

from __future__ import annotations

import difflib
import functools
import itertools
import json
import re
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from catalog import vocab
from catalog.store import search_index

if TYPE_CHECKING:
    from catalog.store.query import Catalog, Query

CUTOFF = 0.75  # difflib's ratio: 'bach' -> 'batch' (0.89), 'sizee' -> 'size' (0.89); not 'bach' -> 'each'
TRANSPOSED = 0.9  # the score of two adjacent letters swapped, as close as one letter missing from 'batch'
PER_WORD = 3  # spellings tried for each word that matches nothing
OFFERED = 3  # corrected texts offered at most


@dataclass(frozen=True)
class Correction:
    text: str  # the search text with each unmatched word respelled
    found: int  # papers (or with per_law, laws) it finds, with the search's other filters


def corrections(cat: Catalog, query: Query, per_law: bool = False) -> list[Correction]:
    """The respellings of ``query.text`` that find something, the closest first (none when every
    word matches something alone: the words are spelled as the catalog spells them, only not
    together)."""
    unmatched = [w for w in _words(query.text or "") if not _finds(cat, w)]
    if not unmatched:
        return []
    known = _known(cat)
    choices = [_close(w, known) for w in unmatched]
    if not all(choices):
        return []
    found = []  # in the order of the product: the closest spellings first
    for spelled in itertools.islice(itertools.product(*choices), PER_WORD ** 2):
        text = query.text
        for word, new in zip(unmatched, spelled):
            text = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", new, text, flags=re.IGNORECASE)
        result = cat.run(replace(query, text=text), limit=1, per_law=per_law)
        count = (result.law_total or 0) if per_law else result.total
        if count:
            found.append(Correction(text, count))
    return found[:OFFERED]


def _words(text: str) -> list[str]:
    """The words of a search text that a respelling may replace: letters only, three or more, not a
    prefix search's stem (``quant*``)."""
    from catalog.store.query import _text_terms

    out = []
    for words, prefix in _text_terms(text):
        parts = words.split()
        for i, w in enumerate(parts):
            if not (prefix and i == len(parts) - 1) and search_index.words(w) == {w.lower()}:
                out.append(w)
    return list(dict.fromkeys(out))


def _finds(cat: Catalog, word: str) -> bool:
    """Whether ``word`` alone matches any paper (stemmed on SQLite and PostgreSQL: 'sizes' matches)."""
    from catalog.store.query import Query

    return cat.run(Query(text=word), limit=1).total > 0


def _known(cat: Catalog) -> dict[str, int]:
    """Every word a correction may suggest, with the papers it is in (a vocabulary's word the index
    lacks counts 0)."""
    rows = cat.rows("SELECT value FROM meta WHERE key = :key", {"key": search_index.WORDS_META_KEY})
    try:
        stored = json.loads(rows[0][0]) if rows else {}
    except ValueError:  # a --db no load wrote
        stored = {}
    known = {w: n for w, n in stored.items() if isinstance(w, str) and isinstance(n, int)
             and search_index.words(w) == {w}}
    for word in _vocabulary_words():
        known.setdefault(word, 0)
    return known


@functools.cache
def _vocabulary_words() -> frozenset[str]:
    texts = []
    for kind, table in vocab.VOCABULARIES.items():
        for name, entry in table.items():
            texts += [name, *(entry[1] if kind == "variable" else entry)]  # variables: (description, synonyms)
    return frozenset(search_index.words(" ".join(texts)))


def _close(word: str, known: dict[str, int]) -> list[str]:
    """The known words spelled closest to ``word``, most papers first among equally close ones.
    A word of n letters can reach the cutoff only against words of 0.6 n to 1.67 n letters."""
    w = word.lower()
    low, high = len(w) * CUTOFF / (2 - CUTOFF), len(w) * (2 - CUTOFF) / CUTOFF
    candidates = [k for k in known if low <= len(k) <= high and k != w]
    swapped = {w[:i] + w[i + 1] + w[i] + w[i + 2:] for i in range(len(w) - 1)}
    scored = []
    for k in candidates:
        m = difflib.SequenceMatcher(None, w, k)
        if k in swapped:  # two letters typed the other way round ('lwa'), which difflib scores low
            scored.append((-TRANSPOSED, -known[k], k))
        elif m.real_quick_ratio() >= CUTOFF and m.quick_ratio() >= CUTOFF and (r := m.ratio()) >= CUTOFF:
            scored.append((-r, -known[k], k))
    return [k for _, _, k in sorted(scored)[:PER_WORD]]
