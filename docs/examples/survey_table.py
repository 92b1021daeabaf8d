"""Regenerate the survey's Table 8 as Markdown and a custom LaTeX table of vision laws."""

from catalog.publish import custom_tables, tables
from catalog.store.reader import Store

store = Store()
print(tables.survey_table(store, 8).render("markdown"))
print(custom_tables.custom_table(store, columns="paper,dependent,variables,form", where="modality=vision").render("latex"))
