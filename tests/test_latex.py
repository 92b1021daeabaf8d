"""The LaTeX output compiles in a real pdflatex run (and the BibTeX export in a bibtex run).

Needs a TeX distribution: on Debian ``apt-get install --no-install-recommends
texlive-latex-base texlive-latex-recommended`` (pdflatex, bibtex, booktabs, amsmath, hyperref).
Skipped where TeX is absent, except when ``CATALOG_REQUIRE_TEX=1`` (set by .ci/run once it has
installed TeX), where a missing pdflatex fails.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from catalog.publish import bibtex, custom_tables, tables

if shutil.which("pdflatex") is None:
    if os.environ.get("CATALOG_REQUIRE_TEX") == "1":
        pytest.fail("CATALOG_REQUIRE_TEX=1 but pdflatex is not installed", pytrace=False)
    pytest.skip("pdflatex not installed (Debian: apt-get install --no-install-recommends texlive-latex-base "
                "texlive-latex-recommended)", allow_module_level=True)


# TeX reads and writes only inside its working directory (kpathsea's paranoid mode: no absolute
# paths, no "..", no dot files) and never runs a shell, whatever a document asks for.
TEX_ENV = {**os.environ, "openin_any": "p", "openout_any": "p", "shell_escape": "f"}


def _tex(args: list[str], directory) -> subprocess.CompletedProcess:
    # TeX writes raw 8-bit font bytes to the terminal (e.g. T1's 0xF6 for an o-umlaut quoted in an
    # overfull-box message), so its output is not UTF-8: latin-1 decodes any byte, as the log reads do.
    return subprocess.run(args, cwd=directory, env=TEX_ENV, capture_output=True, text=True, encoding="latin-1",
                          timeout=300)


def _pdflatex(directory, name: str) -> subprocess.CompletedProcess:
    return _tex(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", name], directory)


def _errors(log: str) -> list[str]:
    return [line for line in log.splitlines() if line.startswith("!") or "Missing character" in line]


def test_survey_and_custom_tables_compile(store, tmp_path):
    fragments = [tables.survey_table(store, n).to_latex() for n in tables.SURVEY_TABLES]
    fragments.append(custom_tables.custom_table(store, "paper,dependent,variables,form", where=["modality=vision"],
                                         caption="Vision laws (custom table)").to_latex())
    fragments.append(custom_tables.custom_table(store, "paper,form,constants", constants="default", group_by="modality",
                                         caption="Laws with constants substituted & grouped").to_latex())
    fragments.append(custom_tables.custom_table(store, "paper,title,year,repository,summary", sort=["-year"],
                                         caption="Every paper").to_latex())
    (tmp_path / "tables.tex").write_text(tables.latex_document(fragments), encoding="utf-8")
    run = _pdflatex(tmp_path, "tables.tex")
    log = (tmp_path / "tables.log").read_text(encoding="latin-1") if (tmp_path / "tables.log").exists() else run.stdout
    assert run.returncode == 0, "\n".join(_errors(log)) or run.stdout[-3000:]
    assert (tmp_path / "tables.pdf").stat().st_size > 1000
    assert not _errors(log)


def test_standalone_single_table_compiles(store, tmp_path):
    (tmp_path / "t7.tex").write_text(tables.survey_table(store, 7).to_latex(standalone=True), encoding="utf-8")
    run = _pdflatex(tmp_path, "t7.tex")
    assert run.returncode == 0, run.stdout[-3000:]


def test_bibtex_export_runs_through_bibtex(store, tmp_path):
    (tmp_path / "refs.bib").write_text(bibtex.bibliography(store), encoding="ascii")
    (tmp_path / "cite.tex").write_text("\n".join([
        r"\documentclass{article}", r"\usepackage[T1]{fontenc}", r"\usepackage{hyperref}", r"\begin{document}",
        r"\nocite{*}", r"\bibliographystyle{plain}", r"\bibliography{refs}", r"\end{document}", ""]), encoding="ascii")
    assert _pdflatex(tmp_path, "cite.tex").returncode == 0
    run = _tex(["bibtex", "cite"], tmp_path)
    assert run.returncode in (0, 1), run.stdout  # 1: warnings only (e.g. an arXiv misc without howpublished)
    blg = (tmp_path / "cite.blg").read_text(encoding="latin-1")
    assert "error message" not in blg, blg
    final = _pdflatex(tmp_path, "cite.tex")
    assert final.returncode == 0, final.stdout[-3000:]
    bbl = (tmp_path / "cite.bbl").read_text(encoding="latin-1")
    assert bbl.count("\\bibitem") == len(store.papers)


# ------------------------------------------------------------------ hostile input

def test_tex_reads_no_file_outside_its_directory_and_runs_no_shell(tmp_path):
    """Defence in depth behind the LaTeX whitelist: were a hostile command to get through, the
    TeX run could not read a secret next to its directory, nor run a command."""
    (tmp_path / "secret.tex").write_text("SECRET-CONTENT\n", encoding="ascii")
    work = tmp_path / "work"
    work.mkdir()
    (work / "h.tex").write_text("\n".join([
        r"\documentclass{article}", r"\begin{document}", r"\immediate\write18{touch pwned}",
        rf"\input{{{tmp_path / 'secret.tex'}}}", r"\end{document}", ""]), encoding="ascii")
    run = _pdflatex(work, "h.tex")
    assert run.returncode != 0
    output = run.stdout + run.stderr
    assert "Not reading from" in output and "SECRET-CONTENT" not in output
    (work / "rel.tex").write_text("\n".join([
        r"\documentclass{article}", r"\begin{document}", r"\input{../secret}", r"\end{document}", ""]), encoding="ascii")
    run = _pdflatex(work, "rel.tex")
    assert run.returncode != 0 and "SECRET-CONTENT" not in run.stdout + run.stderr
    assert not (work / "pwned").exists()


def test_hostile_text_compiles_as_text(tmp_path):
    """Record text with every LaTeX special, TeX primitives, an emoji and HTML is typeset as
    text: the run succeeds and reads nothing."""
    hostile = [r"\input{/etc/passwd} \openin5=/etc/passwd \read5 to\x \catcode`\%=12", "} { $ & # % ^ _ ~ \\",
               "^^5cinput{/etc/hostname}", "Scaling \U0001F680 laws, \u4e2d", "<script>alert(1)</script>", "\\ \\\\"]
    columns = [tables.Column("a", "A", 0.4), tables.Column("b", "B", 0.4)]
    rows = [tables.Row([tables.Cell(text), tables.Cell(text, link="https://x.org/}{%#\\")]) for text in hostile]
    table = tables.Table(columns, rows, caption="Hostile } { $ text")
    (tmp_path / "h.tex").write_text(table.to_latex(standalone=True), encoding="utf-8")
    run = _pdflatex(tmp_path, "h.tex")
    log = (tmp_path / "h.log").read_text(encoding="latin-1")
    assert run.returncode == 0, "\n".join(_errors(log)) or run.stdout[-3000:]
    assert "Not reading from" not in log + run.stderr and "root:" not in log


def test_every_character_latex_escape_keeps_is_typeset(tmp_path):
    """Each character record text may hold up to U+2FFF, escaped: pdflatex (T1, utf8) typesets the ones
    latex_escape writes as they are, and the others are named [U+XXXX]. It wrote all of Latin
    Extended-B, the combining accents and General Punctuation as they were, where utf8 defines few:
    a law named with an H-stroke (U+0126) or a locator holding a double question mark (U+2047)
    stopped pdflatex on the whole table or cite snippet ('not set up for use with LaTeX')."""
    from catalog import textguard

    text = "".join(chr(c) for c in range(0x20, 0x3000) if textguard.record_text_reason(chr(c)) is None)
    text += " N\u0304_e L\u0302 o\u0301\u0308 _\u0304"  # combining marks (ghorbani2021's meanings hold N-bar)
    lines = [tables.latex_escape(text[i:i + 100]) for i in range(0, len(text), 100)]  # a line each 100
    (tmp_path / "chars.tex").write_text(tables.latex_document(["\\ ".join(lines)]), encoding="utf-8")
    run = _pdflatex(tmp_path, "chars.tex")
    log = (tmp_path / "chars.log").read_text(encoding="latin-1")
    assert run.returncode == 0 and not _errors(log), "\n".join(_errors(log)) or run.stdout[-3000:]
    assert tables.latex_escape("\u0126\u2047\u0301") == r"\texttt{[U+0126]}\texttt{[U+2047]}\texttt{[U+0301]}"
    assert tables.latex_escape("\u00e9\u0141\u2014") == "\u00e9\u0141\u2014"  # what utf8 defines stays itself
    assert tables.latex_escape("N\u0304_e o\u0301 _\u0304") == "\\={N}\\_e \u00f3 \\_\\texttt{[U+0304]}"


def test_hostile_bibliography_stays_in_its_fields(tmp_path):
    """A title that closes its field and opens others: bibtex sees one title."""
    from catalog.schema import Paper

    paper = Paper.model_validate({
        "id": "evil", "sources": ["other"], "no_law_reason": "test",
        "bibliography": {"title": "Scaling \\}, note = {INJECTED}, x = { laws", "authors": ["Ada {Lovelace", "Bob and Carol"],
                         "year": 2024, "bibtex_key": "evil", "url": "https://x.org/}{a", "venue": "V}} @misc{x,"}})
    (tmp_path / "refs.bib").write_text(bibtex.export([paper]), encoding="ascii")
    (tmp_path / "cite.tex").write_text("\n".join([
        r"\documentclass{article}", r"\usepackage[T1]{fontenc}", r"\usepackage{hyperref}", r"\begin{document}",
        r"\nocite{*}", r"\bibliographystyle{plain}", r"\bibliography{refs}", r"\end{document}", ""]), encoding="ascii")
    assert _pdflatex(tmp_path, "cite.tex").returncode == 0
    run = _tex(["bibtex", "cite"], tmp_path)
    blg = (tmp_path / "cite.blg").read_text(encoding="latin-1")
    assert "error message" not in blg, blg
    bbl = (tmp_path / "cite.bbl").read_text(encoding="latin-1")
    assert bbl.count("\\bibitem") == 1 and "INJECTED" in bbl
    assert _pdflatex(tmp_path, "cite.tex").returncode == 0, run.stdout


@pytest.mark.parametrize("style, packages", [("plain", ""), ("plainnat", r"\usepackage{natbib}\usepackage{url}"),
                                            ("plainnat", r"\usepackage{natbib}")])
def test_a_bibliography_in_characters_without_an_ascii_spelling_is_ascii_and_compiles(tmp_path, style, packages):
    """An emoji or a CJK character (no accent macro spells it) was written into the .bib as UTF-8,
    where pdflatex stops on it ('Unicode character ... not set up for use with LaTeX'): one such
    record stopped every document citing it. Written as the tables write it, its code point."""
    from catalog.schema import Paper

    paper = Paper.model_validate({
        "id": "emoji", "sources": ["other"], "no_law_reason": "test",
        "bibliography": {"title": "Scaling \U0001F680 laws of \u4e2d\u6587 text", "authors": ["\u5f20\u4e09", "Ada Lovelace"],
                         "year": 2024, "bibtex_key": "emoji", "venue": "Workshop \u2603",
                         "url": "https://example.org/\u4e2d\U0001F680?q=\u00e9", "doi": "10.1234/\u4e2d\u00e9"}})
    text = bibtex.export([paper])
    assert text.isascii(), text
    assert "[U+1F680]" in text and "[U+5F20]" in text
    (tmp_path / "refs.bib").write_text(text, encoding="ascii")
    (tmp_path / "cite.tex").write_text("\n".join([
        r"\documentclass{article}", packages, r"\usepackage{hyperref}", r"\begin{document}",
        r"\nocite{*}", rf"\bibliographystyle{{{style}}}", r"\bibliography{refs}", r"\end{document}", ""]), encoding="ascii")
    assert _pdflatex(tmp_path, "cite.tex").returncode == 0
    run = _tex(["bibtex", "cite"], tmp_path)
    blg = (tmp_path / "cite.blg").read_text(encoding="latin-1")
    assert "error message" not in blg, blg
    if style == "plainnat":  # it prints the url and doi
        assert "%E4%B8%AD" in (tmp_path / "cite.bbl").read_text(encoding="latin-1")
    final = _pdflatex(tmp_path, "cite.tex")
    log = (tmp_path / "cite.log").read_text(encoding="latin-1")
    assert final.returncode == 0, "\n".join(_errors(log)) or run.stdout


@pytest.mark.parametrize("style, packages", [("plain", ""), ("plainnat", r"\usepackage{natbib}")])
def test_a_combining_accent_in_a_bibliography_is_an_accent_command(tmp_path, style, packages):
    """A letter and a combining mark with no precomposed form (N and U+0304, an N-bar; q and
    U+0323) were written as the letter and the mark's code point ('N{\\texttt{[U+0304]}}'), and a
    decomposed e and U+0301 too, though the LaTeX tables set them as accent commands. Now the
    accent over its letter, a second mark over the first, in plain and natbib's styles."""
    from catalog.schema import Paper

    paper = Paper.model_validate({
        "id": "marks", "sources": ["other"], "no_law_reason": "test",
        "bibliography": {"title": "Loss at N\u0304 and q\u0323 of x\u0304\u0301", "authors": ["Rene\u0301 Ni\u0304l"],
                         "year": 2024, "bibtex_key": "marks", "venue": "Workshop on D\u0304"}})
    text = bibtex.export([paper])
    assert "U+" not in text and text.isascii(), text
    assert r"{\={N}}" in text and r"{\d{q}}" in text and r"{\'{\={x}}}" in text and r"{\={D}}" in text
    assert r"Ren{\'{e}} N{\={\i}}l" in text
    (tmp_path / "refs.bib").write_text(text, encoding="ascii")
    (tmp_path / "cite.tex").write_text("\n".join([
        r"\documentclass{article}", r"\usepackage[T1]{fontenc}", packages, r"\begin{document}", r"\nocite{*}",
        rf"\bibliographystyle{{{style}}}", r"\bibliography{refs}", r"\end{document}", ""]), encoding="ascii")
    _pdflatex(tmp_path, "cite.tex")
    _tex(["bibtex", "cite"], tmp_path)
    assert "error message" not in (tmp_path / "cite.blg").read_text(encoding="latin-1")
    _pdflatex(tmp_path, "cite.tex")
    final = _pdflatex(tmp_path, "cite.tex")
    log = (tmp_path / "cite.log").read_text(encoding="latin-1")
    assert final.returncode == 0 and not _errors(log), "\n".join(_errors(log)) or final.stdout[-3000:]
    if shutil.which("pdftotext"):
        words = _tex(["pdftotext", "cite.pdf", "-"], tmp_path).stdout
        assert "U+" not in words and "[" not in words.split("References", 1)[-1].replace("[1]", ""), words


def test_a_link_cannot_write_tex_in_hat_notation(tmp_path):
    """A record URL (valid: https:// and no space) holding TeX's ^^ notation: ^^5c is a backslash
    and ^^7b, ^^7d braces once TeX reads the \\href argument, so the link closed itself and ran
    \\input on a file of the reader's (or expanded \\jobname into the URI)."""
    (tmp_path / "secret.tex").write_text("SECRET-CONTENT\n", encoding="ascii")
    links = ["https://x.org/^^7d^^7bx^^7d^^5cinput^^7bsecret^^7d^^5cuse@none^^7b", "https://x.org/^^5cjobname/x"]
    columns = [tables.Column("a", "A", 0.4)]
    rows = [tables.Row([tables.Cell("repository", link=link)]) for link in links]
    (tmp_path / "h.tex").write_text(tables.Table(columns, rows, caption="c").to_latex(standalone=True), encoding="utf-8")
    run = _tex(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape", "-recorder", "h.tex"],
               tmp_path)
    log = (tmp_path / "h.log").read_text(encoding="latin-1")
    assert run.returncode == 0, "\n".join(_errors(log)) or run.stdout[-3000:]
    assert "secret" not in (tmp_path / "h.fls").read_text(encoding="latin-1")


@pytest.mark.parametrize("packages", [r"\usepackage{natbib}", r"\usepackage{natbib}\usepackage{url}"])
def test_a_doi_or_url_cannot_write_tex_in_hat_notation(tmp_path, packages):
    """plainnat prints the doi as natbib's \\doi{...} (and the url as \\texttt{...} without url.sty),
    a macro argument TeX reads ^^5c, ^^7b and ^^7d in: a valid DOI '10.1234/x^^5cinput^^7bsecret^^7d'
    typeset the reader's secret.tex into the bibliography."""
    from catalog.schema import Paper

    (tmp_path / "secret.tex").write_text("SECRET-CONTENT\n", encoding="ascii")
    paper = Paper.model_validate({
        "id": "evil", "sources": ["other"], "no_law_reason": "test",
        "bibliography": {"title": "T", "authors": ["Ada Lovelace"], "year": 2024, "bibtex_key": "evil",
                         "doi": "10.1234/x^^5cinput^^7bsecret^^7d", "url": "https://x.org/^^5cinput^^7bsecret^^7d"}})
    (tmp_path / "refs.bib").write_text(bibtex.export([paper]), encoding="ascii")
    (tmp_path / "cite.tex").write_text("\n".join([
        r"\documentclass{article}", packages, r"\begin{document}", r"\nocite{*}", r"\bibliographystyle{plainnat}",
        r"\bibliography{refs}", r"\end{document}", ""]), encoding="ascii")
    _pdflatex(tmp_path, "cite.tex")
    _tex(["bibtex", "cite"], tmp_path)
    run = _tex(["pdflatex", "-interaction=nonstopmode", "-no-shell-escape", "-recorder", "cite.tex"], tmp_path)
    assert "secret" not in (tmp_path / "cite.fls").read_text(encoding="latin-1")
    if "url" in packages:
        assert run.returncode == 0, run.stdout[-3000:]


def test_a_custom_table_of_formulas_stays_near_the_page(run, store, tmp_path):
    """A paper's table of the MoE laws with their constants: the functional form was an l-column,
    which TeX cannot break, so Clark et al.'s formula ran 660pt off a landscape page. As a ragged
    p-column TeX breaks inline math after = and +: what is left over is one formula's
    unbreakable exponent."""
    import re

    args = ["--columns", "paper,law,form,constants", "--constants", "default", "--where", "architecture=moe"]
    result = run("table", *args, "--format", "latex", "--standalone", "-o", str(tmp_path / "moe.tex"))
    assert result.exit_code == 0, result.output
    api = custom_tables.custom_table(store, "paper,law,form,constants", constants="default", where=["architecture=moe"])
    assert (tmp_path / "moe.tex").read_text(encoding="utf-8") == api.to_latex(standalone=True)
    assert r"\raggedright\arraybackslash}p{0.3\linewidth}" in api.to_latex()
    ran = _pdflatex(tmp_path, "moe.tex")
    assert ran.returncode == 0, ran.stdout[-3000:]
    log = (tmp_path / "moe.log").read_text(encoding="latin-1")
    overfull = [float(w) for w in re.findall(r"Overfull \\hbox \(([\d.]+)pt too wide\)", log)]
    assert max(overfull, default=0) < 200, overfull


def test_a_line_break_in_a_math_cell_stays_in_its_cell(store, tmp_path):
    r"""yun2024's survey_latex prints '\triangleq\\ \log' (the survey's line break, valid in a LaTeX
    field): in a table's cell, l- or p-column, TeX read the \\ as the row's end inside math ('Missing
    $ inserted', no PDF). A \\ at the formula's top level is a space in a cell; one in an
    environment (sympy's cases) ends that environment's row, and never takes an optional argument
    ('\\[x]': 'Missing number')."""
    from catalog import formcache, textguard

    survey = [r"\log L(N,D,E)\triangleq\\ \log N", r"a \\[x] b", r"a \\* b", r"\\", r"{a \\ b}"]
    cases = r"L = \begin{cases} a & \text{for}\: N < 1 \\[x] b & \text{otherwise} \end{cases}"
    assert all(textguard.latex_reason(s) is None for s in survey) and formcache.latex_math(cases)
    columns = [tables.Column("a", "A"), tables.Column("b", "B", width=0.3)]
    rows = [tables.Row([tables.Cell(s, latex=s), tables.Cell(s, latex=s)]) for s in [*survey, cases]]
    fragments = [tables.Table(columns, rows, caption="Line breaks").to_latex(),
                 custom_tables.custom_table(store, "law,form,survey_form", ids=["yun2024"]).to_latex()]
    (tmp_path / "br.tex").write_text(tables.latex_document(fragments), encoding="utf-8")
    run = _pdflatex(tmp_path, "br.tex")
    log = (tmp_path / "br.log").read_text(encoding="latin-1") if (tmp_path / "br.log").exists() else run.stdout
    assert run.returncode == 0, "\n".join(_errors(log)) or run.stdout[-3000:]
    assert not _errors(log)


def test_every_laws_survey_form_compiles(store, tmp_path):
    """Each record's verbatim LaTeX in a table's cells: yun2024's survey line break stopped the run,
    and no test compiled the survey forms of the whole catalog (the validator checks the commands,
    not that TeX can typeset them: '\\left(' alone passes it)."""
    table = custom_tables.custom_table(store, "law,survey_form", caption="Every law")
    (tmp_path / "all.tex").write_text(table.to_latex(standalone=True), encoding="utf-8")
    run = _pdflatex(tmp_path, "all.tex")
    log = (tmp_path / "all.log").read_text(encoding="latin-1") if (tmp_path / "all.log").exists() else run.stdout
    assert run.returncode == 0, "\n".join(_errors(log)) or run.stdout[-3000:]
    assert not _errors(log)


def test_the_math_the_validator_refuses_is_what_stops_pdflatex(tmp_path):
    """The structure rules of LaTeX fields (catalog/mathsyntax.py) follow TeX: each refused case
    stops pdflatex in a table's preamble, each accepted one compiles."""
    from tests.test_textguard import MALFORMED_MATH, WELL_FORMED_MATH

    def compiles(math: str) -> bool:
        (tmp_path / "m.tex").write_text(tables.latex_document([f"${math}$"]), encoding="utf-8")
        return _pdflatex(tmp_path, "m.tex").returncode == 0

    assert [m for m in WELL_FORMED_MATH if not compiles(m)] == []
    assert [m for m, _ in MALFORMED_MATH if compiles(m)] == []


def test_every_whitelisted_math_command_is_defined_in_a_table(tmp_path):
    """A LaTeX field may use any command of textguard.MATH_COMMANDS, and a table writes it as it is:
    \\argmin, \\argmax, \\erf and \\bm were allowed and undefined under amsmath and amssymb
    ('Undefined control sequence', no PDF)."""
    from catalog import mathsyntax, textguard

    def used(name: str) -> str:
        if name in ("left", "right", "middle"):
            return r"\left( x \middle| y \right)"
        if name in mathsyntax.SIZED:
            return f"\\{name}("
        if name in ("limits", "nolimits"):
            return f"\\sum\\{name}_a"
        return f"\\{name}" + "{x}" * mathsyntax.ARGUMENTS.get(name, 0) + " y"

    math = [used(name) for name in sorted(textguard.MATH_COMMANDS)]
    assert all(textguard.latex_reason(m) is None for m in math)
    (tmp_path / "cmds.tex").write_text(tables.latex_document([f"${m}$\\par" for m in math]), encoding="utf-8")
    run = _pdflatex(tmp_path, "cmds.tex")
    assert run.returncode == 0, "\n".join(_errors(run.stdout)) or run.stdout[-3000:]


def test_a_formula_over_symbols_sympy_prints_with_other_packages_compiles(tmp_path):
    """A symbol named Escr was printed \\mathscr{E} (mathrsfs, which no table loads): 'Undefined
    control sequence' stopped pdflatex on the whole table."""
    from catalog.publish import typeset
    from tests.test_typeset import _law

    law = _law("Escr + beth/N**alphascr + mho*Nddddot_ddddot", {"Escr": 1.5, "beth": 400.0, "alphascr": 0.3,
                                                                 "mho": 1.0, "Nddddot_ddddot": 2.0})
    (tmp_path / "f.tex").write_text(tables.latex_document([f"${typeset.formula(law, inline=True)}$"]), encoding="utf-8")
    run = _pdflatex(tmp_path, "f.tex")
    assert run.returncode == 0, "\n".join(_errors(run.stdout)) or run.stdout[-3000:]


def test_a_custom_table_of_six_columns_fits_the_page_and_breaks_across_pages(run, store, tmp_path):
    """A related-work table of the MoE and sparsity laws (law, dependent, variables, form,
    constants, fitted ranges): its p-columns summed to 1.03 \\linewidth beside the law's l-column,
    so the table ran 238pt off a landscape page, and, 16 rows in a float, 197pt below its foot.
    Standalone, it is a longtable whose columns share the line."""
    import re

    columns = "law,dependent,variables,form,constants,fitted_ranges"
    where = ["variable=experts,granularity,sparsity,activation_ratio"]
    result = run("table", "--columns", columns, "--where", where[0], "--format", "latex", "--standalone",
                 "-o", str(tmp_path / "moe.tex"))
    assert result.exit_code == 0, result.output
    api = custom_tables.custom_table(store, columns, where=where)
    assert (tmp_path / "moe.tex").read_text(encoding="utf-8") == api.to_latex(standalone=True)
    assert r"\begin{longtable}" in api.to_latex(standalone=True) and r"\begin{table}" in api.to_latex()
    for _ in range(2):  # longtable settles its column widths on the second run
        ran = _pdflatex(tmp_path, "moe.tex")
    assert ran.returncode == 0, ran.stdout[-3000:]
    log = (tmp_path / "moe.log").read_text(encoding="latin-1")
    assert "Float too large" not in log
    # the table as a whole (an alignment) fits; a single formula may still overhang its own cell
    assert not re.findall(r"Overfull \\hbox \(([\d.]+)pt too wide\) in alignment", log)


def test_long_paths_and_links_break_in_their_cells(run, store, tmp_path):
    """A related-work table of repositories and where constants are printed: a repository URL or a
    path (castro2025's 130-character file name) has no space, so TeX could not break it and ran it
    up to 744pt past its p-column (218 overfull boxes). Paths break after / . _ - : now; text
    without long words is typeset as before."""
    import re

    columns, where = "paper,repository,constants_source", ["analysis_code=yes"]
    result = run("table", "--columns", columns, "--where", where[0], "--format", "latex", "--standalone",
                 "-o", str(tmp_path / "repos.tex"))
    assert result.exit_code == 0, result.output
    api = custom_tables.custom_table(store, columns, where=where)
    assert (tmp_path / "repos.tex").read_text(encoding="utf-8") == api.to_latex(standalone=True)
    for _ in range(2):
        ran = _pdflatex(tmp_path, "repos.tex")
    assert ran.returncode == 0, ran.stdout[-3000:]
    log = (tmp_path / "repos.log").read_text(encoding="latin-1")
    overfull = [float(w) for w in re.findall(r"Overfull \\hbox \(([\d.]+)pt too wide\)", log)]
    assert max(overfull, default=0) < 20, sorted(overfull)[-5:]
    assert (r"\href{https://github.com/huggingface/datablations}{https://\allowbreak{}github.\allowbreak{}com/"
            r"\allowbreak{}huggingface/\allowbreak{}datablations}") in api.to_latex()
    assert r"14d74dcc\allowbreak{}e1618" in api.to_latex()  # a commit hash breaks too
    assert tables.latex_escape("Pre-training optimization") == "Pre-training optimization"


@pytest.mark.parametrize("package", ["hyperref", "url"])
def test_the_docs_recipe_for_a_table_and_its_references_compiles_with_a_hostile_url(papers, tmp_path, monkeypatch,
                                                                                   package):
    """docs/cli.md's recipe (a table fragment, its .bib, a document with natbib's plainnat), run as
    written against a catalog where a precision paper's url holds '%', '#', '_' and '~': natbib's
    styles print the url field with \\url, which stopped pdflatex where no url.sty or hyperref
    defined it (plainnat's fallback \\texttt read '%' as a comment). Both packages the recipe names
    compile it; without either it fails, as the recipe says."""
    import re
    import shlex

    from click.testing import CliRunner

    from catalog.cli import cli
    from catalog.store import db
    from tests.conftest import ROOT

    hostile = "https://example.org/runs_v2/~ada/scaling%20laws.pdf#table_3"
    changed = [p.model_copy(update={"bibliography": p.bibliography.model_copy(update={"url": hostile})})
               if p.id == "kumar2024" else p for p in papers]
    url = f"sqlite:///{tmp_path / 'catalog.sqlite'}"
    db.load(changed, url)
    docs = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    section = docs[docs.index("A table and its references in one document"):]
    commands = re.search(r"```console\n(.*?)```", section, re.S).group(1).splitlines()
    document = re.search(r"```latex\n% laws.tex\n(.*?)```", section, re.S).group(1)
    assert r"\usepackage{hyperref}" in document
    (tmp_path / "laws.tex").write_text(document.replace(r"\usepackage{hyperref}", rf"\usepackage{{{package}}}"),
                                       encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # -o writes into the working directory, where pdflatex runs
    for line in commands[:2]:
        args = shlex.split(line.removeprefix("$ "))
        assert args[0] == "catalog"
        result = CliRunner().invoke(cli, [*args[1:], "--db", url], catch_exceptions=False)
        assert result.exit_code == 0, result.output
    bib = (tmp_path / "precision.bib").read_text(encoding="ascii")
    assert f"url           = {{{hostile}}}" in bib
    assert commands[2] == "$ pdflatex laws && bibtex laws && pdflatex laws && pdflatex laws"
    assert _pdflatex(tmp_path, "laws.tex").returncode == 0
    run = _tex(["bibtex", "laws"], tmp_path)
    assert "error message" not in (tmp_path / "laws.blg").read_text(encoding="latin-1"), run.stdout
    for _ in range(2):
        final = _pdflatex(tmp_path, "laws.tex")
    log = (tmp_path / "laws.log").read_text(encoding="latin-1")
    assert final.returncode == 0 and not _errors(log), "\n".join(_errors(log)) or final.stdout[-3000:]
    assert f"\\url{{{hostile}}}" in (tmp_path / "laws.bbl").read_text(encoding="latin-1").replace("\n  ", " ")
    assert "kumar2024" in (tmp_path / "precision-table.tex").read_text(encoding="utf-8")
    # the failure the comment and the docs warn of
    (tmp_path / "laws.tex").write_text(document.replace(r"\usepackage{hyperref}", ""), encoding="utf-8")
    assert _pdflatex(tmp_path, "laws.tex").returncode != 0


def test_catalog_cite_compiles_with_catalog_bibs_entries_hostile_text_included(run, tmp_path):
    """The snippets of catalog cite, with the entries of catalog bib, run through pdflatex and
    bibtex: every \\cite resolves. A hostile record (its law name all LaTeX specials and markup, a
    locator closing the \\cite option and reading a file) is typeset as text."""
    import yaml

    from catalog import records
    from catalog.store import db
    from tests.conftest import FIXTURES

    data = yaml.safe_load((FIXTURES / "hostile" / "evil2024.yaml").read_text(encoding="utf-8"))
    data["laws"][0]["constant_sets"][0]["locator"] = "Table 1] \\input{/etc/passwd} }{ % ^^5c $x"
    (tmp_path / "evil2024.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    evil = f"sqlite:///{tmp_path / 'evil.sqlite'}"
    db.load(records.load_valid([tmp_path / "evil2024.yaml"]), evil)
    snippets = [run("cite", ref).stdout for ref in ("chinchilla", "hoffmann2022@besiroglu2024",
                                                    "hoffmann2022@besiroglu2024-wikipedia", "kaplan2020/loss-n-d")]
    from click.testing import CliRunner

    from catalog.cli import cli

    hostile = CliRunner().invoke(cli, ["cite", "evil2024", "--db", evil])
    assert hostile.exit_code == 0, hostile.output
    snippets.append(hostile.stdout)
    bib = run("bib", "hoffmann2022", "kaplan2020").stdout + CliRunner().invoke(cli, ["bib", "evil2024", "--db", evil]).stdout
    (tmp_path / "refs.bib").write_text(bib, encoding="ascii")
    (tmp_path / "cite.tex").write_text("\n".join([
        r"\documentclass{article}", r"\usepackage[T1]{fontenc}", r"\usepackage{amsmath,amssymb}", r"\usepackage{hyperref}",
        r"\begin{document}", *snippets, r"\bibliographystyle{plain}", r"\bibliography{refs}", r"\end{document}", ""]),
        encoding="utf-8")
    assert _pdflatex(tmp_path, "cite.tex").returncode == 0
    assert _tex(["bibtex", "cite"], tmp_path).returncode in (0, 1)
    _pdflatex(tmp_path, "cite.tex")
    run_ = _pdflatex(tmp_path, "cite.tex")
    log = (tmp_path / "cite.log").read_text(encoding="latin-1")
    assert run_.returncode == 0, "\n".join(_errors(log)) or run_.stdout[-3000:]
    assert not _errors(log) and "undefined" not in log, log[-3000:]
    assert "Not reading from" not in log and "root:" not in log


def test_predicts_latex_table_compiles_and_is_the_apis(catalog_db, run, tmp_path):
    """'A table for a paper' of predict's rows (the tokens per parameter each compute-optimal law
    recommends at 1e24 FLOPs) had CSV and Markdown but no LaTeX: --format latex is the API's
    Predictions.to_table().to_latex(), and every row of a budget compiles, fitting the page. The
    hostile record's citation, locator and unit compile as text (tests/fixtures/hostile)."""
    from catalog import records
    from catalog.store import db, selection
    from tests.conftest import FIXTURES

    args = ["C=1e24", "--where", "dependent=tokens_per_parameter"]
    out = run("predict", *args, "--format", "latex")
    assert out.exit_code == 0, out.output
    api = selection.predictions(catalog_db, {"C": 1e24}, ["dependent=tokens_per_parameter"]).to_table()
    assert out.stdout == api.to_latex()
    # a long word (a law id, a quantity) may break after its separators (test_long_paths_and_links_break_in_their_cells)
    assert "hoffmann2022/\\allowbreak{}parametric-\\allowbreak{}loss (split of C = 6ND) & Hoffmann et al. (2022) & " \
           "tokens\\_\\allowbreak{}per\\_\\allowbreak{}parameter & 97.7278 " \
           "& tokens per parameter & hoffmann2022 & paper, Appendix D.2, Eq. (10) &" in out.stdout
    every = run("predict", "C=1e24", "--format", "latex").stdout  # some 300 rows: a longtable across pages
    evil_url = f"sqlite:///{tmp_path / 'evil.sqlite'}"
    db.load(records.load_valid([FIXTURES / "hostile" / "evil2024.yaml", FIXTURES / "valid" / "minimal.yaml"]), evil_url)
    evil = run("predict", "N=1e7", "--format", "latex", "--db", evil_url)
    assert evil.exit_code == 0, evil.output
    for name, text in (("ratios", out.stdout), ("every", every), ("evil", evil.stdout)):
        (tmp_path / f"{name}.tex").write_text(tables.latex_document([text]), encoding="utf-8")
        result = _pdflatex(tmp_path, f"{name}.tex")
        log = (tmp_path / f"{name}.log").read_text(encoding="latin-1")
        assert result.returncode == 0, "\n".join(_errors(log)) or result.stdout[-3000:]
        assert not _errors(log) and "Not reading from" not in log, name
        # the table fits the line (nine l-columns ran far off the page); only a word no column can
        # break (a repository path in a locator) overfills its own cell
        assert not re.search(r"Overfull \\hbox \([\d.]+pt too wide\) in alignment", log), name


def test_a_long_words_break_points_leave_a_mark_on_its_letter():
    """A break point after a run's eighth letter or a separator fell between a letter and its
    combining mark: 'q' and U+0301 at a long word's end printed 'q' then '[U+0301]' in
    typewriter, where the word unbroken printed \\'{q}."""
    word = "x" * 15 + "q\u0301" + "/" + "\u0301" * 2 + "y" * 20
    latex = tables._latex_text(word)
    assert latex.startswith(r"xxxxxxxx\allowbreak{}xxxxxxx\'{q}/\texttt{[U+0301]}\texttt{[U+0301]}\allowbreak{}yyyyyyyy"), latex
    assert latex.replace(r"\allowbreak{}", "") == tables.latex_escape(word)


def test_predict_to_latex_with_hostile_record_text_compiles_as_text(catalog_db, tmp_path):
    """predict --to --format latex: a pair of rows whose every record field is hostile is typeset as text."""
    import catalog
    from test_change import hostile_changes

    with catalog.open(catalog_db) as cat:
        table = hostile_changes(cat).to_table()
    (tmp_path / "change.tex").write_text(table.to_latex(standalone=True), encoding="utf-8")
    run = _pdflatex(tmp_path, "change.tex")
    log = (tmp_path / "change.log").read_text(encoding="latin-1")
    assert run.returncode == 0, "\n".join(_errors(log)) or run.stdout[-3000:]
    assert "Not reading from" not in log + run.stderr and "root:" not in log
