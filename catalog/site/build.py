"""Build the static site: records from the database -> pages -> mkdocs-material.

The site is an ordinary mkdocs project: ``mkdocs.yml`` at the project root, the page templates
in ``site/templates``, the static assets in ``site/docs`` (its ``docs_dir``). The hooks in
``site/hooks.py`` (``catalog.site.mkdocs_hooks``) add the pages, rendered here from the jinja2
templates, to mkdocs as generated files: nothing is written but the output, so ``mkdocs build``,
``mkdocs serve`` (live reload when a record changes), ``catalog site build`` and an installed
package (which carries ``site/`` and ``mkdocs.yml``) all run the same build. Every value taken
from a record is HTML-escaped by jinja2's autoescaping; page titles, which mkdocs inserts into
the page unescaped, are escaped before they reach the front matter. Math is rendered in the
browser by the vendored KaTeX; nothing is loaded from another host (``theme.font: false``,
mkdocs-material's ``offline`` plugin, so the site also works from ``file://``).
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup, escape

from catalog import paths, provenance, textguard, vocab
from catalog.publish import typeset
from catalog.publish.custom_tables import LATEX_LINES_JOINED
from catalog.schema import Paper
from catalog.site import downloads, jsgen, views

MARKER = ".catalog-site"


class SiteBuildError(RuntimeError):
    """mkdocs refused the site (strict mode warnings) or the build could not run."""


@dataclass
class BuildReport:
    site_dir: Path | None = None
    pages: int = 0
    papers: int = 0
    laws: int = 0
    evaluable: int = 0
    untranslatable: dict[str, str] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    cached: tuple[int, int] = (0, 0)  # entries of the cache of pages used, of those looked up

    @property
    def seconds(self) -> float:
        return sum(self.timings.values())

    @property
    def seconds_per_page(self) -> float:
        return self.seconds / self.pages if self.pages else 0.0

    def summary(self) -> str:
        """One line for the terminal: the directory as typed may hold escapes and line breaks."""
        parts = ", ".join(f"{k} {v:.2f}s" for k, v in self.timings.items())
        used, looked_up = self.cached
        reused = f"; {used} of {looked_up} laws' formulas and pages taken from an earlier build" if used else ""
        return (f"built {self.pages} pages ({self.papers} papers, {self.laws} laws, {self.evaluable} with a calculator) "
                f"into {textguard.escaped(str(self.site_dir))} in {self.seconds:.2f}s ({1000 * self.seconds_per_page:.1f} ms/page; {parts}{reused})")


# ---------------------------------------------------------------- template filters


def _synonyms(laws) -> str:
    """JSON: each scaling variable or predicted quantity of ``laws`` -> its other names in the
    vocabulary, space-separated. The Laws page's words filter matches a row by these too, so a law
    is found by the name a reader uses for its quantity ('optimal lr', 'eta_opt', 'bs'), which its
    name, id and title need not hold; one map for the page (on each row they made it 15% larger)."""
    import json

    used = dict.fromkeys(v for lv in laws for v in (lv.law.dependent_variable, *lv.law.scaling_variables) if v)
    table = vocab.VOCABULARIES["variable"]
    return json.dumps({v: " ".join(table[v][1]).lower() for v in used if v in table and table[v][1]},
                      ensure_ascii=False, separators=(",", ":"))


def _yaml_str(text) -> Markup:
    """A front-matter value: HTML-escaped once (mkdocs inserts titles as HTML), JSON-quoted.
    Non-ASCII stays as it is: JSON writes an emoji as a surrogate pair (\\ud83d\\ude80), which
    YAML refuses, and the page lost its title. YAML's own line breaks are escaped."""
    quoted = json.dumps(str(escape(str(text))), ensure_ascii=False)
    for char in "\x85\u2028\u2029":
        quoted = quoted.replace(char, f"\\u{ord(char):04x}")
    return Markup(quoted)


# What the compare page's copy of each law's calculator data leaves out: the check values and
# printed values the law page's calculator shows beside its result (a fifth of the page's data).
# The data is a script of its own (assets/formulas/compare-data.js): 2.3 MB of JSON inside
# compare.html was fetched again on every visit, a script the browser keeps.
COMPARE_UNUSED = ("checks", "printed")


def _script_json(data) -> Markup:
    """JSON safe inside ``<script type="application/json">``: no ``<``, ``>`` or ``&``."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)


def _label(key) -> str:
    if key is None:
        return ""
    return str(key).replace("_", " ").replace("-", " ")


def _anchor(key) -> str:
    return "v-" + "".join(c if c.isalnum() else "-" for c in str(key).lower())


def plain_number(value) -> str:
    """A number as text that reads back to the same float (shortest round trip)."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def magnitude_text(value: float, digits: int | None = None) -> str:
    """``7e10`` -> ``70B``, ``1.4e12`` -> ``1.4T``, ``8.127802e10`` -> ``81.27802B`` when that is
    exact (up to 10 significant digits with T, B or M: a count read from released data, li2025's
    2**30 parameters, reads ``1.073741824B`` beside the other inputs' suffixes), else the plain
    number: below a million too, where a K read oddly ('1.103K' for an Elo of 1103, '1.024K' for a
    batch of 1024).
    ``digits``: a computed number (a comparison's reference point, a geometric middle such as
    152569983.94179636) rounded to that many significant digits first, as catalog prints it:
    152.57M."""
    x = float(value) if digits is None else float(f"{float(value):.{digits}g}")
    for suffix, scale, most in (("T", 1e12, 10), ("B", 1e9, 10), ("M", 1e6, 10)):
        q = x / scale
        text = f"{q:.{most if digits is None else digits}g}"
        if 1 <= abs(q) < 1000 and float(text) == q and float(text) * scale == x:
            return f"{text}{suffix}"
        if digits is not None and 1 <= abs(q) < 1000:  # rounded already: exact to the digits kept
            return f"{text}{suffix}"
    return plain_number(value if digits is None else x).replace("e+", "e")


def _num(value) -> Markup:
    """Readable number: 6 significant digits, ``7×10<sup>10</sup>`` outside [1e-3, 1e6)."""
    if value is None:
        return Markup("")
    if isinstance(value, int) and abs(value) < 10**6:
        return Markup(str(value))
    x = float(value)
    if x == 0 or 1e-3 <= abs(x) < 1e6:
        return Markup(f"{x:.6g}")
    mant, exp = f"{x:.5e}".split("e")
    mant = mant.rstrip("0").rstrip(".")
    lead = "" if mant == "1" else f"{mant}×"
    return Markup(f'<span title="{plain_number(value)}">{lead}10<sup>{int(exp)}</sup></span>')


def _signed(value) -> str:
    """A difference with its sign, 6 significant digits: ``+0.0273473``."""
    return "" if value is None else f"{float(value):+.6g}"


def _percent(value) -> str:
    """A relative difference as a signed percentage: ``+1.41%``."""
    return "" if value is None else f"{100 * float(value):+.3g}%"


def _math(latex, display: bool = False) -> Markup:
    """LaTeX that the site's KaTeX renders (``slc.js``), escaped as text and as the attribute.
    A filter rather than a macro: it is called for every symbol of every law page."""
    text = escape(latex)
    return Markup(f'<span class="slc-math{" slc-display" if display else ""}" data-latex="{text}">{text}</span>')


def _environment():
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(paths.site_sources() / "templates")),
        autoescape=lambda name: name is None or not name.endswith(".yml.j2"),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # one environment per build: no need to stat each template at every page
    )
    env.filters.update({
        "yaml_str": _yaml_str, "script_json": _script_json, "label": _label, "anchor": _anchor,
        "num": _num, "plain": plain_number, "magnitude": magnitude_text, "symbol_latex": typeset.symbol, "math": _math,
        "latex_line": LATEX_LINES_JOINED.join,
        "html": views.html_path, "also_called": lambda value, kind, n: vocab.also_called(kind, value, n), "signed": _signed, "percent": _percent, "citation": views.citation,
        "beyond_range": lambda check, law: provenance.beyond_range(law, check),
        "refit_text": provenance.refit_text, "synonyms": _synonyms,
    })
    return env


# ---------------------------------------------------------------- helpers


def _guard_dir(path: Path, what: str) -> None:
    """Refuse to wipe a non-empty directory that this builder did not create, or a file."""
    if path.exists() and not path.is_dir():
        raise SiteBuildError(f"{what} {path} is a file, not a directory; choose a directory")
    existing = next((p for p in path.parents if p.exists()), None)
    if existing is not None and not existing.is_dir():
        raise SiteBuildError(f"{what} {path} is inside {existing}, which is a file, not a directory")
    if path.exists() and any(path.iterdir()) and not (path / MARKER).exists():
        raise SiteBuildError(f"{what} {path} exists, is not empty and was not written by 'catalog site build'; "
                             "choose another directory")


def _fresh_dir(path: Path, what: str) -> None:
    _guard_dir(path, what)
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    (path / MARKER).write_text("written by catalog site build\n", encoding="utf-8")


def added_dates(records_dir: Path | None) -> dict[str, str]:
    """When each record file was first committed (ISO timestamp), from git; empty without git."""
    if records_dir is None or not records_dir.is_dir():
        return {}
    try:
        out = subprocess.run(
            ["git", "log", "--reverse", "--diff-filter=A", "--name-only", "--format=@%cI", "--", "."],
            # git writes file names in UTF-8: the locale's cp1252 on Windows raised UnicodeDecodeError
            cwd=records_dir, capture_output=True, text=True, encoding="utf-8", errors="replace", timeout=20,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}
    dates: dict[str, str] = {}
    current = ""
    for line in out.splitlines():
        if line.startswith("@"):
            current = line[1:]
        elif line.endswith(".yaml"):
            dates.setdefault(Path(line).stem, current)  # oldest first: keep the first addition
    return dates


def survey_tables(papers: list[Paper]) -> list[dict]:
    """The survey's Tables 2 to 8 as HTML, from ``catalog.publish.tables`` (the same Table objects
    ``catalog table N`` prints; that module escapes every cell)."""
    from catalog.publish import tables

    by_id = {p.id: p for p in papers}
    out = []
    for number in sorted(tables.SURVEY_LAYOUT):
        table = papers_linked(tables.survey_table(by_id, number), by_id)
        out.append({
            "number": number, "title": table.title, "short": f"Table {number}",
            "file": f"tables/table-{number}.md", "rows": len(table.rows),
            "html": Markup(table.to_html(table_id=f"survey-table-{number}")),
        })
    return out


def papers_linked(table, by_id: dict[str, Paper], root: str = "../"):
    """``table`` with each row's Paper cell linked to its paper's page: the survey prints a
    citation ("Kaplan et al. (2020)"), and the page holding that row's cells verbatim, the paper's
    record and its laws is one click away. Each row is also found by its paper's id, title,
    nicknames and authors, as the Papers page finds it: 'chinchilla' found no row of any table."""
    from catalog.publish.tables import Cell

    column = [c.key for c in table.columns].index("paper")
    for row in table.rows:
        cell = row.cells[column]
        if row.paper_id and cell.text:
            row.cells[column] = Cell(cell.text, link=f"{root}papers/{row.paper_id}.html")
        paper = by_id.get(row.paper_id) if row.paper_id else None
        if paper is not None:
            b = paper.bibliography
            row.search = " ".join([paper.id, b.title, *paper.nicknames, ", ".join(b.authors)])
    return table


class _Capture(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def run_mkdocs(config_file: Path, strict: bool = True, **overrides) -> None:
    """``mkdocs build`` in-process (saves an interpreter start); in strict mode warnings are errors.
    ``overrides`` replace settings of the config file (e.g. ``site_dir``)."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs import exceptions
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    capture = _Capture()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(capture)
    try:
        config = load_config(config_file=str(config_file), strict=strict, **overrides)
        mkdocs_build(config)
    except exceptions.MkDocsException as exc:
        detail = "; ".join(capture.messages) or str(exc)
        raise SiteBuildError(f"mkdocs build --strict failed: {detail}") from None
    finally:
        logger.removeHandler(capture)
    if strict and capture.messages:
        raise SiteBuildError("mkdocs warnings: " + "; ".join(capture.messages))


# ---------------------------------------------------------------- the build


@dataclass
class Generated:
    """The generated part of the docs tree, handed to mkdocs by the hooks."""

    files: dict[str, str | bytes] = field(default_factory=dict)  # docs-relative path -> content
    html: dict[str, str] = field(default_factory=dict)  # page path -> its pre-rendered HTML
    toc: dict[str, list[dict]] = field(default_factory=dict)  # page path -> its headings (mkdocs toc tokens)


def generate(db_url: str | None = None, records_dirs: list[Path] | None = None,
             report: BuildReport | None = None, on_step=None, cache: bool = True) -> Generated:
    """Render every page, the formula registry and the downloads of the catalog at ``db_url``
    (default: the default database, rebuilt from the records when they changed).

    ``records_dirs`` (default: every record directory) supply the record files offered as YAML
    downloads and, through git, the dates records were added. ``on_step(text)`` hears when
    each stage starts (the CLI's progress bar). ``cache``: take what an earlier build derived
    from the records unchanged since (:mod:`catalog.site.pagecache`); False renders every page.
    """
    from catalog.site.pagecache import PageCache
    from catalog.store.reader import Store

    step = on_step or (lambda text: None)
    step("reading the catalog")
    report = report if report is not None else BuildReport()
    started = time.perf_counter()
    store = Store(db_url)
    db_url = store.url
    try:
        with store.snapshot():  # the pages' keys are the hashes of the records rendered
            papers = sorted(store.papers.values(), key=lambda p: p.id)
            store.attach_stored_forms(papers)  # the calculators' checks and comparisons evaluate without sympy
            stored = store.stored_digests()
    finally:
        store.close()
    records_dirs = list(records_dirs) if records_dirs is not None else paths.data_dirs()
    report.timings["read"] = time.perf_counter() - started
    pages = PageCache() if cache else None
    try:
        return _generate(papers, stored, db_url, records_dirs, report, step, pages)
    finally:
        if pages is not None:
            pages.flush()
            report.cached = (pages.hits, pages.hits + pages.misses)


def _generate(papers: list[Paper], stored: dict, db_url: str, records_dirs: list[Path], report: BuildReport, step,
              cache) -> Generated:
    t = time.perf_counter()
    step(f"translating {sum(len(p.laws) for p in papers)} formulas for the browser")
    laws = [views.law_view(p, law, cache, (stored.get(p.id), stored.get(f"{p.id}/{law.id}")))
            for p in papers for law in p.laws]
    report.papers, report.laws = len(papers), len(laws)
    report.evaluable = sum(1 for lv in laws if lv.evaluable)
    report.untranslatable = {lv.id: lv.js_error for lv in laws if not lv.evaluable}
    report.timings["formulas"] = time.perf_counter() - t

    t = time.perf_counter()
    step("comparing corrections")
    paper_links = views.attach_corrections(papers, laws)
    report.timings["corrections"] = time.perf_counter() - t

    t = time.perf_counter()
    step("writing downloads")
    out = Generated()
    # Every law's function in one file (a download), and one file per law: a page loads only
    # the calculator code it shows (the compare page, the laws it can overlay).
    out.files["assets/formulas.js"] = jsgen.registry_source({lv.id: lv.js for lv in laws if lv.js is not None})
    for lv in laws:
        if lv.js is not None:
            out.files[f"assets/formulas/{lv.id}.js"] = jsgen.law_source(lv.id, lv.js)
    files = downloads.write(papers, out.files, "downloads", db_url, records_dirs)
    report.timings["downloads"] = time.perf_counter() - t

    t = time.perf_counter()
    step("rendering pages")
    env = _environment()
    tables = survey_tables(papers)
    report.pages = _render_pages(env, out, papers, laws, files, records_dirs, tables, paper_links, cache, stored)
    report.timings["render"] = time.perf_counter() - t
    return out


def build_site(
    db_url: str | None = None,
    site_dir: Path | None = None,
    records_dir: Path | list[Path] | None = None,
    strict: bool = True,
    on_step=None,
    cache: bool = True,
) -> BuildReport:
    """Render the catalog in the database at ``db_url`` into a static site at ``site_dir``
    (default: ``site/build`` in a checkout, else ``./catalog-site``) with the project's
    ``mkdocs.yml``; ``records_dir``: see :func:`generate`."""
    from catalog.site import mkdocs_hooks

    site_dir = Path(site_dir or paths.default_site_dir()).resolve()
    report = BuildReport(site_dir=site_dir)
    _guard_dir(site_dir, "output directory")
    records_dirs = [records_dir] if isinstance(records_dir, (str, Path)) else records_dir
    generated = generate(db_url, records_dirs, report, on_step, cache)

    t = time.perf_counter()
    if on_step:
        on_step(f"mkdocs: building {report.pages} pages")
    if site_dir.exists():
        shutil.rmtree(site_dir)
    with mkdocs_hooks.pending(generated):
        run_mkdocs(paths.mkdocs_config(), strict=strict, site_dir=str(site_dir))
    (site_dir / MARKER).write_text("written by catalog site build\n", encoding="utf-8")
    report.timings["mkdocs"] = time.perf_counter() - t
    return report


def split_page(text: str) -> tuple[str, str | None, list[dict]]:
    """Split a rendered page into what mkdocs reads and what the hooks put back (see
    ``catalog.site.mkdocs_hooks``): Markdown holding only the front matter and one marker; the
    page's HTML, with the headings the templates mark with ``<!--slc-heading-## Text-->``
    written as Python-Markdown's toc extension writes them (an id, a permalink); and their
    table-of-contents entries (mkdocs' toc tokens). Markdown has nothing left to parse: on
    the catalog's pages its per-heading work was a third of mkdocs' time beyond its floor."""
    from markdown.extensions.toc import slugify, unique

    from catalog.site.mkdocs_hooks import PAGE_MARKER

    front = ""
    if text.startswith("---\n"):
        end = text.index("\n---\n", 4) + 5
        front, text = text[:end], text[end:]
    html: list[str] = []
    toc: list[dict] = []
    ids: set[str] = set()

    def add(chunk: str) -> None:
        body = spaced(chunk.strip())
        if body:
            html.append(body)

    # one pass over the page's lines (any line break: a template checked out with CRLF too),
    # each heading line after a "\n" (_HEADING's literal prefix)
    text = "\n" + "\n".join(text.splitlines())
    position = 0
    for heading in _HEADING.finditer(text):
        add(text[position:heading.start()])
        level, name = len(heading.group(1)), str(escape(heading.group(2).strip()))
        anchor = unique(slugify(heading.group(2).strip(), "-"), ids)
        html.append(f'<h{level} id="{anchor}">{name}<a class="headerlink" href="#{anchor}" '
                    f'title="Permanent link">&para;</a></h{level}>')
        toc.append({"level": level, "id": anchor, "name": name, "children": []})
        position = heading.end()
    add(text[position:])
    if not html:
        return front, None, []
    return front + PAGE_MARKER + "\n", "\n\n".join(html), _nested(toc)


def _split_page_shape(value: list) -> bool:
    """Whether ``value`` is shaped as :func:`split_page`'s (front matter, HTML or None, heading tokens)."""
    from catalog.site.pagecache import texts

    def token(t) -> bool:
        return (isinstance(t, dict) and t.keys() == {"level", "id", "name", "children"} and type(t["level"]) is int
                and texts(t["id"]) and texts(t["name"]) and isinstance(t["children"], list)
                and all(map(token, t["children"])))

    front, body, toc = value
    return texts(front) and texts(body, none=True) and isinstance(toc, list) and all(map(token, toc))


def _nested(tokens: list[dict]) -> list[dict]:
    """Flat heading tokens as the toc extension nests them (deeper levels under the last
    shallower one)."""
    top: list[dict] = []
    stack: list[dict] = []
    for token in tokens:
        while stack and stack[-1]["level"] >= token["level"]:
            stack.pop()
        (stack[-1]["children"] if stack else top).append(token)
        stack.append(token)
    return top


# A line break after a closing block tag followed directly by another tag: browsers ignore it,
# while the search index (which keeps only text) would otherwise join the two cells' words
# ("Dependent variableloss"). One literal prefix ("</"), so the scan skips ahead quickly.
_BLOCK_GAP = re.compile(r"</(?:(?:dt|dd|td|th|li|tr|p|div|h[1-6]|legend|summary|caption|label|option)>(?=<)"
                        r"|a>(?=<a\b)|span>(?=<span\b))")


def spaced(html: str) -> str:
    """``html`` with a line break between adjacent cells, items and chips (see _BLOCK_GAP). A
    function rather than a replacement template, which re expands in Python at each of the
    site's 120,000 gaps."""
    return _BLOCK_GAP.sub(lambda gap: gap[0] + "\n", html)


# Templates mark the page's headings (static text) as HTML comments: record text is escaped, so
# it can never produce a "<!--" line, while a line starting with "#" could come from a record.
_HEADING = re.compile(r"\n<!--slc-heading-(#{1,6}) ([^<>\n]+)-->(?=\n|\Z)")


def _render_pages(env, out: Generated, papers: list[Paper], laws: list[views.LawView], files, records_dirs,
                  tables: list[dict], paper_links: dict | None = None, cache=None, stored: dict | None = None) -> int:
    from catalog.site import pagecache

    count = 0
    stored = stored or {}

    def write(md_path: str, template: str, material: list | None = None, **context) -> None:
        """Render ``template`` into the page ``md_path``; a page of one record (``material``: what
        its rendering reads besides the code and templates) from the cache when it holds it."""
        nonlocal count
        count += 1
        entry_key = pagecache.key("page", [md_path, template, *material]) if cache is not None and material else None
        found = cache.get(entry_key, 3, _split_page_shape) if entry_key else None
        if found is not None:
            front, body, toc = found
        else:
            root = "../" * md_path.count("/")
            front, body, toc = split_page(env.get_template(template).render(root=root, **context))
            if entry_key:
                cache.put(entry_key, [front, body, toc])
        out.files[md_path], out.toc[md_path] = front, toc
        if body is not None:
            out.html[md_path] = body

    targets: dict[str, str] = {p.id: views.html_path(views.paper_path(p.id)) for p in papers}
    targets.update({lv.id: views.html_path(lv.path) for lv in laws})
    every_target = pagecache.digest(json.dumps(targets, sort_keys=True))  # a page may link to any of them

    def law_material(lv: views.LawView) -> list:
        """What a law's page (and its row on its paper's page) reads besides its record: the links
        to and from other records, with their comparisons."""
        return [stored.get(lv.paper.id), stored.get(lv.id), lv.id, repr(lv.corrections), lv.corrections_error]
    laws_by_paper: dict[str, list[views.LawView]] = {}
    for lv in laws:
        laws_by_paper.setdefault(lv.paper.id, []).append(lv)
    groups = views.facet_groups(papers, laws)

    # when each record was added: its `added` field, else its file's first commit (git); the
    # commit time orders records added on the same day
    committed: dict[str, str] = {}
    for directory in records_dirs:
        committed.update(added_dates(directory))
    dates = {p.id: p.added or committed.get(p.id, "")[:10] for p in papers if p.added or p.id in committed}
    if dates:
        order = sorted(papers, key=lambda p: (dates.get(p.id, ""), committed.get(p.id, ""), p.id), reverse=True)
        newest = [(p, dates.get(p.id)) for p in order[:10]]
        note = "The records added to the catalog most recently."
    else:
        order = sorted(papers, key=lambda p: (p.bibliography.year, p.id), reverse=True)
        newest = [(p, None) for p in order[:10]]
        note = "The most recent papers in the catalog."
    featured = views.featured_laws(papers, laws)
    stats = {
        "papers": len(papers), "laws": len(laws),
        "evaluable": sum(1 for lv in laws if lv.law.constant_sets),
        "constant_sets": sum(len(lv.law.constant_sets) for lv in laws),
        "in_survey": sum(1 for p in papers if p.survey is not None),
        "printed_checked": sum(1 for lv in laws if lv.law.constant_sets and lv.checked),
        "precision_checked": sum(1 for lv in laws if lv.law.constant_sets and lv.checked == "precision"),
        "errata": sum(len(p.errata) + sum(len(law.errata) for law in p.laws) for p in papers),
        "facets": {f: len(g) for f, g in groups.items()},
    }
    write("index.md", "home.md.j2", stats=stats, newest=newest, newest_note=note, featured=featured)
    write("browse/index.md", "browse.md.j2", facets=views.FACETS, groups=groups)
    intros = {
        "modality": "Papers grouped by the data modality they study.",
        "variable": "Laws and papers grouped by the scaling variable (the law's inputs, normalized).",
        "category": "Papers grouped by the survey's categories.",
        "architecture": "Papers grouped by model architecture.",
        "year": "Papers grouped by publication year, newest first.",
    }
    for facet, label in views.FACETS.items():
        write(f"browse/{facet}.md", "facet.md.j2", title=f"By {label.lower()}", intro=intros[facet], groups=groups[facet])
    write("papers/index.md", "papers.md.j2", papers=papers, filters=views.paper_filters(papers))
    for p in papers:
        links = (paper_links or {}).get(p.id)
        bibtex = out.files[f"downloads/{files[p.id]['bib']}"]
        material = [stored.get(p.id), [law_material(lv) for lv in laws_by_paper.get(p.id, [])], every_target,
                    files[p.id], repr(links), getattr(links, "error", None), pagecache.digest(bibtex)]
        write(views.paper_path(p.id), "paper.md.j2", material, p=p, laws=laws_by_paper.get(p.id, []), targets=targets,
              files=files[p.id], links=links, bibtex=bibtex)
    write("laws/index.md", "laws.md.j2", laws=laws, filters=views.law_filters(laws))
    from catalog import provenance

    audit = provenance.audit(papers)
    by_ref = {lv.id: lv for lv in laws}
    write("audit.md", "audit.md.j2", totals=audit.totals, provenances=provenance.PROVENANCES,
          rows=[(a, by_ref[a.ref]) for a in audit.laws])
    write("checklist.md", "checklist.md.j2", laws=laws, summary=views.checklist_summary(laws),
          items=views.ITEM_LABELS, conventions=views.CONVENTION_LABELS)
    shared = views.shared_variables(laws)
    compare_links = views.compare_queries(shared)
    for lv in laws:
        compare_sets = views.compare_sets_query(lv, shared)
        bibtex = out.files[f"downloads/{files[lv.paper.id]['bib']}"]  # the paper's entry, as its page copies it
        material = [*law_material(lv), every_target, compare_sets, views.COMPARED_SETS, compare_links.get(lv.id, []),
                    pagecache.digest(bibtex)]
        write(lv.path, "law.md.j2", material, lv=lv, targets=targets, compare_sets=compare_sets,
              compared_sets=views.COMPARED_SETS, compare_links=compare_links.get(lv.id, []), bibtex=bibtex)
    compare = {
        "outputs": views.compare_outputs(shared),
        "variables": {k: {"label": _label(k), "laws": [lv.id for lv in v]} for k, v in shared.items()},
        "laws": {lv.id: {k: x for k, x in lv.calculator.items() if k not in COMPARE_UNUSED}
                 for v in shared.values() for lv in v},
        "conventions": views.compare_conventions(shared),
        "featured": [lv.id for lv in featured],  # picked first when the page opens (the home page's calculators)
        # the outputs a loss law's compute-optimal split gives on the compute axis (N_opt, D_opt)
        "frontierOutputs": views.frontier_outputs(),
    }
    out.files["assets/formulas/compare.js"] = jsgen.registry_source(
        {lv.id: lv.js for v in shared.values() for lv in v if lv.js is not None})
    out.files["assets/formulas/compare-data.js"] = jsgen.data_source("SLC_COMPARE", compare)
    write("compare.md", "compare.md.j2", compare=compare)
    predictable = views.predict_data(laws)
    out.files["assets/formulas/predict.js"] = jsgen.registry_source({lv.id: lv.js for lv in laws if lv.id in predictable})
    from catalog.engine.optimal import DEFAULT_K

    # k: the page splits a budget typed with D = 200N as C = kND, as catalog predict does
    write("predict.md", "predict.md.j2", predict={"laws": predictable, "k": DEFAULT_K})
    write("tables/index.md", "tables.md.j2", tables=tables)
    for table in tables:
        write(table["file"], "table.md.j2", t=table)
    write("downloads/index.md", "downloads.md.j2", papers=papers, files=files)
    return count

