"""Evaluate Chinchilla's parametric loss at 70B parameters and 1.4T tokens, with both constant sets,
and derive the compute-optimal allocation."""

from catalog.engine import evaluation as engine, optimal
from catalog.store.reader import Store

law = Store().law("hoffmann2022/parametric-loss")

for constants in ("hoffmann2022", "besiroglu2024"):
    result = engine.evaluate(law, {"N": "70B", "D": "1.4T"}, constants)
    print(constants, float(result.value))

allocation = optimal.compute_optimal(law)  # under C = 6ND
for name in ("N_opt", "D_opt", "L_opt"):
    fit = getattr(allocation, name)
    offset = f" + {fit.offset:.4g}" if fit.offset else ""  # the loss's floor E; the sizes have none
    print(f"{name} = {fit.coefficient:.4g} C^{fit.exponent:.4g}{offset}")
