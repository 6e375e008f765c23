"""Dashboard pages: who may see them, what they count, query budgets and tenant isolation."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from lxml import html

from lazos.actions.choices import Modality
from lazos.actions.models import Action, BudgetLine
from lazos.agreements.choices import AgreementStatus
from lazos.agreements.models import Agreement
from lazos.core.testing.matrix import assert_permission_matrix, build_world
from lazos.core.testing.queries import assert_constant_queries
from lazos.dashboards.figures import Filters, activity_charts, agreement_charts, budget_charts
from lazos.dashboards.regions import _MEMBERS, REGION_OF
from lazos.dashboards.tests.factories import populate
from lazos.results.tests.factories import make_objective, make_strategy

pytestmark = pytest.mark.django_db

SECTIONS = ("activity", "budget", "agreements", "results", "map")


def test_regions_cover_each_country_once():
    codes = [c for members in _MEMBERS.values() for c in members.split()]
    assert len(codes) == len(set(codes))
    assert REGION_OF["MX"] == "419"
    assert REGION_OF["FR"] == "150"
    assert REGION_OF["US"] == "021"


@pytest.mark.parametrize("section", SECTIONS)
def test_every_member_may_view(section):
    world = build_world()
    url = reverse(f"dashboards:{section}")
    assert_permission_matrix(
        world,
        url,
        {
            "anonymous": 302,
            "stranger": 403,
            "outsider": 200,  # sees their own government's dashboards
            "administrator": 200,
            "coordinator": 200,
            "editor": 200,
            "viewer": 200,
        },
    )


def test_csv_download_permissions_and_content():
    world = build_world()
    populate(world.government)
    url = reverse("dashboards:csv", kwargs={"section": "budget", "chart": "budget-by-source"})
    assert_permission_matrix(
        world,
        url,
        {
            "anonymous": 302,
            "stranger": 403,
            "outsider": 200,
            "administrator": 200,
            "coordinator": 200,
            "editor": 200,
            "viewer": 200,
        },
    )
    response = world.client_for("viewer").get(url)
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0] == "Funding source,Budget (EUR)"
    assert lines[1] == "own funds,2000"
    missing = reverse("dashboards:csv", kwargs={"section": "budget", "chart": "nope"})
    assert world.client_for("viewer").get(missing).status_code == 404
    bad = reverse("dashboards:csv", kwargs={"section": "nope", "chart": "budget-by-source"})
    assert world.client_for("viewer").get(bad).status_code == 404


@pytest.mark.parametrize(
    ("section", "budget"),
    [("activity", 10), ("budget", 9), ("agreements", 6), ("results", 7), ("map", 5)],
)
def test_query_budget(section, budget):
    world = build_world()
    client = world.client_for("viewer")
    assert_constant_queries(
        client,
        reverse(f"dashboards:{section}"),
        lambda n: populate(world.government, n),
        budget=budget,
        few=1,
        many=4,
    )


def test_pages_show_charts_with_data_tables():
    world = build_world()
    populate(world.government, 3)
    client = world.client_for("viewer")
    for section in ("activity", "budget", "agreements", "results"):
        response = client.get(reverse(f"dashboards:{section}"))
        doc = html.fromstring(response.content)
        figures = doc.xpath("//figure[@class='chart']")
        drawn = [f for f in figures if f.xpath(".//*[local-name()='svg']")]
        assert drawn, section
        for figure in drawn:
            assert figure.xpath(".//table/caption"), section
            assert figure.xpath(".//tbody/tr/th[@scope='row']"), section
    response = client.get(reverse("dashboards:map"))
    doc = html.fromstring(response.content)
    assert len(doc.xpath("//*[@class='map__point']")) == 3  # two with a place, one centroid
    assert len(doc.xpath("//figure[@class='map']//tbody/tr")) == 3


def test_nothing_of_another_government_is_counted():
    world = build_world()
    populate(world.government, 2)
    populate(world.other_government, 5, prefix="Other ")
    filters = Filters()
    by_modality = activity_charts(world.government, filters)[0]
    assert sum(v or 0 for s in by_modality.series for v in s.values) == 2
    by_source = budget_charts(world.government, filters)[0]
    assert by_source.series[0].values == [Decimal("2000")]
    assert by_source.unit == "EUR"
    by_status, timeline = agreement_charts(world.government, filters)
    assert by_status.series[0].values == [2]
    assert all(not item.label.startswith("Other") for item in timeline.items)
    client = world.client_for("viewer")
    for section in SECTIONS:
        content = client.get(reverse(f"dashboards:{section}")).content.decode()
        assert "Other Partner" not in content, section
        assert "Other Agreement" not in content, section
        assert "Other Ind" not in content, section


def test_filters_by_year_and_department():
    world = build_world()
    populate(world.government, 2)
    populate(world.government, 2, department=world.department)
    everything = activity_charts(world.government, Filters())[0]
    assert everything.categories == ["2023", "2024"]
    only_2024 = activity_charts(world.government, Filters(from_year=2024, to_year=2024))[0]
    assert only_2024.categories == ["2024"]
    assert sum(v or 0 for s in only_2024.series for v in s.values) == 2
    department = activity_charts(world.government, Filters(department=world.department))[0]
    assert sum(v or 0 for s in department.series for v in s.values) == 2
    response = world.client_for("viewer").get(
        reverse("dashboards:activity"), {"from_year": 2024, "department": world.department.pk}
    )
    doc = html.fromstring(response.content)
    table = doc.xpath("//figure[@id='actions-by-modality']//tbody/tr/th")
    assert [th.text_content() for th in table] == ["2024"]


def test_another_governments_department_is_not_a_valid_filter():
    world = build_world()
    populate(world.government, 2)
    from lazos.core.testing.builders import DepartmentFactory

    foreign = DepartmentFactory.create(government=world.other_government, name="Foreign")
    response = world.client_for("viewer").get(
        reverse("dashboards:activity"), {"department": foreign.pk}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "Foreign" not in response.content.decode()


def test_agreement_timeline_marks_notice_periods():
    world = build_world()
    today = date(2026, 1, 15)
    Agreement.objects.create(
        government=world.government,
        title="Soon",
        kind="cooperation",
        status=AgreementStatus.IN_FORCE,
        valid_until=date(2026, 3, 1),
        notice_period_days=90,
    )
    Agreement.objects.create(
        government=world.government,
        title="Later",
        kind="cooperation",
        status=AgreementStatus.IN_FORCE,
        valid_until=date(2027, 6, 1),
        notice_period_days=90,
    )
    Agreement.objects.create(
        government=world.government,
        title="Too late",
        kind="cooperation",
        status=AgreementStatus.IN_FORCE,
        valid_until=date(2028, 6, 1),
    )
    Agreement.objects.create(
        government=world.government,
        title="Draft",
        kind="cooperation",
        status=AgreementStatus.DRAFT,
        valid_until=date(2026, 6, 1),
    )
    _status, timeline = agreement_charts(world.government, Filters(), today=today)
    assert [(i.label, i.flagged) for i in timeline.items] == [("Soon", True), ("Later", False)]


def test_budget_by_objective_counts_linked_actions():
    world = build_world()
    strategy = make_strategy(world.government, status="approved")
    first = make_objective(world.government, strategy, code="1", title="Cities")
    second = make_objective(world.government, strategy, code="2", title="Climate")
    action = Action.objects.create(
        government=world.government, title="A", modality=Modality.MISSION, status="ongoing"
    )
    BudgetLine.objects.create(
        government=world.government, action=action, source="own", amount=Decimal("500")
    )
    BudgetLine.objects.create(
        government=world.government,
        action=action,
        source="international",
        amount=Decimal("700"),
        currency="USD",
    )
    first.actions.add(action)
    _by_source, by_objective = budget_charts(world.government, Filters())
    assert by_objective.categories == ["1 Cities"]
    assert [(s.name, list(s.values)) for s in by_objective.series] == [
        ("EUR", [Decimal("500")]),
        ("USD", [Decimal("700")]),
    ]
    assert second.pk  # an objective without actions is left out
