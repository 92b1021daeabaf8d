"""Build the default database from the records when it is missing or stale (see
``catalog.paths.database_url``), with a one-line notice on stderr."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path

from catalog import paths, textguard


@contextlib.contextmanager
def _locked(path: Path):
    """One builder at a time per database file (other processes wait, then find it fresh). filelock
    takes flock where there is fcntl and msvcrt's lock on Windows (where flock is missing and two
    first uses would build at once), waiting as long as a build takes."""
    from filelock import FileLock

    path.parent.mkdir(parents=True, exist_ok=True)
    with FileLock(path.with_name(path.name + ".lock")):
        yield


class CannotWrite(Exception):
    """The default database cannot be written where it goes (see :func:`unwritable`)."""


def unwritable(path: Path, exc: OSError) -> str:
    """Why the default database ``path`` cannot be written, and where else it can go: a read-only
    checkout or cache directory (a shared or mounted one, a HOME the user cannot write)."""
    where = f"{exc.filename}: {exc.strerror}" if exc.filename is not None else (exc.strerror or str(exc))
    elsewhere = ("set CATALOG_CACHE_DIR to a directory you can write, or "
                 if path.is_relative_to(paths.cache_dir()) else "")
    return textguard.escaped(f"cannot write the catalog database {path} ({where}); {elsewhere}give --db (or "
                             "CATALOG_DB) a database file you can write ('catalog load --db FILE' writes one)")


def rebuild(path: Path, dirs: list[Path], stamp: Path, fingerprint: str) -> None:
    """Validate the records in ``dirs`` and load them into ``path``; raise ``RecordsInvalid``, or
    ``CannotWrite`` where ``path`` cannot be written."""
    from catalog.store import db

    try:
        _rebuild(path, dirs, stamp, fingerprint)
    except db.DatabaseInUse as exc:  # held by another process: CATALOG_CACHE_DIR is no help
        raise CannotWrite(str(exc)) from exc
    except OSError as exc:
        raise CannotWrite(unwritable(path, exc)) from exc


def _rebuild(path: Path, dirs: list[Path], stamp: Path, fingerprint: str) -> None:
    from catalog import records
    from catalog.store import db

    with _locked(path):
        try:
            if path.is_file() and stamp.read_text(encoding="utf-8") == fingerprint:
                return  # another process built it while this one waited
        except OSError:
            pass
        shown = textguard.escaped(", ".join(str(d) for d in dirs))
        print(f"catalog: building the database {textguard.escaped(str(path))} from the records in {shown} "
              "(first use, or the records or the catalog's code changed)", file=sys.stderr)
        db.load(records.iter_valid(dirs), paths.sqlite_url(path))  # streamed; RecordsInvalid leaves it unwritten
        stamp.write_text(fingerprint, encoding="utf-8")


def stamp_default(url: str) -> None:
    """After ``catalog load`` into the default database, record what it was built from."""
    path = paths.default_db_path()
    if url == paths.sqlite_url(path):
        path.with_name(path.name + ".fingerprint").write_text(paths.fingerprint(paths.data_dirs()), encoding="utf-8")
