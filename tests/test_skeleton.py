"""`catalog new`: the bibliography of a record skeleton read from a BibTeX entry."""

from __future__ import annotations

from catalog import records, skeleton

PMLR_ENTRY = """@InProceedings{pmlr-v162-clark22a,
  title = {Unified Scaling Laws for Routed Language Models},
  author = {Clark, Aidan and De Las Casas, Diego},
  booktitle = {Proceedings of the 39th International Conference on Machine Learning},
  pages = {4057--4086},
  year = {2022},
  volume = {162},
  series = {Proceedings of Machine Learning Research},
  publisher = {PMLR},
}
"""


def test_volume_pages_and_publisher_get_their_own_fields():
    # the record's venue must not hold them (the schema refuses pages inside a venue)
    bib = skeleton.parse_bibtex(PMLR_ENTRY)
    assert bib["venue"] == "Proceedings of the 39th International Conference on Machine Learning"
    assert (bib["volume"], bib["pages"], bib["publisher"]) == ("162", "4057-4086", "PMLR")
    assert "number" not in bib


def test_a_journal_issue_and_odd_pages():
    entry = """@article{x, title={T}, author={A, B}, journal={Journal of Machine Learning Research},
      volume={23}, number={9}, pages={1 -- 34}, year={2022}}"""
    bib = skeleton.parse_bibtex(entry)
    assert (bib["venue"], bib["volume"], bib["number"], bib["pages"]) == ("Journal of Machine Learning Research", "23", "9", "1-34")
    assert "publisher" not in bib
    weird = skeleton.parse_bibtex(entry.replace("1 -- 34", "i, 1-34 and 40"))
    assert "pages" not in weird  # not a range the schema takes: left for the contributor


def test_an_undefined_string_macro_is_an_error_not_a_traceback(tmp_path):
    from click.testing import CliRunner

    from catalog.cli import cli

    entry = '@article{k, title = "Scaling" # laws, year = {2024}}'  # 'laws' is no @string
    result = CliRunner().invoke(cli, ["new", "smith2026", "--dir", str(tmp_path)], input=entry)
    assert result.exit_code == 2 and result.exception is None or isinstance(result.exception, SystemExit)
    assert result.output.strip() == ("error: the entry uses the string macro 'laws', which no @string defines "
                                     "(write the value in braces, e.g. title = {...})")
    assert not list(tmp_path.iterdir())
    assert skeleton.parse_bibtex('@string{laws = {Laws}} @article{k, title = "Scaling " # laws}')["title"] == "Scaling Laws"


def test_an_id_with_a_trailing_newline_is_refused(tmp_path):
    from click.testing import CliRunner

    from catalog.cli import cli

    result = CliRunner().invoke(cli, ["new", "smith2026\n", "--dir", str(tmp_path)], input="")
    assert result.exit_code == 2 and "record id 'smith2026\\n'" in result.output
    assert not list(tmp_path.iterdir())


def test_a_number_typed_inside_the_skeletons_quotes_says_to_drop_them(tmp_path):
    """The skeleton quotes a number's TODO ('E: "TODO: printed value of E"'); typing the value inside
    the quotes made it text, and validate said only 'Input should be a valid number'. The header
    says to replace the quotes too, and validate says so at each such value."""
    from catalog import records

    text = skeleton.render("babbage2026", skeleton.parse_bibtex(PMLR_ENTRY))
    assert "A number or true/false replaces its whole quoted TODO, quotes included" in text
    filled = text.replace('"TODO: printed value of E"', '"1.69"').replace(
        '"TODO: true if the training code is released, else false"', '"true"')
    path = tmp_path / "babbage2026.yaml"
    path.write_text(filled, encoding="utf-8")
    _, issues = records.load_file(path)
    messages = {i.field: i.message for i in issues}
    assert messages["laws[0].constant_sets[0].values.E"] == (
        "Input should be a valid number (write 1.69 without quotes: quoted, a number is text)")
    assert messages["reproducibility.training_code"] == (
        "Input should be a valid boolean (write true without quotes: quoted, it is text)")


def test_the_skeleton_asks_for_the_unit_of_its_output_and_input(tmp_path):
    # the schema requires one for every input and output: the skeleton marks both as to fill
    path = tmp_path / "doe2024.yaml"
    path.write_text(skeleton.render("doe2024"), encoding="utf-8")
    _, issues = records.load_file(path)
    to_fill = {i.field: i.message for i in issues if i.field.endswith(".unit")}
    assert set(to_fill) == {"laws[0].symbols.L.unit", "laws[0].symbols.N.unit"}
    assert all(m.startswith("to fill: e.g. ") for m in to_fill.values())


TEX_ENTRY = r"""@article{smith2026,
  title = {Scaling \input{/etc/passwd} Laws for \LaTeX},
  author = {M{\"u}ller, J{\"o}rg and Smith, Jane},
  journal = {Journal of Caf{\'e} \& {\ss}tudies},
  publisher = {\textbf{Bold} Press},
  year = {2026}
}
"""


def test_a_tex_command_with_no_faithful_conversion_keeps_the_field_as_written():
    # bibtexparser's latex_to_unicode read \input as \i + 'nput' and \LaTeX as \L + 'aTeX': the title
    # became 'Scaling ınput/etc/passwd Laws for ŁaTeX', silently
    bib, notes = skeleton.read_bibtex(TEX_ENTRY)
    assert bib["title"] == r"Scaling \input{/etc/passwd} Laws for \LaTeX"
    assert bib["publisher"] == r"\textbf{Bold} Press"
    assert bib["authors"] == ["Jörg Müller", "Jane Smith"]  # accents convert faithfully
    assert bib["venue"] == "Journal of Café & ßtudies"
    assert notes == [
        "publisher: kept as the entry writes it ('publisher' holds the TeX command '\\textbf', which has no "
        "faithful conversion to text); write it as the paper prints it",
        "title: kept as the entry writes it ('title' holds the TeX command '\\input', which has no faithful "
        "conversion to text); write it as the paper prints it"]


def test_new_names_a_field_kept_as_written_and_validate_refuses_it_at_its_line(tmp_path):
    from click.testing import CliRunner

    from catalog.cli import cli

    bib = tmp_path / "entry.bib"
    bib.write_text(TEX_ENTRY, encoding="utf-8")
    result = CliRunner().invoke(cli, ["new", "smith2026", "--bib", str(bib), "--dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "warning: title: kept as the entry writes it ('title' holds the TeX command '\\input'" in result.output
    _, issues = records.load_file(tmp_path / "smith2026.yaml")
    [title] = [i for i in issues if i.field == "bibliography.title"]
    assert (title.line, title.message.split(":")[0]) == (8, "the TeX command '\\input' is not text")


def test_an_article_number_as_pages_is_kept():
    """PNAS prints an article number (eLocator) for pages, e2311878121: eleven characters, one more
    than a page took, so 'catalog new' dropped it silently and the schema refused it written in."""
    from catalog.schema import Bibliography

    entry = ("@article{bahri2024, title={Explaining neural scaling laws}, author={Bahri, Yasaman}, "
             "journal={Proceedings of the National Academy of Sciences}, volume={121}, number={27}, "
             "pages={e2311878121}, year={2024}, doi={10.1073/pnas.2311878121}}")
    bib = skeleton.parse_bibtex(entry)
    assert bib["pages"] == "e2311878121"
    assert Bibliography.model_validate({"title": "t", "authors": ["A B"], "year": 2024, "bibtex_key": "k",
                                        "pages": bib["pages"]}).pages == "e2311878121"


def test_pages_volume_or_number_the_record_cannot_take_are_named_not_dropped_silently():
    """A BibTeX value the schema's pattern refuses was left out of the skeleton without a word (pages
    'S1-S20, 45', a 13-character article number, a volume '12 (suppl.)'): the contributor never
    learnt the field was lost. Each is named in a note, quoted and cut short; an en dash between
    pages (4057–4086, as some exporters write it) is the hyphen BibTeX's '--' becomes."""
    entry = ("@article{k, title={T}, author={Bahri, Yasaman}, year={2024}, volume={12 (suppl.)}, "
             "number={3}, pages={S1-S20, 45" + "x" * 200 + "}}")
    bib, notes = skeleton.read_bibtex(entry)
    assert "pages" not in bib and "volume" not in bib and bib["number"] == "3"
    assert [note.split(" (")[0] for note in notes] == ["volume: not taken from the entry", "pages: not taken from the entry"]
    assert "'12 (suppl.)'" in notes[0] and "'S1-S20, 45xxx" in notes[1] and "(210 characters)" in notes[1]
    assert max(len(note) for note in notes) < 300  # the value quoted cut short
    bib, notes = skeleton.read_bibtex("@article{k, title={T}, pages={4057\u20134086}, volume={7}}")
    assert (bib["pages"], bib["volume"], notes) == ("4057-4086", "7", [])


def test_new_says_which_fields_of_the_entry_it_could_not_take(tmp_path):
    """'catalog new' dropped pages it could not read (a range in words, roman numerals plus a count),
    a volume of two words, a year 'to appear' and a url without a scheme without a word: the
    skeleton simply lacked them. Each is now a warning naming the field and what it held."""
    from click.testing import CliRunner

    from catalog.cli import cli

    entry = ("@inproceedings{smith2026, title={Scaling Laws}, author={Smith, Jane}, booktitle={Proc. X}, "
             "year={to appear}, volume={Part II}, number={4}, pages={xii + 34 pp.}, url={www.example.org/p}}")
    bib, notes = skeleton.read_bibtex(entry)
    assert (bib["number"], {"year", "volume", "pages", "url"} & bib.keys()) == ("4", set())
    assert notes == [
        "year: not taken from the entry ('to appear' is not a four-digit year); write it from the paper",
        "volume: not taken from the entry ('Part II' is not one word of at most 10 letters and digits, e.g. 162 "
        "or 4); write it from the paper",
        "pages: not taken from the entry ('xii + 34 pp.' is not a page or a range such as 4057-4086, 35:1-35:24 "
        "or e2311878121); write it from the paper",
        "url: not taken from the entry ('www.example.org/p' is not an http:// or https:// address); write it "
        "from the paper"]
    result = CliRunner().invoke(cli, ["new", "smith2026", "--dir", str(tmp_path)], input=entry)
    assert result.exit_code == 0, result.output
    assert "warning: pages: not taken from the entry ('xii + 34 pp.'" in result.output
    assert "pages:" not in (tmp_path / "smith2026.yaml").read_text(encoding="utf-8")
    long_pages = skeleton.read_bibtex(entry.replace("xii + 34 pp.", "x " * 3000))[1]
    assert max(len(note) for note in long_pages) < 300  # a pasted page of text is quoted cut short


ARXIV_ARTICLE = """@article{kaplan2020scaling,
  title={Scaling Laws for Neural Language Models},
  author={Kaplan, Jared and McCandlish, Sam},
  journal={arXiv preprint arXiv:2001.08361},
  year={2020}
}
"""


def test_an_arxiv_article_entry_gives_a_misc_record_the_validator_takes(tmp_path):
    """Google Scholar and arXiv export a preprint as @article with journal 'arXiv preprint
    arXiv:...'; the skeleton kept bibtex_type article, which the schema refuses for an arXiv
    preprint, so the bibliography the skeleton wrote failed validation before any TODO was filled."""
    bib = skeleton.parse_bibtex(ARXIV_ARTICLE)
    assert (bib["venue"], bib["bibtex_type"], bib["arxiv"]) == ("arXiv preprint", "misc", "2001.08361")
    path = tmp_path / "kaplan2020.yaml"
    path.write_text(skeleton.render("kaplan2020", bib), encoding="utf-8")
    _, issues = records.load_file(path)
    assert [i for i in issues if i.field.startswith("bibliography")] == []
    assert all(i.message.startswith("to fill: ") for i in issues)


FILLED = {  # what a contributor writes in each TODO of the skeleton, by the start of its hint
    "one or two sentences": '"Fits a loss law."', "vocabulary: pre-training": "pre-training",
    "vocabulary: language": "language", "vocabulary: decoder-only": "decoder-only-transformer",
    "true if": "false", "a short slug": "loss-n", "the law as the paper": '"L(N)"',
    "vocabulary, the output": "loss", "vocabulary, the inputs": "model_parameters",
    "what the output is": '"validation loss"', "e.g. nats/token": "nats/token", "what the input is": '"parameters"',
    "e.g. parameters": "parameters", "smallest fitted": "1.0e6", "largest fitted": "1.0e9",
    "where the range is printed": '"Section 2"', "which fit": '"Table 2"', "where the values": '"Table 2"',
    "Table N, Eq. (N) or page N of": '"Table 2"', "printed value of E": "1.5", "printed value of A": "400",
    "printed value of alpha": "0.3", "the input the paper": "1.0e9", "the value printed": "2.2981",
    "where that number": '"Table 3"', "Table N, Eq. (N) or page N": '"Table 3"', "where the paper describes": '"Section 4"',
    "the arXiv id": '"2001.08361"', "the tokenizer tokens are counted in": '"GPT-2 BPE, 50,257 tokens (Section 2)"',
}


def test_the_skeleton_filled_in_every_todo_validates_and_asks_for_the_tokenizer(tmp_path):
    """Each TODO filled as its hint says, and nothing else touched, gives a record that validates
    (the optional parts shown as comments stay comments); the tokenizer is asked for, not left at
    'not stated' by default, and the fitting asks for its source."""
    import re

    text = skeleton.render("babbage2026", skeleton.parse_bibtex(PMLR_ENTRY))
    path = tmp_path / "babbage2026.yaml"
    path.write_text(text, encoding="utf-8")
    fields = {i.field for i in records.load_file(path)[1]}
    assert {"laws[0].conventions.tokenizer", "laws[0].fitting.source"} <= fields
    for marker in ("# conditions:", "no_printed_check_reason", "# tolerance_basis: fit_residual", "# model_range:",
                   "compute: not stated", "validation_set: not stated"):
        assert marker in text

    def fill(found: re.Match) -> str:
        hint = found.group(1)
        return next(value for start, value in FILLED.items() if hint.startswith(start))

    path.write_text(re.sub(r'"TODO: ([^"]*)"', fill, text), encoding="utf-8")
    paper, issues = records.load_file(path)
    assert issues == [] and paper.laws[0].conventions.tokenizer == "GPT-2 BPE, 50,257 tokens (Section 2)"
    # the commented examples are records' syntax: uncommented, they validate too
    uncommented = re.sub(r"(?m)^(\s*)# (tasks|model_range|data_range|conditions):", r"\1\2:",
                         path.read_text(encoding="utf-8"))
    uncommented = re.sub(r"(?m)^    #   - \{expression: U <= D", "      - {expression: N <= 1.0e9", uncommented)
    path.write_text(uncommented, encoding="utf-8")
    paper, issues = records.load_file(path)
    assert issues == [] and paper.model_range.max == 1.5e9 and paper.laws[0].conditions


def test_new_in_a_directory_of_ones_own_says_how_to_see_the_record_there(tmp_path):
    """A skeleton written outside data/papers ('--dir') is not one the other commands see: 'next'
    said only to validate it, and 'catalog show ID' then found no such record."""
    from click.testing import CliRunner

    from catalog.cli import cli

    result = CliRunner().invoke(cli, ["new", "smith2026", "--dir", str(tmp_path)], input=PMLR_ENTRY)
    assert result.exit_code == 0, result.output
    assert f"'catalog --data {tmp_path} show smith2026'" in result.output
    assert "CATALOG_DATA_DIRS" in result.output  # the per-record tests read it, see CONTRIBUTING.md


def test_new_refuses_an_id_the_catalog_has_and_offers_the_next_letter(tmp_path):
    """'catalog new kaplan2020 --dir DIR' wrote the skeleton; the clash showed only once the record
    was filled and validated ('duplicate id ... also in data/papers/kaplan2020.yaml')."""
    from click.testing import CliRunner

    from catalog.cli import cli

    result = CliRunner().invoke(cli, ["new", "kaplan2020", "--dir", str(tmp_path)], input="")
    assert result.exit_code == 1
    assert result.output.strip() == ("error: the catalog has a record kaplan2020 (data/papers/kaplan2020.yaml); "
                                     "add a letter to the id, e.g. kaplan2020a")
    assert not list(tmp_path.iterdir())
    assert CliRunner().invoke(cli, ["new", "kaplan2020a", "--dir", str(tmp_path)], input="").exit_code == 0


def test_new_never_writes_through_a_symlink_where_the_record_file_would_be(tmp_path):
    """A record directory can come from someone else's branch: a dangling symlink named like the new
    record (data/papers/smith2026.yaml -> ~/.profile.d/x.sh) made 'catalog new smith2026' create the
    file it points to, outside the directory ('exists()' follows the link and finds nothing)."""
    from click.testing import CliRunner

    from catalog.cli import cli

    records, elsewhere = tmp_path / "records", tmp_path / "elsewhere"
    records.mkdir()
    elsewhere.mkdir()
    (records / "smith2026.yaml").symlink_to(elsewhere / "planted.sh")
    result = CliRunner().invoke(cli, ["new", "smith2026", "--dir", str(records)], input="")
    assert result.exit_code == 1, result.output
    assert result.output.strip() == (f"error: {records / 'smith2026.yaml'} exists (a symbolic link); "
                                     "choose another ID or --dir")
    assert not list(elsewhere.iterdir())
    assert (records / "smith2026.yaml").is_symlink()


def test_an_author_field_of_a_long_run_of_spaces_is_read_in_linear_time():
    """'\\s+and\\s+' was tried from each space of a run to its end: an entry whose author field held
    a million spaces (a source may hold 64 MiB) kept 'catalog new' for half an hour."""
    from catalog.engine.formulas import time_limit

    entry = "@article{x, title={T}, author={Ada" + " " * 1_000_000 + "Lovelace and Babbage,\tCharles}, year={2024}}"
    with time_limit(2):  # CPU seconds
        bib = skeleton.parse_bibtex(entry)
    assert bib["authors"] == ["Ada Lovelace", "Charles Babbage"]


def test_a_bibtex_entry_with_hidden_characters_writes_none_raw_into_the_skeleton(tmp_path):
    """A right-to-left override or a C1 control in the entry's title (JSON quoting leaves them raw
    with ensure_ascii off) was written as it is into the skeleton, which an editor then showed
    reordered; each is written as its escape, and validate names the field."""
    from click.testing import CliRunner

    from catalog.cli import cli

    entry = "@article{smith2026, title={Safe \u202eevil\u202c laws\u009b2J}, author={Ada Lovelace}, year={2026}}"
    result = CliRunner().invoke(cli, ["new", "smith2026", "--dir", str(tmp_path)], input=entry)
    assert result.exit_code == 0, result.output
    text = (tmp_path / "smith2026.yaml").read_text(encoding="utf-8")
    assert "\u202e" not in text and "\u009b" not in text and "\u202c" not in text
    assert '"Safe \\u202eevil\\u202c laws\\u009b2J"' in text
    papers, issues = records.load_all([tmp_path / "smith2026.yaml"])
    assert any(i.field == "bibliography.title" and "U+202E" in i.message for i in issues), issues
