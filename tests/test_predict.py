"""catalog predict: every law taking the given variables, evaluated at one point; the command is
checked through the API (catalog.engine.predict, Session.predict)."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest

from catalog.engine import predict
from tests.sqlite_support import connection_to


@pytest.fixture(scope="module")
def at_70b(store):
    return predict.predict(store.laws(), {"N": "70B", "D": "1.4T"})


def _row(result, ref):
    return next(r for r in result.rows if r.ref == ref)


def test_each_law_of_model_size_and_tokens_is_evaluated_with_its_default_set(at_70b, store):
    assert at_70b.at == {"model_parameters": 7e10, "data": 1.4e12}
    chinchilla = _row(at_70b, "hoffmann2022/parametric-loss")
    assert chinchilla.value == pytest.approx(store.law("hoffmann2022")(N=7e10, D=1.4e12), rel=1e-12)
    assert (chinchilla.constant_set, chinchilla.provenance, chinchilla.checked) == ("hoffmann2022", "paper", "precision")
    assert chinchilla.beyond == ["N", "D"] and chinchilla.unit == "nats/token" and chinchilla.dependent == "loss"
    assert chinchilla.conventions["validation_set"] == "MassiveText held-out"  # as Evaluation.conventions
    assert "validation set MassiveText held-out" in chinchilla.conventions_text
    kaplan = _row(at_70b, "kaplan2020/loss-n-d")
    assert kaplan.value == pytest.approx(store.law("kaplan2020/loss-n-d")(N=7e10, D=1.4e12), rel=1e-12)
    # every row takes exactly N and D (a law of N alone needs --partial), or C = kND from them
    assert "kaplan2020/loss-n" not in {r.ref for r in at_70b.rows}
    assert all(len(r.inputs) == 2 for r in at_70b.rows if r.per_nd is None)
    losses = [r for r in at_70b.rows if r.dependent == "loss"]
    assert [(r.unit, r.value) for r in losses] == sorted((r.unit, r.value) for r in losses)


def test_laws_that_cannot_take_the_point_are_skipped_with_the_reason(at_70b):
    skipped = {s.ref: s.reason for s in at_70b.skipped}
    assert skipped["bartoldson2024/dg20-loss"] == "D is in images, not a multiple of tokens"
    assert skipped["muennighoff2023/data-constrained-loss-nd"].startswith("D, U measure the same variable")
    assert not {r.ref for r in at_70b.rows} & set(skipped)


def test_a_count_whose_scale_the_paper_does_not_state_is_not_taken_as_a_plain_count(store):
    """'tokens (scale not stated)' was read as tokens: D=1e10 went into a law fitted on D in an
    unknown multiple of tokens. Spelled 'not stated (...)', the law is skipped, saying why."""
    skipped = {s.ref: s.reason for s in predict.predict(store.laws(), {"D": 1e10}).skipped}
    assert skipped["bytedance2025/ocr-loss-data"] == (
        "D has a unit not stated (a number of tokens or of a multiple of them), not a multiple of tokens")


def test_values_are_converted_to_each_laws_units_and_back(store):
    result = predict.predict(store.laws(), {"C": 1e24})
    kaplan = _row(result, "kaplan2020/compute-optimal-model-size")  # C_min in PF-days
    assert kaplan.inputs == {"C_min": pytest.approx(1e24 / 8.64e19)}
    assert kaplan.value == pytest.approx(store.law("kaplan2020/compute-optimal-model-size")(C_min=1e24 / 8.64e19))
    kong = _row(result, "kong2024/image-optimal-parameters")  # C in PFLOPs, N_opt in billions of parameters
    assert kong.unit == "parameters" and kong.inputs == {"C": pytest.approx(1e9)}
    assert kong.value == pytest.approx(1e9 * store.law("kong2024/image-optimal-parameters")(C=1e9), rel=1e-12)
    assert kaplan.beyond == [] and kaplan.unranged == ["C_min"]  # not "within range": none is stated
    skipped = {s.ref: s.reason for s in result.skipped}
    assert skipped["mcleish2025/approach1-params-gpu-hours"] == "H is in GPU hours, not a multiple of FLOPs"


def test_an_input_counting_repetitions_is_not_given_the_epochs(store, run):
    """epochs=4 went into Lovelace et al.'s R_D, repetitions beyond the first epoch (epochs - 1),
    beside Ni et al.'s n_e in epochs: one row of the table was at 5 epochs. Such a law is skipped,
    saying what to give catalog eval instead."""
    result = predict.predict(store.laws(), {"N": "1B", "D": "100B", "epochs": 4})
    skipped = {s.ref: s.reason for s in result.skipped}
    assert skipped["lovelace2026/additive-penalty-loss"] == (
        "R_D counts repetitions (epochs - 1), not epochs: give R_D = epochs - 1 with catalog eval")
    assert "cuervo2024/speech-data-constrained-loss" in skipped
    ni = _row(result, "ni2025/data-constrained-validation-loss")
    assert ni.inputs == {"N": 1e9, "U_D": 1e11, "n_e": 4.0}
    assert "lovelace2026/additive-penalty-loss" not in {r.ref for r in result.rows}
    out = run("predict", "N=1B", "D=100B", "epochs=4")
    assert out.exit_code == 0 and "R_D counts repetitions (epochs - 1)" in out.output


def test_partial_and_all_sets(store):
    partial = predict.predict(store.laws(), {"N": "70B", "D": "1.4T"}, partial=True)
    assert _row(partial, "kaplan2020/loss-n").inputs == {"N": 7e10}
    every = predict.predict([store.law("hoffmann2022")], {"N": "70B", "D": "1.4T"}, all_sets=True)
    assert sorted(r.constant_set for r in every.rows) == ["besiroglu2024", "besiroglu2024-wikipedia", "hoffmann2022"]
    assert {r.constant_set: r.checked for r in every.rows}["besiroglu2024-wikipedia"] is None


def test_bad_points_say_why():
    with pytest.raises(predict.engine.UnknownSymbol, match="unknown variable 'wingspan'"):
        predict.point({"wingspan": 3})
    with pytest.raises(predict.engine.BadValue, match="gives model_parameters a second time"):
        predict.point({"N": 1, "parameters": 2})


def test_cli_prints_the_api_rows(run, at_70b, store):
    text = run("predict", "N=70B", "D=1.4T")
    assert text.exit_code == 0, text.output
    assert "hoffmann2022/parametric-loss" in text.stdout and "1.93665" in text.stdout
    assert f"{len(at_70b.rows)} prediction(s) at model_parameters=7e+10, data=1.4e+12" in text.stdout
    assert "bartoldson2024/dg20-loss: D is in images, not a multiple of tokens" in text.stdout
    doc = json.loads(run("predict", "N=70B", "D=1.4T", "--format", "json").stdout)
    assert [p["law"] for p in doc["predictions"]] == [r.ref for r in at_70b.rows]
    assert doc["predictions"][0]["value"] == at_70b.rows[0].value
    table = list(csv.DictReader(io.StringIO(run("predict", "N=70B", "D=1.4T", "-f", "csv").stdout)))
    assert float(next(r for r in table if r["law"] == "hoffmann2022/parametric-loss")["value"]) == \
        _row(at_70b, "hoffmann2022/parametric-loss").value
    only = json.loads(run("predict", "C=1e24", "--where", "dependent=optimal_model_parameters", "-f", "json").stdout)
    assert only["predictions"] and {p["dependent"] for p in only["predictions"]} == {"optimal_model_parameters"}
    # a model scale in FLOPs per token (DeepSeek's M_opt) is no parameter count: its own quantity, not
    # under optimal_model_parameters with a unit no parameter count has
    assert {p["unit"] for p in only["predictions"]} == {"parameters"}
    scales = json.loads(run("predict", "C=1e22", "--where", "dependent=optimal model scale", "--json").stdout)
    assert {p["law"] for p in scales["predictions"]} >= {"bi2024/optimal-model-scale", "tian2025/optimal-model-scale",
                                                         "vonrutte2025/compute-optimal-flops-per-token"}
    assert {(p["dependent"], p["unit"]) for p in scales["predictions"]} == {("optimal_model_scale", "FLOPs/token")}
    text = run("predict", "C=1e22").stdout
    assert "\noptimal_model_scale (FLOPs/token)\n" in text and "optimal_model_parameters (FLOPs/token)" not in text


def test_a_budget_with_experts_splits_the_moe_loss_laws_as_optimal_does(run, store):
    """'compare the MoE laws at 8 experts and 1e22 FLOPs' gave 0 predictions: the split of a budget
    was made at a budget alone, for laws in N and D alone. A loss in N, D and E now splits C with E
    held at the value given, as catalog optimal LAW C=... E=8 (the API's fixed) does."""
    from catalog.engine import optimal

    doc = json.loads(run("predict", "C=1e22", "experts=8", "--json").stdout)
    rows = {p["output"]: p for p in doc["predictions"] if p["law"] == "ludziejewski2025/joint-moe-loss"}
    expected = optimal.compute_optimal(store.law("ludziejewski2025/joint-moe-loss"), fixed={"E": 8}).at(1e22)
    assert rows["N_opt"]["value"] == pytest.approx(expected["N_opt"], rel=1e-9)
    assert rows["D_opt"]["value"] == pytest.approx(expected["D_opt"], rel=1e-9)
    assert rows["L_opt"]["value"] == pytest.approx(expected["L_opt"], rel=1e-9)
    assert rows["N_opt"]["inputs"]["E"] == 8 and rows["N_opt"]["derived"].startswith("compute-optimal split of L(N, D)")
    # a law in N and D alone is no answer at 8 experts: it does not take them
    assert all(p["law"] != "hoffmann2022/parametric-loss" for p in doc["predictions"])
    text = run("predict", "C=1e22", "experts=8").stdout
    assert "ludziejewski2025/joint-moe-loss" in text and "the law's other inputs, such as experts, at the values given" in text


def test_rows_give_the_quantities_their_law_defines_as_eval_does(run, at_70b, store):
    from catalog.engine import evaluation

    chained = _row(at_70b, "bhagia2024/chained-task-accuracy")  # the task loss L, chained into the accuracy
    assert chained.defined == evaluation.evaluate(store.law("bhagia2024/chained-task-accuracy"),
                                                  chained.inputs, chained.constant_set).defined
    assert set(chained.defined) == {"L"} and 0 < chained.defined["L"] < 5
    assert _row(at_70b, "hoffmann2022/parametric-loss").defined == {}
    text = run("predict", "N=70B", "D=1.4T", "--where", "id=bhagia2024")
    assert f"where L = {evaluation.fmt(chained.defined['L'])}" in text.stdout
    assert text.stdout.count("where") == 1  # under the law that defines it alone
    doc = json.loads(run("predict", "N=70B", "D=1.4T", "--json").stdout)["predictions"]
    by_law = {p["law"]: p for p in doc}
    assert by_law["bhagia2024/chained-task-accuracy"]["defined"] == chained.defined
    assert "defined" not in by_law["hoffmann2022/parametric-loss"]  # as eval's JSON: only where a law defines some
    table = {r["law"]: r for r in csv.DictReader(io.StringIO(run("predict", "N=70B", "D=1.4T", "--csv").stdout))}
    assert table["bhagia2024/chained-task-accuracy"]["defined"] == f"L={chained.defined['L']!r}"
    assert table["hoffmann2022/parametric-loss"]["defined"] == ""
    budget = predict.predict([store.law("hu2024/data-model-ratio-vs-compute")], {"C": 1e24})
    assert set(budget.rows[0].defined) == {"K", "eta"}
    # a defined quantity may overflow where the law's value does not: null, as eval writes it, not Infinity
    from dataclasses import replace
    from types import SimpleNamespace

    from catalog.cli.predict import json_document

    overflowing = SimpleNamespace(defined={"L": float("inf")})  # an evaluation whose definition overflows
    over = predict.Predictions(at_70b.at, [replace(chained, evaluation=overflowing)])
    assert json.loads(json_document(over))["predictions"][0]["defined"] == {"L": None}


def test_the_tables_of_every_quantity_align(catalog_db, monkeypatch):
    # one table per quantity and unit, each sized to its own rows, wandered across the screen
    from click.testing import CliRunner

    from catalog.cli import cli

    monkeypatch.setenv("COLUMNS", "200")
    out = CliRunner().invoke(cli, ["predict", "N=70B", "D=1.4T", "--db", catalog_db]).stdout
    headers = [line for line in out.splitlines() if line.startswith("┃ law")]
    assert len(headers) > 5 and len(set(headers)) == 1, headers


def test_at_a_budget_alone_each_loss_law_gives_its_compute_optimal_split(store):
    from catalog.engine import optimal
    from catalog.store import selection

    c = 5.76e23  # Gopher's budget, Chinchilla's example
    result = selection.predictions(store, {"C": c})
    rows = {(r.ref, r.output): r for r in result.rows}
    chinchilla = {o: rows[("hoffmann2022/parametric-loss", o)] for o in ("N_opt", "D_opt", "L_opt")}
    expected = optimal.compute_optimal(store.law("hoffmann2022/parametric-loss")).at(c)  # as catalog optimal
    for output, row in chinchilla.items():
        assert row.value == pytest.approx(expected[output], rel=1e-12)
        assert row.derived == "compute-optimal split of L(N, D) along C = 6ND"
        assert row.inputs == {"N": expected["N_opt"], "D": expected["D_opt"]} and row.constant_set == "hoffmann2022"
    assert (chinchilla["N_opt"].dependent, chinchilla["N_opt"].unit) == ("optimal_model_parameters", "parameters")
    assert (chinchilla["D_opt"].dependent, chinchilla["D_opt"].unit) == ("optimal_data", "tokens")
    assert (chinchilla["L_opt"].dependent, chinchilla["L_opt"].unit) == ("loss", "nats/token")
    # beside the laws predicting N_opt from C directly: the paper's own Approach 3 law agrees
    direct = rows[("hoffmann2022/compute-optimal-parameters", "N_opt")]
    assert direct.derived == "" and direct.value == pytest.approx(chinchilla["N_opt"].value, rel=1e-5)
    # a law with no interior optimum along the budget line is skipped, saying why
    skipped = {s.ref: s.reason for s in result.skipped}
    assert skipped["li2025b/loss-surface"].startswith("no compute-optimal split: li2025b/loss-surface: no interior")
    # ... at the budget asked for, not at the first budget of its fitted ranges (1.20737e+18)
    assert f"at C={c:g}:" in skipped["li2025b/loss-surface"], skipped["li2025b/loss-surface"]
    assert "1.20737e+18" not in skipped["li2025b/loss-surface"]
    alone = optimal.compute_optimal(store.law("hoffmann2022/parametric-loss"), budgets=(c, c))  # the budget tried alone
    assert alone.at(c)["N_opt"] == pytest.approx(expected["N_opt"], rel=1e-9) and alone.N_opt is None
    # a filter on the predicted quantity keeps the splits giving it, from the loss laws
    sizes = selection.predictions(store, {"C": c}, ["dependent=n_opt"])
    assert {r.dependent for r in sizes.rows} == {"optimal_model_parameters"}
    assert ("hoffmann2022/parametric-loss", "N_opt") in {(r.ref, r.output) for r in sizes.rows}
    assert ("kaplan2020/compute-optimal-model-size", "N_opt") in {(r.ref, r.output) for r in sizes.rows}
    # at N and D, no split: the laws are evaluated there (those of compute alone at C = kND)
    assert not any(r.derived and r.per_nd is None for r in predict.predict(store.laws(), {"N": "70B", "D": "1.4T"}).rows)


def test_each_split_gives_the_tokens_per_parameter_it_recommends(store, run):
    """'At 1e24 FLOPs, what tokens-per-parameter ratio does each compute-optimal law recommend?'
    predict gave each split's N_opt and D_opt in separate rows (D in the N_opt row's inputs), so the
    ratio took arithmetic over the CSV; catalog optimal prints it (D_opt/N_opt = 97.7). Each split now
    gives it as a row of tokens_per_parameter, beside Hu et al.'s law predicting the ratio from C, and
    --where dependent=tokens_per_parameter keeps those rows (CLI JSON checked against the API)."""
    from catalog.engine import optimal
    from catalog.store import selection

    at = optimal.compute_optimal(store.law("hoffmann2022/parametric-loss")).at(1e24)
    ratios = selection.predictions(store, {"C": 1e24}, ["dependent=tokens_per_parameter"])
    assert {(r.dependent, r.unit) for r in ratios.rows} == {("tokens_per_parameter", "tokens per parameter")}
    rows = {r.ref: r for r in ratios.rows}
    chinchilla = rows["hoffmann2022/parametric-loss"]
    assert chinchilla.output == "D_opt/N_opt" and chinchilla.value == pytest.approx(at["D_opt"] / at["N_opt"], rel=1e-12)
    assert f"{chinchilla.value:.3g}" == "97.7"  # as catalog optimal hoffmann2022 C=1e24 prints it
    assert chinchilla.inputs == {"N": at["N_opt"], "D": at["D_opt"]}
    assert chinchilla.derived == "compute-optimal split of L(N, D) along C = 6ND"
    assert rows["hu2024/data-model-ratio-vs-compute"].derived == ""  # the law of the ratio itself, beside them
    # every split of the unfiltered budget has its ratio row, its D_opt over its N_opt
    every = selection.predictions(store, {"C": 1e24})
    by = {(r.ref, r.constant_set, r.output): r.value for r in every.rows if r.derived and r.per_nd is None}
    ratio_rows = [key for key in by if "/" in key[2]]
    assert len(ratio_rows) > 20 and {k[:2] for k in ratio_rows} == {k[:2] for k in by}
    for ref, cs, output in ratio_rows:
        d, n = output.split("/")
        assert by[(ref, cs, output)] == pytest.approx(by[(ref, cs, d)] / by[(ref, cs, n)], rel=1e-12)
    doc = json.loads(run("predict", "C=1e24", "--where", "dependent=tokens_per_parameter", "--json").stdout)
    assert [(p["law"], p["output"]) for p in doc["predictions"]] == [(r.ref, r.output) for r in ratios.rows]
    # the CLI reads the records as views, the API here as models: the numeric optimum agrees to rounding
    assert [p["value"] for p in doc["predictions"]] == pytest.approx([r.value for r in ratios.rows], rel=1e-9)


def test_cli_marks_the_splits(run):
    text = run("predict", "C=5.76e23", "--where", "id=hoffmann2022")
    assert text.exit_code == 0, text.output
    assert text.stdout.count("(split of C = 6ND)") == 4 + 1  # the four rows of the split, and the note
    assert "note: '(split of C = 6ND)': the compute-optimal split of this budget by a loss law" in " ".join(text.stdout.split())
    table = list(csv.DictReader(io.StringIO(run("predict", "C=5.76e23", "--where", "id=hoffmann2022", "-f", "csv").stdout)))
    split = [r for r in table if r["law"] == "hoffmann2022/parametric-loss"]
    assert sorted(r["output"] for r in split) == ["D_opt", "D_opt/N_opt", "L_opt", "N_opt"]
    assert {r["derived"] for r in split} == {"compute-optimal split of L(N, D) along C = 6ND"}
    assert {r["derived"] for r in table if r["law"] != "hoffmann2022/parametric-loss"} == {""}


def test_rows_name_their_citation_and_the_locator_of_their_constants(store):
    """A table of compute-optimal splits to paste into a paper needs whom to cite and where the
    constants are printed; predict's rows gave neither (eval and optimal print the locator)."""
    result = predict.predict(store.laws(), {"C": 1e24})
    split = next(r for r in result.rows if r.ref == "hoffmann2022/parametric-loss" and r.output == "N_opt")
    assert (split.citation, split.locator) == ("Hoffmann et al. (2022)", "Appendix D.2, Eq. (10)")
    assert split.inputs["D"] == pytest.approx(1e24 / (6 * split.inputs["N"]))  # the split's D_opt beside N_opt
    kaplan = next(r for r in result.rows if r.ref == "kaplan2020/compute-optimal-model-size")
    assert kaplan.citation == "Kaplan et al. (2020)" and kaplan.locator
    assert all(r.citation for r in result.rows)
    assert {"citation": "Hoffmann et al. (2022)", "locator": "Appendix D.2, Eq. (10)"}.items() <= split.as_dict().items()


def test_cli_csv_json_and_markdown_give_citation_locator_and_inputs(run):
    args = ("predict", "C=1e24", "--where", "id=hoffmann2022", "--where", "dependent=optimal_model_parameters")
    table = list(csv.DictReader(io.StringIO(run(*args, "--csv").stdout)))
    split = next(r for r in table if r["law"] == "hoffmann2022/parametric-loss")
    assert (split["citation"], split["locator"]) == ("Hoffmann et al. (2022)", "Appendix D.2, Eq. (10)")
    n, d = (float(part.split("=")[1]) for part in split["inputs"].split())
    assert (n, d) == (pytest.approx(float(split["value"]), rel=1e-15), pytest.approx(1e24 / (6 * n)))
    doc = json.loads(run(*args, "--json").stdout)["predictions"]
    assert {(p["law"], p["citation"], p["locator"]) for p in doc} == {(r["law"], r["citation"], r["locator"]) for r in table}
    markdown = run(*args, "--format", "markdown")
    assert markdown.exit_code == 0, markdown.output
    lines = markdown.stdout.splitlines()
    assert lines[0] == "| law | citation | quantity | value | unit | constant set | source | inputs | beyond range |"
    assert len(lines) == 2 + len(table)
    assert ("| hoffmann2022/parametric-loss (split of C = 6ND) | Hoffmann et al. (2022) | optimal\\_model\\_parameters "
            "| 4.12967e+10 | parameters | hoffmann2022 | paper, Appendix D.2, Eq. (10) | N=4.12967e+10, D=4.03583e+12 "
            "| N, D |") in lines


@pytest.mark.parametrize("columns", ["60", "250"])
def test_the_text_table_names_each_rows_citation_and_footnotes_its_locator(catalog_db, monkeypatch, columns):
    """The terminal's table (the default output) gave neither whom to cite nor where the constants
    are printed: a citation column, and each constant set marked [n] for a footnote giving its
    locator, in boxed tables and in a narrow terminal's blocks alike."""
    from click.testing import CliRunner

    from catalog.cli import cli

    monkeypatch.setenv("COLUMNS", columns)
    from catalog.store import selection

    result = selection.predictions(catalog_db, {"C": 1e24}, ["dependent=optimal_model_parameters"])
    out = CliRunner().invoke(cli, ["predict", "C=1e24", "--where", "dependent=optimal_model_parameters",
                                   "--db", catalog_db])
    assert out.exit_code == 0, out.output
    # a footnote longer than the line goes on indented, a word longer than the line (a repository
    # path) cut across lines: compared without white space
    unwrapped = re.sub(r"\n {6}(?=\S)", "", out.stdout)
    notes = re.findall(r"^  \[(\d+)\] (.*)$", unwrapped, re.M)
    located = list(dict.fromkeys((r.citation, r.locator) for r in result.rows if r.locator))
    assert [(int(n), "".join(text.split())) for n, text in notes] == [
        (i, "".join(f"{c}, {loc}".split())) for i, (c, loc) in enumerate(located, 1)]
    assert all(len(line) <= int(columns) for line in out.stdout.splitlines() if line.startswith(("  [", "      ")))
    number = located.index(("Hoffmann et al. (2022)", "Appendix D.2, Eq. (10)")) + 1
    lines = out.stdout.splitlines()
    if columns == "60":  # one block per row: the citation and the marked set on lines of their own
        at = lines.index("hoffmann2022/parametric-loss")
        assert lines[at + 3:at + 5] == ["  citation      Hoffmann et al. (2022)", f"  constant set  hoffmann2022 (paper) [{number}]"]
    else:
        assert "citation" in next(line for line in lines if line.startswith("┃") and "law" in line)
        at = next(i for i, line in enumerate(lines) if line.startswith("│ hoffmann2022/parametric-loss "))
        cells = [line.split("│")[3:5] for line in lines[at:at + 2]]  # the row's two lines: '(split of C = 6ND)'
        assert [" ".join(filter(None, (a.strip(), b.strip()))) for a, b in zip(*cells)] == [
            "Hoffmann et al. (2022)", f"hoffmann2022 (paper) [{number}]"]
    assert sum(f"[{number}]" in line for line in lines) == 1 + sum(
        (r.citation, r.locator) == located[number - 1] for r in result.rows)


def test_laws_studying_a_variable_through_their_constant_sets_are_named(store, run):
    """'Which laws take precision bits': at N, D and precision=8 predict named Ouyang et al.'s law
    and Sun et al.'s (needing B), but not Castro et al.'s or Panferov et al.'s, whose precision is
    one constant set per setting (FP4, INT8, ...), not an input: they were left out without a word."""
    result = predict.predict(store.laws(), {"N": "8B", "D": "15T", "precision": 8})
    assert result.by_sets == {"castro2025/quantized-training-loss": ["precision"],
                              "panferov2025b/precision-loss": ["precision"]}
    assert not set(result.by_sets) & {r.ref for r in result.rows}
    partial = predict.predict(store.laws(), {"N": "8B", "D": "15T", "precision": 8}, partial=True)
    assert "castro2025/quantized-training-loss" in {r.ref for r in partial.rows}  # its default set, with --partial
    assert not set(partial.by_sets) & {r.ref for r in partial.rows}
    # epochs: Muennighoff et al.'s take them as D over the unique tokens U (an input), not set by set
    assert predict.predict(store.laws(), {"N": "8B", "D": "15T", "epochs": 4}).by_sets == {}
    assert predict.predict(store.laws(), {"N": "8B", "D": "15T"}).by_sets == {}
    text = run("predict", "N=8B", "D=15T", "precision=8")
    assert text.exit_code == 0, text.output
    assert ("note: 2 more law(s) study a variable given through their constant sets, one per setting, not as an input "
            "(named in parentheses; catalog eval LAW --all-sets gives each set's value): "
            "castro2025/quantized-training-loss (precision), panferov2025b/precision-loss (precision)") in " ".join(
        text.stdout.split())
    doc = json.loads(run("predict", "N=8B", "D=15T", "precision=8", "--json").stdout)
    assert doc["by_constant_sets"] == result.by_sets


def test_cli_errors_are_one_line(run):
    unknown = run("predict", "wingspan=3")
    assert unknown.exit_code == 2 and "unknown variable 'wingspan'" in unknown.stderr
    bad = run("predict", "N=70B", "--where", "modality=nonsense")
    assert bad.exit_code == 2 and "unknown modality 'nonsense'" in bad.stderr
    none = run("predict", "N=70B", "--where", "id=kaplan2020", "--where", "dependent=optimal_data")
    assert none.exit_code == 1 and "0 prediction(s)" in none.stdout
    assert "Traceback" not in unknown.output + bad.output + none.output
    # a negative count: one line, not every law's refusal under '0 prediction(s)' (142 at C=-1)
    negative = run("predict", "C=-1")
    assert negative.exit_code == 2 and negative.stderr == "error: C: -1 is negative; compute counts FLOPs, 0 or more\n"
    assert negative.stdout == ""
    assert run("predict", "N=-70B", "D=1.4T").stderr.startswith("error: N: -7e+10 is negative; model_parameters")
    assert run("predict", "C=0").exit_code in (0, 1)  # zero is a count (laws say what it gives)


def test_a_point_no_law_takes_whole_points_to_partial(run):
    """N, D and C together: no law takes all three, and the answer was '0 prediction(s)' alone."""
    none = run("predict", "N=70B", "D=1.4T", "C=1e24")
    assert none.exit_code == 1 and "0 prediction(s)" in none.stdout
    assert ("note: no law with constants takes model_parameters, data, compute together; --partial also evaluates "
            "the laws taking only some of them") in none.stdout
    some = run("predict", "N=70B", "D=1.4T", "C=1e24", "--partial")
    assert some.exit_code == 0 and "hoffmann2022/parametric-loss" in some.stdout and "--partial" not in some.stdout


def test_session_predict_is_the_same_call(catalog_db, at_70b):
    import catalog

    with catalog.open(catalog_db) as cat:
        rows = cat.predict(N="70B", D="1.4T")
        assert [r.ref for r in rows.rows] == [r.ref for r in at_70b.rows]
        frame = cat.predict("dependent=loss", C=1e24).to_dataframe()
        assert set(frame["dependent"]) == {"loss"} and "kaplan2020/loss-compute" in set(frame["law"])


def test_session_predict_reads_views_as_the_command_does(catalog_db, at_70b):
    """A notebook's first cat.predict reads the laws as catalog predict does, as views of the stored
    records with their trees: it validated the 135 papers that can answer at N and D into pydantic
    (importing the schema, half of its time). The rows are those of the validated records; a session
    that already holds every paper predicts from them."""
    import subprocess
    import sys

    code = ("import sys, json, catalog\ncat = catalog.open(%r)\nat = cat.predict(N='70B', D='1.4T')\n"
            "print(json.dumps([[r.ref, r.value, r.constant_set, r.beyond, r.citation] for r in at.rows]))\n"
            "print(json.dumps([at.by_sets, at.incomplete, at.unfitted, sorted(s.ref for s in at.skipped)]))\n"
            "print('catalog.schema' in sys.modules, 'pydantic' in sys.modules, type(at.rows[0].evaluation.law).__name__)\n"
            "cat.laws()\nagain = cat.predict(N='70B', D='1.4T')\n"
            "print([r.ref for r in again.rows] == [r.ref for r in at.rows], type(again.rows[0].evaluation.law).__name__)"
            % catalog_db)
    rows, rest, modules, held = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                               check=True).stdout.splitlines()
    read = json.loads(rows)  # values to the last digits (the fixture's laws compile with sympy, not the stored trees)
    assert [[ref, s, b, c] for ref, _, s, b, c in read] == [[r.ref, r.constant_set, r.beyond, r.citation] for r in at_70b.rows]
    assert [value for _, value, *_ in read] == pytest.approx([r.value for r in at_70b.rows], rel=1e-12)
    assert json.loads(rest) == [at_70b.by_sets, at_70b.incomplete, at_70b.unfitted, sorted(s.ref for s in at_70b.skipped)]
    assert modules == "False False View" and held == "True Law"


@pytest.mark.parametrize("columns", ["80", "200"])
def test_each_quantity_heading_stands_apart_from_the_group_above(catalog_db, at_70b, monkeypatch, columns):
    """Each quantity's heading follows a blank line, in blocks (a pipe, a narrow terminal) and in boxed
    tables: piped, 'loss (nats)' came on the line after the last group's 'beyond range  N, D' and read
    as part of that law's entry."""
    from click.testing import CliRunner

    from catalog.cli import cli

    monkeypatch.setenv("COLUMNS", columns)
    lines = CliRunner().invoke(cli, ["predict", "N=70B", "D=1.4T", "--db", catalog_db]).stdout.splitlines()
    headings = [f"{d} ({u})" for d, u in dict.fromkeys((r.dependent, r.unit) for r in at_70b.rows)]
    at = [next(i for i, line in enumerate(lines) if line.rstrip() == h) for h in headings]
    assert len(at) > 5 and at[0] == 1 and lines[0].startswith("Every law taking these variables")
    assert all(lines[i - 1] == "" for i in at[1:]), [lines[i - 1] for i in at[1:]]


def test_laws_of_one_unit_spelled_two_ways_share_one_table(catalog_db, tmp_path, monkeypatch):
    """Units are free text: a law whose output is in 'nats per token' made a table of its own
    beside 'loss (nats/token)'. Records spell a unit the catalog's way (catalog.vocab.UNITS, which
    validation enforces); a database no load wrote is grouped by that spelling too."""
    import shutil

    from click.testing import CliRunner

    from catalog.cli import cli

    path = tmp_path / "respelled.sqlite"
    shutil.copyfile(catalog_db.removeprefix("sqlite:///"), path)
    with connection_to(path) as connection:
        record = json.loads(connection.execute("SELECT record_json FROM papers WHERE id = 'hoffmann2022'").fetchone()[0])
        record["laws"][0]["symbols"]["L"]["unit"] = "nats per token"
        connection.execute("UPDATE papers SET record_json = ? WHERE id = 'hoffmann2022'", (json.dumps(record),))
    monkeypatch.setenv("COLUMNS", "200")
    result = CliRunner().invoke(cli, ["predict", "N=70B", "D=1.4T", "--format", "json", "--db", f"sqlite:///{path}"])
    rows = json.loads(result.stdout)["predictions"]
    assert next(r for r in rows if r["law"] == "hoffmann2022/parametric-loss")["unit"] == "nats/token"
    text = CliRunner().invoke(cli, ["predict", "N=70B", "D=1.4T", "--db", f"sqlite:///{path}"]).stdout
    assert "loss (nats per token)" not in text and text.count("loss (nats/token)") == 1


def test_a_unit_spelled_otherwise_than_the_catalog_is_refused_with_its_spelling():
    from catalog import vocab

    assert vocab.unit_spelling("Nats per token") == "nats/token"
    assert vocab.unit_spelling("nats") == "nats"  # a loss in nats per what is not said: not nats/token
    assert vocab.unit_spelling("nats/token (not stated)") == "nats/token (not stated)"  # refused below instead


def test_a_variable_is_named_by_a_synonym_of_several_words_and_a_loss_by_its_other_name(run):
    """predict --help offers 'model size' as a variable, but 'model size=70B' was refused as 'not a
    symbol name' (the symbol grammar of eval); and 'which laws predict accuracy from loss' at
    loss=2.1 found nothing with no word that those laws record the loss as pretraining_loss."""
    by_symbol = json.loads(run("predict", "N=70B", "D=1.4T", "--json").stdout)
    by_words = json.loads(run("predict", "model size=70B", "tokens=1.4T", "--json").stdout)
    # each row names the value a law took under another name as the user named it (McLeish et al.'s p and T)
    renamed = {"N": "model size", "D": "tokens"}
    for row in by_symbol["predictions"]:
        row["taken"] = {k: renamed[v] for k, v in row["taken"].items()}
    assert any(row["taken"] for row in by_words["predictions"])
    assert by_words == by_symbol and by_words["predictions"]
    accuracy = json.loads(run("predict", "pretraining loss=2.1", "-w", "dependent=accuracy", "--json").stdout)
    assert accuracy["at"] == {"pretraining_loss": 2.1} and accuracy["predictions"]
    assert {p["dependent"] for p in accuracy["predictions"]} == {"downstream_performance"}
    none = run("predict", "loss=2.1", "-w", "dependent=accuracy")
    assert none.exit_code == 1
    assert ("note: laws that take loss as an input may record it as pretraining_loss (Pre-training loss used as a "
            "predictor): catalog predict pretraining_loss=2.1") in none.stdout
    bad = run("predict", "model size;=70B")
    assert bad.exit_code == 2 and "is not a variable or one of its synonyms" in bad.output


def test_the_learning_rate_laws_share_one_table(run):
    """'what learning rate do the hyperparameter laws give for a 1B model at 100B tokens': the
    optimal learning rates stood in two tables, 'dimensionless' and 'learning rate (dimensionless)',
    one quantity in one unit spelled two ways; the catalog spells it 'dimensionless'."""
    from catalog import vocab

    assert vocab.unit_spelling("learning rate (dimensionless)") == "dimensionless"
    doc = json.loads(run("predict", "N=1B", "D=100B", "--where", "dependent=optimal_learning_rate", "--partial",
                         "--json").stdout)
    units = {p["law"]: p["unit"] for p in doc["predictions"]}
    assert units["li2025/optimal-learning-rate"] == units["liu2025/optimal-learning-rate"] == "dimensionless"
    text = run("predict", "N=1B", "D=100B", "--where", "dependent=optimal_learning_rate", "--partial").stdout
    assert "learning rate (dimensionless)" not in text and text.count("optimal_learning_rate (dimensionless)") == 1


@pytest.mark.parametrize("unit", ["not stated", "not stated (cross-entropy)", "Not stated (a number of tokens)",
                                  "nats/token", "millions of parameters at m = 1 (inferred)", "loss per byte"])
def test_a_unit_the_paper_states_or_the_catalogs_unstated_spelling_passes(unit):
    from catalog import vocab

    assert vocab.unstated_unit_problem(unit) is None


@pytest.mark.parametrize("unit, told", [
    ("loss units (not stated)", "'not stated (loss units)'"),
    ("cross-entropy (log base not stated)", "'not stated (cross-entropy)'"),
    ("tokens (scale not stated)", "'not stated (tokens)'"),
    ("nats/token (not stated)", "'not stated (what the quantity is)'"),  # never a unit in the parentheses
    ("loss", "'not stated (loss)'"),
    ("validation loss (unit not stated; presumably nats/token)", "not guessed"),
    ("not stated (tokens presumably)", "not guessed")])
def test_other_spellings_of_a_unit_the_paper_does_not_state_are_refused(unit, told):
    """A unit the paper does not state was spelled a dozen ways ('loss units (not stated)', 'nats/token
    (not stated)', '... presumably nats/token'): one spelling, 'not stated (what it is)', that the
    comparison of units (conventions.normalized_unit) reads as unstated, and no guessed unit."""
    from catalog import vocab
    from catalog.schema import Symbol

    assert told in vocab.unstated_unit_problem(unit)
    with pytest.raises(ValueError, match=re.escape(told)):
        Symbol(role="output", meaning="Loss", unit=unit, variable="loss")


def test_outputs_in_units_the_papers_do_not_state_share_one_table(at_70b, store):
    """'not stated (cross-entropy)' and 'not stated (validation loss)' say what the quantity is, not
    a unit: each made a table of its own beside 'loss (not stated)', as if the units differed."""
    units = {ref.id: ref.law.symbols[ref.law.output_symbol].unit for ref in store.laws()}
    unstated = {r.ref for r in at_70b.rows if units[r.ref.split("@")[0]].startswith("not stated (")}
    assert len(unstated) >= 2  # the records spell several such units
    assert {r.unit for r in at_70b.rows if r.ref in unstated} == {"not stated"}
    assert not any(r.unit.startswith("not stated (") for r in at_70b.rows)


def test_the_compare_page_draws_units_not_stated_on_the_unlabelled_axis(store):
    from catalog.site import views

    law = next(ref.law for ref in store.laws() if ref.law.symbols[ref.law.output_symbol].unit == "not stated (cross-entropy)")
    assert views.output_axis(law) == ("", 1.0) and views.output_key(law) == f"{law.dependent_variable}|"


def test_laws_taking_the_point_without_constants_are_named(run, store):
    """'Which laws predict accuracy from loss?': predict pretraining_loss=2.1 evaluated five laws
    and said nothing of the six that take a loss but record no published constants (Yuan et al.'s
    GSM8K accuracy, McLeish et al.'s benchmark accuracy, ...); they are named, not evaluated."""
    result = predict.predict(store.laws(), {"pretraining_loss": 2.1})
    assert "gadre2024/downstream-error-from-loss" in {r.ref for r in result.rows}
    assert {"yuan2023/accuracy-vs-pretraining-loss", "mcleish2025/benchmark-accuracy"} <= set(result.unfitted)
    assert not {r.ref for r in result.rows} & set(result.unfitted)
    doc = json.loads(run("predict", "pretraining_loss=2.1", "-f", "json").stdout)
    assert doc["without_constants"] == result.unfitted
    text = run("predict", "pretraining_loss=2.1").stdout
    assert f"note: {len(result.unfitted)} more law(s) take these variables but record no published constants" in text
    assert "yuan2023/accuracy-vs-pretraining-loss" in text


def test_laws_of_compute_alone_take_the_compute_their_paper_counts_from_n_and_d(at_70b, store):
    """At N and D, a law of C alone whose record states C = 6ND is evaluated at C = 6ND, in its
    own unit (Kaplan's C_min in PF-days), the row saying so; the others are named with the reason."""
    c = 6 * 7e10 * 1.4e12
    chinchilla = _row(at_70b, "hoffmann2022/compute-optimal-parameters")
    assert (chinchilla.per_nd, chinchilla.inputs) == (6.0, {"C": pytest.approx(c, rel=1e-15)})
    assert chinchilla.value == pytest.approx(store.law("hoffmann2022/compute-optimal-parameters")(C=c), rel=1e-12)
    assert chinchilla.derived == "C = 6ND from N and D, as its paper counts compute"
    assert chinchilla.as_dict()["per_nd"] == 6.0 and chinchilla.evaluation is not None
    kaplan = _row(at_70b, "kaplan2020/compute-optimal-model-size")  # 'C_min = 6NBS_min ... in PF-days'
    assert kaplan.inputs == {"C_min": pytest.approx(c / 8.64e19, rel=1e-12)} and kaplan.unit == "parameters"
    assert kaplan.value == pytest.approx(store.law("kaplan2020/compute-optimal-model-size")(C_min=c / 8.64e19), rel=1e-12)
    assert kaplan.derived == "C_min = 6ND from N and D, as its paper counts compute"
    assert _row(at_70b, "henighan2020/loss-vs-compute").per_nd == 6.0  # 'D = C/6N'
    skipped = {s.ref: s.reason for s in at_70b.skipped}
    alone = "a law of compute alone whose C is not read from N and D: "
    assert skipped["bi2024/optimal-model-scale"] == alone + (
        "its compute is counted as MD (FLOPs per token, with attention), no fixed multiple of N D")
    assert skipped["dou2025/loss-compute"] == alone + "its compute convention is not stated"
    for ref in ("beck2025/compute-optimal-parameters", "mcleish2025/approach1-params-flops"):  # 'not C = 6ND', 'not 6ND'
        assert skipped[ref] == alone + "its compute is counted as other than 6ND, no fixed multiple of N D", ref
    for ref in ("sun2024/optimal-tokens", "kimi2025b/loss-compute"):  # '9.59 N D + 2.3e8 D'; 'near 6ND'
        assert skipped[ref] == alone + "its compute convention states no C = kND", ref
    assert skipped["ruan2024/observational-sigmoid"] == alone + "its input is not the compute its paper counts from N and D"
    assert skipped["hoffmann2022/token-growth-with-compute"] == "k is in dimensionless, not a multiple of FLOPs"
    assert not {r.ref for r in at_70b.rows} & set(skipped)
    # with C given, or without D, no compute is derived
    for point in ({"N": "70B", "D": "1.4T", "C": 1e24}, {"N": "70B"}):
        result = predict.predict(store.laws(), point, partial=True)
        assert not any(r.per_nd for r in result.rows) and not any(s.reason.startswith(alone) for s in result.skipped)
    assert _row(predict.predict(store.laws(), {"N": "70B", "D": "1.4T"}, partial=True),
                "hoffmann2022/compute-optimal-parameters").value == chinchilla.value


def test_cli_marks_the_laws_of_compute_alone_at_n_and_d(run, at_70b):
    args = ("predict", "N=70B", "D=1.4T", "--where", "id=hoffmann2022")
    text = run(*args)
    assert text.exit_code == 0, text.output
    flat = " ".join(text.stdout.split())
    assert flat.count("(C = 6ND from N and D, as its paper counts compute)") == 2  # N_opt and D_opt
    assert "note: '(C = 6ND ...)': a law of compute alone evaluated at the compute its paper counts" in flat
    assert "hoffmann2022/parameter-growth-with-compute, hoffmann2022/token-growth-with-compute: k is in dimensionless" in flat
    doc = json.loads(run(*args, "--format", "json").stdout)
    rows = {p["law"]: p for p in doc["predictions"]}
    api = _row(at_70b, "hoffmann2022/compute-optimal-parameters")
    assert rows["hoffmann2022/compute-optimal-parameters"]["value"] == api.value
    assert rows["hoffmann2022/compute-optimal-parameters"]["per_nd"] == 6.0
    assert rows["hoffmann2022/compute-optimal-parameters"]["derived"] == api.derived
    assert rows["hoffmann2022/parametric-loss"]["per_nd"] is None and rows["hoffmann2022/parametric-loss"]["derived"] == ""
    table = list(csv.DictReader(io.StringIO(run(*args, "-f", "csv").stdout)))
    assert {r["law"]: r["derived"] for r in table}["hoffmann2022/compute-optimal-tokens"] == api.derived


def test_each_row_says_which_parameters_the_n_given_counts_in_its_paper(run, at_70b, monkeypatch):
    """predict N=70B D=1.4T gave every law 70B as its own N, Kaplan's non-embedding count beside
    Chinchilla's total, without a word in the rows. Each row now says which (its parameter
    convention, else its compute convention: Kaplan's C_min = 6NBS_min, non-embedding), and the
    text adds an 'N counts' column when the rows mix both."""
    assert _row(at_70b, "hoffmann2022/parametric-loss").parameters_counted == "total"
    assert _row(at_70b, "kaplan2020/loss-n-d").parameters_counted == "non-embedding"
    assert _row(at_70b, "kaplan2020/loss-compute").parameters_counted == "non-embedding"  # per C = 6ND
    assert _row(at_70b, "cuervo2024/speech-chinchilla-loss").parameters_counted is None  # not stated
    monkeypatch.setenv("COLUMNS", "200")  # boxed tables: a row on one line
    text = run("predict", "N=70B", "D=1.4T", "--where", "id=hoffmann2022,kaplan2020")
    assert text.exit_code == 0, text.output
    lines = text.stdout.splitlines()
    assert any("N counts" in line for line in lines)
    assert "non-embedding" in next(line for line in lines if "kaplan2020/loss-compute" in line)
    assert "total" in next(line for line in lines if "hoffmann2022/parametric-loss" in line)
    assert "note: 'N counts': N=7e+10 is taken as each paper's own N" in " ".join(text.stdout.split())
    only_total = run("predict", "N=70B", "D=1.4T", "--where", "id=hoffmann2022")
    assert "N counts" not in only_total.stdout  # no mixture, no column
    table = {r["law"]: r for r in csv.DictReader(io.StringIO(run("predict", "N=70B", "D=1.4T", "-f", "csv").stdout))}
    assert {law: table[law]["parameters_counted"] for law in ("hoffmann2022/parametric-loss", "kaplan2020/loss-compute",
                                                              "cuervo2024/speech-chinchilla-loss")} == {
        "hoffmann2022/parametric-loss": "total", "kaplan2020/loss-compute": "non-embedding",
        "cuervo2024/speech-chinchilla-loss": ""}
    doc = {p["law"]: p for p in json.loads(run("predict", "N=70B", "D=1.4T", "--json").stdout)["predictions"]}
    assert doc["kaplan2020/loss-n-d"]["parameters_counted"] == "non-embedding"
    assert all(r.parameters_counted is None for r in predict.predict([], {"C": 1e24}).rows)


def test_a_counting_stated_in_words_is_read(store, at_70b):
    """brown2020's compute convention states its counting in words ('Table D.1 counts 6 x parameters
    x tokens'; Figure 3.1 'exclude[s] embedding parameters from compute'): it read as no counting
    and no C = kND, so predict at N and D skipped GPT-3's L(C). It is 6ND over non-embedding
    parameters, evaluated at C = 6ND in PF-days as Kaplan's L(C_min) is."""
    from catalog.engine import conventions

    text = conventions.stated(store.law("brown2020/loss-compute"))["compute"]
    assert conventions.nd_multiple(text) == (6.0, "")
    assert conventions.compute_convention(text) == conventions.ComputeConvention("6ND", "non-embedding", "PF-days")
    brown = _row(at_70b, "brown2020/loss-compute")
    c = 6 * 7e10 * 1.4e12 / 8.64e19
    assert (brown.per_nd, brown.inputs, brown.parameters_counted) == (6.0, {"C": pytest.approx(c, rel=1e-12)}, "non-embedding")
    assert brown.value == pytest.approx(2.57 * c ** -0.048, rel=1e-12)
    # cheng2024's 'FLOPs without embeddings as logged' counts non-embedding parameters too
    assert conventions.compute_convention("FLOPs without embeddings as logged; C = 6 N D").over == "non-embedding"


def test_a_laws_symbol_given_as_a_variable_is_told_the_variables_it_stands_for(run, store):
    """'predict N=7B D=2T P=4' (Kumar's and Ouyang's P, the precision) answered with a list of
    some 150 variables, none of them named as meant. A name that is some laws' input symbol now
    says which variable it measures in which laws, and what to write."""
    with pytest.raises(predict.engine.UnknownSymbol) as told:
        predict.predict(store.laws(), {"N": "7B", "D": "2T", "P": 4})
    message = str(told.value)
    assert message.startswith("unknown variable 'P': predict takes scaling variables, and P is a law's symbol for ")
    assert "precision in kumar2024/effective-parameter-count, ouyang2024/qid-unified" in message
    # the variables in alphabetical order; qu2025's P (the concept share, shape_ratio) now ends the list
    assert "or precision=4" in message and message.endswith("=4") and "(known: " not in message
    cli = run("predict", "N=7B", "D=2T", "P=4")
    assert cli.exit_code == 2 and cli.stderr.strip() == f"error: {message}"
    unknown = str(pytest.raises(predict.engine.UnknownSymbol, predict.predict, store.laws(), {"Q": 4}).value)
    assert unknown.endswith(" known, with their synonyms)") and "catalog vocab variable lists the " in unknown


def test_laws_needing_more_inputs_than_the_point_gives_are_named(run, store):
    """'predict samples=16' gave two laws and no word of Sadhukhan et al.'s cost model, which
    takes the samples too but also the model size and lengths: such laws are now named with the
    inputs still to give (Predictions.incomplete; JSON needing_more_inputs; a note)."""
    result = predict.predict(store.laws(), {"samples": 16})
    assert result.incomplete["sadhukhan2025/kinetics-cost-model"] == ["P", "L_in", "L_out", "D", "r"]
    assert not set(result.incomplete) & {r.ref for r in result.rows}
    at_nd = predict.predict(store.laws(), {"N": "70B", "D": "1.4T"})
    assert at_nd.incomplete["frantar2023/sparsity-loss"] == ["S"]
    text = run("predict", "samples=16")
    assert text.exit_code == 0, text.output
    assert ("more law(s) take these variables but need other inputs too (named in parentheses; give them, or "
            "catalog eval LAW): sadhukhan2025/kinetics-cost-model (P, L_in, L_out, D, r)") in " ".join(text.stdout.split())
    doc = json.loads(run("predict", "samples=16", "--json").stdout)
    assert doc["needing_more_inputs"] == result.incomplete


def test_a_table_mixing_modalities_names_each_rows(run, at_70b, monkeypatch):
    """'loss (nats/token)' held Cuervo et al.'s speech loss (per HuBERT unit) beside Chinchilla's
    text loss, read as comparable: a table mixing modalities gives each row its paper's, from the
    API, in the text, CSV and JSON."""
    assert _row(at_70b, "cuervo2024/speech-chinchilla-loss").modalities == ["speech"]
    assert _row(at_70b, "hoffmann2022/parametric-loss").modalities == ["language"]
    monkeypatch.setenv("COLUMNS", "200")
    text = run("predict", "N=70B", "D=1.4T", "--where", "id=hoffmann2022,cuervo2024")
    assert text.exit_code == 0, text.output
    lines = text.stdout.splitlines()
    assert any("modality" in line for line in lines)
    assert "speech" in next(line for line in lines if "cuervo2024/speech-chinchilla-loss" in line)
    assert "note: 'modality'" in text.stdout
    assert "modality" not in run("predict", "N=70B", "D=1.4T", "--where", "id=hoffmann2022").stdout
    table = {r["law"]: r for r in csv.DictReader(io.StringIO(run("predict", "N=70B", "D=1.4T", "-f", "csv").stdout))}
    assert table["cuervo2024/speech-chinchilla-loss"]["modalities"] == "speech"
    doc = {p["law"]: p for p in json.loads(run("predict", "N=70B", "D=1.4T", "--json").stdout)["predictions"]}
    assert doc["cuervo2024/speech-chinchilla-loss"]["modalities"] == ["speech"]


def test_rows_of_one_table_whose_tokenizers_differ_are_flagged(catalog_db, tmp_path, monkeypatch):
    """A loss per token of GPT-2's 50,257 tokens and one of a 32,000-token SentencePiece vocabulary
    stood in one table as if comparable. Each row names the laws of its table whose stated tokenizer
    differs (the API, CSV and JSON give each row's tokenizer); the text adds a column and a note."""
    import shutil

    from click.testing import CliRunner

    from catalog.cli import cli

    path = tmp_path / "tokenized.sqlite"
    shutil.copyfile(catalog_db.removeprefix("sqlite:///"), path)
    stated = {"hoffmann2022": "SentencePiece, 32,000 tokens (fixture)", "kaplan2020": "GPT-2 BPE, 50,257 tokens (fixture)",
              "besiroglu2024": "not stated"}
    with connection_to(path) as connection:
        for paper_id, text in stated.items():
            record = json.loads(connection.execute("SELECT record_json FROM papers WHERE id = ?", (paper_id,)).fetchone()[0])
            for law in record["laws"]:
                law["conventions"]["tokenizer"] = text
            connection.execute("UPDATE papers SET record_json = ? WHERE id = ?", (json.dumps(record), paper_id))
    url = f"sqlite:///{path}"
    invoke = lambda *args: CliRunner().invoke(cli, ["predict", "N=70B", "D=1.4T", *args, "--db", url])  # noqa: E731
    monkeypatch.setenv("COLUMNS", "250")
    text = invoke("--where", "id=hoffmann2022,kaplan2020")
    assert text.exit_code == 0, text.output
    lines = text.stdout.splitlines()
    assert any("tokenizer" in line and "law" in line for line in lines)
    # the table names the tokenizer without its locator (CSV and JSON keep the whole text)
    row = next(line for line in lines if "kaplan2020/loss-n-d" in line)
    assert "(differs) GPT-2 BPE, 50,257 tokens" in row and "fixture" not in row
    assert "(differs) SentencePiece, 32,000" in next(line for line in lines if "hoffmann2022/parametric-loss" in line)
    assert "note: 'tokenizer': rows of one table whose tokenizers differ" in " ".join(text.stdout.split())
    three = ("--where", "id=hoffmann2022,kaplan2020,besiroglu2024")  # the records' own tokenizers left out
    table = {r["law"]: r for r in csv.DictReader(io.StringIO(invoke("-f", "csv", *three).stdout))}
    assert table["kaplan2020/loss-n-d"]["tokenizer"] == "GPT-2 BPE, 50,257 tokens (fixture)"
    assert table["kaplan2020/loss-n-d"]["tokenizer_differs"] == "hoffmann2022/parametric-loss"
    assert set(table["hoffmann2022/parametric-loss"]["tokenizer_differs"].split()) == {
        "kaplan2020/loss-n-d", "kaplan2020/loss-compute"}
    assert table["kaplan2020/loss-n-d"]["conventions"].endswith("; tokenizer GPT-2 BPE, 50,257 tokens")
    # a law stating none is in no one's list (it cannot be checked), nor flagged itself
    assert table["besiroglu2024/parametric-loss"]["tokenizer"] == "not stated"
    assert table["besiroglu2024/parametric-loss"]["tokenizer_differs"] == ""
    assert "besiroglu2024/parametric-loss" not in table["kaplan2020/loss-n-d"]["tokenizer_differs"]
    doc = {p["law"]: p for p in json.loads(invoke("--json", *three).stdout)["predictions"]}
    assert doc["hoffmann2022/parametric-loss"]["conventions"]["tokenizer"] == "SentencePiece, 32,000 tokens (fixture)"
    assert "hoffmann2022/parametric-loss" in doc["kaplan2020/loss-n-d"]["tokenizer_differs"]
    # one tokenizer in a table, or none stated: no column
    alone = CliRunner().invoke(cli, ["predict", "N=70B", "D=1.4T", "--where", "id=kaplan2020", "--db", url]).stdout
    assert "tokenizer" not in alone.split("note:")[0] and "(differs)" not in alone


def test_predict_with_every_set_of_thousands_runs_in_linear_time():
    """predict --all-sets gives a row per constant set: each row's evaluation looked its set, the
    default and the primary set up by a scan of every set (and counted every set's check values),
    so a law of 3,000 sets held it for 10 s of CPU, quadratic in a record of thousands of sets (a
    4 MB record holds some 17,000)."""
    from catalog import records
    from catalog.engine.formulas import time_limit
    from catalog.store.lawstore import LawRef
    from tests.conftest import FIXTURES

    paper, issues = records.load_file(FIXTURES / "valid" / "minimal.yaml")
    assert not issues
    law = paper.laws[0]
    fit = law.constant_sets[0]
    law.constant_sets = [fit, *(fit.model_copy(update={"id": f"fit{i}", "provenance": "secondary" if i % 2 else "paper"})
                                for i in range(3000))]
    with time_limit(2):  # CPU seconds; 10 before
        result = predict.predict([LawRef(paper, law)], {"N": 1e8}, all_sets=True)
    assert [r.constant_set for r in result.rows[:3]] == ["fit", "fit0", "fit1"] and len(result.rows) == 3001
    assert {r.value for r in result.rows} == {1.5 + 4e2 / 1e8 ** 0.3}
    evaluated = result.rows[2].evaluation  # a secondary set: warned on, and compared with the primary one
    assert any(w.startswith("provenance: the constants used, set 'fit1', are a secondary transcription")
               and "the primary set 'fit'" in w for w in evaluated.warnings), evaluated.warnings


@pytest.mark.parametrize("point, where, partial", [
    ({"N": "70B", "D": "1.4T"}, None, False), ({"C": 1e22}, None, False), ({"C": 5.76e23}, ["modality=vision"], False),
    ({"N": "70B", "D": "1.4T", "C": 1e24}, None, True), ({"L": 2.0}, None, True), ({"C": 1e22, "experts": 8}, None, False),
    ({"samples": 16}, None, False), ({"C": 1e22}, ["dependent=optimal_model_parameters"], False),
    ({"N": "70B", "D": "1.4T"}, None, True), ({"C": 1e22}, None, True),
    # Castro et al.'s and Panferov et al.'s losses take N and D and study precision set by set
    ({"N": "8B", "D": "15T", "precision": 8}, None, False), ({"N": "8B", "D": "15T", "precision": 8}, None, True)])
def test_predict_reads_the_papers_a_law_of_which_takes_the_point_and_says_what_all_papers_say(
        catalog_db, point, where, partial):
    """predict reads only the papers with a law taking every variable of the point (or a loss with
    constants in N and D at a budget, C alone at N and D, one studying a variable of the point set
    by set; with --partial any one of them: selection.reaching); the rows, skips, laws without
    constants, laws needing more inputs and laws studying a variable by set are those of every
    paper read, from the database and from a Store (the CLI named no law by set at N, D and
    precision, where every paper read named Castro et al.'s and Panferov et al.'s)."""
    from catalog.store import selection
    from catalog.store.reader import Store

    def said(result):
        return (result.to_dicts(), [(s.ref, s.reason) for s in result.skipped], result.unfitted, result.incomplete,
                result.by_sets)

    split_from, outputs = selection.split_scope(catalog_db, where)
    every = predict.predict(selection.laws_of(catalog_db, where), point, partial=partial, split_targets=split_from,
                            split_outputs=outputs)
    assert every.rows or every.incomplete or every.unfitted
    every_read = Store(catalog_db).with_stored_forms()
    every_read.papers  # noqa: B018 - a store that has read every paper keeps those that answer
    for source in (catalog_db, Store(catalog_db).with_stored_forms(), every_read):
        assert said(selection.predictions(source, point, where, partial=partial)) == said(every)
    read = selection.laws_of(catalog_db, None, selection.reaching(point, partial))
    assert len(read) < len(selection.laws_of(catalog_db))
    if not partial and len(point) > 1:  # a law of N alone says nothing at N and D: its paper is not read
        assert len(read) < len(selection.laws_of(catalog_db, None, selection.reaching(point, partial=True)))
    if not partial and point == {"C": 1e22}:  # nor a law in N and D that is no loss with constants at a budget
        assert len(read) < len(selection.laws_of(catalog_db, None, [{"compute"}, {"model_parameters", "data"}]))


def test_predict_reads_the_formula_trees_of_the_laws_that_answer_alone(catalog_db):
    """Of the papers read at a budget, only the laws taking C and the losses in N and D are
    evaluated: the others' stored trees (Kaplan's L(N)) are not read and checked."""
    from catalog.store import selection

    read = {f"{r.paper.id}/{r.law.id}": r.law for r in selection.laws_of(catalog_db, None, selection.reaching({"C": 1e22}))}
    assert read["hoffmann2022/parametric-loss"].numeric and read["kaplan2020/loss-compute"].numeric
    assert read["kaplan2020/loss-n"].numeric is None


def test_session_predict_reads_only_the_papers_that_answer(catalog_db):
    """cat.predict validated every record (pydantic) where a budget's 108 papers answer; it reads
    those as views, as the command does (the test above: the same predictions from a URL), and
    validates none into the session's papers; once the session holds every paper it predicts
    from them."""
    import catalog

    with catalog.open(catalog_db) as cat:
        at = cat.predict(C=1e22)
        assert "papers" not in cat.store.__dict__ and not cat.store._read
        row = next(r for r in at.rows if r.ref == "hoffmann2022/parametric-loss")
        assert row.value > 0 and cat.paper("hoffmann2022").laws[0].id == "parametric-loss"
        cat.laws()
        again = next(r for r in cat.predict(C=1e22).rows if r.ref == "hoffmann2022/parametric-loss")
        assert again.value == pytest.approx(row.value, rel=1e-12)


def test_predict_without_a_point_is_an_error(catalog_db):
    """cat.predict() with no variable listed every law with constants as needing all its inputs."""
    import catalog
    from catalog.engine.errors import BadValue

    with catalog.open(catalog_db) as cat, pytest.raises(BadValue, match="give at least one variable"):
        cat.predict()


def test_laws_of_only_some_of_the_variables_are_named_for_partial(store, catalog_db, run):
    """'Which laws give the learning rate or batch size at 1B parameters and 100B tokens?' left out
    Li et al.'s batch size in D alone (and three more) without a word: a law of only some of the
    point's variables takes part only with --partial. Predict now names those laws (ids from the
    database's symbols, no record read): exactly the laws --partial adds, rows or skipped; the same
    from a Store as from the URL the CLI reads; JSON 'taking_only_some'."""
    from catalog.store import selection

    point, where = {"N": "1B", "D": "100B"}, ["dependent=optimal_learning_rate,optimal_batch_size"]
    result = selection.predictions(catalog_db, point, where)
    assert "li2025/optimal-batch-size" in result.partial_only
    partial = selection.predictions(catalog_db, point, where, partial=True)
    added = ({r.ref for r in partial.rows} | {s.ref for s in partial.skipped}) - (
        {r.ref for r in result.rows} | {s.ref for s in result.skipped})
    assert set(result.partial_only) == added and len(added) >= 4
    assert selection.predictions(store, point, where).partial_only == result.partial_only  # Store and URL agree
    assert partial.partial_only == []  # with --partial there is nothing left to name
    doc = json.loads(run("predict", *(f"{k}={v}" for k, v in point.items()), "--where", where[0], "--json").stdout)
    assert doc["taking_only_some"] == result.partial_only
    text = " ".join(run("predict", "N=1B", "D=100B", "--where", where[0]).stdout.split())
    assert (f"note: {len(added)} more law(s) with constants take only some of these variables (--partial evaluates "
            f"them): {', '.join(result.partial_only)}") in text
    # every law of N or D alone with constants, at N and D without a filter; none at a single variable
    unfiltered = selection.taking_only_some(catalog_db, point)
    assert set(unfiltered) == {f"{r.paper.id}/{r.law.id}" for r in store.laws() if r.law.constant_sets
                               and {r.law.symbols[n].variable for n in r.law.input_symbols} in ({"model_parameters"}, {"data"})}
    assert selection.taking_only_some(catalog_db, {"C": "1e24"}) == []


def test_related_selects_a_laws_family_as_its_records_state_it(store, catalog_db, run):
    """'What loss do the Chinchilla-family laws predict for 7B on 2T tokens?': no filter named that
    family (text=chinchilla kept 52 of the 64 rows: most papers mention Chinchilla). related=LAW
    keeps the law and every law whose record states a relation to it (or to its paper as a whole):
    Besiroglu et al.'s and Schaeffer et al.'s refits, Sardana et al.'s use, the speech and recurrence
    variants, and not Kaplan's law, which Chinchilla corrects. A nickname names the paper."""
    from catalog.store import selection

    family = selection.select(catalog_db, ["related=chinchilla/parametric-loss"])
    expected = {"hoffmann2022/parametric-loss"} | {
        f"{r.paper.id}/{r.law.id}" for r in store.laws()
        if any(rel.target in ("hoffmann2022/parametric-loss", "hoffmann2022") for rel in r.law.relations)}
    assert family.law_ids == expected
    assert set(family.paper_ids) == {i.split("/")[0] for i in expected}
    result = selection.predictions(catalog_db, {"N": "7B", "D": "2T"}, ["related=hoffmann2022/parametric-loss",
                                                                         "dependent=loss"])
    refs = {r.ref for r in result.rows}
    assert {"hoffmann2022/parametric-loss", "besiroglu2024/parametric-loss", "schaeffer2025b/parametric-loss",
            "sardana2024/chinchilla-form-loss", "cuervo2024/speech-chinchilla-loss"} <= refs
    assert "kaplan2020/loss-n-d" not in refs and refs <= expected
    doc = json.loads(run("predict", "N=7B", "D=2T", "--where", "related=hoffmann2022/parametric-loss", "--where",
                         "dependent=loss", "--json").stdout)
    assert [p["law"] for p in doc["predictions"]] == [r.ref for r in result.rows]
    # a paper names its laws and every law relating to any of them
    paper = selection.select(catalog_db, ["related=hoffmann2022"]).law_ids
    assert expected <= paper and "hoffmann2022/compute-optimal-tokens" in paper and "anil2023/compute-optimal-tokens" in paper
    # a law the paper does not have is named as such, with the paper's laws
    with pytest.raises(selection.FilterError, match=r"related: no law hoffmann2022/parametric-los; did you mean: hoffmann2022/parametric-loss"):
        selection.select(catalog_db, ["related=hoffmann2022/parametric-los"])
    # the name as typed is escaped and cut: a terminal runs no control sequence, prints no page of it
    typed = run("predict", "N=7B", "D=2T", "--where", "related=hoffmann2022/\x1b[2J" + "x" * 500)
    assert typed.exit_code == 2 and "\x1b" not in typed.stderr and "\\x1b[2J" in typed.stderr
    assert "... (520 characters)" in typed.stderr  # the escaped text's length
    bad = run("predict", "N=7B", "D=2T", "--where", "related=nosuchpaper")
    assert bad.exit_code == 2 and bad.stderr.startswith("error: unknown paper 'nosuchpaper'; did you mean")


def test_each_table_gives_the_spread_of_its_values(catalog_db, run):
    """'What loss do they predict, with what spread?' had to be read off a column of values: each
    table of two or more rows (a quantity in one unit) now ends with its lowest, median and highest
    value (Predictions.spread(); JSON 'spread'; a table of one row has none)."""
    import statistics

    from catalog.engine.evaluation import fmt
    from catalog.store import selection

    where = ["related=chinchilla/parametric-loss", "dependent=loss"]
    result = selection.predictions(catalog_db, {"N": "7B", "D": "2T"}, where)
    spreads = {(s.dependent, s.unit): s for s in result.spread()}
    groups: dict = {}
    for r in result.rows:
        groups.setdefault((r.dependent, r.unit), []).append(r.value)
    assert set(spreads) == {k for k, v in groups.items() if len(v) > 1} and ("loss", "nats/token") in spreads
    for key, s in spreads.items():
        values = groups[key]
        assert (s.rows, s.low, s.high) == (len(values), min(values), max(values))
        assert s.median == pytest.approx(statistics.median(values), rel=1e-15)
    args = ["predict", "N=7B", "D=2T", *(x for w in where for x in ("--where", w))]
    doc = json.loads(run(*args, "--json").stdout)
    assert [(d["dependent"], d["unit"], d["rows"], d["low"], d["high"]) for d in doc["spread"]] == \
        [(s.dependent, s.unit, s.rows, s.low, s.high) for s in result.spread()]
    text = run(*args).stdout
    chinchilla = spreads["loss", "nats/token"]
    line = f"spread: {chinchilla.rows} rows from {fmt(chinchilla.low)} to {fmt(chinchilla.high)}, median {fmt(chinchilla.median)}"
    assert line in text.splitlines()
    assert text.count("\nspread: ") == len(spreads)


def test_each_row_says_which_given_value_each_input_took_under_another_name_or_unit(run, catalog_db):
    """Ni et al.'s law takes D as its unique tokens U_D and epochs as n_e, Kaplan's C_min is C in
    PF-days: the row says so (Prediction.taken; the text's 'takes' line, CSV's and JSON's 'taken'),
    so two laws asked at one point read as asked different things where they were."""
    import catalog

    with catalog.open(catalog_db) as cat:
        rows = {r.ref: r for r in cat.predict(N="1B", D="100B", epochs=4).rows}
        budget = {r.ref: r for r in cat.predict(C=1e24).rows}
    ni = rows["ni2025/data-constrained-validation-loss"]
    assert ni.taken == {"U_D": "D", "n_e": "epochs"} and ni.inputs["U_D"] == 1e11
    assert budget["kaplan2020/loss-compute"].taken == {"C_min": "C"}
    assert budget["hoffmann2022/compute-optimal-parameters"].taken == {}  # C in FLOPs, named C
    text = run("predict", "N=1B", "D=100B", "epochs=4")
    assert "takes U_D = D (Number of unique training tokens), n_e = epochs (Number of epochs e over the unique " \
           "tokens)" in text.output.replace("\n", " ").replace("  ", " ")
    assert "C_min = 11574.1 PF-days from C" in run("predict", "C=1e24").output.replace("\n", " ")
    rows_csv = list(csv.DictReader(io.StringIO(run("predict", "N=1B", "D=100B", "epochs=4", "--format", "csv").output)))
    assert rows_csv[0]["taken"] == "U_D=D n_e=epochs"
    doc = json.loads(run("predict", "N=1B", "D=100B", "epochs=4", "--format", "json").output)
    assert doc["predictions"][0]["taken"] == {"U_D": "D", "n_e": "epochs"}


def test_inside_keeps_the_laws_whose_fitted_ranges_cover_the_point_and_names_the_others(run, catalog_db):
    """'Every law whose fitted range covers N=7B and D=2T, with its prediction there': --inside keeps
    the rows whose every input lies in the set's stated range (--where covers=... keeps papers by the
    paper's ranges, and Chinchilla's D up to 5e11 was kept at 2T)."""
    import catalog

    with catalog.open(catalog_db) as cat:
        every = cat.predict(N="7B", D="2T", all_sets=True)
        inside = cat.predict(N="7B", D="2T", all_sets=True, inside=True)
    expected = [(r.ref, r.constant_set, r.output) for r in every.rows if not r.beyond and not r.unranged]
    assert [(r.ref, r.constant_set, r.output) for r in inside.rows] == expected and expected
    assert "hoffmann2022/parametric-loss@hoffmann2022" in inside.outside
    assert set(inside.outside) == {f"{r.ref}@{r.constant_set}" for r in every.rows if r.beyond}
    assert set(inside.range_unknown) == {f"{r.ref}@{r.constant_set}" for r in every.rows if r.unranged and not r.beyond}
    doc = json.loads(run("predict", "N=7B", "D=2T", "--all-sets", "--inside", "--format", "json").stdout)
    assert [(p["law"], p["constant_set"]) for p in doc["predictions"]] == [(r, s) for r, s, _ in expected]
    assert doc["outside_fitted_range"] == inside.outside and doc["fitted_range_not_stated"] == inside.range_unknown
    text = run("predict", "N=7B", "D=2T", "--inside")
    assert "note: --inside left out" in text.output and "with an input beyond the fitted range" in text.output



def test_inside_names_only_the_kinds_of_law_it_left_out(tmp_path):
    """The note after --inside named both kinds even when one was empty: "left out 1 law(s) with an
    input beyond the fitted range (evil2024/power@fit) and 0 whose source states no fitted range of an
    input ()"."""
    from click.testing import CliRunner

    from catalog import records
    from catalog.cli import cli
    from catalog.store import db
    from tests.conftest import FIXTURES

    url = f"sqlite:///{tmp_path / 'c.sqlite'}"
    db.load(records.load_valid([FIXTURES / "hostile" / "evil2024.yaml"]), url)
    result = CliRunner().invoke(cli, ["predict", "N=1e12", "--inside", "--db", url])
    assert result.output.splitlines()[-1] == ("note: --inside left out 1 law(s) with an input beyond the fitted range "
                                              "(evil2024/power@fit)")

def test_a_spread_median_is_numpys_without_importing_numpy_ma():
    """The median is numpy's (the mean of the middle two of an even count; NaN where a value is NaN),
    computed without numpy.median, which imported numpy.ma for every printed predict."""
    import math
    import subprocess
    import sys

    import numpy as np

    rows = lambda values: [predict.Prediction("p/l", "l", "L", "loss", "nats", v, "s", "paper", None, {}, [], {})
                           for v in values]
    for values in ([3.0, 1.0], [2.5, 1e308, 1e308, 0.1], [0.1, 0.2, 0.7], [1 / 3, 2 / 3, 0.1, 7e-9, 5.0, 2.0]):
        (spread,) = predict.Predictions({}, rows(values)).spread()
        assert spread.median == float(np.median(values)), values
    (spread,) = predict.Predictions({}, rows([1.0, math.nan, 2.0])).spread()
    assert math.isnan(spread.median)
    script = ("import sys\nfrom catalog.engine import predict\n"
              "r = [predict.Prediction('p/l', 'l', 'L', 'loss', 'nats', v, 's', 'paper', None, {}, [], {}) for v in (1.0, 2.0)]\n"
              "predict.Predictions({}, r).spread()\nprint('numpy.ma' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout.strip() == "False"


def test_data_per_parameter_with_n_or_a_budget_gives_the_point():
    """D=20N with N, and D=200N with a budget (10x Chinchilla's 20 tokens per parameter at 1e24
    FLOPs): the budget split as C = 6ND at that ratio, the laws of N and D asked there."""
    assert predict.point({"N": "7B", "D": "20N"}) == {"model_parameters": 7e9, "data": 1.4e11}
    assert predict.point({"model size": "7B", "tokens": "20*N"}) == {"model_parameters": 7e9, "data": 1.4e11}
    at, how = predict.resolve({"C": "1e24", "D": "200N"})
    n = (1e24 / (6 * 200)) ** 0.5
    assert at == {"model_parameters": pytest.approx(n, rel=1e-15), "data": pytest.approx(200 * n, rel=1e-15)}
    assert 6 * at["model_parameters"] * at["data"] == pytest.approx(1e24, rel=1e-12)
    assert how == "N = 2.88675e+10, D = 5.7735e+12 split the budget C = 1e+24 as C = 6ND at D = 200N"
    with pytest.raises(predict.engine.BadValue, match=r"D=200N is a number of tokens per parameter: give N"):
        predict.point({"D": "200N"})
    with pytest.raises(predict.engine.BadValue, match="is not a number"):
        predict.point({"C": "1e24", "D": "200X"})  # no multiple of model size
    with pytest.raises(predict.engine.BadValue, match="gives data a second time"):
        predict.point({"C": "1e24", "D": "200N", "tokens": "1T"})


def test_predict_at_a_budget_and_tokens_per_parameter_is_predict_at_that_n_and_d(run, catalog_db):
    import catalog

    with catalog.open(catalog_db) as cat:
        n = (1e24 / 1200) ** 0.5
        want = cat.predict(N=n, D=200 * n)
        got = cat.predict(C="1e24", D="200N")
        change = cat.change({"C": "1e24", "D": "20N"}, {"D": "200N"}, ["dependent=loss"])
    assert [(r.ref, r.output) for r in got.rows] == [(r.ref, r.output) for r in want.rows] and len(got.rows) > 20
    assert [r.value for r in got.rows] == pytest.approx([r.value for r in want.rows], rel=1e-12)
    assert got.point_from.startswith("N = 2.88675e+10, D = 5.7735e+12 split the budget C = 1e+24")
    doc = json.loads(run("predict", "C=1e24", "D=200N", "--json").stdout)
    assert doc["point_from"] == got.point_from and len(doc["predictions"]) == len(got.rows)
    assert "(N = 2.88675e+10, D = 5.7735e+12 split" in run("predict", "C=1e24", "D=200N").stdout
    # overtraining's cost at a fixed budget: Chinchilla's loss at 20 and at 200 tokens per parameter
    out = json.loads(run("predict", "C=1e24", "D=20N", "--to", "D=200N", "-w", "dependent=loss", "--json").stdout)
    assert [(r["law"], r["to"]) for r in out["rows"]] == [(c.at.ref, c.to.value) for c in change.rows]
    chinchilla = next(c for c in change.rows if c.at.ref == "hoffmann2022/parametric-loss")
    with catalog.open(catalog_db) as cat:
        law = cat.law("hoffmann2022")
        n20, n200 = (1e24 / 120) ** 0.5, (1e24 / 1200) ** 0.5
        assert chinchilla.at.value == pytest.approx(float(law(N=n20, D=20 * n20)), rel=1e-12)
        assert chinchilla.to.value == pytest.approx(float(law(N=n200, D=200 * n200)), rel=1e-12)
    assert run("predict", "D=200N").exit_code != 0


def test_k_splits_a_budget_along_c_kND(run, catalog_db):
    """predict --k 4: the budget's compute-optimal splits along C = 4ND (as catalog optimal --k 4),
    and C=1e24 D=200N split at C = 4ND; the CLI gives the API's rows; k must be positive."""
    import catalog
    from catalog.engine import optimal

    with catalog.open(catalog_db) as cat:
        got = cat.predict(["paper=hoffmann2022"], C="1e24", k=4)
        six = cat.predict(["paper=hoffmann2022"], C="1e24")
        chinchilla = cat.law("hoffmann2022")
        want = optimal.compute_optimal(chinchilla, "hoffmann2022", k=4.0, fit=False).at(1e24)
        at, how = predict.resolve({"C": "1e24", "D": "200N"}, 4.0)
        per = cat.predict(C="1e24", D="200N", k=4)
    split = {r.output: r for r in got.rows if r.ref == "hoffmann2022/parametric-loss"}
    assert split["N_opt"].value == pytest.approx(float(want["N_opt"]), rel=1e-12)
    assert split["D_opt"].value == pytest.approx(float(want["D_opt"]), rel=1e-12)
    assert 4 * split["N_opt"].value * split["D_opt"].value == pytest.approx(1e24, rel=1e-9)
    assert split["N_opt"].derived.endswith("along C = 4ND") and split["N_opt"].split_k == 4.0
    six_n = next(r for r in six.rows if r.ref == "hoffmann2022/parametric-loss" and r.output == "N_opt")
    assert six_n.value != pytest.approx(split["N_opt"].value, rel=1e-3) and six_n.split_k == 6.0
    assert 4 * at["model_parameters"] * at["data"] == pytest.approx(1e24, rel=1e-12) and "as C = 4ND at D = 200N" in how
    assert per.point_from == how
    text = run("predict", "C=1e24", "--k", "4", "-w", "paper=hoffmann2022").stdout
    assert "(split of C = 4ND)" in text and "(split of C = 6ND)" not in text
    doc = json.loads(run("predict", "C=1e24", "--k", "4", "-w", "paper=hoffmann2022", "--json").stdout)
    assert [(r["law"], r["output"], r["value"]) for r in doc["predictions"]] == \
        [(f"{r.ref}", r.output, pytest.approx(r.value, rel=1e-15)) for r in got.rows]
    bad = run("predict", "C=1e24", "--k", "0")
    assert bad.exit_code != 0 and "k must be positive" in bad.output
