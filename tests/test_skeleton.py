"""`catalog new`: the bibliography of a record skeleton read from a BibTeX entry."""

from __future__ import annotations

from catalog import skeleton

PMLR_ENTRY = """@InProceedings{pmlr-v162-clark22a,
  title = {Unified Scaling Laws for Routed Language Models},
  author = {Clark, Aidan and De Las Casas, Diego},
  booktitle = {Proceedings of the 39th International Conference on Machine Learning},
  pages = {4057--4086},
  year = {2022},
  volume = {162},
  series = {Proceedings of Machine Learning Research},
  publisher = {PMLR},
}
"""


def test_volume_pages_and_publisher_get_their_own_fields():
    # the record's venue must not hold them (the schema refuses pages inside a venue)
    bib = skeleton.parse_bibtex(PMLR_ENTRY)
    assert bib["venue"] == "Proceedings of the 39th International Conference on Machine Learning"
    assert (bib["volume"], bib["pages"], bib["publisher"]) == ("162", "4057-4086", "PMLR")
    assert "number" not in bib


def test_a_journal_issue_and_odd_pages():
    entry = """@article{x, title={T}, author={A, B}, journal={Journal of Machine Learning Research},
      volume={23}, number={9}, pages={1 -- 34}, year={2022}}"""
    bib = skeleton.parse_bibtex(entry)
    assert (bib["venue"], bib["volume"], bib["number"], bib["pages"]) == ("Journal of Machine Learning Research", "23", "9", "1-34")
    assert "publisher" not in bib
    weird = skeleton.parse_bibtex(entry.replace("1 -- 34", "i, 1-34 and 40"))
    assert "pages" not in weird  # not a range the schema takes: left for the contributor
