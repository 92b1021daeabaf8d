"""audit: the provenance of every law's constants and check values."""

from __future__ import annotations

import json
import sys

import click

from catalog.cli.common import db_option, format_option, selected_papers


@click.command(name="audit")
@click.argument("refs", nargs=-1, metavar="[PAPER|PAPER/LAW]...")
@format_option("text", "json", default="text")
@click.option("--gaps", is_flag=True, help="Only laws with a problem or a gap (no constants and no reason; "
                                           "constants without a printed check value or its reason; an input "
                                           "without a fitted range or the reason none is stated).")
@db_option
def audit_command(refs, fmt, gaps, db_url):
    """Provenance audit: per law, where its default constant set comes from (paper, code,
    replication, secondary, survey, wikipedia) and its locator, how many check values are
    printed in a source (how many of those hold only within a fit's residual: "(n fit)", and
    how many lie beyond the law's fitted range, testing its extrapolation: "(n beyond range)")
    and how many are derived self-checks, and why constants are missing
    where a law has none; then totals. Optional papers (by id or nickname) or laws (PAPER/LAW)
    restrict the report. Exits 1, listing them, when a law's default set is
    secondary while a primary one exists."""
    from catalog import provenance

    papers, laws = selected_papers(db_url, refs)
    report = provenance.audit(papers, laws)
    rows = [a for a in report.laws if a.problems or a.gaps] if gaps else report.laws
    if fmt == "json":
        click.echo(json.dumps({"laws": [a.as_dict() for a in rows],
                               "totals": report.totals}, indent=2))
    else:
        from rich.console import Console

        from catalog.cli.terminal import fit_table, show

        rows_out = []
        for a in rows:
            where = (a.default_provenance or "none") + (f", {a.default_locator}" if a.default_locator else "")
            note = "; ".join(a.problems + a.gaps) or (
                f"no constants: {a.no_constants_reason}" if a.no_constants_reason
                else f"no printed check: {a.no_printed_check_reason}" if a.no_printed_check_reason else "")
            printed = f"{a.printed_checks}" + "".join(
                f" ({n} {what})" for n, what in ((a.residual_checks, "fit"), (a.extrapolation_checks, "beyond range")) if n)
            rows_out.append([a.ref, a.default_set or "-", where, f"{printed}/{a.derived_checks}", note])
        console = Console()
        show(fit_table("Provenance audit", ["law", "default set", "provenance", "checks printed/derived", "note"],
                       rows_out), con=console)
        t = report.totals
        console.print(
            f"{t['laws']} laws: {t['with_constants']} with constants ({t['constant_sets']} sets: "
            + ", ".join(f"{p} {t['sets_' + p]}" for p in provenance.PROVENANCE_RANK) + "); defaults: "
            + ", ".join(f"{p} {t['default_' + p]}" for p in provenance.PROVENANCE_RANK if t["default_" + p])
            + f"; {t['with_constants_and_printed_check']} of {t['with_constants']} with a printed check value, "
            f"{t['with_constants_and_precision_check']} of them at the printed precision ({t['printed_checks']} "
            f"printed, {t['residual_checks']} of them within a fit's residual only and {t['extrapolation_checks']} "
            f"beyond the fitted range (in {t['with_extrapolation_check']} laws), {t['derived_checks']} derived checks; "
            f"{t['without_printed_check_with_reason']} without one say why); {t['without_constants']} without "
            f"constants, {t['without_constants_with_reason']} of them with a reason; {t['inputs']} inputs of the laws "
            f"with constants: {t['inputs_with_range']} with a fitted range, {t['inputs_range_not_stated']} saying why "
            f"none is stated, {t['inputs_without_range']} with neither; {t['primary_sets']} primary constant sets "
            f"(paper, code, replication): {t['primary_sets_with_precision_check']} tested by a printed value at its "
            f"precision, {t['primary_sets_with_residual_check_only']} only by measured points within a fit's residual; "
            f"{t['primary_sets_refit']} reproduced by a refit of the released runs",
            highlight=False)
    if not report.ok:
        for a in report.laws:
            for p in a.problems:
                click.echo(f"error: {a.ref}: {p}", err=True)
        sys.exit(1)


COMMANDS = [audit_command]
