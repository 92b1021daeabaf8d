"""YAML parsing with line numbers, duplicate-key detection and YAML 1.2 numbers.

PyYAML follows YAML 1.1, where ``1e7`` is a string and ``1.0e+7`` a float. Records write
constants like ``1e7`` freely, so the loader resolves YAML 1.2 style floats on purpose; the
schema's numeric fields are strict, so a quoted ``"1e7"`` stays an error.

YAML 1.1 reads other plain scalars as YAML 1.2 does not: ``010`` is 8 (octal), ``1:30`` is 90
(base 60), ``1_000`` is 1000, ``0b11`` is 3, ``yes``/``no``/``on``/``off`` are booleans and
``2024-01-02`` is a date, where YAML 1.2 (and most readers of a record besides this one) reads
10 and text. A constant typed ``value: 010`` would silently become another number, so each such
scalar is noted in :attr:`Document.ambiguous` and validation refuses it, naming both readings.
"""

from __future__ import annotations

import bisect
import math
import re
from dataclasses import dataclass, field

import yaml

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# How a record file is read: UTF-8, after the byte-order mark some Windows editors write first
# (Notepad before 2019, PowerShell 5's Out-File), which is no character of the record: read as
# one, every record saved so was refused for an invisible U+FEFF at line 1. Text mode, so a
# CRLF file (a Windows checkout) reads as LF, on the same line numbers.
RECORD_ENCODING = "utf-8-sig"


class RecordLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader (libyaml when available) that also reads YAML 1.2 floats such as 1e7."""


RecordLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^[-+]?(?:[0-9][0-9_]*)(?:\.[0-9_]*)?[eE][-+]?[0-9]+$"),
    list("-+0123456789"),
)


class YamlError(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class Document:
    """The plain data of one YAML file plus the line where each location starts."""

    data: object
    lines: dict[tuple, int] = field(default_factory=dict)
    # (location, message) of each plain scalar YAML 1.1 and 1.2 read differently (a key's: its entry's)
    ambiguous: list[tuple[tuple, str]] = field(default_factory=list)

    def line_of(self, loc: tuple) -> int:
        """The line of the deepest known location on ``loc`` (1-based)."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), 1)


# what the YAML parser's terse messages mostly mean in a hand-written record
_INDENTATION = ("; check the indentation of this line and the one above: the keys of one mapping "
                "start in the same column, two spaces deeper than their parent's")
_HINTS = {
    "did not find expected key": _INDENTATION,
    "did not find expected '-' indicator": _INDENTATION,
    "mapping values are not allowed": ("; a value holding ': ' must be quoted (\"...\"), or this line is "
                                       "indented deeper than the key above it"),
}


# YAML 1.1 ends a line at NEL, LS and PS as well as at a newline; editors, diffs and the validator's
# message on the character itself do not, so a mark's line past one was a line too low there.
_YAML_ONLY_BREAKS = re.compile("[\x85\u2028\u2029]")


def _lines_of(text: str):
    """A function giving the 1-based line of a YAML mark in ``text``, newlines alone ending lines."""
    if not _YAML_ONLY_BREAKS.search(text):
        return lambda mark: mark.line + 1
    newlines = [m.start() for m in re.finditer("\n", text)]
    return lambda mark: bisect.bisect_left(newlines, mark.index) + 1  # the mark's index counts characters


def parse(text: str) -> Document:
    """Parse one YAML document; raise YamlError with a line on bad YAML or duplicate keys."""
    line_of = _lines_of(text)
    try:
        node = yaml.compose(text, Loader=RecordLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = line_of(mark) if mark else 1
        problem = exc.problem or str(exc)
        hint = next((h for start, h in _HINTS.items() if problem.startswith(start)), "")
        raise YamlError(line, f"invalid YAML: {problem}{hint}") from None
    except yaml.reader.ReaderError as exc:  # at line 1, its position (libyaml's in bytes) on a line of its own
        at = text.find(chr(exc.character)) if isinstance(exc.character, int) else -1
        line = text.count("\n", 0, at) + 1 if at >= 0 else 1
        raise YamlError(line, f"invalid YAML: character U+{exc.character:04X} is not allowed in YAML ({exc.reason})"
                        if at >= 0 else f"invalid YAML: {exc.reason}") from None
    except yaml.YAMLError as exc:
        raise YamlError(1, f"invalid YAML: {exc}") from None
    if node is None:
        raise YamlError(1, "empty document")
    constructor = RecordLoader("")
    doc = Document(data=None)
    doc.data = _build(node, (), doc, constructor, set(), line_of)
    return doc


# No record nests deeper than a few levels (laws[0].constant_sets[0].intervals.A.low is 6); libyaml
# composes up to 1000 levels, which _build would follow past Python's recursion limit.
MAX_DEPTH = 50


def _build(node: yaml.Node, loc: tuple, doc: Document, constructor, seen: set[int], line_of) -> object:
    # An alias composes to a node already seen; refusing it rules out "billion laughs" blow-ups.
    if id(node) in seen:
        raise YamlError(line_of(node.start_mark), "anchors and aliases (&, *) are not allowed in records")
    if len(loc) > MAX_DEPTH:
        raise YamlError(line_of(node.start_mark), f"nested more than {MAX_DEPTH} levels deep (records nest a few)")
    seen.add(id(node))
    doc.lines[loc] = line_of(node.start_mark)
    if isinstance(node, yaml.MappingNode):
        out: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlError(line_of(key_node.start_mark), "merge keys (<<) are not allowed in records")
            if not isinstance(key_node, yaml.ScalarNode):  # '? [...]': constructed deep, past the depth limit
                raise YamlError(line_of(key_node.start_mark),
                                "a key must be a plain value (a name), not a list or mapping")
            key, reading = _construct(key_node, constructor, line_of)
            if not isinstance(key, (str, int, float, bool)) or isinstance(key, bool):
                key = str(key)
            if key in out:
                raise YamlError(line_of(key_node.start_mark), f"duplicate key {key!r}")
            child = (*loc, key)
            if reading:
                doc.ambiguous.append((child, f"the key {reading}"))
            out[key] = _build(value_node, child, doc, constructor, seen, line_of)
            doc.lines[child] = line_of(key_node.start_mark)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*loc, i), doc, constructor, seen, line_of) for i, item in enumerate(node.value)]
    value, reading = _construct(node, constructor, line_of)
    if reading:
        doc.ambiguous.append((loc, reading))
    return value


# YAML 1.2's core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution), which every plain
# scalar is read by too, to find those YAML 1.1 reads otherwise
_CORE_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_CORE_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_CORE_INT = re.compile(r"[-+]?[0-9]+")
# the digits spelled out: Python's int(text, 16) also takes '1_F', ' 1F' and other scripts' digits,
# which YAML 1.2 reads as text ('0x1_F' was 31 in both readings, so it was let through)
_CORE_OCT, _CORE_HEX = re.compile(r"0o[0-7]+"), re.compile(r"0x[0-9a-fA-F]+")
_CORE_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?")
_CORE_INF = frozenset({".inf", ".Inf", ".INF"})
_CORE_SPECIAL = {**dict.fromkeys(_CORE_INF, math.inf), **dict.fromkeys((".nan", ".NaN", ".NAN"), math.nan)}
_NUMBER_START = frozenset("0123456789+-.")
_CORE_WORDS = _CORE_NULL | set(_CORE_BOOL)
_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")  # an int both read alike (no leading zero: 010 is octal in 1.1)
_INT, _FLOAT = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
_LONGEST = 400  # digits: a longer number is refused as too large anyway (_construct)


def _core(text: str) -> object:
    """``text``, a plain scalar, as YAML 1.2's core schema reads it."""
    if text in _CORE_NULL:
        return None
    if text in _CORE_BOOL:
        return _CORE_BOOL[text]
    if len(text) > _LONGEST:
        return text
    if _CORE_INT.fullmatch(text):
        return int(text)
    if _CORE_OCT.fullmatch(text):
        return int(text[2:], 8)
    if _CORE_HEX.fullmatch(text):
        return int(text[2:], 16)
    if _CORE_FLOAT.fullmatch(text):
        return float(text)
    if text in _CORE_SPECIAL:
        return _CORE_SPECIAL[text]
    if text[:1] in "+-" and text[1:] in _CORE_INF:
        return math.inf if text[0] == "+" else -math.inf
    return text


def _same(a: object, b: object) -> bool:
    if isinstance(a, bool) or isinstance(b, bool) or a is None or b is None:
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b or (math.isnan(a) and math.isnan(b))
    return type(a) is type(b) and a == b


def _shown(value: object) -> str:
    if isinstance(value, bool):
        return "true (a yes/no)" if value else "false (a yes/no)"
    if isinstance(value, (int, float)):
        return f"the number {value!r}"
    if isinstance(value, str):
        return "text"
    return f"the {type(value).__name__} {value}"  # a date, a timestamp


def _differently(node: yaml.ScalarNode, value: object) -> str | None:
    """How YAML 1.1 (this loader) and 1.2 read ``node``, a plain scalar, when they differ; None
    when they agree, or the scalar is quoted or a block (text in both)."""
    if node.style or not isinstance(node, yaml.ScalarNode):  # plain: None (PyYAML) or "" (libyaml)
        return None
    text, tag = node.value, node.tag
    if (tag == _INT and _DECIMAL.fullmatch(text)) or (tag == _FLOAT and _CORE_FLOAT.fullmatch(text)):
        return None
    core = _core(text)
    if _same(value, core):
        return None
    if isinstance(value, bool) or isinstance(core, bool):
        meant = "write true or false, or quote it for text"
    elif isinstance(value, (int, float, str)):
        meant = "write the number meant in plain decimal (1000, 0.5, 1.5e3), or quote it for text"
    else:  # a date: records keep dates as text
        meant = f'quote it ("{node.value}")'

    return f"{_clip(node.value)} reads as {_shown(value)} in YAML 1.1 (this loader) but as {_shown(core)} in YAML 1.2: {meant}"


_STR = "tag:yaml.org,2002:str"


def _construct(node: yaml.ScalarNode, constructor, line_of) -> tuple[object, str | None]:
    """A scalar's value, and how YAML 1.1 and 1.2 read it where they differ (:func:`_differently`);
    a tag the safe loader has no constructor for ('!foo', '!!python/name:...') is a YamlError
    with its line, not the loader's ConstructorError."""
    if node.tag == _STR:  # most scalars: the safe constructor returns the text as it is, at 4x the cost
        text = node.value
        # words, quoted or not, which YAML 1.2 reads as text too: no more to check
        if node.style or (text[:1] not in _NUMBER_START and text not in _CORE_WORDS):
            return text, None
        return text, _differently(node, text)
    try:
        value = constructor.construct_object(node, deep=True)
    except yaml.constructor.ConstructorError:
        raise YamlError(line_of(node.start_mark), f"the YAML tag {node.tag!r} is not allowed in records") from None
    except (ValueError, OverflowError) as exc:
        # e.g. Python's 4300-digit limit on int(): a 5000-digit integer in a record
        if node.tag == "tag:yaml.org,2002:int":
            raise YamlError(line_of(node.start_mark), f"integer {_clip(node.value)} is too large; integers must fit "
                            "in 64 bits (write large numbers as floats, e.g. 1e20)") from None
        raise YamlError(line_of(node.start_mark), f"cannot read the value {_clip(node.value)}: {exc}") from None
    return value, _differently(node, value)


def _clip(value: object) -> str:
    text = str(value)
    return repr(text if len(text) <= 40 else f"{text[:20]}...{text[-10:]} ({len(text)} characters)")


def load_text(text: str) -> object:
    """Plain data of a YAML text, through the same resolver (for fixtures and tools)."""
    return parse(text).data
