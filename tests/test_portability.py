"""What differs on Windows, checked in the code: every file opened in text mode names its encoding,
(Windows' default is the ANSI code page, cp1252, where a record's 'α' is unreadable), and a
catalog on a network share opens."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

# calls that open a file in text mode unless given a binary mode
OPENERS = {"open", "read_text", "write_text", "TextIOWrapper", "NamedTemporaryFile", "TemporaryFile"}


def _binary(call: ast.Call) -> bool:
    modes = [a for a in call.args[:2] if isinstance(a, ast.Constant) and isinstance(a.value, str)]
    modes += [k.value for k in call.keywords if k.arg == "mode" and isinstance(k.value, ast.Constant)]
    return any("b" in m.value for m in modes)


def _unencoded(path: Path, pipes: bool) -> list[str]:
    """'path:line: call' of each text-mode open without encoding= (``pipes``: and subprocess's
    text=True, which reads a child's output in the locale's encoding)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        keywords = {k.arg for k in node.keywords}
        if "encoding" in keywords:
            continue
        owner = func.value.id if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) else None
        opens = name in OPENERS and owner not in ("os", "catalog", "webbrowser") and not _binary(node)
        if opens or (pipes and owner == "subprocess" and keywords & {"text", "universal_newlines"}):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)[:100]}")
    return found


def test_every_text_file_is_opened_with_an_encoding():
    package = [*(ROOT / "catalog").rglob("*.py")]
    others = [ROOT / "setup.py", *(ROOT / "tests").rglob("*.py"), *(ROOT / "benchmarks").rglob("*.py")]
    assert [hit for f in package for hit in _unencoded(f, pipes=True)] == []
    assert [hit for f in others for hit in _unencoded(f, pipes=False)] == []


def test_a_catalog_on_a_windows_share_is_read_through_a_uri_sqlite_takes():
    """Path.as_uri() writes \\\\server\\share\\cat.sqlite as file://server/share/cat.sqlite, whose
    authority SQLite refuses ('invalid uri authority: server'): every read of a catalog on a share
    failed, and a second load onto one said it was 'not a catalog database'."""
    import sqlite3
    from pathlib import PureWindowsPath

    from catalog import paths

    assert paths.readonly_uri(PureWindowsPath(r"\\server\share\cat.sqlite")) == "file:////server/share/cat.sqlite?mode=ro"
    assert paths.readonly_uri(PureWindowsPath(r"C:\My data\cat.sqlite")) == "file:///C:/My%20data/cat.sqlite?mode=ro"
    with pytest.raises(sqlite3.OperationalError, match="invalid uri authority"):  # what as_uri() gave
        sqlite3.connect(PureWindowsPath(r"\\server\share\cat.sqlite").as_uri() + "?mode=ro", uri=True)
