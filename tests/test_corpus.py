"""Every record in data/papers (and in CATALOG_DATA_DIRS, tests/conftest.py) is its own test
(citation-file-format style)."""

from __future__ import annotations

import math

import pytest

from catalog import records
from catalog.engine import formulas
from tests.conftest import RECORD_DIRS

RECORDS = sorted(path for directory in RECORD_DIRS for path in directory.glob("*.yaml"))


def test_corpus_is_not_empty():
    assert len(RECORDS) >= 3


@pytest.mark.parametrize("path", RECORDS, ids=lambda p: p.stem)
def test_record_validates(path):
    paper, issues = records.load_file(path)
    assert issues == [], "\n".join(map(str, issues))
    assert paper.id == path.stem


@pytest.mark.parametrize("path", RECORDS, ids=lambda p: p.stem)
def test_record_formulas_parse_with_sympy(path):
    paper, _ = records.load_file(path)
    for law in paper.laws:
        expr = formulas.parse(law.expanded_expression, tuple(law.symbols))  # definitions written out
        used = {s.name for s in expr.free_symbols}
        assert used <= set(law.symbols) and not any(law.symbols[n].role == "defined" for n in used)
        assert set(law.input_symbols) <= used


@pytest.mark.parametrize("path", RECORDS, ids=lambda p: p.stem)
def test_record_constants_cite_a_source_and_are_finite(path):
    paper, _ = records.load_file(path)
    for law in paper.laws:
        for cs in law.constant_sets:
            assert cs.source.strip(), f"{law.id}/{cs.id} has no source"
            assert all(math.isfinite(v) for v in cs.values.values())
            # 'own' is a user's fit to their runs (catalog fit --save-yaml): published values only here
            assert cs.provenance != "own", f"{law.id}/{cs.id} is a user's own fit, not a published set"


def test_exemplary_records_are_present(papers):
    ids = {p.id for p in papers}
    assert {"kaplan2020", "hoffmann2022", "caballero2023"} <= ids


def test_chinchilla_constants(papers):
    law = next(p for p in papers if p.id == "hoffmann2022").laws[0]
    sets = {cs.id: cs.values for cs in law.constant_sets}
    assert sets["hoffmann2022"] == {"E": 1.69, "A": 406.4, "B": 410.7, "alpha": 0.34, "beta": 0.28}
    assert sets["besiroglu2024"] == {"E": 1.8172, "A": 482.01, "B": 2085.43, "alpha": 0.3478, "beta": 0.3658}
    assert sets["besiroglu2024-wikipedia"] == {"E": 1.82, "A": 482.01, "B": 2085.43, "alpha": 0.35, "beta": 0.37}


@pytest.mark.parametrize("path", RECORDS, ids=lambda p: p.stem)
def test_record_leaves_no_audit_gap(path):
    # what catalog audit --gaps lists: a law without constants and without the reason, constants
    # without a printed check value or the reason, an input with neither a fitted range nor the
    # reason none is stated (a law gaining constants once left its inputs' ranges unrecorded)
    from catalog import provenance

    paper, _ = records.load_file(path)
    gaps = {f"{law.id}": provenance.audit_law(f"{paper.id}/{law.id}", law).gaps for law in paper.laws}
    assert not {k: v for k, v in gaps.items() if v}
