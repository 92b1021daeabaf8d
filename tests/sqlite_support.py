"""Tests' own connections to SQLite files (forged rows, tampered databases, read-backs)."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator


@contextlib.contextmanager
def connection_to(path, **options) -> Iterator[sqlite3.Connection]:
    """A connection to the SQLite file ``path``, committed when the block ends without an error
    and closed in any case: sqlite3's own ``with`` commits and never closes, and every connection
    left to the garbage collector is a ResourceWarning (Python 3.13), hundreds in a run."""
    with contextlib.closing(sqlite3.connect(path, **options)) as connection, connection:
        yield connection
