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


def on_serve(server, config, builder):  # noqa: ARG001 - mkdocs hook signature
    """Rebuild when a record of the user's own directories changes too (CATALOG_DATA_DIRS, or
    ``catalog --data DIR site serve``): mkdocs.yml's ``watch`` names the catalog's data/papers only."""
    from catalog import paths

    for directory in paths.extra_data_dirs():
        if directory.is_dir():
            server.watch(str(directory))
    return server


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
    # each page's body is read once per build (mkdocs' next build, under serve, generates anew):
    # kept, the build held every page's HTML twice until its end (some 46 MB of its peak)
    del _current.html[page.file.src_uri]
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
    """Mark the output as the catalog's (``catalog site build`` only replaces marked directories).

    Runs after the search plugin has written the index and before the offline plugin copies it
    into ``search_index.js`` (priority -100)."""
    global _current
    from pathlib import Path

    from catalog.site import search_worker
    from catalog.site.build import MARKER

    _current = None
    _full.clear()
    search_worker.finish_index(Path(config.site_dir) / "search" / "search_index.json")
    search_worker.mend(Path(config.site_dir))
    (Path(config.site_dir) / MARKER).write_text("written by catalog site build\n", encoding="utf-8")
