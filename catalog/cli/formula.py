"""eval, sweep, solve, optimal, plot: the formula engine on the command line.

Each command opens the catalog, makes one call into catalog.engine.evaluation / sweep / solve / optimal /
plotting and formats the result. Errors in the input are printed as one line, exit status 2.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import click

from catalog import textguard
from catalog.cli.arguments import FilePath, Integer
from catalog.frames import law_keys
from catalog.cli.common import (db_option, engine_errors as _errors, first_law_hint, format_option, where_defined,
                                 write_output)
from catalog.cli.terminal import echo

LAW_HELP = ("LAW is PAPER (its first law) or PAPER/LAW, optionally followed by @CONSTANT_SET, "
            "e.g. hoffmann2022, kaplan2020/loss-n, hoffmann2022@besiroglu2024.")


def _open(db_url, ref_text):
    """The law (read straight from SQLite: see catalog.store.lawstore) and the constant set named."""
    from catalog import paths
    from catalog.store import lawstore

    ref, sep, cs = ref_text.partition("@")  # as catalog.engine.evaluation.split_ref, without importing numpy
    cs = (cs or None) if sep else None
    return lawstore.law(paths.database_url(db_url), ref), cs


def _constants_apply(refs, constant_set):
    """--constants is for the laws given without @SET: with every law naming its own set it would
    be ignored (hoffmann2022@besiroglu2024 --constants hoffmann2022 evaluated besiroglu2024)."""
    if constant_set and refs and all("@" in r for r in refs):
        sets = ", ".join(dict.fromkeys(r.partition("@")[2] for r in refs))
        raise click.UsageError(f"--constants {constant_set} applies to no law: "
                               f"{'the law names' if len(refs) == 1 else 'every law names'} its constant set with @SET "
                               f"({sets}); give one of the two")


def _with_other_laws(exc, refs, targets, given):
    """The engine's error, naming the paper's laws that take the values given when one paper was
    named alone and its first law does not (catalog eval kaplan2020 N=70B: kaplan2020/loss-n)."""
    if len(refs) != 1:
        return exc
    hint = first_law_hint(refs[0], targets[0][0], lambda law: law.constant_sets and
                          set(law.input_symbols) <= set(given) <= set(law.symbols), "the values given")
    return type(exc)(f"{exc}{hint}") if hint else exc


def _with_splittable_laws(exc, ref_text, target):
    """optimal's error for a paper named alone whose first law it cannot split (catalog optimal
    'DeepSeek LLM': bi2024's first law is its optimal learning rate), naming the paper's laws it can
    split, else its own compute-optimal laws and the command that evaluates them."""
    from catalog.engine import optimal

    hint = first_law_hint(ref_text, target, optimal.splittable, "the laws of a loss in model size and data it splits")
    stated = optimal.stated_allocation_laws(target.paper)
    # only where the paper's first law is no split: an error of a splittable law (an input it
    # lacks) is not answered with "has no loss law in model size and data to split"
    if not hint and stated and "/" not in ref_text.partition("@")[0] and not optimal.splittable(target.law):
        hint = (f"; {target.paper.id} has no loss law in model size and data to split, and states its compute-optimal "
                f"allocation as laws of their own ({', '.join(stated)}): catalog predict C=BUDGET --where "
                f"paper={target.paper.id} evaluates them")
    return type(exc)(f"{exc}{hint}") if hint else exc


def _warn(warnings=(), notes=()):
    for w in warnings:
        echo(f"warning: {w}", err=True)
    for n in notes:
        echo(f"note: {n}", err=True)


def _split_args(args):
    from catalog.engine.ranges import split_suffix

    def is_ref(i, a):
        if "=" in a or a.strip().lower() in ("log", "lin", "linear"):
            return False
        # `D=1.4 T`: a lone suffix after a value belongs to it (parse_assignments says so), not a law
        return not (i and split_suffix(args[i - 1], a))

    refs = [a for i, a in enumerate(args) if is_ref(i, a)]
    rest = [a for i, a in enumerate(args) if not is_ref(i, a)]
    return refs, rest


def _jsonable(value):
    import numpy as np

    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


# ------------------------------------------------------------------------------------ eval


def interval_options(gives: str, tail: str = ""):
    """--interval, --level, --samples, --seed; ``gives`` and ``tail`` say what --interval does to
    this command's output (plot's help said "report" where it shades a band)."""
    options = [
        click.option("--interval", "interval", is_flag=True,
                     help=f"Also {gives} prediction interval from the constant set's standard errors or intervals "
                          f"(parameters sampled independently from normal distributions; see docs/cli.md){tail}."),
        click.option("--level", default="0.95", show_default=True, metavar="P", help="Level of the prediction interval."),
        click.option("--samples", default="10000", show_default=True, metavar="N", help="Samples of the constants."),
        click.option("--seed", default="0", show_default=True, metavar="N",
                     help="Seed of the sampling (fixed: reproducible)."),
    ]

    def decorate(func):
        for option in reversed(options):
            func = option(func)
        return func

    return decorate


def _interval_args(interval, level, samples, seed) -> dict:
    return {"interval": level, "samples": samples, "seed": seed} if interval else {}


@click.command(name="eval")
@click.argument("args", nargs=-1, required=True, metavar="LAW... NAME=VALUE...")
@click.option("--constants", "--constant-set", "--set", "-c", "constant_set", default=None, metavar="ID",
              help="Constant set to use instead of the law's default (e.g. besiroglu2024).")
@click.option("--all-sets", "all_sets", is_flag=True,
              help="Evaluate the law under each of its constant sets, one row per set (provenance, value, "
                   "inputs beyond the set's fitted range).")
@format_option("text", "json", default="text")
@interval_options("print a")
@db_option
def eval_command(args, constant_set, all_sets, fmt, interval, level, samples, seed, db_url):
    """Evaluate a law at a point, e.g. catalog eval hoffmann2022 N=70B D=1.4T.

    A law is PAPER (its first law) or PAPER/LAW, PAPER an id or a nickname (chinchilla).
    NAME=VALUE sets an input (suffixes K M B T, scientific notation, digits grouped as 1_000_000,
    a percentage such as S=40% for an input in fraction or percent, or a relation such as
    D=20N) or overrides a fitted constant (alpha=0.3). Prints the value in the law's units with the
    formula, the constants and where they are printed, and the law's conventions (parameters with or
    without embeddings, compute, loss unit, validation set, tokenizer), and warns when an input lies
    outside the law's fitted range or the constants are no paper's, code's or replication's. Several
    laws are evaluated side by side with the same values, to compare them, with a warning when
    their conventions differ. --all-sets evaluates one law under each of its constant sets, side by
    side (e.g. Chinchilla's Approach 3 against Besiroglu et al.'s refit). --interval adds a prediction
    interval from the constants' standard errors or intervals.
    """
    refs, assigns = _split_args(args)
    if not refs:
        raise click.UsageError("name at least one law, e.g. catalog eval hoffmann2022 N=70B D=1.4T")
    if all_sets and (len(refs) > 1 or constant_set or "@" in refs[0]):
        raise click.UsageError("--all-sets takes one law without a constant set (no @SET, no --constants)")
    _constants_apply(refs, constant_set)
    with _errors():
        targets = [_open(db_url, r) for r in refs]  # first: an unknown id is told before numpy loads
        if all_sets:
            targets = _every_set(targets)
        from catalog.engine import sweep

        specs = sweep.parse_assignments(assigns)
        many = [k for k, v in specs.items() if ".." in v or "," in v]
        if many:
            raise sweep.BadValue(f"eval takes one value per input ({', '.join(many)} has several); "
                                 f"use catalog sweep for ranges and lists")
        try:
            results = sweep.compare([(t, cs or constant_set) for t, cs in targets], specs,
                                    **_interval_args(interval, level, samples, seed))
        except sweep.EngineError as exc:
            raise _with_other_laws(exc, refs, targets, specs) from None
        for ev in results:  # the quantities the law defines: computed here, where an error is one line
            ev.defined  # noqa: B018 - a cached property
    if fmt == "json":
        doc = [_eval_json(t, ev) for (t, _), ev in zip(targets, results)]  # compare: one per target, in order
        doc = doc if len(doc) > 1 else doc[0]
        click.echo(json.dumps(sweep.json_safe(doc), indent=2, default=_jsonable, allow_nan=False))
        _warn(list(dict.fromkeys(w for ev in results for w in ev.warnings)))
        return
    if all_sets:
        _echo_sets(results)
        return
    from catalog.engine import conventions
    from catalog.engine.evaluation import fmt as number

    shown: set[str] = set()
    for i, ev in enumerate(results):
        if i:
            click.echo("")
        echo(f"{ev.ref}: {ev.law.name}")
        echo(f"  formula:   {ev.formula}")
        echo(f"  constants: {ev.constants.describe()}")
        echo(f"  conventions: {conventions.describe(ev.law)}")
        echo(f"  inputs:    {_inputs_text(ev)}")
        echo(f"  {ev.output} = {number(ev.value)}{_unit_text(ev.units[ev.output])}")
        _echo_defined(ev.defined)
        if ev.interval is not None:
            _echo_interval(ev.interval)
        # each block prints its law's conventions: a pair's warning need not repeat them
        _warn([ev.briefs.get(w, w) for w in ev.warnings if w not in shown], [n for n in ev.notes if n not in shown])
        shown.update(ev.warnings, ev.notes)


def _unit_text(unit: str) -> str:
    """' nats/token' after a value; nothing for a dimensionless one, and ' (unit not stated:
    cross-entropy)' where the paper states none."""
    from catalog import vocab

    if unit == "dimensionless":
        return ""
    if not vocab.unit_not_stated(unit):
        return f" {unit}"
    what = unit.strip()[len(vocab.UNSTATED_UNIT):].strip().removeprefix("(").removesuffix(")").strip()
    return f" (unit not stated: {what})" if what else " (unit not stated)"


def _inputs_text(ev) -> str:
    """'N=7e+10 parameters, D=1.4e+12 tokens': each input with the unit the law takes it in."""
    return ", ".join(f"{k}={_quantity(ev.law, k, v)}" for k, v in ev.inputs.items())


def _quantity(law, name: str, value) -> str:
    """'7e+10 parameters': a value of the law's symbol ``name`` with the unit the record states,
    as eval prints its inputs and output (solve's given values and solution too)."""
    from catalog.engine.evaluation import fmt as number

    symbol = law.symbols.get(name)
    return f"{number(value)}{_unit_text(symbol.unit or '') if symbol is not None else ''}"


def _citation_json(target, constants) -> dict[str, str | None]:
    """Whom to cite and where the constants used are printed, as the text's constants line says
    it: the paper as people cite it ('Hoffmann et al. (2022)', predict's JSON key and label), the
    set's provenance (paper, code, replication, ...) and locator (Appendix D.2, Eq. (10))."""
    from catalog import reference

    return {"citation": reference.paper_label(target.paper), "provenance": constants.provenance,
            "locator": constants.locator}


def _units_json(law, names) -> dict[str, str]:
    """The unit of each named symbol, as eval's JSON gives them ('' where the record states none)."""
    return {n: (law.symbols[n].unit or "") if n in law.symbols else "" for n in names}


def _echo_defined(defined: dict) -> None:
    """The quantities a law defines, under its value: '  where Ehat = 8.81237' (nothing without)."""
    if defined:
        echo(f"  {where_defined(defined)}")


def _defined_json(defined: dict) -> dict:
    return {"defined": defined} if defined else {}


def _every_set(targets):
    """Each law given without @SET once per constant set (--all-sets); a law with @SET as given."""
    out = []
    for target, cs in targets:
        if cs is not None:
            out.append((target, cs))
            continue
        if not target.law.constant_sets:
            raise click.UsageError(f"{target.id} has no published constant sets")
        out.extend((target, c.id) for c in target.law.constant_sets)
    return out


def _echo_sets(results) -> None:
    """One law under each of its constant sets: a row per set, its inputs beyond that set's fitted
    range named (the range itself is in catalog show); notes and other warnings once, after."""
    from catalog import provenance
    from catalog.cli.terminal import fit_table, show
    from catalog.engine.evaluation import fmt as number

    first = results[0]
    law = first.law
    default = law.default_constants()
    echo(f"{first.ref}: {law.name}")
    echo(f"  formula:   {first.formula}")
    echo(f"  inputs:    {_inputs_text(first)}")
    banded = any(ev.interval is not None for ev in results)
    rows = []
    for ev in results:
        cs = provenance.constant_set(law, ev.constants.set_id)
        beyond = provenance.inputs_beyond(law, ev.inputs, cs.id)
        # the defined quantities (hu2024's K and eta) change with the set, as the value does
        row = [cs.id + (" (default)" if default is not None and cs.id == default.id else ""), cs.provenance,
               number(ev.value), *(number(v) for v in ev.defined.values())]
        if banded:
            band = ev.interval
            row.append(f"{number(band.low)} to {number(band.high)}" if band is not None and band.spreads else "none recorded")
        row.append(", ".join(beyond) or "no")
        rows.append(row)
    level = next((f"{100 * ev.interval.level:g}% interval" for ev in results if ev.interval is not None), "")
    defined = list(first.defined)
    columns = ["constant set", "provenance", first.output, *defined, *([level] if banded else []), "beyond range"]
    numbers = tuple(range(2, 3 + len(defined)))
    show(fit_table(None, columns, rows, keep=(0, *numbers), right=numbers))
    extrapolation = ("extrapolation:",)
    others = dict.fromkeys(w for ev in results for w in ev.warnings if not w.startswith(extrapolation))
    _warn(list(others), list(dict.fromkeys(n for ev in results for n in ev.notes)))
    if any(row[-1] != "no" for row in rows):
        echo("note: catalog show gives each set's fitted range; catalog eval LAW@SET ... prints its warnings in full",
             err=True)


def _echo_interval(band) -> None:
    if not band.spreads:
        echo(f"  {100 * band.level:g}% interval: none (no standard errors or intervals recorded)")
    else:
        echo(f"  {band.describe()}")
        echo(f"    sampled: {'; '.join(s.describe() for s in band.spreads)}")
        held = ", ".join(band.fixed) if band.fixed else "none"
        echo(f"    without uncertainty (held at their value): {held}")
        echo(f"    {band.samples} samples, seed {band.seed}; parameters drawn independently "
                   f"(no covariances recorded)" + (f"; {band.dropped} samples left out" if band.dropped else ""))
    for n in band.notes:
        echo(f"note: {n}", err=True)


def _eval_json(target, ev):
    return {**law_keys(ev.ref, ev.law.name), "formula": ev.formula, "output": ev.output, "value": ev.value,
            "inputs": ev.inputs, "units": ev.units, **_defined_json(ev.defined),
            "constant_set": ev.constants.set_id, **_citation_json(target, ev.constants), "constants": ev.constants.values,
            "overridden": list(ev.constants.overridden), "conventions": ev.conventions,
            **({"interval": ev.interval.as_dict()} if ev.interval is not None else {}),
            "beyond": ev.beyond_ranges, "warnings": ev.warnings, "notes": ev.notes}


# ------------------------------------------------------------------------------------ sweep


@click.command(name="sweep")
@click.argument("law")
@click.argument("specs", nargs=-1, required=True, metavar="NAME=SPEC...")
@click.option("--constants", "--constant-set", "--set", "-c", "constant_set", default=None, metavar="ID", help="Constant set to use.")
@format_option("csv", "json", default="csv")
@click.option("--output", "-o", type=FilePath(dir_okay=False, path_type=Path), default=None,
              help="Write to this file instead of stdout.")
@interval_options("give a", ", as columns OUTPUT_low and OUTPUT_high")
@db_option
def sweep_command(law, specs, constant_set, fmt, output, interval, level, samples, seed, db_url):
    """Evaluate a law over ranges and grids, as CSV or JSON.

    A range is START..STOP[:COUNT] [log|lin], e.g. catalog sweep hoffmann2022 N=1e8..1e11:50 log
    D=20N; several ranges make a grid of every combination; single values and relations
    (D=20N) apply to every row; parameter names override constants. --interval adds the
    prediction interval's ends as columns OUTPUT_low and OUTPUT_high.
    """
    from catalog.engine import sweep

    from catalog.cli.terminal import progress

    _constants_apply([law], constant_set)
    with _errors(), progress("sweeping") as advance:
        target, cs = _open(db_url, law)
        _no_second_law(db_url, law, specs)
        result = sweep.sweep(target, sweep.parse_assignments(specs), cs or constant_set,
                             **_interval_args(interval, level, samples, seed))
        advance(1, f"sweeping: formatting {len(next(iter(result.columns.values())))} rows")
        text = result.to_csv() if fmt == "csv" else result.to_json()
    if output:
        write_output(output, text)
        echo(f"wrote {len(next(iter(result.columns.values())))} rows to {textguard.escaped(str(output))}", err=True)
    else:
        click.echo(text, nl=False)
    band = result.evaluation.interval
    _warn(result.warnings, band.notes if band is not None else ())


def _no_second_law(db_url, law, specs) -> None:
    """A law among sweep's NAME=SPEC words is told as such: sweep takes one law, where eval,
    optimal and plot take several, so 'sweep hoffmann2022 kaplan2020 ...' is a natural slip."""
    from catalog.store.lawstore import NotFound

    for ref in _split_args(specs)[0]:
        try:
            _open(db_url, ref)
        except NotFound:
            continue  # not a law: parse_assignments says what is wrong with the word
        raise click.UsageError(f"sweep evaluates one law; {ref!r} is a second: sweep each law on its own, or "
                               f"overlay them with catalog plot {law} {ref} --x NAME")


# ------------------------------------------------------------------------------------ solve


@click.command(name="solve")
@click.argument("args", nargs=-1, required=True, metavar="LAW NAME=VALUE...")
@click.option("--for", "unknown", default=None, metavar="NAME",
              help="The input (or output) to solve for (default: the one variable not given).")
@click.option("--min", "minimum", default=None, metavar="NAME",
              help="Instead: the value of input NAME at which the output is least, the other inputs given.")
@click.option("--max", "maximum", default=None, metavar="NAME",
              help="Instead: the value of input NAME at which the output is greatest.")
@click.option("--constants", "--constant-set", "--set", "-c", "constant_set", default=None, metavar="ID", help="Constant set to use.")
@click.option("--window", default=None, metavar="LOW..HIGH",
              help="Search this interval for solutions (default 1e-30..1e60); for --min/--max over an input that "
                   "may be negative, one reaching below zero (-3..3).")
@format_option("text", "json", default="text")
@db_option
def solve_command(args, unknown, minimum, maximum, constant_set, window, fmt, db_url):
    """Invert a law: find the input that gives an output, e.g.
    catalog solve hoffmann2022 L=2.0 D=1.4T --for N; or find where the output is least or
    greatest, e.g. the critical data size past which more tokens raise the loss:
    catalog solve sun2025/capybara-loss N=1B E=4 M=3 B=128 --min D.

    Without --for, the one variable of the law not given is solved for
    (catalog solve hoffmann2022 L=2.0 D=1.4T finds N). Every solution in the search window is found (a law need not be monotone); a closed form is
    shown when sympy can invert the formula. Other inputs may be relations, as for eval: one tied
    to the unknown is evaluated with it, e.g. catalog solve hoffmann2022 L=2 D=20N --for N.
    """
    from catalog.engine import conventions, evaluation as engine, solve, sweep

    if sum(bool(name) for name in (unknown, minimum, maximum)) > 1:
        raise click.UsageError("give one of --for NAME, --min NAME, --max NAME")
    refs, assigns = _split_args(args)
    if len(refs) != 1:
        raise click.UsageError("name exactly one law, e.g. catalog solve hoffmann2022 L=2.0 D=1.4T --for N")
    _constants_apply(refs, constant_set)
    with _errors():
        target, cs = _open(db_url, refs[0])
        win = None
        if window:
            lo, sep, hi = window.partition("..")
            if not sep:
                raise engine.BadValue(f"--window must be LOW..HIGH, got {window!r}")
            win = (engine.as_number("window", lo), engine.as_number("window", hi))
        given = sweep.parse_assignments(assigns)
        if not (minimum or maximum):
            result = solve.solve(target, unknown, given, cs or constant_set, window=win)
        else:
            kind = "minimum" if minimum else "maximum"
            found = solve.extremum(target, minimum or maximum, given, cs or constant_set, kind=kind, window=win)
    if minimum or maximum:
        _print_extremum(target, found, fmt == "json")
        return
    if fmt == "json":
        click.echo(json.dumps({**law_keys(result.ref, target.law.name), "unknown": result.unknown, "value": result.value,
                               "roots": result.roots, "intervals": result.intervals, "given": result.given,
                               "relations": result.relations, "related": result.related,
                               "units": _units_json(target.law, (result.unknown, *result.given, *result.related)),
                               **_defined_json(result.defined), "constant_set": result.constants.set_id, **_citation_json(target, result.constants),
                               "constants": result.constants.values, "closed_form": result.symbolic,
                               "conventions": conventions.stated(target),
                               "beyond": engine.beyond_ranges(target.law, {result.unknown: result.value, **result.given,
                                                                           **result.related}, result.constants.set_id),
                               "warnings": result.warnings, "notes": result.notes}, indent=2))
        _warn(result.warnings)
        return
    number = engine.fmt
    _print_header(target, result)
    others = [r for r in result.roots if r != result.value]
    also = f"   (other solutions: {', '.join(number(r) for r in others)})" if others else ""
    echo(f"  {result.unknown} = {_quantity(target.law, result.unknown, result.value)}{also}")
    _echo_related(target.law, result)
    _echo_defined(result.defined)
    for a, b in result.intervals:
        echo(f"  every {result.unknown} in [{number(a)}, {number(b)}] solves it (the law is flat in {result.unknown} there)")
    if result.symbolic:
        echo(f"  closed form: {result.symbolic}")
    _warn(result.warnings, result.notes)


def _print_header(target, result) -> None:
    from catalog.engine import conventions, evaluation as engine

    law = target.law
    echo(f"{result.ref}: {law.name}")
    echo(f"  formula:   {engine.formula_text(law)}")
    echo(f"  constants: {result.constants.describe()}")
    echo(f"  conventions: {conventions.describe(target)}")
    given = [*(f"{k}={_quantity(law, k, v)}" for k, v in result.given.items()), *(f"{k}={t}" for k, t in result.relations.items())]
    echo(f"  given:     {', '.join(given)}")


def _echo_related(law, result) -> None:
    """The inputs tied to the unknown by a relation (D=20N), at the solution."""
    for name, value in result.related.items():
        echo(f"  {name} = {_quantity(law, name, value)}   ({name}={result.relations[name]})")


def _print_extremum(target, found, as_json: bool) -> None:
    from catalog.engine import conventions, evaluation as engine

    out = target.law.output_symbol
    if as_json:
        click.echo(json.dumps({**law_keys(found.ref, target.law.name), "over": found.over, "kind": found.kind, "value": found.value,
                               "output": {out: found.output}, "local": [list(p) for p in found.local],
                               "given": found.given, "relations": found.relations, "related": found.related,
                               "units": _units_json(target.law, (found.over, out, *found.given, *found.related)),
                               **_defined_json(found.defined), "constant_set": found.constants.set_id, **_citation_json(target, found.constants),
                               "constants": found.constants.values, "conventions": conventions.stated(target),
                               "on_condition_edge": found.edge or None, "warnings": found.warnings,
                               "notes": found.notes}, indent=2))
        _warn(found.warnings)
        return
    _print_header(target, found)
    echo(f"  {found.kind} of {out} at {found.over} = {_quantity(target.law, found.over, found.value)}:  "
         f"{out} = {_quantity(target.law, out, found.output)}")
    _echo_related(target.law, found)
    _echo_defined(found.defined)
    _warn(found.warnings, found.notes)


# ------------------------------------------------------------------------------------ optimal


@click.command(name="optimal")
@click.argument("args", nargs=-1, required=True, metavar="LAW... [C=FLOPS...] [NAME=VALUE...]")
@click.option("--k", "k", default="6", show_default=True, metavar="K", help="FLOPs per parameter per token: C = k*N*D.")
@click.option("--constants", "--constant-set", "--set", "-c", "constant_set", default=None, metavar="ID", help="Constant set to use.")
@click.option("--budget", "-C", "budgets", multiple=True, metavar="FLOPS",
              help="Also print N_opt, D_opt and L_opt at this compute budget (repeatable; e.g. 1e24).")
@click.option("--method", type=click.Choice(["auto", "symbolic", "numeric"]), default="auto", show_default=True)
@click.option("--fix", "fixes", multiple=True, metavar="NAME=VALUE",
              help="Value of any other input of the law (repeatable).")
@click.option("--inference-tokens", "inference_tokens", default=None, metavar="TOKENS",
              help="Tokens the model will serve over its life, input and output (e.g. 2T): with a loss to reach "
                   "(L=2.0), the split minimising training plus inference FLOPs (Sardana et al. 2024).")
@click.option("--k-inference", "k_inference", default="2", show_default=True, metavar="K",
              help="FLOPs per parameter per inference token, with --inference-tokens.")
@format_option("text", "json", default="text")
@db_option
def optimal_command(args, k, constant_set, budgets, method, fixes, inference_tokens, k_inference, fmt, db_url):
    """Compute-optimal allocation of a law in N and D under C = k*N*D, e.g. catalog optimal
    hoffmann2022 (gives N_opt = 0.6 C^0.45, D_opt = 0.28 C^0.55, L_opt = 1071 C^-0.154 + 1.69).

    Derived symbolically with sympy where the form allows, numerically otherwise; prints the
    power laws in C and the values at the budgets given as C=5.76e23 (or --budget), any
    other NAME=VALUE holding another input of the law (as --fix). The output named with a
    value is a loss to reach: catalog optimal hoffmann2022 L=2.0 gives the least budget whose
    optimum reaches it (1.11e23 FLOPs) and the split there. Several laws are derived side by
    side at the same budgets: catalog optimal hoffmann2022 besiroglu2024 kaplan2020 C=1e24.
    As catalog eval, warns where the optimum at a budget lies outside the law's fitted ranges.
    With a loss to reach, --inference-tokens 2T gives the split minimising k*N*D_tr +
    k_inference*N*D_inf (Sardana et al. 2024: a smaller model trained longer) beside the
    training-only one at the same loss, and the FLOPs it saves.
    """
    from catalog.engine import conventions, evaluation as engine, optimal, sweep
    from catalog.engine.ranges import is_magnitude

    refs, assignments = _split_args(args)
    # a bare budget (`1e24`) is a value written without its name, not a law: parse_assignments says so
    numbers = [r for r in refs if is_magnitude(r)]
    refs = [r for r in refs if r not in numbers]
    if not refs:
        raise click.UsageError("name at least one law, e.g. catalog optimal hoffmann2022 C=1e24")
    _constants_apply(refs, constant_set)
    with _errors():
        targets = [_open(db_url, r) for r in refs]
        assignments = [*numbers, *assignments]
        is_budget = [item.partition("=")[0].strip() == "C" for item in assignments]
        budgets = (*budgets, *(item.partition("=")[2].strip() for item, b in zip(assignments, is_budget) if b))
        fixed = sweep.parse_assignments([*fixes, *(item for item, b in zip(assignments, is_budget) if not b)])
        results = []
        # per result, not per law: one law under two constant sets is two results
        reached: dict[int, dict[str, float]] = {}  # the loss asked for and the budget reaching it
        served: dict = {}  # per result, the inference-aware split (--inference-tokens)
        # side by side, a value holds the input of the laws that have it (muennighoff2023's U beside
        # Chinchilla's law), as plot's --fix does; one no law has is still an error
        held_by = {name: [t for t, _ in targets if name in t.law.symbols] for name in fixed}
        for ref_text, (target, cs) in zip(refs, targets):
            output = target.law.output_symbol  # L=2.0: a loss to reach, not an input to hold
            own = {name: v for name, v in fixed.items() if name != output
                   and (len(targets) == 1 or name in target.law.symbols or not held_by[name])}
            skipped = [f"{target.id} has no input {name}; {name}={fixed[name]} does not apply to it"
                       for name in fixed if name != output and name not in own]
            try:
                result = optimal.compute_optimal(target, cs or constant_set, k=k, method=method, fixed=own)
            except engine.EngineError as exc:
                raise _with_splittable_laws(exc, ref_text, target) from None
            values = [engine.as_number("budget", c) for c in budgets]
            labels = list(budgets)
            if output in fixed:
                values.append(result.budget_reaching(fixed[output]))
                labels.append(engine.fmt(values[-1]))
                reached[id(result)] = {f"{output}_opt": engine.as_number(output, fixed[output]), "C": values[-1]}
            if inference_tokens is not None:
                served[id(result)] = _inference_split(result, fixed, inference_tokens, k_inference)
            warns, notes = _extrapolations(result, values)
            if id(result) in served:
                warns = list(dict.fromkeys([*warns, *served[id(result)].warnings]))
                notes = list(dict.fromkeys([*notes, *served[id(result)].notes]))
            results.append((target, result, [(c, v, result.at(v)) for c, v in zip(labels, values)],
                            (warns, [*notes, *skipped])))
    # side by side, laws counting parameters or compute differently are not comparable as printed
    compared = conventions.compare([t for t, _ in targets]) if len(targets) > 1 else None
    number = engine.fmt
    if fmt == "json":
        docs = [{**law_keys(result.ref, target.law.name), "k": result.k, "method": result.method,
                 "constant_set": result.constants.set_id, **_citation_json(target, result.constants), "constants": result.constants.values,
                 **result.summary(), "formulas": result.formulas, "budgets_checked": result.budgets,
                 "at": {c: found for c, _, found in at}, "beyond": {c: result.beyond_at(v) for c, v, _ in at},
                 "units": result.units,
                 **({"reaching": reached[id(result)]} if id(result) in reached else {}),
                 **({"inference": served[id(result)].as_dict()} if id(result) in served else {}),
                 "conventions": conventions.stated(target),
                 "warnings": warns + _pair_warnings(compared, result.ref), "notes": result.notes + notes}
                for target, result, at, (warns, notes) in results]
        click.echo(json.dumps(docs if len(docs) > 1 else docs[0], indent=2))
        _warn(list(dict.fromkeys(w for doc in docs for w in doc["warnings"])),
              list(dict.fromkeys([*(n for doc in docs for n in doc["notes"]), *(compared.notes if compared else ())])))
        return
    for i, (target, result, at, (warns, notes)) in enumerate(results):
        if i:
            click.echo("")
        echo(f"{result.ref}: compute-optimal allocation under C = {number(result.k)}*{result.n}*{result.d} "
                   f"({result.method})")
        echo(f"  constants: {result.constants.describe()}")
        echo(f"  conventions: {conventions.describe(target)}")
        for name, part in ((result.n, result.N_opt), (result.d, result.D_opt), (result.output, result.L_opt)):
            echo(f"  {name}_opt(C) = {part if part is not None else 'not a power law in C (see --budget values)'}")
        for text in result.formulas.values():
            echo(f"  derived: {text}")
        goal = reached.get(id(result))
        for _, c, found in at:
            # the split as it is quoted (Chinchilla's 20 tokens per parameter), not left to the reader
            ratio = found[f"{result.d}_opt"] / found[f"{result.n}_opt"]
            shown = number(c) + (f" (the least budget reaching {result.output}_opt = {number(goal[f'{result.output}_opt'])})"
                                 if goal and c == goal["C"] else "")
            units = result.units
            echo(f"  at C={shown}: " + ", ".join(f"{k}={number(v)}{_unit_text(units.get(k, ''))}" for k, v in found.items())
                 + f"; {result.d}_opt/{result.n}_opt = {ratio:.3g}")
        if id(result) in served:
            _echo_inference(served[id(result)])
        _warn(warns, result.notes + notes)
    if compared:
        _warn(compared.warnings, compared.notes)


def _inference_split(result, fixed, inference_tokens, k_inference):
    """The inference-aware split of ``result``'s law at the loss given as OUTPUT=VALUE
    (catalog.engine.inference); without one, the error says how to give it."""
    from catalog.engine import evaluation as engine, inference

    output = result.output
    if output not in fixed:
        raise engine.EngineError(f"--inference-tokens needs a loss to reach for {result.ref}: the split is chosen at a "
                                 f"loss, e.g. catalog optimal {result.ref} {output}=2.0 --inference-tokens 2T")
    return inference.from_optimum(result, fixed[output], inference_tokens, k_inference)


def _echo_inference(found) -> None:
    """The inference-aware split and the training-only one at the same loss, with their FLOPs."""
    from catalog.engine.evaluation import fmt as number

    n, d, units = found.n, found.d, found.units

    def split(s) -> str:
        return (f"{n}={number(s.n)}{_unit_text(units.get(n, ''))}, {d}_tr={number(s.d)}{_unit_text(units.get(d, ''))} "
                f"({d}_tr/{n} = {s.d / s.n:.3g}); FLOPs: training {number(s.training_flops)} + inference "
                f"{number(s.inference_flops)} = {number(s.total_flops)}")

    echo(f"  serving D_inf={number(found.inference_tokens)} tokens at {number(found.k_inference)}*{n} FLOPs each, "
         f"reaching {found.output} = {number(found.loss)} (minimising {number(found.k)}*{n}*{d}_tr + "
         f"{number(found.k_inference)}*{n}*D_inf):")
    echo(f"    inference-aware: {split(found.optimum)}")
    echo(f"    training-only:   {split(found.training_only)}")
    echo(f"    saving: {number(found.saving)} FLOPs ({100 * found.saving_fraction:.3g}% of the training-only total)")


def _extrapolations(result, budgets) -> tuple[list[str], list[str]]:
    """The optimum's extrapolation warnings and notes at every budget (Optimum.warnings_at), each once."""
    found = [result.warnings_at(c) for c in budgets]
    return (list(dict.fromkeys(w for warns, _ in found for w in warns)),
            list(dict.fromkeys(n for _, notes in found for n in notes)))


def _pair_warnings(compared, ref: str) -> list[str]:
    """The conventions warnings of the pairs that include ``ref``: eval --json gives each law these."""
    if compared is None:
        return []
    return [w for (a, b, _), w in zip(compared.pairs, compared.warnings) if ref in (a, b)]



# ------------------------------------------------------------------------------------ plot


@click.command(name="plot")
@click.argument("laws", nargs=-1, required=True, metavar="LAW... [NAME=VALUE...]")
@click.option("--x", "x", required=True, metavar="NAME", help="The input on the x axis (e.g. N).")
@click.option("--fix", "fixes", multiple=True, metavar="NAME=VALUE",
              help="Hold another input at a value (D=1.4T) or a relation (D=20N), or override a fitted "
                   "constant (alpha=0.3); repeatable, or given after the laws as NAME=VALUE.")
@click.option("--range", "x_range", default=None, metavar="LOW..HIGH",
              help="x range (default: the laws' fitted ranges widened 2x each side; with --x C over loss laws in N "
                   "and D, the budgets in FLOPs).")
@click.option("--points", type=Integer(), default=200, show_default=True, help="Points per curve.")
@click.option("--constants", "--constant-set", "--set", "-c", "constant_set", default=None, metavar="ID",
              help="Constant set for laws given without @SET.")
@click.option("--all-sets", "all_sets", is_flag=True,
              help="Draw each law given without @SET once per constant set (its sets overlaid).")
@click.option("--title", default=None, help="Plot title.")
@click.option("--y", "y", default=None, metavar="N_opt|D_opt|L_opt|D_opt/N_opt",
              help="With --x C and loss laws in N and D: which quantity of their compute-optimal split to draw "
                   "against the budget (default L_opt); with N_opt or D_opt, laws stating N_opt(C) or D_opt(C) "
                   "themselves may be drawn beside them.")
@click.option("--k", "k", default="6", show_default=True, metavar="K",
              help="With --x C and loss laws in N and D: FLOPs per parameter per token, C = k*N*D.")
@click.option("--output", "-o", type=FilePath(dir_okay=False, path_type=Path), default=Path("plot.png"),
              show_default=True, help="Image file; .png, .svg or .pdf (with --x C over loss laws in N and D, also "
                                      ".csv or .json: the frontier's numbers).")
@interval_options("shade each curve's")
@db_option
def plot_command(laws, x, fixes, x_range, points, constant_set, all_sets, title, y, k, output, interval, level, samples,
                 seed, db_url):
    """Plot laws against one input on log-log axes (a linear x axis for inputs fitted below zero,
    such as z-scores), fitted ranges shaded, e.g.
    catalog plot hoffmann2022 kaplan2020 --x N --fix D=20N -o out.png (or D=20N after the laws,
    as eval and sweep take it; a fitted constant, alpha=0.3, is overridden).

    Several laws (or one law with several constant sets, hoffmann2022@besiroglu2024) are
    overlaid for comparison; --all-sets draws a law under each of its constant sets. Curves are
    dashed where they extrapolate. --interval shades each curve's prediction interval from its
    constants' standard errors or intervals.

    --x C over loss laws in N and D with no compute input draws their compute-optimal frontier
    (the split catalog optimal finds at each budget): --y N_opt, D_opt, L_opt (default) or
    D_opt/N_opt against C = k*N*D in FLOPs, e.g. catalog plot hoffmann2022 besiroglu2024
    kaplan2020 --x C --y N_opt --range 1e20..1e26 -o frontier.svg. -o frontier.csv (or .json)
    writes its numbers instead: each law's N_opt, D_opt, L_opt and D_opt/N_opt at each budget and
    whether the optimum lies in the fitted ranges.

    Laws that state N_opt(C) or D_opt(C) themselves (hoffmann2022/compute-optimal-parameters,
    kaplan2020/compute-optimal-model-size, in PF-days) are drawn beside the splits with --y N_opt or
    D_opt, their compute converted to FLOPs and their output to plain counts, dashed beyond their
    fitted range of C; the legend says which curve is direct and which derived, as the CSV's and
    JSON's 'how' does.
    """
    from catalog.engine import evaluation as engine, frontier, optimal, plotting, sweep

    if all_sets and constant_set:
        raise click.UsageError("--all-sets and --constants exclude each other")
    laws, assignments = _split_args(laws)  # D=20N after the laws, as eval, sweep and optimal take it
    if not laws:
        raise click.UsageError("name at least one law, e.g. catalog plot hoffmann2022 --x N D=20N")
    _constants_apply(laws, constant_set)
    with _errors():
        targets = [_open(db_url, ref) for ref in laws]
        if all_sets:
            targets = _every_set(targets)
        if frontier.applies([t for t, _ in targets], x):
            for ref_text, (target, _) in zip(laws, targets):  # pearce2024's first law is no loss: its loss laws
                if not optimal.splittable(target.law) and frontier.direct(target.law) is None:
                    raise _with_splittable_laws(engine.EngineError(
                        f"{target.id} is no loss law in model size and data with published constants: it has no "
                        f"compute-optimal frontier to draw against {x}"), ref_text, target)
            if interval:
                raise click.UsageError("--interval is not drawn along the compute-optimal frontier (--x C over laws "
                                       "in N and D)")
            if output.suffix.lower() in (".csv", ".json"):  # the numbers the image would show, every quantity
                if title is not None:
                    raise click.UsageError("--title names an image; a .csv or .json output has none")
                frontier.quantity(y or "L_opt")
                found = frontier.numbers([(t, cs or constant_set) for t, cs in targets], budgets=x_range,
                                         points=points, k=k, fixes=sweep.parse_assignments([*fixes, *assignments]))
                write_output(output, found.to_csv() if output.suffix.lower() == ".csv" else found.to_json())
                echo(f"wrote {textguard.escaped(str(output))} ({', '.join(c.law for c in found.curves)}: compute-optimal "
                     f"N_opt, D_opt, L_opt and D_opt/N_opt at {points} budgets)")
                _warn(found.warnings, found.notes)
                return
            result = frontier.frontier([(t, cs or constant_set) for t, cs in targets], y or "L_opt", output,
                                       budgets=x_range, points=points, k=k, title=title,
                                       fixes=sweep.parse_assignments([*fixes, *assignments]))
            echo(f"wrote {textguard.escaped(str(result.path))} ({', '.join(s.label for s in result.series)}: "
                 f"compute-optimal {frontier.quantity(y or 'L_opt')} against C)")
            _warn(result.warnings, result.notes)
            return
        if y is not None:
            raise click.UsageError("--y is the quantity of a compute-optimal frontier: give it with --x C over loss laws "
                                   "in N and D without a compute input")
        if output.suffix.lower() in (".csv", ".json"):
            raise click.UsageError(f"-o {output.name}: a .csv or .json file takes the numbers of a compute-optimal "
                                   f"frontier (--x C over loss laws in N and D); a law's curve as numbers is "
                                   f"catalog sweep {textguard.escaped(laws[0])} {textguard.escaped(x)}=LOW..HIGH "
                                   f"--format {output.suffix.lower()[1:]}")
        result = plotting.plot([(t, cs or constant_set) for t, cs in targets], x, output,
                               fixes=sweep.parse_assignments([*fixes, *assignments]), x_range=x_range, points=points, title=title,
                               **_interval_args(interval, level, samples, seed))
    echo(f"wrote {textguard.escaped(str(result.path))} ({', '.join(s.label for s in result.series)})")
    _warn(result.warnings, result.notes)


COMMANDS = [eval_command, sweep_command, solve_command, optimal_command, plot_command]
