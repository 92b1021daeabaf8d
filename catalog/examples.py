"""The example files of ``docs/examples/`` (runs to fit, scripts), wherever the catalog runs: a
checkout's own folder, or the copy a wheel carries (``setup.py`` bundles it), so that the
README's ``catalog fit hoffmann2022 --example chinchilla-runs.csv`` works from a pip install.

    >>> import catalog.examples
    >>> catalog.examples.path("chinchilla-runs.csv")     # a pathlib.Path to read or fit
"""

from __future__ import annotations

from pathlib import Path

from catalog import paths


def folder() -> Path:
    """``docs/examples`` of the project tree (:func:`catalog.paths.project_root`)."""
    return paths.project_root() / "docs" / "examples"


def names() -> list[str]:
    """The example files, sorted."""
    where = folder()
    return sorted(p.name for p in where.iterdir() if p.is_file()) if where.is_dir() else []


def path(name: str) -> Path:
    """The example file ``name`` (``chinchilla-runs.csv``); FileNotFoundError naming the ones
    there are. A name only, never a path: ``../x`` or ``/etc/x`` are no example."""
    if name in names():
        return folder() / name
    raise FileNotFoundError(f"no example file {name!r}; the examples are: {', '.join(names()) or 'none'}")
