"""How a law shows itself in Jupyter: its formula (LaTeX, typeset by the notebook's MathJax)
and its constant sets. Every record text is HTML-escaped and kept from MathJax (:func:`_text`);
LaTeX comes from sympy's printer of the parsed expression, never from record text."""

from __future__ import annotations

from html import escape

from catalog import provenance
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


def _text(value: str) -> str:
    """Record text as HTML the notebook's MathJax leaves as it is: MathJax typesets the text of a
    whole HTML output, so a unit or name holding '$\\input{x}$' or '$$...$$' showed as math (or
    MathJax's error) instead of the text; 'tex2jax_ignore' is the class both the classic notebook's
    MathJax 2 and JupyterLab's MathJax 3 skip."""
    return f'<span class="tex2jax_ignore">{escape(value)}</span>'


def _number(value) -> str:
    return str(value) if isinstance(value, int) else f"{value:.6g}"


def _extent(r) -> str:
    """A fitted range as ``7e+07 to 1.6e+10``, its source after it; ``not stated in the sources``
    when they give no span."""
    source = f" <small>({_text(r.source)})</small>" if r.source else ""
    if not provenance.has_span(r):
        return "not stated in the sources" + source
    lo = _number(r.min) if r.min is not None else "?"
    hi = _number(r.max) if r.max is not None else "?"
    return f"{lo} to {hi}{source}"


def law_html(ref) -> str:
    """The law's name, formula, inputs with their units and fitted ranges, and each constant set
    with its provenance, locator, digits as printed, source and own fitted ranges, the default
    marked: what a notebook user needs before evaluating it."""
    law = ref.law
    default = law.default_constants()
    rows = []
    for cs in law.constant_sets:
        values = ", ".join(f"{escape(k)} = {escape(cs.printed.get(k) or _number(v))}" for k, v in cs.values.items())
        where = escape(cs.provenance) + (f", {_text(cs.locator)}" if cs.locator else "")
        own = "".join(f"<br>fitted range of <code>{escape(n)}</code> for this set: {_extent(r)}"
                      for n, r in cs.ranges.items())
        marker = " (default)" if default is not None and cs.id == default.id else ""
        rows.append(f"<tr><td><code>{escape(cs.id)}</code>{marker}</td><td>{where}</td><td>{values}</td>"
                    f"<td>{_text(cs.source)}{own}</td></tr>")
    constants = (
        "<table><thead><tr><th>constant set</th><th>provenance</th><th>values (as printed)</th><th>source</th>"
        "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>") if rows else (
        f"<p>No published constants{': ' + _text(law.no_constants_reason) if law.no_constants_reason else '.'}</p>")
    inputs = "".join(
        f"<tr><td><code>{escape(name)}</code></td><td>{_text(s.meaning)}</td><td>{_text(s.unit or '')}</td>"
        f"<td>{_extent(s.range) if s.range is not None else 'not recorded'}</td></tr>"
        for name, s in law.symbols.items() if s.role == "input")
    return (f"<div><p><strong>{escape(ref.id)}</strong>: {_text(law.name)}</p>"
            f"<p>$${escape(typeset.formula(law))}$$</p>"
            "<table><thead><tr><th>input</th><th>meaning</th><th>unit</th><th>fitted range (default set)</th>"
            f"</tr></thead><tbody>{inputs}</tbody></table>{constants}</div>")
