"""What mkdocs-material's search indexes of a generated page: its headings and text, not its markup.

The search plugin parses each page's HTML with Python's ``html.parser`` and keeps only text,
headings with an id (one result per section) and a few tags (paragraphs, lists, code, sub- and
superscripts) to format its snippets. On the catalog's pages (calculator forms, tables,
checklists) that parse was half of the build. The hooks give the plugin this reduction of the
page instead: the same headings and words, with scripts dropped and every other tag replaced
by a space (so cells never run together; snippets are plain text), then put the full page
back (``catalog.site.mkdocs_hooks``). Each tag left costs the parser a callback: keeping the
paragraph and list tags too cost 0.5-1 s of a 7.5 s build for formatting alone.

A regular expression can read these pages exactly: they are rendered by the site's own
templates, where record text is HTML-escaped (``<`` and ``>`` only ever delimit tags, also in
attribute values) and the JSON inside ``<script>`` escapes ``<`` and ``>``. The result only
feeds the search plugin, which escapes the text again when it writes the index.
"""

from __future__ import annotations

import re

# scripts and styles (the plugin skips them), and the headings' permalinks (it ignores those)
_DROPPED = re.compile(r"<(script|style)\b[^>]*>.*?</\1>|<a class=\"headerlink\"[^>]*>[^<]*</a>", re.S)
# every tag but the headings (kept with their ids: the section a search result links to)
_OTHER_TAG = re.compile(r"<(?!/?h[1-6][\s>])[^>]*>")
_SPACE = re.compile(r"\s\s+")  # as \s{2,}, which re scans at half the speed
# Sections that are controls, boilerplate or test data, not what a search looks for: a law
# page's calculator (labels, buttons, the starting values), the computed comparisons with other laws (which name those laws and would rank this
# page for their names), a law's stated values (the numbers the test suite checks it against,
# each with where the number is printed and how it was derived: 18% of the index, and words such
# as "printed", "derived", "Table" or "Wikipedia" in nearly every law's row) and a paper page's
# download links (the same three words on every paper page). The first search of a visit fetches and
# indexes what is left. Up to the next h2 or the end: runs of text and tags taken whole and never given
# back (a lazy ".*?" tried the lookahead at each of the sections' 8 MB of characters).
_CONTROLS = re.compile(r'<h2 id="(?:calculator|corrections-and-replications|stated-values'
                       r'|downloads)"[^>]*>(?:[^<]++|<(?!h2[\s>]))*+')
# A formula's TeX (rendered in the browser from the element's text): words such as "\frac{A}{N^{\alpha}}"
# match no search; the law's expression and symbols are indexed in words.
_MATH = re.compile(r'<span class="slc-math[^"]*"[^>]*>[^<]*</span>')


# Elements a template marks ``data-search-exclude`` (mkdocs-material's own marker): boilerplate
# repeated on every law page, the tables of numbers (constants, check values), which no one
# searches for by their digits, a fitting checklist's items not reported (its reported ones are how a
# law is found by its fitting: "Huber", "bootstrap"), and provenance text: a symbol's fitted range and its source, a
# constant set's verbatim source quote, its checks, refit and per-set ranges (the set's label,
# provenance line and note stay), and the listings of every record (the checklist's two tables,
# 380 KB, the Laws, Papers and Downloads tables, the browse pages' lists): one section holding
# every law's or paper's name matched nearly any query and points at no record, whose own page
# is indexed. Only elements that never nest in themselves in the templates. Up to the first
# closing tag, as the controls above.
_EXCLUDED = re.compile(r"<(p|table|td|dt|dd)\b[^>]*\bdata-search-exclude\b[^>]*>(?:[^<]++|<(?!/\1>))*+</\1>")


def reduce(html: str) -> str:
    """``html`` (a rendered page of the site) as the search plugin needs it."""
    return _SPACE.sub(" ", _OTHER_TAG.sub(" ", _DROPPED.sub(" ", _EXCLUDED.sub(" ", _MATH.sub(" ", _CONTROLS.sub(" ", html))))))


def tag_pages_once(index: dict) -> None:
    """Keep a page's tags (its record id and nicknames) on the page's first entry alone, in the
    search plugin's ``index`` (its search_index.json, read).

    The search plugin copies them onto every section of the page, and lunr indexes each copy: a
    law page's eight sections held its id eight times. The worker lists a page's matching
    sections under the page whatever they match, and ranks the page by its best entry, which for
    an id or a nickname is the page's own (``search_worker`` counts the words a page holds over
    all its entries). A section then matches for what it says, not for its page's name."""
    tagged = set()
    for doc in index["docs"]:
        page = doc["location"].partition("#")[0]
        if page in tagged:
            doc.pop("tags", None)
        elif "tags" in doc:
            tagged.add(page)
