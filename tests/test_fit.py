"""Fitting your own runs: recovers known constants, copes with noise, and the CLI saves a set."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
import yaml
from click.testing import CliRunner

from catalog.engine import fit
from catalog.cli import cli
from catalog.schema import ConstantSet

TRUE = {"E": 1.69, "A": 406.4, "B": 410.7, "alpha": 0.34, "beta": 0.28}


def chinchilla(papers):
    return next(p for p in papers if p.id == "hoffmann2022").laws[0]


def runs(noise=0.0, seed=1):
    rng = np.random.default_rng(seed)
    N, D = np.meshgrid(np.logspace(7.8, 10.2, 7), np.logspace(9.7, 11.7, 6))
    N, D = N.ravel(), D.ravel()
    L = TRUE["E"] + TRUE["A"] / N ** TRUE["alpha"] + TRUE["B"] / D ** TRUE["beta"]
    return {"N": N, "D": D, "L": L * np.exp(noise * rng.standard_normal(len(L)))}


def test_recovers_known_constants_from_exact_data(papers):
    result = fit.fit(chinchilla(papers), runs(), bootstrap=0)
    for name, value in TRUE.items():
        assert result.values[name] == pytest.approx(value, rel=0.02), name
    assert result.r2 > 0.9999


def test_noisy_data_gives_intervals_covering_the_truth(papers):
    result = fit.fit(chinchilla(papers), runs(noise=0.005), objective="mse", bootstrap=30, restarts=8)
    assert result.r2 > 0.95
    for name in ("alpha", "beta", "E"):
        low, high = result.intervals[name]
        assert low < high
        assert low * 0.9 <= TRUE[name] <= high * 1.1, (name, low, high)


def test_bad_inputs_are_clear_errors(papers, tmp_path):
    law = chinchilla(papers)
    with pytest.raises(fit.FitError, match="lack columns for: D"):
        fit.fit(law, {"N": np.ones(9), "L": np.ones(9)})
    with pytest.raises(fit.FitError, match="cannot determine"):
        fit.fit(law, {k: v[:3] for k, v in runs().items()})
    bad = tmp_path / "bad.csv"
    bad.write_text("N,D,L\n1,2,x\n", encoding="utf-8")
    with pytest.raises(fit.FitError, match="bad.csv:2: column 'L': not a number"):
        fit.read_runs(bad)



def test_a_negative_size_in_the_runs_names_the_run(papers):
    """A run with N = -1e9 (a sign slipped into the sheet) made every start's prediction NaN, and
    the fit said only 'no starting point gave finite predictions; check units and columns'; it
    now names the run and the input, as eval refuses a negative size."""
    data = runs()
    data["N"][4] = -1e9
    with pytest.raises(fit.FitError) as caught:
        fit.fit(chinchilla(papers), data, bootstrap=0)
    assert str(caught.value) == ("run 5: N must not be negative (got -1e+09): it is a size or quantity (Number of "
                                 "model parameters), and the formula is defined for positive values")


def test_every_unreadable_line_of_a_runs_file_is_named_in_one_run(catalog_db, run, tmp_path):
    """A sheet of runs with several slips (a word, an empty cell, a short and a long row) named only
    the first, so each slip took a run to find; and the line counted rows, so a blank line above a
    slip named the line before it. Every such line is named, as the file's line, in one run; the
    CLI prints each as its own error line, the lines law.fit(path) raises."""
    bad = tmp_path / "bad.csv"
    bad.write_text("N,D,L\n1e8,5e8,4.14\n\n1e8,abc,3.8\n3e8,,3.4\n1e9,1e10\n1e9,2e10,2.5,7\n1e9,4e10,nan\n")
    with pytest.raises(fit.RunsError) as caught:
        fit.read_runs(bad)
    assert caught.value.problems == [
        f"{bad}:4: column 'D': not a number: 'abc' (write e.g. 70M, 1.4e12 or 0.34)",
        f"{bad}:5: column 'D': not a number: '' (write e.g. 70M, 1.4e12 or 0.34)",
        f"{bad}:6: 2 cells, but the header names 3 columns",
        f"{bad}:7: 4 cells, but the header names 3 columns",
        f"{bad}:8: column 'L': 'nan' is not a finite number"]
    assert str(caught.value) == "\n".join(caught.value.problems)
    import catalog

    with catalog.open(catalog_db) as cat, pytest.raises(fit.RunsError) as api:
        cat.law("hoffmann2022").fit(bad)
    assert api.value.problems == caught.value.problems
    result = run("fit", "hoffmann2022", str(bad), "--bootstrap", "0")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [f"error: {p}" for p in caught.value.problems]
    # a file of thousands of slips names the first twenty and counts the others
    many = tmp_path / "many.csv"
    many.write_text("N,D,L\n" + "x,1,1\n" * 1000, encoding="utf-8")
    with pytest.raises(fit.RunsError) as counted:
        fit.read_runs(many)
    assert len(counted.value.problems) == fit.SHOWN_PROBLEMS + 1
    assert counted.value.problems[-1] == "and 980 more error(s)"
    # errors, not lines: 1,000 lines of two slips each were '1,980 more line(s) that cannot be read'
    many.write_text("N,D,L\n" + "x,y,1\n" * 1000, encoding="utf-8")
    with pytest.raises(fit.RunsError) as counted:
        fit.read_runs(many)
    assert counted.value.problems[-1] == "and 1,980 more error(s)"


def test_negative_sizes_in_a_runs_file_are_named_by_file_and_line(papers, run, tmp_path):
    """A negative size read from a file was named 'run 3', which the user had to turn into a line
    of the file (the header and any blank line shifting it); it is the file's line now, and every
    such run is named, not the first."""
    path = tmp_path / "neg.csv"
    path.write_text("N,D,L\n1e8,5e8,4.14\n\n1e8,1e9,3.8\n-3e8,1e9,3.4\n1e9,1e10,2.7\n1e9,-2e10,2.6\n1e9,4e10,2.5\n",
                    encoding="utf-8")
    with pytest.raises(fit.RunsError) as caught:
        fit.fit(chinchilla(papers), fit.read_runs(path), bootstrap=0)
    tail = "it is a size or quantity ({}), and the formula is defined for positive values"
    assert caught.value.problems == [
        f"{path}:5: N must not be negative (got -3e+08): " + tail.format("Number of model parameters"),
        f"{path}:7: D must not be negative (got -2e+10): " + tail.format("Number of training tokens")]
    result = run("fit", "hoffmann2022", str(path), "--bootstrap", "0")
    assert result.exit_code == 2 and result.stderr.splitlines() == [f"error: {p}" for p in caught.value.problems]


def test_unreadable_lines_and_negative_sizes_are_named_in_one_run(catalog_db, papers, run, tmp_path):
    """A runs file with a word in one line and a negative size in another named the word and
    stopped: the negative size took a second run to find. And a file of too few readable runs said
    'N points cannot determine P parameters' before naming its negative sizes. Reading the file for
    a law names both kinds, in the file's order; the CLI and law.fit(path) print the same lines."""
    import catalog

    path = tmp_path / "bad.csv"
    path.write_text("N,D,L\n1e8,2e9,3.1\n-2e8,4e9,abc\n4e8,-1e9,2.9\n8e8,1.6e10\n1.6e9,3.2e10,2.6\n")
    tail = "it is a size or quantity ({}), and the formula is defined for positive values"
    expected = [
        f"{path}:3: N must not be negative (got -2e+08): " + tail.format("Number of model parameters"),
        f"{path}:3: column 'L': not a number: 'abc' (write e.g. 70M, 1.4e12 or 0.34)",
        f"{path}:4: D must not be negative (got -1e+09): " + tail.format("Number of training tokens"),
        f"{path}:5: 2 cells, but the header names 3 columns"]
    with pytest.raises(fit.RunsError) as caught:
        fit.read_runs(path, chinchilla(papers))
    assert caught.value.problems == expected
    with catalog.open(catalog_db) as cat, pytest.raises(fit.RunsError) as api:
        cat.law("hoffmann2022").fit(path)
    assert api.value.problems == expected
    result = run("fit", "hoffmann2022", str(path), "--bootstrap", "0")
    assert result.exit_code == 2 and result.stderr.splitlines() == [f"error: {p}" for p in expected]
    # too few runs to fit, two of them negative: the negative sizes are named, not the count
    few = tmp_path / "few.csv"
    few.write_text("N,D,L\n1e8,2e9,3.1\n-2e8,4e9,3.0\n4e8,-1e9,2.9\n", encoding="utf-8")
    data = {"N": np.array([1e8, -2e8, 4e8]), "D": np.array([2e9, 4e9, -1e9]), "L": np.array([3.1, 3.0, 2.9])}
    with pytest.raises(fit.RunsError) as counted:
        fit.fit(chinchilla(papers), data, bootstrap=0)
    assert [p.split(":")[0] for p in counted.value.problems] == ["run 2", "run 3"]


def test_runs_are_read_as_catalog_eval_reads_values(papers, tmp_path):
    """Run sizes written 70M and 1.4T are the numbers they stand for (they were 'not a number'),
    and the fit on them is the fit on the plain numbers."""
    suffixed, plain = tmp_path / "suffixed.csv", tmp_path / "plain.csv"
    suffixed.write_text("N,D,L\n70M,5B,3.1\n1.6b,1.4T,2.2\n400M,20e9,2.6\n")
    plain.write_text("N,D,L\n7e7,5e9,3.1\n1.6e9,1.4e12,2.2\n4e8,2e10,2.6\n", encoding="utf-8")
    read = fit.read_runs(suffixed)
    assert {k: v.tolist() for k, v in read.items()} == {k: v.tolist() for k, v in fit.read_runs(plain).items()}
    assert read["N"].tolist() == [7e7, 1.6e9, 4e8] and read["D"].tolist() == [5e9, 1.4e12, 2e10]
    suffixed.write_text("N,D,L\n70X,5B,3.1\n", encoding="utf-8")
    with pytest.raises(fit.FitError, match="suffixed.csv:2: column 'N': not a number: '70X' .write e.g. 70M"):
        fit.read_runs(suffixed)


def test_runs_separated_by_semicolons_or_tabs_are_read(papers, tmp_path):
    """A spreadsheet in a decimal-comma locale saves runs with semicolons, and the site's fit box
    takes tabs: both read as the comma file does (a semicolon file was one column 'N;D;L' whose
    every cell was 'not a number'); a decimal comma is named as such."""
    plain = tmp_path / "plain.csv"
    plain.write_text("N,D,L\n7e7,5e9,3.1\n1.6e9,1.4e12,2.2\n", encoding="utf-8")
    expected = {k: v.tolist() for k, v in fit.read_runs(plain).items()}
    for name, sep in (("semi.csv", ";"), ("tabs.csv", "\t")):
        other = tmp_path / name
        other.write_text(plain.read_text(encoding="utf-8").replace(",", sep), encoding="utf-8")
        assert {k: v.tolist() for k, v in fit.read_runs(other).items()} == expected
    european = tmp_path / "european.csv"
    european.write_text("N;D;L\n7e7;5e9;3,1\n", encoding="utf-8")
    with pytest.raises(fit.FitError, match=r"european.csv:2: column 'L': not a number: '3,1' \(a decimal comma: write 3.1\)"):
        fit.read_runs(european)


def test_missing_columns_name_the_csv_columns(papers):
    """A header in other words (params, tokens, loss) is told which columns it has, not only which it lacks,
    and which symbol each is to be renamed to with that symbol's meaning and unit (the letter alone left
    the mapping to be guessed);
    worded for a CSV and for the mapping or DataFrame law.fit takes (it said 'the CSV' of a dict), as the
    site's fit says it."""
    with pytest.raises(fit.FitError) as err:
        fit.fit(chinchilla(papers), {"params": np.ones(9), "tokens": np.ones(9), "loss": np.ones(9)})
    assert str(err.value) == ("the runs lack columns for: N, D, L (law symbols: N, D, L; the runs' columns: params, "
                              "tokens, loss); name the columns after the law's symbols (rename params to N (Number of model "
                              "parameters; unit: parameters), tokens to D (Number of training tokens; unit: tokens), "
                              "loss to L (Final pre-training loss (cross-entropy on MassiveText); unit: nats/token))")


def test_a_runs_file_of_a_million_columns_is_one_error(papers, tmp_path):
    """A header of a million columns and none of the law's: the renames were looked up column by
    column (a minute for 20,000, hours for 10**6) and the error listed every name. A file names at
    most fit.MAX_COLUMNS; runs given as a mapping list a few columns and look up the renames of a
    bounded number."""
    import time

    wide = tmp_path / "wide.csv"
    wide.write_text(",".join(f"c{i}" for i in range(10**6)) + "\n" + ",".join(["1"] * 10**6) + "\n", encoding="utf-8")
    with pytest.raises(fit.FitError, match=r"wide.csv:1: the header names 1,000,000 columns; a runs file holds at most 1,000$"):
        fit.read_runs(wide)
    started = time.monotonic()
    with pytest.raises(fit.FitError) as err:
        fit.fit(chinchilla(papers), {f"c{i}": np.ones(2) for i in range(20_000)})
    assert time.monotonic() - started < 20
    assert str(err.value).startswith("the runs lack columns for: N, D, L (law symbols: N, D, L; the runs' columns: c0, c1,")
    assert "and 19980 more)" in str(err.value) and len(str(err.value)) < 500


def test_missing_columns_name_only_the_renames_that_are_clear(papers):
    """A column is offered as a symbol's when its name is the symbol's variable (or the symbol in the
    other case) and no other column claims that symbol; columns naming nothing are not offered."""
    ones = np.ones(9)
    with pytest.raises(fit.FitError, match=r"symbols \(rename n to N \(Number of model parameters; unit: parameters\), Loss to L \(Final "
                       r"pre-training loss \(cross-entropy on MassiveText\); unit: nats/token\)\)$"):
        fit.fit(chinchilla(papers), {"n": ones, "D": ones, "Loss": ones})
    with pytest.raises(fit.FitError, match=r"symbols \(rename tokens to D \(Number of training tokens; unit: tokens\)\)$"):  # params and N both claim N
        fit.fit(chinchilla(papers), {"params": ones, "n": ones, "tokens": ones, "L": ones})
    with pytest.raises(fit.FitError, match=r"symbols$"):
        fit.fit(chinchilla(papers), {"x": ones, "y": ones, "z": ones})


def test_a_column_of_a_defined_symbol_is_told_what_it_is_made_of(law, run, tmp_path):
    """pearce2024's loss takes the non-embedding parameters N_E and computes the total N_T from them:
    runs of N_T were told only that they lack N_E, as if N_T were a stray column."""
    ref = law("pearce2024/chinchilla-loss-in-non-embedding-parameters")
    ones = np.ones(9)
    with pytest.raises(fit.FitError) as err:
        fit.fit(ref.law, {"N_T": ones, "D": ones, "L": ones}, law_id=ref.id)
    told = ("; 'N_T' is defined in pearce2024/chinchilla-loss-in-non-embedding-parameters as N_E + gamma*N_E**(1/3) "
            "and cannot be set: give the inputs it is made of (N_E), as columns")
    assert str(err.value).startswith("the runs lack columns for: N_E (") and str(err.value).endswith(told)
    from catalog.engine import evaluation

    with pytest.raises(evaluation.EngineError) as refused:  # as eval refuses N_T=...
        evaluation.evaluate(ref, {"N_T": 1e9, "D": 1e10})
    assert str(refused.value) in told
    path = tmp_path / "runs.csv"
    path.write_text("N_T,D,L\n" + "".join(f"{10**i},{10**(i + 1)},{4 - i / 10}\n" for i in range(6, 14)),
                    encoding="utf-8")
    result = run("fit", ref.id, str(path))
    assert result.exit_code == 2 and told in " ".join(result.stderr.split())


def test_cli_names_the_papers_law_the_runs_fit(catalog_db, tmp_path, by_id):
    """catalog fit kaplan2020 on N,L runs fits kaplan2020's first law, L(N, D): the error names the
    law of the paper whose symbols the runs hold (kaplan2020/loss-n), which the user meant."""
    path = tmp_path / "runs.csv"
    path.write_text("N,L\n1e8,3.5\n1e9,3.0\n1e10,2.6\n1e11,2.3\n", encoding="utf-8")
    kaplan = by_id["kaplan2020"]
    assert kaplan.laws[0].id == "loss-n-d"
    assert [l.id for l in kaplan.laws if {l.output_symbol, *l.input_symbols} <= {"N", "L"}] == ["loss-n"]
    result = CliRunner().invoke(cli, ["fit", "kaplan2020", str(path), "--db", catalog_db, "--bootstrap", "0"])
    assert result.exit_code == 2
    assert result.output.strip().endswith("; kaplan2020 names its first law, kaplan2020/loss-n-d; the CSV's columns "
                                          "are those of kaplan2020/loss-n")
    named = CliRunner().invoke(cli, ["fit", "kaplan2020/loss-n-d", str(path), "--db", catalog_db, "--bootstrap", "0"])
    assert named.exit_code == 2 and "names its first law" not in named.output  # the law was named: no guess
    fitted = CliRunner().invoke(cli, ["fit", "kaplan2020/loss-n", str(path), "--db", catalog_db, "--bootstrap", "0"])
    assert fitted.exit_code == 0 and fitted.output.startswith("kaplan2020/loss-n: 4 points")

def test_cli_fits_and_saves_a_constant_set(catalog_db, tmp_path):
    data = runs()
    path = tmp_path / "runs.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        w = csv.writer(handle)
        w.writerow(["N", "D", "L"])
        w.writerows(zip(data["N"], data["D"], data["L"]))
    out = tmp_path / "fit.yaml"
    result = CliRunner().invoke(cli, ["fit", "hoffmann2022", str(path), "--db", catalog_db, "--bootstrap", "10", "--restarts", "8",
                                      "--save-yaml", str(out), "--set-id", "mine"])
    assert result.exit_code == 0, result.output
    assert "alpha" in result.output and "R^2" in result.output
    saved = ConstantSet.model_validate(yaml.safe_load(out.read_text(encoding="utf-8"))["constant_sets"][0])
    assert saved.id == "mine" and saved.values["alpha"] == pytest.approx(0.34, rel=0.02)
    assert set(saved.intervals) == set(TRUE)
    # the user's own runs: 'own', not 'replication' (another paper's published refit), said in the file
    assert saved.provenance == "own" and saved.locator == "runs.csv" and not saved.is_primary
    assert saved.label == "Own fit of hoffmann2022/parametric-loss to runs.csv"
    written = out.read_text(encoding="utf-8")
    assert written.startswith("# Your own fit of hoffmann2022/parametric-loss to the runs in runs.csv "
                              "(catalog fit), provenance 'own':\n")


def test_cli_unknown_law_exits_2(catalog_db, tmp_path):
    path = tmp_path / "r.csv"
    path.write_text("N,D,L\n1,1,1\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["fit", "nosuchpaper", str(path), "--db", catalog_db])
    assert result.exit_code == 2 and "unknown paper" in result.output


def test_fixed_parameters_are_held_and_the_others_fitted(by_id):
    """Holding E at the optimum's own value leaves the other constants at that optimum (Besiroglu
    et al.'s released runs, as tests/test_fit_reproduction.py fits them)."""
    from test_fit_reproduction import NOTEBOOK_HUBER_OPTIMUM, released_runs

    law = by_id["besiroglu2024"].laws[0]
    result = fit.fit(law, released_runs(), bootstrap=5, fixed={"E": NOTEBOOK_HUBER_OPTIMUM["E"]})
    assert result.fixed == {"E": NOTEBOOK_HUBER_OPTIMUM["E"]} and result.values["E"] == NOTEBOOK_HUBER_OPTIMUM["E"]
    # text as catalog eval reads it, as the CLI passes it
    assert fit.fit(law, released_runs(), bootstrap=0, restarts=2, fixed={"E": "1.69"}).values["E"] == 1.69
    for name in ("A", "B", "alpha", "beta"):
        assert result.values[name] == pytest.approx(NOTEBOOK_HUBER_OPTIMUM[name], rel=2e-3), name
    assert set(result.intervals) == {"A", "B", "alpha", "beta"}  # a held constant has no interval
    assert "held fixed: E=1.81724" in result.constant_set("s", "s", "s", "runs.csv").note


def test_fit_refuses_bad_fixes_and_weights(by_id):
    from test_fit_reproduction import released_runs

    law, runs = by_id["besiroglu2024"].laws[0], released_runs()
    for fixed, message in (({"Z": 1}, "cannot fix 'Z': not a parameter"), ({"E": "x"}, "not a number"),
                           ({"E": float("nan")}, "not a finite number"),
                           ({p: 1.0 for p in ("E", "A", "B", "alpha", "beta")}, "every parameter is fixed")):
        with pytest.raises(fit.FitError, match=message):
            fit.fit(law, runs, bootstrap=0, fixed=fixed)
    for weights, message in ((np.ones(3), "3 weights for 240 runs"), (-np.ones(240), "none negative"),
                             (np.zeros(240), "not all zero")):
        with pytest.raises(fit.FitError, match=message):
            fit.fit(law, runs, bootstrap=0, weights=weights)


def test_cli_fix_and_weights(run, tmp_path):
    runs = tmp_path / "runs.csv"
    text = (Path(__file__).resolve().parent.parent / "docs" / "examples" / "chinchilla-runs.csv").read_text(
        encoding="utf-8")
    lines = text.splitlines()
    runs.write_text("\n".join([lines[0] + ",w"] + [line + ",2" for line in lines[1:]]) + "\n", encoding="utf-8")
    held = run("fit", "hoffmann2022", str(runs), "--fix", "E=1.69", "--weights", "w", "--bootstrap", "0")
    assert held.exit_code == 0, held.output
    assert "E            = 1.69  (held fixed)" in held.stdout and "huber(delta=0.001) weighted" in held.stdout
    bad = run("fit", "hoffmann2022", str(runs), "--fix", "E", "--bootstrap", "0")
    assert bad.exit_code == 2 and "error: --fix: expected NAME=VALUE (e.g. N=70B), got 'E'" in bad.stderr
    twice = run("fit", "hoffmann2022", str(runs), "--fix", "E=1.69", "--fix", "E=1.7", "--bootstrap", "0")
    assert twice.exit_code == 2 and "error: --fix: E is given twice" in twice.stderr
    missing = run("fit", "hoffmann2022", str(runs), "--weights", "sigma", "--bootstrap", "0")
    assert missing.exit_code == 2 and "has no column 'sigma'" in missing.stderr


def test_a_law_with_its_stored_tree_fits_with_the_lambdified_function(catalog_db):
    """catalog.open()'s laws carry the formula tree the load stored (numpy evaluation without sympy);
    the fit's many calls use the lambdified sympy form all the same: the tree walked per call made
    law.fit(...) on the 240 example runs take 29 s against catalog fit's 4 s."""
    import catalog
    from catalog.engine import compiler

    with catalog.open(catalog_db) as cat:
        law = cat.law("hoffmann2022").law
        assert getattr(law, "numeric", None) is not None
        tree = compiler.compile_law(law).func
        model = fit._compile(law)
        assert model.func is not tree and model.func.__name__ == "_lambdifygenerated"
        n, d = np.array([1e8, 1e9, 1e10]), np.array([2e9, 2e10, 2e11])
        params = [1.69, 406.4, 410.7, 0.34, 0.28]
        assert model.func(n, d, *params) == pytest.approx(cat.law("hoffmann2022")(N=n, D=d), rel=1e-12)


def test_a_fit_compares_with_the_published_constants(catalog_db, run):
    """A fit had no way to compare with the law's published constants: compare_to gives, per
    constant, fitted against published, the relative difference and whether the published value lies
    in the bootstrap interval (Besiroglu et al.'s refit of Chinchilla's runs: B four times Hoffmann
    et al.'s, within 3% of their own set), and catalog fit prints (and --json gives) the same rows."""
    import json

    import catalog

    runs_csv = Path(__file__).parents[1] / "docs" / "examples" / "chinchilla-runs.csv"
    with catalog.open(catalog_db) as cat:
        law = cat.law("hoffmann2022")
        result = law.fit(runs_csv, bootstrap=20, restarts=16)
        default = result.compare_to(law)
        assert default.set_id == "hoffmann2022" and [r.name for r in default] == ["E", "A", "B", "alpha", "beta"]
        b = default.rows[2]
        assert (b.fitted, b.published) == (pytest.approx(2143.4, rel=1e-3), 410.7)
        assert b.relative_difference == pytest.approx((b.fitted - 410.7) / 410.7) and b.within_interval is False
        besiroglu = result.compare_to(law, "besiroglu2024")
        assert all(abs(r.relative_difference) < 0.03 and r.within_interval for r in besiroglu)
        assert result.compare_to(law.law.constant_sets[1]).to_dicts() == besiroglu.to_dicts()
        plain = result.compare_to({"E": 1.8})
        assert plain.set_id is None and plain.rows[0].relative_difference == pytest.approx(result.values["E"] / 1.8 - 1)
        frame = default.to_dataframe()
        assert list(frame.columns) == ["name", "fitted", "published", "relative_difference", "within_interval", "held",
                                        "unidentified"]
        assert repr(default).startswith("<comparison of the fit of hoffmann2022/parametric-loss with hoffmann2022: "
                                        "relative differences E +7.53%, A +17.")
        with pytest.raises(fit.FitError, match="Alpha: not a fitted constant"):
            result.compare_to({"Alpha": 0.3})
        with pytest.raises(ValueError, match="unknown constant set 'nope'"):
            result.compare_to(law, "nope")
    text = run("fit", "hoffmann2022", str(runs_csv), "--bootstrap", "20", "--restarts", "16", "--fix", "E=1.8")
    assert text.exit_code == 0, text.output
    assert "  published constants, set hoffmann2022 (the law's default):\n  E            = 1.69  (fit +6.51%, held fixed)\n" in text.output
    assert "  B            = 410.7  (fit +387%, outside the fit's 95% interval)\n" in text.output
    doc = json.loads(run("fit", "hoffmann2022", str(runs_csv), "--bootstrap", "0", "--start", "besiroglu2024",
                         "--json").output)
    assert doc["compared_to"]["constant_set"] == "besiroglu2024"
    assert doc["compared_to"]["constants"][0] == {"name": "E", "fitted": doc["values"]["E"], "published": 1.8172,
                                                  "relative_difference": pytest.approx(doc["values"]["E"] / 1.8172 - 1),
                                                  "within_interval": None, "held": False, "unidentified": False}


def test_constants_the_runs_do_not_determine_are_warned(papers, run, tmp_path):
    """Six runs of one narrow span fitted Chinchilla's form to E = -99 (a negative irreducible
    loss) at R^2 = 0.9998, printed without a word. The sign opposite the published constant and
    a bootstrap interval across zero or over two decades are warnings (CLI: stderr; Python and
    JSON: ``warnings``); a well-posed fit has none."""
    rows = [("1B", "20B", 2.6), ("2.5B", "50B", 2.4), ("7B", "140B", 2.2), ("13B", "260B", 2.1), ("400M", "8B", 2.9),
            ("1B", "100B", 2.5)]
    path = tmp_path / "six.csv"
    path.write_text("N,D,L\n" + "".join(f"{n},{d},{l}\n" for n, d, l in rows), encoding="utf-8")
    law = chinchilla(papers)
    result = fit.fit(law, fit.read_runs(path), bootstrap=20)
    assert result.values["E"] < 0
    assert result.warnings[0].startswith("badly determined: the runs do not identify ")
    assert (f"E = {result.values['E']:.6g} has the opposite sign of the published 1.69 (hoffmann2022): "
            "the runs may not determine it (too few, or too narrow a span of an input); --fix E=VALUE holds it") in result.warnings
    # Where the optimiser stops on this flat valley moves with scipy's release (B's interval spanned
    # over 100x with one, 70x with the next): whatever it spans, each interval across zero or over
    # fit.SPREAD is warned, and none other, and B is named loose by the curvature or the bootstrap.
    for name, (lo, hi) in result.intervals.items():
        wide = lo < 0 < hi or (lo * hi > 0 and abs(hi) / abs(lo) > fit.SPREAD)
        assert wide == any(w.startswith(f"{name}: the 95% bootstrap interval [{lo:.6g}, {hi:.6g}]")
                           for w in result.warnings), name
    lo, hi = result.intervals["B"]
    assert hi / lo > 10
    assert any(w.startswith("B: the 95% bootstrap interval") or (w.startswith("badly determined:") and ", B," in w)
               for w in result.warnings)
    cli = run("fit", "hoffmann2022", str(path), "--bootstrap", "20")
    assert cli.exit_code == 0, cli.output
    assert [line for line in cli.stderr.splitlines() if line.startswith("warning: ")] == [f"warning: {w}" for w in result.warnings]
    assert fit.fit(law, runs(noise=0.005), objective="mse", bootstrap=30, restarts=8).warnings == []


def narrow_d_runs(path=None):
    """12 runs of Chinchilla's form where D barely varies (10 to 11B tokens) and N spans 1e8 to 2e9:
    B and beta (and with them E) are not identified, only the sum of E and B/D**beta."""
    rng = np.random.default_rng(1)
    N, D = np.geomspace(1e8, 2e9, 12), np.linspace(1.0e10, 1.1e10, 12)
    L = (TRUE["E"] + TRUE["A"] / N ** TRUE["alpha"] + TRUE["B"] / D ** TRUE["beta"]) * np.exp(rng.normal(0, 0.005, 12))
    return {"N": N, "D": D, "L": L}


def test_a_badly_determined_fit_says_which_constants_are_not_identified(papers, run, tmp_path):
    """On 12 runs of one narrow span of D, catalog fit wandered for 19 s of CPU (4 on Besiroglu et
    al.'s 240 runs): bootstrap resamples drifted thousands of L-BFGS-B iterations along the valley
    the runs leave flat, and nothing said the constants were not identified. The fit's curvature
    now names them before the bootstrap, whose resamples then stop at BOOTSTRAP_MAX_ITER."""
    import scipy.optimize

    law = chinchilla(papers)
    iterations = []
    real = scipy.optimize.minimize

    def counted(*args, **kwargs):
        res = real(*args, **kwargs)
        iterations.append(res.nit)
        return res

    scipy.optimize.minimize, saved = counted, scipy.optimize.minimize
    try:
        result = fit.fit(law, narrow_d_runs(), bootstrap=20)
    finally:
        scipy.optimize.minimize = saved
    assert {"B", "beta"} <= set(result.unidentified) and all(e > 0.5 for e in result.unidentified.values())
    assert result.warnings[0].startswith(f"badly determined: the runs do not identify {', '.join(result.unidentified)} "
                                         "(relative standard errors from the fit's curvature: ")
    assert max(iterations[-20:]) <= fit.BOOTSTRAP_MAX_ITER
    stopped = sum(i >= fit.BOOTSTRAP_MAX_ITER for i in iterations[-20:])
    assert stopped and f"{stopped} of 20 bootstrap resamples stopped at {fit.BOOTSTRAP_MAX_ITER} iterations" in result.warnings[1]
    assert all(r.within_interval is None and r.unidentified for r in result.compare_to(law) if r.name in result.unidentified)
    # the CLI prints the same warnings and marks the constants
    path = tmp_path / "narrow.csv"
    data = narrow_d_runs()
    rows = zip(data["N"], data["D"], data["L"])
    runs_text = "N,D,L\n" + "".join(f"{float(n)!r},{float(d)!r},{float(l)!r}\n" for n, d, l in rows)
    path.write_text(runs_text, encoding="utf-8")
    cli = run("fit", "hoffmann2022", str(path), "--bootstrap", "20")
    assert cli.exit_code == 0, cli.output
    assert [line for line in cli.stderr.splitlines() if line.startswith("warning: ")] == [f"warning: {w}" for w in result.warnings]
    assert f"  B            = {result.values['B']:.6g}" in cli.stdout and "(not identified)" in cli.stdout
    assert "(fit " in cli.stdout and "not identified by the runs)" in cli.stdout


def test_a_well_determined_fit_identifies_every_constant(papers):
    """Besiroglu et al.'s 240 runs: every constant within 20% by the curvature; bootstrap resamples
    run to convergence as before (the refit tests' optimum and intervals unchanged)."""
    result = fit.fit(chinchilla(papers), fit.read_runs(Path(__file__).parents[1] / "docs" / "examples" / "chinchilla-runs.csv"), bootstrap=0)
    assert result.unidentified == {} and not any(w.startswith("badly determined") for w in result.warnings)


def exact_runs(N, D):
    L = TRUE["E"] + TRUE["A"] / N ** TRUE["alpha"] + TRUE["B"] / D ** TRUE["beta"]
    return {"N": N, "D": D, "L": L}


@pytest.mark.parametrize("runs, weights, expected", [
    # one run repeated twelve times: one point cannot determine five constants
    (exact_runs(np.full(12, 1e9), np.full(12, 2e10)), None, set(TRUE)),
    # a constant D column, noiseless: only E + B/D**beta is determined, not E, B or beta
    (exact_runs(np.geomspace(1e8, 1e10, 12), np.full(12, 2e10)), None, {"E", "B", "beta"}),
    # twelve runs, nine weighted zero: three points for five constants
    (exact_runs(np.geomspace(1e8, 1e10, 12), np.geomspace(1e9, 1e11, 12)[::-1]), [1.0] * 3 + [0.0] * 9, set(TRUE)),
])
def test_runs_that_leave_a_direction_exactly_flat_identify_nothing_along_it(papers, runs, weights, expected):
    """The verdict read sigma^2 from the residuals, and runs a fit can match exactly (identical runs, a
    constant column, weights that leave fewer points than constants) have none: every relative error
    was 0 and the fit 'well determined'. A direction the Jacobian has none of is flat whatever the noise."""
    result = fit.fit(chinchilla(papers), runs, bootstrap=0, restarts=8, weights=weights)
    assert set(result.unidentified) == expected
    assert result.warnings[0].startswith(f"badly determined: the runs do not identify {', '.join(result.unidentified)} ")
    assert "inf" not in result.warnings[0] and "nan" not in result.warnings[0]


def test_zero_weights_are_not_counted_as_points_of_the_identification(papers):
    """sigma^2 divides by the points that count: six runs weighted zero of twelve left the
    residual variance divided by 12 - 5 instead of 6 - 5, relative errors sqrt(3.5) too small."""
    data = runs(noise=0.01)
    n = len(data["L"])
    weights = np.zeros(n)
    weights[::7] = 1.0  # 6 of 42 runs
    dropped = {k: v[weights > 0] for k, v in data.items()}
    weighted = fit.fit(chinchilla(papers), data, bootstrap=0, restarts=8, weights=weights)
    alone = fit.fit(chinchilla(papers), dropped, bootstrap=0, restarts=8)
    assert weighted.unidentified.keys() == alone.unidentified.keys()
    # six runs leave E and A unidentified: the two fits stop at different points of that valley
    # (E 1.57 and 0.42), so B's error agrees to the optimizer's path, not to every digit (4.6e-4
    # apart with numpy 2.4 / scipy 1.17, 1.6e-3 with numpy 2.5 / scipy 1.18); the miscount this
    # guards against was a factor of sqrt(3.5)
    for name, error in alone.unidentified.items():
        assert weighted.unidentified[name] == pytest.approx(error, rel=1e-2)


def test_a_unit_after_a_column_name_is_read_past_in_the_rename_hint(papers):
    """Columns headed 'N (params)', 'D [B]' got no rename hint (their names are no symbol nor
    variable): the hint now reads past the unit, and says the values are wanted in plain units,
    since a column of billions renamed N would be read as that many parameters."""
    law = chinchilla(papers)
    with pytest.raises(fit.FitError) as caught:
        fit.fit(law, {"N (params)": np.ones(9), "tokens [B]": np.ones(9), "L": np.ones(9)})
    assert str(caught.value).endswith("(rename N (params) to N (Number of model parameters; unit: parameters), tokens [B] to D "
                                      "(Number of training tokens; unit: tokens); every value in plain units: 70B or "
                                      "7e10, not 70 in a column of billions)")
    with pytest.raises(fit.FitError) as plain:
        fit.fit(law, {"params": np.ones(9), "D": np.ones(9), "L": np.ones(9)})
    assert str(plain.value).endswith("(rename params to N (Number of model parameters; unit: parameters))")


def _data_constrained_runs(papers):
    """Runs of muennighoff2023's data-constrained law (U <= D: unique tokens at most the tokens
    trained on), exact at its default constants, with runs 3 and 8 given more unique tokens than tokens."""
    from catalog.engine import evaluation as engine

    paper = next(p for p in papers if p.id == "muennighoff2023")
    law = next(law for law in paper.laws if law.id == "data-constrained-loss-nd")
    N, D = (a.ravel() for a in np.meshgrid(np.logspace(8, 9.5, 4), np.logspace(10, 11.5, 4)))
    U = D / np.tile([1.0, 2.0, 5.0, 20.0], 4)
    data = {"N": N, "D": D, "U": U, "L": engine.evaluate(law, {"N": N, "D": D, "U": U}).value}
    data["U"][[2, 7]] = data["D"][[2, 7]] * 3
    return law, data


def test_runs_outside_a_laws_conditions_are_refused_each_named(papers, run, tmp_path):
    """A run with more unique tokens than tokens (U > D) is one the law does not describe (its
    R_D = Max(D/U - 1, 0) credits tokens never trained on); the fit used it silently. Refused, not
    dropped: such a run is a slip in the data (swapped columns), which leaving it out would hide."""
    law, data = _data_constrained_runs(papers)
    with pytest.raises(fit.FitError) as caught:
        fit.fit(law, data, bootstrap=0, restarts=4)
    message = str(caught.value)
    assert message.startswith("2 of 16 runs lie outside the law's conditions (U <= D), where it is not stated: "
                              "run 3 (U <= D does not hold: U = ")
    assert "; run 8 (U <= D does not hold: " in message and "run 4" not in message
    assert message.endswith("; correct those runs or leave them out of the runs fitted")
    path = tmp_path / "runs.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([list(data), *zip(*data.values())])
    with pytest.raises(fit.FitError) as from_file:  # read from a file, each run is named by its line
        fit.fit(law, fit.read_runs(path), bootstrap=0, restarts=4)
    assert str(from_file.value) == message.replace("run 3 (", f"{path}:4 (").replace("run 8 (", f"{path}:9 (")
    result = run("fit", "muennighoff2023/data-constrained-loss-nd", str(path), "--bootstrap", "0")
    assert result.exit_code == 2 and result.stderr == f"error: {from_file.value}\n"
    inside = {k: np.delete(v, [2, 7]) for k, v in data.items()}  # left out, the fit runs
    assert fit.fit(law, inside, bootstrap=0, restarts=4).points == 14


def test_a_condition_over_a_fitted_constant_is_checked_at_the_fit():
    """N <= 1e6*A can be checked only once A is fitted: the runs outside are a warning then."""
    from catalog.schema import Law

    law = Law.model_validate({
        "id": "t", "name": "t", "dependent_variable": "loss", "expression": "E + A/N**alpha",
        "symbols": {"L": {"role": "output", "meaning": "Loss", "unit": "nats/token"},
                    "N": {"role": "input", "meaning": "Parameters", "unit": "parameters", "variable": "model_parameters"},
                    **{p: {"role": "parameter", "meaning": p} for p in ("E", "A", "alpha")}},
        "conditions": [{"expression": "N <= 1e6*A", "source": "test"}]})
    N = np.logspace(6, 9, 12)
    result = fit.fit(law, {"N": N, "L": 1.69 + 400 / N**0.34}, bootstrap=0, restarts=8)
    assert result.values["A"] == pytest.approx(400, rel=1e-3)
    assert any(w.startswith("at the fitted constants, 2 of 12 runs lie outside the law's conditions (N <= 1e6*A), "
                            "where it is not stated: run 11 (N <= 1e6*A does not hold: N = 5.3367e+08, A = 400); run 12")
               for w in result.warnings)


def test_an_own_fit_beside_the_papers_set_is_told_as_your_own_fit(papers):
    """An own fit (catalog fit --save-yaml) is not primary: eval measures it against the law's
    primary set, in words that call it the user's fit, not a 'transcription'."""
    from catalog import provenance
    result = fit.fit(chinchilla(papers), runs(), bootstrap=0)
    mine = result.constant_set("mine", "Own fit", "catalog fit on runs.csv", "runs.csv")
    paper = ConstantSet(id="hoffmann2022", label="Table A3", provenance="paper", locator="Table A3",
                        source="Hoffmann et al. 2022", values=dict(TRUE))
    text = provenance.Comparison(mine, paper, {"N": 7e10, "D": 1.4e12}, "L", 1.9, 1.93).describe()
    assert text.startswith("constant set 'mine' is your own fit (catalog fit), not a published one; the primary set")
    assert provenance.default_set(type("L", (), {"constant_sets": [mine, paper], "default_constant_set": None})) is paper


def test_cli_fits_a_packaged_example(catalog_db):
    """The README's fit named docs/examples/..., which a pip install lacks: --example NAME fits
    the example the package carries (catalog.examples), the same runs as the checkout's file."""
    from catalog import examples

    path = examples.path("chinchilla-runs.csv")
    assert "chinchilla-runs.csv" in examples.names() and path.is_file()
    result = CliRunner().invoke(cli, ["fit", "hoffmann2022", "--example", "chinchilla-runs.csv", "--db", catalog_db,
                                      "--bootstrap", "0", "--restarts", "8"])
    assert result.exit_code == 0, result.output
    assert "240 points" in result.output and "E            = 1.81722" in result.output
    assert len(fit.read_runs(path)["L"]) == 240
    for args in (["--example", "../pyproject.toml"], [], [str(path), "--example", "chinchilla-runs.csv"]):
        wrong = CliRunner().invoke(cli, ["fit", "hoffmann2022", *args, "--db", catalog_db])
        assert wrong.exit_code == 2
    with pytest.raises(FileNotFoundError, match="no example file '../x'; the examples are: chinchilla-runs.csv"):
        examples.path("../x")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_runs_file_without_line_ends_is_refused_in_bounded_memory():
    # read_runs read the header with an unbounded readline: /dev/zero (or any file with no line
    # end for gigabytes) filled the memory and ended in a MemoryError traceback
    import resource
    import subprocess
    import sys

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (1536 * 2**20, 1536 * 2**20))

    code = ("from catalog.engine import fit\n"
            "try:\n    fit.read_runs('/dev/zero')\nexcept fit.FitError as e:\n    print('FitError:', e)\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, preexec_fn=limit,
                         cwd=Path(__file__).resolve().parents[1])
    assert "MemoryError" not in run.stderr, run.stderr[-500:]
    assert run.stdout.startswith("FitError: /dev/zero:1: a line longer than"), (run.stdout, run.stderr[-500:])


def test_all_sets_lists_the_fit_beside_every_published_set(catalog_db, run, tmp_path):
    """'Compare my constants with the published sets': a fit listed one set (--start's, else the
    default), so Chinchilla's own beside Besiroglu et al.'s refit took a second fit started
    elsewhere. --all-sets lists every set of the law, default first, each with its provenance;
    --json gives them as compared_to_sets, FitResult.compare_to_sets(law) from Python."""
    import json

    import catalog

    path = tmp_path / "runs.csv"
    data = runs(noise=0.002)
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([list(data), *zip(*data.values())])
    with catalog.open(catalog_db) as cat:
        law = cat.law("hoffmann2022")
        result = law.fit(path, bootstrap=0, restarts=8)
        api = result.compare_to_sets(law)
    assert [c.set_id for c in api] == ["hoffmann2022", "besiroglu2024", "besiroglu2024-wikipedia"]
    assert api[0].to_dicts() == result.compare_to(law).to_dicts()
    assert api[1].to_dicts() == result.compare_to(law, "besiroglu2024").to_dicts()
    doc = json.loads(run("fit", "hoffmann2022", str(path), "--bootstrap", "0", "--restarts", "8", "--all-sets",
                         "--json").stdout)
    assert [c["constant_set"] for c in doc["compared_to_sets"]] == [c.set_id for c in api]
    for got, want in zip(doc["compared_to_sets"], api):
        assert [(r["name"], r["published"]) for r in got["constants"]] == [(r.name, r.published) for r in want]
        assert [r["relative_difference"] for r in got["constants"]] == \
            pytest.approx([r.relative_difference for r in want], rel=1e-6)
    assert doc["compared_to"]["constant_set"] == "hoffmann2022"
    text = run("fit", "hoffmann2022", str(path), "--bootstrap", "0", "--restarts", "8", "--all-sets").stdout
    assert [line for line in text.splitlines() if line.startswith("  published constants")] == [
        "  published constants, set hoffmann2022 (the law's default), paper:",
        "  published constants, set besiroglu2024, replication:",
        "  published constants, set besiroglu2024-wikipedia, wikipedia:"]
    assert "  beta         = 0.3658  (fit " in text  # Besiroglu et al.'s beta beside the fit
    # without the flag, one set as before and no compared_to_sets
    one = json.loads(run("fit", "hoffmann2022", str(path), "--bootstrap", "0", "--restarts", "8", "--json").stdout)
    assert "compared_to_sets" not in one
