"""How a prediction changes between two points: each law's value at ``N=7B D=1T`` and at ``D=10T``,
their ratio and difference ("how much lower is the loss at 10x compute?").

:func:`between` joins two :class:`catalog.engine.predict.Predictions` row by row: a law's row
at the second point matches the one at the first with the same law, constant set and output (a
split's N_opt, D_opt, their ratio and the loss there are four outputs). A row with no match (a law
that takes the first point but refuses the second, a budget without an interior optimum) is named
with the point that lacks it, never paired with another law's value.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from catalog.engine import evaluation as engine
from catalog.engine.predict import Prediction, Predictions


@dataclass
class Change:
    at: Prediction  # the row at the first point
    to: Prediction  # the same law, set and output at the second

    @property
    def ratio(self) -> float:
        """to / at (NaN where the first value is zero)."""
        return self.to.value / self.at.value if self.at.value else math.nan

    @property
    def difference(self) -> float:
        """to - at, in the row's unit."""
        return self.to.value - self.at.value

    def as_dict(self) -> dict[str, Any]:
        return {"law": self.at.ref, "constant_set": self.at.constant_set, "output": self.at.output,
                "dependent": self.at.dependent, "unit": self.at.unit, "at": self.at.value, "to": self.to.value,
                "ratio": self.ratio, "difference": self.difference, "derived": self.at.derived,
                "citation": self.at.citation, "locator": self.at.locator,
                "beyond_range_at": self.at.beyond, "beyond_range_to": self.to.beyond}


@dataclass
class Changes:
    at: dict[str, float]  # the two points, by variable, in base units
    to: dict[str, float]
    rows: list[Change] = field(default_factory=list)
    only_at: list[str] = field(default_factory=list)  # 'law@set output' with a value at the first point alone
    only_to: list[str] = field(default_factory=list)
    first: Predictions | None = field(default=None, repr=False)
    second: Predictions | None = field(default=None, repr=False)

    def to_dicts(self) -> list[dict[str, Any]]:
        return [c.as_dict() for c in self.rows]

    def to_dataframe(self):
        import pandas as pd

        return pd.DataFrame(self.to_dicts())

    def to_table(self, caption: str = ""):
        """The pairs as a :class:`catalog.publish.tables.Table` (``.to_markdown()``, ``.to_latex()``),
        each row's citation and source beside its two values, as ``predict --to --format latex``."""
        from catalog.publish import predictions

        return predictions.change_table(self, caption)


def second_point(values: Mapping[str, Any], to: Mapping[str, Any]) -> dict[str, Any]:
    """The point ``values`` with the variables of ``to`` replaced: ``D=10T`` given for ``D`` (or
    ``tokens``, any synonym of the same variable). A variable the first point lacks is refused:
    the two points must ask the same laws."""
    from catalog import vocab

    if not to:
        raise engine.BadValue("the second point changes at least one variable of the first (--to D=10T)")

    def variable(name: str) -> str:  # a name outside the vocabulary stands for itself (predict then names it)
        return vocab.known("variable", name) or name

    by_variable = {variable(name): name for name in values}
    out = dict(values)
    for name, value in to.items():
        meant = variable(name)
        if meant not in by_variable:
            raise engine.BadValue(f"--to {name}={value}: the first point gives no {meant} "
                                  f"({', '.join(values)}); the two points differ only in values")
        out[by_variable[meant]] = value
    return out


def between(first: Predictions, second: Predictions) -> Changes:
    """Each row of ``first`` with its row of ``second`` (same law, constant set and output)."""
    def key(r: Prediction) -> tuple[str, str, str]:
        return (r.ref, r.constant_set, r.output)

    theirs = {key(r): r for r in second.rows}
    ours = {key(r) for r in first.rows}
    result = Changes(dict(first.at), dict(second.at), first=first, second=second)
    for r in first.rows:
        match = theirs.get(key(r))
        if match is None:
            result.only_at.append(f"{r.ref}@{r.constant_set} {r.output}")
        else:
            result.rows.append(Change(r, match))
    result.only_to = [f"{r.ref}@{r.constant_set} {r.output}" for r in second.rows if key(r) not in ours]
    return result
