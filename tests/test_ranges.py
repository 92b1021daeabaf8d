from __future__ import annotations

import json

import pytest

from catalog.engine.ranges import parse_magnitude, parse_range


@pytest.mark.parametrize("text, value", [("70B", 7e10), ("1.4T", 1.4e12), ("1.4e12", 1.4e12), ("70M", 7e7),
                                         ("5K", 5e3), ("0.5B", 5e8), ("16", 16.0), ("2.5e-3", 2.5e-3),
                                         # suffixes in any case; G is B
                                         ("70b", 7e10), ("1.4t", 1.4e12), ("70m", 7e7), ("5k", 5e3), ("2g", 2e9),
                                         ("2G", 2e9), ("1p", 1e15), ("1P", 1e15),
                                         # digits grouped as Python writes them
                                         ("70_000_000_000", 7e10), ("1_400B", 1.4e12), ("1_000.5", 1000.5)])
def test_magnitudes(text, value):
    assert parse_magnitude(text) == pytest.approx(value)


# digits of other scripts: float() reads '١٢٣' as 123, but the site's fit box and calculator refuse
# them, so the CLI and the site would read one cell differently
@pytest.mark.parametrize("text", ["70X", "B", "", "1.2.3", "seventy", "70 BB", "_70", "70_", "70__000", "1e1_0",
                                  "\u0661\u0662\u0663", "\uff11\uff12B", "1e\u0665"])
def test_bad_magnitudes(text):
    with pytest.raises(ValueError):
        parse_magnitude(text)


def test_digits_grouped_with_underscores_are_read_wherever_a_number_is(run, opened):
    """70_000_000_000 was read as a value but refused in a range (1_000M..1e10), a relation
    (D=20_000N) and a percentage: one number grammar (ranges.NUMBER) for all of them, which the
    site's calculators copy (slc.js's MAGNITUDE)."""
    from pathlib import Path

    import catalog
    from catalog.engine import ranges, sweep

    law = opened.law("hoffmann2022")
    assert law(N="1_000M", D="20_000M") == law(N=1e9, D=2e10)  # inside the fitted ranges: no warning
    assert law(N="1e9", D="2_0N") == law(N=1e9, D=2e10)
    assert list(sweep.classify("1_000M..1e10:2", "N", ())) == [1e9, 1e10]
    assert list(sweep.classify("1_000,2_000", "N", ())) == [1000, 2000]
    out = run("sweep", "hoffmann2022", "N=1_000M..1e10:2", "D=20_0N", "--json")
    assert out.exit_code == 0, out.output
    assert [p["D"] for p in json.loads(out.stdout)["rows"]] == pytest.approx([2e11, 2e12])
    solved = run("solve", "hoffmann2022", "L=2", "D=2_0N", "--window", "1_000..1e12")
    assert solved.exit_code == 0, solved.output
    for bad in ("D=20__0N", "D=1.4e1_1"):  # Python's rules: one underscore between digits
        assert run("eval", "hoffmann2022", "N=7e9", bad).exit_code == 2
    js = (Path(catalog.__file__).parent.parent / "site/docs/assets/slc.js").read_text(encoding="utf-8")
    assert f"var MAGNITUDE = /^\\s*({ranges.NUMBER})(?:\\s*([KkMmBbGgTtPp]))?\\s*$/;" in js
    assert f"var PERCENT = /^\\s*({ranges.NUMBER})\\s*%\\s*$/;" in js  # as sweep.percentage reads one
    assert sweep._PERCENT.pattern == rf"^\s*({ranges.NUMBER})\s*%\s*$"


@pytest.mark.parametrize("text, low, high", [("70M - 16B", 7e7, 1.6e10), ("150M-6B", 1.5e8, 6e9),
                                             ("0 - 200B", 0, 2e11), ("0.1M-100B", 1e5, 1e11),
                                             ("1.5B - 1.2T", 1.5e9, 1.2e12), ("100M", 1e8, 1e8), ("0M - 1B", 0, 1e9)])
def test_ranges(text, low, high):
    assert parse_range(text) == (pytest.approx(low), pytest.approx(high))


def test_backwards_range():
    with pytest.raises(ValueError):
        parse_range("16B - 70M")


@pytest.mark.parametrize("value, text", [(7e10, "70B"), (1.4e12, "1.4T"), (5e3, "5K"), (2.5e7, "25M"), (768, "768"),
                                         (None, "?"), (0, "0"), (999e12, "999T"),
                                         (1.397e18, "1.397e+18"), (5.76e23, "5.76e+23")])  # FLOPs: not 1.397e+06T
def test_format_magnitude(value, text):
    from catalog.engine.ranges import format_magnitude

    assert format_magnitude(value) == text
