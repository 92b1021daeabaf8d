"""The site build's cache of what one record gives it: each law's formula assets (LaTeX lines, the
calculator's JavaScript and data, the provenance notes: :func:`catalog.site.views.law_view`) and
each law and paper page as rendered and split for mkdocs, so that a build after one record was
edited renders that record's pages alone.

Each entry is keyed (:func:`key`) by a hash of everything its rendering reads: the record as the
database holds it (``papers.record_json``, and each law's ``laws.numeric_json``: its formula tree,
closed forms and set comparisons), what the page takes from other records (links, corrections and
their comparisons, the ids of every page it may link to), the site's templates, the package's
code (``paths.code_digest``) and the libraries that print or render (sympy, jinja2, markupsafe,
numpy, Python). A change to any of them is another key: no entry is ever stale, nothing is
invalidated, and a build from a cache is byte-identical to one without (tests/test_site.py).
The file is a :class:`catalog.formcache.Store` of the user's cache directory (``CATALOG_CACHE_DIR``
moves it), holding the entries of the last build only. An entry is the build's
own output, trusted as the output directory is; one that is not the shape written (each caller's
``check``: the types the pages and templates read) is rendered again.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable, Sequence
from importlib import metadata

from catalog import formcache, paths

VERSION = 1  # of the entries' layout and keys


@functools.cache
def site_version() -> str:
    """The package's code, sympy's and Python's releases (formcache.printer_version), the site's
    templates and the releases of the libraries rendering them."""
    digest = hashlib.sha256(f"{formcache.printer_version()}\n".encode())
    for name in ("jinja2", "markupsafe", "numpy"):
        try:
            digest.update(f"{name} {metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name} none\n".encode())
    templates = paths.site_sources() / "templates"
    for template in sorted(templates.glob("*.j2")):
        digest.update(f"{template.name}\n".encode())
        digest.update(template.read_bytes())
    return digest.hexdigest()


def key(kind: str, material: Sequence) -> str:
    """The one key of an entry: ``kind`` (what it is) and ``material`` (JSON data: what it is made
    from), with :func:`site_version`."""
    return formcache.key_of(VERSION, site_version(), kind, material, default=repr)


def digest(text: str | None) -> str | None:
    """A short stand-in for a long text in an entry's material (a record's JSON)."""
    return None if text is None else hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class PageCache:
    """Entries of the build, read one by one and written when the build ends (:meth:`flush`),
    which keeps only the entries this build used: the pages of a record before its edit, some
    100 KB each, are never read again. ``hits`` and ``misses`` count the reads."""

    def __init__(self) -> None:
        self.hits = self.misses = 0
        self._store = formcache.Store(f"site-pages-{VERSION}.sqlite", site_version)
        self._used: set[str] = set()

    def get(self, entry_key: str, size: int, check: Callable[[list], bool]) -> list | None:
        """The entry at ``entry_key`` when it is a JSON list of ``size`` items that passes ``check``,
        else None: an entry of another shape (a damaged or foreign file) ended the build in a
        TypeError traceback where it was read."""
        self._used.add(entry_key)
        found = self._store.read(entry_key)
        value = None
        if found is not None:
            try:
                value = json.loads(found)
            except (ValueError, RecursionError):
                value = None
        if not (isinstance(value, list) and len(value) == size and check(value)):
            self.misses += 1
            return None
        self.hits += 1
        return value

    def put(self, entry_key: str, value: list) -> None:
        self._used.add(entry_key)
        self._store.put(entry_key, json.dumps(value, ensure_ascii=False))

    def flush(self) -> None:
        """At the build's end: write the entries, keep only those used, close the file."""
        self._store.keep_only(self._used)
        self._store.close()


def texts(value, none: bool = False) -> bool:
    """A string (or None, with ``none``): a check's part."""
    return isinstance(value, str) or (none and value is None)


def text_list(value) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)
