"""The evaluations' API: the permission matrix of evaluations and recommendations, another
government's objects, the workflow actions (the six criteria, the management response, the
follow-up) allowed and refused per role with the web's messages, the audit channel, ETags, and
the lists' query budgets."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone

from lazos.actions.models import Action
from lazos.actions.tests.factories import ActionFactory
from lazos.api.tests.helpers import (
    api_client,
    assert_api_matrix,
    assert_api_matrix_fresh,
    events_of,
)
from lazos.core.audit import Channel
from lazos.core.testing import TenantWorld, assert_constant_queries
from lazos.core.testing.builders import DepartmentFactory
from lazos.evaluations.choices import Criterion, FollowUpStatus, ResponseDecision
from lazos.evaluations.models import CriterionAssessment, Evaluation, Recommendation
from lazos.evaluations.tests.factories import EvaluationFactory, RecommendationFactory
from lazos.governments.models import Department

pytestmark = pytest.mark.django_db

READ = {
    "anonymous": 401,
    "stranger": 403,
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


def writes(ok: int, *, editor: int | None = None, outsider: int = 404) -> dict[str, int]:
    return {
        "anonymous": 401,
        "stranger": 403,
        "outsider": outsider,
        "administrator": ok,
        "coordinator": ok,
        "editor": ok if editor is None else editor,
        "viewer": 403,
    }


def action_of(world: TenantWorld, department: Department | None = None) -> Action:
    return ActionFactory.create(
        government=world.government, lead_department=department or world.department
    )


def evaluation_of(world: TenantWorld, department: Department | None = None) -> Evaluation:
    return EvaluationFactory.create(
        government=world.government, action=action_of(world, department)
    )


def recommendation_of(world: TenantWorld, **values: Any) -> Recommendation:
    return RecommendationFactory.create(evaluation=evaluation_of(world), **values)


def accepted(world: TenantWorld) -> Recommendation:
    return recommendation_of(
        world,
        response=ResponseDecision.ACCEPTED,
        planned_action="Meet the councils",
        responsible="Ana",
        due_date=timezone.localdate() + datetime.timedelta(days=30),
    )


def elsewhere(world: TenantWorld) -> Department:
    """A department of our government the editor does not belong to."""
    return DepartmentFactory.create(government=world.government, name=f"Economy {next(_serial)}")


SIX = [{"criterion": c, "rating": 3, "text": f"About {c}"} for c in Criterion.values]


# --- evaluations: the matrix -----------------------------------------------------------------


def test_evaluations_list_and_retrieve(world: TenantWorld) -> None:
    ours = evaluation_of(world)
    theirs = EvaluationFactory.create(government=world.other_government)
    responses = assert_api_matrix(world, "get", "/api/v1/evaluations/", {**READ, "outsider": 200})
    assert [row["id"] for row in responses["viewer"].json()["results"]] == [ours.pk]
    assert [row["id"] for row in responses["outsider"].json()["results"]] == [theirs.pk]
    url = f"/api/v1/evaluations/{ours.pk}/"
    responses = assert_api_matrix(world, "get", url, {**READ, "outsider": 404})
    body = responses["viewer"].json()
    assert (body["title"], body["action"], body["assessments"]) == (ours.title, ours.action_id, [])
    assert responses["viewer"]["ETag"]
    # Another government's evaluation is a 404, like a missing one.
    other = api_client(world, "administrator").get(f"/api/v1/evaluations/{theirs.pk}/")
    assert other.status_code == 404


def test_evaluations_create(world: TenantWorld) -> None:
    before = Evaluation.objects.count()
    responses = assert_api_matrix_fresh(
        world,
        "post",
        lambda: "/api/v1/evaluations/",
        writes(201, outsider=400),  # our action is not one of theirs
        data_for=lambda: {
            "action": action_of(world).pk,
            "title": f"Final evaluation {next(_serial)}",
            "kind": "external",
        },
    )
    assert Evaluation.objects.count() == before + 3
    created = Evaluation.objects.get(pk=responses["editor"].json()["id"])
    [event] = events_of(created)
    assert (event.channel, event.actor) == (Channel.API, world.users["editor"])


def test_an_evaluation_is_of_an_action_or_a_strategy(world: TenantWorld) -> None:
    response = api_client(world, "coordinator").post(
        "/api/v1/evaluations/", {"title": "Of nothing"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["non_field_errors"] == [
        "Choose either an action or a strategy to evaluate."
    ]


def test_an_editor_evaluates_only_their_departments_actions(world: TenantWorld) -> None:
    editor = api_client(world, "editor")
    theirs = action_of(world, elsewhere(world))
    response = editor.post(
        "/api/v1/evaluations/", {"action": theirs.pk, "title": "Not mine"}, format="json"
    )
    assert response.status_code == 403
    assert "your own departments" in response.json()["detail"]
    evaluation = EvaluationFactory.create(government=world.government, action=theirs)
    url = f"/api/v1/evaluations/{evaluation.pk}/"
    assert editor.patch(url, {"summary": "x"}, format="json").status_code == 403
    assert editor.delete(url).status_code == 403
    assert editor.get(url).status_code == 200


def test_evaluations_update_and_delete(world: TenantWorld) -> None:
    responses = assert_api_matrix_fresh(
        world,
        "patch",
        lambda: f"/api/v1/evaluations/{evaluation_of(world).pk}/",
        writes(200),
        data_for=lambda: {"summary": "Changed through the API"},
    )
    assert responses["editor"].json()["summary"] == "Changed through the API"
    assert_api_matrix_fresh(
        world,
        "delete",
        lambda: (
            f"/api/v1/evaluations/{RecommendationFactory.create(evaluation=evaluation_of(world)).evaluation_id}/"
        ),
        writes(204),
    )


def test_what_an_evaluation_evaluates_cannot_change(world: TenantWorld) -> None:
    evaluation = evaluation_of(world)
    response = api_client(world, "coordinator").patch(
        f"/api/v1/evaluations/{evaluation.pk}/", {"action": action_of(world).pk}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["action"] == ["This cannot be changed once the record exists."]


def test_completed_needs_its_date(world: TenantWorld) -> None:
    evaluation = evaluation_of(world)
    response = api_client(world, "coordinator").patch(
        f"/api/v1/evaluations/{evaluation.pk}/", {"status": "completed"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["completed_on"] == ["Give the date the evaluation was completed."]


# --- evaluations: the six criteria -----------------------------------------------------------


def test_assess_the_six_criteria(world: TenantWorld) -> None:
    evaluation = evaluation_of(world)
    url = f"/api/v1/evaluations/{evaluation.pk}/criteria/"
    rows = [*SIX[:-1], {"criterion": "sustainability", "rating": None, "text": ""}]
    response = api_client(world, "editor").post(url, {"assessments": rows}, format="json")
    assert response.status_code == 200, response.content
    assert response["ETag"]
    assert [a["criterion"] for a in response.json()["assessments"]] == sorted(Criterion.values[:-1])
    saved = CriterionAssessment.objects.filter(evaluation=evaluation)
    assert saved.count() == 5
    assert {e.channel for a in saved for e in events_of(a)} == {Channel.API}


def test_the_criteria_refused(world: TenantWorld) -> None:
    evaluation = evaluation_of(world)
    url = f"/api/v1/evaluations/{evaluation.pk}/criteria/"
    statuses = {
        who: api_client(world, who).post(url, {"assessments": SIX}, format="json").status_code
        for who in ("anonymous", "stranger", "outsider", "viewer")
    }
    assert statuses == {"anonymous": 401, "stranger": 403, "outsider": 404, "viewer": 403}
    theirs = EvaluationFactory.create(
        government=world.government, action=action_of(world, elsewhere(world))
    )
    response = api_client(world, "editor").post(
        f"/api/v1/evaluations/{theirs.pk}/criteria/", {"assessments": SIX}, format="json"
    )
    assert response.status_code == 403
    response = api_client(world, "coordinator").post(url, {"assessments": SIX[:5]}, format="json")
    assert response.status_code == 400
    assert response.json()["assessments"] == ["The form must list each of the six criteria once."]
    response = api_client(world, "coordinator").post(
        url, {"assessments": [*SIX[:5], {**SIX[0], "rating": 5}]}, format="json"
    )
    assert response.status_code == 400
    assert not CriterionAssessment.objects.exists()


# --- recommendations: the matrix -------------------------------------------------------------


def test_recommendations_list_and_retrieve(world: TenantWorld) -> None:
    ours = recommendation_of(world)
    done = recommendation_of(world, follow_up_status=FollowUpStatus.DONE)
    RecommendationFactory.create(
        evaluation=EvaluationFactory.create(government=world.other_government)
    )
    responses = assert_api_matrix(
        world, "get", "/api/v1/recommendations/", {**READ, "outsider": 200}
    )
    assert {row["id"] for row in responses["viewer"].json()["results"]} == {ours.pk, done.pk}
    assert len(responses["outsider"].json()["results"]) == 1
    viewer = api_client(world, "viewer")
    rows = viewer.get("/api/v1/recommendations/?open=true").json()["results"]
    assert [row["id"] for row in rows] == [ours.pk]
    rows = viewer.get(f"/api/v1/recommendations/?evaluation={done.evaluation_id}").json()
    assert [row["id"] for row in rows["results"]] == [done.pk]
    assert_api_matrix(
        world, "get", f"/api/v1/recommendations/{ours.pk}/", {**READ, "outsider": 404}
    )


def test_recommendations_create(world: TenantWorld) -> None:
    responses = assert_api_matrix_fresh(
        world,
        "post",
        lambda: "/api/v1/recommendations/",
        writes(201, outsider=400),
        data_for=lambda: {"evaluation": evaluation_of(world).pk, "text": "Involve youth"},
    )
    created = Recommendation.objects.get(pk=responses["editor"].json()["id"])
    assert [e.channel for e in events_of(created)] == [Channel.API]
    # An editor adds none to another department's evaluation, even addressed to theirs.
    theirs = EvaluationFactory.create(
        government=world.government, action=action_of(world, elsewhere(world))
    )
    response = api_client(world, "editor").post(
        "/api/v1/recommendations/",
        {"evaluation": theirs.pk, "text": "Mine?", "department": world.department.pk},
        format="json",
    )
    assert response.status_code == 403
    assert not Recommendation.objects.filter(evaluation=theirs).exists()


def test_recommendations_update_and_delete(world: TenantWorld) -> None:
    assert_api_matrix_fresh(
        world,
        "patch",
        lambda: f"/api/v1/recommendations/{recommendation_of(world).pk}/",
        writes(200),
        data_for=lambda: {"text": "Involve the councils"},
    )
    assert_api_matrix_fresh(
        world,
        "delete",
        lambda: f"/api/v1/recommendations/{recommendation_of(world).pk}/",
        writes(204),
    )


def test_the_response_cannot_be_written_directly(world: TenantWorld) -> None:
    recommendation = recommendation_of(world)
    response = api_client(world, "coordinator").patch(
        f"/api/v1/recommendations/{recommendation.pk}/",
        {"response": "rejected", "follow_up_status": "done"},
        format="json",
    )
    assert response.status_code == 200
    recommendation.refresh_from_db()
    assert (recommendation.response, recommendation.follow_up_status) == (
        ResponseDecision.PENDING,
        FollowUpStatus.NOT_STARTED,
    )


# --- recommendations: respond and follow up --------------------------------------------------


def test_respond_per_role(world: TenantWorld) -> None:
    due = (timezone.localdate() + datetime.timedelta(days=60)).isoformat()
    body = {
        "response": "accepted",
        "planned_action": "Meet them",
        "responsible": "Ana",
        "due_date": due,
    }
    responses = assert_api_matrix_fresh(
        world,
        "post",
        lambda: f"/api/v1/recommendations/{recommendation_of(world).pk}/respond/",
        writes(200),
        data_for=lambda: body,
    )
    row = responses["editor"].json()
    assert (row["response"], row["planned_action"], row["due_date"]) == (
        "accepted",
        "Meet them",
        due,
    )
    assert responses["editor"]["ETag"]
    recommendation = Recommendation.objects.get(pk=row["id"])
    event = events_of(recommendation)[-1]
    assert event.channel == Channel.API
    assert event.changes["response"] == {"before": "pending", "after": "accepted"}


def test_respond_refused_with_the_web_messages(world: TenantWorld) -> None:
    recommendation = recommendation_of(world)
    url = f"/api/v1/recommendations/{recommendation.pk}/respond/"
    client = api_client(world, "coordinator")
    response = client.post(url, {"response": "accepted"}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "planned_action": ["Say what will be done about the recommendation."],
        "due_date": ["Give the date by which it will be done."],
        "responsible": ["Say who is responsible: a person or a department."],
    }
    response = client.post(url, {"response": "rejected"}, format="json")
    assert response.json() == {
        "response_text": ["Give the reasons for rejecting the recommendation."]
    }
    response = client.post(url, {"response": "pending"}, format="json")
    assert response.json() == {
        "response": ["Choose whether the recommendation is accepted or rejected."]
    }
    recommendation.refresh_from_db()
    assert recommendation.response == ResponseDecision.PENDING
    # An editor cannot hand it to a department of which they are not a member… unless it is
    # also their departments' evaluation, which it is: so they can. Another's is refused.
    theirs = RecommendationFactory.create(
        evaluation=EvaluationFactory.create(
            government=world.government, action=action_of(world, elsewhere(world))
        )
    )
    response = api_client(world, "editor").post(
        f"/api/v1/recommendations/{theirs.pk}/respond/",
        {"response": "rejected", "response_text": "No"},
        format="json",
    )
    assert response.status_code == 403


def test_respond_honours_if_match(world: TenantWorld) -> None:
    recommendation = recommendation_of(world)
    url = f"/api/v1/recommendations/{recommendation.pk}/"
    client = api_client(world, "coordinator")
    etag = client.get(url)["ETag"]
    assert client.patch(url, {"text": "Changed"}, format="json").status_code == 200
    body = {"response": "rejected", "response_text": "Out of our hands"}
    stale = client.post(f"{url}respond/", body, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    fresh = client.get(url)["ETag"]
    response = client.post(f"{url}respond/", body, format="json", HTTP_IF_MATCH=fresh)
    assert response.status_code == 200
    assert response.json()["is_open"] is False


def test_follow_up_per_role(world: TenantWorld) -> None:
    today = timezone.localdate().isoformat()
    responses = assert_api_matrix_fresh(
        world,
        "post",
        lambda: f"/api/v1/recommendations/{accepted(world).pk}/follow-up/",
        writes(200),
        data_for=lambda: {"follow_up_status": "done", "completed_on": today},
    )
    row = responses["editor"].json()
    assert (row["follow_up_status"], row["completed_on"], row["is_open"]) == ("done", today, False)
    event = events_of(Recommendation.objects.get(pk=row["id"]))[-1]
    assert event.channel == Channel.API
    assert event.changes["follow_up_status"]["after"] == "done"


def test_follow_up_refused_with_the_web_messages(world: TenantWorld) -> None:
    client = api_client(world, "coordinator")
    pending = recommendation_of(world)
    response = client.post(
        f"/api/v1/recommendations/{pending.pk}/follow-up/",
        {"follow_up_status": "in_progress"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["Record the management response before its follow-up."]
    }
    rejected = recommendation_of(world, response=ResponseDecision.REJECTED, response_text="No")
    response = client.post(
        f"/api/v1/recommendations/{rejected.pk}/follow-up/",
        {"follow_up_status": "in_progress"},
        format="json",
    )
    assert response.json() == {"non_field_errors": ["A rejected recommendation has no follow-up."]}
    promised = accepted(world)
    url = f"/api/v1/recommendations/{promised.pk}/follow-up/"
    response = client.post(url, {"follow_up_status": "done"}, format="json")
    assert response.json() == {"completed_on": ["Give the date the follow-up was completed."]}
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = client.post(
        url, {"follow_up_status": "done", "completed_on": tomorrow}, format="json"
    )
    assert response.json() == {"completed_on": ["The completion date cannot be in the future."]}
    promised.refresh_from_db()
    assert promised.follow_up_status == FollowUpStatus.NOT_STARTED


# --- query budgets -----------------------------------------------------------------------------


def test_list_queries_do_not_grow_with_rows(world: TenantWorld) -> None:
    client = api_client(world, "viewer")
    client.get("/api/v1/evaluations/")  # the token's first use is recorded once
    action = action_of(world)
    department = world.department

    def evaluations(n: int) -> None:
        rows = Evaluation.objects.bulk_create(
            Evaluation(government=world.government, action=action, title=f"E {next(_serial)}")
            for _ in range(n)
        )
        CriterionAssessment.objects.bulk_create(
            CriterionAssessment(government=world.government, evaluation=e, criterion="impact")
            for e in rows
        )
        Recommendation.objects.bulk_create(
            Recommendation(government=world.government, evaluation=e, text="R") for e in rows
        )

    assert_constant_queries(
        client, "/api/v1/evaluations/?page_size=500", evaluations, budget=10, few=5, many=60
    )
    evaluation = evaluation_of(world)

    def recommendations(n: int) -> None:
        Recommendation.objects.bulk_create(
            Recommendation(
                government=world.government,
                evaluation=evaluation,
                text=f"R {next(_serial)}",
                department=department,
            )
            for _ in range(n)
        )

    assert_constant_queries(
        client,
        "/api/v1/recommendations/?page_size=500",
        recommendations,
        budget=10,
        few=5,
        many=60,
    )
