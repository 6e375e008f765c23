"""Networks, memberships and posts: services, permission matrix, pages, filters, exports and
query budgets."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from lazos.core.models import AuditEvent
from lazos.core.testing import assert_constant_queries, assert_permission_matrix
from lazos.core.testing.builders import DepartmentFactory
from lazos.networks import services
from lazos.networks.models import Network, NetworkMembership, NetworkPost
from lazos.networks.tests.factories import (
    NetworkFactory,
    NetworkMembershipFactory,
    NetworkPostFactory,
)
from lazos.partners.tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db

EVERYONE_IN = {"administrator": 200, "coordinator": 200, "editor": 200, "viewer": 200}
MANAGERS = {"administrator": 200, "coordinator": 200, "editor": 403, "viewer": 403}
ANON = {"anonymous": 302, "stranger": 403}


@pytest.mark.parametrize(
    ("name", "expected"),
    [("networks:network-list", EVERYONE_IN), ("networks:network-create", MANAGERS)],
)
def test_list_and_create_matrix(world, name, expected):
    assert_permission_matrix(world, reverse(name), {**ANON, "outsider": 200, **expected})


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("networks:network-detail", EVERYONE_IN),
        ("networks:network-history", EVERYONE_IN),
        ("networks:network-edit", MANAGERS),
        ("networks:network-delete", MANAGERS),
        ("networks:membership-create", MANAGERS),
    ],
)
def test_network_pages_matrix(world, name, expected):
    network = NetworkFactory.create(government=world.government)
    url = reverse(name, args=[network.pk])
    assert_permission_matrix(world, url, {**ANON, "outsider": 404, **expected})


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("networks:membership-detail", EVERYONE_IN),
        ("networks:membership-history", EVERYONE_IN),
        ("networks:membership-edit", MANAGERS),
        ("networks:membership-delete", MANAGERS),
        ("networks:post-create", MANAGERS),
    ],
)
def test_membership_pages_matrix(world, name, expected):
    membership = NetworkMembershipFactory.create(
        network=NetworkFactory.create(government=world.government)
    )
    url = reverse(name, args=[membership.pk])
    assert_permission_matrix(world, url, {**ANON, "outsider": 404, **expected})


@pytest.mark.parametrize("name", ["networks:post-edit", "networks:post-delete"])
def test_post_pages_matrix(world, name):
    post = NetworkPostFactory.create(
        membership=NetworkMembershipFactory.create(
            network=NetworkFactory.create(government=world.government)
        )
    )
    url = reverse(name, args=[post.pk])
    assert_permission_matrix(world, url, {**ANON, "outsider": 404, **MANAGERS})


def test_services_are_audited_and_currency_defaults_to_the_governments(world):
    user = world.users["coordinator"]
    world.government.currency = "MXN"
    world.government.save()
    network = services.create_network(
        world.government, acting_user=user, tags=["advocacy"], name="UCLG", scope="global"
    )
    services.update_network(network, acting_user=user, acronym="CGLU")
    membership = services.create_network_membership(
        world.government,
        acting_user=user,
        network=network,
        annual_fee=Decimal("1200.00"),
        department=world.department,
    )
    assert membership.currency == "MXN"
    services.update_network_membership(membership, acting_user=user, status="suspended")
    post = services.add_network_post(membership, acting_user=user, title="Vice-presidency")
    services.update_network_post(post, acting_user=user, holder="The mayor")
    events = AuditEvent.objects.filter(government=world.government).order_by("id")
    assert [(e.content_type.model, e.action) for e in events] == [
        ("network", "create"),
        ("network", "update"),
        ("networkmembership", "create"),
        ("networkmembership", "update"),
        ("networkpost", "create"),
        ("networkpost", "update"),
    ]
    assert events[3].changes == {"status": {"before": "active", "after": "suspended"}}
    post_pk, membership_pk, network_pk = post.pk, membership.pk, network.pk
    services.delete_network_post(post, acting_user=user)
    services.delete_network_membership(membership, acting_user=user)
    services.delete_network(network, acting_user=user)
    assert AuditEvent.objects.for_object(NetworkPost(), pk=post_pk).filter(action="delete").exists()
    assert (
        AuditEvent.objects.for_object(NetworkMembership(), pk=membership_pk)
        .filter(action="delete")
        .exists()
    )
    assert AuditEvent.objects.for_object(Network(), pk=network_pk).filter(action="delete").exists()


def test_services_validate(world):
    user = world.users["coordinator"]
    network = NetworkFactory.create(government=world.government)
    company = PartnerFactory.create(government=world.government, kind="company")
    with pytest.raises(ValidationError) as error:
        services.update_network(network, acting_user=user, partner=company)
    assert "city network" in str(error.value)
    foreign_partner = PartnerFactory.create(government=world.other_government, kind="city_network")
    with pytest.raises(ValidationError):
        services.update_network(network, acting_user=user, partner=foreign_partner)
    foreign_department = DepartmentFactory.create(government=world.other_government)
    with pytest.raises(ValidationError):
        services.create_network_membership(
            world.government, acting_user=user, network=network, department=foreign_department
        )
    foreign_network = NetworkFactory.create(government=world.other_government)
    with pytest.raises(ValidationError):
        services.create_network_membership(
            world.government, acting_user=user, network=foreign_network
        )
    with pytest.raises(ValidationError) as error:
        services.create_network_membership(
            world.government,
            acting_user=user,
            network=network,
            since="2024-01-01",
            until="2023-01-01",
        )
    assert "The end cannot be before the start." in str(error.value)
    services.create_network_membership(world.government, acting_user=user, network=network)
    with pytest.raises(ValidationError) as error:
        services.create_network_membership(world.government, acting_user=user, network=network)
    assert "already has a membership in this network" in str(error.value)
    assert NetworkMembership.objects.count() == 1


def test_network_membership_and_posts_through_the_web(world):
    client = world.client_for("coordinator")
    world.government.currency = "BRL"
    world.government.save()
    partner = PartnerFactory.create(
        government=world.government, kind="city_network", name="Mercociudades as partner"
    )
    response = client.post(
        reverse("networks:network-create"),
        {
            "name": "Mercociudades",
            "acronym": "MC",
            "scope": "regional",
            "partner": partner.pk,
            "tags": "south",
        },
    )
    network = Network.objects.for_tenant(world.government).get()
    assert response.url == network.get_absolute_url()
    page = client.get(network.get_absolute_url()).content.decode()
    assert "Record a membership" in page
    assert "Mercociudades as partner" in page
    form = client.get(reverse("networks:membership-create", args=[network.pk])).content.decode()
    assert 'value="BRL"' in form
    response = client.post(
        reverse("networks:membership-create", args=[network.pk]),
        {"status": "active", "since": "2024-03-01", "until": "2023-01-01", "annual_fee": "-5"},
    )
    html = response.content.decode()
    assert "The end cannot be before the start." in html
    assert "Ensure this value is greater than or equal to 0." in html
    response = client.post(
        reverse("networks:membership-create", args=[network.pk]),
        {
            "status": "active",
            "since": "2024-03-01",
            "annual_fee": "1500",
            "currency": "",
            "department": world.department.pk,
            "working_groups": "Culture\nYouth",
        },
    )
    membership = NetworkMembership.objects.get(network=network)
    assert response.url == membership.get_absolute_url()
    assert membership.currency == "BRL"
    response = client.post(
        reverse("networks:membership-create", args=[network.pk]),
        {"status": "active", "currency": "EUR"},
    )
    assert "already has a membership in this network" in response.content.decode()
    response = client.post(
        reverse("networks:post-create", args=[membership.pk]),
        {"title": "Vice-presidency for culture", "holder": "The mayor", "start": "2024-06-01"},
    )
    post = NetworkPost.objects.get()
    assert response.url == membership.get_absolute_url()
    client.post(
        reverse("networks:post-edit", args=[post.pk]),
        {"title": "Presidency", "holder": "The mayor", "start": "2024-06-01", "end": "2024-01-01"},
    )
    post.refresh_from_db()
    assert post.title == "Vice-presidency for culture"  # refused: end before start
    client.post(
        reverse("networks:post-edit", args=[post.pk]),
        {"title": "Presidency", "holder": "The mayor", "start": "2024-06-01"},
    )
    post.refresh_from_db()
    assert post.title == "Presidency"
    page = client.get(network.get_absolute_url()).content.decode()
    for text in ("active", "1500.00 BRL", "w Culture", "Presidency", "The mayor"):
        assert text in page, text
    listing = client.get(reverse("networks:network-list")).content.decode()
    assert "1500.00 BRL" in listing
    confirm = client.get(reverse("networks:network-delete", args=[network.pk])).content.decode()
    assert "1 \N{MULTIPLICATION SIGN} network memberships" in confirm
    assert "1 \N{MULTIPLICATION SIGN} posts held" in confirm
    response = client.post(reverse("networks:post-delete", args=[post.pk]))
    assert response.url == membership.get_absolute_url()
    response = client.post(reverse("networks:membership-delete", args=[membership.pk]))
    assert response.url == network.get_absolute_url()
    response = client.post(reverse("networks:network-delete", args=[network.pk]))
    assert response.url == reverse("networks:network-list")
    assert not Network.objects.exists()


def test_network_form_offers_only_our_city_network_partners(world):
    ours = PartnerFactory.create(government=world.government, kind="city_network", name="Ours")
    PartnerFactory.create(government=world.government, kind="company", name="A company")
    PartnerFactory.create(government=world.other_government, kind="city_network", name="Theirs")
    form = world.client_for("coordinator").get(reverse("networks:network-create"))
    choices = [str(c[1]) for c in form.context["form"].fields["partner"].choices]
    assert "Ours" in choices
    assert "A company" not in choices
    assert "Theirs" not in choices
    assert ours.pk


def test_list_filters_and_exports(world):
    government = world.government
    active = NetworkFactory.create(government=government, name="Eurocities", scope="regional")
    NetworkMembershipFactory.create(network=active, annual_fee=Decimal("900"), currency="EUR")
    ended = NetworkFactory.create(government=government, name="ICLEI", scope="thematic")
    NetworkMembershipFactory.create(network=ended, status="ended")
    NetworkFactory.create(government=government, name="C40", scope="global")
    NetworkFactory.create(government=world.other_government, name="Foreign network")
    client = world.client_for("viewer")
    url = reverse("networks:network-list")

    def names(**params):
        return [n.name for n in client.get(url, params).context["object_list"]]

    assert names() == ["C40", "Eurocities", "ICLEI"]
    assert names(membership="active") == ["Eurocities"]
    assert names(membership="none") == ["C40"]
    assert names(scope="thematic") == ["ICLEI"]
    assert names(q="euro") == ["Eurocities"]
    assert names(ordering="-name") == ["ICLEI", "Eurocities", "C40"]
    response = client.get(url, {"membership": "active", "export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == ["Eurocities"]
    assert rows[1][4:9] == ["active", "", "", "900.00", "EUR"]
    response = client.get(url, {"scope": "global", "export": "xlsx"})
    values = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert [r[0] for r in values[1:]] == ["C40"]
    outsider = world.client_for("outsider").get(url).content.decode()
    assert "Eurocities" not in outsider
    assert "Foreign network" in outsider


def test_list_queries(world):
    government = world.government

    def add_rows(n):
        networks = Network.objects.bulk_create(
            Network(government=government, name=f"N{i}", scope="global") for i in range(n)
        )
        NetworkMembership.objects.bulk_create(
            NetworkMembership(government=government, network=network, department=world.department)
            for network in networks
        )

    client = world.client_for("viewer")
    url = reverse("networks:network-list")
    assert_constant_queries(client, url, add_rows, budget=10, few=10, many=500)


@pytest.mark.parametrize("page", ["network", "membership"])
def test_detail_queries(world, page):
    network = NetworkFactory.create(government=world.government)
    membership = NetworkMembershipFactory.create(network=network, department=world.department)

    def add_rows(n):
        NetworkPost.objects.bulk_create(
            NetworkPost(government=world.government, membership=membership, title=f"P{i}")
            for i in range(n)
        )

    client = world.client_for("coordinator")
    if page == "network":
        url = reverse("networks:network-detail", args=[network.pk])
    else:
        url = reverse("networks:membership-detail", args=[membership.pk])
    # The network page also lists our positions and those of other members (3 queries).
    budget = 13 if page == "network" else 10
    assert_constant_queries(client, url, add_rows, budget=budget, few=10, many=500)
