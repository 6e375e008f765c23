"""The demo's network positions: loaded through the services, endorsed by eligible members
only, and idempotent."""

from __future__ import annotations

import pytest

from lazos.core.models import AuditEvent
from lazos.core.testing.builders import GovernmentFactory
from lazos.demo.kit import DemoReport
from lazos.networks.choices import MembershipStatus, PositionStatus
from lazos.networks.demo import load_network_positions
from lazos.networks.models import Endorsement, NetworkMembership, NetworkPost, Position
from lazos.networks.tests.factories import NetworkFactory, NetworkMembershipFactory

pytestmark = pytest.mark.django_db

# slug, language, (website, status, public) of its networks — as the demo register has them
GOVERNMENTS = (
    ("villa-esperanza", "es", (
        ("https://www.uclg.org/es", MembershipStatus.ACTIVE, False),
        ("https://iclei.org", MembershipStatus.APPLYING, True),
        ("https://www.edcities.org/es", MembershipStatus.ENDED, True),
    )),
    ("rio-claro-do-sul", "pt", (
        ("https://www.uclg.org/pt", MembershipStatus.ACTIVE, True),
        ("https://iclei.org/pt", MembershipStatus.ACTIVE, True),
        ("https://www.edcities.org/pt", MembershipStatus.ACTIVE, True),
    )),
    ("lac-saint-amand", "fr", (
        ("https://www.uclg.org/fr", MembershipStatus.ACTIVE, True),
        ("https://www.edcities.org/fr", MembershipStatus.ACTIVE, True),
    )),
)  # fmt: skip


@pytest.fixture
def demo_governments():
    found = {}
    for slug, language, networks in GOVERNMENTS:
        government = GovernmentFactory.create(slug=slug, official_languages=[language])
        for website, status, public in networks:
            network = NetworkFactory.create(government=government, website=website)
            NetworkMembershipFactory.create(network=network, status=status, is_public=public)
        found[slug] = government
    return found


def test_load_network_positions(demo_governments):
    report = DemoReport()
    load_network_positions(report)
    villa = demo_governments["villa-esperanza"]
    rio = demo_governments["rio-claro-do-sul"]
    lac = demo_governments["lac-saint-amand"]
    # Active memberships became public through the audited service.
    assert not NetworkMembership.objects.filter(government=villa, status="active", is_public=False)
    assert AuditEvent.objects.filter(
        government=villa, content_type__model="networkmembership", action="update"
    ).exists()
    positions = {p.government.slug: p for p in Position.objects.select_related("government")}
    assert set(positions) == {"villa-esperanza", "rio-claro-do-sul", "lac-saint-amand"}
    assert positions["villa-esperanza"].status == PositionStatus.OPEN
    assert positions["villa-esperanza"].is_open_for_endorsement
    assert positions["rio-claro-do-sul"].status == PositionStatus.OPEN
    assert positions["lac-saint-amand"].status == PositionStatus.CLOSED

    def endorsers(slug):
        return set(
            Endorsement.objects.filter(position=positions[slug]).values_list(
                "government__slug", flat=True
            )
        )

    assert endorsers("villa-esperanza") == {"rio-claro-do-sul", "lac-saint-amand"}
    assert endorsers("rio-claro-do-sul") == {"lac-saint-amand"}
    assert endorsers("lac-saint-amand") == {"rio-claro-do-sul"}
    assert all(e.signatory for e in Endorsement.objects.all())
    closed = positions["lac-saint-amand"]
    endorsement = Endorsement.objects.get(position=closed)
    assert closed.opened_on is not None
    assert closed.closes_on is not None
    assert closed.opened_on <= endorsement.endorsed_on <= closed.closes_on
    # Lac-Saint-Amand joined ICLEI to endorse the climate finance position; Villa Esperanza,
    # only applying, could not.
    assert NetworkMembership.objects.filter(government=lac, network__acronym="ICLEI").exists()
    assert NetworkPost.objects.filter(government=lac).count() == 1
    assert Endorsement.objects.filter(government=villa).count() == 0
    assert rio.pk
    assert report.created

    events = AuditEvent.objects.count()
    again = DemoReport()
    load_network_positions(again)
    assert again.created == []
    assert AuditEvent.objects.count() == events
    assert Position.objects.count() == 3
    assert Endorsement.objects.count() == 4
