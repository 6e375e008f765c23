"""The network directory: only public memberships (sentinel test), grouping by directory key,
names in the visitor's language, members, posts, events and positions of a network, filters,
the membership form's public flag, and query budgets."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from lazos.actions.choices import Modality
from lazos.actions.tests.factories import ActionFactory
from lazos.core.testing import assert_constant_queries, assert_permission_matrix
from lazos.core.testing.builders import GovernmentFactory
from lazos.networks.choices import MembershipStatus, NetworkScope, PositionStatus
from lazos.networks.directory import directory_key
from lazos.networks.models import NetworkMembership
from lazos.networks.tests.factories import (
    EndorsementFactory,
    NetworkFactory,
    NetworkMembershipFactory,
    NetworkPostFactory,
    PositionFactory,
)
from lazos.partners.choices import PartnerKind
from lazos.partners.tests.factories import PartnerFactory

pytestmark = pytest.mark.django_db

UCLG = "uclg-org"
PUBLIC = dict.fromkeys(
    ("anonymous", "stranger", "outsider", "administrator", "coordinator", "editor", "viewer"),
    200,
)


def join(government, name, website="https://www.uclg.org", acronym="", *, partner=False, **values):
    network = NetworkFactory.create(
        government=government,
        name=name,
        acronym=acronym,
        website=website,
        partner=PartnerFactory.create(
            government=government, name=name, kind=PartnerKind.CITY_NETWORK
        )
        if partner
        else None,
    )
    values.setdefault("status", MembershipStatus.ACTIVE)
    return NetworkMembershipFactory.create(network=network, **values)


def test_directory_keys():
    assert directory_key("https://www.uclg.org/es", "CGLU", "Ciudades") == UCLG
    assert directory_key("http://uclg.org", "UCLG", "United") == UCLG
    assert directory_key("", "FLACMA", "Federación") == "flacma"
    assert directory_key("", "", "Réseau des Villes Éducatrices") == "reseau-des-villes-educatrices"


def test_directory_pages_are_public(world):
    join(world.government, "United Cities and Local Governments")
    assert_permission_matrix(world, reverse("directory:index"), PUBLIC)
    assert_permission_matrix(world, reverse("directory:network", args=[UCLG]), PUBLIC)
    assert (
        world.client_for("anonymous")
        .get(reverse("directory:network", args=["nothing-here"]))
        .status_code
        == 404
    )


def test_private_memberships_never_appear(world):
    """Sentinel: a government whose memberships are private, and a network only it belongs
    to, appear nowhere in the directory."""
    hidden = GovernmentFactory.create(name="Hidden SENTINEL City", slug="hidden-sentinel")
    join(world.government, "United Cities", acronym="UCLG")
    hidden_uclg = join(hidden, "UCLG SENTINEL record", is_public=False, annual_fee=123456)
    NetworkPostFactory.create(membership=hidden_uclg, title="SENTINEL presidency")
    join(hidden, "SENTINEL Secret League", "https://secret-league.example.org", is_public=False)
    ended = join(
        GovernmentFactory.create(name="Former SENTINEL member"),
        "Old SENTINEL Network",
        "https://old.example.org",
        status=MembershipStatus.ENDED,
    )
    assert ended.is_public
    client = world.client_for("anonymous")
    index = client.get(reverse("directory:index"))
    network = client.get(reverse("directory:network", args=[UCLG]))
    for response in (index, network):
        assert response.status_code == 200
        assert b"SENTINEL" not in response.content
        assert b"123456" not in response.content
    assert (
        client.get(reverse("directory:network", args=["secret-league-example-org"])).status_code
        == 404
    )
    assert client.get(reverse("directory:network", args=["old-example-org"])).status_code == 404
    assert (
        client.get(reverse("directory:index"), {"q": "secret league"}).content.count(b"SENTINEL")
        == 0
    )


def test_records_of_one_network_are_grouped_and_named_in_the_visitors_language(world):
    world.government.official_languages = ["es"]
    world.government.save()
    world.other_government.official_languages = ["pt"]
    world.other_government.save()
    third = GovernmentFactory.create(name="Ville de Lac", official_languages=["fr"])
    fourth = GovernmentFactory.create(name="Villa Nueva", official_languages=["es"])
    join(world.government, "Ciudades y Gobiernos Locales Unidos", "https://www.uclg.org/es", "CGLU")
    join(fourth, "Ciudades y Gobiernos Locales Unidos", "https://uclg.org/es", "CGLU")
    join(world.other_government, "Cidades e Governos Locais Unidos", "https://uclg.org/pt", "CGLU")
    join(third, "Cités et Gouvernements Locaux Unis", "https://www.uclg.org/fr", "CGLU")
    client = world.client_for("anonymous")
    url = reverse("directory:index")

    def page(language):
        client.cookies["django_language"] = language
        return client.get(url)

    spanish = page("es")
    assert len(spanish.context["networks"]) == 1
    network = spanish.context["networks"][0]
    assert network.key == UCLG
    assert network.government_count == 4
    assert network.name == "Ciudades y Gobiernos Locales Unidos"
    assert page("pt").context["networks"][0].name == "Cidades e Governos Locais Unidos"
    assert page("fr").context["networks"][0].name == "Cités et Gouvernements Locaux Unis"
    # Nobody wrote it in English: the most common name, marked with its language.
    english = page("en")
    assert english.context["networks"][0].name == "Ciudades y Gobiernos Locales Unidos"
    assert 'lang="es"' in english.content.decode()


def test_directory_filters(world):
    join(world.government, "Ciudades y Gobiernos Locales Unidos", acronym="CGLU")
    join(
        world.other_government,
        "Federación Latinoamericana de Ciudades",
        "https://www.flacma.lat",
        "FLACMA",
    )
    NetworkMembership.objects.filter(network__acronym="FLACMA").update()
    flacma = NetworkMembership.objects.get(network__acronym="FLACMA").network
    flacma.scope = NetworkScope.REGIONAL
    flacma.save()
    client = world.client_for("anonymous")
    url = reverse("directory:index")

    def keys(**params):
        return [n.key for n in client.get(url, params).context["networks"]]

    assert keys() == ["uclg-org", "flacma-lat"]
    assert keys(q="federacion latinoamericana") == ["flacma-lat"]  # accents ignored
    assert keys(q="cglu") == ["uclg-org"]
    assert keys(scope="regional") == ["flacma-lat"]
    assert keys(scope="regional", q="cglu") == []
    assert keys(scope="not-a-scope") == []


def test_network_page_members_posts_events_positions(world):
    ours = join(world.government, "UCLG", partner=True, since=date(2016, 3, 1))
    theirs = join(world.other_government, "CGLU", "https://uclg.org/pt", partner=True)
    world.other_government.portal_enabled = True
    world.other_government.save()
    world.government.portal_enabled = False
    world.government.save()
    NetworkPostFactory.create(
        membership=theirs, title="Vice-presidency", holder="Holder Name", start=date(2023, 1, 1)
    )
    event = ActionFactory.create(
        government=world.other_government,
        title="World Congress side event",
        modality=Modality.EVENT,
        is_public=True,
        public_summary="Public.",
        start_date=date(2025, 10, 1),
    )
    event.partners.set([theirs.network.partner])
    hidden = ActionFactory.create(
        government=world.other_government,
        title="Private event",
        modality=Modality.EVENT,
        is_public=False,
        start_date=date(2025, 10, 1),
    )
    hidden.partners.set([theirs.network.partner])
    unrelated = ActionFactory.create(
        government=world.other_government,
        title="Event with someone else",
        modality=Modality.NETWORK_ACTIVITY,
        is_public=True,
        public_summary="Public.",
    )
    unrelated.partners.set([PartnerFactory.create(government=world.other_government)])
    culture = ActionFactory.create(
        government=world.other_government,
        title="Culture with the network",
        modality=Modality.CULTURE,
        is_public=True,
        public_summary="Public.",
    )
    culture.partners.set([theirs.network.partner])
    # Our own partner record of the network does not count for the other government.
    crossed = ActionFactory.create(
        government=world.government,
        title="Our activity",
        modality=Modality.NETWORK_ACTIVITY,
        is_public=True,
        public_summary="Public.",
    )
    crossed.partners.set([ours.network.partner])
    published = PositionFactory.create(
        network=theirs.network, title="Local climate finance", status=PositionStatus.OPEN
    )
    EndorsementFactory.create(position=published, government=world.government)
    PositionFactory.create(network=ours.network, title="Draft position")

    response = world.client_for("anonymous").get(reverse("directory:network", args=[UCLG]))
    page = response.content.decode()
    assert world.government.name in page
    assert world.other_government.name in page
    assert reverse("portal:government", args=[world.other_government.slug]) in page
    assert reverse("portal:government", args=[world.government.slug]) not in page
    assert "2016" in page
    assert "Vice-presidency" in page
    assert "Holder Name" not in page
    assert "World Congress side event" in page
    assert (
        reverse(
            "portal:action", kwargs={"government_slug": world.other_government.slug, "id": event.pk}
        )
        in page
    )
    assert "Our activity" in page  # ours, with our own record of the network
    for absent in ("Private event", "Event with someone else", "Culture with the network"):
        assert absent not in page
    assert "Local climate finance" in page
    assert published.get_public_url() in page
    assert "1 endorsement" in page
    assert "Draft position" not in page


def test_membership_form_has_the_public_flag(world):
    membership = join(world.government, "UCLG")
    client = world.client_for("coordinator")
    url = reverse("networks:membership-edit", args=[membership.pk])
    form = client.get(url).content.decode()
    assert 'name="is_public"' in form
    assert "Fees, working groups and the names of post holders never do." in form
    response = client.post(url, {"status": "active", "currency": "EUR", "since": "", "until": ""})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.is_public is False
    assert (
        world.client_for("anonymous").get(reverse("directory:network", args=[UCLG])).status_code
        == 404
    )


@pytest.mark.parametrize("who", ["anonymous", "coordinator"])
def test_directory_queries(world, who):
    from django.core.cache import cache

    def add_rows(n):
        cache.clear()  # anonymous pages are cached; count the queries of a fresh page
        for i in range(n):
            government = GovernmentFactory.create(portal_enabled=True)
            membership = join(government, f"UCLG {i}", partner=True)
            join(government, f"Network {i}", f"https://n{i}-{government.pk}.example.org")
            NetworkPostFactory.create(membership=membership, start=date(2024, 1, 1))
            action = ActionFactory.create(
                government=government,
                modality=Modality.NETWORK_ACTIVITY,
                is_public=True,
                public_summary="Public.",
                start_date=date(2025, 1, 1),
            )
            action.partners.set([membership.network.partner])
            position = PositionFactory.create(
                network=membership.network, status=PositionStatus.OPEN
            )
            EndorsementFactory.create(position=position, government=world.government)

    client = world.client_for(who)
    assert_constant_queries(client, reverse("directory:index"), add_rows, budget=6)
    assert_constant_queries(client, reverse("directory:network", args=[UCLG]), add_rows, budget=8)
