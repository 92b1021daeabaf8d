"""The contribution workflow (CONTRIBUTING.md) as a newcomer meets it: a record with several
mistakes gets every one of them from one `catalog validate` run."""

from __future__ import annotations

from catalog import records
from tests.conftest import DATA


def _kaplan_with(tmp_path, *edits: tuple[str, str]):
    """kaplan2020's record with ``edits``, as the new record babbage2026 (no id of the catalog's)."""
    text = (DATA / "kaplan2020.yaml").read_text(encoding="utf-8")
    for old, new in (("id: kaplan2020\n", "id: babbage2026\n"), ("bibtex_key: kaplan2020", "bibtex_key: babbage2026"),
                     ('nicknames: ["Kaplan scaling laws"]', "nicknames: []"), *edits):
        assert old in text
        text = text.replace(old, new, 1)
    path = tmp_path / "babbage2026.yaml"
    path.write_text(text, encoding="utf-8")
    return {i.field: i.message for i in records.load_file(path)[1]}


TOKENIZER = 'tokenizer: "GPT-2 BPE, 50257 tokens (Section 2; Section 2.3: the reversible tokenizer of Radford et al. 2019)"'


def test_a_tokenizer_without_its_locator_is_named_beside_a_schema_error(tmp_path):
    """The tokenizer rule ran only on a record the schema took: a newcomer who also wrote a unit
    the schema refuses learnt of the missing locator one run later."""
    issues = _kaplan_with(tmp_path, ("        unit: parameters", "        unit: B params"),
                          (TOKENIZER, "tokenizer: GPT-2 BPE, 50257 tokens"))
    assert issues["laws[0].symbols.N.unit"].startswith("write 'billions of parameters'")
    assert issues["laws[0].conventions.tokenizer"].startswith(
        "'GPT-2 BPE, 50257 tokens' ends with no locator in parentheses")


def test_a_tokenizer_with_its_locator_beside_a_schema_error_is_not_named(tmp_path):
    issues = _kaplan_with(tmp_path, ("        unit: parameters", "        unit: B params"))
    assert "laws[0].conventions.tokenizer" not in issues


def test_the_per_record_test_command_tests_a_record_of_ones_own_directory(tmp_path):
    """CONTRIBUTING.md's per-record command, `pytest tests/test_corpus.py tests/test_check_values.py
    -k ID`, selected nothing for a record kept outside data/papers (the commands' CATALOG_DATA_DIRS
    was not read): '5723 deselected' and exit code 5, easily read as a pass."""
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    own = tmp_path / "own"
    own.mkdir()
    assert _kaplan_with(own) == {}  # own/babbage2026.yaml
    env = {**os.environ, "CATALOG_DATA_DIRS": str(own)}
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_corpus.py",
                          "tests/test_check_values.py", "-k", "babbage2026"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-2000:]
    passed = int(run.stdout.strip().splitlines()[-1].split(" passed")[0].split()[-1])
    assert passed >= 10  # validates, parses, cites; each law compiles, evaluates, solves, plots, holds its checks


def test_mkdocs_serve_rebuilds_when_a_record_of_ones_own_directory_changes(tmp_path, monkeypatch):
    """mkdocs.yml watches data/papers: with CATALOG_DATA_DIRS (or catalog --data DIR site serve)
    the site showed one's own records but kept their first version while they were edited."""
    import importlib.util

    from tests.conftest import ROOT

    monkeypatch.setenv("CATALOG_DATA_DIRS", str(tmp_path))
    spec = importlib.util.spec_from_file_location("site_hooks", ROOT / "site" / "hooks.py")
    hooks = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hooks)  # the module mkdocs.yml names, whose hooks mkdocs calls

    class Server:
        watched: list[str] = []

        def watch(self, path):
            self.watched.append(path)

    server = Server()
    assert hooks.on_serve(server, config=None, builder=None) is server
    assert server.watched == [str(tmp_path.resolve())]


def test_a_constant_copied_as_the_paper_prints_it_is_told_how_to_write_it(tmp_path):
    """A paper prints N_c = 6.4 x 10^13 (Kaplan et al., Table 2); pasted as printed, validate said
    only 'Input should be a valid number'."""
    for printed in ("6.4 x 10^13", "6.4 × 10^13", "6.4×10¹³", "6.4 · 10^13", "6.4*10**13", "6.4 \\times 10^{13}"):
        written = f"'{printed}'" if "{" in printed else printed  # braces end a YAML flow mapping: quoted
        issues = _kaplan_with(tmp_path, ("N_c: 6.4e13", f"N_c: {written}"))
        message = next(m for f, m in issues.items() if f.endswith("values.N_c"))
        assert message == (f"Input should be a valid number (write 6.4e13: a record's numbers are plain, "
                           f"{printed!r} is text)"), printed
    issues = _kaplan_with(tmp_path, ("N_c: 6.4e13", "N_c: 10^13"))
    assert next(m for f, m in issues.items() if f.endswith("values.N_c")).endswith("(write 1e13: a record's "
                                                                                    "numbers are plain, '10^13' is text)")


def test_an_id_that_is_no_slug_is_told_what_an_id_is_not_shown_a_regular_expression(tmp_path):
    issues = _kaplan_with(tmp_path, ("  - id: loss-n-d", "  - id: Loss N,D"), ("  - id: kaplan2020\n", "  - id: Table 2\n"))
    assert issues["laws[0].id"] == ("'Loss N,D' is no id: lower-case letters, digits, '-' and '_', starting with a "
                                    "letter or digit; e.g. 'loss-n-d'")
    assert issues["laws[0].constant_sets[0].id"].startswith("'Table 2' is no id: ") and \
        issues["laws[0].constant_sets[0].id"].endswith("e.g. 'table-2'")


def test_a_misspelt_choice_is_told_the_one_it_is_close_to(tmp_path):
    issues = _kaplan_with(tmp_path, ("L: {role: output", "L: {role: outptu"),
                          ("parameters: non-embedding", "parameters: non embedding"))
    assert issues["laws[0].symbols.L.role"] == (
        "Input should be 'input', 'parameter', 'output', 'fixed' or 'defined'; did you mean: output?")
    assert issues["laws[0].conventions.parameters"].endswith("; did you mean: non-embedding?")
    far = _kaplan_with(tmp_path, ("L: {role: output", "L: {role: zzz"))
    assert far["laws[0].symbols.L.role"] == "Input should be 'input', 'parameter', 'output', 'fixed' or 'defined'"


def test_a_check_expecting_a_name_the_law_does_not_have_names_the_output(tmp_path):
    from click.testing import CliRunner

    from catalog.cli import cli

    assert _kaplan_with(tmp_path, ("expected: {L: 1.02}", "expected: {loss: 1.02}")) == {}  # the check's turn
    output = CliRunner().invoke(cli, ["validate", str(tmp_path / "babbage2026.yaml")]).output
    assert "laws[0].check_values[0].expected.loss: cannot evaluate the law at the check's inputs: expected key " \
           "'loss' is neither the output nor an input of the law (its output is L; its inputs N, D)" in output


def test_every_field_a_contributor_reads_from_the_paper_has_a_description_for_editors():
    """`catalog schema` (what editors show on hover, .vscode/settings.json) had none for a range's
    source, a check value's inputs, rel_tol and source, the conventions but the tokenizer, and the
    fitting checklist: the fields CONTRIBUTING.md asks a newcomer to read from the paper."""
    from catalog import schema

    wanted = {schema.SymbolRange: ["min", "max", "source"], schema.Symbol: ["role", "meaning"],
              schema.ConstantSet: ["values", "stderr"],
              schema.CheckValue: ["constant_set", "inputs", "expected", "rel_tol", "source"],
              schema.Conventions: ["parameters", "compute", "loss_unit", "validation_set", "tokenizer"],
              schema.Fitting: ["method", "objective", "initialization", "runs_fitted", "points_fitted", "validation",
                               "source"]}
    missing = [f"{model.__name__}.{name}" for model, names in wanted.items() for name in names
               if not model.model_fields[name].description]
    assert missing == []


def test_a_field_named_as_other_tools_name_it_is_told_the_records_name(tmp_path):
    """'tolerance' was told 'did you mean: tolerance_basis?', the one field it is not."""
    issues = _kaplan_with(tmp_path, ("      rel_tol: 0.005", "      tolerance: 0.005"))
    assert issues["laws[0].check_values[0].tolerance"] == "unknown field; did you mean: rel_tol?"
    issues = _kaplan_with(tmp_path, ('    locator: "Table 2"', '    page: "Table 2"'))
    assert issues["laws[0].constant_sets[0].page"] == "unknown field; did you mean: locator?"
