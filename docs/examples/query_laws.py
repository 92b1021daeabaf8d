"""Find the laws that have the number of experts as a variable, and vision laws fitted on compute."""

from catalog.store.query import Catalog

catalog = Catalog()  # the default database, build/catalog.sqlite (run `catalog build` first)

moe = catalog.search(variable="number of experts")  # synonyms resolve to 'experts'
print("papers with experts as a variable:", ", ".join(hit.id for hit in moe.papers))

vision_compute = catalog.search(modality="vision", variable="compute")
print("vision laws on compute:", ", ".join(hit.id for hit in vision_compute.papers))
