"""Magnitudes as people write them: ``70M``, ``1.4T``, ``70M - 16B``, ``1e7``.

Used to parse the survey's printed ranges into numbers and to read user inputs such as
``N=70B``.
"""

from __future__ import annotations

import re

# suffixes in any case: people write 70b, 1.4t and 500k as often as 70B, 1.4T and 500K
SUFFIXES = {"": 1.0, "K": 1e3, "M": 1e6, "B": 1e9, "G": 1e9, "T": 1e12, "P": 1e15}
SUFFIX_CLASS = "[KkMmBbGgTtPp]"

# The one grammar of a number typed by a user (values, lists, ranges, relations, percentages; the
# site's calculators copy it in slc.js): digits grouped with underscores (70_000_000_000) as Python
# writes them, which float() reads. UNSIGNED_NUMBER is the number inside a relation (D=20_000N).
UNSIGNED_NUMBER = r"(?:\d+(?:_\d+)*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?"
NUMBER = rf"[-+]?{UNSIGNED_NUMBER}"
# '(?:\s*S)?\s*', not '\s*S?\s*': two runs of spaces side by side split a cell's spaces every way
# before failing ('1    x'), quadratic in them (a runs file's 100,000-character cell held fit for a minute)
_MAGNITUDE = re.compile(rf"^\s*({NUMBER})(?:\s*({SUFFIX_CLASS}))?\s*$", re.ASCII)
_RANGE = re.compile(rf"^\s*({NUMBER}(?:\s*{SUFFIX_CLASS})?)\s*(?:-|–|to)\s*({NUMBER}(?:\s*{SUFFIX_CLASS})?)\s*$",
                    re.ASCII)


def split_magnitude(text: str) -> tuple[float, str]:
    """``'70B'`` -> ``(7e10, 'B')``, ``'1.4e12'`` -> ``(1.4e12, '')``: the value and the suffix
    written (upper case); ValueError on anything else."""
    match = _MAGNITUDE.match(str(text))
    if not match:
        raise ValueError(f"not a number with an optional K/M/B/G/T/P suffix: {text!r}")
    suffix = (match.group(2) or "").upper()
    return float(match.group(1)) * SUFFIXES[suffix], suffix


def parse_magnitude(text: str) -> float:
    """``'70B'`` -> 7e10, ``'1.4e12'`` -> 1.4e12; ValueError on anything else."""
    return split_magnitude(text)[0]


def is_magnitude(text: str) -> bool:
    """``text`` is a number with an optional K/M/B/G/T/P suffix (``1e24``, ``70B``)."""
    try:
        parse_magnitude(text)
    except ValueError:
        return False
    return True


def split_suffix(previous: str, item: str) -> bool:
    """``item`` is a lone unit suffix (``T``) after a value ending in a digit (``D=1.4``): the
    shell split ``D=1.4 T`` in two."""
    return bool(item.strip()) and item.strip().upper() in SUFFIXES and previous.rstrip()[-1:].isdigit()


def format_magnitude(value: float | None) -> str:
    """``7e10`` -> ``'70B'`` (K/M/B/T, shortest repr); from 1e15 on (compute budgets) plain
    scientific notation, ``'1.397e+18'`` rather than ``'1.397e+06T'``; None -> ``'?'``."""
    if value is None:
        return "?"
    if abs(value) >= 1e15:
        return f"{value:g}"
    for suffix, scale in (("T", 1e12), ("B", 1e9), ("M", 1e6), ("K", 1e3)):
        if abs(value) >= scale:
            return f"{value / scale:g}{suffix}"
    return f"{value:g}"


def parse_range(text: str) -> tuple[float, float]:
    """``'70M - 16B'`` -> (7e7, 1.6e10); a single value gives (v, v)."""
    match = _RANGE.match(text)
    if match:
        low, high = parse_magnitude(match.group(1)), parse_magnitude(match.group(2))
    else:
        low = high = parse_magnitude(text)
    if low > high:
        raise ValueError(f"range {text!r} runs backwards")
    return low, high


def within(low: float | None, high: float | None, value: float) -> bool:
    """Whether a range, either end open (None), holds ``value``, ends included (a NaN is in none):
    the Python twin of the SQL test in :meth:`catalog.store.search_sql.Search._law_covers`."""
    return (low is None or low <= value) and (high is None or high >= value)
