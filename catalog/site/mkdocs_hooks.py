"""The mkdocs hooks of the catalog's site (``site/hooks.py`` imports them; see ``catalog.site.build``).

``on_files`` adds the generated pages, the formula registry and the downloads as mkdocs
"generated" files (kept in memory: nothing is written into the docs directory, so ``mkdocs
serve`` does not rebuild in a loop). Each page reaches mkdocs as its front matter and one
marker for its pre-rendered HTML (headings included, with ids and permalinks);
``on_page_content`` puts the HTML back after Markdown, and the page's table of contents from
the build's heading list, so Python-Markdown never parses (or reinterprets) record text and the
build stays fast (``on_page_markdown`` spares mkdocs setting up Python-Markdown for the marker
alone). The search plugin indexes the page after this hook, so the pre-rendered HTML is
searchable. The search plugin reads the page in ``on_page_context``, where it parses the HTML
in Python: it is handed the page's text and headings only (``catalog.site.searchtext``), and
``on_page_context`` here, which runs after it, puts the full page back before the theme renders it.
"""

from __future__ import annotations

import contextlib
import functools

from mkdocs.plugins import event_priority

# The Markdown of a generated page after its front matter: Python-Markdown passes an HTML
# comment through untouched, and on_page_content puts the page's HTML in its place.
PAGE_MARKER = "<!--slc-page-->"

_pending = None  # what `catalog site build` generated before it started mkdocs
_current = None  # what the running build uses
_full: dict[str, str] = {}  # page path -> its full HTML while the search plugin sees the reduced one


@contextlib.contextmanager
def pending(generated):
    """Make the next build use ``generated`` instead of generating from the default database."""
    global _pending
    _pending = generated
    try:
        yield
    finally:
        _pending = None


def on_files(files, config):
    global _current
    from mkdocs.exceptions import PluginError
    from mkdocs.structure.files import File

    from catalog.records import RecordsInvalid
    from catalog.site import build

    if _pending is not None:
        _current = _pending
    else:  # plain `mkdocs build` / `mkdocs serve`
        try:
            _current = build.generate()
        except RecordsInvalid as exc:
            raise PluginError(str(exc)) from None
        except FileNotFoundError as exc:
            raise PluginError(str(exc)) from None
    for path, content in _current.files.items():
        files.append(File.generated(config, path, content=content))
    return files


def on_page_markdown(markdown, page, config, files):  # noqa: ARG001 - mkdocs hook signature
    """A generated page's Markdown is its marker alone, which Python-Markdown converts to itself;
    mkdocs would still set up a Markdown instance with every extension for it (0.5 s of the build,
    as much as for a page of text). Such a page is given what that conversion gives instead."""
    if markdown.strip() == PAGE_MARKER and _current is not None and page.file.src_uri in _current.html:
        page.render = functools.partial(_render_marker, page)
    return markdown


def _render_marker(page, config, files) -> None:  # noqa: ARG001 - Page.render's signature
    """What mkdocs' ``Page.render`` sets for Markdown that is the marker alone: no headings, title,
    anchors or links (on_page_content puts the page's HTML and headings in)."""
    from mkdocs.structure.toc import get_toc

    page.content = PAGE_MARKER
    page.toc = get_toc([])
    page._title_from_render = None
    page.present_anchor_ids = set()
    page.links_to_anchors = {}


def on_page_content(html, page, config, files):  # noqa: ARG001 - mkdocs hook signature
    from catalog.site import searchtext

    body = _current.html.get(page.file.src_uri) if _current is not None else None
    if body is None or PAGE_MARKER not in html:
        return html
    full = html.replace(PAGE_MARKER, body, 1)
    toc = _current.toc.get(page.file.src_uri)
    if toc:  # the headings are in the page's HTML, written by the build (catalog.site.build.split_page)
        from mkdocs.structure.toc import get_toc

        page.toc = get_toc(toc)
    _full[page.file.src_uri] = full
    return searchtext.reduce(full)


@event_priority(-100)  # after the search plugin has indexed the reduced page
def on_page_context(context, page, config, nav):  # noqa: ARG001 - mkdocs hook signature
    full = _full.pop(page.file.src_uri, None)
    if full is not None:
        page.content = full
    if not _toc_entries(page.toc):  # an empty "Table of contents" column took a quarter of the width
        page.meta["hide"] = [*page.meta.get("hide", ()), "toc"]
    return context


def _toc_entries(toc) -> list:
    """The headings mkdocs-material lists beside the page: a lone h1 stands for its children."""
    items = list(toc)
    if len(items) == 1 and items[0].level == 1:
        items = items[0].children
    return items


def on_post_build(config):
    """Mark the output as the catalog's (``catalog site build`` only replaces marked directories)."""
    global _current
    from pathlib import Path

    from catalog.site.build import MARKER

    _current = None
    _full.clear()
    _mend_search_worker(Path(config.site_dir))
    (Path(config.site_dir) / MARKER).write_text("written by catalog site build\n", encoding="utf-8")


# Mends of mkdocs-material's search worker (the site's copy; each replaces one exact passage, and
# a theme version without it is left as it is; the browser tests of search say whether it still needs them):
_WORKER_MENDS = (
    # lunr 2.3.9 keys the states of its word automaton by each edge's character followed by the
    # target state's number, undelimited: a digit character collides with a number ("1" then state
    # 34 reads as "13" then state 4), so merged states spell words the index lacks. With the
    # catalog's numbers in the index, a prefix search ("e", "v0", "llama 3") expanded to such a word
    # and the worker threw: no results at all. Quoting the character keeps the keys apart.
    ("e=e+s+o.id}return e", "e=e+JSON.stringify(s)+o.id}return e"),
    # The theme splits a typed word at the separator but keeps the rest of the word after each
    # piece, which lunr then reads as operators: "hoffmann2022/parametric-lo" searched
    # "hoffmann2022-lo*", that is hoffmann2022 and NOT any word starting "lo", and a word ending
    # in "-" excluded every word (half a minute per keystroke from the file system). A "-", "/" or
    # "_" after a letter or digit is a space; a "-" starting a word still excludes.
    ("search(e){if(e=e.replace(",
     "search(e){if(e=e.replace(/(?<=[\\p{L}\\p{N}])[-/_]+/gu,\" \"),e=e.replace("),
    # The theme makes every word a prefix ("n" searches n*), and a page's tags (its record id) are
    # boosted a million times: in "kaplan2020/loss-n" the "n" matched tags such as nguyen2023 or
    # loss-nd-product, whose rarity outscored the three words of kaplan2020/loss-n's own id (the
    # law came 11th, after papers sharing no word with it but "loss"). A one-character word beside
    # others is a word of its own (an id's letter, "llama 3"); typed alone it is still a prefix.
    ("map(r=>/(^[+-]|[~^]\\d+$)/.test(r)?r:`${r}*`)",
     "map((r,n,a)=>/(^[+-]|[~^]\\d+$)/.test(r)||a.length>1&&r.length<2?r:`${r}*`)"),
    # A typo found nothing ("chinchila", "kaplen": No matching documents). When a query finds
    # nothing, it is asked again with each word of four or more characters (not an operator's)
    # allowed one edit (lunr's "word~1"), which the prefix mend above leaves as it is. After the
    # separator mend, whose passage this one starts with.
    ("search(e){if(",
     "search(e){let t=this.find(e),f=e.replace(/(^|\\s)([^\\s+\\-~^*:][^\\s~^*:]{3,})(?=\\s|$)/g,\"$1$2~1\");"
     "return t.items.length||f===e?t:this.find(f)}find(e){if("),
)


def _mend_search_worker(site_dir) -> None:
    import logging

    for worker in (site_dir / "assets" / "javascripts" / "workers").glob("search.*.min.js"):
        code = worker.read_text(encoding="utf-8")
        for old, new in _WORKER_MENDS:
            if code.count(old) == 1:
                code = code.replace(old, new)
            elif new not in code:
                # info, not a warning: mkdocs.yml is strict, and another theme version must still build
                logging.getLogger("mkdocs").info("%s: the passage to mend is not there: %s", worker.name, old)
        worker.write_text(code, encoding="utf-8")
