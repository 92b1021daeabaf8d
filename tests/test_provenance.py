"""Provenance: primary sets are the default, secondary ones say how far they are from it."""

from __future__ import annotations

import io
import json

import pytest
from click.testing import CliRunner
from pydantic import ValidationError

from catalog import provenance
from catalog.engine import evaluation as engine
from catalog.cli import cli
from catalog.schema import ConstantSet, Law


def test_besiroglu_table1_is_the_set_named_besiroglu2024(store):
    ev = engine.evaluate(store.law("hoffmann2022"), {"N": "70B", "D": "1.4T"}, "besiroglu2024")
    assert engine.fmt(ev.value) == "1.97388"
    assert not ev.notes or all("transcription" not in n for n in ev.notes)


def test_constants_no_paper_prints_are_warned_on(store, catalog_db):
    """A value computed from a Wikipedia or survey transcription said so only in a note, and not at
    all for a law with no primary set (zhai2022's frontier): such constants are now warned on, as
    extrapolation is, saying whether a primary set checks them; a primary set gives no warning."""
    paper = engine.evaluate(store.law("hoffmann2022"), {"N": "7B", "D": "140B"}, "besiroglu2024")
    assert not [w for w in paper.warnings if w.startswith("provenance:")]
    rounded = engine.evaluate(store.law("hoffmann2022"), {"N": "7B", "D": "140B"}, "besiroglu2024-wikipedia")
    assert [w for w in rounded.warnings if w.startswith("provenance:")] == [
        "provenance: the constants used, set 'besiroglu2024-wikipedia', are a wikipedia transcription, not read in the "
        "paper, its code or a replication; the note compares it with the primary set 'besiroglu2024' (replication, "
        "Besiroglu et al. 2024 (arXiv:2404.10102), Table 1)"]
    alone = engine.evaluate(store.law("zhai2022/error-vs-compute"), {"C": 44.7})
    assert alone.constants.provenance == "wikipedia"
    assert ("provenance: the constants used, set 'wikipedia', are a wikipedia transcription, not read in the paper, its "
            "code or a replication; zhai2022/error-vs-compute records no primary set to check it against") in alone.warnings
    cli_run = CliRunner().invoke(cli, ["eval", "zhai2022/error-vs-compute", "C=44.7", "--db", catalog_db])
    assert cli_run.exit_code == 0 and f"warning: {alone.warnings[0]}" in cli_run.stderr
    swept = CliRunner().invoke(cli, ["sweep", "zhai2022/error-vs-compute", "C=1..100:3", "--json", "--db", catalog_db])
    assert alone.warnings[0] in json.loads(swept.stdout)["warnings"]


def test_rounded_set_stays_reachable_and_says_how_far_it_is(store):
    ev = engine.evaluate(store.law("hoffmann2022"), {"N": "70B", "D": "1.4T"}, "besiroglu2024-wikipedia")
    assert engine.fmt(ev.value) == "1.96399"
    [note] = [n for n in ev.notes if "transcription" in n]
    assert "'besiroglu2024' (replication, Besiroglu et al. 2024 (arXiv:2404.10102), Table 1)" in note
    assert "gives L = 1.97388" in note and "difference -0.00988" in note


def test_besiroglu_record_defaults_to_its_table1(store):
    assert engine.fmt(engine.evaluate(store.law("besiroglu2024"), {"N": "70B", "D": "1.4T"}).value) == "1.97388"


def _set(**kw):
    base = {"id": "s", "label": "l", "source": "src", "values": {"a": 0.5}}
    return ConstantSet.model_validate({**base, **kw})


@pytest.mark.parametrize("kw, message", [
    ({"provenance": "paper"}, "needs a locator"),
    ({"provenance": "code"}, "needs a locator"),
    ({"provenance": "paper", "locator": "Table 1", "printed": {"a": "0.50001"}}, "differs from its value"),
    ({"provenance": "paper", "locator": "Table 1", "printed": {"b": "0.5"}}, "has no value"),
    ({"provenance": "paper", "locator": "Table 1", "printed": {"a": "1/2"}}, "string_pattern_mismatch"),
    ({"provenance": "blog"}, "literal_error"),
])
def test_constant_set_provenance_rules(kw, message):
    with pytest.raises(ValidationError) as info:
        _set(**kw)
    assert message in str(info.value) or message in json.dumps(info.value.errors(), default=str)


def test_printed_digits_keep_trailing_zeros():
    cs = _set(provenance="paper", locator="Table 4", values={"a": 0.45}, printed={"a": "0.450"})
    assert cs.printed["a"] == "0.450" and cs.values["a"] == 0.45


def _law(sets, default=None, **extra):
    return Law.model_validate({
        "id": "l", "name": "n", "dependent_variable": "loss", "expression": "k*N**a",
        "symbols": {"L": {"role": "output", "meaning": "loss", "unit": "not stated"},
                    "N": {"role": "input", "meaning": "n", "unit": "not stated"},
                    "k": {"role": "parameter", "meaning": "k"}, "a": {"role": "parameter", "meaning": "a"}},
        "constant_sets": sets, "default_constant_set": default, **extra})


PAPER = {"id": "p", "label": "paper", "provenance": "paper", "locator": "Eq. 1", "source": "s",
         "values": {"k": 2.0, "a": 0.5}}
WIKI = {"id": "w", "label": "wiki", "provenance": "wikipedia", "source": "s", "values": {"k": 2.0, "a": 0.6}}


def test_default_is_the_most_primary_set_when_none_is_named():
    assert _law([WIKI, PAPER]).default_constants().id == "p"


def test_transcribes_must_name_a_primary_set():
    with pytest.raises(ValidationError, match="must be a primary"):
        _law([PAPER, {**WIKI, "transcribes": "nope"}])
    with pytest.raises(ValidationError, match="must be a primary"):
        _law([PAPER, {**PAPER, "id": "q", "transcribes": "p"}])


def test_no_constants_reason_only_without_sets():
    with pytest.raises(ValidationError, match="only for a law without constant sets"):
        _law([PAPER], no_constants_reason="none printed")


def test_printed_check_value_needs_a_locator():
    base = {"inputs": {"N": 4.0}, "expected": {"L": 4.0}, "source": "s"}
    with pytest.raises(ValidationError, match="needs a locator"):
        _law([PAPER], check_values=[{**base, "origin": "printed"}])
    assert _law([PAPER], check_values=[{**base, "origin": "derived"}]).check_values[0].origin == "derived"


def test_tolerance_basis_marks_measured_points_and_the_audit_counts_them():
    base = {"inputs": {"N": 4.0}, "expected": {"L": 4.0}, "source": "s"}
    printed = {**base, "origin": "printed", "locator": "Table 1"}
    assert _law([PAPER], check_values=[printed]).check_values[0].tolerance_basis == "precision"  # the default
    with pytest.raises(ValidationError, match="fit_residual is for printed"):
        _law([PAPER], check_values=[{**base, "origin": "derived", "tolerance_basis": "fit_residual"}])
    with pytest.raises(ValidationError, match="tolerance_basis"):
        _law([PAPER], check_values=[{**printed, "tolerance_basis": "loose"}])
    measured = {**printed, "tolerance_basis": "fit_residual"}
    only_measured = provenance.audit_law("x/y", _law([PAPER], check_values=[measured]))
    assert (only_measured.printed_checks, only_measured.residual_checks, only_measured.precision_checks) == (1, 1, 0)
    both = provenance.audit_law("x/y", _law([PAPER], check_values=[measured, printed]))
    assert (both.printed_checks, both.residual_checks, both.precision_checks) == (2, 1, 1)
    totals = provenance.Audit([only_measured, both]).totals
    assert totals["with_constants_and_printed_check"] == 2 and totals["with_constants_and_precision_check"] == 1
    assert totals["residual_checks"] == 2


def test_a_printed_check_tests_only_the_set_it_is_made_with():
    code = {**PAPER, "id": "c", "provenance": "code", "locator": "repo/fit.json"}
    printed = {"inputs": {"N": 4.0}, "expected": {"L": 4.0}, "source": "s", "origin": "printed", "locator": "Table 1"}
    measured = {**printed, "constant_set": "c", "tolerance_basis": "fit_residual"}
    law = _law([PAPER, code, WIKI], default="p", check_values=[printed, measured, {**measured, "inputs": {"N": 5.0}}])
    assert provenance.sets_checked(law) == {"p": "precision", "c": "fit_residual", "w": None}
    texts = provenance.set_check_texts(law)
    assert list(texts) == ["p", "c", "w"]
    assert texts["p"] == "tested by 1 value printed in the source, at the printed precision"
    assert texts["c"].startswith("tested only by 2 measured points within the fit's residual")
    assert texts["w"].startswith("no printed value tests this set's digits")
    totals = provenance.Audit([provenance.audit_law("x/y", law)]).totals
    # the Wikipedia copy is not a primary set: it neither counts nor lowers the primary share
    assert (totals["primary_sets"], totals["primary_sets_with_precision_check"],
            totals["primary_sets_with_residual_check_only"]) == (2, 1, 1)


def test_what_tests_each_set_of_thousands_is_said_in_linear_time():
    """catalog show and the law page say what tests each set's digits: the law's check values were
    counted again for each set, so a law of 3,000 sets (a 4 MB record holds some 17,000) took 11 s
    of CPU to show and its law page as long, quadratic."""
    from catalog.cli import render
    from catalog.engine.formulas import time_limit
    from catalog.site.views import LawView

    printed = {"inputs": {"N": 4.0}, "expected": {"L": 4.0}, "source": "s", "origin": "printed", "locator": "Table 1"}
    law = _law([PAPER, *({**PAPER, "id": f"p{i}"} for i in range(3000))], default="p", check_values=[printed])
    with time_limit(2):  # CPU seconds; 11 before
        shown = render.render_law(law)
        checks = LawView(None, law).set_checks
    assert checks["p"] == "tested by 1 value printed in the source, at the printed precision"
    assert checks["p2999"].startswith("no printed value tests this set's digits") and len(checks) == 3001
    from rich.console import Console

    console = Console(width=200, record=True, file=io.StringIO())
    console.print(shown)
    assert console.export_text().count("checked: ") == 3001  # each set's sentence, as set_checks has it


def test_checks_beyond_the_fitted_range_are_counted_as_tests_of_extrapolation():
    def law(*inputs, origin="printed"):
        checks = [{"inputs": {"N": n}, "expected": {"L": 4.0}, "source": "s", "origin": origin,
                   **({"locator": "Table 1"} if origin == "printed" else {})} for n in inputs]
        made = _law([PAPER], check_values=checks).model_dump(exclude_none=True)
        made["symbols"]["N"]["range"] = {"min": 10.0, "max": 100.0, "source": "Table 1"}
        return Law.model_validate(made)

    inside = law(10.0, 100.0)  # the bounds are inside
    assert [provenance.beyond_range(inside, cv) for cv in inside.check_values] == [[], []]
    assert provenance.audit_law("x/y", inside).extrapolation_checks == 0
    outside = law(9.0, 50.0, 1e4)
    assert [provenance.beyond_range(outside, cv) for cv in outside.check_values] == [["N"], [], ["N"]]
    assert provenance.audit_law("x/y", outside).extrapolation_checks == 2
    # a derived self-check out there tests only the evaluator: not counted
    assert provenance.audit_law("x/y", law(1e4, origin="derived")).extrapolation_checks == 0
    unbounded = _law([PAPER], check_values=outside.check_values)  # no recorded range: nothing to be beyond
    assert provenance.audit_law("x/y", unbounded).extrapolation_checks == 0
    totals = provenance.Audit([provenance.audit_law("a/b", inside), provenance.audit_law("a/c", outside)]).totals
    assert (totals["extrapolation_checks"], totals["with_extrapolation_check"]) == (2, 1)


def test_no_printed_check_reason_only_with_constants_and_no_printed_check():
    printed = {"inputs": {"N": 4.0}, "expected": {"L": 4.0}, "source": "s", "origin": "printed", "locator": "Table 1"}
    with pytest.raises(ValidationError, match="no_printed_check_reason is only"):
        _law([PAPER], check_values=[printed], no_printed_check_reason="prints only the constants")
    with pytest.raises(ValidationError, match="no_printed_check_reason is only"):
        _law([], no_constants_reason="none printed", no_printed_check_reason="prints only the constants")
    law = _law([PAPER], no_printed_check_reason="prints only the constants")
    report = provenance.audit_law("x/y", law)
    assert report.no_printed_check_reason == "prints only the constants"
    assert "no printed check value and no no_printed_check_reason" not in report.gaps
    assert "no printed check value and no no_printed_check_reason" in provenance.audit_law("x/y", _law([PAPER])).gaps


def test_audit_counts_inputs_by_what_their_fitted_range_records():
    def law(rng):
        made = _law([PAPER], no_printed_check_reason="prints only the constants")
        symbols = {**made.model_dump()["symbols"]}
        symbols["N"] = {"role": "input", "meaning": "n", "unit": "not stated", **({"range": rng} if rng is not None else {})}
        return _law([PAPER], no_printed_check_reason="prints only the constants", symbols=symbols)

    spanned = provenance.audit_law("a/s", law({"min": 1.0, "max": 10.0, "source": "Table 1"}))
    stated = provenance.audit_law("a/t", law({"source": "Not stated: the sizes appear only in Figure 2"}))
    neither = provenance.audit_law("a/n", law(None))
    assert (spanned.inputs_with_range, spanned.gaps) == (["N"], [])
    assert (stated.inputs_range_not_stated, stated.gaps) == (["N"], [])
    assert neither.inputs_without_range == ["N"]
    assert neither.gaps == ["no fitted range, nor why none is stated, for N"]
    totals = provenance.Audit([spanned, stated, neither]).totals
    assert [totals[k] for k in ("inputs", "inputs_with_range", "inputs_range_not_stated", "inputs_without_range")] \
        == [3, 1, 1, 1]


def test_evaluating_where_the_source_prints_a_value_shows_it():
    printed = {"inputs": {"N": 4.0}, "expected": {"L": 4.1}, "rel_tol": 0.05, "source": "s", "origin": "printed",
               "locator": "Table 1"}
    measured = {**printed, "inputs": {"N": 16.0}, "expected": {"L": 8.4}, "tolerance_basis": "fit_residual",
                "locator": "Table 2, row 16"}
    derived = {"inputs": {"N": 4.0}, "expected": {"L": 4.0}, "source": "s", "origin": "derived"}
    on_wiki = {**printed, "constant_set": "w", "locator": "Wikipedia"}
    law = _law([PAPER, WIKI], check_values=[printed, measured, derived, on_wiki])

    def shown(*args, **kw):
        return [n for n in engine.evaluate(law, *args, **kw).notes if n.startswith("printed in the source")]

    [note] = shown({"N": 4})  # the default set: its printed check, not the derived one
    assert note == ("printed in the source (Table 1): L = 4.1 at these inputs; this value is -2.44% from it "
                    "(the check holds the law to it within 5%)")
    [note] = shown({"N": 16})
    assert note.startswith("printed in the source (Table 2, row 16): L = 8.4 at these inputs; this value is -4.76% ")
    assert note.endswith("(a measured point the law was fitted to; the fit misses such points by up to 5%)")
    assert shown({"N": 4.0001}) == []  # another point
    assert shown({"N": 4}, overrides={"a": 0.4}) == []  # not the source's constants
    [note] = shown({"N": 4}, "w")  # the other set: the check made with it
    assert note.startswith("printed in the source (Wikipedia): L = 4.1 at these inputs; this value is +12.1% ")


def test_comparison_at_the_reference_point():
    law = _law([PAPER, WIKI], reference_point={"N": 100.0})
    cmp = provenance.compare_to_primary(law, "w")
    assert cmp.primary.id == "p" and cmp.used_value == pytest.approx(2 * 100 ** 0.6)
    assert cmp.difference == pytest.approx(2 * 100 ** 0.6 - 20)
    assert provenance.compare_to_primary(law, "p") is None


def test_another_set_is_compared_with_the_primary_set_only_when_no_other_note_says_it():
    replication = {**PAPER, "id": "r", "provenance": "replication", "values": {"k": 2.0, "a": 0.4}}
    law = _law([PAPER, replication, WIKI, {**WIKI, "id": "wr", "transcribes": "r"}])
    cmp = provenance.compare_beside_primary(law, "r", {"N": 100.0})
    assert (cmp.primary.id, cmp.used_value, cmp.primary_value) == ("p", pytest.approx(2 * 100 ** 0.4), 20)
    assert cmp.describe() == (f"Constant set r gives L = {2 * 100 ** 0.4:.6g} at these inputs; the law's primary "
                              f"set p (paper, Eq. 1) gives 20 (difference {2 * 100 ** 0.4 - 20:+.6g}, "
                              f"{100 * (2 * 100 ** 0.4 - 20) / 20:+.3g}%).")
    assert provenance.compare_beside_primary(law, "wr", {"N": 100.0}).primary.id == "p"  # transcribes r, not p
    for quiet in ("p", "w", None):  # the default and primary set; a transcription of the primary set
        assert provenance.compare_beside_primary(law, quiet, {"N": 100.0}) is None
    assert provenance.compare_beside_primary(_law([PAPER, replication], default="r"), "r", {"N": 100.0}) is None


def test_audit_flags_a_secondary_default_while_a_primary_set_exists():
    report = provenance.audit_law("x/l", _law([PAPER, WIKI], default="w"))
    assert report.problems == ["default set 'w' is wikipedia while the primary set 'p' exists"]
    assert provenance.audit_law("x/l", _law([PAPER, WIKI])).problems == []
    assert provenance.audit_law("x/l", _law([WIKI])).problems == []


def test_audit_of_a_law_id_reports_that_law_alone(catalog_db):
    # 'audit PAPER/LAW' answered "unknown paper"; it reports the law, and counts it alone
    def audit(*refs):
        result = CliRunner().invoke(cli, ["audit", *refs, "--json", "--db", catalog_db])
        assert result.exit_code == 0, result.output
        return json.loads(result.output)

    one = audit("sun2024/optimal-tokens")
    assert [a["law"] for a in one["laws"]] == ["sun2024/optimal-tokens"] and one["totals"]["laws"] == 1
    assert one["laws"] == [a for a in audit("sun2024")["laws"] if a["law"] == "sun2024/optimal-tokens"]
    unknown = CliRunner().invoke(cli, ["audit", "sun2024/nope", "--db", catalog_db])
    assert unknown.exit_code == 2 and "unknown law of sun2024 'nope'" in unknown.output


def test_audit_of_the_catalog_passes_and_counts(catalog_db, store):
    result = CliRunner().invoke(cli, ["audit", "--json", "--db", catalog_db])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    totals = data["totals"]
    assert totals["laws"] == len(data["laws"]) and totals["problems"] == 0
    assert totals["with_constants"] + totals["without_constants"] == totals["laws"]
    by_ref = {a["law"]: a for a in data["laws"]}
    assert by_ref["besiroglu2024/parametric-loss"]["default_provenance"] == "paper"
    # the law named as eval, predict and search name it: one jq filter or join reads them all
    from catalog.frames import law_keys

    law = store.law("besiroglu2024/parametric-loss")
    assert {k: by_ref[law.id][k] for k in ("law", "paper", "name")} == law_keys(law.id, law.law.name)
    assert by_ref[law.id]["paper"] == "besiroglu2024" and by_ref[law.id]["name"] == law.law.name
    # measured points held to a fit's residual are counted apart from checks at the printed precision
    assert 0 < totals["residual_checks"] < totals["printed_checks"]
    assert totals["with_constants_and_precision_check"] < totals["with_constants_and_printed_check"]
    # Krajewski et al.'s Table 2 optima (64 x 100M to 64 x 1T) lie beyond the 129M-3.7B models fitted
    assert by_ref["krajewski2024/granularity-loss"]["extrapolation_checks"] == 4
    assert 0 < totals["with_extrapolation_check"] < totals["extrapolation_checks"] < totals["printed_checks"]
    men = by_ref["men2024/rope-base-lower-bound"]  # eleven Table 2 points held to the fit's 48.7% residual
    assert men["residual_checks"] == 11 and men["printed_checks"] >= 11
    assert by_ref["hoffmann2022/parametric-loss"]["sets"]["besiroglu2024"] == "replication"


def test_refits_name_a_test_of_their_paper_that_exists(papers):
    """A constant set's ``refit`` names the test that refits the released runs: the function must
    exist in that file, and the file must be about the set's paper (its id or arXiv id)."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    named = 0
    for p in papers:
        for law in p.laws:
            for cs in law.constant_sets:
                if cs.refit is None:
                    continue
                path, name = cs.refit.test.split("::")
                text = (root / path).read_text(encoding="utf-8")
                assert re.search(rf"^def {name}\(", text, flags=re.M), (p.id, cs.id, cs.refit.test)
                assert p.id in text or (p.bibliography.arxiv and p.bibliography.arxiv in text), (p.id, cs.refit.test)
                named += 1
    assert named >= 1


def test_a_refit_names_a_reproduction_test():
    base = {"id": "s", "label": "s", "provenance": "paper", "locator": "Table 1", "source": "x", "values": {"a": 1.0}}
    ok = ConstantSet.model_validate({**base, "refit": {"data": "org/repo runs.csv at abc1234",
                                                       "test": "tests/test_fit_reproduction_x.py::test_y",
                                                       "agreement": "to 1e-7 relative"}})
    assert "catalog fit on the released runs (org/repo runs.csv at abc1234) gives these constants to 1e-7 relative" \
        in provenance.refit_text(ok)
    for test in ("tests/test_cli.py::test_y", "tests/test_fit_reproduction_x.py", "/etc/passwd::test_y",
                 "tests/test_fit_reproduction_x.py::test_y\nmore"):
        with pytest.raises(ValidationError):
            ConstantSet.model_validate({**base, "refit": {"data": "d", "test": test, "agreement": "a"}})


def test_a_laws_set_index_does_not_keep_the_law(store):
    """The index of a law's sets (found once per law) holds the law weakly: it held every law read,
    and through them the site build's whole catalog of records, until mkdocs had written the site."""
    import gc
    import weakref

    law = Law.model_validate(store.law("hoffmann2022").law.model_dump())
    assert provenance.default_set(law).id == "hoffmann2022" and provenance.constant_set(law, "besiroglu2024") is not None
    gone = weakref.ref(law)
    del law
    gc.collect()
    assert gone() is None
    again = Law.model_validate(store.law("hoffmann2022").law.model_dump())  # found again, not from a dead entry
    assert provenance.default_set(again).id == "hoffmann2022"
    assert provenance.sets_default_first(again)[0] is provenance.default_set(again)
