"""The command line: a thin layer. Each command opens the catalog, makes one API call and
formats the result. Command groups live in one module each and register here."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from catalog.cli import arguments

# Each command's module (catalog.cli.<module>, whose COMMANDS define it): a command run imports its
# own module alone (catalog show read the modules of all 23 commands, and what they import, before
# showing a record); the help listing every command, and a name no command has, import them all.
COMMAND_MODULES = {
    "validate": "core", "load": "core", "schema": "core", "build": "core",
    "search": "query", "show": "query", "stats": "query", "vocab": "query",
    "fit": "fitting", "table": "tables", "bib": "tables", "cite": "tables", "repro": "tables", "site": "site",
    "eval": "formula", "sweep": "formula", "solve": "formula", "optimal": "formula", "plot": "formula",
    "predict": "predict", "checklist": "checklist", "corrections": "corrections", "new": "contribute",
    "audit": "audit",
}


# Commands people reach for by another name: click suggests only close spellings ('evl' ->
# 'eval'), and 'compare' is the site's page, not a command.
OTHER_NAMES = {
    "compare": "compare laws with 'catalog eval LAW LAW ... N=70B D=1.4T' (at one point), 'catalog plot LAW LAW "
               "--x N' (curves) or 'catalog corrections LAW' (what corrects or replicates it)",
    "list": "list papers and laws with 'catalog search' (every paper) or 'catalog table --columns law,form'",
    "info": "show a paper or law with 'catalog show ID'",
    "find": "find papers and laws with 'catalog search TEXT' (or -v VARIABLE, -m MODALITY)",
    "query": "find papers and laws with 'catalog search TEXT' (or -v VARIABLE, -m MODALITY)",
    "bibtex": "cite papers with 'catalog bib ID' (and one law in LaTeX with 'catalog cite LAW')",
    "export": "export tables with 'catalog table ... --format csv' (or json, latex, markdown) and curves with "
              "'catalog sweep'",
    "evaluate": "evaluate a law with 'catalog eval LAW N=70B D=1.4T'",
    "optimum": "find the compute-optimal split with 'catalog optimal LAW --budget 1e23'",
}


class CatalogGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *COMMAND_MODULES})

    def get_command(self, ctx: click.Context, name: str):
        module = COMMAND_MODULES.get(name)
        if name not in self.commands and module is not None:
            self.load(module)
        return self.commands.get(name)

    def load(self, module: str) -> None:
        """Register the commands of ``catalog.cli.<module>``, with their shell completers."""
        import importlib

        from catalog.cli import completion

        for command in importlib.import_module(f"catalog.cli.{module}").COMMANDS:
            self.add_command(command)
            completion.attach_command(command.name, command)

    def every_command(self) -> dict[str, click.Command]:
        """Every command by name, each module imported."""
        for module in dict.fromkeys(COMMAND_MODULES.values()):
            self.load(module)
        return self.commands

    def resolve_command(self, ctx: click.Context, args: list[str]):
        if args and args[0] not in COMMAND_MODULES:  # no such command: click's 'Did you mean' reads every name
            self.every_command()
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError as exc:
            hint = OTHER_NAMES.get(args[0]) if args else None
            if hint and args[0] not in self.commands:
                exc.message = f"No such command '{args[0]}': {hint}."
            raise

    def invoke(self, ctx: click.Context):
        recordview = sys.modules.get("catalog.store.recordview")
        if recordview is not None:  # what an earlier command read in this process (tests, a shell) is not this one's
            recordview.forget_read()
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:  # click quotes an extra argument as typed: escaped, as every error is
            import re

            from catalog import textguard

            # and cut: a Choice or an extra argument quoted 100,000 characters typed (or pasted) whole
            exc.message = re.sub(r"[^\s'\"()]{%d,}" % (2 * textguard.QUOTED), lambda m: textguard.clipped(m.group()),
                                 textguard.escaped(exc.message))
            raise
        except Exception as exc:
            mismatch = _database_mismatch(exc)
            if mismatch:
                click.echo(f"error: {mismatch}", err=True)
                ctx.exit(1)
            autoload = sys.modules.get("catalog.store.autoload")
            if autoload is not None and isinstance(exc, autoload.CannotWrite):
                click.echo(f"error: {exc}", err=True)  # escaped where it is worded
                ctx.exit(1)
            unusable = _unusable_database(exc)
            if unusable:
                click.echo(f"error: cannot use the catalog database: {unusable}; check --db (or CATALOG_DB): it takes "
                           "a database written by 'catalog load' (or 'catalog build')", err=True)
                ctx.exit(1)
            # InvalidRecord: a database not written by 'catalog load' from valid records (edited, or
            # made elsewhere: a downloaded catalog.sqlite, a shared server) holds one that is not
            recordview = sys.modules.get("catalog.store.recordview")
            # DefinitionError: definitions in a cycle, expanding past the bound or missing, which
            # validation refuses in a record: only a stored one can hold them
            defined = sys.modules.get("catalog.definitions")
            if (recordview is not None and isinstance(exc, recordview.InvalidRecord)) or (
                    defined is not None and isinstance(exc, defined.DefinitionError)):
                what = "" if isinstance(exc, getattr(recordview, "InvalidRecord", ())) else "the database's "
                click.echo(f"error: {what}{exc}; {_how_it_came(ctx)}", err=True)
                ctx.exit(1)
            # RecordsInvalid: the default database could not be (re)built from the records. Looked
            # up only when raised: importing catalog.records (pydantic) would slow every command.
            records = sys.modules.get("catalog.records")
            if records is None or not isinstance(exc, records.RecordsInvalid):
                if isinstance(exc, OSError) and exc.filename is not None:
                    # a path the file system refuses where a command only looks (pathlib's exists() and
                    # is_dir() raise for a name too long): 'catalog validate <long path>', '--db <long path>'
                    from catalog import textguard

                    click.echo(f"error: cannot use {textguard.escaped(str(exc.filename))}: {exc.strerror or exc}",
                               err=True)
                    ctx.exit(1)
                # the fast paths (eval, show, sweep) read stored records without the schema: a record of
                # a --db no load wrote, shaped as none is, fails somewhere in them; validated now, it is
                # reported as such instead of as that traceback (a record that passes: the error stands)
                invalid = recordview.first_invalid() if recordview is not None else None
                if invalid is not None:
                    click.echo(f"error: {invalid}; {_how_it_came(ctx)}", err=True)
                    ctx.exit(1)
                raise
            for issue in exc.issues:
                click.echo(str(issue), err=True)
            click.echo(f"{len(exc.issues)} error(s) in the records; fix them (see 'catalog validate')", err=True)
            ctx.exit(1)


def _how_it_came(ctx: click.Context) -> str:
    """How a database came to hold a record this version rejects, and the fix: loaded by another
    version (a team's server database, a downloaded catalog.sqlite), else edited or made elsewhere."""
    from catalog import paths
    from catalog.cli.common import DB_URL_KEY
    from catalog.store import db

    if db.written_by_another_version(ctx.meta.get(DB_URL_KEY) or paths.default_url()):
        return "the database was written by another version of the catalog: rebuild it with 'catalog load' (with the same --db)"
    return "it was not written by 'catalog load' from valid records: rebuild it with 'catalog load' (with the same --db)"


def _database_mismatch(exc: Exception) -> str | None:
    """What is wrong with a database whose tables are not the catalog's (a missing column or
    table), for the user, else None. The default database is rebuilt whenever the code changes; a
    --db is the user's: another version's catalog, an empty file or another program's database."""
    import sqlite3

    sqlalchemy_exc = sys.modules.get("sqlalchemy.exc")
    kinds = (sqlite3.OperationalError,) + ((sqlalchemy_exc.OperationalError, sqlalchemy_exc.ProgrammingError)
                                           if sqlalchemy_exc else ())
    if not isinstance(exc, kinds):
        return None
    orig = getattr(exc, "orig", None)  # SQLAlchemy's message adds the SQL and a link
    message = _first_line(str(orig if orig is not None else exc))
    if "no such column" in message or ("column" in message and "does not exist" in message):
        return (f"the database was written by another version of the catalog ({message}); rebuild it with "
                "'catalog load' (with the same --db)")
    if "no such table" in message or "does not exist" in message:
        return (f"the database holds no catalog ({message}): it is empty, another program's or another version's; "
                "check --db (or CATALOG_DB), or load the catalog into it with 'catalog load' (with the same --db)")
    return None


def _unusable_database(exc: Exception) -> str | None:
    """Why the database cannot be used, for an error of the database itself (a --db that is a text
    file, a directory, a server that does not answer), else None: the first line of the driver's
    message (SQLAlchemy's own adds a paragraph and a link)."""
    import sqlite3

    if isinstance(exc, sqlite3.DatabaseError):
        return _first_line(str(exc))
    sqlalchemy_exc = sys.modules.get("sqlalchemy.exc")
    if sqlalchemy_exc and isinstance(exc, sqlalchemy_exc.DBAPIError):
        return _first_line(str(exc.orig) if exc.orig is not None else str(exc))
    return None


def _first_line(message: str) -> str:
    """A database's message as printed: its first line, escaped and cut. A server words it with
    names its database holds (a constraint named with a terminal's escape sequence was printed
    raw) or sends a message of its own; an SQLite file's names are quoted in it the same way."""
    from catalog import textguard

    lines = message.strip().splitlines()
    return textguard.escaped(textguard.clipped(lines[0] if lines else message, 300))


@click.group(cls=CatalogGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="scaling-law-catalog")
@click.option("--data", "data_dirs", multiple=True, metavar="DIR",
              type=arguments.FilePath(exists=True, file_okay=False, path_type=Path),
              help="A directory of your own records, layered over the catalog's (repeatable; "
                   "env CATALOG_DATA_DIRS, separated by the path separator). A colliding id is an error.")
def cli(data_dirs: tuple[Path, ...]) -> None:
    """The Scaling-Law Catalog: neural scaling laws as validated, queryable, evaluable records."""
    from catalog import paths

    paths.extra_dirs_from_options[:] = list(data_dirs)



def main() -> None:
    import os

    # The catalog's linear algebra is on tiny matrices (fits, solves): threaded BLAS only spins
    # against itself there (3x slower fits on a loaded 2-core machine). Set before numpy loads.
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(name, "1")
    _writable_streams()
    cli(args=arguments.typed(sys.argv[1:]), prog_name="catalog")


def _writable_streams() -> None:
    """On a stream whose encoding is not Unicode (PYTHONIOENCODING=ascii, a latin-1 terminal), a
    character it has no byte for is written as an escape (\\xb1): 'catalog show hoffmann2022' on
    an ASCII stdout ended in a UnicodeEncodeError traceback at the first '±'."""
    import sys

    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        if encoding and not encoding.startswith("utf") and hasattr(stream, "reconfigure"):
            try:
                stream.reconfigure(errors="backslashreplace")
            except (ValueError, OSError):  # a closed or detached stream: left as it is
                pass
