"""The reproducibility report: the survey's Table 8 with its summary figures recomputed.

The survey (Appendix C) summarizes Table 8 in its text; :data:`SURVEY_STATEMENT` quotes those
figures. The report recomputes them from the records' Table 8 cells twice: over the printed
rows, which is how the survey counted (one paper, Hoffmann et al. (2022), is printed twice), and
over distinct papers. The duplicate is listed, not silently counted. A third column counts what
the catalog itself verified: a repository URL recorded for the paper.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from catalog.store import selection
from catalog.publish.tables import Cell, Column, Row, Table, survey_papers, survey_table

# The survey's Appendix C, verbatim: "Among the 45 surveyed papers proposing scaling laws, 22
# papers (48.9%) provided repository links, [...] with 29 papers (64.4%) not sharing training
# code and 27 papers (60%) withholding analysis code."
SURVEY_STATEMENT = {
    "papers": ("45", "Among the 45 surveyed papers proposing scaling laws"),
    "repository_link": ("22 (48.9%)", "22 papers (48.9%) provided repository links"),
    "no_training_code": ("29 (64.4%)", "29 papers (64.4%) not sharing training code"),
    "no_analysis_code": ("27 (60%)", "27 papers (60%) withholding analysis code"),
}
SURVEY_SOURCE = "Sengupta, Goel and Chakraborty (2025), Appendix C"
FIGURES = {
    "papers": "Papers in Table 8",
    "repository_link": "With a repository link",
    "no_training_code": "Without training code",
    "no_analysis_code": "Without analysis code",
}


@dataclass(frozen=True)
class Duplicate:
    paper_id: str
    citation: str
    printed: int  # how many times Table 8 prints the paper


@dataclass(frozen=True)
class Count:
    count: int
    total: int

    @property
    def share(self) -> float:
        return self.count / self.total if self.total else 0.0

    def __str__(self) -> str:
        return f"{self.count} ({self.share:.1%})" if self.total else str(self.count)


@dataclass
class ReproReport:
    table8: Table
    printed_rows: int
    distinct_papers: int
    duplicates: list[Duplicate]
    by_rows: dict[str, Count]  # as the survey counted: every printed row
    by_papers: dict[str, Count]  # each paper once
    verified_repositories: Count  # papers whose record gives a repository URL
    missing: list[int] = field(default_factory=list)  # gaps in the recorded Table 8 positions

    def summary_table(self) -> Table:
        columns = [Column("figure", "Figure"), Column("survey", "Survey text"),
                   Column("rows", f"Printed rows ({self.printed_rows})"),
                   Column("papers", f"Distinct papers ({self.distinct_papers})")]
        rows = []
        for key, label in FIGURES.items():
            printed = SURVEY_STATEMENT[key][0]
            if key == "papers":
                cells = [Cell(label), Cell(printed), Cell(str(self.printed_rows)), Cell(str(self.distinct_papers))]
            else:
                cells = [Cell(label), Cell(printed), Cell(str(self.by_rows[key])), Cell(str(self.by_papers[key]))]
            rows.append(Row(cells))
        rows.append(Row([Cell("With a verified repository URL in the catalog"), Cell(""), Cell(""),
                         Cell(str(self.verified_repositories))]))
        return Table(columns, rows, "Table 8 summary figures, recomputed from the records.")

    def notes(self) -> list[str]:
        out = [f"Survey figures quoted from {SURVEY_SOURCE}."]
        for d in self.duplicates:
            out.append(f"Duplicate row: Table 8 prints {d.citation} ({d.paper_id}) {d.printed} times; the survey "
                       f"counts printed rows ({self.printed_rows}), the catalog counts each paper once "
                       f"({self.distinct_papers}).")
        if self.missing:
            out.append(f"Incomplete: no record gives Table 8 row(s) {', '.join(map(str, self.missing))} yet; "
                       "the figures cover the records present.")
        return out

    def render(self, fmt: str = "markdown") -> str:
        """Table 8, the summary figures and the notes, in one of the table formats."""
        if fmt == "json":
            import json

            return json.dumps({"table8": self.table8.as_dict(), "summary": self.summary_table().as_dict(),
                               "notes": self.notes()}, indent=2, ensure_ascii=False) + "\n"
        parts = [self.table8.render(fmt), self.summary_table().render(fmt)]
        notes = self.notes()
        if fmt == "latex":
            parts.append("\n".join(f"% {n}" for n in notes) + "\n")
        elif fmt == "html":
            import html

            parts.append("<ul class=\"notes\">" + "".join(f"<li>{html.escape(n)}</li>" for n in notes) + "</ul>\n")
        elif fmt == "csv":  # a row of one cell each: a note quotes record text (a citation), whose comma split it
            import csv
            import io

            from catalog.publish.escaping import csv_cell

            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="\n").writerows([csv_cell(f"# {n}")] for n in notes)
            parts.append(buffer.getvalue())
        elif fmt == "markdown":  # a note quotes record text (a citation cell), escaped as the tables' cells are
            from catalog.publish.escaping import markdown_text

            parts.append("".join(f"- {markdown_text(n)}\n" for n in notes))
        else:
            parts.append("".join(f"- {n}\n" for n in notes))
        return "\n".join(parts)


def report(source, where=None) -> ReproReport:
    """Recompute the Table 8 figures from the records at ``source`` (a Store, URL, engine,
    connection or session), optionally restricted by ``--where`` filters."""
    papers = survey_papers(source)
    if where:
        keep = set(selection.select(source, where).paper_ids)
        papers = {k: v for k, v in papers.items() if k in keep}
    table = survey_table(papers, 8)
    per_paper: dict[str, list[Row]] = {}
    for row in table.rows:
        per_paper.setdefault(row.paper_id, []).append(row)
    duplicates = [Duplicate(pid, rows[0].cells[0].text, len(rows)) for pid, rows in per_paper.items() if len(rows) > 1]
    n_rows, n_papers = len(table.rows), len(per_paper)

    def counts(rows: list[Row], total: int) -> dict[str, Count]:
        return {
            "repository_link": Count(sum(1 for r in rows if r.cells[3].text == "Link"), total),
            "no_training_code": Count(sum(1 for r in rows if r.cells[1].text == "N"), total),
            "no_analysis_code": Count(sum(1 for r in rows if r.cells[2].text == "N"), total),
        }

    firsts = [rows[0] for rows in per_paper.values()]
    verified = Count(sum(1 for pid in per_paper if papers[pid].reproducibility.repository), n_papers)
    positions = {r.position for r in table.rows if r.position is not None}
    missing = [] if where else [i for i in range(max(positions, default=-1) + 1) if i not in positions]
    return ReproReport(table, n_rows, n_papers, duplicates, counts(table.rows, n_rows), counts(firsts, n_papers),
                       verified, missing)
