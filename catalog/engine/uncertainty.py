"""Prediction intervals: how uncertain a law's prediction is, given the uncertainty its paper
reports for the fitted constants.

A constant set may carry standard errors (``stderr``, e.g. Besiroglu et al. 2024's re-fit of the
Chinchilla law) or intervals (``intervals``: low, high and level, e.g. the 10th-90th percentiles
of Hoffmann et al. 2022's Table 2). The prediction interval is found by sampling:

- each parameter with a standard error is drawn from ``normal(value, stderr)``;
- each parameter with an interval is drawn from the normal distribution whose quantiles at
  ``(1 - level)/2`` and ``(1 + level)/2`` are the interval's ends: mean at the midpoint,
  ``sd = (high - low) / (2 z)`` with ``z`` the standard normal quantile at ``(1 + level)/2``.
  When the published value lies outside its own interval (rounding in the source) the samples
  are still centred on the interval, and a note says so. A standard error takes precedence
  over an interval for the same parameter;
- parameters are drawn independently (the records carry no covariances, so correlated
  estimates such as A and alpha may give a wider or narrower interval than the paper's own
  bootstrap would); the distribution is not truncated, so a sample may cross zero (a note
  gives the share when it is more than :data:`SIGN_NOTE_SHARE`);
- parameters without uncertainty, and parameters the user overrode, are held at their value
  and listed in ``fixed``;
- the law is evaluated once on all samples at once: the compiled function takes the
  parameters as arrays (shape ``(samples, 1, ...)`` against the inputs' shape), in chunks of
  at most :data:`MAX_CELLS` values; samples where the law is not a finite number are left out
  and counted (``dropped``);
- the interval is the central ``level`` quantile range of the predictions, per input point;
  the generator is ``numpy.random.default_rng(seed)`` with a fixed default seed, so the same
  call always gives the same interval.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from statistics import NormalDist
from typing import Any

import numpy as np

from catalog.engine import evaluation as engine
from catalog.engine.evaluation import Constants, EngineError, fmt

DEFAULT_LEVEL = 0.95
DEFAULT_SAMPLES = 10_000
DEFAULT_SEED = 0
MAX_SAMPLES = 1_000_000
# samples x points: 1e8 take some four seconds; a million of each (1e12) would take half a day
MAX_EVALUATIONS = 2_000_000_000
MAX_CELLS = 4_000_000  # samples x input points evaluated in one call
SIGN_NOTE_SHARE = 0.005


@dataclass(frozen=True)
class Spread:
    """How one parameter is sampled: ``normal(mean, sd)``; ``source`` says where that comes from."""

    name: str
    value: float
    mean: float
    sd: float
    source: str

    def describe(self) -> str:
        return f"{self.name} ~ normal({fmt(self.mean)}, {fmt(self.sd)}) from {self.source}"

    def as_dict(self) -> dict:
        return {"name": self.name, "value": self.value, "mean": self.mean, "sd": self.sd, "source": self.source}


@dataclass
class PredictionInterval:
    level: float
    low: Any  # float for one point, else an ndarray shaped like the inputs
    high: Any
    median: Any
    samples: int
    seed: int
    spreads: list[Spread]
    fixed: list[str]  # parameters held at their value (no uncertainty recorded, or overridden)
    dropped: int = 0  # samples left out because the law was not a finite number there
    notes: list[str] = field(default_factory=list)

    @property
    def sampled(self) -> list[str]:
        return [s.name for s in self.spreads]

    def describe(self) -> str:
        """``95% interval 1.90 to 2.05 (median 1.96)`` for one point."""
        pct = f"{100 * self.level:g}%"
        if np.ndim(self.low):
            return f"{pct} interval per point ({self.samples} samples, seed {self.seed})"
        return f"{pct} interval {fmt(self.low)} to {fmt(self.high)} (median {fmt(self.median)})"

    def as_dict(self) -> dict:
        conv = (lambda a: np.asarray(a).tolist()) if np.ndim(self.low) else float
        return {"level": self.level, "low": conv(self.low), "high": conv(self.high), "median": conv(self.median),
                "samples": self.samples, "seed": self.seed, "sampled": [s.as_dict() for s in self.spreads],
                "fixed": list(self.fixed), "dropped": self.dropped, "notes": list(self.notes),
                "method": METHOD}


METHOD = ("independent normal samples of each parameter with recorded uncertainty (standard error as sd; "
          "an interval as the normal quantiles at its level), the law evaluated on every sample, the central "
          "quantiles of the predictions")


def check_level(level: Any) -> float:
    level = engine.as_number("level", level)
    if not 0 < level < 1:
        raise engine.BadValue(f"level: the interval's level must lie strictly between 0 and 1 (got {fmt(level)}; "
                              f"e.g. 0.95 or 0.8)")
    return level


def spreads(target: Any, constants: Constants) -> tuple[list[Spread], list[str], list[str]]:
    """(spreads, fixed parameters, notes) for the constant set ``constants`` came from."""
    law, _, ref = engine.unpack(target)
    chosen = next((c for c in law.constant_sets if c.id == constants.set_id), None) if constants.set_id else None
    out: list[Spread] = []
    fixed: list[str] = []
    notes: list[str] = []
    for name, value in constants.values.items():
        if name in constants.overridden:
            fixed.append(name)
            continue
        se = chosen.stderr.get(name) if chosen else None
        iv = chosen.intervals.get(name) if chosen else None
        if se is not None and se > 0:
            out.append(Spread(name, value, value, float(se), f"standard error {fmt(se)}"))
        elif iv is not None and iv.high > iv.low and 0 < iv.level < 1:
            z = NormalDist().inv_cdf((1 + iv.level) / 2)
            mean = (iv.low + iv.high) / 2
            sd = (iv.high - iv.low) / (2 * z)
            out.append(Spread(name, value, mean, sd, f"{100 * iv.level:g}% interval [{fmt(iv.low)}, {fmt(iv.high)}]"))
            if not iv.low <= value <= iv.high:
                notes.append(f"{name}={fmt(value)} lies outside its own {100 * iv.level:g}% interval "
                             f"[{fmt(iv.low)}, {fmt(iv.high)}] in constant set {chosen.id} (rounding in the source?); "
                             f"the samples are centred on the interval, at {fmt(mean)}")
        else:
            fixed.append(name)
    over = [n for n in constants.overridden]
    if over:
        notes.append(f"overridden parameters are held at the given value: {', '.join(over)}")
    return out, fixed, notes


def prediction_interval(target: Any, arrays: Mapping[str, np.ndarray], constants: Constants,
                        level: Any = DEFAULT_LEVEL, samples: Any = DEFAULT_SAMPLES, seed: Any = DEFAULT_SEED,
                        *, ref: str | None = None) -> PredictionInterval:
    """The ``level`` prediction interval at prepared input ``arrays`` (see :func:`engine.prepare_inputs`)."""
    law, _, default_ref = engine.unpack(target)
    ref = ref or default_ref
    level = check_level(level)
    samples = _count("samples", samples, 2, MAX_SAMPLES)
    seed = _count("seed", seed, 0, 2**63 - 1)
    found, fixed, notes = spreads(target, constants)
    shape = np.broadcast_shapes(*(np.shape(a) for a in arrays.values())) if arrays else ()
    point = engine.compute(law, arrays, constants.values, ref=ref)
    if not found:
        set_text = f"constant set {constants.set_id}" if constants.set_id else "the given constants"
        # another set of the law may record them (Chinchilla's: Besiroglu et al.'s refit)
        others = [c.id for c in law.constant_sets if c.id != constants.set_id and (c.stderr or c.intervals)]
        instead = (f"; {', '.join(others)} {'records' if len(others) == 1 else 'record'} them "
                   f"(--constants {others[0]}, or constant_set= in Python)" if others else "")
        notes.insert(0, f"{set_text} of {ref} records no standard errors or intervals: the prediction has no "
                        f"parameter uncertainty to propagate, and the interval is the value itself{instead}")
        value = _shaped(point, shape)
        return PredictionInterval(level, value, value, value, 0, seed, [], fixed, 0, notes)

    rng = np.random.default_rng(seed)
    draws = {s.name: rng.normal(s.mean, s.sd, samples) for s in found}
    for s in found:
        if s.value > 0:
            share = float(np.mean(draws[s.name] <= 0))
            if share > SIGN_NOTE_SHARE:
                notes.append(f"{s.name}: {100 * share:.1f}% of the samples are not positive ({s.source} against a "
                             f"value of {fmt(s.value)}); a normal distribution describes it poorly there")

    size = math.prod(shape)
    if samples * size > MAX_EVALUATIONS:
        raise engine.BadValue(f"an interval from {samples:,} samples at {size:,} points is {samples * size:,} "
                              f"evaluations, more than {MAX_EVALUATIONS:,}: use fewer --samples or fewer points")
    flat = {n: np.broadcast_to(a, shape).reshape(-1) for n, a in arrays.items()}
    step = max(1, MAX_CELLS // samples)
    low, high, median = (np.empty(size) for _ in range(3))
    bad_rows = np.zeros(samples, dtype=bool)
    q = [(1 - level) / 2, 0.5, (1 + level) / 2]
    for start in range(0, size or 1, step):
        sl = slice(start, start + step)
        chunk = {n: a[sl][None, :] for n, a in flat.items()}
        params = {n: (draws[n][:, None] if n in draws else v) for n, v in constants.values.items()}
        y = np.array(engine.compute(law, chunk, params, ref=ref, check=False), dtype=float)
        y = np.broadcast_to(y, (samples, max(0, min(step, size - start)))).copy()
        finite = np.isfinite(y)
        bad_rows |= ~finite.all(axis=1)
        y[~finite] = np.nan
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN columns are refused below
            qs = np.nanquantile(y, q, axis=0)
        if not np.isfinite(qs).all():
            raise engine.DomainError(f"{ref}: {law.output_symbol} is not a finite number for any sampled constants "
                                     f"at some inputs; no prediction interval there")
        low[sl], median[sl], high[sl] = qs
    dropped = int(bad_rows.sum())
    if dropped:
        notes.append(f"{dropped} of {samples} samples gave no finite {law.output_symbol} (at one input point or more) "
                     f"and were left out there")
    if dropped > samples // 2:
        raise engine.DomainError(f"{ref}: {dropped} of {samples} sampled constant sets give no finite "
                                 f"{law.output_symbol}; the recorded uncertainty is too wide for a prediction interval")
    return PredictionInterval(level, _shaped(low, shape), _shaped(high, shape), _shaped(median, shape), samples, seed,
                              found, fixed, dropped, notes)


def _shaped(values: np.ndarray, shape: tuple) -> Any:
    arr = np.asarray(values, dtype=float).reshape(shape) if shape else np.asarray(values, dtype=float).reshape(())
    return float(arr) if not shape else arr


def _count(name: str, value: Any, low: int, high: int) -> int:
    if isinstance(value, str):
        value = engine.as_number(name, value)
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise engine.BadValue(f"{name}: {value!r} is not a whole number")
    if not math.isfinite(float(value)) or float(value) != int(value) or not low <= int(value) <= high:
        raise engine.BadValue(f"{name} must be a whole number from {low:,} to {high:,} (got {value!r})")
    return int(value)


__all__ = ["DEFAULT_LEVEL", "DEFAULT_SAMPLES", "DEFAULT_SEED", "PredictionInterval", "Spread", "prediction_interval",
           "spreads", "check_level", "EngineError"]
