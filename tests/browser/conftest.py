"""Playwright driving Debian's Chromium against Django's live server."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from conftest import chromium_path
from lazos.demo.testing import restore_reference_data

CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class _Chromium:
    """One Chromium for the browser tests of this process, started by the first of them and
    closed by the root conftest.py when the next test is not a browser test (Playwright's sync API keeps an event loop
    running in this thread, which Django's ORM must not see in other tests)."""

    def __init__(self) -> None:
        self._playwright: Any = None
        self.browser: Any = None

    def start(self) -> Any:
        if self.browser is None:
            from playwright.sync_api import sync_playwright

            # While it runs, Django's ORM would refuse every call of this thread (fixtures of
            # the next browser tests included); the tests' own ORM calls are synchronous.
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

            self._playwright = sync_playwright().start()
            self.browser = self._playwright.chromium.launch(
                executable_path=chromium_path(), args=CHROMIUM_FLAGS, headless=True
            )
        return self.browser

    def stop(self) -> None:
        if self.browser is not None:
            self.browser.close()
            self._playwright.stop()
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        self.browser = self._playwright = None


CHROMIUM = _Chromium()


def _context_options(request: pytest.FixtureRequest) -> dict[str, Any]:
    marker = request.node.get_closest_marker("browser_context")
    return marker.kwargs if marker else {}


@pytest.fixture
def browser_page(live_server: Any, request: pytest.FixtureRequest, settings: Any) -> Iterator[Any]:
    # Started before anything else: it lets this thread's ORM calls run beside Playwright's
    # event loop, for the flush after the test too (see _Chromium.start).
    browser = CHROMIUM.start()
    # The site's public address (links in emails, feeds) is the live server's here.
    settings.LAZOS_BASE_URL = live_server.url
    restore_reference_data()
    from playwright.sync_api import ConsoleMessage, Response

    options: dict[str, Any] = {"locale": "en-GB", "viewport": {"width": 1280, "height": 900}}
    options.update(_context_options(request))
    context = browser.new_context(**options)
    page = context.new_page()
    page.set_default_timeout(10_000)
    csp_violations: list[str] = []
    failed_responses: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            csp_violations.append(message.text)

    def on_response(response: Response) -> None:
        if response.status >= 400:
            failed_responses.append(f"{response.status} {response.url}")

    page.on("console", on_console)
    page.on("response", on_response)
    page.csp_violations = csp_violations
    page.failed_responses = failed_responses
    try:
        yield page
    finally:
        context.close()
