"""Where things live: the project tree, the record directories, the default database.

Standard library only: the query layer imports this at start-up without pulling in SQLModel.

The *project tree* holds ``data/papers/`` (the records), ``site/`` (the site's sources) and
``mkdocs.yml``. It is, in order: the checkout the working directory is in; the checkout this
package runs from (an editable install); else the copy of those three that ``setup.py`` puts
into the installed package (``catalog/_bundle/``), which is only ever read.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path, PurePath

PACKAGE_DIR = Path(__file__).resolve().parent
BUNDLE_DIR = PACKAGE_DIR / "_bundle"
DIST_NAME = "scaling-law-catalog"
DATA_DIRS_ENV = "CATALOG_DATA_DIRS"
CACHE_ENV = "CATALOG_CACHE_DIR"

# Directories given with ``catalog --data DIR`` (the command line adds them before any command runs).
extra_dirs_from_options: list[Path] = []


def is_checkout(path: Path) -> bool:
    """``path`` is a checkout of this project (its pyproject names it and it has records)."""
    try:
        text = (path / "pyproject.toml").read_text(encoding="utf-8")
    except OSError:
        return False
    return f'name = "{DIST_NAME}"' in text and (path / "data" / "papers").is_dir()


@functools.cache
def project_root() -> Path:
    """The project tree (see the module docstring)."""
    try:
        cwd = Path.cwd()
    except OSError:  # the working directory was deleted
        cwd = None
    if cwd is not None:
        for candidate in (cwd, *cwd.parents):
            if is_checkout(candidate):
                return candidate
    if is_checkout(PACKAGE_DIR.parent):
        return PACKAGE_DIR.parent
    return BUNDLE_DIR


def in_checkout() -> bool:
    return project_root() != BUNDLE_DIR


def mkdocs_config() -> Path:
    return project_root() / "mkdocs.yml"


def site_sources() -> Path:
    """``site/``: the page templates, the hooks and the static assets (``site/docs``)."""
    return project_root() / "site"


def default_site_dir() -> Path:
    """Where ``catalog site build`` writes: ``site/build`` in a checkout (as ``mkdocs build``
    does), else ``catalog-site`` in the working directory, never inside the installed package."""
    if in_checkout():
        return project_root() / "site" / "build"
    return Path.cwd() / "catalog-site"


def base_data_dir() -> Path:
    """The catalog's own records: ``CATALOG_DATA_DIR`` if set, else ``data/papers``."""
    return Path(os.environ.get("CATALOG_DATA_DIR") or project_root() / "data" / "papers")


def extra_data_dirs() -> list[Path]:
    """A user's record directories layered over the catalog's: ``--data DIR`` options and
    ``CATALOG_DATA_DIRS`` (directories separated by ``os.pathsep``)."""
    from_env = [Path(p) for p in os.environ.get(DATA_DIRS_ENV, "").split(os.pathsep) if p.strip()]
    out: list[Path] = []
    for path in [*extra_dirs_from_options, *from_env]:
        path = path.expanduser().resolve()
        if path not in out:
            out.append(path)
    return out


def data_dirs() -> list[Path]:
    """Every record directory: the catalog's, then the user's layers."""
    return [base_data_dir(), *extra_data_dirs()]


def cache_dir() -> Path:
    """The user's cache directory for the catalog (``CATALOG_CACHE_DIR`` overrides it)."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    return _user_cache_path(*(os.environ.get(name) for name in _CACHE_PLACES))


# What platformdirs reads to place the user's cache (XDG's variable and home on Unix, macOS's home,
# Windows' profile folders): its answer is kept per their values, as the caches read it for each
# entry (predict reads a hundred, a site build thousands) and platformdirs worked it out each time.
_CACHE_PLACES = ("XDG_CACHE_HOME", "HOME", "LOCALAPPDATA", "USERPROFILE")


@functools.lru_cache(maxsize=8)
def _user_cache_path(*places: str | None) -> Path:
    import platformdirs

    return platformdirs.user_cache_path(DIST_NAME)


def default_db_path() -> Path:
    """The default database file: ``build/catalog.sqlite`` in a checkout, else one file per set
    of record directories in the user's cache directory."""
    if in_checkout() and not extra_data_dirs() and not os.environ.get("CATALOG_DATA_DIR"):
        return project_root() / "build" / "catalog.sqlite"
    import hashlib  # here, not at import: loading OpenSSL took 3 ms of every command given a --db

    joined = "\n".join(str(d.resolve()) for d in data_dirs())
    key = hashlib.sha256(joined.encode("utf-8", "surrogateescape")).hexdigest()[:16]  # a name's bytes as they are
    return cache_dir() / f"catalog-{key}.sqlite"


def as_url(value: str | os.PathLike) -> str:
    """A database URL from a URL or a plain file path (``catalog.sqlite`` -> ``sqlite:///...``)."""
    text = os.fspath(value)
    if "://" in text:
        return text
    return sqlite_url(Path(text).expanduser().resolve())


def sqlite_url(path: str | os.PathLike) -> str:
    """The SQLite URL of the file ``path``. SQLAlchemy reads a URL's database part percent-decoded
    and up to a '?' (its query): a path holding '%20' or '?' was written elsewhere ('a b.sqlite')
    or not at all, and a load left an empty file under the name given ('loaded 277 papers'); so
    those two are percent-encoded, and :func:`sqlite_file` reads the path back as SQLAlchemy does."""
    return "sqlite:///" + os.fspath(path).replace("%", "%25").replace("?", "%3F")


def server_url_reason(url: str) -> str | None:
    """Why a server URL cannot be used as typed, or None, quoting no part of it after '://' (it may
    hold a password): a password (or user name) holding a raw '@' or ':' makes SQLAlchemy read
    the text after the first '@' as the host and port, so a command printed a traceback or the
    driver's 'failed to resolve host', part of the password in either."""
    if "://" not in url or url.startswith("sqlite"):
        return None
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):  # a port that is no number: int() of the text after a ':'
        parsed = None
    if parsed is None or (parsed.host is not None and "@" in parsed.host):
        return ("the URL does not read as dialect://user:password@host:port/database; percent-encode an "
                "'@', ':' or '/' in the user name or password (%40, %3A, %2F)")
    return _driver_reason(parsed)


def _driver_reason(parsed) -> str | None:
    """Why SQLAlchemy cannot open a URL of this kind here, or None: an unknown kind ('postgres://',
    as some hosts print it), or a driver not installed (the plain install has no PostgreSQL
    driver: it is the 'postgres' extra). Either was a traceback from inside SQLAlchemy."""
    from sqlalchemy.exc import NoSuchModuleError

    try:
        dialect = parsed.get_dialect()
    except NoSuchModuleError:
        return (f"no kind of database is called '{parsed.drivername}' (the URL's part before '://'); give "
                "postgresql+psycopg://user@host/database or an SQLite file path")
    try:
        dialect.import_dbapi()
    except ImportError as exc:
        return (f"the driver of {parsed.drivername} URLs is not installed (no module '{exc.name}'); for PostgreSQL: "
                "pip install 'scaling-law-catalog[postgres]', with URLs written postgresql+psycopg://...")
    return None


def readonly_uri(path: PurePath) -> str:
    """The read-only SQLite URI of the absolute ``path``. A Windows share (\\\\server\\share\\...) is
    written with an empty authority (file:////server/share/...): Path.as_uri() names the server as
    the authority, which SQLite refuses ('invalid uri authority'), so every read of a catalog on a
    network share failed, and a load onto one called it 'not a catalog database'."""
    uri = path.as_uri()
    if not uri.startswith("file:///"):
        uri = "file:////" + uri[len("file://"):]
    return uri + "?mode=ro"


def sqlite_file(url: str) -> Path | None:
    """The file of an SQLite URL, else None."""
    from urllib.parse import unquote

    return Path(unquote(url[len("sqlite:///"):].split("?", 1)[0])) if url.startswith("sqlite:///") else None


def no_database(path: Path) -> FileNotFoundError:
    """The error for a --db (or CATALOG_DB) file that does not exist (the default database is
    built on first use), or is no regular file, with the fix: every reader words it so. Each checks
    ``path.is_file()`` (a link to a file is one) before opening: SQLite's open of a FIFO waits for a
    writer forever, and a directory was 'disk I/O error'."""
    if path.exists():
        return FileNotFoundError(f"no catalog database at {path}: it is no regular file (a FIFO, a device or a "
                                 "directory); give --db (or CATALOG_DB) a database written by 'catalog load'")
    return FileNotFoundError(f"no catalog database at {path}; write one with 'catalog load' (with the same --db)")


def explicit_url() -> str | None:
    """``CATALOG_DB`` as a URL, if set."""
    value = os.environ.get("CATALOG_DB")
    return as_url(value) if value else None


def default_url() -> str:
    """The database URL: ``CATALOG_DB`` if set, else the default database file."""
    return explicit_url() or sqlite_url(default_db_path())


def fingerprint(dirs: list[Path]) -> str:
    """Changes when a record file (name, size, modification time) or the package's code changes:
    the default database is rebuilt when its stored fingerprint differs."""
    import hashlib

    digest = hashlib.sha256()
    # names as the file system holds them: bytes that are not UTF-8 read back as surrogates
    # (surrogateescape), which plain encode() refused with a traceback
    for directory in dirs:
        digest.update(f"dir {directory}\n".encode("utf-8", "surrogateescape"))
        if directory.is_dir():
            for entry in sorted(os.scandir(directory), key=lambda e: e.name):
                if entry.name.endswith((".yaml", ".yml")):
                    try:
                        st = entry.stat()
                    except OSError:  # a dangling symlink or a loop: the load reports the file, as validate does
                        digest.update(f"{entry.name} unreadable\n".encode("utf-8", "surrogateescape"))
                        continue
                    digest.update(f"{entry.name} {st.st_size} {st.st_mtime_ns}\n".encode("utf-8", "surrogateescape"))
    # the code shapes what the database holds: the schema, the loader, the search index
    # (catalog/store/), so every module counts, not only the top-level ones
    digest.update(code_digest().encode())
    return digest.hexdigest()


@functools.cache
def code_digest() -> str:
    """The catalog's version as its code reads: a hash of every module of the package, name and
    contents. The one key of whatever the code shapes: the default database's fingerprint, the
    printed forms' and valid records' caches (catalog.formcache, catalog.validcache), and the
    version a load stores, so that an error reading a --db can say another version wrote it.
    Not the modules' times, which an edit within the clock's tick, a checkout or a copy that
    keeps them can leave alone while the code changes (and two installs of one release differ
    in): reading and hashing the 1.3 MB takes some 3 ms, about what stat-ing every module took,
    once a process."""
    import hashlib

    digest = hashlib.sha256()
    found = []
    for root, dirs, files in os.walk(PACKAGE_DIR):
        dirs[:] = [d for d in dirs if d != "__pycache__"]  # never modules; walking them cost as much as the hashing
        found.extend(Path(root, name) for name in files if name.endswith(".py"))
    for code in sorted(found, key=lambda p: p.relative_to(PACKAGE_DIR).parts):
        digest.update(f"{code.relative_to(PACKAGE_DIR).as_posix()}\n".encode())
        digest.update(code.read_bytes())
    return digest.hexdigest()


def database_url(url: str | None = None) -> str:
    """The database to read: ``url`` (a URL or a path), else ``CATALOG_DB``, else the default
    database, built from the records on first use and rebuilt when they change."""
    if url:
        return as_url(url)
    explicit = explicit_url()
    if explicit:
        return explicit
    path = default_db_path()
    dirs = data_dirs()
    stamp = path.with_name(path.name + ".fingerprint")
    current = fingerprint(dirs)
    try:
        if path.is_file() and stamp.read_text(encoding="utf-8") == current:
            return sqlite_url(path)
    except OSError:
        pass
    from catalog.store import autoload

    autoload.rebuild(path, dirs, stamp, current)
    return sqlite_url(path)
