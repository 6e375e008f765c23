"""The public read API (/api/v1/public/): anyone reads each publishing government's open data
with the rows and fields of the open-data files, paged, filtered, cached with ETag and
Cache-Control; nothing private ever shows, a government that does not publish is a 404, and
tokens of any role see exactly what an anonymous caller sees.

Every response is validated against docs/openapi.yaml (``api_client``)."""

from __future__ import annotations

import csv
import io
import json
import urllib.error
import urllib.request
from contextlib import redirect_stdout
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lazos.actions import services as action_services
from lazos.actions.models import Action, BudgetLine, Mission
from lazos.actions.tests.factories import ActionFactory
from lazos.agreements.models import Agreement
from lazos.agreements.tests.factories import AgreementFactory
from lazos.api.tests.helpers import ValidatingAPIClient, api_client, assert_api_matrix
from lazos.core.testing import TenantWorld, assert_constant_queries, build_world
from lazos.core.testing.builders import GovernmentFactory
from lazos.core.testing.matrix import PEOPLE
from lazos.opendata.datapackage import TABLES, TABLES_BY_NAME, Column, safe_cell
from lazos.opendata.tests.test_opendata import SECRET, SECRET_NUMBER, build_content, secret
from lazos.partners.models import Partner
from lazos.partners.tests.factories import PartnerFactory
from lazos.practices.choices import TransferKind
from lazos.practices.services import mark_practice
from lazos.practices.tests.factories import IndicatorFactory, make_practice, make_transfer
from lazos.results.models import Indicator, IndicatorPeriod

pytestmark = pytest.mark.django_db

BASE = "/api/v1/public"
#: The API's resource of each open-data table.
RESOURCES = {
    "partners": "partners",
    "agreements": "agreements",
    "actions": "actions",
    "budget_lines": "budget-lines",
    "indicators": "indicators",
    "results": "results",
    "missions": "missions",
}


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def address(world: TenantWorld, resource: str, **params: Any) -> str:
    """The list of ``resource``, of the world's government (``government=None``: of every
    publishing government), with ``params``."""
    query = {"government": world.government.slug, **params}
    return f"{BASE}/{resource}/?{urlencode({k: v for k, v in query.items() if v is not None})}"


def detail(resource: str, pk: int) -> str:
    return f"{BASE}/{resource}/{pk}/"


def build_practices(world: TenantWorld) -> dict[str, Any]:
    g = world.government
    public_action = Action.objects.for_tenant(g).filter(is_public=True).order_by("pk")[0]
    private_action = ActionFactory.create(government=g, title=secret("practice-private-action"))
    practice = make_practice(
        g,
        published=True,
        title="Participatory budgeting with migrants",
        themes=("governance",),
        targets=("11.3",),
        contact_email="office@example.org",
        department=world.department,
    )
    practice.actions.set([public_action, private_action])
    IndicatorFactory.create(practice=practice, name="People taking part", achieved="1200")
    make_transfer(
        world.other_government, practice, TransferKind.ADAPTED, note=secret("transfer-note")
    )
    draft = make_practice(g, title=secret("draft-practice"), summary=secret("draft-summary"))
    return {"practice": practice, "draft": draft, "public_action": public_action}


def everything(world: TenantWorld) -> dict[str, Any]:
    content = build_content(world)
    content.update(build_practices(world))
    return content


def read_all(client: ValidatingAPIClient, url: str) -> list[dict[str, Any]]:
    response = client.get(f"{url}&page_size=500" if "?" in url else f"{url}?page_size=500")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["next"] is None
    return list(body["results"])


def csv_rows(world: TenantWorld, table: str) -> list[dict[str, str]]:
    content = TABLES_BY_NAME[table].csv_bytes(world.government).decode("utf-8")
    return list(csv.DictReader(io.StringIO(content)))


def as_csv_cell(column: Column, value: Any) -> str:
    """The API's value as the CSV file writes it."""
    if column.many:
        value = ";".join(str(item) for item in value)
    return safe_cell(value)


# --- What is published ------------------------------------------------------------------------


def test_each_item_has_exactly_the_fields_and_values_of_its_open_data_row(world):
    everything(world)
    client = api_client(world, "anonymous")
    for table in TABLES:
        items = read_all(client, address(world, RESOURCES[table.name]))
        rows = csv_rows(world, table.name)
        assert rows, f"{table.name}: the test content has no row"
        assert [item["id"] for item in items] == [int(row["id"]) for row in rows], table.name
        for item, row in zip(items, rows, strict=True):
            assert list(item) == [*(c.name for c in table.columns), "government"], table.name
            assert item["government"] == world.government.slug
            for column in table.columns:
                assert as_csv_cell(column, item[column.name]) == row[column.name], (
                    f"{table.name}.{column.name} of row {row['id']}"
                )
        # One item on its own is the same as in the list.
        one = client.get(detail(RESOURCES[table.name], items[0]["id"]))
        assert one.status_code == 200
        assert one.json() == items[0]


def test_lists_are_json_types_not_csv_text(world):
    content = everything(world)
    client = api_client(world, "anonymous")
    action = client.get(detail("actions", content["action"].pk)).json()
    assert action["partner_ids"] == [content["partner"].pk]
    assert action["agreement_id"] == content["agreement"].pk
    assert action["start_date"] == "2025-01-01"
    line = read_all(client, address(world, "budget-lines"))[0]
    assert line["amount"] == "1200.50"
    assert line["in_kind"] is False


def test_nothing_private_is_ever_served(world):
    content = everything(world)
    client = api_client(world, "anonymous")
    served = {}
    for resource in [*RESOURCES.values(), "practices"]:
        items = read_all(client, address(world, resource))
        served[resource] = {item["id"] for item in items}
        text = json.dumps(items)
        assert SECRET not in text, resource
        assert SECRET_NUMBER not in text, resource
    g = world.government
    private_actions = set(
        Action.objects.for_tenant(g).filter(is_public=False).values_list("pk", flat=True)
    )
    assert private_actions
    assert not private_actions & served["actions"]
    assert content["under_private"].pk in served["actions"]
    private_agreements = set(
        Agreement.objects.for_tenant(g).filter(is_public=False).values_list("pk", flat=True)
    )
    assert private_agreements
    assert not private_agreements & served["agreements"]
    # The public action under a private agreement does not name it.
    under_private = client.get(detail("actions", content["under_private"].pk))
    assert under_private.json()["agreement_id"] is None
    assert content["partner"].pk in served["partners"]
    private_partner = Partner.objects.get(name=secret("private-partner"))
    assert private_partner.pk not in served["partners"]
    assert served["practices"] == {content["practice"].pk}
    assert content["draft"].pk not in served["practices"]
    # Private rows are a 404 on their own too.
    for resource, pk in [
        ("actions", min(private_actions)),
        ("agreements", min(private_agreements)),
        ("practices", content["draft"].pk),
        ("indicators", Indicator.objects.for_tenant(g).filter(is_public=False)[0].pk),
    ]:
        assert client.get(detail(resource, pk)).status_code == 404, resource


def test_a_partner_of_private_work_only_is_not_published(world):
    everything(world)
    hidden = PartnerFactory.create(government=world.government, name="Only privately")
    private = ActionFactory.create(government=world.government, title="Private work")
    private.partners.set([hidden])
    client = api_client(world, "anonymous")
    ids = {item["id"] for item in read_all(client, address(world, "partners"))}
    assert hidden.pk not in ids
    assert client.get(detail("partners", hidden.pk)).status_code == 404


def test_a_published_practice_has_the_fields_of_its_public_page(world):
    content = everything(world)
    client = api_client(world, "anonymous")
    item = client.get(detail("practices", content["practice"].pk)).json()
    assert item["title"] == "Participatory budgeting with migrants"
    assert item["themes"] == ["governance"]
    assert item["sdg_targets"] == ["11.3"]
    assert item["action_ids"] == [content["public_action"].pk]  # not the private action
    assert item["indicators"] == [
        {
            "name": "People taking part",
            "unit": "",
            "baseline": "0",
            "achieved": "1200",
            "period": "",
        }
    ]
    assert [(t["government"], t["kind"]) for t in item["transfers"]] == [
        (world.other_government.name, "adapted")
    ]
    assert "department" not in item
    assert "status" not in item
    assert item["portal_url"].endswith(f"/{world.government.slug}/practices/{item['id']}/")


def test_without_a_government_the_lists_hold_every_publishing_governments_rows(world):
    content = everything(world)
    foreign = ActionFactory.create(
        government=world.other_government, title="Theirs", is_public=True, public_summary="x"
    )
    client = api_client(world, "anonymous")
    ours = {item["id"] for item in read_all(client, address(world, "actions"))}
    assert content["action"].pk in ours
    assert foreign.pk not in ours
    everyone = {item["id"]: item["government"] for item in read_all(client, f"{BASE}/actions/")}
    assert everyone[foreign.pk] == world.other_government.slug
    assert everyone[content["action"].pk] == world.government.slug
    assert client.get(detail("actions", foreign.pk)).json()["government"] == (
        world.other_government.slug
    )


def test_a_government_that_does_not_publish_exposes_nothing(world):
    content = everything(world)
    world.government.portal_enabled = False
    world.government.save()
    client = api_client(world, "anonymous")
    for resource in [*RESOURCES.values(), "practices"]:
        # Its slug is refused like an unknown one, and none of its rows is in the lists of
        # every publishing government.
        assert client.get(address(world, resource)).status_code == 400, resource
        assert client.get(address(world, resource, government="nowhere")).status_code == 400
        governments = {item["government"] for item in read_all(client, f"{BASE}/{resource}/")}
        assert world.government.slug not in governments, resource
    assert client.get(detail("actions", content["action"].pk)).status_code == 404
    assert client.get(detail("practices", content["practice"].pk)).status_code == 404
    assert client.get(f"{BASE}/governments/{world.government.slug}/").status_code == 404
    slugs = {g["slug"] for g in read_all(client, f"{BASE}/governments/")}
    assert world.government.slug not in slugs
    assert world.other_government.slug in slugs


def test_the_governments_say_where_their_data_is(world):
    client = api_client(world, "anonymous")
    item = client.get(f"{BASE}/governments/{world.government.slug}/").json()
    assert item["slug"] == world.government.slug
    assert item["name"] == world.government.name
    assert item["licence"] == "CC-BY-4.0"
    assert item["open_data_url"].endswith(f"/{world.government.slug}/open-data/")
    assert item["datapackage_url"].endswith(f"/{world.government.slug}/open-data/datapackage.json")


# --- Who reads ------------------------------------------------------------------------------


def test_every_caller_gets_the_same_public_answer(world):
    everything(world)
    urls = [
        f"{BASE}/governments/",
        *(address(world, r) for r in [*RESOURCES.values(), "practices"]),
    ]
    anonymous = {url: api_client(world, "anonymous").get(url).json() for url in urls}
    for who in PEOPLE:
        client = api_client(world, who)
        for url in urls:
            cache.clear()  # computed afresh for this caller, not served from the cache
            response = client.get(url)
            assert response.status_code == 200, (who, url)
            assert response.json() == anonymous[url], (who, url)


def test_permission_matrix_everyone_reads(world):
    content = everything(world)
    everyone = {who: 200 for who in PEOPLE}
    for url in [
        f"{BASE}/governments/",
        f"{BASE}/governments/{world.government.slug}/",
        address(world, "actions"),
        detail("actions", content["action"].pk),
        address(world, "practices"),
        detail("practices", content["practice"].pk),
    ]:
        assert_api_matrix(world, "get", url, everyone)
    nobody = {who: 404 for who in PEOPLE}
    assert_api_matrix(world, "get", detail("practices", content["draft"].pk), nobody)
    # Writes do not exist here (not in the schema either, so these answers are not validated).
    for who in PEOPLE:
        client = api_client(world, who)
        client.validate = False
        assert client.post(f"{BASE}/actions/", {}, format="json").status_code == 405, who
        assert client.delete(detail("actions", content["action"].pk)).status_code == 405, who


def test_a_revoked_or_unknown_token_is_ignored_not_refused(world):
    client = ValidatingAPIClient()
    client.credentials(HTTP_AUTHORIZATION="Token lzs_not-a-real-key")
    assert client.get(address(world, "actions")).status_code == 200


def test_callers_are_throttled_per_address(world, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"token": "100/minute", "address": "2/minute"},
    }
    anonymous = api_client(world, "anonymous")
    statuses = [anonymous.get(address(world, "actions")).status_code for _ in range(2)]
    # A token does not raise the limit: the public API counts every caller by address.
    with_token = api_client(world, "administrator")
    statuses.append(with_token.get(address(world, "actions")).status_code)
    assert statuses == [200, 200, 429]


# --- Caching ------------------------------------------------------------------------------------


def test_answers_carry_cache_headers_and_an_etag_that_gives_304(world):
    content = everything(world)
    client = api_client(world, "anonymous")
    url = address(world, "actions")
    first = client.get(url)
    assert first.status_code == 200
    assert "public" in first["Cache-Control"]
    assert "max-age=300" in first["Cache-Control"]
    assert first["Access-Control-Allow-Origin"] == "*"
    etag = first["ETag"]
    assert etag.startswith('"')
    assert etag.endswith('"')
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert client.get(url, HTTP_IF_NONE_MATCH=f'"other", W/{etag}').status_code == 304
    assert client.get(url, HTTP_IF_NONE_MATCH='"other"').status_code == 200
    # A change through the services (audited) shows at once, with a new ETag.
    action_services.update_action(
        content["action"], acting_user=world.users["administrator"], title="Renamed action"
    )
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert "Renamed action" in changed.content.decode()


def test_a_cached_answer_makes_no_query(world):
    everything(world)
    client = api_client(world, "anonymous")
    for url in [f"{BASE}/governments/", address(world, "actions"), f"{BASE}/practices/"]:
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert len(queries.captured_queries) == 0, (url, queries.captured_queries)


def test_another_governments_mark_shows_at_once_on_the_practice(world):
    content = everything(world)
    client = api_client(world, "anonymous")
    url = address(world, "practices")
    before = client.get(url).json()["results"][0]["transfers"]
    assert [t["kind"] for t in before] == ["adapted"]
    third = GovernmentFactory.create(name="Third City", slug="third-city")
    mark_practice(
        third, practice=content["practice"], kind=TransferKind.INTERESTED, acting_user=None
    )
    after = client.get(url).json()["results"][0]["transfers"]
    assert [t["government"] for t in after] == ["Third City", world.other_government.name]


def test_making_an_action_private_removes_it_at_once(world):
    content = everything(world)
    client = api_client(world, "anonymous")
    url = detail("actions", content["action"].pk)
    assert client.get(url).status_code == 200
    action_services.update_action(
        content["action"], acting_user=world.users["administrator"], is_public=False
    )
    assert client.get(url).status_code == 404


# --- Paging, filters, query budgets ----------------------------------------------------------


def test_pages(world):
    for n in range(3):
        ActionFactory.create(
            government=world.government, title=f"Public {n}", is_public=True, public_summary="x"
        )
    client = api_client(world, "anonymous")
    first = client.get(address(world, "actions", page_size=2)).json()
    assert first["count"] == 3
    assert len(first["results"]) == 2
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 1
    assert second["next"] is None
    ids = [i["id"] for i in first["results"] + second["results"]]
    assert ids == sorted(ids)
    assert client.get(address(world, "actions", page=9)).status_code == 404


def test_filters_of_the_portal_and_of_the_files(world):
    content = everything(world)
    g = world.government
    old = ActionFactory.create(
        government=g,
        title="Old exchange",
        modality="sport",
        status="cancelled",
        start_date=date(2019, 3, 1),
        end_date=date(2019, 6, 1),
        is_public=True,
        public_summary="x",
    )
    client = api_client(world, "anonymous")

    def ids(**params: Any) -> set[int]:
        response = client.get(address(world, "actions", **params))
        assert response.status_code == 200, response.content
        return {item["id"] for item in response.json()["results"]}

    assert ids(year=2019) == {old.pk}
    assert content["action"].pk in ids(year=2025)
    assert old.pk not in ids(year=2025)
    assert ids(modality="sport") == {old.pk}
    assert ids(status="cancelled") == {old.pk}
    assert ids(partner=content["partner"].pk) == {content["action"].pk}
    refused = client.get(address(world, "actions", modality="no-such"))
    assert refused.status_code == 400
    assert refused["Access-Control-Allow-Origin"] == "*"
    assert client.get(address(world, "actions", year="soon")).status_code == 400
    partners = client.get(address(world, "partners", country="AR")).json()["results"]
    assert [p["id"] for p in partners] == [content["partner"].pk]
    assert client.get(address(world, "partners", country="FR")).json()["results"] == []
    agreements = client.get(address(world, "agreements", year=2026)).json()["results"]
    assert [a["id"] for a in agreements] == [content["agreement"].pk]  # in force 2024-2029
    assert client.get(address(world, "agreements", year=2023)).json()["results"] == []
    results = client.get(address(world, "results", year=2025)).json()["results"]
    assert results
    assert all(r["period_start"].startswith("2025") for r in results)
    assert client.get(address(world, "results", year=2030)).json()["results"] == []


class UncachedClient(ValidatingAPIClient):
    """Each request computed afresh: the query budget is that of a cache miss."""

    def get(self, *args: Any, **kwargs: Any) -> Any:
        cache.clear()
        return super().get(*args, **kwargs)


@pytest.mark.parametrize("resource", [*RESOURCES.values(), "practices", "governments"])
def test_query_budget_does_not_grow_with_the_rows(world, resource):
    everything(world)
    g = world.government
    partner = PartnerFactory.create(government=g, name="Another partner")

    def add_rows(n: int) -> None:
        for _i in range(n):
            GovernmentFactory.create(portal_enabled=True)
            action = ActionFactory.create(government=g, is_public=True, public_summary="More.")
            action.partners.set([partner])
            BudgetLine.objects.create(government=g, action=action, source="own", amount=5)
            Mission.objects.create(government=g, action=action, cost=1)
            indicator = Indicator.objects.create(government=g, action=action, title="More")
            IndicatorPeriod.objects.create(
                government=g, indicator=indicator, start=date(2025, 1, 1), end=date(2025, 12, 31)
            )
            AgreementFactory.create(government=g, is_public=True, partners=[partner])
            practice = make_practice(g, published=True, themes=("governance",))
            practice.actions.set([action])
            IndicatorFactory.create(practice=practice)
            make_transfer(world.other_government, practice)

    url = f"{BASE}/governments/" if resource == "governments" else address(world, resource)
    assert_constant_queries(UncachedClient(), url, add_rows, budget=10)


# --- The documented example, over HTTP -------------------------------------------------------


def documented_example() -> str:
    """The Python example of docs/api.md, "Public data"."""
    text = (Path(__file__).resolve().parents[3] / "docs" / "api.md").read_text(encoding="utf-8")
    start = text.index('"""Harvest the public actions of every government')
    end = text.index("\n", text.index("STORE.write_text(", start))
    return text[start:end]


@pytest.mark.django_db(transaction=True)
def test_the_documented_harvester_works_and_its_second_run_reads_304s(
    live_server, tmp_path, monkeypatch
):
    world = build_world()
    everything(world)
    code = documented_example()
    code = code.replace(
        '"https://lazos.example.org/api/v1/public"', repr(f"{live_server.url}/api/v1/public")
    )
    code = code.replace(
        'pathlib.Path("lazos-public.json")', f"pathlib.Path({str(tmp_path / 's.json')!r})"
    )
    assert live_server.url in code
    assert str(tmp_path) in code

    def run() -> str:
        output = io.StringIO()
        with redirect_stdout(output):  # the documentation's own code, run as a reader would
            exec(compile(code, "docs/api.md", "exec"), {"__name__": "harvester"})  # noqa: S102
        return output.getvalue()

    first = run()
    assert (
        f"{world.government.slug} 2025-01-01 Waste cooperation with Rosario with Ciudad de Rosario"
        in first
    )
    ours = [line for line in first.splitlines() if line.startswith(f"{world.government.slug} ")]
    assert len(ours) == 2  # its two public actions
    assert not any(SECRET in line for line in ours)
    # (The other government's public actions are harvested too: its portal is on.)
    assert f"{world.other_government.slug} None {secret('foreign-action')}" in first
    kept = json.loads((tmp_path / "s.json").read_text())
    assert all(entry["etag"].startswith('"') for entry in kept.values())
    # The second run sends the ETags: the server answers 304 and the kept pages are reused.
    statuses = []
    original = urllib.request.urlopen

    def counting(request: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            response = original(request, *args, **kwargs)
        except urllib.error.HTTPError as error:
            statuses.append(error.code)
            raise
        statuses.append(response.status)
        return response

    monkeypatch.setattr(urllib.request, "urlopen", counting)
    second = run()
    assert second == first
    assert statuses
    assert set(statuses) == {304}
