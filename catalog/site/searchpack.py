"""The search index's word list, built with the site: which pages hold each word.

The first search of a visit had the worker index all 5,500 sections (475,000 words) with lunr
before it answered: 2 of the 3 s from focus to a first result. The build now reads the sections
as the worker's tokenizer does (mkdocs-material's: text between tags cut at the index's
separator, lowercased, stop words dropped) and writes, for each word, its lunr term number and
the sections holding it, per field, into the index's configuration (``slc_pack``). The worker
(``search_worker``'s ``slcLazyIndex``) answers from that list at once and indexes a section with
lunr's own code only when a query reaches it (for its word positions, snippets and scores), the
rest in the background; once all are indexed it checks them against the list and, should one
differ, uses the index it built itself. Only what lunr cannot compute without every section is
here: the word list and the field lengths' sums.

Where the configuration asks for what this module does not reproduce (another language, the
stemmer or trimmer, a separator with constructs other than those below), or a word holds a
character this Python's Unicode does not know (whose lowercase the browser's may differ), there
is no list and the worker indexes everything as before.
"""

from __future__ import annotations

import json
import re
import unicodedata

# JavaScript's \s and \d (Python's str patterns read both as Unicode classes, which differ).
_JS_SPACE = "\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
_JS_DIGIT = "0-9"
_STOP_WORDS = re.compile(r"generateStopWordFilter\((\[[^\]]*\])\)")


def js_pattern(source: str) -> re.Pattern | None:
    """A Python pattern matching what JavaScript's ``new RegExp(source)`` matches, or None when
    ``source`` uses an escape other than \\s and \\d whose meaning could differ."""
    out, in_class, i = [], False, 0
    while i < len(source):
        c = source[i]
        if c == "\\" and i + 1 < len(source):
            e = source[i + 1]
            if e in "sd":
                body = _JS_SPACE if e == "s" else _JS_DIGIT
                out.append(body if in_class else f"[{body}]")
            elif e.isalnum() and e not in "tnrfv":
                return None  # \w, \b, \p{...}, \uXXXX, back-references: not translated
            else:
                out.append(source[i:i + 2])
            i += 2
            continue
        if c == "[" and not in_class:
            in_class = True
        elif c == "]" and in_class:
            in_class = False
        out.append(c)
        i += 1
    try:
        pattern = re.compile("".join(out))
    except re.error:
        return None
    return None if pattern.groups else pattern  # a group would be kept by split()


def stop_words(worker_js: str) -> frozenset[str] | None:
    """lunr's English stop words as the theme's worker defines them."""
    found = _STOP_WORDS.search(worker_js)
    return frozenset(json.loads(found.group(1))) if found else None


def _text_runs(value: str):
    """The text between tags of ``value``, as mkdocs-material's tokenizer cuts it (its function
    ``se``: a run ends at a "<" and the next starts after a ">")."""
    if "<" not in value and ">" not in value:  # the index's text is escaped: nearly always
        if value:
            yield value
        return
    start = 0
    for i, c in enumerate(value):
        if c == "<" and i > start:
            yield value[start:i]
            start = i
        elif c == ">":
            start = i + 1
    if len(value) > start:
        yield value[start:]


def terms(value, separator: re.Pattern, stop: frozenset[str]) -> list[str]:
    """The lunr terms of one field's ``value`` (a string or a list of strings), in order."""
    out = []
    for item in value if isinstance(value, list) else [value]:
        for run in _text_runs(item):  # lowercased after the cut, as the worker does ("&LT;" is no separator)
            out.extend(map(str.lower, filter(None, separator.split(run))))
    return [t for t in out if t not in stop]


def _unknown_case(term: str) -> bool:
    """Whether ``term`` holds a code point this Python's Unicode database does not assign, whose
    lowercase it cannot know: the browser's newer Unicode lowercases some (U+A7CB, Garay's
    capitals: Unicode 16), so the list would hold a word the worker's index has not."""
    return not term.isascii() and any(unicodedata.category(c) == "Cn" for c in term)


def _js_order(term: str) -> bytes:
    return term.encode("utf-16-be")  # JavaScript's sort: by UTF-16 code units


def _base36(n: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = digits[r] + out
        if not n:
            return out


def build(index: dict, worker_js: str) -> dict | None:
    """The word list of the search plugin's ``index`` (its search_index.json, parsed) for the
    theme's worker ``worker_js``, or None where the configuration is not one this reproduces."""
    config = index["config"]
    separator = js_pattern(config.get("separator", ""))
    stop = stop_words(worker_js)
    pipeline = config.get("pipeline", [])
    if separator is None or stop is None or config.get("lang") != ["en"] or set(pipeline) - {"stopWordFilter"}:
        return None
    if "stopWordFilter" not in pipeline:
        stop = frozenset()
    fields = list(config["fields"])
    docs = index["docs"]
    if len({d["location"] for d in docs}) != len(docs):
        return None  # lunr keys sections by location: a repeated one is indexed otherwise
    numbers: dict[str, int] = {}  # lunr's term numbers, in the order its builder meets the terms
    holders: dict[str, list[list[int]]] = {}
    lengths = dict.fromkeys(fields, 0)
    for n, doc in enumerate(docs):
        for j, field in enumerate(fields):
            value = doc.get(field)
            found = terms(value, separator, stop) if value is not None else []
            lengths[field] += len(found)
            for term in dict.fromkeys(found):  # each once per section and field, in the order first met
                if term not in numbers:
                    numbers[term] = len(numbers)
                    holders[term] = [[] for _ in fields]
                holders[term][j].append(n)
    if any(_unknown_case(term) for term in numbers):
        return None
    ordered = sorted(numbers, key=_js_order)
    gaps = [_base36(n) for n in range(len(docs))]  # a difference between sections is below their count
    docs_of = []
    for term in ordered:
        groups = []
        for held in holders[term]:  # each field's sections, as differences from the one before
            groups.append(",".join([gaps[b - a] for a, b in zip([0, *held], held)]))
        docs_of.append(";".join(groups))
    return {"terms": ordered, "index": [numbers[t] for t in ordered], "docs": docs_of,
            "lengths": lengths, "count": len(docs)}


def add(index: dict, worker_js: str | None) -> None:
    """Put the word list into ``index``'s configuration (nothing without the theme's worker)."""
    index["config"].pop("slc_pack", None)
    pack = build(index, worker_js) if worker_js else None
    if pack is not None:
        index["config"]["slc_pack"] = pack
