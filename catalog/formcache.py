"""A cache of the formulas sympy prints (``show --pretty``, a custom table's form column), so that a
command printing them imports sympy only for a law it has not printed before.

Each entry is keyed by a hash of everything its printing reads: the law's expression, form,
output and symbols (name, role, value, definition), its stored formula tree, the constant set put
in, the terminal width a pretty print wraps at, and the printer's version (the package's code,
sympy's release, Python's). A change to any of them is another key, so no entry is ever stale
and nothing has to be invalidated. The cache is one SQLite file in the user's cache directory
(``CATALOG_CACHE_DIR`` moves it), shared by every database and process: misses are written in one
transaction when the process ends, and a locked, read-only or missing cache only costs the
printing. An entry is hostile input like a stored record: it is used only when it passes the checks
of the record fields it stands for (printable text, one line, LaTeX of the math whitelist,
:mod:`catalog.textguard`); any other is printed again and overwritten, and a file that is no
database is replaced.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import hashlib
import json
import os
import re
import sqlite3
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from catalog import paths, textguard

VERSION = 1  # of the entries' layout and keys: another version is another file
FILE_NAME = f"printed-forms-{VERSION}.sqlite"
MAX_LENGTH = 1_000_000  # characters of an entry: a longer one is refused, not printed
MAX_PENDING = 16_000_000  # characters of entries kept for writing: more are written at once
KEEP_SECONDS = 30 * 86400  # entries of another printer version are dropped this long after written

Check = Callable[[object], bool]


def printable(text: object) -> bool:
    """Text a record field may hold (newlines too): no control, bidirectional or invisible character."""
    return isinstance(text, str) and len(text) <= MAX_LENGTH and textguard.control_character_reason(text) is None


def one_line(text: object) -> bool:
    return printable(text) and textguard.line_break_reason(text) is None


def latex_math(text: object) -> bool:
    """LaTeX a record's math field may hold (``survey_latex``): one line of whitelisted math
    commands; and the cases of a piecewise law as sympy prints them, ``\\begin{cases} a & b
    \\end{cases}``, checked as the group ``{a   b}`` they are, nested in the braces as groups
    are: a '&' outside them, which would split a table's cell, or in braces inside them (TeX's
    'Misplaced alignment tab character'), is refused."""
    if not one_line(text):
        return False
    open_groups: list[str] = []
    stray = False

    def grouped(match: re.Match) -> str:
        nonlocal stray
        token = match.group()
        if token == "&":  # a column of the innermost cases, not one in braces inside them (\text{a & b})
            stray |= not open_groups or open_groups[-1] != _BEGIN
            return " "
        if token in ("{", _BEGIN):
            open_groups.append(token)
        elif token in ("}", _END):
            stray |= not open_groups or open_groups.pop() != ("{" if token == "}" else _BEGIN)
        return {_BEGIN: "{", _END: "}"}.get(token, token)  # any other command (\\ too) whole

    checked = _GROUP_TOKEN.sub(grouped, text)
    return not stray and not open_groups and textguard.latex_reason(checked) is None


def latex_lines(text: object) -> bool:
    """Display lines (:func:`catalog.publish.typeset.display_lines`) joined by newlines, each one
    :func:`latex_math`; "" for none."""
    return printable(text) and (text == "" or all(latex_math(line) for line in text.split("\n")))


_BEGIN, _END = "\\begin{cases}", "\\end{cases}"
_GROUP_TOKEN = re.compile(r"\\begin\{cases\}|\\end\{cases\}|\\(?:[A-Za-z]+|.)|[&{}]", re.DOTALL)


def law_material(law, constant_set=None) -> list:
    """What printing ``law`` reads (with ``constant_set``'s values put in): the key's material."""
    symbols = [[name, s.role, s.value, s.expression] for name, s in law.symbols.items()]
    values = None if constant_set is None else [
        [name, value, constant_set.printed.get(name)] for name, value in constant_set.values.items()]
    return [law.expression, law.form, law.output_symbol, symbols, getattr(law, "numeric", None), values]


def cached(kind: str, material: Sequence, compute: Callable[[], Sequence[str]], checks: Sequence[Check],
           version: str | None = None) -> tuple:
    """``compute()`` (a tuple of strings), or the cache's entry for ``kind`` and ``material`` when
    it holds one whose strings pass ``checks``, one check per string. A computed value that passes
    them is written to the cache when the process ends (:func:`flush`). ``version``: what computes
    it, when not the printer (:func:`printer_version`): a value that depends on no module of the
    package (numpy's names) keeps its entry across the package's edits."""
    key = key_of(VERSION, printer_version() if version is None else version, kind, material)
    found = _STORE.read(key)
    if found is not None:
        try:
            value = json.loads(found) if len(found) <= 4 * MAX_LENGTH * len(checks) else None
        except (ValueError, RecursionError):  # not JSON, or nested past the parser's depth
            value = None
        if isinstance(value, list) and len(value) == len(checks) and all(ok(v) for ok, v in zip(checks, value)):
            return tuple(value)
    value = tuple(compute())
    if len(value) == len(checks) and all(ok(v) for ok, v in zip(checks, value)):
        _STORE.put(key, json.dumps(value, ensure_ascii=False))
    return value


def flush() -> None:
    """Write the entries computed so far (at exit too)."""
    _STORE.flush()


def key_of(layout: int, version: str, kind: str, material: Sequence, default=None) -> str:
    """The key of a cache's entry: a hash of its ``layout`` (the cache's own version), ``version``
    (what computes it), ``kind`` and ``material`` (JSON data; ``default`` as json.dumps takes it)."""
    text = json.dumps([layout, version, kind, *material], ensure_ascii=False, separators=(",", ":"), default=default)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@functools.cache
def printer_version() -> str:
    """The package's code (its modules' contents: paths.code_digest, the valid records' key too), sympy's
    release and Python's version, read without importing sympy."""
    return hashlib.sha256(f"{paths.code_digest()}\n{sympy_release()}\n{sys.version}".encode()).hexdigest()


@functools.cache
def sympy_release() -> str:
    """sympy's release file, read without importing sympy."""
    return release_text("sympy", "release.py")


@functools.cache  # a process reads one release of each (an upgrade is seen by the next process)
def release_text(package: str, file_name: str) -> str:
    """The file of ``package`` that names its release (sympy's release.py, numpy's version.py),
    read without importing the package: "" when it is not installed."""
    import importlib.util

    spec = importlib.util.find_spec(package)
    try:
        return Path(spec.origin).with_name(file_name).read_text(encoding="utf-8") if spec and spec.origin else ""
    except OSError:
        return "unreadable"


class Store:
    """A cache file of the user's cache directory (``file_name``), keys to texts: read entry by entry,
    written in one transaction. ``version()`` is stored with each entry: entries of another
    version are dropped some time after they were written."""

    def __init__(self, file_name: str = FILE_NAME, version: Callable[[], str] = printer_version) -> None:
        self.file_name = file_name
        self.version = version
        self._lock = threading.Lock()
        # (process, file, its connection or None when there is no cache to read): a forked child,
        # or a test moving CATALOG_CACHE_DIR, opens its own
        self._opened: tuple[int, Path, sqlite3.Connection | None] | None = None
        # entries to write, to the cache they were printed for (CATALOG_CACHE_DIR may change before exit)
        self._pending: dict[str, str] = {}
        self._pending_path: Path | None = None
        self._pending_size = 0  # characters
        self._at_exit = False

    def path(self) -> Path:
        return paths.cache_dir() / self.file_name

    def _connection(self, path: Path, create: bool = False) -> sqlite3.Connection | None:
        if self._opened is not None and self._opened[:2] == (os.getpid(), path) and (self._opened[2] or not create):
            return self._opened[2]
        self._close()  # the last cache's (CATALOG_CACHE_DIR moved): left open, it was never closed
        conn = None
        for attempt in range(2):
            try:
                if create:
                    path.parent.mkdir(parents=True, exist_ok=True)
                elif not path.is_file():
                    break
                conn = sqlite3.connect(path, timeout=2.0, isolation_level=None, check_same_thread=False)
                try:
                    conn.execute(_PROBE)
                except sqlite3.OperationalError:  # no table yet (or locked: then creating it fails too)
                    if not create:
                        raise
                    conn.execute(_TABLE)
                if conn.execute(_OTHERS).fetchone() is not None:
                    # a trigger runs on each write (one looping forever held the command at its last
                    # write), an index or view is none of ours: a file of another making, replaced
                    raise sqlite3.DatabaseError("the cache file holds more than its table")
                break
            except (OSError, sqlite3.Error) as exc:
                if conn is not None:
                    conn.close()
                    conn = None
                # no database (corrupted, truncated, written by anything else): replaced once;
                # anything else (read-only, locked past the timeout, no table yet) only costs the printing
                if not _not_a_database(exc) or attempt or not _remove(path):
                    break
        self._opened = (os.getpid(), path, conn)
        if conn is not None:
            self._closed_at_exit()
        return conn

    def _close(self) -> None:
        """Close this process's connection (a forked child's inherited one is the parent's to close)."""
        if self._opened is not None and self._opened[0] == os.getpid() and self._opened[2] is not None:
            self._opened[2].close()
        self._opened = None

    def close(self) -> None:
        """Close the file (what is pending stays so): the next read opens it again, as a new process would."""
        with self._lock:
            self._close()

    def _exit(self) -> None:
        self.flush()
        self.close()

    def _closed_at_exit(self) -> None:
        if not self._at_exit:
            self._at_exit = True
            atexit.register(self._exit)

    def read(self, key: str) -> str | None:
        with self._lock:
            conn = self._connection(self.path())
            if conn is None:
                return None
            try:
                row = conn.execute("SELECT value FROM forms WHERE key = ?", (key,)).fetchone()
            except sqlite3.Error:  # locked past the timeout, damaged: printed for the rest of the process
                conn.close()
                self._opened = (os.getpid(), self._opened[1], None)
                return None
        return row[0] if row is not None and isinstance(row[0], str) else None

    def put(self, key: str, value: str) -> None:
        path = self.path()
        if path != self._pending_path:
            self.flush()
        with self._lock:
            self._pending[key] = value
            self._pending_size += len(value)
            self._pending_path = path
            self._closed_at_exit()  # written at exit
            full = self._pending_size > MAX_PENDING
        if full:  # a load of 50,000 records keeps no more than this in memory
            self.flush()

    def flush(self) -> None:
        with self._lock:
            pending, self._pending, self._pending_size = self._pending, {}, 0
            conn = self._connection(self._pending_path, create=True) if pending else None
            if conn is None:
                return
            now, printer = int(time.time()), self.version()
            try:
                with _transaction(conn):
                    conn.executemany("INSERT OR REPLACE INTO forms VALUES (?, ?, ?, ?)",
                                     [(k, v, printer, now) for k, v in pending.items()])
                    conn.execute("DELETE FROM forms WHERE printer != ? AND written < ?", (printer, now - KEEP_SECONDS))
            except sqlite3.Error:  # read-only, locked past the timeout, a full disk: only a cost
                pass


    def keep_only(self, keys) -> None:
        """Write what is pending, then drop every entry but ``keys``: a cache of one build's output
        (catalog.site.pagecache), whose entries of records since edited would otherwise pile up."""
        self.flush()
        with self._lock:
            conn = self._connection(self.path())
            if conn is None:
                return
            try:
                with _transaction(conn):
                    conn.execute("CREATE TEMP TABLE IF NOT EXISTS kept (key TEXT PRIMARY KEY)")
                    conn.execute("DELETE FROM kept")
                    conn.executemany("INSERT OR IGNORE INTO kept VALUES (?)", [(k,) for k in keys])
                    conn.execute("DELETE FROM forms WHERE key NOT IN (SELECT key FROM kept)")
            except sqlite3.Error:  # read-only, locked past the timeout, a full disk: only its size
                pass


@contextlib.contextmanager
def _transaction(conn: sqlite3.Connection):
    """One write transaction, taken at once (BEGIN IMMEDIATE: no upgrade deadlock between two
    builds); rolled back on any error."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


_PROBE = "SELECT key, value, printer, written FROM forms LIMIT 0"
_OTHERS = "SELECT 1 FROM sqlite_master WHERE NOT (type = 'table' AND name = 'forms') LIMIT 1"
_TABLE = ("CREATE TABLE IF NOT EXISTS forms (key TEXT PRIMARY KEY, value TEXT NOT NULL, printer TEXT NOT NULL, "
          "written INTEGER NOT NULL) WITHOUT ROWID")


def _not_a_database(exc: Exception) -> bool:
    return isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError)


def _remove(path: Path) -> bool:
    """Remove a cache file that is no database (and its journal): True when it is gone."""
    for stale in (path.with_name(path.name + "-journal"), path):
        try:
            stale.unlink()
        except FileNotFoundError:
            pass
        except OSError:
            return False
    return True


_STORE = Store()
