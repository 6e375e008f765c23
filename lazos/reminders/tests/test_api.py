"""The reminders' API, each person's own: their reminders (by scope and kind), their
notifications (read, mark read; nobody else's), their reminder preferences (defaults, set with
PUT/PATCH, audited with the channel "api", If-Match); permission matrices and query budgets."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.utils import timezone

from lazos.accounts.models import User
from lazos.actions.models import Commitment
from lazos.actions.tests.factories import CommitmentFactory
from lazos.api.tests.helpers import api_client, assert_api_matrix, events_of
from lazos.core.audit import Channel
from lazos.core.testing import TenantWorld, assert_constant_queries
from lazos.governments.models import Government
from lazos.reminders.models import Notification, ReminderPreference

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
MEMBERS = {
    "anonymous": 401,
    "stranger": 403,
    "outsider": 200,  # their own, in their government
    "administrator": 200,
    "coordinator": 200,
    "editor": 200,
    "viewer": 200,
}
_serial = itertools.count(1)


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


def overdue(world: TenantWorld, **values: object) -> Commitment:
    return CommitmentFactory.create(
        government=world.government, due_date=TODAY - timedelta(days=3), **values
    )


def notify(government: Government, recipient: User, title: str = "") -> Notification:
    return Notification.objects.create(
        government=government,
        recipient=recipient,
        kind="results.update_returned",
        content_type=ContentType.objects.get_for_model(Government),
        object_id=government.pk,
        title=title or f"Update {next(_serial)}",
        delivery="off",
    )


# --- reminders ---------------------------------------------------------------------------------


def test_my_reminders(world: TenantWorld) -> None:
    everyone = overdue(world, title="Send the minutes")
    mine = overdue(world, title="Book the room", department=world.department)
    CommitmentFactory.create(government=world.other_government, due_date=TODAY - timedelta(3))
    responses = assert_api_matrix(world, "get", "/api/v1/reminders/", MEMBERS)

    def titles(who: str) -> list[str]:
        return [row["title"] for row in responses[who].json()["results"]]

    # The office sees all the government's work; an editor their departments' (their role's
    # default scope); another government's administrator only theirs.
    assert titles("coordinator") == ["Send the minutes", "Book the room"]
    assert titles("editor") == ["Book the room"]
    assert len(titles("outsider")) == 1
    row = responses["coordinator"].json()["results"][0]
    assert (row["kind"], row["object_type"], row["object_id"], row["due"]) == (
        "overdue_commitment",
        "actions.commitment",
        everyone.pk,
        (TODAY - timedelta(days=3)).isoformat(),
    )
    editor = api_client(world, "editor")
    rows = editor.get("/api/v1/reminders/?scope=all").json()["results"]
    assert {r["object_id"] for r in rows} == {everyone.pk, mine.pk}
    assert editor.get("/api/v1/reminders/?kind=agreement_expiry").json()["results"] == []
    response = editor.get("/api/v1/reminders/?scope=everything")
    assert response.status_code == 400
    assert "scope" in response.json()


# --- notifications -----------------------------------------------------------------------------


def test_my_notifications_only(world: TenantWorld) -> None:
    mine = notify(world.government, world.users["viewer"], "Mine")
    someone_elses = notify(world.government, world.users["editor"], "The editor's")
    responses = assert_api_matrix(world, "get", "/api/v1/notifications/", MEMBERS)
    assert [r["title"] for r in responses["viewer"].json()["results"]] == ["Mine"]
    assert [r["title"] for r in responses["editor"].json()["results"]] == ["The editor's"]
    assert responses["outsider"].json()["results"] == []
    viewer = api_client(world, "viewer")
    assert viewer.get(f"/api/v1/notifications/{mine.pk}/").status_code == 200
    # Another person's notification is a 404, like a missing one: read or marked.
    assert viewer.get(f"/api/v1/notifications/{someone_elses.pk}/").status_code == 404
    assert viewer.post(f"/api/v1/notifications/{someone_elses.pk}/read/").status_code == 404
    someone_elses.refresh_from_db()
    assert someone_elses.read_at is None


def test_mark_notifications_read(world: TenantWorld) -> None:
    first = notify(world.government, world.users["viewer"])
    notify(world.government, world.users["viewer"])
    notify(world.government, world.users["editor"])
    viewer = api_client(world, "viewer")
    response = viewer.post(f"/api/v1/notifications/{first.pk}/read/")
    assert response.status_code == 200
    assert response.json()["read_at"]
    assert [
        r["id"] for r in viewer.get("/api/v1/notifications/?unread=false").json()["results"]
    ] == [first.pk]
    response = viewer.post("/api/v1/notifications/read-all/")
    assert response.json() == {"marked": 1}
    assert Notification.objects.filter(read_at__isnull=True).count() == 1  # the editor's
    # A read-only token reads but marks nothing.
    notify(world.government, world.users["viewer"])
    reader = api_client(world, "viewer", read_only=True)
    assert reader.get("/api/v1/notifications/").status_code == 200
    assert reader.post("/api/v1/notifications/read-all/").status_code == 403
    statuses = {
        who: api_client(world, who).post("/api/v1/notifications/read-all/").status_code
        for who in ("anonymous", "stranger")
    }
    assert statuses == {"anonymous": 401, "stranger": 403}


# --- preferences -------------------------------------------------------------------------------


def test_my_preferences_start_with_my_roles_defaults(world: TenantWorld) -> None:
    responses = assert_api_matrix(world, "get", "/api/v1/reminder-preferences/mine/", MEMBERS)
    coordinator, editor = responses["coordinator"].json(), responses["editor"].json()
    assert (coordinator["scope"], coordinator["email_digest"], coordinator["stored"]) == (
        "all",
        True,
        False,
    )
    assert (editor["scope"], editor["email_digest"]) == ("mine", False)
    assert responses["editor"]["ETag"]


def test_set_my_preferences(world: TenantWorld) -> None:
    url = "/api/v1/reminder-preferences/mine/"
    viewer = api_client(world, "viewer")
    body = {
        "kinds": ["overdue_commitment", "agreement_expiry"],
        "scope": "all",
        "email_digest": True,
        "notification_email": {"results.update_returned": "immediate"},
    }
    response = viewer.put(url, body, format="json")
    assert response.status_code == 200, response.content
    row = response.json()
    # Kinds in their canonical order.
    assert row["kinds"] == ["agreement_expiry", "overdue_commitment"]
    assert (row["scope"], row["email_digest"], row["stored"]) == ("all", True, True)
    preference = ReminderPreference.objects.get(user=world.users["viewer"])
    assert preference.government == world.government
    [event] = events_of(preference)
    assert (event.channel, event.actor) == (Channel.API, world.users["viewer"])
    # PATCH changes what it gives.
    response = viewer.patch(url, {"email_digest": False}, format="json")
    assert response.json()["kinds"] == ["agreement_expiry", "overdue_commitment"]
    assert response.json()["email_digest"] is False
    assert response.json()["notification_email"] == {"results.update_returned": "immediate"}
    # Only their own: nobody else's changed.
    assert ReminderPreference.objects.count() == 1


def test_preferences_refused(world: TenantWorld) -> None:
    url = "/api/v1/reminder-preferences/mine/"
    viewer = api_client(world, "viewer")
    response = viewer.patch(url, {"notification_email": {"nothing.such": "digest"}}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "notification_email": ["Unknown kind of notification or way of telling."]
    }
    response = viewer.patch(url, {"kinds": ["gossip"]}, format="json")
    assert response.status_code == 400
    etag = viewer.get(url)["ETag"]
    assert viewer.patch(url, {"scope": "all"}, format="json").status_code == 200
    response = viewer.patch(url, {"scope": "mine"}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 412
    assert ReminderPreference.objects.get(user=world.users["viewer"]).scope == "all"
    reader = api_client(world, "viewer", read_only=True)
    assert reader.patch(url, {"scope": "mine"}, format="json").status_code == 403
    statuses = {
        who: api_client(world, who).patch(url, {"scope": "mine"}, format="json").status_code
        for who in ("anonymous", "stranger")
    }
    assert statuses == {"anonymous": 401, "stranger": 403}


# --- query budgets -----------------------------------------------------------------------------


def test_list_queries_do_not_grow_with_rows(world: TenantWorld) -> None:
    client = api_client(world, "coordinator")
    client.get("/api/v1/reminders/")  # the token's first use is recorded once

    def commitments(n: int) -> None:
        Commitment.objects.bulk_create(
            Commitment(
                government=world.government,
                title=f"C {next(_serial)}",
                meeting="Steering committee",
                due_date=TODAY - timedelta(days=2),
                department=world.department,
            )
            for _ in range(n)
        )

    assert_constant_queries(
        client, "/api/v1/reminders/?page_size=500", commitments, budget=14, few=3, many=40
    )
    content_type = ContentType.objects.get_for_model(Government)

    def notifications(n: int) -> None:
        Notification.objects.bulk_create(
            Notification(
                government=world.government,
                recipient=world.users["coordinator"],
                actor=world.users["editor"],
                kind="results.update_returned",
                content_type=content_type,
                object_id=world.government.pk,
                title=f"N {next(_serial)}",
                delivery="off",
            )
            for _ in range(n)
        )

    assert_constant_queries(
        client, "/api/v1/notifications/?page_size=500", notifications, budget=10, few=5, many=60
    )
