"""The strategy's API: the permission matrix of strategies and objectives, the approval and
new-version workflow as actions (refused as the web refuses, with the service's message), the
links of objectives, the alignment figures, the audit channel and the lists' query budgets."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest

from lazos.actions.models import BudgetLine
from lazos.api.tests.helpers import (
    api_client,
    assert_api_matrix,
    assert_api_matrix_fresh,
    events_of,
)
from lazos.core.audit import Channel
from lazos.core.models import AuditEvent
from lazos.core.testing import TenantWorld, assert_constant_queries
from lazos.results.tests.factories import make_action
from lazos.strategy import services
from lazos.strategy.choices import StrategyStatus
from lazos.strategy.models import Objective, Strategy
from lazos.strategy.tests.factories import ObjectiveFactory, StrategyFactory

pytestmark = pytest.mark.django_db

_serial = itertools.count(1)

READ = {
    "anonymous": 401,
    "stranger": 403,
    "administrator": 200,
    "coordinator": 200,
    "editor": 200,
    "viewer": 200,
}


def write(ok: int, *, outsider: int = 404) -> dict[str, int]:
    """Strategies and objectives: administrators and coordinators write (RolePolicy)."""
    return {
        "anonymous": 401,
        "stranger": 403,
        "outsider": outsider,
        "administrator": ok,
        "coordinator": ok,
        "editor": 403,
        "viewer": 403,
    }


def strategy(world: TenantWorld, **values: object) -> Strategy:
    return StrategyFactory.create(government=world.government, **values)


def objective(world: TenantWorld, **values: object) -> Objective:
    values.setdefault("strategy", strategy(world))
    return ObjectiveFactory.create(**values)


# --- permission matrices -----------------------------------------------------------------------


def test_strategy_list_and_detail(world: TenantWorld) -> None:
    ours = strategy(world, title="Open to the world")
    responses = assert_api_matrix(world, "get", "/api/v1/strategies/", {**READ, "outsider": 200})
    assert [row["id"] for row in responses["viewer"].json()["results"]] == [ours.pk]
    assert responses["outsider"].json()["results"] == []
    responses = assert_api_matrix(
        world, "get", f"/api/v1/strategies/{ours.pk}/", {**READ, "outsider": 404}
    )
    body = responses["viewer"].json()
    assert (body["title"], body["status"], body["version"]) == ("Open to the world", "draft", 1)
    assert responses["viewer"]["ETag"]


def test_strategy_create_update_and_no_delete(world: TenantWorld) -> None:
    assert_api_matrix_fresh(
        world,
        "post",
        lambda: "/api/v1/strategies/",
        write(201, outsider=201),
        data_for=lambda: {
            "title": f"Strategy {next(_serial)}",
            "start_year": 2025,
            "end_year": 2028,
            "priority_countries": ["PT", "BR"],
        },
    )
    created = Strategy.objects.for_tenant(world.government).order_by("pk").first()
    assert created is not None
    assert created.status == StrategyStatus.DRAFT
    assert created.currency == world.government.currency
    assert sorted(c.code for c in created.priority_countries) == ["BR", "PT"]
    assert events_of(created)[0].channel == Channel.API
    assert_api_matrix_fresh(
        world,
        "patch",
        lambda: f"/api/v1/strategies/{strategy(world).pk}/",
        write(200),
        data_for=lambda: {"vision": "A city open to the world"},
    )
    client = api_client(world, "administrator")
    client.validate = False  # no DELETE in the schema: strategies are kept, never deleted
    response = client.delete(f"/api/v1/strategies/{created.pk}/")
    assert response.status_code == 405


def test_objective_matrix(world: TenantWorld) -> None:
    ours = objective(world)
    responses = assert_api_matrix(world, "get", "/api/v1/objectives/", {**READ, "outsider": 200})
    assert [row["id"] for row in responses["viewer"].json()["results"]] == [ours.pk]
    assert responses["outsider"].json()["results"] == []
    assert_api_matrix(world, "get", f"/api/v1/objectives/{ours.pk}/", {**READ, "outsider": 404})
    parent = strategy(world)
    assert_api_matrix_fresh(
        world,
        "post",
        lambda: "/api/v1/objectives/",
        write(201, outsider=400),  # our strategy is not one of theirs
        data_for=lambda: {"strategy": parent.pk, "code": str(next(_serial)), "title": "Trade"},
    )
    assert_api_matrix_fresh(
        world,
        "patch",
        lambda: f"/api/v1/objectives/{objective(world).pk}/",
        write(200),
        data_for=lambda: {"description": "Changed through the API"},
    )
    assert_api_matrix_fresh(
        world, "delete", lambda: f"/api/v1/objectives/{objective(world).pk}/", write(204)
    )


# --- workflow: approval and versions ----------------------------------------------------------


def test_approve_allowed_and_refused_per_role(world: TenantWorld) -> None:
    def draft() -> str:
        return f"/api/v1/strategies/{objective(world).strategy_id}/approve/"

    assert_api_matrix_fresh(
        world,
        "post",
        draft,
        write(200),
        data_for=lambda: {"approved_on": "2025-03-01", "approved_by": "City council"},
    )
    approved = Strategy.objects.for_tenant(world.government).filter(status="approved")
    assert approved.count() == 2  # the administrator's and the coordinator's
    first = approved.first()
    assert first is not None
    event = events_of(first)[-1]
    assert event.channel == Channel.API
    assert event.changes["status"] == {"before": "draft", "after": "approved"}


def test_approve_refuses_what_the_web_refuses(world: TenantWorld) -> None:
    client = api_client(world, "coordinator")
    empty = strategy(world)
    before = AuditEvent.objects.count()
    response = client.post(f"/api/v1/strategies/{empty.pk}/approve/", {}, format="json")
    assert response.status_code == 400
    assert response.json()["non_field_errors"] == [
        "Add at least one objective before approving the strategy."
    ]
    assert AuditEvent.objects.count() == before
    approved = objective(world, strategy=strategy(world, status="approved")).strategy
    response = client.post(f"/api/v1/strategies/{approved.pk}/approve/", {}, format="json")
    assert response.json()["non_field_errors"] == ["Only a draft strategy can be approved."]


def test_a_new_version_then_its_approval_supersedes_the_old_one(world: TenantWorld) -> None:
    old = strategy(world, status=StrategyStatus.APPROVED, title="Strategy 2024")
    ObjectiveFactory.create(strategy=old, code="1", title="Trade")
    client = api_client(world, "coordinator")
    url = f"/api/v1/strategies/{old.pk}/"
    etag = client.get(url)["ETag"]
    response = client.post(f"{url}new-version/", HTTP_IF_MATCH=etag)
    assert response.status_code == 201, response.content
    new = response.json()
    assert (new["version"], new["previous_version"], new["status"]) == (2, old.pk, "draft")
    assert new["objective_count"] == 1
    assert client.get(url).json()["next_version"] == new["id"]
    again = client.post(f"{url}new-version/")
    assert again.status_code == 400
    assert again.json()["non_field_errors"] == [
        "A newer version of this strategy is already being drafted: open it instead."
    ]
    # The new version is refused to the viewer and the editor, like on the web.
    for who in ("editor", "viewer"):
        denied = api_client(world, who).post(f"/api/v1/strategies/{new['id']}/approve/", {})
        assert denied.status_code == 403
    response = client.post(f"/api/v1/strategies/{new['id']}/approve/", {}, format="json")
    assert response.status_code == 200
    old.refresh_from_db()
    assert old.status == StrategyStatus.SUPERSEDED
    assert events_of(old)[-1].channel == Channel.API
    # A superseded version and its objectives are read-only, with the service's message.
    refused = client.patch(url, {"vision": "Too late"}, format="json")
    assert refused.status_code == 400
    assert refused.json()["non_field_errors"] == [str(services.SUPERSEDED_MESSAGE)]
    child = old.objectives.get()
    refused = client.patch(f"/api/v1/objectives/{child.pk}/", {"title": "X"}, format="json")
    assert refused.json()["non_field_errors"] == [str(services.SUPERSEDED_MESSAGE)]
    refused = client.post(f"{url}new-version/")
    assert refused.json()["non_field_errors"] == [str(services.SUPERSEDED_MESSAGE)]


def test_workflow_actions_honour_if_match(world: TenantWorld) -> None:
    draft = objective(world).strategy
    client = api_client(world, "coordinator")
    url = f"/api/v1/strategies/{draft.pk}/"
    etag = client.get(url)["ETag"]
    assert (
        client.patch(url, {"vision": "New"}, format="json", HTTP_IF_MATCH=etag).status_code == 200
    )
    stale = client.post(f"{url}approve/", {}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    draft.refresh_from_db()
    assert draft.status == StrategyStatus.DRAFT


def test_another_governments_strategy_is_a_404_for_every_action(world: TenantWorld) -> None:
    theirs = StrategyFactory.create(government=world.other_government)
    ObjectiveFactory.create(strategy=theirs)
    client = api_client(world, "administrator")
    for suffix in ("", "approve/", "new-version/", "alignment/"):
        call = client.get if suffix in ("", "alignment/") else client.post
        assert call(f"/api/v1/strategies/{theirs.pk}/{suffix}").status_code == 404, suffix
    theirs.refresh_from_db()
    assert theirs.status == StrategyStatus.DRAFT


# --- objectives' links and the alignment figures -------------------------------------------


def test_objective_links_and_alignment(world: TenantWorld) -> None:
    government = world.government
    plan = strategy(world, priority_countries=["PT"])
    general = ObjectiveFactory.create(strategy=plan, code="1", title="Trade")
    action = make_action(government, lead_department=world.department)
    BudgetLine.objects.create(
        government=government, action=action, source="own", amount=Decimal("250.00"), currency="EUR"
    )
    unlinked = make_action(government)
    client = api_client(world, "coordinator")
    response = client.post(
        "/api/v1/objectives/",
        {
            "strategy": plan.pk,
            "parent": general.pk,
            "code": "1.1",
            "title": "Ports",
            "actions": [action.pk],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    specific = Objective.objects.get(pk=response.json()["id"])
    assert list(specific.actions.all()) == [action]
    assert events_of(specific)[-1].channel == Channel.API
    # Another government's action cannot be linked.
    foreign = make_action(world.other_government)
    refused = client.patch(
        f"/api/v1/objectives/{specific.pk}/", {"actions": [foreign.pk]}, format="json"
    )
    assert refused.status_code == 400
    assert "actions" in refused.json()

    responses = assert_api_matrix(
        world, "get", f"/api/v1/strategies/{plan.pk}/alignment/", {**READ, "outsider": 404}
    )
    figures = responses["viewer"].json()
    by_code = {row["code"]: row for row in figures["objectives"]}
    assert by_code["1"]["action_count"] == 1  # the general objective counts its branch
    assert by_code["1.1"]["parent"] == general.pk
    assert Decimal(by_code["1.1"]["budget"]) == Decimal("250.00")
    assert Decimal(figures["budget"]["total"]) == Decimal("250.00")
    assert [row["key"] for row in figures["countries"]] == ["PT"]
    assert unlinked.pk in figures["unlinked_actions"]
    assert action.pk not in figures["unlinked_actions"]


# --- query budgets ------------------------------------------------------------------------------


def test_strategy_list_queries_do_not_grow(world: TenantWorld) -> None:
    client = api_client(world, "viewer")
    url = "/api/v1/strategies/?page_size=100"
    client.get(url)

    def add(n: int) -> None:
        for _ in range(n):
            plan = strategy(world)
            ObjectiveFactory.create(strategy=plan)

    assert_constant_queries(client, url, add, budget=6, few=3, many=30)


def test_objective_list_queries_do_not_grow(world: TenantWorld) -> None:
    client = api_client(world, "viewer")
    url = "/api/v1/objectives/?page_size=100"
    client.get(url)
    plan = strategy(world)
    action = make_action(world.government)

    def add(n: int) -> None:
        for _ in range(n):
            row = ObjectiveFactory.create(strategy=plan)
            row.actions.add(action)

    assert_constant_queries(client, url, add, budget=10, few=3, many=30)


def test_alignment_queries_do_not_grow(world: TenantWorld) -> None:
    client = api_client(world, "viewer")
    plan = strategy(world, priority_countries=["PT", "BR"])
    url = f"/api/v1/strategies/{plan.pk}/alignment/"
    client.get(url)

    def add(n: int) -> None:
        for _ in range(n):
            general = ObjectiveFactory.create(strategy=plan)
            specific = ObjectiveFactory.create(strategy=plan, parent=general)
            specific.actions.add(make_action(world.government))
            make_action(world.government)  # unlinked

    assert_constant_queries(client, url, add, budget=12, few=2, many=20)
