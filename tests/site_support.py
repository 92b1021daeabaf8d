"""Build the real catalog's site once per test session (shared by test_site.py and the browser
tests); fixtures call :func:`real_site`."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import DATA

_BUILT: dict[str, object] = {}


def real_site(tmp_path_factory, catalog_db: str):
    """``(report, site_dir)`` for the real catalog, built with ``mkdocs build --strict``."""
    if "report" not in _BUILT:
        from catalog.site.build import build_site

        base = Path(tmp_path_factory.mktemp("site"))
        report = build_site(catalog_db, base / "out", records_dir=DATA)
        print(f"\nsite build: {report.summary()}")
        _BUILT["report"] = report
    report = _BUILT["report"]
    return report, report.site_dir
