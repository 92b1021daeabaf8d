"""table, bib, repro commands: invoke, then check against the API."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from catalog.publish import bibtex, custom_tables, reproducibility, tables
from catalog.cli import cli


def _run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.mark.parametrize("fmt", tables.FORMATS)
def test_survey_table_command(catalog_db, fmt):
    result = _run("table", 6, "--format", fmt, "--db", catalog_db)
    assert result.exit_code == 0, result.output
    assert result.output == tables.survey_table(catalog_db, 6).render(fmt)


def test_custom_table_command(catalog_db):
    result = _run("table", "--columns", "paper,dependent,variables,form", "--where", "modality=vision",
                  "--format", "latex", "--db", catalog_db)
    assert result.exit_code == 0, result.output
    expected = custom_tables.custom_table(catalog_db, "paper,dependent,variables,form", where=["modality=vision"])
    assert result.output == expected.to_latex()
    assert expected.rows


def test_json_tables_carry_each_cell_and_the_row_it_belongs_to(catalog_db):
    """--format json gives what a script needs without parsing markdown: the survey's printed text
    of each cell, the LaTeX of math cells, and each row's paper (and law, for law rows)."""
    survey = json.loads(_run("table", 7, "--format", "json", "--db", catalog_db).output)
    table7 = tables.survey_table(catalog_db, 7)
    assert survey["number"] == 7 and [c["key"] for c in survey["columns"]] == [c.key for c in table7.columns]
    assert [r["paper"] for r in survey["rows"]] == [r.paper_id for r in table7.rows]
    assert [{k: f"${v['latex']}$" if "latex" in v else v["text"] for k, v in r["cells"].items()} for r in survey["rows"]] == table7.records()
    assert any("latex" in cell for r in survey["rows"] for cell in r["cells"].values())

    custom = json.loads(_run("table", "--columns", "law,form", "--where", "id=hoffmann2022", "--format", "json",
                             "--db", catalog_db).output)
    expected = custom_tables.custom_table(catalog_db, "law,form", where=["id=hoffmann2022"])
    assert [r["law"] for r in custom["rows"]] == [r.law_id for r in expected.rows]
    assert all(r["law"].startswith("hoffmann2022/") and r["paper"] == "hoffmann2022" for r in custom["rows"])

    repro = json.loads(_run("repro", "--format", "json", "--db", catalog_db).output)
    report = reproducibility.report(catalog_db)
    assert repro["table8"] == report.table8.as_dict() and repro["notes"] == report.notes()
    assert any(r.get("duplicate") for r in repro["table8"]["rows"])


def test_custom_table_options(catalog_db, tmp_path):
    out = tmp_path / "t.tex"
    result = _run("table", "-c", "paper,form", "-w", "dependent=loss", "-w", "year>=2022", "--constants", "default",
                  "-g", "year", "-s", "paper", "-f", "latex", "--standalone", "-o", out, "--db", catalog_db)
    assert result.exit_code == 0, result.output
    expected = custom_tables.custom_table(catalog_db, ["paper", "form"], where=["dependent=loss", "year>=2022"],
                                   constants="default", group_by="year", sort=["paper"])
    assert out.read_text(encoding="utf-8") == expected.to_latex(standalone=True)
    assert all(int(r.group) >= 2022 for r in expected.rows)


def test_errors_exit_2(catalog_db):
    assert _run("table", 9, "--db", catalog_db).exit_code == 2
    assert _run("table", "-c", "nope", "--db", catalog_db).exit_code == 2
    assert _run("table", "-w", "modality=nonsense-modality", "--db", catalog_db).exit_code == 2
    assert _run("table", 6, "--where", "modality=vision", "--db", catalog_db).exit_code == 2
    assert _run("bib", "nosuchpaper", "--db", catalog_db).exit_code == 2


def test_columns_list(catalog_db):
    result = _run("table", "--columns", "list")
    assert result.exit_code == 0
    assert [line.split()[0] for line in result.output.splitlines()] == list(custom_tables.COLUMNS)


def test_bib_command(catalog_db):
    result = _run("bib", "--where", "modality=vision", "--db", catalog_db)
    assert result.exit_code == 0, result.output
    assert result.output == bibtex.bibliography(catalog_db, ["modality=vision"])
    result = _run("bib", "kaplan2020", "--db", catalog_db)
    assert result.output.startswith("@") and "kaplan2020," in result.output and result.output.count("\n@") == 0


def test_bib_of_a_law_is_its_papers(catalog_db):
    """'catalog bib hoffmann2022/parametric-loss' said unknown paper: a law is cited by its paper."""
    paper = bibtex.bibliography(catalog_db, ids=["hoffmann2022"])
    for ref in ("hoffmann2022/parametric-loss", "chinchilla/parametric-loss"):
        assert _run("bib", ref, "--db", catalog_db).output == paper
    both = _run("bib", "hoffmann2022/parametric-loss", "kaplan2020", "--db", catalog_db).output
    assert both == bibtex.bibliography(catalog_db, ids=["hoffmann2022", "kaplan2020"])
    missing = _run("bib", "hoffmann2022/no-such-law", "--db", catalog_db)
    assert missing.exit_code == 2 and "error: unknown law of hoffmann2022 'no-such-law'" in missing.stderr


def test_repro_command(catalog_db):
    result = _run("repro", "--db", catalog_db)
    assert result.exit_code == 0, result.output
    assert result.output == reproducibility.report(catalog_db).render("markdown")
    assert "Duplicate row" in result.output


def test_custom_table_of_fitted_ranges(catalog_db, store):
    """'Laws for speech, with their fitted ranges': one cell per law listing each input's recorded range."""
    result = _run("table", "--columns", "paper,law,fitted_ranges", "--where", "modality=speech", "--format", "csv",
                  "--db", catalog_db)
    assert result.exit_code == 0, result.output
    expected = custom_tables.custom_table(catalog_db, "paper,law,fitted_ranges", where=["modality=speech"])
    assert result.output == expected.render("csv") and expected.rows
    chinchilla = custom_tables.custom_table(catalog_db, "law,fitted_ranges", ids=["hoffmann2022"])
    row = next(r for r in chinchilla.rows if r.law_id == "hoffmann2022/parametric-loss")
    symbols = store.law("hoffmann2022").law.symbols
    assert (symbols["N"].range.min, symbols["N"].range.max, symbols["D"].range.min) == (7e7, 1.6e10, 5e9)
    assert row.cells[1].text == "N 70M - 16B parameters; D 5B - 500B tokens"
    # with a constant set fitted on other runs, that set's own range (catalog.provenance.fitted_range)
    besiroglu = custom_tables.custom_table(catalog_db, "law,fitted_ranges", ids=["hoffmann2022"],
                                           constants="besiroglu2024")
    row = next(r for r in besiroglu.rows if r.law_id == "hoffmann2022/parametric-loss")
    own = next(c for c in store.law("hoffmann2022").law.constant_sets if c.id == "besiroglu2024").ranges
    assert (own["N"].min, own["N"].max, own["D"].min, own["D"].max) == (5.73e7, 1.6184e10, 8.18e8, 3.18e11)
    assert row.cells[1].text == "N 57.3M - 16.184B parameters; D 818M - 318B tokens"



def test_a_table_for_a_paper_cites_its_rows(catalog_db, store):
    """'export a table of all precision laws for my paper (LaTeX, BibTeX)': the table gave values
    with no word of where they are printed nor a key to cite the paper by; bibkey is the key of the
    entry catalog bib writes for the same --where, constants_source the set's provenance and locator."""
    from catalog import provenance

    args = ("table", "--columns", "bibkey,law,constants,constants_source", "--where", "category=precision")
    result = _run(*args, "--format", "csv", "--db", catalog_db)
    assert result.exit_code == 0, result.output
    expected = custom_tables.custom_table(catalog_db, "bibkey,law,constants,constants_source", where=["category=precision"])
    assert result.output == expected.render("csv") and expected.rows
    bib = _run("bib", "--where", "category=precision", "--db", catalog_db).output
    for row in expected.rows:
        assert f"{{{row.cells[0].text},\n" in bib, row.cells[0].text
        paper, law_id = row.law_id.split("/")
        law = store.law(row.law_id).law
        chosen = law.default_constants()
        assert row.cells[3].text == (provenance.source_of(chosen) if chosen else "")
    chinchilla = custom_tables.custom_table(catalog_db, "bibkey,law,constants_source", ids=["hoffmann2022"])
    row = next(r for r in chinchilla.rows if r.law_id == "hoffmann2022/parametric-loss")
    assert [c.text for c in row.cells] == ["hoffmann2022", "hoffmann2022/parametric-loss", "paper, Appendix D.2, Eq. (10)"]
    latex = _run(*args, "--format", "latex", "--db", catalog_db)
    assert latex.exit_code == 0 and "BibTeX key & Law & Constants & Constants from" in latex.output


def test_custom_law_column_names_the_paper_too(catalog_db, store):
    """A law's own id repeats across papers (parametric-loss): the column gives PAPER/LAW, as eval takes it."""
    result = _run("table", "--columns", "law", "--where", "text=parametric loss", "--format", "csv", "--db", catalog_db)
    assert result.exit_code == 0, result.output
    expected = custom_tables.custom_table(catalog_db, "law", where=["text=parametric loss"])
    cells = result.output.splitlines()[1:]
    assert cells == [r.law_id for r in expected.rows] and "hoffmann2022/parametric-loss" in cells
    assert all(store.law(ref).id == ref for ref in cells)


def test_the_venue_column_of_a_custom_table(catalog_db):
    # the command reads records as views, which have no Bibliography.published_in: the venue
    # column ended every 'catalog table --columns ...,venue' in an AttributeError traceback
    result = _run("table", "--columns", "paper,venue", "--where", "id=hoffmann2022", "--format", "csv", "--db", catalog_db)
    assert result.exit_code == 0, result.output
    assert "Advances in Neural Information Processing Systems 35 (NeurIPS 2022)" in result.output


def test_a_custom_tables_csv_names_its_columns_as_the_dataframe_does(catalog_db, opened):
    """A custom table's CSV header was the display names ('Dependent variable') where to_dataframe()
    and --format json use the keys given to --columns: a script reading either indexes by key now.
    A survey table's CSV is keyed so too (its printed headers are in every other format)."""
    import csv
    import io

    session = opened
    result = _run("table", "--columns", "paper,dependent,variables", "--where", "id=hoffmann2022",
                  "--group-by", "year", "--format", "csv", "--db", catalog_db)
    assert result.exit_code == 0, result.output
    frame = session.table(columns="paper,dependent,variables", where=["id=hoffmann2022"], group_by="year").to_dataframe()
    header = next(csv.reader(io.StringIO(result.output)))
    assert header == list(frame.columns) == ["group:year", "paper", "dependent", "variables"]
    survey = next(csv.reader(io.StringIO(_run("table", "8", "--format", "csv", "--db", catalog_db).output)))
    assert survey == list(session.table(8).to_dataframe().columns)


def test_a_tables_csv_read_back_is_its_dataframe(catalog_db, opened):
    """The CSV wrote a formula cell as $LaTeX$ where to_dataframe() gave the LaTeX alone, and a
    survey table's CSV the printed headers where the frame has keys: read_csv of the command's
    file is now the API's frame, formulas between dollars in both, for custom and survey tables."""
    import io

    pandas = pytest.importorskip("pandas")
    session = opened
    for args, table in ((("--columns", "paper,form", "--where", "id=hoffmann2022"),
                         session.table(columns="paper,form", where=["id=hoffmann2022"])),
                        (("7",), session.table(7))):
        result = _run("table", *args, "--format", "csv", "--db", catalog_db)
        assert result.exit_code == 0, result.output
        read = pandas.read_csv(io.StringIO(result.output), dtype=str, keep_default_na=False)
        frame = table.to_dataframe()
        assert list(read.columns) == list(frame.columns) and read.values.tolist() == frame.values.tolist()
        forms = frame["form"].tolist()
        assert forms and all(f.startswith("$") and f.endswith("$") for f in forms if f)
    assert session.table(columns="paper,form", where=["id=hoffmann2022"]).records()[0]["form"] == \
        "$L = E + \\frac{A}{N^{\\alpha}} + \\frac{B}{D^{\\beta}}$"


def test_a_survey_tables_rows_with_columns_of_ones_own_and_their_bibliography(catalog_db):
    """'The survey's Table 5 plus my columns (fitted ranges, released code), as CSV and LaTeX, and a
    BibTeX file of exactly its rows' could not be done: a survey table takes no --columns, survey=
    took only yes or no, and no custom column held the key insights. survey=table5 selects the
    table's papers in its row order, key_insights and applicability are columns, and catalog bib
    takes the same filter."""
    where = ["survey=table5"]
    survey = tables.survey_table(catalog_db, 5)
    columns = "paper,key_insights,applicability,fitted_ranges,analysis_code,repository"
    table = custom_tables.custom_table(catalog_db, columns, where=where)
    papers = list(dict.fromkeys(row.paper_id for row in table.rows))
    assert papers == [row.paper_id for row in survey.rows]  # the survey's rows, in its order
    first = next(row for row in table.rows if row.paper_id == survey.rows[0].paper_id)
    assert [c.text for c in first.cells[:3]] == [c.text for c in survey.rows[0].cells]
    assert custom_tables.custom_table(catalog_db, "paper", where=["survey=5"]).to_csv() == \
        custom_tables.custom_table(catalog_db, "paper", where=where).to_csv()
    for fmt in ("csv", "latex"):
        result = _run("table", "--columns", columns, "--where", where[0], "--format", fmt, "--db", catalog_db)
        assert result.exit_code == 0, result.output
        assert result.output == table.render(fmt)
    bib = _run("bib", "--where", where[0], "--db", catalog_db)
    assert bib.exit_code == 0, bib.output
    assert bib.output == bibtex.bibliography(catalog_db, where=where)
    assert bib.output.count("\n@") + bib.output.startswith("@") == len(papers)
    bad = _run("table", "--columns", "paper", "--where", "survey=table9", "--db", catalog_db)
    assert bad.exit_code == 2 and "survey takes yes, no or a survey table (table2 to table8), not 'table9'" in bad.output


def test_a_survey_table_typed_with_a_terminal_escape_is_quoted_once(catalog_db):
    """survey=table5 followed by an escape sequence: the refusal escaped it and then quoted the
    escaped text, printing 'table5\\\\x1b[31m' (two backslashes), a value nobody typed."""
    bad = _run("table", "--columns", "paper", "--where", "survey=table5\x1b[31m", "--db", catalog_db)
    assert bad.exit_code == 2 and "\x1b" not in bad.output, bad.output
    assert "survey takes yes, no or a survey table (table2 to table8), not 'table5\\x1b[31m'\n" in bad.output, bad.output
