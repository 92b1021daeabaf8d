"""How a law shows itself in Jupyter: its formula (LaTeX, typeset by the notebook's MathJax)
and its constant sets. Every record text is HTML-escaped; LaTeX comes from sympy's printer of
the parsed expression, never from record text."""

from __future__ import annotations

from html import escape

from catalog.schema import Law


def formula_latex(law: Law, with_constants: bool = False) -> str:
    """``L = E + \\frac{A}{N^{\\alpha}} + ...`` (the default constants substituted if asked)."""
    import sympy

    from catalog.site import jsgen

    expr = jsgen.law_expression(law)
    default = law.default_constants() if with_constants else None
    if default:
        by_name = {s.name: s for s in expr.free_symbols}
        expr = expr.xreplace({by_name[k]: sympy.Float(repr(float(v))) for k, v in default.values.items()
                              if k in by_name})
    body = sympy.latex(expr)
    if law.form == "implicit":
        return f"{body} = 0"
    return f"{sympy.latex(sympy.Symbol(law.output_symbol))} = {body}"


def law_latex(ref) -> str:
    """The formula, then the same with the default constants substituted."""
    general = formula_latex(ref.law)
    if not ref.law.default_constants():
        return f"$${general}$$"
    numeric = formula_latex(ref.law, with_constants=True)
    right = numeric.partition(" = ")[2]
    if ref.law.form == "implicit":
        return f"$$\\begin{{aligned}}{general}\\\\ {numeric}\\end{{aligned}}$$"
    return f"$$\\begin{{aligned}}{general.replace(' = ', ' &= ', 1)}\\\\ &= {right}\\end{{aligned}}$$"


def law_html(ref) -> str:
    law = ref.law
    rows = []
    for cs in law.constant_sets:
        values = ", ".join(f"{escape(k)} = {v!r}" for k, v in cs.values.items())  # as printed
        rows.append(f"<tr><td><code>{escape(cs.id)}</code></td><td>{values}</td><td>{escape(cs.source)}</td></tr>")
    constants = (
        "<table><thead><tr><th>constant set</th><th>values</th><th>source</th></tr></thead><tbody>"
        + "".join(rows) + "</tbody></table>") if rows else "<p>No published constants.</p>"
    inputs = ", ".join(f"<code>{escape(name)}</code> ({escape(s.meaning)})" for name, s in law.symbols.items()
                       if s.role == "input")
    return (f"<div><p><strong>{escape(ref.id)}</strong>: {escape(law.name)}</p>"
            f"<p>$${escape(formula_latex(law))}$$</p><p>inputs: {inputs}</p>{constants}</div>")
