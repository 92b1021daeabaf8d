"""Units of law inputs on the axes users query in absolute terms: parameters, tokens, FLOPs.

Records keep each input's unit as the paper states it (``billions of parameters``,
``PF-days``, ``GPU hours``). ``base_factor`` turns a value in such a unit into the variable's
base unit, so that ``covers N=1B`` finds a law fitted on N in billions from 0.5 to 32; a unit
that is no multiple of the base (hours, fractions, 'dimensionless' rescalings) gives None and
the range is left out of absolute comparisons rather than compared as if it were one."""

from __future__ import annotations

import re

BASE_UNITS = {"model_parameters": "parameters", "data": "tokens", "compute": "FLOPs"}

_COUNT_WORDS = {"thousands": 1e3, "millions": 1e6, "billions": 1e9, "trillions": 1e12}
# FLOP counts by their usual names; a petaflop/s-day is 1e15 FLOP/s for 86,400 s, and a
# multiply-accumulate is two FLOPs. Not 'eFLOPs': Kinetics' effective FLOPs (compute plus weighted
# memory access), no multiple of a FLOP count.
_FLOP_UNITS = {"flop": 1.0, "flops": 1.0, "gflop": 1e9, "gflops": 1e9, "tflop": 1e12, "tflops": 1e12,
               "pflop": 1e15, "pflops": 1e15, "exaflop": 1e18, "exaflops": 1e18, "pf-days": 8.64e19, "pf-day": 8.64e19, "pflop/s-days": 8.64e19,
               "pflop/s-day": 8.64e19, "petaflop/s-days": 8.64e19, "gmacs": 2e9, "gmac": 2e9}
# Plain counts of the paper's own data unit: the data axis counts them as paper-level data
# ranges do (a paper's 'examples' are its D).
_DATA_COUNTS = {"tokens", "examples", "demonstrations", "bytes", "samples", "images", "sequences"}
_SCALE = re.compile(r"^(?P<num>\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s+(?P<rest>.+)$")


def _parse(unit: str) -> tuple[float, str]:
    """``(scale, noun)`` of a unit text: 'billions of parameters' -> (1e9, 'parameters'),
    '1e21 FLOPs' -> (1e21, 'flops'), 'PFLOPs (1e15 FLOPs)' -> (1, 'pflops')."""
    text = _without_parenthetical(unit.strip().lower())
    scale = 1.0
    if m := _SCALE.match(text):  # '1e21 FLOPs'
        scale, text = float(m["num"]), m["rest"]
    words = text.split()
    if len(words) == 3 and words[0] in _COUNT_WORDS and words[1] == "of":  # 'billions of parameters'
        scale, words = scale * _COUNT_WORDS[words[0]], words[2:]
    return scale, " ".join(words)


def noun(unit: str) -> str:
    """What ``unit`` counts, without its scale or a trailing parenthetical: 'repetitions (epochs -
    1)' -> 'repetitions', 'billions of parameters' -> 'parameters'."""
    return _parse(unit)[1]


def _without_parenthetical(text: str) -> str:
    r"""``text`` less a trailing parenthetical, as ``re.sub(r"\s*\(.*\)\s*$", "", text)`` gives it
    (the first '(' after the last line break, through a ')' that only white space follows), in
    one pass: that pattern, tried at every '(' or space, took 0.2 s on 20,000 of them."""
    kept = text.rstrip()
    if not kept.endswith(")"):
        return text
    opening = kept.find("(", kept.rfind("\n", 0, len(kept) - 1) + 1, len(kept) - 1)  # '.' stops at a line break
    if opening < 0:
        return text
    start = opening
    while start and text[start - 1].isspace():
        start -= 1
    return text[:start]


def counted(variable: str, unit: str) -> tuple[str, float] | None:
    """``(noun, factor)`` of ``unit`` as a multiple of a plain count of ``variable`` (one of
    BASE_UNITS): parameters, the paper's own data noun (tokens, examples, ...) or FLOPs; None
    when the unit is no such multiple."""
    scale, noun = _parse(unit)
    if variable == "model_parameters":
        return ("parameters", scale) if noun == "parameters" else None
    if variable == "data":
        return (noun, scale) if noun in _DATA_COUNTS else None
    factor = _FLOP_UNITS.get(noun)
    return ("FLOPs", scale * factor) if factor is not None else None


def base_factor(variable: str | None, unit: str | None) -> float | None:
    """The factor from ``unit`` to the base unit of ``variable`` (1 for variables without one),
    or None when the unit is not a multiple of that base."""
    if variable not in BASE_UNITS:
        return 1.0
    if not unit:
        return None
    found = counted(variable, unit)
    return found[1] if found else None


# Outputs that count parameters, tokens or FLOPs: an optimal model size is a number of parameters.
_COUNTED_OUTPUTS = {"optimal_model_parameters": "model_parameters", "optimal_data": "data",
                    "optimal_compute": "compute", "model_parameters": "model_parameters", "data": "data",
                    "compute": "compute"}


def output_unit(variable: str | None, unit: str | None) -> tuple[str, float] | None:
    """``(unit, factor)`` that puts an output counting parameters, tokens or FLOPs in a plain
    count (a law predicting N_opt in billions of parameters gives 'parameters', 1e9), so laws
    that differ only in the multiple share a y axis; None for every other output. Data keep
    their own noun: an optimal number of examples is not a number of tokens."""
    base = _COUNTED_OUTPUTS.get(variable or "")
    return counted(base, unit) if base and unit else None


def scale_of(variable: str | None, unit: str | None) -> float | None:
    """The factor when ``unit`` is a multiple other than 1 of the variable's base unit (millions
    or billions of parameters, PF-days), else None: the inputs where a suffixed count such as
    ``570M`` would be read in the wrong unit."""
    factor = base_factor(variable, unit)
    return factor if factor not in (None, 1.0) else None


def to_base(variable: str | None, unit: str | None, value: float | None) -> float | None:
    """``value`` in the base unit of ``variable``; None when it has none or cannot be converted."""
    factor = base_factor(variable, unit)
    return None if value is None or factor is None else value * factor


# An output unit of a share bounded like a probability: 'fraction', 'probability (0 to 1)',
# 'percent', 'accuracy', 'F1 (fraction)', 'score in [0, 1]'; not 'percentage points' (a
# difference) nor 'gold-score fraction per unit of sqrt(KL)'.
_SHARE = re.compile(r"^(?:fraction|probability|percent|accuracy|error rate|f1 \(fraction\)|score in \[0, ?1\])(?![\w-])",
                    re.IGNORECASE)


def is_score(unit: str | None, variable: str | None = None) -> bool:
    """Whether an output in ``unit`` of ``variable`` is a score bounded like a probability (an
    accuracy, a success rate, a coverage) rather than an error rate: plots draw such a score on a
    linear y axis where it spans less than a decade (:func:`linear_score_axis`). An error rate
    (downstream_error, token_error_rate, a unit naming an error) falls towards zero as a power law,
    the papers draw it on log-log axes, where such a law is straight: it keeps its log axis."""
    if not unit or not _SHARE.match(unit.strip()):
        return False
    return "error" not in (variable or "") and "error" not in unit.lower()


SCORE_LINEAR_BELOW = 10.0  # largest over smallest value: a score spanning less than this is drawn on a linear y


def linear_score_axis(scores: bool, low: float, high: float) -> bool:
    """A y axis of scores (probabilities, accuracies) from ``low`` to ``high`` is linear when they
    span less than a decade: a log axis there only bends a curve the paper draws straight (a success
    rate linear in log c, kim2025; a probability linear in z-scores) and squeezes the top end, near
    1, that a researcher reads."""
    return scores and low > 0 and high / low < SCORE_LINEAR_BELOW
