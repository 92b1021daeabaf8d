"""Escaping record text for the plain-text formats whose own rules are not HTML's or LaTeX's:
CSV cells that a spreadsheet would run as formulas, and Markdown cells (text and math) that a
Markdown renderer would turn into HTML.

HTML output uses ``html.escape`` (and the site's Jinja autoescape), LaTeX ``tables.latex_escape``,
BibTeX ``bibtex.latex_ascii``, the terminal ``rich.markup.escape``; record text never holds
control characters (refused by the schema, see ``catalog.textguard``).
"""

from __future__ import annotations

import re

# A spreadsheet reads a cell starting with one of these as a formula (CSV injection).
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
# '\d+(\.\d*)?', not '\d+\.?\d*': that split a cell's digits between '\d+' and '\d*' every way
# before failing ('-111...1x'), quadratic in them (11 s for a 20,000-character cell)
_NUMBER = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$|^[-+]?(inf|nan)$", re.ASCII)  # digits as slc.js reads them


def csv_cell(value: object) -> str:
    """A CSV cell that no spreadsheet runs: text starting with ``= + - @`` (or a tab or carriage
    return) gets a leading apostrophe, which spreadsheets show as text; numbers stay numbers."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_LEADS) and not _NUMBER.match(text):
        return "'" + text
    return text


_MD_SPECIALS = re.compile(r"([\\`*_\[\]|$])")


def markdown_text(text: str) -> str:
    """Text for one Markdown table cell: Markdown specials backslash-escaped, ``<`` and ``>`` as
    entities (no HTML gets through), line breaks as spaces."""
    text = text.replace("\r", " ").replace("\n", " ")
    text = _MD_SPECIALS.sub(r"\\\1", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def markdown_link_target(url: str) -> str:
    """A URL for a Markdown link's ``(...)`` in a table cell: a record's link (``https?://\\S+``, a
    DOI) may hold ``|`` (which ends the cell, leaving what follows as raw HTML in the next),
    ``<``, ``>``, parentheses and brackets; all are percent-encoded, the URL's own escapes kept."""
    from urllib.parse import quote

    return quote(url, safe=":/?#@!$&'*+,;=%~-._")


def markdown_math(latex: str) -> str:
    """LaTeX for a ``$...$`` Markdown cell. Markdown renderers pass math through untouched, so
    a ``<script>`` inside it would reach the HTML: ``<`` and ``>`` are written as the math
    commands ``\\lt`` and ``\\gt`` (the same symbols in KaTeX and MathJax), ``&`` as ``\\&``, a
    ``|`` (which would end the cell) as ``\\vert``, and ``$`` as ``\\$``."""
    out = latex.replace("\r", " ").replace("\n", " ")
    out = re.sub(r"(?<!\\)([&$])", r"\\\1", out)
    return out.replace("<", r"\lt ").replace(">", r"\gt ").replace("|", r"\vert ")


# A token of math LaTeX for :func:`latex_table_math`: an environment's ends, any other command.
_MATH_TOKEN = re.compile(r"\\(?:begin|end)\{[A-Za-z*]+\}|\\(?:[A-Za-z]+|.)", re.DOTALL)


def latex_table_math(latex: str) -> str:
    """LaTeX math for a ``$...$`` cell of a LaTeX table. A LaTeX field may hold ``\\\\`` (the
    survey's line break: yun2024's ``\\triangleq\\\\ \\log``), which TeX reads in a cell as the
    row's end, inside math ('Missing $ inserted'): at the formula's top level it is a space; inside
    an environment (sympy's cases) it ends that environment's row, followed by ``{}`` so that a
    ``[`` after it is no optional skip (``\\\\[x]``: 'Missing number')."""
    depth = 0

    def token(match: re.Match) -> str:
        nonlocal depth
        text = match.group()
        if text.startswith("\\begin{"):
            depth += 1
        elif text.startswith("\\end{"):
            depth = max(depth - 1, 0)
        elif text == "\\\\":
            return "\\\\{}" if depth else "\\ "
        return text

    return _MATH_TOKEN.sub(token, latex)
