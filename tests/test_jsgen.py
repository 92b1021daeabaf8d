"""The calculators' JavaScript (catalog.site.jsgen, written from each law's formula tree) computes
what the engine computes: every law of the catalog, its definitions and conditions, evaluated in
node at points of each constant set against the engine's numpy evaluation of the same tree (what
catalog eval computes, to 1e-12) and against the numpy functions sympy compiles from the formula's
text (an implementation of its own: sympy's parser and lambdify; to 1e-9, as sympy may order a
sum whose terms cancel otherwise, 1 - h + h/(1 + e^x) at h near 1: to 1e-15 there)."""

from __future__ import annotations

import json
import math
import shutil
import subprocess

import numpy as np
import pytest

from catalog import paths

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")

# a point's inputs: the middle of the engine's domain, and a tenth and ten times it (or, on a
# linear domain, shifted by one either way)
SCALES = (1.0, 0.1, 10.0)
REL = 1e-12  # against the tree's numpy evaluation
REL_SYMPY = 1e-9  # against sympy's, whose order of operations may differ


def _slc_math() -> str:
    """slc.js's SLC_MATH (Beta and erf), as the pages define it, for node to run alone."""
    source = (paths.site_sources() / "docs" / "assets" / "slc.js").read_text(encoding="utf-8")
    start = source.index("  var LANCZOS")
    end = source.index("window.SLC_MATH = { beta: beta, erf: erf };")
    return "var window = {};\n" + source[start:end] + "window.SLC_MATH = { beta: beta, erf: erf };\nvar SLC_MATH = window.SLC_MATH;\n"


def _points(paper, law, cs) -> list[list[float]]:
    from catalog.site import views

    middle = {n: views.inside_point(paper, law, n) for n in law.input_symbols}
    out = []
    for scale in SCALES:
        inputs = [m * scale if m > 0 else m + (scale - 1 if scale > 1 else -1 if scale < 1 else 0) for m in middle.values()]
        out.append([*inputs, *(float(cs.values[n]) for n in law.parameter_symbols)])
    return out


def _real(value) -> float:
    """A value sympy's numpy function gives as JavaScript's number would be: a complex one (a
    negative number to a fractional power, with parameters real) is NaN, as Math.pow gives."""
    value = complex(value)
    return value.real if value.imag == 0 else math.nan


def _agree(browser, engine, rel: float = REL, absolute: float = 1e-300) -> bool:
    if browser is None or isinstance(browser, str):  # JSON has no NaN or infinity: the script writes them as text
        return (browser or "NaN") == ("NaN" if math.isnan(engine) else "Infinity" if engine > 0 else "-Infinity") \
            if not math.isfinite(engine) else False
    if isinstance(browser, bool) or isinstance(engine, (bool, np.bool_)):
        return bool(browser) == bool(engine)
    return math.isfinite(engine) and math.isclose(browser, engine, rel_tol=rel, abs_tol=absolute)


def test_every_laws_javascript_computes_what_the_engine_computes(papers):
    from catalog.engine import compiler, conditions, numeric
    from catalog.site import jsgen

    cases, expected = [], []
    for paper in papers:
        for law in paper.laws:
            if not law.constant_sets:
                continue
            js = jsgen.translate(law)
            compiled = compiler.compile_law(law, positive=False)  # sympy's, from the text (no stored tree)
            fixed = {n: s.value for n, s in law.symbols.items() if s.role == "fixed"}
            names = (*((law.output_symbol,) if js.implicit else ()), *law.input_symbols, *law.parameter_symbols, *fixed)
            evaluated = numeric.function(numeric.tree(law.expanded_expression, tuple(law.symbols)), names)
            defined = {name: numeric.function(numeric.tree(compiler.definition_text(law, name), tuple(law.symbols)), names)
                       for name, _ in js.defined}
            checks = conditions.of(law)
            for cs in law.constant_sets:
                if any(n not in cs.values for n in law.parameter_symbols):
                    continue
                for args in _points(paper, law, cs):
                    values = dict(zip((*law.input_symbols, *law.parameter_symbols), args))
                    with np.errstate(all="ignore"):
                        outputs = [1.5] if js.implicit else []  # an implicit law's residual at an output value
                        at = (*outputs, *args, *fixed.values())
                        want = _real(evaluated(*at))
                        by_sympy = _real(compiled.func(*outputs, *args))
                        wanted_defined = [_real(defined[name](*at)) for name, _ in js.defined]
                        wanted_conditions = [bool(c.func(*(values.get(n, fixed.get(n)) for n in c.names)))
                                             for c in checks]
                    cases.append([f"{paper.id}/{law.id}", cs.id, args, outputs])
                    expected.append([want, wanted_defined, wanted_conditions, by_sympy])
            source = js.object_source()
            cases[-1].append(source) if cases and cases[-1][0] == f"{paper.id}/{law.id}" else None
    # each law's object once, then every point of it
    objects, script_cases = {}, []
    for case in cases:
        if len(case) == 5:
            objects[case[0]] = case.pop()
        script_cases.append(case)
    script = _slc_math() + "var F = {" + ",\n".join(f"{json.dumps(k)}: {v}" for k, v in objects.items()) + "};\n" + f"""
var cases = {json.dumps(script_cases)};
function out(v) {{ return (typeof v === 'number' && !isFinite(v)) ? String(v) : v; }}
console.log(JSON.stringify(cases.map(function (c) {{
  var f = F[c[0]], args = c[2];
  return [out(f.fn.apply(null, args.concat(c[3]))), f.defined.map(function (d) {{ return out(d[1].apply(null, args)); }}),
          f.conditions.map(function (k) {{ return k[2].apply(null, args); }})];
}})));
"""
    done = subprocess.run(["node", "-"], input=script, capture_output=True, text=True, timeout=300, check=True)
    got = json.loads(done.stdout)
    problems = []
    for case, (value, defined, held), (want, wanted_defined, wanted_conditions, by_sympy) in zip(script_cases, got, expected):
        if not _agree(value, want):
            problems.append(f"{case[0]}@{case[1]} at {case[2]}: JavaScript {value!r}, engine {want!r}")
        if not _agree(value, by_sympy, REL_SYMPY, 1e-15):
            problems.append(f"{case[0]}@{case[1]} at {case[2]}: JavaScript {value!r}, sympy's numpy function {by_sympy!r}")
        for name_value, wanted in zip(defined, wanted_defined):
            if not _agree(name_value, wanted):
                problems.append(f"{case[0]}@{case[1]} at {case[2]}: a definition: JavaScript {name_value!r}, engine {wanted!r}")
        if held != wanted_conditions:
            problems.append(f"{case[0]}@{case[1]} at {case[2]}: conditions: JavaScript {held}, engine {wanted_conditions}")
    assert problems == [], "\n".join(problems[:40])
    assert len(got) == len(expected) > 2000 and len(objects) > 400


def test_a_piecewise_without_a_default_is_nan_where_no_branch_holds_as_numpy_gives():
    # the guard refuses one in a record; a tree of a --db no load wrote may hold one
    from catalog.site import jsgen

    body = jsgen._written(["Piecewise", [["sym", "x"], ["<", ["sym", "x"], ["num", 2]]]], frozenset({"x"}), {})
    assert body == "((x < 2) ? x : (0 / 0))"


def test_numbers_and_fixed_values_read_back_as_the_floats_numpy_computes_with():
    from catalog.site import jsgen
    from tests.test_site import _law

    f = jsgen.translate(_law("x*c + 1e-300 - 1180591620717411303424*x", c={"role": "fixed", "meaning": "c", "value": -0.1}))
    assert f.body == "(((x * (-0.1)) + 1e-300) - (1180591620717411303424 * x))"
