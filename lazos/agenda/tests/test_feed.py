"""The personal iCalendar feed: created once, hashed, audited, revocable, scoped."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from lazos.actions.models import Action, Commitment
from lazos.agenda import services
from lazos.agenda.models import CalendarToken
from lazos.agenda.tokens import hash_token
from lazos.agreements.models import Agreement
from lazos.core.models import AuditEvent
from lazos.core.testing import assert_constant_queries, assert_permission_matrix
from lazos.governments.models import Membership

pytestmark = pytest.mark.django_db

FEED = reverse("agenda:feed")
BASE = "https://lazos.example.org"


def ical_url(raw: str) -> str:
    return reverse("agenda:ical", kwargs={"token": raw})


def events(response) -> dict[str, Any]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


@pytest.fixture
def items(world):
    g = world.government
    soon = timezone.localdate() + timedelta(days=10)
    return {
        "mission": Action.objects.create(
            government=g,
            title="Mission to Lyon",
            modality="mission",
            location="Lyon",
            start_date=soon,
            end_date=soon + timedelta(days=2),
        ),
        "commitment": Commitment.objects.create(
            government=g, title="Send the report", meeting="Board", due_date=soon
        ),
        "agreement": Agreement.objects.create(
            government=g,
            title="Twinning with Lyon",
            kind="twinning",
            status="in_force",
            valid_until=soon + timedelta(days=30),
        ),
        "theirs": Action.objects.create(
            government=world.other_government,
            title="Their secret mission",
            modality="mission",
            start_date=soon,
        ),
        "old": Action.objects.create(
            government=g,
            title="Mission of long ago",
            modality="mission",
            start_date=date(2001, 1, 1),
        ),
    }


@override_settings(LAZOS_BASE_URL=BASE)
def test_create_shows_the_address_once_and_stores_only_its_hash(world):
    client = world.client_for("viewer")
    response = client.post(FEED)
    assert response.status_code == 200
    html = response.content.decode()
    match = re.search(rf'value="{re.escape(BASE)}/calendar/ical/([A-Za-z0-9_-]+)\.ics"', html)
    assert match, html
    raw = match.group(1)
    token = CalendarToken.objects.get(user=world.users["viewer"])
    assert token.token_hash == hash_token(raw)
    assert raw not in token.token_hash
    assert not CalendarToken.objects.filter(token_hash=raw).exists()
    # Shown once: the page does not show it again.
    again = client.get(FEED).content.decode()
    assert raw not in again
    assert "Revoke" in again
    # Audited, without the hash.
    event = AuditEvent.objects.for_object(token).get()
    assert event.action == "create"
    assert "token_hash" not in event.changes
    assert raw not in str(event.changes)


@override_settings(LAZOS_BASE_URL=BASE)
def test_the_feed_has_the_governments_items_linking_back(world, items):
    viewer = world.users["viewer"]
    viewer.preferred_language = "en"  # the feed speaks the reader's language
    viewer.save(update_fields=["preferred_language"])
    token, raw = services.create_calendar_token(world.government, acting_user=viewer)
    found = events(Client().get(ical_url(raw)))
    mission, commitment, agreement = items["mission"], items["commitment"], items["agreement"]
    assert set(found) == {
        f"action-{mission.pk}@lazos",
        f"commitment-{commitment.pk}@lazos",
        f"agreement-{agreement.pk}@lazos",
    }
    trip = found[f"action-{mission.pk}@lazos"]
    assert str(trip["SUMMARY"]) == "Mission to Lyon"
    assert trip.decoded("DTSTART") == mission.start_date
    assert trip.decoded("DTEND") == mission.end_date + timedelta(days=1)
    assert str(trip["URL"]) == f"{BASE}{mission.get_absolute_url()}"
    assert f"{BASE}{mission.get_absolute_url()}" in str(trip["DESCRIPTION"])
    assert str(trip["LOCATION"]) == "Lyon"
    due = found[f"commitment-{commitment.pk}@lazos"]
    assert str(due["SUMMARY"]) == "Due: Send the report"
    assert str(due["URL"]) == f"{BASE}{commitment.get_absolute_url()}"
    expiry = found[f"agreement-{agreement.pk}@lazos"]
    assert str(expiry["SUMMARY"]) == "Agreement expires: Twinning with Lyon"
    assert expiry.decoded("DTSTART") == agreement.valid_until
    token.refresh_from_db()
    assert token.last_used is not None


def test_revoked_wrong_and_former_member_tokens_are_404(world, items):
    viewer = world.users["viewer"]
    token, raw = services.create_calendar_token(world.government, acting_user=viewer)
    client = Client()
    assert client.get(ical_url(raw)).status_code == 200
    assert client.get(ical_url("x" * 43)).status_code == 404
    assert client.get(ical_url(raw[:-1] + ("A" if raw[-1] != "A" else "B"))).status_code == 404
    services.revoke_calendar_token(token, acting_user=viewer)
    assert client.get(ical_url(raw)).status_code == 404
    # A member who leaves loses the feed at once.
    _token, raw = services.create_calendar_token(world.government, acting_user=viewer)
    assert client.get(ical_url(raw)).status_code == 200
    Membership.objects.for_tenant(world.government).filter(user=viewer).delete()
    assert client.get(ical_url(raw)).status_code == 404


def test_revoke_through_the_page(world):
    viewer = world.users["viewer"]
    token, raw = services.create_calendar_token(world.government, acting_user=viewer)
    client = world.client_for("viewer")
    url = reverse("agenda:token-revoke", kwargs={"pk": token.pk})
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 302
    assert response.url == FEED
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert Client().get(ical_url(raw)).status_code == 404
    assert AuditEvent.objects.for_object(token).filter(action="update").count() == 1
    # Revoked already: the page is gone.
    assert client.post(url).status_code == 404


def test_a_new_address_replaces_the_previous_one(world):
    viewer = world.users["viewer"]
    first, first_raw = services.create_calendar_token(world.government, acting_user=viewer)
    second, second_raw = services.create_calendar_token(world.government, acting_user=viewer)
    first.refresh_from_db()
    assert first.revoked_at is not None
    assert second.revoked_at is None
    assert Client().get(ical_url(first_raw)).status_code == 404
    assert Client().get(ical_url(second_raw)).status_code == 200


def test_services_refuse_strangers_and_other_peoples_tokens(world):
    with pytest.raises(PermissionDenied):
        services.create_calendar_token(world.government, acting_user=world.users["stranger"])
    token, _raw = services.create_calendar_token(
        world.government, acting_user=world.users["viewer"]
    )
    with pytest.raises(PermissionDenied):
        services.revoke_calendar_token(token, acting_user=world.users["editor"])
    # An administrator of the government may stop a member's feed.
    services.revoke_calendar_token(token, acting_user=world.users["administrator"])
    assert token.revoked_at is not None


def test_feed_query_count_is_fixed(world):
    g = world.government
    _token, raw = services.create_calendar_token(g, acting_user=world.users["viewer"])
    soon = timezone.localdate() + timedelta(days=5)

    def add(n: int) -> None:
        Action.objects.bulk_create(
            Action(government=g, title=f"Event {i}", modality="event", start_date=soon)
            for i in range(n)
        )
        Commitment.objects.bulk_create(
            Commitment(government=g, title=f"Task {i}", meeting="M", due_date=soon)
            for i in range(n)
        )
        Agreement.objects.bulk_create(
            Agreement(government=g, title=f"A {i}", kind="mou", status="signed", valid_until=soon)
            for i in range(n)
        )

    assert_constant_queries(Client(), ical_url(raw), add, budget=6, few=10, many=500)


def test_permission_matrix_of_the_feed_pages(world):
    everyone = {
        "anonymous": 302,
        "stranger": 403,
        "outsider": 200,
        "administrator": 200,
        "coordinator": 200,
        "editor": 200,
        "viewer": 200,
    }
    assert_permission_matrix(world, FEED, everyone)
    assert_permission_matrix(world, FEED, everyone, method="post")
    # The revoke page of the viewer's feed: only the viewer may use it.
    token = (
        CalendarToken.objects.for_tenant(world.government)
        .of_user(world.users["viewer"])
        .active()
        .get()
    )
    url = reverse("agenda:token-revoke", kwargs={"pk": token.pk})
    assert_permission_matrix(
        world,
        url,
        {
            "anonymous": 302,
            "stranger": 403,
            "outsider": 404,
            "administrator": 404,
            "coordinator": 404,
            "editor": 404,
            "viewer": 200,
        },
    )
    assert_permission_matrix(
        world,
        url,
        {
            "anonymous": 302,
            "stranger": 403,
            "outsider": 404,
            "administrator": 404,
            "coordinator": 404,
            "editor": 404,
            "viewer": 302,
        },
        method="post",
    )


def test_without_a_preference_the_feed_speaks_the_governments_language(world, items):
    assert world.government.official_languages == ["fr"]
    _token, raw = services.create_calendar_token(
        world.government, acting_user=world.users["viewer"]
    )
    found = events(Client().get(ical_url(raw)))
    due = found[f"commitment-{items['commitment'].pk}@lazos"]
    assert str(due["SUMMARY"]).startswith("Échéance")
