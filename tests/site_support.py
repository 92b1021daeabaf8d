"""Build the real catalog's site once per test session (shared by test_site.py and the browser
tests); fixtures call :func:`real_site`."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import DATA

_BUILT: dict[str, object] = {}


def real_site(tmp_path_factory, catalog_db: str):
    """``(report, site_dir)`` for the real catalog, built with ``mkdocs build --strict``."""
    if "report" not in _BUILT:
        from catalog.site.build import build_site

        base = Path(tmp_path_factory.mktemp("site"))
        report = build_site(catalog_db, base / "out", records_dir=DATA)
        print(f"\nsite build: {report.summary()}")
        _BUILT["report"] = report
    report = _BUILT["report"]
    return report, report.site_dir


def hostile_site(tmp_path_factory) -> Path:
    """A site built through the CLI from the hostile record (tests/fixtures/site/xss2024.yaml: every
    text field tries to inject markup) and one ordinary record."""
    from tests.conftest import FIXTURES

    base = Path(tmp_path_factory.mktemp("hostile"))
    # the ordinary law predicts the hostile law's quantity in its unit, so that the compare page
    # overlays the two and carries their convention differences (hostile text) too
    plain = (FIXTURES / "valid" / "minimal.yaml").read_text(encoding="utf-8")
    output = "L: {role: output, meaning: Loss, unit: nats/token, variable: loss}"
    assert output in plain
    (base / "minimal.yaml").write_text(plain.replace(output, output.replace("unit: nats/token", 'unit: "<i>nats</i>"')),
                                       encoding="utf-8")
    return _cli_site(base, [FIXTURES / "site" / "xss2024.yaml", base / "minimal.yaml"],
                     "built 26 pages (2 papers, 2 laws, 2 with a calculator)")


def prototype_site(tmp_path_factory) -> Path:
    """A site built through the CLI from tests/fixtures/site/proto2024.yaml (a title and a law name of
    markup, Jinja, Markdown links and a 120-character word; a law whose symbols are Object.prototype's
    members beside its twin in ordinary names) and one ordinary record."""
    from tests.conftest import FIXTURES

    base = Path(tmp_path_factory.mktemp("prototype"))
    return _cli_site(base, [FIXTURES / "site" / "proto2024.yaml", FIXTURES / "valid" / "minimal.yaml"],
                     "built 27 pages (2 papers, 3 laws, 3 with a calculator)")


def _cli_site(base: Path, paths: list[Path], built: str) -> Path:
    """The site of the records at ``paths``, loaded into a database in ``base`` and built by ``catalog
    site build`` into base/out, whose report says ``built``."""
    from click.testing import CliRunner

    from catalog import records
    from catalog.cli import cli
    from catalog.store import db

    url = f"sqlite:///{base / 'catalog.sqlite'}"
    db.load(records.load_valid(paths), url)
    result = CliRunner().invoke(cli, ["site", "build", "--db", url, "--output", str(base / "out")])
    assert result.exit_code == 0, result.output
    assert built in result.output
    return base / "out"


def site_numbers(text: str) -> str:
    """``text`` with Python's 3e+10 and 9.48683e+10 written as the site's number format does."""
    digits = str.maketrans("-0123456789", "\u207b\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079")

    def site(m: re.Match) -> str:
        exponent = str(int(m[2])).translate(digits)
        return ("" if m[1] == "1" else m[1] + "\u00d7") + "10" + exponent
    return re.sub(r"(\d+(?:\.\d+)?)e([+-]\d+)", site, text)


def wait_answered(page, text: str, timeout_ms: int = 120_000) -> None:
    """Wait until the page's search worker has answered ``text`` (it answers only the last query of
    those that came while it was busy), then for the page to show the answer: the first keys' answers
    come before it."""
    for _ in range(timeout_ms // 100):
        scopes = [*page.workers, *page.frames[1:]]
        if any(scope.evaluate("self.slcAnswered") == text for scope in scopes):
            page.wait_for_timeout(300)
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"{page.url}: the search worker did not answer {text!r}")
