"""The formula guard: valid and invalid cases per rule (check-peps style)."""

from __future__ import annotations

import json

import pytest

from catalog.engine import formulas
from tests.sqlite_support import connection_to

SYMBOLS = ("L", "N", "D", "E", "A", "B", "S", "alpha", "beta", "gamma", "x")


@pytest.mark.parametrize(
    "text",
    [
        "E + A/N**alpha + B/D**beta",
        "((N/A)**(alpha/beta) + B/D)**beta",
        "exp(alpha + beta*log(N) + gamma*log(N)*log(D))",
        "Piecewise((A*N**(-alpha), N < B), (E*N**(-beta), True))",
        "Min(N, D) + Max(A, B) + sqrt(S) + Abs(x) + log10(N) + tanh(x)",
        "-A*S + 1.5e-3*N",
    ],
)
def test_valid_formulas_parse(text):
    expr = formulas.parse(text, SYMBOLS)
    assert {s.name for s in expr.free_symbols} <= set(SYMBOLS)


def test_clashing_names_are_plain_symbols():
    import sympy

    expr = formulas.parse("E + S + N + beta + gamma", SYMBOLS)
    assert all(isinstance(s, sympy.Symbol) for s in expr.args)
    assert sympy.E not in expr.atoms()  # E is the record's E, not Euler's number


@pytest.mark.parametrize(
    "text, message",
    [
        ("__import__('os').system('x')", "is not allowed"),
        ("N.__class__", "Attribute is not allowed"),
        ("(lambda q: q)(N)", "is not allowed"),
        ("10**10**10", "power of two number literals"),
        ("N + 'text'", "only numbers are allowed"),
        ("N[0]", "Subscript is not allowed"),
        ("eval('1')", "is not allowed"),
        ("sympify('N')", "is not allowed"),
        ("Q + N", "undeclared symbol 'Q'"),
        ("exp", "must be called"),
        ("N if A else D", "IfExp is not allowed"),
        ("[N for N in D]", "ListComp is not allowed"),
        ("N +", "not a valid expression"),
        ("exp(" * 41 + "N" + ")" * 41, "nests deeper than 40 levels (a part inside a call"),
        ("N+(" * 41 + "N" + ")" * 41, "nests deeper than 40 levels"),  # a sum inside a term is a level
        ("+".join(["N"] * 301), "formula has 601 operations and operands, more than 600"),
        ("N" * 3000, "longer than"),
        ("1e400 * N", "too large"),
        ("N < D < A", "comparisons and True are only allowed as Piecewise conditions"),
        ("exp(x=N)", "keyword arguments"),
    ],
)
def test_invalid_formulas_are_refused(text, message):
    with pytest.raises(formulas.FormulaError) as info:
        formulas.parse(text, SYMBOLS)
    assert message in str(info.value)


@pytest.mark.parametrize("terms", [41, 60])
def test_a_long_sum_is_one_level(terms):
    # the parser nests 'a + b + c' to the left, and each term counted as a level: a sum of more than
    # 40 terms (a polynomial fit, a regression's covariates) was refused as 'nests deeper than 40
    # levels', and a 60-term polynomial had 659 'syntax nodes' (the tree's operators and contexts)
    import math

    from catalog.engine import numeric

    names = tuple(f"c{i}" for i in range(terms)) + ("x",)
    text = " + ".join(f"c{i}*x**{i}" for i in range(terms))
    values = {f"c{i}": 0.5 for i in range(terms)}
    expr = formulas.parse(text, names)
    want = sum(0.5 * 0.5**i for i in range(terms))
    point = {**values, "x": 0.5}
    assert float(expr.subs({s: point[s.name] for s in expr.free_symbols})) == pytest.approx(want)
    tree = numeric.tree(text, names)  # stored by catalog load, read back within the depth it allows
    assert numeric._tree_reason(tree) is None
    assert numeric.function(tree, names)(*values.values(), 0.5) == pytest.approx(want)
    for flat in ("+".join(["N"] * 300), "*".join(["N"] * 300), "-".join(["N"] * 300), "N" + "/N" * 299):
        assert numeric._tree_reason(numeric.tree(flat, ("N",))) is None
        assert math.isfinite(numeric.function(numeric.tree(flat, ("N",)), ("N",))(1.01))


@pytest.mark.parametrize("name, reason", [("var", "JavaScript"), ("lambda", "Python"), ("_x", "'_'"),
                                          ("exp", "clashes"), ("pi", "clashes"), ("function", "JavaScript")])
def test_reserved_symbol_names(name, reason):
    assert reason in formulas.reserved_reason(name)
    with pytest.raises(formulas.FormulaError):
        formulas.check_syntax("N", {"N", name})


@pytest.mark.parametrize("name", ["N", "E", "S", "alpha", "beta", "gamma", "N_c", "alpha_N", "k_D"])
def test_allowed_symbol_names(name):
    assert formulas.reserved_reason(name) is None


def test_check_syntax_reports_used_names_without_sympy():
    assert formulas.check_syntax("A/N**alpha", {"A", "N", "alpha", "D"}) == {"A", "N", "alpha"}


# ------------------------------------------------------------------ what evaluation would choke on
# Each class of formula the AST whitelist alone let through, and that sympy or the compiled
# numpy function then hung on, crashed on or evaluated wrongly (issue 12).

HOSTILE_CLASSES = [
    # large powers of expressions containing numbers: sympy expands (3*N)**k into 3**k * N**k
    ("(3*N)**99999999999999", "numeric exponents multiply to more than 1000"),
    ("(N + 1)**100000000", "numeric exponents multiply to more than 1000"),
    ("((((2*N)**100)**100)**100)**100", "numeric exponents multiply to more than 1000"),
    ("exp(1000000000000*log(2*N))", "numeric exponents multiply to more than 1000"),
    ("exp(N)**1e6", "numeric exponents multiply to more than 1000"),
    # nested exp of floats: sympy evaluates it with unbounded precision
    ("exp(exp(exp(exp(exp(1.5)))))*N", "is too large"),
    ("N*exp(1000.0)", "is too large"),
    # magnitudes: literals and what evaluation multiplies them into
    ("N*" + "9" * 400, "literal with 400 digits is too large"),
    ("N*1e200*1e200", "exceeds 1e+300 once evaluated"),
    # Unicode compatibility letters: Python's parser folds them (NFKC), sympy's tokenizer does not
    ("\uff2e**2", "formulas are ASCII (it reads as 'N'"),
    ("\U0001d400*N", "formulas are ASCII (it reads as 'A'"),
    ("N\u00b2", "formulas are ASCII"),
    # what Python's parser drops or joins: the text shown would not be the formula evaluated
    ("N + D # + A", "character '#' is not allowed in a formula"),
    ("(N\n+ D)", "character '\\n' is not allowed in a formula"),
    ("N + \\\n D", "character '\\\\' is not allowed in a formula"),
    ("N +\tD", "character '\\t' is not allowed in a formula"),
    # only numeric results: comparisons, tuples, booleans
    ("N < 2", "comparisons and True are only allowed as Piecewise conditions"),
    ("(N, D)", "tuples are only allowed as Piecewise branches"),
    ("True", "comparisons and True are only allowed"),
    ("N + (D > 1)", "comparisons and True are only allowed"),
    ("Piecewise((N < 1, True))", "comparisons and True are only allowed"),
    ("Piecewise((N, N))", "a Piecewise condition is one comparison"),
    ("Piecewise((N, N < 1))", "needs a last (value, True) branch"),
    ("Max((N, D))", "tuples are only allowed"),
    # division by zero and non-real constants
    ("N/0", "divides by zero"),
    ("N/(1 - 1)", "divides by zero"),
    ("N + 1/(2 - 2)", "divides by zero in"),
    ("N/(N - N)", "divides by zero"),
    ("log(-1)*N", "is not a real number"),
    ("sqrt(-2) + N", "is not a real number"),
    ("log(0) + N", "is not a real number"),
    # arity: Min() is oo and Max() -oo in sympy
    ("Min() + N", "Min() takes at least 1 argument"),
    ("exp(N, D)", "exp() takes 1 argument"),
]


@pytest.mark.parametrize("text, message", HOSTILE_CLASSES, ids=range(len(HOSTILE_CLASSES)))
def test_what_evaluation_would_choke_on_is_refused(text, message):
    with pytest.raises(formulas.FormulaError) as info:
        formulas.parse(text, SYMBOLS)
    assert message in str(info.value)


@pytest.mark.parametrize("name", ["select", "maximum", "minimum", "where", "power", "log1p", "e", "inf", "nan",
                                  "norm", "det", "sum", "abs", "range", "numpy", "x0", "x12"])
def test_symbols_named_like_the_numpy_namespace_are_refused(name):
    # lambdify's generated code calls select() for Piecewise and maximum() for Max: a symbol of
    # that name would shadow the function (a traceback or a wrong value at evaluation)
    assert formulas.reserved_reason(name), name
    with pytest.raises(formulas.FormulaError, match="clashes"):
        formulas.parse("Piecewise((N, N < 1), (Max(N, 2), True))", ("N", name))


def test_the_shadowing_was_real_before_the_rule():
    """What the rule prevents: a symbol named select breaks lambdify's Piecewise."""
    import numpy as np
    import sympy

    N, select = sympy.symbols("N select", positive=True)
    f = sympy.lambdify([N, select], sympy.Piecewise((N, N < 1), (select, True)), modules="numpy")
    with pytest.raises(TypeError):
        f(np.array([0.5, 2.0]), 3.0)


def test_accepted_formulas_are_finite_real_expressions_over_declared_symbols():
    import sympy

    for text in ["N**(-4/D)", "exp(-0.5*N)", "Piecewise((N, N < 1e9), (2*N, True))", "log2(N)*sqrt(2)",
                 "(2*N)**900", "N/(1 + 1)"]:
        expr = formulas.parse(text, SYMBOLS)
        assert isinstance(expr, sympy.Expr) and not expr.has(sympy.zoo, sympy.nan, sympy.oo, sympy.I)


def _spin(seconds: float) -> None:
    """Python-level work for ``seconds``, in a frame of its own, as sympy's is: on CPython 3.13.0
    an exception a signal handler raises at a loop's jump directly inside a ``with`` block skipped
    that frame's handlers (pytest.raises and time_limit's own exit), and the test died with it."""
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        pass


def test_time_limit_interrupts_python_level_work():
    with pytest.raises(TimeoutError):
        with formulas.time_limit(0.2):
            _spin(5)


def test_time_limit_counts_cpu_time_not_time_waiting():
    # a process waiting for a core (a busy machine) or sleeping does no work: the bound is on the
    # work, so what it lets finish, such as the closed forms a load stores, does not vary with load
    import time

    with formulas.time_limit(0.2):
        time.sleep(0.5)


@pytest.fixture
def no_setitimer(monkeypatch):
    """A platform without interval timers (Windows): time_limit's watcher thread bounds the block."""
    import signal

    monkeypatch.delattr(signal, "setitimer")
    monkeypatch.delattr(signal, "getitimer")
    before = signal.getsignal(signal.SIGINT)
    yield
    assert signal.getsignal(signal.SIGINT) is before  # each block put back the handler it replaced


def test_without_setitimer_time_limit_interrupts_python_level_work(no_setitimer):
    import time

    started = time.monotonic()
    with pytest.raises(TimeoutError, match="took longer than 0.2s"):
        with formulas.time_limit(0.2):
            _spin(5)
    assert time.monotonic() - started < 4


def test_without_setitimer_time_limit_counts_cpu_time_not_time_waiting(no_setitimer):
    import time

    with formulas.time_limit(0.2):
        time.sleep(0.5)


def test_without_setitimer_an_outer_limit_and_ctrl_c_still_reach_their_handlers(no_setitimer):
    import signal

    with pytest.raises(TimeoutError, match="took longer than 0.2s"):  # the outer limit, sooner
        with formulas.time_limit(0.2), formulas.time_limit(30):
            _spin(5)

    def ctrl_c():
        signal.raise_signal(signal.SIGINT)
        _spin(1)

    with pytest.raises(KeyboardInterrupt):  # the user's Ctrl-C within a limit is not a timeout
        with formulas.time_limit(30):
            ctrl_c()


def test_without_setitimer_a_derivation_is_bounded_not_skipped(no_setitimer, by_id, monkeypatch, tmp_path):
    # the loader's closed forms were not attempted without setitimer, and optimal derived them at
    # run time unbounded: a hostile form could hang the command
    import time

    import sympy

    from catalog.engine import closedforms

    monkeypatch.setenv("CATALOG_CACHE_DIR", str(tmp_path))
    law = by_id["hoffmann2022"].laws[0]
    monkeypatch.setattr(closedforms, "SECONDS", 5.0)
    assert "text" in closedforms.derive(law)["optimum"]

    def endless(law):  # sympy's algebra that does not end within the limit
        x = sympy.Symbol("x")
        while True:
            sympy.expand((x + 1) ** 200)

    monkeypatch.setattr(closedforms, "_optimum", endless)
    monkeypatch.setattr(closedforms, "SECONDS", 0.3)
    started = time.monotonic()
    assert closedforms.derive(by_id["kaplan2020"].laws[0]) == {}
    assert time.monotonic() - started < 10


def test_a_formula_is_parsed_once_however_the_call_spells_its_arguments():
    # validate's rule calls parse(text, symbols) and the compiler parse(text, symbols, True)
    first = formulas.parse("E + A/N**alpha + 0.125", ("E", "A", "N", "alpha"))
    assert formulas.parse("E + A/N**alpha + 0.125", ["E", "A", "N", "alpha"], positive=True) is first
    assert formulas.parse("E + A/N**alpha + 0.125", ("E", "A", "N", "alpha"), False) is not first


# ------------------------------------------------------------------- conditions: one relation


def test_a_condition_is_one_relation_between_two_guarded_formulas():
    assert formulas.check_condition("U <= D", {"U", "D"}) == ("U", "<=", "D", {"U", "D"})
    assert formulas.check_condition(" 2*U > log(D) ", {"U", "D"}) == ("2*U", ">", "log(D)", {"U", "D"})


@pytest.mark.parametrize("text, message", [
    ("U <= D <= 3", "a condition is one relation"),
    ("U == D", "a condition is one relation"),
    ("U != D", "a condition is one relation"),
    ("U", "a condition is one relation"),
    ("U <= D and D < 3", "a condition is one relation"),
    ("(U <= D) <= 1", "comparisons and True are only allowed as Piecewise conditions"),
    ("U <= X", "undeclared symbol 'X'"),
    ("U <= __import__('os')", "call of '__import__' is not allowed"),
    ("U <= D # comment", "character '#' is not allowed"),
    # a line break or tab at either end too, as in a law's formula (a YAML block scalar ends with
    # one): the text is refused, not shown and stored with it
    ("U <= D\n", "character '\\\\n' is not allowed in a formula"),
    ("\nU <= D", "character '\\\\n' is not allowed in a formula"),
    ("U <= D\t", "character '\\\\t' is not allowed in a formula"),
    ("U <=", "not a valid expression"),
    ("U <= D" + " " * formulas.MAX_LENGTH, "condition is longer than"),
])
def test_anything_but_one_relation_is_refused(text, message):
    with pytest.raises(formulas.FormulaError, match=message.replace("(", r"\(").replace(")", r"\)")):
        formulas.check_condition(text, {"U", "D"})


def _numpy_names_run(cache_dir, release: str | None = None) -> tuple[str, bool]:
    """(the refusal of a condition over a symbol named 'select', whether numpy was imported) in a fresh process."""
    import os
    import subprocess
    import sys

    script = ("import sys; from catalog import formcache; from catalog.engine import formulas\n"
              + (f"formcache.release_text = lambda package, file_name: {release!r}\n" if release else "")
              + "try:\n    formulas.check_condition('N <= select', {'N', 'select'})\n"
              "except formulas.FormulaError as exc:\n    print(exc)\n"
              "print('numpy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "CATALOG_CACHE_DIR": str(cache_dir)})
    assert out.returncode == 0, out.stderr
    message, imported = out.stdout.splitlines()
    return message, imported == "True"


def test_numpy_names_are_read_from_the_cache_keyed_by_numpys_release_and_a_forged_entry_is_read_again(tmp_path):
    """Reading a law's conditions (table 7 reads every record's) needs numpy's names, not numpy:
    imported once per release, then read from the cache of printed forms."""

    from catalog import formcache

    refusal = "symbol 'select' clashes with a name in the numpy namespace compiled formulas run in"
    assert _numpy_names_run(tmp_path) == (refusal, True)
    assert _numpy_names_run(tmp_path) == (refusal, False)
    # another release of numpy is another key: its names are read from numpy again
    assert _numpy_names_run(tmp_path, 'version = "99.0.0"') == (refusal, True)
    assert _numpy_names_run(tmp_path, 'version = "99.0.0"') == (refusal, False)
    # an entry that is no list of names (damaged, forged) is read from numpy again and overwritten
    with connection_to(tmp_path / formcache.FILE_NAME) as conn:
        conn.execute("UPDATE forms SET value = ?", (json.dumps(["select\nprint('x')"]),))
    assert _numpy_names_run(tmp_path) == (refusal, True)
    assert _numpy_names_run(tmp_path) == (refusal, False)
