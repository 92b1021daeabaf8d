"""Defined symbols: the quantities a paper names inside its law and defines beside it
(Clark et al.'s saturating expert count E-hat, Muennighoff et al.'s effective data D'), each a
symbol of role ``defined`` whose ``expression`` is written over the law's other symbols.

The record keeps the law as the paper prints it, over the names; whatever evaluates, solves or
differentiates it reads :func:`expand`, the expression with every name replaced by its
definition (parenthesized), so the engine and the browser see one formula. Kept free of heavy
imports: the fast read path and the schema use it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

# An expansion is refused beyond this many characters: definitions that use each other twice
# over (D2 = D1*D1, D1 = D0*D0, ...) double with each level.
MAX_EXPANDED = 60_000
# A law defines at most this many symbols (the catalog's most: 6). Each definition is checked and
# expanded against the others: thousands of them cost minutes, the 4 MB a record may hold hours.
MAX_DEFINED = 50


class DefinitionError(ValueError):
    """Definitions that refer to each other in a cycle, or expand past :data:`MAX_EXPANDED`."""


def definitions(law) -> dict[str, str]:
    """The law's defined symbols and their expressions, in declaration order."""
    return {n: s.expression for n, s in law.symbols.items() if s.role == "defined"}


def _names(defs: Mapping[str, str]) -> re.Pattern:
    # symbol names are identifiers, so a word boundary never splits one (nor a number: 1e5)
    return re.compile(r"\b(" + "|".join(re.escape(n) for n in sorted(defs, key=len, reverse=True)) + r")\b")


def uses(defs: Mapping[str, str]) -> dict[str, set[str]]:
    """Which other defined names each definition uses."""
    if not defs:
        return {}
    pattern = _names(defs)
    return {n: set(pattern.findall(text)) for n, text in defs.items()}


def cycle(defs: Mapping[str, str]) -> list[str] | None:
    """A chain of definitions that ends where it starts (['A', 'B', 'A']), or None. Walked with a
    stack of its own: a chain of definitions is as long as a record makes it, past Python's
    recursion limit."""
    graph = uses(defs)
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    for start in graph:
        if start in state:
            continue
        state[start] = 1
        path, stack = [start], [iter(sorted(graph[start]))]
        while stack:
            other = next(stack[-1], None)
            if other is None:  # every name this one uses is done
                state[path.pop()] = 2
                stack.pop()
            elif state.get(other) == 1:
                return [*path[path.index(other):], other]
            elif other not in state:
                state[other] = 1
                path.append(other)
                stack.append(iter(sorted(graph[other])))
    return None


def expand(expression: str, defs: Mapping[str, str]) -> str:
    """``expression`` with every defined name replaced by its definition, repeatedly (a
    definition may use an earlier one), each parenthesized. Raises :class:`DefinitionError` on a
    cycle or past :data:`MAX_EXPANDED` characters."""
    if not defs:
        return expression
    if len(defs) > MAX_DEFINED:
        raise DefinitionError(f"the law defines {len(defs)} symbols, more than {MAX_DEFINED}")
    for name, text in defs.items():  # a database not written by 'catalog load' may hold anything
        if not isinstance(text, str):
            raise DefinitionError(f"defined symbol {name!r} has no expression")
    pattern = _names(defs)
    for _ in range(len(defs) + 1):
        expanded = pattern.sub(lambda m: "(" + defs[m.group(1)] + ")", expression)
        if len(expanded) > MAX_EXPANDED:
            raise DefinitionError(f"the definitions expand the expression past {MAX_EXPANDED:,} characters")
        if expanded == expression:
            return expanded
        expression = expanded
    found = cycle(defs)
    raise DefinitionError("definitions refer to each other in a cycle"
                          + (f": {' -> '.join(found)}" if found else ""))


def expanded(law) -> str:
    """The law's expression as the engine evaluates it: :func:`expand` of its definitions."""
    return _of(law, law.expression)


def expanded_definition(law, name: str) -> str:
    """A defined symbol's definition with the earlier definitions it uses written out."""
    return _of(law, definitions(law)[name])


def _of(law, text: str) -> str:
    """:func:`expand` of ``text`` over the law's definitions; a :class:`DefinitionError` names the law
    (a validated record never raises it: only a stored one that no load wrote can)."""
    try:
        return expand(text, definitions(law))
    except DefinitionError as exc:
        raise DefinitionError(f"law {law.id!r}: {exc}") from None


def made_of(law, name: str, role: str) -> list[str]:
    """The law's symbols of ``role`` (input, parameter) the defined symbol ``name`` is made of,
    through the definitions it uses (Ehat of the input E alone, where the law takes N, D and E)."""
    words = set(re.findall(r"\b\w+\b", expanded_definition(law, name)))
    return [s for s, sym in law.symbols.items() if sym.role == role and s in words]


def instead(law, name: str, *, solving: bool = False) -> str:
    """What a defined symbol cannot be, and what to give in its place: ``set: give the inputs it
    is made of (E)`` (Ehat: E, not every input of the law), else the fitted constants
    (mccourt2026's c1), which solve does not find. The engine's refusal and validation's (a check
    value giving it) end alike."""
    inputs = ", ".join(made_of(law, name, "input"))
    params = ", ".join(made_of(law, name, "parameter"))
    if solving:
        return (f"solved for: solve for one of the inputs it is made of ({inputs})" if inputs
                else f"solved for: it is made of fitted constants alone ({params})")
    return f"set: give the inputs it is made of ({inputs})" if inputs else f"set: override the constants it is made of ({params})"


def refusal(law, ref: str, name: str, *, solving: bool = False) -> str:
    """Why the defined symbol ``name`` is no value to give: ``'Ehat' is defined in REF as ... and
    cannot be set: give the inputs it is made of (E)``, as eval, solve and fit say it."""
    return f"{name!r} is defined in {ref} as {law.symbols[name].expression} and cannot be {instead(law, name, solving=solving)}"


def where_text(defs: Mapping[str, str]) -> str:
    """``Ehat = 1/(...); Dprime = ...``: the definitions as written, or '' without any."""
    return "; ".join(f"{name} = {text}" for name, text in defs.items())


def from_where_text(text: str | None) -> dict[str, str]:
    """The definitions :func:`where_text` joined (as the database stores them), name -> expression;
    {} for none. A definition is sympy syntax: it holds no ';', and its name no ' = '."""
    return dict(part.split(" = ", 1) for part in text.split("; ")) if text else {}


def followed_by(text: str, where: str | None) -> str:
    """``text`` with the definitions it uses (:func:`where_text`) after it, '; ' between."""
    return f"{text}; {where}" if where else text


def formula_text(law) -> str:
    """The law as recorded, in sympy syntax: ``L = a*Ehat**delta + c; Ehat = ...`` (an implicit
    law's expression is the one equal to zero), each definition after the formula."""
    lhs = "0" if law.form == "implicit" else law.output_symbol
    return followed_by(f"{lhs} = {law.expression}", where_text(definitions(law)))
