"""Bulk changes of the partner, local actor and network lists: the roles of a RolePolicy
(editors do not change partners), deletion previews with dependents and protected refusals."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from lazos.actors.tests.factories import LocalActorFactory
from lazos.agreements.tests.factories import AgreementFactory
from lazos.core.audit import AuditAction
from lazos.core.models import AuditEvent
from lazos.core.testing.queries import assert_constant_queries
from lazos.networks.models import Network
from lazos.networks.tests.factories import NetworkFactory, PositionFactory
from lazos.partners.models import Partner
from lazos.partners.tests.factories import ContactFactory, PartnerFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("who", "status", "changed"),
    [
        ("viewer", 403, False),
        ("editor", 403, False),  # partners are the office's: editors do not change them
        ("coordinator", 302, True),
        ("administrator", 302, True),
    ],
)
def test_partners_active_flag_per_role(world, who, status, changed):
    partners = PartnerFactory.create_batch(2, government=world.government)
    data = {"pk": [str(p.pk) for p in partners], "change": "is_active", "is_active": "0"}
    response = world.client_for(who).post(reverse("partners:partner-bulk-change"), data)
    assert response.status_code == status
    assert set(Partner.objects.values_list("is_active", flat=True)) == {not changed}
    events = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(Partner), action=AuditAction.UPDATE
    )
    assert events.count() == (2 if changed else 0)


def test_the_partner_list_shows_the_bar_only_to_who_may_use_it(world):
    PartnerFactory.create(government=world.government)
    url = reverse("partners:partner-list")
    for who, shown in (("viewer", False), ("editor", False), ("coordinator", True)):
        content = world.client_for(who).get(url).content.decode()
        assert ('id="bulk-form"' in content) is shown, who


def test_the_deletion_preview_lists_what_goes_with_each_partner(world):
    partner = PartnerFactory.create(government=world.government, name="Porto")
    ContactFactory.create_batch(2, partner=partner, government=world.government)
    AgreementFactory.create(government=world.government, partners=[partner])
    client = world.client_for("coordinator")
    response = client.get(reverse("partners:partner-bulk-delete"), {"pk": [str(partner.pk)]})
    (row,) = response.context["preview"]["rows"]
    assert row.will_change
    assert dict(row.affected)["contacts"] == 2
    assert client.post(reverse("partners:partner-bulk-delete"), {"pk": [str(partner.pk)]})
    assert not Partner.objects.filter(pk=partner.pk).exists()


def test_a_protected_network_is_refused_and_the_others_are_deleted(world):
    free = NetworkFactory.create(government=world.government, name="Mercociudades")
    held = NetworkFactory.create(government=world.government, name="UCLG")
    PositionFactory.create(network=held)
    client = world.client_for("coordinator")
    url = reverse("networks:network-bulk-delete")
    data = {"pk": [str(free.pk), str(held.pk)]}
    rows = {row.obj.pk: row for row in client.get(url, data).context["preview"]["rows"]}
    assert rows[free.pk].will_change
    assert "depend on it" in rows[held.pk].refusal
    assert "Position" in rows[held.pk].refusal
    assert client.post(url, data).status_code == 302
    assert list(Network.objects.values_list("pk", flat=True)) == [held.pk]


def test_local_actors_get_tags(world):
    actors = LocalActorFactory.create_batch(2, government=world.government)
    data = {"pk": [str(a.pk) for a in actors], "change": "add_tags", "add_tags": "youth"}
    world.client_for("coordinator").post(reverse("actors:actor-bulk-change"), data)
    for actor in actors:
        assert [t.name for t in actor.tags.all()] == ["youth"]


def test_the_partner_preview_makes_a_constant_number_of_queries(world):
    def add_rows(number: int) -> None:
        PartnerFactory.create_batch(number, government=world.government)

    url = f"{reverse('partners:partner-bulk-change')}?select_all=1&change=is_active&is_active=0"
    assert_constant_queries(world.client_for("coordinator"), url, add_rows, budget=15)
