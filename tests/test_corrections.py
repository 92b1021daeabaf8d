"""Corrections: relations in both directions, the prediction difference at the reference point,
conventions noted; the catalog corrections command checked through the API."""

from __future__ import annotations

import json
import math

import pytest

from catalog.engine import evaluation as engine
from catalog.publish import corrections
from catalog.store.reader import Store


@pytest.fixture(scope="module")
def index(papers):
    return corrections.Index(papers)


def _link(result, phrase, other):
    return next(l for l in result.links if l.phrase == phrase and l.other == other)


def test_besiroglu_corrects_chinchilla_at_70b_1_4t(index):
    result = corrections.for_law(index, "hoffmann2022/parametric-loss")
    link = _link(result, "is corrected by", "besiroglu2024/parametric-loss")
    assert (link.direction, link.kind, link.scope, link.declared_by) == ("in", "corrects", "law",
                                                                         "besiroglu2024/parametric-loss")
    c = link.comparison
    assert c.point == {"N": 7e10, "D": 1.4e12}
    assert c.point_source == "Chinchilla (70B parameters, 1.4T tokens)"
    assert round(c.value, 5) == 1.93665 and round(c.other_value, 5) == 1.97388
    assert c.difference == pytest.approx(1.97388 - 1.93665, abs=1e-5)
    assert c.difference == pytest.approx(c.other_value - c.value, rel=1e-15)
    assert c.relative == pytest.approx(c.difference / c.value)
    assert c.conventions == []  # same parameter counting, compute, loss unit and validation set
    assert (c.constant_set, c.other_constant_set) == ("hoffmann2022", "besiroglu2024")
    assert any("extrapolation: N=7e+10" in w for w in c.warnings)
    # the same pair, from the other side: the difference changes sign
    back = _link(corrections.for_law(index, "besiroglu2024/parametric-loss"), "corrects", "hoffmann2022/parametric-loss")
    assert back.direction == "out" and back.comparison.difference == pytest.approx(-c.difference, rel=1e-12)


def test_paper_level_link_is_dropped_for_the_law_level_one(index):
    result = corrections.for_law(index, "hoffmann2022/parametric-loss")
    besiroglu = [l for l in result.links if l.other_paper == "besiroglu2024"]
    assert sorted((l.phrase, l.other) for l in besiroglu) == [
        ("is corrected by", "besiroglu2024/parametric-loss"), ("is replicated by", "besiroglu2024/parametric-loss")]


def test_chinchilla_corrects_kaplan_with_conventions_noted(index):
    link = _link(corrections.for_law(index, "hoffmann2022/parametric-loss"), "corrects", "kaplan2020/loss-n-d")
    c = link.comparison
    kaplan = ((6.4e13 / 7e10) ** (0.076 / 0.103) + 1.8e13 / 1.4e12) ** 0.103
    assert c.other_value == pytest.approx(kaplan, rel=1e-12)
    assert {d.field for d in c.conventions} == {"parameters", "validation_set", "tokenizer"}
    assert next(d for d in c.conventions if d.field == "parameters").detail.startswith("parameters counted total vs "
                                                                                      "non-embedding")


def test_both_directions_and_units_are_converted(index):
    result = corrections.for_law(index, "kaplan2020/compute-optimal-model-size")
    link = _link(result, "is contradicted by", "hoffmann2022/compute-optimal-parameters")
    assert link.direction == "in" and link.declared_by == "hoffmann2022/compute-optimal-parameters"
    c = link.comparison
    c_flops = 6 * 7e10 * 1.4e12
    assert c.point == {"C_min": pytest.approx(c_flops / 8.64e19)}  # Kaplan's compute is in PF-days
    assert c.other_point == {"C": pytest.approx(c_flops)}
    # the default set: Approach 3's closed form N_opt = G (C/6)^a (Eq. 4) with the Eq. (10) constants
    assert c.other_value == pytest.approx(0.598695 * c_flops**0.451613, rel=1e-12)
    direct = engine.evaluate(engine_ref(index, "kaplan2020/compute-optimal-model-size"), {"C_min": c_flops / 8.64e19})
    assert c.value == pytest.approx(direct.value, rel=1e-12)
    assert {d.field for d in c.conventions} >= {"parameters", "unit"}
    # the paper-level correction (hoffmann2022 corrects kaplan2020) is listed too, as about the paper
    paper_link = _link(result, "is corrected by", "hoffmann2022")
    assert paper_link.scope == "paper" and paper_link.comparison.other == "hoffmann2022/compute-optimal-parameters"


def engine_ref(index, ref):
    paper_id, _, law_id = ref.partition("/")
    return index.ref(paper_id, law_id)


def test_geometric_middle_of_the_fitted_range(index):
    result = corrections.for_law(index, "henighan2020/compute-optimal-model-size")
    c = _link(result, "extends", "kaplan2020/compute-optimal-model-size").comparison
    law = engine_ref(index, "henighan2020/compute-optimal-model-size").law
    r = law.symbols["C"].range
    assert c.point["C"] == pytest.approx(math.sqrt(r.min * r.max))
    assert c.point_source == ("the geometric middle (C: fitted range of henighan2020/compute-optimal-model-size "
                              "(the other records none))")
    assert c.other_point["C_min"] == pytest.approx(c.point["C"] / 8.64e19)


def test_reasons_when_not_compared(index, papers):
    # a linked law without constants (hu2024's, its constants taken away here: the real records
    # gain constants as papers are read)
    stripped = [p.model_copy(update={"laws": [l.model_copy(update={"constant_sets": [], "check_values": []})
                                              for l in p.laws]}) if p.id == "hu2024" else p for p in papers]
    result = corrections.for_law(corrections.Index(stripped), "hoffmann2022/parametric-loss")
    assert _link(result, "is extended by", "hu2024/loss-n-d").not_compared == "hu2024/loss-n-d has no published constants"
    result = corrections.for_law(index, "hoffmann2022/parametric-loss")
    assert _link(result, "is extended by", "busbridge2025/student-loss").not_compared.startswith("different outputs")
    assert _link(result, "is extended by", "krajewski2024/granularity-loss").not_compared.startswith("different inputs")


def test_paper_view(index):
    whole, *laws = corrections.for_paper(index, "kaplan2020")
    assert whole.law is None and whole.ref == "kaplan2020"
    phrases = {(l.phrase, l.other) for l in whole.links}
    assert {("is corrected by", "hoffmann2022"), ("is corrected by", "pearce2024"),
            ("is contradicted by", "sorscher2023")} <= phrases
    assert all(l.scope == "paper" for l in whole.links)
    assert "kaplan2020/loss-n-d" in [c.ref for c in laws]


def test_every_law_and_paper(papers, index):
    compared = 0
    for p in papers:
        for law in p.laws:
            for link in corrections.for_law(index, f"{p.id}/{law.id}").links:
                assert (link.comparison is None) != (link.not_compared is None)
                if link.comparison:
                    compared += 1
                    assert math.isfinite(link.comparison.value) and math.isfinite(link.comparison.other_value)
                json.dumps(link.as_dict())
        corrections.for_paper(index, p.id, compare=False)
    assert compared >= 10


def test_unknown_refs_are_messages(index):
    from catalog.store.reader import NotFound

    with pytest.raises(NotFound, match="did you mean: hoffmann2022"):
        corrections.for_law(index, "hofmann2022/parametric-loss")
    with pytest.raises(NotFound, match="unknown law of hoffmann2022"):
        corrections.for_law(index, "hoffmann2022/parametric-los")
    with pytest.raises(engine.EngineError, match="cannot be compared: different outputs"):
        corrections.compare_laws(engine_ref(index, "hoffmann2022/parametric-loss"),
                                 engine_ref(index, "hoffmann2022/compute-optimal-tokens"))


def test_compare_laws_at_a_given_point(index):
    c = corrections.compare_laws(engine_ref(index, "hoffmann2022/parametric-loss"),
                                 engine_ref(index, "besiroglu2024/parametric-loss"), point={"N": "1B", "D": "20B"})
    assert c.point_source == "the given point"
    assert c.value == pytest.approx(1.69 + 406.4 / 1e9**0.34 + 410.7 / 2e10**0.28)


# ------------------------------------------------------------------- the command


def test_corrections_command(run, catalog_db):
    result = run("corrections", "hoffmann2022/parametric-loss")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("hoffmann2022/parametric-loss: Chinchilla parametric loss (Approach 3)\n")
    assert ("  hoffmann2022/parametric-loss is corrected by besiroglu2024/parametric-loss   "
            "(declared by besiroglu2024/parametric-loss)") in out
    assert ("at Chinchilla (70B parameters, 1.4T tokens) [N=7e+10, D=1.4e+12]: L = 1.93665 here, 1.97388 by "
            "besiroglu2024/parametric-loss; difference +0.0372364 (+1.92%)") in out
    assert "    conventions differ: parameters counted total vs non-embedding" in out
    # the command evaluates from the stored formula trees (no sympy), as the API's store does with them
    api = corrections.for_law(Store(catalog_db).with_stored_forms().papers, "hoffmann2022/parametric-loss")
    # each warning once: Chinchilla's own range warnings recur in every comparison it is part of
    printed = [line.strip() for line in out.splitlines()
               if line.startswith("    warning: ") and not line.endswith("warning(s) as above")]
    assert len(printed) == len(set(printed)) and "warning(s) as above" in out
    assert set(printed) == {f"warning: {w}" for link in api.links if link.comparison for w in link.comparison.warnings}
    doc = json.loads(run("corrections", "hoffmann2022/parametric-loss", "--json").stdout)
    assert doc == json.loads(json.dumps(api.as_dict()))


def test_corrections_command_for_a_paper_and_errors(run):
    result = run("corrections", "kaplan2020", "--no-compare")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("kaplan2020: ")
    assert "  kaplan2020 is corrected by hoffmann2022   (declared by hoffmann2022)" in result.stdout
    # no comparison lines (record notes may say "compared with" in their own words)
    assert not [line for line in result.stdout.splitlines() if line.startswith("    compared with ")]
    bad = run("corrections", "kaplan2021")
    assert bad.exit_code == 2 and bad.stderr.startswith("error: unknown paper 'kaplan2021'")


def test_a_correction_between_laws_of_different_tokenizers_notes_it(papers):
    """Besiroglu et al. refit Chinchilla's own data: given two tokenizers (test values, not the
    records'), the comparison lists the tokenizer among the conventions that differ."""
    def tokenized(paper_id: str, text: str):
        paper = next(p for p in papers if p.id == paper_id)
        laws = [law.model_copy(update={"conventions": law.conventions.model_copy(update={"tokenizer": text})})
                for law in paper.laws]
        return paper.model_copy(update={"laws": laws})

    others = [p for p in papers if p.id not in ("hoffmann2022", "besiroglu2024")]
    changed = [*others, tokenized("hoffmann2022", "SentencePiece, 32,000 tokens (Table 1)"),
               tokenized("besiroglu2024", "GPT-2 BPE, 50,257 tokens (Section 2)")]
    link = _link(corrections.for_law(corrections.Index(changed), "hoffmann2022/parametric-loss"), "is corrected by",
                 "besiroglu2024/parametric-loss")
    [tok] = [d for d in link.comparison.conventions if d.field == "tokenizer"]
    assert tok.detail.startswith("tokenizer 'SentencePiece, 32,000 tokens' vs 'GPT-2 BPE, 50,257 tokens' (different "
                                 "names; vocabulary 32,000 vs 50,257 tokens): a loss per token")
