"""A real browser for the report tests: Debian's Chromium driven by Playwright.

Playwright launches the system Chromium (``/usr/bin/chromium``, or ``LIVEFLOW_CHROMIUM``,
or the first ``chromium``/``chromium-browser``/``google-chrome`` on PATH), so nothing is
downloaded.  Without Playwright or a Chromium the browser tests skip and say why; CI's
``.ci/run`` installs both.

:class:`OpenedPage` opens a report with every request logged and every request other than
the report file itself refused, and collects console messages and page errors.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Route

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_chromium() -> str | None:
    """The Chromium executable to test with, or ``None``."""
    chosen = os.environ.get("LIVEFLOW_CHROMIUM")
    if chosen:
        return chosen if Path(chosen).exists() else None
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    for name in CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Playwright is not installed (pip install -e '.[dev]')")
    executable = find_chromium()
    if executable is None:
        pytest.skip(
            "no Chromium found (apt-get install chromium, or set LIVEFLOW_CHROMIUM to a "
            "Chromium executable): the browser tests need one"
        )
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            yield launched
        finally:
            launched.close()


@dataclass
class OpenedPage:
    """A report opened in the browser, with what it asked for and what it said."""

    page: Page
    url: str
    requests: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    console: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        """Console errors and warnings, uncaught exceptions and refused requests."""
        said = [
            f"console {kind}: {text}" for kind, text in self.console if kind in ("error", "warning")
        ]
        asked = sorted({u for u in self.requests if u != self.url} | set(self.refused))
        return said + [f"page error: {e}" for e in self.errors] + [f"request: {u}" for u in asked]


@pytest.fixture
def open_report(browser: Browser, tmp_path: Path) -> Iterator[Any]:
    """``open_report(html) -> OpenedPage``: the page loaded from a file and ready."""
    contexts = []

    def opener(html: str, *, width: int = 1280, height: int = 800) -> OpenedPage:
        path = tmp_path / f"report{len(contexts)}.html"
        path.write_text(html, encoding="utf-8")
        context = browser.new_context(viewport={"width": width, "height": height})
        contexts.append(context)
        page = context.new_page()
        opened = OpenedPage(page, path.as_uri())

        def route(handled: Route) -> None:
            url = handled.request.url
            if url == opened.url:
                handled.continue_()
            else:
                opened.refused.append(url)
                handled.abort()

        page.route("**/*", route)
        page.on("request", lambda request: opened.requests.append(request.url))
        page.on("console", lambda message: opened.console.append((message.type, message.text)))
        page.on("pageerror", lambda error: opened.errors.append(str(error)))
        page.goto(opened.url)
        page.wait_for_selector("body[data-ready='1']", timeout=120_000)
        return opened

    yield opener
    for context in contexts:
        context.close()
