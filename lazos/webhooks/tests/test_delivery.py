"""Webhooks against a real local HTTP receiver: signing, retry with backoff, redelivery,
disabling with the administrators' notice, and never another government's data."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Model
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from lazos.actors import services as actors
from lazos.actors.models import LocalActor
from lazos.actors.tests.factories import LocalActorFactory
from lazos.core import audit
from lazos.core.events import Event, EventKind, office_of
from lazos.core.models import AuditEvent
from lazos.reminders.models import Notification
from lazos.webhooks import services
from lazos.webhooks.choices import DeliveryStatus
from lazos.webhooks.dispatch import deliver_workflow_event
from lazos.webhooks.endpoints import validate_endpoint_url
from lazos.webhooks.events import SUBSCRIPTION_DISABLED
from lazos.webhooks.jobs import queue_due_deliveries, send_webhook
from lazos.webhooks.models import WebhookAttempt, WebhookDelivery, WebhookSubscription
from lazos.webhooks.sending import backoff
from lazos.webhooks.signing import signature_header, verify
from lazos.webhooks.tests.factories import make_delivery
from lazos.webhooks.tests.receiver import Receiver, running_receiver

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _loopback(settings: Any) -> None:
    settings.WEBHOOK_ALLOW_LOOPBACK_HTTP = True
    settings.WEBHOOK_RETRY_BASE_SECONDS = 30


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with running_receiver() as running:
        yield running


def subscribe(world: Any, receiver: Receiver, **values: Any) -> WebhookSubscription:
    fields = {"name": "City data portal", "url": receiver.url, "audit_actions": ["create"]}
    fields.update(values)
    subscription = services.create_webhook_subscription(
        world.government, acting_user=world.users["administrator"], **fields
    )
    receiver.secret = subscription.secret
    return subscription


def create_actor(capture: Any, government: Any, user: Any, name: str = "Youth forum") -> Any:
    with capture(execute=True):
        return actors.create_local_actor(
            government, acting_user=user, name=name, kind="civil_society", contact_name="Ana"
        )


def make_due(subscription: WebhookSubscription) -> None:
    WebhookDelivery.objects.filter(subscription=subscription, status="pending").update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )


# --- Signing ---------------------------------------------------------------------------------


def test_signature_is_checked_against_time_and_body():
    body = b'{"id": "1"}'
    header = signature_header("whsec_x", body, timestamp=1_700_000_000)
    assert verify("whsec_x", header, body, now=1_700_000_100)
    assert not verify("whsec_y", header, body, now=1_700_000_100)  # another secret
    assert not verify("whsec_x", header, body + b" ", now=1_700_000_100)  # another body
    assert not verify("whsec_x", header, body, now=1_700_000_000 + 301)  # replayed too late
    assert not verify("whsec_x", "garbage", body)


def test_a_recorded_change_is_delivered_signed(world, receiver, django_capture_on_commit_callbacks):
    subscription = subscribe(world, receiver)
    actor = create_actor(
        django_capture_on_commit_callbacks, world.government, world.users["editor"]
    )
    assert len(receiver.received) == 1
    message = receiver.received[0]
    assert message.signature_valid
    assert message.headers["Lazos-Event"] == "audit.actors.localactor.create"
    body = message.json
    assert body["kind"] == "audit.actors.localactor.create"
    assert body["source"] == "audit"
    assert body["government"]["slug"] == world.government.slug
    assert body["object"] == {"type": "actors.localactor", "id": str(actor.pk), "repr": actor.name}
    assert body["changes"]["name"] == {"before": None, "after": "Youth forum"}
    assert body["actor"] == "w-editor"
    event = AuditEvent.objects.for_object(actor).get()
    assert body["audit_event_id"] == event.pk
    assert message.headers["Lazos-Delivery"] == body["id"]
    delivery = WebhookDelivery.objects.get(subscription=subscription)
    assert delivery.status == DeliveryStatus.SUCCEEDED
    assert str(delivery.event_id) == body["id"]
    attempt = WebhookAttempt.objects.get(delivery=delivery)
    assert attempt.status_code == 200
    assert attempt.succeeded
    assert attempt.duration_ms >= 0
    # Another secret would not verify it: the receiver really checks.
    assert not verify("whsec_other", message.headers["Lazos-Signature"], message.body)


def test_only_the_kinds_asked_for_are_delivered(
    world, receiver, django_capture_on_commit_callbacks
):
    subscribe(world, receiver, audit_actions=["update"], object_types=["partners.partner"])
    actor = create_actor(
        django_capture_on_commit_callbacks, world.government, world.users["editor"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        actors.update_local_actor(actor, acting_user=world.users["editor"], phone="+1")
    assert receiver.received == []
    assert not WebhookDelivery.objects.exists()


def test_the_secret_never_reaches_the_audit_trail_nor_a_delivery(
    world, receiver, django_capture_on_commit_callbacks
):
    subscribe(world, receiver, audit_actions=["create", "update"])
    subscription = WebhookSubscription.objects.get()
    old = subscription.secret
    with django_capture_on_commit_callbacks(execute=True):
        services.rotate_webhook_secret(subscription, acting_user=world.users["administrator"])
    assert subscription.secret != old
    events = AuditEvent.objects.for_object(subscription)
    assert [e.action for e in events.order_by("id")] == ["create", "update"]
    for event in events:
        assert "secret" not in event.changes
        assert old not in str(event.changes)
        assert subscription.secret not in str(event.changes)
    # The webhooks' own changes are never delivered (a delivery about a delivery…).
    assert receiver.received == []


# --- Retry, redelivery, disabling ------------------------------------------------------------


def test_a_failed_attempt_is_retried_with_backoff_then_succeeds(
    world, receiver, django_capture_on_commit_callbacks
):
    subscription = subscribe(world, receiver)
    receiver.statuses = [500]
    before = timezone.now()
    create_actor(django_capture_on_commit_callbacks, world.government, world.users["editor"])
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.attempts == 1
    assert delivery.last_status_code == 500
    assert delivery.next_attempt_at is not None
    assert delivery.next_attempt_at >= before + timedelta(seconds=30)
    subscription.refresh_from_db()
    assert subscription.consecutive_failures == 1
    assert queue_due_deliveries() == 0  # not due yet
    make_due(subscription)
    assert queue_due_deliveries() == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCEEDED
    assert delivery.attempts == 2
    assert [(a.number, a.status_code, a.succeeded) for a in delivery.attempt_log.all()] == [
        (1, 500, False),
        (2, 200, True),
    ]
    assert [r.signature_valid for r in receiver.received] == [True, True]
    assert receiver.received[0].json["id"] == receiver.received[1].json["id"]
    subscription.refresh_from_db()
    assert subscription.consecutive_failures == 0


def test_backoff_doubles_up_to_the_maximum(settings):
    settings.WEBHOOK_RETRY_BASE_SECONDS = 30
    settings.WEBHOOK_RETRY_MAX_SECONDS = 300
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4, 5)] == [30, 60, 120, 240, 300]


def test_a_delivery_gives_up_after_its_attempts(
    world, receiver, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_MAX_ATTEMPTS = 2
    subscription = subscribe(world, receiver)
    receiver.statuses = [503, 503, 503]
    create_actor(django_capture_on_commit_callbacks, world.government, world.users["editor"])
    make_due(subscription)
    queue_due_deliveries()
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == 2
    assert queue_due_deliveries() == 0


def test_redelivery_from_the_web_sends_the_same_event_signed_again(
    world, receiver, django_capture_on_commit_callbacks
):
    subscribe(world, receiver)
    create_actor(django_capture_on_commit_callbacks, world.government, world.users["editor"])
    delivery = WebhookDelivery.objects.get()
    client = world.client_for("administrator")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("webhooks:delivery-redeliver", args=[delivery.pk]))
    assert response.status_code == 302
    assert len(receiver.received) == 2
    first, second = receiver.received
    assert second.signature_valid
    assert first.json == second.json
    attempt = WebhookAttempt.objects.get(delivery=delivery, number=2)
    assert attempt.requested_by == world.users["administrator"]
    assert attempt.succeeded
    page = client.get(reverse("webhooks:delivery-detail", args=[delivery.pk]))
    assert str(world.users["administrator"]).encode() in page.content


def test_redelivery_is_refused_while_the_subscription_is_disabled(world, receiver):
    subscription = subscribe(world, receiver)
    services.disable_webhook_subscription(subscription, acting_user=None, reason="test")
    delivery = make_delivery(subscription)
    with pytest.raises(ValidationError):
        services.redeliver_webhook(delivery, acting_user=world.users["administrator"])


def test_repeated_failures_disable_the_subscription_and_tell_the_administrators(
    world, receiver, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_FAILURES_BEFORE_DISABLE = 3
    subscription = subscribe(world, receiver)
    receiver.statuses = [500] * 10
    for number in range(2):
        create_actor(
            django_capture_on_commit_callbacks,
            world.government,
            world.users["editor"],
            name=f"Forum {number}",
        )
    subscription.refresh_from_db()
    assert subscription.is_active
    assert subscription.consecutive_failures == 2
    make_due(subscription)
    with django_capture_on_commit_callbacks(execute=True):
        queue_due_deliveries()
    subscription.refresh_from_db()
    assert not subscription.is_active
    assert "3 attempts in a row failed" in subscription.disabled_reason
    assert len(receiver.received) == 3  # nothing more once disabled
    # Audited, and the administrators (only them) told.
    disabled = AuditEvent.objects.for_object(subscription).order_by("id").last()
    assert disabled.changes["is_active"] == {"before": True, "after": False}
    told = Notification.objects.filter(kind=SUBSCRIPTION_DISABLED.code)
    assert sorted(told.values_list("recipient__username", flat=True)) == ["w-administrator"]
    # The remaining delivery is given up without being sent.
    make_due(subscription)
    assert queue_due_deliveries() == 0
    with django_capture_on_commit_callbacks(execute=True):
        create_actor(django_capture_on_commit_callbacks, world.government, world.users["editor"])
    assert len(receiver.received) == 3
    # Enabling it again starts the count afresh.
    services.update_webhook_subscription(
        subscription, acting_user=world.users["administrator"], is_active=True
    )
    subscription.refresh_from_db()
    assert subscription.is_active
    assert subscription.consecutive_failures == 0


# --- Never another government's data ---------------------------------------------------------


def test_a_change_in_another_government_is_never_delivered(
    world, receiver, django_capture_on_commit_callbacks
):
    subscribe(world, receiver, audit_actions=["create", "update", "delete"])
    create_actor(
        django_capture_on_commit_callbacks,
        world.other_government,
        world.users["outsider"],
        name="Their secret forum",
    )
    assert receiver.received == []
    assert not WebhookDelivery.objects.exists()
    # Their own subscription receives it; ours still nothing.
    with running_receiver() as theirs:
        subscription = services.create_webhook_subscription(
            world.other_government,
            acting_user=world.users["outsider"],
            name="Theirs",
            url=theirs.url,
            audit_actions=["create"],
        )
        theirs.secret = subscription.secret
        create_actor(
            django_capture_on_commit_callbacks, world.other_government, world.users["outsider"]
        )
        assert len(theirs.received) == 1
        assert theirs.received[0].signature_valid
    assert receiver.received == []
    assert WebhookDelivery.objects.get().government == world.other_government


def test_a_workflow_event_on_another_governments_object_carries_its_public_fields_only(
    world, receiver, django_capture_on_commit_callbacks
):
    subscribe(world, receiver, audit_actions=[], workflow_events=[SUBSCRIPTION_DISABLED.code])
    theirs = LocalActorFactory.create(
        government=world.other_government, name="Their forum", contact_name="Private Person"
    )
    shared = EventKind(
        SUBSCRIPTION_DISABLED.code, "shared", office_of, visible_in=lambda obj, government: True
    )
    event = Event(shared, theirs, world.government, world.users["outsider"], note="internal note")
    with django_capture_on_commit_callbacks(execute=True):
        deliver_workflow_event(event)
    body = receiver.received[0].json
    assert receiver.received[0].signature_valid
    assert body["government"]["slug"] == world.government.slug
    assert body["object"]["government"] == {
        "slug": world.other_government.slug,
        "name": world.other_government.name,
    }
    assert body["cross_government"] is True
    assert "actor" not in body
    assert "note" not in body
    raw = receiver.received[0].body.decode()
    assert "w-outsider" not in raw
    assert "internal note" not in raw
    assert "Private Person" not in raw
    # A kind whose objects do not cross governments delivers nothing for another's object.
    event = Event(SUBSCRIPTION_DISABLED, theirs, world.government, None)
    with django_capture_on_commit_callbacks(execute=True):
        assert deliver_workflow_event(event) == []
    assert len(receiver.received) == 1


def test_a_workflow_event_of_our_own_is_delivered_with_actor_and_note(
    world, receiver, django_capture_on_commit_callbacks
):
    subscribe(world, receiver, audit_actions=[], workflow_events=[SUBSCRIPTION_DISABLED.code])
    ours = LocalActorFactory.create(government=world.government)
    event = Event(SUBSCRIPTION_DISABLED, ours, world.government, world.users["editor"], "why")
    with django_capture_on_commit_callbacks(execute=True):
        deliver_workflow_event(event)
    body = receiver.received[0].json
    assert body["kind"] == "workflow.webhooks.subscription_disabled"
    assert body["actor"] == "w-editor"
    assert body["note"] == "why"
    assert body["object"] == {"type": "actors.localactor", "id": str(ours.pk), "repr": ours.name}


# --- Endpoints -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://hooks.example.org/x",
        "ftp://hooks.example.org/x",
        "https://10.0.0.5/x",
        "https://192.168.1.1/x",
        "https://169.254.169.254/latest",
        "https://user:pass@hooks.example.org/x",
    ],
)
def test_addresses_refused(url):
    with pytest.raises(ValidationError):
        validate_endpoint_url(url)


def test_plain_http_only_to_loopback_and_only_when_allowed(settings):
    validate_endpoint_url("https://hooks.example.org/x")
    validate_endpoint_url("http://127.0.0.1:8001/x")
    settings.WEBHOOK_ALLOW_LOOPBACK_HTTP = False
    for url in ("http://127.0.0.1:8001/x", "https://127.0.0.1/x", "https://localhost/x"):
        with pytest.raises(ValidationError):
            validate_endpoint_url(url)


def test_an_attempt_to_an_address_now_refused_fails_without_sending(
    world, receiver, settings, django_capture_on_commit_callbacks
):
    subscription = subscribe(world, receiver)
    settings.WEBHOOK_ALLOW_LOOPBACK_HTTP = False
    create_actor(django_capture_on_commit_callbacks, world.government, world.users["editor"])
    assert receiver.received == []
    delivery = WebhookDelivery.objects.get(subscription=subscription)
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.last_status_code is None
    assert "https" in delivery.last_error


def test_bulk_recorded_changes_are_delivered_each(
    world, receiver, django_capture_on_commit_callbacks
):
    subscribe(world, receiver)
    rows: list[Model] = list(
        LocalActor.objects.bulk_create(
            [
                LocalActor(government=world.government, name=f"Bulk {n}", kind="media")
                for n in range(3)
            ]
        )
    )
    with django_capture_on_commit_callbacks(execute=True):
        audit.record_creations(rows, actor=world.users["coordinator"])
    kinds = sorted(r.json["object"]["repr"] for r in receiver.received)
    assert kinds == ["Bulk 0", "Bulk 1", "Bulk 2"]
    assert all(r.signature_valid for r in receiver.received)


def documented_verify() -> Any:
    """The ``verify`` function of docs/api.md, "Webhooks", as a receiver would copy it."""
    text = (Path(__file__).resolve().parents[3] / "docs" / "api.md").read_text(encoding="utf-8")
    start = text.index("import hashlib", text.index("## Webhooks"))
    end = text.index("```", start)
    namespace: dict[str, Any] = {}
    exec(compile(text[start:end], "docs/api.md", "exec"), namespace)  # noqa: S102
    return namespace["verify"]


def test_the_documented_verification_accepts_real_deliveries_only(
    world, receiver, django_capture_on_commit_callbacks
):
    verify_as_documented = documented_verify()
    subscribe(world, receiver)
    create_actor(django_capture_on_commit_callbacks, world.government, world.users["editor"])
    message = receiver.received[0]
    header = message.headers["Lazos-Signature"]
    assert verify_as_documented(receiver.secret, header, message.body)
    assert not verify_as_documented("whsec_wrong", header, message.body)
    assert not verify_as_documented(receiver.secret, header, message.body.replace(b"Youth", b"Y"))
    stamp = int(header.split(",")[0].removeprefix("t="))
    old = signature_header(receiver.secret, message.body, timestamp=stamp - 301)
    assert not verify_as_documented(receiver.secret, old, message.body)  # outside the window


SEND_WEBHOOK = "lazos.webhooks.jobs.send_webhook"


def run_queued_jobs() -> list[int]:
    """What the worker does with the webhook jobs that are due now: run each as its task."""
    ran = []
    queued = DBTaskResult.objects.filter(status="READY", task_path=SEND_WEBHOOK)
    for row in queued.order_by("enqueued_at"):
        # (django-tasks-db stores "no time given" as the year 9999)
        if row.run_after.year < 9999 and row.run_after > timezone.now():
            continue
        send_webhook.call(*row.args_kwargs["args"])
        row.delete()
        ran.append(row.args_kwargs["args"][0])
    return ran


def test_with_the_database_queue_the_worker_sends_and_defers_the_retry(
    world, receiver, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    subscribe(world, receiver)
    receiver.statuses = [500]
    create_actor(django_capture_on_commit_callbacks, world.government, world.users["editor"])
    assert receiver.received == []  # never sent in the request: queued for the worker
    delivery = WebhookDelivery.objects.get()
    before_attempt = timezone.now()
    assert run_queued_jobs() == [delivery.pk]
    assert len(receiver.received) == 1
    # The retry waits in the queue until its time (run_after: the base delay after the
    # attempt, however slow the machine), then succeeds.
    row = DBTaskResult.objects.get(status="READY", task_path=SEND_WEBHOOK)
    delivery.refresh_from_db()
    assert row.run_after == delivery.next_attempt_at
    assert row.run_after >= before_attempt + timedelta(seconds=30)
    assert run_queued_jobs() == []
    DBTaskResult.objects.filter(pk=row.pk).update(run_after=timezone.now())
    make_due(delivery.subscription)
    assert run_queued_jobs() == [delivery.pk]
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.SUCCEEDED
    assert len(receiver.received) == 2


def test_the_changes_of_one_transaction_are_delivered_together_and_a_rollback_sends_nothing(
    world, receiver, django_capture_on_commit_callbacks
):
    subscribe(world, receiver)
    editor = world.users["editor"]
    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
    ):
        actors.create_local_actor(world.government, acting_user=editor, name="Kept A", kind="media")
        try:
            with transaction.atomic():
                actors.create_local_actor(
                    world.government, acting_user=editor, name="Rolled back", kind="media"
                )
                raise RuntimeError
        except RuntimeError:
            pass
        actors.create_local_actor(world.government, acting_user=editor, name="Kept B", kind="media")
    assert sorted(r.json["object"]["repr"] for r in receiver.received) == ["Kept A", "Kept B"]
    reads = [
        q["sql"]
        for q in queries.captured_queries
        if 'FROM "webhooks_webhooksubscription"' in q["sql"]
    ]
    assert len(reads) == 1  # one look at the subscriptions for the whole transaction


def test_the_sweep_command_queues_due_deliveries_and_deletes_old_ones(world, receiver, settings):
    settings.WEBHOOK_LOG_RETENTION_DAYS = 30
    subscription = subscribe(world, receiver)
    due = make_delivery(subscription, status=DeliveryStatus.PENDING)
    old = make_delivery(
        subscription,
        status=DeliveryStatus.SUCCEEDED,
        occurred_at=timezone.now() - timedelta(days=31),
    )
    output = io.StringIO()
    call_command("retry_webhooks", stdout=output)
    assert "1 deliveries queued" in output.getvalue()
    due.refresh_from_db()
    assert due.status == DeliveryStatus.SUCCEEDED
    assert receiver.received[0].signature_valid
    assert not WebhookDelivery.objects.filter(pk=old.pk).exists()
