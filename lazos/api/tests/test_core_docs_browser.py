"""/api/docs/ renders Swagger UI in a real Chromium, under the CSP, with local assets only."""

from __future__ import annotations

import pytest

from tests.browser.conftest import browser_page  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_api_docs_render_without_csp_violations(live_server, browser_page) -> None:  # noqa: F811
    page = browser_page
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))

    page.goto(f"{live_server.url}/api/docs/")
    page.locator(".swagger-ui .info .title").wait_for(timeout=60_000)
    assert "Lazos API" in page.locator(".swagger-ui .info .title").inner_text()
    # the operations of the schema are listed, grouped by resource (with three hundred
    # operations Swagger UI draws only the groups in view: the first ones are checked)
    page.locator(".opblock-tag").first.wait_for(timeout=60_000)
    tags = page.locator(".opblock-tag").all_inner_texts()
    assert any("actions" in tag for tag in tags), tags
    assert page.locator(".opblock-summary-path", has_text="/api/v1/actions/").count() >= 1
    # the personal token can be entered through "Authorize"
    assert page.get_by_role("button", name="Authorize").count() >= 1

    assert page.csp_violations == []
    assert page.failed_responses == []
    foreign = [url for url in requested if not url.startswith(live_server.url)]
    assert foreign == [], "every asset must be served by Lazos itself"
