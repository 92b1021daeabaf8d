"""The contribution workflow (CONTRIBUTING.md) as a newcomer meets it: a record with several
mistakes gets every one of them from one `catalog validate` run."""

from __future__ import annotations

from catalog import records
from tests.conftest import DATA


def _kaplan_with(tmp_path, *edits: tuple[str, str]):
    text = (DATA / "kaplan2020.yaml").read_text(encoding="utf-8")
    for old, new in edits:
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path / "kaplan2020.yaml"
    path.write_text(text, encoding="utf-8")
    return {i.field: i.message for i in records.load_file(path)[1]}


TOKENIZER = 'tokenizer: "GPT-2 BPE, 50257 tokens (Section 2; Section 2.3: the reversible tokenizer of Radford et al. 2019)"'


def test_a_tokenizer_without_its_locator_is_named_beside_a_schema_error(tmp_path):
    """The tokenizer rule ran only on a record the schema took: a newcomer who also wrote a unit
    the schema refuses learnt of the missing locator one run later."""
    issues = _kaplan_with(tmp_path, ("        unit: parameters", "        unit: B params"),
                          (TOKENIZER, "tokenizer: GPT-2 BPE, 50257 tokens"))
    assert issues["laws[0].symbols.N.unit"].startswith("write 'billions of parameters'")
    assert issues["laws[0].conventions.tokenizer"].startswith(
        "'GPT-2 BPE, 50257 tokens' ends with no locator in parentheses")


def test_a_tokenizer_with_its_locator_beside_a_schema_error_is_not_named(tmp_path):
    issues = _kaplan_with(tmp_path, ("        unit: parameters", "        unit: B params"))
    assert "laws[0].conventions.tokenizer" not in issues
