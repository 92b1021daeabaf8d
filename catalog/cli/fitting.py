"""fit: fit a catalogued law to your own runs."""

from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from pathlib import Path

import click

from catalog import provenance, textguard
from catalog.cli.arguments import FilePath, Float, Integer
from catalog.frames import law_keys
from catalog.cli.common import db_option, first_law_hint, format_option, write_output
from catalog.cli.terminal import echo


@click.command(name="fit")
@click.argument("law_ref", metavar="LAW")
@click.argument("runs", type=FilePath(exists=True, dir_okay=False, path_type=Path), required=False)
@click.option("--example", metavar="NAME", default=None,
              help="Fit a packaged example file instead of RUNS (catalog.examples; e.g. chinchilla-runs.csv: "
                   "Hoffmann et al.'s 240 runs), present in a pip install too.")
@click.option("--objective", type=click.Choice(["huber", "mse"]), default="huber", show_default=True)
@click.option("--delta", type=Float(), default=1e-3, show_default=True, help="Huber delta.")
@click.option("--space", type=click.Choice(["log", "linear"]), default="log", show_default=True,
              help="Residuals of log(prediction) - log(observed), or plain differences.")
@click.option("--restarts", type=Integer(), default=64, show_default=True, help="Grid starting points for L-BFGS-B.")
@click.option("--bootstrap", type=Integer(), default=200, show_default=True, help="Bootstrap resamples for intervals (0: none).")
@click.option("--fix", "fixes", multiple=True, metavar="NAME=VALUE",
              help="Hold a parameter at a value (repeatable), e.g. --fix E=1.69.")
@click.option("--weights", metavar="COLUMN", default=None,
              help="A column of RUNS weighting each run's loss (e.g. 1/variance): the objective is their weighted mean.")
@click.option("--start", "start", metavar="SET", default=None,
              help="Start around this constant set's values, and list them beside the fit (default: the law's "
                   "default set).")
@click.option("--all-sets", is_flag=True,
              help="List every published constant set of the law beside the fit (default first), not only the "
                   "--start or default set.")
@click.option("--save-yaml", type=FilePath(dir_okay=False, path_type=Path), default=None,
              help="Write the fit as a constant set (record YAML) to this file.")
@click.option("--set-id", default="my-fit", show_default=True, help="Id of the saved constant set.")
@format_option("text", "json", default="text")
@db_option
def fit_command(law_ref, runs, example, objective, delta, space, restarts, bootstrap, fixes, weights, start, all_sets, save_yaml, set_id,
                fmt, db_url):
    """Fit a catalogued law's form to your measurements in RUNS (CSV with a header of the law's
    symbols, e.g. N,D,L), with Huber or MSE loss, L-BFGS-B from a grid of starts, and bootstrap
    intervals. Example: catalog fit hoffmann2022 runs.csv --save-yaml my-fit.yaml (or --example
    chinchilla-runs.csv instead of a file of your own)
    """
    from catalog.engine import fit
    from catalog.store.reader import NotFound, Store

    if (runs is None) == (example is None):
        raise click.UsageError("give a runs file (RUNS) or --example NAME, one of the two")
    if example is not None:
        from catalog import examples

        try:
            runs = examples.path(example)
        except FileNotFoundError as exc:
            raise click.UsageError(str(exc)) from None

    if save_yaml is not None and not save_yaml.parent.is_dir():  # before the work, not after it
        click.echo(f"error: --save-yaml: directory {textguard.escaped(str(save_yaml.parent))} does not exist", err=True)
        sys.exit(2)
    if save_yaml is not None:  # what goes into the record must pass its schema, told before the work too
        _check_saved_set(set_id, runs)
        _check_save_target(save_yaml, runs)
    from catalog.engine.errors import EngineError
    from catalog.engine.sweep import parse_assignments

    try:  # catalog eval's NAME=VALUE grammar; the values are read as numbers with the law's parameters
        fixed = parse_assignments(fixes)
    except EngineError as exc:
        click.echo(f"error: --fix: {exc}", err=True)
        sys.exit(2)
    ref = data = None
    try:
        ref = Store(db_url).law(law_ref)
        data = fit.read_runs(runs, ref.law)
        if weights is not None and weights not in data:
            raise fit.FitError(f"--weights: {runs} has no column {weights!r} (columns: {', '.join(data)})")
        with _progress() as progress:
            result = fit.fit(ref.law, data, objective=objective, delta=delta, space=space,
                             restarts=restarts, bootstrap=bootstrap, law_id=ref.id, progress=progress,
                             fixed=fixed, weights=data[weights] if weights is not None else None, start=start)
    except fit.FitError as exc:  # escaped: it quotes the CSV's header and cells, the user's file's text
        # the paper's laws the runs fit, when a paper id names a law whose columns they lack
        hint = first_law_hint(law_ref, ref, lambda law: {law.output_symbol, *law.input_symbols} <= set(data),
                              "the CSV's columns") if data is not None else ""
        # each unreadable line of the runs its own error line, as validate prints a record's
        for line in (exc.problems if isinstance(exc, fit.RunsError) else [f"{exc}{hint}"]):
            click.echo(f"error: {textguard.escaped(line)}", err=True)
        sys.exit(2)
    except (NotFound, FileNotFoundError) as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    # the published constants beside the fitted ones: those of --start, else the law's default set
    # (with --all-sets every set, the default first)
    compared = result.compare_to(ref, start) if ref.law.constant_sets else None
    every = result.compare_to_sets(ref) if all_sets and compared is not None else None
    if fmt == "json":  # nan (R^2 of constant outputs, the standard error of one resample) as null: valid JSON
        # the law named as eval, sweep, solve, optimal and predict name it
        fields = {**law_keys(result.law_id, ref.law.name), **{k: v for k, v in result.__dict__.items() if k != "law_id"}}
        doc = {**fields, "compared_to": None if compared is None else
               {"constant_set": compared.set_id, "constants": compared.to_dicts()}}
        if all_sets:
            doc["compared_to_sets"] = [{"constant_set": c.set_id, "constants": c.to_dicts()} for c in every or []]
        from catalog.engine.sweep import json_safe

        click.echo(json.dumps(json_safe(doc), indent=2, allow_nan=False))
    else:
        echo(f"{result.law_id}: {result.points} points, {result.objective}{' weighted' if result.weighted else ''} "
             f"in {result.space} space, {result.restarts} restarts")
        for name, value in result.values.items():
            ci = result.intervals.get(name)
            band = f"  [{ci[0]:.6g}, {ci[1]:.6g}] ({int(result.level * 100)}% bootstrap)" if ci else ""
            mark = "  (held fixed)" if name in result.fixed else "  (not identified)" if name in result.unidentified else ""
            click.echo(f"  {name:<12} = {value:.6g}{band}{mark}")
        click.echo(f"  R^2 = {result.r2:.5f}   RMSE = {result.rmse:.4g}   loss = {result.loss:.4g}")
        default = provenance.default_set(ref.law)
        for comparison in every or ([compared] if compared is not None else []):
            cs = next(c for c in ref.law.constant_sets if c.id == comparison.set_id)
            which = (" (the law's default)" if cs is default and (all_sets or not start) else "") + (
                f", {cs.provenance}" if all_sets else "")
            echo(f"  published constants, set {comparison.set_id}{which}:")
            level = f"{int(result.level * 100)}%"
            for row in comparison:
                inside = {True: f", inside the fit's {level} interval", False: f", outside the fit's {level} interval",
                          None: ""}[row.within_interval]
                state = ", held fixed" if row.held else ", not identified by the runs" if row.unidentified else inside
                click.echo(f"  {row.name:<12} = {row.published:.6g}  (fit {fit.percent(row.relative_difference)}{state})")
        for warning in result.warnings:
            echo(f"warning: {warning}", err=True)
    if save_yaml:
        import yaml

        cs = result.constant_set(set_id, f"Own fit of {result.law_id} to {runs.name}", f"catalog fit on {runs.name}",
                                 runs.name)
        comment = (f"# Your own fit of {result.law_id} to the runs in {runs.name} (catalog fit), provenance 'own':\n"
                   "# no publication prints these constants ('replication' is another paper's published refit).\n"
                   "# Paste the item under the law's constant_sets in your record (catalog --data DIR); the paper's\n"
                   "# own set stays the default, and eval with this set says how far it lands from it.\n")
        write_output(save_yaml, comment + yaml.safe_dump({"constant_sets": [cs.model_dump(exclude_none=True)]},
                                                         sort_keys=False), "--save-yaml")
        click.echo(f"saved constant set {set_id!r} to {textguard.escaped(str(save_yaml))}")


def _check_saved_set(set_id: str, runs: Path) -> None:
    """Exit 2 unless ``--set-id`` is a constant set id and the runs file's name, which the saved
    set's label, source and locator quote, is text a record may hold (no control characters, no line break)."""
    from pydantic import TypeAdapter, ValidationError

    from catalog.schema import Slug

    try:  # the schema's own rule for a constant set's id
        TypeAdapter(Slug).validate_python(set_id)
    except ValidationError:
        click.echo(f"error: --set-id: {set_id!r} is not a constant set id (lower-case letters, digits, '-' and '_', "
                   "starting with a letter or digit, at most 80 characters)", err=True)
        sys.exit(2)
    reason = textguard.control_character_reason(runs.name)
    if not reason and textguard.line_break_reason(runs.name):  # the label and locator are one line
        reason = "a line break is not allowed there"
    if reason:
        click.echo(f"error: --save-yaml: the runs file's name {runs.name!r} would go into the record's label and "
                   f"source, but {reason}; rename the file", err=True)
        sys.exit(2)


def _check_save_target(save_yaml: Path, runs: Path) -> None:
    """Exit 2 when ``--save-yaml`` names a file that is not an earlier save (the runs themselves,
    a record, anything else): it would be replaced by one constant set. An earlier save (a
    mapping of constant_sets alone) is replaced, so the same command runs again."""
    if not save_yaml.exists() and not save_yaml.is_symlink():
        return
    reason = None
    if save_yaml.resolve() == runs.resolve():
        reason = "it is the runs file"
    elif not save_yaml.is_file():
        reason = "it is not a regular file"
    else:
        from catalog import yamlio

        try:  # read as records are (the catalog's resolver and limits), at most 10 M characters
            with save_yaml.open(encoding="utf-8") as handle:
                earlier = yamlio.load_text(handle.read(10_000_001))
        except (OSError, UnicodeDecodeError, yamlio.YamlError, RecursionError):
            earlier = None
        if not (isinstance(earlier, dict) and list(earlier) == ["constant_sets"]):
            reason = "it exists and is not a constant set saved by catalog fit"
    if reason:
        click.echo(f"error: --save-yaml: {textguard.escaped(str(save_yaml))} is not overwritten: {reason}; "
                   "name a new file", err=True)
        sys.exit(2)


@contextmanager
def _progress():
    """A rich progress bar on stderr, one task per stage (starts, bootstrap); shown on a
    terminal only, so piped or --json output stays clean."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    labels = {"starts": "fitting from the best starts", "bootstrap": "bootstrap resamples"}
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, transient=True, disable=not console.is_terminal) as bar:
        tasks: dict[str, int] = {}

        def advance(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(labels.get(stage, stage), total=total)
            bar.update(tasks[stage], completed=done, total=total)

        yield advance


COMMANDS = [fit_command]
