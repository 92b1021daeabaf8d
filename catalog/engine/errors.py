"""The engine's errors: every problem with a law, a constant set or an input raises an
:class:`EngineError` (a ``ValueError``) whose message names the symbol, the value and what is
allowed, written to be shown as is (the CLI prints it; no traceback reaches a user)."""

from __future__ import annotations


class EngineError(ValueError):
    """Bad input to the engine. The message is written for people; show it as is."""


class UnknownSymbol(EngineError):
    pass


class UnknownConstantSet(EngineError):
    pass


class MissingInput(EngineError):
    pass


class BadValue(EngineError):
    """A value that is not a finite number."""


class DomainError(EngineError):
    """A number outside the formula's domain: negative sizes, log of zero, NaN results."""


class NoSolution(EngineError):
    pass


class CatalogWarning(UserWarning):
    """What ``law.evaluate(...).warnings`` lists (a point beyond the fitted range, a likely unit
    mix-up, ...), issued as a Python warning when a law is called directly: ``law(N=...)``."""
