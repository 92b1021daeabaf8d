"""catalog search / show / stats / vocab: output formats and exit codes, results checked
against the API and against the sets read off the records (tests/test_query.py)."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
from click.testing import CliRunner

from catalog import vocab
from catalog.cli import cli
from catalog.store.query import Catalog
from tests.test_query import ANALYSIS_CODE, COVERS_70B, EXPERT_LAWS, QUANTIZATION_TEXT, \
    VISION_COMPUTE_LAWS, VISION_COMPUTE_PAPERS, WMT_DATASETS


def run(catalog_db, *args):
    return CliRunner().invoke(cli, [*args, "--db", catalog_db], catch_exceptions=False)


def test_search_laws_json(any_catalog_db):
    result = run(any_catalog_db, "search", "--variable", "number of experts", "--laws", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {law["id"] for law in data["laws"]} == EXPERT_LAWS
    assert data["count"] == len(EXPERT_LAWS) and data["query"] == {"variable": ["experts"]}
    with Catalog(any_catalog_db) as cat:
        assert [law["id"] for law in data["laws"]] == cat.search(variable="experts").law_ids()


def test_search_text_and_show_on_every_backend(any_catalog_db):
    result = run(any_catalog_db, "search", "quantization", "--csv")
    assert result.exit_code == 0
    assert {r["paper"] for r in csv.DictReader(io.StringIO(result.output))} == QUANTIZATION_TEXT
    shown = json.loads(run(any_catalog_db, "show", "hoffmann2022", "--json").output)
    assert shown["bibliography"]["title"] == "Training Compute-Optimal Large Language Models"
    assert run(any_catalog_db, "stats", "--json").exit_code == 0


def test_search_csv(catalog_db):
    result = run(catalog_db, "search", "-m", "vision", "-v", "compute", "--csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert {r["paper"] for r in rows} == VISION_COMPUTE_PAPERS
    assert {law for r in rows for law in r["laws"].split("; ")} == VISION_COMPUTE_LAWS
    zhai = next(r for r in rows if r["paper"] == "zhai2022")
    assert zhai["year"] == "2022" and zhai["training_code"] == "Y" and zhai["analysis_code"] == "N"


def test_search_cites_every_paper_as_the_site_and_predict_do(catalog_db, papers):
    """search's citation was the survey's only: empty in CSV, null in JSON, for the papers the survey
    does not cite (castro2025 beside kumar2024 in a search for precision laws), where predict, the
    site and custom tables print 'Castro et al. (2025)'. Every paper is now cited as they cite it."""
    from catalog.reference import paper_label

    doc = json.loads(run(catalog_db, "search", "--json", "--limit", "100000").output)
    assert {p["id"]: p["citation"] for p in doc["papers"]} == {p.id: paper_label(p) for p in papers}
    rows = {r["paper"]: r for r in csv.DictReader(io.StringIO(run(catalog_db, "search", "-v", "precision", "--csv").output))}
    assert rows["castro2025"]["citation"] == "Castro et al. (2025)"
    assert rows["kumar2024"]["citation"] == "Kumar et al. (2024)"  # the survey's
    with Catalog(catalog_db) as cat:
        assert next(p for p in cat.search(variable="precision").papers if p.id == "castro2025").citation == \
            "Castro et al. (2025)"


def test_search_laws_csv(catalog_db):
    result = run(catalog_db, "search", "--variable", "experts", "--laws", "--csv")
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert {r["law"] for r in rows} == EXPERT_LAWS
    clark = next(r for r in rows if r["law"] == "clark2022/routed-loss-bilinear")
    assert clark["scaling variables"] == "model_parameters; experts"
    # Clark et al.'s Eq. 1: base-10 logs and the saturating expert count E-hat (E_start, E_max) in both
    # terms, written over its name as printed, its definition after the formula
    assert clark["formula"] == ("L = 10**(a*log10(N) + b*log10(Ehat) + c*log10(N)*log10(Ehat) + d); "
                                "Ehat = 1/(1/(E - 1 + 1/(1/E_start - 1/E_max)) + 1/E_max)")
    # whether the law has published constants, as the API says: the column is not "fitted" ("fitted N" read as in N)
    with Catalog(catalog_db) as cat:
        has = {l.id: l.has_constants for l in cat.search(variable="experts", per_law=True).laws}
    assert {r["law"]: r["has constants"] == "Y" for r in rows} == has and "fitted" not in rows[0]
    assert set(has.values()) == {True, False}
    # the table says it in words: "has constants  N" read as constants in N (the parameter count)
    table = run(catalog_db, "search", "--variable", "experts", "--laws").output
    flags = re.findall(r"^  has constants +(\S+)$", table, flags=re.M)
    assert len(flags) == len(has) and set(flags) == {"yes", "no"}



def test_search_laws_json_gives_the_definitions_by_name(catalog_db, by_id):
    """'definitions' is one string ('S_t = ...; S_1 = ...'), which a script had to split: 'defined_as'
    gives each by name, the string stays for the scripts that read it, and the CSV is as it was."""
    from catalog import definitions

    doc = json.loads(run(catalog_db, "search", "--laws", "--json", "longpre2025").output)
    for hit in doc["laws"]:
        paper, _, law_id = hit["law"].partition("/")
        recorded = definitions.definitions(next(l for l in by_id[paper].laws if l.id == law_id))
        assert hit["defined_as"] == recorded
        assert hit["definitions"] == (definitions.where_text(recorded) or None)
    assert any(len(h["defined_as"]) > 1 for h in doc["laws"]) and any(not h["defined_as"] for h in doc["laws"])
    with Catalog(catalog_db) as cat:
        hits = cat.search(text="longpre2025", per_law=True).laws
    assert [h.defined_as for h in hits] == [h["defined_as"] for h in doc["laws"]]
    header = run(catalog_db, "search", "--laws", "--csv", "longpre2025").output.splitlines()[0]
    assert header == "law,name,dependent,scaling variables,formula,has constants"


def test_search_laws_writes_an_implicit_law_as_show_does(catalog_db, by_id):
    """An implicit law's expression equals zero: --laws printed 'S = (S/S_min - 1)*(E/E_min - 1) - 1'."""
    law = next(l for l in by_id["mccandlish2018"].laws if l.id == "steps-examples-tradeoff")
    assert law.form == "implicit"
    rows = list(csv.DictReader(io.StringIO(run(catalog_db, "search", "--laws", "--csv", "mccandlish2018").output)))
    formulas = {r["law"]: r["formula"] for r in rows}
    assert formulas["mccandlish2018/steps-examples-tradeoff"] == f"0 = {law.expression}"
    assert formulas["mccandlish2018/optimal-learning-rate"] == "eps_opt = eps_max/(1 + B_noise/B)"
    with Catalog(catalog_db) as cat:
        hit = next(l for l in cat.search(text="mccandlish2018", per_law=True).laws if l.id.endswith("tradeoff"))
    assert hit.form == "implicit" and hit.formula == f"0 = {law.expression}"


def test_search_table_says_which_code_is_which(catalog_db):
    """The code column read 'code  Y/N' with nothing saying which of the two codes is released."""
    out = run(catalog_db, "search", "zhai2022").output
    with Catalog(catalog_db) as cat:
        zhai = cat.search(text="zhai2022").papers[0]
    assert (zhai.training_code, zhai.analysis_code) == (True, False)
    assert "  code (training/analysis)  Y/N\n" in out

def test_search_table(catalog_db):
    result = run(catalog_db, "search", "--analysis-code", "--limit", "100")  # more than the default 25 rows
    assert result.exit_code == 0
    assert f"{len(ANALYSIS_CODE)} paper(s)" in result.output
    for paper_id in ANALYSIS_CODE:
        assert paper_id in result.output


def test_search_text_and_covers(catalog_db):
    result = run(catalog_db, "search", "quantization", "--json")
    assert {p["id"] for p in json.loads(result.output)["papers"]} == QUANTIZATION_TEXT
    result = run(catalog_db, "search", "--covers", "N=70B", "--json")
    assert {p["id"] for p in json.loads(result.output)["papers"]} == COVERS_70B


def test_search_checked_matches_api(catalog_db):
    result = run(catalog_db, "search", "--checked", "precision", "--laws", "--json")
    assert result.exit_code == 0
    with Catalog(catalog_db) as cat:
        assert [r["id"] for r in json.loads(result.output)["laws"]] == cat.search(checked="precision").law_ids()
    assert run(catalog_db, "search", "--checked", "yes").exit_code == 2


def test_search_in_the_wrong_role_says_where_the_variable_is(catalog_db):
    # no law takes the optimal learning rate as an input; many predict it, and a few take a learning
    # rate (its schedule or area) as input: the message says both, with the counts
    result = CliRunner().invoke(cli, ["search", "-v", "optimal learning rate", "--db", catalog_db])
    with Catalog(catalog_db) as cat:
        predicting = len(cat.search(dependent="optimal learning rate").laws)
        taking = len(cat.search(variable="learning_rate").laws)
        assert not cat.search(variable="optimal learning rate") and predicting and taking
        assert len(cat.search(dependent="experts")) == 0 and cat.search(variable="experts").laws
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == ("nothing found\nno matching law takes optimal_learning_rate as a scaling variable; "
                             f"{predicting} predict it (dependent variable): try -y optimal_learning_rate\n"
                             f"{taking} matching law(s) take learning_rate: try -v learning_rate\n")
    result = CliRunner().invoke(cli, ["search", "-y", "experts", "--db", catalog_db])
    assert result.exit_code == 1
    assert result.stderr.endswith(f"no matching law predicts experts; {len(EXPERT_LAWS)} take it as a scaling "
                                  "variable: try -v experts\n")
    # other filters still apply to the suggestion (no audio law predicts or takes a learning rate)
    result = CliRunner().invoke(cli, ["search", "-v", "lr", "-m", "audio", "--db", catalog_db])
    assert result.exit_code == 1 and result.stderr == "nothing found\n"


def test_search_text_that_finds_nothing_names_a_paper_spelled_close(catalog_db):
    """'catalog search chinchila' said only 'nothing found': a misspelt nickname or id is named, as
    eval and show name it; a word close to no name adds nothing, and --json stays one document."""
    from catalog import nicknames

    with Catalog(catalog_db) as cat:
        papers = len(cat.search(text="chinchilla"))
    result = run(catalog_db, "search", "chinchila")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == (f"nothing found\ndid you mean: 'chinchilla' ({papers} paper(s))? (spelled close to words of the "
                             "catalog)\ndid you mean: hoffmann2022 (Chinchilla)? (spelled close to a paper's "
                             "id or nickname)\n")
    with Catalog(catalog_db) as cat:
        assert not cat.search(text="kaplan2021")
        named = nicknames.close_names("kaplan2021", nicknames.from_rows(cat.rows(nicknames.QUERY)))
    assert named.split(", ")[0] == "kaplan2020"
    assert f"did you mean: {named}?" in run(catalog_db, "search", "kaplan2021").stderr
    assert run(catalog_db, "search", "zzzqqq").stderr == "nothing found\n"
    as_json = run(catalog_db, "search", "chinchila", "--json")
    assert as_json.stderr == "" and json.loads(as_json.stdout)["count"] == 0


def test_search_text_that_finds_nothing_is_respelled_from_the_catalogs_words(any_catalog_db):
    catalog_db = any_catalog_db
    """'catalog search "bach size"' found nothing and offered only papers named like it, where -m/-v
    typos get 'did you mean': a word that matches nothing alone is respelled from the index's words
    (and the vocabularies'), the closest first, each respelling with what it finds under the same
    filters; offered, not run (the exit status and --json stay those of the text typed)."""
    from catalog.store import spelling
    from catalog.store.query import Query

    with Catalog(catalog_db) as cat:
        batch = cat.search(text="batch size").total
        offered = spelling.corrections(cat, Query(text="bach size"))
        assert offered[0] == spelling.Correction("batch size", batch) and len(offered) <= spelling.OFFERED
        assert all(c.found == cat.search(text=c.text).total > 0 for c in offered)
        # the other filters apply, a phrase stays a phrase, --laws counts laws
        vision = Query(text='"bach size"', modality="vision")
        assert spelling.corrections(cat, vision)[0] == spelling.Correction(
            '"batch size"', cat.search(text='"batch size"', modality="vision").total)
        laws = spelling.corrections(cat, Query(text="bach size"), per_law=True)[0]
        assert laws == spelling.Correction("batch size", cat.search(text="batch size", per_law=True, limit=1).law_total)
        assert spelling.corrections(cat, Query(text="scalling lwa"))[0].text == "scaling law"  # swapped letters
        # every word matches alone (only not together), a prefix term, a word close to nothing: none
        assert not cat.search(text="chinchilla jailbreaking") and not spelling.corrections(cat, Query(text="chinchilla jailbreaking"))
        assert not spelling.corrections(cat, Query(text="bachq*")) and not spelling.corrections(cat, Query(text="zzzqqq"))
    result = run(catalog_db, "search", "bach", "size")
    assert result.exit_code == 1 and result.stdout == ""
    assert f"did you mean: 'batch size' ({batch} paper(s)), " in result.stderr
    assert "(spelled close to words of the catalog)" in result.stderr
    assert "law(s)), " in run(catalog_db, "search", "bach", "size", "--laws").stderr
    assert run(catalog_db, "search", "bach", "size", "--json").stderr == ""


def test_search_names_a_covers_value_left_as_text(catalog_db):
    """'search --covers N=70B D=1.4T' searched the text 'D=1.4T' and said only 'nothing found'; the
    words holding '=' are named with the --covers each needs. Found by both, the same papers."""
    result = run(catalog_db, "search", "--covers", "N=70B", "D=1.4T", "C=1e21")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == ("nothing found\n'D=1.4T', 'C=1e21' were searched as text; each --covers takes one "
                             "VAR=VALUE: --covers D=1.4T --covers C=1e21\n")
    both = json.loads(run(catalog_db, "search", "--covers", "N=70B", "--covers", "D=1.4T", "--all", "--json").stdout)
    with Catalog(catalog_db) as cat:
        assert [p["id"] for p in both["papers"]] == cat.search(covers=["N=70B", "D=1.4T"], match="all").ids()


def test_search_learning_rate_inputs(catalog_db):
    # the laws that take a learning rate (or its schedule's area) as an input, not its optimum
    result = run(catalog_db, "search", "-v", "learning rate", "--laws", "--json")
    with Catalog(catalog_db) as cat:
        expected = cat.search(variable="learning_rate").law_ids()
    assert [r["id"] for r in json.loads(result.output)["laws"]] == expected
    assert set(expected) == {"luo2025/multi-power-law-two-stage", "tissue2024/lr-annealing-loss",
                             "wang2025/cpt-loss", "wang2025/cpt-loss-model-size",
                             "bergsma2025b/normalized-loss-curve-surrogate"}
    # asked as a prediction, the hint names both the input and the optimum
    result = CliRunner().invoke(cli, ["search", "-y", "lr schedule", "--db", catalog_db])
    assert result.exit_code == 1
    assert "try -v learning_rate" in result.stderr and "try -y optimal_learning_rate" in result.stderr


def test_search_limit_shows_the_first_rows_and_counts_all(catalog_db):
    result = run(catalog_db, "search", "--analysis-code", "--limit", "3", "--json")
    data = json.loads(result.output)
    assert data["count"] == len(ANALYSIS_CODE) and len(data["papers"]) == 3
    with Catalog(catalog_db) as cat:
        assert [p["id"] for p in data["papers"]] == cat.search(analysis_code=True).ids()[:3]
    table = run(catalog_db, "search", "--analysis-code", "--limit", "3")
    assert f"{len(ANALYSIS_CODE)} paper(s), first 3 shown" in table.output


def test_nothing_found_exits_1(catalog_db):
    # No sparsity paper predates 1990 (the records' years start in the 2010s), so this search finds nothing.
    result = run(catalog_db, "search", "--category", "sparsity", "--year", "1950-1990")
    assert result.exit_code == 1
    assert "nothing found" in result.output
    result = run(catalog_db, "search", "--category", "sparsity", "--year", "1950-1990", "--json")
    assert result.exit_code == 1 and json.loads(result.output)["count"] == 0


@pytest.mark.parametrize("args, message", [
    (["-m", "visoin"], "did you mean: vision?"),
    (["--variable", "experst"], "did you mean: experts"),
    (["--variable", "moe"], "did you mean: experts, efficiency_leverage, reconstruction_error? 'moe' is a category "
                            "(sparsity) and an architecture (moe)"),
    (["--covers", "N=lots"], "is not a number"),
    (["--year", "last"], "year takes a year or a range"),
    (["--json", "--csv"], "choose one of --json and --csv"),
    (["--no-such-option"], "No such option"),
])
def test_usage_errors_exit_2(catalog_db, args, message):
    result = run(catalog_db, "search", *args)
    assert result.exit_code == 2
    assert message in result.output


def test_missing_database_exits_2(tmp_path):
    result = CliRunner().invoke(cli, ["search", "--db", f"sqlite:///{tmp_path / 'none.sqlite'}", "-m", "vision"])
    assert result.exit_code == 2
    assert "write one with 'catalog load' (with the same --db)" in result.output


def test_show_renders_a_paper_with_its_laws(catalog_db):
    result = CliRunner().invoke(cli, ["show", "hoffmann2022", "--db", catalog_db], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    out = result.output
    assert "hoffmann2022: Training Compute-Optimal Large Language Models" in out
    assert "L = E + A/N**alpha + B/D**beta" in out  # formula
    assert "Irreducible loss (entropy of natural text)" in out  # symbols
    assert "alpha = 0.34" in out and "B = 410.7" in out  # constants ...
    assert "Appendix D.2, Eq. (10)" in out  # ... with their sources (the locator)
    assert "70M - 16B (7e+07 to 1.6e+10 parameters)" in out  # ranges
    assert "The survey's Table 8 lists Hoffmann et al. (2022) twice" in out  # errata
    assert "MassiveText,Github, C4 | 70M - 16B | 5B - 500B" in out  # the survey cells, verbatim
    assert "compute-optimal-tokens" in out


def test_show_marks_checks_beyond_the_fitted_range(catalog_db):
    from catalog import provenance

    result = CliRunner().invoke(cli, ["show", "krajewski2024/granularity-loss", "--db", catalog_db],
                                env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    with Catalog(catalog_db) as cat:
        law = next(l for l in cat.paper("krajewski2024").laws if l.id == "granularity-loss")
    marks = [", ".join(provenance.beyond_range(law, cv)) for cv in law.check_values]
    # the inputs column wraps the mark over two lines
    assert result.output.count("(beyond the fitted") == sum(1 for m in marks if m) == 4
    assert result.output.count("range of N, D, G)") == marks.count("N, D, G") == 2  # Table 2's 64 x 7B and 64 x 1T


def test_show_one_law_and_json(catalog_db):
    result = run(catalog_db, "show", "kaplan2020/loss-n", "--json")
    data = json.loads(result.output)
    assert data["id"] == "kaplan2020" and [law["id"] for law in data["laws"]] == ["loss-n"]
    with Catalog(catalog_db) as cat:
        assert data["laws"][0]["expression"] == next(l for l in cat.paper("kaplan2020").laws if l.id == "loss-n").expression


def test_show_pretty_formula(catalog_db):
    result = CliRunner().invoke(cli, ["show", "hoffmann2022/parametric-loss", "--pretty", "--db", catalog_db],
                                env={"COLUMNS": "250"})
    assert result.exit_code == 0
    # in the record's order, each quotient a fraction (sympy's order printed A⋅N^-α + B⋅D^-β + E)
    lines = result.output.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("L = "))
    assert lines[at - 1:at + 3] == ["        A    B ", "L = E + ── + ──", "         α    β", "        N    D "]


def test_show_pretty_draws_ascii_on_a_stdout_without_unicode(catalog_db):
    """On a cp1252 stdout (a Windows console or a redirect there) each character of sympy's drawing
    was written as its escape, 'L = E + \\u2500\\u2500 + \\u2500\\u2500': the picture broke apart.
    sympy's ASCII art is drawn there instead."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONIOENCODING": "cp1252", "COLUMNS": "250"}
    shown = subprocess.run([sys.executable, "-m", "catalog", "show", "hoffmann2022/parametric-loss", "--pretty",
                            "--db", catalog_db], capture_output=True, env=env, timeout=300)
    out = shown.stdout.decode("cp1252")
    assert shown.returncode == 0 and b"Traceback" not in shown.stderr, shown.stderr
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("L = "))
    assert lines[at - 1:at + 3] == ["          A        B  ", "L = E + ------ + -----", "         alpha    beta",
                                    "        N        D    "]
    assert "\\u" not in out

def test_show_pretty_writes_a_starred_name_as_the_paper_does(catalog_db):
    """ghorbani2021's alpha_star read 'αₛₜₐᵣ' (sympy's subscript 'star') where the paper prints α*;
    L_inf reads L_∞ as on the site."""
    result = CliRunner().invoke(cli, ["show", "ghorbani2021/loss-optimal-allocation", "--pretty", "--db", catalog_db],
                                env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    assert "Lₒₚₜ = α*⋅B" in result.output and "+ L_∞\n" in result.output and "\nα* = α⋅" in result.output
    assert "ₛₜₐᵣ" not in result.output


def test_show_unknown_ids_exit_1(catalog_db):
    """The messages start with 'error: ', as eval's, corrections' and table's do (show's had no prefix)."""
    result = run(catalog_db, "show", "hofmann2022")
    assert result.exit_code == 1 and result.stderr == "error: unknown paper 'hofmann2022'; did you mean: hoffmann2022?\n"
    result = run(catalog_db, "show", "hoffmann2022/parametric-los")
    assert result.exit_code == 1 and result.stderr.startswith(
        "error: paper 'hoffmann2022' has no law 'parametric-los'; did you mean: parametric-loss?")
    result = run(catalog_db, "show", "parametric-loss")
    assert result.exit_code == 1 and result.stderr.startswith("error: unknown paper 'parametric-loss'; a law is named")


def test_stats_json_matches_api(catalog_db):
    from catalog.publish import stats

    result = run(catalog_db, "stats", "--json")
    assert result.exit_code == 0
    with Catalog(catalog_db) as cat:
        assert json.loads(result.output) == stats.compute(cat).to_dict()


def test_stats_table_and_csv(catalog_db):
    result = CliRunner().invoke(cli, ["stats", "--db", catalog_db], env={"COLUMNS": "250"})
    assert result.exit_code == 0
    assert "22 (48.9%)" in result.output and "29 (64.4%)" in result.output and "27 (60%)" in result.output
    assert "Hoffmann et al. (2022) (hoffmann2022) is printed 2 times in Table 8" in result.output
    rows = list(csv.reader(io.StringIO(run(catalog_db, "stats", "--csv").output)))
    assert rows[0] == ["group", "value", "count", "percent"]
    assert ["table8 printed rows", "repository_link", "22", "48.9"] in rows


def test_vocab_lists_and_resolves(catalog_db):
    result = run(catalog_db, "vocab", "variable", "Model Parameters", "--json")
    assert result.exit_code == 0
    assert [r["value"] for r in json.loads(result.output)] == ["model_parameters"]
    result = run(catalog_db, "vocab", "modality", "--json")
    listed = {r["value"] for r in json.loads(result.output)}
    # The CLI lists exactly what the API knows; the vocabulary grows with the corpus.
    assert listed == set(vocab.VOCABULARIES["modality"])
    assert {"language", "vision", "multimodal", "speech", "recommendation", "protein"} <= listed
    result = run(catalog_db, "vocab", "dataset", "wmt", "--json")
    assert {r["value"] for r in json.loads(result.output)} == WMT_DATASETS
    result = run(catalog_db, "vocab", "variable", "modle sise")
    assert result.exit_code == 2 and "unknown variable 'modle sise'" in result.output
    result = run(catalog_db, "vocab", "colour")
    assert result.exit_code == 2


def test_the_laws_of_repeated_data_are_found_and_an_unknown_variable_is_one_short_line(catalog_db):
    """'which laws take the data repetition into account': 'repetition' was an unknown variable,
    and the error listed all 127 variables after the hint (a screenful for one line). The synonyms
    name the epochs; a long vocabulary is referred to catalog vocab instead of listed."""
    for word in ("repetition", "data repetition", "epoch", "number of epochs"):
        assert vocab.resolve("variable", word) == "epochs", word
    found = json.loads(run(catalog_db, "search", "--laws", "-v", "data repetition", "--json").output)
    assert found["query"] == {"variable": ["epochs"]}
    assert {"muennighoff2023/data-constrained-loss", "cuervo2024/speech-data-constrained-loss"} <= {
        law["id"] for law in found["laws"]}
    unknown = run(catalog_db, "vocab", "variable", "unique tokens")
    errors = [line for line in unknown.output.splitlines() if "unique tokens" in line]  # after click's usage lines
    assert unknown.exit_code == 2 and len(errors) == 1 and len(errors[0]) < 200, unknown.output
    message = str(pytest.raises(vocab.UnknownValue, vocab.resolve, "variable", "unique tokens").value)
    assert message.endswith(f"(catalog vocab variable lists the {len(vocab.VARIABLES)} known, with their synonyms)")
    assert len(message) < 200 and "(known: " in str(pytest.raises(vocab.UnknownValue, vocab.resolve, "modality", "x").value)


def test_vocab_table_lists_every_kind(catalog_db):
    result = CliRunner().invoke(cli, ["vocab", "--db", catalog_db], env={"COLUMNS": "250"})
    assert result.exit_code == 0
    for value in ("model_parameters", "pre-training", "decoder-only-transformer", "image-recognition", "vision"):
        assert value in result.output


def test_search_covers_lists_laws_by_their_own_ranges(catalog_db):
    """search --covers N=1.3e9 --covers D=3e11 --laws lists the laws the API finds covering the
    point (not every law of a paper fitting one law near it), each with its inputs inside or outside."""
    args = ["search", "--covers", "N=1.3e9", "--covers", "D=3e11", "--laws"]
    data = json.loads(run(catalog_db, *args, "--json").output)
    with Catalog(catalog_db) as cat:
        assert [law["law"] for law in data["laws"]] == cat.search(covers=["N=1.3e9", "D=3e11"]).law_ids()
    assert "hestness2019/learning-curve" not in {law["law"] for law in data["laws"]}
    rows = {r["law"]: r for r in csv.DictReader(io.StringIO(run(catalog_db, *args, "--csv").output))}
    assert rows["kaplan2020/loss-n-d"]["covers"] == "N=1.3e9: N inside [768, 1.5e+09]; D=3e11: D outside [2.2e+07, 2.3e+10]"


def test_search_for_laws_from_a_loss_points_to_the_variable_records_use(catalog_db):
    """'Which laws predict accuracy from loss?': -y accuracy -v loss found nothing and said nothing,
    while the accuracy-from-loss laws take the loss as 'pretraining_loss' (Gordon et al.'s BLEU
    from the loss takes 'loss'): the hint names it, with the count the API finds there. (With
    constants: DataDecide's accuracy from the task loss, magnusson2025, takes 'loss' and has none.)"""
    result = CliRunner().invoke(cli, ["search", "-y", "accuracy", "-v", "loss", "--has-constants", "--laws",
                                      "--db", catalog_db])
    with Catalog(catalog_db) as cat:
        assert cat.search(dependent="accuracy", variable="loss").ids() == ["magnusson2025"]
        assert not cat.search(dependent="accuracy", variable="loss", has_constants=True)
        found = cat.search(dependent="accuracy", variable="pretraining_loss", has_constants=True).law_ids()
        assert "bytedance2025/chartqa-accuracy-ocr-loss" in found
    assert result.exit_code == 1
    assert (f"{len(found)} matching law(s) take pretraining_loss: try -v pretraining_loss\n") in result.stderr
