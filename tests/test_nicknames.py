"""Papers looked up by nickname (``catalog show chinchilla``) on every lookup path: the CLI's
fast path (SQLite read directly), the Store (pydantic records), the search API's records."""

from __future__ import annotations

import json

import pytest

from catalog.engine import evaluation as engine
from catalog import nicknames
from catalog.store import lawstore
from catalog.store.query import Catalog, NotFound as QueryNotFound
from catalog.store.reader import NotFound


@pytest.mark.parametrize("name", ["chinchilla", "Chinchilla", "CHINCHILLA", "chinchilla scaling laws",
                                  "Chinchilla-scaling_laws"])
def test_a_nickname_names_its_paper(name, papers):
    names = {p.id: p.nicknames for p in papers}
    assert nicknames.paper_named(name, names) == "hoffmann2022"


@pytest.mark.parametrize("lookalike", ["Chin\u200bchilla", "\u200fChinchilla", "\uff23hinchilla", "Chinchilla\u2060"])
def test_a_nickname_that_prints_as_another_is_that_nickname(lookalike, tmp_path):
    # a zero-width or bidirectional mark, or a fullwidth letter, made a second 'Chinchilla' that the
    # rule 'a nickname names one paper' let through, shown as Chinchilla in hints and completion
    from catalog import records
    from tests.conftest import FIXTURES

    minimal = (FIXTURES / "valid" / "minimal.yaml").read_text(encoding="utf-8")
    for paper_id, name in (("one2024", "Chinchilla"), ("two2024", lookalike)):
        text = minimal.replace("minimal", paper_id).replace("sources:", f"nicknames: [{json.dumps(name)}]\nsources:")
        (tmp_path / f"{paper_id}.yaml").write_text(text, encoding="utf-8")
    _, issues = records.load_all([tmp_path])
    if lookalike.isprintable():
        assert [(i.field, i.message) for i in issues] == [("nicknames[0]", f"nickname {lookalike!r} also names one2024")]
    else:  # the invisible characters are refused in every text field, nicknames among them
        assert [(i.field, i.message.split(" (")[0]) for i in issues] == [
            ("nicknames[0]", f"invisible, bidirectional or line-separating character U+{ord(next(c for c in lookalike if not c.isprintable())):04X}")]
    assert nicknames.paper_named(lookalike, {"one2024": ["Chinchilla"]}) == "one2024"


def test_the_store_and_the_fast_path_resolve_a_nickname(store, catalog_db):
    assert store.law("chinchilla").id == "hoffmann2022/parametric-loss"
    assert store.law("GPT-3").id == store.law("brown2020").id
    assert lawstore.law(catalog_db, "Chinchilla/compute-optimal-parameters").id == \
        "hoffmann2022/compute-optimal-parameters"
    assert lawstore.paper(catalog_db, "chinchilla").id == "hoffmann2022"


def test_a_store_resolves_a_nickname_without_reading_every_paper(catalog_db):
    # cat.paper("chinchilla") validated all 271 records to find the one nicknamed so
    from catalog.store.reader import Store

    store = Store(catalog_db)
    paper = store.paper("chinchilla")
    assert paper.id == "hoffmann2022" and "papers" not in store.__dict__ and list(store._read) == ["hoffmann2022"]
    assert store.paper("hoffmann2022") is paper and store.law("GPT-3").paper.id == "brown2020"
    with pytest.raises(NotFound, match="did you mean: hoffmann2022"):
        store.paper("chinchila")


def test_the_search_api_resolves_a_nickname(any_catalog_db):
    with Catalog(any_catalog_db) as cat:
        assert cat.record("chinchilla").id == "hoffmann2022"
        assert cat.paper("gpt-3").id == "brown2020"


def test_an_unknown_name_suggests_ids_and_nicknames_a_paper_once(store, catalog_db):
    for lookup, error in ((store.law, NotFound), (lambda ref: lawstore.law(catalog_db, ref), lawstore.NotFound)):
        with pytest.raises(error) as caught:
            lookup("chinchila")
        message = str(caught.value)
        assert message.startswith("unknown paper 'chinchila'; did you mean: hoffmann2022 (Chinchilla)")
        assert message.count("hoffmann2022") == 1
    with Catalog(catalog_db) as cat, pytest.raises(QueryNotFound, match="did you mean: hoffmann2022 \\(Chinchilla\\)"):
        cat.record("chinchila")



def test_suggestions_far_behind_the_closest_are_left_out():
    """'kaplan' was told 'kaplan2020, dou2025 (POLAR), longpre2025 (ATLAS), chen2024b (P2 Law)':
    names barely close enough, far behind the one meant, are noise."""
    names = {"kaplan2020": [], "dou2025": ["POLAR"], "longpre2025": ["ATLAS"], "chen2024b": ["P2 Law"],
             "hoffmann2022": ["Chinchilla"], "han2025": [], "smith2023": [], "smith2024": []}
    assert nicknames.unknown_paper("kaplan", names) == "unknown paper 'kaplan'; did you mean: kaplan2020?"
    assert nicknames.unknown_paper("hoffman2022", names) == "unknown paper 'hoffman2022'; did you mean: hoffmann2022?"
    # names equally close are all given
    hint = nicknames.unknown_paper("smith", names).partition("did you mean: ")[2]
    assert sorted(hint.rstrip("?").split(", ")) == ["smith2023", "smith2024"]
    assert nicknames.unknown_paper("zzz", names) == "unknown paper 'zzz'"

def test_a_surname_names_its_authors_one_paper():
    names = {"kaplan2020": [], "smith2023": [], "smith2024": [], "hoffmann2022": ["Chinchilla"], "li2025b": []}
    assert nicknames.paper_named("kaplan", names) == "kaplan2020"
    assert nicknames.paper_named("Hoffmann", names) == "hoffmann2022"
    assert nicknames.paper_named("li", names) == "li2025b"  # a year's letter suffix is still the one paper
    assert nicknames.paper_named("smith", names) is None  # two papers: the miss lists both (above)
    assert nicknames.paper_named("kap", names) is None and nicknames.paper_named("kaplan20", names) is None


def test_cli_show_and_eval_by_nickname(run, store):
    shown = run("show", "chinchilla")
    assert shown.exit_code == 0 and shown.stdout.startswith("hoffmann2022: Training Compute-Optimal")
    doc = json.loads(run("eval", "chinchilla", "N=70B", "D=1.4T", "--json").stdout)
    api = engine.evaluate(store.law("hoffmann2022"), {"N": 70e9, "D": 1.4e12})
    assert doc["law"] == "hoffmann2022/parametric-loss" and doc["value"] == pytest.approx(api.value, rel=1e-12)
    missing = run("show", "chinchilla/no-such-law")
    assert missing.exit_code == 1 and "paper 'hoffmann2022' has no law 'no-such-law'" in missing.stderr
    typo = run("eval", "chinchila", "N=70B", "D=1.4T")
    assert typo.exit_code == 2 and "did you mean: hoffmann2022 (Chinchilla)" in typo.stderr
    by_surname = json.loads(run("eval", "kaplan", "N=1B", "D=10B", "--json").stdout)
    assert by_surname["law"].startswith("kaplan2020/")
    assert by_surname["value"] == pytest.approx(engine.evaluate(store.law(by_surname["law"]), {"N": 1e9, "D": 1e10}).value, rel=1e-12)
    assert run("show", "chen").exit_code == 1  # ten papers by a Chen: no guess


def test_selections_and_corrections_take_nicknames(any_catalog_db, papers):
    from catalog.publish import bibtex, corrections
    from catalog.store import selection

    assert selection.select(any_catalog_db, ids=["chinchilla", "GPT-3"]).paper_ids == \
        selection.select(any_catalog_db, ids=["hoffmann2022", "brown2020"]).paper_ids == ["brown2020", "hoffmann2022"]
    assert selection.select(any_catalog_db, where=["id=chinchilla"]).paper_ids == ["hoffmann2022"]
    with pytest.raises(selection.FilterError, match="unknown paper 'chinchila'; did you mean: hoffmann2022 \\(Chinchilla\\)"):
        selection.select(any_catalog_db, ids=["chinchila"])
    assert bibtex.bibliography(any_catalog_db, ids=["chinchilla"]) == bibtex.bibliography(any_catalog_db, ids=["hoffmann2022"])
    by_name = corrections.for_paper(papers, "chinchilla", compare=False)
    assert [(c.paper, c.law) for c in by_name] == [(c.paper, c.law) for c in corrections.for_paper(papers, "hoffmann2022", compare=False)]
    assert corrections.for_law(papers, "chinchilla", compare=False).law == "parametric-loss"


def test_cli_bib_by_nickname(run):
    assert run("bib", "chinchilla").stdout == run("bib", "hoffmann2022").stdout
    typo = run("corrections", "chinchila")
    assert typo.exit_code == 2 and "did you mean: hoffmann2022 (Chinchilla)" in typo.stderr


def test_the_papers_table_holds_each_records_nicknames(any_catalog_db, papers):
    # the lookups of a miss read this column, not every whole record (2 s for an unknown id with 10,000 extra records)
    with Catalog(any_catalog_db) as cat:
        stored = nicknames.from_rows(cat.rows(nicknames.QUERY))
    assert stored == {p.id: list(p.nicknames or []) for p in papers}
    assert "Chinchilla" in stored["hoffmann2022"]


def test_a_law_id_without_its_paper_lists_the_laws_of_that_id(store, catalog_db, run):
    """``parametric-loss`` alone is no paper: every lookup path names the PAPER/LAW refs it could mean."""
    holders = [ref.id for ref in store.laws() if ref.law.id == "parametric-loss"]
    assert "hoffmann2022/parametric-loss" in holders and len(holders) > 1
    for lookup, error in ((store.law, NotFound), (lambda ref: lawstore.law(catalog_db, ref), lawstore.NotFound)):
        with pytest.raises(error) as caught:
            lookup("parametric-loss")
        message = str(caught.value)
        assert message.startswith("unknown paper 'parametric-loss'; a law is named PAPER/LAW")
        assert all(ref in message for ref in holders)
    evaluated = run("eval", "parametric-loss", "N=70B", "D=1.4T")
    assert evaluated.exit_code == 2 and "is a law of: " in evaluated.stderr and "hoffmann2022/parametric-loss" in evaluated.stderr
    shown = run("show", "loss-n")
    assert shown.exit_code == 1 and "'loss-n' is a law of: kaplan2020/loss-n" in shown.stderr
    typo = run("eval", "parametrc-loss", "N=1")  # no law of that id: the paper suggestions as before
    assert typo.exit_code == 2 and "did you mean" in typo.stderr


@pytest.mark.parametrize("nickname", ["Kaplan", "kaplan", "KAPLAN"])
def test_a_nickname_that_is_another_papers_surname_is_refused(nickname, tmp_path):
    # 'catalog eval kaplan' names kaplan2020 (its first author's surname, one catalogued paper); a
    # record nicknamed 'Kaplan' validated 'ok' and then took the name over: with it layered in by
    # --data, 'catalog eval kaplan N=1B' evaluated that record's law instead, silently
    from catalog import records
    from tests.conftest import FIXTURES

    minimal = (FIXTURES / "valid" / "minimal.yaml").read_text(encoding="utf-8")
    for paper_id, name in (("kaplan2020", None), ("hijack2024", nickname)):
        nick = f"nicknames: [{json.dumps(name)}]\n" if name else ""
        text = minimal.replace("minimal", paper_id).replace("sources:", f"{nick}sources:")
        (tmp_path / f"{paper_id}.yaml").write_text(text, encoding="utf-8")
    _, issues = records.load_all([tmp_path])
    assert [(i.path.rsplit("/", 1)[-1], i.field, i.message) for i in issues] == [
        ("hijack2024.yaml", "nicknames[0]", f"nickname {nickname!r} is the surname in the id of kaplan2020 (a "
                                            "surname looks its paper up; the nickname would take it over)")]
    assert nicknames.paper_named("kaplan", {"kaplan2020": [], "kaplan2021": []}) is None
