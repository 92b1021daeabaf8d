"""A law's formula as data: the guarded syntax tree serialised as JSON, and a small numpy
evaluator for it.

The database stores, next to each validated law, the formula's checked syntax tree
(:func:`tree`) as plain JSON: nested lists such as ``["+", ["sym", "E"], ["/", ["sym", "A"],
["**", ["sym", "N"], ["sym", "alpha"]]]]``. Evaluating it (:func:`function`) needs neither
sympy nor any code from the database: the tree is data, read by a fixed set of numpy
operations; an unknown node is an error, never executed. Reading a law back this way is what
lets ``catalog eval`` start in a fraction of a second.

Only the node kinds the formula guard (:mod:`catalog.engine.formulas`) admits can occur: numbers,
declared symbols, ``+ - * / **``, unary minus, one comparison, and calls of the whitelisted
functions (``Piecewise`` with ``(value, condition)`` branches).
"""

from __future__ import annotations

import ast
import functools
import json
import math
from collections.abc import Callable, Sequence

from catalog import definitions
from catalog.engine import formulas

TREE_VERSION = 2  # 2: integer literals stay integers (sympy builds Integer, not Float, from them)

_BINARY = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}
_COMPARE = {ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}


def _invalid_record():
    from catalog.store.recordview import InvalidRecord  # no numpy, no pydantic: textguard only

    return InvalidRecord


class TreeError(_invalid_record()):
    """A tree that is not one this module writes. Stored in a database (``laws.numeric_json``),
    one was not written by ``catalog load``: an :class:`catalog.store.recordview.InvalidRecord`,
    which the command line reports as such."""


def tree(expression: str, symbols: Sequence[str]) -> list:
    """The guarded syntax tree of ``expression`` over ``symbols`` as JSON-able lists (raises
    :class:`catalog.engine.formulas.FormulaError` for a formula the guard refuses)."""
    formulas.check_syntax(expression, frozenset(symbols))
    return _node(ast.parse(expression, mode="eval").body)


def _node(node: ast.AST) -> list:
    """The tree of a guarded syntax node. Strict, though the guard ran first: :func:`matches_text`
    reads an expression of a database no load wrote with it, where an operand left out (a second
    comparison, ``~x`` read as ``x``) would let the text show another formula than the tree's."""
    if isinstance(node, ast.Constant):
        if node.value is True:
            return ["true"]
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            raise TreeError(f"a literal {type(node.value).__name__} cannot be stored")
        return ["num", node.value if isinstance(node.value, int) else float(node.value)]
    if isinstance(node, ast.Name):
        return ["sym", node.id]
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        return [_BINARY[type(node.op)], _node(node.left), _node(node.right)]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        inner = _node(node.operand)
        return ["neg", inner] if isinstance(node.op, ast.USub) else inner
    if isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in _COMPARE:
        return [_COMPARE[type(node.ops[0])], _node(node.left), _node(node.comparators[0])]
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords:
        name = node.func.id
        if name == "Piecewise":
            return ["Piecewise", *[[_node(a.elts[0]), _node(a.elts[1])] if isinstance(a, ast.Tuple) and len(a.elts) == 2
                                   else [_node(a), ["true"]] for a in node.args]]
        return [name, *[_node(a) for a in node.args]]
    raise TreeError(f"{type(node).__name__} cannot be stored")  # the guard refuses it first


def matches_text(stored: list, text: str) -> bool:
    """Whether ``stored`` is the tree :func:`tree` writes of ``text``: of a database no load wrote,
    a law's stored tree is what the engine evaluates and its expression what every output shows,
    so the two must be one formula. Python's parser alone (some 40 us a law, no numpy or sympy:
    the guard's names check imports numpy, which show does not need); the guard's other rules bound
    what sympy builds, and the evaluator and :func:`catalog.engine.formulas.build` read the tree as
    data. A comment or a line break is never part of a formula (:func:`formulas.unshown_character`)."""
    if not isinstance(text, str) or len(text) > definitions.MAX_EXPANDED or formulas.unshown_character(text):
        return False
    try:
        return json.dumps(_node(ast.parse(text, mode="eval").body)) == json.dumps(stored)
    except (SyntaxError, ValueError, TypeError, RecursionError, MemoryError):  # TreeError is a ValueError
        return False


def stored_text(law) -> str | None:
    """What ``catalog load`` stores with a validated law (``laws.numeric_json``, without the
    constant-set comparisons): its formula tree and closed forms (:mod:`catalog.engine.closedforms`,
    from the cache of printed forms once derived), as JSON; None when the formula cannot be stored."""
    from catalog.engine import closedforms

    try:
        data = {"version": TREE_VERSION, "tree": tree(law.expanded_expression, tuple(law.symbols))}
    except (formulas.FormulaError, TreeError):
        return None
    closed = closedforms.derive(law)
    if closed:
        data["closed"] = closed
    return json.dumps(data)


def attach(law, stored: str | None) -> None:
    """Give a law read from the database (:mod:`catalog.store.recordview`) its stored formula tree,
    closed forms and constant-set comparisons (``laws.numeric_json``), when of this version."""
    try:
        data = json.loads(stored or "null")
    except (ValueError, RecursionError):
        data = _unreadable(law, "is not JSON, or nests too deep")
    if data is not None and not isinstance(data, dict):
        data = _unreadable(law, "is not a JSON object")
    if data and data.get("version") == TREE_VERSION:
        if not isinstance(data.get("tree"), list):
            _unreadable(law, "is missing")
        check_stored(law, data, stored)
        # object.__setattr__: also on a pydantic Law (the site's), whose validation refuses
        # attributes outside its fields; they stay out of its dumps
        object.__setattr__(law, "numeric", data["tree"])
        object.__setattr__(law, "closed_forms", data.get("closed", {}))
        object.__setattr__(law, "comparisons", data.get("compared"))


# A stored tree is the guard's syntax tree of a formula nesting at most formulas.MAX_DEPTH levels,
# each a list (a Piecewise branch one more), and the terms of a sum or product one list each (the
# parser's left spine: each term an operation and an operand of formulas.MAX_NODES): deeper, one
# from a --db no load wrote would run every recursive reader (the evaluator, sympy's build,
# closed-form search) out of stack.
MAX_TREE_DEPTH = 2 * formulas.MAX_DEPTH + 2 + formulas.MAX_NODES // 2


def _tree_reason(tree) -> str | None:
    """Why ``tree`` is no formula tree ``catalog load`` stores, as far as its shape tells: lists
    nesting deeper than :data:`MAX_TREE_DEPTH` (walked without recursion: the tree may nest too
    deep for it), or holding a JSON object or null (a dict is no cache key: a TypeError)."""
    stack = [(tree, 1)] if isinstance(tree, list) else []
    while stack:
        node, depth = stack.pop()
        if depth > MAX_TREE_DEPTH:
            return f"nests deeper than {MAX_TREE_DEPTH} levels, past any formula catalog load stores"
        for item in node:
            if isinstance(item, list):
                stack.append((item, depth + 1))
            elif not isinstance(item, (str, int, float)):
                return f"holds {'null' if item is None else 'a JSON object'}, which no formula tree does"
    return None


def _unreadable(law, why: str):
    raise TreeError(f"the database's formula tree of law {getattr(law, 'id', '?')!r} {why}")


def check_stored(law, data: dict, text: str | None = None) -> None:
    """Raise :class:`TreeError` unless ``data`` (``laws.numeric_json`` read, or a cached closed
    form: :mod:`catalog.engine.closedforms`) is what ``catalog load`` writes for ``law``: text no record may hold (an escape sequence in a symbol
    name or a closed form's text, printed by show and optimal) and shapes the readers index
    (a comparison's primary set and point, a closed form's inputs) are refused, not trusted.
    ``text``: the JSON ``data`` was read from, scanned for a refused character first as a record's
    is (recordview.suspect): walking every string of every tree was a sixth of predict's reading."""
    from catalog.store.recordview import suspect, check_text, number_reason

    if text is None or suspect(text):
        check_text(data, repr(getattr(law, "id", "?")), "numeric_json")
    sets = {getattr(c, "id", None) for c in getattr(law, "constant_sets", None) or []}
    inputs = set(law.input_symbols) if hasattr(law, "input_symbols") else set()
    closed, compared = data.get("closed", {}), data.get("compared")
    optimum = closed.get("optimum") if isinstance(closed, dict) else None
    if not isinstance(closed, dict) or (optimum is not None and not (
            isinstance(optimum, dict) and isinstance(optimum.get("n"), str) and isinstance(optimum.get("d"), str)
            and (optimum.get("none") is True or (isinstance(optimum.get("text"), str)
                                                  and isinstance(optimum.get("tree"), list))))):
        _unreadable(law, "holds closed forms that catalog load does not write")
    for tree in (data["tree"], optimum.get("tree") if isinstance(optimum, dict) else None):
        if reason := _tree_reason(tree):
            _unreadable(law, reason)
    # one formula shown, another evaluated: the expression (its definitions written out) and the
    # closed form's text are what show, tables and optimal print
    if not matches_text(data["tree"], law.expanded_expression):
        _unreadable(law, "is not the tree of its expression (the formula shown would not be the one evaluated)")
    if isinstance(optimum, dict) and "tree" in optimum and not matches_text(optimum["tree"], optimum["text"]):
        _unreadable(law, "holds a closed form whose tree is not the tree of its text")
    # the values compared are numbers a record may hold (finite, 64-bit integers, no truth value):
    # show formats them, and a 400-digit integer overflowed there
    if compared is not None and not (isinstance(compared, dict) and all(
            k in sets and isinstance(v, dict) and v.get("primary") in sets and isinstance(v.get("point"), dict)
            and all(n in inputs and not number_reason(x) for n, x in v["point"].items())
            and not number_reason(v.get("used")) and not number_reason(v.get("primary_value"))
            for k, v in compared.items())):
        _unreadable(law, "holds constant-set comparisons that catalog load does not write")


# --------------------------------------------------------------------------------------------
# evaluating: the tree becomes nested closures once; each call is plain numpy


def _erf(x):
    from scipy.special import erf  # only laws using erf pay for scipy

    return erf(x)


def _beta(a, b):
    from scipy.special import beta  # Euler's Beta function, finite where the gamma ratio overflows

    return beta(a, b)


@functools.cache
def _operations() -> tuple[dict[str, Callable], dict[str, Callable]]:
    """The numpy functions a tree's nodes name (numpy is imported on first evaluation, so
    reading a record with its tree, as ``catalog show`` does, never pays for it)."""
    import numpy as np

    unary = {"exp": np.exp, "sqrt": np.sqrt, "Abs": np.abs, "tanh": np.tanh, "erf": _erf,
             "log10": np.log10, "log2": np.log2}
    binary = {"+": np.add, "-": np.subtract, "*": np.multiply, "/": np.true_divide, "**": np.power,
              "<": np.less, "<=": np.less_equal, ">": np.greater, ">=": np.greater_equal}
    return unary, binary


# How many operands each node kind :func:`tree` writes has (least, most; None: no bound): the
# functions as the guard admits their calls (formulas.ARITY)
_OPERANDS = {"num": (1, 1), "true": (0, 0), "sym": (1, 1), "neg": (1, 1),
             **{kind: (2, 2) for kind in (*_BINARY.values(), *_COMPARE.values())}, **formulas.ARITY}


def operands_reason(kind: str, rest: list) -> str | None:
    """Why a node ``[kind, *rest]`` is no node :func:`tree` writes, as far as its operands tell
    (their count; a Piecewise branch a (value, condition) pair), or None: a reader that took the
    operands it needs would evaluate ``["exp", x, y]`` as exp(x), a formula no record holds."""
    if kind not in _OPERANDS:
        return f"unknown formula tree node {kind!r}"
    low, high = _OPERANDS[kind]
    if len(rest) < low or (high is not None and len(rest) > high):
        return f"a formula tree node {kind!r} with {len(rest)} operand(s)"
    if kind == "Piecewise" and not all(isinstance(b, (list, tuple)) and len(b) == 2 for b in rest):
        return "a Piecewise branch that is no (value, condition) pair"
    return None


def _build(node, slots: dict[str, int]) -> Callable:
    """A function of the argument tuple computing ``node``."""
    import numpy as np

    unary_functions, binary_ops = _operations()
    if not isinstance(node, list) or not node or not isinstance(node[0], str):
        raise TreeError(f"not a formula tree node: {node!r}")
    kind, rest = node[0], node[1:]
    if reason := operands_reason(kind, rest):
        raise TreeError(reason[:200])
    if kind == "num":
        if isinstance(rest[0], bool) or not isinstance(rest[0], (int, float)):
            raise TreeError(f"not a number of a formula tree: {rest!r}"[:200])
        value = np.float64(rest[0])  # numpy numbers: 0.0**-1 gives inf (reported), not an exception
        return lambda args: value
    if kind == "true":
        return lambda args: True
    if kind == "sym":
        if rest[0] not in slots:
            raise TreeError(f"unknown symbol {rest[0]!r} in a formula tree")
        index = slots[rest[0]]
        return lambda args: args[index]
    if kind == "neg":
        inner = _build(rest[0], slots)
        return lambda args: np.negative(inner(args))
    if kind in binary_ops:
        op, left, right = binary_ops[kind], _build(rest[0], slots), _build(rest[1], slots)
        return lambda args: op(left(args), right(args))
    parts = [_build(a, slots) for a in rest] if kind != "Piecewise" else None
    if kind == "Beta" and len(rest) == 2:
        first, second = parts
        return lambda args: _beta(first(args), second(args))
    if kind in unary_functions and len(rest) == 1:
        fn, inner = unary_functions[kind], parts[0]
        return lambda args: fn(inner(args))
    if kind == "log":
        if len(rest) == 1:
            inner = parts[0]
            return lambda args: np.log(inner(args))
        value, base = parts
        return lambda args: np.true_divide(np.log(value(args)), np.log(base(args)))
    if kind in ("Min", "Max") and parts:
        fold = np.minimum if kind == "Min" else np.maximum

        def extreme(args):
            out = parts[0](args)
            for p in parts[1:]:
                out = fold(out, p(args))
            return out

        return extreme
    if kind == "Piecewise":
        if not all(isinstance(c, list) and c and c[0] in ("true", *_COMPARE.values()) for _, c in rest):
            raise TreeError("a Piecewise condition that is no comparison")
        branches = [(_build(v, slots), _build(c, slots)) for v, c in rest]

        def piecewise(args):
            values = [v(args) for v, _ in branches]
            conditions = [c(args) for _, c in branches]
            shape = np.broadcast_shapes(*(np.shape(x) for x in (*values, *conditions)))
            return np.select([np.broadcast_to(c, shape) for c in conditions],
                             [np.broadcast_to(np.asarray(v, dtype=float), shape) for v in values], default=np.nan)

        return piecewise
    raise TreeError(f"unknown formula tree node {kind!r}")


def function(node: list, argument_names: Sequence[str]) -> Callable:
    """``f(*values)`` evaluating the tree with ``argument_names[i]`` bound to ``values[i]``."""
    try:  # a tree read from a database: what catalog load never writes is a TreeError, not a crash
        root = _build(node, {name: i for i, name in enumerate(argument_names)})
    except (IndexError, KeyError, TypeError, ValueError, OverflowError, RecursionError) as exc:
        if isinstance(exc, TreeError):
            raise
        raise TreeError(f"not a formula tree catalog load writes ({type(exc).__name__})") from None

    def evaluate(*values):
        return root(values)

    return evaluate


def _finite(value: float) -> bool:
    return math.isfinite(value)
