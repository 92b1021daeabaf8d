"""Options and error handling shared by commands."""

from __future__ import annotations

import functools
import sys
from contextlib import contextmanager

import click

from catalog import textguard
from catalog.cli.arguments import file_name
from catalog.cli.terminal import echo


def _as_url(ctx, param, value):  # noqa: ARG001 - click callback signature
    from catalog.paths import as_url, server_url_reason

    if value and (reason := server_url_reason(str(value))):
        raise click.BadParameter(reason)  # not quoting the URL: it may hold a password
    url = as_url(file_name(value)) if value else None
    ctx.meta[DB_URL_KEY] = url  # shared with the command group, whose error messages ask about the database
    return url


DB_URL_KEY = "catalog.db_url"


db_option = click.option(
    "--db", "db_url", envvar="CATALOG_DB", default=None, metavar="URL|PATH", callback=_as_url,
    help="Database URL or SQLite file (default: build/catalog.sqlite in a checkout, else the user's cache; "
         "env CATALOG_DB).",
)


def format_option(*choices: str, default: str, help: str | None = None):
    """``-f/--format`` with the command's output formats, and ``--json`` and ``--csv`` as its
    shorthands where the command offers them: every command that prints more than one format is
    asked the same way (``catalog search --format json``, ``catalog eval ... --json``). The command
    receives ``fmt``; two different formats asked for are a usage error."""
    shorthands = [name for name in ("json", "csv") if name in choices]

    def decorate(command):
        @functools.wraps(command)
        def run(*args, fmt, **kwargs):
            asked = {f"--{name}": name for name in shorthands if kwargs.pop(f"format_{name}")}
            ctx = click.get_current_context()
            if ctx.get_parameter_source("fmt") is click.core.ParameterSource.COMMANDLINE:
                asked[f"--format {fmt}"] = fmt
            if len(set(asked.values())) > 1:
                raise click.UsageError(f"choose one of {' and '.join(asked)}")
            return command(*args, fmt=next(iter(asked.values()), fmt), **kwargs)

        for name in reversed(shorthands):
            run = click.option(f"--{name}", f"format_{name}", is_flag=True, help=f"Same as --format {name}.")(run)
        return click.option("-f", "--format", "fmt", type=click.Choice(choices), default=default,
                            show_default=True, help=help)(run)

    return decorate


def where_defined(defined: dict) -> str:
    """The quantities a law defines at its value: 'where Ehat = 8.81237, Dprime = ...', or '' for
    a law that defines none. eval and solve print it under the value, predict under the law."""
    from catalog.engine.evaluation import fmt

    return f"where {', '.join(f'{k} = {fmt(v)}' for k, v in defined.items())}" if defined else ""


def write_output(path, text: str, option: str = "--output") -> None:
    """Write ``text`` to the file an option names, or one `error:` line and exit status 1 when it
    cannot be (a missing directory, a directory, no permission): not an OSError's traceback. The
    bytes are the text's on every platform (newline=''): Windows' text mode turned a CSV cell's line
    break into CRLF, and the file differed from what stdout printed."""
    try:
        path.write_text(text, encoding="utf-8", newline="")
    except OSError as exc:
        click.echo(f"error: {option}: cannot write {textguard.escaped(str(path))}: {exc.strerror or exc}", err=True)
        sys.exit(1)


def first_law_hint(ref_text: str, target, takes, given: str) -> str:
    """A paper named without its law means its first law. When that law does not take what was
    given (``takes(law)`` is false), a hint naming the paper's other laws that do: kaplan2020 is
    loss-n-d, and N alone is kaplan2020/loss-n. Empty when a law was named, it takes them, or no
    other does. ``given`` names what was given ("the values given")."""
    if "/" in ref_text.partition("@")[0] or takes(target.law):
        return ""
    fits = [f"{target.paper.id}/{law.id}" for law in target.paper.laws if law is not target.law and takes(law)]
    return (f"; {ref_text} names its first law, {target.paper.id}/{target.law.id}; {given} are those of "
            f"{', '.join(fits)}" if fits else "")


def selected_papers(db_url: str | None, refs) -> tuple[list, set[str] | None]:
    """The records REFS name (all when none) and the ids (PAPER/LAW) of the laws to report, None
    for every law of them; or one `error:` line and exit status 2 for an unknown id: the selection
    of the per-law reports (checklist, audit). A ref is a paper (by id or nickname: each of its
    laws) or a law id (that law alone, resolved as bib resolves it). Read as views, only the rows
    named (:meth:`catalog.store.query.Catalog.records`): no ORM, no pydantic."""
    from catalog.store import lawstore
    from catalog.store.query import Catalog, NotFound

    try:
        with Catalog(db_url) as catalog:
            if not refs:
                return list(catalog.records().values()), None
            # a paper named twice (by id and nickname too) is selected once, not reported and counted twice
            papers, laws = {}, set()
            for ref in refs:
                named = lawstore.named_law(catalog.url, ref)
                paper = named.paper if named else catalog.record(ref, trees=False)
                papers.setdefault(paper.id, paper)
                laws.update(f"{paper.id}/{law.id}" for law in ([named.law] if named else paper.laws))
            return list(papers.values()), laws
    except (NotFound, lawstore.NotFound, FileNotFoundError) as exc:  # and no database at --db, as engine_errors
        click.echo(f"error: {textguard.escaped(str(exc))}", err=True)
        sys.exit(2)


@contextmanager
def engine_errors():
    """Turn engine and lookup errors into one-line messages instead of tracebacks (the database's
    own errors are the command group's, catalog.cli.CatalogGroup, for every command alike). The
    messages quote values typed on the command line, escaped: no escape sequence reaches the terminal."""
    from catalog.store.lawstore import NotFound

    try:
        yield
    except NotFound as exc:
        echo(f"error: {textguard.escaped(str(exc))}", err=True)
        sys.exit(2)
    except ValueError as exc:  # catalog.engine.evaluation.EngineError, checked without importing numpy up front
        engine = sys.modules.get("catalog.engine.evaluation")
        if engine is None or not isinstance(exc, engine.EngineError):
            raise
        echo(f"error: {textguard.escaped(str(exc))}", err=True)
        sys.exit(2)
    except FileNotFoundError as exc:
        echo(f"error: {textguard.escaped(str(exc))}", err=True)
        sys.exit(2)
