"""Tables: one :class:`Table` object (columns, rows, caption) built from the database and
rendered to Markdown, LaTeX (booktabs), CSV, HTML, or the survey's own plain text.

Two kinds of tables are built:

* :func:`survey_table` regenerates the survey's Tables 2 to 8 row for row and cell for cell
  from the verbatim ``survey`` fields of the records, in the survey's row order
  (``survey.order``). Table 2 shows its modality group cell on the first row of each group only,
  and Tables 2 to 5 keep the survey's dashed row rules (``\\cdashline``), as printed.
* :func:`catalog.publish.custom_tables.custom_table` builds a table from chosen columns, the
  ``--where`` filters of :mod:`catalog.store.selection`, a sort and a grouping.

The site renders these same objects (``Table.to_html()``); the CLI prints them.

Formats:

* ``markdown``: a pipe table (math as ``$...$``), the caption below it.
* ``latex``: booktabs (``\\toprule``/``\\midrule``/``\\bottomrule``; the survey's dashed rules
  become ``\\cmidrule``), text escaped, math cells as their LaTeX source ``$...$``; long tables
  use ``longtable``. ``standalone=True`` gives a whole compilable document.
* ``csv``: a header row and one line per row; math cells as ``$...$``, everything else verbatim
  except text starting with ``= + - @``, which gets a leading ``'`` (see ``catalog.publish.escaping``).
* ``html``: an escaped ``<table>``; math as ``<span class="arithmatex">\\(...\\)</span>``.
* ``text``: the survey's presentation as in the seed text: cells joined by single spaces (empty
  cells skipped), the ``\\cdashline`` prefixes, and the ``Table N: caption`` line below; a custom
  table in aligned columns (two spaces apart), its caption below.
"""

from __future__ import annotations

import csv
import html
import io
import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Literal, Sequence

from catalog.publish import escaping
from catalog.store import selection

if TYPE_CHECKING:  # records are read as views (catalog.store.recordview) by the commands
    from catalog.schema import Paper

FORMATS = ("markdown", "latex", "csv", "html", "text", "json")
SURVEY_TABLES = (2, 3, 4, 5, 6, 7, 8)


class TableError(ValueError):
    """An unknown table number, column, sort key, grouping or constant set."""


# ---------------------------------------------------------------- the Table object


@dataclass(frozen=True)
class Cell:
    """One cell. ``text`` is the printed text (verbatim for survey tables); a math cell also
    has ``latex`` (its LaTeX source, without dollars); a linked cell has ``link`` (a URL)."""

    text: str = ""
    latex: str | None = None
    link: str | None = None

    @property
    def is_math(self) -> bool:
        return bool(self.latex)

    def __bool__(self) -> bool:
        return bool(self.text or self.latex)


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: float | None = None  # LaTeX: a ragged p-column of this fraction of \linewidth


@dataclass(frozen=True)
class Rule:
    """A rule drawn above a row: ``group`` (between groups: \\midrule) or ``dash`` (the survey's
    dashed rule between rows of a group, spanning columns ``first``..``last``, 1-based)."""

    kind: Literal["group", "dash"]
    first: int = 1
    last: int | None = None


@dataclass
class Row:
    cells: list[Cell]
    paper_id: str | None = None
    law_id: str | None = None
    position: int | None = None  # row position in the survey table, when regenerated
    rule: Rule | None = None
    group: str | None = None
    duplicate: bool = False  # the survey prints this paper's row a second time (Table 8)
    search: str | None = None  # words a filter finds the row by beyond its cells (the site's data-search)


@dataclass
class Table:
    columns: list[Column]
    rows: list[Row]
    caption: str = ""
    number: int | None = None  # the survey's table number, for regenerated tables
    label: str | None = None

    # ------------------------------------------------------------ access

    def column(self, key: str) -> list[Cell]:
        index = self._index(key)
        return [row.cells[index] for row in self.rows]

    def _index(self, key: str) -> int:
        for i, c in enumerate(self.columns):
            if c.key == key:
                return i
        raise KeyError(f"no column {key!r}; columns: {', '.join(c.key for c in self.columns)}")

    def records(self) -> list[dict[str, str]]:
        """The rows as dicts of column key -> printed text, a math cell as its LaTeX source between
        dollars (``$L = E + ...$``): the CSV's cells and the DataFrame's, so that ``read_csv`` of
        the file gives ``to_dataframe()``. The dollars say which cells are math in a format with
        no other way to, and Markdown, LaTeX and Jupyter's DataFrame view typeset them; the
        source alone is each math cell's ``latex`` (``to_json``)."""
        return [{c.key: (f"${cell.latex}$" if cell.is_math else cell.text) for c, cell in zip(self.columns, row.cells)}
                for row in self.rows]

    @property
    def title(self) -> str:
        return f"Table {self.number}: {self.caption}" if self.number is not None else self.caption

    def to_dataframe(self):
        """A pandas DataFrame of :meth:`records` (needs pandas: ``pip install 'scaling-law-catalog[notebook]'``)."""
        from catalog.frames import dataframe

        return dataframe(self.records(), [c.key for c in self.columns], instead="records()")

    def __repr__(self) -> str:
        """One line (the generated one printed every cell: some 20,000 characters for Table 7);
        Jupyter shows the table itself (``_repr_html_``), ``render()`` any format."""
        from catalog.frames import listed

        return (f"<table{'' if self.number is None else f' {self.number}'}: {len(self.rows)} rows; "
                f"columns {listed([c.key for c in self.columns], 8)}>")

    def _repr_html_(self) -> str:  # Jupyter shows the table (every cell escaped by to_html)
        return self.to_html()

    # ------------------------------------------------------------ rendering

    def render(self, fmt: str = "markdown", **options) -> str:
        if fmt not in FORMATS:
            raise TableError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")
        return getattr(self, f"to_{fmt}")(**options)

    def to_text(self) -> str:
        """The survey's presentation as in the seed text (see the module docstring); a custom
        table, which no seed prints, in aligned columns."""
        if self.number is None:
            return self._aligned_text()
        lines = [" ".join(c.header for c in self.columns)]
        for row in self.rows:
            prefix = ""
            if row.rule and row.rule.kind == "dash":
                prefix = f"\\cdashline{row.rule.first}-{row.rule.last or len(self.columns)} "
            lines.append(prefix + " ".join(cell.text for cell in row.cells if cell.text))
        if self.caption:
            lines.append(self.title)
        return "\n".join(lines) + "\n"

    def _aligned_text(self) -> str:
        """Each column padded to its widest cell, two spaces apart, the caption below: cells joined
        by one space ('Hestness et al. (2017) loss data R = k**(-alpha)') do not say where one ends."""
        grid = [[c.header for c in self.columns], *([cell.text for cell in row.cells] for row in self.rows)]
        widths = [max(len(line[i]) for line in grid) for i in range(len(self.columns))]
        lines = ["  ".join(text.ljust(width) for text, width in zip(line, widths)).rstrip() for line in grid]
        return "\n".join(lines + ([self.title] if self.caption else [])) + "\n"

    def as_dict(self) -> dict:
        """The table as data: its number and caption, the columns (key and header) and each row's
        paper, law ('paper/law') and group with its cells by column key. A cell is its printed
        text, with ``latex`` (math cells) and ``link`` (linked cells) where it has them."""
        def cell(c: Cell) -> dict:
            return {"text": c.text, **({"latex": c.latex} if c.latex else {}), **({"link": c.link} if c.link else {})}

        return {"number": self.number, "caption": self.caption,
                "columns": [{"key": c.key, "header": c.header} for c in self.columns],
                "rows": [{"paper": row.paper_id, "law": row.law_id, "group": row.group,
                          **({"position": row.position} if self.number is not None else {}),
                          **({"duplicate": True} if row.duplicate else {}),
                          "cells": {c.key: cell(x) for c, x in zip(self.columns, row.cells)}} for row in self.rows]}

    def to_json(self) -> str:
        import json

        return json.dumps(self.as_dict(), indent=2, ensure_ascii=False) + "\n"

    def to_markdown(self) -> str:
        out = ["| " + " | ".join(_md_text(c.header) for c in self.columns) + " |",
               "|" + "|".join(" --- " for _ in self.columns) + "|"]
        for row in self.rows:
            out.append("| " + " | ".join(_md_cell(cell) for cell in row.cells) + " |")
        if self.caption:
            out += ["", _md_text(self.title)]
        return "\n".join(out) + "\n"

    def to_csv(self) -> str:
        """:meth:`records` under a header of the column keys, for scripts and spreadsheets (a
        survey table's printed headers are in every other format and in ``to_json``'s columns);
        a cell a spreadsheet would run as a formula is neutralised (``escaping.csv_cell``)."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow([escaping.csv_cell(c.key) for c in self.columns])
        for record in self.records():
            writer.writerow([escaping.csv_cell(value) for value in record.values()])
        return buffer.getvalue()

    def to_html(self, table_id: str | None = None, css_class: str = "catalog-table") -> str:
        ident = table_id or (f"survey-table-{self.number}" if self.number is not None else None)
        attrs = f' class="{html.escape(css_class)}"' + (f' id="{html.escape(ident)}"' if ident else "")
        out = [f"<table{attrs}>"]
        if self.caption:
            out.append(f"<caption>{html.escape(self.title)}</caption>")
        out.append("<thead><tr>" + "".join(f'<th scope="col">{html.escape(c.header)}</th>' for c in self.columns)
                   + "</tr></thead>")
        out.append("<tbody>")
        labels = [html.escape(c.header, quote=True) for c in self.columns]
        for row in self.rows:
            classes = []
            if row.rule:
                classes.append(f"rule-{row.rule.kind}")
            if row.duplicate:
                classes.append("duplicate")
            attr = f' class="{" ".join(classes)}"' if classes else ""
            data = f' data-paper="{html.escape(row.paper_id)}"' if row.paper_id else ""
            # Table 2 prints a row's modality on its group's first row only: the group names it
            # on every row, so the site's filter and sort keep a group's later rows with it
            data += f' data-group="{html.escape(row.group)}"' if row.group else ""
            data += f' data-search="{html.escape(row.search)}"' if row.search else ""
            # each cell names its column (data-label), so a narrow page can show a row as "Column: value" lines
            out.append(f"<tr{attr}{data}>" + "".join(f'<td data-label="{label}">{_html_cell(cell)}</td>'
                                                   for label, cell in zip(labels, row.cells)) + "</tr>")
        out.append("</tbody>")
        out.append("</table>")
        return "\n".join(out) + "\n"

    def to_latex(self, standalone: bool = False, long: bool | None = None) -> str:
        """booktabs LaTeX. ``long`` (default: more than 25 rows) uses ``longtable`` so the table
        can break across pages; ``standalone`` wraps it in a compilable document."""
        # standalone: a document holding one table has nothing to float around, and a float taller
        # than the page is cut off at its foot (16 rows of MoE formulas lost a third of the table)
        long = (standalone or len(self.rows) > 25) if long is None else long
        spec = "".join(_latex_spec(c, w) for c, w in zip(self.columns, _fitted_widths(self.columns)))
        header = " & ".join(_latex_text(c.header) for c in self.columns) + r" \\"
        caption = _latex_text(self.caption)
        label = f"\\label{{{self.label}}}" if self.label else ""
        body = []
        for row in self.rows:
            if row.rule and row.rule.kind == "group":
                body.append(r"\midrule")
            elif row.rule and row.rule.kind == "dash":
                body.append(f"\\cmidrule(l){{{row.rule.first}-{row.rule.last or len(self.columns)}}}")
            body.append(" & ".join(_latex_cell(cell) for cell in row.cells) + r" \\")
        lines = [f"% {self.title}" if self.caption else "% table",
                 "% Needs \\usepackage{booktabs,array,amsmath,amssymb" + (",longtable" if long else "")
                 + "} (and hyperref for links)."]
        if long:
            lines += [f"\\begin{{longtable}}{{{spec}}}"]
            if self.caption:
                lines += [f"\\caption{{{caption}}}{label}\\\\"]
            lines += [r"\toprule", header, r"\midrule", r"\endfirsthead",
                      r"\toprule", header, r"\midrule", r"\endhead",
                      r"\bottomrule", r"\endlastfoot", *body, r"\end{longtable}"]
        else:
            lines += [r"\begin{table}[htbp]", r"\centering", r"\small", f"\\begin{{tabular}}{{{spec}}}",
                      r"\toprule", header, r"\midrule", *body, r"\bottomrule", r"\end{tabular}"]
            if self.caption:
                lines += [f"\\caption{{{caption}}}{label}"]
            lines += [r"\end{table}"]
        text = "\n".join(lines) + "\n"
        return latex_document([text]) if standalone else text


def latex_document(fragments: Sequence[str]) -> str:
    """A compilable pdflatex document holding the table fragments."""
    return "\n".join([
        r"\documentclass{article}",
        r"\usepackage[T1]{fontenc}",
        r"\usepackage[utf8]{inputenc}",
        r"\usepackage[landscape,margin=1.5cm]{geometry}",
        r"\usepackage{booktabs,longtable,array,amsmath,amssymb}",
        r"\usepackage{hyperref}",
        r"\begin{document}",
        *fragments,
        r"\end{document}",
        "",
    ])


# ---------------------------------------------------------------- escaping

# Unicode characters that LaTeX text mode cannot take as they are, with their math commands.
_UNICODE_MATH = {
    "×": r"\times", "−": "-", "±": r"\pm", "≈": r"\approx", "∝": r"\propto", "≤": r"\leq", "≥": r"\geq",
    "∞": r"\infty", "→": r"\rightarrow", "·": r"\cdot", "√": r"\surd", "∑": r"\sum", "∏": r"\prod",
    "α": r"\alpha", "β": r"\beta", "γ": r"\gamma", "δ": r"\delta", "ε": r"\varepsilon", "ϵ": r"\epsilon",
    "ζ": r"\zeta", "η": r"\eta", "θ": r"\theta", "κ": r"\kappa", "λ": r"\lambda", "μ": r"\mu", "ν": r"\nu",
    "ξ": r"\xi", "π": r"\pi", "ρ": r"\rho", "σ": r"\sigma", "τ": r"\tau", "φ": r"\phi", "χ": r"\chi",
    "ψ": r"\psi", "ω": r"\omega", "Γ": r"\Gamma", "Δ": r"\Delta", "Θ": r"\Theta", "Λ": r"\Lambda",
    "Σ": r"\Sigma", "Φ": r"\Phi", "Ψ": r"\Psi", "Ω": r"\Omega", "∼": r"\sim", "≠": r"\neq", "′": r"\prime",
    "∈": r"\in", "≳": r"\gtrsim", "≲": r"\lesssim",
}


# Code points pdflatex with T1 fonts and the utf8 input encoding typesets as they are, as
# (first, last): those its t1enc.dfu and ts1enc.dfu define (TeX Live 2022), each typeset by
# tests/test_latex.py. Latin Extended-B, the combining accents and most of General Punctuation are
# not among them: a law named with U+0126 stopped pdflatex ('not set up for use with LaTeX').
_LATEX_TAKES = (
    (0x20, 0x7E), (0xA0, 0x125), (0x128, 0x137), (0x139, 0x13E), (0x141, 0x148), (0x14A, 0x165),
    (0x168, 0x17E), (0x192, 0x192), (0x1C4, 0x1D4), (0x1E2, 0x1E3), (0x1E6, 0x1EB), (0x1F0, 0x1F0),
    (0x1F4, 0x1F5), (0x218, 0x21B), (0x232, 0x233), (0x237, 0x237), (0x2010, 0x2016), (0x2018, 0x201A),
    (0x201C, 0x201E), (0x2020, 0x2022), (0x2026, 0x2026), (0x2030, 0x2032), (0x2039, 0x203B),
    (0x203D, 0x203D), (0x2044, 0x2044), (0x204E, 0x204E), (0x2052, 0x2052),
)


def _text_accent(ch: str) -> str | None:
    """The text accent command (``=`` for ``\\=``) of a combining mark, which utf8 does not define
    alone; None for any other character."""
    if not 0x300 <= ord(ch) < 0x370:
        return None
    from catalog.publish.bibtex import _ACCENTS

    return _ACCENTS.get(ch)


def _latex_can_take(ch: str) -> bool:
    """Whether pdflatex typesets ``ch`` as it is (:data:`_LATEX_TAKES`); any other (an emoji, CJK,
    U+0126) would stop the run, and is named by its code point."""
    code = ord(ch)
    return any(first <= code <= last for first, last in _LATEX_TAKES)
_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\{",
    "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "<": r"\textless{}",
    ">": r"\textgreater{}", "|": r"\textbar{}", "\u00a0": "~",
}


# the ASCII characters of _LATEX_SPECIALS, any of which sends a text through latex_escape's walk
_ASCII_SPECIAL = re.compile("[" + re.escape("".join(ch for ch in _LATEX_SPECIALS if ch.isascii())) + "]")


def _flattened_math(text: str, i: int) -> tuple[str, int] | None:
    """The seed prints inline math as its flattened glyph followed by its LaTeX source
    ("4×\\times"); return (command, length) when such a pair starts at ``i``."""
    command = _UNICODE_MATH.get(text[i])
    if command and command.startswith("\\") and text.startswith(command, i + 1):
        end = i + 1 + len(command)
        if end >= len(text) or not text[end].isalpha():
            return command, 1 + len(command)
    return None


def display_text(text: str) -> str:
    """The reader's view of a verbatim cell: glyph-plus-source pairs ("4×\\times") become the
    glyph alone ("4×"), as the survey's reader sees it."""
    out, i = [], 0
    while i < len(text):
        pair = _flattened_math(text, i)
        if pair:
            out.append(text[i])
            i += pair[1]
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def latex_escape(text: str) -> str:
    """Text for LaTeX text mode: specials escaped, non-breaking spaces as ~, math glyphs (and
    the seed's glyph-plus-source pairs) as math."""
    if text.isascii() and text.isprintable() and not _ASCII_SPECIAL.search(text):
        return text  # printable ASCII pdflatex takes as it is (most names): no character to walk
    text = unicodedata.normalize("NFC", text)  # a letter and its combining accent as the one accented letter
    out, i = [], 0
    while i < len(text):
        pair = _flattened_math(text, i)
        if pair:
            out.append(f"${pair[0]}$")
            i += pair[1]
            continue
        ch = text[i]
        if ch in _LATEX_SPECIALS:
            out.append(_LATEX_SPECIALS[ch])
        elif ch in _UNICODE_MATH:
            out.append(f"${_UNICODE_MATH[ch]}$")
        elif ch in "\n\r\t":
            out.append(" ")
        elif _latex_can_take(ch):
            out.append(ch)
        elif (accent := _text_accent(ch)) and out and len(out[-1]) == 1 and out[-1].isascii() and out[-1].isalpha():
            out[-1] = f"\\{accent}{{{out[-1]}}}"  # a letter and its combining mark (N and U+0304: N-bar)
        else:
            out.append(f"\\texttt{{[U+{ord(ch):04X}]}}")
        i += 1
    return "".join(out)


# A word this long (a URL, a repository path) gets break points after its separators, and a run of
# letters and digits this long (a commit hash) every 8 characters: TeX breaks only at spaces and
# hyphens, and ran such a word hundreds of points past its p-column
_LONG_WORD = re.compile(r"\S{16,}")
_AFTER_SEPARATOR = re.compile(r"(?<=[/._:?&=#,+-])(?=[^/._:?&=#,+-])")
_LONG_RUN = re.compile(r"[A-Za-z0-9]{16,}")


def _latex_text(text: str) -> str:
    out, end = [], 0
    for word in _LONG_WORD.finditer(text):
        out.append(latex_escape(text[end:word.start()]))
        parts = []
        for chunk in (chunk for part in _AFTER_SEPARATOR.split(word.group()) for chunk in _chunks(part)):
            if parts and unicodedata.combining(chunk[0]):  # a mark stays with its letter (q and U+0301: \'{q})
                parts[-1] += chunk
            else:
                parts.append(chunk)
        out.append(r"\allowbreak{}".join(latex_escape(part) for part in parts))
        end = word.end()
    out.append(latex_escape(text[end:]))
    return "".join(out)


def _chunks(part: str) -> list[str]:
    """``part`` with each long run of letters and digits cut into pieces of 8."""
    pieces, end = [], 0
    for run in _LONG_RUN.finditer(part):
        pieces.append(part[end:run.start()])
        word = run.group()
        pieces.extend(word[i:i + 8] for i in range(0, len(word), 8))
        end = run.end()
    pieces.append(part[end:])
    return [p for p in pieces if p]


def _latex_url(url: str) -> str:
    # ^ percent-encoded too: TeX reads ^^5c in the \href argument as a backslash, ^^7b and ^^7d as
    # braces (a link that closes itself and runs \input), and ^ is no URL character (RFC 3986)
    return (url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D").replace("^", "%5E")
            .replace("%", r"\%").replace("#", r"\#"))


def _latex_cell(cell: Cell) -> str:
    if cell.is_math:
        return f"${escaping.latex_table_math(cell.latex)}$"
    body = _latex_text(cell.text)
    if cell.link and body:
        return f"\\href{{{_latex_url(cell.link)}}}{{{body}}}"
    return body


# The share of the line an l-column (an id, a year) and each column's padding are taken to need
_L_COLUMN_SHARE = 0.12
_PADDING_SHARE = 0.02


def _fitted_widths(columns: Sequence[Column]) -> list[float | None]:
    """The p-columns' widths, scaled down together where they and the l-columns would be wider than
    the line: six chosen columns (dependent, variables, form, constants, ranges) summed to 1.03
    \\linewidth before the law's id, and the table ran 238pt off the page."""
    widths = [c.width for c in columns]
    fixed = sum(w for w in widths if w)
    room = 1 - _L_COLUMN_SHARE * widths.count(None) - _PADDING_SHARE * len(widths)
    scale = min(1.0, max(room, 0.3) / fixed) if fixed else 1.0
    return [round(w * scale, 3) if w else None for w in widths]


def _latex_spec(column: Column, width: float | None) -> str:
    if width:
        return f">{{\\raggedright\\arraybackslash}}p{{{width:g}\\linewidth}}"
    return "l"


def _md_text(text: str) -> str:
    return escaping.markdown_text(display_text(text))


def _md_cell(cell: Cell) -> str:
    if cell.is_math:
        return "$" + escaping.markdown_math(cell.latex) + "$"
    body = _md_text(cell.text)
    if cell.link and body:
        return f"[{body}]({escaping.markdown_link_target(cell.link)})"
    return body


def _html_cell(cell: Cell) -> str:
    if cell.is_math:
        return f'<span class="arithmatex">\\({html.escape(cell.latex)}\\)</span>'
    body = html.escape(display_text(cell.text))
    if cell.link and body:
        return f'<a href="{html.escape(cell.link, quote=True)}">{body}</a>'
    return body


# ---------------------------------------------------------------- the survey's tables

# The survey's headers and captions, verbatim (Sengupta, Goel and Chakraborty 2025). The header
# cells joined by single spaces give the printed header line.
_INSIGHT_COLUMNS = [Column("paper", "Paper", 0.16), Column("key_insights", "Key insights", 0.4),
                    Column("applicability", "Applicability", 0.34)]
SURVEY_LAYOUT: dict[int, tuple[str, list[Column]]] = {
    2: ("Critical neural scaling laws for language, vision and multimodal models.",
        [Column("modality", "Modality", 0.09), Column("paper", "Paper", 0.14), Column("key_insights", "Key insights", 0.38),
         Column("applicability", "Applicability", 0.31)]),
    3: ("Key highlights from scaling of fine-tuned and domain-adapted models.", _INSIGHT_COLUMNS),
    4: ("Scaling laws of efficient models.", _INSIGHT_COLUMNS),
    5: ("Critical scaling laws for data mixing and knowledge capacity.", _INSIGHT_COLUMNS),
    6: ("Details on task, architecture of models and training setup for each paper surveyed.",
        [Column("paper", "Paper", 0.12), Column("category", "Category", 0.1), Column("task", "Task", 0.12),
         Column("architecture", "Architecture", 0.16), Column("datasets", "Datasets Used", 0.22),
         Column("model_range", "Model Range", 0.07), Column("data_range", "Data Range", 0.07)]),
    7: ("Scaling law forms proposed in different papers we surveyed.",
        [Column("paper", "Paper", 0.13), Column("dependent_variable", "Dependent variable", 0.12),
         Column("scaling_variables", "Scaling variable", 0.2), Column("form", "Functional form")]),
    8: ("Reproducibility of different neural scaling law papers.",
        [Column("paper", "Paper"), Column("training_code", "Training code"),
         Column("analysis_code", "Analysis code"), Column("link", "Github link")]),
}
_MISSING = 10**9  # rows without a recorded position go last (in id order)


def survey_table(source, n: int) -> Table:
    """The survey's Table ``n`` (2 to 8), regenerated from the records' verbatim cells.

    ``source`` is a Store, a database URL, an engine, a connection or a session (see
    :mod:`catalog.store.selection`), or an already-read ``{id: Paper}`` mapping."""
    if n not in SURVEY_LAYOUT:
        raise TableError(f"the survey has no Table {n} to regenerate; choose one of 2 to 8")
    papers = survey_papers(source)
    caption, columns = SURVEY_LAYOUT[n]
    if n == 6:
        rows = _table6_rows(papers)
    elif n == 7:
        rows = _table7_rows(papers)
    elif n == 8:
        rows = _table8_rows(papers)
    else:
        rows = _insight_rows(papers, n)
    rows.sort(key=lambda r: (_MISSING if r.position is None else r.position, r.paper_id or ""))
    if n in (2, 3, 4, 5):
        _insight_presentation(rows, n)
    return Table(list(columns), rows, caption, number=n, label=f"tab:survey-{n}")


def survey_tables(source) -> dict[int, Table]:
    papers = survey_papers(source)
    return {n: survey_table(papers, n) for n in SURVEY_TABLES}


def survey_papers(source) -> dict[str, Paper]:
    """The survey's papers at ``source`` (a source of :mod:`catalog.store.selection`), read alone:
    a fifth of the records; an already-read mapping as it is."""
    if isinstance(source, dict):
        return source
    return selection.papers_from(source, selection.select(source, {"survey": True}).paper_ids)


def _surveyed(papers: dict[str, Paper]) -> Iterable[Paper]:
    return (p for p in papers.values() if p.survey is not None)


def _table6_rows(papers) -> list[Row]:
    rows = []
    for p in _surveyed(papers):
        t = p.survey.table6
        if t is None:
            continue
        cells = [Cell(p.survey.citation), Cell(t.category), Cell(t.task), Cell(t.architecture), Cell(t.datasets),
                 Cell(t.model_range), Cell(t.data_range)]
        rows.append(Row(cells, paper_id=p.id, position=p.survey.order.get("table6")))
    return rows


def _table7_rows(papers) -> list[Row]:
    rows = []
    for p in _surveyed(papers):
        t = p.survey.table7
        if t is None:
            continue
        form = Cell(t.form_text, latex=t.form_latex or None)
        cells = [Cell(p.survey.citation), Cell(t.dependent_variable), Cell(t.scaling_variables), form]
        rows.append(Row(cells, paper_id=p.id, position=p.survey.order.get("table7")))
    return rows


def _table8_rows(papers) -> list[Row]:
    rows = []
    for p in _surveyed(papers):
        first = p.survey.order.get("table8")
        for i, t in enumerate(p.survey.table8):
            link = Cell(t.link, link=p.reproducibility.repository if t.link else None)
            cells = [Cell(p.survey.citation), Cell(t.training_code), Cell(t.analysis_code), link]
            rows.append(Row(cells, paper_id=p.id, position=None if first is None else first + i, duplicate=i > 0))
    return rows


def _insight_rows(papers, n: int) -> list[Row]:
    rows = []
    for p in _surveyed(papers):
        for r in p.survey.insights:
            if r.table != n:
                continue
            cells = [Cell(p.survey.citation), Cell(r.key_insights), Cell(r.applicability)]
            if n == 2:
                cells.insert(0, Cell(r.modality or ""))
            rows.append(Row(cells, paper_id=p.id, position=p.survey.order.get(f"table{n}"),
                            group=r.modality if n == 2 else None))
    return rows


def _insight_presentation(rows: list[Row], n: int) -> None:
    """As printed: a dashed rule between the rows of a group; Table 2's modality cell on the
    first row of its group only, a full rule between groups."""
    previous: str | None = None
    for i, row in enumerate(rows):
        if n == 2:
            # a record may give the modality on every row of a group or, as printed, on its
            # first row only: a row without one continues the group above it
            group = row.group or previous
            starts_group = i == 0 or group != previous
            row.group = previous = group
            row.cells[0] = Cell(group or "") if starts_group else Cell("")
            if not starts_group:
                row.cells[0] = Cell("")
                row.rule = Rule("dash", 2, 4)
            elif i > 0:
                row.rule = Rule("group")
        elif i > 0:
            row.rule = Rule("dash", 1, 3)
