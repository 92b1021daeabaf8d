"""A formula as its record writes it, for printing only: sympy built from the guard's syntax
tree without evaluation, so the printer keeps the written order of terms and factors
(E + A/N**alpha + B/D**beta, not sympy's canonical A N^{-alpha} + B D^{-beta} + E; k_N*C**a,
not C^{a} k_{N}; 1 + (C_mid/C)**B, not (C_mid/C)^{B} + 1) and a quotient as a fraction.

Its symbols carry no assumptions: the printer asks an exponent's sign to place a power over
or under the line, which over assumed symbols can cost a simplify per power (the is_constant()
test), and a written quotient is under the line anyway. Its value is the evaluated
expression's (the tests compare them for every law); nothing evaluates it.

One tree, three printers: :func:`latex` (the site, LaTeX tables), :func:`text` (a table's text,
CSV and Markdown column; read back by the guarded parser as the law's expression, tested for every
law) and :func:`pretty` (``show --pretty``).
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
        if sign < 0 and flat and flat[0].is_Number:  # - 2 a, not (-1) 2 a
            flat[0] = -flat[0]
        elif sign < 0:
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
            if right.is_Mul and right.args[0].is_Number and right.args[0] < 0:  # a/(-b) as -a/b: no sign under the line
                left, right = neg(left), mul(-right.args[0], *right.args[1:])
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
        if kind in ("Min", "Max"):
            return _in_order(kind)(*[node(a) for a in rest])
        if kind == "log" and len(rest) == 2:
            base = node(rest[1])
            if base.is_Integer and int(base) in (10, 2):
                return _based(int(base))(node(rest[0]))
            return _log_in_base()(node(rest[0]), base)
        return functions[kind](*[node(a) for a in rest], evaluate=False)

    return node(tree)


def _negated(x) -> bool:
    """Minus a symbol: a negative value's stand-in, or a written -x."""
    return x.is_Mul and len(x.args) == 2 and x.args[0] == -1 and x.args[1].is_Symbol


@functools.cache
def _in_order(name: str):
    """Min or Max with its arguments in the written order (Min(Max(a, b), 0), not Min(0, Max(b, a))):
    sympy orders them even unevaluated, and its LaTeX printer sorts them again. Prints as sympy
    prints the function (\\min, Min), evaluates to it."""
    import sympy

    evaluated = getattr(sympy, name)

    class InOrder(sympy.Function):
        def _latex(self, printer, exp=None):
            tex = rf"\{name.lower()}\left({', '.join(printer._print(a) for a in self.args)}\right)"
            return tex if exp is None else f"{tex}^{{{exp}}}"

        def _sympystr(self, printer):
            return f"{name}({printer.stringify(self.args, ', ')})"

        def _eval_evalf(self, prec):
            return evaluated(*self.args)._eval_evalf(prec)

    InOrder.__name__ = InOrder.__qualname__ = name
    return InOrder


@functools.cache
def _log_in_base():
    """log(x, b) as written, \\log_{b}, for any other base b (bytedance2025's log(L_ocr, base)):
    sympy builds log(x)/log(b), which printed \\frac{\\ln{\\left(x \\right)}}{\\ln{\\left(b \\right)}}.
    Evaluates to that quotient."""
    import sympy

    class LogInBase(sympy.Function):
        nargs = 2

        def _latex(self, printer, exp=None):
            x, base = (printer._print(a) for a in self.args)
            power = "" if exp is None else f"^{{{exp}}}"
            return rf"\log_{{{base}}}{power}{{\left({x} \right)}}"

        def _sympystr(self, printer):
            return f"log({printer.stringify(self.args, ', ')})"

        def _eval_rewrite_as_log(self, x, base, **kwargs):
            return sympy.log(x) / sympy.log(base)

        def _eval_evalf(self, prec):
            return self.rewrite(sympy.log)._eval_evalf(prec)

    LogInBase.__name__ = LogInBase.__qualname__ = "log"
    return LogInBase


def _based(base: int):
    from catalog.publish.typeset import _based_log

    return _based_log(base)


def latex(expr, **settings) -> str:
    """``sympy.latex`` of a written formula, in its order (order='none')."""
    return _printer()(settings={"order": "none", **settings}).doprint(expr)


@functools.cache
def _printer():
    import sympy
    from sympy.printing.latex import LatexPrinter

    class WrittenLatex(LatexPrinter):
        def _print_Mul(self, expr):
            # minus a sum: sympy sets it in bare parentheses, e^{- (a + b)}, which do not grow
            # around a fraction inside; set them as it sets a sum's elsewhere
            if len(expr.args) == 2 and expr.args[0] == -1 and expr.args[1].is_Add:
                return rf"- \left({self._print(expr.args[1])}\right)"
            # one divisor that is itself a quotient, eps/((a + b)/2): sympy splits it into its
            # factors, \frac{eps}{\left(a + b\right) \frac{1}{2}}; set it whole, as written
            divisors = [f for f in expr.args if _inverse(f)]
            if len(divisors) == 1 and _quotient(divisors[0].base):
                over = [f for f in expr.args if f is not divisors[0]]
                sign = "- " if over and over[0] is sympy.S.NegativeOne else ""
                return sign + self._over(over[1:] if sign else over, divisors[0].base)
            return super()._print_Mul(expr)

        def _over(self, over: list, under) -> str:
            top = self._print(sympy.Mul(*over, evaluate=False)) if over else "1"
            return rf"\frac{{{top}}}{{{self._print(under)}}}"

        def _print_Float(self, expr):
            # a literal's shortest digits as a constant's (10^{9}, not 1.0 \cdot 10^{9})
            from catalog.publish import typeset

            value = float(expr)
            return ("-" if value < 0 else "") + typeset.magnitude(None, value)

        def _print_Pow(self, expr):
            if _inverse(expr) and _quotient(expr.base):  # 1/(N/a), as _print_Mul sets a quotient under the line
                return self._over([], expr.base)
            # a literal in scientific notation under a power: (10^{9})^{2}, not {10^{9}}^{2}
            if expr.base.is_Float and expr.exp not in (sympy.S.NegativeOne, sympy.S.Half):
                base = self._print(expr.base)
                if "^" in base:
                    return rf"\left({base}\right)^{{{self._print(expr.exp)}}}"
            return super()._print_Pow(expr)

        def _print_beta(self, expr, exp=None):
            # sympy sets Beta's arguments by str(): B(alpha, beta), a value never put in for them
            power = "" if exp is None else f"^{{{exp}}}"
            return rf"\operatorname{{B}}{power}\left({', '.join(self._print(a) for a in expr.args)}\right)"

    return WrittenLatex


def _quotient(x) -> bool:
    """A product with a written divisor (a/b, (a + b)/2)."""
    return x.is_Mul and any(_inverse(f) for f in x.args)


def text(expr, names: dict[str, str] | None = None) -> str:
    """A written formula in sympy syntax, in its order: ``E + A/N**alpha + B/D**beta``, each
    quotient as written (sympy's StrPrinter sets an unevaluated one as ``A/(N**alpha)``);
    ``names``: the text printed for a symbol (a constant's digits), else its name. The guarded
    parser reads it back as the formula (the tests do, for every law)."""
    return _text_printer()({"names": names or {}}).doprint(expr)


def pretty(expr, names: dict | None = None, unicode: bool = True) -> str:
    """sympy's pretty print (Unicode, or ASCII art unless ``unicode``) of a written formula, or of an
    equation of one, in its order; ``names``: the symbol printed for a symbol's name (alpha_star as α*)."""
    from sympy.printing.pretty.pretty_symbology import pretty_use_unicode

    printer = _pretty_printer()({"order": "none", "use_unicode": unicode, "names": names or {}})
    unicode = pretty_use_unicode(unicode)  # as sympy.pretty sets it for the printing
    try:
        return printer.doprint(expr)
    finally:
        pretty_use_unicode(unicode)


def _inverse(x) -> bool:
    """A written quotient's divisor: x**-1 of written's ``/`` (or of a written ``x**(-1)``)."""
    import sympy

    return x.is_Pow and x.exp is sympy.S.NegativeOne


@functools.cache
def _text_printer():
    import sympy
    from sympy.printing.precedence import PRECEDENCE, precedence
    from sympy.printing.str import StrPrinter

    from catalog.publish import typeset

    def level(x) -> int:
        """The precedence of ``x`` as printed here: a divisor prints as a quotient (1/x), a square
        root as a call; minus anything as a sum (sympy's own test for an unevaluated product)."""
        if _inverse(x):
            return PRECEDENCE["Mul"]
        if x.is_Pow and x.exp is sympy.S.Half:
            return PRECEDENCE["Func"]
        if x.is_Mul and x.args[0] is sympy.S.NegativeOne:
            return PRECEDENCE["Add"]
        return precedence(x)

    class WrittenText(StrPrinter):
        _default_settings = {**StrPrinter._default_settings, "order": "none", "names": {}}

        def parenthesize(self, item, level_, strict=False):
            p = level(item)
            return f"({self._print(item)})" if p < level_ or (strict and p <= level_) else self._print(item)

        def _print_Symbol(self, s):
            return self._settings["names"].get(s.name) or s.name

        def _print_Float(self, x):
            # the literal's shortest digits (1e9, 0.34), as a constant's are printed, not sympy's 15
            return typeset.plain_value(None, float(x))

        def _print_Mul(self, expr):
            # factors left to right as written, each divisor after '/': a/b*c reads (a/b)*c
            args = list(expr.args)
            sign = ""
            if args[0] is sympy.S.NegativeOne and len(args) > 1:
                sign, args = "-", args[1:]
            out = ""
            for i, factor in enumerate(args):
                if _inverse(factor):
                    out += ("1" if i == 0 else "") + "/" + self.parenthesize(factor.base, PRECEDENCE["Mul"], strict=True)
                elif i == 0 and not sign and factor.is_Number:  # a leading -0.5 needs no brackets
                    out += self._print(factor)
                else:
                    out += ("*" if i else "") + self.parenthesize(factor, PRECEDENCE["Mul"])
            return sign + out

        def _print_Pow(self, expr, rational=False):
            if expr.exp is sympy.S.Half:
                return f"sqrt({self._print(expr.base)})"
            if _inverse(expr):
                return "1/" + self.parenthesize(expr.base, PRECEDENCE["Mul"], strict=True)
            # brackets around a power in a power either side: psi**(d**phi) reads as it does in the paper
            return (self.parenthesize(expr.base, PRECEDENCE["Pow"], strict=True) + "**"
                    + self.parenthesize(expr.exp, PRECEDENCE["Pow"], strict=True))

        def _print_beta(self, expr):  # the formula syntax's name of Euler's Beta function
            return f"Beta({self.stringify(expr.args, ', ')})"

    return WrittenText


@functools.cache
def _pretty_printer():
    from sympy.printing.pretty.pretty import PrettyPrinter

    class WrittenPretty(PrettyPrinter):
        _default_settings = {**PrettyPrinter._default_settings, "names": {}}

        def _print_Symbol(self, s, bold_name=False):
            return super()._print_Symbol(self._settings["names"].get(s.name, s), bold_name)

        def _print_Float(self, x):
            # a literal's shortest digits, as the text prints it (1e13, not 10000000000000.0)
            from sympy.printing.pretty.stringpict import prettyForm

            from catalog.publish import typeset

            return prettyForm(typeset.plain_value(None, float(x)))

    return WrittenPretty
