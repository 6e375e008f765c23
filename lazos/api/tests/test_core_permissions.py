"""The permission matrix of the foundation's endpoints, and the token rules."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from lazos.api.models import ApiToken
from lazos.api.services import create_api_token, revoke_api_token
from lazos.api.tests.helpers import api_client, assert_api_matrix, token_client
from lazos.core.testing import TenantWorld
from lazos.core.testing.builders import DepartmentFactory

pytestmark = pytest.mark.django_db

READ_ALL = {
    "anonymous": 401,
    "stranger": 403,
    "administrator": 200,
    "coordinator": 200,
    "editor": 200,
    "viewer": 200,
}
WRITE_STAFF = {"administrator": 0, "coordinator": 0, "editor": 403, "viewer": 403}


def test_department_list_matrix(world: TenantWorld) -> None:
    responses = assert_api_matrix(
        world, "get", "/api/v1/departments/", {**READ_ALL, "outsider": 200}
    )
    ours = {row["id"] for row in responses["coordinator"].json()["results"]}
    theirs = {row["id"] for row in responses["outsider"].json()["results"]}
    assert world.department.pk in ours
    assert world.department.pk not in theirs


def test_department_detail_matrix(world: TenantWorld) -> None:
    url = f"/api/v1/departments/{world.department.pk}/"
    assert_api_matrix(world, "get", url, {**READ_ALL, "outsider": 404})


def test_department_create_matrix(world: TenantWorld) -> None:
    expected = {
        "anonymous": 401,
        "stranger": 403,
        "outsider": 201,  # creates it in their own government
        "administrator": 201,
        "coordinator": 201,
        "editor": 403,
        "viewer": 403,
    }
    for who in expected:
        data = {"name": f"Sport {who}", "acronym": "SP"}
        response = api_client(world, who).post("/api/v1/departments/", data, format="json")
        assert response.status_code == expected[who], who
        if response.status_code == 201:
            created = response.json()
            government = world.other_government if who == "outsider" else world.government
            assert (
                DepartmentFactory._meta.model.objects.for_tenant(government)
                .filter(pk=created["id"], name=f"Sport {who}")
                .exists()
            )


def test_department_update_and_delete_matrix(world: TenantWorld) -> None:
    url = f"/api/v1/departments/{world.department.pk}/"
    assert_api_matrix(
        world,
        "patch",
        url,
        {
            "anonymous": 401,
            "stranger": 403,
            "outsider": 404,
            "administrator": 200,
            "coordinator": 200,
            "editor": 403,
            "viewer": 403,
        },
        data={"description": "Culture and heritage"},
    )
    for who, status in {
        "anonymous": 401,
        "stranger": 403,
        "outsider": 404,
        "editor": 403,
        "viewer": 403,
    }.items():
        department = DepartmentFactory.create(government=world.government)
        response = api_client(world, who).delete(f"/api/v1/departments/{department.pk}/")
        assert response.status_code == status, who
    for who in ("administrator", "coordinator"):
        department = DepartmentFactory.create(government=world.government)
        response = api_client(world, who).delete(f"/api/v1/departments/{department.pk}/")
        assert response.status_code == 204, who


def test_delete_of_a_department_others_depend_on_is_409(world: TenantWorld) -> None:
    from lazos.actions.tests.factories import ActionFactory

    ActionFactory.create(government=world.government, lead_department=world.department)
    url = f"/api/v1/departments/{world.department.pk}/"
    response = api_client(world, "coordinator").delete(url)
    assert response.status_code == 409
    assert "depend" in response.json()["detail"]
    assert DepartmentFactory._meta.model.objects.filter(pk=world.department.pk).exists()


def test_audit_event_matrix(world: TenantWorld) -> None:
    api_client(world, "coordinator").patch(
        f"/api/v1/departments/{world.department.pk}/", {"acronym": "CUL"}, format="json"
    )
    expected = {
        "anonymous": 401,
        "stranger": 403,
        "outsider": 200,
        "administrator": 200,
        "coordinator": 200,
        "editor": 403,
        "viewer": 403,
    }
    responses = assert_api_matrix(world, "get", "/api/v1/audit-events/", expected)
    ours = responses["coordinator"].json()["results"]
    assert any(row["object_id"] == str(world.department.pk) for row in ours)
    event_id = next(row["id"] for row in ours if row["object_id"] == str(world.department.pk))
    assert not any(row["id"] == event_id for row in responses["outsider"].json()["results"]), (
        "another government's events must not show"
    )
    assert_api_matrix(
        world, "get", f"/api/v1/audit-events/{event_id}/", {**expected, "outsider": 404}
    )


def test_audit_events_are_read_only(world: TenantWorld) -> None:
    client = api_client(world, "administrator")
    client.validate = False  # 405 is not an operation of the schema
    assert client.post("/api/v1/audit-events/", {}, format="json").status_code == 405


def test_governments_are_public(world: TenantWorld) -> None:
    expected = {who: 200 for who in READ_ALL} | {"outsider": 200}
    responses = assert_api_matrix(world, "get", "/api/v1/governments/", expected)
    rows = responses["anonymous"].json()["results"]
    alpha = next(row for row in rows if row["slug"] == world.government.slug)
    assert set(alpha) == {"id", "name", "slug", "kind", "country", "population", "languages"}
    assert_api_matrix(world, "get", f"/api/v1/governments/{world.government.slug}/", expected)


def test_governments_cannot_be_written(world: TenantWorld) -> None:
    client = api_client(world, "administrator")
    client.validate = False  # 405: no such operation in the schema
    response = client.post("/api/v1/governments/", {"name": "X"}, format="json")
    assert response.status_code in (403, 405)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/reference/countries/",
        "/api/v1/reference/cities/?q=par",
        "/api/v1/reference/sdg-goals/",
        "/api/v1/reference/themes/",
        "/api/v1/me/",
    ],
)
def test_reference_data_needs_signing_in(world: TenantWorld, url: str) -> None:
    expected = {who: 200 for who in READ_ALL} | {"outsider": 200, "anonymous": 401}
    assert_api_matrix(world, "get", url, expected)


# --- tokens ----------------------------------------------------------------------------------


def test_revoked_token_is_refused_at_once(world: TenantWorld) -> None:
    token, key = create_api_token(
        world.government, acting_user=world.users["coordinator"], name="BI"
    )
    client = token_client(key)
    assert client.get("/api/v1/departments/").status_code == 200
    revoke_api_token(token, acting_user=world.users["coordinator"])
    response = client.get("/api/v1/departments/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_expired_token_is_refused(world: TenantWorld) -> None:
    token, key = create_api_token(
        world.government,
        acting_user=world.users["viewer"],
        name="short",
        expires_at=timezone.now() + datetime.timedelta(hours=1),
    )
    assert token_client(key).get("/api/v1/departments/").status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert token_client(key).get("/api/v1/departments/").status_code == 401


def test_unknown_and_malformed_tokens_are_refused(world: TenantWorld) -> None:
    assert token_client("lzs_nope").get("/api/v1/departments/").status_code == 401
    assert token_client("a b").get("/api/v1/departments/").status_code == 401
    # the public list too: bad credentials are never silently ignored
    assert token_client("lzs_nope").get("/api/v1/governments/").status_code == 401


def test_bearer_scheme_works(world: TenantWorld) -> None:
    _token, key = create_api_token(world.government, acting_user=world.users["viewer"], name="b")
    assert token_client(key, scheme="Bearer").get("/api/v1/departments/").status_code == 200


def test_inactive_user_token_is_refused(world: TenantWorld) -> None:
    client = api_client(world, "coordinator")
    user = world.users["coordinator"]
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert client.get("/api/v1/departments/").status_code == 401


def test_read_only_token_reads_but_never_writes(world: TenantWorld) -> None:
    client = api_client(world, "administrator", read_only=True)
    url = f"/api/v1/departments/{world.department.pk}/"
    assert client.get(url).status_code == 200
    assert client.get("/api/v1/departments/").status_code == 200
    created = client.post("/api/v1/departments/", {"name": "Sport"}, format="json")
    assert created.status_code == 403
    assert client.patch(url, {"acronym": "X"}, format="json").status_code == 403
    assert client.put(url, {"name": "X"}, format="json").status_code == 403
    assert client.delete(url).status_code == 403
    world.department.refresh_from_db()
    assert world.department.acronym != "X"


def test_token_acts_in_its_own_government_only(world: TenantWorld) -> None:
    """A member of two governments: the token of the other one never sees ours."""
    from lazos.core.testing.builders import MembershipFactory

    user = world.users["coordinator"]
    MembershipFactory.create(government=world.other_government, user=user, role="coordinator")
    token, key = create_api_token(world.other_government, acting_user=user, name="other")
    client = token_client(key)
    url = f"/api/v1/departments/{world.department.pk}/"
    assert client.get(url).status_code == 404
    assert client.patch(url, {"acronym": "X"}, format="json").status_code == 404
    me = client.get("/api/v1/me/").json()
    assert me["government"]["id"] == world.other_government.pk
    assert me["role"] == "coordinator"
    assert me["token"]["id"] == token.pk
    assert {m["government"]["id"] for m in me["memberships"]} == {
        world.government.pk,
        world.other_government.pk,
    }


def test_last_used_is_recorded_at_most_once_a_minute(world: TenantWorld) -> None:
    from lazos.core.models import AuditEvent

    client = api_client(world, "viewer")
    token = client.token
    assert token is not None
    events_before = AuditEvent.objects.count()
    client.get("/api/v1/departments/")
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    client.get("/api/v1/departments/")
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - datetime.timedelta(minutes=2))
    client.get("/api/v1/departments/")
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert token.last_used_at > first
    assert AuditEvent.objects.count() == events_before, "using a token is not audited"


def test_only_members_create_tokens_and_only_owner_or_admin_revokes(world: TenantWorld) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        create_api_token(world.government, acting_user=world.users["stranger"], name="x")
    with pytest.raises(PermissionDenied):
        create_api_token(world.government, acting_user=world.users["outsider"], name="x")
    token, _key = create_api_token(world.government, acting_user=world.users["viewer"], name="v")
    with pytest.raises(PermissionDenied):
        revoke_api_token(token, acting_user=world.users["coordinator"])
    with pytest.raises(PermissionDenied):
        revoke_api_token(token, acting_user=world.users["outsider"])
    revoke_api_token(token, acting_user=world.users["administrator"])
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_token_secret_is_stored_hashed_and_audited_without_hash(world: TenantWorld) -> None:
    from lazos.core.models import AuditEvent

    token, key = create_api_token(world.government, acting_user=world.users["viewer"], name="v")
    assert key.startswith("lzs_")
    assert len(key) > 40
    assert token.prefix == key[:8]
    assert key not in token.key_hash
    event = AuditEvent.objects.for_object(token).get()
    assert "key_hash" not in event.changes
    assert key not in str(event.changes)
