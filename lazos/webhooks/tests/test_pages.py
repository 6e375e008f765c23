"""Webhook pages: permission matrix (administrators only), forms through the audited
services, the secret shown once, the delivery log's filters, and query budgets."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from lazos.core.models import AuditEvent
from lazos.core.testing import assert_constant_queries, assert_permission_matrix
from lazos.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookSubscription
from lazos.webhooks.tests.factories import make_delivery, make_subscription

pytestmark = pytest.mark.django_db

ADMINISTRATORS = {"administrator": 200, "coordinator": 403, "editor": 403, "viewer": 403}
ANON = {"anonymous": 302, "stranger": 403}
_serial = itertools.count(1)


@pytest.mark.parametrize(
    "name",
    ["webhooks:subscription-list", "webhooks:subscription-create", "webhooks:delivery-list"],
)
def test_list_and_create_matrix(world, name):
    assert_permission_matrix(world, reverse(name), {**ANON, "outsider": 200, **ADMINISTRATORS})


@pytest.mark.parametrize(
    "name",
    [
        "webhooks:subscription-detail",
        "webhooks:subscription-edit",
        "webhooks:subscription-delete",
        "webhooks:subscription-history",
        "webhooks:subscription-rotate-secret",
    ],
)
def test_subscription_pages_matrix(world, name):
    subscription = make_subscription(world.government)
    url = reverse(name, args=[subscription.pk])
    assert_permission_matrix(world, url, {**ANON, "outsider": 404, **ADMINISTRATORS})


@pytest.mark.parametrize("name", ["webhooks:delivery-detail"])
def test_delivery_pages_matrix(world, name):
    delivery = make_delivery(make_subscription(world.government))
    url = reverse(name, args=[delivery.pk])
    assert_permission_matrix(world, url, {**ANON, "outsider": 404, **ADMINISTRATORS})


def test_redeliver_matrix(world, settings):
    delivery = make_delivery(make_subscription(world.government), status="failed")
    url = reverse("webhooks:delivery-redeliver", args=[delivery.pk])
    expected = {**ANON, "outsider": 404, **ADMINISTRATORS, "administrator": 302}
    assert_permission_matrix(world, url, expected, method="post")


def test_only_administrators_see_the_menu_link(world):
    link = reverse("webhooks:subscription-list").encode()
    assert link in world.client_for("administrator").get(reverse("governments:dashboard")).content
    assert link not in world.client_for("coordinator").get(reverse("governments:dashboard")).content


def test_create_shows_the_secret_once_and_is_audited(world):
    client = world.client_for("administrator")
    response = client.post(
        reverse("webhooks:subscription-create"),
        {
            "name": "Portal",
            "url": "https://hooks.example.org/lazos",
            "audit_actions": ["create", "update"],
            "object_types": ["actors.localactor"],
            "workflow_events": ["webhooks.subscription_disabled"],
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    subscription = WebhookSubscription.objects.get()
    assert subscription.secret.encode() in response.content
    assert subscription.object_types == ["actors.localactor"]
    assert subscription.audit_actions == ["create", "update"]
    event = AuditEvent.objects.for_object(subscription).get()
    assert event.channel == "web"
    assert event.actor == world.users["administrator"]
    assert "secret" not in event.changes
    # Never shown again.
    page = client.get(subscription.get_absolute_url())
    assert subscription.secret.encode() not in page.content
    # Rotating shows the new one once.
    old = subscription.secret
    response = client.post(reverse("webhooks:subscription-rotate-secret", args=[subscription.pk]))
    subscription.refresh_from_db()
    assert subscription.secret != old
    assert subscription.secret.encode() in response.content


def test_the_form_refuses_plain_http_and_nothing_chosen(world):
    client = world.client_for("administrator")
    response = client.post(
        reverse("webhooks:subscription-create"),
        {"name": "Bad", "url": "http://hooks.example.org/x", "is_active": "on"},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "url" in form.errors
    assert form.non_field_errors()
    assert not WebhookSubscription.objects.exists()


def test_edit_and_delete_through_the_services(world):
    subscription = make_subscription(world.government, name="Old name")
    make_delivery(subscription)
    client = world.client_for("administrator")
    response = client.post(
        reverse("webhooks:subscription-edit", args=[subscription.pk]),
        {
            "name": "New name",
            "url": subscription.url,
            "audit_actions": ["delete"],
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    subscription.refresh_from_db()
    assert subscription.name == "New name"
    assert subscription.audit_actions == ["delete"]
    response = client.post(reverse("webhooks:subscription-delete", args=[subscription.pk]))
    assert response.status_code == 302
    assert not WebhookSubscription.objects.exists()
    assert not WebhookDelivery.objects.exists()
    actions = AuditEvent.objects.filter(object_id=str(subscription.pk)).order_by("id")
    assert [e.action for e in actions] == ["update", "delete"]


def test_the_delivery_log_filters(world):
    first = make_subscription(world.government, name="First")
    second = make_subscription(world.government, name="Second")
    make_delivery(first, status="succeeded", kind="audit.actors.localactor.create")
    make_delivery(second, status="failed", kind="audit.partners.partner.update")
    theirs = make_delivery(make_subscription(world.other_government), status="failed")
    client = world.client_for("administrator")
    url = reverse("webhooks:delivery-list")

    def listed(**query: Any) -> list[str]:
        response = client.get(url, query)
        assert response.status_code == 200
        return sorted(d.kind for d in response.context["object_list"])

    assert listed() == ["audit.actors.localactor.create", "audit.partners.partner.update"]
    assert listed(status="failed") == ["audit.partners.partner.update"]
    assert listed(subscription=first.pk) == ["audit.actors.localactor.create"]
    assert listed(kind="partner") == ["audit.partners.partner.update"]
    assert theirs.kind not in listed(source="workflow")
    # Another government's subscription is not even a choice.
    response = client.get(url, {"subscription": theirs.subscription_id})
    assert response.context["object_list"] == [] or not response.context["filter"].is_valid()


def test_query_budgets(world):
    client = world.client_for("administrator")
    assert_constant_queries(
        client,
        reverse("webhooks:subscription-list"),
        lambda n: [make_subscription(world.government) for _ in range(n)],
        budget=12,
    )
    subscription = make_subscription(world.government)

    def add_deliveries(n: int) -> None:
        for _ in range(n):
            delivery = make_delivery(make_subscription(world.government))
            WebhookAttempt.objects.create(
                government=world.government,
                delivery=delivery,
                number=1,
                attempted_at=timezone.now(),
                status_code=500,
                error="HTTP 500",
            )

    assert_constant_queries(client, reverse("webhooks:delivery-list"), add_deliveries, budget=12)
    delivery = make_delivery(subscription)
    assert_constant_queries(
        client,
        reverse("webhooks:delivery-detail", args=[delivery.pk]),
        lambda n: [
            WebhookAttempt.objects.create(
                government=world.government,
                delivery=delivery,
                number=next(_serial),
                attempted_at=timezone.now(),
                requested_by=world.users["administrator"],
            )
            for _ in range(n)
        ],
        budget=12,
    )
    assert_constant_queries(
        client,
        subscription.get_absolute_url(),
        lambda n: [make_delivery(subscription) for _ in range(n)],
        budget=12,
    )


def test_the_subscription_page_names_what_it_receives(world):
    subscription = make_subscription(
        world.government,
        audit_actions=["update"],
        object_types=["actors.localactor"],
        workflow_events=["webhooks.subscription_disabled"],
    )
    page = world.client_for("administrator").get(subscription.get_absolute_url())
    text = page.content.decode()
    assert '<span class="badge">updated</span>' in text
    assert "Local actors (<code>actors.localactor</code>)" in text
    assert "A webhook subscription was disabled after repeated failures" in text
