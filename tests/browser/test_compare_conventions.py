"""The compare page's convention warnings, composed in the browser (slc.js's conventionDifferences)
from one reading per convention class, word for word what Python's conventions.differences says
for the same two laws: for every pair of laws the built site's compare page can overlay, and for
laws made to differ in each convention (tokenizer sizes rounded, ties of the rounding, an
infinite size, braces and '$&' in record text)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

# the page's composition for each [a, b] of `pairs`, from the compare data `conv`
COMPOSE = """([conv, pairs]) => pairs.map(([a, b]) => window.SLC_CONVENTIONS.differences(conv, a, b))"""


def _matched_by_variable(a, b) -> dict[str, str]:
    """The inputs the compare page matches: each variable's first input in either law."""
    firsts = [{}, {}]
    for law, first in zip((a.law, b.law), firsts):
        for name in law.input_symbols:
            if law.symbols[name].variable:
                first.setdefault(law.symbols[name].variable, name)
    return {firsts[0][v]: firsts[1][v] for v in firsts[0] if v in firsts[1]}


def _python(refs: dict, pairs: list[tuple[str, str]]) -> list[dict]:
    from catalog.engine import conventions

    out = []
    for a, b in pairs:
        diffs, notes = conventions.differences(refs[a], refs[b], _matched_by_variable(refs[a], refs[b]))
        out.append({"d": [[d.field, d.detail] for d in diffs], "n": notes})
    return out


def _open_compare(page, base_url) -> None:
    page.goto(base_url + "compare.html")
    page.wait_for_selector("[data-slc-compare][data-ready='1']")


def test_every_overlayable_pair_is_worded_as_python_words_it(page, base_url, papers):
    from catalog.store.reader import LawRef

    _open_compare(page, base_url)
    data = page.evaluate("window.SLC_COMPARE")
    conv, laws = data["conventions"], data["laws"]
    pairs = sorted({tuple(sorted((a, b))) for group in data["variables"].values() for a in group["laws"]
                    for b in group["laws"] if a != b and laws[a]["outputKey"] == laws[b]["outputKey"]})
    assert len(pairs) > 1000
    refs = {f"{p.id}/{law.id}": LawRef(p, law) for p in papers for law in p.laws}
    expected = _python(refs, pairs)
    got = []
    for start in range(0, len(pairs), 2000):  # a few MB of answers per call at most
        got += page.evaluate(COMPOSE, [conv, pairs[start:start + 2000]])
    for pair, js, py in zip(pairs, got, expected):
        assert js == py, pair
    assert len(got) == len(pairs)
    # the pairs hold every kind of difference and notes, so every branch of the port was compared
    fields = {field for py in expected for field, _ in py["d"]}
    assert fields == {"parameters", "compute", "loss_unit", "validation_set", "tokenizer", "unit"}, fields
    assert sum(bool(py["n"]) for py in expected) >= 100


# Tokenizers: sizes rounded to thousands or millions (as printed, or binary), a tie of Python's
# rounding (0.125 to two places: 0.12, where toFixed gives 0.13), sizes too large for a double.
TOKENIZERS = ["GPT-2 BPE, 50,257 tokens (Section 2)", "gpt2 bpe; 50,257 tokens (Table 1)", "SentencePiece, 32K tokens (x)",
              "SentencePiece, 32,000 tokens (y)", "SentencePiece, 32,768 tokens (y)", "SentencePiece, 64K tokens",
              "BPE, 50.3K tokens", "BPE, 50.25k tokens", "BPE 0.125k tokens", "BPE 125 tokens", "BPE 0.12k tokens",
              "BPE 0.13k tokens", "BPE, 1.5M tokens", "BPE, 1,572,864 tokens", "BPE, 1e999 tokens", "BPE, 1e999k tokens", "BPE, " + "9" * 400
              + " tokens", "vocabulary of 151.6k", "152K vocab", "GPT-2 BPE (x)", "not stated", "not applicable (accuracy)",
              "varies: per model (Table 1)", "{a} $& $' {what} BPE, 2.5k tokens"]
CONVENTIONS = [("parameters", "non-embedding"), ("parameters", "not stated"), ("parameters", "not applicable (C alone)"),
               ("compute", "C = 6ND (FLOPs)"), ("compute", "C_min = 6NBS_min, non-embedding, in PF-days"),
               ("compute", "C = MD, attention FLOPs"), ("compute", "not 6ND; {b} $1"), ("compute", "not stated"),
               ("loss_unit", "bits"), ("loss_unit", "not stated"),
               ("validation_set", "{a_embeddings} $& </li><script>alert(1)</script>"), ("validation_set", "not stated"),
               ("validation_set", "MassiveText held-out (losses read from Figure 2)")]


def test_laws_made_to_differ_are_worded_as_python_words_them(page, base_url, papers):
    from catalog.site import views
    from catalog.store.reader import LawRef

    paper = next(p for p in papers if p.id == "hoffmann2022")
    base = paper.laws[0]
    made = [("tokenizer", text) for text in TOKENIZERS] + CONVENTIONS
    laws = [base.model_copy(update={"id": f"made{i}", "conventions": base.conventions.model_copy(update={field: text})})
            for i, (field, text) in enumerate(made)]
    conv = views.compare_conventions({"N": [views.LawView(paper, law) for law in laws]})
    refs = {f"{paper.id}/{law.id}": LawRef(paper, law) for law in laws}
    pairs = [(a, b) for a in refs for b in refs if a != b]  # both orders: a note names the silent law first
    _open_compare(page, base_url)
    got = page.evaluate(COMPOSE, [conv, pairs])
    expected = _python(refs, pairs)
    for pair, js, py in zip(pairs, got, expected):
        assert js == py, pair
    tokenizer = [py for py in expected if any(field == "tokenizer" for field, _ in py["d"])]
    assert len(tokenizer) > 100 and any("vocabulary inf vs" in t for py in tokenizer for _, t in py["d"])
    # a tie rounded to the even side: 125 tokens is 0.125K, 0.12K to two places (toFixed: 0.13K)
    t = {text: f"{paper.id}/made{i}" for i, text in enumerate(TOKENIZERS)}
    by_pair = dict(zip(pairs, expected))
    assert not by_pair[t["BPE 0.12k tokens"], t["BPE 125 tokens"]]["d"]
    assert [f for f, _ in by_pair[t["BPE 0.13k tokens"], t["BPE 125 tokens"]]["d"]] == ["tokenizer"]
