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
import re
from decimal import Decimal

from catalog.schema import ConstantSet, Law

_NUMBER = re.compile(r"^([-+]?)(\d+\.?\d*|\.\d+)(?:[eE]([-+]?\d+))?$")


def formula(law: Law) -> str:
    """``L = E + \\frac{A}{N^{\\alpha}} + ...`` (``... = 0`` for an implicit law)."""
    from catalog.site import jsgen

    return _printed(law.output_symbol, law.form, jsgen.law_expression(law), ())


def with_constants(law: Law, constant_set: ConstantSet | None = None) -> str | None:
    """The formula with the values of ``constant_set`` (default: the law's default set) in
    place of its parameters; None for a law without constants."""
    from catalog.site import jsgen

    cs = constant_set or law.default_constants()
    if cs is None:
        return None
    values = tuple(sorted((name, magnitude(cs.printed.get(name), value), value < 0) for name, value in cs.values.items()))
    return _printed(law.output_symbol, law.form, jsgen.law_expression(law), values)


def magnitude(printed: str | None, value: float | int) -> str:
    """LaTeX of a constant's absolute value: its printed digits when recorded (validated by
    the schema's pattern, matched again here), else the shortest digits that read back as the
    stored value, in scientific notation outside [1e-4, 1e6)."""
    m = _NUMBER.match(printed or "")
    if m is None:
        text = str(abs(value)) if isinstance(value, int) and not isinstance(value, bool) else repr(abs(float(value)))
        if isinstance(value, float) and "e" not in text and value and not 1e-4 <= abs(value) < 1e6:
            text = format(Decimal(text).normalize(), "E")
        m = _NUMBER.match(text)
    _, digits, exponent = m.groups()
    return digits + (rf" \cdot 10^{{{int(exponent)}}}" if exponent is not None else "")


@functools.lru_cache(maxsize=2048)
def _printed(output: str, form: str, expr, values: tuple[tuple[str, str, bool], ...]) -> str:
    """Printed once per distinct formula and values (records often share a form, e.g. Chinchilla's)."""
    import sympy

    settings = {}
    if values:
        by_name = {s.name: s for s in expr.free_symbols}
        texts = {}
        negative = {}
        for name, text, is_negative in values:
            if name in by_name:
                if is_negative:  # -(its magnitude): sympy places the sign (N^{- 0.819}, not N^{(-0.819)})
                    # real, as the parameter was: declared positive, its negated powers would send
                    # sympy's fraction() through a costly is_constant() test for each
                    stand_in = sympy.Dummy(name, real=True)
                    negative[by_name[name]] = -stand_in
                    texts[stand_in] = text
                else:
                    texts[by_name[name]] = text
        if negative:
            expr = expr.xreplace(negative)
        # parenthesize_super: a value such as 1.8 \cdot 10^{13} raised to a power needs parentheses
        settings = {"symbol_names": texts, "parenthesize_super": True}
    body = sympy.latex(expr, **settings)
    return f"{sympy.latex(sympy.Symbol(output))} = {body}" if form == "explicit" else f"{body} = 0"
