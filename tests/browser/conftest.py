"""Playwright driving Debian's Chromium against Django's live server."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from conftest import chromium_path

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


def _restore_reference_data() -> None:
    """Browser tests are transactional: the flush after each one also empties the SDGs and
    themes that migrations load, which every later test in the same process expects."""
    from lazos.reference.loaders import sync_sdgs, sync_themes
    from lazos.reference.models import SdgGoal, SdgTarget, Theme

    if not SdgTarget.objects.exists():
        sync_sdgs(SdgGoal, SdgTarget)
    if not Theme.objects.exists():
        sync_themes(Theme)


def _context_options(request: pytest.FixtureRequest) -> dict[str, Any]:
    marker = request.node.get_closest_marker("browser_context")
    return marker.kwargs if marker else {}


@pytest.fixture
def browser_page(
    live_server: Any, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> Iterator[Any]:
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
    # test itself are still synchronous and safe. Only for the duration of the test.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    _restore_reference_data()
    from playwright.sync_api import ConsoleMessage, Response, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), args=CHROMIUM_FLAGS, headless=True
        )
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
        page.csp_violations = csp_violations  # type: ignore[attr-defined]
        page.failed_responses = failed_responses  # type: ignore[attr-defined]
        try:
            yield page
        finally:
            context.close()
            browser.close()
