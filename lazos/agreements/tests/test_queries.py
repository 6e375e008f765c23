"""Query budgets: the agreement pages cost the same with 10 rows as with 500."""

from datetime import timedelta
from itertools import count

import pytest
from django.urls import reverse
from django.utils import timezone

from lazos.actions.models import Action, Commitment
from lazos.agreements.models import Agreement, AgreementTransition, Signatory
from lazos.agreements.tests.factories import AgreementFactory, attachment_row, make_partner
from lazos.core.models import Attachment
from lazos.core.testing import assert_constant_queries
from lazos.reference.models import SdgTarget, Theme

pytestmark = pytest.mark.django_db

numbers = count()


def test_agreement_list(world):
    partner = make_partner(world.government)
    today = timezone.localdate()

    def add(n: int) -> None:
        rows = Agreement.objects.bulk_create(
            Agreement(
                government=world.government,
                title=f"Agreement {next(numbers)}",
                kind="twinning",
                status="in_force",
                in_force_from=today - timedelta(days=500),
                valid_until=today + timedelta(days=i),
                lead_department=world.department,
                is_public=bool(i % 2),
            )
            for i in range(n)
        )
        Agreement.partners.through.objects.bulk_create(
            Agreement.partners.through(agreement_id=a.pk, partner_id=partner.pk) for a in rows
        )

    url = reverse("agreements:agreement-list") + "?page=1"
    assert_constant_queries(world.client_for("viewer"), url, add, budget=16, few=10, many=500)


def test_agreement_detail(world):
    today = timezone.localdate()
    agreement = AgreementFactory.create(
        government=world.government, status="in_force", lead_department=world.department
    )
    partners = [make_partner(world.government, f"P{i}") for i in range(3)]
    agreement.partners.set(partners)
    agreement.themes.set(Theme.objects.all()[:3])
    agreement.sdg_targets.set(SdgTarget.objects.all()[:5])
    user = world.users["coordinator"]

    def add(n: int) -> None:
        g = world.government
        Action.objects.bulk_create(
            Action(
                government=g,
                title=f"Action {next(numbers)}",
                modality="mission",
                agreement=agreement,
                start_date=today - timedelta(days=i),
                lead_department=world.department,
            )
            for i in range(n)
        )
        Commitment.objects.bulk_create(
            Commitment(
                government=g,
                title=f"Commitment {next(numbers)}",
                agreement=agreement,
                department=world.department,
                due_date=today - timedelta(days=i - 10),
            )
            for i in range(n)
        )
        Signatory.objects.bulk_create(
            Signatory(
                government=g,
                agreement=agreement,
                side="partner",
                partner=partners[i % 3],
                name=f"Person {next(numbers)}",
            )
            for i in range(n)
        )
        AgreementTransition.objects.bulk_create(
            AgreementTransition(
                government=g,
                agreement=agreement,
                from_status="in_force",
                to_status="suspended",
                on=today - timedelta(days=i),
                actor=user,
            )
            for i in range(n)
        )
        Attachment.objects.bulk_create(
            attachment_row(agreement, title=f"Annex {next(numbers)}", version=1) for _i in range(n)
        )
        Attachment.objects.filter(object_id=agreement.pk).update(uploaded_by=user)

    url = reverse("agreements:agreement-detail", args=[agreement.pk])
    assert_constant_queries(world.client_for("editor"), url, add, budget=30, few=10, many=500)
