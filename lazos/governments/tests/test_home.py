"""The home page (governments:dashboard): the apps' sections, by role, in a fixed number of
queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from lazos.actions.choices import Modality
from lazos.actions.tests.factories import ActionFactory, CommitmentFactory, make_partner
from lazos.agreements.choices import AgreementStatus, RegistrationStatus
from lazos.agreements.tests.factories import AgreementFactory
from lazos.consultations.tests.factories import ContributionFactory
from lazos.core.home import ITEM_LIMIT, PROVIDERS, HomeItem, HomeSection, Urgency, sections_for
from lazos.core.testing import assert_constant_queries, assert_permission_matrix
from lazos.evaluations.tests.factories import RecommendationFactory
from lazos.governments.models import Membership
from lazos.results.choices import UpdateStatus
from lazos.results.tests.factories import make_indicator, make_period, make_update
from lazos.solidarity.tests.factories import NeedFactory
from lazos.spreadsheets.choices import ImportStatus
from lazos.spreadsheets.tests.factories import ImportRunFactory

pytestmark = pytest.mark.django_db

URL = reverse("governments:dashboard")


def _today():
    return timezone.localdate()


def _sections(world, role):
    membership = Membership.objects.get(government=world.government, user=world.users[role])
    return {s.key: s for s in sections_for(world.government, membership, _today())}


def _agreement(world, *, days_to_end, notice=0, department=None, title="Water pact"):
    return AgreementFactory.create(
        government=world.government,
        title=title,
        status=AgreementStatus.IN_FORCE,
        valid_until=_today() + timedelta(days=days_to_end),
        notice_period_days=notice,
        lead_department=department,
    )


def test_every_section_has_a_heading_and_an_empty_state(world):
    sections = _sections(world, "coordinator")
    assert len(sections) == len(PROVIDERS)
    for section in sections.values():
        assert section.heading, section.key
        assert section.empty_text, section.key
        assert section.empty_url, section.key
        assert section.items == [], section.key
        assert section.count == 0, section.key


def test_items_are_ordered_passed_deadlines_first():
    today = _today()
    section = HomeSection(
        key="x",
        heading="x",
        count=3,
        items=[
            HomeItem("later", "/a", today + timedelta(days=40), Urgency.LATER),
            HomeItem("soon", "/b", today + timedelta(days=2), Urgency.SOON),
            HomeItem("passed", "/c", today - timedelta(days=3), Urgency.PASSED),
        ],
    )
    assert [i.title for i in section.items] == ["passed", "soon", "later"]
    assert section.passed_count == 1


def test_agreement_deadlines_notice_and_expiry(world):
    _agreement(world, days_to_end=20, notice=30, title="Inside notice")
    _agreement(world, days_to_end=-5, title="Past its end")
    _agreement(world, days_to_end=45, title="Expiring")
    _agreement(world, days_to_end=400, notice=30, title="Far off")
    section = _sections(world, "coordinator")["agreement-deadlines"]
    titles = [i.title for i in section.items]
    assert titles == ["Inside notice", "Past its end", "Expiring"]
    inside = section.items[0]
    assert inside.is_passed
    assert inside.day == _today() - timedelta(days=10)
    assert inside.days_passed == 10


def test_editors_see_their_departments_work(world):
    _agreement(world, days_to_end=10, department=world.department, title="Ours")
    _agreement(world, days_to_end=10, title="Not ours")
    editor = [i.title for i in _sections(world, "editor")["agreement-deadlines"].items]
    coordinator = [i.title for i in _sections(world, "coordinator")["agreement-deadlines"].items]
    assert editor == ["Ours"]
    assert sorted(coordinator) == ["Not ours", "Ours"]


def test_page_shows_deadlines_with_days_and_passed_marked_in_text(world):
    _agreement(world, days_to_end=20, notice=30, title="Inside notice")
    _agreement(world, days_to_end=25, title="Expiring soon")
    CommitmentFactory.create(
        government=world.government, title="Send minutes", due_date=_today() + timedelta(days=3)
    )
    page = world.client_for("coordinator").get(URL).content.decode()
    assert "Inside notice" in page
    assert "passed 10 days ago" in page
    assert "25 days left" in page
    assert "3 days left" in page
    assert f'datetime="{(_today() + timedelta(days=3)).isoformat()}"' in page
    assert reverse("actions:commitment-list") in page


def test_viewers_get_a_summary_without_items(world):
    _agreement(world, days_to_end=20, notice=30, title="Inside notice")
    assert _sections(world, "viewer")["agreement-deadlines"].count == 1  # the government's
    page = world.client_for("viewer").get(URL).content.decode()
    assert "At a glance" in page
    assert "Inside notice" not in page


def test_empty_states_say_what_to_do(world):
    page = world.client_for("coordinator").get(URL).content.decode()
    assert "No agreement reaches its notice deadline" in page
    assert "Plan an action" in page


def test_registrations_and_missions(world):
    AgreementFactory.create(
        government=world.government,
        title="To register",
        status=AgreementStatus.SIGNED,
        signed_on=_today() - timedelta(days=30),
        registration_required=True,
        registration_status=RegistrationStatus.OBSERVED,
    )
    ActionFactory.create(
        government=world.government,
        title="Visit to Porto",
        modality=Modality.MISSION,
        start_date=_today() + timedelta(days=12),
    )
    sections = _sections(world, "coordinator")
    assert [i.title for i in sections["registrations"].items] == ["To register"]
    assert [i.title for i in sections["missions"].items] == ["Visit to Porto"]


def _update(world, status, **values):
    indicator = make_indicator(world.government, title=values.pop("title", "Girls in school"))
    period = make_period(indicator, year=_today().year)
    return make_update(period, status=status, **values)


def test_updates_to_review_for_reviewers_and_returned_to_their_author(world):
    now = timezone.now()
    _update(world, UpdateStatus.SUBMITTED, title="Trees planted", submitted_at=now)
    _update(
        world,
        UpdateStatus.RETURNED,
        title="Wells dug",
        reported_by=world.users["editor"],
        reviewed_at=now,
    )
    coordinator = _sections(world, "coordinator")
    editor = _sections(world, "editor")
    assert [i.title for i in coordinator["updates-to-review"].items] == ["Trees planted"]
    assert "updates-to-review" not in editor
    assert [i.title for i in editor["updates-returned"].items] == ["Wells dug"]
    assert coordinator["updates-returned"].items == []
    assert "updates-returned" not in _sections(world, "viewer")


def test_recommendations_contributions_and_partner_needs(world):
    RecommendationFactory.create(
        evaluation__government=world.government,
        evaluation__title="Mid-term review",
        text="Hire a local coordinator",
        due_date=_today() - timedelta(days=2),
    )
    ContributionFactory.create(
        consultation__government=world.government,
        consultation__title="Riverside park",
        display_name="Ana",
    )
    make_partner(world.government, name=world.other_government.name)
    NeedFactory.create(
        emergency__government=world.other_government, emergency__title="Floods in Beta"
    )
    NeedFactory.create(emergency__government=world.government, emergency__title="Ours")
    sections = _sections(world, "coordinator")
    (recommendation,) = sections["recommendations"].items
    assert recommendation.title == "Mid-term review: Hire a local coordinator"
    assert recommendation.is_passed
    assert [i.title for i in sections["contributions"].items] == ["Riverside park: Ana"]
    (need,) = sections["partner-needs"].items
    assert "Floods in Beta" in need.title


def test_another_governments_work_never_shows(world):
    AgreementFactory.create(
        government=world.other_government,
        title="Their pact",
        status=AgreementStatus.IN_FORCE,
        valid_until=_today() + timedelta(days=5),
    )
    CommitmentFactory.create(
        government=world.other_government, title="Their task", due_date=_today()
    )
    page = world.client_for("coordinator").get(URL).content.decode()
    assert "Their pact" not in page
    assert "Their task" not in page


def _rows(world, n):
    today = _today()
    if not hasattr(world, "tied"):
        make_partner(world.government, name=world.other_government.name)
        world.tied = True
    for i in range(n):
        _update(world, UpdateStatus.SUBMITTED, submitted_at=timezone.now(), title=f"I{i}")
        _update(
            world,
            UpdateStatus.RETURNED,
            reported_by=world.users["editor"],
            reviewed_at=timezone.now(),
        )
        RecommendationFactory.create(
            evaluation__government=world.government,
            due_date=today - timedelta(days=i + 1),
            department=world.department,
        )
        ContributionFactory.create(consultation__government=world.government)
        NeedFactory.create(emergency__government=world.other_government)
        _agreement(world, days_to_end=i % 50 - 5, notice=i % 3 * 10, title=f"A{i}")
        AgreementFactory.create(
            government=world.government,
            status=AgreementStatus.SIGNED,
            signed_on=today,
            registration_required=True,
            registration_status=RegistrationStatus.PENDING,
            partners=[],
        )
        CommitmentFactory.create(
            government=world.government,
            due_date=today + timedelta(days=i % 20 - 10),
            department=world.department,
        )
        ActionFactory.create(
            government=world.government,
            modality=Modality.DELEGATION,
            start_date=today + timedelta(days=i % 60),
            lead_department=world.department,
        )


@pytest.mark.parametrize("role", ["coordinator", "editor", "viewer"])
def test_query_count_is_constant_in_the_data_size(world, role):
    assert_constant_queries(
        world.client_for(role), URL, lambda n: _rows(world, n), budget=28, few=2, many=14
    )


def test_a_section_shows_its_first_items_and_counts_them_all(world):
    for i in range(ITEM_LIMIT + 3):
        CommitmentFactory.create(
            government=world.government, title=f"Task {i}", due_date=_today() - timedelta(days=i)
        )
    section = _sections(world, "coordinator")["commitments"]
    assert len(section.items) == ITEM_LIMIT
    assert section.count == ITEM_LIMIT + 3
    assert section.items[0].title == f"Task {ITEM_LIMIT + 2}"  # the longest overdue first
    page = world.client_for("coordinator").get(URL).content.decode()
    assert "(3 more)" in page


def test_my_imports_finished_or_failed_and_not_the_others(world):
    mine = ImportRunFactory.create(
        government=world.government,
        uploaded_by=world.users["coordinator"],
        status=ImportStatus.FAILED,
        original_name="partners-2026.csv",
    )
    ImportRunFactory.create(
        government=world.government,
        uploaded_by=world.users["administrator"],
        status=ImportStatus.APPLIED,
        original_name="someone-elses.csv",
    )
    (item,) = _sections(world, "coordinator")["jobs"].items
    assert "partners-2026.csv" in item.title
    assert item.urgency == Urgency.NOW  # failed: to look at
    assert item.url == reverse("jobs:spreadsheet-import", args=[mine.pk])


def test_permission_matrix_with_work_of_every_kind(world):
    _rows(world, 2)
    assert_permission_matrix(
        world,
        URL,
        {
            "anonymous": 302,
            "stranger": 200,  # the page that says they belong to no government
            "outsider": 200,  # their own government's home
            "administrator": 200,
            "coordinator": 200,
            "editor": 200,
            "viewer": 200,
        },
    )


def test_an_outsider_sees_their_own_government_only(world):
    _rows(world, 2)
    page = world.client_for("outsider").get(URL).content.decode()
    assert world.other_government.name in page
    assert "Nothing needs you now." in page or "Nothing waiting" in page
    assert "Send the report" not in page  # the commitments of the first government


def test_sections_with_a_passed_deadline_come_first(world):
    ActionFactory.create(
        government=world.government,
        title="Visit to Porto",
        modality=Modality.MISSION,
        start_date=_today() + timedelta(days=12),
    )
    CommitmentFactory.create(
        government=world.government, title="Send minutes", due_date=_today() + timedelta(days=3)
    )
    RecommendationFactory.create(
        evaluation__government=world.government,
        text="Hire a local coordinator",
        due_date=_today() - timedelta(days=2),
    )
    response = world.client_for("coordinator").get(URL)
    busy = [s.key for s in response.context["busy_sections"]]
    assert busy == ["recommendations", "commitments", "missions"]
    assert "agreement-deadlines" in [s.key for s in response.context["clear_sections"]]
