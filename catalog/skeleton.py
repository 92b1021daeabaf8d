"""A new record's skeleton (``catalog new ID``): the bibliography from a BibTeX entry, every
field still to be read from the paper marked ``TODO: ...``.

``catalog validate`` reports each marker as ``path:line: field: to fill: <hint>`` (see
``todo_markers``) until none is left, then checks the record as usual. CONTRIBUTING.md says how
to read a paper into the fields.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from catalog import reference, textguard, vocab
from catalog.schema import CheckValue, ConstantSet

TODO = "TODO"
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_\-]*$")
MAX_ID_LENGTH = 80  # catalog.schema.Slug


class BibtexError(ValueError):
    pass


def todo_markers(data, loc: tuple = ()) -> Iterator[tuple[tuple, str]]:
    """(location, hint) for every string value that starts with ``TODO``."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from todo_markers(value, (*loc, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from todo_markers(value, (*loc, i))
    elif isinstance(data, str) and data.startswith(TODO):
        yield loc, data[len(TODO):].lstrip(":").strip() or "fill this field"


# ---------------------------------------------------------------- BibTeX


def _person(name: str) -> str:
    """``Hoffmann, Jordan`` -> ``Jordan Hoffmann``."""
    name = " ".join(name.split())
    if "," in name:
        last, _, first = name.partition(",")
        name = f"{first.strip()} {last.strip()}".strip()
    return name.replace("{", "").replace("}", "")


def _plain(text: str) -> str:
    return " ".join(text.replace("{", "").replace("}", "").split())


# TeX that bibtexparser's latex_to_unicode converts faithfully: accents and special letters
# (\'e, \"{o}, \c{c}, {\ss}, \L) and escaped specials. It reads any other command as one of
# these followed by letters: \input as \i + 'nput' ('ınput'), \LaTeX as 'ŁaTeX', \oe as 'øe';
# a field holding another is kept as the entry writes it, for the validator to name.
_CONVERTED_WORDS = frozenset("i j o O l L ss aa AA ae AE c v u H k".split())
_CONVERTED_SYMBOLS = frozenset("'\"`^~=.&%_#")
_TEX = re.compile(r"\\([A-Za-z]+|.)", re.DOTALL)


def _unconverted_command(text: str) -> str | None:
    """The first TeX command of ``text`` that latex_to_unicode would not convert faithfully."""
    for found in _TEX.finditer(text):
        name = found.group(1)
        if name not in (_CONVERTED_WORDS if name.isalpha() else _CONVERTED_SYMBOLS):
            return found.group()
    return None


# The entry's text fields the skeleton takes, and the record field each fills
_TEXT_FIELDS = {"title": "title", "author": "authors", "journal": "venue", "booktitle": "venue",
                "publisher": "publisher", "doi": "doi", "url": "url"}


def parse_bibtex(text: str, key: str | None = None) -> dict:
    """The entry of ``text`` with BibTeX key ``key`` (else the first) as record fields: title,
    authors, year, venue, publisher, volume, number, pages, arxiv, doi, url, bibtex_type (only those
    the entry has). See :func:`read_bibtex`."""
    return read_bibtex(text, key)[0]


def read_bibtex(text: str, key: str | None = None) -> tuple[dict, list[str]]:
    """:func:`parse_bibtex`'s fields, and notes: for each field kept as the entry writes it (a TeX
    command not converted to Unicode faithfully, such as ``\\input`` or ``\\textbf``) one naming the
    field and the command: a field is converted whole or not at all, never mangled; and for each
    field the entry has in a form the record cannot take (pages 'xii + 34', a year 'in press'),
    one saying it was left out, which the skeleton would otherwise do silently."""
    import bibtexparser
    from bibtexparser.bparser import BibTexParser
    from bibtexparser.latexenc import latex_to_unicode

    from bibtexparser.bibdatabase import UndefinedString

    parser = BibTexParser(common_strings=True, ignore_nonstandard_types=False)
    try:
        entries = bibtexparser.loads(text, parser).entries
    except UndefinedString as exc:  # title = x, with no @string{x = ...}: bibtexparser raises
        raise BibtexError(f"the entry uses the string macro {exc.args[0]!r}, which no @string defines "
                          "(write the value in braces, e.g. title = {...})") from None
    except RecursionError:  # bibtexparser's grammar recurses once per brace
        raise BibtexError("the BibTeX text has braces nested too deep to read") from None
    if not entries:
        raise BibtexError("no BibTeX entry found (expected e.g. '@article{key, title={...}, ...}')")
    chosen = next((e for e in entries if e.get("ID") == key), entries[0])
    entry = {k.lower(): v for k, v in chosen.items()}
    kept: dict[str, str] = {}  # BibTeX field -> the command that keeps it as written
    for name in _TEXT_FIELDS.keys() & entry.keys():
        command = _unconverted_command(entry[name])
        if command is None:
            entry[name] = latex_to_unicode(entry[name])
        else:
            kept[name] = command

    def plain(name: str) -> str:  # a field kept as written keeps its braces too: the command as the entry has it
        return " ".join(entry[name].split()) if name in kept else _plain(entry[name])

    out: dict = {}
    dropped: list[str] = []  # a field the entry has but the record cannot take as it is written

    def unread(name: str, shape: str) -> None:
        dropped.append(f"{name}: not taken from the entry ({textguard.quoted(' '.join(entry[name].split()))} is not "
                       f"{shape}); write it from the paper")

    if entry.get("title"):
        out["title"] = plain("title")
    if entry.get("author"):
        # spaces collapsed first: '\s+and\s+' was tried from each space of a run to its end, quadratic
        # in it (a field of 40,000 spaces: 2 s; a BibTeX source may hold 64 MiB); the same split
        out["authors"] = [" ".join(a.split()) if "author" in kept else _person(a)
                          for a in re.sub(r"\s+", " ", entry["author"]).split(" and ") if a.strip()]
    if re.fullmatch(r"\d{4}", entry.get("year", "").strip()):
        out["year"] = int(entry["year"])
    elif entry.get("year", "").strip():
        unread("year", "a four-digit year")
    venue_field = next((name for name in ("journal", "booktitle", "publisher") if entry.get(name)), None)
    if venue_field:
        venue = plain(venue_field)
        out["venue"] = "arXiv preprint" if venue.lower().startswith("arxiv preprint") else venue
    if entry.get("publisher") and (entry.get("journal") or entry.get("booktitle")):
        out["publisher"] = plain("publisher")
    for name in ("volume", "number"):
        if re.fullmatch(reference.ISSUE, entry.get(name, "").strip()):
            out[name] = entry[name].strip()
        elif entry.get(name, "").strip():
            unread(name, "one word of at most 10 letters and digits, e.g. 162 or 4")
    # BibTeX's 12--34 (and an exporter's en or em dash) as printed, 12-34
    pages = re.sub(r"\s*[-\u2013\u2014]+\s*", "-", entry.get("pages", "").strip())
    if re.fullmatch(reference.PAGES, pages):
        out["pages"] = pages
    elif pages:
        unread("pages", "a page or a range such as 4057-4086, 35:1-35:24 or e2311878121")
    arxiv = entry.get("eprint", "").strip()
    if not arxiv:
        found = re.search(r"arxiv[.:/ ]*(?:abs/)?(\d{4}\.\d{4,5})", " ".join(entry.values()), re.IGNORECASE)
        arxiv = found.group(1) if found else ""
    arxiv = re.sub(r"v\d+$", "", arxiv)
    if re.fullmatch(r"\d{4}\.\d{4,5}", arxiv):
        out["arxiv"] = arxiv
    if entry.get("doi"):
        out["doi"] = entry["doi"].strip()
    if entry.get("url", "").startswith(("http://", "https://")):
        out["url"] = entry["url"].strip()
    elif entry.get("url", "").strip():
        unread("url", "an http:// or https:// address")
    entry_type = entry.get("entrytype", "").lower()
    if entry_type in ("article", "inproceedings", "misc", "techreport", "book", "phdthesis"):
        out["bibtex_type"] = entry_type
    if out.get("venue") == "arXiv preprint" and entry_type == "article":
        # Scholar's and arXiv's export: @article{..., journal={arXiv preprint arXiv:...}}; the schema
        # takes an arXiv preprint as misc (venue in howpublished), BibTeX's @article needing a journal
        out["bibtex_type"] = "misc"
    notes = [f"{_TEXT_FIELDS[name]}: kept as the entry writes it ('{name}' holds the TeX command '{command}', "
             "which has no faithful conversion to text); write it as the paper prints it"
             for name, command in sorted(kept.items()) if _TEXT_FIELDS[name] in out]
    return out, notes + dropped


# ---------------------------------------------------------------- the skeleton


def _q(value) -> str:
    """A YAML scalar (JSON is valid YAML 1.2 flow syntax and quotes whatever needs it), a character
    record text refuses (a bidirectional override, a C1 control: textguard.REFUSED) written as its
    escape, as JSON leaves it raw outside ASCII: an editor would show the skeleton reordered."""
    return _HIDDEN.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(value, ensure_ascii=False))


_HIDDEN = re.compile(textguard.character_class(textguard.REFUSED))


def _todo(hint: str) -> str:
    return _q(f"{TODO}: {hint}")


def _choices(kind: str, limit: int = 12) -> str:
    names = list(vocab.VOCABULARIES[kind])
    more = f", ... (all: catalog vocab {kind})" if len(names) > limit else ""
    return ", ".join(names[:limit]) + more


# The tokenizer is asked for, not defaulted to 'not stated': a loss per token (and a count of tokens)
# means something only in its tokenizer, and predict and the comparisons flag laws whose differ.
TOKENIZER_HINT = ("the tokenizer tokens are counted in: name, vocabulary size as printed, (locator), e.g. "
                  "GPT-2 BPE, 50,257 tokens (Section 2.1); not applicable (accuracy) for an output not per token; "
                  "not stated (read: Section 2, Appendix A) where the paper is silent")


def render(record_id: str, bib: dict | None = None) -> str:
    """The skeleton of record ``record_id`` as YAML text (with comments)."""
    if not ID_PATTERN.fullmatch(record_id):  # match() would let 'x2024\n' through ($ matches before a final newline)
        raise ValueError(f"record id {record_id!r}: use lower-case letters, digits, '-' or '_' "
                         "(by convention first author + year, e.g. hoffmann2022)")
    if len(record_id) > MAX_ID_LENGTH:  # the schema's Slug; the file name would be too long for the system
        raise ValueError(f"record id {record_id[:40]!r}... is {len(record_id)} characters long; a record id "
                         f"takes at most {MAX_ID_LENGTH}")
    bib = bib or {}
    authors = bib.get("authors")
    lines = [
        f"# Record skeleton written by `catalog new {record_id}`. Replace every TODO with what the paper",
        "# prints (run `catalog validate` on this file: it lists each TODO still to fill, then checks",
        "# the record). A number or true/false replaces its whole quoted TODO, quotes included",
        "# (E: 1.69, not E: \"1.69\"). Delete optional parts that do not apply. How to read a paper",
        "# into a record: CONTRIBUTING.md; the fullest example: data/papers/hoffmann2022.yaml.",
        f"id: {record_id}",
        "bibliography:",
        f"  title: {_q(bib['title']) if 'title' in bib else _todo('the title as printed')}",
        f"  authors: [{', '.join(_q(a) for a in authors)}]" if authors
        else f"  authors: [{_todo('every author as printed, one per item')}]",
        f"  year: {bib['year'] if 'year' in bib else _todo('the year of publication (a number)')}",
    ]
    if "venue" in bib:
        lines.append(f"  venue: {_q(bib['venue'])}")
    else:
        lines.append(f"  venue: {_todo('journal or conference, e.g. NeurIPS 2022; delete if none')}")
    if "arxiv" in bib:
        lines.append(f"  arxiv: {_q(bib['arxiv'])}")
    else:
        lines.append(f"  arxiv: {_todo('the arXiv id, e.g. 2203.15556; delete if none')}")
    for key in ("volume", "number", "pages", "publisher", "doi", "url"):
        if key in bib:
            lines.append(f"  {key}: {_q(bib[key])}")
    lines += [
        f"  bibtex_key: {record_id}",
        f"  bibtex_type: {bib.get('bibtex_type', 'article')}",
        "sources: [paper]  # where the record's facts come from: paper, survey, wikipedia, other",
        f"summary: {_todo('one or two sentences: what the paper fits and what it finds')}",
        f"categories: [{_todo('vocabulary: ' + _choices('category'))}]",
        f"modalities: [{_todo('vocabulary: ' + _choices('modality'))}]",
        f"architectures: [{_todo('vocabulary: ' + _choices('architecture'))}]",
        "# tasks: [language-generation]  # vocabulary (catalog vocab task); delete if none applies",
        "# model_range: {printed: 768 - 1.5B, min: 768, max: 1.5e9, unit: parameters}  # as printed, and the numbers",
        "# data_range: {printed: 22M - 23B, min: 2.2e7, max: 2.3e10, unit: tokens}",
        "reproducibility:",
        f"  training_code: {_todo('true if the training code is released, else false')}",
        f"  analysis_code: {_todo('true if the fitting/analysis code is released, else false')}",
        "laws:",
        "  # One item per fitted law. The example form is a two-term power law in N; write the",
        "  # paper's own form in sympy syntax over the symbols you declare.",
        f"  - id: {_todo('a short slug, e.g. parametric-loss')}",
        f"    name: {_todo('the law as the paper names it, e.g. Parametric loss (Approach 3)')}",
        f"    dependent_variable: {_todo('vocabulary, the output: loss, error, ... (all: catalog vocab variable)')}",
        f"    scaling_variables: [{_todo('vocabulary, the inputs: ' + _choices('variable', 8))}]",
        "    expression: E + A/N**alpha  # sympy syntax over the declared symbols",
        "    symbols:",
        "      # every input and output states its unit, as the paper does or its definition implies;",
        "      # 'not stated (what it is)' where the paper is silent, e.g. 'not stated (cross-entropy)'",
        f"      L: {{role: output, meaning: {_todo('what the output is, e.g. validation loss')},",
        f"          unit: {_todo('e.g. nats/token, bits per byte, fraction, percent')}, variable: loss}}",
        f"      N: {{role: input, meaning: {_todo('what the input is')},",
        f"          unit: {_todo('e.g. parameters, billions of parameters, tokens, FLOPs')}, variable: model_parameters,",
        f"          range: {{min: {_todo('smallest fitted value (a number)')}, "
        f"max: {_todo('largest fitted value (a number)')}, source: {_todo('where the range is printed')}}}}}",
        "      E: {role: parameter, meaning: Irreducible loss}",
        "      A: {role: parameter, meaning: Coefficient}",
        "      alpha: {role: parameter, meaning: Exponent}",
        "    constant_sets:  # the fitted constants exactly as printed (keep printed precision)",
        "      - id: paper",
        f"        label: {_todo('which fit, e.g. Approach 3')}",
        f"        source: {_todo('where the values are printed, e.g. Hoffmann et al. 2022, Eq. (10)')}",
    ]
    if "provenance" in ConstantSet.model_fields:
        lines.append("        provenance: paper  # paper, code, replication, secondary, survey or wikipedia")
    if "locator" in ConstantSet.model_fields:
        lines.append(f"        locator: {_todo('Table N, Eq. (N) or page N of the source')}")
    lines += [
        f"        values: {{E: {_todo('printed value of E')}, A: {_todo('printed value of A')}, "
        f"alpha: {_todo('printed value of alpha')}}}",
        "        # printed: {E: \"1.690\"}  # the digits as printed, where the number alone loses trailing zeros",
        "    # conditions:  # only where the paper says the law holds for some inputs only, as one relation each",
        "    #   - {expression: U <= D, source: 'Section 3: U, the unique tokens, is at most D'}",
        "    check_values:  # a number the paper prints that the law must reproduce; where it prints none, delete",
        "      # check_values and say why in no_printed_check_reason (what was read: tables, figures, appendix)",
        f"      - inputs: {{N: {_todo('the input the paper evaluates at')}}}",
        f"        expected: {{L: {_todo('the value printed for it')}}}",
        "        rel_tol: 1.0e-3  # the printed precision",
        "        # tolerance_basis: fit_residual  # only for a measured point held to the fit's largest residual",
        f"        source: {_todo('where that number is printed, e.g. Table 3, row 70B')}",
    ]
    if "origin" in CheckValue.model_fields:
        lines.append("        origin: printed  # printed (read in the source) or derived (computed by you)")
    if "locator" in CheckValue.model_fields:
        lines.append(f"        locator: {_todo('Table N, Eq. (N) or page N')}")
    lines += [
        "    fitting:  # how the constants were fitted; leave 'not stated' where the paper is silent",
        "      method: not stated     # e.g. Huber loss (delta 1e-3) minimized with L-BFGS",
        "      objective: not stated",
        "      initialization: not stated",
        "      runs_fitted: not stated   # a number, or not stated",
        "      points_fitted: not stated",
        "      validation: not stated",
        f"      source: {_todo('where the paper describes the fit (section, appendix), or what was read where it does not')}",
        "    conventions:",
        "      parameters: not stated  # non-embedding, total, not stated or not applicable",
        "      compute: not stated     # as the paper writes it, e.g. C = 6ND",
        "      loss_unit: not stated   # nats, bits, not stated or not applicable",
        "      validation_set: not stated  # the data the loss is measured on",
        f"      tokenizer: {_todo(TOKENIZER_HINT)}",
        "    errata: []  # where a secondary source (survey, Wikipedia) differs from the paper",
        "",
    ]
    return "\n".join(lines)
