"""Whether a LaTeX math field is an expression TeX can typeset, not only one of allowed commands.

A LaTeX field is written as it is into ``catalog table --format latex`` output, where one
``\\left(`` without its ``\\right``, a ``\\frac{a}`` short of an argument or an ``x^`` with nothing
raised stops pdflatex on the whole table: one careless record broke every user's table. The
commands are those :data:`catalog.textguard.MATH_COMMANDS` allows (checked before this); here each
is given what it reads, ``\\left``/``\\right``/``\\middle`` pair up inside one brace group, and a
nucleus takes one superscript and one subscript ('Double superscript' is TeX's error too).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Commands of the whitelist that read arguments, and how many (a brace group or one token each).
ARGUMENTS = {
    **dict.fromkeys(("frac", "dfrac", "tfrac", "binom"), 2),
    **dict.fromkeys(("sqrt", "pmod", "hat", "widehat", "tilde", "widetilde", "bar", "overline", "underline",
                     "vec", "dot", "ddot", "check", "breve", "acute", "grave", "mathcal", "mathrm", "mathbf",
                     "mathit", "mathsf", "mathtt", "mathbb", "mathfrak", "boldsymbol", "operatorname",
                     "text", "textrm", "textit", "textbf", "mbox"), 1),
}
OPTIONAL = {"sqrt"}  # \sqrt[n]{x}
STARRED = {"operatorname"}  # \operatorname*{argmin}
TEXT_MODE = {"text", "textrm", "textit", "textbf", "mbox"}  # their argument is text: no ^ or _ there
# Commands that read one delimiter: \left( ... \right), \middle|, \big[.
SIZED = {"left", "right", "middle", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr"}
DELIMITERS = set("()[]./|<>") | {"\\" + c for c in "{}|"} | {"\\" + name for name in (
    "langle", "rangle", "lfloor", "rfloor", "lceil", "rceil", "vert", "Vert", "lvert", "rvert", "lVert", "rVert",
    "lbrace", "rbrace", "uparrow", "downarrow")}
# Tokens that are no argument on their own (TeX: 'Missing { inserted', 'Extra }'): spacing, styles,
# line breaks and whatever reads arguments itself; such an argument needs braces.
NOT_AN_ARGUMENT = ({"}", "^", "_", "'", "&", "\\\\"} | {"\\" + c for c in ",;!: "}
                   | {"\\" + name for name in ("quad", "qquad", "displaystyle", "textstyle", "scriptstyle", "limits",
                                               "nolimits", "mod", "bmod", *ARGUMENTS, *SIZED)})
# Tokens after which a nucleus keeps its scripts: \sum\limits_a^b is one nucleus.
KEEPS_NUCLEUS = {"\\limits", "\\nolimits"}

# TeX keeps at most 255 groups open ('TeX capacity exceeded'); a formula nests a handful.
MAX_DEPTH = 100

_TOKEN = re.compile(r"\\(?:[A-Za-z]+|.)|\S", re.DOTALL)


@dataclass
class _Need:
    """What a command at ``pos`` still reads: ``count`` arguments, a delimiter, an optional [n]."""
    name: str
    pos: int
    count: int = 0
    delimiter: bool = False
    optional: bool = False
    star: bool = False


@dataclass
class _Group:
    """An open group: a brace group, a \\left ... \\right, or a \\sqrt's [n]."""
    opener: str
    pos: int
    text: bool = False  # a \text argument: text mode
    need: _Need | None = None  # the command whose arguments are being read in this group
    scripts: set = field(default_factory=set)  # '^' and '_' the current nucleus has
    prime: bool = False  # after x': a ^ joins the prime's superscript


def structure_reason(text: str) -> str | None:
    """Why LaTeX math ``text`` is no expression TeX typesets, or None. Its braces are balanced and
    its commands whitelisted (:func:`catalog.textguard.latex_reason` checked them)."""
    groups = [_Group("", 0)]
    for match in _TOKEN.finditer(text):
        token, pos, group = match.group(), match.start(), groups[-1]
        reason = _token(token, pos, groups) if group.need is None else _argument(token, pos, group.need, groups)
        if reason is not None:
            return reason
        if len(groups) > MAX_DEPTH:
            return f"groups nest deeper than {MAX_DEPTH} at position {pos} (TeX's capacity is 255)"
    group = groups[-1]
    if group.need is not None:
        return _missing(group.need)
    if group.opener == "\\left":
        return f"'\\left' at position {group.pos} has no '\\right'"
    if group.opener == "[":
        return f"the '[' at position {group.pos} (an optional argument) has no ']'"
    if group.opener == "{":
        return f"the '{{' at position {group.pos} is not closed"
    return None


def _missing(need: _Need) -> str:
    if need.delimiter:
        return (f"'\\{need.name}' at position {need.pos} needs a delimiter after it "
                "('(', ')', '[', ']', '|', '.', '\\{', '\\langle' ...)")
    if need.name in ("^", "_"):
        return f"'{need.name}' at position {need.pos} has nothing to raise or lower (write {need.name}{{...}})"
    total = ARGUMENTS[need.name]
    return (f"'\\{need.name}' at position {need.pos} takes {total} argument{'s' * (total > 1)}"
            f"{f', has {total - need.count}' if total > 1 else ''} (write \\{need.name}" + "{...}" * total + ")")


def _done(group: _Group, need: _Need) -> None:
    """``need``'s command has all it reads: its scripts are the nucleus's, else it is a new nucleus."""
    group.need = None
    group.scripts = group.scripts | {need.name} if need.name in ("^", "_") else set()


def _argument(token: str, pos: int, need: _Need, groups: list) -> str | None:
    """Read ``token`` as (part of) what ``need`` waits for; why it cannot be, or None."""
    group = groups[-1]
    if need.delimiter:
        if token not in DELIMITERS:
            return _missing(need)
        _done(group, need)
        if need.name == "left":
            groups.append(_Group("\\left", need.pos, text=group.text))
        return None
    if token == "*" and need.star:
        need.star = False
        return None
    if token == "[" and need.optional:
        need.optional = need.star = False
        groups.append(_Group("[", pos, text=group.text))
        return None
    need.optional = need.star = False
    if token == "{":
        groups.append(_Group("{", pos, text=group.text or need.name in TEXT_MODE))
        return None
    if token in NOT_AN_ARGUMENT or (token == "]" and group.opener == "["):
        if token.startswith("\\") and token[1:] in {*ARGUMENTS, *SIZED} - {"right", "middle"}:
            return (f"'{token}' at position {pos} is an argument of '{_command(need)}' at position {need.pos}: "
                    "put it in braces")
        return _missing(need)
    need.count -= 1
    if need.count == 0:
        _done(group, need)
    return None


def _command(need: _Need) -> str:
    return need.name if need.name in ("^", "_") else "\\" + need.name


def _token(token: str, pos: int, groups: list) -> str | None:
    """Take ``token`` where nothing waits for an argument; why it breaks the expression, or None."""
    group = groups[-1]
    prime, group.prime = group.prime, False
    if token in ("^", "_"):
        if group.text:
            return f"'{token}' at position {pos} is inside text (\\text{{...}}): TeX takes it in math only"
        if token in group.scripts and not (token == "^" and prime):
            kind = "superscript" if token == "^" else "subscript"
            return (f"a second {kind} '{token}' at position {pos} on one nucleus (TeX's 'Double {kind}'; "
                    f"write {{x{token}a}}{token}b)")
        group.need = _Need(token, pos, count=1)
        return None
    if token == "'":
        if "^" in group.scripts and not prime:
            return f"a prime at position {pos} after a superscript (TeX's 'Double superscript'; write x^{{a\\prime}})"
        group.scripts.add("^")
        group.prime = True
        return None
    if token == "}" and group.opener == "[":
        return f"the '[' at position {group.pos} (an optional argument) has no ']' before the '}}' at position {pos}"
    if token == "}" or (token == "]" and group.opener == "["):
        if group.opener == "\\left":
            return (f"'{token}' at position {pos} closes a group inside which '\\left' at position {group.pos} "
                    "has no '\\right'")
        if len(groups) == 1:
            return f"unbalanced '}}' at position {pos}"
        groups.pop()
        outer = groups[-1]
        if outer.need is not None:
            if token == "]":
                return None  # \sqrt[n] read; its argument follows
            outer.need.count -= 1
            if outer.need.count == 0:
                _done(outer, outer.need)
        else:
            outer.scripts = set()
        return None
    if token == "{":
        groups.append(_Group("{", pos, text=group.text))
        return None
    if token in KEEPS_NUCLEUS:
        return None
    group.scripts = set()
    name = token[1:] if token.startswith("\\") else None
    if name in ("right", "middle"):
        if group.opener != "\\left":
            return f"'\\{name}' at position {pos} has no '\\left' before it in its group"
        if name == "right":
            groups.pop()
            groups[-1].scripts = set()
            groups[-1].need = _Need(name, pos, delimiter=True)
            return None
    if name in SIZED:
        group.need = _Need(name, pos, delimiter=True)
    elif name in ARGUMENTS:
        group.need = _Need(name, pos, count=ARGUMENTS[name], optional=name in OPTIONAL, star=name in STARRED)
    return None
