"""The results framework's API: the permission matrix of indicators, periods, target revisions
and updates; the target revision and the update's approval path as actions, refused as the web
refuses with the services' messages; evidence and disaggregation; the audit channel; and the
lists' query budgets."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lazos.api.tests.helpers import (
    api_client,
    assert_api_matrix,
    assert_api_matrix_fresh,
    events_of,
)
from lazos.core.audit import Channel
from lazos.core.models import AuditEvent
from lazos.core.testing import TenantWorld, assert_constant_queries
from lazos.core.testing.builders import DepartmentFactory
from lazos.results.choices import UpdateStatus
from lazos.results.models import (
    Indicator,
    IndicatorPeriod,
    IndicatorUpdate,
    TargetRevision,
    UpdateDisaggregation,
)
from lazos.results.tests.factories import (
    make_indicator,
    make_objective,
    make_period,
    make_update,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
_years = itertools.count(1990)

READ = {
    "anonymous": 401,
    "stranger": 403,
    "administrator": 200,
    "coordinator": 200,
    "editor": 200,
    "viewer": 200,
}


def write(ok: int, *, outsider: int = 404, editor: int | None = None) -> dict[str, int]:
    """Department-owned objects: the editor of the object's department writes too."""
    return {
        "anonymous": 401,
        "stranger": 403,
        "outsider": outsider,
        "administrator": ok,
        "coordinator": ok,
        "editor": ok if editor is None else editor,
        "viewer": 403,
    }


def indicator(world: TenantWorld, **values: Any) -> Indicator:
    """An indicator of the editor's department."""
    values.setdefault("department", world.department)
    return make_indicator(world.government, **values)


def period(world: TenantWorld, **values: Any) -> IndicatorPeriod:
    return make_period(indicator(world, **values), year=next(_years))


def submitted(world: TenantWorld, reporter: str = "editor") -> IndicatorUpdate:
    return make_update(
        period(world), status=UpdateStatus.SUBMITTED, reported_by=world.users[reporter]
    )


# --- indicators --------------------------------------------------------------------------------


def test_indicator_matrix(world: TenantWorld) -> None:
    ours = indicator(world)
    responses = assert_api_matrix(world, "get", "/api/v1/indicators/", {**READ, "outsider": 200})
    assert [row["id"] for row in responses["viewer"].json()["results"]] == [ours.pk]
    assert responses["outsider"].json()["results"] == []
    responses = assert_api_matrix(
        world, "get", f"/api/v1/indicators/{ours.pk}/", {**READ, "outsider": 404}
    )
    assert responses["viewer"]["ETag"]
    objective = make_objective(world.government)
    responses = assert_api_matrix_fresh(
        world,
        "post",
        lambda: "/api/v1/indicators/",
        write(201, outsider=400),  # our objective and department are not theirs
        data_for=lambda: {
            "objective": objective.pk,
            "title": "People trained",
            "measure": "number",
            "department": world.department.pk,
            "disaggregations": ["Sex", "district", "sex"],
        },
    )
    created = Indicator.objects.get(pk=responses["editor"].json()["id"])
    assert created.disaggregations == ["sex", "district"]  # the service's normalisation
    assert events_of(created)[0].channel == Channel.API
    assert_api_matrix_fresh(
        world,
        "patch",
        lambda: f"/api/v1/indicators/{indicator(world).pk}/",
        write(200),
        data_for=lambda: {"unit": "people"},
    )
    assert_api_matrix_fresh(
        world, "delete", lambda: f"/api/v1/indicators/{indicator(world).pk}/", write(204)
    )


def test_an_editor_writes_only_their_departments_indicators(world: TenantWorld) -> None:
    elsewhere = DepartmentFactory.create(government=world.government, name="w Economy")
    theirs = indicator(world, department=elsewhere)
    editor = api_client(world, "editor")
    response = editor.patch(f"/api/v1/indicators/{theirs.pk}/", {"unit": "x"}, format="json")
    assert response.status_code == 403
    response = editor.post(
        "/api/v1/indicator-periods/",
        {"indicator": theirs.pk, "start": "2024-01-01", "end": "2024-12-31"},
        format="json",
    )
    assert response.status_code == 403
    assert "your own departments" in response.json()["detail"]
    assert not IndicatorPeriod.objects.filter(indicator=theirs).exists()


def test_the_indicator_filterset_is_the_html_lists(world: TenantWorld) -> None:
    due = period(world).indicator  # a period started long ago, no update: due
    fresh = indicator(world)  # no period: not due
    rows = api_client(world, "viewer").get("/api/v1/indicators/?update_due=true").json()
    assert [row["id"] for row in rows["results"]] == [due.pk]
    rows = api_client(world, "viewer").get("/api/v1/indicators/").json()["results"]
    assert {row["id"]: row["update_due"] for row in rows} == {due.pk: True, fresh.pk: False}


# --- periods and targets -----------------------------------------------------------------------


def test_period_matrix_and_the_target_changes_only_by_revision(world: TenantWorld) -> None:
    ours = period(world)
    assert_api_matrix(world, "get", "/api/v1/indicator-periods/", {**READ, "outsider": 200})
    assert_api_matrix(
        world, "get", f"/api/v1/indicator-periods/{ours.pk}/", {**READ, "outsider": 404}
    )
    assert_api_matrix_fresh(
        world,
        "post",
        lambda: "/api/v1/indicator-periods/",
        write(201, outsider=400),
        data_for=lambda: {
            "indicator": indicator(world).pk,
            "start": "2025-01-01",
            "end": "2025-12-31",
            "target_value": "50",
        },
    )
    assert_api_matrix_fresh(
        world,
        "patch",
        lambda: f"/api/v1/indicator-periods/{period(world).pk}/",
        write(200),
        data_for=lambda: {"target_comment": "Agreed with the council"},
    )
    assert_api_matrix_fresh(
        world, "delete", lambda: f"/api/v1/indicator-periods/{period(world).pk}/", write(204)
    )
    refused = api_client(world, "coordinator").patch(
        f"/api/v1/indicator-periods/{ours.pk}/", {"target_value": "7"}, format="json"
    )
    assert refused.status_code == 400
    assert refused.json() == {"target_value": ["Change a target by revising it, with the reason."]}


def test_revise_target_per_role_and_its_revisions(world: TenantWorld) -> None:
    responses = assert_api_matrix_fresh(
        world,
        "post",
        lambda: f"/api/v1/indicator-periods/{period(world).pk}/revise-target/",
        write(200),
        data_for=lambda: {"new_value": "120", "reason": "Extra funding"},
    )
    body = responses["editor"].json()
    assert Decimal(body["target_value"]) == Decimal("120")
    revision = TargetRevision.objects.get(period_id=body["id"])
    assert (revision.previous_value, revision.new_value, revision.reason) == (
        Decimal(100),
        Decimal(120),
        "Extra funding",
    )
    assert revision.revised_by == world.users["editor"]
    assert events_of(revision)[0].channel == Channel.API
    assert events_of(revision.period)[-1].channel == Channel.API
    responses = assert_api_matrix(
        world,
        "get",
        f"/api/v1/target-revisions/?period={revision.period_id}",
        {**READ, "outsider": 200},
    )
    assert [row["id"] for row in responses["viewer"].json()["results"]] == [revision.pk]
    assert responses["outsider"].json()["results"] == []
    assert_api_matrix(
        world, "get", f"/api/v1/target-revisions/{revision.pk}/", {**READ, "outsider": 404}
    )
    client = api_client(world, "administrator")
    client.validate = False  # no DELETE in the schema: revisions are the target's history
    denied = client.delete(f"/api/v1/target-revisions/{revision.pk}/")
    assert denied.status_code == 405


def test_revise_target_refuses_with_the_services_messages(world: TenantWorld) -> None:
    target = period(world)
    client = api_client(world, "coordinator")
    url = f"/api/v1/indicator-periods/{target.pk}/revise-target/"
    response = client.post(url, {"new_value": "100", "reason": "Same"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"new_value": ["The new target is the same as the current one."]}
    response = client.post(url, {"new_value": "5", "reason": "  "}, format="json")
    assert response.status_code == 400
    assert not TargetRevision.objects.exists()
    etag = client.get(f"/api/v1/indicator-periods/{target.pk}/")["ETag"]
    client.patch(f"/api/v1/indicator-periods/{target.pk}/", {"target_comment": "x"}, format="json")
    stale = client.post(url, {"new_value": "5", "reason": "Why"}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert not TargetRevision.objects.exists()


# --- updates -----------------------------------------------------------------------------------


def test_update_matrix_with_disaggregation(world: TenantWorld) -> None:
    ours = make_update(period(world))
    assert_api_matrix(world, "get", "/api/v1/indicator-updates/", {**READ, "outsider": 200})
    assert_api_matrix(
        world, "get", f"/api/v1/indicator-updates/{ours.pk}/", {**READ, "outsider": 404}
    )
    responses = assert_api_matrix_fresh(
        world,
        "post",
        lambda: "/api/v1/indicator-updates/",
        write(201, outsider=400),
        data_for=lambda: {
            "period": period(world, disaggregations=["sex"]).pk,
            "value": "30",
            "narrative": "Three workshops",
            "disaggregations": [
                {"dimension": "sex", "category": "female", "value": "18"},
                {"dimension": "sex", "category": "male", "value": "12"},
            ],
        },
    )
    body = responses["editor"].json()
    assert body["status"] == "draft"
    assert body["reported_by"] == world.users["editor"].pk
    assert {(row["category"], Decimal(row["value"])) for row in body["disaggregations"]} == {
        ("female", Decimal(18)),
        ("male", Decimal(12)),
    }
    update = IndicatorUpdate.objects.get(pk=body["id"])
    assert update.disaggregations.count() == 2
    assert events_of(update)[0].channel == Channel.API
    assert_api_matrix_fresh(
        world,
        "patch",
        lambda: f"/api/v1/indicator-updates/{make_update(period(world)).pk}/",
        write(200),
        data_for=lambda: {"narrative": "Corrected"},
    )
    assert_api_matrix_fresh(
        world,
        "delete",
        lambda: f"/api/v1/indicator-updates/{make_update(period(world)).pk}/",
        write(204),
    )


def test_update_refusals_are_the_services(world: TenantWorld) -> None:
    client = api_client(world, "coordinator")
    target = period(world, disaggregations=["sex"])
    before = IndicatorUpdate.objects.count()
    response = client.post(
        "/api/v1/indicator-updates/",
        {
            "period": target.pk,
            "value": "3",
            "disaggregations": [{"dimension": "sex", "category": "robot", "value": "3"}],
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["non_field_errors"] == [
        "“robot” is not a category of “sex”: use female, male, other."
    ]
    response = client.post("/api/v1/indicator-updates/", {"period": target.pk}, format="json")
    assert response.json() == {"value": ["Enter the value reached."]}
    assert IndicatorUpdate.objects.count() == before
    frozen = submitted(world)
    url = f"/api/v1/indicator-updates/{frozen.pk}/"
    response = client.patch(url, {"narrative": "Late"}, format="json")
    assert response.status_code == 400
    assert response.json()["non_field_errors"] == [
        "Only a draft or a returned update can be edited; this one is submitted."
    ]
    response = client.delete(url)
    assert response.status_code == 400
    assert response.json()["non_field_errors"] == [
        "Only a draft or a returned update can be deleted."
    ]
    response = client.patch(url, {"status": "approved"}, format="json")
    frozen.refresh_from_db()
    assert frozen.status == UpdateStatus.SUBMITTED  # the status is not a field to write


def test_submit_per_role(world: TenantWorld) -> None:
    responses = assert_api_matrix_fresh(
        world,
        "post",
        lambda: f"/api/v1/indicator-updates/{make_update(period(world)).pk}/submit/",
        write(200),
    )
    body = responses["editor"].json()
    assert body["status"] == "submitted"
    assert body["submitted_at"]
    event = events_of(IndicatorUpdate.objects.get(pk=body["id"]))[-1]
    assert (event.channel, event.note) == (Channel.API, "Submitted for review")
    again = api_client(world, "editor").post(f"/api/v1/indicator-updates/{body['id']}/submit/")
    assert again.status_code == 400
    assert again.json()["non_field_errors"] == [
        "Only a draft or a returned update can be submitted; this one is submitted."
    ]


def test_approve_per_role_with_the_services_messages(world: TenantWorld) -> None:
    responses = assert_api_matrix_fresh(
        world,
        "post",
        lambda: f"/api/v1/indicator-updates/{submitted(world).pk}/approve/",
        write(200, editor=403),
    )
    assert responses["editor"].json() == {
        "detail": "Only administrators and coordinators review indicator updates."
    }
    body = responses["coordinator"].json()
    assert (body["status"], body["reviewed_by"]) == ("approved", world.users["coordinator"].pk)
    assert body["can_review"] is False
    event = events_of(IndicatorUpdate.objects.get(pk=body["id"]))[-1]
    assert (event.channel, event.note) == (Channel.API, "Approved")
    # A coordinator does not review what they reported; an administrator does.
    own = submitted(world, reporter="coordinator")
    url = f"/api/v1/indicator-updates/{own.pk}/"
    assert api_client(world, "coordinator").get(url).json()["can_review"] is False
    assert api_client(world, "administrator").get(url).json()["can_review"] is True
    assert api_client(world, "editor").get(url).json()["can_review"] is False
    response = api_client(world, "coordinator").post(f"/api/v1/indicator-updates/{own.pk}/approve/")
    assert response.status_code == 403
    assert response.json()["detail"] == (
        "A coordinator cannot review an update they reported: ask another coordinator or an "
        "administrator."
    )
    mine = submitted(world, reporter="administrator")
    response = api_client(world, "administrator").post(
        f"/api/v1/indicator-updates/{mine.pk}/approve/"
    )
    assert response.status_code == 200
    # Only a submitted update is reviewed.
    draft = make_update(period(world))
    response = api_client(world, "administrator").post(
        f"/api/v1/indicator-updates/{draft.pk}/approve/"
    )
    assert response.status_code == 400
    assert response.json()["non_field_errors"] == [
        "Only a submitted update can be reviewed; this one is draft."
    ]


def test_return_then_correct_and_submit_again(world: TenantWorld) -> None:
    responses = assert_api_matrix_fresh(
        world,
        "post",
        lambda: f"/api/v1/indicator-updates/{submitted(world).pk}/return/",
        write(200, editor=403),
        data_for=lambda: {"reason": "Attach the attendance lists"},
    )
    body = responses["administrator"].json()
    assert (body["status"], body["return_reason"]) == ("returned", "Attach the attendance lists")
    update = IndicatorUpdate.objects.get(pk=body["id"])
    assert events_of(update)[-1].note == "Returned: Attach the attendance lists"
    refused = api_client(world, "coordinator").post(
        f"/api/v1/indicator-updates/{submitted(world).pk}/return/", {"reason": ""}, format="json"
    )
    assert refused.status_code == 400
    assert refused.json() == {"return_reason": ["Say why the update is returned."]}
    # The reporter corrects it (with evidence) and submits it again.
    editor = api_client(world, "editor")
    url = f"/api/v1/indicator-updates/{update.pk}/"
    assert editor.patch(url, {"value": "12"}, format="json").status_code == 200
    upload = editor.post(
        f"{url}evidence/",
        {"evidence": SimpleUploadedFile("lists.pdf", PDF, content_type="application/pdf")},
        format="multipart",
    )
    assert upload.status_code == 200, upload.content
    assert upload.json()["evidence_name"] == "lists.pdf"
    assert upload.json()["evidence_url"] == f"{url}evidence/"
    response = editor.post(f"{url}submit/")
    assert response.status_code == 200
    assert response.json()["status"] == "submitted"
    assert events_of(update)[-1].note == "Submitted again for review"


def test_evidence_download_and_refused_files(world: TenantWorld) -> None:
    update = make_update(period(world))
    url = f"/api/v1/indicator-updates/{update.pk}/evidence/"
    viewer = api_client(world, "viewer")
    assert viewer.get(url).status_code == 404  # no evidence yet
    assert viewer.post(url, {"evidence": SimpleUploadedFile("a.pdf", PDF)}).status_code == 403
    coordinator = api_client(world, "coordinator")
    fake = coordinator.post(
        url, {"evidence": SimpleUploadedFile("fake.pdf", b"hello")}, format="multipart"
    )
    assert fake.status_code == 400
    assert "does not look like a .pdf file" in fake.json()["non_field_errors"][0]
    update.refresh_from_db()
    assert not update.evidence
    ok = coordinator.post(
        url, {"evidence": SimpleUploadedFile("proof.pdf", PDF)}, format="multipart"
    )
    assert ok.status_code == 200
    download = viewer.get(url)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == PDF
    assert api_client(world, "outsider").get(url).status_code == 404


def test_another_governments_update_is_a_404_for_every_action(world: TenantWorld) -> None:
    theirs = make_update(
        make_period(make_indicator(world.other_government)), status=UpdateStatus.SUBMITTED
    )
    client = api_client(world, "administrator")
    before = AuditEvent.objects.count()
    for suffix in ("submit/", "approve/", "return/", "evidence/"):
        assert client.post(f"/api/v1/indicator-updates/{theirs.pk}/{suffix}").status_code == 404
    assert client.get(f"/api/v1/indicator-updates/{theirs.pk}/").status_code == 404
    other_period = theirs.period
    response = client.post(
        f"/api/v1/indicator-periods/{other_period.pk}/revise-target/",
        {"new_value": "1", "reason": "x"},
        format="json",
    )
    assert response.status_code == 404
    assert AuditEvent.objects.count() == before
    theirs.refresh_from_db()
    assert theirs.status == UpdateStatus.SUBMITTED


# --- query budgets ------------------------------------------------------------------------------

Adder = Callable[[int], None]


def adders(world: TenantWorld) -> dict[str, Adder]:
    government = world.government
    objective = make_objective(government)
    parent = indicator(world, objective=objective)
    target = make_period(parent, year=2020)
    reporter = world.users["editor"]

    def indicators(n: int) -> None:
        Indicator.objects.bulk_create(
            Indicator(government=government, objective=objective, title=f"I{i}", measure="number")
            for i in range(n)
        )

    def periods(n: int) -> None:
        first = date(next(_years) + 100, 1, 1).toordinal()  # one-day periods, never overlapping
        IndicatorPeriod.objects.bulk_create(
            IndicatorPeriod(
                government=government,
                indicator=parent,
                start=date.fromordinal(first + i),
                end=date.fromordinal(first + i),
            )
            for i in range(n)
        )

    def revisions(n: int) -> None:
        TargetRevision.objects.bulk_create(
            TargetRevision(government=government, period=target, reason="r", revised_by=reporter)
            for _ in range(n)
        )

    def updates(n: int) -> None:
        rows = IndicatorUpdate.objects.bulk_create(
            IndicatorUpdate(government=government, period=target, value=1, reported_by=reporter)
            for _ in range(n)
        )
        UpdateDisaggregation.objects.bulk_create(
            UpdateDisaggregation(
                government=government, update=row, dimension="sex", category="female", value=1
            )
            for row in rows
        )

    return {
        "indicators": indicators,
        "indicator-periods": periods,
        "target-revisions": revisions,
        "indicator-updates": updates,
    }


@pytest.mark.parametrize(
    ("path", "budget"),
    [
        ("indicators", 6),
        ("indicator-periods", 5),
        ("target-revisions", 5),
        ("indicator-updates", 6),
    ],
)
def test_list_queries_do_not_grow(world: TenantWorld, path: str, budget: int) -> None:
    client = api_client(world, "viewer")
    url = f"/api/v1/{path}/?page_size=100"
    client.get(url)  # the token's first use is recorded once: not part of the budget
    assert_constant_queries(client, url, adders(world)[path], budget=budget, few=3, many=40)
    assert client.get(url).json()["count"] >= 40


def test_a_stale_if_match_refuses_the_workflow_actions(world: TenantWorld) -> None:
    update = make_update(period(world))
    client = api_client(world, "coordinator")
    url = f"/api/v1/indicator-updates/{update.pk}/"
    etag = client.get(url)["ETag"]
    assert client.patch(url, {"narrative": "Now"}, format="json").status_code == 200
    assert client.post(f"{url}submit/", HTTP_IF_MATCH=etag).status_code == 412
    update.refresh_from_db()
    assert update.status == UpdateStatus.DRAFT
    fresh = client.get(url)["ETag"]
    assert client.post(f"{url}submit/", HTTP_IF_MATCH=fresh).status_code == 200
    reviewer = api_client(world, "administrator")
    assert reviewer.post(f"{url}approve/", HTTP_IF_MATCH=fresh).status_code == 412
    update.refresh_from_db()
    assert update.status == UpdateStatus.SUBMITTED


def test_a_read_only_token_takes_no_workflow_action(world: TenantWorld) -> None:
    update = submitted(world, reporter="editor")
    client = api_client(world, "administrator", read_only=True)
    url = f"/api/v1/indicator-updates/{update.pk}/"
    assert client.get(url).status_code == 200
    for suffix in ("approve/", "return/", "submit/"):
        response = client.post(f"{url}{suffix}", {"reason": "x"}, format="json")
        assert response.status_code == 403
        assert response.json()["detail"] == "This token is read-only."
    update.refresh_from_db()
    assert update.status == UpdateStatus.SUBMITTED


def test_progress_of_an_indicator(world: TenantWorld) -> None:
    target = period(world, baseline_value=Decimal(0))
    make_update(target, value=Decimal(40), status=UpdateStatus.APPROVED)
    make_update(target, value=Decimal(90), status=UpdateStatus.SUBMITTED)  # not yet counted
    url = f"/api/v1/indicators/{target.indicator_id}/progress/"
    responses = assert_api_matrix(world, "get", url, {**READ, "outsider": 404})
    [row] = responses["viewer"].json()["periods"]
    assert row["period"] == target.pk
    assert (Decimal(row["target_value"]), Decimal(row["actual_value"])) == (
        Decimal(100),
        Decimal(40),
    )
    assert row["percent_reached"] == 40
