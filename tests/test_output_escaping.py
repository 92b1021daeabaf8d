"""Each output escapes record text for its own format (issue 12): a valid record whose every
text field attacks CSV, Markdown, HTML, LaTeX, BibTeX and the terminal comes out harmless."""

from __future__ import annotations

import csv
import io
import re

import pytest
from click.testing import CliRunner
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from catalog.publish import bibtex, escaping, tables
from tests.conftest import FIXTURES

EVIL = FIXTURES / "hostile" / "evil2024.yaml"


@pytest.fixture(scope="module")
def evil_db(tmp_path_factory):
    from catalog import records
    from catalog.store import db

    papers = records.load_valid([EVIL, FIXTURES / "valid" / "minimal.yaml"])
    url = f"sqlite:///{tmp_path_factory.mktemp('evil') / 'catalog.sqlite'}"
    db.load(papers, url)
    return url


def _run(*args):
    from catalog.cli import cli

    return CliRunner().invoke(cli, list(args))


# ------------------------------------------------------------------ CSV

@pytest.mark.parametrize("cell, out", [
    ("=1+1", "'=1+1"), ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("-0.5", "-0.5"), ("+1e3", "+1e3"), ("-inf", "-inf"), ("plain", "plain"),
    ("a=1", "a=1"), ("", ""), (None, ""), (3, "3"),
])
def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(cell, out):
    assert escaping.csv_cell(cell) == out


# A cell of the longest text a record field takes, digits after a '-' and then a letter: the number
# pattern split the digits between '\\d+' and '\\d*' every way before it failed, quadratic in them
# (11 s of CPU for one cell in Python, 0.8 s in the site's CSV download).
LONG_NOT_A_NUMBER = "-" + "1" * 20000 + "x"


def test_csv_cell_is_linear_in_a_long_almost_number():
    from catalog.engine.formulas import time_limit

    with time_limit(0.4):  # CPU seconds
        assert escaping.csv_cell(LONG_NOT_A_NUMBER) == "'" + LONG_NOT_A_NUMBER
    assert escaping.csv_cell("-12.") == "-12." and escaping.csv_cell("+.5e-3") == "+.5e-3"
    assert escaping.csv_cell("-1.2.3") == "'-1.2.3" and escaping.csv_cell("-.") == "'-."


def test_the_sites_csv_download_neutralises_cells_as_csv_cell_does_in_linear_time():
    """The filtered lists' download (slc.js csvCell) writes the cells catalog.publish.escaping.csv_cell
    does, with the same number pattern, and as fast."""
    import json
    import shutil
    import subprocess

    from catalog import paths

    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    script = (paths.site_sources() / "docs" / "assets" / "slc.js").read_text(encoding="utf-8")
    start = script.index("  var CSV_NUMBER = ")
    code = script[start:script.index("\n  }\n", start) + 4]
    cells = ["=1+1", "-2+3", "-0.5", "+1e3", "-inf", "plain", "@SUM(A1)", "-12.", "-1.2.3", "-\u0663", LONG_NOT_A_NUMBER]
    run = subprocess.run(["node", "-e", code + f"""
      var cells = {json.dumps(cells)}, t = process.cpuUsage(), out = cells.map(csvCell), used = process.cpuUsage(t);
      console.log(JSON.stringify([out, (used.user + used.system) / 1e6]));"""],
                         capture_output=True, text=True, timeout=60, check=True)
    out, seconds = json.loads(run.stdout)
    assert out == [escaping.csv_cell(c) for c in cells]
    assert seconds < 0.2, seconds


def _csv_cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


@pytest.mark.parametrize("args", [
    ["table", "7", "--format", "csv"], ["search", "INJECTED", "--csv"], ["checklist", "--format", "csv"],
    ["table", "--columns", "paper,title,survey_form", "--format", "csv"],
    ["predict", "N=1e7", "--format", "csv"]])  # the output's unit is record text
def test_no_csv_output_starts_a_cell_with_a_formula(evil_db, args):
    result = _run(*args, "--db", evil_db)
    assert result.exit_code == 0, result.output
    cells = _csv_cells(result.output)
    assert cells
    if args[0] == "predict":
        assert "'=HYPERLINK(\"https://evil.example\",\"u\")" in cells
    if args[0] in ("predict", "checklist"):  # the tokenizer has a column of its own
        assert any(c.startswith("'=HYPERLINK(\"https://evil.example\",\"t\") [bold red]TOK") for c in cells)
    for cell in cells:
        assert not cell.startswith(escaping.FORMULA_LEADS) or re.fullmatch(r"[-+]?[\d.]+(e[-+]?\d+)?", cell), cell


def _loaded(tmp_path, text: str) -> str:
    """The database URL of a catalog holding the record ``text`` alone (evil2024, edited), which
    must validate."""
    from catalog import records
    from catalog.store import db

    path = tmp_path / "evil2024.yaml"
    path.write_text(text, encoding="utf-8")
    papers, issues = records.load_all([path])
    assert not issues, issues
    url = f"sqlite:///{tmp_path / 'catalog.sqlite'}"
    db.load(papers, url)
    return url


def test_the_repro_reports_csv_notes_start_no_cell_with_a_formula(tmp_path):
    """The repro report's notes (a paper Table 8 prints twice, named by its citation) followed the CSV
    tables as raw '# ...' lines: a citation holding a comma split its note into cells, the next one
    a formula ('Hoffmann,=HYPERLINK(...)')."""
    text = EVIL.read_text(encoding="utf-8").replace(
        "  citation: \"+cmd|' /C calc'!A0\"\n",
        "  citation: \"Evil,=HYPERLINK(\\\"https://evil.example\\\",\\\"r\\\") (2024)\"\n"
        "  table8: [{training_code: N, analysis_code: N}, {training_code: N, analysis_code: N}]\n")
    assert "table8" in text
    url = _loaded(tmp_path, text)
    result = _run("repro", "--format", "csv", "--db", url)
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.output)))
    note = next(row for row in rows if row and row[0].startswith("# Duplicate row"))
    assert note == ["# Duplicate row: Table 8 prints Evil,=HYPERLINK(\"https://evil.example\",\"r\") (2024) (evil2024) "
                    "2 times; the survey counts printed rows (2), the catalog counts each paper once (1)."]
    for cell in (c for row in rows for c in row):
        assert not cell.startswith(escaping.FORMULA_LEADS) or re.fullmatch(r"[-+]?[\d.]+(e[-+]?\d+)?", cell), cell


# ------------------------------------------------------------------ Markdown and HTML

def test_markdown_math_cells_let_no_html_through(evil_db):
    for args in (["table", "7"], ["table", "--columns", "paper,title,survey_form"]):
        result = _run(*args, "--format", "markdown", "--db", evil_db)
        assert result.exit_code == 0, result.output
        assert "<" not in result.output and ">" not in result.output, result.output
    assert r"\lt script\gt alert(2)\lt /script\gt" in _run("table", "7", "--db", evil_db).output


def test_markdown_escapes():
    assert escaping.markdown_math(r"a < b | c & $x$ \& \$") == r"a \lt  b \vert  c \& \$x\$ \& \$"
    assert escaping.markdown_text("<b>*x*</b> | [a](b) & `c`") == r"&lt;b&gt;\*x\*&lt;/b&gt; \| \[a\](b) &amp; \`c\`"


def test_html_table_escapes_text_and_math(evil_db):
    html = _run("table", "7", "--format", "html", "--db", evil_db).output
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html


# ------------------------------------------------------------------ LaTeX (compiled in tests/test_latex.py)

def test_latex_text_is_escaped_and_unknown_characters_are_named():
    out = tables.latex_escape("} { $ & # % ^ _ ~ \\ \U0001F680 \u4e2d \u2208")
    assert out == (r"\} \{ \$ \& \# \% \textasciicircum{} \_ \textasciitilde{} \textbackslash{} "
                   r"\texttt{[U+1F680]} \texttt{[U+4E2D]} $\in$")


# ------------------------------------------------------------------ BibTeX

def test_bibtex_title_cannot_close_its_field(evil_db):
    result = _run("bib", "evil2024", "--db", evil_db)
    assert result.exit_code == 0, result.output
    fields = re.findall(r"^  (\w+)\s*=", result.output, re.M)
    assert fields == ["author", "title", "journal", "year", "url"]  # no injected 'note' or 'x'
    assert bibtex.balanced(result.output.split("{", 1)[1].rsplit("}", 1)[0])
    assert "url     = {https://x.org/a%7Db%7Bc}" in result.output


@settings(max_examples=200, deadline=None, derandomize=True)
@given(st.text(alphabet=st.sampled_from("{}\\ab and$%&#_~^\u00e9\t"), min_size=1, max_size=40))
def test_every_bibtex_field_balances(text):
    from catalog import textguard
    from catalog.schema import Paper

    assume(textguard.tex_command_reason(text) is None)  # '\\a', '\\^': TeX commands the schema refuses there
    assume(text.strip())  # and a text of spaces alone

    paper = Paper.model_validate({"id": "p", "sources": ["other"], "no_law_reason": "x", "bibliography": {
        "title": text, "authors": [text], "venue": text, "year": 2024, "bibtex_key": "k",
        "url": "https://x.org/" + re.sub(r"\s", "", text) + "x"}})
    entry = bibtex.entry(paper)
    for value in re.findall(r"^  \w+\s*= \{(.*)\},$", entry, re.M):
        assert bibtex.balanced(value), value
    assert entry.count("\n  ") == len(re.findall(r"^  \w+\s*=", entry, re.M))  # a field is one line (schema)


# ------------------------------------------------------------------ terminal

@pytest.mark.parametrize("args", [["show", "evil2024"], ["search", "INJECTED"], ["bib", "evil2024"],
                                  ["table", "7", "--format", "text"], ["eval", "evil2024", "minimal", "N=1e7"]])
def test_terminal_output_prints_markup_as_text(evil_db, args):
    result = _run(*args, "--db", evil_db)
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\x07" not in result.output and "\x9b" not in result.output
    if args[0] in ("show", "search"):
        shown = " ".join(result.output.split())  # undo the terminal wrapping
        assert "[bold red]RED[/bold red]" in shown and "[link=https://evil.example]click[/link]" in shown
    if args[0] == "show":
        assert "[bold red]WHY[/bold red]" in shown and "RANGE[/bold red]" in shown  # a set's own range too (wrapped)
    if args[0] in ("show", "eval"):  # the tokenizer: in show's conventions, eval's line and its note
        tokenizer = '=HYPERLINK("https://evil.example","t") [bold red]TOK[/bold red] <b>BPE</b> \\textbf{x} (Table 1)'
        assert tokenizer in " ".join(result.output.split())
    if args[0] == "eval":
        assert f"note: minimal/power does not state its tokenizer (evil2024/power: {tokenizer})" in result.output


def test_repro_notes_quote_record_text_escaped_in_markdown(tmp_path):
    # a paper Table 8 prints twice is named in a note by its citation cell: the tables escaped it, the
    # Markdown notes printed it raw (HTML and links for whatever renders the report)
    import yaml

    from catalog import records
    from catalog.store import db

    record = yaml.safe_load(EVIL.read_text(encoding="utf-8"))
    record["survey"]["citation"] = "<img src=x onerror=alert(1)> [x](javascript:alert(1))"
    record["survey"]["table8"] = [{"training_code": "N", "analysis_code": "N"} for _ in range(2)]
    (tmp_path / "evil2024.yaml").write_text(yaml.safe_dump(record, sort_keys=False), encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'catalog.sqlite'}"
    db.load(records.load_valid([tmp_path / "evil2024.yaml"]), url)
    result = _run("repro", "--format", "markdown", "--db", url)
    assert result.exit_code == 0, result.output
    assert "Duplicate row" in result.output
    assert "<" not in result.output and "[x](" not in result.output, result.output
    assert r"&lt;img src=x onerror=alert(1)&gt; \[x\](javascript:alert(1)) (evil2024) 2 times" in result.output


@pytest.mark.parametrize("link", ["https://x.org/a|<script>alert(1)</script>", "https://doi.org/10.1234/a)<b>|x"])
def test_a_markdown_link_keeps_to_its_cell(link):
    # a record's URL or DOI (https?://\S+, 10.NNNN/\S+) may hold '|', '<' and '>': written as they are
    # into a Markdown link's target, the '|' ended the table cell and the '<script>' after it was
    # raw HTML in the next one
    from catalog.publish.tables import Cell, Column, Row, Table

    markdown = Table([Column("url", "URL")], [Row([Cell("x", link=link)])]).to_markdown()
    row = markdown.splitlines()[-1]
    assert "<" not in row and ">" not in row and row.count("|") == 2, row
    assert "%7C" in row and "%3C" in row


def test_predict_markdown_keeps_each_record_text_in_its_cell(evil_db):
    """predict's Markdown table holds the citation ('+cmd|...', a '|' that would end its cell), the
    unit and the locator as escaped text: every row has the header's nine cells."""
    result = _run("predict", "N=1e7", "--format", "markdown", "--db", evil_db)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    widths = {len(re.split(r"(?<!\\)\|", line)) for line in lines}
    assert widths == {9 + 2}, lines
    assert any(r"+cmd\|' /C calc'!A0" in line for line in lines[2:])
    assert "<" not in result.output and "HYPERLINK" in result.output


def test_predicts_text_table_prints_the_citation_and_locator_as_text(tmp_path, monkeypatch):
    """catalog predict's terminal table gives each row's citation in a column and its set's locator
    in a footnote: record text, printed as it reads (rich markup not drawn), boxed or in blocks."""
    locator = "[bold red]LOC[/bold red] [link=https://evil.example]Table 1[/link]"
    text = EVIL.read_text(encoding="utf-8").replace('locator: "Table 1"', f'locator: "{locator}"')
    assert locator in text
    url = _loaded(tmp_path, text)
    for columns in ("60", "250"):
        monkeypatch.setenv("COLUMNS", columns)
        result = _run("predict", "N=1e7", "--db", url)
        assert result.exit_code == 0, result.output
        assert "\x1b" not in result.output
        assert f"  [1] +cmd|' /C calc'!A0, {locator}" in result.output.replace("\n      ", " ")
        assert "+cmd|'" in result.output.split("Where each set's constants")[0]  # the citation column (wrapped)


def test_predicts_line_of_the_inputs_taken_prints_a_symbols_meaning_as_text(tmp_path, monkeypatch):
    """The 'takes N = 0.01 billions of parameters from params (meaning)' line under a law that took a
    value under another name or unit quotes the symbol's meaning, record text: rich markup printed
    as it reads in the terminal; Markdown's inputs cell keeps its '|' in the cell."""
    meaning = "[bold red]M[/bold red] |x"
    # in billions of parameters, the N given is converted: the row says what N took
    text = EVIL.read_text(encoding="utf-8").replace('meaning: "Cost in $\\\\foo{$ dollars", unit: parameters',
                                                    f'meaning: "{meaning}", unit: billions of parameters')
    assert meaning in text
    url = _loaded(tmp_path, text)
    monkeypatch.setenv("COLUMNS", "250")
    result = _run("predict", "params=1e7", "--db", url)
    assert result.exit_code == 0, result.output
    assert f"takes N = 0.01 billions of parameters from params ({meaning})" in result.output
    assert "\x1b" not in result.output
    markdown = _run("predict", "params=1e7", "--format", "markdown", "--db", url)
    row = markdown.output.splitlines()[-1]
    assert "N=0.01 (from params)" in row and len(re.split(r"(?<!\\)\|", row)) == 9 + 2
