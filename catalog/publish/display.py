"""How a law shows itself in Jupyter: its formula (LaTeX, typeset by the notebook's MathJax)
and its constant sets. Every record text is HTML-escaped; LaTeX comes from sympy's printer of
the parsed expression, never from record text."""

from __future__ import annotations

from html import escape

from catalog.publish import typeset


def law_latex(ref) -> str:
    """The formula, then the same with the default constants in place of its parameters."""
    general = typeset.formula(ref.law)
    numeric = typeset.with_constants(ref.law)
    if numeric is None:
        return f"$${general}$$"
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
            f"<p>$${escape(typeset.formula(law))}$$</p><p>inputs: {inputs}</p>{constants}</div>")
