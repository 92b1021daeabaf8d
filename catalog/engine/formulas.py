"""Guarded formula parsing: sympy-syntax strings to sympy expressions without running code.

``sympy.parse_expr`` and ``sympify`` call ``eval``. Before a string reaches them it is parsed
with Python's ``ast`` and every node is checked against a whitelist: numbers, declared
symbol names, whitelisted function calls, arithmetic and comparisons. The string is then
handed to ``parse_expr`` with a ``local_dict`` holding only the declared symbols and the
whitelisted functions and empty globals, so names such as ``E``, ``N``, ``S``, ``beta`` or
``gamma`` are the record's symbols, never sympy's constants or functions.

Records are hostile input, so the guard also refuses what sympy or the compiled numpy function
would choke on, before sympy evaluates anything: non-ASCII text (Python's parser folds
compatibility letters such as a fullwidth N into N by NFKC, sympy's tokenizer does not),
number-only parts that overflow, divide by zero or leave the reals (folded with floats), powers
and ``exp`` whose numeric exponents multiply beyond :data:`MAX_EXPONENT` (sympy would expand
``(3*N)**10**12`` into a trillion-digit integer), comparisons, tuples and ``True`` anywhere but a
``Piecewise`` branch, and symbols named like anything in the namespace sympy's ``lambdify`` runs
the compiled function in (numpy's ``select``, ``maximum``, ...). :func:`parse` then builds the
expression without evaluation, checks it, evaluates it under a time limit and checks the result:
a finite real number-valued expression over the declared symbols.
"""

from __future__ import annotations

import ast
import functools
import keyword
import math
import operator
import re
import signal
import threading
import time
import unicodedata
from collections.abc import Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from catalog import textguard

MAX_LENGTH = 2000
# Levels of one part inside another (a call's argument, a power's base, a parenthesised sum in a
# product): sympy's printers and the evaluators recurse through them. A sum's or product's terms are
# one level however many (Python's parser nests 'a + b + c' to the left; sympy flattens it): a
# mixed-effects model of 20 terms (kim2025) reached depth 21, and a polynomial fit of 40 was refused.
MAX_DEPTH = 40
# Operations and operands (the syntax tree's expressions: a 60-term polynomial fit c0 + c1*x + ...
# + c59*x**59 has 359), which bound sympy's work on a formula
MAX_NODES = 600
MAX_LITERAL = 1e300
# Largest product of numeric exponents along nested powers and exp arguments.
MAX_EXPONENT = 1000
# Seconds sympy may spend building one formula (a backstop: the static rules bound the work).
PARSE_SECONDS = 5
# Functions and how many arguments each takes (min, max).
ARITY = {"exp": (1, 1), "log": (1, 2), "sqrt": (1, 1), "Abs": (1, 1), "Min": (1, None), "Max": (1, None),
         "Piecewise": (1, None), "tanh": (1, 1), "log10": (1, 1), "log2": (1, 1), "erf": (1, 1),
         "Beta": (2, 2)}

# Function names a formula may call, mapped lazily to sympy objects.
# Beta is the Euler Beta function B(a, b) (sympy.beta), capitalised so that it never clashes
# with the exponent a law calls beta; pass@k under a Beta distribution of per-problem success
# is 1 - Beta(a, b + k)/Beta(a, b).
FUNCTIONS = ("exp", "log", "sqrt", "Abs", "Min", "Max", "Piecewise", "tanh", "log10", "log2", "erf", "Beta")

JS_RESERVED = frozenset(
    """abstract arguments await boolean break byte case catch char class const continue debugger
    default delete do double else enum eval export extends false final finally float for function
    goto if implements import in instanceof int interface let long native new null package private
    protected public return short static super switch synchronized this throw throws transient true
    try typeof var void volatile while with yield undefined NaN Infinity Math Number Object window
    document globalThis constructor prototype SLC_MATH""".split()
)
PY_RESERVED = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist) | {"None", "True", "False"}
# Names sympy's printers or parse_expr would treat specially.
SYMPY_RESERVED = frozenset({"I", "oo", "nan", "zoo", "pi", "Symbol", "Integer", "Float", "Rational", "Function"})

_BINOPS = (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow)
_FAMILY = {ast.Add: (ast.Add, ast.Sub), ast.Sub: (ast.Add, ast.Sub), ast.Mult: (ast.Mult, ast.Div),
           ast.Div: (ast.Mult, ast.Div)}
_UNARY = (ast.USub, ast.UAdd)
_COMPARE = (ast.Lt, ast.LtE, ast.Gt, ast.GtE)


class FormulaError(ValueError):
    """A formula string that is not allowed or does not parse."""


class Undeclared(FormulaError):
    """Names that are not declared symbols (``names``, as written; the guard names every one)."""

    names: tuple[str, ...] = ()

    @classmethod
    def of(cls, names, when: str = "") -> Undeclared:
        names = tuple(names)
        quoted = [textguard.quoted(n) for n in names]
        listed = f"{', '.join(quoted[:-1])} and {quoted[-1]}" if len(names) > 1 else quoted[0]
        exc = cls(f"undeclared symbol{'s' if len(names) > 1 else ''} {listed}{when}")
        exc.names = names
        return exc


class NotFiniteReal(FormulaError):
    """A formula that divides by zero, is infinite or undefined, or is not a real number."""


def reserved_reason(name: str) -> str | None:
    """Why ``name`` cannot be a symbol, or None."""
    if name.startswith("_") or "__" in name:
        return "names starting with '_' or containing '__' are not allowed"
    if name in PY_RESERVED:
        return "is a Python reserved word"
    if name in JS_RESERVED:
        return "is a JavaScript reserved word"
    if name in FUNCTIONS or name in SYMPY_RESERVED:
        return "clashes with a formula function or sympy name"
    if re.fullmatch(r"x\d+", name):
        return "clashes with the names lambdify gives common subexpressions (x0, x1, ...)"
    if name in _evaluation_namespace():
        return "clashes with a name in the numpy namespace compiled formulas run in"
    return None


@functools.lru_cache(maxsize=1)
def _evaluation_namespace() -> frozenset[str]:
    """Names the function ``sympy.lambdify(..., modules="numpy")`` generates can see: numpy's
    and numpy.linalg's public names (it runs ``from numpy import *``), builtins and the module
    names it binds. A symbol with one of these names shadows a function the generated code
    calls (``select`` for Piecewise, ``maximum`` for Max) or is shadowed by it."""
    import builtins

    return frozenset(_numpy_names() | set(dir(builtins)) | {"numpy", "builtins", "range", "math", "mpmath", "scipy",
                                                              "sympy"})


def _numpy_names() -> set[str]:
    """numpy's and numpy.linalg's names. A command that reads a law's conditions and evaluates
    nothing (``table 7``: every record's conditions are checked on reading) took a third of its
    time importing numpy for them: unless numpy is imported already, they come from the cache of
    printed forms, keyed by numpy's release file and Python's version (an upgrade is another key;
    an unreadable release file is no key, and numpy is imported). An entry that is not a list of
    identifiers is computed again and overwritten."""
    import sys

    if "numpy" in sys.modules:  # imported already: its names cost nothing (no cache, nor hashlib, imported)
        return _imported_numpy_names()
    from catalog import formcache

    release = formcache.release_text("numpy", "version.py")
    if not release or release == "unreadable":
        return _imported_numpy_names()
    (text,) = formcache.cached("numpy-names", [release, sys.version], lambda: ("\n".join(sorted(_imported_numpy_names())),),
                               [_identifier_lines], version="numpy-names")
    return set(text.split("\n"))


def _imported_numpy_names() -> set[str]:
    import numpy
    import numpy.linalg

    return set(dir(numpy)) | set(dir(numpy.linalg))


def _identifier_lines(text: object) -> bool:
    return isinstance(text, str) and len(text) < 1_000_000 and all(n.isidentifier() for n in text.split("\n"))


def unshown_character(text: str) -> str | None:
    """The first character of ``text`` whose formula Python's parser reads otherwise than it is
    shown, or None: a comment is dropped and lines are joined, so the text would show what is
    never evaluated ('E + A/N**alpha # + B/D**beta') or span lines that show and tables print as one."""
    return next((ch for ch in text if ch in "#\\" or not ch.isprintable()), None)


@dataclass(frozen=True)
class _Guard:
    symbols: frozenset[str]

    def check(self, text: str) -> ast.Expression:
        if len(text) > MAX_LENGTH:
            raise FormulaError(f"formula is longer than {MAX_LENGTH} characters")
        if not text.isascii():
            bad = next(ch for ch in text if not ch.isascii())
            folded = unicodedata.normalize("NFKC", bad)
            hint = f" (it reads as {folded!r} to Python but not to sympy; write {folded!r})" if folded.isascii() else ""
            raise FormulaError(f"character {bad!r} (U+{ord(bad):04X}) is not allowed; formulas are ASCII{hint}")
        if bad := unshown_character(text):
            raise FormulaError(f"character {bad!r} is not allowed in a formula (no comments, line breaks "
                               "or continuations: the text shown is the formula evaluated)")
        try:
            tree = ast.parse(text, mode="eval")
        except (SyntaxError, ValueError) as exc:
            raise FormulaError(f"not a valid expression: {getattr(exc, 'msg', exc)}") from None
        count = sum(1 for node in ast.walk(tree) if isinstance(node, ast.expr))
        if count > MAX_NODES:
            raise FormulaError(f"formula has {count} operations and operands, more than {MAX_NODES}")
        try:
            self._node(tree.body, 0, 1.0)
        except Undeclared as exc:  # name them all: a form written before its symbols lacks several
            names = sorted((n for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id not in self.symbols
                            and n.id not in FUNCTIONS), key=lambda n: (n.lineno, n.col_offset))
            raise Undeclared.of(dict.fromkeys(n.id for n in names) or exc.names) from None
        return tree

    def _node(self, node: ast.AST, depth: int, scale: float) -> None:
        """Check ``node``, an expression with a numeric value. ``scale`` is the product of the
        numeric exponents enclosing it: a number here is raised to that power by sympy."""
        if depth > MAX_DEPTH:
            raise FormulaError(f"formula nests deeper than {MAX_DEPTH} levels (a part inside a call, a power or "
                               "parentheses inside another; the terms of a sum or product are one level)")
        d = depth + 1
        if _is_constant(node):
            _fold(node)  # overflow, division by zero and complex results are refused here
            return
        if isinstance(node, ast.Name):
            if node.id not in self.symbols:
                if node.id in FUNCTIONS:
                    raise FormulaError(f"function {node.id!r} must be called")
                raise Undeclared.of([node.id])
            return
        if isinstance(node, ast.BinOp) and isinstance(node.op, _BINOPS):
            if isinstance(node.op, ast.Pow):
                inner = scale * self._exponent(node.right, d, scale)
                self._node(node.left, d, inner)
                return
            # the terms of a sum (or factors of a product) at one level: down the left spine the
            # parser nests them on, without recursing
            family = _FAMILY[type(node.op)]
            terms = []
            while isinstance(node, ast.BinOp) and type(node.op) in family and not _is_constant(node):
                terms.append(node.right)
                node = node.left
            for term in (node, *reversed(terms)):
                self._node(term, d, scale)
            return
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, _UNARY):
            self._node(node.operand, d, scale)
            return
        if isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
                name = node.func.id if isinstance(node.func, ast.Name) else ast.unparse(node.func)
                raise FormulaError(f"call of {name!r} is not allowed; allowed functions: {', '.join(FUNCTIONS)}")
            name = node.func.id
            if node.keywords:
                raise FormulaError("keyword arguments are not allowed")
            low, high = ARITY[name]
            if len(node.args) < low or (high is not None and len(node.args) > high):
                wanted = f"{low}" if low == high else f"{low} to {high}" if high else f"at least {low}"
                raise FormulaError(f"{name}() takes {wanted} argument(s), got {len(node.args)}")
            if name == "Piecewise":
                for arg in node.args:
                    self._branch(arg, d, scale)
                last = node.args[-1]
                if not (isinstance(last.elts[1], ast.Constant) and last.elts[1].value is True):
                    raise FormulaError("Piecewise needs a last (value, True) branch, or it is undefined elsewhere")
                return
            if any(isinstance(a, ast.Starred) for a in node.args):
                raise FormulaError("starred arguments are not allowed")
            if name == "exp":  # exp(k*log(x)) becomes x**k: its argument is an exponent
                self._exponent(node.args[0], d, scale)
                return
            for arg in node.args:
                self._node(arg, d, scale)
            return
        if isinstance(node, ast.Compare) or (isinstance(node, ast.Constant) and node.value is True):
            raise FormulaError("comparisons and True are only allowed as Piecewise conditions; "
                               "a formula's value is a number")
        if isinstance(node, ast.Tuple):
            raise FormulaError("tuples are only allowed as Piecewise branches (value, condition)")
        if isinstance(node, ast.Constant):
            raise FormulaError(f"only numbers are allowed as literals, got {node.value!r}")
        raise FormulaError(f"{type(node).__name__} is not allowed in a formula")

    def _exponent(self, node: ast.AST, depth: int, scale: float) -> float:
        """Check an exponent (or exp's argument) and return the factor it may multiply the
        exponents below by: the product of the magnitudes of its numbers (at least 1)."""
        factor = 1.0
        for sub in ast.walk(node):
            if isinstance(sub, ast.Constant) and isinstance(sub.value, (int, float)) and not isinstance(sub.value, bool):
                factor *= max(1.0, abs(float(sub.value)))
        if _is_constant(node):
            factor = max(1.0, abs(_fold(node)))
        if scale * factor > MAX_EXPONENT:
            raise FormulaError(f"numeric exponents multiply to more than {MAX_EXPONENT} "
                               "(sympy would expand the power into a huge number)")
        self._node(node, depth, scale * factor)
        return factor

    def _branch(self, node: ast.AST, depth: int, scale: float) -> None:
        if not (isinstance(node, ast.Tuple) and len(node.elts) == 2):
            raise FormulaError("Piecewise takes (value, condition) pairs")
        value, condition = node.elts
        self._node(value, depth, scale)
        if isinstance(condition, ast.Constant) and condition.value is True:
            return
        if not (isinstance(condition, ast.Compare) and len(condition.ops) == 1
                and isinstance(condition.ops[0], _COMPARE)):
            raise FormulaError("a Piecewise condition is one comparison (<, <=, >, >=) or True")
        self._node(condition.left, depth + 1, scale)
        self._node(condition.comparators[0], depth + 1, scale)


def _is_constant(node: ast.AST) -> bool:
    """A number-only part: literals combined by arithmetic."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, (int, float)) and not isinstance(node.value, bool)
    if isinstance(node, ast.UnaryOp):
        return isinstance(node.op, _UNARY) and _is_constant(node.operand)
    if isinstance(node, ast.BinOp):
        return isinstance(node.op, _BINOPS) and _is_constant(node.left) and _is_constant(node.right)
    if isinstance(node, ast.Call):  # exp(1.5): sympy evaluates it to a number, so do we
        return (isinstance(node.func, ast.Name) and node.func.id in _MATH and not node.keywords
                and bool(node.args) and all(_is_constant(a) for a in node.args))
    return False


_MATH = {"exp": math.exp, "log": lambda x, base=None: math.log(x) if base is None else math.log(x, base),
         "sqrt": math.sqrt, "Abs": abs, "Min": min, "Max": max, "tanh": math.tanh, "log10": math.log10,
         "log2": math.log2, "erf": math.erf, "Beta": lambda a, b: float(_scipy_beta()(a, b))}


def _scipy_beta():
    from scipy.special import beta  # only formulas using Beta pay for scipy

    return beta


def _fold(node: ast.AST) -> float:
    """The value of a number-only part, computed with floats: what sympy would compute (with
    unbounded precision and time) is refused here when it overflows, divides by zero or is
    not a real number."""
    if isinstance(node, ast.Constant):
        if isinstance(node.value, int) and abs(node.value) > MAX_LITERAL:
            raise FormulaError(f"literal with {len(str(abs(node.value)))} digits is too large")
        value = float(node.value)
        if not math.isfinite(value) or abs(value) > MAX_LITERAL:
            raise FormulaError(f"literal {node.value!r} is too large")
        return value
    if isinstance(node, ast.UnaryOp):
        value = _fold(node.operand)
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.Call):
        name = node.func.id
        low, high = ARITY[name]
        if len(node.args) < low or (high is not None and len(node.args) > high):
            raise FormulaError(f"{name}() takes {low if low == high else f'at least {low}'} argument(s)")
        args = [_fold(a) for a in node.args]
        try:
            value = _MATH[name](*args)
        except OverflowError:
            raise FormulaError(f"the number {ast.unparse(node)!r} is too large") from None
        except (ValueError, ZeroDivisionError):
            raise NotFiniteReal(f"{ast.unparse(node)!r} is not a real number") from None
        if not math.isfinite(value) or abs(value) > MAX_LITERAL:
            raise FormulaError(f"the number {ast.unparse(node)!r} is too large")
        return value
    if isinstance(node.op, ast.Pow):
        raise FormulaError("a power of two number literals is not allowed; write the number")
    left, right = _fold(node.left), _fold(node.right)
    try:
        value = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
                 ast.Div: operator.truediv}[type(node.op)](left, right)
    except ZeroDivisionError:
        raise NotFiniteReal(f"the formula divides by zero in {ast.unparse(node)!r}") from None
    if not math.isfinite(value) or abs(value) > MAX_LITERAL:
        raise FormulaError(f"the number {ast.unparse(node)!r} is too large")
    return value


def check_syntax(text: str, symbols: set[str] | frozenset[str]) -> set[str]:
    """Guard ``text`` and return the symbol names it uses. Never imports sympy."""
    symbols = frozenset(symbols)
    reserved = _first_reserved(symbols)
    if reserved:
        raise FormulaError(f"symbol {reserved[0]!r} {reserved[1]}")
    tree = _Guard(symbols).check(text)
    return {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and n.id in symbols}


# A condition's relation, as written, and its Python operator (numpy compares arrays with it).
RELATIONS = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}


def check_condition(text: str, symbols: set[str] | frozenset[str]) -> tuple[str, str, str, set[str]]:
    """Guard a law's condition, one relation between two guarded formulas (``U <= D``), and return
    (left, relation, right, symbol names used). Never imports sympy. A chain (``a < b < c``), ``==``,
    ``and``/``or`` or anything but one relation is refused: each side is checked as a formula is."""
    symbols = frozenset(symbols)
    reserved = _first_reserved(symbols)
    if reserved:
        raise FormulaError(f"symbol {reserved[0]!r} {reserved[1]}")
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"condition is longer than {MAX_LENGTH} characters")
    # spaces around the relation are layout; a line break or tab, even at an end (a YAML block
    # scalar's last newline), is refused as in a law's formula, not stored and shown with it
    stripped = text.strip(" ")
    try:
        tree = ast.parse(stripped, mode="eval") if stripped.isascii() and not unshown_character(stripped) else None
    except (SyntaxError, ValueError):
        tree = None
    body = tree.body if tree is not None else None
    if not (isinstance(body, ast.Compare) and len(body.ops) == 1 and type(body.ops[0]) in RELATIONS):
        if tree is None:  # the guard says why the text is no expression (a character, the syntax)
            _Guard(symbols).check(stripped)
        raise FormulaError("a condition is one relation (<=, <, >=, >) between two formulas, e.g. 'U <= D'")
    left, right = (ast.get_source_segment(stripped, side).strip() for side in (body.left, body.comparators[0]))
    names: set[str] = set()
    for side in (left, right):
        names |= check_syntax(side, symbols)
    return left, RELATIONS[type(body.ops[0])], right, names


@functools.lru_cache(maxsize=64)
def _first_reserved(symbols: frozenset[str]) -> tuple[str, str] | None:
    """A reserved name among ``symbols`` and why (:func:`reserved_reason`), or None: looked up once
    per set of symbols, which a law's formula and each of its definitions are checked against."""
    for name in sorted(symbols):
        reason = reserved_reason(name)
        if reason:
            return name, reason
    return None


def parse(text: str, symbols: tuple[str, ...], positive: bool = True):
    """Parse a guarded formula into a sympy expression over the declared ``symbols``.

    Symbols are declared positive (sizes, counts, fitted constants of power laws); pass
    ``positive=False`` for laws whose parameters may be negative. The formula is built without
    evaluation first and checked, then evaluated within :data:`PARSE_SECONDS`; the result
    must be a real, finite, number-valued expression over ``symbols``.
    """
    # one cache key however it is called: lru_cache keys parse(t, s) and parse(t, s, True) apart,
    # so validate's rule and the compiler's build parsed every formula twice
    return _parse(text, tuple(symbols), bool(positive))


@functools.lru_cache(maxsize=4096)
def _parse(text: str, symbols: tuple[str, ...], positive: bool):
    check_syntax(text, frozenset(symbols))
    import sympy
    from sympy.parsing.sympy_parser import eval_expr, evaluateFalse, standard_transformations, stringify_expr

    local = {name: sympy.Symbol(name, positive=True) if positive else sympy.Symbol(name, real=True) for name in symbols}
    local.update(_functions())
    global_dict = {"__builtins__": {}, **_sympy_atoms()}
    with _building():
        # parse_expr(text, evaluate=False), then evaluate=True, sharing the tokenizing step
        code = stringify_expr(text, local, global_dict, standard_transformations)
        raw = eval_expr(compile(evaluateFalse(code), "<formula>", "eval"), dict(local), dict(global_dict))
        _check_built(raw, symbols, "")
        expr = eval_expr(code, local, global_dict)
        _check_built(expr, symbols, " once evaluated")
    return expr


@contextmanager
def _building():
    """Bound sympy's work on a formula in time, and report its failures as FormulaError."""
    try:
        with time_limit(PARSE_SECONDS):
            yield
    except FormulaError:
        raise
    except TimeoutError:
        raise FormulaError(f"sympy took longer than {PARSE_SECONDS}s to build the formula") from None
    except Exception as exc:  # sympy raises many types; report them uniformly
        raise FormulaError(f"sympy could not build the formula: {exc}") from None


def build(tree: list | tuple, symbols: Mapping[str, Any]):
    """The sympy expression of a formula tree stored at load (:func:`catalog.engine.numeric.tree`: the
    guard's own syntax tree of a validated formula; its nodes lists, or tuples as cache keys
    hold them) over the sympy ``symbols`` by name.

    It applies the operations :func:`parse` evaluates, in the same order, to the same numbers
    and symbols, so it builds the same expression (the tests compare the two for every law of
    the catalog) without parse's cost: no tokenizing, no unevaluated pass. The tree is data:
    an unknown node is an error, and the result is checked as :func:`parse` checks its own."""
    import sympy

    from catalog.engine.numeric import operands_reason

    functions = _functions()
    binary = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv, "**": operator.pow,
              "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}

    def node(n):
        if not isinstance(n, (list, tuple)) or not n or not isinstance(n[0], str):
            raise FormulaError(f"not a formula tree node: {n!r}")
        kind, rest = n[0], n[1:]
        if reason := operands_reason(kind, rest):  # an operand too many would be left out
            raise FormulaError(reason[:200])
        if kind == "num" and len(rest) == 1 and isinstance(rest[0], (int, float)) and not isinstance(rest[0], bool):
            return sympy.Integer(rest[0]) if isinstance(rest[0], int) else sympy.Float(repr(rest[0]))
        if kind == "true":
            return sympy.true
        if kind == "sym" and len(rest) == 1 and rest[0] in symbols:
            return symbols[rest[0]]
        if kind == "neg" and len(rest) == 1:
            return -node(rest[0])
        if kind in binary and len(rest) == 2:
            return binary[kind](node(rest[0]), node(rest[1]))
        if kind == "Piecewise":
            return sympy.Piecewise(*[(node(b[0]), node(b[1])) for b in rest])
        if kind in functions:
            return functions[kind](*[node(a) for a in rest])
        raise FormulaError(f"not a formula tree node: {n!r}")

    with _building():
        expr = node(tree)
        _check_built(expr, tuple(symbols), " once evaluated")
    return expr


@functools.cache
def _functions() -> dict:
    """The functions a formula may call, as sympy builds them."""
    import sympy

    return {
        "exp": sympy.exp, "log": sympy.log, "sqrt": sympy.sqrt, "Abs": sympy.Abs, "Min": sympy.Min,
        "Max": sympy.Max, "Piecewise": sympy.Piecewise, "tanh": sympy.tanh, "erf": sympy.erf,
        "Beta": sympy.beta,
        "log10": lambda x: sympy.log(x, 10), "log2": lambda x: sympy.log(x, 2),
    }


def _check_built(expr, symbols: tuple[str, ...], when: str) -> None:
    """Refuse anything but a finite, real, number-valued expression over ``symbols``."""
    import sympy

    if not isinstance(expr, sympy.Expr):
        kind = ("a comparison" if isinstance(expr, sympy.core.relational.Relational)
                else "a truth value" if isinstance(expr, sympy.logic.boolalg.Boolean)
                else "a tuple" if isinstance(expr, (tuple, sympy.Tuple)) else type(expr).__name__)
        raise FormulaError(f"the formula is {kind}{when}, not a number")
    unknown = sorted(s.name for s in expr.free_symbols if s.name not in symbols)
    if unknown:
        raise Undeclared.of(unknown[:1], when)
    if expr.has(sympy.zoo):
        raise NotFiniteReal(f"the formula divides by zero{when}")
    if expr.has(sympy.nan, sympy.oo, -sympy.oo):
        raise NotFiniteReal(f"the formula is undefined or infinite{when}")
    if expr.has(sympy.I):
        raise NotFiniteReal(f"the formula is not a real number{when}")
    for number in expr.atoms(sympy.Number):
        if isinstance(number, sympy.Integer) and number.p.bit_length() > 1000:
            raise FormulaError(f"a number in the formula has more than 300 digits{when}")
        if abs(float(number)) > MAX_LITERAL:
            raise FormulaError(f"a number in the formula exceeds {MAX_LITERAL:g}{when}")


def can_time_limit() -> bool:
    """Whether :func:`time_limit` bounds a block here: in the main thread (signal handlers run
    there alone), on every platform."""
    return threading.current_thread() is threading.main_thread()


@contextmanager
def time_limit(seconds: float):
    """Raise TimeoutError in the block after ``seconds`` of the process's CPU time (main thread
    only: elsewhere, and where an outer timer fires sooner, the outer bound stays in charge).

    CPU time, not wall time: the bound is on the work, so what it lets finish does not depend on
    the machine's load. With wall time, a derivation taking 0.2 s of CPU was cut at one second on a
    busy machine (two cores, eight processes), and the closed form a load stores came and went.
    Where there is no ``signal.setitimer`` (Windows), :func:`_watched` keeps the same bound."""
    if not can_time_limit():
        yield
        return
    if not hasattr(signal, "setitimer"):
        with _watched(seconds):
            yield
        return
    outer, _ = signal.getitimer(signal.ITIMER_PROF)
    if outer and outer <= seconds:
        yield
        return

    def expire(*_):
        raise TimeoutError(f"took longer than {seconds}s")

    previous = signal.signal(signal.SIGPROF, expire)
    started = time.process_time()
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
        if outer:  # re-arm the outer timer with what is left of it
            signal.setitimer(signal.ITIMER_PROF, max(outer - (time.process_time() - started), 0.001))


WATCH_INTERVAL = 0.01  # seconds between the watcher's looks at the CPU time


@contextmanager
def _watched(seconds: float):
    """:func:`time_limit` without an interval timer: a thread reads the process's CPU time (what
    ITIMER_PROF counts) every :data:`WATCH_INTERVAL` and, past ``seconds``, has the main thread
    run the SIGINT handler (``_thread.interrupt_main``: no signal is sent, so it works on
    Windows), which this block's handler turns into TimeoutError; a real Ctrl-C, or an outer
    limit's, goes on to the handler it replaced. Like the timer, it interrupts Python code
    between bytecodes, so sympy is cut wherever the timer cuts it.

    In-process rather than a worker process with a timeout: the bound covers every use of
    :func:`time_limit` (parsing, derivations, solving) at the cost of a thread, where a worker
    would start an interpreter importing sympy (a second or two on Windows) and pickle laws and
    expressions both ways; sympy itself offers no bound on its work."""
    import _thread

    started = time.process_time()
    done, lock, fired = threading.Event(), threading.Lock(), threading.Event()

    def watch():
        while not done.wait(WATCH_INTERVAL):
            if time.process_time() - started >= seconds:
                with lock:  # never after the block's end: a late interrupt would be a Ctrl-C
                    if not done.is_set():
                        fired.set()
                        _thread.interrupt_main(signal.SIGINT)
                return

    def expire(signum, frame):
        if fired.is_set() and not raised:
            raised.append(True)
            raise TimeoutError(f"took longer than {seconds}s")
        if callable(previous):
            return previous(signum, frame)
        if previous != signal.SIG_IGN:
            raise KeyboardInterrupt

    def settle():  # an interrupt the block ended before is handled here, by this block's handler
        # (the time did run out); in a frame of its own: CPython 3.13.0 skipped the handlers of the
        # frame whose loop a signal handler's exception was raised in
        while fired.is_set() and not raised:
            time.sleep(0)

    raised: list[bool] = []
    previous = signal.signal(signal.SIGINT, expire)
    watcher = threading.Thread(target=watch, name="catalog-time-limit", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        try:
            with lock:
                done.set()
            settle()
        finally:
            signal.signal(signal.SIGINT, previous)
            watcher.join()


@contextmanager
def solver_time_limit(seconds: float):
    """:func:`time_limit` for sympy's solve and simplify: simplify imports sympy.physics.units on
    its first call (0.5 to 2 s, more than a limit of one second on a busy machine), so the import
    is made before the timer starts and the limit bounds the solving alone."""
    import sympy.physics.units.util  # noqa: F401 - what simplify imports lazily

    with time_limit(seconds):
        yield


@functools.lru_cache(maxsize=1)
def _sympy_atoms() -> dict:
    # parse_expr's auto_number/auto_symbol transformations emit Integer/Float/Symbol/Rational.
    import sympy

    # With evaluate=False, operators become these classes called with evaluate=False.
    return {"Integer": sympy.Integer, "Float": sympy.Float, "Symbol": sympy.Symbol, "Rational": sympy.Rational,
            "true": sympy.true, "false": sympy.false, "True": True, "Add": sympy.Add, "Mul": sympy.Mul,
            "Pow": sympy.Pow, "Lt": sympy.Lt, "Le": sympy.Le, "Gt": sympy.Gt, "Ge": sympy.Ge}
