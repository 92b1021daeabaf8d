"""catalog new: start a record from a BibTeX entry."""

from __future__ import annotations

import re
import shlex
import string
import sys
from pathlib import Path

import click

from catalog import textguard
from catalog.cli.arguments import File, FilePath


@click.command(name="new")
@click.argument("record_id", metavar="ID")
@click.option("--bib", "bib_file", type=File("rb"), default=None,
              help="A .bib file holding the paper's entry ('-' reads a pasted entry from stdin, end with Ctrl-D).")
@click.option("--dir", "-d", "directory", type=FilePath(file_okay=False, path_type=Path), default=None,
              help="Where to write ID.yaml (default: data/papers in a checkout, else the working directory).")
def new(record_id: str, bib_file, directory: Path | None) -> None:
    """Write the skeleton of a new record ID (e.g. hoffmann2022), every field to fill marked TODO.

    The bibliography (title, authors, year, venue, volume, pages, arXiv id, DOI) comes from a BibTeX entry: piped
    or pasted on stdin, or read from --bib FILE (the entry whose key is ID, else the first).
    Then fill the TODOs from the paper and run 'catalog validate FILE' until it passes
    (CONTRIBUTING.md says how to read a paper into a record).
    """
    from catalog import paths, skeleton

    text = ""
    if bib_file is not None:
        text = _utf8(_bounded(bib_file, bib_file.name), bib_file.name)
    elif not sys.stdin.isatty():
        text = _utf8(_bounded(sys.stdin.buffer, "<stdin>"), "<stdin>")
    bib, notes = {}, []
    if text.strip():
        try:
            bib, notes = skeleton.read_bibtex(text, key=record_id)
        except skeleton.BibtexError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)
    try:
        content = skeleton.render(record_id, bib)
    except ValueError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    if directory is None:
        directory = paths.base_data_dir() if paths.in_checkout() else Path.cwd()
    output = directory / f"{record_id}.yaml"  # the file name is the record id
    if output.exists() or output.is_symlink():
        _exists(output)
    if taken := _taken(record_id):  # in another record directory: validate would refuse it once filled
        from catalog.records import display_path

        click.echo(f"error: the catalog has a record {record_id} ({textguard.escaped(display_path(taken))}); add a "
                   f"letter to the id, e.g. {_next_free(record_id)}", err=True)
        sys.exit(1)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        # created, never opened: 'x' (O_EXCL) refuses a name already taken at the moment of writing,
        # a symbolic link too, whose target (a dangling link from someone else's branch) lies elsewhere
        with output.open("x", encoding="utf-8") as handle:
            handle.write(content)
    except FileExistsError:
        _exists(output)
    except OSError as exc:  # a file where the directory must be, no permission
        click.echo(f"error: cannot write {textguard.escaped(str(output))}: {exc.strerror or exc}", err=True)
        sys.exit(1)
    filled = ", ".join(sorted(bib)) or "nothing (no BibTeX entry given)"
    from catalog.cli.terminal import echo

    shown = textguard.escaped(str(output))
    echo(f"wrote {shown} (from BibTeX: {filled})")
    for note in notes:  # a field kept as written (validate names its line) or left out
        click.echo(f"warning: {textguard.escaped(note)}", err=True)
    echo(f"next: fill every TODO from the paper, then run 'catalog validate {shown}'")
    if output.parent.resolve() not in {d.resolve() for d in paths.data_dirs()}:
        # the other commands read the catalog's directories only: this one is layered over them
        layer = textguard.escaped(shlex.quote(str(output.parent)))
        echo(f"then see it among the catalog's: 'catalog --data {layer} show {record_id}' (also eval, audit, "
             f"site build); its tests: CATALOG_DATA_DIRS={layer} python -m pytest tests/test_corpus.py "
             f"tests/test_check_values.py -k {record_id}")


def _exists(output: Path) -> None:
    link = " (a symbolic link)" if output.is_symlink() else ""
    click.echo(f"error: {textguard.escaped(str(output))} exists{link}; choose another ID or --dir", err=True)
    sys.exit(1)


# bytes of a BibTeX source: a whole library's .bib is a few MB; /dev/zero (or a pipe that does not
# end) was read until the memory ran out, a MemoryError traceback
MAX_BIB = 64 * 2**20


def _bounded(handle, name: str) -> bytes:
    """The source's bytes, or exit 2 when it holds more than :data:`MAX_BIB`."""
    raw = handle.read(MAX_BIB + 1)
    if len(raw) > MAX_BIB:
        click.echo(f"error: {textguard.escaped(str(name))} is longer than {MAX_BIB // 2**20} MiB; a BibTeX entry is "
                   "a few lines: give the file holding the paper's entry", err=True)
        sys.exit(2)
    return raw


def _taken(record_id: str) -> Path | None:
    """The record file of ``record_id`` in one of the record directories (the catalog's, the user's)."""
    from catalog import paths

    return next((found for d in paths.data_dirs() if (found := d / f"{record_id}.yaml").is_file()), None)


def _next_free(record_id: str) -> str:
    """The id with the first letter no record takes (kaplan2020 -> kaplan2020a; kaplan2020a -> kaplan2020b)."""
    stem = re.sub(r"(?<=\d)[a-z]$", "", record_id)
    return next((f"{stem}{letter}" for letter in string.ascii_lowercase if not _taken(f"{stem}{letter}")),
                f"{stem}-2")


def _utf8(raw: bytes, name: str) -> str:
    """The entry's bytes as text, or exit 2 naming the first byte that is no UTF-8: read as text,
    a Latin-1 .bib raised a traceback, and a piped one (decoded with surrogate escapes) reached
    the record's writer as lone surrogates, which UTF-8 cannot hold."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, said = textguard.not_utf8(raw, exc)
        click.echo(f"error: {textguard.escaped(str(name))}:{line}: {said}; save the entry as UTF-8", err=True)
        sys.exit(2)


COMMANDS = [new]
