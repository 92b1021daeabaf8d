"""Shell completion (click's): law and paper ids from the database, vocabulary values.

Enable it once per shell, e.g. ``eval "$(_CATALOG_COMPLETE=bash_source catalog)"`` (zsh:
``zsh_source``, fish: ``fish_source``); README says how to make it permanent. The completers
are attached here by parameter name, so the command modules stay unaware of them.
"""

from __future__ import annotations

import sqlite3

import click
from click.shell_completion import CompletionItem

# (command, parameter) -> what it completes
LAW_PARAMS = {("corrections", "ref"), ("eval", "args"), ("fit", "law_ref"), ("optimal", "law"),
              ("plot", "laws"), ("show", "ref"), ("solve", "args"), ("sweep", "law")}
PAPER_PARAMS = {("bib", "ids"), ("checklist", "paper_ids")}
VOCAB_OPTIONS = {"modality": "modality", "variable": "variable", "dependent": "variable",
                 "category": "category", "architecture": "architecture", "task": "task"}


def _ids(ctx: click.Context, laws: bool) -> list[str]:
    """Paper ids and ``paper/law`` ids from the catalog's SQLite database (nothing on failure:
    completion must never print an error into the shell)."""
    from catalog.paths import as_url, default_url, sqlite_file

    try:  # the database as it is: completion never rebuilds it (that would write into the shell)
        given = ctx.params.get("db_url")
        path = sqlite_file(as_url(given) if given else default_url())
        if path is None:
            return []
        with sqlite3.connect(path.resolve().as_uri() + "?mode=ro", uri=True) as connection:
            papers = [row[0] for row in connection.execute("SELECT id FROM papers ORDER BY id")]
            if not laws:
                return papers
            law_ids = [row[0] for row in connection.execute("SELECT id FROM laws ORDER BY id")]
    except Exception:  # noqa: BLE001 - any failure means: no suggestions
        return []
    return sorted(set(papers) | set(law_ids))


def complete_law(ctx, param, incomplete: str) -> list[CompletionItem]:  # noqa: ARG001 - click signature
    if "=" in incomplete:  # NAME=VALUE arguments of eval and solve
        return []
    return [CompletionItem(i) for i in _ids(ctx, laws=True) if i.startswith(incomplete)]


def complete_paper(ctx, param, incomplete: str) -> list[CompletionItem]:  # noqa: ARG001
    return [CompletionItem(i) for i in _ids(ctx, laws=False) if i.startswith(incomplete)]


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


def attach(group: click.Group) -> None:
    """Give the parameters listed above their completers."""
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            attach(command)
            continue
        for param in command.params:
            if (name, param.name) in LAW_PARAMS:
                param._custom_shell_complete = complete_law
            elif (name, param.name) in PAPER_PARAMS:
                param._custom_shell_complete = complete_paper
            elif name == "vocab" and param.name == "value":
                param._custom_shell_complete = complete_vocab_value
            elif isinstance(param, click.Option) and param.name in VOCAB_OPTIONS:
                param._custom_shell_complete = vocabulary_completer(VOCAB_OPTIONS[param.name])
