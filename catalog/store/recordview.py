"""Read-only views of stored records: attribute access over the JSON the database keeps, for
the commands that must start fast (``eval``, ``show``, ...) without building pydantic models.

The database stores every record (``papers.record_json``) as the full ``model_dump_json()``
of its validated model, every field present. A :class:`View`
reads the same attributes as the model (``law.symbols["N"].range.max``,
``paper.model_range.min``), ``model_dump()`` gives the dump back, and the few derived helpers
of :class:`catalog.schema.Law` are repeated here. The data was validated when it was loaded, by
``catalog load``; a database written otherwise (edited by hand, a catalog.sqlite downloaded from
elsewhere, a shared server) is not trusted with the terminal: text holding a control character is
:class:`InvalidRecord` (:func:`check_text`), as the schema would have refused it.
"""

from __future__ import annotations

import copy
import functools
import json
import math
import re
from typing import Any

from catalog import textguard

# Fields of the schema typed ``dict[name, ...]``: their keys are names (symbols, parameters,
# tables), not fields, so they stay plain dicts (with views as values). A test keeps this in
# step with catalog/schema.py.
MAPPING_FIELDS = frozenset({"symbols", "values", "printed", "stderr", "intervals", "ranges", "inputs", "expected",
                            "order", "reference_point"})
# Fields the schema keeps to one line wherever they occur (catalog.schema.Line and Cell): printed in one
# row of a listing or after a label, where a line break forges rows or an 'error:' line. A test keeps
# this in step with catalog/schema.py.
ONE_LINE_FIELDS = frozenset({
    "applicability", "architecture", "authors", "category", "citation", "compute", "data_range", "datasets",
    "form_text", "initialization", "key_insights", "label", "locator", "meaning", "method", "modality",
    "model_range", "name", "nicknames", "objective", "publisher", "survey_citation", "task", "title", "unit",
    "tokenizer", "validation", "validation_set", "venue", "where"})

# Fields the schema keeps to math commands (catalog.schema.LatexMath: no \input, no raw $ % # &),
# written as they are into LaTeX output; where they stand is :func:`check_written_as_is`'s. A test keeps
# this in step with catalog/schema.py.
LATEX_FIELDS = frozenset({"form_latex", "survey_latex"})
# Fields the schema keeps to http(s) links (catalog.schema.Url), written as links; checked by
# :func:`check_written_as_is` too. A test keeps this in step with catalog/schema.py.
URL_FIELDS = frozenset({"url", "repository", "raw_data"})


def wrap(value: Any, mapping: bool = False) -> Any:
    # scalars (most of a record) are kept without a call: the commands over every record read
    # some 120,000 values
    if isinstance(value, dict):
        if mapping:
            return {k: wrap(v) if isinstance(v, (dict, list)) else v for k, v in value.items()}
        return View(value)
    if isinstance(value, list):
        return [wrap(v) if isinstance(v, (dict, list)) else v for v in value]
    return value


# What a refused character (catalog.textguard.REFUSED) or a code point this Python does not assign
# (textguard.unassigned_reason: a record's YAML is refused for one) looks like in a record's JSON: as
# it is (textguard.record_text_reason), or escaped (backslash b, f or r, or backslash u and its code
# point) after an even run of other backslashes (the escaped backslash of LaTeX's frac is no form
# feed). A hit is then checked string by string (check_text), which names the field; the scan costs
# a tenth of that walk.
_ESCAPE = re.compile(r"\\(?:[bfnr]|u([0-9a-fA-F]{4}))")


def suspect(text: str) -> bool:
    """Whether the JSON ``text`` may hold a refused character (as it is or escaped): when not, no
    string read from it need be walked (:func:`check_text`)."""
    if textguard.record_text_reason(text):
        return True
    for found in _ESCAPE.finditer(text):
        if found.group(1) and not textguard.refused(code := int(found.group(1), 16)) \
                and not textguard.unassigned(code) and found.group(1).lower() != "000a":
            continue
        start = run = found.start()
        while run and text[run - 1] == "\\":
            run -= 1
        if (start - run) % 2 == 0:
            return True
    return False


class InvalidRecord(ValueError):
    """A record in the database that does not pass the schema: the database was not written by
    ``catalog load`` from valid records. The message names the record, the field and why."""


def check_text(value: Any, record: str, where: str = "", field: str | None = None) -> None:
    """Raise :class:`InvalidRecord` when a string in ``value`` (keys too) holds a control character
    (:mod:`catalog.textguard`): the escape sequences a terminal would run; or a code point this
    Python does not assign, as a record's YAML may not (:func:`textguard.record_text_reason`); or a
    line break, in a key or in a field kept to one line (:data:`ONE_LINE_FIELDS`, ``field`` the
    string's own)."""
    refused = _refused_text(value, field)
    if refused is None:
        return
    steps, reason = refused
    place = where
    for step in reversed(steps):
        place = f"{place}[{step}]" if isinstance(step, int) else f"{place}.{step}" if place else str(step)
    raise InvalidRecord(f"the database's record {record}: {place or 'text'}: {reason}")


def _refused_text(value: Any, field: str | None) -> tuple[list, str] | None:
    """:func:`check_text`'s walk: (the keys and indexes from ``value`` down to the first refused
    text, innermost first; why it is refused), or None. The place is put together only for a
    refused text: formatting every string's place cost most of the walk over every record."""
    if isinstance(value, str):
        reason = textguard.record_text_reason(value) or (
            textguard.line_break_reason(value) if field in ONE_LINE_FIELDS else None)
        return ([], reason) if reason else None
    if isinstance(value, dict):
        mapping = field in MAPPING_FIELDS  # keys are names (symbols, parameters), values no field of their own
        for key, item in value.items():
            # a key is a name: one line, refused at its mapping's place
            if isinstance(key, str) and (reason := textguard.record_text_reason(key) or textguard.line_break_reason(key)):
                return [], reason
            if not isinstance(item, (int, float, type(None))) and \
                    (found := _refused_text(item, None if mapping else key)) is not None:
                found[0].append(key)
                return found
    elif isinstance(value, list):
        for i, item in enumerate(value):  # a loop, not any(...): one frame a level
            if not isinstance(item, (int, float, type(None))) and (found := _refused_text(item, field)) is not None:
                found[0].append(i)
                return found
    return None


# Fields keyed by symbol names whose values are numbers (catalog.schema's Number)
NUMBER_FIELDS = frozenset({"values", "stderr", "inputs", "expected", "reference_point"})
_INT64 = 2**63 - 1


def number_reason(value: Any) -> str | None:
    """Why ``value`` is no number a record holds (catalog.schema.Number: an integer of 64 bits or a
    finite float, not a truth value), or None for one."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return f"{type(value).__name__} where a number stands"
    if isinstance(value, int) and abs(value) > _INT64:
        return "an integer that does not fit in 64 bits"
    if isinstance(value, float) and not math.isfinite(value):
        return f"{value} is not allowed; numbers must be finite"
    return None


def check_names(value: Any, record: str, where: str) -> None:
    """Raise :class:`InvalidRecord` when a key of a field keyed by symbol names (a law's symbols, a
    set's values, a check's inputs: :data:`MAPPING_FIELDS`) in ``value`` is no symbol name: the
    engine builds sympy symbols, lambdify's source and LaTeX from them, trusting the schema; or
    when a number of such a field (:data:`NUMBER_FIELDS`, a fixed symbol's value) is no number the
    schema admits, or a set's printed digits are no number: the engine computes with them and show
    prints them."""
    # only lists and objects are walked into (a scalar holds no key): most values are scalars, and
    # their places need not be formatted
    if isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, (list, dict)):
                check_names(item, record, f"{where}[{i}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            if key in MAPPING_FIELDS and isinstance(item, dict):
                reason = next(filter(None, map(textguard.symbol_name_reason, item)), None)
                if not reason and key in NUMBER_FIELDS:
                    reason = next(filter(None, map(number_reason, item.values())), None)
                if not reason and key == "printed":
                    reason = next((f"{text!r} is no number" for text in item.values()
                                   if not (isinstance(text, str) and len(text) <= textguard.PRINTED_NUMBER_LENGTH
                                            and textguard.PRINTED_NUMBER.fullmatch(text))),
                                  None) or _printed_against(item, value.get("values"))
                if reason:
                    raise InvalidRecord(f"the database's record {record}: {where}.{key}: {reason}")
            if key == "value" and item is not None and (reason := number_reason(item)):
                raise InvalidRecord(f"the database's record {record}: {where}.{key}: {reason}")
            if isinstance(item, (list, dict)):
                check_names(item, record, f"{where}.{key}")


def _printed_against(printed: dict, values: Any) -> str | None:
    """Why a set's printed digits (numbers already) are not its values, as the schema says it: the
    terminal, tables and the site print the digits and the engine computes with the values."""
    for name, text in printed.items():
        value = values.get(name) if isinstance(values, dict) else None
        if value is None:
            return f"{name!r} has no value"
        if number_reason(value) is None and textguard.printed_differs(text, value):
            return f"{name}={text} differs from its value {value!r}"
    return None


ROLES = frozenset({"input", "parameter", "output", "fixed", "defined"})  # catalog.schema.Symbol.role


def check_laws(laws: Any, record: str) -> None:
    """Raise :class:`InvalidRecord` when ``laws`` (a stored record's) is not shaped as the schema
    shapes them where the engine and show read them without it: a list of laws, each with its
    symbols (one output; a role the schema names; a range of numbers; a fixed one's value), constant sets (a list; each
    set's ranges and intervals of numbers). A record of a --db no load wrote ended eval, show or
    sweep in a TypeError or AttributeError traceback."""

    def refuse(where: str, why: str):
        raise InvalidRecord(f"the database's record {record}: {where}: {why}")

    def bounds(value: Any, where: str, ends: tuple[str, ...], optional: bool) -> None:
        if not isinstance(value, dict):
            refuse(where, "not an object")
        for end in ends:
            if (value.get(end) is not None or not optional) and (reason := number_reason(value.get(end))):
                refuse(f"{where}.{end}", reason)

    if not isinstance(laws, list):
        refuse("laws", "not a list")
    for i, law in enumerate(laws):
        where = f"laws[{i}]"
        if not isinstance(law, dict) or not isinstance(law.get("symbols"), dict) \
                or not isinstance(law.get("constant_sets"), list):
            refuse(where, "not a law with symbols and constant sets")
        roles = []
        for name, symbol in law["symbols"].items():
            if not isinstance(symbol, dict) or symbol.get("role") not in ROLES:
                refuse(f"{where}.symbols.{name}", "not a symbol with a role the schema names")
            roles.append(symbol["role"])
            if symbol["role"] == "fixed" and (reason := number_reason(symbol.get("value"))):
                refuse(f"{where}.symbols.{name}.value", f"a fixed symbol's value: {reason}")
            if symbol.get("range") is not None:
                bounds(symbol["range"], f"{where}.symbols.{name}.range", ("min", "max"), True)
        if roles.count("output") != 1:
            refuse(f"{where}.symbols", "not exactly one output")
        _check_conditions(law, where, refuse)
        for j, cs in enumerate(law["constant_sets"]):
            if not isinstance(cs, dict) or not isinstance(cs.get("id"), str) or not isinstance(cs.get("values"), dict):
                refuse(f"{where}.constant_sets[{j}]", "not a constant set with an id and values")
            _check_citation(cs, f"{where}.constant_sets[{j}]", refuse)
            for field, ends, optional in (("ranges", ("min", "max"), True), ("intervals", ("low", "high"), False)):
                items = cs.get(field) or {}
                if not isinstance(items, dict):
                    refuse(f"{where}.constant_sets[{j}].{field}", "not an object")
                for name, item in items.items():
                    bounds(item, f"{where}.constant_sets[{j}].{field}.{name}", ends, optional)


def _check_citation(cs: dict, where: str, refuse) -> None:
    """A constant set cited as the schema requires (catalog.schema.ConstantSet): a provenance it
    names, a source, and a locator for a primary set. Every command reading a stored law checks it
    here, where only show (validating the record) refused a --db no load wrote with a primary set
    lacking its locator, and eval printed that set's value with no citation."""
    from catalog import provenance

    if cs.get("provenance") not in provenance.PROVENANCES:
        refuse(f"{where}.provenance", f"not one of {', '.join(provenance.PROVENANCES)}")
    if not _text(cs.get("source")):
        refuse(f"{where}.source", "missing: where the values come from")
    if cs["provenance"] in provenance.PRIMARY_PROVENANCE and not _text(cs.get("locator")):
        refuse(f"{where}.locator", f"missing: a {cs['provenance']} set needs a locator (table, equation, page or "
                                   "repository path)")


def _text(value: Any) -> bool:
    """A non-empty string, as the schema's NonEmpty (and Line: a locator) admits."""
    return isinstance(value, str) and value != ""


def _check_conditions(law: dict, where: str, refuse) -> None:
    """A law's conditions as validation admits them (catalog.records: each one relation the formula
    guard passes, over the law's inputs, fixed symbols and parameters): evaluation compiles them
    trusting that, and a --db no load wrote ended eval and optimal in a FormulaError or KeyError
    traceback (the guard still refused the call in ``N <= __import__('os').getpid()``)."""
    conditions = law.get("conditions") or []
    if not isinstance(conditions, list):
        refuse(f"{where}.conditions", "not a list")
    if not conditions:  # most laws: no import of the guard on the read path
        return
    from catalog.engine import formulas

    usable = frozenset(n for n, s in law["symbols"].items() if s["role"] in ("input", "fixed", "parameter"))
    for k, condition in enumerate(conditions):
        text = condition.get("expression") if isinstance(condition, dict) else None
        if not isinstance(text, str):
            refuse(f"{where}.conditions[{k}]", "not a condition with an expression")
        try:
            formulas.check_condition(text, usable)
        except formulas.FormulaError as exc:
            refuse(f"{where}.conditions[{k}].expression", str(exc))
        if not _text(condition.get("source")):  # show cites it; eval, solve and optimal refuse points by it
            refuse(f"{where}.conditions[{k}].source", "missing: where the paper states the condition")


def check_written_as_is(data: dict, record: str) -> None:
    """Raise :class:`InvalidRecord` when a LaTeX field of a stored record (:data:`LATEX_FIELDS`: a
    law's ``survey_latex``, the survey's Table 7 ``form_latex``) is no math the schema admits
    (:func:`catalog.textguard.latex_reason`), or a link (:data:`URL_FIELDS`) is no http(s) one:
    tables write them into LaTeX and HTML as they are, and a --db no load wrote put
    ``\\input{/etc/passwd}`` and ``javascript:`` links there."""
    laws = data.get("laws") if isinstance(data.get("laws"), list) else []
    places = [(f"laws[{i}].survey_latex", law.get("survey_latex")) for i, law in enumerate(laws) if isinstance(law, dict)]
    survey = data.get("survey")
    table7 = survey.get("table7") if isinstance(survey, dict) else None
    if isinstance(table7, dict):
        places.append(("survey.table7.form_latex", table7.get("form_latex")))
    for where, value in places:
        if value is not None and (reason := textguard.latex_reason(value) if isinstance(value, str) else "not text"):
            raise InvalidRecord(f"the database's record {record}: {where}: {reason}")
    for part, names in (("bibliography", ("url",)), ("reproducibility", ("repository", "raw_data"))):
        fields = data.get(part) if isinstance(data.get(part), dict) else {}
        for name in names:
            value = fields.get(name)
            if value is not None and not (isinstance(value, str) and textguard.URL.fullmatch(value)):
                raise InvalidRecord(f"the database's record {record}: {part}.{name}: not an http or https link")


def one_row(paper_id: str, texts: list) -> Any:
    """The stored record (``papers.record_json``) of the one row ``texts`` holds for ``paper_id``
    (those a query for it found, at most two asked): a load writes a paper once, so two rows are a
    database no load wrote, which one command answered with the first and another with the last."""
    if len(texts) > 1:
        raise _in_two_rows(paper_id)
    return texts[0]


def _in_two_rows(paper_id: str) -> InvalidRecord:
    return InvalidRecord(f"the database's record {textguard.quoted(paper_id)}: the database holds it in more than "
                         "one row (a load writes each paper once)")


# The first paper the papers table holds in more than one row, or a row without an id (NULL: a
# table without the key a load creates): search and stats count and list the table's rows, not
# records read by id (an index's scan of the ids, some 0.2 ms for the catalog)
REPEATED_SQL = "SELECT id FROM papers GROUP BY id HAVING count(*) > 1 OR id IS NULL ORDER BY id LIMIT 1"


def each_once(repeated: list) -> None:
    """Raise :func:`one_row`'s error for the paper of :data:`REPEATED_SQL`'s rows ``repeated``, if
    any, or the error of a row without an id."""
    if repeated and repeated[0][0] is None:
        raise InvalidRecord("the database holds a paper row without an id (a load writes each paper under its "
                            "record's id)")
    if repeated:
        raise _in_two_rows(repeated[0][0])


def own(paper_id: str, record):
    """``record`` (a view or Paper), read from the row of ``paper_id``, when it is that paper's: a
    row whose record names another paper answered the id with that paper, which the whole
    catalog's reading (by the records' ids) did not hold under it."""
    if record.id != paper_id:
        raise InvalidRecord(f"the database's record {textguard.quoted(paper_id)}: id: its row is "
                            f"{textguard.quoted(paper_id)} but its record says {textguard.quoted(record.id)}")
    return record


def rows_by_id(rows) -> dict[str, Any]:
    """``{id: record_json}`` of the papers table's ``(id, record_json)`` rows, each id once
    (:func:`one_row`)."""
    out: dict[str, Any] = {}
    for paper_id, text in rows:
        out[paper_id] = one_row(paper_id, [text] if paper_id not in out else [out[paper_id], text])
    return out


def validated(text: str):
    """The :class:`catalog.schema.Paper` of a stored record's JSON; :class:`InvalidRecord` naming
    the record and its first error when it does not pass the schema."""
    from pydantic import ValidationError

    from catalog.schema import Paper

    try:
        return Paper.model_validate_json(text)
    except ValidationError as exc:
        error = exc.errors()[0]
        try:
            record = repr(json.loads(text).get("id", "?"))
        except (ValueError, AttributeError, RecursionError):
            record = "?"
        where = ".".join(str(p) for p in error["loc"]) or "record"
        message = error["msg"].removeprefix("Value error, ")
        raise InvalidRecord(f"the database's record {record}: {where}: {message}") from None


# The stored JSON of the records read as views in this process (the latest ones): when a command
# fails unexpectedly, the command line validates them with the schema (:func:`first_invalid`), so
# a record of a --db no load wrote is reported as such, not as the traceback its shape caused.
_READ: list[str] = []


def forget_read() -> None:
    """Start a command: the records read before are not its own (:func:`first_invalid`)."""
    _READ.clear()


def first_invalid() -> InvalidRecord | None:
    """The schema's error for the first record read as a view that does not pass it, or is not
    the whole dump ``catalog load`` stores of the model it validates into (a field left out, which
    the schema fills with its default and a view lacks), else None: the likely cause of an
    unexpected error on the fast paths, which trust the stored shape."""
    for text in _READ:
        try:
            dumped = validated(text).model_dump(mode="json")
            stored = json.loads(text)
        except InvalidRecord as exc:
            return exc
        except Exception:  # noqa: BLE001 - the record is not what the schema reads either
            return InvalidRecord("the database holds a record the schema cannot read")
        where = _first_difference(stored, dumped)
        if where is not None:
            return InvalidRecord(f"the database's record {stored.get('id', '?')!r}: {where or 'record'}: not as catalog "
                                 "load stores it (every field, nulls included)")
    return None


def _first_difference(stored: Any, dumped: Any, where: str = "") -> str | None:
    """The first place (``laws[0].form``) where a stored record differs from the dump of its
    model, else None."""
    if isinstance(stored, dict) and isinstance(dumped, dict):
        for key in dict.fromkeys([*dumped, *stored]):
            place = f"{where}.{key}" if where else str(key)
            if key not in stored or key not in dumped:
                return place
            if (found := _first_difference(stored[key], dumped[key], place)) is not None:
                return found
        return None
    if isinstance(stored, list) and isinstance(dumped, list) and len(stored) == len(dumped):
        return next((found for i, (a, b) in enumerate(zip(stored, dumped))
                     if (found := _first_difference(a, b, f"{where}[{i}]")) is not None), None)
    return None if stored == dumped else where


# Characters of a stored record above which the view validates it with the schema first (some ms
# for such a record, with pydantic's import): the view checks what outputs rely on but no length,
# and a --db holding a 50 MB title had show and bib print it (13 s, 1 GB) where the schema refuses
# more than 20,000 characters. The catalog's largest record is 179 kB of JSON.
SCHEMA_ABOVE = 500_000


class View:
    """A validated record (or part of one) read from its stored JSON."""

    def __init__(self, data: dict):
        # a field becomes a plain instance attribute when first read (__getattr__), then read as
        # fast as any object's: the commands over every record (predict, bib, audit) read a few
        # fields of each, and wrapping every field of every record was a quarter of their reading
        self._data = data
        self.numeric = None  # a law's stored formula tree (catalog.engine.numeric), when read with it
        self.compiled: dict = {}  # the engine's compiled forms of that tree
        self.closed_forms = None  # closed forms stored with it (catalog.engine.closedforms)
        self.comparisons = None  # secondary sets against the primary one, computed at load (catalog.provenance)

    def __getattr__(self, name: str) -> Any:
        # called only for an attribute not set yet: a field not read before (or no field)
        data = self.__dict__.get("_data")
        if data is None or name not in data:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        try:
            value = self.__dict__[name] = wrap(data[name], name in MAPPING_FIELDS)
        except RecursionError:  # a field nested almost to json's limit: from_json's walks stopped short of it
            raise InvalidRecord(f"the database's record {self._data.get('id', '?')!r}: {name}: nested too deep") from None
        return value

    @classmethod
    def from_json(cls, text: str) -> "View":
        if not isinstance(text, str):  # a BLOB (SQLite keeps one in any column): json reads bytes, the checks do not
            raise InvalidRecord("the database holds a record that is not JSON text (binary data)")
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):  # not JSON, or nested past Python's recursion limit
            data = None
        if not isinstance(data, dict):
            raise InvalidRecord("the database holds a record that is not a JSON object (or one nested too deep)")
        if len(text) > SCHEMA_ABOVE:
            validated(text)  # the schema's bounds: a field's length, a list's (the view reads none)
        try:  # a record nested almost to the parser's limit exceeds it in the walks below
            if suspect(text):  # walking every string costs more than reading the record
                check_text(data, repr(data.get("id", "?")))
            check_names(data.get("laws"), repr(data.get("id", "?")), "laws")
            check_laws(data.get("laws"), repr(data.get("id", "?")))
            check_written_as_is(data, repr(data.get("id", "?")))
            del _READ[:-255]
            _READ.append(text)
            return cls(data)
        except RecursionError:
            raise InvalidRecord("the database holds a record nested too deep") from None

    def __repr__(self) -> str:
        return f"View({self._data.get('id', '?')!r})"

    def model_dump(self, *, exclude_none: bool = False, **_: Any) -> dict:
        """The stored dump (the model's ``model_dump(mode="json")``), as a new dict."""
        if exclude_none:
            return _without_none(self._data)
        if not any(isinstance(v, (dict, list)) for v in self._data.values()):
            # a flat object (a law's conventions: predict reads them for each of its 780 rows) is
            # copied whole by a shallow copy, at a tenth of deepcopy's walk
            return dict(self._data)
        return copy.deepcopy(self._data)

    # -- the helpers catalog.schema.Law defines, for a law view

    def default_constants(self):
        from catalog import provenance

        return provenance.default_set(self)

    @functools.cached_property
    def output_symbol(self) -> str:
        return next(n for n, s in self.symbols.items() if s.role == "output")

    @property
    def input_symbols(self) -> list[str]:
        return list(self._names("input"))

    @property
    def parameter_symbols(self) -> list[str]:
        return list(self._names("parameter"))

    @functools.cached_property
    def expanded_expression(self) -> str:
        from catalog import definitions

        return definitions.expanded(self)

    def _names(self, role: str) -> tuple[str, ...]:
        cache = self.__dict__.setdefault("_roles", {})
        if role not in cache:
            cache[role] = tuple(n for n, s in self.symbols.items() if s.role == role)
        return cache[role]


def _without_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_none(v) for v in value]
    return value
