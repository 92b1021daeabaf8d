"""Options shared by commands."""

from __future__ import annotations

import click


def _as_url(ctx, param, value):  # noqa: ARG001 - click callback signature
    from catalog.paths import as_url

    return as_url(value) if value else None


db_option = click.option(
    "--db", "db_url", envvar="CATALOG_DB", default=None, metavar="URL|PATH", callback=_as_url,
    help="Database URL or SQLite file (default: build/catalog.sqlite in a checkout, else the user's cache; "
         "env CATALOG_DB).",
)
