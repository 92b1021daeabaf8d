"""Whether a LaTeX math field is an expression TeX can typeset, not only one of allowed commands.

A LaTeX field is written as it is into ``catalog table --format latex`` output, where one
``\\left(`` without its ``\\right``, a ``\\frac{a}`` short of an argument or an ``x^`` with nothing
raised stops pdflatex on the whole table: one careless record broke every user's table. The
commands are those :data:`catalog.textguard.MATH_COMMANDS` allows (checked before this); here each
is given what it reads, ``\\left``/``\\right``/``\\middle`` pair up inside one brace group, a
nucleus takes one superscript and one subscript ('Double superscript' is TeX's error too), text
(``\\text{...}``) holds no math command and ``\\limits`` follows an operator.
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
# The commands TeX takes in text (a \text argument): text styles, spacing, escaped characters, dots
# and \big (which makes its own math; \bigl is \mathopen\big). Any other is a math command, TeX's
# 'Missing $ inserted' there ('\alpha', '\frac', '\sum', '\bigl') or '\mathrm allowed only in math mode'.
TEXT_COMMANDS = (TEXT_MODE | {"quad", "qquad", "ldots", "dots", "underline", "big", "Big", "bigg", "Bigg"}
                 | set(",;!: {}%&_#$\\"))
# Operators, after which (and their scripts) \limits and \nolimits may come; after anything else
# they are TeX's 'Limit controls must follow a math operator'. \operatorname{...} is one too.
OPERATORS = {"sum", "prod", "int", "oint", "lim", "limsup", "liminf", "sup", "inf", "min", "max", "arg", "log",
             "ln", "lg", "exp", "sin", "cos", "tan", "tanh", "sinh", "cosh", "det", "dim"}
DELIMITERS = set("()[]./|<>") | {"\\" + c for c in "{}|"} | {"\\" + name for name in (
    "langle", "rangle", "lfloor", "rfloor", "lceil", "rceil", "vert", "Vert", "lvert", "rvert", "lVert", "rVert",
    "lbrace", "rbrace", "uparrow", "downarrow")}
# Tokens that are no argument on their own (TeX: 'Missing { inserted', 'Extra }'): spacing, styles,
# line breaks and whatever reads arguments itself; such an argument needs braces.
NOT_AN_ARGUMENT = ({"}", "^", "_", "'", "&", "\\\\"} | {"\\" + c for c in ",;!: "}
                   | {"\\" + name for name in ("quad", "qquad", "displaystyle", "textstyle", "scriptstyle", "limits",
                                               "nolimits", "mod", "bmod", *ARGUMENTS, *SIZED)})
# Commands that are macros of several tokens (\cos is \mathop{\operator@font cos}\nolimits): a
# script or \sqrt (TeX's \radical) takes its first token only ('Missing { inserted'), where
# \frac's or \hat's macro argument takes them all.
MACROS = OPERATORS | {"cdots", "dots", "ldots", "cong", "doteq", "notin"}
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
    operator: bool = False  # the current nucleus is an operator (\sum, \operatorname{erf}): \limits may follow


def structure_reason(text: str) -> str | None:
    """Why LaTeX math ``text`` is no expression TeX typesets, or None. Its braces are balanced and
    its commands whitelisted (:func:`catalog.textguard.latex_reason` checked them)."""
    groups = [_Group("", 0)]
    for match in _TOKEN.finditer(text):
        token, pos, group = match.group(), match.start(), groups[-1]
        reason = _text_reason(token, pos, group) or (
            _token(token, pos, groups) if group.need is None else _argument(token, pos, group.need, groups))
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


def _text_reason(token: str, pos: int, group: _Group) -> str | None:
    """Why ``token`` cannot be in text (inside ``\\text{...}``, or ``\\text``'s one-token argument), or None."""
    in_text = group.text or (group.need is not None and group.need.name in TEXT_MODE)
    delimiter = group.need is not None and group.need.delimiter  # \big's, which typesets it in math
    if not in_text or delimiter or not token.startswith("\\") or token[1:] in TEXT_COMMANDS:
        return None
    return (f"'{token}' at position {pos} is a math command inside text (\\text{{...}}): TeX typesets it "
            "in math only ('Missing $ inserted'; write \\text{a} \\alpha \\text{b})")


def _in_optional(groups: list) -> _Group | None:
    """The \\sqrt[...] the current group is in (through \\left groups, not braces), or None: TeX
    ends it at the first ']' outside braces, a \\left's or \\big's too."""
    for group in reversed(groups):
        if group.opener != "\\left":
            return group if group.opener == "[" else None
    return None


def _ends_optional(token: str, pos: int, optional: _Group) -> str:
    return (f"the '{token}' at position {pos} ends the optional argument '[' at position {optional.pos} "
            "(TeX reads it up to the first ']'): put it in braces")


def _done(group: _Group, need: _Need) -> None:
    """``need``'s command has all it reads: its scripts are the nucleus's, else it is a new nucleus
    (an operator after \\operatorname's argument)."""
    group.need = None
    if need.name in ("^", "_"):
        group.scripts = group.scripts | {need.name}
    else:
        group.scripts = set()
        group.operator = need.name == "operatorname"


def _argument(token: str, pos: int, need: _Need, groups: list) -> str | None:
    """Read ``token`` as (part of) what ``need`` waits for; why it cannot be, or None."""
    group = groups[-1]
    if need.delimiter:
        if token not in DELIMITERS:
            return _missing(need)
        if token == "]" and (optional := _in_optional(groups)):
            return _ends_optional(token, pos, optional)
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
    if need.name in ("^", "_", "sqrt") and token[1:] in MACROS and token.startswith("\\"):
        return f"'{token}' at position {pos} is an argument of '{_command(need)}' at position {need.pos}: put it in braces"
    if token in NOT_AN_ARGUMENT or (token == "]" and _in_optional(groups)):
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
    if token == "]" and group.opener == "\\left" and (optional := _in_optional(groups)):
        return _ends_optional(token, pos, optional)
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
            outer.operator = False  # {\sum} is no operator
        return None
    if token == "{":
        groups.append(_Group("{", pos, text=group.text))
        return None
    if token in KEEPS_NUCLEUS:
        if not group.operator:
            return (f"'{token}' at position {pos} follows no operator (TeX's 'Limit controls must follow "
                    "a math operator': \\sum\\limits_a, \\operatorname*{{argmin}}\\limits_x)")
        return None
    group.scripts = set()
    name = token[1:] if token.startswith("\\") else None
    group.operator = name in OPERATORS
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
