"""Pages of the results framework: permission matrix, the approval path through the web,
evidence download, filters, includes on objective and action pages, query budgets."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, RequestContext, Template
from django.test import RequestFactory
from django.urls import reverse

from lazos.core.models import AuditEvent
from lazos.core.testing import assert_constant_queries, assert_permission_matrix
from lazos.governments.models import Membership
from lazos.results import services
from lazos.results.choices import Measure, RollupRule, UpdateStatus
from lazos.results.models import Indicator, IndicatorPeriod, IndicatorUpdate, TargetRevision
from lazos.results.tests.factories import (
    make_action,
    make_indicator,
    make_objective,
    make_period,
    make_update,
)

pytestmark = pytest.mark.django_db

EVERYONE_IN = {"administrator": 200, "coordinator": 200, "editor": 200, "viewer": 200}
CHANGERS = {"administrator": 200, "coordinator": 200, "editor": 403, "viewer": 403}
DEPARTMENT = {"administrator": 200, "coordinator": 200, "editor": 200, "viewer": 403}
ANON = {"anonymous": 302, "stranger": 403}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("results:indicator-list", EVERYONE_IN),
        ("results:indicator-create", DEPARTMENT),
        ("results:review-queue", CHANGERS),
    ],
)
def test_list_and_create_matrix(world, name, expected):
    assert_permission_matrix(world, reverse(name), {**ANON, "outsider": 200, **expected})


@pytest.mark.parametrize("owned", [False, True])
@pytest.mark.parametrize(
    ("name", "kind", "changes"),
    [
        ("results:indicator-detail", "indicator", False),
        ("results:indicator-history", "indicator", False),
        ("results:indicator-edit", "indicator", True),
        ("results:indicator-delete", "indicator", True),
        ("results:period-create", "indicator", True),
        ("results:period-edit", "period", True),
        ("results:period-delete", "period", True),
        ("results:target-revise", "period", True),
        ("results:update-create", "period", True),
        ("results:update-detail", "update", False),
        ("results:update-history", "update", False),
        ("results:update-edit", "update", True),
        ("results:update-submit", "update", True),
        ("results:update-delete", "update", True),
    ],
)
def test_object_pages_matrix(world, name, kind, changes, owned):
    """Editors change indicators of their departments only; viewers only read."""
    indicator = make_indicator(world.government, department=world.department if owned else None)
    period = make_period(indicator)
    update = make_update(period, status=UpdateStatus.RETURNED)
    obj = {"indicator": indicator, "period": period, "update": update}[kind]
    expected = dict(EVERYONE_IN)
    if changes:
        expected = {**DEPARTMENT, "editor": 200 if owned else 403}
    assert_permission_matrix(
        world, reverse(name, args=[obj.pk]), {**ANON, "outsider": 404, **expected}
    )


def test_review_and_evidence_matrix(world):
    indicator = make_indicator(world.government, department=world.department)
    update = make_update(
        make_period(indicator),
        status=UpdateStatus.SUBMITTED,
        reported_by=world.users["editor"],
        evidence=SimpleUploadedFile("proof.pdf", PDF),
        evidence_name="proof.pdf",
    )
    assert_permission_matrix(
        world,
        reverse("results:update-review", args=[update.pk]),
        {**ANON, "outsider": 404, **CHANGERS},
    )
    # Evidence: every member of the government, nobody else (it is never public).
    assert_permission_matrix(
        world,
        reverse("results:update-evidence", args=[update.pk]),
        {**ANON, "outsider": 404, **EVERYONE_IN},
    )
    response = world.client_for("viewer").get(reverse("results:update-evidence", args=[update.pk]))
    assert b"".join(response.streaming_content) == PDF
    assert "proof.pdf" in response["Content-Disposition"]
    # A coordinator does not review what they reported.
    update.reported_by = world.users["coordinator"]
    update.save()
    response = world.client_for("coordinator").get(
        reverse("results:update-review", args=[update.pk])
    )
    assert response.status_code == 403


def test_indicator_created_on_an_objective_and_on_an_action(world):
    client = world.client_for("coordinator")
    objective = make_objective(world.government, title="Green city")
    form = client.get(reverse("results:indicator-create"), {"objective": objective.pk})
    assert form.context["form"].initial["objective"] == objective.pk
    response = client.post(
        reverse("results:indicator-create"),
        {
            "objective": objective.pk,
            "title": "Tonnes of waste recycled",
            "result_type": "2",
            "measure": "number",
            "unit": "tonnes",
            "rollup_rule": "sum",
            "ascending": "on",
            "baseline_value": "120",
            "baseline_year": "2023",
            "standard_dimensions": ["sex"],
            "custom_dimensions": "district, District",
            "update_every_months": "12",
            "is_public": "on",
            "position": "0",
        },
    )
    indicator = Indicator.objects.get(title="Tonnes of waste recycled")
    assert response.url == indicator.get_absolute_url()
    assert indicator.disaggregations == ["sex", "district"]
    action = make_action(world.government, title="Recycling exchange")
    page = client.get(reverse("results:indicator-create"), {"action": action.pk})
    assert page.context["form"].initial["action"] == action.pk
    response = client.post(
        reverse("results:indicator-create"),
        {
            "action": action.pk,
            "objective": objective.pk,
            "title": "Both",
            "result_type": "2",
            "measure": "number",
            "rollup_rule": "none",
            "update_every_months": "12",
            "position": "0",
        },
    )
    assert "Choose either an objective or an action." in response.content.decode()
    response = client.post(
        reverse("results:indicator-create"),
        {
            "action": action.pk,
            "title": "Tonnes recycled by the exchange",
            "result_type": "1",
            "measure": "number",
            "rollup_rule": "none",
            "contributes_to": indicator.pk,
            "update_every_months": "6",
            "position": "0",
            "ascending": "on",
        },
    )
    contributor = Indicator.objects.get(title="Tonnes recycled by the exchange")
    assert contributor.contributes_to == indicator
    page = client.get(indicator.get_absolute_url()).content.decode()
    assert "Tonnes recycled by the exchange" in page
    assert "sum of the linked indicators" in page


def test_period_target_revision_and_update_path_through_the_web(world):
    coordinator = world.client_for("coordinator")
    administrator = world.client_for("administrator")
    indicator = make_indicator(
        world.government, measure=Measure.NUMBER, disaggregations=["sex", "district"]
    )
    response = coordinator.post(
        reverse("results:period-create", args=[indicator.pk]),
        {"start": "2025-01-01", "end": "2025-12-31", "target_value": "80"},
    )
    period = IndicatorPeriod.objects.get(indicator=indicator)
    assert response.url == indicator.get_absolute_url()
    # The period form cannot change the target (the field is disabled).
    coordinator.post(
        reverse("results:period-edit", args=[period.pk]),
        {"start": "2025-01-01", "end": "2025-12-31", "target_value": "999", "target_comment": "x"},
    )
    period.refresh_from_db()
    assert (period.target_value, period.target_comment) == (Decimal(80), "x")
    response = coordinator.post(
        reverse("results:target-revise", args=[period.pk]), {"new_value": "90", "reason": ""}
    )
    assert "This field is required." in response.content.decode()
    coordinator.post(
        reverse("results:target-revise", args=[period.pk]),
        {"new_value": "90", "reason": "More schools joined."},
    )
    period.refresh_from_db()
    assert period.target_value == Decimal(90)
    assert TargetRevision.objects.get().reason == "More schools joined."

    response = coordinator.post(
        reverse("results:update-create", args=[period.pk]),
        {
            "value": "60",
            "narrative": "Attendance lists of 12 workshops.",
            "evidence": SimpleUploadedFile("lists.pdf", PDF, content_type="application/pdf"),
            "dis__sex__female": "35",
            "dis__sex__male": "25",
            "custom__district": "North: 40\nSouth: 20",
            "submit": "1",
        },
    )
    update = IndicatorUpdate.objects.get()
    assert response.url == update.get_absolute_url()
    assert update.status == UpdateStatus.SUBMITTED
    assert update.disaggregations.count() == 4

    bad = coordinator.post(
        reverse("results:update-create", args=[period.pk]),
        {"value": "1", "custom__district": "no colon here"},
    )
    assert "Write each line as “category: value”" in bad.content.decode()
    bad = coordinator.post(
        reverse("results:update-create", args=[period.pk]),
        {"value": "1", "evidence": SimpleUploadedFile("fake.pdf", b"hello")},
    )
    assert "does not look like a .pdf file" in bad.content.decode()
    assert IndicatorUpdate.objects.count() == 1

    queue = administrator.get(reverse("results:review-queue")).content.decode()
    assert reverse("results:update-review", args=[update.pk]) in queue
    response = administrator.post(
        reverse("results:update-review", args=[update.pk]), {"decision": "return", "reason": ""}
    )
    assert "Say why the update is returned." in response.content.decode()
    administrator.post(
        reverse("results:update-review", args=[update.pk]),
        {"decision": "return", "reason": "The South figure is missing a list."},
    )
    update.refresh_from_db()
    assert update.status == UpdateStatus.RETURNED
    page = coordinator.get(update.get_absolute_url()).content.decode()
    assert "The South figure is missing a list." in page
    coordinator.post(
        reverse("results:update-edit", args=[update.pk]),
        {
            "value": "62",
            "dis__sex__female": "36",
            "dis__sex__male": "26",
            "custom__district": "North: 40\nSouth: 22",
            "submit": "1",
        },
    )
    update.refresh_from_db()
    assert update.status == UpdateStatus.SUBMITTED
    assert update.evidence_name == "lists.pdf"  # kept when no new file is given
    administrator.post(reverse("results:update-review", args=[update.pk]), {"decision": "approve"})
    update.refresh_from_db()
    assert update.status == UpdateStatus.APPROVED
    assert coordinator.get(reverse("results:update-edit", args=[update.pk])).status_code == 403

    history = coordinator.get(reverse("results:update-history", args=[update.pk])).content.decode()
    for text in (
        "Recorded as a draft",
        "Submitted for review",
        "Returned: The South figure is missing a list.",
        "Edited",
        "Submitted again for review",
        "Approved",
        "w-coordinator",
        "w-administrator",
    ):
        assert text in history, text
    assert AuditEvent.objects.for_object(update).count() == 6
    detail = coordinator.get(indicator.get_absolute_url()).content.decode()
    assert "More schools joined." in detail
    assert "62" in detail


def test_list_filters(world):
    government = world.government
    objective = make_objective(government)
    on_objective = make_indicator(
        government, objective=objective, title="Alpha", measure=Measure.PERCENTAGE
    )
    make_period(on_objective, 2024)  # started, never reported: due
    on_action = make_indicator(
        government,
        action=make_action(government),
        title="Beta",
        department=world.department,
    )
    make_update(make_period(on_action, 2026, start=date(2026, 1, 1)), status="approved")
    make_indicator(world.other_government, title="Foreign")
    client = world.client_for("viewer")
    url = reverse("results:indicator-list")

    def titles(**params):
        return [i.title for i in client.get(url, params).context["object_list"]]

    assert titles() == ["Alpha", "Beta"]
    assert titles(on="objectives") == ["Alpha"]
    assert titles(on="actions") == ["Beta"]
    assert titles(objective=objective.pk) == ["Alpha"]
    assert titles(measure="percentage") == ["Alpha"]
    assert titles(department=world.department.pk) == ["Beta"]
    assert titles(update_due="true") == ["Alpha"]
    assert titles(update_due="false") == ["Beta"]
    assert "update due" in client.get(url).content.decode()
    response = client.get(url, {"export": "csv"})
    assert "Alpha" in response.content.decode("utf-8-sig")


def _render(template, **context):
    request = RequestFactory().get("/")
    request.membership = context.pop("membership", None)  # type: ignore[attr-defined]
    return Template(template).render(RequestContext(request, context))


def test_objective_include_shows_the_progress_chart_with_rolled_up_values(world):
    objective = make_objective(world.government, title="Circular economy")
    indicator = make_indicator(
        world.government,
        objective=objective,
        title="Tonnes recycled",
        rollup_rule=RollupRule.SUM,
    )
    make_period(indicator, 2024, target_value=Decimal(100))
    contributor = make_indicator(
        world.government, action=make_action(world.government), contributes_to=indicator
    )
    make_update(make_period(contributor, 2024), value=Decimal(37), status=UpdateStatus.APPROVED)
    membership = Membership.objects.get(user=world.users["editor"])
    html = _render(
        '{% include "results/includes/objective_indicators.html" %}',
        objective=objective,
        membership=membership,
    )
    assert "Tonnes recycled" in html
    assert "<svg" in html
    assert "<td>37</td>" in html  # the chart's data table: the rolled-up actual
    assert f"?objective={objective.pk}" in html  # editors may add indicators


def test_action_page_lists_its_indicators(world):
    action = make_action(world.government, title="Youth exchange")
    indicator = make_indicator(
        world.government, action=action, title="Young people hosted", measure=Measure.NUMBER
    )
    make_update(make_period(indicator, 2024), value=Decimal(12), status=UpdateStatus.APPROVED)
    page = world.client_for("viewer").get(action.get_absolute_url()).content.decode()
    assert "Young people hosted" in page
    assert f"?action={action.pk}" not in page  # viewers do not add indicators
    page = world.client_for("coordinator").get(action.get_absolute_url()).content.decode()
    assert f"?action={action.pk}" in page


def test_qualitative_indicator_page_shows_levels(world):
    indicator = make_indicator(
        world.government,
        title="Gender mainstreaming",
        measure=Measure.QUALITATIVE,
        rubric="absent\nemerging\nestablished",
    )
    period = make_period(indicator, target_value=None, target_comment="established")
    make_update(period, value=None, qualitative_value="emerging", status=UpdateStatus.APPROVED)
    client = world.client_for("coordinator")
    page = client.get(indicator.get_absolute_url()).content.decode()
    assert "emerging" in page
    assert "established" in page
    form = client.get(reverse("results:update-create", args=[period.pk])).content.decode()
    assert '<option value="emerging">' in form


def test_list_queries(world):
    """Indicators of objectives, and of actions rolling up to an objective's indicator: the
    actions and the indicators rolled up to are read once for the page, not once per row."""
    government = world.government
    objective = make_objective(government)
    parent = make_indicator(government, rollup_rule=RollupRule.SUM)

    def add_rows(n):
        indicators = Indicator.objects.bulk_create(
            Indicator(government=government, objective=objective, title=f"I{i}", measure="number")
            if i % 2
            else Indicator(
                government=government,
                action=make_action(government),
                contributes_to=parent,
                title=f"A{i}",
                measure="number",
            )
            for i in range(n)
        )
        IndicatorPeriod.objects.bulk_create(
            IndicatorPeriod(
                government=government,
                indicator=indicator,
                start=date(2024, 1, 1),
                end=date(2024, 12, 31),
            )
            for indicator in indicators
        )

    client = world.client_for("viewer")
    assert_constant_queries(
        client, reverse("results:indicator-list"), add_rows, budget=12, few=5, many=60
    )


def test_detail_queries(world):
    government = world.government
    indicator = make_indicator(government, rollup_rule=RollupRule.SUM)
    period = make_period(indicator, 2024)

    def add_rows(n):
        for _ in range(n):
            contributor = make_indicator(
                government, action=make_action(government), contributes_to=indicator
            )
            their = make_period(contributor, 2024)
            make_update(their, status=UpdateStatus.APPROVED)
            make_update(period, status=UpdateStatus.DRAFT, reported_by=world.users["editor"])
            services.revise_target(
                period,
                acting_user=world.users["coordinator"],
                new_value=(period.target_value or 0) + 1,
                reason="growth",
            )

    client = world.client_for("coordinator")
    assert_constant_queries(
        client, indicator.get_absolute_url(), add_rows, budget=16, few=2, many=8
    )


def test_review_queue_queries(world):
    government = world.government

    def add_rows(n):
        for _ in range(n):
            indicator = make_indicator(
                government, action=make_action(government), department=world.department
            )
            make_update(
                make_period(indicator),
                status=UpdateStatus.SUBMITTED,
                reported_by=world.users["editor"],
            )

    client = world.client_for("coordinator")
    assert_constant_queries(
        client, reverse("results:review-queue"), add_rows, budget=10, few=2, many=12
    )


def test_update_detail_queries(world):
    indicator = make_indicator(world.government, disaggregations=["district"])
    update = make_update(make_period(indicator), status=UpdateStatus.SUBMITTED)

    def add_rows(n):
        start = update.disaggregations.count()
        for i in range(n):
            update.disaggregations.create(
                government=world.government,
                dimension="district",
                category=f"D{start + i}",
                value=1,
            )

    client = world.client_for("administrator")
    assert_constant_queries(client, update.get_absolute_url(), add_rows, budget=10, few=2, many=12)


def test_template_filter_formats_numbers():
    html = Template("{% load results %}{{ v|result_number }} {{ p|result_number:'percentage' }}")
    assert html.render(Context({"v": Decimal("12.5000"), "p": Decimal("40")})) == "12.5 40 %"
