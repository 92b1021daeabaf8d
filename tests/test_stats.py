"""catalog.publish.stats on the real catalog: the survey's Figure 3 and Table 8 claims, recomputed.

The expected counts were read off the YAML records (and, for Table 8, off the survey's printed
table); update them when a record changes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog.publish import stats
from catalog.store.query import Catalog

# The survey's own claim (Appendix C): 45 papers, 22 with links (48.9%), 29 without training
# code (64.4%), 27 without analysis code (60%).
SURVEY_CLAIM = {"repository_link": (22, 48.9), "no_training_code": (29, 64.4), "no_analysis_code": (27, 60.0)}

# Read off data/papers/*.yaml independently of catalog.publish.stats (an outside script over the raw
# YAML; Table 7 cells resolved with catalog.vocab). Figure 3 counts the survey's papers (records
# with survey cells); PRINTED/UNIQUE/RECORDED are (count, percent) over the Table 8 rows kept in
# the records, over the distinct papers, and from the records' reproducibility fields.
# BEGIN expectations
SURVEY_PAPERS = 53
# every record file counts (records are added often; the survey counts below stay fixed)
ALL_RECORDS = len(list((Path(__file__).resolve().parents[1] / "data" / "papers").glob("*.yaml")))
ARCHITECTURES = {
    'decoder-only-transformer': 36, 'vit': 7, 'convnet': 5, 'moe': 5, 'encoder-decoder-transformer': 4, 'lstm': 3,
    'mlp-mixer': 3, 'alphazero': 2, 'autoencoder': 2, 'encoder-only-transformer': 1, 'gnn': 1,
    'other-transformer-variants': 1, 'teacher-student': 1, 'transformer': 1
}
TASKS = {
    'language-generation': 34, 'downstream-evaluation': 8, 'image-recognition': 7, 'math-reasoning': 4,
    'code-generation': 3, 'machine-translation': 3, 'multimodal-tasks': 3, 'autoencoder-training': 2,
    'game-playing': 2, 'continual-pre-training': 1, 'generative-image-modeling': 1, 'graph-classification': 1,
    'reward-modeling': 1, 'rl-control': 1, 'speech-recognition': 1, 'video-modeling': 1
}
VARIABLES = {
    'model_parameters': 27, 'data': 22, 'compute': 14, 'fine_tuning_data': 3, 'precision': 3, 'experts': 2,
    'latents': 2, 'mixture_proportions': 2, 'pretraining_loss': 2, 'sparsity': 2, 'board_size': 1, 'datastore_size':
    1, 'elo': 1, 'environment_interactions': 1, 'epochs': 1, 'granularity': 1, 'input_size': 1, 'kl_divergence': 1,
    'non_vocabulary_parameters': 1, 'peft_parameters': 1, 'query_difficulty': 1, 'sae_sparsity': 1, 'samples': 1,
    'teacher_loss': 1, 'training_steps': 2, 'upstream_error': 1, 'vocabulary_size': 1, 'loss': 1,
    'quantization_block_size': 1
}
FROM_TABLE7 = ['chen2024a', 'dettmers2023', 'li2024a', 'lindsey2024', 'shao2024']
NO_VARIABLE = [
    'bahri2021', 'bordelon2024', 'diaz2024', 'jin2023', 'kang2024', 'liu2024', 'ma2024', 'snell2024', 'sorscher2023'
]
PRINTED_ROWS = 45
DISTINCT_PAPERS = 44
PRINTED = {'repository_link': (22, 48.9), 'no_training_code': (29, 64.4), 'no_analysis_code': (27, 60.0)}
UNIQUE = {'repository_link': (22, 50.0), 'no_training_code': (28, 63.6), 'no_analysis_code': (26, 59.1)}
RECORDED = {'repository_link': (24, 54.5), 'no_training_code': (28, 63.6), 'no_analysis_code': (25, 56.8)}
DIFFERENCES = [('frantar2023', 'repository_link', False, True), ('sardana2024', 'repository_link', False, True), ('sardana2024', 'no_analysis_code', True, False)]
DUPLICATES = ['hoffmann2022']
# END expectations


@pytest.fixture(scope="module")
def survey_stats(any_catalog_db):
    with Catalog(any_catalog_db) as cat:
        return stats.compute(cat)


def counts(result, group):
    return {c.value: c.papers for c in result.figure3[group]}


def test_figure3_counts_by_architecture_variable_and_task(survey_stats):
    assert survey_stats.scope == "survey" and survey_stats.papers == SURVEY_PAPERS
    assert counts(survey_stats, "architecture") == ARCHITECTURES
    assert counts(survey_stats, "task") == TASKS
    assert counts(survey_stats, "variable") == VARIABLES
    # sorted by count, then name
    assert list(counts(survey_stats, "architecture")) == list(ARCHITECTURES)


def test_figure3_lists_the_papers_behind_each_count(survey_stats):
    from tests.test_query import EXPERT_LAWS, MOE, MOE_BEYOND_SURVEY

    moe = next(c for c in survey_stats.figure3["architecture"] if c.value == "moe")
    assert moe.ids == sorted(MOE - MOE_BEYOND_SURVEY)  # the survey's figure counts survey papers only
    experts = next(c for c in survey_stats.figure3["variable"] if c.value == "experts")
    assert experts.ids == sorted({law.split("/")[0] for law in EXPERT_LAWS} - MOE_BEYOND_SURVEY)


def test_papers_without_laws_are_explained(survey_stats):
    assert survey_stats.papers_without_laws == sorted(FROM_TABLE7 + NO_VARIABLE)
    assert survey_stats.notes[0] == (f"variables of {len(FROM_TABLE7)} paper(s) without a law come from their "
                                     f"survey Table 7 cell: {', '.join(FROM_TABLE7)}")
    assert survey_stats.notes[1] == (f"{len(NO_VARIABLE)} paper(s) count for no variable (no law, no Table 7 "
                                     f"variable): {', '.join(NO_VARIABLE)}")


def test_every_record_scope(any_catalog_db):
    with Catalog(any_catalog_db) as cat:
        result = stats.compute(cat, scope="all")
    assert result.papers == ALL_RECORDS
    assert sum(counts(result, "architecture").values()) >= sum(ARCHITECTURES.values())
    with pytest.raises(ValueError):
        stats.compute(cat, scope="some")


def test_table8_claims_recomputed(survey_stats):
    rep = survey_stats.reproducibility
    assert rep.claim.startswith("Among the 45 surveyed papers proposing scaling laws, 22 papers (48.9%)")
    assert rep.printed_rows == PRINTED_ROWS == 45 and rep.unique_papers == DISTINCT_PAPERS == 44
    rows = {r.measure: r for r in rep.rows}
    # the survey's numbers are those of the printed rows, the duplicated Hoffmann row included
    assert PRINTED == SURVEY_CLAIM
    for measure, (count, percent) in PRINTED.items():
        assert (rows[measure].printed, rows[measure].printed_percent) == (count, percent)
        assert (rows[measure].claimed, rows[measure].claimed_percent) == SURVEY_CLAIM[measure]
    for measure, (count, percent) in UNIQUE.items():
        assert (rows[measure].unique, rows[measure].unique_percent) == (count, percent)
    for measure, (count, percent) in RECORDED.items():
        assert (rows[measure].recorded, rows[measure].recorded_percent) == (count, percent)


def test_table8_duplicate_and_differences_are_noted(survey_stats):
    rep = survey_stats.reproducibility
    assert DUPLICATES == ["hoffmann2022"]
    assert [(d.paper_id, d.citation, d.rows, d.identical) for d in rep.duplicates] == [
        ("hoffmann2022", "Hoffmann et al. (2022)", 2, True)]
    assert [(d.paper_id, d.measure, d.printed, d.recorded) for d in rep.differences] == DIFFERENCES


def test_csv_rows(survey_stats):
    rows = survey_stats.rows()
    assert rows[0] == ["papers", "survey", SURVEY_PAPERS, ""]
    assert ["architecture", "decoder-only-transformer", ARCHITECTURES["decoder-only-transformer"], ""] in rows
    assert ["table8 distinct papers", "no_training_code", *UNIQUE["no_training_code"]] in rows
