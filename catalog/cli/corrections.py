"""corrections: the laws and papers that correct, replicate, supersede, extend or contradict a law."""

from __future__ import annotations

import json

import click

from catalog.cli.common import db_option, format_option
from catalog.cli.common import engine_errors as _errors
from catalog.cli.terminal import echo


@click.command(name="corrections")
@click.argument("ref", metavar="LAW")
@format_option("text", "json", default="text")
@click.option("--no-compare", "no_compare", is_flag=True, help="List the links without evaluating the laws.")
@db_option
def corrections_command(ref, fmt, no_compare, db_url):
    """Which laws and papers correct, replicate, supersede, extend or contradict LAW, in both
    directions, e.g. catalog corrections hoffmann2022/parametric-loss.

    LAW is PAPER/LAW, or PAPER for the paper as a whole and each of its laws. For every pair of
    comparable laws (same output, same inputs by variable) the prediction difference is shown at
    a reference point (Chinchilla's 70B parameters and 1.4T tokens for pairs with a Chinchilla
    law, else the geometric middle of the overlapping fitted ranges), with the conventions that
    differ (parameters with or without embeddings, compute, loss unit, validation set, tokenizer).
    """
    from catalog.engine import evaluation as engine
    from catalog.publish import corrections
    from catalog.store.query import Catalog

    with _errors():
        with Catalog(db_url) as catalog:  # views with their formula trees: no ORM, no pydantic, no sympy
            papers = catalog.records(trees=True)
        name, _ = engine.split_ref(ref)
        if "/" in name:
            results = [corrections.for_law(papers, name, compare=not no_compare)]
        else:
            results = corrections.for_paper(papers, name, compare=not no_compare)
    if fmt == "json":
        doc = [r.as_dict() for r in results]
        click.echo(json.dumps(doc[0] if len(doc) == 1 else doc, indent=2))
        return
    shown: set[str] = set()  # a law's range warnings recur in each comparison it is part of
    for i, result in enumerate(results):
        if i:
            click.echo("")
        echo(f"{result.ref}: {result.name}")
        if not result.links:
            click.echo("  no recorded corrections, replications or extensions")
        scope = None
        for link in result.links:
            if result.law and link.scope != scope:
                scope = link.scope
                if scope == "paper":
                    echo(f"  about {result.paper} as a whole:")
            echo(f"  {result.ref} {link.phrase} {link.other}   (declared by {link.declared_by})")
            echo("    " + " ".join(link.note.split()))
            c = link.comparison
            if c is not None:
                echo(f"    compared with {c.other}: {c.describe()}")
                for d in c.conventions:
                    echo(f"    conventions differ: {d.detail}")
                again = [w for w in c.warnings if w in shown]
                for w in c.warnings:
                    if w not in shown:
                        echo(f"    warning: {w}")
                if again:
                    echo(f"    warning: {len(again)} warning(s) as above")
                shown.update(c.warnings)
            elif link.not_compared:
                echo(f"    not compared: {link.not_compared}")


COMMANDS = [corrections_command]
