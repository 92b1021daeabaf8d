"""The survey's Tables 2 to 8 parsed from the seed text, independently of the catalog code.

In the seed each table is a header line, one line per row and the caption line
``Table N: ...`` below. Rows are the printed cells joined by single spaces (Tables 6 to 8);
Tables 2 to 5 start every row after a group's first with the LaTeX artifact ``\\cdashline2-4 ``
(Table 2) or ``\\cdashline1-3 `` (Tables 3 to 5), and Table 2 prints the modality group cell on
the first row of each group only. The seed writes "et al." with a non-breaking space; the
records store an ordinary one, so comparisons go through :func:`norm`.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from tests.conftest import SEEDS

SEED_FILE = SEEDS / "survey-sengupta-goel-chakraborty-2025.txt"
TABLES = (2, 3, 4, 5, 6, 7, 8)
_CITATION = re.compile(r"^(.+?\(\d{4}[a-z]?\))(?= |$)")
_PREFIX = re.compile(r"^\\cdashline(\d+)-(\d+) ")
_TABLE8 = re.compile(r"^(.+\)) ([YN]) ([YN])(?: (Link))?$")


def norm(text: str) -> str:
    return text.replace("\u00a0", " ")


@dataclass(frozen=True)
class SeedRow:
    table: int
    index: int  # 0-based row position in the table
    line: str  # the seed line, verbatim
    prefix: tuple[int, int] | None  # the \cdashline span, if the line has one
    modality: str | None  # Table 2: the group cell printed on this row
    citation: str  # normalized (ordinary spaces)
    rest: str  # normalized: the line after the prefix, the modality cell and the citation

    @property
    def body(self) -> str:
        """The printed cells after the prefix (and, for Table 2, after the modality cell)."""
        return f"{self.citation} {self.rest}".strip()

    @property
    def occurrence(self) -> int:
        """How many earlier rows of the same table print the same citation (Table 8 repeats one)."""
        return sum(1 for r in seed_tables()[self.table].rows[: self.index] if r.citation == self.citation)


@dataclass(frozen=True)
class SeedTable:
    number: int
    header: str
    rows: tuple[SeedRow, ...]
    caption: str  # the whole caption line, normalized

    @property
    def text(self) -> str:
        lines = [self.header, *(norm(r.line) for r in self.rows), self.caption]
        return "\n".join(lines) + "\n"


REQUIRED = os.environ.get("CATALOG_REQUIRE_SEEDS") == "1"  # set by .ci/run: in CI these tests may not skip
SKIP_REASON = (f"the survey text is not at {SEED_FILE} (it sits beside the checkout in ../shared/seeds/; "
               "set CATALOG_SEEDS to its folder)")


def available() -> bool:
    """The seed text is next to the checkout (../shared/seeds, or $CATALOG_SEEDS). Where it is
    required (CATALOG_REQUIRE_SEEDS=1, as in CI) the seed tests never skip: a missing seed fails them."""
    return Path(SEED_FILE).exists() or REQUIRED


@lru_cache(maxsize=1)
def seed_tables() -> dict[int, SeedTable]:
    if not Path(SEED_FILE).exists():
        import pytest

        pytest.fail(f"CATALOG_REQUIRE_SEEDS=1 but {SKIP_REASON}", pytrace=False)
    lines = Path(SEED_FILE).read_text(encoding="utf-8").splitlines()
    out = {}
    for n in TABLES:
        caption_at = next(i for i, l in enumerate(lines) if l.startswith(f"Table {n}: "))
        header_at = next(i for i in range(caption_at - 1, -1, -1)
                         if lines[i].startswith(("Paper ", "Modality Paper ")))
        rows = tuple(_row(n, i, line) for i, line in enumerate(lines[header_at + 1: caption_at]))
        out[n] = SeedTable(n, norm(lines[header_at]), rows, norm(lines[caption_at]))
    return out


def _row(n: int, index: int, line: str) -> SeedRow:
    text = norm(line)
    prefix = None
    match = _PREFIX.match(text)
    if match:
        prefix = (int(match.group(1)), int(match.group(2)))
        text = text[match.end():]
    modality = None
    if n == 2 and prefix is None:  # a group's first row opens with its modality cell
        modality, _, text = text.partition(" ")
    citation = _CITATION.match(text)
    if not citation:
        raise ValueError(f"Table {n} row {index}: no citation in {line!r}")
    return SeedRow(n, index, line, prefix, modality, citation.group(1), text[citation.end():].strip())


def table8_cells(row: SeedRow) -> list[str]:
    match = _TABLE8.match(row.body)
    if not match:
        raise ValueError(f"Table 8 row {row.index}: cannot read {row.line!r}")
    return [match.group(1), match.group(2), match.group(3), match.group(4) or ""]


def all_rows() -> list[SeedRow]:
    return [r for n in TABLES for r in seed_tables()[n].rows]
