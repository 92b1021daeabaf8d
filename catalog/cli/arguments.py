"""The command line as typed, under a locale whose encoding is not UTF-8.

Python decodes the command line with the locale's encoding; under an ASCII one (LC_ALL=C with
PYTHONUTF8=0, as in some containers, cron jobs and ssh sessions) every byte beyond ASCII becomes a
lone surrogate, so 'catalog search Böck' looked for 'B\\udcc3\\udcb6ck' and found nothing, and
'catalog show chinchilla' worked while 'catalog search --modality vísion' could not. Such an
argument is read again as UTF-8, what terminals send. A file name is text the file system must
take back: where its encoding has no bytes for a character so recovered, the name is given the
bytes it was typed as (:func:`file_name`), which is what names that file.
"""

from __future__ import annotations

import os
import sys

import click

_SURROGATES = ("\udc80", "\udcff")  # the range surrogateescape decodes an undecodable byte to


def typed(argv: list[str]) -> list[str]:
    """``argv`` with each argument holding undecoded bytes read as UTF-8, where they are UTF-8."""
    out = []
    for arg in argv:
        if any(_SURROGATES[0] <= c <= _SURROGATES[1] for c in arg):
            try:
                arg = os.fsencode(arg).decode("utf-8")
            except UnicodeError:  # not UTF-8 either: kept as Python read it (errors quote it escaped)
                pass
        out.append(arg)
    return out


def file_name(value: str) -> str:
    """``value`` as a name the file system can take: unchanged where its encoding can write it, else
    (a name :func:`typed` read as UTF-8 under an ASCII locale) the bytes typed, as Python names them."""
    try:
        value.encode(sys.getfilesystemencoding(), "surrogateescape")
    except UnicodeEncodeError:
        return os.fsdecode(value.encode("utf-8", "surrogateescape"))
    return value


class FilePath(click.Path):
    """``click.Path`` for a file name typed on the command line (see :func:`file_name`)."""

    def convert(self, value, param, ctx):
        return super().convert(file_name(value) if isinstance(value, str) else value, param, ctx)


class File(click.File):
    """``click.File`` for a file name typed on the command line (see :func:`file_name`)."""

    def convert(self, value, param, ctx):
        return super().convert(file_name(value) if isinstance(value, str) else value, param, ctx)




class _Typed:
    """A number option read with the grammar of the values a command takes (N=70B, --samples
    10000: :data:`catalog.engine.ranges.NUMBER`, ASCII digits) before click converts it: click's
    int and float took any Unicode digits (--limit ١٢ was 12, where N=١٢ is no number)."""

    def convert(self, value, param, ctx):
        if isinstance(value, str) and not _number(value):
            from catalog import textguard

            self.fail(f"{textguard.quoted(value)} is not a number (digits 0-9, as NAME=VALUE values are written)", param, ctx)
        return super().convert(value, param, ctx)


def _number(text: str) -> bool:
    import re

    from catalog.engine.ranges import NUMBER

    return re.fullmatch(rf"\s*{NUMBER}\s*", text, re.ASCII) is not None


class Integer(_Typed, click.types.IntParamType):
    """click's ``int`` for an option typed on the command line (see :class:`_Typed`)."""


class Float(_Typed, click.types.FloatParamType):
    """click's ``float`` for an option typed on the command line (see :class:`_Typed`)."""


class IntRange(_Typed, click.IntRange):
    """``click.IntRange`` for an option typed on the command line (see :class:`_Typed`)."""
