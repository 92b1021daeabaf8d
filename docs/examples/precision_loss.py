"""What loss Kumar et al.'s precision-aware law predicts for a 1B model on 20B tokens trained in
FP8 against BF16: the effective parameter count chained into the loss law (as `catalog eval` twice).

The paper (arXiv:2411.04330) writes the loss over an effective parameter count,
L = A N_eff^-alpha + B D^-beta + E + delta_PTQ (Eq. 1), with N_eff = N (1 - e^(-P_w/gamma_w + n_w))
(1 - e^(-P_a/gamma_a + n_a)) (1 - e^(-P_kv/gamma_kv + n_kv)) (Eq. 4 with Appendix K's offsets):
the record stores one factor as kumar2024/effective-parameter-count, one constant set per part
(weights, activations, kv-cache; Table 2), and the loss over N_eff as kumar2024/unified-precision-loss.
Their fits are of integer precisions; Appendix N fits the weights' factor in floating point too
(set weights-floating-point), the others have no floating-point fit. N counts non-embedding
parameters; delta_PTQ = 0 without post-training quantization.
"""

import warnings

import catalog

N, D = 1e9, 20e9  # non-embedding parameters, tokens

with catalog.open() as cat:
    factor = cat.law("kumar2024/effective-parameter-count")
    loss = cat.law("kumar2024/unified-precision-loss")
    with warnings.catch_warnings(record=True) as seen:  # 1B is beyond the fitted 30M-220M: warned of
        warnings.simplefilter("always")
        for name, bits, weights in (("BF16", 16, "weights"), ("FP8", 8, "weights"),
                                    ("FP8, float weights", 8, "weights-floating-point")):
            parts = {part: factor(N=N, P=bits, constant_set=part) / N for part in (weights, "activations", "kv-cache")}
            n_eff = N
            for value in parts.values():
                n_eff *= value
            shown = ", ".join(f"{part} {value:.4f}" for part, value in parts.items())
            print(f"{name:19} P={bits:2}: N_eff = {n_eff:.4e} ({shown}); L = {loss(N_eff=n_eff, D=D, delta_PTQ=0):.4f}")
    print(f"warnings: {len(seen)}, e.g. {seen[0].message}")
