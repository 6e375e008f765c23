"""The builders gather every section of the reports, leave out what does not belong, stay in
their government and run a fixed number of queries."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext

from lazos.actions.tests.factories import ActionFactory, BudgetLineFactory
from lazos.agreements.tests.factories import AgreementFactory
from lazos.core.testing.builders import GovernmentFactory
from lazos.reports.builders import build_annual, build_handover
from lazos.reports.tests.data import YEAR, populate, titles

pytestmark = pytest.mark.django_db


def test_handover_gathers_every_section_and_only_what_is_current(world):
    register = populate(world.government, 2)
    content = build_handover(world.government, "en")

    assert content.strategy == register.strategy
    assert [node.title for node in content.objectives] == ["Cleaner neighbourhoods"]
    assert [child.title for child in content.objectives[0].children] == [
        "Waste separated at source"
    ]
    assert content.objectives[0].agreement_count == 2
    assert content.objectives[0].children[0].action_count == 2

    assert {entry.title for entry in content.agreements} == titles(register.in_force)
    first = content.agreements[0]
    assert first.agreement.valid_until is not None
    assert first.agreement.valid_until <= (
        content.agreements[1].agreement.valid_until or first.agreement.valid_until
    )
    assert first.objectives_text.startswith("Exchange teachers")
    assert [c.title for c in first.open_commitments] == [register.open_commitments[0].title]
    assert [o.code for o in first.strategy_objectives] == ["1"]
    assert len(content.expiring_within_a_year) == 2

    assert {entry.title for entry in content.actions} == titles(register.ongoing)
    assert set(content.commitments) == set(register.open_commitments)
    assert set(content.memberships) == set(register.memberships)
    posts = [post.title for m in content.memberships for post in m.current_posts]  # type: ignore[attr-defined]
    assert sorted(posts) == ["Chair 0", "Chair 1"]
    assert set(content.contacts) == set(register.contacts)
    assert set(content.recommendations) == set(register.open_recommendations)

    assert len(content.objective_results) == 2
    assert len(content.action_results) == 2
    latest = content.objective_results[0].latest
    assert latest is not None
    assert latest.actual == Decimal("33")
    assert content.objectives[0].indicators  # the tree carries its indicators


def test_handover_without_strategy_or_anything_else(world):
    content = build_handover(world.government, "en")
    assert content.strategy is None
    assert content.agreements == []
    assert content.actions == []
    assert content.commitments == []


def test_builders_stay_in_their_government(world):
    populate(world.other_government, 1, tag="theirs-")
    handover = build_handover(world.government, "en")
    annual = build_annual(world.government, YEAR, "en")
    assert handover.strategy is None
    assert not handover.agreements
    assert not handover.contacts
    assert not handover.memberships
    assert not handover.recommendations
    assert not handover.objective_results
    assert not annual.actions
    assert not annual.results


def test_annual_report_groups_the_year_by_objective_goal_modality_and_country(world):
    register = populate(world.government, 2)
    content = build_annual(world.government, YEAR, "en")

    assert {e.title for e in content.actions} == titles(register.ongoing + register.completed)
    assert content.strategy == register.strategy
    # Costs by currency: budget lines and mission costs, in kind apart.
    assert content.total_cost == {"EUR": Decimal("3000"), "USD": Decimal("100")}
    assert content.total_in_kind == {"EUR": Decimal("14")}

    [objective] = content.by_objective
    assert objective.label == "1. Cleaner neighbourhoods"
    assert {e.title for e in objective.actions} == titles(register.ongoing)
    assert {e.title for e in objective.children[0].actions} == titles(register.ongoing)
    assert {r.indicator for r in objective.results} == set(register.indicators)
    assert {e.title for e in content.unlinked.actions} == titles(register.completed)

    assert [g.key for g in content.by_goal] == ["5", "11"]
    assert content.by_goal[1].count == 2
    assert content.by_goal[1].cost == {"EUR": Decimal("2000"), "USD": Decimal("100")}
    assert {e.title for e in content.no_goal.actions} == titles(register.completed)

    modalities = {g.key: g.count for g in content.by_modality}
    assert modalities == {"technical_exchange": 2, "mission": 2}
    assert dict(content.by_country) == {"Portugal": 4, "Argentina": 2}
    assert len(content.partners) == 4
    assert {e.title for e in content.missions} == titles(register.completed)
    assert content.missions[0].travellers == 1
    assert {r.indicator for r in content.results} == set(register.indicators)


def test_annual_report_of_a_year_without_activity(world):
    populate(world.government, 1)
    content = build_annual(world.government, YEAR + 5, "en")
    assert content.actions == []
    assert content.results == []
    assert content.total_cost == {}


def _queries(function, *args):
    with CaptureQueriesContext(connection) as context:
        function(*args)
    return len(context.captured_queries)


@pytest.mark.parametrize(
    ("builder", "extra"),
    [(build_handover, ()), (build_annual, (YEAR,))],
    ids=["handover", "annual"],
)
def test_builders_run_a_fixed_number_of_queries(world, builder, extra):
    register = populate(world.government, 1)
    few = _queries(builder, world.government, *extra, "en")
    populate(world.government, 6, tag="more-", register=register)
    many = _queries(builder, world.government, *extra, "en")
    assert few == many, f"{few} queries with one row of each kind, {many} with seven (N+1)"
    assert many <= 20


def test_a_strategy_of_another_period_is_not_the_annual_reports(world):
    register = populate(world.government, 1)
    register.strategy.start_year = YEAR + 1
    register.strategy.save()
    content = build_annual(world.government, YEAR, "en")
    assert content.strategy is None
    assert content.by_objective == []
    assert len(content.unlinked.actions) == 2


def test_expired_posts_and_ended_memberships_are_left_out(world):
    register = populate(world.government, 1)
    register.memberships[0].status = "ended"
    register.memberships[0].save()
    assert build_handover(world.government, "en").memberships == []
    # Another government with a strategy does not lend it to ours.
    other = GovernmentFactory.create(slug="elsewhere")
    assert build_handover(other, "en").strategy is None
    assert datetime.date.today()  # the builders need no fixed date


def test_objective_results_are_rolled_up_by_the_results_app(world):
    register = populate(world.government, 2)
    objective_indicator = next(i for i in register.indicators if i.objective_id)
    objective_indicator.rollup_rule = "sum"
    objective_indicator.save()
    for indicator in register.indicators:
        if indicator.action_id:
            indicator.contributes_to = objective_indicator
            indicator.save()
    content = build_handover(world.government, "en")
    rolled = next(r for r in content.objective_results if r.indicator == objective_indicator)
    assert rolled.periods[0].actual == Decimal("66")  # 33 + 33 from the two actions
    annual = build_annual(world.government, YEAR, "en")
    rolled = next(r for r in annual.results if r.indicator == objective_indicator)
    assert rolled.periods[0].actual == Decimal("66")


def test_actions_linked_only_to_a_general_objective_are_listed_under_it(world):
    register = populate(world.government, 1)
    register.general.actions.add(register.completed[0])
    [group] = build_annual(world.government, YEAR, "en").by_objective
    assert [e.action for e in group.direct_actions] == [register.completed[0]]
    assert {e.action for e in group.actions} == {register.completed[0], register.ongoing[0]}


def test_handover_lists_the_pipeline_dormancy_deadlines_registrations_and_the_term(world):

    government = world.government
    today = datetime.date.today()
    government.dormancy_months = 6
    government.term_ends_on = today + datetime.timedelta(days=200)
    government.save()
    make = AgreementFactory.create
    negotiating = make(government=government, title="Being negotiated", status="negotiation")
    signed = make(government=government, title="Signed, waiting", status="signed", signed_on=today)
    make(government=government, title="Still a draft", status="draft")
    # In force for two years with nothing under it: dormant.
    asleep = make(
        government=government,
        title="Asleep",
        status="in_force",
        in_force_from=today - datetime.timedelta(days=730),
    )
    lively = make(government=government, title="Lively", status="in_force", in_force_from=today)
    passed = make(
        government=government,
        title="Notice passed",
        status="in_force",
        in_force_from=today,
        valid_until=today + datetime.timedelta(days=30),
        notice_period_days=90,
    )
    coming = make(
        government=government,
        title="Notice to come",
        status="in_force",
        in_force_from=today,
        valid_until=today + datetime.timedelta(days=300),
        notice_period_days=60,
    )
    pending = make(
        government=government,
        title="Registration pending",
        status="signed",
        registration_required=True,
        registration_status="submitted",
    )
    make(
        government=government,
        title="Registered",
        status="in_force",
        in_force_from=today,
        registration_required=True,
        registration_status="registered",
    )
    make(
        government=government,
        title="Ended, registration never done",
        status="terminated",
        registration_required=True,
        registration_status="pending",
    )
    long_action = ActionFactory.create(
        government=government,
        title="Runs past the term",
        status="ongoing",
        end_date=today + datetime.timedelta(days=400),
    )
    BudgetLineFactory.create(action=long_action, amount=Decimal("1000"), currency="EUR")
    BudgetLineFactory.create(action=long_action, amount=Decimal("500"), currency="EUR")
    BudgetLineFactory.create(action=long_action, amount=Decimal("99"), currency="EUR", in_kind=True)
    short_action = ActionFactory.create(
        government=government,
        title="Ends within the term",
        status="ongoing",
        end_date=today + datetime.timedelta(days=100),
    )
    BudgetLineFactory.create(action=short_action, amount=Decimal("700"), currency="EUR")

    content = build_handover(government, "en")

    assert {e.agreement for e in content.pipeline} == {negotiating, signed, pending}
    assert [e.agreement for e in content.dormant] == [asleep]
    assert lively not in {e.agreement for e in content.dormant}
    assert [(e.agreement, e.days < 0) for e in content.deadlines] == [
        (passed, True),
        (coming, False),
    ]
    assert [d.agreement for d in content.passed_deadlines] == [passed]
    assert content.passed_deadlines[0].days_passed == 60
    assert content.registrations == [pending]
    assert [(e.action, dict(e.budget)) for e in content.beyond_term] == [
        (long_action, {"EUR": Decimal("1500")})
    ]


def test_the_dossier_table_of_contents_matches_its_headings(world):
    content = build_handover(world.government, "en")
    body = render_to_string("reports/includes/handover_content.html", {"content": content})
    toc = render_to_string("reports/includes/handover_toc.html")
    headings = re.findall(r'<h2 id="report-([a-z]+)-title">([^<]+)</h2>', body)
    entries = re.findall(r'<li><a href="#report-([a-z]+)">([^<]+)</a></li>', toc)
    assert len(headings) == 14
    assert entries == headings
    assert [title.split(".")[0] for _anchor, title in headings] == [str(n) for n in range(1, 15)]
    assert all(f'id="report-{anchor}"' in body for anchor, _title in headings)


def test_without_a_term_the_dossier_says_budgets_beyond_it_cannot_be_listed(world):
    content = build_handover(world.government, "en")
    assert content.beyond_term == []
    body = render_to_string("reports/includes/handover_content.html", {"content": content})
    assert "The end of the present term is not recorded" in body
