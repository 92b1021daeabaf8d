"""The fitting-methodology checklist: per law, which of the items the seed survey's Appendix A
and the "(Mis)Fitting" survey (Li et al. 2025) ask for are reported, and which are not."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Container

if TYPE_CHECKING:  # the commands list record views (catalog.store.recordview): no pydantic to import
    from catalog.schema import Fitting, Law

# The items are the fields of the schema's Fitting (but its source, where they come from) and
# Conventions, in its order: ChecklistRow's columns. A test keeps them in step with catalog/schema.py.
ITEMS = ("method", "objective", "initialization", "runs_fitted", "points_fitted", "validation")
CONVENTIONS = ("parameters", "compute", "loss_unit", "validation_set", "tokenizer")
NOT_STATED = "not stated"
# the checklist items the (Mis)Fitting sheet also records
SHEET_ITEMS = ("method", "objective", "initialization", "points_fitted")


@dataclass(frozen=True)
class ChecklistRow:
    law_id: str
    paper_id: str
    law_name: str
    method: str
    objective: str
    initialization: str
    runs_fitted: str
    points_fitted: str
    validation: str
    reported: int
    parameters: str
    compute: str
    loss_unit: str
    validation_set: str
    tokenizer: str
    source: str
    # the (Mis)Fitting sheet's cells for this paper (catalog.sheet), verbatim; '' when the paper
    # is not in the sheet or the sheet leaves the cell empty
    sheet_method: str = ""
    sheet_objective: str = ""
    sheet_initialization: str = ""
    sheet_points_fitted: str = ""
    sheet_bootstrapping: str = ""
    sheet_parameters: str = ""

    def as_dict(self) -> dict:
        """The row as JSON and CSV give it, with the keys every command uses for a law:
        ``law`` ('paper/law'), ``paper`` and ``name``."""
        d = asdict(self)
        return {"law": d.pop("law_id"), "paper": d.pop("paper_id"), "name": d.pop("law_name"), **d}

    def with_sheet(self, item: str) -> str:
        """The record's statement of ``item``; where it is 'not stated', the sheet's (marked)."""
        own = str(getattr(self, item))
        sheet = getattr(self, f"sheet_{item}", "")
        if own == NOT_STATED and sheet and not _sheet_silent(sheet):
            return f"{sheet} (sheet)"
        return own


def reported_items(fitting: Fitting) -> list[str]:
    return [item for item in ITEMS if str(getattr(fitting, item)) != NOT_STATED]


def _sheet_silent(value: str) -> bool:
    from catalog import sheet

    return sheet.not_stated(value)


def row(paper_id: str, law: Law, sheet_row=None) -> ChecklistRow:
    f, c = law.fitting, law.conventions
    return ChecklistRow(
        law_id=f"{paper_id}/{law.id}", paper_id=paper_id, law_name=law.name,
        **{item: str(getattr(f, item)) for item in ITEMS}, reported=len(reported_items(f)),
        **{item: str(getattr(c, item)) for item in CONVENTIONS}, source=f.source or "",
        **({f"sheet_{k}": v for k, v in sheet_row.fitting.items()} if sheet_row else {}),
    )


def checklist(papers, laws: Container[str] | None = None) -> list[ChecklistRow]:
    """One row per law (per law whose id, PAPER/LAW, is in ``laws``), in paper order, with the
    (Mis)Fitting sheet's cells where it has the paper."""
    from catalog import sheet

    papers = sorted(papers, key=lambda p: p.id)
    in_sheet = sheet.for_papers(papers)
    return [row(p.id, law, in_sheet.get(p.id)) for p in papers for law in p.laws
            if laws is None or f"{p.id}/{law.id}" in laws]


def summary(rows: list[ChecklistRow]) -> dict[str, int]:
    """How many laws report each item (and each convention)."""
    out = {"laws": len(rows)}
    for item in (*ITEMS, *CONVENTIONS):
        out[item] = sum(1 for r in rows if getattr(r, item) != NOT_STATED)
    return out


def sheet_summary(rows: list[ChecklistRow]) -> dict[str, int]:
    """How many laws report each item once the sheet fills what the records leave unstated."""
    return {item: sum(1 for r in rows if r.with_sheet(item) != NOT_STATED) for item in SHEET_ITEMS}
