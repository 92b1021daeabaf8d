"""Size a model that will be served: the split reaching Chinchilla's loss 2.0 that minimises training
plus inference FLOPs for growing lifetime demand (Sardana et al. 2024), against the training-only one."""

import warnings

import catalog
from catalog.engine.errors import CatalogWarning

law = catalog.open().law("hoffmann2022")
warnings.simplefilter("ignore", CatalogWarning)  # the larger demands train beyond the fitted 500B tokens

for demand in ("0", "1T", "10T", "100T"):
    found = law.optimal(loss=2.0, inference_tokens=demand)
    best, only = found.optimum, found.training_only
    print(f"D_inf={demand:>4}: N={best.n:.3g} on D_tr={best.d:.3g} tokens ({best.d / best.n:.0f} per parameter), "
          f"{best.total_flops:.3g} FLOPs; training-only N={only.n:.3g}: {only.total_flops:.3g} FLOPs; "
          f"saves {100 * found.saving_fraction:.1f}%")
