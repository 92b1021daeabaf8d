"""README starts with the two commands, and .ci/run calls the README's test command."""

from __future__ import annotations

import re

from tests.conftest import ROOT


def _commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```bash\n(.+?)\n```", text, flags=re.S)


def test_readme_starts_with_main_and_test_commands():
    main, tests = _commands()[:2]
    assert "pip install -e ." in main and "catalog build" in main
    assert "pip install -e '.[test]'" in tests and "pytest" in tests


def test_ci_runs_the_readme_test_command():
    tests = _commands()[1]
    assert tests in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_readme_counts_are_the_catalogs(papers):
    """The 'What the catalog holds' paragraph quotes `catalog audit`; a record added or a check
    changed without updating it fails here rather than going stale."""
    from catalog import provenance

    text = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    holds = text[text.index("What the catalog holds"):text.index("errata;")]
    numbers = [int(n.replace(",", "")) for n in re.findall(r"\b\d[\d,]*\b", holds)]
    t = provenance.audit(papers).totals
    laws = [law for p in papers for law in p.laws]
    assert numbers == [
        len(papers), t["laws"], t["with_constants"], t["constant_sets"], t["with_constants_and_printed_check"],
        t["with_constants_and_precision_check"], t["without_printed_check_with_reason"],
        t["printed_checks"] + t["derived_checks"], t["printed_checks"], t["residual_checks"],
        t["extrapolation_checks"], t["with_extrapolation_check"], t["derived_checks"],
        t["primary_sets_with_precision_check"], t["primary_sets"], t["primary_sets_with_residual_check_only"], t["primary_sets_refit"],
        t["inputs_with_range"], t["inputs"], t["inputs_range_not_stated"],
        sum(len(law.errata) for law in laws) + sum(len(p.errata) for p in papers),
    ]


def test_readme_python_example_runs_and_its_numbers_are_the_catalogs(catalog_db, monkeypatch, tmp_path):
    """Every line of README's Python block runs; a line whose comment starts with a number
    (``# 1.93665``) evaluates to that number at the digits shown."""
    import catalog

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```python\n(.+?)\n```", text, flags=re.S).group(1)
    opened = catalog.open
    monkeypatch.setattr(catalog, "open", lambda *a, **k: opened(catalog_db))
    monkeypatch.chdir(tmp_path)  # the example may write files (a plot)
    scope: dict = {}
    exec(compile(block, "README.md", "exec"), scope)
    claims = re.findall(r"^(\S.*?)\s+# (\d[\d.e+-]*\d)\b", block, flags=re.M)
    assert len(claims) >= 2
    for expression, printed in claims:
        digits = len(printed.split("e")[0].replace(".", "").lstrip("0"))
        value = eval(expression, scope)
        assert f"{value:.{digits}g}" == f"{float(printed):.{digits}g}", (expression, value)
