"""predict --to: each law's prediction at two points, their ratio and difference."""

from __future__ import annotations

import csv
import io
import json

import pytest

import catalog
from catalog.engine import evaluation as engine


@pytest.fixture(scope="module")
def cat(catalog_db):
    with catalog.open(catalog_db) as c:
        yield c


def test_each_row_pairs_the_same_law_set_and_output_at_the_two_points(cat):
    found = cat.change({"N": "7B", "D": "1T"}, {"D": "10T"}, ["dependent=loss"])
    assert found.at == {"model_parameters": 7e9, "data": 1e12} and found.to == {"model_parameters": 7e9, "data": 1e13}
    row = next(c for c in found.rows if c.at.ref == "hoffmann2022/parametric-loss")
    chinchilla = cat.law("hoffmann2022")
    assert row.at.value == pytest.approx(chinchilla(N=7e9, D=1e12)) and row.to.value == pytest.approx(chinchilla(N=7e9, D=1e13))
    assert row.ratio == pytest.approx(row.to.value / row.at.value) and row.difference == pytest.approx(row.to.value - row.at.value)
    assert all((c.at.ref, c.at.constant_set, c.at.output) == (c.to.ref, c.to.constant_set, c.to.output) for c in found.rows)
    # at a budget: the split's loss at 10x compute, as catalog optimal gives it at both budgets
    budget = cat.change({"C": "1e24"}, {"compute": "1e25"}, ["dependent=loss"])
    split = next(c for c in budget.rows if c.at.ref == "hoffmann2022/parametric-loss")
    best = chinchilla.optimal()
    assert split.at.value == pytest.approx(best.at(1e24)["L_opt"]) and split.to.value == pytest.approx(best.at(1e25)["L_opt"])


def test_the_second_point_only_changes_variables_of_the_first(cat):
    with pytest.raises(engine.EngineError, match="the first point gives no model_parameters"):
        cat.change({"C": "1e24"}, {"N": "7B"})
    with pytest.raises(engine.EngineError, match="changes at least one variable"):
        cat.change({"C": "1e24"}, {})


def test_predict_to_prints_what_the_api_gives(run, cat):
    found = cat.change({"N": "7B", "D": "1T"}, {"D": "10T"}, ["dependent=loss"])
    text = run("predict", "N=7B", "D=1T", "--to", "D=10T", "-w", "dependent=loss")
    assert text.exit_code == 0, text.output
    row = next(c for c in found.rows if c.at.ref == "hoffmann2022/parametric-loss")
    assert (f"hoffmann2022/parametric-loss @ hoffmann2022 L: {engine.fmt(row.at.value)} -> {engine.fmt(row.to.value)}  "
            f"(x{engine.fmt(row.ratio)}, {engine.fmt(row.difference)})") in text.stdout
    doc = json.loads(run("predict", "N=7B", "D=1T", "--to", "D=10T", "-w", "dependent=loss", "--format", "json").stdout)
    assert doc["rows"] == json.loads(json.dumps(found.to_dicts()))
    rows = list(csv.DictReader(io.StringIO(run("predict", "N=7B", "D=1T", "--to", "D=10T", "-w", "dependent=loss",
                                               "--format", "csv").stdout)))
    assert [r["law"] for r in rows] == [c.at.ref for c in found.rows]
    assert float(rows[0]["ratio"]) == found.rows[0].ratio
    refused = run("predict", "C=1e24", "--to", "N=7B")
    assert refused.exit_code == 2 and "the first point gives no model_parameters" in refused.output


def test_inside_pairs_only_laws_fitted_at_both_points(cat):
    """--to with --inside: each point's rows inside the set's fitted ranges; a law fitted at one of the
    points only is named as found at that point alone."""
    both = cat.change({"N": "7B", "D": "2T"}, {"D": "4T"}, inside=True, all_sets=True)
    first = cat.predict(N="7B", D="2T", inside=True, all_sets=True)
    second = cat.predict(N="7B", D="4T", inside=True, all_sets=True)
    keys = lambda rows: {(r.ref, r.constant_set, r.output) for r in rows}  # noqa: E731
    assert {(c.at.ref, c.at.constant_set, c.at.output) for c in both.rows} == keys(first.rows) & keys(second.rows)
    assert len(both.only_at) == len(keys(first.rows) - keys(second.rows))


def test_predict_to_as_markdown_and_latex_prints_the_api_table(run, cat):
    """--to in Markdown or LaTeX (a table to paste into a paper), as plain predict gives: each row's
    two values, ratio and difference beside whom to cite and where its constants are printed."""
    found = cat.change({"N": "7B", "D": "1T"}, {"D": "10T"}, ["dependent=loss"])
    table = found.to_table()
    assert [c.header for c in table.columns][4:8] == ["at", "to", "ratio", "difference"]
    row = table.records()[[c.at.ref for c in found.rows].index("hoffmann2022/parametric-loss")]
    chinchilla = found.rows[[c.at.ref for c in found.rows].index("hoffmann2022/parametric-loss")]
    assert (row["citation"], row["at"], row["to"], row["ratio"]) == (
        "Hoffmann et al. (2022)", engine.fmt(chinchilla.at.value), engine.fmt(chinchilla.to.value), engine.fmt(chinchilla.ratio))
    assert row["source"] == f"paper, {chinchilla.at.locator}"
    for fmt, expected in (("markdown", table.to_markdown()), ("latex", table.to_latex())):
        result = run("predict", "N=7B", "D=1T", "--to", "D=10T", "-w", "dependent=loss", "--format", fmt)
        assert result.exit_code == 0, result.output
        assert result.stdout == expected


def hostile_changes(cat):
    """A real pair of rows whose every record text is hostile to Markdown and LaTeX."""
    from dataclasses import replace

    text = "a | b } { $ & # % ^ _ ~ \\ \\input{/etc/passwd} <script>x</script> \n| c"
    found = cat.change({"N": "7B", "D": "1T"}, {"D": "10T"}, ["id=hoffmann2022", "dependent=loss"])
    fields = dict(ref=f"hoffmann2022/{text}", dependent=text, unit=text, constant_set=text, provenance=text,
                  citation=text, locator=text, beyond=[text], unranged=[text])
    for c in found.rows:
        c.at, c.to = replace(c.at, **fields), replace(c.to, **fields)
    return found


def test_predict_to_markdown_escapes_every_record_field(cat):
    found = hostile_changes(cat)
    lines = found.to_table().to_markdown().splitlines()
    columns = len(lines[0].split(" | "))
    body = [line for line in lines[2:] if line.startswith("| ")]
    assert len(body) == len(found.rows)  # a record's line break or pipe starts no row nor column
    assert all(len(line.replace("\\|", "").split(" | ")) == columns for line in body)
    assert "<script>" not in "\n".join(lines)
