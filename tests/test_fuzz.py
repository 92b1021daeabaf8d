"""Property-based and adversarial tests: untrusted records and formulas never crash the validator,
never execute code, and every rejection names a file, line and field. Fixed budget, derandomized."""

from __future__ import annotations

import copy
import signal
import tracemalloc
from contextlib import contextmanager

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog import records, yamlio
from catalog.engine import formulas
from tests.conftest import FIXTURES

BUDGET = settings(max_examples=150, deadline=None, derandomize=True,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
MINIMAL = yamlio.load_text((FIXTURES / "valid" / "minimal.yaml").read_text(encoding="utf-8"))


@contextmanager
def bounded(seconds=5, megabytes=64):
    """Fail (not hang) if a parse takes longer than ``seconds`` or allocates more than ``megabytes``."""

    def alarm(*_):
        raise TimeoutError(f"took longer than {seconds}s")

    old = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    tracemalloc.start()
    try:
        yield
        _, peak = tracemalloc.get_traced_memory()
        assert peak < megabytes * 2**20, f"peak memory {peak / 2**20:.1f} MiB"
    finally:
        tracemalloc.stop()
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


# ------------------------------------------------------------------ YAML loader

@BUDGET
@given(st.text(max_size=400))
def test_random_text_never_crashes_the_parser(text):
    try:
        doc = yamlio.parse(text)
    except yamlio.YamlError as exc:
        assert exc.line >= 1 and exc.message
    else:
        assert doc.line_of(()) >= 1


yaml_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=30))
yaml_values = st.recursive(yaml_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(min_size=1, max_size=12), inner, max_size=4)), max_leaves=20)


def _mutations():
    paths = [("bibliography", "year"), ("bibliography", "title"), ("laws", 0, "expression"), ("laws", 0, "symbols"),
             ("laws", 0, "constant_sets", 0, "values"), ("laws", 0, "symbols", "N", "range"), ("id",), ("sources",),
             ("laws", 0, "check_values"), ("model_range",), ("survey",), ("laws",), ("extra_field",)]
    return st.tuples(st.sampled_from(paths), yaml_values)


def _set(data, path, value):
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value


@BUDGET
@given(st.lists(_mutations(), min_size=1, max_size=4))
def test_mutated_records_give_located_errors_never_tracebacks(tmp_path_factory, mutations):
    data = copy.deepcopy(MINIMAL)
    for path, value in mutations:
        try:
            _set(data, path, value)
        except (KeyError, IndexError, TypeError):
            pass
    path = tmp_path_factory.mktemp("fuzz") / "minimal.yaml"
    try:
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    except (UnicodeEncodeError, ValueError):
        return
    paper, issues = records.load_file(path)
    if paper is None:
        assert issues
    for issue in issues:
        assert issue.path.endswith("minimal.yaml") and issue.line >= 1 and issue.message
        assert str(issue).startswith(f"{issue.path}:{issue.line}: ")


# ------------------------------------------------------------------ formula guard

HOSTILE = [
    "__import__('os').system('touch /tmp/pwned')",
    "().__class__.__bases__[0].__subclasses__()",
    "N.__class__.__mro__",
    "(lambda: 1)()",
    "exec('1')", "eval('N')", "open('/etc/passwd')", "getattr(N, 'x')", "globals()", "locals()",
    "Symbol('x')", "Function('f')(N)", "Integer(10)**Integer(10)**Integer(10)",
    "10**10**10", "9**9**9**9", "(10**10)**(10**10)", "2.0**1e300",
    "N**N**N**N**N**N**N**N",  # symbolic: allowed to parse, must stay symbolic and fast
    "exp(exp(exp(exp(exp(exp(exp(exp(exp(N)))))))))",
    "-" * 5000 + "N", "(" * 300 + "N" + ")" * 300, "N+" * 1500 + "N", "1" * 5000,
    "N if N else N", "[N]", "{N: N}", "N[0]", "N @ N", "N and N", "not N", "N == N", "N | N", "N // N", "N % N",
    "f'{N}'", "'a' * 10**9", "b'x'", "...", "N; N", "import os", "N := 1", "yield N", "await N", "*N",
    "Piecewise((N, N.__class__), (N, True))", "log(N, base=2)", "exp(*N)", "\\x00", "N\x00", "ⅇ + N",
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_formulas_are_refused_or_harmless(text, tmp_path):
    # the bound is on the parse, not on sympy's first import (over 5 s on a busy machine)
    import sympy.parsing.sympy_parser  # noqa: F401

    with bounded():
        try:
            expr = formulas.parse(text, ("N",))
        except formulas.FormulaError:
            return
    # Anything accepted must be an expression over the declared symbol only.
    assert {s.name for s in expr.free_symbols} <= {"N"}


SOUP_SYMBOLS = ("N", "D", "alpha")
# Unicode letters Python's parser folds into ASCII ones by NFKC (fullwidth, mathematical bold
# and italic, circled, superscript): the guard must see what sympy sees.
COMPAT_LETTERS = ["\uff2e", "\uff24", "\U0001d40d", "\U0001d437", "\U0001d6fc", "\u24c3", "\u1d3a", "\u2115",
                  "\ufb01", "\u2160", "\u00b2", "\uff11"]
formula_tokens = st.sampled_from([
    "N", "D", "alpha", "1", "2.5", "1e3", "1e300", "99999", "0", "1.5", "+", "-", "*", "/", "**", "(", ")", ",",
    "exp(", "log(", "Max(", "Min(", "sqrt(", "Piecewise((", "__", ".", "[", "]", "'", "lambda", ":", "x", "<", ">=",
    "True", *COMPAT_LETTERS])


def _evaluates(expr) -> None:
    """Whatever the guard accepts compiles with numpy and gives real numbers (inf or nan for
    points outside the domain are numbers; a traceback, a bool or a tuple is not)."""
    import numpy as np
    import sympy

    args = [sympy.Symbol(n, positive=True) for n in SOUP_SYMBOLS]  # as formulas.parse declares them
    func = sympy.lambdify(args, expr, modules="numpy")
    points = [np.array([0.5, 1.0, 3.0, 1e9]), np.array([2.0, 1e12, 0.1, 7.0]), np.array([0.3, 0.07, 1.0, 2.5])]
    with np.errstate(all="ignore"):
        value = np.asarray(func(*points), dtype=object)
    assert value.shape in ((), (4,)), value
    assert all(isinstance(complex(v), complex) and np.isreal(complex(v)) and not isinstance(v, (bool, np.bool_))
               for v in np.atleast_1d(value)), value


@BUDGET
@given(st.lists(formula_tokens, max_size=40).map("".join))
def test_random_token_soup_never_escapes_the_guard(text):
    with bounded():
        try:
            expr = formulas.parse(text, SOUP_SYMBOLS)
        except formulas.FormulaError as exc:
            assert str(exc)
            return
        _evaluates(expr)


numbers = st.one_of(st.integers(min_value=0, max_value=10**20).map(str),
                    st.floats(min_value=0, max_value=1e300, allow_nan=False).map(repr),
                    st.sampled_from(["1e300", "1e-300", "0", "0.0", "999999999999999"]))
bases = st.builds(lambda n, sym, op: f"({n}{op}{sym})", numbers, st.sampled_from(SOUP_SYMBOLS), st.sampled_from("+*-/"))


@BUDGET
@given(st.recursive(bases, lambda inner: st.one_of(
    st.builds(lambda b, e: f"{b}**{e}", inner, numbers),
    st.builds(lambda b, e: f"({b}**{e})", inner, numbers),
    st.builds(lambda b: f"exp({b})", inner),
    st.builds(lambda b, n: f"exp({n}*log({b}))", inner, numbers),
    st.builds(lambda n, depth: "exp(" * depth + n + ")" * depth + "*N", numbers, st.integers(1, 8))), max_leaves=6))
def test_numbers_inside_powers_are_bounded(text):
    """Powers of expressions holding numbers and nested exp of floats: refused or built fast,
    in bounded memory, and what is accepted evaluates."""
    with bounded(seconds=5, megabytes=64):
        try:
            expr = formulas.parse(text, SOUP_SYMBOLS)
        except formulas.FormulaError as exc:
            assert str(exc)
            return
    _evaluates(expr)


@BUDGET
@given(st.lists(st.sampled_from(["N", "D", "alpha"]), min_size=1, max_size=4), st.data())
def test_unicode_compatibility_letters_are_refused(names, data):
    """A formula spelling a declared name with compatibility letters reads as that name to
    Python (NFKC) but as a new symbol to sympy: refused, naming the ASCII spelling."""
    import unicodedata

    folded = {"N": ["\uff2e", "\U0001d40d", "\U0001d441", "\u24c3"], "D": ["\uff24", "\U0001d403", "\U0001d437"],
              "alpha": ["\uff41lpha", "\U0001d41alpha", "alph\U0001d41a"]}
    name = data.draw(st.sampled_from(names))
    variant = data.draw(st.sampled_from(folded[name]))
    assert unicodedata.normalize("NFKC", variant) == name
    text = " + ".join(names).replace(name, variant, 1)
    with pytest.raises(formulas.FormulaError, match="formulas are ASCII"):
        formulas.parse(text, SOUP_SYMBOLS)


@BUDGET
@given(st.lists(st.sampled_from(["N", "D", "1.5", "N < D", "True", "(N, D)", "(N, N < 1)", "()"]), min_size=1,
                max_size=3).map(lambda parts: "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"))
def test_tuples_and_truth_values_are_never_a_result(text):
    with pytest.raises(formulas.FormulaError):
        formulas.parse(text, SOUP_SYMBOLS)
