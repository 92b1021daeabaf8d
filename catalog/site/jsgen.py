"""JavaScript for a law's formula, generated from its guarded formula tree at build time.

The browser calculator never interprets a record's text: each law's formula tree (the guard's
syntax tree, :mod:`catalog.engine.numeric`, as ``catalog load`` stores it and the engine evaluates
it) is written out node by node, each node as the numpy evaluator computes it: an operation in
parentheses, ``**`` as ``Math.pow``, a function of the guard as its ``Math`` one (Euler's Beta
function as ``SLC_MATH.beta`` and the error function as ``SLC_MATH.erf``, slc.js), a Piecewise as
conditionals. A node it does not know leaves the law without a calculator, and the page says why.
Fixed symbols are put in as their values. The generated function takes the inputs, then the
fitted parameters (then, for an implicit law, the output) as plain numbers, in the order of
``JsFormula.args``. No sympy: printing every law with sympy's JavaScript printer was a second of
each build with an empty cache.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, fields

from catalog.engine import formulas
from catalog.schema import Law

_IDENT = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


class Untranslatable(ValueError):
    """The law's formula holds something with no JavaScript here (a node of no known kind)."""


@dataclass(frozen=True)
class JsFormula:
    inputs: tuple[str, ...]
    parameters: tuple[str, ...]
    output: str
    implicit: bool
    body: str
    # the law's defined symbols (Ehat, D'): name -> a JavaScript expression over the inputs and
    # parameters (each written out), evaluated beside the law to show their values
    defined: tuple[tuple[str, str], ...] = ()
    # the law's conditions (U <= D): (as written, [[name, fixed value or None], ...] of the symbols
    # it uses, a JavaScript boolean over the inputs and parameters); the calculator refuses a point
    # where one fails, as catalog eval does
    conditions: tuple[tuple[str, tuple[tuple[str, float | None], ...], str], ...] = ()

    @property
    def args(self) -> tuple[str, ...]:
        return self.inputs + self.parameters + ((self.output,) if self.implicit else ())

    def function_source(self) -> str:
        return f"function ({', '.join(self.args)}) {{ return {self.body}; }}"

    def object_source(self) -> str:
        """The law's entry of ``window.SLC_FORMULAS`` (slc.js): its argument names, ``fn`` and
        ``defined`` ([[name, function of the inputs and parameters], ...])."""
        meta = {"args": list(self.args), "inputs": list(self.inputs), "parameters": list(self.parameters),
                "output": self.output, "implicit": self.implicit}
        args = ", ".join(self.inputs + self.parameters)
        defined = ", ".join(f"[{json.dumps(n)}, function ({args}) {{ return {body}; }}]" for n, body in self.defined)
        conditions = ", ".join(f"[{json.dumps(text)}, {json.dumps([list(u) for u in used])}, "
                               f"function ({args}) {{ return {body}; }}]" for text, used, body in self.conditions)
        return (f"Object.assign({json.dumps(meta)}, {{fn: {self.function_source()}, defined: [{defined}], "
                f"conditions: [{conditions}]}})")


def translate(law: Law) -> JsFormula:
    """Write ``law``'s formula as a JavaScript expression; raise ``Untranslatable``."""
    for name in law.symbols:  # record validation already refuses reserved names; stay defensive
        if not _IDENT.match(name) or formulas.reserved_reason(name):
            raise Untranslatable(f"symbol {name!r} is not a safe JavaScript identifier")
    implicit = law.form == "implicit"
    arguments = (*law.input_symbols, *law.parameter_symbols)
    try:
        body = _javascript(law, law.expanded_expression, (*arguments, *((law.output_symbol,) if implicit else ())))
    except Untranslatable as exc:
        raise Untranslatable(f"this formula cannot be written as JavaScript ({exc})") from None
    return JsFormula(
        inputs=tuple(law.input_symbols),
        parameters=tuple(law.parameter_symbols),
        output=law.output_symbol,
        implicit=implicit,
        body=body,
        defined=_defined(law, arguments),
        conditions=_conditions(law, arguments),
    )


def is_data(data: object) -> bool:
    """Whether ``data`` is a :class:`JsFormula`'s dict as :func:`from_data` reads it: the fields and
    their types (JSON's lists for tuples), nothing of what the names and body say."""
    if not (isinstance(data, dict) and data.keys() == {f.name for f in fields(JsFormula)}):
        return False

    def strings(items, size=None) -> bool:
        return isinstance(items, list) and all(isinstance(i, str) for i in items) and size in (None, len(items))

    return (strings(data["inputs"]) and strings(data["parameters"]) and isinstance(data["output"], str)
            and isinstance(data["implicit"], bool) and isinstance(data["body"], str)
            and isinstance(data["defined"], list) and all(strings(d, 2) for d in data["defined"])
            and isinstance(data["conditions"], list) and all(
                isinstance(c, list) and len(c) == 3 and isinstance(c[0], str) and isinstance(c[2], str)
                and isinstance(c[1], list) and all(isinstance(u, list) and len(u) == 2 and isinstance(u[0], str)
                                                   and (u[1] is None or type(u[1]) in (int, float)) for u in c[1])
                for c in data["conditions"]))


def from_data(data: dict) -> JsFormula:
    """The :class:`JsFormula` of its ``dataclasses.asdict`` read back from JSON (lists for its tuples)."""
    return JsFormula(inputs=tuple(data["inputs"]), parameters=tuple(data["parameters"]), output=data["output"],
                     implicit=data["implicit"], body=data["body"], defined=tuple(tuple(d) for d in data["defined"]),
                     conditions=tuple((t, tuple(tuple(u) for u in used), b) for t, used, b in data["conditions"]))


def _conditions(law: Law, arguments: tuple[str, ...]) -> tuple[tuple[str, tuple[tuple[str, float | None], ...], str], ...]:
    """Each condition as JavaScript: its two sides written as the law's body is, joined by its
    relation (one of four, from the guard); a condition that does not translate leaves the law
    without a calculator rather than one that gives numbers where the law is not stated."""
    from catalog.engine import conditions

    out = []
    for text, names, left, relation, right in conditions.sides(law):
        try:
            body = f"({_javascript(law, left, arguments)}) {relation} ({_javascript(law, right, arguments)})"
        except Untranslatable as exc:
            raise Untranslatable(f"the condition {text!r} cannot be written as JavaScript ({exc})") from None
        used = tuple((n, law.symbols[n].value if law.symbols[n].role == "fixed" else None) for n in names)
        out.append((text, used, body))
    return tuple(out)


def _defined(law: Law, arguments: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """Each defined symbol's definition, written out, as JavaScript (as the law's own body is)."""
    from catalog import definitions
    from catalog.engine import compiler

    out = []
    for name in definitions.definitions(law):
        try:
            out.append((name, _javascript(law, compiler.definition_text(law, name), arguments)))
        except Exception:  # noqa: BLE001 - the law's own value does not need it: show it where it translates
            continue
    return tuple(out)


def _javascript(law: Law, text: str, names: tuple[str, ...]) -> str:
    """``text`` (the law's formula, a definition or a side of a condition) as one line of
    JavaScript over ``names``, from its formula tree, fixed symbols put in as their values."""
    from catalog.engine import compiler

    try:
        tree = compiler.tree_of(law, text)
    except Exception as exc:  # noqa: BLE001 - a formula the guard refuses: no calculator, the page says why
        raise Untranslatable(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None
    fixed = {n: s.value for n, s in law.symbols.items() if s.role == "fixed"}
    return _written(tree, frozenset(names), fixed)


# the guard's functions of one argument (catalog.engine.formulas.ARITY) and the JavaScript they call
_JS_UNARY_FUNCTIONS = {"exp": "Math.exp", "sqrt": "Math.sqrt", "Abs": "Math.abs", "tanh": "Math.tanh",
                       "log10": "Math.log10", "log2": "Math.log2", "erf": "SLC_MATH.erf"}
_JS_OPERATORS = frozenset({"+", "-", "*", "/", "<", "<=", ">", ">="})


def _written(node, names: frozenset[str], fixed: dict) -> str:
    """A formula tree node as JavaScript computing what the numpy evaluator
    (:func:`catalog.engine.numeric.function`) computes: each operation in parentheses."""
    kind, rest = node[0], node[1:]
    if kind == "num" and len(rest) == 1:
        return _number(rest[0])
    if kind == "sym" and len(rest) == 1:
        if rest[0] in fixed and fixed[rest[0]] is not None:
            return _number(fixed[rest[0]])
        if rest[0] not in names:
            raise Untranslatable(f"it uses {rest[0]!r}, which is no input or parameter")
        return rest[0]
    parts = [_written(a, names, fixed) for a in rest] if kind != "Piecewise" else []
    if kind == "neg" and len(parts) == 1:
        return f"(-{parts[0]})"
    if kind in _JS_OPERATORS and len(parts) == 2:
        return f"({parts[0]} {kind} {parts[1]})"
    if kind == "**" and len(parts) == 2:
        return f"Math.pow({parts[0]}, {parts[1]})"
    if kind in _JS_UNARY_FUNCTIONS and len(parts) == 1:
        return f"{_JS_UNARY_FUNCTIONS[kind]}({parts[0]})"
    if kind == "log" and len(parts) in (1, 2):
        return f"Math.log({parts[0]})" if len(parts) == 1 else f"(Math.log({parts[0]}) / Math.log({parts[1]}))"
    if kind == "Beta" and len(parts) == 2:
        return f"SLC_MATH.beta({parts[0]}, {parts[1]})"
    if kind in ("Min", "Max") and parts:
        return f"Math.{kind.lower()}({', '.join(parts)})"
    if kind == "Piecewise" and rest:
        # conditionals from the last branch: one whose condition is True is the value elsewhere;
        # without one, a point no branch takes is NaN (written 0/0), as numpy's select gives
        written = "(0 / 0)"
        for value, condition in reversed(rest):
            value = _written(value, names, fixed)
            written = value if condition[0] == "true" else f"({_written(condition, names, fixed)} ? {value} : {written})"
        return written
    raise Untranslatable(f"no JavaScript for {kind!r} with {len(rest)} operand(s)")


def _number(value) -> str:
    """A number of the tree (or a fixed value) as a JavaScript literal that reads back to the same
    float numpy computes with: a negative one in parentheses."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise Untranslatable(f"{value!r} is no finite number")
    text = repr(value) if isinstance(value, int) else repr(float(value))
    return f"({text})" if text.startswith("-") else text


def law_source(law_id: str, f: JsFormula) -> str:
    """``assets/formulas/<paper>/<law>.js``: one law's generated function, added to
    ``window.SLC_FORMULAS`` (each law page loads only its own)."""
    return ("// Generated by catalog.site.jsgen from the law's formula tree.\n"
            "// Do not edit: rebuild the site instead.\n"
            f"(window.SLC_FORMULAS = window.SLC_FORMULAS || {{}})[{json.dumps(law_id)}] = "
            f"{f.object_source()};\n")


def registry_source(formulas_by_id: dict[str, JsFormula]) -> str:
    """``assets/formulas.js``: every law's generated function, keyed by ``paper/law``."""
    lines = [
        "// Generated by catalog.site.jsgen from each law's formula tree.",
        "// Do not edit: rebuild the site instead.",
        "window.SLC_FORMULAS = {",
    ]
    for law_id, f in sorted(formulas_by_id.items()):
        lines.append(f"  {json.dumps(law_id)}: {f.object_source()},")
    lines.append("};")
    return "\n".join(lines) + "\n"


def data_source(name: str, data) -> str:
    """A script setting ``window.<name>`` to ``data``: data a page loads as a file of its own, which
    the browser keeps between visits (and which a page opened from file:// can load, where fetch
    is refused). JSON is JavaScript; the two line separators JSON leaves bare are escaped for
    older engines, and a record's text stays a string (no HTML parser reads this file)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"window.{name} = {text};\n"

