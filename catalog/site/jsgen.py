"""JavaScript for a law's formula, generated from its sympy expression at build time.

The browser calculator never interprets a record's text: each law's guarded sympy expression
(``catalog.engine.formulas.parse``) is printed with sympy's JavaScript printer in strict mode, which
raises on anything it cannot translate (functions it does not know); such a law gets no
calculator and the page says why. Euler's Beta function becomes ``SLC_MATH.beta`` and the error
function ``SLC_MATH.erf`` (slc.js).
Fixed symbols are substituted before printing. The generated function takes the inputs, then
the fitted parameters (then, for an implicit law, the output) as plain numbers, in the order
of ``JsFormula.args``.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass

from catalog.engine import formulas
from catalog.schema import Law

_IDENT = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


class Untranslatable(ValueError):
    """The law's expression uses something sympy's JavaScript printer cannot translate."""


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


def law_expression(law: Law):
    """The engine's sympy expression for ``law`` (fixed symbols substituted, parameters
    symbolic). Parameters are declared real, not positive, as the engine does for negative
    constants: the calculator lets people type any parameter value, so the expression must not
    rely on simplifications that hold only for positive ones. Only the expression: the site
    never evaluates it in Python, so it is not compiled to numpy (``sympy.lambdify``)."""
    from catalog.engine import compiler

    return compiler.sympy_form(law, positive=False)[0]


def translate(law: Law) -> JsFormula:
    """Print ``law``'s expression as a JavaScript expression; raise ``Untranslatable``."""
    for name in law.symbols:  # record validation already refuses reserved names; stay defensive
        if not _IDENT.match(name) or formulas.reserved_reason(name):
            raise Untranslatable(f"symbol {name!r} is not a safe JavaScript identifier")
    expr = law_expression(law)
    try:
        body = _javascript(expr)
    except Exception as exc:  # sympy raises PrintMethodNotImplementedError and others
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise Untranslatable(f"sympy's JavaScript printer cannot translate this formula ({first})") from None
    unknown = {str(s) for s in expr.free_symbols} - set(law.symbols)
    if unknown:
        raise Untranslatable(f"formula uses undeclared names: {', '.join(sorted(unknown))}")
    return JsFormula(
        inputs=tuple(law.input_symbols),
        parameters=tuple(law.parameter_symbols),
        output=law.output_symbol,
        implicit=law.form == "implicit",
        body=body,
        defined=_defined(law),
        conditions=_conditions(law),
    )


def _conditions(law: Law) -> tuple[tuple[str, tuple[tuple[str, float | None], ...], str], ...]:
    """Each condition as JavaScript: its two sides printed as the law's body is, joined by its
    relation (one of four, from the guard); a condition that does not translate leaves the law
    without a calculator rather than one that gives numbers where the law is not stated."""
    from catalog.engine import compiler, conditions

    out = []
    for text, names, left, relation, right in conditions.sides(law):
        try:
            body = f"({_javascript(compiler.real_form(law, left))}) {relation} ({_javascript(compiler.real_form(law, right))})"
        except Exception as exc:  # noqa: BLE001 - as translate reports the law's own
            raise Untranslatable(f"sympy's JavaScript printer cannot translate the condition {text!r}") from exc
        used = tuple((n, law.symbols[n].value if law.symbols[n].role == "fixed" else None) for n in names)
        out.append((text, used, body))
    return tuple(out)


def _defined(law: Law) -> tuple[tuple[str, str], ...]:
    """Each defined symbol's definition, written out, as JavaScript (as the law's own body is)."""
    from catalog import definitions
    from catalog.engine import compiler

    out = []
    for name in definitions.definitions(law):
        try:
            out.append((name, _javascript(compiler.real_form(law, compiler.definition_text(law, name)))))
        except Exception:  # noqa: BLE001 - the law's own value does not need it: show it where it translates
            continue
    return tuple(out)


@functools.lru_cache(maxsize=1024)
def _javascript(expr) -> str:
    """``expr`` as one line of JavaScript, printed once per distinct expression."""
    body = _printer()({"strict": True, "precision": 17}).doprint(expr)
    return " ".join(body.split())  # Piecewise prints over several lines


@functools.cache
def _printer():
    """sympy's JavaScript printer, with Euler's Beta function and the error function as
    ``SLC_MATH.beta`` and ``SLC_MATH.erf`` (slc.js)."""
    from sympy.printing.jscode import JavascriptCodePrinter

    class Printer(JavascriptCodePrinter):
        def _print_beta(self, expr):
            return f"SLC_MATH.beta({', '.join(self._print(a) for a in expr.args)})"

        def _print_erf(self, expr):
            return f"SLC_MATH.erf({self._print(expr.args[0])})"

    return Printer


def law_source(law_id: str, f: JsFormula) -> str:
    """``assets/formulas/<paper>/<law>.js``: one law's generated function, added to
    ``window.SLC_FORMULAS`` (each law page loads only its own)."""
    return ("// Generated by catalog.site.jsgen from the law's sympy expression (sympy's JavaScript printer).\n"
            "// Do not edit: rebuild the site instead.\n"
            f"(window.SLC_FORMULAS = window.SLC_FORMULAS || {{}})[{json.dumps(law_id)}] = "
            f"{f.object_source()};\n")


def registry_source(formulas_by_id: dict[str, JsFormula]) -> str:
    """``assets/formulas.js``: every law's generated function, keyed by ``paper/law``."""
    lines = [
        "// Generated by catalog.site.jsgen from each law's sympy expression (sympy's JavaScript printer).",
        "// Do not edit: rebuild the site instead.",
        "window.SLC_FORMULAS = {",
    ]
    for law_id, f in sorted(formulas_by_id.items()):
        lines.append(f"  {json.dumps(law_id)}: {f.object_source()},")
    lines.append("};")
    return "\n".join(lines) + "\n"
