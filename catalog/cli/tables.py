"""table, bib, cite, repro: survey tables, custom tables, BibTeX, citing one law in LaTeX and the
reproducibility report."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from catalog import textguard
from catalog.cli.arguments import FilePath, Integer
from catalog.cli.common import db_option, format_option, write_output

FORMATS = ("markdown", "latex", "csv", "html", "text", "json")  # publish.tables.FORMATS
where_option = click.option(
    "--where", "-w", "where", multiple=True, metavar="KEY=VALUE",
    help="Filter (repeatable; all must hold; commas mean any of): any `catalog search` filter (modality, "
         "category, task, architecture, dataset, year, training_code, analysis_code, covers, text, variable, "
         "dependent, has_constants, checked, match=all) and id, survey, author, related (a law and the laws "
         "stating a relation to it: its family). E.g. --where modality=vision --where year>=2022.",
)
output_option = click.option("--output", "-o", type=FilePath(path_type=Path), default=None,
                             help="Write to this file instead of stdout.")


def _emit(text: str, output: Path | None) -> None:
    if output:
        write_output(output, text)
        click.echo(f"wrote {textguard.escaped(str(output))}", err=True)
    else:
        click.echo(text, nl=False)


def _fail(exc: Exception | str) -> None:
    click.echo(f"error: {exc}", err=True)
    sys.exit(2)


@click.command()
@click.argument("number", required=False, type=Integer())
@click.option("--columns", "-c", default=None, metavar="COL,COL",
              help="Custom table: columns (default paper,dependent,variables,form). `--columns list` shows them.")
@where_option
@click.option("--sort", "-s", "sort", multiple=True, metavar="COL", help="Sort by column (repeatable; -COL descending).")
@click.option("--group-by", "-g", default=None, metavar="KEY",
              help="Group rows: category, modality, task, architecture, year, dependent or paper.")
@click.option("--constants", default=None, metavar="SET",
              help="Substitute constants into formulas: 'default' (each law's default set) or a constant-set id.")
@click.option("--caption", default="", help="Caption of a custom table.")
@format_option(*FORMATS, default="markdown")
@click.option("--standalone", is_flag=True, help="LaTeX: a whole compilable document.")
@output_option
@db_option
def table(number, columns, where, sort, group_by, constants, caption, fmt, standalone, output, db_url) -> None:
    """Regenerate survey Table NUMBER (2-8) exactly, or build a custom table.

    \b
    catalog table 6 --format latex
    catalog table --columns paper,dependent,variables,form --where modality=vision --format latex
    catalog table --columns paper,form --constants default --group-by modality
    """
    from catalog.publish import custom_tables, tables
    from catalog.store import selection

    if columns == "list":
        for key, spec in custom_tables.COLUMNS.items():
            click.echo(f"{key:14} {spec.level:6} {spec.header}" + (f" - {spec.about}" if spec.about else ""))
        return
    options = {"standalone": standalone} if fmt == "latex" else {}
    try:
        if number is not None:
            if columns or where or sort or group_by or constants:
                raise tables.TableError("a survey table is regenerated as printed: drop --columns/--where/--sort/"
                                        "--group-by/--constants, or omit NUMBER for a custom table")
            result = tables.survey_table(db_url, number)
        else:
            result = custom_tables.custom_table(db_url, columns, where=list(where), sort=list(sort), group_by=group_by,
                                         constants=constants, caption=caption)
    except (tables.TableError, selection.FilterError, FileNotFoundError) as exc:
        _fail(exc)
    _emit(result.render(fmt, **options), output)


@click.command()
@click.argument("ids", nargs=-1)
@where_option
@output_option
@db_option
def bib(ids, where, output, db_url) -> None:
    """BibTeX for the selected papers (IDS and/or --where filters; default: every paper).

    \b
    catalog bib --where modality=vision -o vision.bib
    catalog bib kaplan2020 hoffmann2022
    catalog bib hoffmann2022/parametric-loss   # a law cites its paper
    """
    from catalog.publish import bibtex
    from catalog.store import lawstore, selection

    try:
        text = bibtex.bibliography(db_url, list(where), ids=list(ids) or None)
    except (selection.FilterError, lawstore.NotFound, FileNotFoundError) as exc:
        _fail(exc)
    _emit(text, output)


@click.command()
@click.argument("ref", metavar="LAW")
@click.option("--constants", "--constant-set", "--set", "-c", "constant_set", default=None, metavar="ID",
              help="Constant set whose values the formula shows (default: the law's default set).")
@output_option
@db_option
def cite(ref, constant_set, output, db_url) -> None:
    """A LaTeX snippet citing one law in your paper: its formula with the constants put in (the
    digits the record prints) in an equation, and a sentence with \\cite{KEY} and, for constants
    the paper or its code prints, \\cite[LOCATOR]{KEY}; constants from elsewhere (a replication,
    Wikipedia) are named with their source, to cite too. KEY is the key of catalog bib's entry,
    which goes in your .bib file (catalog bib LAW). LAW is PAPER (its first law) or PAPER/LAW,
    PAPER an id or a nickname.

    \b
    catalog cite chinchilla
    catalog cite hoffmann2022@besiroglu2024 -o chinchilla.tex
    catalog bib hoffmann2022 >> refs.bib
    """
    from catalog import paths
    from catalog.publish import citing
    from catalog.store import lawstore

    ref, at, named = ref.partition("@")  # LAW@SET, as eval, plot and the compare page's links name a set
    if at and constant_set and named != constant_set:
        _fail(f"{ref}@{named} and --constants {constant_set} name two constant sets: give one")
    try:
        found = lawstore.law(paths.database_url(db_url), ref, trees=False)
        text = citing.latex_snippet(found.paper, found.law, constant_set or named or None)
    except (lawstore.NotFound, citing.UnknownSet, FileNotFoundError) as exc:
        _fail(exc)
    _emit(text, output)


@click.command()
@where_option
@format_option(*FORMATS, default="markdown")
@output_option
@db_option
def repro(where, fmt, output, db_url) -> None:
    """Reproducibility report: survey Table 8 with its summary figures recomputed.

    Shares with a repository link, without training code and without analysis code, counted
    over the printed rows (as the survey did) and over distinct papers; the survey's duplicate
    row is named, not silently counted.
    """
    from catalog.publish import reproducibility
    from catalog.store import selection

    try:
        result = reproducibility.report(db_url, list(where) or None)
    except (selection.FilterError, FileNotFoundError) as exc:
        _fail(exc)
    _emit(result.render(fmt), output)


COMMANDS = [table, bib, cite, repro]
