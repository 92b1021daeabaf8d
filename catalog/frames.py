"""Results in notebooks: pandas DataFrames (pandas is optional, the ``notebook`` extra), the keys
that name a law in rows and JSON, and one-line reprs."""

from __future__ import annotations

from typing import Any


def dataframe(data: Any, columns: list[str] | None = None, *, instead: str = "to_dicts()"):
    """``pandas.DataFrame(data, columns=columns)``; without pandas an ImportError naming the
    install and the method (``instead``) that gives the same rows without it."""
    try:
        import pandas
    except ImportError:
        raise ImportError(f"to_dataframe needs pandas: pip install pandas, or pip install "
                          f"'scaling-law-catalog[notebook]' ({instead} needs nothing)") from None
    return pandas.DataFrame(data, columns=columns)


def listed(items: list[str], shown: int = 6) -> str:
    """'a, b, c and 4 more': the first ``shown`` items of a result's one-line repr."""
    more = f" and {len(items) - shown} more" if len(items) > shown else ""
    return ", ".join(items[:shown]) + more


def law_keys(ref: str, name: str) -> dict[str, Any]:
    """``{"law": "paper/law", "paper": "paper", "name": ...}``: how every JSON output and row names
    a law, so one jq filter or DataFrame join serves eval, solve, optimal, sweep, predict, fit and
    search (``paper`` is None for a law given without its paper)."""
    paper, sep, _ = ref.partition("/")
    return {"law": ref, "paper": paper if sep else None, "name": name}


def law_line(law: Any, name: str) -> str:
    """A law's one-line repr (a record, a view or a ``cat.law(...)``): name, formula, inputs and
    constant sets, the default marked."""
    from catalog.definitions import formula_text
    from catalog.provenance import default_set

    formula = formula_text(law)
    default = default_set(law)
    sets = [f"{c.id} (default)" if c is default else c.id for c in law.constant_sets]
    return (f"<law {name}: {law.name}; {formula}; inputs {', '.join(law.input_symbols)}; "
            f"constant sets: {', '.join(sets) or 'none'}>")


def as_yaml(model: Any) -> str:
    """A record's model as the YAML of its file (the fields set, defaults left out): ``str()`` of
    a paper or a law, the complete view beside the one-line repr."""
    import yaml

    return yaml.safe_dump(model.model_dump(mode="json", exclude_defaults=True), sort_keys=False,
                          allow_unicode=True, width=100)
