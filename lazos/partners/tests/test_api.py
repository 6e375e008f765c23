"""The partners' API beyond permissions (lazos/api/tests has the matrices)."""

from __future__ import annotations

import pytest

from lazos.api.tests.helpers import api_client
from lazos.core.testing import TenantWorld
from lazos.partners.tests.factories import ContactFactory, PartnerFactory

pytestmark = pytest.mark.django_db


def test_contacts_of_one_partner(world: TenantWorld) -> None:
    porto = PartnerFactory.create(government=world.government, name="Porto")
    mine = ContactFactory.create(partner=porto)
    ContactFactory.create(partner=PartnerFactory.create(government=world.government))
    rows = api_client(world, "viewer").get(f"/api/v1/contacts/?partner={porto.pk}").json()
    assert [(row["id"], row["partner_name"]) for row in rows["results"]] == [(mine.pk, "Porto")]
    theirs = PartnerFactory.create(government=world.other_government)
    ContactFactory.create(partner=theirs)
    rows = api_client(world, "viewer").get(f"/api/v1/contacts/?partner={theirs.pk}").json()
    assert rows["results"] == []


def test_an_international_partner_has_an_empty_country(world: TenantWorld) -> None:
    response = api_client(world, "coordinator").post(
        "/api/v1/partners/",
        {"name": "UN-Habitat", "kind": "international_organisation"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["country"] == ""
    assert response.json()["place_name"] is None
