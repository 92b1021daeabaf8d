"""Closed forms: a law solved for one of its inputs, and its compute-optimal model size.

``solve`` reports the law solved for the unknown when the unknown occurs once in the formula
(e.g. ``N = (A/(L - E - B/D**beta))**(1/alpha)``): :func:`inverse` undoes the formula tree of
:mod:`catalog.engine.numeric` one operation at a time, in plain Python, and returns the closed form as
text and as a tree numpy evaluates, so solving needs no sympy.

``optimal`` reports the compute-optimal model size under C = k*N*D with the constants kept
symbolic, which takes algebra (substitute, expand, collect powers): sympy derives it once, when
a law is loaded (:func:`derive`), and the loader stores it with the formula tree
(``laws.numeric_json``) as text and tree; at run time ``optimal`` evaluates the tree with the
constants of any set and confirms it numerically; a law whose derivation found no closed form
stores that too, so no query derives it again. A law read without either (PostgreSQL, a database
written before) is derived at run time.

A derivation that does not finish within :data:`SECONDS` (in the main thread; elsewhere it is
not attempted) is left out, so a hostile formula cannot stall a load.
"""

from __future__ import annotations

from typing import Any

SECONDS = 1.0
# the compute budget and FLOPs per parameter per token of optimal's closed form
BUDGET, FLOPS_PER_PARAMETER_TOKEN = "C", "k"


def derive(law: Any) -> dict:
    """``{"optimum": {"n", "d", "text", "tree"}}`` for a validated law; ``{"optimum": {"n", "d",
    "none": True}}`` when the derivation finished and found no two-term form (so ``optimal`` goes
    straight to its numeric search instead of deriving again); {} when not derived.

    A finished derivation is kept in the cache of printed forms (:mod:`catalog.formcache`, keyed
    by what it reads and by the code's and sympy's versions): sympy's algebra was most of a load,
    and a rebuild after one record changed now derives that record's laws alone. A derivation cut
    by the time limit is not kept. An entry is used only when it is one a derivation writes."""
    from catalog.engine import formulas

    if law.form != "explicit" or not formulas.can_time_limit():  # elsewhere it could not be bounded
        return {}
    import json

    from catalog import formcache

    material = [law.expanded_expression, law.form,
                [[n, s.role, s.value, s.variable] for n, s in law.symbols.items()]]
    (text,) = formcache.cached("closed-forms", material, lambda: (_derived_text(law),),
                               (lambda entry: _is_derived(law, entry),))
    return json.loads(text) if text else {}


def _derived_text(law: Any) -> str:
    """:func:`derive`'s result as JSON text, or "" when the time limit cut the derivation."""
    import json

    from catalog.engine import evaluation as engine, formulas

    try:
        with formulas.solver_time_limit(SECONDS):
            optimum = _optimum(law)
    except TimeoutError:
        return ""
    except engine.EngineError:
        optimum = None
    return json.dumps({"optimum": optimum} if optimum is not None else {})


def _is_derived(law: Any, entry: object) -> bool:
    """Whether a cache ``entry`` is closed forms a derivation of ``law`` writes: the checks the
    database's are read with (:func:`catalog.engine.numeric.attach`), on the law's own tree."""
    import json

    from catalog import formcache
    from catalog.engine import formulas, numeric
    from catalog.store.recordview import InvalidRecord

    if not formcache.printable(entry) or not entry:
        return False
    try:
        closed = json.loads(entry)
        if not isinstance(closed, dict) or not set(closed) <= {"optimum"}:
            return False
        numeric.check_stored(law, {"tree": numeric.tree(law.expanded_expression, tuple(law.symbols)),
                                    "closed": closed})
        optimum = closed.get("optimum")
        if optimum is None:
            return True
        inputs = law.input_symbols
        if optimum["n"] not in inputs or optimum["d"] not in inputs or optimum["n"] == optimum["d"]:
            return False
        if "text" in optimum:  # over the names _optimum writes it in, as it is guarded there
            others = tuple(s for s in inputs if s not in (optimum["n"], optimum["d"]))
            numeric.tree(optimum["text"], (BUDGET, FLOPS_PER_PARAMETER_TOKEN, *others, *law.parameter_symbols))
    except (ValueError, RecursionError, TypeError, AttributeError, KeyError, formulas.FormulaError, InvalidRecord):
        return False
    return True


def _optimum(law: Any) -> dict | None:
    from catalog.engine import compiler, evaluation as engine, formulas, numeric, optimal

    if BUDGET in law.symbols or FLOPS_PER_PARAMETER_TOKEN in law.symbols:
        return None
    try:
        nn, dd = optimal.pick_inputs(law)
    except engine.EngineError:
        return None
    expr, table = compiler.sympy_form(law, positive=True)
    general = two_term_stationary(along_budget(expr, table, nn, dd), table[nn])
    if general is None:
        return {"n": nn, "d": dd, "none": True}
    others = tuple(s for s in law.input_symbols if s not in (nn, dd))
    parameters = tuple(s for s, v in law.symbols.items() if v.role == "parameter")
    try:  # sympy's printed form, guarded like any formula (its E, I or oo never reach the store)
        tree = numeric.tree(str(general), (BUDGET, FLOPS_PER_PARAMETER_TOKEN, *others, *parameters))
    except (formulas.FormulaError, numeric.TreeError):
        return None
    return {"n": nn, "d": dd, "text": str(general), "tree": tree}


# --------------------------------------------------------------------------------------------
# the inverse, on the formula tree


def inverse(tree: list, unknown: str, output: str) -> list | None:
    """The tree of ``unknown`` as a function of ``output`` and the other symbols, when
    ``unknown`` occurs once in ``tree`` and every operation around it can be undone (``+ - * /
    **``, unary minus, exp, log, log10, log2, sqrt); None otherwise. Branches are the principal
    ones (a power undone by the reciprocal power): the caller checks the value numerically."""
    if _count(tree, unknown) != 1:
        return None
    y: list = ["sym", output]
    node = tree
    while node != ["sym", unknown]:
        kind, args = node[0], node[1:]
        inside = [i for i, a in enumerate(args) if _count(a, unknown)]
        if len(inside) != 1:
            return None
        i = inside[0]
        other = args[1 - i] if len(args) == 2 else None
        if kind == "+":
            y = ["-", y, other]
        elif kind == "-":
            y = ["+", y, other] if i == 0 else ["-", other, y]
        elif kind == "*":
            y = ["/", y, other]
        elif kind == "/":
            y = ["*", y, other] if i == 0 else ["/", other, y]
        elif kind == "**":
            y = ["**", y, ["/", ["num", 1.0], other]] if i == 0 else ["/", ["log", y], ["log", other]]
        elif kind == "neg":
            y = ["neg", y]
        elif kind == "exp":
            y = ["log", y]
        elif kind == "log" and len(args) == 1:
            y = ["exp", y]
        elif kind == "log":  # log(value, base) = y
            y = ["**", other, y] if i == 0 else ["**", other, ["/", ["num", 1.0], y]]
        elif kind in ("log10", "log2"):
            y = ["**", ["num", 10.0 if kind == "log10" else 2.0], y]
        elif kind == "sqrt":
            y = ["**", y, ["num", 2.0]]
        else:
            return None
        node = args[i]
    return y


def _count(node: list, name: str) -> int:
    if node[0] == "sym":
        return int(node[1] == name)
    if node[0] in ("num", "true"):
        return 0
    return sum(_count(a, name) for a in node[1:] if isinstance(a, list))


_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2, "neg": 3, "**": 4}


def text(node: list) -> str:
    """A tree as formula text in the catalog's (sympy/Python) syntax, with only the parentheses
    the precedence of ``+ - * / **`` and unary minus needs."""
    kind = node[0]
    if kind == "num":
        value = node[1]
        return str(int(value)) if float(value).is_integer() and abs(value) < 1e15 else repr(value)
    if kind == "sym":
        return node[1]
    if kind == "neg":
        return "-" + _wrap(node[1], 3, strict=False)
    if kind in ("+", "-", "*", "/"):
        level = _PRECEDENCE[kind]
        return f"{_wrap(node[1], level, strict=False)} {kind} {_wrap(node[2], level, strict=kind in '-/')}" \
            if kind in "+-" else f"{_wrap(node[1], level, strict=False)}{kind}{_wrap(node[2], level, strict=kind == '/')}"
    if kind == "**":
        return f"{_wrap(node[1], 4, strict=True)}**{_wrap(node[2], 4, strict=False, power=True)}"
    if kind == "Piecewise":
        return "Piecewise(" + ", ".join(f"({text(v)}, {text(c)})" for v, c in node[1:]) + ")"
    if kind == "true":
        return "True"
    if kind in ("<", "<=", ">", ">="):
        return f"{text(node[1])} {kind} {text(node[2])}"
    return f"{kind}({', '.join(text(a) for a in node[1:])})"


def _wrap(node: list, level: int, strict: bool, power: bool = False) -> str:
    inner = _PRECEDENCE.get(node[0], 5)
    if node[0] == "num" and node[1] < 0:
        inner = 3  # printed with a leading minus
    needs = inner < level or (strict and inner == level) or (power and inner < 5)
    return f"({text(node)})" if needs else text(node)


# --------------------------------------------------------------------------------------------
# sympy's part of the optimum (also used at run time for laws read without it)


def along_budget(expr, table: dict, nn: str, dd: str):
    """``expr`` along the budget C = k*N*D: D replaced by C/(k*N), with the symbols named
    :data:`BUDGET` and :data:`FLOPS_PER_PARAMETER_TOKEN`."""
    import sympy

    c, k = sympy.Symbol(BUDGET, positive=True), sympy.Symbol(FLOPS_PER_PARAMETER_TOKEN, positive=True)
    return expr.subs(table[dd], c / (k * table[nn]))


def peel(expr, x):
    """Strip layers that are monotone increasing in their argument, so the argmin is kept."""
    import sympy

    while True:
        if isinstance(expr, sympy.Add):
            free = [t for t in expr.args if not t.has(x)]
            if free:
                expr = sympy.Add(*[t for t in expr.args if t.has(x)])
                continue
        if isinstance(expr, sympy.Mul):
            free = [f for f in expr.args if not f.has(x)]
            if free and all(f.is_positive for f in free):
                expr = sympy.Mul(*[f for f in expr.args if f.has(x)])
                continue
        if isinstance(expr, sympy.Pow) and not expr.exp.has(x) and expr.exp.is_positive and expr.base.has(x):
            expr = expr.base
            continue
        if isinstance(expr, (sympy.exp, sympy.log)) and expr.args[0].has(x):
            expr = expr.args[0]
            continue
        return expr


def _powers_only(expr, n) -> bool:
    """Whether ``n`` enters ``expr`` only through sums, products and powers whose exponents are
    free of ``n``: the only shape whose expansion can be a sum of powers of ``n``."""
    import sympy

    for node in sympy.preorder_traversal(expr):
        if isinstance(node, sympy.Pow):
            if node.exp.has(n):
                return False
        elif not isinstance(node, (sympy.Add, sympy.Mul, sympy.Symbol, sympy.Number)) and node.has(n):
            return False
    return True


def two_term_stationary(along, n):
    """c1*N**e1 + c2*N**e2 (+ terms free of N; terms with the same power of N added up) has
    one stationary point: N = (-(e2*c2)/(e1*c1))**(1/(e1 - e2)). Other inputs of the law stay
    symbols in c1 and c2."""
    import sympy

    peeled = peel(along, n)
    if not _powers_only(peeled, n):  # expanding would be wasted (and is the costly step)
        return None
    inner = sympy.expand(peeled)
    groups: dict = {}  # exponent of N -> its coefficient (terms with the same power added up)
    for t in sympy.Add.make_args(inner):
        if not t.has(n):
            continue
        # N**beta * N**(-gamma) stays two factors until their exponents are added
        c, e = sympy.powsimp(t, combine="exp").as_coeff_exponent(n)
        if c.has(n) or e.has(n) or e == 0:
            return None
        same = next((g for g in groups if sympy.expand(g - e) == 0), e)
        groups[same] = groups.get(same, 0) + c
    if len(groups) != 2:
        return None
    (e1, c1), (e2, c2) = groups.items()
    if (e1 - e2).could_extract_minus_sign():  # write the outer exponent with a positive sign
        (c1, e1), (c2, e2) = (c2, e2), (c1, e1)
    return sympy.powsimp(sympy.powdenest((-(e2 * c2) / (e1 * c1)) ** (1 / (e1 - e2)), force=True), force=True)
