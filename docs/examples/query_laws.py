"""Find the papers with a law in the number of experts, and the vision papers with a law in compute."""

from catalog.store.query import Catalog

catalog = Catalog()  # the default database (built from the records on first use, rebuilt when they change)

moe = catalog.search(variable="number of experts")  # synonyms resolve to 'experts'
print("papers with experts as a variable:", ", ".join(hit.id for hit in moe.papers))

vision_compute = catalog.search(modality="vision", variable="compute")
print("vision laws on compute:", ", ".join(hit.id for hit in vision_compute.papers))
