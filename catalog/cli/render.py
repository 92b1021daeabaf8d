"""Terminal rendering (rich) of a paper with its laws and of the catalog statistics.

Each function returns a list of rich renderables, so a notebook can display them too:
``rich.print(*render_paper(paper))``.
"""

from __future__ import annotations

import sys
from typing import Any

from rich.console import Group
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from catalog import definitions, provenance
from catalog.reference import published_in
from catalog.cli.terminal import KeyValues, fit_table


def _free_text(text: str) -> KeyValues:
    """A record's free text (a summary, a reason), which may run to several lines, each line (and
    each wrapped piece) indented by two spaces: at column 0 a line of it ('error: ...') would read
    as a line of the command's own."""
    return KeyValues([("", text)])


def number(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, int):
        return str(value)
    return f"{value:.6g}"


def _yes_no(value: bool | None) -> str:
    return "not recorded" if value is None else ("yes" if value else "no")


def _range(r) -> str | None:
    if r is None:
        return None
    numbers = f"{number(r.min) if r.min is not None else '?'} to {number(r.max) if r.max is not None else '?'} {r.unit}"
    text = f"{r.printed} ({numbers})" if r.printed else numbers
    return f"{text}; {r.note}" if r.note else text


def _extent(r) -> str:
    """A fitted range (a symbol's or a constant set's own): ``1e+06 to 1e+09 (Table 1)``, or
    ``not stated (...)`` when its sources give no span."""
    if not provenance.has_span(r):
        return f"not stated in the sources ({r.source})" if r.source else "not stated in the sources"
    text = f"{number(r.min) if r.min is not None else '?'} to {number(r.max) if r.max is not None else '?'}"
    return f"{text} ({r.source})" if r.source else text


def formula_text(law, pretty: bool = False) -> str:
    """``L = E + A/N**alpha + ...`` (the sympy string), or sympy's pretty print when asked (from
    the cache of printed forms when it holds the law's)."""
    if not pretty:
        return definitions.formula_text(law)
    import shutil

    from catalog import formcache

    # sympy wraps a print wider than the terminal (its width, or 80 when there is none)
    columns = shutil.get_terminal_size(fallback=(0, 0)).columns
    unicode = _draws_unicode()
    return formcache.cached("pretty", [columns, unicode, *formcache.law_material(law)],
                            lambda: (_pretty_formula(law, unicode),), (formcache.printable,))[0]


def _draws_unicode() -> bool:
    """Whether stdout can write sympy's Unicode drawing (fraction bars, Greek): not a cp1252 Windows
    console or file, where each character came out as an escape (\\u2500\\u2500 for a bar) that broke
    the picture; ASCII art is drawn there instead."""
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        "─α∝".encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def _pretty_formula(law, unicode: bool = True) -> str:
    """sympy's pretty print of the law in the order its record writes it
    (:func:`catalog.publish.written.pretty`), then each definition, the first after 'where'."""
    import sympy
    from sympy.printing.conventions import split_super_sub

    from catalog.engine import compiler
    from catalog.engine.errors import EngineError
    from catalog.publish import typeset, written

    def limit(stem: str) -> str | None:
        """L_inf as L_∞ and L_inf_z as L_∞,z, as typeset writes them (typeset.subscript); None for a
        name without a subscript 'inf'."""
        base, supers, subs = split_super_sub(stem)
        return f"{base}_{typeset.subscript(subs, '∞')}" if "inf" in subs and not supers else None

    def restyled(name: str) -> bool:
        stem, mark = typeset.marked(name)
        return mark is not None or limit(stem) is not None

    def shown(name: str) -> sympy.Symbol:
        """alpha_star as α*, where sympy prints a subscript 'star' (αₛₜₐᵣ): typeset.marked; L_inf_z as
        L_∞,z (limit)."""
        stem, mark = typeset.marked(name)
        stem = limit(stem) or stem
        return sympy.Symbol(written.pretty(sympy.Symbol(stem)) + (typeset.MARKS[mark][1] if mark else ""))

    names = {name: shown(name) for name in (*law.symbols, law.output_symbol) if restyled(name)}

    def equation(lhs: str, text: str) -> str:
        try:  # as written, over the symbols' names (a fixed one too, as the symbol table lists it)
            tree, _ = compiler.display_tree(law, text)
        except EngineError as exc:  # validation parses every formula: a stored record no load wrote
            from catalog.store.recordview import InvalidRecord

            raise InvalidRecord(f"the database's law {law.id!r}: {exc}") from None
        expr = typeset.as_printed(written.written(tree, (), frozenset()))
        left = sympy.Integer(0) if lhs == "0" else sympy.Symbol(lhs)
        return written.pretty(sympy.Eq(left, expr, evaluate=False), names, unicode)

    lines = [equation(law.output_symbol if law.form == "explicit" else "0", law.expression)]
    lines += [equation(name, text) for name, text in definitions.definitions(law).items()]
    return "\n\nwhere\n".join(lines[:2]) + "".join(f"\n\n{line}" for line in lines[2:])


def render_law(law, pretty: bool = False) -> Group:
    """The law under a rule naming it. (A rule rather than a panel around it: nesting every
    table in a panel made drawing a record like hoffmann2022 a third slower.)"""
    title = Text.assemble((law.id, "bold"), f": {law.name}")
    parts: list[Any] = [Rule(title, align="left", style="dim")]
    parts.append(Text(formula_text(law, pretty), style="bold cyan"))
    parts.append(KeyValues([
        ("form", law.form),
        ("dependent", law.dependent_variable),
        ("scaling variables", ", ".join(law.scaling_variables)),
        ("survey LaTeX", law.survey_latex),
        ("survey equation", str(law.survey_equation) if law.survey_equation is not None else None),
        ("note", law.note),
    ]))
    symbol_rows = []
    for name, s in law.symbols.items():
        if s.role == "fixed":
            extent = f"= {number(s.value)}"
        elif s.role == "defined":
            extent = f"= {s.expression}"
        elif s.range is not None:
            extent = _extent(s.range)
        else:
            extent = ""
        symbol_rows.append([name, s.role, s.meaning, s.unit or "", s.variable or "", extent])
    parts.append(fit_table("symbols", ["symbol", "role", "meaning", "unit", "variable", "range / value"],
                           symbol_rows, keep=(0, 1)))
    if getattr(law, "conditions", None):  # where the law holds: eval refuses a point outside
        parts.append(fit_table("conditions", ["condition", "source"],
                               [[c.expression, c.source] for c in law.conditions], keep=(0,)))
    if law.constant_sets:
        default = law.default_constants()
        constant_rows = []
        checks = provenance.set_check_texts(law)
        for cs in law.constant_sets:
            values = []
            for name, value in cs.values.items():
                item = f"{name} = {cs.printed.get(name) or number(value)}"
                if name in cs.stderr:
                    item += f" ± {number(cs.stderr[name])}"
                if name in cs.intervals:
                    iv = cs.intervals[name]
                    item += f" [{number(iv.low)}, {number(iv.high)}] ({number(iv.level * 100)}%)"
                values.append(item)
            label = f"{cs.id}{' (default)' if default and cs.id == default.id else ''}\n{cs.label}"
            source = cs.source + (f"\nnote: {cs.note}" if cs.note else "")
            source += "".join(f"\nfitted range of {name} for this set: {_extent(r)}" for name, r in cs.ranges.items())
            against = provenance.compare_to_primary(law, cs.id)
            if against is not None:
                source += f"\n{against.describe()}"
            source += f"\nchecked: {checks[cs.id]}"
            if cs.refit:
                source += f"\nreproduced: {provenance.refit_text(cs)}"
            where = cs.provenance + (f"\n{cs.locator}" if cs.locator else "")
            constant_rows.append([label, where, "\n".join(values), source])
        parts.append(fit_table("fitted constants", ["set", "provenance", "values", "source"], constant_rows,
                               keep=(2,)))
    else:
        reason = f": {law.no_constants_reason}" if law.no_constants_reason else ""
        parts.append(_free_text(f"no published fitted constants{reason}"))
    if law.no_printed_check_reason:
        parts.append(_free_text(f"no printed check value: {law.no_printed_check_reason}"))
    if law.check_values:
        check_rows = [[cv.kind, cv.origin + (f"\n{cv.locator}" if cv.locator else ""), cv.constant_set or "",
                       ", ".join(f"{k} = {number(v)}" for k, v in cv.inputs.items())
                       + _beyond(law, cv),
                       ", ".join(f"{k} = {number(v)}" for k, v in cv.expected.items())
                       + f" (rel. tol. {number(cv.rel_tol)}"
                       + (", the fit's residual" if cv.tolerance_basis == "fit_residual" else "") + ")",
                       cv.source] for cv in law.check_values]
        parts.append(fit_table("check values", ["kind", "origin", "set", "inputs", "expected", "source"], check_rows))
    fitting = [(k, str(v)) for k, v in law.fitting.model_dump().items() if v not in ("not stated", None)]
    if fitting:
        parts.append(Text("fitting", style="bold"))
        parts.append(KeyValues(fitting))
    conventions = [(k, str(v)) for k, v in law.conventions.model_dump().items() if v != "not stated"]
    if conventions:
        parts.append(Text("conventions", style="bold"))
        parts.append(KeyValues(conventions))
    parts += _errata(law.errata)
    parts += _relations(law.relations)
    return Group(*parts)


def _errata(errata) -> list:
    if not errata:
        return []
    rows = [[e.kind, e.where, e.printed or "", e.correct or "", e.note + (f" (source: {e.source})" if e.source else "")]
            for e in errata]
    return [fit_table("errata", ["kind", "where", "printed", "correct", "note"], rows)]


def _relations(relations) -> list:
    if not relations:
        return []
    rows = [[r.kind, r.target, r.note] for r in relations]
    return [fit_table("relations", ["kind", "target", "note"], rows, keep=(0, 1))]


def render_paper(paper, law_id: str | None = None, pretty: bool = False) -> list:
    bib, rep = paper.bibliography, paper.reproducibility
    out: list[Any] = [Text(f"{paper.id}: {bib.title}", style="bold")]
    authors = ", ".join(bib.authors)
    out.append(KeyValues([
        ("authors", authors),
        ("year", str(bib.year)),
        ("venue", published_in(bib)),
        ("arXiv", bib.arxiv),
        ("DOI", bib.doi),
        ("URL", bib.url),
        ("survey citation", paper.survey.citation if paper.survey else bib.survey_citation),
        ("sources", ", ".join(paper.sources)),
    ]))
    if paper.summary:
        out.append(_free_text(paper.summary))
    out.append(KeyValues([
        ("categories", ", ".join(paper.categories)),
        ("modalities", ", ".join(paper.modalities)),
        ("tasks", ", ".join(paper.tasks)),
        ("architectures", ", ".join(paper.architectures)),
        ("datasets", ", ".join(paper.datasets)),
        ("model range", _range(paper.model_range)),
        ("data range", _range(paper.data_range)),
        ("training code", _yes_no(rep.training_code)),
        ("analysis code", _yes_no(rep.analysis_code)),
        ("repository", rep.repository),
        ("raw data", rep.raw_data),
        ("reproducibility note", rep.note),
    ]))
    if paper.survey:
        s = paper.survey
        cells: list[tuple[str, str | None]] = []
        if s.table6:
            cells.append(("Table 6", " | ".join(v or "-" for v in s.table6.model_dump().values())))
        if s.table7:
            t7 = s.table7
            cells.append(("Table 7", " | ".join(v or "-" for v in (t7.dependent_variable, t7.scaling_variables,
                                                                   t7.form_latex))))
        for row in s.table8:
            cells.append(("Table 8", f"training code {row.training_code} | analysis code {row.analysis_code}"
                                     + (f" | {row.link}" if row.link else "")))
        if cells:
            out.append(Text("survey cells, verbatim", style="bold"))
            out.append(KeyValues(cells))
    if paper.survey and paper.survey.insights:
        rows = [[str(row.table), row.key_insights, row.applicability] for row in paper.survey.insights]
        out.append(fit_table("survey insights", ["table", "key insights", "applicability"], rows))
    if paper.no_law_reason:
        out.append(_free_text(f"no law: {paper.no_law_reason}"))
    laws = [law for law in paper.laws if law_id is None or law.id == law_id]
    if law_id is None and paper.laws:
        out.append(Text(f"{len(paper.laws)} law(s)", style="bold"))
    out += [render_law(law, pretty) for law in laws]
    if law_id is None:
        out += _errata(paper.errata)
        out += _relations(paper.relations)
        if paper.notes:
            out.append(KeyValues([("notes", paper.notes)]))
    return out


def render_stats(stats) -> list:
    scope = "the survey's papers" if stats.scope == "survey" else "every record"
    out: list[Any] = [Text(f"{stats.papers} paper(s): {scope} (survey Figure 3)", style="bold")]
    tables = []
    for group, title in (("architecture", "(a) architectures"), ("variable", "(b) scaling variables"),
                         ("task", "(c) tasks")):
        # Text, never markup: a value is the database's text (a --db may hold '[red]' or ':emoji:')
        table = Table(title=Text(title, style="table.title"), title_justify="left", header_style="bold")
        table.add_column(Text(group))
        table.add_column(Text("papers"), justify="right")
        for c in stats.figure3[group]:
            table.add_row(Text(c.value), Text(str(c.papers)))
        tables.append(table)
    out += tables
    out += [Text(n, style="italic") for n in stats.notes]
    rep = stats.reproducibility

    def cell(count, pct) -> str:
        if count is None:
            return ""
        return f"{count} ({number(pct)}%)" if pct is not None else str(count)

    table = Table(title=Text("reproducibility (survey Table 8, Appendix C)", style="table.title"), title_justify="left", header_style="bold")
    for column in ("", "survey claims", f"printed rows ({rep.printed_rows})", f"distinct papers ({rep.unique_papers})",
                   "catalog fields"):
        table.add_column(Text(column), justify="right" if column else "left")
    table.add_row(*map(Text, ("papers", "45", str(rep.printed_rows), str(rep.unique_papers), str(rep.unique_papers))))
    for r in rep.rows:
        table.add_row(*map(Text, (r.label, cell(r.claimed, r.claimed_percent), cell(r.printed, r.printed_percent),
                                  cell(r.unique, r.unique_percent), cell(r.recorded, r.recorded_percent))))
    out.append(table)
    out.append(Text(f"Survey: \"{rep.claim}\"", style="italic"))
    for d in rep.duplicates:
        same = "identical" if d.identical else "differing"
        out.append(Text(f"Duplicate: {d.citation} ({d.paper_id}) is printed {d.rows} times in Table 8 ({same} rows); "
                        "the distinct-paper column counts it once."))
    for d in rep.differences:
        out.append(Text(f"Record differs from Table 8: {d.paper_id}: {_difference(d)}"))
    return out


def _difference(d) -> str:
    if d.measure == "repository_link":
        return ("Table 8 prints 'Link', the record has no repository URL" if d.printed
                else "Table 8 prints no link, the record has a repository URL")
    what = "training" if d.measure == "no_training_code" else "analysis"
    printed = "N" if d.printed else "Y"
    recorded = {None: "not recorded", True: "not released", False: "released"}[d.recorded]
    return f"Table 8 prints {what} code {printed}, the record says {recorded}"


def _beyond(law, cv) -> str:
    """Marks a check value held beyond the law's fitted range (it tests the extrapolation)."""
    names = provenance.beyond_range(law, cv)
    return f"\n(beyond the fitted range of {', '.join(names)})" if names else ""
