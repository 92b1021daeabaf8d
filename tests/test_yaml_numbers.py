"""PyYAML is YAML 1.1: `1e7` would load as a string. The record loader reads it as a number on
purpose, and the schema's numeric fields refuse strings."""

from __future__ import annotations

import pytest

from catalog import yamlio


@pytest.mark.parametrize(
    "text, value",
    [("1e7", 1e7), ("1E7", 1e7), ("-2.5e-3", -2.5e-3), ("1.0e+7", 1e7), ("6.4e13", 6.4e13), ("+3e2", 300.0),
     ("70", 70), ("0.34", 0.34), ("0x1F", 31), ("007", 7), ("-.inf", float("-inf"))],
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


@pytest.mark.parametrize("text, read_11, read_12", [
    ("010", "the number 8", "the number 10"), ("0400", "the number 256", "the number 400"),
    ("1:30", "the number 90", "text"), ("1:30.5", "the number 90.5", "text"), ("1_000", "the number 1000", "text"),
    ("0b11", "the number 3", "text"), ("yes", "true (a yes/no)", "text"), ("Off", "false (a yes/no)", "text"),
    ("2024-01-02", "the date 2024-01-02", "text"), ("09", "text", "the number 9"), ("0o17", "text", "the number 15"),
    ("0x1_F", "the number 31", "text"),  # 1.2's hex has no '_' (Python's int() reads one: this slipped through)
])
def test_scalars_yaml_11_and_12_read_differently_are_noted_with_both_readings(text, read_11, read_12):
    """PyYAML reads YAML 1.1: 'value: 010' was 8 and 'min: 1:30' was 90, silently. The value is
    read as before, and the document notes where YAML 1.2 reads it otherwise; a key too."""
    doc = yamlio.parse(f"a:\n  b: {text}\n  {text}: x\n  c: '{text}'\n  d: \"{text}\"\n")
    (at, said), (key_at, key_said) = doc.ambiguous
    assert at == ("a", "b") and doc.line_of(at) == 2
    assert said.startswith(f"'{text}' reads as {read_11} in YAML 1.1 (this loader) but as {read_12} in YAML 1.2: ")
    assert key_said == f"the key {said}" and doc.line_of(key_at) == 3
    assert doc.data["a"]["c"] == doc.data["a"]["d"] == text  # quoted: text in both


@pytest.mark.parametrize("text", ["0o1_7", "0x 1F", "0x\uff11", "0x1F", "0o17x",
                                  # a float of more than 400 characters (yamlio._LONGEST, past which YAML 1.2's
                                  # reading is not computed) is a float in both, never 'ambiguous'
                                  "1." + "5" * 450, "-0." + "0" * 450 + "17", "1" + "0" * 450 + "e-448",
                                  "2.5" + "0" * 450 + "E+3"])
def test_scalars_both_read_alike_are_not_noted(text):
    """Text in YAML 1.1 and 1.2 alike (1.2's octal and hex digits are ASCII, with no '_' or space), or
    the same number: no refusal of a record that reads the same everywhere."""
    assert yamlio.parse(f"a: {text}\n").ambiguous == []


def test_a_record_with_such_scalars_is_refused_with_every_one_named(tmp_path):
    from catalog import records
    from tests.conftest import minimal_edited

    path = minimal_edited(tmp_path, (("values: {E: 1.5, A: 4.0e2, alpha: 0.3}", "values: {E: 1.5, A: 0400, alpha: 0.3}"),
                                     ("range: {min: 1e6,", "range: {min: 1:30,"), ("label: Fit", "label: on")))
    paper, issues = records.load_file(path)
    assert paper is None
    got = sorted((i.line, i.field, i.message.split(" in YAML 1.2:")[0] + " in YAML 1.2") for i in issues)
    assert got == [
        (16, "laws[0].symbols.N.range.min", "'1:30' reads as the number 90 in YAML 1.1 (this loader) but as text in YAML 1.2"),
        (24, "laws[0].constant_sets[0].label", "'on' reads as true (a yes/no) in YAML 1.1 (this loader) but as text in YAML 1.2"),
        (26, "laws[0].constant_sets[0].values.A", "'0400' reads as the number 256 in YAML 1.1 (this loader) but as the "
                                                  "number 400 in YAML 1.2"),
    ]
    assert all(str(i).startswith(f"{i.path}:{i.line}: {i.field}: '") for i in issues)


def test_no_record_of_the_catalog_holds_such_a_scalar():
    """Every record reads alike in YAML 1.1 and 1.2: refusing the scalars that do not changed none."""
    from catalog import records

    ambiguous = [(path.name, loc) for path in records.expand(None)
                 for loc, _ in yamlio.parse(path.read_text(encoding="utf-8")).ambiguous]
    assert ambiguous == []


@pytest.mark.parametrize("bad", ["\x01", "\ufffe", "\x7f"])
def test_a_character_yaml_refuses_is_reported_at_its_line(bad):
    """The YAML reader refuses a control character or U+FFFE before any field is read: it was
    reported at line 1 with the reader's position (libyaml's in bytes) on a line of its own."""
    with pytest.raises(yamlio.YamlError) as info:
        yamlio.parse(f"id: x\nnotes: \U0001f600 caf\u00e9\n\ntitle: \"a{bad}\"\n")
    assert info.value.line == 4
    assert info.value.message.startswith(f"invalid YAML: character U+{ord(bad):04X} is not allowed in YAML (")
    assert "\n" not in info.value.message
