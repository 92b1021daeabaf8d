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
    from rich.table import Table

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

    The title, headers and cells are rich Text (never markup: a title can carry record text, such
    as the unit in ``catalog predict``'s tables). ``keep`` lists the columns (ids) that are never wrapped.
    Tries a boxed table, then a borderless one, then one block per row. Widths are
    :func:`measured` on ``rows``, or given (``widths``): measured once over the rows of every table
    printed together (predict's 28 tables at a budget with every set measured all 650 rows each).
    """
    from rich import box

    available = available or width()
    keep_set = set(keep)
    minimum, natural = widths or measured(columns, rows, keep)
    # boxed: a border and a space either side of each cell; compact: no box, a space either side
    # of the column gaps only
    for style, overhead in ((box.HEAVY_HEAD, 3 * len(columns) + 1), (None, 2 * (len(columns) - 1))):
        if sum(minimum) + overhead <= available:
            widths = _share(minimum, natural, available - overhead)
            grid = Grid(title, columns, rows, widths, keep_set, set(right), boxed=style is not None)
            return grid if Grid.drawable(columns, rows) else grid.table()
    return _blocks(title, columns, rows)


class Grid:
    """fit_table's table drawn as plain lines, to the character as rich's Table draws it (column
    widths given; a heavy-headed box, or none with the header underlined; cells wrapped by rich's
    own word division, folded past the width, a kept column never wrapped). rich's Table renders
    each cell through nested padding, measuring and line-splitting renders: drawing hoffmann2022
    took 25 ms and bharadwaj2025 (1,439 lines) 0.6 s, most of ``catalog show``. Text with tabs,
    control characters or wide characters (CJK, emoji) is left to rich (:meth:`drawable`)."""

    def __init__(self, title: str | None, columns: Sequence[str], rows: Sequence[Sequence[str]], widths: list[int],
                 keep: set[int], right: set[int], boxed: bool) -> None:
        self.title, self.boxed = title, boxed
        self.widths, self.keep, self.right = widths, keep, right
        self.header = [str(c) for c in columns]
        self.rows = [[str(c) for c in r] for r in rows]

    @staticmethod
    def drawable(columns: Sequence[str], rows: Sequence[Sequence[str]]) -> bool:
        """Every header and cell one cell per character, no tab and no control character (the title
        is rich's to draw): then a line's width is its length, as the drawing assumes."""
        from rich.cells import cell_len
        from rich.control import strip_control_codes

        for text in (*columns, *(str(c) for r in rows for c in r)):
            text = str(text)
            if not text.isascii() and cell_len(text) != len(text) or "\t" in text or strip_control_codes(text) != text:
                return False
        return True

    def table(self) -> Table:
        """The same table as rich draws it."""
        from rich import box
        from rich.table import Table
        from rich.text import Text

        table = Table(title=Text(self.title) if self.title else None, header_style="bold" if self.boxed else "bold underline",
                      title_justify="left", box=box.HEAVY_HEAD if self.boxed else None, pad_edge=self.boxed,
                      show_edge=self.boxed)
        for i, (name, width) in enumerate(zip(self.header, self.widths)):
            # a header as Text too: a str is parsed as markup with :emoji: codes (a 9 ms table
            # loaded on the first), and a header may name a record's symbol or unit
            table.add_column(Text(name), no_wrap=i in self.keep, overflow="fold", width=width,
                             justify="right" if i in self.right else "left")
        for r in self.rows:
            table.add_row(*(Text(c) for c in r))
        return table

    def _cell(self, text: str, width: int, i: int) -> list[str]:
        """The lines of one cell, each ``width`` characters (Text.wrap, then justified)."""
        from rich._wrap import divide_line

        out = []
        for line in text.split("\n"):
            if i in self.keep:
                pieces = [line]
            else:
                offsets = divide_line(line, width, fold=True)
                pieces = [line[a:b] for a, b in zip([0, *offsets], [*offsets, len(line)])]
                # Text.rstrip_end: trailing white space past the width goes
                pieces = [p[:len(p) - min(len(p) - len(p.rstrip()), len(p) - width)] if len(p) > width else p
                          for p in pieces]
            for piece in pieces:
                if i in self.right:
                    piece = piece.rstrip()[:width]
                    out.append(" " * (width - len(piece)) + piece)
                else:
                    out.append(piece[:width].ljust(width))
        return out

    def _lines(self, frame) -> Iterator[list[tuple[str, bool]]]:
        """Each line of the table (the title not included) as pieces (text, whether in a header
        cell: rich styles a header cell whole, its padding too, and not the rules between), in the
        box ``frame``."""
        last = len(self.widths) - 1
        # padding: a space either side of a cell, none at the outer edges without a box
        pads = [(1 if self.boxed or i else 0, 1 if self.boxed or i < last else 0) for i in range(last + 1)]
        outer = [w + a + b for w, (a, b) in zip(self.widths, pads)]
        if self.boxed:
            yield [(frame.get_top(outer), False)]
        rows = [self.header, *self.rows]
        for index, row in enumerate(rows):
            cells = [self._cell(text, w, i) for i, (text, w) in enumerate(zip(row, self.widths))]
            height = max(len(c) for c in cells)
            # the header's cells are aligned at the bottom, the others at the top
            cells = [([" " * w] * (height - len(c)) + c) if index == 0 else (c + [" " * w] * (height - len(c)))
                     for c, w in zip(cells, self.widths)]
            if not self.boxed:
                left = divider = right = ""
            elif index == 0:
                left, divider, right = frame.head_left, frame.head_vertical, frame.head_right
            elif index == len(rows) - 1:
                left, divider, right = frame.foot_left, frame.foot_vertical, frame.foot_right
            else:
                left, divider, right = frame.mid_left, frame.mid_vertical, frame.mid_right
            header = index == 0
            for n in range(height):
                pieces = [(left, False)] if left else []
                for i, (c, (a, b)) in enumerate(zip(cells, pads)):
                    if i and divider:
                        pieces.append((divider, False))
                    pieces.append((" " * a + c[n] + " " * b, header))
                if right:
                    pieces.append((right, False))
                yield pieces
            if header and self.boxed:
                yield [(frame.get_row(outer, "head", edge=True), False)]
        if self.boxed:
            yield [(frame.get_bottom(outer), False)]

    def width(self) -> int:
        last = len(self.widths) - 1
        return sum(self.widths) + (3 * last + 4 if self.boxed else 2 * last)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.segment import Segment
        from rich.style import Style
        from rich.text import Text

        if self.width() > options.max_width:  # a narrower console than the widths were shared for
            yield from console.render(self.table(), options)  # rich narrows the columns
            return
        if self.title:  # wrapped to the table's width and justified left, as rich's Table does
            yield from console.render(Text(self.title), options.update(width=self.width(), justify="left", height=None))
        from rich import box

        header = Style(bold=True) if self.boxed else Style(bold=True, underline=True)
        # an ASCII box where the console cannot write the heavy one (an ASCII encoding), as rich's Table
        frame = box.HEAVY_HEAD.substitute(options, safe=console.safe_box)
        for pieces in self._lines(frame):
            if not any(styled for _, styled in pieces):  # one segment for a plain line
                yield Segment("".join(text for text, _ in pieces))
            else:
                for text, styled in pieces:
                    yield Segment(text, header if styled else None)
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        from rich.measure import Measurement

        return Measurement(self.width(), self.width())


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


def _blocks(title, columns, rows) -> Group:
    """One block per row: the first cell (the id) as its heading, then ``field  value`` lines."""
    from rich.console import Group
    from rich.text import Text

    parts: list = [Text(title, style="bold")] if title else []
    for r in rows:
        fields = KeyValues([(name, r[i]) for i, name in enumerate(columns[1:], start=1)], indent=2)
        parts += [Text(""), Text(str(r[0]), style="bold"), fields]
    return Group(*parts)


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
            lines = [piece for line in value.splitlines()
                     for piece in textwrap.wrap(line, room, break_on_hyphens=False, break_long_words=fold) or [""]]
            lines = lines or [""]
            for i, line in enumerate(lines):
                yield (key if i == 0 else ""), line

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.segment import Segment
        from rich.style import Style

        pad, key_style = " " * self.indent, Style(bold=True)
        for key, line in self._lines(options.max_width, fits_width(console)):
            yield Segment(pad)
            yield Segment(key.ljust(self.key_width), key_style)
            yield Segment("  " + line)
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        from rich.measure import Measurement

        widest = max((len(line) for _, value in self.rows for line in value.splitlines() or [""]), default=0)
        return Measurement(self.indent + self.key_width + 3, self.indent + self.key_width + 2 + widest)


def wrap(text: str, indent: str = "", subsequent: str | None = None, available: int | None = None) -> str:
    """``text`` wrapped to the console's width, never breaking inside a word (ids stay whole)."""
    available = available or width()
    return textwrap.fill(" ".join(str(text).split()), width=max(available, len(indent) + 20),
                         initial_indent=indent, subsequent_indent=indent if subsequent is None else subsequent,
                         break_long_words=False, break_on_hyphens=False)


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
        lines.append(wrap(line, indent, indent + "    ", available) if len(line) > available else line)
    click.echo("\n".join(lines), err=err)
