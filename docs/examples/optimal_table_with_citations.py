"""The compute-optimal N and D for 1e24 FLOPs under each law that gives them, as a Markdown table to
paste (whom to cite, where the constants are printed, which inputs lie beyond the fitted range),
then the BibTeX of the laws used and the LaTeX citing one of them (as `catalog predict C=1e24
--where dependent=optimal_model_parameters --format markdown`, `catalog bib` and `catalog cite`)."""

import catalog
from catalog.publish import citing
from catalog.publish.escaping import markdown_text  # record text is escaped for each cell

with catalog.open() as cat:
    sizes = cat.predict(C=1e24, where="dependent=optimal_model_parameters")
    print("| law | citation | N_opt | D_opt | constants | beyond the fitted range |")
    print("|---|---|---|---|---|---|")
    for row in sizes.rows:
        if row.unit != "parameters" or "D" not in row.inputs:  # the splits of a loss law L(N, D): N and D together
            continue
        n, d = row.inputs["N"], row.inputs["D"]
        cells = [row.ref, row.citation, f"{n:.3g}", f"{d:.3g}", f"{row.constant_set}: {row.locator}",
                 ", ".join(row.beyond) or "none"]
        print("| " + " | ".join(markdown_text(c) for c in cells) + " |")

    chinchilla = cat.law("chinchilla")  # the session records the laws it gives: cat.used
    cat.law("besiroglu2024")
    print(cat.bib(used=True))
    print(citing.latex_snippet(chinchilla.paper, chinchilla.law))
