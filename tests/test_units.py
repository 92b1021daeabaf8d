"""catalog.units: law input units converted to the base unit of their variable, valid and
invalid cases, and the covers filter that depends on them."""

import pytest

from catalog import units


@pytest.mark.parametrize("variable, unit, factor", [
    ("model_parameters", "parameters", 1.0),
    ("model_parameters", "millions of parameters", 1e6),
    ("model_parameters", "billions of parameters", 1e9),
    ("data", "tokens", 1.0),
    ("data", "trillions of tokens", 1e12),
    ("data", "examples", 1.0),  # the paper's own data unit, as paper-level data ranges count it
    ("compute", "FLOPs", 1.0),
    ("compute", "1e21 FLOPs", 1e21),
    ("compute", "PF-days", 8.64e19),
    ("compute", "PFLOP/s-days", 8.64e19),
    ("compute", "PFLOPs (1e15 FLOPs)", 1e15),
    ("compute", "GMACs", 2e9),
    ("epochs", "epochs", 1.0),  # variables without a base unit compare as stored
])
def test_known_units_convert(variable, unit, factor):
    assert units.base_factor(variable, unit) == pytest.approx(factor)
    assert units.to_base(variable, unit, 2.0) == pytest.approx(2 * factor)


@pytest.mark.parametrize("variable, unit", [
    ("model_parameters", "dimensionless"),
    ("model_parameters", "multiples of U_N"),
    ("model_parameters", None),
    ("data", "trillions of images of cats and dogs"),
    ("compute", "GPU hours"),
    ("compute", "fraction of GPT-4 training compute"),
    ("compute", "GFLOP/example"),
    ("compute", "TPUv3-core-days"),
])
def test_units_that_are_no_multiple_of_the_base_give_none(variable, unit):
    assert units.base_factor(variable, unit) is None
    assert units.to_base(variable, unit, 2.0) is None

