"""eval, sweep, solve, optimal, plot: invoke the command, then check the result through the API."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from catalog import provenance, vocab
from catalog.engine import evaluation as engine, optimal, plotting, solve, sweep
from catalog.cli import cli


def _value_line(output: str, name: str) -> float:
    line = next(l for l in output.splitlines() if l.strip().startswith(f"{name} = "))
    return float(line.split("=", 1)[1].split()[0])


# ------------------------------------------------------------------- eval


def test_eval_chinchilla(run, store):
    result = run("eval", "hoffmann2022", "N=70B", "D=1.4T")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "  L = 1.93665 nats/token\n" in out
    assert "  inputs:    N=7e+10 parameters, D=1.4e+12 tokens\n" in out
    assert "formula:   L = E + A/N**alpha + B/D**beta" in out
    assert "constants: hoffmann2022 (Hoffmann et al. (2022), Approach 3; paper, Appendix D.2, Eq. (10)): E=1.69, A=406.4, B=410.7, alpha=0.34, beta=0.28" in out
    assert "warning: extrapolation: N=7e+10 is above the fitted range N in [7e+07, 1.6e+10]" in result.stderr
    api = engine.evaluate(store.law("hoffmann2022"), {"N": 7e10, "D": 1.4e12})
    assert _value_line(out, "L") == pytest.approx(api.value, rel=3e-6)  # printed to six digits
    # the constants are cited: their provenance and where the paper prints them, in text and JSON
    doc = json.loads(run("eval", "hoffmann2022", "N=70B", "D=1.4T", "--json").stdout)
    assert (doc["constant_set"], doc["provenance"], doc["locator"]) == ("hoffmann2022", "paper", "Appendix D.2, Eq. (10)")
    assert (api.constants.provenance, api.constants.locator) == ("paper", "Appendix D.2, Eq. (10)")
    solved = json.loads(run("solve", "hoffmann2022", "L=2", "N=70B", "--json").stdout)
    assert (solved["provenance"], solved["locator"]) == ("paper", "Appendix D.2, Eq. (10)")
    swept = json.loads(run("sweep", "hoffmann2022", "N=1e9..1e10:2", "D=20N", "--json").stdout)
    assert (swept["provenance"], swept["locator"]) == ("paper", "Appendix D.2, Eq. (10)")


def test_eval_solve_sweep_and_optimal_json_name_whom_to_cite(run, law):
    """eval's and optimal's JSON gave where the constants are printed but not whose paper to cite;
    each gives 'citation' now, the label and key predict's JSON uses (reference.paper_label)."""
    from catalog.reference import paper_label

    chinchilla, kaplan = paper_label(law("hoffmann2022").paper), paper_label(law("kaplan2020/loss-n-d").paper)
    assert (chinchilla, kaplan) == ("Hoffmann et al. (2022)", "Kaplan et al. (2020)")
    doc = json.loads(run("eval", "hoffmann2022", "N=70B", "D=1.4T", "--json").stdout)
    assert (doc["citation"], doc["locator"]) == (chinchilla, "Appendix D.2, Eq. (10)")
    both = json.loads(run("eval", "kaplan2020/loss-n-d", "hoffmann2022", "N=70B", "D=1.4T", "--json").stdout)
    assert [(d["law"], d["citation"]) for d in both] == [("kaplan2020/loss-n-d", kaplan),
                                                         ("hoffmann2022/parametric-loss", chinchilla)]
    sets = json.loads(run("eval", "hoffmann2022", "N=70B", "D=1.4T", "--all-sets", "--json").stdout)
    assert len(sets) > 1 and {d["citation"] for d in sets} == {chinchilla}  # the law's paper, whoever refit it
    optimal = json.loads(run("optimal", "chinchilla", "kaplan2020/loss-n-d", "C=1e24", "--json").stdout)
    assert [(d["law"], d["citation"]) for d in optimal] == [("hoffmann2022/parametric-loss", chinchilla),
                                                            ("kaplan2020/loss-n-d", kaplan)]
    assert optimal[0]["locator"] == "Appendix D.2, Eq. (10)"
    assert json.loads(run("solve", "hoffmann2022", "L=2", "N=70B", "--json").stdout)["citation"] == chinchilla
    swept = json.loads(run("sweep", "hoffmann2022", "N=1e9..1e10:2", "D=20N", "--json").stdout)
    assert (swept["citation"], swept["locator"]) == (chinchilla, "Appendix D.2, Eq. (10)")
    capybara = json.loads(run("solve", "sun2025/capybara-loss", "N=1B", "E=4", "M=3", "B=128", "--min", "D", "--json").stdout)
    assert capybara["citation"] == paper_label(law("sun2025/capybara-loss").paper) == "Sun et al. (2025)"


def test_eval_prints_each_value_with_its_unit(run, store):
    """eval printed 'P = 81.2418' and 'x=20' for ding2025's pass@1 in percent at RL compute in
    exaFLOPs, and 'N=8' for Kinetics' N, a number of trials beside P in parameters: a value is
    read in its law's unit, so the unit is printed beside it (JSON: 'units'), from the API."""
    result = run("eval", "ding2025/sft-then-rl-sigmoid", "x=20")
    assert result.exit_code == 0, result.output
    api = store.law("ding2025/sft-then-rl-sigmoid").evaluate(x=20)
    assert api.units == {"P": "percent", "x": "exaFLOPs"}
    assert f"  P = {engine.fmt(api.value)} percent\n" in result.stdout and "  inputs:    x=20 exaFLOPs\n" in result.stdout
    assert json.loads(run("eval", "ding2025/sft-then-rl-sigmoid", "x=20", "--json").stdout)["units"] == api.units
    kinetics = run("eval", "sadhukhan2025/kinetics-cost-model", "N=8", "P=32B", "L_in=1000", "L_out=8000",
                   "D=1024", "r=0.125").stdout
    assert "  inputs:    N=8 trials, P=3.2e+10 parameters, L_in=1000 tokens, L_out=8000 tokens, " in kinetics
    assert ", r=0.125\n" in kinetics  # dimensionless: no unit
    assert "  L = 2.30109 (unit not stated: cross-entropy)\n" in run("eval", "brown2020", "C=10").stdout
    assert "  L = " in run("eval", "cheng2024/clm-loss-compute-frontier", "C=1e18").stdout
    assert "(unit not stated)\n" in run("eval", "cheng2024/clm-loss-compute-frontier", "C=1e18").stdout


def test_eval_prints_the_constants_digits_as_the_source_prints_them(run, store):
    """Six significant digits cut Parcae's A = 522733.307 (Table 11) to 522733; an overridden
    constant prints its new value."""
    result = run("eval", "prairie2026/looped-training-loss", "N_eff=2e8", "D=5e9", "b=0.5")
    assert result.exit_code == 0, result.output
    assert "E=2.662, A=522733.307, a=0.771, B=25420.102, b=0.5* (* overridden)" in result.stdout
    constants = engine.evaluate(store.law("prairie2026/looped-training-loss"), {"N_eff": 2e8, "D": 5e9},
                                 overrides={"b": 0.5}).constants
    assert constants.printed == {"E": "2.662", "A": "522733.307", "a": "0.771", "B": "25420.102"}


def test_eval_names_every_place_printing_one_value_in_one_note(run, store):
    """bao2026's five teacher pairs cap to the same inputs and print m = 0.5295 each: eval printed
    five notes differing only in the locator; now one names the five places."""
    point = {"N_S": 5e8, "N_Teff": 5e8, "E_T": 0.6017}
    notes = engine.evaluate(store.law("bao2026/transfer-rate"), point).notes
    printed = [n for n in notes if n.startswith("printed in the source")]
    assert len(printed) == 1 and all(f"pair 0.5<-{t}," in printed[0] for t in ("0.5", "1.5", "3", "7", "14"))
    assert ": m = 0.5295 at these inputs; this value is -0.0114% from it" in printed[0]
    result = run("eval", "bao2026/transfer-rate", "N_S=500M", "N_Teff=500M", "E_T=0.6017")
    assert result.exit_code == 0 and result.stderr.count("note: printed in the source") == 1, result.output


def test_eval_all_sets_puts_each_constant_set_side_by_side(run, store):
    result = run("eval", "hoffmann2022", "N=70B", "D=1.4T", "--all-sets")
    assert result.exit_code == 0, result.output
    rows = {line.split("│")[1].strip(): [c.strip() for c in line.split("│")[2:-1]]
            for line in result.stdout.splitlines() if line.startswith("│") and line.split("│")[1].strip()}
    law = store.law("hoffmann2022")
    assert list(rows) == ["hoffmann2022 (default)", "besiroglu2024", "besiroglu2024-wikipedia"]
    for label, (kind, value, beyond) in rows.items():
        cs = label.split()[0]
        api = engine.evaluate(law, {"N": 7e10, "D": 1.4e12}, cs)
        assert float(value) == pytest.approx(api.value, rel=3e-6)
        assert kind == next(c.provenance for c in law.law.constant_sets if c.id == cs)
        assert beyond == ("N, D" if api.warnings else "no")
    # inside every set's own range: nothing beyond (Besiroglu's own N range starts at 57.3M)
    inside = run("eval", "hoffmann2022", "N=1B", "D=100B", "--all-sets")
    assert inside.stdout.count("│ no ") == 3 and "extrapolation" not in inside.stderr
    as_json = json.loads(run("eval", "hoffmann2022", "N=70B", "D=1.4T", "--all-sets", "--json").stdout)
    assert [e["constant_set"] for e in as_json] == ["hoffmann2022", "besiroglu2024", "besiroglu2024-wikipedia"]
    for args in (("hoffmann2022@besiroglu2024",), ("hoffmann2022", "kaplan2020/loss-n-d"),
                 ("hoffmann2022", "--constants", "besiroglu2024")):
        refused = run("eval", *args, "N=70B", "D=1.4T", "--all-sets")
        assert refused.exit_code == 2 and "--all-sets takes one law" in refused.output


def test_eval_where_the_paper_prints_a_value_says_so(run, store):
    # Kaplan et al. print L = 0.95 for N = 1.76e14 (Section 1.2): evaluating there shows it, as the API says
    result = run("eval", "kaplan2020/loss-n", "N=176T")
    assert result.exit_code == 0, result.output
    api = engine.evaluate(store.law("kaplan2020/loss-n"), {"N": 1.76e14})
    [note] = [n for n in api.notes if n.startswith("printed in the source")]
    assert note.startswith("printed in the source (Section 1.2, after Eq. (1.3)): L = 0.95 at these inputs; ")
    assert f"note: {note}" in result.stderr
    elsewhere = run("eval", "kaplan2020/loss-n", "N=175T")
    assert elsewhere.exit_code == 0 and "printed in the source" not in elsewhere.stderr
    as_json = json.loads(run("eval", "kaplan2020/loss-n", "N=176T", "--json").stdout)
    assert note in as_json["notes"]


def test_eval_other_constant_set(run, store):
    result = run("eval", "hoffmann2022", "N=70B", "D=1.4T", "--constants", "besiroglu2024")
    assert result.exit_code == 0, result.output
    assert "  L = 1.97388 nats/token\n" in result.stdout
    assert ("besiroglu2024 (Besiroglu et al. (2024) replication, as printed in their Table 1; replication, "
            "Besiroglu et al. 2024 (arXiv:2404.10102), Table 1)") in result.stdout
    at = run("eval", "hoffmann2022@besiroglu2024-wikipedia", "N=70B", "D=1.4T")
    assert "  L = 1.96399 nats/token\n" in at.stdout
    # the Python API's word (constant_set=) and the short one, as aliases: '--set' was 'no such option,
    # did you mean --all-sets', which evaluates every set
    for option in ("--constant-set", "--set"):
        assert run("eval", "hoffmann2022", "N=70B", "D=1.4T", option, "besiroglu2024").stdout == result.stdout
        swept = run("sweep", "hoffmann2022", "N=70B", "D=1.4T", option, "besiroglu2024")
        assert swept.exit_code == 0 and "1.97388" in swept.stdout, swept.output
    assert "the primary set 'besiroglu2024'" in at.stderr and "gives L = 1.97388" in at.stderr


def test_eval_another_set_than_the_default_says_how_far_it_lands_from_the_primary_set(run, store):
    """--constants besiroglu2024 on Chinchilla's law said nothing beside its value, while the law
    page's calculator sets it beside the law's primary set (the paper's own) at the inputs typed:
    eval now says the same, in the page's words, in text and JSON. The default set, named or not,
    and edited constants say nothing."""
    ref = store.law("hoffmann2022")
    primary = provenance.primary_set(ref.law)
    point = {"N": 7e10, "D": 1.4e12}
    base = engine.evaluate(ref, point, "hoffmann2022").value
    for set_id in ("besiroglu2024", "besiroglu2024-wikipedia"):
        used = engine.evaluate(ref, point, set_id).value
        note = (f"Constant set {set_id} gives L = {used:.6g} at these inputs; the law's primary set hoffmann2022 "
                f"({provenance.source_of(primary)}) gives {base:.6g} (difference {used - base:+.6g}, "
                f"{100 * (used - base) / base:+.3g}%).")
        result = run("eval", "hoffmann2022", "N=70B", "D=1.4T", "--constants", set_id)
        assert result.exit_code == 0, result.output
        assert f"note: {note}\n" in result.stderr
        assert note in json.loads(run("eval", "hoffmann2022", "N=70B", "D=1.4T", "--constants", set_id,
                                      "--json").stdout)["notes"]
    for quiet in ((), ("--constants", "hoffmann2022"), ("--constants", "besiroglu2024", "alpha=0.3")):
        result = run("eval", "hoffmann2022", "N=70B", "D=1.4T", *quiet)
        assert result.exit_code == 0 and "primary set" not in result.stderr, quiet


def test_eval_override_and_relation(run, store):
    result = run("eval", "hoffmann2022/parametric-loss", "N=7e10", "D=20N", "alpha=0.3")
    assert result.exit_code == 0, result.output
    assert "alpha=0.3*" in result.stdout and "(* overridden)" in result.stdout
    api = engine.evaluate(store.law("hoffmann2022"), {"N": 7e10, "D": 1.4e12}, overrides={"alpha": 0.3})
    assert _value_line(result.stdout, "L") == pytest.approx(api.value, rel=3e-6)


def test_eval_compares_laws(run, store):
    result = run("eval", "hoffmann2022", "kaplan2020", "N=1B", "D=20B")
    assert result.exit_code == 0, result.output
    assert "hoffmann2022/parametric-loss" in result.stdout and "kaplan2020/loss-n-d" in result.stdout
    kaplan = engine.evaluate(store.law("kaplan2020"), {"N": 1e9, "D": 2e10}).value
    assert f"L = {engine.fmt(kaplan)}" in result.stdout


def test_eval_json(run):
    result = run("eval", "hoffmann2022", "N=70B", "D=1.4T", "--json")
    doc = json.loads(result.stdout)
    assert doc["value"] == pytest.approx(1.93665, abs=5e-6) and doc["inputs"] == {"N": 7e10, "D": 1.4e12}
    assert doc["constant_set"] == "hoffmann2022" and len(doc["warnings"]) == 2


def test_eval_json_gives_each_extrapolation_in_numbers(run):
    """'Which are extrapolating, by how much' was in the warnings' words alone: a script parsed
    'by a factor of 30' out of them. JSON's beyond gives each input outside the set's fitted range
    with the range's ends and that factor (the set's own range: Besiroglu et al.'s D ends at 3.18e11)."""
    docs = json.loads(run("eval", "chinchilla", "besiroglu2024", "kaplan2020/loss-n-d", "N=8B", "D=15T", "--json").stdout)
    beyond = {d["law"]: d["beyond"] for d in docs}
    assert beyond["hoffmann2022/parametric-loss"] == {"D": {"min": 5e9, "max": 5e11, "factor": pytest.approx(30)}}
    assert beyond["besiroglu2024/parametric-loss"] == {"D": {"min": 8.18e8, "max": 3.18e11,
                                                             "factor": pytest.approx(15e12 / 3.18e11)}}
    assert beyond["kaplan2020/loss-n-d"] == {"N": {"min": 768, "max": 1.5e9, "factor": pytest.approx(8e9 / 1.5e9)},
                                             "D": {"min": 2.2e7, "max": 2.3e10, "factor": pytest.approx(15e12 / 2.3e10)}}
    for d in docs:  # the warnings word the same numbers
        for name, b in d["beyond"].items():
            assert any(w.startswith(f"extrapolation: {name}=") and f"by a factor of {b['factor']:.3g}" in w
                       for w in d["warnings"]), (d["law"], name)
    inside = json.loads(run("eval", "chinchilla", "N=1B", "D=20B", "--json").stdout)
    assert inside["beyond"] == {} and not inside["warnings"]
    below = json.loads(run("eval", "chinchilla", "N=7M", "D=20B", "--json").stdout)["beyond"]
    assert below == {"N": {"min": 7e7, "max": 1.6e10, "factor": pytest.approx(10)}}
    # optimal's, per budget, at the optimum (Chinchilla's N_opt 4.13e10 and D_opt 4.04e12 at 1e24; inside at 1e20)
    docs = json.loads(run("optimal", "chinchilla", "kaplan2020/loss-n-d", "C=1e24", "C=1e20", "--json").stdout)
    chinchilla = docs[0]
    n, d = chinchilla["at"]["1e24"]["N_opt"], chinchilla["at"]["1e24"]["D_opt"]
    assert chinchilla["beyond"] == {"1e24": {"N": {"min": 7e7, "max": 1.6e10, "factor": pytest.approx(n / 1.6e10)},
                                             "D": {"min": 5e9, "max": 5e11, "factor": pytest.approx(d / 5e11)}},
                                    "1e20": {}}
    assert set(docs[1]["beyond"]["1e24"]) == {"N", "D"} and set(docs[1]["beyond"]["1e20"]) == {"N"}
    # solve's JSON too, at the solution: N for L = 2 along D = 20N, and the D it relates
    solved = json.loads(run("solve", "chinchilla", "L=2.0", "D=20N", "--json").stdout)
    assert solved["beyond"] == {"N": {"min": 7e7, "max": 1.6e10, "factor": pytest.approx(solved["value"] / 1.6e10)},
                                "D": {"min": 5e9, "max": 5e11, "factor": pytest.approx(solved["related"]["D"] / 5e11)}}


@pytest.mark.parametrize("args,message", [
    (["nosuchpaper", "N=1"], "error: unknown paper 'nosuchpaper'"),
    (["hoffmann2022/nosuchlaw", "N=1"], "error: unknown law of hoffmann2022 'nosuchlaw'"),
    (["hoffmann2022", "N=70B"], "error: hoffmann2022/parametric-loss needs a value for D"),
    (["hoffmann2022", "N=70B", "D=1.4T", "gamma=2"], "error: hoffmann2022/parametric-loss has no symbol 'gamma'"),
    (["hoffmann2022", "N=lots", "D=1.4T"], "error: N=lots is not a number"),
    (["hoffmann2022", "N=-70B", "D=1.4T"], "error: N must not be negative"),
    (["hoffmann2022", "N=0", "D=1.4T"], "log of zero or division by zero"),
    (["hoffmann2022", "N=70B", "D=1.4T", "-c", "nope"], "error: unknown constant set 'nope'"),
    (["hoffmann2022", "N=", "D=1T"], "error: expected NAME=VALUE"),
    (["hoffmann2022", "N=1B,7B", "D=1T"], "use catalog sweep for ranges and lists"),
    (["hoffmann2022", "N=1e8..1e9:3", "D=1T"], "use catalog sweep for ranges and lists"),
    (["hoffmann2022", "N=70B", "D=1.4", "T"], "error: write D=1.4T without a space"),  # the shell split `D=1.4 T`
    (["hoffmann2022", "N=D/20", "D=20N"], "error: the relations N=D/20, D=20N depend on each other (a cycle)"),
])
def test_eval_errors_are_messages(run, args, message):
    result = run("eval", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output and "nan" not in result.stdout.lower()


def test_missing_database_says_to_build(tmp_path):
    result = CliRunner().invoke(cli, ["eval", "hoffmann2022", "N=1", "D=1", "--db", f"sqlite:///{tmp_path / 'x.sqlite'}"])
    assert result.exit_code == 2 and "error: no catalog database at" in result.stderr and "'catalog load'" in result.stderr


# ------------------------------------------------------------------- sweep


def test_sweep_csv(run, store):
    result = run("sweep", "hoffmann2022", "N=1e8..1e11:50", "log", "D=20N")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 50 and list(rows[0]) == ["N [parameters]", "D [tokens]", "L [nats/token]"]
    api = sweep.sweep(store.law("hoffmann2022"), {"N": "1e8..1e11:50 log", "D": "20N"})
    np.testing.assert_allclose([float(r["L [nats/token]"]) for r in rows], api.columns["L"], rtol=1e-15)
    assert "extrapolation" in result.stderr


def test_sweep_names_each_columns_unit_as_eval_does(run, store, tmp_path):
    """The CSV header and JSON carry each column's unit (eval prints them; a sweep's file had bare
    N,D,L): ``N [parameters]``, an interval's ends in the output's unit; ``columns`` and the
    DataFrame keep the bare names with the units beside them, and ``catalog fit`` reads the file back."""
    result = run("sweep", "hoffmann2022", "N=1e8..1e10:4", "D=1.4T", "--interval")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == ("N [parameters],D [tokens],L [nats/token],L_low [nats/token],"
                                             "L_high [nats/token]")
    api = sweep.sweep(store.law("hoffmann2022"), {"N": "1e8..1e10:4", "D": "1.4T"})
    assert api.units == {"N": "parameters", "D": "tokens", "L": "nats/token"} == \
        {k: v for k, v in api.evaluation.units.items()}
    doc = json.loads(run("sweep", "hoffmann2022", "N=1e8..1e10:4", "D=1.4T", "-f", "json").stdout)
    assert doc["units"] == api.units and doc["columns"] == ["N", "D", "L"]
    pandas = pytest.importorskip("pandas")
    frame = api.to_dataframe()
    assert list(frame.columns) == ["N", "D", "L"] and frame.attrs["units"] == api.units
    assert list(pandas.read_csv(io.StringIO(api.to_csv())).columns) == api.headers()
    from catalog.engine import fit

    runs = tmp_path / "swept.csv"
    runs.write_text(api.to_csv(), encoding="utf-8")
    assert {k: v.tolist() for k, v in fit.read_runs(runs).items()} == {k: v.tolist() for k, v in api.columns.items()}


def test_sweep_json_to_file(run, tmp_path):
    out = tmp_path / "sweep.json"
    result = run("sweep", "hoffmann2022@besiroglu2024", "N=1B,10B", "D=1e10..1e12:3", "-f", "json", "-o", str(out))
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["constant_set"] == "besiroglu2024" and len(doc["rows"]) == 6
    assert doc["rows"][0]["L"] == pytest.approx(1.8172 + 482.01 / 1e9**0.3478 + 2085.43 / 1e10**0.3658)


def test_sweep_bad_range(run):
    result = run("sweep", "hoffmann2022", "N=1e8..", "D=1T")
    assert result.exit_code == 2 and "is not a range" in result.stderr


def test_sweep_names_a_second_law_as_one(run):
    """sweep takes one law: a second (as eval, optimal and plot take) is named as a law, with what to
    do instead, not as a malformed NAME=VALUE; a word that is no law keeps that error."""
    result = run("sweep", "hoffmann2022", "kaplan2020", "N=1e8..1e11:4", "D=20N")
    assert result.exit_code == 2 and result.stdout == ""
    assert ("sweep evaluates one law; 'kaplan2020' is a second: sweep each law on its own, or overlay them with "
            "catalog plot hoffmann2022 kaplan2020 --x NAME") in result.stderr
    other = run("sweep", "hoffmann2022", "N:1e8..1e11", "D=20N")
    assert other.exit_code == 2 and "expected NAME=VALUE (e.g. N=70B), got 'N:1e8..1e11'" in other.stderr


@pytest.mark.parametrize("command", [["sweep", "hoffmann2022", "N=1e8..1e9:2"], ["solve", "hoffmann2022", "--for", "N", "L=2"]])
def test_a_suffix_split_from_its_value_is_named(run, command):
    """`D=1.4 T` reaches the command as two words: the error names the fix, not an unknown law 'T'."""
    result = run(*command, "D=1.4", "T")
    assert result.exit_code == 2 and "error: write D=1.4T without a space" in result.stderr
    assert "unknown paper" not in result.stderr


# ------------------------------------------------------------------- solve


def test_solve_for_n(run, store):
    result = run("solve", "hoffmann2022", "L=2.0", "D=1.4T", "--for", "N")
    assert result.exit_code == 0, result.output
    n = _value_line(result.stdout, "N")
    assert engine.evaluate(store.law("hoffmann2022"), {"N": n, "D": 1.4e12}).value == pytest.approx(2.0, rel=1e-5)
    assert "closed form: N = " in result.stdout
    api = solve.solve(store.law("hoffmann2022"), "N", {"L": 2.0, "D": 1.4e12})
    assert n == pytest.approx(api.value, rel=3e-6)


def test_solve_without_for_solves_for_the_one_variable_not_given(run, store):
    result = run("solve", "hoffmann2022", "L=2.0", "D=1.4T")
    assert result.exit_code == 0, result.output
    api = solve.solve(store.law("hoffmann2022"), None, {"L": 2.0, "D": 1.4e12})
    assert api.unknown == "N" and _value_line(result.stdout, "N") == pytest.approx(api.value, rel=3e-6)
    output = run("solve", "hoffmann2022", "N=70B", "D=1.4T")
    assert output.exit_code == 0 and _value_line(output.stdout, "L") == pytest.approx(1.93665, abs=5e-6)
    two = run("solve", "hoffmann2022", "L=2.0")
    assert two.exit_code == 2 and "N, D are not given; give all but one of them" in two.stderr
    every = run("solve", "hoffmann2022", "L=2.0", "N=70B", "D=1.4T")
    assert every.exit_code == 2 and "every variable of hoffmann2022/parametric-loss is given" in every.stderr
    assert "Traceback" not in two.output + every.output


@pytest.mark.parametrize("unknown,given", [("L", ["N=1", "D=1..1"]), ("L", ["N=1e9..1e10:3", "D=2e10"]),
                                           ("D", ["N=1e9..1e10:3", "L=3"])])
def test_solve_refuses_a_range_for_the_output_as_for_an_input(run, store, unknown, given):
    """Solving for the output evaluates the law; a range among the inputs (even of one point,
    D=1..1) printed a traceback there ('only 0-dimensional arrays ...'), where solving for an
    input said to use sweep."""
    result = run("solve", "hoffmann2022", *given, "--for", unknown)
    assert result.exit_code == 2 and "Traceback" not in result.output, result.output
    assert result.stderr.startswith("error: ") and "solve takes one value per input (use sweep for ranges)" in result.stderr
    with pytest.raises(engine.EngineError, match="solve takes one value per input"):
        solve.solve(store.law("hoffmann2022"), unknown, dict(g.split("=") for g in given))


def test_solve_missing_an_input_gives_a_value_to_write_as_eval_does(run, store):
    """'solving ... for N needs D too' left the scale to guess; eval's message gives one."""
    result = run("solve", "hoffmann2022", "L=2", "--for", "N")
    with pytest.raises(engine.MissingInput) as api:
        solve.solve(store.law("hoffmann2022"), "N", {"L": 2})
    assert result.exit_code == 2 and result.stderr == f"error: {api.value}\n"
    assert str(api.value).endswith("needs D too; e.g. D=5e+10")


def test_solve_json_and_unreachable(run):
    doc = json.loads(run("solve", "hoffmann2022", "L=2.0", "N=70B", "--for", "D", "--json").stdout)
    assert doc["unknown"] == "D" and len(doc["roots"]) == 1
    bad = run("solve", "hoffmann2022", "L=1.5", "D=1.4T", "--for", "N")
    assert bad.exit_code == 2 and "L only takes values between 1.85316" in bad.stderr


def test_solve_min_and_max(run, store):
    args = ("solve", "sun2025/capybara-loss", "N=1B", "E=4", "M=3", "B=128")
    result = run(*args, "--min", "D")
    assert result.exit_code == 0, result.output
    api = solve.extremum(store.law("sun2025/capybara-loss"), "D", {"N": 1e9, "E": 4, "M": 3, "B": 128})
    assert (f"minimum of L at D = {engine.fmt(api.value)} tokens:  L = {engine.fmt(api.output)} "
            "(unit not stated: validation loss)") in result.stdout
    assert "given:     N=1e+09 parameters, E=4 bits, M=3 bits, B=128 elements\n" in result.stdout
    doc = json.loads(run(*args, "--min", "D", "--json").stdout)
    assert doc["units"] == {"D": "tokens", "L": "not stated (validation loss)", "N": "parameters", "E": "bits",
                            "M": "bits", "B": "elements"}
    assert doc["kind"] == "minimum" and doc["value"] == pytest.approx(api.value, rel=1e-8)
    assert doc["output"] == {"L": pytest.approx(api.output, rel=1e-12)} and doc["constant_set"] == "sun2025"
    none = run(*args, "--max", "D")
    assert none.exit_code == 2 and "L has no maximum in D" in none.stderr and "Traceback" not in none.output
    both = run(*args, "--min", "D", "--for", "N")
    assert both.exit_code == 2 and "give one of --for NAME, --min NAME, --max NAME" in both.output


def test_solve_min_on_the_edge_of_a_laws_condition(run, store):
    """Muennighoff et al.'s loss falls as the unique tokens U grow, up to U = D (U <= D): the minimum
    is on that edge, and the note says so, instead of 'no minimum'."""
    args = ("solve", "muennighoff2023/data-constrained-loss-nd", "N=1B", "D=1e10", "--min", "U")
    result = run(*args)
    assert result.exit_code == 0, result.output
    api = solve.extremum(store.law("muennighoff2023/data-constrained-loss-nd"), "U", {"N": 1e9, "D": 1e10})
    assert api.value == pytest.approx(1e10, rel=1e-9) and api.edge == "U <= D"
    assert f"minimum of L at U = {engine.fmt(api.value)} tokens:  L = {engine.fmt(api.output)} nats/token" in result.stdout
    assert "note: the minimum is on the edge of where the law holds (U <= D)" in result.stderr
    doc = json.loads(run(*args, "--json").stdout)
    assert doc["on_condition_edge"] == "U <= D" and doc["value"] == pytest.approx(api.value, rel=1e-12)


def test_solve_with_a_relation_to_the_unknown(run, store):
    """D=20N while solving for N: the one-variable equation L(N, 20N) = 2, as eval reads D=20N."""
    result = run("solve", "hoffmann2022", "L=2", "D=20N", "--for", "N")
    assert result.exit_code == 0, result.output
    n = _value_line(result.stdout, "N")
    law = store.law("hoffmann2022")
    assert sweep.evaluate_specs(law, {"N": repr(n), "D": "20N"}).value == pytest.approx(2.0, rel=1e-5)
    api = solve.solve(law, "N", {"L": 2, "D": "20N"})
    assert n == pytest.approx(api.value, rel=3e-6) and engine.evaluate(law, {"N": api.value, "D": 20 * api.value}).value \
        == pytest.approx(2.0, rel=1e-12)
    assert api.related == {"D": pytest.approx(20 * api.value, rel=1e-12)} and api.relations == {"D": "20N"}
    assert "given:     L=2 nats/token, D=20N" in result.stdout  # in units, as eval prints its inputs
    assert f"  N = {engine.fmt(api.value)} parameters\n" in result.stdout
    assert f"  D = {engine.fmt(20 * api.value)} tokens   (D=20N)" in result.stdout
    assert "closed form" not in result.stdout  # the law's own inverse holds D fixed: not this equation
    # D=20N puts both beyond Chinchilla's fitted ranges: warned for each, as eval warns
    assert "warning: extrapolation: N=" in result.stderr and "warning: extrapolation: D=" in result.stderr
    doc = json.loads(run("solve", "hoffmann2022", "L=2", "D=20N", "--for", "N", "--json").stdout)
    assert doc["value"] == pytest.approx(api.value, rel=1e-12) and doc["relations"] == {"D": "20N"}
    assert doc["related"]["D"] == pytest.approx(20 * api.value, rel=1e-12)
    assert doc["units"] == {"N": "parameters", "L": "nats/token", "D": "tokens"} and doc["notes"] == api.notes


def test_solve_with_relations_between_given_inputs(run, store):
    """M=7-E with E given is a number before the solve (and for the output, an evaluation)."""
    law = store.law("sun2025/capybara-loss")
    given = {"L": "2.7", "D": "100B", "E": "4", "M": "7-E", "B": "128"}
    result = run("solve", "sun2025/capybara-loss", *(f"{k}={v}" for k, v in given.items()), "--for", "N")
    assert result.exit_code == 0, result.output
    n = _value_line(result.stdout, "N")
    assert ("given:     D=1e+11 tokens, E=4 bits, M=3 bits, B=128 elements, L=2.7 (unit not stated: validation loss)"
            in result.stdout)
    assert engine.evaluate(law, {"N": n, "D": 1e11, "E": 4, "M": 3, "B": 128}).value == pytest.approx(2.7, rel=1e-5)
    out = run("solve", "sun2025/capybara-loss", "N=500M", "D=20N", "E=4", "M=7-E", "B=128", "--for", "L")
    assert out.exit_code == 0, out.output
    expected = engine.evaluate(law, {"N": 5e8, "D": 1e10, "E": 4, "M": 3, "B": 128}).value
    assert f"  L = {engine.fmt(expected)}" in out.stdout


def test_solve_min_with_a_relation_to_the_input_varied(run, store):
    """Eight-bit floats, 7 bits split between exponent and mantissa: M=7-E while E varies."""
    args = ("solve", "sun2025/capybara-loss", "N=500M", "D=100B", "M=7-E", "B=128", "--min", "E", "--window", "0.1..6.9")
    result = run(*args)
    assert result.exit_code == 0, result.output
    api = solve.extremum(store.law("sun2025/capybara-loss"), "E", {"N": 5e8, "D": 1e11, "M": "7-E", "B": 128},
                         window=(0.1, 6.9))
    assert f"minimum of L at E = {engine.fmt(api.value)} bits:  L = {engine.fmt(api.output)} (unit not stated: validation loss)" in result.stdout
    assert f"  M = {engine.fmt(7 - api.value)} bits   (M=7-E)" in result.stdout
    # the stationary point of (E + 1/2)^-delta (M + 1/2)^-nu with E + M = 7
    delta, nu = api.constants.values["delta"], api.constants.values["nu"]
    assert api.value == pytest.approx(8 * delta / (delta + nu) - 0.5, rel=1e-8)
    assert api.related == {"M": pytest.approx(7 - api.value, rel=1e-12)}
    doc = json.loads(run(*args, "--json").stdout)
    assert doc["relations"] == {"M": "7-E"} and doc["related"]["M"] == pytest.approx(7 - api.value, rel=1e-12)


@pytest.mark.parametrize("args, message", [
    (("hoffmann2022", "L=2", "N=D/20", "--for", "N"),
     "N=D/20: N is what to solve for, so it cannot be given by a relation; write D=20*N instead, or solve for D (--for D)"),
    (("hoffmann2022", "L=2", "D=20N", "--for", "D"),
     "D=20N: D is what to solve for, so it cannot be given by a relation; write N=D/20 instead, or solve for N (--for N)"),
    (("sun2025/capybara-loss", "N=500M", "D=100B", "E=7-M", "B=128", "--min", "E"),
     "E=7-M: E is the input to vary, so it cannot be given by a relation; write M=7 - E instead, or vary M "
     "(--min M or --max M)"),
    (("sun2025/capybara-loss", "L=2.7", "D=100B", "M=7-E", "E=7-M", "B=128", "--for", "N"),
     "the relations E=7-M, M=7-E depend on each other (a cycle): give one of them a number"),
    (("sun2025/capybara-loss", "L=2.7", "D=100B", "M=E*N/100000000", "E=M/2", "B=128", "--for", "N"),
     "the relations M=E*N/100000000, E=M/2 depend on each other (a cycle): give one of them a number"),
    (("sun2025/capybara-loss", "N=500M", "M=7-E", "E=7-M", "B=128", "--min", "D"),
     "the relations E=7-M, M=7-E depend on each other (a cycle): give one of them a number"),
])
def test_solve_refuses_a_relation_on_the_unknown_and_cycles(run, args, message):
    result = run("solve", *args)
    assert result.exit_code == 2 and f"error: {message}" in result.stderr, result.output
    assert "Traceback" not in result.output


def test_the_solvers_time_limit_bounds_sympy_not_its_first_import():
    """The hint 'write D=20*N instead' came from sympy within one second, but the first solve of a
    process imports sympy.physics (simplify does, 0.5 to 2 s): on a busy machine the hint fell back
    to 'write D as a relation to N', and the loader's closed forms could be dropped the same way.
    In a fresh interpreter, with every limit cut to 0.2 s, the relation is still turned."""
    import subprocess
    import sys

    code = ("import sys\n"
            "from catalog.engine import formulas, solve, sweep\n"
            "assert 'sympy.physics' not in sys.modules\n"
            "limit = formulas.time_limit\n"
            "formulas.time_limit = lambda seconds: limit(min(seconds, 0.2))\n"
            "print(solve._turned(sweep.classify('D/20', 'N', ['N', 'D'])))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and out.stdout.strip() == "D=20*N", out.stderr


# ------------------------------------------------------------------- optimal


def test_optimal_chinchilla(run, store):
    result = run("optimal", "hoffmann2022", "-C", "1e24")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "N_opt(C) = 0.598695 C^0.451613" in out
    assert "D_opt(C) = 0.278383 C^0.548387" in out
    assert "L_opt(C) = 1071.36 C^-0.153548 + 1.69" in out
    assert "(symbolic)" in out
    at = optimal.compute_optimal(store.law("hoffmann2022")).at(1e24)
    assert f"N_opt={engine.fmt(at['N_opt'])}" in out



def test_solve_names_a_misspelt_symbol_before_what_it_leaves_missing(run, store):
    """solve hoffmann2022 loss=2 D=1.4T said 'L, N are not given' (and with --for N 'needs the
    value of the output L'): the name is the error, told with the symbol meant."""
    for args in (["loss=2", "D=1.4T"], ["loss=2", "D=1.4T", "--for", "N"]):
        result = run("solve", "hoffmann2022", *args)
        assert result.exit_code == 2
        assert result.stderr.startswith("error: hoffmann2022/parametric-loss has no symbol 'loss'; did you mean L?")
    with pytest.raises(engine.UnknownSymbol, match="has no symbol 'tokens'; did you mean D"):
        store.law("hoffmann2022").solve(L=2, tokens="1.4T")
    assert store.law("hoffmann2022").solve(L=2, D="1.4T").value == pytest.approx(1.32995e10, rel=1e-5)


def test_optimal_prints_the_split_at_a_budget(run, store):
    """Tokens per parameter at the budget, as the split is quoted: Hoffmann et al.'s Approach-3
    constants give about 93 at Chinchilla's budget, Besiroglu et al.'s about 18."""
    out = run("optimal", "hoffmann2022", "besiroglu2024", "C=5.76e23").stdout
    lines = [line for line in out.splitlines() if line.startswith("  at C=")]
    for line, ref in zip(lines, ("hoffmann2022", "besiroglu2024")):
        at = optimal.compute_optimal(store.law(ref)).at(5.76e23)
        assert line.endswith(f"; D_opt/N_opt = {at['D_opt'] / at['N_opt']:.3g}")
    assert [line.rpartition(" = ")[2] for line in lines] == ["92.6", "18.4"]

def test_optimal_takes_budgets_written_as_assignments(run, store):
    """``C=5.76e23`` is a budget (as -C), any other NAME=VALUE holds an input (as --fix)."""
    doc = json.loads(run("optimal", "hoffmann2022", "C=5.76e23", "C=1e24", "-C", "1e25", "--json").stdout)
    api = optimal.compute_optimal(store.law("hoffmann2022"))
    assert list(doc["at"]) == ["1e25", "5.76e23", "1e24"]
    for text, values in doc["at"].items():
        assert values == pytest.approx(api.at(float(text)), rel=1e-12)
    unknown = run("optimal", "hoffmann2022", "C=1e24", "X=3")
    assert unknown.exit_code == 2 and "has no symbol 'X'" in unknown.stderr
    bare = run("optimal", "hoffmann2022", "1e24")
    assert bare.exit_code == 2 and "expected NAME=VALUE" in bare.stderr and "Traceback" not in bare.output


def test_optimal_of_several_laws_side_by_side(run, store):
    """The same budget under three laws, as catalog eval compares laws: one block (or JSON object) each."""
    refs = ["hoffmann2022", "hoffmann2022@besiroglu2024", "kaplan2020"]
    result = run("optimal", *refs, "C=1e24")
    assert result.exit_code == 0, result.output
    blocks = result.stdout.split("\n\n")
    assert [b.split(":")[0] for b in blocks] == ["hoffmann2022/parametric-loss"] * 2 + ["kaplan2020/loss-n-d"]
    for block, (ref, cs) in zip(blocks, [("hoffmann2022", None), ("hoffmann2022", "besiroglu2024"), ("kaplan2020", None)]):
        at = optimal.compute_optimal(store.law(ref), cs).at(1e24)
        assert f"N_opt={engine.fmt(at['N_opt'])} parameters, D_opt={engine.fmt(at['D_opt'])} tokens" in block
    assert "warning: conventions differ between hoffmann2022/parametric-loss and kaplan2020/loss-n-d" in result.stderr
    docs = json.loads(run("optimal", *refs, "-C", "1e24", "--json").stdout)
    assert [d["law"] for d in docs] == ["hoffmann2022/parametric-loss"] * 2 + ["kaplan2020/loss-n-d"]
    assert docs[1]["constant_set"] == "besiroglu2024"
    assert docs[2]["at"]["1e24"] == pytest.approx(optimal.compute_optimal(store.law("kaplan2020")).at(1e24), rel=1e-12)


def test_optimal_warns_where_the_optimum_extrapolates(run, store):
    """At 1e24 FLOPs Chinchilla's N_opt and D_opt lie beyond its fitted ranges: warned as eval warns."""
    law = store.law("hoffmann2022")
    api = optimal.compute_optimal(law)
    warns, _ = api.warnings_at(1e24)
    assert [w.split("=")[0] for w in warns] == ["extrapolation: N", "extrapolation: D"]
    result = run("optimal", "hoffmann2022", "C=1e24")
    assert result.exit_code == 0, result.output
    assert all(f"warning: {w}" in result.stderr for w in warns)
    assert "warning: extrapolation: N=4.12967e+10 is above the fitted range N in [7e+07, 1.6e+10]" in result.stderr
    doc = json.loads(run("optimal", "hoffmann2022", "C=1e24", "--json").stdout)
    assert doc["warnings"] == warns
    # a budget whose optimum lies inside both fitted ranges, found with the API: no warning
    ranges = [provenance.fitted_range(law.law, name) for name in ("N", "D")]
    inside = next(float(c) for c in np.logspace(16, 26, 41)
                  if all(r.min <= v <= r.max for r, v in zip(ranges, list(api.at(c).values())[:2])))
    assert api.warnings_at(inside) == ([], [])
    quiet = run("optimal", "hoffmann2022", f"C={inside!r}")
    assert quiet.exit_code == 0 and "extrapolation" not in quiet.stderr
    assert json.loads(run("optimal", "hoffmann2022", f"C={inside!r}", "--json").stdout)["warnings"] == []


def test_optimal_of_several_laws_warns_for_each(run, store):
    refs = ["hoffmann2022", "besiroglu2024", "kaplan2020"]
    docs = json.loads(run("optimal", *refs, "C=1e24", "--json").stdout)
    text = run("optimal", *refs, "C=1e24")
    for ref, doc in zip(refs, docs):
        warns, _ = optimal.compute_optimal(store.law(ref)).warnings_at(1e24)
        assert len(warns) == 2 and all(w in doc["warnings"] for w in warns)
        assert all(f"warning: {w}" in text.stderr for w in warns)
    # as eval --json, each law also carries the conventions warnings of the pairs it is in
    assert any(w.startswith("warning: conventions differ") for w in text.stderr.splitlines())
    assert [sum(w.startswith("conventions differ") for w in d["warnings"]) for d in docs] == [1, 1, 2]


def test_optimal_json_matches_api(run, store):
    doc = json.loads(run("optimal", "hoffmann2022", "--k", "6", "--json").stdout)
    api = optimal.compute_optimal(store.law("hoffmann2022")).summary()
    for key, value in api.items():
        assert doc[key] == pytest.approx(value, rel=1e-12)


def test_optimal_refuses_a_law_without_n_and_d(run):
    result = run("optimal", "kaplan2020/loss-n")
    assert result.exit_code == 2 and "needs a law in model size and data" in result.stderr


# ------------------------------------------------------------------- plot


def test_plot_png(run, store, tmp_path):
    out = tmp_path / "out.png"
    result = run("plot", "hoffmann2022", "kaplan2020", "--x", "N", "--fix", "D=20N", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and out.stat().st_size > 10_000
    assert "hoffmann2022/parametric-loss, kaplan2020/loss-n-d" in result.stdout
    api = plotting.plot([(store.law("hoffmann2022"), None), (store.law("kaplan2020"), None)], "N",
                        tmp_path / "api.png", fixes={"D": "20N"})
    s = api.series[0]
    np.testing.assert_allclose(s.y, engine.evaluate(store.law("hoffmann2022"), {"N": s.x, "D": 20 * s.x}).value)
    assert s.fitted.any() and not s.fitted.all()


def test_optimal_side_by_side_holds_an_input_only_for_the_laws_that_have_it(run, store):
    """Planning at 1e23 FLOPs with Chinchilla, Kaplan and Muennighoff et al. at 100B unique tokens:
    U=100B stopped the comparison ('hoffmann2022/parametric-loss has no symbol U'), with a hint
    that hoffmann2022 'has no loss law in model size and data to split'. U now holds the laws
    having it and a note names the others; the values carry their units, as eval's do."""
    data = "muennighoff2023/data-constrained-loss-nd"
    result = run("optimal", "hoffmann2022", "kaplan2020", data, "C=1e23", "U=100B")
    assert result.exit_code == 0, result.output
    assert "note: hoffmann2022/parametric-loss has no input U; U=100B does not apply to it" in result.stderr
    assert "no loss law in model size and data to split" not in result.stderr
    api = optimal.compute_optimal(store.law(data), fixed={"U": 1e11}).at(1e23)
    assert f"N_opt={engine.fmt(api['N_opt'])} parameters, D_opt={engine.fmt(api['D_opt'])} tokens, " \
           f"L_opt={engine.fmt(api['L_opt'])} nats/token" in result.stdout
    chinchilla = optimal.compute_optimal(store.law("hoffmann2022")).at(1e23)
    assert f"N_opt={engine.fmt(chinchilla['N_opt'])} parameters" in result.stdout
    doc = json.loads(run("optimal", "hoffmann2022", data, "C=1e23", "U=100B", "--json").stdout)
    assert doc[1]["units"] == {"N_opt": "parameters", "D_opt": "tokens", "L_opt": "nats/token"}
    alone = run("optimal", "hoffmann2022", "C=1e23", "U=100B")  # one law: its missing input is the error
    assert alone.exit_code == 2 and "no symbol 'U'" in alone.stderr
    assert "no loss law in model size and data to split" not in alone.stderr
    nobody = run("optimal", "hoffmann2022", "kaplan2020", "C=1e23", "Q=3")
    assert nobody.exit_code == 2 and "no symbol 'Q'" in nobody.stderr


def test_a_default_plot_shows_the_fitted_range_with_a_little_extrapolation(run, store, tmp_path):
    """Without --range the x axis is the fitted range widened by a factor of 2 each side (it was
    10, so a default plot was mostly extrapolation, with a warning every time): the part beyond is
    dashed and named in a note, not a warning; an explicit range still warns."""
    law = store.law("kaplan2020/loss-n")
    fitted = law.law.symbols["N"].range
    result = run("plot", "kaplan2020/loss-n", "--x", "N", "-o", str(tmp_path / "k.png"))
    assert result.exit_code == 0, result.output
    assert "warning: extrapolation" not in result.output
    assert "note: default x range" in result.output and "by up to a factor of 2 " in result.output
    api = plotting.plot([(law, None)], "N", tmp_path / "api.png")
    s = api.series[0]
    assert s.x[0] == pytest.approx(fitted.min / 2) and s.x[-1] == pytest.approx(fitted.max * 2)
    assert s.fitted.mean() > 0.7 and not api.warnings
    assert any(n.startswith("default x range") for n in api.notes)
    wide = plotting.plot([(law, None)], "N", tmp_path / "wide.png", x_range=(1e2, 1e12))
    assert any(w.startswith("extrapolation: ") for w in wide.warnings)
    assert not any(n.startswith("default x range") for n in wide.notes)


def test_a_plot_over_a_count_starts_at_one(store, tmp_path):
    """Experts, samples and agents are whole counts (vocab.COUNTS): the default span, a little
    beyond the fitted range each side, stops at one instead of plotting half an expert; a
    continuous input keeps its widening."""
    law = store.law("ludziejewski2025/peak-learning-rate")
    assert law.law.symbols["E"].variable in vocab.COUNTS and law.law.symbols["E"].range.min == 1
    experts = plotting.plot([(law, None)], "E", tmp_path / "e.png", fixes={"N": 1e9}).series[0]
    assert experts.x[0] == 1 and experts.x[-1] == pytest.approx(32 * plotting.EXTEND)
    size = plotting.plot([(law, None)], "N", tmp_path / "n.png", fixes={"E": 8}).series[0]
    assert size.x[0] == pytest.approx(engine.domain(law, "N").low / plotting.EXTEND)


def _y_tick_labels(svg: str) -> list[str]:
    """The y axis's tick labels in a matplotlib SVG (each text is drawn as paths after a comment holding it)."""
    import re

    axis = svg[svg.index('id="ytick_1"'):]
    axis = axis[:axis.index("<!-- Loss")]
    return re.findall(r"<!-- (.*?) -->", axis)


def test_plot_takes_name_value_after_the_laws(run, store, tmp_path):
    """D=20N after the laws, as eval, sweep and optimal take it, holds D (it was read as a paper:
    "unknown paper 'D=20N'"); a fitted constant given so, or to law.plot, overrides it as eval's
    alpha=0.3 does, and the legend says so."""
    result = run("plot", "hoffmann2022", "--x", "N", "D=20N", "alpha=0.3", "-o", str(tmp_path / "p.png"))
    assert result.exit_code == 0, result.output
    assert "hoffmann2022/parametric-loss (alpha=0.3)" in result.stdout
    law = store.law("hoffmann2022")
    api = plotting.plot([(law, None)], "N", tmp_path / "api.png", fixes={"D": "20N", "alpha": "0.3"})
    s = api.series[0]
    np.testing.assert_allclose(s.y, engine.evaluate(law, {"N": s.x, "D": 20 * s.x}, None, {"alpha": 0.3}).value)
    assert s.label == "hoffmann2022/parametric-loss (alpha=0.3)"
    plain = run("plot", "hoffmann2022", "--x", "N", "D=20N", "-o", str(tmp_path / "q.png"))
    assert plain.exit_code == 0 and "(alpha" not in plain.stdout
    assert "D is given twice" in run("plot", "hoffmann2022", "--x", "N", "--fix", "D=20N", "D=1T",
                                     "-o", str(tmp_path / "r.png")).stderr


def test_plot_labels_few_minor_ticks_past_a_decade(run, tmp_path):
    """A plain-number log axis labelled every minor tick: over two decades (Chinchilla against Kaplan,
    D=20N: about 1.6 to 150) that was 2, 3, ..., 9, 20, 30, ..., 90, 100 run together; past one
    decade only 2 and 5 of each are labelled; within one, each still is."""
    wide, narrow = tmp_path / "wide.svg", tmp_path / "narrow.svg"
    assert run("plot", "hoffmann2022", "kaplan2020", "--x", "N", "--fix", "D=20N", "-o", str(wide)).exit_code == 0
    assert _y_tick_labels(wide.read_text(encoding="utf-8")) == ["10", "100", "2", "5", "20", "50"]
    assert run("plot", "hoffmann2022", "--x", "N", "--fix", "D=20N", "--range", "7e6..1.6e11",
               "-o", str(narrow)).exit_code == 0
    assert _y_tick_labels(narrow.read_text(encoding="utf-8")) == ["2", "3", "4", "5", "6"]
    # under a decade where 2..9 label only two values (Kaplan's L(N) with Chinchilla's at D = 20N:
    # 1.4 to 3.3, labelled 2 and 3 alone), 1.5 and 2.5 join them
    few = tmp_path / "few.svg"
    assert run("plot", "kaplan2020/loss-n", "hoffmann2022", "--x", "N", "--range", "1e8..1e12", "D=20N",
               "-o", str(few)).exit_code == 0
    assert _y_tick_labels(few.read_text(encoding="utf-8")) == ["1.5", "2", "2.5", "3"]


def test_plot_suggests_the_input_a_name_meant(run, store, tmp_path):
    """--x n or --fix tokens=... said only 'no law given has an input ...'; as eval does, the input in
    the other case or of the variable named (params, tokens) is suggested, with the laws' inputs."""
    result = run("plot", "hoffmann2022", "--x", "n", "--fix", "D=1.4T", "-o", str(tmp_path / "p.png"))
    assert result.exit_code == 2
    assert result.stderr == "error: no law given has an input 'n'; did you mean N? (inputs: N, D)\n"
    laws = [(store.law("hoffmann2022"), None), (store.law("kaplan2020"), None)]
    with pytest.raises(engine.EngineError, match=r"^no law given has an input 'params'; did you mean N\? \(inputs: N, D\)$"):
        plotting.plot(laws, "params", tmp_path / "p.png", fixes={"D": "20N"})
    with pytest.raises(engine.EngineError, match=r"^no law given has an input 'tokens' to fix; did you mean D\?"):
        plotting.plot(laws, "N", tmp_path / "p.png", fixes={"tokens": "1.4T"})
    assert not (tmp_path / "p.png").exists()


def test_plot_cannot_fix_compute_for_a_loss_in_n_and_d(store, tmp_path):
    """C is no input of Chinchilla's L(N, D): holding it is refused by name (plot --x C draws such laws
    along their compute-optimal frontier instead: tests/test_frontier.py)."""
    laws = [(store.law("hoffmann2022"), None)]
    with pytest.raises(engine.EngineError, match=r"^no law given has an input 'C' to fix \(inputs: N, D\)$"):
        plotting.plot(laws, "N", tmp_path / "p.png", fixes={"C": "1e23"})


def test_plot_marks_the_values_the_source_prints(run, store, tmp_path):
    from catalog import provenance

    law = store.law("chen2026d/mse-vs-gpg")  # Table 7's 15 measured points, all on this one input
    result = run("plot", "chen2026d/mse-vs-gpg", "--x", "GPG", "-o", str(tmp_path / "p.png"))
    assert result.exit_code == 0, result.output
    assert "note: chen2026d/mse-vs-gpg: 15 values printed in the source marked with circles" in result.stderr
    api = plotting.plot([(law, None)], "GPG", tmp_path / "api.png")
    assert api.series[0].printed == [(cv.inputs["GPG"], cv.expected["MSE"])
                                     for cv, made_with in provenance.printed_points(law.law) if made_with == "eq3"]
    # a point is on the curve only where the curve holds the other inputs at the printed ones,
    # by value or by relation: the README of datablations prints L at N = 6.34e9, D = 2.42e11, U = 2.5e10
    nd = store.law("muennighoff2023/data-constrained-loss-nd")
    on = plotting.plot([(nd, None)], "N", tmp_path / "on.png", fixes={"D": "2.42e11", "U": "2.5e10"})
    assert [round(x / 1e9, 2) for x, _ in on.series[0].printed] == [6.34]
    related = plotting.plot([(nd, None)], "N", tmp_path / "rel.png", fixes={"D": f"{2.42e11 / 6.34e9!r}N", "U": "25B"})
    assert [round(x / 1e9, 2) for x, _ in related.series[0].printed] == [6.34]
    off = plotting.plot([(nd, None)], "N", tmp_path / "off.png", fixes={"D": "2.5e11", "U": "2.5e10"})
    assert off.series[0].printed == []
    edited = plotting.plot([(law, None)], "GPG", tmp_path / "e.png", overrides={"k": 9e-5})
    assert edited.series[0].printed == []  # not the paper's constants


def test_plot_marks_only_the_printed_values_its_x_range_shows(run, store, tmp_path):
    """Kaplan's L(N) is checked at N = 1.76e14 (Section 1.2): on a 1e8..1e12 plot the note and the
    legend said it was marked with a circle, which lay off the axis, and its value 0.95 stretched
    the y axis down from the curves' ~1.4 to 0.9."""
    kaplan = store.law("kaplan2020/loss-n")
    wide = plotting.plot([(kaplan, None)], "N", tmp_path / "wide.png", x_range=(1e8, 1e15))
    assert [x for x, _ in wide.series[0].printed] == [pytest.approx(1.76e14)]
    result = run("plot", "kaplan2020/loss-n", "hoffmann2022", "--x", "N", "--range", "1e8..1e12", "D=20N",
                 "-o", str(tmp_path / "p.png"))
    assert result.exit_code == 0, result.output
    assert "printed in the source" not in result.stderr
    narrow = plotting.plot([(kaplan, None)], "N", tmp_path / "narrow.svg", x_range=(1e8, 1e12))
    assert narrow.series[0].printed == []
    assert "value printed in the source" not in (tmp_path / "narrow.svg").read_text(encoding="utf-8")


def test_plot_svg_with_constant_sets(run, tmp_path):
    out = tmp_path / "out.svg"
    result = run("plot", "hoffmann2022", "hoffmann2022@besiroglu2024", "--x", "D", "--fix", "N=70B",
                 "--range", "1e9..1e13", "-o", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.lstrip().startswith("<?xml") and "<svg" in text


def test_plot_y_axis_names_the_outputs_unit(run, store, tmp_path):
    """The x label gave its unit ('[exaFLOPs]') and the y label none: ding2025's pass@1 in percent
    read 'Downstream accuracy or metric'. Outputs drawn converted (an optimal size in billions of
    parameters beside one in parameters) are in the axis's unit; others name their own."""
    out = tmp_path / "rl.svg"
    result = run("plot", "ding2025/sft-then-rl-sigmoid", "--x", "x", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "Downstream accuracy or metric [percent]" in out.read_text(encoding="utf-8")
    api = store.law("ding2025/sft-then-rl-sigmoid").plot("x", tmp_path / "api.svg")
    percents = [written.read_text(encoding="utf-8").count("[percent]") for written in (api.path, out)]
    assert percents == [1, 1]
    plotted = store.law("hoffmann2022").plot("N", tmp_path / "n.svg", D="20N").path
    assert "[nats/token]" in plotted.read_text(encoding="utf-8")


def test_plot_all_sets_overlays_each_constant_set(run, store, tmp_path):
    result = run("plot", "hoffmann2022", "kaplan2020@kaplan2020", "--x", "N", "--fix", "D=1.4T", "--all-sets",
                 "-o", str(tmp_path / "sets.png"))
    assert result.exit_code == 0, result.output
    # hoffmann2022 once per set; a law given with @SET keeps it
    assert ("hoffmann2022/parametric-loss @ hoffmann2022, hoffmann2022/parametric-loss @ besiroglu2024, "
            "hoffmann2022/parametric-loss @ besiroglu2024-wikipedia, kaplan2020/loss-n-d @ kaplan2020") in result.stdout
    law = store.law("hoffmann2022")
    api = plotting.plot([(law, c.id) for c in law.law.constant_sets], "N", tmp_path / "api.png", fixes={"D": "1.4T"})
    s = api.series[1]
    np.testing.assert_allclose(s.y, engine.evaluate(law, {"N": s.x, "D": 1.4e12}, "besiroglu2024").value)
    both = run("plot", "hoffmann2022", "--x", "N", "--fix", "D=1.4T", "--all-sets", "-c", "besiroglu2024",
               "-o", str(tmp_path / "x.png"))
    assert both.exit_code == 2 and "--all-sets and --constants exclude each other" in both.output


def test_inputs_whose_sources_state_no_range_say_so(run, store, tmp_path):
    """kaplan2020's C_min frontier span is only plotted: its range carries the reason alone. The plot
    notes that the curve cannot be dashed for extrapolation there, and show says the span is not stated."""
    law = store.law("kaplan2020/loss-compute")
    assert law.law.symbols["C_min"].range.source and not provenance.has_span(law.law.symbols["C_min"].range)
    result = run("plot", "kaplan2020/loss-compute", "--x", "C_min", "-o", str(tmp_path / "k.png"))
    assert result.exit_code == 0, result.output
    assert "kaplan2020/loss-compute records no fitted range for C_min: its curve is not dashed" in result.stderr
    api = plotting.plot([(law, None)], "C_min", tmp_path / "api.png")
    assert api.series[0].fitted.all() and any("records no fitted range for C_min" in n for n in api.notes)
    shown = " ".join(run("show", "kaplan2020").stdout.split())
    assert "not stated in the sources (Not stated: the C_min frontier" in shown


def test_plot_errors(run, tmp_path):
    missing = run("plot", "hoffmann2022", "--x", "N", "-o", str(tmp_path / "a.png"))
    assert missing.exit_code == 2 and "also needs D: add --fix D=VALUE" in missing.stderr
    fmt = run("plot", "hoffmann2022", "--x", "N", "--fix", "D=1T", "-o", str(tmp_path / "a.gif"))
    assert fmt.exit_code == 2 and "use .png, .svg or .pdf" in fmt.stderr
    nox = run("plot", "hoffmann2022", "--x", "Q", "--fix", "D=1T", "-o", str(tmp_path / "a.png"))
    assert nox.exit_code == 2 and "no law given has an input 'Q'" in nox.stderr


def test_plot_matches_inputs_by_name_before_variable(run, store, tmp_path):
    # U (unique tokens) and D are both "data"; hoffmann2022 has D but no U: --fix U applies only
    # to the law that has it, and D stays hoffmann2022's x axis
    out = tmp_path / "mixed.png"
    result = run("plot", "muennighoff2023/data-constrained-loss-nd", "hoffmann2022", "--x", "D", "--fix", "N=1B",
                 "--fix", "U=25B", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "hoffmann2022/parametric-loss has no input U" in result.stderr
    mapping = plotting.local_names(store.law("hoffmann2022"), {"D": "data", "N": "model_parameters", "U": "data"})
    assert mapping == {"D": "D", "N": "N", "U": None}
    renamed = plotting.local_names(store.law("hoffmann2022"), {"P": "model_parameters", "T": "data"})
    assert renamed == {"P": "N", "T": "D"}


def test_a_paper_named_alone_is_told_its_laws_that_take_the_values_given(catalog_db):
    # kaplan2020 names its first law, L(N, D); N alone is its loss-n, C_min its compute laws
    def run(*args):
        return CliRunner().invoke(cli, ["eval", *args, "--db", catalog_db])

    alone = run("kaplan2020", "N=70B")
    assert alone.exit_code == 2
    assert alone.output.strip().endswith("; kaplan2020 names its first law, kaplan2020/loss-n-d; the values given "
                                         "are those of kaplan2020/loss-n, kaplan2020/overfitting-data-threshold")
    compute = run("kaplan2020", "C_min=10")
    assert compute.exit_code == 2 and "kaplan2020/loss-compute, kaplan2020/compute-optimal-model-size" in compute.output
    from catalog.store.reader import Store

    laws = {law.id: law for law in Store(catalog_db).paper("kaplan2020").laws}
    assert set(laws["loss-n"].input_symbols) == {"N"} and set(laws["loss-compute"].input_symbols) == {"C_min"}
    for named in (run("kaplan2020/loss-n-d", "N=70B"), run("kaplan2020", "q=1")):  # a law named, or nothing fits
        assert named.exit_code == 2 and "names its first law" not in named.output


# ------------------------------------------------------------------- JSON across commands


RUNS_CSV = Path(__file__).parents[1] / "docs" / "examples" / "chinchilla-runs.csv"


def test_json_names_the_law_under_law_in_every_evaluating_command(run):
    """The same thing under the same key: predict's rows said "ref" and fit "law_id" where eval,
    sweep, solve and optimal (and predict's own CSV and skipped laws) say "law"."""
    law = "hoffmann2022/parametric-loss"
    docs = {cmd: json.loads(run(*args, "--json").stdout) for cmd, args in {
        "eval": ("eval", "hoffmann2022", "N=70B", "D=1.4T"),
        "sweep": ("sweep", "hoffmann2022", "N=70B", "D=1.4T"),
        "solve": ("solve", "hoffmann2022", "L=2", "D=1.4T"),
        "optimal": ("optimal", "hoffmann2022", "C=1e24"),
        "fit": ("fit", "hoffmann2022", str(RUNS_CSV), "--bootstrap", "0", "--restarts", "4"),
    }.items()}
    assert {cmd: doc["law"] for cmd, doc in docs.items()} == dict.fromkeys(docs, law)
    assert "law_id" not in docs["fit"]
    predicted = json.loads(run("predict", "N=70B", "D=1.4T", "--json").stdout)
    row = next(p for p in predicted["predictions"] if p["law"] == law)
    assert "ref" not in row and row["value"] == pytest.approx(docs["eval"]["value"], rel=1e-12)
    assert predicted["skipped"] and all("law" in s for s in predicted["skipped"])


def test_predict_gives_the_conventions_as_eval_solve_and_optimal_do(run, store):
    """predict --json gave a row's conventions as one line, where eval, solve and optimal give the
    object of the four conventions: it gives the object now, the line kept as conventions_text
    (Prediction.conventions_text), which the CSV's conventions cell still holds."""
    import csv
    import io

    from catalog.engine import conventions

    law = "hoffmann2022/parametric-loss"
    evaluated = json.loads(run("eval", law, "N=70B", "D=1.4T", "--json").stdout)
    solved = json.loads(run("solve", law, "L=2", "D=1.4T", "--json").stdout)
    row = next(p for p in json.loads(run("predict", "N=70B", "D=1.4T", "--json").stdout)["predictions"]
               if p["law"] == law)
    stated = conventions.stated(store.law(law))
    assert row["conventions"] == evaluated["conventions"] == solved["conventions"] == stated
    assert row["conventions"]["validation_set"] == "MassiveText held-out"
    assert row["conventions_text"] == conventions.describe(store.law(law))
    table = run("predict", "N=70B", "D=1.4T", "--where", "id=hoffmann2022", "--format", "csv").stdout
    cell = next(r for r in csv.DictReader(io.StringIO(table)) if r["law"] == law)["conventions"]
    assert cell == row["conventions_text"] and cell.startswith("parameters total; compute C = 6ND")


# ------------------------------------------------------------------- signed inputs (z-scores)

KIM = "kim2025/agent-performance-mixed-effects"


def _sweep_rows(text: str) -> list[dict[str, str]]:
    """A sweep's CSV rows keyed by symbol: its header names each column with its unit ('N [parameters]')."""
    from catalog.engine.fit import column_name

    return [{column_name(k): v for k, v in row.items()} for row in csv.DictReader(io.StringIO(text))]


def _held_at_zero(store, but: str) -> list[str]:
    """kim2025's other 18 standardized predictors at their mean, zero."""
    return [f"{n}=0" for n in store.law(KIM).law.input_symbols if n != but]


def _x_tick_labels(svg: str) -> list[str]:
    """The x axis's tick labels in a matplotlib SVG (the axis's own label, the last text, left out)."""
    import re

    axis = svg[svg.index('id="xtick_1"'):]
    axis = axis[:axis.index('id="ytick_1"')]
    return re.findall(r"<!-- (.*?) -->", axis)[:-1]


def test_a_z_score_beyond_its_range_is_warned_by_distance_not_by_a_ratio(run, store):
    """z_I = 3 against a fit on [-1.565, 1.483] was 'above ... by a factor of 2.02', a ratio that
    means nothing on a scale through zero; a positive range keeps its ratio (hoffmann2022's 4.38)."""
    result = run("eval", KIM, *_held_at_zero(store, "z_I"), "z_I=3")
    assert result.exit_code == 0, result.output
    assert "z_I=3 is above the fitted range z_I in [-1.565, 1.483] by 1.52 (" in result.stderr
    warnings = engine.evaluate(store.law(KIM), {n: 3.0 if n == "z_I" else 0.0 for n in store.law(KIM).law.input_symbols}).warnings
    assert any("by 1.52 (" in w for w in warnings) and not any("factor" in w for w in warnings)


def test_a_z_score_is_hinted_swept_and_solved_on_its_linear_domain(run, store):
    """kim2025's inputs are z-scores, fitted from about -1.6 to 1.5: eval's hint is the range's
    arithmetic middle (it was the geometric middle of 0.001483..1.483, 0.0468966), a range naming no
    scale is evenly spaced (it was log-spaced, refusing the negative end), and solve finds a negative
    root and the root 0 (two flat slivers [-1.6e-16, -1e-30] and [1e-30, 1.6e-16] before)."""
    hint = run("eval", KIM)
    assert hint.exit_code != 0 and "e.g. z_I=-0.041" in hint.stderr  # (-1.565 + 1.483) / 2
    swept = run("sweep", KIM, "z_I=-1.5..1.5:7", *_held_at_zero(store, "z_I"))
    assert swept.exit_code == 0, swept.output
    rows = _sweep_rows(swept.stdout)
    np.testing.assert_allclose([float(r["z_I"]) for r in rows], np.linspace(-1.5, 1.5, 7))
    np.testing.assert_allclose([float(r["P"]) for r in rows], 0.453 + 0.171 * np.linspace(-1.5, 1.5, 7))
    logged = run("sweep", KIM, "z_I=0.1..10:3:log", *_held_at_zero(store, "z_I"))  # a scale named is kept
    assert [float(r["z_I"]) for r in _sweep_rows(logged.stdout)] == pytest.approx([0.1, 1, 10])
    below = run("solve", KIM, "P=0.4", *_held_at_zero(store, "z_I"), "--for", "z_I")
    assert below.exit_code == 0, below.output
    assert _value_line(below.stdout, "z_I") == pytest.approx((0.4 - 0.453) / 0.171, rel=3e-6)  # six digits printed
    at_mean = run("solve", KIM, "P=0.453", *_held_at_zero(store, "z_I"), "--for", "z_I")
    assert at_mean.exit_code == 0, at_mean.output
    assert _value_line(at_mean.stdout, "z_I") == 0 and "warning" not in at_mean.stderr
    assert "closed form: z_I = " in at_mean.stdout


def test_a_positive_input_keeps_its_log_grid(run, store):
    """Every size, count and amount keeps today's log spacing, middle and axis."""
    d = engine.domain(store.law("hoffmann2022"), "N")
    assert d.scale == "log" and d.middle == pytest.approx((d.low * d.high) ** 0.5)
    swept = run("sweep", "hoffmann2022", "N=1e8..1e10:3", "D=1T")
    assert [float(r["N"]) for r in _sweep_rows(swept.stdout)] == pytest.approx([1e8, 1e9, 1e10])
    assert "log-spaced range needs positive ends" in run("sweep", "hoffmann2022", "N=-1..1e10:3", "D=1T").stderr


def test_a_z_score_is_plotted_on_a_linear_axis(run, store, tmp_path):
    """plot --x z_I drew log-spaced x from 0.0001483 to 14.8 on a log axis: the negative half of the
    fitted range never appeared. Now the grid is even, the range widened half its width each side,
    and the axis is linear (plain tick labels, no powers of ten); a size keeps its log axis."""
    out = tmp_path / "z.svg"
    result = run("plot", KIM, "--x", "z_I", *_held_at_zero(store, "z_I"), "-o", str(out))
    assert result.exit_code == 0, result.output
    labels = _x_tick_labels(out.read_text(encoding="utf-8"))
    assert "0" in labels and any(t.startswith("\u22122") for t in labels), labels  # −2 (matplotlib's minus)
    api = plotting.plot([(store.law(KIM), None)], "z_I", tmp_path / "api.png",
                        fixes={n: 0 for n in store.law(KIM).law.input_symbols if n != "z_I"})
    s = api.series[0]
    assert api.x_scale == "linear"
    width = 1.483 + 1.565
    assert s.x[0] == pytest.approx(-1.565 - width / 2) and s.x[-1] == pytest.approx(1.483 + width / 2)
    np.testing.assert_allclose(np.diff(s.x), np.diff(s.x)[0])
    assert s.fitted[s.x < 0].any()
    lin = plotting.plot([(store.law(KIM), None)], "z_I", tmp_path / "r.png", x_range="-1..1:5",
                        fixes={n: 0 for n in store.law(KIM).law.input_symbols if n != "z_I"})
    assert lin.series[0].x.tolist() == [-1, -0.5, 0, 0.5, 1]
    sized = tmp_path / "n.svg"
    assert run("plot", "hoffmann2022", "--x", "N", "D=1T", "-o", str(sized)).exit_code == 0
    ticks = _x_tick_labels(sized.read_text(encoding="utf-8"))
    assert all("10^" in t for t in ticks), ticks


def test_plot_converts_a_law_in_pf_days_to_the_axis_of_flops(run, store, tmp_path):
    """Kaplan's C_min is in PF-days: overlaid on Chinchilla's C in FLOPs it was drawn as if in
    FLOPs (1e19 PF-days read as 1e19 FLOPs: N_opt of 1e22 parameters at the axis's 1e19). Each
    law's x input and counted output are converted to the axes' units, with a note."""
    chinchilla, kaplan = store.law("hoffmann2022/compute-optimal-parameters"), store.law("kaplan2020/compute-optimal-model-size")
    result = plotting.plot([(chinchilla, None), (kaplan, None)], "C", tmp_path / "p.png", x_range="1e19..1e25")
    drawn = result.series[1]
    assert drawn.x_factor == pytest.approx(8.64e19) and drawn.y_factor == 1.0
    at = np.argmin(np.abs(np.log(drawn.x / 8.64e23)))  # 1e4 PF-days
    assert drawn.y[at] == pytest.approx(kaplan(C_min=drawn.x[at] / 8.64e19), rel=1e-12)
    assert drawn.arrays["C_min"][at] == pytest.approx(drawn.x[at] / 8.64e19)
    assert 1e11 < drawn.y[at] < 1e13  # a trillion parameters, not 1e22
    assert result.series[0].x_factor == 1.0 and result.series[0].y[at] == pytest.approx(chinchilla(C=drawn.x[at]))
    assert result.notes[0] == ("kaplan2020/compute-optimal-model-size: C_min in PF-days is drawn in FLOPs, the "
                               "axis's unit (1 PF-days = 8.64e+19 FLOPs)")
    assert all(px == pytest.approx(8.64e19 * float(cv.inputs["C_min"])) for (px, _), cv in
               zip(drawn.printed, (c for c in kaplan.law.check_values if "C_min" in c.inputs)))
    cli = run("plot", "hoffmann2022/compute-optimal-parameters", "kaplan2020/compute-optimal-model-size", "--x", "C",
              "--range", "1e19..1e25", "-o", str(tmp_path / "cli.png"))
    assert cli.exit_code == 0 and f"note: {result.notes[0]}" in cli.stderr


def test_plot_does_not_warn_of_units_it_converted(run, store, tmp_path):
    """Overlaid on a law in FLOPs, Kaplan's C_min in PF-days is drawn in FLOPs: the conventions
    warning still listed 'units C in FLOPs vs C_min in PF-days' under the note saying it was
    converted. The differences left (compute counting) are still warned of; a unit the plot does
    not convert (a held input, in each law's own unit) still is too."""
    henighan, kaplan = store.law("henighan2020/loss-vs-compute"), store.law("kaplan2020/loss-compute")
    result = plotting.plot([(henighan, None), (kaplan, None)], "C", tmp_path / "p.png")
    assert any("C_min in PF-days is drawn in FLOPs" in n for n in result.notes)
    warned = [w for w in result.warnings if w.startswith("conventions differ")]
    assert len(warned) == 1 and "(compute counting)" in warned[0] and "units" not in warned[0]
    cli = run("plot", "henighan2020/loss-vs-compute", "kaplan2020/loss-compute", "--x", "C", "-o", str(tmp_path / "c.png"))
    assert cli.exit_code == 0 and f"warning: {warned[0]}" in cli.stderr and "units C in FLOPs" not in cli.stderr


def test_constants_that_apply_to_no_law_are_refused(run, store, tmp_path):
    """--constants is for the laws given without @SET: `eval hoffmann2022@besiroglu2024 --constants
    hoffmann2022` printed besiroglu2024's value (2.2753) with --constants silently ignored. With
    every law naming its own set the option applies to nothing and is refused; beside a law
    without @SET it is that law's set."""
    law = store.law("hoffmann2022")
    for command in (["eval", "hoffmann2022@besiroglu2024", "N=1.3B", "D=300B"],
                    ["sweep", "hoffmann2022@besiroglu2024", "N=1B,2B", "D=20N"],
                    ["solve", "hoffmann2022@besiroglu2024", "L=2.3", "D=300B"],
                    ["optimal", "hoffmann2022@besiroglu2024", "C=1e23"],
                    ["plot", "hoffmann2022@besiroglu2024", "--x", "N", "D=20N", "-o", str(tmp_path / "p.png")]):
        result = run(*command, "--constants", "hoffmann2022")
        assert result.exit_code == 2, (command, result.output)
        assert ("--constants hoffmann2022 applies to no law: the law names its constant set with @SET "
                "(besiroglu2024); give one of the two") in result.output
    mixed = run("eval", "hoffmann2022@besiroglu2024", "besiroglu2024", "N=1.3B", "D=300B", "-c", "besiroglu2024", "--json")
    assert mixed.exit_code == 0, mixed.output
    values = [r["value"] for r in json.loads(mixed.stdout)]
    assert values == pytest.approx([law.evaluate("besiroglu2024", N=1.3e9, D=3e11).value,
                                    store.law("besiroglu2024").evaluate("besiroglu2024", N=1.3e9, D=3e11).value], rel=1e-12)


def test_plot_draws_a_score_under_a_decade_on_a_linear_y(store, tmp_path):
    """As the site's plots: kim2025's success rate (0.11 to 0.66, linear in log c) on a linear y; an
    error rate (a power law towards zero) and a loss keep their log y."""
    score = plotting.plot([(store.law("kim2025/success-vs-message-density"), None)], "c", tmp_path / "s.png")
    assert score.y_scale == "linear"
    error = plotting.plot([(store.law("cherti2023/error-vs-compute"), None)], "C", tmp_path / "e.png")
    loss = plotting.plot([(store.law("hoffmann2022"), None)], "N", tmp_path / "l.png", fixes={"D": "20N"})
    assert error.y_scale == loss.y_scale == "log"


def test_the_legend_keys_only_what_is_drawn(run, tmp_path):
    """Kinetics' cost in L_out, an input with no recorded range: nothing is shaded or dashed, yet
    the legend keyed 'extrapolation' and 'fitted range of x'."""
    kinetics = tmp_path / "kinetics.svg"
    result = run("plot", "sadhukhan2025/kinetics-cost-model", "--x", "L_out", "--fix", "N=8", "--fix", "P=32B",
                 "--fix", "L_in=1000", "--fix", "D=1024", "--fix", "r=0.125", "-o", str(kinetics))
    assert result.exit_code == 0, result.output
    text = kinetics.read_text(encoding="utf-8")
    assert "inside the recorded fitted ranges" in text
    assert "extrapolation" not in text and "fitted range of" not in text
    rl = tmp_path / "rl.svg"
    assert run("plot", "ding2025/sft-then-rl-sigmoid", "--x", "x", "-o", str(rl)).exit_code == 0
    assert "extrapolation" in rl.read_text(encoding="utf-8") and "fitted range of x" in rl.read_text(encoding="utf-8")


def test_plot_x_label_names_the_variable_where_the_laws_mean_different_inputs(store, tmp_path):
    """Kaplan's N counts non-embedding parameters, Chinchilla's all of them: overlaid, the x axis
    was labelled with Kaplan's meaning alone ('N: Non-embedding parameters') under both curves."""
    kaplan, chinchilla = store.law("kaplan2020/loss-n"), store.law("hoffmann2022")
    both = tmp_path / "both.svg"
    plotting.plot([(kaplan, None), (chinchilla, None)], "N", both, fixes={"D": "20N"}, x_range=(1e8, 1e12))
    assert "N: Number of model parameters [parameters] -->" in both.read_text(encoding="utf-8")
    alone = tmp_path / "alone.svg"
    plotting.plot([(kaplan, None)], "N", alone, x_range=(1e8, 1e12))
    assert "N: Non-embedding parameters [parameters] -->" in alone.read_text(encoding="utf-8")
