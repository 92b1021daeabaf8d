"""Catalog statistics: the survey's Figure 3 and its reproducibility claims, recomputed.

Figure 3 of the survey counts the papers studied by model architecture (a), scaling variable
(b) and task (c). Here the counts come from the records: a paper counts once for each of its
architectures and tasks, and once for each variable that is a scaling variable of any of its
laws; for a paper without a law, each variable of its survey Table 7 cell (resolved through
``catalog.vocab``) counts instead.

Appendix C of the survey summarizes Table 8 in one sentence (``SURVEY_CLAIM``). The counts are
recomputed three ways: over the printed rows (Table 8 prints Hoffmann et al. (2022) twice, so
45 rows), over the distinct papers, and from the catalog's own reproducibility fields, which
may differ from the printed cells where a record corrects them; every difference is listed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from catalog import vocab

# survey, Appendix C, verbatim
SURVEY_CLAIM = (
    "Among the 45 surveyed papers proposing scaling laws, 22 papers (48.9%) provided repository links, indicating "
    "some level of commitment to open science practices. However, more than half of the papers still lack basic "
    "reproducibility elements, with 29 papers (64.4%) not sharing training code and 27 papers (60%) withholding "
    "analysis code."
)
# the numbers in that sentence: measure -> (count, percent as printed)
SURVEY_CLAIMED = {
    "papers": (45, None),
    "repository_link": (22, 48.9),
    "no_training_code": (29, 64.4),
    "no_analysis_code": (27, 60.0),
}
MEASURES = {
    "repository_link": "with a repository link",
    "no_training_code": "without training code",
    "no_analysis_code": "without analysis code",
}
FIGURE3_GROUPS = ("architecture", "variable", "task")


@dataclass
class Count:
    value: str
    papers: int
    ids: list[str]


@dataclass
class ReproRow:
    measure: str
    label: str
    claimed: int | None
    claimed_percent: float | None
    printed: int
    printed_percent: float | None
    unique: int
    unique_percent: float | None
    recorded: int
    recorded_percent: float | None


@dataclass
class Duplicate:
    paper_id: str
    citation: str
    rows: int
    identical: bool


@dataclass
class Difference:
    paper_id: str
    measure: str
    printed: bool
    recorded: bool | None


@dataclass
class Reproducibility:
    claim: str
    printed_rows: int
    unique_papers: int
    rows: list[ReproRow]
    duplicates: list[Duplicate]
    differences: list[Difference]


@dataclass
class Stats:
    scope: str
    papers: int
    papers_without_laws: list[str]
    figure3: dict[str, list[Count]]
    reproducibility: Reproducibility
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def rows(self) -> list[list[Any]]:
        """Flat rows (group, value, count, percent) for CSV."""
        out: list[list[Any]] = [["papers", self.scope, self.papers, ""]]
        for group, counts in self.figure3.items():
            out += [[group, c.value, c.papers, ""] for c in counts]
        rep = self.reproducibility
        out.append(["table8", "printed rows", rep.printed_rows, ""])
        out.append(["table8", "distinct papers", rep.unique_papers, ""])
        for r in rep.rows:
            out.append(["table8 claimed", r.measure, r.claimed, r.claimed_percent])
            out.append(["table8 printed rows", r.measure, r.printed, r.printed_percent])
            out.append(["table8 distinct papers", r.measure, r.unique, r.unique_percent])
            out.append(["table8 catalog fields", r.measure, r.recorded, r.recorded_percent])
        return out


def percent(count: int, total: int) -> float | None:
    return round(100.0 * count / total, 1) if total else None


def compute(cat, scope: str = "survey") -> Stats:
    """``cat`` is an open ``catalog.store.query.Catalog``; ``scope`` is 'survey' (Figure 3 counts the
    survey's papers) or 'all' (every record)."""
    if scope not in ("survey", "all"):
        raise ValueError("scope is 'survey' or 'all'")
    with cat.snapshot():
        return _compute(cat, scope)


def _compute(cat, scope: str) -> Stats:
    cat.each_paper_once()  # the counts are of the papers table's rows
    in_scope = "p.in_survey = :in_survey" if scope == "survey" else "1 = 1"
    params: dict[str, Any] = {"in_survey": True} if scope == "survey" else {}
    ids = [r[0] for r in cat.rows(f"SELECT p.id FROM papers p WHERE {in_scope} ORDER BY p.id", params)]
    without_laws = [r[0] for r in cat.rows(
        f"SELECT p.id FROM papers p WHERE {in_scope} AND p.law_count = 0 ORDER BY p.id", params)]
    figure3: dict[str, list[Count]] = {}
    for kind in ("architecture", "task"):
        pairs = cat.rows(f"SELECT f.value, f.paper_id FROM paper_facets f JOIN papers p ON p.id = f.paper_id "
                         f"WHERE f.kind = :kind AND {in_scope}", {"kind": kind, **params})
        figure3[kind] = _counts(pairs)
    pairs = cat.rows(f"SELECT DISTINCT v.variable, l.paper_id FROM law_variables v JOIN laws l ON l.id = v.law_id "
                     f"JOIN papers p ON p.id = l.paper_id WHERE {in_scope}", params)
    # papers without a law: the survey's Table 7 scaling-variables cell, resolved through the vocabulary
    cells = cat.rows(f"SELECT c.paper_id, c.value FROM survey_cells c JOIN papers p ON p.id = c.paper_id "
                     f"WHERE c.table_no = 7 AND c.\"column\" = 'scaling_variables' AND p.law_count = 0 AND {in_scope} "
                     "ORDER BY c.paper_id", params)
    from_table7, unresolved = [], []
    for paper_id, cell in cells:
        for item in (i.strip() for i in cell.split(",")):
            if not item:
                continue
            try:
                from_table7.append((vocab.resolve("variable", item), paper_id))
            except vocab.UnknownValue:
                unresolved.append(f"{paper_id}: {item!r}")
    figure3 = {"architecture": figure3["architecture"], "variable": _counts(list(pairs) + from_table7),
               "task": figure3["task"]}
    notes = []
    if from_table7:
        counted = sorted({pid for _, pid in from_table7})
        notes.append(f"variables of {len(counted)} paper(s) without a law come from their survey Table 7 cell: "
                     f"{', '.join(counted)}")
    silent = [pid for pid in without_laws if pid not in {p for _, p in from_table7}]
    if silent:
        notes.append(f"{len(silent)} paper(s) count for no variable (no law, no Table 7 variable): {', '.join(silent)}")
    if unresolved:
        notes.append("Table 7 variables not in the vocabulary: " + "; ".join(unresolved))
    return Stats(scope=scope, papers=len(ids), papers_without_laws=without_laws, figure3=figure3,
                 reproducibility=reproducibility(cat), notes=notes)


def _counts(pairs) -> list[Count]:
    by_value: dict[str, set[str]] = {}
    for value, paper_id in pairs:
        by_value.setdefault(value, set()).add(paper_id)
    counts = [Count(value, len(p), sorted(p)) for value, p in by_value.items()]
    return sorted(counts, key=lambda c: (-c.papers, c.value))


def reproducibility(cat) -> Reproducibility:
    """Table 8 recomputed from the survey cells kept in the records."""
    cells: dict[tuple[str, int], dict[str, str]] = {}
    for paper_id, row, column, value in cat.rows(
            "SELECT paper_id, row, \"column\", value FROM survey_cells WHERE table_no = 8 ORDER BY paper_id, row"):
        cells.setdefault((paper_id, row), {})[column] = value
    flags = {pid: (tc, ac, repo) for pid, tc, ac, repo in cat.rows(
        "SELECT p.id, p.training_code, p.analysis_code, p.repository FROM papers p "
        "WHERE p.id IN (SELECT paper_id FROM survey_cells WHERE table_no = 8)")}

    def printed(row: dict[str, str]) -> dict[str, bool]:
        return {"repository_link": row.get("link") == "Link", "no_training_code": row.get("training_code") == "N",
                "no_analysis_code": row.get("analysis_code") == "N"}

    rows_printed = [printed(r) for r in cells.values()]
    by_paper: dict[str, list[dict[str, bool]]] = {}
    citations: dict[str, str] = {}
    for (paper_id, _row), r in cells.items():
        by_paper.setdefault(paper_id, []).append(printed(r))
        citations[paper_id] = r.get("paper", paper_id)
    unique = {pid: rs[0] for pid, rs in by_paper.items()}
    recorded: dict[str, dict[str, bool | None]] = {}
    for pid in unique:
        tc, ac, repo = flags.get(pid, (None, None, None))
        recorded[pid] = {"repository_link": repo is not None,
                         "no_training_code": None if tc is None else not bool(tc),
                         "no_analysis_code": None if ac is None else not bool(ac)}
    n_rows, n_unique = len(rows_printed), len(unique)
    table = []
    for measure, label in MEASURES.items():
        claimed, claimed_percent = SURVEY_CLAIMED[measure]
        p = sum(r[measure] for r in rows_printed)
        u = sum(r[measure] for r in unique.values())
        c = sum(bool(r[measure]) for r in recorded.values())
        table.append(ReproRow(measure, label, claimed, claimed_percent, p, percent(p, n_rows), u,
                              percent(u, n_unique), c, percent(c, n_unique)))
    duplicates = [Duplicate(pid, citations[pid], len(rs), all(r == rs[0] for r in rs))
                  for pid, rs in sorted(by_paper.items()) if len(rs) > 1]
    differences = [Difference(pid, m, unique[pid][m], recorded[pid][m])
                   for pid in sorted(unique) for m in MEASURES if recorded[pid][m] != unique[pid][m]]
    return Reproducibility(SURVEY_CLAIM, n_rows, n_unique, table, duplicates, differences)
