"""Conventions: stated by every evaluation, and warned about when laws that differ are compared
or plotted (real laws: Kaplan's non-embedding N vs Chinchilla's total N, nats vs bits, 6ND vs
C = MD, FLOPs vs PF-days, different validation sets)."""

from __future__ import annotations

import json

import pytest

from catalog.engine import conventions, evaluation as engine, plotting, sweep
from catalog.store.reader import LawRef, Store


# ------------------------------------------------------------------- stated on evaluation


def test_evaluation_states_the_conventions(law):
    ev = engine.evaluate(law("hoffmann2022"), {"N": "70B", "D": "1.4T"})
    assert {k: v for k, v in ev.conventions.items() if k != "tokenizer"} == {
        "parameters": "total", "compute": "C = 6ND", "loss_unit": "nats", "validation_set": "MassiveText held-out"}
    assert ev.conventions["tokenizer"].startswith("MassiveText SentencePiece (Section 4.1")
    kaplan = engine.evaluate(law("kaplan2020/loss-n-d"), {"N": 1e9, "D": 1e10})
    assert kaplan.conventions["parameters"] == "non-embedding"
    assert kaplan.conventions["validation_set"] == "WebText2 test set"
    assert conventions.describe(law("kaplan2020/loss-n-d")) == (
        "parameters non-embedding; compute C = 6ND (non-embedding); loss in nats/token; validation set WebText2 test set; "
        "tokenizer GPT-2 BPE, 50257 tokens")  # the tokenizer by name, its locator in the record


def test_eval_command_prints_and_returns_conventions(run, law):
    text = run("eval", "kaplan2020/loss-n-d", "N=1B", "D=10B")
    assert text.exit_code == 0, text.output
    assert ("  conventions: parameters non-embedding; compute C = 6ND (non-embedding); loss in nats/token; "
            "validation set WebText2 test set; tokenizer GPT-2 BPE, 50257 tokens\n") in text.stdout
    as_json = run("eval", "kaplan2020/loss-n-d", "N=1B", "D=10B", "--json")
    assert json.loads(as_json.stdout)["conventions"] == conventions.stated(law("kaplan2020/loss-n-d"))


def test_conventions_name_the_loss_in_the_output_unit(run, law):
    """The conventions line and the value beside it say one unit: 'loss in nats/token' where the
    output is that loss, the bare 'loss in nats' where the output is no loss (an optimal size)."""
    assert conventions.loss_wording("nats", "nats/token") == "loss in nats/token"
    assert conventions.loss_wording("bits", "bits per byte") == "loss in bits per byte"
    assert conventions.loss_wording("nats", "parameters") == "loss in nats"
    assert conventions.loss_wording("nats", "natsx") == "loss in nats"  # a word, not a prefix
    assert conventions.loss_wording("not stated", "nats/token") == "loss unit not stated"
    text = run("eval", "hoffmann2022", "N=70B", "D=1.4T")
    assert "; loss in nats/token; " in text.stdout and "  L = 1.93665 nats/token\n" in text.stdout
    rows = json.loads(run("predict", "N=70B", "D=1.4T", "--where", "id=hoffmann2022", "--json").stdout)["predictions"]
    assert "; loss in nats/token; " in rows[0]["conventions_text"] and rows[0]["unit"] == "nats/token"


# ------------------------------------------------------------------- differences


def test_kaplan_non_embedding_vs_chinchilla_total(law):
    diffs, notes = conventions.differences(law("hoffmann2022"), law("kaplan2020/loss-n-d"))
    assert {d.field for d in diffs} == {"parameters", "validation_set", "tokenizer"}
    by = {d.field: d for d in diffs}
    assert (by["parameters"].a, by["parameters"].b) == ("total", "non-embedding")
    assert by["tokenizer"].detail == ("tokenizer 'MassiveText SentencePiece' vs 'GPT-2 BPE, 50257 tokens' (different "
                                      "names): a loss per token depends on the tokenizer")
    assert "with embeddings vs without embeddings" in by["parameters"].detail
    assert by["validation_set"].detail == "validation set 'MassiveText held-out' vs 'WebText2 test set'"
    assert notes == []
    [warning] = conventions.compare([law("hoffmann2022"), law("kaplan2020/loss-n-d")]).warnings
    assert warning.startswith("conventions differ between hoffmann2022/parametric-loss and kaplan2020/loss-n-d "
                              "(parameter counting, validation set, tokenizer): parameters counted total vs non-embedding")
    assert warning.endswith("the values are not directly comparable")


def test_nats_vs_bits(law):
    diffs, _ = conventions.differences(law("hoffmann2022"), law("bi2024/optimal-data-scale"))
    unit = next(d for d in diffs if d.field == "loss_unit")
    assert (unit.a, unit.b) == ("nats", "bits")
    assert "1 bit = ln 2 = 0.6931 nats" in unit.detail


def test_6nd_vs_md_compute(law):
    diffs, _ = conventions.differences(law("hoffmann2022/compute-optimal-tokens"), law("bi2024/optimal-data-scale"))
    compute = next(d for d in diffs if d.field == "compute")
    assert (compute.a, compute.b) == ("C = 6ND", "C = MD (Eq. 2)")
    assert "6ND, in FLOPs vs MD (FLOPs per token, with attention), in FLOPs" in compute.detail
    assert "loss_unit" not in {d.field for d in diffs}  # not applicable to an allocation law


def test_flops_vs_pf_days(law):
    diffs, _ = conventions.differences(law("hoffmann2022/compute-optimal-parameters"),
                                       law("kaplan2020/compute-optimal-model-size"))
    fields = {d.field: d for d in diffs}
    assert set(fields) == {"parameters", "compute", "unit"}
    assert fields["unit"].detail == "units C in FLOPs vs C_min in PF-days"
    assert "in FLOPs vs 6ND over non-embedding parameters, in PF-days" in fields["compute"].detail


def test_same_conventions_give_no_warning(law):
    # Besiroglu's validation set is MassiveText held-out too (read from Hoffmann's figure)
    chinchilla, besiroglu = law("hoffmann2022"), law("besiroglu2024")
    assert conventions.compare([chinchilla, besiroglu]).warnings == []
    assert conventions.compare([chinchilla, chinchilla]).warnings == []  # one law, two constant sets


def test_unstated_convention_is_a_note_not_a_warning(law):
    result = conventions.compare([law("kaplan2020/loss-compute"), law("henighan2020/loss-vs-compute")])
    assert ("henighan2020/loss-vs-compute does not state its validation set (kaplan2020/loss-compute: WebText2 test "
            "set); the two cannot be checked against each other") in result.notes
    assert all("validation set" not in w for w in result.warnings)
    assert "units C_min in PF-days vs C in FLOPs" in result.warnings[0]


@pytest.mark.parametrize("text,expected", [
    ("C = 6ND", ("6ND", None, "FLOPs")),
    ("C = 6ND (non-embedding)", ("6ND", "non-embedding", "FLOPs")),
    ("D = C/6N (Wikipedia)", ("6ND", None, "FLOPs")),
    ("FLOPs; D = C/6N", ("6ND", None, "FLOPs")),
    ("C = MD (Eq. 2)", ("MD (FLOPs per token, with attention)", None, "FLOPs")),
    ("C_min = 6NBS_min, non-embedding, in PF-days (1 PF-day = 8.64e19 FLOPs)", ("6ND", "non-embedding", "PF-days")),
    ("C_E = 6 N_E D (non-embedding compute, FLOPs); the script also computes an 'accurate' variant with attention FLOPs",
     ("6ND", "non-embedding", "FLOPs")),
    ("C = 6 (N_nv + N_v) D", ("6ND", "total", "FLOPs")),
    ("training 6ND plus inference cost over the lifetime token demand", ("6ND plus inference", None, "FLOPs")),
    ("TPUv3-core-days", (None, None, "TPUv3-core-days")),
    ("training FLOPs", (None, None, "FLOPs")),
    # a denial is no 6ND counting (it read as 6ND), and PFLOP/s-days are PF-days (it read FLOPs)
    ("the paper's FLOPs-per-token count (Section M), not 6ND", ("other than 6ND", None, "FLOPs")),
    ("C = m (ND)^n fitted per architecture family (Eq. 8), not 6ND", ("other than 6ND", None, "FLOPs")),
    ("training FLOPs in PFLOP/s-days (C = 6ND, Appendix B)", ("6ND", None, "PF-days")),
])
def test_compute_conventions_are_read(text, expected):
    c = conventions.compute_convention(text)
    assert (c.counting, c.over, c.unit) == expected


@pytest.mark.parametrize("text", ["not stated", "not applicable (models trained to convergence)"])
def test_unstated_compute(text):
    assert conventions.compute_convention(text) is None


def test_every_recorded_convention_pair_compares(papers):
    refs = [LawRef(p, l) for p in papers for l in p.laws]
    for a in refs[::7]:
        for b in refs[::5]:
            diffs, notes = conventions.differences(a, b)
            for d in diffs:
                assert d.field in (*conventions.FIELDS, "unit") and d.detail


# ------------------------------------------------------------------- comparing and plotting warn


def test_compare_api_warns_on_each_evaluation(law):
    out = sweep.compare([(law("hoffmann2022"), None), (law("kaplan2020/loss-n-d"), None)], {"N": "70B", "D": "1.4T"})
    for ev in out:
        assert sum(w.startswith("conventions differ between hoffmann2022/parametric-loss and kaplan2020/loss-n-d")
                   for w in ev.warnings) == 1
    same = sweep.compare([(law("hoffmann2022"), None), (law("hoffmann2022"), "besiroglu2024")], {"N": 1e9, "D": 1e10})
    assert not any(w.startswith("conventions differ") for ev in same for w in ev.warnings)


def test_eval_command_warns_once(run):
    result = run("eval", "hoffmann2022", "kaplan2020", "N=70B", "D=1.4T")
    assert result.exit_code == 0, result.output
    lines = [l for l in result.stderr.splitlines() if l.startswith("warning: conventions differ")]
    assert len(lines) == 1
    assert "(parameter counting, validation set, tokenizer; each law's conventions line states its own)" in lines[0]
    # the details the warning names are in each block's conventions line
    assert "conventions: parameters total;" in result.stdout and "conventions: parameters non-embedding;" in result.stdout
    assert "validation set MassiveText held-out;" in result.stdout and "validation set WebText2 test set;" in result.stdout


def test_plot_warns(law, tmp_path):
    result = plotting.plot([(law("hoffmann2022/compute-optimal-tokens"), None), (law("bi2024/optimal-data-scale"), None),
                            (law("kaplan2020/compute-optimal-data"), None)], "C", tmp_path / "p.png")
    warned = [w for w in result.warnings if w.startswith("conventions differ")]
    assert len(warned) == 3
    assert any("hoffmann2022/compute-optimal-tokens and bi2024/optimal-data-scale (parameter counting, compute counting)"
               in w for w in warned)
    # Kaplan's C_min in PF-days is drawn in FLOPs (a note says so): no unit difference is left to warn of
    assert not any("units" in w for w in warned)
    assert any("C_min in PF-days is drawn in FLOPs" in n for n in result.notes)


def test_eval_of_several_laws_warns_briefly_beside_each_laws_conventions(law, run):
    """Each block of eval's text output prints its law's conventions line, and each pair's warning
    repeated those conventions in full (1,330 characters of warnings for three laws): the text
    output names the pair and what differs, the API and --json keep the details."""
    pair = [(law("hoffmann2022"), None), (law("kaplan2020/loss-n-d"), None)]
    [full] = [w for w in sweep.compare(pair, {"N": "1B", "D": "100B"})[0].warnings if w.startswith("conventions")]
    brief = ("conventions differ between hoffmann2022/parametric-loss and kaplan2020/loss-n-d (parameter counting, "
             "validation set, tokenizer; each law's conventions line states its own): the values are not directly comparable")
    assert sweep.compare(pair, {"N": "1B", "D": "100B"})[0].briefs == {full: brief}
    result = run("eval", "hoffmann2022", "kaplan2020/loss-n-d", "N=1B", "D=100B")
    assert result.exit_code == 0, result.output
    assert f"warning: {brief}" in result.stderr and full not in result.stderr
    assert "conventions: parameters non-embedding; compute C = 6ND (non-embedding); loss in nats/token; validation set " \
           "WebText2 test set; tokenizer GPT-2 BPE, 50257 tokens" in result.stdout
    docs = json.loads(run("eval", "hoffmann2022", "kaplan2020/loss-n-d", "N=1B", "D=100B", "--json").stdout)
    assert full in docs[0]["warnings"]


def test_plot_command_warns(run, tmp_path):
    out = tmp_path / "cmp.png"
    result = run("plot", "hoffmann2022", "kaplan2020", "--x", "N", "--fix", "D=20N", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.exists()
    assert ("warning: conventions differ between hoffmann2022/parametric-loss and kaplan2020/loss-n-d "
            "(parameter counting, validation set, tokenizer)") in result.stderr


def test_store_and_api_agree(catalog_db):
    ref = Store(catalog_db).law("besiroglu2024")
    assert engine.evaluate(ref, {"N": 1e9, "D": 1e10}).conventions["validation_set"].startswith("MassiveText held-out")


@pytest.mark.parametrize("text, k", [
    ("C = 6ND", 6.0), ("C_min = 6NBS_min, non-embedding, in PF-days (1 PF-day = 8.64e19 FLOPs)", 6.0),
    ("F = 6 N_act D (Appendix A.2)", 6.0), ("FLOPs = 6 (N_nv + N_v) D", 6.0), ("C ≈ 6ND FLOPs (Section 3.2)", 6.0),
    ("FLOPs; D = C/6N", 6.0), ("C = 7822 N D FLOPs", 7822.0),
    ("Eq. (2), C ≈ 9.59 N D + 2.3e8 D (N activated parameters)", None),  # a further term: no fixed multiple
    ("the paper's FLOPs-per-token count (Section M), not 6ND", None), ("counted per architecture, not C = 6ND", None),
    ("C = MD, M = 72 n_layer d_model^2 (Eq. 2); replaces C = 6ND", None), ("not stated", None),
    ("training compute in PF-days; how FLOPs are counted is not stated (the runs are drawn near 6ND)", None),
    ("C = 6ND for the models whose N and D are known; the law's input is the Llama-2-equivalent FLOPs", None),
    ("training 6ND plus inference cost over the lifetime token demand", None),
    # no multiple that counts compute: C = 0 was evaluated at zero compute and marked the split of C = 6ND
    # (the row's falsy multiple), 400 digits of k at C = inf
    ("C = 0 N D", None), ("C = 0.0ND", None), ("C = " + "9" * 400 + " N D", None),
])
def test_nd_multiple_reads_only_a_stated_relation(text, k):
    from catalog.engine import conventions

    got, why = conventions.nd_multiple(text)
    assert got == k and (why == "") == (k is not None), (text, why)


# ------------------------------------------------------------------- tokenizer


def _tokenized(law, ref: str, text: str) -> LawRef:
    """The law of ``ref`` stating ``text`` as its tokenizer (records are not edited by tests)."""
    target = law(ref)
    changed = target.law.conventions.model_copy(update={"tokenizer": text})
    return LawRef(target.paper, target.law.model_copy(update={"conventions": changed}))


@pytest.mark.parametrize("text, name, size", [
    ("GPT-2 BPE, 50,257 tokens (Section 2.1)", "gpt 2 bpe", 50257),
    ("SentencePiece, 32K tokens (Table 1)", "sentencepiece", 32000),
    ("SentencePiece BPE, vocabulary of 32,000 (Table 2)", "sentencepiece bpe", 32000),
    ("byte-level BPE, 128k-token vocabulary (Section 2)", "byte level bpe", 128000),
    ("Llama 2 tokenizer, vocabulary size 32000 (Sec. 2)", "llama 2", 32000),
    ("cl100k_base (Appendix A)", "cl100k base", None),  # the 100k inside a name is no size
    ("GPT-2 BPE, 1.5M tokens (p. 3)", "gpt 2 bpe", 1_500_000),
])
def test_tokenizer_texts_are_read_for_a_name_and_a_vocabulary_size(text, name, size):
    read = conventions.tokenizer(text)
    assert (read.name, read.size) == (name, size)


@pytest.mark.parametrize("text", ["not stated", "not stated (read: Section 2, Appendix A)",
                                  "not applicable (accuracy)", "varies: GPT-2 BPE and SentencePiece (Table 1)"])
def test_unstated_and_varying_tokenizers_are_not_read(text):
    assert conventions.tokenizer(text) is None


@pytest.mark.parametrize("a, b, what", [
    ("GPT-2 BPE, 50,257 tokens (Section 2)", "GPT-2 BPE, 50,257 tokens (Table 1)", None),  # the locator aside
    ("GPT-2 BPE, 50,257 tokens (Section 2)", "gpt2 bpe; 50,257 tokens (Table 1)", "different names"),
    ("GPT-2 BPE, 50,257 tokens (x)", "GPT-2  BPE , 50,257 Tokens (y)", None),  # case and spaces aside
    ("SentencePiece, 32K tokens (x)", "SentencePiece, 32,000 tokens (y)", None),
    ("SentencePiece, 32K tokens (x)", "SentencePiece, 32,768 tokens (y)", None),  # binary thousands
    ("SentencePiece, 32K tokens (x)", "SentencePiece, 64K tokens (y)", "vocabulary 32,000 vs 64,000 tokens"),
    ("GPT-2 BPE (x)", "GPT-2 BPE, 50,257 tokens (y)", None),  # a size stated on one side only
    ("GPT-2 BPE, 50,257 tokens (x)", "SentencePiece, 32,000 tokens (y)",
     "different names; vocabulary 50,257 vs 32,000 tokens"),
    ("varies: per model (Table 1)", "GPT-2 BPE, 50,257 tokens (y)", None),
])
def test_tokenizers_differ_by_name_or_vocabulary_size(a, b, what):
    assert conventions.tokenizer_difference(a, b) == what


def test_laws_with_different_tokenizers_are_warned_about(law):
    a = _tokenized(law, "hoffmann2022", "SentencePiece, 32,000 tokens (Table 1)")
    b = _tokenized(law, "besiroglu2024", "GPT-2 BPE, 50,257 tokens (Section 2.1)")
    diffs, notes = conventions.differences(a, b)
    [tok] = [d for d in diffs if d.field == "tokenizer"]
    assert (tok.a, tok.b) == ("SentencePiece, 32,000 tokens (Table 1)", "GPT-2 BPE, 50,257 tokens (Section 2.1)")
    assert tok.detail == ("tokenizer 'SentencePiece, 32,000 tokens' vs 'GPT-2 BPE, 50,257 tokens' (different names; "
                          "vocabulary 32,000 vs 50,257 tokens): a loss per token depends on the tokenizer")
    [warning] = conventions.compare([a, b]).warnings
    assert "(tokenizer)" in warning and tok.detail in warning
    same = _tokenized(law, "besiroglu2024", "sentencepiece, 32K tokens (Section 3)")
    assert conventions.compare([a, same]).warnings == []  # another locator, case and K: the same tokenizer
    varying = _tokenized(law, "besiroglu2024", "varies: SentencePiece and GPT-2 BPE (Table 1)")
    assert conventions.compare([a, varying]).warnings == [] and conventions.compare([a, varying]).notes == []


def test_a_tokenizer_stated_by_one_law_only_is_a_note(law):
    a = _tokenized(law, "hoffmann2022", "SentencePiece, 32,000 tokens (Table 1)")
    b = _tokenized(law, "besiroglu2024", "not stated")
    result = conventions.compare([a, b])
    assert result.warnings == []
    assert ("besiroglu2024/parametric-loss does not state its tokenizer (hoffmann2022/parametric-loss: SentencePiece, "
            "32,000 tokens (Table 1)); the two cannot be checked against each other") in result.notes
    not_applicable = _tokenized(law, "besiroglu2024", "not applicable (accuracy)")
    assert not any("tokenizer" in n for n in conventions.compare([a, not_applicable]).notes)


def test_the_conventions_line_names_a_stated_tokenizer(law):
    stated = _tokenized(law, "hoffmann2022", "SentencePiece, 32,000 tokens (Table 1)")
    assert conventions.describe(stated).endswith("; validation set MassiveText held-out; "
                                                 "tokenizer SentencePiece, 32,000 tokens")  # by name
    unstated = _tokenized(law, "hoffmann2022", "not stated")
    assert conventions.describe(unstated).endswith("validation set MassiveText held-out")
    assert conventions.stated(stated)["tokenizer"] == "SentencePiece, 32,000 tokens (Table 1)"
    assert set(conventions.LABELS) == {*conventions.FIELDS, "unit"}


@pytest.mark.parametrize("text, refused", [
    ("GPT-2 BPE, 50,257 tokens (Section 2.1)", False), ("SentencePiece, 32K tokens (Table 1)", False),
    ("not stated", False), ("not stated (read: Section 2, Appendix A)", False), ("not applicable (accuracy)", False),
    ("varies: GPT-2 BPE and SentencePiece", False), ("Varies by model (Table 1)", False),
    ("GPT-2 BPE, 50,257 tokens", True), ("GPT-2 BPE (Section 2.1), 50,257 tokens", True), ("GPT-2 BPE ()", True),
    ("GPT-2 BPE, 50,257 tokens (Section 2.1", True),
])
def test_a_stated_tokenizer_ends_with_its_locator(tmp_path, text, refused):
    from catalog import records
    from tests.conftest import FIXTURES

    minimal = (FIXTURES / "valid" / "minimal.yaml").read_text(encoding="utf-8")
    path = tmp_path / "minimal.yaml"
    path.write_text(minimal.replace("    constant_sets:\n", f"    conventions:\n      tokenizer: {json.dumps(text)}\n"
                                    "    constant_sets:\n"), encoding="utf-8")
    paper, issues = records.load_file(path)
    if not refused:
        assert paper is not None and issues == [], [str(i) for i in issues]
        assert paper.laws[0].conventions.tokenizer == text
        return
    assert paper is None
    [issue] = issues
    assert str(issue).startswith(f"{records.display_path(path)}:21: laws[0].conventions.tokenizer: {text!r} ends "
                                 "with no locator in parentheses")


# ------------------------------------------------------------------- hostile texts

# The longest text a conventions field takes (schema.NonEmpty), in shapes the readers' patterns
# tried from every position to the end: each took seconds (a tokenizer of '111,111,...' 4 s of CPU at
# validation, a compute text of '6N 6N ...' 3.6 s, '6' and spaces 2.9 s, a unit of spaces 0.6 s,
# '((((...' 0.5 s), so that one record's fields held a validation, a site build or a predict for minutes.
_LONG = 20000
_SHAPES = ["," .join(["111"] * (_LONG // 4)), "6N " * (_LONG // 3), "not C = 6ND " * (_LONG // 12),
           "6" + " " * (_LONG - 2) + "x", "C = 6" + " " * (_LONG - 8) + "ND", "(" * _LONG, "1" + " " * (_LONG - 2) + "x"]


@pytest.mark.parametrize("text", _SHAPES, ids=["commas", "6N", "denied", "6 spaces", "kND spaces", "parentheses",
                                               "spaces"])
def test_the_longest_conventions_text_is_read_in_linear_time(text):
    from catalog import records
    from catalog.engine.formulas import time_limit

    readers = [conventions.tokenizer.__wrapped__, conventions.compute_convention.__wrapped__,
               conventions.nd_multiple.__wrapped__, conventions.normalized_validation_set.__wrapped__,
               conventions.normalized_unit.__wrapped__, conventions.tokenizer_name, records.tokenizer_problem]
    with time_limit(0.4):  # CPU seconds: each shape took 0.54 to 4.0, now 0.02 to 0.08
        for read in readers:
            read(text)


def test_the_readers_rewritten_for_linear_time_read_as_before():
    assert conventions.normalized_unit("nats  per \t token (cross-entropy)") == "nats/token"
    assert conventions.normalized_unit("a per per b") == "a/perb"
    assert conventions.normalized_validation_set("(a (b) c) MassiveText held-out (x") == "c massivetext held out x"
    assert conventions.compute_convention("C = 6 ( N ) D, not C = 6ND").counting == "6ND"
    assert conventions.compute_convention("not C = 6ND").counting == "other than 6ND"
    assert conventions.compute_convention("cannot C = 6ND").counting == "6ND"  # 'not' only as a word
    assert conventions.nd_multiple("FLOPs = 6 ( N_nv + N_v) D") == (6.0, "")
    assert conventions.tokenizer("GPT-2 BPE, 50,257 tokens").size == 50257
    assert conventions.tokenizer("BPE,32,000 tokens").size == 32000
