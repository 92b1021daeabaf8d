"""catalog site build / serve: the static site."""

from __future__ import annotations

import errno
import sys
from pathlib import Path

import click

from catalog import textguard
from catalog.cli.arguments import FilePath, IntRange
from catalog.cli.common import db_option

output_option = click.option(
    "--output", "-o", "site_dir", type=FilePath(path_type=Path), default=None,
    help="Where to write the site (default: site/build in a checkout, else ./catalog-site).",
)
# the ports a socket takes: another number was socket.bind's OverflowError, as a traceback
port_option = click.option("--port", "-p", type=IntRange(0, 65535), default=8000, show_default=True,
                           help="Port on 127.0.0.1 (0: a free one).")


@click.group(name="site")
def site_group() -> None:
    """The static site: build the browsable catalog, or serve it on 127.0.0.1."""


def build_and_report(db_url: str | None, site_dir: Path | None, command: str = "catalog site build",
                     cache: bool = True) -> Path:
    """Build the site into ``site_dir`` (None: the default) and print what was built; a failure
    ends ``command`` with exit status 1. ``cache``: see :func:`catalog.site.build.generate`."""
    from catalog.cli.terminal import progress
    from catalog.site.build import SiteBuildError, build_site

    try:
        with progress("building the site") as advance:
            report = build_site(db_url, site_dir, on_step=lambda text: advance(1, f"building the site: {text}"),
                                cache=cache)
    except (SiteBuildError, OSError) as exc:
        # a read-only checkout (or an installed copy's site/build): the way on is another directory
        elsewhere = (f"; write the site to a directory you may write: {command} --output DIR"
                     if isinstance(exc, PermissionError) or getattr(exc, "errno", None) == errno.EROFS else "")
        click.echo(f"error: site build failed: {textguard.escaped(str(exc))}{elsewhere}", err=True)
        sys.exit(1)
    click.echo(report.summary())
    for law_id, reason in sorted(report.untranslatable.items()):
        click.echo(f"no browser calculator for {law_id}: {reason}", err=True)
    click.echo(f"open {textguard.escaped(str(report.site_dir / 'index.html'))} in a browser, or run 'catalog site serve'")
    return report.site_dir


def serve_site(site_dir: Path | None, port: int) -> None:
    """Serve a built site as it is."""
    from catalog.paths import default_site_dir
    from catalog.site.server import make_server, url_of

    site_dir = site_dir or default_site_dir()
    try:
        server = make_server(site_dir, port)
    except (FileNotFoundError, OSError) as exc:
        click.echo(f"cannot serve: {textguard.escaped(str(exc))}", err=True)
        sys.exit(1)
    click.echo(f"serving {textguard.escaped(str(site_dir))} at {url_of(server)} (Ctrl-C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


@site_group.command(name="build")
@db_option
@output_option
@click.option("--no-cache", "no_cache", is_flag=True,
              help="Render every page, taking nothing from the cache of pages an earlier build left (the site "
                   "is the same either way).")
def site_build(db_url: str | None, site_dir: Path | None, no_cache: bool) -> None:
    """Render the catalog into the static site (the project's mkdocs.yml, as 'mkdocs build').

    Reads the database (the default one is built from the records when they changed) and writes
    site/build/ in a checkout, else ./catalog-site/: open its index.html, or run 'catalog site serve'.
    Only the pages of records changed since the last build are rendered again (see docs/cli.md).
    """
    build_and_report(db_url, site_dir, cache=not no_cache)


@site_group.command(name="serve")
@click.option("--output", "-o", "site_dir", type=FilePath(path_type=Path), default=None,
              help="Serve this already built site as it is (implies --static; default with --static: "
                   "site/build in a checkout, else ./catalog-site).")
@port_option
@click.option("--static", is_flag=True,
              help="Serve the built site as it is (no build, no reload).")
@db_option
def site_serve(site_dir: Path | None, port: int, static: bool, db_url: str | None) -> None:
    """Serve the site on http://127.0.0.1:PORT/ (never on other interfaces).

    By default this is 'mkdocs serve' on the project's mkdocs.yml: the site is built, served, and
    rebuilt with live reload whenever a record or a template changes. With --static (or --output)
    it serves an already built site as it is.
    """
    if static or site_dir is not None:
        if db_url:  # a built site is served as it is: a database it would not read was ignored silently
            raise click.UsageError("--db is for the live build; --static and --output serve a built site as it is "
                                   "(build it from that database first: catalog site build --db URL)")
        serve_site(site_dir, port)
        return
    if port == 0:  # mkdocs' live server takes one but announces http://127.0.0.1:0/, not which
        raise click.UsageError("--port 0 (a free port) is for --static, which says the port it took")
    import os

    from mkdocs.commands.serve import serve

    from catalog.paths import mkdocs_config

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    if db_url:
        os.environ["CATALOG_DB"] = db_url  # the hooks read the catalog from there
    import logging

    handler = logging.StreamHandler()  # mkdocs' own messages (building, serving on, errors), as `mkdocs serve` shows them
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    click.echo(f"building, then serving http://127.0.0.1:{port}/ (rebuilt when a record or a template changes; "
               "Ctrl-C stops)")
    try:
        serve(config_file=str(mkdocs_config()), dev_addr=f"127.0.0.1:{port}", livereload=True)
    except KeyboardInterrupt:
        pass


COMMANDS = [site_group]
