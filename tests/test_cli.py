"""CLI: every command has help and docs; commands are checked through the API afterwards."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from click.testing import CliRunner

from catalog.cli import cli
from catalog.engine import fit
from tests.conftest import DATA, FIXTURES, ROOT
from tests.sqlite_support import connection_to

COMMANDS = sorted(cli.every_command())
CLI_DOCS = ROOT / "docs" / "cli.md"


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_has_help(name):
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert cli.every_command()[name].help and len(cli.every_command()[name].help.strip()) > 20


def test_a_command_asked_for_by_another_name_points_to_the_ones_that_do_it():
    """'catalog compare' (the site's page) said only "No such command"; click suggests close
    spellings alone ('evl' -> 'eval'), which still works."""
    from catalog.cli import OTHER_NAMES

    result = CliRunner().invoke(cli, ["compare", "hoffmann2022", "kaplan2020"])
    assert result.exit_code == 2 and "No such command 'compare': compare laws with 'catalog eval LAW LAW" in result.output
    assert "Did you mean 'eval'?" in CliRunner().invoke(cli, ["evl"]).output
    for name, hint in OTHER_NAMES.items():  # each names commands that exist, never shadows one
        assert name not in cli.every_command()
        assert all(word in cli.every_command() for word in re.findall(r"'catalog (\w+)", hint)), name


@pytest.mark.parametrize("name", COMMANDS)
def test_every_command_is_documented(name):
    assert f"## `catalog {name}`" in CLI_DOCS.read_text(encoding="utf-8"), f"docs/cli.md lacks a section for {name}"


def _option_help(command: str, option: str) -> str:
    return next(p.help for p in cli.every_command()[command].params if option in p.opts)


def test_help_says_what_each_option_does_there():
    """plot's --interval said "Also report a prediction interval" (it shades a band) and sweep's
    gave no hint of its columns; fit's --start did not say its set is the one listed beside the fit."""
    assert _option_help("plot", "--interval").startswith("Also shade each curve's prediction interval")
    assert _option_help("eval", "--interval").startswith("Also print a prediction interval")
    assert "as columns OUTPUT_low and OUTPUT_high" in _option_help("sweep", "--interval")
    assert "list them beside the fit" in _option_help("fit", "--start")


def test_where_help_names_every_filter_key():
    """table/bib/repro/predict's --where help listed the search filters without checked and
    match, which the filter takes (--where checked=precision)."""
    from catalog.store import selection

    for command in ("table", "bib", "repro", "predict"):
        text = _option_help(command, "--where")
        assert all(re.search(rf"\b{key}\b", text) for key in selection.KEYS), command


def test_site_serve_output_help_says_it_serves_a_built_site():
    """site serve's -o said "Where to write the site": serve writes nothing there, it serves it."""
    text = CliRunner().invoke(cli, ["site", "serve", "--help"]).output
    assert "Where to write" not in text and "Serve this already built site" in text


def test_site_serve_static_refuses_a_database_it_would_not_read(tmp_path):
    """site serve --static --db URL served the built site and ignored the database without a word."""
    for extra in (["--static"], ["--output", str(tmp_path)]):
        result = CliRunner().invoke(cli, ["site", "serve", *extra, "--db", str(tmp_path / "x.sqlite")])
        assert result.exit_code == 2 and "--db is for the live build" in result.output, result.output


def test_validate_ok():
    result = CliRunner().invoke(cli, ["validate", str(DATA)])
    assert result.exit_code == 0
    assert result.output.startswith("ok: ")


def test_validate_broken_prints_file_line_field_and_count():
    result = CliRunner().invoke(cli, ["validate", str(FIXTURES / "invalid" / "code_injection.yaml"),
                                      str(FIXTURES / "invalid" / "unknown_field.yaml")])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert any(l.endswith("code_injection.yaml:14: laws[0].expression: call of \"__import__('os').system\" is not allowed; "
                          "allowed functions: exp, log, sqrt, Abs, Min, Max, Piecewise, tanh, log10, log2, erf, Beta") for l in lines)
    assert any("unknown_field.yaml:4: bibliography.titel: unknown field" in l for l in lines)
    assert lines[-1] == "3 error(s) in 2 file(s) (a record's check values are evaluated once it has no other error)"


def test_validate_evaluates_check_values(tmp_path):
    """A check value the law does not reproduce fails 'catalog validate', at its line, with both numbers:
    it passed before, and 'catalog show' then called the set 'tested by 1 value printed in the source'."""
    text = (FIXTURES / "valid" / "minimal.yaml").read_text(encoding="utf-8")
    text += ("    check_values:\n      - inputs: {N: 1.0e8}\n        expected: {L: 2.0}\n        rel_tol: 1.0e-3\n"
             "        source: Table 3\n        origin: printed\n        locator: Table 3\n")
    record = tmp_path / "minimal.yaml"
    record.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(record)])
    assert result.exit_code == 1, result.output
    assert result.output.splitlines()[0].endswith(
        "minimal.yaml:29: laws[0].check_values[0].expected.L: the law gives L = 3.09243 at N=1e+08 with constant "
        "set 'fit', not 2 (+54.6%) within rel_tol 0.001: check the constants, the inputs and the expected value "
        "against the source")
    record.write_text(text.replace("{L: 2.0}", "{L: 3.0924}"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(record)])
    assert result.exit_code == 0, result.output
    # numbers near the largest float: the difference was taken before dividing and overflowed to '(-inf%)'
    record.write_text(text.replace("E: 1.5,", "E: 1.7e308,").replace("{L: 2.0}", "{L: -1.7e308}"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(record)])
    assert "not -1.7e+308 (+200%) within rel_tol" in result.output, result.output


CHECKS_OF_EVERY_KIND = """\
    check_values:
      - inputs: {L: 3.0924}
        expected: {N: 1.0e8}
        source: Table 3
        origin: derived
  - id: joint
    name: A loss in parameters and tokens
    dependent_variable: loss
    scaling_variables: [model_parameters, data]
    expression: E + A/N**alpha + B/D**beta
    symbols:
      L: {role: output, meaning: Loss, unit: nats/token, variable: loss}
      N: {role: input, meaning: Parameters, unit: parameters, variable: model_parameters, range: {min: 1e6, max: 1e9, source: 'Table 1 (fixture)'}}
      D: {role: input, meaning: Tokens, unit: tokens, variable: data, range: {min: 1e8, max: 1e11, source: 'Table 1 (fixture)'}}
      E: {role: parameter, meaning: Irreducible loss}
      A: {role: parameter, meaning: Coefficient}
      B: {role: parameter, meaning: Coefficient}
      alpha: {role: parameter, meaning: Exponent}
      beta: {role: parameter, meaning: Exponent}
    constant_sets:
      - id: fit
        provenance: paper
        locator: "Table 1"
        label: Fit
        source: test fixture
        values: {E: 1.69, A: 406.4, B: 410.7, alpha: 0.34, beta: 0.28}
    check_values:
      - kind: compute_optimal
        inputs: {flops_per_parameter_token: 6}
        expected: {N_opt_exponent: 0.4516}
        source: Table 3
        origin: derived
  - id: valley
    name: A loss with a best size
    dependent_variable: loss
    scaling_variables: [model_parameters]
    expression: A/N**alpha + c*N
    symbols:
      L: {role: output, meaning: Loss, unit: nats/token, variable: loss}
      N: {role: input, meaning: Parameters, unit: parameters, variable: model_parameters, range: {min: 1e6, max: 1e9, source: 'Table 1 (fixture)'}}
      A: {role: parameter, meaning: Coefficient}
      c: {role: parameter, meaning: Coefficient}
      alpha: {role: parameter, meaning: Exponent}
    constant_sets:
      - id: fit
        provenance: paper
        locator: "Table 1"
        label: Fit
        source: test fixture
        values: {A: 4.0e2, c: 1.0e-6, alpha: 0.3}
    check_values:
      - kind: minimum
        inputs: {}
        expected: {N: 1.0e6}
        source: Table 3
        origin: derived
"""


def test_validate_refuses_a_reference_point_where_the_law_is_undefined(tmp_path):
    """The calculator starts at a law's reference_point (and sets are compared there): N = -5 for a
    parameter count passed validation, and the page opened on a value it refuses; N = 0 on a
    division by zero. Each is reported at its line, in the same run."""
    text = (FIXTURES / "valid" / "minimal.yaml").read_text(encoding="utf-8")
    record = tmp_path / "minimal.yaml"
    record.write_text(text.replace("    constant_sets:", "    reference_point: {N: -5}\n    constant_sets:"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(record)])
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert result.output.splitlines()[0].endswith(
        "minimal.yaml:20: laws[0].reference_point: the law cannot be evaluated at its reference point with "
        "constant set 'fit': N must not be negative (got -5): it is a size or quantity (Parameters), and the "
        "formula is defined for positive values"), result.output
    record.write_text(text.replace("    constant_sets:", "    reference_point: {N: 0}\n    constant_sets:"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(record)])
    assert result.exit_code == 1 and "L is not a finite number at N=0" in result.output, result.output
    record.write_text(text.replace("    constant_sets:", "    reference_point: {N: 1.0e8}\n    constant_sets:"), encoding="utf-8")
    assert CliRunner().invoke(cli, ["validate", str(record)]).exit_code == 0


def test_validate_evaluates_every_kind_of_check_value(tmp_path):
    """validate evaluated only the checks giving the output at given inputs: a wrong input to solve
    for, compute-optimal exponent or minimum passed it and failed only in the test suite. Each is now
    evaluated as tests/test_check_values.py evaluates it (catalog.engine.checks) and reported at its line."""
    text = (FIXTURES / "valid" / "minimal.yaml").read_text(encoding="utf-8") + CHECKS_OF_EVERY_KIND
    record = tmp_path / "minimal.yaml"
    record.write_text(text.replace("{N: 1.0e6}", "{N: 1.6397e6}"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(record)])
    assert result.exit_code == 0, result.output
    wrong = text.replace("{N: 1.0e8}", "{N: 2.0e8}").replace("0.4516", "0.5")
    record.write_text(wrong, encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(record)])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert [line.partition("minimal.yaml:")[2] for line in lines] == [
        "29: laws[0].check_values[0].expected.N: the law gives N = 1.00006e+08 solved from L=3.0924 with constant set 'fit', "
        "not 2e+08 (-50%) within rel_tol 0.001: check the constants, the inputs and the expected value against the source",
        "56: laws[1].check_values[0].expected.N_opt_exponent: the law gives N_opt_exponent = 0.451613 compute-optimal at "
        "flops_per_parameter_token=6 with constant set 'fit', not 0.5 (-9.68%) within rel_tol 0.001: check the "
        "constants, the inputs and the expected value against the source",
        "80: laws[2].check_values[0].expected.N: the law gives N = 1.63966e+06 at the minimum over N with constant set "
        "'fit', not 1e+06 (+64%) within rel_tol 0.001: check the constants, the inputs and the expected value against "
        "the source",
        ""]
    assert lines[-1] == "3 error(s) in 1 file(s)"


def test_validate_evaluates_check_values_on_the_tree_load_stores_not_compiled_by_sympy(tmp_path, monkeypatch):
    """Compiling every law with sympy's lambdify was two thirds of validate's check values: they are
    evaluated on the formula tree and closed forms catalog load stores (as eval and optimal read them)."""
    from catalog.engine import compiler

    def refused(*args, **kwargs):
        raise AssertionError("a law compiled with sympy")

    monkeypatch.setattr(compiler, "_compile", refused)
    text = (FIXTURES / "valid" / "minimal.yaml").read_text(encoding="utf-8") + CHECKS_OF_EVERY_KIND
    record = tmp_path / "minimal.yaml"
    record.write_text(text.replace("{N: 1.0e6}", "{N: 1.6397e6}"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(record)])
    assert result.exit_code == 0, result.output
    record.write_text(text.replace("0.4516", "0.5"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(record)])
    assert result.exit_code == 1 and "N_opt_exponent = 0.451613" in result.output, result.output


def test_validate_reports_every_cross_field_error_of_a_law(tmp_path):
    """A law's cross-field rules stopped at the first broken one: this record showed only its constant
    set's undeclared parameter, and each fix revealed the next. Every one is now reported in one run,
    each at its own line."""
    record = tmp_path / "many.yaml"
    record.write_text(MANY_ERRORS, encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(record)])
    assert result.exit_code == 1
    assert [line.partition("many.yaml:")[2] for line in result.output.splitlines()] == [
        "9: laws[0]: default_constant_set 'nope' is not a constant set id",
        "15: laws[0].reference_point: reference_point sets non-inputs: D",
        "23: laws[0].constant_sets[0]: constant set 'fit' sets undeclared parameters: beta",
        "30: laws[0].check_values[0]: check_values[0] names unknown constant set 'other'",
        "35: laws[0].check_values[1]: check_values[1] is missing inputs: N",
        ""]
    assert result.output.splitlines()[-1] == "5 error(s) in 1 file(s) (a record's check values are evaluated once it has no other error)"
    # a constant set's rules likewise: its missing locator and each printed digit that differs
    record.write_text(SET_ERRORS, encoding="utf-8")
    lines = CliRunner().invoke(cli, ["validate", str(record)]).output.splitlines()
    assert [line.partition("many.yaml:")[2] for line in lines] == [
        "21: laws[0].constant_sets[0]: constant set 'fit' (paper) needs a locator (table, equation, page or "
        "repository path): where the source prints the values, e.g. locator: Table 2",
        # at the printed digits' line, saying which of the two to read again
        "26: laws[0].constant_sets[0].printed.E: constant set 'fit': printed E=1.6 differs from its value 1.5: "
        "values and printed hold one number (printed its digits as printed); read it again in the source and "
        "correct the mistyped one",
        "26: laws[0].constant_sets[0].printed.alpha: constant set 'fit': printed alpha=0.31 differs from its value "
        "0.3: values and printed hold one number (printed its digits as printed); read it again in the source and "
        "correct the mistyped one", ""]


SET_ERRORS = """\
id: many
bibliography:
  title: A record with a constant set of several mistakes
  authors: [Ada Lovelace]
  year: 2024
  bibtex_key: many
sources: [other]
laws:
  - id: power
    name: A power law
    dependent_variable: loss
    scaling_variables: [model_parameters]
    expression: E + A/N**alpha
    symbols:
      L: {role: output, meaning: Loss, unit: nats/token, variable: loss}
      N: {role: input, meaning: Parameters, unit: parameters, variable: model_parameters, range: {min: 1e6, max: 1e9, source: 'Table 1 (fixture)'}}
      E: {role: parameter, meaning: Irreducible loss}
      A: {role: parameter, meaning: Coefficient}
      alpha: {role: parameter, meaning: Exponent}
    constant_sets:
      - id: fit
        provenance: paper
        label: Fit
        source: test fixture
        values: {E: 1.5, A: 4.0e2, alpha: 0.3}
        printed: {E: "1.6", alpha: "0.31"}
"""
MANY_ERRORS = """\
id: many
bibliography:
  title: A record with many cross-field errors
  authors: [Ada Lovelace]
  year: 2024
  bibtex_key: many
sources: [other]
laws:
  - id: power
    name: A power law
    dependent_variable: loss
    scaling_variables: [model_parameters]
    expression: E + A/N**alpha
    default_constant_set: nope
    reference_point: {D: 1.0e9}
    symbols:
      L: {role: output, meaning: Loss, unit: nats/token, variable: loss}
      N: {role: input, meaning: Parameters, unit: parameters, variable: model_parameters, range: {min: 1e6, max: 1e9, source: 'Table 1 (fixture)'}}
      E: {role: parameter, meaning: Irreducible loss}
      A: {role: parameter, meaning: Coefficient}
      alpha: {role: parameter, meaning: Exponent}
    constant_sets:
      - id: fit
        provenance: paper
        locator: "Table 1"
        label: Fit
        source: test fixture
        values: {E: 1.5, A: 4.0e2, alpha: 0.3, beta: 0.1}
    check_values:
      - inputs: {N: 1.0e8}
        expected: {L: 3.0924}
        constant_set: other
        source: Table 3
        origin: derived
      - inputs: {}
        expected: {L: 3.0924}
        source: Table 3
        origin: derived
"""


def test_validate_a_file_against_the_catalogs_records(tmp_path):
    """A file validated alone must not take an id, bibtex key or nickname of a catalog record: it said
    'ok', and the same file layered with --data then stopped every command."""
    from catalog import records

    text = (FIXTURES / "valid" / "minimal.yaml").read_text(encoding="utf-8")
    mine = tmp_path / "mine2026.yaml"
    mine.write_text(text.replace("id: minimal", "id: mine2026").replace("bibtex_key: minimal", "bibtex_key: hoffmann2022")
                    .replace("sources:", "nicknames: [Chinchilla]\nsources:"), encoding="utf-8")
    twin = tmp_path / "hoffmann2022.yaml"
    twin.write_text(text.replace("id: minimal", "id: hoffmann2022").replace("bibtex_key: minimal", "bibtex_key: twin"),
                    encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(mine), str(twin)])
    assert result.exit_code == 1, result.output
    lines = [line.replace(f"{tmp_path}/", "") for line in result.output.splitlines()]
    assert lines == [f"hoffmann2022.yaml:1: id: duplicate id 'hoffmann2022', also in {records.display_path(DATA / 'hoffmann2022.yaml')}",
                     "mine2026.yaml:6: bibliography.bibtex_key: bibtex key 'hoffmann2022' is also used by hoffmann2022",
                     "mine2026.yaml:7: nicknames[0]: nickname 'Chinchilla' also names hoffmann2022",
                     "3 error(s) in 2 file(s) (a record's check values are evaluated once it has no other error)"]
    assert CliRunner().invoke(cli, ["validate", str(DATA / "hoffmann2022.yaml")]).exit_code == 0  # not itself


def test_validate_a_file_against_the_catalogs_venue_spellings(tmp_path):
    """A file validated alone must spell a conference and year as the catalog's records do: 'International
    Conference on Learning Representations (ICLR 2025)' beside the records' 'The Thirteenth ...' cited
    one proceedings two ways in BibTeX's booktitle and the venue column."""
    text = (FIXTURES / "valid" / "minimal.yaml").read_text(encoding="utf-8")
    mine = tmp_path / "mine2026.yaml"
    ours = "The Thirteenth International Conference on Learning Representations (ICLR 2025)"
    for venue, ok in ((ours, True), ("International Conference on Learning Representations (ICLR 2025)", False)):
        mine.write_text(text.replace("id: minimal", "id: mine2026").replace("bibtex_key: minimal", "bibtex_key: mine2026")
                        .replace("  year: 2024\n", f"  year: 2025\n  venue: {venue}\n"), encoding="utf-8")
        result = CliRunner().invoke(cli, ["validate", str(mine)])
        assert result.exit_code == (0 if ok else 1), result.output
    first = result.output.splitlines()[0].replace(f"{tmp_path}/", "")
    assert first.startswith(f"mine2026.yaml:6: bibliography.venue: ICLR 2025 is also spelled {ours!r} by "), first
    assert first.endswith(": one spelling per conference and year (the proceedings' own name, as most records spell "
                          "it)"), first


def test_load_then_plain_sqlite(tmp_path):
    url = f"sqlite:///{tmp_path / 'cat.sqlite'}"
    result = CliRunner().invoke(cli, ["load", "--db", url])
    assert result.exit_code == 0, result.output
    with connection_to(tmp_path / "cat.sqlite") as con:
        assert {"kaplan2020", "hoffmann2022", "caballero2023"} <= {r[0] for r in con.execute("select id from papers")}


def test_failed_load_keeps_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'cat.sqlite'}"
    assert CliRunner().invoke(cli, ["load", "--db", url]).exit_code == 0
    before = (tmp_path / "cat.sqlite").read_bytes()
    result = CliRunner().invoke(cli, ["load", "--db", url, str(DATA), str(FIXTURES / "invalid" / "bad_yaml.yaml")])
    assert result.exit_code == 1
    assert "database left unchanged" in result.output
    assert (tmp_path / "cat.sqlite").read_bytes() == before


def test_python_dash_m_catalog_works():
    out = subprocess.run([sys.executable, "-m", "catalog", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0 and "validate" in out.stdout


# one spelling of the output format for every command (catalog.cli.common.format_option)
FORMAT_COMMANDS = [
    ("search", "kaplan"), ("show", "kaplan2020"), ("eval", "hoffmann2022", "N=70B", "D=1.4T"),
    ("optimal", "hoffmann2022", "C=1e24"), ("solve", "hoffmann2022", "L=2", "D=1.4T"),
    ("corrections", "hoffmann2022/parametric-loss", "--no-compare"), ("audit", "hoffmann2022"),
    ("stats",), ("vocab", "variable"), ("checklist", "hoffmann2022"), ("predict", "N=70B", "D=1.4T"),
    ("sweep", "hoffmann2022", "N=1e9..1e10:3", "D=20N"),
]


@pytest.mark.parametrize("args", FORMAT_COMMANDS, ids=lambda a: a[0])
def test_json_is_asked_the_same_way_of_every_command(run, args):
    outputs = [run(*args, *spelling) for spelling in (["--json"], ["--format", "json"], ["-f", "json"])]
    assert all(r.exit_code == 0 for r in outputs), [r.output for r in outputs]
    assert outputs[0].stdout == outputs[1].stdout == outputs[2].stdout
    assert json.loads(outputs[0].stdout)


@pytest.mark.parametrize("args", [("search", "kaplan", "--json", "--csv"), ("stats", "-f", "csv", "--json"),
                                  ("eval", "hoffmann2022", "N=70B", "D=1.4T", "--json", "--format", "text")])
def test_two_formats_are_a_usage_error(run, args):
    result = run(*args)
    assert result.exit_code == 2
    assert "choose one of" in result.output


def test_a_shorthand_agrees_with_the_format_it_names(run):
    assert run("stats", "--csv").stdout == run("stats", "-f", "csv").stdout == run("stats", "--csv", "-f", "csv").stdout


# Every JSON output that reports on a law names it the same way, so one jq filter serves them all.
LAW_JSON = [
    (("audit", "hoffmann2022", "--json"), lambda d: d["laws"]),
    (("checklist", "hoffmann2022", "--format", "json"), lambda d: d["laws"]),
    (("eval", "hoffmann2022/parametric-loss", "N=70B", "D=1.4T", "--json"), lambda d: [d]),
    (("eval", "hoffmann2022/parametric-loss", "N=70B", "D=1.4T", "--all-sets", "--json"), lambda d: d),
    (("optimal", "hoffmann2022/parametric-loss", "C=1e24", "--json"), lambda d: [d]),
    (("sweep", "hoffmann2022/parametric-loss", "N=1e9", "D=1e10,1e11", "--format", "json"), lambda d: [d]),
]


@pytest.mark.parametrize("args,rows", LAW_JSON, ids=lambda a: a[0] if isinstance(a, tuple) else "")
def test_json_names_a_law_by_the_key_law(run, args, rows):
    result = run(*args)
    assert result.exit_code == 0, result.output
    found = rows(json.loads(result.stdout))
    assert found and all(r["law"].startswith("hoffmann2022/") for r in found), found
    assert not any("law_id" in r or "ref" in r for r in found)


# ... and every one that computes with a law (and search's law hits) gives its paper and name beside it
NAMED_JSON = [
    *LAW_JSON[2:],
    (("solve", "hoffmann2022/parametric-loss", "L=2", "D=1.4T", "--json"), lambda d: [d]),
    (("solve", "sun2025/capybara-loss", "N=1B", "E=4", "M=3", "B=128", "--min", "D", "--json"), lambda d: [d]),
    (("predict", "N=70B", "D=1.4T", "--where", "id=hoffmann2022", "--format", "json"), lambda d: d["predictions"]),
    (("search", "saturated expert", "--laws", "--json"), lambda d: d["laws"]),
    (("fit", "hoffmann2022", str(ROOT / "docs" / "examples" / "chinchilla-runs.csv"), "--restarts", "1", "--json"),
     lambda d: [d]),
]


@pytest.mark.parametrize("args,rows", NAMED_JSON, ids=lambda a: a[0] if isinstance(a, tuple) else "")
def test_json_gives_a_laws_paper_and_name(run, store, args, rows):
    result = run(*args)
    assert result.exit_code == 0, result.output
    found = rows(json.loads(result.stdout))
    assert found and all(r["paper"] == r["law"].partition("/")[0] and r["name"] == store.law(r["law"]).law.name
                         for r in found), found
    if args[0] == "search":  # the formula as the table and the CSV print it, its definitions after it
        assert found[0]["formula"].startswith("L = 10**(a*log10(N)") and "; Ehat = " in found[0]["formula"]


def test_validate_reports_a_new_records_every_mistake_in_one_run(tmp_path):
    """A contributor's first record with five mistakes: the schema's errors (a misspelt modality, a
    range backwards, a set without a locator) hid the formula's typo for the next run, which said
    only 'undeclared symbol', and the range printed 1000000000.0 for the 1.0e9 written. Now the typo
    comes out in the same run with the symbol it is likely a typo of, the range as written and what
    to do, and the count says the check value waits for the other errors to be fixed."""
    text = (FIXTURES / "valid" / "minimal.yaml").read_text(encoding="utf-8")
    record = tmp_path / "minimal.yaml"
    broken = (text.replace("sources: [other]", "sources: [other]\nmodalities: [langauge]")
              .replace("A/N**alpha", "A/N**alpah").replace("min: 1e6, max: 1e9", "min: 1e9, max: 1e6")
              .replace('        locator: "Table 1"\n', "")
              + "    check_values:\n      - inputs: {N: 1.0e8}\n        expected: {L: 3.5}\n        rel_tol: 1.0e-3\n"
                "        source: Table 2\n        origin: printed\n        locator: Table 2\n")
    assert "1e9, max: 1e6" in broken and "alpah" in broken and "locator: \"Table" not in broken
    record.write_text(broken, encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(record)])
    assert result.exit_code == 1
    lines = [line.partition("minimal.yaml:")[2].partition(": ")[2] for line in result.output.splitlines()[:-1]]
    assert "modalities[0]: unknown modality 'langauge'; did you mean one of: language" in lines[0]
    assert ("laws[0].expression: undeclared symbol 'alpah' (a typo: 'alpah' for 'alpha'? else declare it under "
            "symbols with its role and meaning, e.g. alpah: {role: parameter, meaning: ...})") in lines
    assert ("laws[0].symbols.N.range: min (1e+09) is greater than max (1e+06): swap them, or read both again "
            "in the source") in lines
    assert any("needs a locator (table, equation, page or repository path)" in line for line in lines)
    assert result.output.splitlines()[-1] == ("4 error(s) in 1 file(s) (a record's check values are evaluated once it "
                                              "has no other error)")


def test_eval_refuses_a_point_outside_a_laws_condition(run):
    result = run("eval", "muennighoff2023/data-constrained-loss-nd", "N=1e9", "D=1.7e8", "U=10T")
    assert result.exit_code != 0
    assert "U <= D does not hold: U = 1e+13, D = 1.7e+08" in result.output
    assert "Traceback" not in result.output


def test_optimal_keeps_the_split_where_the_law_holds(run):
    result = run("optimal", "muennighoff2023/data-constrained-loss-nd", "C=1e23", "U=10T")
    assert result.exit_code == 0, result.output
    assert "N_opt=1.66667e+09 parameters, D_opt=1e+13 tokens" in result.output
    assert "on the edge of where the law holds (U <= D)" in result.output


def test_sweep_gives_nan_and_a_warning_where_a_laws_condition_fails(run):
    result = run("sweep", "muennighoff2023/data-constrained-loss-nd", "N=1e9", "U=1e10", "D=1e9..1e11:3")
    assert result.exit_code == 0, result.output
    rows = [line.split(",") for line in result.stdout.splitlines()]
    header, first = [fit.column_name(h) for h in rows[0]], rows[1]  # "D [tokens]" is column D
    # no loss and no quantity the law defines (D' = U would credit tokens never trained on) at D < U
    assert all(first[header.index(name)] == "nan" for name in ("L", "Dprime", "R_D"))
    assert first[header.index("D")] == "1000000000.0" and rows[2][header.index("L")] != "nan"
    assert "U <= D does not hold: U = 1e+10, D = 1e+09 (1 of 3 points): NaN there" in result.stderr


def test_plot_leaves_out_where_a_laws_condition_fails_and_says_which(run, tmp_path):
    law = "muennighoff2023/data-constrained-loss-nd"
    half = run("plot", law, "--x", "D", "--range", "1e8..1e12", "--fix", "N=1e9", "--fix", "U=1e10",
               "-o", str(tmp_path / "half.png"))
    assert half.exit_code == 0, half.output
    assert "U <= D does not hold: U = 1e+10, D = 1e+08" in half.stderr and "left out" in half.stderr
    none = run("plot", law, "--x", "D", "--range", "1e7..1e9", "--fix", "N=1e9", "--fix", "U=1e12",
               "-o", str(tmp_path / "none.png"))
    assert none.exit_code != 0 and "the law is stated nowhere on the plotted range" in none.output


def test_show_lists_a_laws_conditions_with_their_source(run):
    result = run("show", "muennighoff2023")
    assert result.exit_code == 0, result.output
    assert "conditions" in result.output and "U <= D" in result.output and "arXiv:2305.16264, Section 3" in result.output
    # --json carries them as the record holds them, the law's shown or the paper's
    for args in (("muennighoff2023/data-constrained-loss-nd",), ("muennighoff2023",)):
        doc = json.loads(run("show", *args, "--json").stdout)
        law = next(law for law in doc["laws"] if law["id"] == "data-constrained-loss-nd")
        assert [c["expression"] for c in law["conditions"]] == ["U <= D"]
        assert law["conditions"][0]["source"].startswith("arXiv:2305.16264, Section 3")


def test_show_takes_a_law_at_a_constant_set_as_eval_and_predict_name_it(run):
    """hoffmann2022/parametric-loss@besiroglu2024, copied from eval or a skipped row of predict, was
    'paper 'hoffmann2022' has no law 'parametric-loss@besiroglu2024''; the law is shown, every set with it."""
    shown = run("show", "hoffmann2022/parametric-loss@besiroglu2024")
    assert shown.exit_code == 0, shown.output
    assert shown.stdout == run("show", "hoffmann2022/parametric-loss").stdout
    assert run("show", "chinchilla@approach1").exit_code == 0  # a set of one of the paper's laws
    unknown = run("show", "hoffmann2022/parametric-loss@besiroglu")
    assert unknown.exit_code == 1 and unknown.stderr == (
        "error: hoffmann2022/parametric-loss has no constant set 'besiroglu'; did you mean: besiroglu2024, "
        "besiroglu2024-wikipedia? (sets: hoffmann2022, besiroglu2024, besiroglu2024-wikipedia)\n")


def test_a_stdout_without_unicode_gets_escapes_not_a_traceback(catalog_db):
    """catalog show hoffmann2022 on an ASCII stdout (PYTHONIOENCODING=ascii, LANG=C on some
    systems) ended in a UnicodeEncodeError traceback at the first '±' of a constant set."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    done = subprocess.run([sys.executable, "-m", "catalog", "show", "hoffmann2022", "--db", catalog_db],
                          capture_output=True, env=env, timeout=300)
    assert done.returncode == 0 and b"Traceback" not in done.stderr, done.stderr[-2000:]
    out = done.stdout.decode("ascii")  # every byte ASCII
    assert "E = 1.8172 \\xb1 0.03" in out and "+------" in out  # the escape; rich's ASCII box


@pytest.mark.skipif(sys.platform == "win32", reason="the C locale's ASCII command line is POSIX's")
def test_an_ascii_locale_reads_the_command_line_as_typed(catalog_db, tmp_path):
    """Under LC_ALL=C with PYTHONUTF8=0 Python decodes each byte beyond ASCII of the command line
    as a lone surrogate: 'catalog search Böck' found nothing and 'show Böck' was 'unknown paper
    'B\\udcc3\\udcb6ck''. The words are read as the UTF-8 a terminal sends; a file name keeps the
    bytes that name the file (--data, --db, --output, a path to validate)."""
    import os
    import shutil

    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": "ascii"}
    env.pop("PYTHONCOERCECLOCALE", None)

    def run_c(*args):
        done = subprocess.run([sys.executable, "-m", "catalog", *args], capture_output=True, env=env, timeout=300,
                              cwd=tmp_path)
        assert b"Traceback" not in done.stderr, done.stderr[-2000:]
        return done

    probe = subprocess.run([sys.executable, "-c", "import sys; print(sys.getfilesystemencoding())"],
                           capture_output=True, text=True, env=env)
    if probe.stdout.strip() == "utf-8":
        pytest.skip("this system's C locale is UTF-8")
    found = run_c("search", "Böck", "--db", catalog_db)
    assert found.returncode == 0 and b"beck2025" in found.stdout
    assert b"did you mean: beck2025" in run_c("show", "Böck", "--db", catalog_db).stderr
    records = tmp_path / "lab récords"
    records.mkdir()
    shutil.copy(FIXTURES / "valid" / "minimal.yaml", records)
    validated = run_c("--data", str(records), "validate", str(records))
    assert validated.returncode == 0 and b"ok: 1 record(s)" in validated.stdout, validated.stderr
    out = tmp_path / "tåble.md"
    written = run_c("table", "7", "--db", catalog_db, "-o", str(out))
    assert written.returncode == 0 and out.is_file(), written.stderr


@pytest.mark.parametrize("args", [
    ("checklist", "hoffmann2022", "--format", "csv"),
    ("search", "chinchilla", "--csv"),
    ("table", "7", "--format", "csv"),
    ("sweep", "hoffmann2022", "N=1e8..1e9:3", "D=1.4T", "--format", "csv"),
    ("predict", "N=70B", "D=1.4T", "--format", "csv"),
])
def test_csv_output_ends_its_lines_with_newline_alone(run, args):
    """Every CSV the catalog prints ends its lines with '\\n', which a text-mode stdout (Windows')
    writes as '\\r\\n'; the checklist's ended them with csv's '\\r\\n', which came out as '\\r\\r\\n':
    an empty row after each row in a spreadsheet."""
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert result.stdout.count("\n") > 1 and "\r" not in result.stdout


def test_each_command_is_registered_from_its_own_module_alone():
    """catalog.cli imported every command's module (and what each imports) before running one: a
    command now loads its own module alone. The name -> module map is checked against each
    module's COMMANDS, and a fresh process running ``show`` imports none of the other modules."""
    import importlib

    from catalog.cli import COMMAND_MODULES

    for module in set(COMMAND_MODULES.values()):
        names = {c.name for c in importlib.import_module(f"catalog.cli.{module}").COMMANDS}
        assert names == {n for n, m in COMMAND_MODULES.items() if m == module}, module
    script = ("import sys\nfrom catalog.cli import cli\ncli.get_command(None, 'show')\n"
              "print(sorted(m for m in sys.modules if m.startswith('catalog.cli.')))")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT)
    loaded = {m.rsplit(".", 1)[1] for m in json.loads(out.stdout.replace("'", '"'))}
    assert "query" in loaded and not loaded & (set(COMMAND_MODULES.values()) - {"query"}), loaded
    # a completer is attached to a command loaded alone, as to every one
    show = cli.get_command(None, "show")
    assert next(p for p in show.params if p.name == "ref")._custom_shell_complete is not None
