"""Record text is hostile input: control characters and LaTeX outside the math whitelist are
refused at validation (catalog/textguard.py, applied by the schema to every text field)."""

from __future__ import annotations

import unicodedata

import pytest
from pydantic import ValidationError

from catalog import records, textguard, yamlio
from catalog.schema import Bibliography, Law, Paper
from tests.conftest import FIXTURES

MINIMAL = (FIXTURES / "valid" / "minimal.yaml").read_text(encoding="utf-8")

# Every class of file access, code execution and expansion TeX offers: each is refused.
TEX_ATTACKS = [
    r"\input{/etc/passwd}", r"\include{x}", r"\openin5=/etc/passwd", r"\read5 to\x", r"\catcode`\%=12",
    r"\immediate\write18{id}", r"\write18{id}", r"\csname input\endcsname", r"\def\x{1}", r"\let\x\relax",
    r"\newcommand{\x}{1}", r"\renewcommand{\frac}{1}", r"\expandafter\x", r"\usepackage{shellesc}",
    r"\begin{filecontents}{x}", r"\end{document}", r"\href{javascript:alert(1)}{x}", r"\url{x}",
    r"\htmlData{x=1}{y}", r"\includegraphics{/etc/passwd}", r"\verbatiminput{x}", r"\special{x}",
    r"\pdffiledump length 10{/etc/passwd}", r"\detokenize{x}", r"\jobname", r"\endinput", r"\@input{x}",
    "^^5cinput{/etc/passwd}", r"\text{\input{/etc/passwd}}", "a$ \\input{x} $", "x % comment", "a & b",
    "#1", "\\frac{a}}{b}", "\\frac{a}{b", r"\mathrm{x}\\\catcode",
]


@pytest.mark.parametrize("latex", TEX_ATTACKS)
def test_tex_outside_the_math_whitelist_is_refused(latex):
    assert textguard.latex_reason(latex), latex


@pytest.mark.parametrize("latex", [
    r"L(N, D) = E + \frac{A}{N^{\alpha}} + \frac{B}{D^{\beta}}",
    r"\left( \frac{N_c}{N} \right)^{\alpha_N} \cdot \log\left(1 + \mathcal{D}\right) \, \text{tokens}",
    r"\hat{L} \propto C^{-0.05} \triangleq \sum_i \prod_j x_{ij}'", r"a \\ b", r"\{x\} \% \& \_ \#",
])
def test_math_latex_is_accepted(latex):
    assert textguard.latex_reason(latex) is None


# Math of whitelisted commands that TeX cannot typeset: each stopped pdflatex on the whole table
# (no PDF), by rule, with the start of its message.
MALFORMED_MATH = [
    # \left ... \right pair up inside one group, around delimiters
    (r"\left( \frac{A}{N} + E", r"'\left' at position 0 has no '\right'"),
    (r"\frac{A}{N} \right)", r"'\right' at position 12 has no '\left'"),
    (r"{\left( x}\right)", r"'}' at position 9 closes a group inside which '\left' at position 1 has no '\right'"),
    (r"a \middle| b", r"'\middle' at position 2 has no '\left'"),
    (r"\left{ x \right}", r"'\left' at position 0 needs a delimiter"),
    (r"\left( x \right", r"'\right' at position 9 needs a delimiter"),
    (r"\big", r"'\big' at position 0 needs a delimiter"),
    # commands given their arguments
    (r"L = \frac{A}", r"'\frac' at position 4 takes 2 arguments, has 1"),
    (r"\frac{a}\right)", r"'\frac' at position 0 takes 2 arguments, has 1"),
    (r"\binom{n}", r"'\binom' at position 0 takes 2 arguments, has 1"),
    (r"\sqrt", r"'\sqrt' at position 0 takes 1 argument"),
    (r"\sqrt[3]", r"'\sqrt' at position 0 takes 1 argument"),
    (r"\sqrt[3 x", "the '[' at position 5 (an optional argument) has no ']'"),
    (r"{\sqrt[3}]{x}", "the '[' at position 6 (an optional argument) has no ']' before the '}'"),
    (r"\hat", r"'\hat' at position 0 takes 1 argument"),
    (r"\mathrm{d}\text", r"'\text' at position 10 takes 1 argument"),
    (r"\frac\sqrt{x}{y}", r"'\sqrt' at position 5 is an argument of '\frac' at position 0: put it in braces"),
    # ^ and _ followed by an argument, one of each on a nucleus, in math only
    ("x^", "'^' at position 1 has nothing to raise or lower"),
    ("N_ ", "'_' at position 1 has nothing to raise or lower"),
    (r"\frac{a}{b}^", "'^' at position 11 has nothing to raise or lower"),
    (r"x^\, y", "'^' at position 1 has nothing to raise or lower"),
    ("x^{a}^{b}", "a second superscript '^' at position 5"),
    ("x_a_b", "a second subscript '_' at position 3"),
    ("x^2'", "a prime at position 3 after a superscript"),
    (r"\text{a^2}", r"'^' at position 7 is inside text"),
    # a math command in text ('Missing $ inserted', '\mathrm allowed only in math mode'), its argument's too
    (r"N_{\text{\alpha}}", r"'\alpha' at position 9 is a math command inside text"),
    (r"\text{for \frac{a}{b}}", r"'\frac' at position 10 is a math command inside text"),
    (r"\mbox{\left( x \right)}", r"'\left' at position 6 is a math command inside text"),
    (r"\textbf{\textrm{\mathrm{x}}}", r"'\mathrm' at position 16 is a math command inside text"),
    (r"\text{a \| b}", r"'\|' at position 8 is a math command inside text"),
    (r"\text\infty", r"'\infty' at position 5 is a math command inside text"),
    (r"\text{\Bigl[}", r"'\Bigl' at position 6 is a math command inside text"),
    # \limits and \nolimits after an operator only ('Limit controls must follow a math operator')
    (r"x\limits_a", r"'\limits' at position 1 follows no operator"),
    (r"{\sum}\limits_a", r"'\limits' at position 6 follows no operator"),
    (r"\displaystyle\nolimits", r"'\nolimits' at position 13 follows no operator"),
    # a macro of several tokens as a script's or \sqrt's one-token argument ('Missing { inserted')
    (r"x_\min", r"'\min' at position 2 is an argument of '_' at position 1: put it in braces"),
    (r"\sqrt\cdots", r"'\cdots' at position 5 is an argument of '\sqrt' at position 0: put it in braces"),
    # TeX ends \sqrt's [n] at the first ']' outside braces, a delimiter's too
    (r"\sqrt[\left[ x \right]]{y}", "the ']' at position 21 ends the optional argument '[' at position 5"),
    (r"\sqrt[\big]]{y}", "the ']' at position 10 ends the optional argument '[' at position 5"),
    (r"\sqrt[\left( ] \right)]{y}", "the ']' at position 13 ends the optional argument '[' at position 5"),
    # a character pdflatex has no definition for, and a backslash escaping the table's closing '$'
    (r"L = N^{-α}", "the character 'α' (U+03B1) at position 8 is not ASCII"),
    ("L = E \\", r"a lone '\' at the end (position 6) is no command"),
    # TeX's 255 groups ('TeX capacity exceeded')
    ("{" * 300 + "x" + "}" * 300, "groups nest deeper than 100 at position 99"),
    (r"\left(" * 300 + r"\right)" * 300, "groups nest deeper than 100 at position 599"),
]


@pytest.mark.parametrize("latex, message", MALFORMED_MATH, ids=[m[0][:40] for m in MALFORMED_MATH])
def test_math_tex_cannot_typeset_is_refused(latex, message):
    assert (textguard.latex_reason(latex) or "").startswith(message), textguard.latex_reason(latex)


WELL_FORMED_MATH = [
    r"\left\{ a \middle| b \right. \left\langle x \right\rangle \bigl( x \bigr)",  # delimiters
    r"\frac12 + \frac\alpha\beta + \sqrt x + \sqrt[3]{x} + \sqrt[\frac{1}{2}]{x} + \operatorname*{argmin}_x f",
    r"x'^2 + x'' + x_{ij}' + x_a^b + {x^a}^b + x^a{}^b + \sum\limits_{i=1}^{n} i",  # one script of each kind
    r"\mathrm{d}x \, \text{for}\: N_{\text{eff}}^{-\alpha}",
    # what TeX takes in text
    r"\text{a\,b\;c\!d\:e\ f \quad\qquad \ldots\dots \{\}\%\&\_\#\$ \underline{u} \textbf{\textit{b}} "
    r"\mbox{m} \big( \Big[ \bigg\langle \\ x'}",
    r"\sum_a\limits^b + \int\nolimits_0^1 + \lim'\limits_x + \operatorname*{argmin}\limits_x + \log\limits_a",
    r"x_{\min} + \hat\cos + \frac\cdots\sum + \sqrt{\cos} + \sqrt[{\left[ x \right]}]{y} + \sqrt[\bigl[]{x}",
    r"a \\",
]


@pytest.mark.parametrize("latex", WELL_FORMED_MATH)
def test_well_formed_math_is_accepted(latex):
    assert textguard.latex_reason(latex) is None


def test_every_command_that_reads_arguments_is_whitelisted():
    from catalog import mathsyntax

    assert {*mathsyntax.ARGUMENTS, *mathsyntax.SIZED} <= textguard.MATH_COMMANDS


def test_each_malformed_latex_field_of_a_record_is_reported(tmp_path):
    """All of a record's malformed LaTeX fields in one run, each as path:line: field: message."""
    text = MINIMAL.replace("    expression:", "    survey_latex: '\\left( x'\n    expression:").replace(
        "sources: [other]", "sources: [other]\nsurvey: {citation: C, table7: {form_latex: 'L = \\frac{A}'}}")
    path = tmp_path / "minimal.yaml"
    path.write_text(text, encoding="utf-8")
    paper, issues = records.load_file(path)
    assert paper is None
    assert [str(i).split("/")[-1] for i in issues] == [
        "minimal.yaml:8: survey.table7.form_latex: '\\frac' at position 4 takes 2 arguments, has 1 (write \\frac{...}{...})",
        "minimal.yaml:14: laws[0].survey_latex: '\\left' at position 0 has no '\\right'"]


def test_every_latex_field_is_checked(tmp_path):
    text = MINIMAL.replace("    expression:", "    survey_latex: \\input{/etc/passwd}\n    expression:")
    path = tmp_path / "minimal.yaml"
    path.write_text(text, encoding="utf-8")
    paper, issues = records.load_file(path)
    assert paper is None and [i.field for i in issues] == ["laws[0].survey_latex"]
    assert "\\input" in issues[0].message
    with pytest.raises(ValidationError, match="not allowed"):
        Paper.model_validate({**yamlio.load_text(MINIMAL), "survey": {
            "citation": "X (2024)", "table7": {"form_latex": r"\openin5=/etc/passwd"}}})


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x08", "\x0b", "\x0c", "\r", "\x1b", "\x1f", "\x7f", "\x80", "\x9b",
                                  "\x9d", "\u202e", "\u2066"])
def test_control_characters_are_refused_in_text(char):
    assert textguard.control_character_reason(f"a{char}b")
    with pytest.raises(ValidationError, match=f"U\\+{ord(char):04X}"):
        Bibliography(title=f"Scaling{char}laws", authors=["A"], year=2024, bibtex_key="k")


def test_every_refused_character_is_found_by_the_printable_test_first():
    # holds_refused and control_character_reason pass printable text without searching it: each
    # refused code point (of REFUSED, which a later Unicode may widen) must be unprintable to Python
    for low, high in textguard.REFUSED:
        for code_point in range(low, high + 1):
            text = f"plain {chr(code_point)} text"
            assert not text.isprintable(), f"U+{code_point:04X}"
            assert textguard.holds_refused(text) and textguard.control_character_reason(text), f"U+{code_point:04X}"
    for text in ("", "plain", "caf\u00e9 \u4e2d \U0001f469\u200d\U0001f52c", "line one\n\tline two", "\u00a0\u3000"):
        assert not textguard.holds_refused(text) and textguard.control_character_reason(text) is None


def test_newline_and_tab_are_text():
    assert textguard.control_character_reason("line one\n\tline two") is None
    Bibliography(title="one line\twith tab", authors=["A"], year=2024, bibtex_key="k")


@pytest.mark.parametrize("field, value", [("title", "T\nhoffmann2022  Training"), ("authors", ["A\nB"]),
                                          ("venue", "V\nerror: forged"), ("publisher", "P\n")])
def test_a_name_printed_as_one_line_refuses_a_line_break(field, value):
    # a title, author or venue is one row of a listing: a line break there printed rows of its own
    data = {"title": "T", "authors": ["A"], "year": 2024, "bibtex_key": "k", field: value}
    with pytest.raises(ValidationError, match="a line break is not allowed here"):
        Bibliography(**data)


@pytest.mark.parametrize("field, value", [
    ("authors", ["Ada\x1b]8;;https://evil\x07Lovelace"]), ("venue", "V\x9b2J"), ("url", "https://x.org/\x1b[2J"),
    ("doi", "10.1234/x\x07"), ("survey_citation", "K\x1b(0")])
def test_control_characters_are_refused_in_every_text_field(field, value):
    data = {"title": "T", "authors": ["A"], "year": 2024, "bibtex_key": "k", field: value}
    with pytest.raises(ValidationError, match="control character"):
        Bibliography(**data)


@pytest.mark.parametrize("char, name", [
    ("\u200b", "ZERO WIDTH SPACE"), ("\u200e", "LEFT-TO-RIGHT MARK"), ("\u200f", "RIGHT-TO-LEFT MARK"),
    ("\u061c", "ARABIC LETTER MARK"), ("\u2060", "WORD JOINER"), ("\ufeff", "ZERO WIDTH NO-BREAK SPACE"),
    ("\u2028", "LINE SEPARATOR"), ("\u202e", "RIGHT-TO-LEFT OVERRIDE"), ("\u2067", "RIGHT-TO-LEFT ISOLATE"),
    # tag characters spell ASCII invisibly ('ASCII smuggling': Ada<TAG I><TAG G>... prints as 'Ada'),
    # the interlinear annotation controls hide their annotation, the deprecated format characters print as nothing
    ("\U000e0049", "TAG LATIN CAPITAL LETTER I"), ("\U000e0001", "LANGUAGE TAG"), ("\U000e007f", "CANCEL TAG"),
    ("\ufff9", "INTERLINEAR ANNOTATION ANCHOR"), ("\ufffb", "INTERLINEAR ANNOTATION TERMINATOR"),
    ("\u206a", "INHIBIT SYMMETRIC SWAPPING"), ("\u206f", "NOMINAL DIGIT SHAPES")])
def test_invisible_and_bidirectional_characters_are_refused(char, name):
    # a DOI or a name with a zero-width space prints like the real one and differs from it; a
    # bidirectional mark or override reorders what a reader sees of the text around it
    with pytest.raises(ValidationError, match=f"U\\+{ord(char):04X} \\({name}\\) at position 4"):
        Bibliography(title="T", authors=[f"Ada {char}Lovelace"], year=2024, bibtex_key="k")


def test_every_refused_or_unassigned_code_point_is_unprintable():
    # record_text_reason answers a printable text at once (str.isprintable: a record's whole JSON,
    # read from a --db each time a command runs): that is sound only while no code point it refuses
    # is printable to Python
    printable = "".join(c for c in map(chr, range(0x110000)) if c.isprintable())
    assert textguard._CONTROL.search(printable) is None
    assert not [c for c in set(printable) if unicodedata.category(c) == "Cn"]
    for text in ("a\u0378b", "a\uffffb", "a\U0010ffffb", "a\u202eb", "a\x1bb", "a\tb\u0378"):
        assert textguard.record_text_reason(text), repr(text)


def test_an_unassigned_tag_code_point_is_refused_with_its_reason():
    # U+E0002 has no name: its reason raised ValueError('no such name'), which validation printed
    assert "U+E0002 (unassigned) at position 1" in textguard.control_character_reason("a\U000e0002b")
    with pytest.raises(ValidationError, match="U\\+E0002 \\(unassigned\\)"):
        Bibliography(title="T", authors=["Ada \U000e0002Lovelace"], year=2024, bibtex_key="k")


def test_joiners_scripts_need_are_text():
    # zero-width joiner and non-joiner shape Indic and Persian script and join emoji
    assert textguard.control_character_reason("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645 \U0001f469\u200d\U0001f52c") is None


def test_control_characters_are_refused_in_nicknames(tmp_path):
    # a nickname reaches the terminal as the help text of shell completion and in "did you mean"
    # hints; an escape sequence there would retitle or clear the user's terminal
    text = MINIMAL.replace("sources:", 'nicknames: ["Evil\\e]0;pwned\\a\\e[2J"]\nsources:')
    path = tmp_path / "minimal.yaml"
    path.write_text(text, encoding="utf-8")
    paper, issues = records.load_file(path)
    assert paper is None and [(i.line, i.field) for i in issues] == [(7, "nicknames[0]")]
    assert "control character U+001B" in issues[0].message


def test_validation_messages_quoting_the_file_send_no_escape_sequence(tmp_path):
    # an unknown key, a TODO hint and a file name are quoted before any validation has refused
    # their control characters: validate printed them raw (the terminal ran them)
    from click.testing import CliRunner

    from catalog.cli import cli

    (tmp_path / "key2024.yaml").write_text(MINIMAL.replace("minimal", "key2024").replace(
        "sources:", '"\\e]0;pwned\\a": 1\n"a[1]": 2\nsources:'), encoding="utf-8")
    (tmp_path / "todo2024.yaml").write_text(MINIMAL.replace("minimal", "todo2024").replace(
        "title: A todo2024 record", 'title: "TODO: \\e]0;pwned\\a\\nsecond line"'), encoding="utf-8")
    (tmp_path / "\x1b[2J.yaml").write_text(MINIMAL, encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", str(tmp_path)])
    assert result.exit_code == 1 and "\x1b" not in result.output and "\x07" not in result.output
    lines = result.output.splitlines()
    assert lines[:-1] == sorted(lines[:-1]) and len(lines) == 5, result.output  # one line each
    assert f"{tmp_path}/\\x1b[2J.yaml:1: id: " in lines[0]
    assert lines[1:4] == [f"{tmp_path}/key2024.yaml:7: \\x1b]0;pwned\\x07: unknown field",
                          f"{tmp_path}/key2024.yaml:8: a[1]: unknown field",  # its line and field kept
                          f"{tmp_path}/todo2024.yaml:3: bibliography.title: to fill: \\x1b]0;pwned\\x07\\nsecond line"]


def test_control_characters_in_law_and_symbol_text():
    law = yamlio.load_text(MINIMAL)["laws"][0]
    law["symbols"]["N"]["meaning"] = "Parameters\x1b[31m"
    with pytest.raises(ValidationError, match="control character U\\+001B"):
        Law.model_validate(law)


# A record whose every field printed in one row of a terminal listing or table holds a line break:
# 'catalog eval' printed the check's locator and the conventions at the start of a line of their own
# ('error: forged' on column 0), 'catalog show' and 'checklist' the meanings, citations, datasets,
# fitting entries and survey cells as rows of their own.
ONE_LINE_FIELDS = {
    "bibliography.survey_citation": ("  bibtex_key: minimal", "  bibtex_key: minimal\n  survey_citation: 'S\n\n  error: forged'"),
    "datasets[0]": ("sources: [other]", "sources: [other]\ndatasets: ['C4\n\n  error: forged']"),
    "survey.citation": ("sources: [other]", "sources: [other]\nsurvey: {citation: 'C\n\n  error: forged'}"),
    "survey.table6.category": ("sources: [other]", "sources: [other]\nsurvey: {citation: C, table6: {category: 'x\n\n  error: forged'}}"),
    "survey.table7.dependent_variable": ("sources: [other]", "sources: [other]\nsurvey: {citation: C, table7: {dependent_variable: 'L\n\n  error: forged'}}"),
    "survey.insights[0].key_insights": ("sources: [other]", "sources: [other]\nsurvey: {citation: C, insights: [{table: 2, key_insights: 'k\n\n  error: forged', applicability: a}]}"),
    "model_range.printed": ("sources: [other]", "sources: [other]\nmodel_range: {printed: '1M - 1B\n\n  error: forged', min: 1e6, max: 1e9, unit: parameters}"),
    "laws[0].symbols.L.meaning": ("meaning: Loss,", "meaning: 'Loss\n\n        error: forged',"),
    "laws[0].symbols.N.range.source": ('max: 1e9, source: "Table 1 (fixture)"}', "max: 1e9, source: 'Fig. 1\n\n        error: forged'}"),
    "laws[0].constant_sets[0].locator": ('locator: "Table 1"', 'locator: "Table 1\\nerror: forged"'),
    "laws[0].fitting.method": ("    constant_sets:", "    fitting: {method: 'm\n\n      error: forged'}\n    constant_sets:"),
    "laws[0].conventions.compute": ("    constant_sets:", "    conventions: {compute: 'c\n\n      error: forged'}\n    constant_sets:"),
    "laws[0].errata[0].where": ("    constant_sets:", "    errata: [{kind: typo, where: 'w\n\n      error: forged', note: n}]\n    constant_sets:"),
    "laws[0].check_values[0].locator": ("values: {E: 1.5, A: 4.0e2, alpha: 0.3}", "values: {E: 1.5, A: 4.0e2, alpha: 0.3}\n"
                                        "    check_values:\n      - {origin: printed, locator: \"T2\\nerror: forged\", "
                                        "inputs: {N: 1e8}, expected: {L: 1.5159}, rel_tol: 0.01, source: s}"),
}


@pytest.mark.parametrize("field", sorted(ONE_LINE_FIELDS))
def test_every_field_printed_as_one_line_refuses_a_line_break(tmp_path, field):
    old, new = ONE_LINE_FIELDS[field]
    assert old in MINIMAL
    path = tmp_path / "minimal.yaml"
    path.write_text(MINIMAL.replace(old, new, 1), encoding="utf-8")
    paper, issues = records.load_file(path)
    assert paper is None, field
    assert any(i.field == field and "a line break is not allowed here" in i.message for i in issues), \
        [str(i) for i in issues]
