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


def _drawn(renderable, width: int, color: bool) -> str:
    import io

    from rich.console import Console

    console = Console(file=io.StringIO(), width=width, force_terminal=color, color_system="truecolor" if color else None)
    console.print(renderable)
    return console.file.getvalue()


def test_fit_tables_grid_draws_what_richs_table_drew(monkeypatch, store):
    """fit_table draws its table as plain lines (terminal.Grid): rich's Table took most of catalog
    show's time (0.6 s for bharadwaj2025's 1,439 lines). The lines are rich's, character for
    character: wrapped, folded and justified cells, a multi-line cell, empty ones, kept and
    right-aligned columns, a header taller than the others (aligned at the bottom), with the box
    and without, and the header bold (and underlined without a box) on a terminal. Text with
    tabs, control or wide characters is still rich's to draw."""
    import re

    from catalog.cli import terminal
    from catalog.cli.render import render_paper

    rows = [["an-id-that-must-stay-whole", "word " * 30, "x", "12.5"],
            ["b", "line one\nline two, longer than the column is wide\n\n", "", "3"],
            ["c", "averyveryveryverylongtokenwithnospacesatallthatmustbefolded and more", "  spaced  ", "-1e+22"],
            ["d", "", "y", ""]]
    columns = ["id", "a rather long text header", "flag", "value"]
    ansi = re.compile(r"\x1b\[[0-9;]*m")
    grid, grids = terminal.Grid.drawable, 0
    for width in (36, 50, 80, 133):
        for keep, right in (((0,), (3,)), ((0, 2), ()), ((0,), (1, 3))):
            for title in ("t", "a title long enough to wrap at the narrowest of the widths tried here", None):
                drawn = {}
                for fast in (True, False):
                    monkeypatch.setattr(terminal.Grid, "drawable", grid if fast else staticmethod(lambda *a: False))
                    table = terminal.fit_table(title, columns, rows, keep=keep, right=right, available=width)
                    grids += fast and isinstance(table, terminal.Grid)
                    drawn[fast] = (_drawn(table, width, False), ansi.sub("", _drawn(table, width, True)))
                assert drawn[True] == drawn[False], (width, keep, right, title)
    assert grids >= 15  # of 36: the others fall back to one block per row, as before
    monkeypatch.setattr(terminal.Grid, "drawable", grid)
    for paper_id in ("hoffmann2022", "bharadwaj2025", "kumar2024"):
        paper = store.papers[paper_id]
        for width in (45, 80, 133):
            fast = _drawn(_Group(render_paper(paper)), width, False)
            monkeypatch.setattr(terminal.Grid, "drawable", staticmethod(lambda *a: False))
            slow = _drawn(_Group(render_paper(paper)), width, False)
            monkeypatch.setattr(terminal.Grid, "drawable", grid)
            assert fast == slow, (paper_id, width)
    styled = _drawn(terminal.fit_table("t", ["id", "v"], [["a", "1"]], available=80), 80, True)
    assert "\x1b[1m" in styled.splitlines()[2] and "\x1b[1m" not in styled.splitlines()[4]  # the header, not a row
    assert not terminal.Grid.drawable(["id"], [["a\tb"]]) and not terminal.Grid.drawable(["id"], [["\u4e2d"]])
    assert terminal.Grid.drawable(["id"], [["caf\u00e9"]])


def _Group(renderables):
    from rich.console import Group

    return Group(*renderables)


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
