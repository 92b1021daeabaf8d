"""Records found valid, kept so that a build after an edit validates only the files that changed.

A record's validity depends on its file's text, its name (the id must equal it) and the code that
validates it: the schema, the vocabulary and the formula rules are modules of the package, and
the parsing is PyYAML's, pydantic's and sympy's. An entry's key is a hash of all of them (every
module's content, the libraries' releases, Python's version), so an edit to any is another key and
no entry is ever stale. Only a record with no issue is kept (one with any is validated every time);
the rules across records (ids, bibtex keys, nicknames, relation targets) run over every record on
every run, from the lines an entry keeps for them. A paper whose check values the law reproduces
(``catalog validate``) is kept too, keyed by the whole paper and the code with numpy's and scipy's
releases, which evaluate it.

An entry is the paper as pydantic's JSON, read back through the schema (every field's check runs
on it again: a damaged or forged entry that fails them is validated from the file instead), and
kept only when it reads back to the same paper. The cache is a file of the user's cache
directory beside the printed forms' (:mod:`catalog.formcache`, ``CATALOG_CACHE_DIR`` moves it);
a locked, read-only or missing cache only costs the validation.
"""

from __future__ import annotations

import functools
import hashlib
import json
import sys
from collections.abc import Iterable

from catalog import formcache, paths

VERSION = 1  # of the entries' layout and keys: another version is another file


@functools.cache
def validator_version() -> str:
    """Everything a record's validity depends on besides its file: the package's modules (by
    content), the releases of the libraries that parse and check it, and Python's."""
    import pydantic
    import pydantic_core
    import yaml

    parts = [paths.code_digest(), pydantic.VERSION, pydantic_core.__version__, yaml.__version__,
             formcache.sympy_release(), sys.version]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


_STORE = formcache.Store(f"valid-records-{VERSION}.sqlite", validator_version)


def key(stem: str, text: str) -> str:
    material = json.dumps([VERSION, validator_version(), stem, text], ensure_ascii=False)
    return hashlib.sha256(material.encode("utf-8", "surrogatepass")).hexdigest()


def read(entry_key: str, stem: str):
    """(paper, {location: line}) of a record found valid before, or None."""
    from catalog.schema import Paper

    found = _STORE.read(entry_key)
    if found is None:
        return None
    try:
        entry = json.loads(found)
        paper = Paper.model_validate_json(entry["paper"])
        lines = {tuple(loc): line for loc, line in entry["lines"]}
    except (ValueError, TypeError, KeyError, RecursionError):  # not an entry this code wrote (pydantic's errors are ValueErrors)
        return None
    if paper.id != stem or not all(isinstance(line, int) for line in lines.values()):
        return None
    return paper, lines


def keep(entry_key: str, paper, lines: Iterable[tuple[tuple, int]]) -> None:
    """Keep a valid record's paper and the lines the rules across records cite (written by
    :func:`flush`), when its JSON reads back to the same paper."""
    from catalog.schema import Paper

    text = paper.model_dump_json()
    try:
        if Paper.model_validate_json(text) != paper:
            return
    except ValueError:  # a value JSON does not hold (an infinity): validated every time
        return
    _STORE.put(entry_key, json.dumps({"paper": text, "lines": [[list(loc), line] for loc, line in lines]},
                                     ensure_ascii=False))


@functools.cache
def _evaluator_version() -> str:
    """What evaluating a law depends on besides the validator: numpy's and scipy's releases."""
    from importlib import metadata

    releases = []
    for name in ("numpy", "scipy"):
        try:
            releases.append(metadata.version(name))
        except metadata.PackageNotFoundError:
            releases.append("none")
    return f"{validator_version()} {' '.join(releases)}"


def checks_key(paper) -> str:
    """The key of a paper's check values: the paper as validated (all of it: a check's law, its
    constant sets, the inputs and the values expected) and the code that evaluates it."""
    material = json.dumps([VERSION, "checks", _evaluator_version(), paper.model_dump_json()], ensure_ascii=False)
    return hashlib.sha256(material.encode("utf-8", "surrogatepass")).hexdigest()


def checks_passed(entry_key: str) -> bool:
    """Whether every check value of the paper of ``entry_key`` was reproduced before."""
    return _STORE.read(entry_key) == _PASSED


def keep_checks_passed(entry_key: str) -> None:
    _STORE.put(entry_key, _PASSED)


_PASSED = "check values reproduced"


def flush() -> None:
    """Write the entries kept so far (at exit too)."""
    _STORE.flush()
