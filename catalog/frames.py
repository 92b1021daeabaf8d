"""Results in notebooks: pandas DataFrames (pandas is optional, the ``notebook`` extra) and
one-line reprs."""

from __future__ import annotations

from typing import Any


def dataframe(data: Any, columns: list[str] | None = None, *, instead: str = "to_dicts()"):
    """``pandas.DataFrame(data, columns=columns)``; without pandas an ImportError naming the
    install and the method (``instead``) that gives the same rows without it."""
    try:
        import pandas
    except ImportError:
        raise ImportError(f"to_dataframe needs pandas: pip install pandas, or pip install "
                          f"'scaling-law-catalog[notebook]' ({instead} needs nothing)") from None
    return pandas.DataFrame(data, columns=columns)


def listed(items: list[str], shown: int = 6) -> str:
    """'a, b, c and 4 more': the first ``shown`` items of a result's one-line repr."""
    more = f" and {len(items) - shown} more" if len(items) > shown else ""
    return ", ".join(items[:shown]) + more
