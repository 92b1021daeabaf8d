"""Every CLI table fits the terminal (COLUMNS=80 here): long text wraps, ids are never cut."""

from __future__ import annotations

import pytest

WIDTH = 80


@pytest.fixture
def narrow(monkeypatch):
    monkeypatch.setenv("COLUMNS", str(WIDTH))
    monkeypatch.delenv("LINES", raising=False)


def _lines(result) -> list[str]:
    assert result.exit_code in (0, 1), result.output
    return result.stdout.splitlines()


@pytest.mark.parametrize("args", [
    ("search", "--laws"),
    ("search", "--modality", "vision", "--variable", "compute", "--laws"),
    ("search", "chinchilla"),
    ("search", "--covers", "N=1B", "--has-constants"),
    ("checklist",),
    ("show", "hoffmann2022"),
    ("show", "kaplan2020"),
    ("vocab", "variable"),
    ("stats",),
    ("eval", "hoffmann2022", "N=70B", "D=1.4T"),
    ("optimal", "hoffmann2022"),
    ("corrections", "hoffmann2022"),
    ("solve", "hoffmann2022", "L=2.0", "D=1.4T", "--for", "N"),
    ("predict", "N=70B", "D=1.4T"),
])
def test_output_fits_80_columns(run, narrow, args):
    lines = _lines(run(*args))
    assert lines
    too_wide = [line for line in lines if len(line) > WIDTH]
    assert not too_wide, too_wide[:3]


def test_law_ids_are_never_cut(run, narrow, papers):
    out = run("search", "--laws", "--limit", "100000").stdout
    for paper in papers:
        for law in paper.laws:
            assert f"{paper.id}/{law.id}" in out  # whole, on one line
    checklist = run("checklist").stdout
    assert "allenzhu2024/knowledge-capacity" in checklist


def test_wide_terminals_get_a_table_and_narrow_ones_blocks(run, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    wide = run("search", "chinchilla").stdout.splitlines()
    assert any(line.startswith("┃ paper") for line in wide)
    assert max(len(line) for line in wide) <= 200
    monkeypatch.setenv("COLUMNS", "60")
    narrow = run("search", "chinchilla").stdout.splitlines()
    assert "hoffmann2022" in narrow and max(len(line) for line in narrow) <= 60
    # words wrap whole: the title is never broken inside a word
    assert "Compute-Optimal" in run("search", "chinchilla").stdout


def test_fit_table_shares_the_width(monkeypatch):
    from rich.console import Console

    from catalog.cli.terminal import fit_table

    rows = [["an-id-that-must-stay-whole", "word " * 40, "x"]]
    for width in (40, 60, 100, 160):
        console = Console(width=width, record=True)
        console.print(fit_table("t", ["id", "text", "flag"], rows, available=width))
        text = console.export_text()
        assert max(len(line) for line in text.splitlines()) <= width
        assert "an-id-that-must-stay-whole" in text


def test_fit_table_prints_a_title_as_text_never_markup():
    """A title can carry record text (catalog predict titles its tables with the output's unit)."""
    from rich.console import Console

    from catalog.cli.terminal import fit_table

    title = "loss ([bold red]nats[/bold red] [link=https://evil.example]x[/link])"
    for width in (30, 160):  # a wrapped title and a whole one
        console = Console(width=width, record=True)
        console.print(fit_table(title, ["id", "value"], [["a", "1"]], available=width))
        assert "".join(title.split()) in "".join(console.export_text().split()), width  # wrapping folds words


def test_key_values_wrap_beside_the_longest_key(narrow):
    from rich.console import Console

    from catalog.cli.terminal import KeyValues

    url = "https://example.org/" + "x" * 70
    rows = [("authors", "word " * 30), ("URL", url), ("empty", ""), ("markup", "[bold]not markup[/bold]")]
    for width in (40, 80):
        console = Console(width=width, record=True)
        console.print(KeyValues(rows))
        lines = console.export_text().splitlines()
        assert max(len(line) for line in lines) <= width
        start = next(i for i, line in enumerate(lines) if line.startswith("URL"))
        assert lines[0].startswith("authors  word ") and start > 1
        assert all(line.startswith(" " * 9 + "word") for line in lines[1:start])
        end = next(i for i, line in enumerate(lines) if line.startswith("markup"))
        assert "".join(line[9:] for line in lines[start:end]) == url  # the long word folded, not cut
        assert not any(line.startswith("empty") for line in lines)
        assert "[bold]not markup[/bold]" in " ".join(lines)


@pytest.mark.parametrize("line", ["", "fits", "two words", " leading", "trailing ", "tab\there", "\x0bvt", "nbsp\u00a0x",
                                  "a line longer than the room", "hyphen-ated-word-here", "   ", "x" * 12])
@pytest.mark.parametrize("room", [1, 8, 12])
@pytest.mark.parametrize("fold", [True, False])
def test_key_values_lines_are_textwraps_whether_they_fit_or_not(line, room, fold):
    # a cell that fits is taken as it is without textwrap: only where textwrap leaves it alone
    import textwrap

    from catalog.cli.terminal import _wrapped

    assert _wrapped(line, room, fold) == (textwrap.wrap(line, room, break_on_hyphens=False, break_long_words=fold)
                                          or [""])


def test_piped_show_keeps_a_long_url_whole(run, monkeypatch, by_id):
    """Piped without COLUMNS (a file, a script) a URL is kept on one line, neither folded nor cut,
    as is a refit's test id (a path to copy); the other text still wraps at 80 columns."""
    monkeypatch.delenv("COLUMNS", raising=False)
    out = run("show", "hoffmann2022").stdout
    url = by_id["hoffmann2022"].reproducibility.raw_data
    assert len(url) > WIDTH - 22 and f"raw data              {url}\n" in out
    refit = next(cs.refit.test for law in by_id["hoffmann2022"].laws for cs in law.constant_sets if cs.refit)
    assert f"({refit})" in out
    assert [line.strip() for line in out.splitlines() if len(line) > WIDTH] == [f"raw data              {url}", f"({refit})"]


def test_piped_audit_keeps_a_long_locator_whole(run, monkeypatch, by_id):
    """audit prints one block per law when its columns do not fit; piped, a locator longer than
    the room beside its key stayed whole but was cut at column 80 by the console, and
    ``.../site/data/research.json`` printed as ``.../research.js``, another file of that repository."""
    monkeypatch.delenv("COLUMNS", raising=False)
    out = run("audit", "richman2026").stdout
    defaults = [cs for law in by_id["richman2026"].laws for cs in law.constant_sets
                if cs.id == law.default_constant_set]
    long = [word for cs in defaults for word in cs.locator.split() if len(word) > WIDTH - 26]
    assert long
    for word in long:
        assert f" {word}\n" in out, word


def test_lower_case_suffixes_evaluate(run):
    upper = run("eval", "hoffmann2022", "N=70B", "D=1.4T")
    lower = run("eval", "hoffmann2022", "N=70b", "D=1.4t")
    assert lower.exit_code == 0, lower.output
    assert "L = 1.93665" in lower.stdout and lower.stdout == upper.stdout


def test_progress_bar_on_a_terminal_only(tmp_path, monkeypatch):
    """load (and build, sweep) show a rich progress bar on stderr when it is a terminal
    (FORCE_COLOR makes rich treat it as one), and print nothing extra otherwise."""
    from click.testing import CliRunner

    from catalog.cli import cli

    db = f"sqlite:///{tmp_path / 'c.sqlite'}"
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.delenv("TTY_COMPATIBLE", raising=False)
    plain = CliRunner().invoke(cli, ["load", "--db", db])
    assert plain.exit_code == 0, plain.output
    assert "validating and loading" not in plain.stderr and "\x1b[" not in plain.stderr
    monkeypatch.setenv("FORCE_COLOR", "1")
    shown = CliRunner().invoke(cli, ["load", "--db", db])
    assert shown.exit_code == 0, shown.output
    assert "validating and loading records" in shown.stderr
    assert "validating" not in shown.stdout  # the bar never mixes into the output
    swept = CliRunner().invoke(cli, ["sweep", "hoffmann2022", "N=1e8..1e11:1000", "D=1.4T", "--db", db])
    assert swept.exit_code == 0 and "sweeping" in swept.stderr and swept.stdout.startswith("N [parameters],D [tokens],L [nats/token]\n")


def test_wrap_and_echo_measure_terminal_cells_not_characters(monkeypatch):
    """A CJK character or an emoji takes two terminal cells: predict's footnote of a locator holding
    them, folded by character count, ran to 74 cells on a 40-column terminal (and echo, deciding by
    len() whether a line fits, left one of 30 such characters, 60 cells, unwrapped)."""
    from click.testing import CliRunner
    from rich.cells import cell_len

    from catalog.cli.terminal import echo, wrap

    text = "[1] Citation (2024), " + "\u8868" * 100 + " a/" + "b" * 80 + "/\u8868\u8868\u8868\u8868/x \U0001F680" * 3
    out = wrap(text, "  ", "      ", available=40, fold=True)
    assert max(cell_len(line) for line in out.splitlines()) <= 40, out
    assert "".join(out.split()) == "".join(text.split())  # nothing lost
    assert out.startswith("  [1] ") and all(line.startswith("      ") for line in out.splitlines()[1:])
    kept = wrap(text, "  ", "      ", available=40)  # not folded: a word longer than the line stays whole
    assert "\u8868" * 100 in [line.strip() for line in kept.splitlines()]
    assert wrap("plain words " * 10, "  ", "    ", available=40) == wrap("plain words " * 10, "  ", "    ", 40)
    monkeypatch.setenv("COLUMNS", "40")
    result = CliRunner().invoke(_echo_command(echo), [])
    assert max(cell_len(line) for line in result.output.splitlines()) <= 40, result.output


def _echo_command(echo):
    import click

    @click.command()
    def command():
        echo("note: " + " ".join(["\u8868\u8868\u8868"] * 10))

    return command


@pytest.mark.parametrize("width", [12, 30, 80])
@pytest.mark.parametrize("terminal", [True, False])
def test_blocks_draw_what_the_group_of_their_texts_draws(width, terminal):
    # the rows' lines that fit are drawn as segments, the others by rich's Text: the same lines and styles
    from rich.console import Console

    from catalog.cli.terminal import Blocks

    rows = [["paper/law", "0.5", "Someone et al. (2024)"],
            ["paper/a-law-id-longer-than-the-narrowest-width\n(split of C = 6ND)\nwhere D_eff = 1e9", "1", "x"],
            [" spaced heading ", "", "a value " * 12], ["tab\there\x1b[31mred", "2", "\x07bell"],
            ["日本語の法則日本語の法則", "3", "wide"], ["", "4", "an empty heading"], ["a\r\nb", "5", "url " + "y" * 40]]
    drawn = []
    for renderable in (lambda b: b, lambda b: b.group()):
        console = Console(width=width, record=True, force_terminal=terminal, color_system="standard" if terminal else None)
        console.print(renderable(Blocks("title (unit)", ["law", "value", "citation"], rows)))
        drawn.append(console.export_text(styles=True))
    assert drawn[0] == drawn[1]
    assert "paper/law" in drawn[0] and "\x07" not in drawn[0]
