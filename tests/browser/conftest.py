"""Browser fixtures: Debian's chromium driven by Playwright (never `playwright install`).

Without /usr/bin/chromium (or the playwright package) the browser tests skip with the reason,
except when CATALOG_REQUIRE_BROWSER=1 (set by .ci/run), where they fail instead.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.site_support import real_site

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-background-networking"]


def _unavailable() -> str | None:
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is not installed (apt-get install chromium; .ci/run installs it)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[test]')"
    return None


@pytest.fixture(scope="module")
def browser():
    # Module scope, not session: Playwright's sync API keeps an asyncio loop running in this
    # thread while it is open, which would break later tests that call asyncio.run().
    reason = _unavailable()
    if reason:
        if os.environ.get("CATALOG_REQUIRE_BROWSER") == "1":
            pytest.fail(f"CATALOG_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory, catalog_db) -> Path:
    return real_site(tmp_path_factory, catalog_db)[1]


@pytest.fixture(scope="session")
def base_url(built_site) -> str:
    from catalog.site.server import serve_in_thread, url_of

    server = serve_in_thread(built_site)
    yield url_of(server)
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def shots(tmp_path_factory) -> Path:
    """Where screenshots go: $CATALOG_SCREENSHOTS, else a temporary directory."""
    where = os.environ.get("CATALOG_SCREENSHOTS")
    path = Path(where) if where else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


@dataclass
class Watch:
    """What a page did: console errors, uncaught exceptions, every request URL."""

    allowed: tuple[str, ...]
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def offhost(self) -> list[str]:
        return [u for u in self.requests if not u.startswith(self.allowed + ("data:", "blob:", "about:"))]

    def assert_clean(self) -> None:
        assert self.errors == [], self.errors
        assert self.offhost() == [], self.offhost()


def fonts_awaited(tab):
    """``tab`` whose ``goto`` returns once the page's fonts have loaded (KaTeX's come after the load
    event): boxes measured before are the fallback font's, a pixel or more off (a law's displays
    measured overlapping by 1.1 px on a loaded machine, apart by 2.9 px once the fonts were in)."""
    goto = tab.goto

    def goto_then_fonts(url, **options):
        response = goto(url, **options)
        tab.evaluate("document.body.offsetHeight, document.fonts.ready.then(() => true)")  # layout asks for them
        return response

    tab.goto = goto_then_fonts
    return tab


def new_tab(browser, watch: Watch):
    """A tab in a browsing context of its own (so its own renderer process), reporting to ``watch``."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = fonts_awaited(context.new_page())
    tab.on("console", lambda m: (watch.errors if m.type == "error" else watch.warnings).append(m.text)
           if m.type in ("error", "warning") else None)
    tab.on("pageerror", lambda e: watch.errors.append(f"uncaught: {e}"))
    tab.on("request", lambda r: watch.requests.append(r.url))
    tab.watch = watch
    return tab


@pytest.fixture
def page(browser, base_url, built_site):
    tab = new_tab(browser, Watch(allowed=(base_url, built_site.resolve().as_uri())))
    yield tab
    tab.context.close()
    tab.watch.assert_clean()
