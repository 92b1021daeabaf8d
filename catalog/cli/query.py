"""search, show, stats, vocab: asking the catalog questions.

Exit codes: 0 something found, 1 nothing found, 2 usage error (bad option or value, no database).
"""

from __future__ import annotations

import csv
import io
import json
import sys

import click

from catalog.frames import law_keys
from catalog import textguard
from catalog.publish import escaping
from catalog.cli.arguments import IntRange
from catalog.cli.common import db_option, format_option

EXIT_FOUND, EXIT_NOTHING, EXIT_USAGE = 0, 1, 2
PAGE = 25  # rows a table shows unless --limit says otherwise

# --format table|json|csv, with --json and --csv as its shorthands
_formats = format_option("table", "json", "csv", default="table")


def _open(db_url: str | None):
    from catalog.store.query import Catalog

    try:
        return Catalog(db_url)
    except FileNotFoundError as exc:
        raise click.UsageError(str(exc)) from None


def _console():
    from catalog.cli.terminal import console

    return console()


def _print(renderables: list) -> None:
    from catalog.cli.terminal import show

    show(*renderables, con=_console())


def _table(title: str | None, columns: list[str], rows: list[list[str]]):
    """A table fitting the terminal: the id column and short codes are never wrapped."""
    from catalog.cli.terminal import fit_table

    keep = [i for i, c in enumerate(columns) if i == 0 or c in ("year", "kind", "has constants", "code")]
    return fit_table(title, columns, rows, keep=keep)


def _csv(columns: list[str], rows: list[list]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([escaping.csv_cell(v) if isinstance(v, str) else v for v in row] for row in rows)
    return out.getvalue()


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("Y" if value else "N")


def _join(values) -> str:
    return "; ".join(values)


# ---------------------------------------------------------------- search


@click.command()
@click.argument("text", nargs=-1)
@click.option("--modality", "-m", multiple=True, help="Modality, e.g. vision, language (synonyms resolve).")
@click.option("--variable", "-v", multiple=True, help="A scaling variable of a law, e.g. N, 'model size', experts.")
@click.option("--dependent", "-y", multiple=True, help="The dependent variable of a law, e.g. loss, accuracy.")
@click.option("--category", "-c", multiple=True, help="Category, e.g. pre-training, quantization, sparsity.")
@click.option("--architecture", "-a", multiple=True,
              help="Architecture a paper studies, e.g. vit, moe, decoder-only (the paper's: its dense baselines come along).")
@click.option("--task", "-t", multiple=True, help="Task, e.g. 'language generation', 'image recognition'.")
@click.option("--dataset", "-d", multiple=True, help="Dataset name, case-insensitive; a fragment matches (WMT19).")
@click.option("--year", metavar="YEARS", help="A year or range: 2022, 2020-2022, 2023-, -2021.")
@click.option("--training-code/--no-training-code", default=None, help="Training code released (or not).")
@click.option("--analysis-code/--no-analysis-code", default=None, help="Analysis code released (or not).")
@click.option("--has-constants/--no-constants", default=None, help="Laws with (or without) published fitted constants.")
@click.option("--checked", type=click.Choice(["printed", "precision"]), default=None,
              help="Laws checked against a number printed in their source (precision: at the printed precision, "
                   "not only a measured point within the fit's residual).")
@click.option("--covers", multiple=True, metavar="VAR=VALUE",
              help="A range containing a value, e.g. N=70B, D=1.4T, C=1e21: papers by their ranges, laws by their own "
                   "inputs' fitted ranges (the covers column says which inputs are inside or outside).")
@click.option("--all", "match_all", is_flag=True, help="A repeated option requires every value (default: any).")
@click.option("--laws", "by_law", is_flag=True,
              help="One row per matching law instead of per paper; with TEXT, the laws whose own id, name, "
                   "dependent variable or note hold every word, or every law of a paper the text names.")
@click.option("--limit", type=IntRange(min=1), default=None,
              help=f"Show at most this many rows (default: a page of {PAGE} in a table; --json and --csv list every match).")
@_formats
@db_option
def search(text, modality, variable, dependent, category, architecture, task, dataset, year, training_code,
           analysis_code, has_constants, checked, covers, match_all, by_law, limit, fmt, db_url) -> None:
    """Find papers and laws. Filters combine (AND); free TEXT searches ids, nicknames, titles,
    authors, summaries, survey insights, notes and law names, ranked by relevance.

    Examples: catalog search --variable experts; catalog search -m vision -v compute;
    catalog search --analysis-code; catalog search quantization; catalog search --covers N=70B.
    Exit status: 0 found, 1 nothing found, 2 usage error.
    """
    from catalog.store.query import QueryError

    as_json, as_csv = fmt == "json", fmt == "csv"
    if limit is None and not (as_json or as_csv):
        limit = PAGE  # a table draws one page; the count says how many more there are
    filters = dict(modality=modality, variable=variable, dependent=dependent, category=category,
                   architecture=architecture, task=task, dataset=dataset, year=year, training_code=training_code,
                   analysis_code=analysis_code, has_constants=has_constants, checked=checked, covers=covers,
                   text=" ".join(text) or None, match="all" if match_all else "any")
    cat = _open(db_url)
    try:
        result = cat.search(limit=limit, per_law=by_law, **filters)
        other = result.query.swapped() if not result and not as_json else None
        other_laws = cat.run(other, limit=0, per_law=True).law_total if other is not None else 0
        related = result.query.related() if not result and not as_json else None
        related_laws = cat.run(related, limit=0, per_law=True).law_total if related is not None else 0
        named = _close_paper_names(cat, filters["text"]) if not result and not as_json else ""
        respelled = _respellings(cat, result.query, by_law) if not result and not as_json else []
    except QueryError as exc:
        raise click.UsageError(str(exc)) from None
    finally:
        cat.close()
    shown = result.laws if by_law else result.papers
    count = (result.law_total if result.law_total is not None else len(shown)) if by_law else result.total
    if as_json:
        from dataclasses import asdict

        # a law named as every command's JSON names it, with the formula the table and CSV show, and
        # its definitions by name beside the string ('definitions') that scripts already read
        rows = ([{**law_keys(h.id, h.name), **asdict(h), "defined_as": h.defined_as, "formula": h.formula}
                 for h in shown] if by_law
                else [asdict(p) for p in shown])
        click.echo(json.dumps({"query": result.query.describe(), "count": count,
                               "laws" if by_law else "papers": rows}, indent=2))
    elif by_law:
        columns = ["law", "name", "dependent", "scaling variables", "formula", "has constants"]  # not "fitted": "fitted N" read as fitted in N
        # the table's "has constants  N" read as "has constants in N": words there, Y/N in CSV as its other flags
        rows = [[l.id, l.name, l.dependent_variable, _join(l.scaling_variables), l.formula,
                 _yes_no(l.has_constants) if as_csv else ("yes" if l.has_constants else "no")] for l in shown]
        if result.query.covers:  # which of each law's inputs lie inside their fitted ranges
            columns.append("covers")
            for row, law in zip(rows, shown):
                row.append(_join(c.text for c in law.coverage))
        _emit(as_csv, _title(count, len(shown), "law(s)"), columns, rows)
    else:
        # "code Y/N" did not say which code is which: training code first, then analysis code
        columns = ["paper", "year", "title", "modalities", "categories", "code (training/analysis)", "laws"]
        rows = [[p.id, str(p.year), p.title, _join(p.modalities), _join(p.categories),
                 f"{_yes_no(p.training_code) or '?'}/{_yes_no(p.analysis_code) or '?'}", _join(l.key for l in p.laws)]
                for p in shown]
        if as_csv:
            columns = ["paper", "year", "title", "authors", "citation", "modalities", "categories", "tasks",
                       "architectures", "datasets", "training_code", "analysis_code", "repository", "model_range",
                       "data_range", "laws", "score"]
            rows = [[p.id, p.year, p.title, _join(p.authors), p.citation or "", _join(p.modalities),
                     _join(p.categories), _join(p.tasks), _join(p.architectures), _join(p.datasets),
                     _yes_no(p.training_code), _yes_no(p.analysis_code), p.repository or "", p.model_range or "",
                     p.data_range or "", _join(l.id for l in p.laws), "" if p.score is None else f"{p.score:.4f}"]
                    for p in shown]
        _emit(as_csv, _title(count, len(shown), "paper(s)"), columns, rows)
    if not (as_json or as_csv) and len(shown) < count:
        click.echo(f"{count - len(shown)} more not shown: --limit {count} shows them all "
                   f"(--json and --csv list every match)", err=True)
    if not shown:
        if not as_json:
            click.echo("nothing found", err=True)
        if other_laws:
            click.echo(_role_hint(result.query, other_laws), err=True)
        if related_laws:
            click.echo(_related_hint(related, related_laws, result.query), err=True)
        if respelled:
            # offered, not run: the exit status and the rows stay those of the text typed, and a word
            # the catalog lacks may be meant (a name, a new term) rather than misspelled
            noun = "law(s)" if by_law else "paper(s)"
            offered = ", ".join(f"{r.text!r} ({r.found} {noun})" for r in respelled)
            click.echo(f"did you mean: {offered}? (spelled close to words of the catalog)", err=True)
        if named:
            click.echo(f"did you mean: {named}? (spelled close to a paper's id or nickname)", err=True)
        assigned = [word for word in text if "=" in word]
        if assigned and not as_json:  # 'search --covers N=70B D=1.4T': the second value became free text
            click.echo(f"{', '.join(map(repr, assigned))} {'was' if len(assigned) == 1 else 'were'} searched as text; "
                       f"each --covers takes one VAR=VALUE: "
                       f"{' '.join(f'--covers {w}' for w in assigned)}", err=True)
        sys.exit(EXIT_NOTHING)


def _close_paper_names(cat, text: str | None) -> str:
    """The papers whose id or nickname is spelled close to the whole TEXT of a search that found
    nothing: 'chinchila' is a typo of a name, which no word of any record holds."""
    from catalog import nicknames

    return nicknames.close_names(text, nicknames.from_rows(cat.rows(nicknames.QUERY))) if text else ""


def _respellings(cat, query, by_law: bool) -> list:
    """The search text respelled where a word matches nothing ('bach size' -> 'batch size'), with
    what each finds."""
    from catalog.store import spelling

    return spelling.corrections(cat, query, per_law=by_law) if query.text else []


def _role_hint(query, laws: int) -> str:
    """Where the variables asked for in one role are found in the other."""
    names = " or ".join(query.variable or query.dependent)
    if query.variable:
        said, other, option = f"takes {names} as a scaling variable", "predict it (dependent variable)", "-y"
    else:
        said, other, option = f"predicts {names}", "take it as a scaling variable", "-v"
    again = " ".join(f"{option} {n}" for n in query.variable or query.dependent)
    return f"no matching law {said}; {laws} {other}: try {again}"


def _related_hint(query, laws: int, asked) -> str:
    """Where the paired variable (a quantity and its optimum, or the one other records use for it)
    is found in the same role: the options of the roles whose variables changed."""
    roles = [(option, role, names) for option, role, names, before in (
        ("-y", "predict", query.dependent, asked.dependent), ("-v", "take", query.variable, asked.variable))
        if names and names != before]
    said = " and ".join(f"{role} {' or '.join(names)}" for _, role, names in roles)
    return (f"{laws} matching law(s) {said}: try "
            + " ".join(f"{option} {n}" for option, _, names in roles for n in names))


def _title(count: int, shown: int, noun: str) -> str:
    return f"{count} {noun}" + (f", first {shown} shown" if shown < count else "")


def _emit(as_csv: bool, title: str, columns: list[str], rows: list[list]) -> None:
    if as_csv:
        click.echo(_csv(columns, rows), nl=False)
    elif rows:
        from catalog.cli.terminal import show

        show(_table(title, columns, rows), con=_console())


# ---------------------------------------------------------------- show


@click.command()
@click.argument("ref", metavar="PAPER[/LAW]")
@click.option("--pretty", is_flag=True, help="Pretty-print formulas with sympy (slower start).")
@format_option("text", "json", default="text")
@db_option
def show(ref: str, pretty: bool, fmt: str, db_url: str | None) -> None:
    """Show one paper with its laws: formula, symbols, constants with sources, ranges, errata.

    PAPER is an id or a nickname (catalog show chinchilla); PAPER/LAW shows a single law. A
    constant set after '@', as eval and predict name one (hoffmann2022/parametric-loss@besiroglu2024),
    must be one of the law's (the paper's): every set is shown.
    Exit status: 0 shown, 1 no such paper, law or set, 2 usage error.
    """
    from catalog import vocab as vocab_api
    from catalog.store.query import NotFound

    ref, at, set_id = ref.partition("@")
    paper_id, _, law_id = ref.partition("/")
    cat = _open(db_url)
    try:
        paper = cat.record(paper_id)
    except NotFound as exc:
        if not law_id:
            from catalog.store.lawstore import law_named

            exc = law_named(paper_id, (row[0] for row in cat.rows("SELECT id FROM laws ORDER BY id")), exc)
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_NOTHING)
    finally:
        cat.close()
    if law_id and law_id not in {l.id for l in paper.laws}:
        hint = vocab_api.did_you_mean(law_id, [l.id for l in paper.laws])
        click.echo(f"error: paper {paper.id!r} has no law {law_id!r}{hint} (laws: {', '.join(l.id for l in paper.laws)})",
                   err=True)
        sys.exit(EXIT_NOTHING)
    if at:  # LAW@SET copied from eval, predict or a skipped row: the law is shown with every set
        shown = [l for l in paper.laws if not law_id or l.id == law_id]
        sets = list(dict.fromkeys(cs.id for l in shown for cs in l.constant_sets))
        if set_id not in sets:
            whose = f"{paper.id}/{law_id}" if law_id else paper.id
            click.echo(f"error: {whose} has no constant set {textguard.quoted(set_id)}{vocab_api.did_you_mean(set_id, sets)} "
                       f"(sets: {', '.join(sets) or 'none'})", err=True)
            sys.exit(EXIT_NOTHING)
    if fmt == "json":
        data = paper.model_dump(mode="json", exclude_none=True)
        if law_id:
            data["laws"] = [l for l in data["laws"] if l["id"] == law_id]
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    from catalog.cli.render import render_paper  # rich: only to draw (the JSON above needs none)

    _print(render_paper(paper, law_id or None, pretty=pretty))


# ---------------------------------------------------------------- stats


@click.command()
@click.option("--all", "all_records", is_flag=True, help="Count every record, not only the survey's papers.")
@_formats
@db_option
def stats(all_records: bool, fmt: str, db_url: str | None) -> None:
    """Counts by architecture, scaling variable and task (the survey's Figure 3) and the
    reproducibility summary (the survey's claims about Table 8, recomputed, duplicates noted).

    Exit status: 0 printed, 1 the catalog is empty, 2 usage error.
    """
    from catalog.publish import stats as stats_api

    as_json, as_csv = fmt == "json", fmt == "csv"
    cat = _open(db_url)
    try:
        result = stats_api.compute(cat, scope="all" if all_records else "survey")
    finally:
        cat.close()
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2))
    elif as_csv:
        click.echo(_csv(["group", "value", "count", "percent"], result.rows()), nl=False)
    else:
        from catalog.cli.render import render_stats

        _print(render_stats(result))
    if result.papers == 0:
        sys.exit(EXIT_NOTHING)


# ---------------------------------------------------------------- vocab

VOCAB_KINDS = ["variable", "category", "modality", "task", "architecture", "unit", "dataset"]


@click.command()
@click.argument("kind", required=False, type=click.Choice(VOCAB_KINDS, case_sensitive=False))
@click.argument("value", required=False)
@_formats
@db_option
def vocab(kind: str | None, value: str | None, fmt: str, db_url: str | None) -> None:
    """List the known values of the controlled vocabularies with their synonyms, or resolve one.

    'catalog vocab variable' lists every variable; 'catalog vocab variable "model size"' prints
    model_parameters; 'catalog vocab dataset' lists the datasets in the database; 'catalog vocab unit'
    the catalog's spelling of units written several ways (records use it: 'nats/token', not 'nats per token').
    Exit status: 0 listed or resolved, 1 nothing to list, 2 unknown kind or value.
    """
    from catalog.store.query import QueryError, vocabulary

    as_json, as_csv = fmt == "json", fmt == "csv"
    if value is not None:
        rows = _resolve_value(kind, value, db_url)
    elif kind == "dataset":
        cat = _open(db_url)
        try:
            rows = [{"kind": "dataset", "value": d, "description": None, "synonyms": []} for d in cat.datasets()]
        finally:
            cat.close()
    else:
        try:
            rows = vocabulary(kind)
        except QueryError as exc:
            raise click.UsageError(str(exc)) from None
    if as_json:
        click.echo(json.dumps(rows, indent=2))
    else:
        columns = ["kind", "value", "description", "synonyms"]
        table_rows = [[r["kind"], r["value"], r["description"] or "", _join(r["synonyms"])] for r in rows]
        if not any(r["description"] for r in rows):
            columns.remove("description")
            table_rows = [[r[0], r[1], r[3]] for r in table_rows]
        _emit(as_csv, f"{len(rows)} value(s)", columns, table_rows)
    if not rows:
        sys.exit(EXIT_NOTHING)


def _resolve_value(kind: str, value: str, db_url: str | None) -> list[dict]:
    from catalog import vocab as vocab_api
    from catalog.store.query import vocabulary

    if kind == "dataset":
        cat = _open(db_url)
        try:
            known = cat.datasets()
        finally:
            cat.close()
        matches = [d for d in known if d.lower() == value.lower()] or [d for d in known if value.lower() in d.lower()]
        if not matches:
            raise click.UsageError(f"no dataset {value!r} in the catalog{vocab_api.did_you_mean(value, known)}")
        return [{"kind": "dataset", "value": d, "description": None, "synonyms": []} for d in matches]
    if kind is None:
        raise click.UsageError("give the KIND of the value to resolve, e.g. 'catalog vocab variable N'")
    try:
        name = vocab_api.resolve(kind, value)
    except vocab_api.UnknownValue as exc:
        raise click.UsageError(str(exc)) from None
    return [r for r in vocabulary(kind) if r["value"] == name]


COMMANDS = [search, show, stats, vocab]
