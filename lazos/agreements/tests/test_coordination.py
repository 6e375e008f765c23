"""Recording an agreement shows what other departments have with the partner and warns about
an agreement that looks like the same one."""

import pytest
from django.urls import reverse

from lazos.actions.coordination import likely_duplicate_agreements
from lazos.agreements.tests.factories import AgreementFactory, make_partner
from lazos.core.testing.builders import DepartmentFactory

pytestmark = pytest.mark.django_db


def test_a_similar_agreement_with_the_same_partner_is_a_likely_duplicate(world):
    lyon = make_partner(world.government, "Lyon", country="FR")
    porto = make_partner(world.government, "Porto", country="PT")
    existing = AgreementFactory.create(
        government=world.government, title="Acuerdo de hermanamiento con Lyon", partners=[lyon]
    )
    AgreementFactory.create(
        government=world.government,
        title="Acuerdo de hermanamiento con Lyon",
        partners=[lyon],
        status="terminated",
    )
    found = likely_duplicate_agreements(
        world.government, partner_ids=[lyon.pk], title="Hermanamiento con la ciudad de Lyon"
    )
    assert found == [existing]
    assert (
        likely_duplicate_agreements(
            world.government, partner_ids=[porto.pk], title="Hermanamiento con la ciudad de Lyon"
        )
        == []
    )
    assert (
        likely_duplicate_agreements(
            world.government,
            partner_ids=[lyon.pk],
            title="Hermanamiento con la ciudad de Lyon",
            exclude_pk=existing.pk,
        )
        == []
    )


def test_the_agreement_form_warns_a_second_department(world):
    environment = DepartmentFactory.create(government=world.government, name="Environment")
    lyon = make_partner(world.government, "Lyon", country="FR")
    AgreementFactory.create(
        government=world.government,
        title="Memorando sobre residuos con Lyon",
        partners=[lyon],
        lead_department=environment,
    )
    client = world.client_for("coordinator")
    panel = client.get(
        reverse("actions:coordination"),
        {
            "kind": "agreement",
            "partners": [lyon.pk],
            "title": "Memorando de residuos Lyon",
            "lead_department": world.department.pk,
        },
    ).content.decode()
    assert "Possible duplicate" in panel
    assert "Memorando sobre residuos con Lyon" in panel
    assert "Environment" in panel
    form = client.get(reverse("agreements:agreement-create")).content.decode()
    assert 'id="coordination-panel"' in form
    assert "kind=agreement" in form
    # Re-displayed after an error, the form shows the warning without JavaScript.
    response = client.post(
        reverse("agreements:agreement-create"),
        {"title": "Memorando de residuos Lyon", "partners": [lyon.pk], "kind": ""},
    )
    assert response.status_code == 200
    assert "Possible duplicate" in response.content.decode()
