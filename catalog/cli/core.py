"""validate, load, schema: the record pipeline."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from catalog import textguard
from catalog.cli.arguments import FilePath
from catalog.cli.common import db_option
from catalog.cli.site import output_option


def _report(issues) -> None:
    for issue in issues:
        click.echo(str(issue), err=True)


def _validate_and_load(paths, db_url: str | None, on_failure: str) -> str:
    """Validate the records and load them; on any error report them all and exit 1 unwritten."""
    from catalog import records
    from catalog.store import db

    from catalog.cli.terminal import progress

    counts = [0, 0]

    def counted(advance):  # records stream into the database as they are validated
        for paper in records.iter_valid(paths):
            counts[0] += 1
            counts[1] += len(paper.laws)
            advance(1, f"validating and loading records: {counts[0]} ({paper.id})")
            yield paper

    try:
        with progress("validating and loading records") as advance:
            url = db.load(counted(advance), db_url)
    except records.RecordsInvalid as exc:
        _report(exc.issues)
        click.echo(f"{len(exc.issues)} error(s); {on_failure}", err=True)
        sys.exit(1)
    except (db.NotACatalog, db.DatabaseInUse) as exc:
        click.echo(f"error: {textguard.escaped(str(exc))}", err=True)
        sys.exit(1)
    except OSError as exc:  # the database's directory cannot be made (a file on its path) or written
        if db_url is None:  # the default database: say where else it can go
            from catalog import paths
            from catalog.store import autoload

            click.echo(f"error: {autoload.unwritable(paths.default_db_path(), exc)}", err=True)
            sys.exit(1)
        on = f" ({exc.filename}: {exc.strerror})" if exc.filename is not None else f" ({exc.strerror or exc})"
        click.echo(f"error: cannot write the database {textguard.escaped(db.shown_url(db_url or 'file') + on)}", err=True)
        sys.exit(1)
    if paths is None:  # the default database now matches the records: no rebuild on next use
        from catalog.store import autoload

        autoload.stamp_default(url)
    click.echo(f"loaded {counts[0]} paper(s), {counts[1]} law(s) into {textguard.escaped(db.shown_url(url))}")
    return url


@click.command()
@click.argument("paths", nargs=-1, type=FilePath(path_type=Path))
def validate(paths: tuple[Path, ...]) -> None:
    """Validate record files (default: every record directory: data/papers and any --data layers).

    Prints every problem as PATH:LINE: FIELD: MESSAGE and exits 1 with a count. Every check value
    is evaluated too (an output, an input solved for, a compute optimum, an extremum): the law must
    reproduce it.
    """
    from catalog import records

    papers, issues = records.load_all(paths or None, with_catalog=True)
    # a record with errors is no law to evaluate: its check values wait, and the count says so
    loaded = {paper.id for paper in papers}
    waiting = any(Path(i.path).stem not in loaded for i in issues)
    issues = sorted(issues + records.check_value_issues(papers, paths or None))
    if issues:
        _report(issues)
        files = len({i.path for i in issues})
        after = " (a record's check values are evaluated once it has no other error)" if waiting else ""
        click.echo(f"{len(issues)} error(s) in {files} file(s){after}", err=True)
        sys.exit(1)
    laws = sum(len(p.laws) for p in papers)
    click.echo(f"ok: {len(papers)} record(s), {laws} law(s)")


@click.command()
@click.argument("paths", nargs=-1, type=FilePath(path_type=Path))
@db_option
def load(paths: tuple[Path, ...], db_url: str | None) -> None:
    """Validate the records and load them into the database, atomically.

    Nothing is written when any record is invalid: the previous database stays intact.
    """
    _validate_and_load(paths or None, db_url, "database left unchanged")


@click.command(name="schema")
@click.option("--output", "-o", type=FilePath(path_type=Path), default=None, help="Write to this file instead of stdout.")
def schema_command(output: Path | None) -> None:
    """Print the JSON Schema of a record file (for editors)."""
    from catalog.schema import json_schema

    text = json.dumps(json_schema(), indent=2, sort_keys=True) + "\n"
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


COMMANDS = [validate, load, schema_command]


@click.command()
@db_option
@output_option
@click.option("--serve", is_flag=True, help="Serve the built site on http://127.0.0.1:8000/ afterwards.")
def build(db_url: str | None, site_dir: Path | None, serve: bool) -> None:
    """The main job: validate every record, load the database and build the site.

    Stops with the validation errors (and leaves the database unchanged) if any record is invalid.
    The site is written to site/build/ in a checkout, else ./catalog-site/ (--output DIR: there,
    as for 'catalog site build'); --serve serves it.
    """
    url = _validate_and_load(None, db_url, "nothing built")
    from catalog.cli.site import build_and_report, serve_site

    site_dir = build_and_report(url, site_dir, "catalog build")
    if serve:
        serve_site(site_dir, 8000)


COMMANDS.append(build)
