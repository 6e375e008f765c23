"""Evaluations: services (audited, validated), the six-criteria form, the management response
and its follow-up, permission matrices, pages and query budgets."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lazos.actions.tests.factories import ActionFactory
from lazos.core.models import AuditEvent
from lazos.core.testing import assert_constant_queries, assert_permission_matrix
from lazos.core.testing.builders import DepartmentFactory
from lazos.evaluations import services
from lazos.evaluations.choices import Criterion, FollowUpStatus, ResponseDecision
from lazos.evaluations.models import CriterionAssessment, Evaluation, Recommendation
from lazos.evaluations.tests.factories import EvaluationFactory, RecommendationFactory
from lazos.strategy.models import Strategy

pytestmark = pytest.mark.django_db

EVERYONE_IN = {"administrator": 200, "coordinator": 200, "editor": 200, "viewer": 200}
MANAGERS = {"administrator": 200, "coordinator": 200, "editor": 403, "viewer": 403}
DEPARTMENT_EDITORS = {"administrator": 200, "coordinator": 200, "editor": 200, "viewer": 403}
ANON = {"anonymous": 302, "stranger": 403}

TODAY = timezone.localdate()


def _strategy(government, **values):
    values.setdefault("title", "International strategy")
    return Strategy.objects.create(
        government=government, start_year=2024, end_year=2027, status="approved", **values
    )


def _own_action(world):
    action = ActionFactory.create(government=world.government, title="Youth exchange")
    action.departments.set([world.department])
    return action


# --- Permission matrices ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("evaluations:evaluation-list", EVERYONE_IN),
        ("evaluations:evaluation-create", DEPARTMENT_EDITORS),
        ("evaluations:recommendation-list", EVERYONE_IN),
    ],
)
def test_list_and_create_matrix(world, name, expected):
    assert_permission_matrix(world, reverse(name), {**ANON, "outsider": 200, **expected})


@pytest.mark.parametrize(
    ("name", "of_own_department", "expected"),
    [
        ("evaluations:evaluation-detail", False, EVERYONE_IN),
        ("evaluations:evaluation-history", False, EVERYONE_IN),
        ("evaluations:evaluation-edit", False, MANAGERS),
        ("evaluations:evaluation-delete", False, MANAGERS),
        ("evaluations:evaluation-criteria", False, MANAGERS),
        ("evaluations:recommendation-create", False, MANAGERS),
        ("evaluations:evaluation-edit", True, DEPARTMENT_EDITORS),
        ("evaluations:evaluation-criteria", True, DEPARTMENT_EDITORS),
        ("evaluations:evaluation-delete", True, DEPARTMENT_EDITORS),
        ("evaluations:recommendation-create", True, DEPARTMENT_EDITORS),
    ],
)
def test_evaluation_pages_matrix(world, name, of_own_department, expected):
    action = (
        _own_action(world)
        if of_own_department
        else ActionFactory.create(government=world.government)
    )
    evaluation = EvaluationFactory.create(government=world.government, action=action)
    url = reverse(name, args=[evaluation.pk])
    assert_permission_matrix(world, url, {**ANON, "outsider": 404, **expected})


@pytest.mark.parametrize("name", ["evaluations:evaluation-edit", "evaluations:evaluation-criteria"])
def test_editors_never_change_a_strategy_evaluation(world, name):
    evaluation = EvaluationFactory.create(
        government=world.government, action=None, strategy=_strategy(world.government)
    )
    url = reverse(name, args=[evaluation.pk])
    assert_permission_matrix(world, url, {**ANON, "outsider": 404, **MANAGERS})


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("evaluations:recommendation-edit", MANAGERS),
        ("evaluations:recommendation-respond", MANAGERS),
        ("evaluations:recommendation-follow-up", MANAGERS),
        ("evaluations:recommendation-delete", MANAGERS),
        ("evaluations:recommendation-history", EVERYONE_IN),
    ],
)
def test_recommendation_pages_matrix(world, name, expected):
    recommendation = RecommendationFactory.create(
        evaluation=EvaluationFactory.create(government=world.government)
    )
    url = reverse(name, args=[recommendation.pk])
    assert_permission_matrix(world, url, {**ANON, "outsider": 404, **expected})


def test_an_editor_follows_up_a_recommendation_addressed_to_their_department(world):
    recommendation = RecommendationFactory.create(
        evaluation=EvaluationFactory.create(government=world.government),
        department=world.department,
    )
    url = reverse("evaluations:recommendation-follow-up", args=[recommendation.pk])
    assert_permission_matrix(world, url, {**ANON, "outsider": 404, **DEPARTMENT_EDITORS})


# --- Services --------------------------------------------------------------------------------


def test_services_are_audited(world):
    user = world.users["coordinator"]
    action = ActionFactory.create(government=world.government)
    evaluation = services.create_evaluation(
        world.government,
        acting_user=user,
        action=action,
        title="Final evaluation",
        kind="external",
        status="in_progress",
    )
    services.update_evaluation(evaluation, acting_user=user, evaluator="Universidad Local")
    services.assess_criterion(
        evaluation, acting_user=user, criterion=Criterion.RELEVANCE, rating=3, text="Fits."
    )
    recommendation = services.add_recommendation(
        evaluation, acting_user=user, text="Publish results"
    )
    services.respond_to_recommendation(
        recommendation,
        acting_user=user,
        response=ResponseDecision.ACCEPTED,
        planned_action="A report each year",
        responsible="International office",
        due_date=TODAY + timedelta(days=30),
    )
    services.record_follow_up(
        recommendation, acting_user=user, follow_up_status=FollowUpStatus.IN_PROGRESS
    )
    events = AuditEvent.objects.filter(government=world.government).order_by("id")
    assert [(e.content_type.model, e.action) for e in events] == [
        ("evaluation", "create"),
        ("evaluation", "update"),
        ("criterionassessment", "create"),
        ("recommendation", "create"),
        ("recommendation", "update"),
        ("recommendation", "update"),
    ]
    assert events[1].changes == {"evaluator": {"before": "", "after": "Universidad Local"}}
    assert events[5].changes == {
        "follow_up_status": {"before": "not_started", "after": "in_progress"}
    }
    evaluation_pk = evaluation.pk
    services.delete_evaluation(evaluation, acting_user=user)
    assert not Evaluation.objects.filter(pk=evaluation_pk).exists()
    deleted = AuditEvent.objects.filter(government=world.government, action="delete")
    assert sorted(e.content_type.model for e in deleted) == [
        "criterionassessment",
        "evaluation",
        "recommendation",
    ]


def test_create_evaluation_validates(world):
    user = world.users["coordinator"]
    action = ActionFactory.create(government=world.government)
    with pytest.raises(ValidationError) as error:
        services.create_evaluation(world.government, acting_user=user, title="Of nothing")
    assert "one action or one strategy" in str(error.value)
    with pytest.raises(ValidationError):
        services.create_evaluation(
            world.government,
            acting_user=user,
            action=action,
            strategy=_strategy(world.government),
            title="Of both",
        )
    foreign = ActionFactory.create(government=world.other_government)
    with pytest.raises(ValidationError) as error:
        services.create_evaluation(world.government, acting_user=user, action=foreign, title="X")
    assert "This action was not found." in str(error.value)  # as for a missing one
    with pytest.raises(ValidationError) as error:
        services.create_evaluation(
            world.government, acting_user=user, action=action, title="Done", status="completed"
        )
    assert "Give the date the evaluation was completed." in str(error.value)
    with pytest.raises(ValidationError) as error:
        services.create_evaluation(
            world.government,
            acting_user=user,
            action=action,
            title="Backwards",
            start_date=date(2025, 5, 1),
            completed_on=date(2025, 1, 1),
        )
    assert "cannot be completed before it starts" in str(error.value)
    assert not Evaluation.objects.exists()
    assert not AuditEvent.objects.filter(government=world.government).exists()


def test_assess_criterion_upserts_and_clears(world):
    user = world.users["coordinator"]
    evaluation = EvaluationFactory.create(government=world.government)
    services.assess_criterion(evaluation, acting_user=user, criterion="impact", rating=2)
    services.assess_criterion(
        evaluation, acting_user=user, criterion="impact", rating=4, text="Big"
    )
    assessment = CriterionAssessment.objects.get(evaluation=evaluation)
    assert (assessment.rating, assessment.text) == (4, "Big")
    services.assess_criterion(evaluation, acting_user=user, criterion="impact", rating=None)
    assert not CriterionAssessment.objects.filter(evaluation=evaluation).exists()
    with pytest.raises(ValidationError):
        services.assess_criterion(evaluation, acting_user=user, criterion="beauty", rating=3)
    with pytest.raises(ValidationError):
        services.assess_criterion(evaluation, acting_user=user, criterion="impact", rating=7)


def test_the_management_response_needs_a_plan_or_reasons(world):
    user = world.users["coordinator"]
    recommendation = RecommendationFactory.create(
        evaluation=EvaluationFactory.create(government=world.government)
    )
    with pytest.raises(ValidationError) as error:
        services.respond_to_recommendation(recommendation, acting_user=user, response="accepted")
    messages = error.value.message_dict
    assert "planned_action" in messages
    assert "due_date" in messages
    assert "responsible" in messages
    with pytest.raises(ValidationError) as error:
        services.respond_to_recommendation(recommendation, acting_user=user, response="rejected")
    assert "reasons for rejecting" in str(error.value)
    with pytest.raises(ValidationError):
        services.respond_to_recommendation(recommendation, acting_user=user, response="pending")
    services.respond_to_recommendation(
        recommendation, acting_user=user, response="rejected", response_text="Out of our remit."
    )
    recommendation.refresh_from_db()
    assert recommendation.response == "rejected"
    assert not recommendation.is_open
    assert not Recommendation.objects.open().exists()
    with pytest.raises(ValidationError) as error:
        services.record_follow_up(recommendation, acting_user=user, follow_up_status="done")
    assert "rejected recommendation has no follow-up" in str(error.value)


def test_follow_up_tracking(world):
    user = world.users["coordinator"]
    recommendation = RecommendationFactory.create(
        evaluation=EvaluationFactory.create(government=world.government)
    )
    with pytest.raises(ValidationError) as error:
        services.record_follow_up(recommendation, acting_user=user, follow_up_status="in_progress")
    assert "management response before its follow-up" in str(error.value)
    services.respond_to_recommendation(
        recommendation,
        acting_user=user,
        response="partly",
        planned_action="Two public meetings",
        department=world.department,
        due_date=TODAY - timedelta(days=3),
    )
    recommendation.refresh_from_db()
    assert recommendation.is_overdue
    assert list(Recommendation.objects.overdue()) == [recommendation]
    with pytest.raises(ValidationError) as error:
        services.record_follow_up(recommendation, acting_user=user, follow_up_status="done")
    assert "Give the date the follow-up was completed." in str(error.value)
    with pytest.raises(ValidationError) as error:
        services.record_follow_up(
            recommendation,
            acting_user=user,
            follow_up_status="in_progress",
            completed_on=TODAY,
        )
    assert "Only a follow-up that is done" in str(error.value)
    with pytest.raises(ValidationError) as error:
        services.record_follow_up(
            recommendation,
            acting_user=user,
            follow_up_status="done",
            completed_on=TODAY + timedelta(days=2),
        )
    assert "cannot be in the future" in str(error.value)
    services.record_follow_up(
        recommendation,
        acting_user=user,
        follow_up_status="done",
        follow_up_notes="Both meetings held.",
        completed_on=TODAY,
    )
    recommendation.refresh_from_db()
    assert not recommendation.is_open
    assert not recommendation.is_overdue
    assert not Recommendation.objects.open().exists()
    event = AuditEvent.objects.for_object(recommendation).order_by("-id").first()
    assert event.changes["completed_on"] == {"before": None, "after": TODAY.isoformat()}


# --- Pages -----------------------------------------------------------------------------------


def test_create_from_an_action_page_then_assess_the_six_criteria(world):
    action = _own_action(world)
    client = world.client_for("editor")
    url = reverse("evaluations:evaluation-create") + f"?action={action.pk}"
    form = client.get(url).content.decode()
    assert "Evaluation of Youth exchange" in form
    assert f'value="{action.pk}"' in form
    response = client.post(
        url,
        {"action": action.pk, "title": "Mid-term review", "kind": "internal", "status": "planned"},
    )
    evaluation = Evaluation.objects.get()
    assert response.url == reverse("evaluations:evaluation-criteria", args=[evaluation.pk])
    criteria_url = response.url
    page = client.get(criteria_url).content.decode()
    assert page.count("<fieldset") == 6
    data = {"criteria-TOTAL_FORMS": "6", "criteria-INITIAL_FORMS": "6"}
    for index, criterion in enumerate(Criterion.values):
        data[f"criteria-{index}-criterion"] = criterion
        data[f"criteria-{index}-rating"] = str(index % 4 + 1)
        data[f"criteria-{index}-text"] = f"About {criterion}"
    response = client.post(criteria_url, data)
    assert response.status_code == 302
    assert CriterionAssessment.objects.filter(evaluation=evaluation).count() == 6
    detail = client.get(evaluation.get_absolute_url()).content.decode()
    # Ratings in words, not only colour.
    assert "1 of 4 · unsatisfactory" in detail
    assert "4 of 4 · highly satisfactory" in detail
    assert "6 of 6 criteria rated." in detail
    # Opened again, the form holds what was recorded.
    again = client.get(criteria_url).content.decode()
    assert all(f"About {criterion}" in again for criterion in Criterion.values)


def test_an_editor_cannot_create_for_another_departments_action(world):
    action = ActionFactory.create(government=world.government)
    client = world.client_for("editor")
    response = client.post(
        reverse("evaluations:evaluation-create"),
        {"action": action.pk, "title": "Not mine", "kind": "internal", "status": "planned"},
    )
    assert response.status_code == 200
    assert "your own departments" in response.content.decode()
    assert not Evaluation.objects.exists()


def test_create_from_a_strategy_and_of_another_government_is_404(world):
    strategy = _strategy(world.government, title="Estrategia 2024")
    client = world.client_for("coordinator")
    url = reverse("evaluations:evaluation-create") + f"?strategy={strategy.pk}"
    assert "Estrategia 2024" in client.get(url).content.decode()
    response = client.post(
        url,
        {"strategy": strategy.pk, "title": "Mid-term", "kind": "external", "status": "planned"},
    )
    assert response.status_code == 302
    assert Evaluation.objects.get().strategy == strategy
    foreign = _strategy(world.other_government)
    assert (
        client.get(f"{reverse('evaluations:evaluation-create')}?strategy={foreign.pk}").status_code
        == 404
    )
    response = client.post(
        reverse("evaluations:evaluation-create"),
        {"title": "Of nothing", "kind": "internal", "status": "planned"},
    )
    assert "Choose either an action or a strategy" in response.content.decode()


def test_respond_and_follow_up_through_the_web(world):
    evaluation = EvaluationFactory.create(government=world.government)
    client = world.client_for("coordinator")
    client.post(
        reverse("evaluations:recommendation-create", args=[evaluation.pk]),
        {"text": "Open the data"},
    )
    recommendation = Recommendation.objects.get()
    response = client.post(
        reverse("evaluations:recommendation-respond", args=[recommendation.pk]),
        {"response": "accepted"},
    )
    assert "Say what will be done" in response.content.decode()
    client.post(
        reverse("evaluations:recommendation-respond", args=[recommendation.pk]),
        {
            "response": "accepted",
            "response_text": "Agreed.",
            "planned_action": "Publish a CSV",
            "responsible": "Data team",
            "due_date": (TODAY - timedelta(days=1)).isoformat(),
        },
    )
    listing = client.get(reverse("evaluations:recommendation-list")).content.decode()
    assert "row--overdue" in listing
    assert "Open the data" in listing
    response = client.post(
        reverse("evaluations:recommendation-follow-up", args=[recommendation.pk]),
        {"follow_up_status": "done"},
    )
    assert "Give the date the follow-up was completed." in response.content.decode()
    client.post(
        reverse("evaluations:recommendation-follow-up", args=[recommendation.pk]),
        {"follow_up_status": "done", "completed_on": TODAY.isoformat()},
    )
    recommendation.refresh_from_db()
    assert recommendation.follow_up_status == "done"
    listing = client.get(reverse("evaluations:recommendation-list")).content.decode()
    assert "Open the data" not in listing


def test_list_filters(world):
    strategy = _strategy(world.government)
    EvaluationFactory.create(
        government=world.government, title="Of the action", start_date=date(2023, 3, 1)
    )
    EvaluationFactory.create(
        government=world.government,
        action=None,
        strategy=strategy,
        title="Of the strategy",
        kind="external",
        status="completed",
        completed_on=date(2025, 6, 1),
    )
    client = world.client_for("viewer")
    url = reverse("evaluations:evaluation-list")

    def titles(query):
        return [e.title for e in client.get(url, query).context["object_list"]]

    assert titles({"subject": "strategy"}) == ["Of the strategy"]
    assert titles({"subject": "action"}) == ["Of the action"]
    assert titles({"kind": "external"}) == ["Of the strategy"]
    assert titles({"status": "in_progress"}) == ["Of the action"]
    assert titles({"year": "2023"}) == ["Of the action"]
    assert titles({"year": "2025"}) == ["Of the strategy"]


def test_open_recommendation_counts_on_the_list(world):
    evaluation = EvaluationFactory.create(government=world.government)
    RecommendationFactory.create(evaluation=evaluation, due_date=TODAY - timedelta(days=1))
    RecommendationFactory.create(evaluation=evaluation)
    RecommendationFactory.create(evaluation=evaluation, response="rejected")
    response = world.client_for("viewer").get(reverse("evaluations:evaluation-list"))
    row = response.context["object_list"][0]
    assert (row.recommendation_count, row.open_count, row.overdue_count) == (3, 2, 1)
    assert "2 recommendations still open" in response.content.decode()


def test_subject_include_renders(world):
    from django.template.loader import render_to_string

    action = ActionFactory.create(government=world.government)
    EvaluationFactory.create(government=world.government, action=action, title="Final review")
    evaluations = Evaluation.objects.for_tenant(world.government).of_action(action).with_counts()
    html = render_to_string(
        "evaluations/includes/subject_evaluations.html", {"evaluations": evaluations}
    )
    assert "Final review" in html
    assert "Not evaluated yet." in render_to_string(
        "evaluations/includes/subject_evaluations.html", {"evaluations": []}
    )


# --- Query budgets ---------------------------------------------------------------------------


def test_evaluation_list_query_budget(world):
    client = world.client_for("coordinator")

    def add(n):
        for _ in range(n):
            evaluation = EvaluationFactory.create(government=world.government)
            RecommendationFactory.create(evaluation=evaluation)

    assert_constant_queries(client, reverse("evaluations:evaluation-list"), add, budget=14)


def test_recommendation_list_query_budget(world):
    client = world.client_for("editor")
    department = DepartmentFactory.create(government=world.government)

    def add(n):
        for _ in range(n):
            action = ActionFactory.create(government=world.government)
            action.departments.set([world.department, department])
            RecommendationFactory.create(
                evaluation=EvaluationFactory.create(government=world.government, action=action),
                department=department,
                due_date=TODAY,
            )

    assert_constant_queries(client, reverse("evaluations:recommendation-list"), add, budget=14)


def test_evaluation_detail_query_budget(world):
    evaluation = EvaluationFactory.create(government=world.government)
    client = world.client_for("editor")

    def add(n):
        for _ in range(n):
            RecommendationFactory.create(evaluation=evaluation, department=world.department)

    assert_constant_queries(client, evaluation.get_absolute_url(), add, budget=16)


def test_follow_up_counts_in_one_query(world, django_assert_num_queries):
    evaluation = EvaluationFactory.create(government=world.government)
    RecommendationFactory.create(evaluation=evaluation, due_date=TODAY - timedelta(days=2))
    RecommendationFactory.create(evaluation=evaluation, due_date=TODAY + timedelta(days=2))
    RecommendationFactory.create(evaluation=evaluation, follow_up_status="done", completed_on=TODAY)
    RecommendationFactory.create(
        evaluation=EvaluationFactory.create(government=world.other_government)
    )
    with django_assert_num_queries(1):
        counts = Recommendation.objects.for_tenant(world.government).follow_up_counts()
    assert counts == {"open": 2, "overdue": 1}
