"""What each catalogued law predicts for a 70B model trained on 1.4T tokens, and which model size
each compute-optimal law gives for Chinchilla's budget (as `catalog predict`)."""

import catalog

with catalog.open() as cat:  # the default database (built from the records on first use)
    at_70b = cat.predict(N="70B", D="1.4T", where="dependent=loss")
    for row in at_70b.rows:
        if row.unit == "nats/token":  # one unit, so the values compare (conventions still differ;
            # "nats" alone, per what unstated, is another unit)
            beyond = ", ".join(row.beyond) or "none"
            print(f"{row.ref:45} L = {row.value:.4f} {row.unit}  beyond the fitted range: {beyond}")

    sizes = cat.predict(C=5.76e23, where="dependent=optimal_model_parameters")
    for row in sizes.rows:
        if row.unit == "parameters":
            print(f"{row.ref:45} N_opt = {row.value / 1e9:.1f}B (constants tested: {row.checked or 'no'})")
    print(f"skipped: {len(sizes.skipped)} laws whose inputs are not FLOPs (e.g. {sizes.skipped[0].reason})")
