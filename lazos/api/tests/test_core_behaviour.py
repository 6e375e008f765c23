"""The API's contract on departments: concurrency, audit channel, rate limits, pagination,
filters equal to the HTML list, and a constant number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lazos.api.tests.helpers import api_client
from lazos.core.audit import Channel
from lazos.core.models import AuditEvent
from lazos.core.testing import TenantWorld
from lazos.core.testing.builders import DepartmentFactory
from lazos.governments.models import Department

pytestmark = pytest.mark.django_db


def test_second_writer_with_a_stale_etag_gets_412_and_first_change_is_kept(
    world: TenantWorld,
) -> None:
    url = f"/api/v1/departments/{world.department.pk}/"
    first, second = api_client(world, "coordinator"), api_client(world, "administrator")
    etag_first = first.get(url)["ETag"]
    etag_second = second.get(url)["ETag"]
    assert etag_first == etag_second

    ok = first.patch(url, {"acronym": "FIRST"}, format="json", HTTP_IF_MATCH=etag_first)
    assert ok.status_code == 200
    assert ok["ETag"] != etag_first

    stale = second.patch(url, {"acronym": "SECOND"}, format="json", HTTP_IF_MATCH=etag_second)
    assert stale.status_code == 412
    assert "ETag" in stale.json()["detail"]
    world.department.refresh_from_db()
    assert world.department.acronym == "FIRST"

    # reading again gives the new ETag, with which the second writer succeeds
    fresh = second.get(url)["ETag"]
    assert fresh == ok["ETag"]
    again = second.patch(url, {"acronym": "SECOND"}, format="json", HTTP_IF_MATCH=fresh)
    assert again.status_code == 200


def test_delete_with_a_stale_etag_is_412(world: TenantWorld) -> None:
    department = DepartmentFactory.create(government=world.government)
    url = f"/api/v1/departments/{department.pk}/"
    client = api_client(world, "coordinator")
    etag = client.get(url)["ETag"]
    assert client.patch(url, {"acronym": "NEW"}, format="json").status_code == 200
    assert client.delete(url, HTTP_IF_MATCH=etag).status_code == 412
    assert Department.objects.filter(pk=department.pk).exists()
    assert client.delete(url, HTTP_IF_MATCH="*").status_code == 204


def test_api_write_is_in_the_history_with_channel_api(world: TenantWorld) -> None:
    url = f"/api/v1/departments/{world.department.pk}/"
    response = api_client(world, "coordinator").patch(
        url, {"description": "Written through the API"}, format="json"
    )
    assert response.status_code == 200
    event = AuditEvent.objects.for_object(world.department).first()
    assert event is not None
    assert event.channel == Channel.API
    assert event.actor == world.users["coordinator"]
    assert event.changes["description"]["after"] == "Written through the API"

    page = world.client_for("coordinator").get(
        reverse("governments:department-history", args=[world.department.pk])
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "Written through the API" in html
    assert f'<span class="badge">{Channel.API.label}</span>' in html


def test_api_create_is_audited_with_channel_api(world: TenantWorld) -> None:
    response = api_client(world, "administrator").post(
        "/api/v1/departments/", {"name": "Sport", "email": "sport@example.org"}, format="json"
    )
    assert response.status_code == 201
    department = Department.objects.get(pk=response.json()["id"])
    assert department.government == world.government
    event = AuditEvent.objects.for_object(department).get()
    assert (event.channel, event.action) == (Channel.API, "create")


def test_validation_errors_are_400_and_nothing_is_written(world: TenantWorld) -> None:
    client = api_client(world, "coordinator")
    duplicate = client.post("/api/v1/departments/", {"name": "W CULTURE"}, format="json")
    assert duplicate.status_code == 400
    assert Department.objects.for_tenant(world.government).count() == 1
    bad_email = client.post(
        "/api/v1/departments/", {"name": "Sport", "email": "nope"}, format="json"
    )
    assert bad_email.status_code == 400
    assert "email" in bad_email.json()


def test_rate_limit_per_token_answers_429_with_retry_after(
    world: TenantWorld, settings: object
) -> None:
    settings.REST_FRAMEWORK = {  # type: ignore[attr-defined]
        **settings.REST_FRAMEWORK,  # type: ignore[attr-defined]
        "DEFAULT_THROTTLE_RATES": {"token": "3/minute", "address": "100/minute"},
    }
    client = api_client(world, "viewer")
    statuses = [client.get("/api/v1/departments/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = client.get("/api/v1/departments/")
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) > 0
    # another token of another person is counted apart
    assert api_client(world, "editor").get("/api/v1/departments/").status_code == 200


def test_rate_limit_per_address_applies_to_anonymous_callers(
    world: TenantWorld, settings: object
) -> None:
    settings.REST_FRAMEWORK = {  # type: ignore[attr-defined]
        **settings.REST_FRAMEWORK,  # type: ignore[attr-defined]
        "DEFAULT_THROTTLE_RATES": {"token": "100/minute", "address": "2/minute"},
    }
    client = api_client(world, "anonymous")
    statuses = [client.get("/api/v1/governments/").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert "Retry-After" in client.get("/api/v1/governments/")
    other_address = client.get("/api/v1/governments/", REMOTE_ADDR="10.0.0.9")
    assert other_address.status_code == 200


def test_page_size_is_capped_at_500(world: TenantWorld) -> None:
    Department.objects.bulk_create(
        Department(government=world.government, name=f"Unit {n:03}") for n in range(505)
    )
    client = api_client(world, "viewer")
    page = client.get("/api/v1/departments/?page_size=10000").json()
    assert page["count"] == 506
    assert len(page["results"]) == 500
    assert page["next"] is not None
    assert len(client.get("/api/v1/departments/").json()["results"]) == 50
    assert len(client.get("/api/v1/departments/?page_size=7").json()["results"]) == 7


@pytest.mark.parametrize(
    "query",
    [
        "q=cult",
        "q=heritage+cult",
        "is_active=false",
        "is_active=true&q=ec",
        "ordering=-name",
        "ordering=acronym",
    ],
)
def test_search_and_filters_equal_the_html_list(world: TenantWorld, query: str) -> None:
    for name, acronym, description, active in [
        ("Culture and heritage", "CH", "museums", True),
        ("Economy", "EC", "investment, culture industries", True),
        ("Ecology (former)", "ECO", "", False),
        ("Sport", "SP", "", True),
    ]:
        DepartmentFactory.create(
            government=world.government,
            name=name,
            acronym=acronym,
            description=description,
            is_active=active,
        )
    DepartmentFactory.create(government=world.other_government, name="Culture elsewhere")
    api = api_client(world, "viewer").get(f"/api/v1/departments/?{query}").json()["results"]
    html = world.client_for("viewer").get(f"{reverse('governments:department-list')}?{query}")
    html_names = [d.name for d in html.context["object_list"]]
    api_names = [row["name"] for row in api]
    if "ordering" in query:
        assert api_names == html_names
    else:
        assert sorted(api_names) == sorted(html_names)
    assert "Culture elsewhere" not in api_names


def test_invalid_filter_value_is_400(world: TenantWorld) -> None:
    response = api_client(world, "viewer").get("/api/v1/departments/?ordering=nope")
    assert response.status_code == 400


def _count(client: object, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)  # type: ignore[attr-defined]
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    "url", ["/api/v1/departments/?page_size=500", "/api/v1/audit-events/?page_size=500"]
)
def test_lists_have_a_constant_number_of_queries(world: TenantWorld, url: str) -> None:
    client = api_client(world, "coordinator")
    client.validate = False  # keep the count about the view; validation is tested elsewhere
    made = 0

    def add(n: int) -> None:
        nonlocal made
        for _ in range(n):
            made += 1
            # through the service, so each also leaves an audit event
            api_client_service_create(world, f"Unit {made:04}")

    client.get(url)  # the token's first use records its last-used time (once a minute)
    add(10)
    few = _count(client, url)
    add(490)
    many = _count(client, url)
    assert few == many, f"{url}: {few} queries with 10 rows, {many} with 500"
    assert many <= 8, f"{url}: {many} queries"


def api_client_service_create(world: TenantWorld, name: str) -> None:
    from lazos.governments.services import create_department

    create_department(world.government, acting_user=world.users["coordinator"], name=name)


def test_reference_data(world: TenantWorld) -> None:
    from lazos.reference.models import City

    City.objects.create(
        geonameid=3448439,
        name="São Paulo",
        ascii_name="Sao Paulo",
        country="BR",
        subdivision_code="BR-SP",
        population=10021295,
        latitude="-23.54750",
        longitude="-46.63611",
        timezone="America/Sao_Paulo",
        search_text="sao paulo",
    )
    client = api_client(world, "viewer")
    cities = client.get("/api/v1/reference/cities/?q=SÃO PAU").json()
    assert [c["label"] for c in cities] == ["São Paulo, SP (BR)"]
    assert client.get("/api/v1/reference/cities/?q=s").json() == []
    assert client.get("/api/v1/reference/cities/3448439/").json()["country"] == "BR"

    english = client.get("/api/v1/reference/countries/").json()
    spanish = client.get("/api/v1/reference/countries/", HTTP_ACCEPT_LANGUAGE="es").json()
    assert {"code": "DE", "name": "Germany"} in english
    assert {"code": "DE", "name": "Alemania"} in spanish
    assert len(english) > 240

    goals = client.get("/api/v1/reference/sdg-goals/").json()
    if goals:  # loaded by the reference migration when present
        eleven = client.get("/api/v1/reference/sdg-goals/11/").json()
        assert eleven["number"] == 11
        assert eleven["targets"][0]["code"] == "11.1"
    assert isinstance(client.get("/api/v1/reference/themes/").json(), list)
