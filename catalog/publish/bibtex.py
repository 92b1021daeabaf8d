"""BibTeX export of any selection of papers, from the records' bibliography fields.

Entries are plain ASCII: accented letters become LaTeX accent macros (``Ré`` -> ``R{\\'e}``), a
character with no ASCII spelling its code point (``\\texttt{[U+1F680]}``, as the LaTeX tables write it),
LaTeX specials are escaped (braces as ``\\textbraceleft{}``/``\\textbraceright{}``, because bibtex
counts escaped braces too), every field's braces balance, and titles are wrapped in an extra pair of braces so styles keep
their capitalization. ``url`` and ``doi`` are written as they are (outside ASCII percent-encoded). Keys are the records'
``bibtex_key``; should two records share one, the later entry uses its record id instead.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING, Iterable

from catalog import reference
from catalog.store import selection

if TYPE_CHECKING:  # records are read as views (catalog.store.recordview) by the commands
    from catalog.schema import Paper

_VENUE_FIELD = {"article": "journal", "inproceedings": "booktitle", "misc": "howpublished",
                "techreport": "institution", "book": "publisher", "phdthesis": "school"}
_ACCENTS = {"\u0301": "'", "\u0300": "`", "\u0302": "^", "\u0308": '"', "\u0303": "~", "\u0327": "c", "\u030c": "v",
            "\u030a": "r", "\u0306": "u", "\u0304": "=", "\u0328": "k", "\u0307": ".", "\u030b": "H",
            "\u0323": "d", "\u0331": "b"}
_LETTERS = {"ł": r"{\l}", "Ł": r"{\L}", "ø": r"{\o}", "Ø": r"{\O}", "ß": r"{\ss}", "æ": r"{\ae}", "Æ": r"{\AE}",
            "œ": r"{\oe}", "Œ": r"{\OE}", "ı": r"{\i}", "đ": r"{\dj}", "Đ": r"{\DJ}"}
_PUNCTUATION = {"\u2013": "--", "\u2014": "---", "\u2018": "`", "\u2019": "'", "\u201c": "``", "\u201d": "''",
                "\u00a0": "~", "\u2026": r"\ldots{}", "\u2212": "-"}
# Braces are written as \textbraceleft{}/\textbraceright{}, never \{ \}: bibtex counts escaped
# braces too, so a title's "\}" would close the field and let the rest inject new fields.
_SPECIALS = {"&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_", "{": r"\textbraceleft{}", "}": r"\textbraceright{}",
             "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "\\": r"\textbackslash{}"}


def latex_ascii(text: str) -> str:
    """``text`` as ASCII LaTeX: specials escaped, accents as macros, math glyphs as math."""
    from catalog.publish.tables import _UNICODE_MATH

    out: list[str] = []
    letter = False  # whether out[-1] is a letter a combining mark that follows it accents
    marks = 0  # the accents out[-1] carries
    for ch in unicodedata.normalize("NFC", text):  # a letter and its combining accent as the one accented letter
        if letter and ch in _ACCENTS and marks < MAX_MARKS:
            # a mark no precomposed letter takes (N and U+0304: N-bar), or a second mark on one:
            # the accent command over the letter, as the LaTeX tables write it
            base = out[-1][1:-1] if out[-1].startswith("{") else r"\i" if out[-1] == "i" else out[-1]
            out[-1] = f"{{\\{_ACCENTS[ch]}{{{base}}}}}"
            marks += 1
            continue
        letter = ch.isascii() and ch.isalpha()
        marks = 0
        if ch in _SPECIALS:
            out.append(_SPECIALS[ch])
        elif ord(ch) < 128:
            out.append(" " if ch in "\n\r\t" else ch)
        elif ch in _LETTERS:
            out.append(_LETTERS[ch])
        elif ch in _PUNCTUATION:
            out.append(_PUNCTUATION[ch])
        elif ch in _UNICODE_MATH:
            out.append(f"${_UNICODE_MATH[ch]}$")
        else:
            out.append(_accented(ch))
            letter = not out[-1].startswith("{\\texttt")
            marks = len(unicodedata.normalize("NFD", ch)) - 1
    return "".join(out)


# Accents one letter carries at most (Vietnamese stacks two: U+1EC7 is e, circumflex and dot below);
# a mark beyond is written as its code point. LaTeX's accent macro sets its argument twice, to
# measure it and to typeset it, so nested accents cost 2**depth: a title's letter under 40 marks
# held pdflatex for good in every document citing it, and 300 stopped it ('TeX capacity exceeded
# [grouping levels=255]').
MAX_MARKS = 2


def _accented(ch: str) -> str:
    decomposed = unicodedata.normalize("NFD", ch)
    base, marks = decomposed[0], decomposed[1:]
    if ord(base) >= 128 or not marks or any(m not in _ACCENTS for m in marks):
        # no ASCII spelling known (an emoji, CJK): its code point, as the LaTeX tables write it; as
        # UTF-8 pdflatex stops on it ('not set up for use with LaTeX'), in every document citing it
        return f"{{\\texttt{{[U+{ord(ch):04X}]}}}}"
    text = r"\i" if base == "i" else base
    for mark in marks:
        macro = _ACCENTS[mark]
        text = f"\\{macro}{{{text}}}"
    return "{" + text + "}"


def _author(name: str) -> str:
    text = latex_ascii(name)
    # a name holding the word "and" would be read as two authors, a group's ('Kimi Team', 'Llama
    # Team, AI @ Meta') as a person's 'First Last' or 'Last, First' ("K. Team"): braces keep it whole
    whole = re.search(r"\band\b", text, re.IGNORECASE) or reference.is_group_author(name)
    return f"{{{text}}}" if whole else text


def _verbatim(value: str) -> str:
    """A url or doi, written as it is except braces and backslashes, percent-encoded so the
    field's braces stay balanced, and ^: a style that prints the field as a macro's argument
    (natbib's \\doi, \\url without url.sty) has TeX read ^^5c as a backslash, ^^7b and ^^7d as
    braces (a DOI that runs \\input); and a character outside ASCII as its UTF-8 bytes (an IRI's
    URI, RFC 3987), on which pdflatex stops in a \\url."""
    from urllib.parse import quote

    value = value.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D").replace("^", "%5E")
    return _NOT_ASCII.sub(lambda m: quote(m.group()), value)


_NOT_ASCII = re.compile(r"[^\x00-\x7f]+")


def balanced(value: str) -> bool:
    """Whether braces balance as bibtex counts them: every brace, escaped or not."""
    depth = 0
    for ch in value:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            return False
    return depth == 0


# Written as they are (no escaping would keep a key a key): what the schema lets these hold, checked
# again here because the commands read records as views, not through the schema; a database no load
# wrote put a field of its own (a key closing the entry's line) or \input (a balanced volume) into it.
_AS_WRITTEN = {"bibtex_key": reference.SLUG, "volume": reference.ISSUE, "number": reference.ISSUE,
               "pages": reference.PAGES, "arxiv": reference.ARXIV}


def _check_as_written(paper: Paper, key: str) -> None:
    from catalog.store.recordview import InvalidRecord

    bib = paper.bibliography
    values = {name: getattr(bib, name) for name in _AS_WRITTEN}
    values["bibtex_key"] = key
    for name, pattern in _AS_WRITTEN.items():
        value = values[name]
        if value is not None and not (isinstance(value, str) and re.fullmatch(pattern, value)):
            raise InvalidRecord(f"the database's record {paper.id!r}: bibliography.{name}: not what the schema "
                                f"lets it hold (^{pattern}$)")
    wrong = ("bibtex_type" if bib.bibtex_type not in _VENUE_FIELD
             else "year" if isinstance(bib.year, bool) or not isinstance(bib.year, int) else None)
    if wrong:
        raise InvalidRecord(f"the database's record {paper.id!r}: bibliography.{wrong}: not what the schema lets it hold")


def entry(paper: Paper, key: str | None = None) -> str:
    """One BibTeX entry for ``paper``."""
    bib = paper.bibliography
    _check_as_written(paper, key or bib.bibtex_key)
    fields: list[tuple[str, str]] = [
        ("author", " and ".join(_author(a) for a in bib.authors)),
        ("title", "{" + latex_ascii(bib.title) + "}"),
    ]
    if bib.venue:
        fields.append((_VENUE_FIELD[bib.bibtex_type], latex_ascii(bib.venue)))
    if bib.volume:
        fields.append(("volume", bib.volume))
    if bib.number:
        fields.append((_number_field(bib), bib.number))
    if bib.pages:
        fields.append(("pages", bib.pages.replace("-", "--")))
    if bib.publisher == "PMLR":
        fields.append(("series", "Proceedings of Machine Learning Research"))
    if bib.publisher and bib.bibtex_type != "book":  # a book's venue field is already its publisher
        fields.append(("publisher", latex_ascii(bib.publisher)))
    fields.append(("year", str(bib.year)))
    if bib.arxiv:
        fields += [("eprint", bib.arxiv), ("archivePrefix", "arXiv")]
    if bib.doi:
        fields.append(("doi", _verbatim(bib.doi)))
    if bib.url:
        fields.append(("url", _verbatim(bib.url)))
    for name, value in fields:
        if not balanced(value):  # cannot happen with the escaping above; refuse rather than inject
            raise ValueError(f"{paper.id}: BibTeX field {name} has unbalanced braces")
    width = max(len(name) for name, _ in fields)
    body = ",\n".join(f"  {name.ljust(width)} = {{{value}}}" for name, value in fields)
    return f"@{bib.bibtex_type}{{{key or bib.bibtex_key},\n{body},\n}}\n"


def _number_field(bib) -> str:
    """``number``, except in proceedings that also have a volume (AAAI's, published as volume 37,
    issue 4): there the standard styles read ``number`` as a number in a series and warn beside a
    volume ("can't use both volume and number fields", then print the volume alone), so the issue is
    written as ``issue``, which they leave alone."""
    return "issue" if bib.bibtex_type == "inproceedings" and bib.volume else "number"


def export(papers: Iterable[Paper]) -> str:
    """Entries for ``papers`` in the order given, each key used once."""
    seen: set[str] = set()
    entries = []
    for paper in papers:
        key = paper.bibliography.bibtex_key
        if key in seen:
            key = paper.id
        seen.add(key)
        entries.append(entry(paper, key))
    return "\n".join(entries)


def bibliography(source, where=None, ids: Iterable[str] | None = None) -> str:
    """The BibTeX of the papers matching ``where`` (and ``ids``: papers by id or nickname, or law
    ids, a law citing its paper) at ``source``, by year then id."""
    if ids is not None:
        ids = [_paper_of(source, ref) for ref in ids]
    chosen = selection.select(source, where, ids=ids)
    papers = selection.papers_from(source, chosen.paper_ids)  # only those: one row for one paper
    ordered = sorted(papers.values(), key=lambda p: (p.bibliography.year, p.id))
    return export(ordered)


def _paper_of(source, ref: str) -> str:
    """The paper a law id (PAPER/LAW) belongs to, the law checked to exist
    (:class:`catalog.store.lawstore.NotFound`); a paper id as given, for the selection to resolve
    and answer."""
    if "/" not in ref:  # before finding the database, which a paper id does not need here
        return ref
    from catalog import paths
    from catalog.store import lawstore

    named = lawstore.named_law(paths.database_url(selection.url_of(source)), ref)
    return named.paper.id if named else ref
