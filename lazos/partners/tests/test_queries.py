"""Query budgets: the partner list and page cost the same with 10 or 500 rows."""

import pytest
from django.urls import reverse
from django.utils import timezone

from lazos.actions.models import Action, Commitment
from lazos.agreements.models import Agreement
from lazos.core.models import Tag
from lazos.core.testing import assert_constant_queries
from lazos.core.testing.builders import DepartmentFactory
from lazos.partners.models import Contact, Partner, PartnerNote
from lazos.partners.tests.factories import PartnerFactory, make_city

pytestmark = pytest.mark.django_db


def test_partner_list(world):
    government = world.government
    tag = Tag.objects.create(government=government, name="culture", slug="culture")
    city = make_city()
    agreement = Agreement.objects.create(government=government, title="MoU", kind="mou")

    def add_rows(n):
        partners = Partner.objects.bulk_create(
            Partner(government=government, name=f"P{i}", kind="other", country="ES", place=city)
            for i in range(n)
        )
        Partner.tags.through.objects.bulk_create(
            Partner.tags.through(partner_id=p.pk, tag_id=tag.pk) for p in partners
        )
        agreement.partners.add(*partners)

    client = world.client_for("viewer")
    url = reverse("partners:partner-list") + "?ordering=name"
    assert_constant_queries(client, url, add_rows, budget=9, few=10, many=500)


def test_partner_page(world):
    government = world.government
    partner = PartnerFactory.create(government=government)
    today = timezone.localdate()

    def add_rows(n):
        departments = [DepartmentFactory.create(government=government) for _ in range(2)]
        Contact.objects.bulk_create(
            Contact(government=government, partner=partner, name=f"C{i}") for i in range(n)
        )
        PartnerNote.objects.bulk_create(
            PartnerNote(
                government=government,
                partner=partner,
                text=f"N{i}",
                author=world.users["editor"],
                department=departments[i % 2],
            )
            for i in range(n)
        )
        agreements = Agreement.objects.bulk_create(
            Agreement(
                government=government, title=f"A{i}", kind="mou", lead_department=departments[0]
            )
            for i in range(n)
        )
        partner.agreements.add(*agreements)
        actions = Action.objects.bulk_create(
            Action(
                government=government,
                title=f"X{i}",
                modality="mission" if i % 2 else "culture",
                lead_department=departments[i % 2],
                agreement=agreements[i],
            )
            for i in range(n)
        )
        partner.actions.add(*actions)
        Action.departments.through.objects.bulk_create(
            Action.departments.through(action_id=a.pk, department_id=departments[1].pk)
            for a in actions
        )
        Commitment.objects.bulk_create(
            Commitment(government=government, title=f"K{i}", action=actions[i], due_date=today)
            for i in range(n)
        )
        Commitment.objects.bulk_create(
            Commitment(government=government, title=f"M{i}", meeting="m", partner=partner)
            for i in range(n)
        )

    client = world.client_for("viewer")
    url = reverse("partners:partner-detail", args=[partner.pk])
    # (25: one query finds the partners that look like this one.)
    assert_constant_queries(client, url, add_rows, budget=25, few=10, many=500)
