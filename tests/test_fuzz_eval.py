"""Fuzzing the evaluation inputs: random and adversarial strings and numbers for inputs
(``N=...``), constant overrides, sweep specs, solve targets and interval options never give a
traceback or a silent NaN, through the API or the command line: only a result whose numbers are
all finite, or the engine's own error (an ``EngineError``, a ``ValueError`` with a message
for people). Fixed budget, derandomized, no deadline."""

from __future__ import annotations

import math
import re
import string

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.engine import evaluation as engine, optimal, solve, sweep
from catalog.cli import cli
from catalog.store.reader import LawRef, NotFound

BUDGET = settings(max_examples=120, deadline=None, derandomize=True, database=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                         HealthCheck.function_scoped_fixture])
CLI_BUDGET = settings(BUDGET, max_examples=60)

LAWS = [
    "hoffmann2022/parametric-loss",  # explicit, N and D, published constants
    "besiroglu2024/parametric-loss",  # constant set with standard errors
    "kaplan2020/loss-compute",  # PF-days, no fitted range
    "kaplan2020/loss-n-d",
    "muennighoff2023/data-constrained-loss-nd",  # Min/Max, three inputs
    "xiao2024/density-doubling",  # a signed input (time difference)
    "hoffmann2022/parameter-growth-with-compute",  # intervals at 80%
    "mccandlish2018/steps-examples-tradeoff",  # implicit, no published constants
    "alabdulmohsin2022/m4",  # implicit, no published constants
    "jones2021/train-test-compute-tradeoff",  # a signed input (Elo), no published constants
]

HOSTILE = [
    "", " ", "nan", "NaN", "inf", "-inf", "+inf", "1e309", "-1e309", "1e-400", "0", "-0", "-1", "-70B", "1e308",
    "70B", "1.4T", "3e21", "0.34", "7E+10", "1_000", "0x10", "1/0", "0/0", "1e", "e5", ".", "..", "1..", "..2",
    "1..2..3", "1..1e12:0", "1..1e12:-3", "1..1e12:99999999999", "0..1e3:5 log", "-1..1:3 lin", "1,2,,3", ",", "1,nan",
    "20N", "20*N", "N", "D", "C/(6*N)", "N**N", "N**N**N", "1e308*N", "N/0", "N-N", "-N", "log(N)", "log(N-N)",
    "exp(N)", "exp(exp(N))", "sqrt(-N)", "Max(N, D)", "Min(N)", "10**10**10", "9**9**9**9", "2**100000",
    "__import__('os').system('echo hi')", "N.__class__", "().__class__.__bases__[0]", "lambda: 1", "eval('1')",
    "open('/etc/passwd')", "N if N else D", "[N]", "{N}", "N;D", "N\nD", "(" * 200 + "N" + ")" * 200,
    "+".join(["N"] * 500), "\x00", "💥", "N=1", "1e8..1e11:50 log", "1e8..1e11:5:log", "1..5:5 lin", "1,2,3",
    "1B,7B,70B", "2T", "3e2N", "1.5B*N", "D**0.5", "N*1e-320", "1e-320", "5e-324",
]

names = st.one_of(st.sampled_from(["N", "D", "C", "C_min", "L", "E", "A", "B", "alpha", "beta", "U", "x", "k", "dt",
                                   "E_min", "S_min", "L_x", "Elo", "C_train", "a", "c", "zz", "N_1", "__class__"]),
                  st.text(alphabet=string.ascii_letters + string.digits + "_", min_size=1, max_size=8))
numbers = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**30, 10**30),
                    st.floats(min_value=1e-3, max_value=1e13))
magnitudes = st.builds(lambda x, s: f"{x:g}{s}", st.floats(min_value=-1e6, max_value=1e15, allow_nan=False),
                       st.sampled_from(["", "K", "M", "B", "T", "P", "k", "G", "X", " B", "e3"]))
ranges = st.builds(lambda a, b, n, s: f"{a:g}..{b:g}" + (f":{n}" if n is not None else "") + s,
                   st.floats(min_value=-10, max_value=1e13, allow_nan=False),
                   st.floats(min_value=-10, max_value=1e13, allow_nan=False),
                   st.one_of(st.none(), st.integers(-3, 300)), st.sampled_from(["", " log", " lin", ":log", ":linear", " x"]))
values = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=25), numbers.map(repr), magnitudes, ranges,
                   st.lists(magnitudes, min_size=1, max_size=4).map(",".join))
specs = st.dictionaries(names, values, max_size=5)
plausible = st.one_of(st.floats(min_value=1e-3, max_value=1e13).map(repr), st.sampled_from(["70B", "1.4T", "1e9", "0.5", "3"]),
                      st.builds(lambda x, s: f"{x:.3g}{s}", st.floats(min_value=0.01, max_value=999), st.sampled_from("KMBT")))


def law_values(law, names_: list[str]) -> st.SearchStrategy:
    """Mostly plausible values; hostile ones and relations to the law's other names too."""
    others = st.sampled_from(names_) if names_ else st.just("N")
    relations = st.builds(lambda c, o, form: form.format(c=c, o=o), st.sampled_from(["20", "0.5", "1e-300", "1e300", "-3", "0"]),
                          others, st.sampled_from(["{c}{o}", "{c}*{o}", "{o}/{c}", "{o}**{c}", "log({o})*{c}", "{c}-{o}",
                                                   "{o}"]))
    return st.one_of(plausible, plausible, plausible, values, relations)


@st.composite
def law_spec(draw, law, *, inputs=True, parameters=None, junk=True, skip=(), tame=False):
    """NAME -> value for ``law``: each input (mostly present), parameters (always for a law
    without published constants, sometimes otherwise), and now and then an unknown name."""
    spec = {}
    names_ = [n for n in law.input_symbols if n not in skip]
    if inputs:
        for n in names_:
            if draw(st.integers(0, 19)):
                spec[n] = draw(plausible if tame else law_values(law, names_))
    need = not law.constant_sets if parameters is None else parameters
    for p in law.parameter_symbols:
        if need or draw(st.integers(0, 9)) == 0:
            small = st.floats(min_value=0.05, max_value=5).map(repr)
            spec[p] = draw(small if tame else st.one_of(small, plausible, values))
    if junk and draw(st.integers(0, 9)) == 0:
        spec[draw(names)] = draw(values)
    return spec


@pytest.fixture(scope="module")
def laws(papers):
    by_id = {p.id: p for p in papers}
    out = {}
    for ref in LAWS:
        paper_id, _, law_id = ref.partition("/")
        paper = by_id[paper_id]
        out[ref] = LawRef(paper, next(l for l in paper.laws if l.id == law_id))
    return out


def _finite(*items) -> None:
    """Every number in ``items`` (floats, arrays, dicts and lists of them) is finite."""
    for item in items:
        if isinstance(item, dict):
            _finite(*item.values())
        elif isinstance(item, (list, tuple)):
            _finite(*item)
        elif isinstance(item, (float, int, np.floating, np.integer, np.ndarray)) and not isinstance(item, bool):
            arr = np.asarray(item, dtype=float)
            assert arr.size == 0 or np.isfinite(arr).all(), f"a silent non-finite number: {item!r}"


def _message(exc: BaseException) -> None:
    """The error is one of the engine's, with a message that is not empty."""
    assert isinstance(exc, (engine.EngineError, NotFound)), f"{type(exc).__name__}: {exc}"
    assert str(exc).strip()


# ------------------------------------------------------------------- API


@BUDGET
@given(law=st.sampled_from(LAWS), data=st.data())
def test_evaluate_specs(laws, law, data):
    target = laws[law]
    try:
        ev = sweep.evaluate_specs(target, data.draw(law_spec(target.law)))
    except Exception as exc:  # noqa: BLE001 -- the point: which exceptions escape
        _message(exc)
        return
    _finite(ev.value, ev.inputs, ev.constants.values)


@BUDGET
@given(law=st.sampled_from(LAWS), data=st.data())
def test_sweep_and_overrides(laws, law, data):
    target = laws[law]
    spec = data.draw(law_spec(target.law))
    overrides = data.draw(st.dictionaries(st.sampled_from(target.law.parameter_symbols or ["x"]) | names,
                                          st.one_of(plausible, values, numbers), max_size=3))
    try:
        result = sweep.sweep(target, spec, overrides=overrides)
    except Exception as exc:  # noqa: BLE001
        _message(exc)
        return
    _finite(result.columns)
    text = result.to_csv().lower()
    assert "nan" not in text and "inf" not in text


@BUDGET
@given(law=st.sampled_from(LAWS), data=st.data(), window=st.one_of(st.none(), st.tuples(numbers, numbers)))
def test_solve(laws, law, data, window):
    target = laws[law]
    lw = target.law
    unknown = data.draw(st.one_of(st.sampled_from(lw.input_symbols), st.sampled_from(lw.input_symbols),
                                  st.just(lw.output_symbol), names))
    given_ = data.draw(law_spec(lw, skip=(unknown,)))
    if data.draw(st.integers(0, 9)):
        given_[lw.output_symbol] = data.draw(st.one_of(st.floats(min_value=0.1, max_value=10).map(repr), plausible, values))
    try:
        result = solve.solve(target, unknown, given_, window=window)
    except Exception as exc:  # noqa: BLE001
        _message(exc)
        return
    _finite(result.value, result.roots, result.given, result.intervals)


UNCERTAIN = ["besiroglu2024/parametric-loss", "hoffmann2022/parameter-growth-with-compute", "hoffmann2022/parametric-loss"]


@BUDGET
@given(law=st.sampled_from(UNCERTAIN), data=st.data(),
       hostile=st.sampled_from(["", "", "", "level", "samples", "seed"]))
def test_prediction_intervals(laws, law, data, hostile):
    target = laws[law]
    level = data.draw(st.one_of(values, numbers) if hostile == "level" else
                      st.one_of(st.sampled_from([True, 0.95, 0.8, 0.5, 0.999999, "0.9"]), st.floats(0.01, 0.99)))
    samples = data.draw(st.one_of(values, numbers, st.integers(-5, 10)) if hostile == "samples" else
                        st.one_of(st.none(), st.integers(2, 3000)))
    seed = data.draw(st.one_of(values, numbers) if hostile == "seed" else st.one_of(st.none(), st.integers(0, 2**62)))
    cs = "besiroglu2024" if law.startswith("besiroglu") else ("approach2" if "growth" in law else None)
    try:
        ev = sweep.evaluate_specs(target, data.draw(law_spec(target.law, tame=True, junk=False)), cs, interval=level,
                                  samples=samples, seed=seed)
    except Exception as exc:  # noqa: BLE001
        _message(exc)
        return
    _finite(ev.value, ev.interval.low, ev.interval.high, ev.interval.median)
    assert np.all(np.asarray(ev.interval.low) <= np.asarray(ev.interval.high))


@BUDGET
@given(law=st.sampled_from(LAWS), data=st.data(), k=st.one_of(st.just("6"), values, numbers))
def test_compute_optimal(laws, law, data, k):
    target = laws[law]
    lw = target.law
    fixed = data.draw(law_spec(lw, parameters=False, skip=tuple(lw.input_symbols[:2])))
    params = {p: v for p, v in fixed.items() if p in lw.parameter_symbols}
    fixed = {n: v for n, v in fixed.items() if n not in params}
    if not lw.constant_sets:
        params = {p: data.draw(st.floats(min_value=0.05, max_value=5)) for p in lw.parameter_symbols}
    try:
        result = optimal.compute_optimal(target, overrides=params, k=k, fixed=fixed, method="numeric")
        point = result.at(1e21)
    except Exception as exc:  # noqa: BLE001
        _message(exc)
        return
    _finite(point)


# ------------------------------------------------------------------- the command line


def _invoke(catalog_db, args):
    result = CliRunner().invoke(cli, [*args, "--db", catalog_db])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"traceback for {args!r}: {type(result.exception).__name__}: {result.exception}")
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 2), (args, result.exit_code, result.output)
    if result.exit_code == 2:
        assert result.stderr.strip(), args
    return result


def _assignments(spec: dict) -> list[str]:
    return [f"{k}={v}" for k, v in spec.items()]


def _no_nan(text: str) -> None:
    for token in text.replace(",", " ").replace("=", " ").split():
        try:
            value = float(token)
        except ValueError:
            continue
        assert math.isfinite(value), f"non-finite number printed: {token!r} in {text!r}"


REFS = LAWS + ["hoffmann2022", "hoffmann2022@besiroglu2024", "besiroglu2024@besiroglu2024", "besiroglu2024@nope",
                "nope/law", "hoffmann2022/nope", "@", "/", "hoffmann2022@"]


@CLI_BUDGET
@given(ref=st.one_of(st.sampled_from(REFS), st.sampled_from(REFS), st.text(max_size=12)), data=st.data(),
       interval=st.booleans())
def test_eval_command(catalog_db, laws, ref, data, interval):
    if ref.startswith("-"):
        return  # an option name, not a law: click's own usage error
    name = engine.split_ref(ref)[0]
    tame = data.draw(st.booleans())
    spec = data.draw(law_spec(laws[name].law, tame=tame, junk=not tame)) if name in laws else data.draw(specs)
    args = ["eval", ref, *_assignments(spec)] + (["--interval", "--samples", "500"] if interval else [])
    result = _invoke(catalog_db, args)
    if result.exit_code == 0:
        _no_nan(result.stdout)


@CLI_BUDGET
@given(law=st.sampled_from(LAWS), data=st.data(), fmt=st.sampled_from(["csv", "json"]), interval=st.booleans())
def test_sweep_command(catalog_db, laws, law, data, fmt, interval):
    tame = data.draw(st.booleans())
    spec = data.draw(law_spec(laws[law].law, tame=tame, junk=not tame))
    args = ["sweep", law, *_assignments(spec), "--format", fmt] + (["--interval", "--samples", "300"] if interval else [])
    result = _invoke(catalog_db, args)
    if result.exit_code == 0:
        # as words: the JSON's "provenance" holds the letters n-a-n
        assert not re.search(r"\b(nan|infinity)\b", result.stdout, re.IGNORECASE), result.stdout
        _no_nan(result.stdout)


@CLI_BUDGET
@given(law=st.sampled_from(LAWS), data=st.data(),
       window=st.one_of(st.none(), st.none(), st.none(), st.sampled_from(HOSTILE),
                        st.builds(lambda a, b: f"{a}..{b}", st.one_of(plausible, values), st.one_of(plausible, values))))
def test_solve_command(catalog_db, laws, law, data, window):
    lw = laws[law].law
    tame = data.draw(st.booleans())  # half the cases: plausible numbers, to reach the solver
    unknown = data.draw(st.sampled_from(lw.input_symbols) if tame else st.one_of(st.sampled_from(lw.input_symbols), names))
    spec = data.draw(law_spec(lw, skip=(unknown,), tame=tame, junk=not tame))
    out = st.floats(min_value=0.1, max_value=10).map(repr)
    spec.setdefault(lw.output_symbol, data.draw(out if tame else st.one_of(out, values)))
    window = None if tame else window
    args = ["solve", law, *_assignments(spec), "--for", unknown] + (["--window", window] if window is not None else [])
    if window is not None and window.startswith("-"):
        return  # click would read it as an option
    result = _invoke(catalog_db, args)
    if result.exit_code == 0:
        _no_nan(result.stdout)


def test_hostile_strings_are_refused_without_running_them(laws, tmp_path, monkeypatch):
    """A relation is parsed by the formula guard, never evaluated as Python."""
    monkeypatch.chdir(tmp_path)
    target = laws["hoffmann2022/parametric-loss"]
    for text in ["__import__('os').system('touch pwned')", "open('pwned', 'w')", "N.__class__", "lambda: 1",
                 "().__class__.__bases__[0]", "eval('1')", "exec('x=1')", "10**10**10", "9**9**9**9"]:
        with pytest.raises(engine.EngineError):
            sweep.evaluate_specs(target, {"N": "70B", "D": text})
    assert not (tmp_path / "pwned").exists()


# ------------------------------------------------------------------- cases the fuzzing found


@pytest.mark.parametrize("relation", ["log(N-N)", "1/(N-N)", "sqrt(-1)", "sqrt(-N)", "(-N)**0.5"])
def test_relations_that_are_not_finite_real_values(laws, relation):
    # were a KeyError ('ComplexInfinity') from lambdify and a TypeError (complex) from float()
    with pytest.raises(engine.BadValue, match="is not a finite real number or a relation with finite real values"):
        sweep.evaluate_specs(laws["hoffmann2022/parametric-loss"], {"N": "70B", "D": relation})


def test_parameter_only_subexpressions_are_numpy(laws):
    # alpha_N/alpha_D with a Python float 0 was a ZeroDivisionError; (L_0 - L)**-alpha at L = L_0 too
    ev = engine.evaluate(laws["kaplan2020/loss-n-d"], {"N": 1e9, "D": 1e10}, overrides={"alpha_D": 0})
    assert np.isfinite(ev.value)
    with pytest.raises(engine.DomainError, match="overflows"):
        engine.evaluate(laws["kaplan2020/loss-n-d"], {"N": 1e9, "D": 1e10}, overrides={"alpha_D": 1e-320})
    params = {"L_inf": 1.0, "L_0": 1.0, "alpha": 1.0, "beta": 1.0, "c": 1.0}
    with pytest.raises(engine.NoSolution, match="no x in"):
        solve.solve(laws["alabdulmohsin2022/m4"], "x", {"L_x": 1.0, **params})


def test_budget_below_k_is_a_message(laws):
    # C/k < 1 gave scipy's "The lower bound exceeds the upper bound."
    result = optimal.compute_optimal(laws["kaplan2020/loss-n-d"], k=2.2e25, method="numeric")
    with pytest.raises(engine.NoSolution, match="C=1e\\+21 is too small for C = k\\*N\\*D with k=2.2e\\+25"):
        result.at(1e21)
