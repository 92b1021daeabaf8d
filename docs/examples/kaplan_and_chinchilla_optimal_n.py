"""Kaplan's and Chinchilla's compute-optimal model size at 1e23 to 1e25 FLOPs in one table: the
sizes each paper states as a law of compute (direct) beside the splits of their loss laws
(derived), all in FLOPs and parameters (as `catalog plot ... --x C --y N_opt -o frontier.csv`)."""

import math

import catalog
from catalog.engine import frontier

LAWS = ["hoffmann2022/compute-optimal-parameters", "hoffmann2022/parametric-loss",
        "kaplan2020/compute-optimal-model-size", "kaplan2020/loss-n-d"]

with catalog.open() as cat:  # the default database (built from the records on first use)
    found = frontier.numbers([(cat.law(ref), None) for ref in LAWS], budgets="1e23..1e25:3")
    print(f"{'law':42} {'how':8} " + " ".join(f"C={c:.0e}".rjust(12) for c in found.curves[0].C))
    for curve in found.curves:
        sizes = " ".join((f"{n / 1e9:,.1f}B" if math.isfinite(n) else "-").rjust(12) for n in curve.N_opt)
        print(f"{curve.law:42} {curve.how:8} {sizes}")
    for note in found.notes:  # e.g. Kaplan's N_opt(C_min) states no fitted range of C_min
        if "records no fitted range" in note:
            print("note:", note)
