"""The SQLite catalog files this process holds open, closed before a load replaces one.

Windows refuses to replace a file that a connection holds open (os.replace: "being used by another
process"), where POSIX lets the old connection read on in the old file: a notebook's open catalog
made the next ``catalog.open()`` after an edited record, or a ``load``, fail there. A holder
(:class:`catalog.store.query.Catalog`) closes its connection in ``release()`` and opens the new
file at its next read. Only this process's connections: another process's reader still holds the
file on Windows, as the lock of a running program does.
"""

from __future__ import annotations

import os
import threading
import weakref
from pathlib import Path

_holders: dict[str, weakref.WeakSet] = {}
_guard = threading.Lock()


def _key(path: Path) -> str:
    return os.path.normcase(str(Path(path).resolve()))  # Windows names a file in any case


def hold(holder, path: Path) -> None:
    """``holder`` (with a ``release()`` method) keeps a connection open on the file at ``path``."""
    with _guard:
        _holders.setdefault(_key(path), weakref.WeakSet()).add(holder)


def forget(holder, path: Path) -> None:
    """``holder`` closed its connection for good."""
    with _guard:
        _holders.get(_key(path), weakref.WeakSet()).discard(holder)


def release(path: Path) -> None:
    """Close every connection of this process on the file at ``path``, before it is replaced."""
    with _guard:
        holders = list(_holders.get(_key(path), ()))
    for holder in holders:
        holder.release()
