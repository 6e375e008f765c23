"""What browser tests share: signing in, and the WCAG 2.1 AA checks of axe-core (vendored in
vendor/axe.min.js, see vendor/README)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def wcag_violations(page: Any) -> list[str]:
    """The WCAG 2.1 A and AA rules the page breaks, one line each with up to three elements.

    axe is evaluated through the browser's debugging protocol, so the page's
    Content-Security-Policy (which forbids inline scripts) does not block it."""
    page.evaluate(AXE)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]


def sign_in(page: Any, base: str, username: str, password: str) -> None:
    """Through the sign-in form, in English; ends on the dashboard."""
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/dashboard/")
