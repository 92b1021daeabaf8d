"""PyYAML is YAML 1.1: `1e7` would load as a string. The record loader reads it as a number on
purpose, and the schema's numeric fields refuse strings."""

from __future__ import annotations

import pytest

from catalog import yamlio


@pytest.mark.parametrize(
    "text, value",
    [("1e7", 1e7), ("1E7", 1e7), ("-2.5e-3", -2.5e-3), ("1.0e+7", 1e7), ("6.4e13", 6.4e13), ("+3e2", 300.0),
     ("70", 70), ("0.34", 0.34), ("1_000", 1000)],
)
def test_numbers_load_as_numbers(text, value):
    loaded = yamlio.load_text(f"x: {text}")["x"]
    assert isinstance(loaded, (int, float)) and not isinstance(loaded, bool)
    assert loaded == value


@pytest.mark.parametrize("text", ['"1e7"', "'1e7'", "70M", "1e7x", "e7", "1.4T"])
def test_strings_stay_strings(text):
    assert isinstance(yamlio.load_text(f"x: {text}")["x"], str)


def test_quoted_number_is_rejected_by_the_schema():
    from pydantic import ValidationError

    from catalog.schema import Range

    with pytest.raises(ValidationError):
        Range.model_validate({"min": "1e7", "unit": "tokens"})
    assert Range.model_validate({"min": yamlio.load_text("v: 1e7")["v"], "unit": "tokens"}).min == 1e7


def test_line_numbers_are_tracked():
    doc = yamlio.parse("a: 1\nb:\n  c: [1, 2]\n  d: x\n")
    assert doc.line_of(("b", "d")) == 4
    assert doc.line_of(("b", "c", 1)) == 3
    assert doc.line_of(("missing",)) == 1


@pytest.mark.parametrize(
    "text, message",
    [("a: 1\na: 2\n", "duplicate key"), ("a: &x [1]\nb: *x\n", "anchors and aliases"), ("a: [\n", "invalid YAML"),
     ("", "empty document"), ("a: 1\n<<: {b: 2}\n", "merge keys")],
)
def test_bad_yaml_is_reported_with_a_line(text, message):
    with pytest.raises(yamlio.YamlError) as info:
        yamlio.parse(text)
    assert message in info.value.message
    assert info.value.line >= 1


@pytest.mark.parametrize("nested", ["[" * 800 + "]" * 800, "{a: " * 800 + "1" + "}" * 800])
def test_deep_nesting_is_an_error_not_a_recursion_error(nested):
    # under libyaml's own limit (1000 levels) but past Python's recursion limit in the line tracking
    with pytest.raises(yamlio.YamlError) as info:
        yamlio.parse(f"id: deep\nnotes: {nested}\n")
    assert info.value.line == 2 and "nested more than 50 levels deep" in info.value.message


def test_billion_laughs_is_refused_quickly():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8)
    )
    with pytest.raises(yamlio.YamlError):
        yamlio.parse(bomb)
