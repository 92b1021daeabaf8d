"""Output that fits the terminal: tables that wrap their text to the console's width (ids are
never cut), wrapped text lines, and a progress bar on stderr for slow steps.

The console's width is the terminal's (or ``COLUMNS``; 80 when output is piped). A table whose
columns cannot all fit, even with every word on its own line, is printed as one block per row
(``field  value`` lines) instead of squeezing columns to a few characters.
"""

from __future__ import annotations

import contextlib
import os
import sys
import textwrap
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

# rich is imported where it draws, not here: a command printing lines to a pipe (eval, solve, a
# script's) never needs it, and its import was a fifth of a cold catalog eval
if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, Group, RenderResult
    from rich.measure import Measurement

# a text column is at least as wide as its longest word, so words wrap whole; only words longer
# than this (URLs, long formulas) may be folded
LONG_WORD = 30


def console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr)


def show(*renderables, con: Console | None = None) -> None:
    """Print ``renderables``, cropped to the console's width only when output is fitted to it:
    piped, a long word kept whole (a URL, a locator such as ``repo/path.json``) is printed whole
    instead of being cut at column 80 into another valid-looking path."""
    con = con or console()
    crop = fits_width(con)
    for r in renderables:
        con.print(r, crop=crop)


def width() -> int:
    return console().width


def _piped(err: bool) -> bool:
    """Output rich would not take for a terminal, told without importing rich: a stream that is no
    tty, and none of the variables that make rich (or echo) treat it as one. Otherwise rich decides."""
    if any(name in os.environ for name in ("COLUMNS", "FORCE_COLOR", "TTY_COMPATIBLE")):
        return False
    stream = sys.stderr if err else sys.stdout
    try:
        return stream is not None and not stream.isatty()
    except (AttributeError, ValueError):  # no isatty, or a closed stream: rich's rules apply
        return False


def fits_width(con: Console) -> bool:
    """Whether output is fitted to the console's width: on a terminal, or when COLUMNS asks for a
    width. Piped without it (as click.echo output), a line longer than the width (a URL) stays
    whole and uncut, so it can be copied."""
    return con.is_terminal or bool(os.environ.get("COLUMNS"))


def _longest_word(cells: Sequence[str]) -> int:
    return max((len(w) for c in cells for w in str(c).split()), default=0)


def _minimum_widths(columns: Sequence[str], rows: Sequence[Sequence[str]], keep: set[int]) -> list[int]:
    """Per column: whole cells for ``keep`` columns (ids), else the longest word (capped)."""
    out = []
    for i, name in enumerate(columns):
        cells = [str(r[i]) for r in rows]
        if i in keep:
            out.append(max([len(name), *(len(line) for c in cells for line in c.splitlines() or [""])]))
        else:
            out.append(min(max(_longest_word([*cells, name]), 1), LONG_WORD))
    return out


def measured(columns: Sequence[str], rows: Sequence[Sequence[str]], keep: Sequence[int] = (0,)) -> tuple[list[int], list[int]]:
    """(minimum, natural) width of each column over ``rows``, as :func:`fit_table` sizes a table:
    measured once over the rows of every table printed together, they align."""
    minimum = _minimum_widths(columns, rows, set(keep))
    natural = [max([len(name), *(len(line) for r in rows for line in str(r[i]).splitlines())])
               for i, name in enumerate(columns)]
    return minimum, natural


def fit_table(title: str | None, columns: Sequence[str], rows: Sequence[Sequence[str]], keep: Sequence[int] = (0,),
              available: int | None = None, right: Sequence[int] = (),
              widths: tuple[list[int], list[int]] | None = None):
    """A renderable for ``rows`` that fits ``available`` columns (default: the console's width).

    The title and cells are rich Text (never markup: a title can carry record text, such as the
    unit in ``catalog predict``'s tables). ``keep`` lists the columns (ids) that are never wrapped.
    Tries a boxed table, then a borderless one, then one block per row. Widths are
    :func:`measured` on ``rows``, or given (``widths``): measured once over the rows of every table
    printed together (predict's 28 tables at a budget with every set measured all 650 rows each).
    """
    from rich import box
    from rich.table import Table
    from rich.text import Text

    available = available or width()
    keep_set = set(keep)
    minimum, natural = widths or measured(columns, rows, keep)
    # boxed: a border and a space either side of each cell; compact: no box, a space either side
    # of the column gaps only
    for style, overhead in ((box.HEAVY_HEAD, 3 * len(columns) + 1), (None, 2 * (len(columns) - 1))):
        if sum(minimum) + overhead <= available:
            widths = _share(minimum, natural, available - overhead)
            table = Table(title=Text(title) if title else None, header_style="bold" if style else "bold underline", title_justify="left",
                          box=style, pad_edge=style is not None, show_edge=style is not None)
            for i, name in enumerate(columns):
                # Text, as the cells: a str header is read as markup, and its emoji codes (a module
                # of their own) imported to replace ':name:'
                table.add_column(Text(name), no_wrap=i in keep_set, overflow="fold", width=widths[i],
                                 justify="right" if i in right else "left")
            for r in rows:
                table.add_row(*(Text(str(c)) for c in r))
            return table
    return _blocks(title, columns, rows)


def _share(minimum: list[int], natural: list[int], room: int) -> list[int]:
    """Column widths within ``room``: every column gets its minimum, the rest of the room goes to
    the columns that want more, in proportion to how much more they want."""
    if sum(natural) <= room:
        return natural
    want = [n - m for m, n in zip(minimum, natural)]
    spare = room - sum(minimum)
    extra = [spare * w // sum(want) if sum(want) else 0 for w in want]
    widths = [m + e for m, e in zip(minimum, extra)]
    for i in sorted(range(len(want)), key=lambda i: -want[i])[:room - sum(widths)]:
        widths[i] += 1
    return widths


def _blocks(title, columns, rows) -> Blocks:
    """One block per row: the first cell (the id) as its heading, then ``field  value`` lines."""
    return Blocks(title, columns, rows)


class Blocks:
    """:func:`_blocks`' rows, drawn as the group of rich Text and :class:`KeyValues` they are (a
    bold title; then per row an empty line, the bold heading and its fields, indented two), with
    the lines that fit as plain segments: predict at a budget with every set prints 780 blocks,
    and rendering the group of their 2,300 parts one by one was most of its printing. A line
    that does not fit is drawn by rich's Text, which wraps it."""

    def __init__(self, title, columns, rows) -> None:
        self.title = title
        self.rows = [(str(r[0]), KeyValues([(name, r[i]) for i, name in enumerate(columns[1:], start=1)], indent=2))
                     for r in rows]

    def group(self) -> Group:
        from rich.console import Group
        from rich.text import Text

        parts: list = [Text(self.title, style="bold")] if self.title else []
        for heading, fields in self.rows:
            parts += [Text(""), Text(heading, style="bold"), fields]
        return Group(*parts)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.cells import cell_len
        from rich.segment import Segment
        from rich.style import Style
        from rich.text import Text

        bold, room = Style(bold=True), options.max_width
        fold = fits_width(console)  # once, not per block: asking rich whether this is a terminal was a tenth of the drawing
        if self.title:
            yield Text(self.title, style="bold")
        for heading, fields in self.rows:
            yield Segment.line()
            for line in heading.split("\n"):  # as Text splits it: on newlines alone
                # printable (Text strips control codes, expands tabs), no edge spaces, within the width in cells
                if line.isprintable() and line.strip(" ") == line and cell_len(line) <= room:
                    yield Segment(line, bold)
                    yield Segment.line()
                else:
                    yield Text(line, style="bold")
            yield from fields.segments(room, fold)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        from rich.measure import Measurement

        return Measurement.get(console, options, self.group())


class KeyValues:
    """``key  value`` lines: keys in bold, each value wrapped (words whole, longer words such as
    URLs folded on a terminal, kept whole when piped) in the width left beside the longest key. Drawn as plain segments: a rich grid
    measures and wraps every cell through nested renders, which made ``catalog show`` of a large
    record spend more time drawing than starting. Empty values are left out."""

    def __init__(self, rows: Sequence[tuple[str, object]], indent: int = 0) -> None:
        from rich.control import strip_control_codes

        self.rows = [(str(k), strip_control_codes(str(v))) for k, v in rows if v not in (None, "")]
        self.indent = indent
        self.key_width = max((len(k) for k, _ in self.rows), default=0)

    def _lines(self, available: int, fold: bool = True) -> Iterator[tuple[str, str]]:
        room = max(available - self.indent - self.key_width - 2, 1)
        for key, value in self.rows:
            lines = [piece for line in value.splitlines() for piece in _wrapped(line, room, fold)]
            lines = lines or [""]
            for i, line in enumerate(lines):
                yield (key if i == 0 else ""), line

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield from self.segments(options.max_width, fits_width(console))

    def segments(self, available: int, fold: bool) -> Iterator:
        """The lines as segments in ``available`` columns, long words folded where ``fold``."""
        from rich.segment import Segment
        from rich.style import Style

        pad, key_style = " " * self.indent, Style(bold=True)
        for key, line in self._lines(available, fold):
            yield Segment(pad)
            yield Segment(key.ljust(self.key_width), key_style)
            yield Segment("  " + line)
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        from rich.measure import Measurement

        widest = max((len(line) for _, value in self.rows for line in value.splitlines() or [""]), default=0)
        return Measurement(self.indent + self.key_width + 3, self.indent + self.key_width + 2 + widest)


def _wrapped(line: str, room: int, fold: bool) -> list[str]:
    """``line`` wrapped in ``room`` characters, words whole unless ``fold`` (at least one line).
    A line that fits and that textwrap would leave alone (no whitespace but inner spaces: every
    other whitespace character is unprintable) is itself: most of a table's cells, and wrapping
    each of predict's 5,000 cells took a sixth of its printing."""
    if len(line) <= room and line.isprintable() and line.strip(" ") == line:
        return [line]
    return textwrap.wrap(line, room, break_on_hyphens=False, break_long_words=fold) or [""]


def wrap(text: str, indent: str = "", subsequent: str | None = None, available: int | None = None,
         fold: bool = False) -> str:
    """``text`` wrapped to the console's width, never breaking inside a word (ids stay whole)
    unless ``fold``: a word longer than the width (a repository path) is then cut across lines.
    Widths are terminal cells: a CJK character or an emoji takes two, a combining accent none."""
    available = max(available or width(), len(indent) + 20)
    subsequent = indent if subsequent is None else subsequent
    joined = " ".join(str(text).split())
    if joined.isascii():  # a cell a character, as textwrap counts
        return textwrap.fill(joined, width=available, initial_indent=indent, subsequent_indent=subsequent,
                             break_long_words=fold, break_on_hyphens=False)
    # rich's word wrap, by cells (Text.wrap's own, which crops a long word it does not fold); it
    # indents no line, so each is as wide as the deeper indent leaves
    from rich._wrap import divide_line

    inner = max(available - max(len(indent), len(subsequent)), 1)
    bounds = [0, *divide_line(joined, inner, fold=fold), len(joined)]
    return "\n".join((subsequent if i else indent) + joined[a:b].rstrip()
                     for i, (a, b) in enumerate(zip(bounds, bounds[1:])))


@contextlib.contextmanager
def progress(description: str, total: float | None = None) -> Iterator:
    """A rich progress bar on stderr, shown only when stderr is a terminal; yields an
    ``advance(n=1, description=None)`` callable (a no-op when hidden)."""
    err = console(stderr=True)
    if not err.is_terminal:
        yield lambda n=1, description=None: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = [SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn()]
    if total is not None:
        columns.insert(3, MofNCompleteColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task(description, total=total)

        def advance(n: float = 1, description: str | None = None) -> None:
            bar.update(task, advance=n, **({"description": description} if description else {}))

        yield advance


def _cells(text: str) -> int:
    from rich.cells import cell_len

    return cell_len(text)


def echo(text: str = "", err: bool = False) -> None:
    """``click.echo`` with each line wrapped to the terminal's width (or ``COLUMNS``; piped
    output without ``COLUMNS`` stays one line per item, for scripts); continuation lines are
    indented four spaces past the line's own indentation. Words are never broken."""
    import click

    if _piped(err):
        click.echo(text, err=err)
        return
    target = console(stderr=err)
    if not (target.is_terminal or os.environ.get("COLUMNS")):
        click.echo(text, err=err)
        return
    available = target.width
    lines = []
    for line in str(text).splitlines() or [""]:
        indent = line[:len(line) - len(line.lstrip(" "))]
        wide = len(line) > available or not line.isascii() and _cells(line) > available
        lines.append(wrap(line, indent, indent + "    ", available) if wide else line)
    click.echo("\n".join(lines), err=err)
