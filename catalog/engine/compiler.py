"""Compiling a law once: its guarded sympy form and the numpy function of
``(inputs..., parameters...)`` (implicit laws: ``(output, inputs..., parameters...)``, the residual
that must vanish), cached per (expression, symbols, form), so every constant set and every call
after the first reuses them. A law read with its stored formula tree (:mod:`catalog.store.lawstore`)
is evaluated by :mod:`catalog.engine.numeric` without sympy.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from catalog import textguard
from catalog.engine import formulas
from catalog.engine.errors import EngineError

if TYPE_CHECKING:
    from catalog.schema import Law



@dataclass(frozen=True)
class Compiled:
    """A law compiled to numpy. ``expr`` keeps parameters symbolic; fixed symbols are
    substituted. ``func`` takes ``(*inputs, *parameters)``; for an implicit law
    ``(output, *inputs, *parameters)`` and returns the residual."""

    expression: str
    form: str
    output: str
    inputs: tuple[str, ...]
    parameters: tuple[str, ...]
    expr: Any
    symbols: dict
    func: Callable

    @property
    def args(self) -> tuple[str, ...]:
        return ((self.output,) if self.form == "implicit" else ()) + self.inputs + self.parameters


def _law_key(law: Law) -> tuple:
    return tuple((n, s.role, s.value) for n, s in law.symbols.items())


def compile_law(law: Law, *, positive: bool = True) -> Compiled:
    """Compile ``law`` (cached). ``positive=False`` declares parameters real instead of positive
    (used when a constant is negative, so sympy does not simplify on a false assumption).

    A law read with its stored formula tree (``law.numeric``, see :mod:`catalog.store.lawstore`) is
    evaluated by :mod:`catalog.engine.numeric` without sympy; its sympy form (``expr``) is built only
    when asked for (solve's closed form, optimal's derivation)."""
    tree = getattr(law, "numeric", None)
    if tree is not None:
        return TreeCompiled.of(law, positive)
    return _compile(law.expanded_expression, law.form, _cached_law_key(law), positive)


_LAW_KEYS: dict[int, tuple] = {}


def _cached_law_key(law: Law) -> tuple:
    """``_law_key`` remembered per law object (a scalar evaluate would spend a tenth of its time
    rebuilding it); the entry keeps the law, so its id cannot be reused while cached."""
    hit = _LAW_KEYS.get(id(law))
    if hit is not None and hit[0] is law:
        return hit[1]
    if len(_LAW_KEYS) > 4096:
        _LAW_KEYS.clear()
    key = _law_key(law)
    _LAW_KEYS[id(law)] = (law, key)
    return key


class TreeCompiled:
    """A :class:`Compiled` from the stored formula tree: ``func`` is numpy on the tree; ``expr``
    and ``symbols`` compile with sympy on first use."""

    def __init__(self, law: Law, positive: bool, definition: str | None = None):
        from catalog.engine import numeric

        symbols = law.symbols
        if definition is None:
            self.expression, self.form, tree = law.expanded_expression, law.form, law.numeric
        else:  # a defined symbol's definition (written out), a function of the law's arguments
            self.expression, self.form = definition, "explicit"
            try:
                tree = numeric.tree(definition, tuple(symbols))
            except formulas.FormulaError as exc:  # a --db not written by catalog load
                raise does_not_parse(definition, exc) from None
        self._key = _law_key(law)
        self._positive = positive
        self.output = next(n for n, s in symbols.items() if s.role == "output")
        self.inputs = tuple(n for n, s in symbols.items() if s.role == "input")
        self.parameters = tuple(n for n, s in symbols.items() if s.role == "parameter")
        fixed = {n: float(s.value) for n, s in symbols.items() if s.role == "fixed"}
        inner = numeric.function(tree, (*self.args, *fixed))
        values = tuple(np.float64(v) for v in fixed.values())
        self.func = (lambda *args: inner(*args, *values)) if values else inner

    @classmethod
    def of(cls, law: Law, positive: bool, defined: str | None = None) -> "TreeCompiled":
        """Compiled once per law view, assumption and defined symbol (the view keeps it)."""
        def built() -> "TreeCompiled":
            return cls(law, positive, None if defined is None else definition_text(law, defined))

        cache = getattr(law, "compiled", None)
        if cache is None:
            return built()
        key = positive if defined is None else (defined, positive)
        if key not in cache:  # a definition is written out only when compiled
            cache[key] = built()
        return cache[key]

    @property
    def args(self) -> tuple[str, ...]:
        return ((self.output,) if self.form == "implicit" else ()) + self.inputs + self.parameters

    @functools.cached_property
    def _symbolic(self) -> Compiled:
        return _compile(self.expression, self.form, self._key, self._positive)

    @property
    def expr(self):
        return self._symbolic.expr

    @property
    def symbols(self) -> dict:
        return self._symbolic.symbols


def sympy_form(law: Law, *, positive: bool = True) -> tuple[Any, dict]:
    """``(expr, symbols by name)``: the law as sympy builds it for :func:`compile_law`, without
    compiling it to numpy (for derivations such as :mod:`catalog.engine.closedforms`)."""
    tree = getattr(law, "numeric", None)
    return _sympy_form(law.expanded_expression, _law_key(law), positive, _frozen(tree) if tree is not None else None)


def compile_definition(law: Law, name: str, *, positive: bool = True) -> Compiled:
    """A defined symbol's definition, written out (it may use earlier definitions), compiled as
    the law is: a function of the law's inputs and parameters (``func(*inputs, *parameters)``).
    A law with its stored tree evaluates the definition as a tree too, without sympy."""
    if getattr(law, "numeric", None) is not None:
        return TreeCompiled.of(law, positive, name)
    return _compile(definition_text(law, name), "explicit", _law_key(law), positive)


def definition_text(law: Law, name: str) -> str:
    """A defined symbol's definition with the earlier definitions it uses written out."""
    from catalog import definitions

    return definitions.expanded_definition(law, name)


def display_form(law: Law, text: str):
    """``text`` (the law's expression as recorded, or a defined symbol's definition) as sympy
    builds it for display: over the law's names, defined and fixed ones included (the printer
    puts a fixed value where its name stands; a small integer is put in), parameters real (as
    the calculator lets people type any parameter value). Built from a formula tree (:func:`tree_of`:
    the site prints every law's)."""
    return _sympy_form(text, display_key(law), False, tree_of(law, text))[0]


def display_tree(law: Law, text: str) -> tuple[tuple, tuple[tuple[str, int], ...]]:
    """The formula tree of ``text`` and the fixed values :func:`display_form` puts in (name, small
    integer): what :func:`catalog.publish.written.written` builds the formula as written from."""
    return tree_of(law, text), tuple((n, v) for n, r, v in display_key(law) if r == "fixed")


def display_key(law: Law) -> tuple:
    """The law's symbols as :func:`display_form` builds over them: a fixed one as a parameter
    (its value printed where its name stands), but a small integer."""
    return tuple((n, "parameter", None) if role == "fixed" and not _small_integer(value) else (n, role, value)
                 for n, role, value in _law_key(law))


def put_in(law: Law) -> frozenset[int]:
    """The fixed values :func:`display_form` puts into the formula (small integers): where one
    stood under a root, sympy takes its root out (sqrt(16 x) is 4 sqrt(x)), and the printer puts
    it back (:func:`catalog.publish.typeset.rooted`)."""
    return frozenset(s.value for s in law.symbols.values() if s.role == "fixed" and _small_integer(s.value))


def tree_of(law: Law, text: str) -> tuple:
    """The formula tree of ``text``, a cache key: the stored one when ``text`` is what it holds,
    else the guard's (a recorded expression over defined names, a definition). sympy builds
    the parser's expression from it (tested for every law) at a fraction of parse's cost."""
    tree = getattr(law, "numeric", None) if text == law.expanded_expression else None
    if tree is not None:
        return _frozen(tree)
    try:
        return _guarded_tree(text, tuple(law.symbols))
    except formulas.FormulaError as exc:
        raise does_not_parse(text, exc) from None


@functools.lru_cache(maxsize=2048)
def _guarded_tree(text: str, names: tuple[str, ...]) -> tuple:
    from catalog.engine import numeric

    return _frozen(numeric.tree(text, names))


def _small_integer(value) -> bool:
    """A fixed value sympy may put into a displayed formula: a small integer becomes a coefficient
    as a paper writes it (6 N D, 20 N); any other value would be multiplied out (1.1574e-20 C)."""
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) < 10_000


def _frozen(tree):
    """A stored formula tree as nested tuples (hashable: a cache key)."""
    return tuple(_frozen(n) for n in tree) if isinstance(tree, list) else tree


@functools.lru_cache(maxsize=2048)
def _sympy_form(expression: str, symbols: tuple, positive: bool, tree: tuple | None = None) -> tuple[Any, dict]:
    """The expression (:func:`_built`) with the values of the fixed symbols put in."""
    sized = tuple(n for n, r, _ in symbols if r in ("input", "output", "defined"))
    expr, table = _built(expression, tuple(n for n, _, _ in symbols), sized, positive, tree)
    fixed = {table[n]: sympy_number(v) for n, r, v in symbols if r == "fixed"}
    return (expr.xreplace(fixed) if fixed else expr), dict(table)


@functools.lru_cache(maxsize=2048)
def _built(expression: str, names: tuple, sized: tuple, positive: bool, tree: tuple | None) -> tuple[Any, dict]:
    """Parsed from ``expression``, or built from its stored ``tree`` when the law has one: the
    same expression at a fraction of the cost (the site builds every law's). Cached before any
    value is put in: a law's displayed formula (a fixed symbol kept) and its JavaScript (the
    value put in) share one build."""
    import sympy

    # inputs and the output (``sized``) are sizes and quantities: positive in any case
    table = {n: sympy.Symbol(n, positive=True) if positive or n in sized else sympy.Symbol(n, real=True)
             for n in names}
    try:
        if tree is not None:  # each symbol built with its final assumptions
            expr = formulas.build(tree, table)
        else:
            expr = formulas.parse(expression, names, positive)
    except formulas.FormulaError as exc:
        raise does_not_parse(expression, exc) from None
    if tree is None and not positive:  # parse declared every symbol real: make inputs and output positive
        by_name = {s.name: s for s in expr.free_symbols}
        expr = expr.xreplace({by_name[n]: table[n] for n in sized if n in by_name})
    return expr, table


QUOTED = 200  # characters of a formula an error quotes (one of a --db no load wrote may be 20,000)


def does_not_parse(expression: str, exc: Exception) -> EngineError:
    return EngineError(f"the formula {textguard.quoted(expression, QUOTED)} does not parse: {exc}")


def lambdify(args, expr, **options) -> Callable:
    """``sympy.lambdify`` into numpy, as every compiled formula is made. Euler's Beta function
    (and the digamma terms of its derivatives) go to scipy.special under names no symbol may
    take: sympy's own printers write ``math.gamma`` ratios, which refuse arrays and overflow
    past 171, or the bare name ``beta``, which a law's exponent ``beta`` would shadow. numpy has
    no erf either (sympy's printer leaves the name, which math.erf would take, refusing arrays):
    it goes to scipy.special.erf, a name no symbol may take."""
    import sympy

    erf, beta = _calls(expr, sympy.erf), _calls(expr, sympy.beta)
    special: dict[str, Callable] = {}
    if erf or beta:
        from scipy import special as scipy_special

        if erf:
            special["erf"] = scipy_special.erf
        if beta:
            special.update(_slc_beta=scipy_special.beta, _slc_polygamma=scipy_special.polygamma)
            options["printer"] = _beta_printer()
    return sympy.lambdify(args, expr, modules=[special, "numpy"] if special else "numpy", **options)


def _calls(expr, function) -> bool:
    """Whether ``expr`` (or any expression of a list, as the fit compiles) calls ``function``."""
    import sympy

    parts = expr if isinstance(expr, (list, tuple)) else [expr]
    return any(isinstance(p, sympy.Basic) and p.has(function) for p in parts)


@functools.cache
def _beta_printer():
    from sympy.printing.numpy import NumPyPrinter

    class BetaPrinter(NumPyPrinter):
        def _print_beta(self, expr):
            return f"_slc_beta({', '.join(self._print(a) for a in expr.args)})"

        def _print_polygamma(self, expr):
            return f"_slc_polygamma({', '.join(self._print(a) for a in expr.args)})"

        def _print_erf(self, expr):  # scipy's, as without this printer (lambdify's modules map the name)
            return f"erf({self._print(expr.args[0])})"

    return BetaPrinter


@functools.lru_cache(maxsize=2048)
def _compile(expression: str, form: str, symbols: tuple, positive: bool) -> Compiled:
    expr, table = _sympy_form(expression, symbols, positive)
    output = next(n for n, r, _ in symbols if r == "output")
    inputs = tuple(n for n, r, _ in symbols if r == "input")
    parameters = tuple(n for n, r, _ in symbols if r == "parameter")
    args = [table[n] for n in ((output,) if form == "implicit" else ()) + inputs + parameters]
    func = lambdify(args, expr, cse=True, docstring_limit=0)
    return Compiled(expression, form, output, inputs, parameters, expr, table, func)


def sympy_number(value: float | int):
    import sympy

    return sympy.Integer(value) if isinstance(value, int) else sympy.Float(repr(float(value)))
