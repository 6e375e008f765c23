"""The limit on public contributions counts each consultation and each client address apart,
with and without a reverse proxy in front."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.utils import timezone

from lazos.consultations import services
from lazos.consultations.models import Contribution

PROXY = "10.0.0.2"


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def two_per_address(monkeypatch):
    monkeypatch.setattr(services, "RATE_PER_IP", 2)


def _open(world, title: str):
    today = timezone.localdate()
    return services.open_consultation(
        world.government,
        acting_user=world.users["coordinator"],
        title=title,
        description="Tell us.",
        opens_on=today,
        closes_on=today + timedelta(days=30),
    )


def test_one_address_busy_on_one_consultation_can_still_answer_another(world, two_per_address):
    water, youth = _open(world, "Water"), _open(world, "Youth exchanges")
    for n in range(2):
        services.submit_contribution(
            water, text="x", email=f"p{n}@example.org", ip_address="198.51.100.4"
        )
    with pytest.raises(ValidationError, match="connection"):
        services.submit_contribution(
            water, text="x", email="p9@example.org", ip_address="198.51.100.4"
        )
    services.submit_contribution(youth, text="x", email="p8@example.org", ip_address="198.51.100.4")


def _contribute(world, consultation, client: Client, n: int, **headers: Any) -> int:
    url = f"/{world.government.slug}/consultations/{consultation.pk}/"
    response = client.post(
        url, {"text": f"Idea {n}", "display_name": "", "email": f"p{n}@example.org"}, **headers
    )
    return response.status_code


@override_settings(TRUSTED_PROXIES=[f"{PROXY}/32"])
def test_behind_a_proxy_each_visitor_has_their_own_limit(world, two_per_address):
    consultation = _open(world, "Water")
    first = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.4")
    second = Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.5")
    assert [_contribute(world, consultation, first, n) for n in range(3)] == [302, 302, 200]
    assert _contribute(world, consultation, second, 10) == 302
    assert Contribution.objects.filter(consultation=consultation).count() == 3


@override_settings(TRUSTED_PROXIES=[f"{PROXY}/32"])
def test_behind_a_proxy_a_visitor_cannot_forge_a_fresh_address(world, two_per_address):
    consultation = _open(world, "Water")
    statuses = [
        _contribute(
            world,
            consultation,
            Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"1.2.3.{n}, 198.51.100.4"),
            n,
        )
        for n in range(3)
    ]
    assert statuses == [302, 302, 200]


@override_settings(TRUSTED_PROXIES=[])
def test_without_a_proxy_a_forged_forwarded_header_does_not_escape_the_limit(
    world, two_per_address
):
    consultation = _open(world, "Water")
    client = Client(REMOTE_ADDR="198.51.100.4")
    statuses = [
        _contribute(world, consultation, client, n, HTTP_X_FORWARDED_FOR=f"1.2.3.{n}")
        for n in range(3)
    ]
    assert statuses == [302, 302, 200]
    assert (
        "Too many contributions from your connection"
        in client.post(
            f"/{world.government.slug}/consultations/{consultation.pk}/",
            {"text": "More", "email": "late@example.org"},
        ).content.decode()
    )
