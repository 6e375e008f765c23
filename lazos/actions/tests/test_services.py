"""The write services: validated, tenant-checked, audited with before and after."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lazos.actions import services
from lazos.actions.choices import CommitmentStatus, FundingSource, Modality
from lazos.actions.models import Action, BudgetLine, Commitment, Mission
from lazos.actions.tests.factories import (
    ActionFactory,
    CommitmentFactory,
    make_actor,
    make_agreement,
    make_partner,
)
from lazos.core.audit import AuditAction
from lazos.core.models import AuditEvent
from lazos.core.testing.builders import DepartmentFactory, GovernmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def government():
    return GovernmentFactory.create(currency="MXN")


@pytest.fixture
def user():
    return UserFactory.create()


def test_action_fields_are_the_editable_fields():
    concrete = {
        f.name
        for f in Action._meta.concrete_fields
        if f.editable and f.name not in {"id", "government", "created_at", "updated_at"}
    }
    assert set(services.ACTION_FIELDS) == concrete


def test_create_and_update_action_are_audited_with_partners(government, user):
    rosario, lyon = make_partner(government, "Rosario"), make_partner(government, "Lyon")
    department = DepartmentFactory.create(government=government)
    action = services.create_action(
        government,
        acting_user=user,
        partners=[rosario],
        departments=[department],
        themes=["waste"],
        sdg_targets=["11.6"],
        tags=["waste", "Waste", "youth"],
        title="Waste exchange",
        modality=Modality.TECHNICAL_EXCHANGE,
    )
    created = AuditEvent.objects.for_object(action).get()
    assert created.action == AuditAction.CREATE
    assert created.changes["partners"] == {"before": None, "after": [rosario.pk]}
    assert created.changes["title"] == {"before": None, "after": "Waste exchange"}
    assert sorted(t.name for t in action.tags.all()) == ["waste", "youth"]

    services.update_action(action, acting_user=user, partners=[rosario, lyon], title="Renamed")
    updated = AuditEvent.objects.for_object(action).filter(action=AuditAction.UPDATE).get()
    assert updated.changes["partners"] == {
        "before": [rosario.pk],
        "after": sorted([rosario.pk, lyon.pk]),
    }
    assert updated.changes["title"] == {"before": "Waste exchange", "after": "Renamed"}
    assert "departments" not in updated.changes  # None leaves it alone

    pk = action.pk
    services.delete_action(action, acting_user=user)
    deleted = AuditEvent.objects.for_object(action, pk=pk).filter(action=AuditAction.DELETE)
    assert deleted.get().changes["partners"]["before"] == sorted([rosario.pk, lyon.pk])


def test_validation(government, user):
    with pytest.raises(ValidationError) as error:
        services.create_action(
            government,
            acting_user=user,
            title="Backwards",
            modality=Modality.EVENT,
            start_date=date(2025, 5, 2),
            end_date=date(2025, 5, 1),
        )
    assert "end_date" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.create_action(
            government, acting_user=user, title="Public", modality=Modality.EVENT, is_public=True
        )
    assert "public_summary" in error.value.message_dict
    assert not Action.objects.exists()
    assert not AuditEvent.objects.exists()


def test_other_governments_objects_are_refused(government, user):
    other = GovernmentFactory.create()
    foreign_partner = make_partner(other, "Foreign")
    foreign_department = DepartmentFactory.create(government=other)
    foreign_agreement = make_agreement(other)
    for values in (
        {"partners": [foreign_partner]},
        {"departments": [foreign_department]},
        {"lead_department": foreign_department},
        {"agreement": foreign_agreement},
    ):
        with pytest.raises(ValidationError):
            services.create_action(
                government, acting_user=user, title="X", modality=Modality.EVENT, **values
            )
    action = ActionFactory.create(government=government)
    with pytest.raises(ValidationError):
        services.add_participation(
            action, acting_user=user, actor=make_actor(other), role="participant"
        )
    with pytest.raises(ValidationError):
        services.create_commitment(
            government, acting_user=user, title="X", meeting="M", partner=foreign_partner
        )
    with pytest.raises(ValidationError):
        services.create_commitment(
            government, acting_user=user, title="X", meeting="M", responsible_user=user
        )
    assert not Action.objects.filter(title="X").exists()


def test_budget_lines_default_to_the_governments_currency(government, user):
    action = ActionFactory.create(government=government)
    line = services.add_budget_line(
        action, acting_user=user, source=FundingSource.OWN, amount=Decimal("10")
    )
    assert line.currency == "MXN"
    services.update_budget_line(line, acting_user=user, amount=Decimal("20"), in_kind=True)
    line.refresh_from_db()
    assert line.amount == Decimal("20")
    assert line.in_kind
    assert AuditEvent.objects.for_object(line).count() == 2
    with pytest.raises(ValidationError):
        services.add_budget_line(
            action, acting_user=user, source=FundingSource.OWN, amount=Decimal("-1")
        )
    with pytest.raises(ValidationError):
        services.add_budget_line(
            action, acting_user=user, source=FundingSource.OWN, amount=1, currency="XXY"
        )
    services.delete_budget_line(line, acting_user=user)
    assert not BudgetLine.objects.exists()


def test_mission_only_for_travel_modalities(government, user):
    culture = ActionFactory.create(government=government, modality=Modality.CULTURE)
    with pytest.raises(ValidationError):
        services.save_mission(culture, acting_user=user, destination_text="Lyon")
    assert not Mission.objects.exists()

    delegation = ActionFactory.create(government=government, modality=Modality.DELEGATION)
    mission = services.save_mission(delegation, acting_user=user, destination_text="Lyon")
    assert mission.currency == "MXN"
    again = services.save_mission(delegation, acting_user=user, cost=Decimal("300"))
    assert again.pk == mission.pk
    assert again.cost == Decimal("300")
    traveller = services.add_traveller(mission, acting_user=user, name="Ana", position="Mayor")
    assert list(mission.travellers.all()) == [traveller]
    services.delete_traveller(traveller, acting_user=user)
    assert not mission.travellers.exists()


def test_participations(government, user):
    action = ActionFactory.create(government=government)
    actor = make_actor(government)
    participation = services.add_participation(
        action, acting_user=user, actor=actor, role="implementer"
    )
    with pytest.raises(ValidationError):
        services.add_participation(action, acting_user=user, actor=actor, role="funder")
    services.remove_participation(participation, acting_user=user)
    assert not action.participations.exists()


def test_commitments_lifecycle(government, user):
    action = ActionFactory.create(government=government)
    commitment = services.create_commitment(
        government,
        acting_user=user,
        title="Send the study",
        action=action,
        due_date=timezone.localdate() - timedelta(days=1),
    )
    assert commitment.is_overdue
    assert list(Commitment.objects.for_tenant(government).overdue()) == [commitment]
    services.complete_commitment(commitment, acting_user=user, on=date(2025, 1, 2))
    assert commitment.status == CommitmentStatus.DONE
    assert commitment.completed_on == date(2025, 1, 2)
    assert not commitment.is_overdue
    services.update_commitment(commitment, acting_user=user, status=CommitmentStatus.OPEN)
    commitment.refresh_from_db()
    assert commitment.completed_on is None
    events = AuditEvent.objects.for_object(commitment).order_by("id")
    assert events[1].changes["completed_on"] == {"before": None, "after": "2025-01-02"}
    with pytest.raises(ValidationError):
        services.create_commitment(government, acting_user=user, title="No origin")
    services.delete_commitment(commitment, acting_user=user)
    assert not Commitment.objects.exists()


def test_commitment_ownership_follows_its_action(government):
    department = DepartmentFactory.create(government=government)
    action = ActionFactory.create(government=government, lead_department=department)
    commitment = CommitmentFactory.create(government=government, action=action)
    assert commitment.owning_department_ids() == [department.pk]
