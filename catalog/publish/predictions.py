"""``catalog predict``'s rows (and ``predict --to``'s pairs of them) as a
:class:`catalog.publish.tables.Table`, to paste into a paper as Markdown or LaTeX (each format
escaping the record text in its cells as every table does): the law and how a row is derived,
whom to cite, the value in its unit, the constants' source, the inputs as the law took them and
those beyond its fitted range."""

from __future__ import annotations

import re

from catalog.engine import units
from catalog.publish.tables import Cell, Column, Row, Table

# key, header and the share of the line a LaTeX p-column takes: nine l-columns of a law id, a
# locator and the inputs ran far off the page (tables._fitted_widths scales them to fit)
COLUMNS = [("law", "law", 0.16), ("citation", "citation", 0.1), ("quantity", "quantity", 0.1), ("value", "value", 0.07),
           ("unit", "unit", 0.07), ("constant_set", "constant set", 0.08), ("source", "source", 0.14),
           ("inputs", "inputs", 0.12), ("beyond", "beyond range", 0.06)]


# predict --to: each row's value at both points, its ratio and difference beside whom to cite
CHANGE_COLUMNS = [("law", "law", 0.16), ("citation", "citation", 0.1), ("quantity", "quantity", 0.1),
                  ("unit", "unit", 0.07), ("at", "at", 0.07), ("to", "to", 0.07), ("ratio", "ratio", 0.06),
                  ("difference", "difference", 0.07), ("constant_set", "constant set", 0.08),
                  ("source", "source", 0.12), ("beyond", "beyond range (at; to)", 0.08)]


def mark(r) -> str:
    """How a row not evaluated at the point itself is derived: a split of the budget, or a law of
    compute alone at C = kND."""
    if not r.derived:
        return ""
    return f"({r.derived})" if r.per_nd else split_mark(r.split_k)


def split_relation(k: float | None = None) -> str:
    """``C = 6ND``, or with the k a budget was split with (``predict --k 4``: ``C = 4ND``)."""
    from catalog.engine.evaluation import fmt

    return f"C = {fmt(6 if k is None else k)}ND"


def split_mark(k: float | None = None) -> str:
    """``(split of C = 6ND)``: the mark of a row split along :func:`split_relation`."""
    return f"(split of {split_relation(k)})"


def taken(r, meaning: bool = True) -> str:
    """Which given value each input took where the law names or counts it otherwise: 'U_D = D
    (Number of unique training tokens), n_e = epochs', 'C_min = 11574.1 PF-days from C'; record text escaped
    by the caller's format. '' where every input is the name given, in its unit."""
    from catalog.engine.evaluation import fmt

    if not r.taken or r.evaluation is None:
        return ""
    law = r.evaluation.law
    parts = []
    for name, given in r.taken.items():
        symbol = law.symbols[name]
        text = f"{name} = {given}"
        if units.base_factor(symbol.variable, symbol.unit) not in (None, 1.0):  # C in PF-days: the value it took
            text = f"{name} = {fmt(r.inputs[name])} {symbol.unit}" + (f" from {given}" if name != given else "")
        if meaning and symbol.meaning and name != given:
            text += f" ({short_meaning(symbol.meaning)})"
        parts.append(text)
    return ", ".join(parts)


def short_meaning(meaning: str) -> str:
    """A symbol's meaning to its first clause, at most 48 characters: 'Number of unique training tokens'."""
    short = re.split(r" \(|: |; ", meaning, maxsplit=1)[0]
    return short if len(short) <= 48 else short[:47] + "…"


def beyond(r) -> str:
    """The inputs beyond the set's fitted range; "-" only when every input has a span to be within."""
    parts = [", ".join(r.beyond)] if r.beyond else []
    if r.unranged:
        parts.append(f"{', '.join(r.unranged)}: range not stated")
    return "; ".join(parts) or "-"


def table(result, caption: str = "") -> Table:
    """The predictions of ``result`` (:class:`catalog.engine.predict.Predictions`), one row each,
    values to six digits as the terminal prints them."""
    from catalog.engine.evaluation import fmt

    rows = []
    for r in result.rows:
        source = _source(r)
        cells = [" ".join(filter(None, (r.ref, mark(r)))), r.citation, r.dependent, fmt(r.value), r.unit,
                 r.constant_set, source, ", ".join(f"{k}={fmt(v)}" + (f" (from {r.taken[k]})" if k in r.taken else "") for k, v in r.inputs.items()),
                 beyond(r)]
        rows.append(Row([Cell(c) for c in cells], paper_id=r.ref.split("/")[0], law_id=r.ref))
    return Table([Column(key, header, width) for key, header, width in COLUMNS], rows, caption=caption)


def change_table(found, caption: str = "") -> Table:
    """The pairs of ``found`` (:class:`catalog.engine.change.Changes`), one row each: the value at
    the first point and at the second, their ratio and difference, to six digits as the terminal
    prints them; the caption (default) names the two points."""
    from catalog.engine.evaluation import fmt

    if not caption:
        point = lambda at: " ".join(f"{k}={fmt(v)}" for k, v in at.items())  # noqa: E731
        caption = f"From {point(found.at)} to {point(found.to)}"
    rows = []
    for c in found.rows:
        r = c.at
        cells = [" ".join(filter(None, (r.ref, mark(r)))), r.citation, r.dependent, r.unit, fmt(r.value),
                 fmt(c.to.value), fmt(c.ratio), fmt(c.difference), r.constant_set, _source(r),
                 f"{beyond(r)}; {beyond(c.to)}"]
        rows.append(Row([Cell(text) for text in cells], paper_id=r.ref.split("/")[0], law_id=r.ref))
    return Table([Column(key, header, width) for key, header, width in CHANGE_COLUMNS], rows, caption=caption)


def _source(r) -> str:
    """Where the row's constants come from: the set's provenance and its locator."""
    return f"{r.provenance}, {r.locator}" if r.locator else r.provenance
