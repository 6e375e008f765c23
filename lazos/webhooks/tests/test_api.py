"""The webhooks' API: administrators only, the secret in the creation's and the rotation's
answers only, the delivery log with its attempts, redelivery, isolation, query budgets."""

from __future__ import annotations

import pytest
from django.utils import timezone

from lazos.api.tests.helpers import api_client, assert_api_matrix, events_of
from lazos.core.testing import assert_constant_queries
from lazos.webhooks.choices import DeliveryStatus
from lazos.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookSubscription
from lazos.webhooks.tests.factories import make_delivery, make_subscription
from lazos.webhooks.tests.receiver import running_receiver

pytestmark = pytest.mark.django_db

SUBSCRIPTIONS = "/api/v1/webhook-subscriptions/"
DELIVERIES = "/api/v1/webhook-deliveries/"
REFUSED = {"anonymous": 401, "stranger": 403, "coordinator": 403, "editor": 403, "viewer": 403}


def test_lists_matrix(world):
    for url in (SUBSCRIPTIONS, DELIVERIES):
        assert_api_matrix(world, "get", url, {**REFUSED, "outsider": 200, "administrator": 200})


def test_detail_matrix_and_isolation(world):
    ours = make_subscription(world.government)
    delivery = make_delivery(ours)
    for url in (f"{SUBSCRIPTIONS}{ours.pk}/", f"{DELIVERIES}{delivery.pk}/"):
        assert_api_matrix(world, "get", url, {**REFUSED, "outsider": 404, "administrator": 200})
    theirs = make_subscription(world.other_government)
    client = api_client(world, "administrator")
    assert client.get(f"{SUBSCRIPTIONS}{theirs.pk}/").status_code == 404
    listed = client.get(SUBSCRIPTIONS).json()["results"]
    assert [row["id"] for row in listed] == [ours.pk]


def test_create_returns_the_secret_once_and_is_audited_as_api(world):
    client = api_client(world, "administrator")
    response = client.post(
        SUBSCRIPTIONS,
        {
            "name": "BI",
            "url": "https://bi.example.org/hooks",
            "audit_actions": ["update", "create"],
            "object_types": ["partners.partner"],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    subscription = WebhookSubscription.objects.get()
    assert body["secret"] == subscription.secret
    assert body["audit_actions"] == ["create", "update"]
    assert "secret" not in client.get(f"{SUBSCRIPTIONS}{subscription.pk}/").json()
    assert [e.channel for e in events_of(subscription)] == ["api"]
    rotated = client.post(f"{SUBSCRIPTIONS}{subscription.pk}/rotate-secret/")
    assert rotated.status_code == 200
    subscription.refresh_from_db()
    assert rotated.json()["secret"] == subscription.secret != body["secret"]


def test_create_refuses_what_the_web_refuses(world):
    client = api_client(world, "administrator")
    for data, field in [
        ({"name": "X", "url": "http://bi.example.org/", "audit_actions": ["create"]}, "url"),
        ({"name": "X", "url": "https://10.1.2.3/", "audit_actions": ["create"]}, "url"),
        (
            {
                "name": "X",
                "url": "https://a.example.org/",
                "audit_actions": ["create"],
                "object_types": ["nope.nothing"],
            },
            "object_types",
        ),
        (
            {"name": "X", "url": "https://a.example.org/", "workflow_events": ["no.such"]},
            "workflow_events",
        ),
        ({"name": "X", "url": "https://a.example.org/"}, "non_field_errors"),
    ]:
        response = client.post(SUBSCRIPTIONS, data, format="json")
        assert response.status_code == 400, data
        assert field in response.json(), response.json()
    assert not WebhookSubscription.objects.exists()
    coordinator = api_client(world, "coordinator")
    response = coordinator.post(
        SUBSCRIPTIONS,
        {"name": "X", "url": "https://a.example.org/", "audit_actions": ["create"]},
        format="json",
    )
    assert response.status_code == 403


def test_update_and_delete(world):
    subscription = make_subscription(world.government)
    make_delivery(subscription)
    client = api_client(world, "administrator")
    response = client.patch(
        f"{SUBSCRIPTIONS}{subscription.pk}/", {"is_active": False}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["is_active"] is False
    assert client.delete(f"{SUBSCRIPTIONS}{subscription.pk}/").status_code == 204
    assert not WebhookDelivery.objects.exists()
    assert [e.action for e in events_of(subscription)] == ["update", "delete"]


def test_redeliver_action(world, settings, django_capture_on_commit_callbacks):
    settings.WEBHOOK_ALLOW_LOOPBACK_HTTP = True
    with running_receiver() as receiver:
        subscription = make_subscription(world.government, url=receiver.url)
        receiver.secret = subscription.secret
        delivery = make_delivery(subscription, status=DeliveryStatus.FAILED)
        url = f"{DELIVERIES}{delivery.pk}/redeliver/"
        assert_api_matrix(world, "post", url, {**REFUSED, "outsider": 404, "administrator": 202})
        client = api_client(world, "administrator")
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url)
        assert response.status_code == 202
        assert len(receiver.received) >= 1
        assert receiver.received[-1].signature_valid
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCEEDED
    shown = client.get(f"{DELIVERIES}{delivery.pk}/").json()
    assert shown["status"] == "succeeded"
    assert shown["attempt_log"][-1]["status_code"] == 200
    assert shown["attempt_log"][-1]["requested_by"] == "w-administrator"


def test_redeliver_refused_while_disabled(world):
    subscription = make_subscription(world.government, is_active=False)
    delivery = make_delivery(subscription, status=DeliveryStatus.FAILED)
    response = api_client(world, "administrator").post(f"{DELIVERIES}{delivery.pk}/redeliver/")
    assert response.status_code == 400


def test_query_budgets(world):
    client = api_client(world, "administrator")
    assert_constant_queries(
        client,
        SUBSCRIPTIONS,
        lambda n: [make_subscription(world.government) for _ in range(n)],
        budget=10,
    )

    def add_deliveries(n: int) -> None:
        subscription = make_subscription(world.government)
        for _ in range(n):
            delivery = make_delivery(subscription)
            WebhookAttempt.objects.create(
                government=world.government,
                delivery=delivery,
                number=1,
                attempted_at=timezone.now(),
                requested_by=world.users["administrator"],
            )

    assert_constant_queries(client, DELIVERIES, add_deliveries, budget=10)
