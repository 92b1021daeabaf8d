"""The site build's word list for the search worker (catalog.site.searchpack): the theme's tokenizer
as the worker runs it; the browser tests (test_search_and_schemes) check the whole list against
the index lunr builds in chromium."""

from __future__ import annotations

import json

from catalog.site import searchpack

SEPARATOR = r'(?:&(?:lt|gt|amp|quot|#\d+|#x[\da-fA-F]+);|[\s\-,:;!=\[\]()"/*+^~{}\\$_|<>&])+|\.(?!\d)'
WORKER = 'x=t.generateStopWordFilter(["a","the","of"]);'


def _index(docs, **config):
    return {"config": {"lang": ["en"], "separator": SEPARATOR, "pipeline": ["stopWordFilter"],
                       "fields": {"title": {"boost": 1000.0}, "text": {"boost": 1.0}, "tags": {"boost": 1e6}},
                       **config}, "docs": docs}


def test_terms_are_cut_as_the_worker_cuts_them():
    pattern = searchpack.js_pattern(SEPARATOR)
    stop = searchpack.stop_words(WORKER)
    assert stop == {"a", "the", "of"}
    # an entity is a separator (whole); a "." only before a non-digit
    assert searchpack.terms("R&amp;D of the Hitchhiker&#39;s 0.34 e.g. &LT;b", pattern, stop) == [
        "r", "d", "hitchhiker", "s", "0.34", "e", "g", "lt", "b"]
    # JavaScript's \s: a no-break space separates, Python's extra spaces (\x1c) do not
    assert searchpack.terms("a\u00a0b\x1cc", pattern, frozenset()) == ["a", "b\x1cc"]
    # text between tags only, as the theme's tokenizer reads it; a list is each of its strings
    assert searchpack.terms("x <code>y</code> z", pattern, frozenset()) == ["x", "y", "z"]
    assert searchpack.terms(["kaplan2020/loss-n", "Kaplan"], pattern, frozenset()) == ["kaplan2020", "loss", "n", "kaplan"]


def test_the_list_names_each_words_sections_per_field_in_lunrs_term_order():
    docs = [{"location": "a.html", "title": "Zeta alpha", "text": "alpha beta"},
            {"location": "a.html#s", "title": "S", "text": "beta"},
            {"location": "b.html", "title": "Beta", "text": "", "tags": ["alpha"]}]
    pack = searchpack.build(_index(docs), WORKER)
    assert pack["terms"] == ["alpha", "beta", "s", "zeta"]  # sorted by UTF-16 code units, as JavaScript sorts
    assert pack["index"] == [1, 2, 3, 0]  # lunr numbers a term when its builder first meets it
    assert pack["docs"][0] == "0;0;2"  # alpha: title of 0, text of 0, tags of 2
    assert pack["docs"][1] == "2;0,1;"  # beta: title of 2; text of 0 and 1 (differences)
    assert pack["lengths"] == {"title": 4, "text": 3, "tags": 1} and pack["count"] == 3
    json.dumps(pack)


def test_no_list_where_the_configuration_is_not_reproduced():
    docs = [{"location": "a.html", "title": "A", "text": "b"}]
    assert searchpack.build(_index(docs, lang=["de"]), WORKER) is None
    assert searchpack.build(_index(docs, pipeline=["stemmer"]), WORKER) is None
    assert searchpack.build(_index(docs, separator=r"[\W]+"), WORKER) is None  # \W: not translated
    assert searchpack.build(_index(docs, separator=r"(\s)+"), WORKER) is None  # a group would be kept
    assert searchpack.build(_index(docs), "no stop words here") is None
    assert searchpack.build(_index(docs + docs), WORKER) is None  # a location twice
    index = _index(docs)
    searchpack.add(index, None)
    assert "slc_pack" not in index["config"]
    searchpack.add(index, WORKER)
    assert index["config"]["slc_pack"]["terms"] == ["b"]  # "a" is a stop word


def test_no_list_where_a_word_holds_a_character_this_unicode_does_not_know():
    """U+A7CB (LATIN CAPITAL LETTER RAMS HORN, Unicode 16) is unassigned in this Python's Unicode,
    which leaves it as it is, where the browser lowercases it: the list held a word the worker's
    index lacked, so the word was not found from the list and the worker's check found the list
    differing (and built the whole index) on every visit."""
    import shutil
    import subprocess
    import unicodedata

    import pytest

    word = "\ua7cbam"
    docs = [{"location": "a.html", "title": "A", "text": f"scaling {word}"}]
    if unicodedata.category(word[0]) != "Cn":
        pytest.skip("this Python's Unicode knows U+A7CB")
    if shutil.which("node"):  # what the browser's JavaScript makes of it
        lowered = subprocess.run(["node", "-e", f"process.stdout.write({json.dumps(word)}.toLowerCase())"],
                                 capture_output=True, text=True, check=True).stdout
        assert lowered != word.lower()
    assert searchpack.build(_index(docs), WORKER) is None
    assert searchpack.build(_index([{"location": "a.html", "title": "A", "text": "scaling \u0264am"}]), WORKER)
