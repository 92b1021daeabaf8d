"""The Scaling-Law Catalog: validated records of neural scaling laws, a database, query tools,
survey tables, a formula engine and a static site."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from os import PathLike

    from catalog.store.session import Session

__version__ = "0.1.0"


def open(url: str | None = None, *, data: list[str | PathLike] | tuple = ()) -> Session:  # noqa: A001 - as io.open
    """Open the catalog (default database, or ``url``: a URL or an SQLite path; ``data``: your
    own record directories layered over the catalog's) for notebooks and scripts; see
    :class:`catalog.store.session.Session`."""
    from catalog.store.session import Session

    return Session(url, data)


def __getattr__(name: str):
    # catalog.examples after a bare 'import catalog' (README: catalog.examples.path(...)), imported
    # on first use only, as the package imports nothing it does not need
    if name == "examples":
        import importlib

        return importlib.import_module("catalog.examples")
    raise AttributeError(f"module 'catalog' has no attribute {name!r}")
