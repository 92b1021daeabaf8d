"""Site search ranks pages holding every word first and highlights what a typo retry matched;
the light/dark toggle persists and the catalog's own elements follow it; law pages fit a phone."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser.conftest import Watch, new_tab
from tests.site_support import wait_answered

pytestmark = pytest.mark.browser

RESULT_LINKS = "li.md-search-result__item > a.md-search-result__link"
CHINCHILLA = "laws/hoffmann2022/parametric-loss.html"


def _search(page, text: str) -> list[str]:
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(text)
    wait_answered(page, text)
    return page.eval_on_selector_all(RESULT_LINKS, "links => links.map(a => a.href)")


def _highlighted(href: str) -> set[str]:
    """The words a result link asks its page to highlight (mkdocs-material's ?h=)."""
    return set(" ".join(parse_qs(urlparse(href).query).get("h", [""])).split())


@pytest.mark.parametrize("text, words", [("chinchilla data", {"chinchilla", "data"}),
                                         ("mixture of experts loss", {"mixture", "experts", "loss"})])
def test_search_ranks_pages_holding_every_word_first(page, base_url, text, words):
    # lunr ORs the words: every Chinchilla page (its nickname is a tag, boosted a million times)
    # came before the pages holding both words, and for the MoE query pages with two of three
    page.goto(base_url)
    _search(page, text)
    # a result is a page with its matching sections, each link highlighting the words it holds
    pages = page.eval_on_selector_all("li.md-search-result__item", "items => items.map(li =>"
                                      " [...li.querySelectorAll('a.md-search-result__link')].map(a => a.href))")
    assert len(pages) >= 6
    for links in pages[:6]:
        assert words <= set().union(*map(_highlighted, links)), (links[0], [p[0] for p in pages[:6]])


def test_a_marked_word_keeps_the_character_escaped_beside_it(page, base_url, browser, tmp_path_factory):
    """The index holds page text HTML-escaped (an apostrophe is '&#39;', '<' is '&lt;'), and ';' is
    a separator: a word beside one ended inside the escape, so its mark split it ('Hitchhiker&#39'
    '</mark>' ';s') and the result read "A Hitchhiker';s Guide". Escapes separate words whole, so
    the mark covers the word alone and the text reads as written (hostile text included)."""
    from catalog.site.server import serve_in_thread, url_of
    from tests.site_support import hostile_site

    page.goto(base_url)
    _search(page, "hitchhiker")
    title = page.locator("li.md-search-result__item h1", has_text="Guide to Scaling Law Estimation").first
    assert title.inner_text() == "A Hitchhiker's Guide to Scaling Law Estimation"
    assert title.locator("mark").all_inner_texts() == ["Hitchhiker"]

    server = serve_in_thread(hostile_site(tmp_path_factory))
    tab = new_tab(browser, Watch(allowed=(url_of(server),)))
    try:
        tab.goto(url_of(server))
        tab.locator("input.md-search__input").click()
        tab.locator("input.md-search__input").type("script title", delay=20)  # a fill went unanswered here
        tab.wait_for_selector(RESULT_LINKS, timeout=60000)
        heading = tab.locator("li.md-search-result__item h1").first
        assert heading.inner_text().startswith('<script>alert("title")</script> & *not emphasis*')
        assert set(heading.locator("mark").all_inner_texts()) == {"script", "title"}
        tab.watch.assert_clean()
    finally:
        tab.context.close()
        server.shutdown()
        server.server_close()


def test_a_typo_retry_highlights_the_word_it_found(page, base_url):
    page.goto(base_url)
    hrefs = _search(page, "chinchila")
    assert _highlighted(hrefs[0]) == {"chinchilla"}, hrefs[0]  # was ?h= (empty)
    assert not page.locator(".md-search-result__terms").count()  # no "Missing: chinchila"
    page.goto(hrefs[0])
    page.wait_for_selector("mark[data-md-highlight]", timeout=60000)  # once the page has the index's configuration
    marks = page.eval_on_selector_all("mark[data-md-highlight]", "ms => ms.map(m => m.textContent.toLowerCase())")
    assert "chinchilla" in marks


def test_a_typo_beside_a_word_that_matches_is_retried(page, base_url):
    # "kaplen scaling" listed every page on scaling: the typo was silently dropped
    page.goto(base_url)
    hrefs = _search(page, "kaplen scaling")
    assert "/papers/kaplan2020.html" in hrefs[0], hrefs[:4]
    assert _highlighted(hrefs[0]) == {"kaplan", "scaling"}


def test_a_pasted_paragraph_is_answered_from_its_first_words(page, base_url):
    # a pasted abstract (here 600 words) was as many prefix queries and typo retries: 6.4 s of a busy
    # worker, and the next keystroke waited behind it; the first words are searched (what is searched
    # is asserted here, not how long it takes: timings belong to the benchmark scripts)

    abstract = ("We find that the loss of language models scales as a power law with model size dataset "
                "size and the amount of compute used for training ") * 25
    page.goto(base_url)
    _search(page, "chinchilla")  # the index is ready
    box = page.locator("input.md-search__input")
    meta = "document.querySelector('.md-search-result__meta').textContent"
    box.fill("")
    page.wait_for_function(f"{meta}.includes('Type to start')")
    pasted = "Chinchilla compute optimal " + abstract
    box.fill(pasted)
    box.press("End")  # a key, as a paste by keyboard: the theme searches on keyup
    page.wait_for_function(f"!{meta}.includes('Type to start')", timeout=120000, polling=50)
    hrefs = page.eval_on_selector_all(RESULT_LINKS, "links => links.map(a => a.href)")
    # the first twelve words are searched ("... scales as"), not the 13th on ("a power law ...")
    assert hrefs and "chinchilla" in _highlighted(hrefs[0]), hrefs[:4]
    assert not {"power", "training"} & set().union(*map(_highlighted, hrefs)), hrefs[:4]
    # and the meta line says so (it said only "N matching documents")
    assert page.evaluate(meta).endswith(f" (only the first 12 words of the query are searched; the other "
                                        f"{len(pasted.split()) - 12} are not)"), page.evaluate(meta)
    box.fill("Chinchilla compute optimal")
    box.press("End")
    page.wait_for_function(f"!{meta}.includes('only the first')", timeout=60000)


def test_search_snippets_are_short(page, base_url):
    # a section's snippet was its whole text (the fitting checklist's was 234 KB), marked word by word
    page.goto(base_url)
    _search(page, "checklist method")
    page.click("details.md-search-result__more summary", timeout=10000)  # the checklist page's other sections
    lengths = page.eval_on_selector_all(".md-search-result__article", "as => as.map(a => a.textContent.length)")
    assert lengths and max(lengths) < 1200, lengths


def test_dark_scheme_persists_and_recolours_the_catalogs_elements(page, base_url, shots):
    page.goto(f"{base_url}{CHINCHILLA}?N=1e14&D=1e15")  # outside the fitted range: the warning shows
    page.wait_for_selector("[data-slc-calculator][data-ready='1']")
    canvas = page.locator("canvas.slc-plot")
    before = canvas.evaluate("c => c.toDataURL()")
    assert page.evaluate("() => document.body.dataset.mdColorScheme") == "default"
    page.click("label.md-header__button[for^='__palette']:visible")
    page.wait_for_function("() => document.body.dataset.mdColorScheme === 'slate'")
    page.goto(f"{base_url}{CHINCHILLA}?N=1e14&D=1e15")  # the choice is kept from page to page
    page.wait_for_selector("[data-slc-calculator][data-ready='1']")
    assert page.evaluate("() => document.body.dataset.mdColorScheme") == "slate"
    page.screenshot(path=str(shots / "law-dark.png"), full_page=True)
    luminance = """sel => { const s = getComputedStyle(document.querySelector(sel));
      const l = c => { const [r, g, b] = c.match(/[\\d.]+/g).map(Number); return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255; };
      return [l(s.color), l(s.backgroundColor)]; }"""
    fg, bg = page.evaluate(luminance, ".slc-warning:not([hidden])")
    assert fg > 0.7 and bg < 0.3, (fg, bg)  # was dark brown on pale yellow: a light box in a dark page
    assert page.evaluate(luminance, "canvas.slc-plot")[0] > 0.7  # the plot's axes and labels
    # a switch redraws the plot in the new scheme's colours (a canvas keeps its pixels otherwise)
    page.click("label.md-header__button[for^='__palette']:visible")
    page.wait_for_function("() => document.body.dataset.mdColorScheme === 'default'")
    assert canvas.evaluate("c => c.toDataURL()") == before


@pytest.mark.parametrize("path", ["laws/chen2026c/moe-loop-loss.html", CHINCHILLA, "laws/kaplan2020/loss-n.html",
                                  "laws/pearce2024/compute-optimal-frontier-non-embedding.html"])
def test_law_pages_fit_a_phone(browser, base_url, built_site, path):
    # a defined quantity's long unit ("billions of parameters (as N_act)") widened the page by 39 px
    tab = new_tab(browser, Watch(allowed=(base_url,)))
    tab.set_viewport_size({"width": 390, "height": 900})
    tab.goto(base_url + path)
    tab.wait_for_selector("[data-slc-calculator][data-ready='1']")
    assert tab.evaluate("() => document.documentElement.scrollWidth") <= 390
    tab.context.close()
    tab.watch.assert_clean()


def _answer(page, text: str) -> tuple[str, list[str]]:
    """The search box's answer to ``text`` typed on a freshly opened page: its count line and links."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(text)
    wait_answered(page, text)
    links = page.eval_on_selector_all("li.md-search-result__item a.md-search-result__link",  # with "more on this page"
                                      "links => links.map(a => a.pathname.slice(1) + a.hash)")
    return page.text_content(".md-search-result__meta"), links


@pytest.mark.parametrize("text", [
    "conspicuous",  # only in a symbol's range source (kaplan2020's compute laws quote the paper's Figure 13)
    "pygemma",  # only in stated values' sources (a run's name in mcleish2025's released logs)
])
def test_search_leaves_out_provenance_text_and_stated_values(page, base_url, text):
    # both were in the index (and found these pages): the bulk every page load indexed for no one
    page.goto(base_url)
    meta, links = _answer(page, text)
    assert meta == "No matching documents" and links == [], (meta, links[:4])


@pytest.mark.parametrize("text, link", [
    ("besiroglu replication", "laws/hoffmann2022/parametric-loss.html#set-besiroglu2024"),  # a set's label, provenance
    ("strongreject", "laws/bowen2024/learned-score-log-params.html#symbols"),  # a symbol's meaning (a benchmark)
    ("gemstone", "papers/mcleish2025.html#reproducibility"),  # a paper's repository (gemstone-scaling-laws)
    # how a law was fitted, as its page's checklist reports it (the checklist section was out of the index)
    ("levenberg", "laws/bian2025/conditional-architecture-loss.html#fitting-checklist"),
])
def test_search_still_finds_labels_meanings_and_notes(page, base_url, text, link):
    page.goto(base_url)
    _, links = _answer(page, text)
    assert any(h.startswith(link) for h in links), links[:12]  # the section (besiroglu2024 or its -wikipedia sibling)


def test_the_grey_series_is_readable_in_both_schemes(page, base_url):
    # the eighth curve of an overlay was GitHub's dark grey #57606a: 2.5:1 on the dark scheme's background
    sets = ["adamw", "dion-1-2", "dion-1-16", "muon", "normuon"]
    curves = ",".join(f"jha2026/soft-rank-by-frequency%40{s}-{b}" for b in ("tail", "mid") for s in sets)
    page.goto(f"{base_url}compare.html?out=spectral_rank%7Cdimensionless&var=ffn_width&laws={curves}")
    page.wait_for_selector("[data-slc-compare][data-ready='1']")
    colour = """() => { const rgb = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
      const lum = c => { const [r, g, b] = rgb(c).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
        return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
      const key = document.querySelectorAll('.slc-legend .slc-key')[7];
      const fg = getComputedStyle(key).color, bg = getComputedStyle(document.body).backgroundColor;
      const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
      const canvas = document.querySelector('canvas.slc-plot'), [r, g, bl] = rgb(fg);
      const px = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      let drawn = 0;
      for (let i = 0; i < px.length; i += 4) if (px[i] === r && px[i + 1] === g && px[i + 2] === bl && px[i + 3] === 255) drawn++;
      return [fg, (a + 0.05) / (b + 0.05), drawn]; }"""
    assert page.locator(".slc-legend .slc-key").count() >= 8
    light, light_contrast, light_drawn = page.evaluate(colour)
    page.click("label.md-header__button[for^='__palette']:visible")
    page.wait_for_function("() => document.body.dataset.mdColorScheme === 'slate'")
    dark, dark_contrast, dark_drawn = page.evaluate(colour)
    assert light != dark and min(light_contrast, dark_contrast) >= 4.5, (light, light_contrast, dark, dark_contrast)
    assert light_drawn and dark_drawn  # the curve itself is drawn in the key's colour, redrawn on the switch


DRAWN_IN = """fg => { const [r, g, b] = fg.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const canvas = document.querySelector('canvas.slc-plot');
  const px = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  for (let i = 0; i < px.length; i += 4) if (px[i] === r && px[i + 1] === g && px[i + 2] === b && px[i + 3] === 255) return true;
  return false; }"""


def test_compare_curves_differ_by_more_than_colour_in_both_schemes(page, base_url, shots):
    # the blue, red and green curves differed by colour alone: each now carries its own marker
    # shape along the curve and in its legend key (in the curve's colour)
    page.goto(f"{base_url}compare.html")
    page.wait_for_selector("[data-slc-compare][data-ready='1']")
    for scheme in ("default", "slate"):
        if scheme == "slate":
            page.click("label.md-header__button[for^='__palette']:visible")
            page.wait_for_function("() => document.body.dataset.mdColorScheme === 'slate'")
        drawn = page.get_attribute("canvas.slc-plot", "data-markers").split()
        shapes = [d.split(":")[0] for d in drawn]
        assert len(shapes) == 3 and len(set(shapes)) == 3 and all(int(d.split(":")[1]) >= 5 for d in drawn), drawn
        keys = page.eval_on_selector_all(".slc-legend .slc-key", """ks => ks.map(k => [k.dataset.marker,
            k.querySelector('.slc-marker').getAttribute('d') || k.querySelector('.slc-marker').tagName,
            getComputedStyle(k).color, k.getBoundingClientRect().width > 0])""")
        assert [k[0] for k in keys] == shapes, keys
        assert len({k[1] for k in keys}) == 3 and all(k[3] for k in keys), keys
        # each key in its curve's colour: a pixel of that colour is drawn on the canvas
        assert all(page.evaluate(DRAWN_IN, k[2]) for k in keys), keys
        # the readout table's rows carry the same keys
        page.fill("input.slc-cmp-at", "1e9")
        page.wait_for_selector("td .slc-key")
        page.screenshot(path=str(shots / f"compare-markers-{scheme}.png"), full_page=True)


# A page whose title (or nickname) is the query comes first: the words of a law's id are tags,
# boosted a million times over titles, so "data-constrained" ranked "Scaling Data-Constrained
# Language Models" 4th and "precision" "Scaling Laws for Precision" 4th, after laws with the word
# in their ids. (query, the page first, the words its title holds in the query's order)
TITLE_QUERIES = [
    ("data-constrained", "papers/muennighoff2023.html", "data constrained"),
    ("precision", "papers/kumar2024.html", "precision"),
    ("broken neural scaling", "papers/caballero2023.html", "broken neural scaling"),
    ("scaling laws for neural language models", "papers/kaplan2020.html", "scaling laws for neural language models"),
    ("mixture of experts", None, "mixture of experts"),
    ("test-time compute", "papers/snell2024.html", "test time compute"),  # the paper before a law named alike
    ("emergent abilities", "papers/schaeffer2023.html", "emergent abilities"),
]


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


@pytest.mark.parametrize("text, first, phrase", TITLE_QUERIES)
def test_a_title_match_ranks_first(page, base_url, text, first, phrase):
    page.goto(base_url)
    _, links = _answer(page, text)
    titles = page.eval_on_selector_all("li.md-search-result__item > a.md-search-result__link h1",
                                       "hs => hs.map(h => h.textContent)")
    if first:
        assert links[0] == first, (links[:4], titles[:4])
    assert phrase in _words(titles[0]), titles[:4]


@pytest.mark.parametrize("h", ["loss [", "loss a?b", "loss 0.5", "loss ()"])
def test_a_highlight_link_marks_its_words_and_nothing_else(page, base_url, h):
    """The theme escapes ?h='s regex characters, then cuts the words at the search's separator,
    which holds the escaping backslash and brackets: '[' left an empty word, marked at every
    character (20,000 empty marks on a paper page, 382,000 and a 20 s freeze on the checklist),
    'a?b' an unescaped '?' (an uncaught 'Invalid regular expression'), and '0.5' the pattern '.5'."""
    from urllib.parse import quote

    page.goto(f"{base_url}papers/kaplan2020.html?h={quote(h)}")
    page.wait_for_selector("mark[data-md-highlight]", timeout=60000)
    marks = page.eval_on_selector_all("mark[data-md-highlight]", "ms => ms.map(m => m.textContent.toLowerCase())")
    assert set(marks) <= {"loss", "0.5"} and len(marks) < 500, (len(marks), sorted(set(marks))[:10])


# What the page's search worker says of its setup (catalog.site.search_worker).
def _worker_says(page, expression: str):
    """``expression`` in the page's search worker: a Worker over http, the iframe-worker shim's frame
    from file:// (None before the worker has set up)."""
    scopes = [*page.workers, *page.frames[1:]]
    return next((v for v in (s.evaluate(expression) for s in scopes) if v is not None), None)


# A worker of the site's own, asked as the theme's bundle asks it (on the index file itself, so that
# no page's worker builds meanwhile): each query's answer, with its pages, order, snippets and marks.
_ASK_WORKER = """async ([name, queries, pack = false]) => {
  const base = new URL('..', location.href);
  const index = await (await fetch(new URL('search/search_index.json', base))).json();
  if (!pack) delete index.config.slc_pack;  // the build's word list (catalog.site.searchpack) aside
  const worker = self.slcWorker = new Worker(new URL('assets/javascripts/workers/' + name, base));
  const next = () => new Promise(done => { worker.onmessage = e => done(e.data); });
  worker.postMessage({type: 0, data: {config: index.config, docs: index.docs, options: {suggest: false}}});
  await next();
  const answers = [];
  for (const q of queries) { worker.postMessage({type: 2, data: q}); answers.push((await next()).data); }
  return answers;
}"""
QUERIES_ASKED = ["chinchilla data", "mixture of experts loss", "chinchila", "kaplan2020/loss-n", "e", "levenberg",
                  "+loss -data", "scal*", "llama 3", "0.34"]


def _wait_pack_checked(page) -> str:
    for _ in range(600):
        said = _worker_says(page, "self.slcPackCheck")
        if said:
            return said
        page.wait_for_timeout(100)
    raise AssertionError(f"{page.url}: the search worker did not check the build's word list")


def test_the_builds_word_list_answers_as_the_built_index(page, base_url, built_site):
    """The first search of a visit indexed every section before it answered (2 of its 3 s); the
    build now writes which sections hold each word (catalog.site.searchpack) and the worker indexes
    a section when a query reaches it. Its answers are the built index's, to the scores, snippets
    and marks: on its first queries (few sections indexed yet) and once all are, when the worker
    has found the build's list the same as its own."""
    name = next((built_site / "assets" / "javascripts" / "workers").glob("search.*.min.js")).name
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    page.goto(base_url + "search/search_index.json")
    queries = [*QUERIES_ASKED, "test-time compute", "R&D", "hitchhiker's", "c", "-loss", "title:chinchilla"]
    built = page.evaluate(_ASK_WORKER, [name, queries])
    page.reload()
    assert page.evaluate(_ASK_WORKER, [name, queries, True]) == built
    assert _worker_says(page, "self.slcIndexFrom") == "pack"
    assert _wait_pack_checked(page) == "same"
    page.reload()
    assert page.evaluate(_ASK_WORKER, [name, queries[::-1], True]) == built[::-1]
    assert all(answer["items"] for answer in built[:6])


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_the_next_page_of_a_visit_answers_from_the_word_list(page, base_url, built_site, scheme):
    root = base_url if scheme == "http" else built_site.resolve().as_uri() + "/"
    page.goto(root + "index.html")
    # typed (on both pages): from file:// the theme does not search again when its worker becomes
    # ready after a fill's one input event (so on a loaded machine a fill found nothing, with or
    # without the cache); a reader's keys are searched again
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").type("chinchilla")
    page.wait_for_selector(RESULT_LINKS, timeout=120000)
    assert _worker_says(page, "self.slcIndexFrom") == "pack"  # the build's word list: nothing to keep
    page.goto(root + "papers/index.html")  # another page of the site
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").type("chinchilla")
    page.wait_for_selector(RESULT_LINKS, timeout=60000)
    page.wait_for_timeout(500)  # the last answer lands
    links = page.eval_on_selector_all(RESULT_LINKS, "links => links.map(a => a.href)")
    assert _worker_says(page, "self.slcIndexFrom") == "pack"
    assert any("hoffmann2022" in link for link in links[:3]), links[:3]


def test_a_word_list_of_other_text_gives_way_to_the_index(page, base_url, built_site):
    """A word list that is not of the documents beside it (none is written so, but a hand-edited or
    half-copied site could hold one) answers until the worker has indexed every section, then the
    worker's own index does: it knows the changed title's word."""
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    doc = next(d for d in index["docs"] if d["location"] == "papers/hoffmann2022.html")
    doc["title"] += " Zebrafinch"
    page.route("**/search/search_index.json", lambda route: route.fulfill(
        status=200, content_type="application/json", body=json.dumps(index)))
    page.goto(base_url)
    _answer(page, "chinchilla")
    assert _worker_says(page, "self.slcIndexFrom") == "pack"
    assert _wait_pack_checked(page) == 'differs: "zebrafinch"'
    _, links = _answer(page, "zebrafinch")
    assert links and links[0].startswith("papers/hoffmann2022.html"), links


def test_a_word_this_pythons_unicode_cannot_lowercase_leaves_no_word_list(page, base_url, built_site):
    """A record's word holding U+A7CB (unassigned in this Python's Unicode 14, 'RAMS HORN' in the
    browser's 16+, which lowercases it to U+0264): the build lowercased it otherwise than the
    worker, so the list held a word the worker's index lacked ('\ua7cbamsword'), the word typed was
    found only by the typo retry, and on every visit the worker found the list differing
    ('differs: "\u0264amsword"') and built the whole index as well. The build now writes no list
    then: the worker indexes every section, as without the list."""
    from catalog.site import searchpack

    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    doc = next(d for d in index["docs"] if d["location"] == "papers/hoffmann2022.html")
    doc["title"] += " \ua7cbamsword"
    worker = next((built_site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    searchpack.add(index, worker.read_text(encoding="utf-8"))
    page.route("**/search/search_index.json", lambda route: route.fulfill(
        status=200, content_type="application/json", body=json.dumps(index)))
    page.goto(base_url)
    _, links = _answer(page, "\u0264amsword")
    assert links and links[0].startswith("papers/hoffmann2022.html"), links
    assert _worker_says(page, "self.slcIndexFrom") == "built"


def _index_fetches(page) -> list[str]:
    return [u for u in page.watch.requests if "/search/search_index." in u]


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_a_page_fetches_the_search_index_only_once_searched(page, base_url, built_site, scheme):
    """Every page fetched the whole index (3.4 MB) as it opened, searched or not: served, the theme
    handed it to the worker at once, and the ?h= highlighter asked for it on every page (from
    file:// a 3.4 MB script on the page's own thread). It is fetched when the search first opens."""
    root = base_url if scheme == "http" else built_site.resolve().as_uri() + "/"
    page.goto(root + CHINCHILLA)
    page.wait_for_timeout(1500)  # what the page starts after it has loaded
    assert _index_fetches(page) == []
    page.locator("input.md-search__input").click()
    page.locator("input.md-search__input").type("chinchilla")
    page.wait_for_selector(RESULT_LINKS, timeout=120000)
    assert len(_index_fetches(page)) == 1


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_a_result_link_highlights_without_the_search_index(page, base_url, built_site, scheme):
    # the highlighter needs the search's word separator only, which the build writes into the bundle
    root = base_url if scheme == "http" else built_site.resolve().as_uri() + "/"
    page.goto(root + "papers/kaplan2020.html?h=loss+scaling")
    page.wait_for_selector("mark[data-md-highlight]", timeout=60000)
    marks = page.eval_on_selector_all("mark[data-md-highlight]", "ms => ms.map(m => m.textContent.toLowerCase())")
    assert set(marks) == {"loss", "scaling"}, sorted(set(marks))
    assert _index_fetches(page) == []


@pytest.mark.parametrize("scheme", ["http", "file"])
def test_the_pointer_over_the_search_box_fetches_the_index(page, base_url, built_site, scheme):
    """The index is fetched and the worker set up while the reader's pointer reaches the box (or
    the header's search button), not only once it is clicked; moving elsewhere fetches nothing."""
    root = base_url if scheme == "http" else built_site.resolve().as_uri() + "/"
    page.goto(root + CHINCHILLA)
    page.mouse.move(300, 500)  # over the page's text
    page.wait_for_timeout(1000)
    assert _index_fetches(page) == []
    page.hover("input.md-search__input")
    for _ in range(300):
        if _index_fetches(page):
            break
        page.wait_for_timeout(100)
    assert len(_index_fetches(page)) == 1
    assert page.locator("input.md-search__input").evaluate("e => e !== document.activeElement")  # not opened
    page.wait_for_timeout(2000)  # the worker is ready before the text comes: pasted (no key), it is searched
    _, links = _answer(page, "chinchilla")
    assert any("hoffmann2022" in link for link in links[:3]), links[:3]
    assert len(_index_fetches(page)) == 1
