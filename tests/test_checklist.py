from __future__ import annotations

import json

from click.testing import CliRunner

from catalog.publish import checklist
from catalog.cli import cli


def test_every_law_has_every_checklist_field(papers):
    rows = checklist.checklist(papers)
    assert len(rows) == sum(len(p.laws) for p in papers)
    for r in rows:
        for item in (*checklist.ITEMS, *checklist.CONVENTIONS):
            assert getattr(r, item), (r.law_id, item)


def test_items_are_the_schemas_fields():
    """The checklist's items and conventions, written out so that the commands need no pydantic,
    are the schema's fields in its order (Fitting's source is where they come from)."""
    from catalog.schema import Conventions, Fitting

    assert checklist.ITEMS == tuple(name for name in Fitting.model_fields if name != "source")
    assert checklist.CONVENTIONS == tuple(Conventions.model_fields)


def test_chinchilla_reports_its_fitting(papers):
    row = next(r for r in checklist.checklist(papers) if r.law_id == "hoffmann2022/parametric-loss")
    assert row.method == "L-BFGS" and row.objective.startswith("Huber loss")
    assert row.runs_fitted == "not stated"
    assert row.reported == 4


def test_cli_json_matches_api(catalog_db, papers):
    result = CliRunner().invoke(cli, ["checklist", "hoffmann2022", "--format", "json", "--db", catalog_db])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    want = [r.as_dict() for r in checklist.checklist([p for p in papers if p.id == "hoffmann2022"])]
    assert data["laws"] == want
    assert data["summary"]["laws"] == len(want) == len(next(p for p in papers if p.id == "hoffmann2022").laws)


def test_cli_unknown_paper_is_usage_error(catalog_db):
    result = CliRunner().invoke(cli, ["checklist", "nope", "--db", catalog_db])
    assert result.exit_code == 2 and "unknown paper" in result.output


def test_cli_reports_only_the_law_a_law_id_names(catalog_db, papers):
    # 'checklist PAPER/LAW' answered "unknown paper"; bib and corrections take law ids, and so does it
    def laws(*refs):
        result = CliRunner().invoke(cli, ["checklist", *refs, "--format", "json", "--db", catalog_db])
        assert result.exit_code == 0, result.output
        data = json.loads(result.output)
        assert data["summary"]["laws"] == len(data["laws"])
        return [row["law"] for row in data["laws"]]

    assert laws("hoffmann2022/parametric-loss") == ["hoffmann2022/parametric-loss"]
    assert laws("chinchilla/parametric-loss", "sun2024/optimal-tokens") == \
        ["hoffmann2022/parametric-loss", "sun2024/optimal-tokens"]  # a paper by nickname too
    # a law of a paper also named whole: the paper's laws, each once
    every = [f"hoffmann2022/{law.id}" for law in next(p for p in papers if p.id == "hoffmann2022").laws]
    assert laws("hoffmann2022/parametric-loss", "hoffmann2022") == every


def test_cli_unknown_law_is_usage_error(catalog_db):
    result = CliRunner().invoke(cli, ["checklist", "hoffmann2022/nope", "--db", catalog_db])
    assert result.exit_code == 2 and result.output.strip().startswith("error: unknown law of hoffmann2022 'nope'; its laws: ")
