"""checklist: which fitting details each law reports."""

from __future__ import annotations

import csv
import io
import json
import sys

import click

from catalog.publish import escaping
from catalog.cli.common import db_option, format_option, selected_papers


@click.command(name="checklist")
@click.argument("refs", nargs=-1, metavar="[PAPER|PAPER/LAW]...")
@format_option("table", "json", "csv", "markdown", default="table")
@click.option("--missing", is_flag=True, help="Only laws with at least one item not stated.")
@db_option
def checklist_command(refs, fmt, missing, db_url):
    """Fitting-methodology checklist per law: fitting method, loss objective, initialization,
    runs and points fitted, validation, and the conventions (parameter counting, compute, loss
    unit, validation set, tokenizer), with 'not stated' where the paper is silent, and a summary of how many
    laws report each item. Where a record says 'not stated' and the (Mis)Fitting survey's sheet
    (Li et al. 2025) has the paper, the table shows the sheet's cell marked '(sheet)'; JSON and
    CSV carry the sheet's cells as sheet_* fields. Optional papers (by id or nickname) or laws
    (PAPER/LAW) restrict the report."""
    from catalog.publish import checklist

    papers, laws = selected_papers(db_url, refs)
    rows = checklist.checklist(papers, laws)
    if missing:
        rows = [r for r in rows if r.reported < len(checklist.ITEMS)]
    summary = checklist.summary(rows)
    if fmt == "json":
        click.echo(json.dumps({"laws": [r.as_dict() for r in rows], "summary": summary}, indent=2))
    elif fmt == "csv":
        buffer = io.StringIO()
        # "\n" as every CSV the catalog prints: a text-mode stdout (Windows) makes each "\r\n" itself
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0].as_dict()) if rows else ["law"], lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: escaping.csv_cell(v) for k, v in r.as_dict().items()} for r in rows)
        click.echo(buffer.getvalue(), nl=False)
    elif fmt == "markdown":
        cols = ["law", *checklist.ITEMS, "reported"]
        click.echo("| " + " | ".join(cols) + " |")
        click.echo("|" + "---|" * len(cols))
        for r in rows:
            d = r.as_dict()
            click.echo("| " + " | ".join(escaping.markdown_text(str(d[c])) for c in cols) + " |")
    else:
        from rich.text import Text

        from catalog.cli.terminal import console, fit_table, show, wrap

        columns = ["law", "method", "objective", "init", "runs", "points", "validation", "reported"]
        table_rows = [[r.law_id, r.with_sheet("method"), r.with_sheet("objective"), r.with_sheet("initialization"),
                       str(r.runs_fitted), r.with_sheet("points_fitted"), r.validation,
                       f"{r.reported}/{len(checklist.ITEMS)}"] for r in rows]
        out = console()
        show(fit_table("Fitting checklist (survey Appendix A)", columns, table_rows, keep=[0, 7]), con=out)
        out.print(Text(wrap("reported by: " + ", ".join(f"{k} {v}/{summary['laws']}" for k, v in summary.items()
                                                        if k != "laws"), subsequent="  ")))
        with_sheet = checklist.sheet_summary(rows)
        out.print(Text(wrap("with the (Mis)Fitting sheet where a record says 'not stated' (marked '(sheet)'): "
                            + ", ".join(f"{k} {v}/{summary['laws']}" for k, v in with_sheet.items()),
                            subsequent="  ")))
    if not rows:
        sys.exit(1)


COMMANDS = [checklist_command]
