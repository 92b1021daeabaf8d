"""Read-only views of stored records: attribute access over the JSON the database keeps, for
the commands that must start fast (``eval``, ``show``, ...) without building pydantic models.

The database stores every record (``papers.record_json``) as the full ``model_dump_json()``
of its validated model, every field present. A :class:`View`
reads the same attributes as the model (``law.symbols["N"].range.max``,
``paper.model_range.min``), ``model_dump()`` gives the dump back, and the few derived helpers
of :class:`catalog.schema.Law` are repeated here. The data was validated when it was loaded.
"""

from __future__ import annotations

import copy
import functools
import json
from typing import Any

# Fields of the schema typed ``dict[name, ...]``: their keys are names (symbols, parameters,
# tables), not fields, so they stay plain dicts (with views as values). A test keeps this in
# step with catalog/schema.py.
MAPPING_FIELDS = frozenset({"symbols", "values", "printed", "stderr", "intervals", "ranges", "inputs", "expected",
                            "order", "reference_point"})


def wrap(value: Any, mapping: bool = False) -> Any:
    if isinstance(value, dict):
        if mapping:
            return {k: wrap(v) for k, v in value.items()}
        return View(value)
    if isinstance(value, list):
        return [wrap(v) for v in value]
    return value


class View:
    """A validated record (or part of one) read from its stored JSON."""

    def __init__(self, data: dict):
        # the fields become plain instance attributes: read as fast as any object's
        self.__dict__.update({k: wrap(v, k in MAPPING_FIELDS) for k, v in data.items()})
        self._data = data
        self.numeric = None  # a law's stored formula tree (catalog.engine.numeric), when read with it
        self.compiled: dict = {}  # the engine's compiled forms of that tree
        self.closed_forms = None  # closed forms stored with it (catalog.engine.closedforms)
        self.comparisons = None  # secondary sets against the primary one, computed at load (catalog.provenance)

    @classmethod
    def from_json(cls, text: str) -> "View":
        return cls(json.loads(text))

    def __repr__(self) -> str:
        return f"View({self._data.get('id', '?')!r})"

    def model_dump(self, *, exclude_none: bool = False, **_: Any) -> dict:
        """The stored dump (the model's ``model_dump(mode="json")``), as a new dict."""
        return _without_none(self._data) if exclude_none else copy.deepcopy(self._data)

    # -- the helpers catalog.schema.Law defines, for a law view

    def default_constants(self):
        from catalog import provenance

        return provenance.default_set(self)

    @functools.cached_property
    def output_symbol(self) -> str:
        return next(n for n, s in self.symbols.items() if s.role == "output")

    @property
    def input_symbols(self) -> list[str]:
        return list(self._names("input"))

    @property
    def parameter_symbols(self) -> list[str]:
        return list(self._names("parameter"))

    def _names(self, role: str) -> tuple[str, ...]:
        cache = self.__dict__.setdefault("_roles", {})
        if role not in cache:
            cache[role] = tuple(n for n, s in self.symbols.items() if s.role == role)
        return cache[role]


def _without_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_none(v) for v in value]
    return value
