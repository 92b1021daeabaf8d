"""YAML parsing with line numbers, duplicate-key detection and YAML 1.2 numbers.

PyYAML follows YAML 1.1, where ``1e7`` is a string and ``1.0e+7`` a float. Records write
constants like ``1e7`` freely, so the loader resolves YAML 1.2 style floats on purpose; the
schema's numeric fields are strict, so a quoted ``"1e7"`` stays an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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


def parse(text: str) -> Document:
    """Parse one YAML document; raise YamlError with a line on bad YAML or duplicate keys."""
    try:
        node = yaml.compose(text, Loader=RecordLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problem = exc.problem or str(exc)
        hint = next((h for start, h in _HINTS.items() if problem.startswith(start)), "")
        raise YamlError(line, f"invalid YAML: {problem}{hint}") from None
    except yaml.YAMLError as exc:
        raise YamlError(1, f"invalid YAML: {exc}") from None
    if node is None:
        raise YamlError(1, "empty document")
    constructor = RecordLoader("")
    doc = Document(data=None)
    doc.data = _build(node, (), doc, constructor, set())
    return doc


# No record nests deeper than a few levels (laws[0].constant_sets[0].intervals.A.low is 6); libyaml
# composes up to 1000 levels, which _build would follow past Python's recursion limit.
MAX_DEPTH = 50


def _build(node: yaml.Node, loc: tuple, doc: Document, constructor, seen: set[int]) -> object:
    # An alias composes to a node already seen; refusing it rules out "billion laughs" blow-ups.
    if id(node) in seen:
        raise YamlError(node.start_mark.line + 1, "anchors and aliases (&, *) are not allowed in records")
    if len(loc) > MAX_DEPTH:
        raise YamlError(node.start_mark.line + 1, f"nested more than {MAX_DEPTH} levels deep (records nest a few)")
    seen.add(id(node))
    doc.lines[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlError(key_node.start_mark.line + 1, "merge keys (<<) are not allowed in records")
            if not isinstance(key_node, yaml.ScalarNode):  # '? [...]': constructed deep, past the depth limit
                raise YamlError(key_node.start_mark.line + 1,
                                "a key must be a plain value (a name), not a list or mapping")
            key = _construct(key_node, constructor)
            if not isinstance(key, (str, int, float, bool)) or isinstance(key, bool):
                key = str(key)
            if key in out:
                raise YamlError(key_node.start_mark.line + 1, f"duplicate key {key!r}")
            child = (*loc, key)
            out[key] = _build(value_node, child, doc, constructor, seen)
            doc.lines[child] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, (*loc, i), doc, constructor, seen) for i, item in enumerate(node.value)]
    return _construct(node, constructor)


_STR = "tag:yaml.org,2002:str"


def _construct(node: yaml.ScalarNode, constructor) -> object:
    """A scalar's value; a tag the safe loader has no constructor for ('!foo', '!!python/name:...')
    is a YamlError with its line, not the loader's ConstructorError."""
    if node.tag == _STR:  # most scalars: the safe constructor returns the text as it is, at 4x the cost
        return node.value
    try:
        return constructor.construct_object(node, deep=True)
    except yaml.constructor.ConstructorError:
        raise YamlError(node.start_mark.line + 1, f"the YAML tag {node.tag!r} is not allowed in records") from None
    except (ValueError, OverflowError) as exc:
        # e.g. Python's 4300-digit limit on int(): a 5000-digit integer in a record
        if node.tag == "tag:yaml.org,2002:int":
            raise YamlError(node.start_mark.line + 1, f"integer {_clip(node.value)} is too large; integers must fit "
                            "in 64 bits (write large numbers as floats, e.g. 1e20)") from None
        raise YamlError(node.start_mark.line + 1, f"cannot read the value {_clip(node.value)}: {exc}") from None


def _clip(value: object) -> str:
    text = str(value)
    return repr(text if len(text) <= 40 else f"{text[:20]}...{text[-10:]} ({len(text)} characters)")


def load_text(text: str) -> object:
    """Plain data of a YAML text, through the same resolver (for fixtures and tools)."""
    return parse(text).data
