"""Query budgets: the pages cost the same with 10 rows and with 500."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from itertools import count

import pytest
from django.urls import reverse
from django.utils import timezone

from lazos.actions.choices import FundingSource, Modality
from lazos.actions.models import Action, ActionLocalActor, BudgetLine, Commitment
from lazos.actions.tests.factories import MissionFactory, TravellerFactory, make_partner
from lazos.actors.models import LocalActor
from lazos.core.testing import assert_constant_queries

pytestmark = pytest.mark.django_db
SERIAL = count()


def test_action_list(world):
    partners = [make_partner(world.government, f"Partner {n}") for n in range(3)]

    def add_rows(n):
        actions = Action.objects.bulk_create(
            Action(
                government=world.government,
                title=f"Action {next(SERIAL)}",
                modality=Modality.CULTURE,
                lead_department=world.department,
            )
            for _ in range(n)
        )
        through = Action.partners.through
        through.objects.bulk_create(
            through(action_id=a.pk, partner_id=p.pk) for a in actions for p in partners
        )

    client = world.client_for("editor")
    assert_constant_queries(
        client, reverse("actions:action-list"), add_rows, budget=25, few=10, many=500
    )


def test_action_detail(world):
    action = Action.objects.create(
        government=world.government,
        title="Big mission",
        modality=Modality.MISSION,
        lead_department=world.department,
    )
    action.partners.set([make_partner(world.government, "Rosario")])
    mission = MissionFactory.create(action=action)

    def add_rows(n):
        serial = [next(SERIAL) for _ in range(n)]
        BudgetLine.objects.bulk_create(
            BudgetLine(
                government=world.government,
                action=action,
                source=FundingSource.OWN,
                amount=Decimal("10"),
                currency="EUR" if i % 2 else "USD",
            )
            for i in serial
        )
        actors = LocalActor.objects.bulk_create(
            LocalActor(government=world.government, name=f"Actor {i}", kind="academia")
            for i in serial
        )
        ActionLocalActor.objects.bulk_create(
            ActionLocalActor(government=world.government, action=action, actor=a) for a in actors
        )
        Commitment.objects.bulk_create(
            Commitment(
                government=world.government,
                action=action,
                title=f"Commitment {i}",
                department=world.department,
                due_date=timezone.localdate() - timedelta(days=1),
            )
            for i in serial
        )
        for _ in range(min(n, 5)):
            TravellerFactory.create(mission=mission, department=world.department)

    client = world.client_for("editor")
    assert_constant_queries(
        client,
        reverse("actions:action-detail", args=[action.pk]),
        add_rows,
        budget=30,
        few=10,
        many=500,
    )


def _commitments(world, *, overdue):
    action = Action.objects.create(
        government=world.government, title="Origin", modality=Modality.CULTURE
    )
    partner = make_partner(world.government, "Rosario")

    def add_rows(n):
        Commitment.objects.bulk_create(
            Commitment(
                government=world.government,
                title=f"Commitment {next(SERIAL)}",
                action=action if i % 2 else None,
                meeting="" if i % 2 else "Committee",
                partner=partner,
                department=world.department,
                responsible_user=world.users["editor"],
                due_date=timezone.localdate() + timedelta(days=-3 if overdue else 3),
            )
            for i in range(n)
        )

    return add_rows


@pytest.mark.parametrize(
    ("name", "overdue"),
    [("actions:commitment-list", False), ("actions:commitment-overdue", True)],
)
def test_commitment_lists(world, name, overdue):
    client = world.client_for("editor")
    assert_constant_queries(
        client, reverse(name), _commitments(world, overdue=overdue), budget=25, few=10, many=500
    )
