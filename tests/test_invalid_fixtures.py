"""Each file in tests/fixtures/invalid asserts its own error, named by its first line:
``# expect: LINE: FIELD: MESSAGE`` (message may be a prefix)."""

from __future__ import annotations

import pytest

from catalog import records
from tests.conftest import FIXTURES, minimal_edited

CASES = sorted((FIXTURES / "invalid").glob("*.yaml"))


def expected(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# expect: "), f"{path.name} lacks an '# expect:' line"
    return first.removeprefix("# expect: ")


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_invalid_case_reports_its_error(path):
    paper, issues = records.load_file(path)
    assert paper is None
    want = expected(path)
    rendered = [str(i).split(":", 1)[1].strip() for i in issues]
    assert any(r.startswith(want) for r in rendered), f"wanted {want!r}, got {rendered}"
    assert all(i.path.endswith(path.name) for i in issues)


def test_there_are_invalid_cases_for_each_required_kind():
    names = {p.stem for p in CASES}
    assert {"bad_yaml", "unknown_field", "undeclared_symbol", "code_injection", "malformed_range",
            "set_range_not_input", "set_range_without_source", "set_range_backwards", "symbol_without_unit"} <= names


def test_valid_fixture_passes():
    paper, issues = records.load_file(FIXTURES / "valid" / "minimal.yaml")
    assert issues == [] and paper.id == "minimal"


def test_a_constant_set_may_carry_its_own_fitted_range():
    paper, issues = records.load_file(FIXTURES / "valid" / "set_ranges.yaml")
    assert issues == []
    large, small = paper.laws[0].constant_sets
    assert large.ranges == {}
    assert (small.ranges["N"].min, small.ranges["N"].max, small.ranges["N"].source) == (1e6, 5e7, "Table 2 (the small sweep)")


def test_duplicate_id_across_directories():
    papers, issues = records.load_all([FIXTURES / "duplicate_id" / "one", FIXTURES / "duplicate_id" / "two"])
    assert [p.id for p in papers] == ["twin"]
    assert any("duplicate id 'twin'" in i.message and i.field == "id" for i in issues)


def test_all_errors_are_reported_in_one_run():
    papers, issues = records.load_all([FIXTURES / "invalid"])
    assert papers == []
    assert {i.path.rsplit("/", 1)[-1] for i in issues} == {p.name for p in CASES}


def test_cross_record_errors_name_their_lines():
    papers, issues = records.load_all([FIXTURES / "cross"])
    rendered = sorted(str(i).split("/")[-1] for i in issues)
    assert rendered == [
        # one record each: neither spelling is the usual one, so both are named
        "other.yaml:7: bibliography.venue: ICLR 2024 is also spelled 'International Conference on Learning "
        "Representations (ICLR 2024)' by related: one spelling per conference and year (the proceedings' own name, "
        "as most records spell it)",
        "related.yaml:2: nicknames[0]: nickname 'shared-name' also names other",
        "related.yaml:2: nicknames[1]: nickname 'other' is a paper's id (an id is looked up first)",
        "related.yaml:31: relations[0].target: relation target 'nosuchpaper' is not a known paper id",
        "related.yaml:7: bibliography.venue: ICLR 2024 is also spelled 'The Twelfth International Conference on "
        "Learning Representations (ICLR 2024)' by other: one spelling per conference and year (the proceedings' own "
        "name, as most records spell it)",
        "related.yaml:8: bibliography.bibtex_key: bibtex key 'shared_key' is also used by other",
    ]


def test_a_new_spelling_is_named_not_the_records_spelling_it_as_most_do(tmp_path):
    """The first record read (in file order) set the spelling: a record a pull request adds as
    aaa2024.yaml with 'Evil Workshop (ICLR 2024)' passed, and the three records spelling ICLR 2024
    as the proceedings do were named instead. The spelling most records use is the one."""
    text = (FIXTURES / "valid" / "minimal.yaml").read_text(encoding="utf-8")
    usual = "The Twelfth International Conference on Learning Representations (ICLR 2024)"
    for paper_id, venue in (("aaa2024", "Evil Workshop (ICLR 2024)"), ("bbb2024", usual), ("ccc2024", usual),
                            ("ddd2024", usual)):
        (tmp_path / f"{paper_id}.yaml").write_text(
            text.replace("id: minimal", f"id: {paper_id}").replace("bibtex_key: minimal", f"bibtex_key: {paper_id}")
            .replace("  year: 2024\n", f"  year: 2024\n  venue: {venue}\n"), encoding="utf-8")
    papers, issues = records.load_all([tmp_path])
    assert [(i.path.rsplit("/", 1)[-1], i.line, i.field) for i in issues] == [("aaa2024.yaml", 6, "bibliography.venue")]
    assert issues[0].message.startswith(f"ICLR 2024 is also spelled {usual!r} by bbb2024, ccc2024, ddd2024: ")


@pytest.mark.parametrize("venue, event", [
    ("The Thirteenth International Conference on Learning Representations (ICLR 2025)", "ICLR 2025"),
    ("Proceedings of the 63rd Annual Meeting of the Association for Computational Linguistics (Volume 1: Long Papers) "
     "(ACL 2025)", "ACL 2025 (Volume 1)"),  # the volume's parentheses name no year
    # another volume or track is other proceedings: a short paper's record was refused as another
    # spelling of the long papers' (and the Datasets and Benchmarks track, of the main track's)
    ("Proceedings of the 63rd Annual Meeting of the Association for Computational Linguistics (Volume 2: Short Papers) "
     "(ACL 2025)", "ACL 2025 (Volume 2)"),
    ("Advances in Neural Information Processing Systems 37 (NeurIPS 2024) Datasets and Benchmarks Track",
     "NeurIPS 2024 Datasets and Benchmarks Track"),
    ("Machine Learning and Knowledge Discovery in Databases: European Conference (ECML PKDD 2022)", "ECML PKDD 2022"),
    ("Findings of the Association for Computational Linguistics: ACL 2025", None),  # not the main proceedings' key
    ("Transactions on Machine Learning Research", None),
    ("arXiv preprint (technical report, DeepMind)", None),
    (None, None),
])
def test_the_conference_and_year_a_venue_names(venue, event):
    from catalog import reference

    assert reference.conference_year(venue) == event


def test_one_spelling_of_a_conference_year_is_no_error(tmp_path):
    # the same spelling twice, and another conference's or year's spelling, pass; and two volumes of
    # one conference's proceedings (ACL's long and short papers), which are not two spellings of one
    acl = "Proceedings of the 63rd Annual Meeting of the Association for Computational Linguistics"
    venues = {"a": "The Twelfth International Conference on Learning Representations (ICLR 2024)",
              "b": "The Twelfth International Conference on Learning Representations (ICLR 2024)",
              "c": "International Conference on Learning Representations (ICLR 2025)",
              "d": f"{acl} (Volume 1: Long Papers) (ACL 2025)", "e": f"{acl} (Volume 2: Short Papers) (ACL 2025)"}
    text = (FIXTURES / "valid" / "minimal.yaml").read_text(encoding="utf-8")
    for stem, venue in venues.items():
        year = venue[-5:-1]
        record = text.replace("id: minimal", f"id: {stem}").replace("bibtex_key: minimal", f"bibtex_key: {stem}")
        bib = record.index("  year: ")
        end = record.index("\n", bib)
        (tmp_path / f"{stem}.yaml").write_text(record[:bib] + f'  year: {year}\n  venue: "{venue}"' + record[end:],
                                               encoding="utf-8")
    papers, issues = records.load_all([tmp_path])
    assert issues == [] and sorted(p.bibliography.venue for p in papers) == sorted(venues.values())


def test_a_formula_error_does_not_hide_the_constant_sets_errors():
    """An expression with undeclared symbols was the law's only error: the constant set missing a
    value came out one validate run later."""
    _, issues = records.load_file(FIXTURES / "invalid" / "undeclared_symbols.yaml")
    assert [(i.line, i.field, i.message) for i in issues] == [
        (14, "laws[0].expression",
         "undeclared symbols 'B', 'D' and 'beta' (declare each under symbols with its role and meaning, e.g. "
         "B: {role: parameter, meaning: ...})"),
        (27, "laws[0].constant_sets[0].values", "constant set 'fit' does not set: alpha")]


def test_every_input_and_output_needs_a_unit_and_no_other_role_does():
    """A user evaluating a law reads the unit of what goes in and what comes out (eval, predict and
    the calculator print it): both symbols lacking one are reported, each on its own line; the
    parameters, which have none, are not."""
    _, issues = records.load_file(FIXTURES / "invalid" / "symbol_without_unit.yaml")
    assert [(i.line, i.field, i.message.split(":")[0]) for i in issues] == [
        (16, "laws[0].symbols.L", "an 'output' symbol needs a unit"),
        (17, "laws[0].symbols.N", "an 'input' symbol needs a unit")]


def test_a_law_may_state_conditions_over_its_inputs():
    paper, issues = records.load_file(FIXTURES / "valid" / "conditions.yaml")
    assert issues == []
    assert [(c.expression, c.source) for c in paper.laws[0].conditions] == [("N <= D", "test fixture")]


def test_a_code_point_this_unicode_does_not_assign_is_refused_wherever_it_stands(tmp_path):
    """U+A7CB is a letter of Unicode 16 (RAMS HORN, lowercase U+0264) and unassigned in this
    Python's Unicode: the site's search list lowercased it otherwise than the browser, and a
    terminal guesses its width. Refused in a field, a key and a comment (a noncharacter too), each
    at its line, in one run."""
    import unicodedata

    from click.testing import CliRunner

    from catalog.cli import cli

    if unicodedata.category("\ua7cb") != "Cn":
        pytest.skip("this Python's Unicode assigns U+A7CB")
    path = minimal_edited(tmp_path, (("title: A minimal record", "title: A minimal \ua7cbecord"),
                                     ("authors: [Ada Lovelace]", "authors: [Ada Lovelace]  # \U00010d50"),
                                     ("meaning: Coefficient", "meaning: Coefficient \ufdd0")))
    paper, issues = records.load_file(path)
    assert paper is None
    got = [(i.line, i.field, i.message.split(" at position")[0]) for i in issues]
    assert got == [(3, "bibliography.title", "unassigned code point U+A7CB"),
                   (4, "", "unassigned code point U+10D50"),
                   (18, "laws[0].symbols.A.meaning", "unassigned code point U+FDD0")]
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert f"{path.name}:3: bibliography.title: unassigned code point U+A7CB at position 10 is not allowed" in result.output


@pytest.mark.parametrize("separator", ["\x85", "\u2028", "\u2029"])
def test_a_line_separator_moves_no_later_line_and_is_named_beside_a_yaml_error(tmp_path, separator):
    """YAML 1.1 ends a line at NEL, LS and PS too, which editors, diffs and the validator's message on
    the character do not: a field after a quoted title holding one was reported a line too low, and a
    comment holding one broke the YAML at a line where nothing shows ('could not find expected :'),
    without naming the character."""
    plain = (FIXTURES / "valid" / "minimal.yaml").read_text(encoding="utf-8").split("\n")
    assert plain[2] == "  title: A minimal record" and plain[10] == "    dependent_variable: loss"
    path = tmp_path / "minimal.yaml"
    lines = list(plain)
    lines[2] = f'  title: "A minimal{separator}record"'
    lines[10] = "    dependent_variable: [loss]"
    path.write_text("\n".join(lines), encoding="utf-8")
    issues = records.load_file(path)[1]
    assert [i.line for i in issues] == [3, 11] and issues[1].field == "laws[0].dependent_variable", issues
    lines = list(plain)
    lines[2] += f" # a{separator}b"
    path.write_text("\n".join(lines), encoding="utf-8")
    issues = records.load_file(path)[1]
    assert [i.line for i in issues] == [3, 4] and issues[1].message.startswith("invalid YAML"), issues
    assert f"U+{ord(separator):04X}" in issues[0].message  # what broke the YAML there


@pytest.mark.parametrize("newline", [b"\r", b"\r\n", b"\n\r"])
def test_a_record_file_that_is_not_utf8_is_refused_at_its_line_whatever_its_line_ends(tmp_path, newline):
    """A record saved with classic Mac line ends (a bare CR) was 'line 1: ... at column 32': the line
    counted LF bytes alone, where the reading of the text (universal newlines), the YAML parser's
    and the validator's lines, and an editor count a CR, a CRLF and an LF as one line end each."""
    path = tmp_path / "x.yaml"
    path.write_bytes(newline.join([b"id: x", b"a: 1", b"b: caf\xe9", b""]))
    lines = {b"\r": 3, b"\r\n": 3, b"\n\r": 5}[newline]  # LF then CR: two line ends each
    assert [(i.line, i.message) for i in records.load_file(path)[1]] == [
        (lines, "not UTF-8 text (byte 0xe9 at column 7); save the record as UTF-8")]


@pytest.mark.parametrize("tail, byte, column", [(b"b: caf\xe9\n", "e9", 7),  # Latin-1
                                                (b"b: \xe2\x82", "e2", 4),  # a character cut at the end
                                                # the column of characters, as an editor shows it, not of
                                                # bytes: 'é' before it is one character of two bytes
                                                (b"b: \xc3\xa9\xe9\n", "e9", 5)])
def test_a_record_file_that_is_not_utf8_is_refused_at_its_line(tmp_path, tail, byte, column):
    """A record saved as Latin-1 was 'line 1: cannot read file: 'utf-8' codec can't decode byte 0xe9
    in position 18', a position of the decoder's chunk; now its line and column, as catalog new
    says of a .bib entry (textguard.not_utf8)."""
    path = tmp_path / "x.yaml"
    path.write_bytes(b"id: x\n" + b"a: " + b"x" * 20000 + b"\n" + tail)
    paper, issues = records.load_file(path)
    assert paper is None
    assert [(i.line, i.field, i.message) for i in issues] == [
        (3, "", f"not UTF-8 text (byte 0x{byte} at column {column}); save the record as UTF-8")]


def test_a_text_of_spaces_alone_is_no_text(tmp_path):
    """A primary set must say where its values are printed: locator '   ' passed as that place, and
    catalog cite wrote '\\cite[   ]{key}', predict's footnote '[1] Lovelace (2024),    '. A required
    text (a locator, a label, a source, a name) of spaces or tabs alone is refused, each at its line."""
    path = minimal_edited(tmp_path, (('locator: "Table 1"', 'locator: "   "'), ("label: Fit", 'label: "\\t "'),
                                     ("source: test fixture", "source: ' '")))
    paper, issues = records.load_file(path)
    assert paper is None
    got = {i.field: i.message for i in issues}
    for field in ("locator", "label", "source"):
        assert "blank" in got[f"laws[0].constant_sets[0].{field}"], issues


@pytest.mark.parametrize("form", ["crlf", "bom-crlf"])
def test_a_record_saved_on_windows_gives_the_same_errors_on_the_same_lines(form, tmp_path):
    """A Windows checkout (git's autocrlf) writes CRLF line ends, and some Windows editors a UTF-8
    byte-order mark first: each fixture so saved reads as it does with LF, every error on its line,
    and no U+FEFF 'invisible character' error at line 1 (it was, for a mark)."""
    for path in [*CASES, *sorted((FIXTURES / "valid").glob("*.yaml"))]:
        raw = path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        copy = tmp_path / path.name
        copy.write_bytes((b"\xef\xbb\xbf" if form == "bom-crlf" else b"") + raw)
        lf_paper, lf_issues = records.load_file(path)
        paper, issues = records.load_file(copy)
        assert [(i.line, i.field, i.message) for i in issues] == [(i.line, i.field, i.message) for i in lf_issues], path.name
        assert (paper is None) == (lf_paper is None), path.name
