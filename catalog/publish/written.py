"""A formula as its record writes it, for printing only: sympy built from the guard's syntax
tree without evaluation, so the printer keeps the written order of terms and factors
(E + A/N**alpha + B/D**beta, not sympy's canonical A N^{-alpha} + B D^{-beta} + E; k_N*C**a,
not C^{a} k_{N}; 1 + (C_mid/C)**B, not (C_mid/C)^{B} + 1) and a quotient as a fraction.

Its symbols carry no assumptions: the printer asks an exponent's sign to place a power over
or under the line, which over assumed symbols can cost a simplify per power (the is_constant()
test), and a written quotient is under the line anyway. Its value is the evaluated
expression's (the tests compare them for every law); nothing evaluates it.
"""

from __future__ import annotations

import functools

from catalog.engine import formulas


@functools.lru_cache(maxsize=4096)
def written(tree: tuple, numbers: tuple[tuple[str, int], ...], negative: frozenset[str]):
    """The unevaluated expression of a formula ``tree`` (nested tuples, as
    :func:`catalog.engine.numeric.tree` stores it): ``numbers``' names as those integers (a
    fixed value put in), ``negative``'s as minus a symbol of that name (its printed magnitude
    goes there and the printer places the sign), any other name a symbol."""
    import sympy

    put = dict(numbers)
    functions = {**formulas._functions(), "log10": _based(10), "log2": _based(2)}

    def neg(x):
        return -x if x.is_Number else mul(sympy.S.NegativeOne, x)

    def mul(*factors):
        """The product, flat, its signs gathered in one leading -1 (a - b*x with b < 0 prints
        a + b x, not a - - b x) and its numbers first."""
        args = [a for f in factors for a in (f.args if f.is_Mul and not _negated(f) else (f,))]
        flat = []
        sign = 1
        for a in args:
            if _negated(a):
                sign = -sign
                flat.append(a.args[1])
            elif a == sympy.S.NegativeOne:
                sign = -sign
            elif a == sympy.S.One:  # 1/x: \frac{1}{x}, not 1 \frac{1}{x}
                continue
            else:
                flat.append(a)
        # a number leads its product, as sympy and the papers write it (16 b, not b 16)
        flat = [a for a in flat if a.is_Number] + [a for a in flat if not a.is_Number]
        if sign < 0:
            flat.insert(0, sympy.S.NegativeOne)
        if not flat:
            return sympy.S.One
        return sympy.Mul(*flat, evaluate=False) if len(flat) > 1 else flat[0]

    def node(n):
        kind, rest = n[0], n[1:]
        if kind == "num":
            return sympy.Integer(rest[0]) if isinstance(rest[0], int) else sympy.Float(repr(rest[0]))
        if kind == "true":
            return sympy.true
        if kind == "sym":
            name = rest[0]
            if name in put:
                return sympy.Integer(put[name])
            s = sympy.Symbol(name)
            return sympy.Mul(sympy.S.NegativeOne, s, evaluate=False) if name in negative else s
        if kind == "neg":
            return neg(node(rest[0]))
        if kind in ("+", "-"):
            left, right = node(rest[0]), node(rest[1])
            if kind == "-":
                right = neg(right)
            return sympy.Add(*sympy.Add.make_args(left), right, evaluate=False)
        if kind == "*":
            return mul(node(rest[0]), node(rest[1]))
        if kind == "/":
            left, right = node(rest[0]), node(rest[1])
            if right.is_Mul and right.args[0] == -1:  # a/(-b) as -a/b: no (-1) under the line
                left, right = neg(left), mul(*right.args[1:])
            return mul(left, sympy.Pow(right, -1, evaluate=False))
        if kind == "**":
            return sympy.Pow(node(rest[0]), node(rest[1]), evaluate=False)
        if kind in ("<", "<=", ">", ">="):
            cls = {"<": sympy.Lt, "<=": sympy.Le, ">": sympy.Gt, ">=": sympy.Ge}[kind]
            return cls(node(rest[0]), node(rest[1]), evaluate=False)
        if kind == "Piecewise":
            return sympy.Piecewise(*[(node(b[0]), node(b[1])) for b in rest], evaluate=False)
        if kind == "sqrt":
            return sympy.Pow(node(rest[0]), sympy.S.Half, evaluate=False)
        if kind == "log" and len(rest) == 2:
            base = node(rest[1])
            if base.is_Integer and int(base) in (10, 2):
                return _based(int(base))(node(rest[0]))
            over = sympy.Pow(sympy.log(base, evaluate=False), -1, evaluate=False)
            return mul(sympy.log(node(rest[0]), evaluate=False), over)
        return functions[kind](*[node(a) for a in rest], evaluate=False)

    return node(tree)


def _negated(x) -> bool:
    """Minus a symbol: a negative value's stand-in, or a written -x."""
    return x.is_Mul and len(x.args) == 2 and x.args[0] == -1 and x.args[1].is_Symbol


def _based(base: int):
    from catalog.publish.typeset import _based_log

    return _based_log(base)


def latex(expr, **settings) -> str:
    """``sympy.latex`` of a written formula, in its order (order='none')."""
    return _printer()(settings={"order": "none", **settings}).doprint(expr)


@functools.cache
def _printer():
    from sympy.printing.latex import LatexPrinter

    class WrittenLatex(LatexPrinter):
        def _print_Mul(self, expr):
            # minus a sum: sympy sets it in bare parentheses, e^{- (a + b)}, which do not grow
            # around a fraction inside; set them as it sets a sum's elsewhere
            if len(expr.args) == 2 and expr.args[0] == -1 and expr.args[1].is_Add:
                return rf"- \left({self._print(expr.args[1])}\right)"
            return super()._print_Mul(expr)

    return WrittenLatex
