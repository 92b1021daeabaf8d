"""The (Mis)Fitting survey's sheet: a secondary source for the fitting checklist.

Li, Kudugunta and Zettlemoyer (2025, arXiv:2502.18969) tabulate 51 scaling-law papers with how
each fitted its law (``catalog/sources/misfitting-sheet.csv``, see the README beside it). Rows
are matched to records by arXiv id, else by title. The sheet is secondary: the checklist shows a
sheet value only where the record (read in the paper) says ``not stated``, and marks it so.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

SHEET_FILE = Path(__file__).resolve().parent / "sources" / "misfitting-sheet.csv"
CITATION = ("(Mis)Fitting sheet: Li, Kudugunta and Zettlemoyer 2025 (arXiv:2502.18969), sheet.csv of "
            "hadasah/scaling_laws at commit d2223c9")

# checklist item -> the sheet's column header (verbatim)
COLUMNS = {
    "method": "Curve-fitting Method",
    "objective": "Loss Objective",
    "initialization": "Initialization",
    "points_fitted": "Data points per law?",
    "bootstrapping": "Bootstrapping?",
    "parameters": "How are model params counted (e.g., w/ or w/out embeddings)",
}
_ARXIV = re.compile(r"(\d{4}\.\d{4,5})")


@dataclass(frozen=True)
class SheetRow:
    title: str
    citation: str  # the sheet's BibTeX key, e.g. 'kaplan2020scaling'
    arxiv: str | None
    fitting: dict[str, str]  # checklist item -> the sheet's cell, verbatim ('' when empty)

    def stated(self, item: str) -> str | None:
        """The sheet's cell for ``item`` unless it is empty or says the paper did not state it."""
        value = self.fitting.get(item, "").strip()
        return None if not_stated(value) else value


def not_stated(value: str) -> bool:
    """An empty cell or one of the sheet's 'not stated' marks (NS, N.S., NA, N/A)."""
    return value.strip().rstrip(".").replace(".", "").upper() in {"", "NS", "NA", "N/A"}


@lru_cache(maxsize=1)
def rows() -> tuple[SheetRow, ...]:
    with SHEET_FILE.open(encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    header = table[1]  # the first line groups the columns
    index = {name.strip(): i for i, name in enumerate(header)}
    out = []
    for cells in table[2:]:
        if not cells or not cells[0].strip():
            continue  # the trailing totals
        match = _ARXIV.search(cells[index["Link"]])
        out.append(SheetRow(
            title=cells[index["Title"]].strip(), citation=cells[index["citation"]].strip(),
            arxiv=match.group(1) if match else None,
            fitting={item: cells[index[column]].strip() for item, column in COLUMNS.items()}))
    return tuple(out)


def _title_key(title: str) -> str:
    title = re.sub(r"\(section [^)]*\)", "", title.lower())  # 'The Llama 3 Herd of Models (Section 3.2.1)'
    return re.sub(r"[^a-z0-9]+", "", title)


def match(papers: Iterable[Any]) -> dict[str, str | None]:
    """Sheet citation key -> the id of the record it describes (by arXiv id, else by title;
    a sheet title may be cut short or carry a trailing letter), or None when absent."""
    papers = list(papers)
    by_arxiv = {p.bibliography.arxiv: p.id for p in papers if p.bibliography.arxiv}
    by_title = {_title_key(p.bibliography.title): p.id for p in papers}
    out: dict[str, str | None] = {}
    for row in rows():
        found = by_arxiv.get(row.arxiv) if row.arxiv else None
        if found is None:
            key = _title_key(row.title)
            found = by_title.get(key) or next(
                (pid for title, pid in by_title.items() if len(key) > 20 and (title.startswith(key) or key.startswith(title))),
                None)
        out[row.citation] = found
    return out


@lru_cache(maxsize=None)
def _for_paper_index(pairs: tuple[tuple[str, str], ...]) -> dict[str, SheetRow]:
    by_citation = {r.citation: r for r in rows()}
    return {pid: by_citation[c] for c, pid in pairs}


def for_papers(papers: Iterable[Any]) -> dict[str, SheetRow]:
    """Record id -> its sheet row, for the records the sheet describes."""
    found = match(papers)
    return _for_paper_index(tuple(sorted((c, pid) for c, pid in found.items() if pid)))
