"""Webhooks in a browser: an administrator finds them in the Government menu, subscribes an
endpoint (the secret shown once), a change reaches a real local receiver signed, and the
delivery log shows it; no WCAG violation on the way."""

from __future__ import annotations

import pytest
from django.test import override_settings

from lazos.actors import services as actors
from lazos.core.testing.builders import GovernmentFactory, MembershipFactory, UserFactory
from lazos.webhooks.models import WebhookDelivery, WebhookSubscription
from lazos.webhooks.tests.receiver import running_receiver
from tests.browser.support import sign_in, wcag_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# Like the other browser tests, this module is collected without playwright (and skips).
expect = pytest.importorskip("playwright.sync_api").expect


@override_settings(WEBHOOK_ALLOW_LOOPBACK_HTTP=True)
def test_an_administrator_subscribes_and_follows_the_deliveries(live_server, browser_page):
    government = GovernmentFactory.create(name="Hooked City", slug="hooked")
    admin = UserFactory.create(username="hooks", password="a-long-passphrase-1")
    MembershipFactory.create(government=government, user=admin, role="administrator")
    page = browser_page
    violations: dict[str, list[str]] = {}
    with running_receiver() as receiver:
        sign_in(page, live_server.url, "hooks", "a-long-passphrase-1")
        page.get_by_text("Government", exact=True).click()
        page.get_by_role("link", name="Webhooks").click()
        expect(page.get_by_role("heading", name="Webhook subscriptions")).to_be_visible()
        violations["list"] = wcag_violations(page)
        page.get_by_role("link", name="New webhook subscription").click()
        violations["form"] = wcag_violations(page)
        page.get_by_label("Name").fill("City data portal")
        page.get_by_label("Endpoint address").fill(receiver.url)
        page.get_by_label("created").check()
        page.get_by_role("button", name="Save").click()
        expect(page.get_by_text("Copy this secret now: it is shown only once.")).to_be_visible()
        violations["secret"] = wcag_violations(page)
        subscription = WebhookSubscription.objects.get()
        expect(page.locator("#webhook-secret")).to_have_value(subscription.secret)
        receiver.secret = subscription.secret

        actors.create_local_actor(government, acting_user=admin, name="Forum", kind="media")
        assert len(receiver.received) == 1
        assert receiver.received[0].signature_valid

        page.get_by_role("link", name="I have copied the secret").click()
        expect(page.get_by_role("heading", name="City data portal")).to_be_visible()
        violations["detail"] = wcag_violations(page)
        page.get_by_role("link", name="The whole delivery log of this subscription").click()
        violations["log"] = wcag_violations(page)
        delivery = WebhookDelivery.objects.get()
        page.locator(f"a[href='{delivery.get_absolute_url()}']").click()
        expect(page.get_by_text("audit.actors.localactor.create").first).to_be_visible()
        violations["delivery"] = wcag_violations(page)
        page.get_by_role("button", name="Redeliver").click()
        expect(page.get_by_text("The delivery will be sent again in a moment.")).to_be_visible()
        assert len(receiver.received) == 2
        assert receiver.received[1].signature_valid
    assert {name: found for name, found in violations.items() if found} == {}
