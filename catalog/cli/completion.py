"""Shell completion (click's): law and paper ids from the database (a paper's nickname
completes to its id: ``catalog show chin<TAB>`` gives ``hoffmann2022``), vocabulary values.

Enable it once per shell, e.g. ``eval "$(_CATALOG_COMPLETE=bash_source catalog)"`` (zsh:
``zsh_source``, fish: ``fish_source``); README says how to make it permanent. The completers
are attached here by parameter name, so the command modules stay unaware of them.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import sqlite3

import click
from click.shell_completion import CompletionItem

# (command, parameter) -> what it completes
# (the commands taking paper ids take law ids too: bib, audit, checklist)
LAW_PARAMS = {("audit", "refs"), ("bib", "ids"), ("checklist", "refs"), ("cite", "ref"), ("corrections", "ref"),
              ("eval", "args"), ("fit", "law_ref"), ("optimal", "law"), ("plot", "laws"), ("show", "ref"), ("solve", "args"),
              ("sweep", "law")}
VOCAB_OPTIONS = {"modality": "modality", "variable": "variable", "dependent": "variable",
                 "category": "category", "architecture": "architecture", "task": "task"}


def _database(ctx: click.Context) -> sqlite3.Connection | None:
    """The catalog's SQLite database as it is, read-only (completion never rebuilds it: that would
    write into the shell); None for a server database, none built yet or no regular file (a FIFO
    held the shell's completion forever: paths.no_database)."""
    from catalog.paths import as_url, default_url, sqlite_file

    given = ctx.params.get("db_url")
    path = sqlite_file(as_url(given) if given else default_url())
    from catalog.store.lawstore import connect_readonly
    from catalog.store.recordview import InvalidRecord

    try:
        return None if path is None or not path.is_file() else connect_readonly(path)
    except (InvalidRecord, sqlite3.Error):  # a view or trigger, or no database: nothing completed
        return None


def _complete_ids(ctx: click.Context, incomplete: str, laws: bool) -> list[CompletionItem]:
    """Paper ids (and ``paper/law`` ids) from the catalog's SQLite database starting with
    ``incomplete``; failing those, the ids of the papers with a nickname starting so (the
    nickname as help). Nothing on failure: completion must never print an error into the shell."""
    from catalog import nicknames, textguard

    try:
        if (connection := _database(ctx)) is None:
            return []
        with contextlib.closing(connection):  # sqlite3's own 'with' commits, never closes
            ids = {row[0] for row in connection.execute("SELECT id FROM papers")}
            if laws:
                ids |= {row[0] for row in connection.execute("SELECT id FROM laws")}
            # an id no record may hold (a database not written by 'catalog load') is never offered:
            # the shell would print it, escape sequences and all
            ids = {i for i in ids if isinstance(i, str) and not textguard.control_character_reason(i)}
            found = [CompletionItem(i) for i in sorted(ids) if i.startswith(incomplete)]
            if found or not incomplete:
                return found
            wanted = nicknames.key(incomplete)
            named = nicknames.from_rows(connection.execute(nicknames.QUERY))
    except Exception:  # noqa: BLE001 - any failure means: no suggestions
        return []
    matches = {paper_id: next((n for n in names if nicknames.key(n).startswith(wanted)), None)
               for paper_id, names in named.items()}
    return [CompletionItem(paper_id, help=name) for paper_id, name in matches.items()
            if name and not textguard.control_character_reason(paper_id)]


def complete_law(ctx, param, incomplete: str) -> list[CompletionItem]:  # noqa: ARG001 - click signature
    if "=" in incomplete:  # NAME=VALUE arguments of eval and solve
        return []
    return _complete_ids(ctx, incomplete, laws=True)


# the parameter holding the laws a command was given (eval's mixes them with NAME=VALUE)
LAW_ARGUMENTS = ("args", "law", "laws", "law_ref", "ref")


def complete_constant_set(ctx, param, incomplete: str) -> list[CompletionItem]:  # noqa: ARG001
    """The constant-set ids of the laws given so far (``catalog eval hoffmann2022 -c <TAB>``:
    hoffmann2022, besiroglu2024, ...), each with its label as help; a paper id stands for its
    first law, as the commands read it. Nothing on failure."""
    from catalog import textguard

    given = [ctx.params.get(name) for name in LAW_ARGUMENTS]
    refs = [r for value in given if value for r in ([value] if isinstance(value, str) else value)]
    try:
        if not refs:  # click parses nothing when the option waiting for this value ends the line:
            refs = shlex.split(os.environ.get("COMP_WORDS", ""))[2:]  # the shell's words after 'catalog CMD'
        if (connection := _database(ctx)) is None:
            return []
        with contextlib.closing(connection):
            found: dict[str, str] = {}
            for ref in refs:
                law = ref if "/" in ref else next(iter(connection.execute(
                    "SELECT id FROM laws WHERE paper_id = ? ORDER BY position LIMIT 1", (ref,))), [None])[0]
                for set_id, label in connection.execute(
                        "SELECT set_id, label FROM constant_sets WHERE law_id = ? ORDER BY position", (law,)):
                    found.setdefault(set_id, label)
    except Exception:  # noqa: BLE001 - any failure means: no suggestions
        return []
    return [CompletionItem(i, help=label) for i, label in found.items()
            if isinstance(i, str) and i.startswith(incomplete)
            and not textguard.control_character_reason(i) and not textguard.control_character_reason(str(label))]


def vocabulary_completer(kind: str):
    def complete(ctx, param, incomplete: str) -> list[CompletionItem]:  # noqa: ARG001
        from catalog import vocab

        return [CompletionItem(v) for v in vocab.VOCABULARIES[kind] if v.startswith(incomplete)]
    return complete


def complete_vocab_value(ctx, param, incomplete: str) -> list[CompletionItem]:  # noqa: ARG001
    kind = ctx.params.get("kind")
    if kind not in VOCAB_OPTIONS.values():
        return []
    return vocabulary_completer(kind)(ctx, param, incomplete)


def attach_command(name: str, command: click.Command) -> None:
    """Give the parameters of ``command`` (a group's commands too) the completers listed above."""
    if isinstance(command, click.Group):
        for sub_name, sub in command.commands.items():
            attach_command(sub_name, sub)
        return
    for param in command.params:
        if (name, param.name) in LAW_PARAMS:
            param._custom_shell_complete = complete_law
        elif name == "vocab" and param.name == "value":
            param._custom_shell_complete = complete_vocab_value
        elif isinstance(param, click.Option) and (param.name == "constant_set" or (name, param.name) == ("fit", "start")):
            param._custom_shell_complete = complete_constant_set
        elif isinstance(param, click.Option) and param.name in VOCAB_OPTIONS:
            param._custom_shell_complete = vocabulary_completer(VOCAB_OPTIONS[param.name])
