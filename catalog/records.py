"""Record files: parse and validate ``data/papers/*.yaml`` into ``Paper`` models.

Stages follow endoflife.date: parse (YAML with lines) -> validate (pydantic schema, then the
formula and cross-field rules) -> the loaded models go on to ``catalog.store.db``. Every problem is
an ``Issue(path, line, field, message)``; validation collects them all instead of stopping
at the first one.
"""

from __future__ import annotations

import difflib
import math
import re
import typing
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ValidationError

from catalog import definitions, nicknames, reference, skeleton, textguard, validcache, vocab, yamlio
from catalog.engine import conventions, formulas
from catalog.schema import Law, Paper

from catalog import paths as _paths  # noqa: E402


def default_data_dir() -> Path:
    """The catalog's own record directory (``data/papers``; ``CATALOG_DATA_DIR`` overrides it)."""
    return _paths.base_data_dir()


@dataclass(frozen=True, order=True)
class Issue:
    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        # each part can quote the file (a key, a TODO hint, its name): escaped for the terminal
        where = f"{textguard.escaped(self.field)}: " if self.field else ""
        return f"{textguard.escaped(self.path)}:{self.line}: {where}{textguard.escaped(self.message)}"


class RecordsInvalid(Exception):
    def __init__(self, issues: list[Issue]):
        self.issues = issues
        super().__init__(f"{len(issues)} error(s) in records:\n" + "\n".join(map(str, issues)))


def _loc_str(loc: Iterable) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# The typo hint compares names pairwise (difflib): its first few undeclared names against a law's
# worth of declared ones (the largest law declares a few dozen); a record declaring 20,000 symbols
# and naming 150 others spent 7 s on the hint alone.
MAX_HINTED_NAMES = 5
MAX_HINTED_DECLARED = 1000


def _declare_hint(exc: Exception, declared: Iterable[str] = ()) -> str:
    """What to write for an undeclared name: the declared symbol it is likely a typo of, else declare it."""
    if not isinstance(exc, formulas.Undeclared):
        return ""
    declared = sorted(declared)
    hinted = exc.names[:MAX_HINTED_NAMES] if len(declared) <= MAX_HINTED_DECLARED else ()
    typos = [f"{name!r} for {close[0]!r}" for name in hinted
             if (close := difflib.get_close_matches(name, declared, n=1, cutoff=0.6))]
    typo = f"a typo: {', '.join(typos)}? else " if typos else ""
    # what to write: most undeclared names are constants the law fits
    example = exc.names[0] if formulas.reserved_reason(exc.names[0]) is None and len(exc.names[0]) <= 40 else "name"
    return (f" ({typo}declare {'each' if len(exc.names) > 1 else 'it'} under symbols with its role and meaning, "
            f"e.g. {example}: {{role: parameter, meaning: ...}})")


def _printed_alike(names) -> Iterator[tuple[str, str, str]]:
    """(first, second, LaTeX) of two symbol names typeset alike (y0 and y_0 as y_{0}; aprime's
    {a}' and a_prime's a^{\\prime} both a′): in one formula they would read as one symbol."""
    from catalog.publish import typeset

    seen: dict[str, str] = {}
    for name in names:
        printed = typeset.symbol(name)
        key = re.sub(r"^\{(.*)\}'$", r"\1^{\\prime}", printed)
        if key in seen:
            yield seen[key], name, printed
        else:
            seen[key] = name


def law_rules(law: Law) -> Iterator[tuple[tuple, str]]:
    """Formula rules for one law; yields (location inside the law, message)."""
    declared = set(law.symbols)
    fixed_and_params = {n for n, s in law.symbols.items() if s.role in ("parameter", "fixed")}
    reserved = [(name, formulas.reserved_reason(name)) for name in law.symbols]
    if any(reason for _, reason in reserved):
        for name, reason in reserved:
            if reason:
                yield ("symbols", name), f"symbol {name!r} {reason}"
        return
    for first, second, printed in _printed_alike(law.symbols):
        yield ("symbols", second), (f"symbols {first!r} and {second!r} print alike ({printed}) on the site, in "
                                    "tables and in show --pretty: a reader could not tell them apart; rename one")
    defs = definitions.definitions(law)
    if len(defs) > definitions.MAX_DEFINED:
        yield ("symbols",), f"the law defines {len(defs)} symbols, more than {definitions.MAX_DEFINED}"
        return
    output = law.output_symbol
    broken = False  # a definition that does not parse: the whole formula waits for it
    named_in_definitions: set[str] = set()
    names = frozenset(declared)  # one set for every check (its reserved names are looked up once)
    for name, text in defs.items():
        try:
            named = formulas.check_syntax(text, names)  # a definition naming itself is a cycle, found below
        except formulas.FormulaError as exc:
            broken = True
            yield ("symbols", name, "expression"), f"{exc}{_declare_hint(exc, declared)}"
            continue
        named_in_definitions |= named
        if output in named:
            broken = True
            yield ("symbols", name, "expression"), (f"defined symbol {name!r} uses the output {output!r}: a "
                                                    "definition is made of the law's inputs and constants")
    looped = None if broken else definitions.cycle(defs)
    if looped:
        broken = True
        yield ("symbols", looped[0], "expression"), f"definitions refer to each other in a cycle: {' -> '.join(looped)}"
    used = None  # the rules on the symbols used wait for a formula that parses; the constant sets' do not
    if not broken:
        try:
            used = formulas.check_syntax(law.expression, names)
            expanded = definitions.expand(law.expression, defs)
            formulas.parse(expanded, tuple(law.symbols))  # sympy builds it, bounded and checked
            # a defined symbol is used where the expression or another definition names it
            used |= named_in_definitions
        except definitions.DefinitionError as exc:
            used = None
            yield ("symbols",), str(exc)
        except formulas.FormulaError as exc:
            used = None
            yield ("expression",), f"{exc}{_declare_hint(exc, declared)}"
    for name in sorted(set(defs) - used) if used is not None else ():
        yield ("symbols", name), f"defined symbol {name!r} is declared but not used in the expression"
    for name in sorted(set(law.input_symbols) - used) if used is not None else ():
        yield ("symbols", name), f"input {name!r} is declared but not used in the expression"
    for name in sorted(fixed_and_params - used) if used is not None else ():
        yield ("symbols", name), f"{law.symbols[name].role} {name!r} is declared but not used in the expression"
    if used is not None and law.form == "explicit" and output in used:
        yield ("expression",), f"output {output!r} appears in an explicit expression; use form: implicit"
    if used is not None and law.form == "implicit" and output not in used:
        yield ("expression",), f"output {output!r} must appear in an implicit expression"
    yield from _condition_rules(law, names)
    yield from _tokenizer_rules(law)
    params = set(law.parameter_symbols)
    for i, cs in enumerate(law.constant_sets):
        missing = params - set(cs.values)
        if missing:
            yield ("constant_sets", i, "values"), f"constant set {cs.id!r} does not set: {', '.join(sorted(missing))}"
        for name in cs.ranges:
            if name not in law.input_symbols:
                yield ("constant_sets", i, "ranges", name), (
                    f"constant set {cs.id!r} gives a fitted range for {name!r}, which is not an input of the law "
                    f"(inputs: {', '.join(law.input_symbols) or 'none'})")


def _condition_rules(law: Law, names: frozenset[str]) -> Iterator[tuple[tuple, str]]:
    """A condition is a relation over the law's inputs, fixed symbols and parameters (a defined
    symbol is written as what it is made of; the output is what the law gives, not a condition on it)."""
    usable = frozenset(n for n in names if law.symbols[n].role in ("input", "fixed", "parameter"))
    for i, condition in enumerate(law.conditions):
        try:
            used = formulas.check_condition(condition.expression, usable)[3]
        except formulas.FormulaError as exc:
            hint = "" if not isinstance(exc, formulas.Undeclared) or set(exc.names) - names else (
                f" (a condition is over the law's inputs, fixed symbols and parameters; "
                f"{', '.join(exc.names)} {'is' if len(exc.names) == 1 else 'are'} not one)")
            yield ("conditions", i, "expression"), f"{exc}{hint or _declare_hint(exc, usable)}"
            continue
        if not used & set(law.input_symbols):
            yield ("conditions", i, "expression"), "a condition names at least one input of the law"


def _tokenizer_rules(law: Law) -> Iterator[tuple[tuple, str]]:
    if problem := tokenizer_problem(law.conventions.tokenizer):
        yield ("conventions", "tokenizer"), problem


def tokenizer_problem(text: str) -> str | None:
    """A tokenizer the law states (not 'not stated', 'not applicable' or 'varies: ...') cites
    its locator, as every value read in the paper does: what is wrong, else None."""
    text = text.strip()
    if conventions.tokenizer(text) is None:  # none stated, or several: nothing to cite
        return None
    # ends with where the paper states it: '..., 50,257 tokens (Section 2.1)'
    locator = conventions.outside_parentheses(text)[1]
    if locator and re.search(r"\w", locator):
        return None
    return (f"{text!r} ends with no locator in parentheses: write the name, the vocabulary size as printed and "
            "where the paper states them, e.g. 'GPT-2 BPE, 50,257 tokens (Section 2.1)' ('not stated' where it "
            "does not say)")


def paper_rules(paper: Paper, stem: str) -> Iterator[tuple[tuple, str]]:
    if paper.id != stem:
        yield ("id",), f"id {paper.id!r} must equal the file name {stem!r}"
    for i, law in enumerate(paper.laws):
        for loc, message in law_rules(law):
            yield ("laws", i, *loc), message
    if paper.survey is None and "survey" in paper.sources:
        yield ("survey",), "sources lists 'survey' but the record has no survey cells"
    for field in ("model_range", "data_range"):
        for loc, message in _range_rules(getattr(paper, field)):
            yield (field, *loc), message


def _range_rules(r) -> Iterator[tuple[tuple, str]]:
    """A range's numbers are its printed text parsed ('70M - 16B'), unless a note says how they
    were read from a text that does not parse or says more."""
    from catalog.engine.ranges import parse_range

    if r is None or not r.printed or r.note:
        return
    try:
        low, high = parse_range(r.printed)
    except ValueError:
        yield ("printed",), (f"{r.printed!r} does not read as a range such as '70M - 16B': add a note saying "
                             "where min and max come from")
        return
    for name, parsed, stored in (("min", low, r.min), ("max", high, r.max)):
        if parsed is not None and (stored is None or not math.isclose(parsed, stored, rel_tol=1e-9)):
            yield (name,), f"{name} {stored!r} is not the printed {r.printed!r} ({parsed:g}); fix it or add a note"


def validate_document(doc: yamlio.Document, stem: str, path: str) -> tuple[Paper | None, list[Issue]]:
    issues: list[Issue] = []
    if not isinstance(doc.data, dict):
        return None, [Issue(path, doc.line_of(()), "", "a record is a mapping of fields")]
    # A skeleton's markers (``catalog new``): say what to fill instead of why the marker is invalid.
    todo = dict(skeleton.todo_markers(doc.data))
    issues += [Issue(path, doc.line_of(loc), _loc_str(loc), f"to fill: {hint}") for loc, hint in todo.items()]
    # a scalar YAML 1.1 and 1.2 read differently (010, 1:30, yes): its own message, not the schema's
    # about the value one of them gives
    issues += [Issue(path, doc.line_of(loc), _loc_str(loc), message) for loc, message in doc.ambiguous]
    told = [*todo, *(loc for loc, _ in doc.ambiguous)]  # locations whose message is given
    try:
        paper = Paper.model_validate(doc.data)
    except ValidationError as exc:
        rules: set[Issue] = set()
        for err in exc.errors(include_url=False):
            loc = tuple(err["loc"])
            # pydantic appends the failing union member type to the location; strip it
            clean = _without_type_tags(loc, doc)
            if any(clean[:len(t)] == t for t in told):
                continue
            msg = err["msg"].removeprefix("Value error, ")
            if err["type"] == "extra_forbidden":
                fields = _fields_at(clean[:-1])
                meant = _FIELD_ALIASES.get(str(clean[-1]).lower())
                msg = "unknown field" + (f"; did you mean: {meant}?" if meant in fields else
                                         vocab.did_you_mean(str(clean[-1]), fields, n=3, cutoff=0.75))
            elif err["type"] in _SCALAR_ERRORS and isinstance(err.get("input"), str):
                msg += _as_written(err["input"])
            elif err["type"] == "string_pattern_mismatch" and err.get("ctx", {}).get("pattern") == _SLUG_PATTERN:
                msg = _not_a_slug(err["input"])
            elif err["type"] == "literal_error" and isinstance(err.get("input"), str):  # 'outptu' for 'output'
                choices = re.findall(r"'([^']*)'", err.get("ctx", {}).get("expected", ""))
                msg += vocab.did_you_mean(err["input"], choices, n=1, cutoff=0.75)
            clean = _named_in_message(clean, msg, doc)
            issues.append(Issue(path, doc.line_of(clean), _loc_str(clean), msg))
            if err["type"] == "cross_field":  # one of several a rule found at the same place: each is kept
                rules.add(issues[-1])
        reported = {i.field for i in issues} | {_loc_str(loc) for loc in told}
        issues += _raw_formula_issues(doc, path, reported) + _raw_tokenizer_issues(doc, path, reported)
        return None, _dedupe(issues, rules)
    if told:
        return None, issues
    for loc, message in paper_rules(paper, stem):
        issues.append(Issue(path, doc.line_of(loc), _loc_str(loc), message))
    return (paper if not issues else None), issues


def _raw_formula_issues(doc: yamlio.Document, path: str, reported: set[str]) -> list[Issue]:
    """The formula rules need a valid law, so a record the schema refuses (a misspelt vocabulary
    term, a range backwards) kept its formula's typo for the next run: its laws' expressions are
    checked here against the names they declare (the guard alone, no sympy), where nothing else
    was reported."""
    laws = doc.data.get("laws")
    out = []
    for i, law in enumerate(laws if isinstance(laws, list) else ()):
        if not isinstance(law, dict):
            continue
        expression, symbols = law.get("expression"), law.get("symbols")
        loc = ("laws", i, "expression")
        if (not isinstance(expression, str) or not isinstance(symbols, dict) or _loc_str(loc) in reported
                or not all(isinstance(name, str) for name in symbols)):
            continue
        try:
            formulas.check_syntax(expression, frozenset(symbols))
        except formulas.FormulaError as exc:
            out.append(Issue(path, doc.line_of(loc), _loc_str(loc), f"{exc}{_declare_hint(exc, symbols)}"))
    return out


def _raw_tokenizer_issues(doc: yamlio.Document, path: str, reported: set[str]) -> list[Issue]:
    """The tokenizer's locator, checked like the formulas above where the schema refused the
    record: a newcomer who also misspelt a unit learnt of the missing locator one run later."""
    laws = doc.data.get("laws")
    out = []
    for i, law in enumerate(laws if isinstance(laws, list) else ()):
        given = law.get("conventions") if isinstance(law, dict) else None
        text = given.get("tokenizer") if isinstance(given, dict) else None
        loc = ("laws", i, "conventions", "tokenizer")
        if isinstance(text, str) and _loc_str(loc) not in reported and (problem := tokenizer_problem(text)):
            out.append(Issue(path, doc.line_of(loc), _loc_str(loc), problem))
    return out


def _named_in_message(loc: tuple, message: str, doc: yamlio.Document) -> tuple:
    """A rule across a mapping's fields (a law's) names the part it is about first
    ('check_values[1] is missing inputs', "constant set 'paper' sets undeclared parameters"):
    that part's location, so the error points at its line and not the law's first one."""
    node = doc.data
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return loc
    if not isinstance(node, dict):
        return loc
    field = re.match(r"(\w+)(?:\[(\d+)\])?", message)
    if field and isinstance(node.get(field[1]), (list, dict)):  # a part ('min is greater than max' stays whole)
        return (*loc, field[1], *((int(field[2]),) if field[2] else ()))
    named = re.match(r"(duplicate )?constant set (?:id )?'([^']*)'", message)
    sets = node.get("constant_sets")
    if named and isinstance(sets, list):
        places = [i for i, cs in enumerate(sets) if isinstance(cs, dict) and cs.get("id") == named[2]]
        if places:
            return (*loc, "constant_sets", places[-1] if named[1] else places[0])
    # a constant set's printed digits that differ from its value: at the printed digits' line
    digits = re.match(r"constant set '[^']*': printed (\w+)=", message)
    if digits and isinstance(node.get("printed"), dict) and digits[1] in node["printed"]:
        return (*loc, "printed", digits[1])
    return loc


# The names other tools (and papers) give the record's fields, which difflib finds no match for
_FIELD_ALIASES = {"tolerance": "rel_tol", "rtol": "rel_tol", "rel_tolerance": "rel_tol", "relative_tolerance": "rel_tol",
                  "page": "locator", "table": "locator", "equation": "locator", "where": "locator",
                  "reference": "source", "citation": "source", "cite": "source", "quote": "source",
                  "formula": "expression", "equation_form": "expression", "params": "values", "constants": "values"}

_SCALAR_ERRORS = {"float_type", "int_type", "float_parsing", "int_parsing", "bool_type", "bool_parsing"}


def _as_written(text: str) -> str:
    """How to write a number or truth value that YAML read as text: ``"1.7"`` quoted, ``10M``
    with the command line's suffix; ``""`` for other text."""
    from catalog.engine.ranges import split_magnitude

    if text.strip() in ("true", "false"):
        return f" (write {text.strip()} without quotes: quoted, it is text)"
    if printed := _printed_power_of_ten(text):
        return f" (write {printed}: a record's numbers are plain, {text.strip()!r} is text)"
    try:
        value, suffix = split_magnitude(text)
    except ValueError:
        return ""
    if not math.isfinite(value):
        return ""
    if suffix:
        mantissa, exponent = f"{value:.12e}".split("e")
        plain = f"{mantissa.rstrip('0').rstrip('.')}e{int(exponent)}"  # 1.4T -> 1.4e12
        return f" (write {plain}: a record's numbers are plain, {text.strip()!r} is text)"
    return f" (write {text.strip()} without quotes: quoted, a number is text)"


# A number as papers print it, '6.4 x 10^13', '6.4×10¹³', '6.4 \\times 10^{13}', '10^-3'
_POWER_OF_TEN = re.compile(
    r"^(?:(?P<mantissa>[+-]?\d+(?:\.\d+)?)\s*(?:[x×*·⋅]|\\times|\\cdot)\s*)?10\s*"
    r"(?:(?:\^|\*\*)\s*(?P<brace>\{)?\s*(?P<exponent>[+\-−]?\d+)\s*(?(brace)\})|(?P<superscript>[⁺⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+))$")
_SUPERSCRIPTS = str.maketrans("⁺⁻⁰¹²³⁴⁵⁶⁷⁸⁹−", "+-0123456789-")


def _printed_power_of_ten(text: str) -> str | None:
    """``6.4e13`` for a number printed as a power of ten (the mantissa's digits kept), else None."""
    found = _POWER_OF_TEN.match(text.strip())
    if not found:
        return None
    exponent = int((found["exponent"] or found["superscript"]).translate(_SUPERSCRIPTS))
    written = f"{found['mantissa'] or '1'}e{exponent}"
    return written if math.isfinite(float(written)) and len(written) < 40 else None


_SLUG_PATTERN = f"^{reference.SLUG}$"  # catalog.schema.Slug: the ids of records, laws and constant sets


def _not_a_slug(text: str) -> str:
    """What an id is, with the one ``text`` reads as ('Loss N,D' -> 'loss-n-d'), not the pattern."""
    example = re.sub(r"[^a-z0-9_]+", "-", text.lower()).strip("-_")[:80]
    return (f"{textguard.quoted(text)} is no id: lower-case letters, digits, '-' and '_', starting with a letter or "
            f"digit" + (f"; e.g. '{example}'" if example else ""))


def _fields_at(loc: tuple) -> set[str]:
    """The field names the record takes at ``loc`` (the mapping an unknown field was found in):
    the models reached from Paper along the field names of ``loc``, a list index or a mapping key
    (a symbol's name) staying with the models already reached."""
    models = {Paper}
    for part in loc:
        inner = set().union(*(_models_in(m.model_fields[part].annotation) for m in models if part in m.model_fields))
        models = inner or models
    return {name for m in models for name in m.model_fields}


def _models_in(annotation) -> set:
    """The pydantic models an annotation holds (``list[Law]``, ``dict[str, Symbol] | None``)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return {annotation}
    return set().union(*map(_models_in, typing.get_args(annotation)))


_TYPE_TAGS = {"float", "int", "str", "bool", "none", "literal", "function-after", "function-before"}


def _without_type_tags(loc: tuple, doc: yamlio.Document) -> tuple:
    """``loc`` without the union member types pydantic appends (``function-after[...]``,
    ``constrained-str``); a key of the record that looks like one (``'a[1]'``) is kept, so its
    error keeps its line and field."""
    clean: tuple = ()
    for part in loc:
        tag = isinstance(part, str) and ("[" in part or part in _TYPE_TAGS or part.startswith("constrained-"))
        if not tag or (*clean, part) in doc.lines:
            clean = (*clean, part)
    return clean


def _dedupe(issues: list[Issue], keep: set[Issue] = frozenset()) -> list[Issue]:
    """One issue per line and field (a union's members each report the same value), but every one
    of ``keep`` (a cross-field rule's several problems at one place)."""
    seen, out = set(), []
    for issue in issues:
        key = (issue.line, issue.field) if issue not in keep else issue
        if key in seen:
            continue
        seen.add(key)
        out.append(issue)
    return out


def display_path(path: Path) -> str:
    try:  # the file's own name, not a symbolic link's target (which can lie outside the directory)
        return str((path.parent.resolve() / path.name).relative_to(Path.cwd().resolve()))
    except (ValueError, OSError):
        return str(path)


def load_file(path: Path) -> tuple[Paper | None, list[Issue]]:
    paper, issues, _ = _load_file(path)
    return paper, issues


# The largest record is under 200 kB; a file far larger is no record (a symlink to a log, an image).
MAX_RECORD_CHARACTERS = 4_000_000


def _not_utf8(path: Path, shown: str, exc: UnicodeDecodeError) -> Issue:
    """A record file that is not UTF-8, at the line of its first such byte: the decoder's position
    counts from the chunk it was reading, so the file's bytes (as many as a record may hold) are
    decoded again to find it."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(4 * MAX_RECORD_CHARACTERS)
        raw.decode("utf-8")
    except UnicodeDecodeError as again:
        if len(raw) < 4 * MAX_RECORD_CHARACTERS or again.end < len(raw):  # not a character cut by the read's limit
            line, said = textguard.not_utf8(raw, again)
            return Issue(shown, line, "", f"{said}; save the record as UTF-8")
    except OSError:
        pass
    return Issue(shown, 1, "", f"cannot read file: {exc}")


def _load_file(path: Path) -> tuple[Paper | None, list[Issue], yamlio.Document | None]:
    shown = display_path(path)
    try:
        # a record file a pull request adds can be a symlink to /dev/zero or a pipe: read whole, it
        # hangs or fills the memory; refused before it is opened, and read no further than the limit
        if not path.is_file():
            return None, [Issue(shown, 1, "", "not a regular file (a device, pipe or directory): a record "
                                              "is a YAML file")], None
        # git keeps symbolic links: one a pull request adds can point at a file of whoever runs the
        # catalog (~/.config/...), whose values and path the messages below would quote
        if path.is_symlink() and not path.resolve().is_relative_to(path.parent.resolve()):
            return None, [Issue(shown, 1, "", "a symbolic link to a file outside the record directory: a record "
                                              "is a YAML file of its own, in its directory")], None
        with path.open(encoding=yamlio.RECORD_ENCODING) as handle:
            text = handle.read(MAX_RECORD_CHARACTERS + 1)
    except UnicodeDecodeError as exc:
        return None, [_not_utf8(path, shown, exc)], None
    except OSError as exc:
        return None, [Issue(shown, 1, "", f"cannot read file: {exc}")], None
    if len(text) > MAX_RECORD_CHARACTERS:
        return None, [Issue(shown, 1, "", f"larger than {MAX_RECORD_CHARACTERS:,} characters: no record is "
                                          "(the largest are some 200,000)")], None
    entry = validcache.key(path.stem, text)
    if (found := validcache.read(entry, path.stem)) is not None:  # this text was valid under this code
        paper, lines = found
        return paper, [], yamlio.Document(data=None, lines=lines)
    try:
        doc = yamlio.parse(text)
    except yamlio.YamlError as exc:
        # and a hidden character anywhere: YAML reads NEL, LS and PS as line ends, breaking the YAML
        # where nothing shows ('could not find expected :' on the next line)
        return None, sorted([Issue(shown, exc.line, "", exc.message), *_hidden_characters(text, shown)],
                            key=lambda i: i.line), None
    paper, issues = validate_document(doc, path.stem, shown)
    reported = {i.line for i in issues}
    hidden = [i for i in _hidden_characters(text, shown) if i.line not in reported]
    if hidden:
        return None, sorted(issues + hidden, key=lambda i: i.line), doc
    if paper is not None and not issues:
        validcache.keep(entry, paper, [(loc, doc.line_of(loc)) for loc in _cited(paper)])
    return paper, issues, doc


def _hidden_characters(text: str, shown: str) -> list[Issue]:
    """A control, bidirectional or invisible character or an unassigned code point anywhere in the
    file, where no field's check sees it (a comment, a key): the site publishes the file as written, and a right-to-left override in a
    comment reorders what a reader of the downloaded record sees around it."""
    out = []
    for number, line in enumerate(text.split("\n"), start=1):
        if reason := textguard.record_text_reason(line.removesuffix("\r")):
            out.append(Issue(shown, number, "", reason))
    return out


def expand(paths: Iterable[Path | str] | None) -> list[Path]:
    """Files named, and the *.yaml files in directories named (default: every record directory,
    the catalog's and the user's layers, see ``catalog.paths.data_dirs``)."""
    out: list[Path] = []
    for p in (paths or _paths.data_dirs()):
        p = Path(p)
        if p.is_dir():
            out.extend(sorted(p.glob("*.yaml")) + sorted(p.glob("*.yml")))
        else:
            out.append(p)
    return out


def load_all(paths: Iterable[Path | str] | None = None, *,
             with_catalog: bool = False) -> tuple[list[Paper], list[Issue]]:
    """Load and validate every record; return the valid papers and all issues. ``with_catalog``
    (``catalog validate FILE``): the files named must also not take an id, bibtex key or nickname
    of a record directory's other files, which they will be layered with."""
    issues: list[Issue] = []
    papers = list(_validated(paths, issues, with_catalog))
    return papers, sorted(issues)


def iter_valid(paths: Iterable[Path | str] | None = None) -> Iterator[Paper]:
    """Each valid paper as soon as it is read (for a load that streams them into the database,
    keeping only what the cross-record rules need); at the end, :class:`RecordsInvalid` with
    every issue if there was any (a load then leaves the database as it was)."""
    issues: list[Issue] = []
    yield from _validated(paths, issues)
    if issues:
        raise RecordsInvalid(sorted(issues))


def _validated(paths: Iterable[Path | str] | None, issues: list[Issue], with_catalog: bool = False) -> Iterator[Paper]:
    """The valid papers, in file order; every issue (cross-record ones last) goes to ``issues``."""
    cross = _CrossRecord()
    named = expand(paths)
    if with_catalog and paths is not None:
        files = {path.resolve() for path in named}
        cross.seed(path for path in expand(None) if path.resolve() not in files)
    for path in named:
        if not path.exists():
            issues.append(Issue(str(path), 1, "", "no such file"))
            continue
        paper, found, doc = _load_file(path)
        issues.extend(found)
        if paper is None:
            continue
        if paper.id in cross.where:
            issues.append(Issue(display_path(path), doc.line_of(("id",)), "id",
                                f"duplicate id {paper.id!r}, also in {cross.where[paper.id]}"))
            continue
        issues.extend(cross.add(paper, doc, display_path(path)))
        yield paper
    validcache.flush()  # the records found valid, for the next run (a long-lived mkdocs serve too)
    issues.extend(cross.finish())


def _relations(paper: Paper) -> list[tuple[tuple, object]]:
    """(location, relation) of the paper's relations and its laws'."""
    relations = [(("relations", i), r) for i, r in enumerate(paper.relations)]
    for li, law in enumerate(paper.laws):
        relations += [(("laws", li, "relations", i), r) for i, r in enumerate(law.relations)]
    return relations


def _cited(paper: Paper) -> list[tuple]:
    """The locations whose lines the rules across records cite (kept with a cached valid record)."""
    return [("id",), ("bibliography", "bibtex_key"), ("bibliography", "venue"),
            *(("nicknames", i) for i in range(len(paper.nicknames))),
            *((*loc, "target") for loc, _ in _relations(paper))]


class _CrossRecord:
    """The rules across records (unique bibtex keys and nicknames, relation targets that exist, one
    spelling of each conference and year), from what they need of each record, so that records need
    not be kept."""

    def __init__(self):
        self.where: dict[str, str] = {}  # paper id -> display path
        self.law_ids: set[str] = set()
        self.keys: dict[str, str] = {}  # bibtex key -> paper id
        self.relations: list[tuple[str, int, str, str]] = []  # (path, line, field, target)
        self.nicknames: dict[str, str] = {}  # nickname key -> paper id
        self.nickname_places: list[tuple[str, int, str, str, str]] = []  # (path, line, field, nickname, paper id)
        # 'ICLR 2025' -> {venue as spelled: the ids spelling it}, and each validated record's spelling
        self.venues: dict[str, dict[str, list[str]]] = {}
        self.venue_places: list[tuple[str, int, str, str]] = []  # (path, line, conference-year, venue)

    def seed(self, others: Iterable[Path]) -> None:
        """Take the ids, bibtex keys and nicknames of record files not validated now (read, not
        validated: a broken one is reported when it is validated itself)."""
        for path in others:
            self.where.setdefault(path.stem, display_path(path))
            try:
                data = yamlio.parse(path.read_text(encoding=yamlio.RECORD_ENCODING)).data
            except (OSError, UnicodeDecodeError, yamlio.YamlError):
                continue
            data = data if isinstance(data, dict) else {}
            bib = data.get("bibliography")
            key = bib.get("bibtex_key") if isinstance(bib, dict) else None
            if isinstance(key, str):
                self.keys.setdefault(key, path.stem)
            venue = bib.get("venue") if isinstance(bib, dict) else None
            if isinstance(venue, str) and (event := reference.conference_year(venue)):
                self.venues.setdefault(event, {}).setdefault(venue, []).append(path.stem)
            names = data.get("nicknames")
            for name in names if isinstance(names, list) else []:
                if isinstance(name, str):
                    self.nicknames.setdefault(nicknames.key(name), path.stem)
            laws = data.get("laws")
            for law in laws if isinstance(laws, list) else []:
                if isinstance(law, dict) and isinstance(law.get("id"), str):
                    self.law_ids.add(f"{path.stem}/{law['id']}")

    def add(self, paper: Paper, doc: yamlio.Document, shown: str) -> list[Issue]:
        self.where[paper.id] = shown
        self.law_ids.update(f"{paper.id}/{law.id}" for law in paper.laws)
        found = []
        key = paper.bibliography.bibtex_key
        if key in self.keys:
            found.append(Issue(shown, doc.line_of(("bibliography", "bibtex_key")), "bibliography.bibtex_key",
                               f"bibtex key {key!r} is also used by {self.keys[key]}"))
        self.keys[key] = paper.id
        venue = paper.bibliography.venue
        if event := reference.conference_year(venue):
            self.venues.setdefault(event, {}).setdefault(venue, []).append(paper.id)
            self.venue_places.append((shown, doc.line_of(("bibliography", "venue")), event, venue))
        for i, name in enumerate(paper.nicknames):  # a nickname looks a paper up: it names one paper
            line, field = doc.line_of(("nicknames", i)), f"nicknames[{i}]"
            owner = self.nicknames.setdefault(nicknames.key(name), paper.id)
            if owner != paper.id:
                found.append(Issue(shown, line, field, f"nickname {name!r} also names {owner}"))
            self.nickname_places.append((shown, line, field, name, paper.id))
        for loc, rel in _relations(paper):
            self.relations.append((shown, doc.line_of((*loc, "target")), _loc_str(loc) + ".target", rel.target))
        return found

    def finish(self) -> Iterator[Issue]:
        yield from self._venue_issues()
        ids = set(self.where)
        # Validating a few files: a target may be a record of the data directory that was not named.
        elsewhere = {path.stem for path in expand(None) if path.stem not in ids}
        for shown, line, field, target in self.relations:
            known = self.law_ids if "/" in target else ids
            if target not in known and target.split("/")[0] not in elsewhere:
                kind = "law id (paper/law)" if "/" in target else "paper id"
                yield Issue(shown, line, field, f"relation target {target!r} is not a known {kind}")
        taken = ids | elsewhere
        for shown, line, field, name, own in self.nickname_places:
            if nicknames.key(name) in taken - {own}:
                yield Issue(shown, line, field, f"nickname {name!r} is a paper's id (an id is looked up first)")
                continue
            # 'kaplan' looks up kaplan2020 by its surname (catalog.nicknames.paper_named); a nickname,
            # looked up before surnames, would silently name another paper
            surname = nicknames.surname_of(name, taken - {own})
            if surname:
                yield Issue(shown, line, field, f"nickname {name!r} is the surname in the id of {', '.join(surname)} "
                            "(a surname looks its paper up; the nickname would take it over)")


    def _venue_issues(self) -> Iterator[Issue]:
        """'International Conference on Learning Representations (ICLR 2025)' beside 'The Thirteenth
        ...' cites one proceedings two ways (BibTeX booktitle, the venue column). The spelling most
        records use is the one; where two are as common, every record spelling it is named. Not the
        first record's spelling: a new record sorted first ('aaa2024', 'Evil Workshop (ICLR 2024)')
        passed and named the three records spelling ICLR 2024 as the proceedings do."""
        for shown, line, event, venue in self.venue_places:
            spellings = self.venues[event]
            if len(spellings) < 2:
                continue
            most = max(len(ids) for ids in spellings.values())
            usual = [spelled for spelled, ids in spellings.items() if len(ids) == most]
            if len(usual) == 1 and venue == usual[0]:
                continue
            # the usual spellings first, at most three (each record spelling its own way named them all)
            others = sorted(((spelled, ids) for spelled, ids in spellings.items() if spelled != venue),
                            key=lambda other: -len(other[1]))
            said = "; ".join(f"{textguard.quoted(spelled)} by {_some(ids)}" for spelled, ids in others[:3])
            said += f"; and {len(others) - 3} other spellings" if len(others) > 3 else ""
            yield Issue(shown, line, "bibliography.venue",
                        f"{event} is also spelled {said}: one spelling per conference and year (the proceedings' "
                        "own name, as most records spell it)")


def _some(ids: list[str], shown: int = 3) -> str:
    return ", ".join(ids[:shown]) + (f" and {len(ids) - shown} more" if len(ids) > shown else "")


def load_valid(paths: Iterable[Path | str] | None = None) -> list[Paper]:
    """All papers, or RecordsInvalid with every issue."""
    papers, issues = load_all(paths)
    if issues:
        raise RecordsInvalid(issues)
    return papers


def check_value_issues(papers: Iterable[Paper], paths: Iterable[Path | str] | None = None) -> list[Issue]:
    """The check values the law, evaluated with the check's constant set, does not reproduce
    within ``rel_tol``: every kind (the output at given inputs, an input solved for, a
    compute-optimal allocation, a minimum or maximum), computed by :mod:`catalog.engine.checks` as
    the test suite computes them. ``catalog validate`` reports them with the rest.

    Each law is evaluated as the commands evaluate it from the database: on the formula tree and
    closed forms ``catalog load`` stores with it (:func:`catalog.engine.checks.as_stored`), not
    compiled by sympy, which was two thirds of the checks' time."""
    from catalog import provenance
    from catalog.engine import checks

    from catalog.engine import evaluation as engine

    files = {path.stem: path for path in expand(paths)}
    issues: list[Issue] = []
    optima: dict = {}
    for paper in papers:
        checked = validcache.checks_key(paper)
        if validcache.checks_passed(checked):  # this paper's checks passed under this code
            continue
        found = len(issues)
        doc = None

        def issue(loc: tuple, message: str) -> None:
            nonlocal doc
            path = files.get(paper.id)
            if doc is None and path is not None:
                doc = yamlio.parse(path.read_text(encoding=yamlio.RECORD_ENCODING))
            issues.append(Issue(display_path(path) if path else paper.id, doc.line_of(loc) if doc else 1,
                                _loc_str(loc), message))

        for li, law in enumerate(paper.laws):
            ref = checks.as_stored(paper, law)
            law = ref.law
            default = provenance.default_set(law)
            # the calculator starts at the reference point, and sets are compared there: the law
            # must be defined at it (N = -5 for a parameter count, N = 0 under a division)
            point = {n: float(v) for n, v in law.reference_point.items()}
            if point and set(law.input_symbols) <= set(point) and (why := engine.undefined_at(ref, point)):
                with_set = f" with constant set {default.id!r}" if default is not None else ""
                issue(("laws", li, "reference_point"), f"the law cannot be evaluated at its reference point{with_set}: {why}")
            for i, cv in enumerate(law.check_values):
                made_with = cv.constant_set or (default.id if default else None)
                for key, expected in cv.expected.items():
                    expected = float(expected)
                    try:
                        got = checks.computed(ref, cv, key, optima)
                    except (ValueError, ArithmeticError) as exc:  # EngineError is a ValueError
                        message = f"cannot evaluate the law at the check's inputs: {exc}"
                    else:
                        if got is not None and math.isclose(float(got), expected, rel_tol=cv.rel_tol):
                            continue
                        if got is None:
                            message = f"the law's {cv.kind} result has no {key}"
                        else:
                            got = float(got)
                            off = f" ({100 * checks.relative_difference(got, expected):+.3g}%)" if expected else ""
                            message = (f"the law gives {key} = {got:.6g} {checks.describe(ref, cv, key)} with constant "
                                       f"set {made_with!r}, not {expected:.6g}{off} within rel_tol {cv.rel_tol:g}: check "
                                       "the constants, the inputs and the expected value against the source")
                    issue(("laws", li, "check_values", i, "expected", key), message)
        if len(issues) == found:
            validcache.keep_checks_passed(checked)
    validcache.flush()
    return sorted(issues)
