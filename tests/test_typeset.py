"""The law's formula in LaTeX (catalog.publish.typeset): the constant-set line keeps the law's form with
the set's own digits, printed ones where recorded."""

from __future__ import annotations

import re

import pytest

from catalog.publish import typeset
from catalog.schema import ConstantSet, Law


def _law(expression: str, values: dict, printed: dict | None = None) -> Law:
    symbols = {"L": {"role": "output", "meaning": "Loss", "unit": "not stated"},
               "N": {"role": "input", "meaning": "Parameters", "unit": "not stated"}}
    symbols.update({name: {"role": "parameter", "meaning": name} for name in values})
    return Law.model_validate({
        "id": "law", "name": "A law", "dependent_variable": "loss", "scaling_variables": ["model_parameters"],
        "expression": expression, "symbols": symbols,
        "constant_sets": [{"id": "fit", "provenance": "paper", "locator": "Table 1", "label": "Fit", "source": "test",
                           "values": values, "printed": printed or {}}]})


def test_chinchilla_line_shows_the_papers_constants_in_the_laws_form(chinchilla):
    chinchilla = chinchilla.law
    # in the order the record (and the paper) writes it, a quotient as a fraction
    assert typeset.formula(chinchilla) == r"L = E + \frac{A}{N^{\alpha}} + \frac{B}{D^{\beta}}"
    assert typeset.with_constants(chinchilla) == r"L = 1.69 + \frac{406.4}{N^{0.34}} + \frac{410.7}{D^{0.28}}"


def test_a_form_prints_in_the_order_its_record_writes_it(by_id):
    """sympy's canonical order put Chinchilla's E last and its quotients as negative powers
    (A N^{- alpha} + B D^{- beta} + E), a coefficient after a power (C^{a} k_{N}) and a 1 after
    a power in a denominator: the form prints as the record (and the paper) writes it."""
    khatri = next(law for law in by_id["khatri2025"].laws if law.id == "sigmoid-compute-performance")
    assert typeset.formula(khatri) == (
        r"R_{C} = R_{0} + \frac{A - R_{0}}{1 + \left(\frac{C_{\mathrm{mid}}}{C}\right)^{B}}")
    law = _law("k_N*N**a", {"k_N": 0.5, "a": 0.3})
    assert typeset.formula(law) == r"L = k_{N} N^{a}"
    difference = _law("E - A/N**alpha", {"E": 1.0, "A": 2.0, "alpha": 0.5})
    assert typeset.formula(difference) == r"L = E - \frac{A}{N^{\alpha}}"
    # minus a sum in brackets that grow: e^{- (a + b)} set bare parentheses around a fraction
    assert typeset.formula(_law("exp(-(A + 1/N))", {"A": 1.0})) == r"L = e^{- \left(A + \frac{1}{N}\right)}"
    # a negative value signed where it stands: - (-2.0) N is + 2.0 N, and its sign stays out of a product
    negative = _law("E - A*N + B*N", {"E": 1.0, "A": -2.0, "B": -3.0})
    assert typeset.with_constants(negative) == r"L = 1.0 + 2.0 N - 3.0 N"
    # and out of a quotient: (mu m)/(nu n) with mu, nu < 0 printed (-1) \cdot 0.1965 under the line
    quotient = _law("(mu*A)/(nu*N)", {"mu": -0.5, "nu": -0.25, "A": 2.0})
    assert typeset.with_constants(quotient) == r"L = \frac{0.5 \cdot 2.0}{0.25 N}"
    # a literal prints in scientific notation beyond 10^6 (not 10000000000000.0) in its shortest digits, as a
    # constant's (not 1.0 \cdot 10^{13}); 1/x without a 1 before it
    assert typeset.formula(_law("A*(N/1e13)**(1/alpha)", {"A": 1.0, "alpha": 0.5})) == (
        r"L = A \left(\frac{N}{10^{13}}\right)^{\frac{1}{\alpha}}")
    assert typeset.formula(_law("A*N/6.2e9 + 1e-5", {"A": 1.0})) == r"L = \frac{A N}{6.2 \cdot 10^{9}} + 10^{-5}"


def test_a_products_divisors_print_under_one_fraction_bar(by_id):
    """A product's written divisors stand under one bar, the factors over it in written order
    (N/a/X as \\frac{N}{a X}); a divisor that is itself a quotient is set whole: sympy split it
    into its factors, li2024b's \\frac{eps}{\\left(a + b\\right) \\frac{1}{2}}."""
    assert typeset.formula(_law("N/a/X", {"a": 1.0, "X": 2.0})) == r"L = \frac{N}{a X}"
    assert typeset.formula(_law("A*(1/N**a)*(1/X**b)", {"A": 1.0, "a": 1.0, "X": 2.0, "b": 1.0})) == (
        r"L = \frac{A}{N^{a} X^{b}}")
    assert typeset.formula(_law("A/((N + X)/2)", {"A": 1.0, "X": 2.0})) == r"L = \frac{A}{\frac{N + X}{2}}"
    assert typeset.formula(_law("N/(a/X)", {"a": 1.0, "X": 2.0})) == r"L = \frac{N}{\frac{a}{X}}"
    assert typeset.formula(_law("1/(N/a)", {"a": 1.0})) == r"L = \frac{1}{\frac{N}{a}}"
    # its sign before the bar, with a negative value in the quotient too
    assert typeset.with_constants(_law("A/((N + X)/2)", {"A": -1.5, "X": 2.0})) == (
        r"L = - \frac{1.5}{\frac{N + 2.0}{2}}")
    li = next(law for law in by_id["li2024b"].laws if law.id == "adam-optimal-learning-rate")
    assert typeset.formula(li) == (r"\mathrm{eps}_{\mathrm{opt}} = \frac{\mathrm{eps}_{\mathrm{max}}}"
                                   r"{\frac{\sqrt{\frac{B_{\mathrm{noise}}}{B}} + \sqrt{\frac{B}{B_{\mathrm{noise}}}}}{2}}")
    assert typeset.plain_text(li, constants=False) == "eps_opt = eps_max/((sqrt(B_noise/B) + sqrt(B/B_noise))/2)"


def test_a_negative_value_signs_the_number_leading_its_product():
    """2*a*N with a < 0 printed (-1) 2 \\cdot 1.5 N (sympy's setting of an unevaluated -1 before a
    number): the sign goes on the number, as under a fraction's bar it goes before the bar."""
    assert typeset.with_constants(_law("2*a*N", {"a": -1.5})) == r"L = - 2 \cdot 1.5 N"
    assert typeset.plain_text(_law("2*a*N", {"a": -1.5})) == "L = -2*1.5*N"
    assert typeset.with_constants(_law("N/(2*a)", {"a": -1.5})) == r"L = - \frac{N}{2 \cdot 1.5}"


def test_min_and_max_print_their_arguments_in_written_order(by_id):
    """sympy orders Min's and Max's arguments even unevaluated (and its LaTeX printer sorts them
    again): jones2021's Min(Max(m*log10(C) + ..., c - d*b), 0) printed as Min(0, Max(c - d*b, ...))."""
    from catalog.cli import render

    jones = by_id["jones2021"].laws[0]
    assert jones.expression.startswith("Min(Max(m_flops_incline*log10(C)")
    assert typeset.formula(jones).startswith(
        r"\mathrm{Elo} = \min\left(\max\left(m_{\mathrm{flops} \mathrm{incline}} \log_{10}{\left(C \right)} + ")
    assert typeset.formula(jones).endswith(r"\right), 0\right)")
    assert typeset.plain_text(jones, constants=False) == "Elo = " + jones.expression
    assert render.formula_text(jones, pretty=True).startswith("Elo = Min(Max(m_flops_incline⋅log₁₀(C) + ")
    law = _law("Min(N, a) + Max(a, N)**2", {"a": 1.0})
    assert typeset.formula(law) == r"L = \min\left(N, a\right) + \max\left(a, N\right)^{2}"
    assert typeset.with_constants(law) == r"L = \min\left(N, 1.0\right) + \max\left(1.0, N\right)^{2}"


def test_a_beta_functions_arguments_are_printed_as_symbols_and_values(by_id):
    """sympy sets Beta's arguments by their names (B(alpha, N + beta)): no Greek letter, and the
    constants line showed the names, not the fitted values."""
    feng = next(law for law in by_id["feng2026"].laws if law.id == "beta-binomial-asr")
    assert typeset.formula(feng) == (r"\mathrm{ASR} = 1 - \frac{\operatorname{B}\left(\alpha, \beta + N\right)}"
                                     r"{\operatorname{B}\left(\alpha, \beta\right)}")
    cs = feng.default_constants()
    assert typeset.with_constants(feng) == (
        rf"\mathrm{{ASR}} = 1 - \frac{{\operatorname{{B}}\left({cs.printed.get('alpha') or cs.values['alpha']}, "
        rf"{cs.printed.get('beta') or cs.values['beta']} + N\right)}}{{\operatorname{{B}}\left("
        rf"{cs.printed.get('alpha') or cs.values['alpha']}, {cs.printed.get('beta') or cs.values['beta']}\right)}}")


def test_a_logarithm_in_another_base_prints_in_it(by_id):
    """bytedance2025 writes s*log(L_ocr, base) + c: sympy builds log(x)/log(base), which printed
    \\frac{s \\ln{(L_{ocr})}}{\\ln{(\\mathrm{base})}} + c and, base = 10 put in, \\ln{(10)} under the line."""
    law = next(law for law in by_id["bytedance2025"].laws if law.expression == "s*log(L_ocr, base) + c")
    assert typeset.formula(law) == (
        r"\mathrm{Acc} = s \log_{\mathrm{base}}{\left(L_{\mathrm{ocr}} \right)} + c")
    assert re.fullmatch(r"\\mathrm\{Acc\} = - [\d.]+ \\log_\{10\}\{\\left\(L_\{\\mathrm\{ocr\}\} \\right\)\} \+ [\d.]+",
                        typeset.with_constants(law)), typeset.with_constants(law)
    assert typeset.plain_text(law, constants=False) == "Acc = s*log(L_ocr, base) + c"
    assert typeset.formula(_law("a*log(N, 3)**2/2", {"a": 1.0})) == r"L = \frac{a \log_{3}^{2}{\left(N \right)}}{2}"


def test_printed_digits_without_a_leading_zero_get_one():
    """hernandez2022 prints alpha = -.50: N^{- .50} read as a stray dot; 0.50 keeps its precision."""
    law = _law("k*N**alpha", {"k": 5.1e7, "alpha": -0.5}, {"k": "5.1e7", "alpha": "-.50"})
    assert typeset.with_constants(law) == r"L = 5.1 \cdot 10^{7} N^{- 0.50}"
    assert typeset.plain_text(law) == "L = 5.1e7*N**(-0.50)"


def test_plain_text_prints_in_the_order_its_record_writes_it(by_id, chinchilla):
    """The text of a formula (a custom table's text, CSV and Markdown column) followed sympy's
    canonical order after the LaTeX stopped: Chinchilla read A/N**alpha + B/D**beta + E, a
    coefficient came after its power (C**a*k_N), Khatri's denominator (C_mid/C)**B + 1. It is
    printed from the same written formula as the LaTeX, each quotient once bracketed."""
    laws = {law.id: law for law in by_id["hoffmann2022"].laws}
    assert typeset.plain_text(chinchilla.law, constants=False) == "L = E + A/N**alpha + B/D**beta"
    assert typeset.plain_text(chinchilla.law) == "L = 1.69 + 406.4/N**0.34 + 410.7/D**0.28"
    assert typeset.plain_text(laws["compute-optimal-parameters"], constants=False) == "N_opt = k_N*C**a"
    khatri = next(law for law in by_id["khatri2025"].laws if law.id == "sigmoid-compute-performance")
    assert typeset.plain_text(khatri, constants=False) == "R_C = R_0 + (A - R_0)/(1 + (C_mid/C)**B)"
    # a negative value signed where it stands, out of a product and out of a quotient
    negative = _law("E - A*N + B*N", {"E": 1.0, "A": -2.0, "B": -3.0})
    assert typeset.plain_text(negative) == "L = 1.0 + 2.0*N - 3.0*N"
    quotient = _law("(mu*A)/(nu*N)", {"mu": -0.5, "nu": -0.25, "A": 2.0})
    assert typeset.plain_text(quotient) == "L = 0.5*2.0/(0.25*N)"
    assert typeset.plain_text(_law("E*N**(-alpha)", {"E": 1.0, "alpha": -0.5})) == "L = 1.0*N**0.5"
    # brackets only where they are needed: a power of a power, a sum under a power, minus a sum
    assert typeset.plain_text(_law("k/N**(d**phi) - (A + N)", {"k": 1.0, "d": 2.0, "phi": 0.5, "A": 1.0}),
                              constants=False) == "L = k/N**(d**phi) - (A + N)"
    # a literal in its shortest digits, not sympy's fifteen (1000000000.00000)
    assert typeset.plain_text(_law("A*(N/1e9)**0.34", {"A": 1.0}), constants=False) == "L = A*(N/1e9)**0.34"


def test_pretty_print_follows_the_order_its_record_writes_it(chinchilla, by_id):
    """show --pretty printed Chinchilla as A⋅N^-α + B⋅D^-β + E: now as the paper writes it."""
    from catalog.cli import render

    pretty = render.formula_text(chinchilla.law, pretty=True)
    assert pretty.splitlines()[1].startswith("L = E + ") and "-α" not in pretty, pretty
    laws = {law.id: law for law in by_id["hoffmann2022"].laws}
    optimal = render.formula_text(laws["compute-optimal-parameters"], pretty=True)
    assert optimal.splitlines()[-1] == "Nₒₚₜ = k_N⋅C ", optimal
    # a literal in its shortest digits, as the text prints it, not sympy's 10000000000000.0
    gokce = next(law for law in by_id["gokce2025"].laws if law.id == "neural-alignment-compute")
    assert "⎝1e13⎠" in render.formula_text(gokce, pretty=True) and "10000000000000" not in render.formula_text(gokce, pretty=True)


def test_every_form_printed_as_text_reads_back_as_the_laws_expression(papers):
    """Round trip over the catalog: each formula and definition printed as text in its written order
    (over the symbols' names) is read back by the guarded parser as exactly the expression the
    record's text parses to, so no bracket is missing or misplaced."""
    from catalog import definitions
    from catalog.engine import compiler, formulas
    from catalog.publish import written

    count = 0
    for paper in papers:
        for law in paper.laws:
            for text in [law.expression, *definitions.definitions(law).values()]:
                tree, _ = compiler.display_tree(law, text)
                printed = written.text(typeset.as_printed(written.written(tree, (), frozenset())))
                expected = formulas.parse(text, tuple(law.symbols))
                assert formulas.parse(printed, tuple(law.symbols)) == expected, (paper.id, law.id, text, printed)
                count += 1
    assert count > 600


def test_every_text_with_constants_has_the_laws_value(papers):
    """Each law's text with its default constants (negative ones signed by the formula) read back by
    the guarded parser has the law's value with those constants, at a point. The guard refuses a
    few texts for their numbers alone (a power of two literals, 10**2.03; an exponent of
    exp(57.76*(...))): those are left out, and none for another reason."""
    import sympy

    from catalog import definitions
    from catalog.engine import formulas

    checked = negative = 0
    for paper in papers:
        for law in paper.laws:
            cs = law.default_constants()
            if cs is None:
                continue
            fixed = {n: s.value for n, s in law.symbols.items() if s.role == "fixed" and s.value is not None}
            values = {**cs.values, **fixed}
            names = tuple(law.symbols)
            for text, equation in zip([law.expression, *definitions.definitions(law).values()],
                                      typeset.plain_text(law, cs).split("; "), strict=True):
                body = equation.split(" = ", 1)[1] if law.form == "explicit" or text != law.expression else equation[:-4]
                try:
                    printed = formulas.parse(body, names)
                except formulas.FormulaError as exc:
                    assert "literals" in str(exc) or "exponents multiply" in str(exc), (paper.id, law.id, body, exc)
                    continue
                recorded = formulas.parse(text, names)
                expected = recorded.xreplace(
                    {s: sympy.Float(values[s.name]) for s in recorded.free_symbols if s.name in values})
                inputs = sorted(printed.free_symbols | expected.free_symbols, key=str)
                point = {s: 1.1 + 0.07 * i for i, s in enumerate(inputs)}
                at = [complex(sympy.N(e.xreplace(point))) for e in (printed, expected)]
                assert at[0] == pytest.approx(at[1], rel=1e-9, nan_ok=True), (paper.id, law.id, body)
                checked += 1
                negative += any(cs.values.get(s.name, 0) < 0 for s in recorded.free_symbols)
    assert checked > 380 and negative > 20, (checked, negative)


def test_values_stand_where_the_parameters_stand_not_multiplied_out(by_id):
    kaplan = next(law for law in by_id["kaplan2020"].laws if law.id == "loss-n-d")
    line = typeset.with_constants(kaplan)
    # (N_c / N)^(alpha_N / alpha_D): no 15-digit product of constants the paper never printed
    assert r"\left(\frac{6.4 \cdot 10^{13}}{N}\right)^{\frac{0.076}{0.103}}" in line, line


def test_printed_digits_are_kept_and_negative_values_signed_by_the_formula():
    law = _law("E + A*N**alpha", {"E": 1.5, "A": 2.0e13, "alpha": -0.25}, printed={"E": "1.50", "alpha": "-0.250"})
    assert typeset.with_constants(law) == r"L = 1.50 + 2 \cdot 10^{13} N^{- 0.250}"


def test_a_value_in_scientific_notation_is_bracketed_under_a_power():
    law = _law("A**N", {"A": 1.5e-3}, printed={"A": "1.5e-3"})
    assert typeset.with_constants(law) == r"L = \left(1.5 \cdot 10^{-3}\right)^{N}"


def test_adjacent_values_are_separated_so_they_do_not_read_as_one_number():
    law = _law("A*B*N", {"A": 1.5, "B": 2.5})
    assert typeset.with_constants(law) == r"L = 1.5 \cdot 2.5 N"


def test_no_constants_no_line():
    law = _law("A*N", {"A": 2.0})
    assert typeset.with_constants(law.model_copy(update={"constant_sets": []})) is None
    other = ConstantSet.model_validate({"id": "other", "provenance": "paper", "locator": "Eq. 1", "label": "Other",
                                        "source": "test", "values": {"A": 3}})
    assert typeset.with_constants(law, other) == "L = 3 N"


def test_a_fixed_value_stands_where_its_name_stands_not_multiplied_out():
    """C/P with P = 8.64e19 (a petaflop/s-day) printed as sympy substitutes it was
    1.15740740740741e-20 C, digits no paper prints; a small integer is a coefficient (6 N D)."""
    law = _law("a*(C/P)**b + k*N", {"a": 2.0, "b": 0.5})
    law.symbols.update({"C": law.symbols["N"].model_copy(update={"meaning": "Compute"}),
                        "P": law.symbols["N"].model_copy(update={"role": "fixed", "value": 8.64e19}),
                        "k": law.symbols["N"].model_copy(update={"role": "fixed", "value": 6})})
    assert typeset.formula(law) == r"L = a \left(\frac{C}{8.64 \cdot 10^{19}}\right)^{b} + 6 N"
    assert typeset.with_constants(law) == r"L = 2.0 \left(\frac{C}{8.64 \cdot 10^{19}}\right)^{0.5} + 6 N"
    assert typeset.magnitude(None, 1e9) == "10^{9}" and typeset.magnitude("1.0e9", 1e9) == r"1.0 \cdot 10^{9}"


def test_unprinted_values_use_the_shortest_digits_that_read_back():
    assert typeset.magnitude(None, 406.4) == "406.4"
    assert typeset.magnitude(None, 1.8e13) == r"1.8 \cdot 10^{13}"
    assert typeset.magnitude(None, -2.5e-7) == r"2.5 \cdot 10^{-7}"
    assert typeset.magnitude(None, 0.00344290848645956) == "0.00344290848645956"
    assert typeset.magnitude(None, 7) == "7" and typeset.magnitude("7.0", 7) == "7.0"


def _printed_by_sympy(law, with_constants: bool) -> str | None:
    """What sympy prints directly: the expression as written (:mod:`catalog.publish.written`), or
    with the values as the parameters' names (negative ones as minus the name), without typeset's
    one-printing shortcuts; a law over defined symbols as printed over them, each definition on a
    line below ('where ...')."""
    from catalog import definitions

    equations = [(law.output_symbol, law.form, law.expression)] + [
        (name, "explicit", text) for name, text in definitions.definitions(law).items()]
    lines = [_equation_by_sympy(law, text, name, form, with_constants) for name, form, text in equations]
    if None in lines:
        return None
    if len(lines) == 1:
        return lines[0]
    return r"\begin{gathered}" + lines[0] + r" \\ \text{where } " + r" \\ ".join(lines[1:]) + r"\end{gathered}"


def _equation_by_sympy(law, text: str, lhs: str, form: str, with_constants: bool) -> str | None:
    from catalog.engine import compiler
    from catalog.publish import written

    # fixed values print where their names stand, in both lines
    fixed = {n: s.value for n, s in law.symbols.items() if s.role == "fixed" and s.value is not None}
    cs = law.default_constants()
    if cs is None and with_constants:
        return None
    values = {**(cs.values if with_constants else {}), **fixed}
    tree, numbers = compiler.display_tree(law, text)
    expr = written.written(tree, numbers, frozenset(n for n, v in values.items() if v < 0))
    by_name = {s.name: s for s in expr.free_symbols}
    texts = {by_name[name]: typeset.magnitude(None if name in fixed else cs.printed.get(name), value)
             for name, value in values.items() if name in by_name}
    settings = {"parenthesize_super": True} if texts else {}
    # the other symbols by their names as typeset writes them (multi-letter parts upright)
    names = {s: typeset.symbol(s.name) for s in expr.free_symbols}
    settings["symbol_names"] = {**names, **texts}
    # a root kept whole (a fixed value put in under it too), logs in their base (tested below)
    body = written.latex(typeset.as_printed(expr, compiler.put_in(law)), ln_notation=True, max=6, **settings)
    return f"{typeset.symbol(lhs)} = {body}" if form == "explicit" else f"{body} = 0"


# a value in scientific notation that typeset brackets as a factor of a product (not as a base)
_BRACKETED = re.compile(r"\\left\((\d[\d.]* \\cdot 10\^\{-?\d+\})\\right\)(?!\^)")


def _undotted(text: str | None) -> str | None:
    return None if text is None else _BRACKETED.sub(r"\1", text).replace(r" \cdot ", " ")


def test_every_law_prints_as_sympy_prints_it(papers):
    """typeset prints each expression once, with placeholders, and fills in both lines (and
    prints some over symbols without assumptions): the text must be sympy's own, but for the
    multiplication dots typeset adds before a number that follows a factor (tested below)."""
    for paper in papers:
        for law in paper.laws:
            assert _undotted(typeset.formula(law)) == _undotted(_printed_by_sympy(law, False)), (paper.id, law.id)
            assert _undotted(typeset.with_constants(law)) == _undotted(_printed_by_sympy(law, True)), (paper.id, law.id)


def test_a_value_after_a_symbol_is_dotted_so_it_does_not_read_as_a_subscript_or_a_product_of_names():
    """sympy orders a product's symbols by name, so a constant can follow a symbol: N 2 would
    read as N_2, \\tilde{L}_{S} 1.315 as a label."""
    assert typeset.with_constants(_law("N*k", {"k": 2})) == r"L = N \cdot 2"
    law = _law("exp(-N*k) + N**a*k", {"k": 0.756, "a": 0.5})
    assert typeset.with_constants(law) == r"L = e^{- N \cdot 0.756} + N^{0.5} \cdot 0.756"
    # a value already after an operator or an opening bracket stays as it is
    assert typeset.with_constants(_law("A + N/(1 + k)", {"A": 1.5, "k": 2})) == r"L = 1.5 + \frac{N}{1 + 2}"
    # after a Greek letter too (shen2024b's \\beta 4.6 read as one name): a command, but a factor
    law = _law("N*beta*k", {"k": 4.6})
    law.symbols["beta"] = law.symbols["N"]
    assert typeset.with_constants(law) == r"L = N \beta \cdot 4.6"


def test_a_value_in_scientific_notation_is_bracketed_as_a_factor_of_a_product():
    """henighan2020's C_0 pfday: C_0 (8.64 \\cdot 10^{19}) and (1.8 \\cdot 10^{-8}) (8.64 \\cdot 10^{19}),
    not a chain of dots in which the factors cannot be told apart; alone, or as a coefficient
    before a bracket, it stays as it is."""
    law = _law("(C0*k/N)**a", {"C0": 1.8e-8, "a": 0.19})
    law.symbols["k"] = law.symbols["N"].model_copy(update={"role": "fixed", "value": 8.64e19})
    assert typeset.formula(law) == r"L = \left(\frac{C_{0} \left(8.64 \cdot 10^{19}\right)}{N}\right)^{a}"
    assert typeset.with_constants(law) == (r"L = \left(\frac{\left(1.8 \cdot 10^{-8}\right) "
                                          r"\left(8.64 \cdot 10^{19}\right)}{N}\right)^{0.19}")
    assert typeset.with_constants(_law("a*b*N", {"a": 7.15e-5, "b": 0.29})) == r"L = \left(7.15 \cdot 10^{-5}\right) \cdot 0.29 N"
    assert typeset.with_constants(_law("A*(N/k)**b", {"A": 7.15e-5, "b": 0.29, "k": 3})).startswith(r"L = 7.15 \cdot 10^{-5} \left(")
    assert typeset.with_constants(_law("A/N", {"A": 1.5e-5})) == r"L = \frac{1.5 \cdot 10^{-5}}{N}"


def test_symbol_names_of_several_letters_print_upright_and_the_rest_as_sympy_prints_them():
    """KaTeX sets a run of letters in italic as a product of variables (BLEU as B L E U, L_inf
    as L sub i n f): a part of several letters that sympy leaves as it is prints upright."""
    assert typeset.symbol("BLEU") == r"\mathrm{BLEU}"
    assert typeset.symbol("L_ref") == r"L_{\mathrm{ref}}"
    # a subscript 'inf' is the limit as the papers write it (L_inf, Err_inf, L_inf_z): not 'inf' upright
    assert typeset.symbol("L_inf") == r"L_{\infty}" and typeset.symbol("Err_inf") == r"\mathrm{Err}_{\infty}"
    # (yang2025 prints L_inf,z: the parts after it are separated by commas, tested below)
    assert typeset.symbol("L_inf_z") == r"L_{\infty,z}" and typeset.symbol("I_info") == r"I_{\mathrm{info}}"
    assert typeset.symbol("alpha0_ref") == r"\alpha_{0 \mathrm{ref}}"
    assert typeset.symbol("S1cpt") == r"\mathrm{S1cpt}"
    # single letters, Greek names, digit subscripts and sympy's modifiers are sympy's own
    for name, latex in {"N": "N", "alpha": r"\alpha", "A0": "A_{0}", "N_c": "N_{c}", "Nbar_d": r"\bar{N}_{d}"}.items():
        assert typeset.symbol(name) == latex


def test_a_name_sympy_would_print_with_a_command_the_tables_lack_prints_upright():
    """sympy prints Escr as \\mathscr{E} (mathrsfs, which a LaTeX table does not load: one such
    symbol stopped pdflatex on the whole table), beth as \\beth: a part whose LaTeX uses a command
    outside the LaTeX fields' list (textguard.MATH_COMMANDS, defined by amsmath and amssymb) prints
    upright as it is written; the accents and letters on that list stay sympy's."""
    import importlib

    from catalog import textguard

    latex = importlib.import_module("sympy.printing.latex")
    names = ([f"x{m}" for m in latex.modifier_dict] + [f"alpha{m}_{m}" for m in latex.modifier_dict]
             + sorted(latex.other_symbols) + sorted(latex.tex_greek_dictionary))
    for name in names:
        assert textguard.latex_reason(typeset.symbol(name)) is None, (name, typeset.symbol(name))
    assert typeset.symbol("Escr") == r"\mathrm{Escr}" and typeset.symbol("beth") == r"\mathrm{beth}"
    assert typeset.symbol("N_mho") == r"N_{\mathrm{mho}}"
    for name, kept in {"Nhat": r"\hat{N}", "xddot": r"\ddot{x}", "Lcal": r"\mathcal{L}", "ell": r"\ell",
                       "Lbold": r"\boldsymbol{L}", "varphi": r"\varphi"}.items():
        assert typeset.symbol(name) == kept


def test_a_name_of_three_words_prints_whole_not_as_a_subscript_of_two(by_id):
    r"""prestel2026's one_minus_SSIM (the paper's 1 - SSIM) typeset as \mathrm{one}_{\mathrm{minus}
    \mathrm{SSIM}}; a name of three or more words (none a Greek letter, a single letter or 'inf')
    prints whole and upright, its '_' escaped. Names with a letter, Greek or limit part are as before."""
    from catalog import textguard

    assert typeset.symbol("one_minus_SSIM") == r"\mathrm{one\_minus\_SSIM}"
    law = next(law for law in by_id["prestel2026"].laws if law.id == "nvs-ssim-compute-data")
    printed = typeset.formula(law)
    assert printed.startswith(r"\mathrm{one\_minus\_SSIM} = ") and textguard.latex_reason(printed) is None
    for name, latex in {"alpha_const_ptb": r"\alpha_{\mathrm{const} \mathrm{ptb}}", "b_gap_g": r"b_{\mathrm{gap} g}",
                        "L_inf_zt": r"L_{\infty,\mathrm{zt}}", "Err_inf": r"\mathrm{Err}_{\infty}",
                        "d_boardsize_plateau": r"d_{\mathrm{boardsize} \mathrm{plateau}}"}.items():
        assert typeset.symbol(name) == latex


def test_a_star_or_prime_suffix_is_the_mark_on_the_symbol_not_a_subscript():
    """ghorbani2021's alpha_star is the paper's α*: sympy printed \\alpha_{\\mathrm{star}} (and αₛₜₐᵣ)."""
    assert typeset.symbol("alpha_star") == r"\alpha^{*}"
    assert typeset.symbol("R_D_star") == r"R^{*}_{D}"  # Muennighoff et al.'s R*_D
    assert typeset.symbol("x_prime") == r"x^{\prime}"
    # a mark is a whole last part: a subscript that only ends so, or a name without '_', is as before
    assert typeset.symbol("E_start") == r"E_{\mathrm{start}}" and typeset.symbol("Rstar") == r"\mathrm{Rstar}"
    assert typeset.marked("alpha_star") == ("alpha", "star") and typeset.marked("star") == ("star", None)


def test_formula_prints_multi_letter_symbols_upright():
    law = _law("L_inf + A*BLEU/N", {"L_inf": 1.5, "A": 2.0, "BLEU": 3.0})
    assert typeset.formula(law) == r"L = L_{\infty} + \frac{A \mathrm{BLEU}}{N}"


def test_a_root_over_a_quotient_prints_as_one_root(by_id):
    """sympy splits the root of a quotient of positive symbols: villalobos2024's r*sqrt(C/(k*r))
    printed \\frac{\\sqrt{C} \\sqrt{r}}{\\sqrt{k}}, sun2024's sqrt(B/(B_noise*n)) as
    \\frac{\\sqrt{B}}{\\sqrt{B_{noise}} \\sqrt{n}}; each is one root, as the papers write it, on the
    site, in LaTeX tables and in show --pretty. A lone root of a denominator stays (K/\\sqrt{D})."""
    from catalog.cli import render
    from catalog.publish import custom_tables

    laws = {law.id: law for p in ("villalobos2024", "sun2024") for law in by_id[p].laws}
    # a custom table prints the site's form (the fixed k = 6 put in), show --pretty the recorded one over k
    assert custom_tables.law_formula(laws["compute-based-dataset-size"]).latex == r"D = r \sqrt{\frac{C}{6 r}}"
    lr = laws["expert-specific-learning-rate"]
    # the site puts in the fixed n = 16 (sympy takes its root out: 4); it goes back under the root,
    # and B_noise, a parameter, stays under it
    assert typeset.formula(lr) == (r"\mathrm{eps}_{\mathrm{opt}} = \frac{2 \mathrm{eps}_{\mathrm{max}}}"
                                   r"{\sqrt{\frac{16 B_{\mathrm{noise}}}{B}} + \sqrt{\frac{B}{16 B_{\mathrm{noise}}}}}")
    # show --pretty prints the recorded form over k, as written (sympy's order joined r under the root)
    assert render.formula_text(laws["compute-based-dataset-size"], pretty=True) == (
        "          _____\n         ╱  C  \nD = r⋅  ╱  ─── \n      ╲╱   k⋅r ")
    assert typeset.formula(_law("A/sqrt(N)", {"A": 1.0})) == r"L = \frac{A}{\sqrt{N}}"


def test_a_root_kept_whole_has_the_value_of_the_split_one(papers):
    """typeset.rooted only regroups: for every law whose printing it changes, both forms have the
    same value at a point (each symbol a distinct positive number)."""
    import sympy

    from catalog.engine import compiler

    changed = 0
    for paper in papers:
        for law in paper.laws:
            expr = compiler.display_form(law, law.expression)
            kept = typeset.rooted(expr, compiler.put_in(law))
            if kept == expr:
                continue
            changed += 1
            point = {s: sympy.Rational(i + 2, 3) for i, s in enumerate(sorted(expr.free_symbols, key=str))}
            assert sympy.N(kept.xreplace(point) - expr.xreplace(point)) == pytest.approx(0, abs=1e-12), law.id
    assert changed >= 2


def test_a_limit_of_one_of_a_family_prints_its_subscripts_after_the_infinity_sign(by_id):
    """yang2025's L_inf_z (the paper's L_inf,z) printed L_{\\infty z} in LaTeX and plainly as L_inf_z
    in show --pretty, where L_inf is L_\\infty and L_∞; both now write L_{\\infty,z} and L_∞,z, the
    parts after a subscript 'inf' separated by commas as the paper writes them. Other subscripts are
    as before (sympy's spaces)."""
    from catalog.cli import render

    assert typeset.symbol("L_inf_z") == r"L_{\infty,z}" and typeset.symbol("C_inf_x") == r"C_{\infty,x}"
    assert typeset.symbol("L_inf") == r"L_{\infty}" and typeset.symbol("L_inf_star") == r"L^{*}_{\infty}"
    assert typeset.symbol("I_inf_error") == r"I_{\infty,\mathrm{error}}" and typeset.symbol("N_c_x") == "N_{c x}"
    law = next(law for law in by_id["yang2025"].laws if "L_inf_z" in law.symbols)
    assert typeset.formula(law).endswith(r" + L_{\infty,z}"), typeset.formula(law)
    pretty = render.formula_text(law, pretty=True)
    assert "L_∞,z" in pretty and "inf" not in pretty, pretty
    starred = _law("A/N + L_inf_star", {"A": 1.0, "L_inf_star": 2.0})
    assert "L_∞*" in render.formula_text(starred, pretty=True)


def test_logarithms_print_in_their_base(by_id):
    """sympy builds log10(x) as log(x)/log(10), which every output printed as
    \\frac{\\log{\\left(N \\right)}}{\\log{\\left(10 \\right)}}: Clark et al.'s law read
    10^{a log(N)/log(10) + ...}. A logarithm in base 10 or 2 prints as the papers write it."""
    from catalog.cli import render
    from catalog.publish import custom_tables

    clark = by_id["clark2022"].laws[0]
    assert custom_tables.law_formula(clark).latex.startswith(
        r"L = 10^{a \log_{10}{\left(N \right)} + b \log_{10}{\left(\hat{E} \right)} + "
        r"c \log_{10}{\left(N \right)} \log_{10}{\left(\hat{E} \right)} + d}")
    assert custom_tables.law_formula(clark).text.startswith("L = 10**(a*log10(N) + b*log10(Ehat) + ")
    du = next(law for law in by_id["du2024"].laws if law.id == "growth-timing")
    assert typeset.formula(du) == r"d = 10^{a \log_{10}{\left(N \right)} + \frac{b}{\log_{10}{\left(C \right)}} + c_{0}}"
    kwa = next(law for law in by_id["kwa2025"].laws if law.id == "success-vs-task-length")
    assert r"\log_{2}{\left(h \right)} - \log_{2}{\left(t \right)}" in typeset.formula(kwa)
    assert "log₁₀(N)" in render.formula_text(clark, pretty=True)
    assert "log10(" in typeset.plain_text(next(law for law in by_id["rybkin2025"].laws if law.id == "batch-size"))
    # a natural logarithm stays one, written ln (a bare log reads as base 10 or 2 to many readers:
    # kim2025's S = 0.73 + 0.28 ln(c) printed as log(c)), and so does a log(10) no other logarithm divides
    assert typeset.formula(_law("A*log(N)", {"A": 1.0})) == r"L = A \ln{\left(N \right)}"
    assert typeset.formula(_law("A*log(10)*N", {"A": 1.0})) == r"L = A \ln{\left(10 \right)} N"


def test_a_logarithm_in_its_base_has_the_value_of_sympys(papers):
    """typeset.based_logs only renames: for every law whose printing it changes, both forms have
    the same value at a point (each symbol a distinct positive number)."""
    import sympy

    from catalog.engine import compiler

    changed = 0
    for paper in papers:
        for law in paper.laws:
            for text in (law.expression, *(s.expression for s in law.symbols.values() if s.role == "defined")):
                expr = compiler.display_form(law, text)
                based = typeset.based_logs(expr)
                if based == expr:
                    continue
                changed += 1
                point = {s: sympy.Rational(i + 2, 3) for i, s in enumerate(sorted(expr.free_symbols, key=str))}
                back = based.rewrite(sympy.log).xreplace(point)
                assert sympy.N(back - expr.xreplace(point)) == pytest.approx(0, abs=1e-12), law.id
    assert changed >= 15


def test_roots_are_joined_only_where_the_joined_root_has_their_value():
    """sqrt(a)/sqrt(b) is sqrt(a/b) only when b > 0, and sqrt(a)*sqrt(c) is sqrt(a*c) only when one
    of them is >= 0: over real parameters (a record's, which may be negative: the constants line
    puts -4 and -1 in) the joined root printed sqrt((-4)/((-1))) = 2 for a law whose value is
    sqrt(-4)/sqrt(-1) (NaN in the engine; 2i/i as complex numbers, and sqrt(4)/sqrt(-1) = -2i
    where the joined root gives 2i). Such roots stay apart; those of positive symbols, and a real
    one with positive ones, are still joined (sun2024's B_noise)."""
    import sympy

    a, b, c = sympy.symbols("a b c", real=True)
    n, m = sympy.symbols("n m", positive=True)
    point = {a: -4, b: -1, c: -9, n: 2, m: 3}
    for expr in (sympy.sqrt(a) / sympy.sqrt(b), sympy.sqrt(a) * sympy.sqrt(1 / b) * sympy.sqrt(n),
                 sympy.sqrt(n) / sympy.sqrt(b), sympy.sqrt(a) * sympy.sqrt(c) / sympy.sqrt(m)):
        kept = typeset.rooted(expr)
        assert sympy.N(kept.xreplace(point)) == sympy.N(expr.xreplace(point)), (expr, kept)
    assert str(typeset.rooted(sympy.sqrt(a) / sympy.sqrt(n))) == "sqrt(a/n)"
    assert str(typeset.rooted(sympy.sqrt(n) * sympy.sqrt(1 / b))) == "sqrt(n/b)"
    assert str(typeset.rooted(sympy.sqrt(n) / sympy.sqrt(m))) == "sqrt(n/m)"
    law = _law("c*sqrt(a)/sqrt(b)", {"a": -4, "b": -1, "c": 1.0})
    assert "sqrt((-4)/((-1)))" not in typeset.plain_text(law)


def test_names_that_print_alike_are_refused():
    """y0 and y_0 both typeset y_{0}, aprime and a_prime both a′ ({a}' and a^{\\prime}): a record
    naming both would show a formula such as y_{0} - y_{0} for a law that is not zero."""
    from catalog import records

    assert [(a, b) for a, b, _ in records._printed_alike(["y0", "y_0", "aprime", "a_prime", "a_star", "L_inf"])] == [
        ("y0", "y_0"), ("aprime", "a_prime")]
    assert list(records._printed_alike(["L_inf", "L_inf_z", "Lbar", "L_bar", "alpha_star", "alphastar"])) == []


def test_a_fixed_number_under_a_root_stays_under_it(by_id):
    """villalobos2024's r*sqrt(C/(k*r)) with the fixed k = 6 put in: sympy takes sqrt(6)/6 out of
    the root, so the site printed \\frac{\\sqrt{6} r \\sqrt{\\frac{C}{r}}}{6} and table --constants
    \\frac{\\sqrt{6} \\cdot 20 \\sqrt{\\frac{C}{20}}}{6} (sqrt(6)*20*sqrt(C/20)/6 as text), where
    the paper writes sqrt(20 C/6). The number goes back under the root, as recorded, and so does a
    rational one a fixed value left (sun2024's 4, from n = 16: test_a_fixed_square_under_a_root_stays_under_it);
    the value is unchanged."""
    import sympy

    from catalog.cli import render
    from catalog.publish import custom_tables

    law = next(law for law in by_id["villalobos2024"].laws if law.id == "compute-based-dataset-size")
    assert typeset.formula(law) == r"D = r \sqrt{\frac{C}{6 r}}"
    assert typeset.with_constants(law) == r"D = 20 \sqrt{\frac{C}{6 \cdot 20}}"
    assert typeset.plain_text(law) == "D = 20*sqrt(C/(6*20))"
    assert custom_tables.law_formula(law, constants="default").latex == r"D = 20 \sqrt{\frac{C}{6 \cdot 20}}"
    assert "√6" not in render.formula_text(law, pretty=True)
    C, r = sympy.Symbol("C", positive=True), sympy.Symbol("r", real=True)
    for expr in (sympy.sqrt(C / (6 * r)) * r, sympy.sqrt(2) * sympy.sqrt(C) / 3, -sympy.sqrt(3) * sympy.sqrt(C * r)):
        kept = typeset.rooted(expr)
        for point in ({C: 3, r: 5}, {C: 3, r: -5}):
            assert complex(sympy.N(kept.xreplace(point))) == pytest.approx(complex(sympy.N(expr.xreplace(point))))
    assert typeset.rooted(-sympy.sqrt(3) * sympy.sqrt(C * r)) == -sympy.sqrt(3) * sympy.sqrt(C * r)  # negative: stays


def test_a_fixed_square_under_a_root_stays_under_it():
    """sun2024's 2 eps_max/(sqrt(B_noise n/B) + sqrt(B/(B_noise n))) with the fixed n = 16 put in:
    sympy takes 4 out of each root, and the site printed 4 sqrt(B_noise/B) + sqrt(B/B_noise)/4; the
    text joined a root over a product under the line with two brackets, sqrt(B/((B_noise*n))). Each
    root is one root over the whole quotient, with single brackets, in every output; a number the
    formula writes itself beside a root (2 sqrt(N)) stays out."""
    import sympy

    law = Law.model_validate({
        "id": "law", "name": "A law", "dependent_variable": "optimal_learning_rate", "scaling_variables": ["batch_size"],
        "expression": "2*m/(sqrt(b*n/B) + sqrt(B/(b*n))) + 2*sqrt(B)",
        "symbols": {"L": {"role": "output", "meaning": "Rate", "unit": "not stated"}, "B": {"role": "input", "meaning": "Batch", "unit": "not stated"},
                    "m": {"role": "parameter", "meaning": "m"}, "b": {"role": "parameter", "meaning": "b"},
                    "n": {"role": "fixed", "meaning": "n", "value": 16}},
        "constant_sets": [{"id": "fit", "provenance": "paper", "locator": "Table 1", "label": "Fit", "source": "test",
                           "values": {"m": 0.5, "b": 2.0}}]})
    assert typeset.formula(law) == r"L = \frac{2 m}{\sqrt{\frac{16 b}{B}} + \sqrt{\frac{B}{16 b}}} + 2 \sqrt{B}"
    assert typeset.with_constants(law) == \
        r"L = \frac{2 \cdot 0.5}{\sqrt{\frac{16 \cdot 2.0}{B}} + \sqrt{\frac{B}{16 \cdot 2.0}}} + 2 \sqrt{B}"
    assert typeset.plain_text(law) == "L = 2*0.5/(sqrt(16*2.0/B) + sqrt(B/(16*2.0))) + 2*sqrt(B)"
    # over the name (show --pretty, a formula printed without the value put in): one bracket
    b, n, B = sympy.Symbol("b", real=True), sympy.Symbol("n", positive=True), sympy.Symbol("B", positive=True)
    assert str(typeset.rooted(sympy.sqrt(B / (b * n)))) == "sqrt(B/(b*n))"
    assert str(typeset.rooted(sympy.sqrt(B) / 2)) == "sqrt(B)/2"  # no value put in: stays out


def test_a_keyword_escaping_underscore_is_no_empty_subscript(run):
    """abnar2025 names the paper's lambda 'lambda_' (lambda is a Python keyword): the formula and
    the custom table printed \\lambda_{}, an empty subscript, where the paper writes \\lambda."""
    assert typeset.symbol("lambda_") == r"\lambda"
    assert typeset.symbol("alpha_star") == r"\alpha^{*}" and typeset.symbol("N_c") == "N_{c}"
    result = run("table", "--columns", "law,form", "--where", "id=abnar2025", "--format", "latex")
    assert result.exit_code == 0, result.output
    assert r"\frac{c}{\left(1 - S\right)^{\lambda}}" in result.output and r"\lambda_{}" not in result.output


def test_every_form_as_written_has_the_laws_value(papers):
    """The formula is printed from the expression as written (unevaluated), not from the one the
    engine computes with: both have the same value, here at a point, for every formula and
    definition of the catalog (a wrong sign or a lost factor would show)."""
    import sympy

    from catalog import definitions
    from catalog.engine import compiler
    from catalog.publish import written

    for paper in papers:
        for law in paper.laws:
            for text in [law.expression, *definitions.definitions(law).values()]:
                computed = compiler.display_form(law, text)
                as_written = written.written(*compiler.display_tree(law, text), frozenset())
                point = {name: 1.1 + 0.07 * i for i, name in enumerate(sorted(law.symbols))}
                at = [complex(sympy.N(e.xreplace({s: point[s.name] for s in e.free_symbols}).rewrite(sympy.log)))
                      for e in (computed, as_written)]
                assert at[1] == pytest.approx(at[0], rel=1e-9, nan_ok=True), (paper.id, law.id, text)
