"""The fast read path: laws read with sqlite3 as record views, evaluated from the stored formula
tree (catalog.engine.numeric) without sympy, pydantic or the ORM, agree with the full path."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import typing

import numpy as np
import pytest

from catalog.engine import compiler, evaluation as engine, numeric, solve
from catalog.store import lawstore, recordview
from catalog.schema import Paper
from tests.sqlite_support import connection_to


def _dict_fields(model, seen=None) -> set[str]:
    """Names of the schema's fields typed dict[...], found by walking the pydantic models."""
    seen = set() if seen is None else seen
    if model in seen:
        return set()
    seen.add(model)
    out = set()
    for name, info in model.model_fields.items():
        stack = [info.annotation]
        while stack:
            t = stack.pop()
            origin = typing.get_origin(t)
            if origin is dict:
                out.add(name)
            stack.extend(typing.get_args(t))
            if isinstance(t, type) and hasattr(t, "model_fields"):
                out |= _dict_fields(t, seen)
    return out


def test_view_mapping_fields_match_the_schema():
    assert recordview.MAPPING_FIELDS == _dict_fields(Paper)


def test_views_read_back_every_record_as_stored(papers):
    for paper in papers:
        view = recordview.View.from_json(paper.model_dump_json())
        assert view.model_dump() == paper.model_dump(mode="json")
        assert view.model_dump(exclude_none=True) == paper.model_dump(mode="json", exclude_none=True)
        for law, lv in zip(paper.laws, view.laws):
            assert lv.output_symbol == law.output_symbol and lv.input_symbols == law.input_symbols
            assert lv.parameter_symbols == law.parameter_symbols
            dc, dv = law.default_constants(), lv.default_constants()
            assert (dc is None and dv is None) or dc.id == dv.id


def test_unknown_tree_nodes_are_refused_not_run():
    with pytest.raises(numeric.TreeError):
        numeric.function(["__import__", ["num", 1.0]], [])
    with pytest.raises(numeric.TreeError):
        numeric.function(["sym", "x"], ["y"])


def test_sympy_builds_every_law_from_its_stored_tree_as_the_parser_does(papers):
    """The site builds each law's sympy expression from the stored tree instead of parsing its
    text again: the result (and the symbol table) must be the parser's, under both assumptions."""
    import sympy

    for paper in papers:
        for law in paper.laws:
            key = compiler._law_key(law)
            stored = compiler._frozen(json.loads(json.dumps(numeric.tree(law.expression, tuple(law.symbols)))))
            for positive in (True, False):
                parsed, parsed_table = compiler._sympy_form(law.expression, key, positive)
                built, built_table = compiler._sympy_form(law.expression, key, positive, stored)
                assert sympy.srepr(built) == sympy.srepr(parsed), (paper.id, law.id, positive)
                assert {n: sympy.srepr(s) for n, s in built_table.items()} == \
                    {n: sympy.srepr(s) for n, s in parsed_table.items()}, (paper.id, law.id)


def test_sympy_builds_every_displayed_formula_and_definition_from_its_tree_as_the_parser_does(papers):
    """The site prints a law as recorded (over its defined names) and each definition from the
    guard's tree of the text instead of parsing it: the same expressions as the parser's."""
    import sympy

    from catalog import definitions

    for paper in papers:
        for law in paper.laws:
            texts = [law.expression, *definitions.definitions(law).values(),
                     *(compiler.definition_text(law, name) for name in definitions.definitions(law))]
            for text in dict.fromkeys(texts):
                parsed = compiler._sympy_form(text, compiler.display_key(law), False)[0]
                assert sympy.srepr(compiler.display_form(law, text)) == sympy.srepr(parsed), (paper.id, law.id, text)


def test_integer_literals_stay_integers_in_the_tree():
    assert numeric.tree("2*N**(1/2) + 0.5", ("N",)) == \
        ["+", ["*", ["num", 2], ["**", ["sym", "N"], ["/", ["num", 1], ["num", 2]]]], ["num", 0.5]]


def test_tree_nodes_sympy_does_not_know_are_refused_not_run():
    import sympy

    from catalog.engine import formulas

    n = sympy.Symbol("N", positive=True)
    for bad in (["__import__", ["num", 1]], ["sym", "os"], ["num", "1"], ["num", True], "N", [],
                ["+", ["sym", "N"]], ["eval", ["sym", "N"]]):
        with pytest.raises(formulas.FormulaError):
            formulas.build(bad, {"N": n})
    with pytest.raises(formulas.FormulaError, match="once evaluated"):
        formulas.build(["/", ["num", 1], ["num", 0]], {"N": n})  # checked as parse checks its result


# Nodes with an operand too many or too few: each reader took the operands it needed and dropped
# the rest, evaluating a formula the stored text does not show (["exp", N, N] as exp(N))
MALFORMED_NODES = [["exp", ["sym", "N"], ["sym", "N"]], ["neg", ["sym", "N"], ["num", 2]],
                   ["+", ["sym", "N"], ["num", 1], ["num", 2]], ["sym", "N", "N"], ["num", 1, 2],
                   ["Beta", ["sym", "N"], ["sym", "N"], ["sym", "N"]], ["log", ["sym", "N"], ["num", 2], ["num", 3]],
                   ["Piecewise", [["sym", "N"], ["true", ["num", 1]]]],
                   ["Piecewise", [["sym", "N"], ["true"], ["num", 5]]],
                   ["Piecewise", [["sym", "N"], ["<", ["sym", "N"], ["num", 1], ["num", 2]]], [["num", 1], ["true"]]]]


@pytest.mark.parametrize("node", MALFORMED_NODES)
def test_tree_nodes_with_other_operand_counts_are_refused_by_every_reader(node):
    import sympy

    from catalog.engine import formulas

    with pytest.raises(numeric.TreeError, match="operand|Piecewise branch"):
        numeric.function(node, ["N"])
    with pytest.raises(formulas.FormulaError, match="operand|Piecewise branch"):
        formulas.build(node, {"N": sympy.Symbol("N", positive=True)})
    with pytest.raises(formulas.FormulaError, match="operand|Piecewise branch"):
        formulas.build(compiler._frozen(node), {"N": sympy.Symbol("N", positive=True)})


def test_every_laws_stored_tree_matches_its_expression(papers):
    """What attach compares for a database no load wrote holds for every law catalog load stores."""
    for paper in papers:
        for law in paper.laws:
            stored = json.loads(json.dumps(numeric.tree(law.expanded_expression, tuple(law.symbols))))
            assert numeric.matches_text(stored, law.expanded_expression), law.id


@pytest.mark.parametrize("text", ["E + A/N", "E + A/N # + B", "E + ~A/N", "(E\n + A/N)", "E + A/N < 1 < 2",
                                  "E + A/N + 'x'", "E + A/N + 1j", "E + f(A=N)"])
def test_a_tree_matches_no_other_text_than_its_own(text):
    tree = numeric.tree("E + A/N", ("E", "A", "N"))
    assert numeric.matches_text(tree, text) == (text == "E + A/N")


def test_every_law_evaluates_the_same_from_its_stored_tree(catalog_db, by_id):
    rng = np.random.default_rng(3)
    checked = defined = 0
    for paper in by_id.values():
        for law in paper.laws:
            if not law.constant_sets:
                continue
            fast = lawstore.law(catalog_db, f"{paper.id}/{law.id}")
            assert fast.law.numeric is not None, law.id
            inputs = {}
            for name in law.input_symbols:
                d = engine.domain(_ref(paper, law), name)
                inputs[name] = d.draw(rng, 64)
            try:
                slow = engine.evaluate(_ref(paper, law), inputs).value
            except engine.EngineError:
                with pytest.raises(engine.EngineError):
                    engine.evaluate(fast, inputs)
                continue
            fast_result = engine.evaluate(fast, inputs)
            got = fast_result.value
            # to 1e-9, or to 1e-12 of the law's largest value there: a sigmoid near 0 (ruan2024) is a
            # difference of numbers near 1, whose last bits the two evaluation orders round apart (NaN where
            # a condition of the law fails, in both)
            np.testing.assert_allclose(got, slow, rtol=1e-9, atol=1e-12 * np.nanmax(np.abs(slow)),
                                       err_msg=f"{paper.id}/{law.id}")
            checked += 1
            # its defined quantities too, which the fast path evaluates from their parsed text
            slow_defined = engine.evaluate(_ref(paper, law), inputs).defined
            assert fast_result.defined.keys() == slow_defined.keys()
            for name, value in slow_defined.items():
                np.testing.assert_allclose(fast_result.defined[name], value, rtol=1e-9,
                                           err_msg=f"{paper.id}/{law.id}: {name}")
                defined += 1
    assert checked >= 40
    assert defined >= 25


def _ref(paper, law):
    from catalog.store.reader import LawRef

    return LawRef(paper, law)


def test_check_values_hold_on_the_fast_path(catalog_db, by_id):
    for paper in by_id.values():
        for law in paper.laws:
            fast = lawstore.law(catalog_db, f"{paper.id}/{law.id}")
            for cv in law.check_values:
                if cv.kind != "value":
                    continue
                params = {k: v for k, v in cv.inputs.items() if law.symbols[k].role == "parameter"}
                inputs = {k: v for k, v in cv.inputs.items() if k not in params}
                for name, expected in cv.expected.items():
                    if name == law.output_symbol:
                        got = engine.evaluate(fast, inputs, cv.constant_set, params).value
                    else:  # an inverse check: the stated input is one of those that give the output
                        sol = solve.solve(fast, name, inputs, cv.constant_set, params, symbolic=False)
                        got = min(sol.roots, key=lambda r: abs(r - expected)) if sol.roots else sol.value
                    assert got == pytest.approx(expected, rel=cv.rel_tol), (paper.id, law.id, name)


def test_unknown_ids_are_reported_like_the_store(catalog_db):
    from catalog.store.reader import NotFound, Store

    for ref in ("hofmann2022", "hoffmann2022/nosuch", "nosuchpaper"):
        with pytest.raises(NotFound) as fast:
            lawstore.law(catalog_db, ref)
        with pytest.raises(NotFound) as slow:
            Store(catalog_db).law(ref)
        assert str(fast.value) == str(slow.value)


HEAVY = ("sympy", "sqlalchemy", "sqlmodel", "pydantic")


def _run_counting_heavy_imports(args: list[str], heavy: tuple[str, ...] = HEAVY,
                                env: dict[str, str] | None = None) -> tuple[str, list[str]]:
    """Run ``catalog ARGS`` in a new interpreter: its output, and which of ``heavy`` it imported."""
    code = ("import json, sys\nfrom catalog.cli import main\n"
            f"sys.argv = ['catalog', *{args!r}]\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
            f"print(json.dumps(sorted(m for m in {heavy!r} if m in sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env).stdout
    *printed, loaded = out.strip().splitlines()
    return "\n".join(printed), json.loads(loaded)


def test_eval_imports_neither_sympy_nor_the_orm_nor_pydantic(catalog_db):
    printed, loaded = _run_counting_heavy_imports(["eval", "hoffmann2022", "N=70B", "D=1.4T", "--db", catalog_db])
    assert "L = 1.93665" in printed
    assert loaded == []


def test_eval_into_a_pipe_needs_no_rich(catalog_db):
    # rich draws tables and wraps lines for a terminal; lines into a pipe are printed as they are
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "FORCE_COLOR", "TTY_COMPATIBLE")}
    printed, loaded = _run_counting_heavy_imports(["eval", "hoffmann2022", "N=70B", "D=1.4T", "--db", catalog_db],
                                                  ("rich",), env)
    assert "L = 1.93665" in printed
    assert loaded == []
    _, loaded = _run_counting_heavy_imports(["eval", "hoffmann2022", "N=70B", "D=1.4T", "--db", catalog_db],
                                            ("rich",), {**env, "COLUMNS": "60"})
    assert loaded == ["rich"]  # asked to fit a width: rich measures and wraps


def test_show_as_json_needs_no_rich_and_a_drawn_table_no_emoji_codes(catalog_db):
    """show --format json imported the terminal renderer (rich) before choosing the format; a drawn
    record's table headers were read as markup, importing rich's emoji codes to replace ':name:'."""
    printed, loaded = _run_counting_heavy_imports(["show", "hoffmann2022/parametric-loss", "--format", "json",
                                                   "--db", catalog_db], ("rich",))
    assert json.loads(printed)["id"] == "hoffmann2022" and loaded == []
    printed, loaded = _run_counting_heavy_imports(["show", "hoffmann2022", "--db", catalog_db],
                                                  ("rich.console", "rich._emoji_codes", "rich.markup"))
    assert "parametric-loss" in printed and loaded == ["rich.console", "rich.markup"]  # the console imports markup


@pytest.mark.parametrize("args, shown, optimizers", [
    (["eval", "hoffmann2022", "N=70B", "D=20N"], "D=1.4e+12", False),
    (["sweep", "hoffmann2022", "N=1e9..1e10:3", "D=20*N", "--format", "csv"], "10000000000.0,200000000000.0,", False),
    (["solve", "hoffmann2022", "L=2.0", "D=20N"], "N = 3.27202e+10", True),
    (["solve", "hoffmann2022", "L=2.0", "N=0.05D"], "D = 6.54404e+11", True),
])
def test_a_proportional_relation_needs_no_sympy(catalog_db, args, shown, optimizers):
    """D=20N, README's relation, is read and evaluated without sympy, whose import had more than
    doubled the command's time (eval 0.80 -> 0.23 s CPU). Only solve refines a bracket, with
    scipy's brentq."""
    printed, loaded = _run_counting_heavy_imports([*args, "--db", catalog_db])
    assert shown in printed
    assert loaded == []
    code = ("import sys\nfrom catalog.cli import main\n"
            f"sys.argv = ['catalog', *{[*args, '--db', catalog_db]!r}]\ntry:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('scipy.optimize' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == str(optimizers)


@pytest.mark.parametrize("args, shown", [
    (["search", "-m", "vision", "-v", "compute", "--limit", "20"], "henighan2020"),
    (["search", "quantization", "--limit", "20"], "ouyang2024"),
    (["search", "-v", "experts", "--laws", "--json"], '"law": "clark2022/routed-loss-bilinear"'),
])
def test_search_imports_neither_sympy_nor_the_orm_nor_pydantic(catalog_db, args, shown):
    # a cold search took 0.37 s instead of 0.09 s once the search index module imported SQLAlchemy
    # and the schema at the top, for the load side only
    printed, loaded = _run_counting_heavy_imports([*args, "--db", catalog_db])
    assert shown in printed
    assert loaded == []


def test_a_search_respelled_imports_neither_sympy_nor_the_orm_nor_pydantic(catalog_db):
    # a text that finds nothing is respelled from the words the load stored, with difflib
    code = ("import json, sys\nsys.stderr = sys.stdout\nfrom catalog.cli import main\n"
            f"sys.argv = ['catalog', 'search', 'bach', 'size', '--db', {catalog_db!r}]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    *printed, loaded = out.strip().splitlines()
    assert "did you mean: 'batch size'" in "\n".join(printed)
    assert json.loads(loaded) == []


@pytest.mark.parametrize("args, shown", [
    (["bib", "hoffmann2022"], "@inproceedings{hoffmann2022,"),
    (["bib", "--where", "modality=vision"], "@"),
    (["table", "7"], "Table 7: Scaling law forms"),
    (["table", "8", "--format", "latex"], "\\toprule"),
    (["table", "--columns", "paper,year,modality", "--where", "modality=vision"], "Henighan"),
    (["repro"], "Link"),
    (["checklist", "hoffmann2022", "--format", "json"], '"law": "hoffmann2022/parametric-loss"'),
    (["checklist", "--format", "csv"], "kaplan2020/"),
    (["audit", "hoffmann2022", "--format", "json"], '"law": "hoffmann2022/parametric-loss"'),
    (["audit", "--format", "json"], '"totals"'),
    (["audit", "sun2024/optimal-tokens", "--format", "json"], '"law": "sun2024/optimal-tokens"'),
    (["checklist", "chinchilla/parametric-loss", "--format", "json"], '"law": "hoffmann2022/parametric-loss"'),
    (["bib", "hoffmann2022/parametric-loss"], "@inproceedings{hoffmann2022,"),
    (["corrections", "hoffmann2022"], "besiroglu2024"),  # and no sympy: the laws' stored trees
    (["predict", "N=70B", "D=1.4T"], "where L = 0.693666"),  # with bhagia2024's defined loss
    (["predict", "C=5.76e23", "--where", "dependent=n_opt"], "hoffmann2022/parametric-loss"),
])
def test_commands_over_records_import_neither_sympy_nor_the_orm_nor_pydantic(catalog_db, args, shown):
    # they read the records as views (one paper's row for one paper, the survey's papers for its
    # tables; predict and corrections with the laws' stored formula trees): validating every record
    # into the schema, with SQLAlchemy, took 0.4-0.6 s more, compiling the laws with sympy 0.4 s more
    printed, loaded = _run_counting_heavy_imports([*args, "--db", catalog_db])
    assert shown in printed
    assert loaded == []


def test_an_unknown_law_is_told_before_numpy_loads(catalog_db):
    # catalog eval reads the law first; numpy (and so the engine) loads only once it is found
    code = ("import sys\nfrom click.testing import CliRunner\nfrom catalog.cli import cli\n"
            f"r = CliRunner().invoke(cli, ['eval', 'nosuchpaper2030', 'N=1', '--db', {catalog_db!r}])\n"
            "print(r.exit_code, 'numpy' in sys.modules)\nprint(r.output)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.startswith("2 False\n") and "error: unknown paper 'nosuchpaper2030'" in out


def test_show_compares_constant_sets_from_the_database_without_numpy(catalog_db, by_id):
    # the comparisons stored at load equal the engine's, and showing a record never loads numpy
    from catalog import provenance
    from catalog.store.query import Catalog

    with Catalog(catalog_db) as cat:
        view = cat.record("hoffmann2022")
    compared = 0
    for law in view.laws:
        for cs in law.constant_sets:
            stored = provenance.compare_to_primary(law, cs.id)
            full = next(l for l in by_id["hoffmann2022"].laws if l.id == law.id)
            computed = provenance.compare_to_primary(full, cs.id)
            assert (stored is None) == (computed is None), (law.id, cs.id)
            if stored is not None:
                compared += 1
                assert stored.describe() == computed.describe()
    assert compared >= 1
    code = ("import sys\nfrom click.testing import CliRunner\nfrom catalog.cli import cli\n"
            f"r = CliRunner().invoke(cli, ['show', 'hoffmann2022', '--db', {catalog_db!r}])\n"
            "print(r.exit_code, 'numpy' in sys.modules, 'is a wikipedia transcription' in ' '.join(r.output.split()))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.startswith("0 False True")


def test_a_notebooks_laws_evaluate_without_sympy(catalog_db):
    """catalog.open()'s laws get the formula trees the load stored, as catalog eval's do: the first
    law(...) imported sympy and compiled the law with it (about 1 s), the same for optimal and solve."""
    code = ("import sys, catalog\ncat = catalog.open(%r)\nch = cat.law('hoffmann2022')\n"
            "print(ch(N='70B', D='1.4T'), ch.optimal().at(5.76e23)['N_opt'], ch.solve(L=2.0, D='1.4T').value,\n"
            "      len(cat.predict(N='70B', D='1.4T').rows) > 0, len(cat.laws()), 'sympy' in sys.modules)" % catalog_db)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert float(out[0]) == pytest.approx(1.93665, abs=5e-6) and float(out[1]) == pytest.approx(3.2e10, rel=0.01)
    assert float(out[2]) == pytest.approx(1.32995e10, rel=1e-5)
    assert out[3:] == ["True", out[4], "False"] and int(out[4]) > 500


def _one_line_fields(model) -> set[str]:
    """Names of the schema's text fields kept to one line (catalog.schema's _one_line) wherever they occur."""
    from catalog.schema import _one_line

    return _fields_checked_by(model, _one_line)


def _fields_checked_by(model, check) -> set[str]:
    """Names of the schema's text fields validated by ``check`` (an AfterValidator's function) wherever they occur."""
    kinds: dict[str, set[bool]] = {}

    def walk(model, seen):
        if model in seen:
            return
        seen.add(model)
        for name, info in model.model_fields.items():
            stack = [(info.annotation, list(info.metadata))]
            while stack:
                t, meta = stack.pop()
                if typing.get_origin(t) is typing.Annotated:
                    base, *extra = typing.get_args(t)
                    stack.append((base, meta + extra))
                    continue
                if t is str:
                    kinds.setdefault(name, set()).add(any(getattr(m, "func", None) is check for m in meta))
                stack.extend((a, meta) for a in typing.get_args(t))
                if isinstance(t, type) and hasattr(t, "model_fields"):
                    walk(t, seen)

    walk(model, set())
    return {name for name, one in kinds.items() if one == {True}}


def test_view_one_line_fields_match_the_schema():
    assert recordview.ONE_LINE_FIELDS == _one_line_fields(Paper)


def test_view_url_fields_match_the_schema():
    from catalog.schema import Bibliography, Reproducibility

    def urls(model):
        return {name for name, info in model.model_fields.items() if "https?://" in str(info.metadata) + str(info.annotation)}

    assert recordview.URL_FIELDS == urls(Bibliography) | urls(Reproducibility)
    assert not any(urls(model) for model in _models(Paper) - {Bibliography, Reproducibility})


def _models(model, seen=None) -> set:
    """``model`` and every pydantic model its fields hold, at any depth."""
    seen = set() if seen is None else seen
    if model not in seen:
        seen.add(model)
        for info in model.model_fields.values():
            stack = [info.annotation]
            while stack:
                t = stack.pop()
                stack.extend(typing.get_args(t))
                if isinstance(t, type) and hasattr(t, "model_fields"):
                    _models(t, seen)
    return seen


def test_view_latex_fields_match_the_schema():
    from catalog.schema import _latex_math

    assert recordview.LATEX_FIELDS == _fields_checked_by(Paper, _latex_math)


def _statements_scanning_every_paper(catalog_db, monkeypatch, run) -> list[str]:
    """The statements ``run()`` reads through catalog.store.query.Catalog whose SQLite plan scans
    the papers table: each reads every paper's row, so that the command grows with the catalog."""
    import re

    from catalog.store import query

    sent, rows = [], query.Catalog.rows
    monkeypatch.setattr(query.Catalog, "rows", lambda self, sql, params=None, stored=False: sent.append((sql, params or {}))
                        or rows(self, sql, params, stored))
    run()
    with connection_to(catalog_db.removeprefix("sqlite:///")) as connection:
        return [sql for sql, params in sent
                if any(re.match(r"SCAN (p|papers)\b", step[3]) for step in connection.execute(f"EXPLAIN QUERY PLAN {sql}",
                                                                                            params))]


@pytest.mark.parametrize("command", ["select", "bib", "bib of a law", "survey table"])
def test_one_papers_selection_and_the_survey_tables_read_only_their_rows(catalog_db, monkeypatch, command):
    # bib of one paper and the survey's tables grew 1.4x with 10,000 more records (benchmarks/bench_cli.py):
    # the selection sorted every paper by year, read every id to check the one named, and every row
    # to find the survey's; the ids and the survey narrow the query itself, through indexes
    from catalog.publish import bibtex, tables
    from catalog.store import selection

    run = {"select": lambda: selection.select(catalog_db, [], ids=["hoffmann2022", "kaplan2020"]),
           "bib": lambda: bibtex.bibliography(catalog_db, [], ids=["hoffmann2022"]),
           "bib of a law": lambda: bibtex.bibliography(catalog_db, ["year>=2020"], ids=["hoffmann2022/parametric-loss"]),
           "survey table": lambda: tables.survey_table(catalog_db, 7)}[command]
    assert _statements_scanning_every_paper(catalog_db, monkeypatch, run) == []
    chosen = selection.select(catalog_db, ["id=chinchilla,kaplan2020"], ids=["hoffmann2022", "brown2020"])
    assert chosen.paper_ids == ["hoffmann2022"]  # the papers both name, nicknames resolved
    assert len(selection.select(catalog_db, {"survey": True}).paper_ids) == 53


def test_a_views_dump_is_a_copy_flat_or_nested(papers):
    # a flat part (a law's conventions) is copied shallowly, a nested one deeply: neither dump is the stored data
    view = recordview.View.from_json(papers[0].model_dump_json())
    law = view.laws[0]
    for part in (law.conventions, law):
        dumped = part.model_dump()
        assert dumped == part._data and dumped is not part._data
        dumped["added"] = 1
        assert "added" not in part._data
    nested = law.model_dump()
    next(iter(nested["symbols"].values()))["role"] = "changed"
    assert next(iter(law._data["symbols"].values()))["role"] != "changed"
