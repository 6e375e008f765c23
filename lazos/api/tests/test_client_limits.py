"""API limits that depend on who the client is: the per-address rate limit behind and without
a reverse proxy, and the cap on the tokens one person may hold."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from lazos.api.models import ApiToken
from lazos.api.services import create_api_token, revoke_api_token
from lazos.api.tests.helpers import api_client
from lazos.core.testing import TenantWorld

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"


@pytest.fixture
def two_per_address(settings: object) -> None:
    settings.REST_FRAMEWORK = {  # type: ignore[attr-defined]
        **settings.REST_FRAMEWORK,  # type: ignore[attr-defined]
        "DEFAULT_THROTTLE_RATES": {"token": "100/minute", "address": "2/minute"},
    }


def _statuses(client, count: int, **headers: str) -> list[int]:
    return [client.get("/api/v1/governments/", **headers).status_code for _ in range(count)]


@override_settings(TRUSTED_PROXIES=[])
def test_without_a_proxy_a_forged_forwarded_header_does_not_escape_the_limit(
    world: TenantWorld, two_per_address: None
) -> None:
    client = api_client(world, "anonymous")
    statuses = [
        client.get(
            "/api/v1/governments/", REMOTE_ADDR="198.51.100.4", HTTP_X_FORWARDED_FOR=f"1.2.3.{n}"
        ).status_code
        for n in range(3)
    ]
    assert statuses == [200, 200, 429]


@override_settings(TRUSTED_PROXIES=[f"{PROXY}/32"])
def test_behind_a_proxy_each_visitor_has_their_own_limit(
    world: TenantWorld, two_per_address: None
) -> None:
    client = api_client(world, "anonymous")
    first = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.4"}
    second = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.5"}
    assert _statuses(client, 3, **first) == [200, 200, 429]
    # Another visitor behind the same proxy is not punished for the first one.
    assert _statuses(client, 2, **second) == [200, 200]


@override_settings(TRUSTED_PROXIES=[f"{PROXY}/32"])
def test_behind_a_proxy_a_visitor_cannot_forge_a_fresh_address(
    world: TenantWorld, two_per_address: None
) -> None:
    client = api_client(world, "anonymous")
    statuses = [
        client.get(
            "/api/v1/governments/",
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"1.2.3.{n}, 198.51.100.4",
        ).status_code
        for n in range(3)
    ]
    assert statuses == [200, 200, 429]


# --- The cap on tokens per person ------------------------------------------------------------


@override_settings(API_TOKENS_PER_PERSON=2)
def test_a_person_cannot_hold_more_tokens_than_the_cap(world: TenantWorld) -> None:
    user = world.users["viewer"]
    for n in range(2):
        create_api_token(world.government, acting_user=user, name=f"Script {n}")
    with pytest.raises(ValidationError) as refused:
        create_api_token(world.government, acting_user=user, name="One too many")
    assert "2" in " ".join(refused.value.messages)
    assert ApiToken.objects.for_tenant(world.government).owned_by(user).count() == 2


@override_settings(API_TOKENS_PER_PERSON=2)
def test_revoked_and_expired_tokens_make_room(world: TenantWorld) -> None:
    user = world.users["viewer"]
    first, _ = create_api_token(world.government, acting_user=user, name="First")
    second, _ = create_api_token(world.government, acting_user=user, name="Second")
    revoke_api_token(first, acting_user=user)
    create_api_token(world.government, acting_user=user, name="Third")
    ApiToken.objects.filter(pk=second.pk).update(expires_at=timezone.now() - timedelta(days=1))
    create_api_token(world.government, acting_user=user, name="Fourth")
    assert ApiToken.objects.for_tenant(world.government).owned_by(user).usable().count() == 2


@override_settings(API_TOKENS_PER_PERSON=1)
def test_the_cap_counts_each_person_apart(world: TenantWorld) -> None:
    create_api_token(world.government, acting_user=world.users["viewer"], name="Viewer's")
    create_api_token(world.government, acting_user=world.users["editor"], name="Editor's")


@override_settings(API_TOKENS_PER_PERSON=1)
def test_the_tokens_page_explains_the_cap(world: TenantWorld) -> None:
    create_api_token(world.government, acting_user=world.users["viewer"], name="Existing")
    client = world.client_for("viewer")
    response = client.post(reverse("api:token-create"), {"name": "Another"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Revoke one you no longer use" in page
    assert ApiToken.objects.for_tenant(world.government).filter(name="Another").count() == 0


@override_settings(API_TOKENS_PER_PERSON=3)
def test_the_tokens_page_says_how_many_are_held_and_allowed(world: TenantWorld) -> None:
    user = world.users["viewer"]
    create_api_token(world.government, acting_user=user, name="Kept")
    revoked, _ = create_api_token(world.government, acting_user=user, name="Gone")
    revoke_api_token(revoked, acting_user=user)
    page = world.client_for("viewer").get(reverse("api:token-list")).content.decode()
    assert "You hold 1 usable token here; a person may hold 3 at most." in page
