"""Issue 13, concurrent edits, in a real browser: two people edit the same agreement."""

from __future__ import annotations

import re
from typing import Any

import pytest

from lazos.core.testing.builders import GovernmentFactory, MembershipFactory, UserFactory
from tests.browser.support import sign_in, wcag_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_second_editor_sees_the_merge_view_and_keeps_both_changes(
    live_server: Any, browser_page: Any
) -> None:
    from lazos.agreements.tests.factories import AgreementFactory

    government = GovernmentFactory.create(name="Villa Prueba", slug="villa-prueba", country="MX")
    for username in ("coord", "mayor"):
        user = UserFactory.create(username=username, password=f"{username}-passphrase-1")
        MembershipFactory.create(government=government, user=user, role="coordinator")
    agreement = AgreementFactory.create(
        government=government,
        title="Twinning with Montevideo",
        summary="Old summary.",
        objectives="Old objectives.",
    )
    base = live_server.url
    edit_url = f"{base}/agreements/{agreement.pk}/edit/"
    detail = re.compile(rf".*/agreements/{agreement.pk}/$")

    # Two sessions: the coordinator here, the mayor's office in a second browser context.
    first = browser_page
    office = first.context.browser.new_context(
        locale="en-GB", viewport={"width": 1280, "height": 900}
    )
    second = office.new_page()
    second.set_default_timeout(10_000)
    sign_in(first, base, "coord", "coord-passphrase-1")
    sign_in(second, base, "mayor", "mayor-passphrase-1")

    # Both open the form; the coordinator saves a new summary first.
    first.goto(edit_url)
    second.goto(edit_url)
    first.get_by_label("Summary:", exact=True).fill("New summary by the coordinator.")
    first.get_by_role("button", name="Save", exact=True).click()
    first.wait_for_url(detail)

    # The mayor's office saves new objectives: refused, with the merge view.
    second.get_by_label("Objectives:", exact=True).fill("New objectives by the mayor's office.")
    second.get_by_role("button", name="Save", exact=True).click()
    heading = second.get_by_role("heading", name="Someone else saved this while you were editing")
    heading.wait_for()
    # The focus moves to the panel's heading (autofocus: no script needed).
    second.wait_for_function(
        "document.activeElement && document.activeElement.id === 'merge-panel-title'"
    )
    panel = second.locator("#merge-panel")
    summary = panel.get_by_role("group", name="Summary", exact=True)
    assert "New summary by the coordinator." in summary.inner_text()
    assert "Changed by coord on" in summary.inner_text()
    # The summary was left as read: "keep theirs" is offered; my text is in the merged box.
    assert summary.get_by_role("radio", name="Keep theirs").is_checked()
    assert summary.get_by_label("Merged text of “Summary”").input_value() == "Old summary."
    assert wcag_violations(second) == []

    second.get_by_role("button", name="Save", exact=True).click()
    second.wait_for_url(detail)
    office.close()

    agreement.refresh_from_db()
    assert agreement.summary == "New summary by the coordinator."
    assert agreement.objectives == "New objectives by the mayor's office."
    assert first.failed_responses == []
