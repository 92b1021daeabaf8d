"""Inference-aware allocation (Sardana, Portes, Doubov and Frankle 2024, "Beyond Chinchilla-Optimal",
arXiv:2401.00448): for a loss ``l`` to reach and an inference demand ``D_inf`` (the tokens the model
will serve over its life, input and output alike), the model size N and pre-training tokens D_tr that
minimise the total FLOPs

    k*N*D_tr + k_inf*N*D_inf    subject to    L(N, D_tr) = l

with k = 6 FLOPs per parameter per training token and k_inf = 2 per inference token, as the authors'
code counts them (nikhilsardana/beyond-chinchilla, utils.py: ``FLOPMode.TRAINING = 6.0``,
``FLOPMode.INFERENCE = 2.0``; compute_optimal.py's ``--inference_tokens`` is "Total number of lifetime
inference tokens (Input+output) across all requests"). With D_inf = 0 the optimum is the training-only
one at that loss: the least budget reaching it (:meth:`Optimum.budget_reaching`) and its split.

The optimum has no closed form with D_inf > 0 (the authors solve the first-order condition with
Newton's method for Chinchilla's form); here, for any law in N and D: D_tr is solved from the
constraint for each N (the least D reaching ``l``: a scan of log D, refined with brentq), and the total
is minimised over log N (a scan, refined with bounded ``minimize_scalar``), all through the law's
compiled evaluation (:func:`catalog.engine.optimal.compute_optimal`'s loss function, evaluated on
arrays). The training-only allocation at the same loss (the "Chinchilla-style" model of the paper)
is always a candidate, so the inference-aware total is never above its total with the same inference.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Mapping

import numpy as np

from catalog.engine import evaluation as engine
from catalog.engine.errors import DomainError, NoSolution
from catalog.engine.evaluation import fmt
from catalog.engine.optimal import DEFAULT_K, Optimum, compute_optimal

# FLOPs per parameter per inference token (a forward pass), prompt and generated tokens alike: the
# authors' code (utils.py FLOPMode.INFERENCE) and the paper's cost of 2N per inference token.
DEFAULT_K_INFERENCE = 2.0
_LOG_D_MAX = 60 * math.log(10)  # D_tr searched from 1 to 1e60 tokens, as budget_reaching searches C
_D_POINTS = 241  # a quarter decade apart
_N_POINTS = 400
_N_ABOVE = math.log(10.0)  # the scan of N reaches a decade above the training-only N


@dataclass(frozen=True)
class Split:
    """One allocation at the loss asked for: N, D_tr and its FLOPs (training, inference, total)."""

    n: float
    d: float
    training_flops: float
    inference_flops: float

    @property
    def total_flops(self) -> float:
        return self.training_flops + self.inference_flops

    def as_dict(self, nn: str, dd: str) -> dict[str, float]:
        return {nn: self.n, dd: self.d, "training_flops": self.training_flops,
                "inference_flops": self.inference_flops, "total_flops": self.total_flops}


@dataclass
class InferenceOptimum:
    """The inference-aware split (``optimum``) and the training-only one at the same loss
    (``training_only``, the least budget reaching it split compute-optimally), each with its FLOPs;
    ``saving`` is how much less the first costs in total, training plus the same inference."""

    ref: str
    output: str
    n: str
    d: str
    loss: float
    inference_tokens: float
    k: float
    k_inference: float
    optimum: Split
    training_only: Split
    budget: float  # the least training budget reaching the loss (training-only), as budget_reaching gives it
    constants: engine.Constants = field(repr=False)
    units: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def saving(self) -> float:
        return self.training_only.total_flops - self.optimum.total_flops

    @property
    def saving_fraction(self) -> float:
        return self.saving / self.training_only.total_flops

    def as_dict(self) -> dict[str, Any]:
        """The JSON of ``catalog optimal ... --inference-tokens``."""
        return {"loss": self.loss, "inference_tokens": self.inference_tokens, "k": self.k,
                "k_inference": self.k_inference, "optimum": self.optimum.as_dict(self.n, self.d),
                "training_only": {**self.training_only.as_dict(self.n, self.d), "budget": self.budget},
                "saving_flops": self.saving, "saving_fraction": self.saving_fraction}


_STEP = 1e-4  # central differences in log N and log D: truncation about 1e-9, rounding about 1e-10


def _polished(u: float, lo: float, hi: float, tokens, loss_of, k: float, served: float) -> float:
    """The minimiser's log N made precise: the total is flat to second order at the optimum, so
    function values place it only to about 1e-8; its first-order condition, with D_tr(N) on the
    constraint (dD/dN from the implicit function theorem),

        (dL/dlog N) / (dL/dlog D) = 1 + k_inf*D_inf / (k*D_tr),

    places it to about 1e-10 (brentq between the search's bounds). Unchanged where the condition
    does not change sign there (a law whose total has no smooth minimum)."""
    from scipy.optimize import brentq

    def condition(x: float) -> float:
        n = math.exp(x)
        d = tokens(n)
        if not math.isfinite(d):
            return math.nan
        e = math.exp(_STEP)
        with np.errstate(all="ignore"):
            values = np.asarray(loss_of(np.array([n * e, n / e, n, n]), np.array([d, d, d * e, d / e])), dtype=float)
        by_n, by_d = values[0] - values[1], values[2] - values[3]
        return by_n / by_d - 1 - served / (k * d)

    a, b = condition(lo), condition(hi)
    if not (math.isfinite(a) and math.isfinite(b) and a * b < 0):
        return u
    return brentq(condition, lo, hi, xtol=1e-13, rtol=4 * np.finfo(float).eps)


def inference_optimal(target: Any, loss: Any, inference_tokens: Any, constant_set: str | None = None,
                      k: float = DEFAULT_K, k_inference: float = DEFAULT_K_INFERENCE,
                      fixed: Mapping[str, Any] | None = None,
                      overrides: Mapping[str, Any] | None = None) -> InferenceOptimum:
    """The split of a law in N and D reaching ``loss`` that minimises k*N*D_tr + k_inference*N*D_inf,
    D_inf = ``inference_tokens`` (numbers or ``"2T"``-style strings); ``fixed`` holds other inputs,
    ``overrides`` replaces constants (as for compute_optimal)."""
    base = compute_optimal(target, constant_set, overrides, k=k, fixed=fixed)
    return from_optimum(base, loss, inference_tokens, k_inference)


def from_optimum(base: Optimum, loss: Any, inference_tokens: Any,
                 k_inference: float = DEFAULT_K_INFERENCE) -> InferenceOptimum:
    """:func:`inference_optimal` from a training-only :class:`Optimum` already derived (its law,
    constants, k and held inputs)."""
    from scipy.optimize import brentq, minimize_scalar

    d_inf = engine.as_number("inference tokens", inference_tokens)
    if d_inf < 0:
        raise DomainError(f"inference tokens: {fmt(d_inf)} is negative; give the tokens the model will serve over its "
                          f"life, 0 or more (0 is the training-only optimum)")
    k_inf = engine.as_number("k_inference", k_inference)
    if k_inf <= 0:
        raise DomainError(f"k_inference must be positive (got {fmt(k_inf)}): the FLOPs per parameter per inference "
                          f"token (2 for a forward pass); for no inference give 0 inference tokens")
    target = engine.as_number(base.output, loss)
    budget = base.budget_reaching(target)  # NoSolution, saying why, for a loss no budget reaches
    at = base.at(budget)
    loss_of = base.value
    k = base.k

    def residual(n, v):  # L(N, e^v) - l, non-finite as +inf (not reached)
        with np.errstate(all="ignore"):
            r = np.asarray(loss_of(n, np.exp(v)), dtype=float) - target
        return np.where(np.isfinite(r), r, np.inf)

    v_grid = np.linspace(0.0, _LOG_D_MAX, _D_POINTS)

    def first_crossing(r: np.ndarray) -> np.ndarray:
        """Per row, the first grid index where the loss has come down to the target (-1: never)."""
        below = r <= 0
        j = np.argmax(below, axis=-1)
        return np.where(below.any(axis=-1) & (j > 0), j, -1)

    def tokens(n: float) -> float:
        """The least D_tr with L(n, D_tr) = l (inf where none up to 1e60 tokens)."""
        r = residual(np.float64(n), v_grid)
        j = int(first_crossing(r[None, :])[0])
        if j < 0:
            return math.inf
        a, b = v_grid[j - 1], v_grid[j]
        if not math.isfinite(float(residual(np.float64(n), a))):
            return math.inf
        v = brentq(lambda x: float(residual(np.float64(n), x)), a, b, xtol=1e-14, rtol=4 * np.finfo(float).eps)
        return math.exp(v)

    def total(u: float) -> float:
        n = math.exp(u)
        d = tokens(n)
        return k * n * d + k_inf * n * d_inf if math.isfinite(d) else math.inf

    n_train = float(at[f"{base.n}_opt"])
    if not math.isfinite(k_inf * n_train * d_inf):
        raise DomainError(f"inference tokens: {fmt(d_inf)} tokens at {fmt(k_inf)} FLOPs per parameter overflow: "
                          f"k_inference*N*D_inf is not a finite number at N={fmt(n_train)}")
    top = math.log(n_train) + _N_ABOVE
    u_grid = np.linspace(0.0, top, _N_POINTS)
    # the scan: every N against every D at once (one compiled call), D_tr interpolated in log D
    r = residual(np.exp(u_grid)[:, None], v_grid[None, :])
    j = first_crossing(r)
    rows = np.arange(len(u_grid))
    r_hi, r_lo = r[rows, np.maximum(j - 1, 0)], r[rows, j]
    with np.errstate(all="ignore"):
        frac = np.where(np.isfinite(r_hi) & (r_hi != r_lo), r_hi / (r_hi - r_lo), 1.0)
        v_at = v_grid[np.maximum(j - 1, 0)] + frac * (v_grid[1] - v_grid[0])
        scan = np.where(j > 0, k * np.exp(u_grid + v_at) + k_inf * np.exp(u_grid) * d_inf, np.inf)
    candidates = [math.log(n_train)]
    i = int(np.argmin(scan))
    # with no demand the training-only split is the answer (the closed form where the law has one):
    # a search on the total, flat to second order there, places N only to about 1e-8
    if d_inf > 0 and np.isfinite(scan[i]) and 0 < i < len(u_grid) - 1:
        lo, hi = u_grid[max(i - 2, 0)], u_grid[min(i + 2, len(u_grid) - 1)]
        # about the scan's best point: bounded Brent's tolerance grows with |x| (sqrt(eps)*|x|)
        centre = float(u_grid[i])
        res = minimize_scalar(lambda t: total(centre + t), bounds=(lo - centre, hi - centre), method="bounded",
                              options={"xatol": 1e-12})
        candidates.append(_polished(centre + float(res.x), lo, hi, tokens, loss_of, k, k_inf * d_inf))
    costs = [total(u) for u in candidates]
    best = candidates[int(np.argmin(costs))]
    notes = []
    if np.isfinite(scan[i]) and i == len(u_grid) - 1 and d_inf > 0:
        notes.append(f"the total keeps falling towards larger {base.n} at the top of the search, a decade above the "
                     f"training-only {base.n}; the best split found is shown")
    n_best = math.exp(best)
    d_best = tokens(n_best)
    if not math.isfinite(d_best):
        raise NoSolution(f"{base.ref}: no {base.d} reaches {base.output} = {fmt(target)} at any {base.n} searched")
    n_c = math.exp(candidates[0])
    d_c = tokens(n_c)  # the training-only split, its D_tr on the constraint as exactly as the optimum's
    optimum = Split(n_best, d_best, k * n_best * d_best, k_inf * n_best * d_inf)
    training_only = Split(n_c, d_c, k * n_c * d_c, k_inf * n_c * d_inf)
    warns, more = base.warnings_for(np.asarray(n_best), np.asarray(d_best), k * n_best * d_best)
    units = base.units
    return InferenceOptimum(base.ref, base.output, base.n, base.d, target, d_inf, k, k_inf, optimum, training_only,
                            budget, base.constants,
                            units={base.n: units.get(f"{base.n}_opt", ""), base.d: units.get(f"{base.d}_opt", "")},
                            warnings=warns, notes=[*notes, *more])
