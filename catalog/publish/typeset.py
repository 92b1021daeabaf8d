"""A law's formula in LaTeX, printed by sympy from the law's expression (never from record
text): the formula, and the same formula with a constant set's values standing for its
parameters.

The values are printed where the parameters stand (the printer's ``symbol_names``) instead of
being substituted into the expression: the second line keeps the law's form term for term
under the first one, with the digits of the constant set (its printed ones where it records
them, e.g. ``0.450``), where a substituted expression would be re-simplified by sympy into
products of constants showing digits no paper printed. It also costs one printing instead of
rebuilding every expression with numbers (the site prints every law's).
"""

from __future__ import annotations

import functools
import math
import re
from decimal import Decimal
from typing import TYPE_CHECKING

from catalog import textguard

if TYPE_CHECKING:  # records are read as views (catalog.store.recordview) too: no pydantic here
    from catalog.schema import ConstantSet, Law

_NUMBER = re.compile(r"^([-+]?)(\d+\.?\d*|\.\d+)(?:[eE]([-+]?\d+))?$")


def formula(law: Law, inline: bool = False) -> str:
    """``L = E + \\frac{A}{N^{\\alpha}} + ...`` (``... = 0`` for an implicit law), the definitions
    of the symbols it names below it; ``inline``: after it on the same line, where a narrow
    table cell can break it (KaTeX breaks inline math after a relation or an operator, never
    inside an environment's rows)."""
    lines = display_lines(law)
    return INLINE_JOIN.join(lines) if inline else _gathered(lines)


INLINE_JOIN = r",\ "  # display lines on one line: after a relation, where KaTeX may break it


def with_constants(law: Law, constant_set: ConstantSet | None = None) -> str | None:
    """The formula with the values of ``constant_set`` (default: the law's default set) in
    place of its parameters; None for a law without constants."""
    lines = display_lines(law, constant_set, constants=True)
    return _gathered(lines) if lines else None


def _gathered(lines: list[str]) -> str:
    """One line as it is, several as a gathered block (each line centred)."""
    return lines[0] if len(lines) == 1 else r"\begin{gathered}" + r" \\ ".join(lines) + r"\end{gathered}"


def display_lines(law: Law, constant_set: ConstantSet | None = None, constants: bool = False) -> list[str]:
    """The lines of :func:`formula` (``constants``: of :func:`with_constants`, [] without
    constants) one by one, to set each as a display of its own: in one gathered block every
    line is centred on the widest, so on a phone a long one pushed the short ones off screen."""
    if not constants:
        return _lines(law, _fixed(law, magnitude))
    cs = constant_set or law.default_constants()
    if cs is None:
        return []
    return _lines(law, _values(law, cs, magnitude))


_RELATIONS = {"<=": r"\le", "<": "<", ">=": r"\ge", ">": ">"}


def condition(law: Law, text: str) -> str:
    """One of the law's conditions (``U <= D``) in LaTeX, ``U \\le D``: each side printed as the
    formula is (from the guarded parse, never from the record's text)."""
    from catalog.engine import compiler, formulas

    left, relation, right, _ = formulas.check_condition(text, frozenset(law.symbols))
    sides = []
    for side in (left, right):
        template, names = _template(_written(law, side, ()), compiler.put_in(law))
        sides.append(_fill(template, [symbol(name) for name in names]))
    return f"{sides[0]} {_RELATIONS[relation]} {sides[1]}"


def plain_text(law: Law, constant_set: ConstantSet | None = None, constants: bool = True) -> str | None:
    """:func:`with_constants` (not ``constants``: :func:`formula`) as text in sympy syntax, each
    definition after it as :func:`catalog.definitions.formula_text` writes them (``L =
    0.3/(D/1e9)**0.23 + ...; K = ...``): a value as its constant set prints it, a fixed one in its
    shortest digits (1e9, 8.64e19), not sympy's 1000000000.0; None for a law without constants."""
    from catalog import definitions

    if constants:
        cs = constant_set or law.default_constants()
        if cs is None:
            return None
        values = _values(law, cs, plain_magnitude)
    else:
        values = _fixed(law, plain_magnitude)
    first, *rest = _equations(law, values, _plain)
    return definitions.followed_by(first, "; ".join(rest))


def _lines(law: Law, values: tuple[tuple[str, str, bool], ...]) -> list[str]:
    """The formula as the paper writes it: over the names it defines (Clark et al.'s
    \\hat{E}), then each definition, the first after 'where'."""
    lines = _equations(law, values, _printed)
    return lines[:1] + [r"\text{where } " + lines[1]] + lines[2:] if len(lines) > 1 else lines


def _values(law: Law, cs: ConstantSet, number) -> tuple[tuple[str, str, bool], ...]:
    """(name, ``number`` of its magnitude, negative) of each value of ``cs`` and each fixed value."""
    return tuple((name, number(cs.printed.get(name), value), _negative(value))
                 for name, value in cs.values.items()) + _fixed(law, number)


def _fixed(law: Law, number) -> tuple[tuple[str, str, bool], ...]:
    """A fixed symbol's value stands where the symbol stands, as a constant's does (C/8.64e19,
    N/10^9): put into the expression, sympy would multiply it out into digits no paper printed
    (1.1574e-20 C, 0.3774 F + 0.3774)."""
    return tuple((n, number(None, s.value), _negative(s.value)) for n, s in law.symbols.items()
                 if s.role == "fixed" and s.value is not None)


def _negative(value: float | int) -> bool:
    """A value printed as minus its magnitude: -0.0 too (N^{-alpha} with alpha = -0.0 is N^{0.0})."""
    return math.copysign(1.0, value) < 0


def _equations(law: Law, values: tuple[tuple[str, str, bool], ...], printer) -> list[str]:
    """The formula, then each definition, by ``printer`` with ``values`` for the symbols."""
    from catalog import definitions

    values = tuple(sorted(values))
    equations = [(law.output_symbol, law.form, law.expression)] + [
        (name, "explicit", text) for name, text in definitions.definitions(law).items()]
    return [printer(law, name, form, text, values) for name, form, text in equations]


def _digits(printed: str | None, value: float | int) -> tuple[str, str | None]:
    """A constant's absolute value as (digits, decimal exponent or None): its printed digits when
    recorded (validated by the schema's pattern, matched again here), else the shortest digits
    that read back as the stored value, in scientific notation outside [1e-4, 1e6)."""
    m = _NUMBER.match(printed or "")
    if m is None:
        text = str(abs(value)) if isinstance(value, int) and not isinstance(value, bool) else repr(abs(float(value)))
        if isinstance(value, float) and "e" not in text and value and not 1e-4 <= abs(value) < 1e6:
            text = format(Decimal(text).normalize(), "E")
        m = _NUMBER.match(text)
    _, digits, exponent = m.groups()
    # a paper's -.50 (hernandez2022) with its leading zero: N^{- .50} read as a stray dot
    return ("0" + digits if digits.startswith(".") else digits), exponent


def magnitude(printed: str | None, value: float | int) -> str:
    """LaTeX of a constant's absolute value (:func:`_digits`): ``10^{9}``, ``8.64 \\cdot 10^{19}``."""
    digits, exponent = _digits(printed, value)
    if exponent is None:
        return digits
    return (f"{digits} \\cdot " if digits != "1" else "") + f"10^{{{int(exponent)}}}"


def plain_magnitude(printed: str | None, value: float | int) -> str:
    """A constant's absolute value (:func:`_digits`) as a number in sympy syntax: ``1e9``, ``8.64e19``."""
    digits, exponent = _digits(printed, value)
    return digits if exponent is None else f"{digits}e{int(exponent)}"


def plain_value(printed: str | None, value: float | int) -> str:
    """A constant as the formulas with constants print it (:func:`plain_magnitude` with its sign):
    ``-0.7130``, ``0.5806877084495872``, ``1e9``."""
    return ("-" if _negative(value) else "") + plain_magnitude(printed, value)


def _printed(law: Law, output: str, form: str, text: str, values: tuple[tuple[str, str, bool], ...]) -> str:
    """The formula ``text`` of ``law`` with ``values`` (name, LaTeX of the magnitude, negative)
    for its parameters, in the order the record writes it (:mod:`catalog.publish.written`)."""
    from catalog.engine import compiler

    texts = {name: latex for name, latex, _ in values}
    template, names = _template(_written(law, text, values), compiler.put_in(law))
    body = _fill(template, [texts.get(name) or symbol(name) for name in names])
    return f"{symbol(output)} = {body}" if form == "explicit" else f"{body} = 0"


def _plain(law: Law, output: str, form: str, text: str, values: tuple[tuple[str, str, bool], ...]) -> str:
    """:func:`_printed` in sympy syntax, in the same written order (:func:`catalog.publish.written.text`):
    each name of ``values`` printed as its number's text."""
    from catalog.engine import compiler
    from catalog.publish import written

    texts = {name: text for name, text, _ in values}
    body = written.text(as_printed(_written(law, text, values), compiler.put_in(law)), texts)
    return f"{output} = {body}" if form == "explicit" else f"{body} = 0"


def _written(law: Law, text: str, values: tuple[tuple[str, str, bool], ...]):
    """``text`` as the record writes it (:func:`catalog.publish.written.written`), each negative
    value's name as minus its symbol, so that the printer places the sign."""
    from catalog.engine import compiler
    from catalog.publish import written

    negative = frozenset(name for name, _, is_negative in values if is_negative)
    return written.written(*compiler.display_tree(law, text), negative)


_TOKEN = re.compile("\x01(\\d+)\x02")
# sympy's own test for a product of two numbers, which it writes with \cdot (sympy.printing.latex)
_ENDS_NUMBER = re.compile(r"[0-9][} ]*$")
# a factor a number juxtaposed after it would run into (\tilde{L}_{S} 1.315, x 2, \beta 4.6): a
# group, a name that is not a command (\cdot, \left are followed by their operand, not
# multiplied), or a Greek letter's
_ENDS_FACTOR = re.compile(r"(?:[})]|(?<![\\A-Za-z])[A-Za-z]+|\\(?:%s)|[0-9])$" % "|".join(textguard.GREEK_LETTERS))
_STARTS_NUMBER = re.compile(r"(\d|\\frac{\d+}{\d+})")


@functools.lru_cache(maxsize=2048)
def _template(expr, put_in: frozenset[int] = frozenset()) -> tuple[str, tuple[str, ...]]:
    """``expr`` printed once with a placeholder for each free symbol, and the symbols' names:
    the formula and its constants line are both filled in from it (one printing per law). ``expr``
    is :func:`catalog.publish.written.written`'s, over symbols without assumptions: the printer
    never runs its costly is_constant() test on an exponent's sign."""
    from catalog.publish import written

    symbols = sorted(expr.free_symbols, key=lambda s: (s.name, type(s).__name__))
    tokens = {s: f"\x01{i}\x02" for i, s in enumerate(symbols)}
    # in the order written (catalog.publish.written), a literal past 10^6 as 1.0 \cdot 10^{13}
    text = written.latex(as_printed(expr, put_in), symbol_names=tokens, ln_notation=True, max=6)
    return text, tuple(s.name for s in symbols)


def as_printed(expr, put_in: frozenset[int] = frozenset()):
    """``expr`` as the papers write it, for printing only: a root over a quotient kept whole
    (:func:`rooted`; ``put_in``: the fixed values put into ``expr``) and logarithms in their base
    (:func:`based_logs`)."""
    return based_logs(rooted(expr, put_in))


LOG_BASES = (10, 2)


def based_logs(expr):
    """``expr`` with log10(x) and log2(x) printed as such (\\log_{10}, as Clark et al. write their
    law), for printing only: sympy builds log(x, 10) as log(x)/log(10), which printed as
    \\frac{\\log{\\left(N \\right)}}{\\log{\\left(10 \\right)}}. In a product whose powers of
    log(10) (or log(2)) are matched exactly by the opposite powers of other logarithms
    (c log10(N) log10(E) is c log(N) log(E)/log(10)^2; b/log10(C) is b log(10)/log(C)), each of
    those becomes a logarithm in that base; anything else is left as sympy built it."""
    import sympy

    if not any(expr.has(sympy.log(b)) for b in LOG_BASES):
        return expr

    def powers(e) -> tuple[dict, dict]:
        """(exponent of log(b) by base b, exponent of each other log factor) of a product ``e``."""
        bases, logs = {}, {}
        for f in e.args:
            base, exponent = f.as_base_exp()
            if isinstance(base, sympy.log) and exponent.is_Integer:
                arg = base.args[0]
                if arg.is_Integer and int(arg) in LOG_BASES:
                    bases[int(arg)] = bases.get(int(arg), 0) + int(exponent)
                elif not arg.is_number:
                    logs[f] = int(exponent)
        return bases, logs

    def based(e) -> int | None:
        """The base whose logarithm ``e`` divides out exactly, if one does."""
        if not e.is_Mul:
            return None
        bases, logs = powers(e)
        if len(bases) != 1 or not logs:
            return None
        (base, k), = bases.items()
        exps = set(logs.values())
        return base if k and len(exps) == 1 and (exps.pop() > 0) == (k < 0) and sum(logs.values()) == -k else None

    def rebased(e):
        base = based(e)
        _, logs = powers(e)
        kept = [f for f in e.args if f not in logs and not (f.as_base_exp()[0] == sympy.log(base))]
        turned = [sympy.Pow(_based_log(base)(f.as_base_exp()[0].args[0]), exponent, evaluate=False)
                  if exponent != 1 else _based_log(base)(f.as_base_exp()[0].args[0]) for f, exponent in logs.items()]
        return sympy.Mul(*kept, *turned, evaluate=False)

    return _replaced(expr, lambda e: based(e) is not None, rebased)


@functools.cache
def _based_log(base: int):
    """A logarithm in ``base`` that prints as one (\\log_{10}, log10(x)) and evaluates to log(x)/log(base)."""
    import sympy

    class BasedLog(sympy.Function):
        nargs = 1

        def _latex(self, printer, exp=None):
            power = "" if exp is None else f"^{{{exp}}}"
            return rf"\log_{{{base}}}{power}{{\left({printer._print(self.args[0])} \right)}}"

        def _sympystr(self, printer):
            return f"log{base}({printer._print(self.args[0])})"

        def _eval_rewrite_as_log(self, arg, **kwargs):
            return sympy.log(arg) / sympy.log(base)

    BasedLog.__name__ = BasedLog.__qualname__ = f"log{base}"
    return BasedLog


def rooted(expr, put_in: frozenset[int] = frozenset()):
    """``expr`` for printing with a root over a quotient kept whole, as the papers write it:
    sympy splits the root of a quotient of positive symbols, sqrt(C r/k) into
    \\frac{\\sqrt{C} \\sqrt{r}}{\\sqrt{k}} (and of a real one, sqrt(B/b) into \\sqrt{B} \\sqrt{1/b}); a
    product of square roots of symbols with some over and some under the line is put back under
    one root (unevaluated: the same value). A number's root stays out (\\sqrt{6}), but one that
    a fixed value put in under the root left (``put_in``, the values put in: sqrt(16 x) is 4 sqrt(x)
    once n = 16 is put into sqrt(n x)) goes back under it."""
    import sympy

    def half(f) -> tuple | None:
        """(base, over the line) of a factor sqrt(x) or 1/sqrt(x) (sqrt(1/x): x, under); else None."""
        if not (f.is_Pow and f.exp in (sympy.S.Half, -sympy.S.Half)) or f.base.is_number:
            return None
        if f.base.is_Pow and f.base.exp == -1:
            return f.base.base, f.exp < 0
        return f.base, f.exp > 0

    def roots(e) -> dict:
        return {f: h for f in e.args if (h := half(f)) is not None}

    def split(e) -> bool:
        parts = roots(e)
        return e.is_Mul and {over for _, over in parts.values()} == {True, False} and same_value(parts)

    def same_value(parts: dict) -> bool:
        """Whether the joined root has the product's value: 1/sqrt(x) is sqrt(1/x) only for x > 0,
        and sqrt(p) sqrt(q) is sqrt(p q) when p or q >= 0, so each base under the line must be
        positive and all but one over it (x of sqrt(x); 1/x of sqrt(1/x)) nonnegative: a real
        parameter may be negative, and sqrt(a)/sqrt(b) at a = -4, b = -1 is not sqrt(4)."""
        unsure = 0
        for f in parts:
            if f.exp < 0:  # 1/sqrt(x)
                if not f.base.is_positive:
                    return False
            elif not f.base.is_nonnegative:
                unsure += 1
        return unsure <= 1

    def joined(e):
        parts = roots(e)
        under = [f for base, over in parts.values() if not over for f in sympy.Mul.make_args(base)]
        quotient = sympy.Mul(*(base for base, over in parts.values() if over), *_inverses(under), evaluate=False)
        root = sympy.Pow(quotient, sympy.S.Half, evaluate=False)
        rest = [f for f in e.args if f not in parts]
        return sympy.Mul(*rest, root, evaluate=False) if rest else root

    def number_root(e) -> bool:
        """A product whose number is irrational by a root (sympy's sqrt(C/(6 r)) = sqrt(6) sqrt(C/r)/6,
        a fixed k = 6 put in), or rational by a value put in (4 sqrt(x)/sqrt(B) of sqrt(n x/B), n = 16:
        its square's numerator or denominator is one), beside one root of symbols: the number goes
        back under that root. A number the formula writes itself (2 sqrt(x)) stays out."""
        if not e.is_Mul:
            return False
        numbers = [f for f in e.args if f.is_number]
        symbolic = [f for f in e.args if f.is_Pow and f.exp == sympy.S.Half and not f.base.is_number]
        if len(symbolic) != 1 or not numbers:
            return False
        irrational = any(f.is_Pow and f.exp in (sympy.S.Half, -sympy.S.Half) and f.base.is_Rational for f in numbers)
        with sympy.evaluate(True):  # replace() runs it under evaluate(False)
            value = sympy.Mul(*numbers)
            square = value ** 2
            return bool(value.is_positive) and square.is_Rational and (
                irrational or bool({int(square.p), int(square.q)} & put_in - {1}))

    def absorbed(e):
        """v sqrt(x) as sqrt(v^2 x) (v > 0: the same value for any x), v^2's digits in the quotient."""
        numbers = [f for f in e.args if f.is_number]
        root = next(f for f in e.args if f.is_Pow and f.exp == sympy.S.Half and not f.base.is_number)
        with sympy.evaluate(True):
            square = sympy.Mul(*numbers) ** 2
        top, bottom = sympy.fraction(root.base)
        p, q = sympy.Integer(square.p), sympy.Integer(square.q)
        # one product over the line and one under it: sqrt(16*x/B), not sqrt((16*x)/B)
        over = [f for f in (p, *sympy.Mul.make_args(top)) if f != 1] or [sympy.S.One]
        under = [f for f in (q, *sympy.Mul.make_args(bottom)) if f != 1]
        base = sympy.Mul(*over, *_inverses(under), evaluate=False) if len(over) + len(under) > 1 else over[0]
        rest = [f for f in e.args if f not in numbers and f is not root]
        whole = sympy.Pow(base, sympy.S.Half, evaluate=False)
        return sympy.Mul(*rest, whole, evaluate=False) if rest else whole

    return _replaced(_replaced(expr, split, joined), number_root, absorbed)


def _replaced(expr, match, rebuilt):
    """``expr.replace(match, rebuilt)`` unevaluated (rebuilt around a root or a logarithm, an
    evaluated sum or product would split it again); ``expr`` itself where nothing matches, as
    setting sympy's evaluate flag clears its whole cache, each time."""
    import sympy

    if not any(match(e) for e in sympy.preorder_traversal(expr)):
        return expr
    with sympy.evaluate(False):
        return expr.replace(match, rebuilt)


def _inverses(factors: list) -> list:
    """1/f of each factor under a root's line: one inverse each, so that the text reads
    sqrt(C/(6*r)) (an inverse of their product prints sqrt(C/((6*r))))."""
    import sympy

    return [sympy.Pow(f, -1, evaluate=False) for f in factors]


# A trailing '_star' or '_prime' is the mark a paper sets on the symbol (alpha_star: α*, R_D_star:
# R_D*), not a subscript 'star' (sympy's α_{star}, αₛₜₐᵣ): its LaTeX and Unicode.
MARKS = {"star": ("*", "*"), "prime": (r"\prime", "′")}


def marked(name: str) -> tuple[str, str | None]:
    """``('alpha', 'star')`` for ``alpha_star``; ``(name, None)`` for a name without a mark."""
    stem, sep, mark = name.rpartition("_")
    return (stem, mark) if sep and stem and mark in MARKS else (name, None)


@functools.lru_cache(maxsize=4096)
def symbol(name: str) -> str:
    """LaTeX of a symbol name as sympy prints it (``alpha`` as ``\\alpha``, ``N_c`` as ``N_{c}``,
    ``A0`` as ``A_{0}``, ``Nbar`` as ``\\bar{N}``, ``alpha_star`` as ``\\alpha^{*}``: :func:`marked`),
    except that a part of several letters that sympy leaves as it is prints upright:
    ``\\mathrm{BLEU}``, ``L_{\\mathrm{ref}}`` (KaTeX would set ``BLEU`` or ``ref`` in italic as a
    product of single-letter variables), and a subscript ``inf`` is the infinity sign: ``L_inf``
    as ``L_{\\infty}``, ``L_inf_z`` as ``L_{\\infty,z}`` (:func:`subscript`)."""
    from sympy.printing.conventions import split_super_sub
    from sympy.printing.latex import translate

    def part(text: str) -> str:
        out = translate(text)
        # a command outside the LaTeX fields' list (Escr's \mathscr, beth's \beth) is one a
        # table's packages may not define: pdflatex stopped on the whole table
        upright = out == text and len(text) > 1 and text.isalnum() or textguard.latex_reason(out) is not None
        return rf"\mathrm{{{text}}}" if upright else out

    stem, mark = marked(name)
    base, supers, subs = split_super_sub(stem)
    # a trailing '_' escapes a Python keyword (abnar2025's lambda_), no subscript: not \lambda_{}
    subs = [s for s in subs if s]
    if _worded(base, supers, subs):
        return r"\mathrm{%s}" % stem.replace("_", r"\_")
    tops = [part(s) for s in supers] + ([MARKS[mark][0]] if mark else [])
    out = part(base)
    if tops:
        out += "^{%s}" % " ".join(tops)
    if subs:
        out += "_{%s}" % subscript(subs, r"\infty", part)
    return out


def _worded(base: str, supers: list[str], subs: list[str]) -> bool:
    r"""A name of three or more words (prestel2026's one_minus_SSIM: each part several letters or
    digits, none a Greek letter or 'inf') is one identifier, not a stem with a subscript of two
    words (\mathrm{one}_{\mathrm{minus} \mathrm{SSIM}}); :func:`symbol` prints it whole, upright.
    Symbol names are letters, digits and '_' (textguard.SYMBOL_NAME): escaping '_' is all it needs."""
    from sympy.printing.latex import translate

    parts = [base, *subs]
    return (not supers and len(subs) >= 2 and "inf" not in subs
            and all(len(p) > 1 and p.isascii() and p.isalnum() and translate(p) == p for p in parts))


def subscript(subs: list[str], infinity: str, part=str) -> str:
    """A name's subscript parts as printed (each by ``part``): a part 'inf' is the limit the papers
    write L_\\infty (L_inf, C_inf, Err_inf), and with it the parts are separated by commas, as they
    write the limit of one of a family (yang2025's L_inf,z: L_{\\infty,z}); else by spaces, as sympy does."""
    return ("," if "inf" in subs else " ").join(infinity if s == "inf" else part(s) for s in subs)


def _fill(template: str, texts: list[str]) -> str:
    """Put ``texts`` in place of the placeholders, deciding what sympy decides from a symbol's
    text when it prints it: parentheses for a power of a text with a superscript (1.8 \\cdot
    10^{13}), and \\cdot rather than a space between two numbers of a product (2 \\cdot 1.5)."""
    out = ""
    pos = 0
    for m in _TOKEN.finditer(template):
        out += template[pos:m.start()]
        text = texts[int(m.group(1))]
        pos = m.end()
        after = _TOKEN.match(template, pos + 1) if template.startswith(" ", pos) else None
        before = out.endswith(" ") and _ENDS_FACTOR.search(out[:-1])
        if "^" in text and template.startswith("^", pos) or (
                r" \cdot 10^" in text and (before or after and _STARTS_NUMBER.match(texts[int(after.group(1))]))):
            # a power of 1.8 \cdot 10^{13}; or such a value in a product with another factor,
            # C_0 (8.64 \cdot 10^{19}), not a chain of dots C_0 \cdot 8.64 \cdot 10^{19}
            text = rf"\left({text}\right)"
        if before and _STARTS_NUMBER.match(text):
            out = out[:-1] + r" \cdot "
        out += text
        if _ENDS_NUMBER.search(text) and template.startswith(" ", pos) and _STARTS_NUMBER.match(template, pos + 1):
            out += r" \cdot"
    return out + template[pos:]
