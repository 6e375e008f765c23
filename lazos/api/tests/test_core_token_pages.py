"""The API tokens pages: list, create (key shown once), revoke."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from lazos.api.models import ApiToken, hash_key
from lazos.api.services import create_api_token
from lazos.core.testing import TenantWorld, assert_constant_queries, assert_permission_matrix

pytestmark = pytest.mark.django_db

EVERY_MEMBER = {
    "anonymous": 302,
    "stranger": 403,
    "administrator": 200,
    "coordinator": 200,
    "editor": 200,
    "viewer": 200,
}


def test_list_and_create_pages_matrix(world: TenantWorld) -> None:
    assert_permission_matrix(world, reverse("api:token-list"), {**EVERY_MEMBER, "outsider": 200})
    assert_permission_matrix(world, reverse("api:token-create"), {**EVERY_MEMBER, "outsider": 200})


def test_revoke_page_matrix(world: TenantWorld) -> None:
    token, _key = create_api_token(world.government, acting_user=world.users["viewer"], name="v")
    url = reverse("api:token-revoke", args=[token.pk])
    # the owner and an administrator; another member sees no such token
    assert_permission_matrix(
        world,
        url,
        {
            "anonymous": 302,
            "stranger": 403,
            "outsider": 404,
            "administrator": 200,
            "coordinator": 404,
            "editor": 404,
            "viewer": 200,
        },
    )


def test_list_shows_only_my_tokens_of_this_government(world: TenantWorld) -> None:
    create_api_token(world.government, acting_user=world.users["viewer"], name="Mine")
    create_api_token(world.government, acting_user=world.users["editor"], name="Theirs")
    create_api_token(
        world.other_government,
        acting_user=world.users["outsider"],
        name="Token-of-another-government-7f3q",
    )
    html = world.client_for("viewer").get(reverse("api:token-list")).content.decode()
    assert "Mine" in html
    assert "Theirs" not in html
    assert "Token-of-another-government-7f3q" not in html


def test_create_shows_the_key_once_and_stores_only_its_hash(world: TenantWorld) -> None:
    client = world.client_for("editor")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        reverse("api:token-create"),
        {"name": "Council BI", "read_only": "on", "expires_on": tomorrow.isoformat()},
    )
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    token = ApiToken.objects.get(name="Council BI")
    key = response.context["raw_key"]
    assert key.startswith("lzs_")
    assert key in response.content.decode()
    assert token.key_hash == hash_key(key)
    assert token.read_only is True
    assert token.user == world.users["editor"]
    assert token.government == world.government
    assert token.expires_at is not None
    assert token.expires_at.date() >= tomorrow
    listing = client.get(reverse("api:token-list")).content.decode()
    assert "Council BI" in listing
    assert token.prefix in listing
    assert key not in listing, "the key is never shown again"


def test_create_refuses_a_past_expiry(world: TenantWorld) -> None:
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = world.client_for("viewer").post(
        reverse("api:token-create"), {"name": "Old", "expires_on": yesterday.isoformat()}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["expires_on"]
    assert not ApiToken.objects.exists()


def test_revoke_confirms_then_revokes(world: TenantWorld) -> None:
    token, key = create_api_token(world.government, acting_user=world.users["viewer"], name="v")
    client = world.client_for("viewer")
    url = reverse("api:token-revoke", args=[token.pk])
    confirm = client.get(url)
    assert b"Yes, revoke" in confirm.content
    token.refresh_from_db()
    assert token.revoked_at is None
    response = client.post(url)
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    from rest_framework.test import APIClient

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/departments/").status_code == 401


def test_token_list_has_a_constant_number_of_queries(world: TenantWorld) -> None:
    def add(n: int) -> None:
        ApiToken.objects.bulk_create(
            ApiToken(
                government=world.government,
                user=world.users["coordinator"],
                name=f"token {i}",
                key_hash=hash_key(f"k{i}-{n}-{ApiToken.objects.count()}"),
                prefix="lzs_abcd",
            )
            for i in range(n)
        )

    assert_constant_queries(
        world.client_for("coordinator"), reverse("api:token-list"), add, budget=15, few=10, many=60
    )
