"""Query budgets of the register's lists: the same number of queries for 10 rows as for 500
(a full page), every row with the related objects its serializer reads."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType

from lazos.actions.models import (
    Action,
    ActionLocalActor,
    BudgetLine,
    Commitment,
    Mission,
    Traveller,
)
from lazos.actions.tests.factories import ActionFactory, make_actor
from lazos.actors.models import LocalActor
from lazos.agreements.models import Agreement, Signatory
from lazos.api.tests.helpers import api_client
from lazos.core.models import Attachment, Tag
from lazos.core.testing import TenantWorld, assert_constant_queries
from lazos.networks.models import Network, NetworkMembership, NetworkPost
from lazos.partners.models import Contact, Partner, PartnerNote
from lazos.partners.tests.factories import make_city
from lazos.reference.models import SdgTarget, Theme

pytestmark = pytest.mark.django_db

BUDGET = 10
_serial = itertools.count(1)

Adder = Callable[[int], object]


def _names(n: int, prefix: str) -> list[str]:
    return [f"{prefix} {next(_serial)}" for _ in range(n)]


def _link(through: type, left: str, right: str, pairs: list[tuple[Any, Any]]) -> None:
    through.objects.bulk_create(  # type: ignore[attr-defined]
        [through(**{f"{left}_id": a, f"{right}_id": b}) for a, b in pairs]
    )


@dataclass
class Parents:
    """The objects every added row points to."""

    partner: Partner
    tag: Tag
    agreement: Agreement
    action: Action
    mission: Mission
    network: Network
    actor: LocalActor


def _parents(world: TenantWorld) -> Parents:
    government = world.government
    partner = Partner.objects.create(government=government, name="Porto", kind="local_government")
    tag = Tag.objects.create(government=government, name="water", slug="water")
    agreement = Agreement.objects.create(
        government=government, title="Twinning", kind="twinning", lead_department=world.department
    )
    agreement.partners.set([partner])
    action = ActionFactory.create(
        government=government, modality="mission", lead_department=world.department
    )
    return Parents(
        partner=partner,
        tag=tag,
        agreement=agreement,
        action=action,
        mission=Mission.objects.create(government=government, action=action),
        network=Network.objects.create(government=government, name="Eurocities", scope="regional"),
        actor=make_actor(government, "University"),
    )


def adders(world: TenantWorld) -> dict[str, Adder]:
    g, dept = world.government, world.department
    p = _parents(world)
    partner, tag, agreement, action = p.partner, p.tag, p.agreement, p.action
    mission, network = p.mission, p.network
    city = make_city()
    theme = Theme.objects.first()
    target = SdgTarget.objects.first()

    def partners(n: int) -> None:
        rows = Partner.objects.bulk_create(
            Partner(government=g, name=name, kind="university", place=city)
            for name in _names(n, "Partner")
        )
        _link(Partner.tags.through, "partner", "tag", [(r.pk, tag.pk) for r in rows])

    def contacts(n: int) -> None:
        Contact.objects.bulk_create(
            Contact(government=g, partner=partner, name=name) for name in _names(n, "Contact")
        )

    def notes(n: int) -> None:
        PartnerNote.objects.bulk_create(
            PartnerNote(
                government=g,
                partner=partner,
                text=text,
                department=dept,
                author=world.users["editor"],
            )
            for text in _names(n, "Note")
        )

    def agreements(n: int) -> None:
        rows = Agreement.objects.bulk_create(
            Agreement(government=g, title=title, kind="mou", lead_department=dept)
            for title in _names(n, "Agreement")
        )
        _link(
            Agreement.partners.through, "agreement", "partner", [(r.pk, partner.pk) for r in rows]
        )
        _link(Agreement.tags.through, "agreement", "tag", [(r.pk, tag.pk) for r in rows])
        if theme is not None:
            _link(Agreement.themes.through, "agreement", "theme", [(r.pk, theme.pk) for r in rows])
        if target is not None:
            _link(
                Agreement.sdg_targets.through,
                "agreement",
                "sdgtarget",
                [(r.pk, target.pk) for r in rows],
            )

    def signatories(n: int) -> None:
        Signatory.objects.bulk_create(
            Signatory(government=g, agreement=agreement, side="partner", partner=partner, name=name)
            for name in _names(n, "Signatory")
        )

    def actions(n: int) -> None:
        rows = Action.objects.bulk_create(
            Action(
                government=g,
                title=title,
                modality="culture",
                agreement=agreement,
                lead_department=dept,
            )
            for title in _names(n, "Action")
        )
        _link(Action.partners.through, "action", "partner", [(r.pk, partner.pk) for r in rows])
        _link(Action.departments.through, "action", "department", [(r.pk, dept.pk) for r in rows])
        _link(Action.tags.through, "action", "tag", [(r.pk, tag.pk) for r in rows])

    def budget_lines(n: int) -> None:
        BudgetLine.objects.bulk_create(
            BudgetLine(government=g, action=action, source="own", amount=Decimal("10"), funder=f)
            for f in _names(n, "Funder")
        )

    def participations(n: int) -> None:
        actors = LocalActor.objects.bulk_create(
            LocalActor(government=g, name=name, kind="media") for name in _names(n, "Actor")
        )
        ActionLocalActor.objects.bulk_create(
            ActionLocalActor(government=g, action=action, actor=actor) for actor in actors
        )

    def missions(n: int) -> None:
        trips = Action.objects.bulk_create(
            Action(government=g, title=title, modality="mission", lead_department=dept)
            for title in _names(n, "Trip")
        )
        Mission.objects.bulk_create(
            Mission(government=g, action=trip, destination=city) for trip in trips
        )

    def travellers(n: int) -> None:
        Traveller.objects.bulk_create(
            Traveller(government=g, mission=mission, name=name, department=dept)
            for name in _names(n, "Traveller")
        )

    def commitments(n: int) -> None:
        Commitment.objects.bulk_create(
            Commitment(
                government=g,
                title=title,
                action=action,
                agreement=agreement,
                partner=partner,
                department=dept,
                responsible_user=world.users["editor"],
            )
            for title in _names(n, "Commitment")
        )

    def networks(n: int) -> None:
        rows = Network.objects.bulk_create(
            Network(government=g, name=name, scope="global", partner=partner)
            for name in _names(n, "Network")
        )
        _link(Network.tags.through, "network", "tag", [(r.pk, tag.pk) for r in rows])
        NetworkMembership.objects.bulk_create(
            NetworkMembership(government=g, network=row) for row in rows
        )

    def memberships(n: int) -> None:
        rows = Network.objects.bulk_create(
            Network(government=g, name=name, scope="global") for name in _names(n, "Member of")
        )
        NetworkMembership.objects.bulk_create(
            NetworkMembership(government=g, network=row, department=dept) for row in rows
        )

    membership = NetworkMembership.objects.create(government=g, network=network)

    def posts(n: int) -> None:
        NetworkPost.objects.bulk_create(
            NetworkPost(government=g, membership=membership, title=title)
            for title in _names(n, "Post")
        )

    def local_actors(n: int) -> None:
        rows = LocalActor.objects.bulk_create(
            LocalActor(government=g, name=name, kind="diaspora") for name in _names(n, "Group")
        )
        _link(LocalActor.tags.through, "localactor", "tag", [(r.pk, tag.pk) for r in rows])

    content_type = ContentType.objects.get_for_model(Agreement)

    def documents(n: int) -> None:
        Attachment.objects.bulk_create(
            Attachment(
                government=g,
                content_type=content_type,
                object_id=agreement.pk,
                title=title,
                file=f"attachments/{g.pk}/{title}.pdf",
                original_name=f"{title}.pdf",
                size=100,
                mime_type="application/pdf",
                uploaded_by=world.users["editor"],
            )
            for title in _names(n, "Document")
        )

    return {
        "partners": partners,
        "contacts": contacts,
        "partner-notes": notes,
        "agreements": agreements,
        "signatories": signatories,
        "actions": actions,
        "budget-lines": budget_lines,
        "participations": participations,
        "missions": missions,
        "travellers": travellers,
        "commitments": commitments,
        "networks": networks,
        "network-memberships": memberships,
        "network-posts": posts,
        "local-actors": local_actors,
        "documents": documents,
    }


PATHS = [
    "partners",
    "contacts",
    "partner-notes",
    "agreements",
    "signatories",
    "actions",
    "budget-lines",
    "participations",
    "missions",
    "travellers",
    "commitments",
    "networks",
    "network-memberships",
    "network-posts",
    "local-actors",
    "documents",
]


@pytest.mark.parametrize("path", PATHS)
def test_list_queries_do_not_grow_with_rows(world: TenantWorld, path: str) -> None:
    client = api_client(world, "viewer")
    url = f"/api/v1/{path}/?page_size=500"
    client.get(url)  # the token's first use is recorded once: not part of the budget
    add_rows = adders(world)[path]
    assert_constant_queries(client, url, add_rows, budget=BUDGET, few=10, many=500)
    assert client.get(url).json()["count"] >= 500
