"""predict: what every catalogued law says at one point (catalog.engine.predict)."""

from __future__ import annotations

import csv
import io
import json

import click

from catalog.cli.common import db_option, format_option, where_defined
from catalog.cli.common import engine_errors as _errors
from catalog.cli.tables import where_option
from catalog.cli.terminal import echo
from catalog import textguard
from catalog.publish import escaping
from catalog.publish.predictions import beyond as _beyond, mark as _mark, split_mark, split_relation, taken as _taken

CHECKED = {"precision": "printed", "fit_residual": "fit residual", None: "none"}


@click.command(name="predict")
@click.argument("values", nargs=-1, required=True, metavar="VARIABLE=VALUE...")
@where_option
@click.option("--partial", is_flag=True,
              help="Also laws that take only some of the given variables (L(N) at N=70B D=1.4T).")
@click.option("--all-sets", is_flag=True, help="Every constant set of each law, not only its default.")
@click.option("--inside", is_flag=True,
              help="Only the laws whose fitted ranges cover the point: every input inside its constant set's stated "
                   "range (with --all-sets, any set's); the others are named.")
@click.option("--to", "to", multiple=True, metavar="VARIABLE=VALUE",
              help="A second point, the first with this variable changed (repeatable): each law's value at both, "
                   "their ratio and difference (C=1e24 --to C=1e25: the loss at 10x compute), in any --format.")
@click.option("--k", "k", default="6", show_default=True, metavar="K",
              help="FLOPs per parameter per token of a budget's splits, C = k*N*D (C=1e24 alone, or C=1e24 D=200N).")
@format_option("text", "csv", "json", "markdown", "latex", default="text")
@db_option
def predict_command(values, where, partial, all_sets, inside, to, k, fmt, db_url):
    """What every law that takes these variables predicts at one point, e.g.
    catalog predict N=70B D=1.4T (every law of model size and tokens) or catalog predict C=1e24
    --where dependent=optimal_model_parameters (every compute-optimal model size).

    VARIABLE is a scaling variable or a synonym (N, D, C, 'model size', compute); values are in
    parameters, tokens and FLOPs (70B, 1.4T, 1e24) and are converted to each law's unit (billions of
    parameters, PF-days). Each law is evaluated with its default constant set; a row gives the set's
    provenance, whether a printed value tests its digits, and the inputs beyond its fitted range.
    Laws whose data are not tokens, or whose inputs are in units that are no multiple of the base
    (normalized compute), are listed as skipped. Outputs differ in unit, validation set,
    parameter counting and tokenizer: compare rows of one group with their conventions (--format
    json) in view; where a table's rows state different tokenizers, a column gives each row's.

    At a budget alone (C=5.76e23), each loss law in parameters and tokens also gives its
    compute-optimal split of the budget (N_opt, D_opt, D_opt/N_opt and the loss there, as catalog optimal),
    marked '(split of C = 6ND)', beside the laws predicting those from C directly; a
    --where dependent=... filter then picks the predicted quantity of those rows. With the
    values of a loss law's other inputs (C=1e22 experts=8), the laws in N, D and those inputs
    (an MoE loss in N, D and E) give the split with them held there.

    Data may be given per parameter: N=7B D=20N, or with a budget, C=1e24 D=200N (10x Chinchilla's 20
    tokens per parameter), which splits C as 6ND at that ratio and evaluates the laws of N and D
    there (--to D=20N against the compute-optimal ratio: the cost of overtraining). --k 4 splits
    both budgets as C = 4ND instead.

    At N and D without C, a law of compute alone whose record states its compute as C = kND
    (C = 6ND) is evaluated at that compute, marked with the relation; one whose counting is not
    stated or no fixed multiple of N D (C = MD) is listed as skipped.

    Each row names whom to cite; the text table marks its constant set with a footnote [n] that
    gives where the constants are printed (Appendix D.2, Eq. (10)). CSV, JSON, Markdown and LaTeX
    (tables to paste into a paper) give each row's citation, the locator of its constants and its
    inputs (a split's N_opt and D_opt in one row).
    """
    from catalog.store import selection
    from catalog.engine.sweep import parse_assignments

    if to:
        with _errors():
            try:
                found = selection.changes(db_url, parse_assignments(values, variables=True),
                                          parse_assignments(to, variables=True), list(where), partial=partial,
                                          all_sets=all_sets, inside=inside, k=k)
            except selection.FilterError as exc:
                echo(f"error: {exc}", err=True)
                raise SystemExit(2) from None
        _print_changes(found, fmt)
        if not found.rows:
            raise SystemExit(1)
        return
    with _errors():
        try:  # the records read as views with their formula trees: no ORM, no pydantic, no sympy
            result = selection.predictions(db_url, parse_assignments(values, variables=True), list(where), partial=partial,
                                           all_sets=all_sets, inside=inside, k=k)
        except selection.FilterError as exc:
            echo(f"error: {exc}", err=True)
            raise SystemExit(2) from None
        # each row's defined quantities (computed when asked) before any output: a definition in a
        # --db no load wrote fails here as one error line, not as a traceback in mid-table
        for r in result.rows:
            r.defined  # noqa: B018
    if fmt == "json":
        click.echo(json_document(result))
    elif fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(["law", "dependent", "output", "value", "unit", "constant_set", "provenance", "checked",
                         "beyond_range", "range_not_stated", "conventions", "derived", "defined",
                         "parameters_counted", "modalities", "tokenizer", "tokenizer_differs", "citation", "locator",
                         "inputs", "taken"])
        for r in result.rows:  # record text (the unit, the conventions) neutralised for spreadsheets
            writer.writerow([escaping.csv_cell(c) for c in (
                r.ref, r.dependent, r.output, repr(r.value), r.unit, r.constant_set, r.provenance, CHECKED[r.checked],
                " ".join(r.beyond), " ".join(r.unranged), r.conventions_text, r.derived,
                " ".join(f"{k}={v!r}" for k, v in r.defined.items()), r.parameters_counted or "",
                " ".join(r.modalities), r.tokenizer, " ".join(r.tokenizer_differs), r.citation, r.locator or "",
                " ".join(f"{k}={v!r}" for k, v in r.inputs.items()), " ".join(f"{k}={v}" for k, v in r.taken.items()))])
        click.echo(buf.getvalue(), nl=False)
    elif fmt in ("markdown", "latex"):  # a table to paste into a paper: Markdown or booktabs LaTeX
        table = result.to_table()
        click.echo(table.to_markdown() if fmt == "markdown" else table.to_latex(), nl=False)
    else:
        _print(result, partial)
    if not result.rows:
        raise SystemExit(1)


def _print_changes(found, fmt: str) -> None:
    """Each law's value at both points, the ratio and the difference: text, CSV, JSON, Markdown or
    LaTeX (the rows missing at one point named on stderr, as the text does)."""
    from catalog.engine.evaluation import fmt as number

    if fmt == "json":
        click.echo(json.dumps({"at": found.at, "to": found.to, "rows": found.to_dicts(), "only_at": found.only_at,
                               "only_to": found.only_to}, indent=2))
        return
    if fmt in ("markdown", "latex"):  # a table to paste into a paper, record text escaped by the format
        table = found.to_table()
        click.echo(table.to_markdown() if fmt == "markdown" else table.to_latex(), nl=False)
        _name_unpaired(found)
        return
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        columns = ["law", "constant_set", "output", "dependent", "unit", "at", "to", "ratio", "difference", "derived",
                   "citation", "locator"]
        writer.writerow(columns)
        for d in found.to_dicts():
            writer.writerow([escaping.csv_cell(repr(d[c]) if isinstance(d[c], float) else (d[c] or ""))
                             for c in columns])
        click.echo(buf.getvalue(), nl=False)
        return
    point = lambda at: " ".join(f"{k}={number(v)}" for k, v in at.items())  # noqa: E731
    echo(f"from {point(found.at)} to {point(found.to)}: {len(found.rows)} row(s)")
    group = None
    for c in found.rows:
        if (c.at.dependent, c.at.unit) != group:
            group = (c.at.dependent, c.at.unit)
            echo(f"\n{textguard.escaped(c.at.dependent)} [{textguard.escaped(c.at.unit)}]")
        split = f" {_mark(c.at)}" if c.at.derived else ""
        echo(f"  {c.at.ref} @ {c.at.constant_set} {textguard.escaped(c.at.output)}{split}: {number(c.at.value)} -> "
             f"{number(c.to.value)}  (x{number(c.ratio)}, {'+' if c.difference >= 0 else ''}{number(c.difference)})")
    _name_unpaired(found)


def _name_unpaired(found) -> None:
    """The rows with a value at one of the two points only, on stderr."""
    for label, names in (("only at the first point", found.only_at), ("only at the second point", found.only_to)):
        if names:
            echo(f"note: {label}: {', '.join(names)}", err=True)


def json_document(result) -> str:
    """The predictions as JSON; a defined quantity that overflows where the law's value does not
    (an effective data size) is null, as in eval's JSON (json.dumps would write Infinity)."""
    from dataclasses import asdict

    from catalog.engine.sweep import json_safe

    doc = {"at": result.at, **({"point_from": result.point_from} if result.point_from else {}),
           "predictions": result.to_dicts(),
           "skipped": [{"law": s.ref, "reason": s.reason} for s in result.skipped],
           "without_constants": result.unfitted, "needing_more_inputs": result.incomplete,
           "by_constant_sets": result.by_sets, "taking_only_some": result.partial_only,
           **({"outside_fitted_range": result.outside, "fitted_range_not_stated": result.range_unknown}
              if result.outside or result.range_unknown else {}),
           "spread": [asdict(s) for s in result.spread()]}
    return json.dumps(json_safe(doc), indent=2, allow_nan=False)


def _print(result, partial: bool = False) -> None:
    from rich.console import Console

    from catalog.cli.terminal import fit_table, fits_width, measured, show, wrap
    from catalog.engine.evaluation import fmt

    at = ", ".join(f"{k}={fmt(v)}" for k, v in result.at.items())
    console = Console()
    groups: dict[tuple[str, str], list] = {}
    for r in result.rows:  # one table per quantity and unit: the values in a table compare
        groups.setdefault((r.dependent, r.unit), []).append(r)
    if groups:
        echo(f"Every law taking these variables, at {at}:")
        if result.point_from:  # C=1e24 D=200N: the N and D asked
            echo(f"({result.point_from})")
    # a law's defined quantities (an effective data size) under its name, as eval prints them under its value
    # papers count N with embeddings or without: where the rows mix both, each says which its N is
    mixed = len({r.parameters_counted for r in result.rows} - {None}) > 1
    # and where a table mixes modalities (speech or image tokens beside text), each row says its paper's
    modal = any(len({tuple(r.modalities) for r in rows}) > 1 for rows in groups.values())
    # and where a table's rows count tokens with different tokenizers, each row says its own
    tokenized = any(r.tokenizer_differs for r in result.rows)
    notes = _locator_notes(result.rows)
    cells = {key: [["\n".join(filter(None, (r.ref, _mark(r), _taken_line(r), where_defined(r.defined)))),
                    fmt(r.value), textguard.escaped(r.citation), _set_cell(r, notes), CHECKED[r.checked], _beyond(r),
                    *([r.parameters_counted or "not stated"] if mixed else []),
                    *([", ".join(r.modalities) or "not stated"] if modal else []),
                    *([_tokenizer(r)] if tokenized else [])] for r in rows]
             for key, rows in groups.items()}
    columns = ["law", "value", "citation", "constant set", "tested", "beyond range", *(["N counts"] if mixed else []),
               *(["modality"] if modal else []), *(["tokenizer"] if tokenized else [])]
    # one set of widths: the tables align
    widths = measured(columns, [row for table_rows in cells.values() for row in table_rows], keep=(0, 1))
    spreads = {(s.dependent, s.unit): s for s in result.spread()}
    for i, ((dependent, unit), table_rows) in enumerate(cells.items()):
        if i:  # a group's heading would otherwise read as the last line of the group above
            echo("")
        show(fit_table(f"{dependent} ({unit})", columns, table_rows, keep=(0, 1), right=(1,), widths=widths),
             con=console)
        spread = spreads.get((dependent, unit))
        if spread:  # the table's range on one line: 'what do they predict, with what spread'
            echo(f"spread: {spread.rows} rows from {fmt(spread.low)} to {fmt(spread.high)}, median {fmt(spread.median)}")
    if notes:  # the locators as footnotes: a column of them made the tables too wide to read
        echo("Where each set's constants are printed (the [n] after a constant set):")
        fitted = fits_width(console)  # piped, a locator (a repository path) stays whole, to be copied
        for (citation, locator), n in notes.items():
            note = f"[{n}] {textguard.escaped(citation)}, {textguard.escaped(locator)}"
            echo(wrap(note, "  ", "      ", fold=True) if fitted else f"  {note}")
    echo(f"{len(result.rows)} prediction(s) at {at}" + (f"; {len(result.skipped)} law(s) skipped:" if result.skipped
                                                         else ""))
    for reason, refs in _by_reason(result.skipped).items():
        echo(f"  {', '.join(refs)}: {reason}")
    if not result.rows and not partial and len(result.at) > 1:  # N, D and C: no law takes all three
        echo(f"note: no law with constants takes {', '.join(result.at)} together; --partial also evaluates the laws "
             "taking only some of them")
    if result.unfitted:
        echo(f"note: {len(result.unfitted)} more law(s) take these variables but record no published constants "
             f"(catalog show LAW says why): {', '.join(result.unfitted)}")
    if result.incomplete:
        from catalog.frames import listed

        needs = [f"{ref} ({', '.join(names)})" for ref, names in result.incomplete.items()]
        echo(f"note: {len(needs)} more law(s) take these variables but need other inputs too (named in "
             f"parentheses; give them, or catalog eval LAW): {listed(needs, 8)}")
    if result.by_sets:
        from catalog.frames import listed

        sets = [f"{ref} ({', '.join(v.replace('_', ' ') for v in variables)})" for ref, variables in result.by_sets.items()]
        echo(f"note: {len(sets)} more law(s) study a variable given through their constant sets, one per setting, "
             f"not as an input (named in parentheses; catalog eval LAW --all-sets gives each set's value): "
             f"{listed(sets, 8)}")
    if result.outside or result.range_unknown:  # --inside: what the fitted ranges left out
        from catalog.frames import listed

        # only the kinds it left out: "and 0 whose source states no fitted range of an input ()" said nothing
        left = [f"{len(result.outside)} law(s) with an input beyond the fitted range ({listed(result.outside, 8)})"
                ] if result.outside else []
        if result.range_unknown:
            left.append(f"{len(result.range_unknown)} whose source states no fitted range of an input "
                        f"({listed(result.range_unknown, 8)})")
        echo(f"note: --inside left out {' and '.join(left)}")
    if result.partial_only:  # a law of N or D alone at N and D (Li et al.'s batch size in D) was left out unsaid
        from catalog.frames import listed

        echo(f"note: {len(result.partial_only)} more law(s) with constants take only some of these variables "
             f"(--partial evaluates them): {listed(result.partial_only, 8)}")
    if any(r.per_nd for r in result.rows):
        echo("note: '(C = 6ND ...)': a law of compute alone evaluated at the compute its paper counts for this N and D, "
             "as its record states the counting (in the law's own unit, PF-days for Kaplan's); beyond range then "
             "means that C beyond the fitted range")
    split_k = next((r.split_k for r in result.rows if r.split_k), None)
    if split_k:
        echo(f"note: '{split_mark(split_k)}': the compute-optimal split of this budget by a loss law L(N, D) along "
             f"{split_relation(split_k)} "
             "(N_opt, D_opt, the tokens per parameter D_opt/N_opt and the loss there, as catalog optimal LAW C=... "
             "gives them; the law's other inputs, "
             "such as experts, at the values given); beyond range then means N_opt or D_opt beyond the fitted range")
    if mixed:
        at_n = fmt(result.at["model_parameters"])
        echo(f"note: 'N counts': N={at_n} is taken as each paper's own N, which counts non-embedding parameters "
             "in some papers (Kaplan's) and all parameters (total) in others, as their records state; one model has "
             "fewer non-embedding than total parameters, and no row converts one count into the other")
    if modal:
        echo("note: 'modality': the modalities of each law's paper; a loss per token of speech, images or code "
             "is no loss per token of text, though the table's quantity and unit are the same")
    if tokenized:
        echo("note: 'tokenizer': rows of one table whose tokenizers differ (name or vocabulary size, marked "
             "'(differs)') count tokens, and a loss per token, in other tokens; the values are not directly comparable")
    if not result.rows:
        _also_meant(result.at)
    if result.rows:
        echo("note: each value is its law's own output: papers count parameters and compute, measure loss, "
             "and count tokens on different conventions, validation sets and tokenizers (--format csv or json "
             "gives each row's)")


def _also_meant(at: dict) -> None:
    """Where nothing was predicted at a variable that other laws record as another (a loss as the
    predictor of an accuracy is pretraining_loss: 'predict loss=2.1 -w dependent=accuracy' found
    nothing), the variable and the command to try."""
    from catalog import vocab
    from catalog.engine.evaluation import fmt

    for variable, value in at.items():
        other = vocab.ALSO_MEANT.get(variable)
        if other and other not in at:
            asked = " ".join(f"{other if v == variable else v}={fmt(x)}" for v, x in at.items())
            echo(f"note: laws that take {variable.replace('_', ' ')} as an input may record it as {other} "
                 f"({vocab.VARIABLES[other][0]}): catalog predict {asked}")


def _taken_line(r) -> str:
    """'takes U_D = D (Number of unique training tokens)' under a law that took a given value under
    another name or unit: why two laws asked at one point differ."""
    text = _taken(r)
    return f"takes {textguard.escaped(text)}" if text else ""


def _locator_notes(rows) -> dict[tuple[str, str], int]:
    """The footnote number of each (citation, locator) the rows' constant sets give, in order of
    first appearance: a paper's sets printed in one table share one note."""
    notes: dict[tuple[str, str], int] = {}
    for r in rows:
        if r.locator:
            notes.setdefault((r.citation, r.locator), len(notes) + 1)
    return notes


def _set_cell(r, notes) -> str:
    """'hoffmann2022 (paper) [1]': the set, its provenance and the footnote giving its locator."""
    cell = f"{r.constant_set} ({r.provenance})"
    return f"{cell} [{notes[r.citation, r.locator]}]" if r.locator else cell


def _tokenizer(r) -> str:
    """The row's tokenizer by name (its locator and reasons are in CSV and JSON), marked '(differs)'
    where another law of its table states another."""
    return f"(differs) {r.tokenizer_name}" if r.tokenizer_differs else r.tokenizer_name


def _by_reason(skipped) -> dict[str, list[str]]:
    """The skipped laws by reason: at N and D some seventy laws of compute alone share two
    reasons, which one line each names with their laws."""
    out: dict[str, list[str]] = {}
    for s in skipped:
        out.setdefault(s.reason, []).append(s.ref)
    return out


COMMANDS = [predict_command]
