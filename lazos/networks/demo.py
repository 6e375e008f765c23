"""Demo network positions: statements the demo governments put to their networks, endorsed by
one another, so the network directory has something to show.

Runs once, after the three demo governments exist. Every write goes through the services
(audited, ``acting_user=None``); objects are looked up by their natural key first (the
network by its directory key, a position by its author and title, an endorsement by its
government and position), so a second run creates nothing. Mayors' names are fictional.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from lazos.demo import kit
from lazos.demo.kit import Choice, DataFile, DemoReport, Each, Nullable, demo_instance_step
from lazos.governments.models import Government
from lazos.networks.choices import MembershipStatus, NetworkScope, PositionStatus
from lazos.networks.directory import key_of
from lazos.networks.models import Endorsement, Network, NetworkMembership, NetworkPost, Position
from lazos.networks.services import (
    add_network_post,
    close_position,
    create_network,
    create_network_membership,
    create_position,
    endorse_position,
    open_position,
    update_network_membership,
    update_position,
)

VILLA = "villa-esperanza"
RIO = "rio-claro-do-sul"
LAC = "lac-saint-amand"


@dataclass(frozen=True)
class EndorsementSpec:
    government: str
    signatory: str
    note: str
    days_after_opening: int


@dataclass(frozen=True)
class PositionSpec:
    author: str
    network_key: str  # the directory key of the author's record of the network
    language: str
    title: str
    summary: str
    statement: str
    process: str
    opened_days_ago: int
    open_for_days: int | None  # None: no closing date
    closed: bool
    translations: dict[str, dict[str, str]] = field(default_factory=dict)
    endorsements: tuple[EndorsementSpec, ...] = ()


def _next_cop(today: date) -> str:
    # COP1 met in 1995, one a year, late in the year: the next one is in the coming year.
    return f"COP{today.year - 1994} (UNFCCC, {today.year + 1})"


SLUG = Choice((VILLA, RIO, LAC))
POSITIONS = DataFile(
    "networks",
    "positions",
    {
        "positions": [
            {
                "author": SLUG,
                "network_key": str,
                "language": str,
                "title": str,
                "summary": str,
                "statement": str,
                "process": str,  # {next_year}, {next_cop}
                "opened_days_ago": int,
                "open_for_days": Nullable(int),
                "closed": bool,
                "translations": Each({"title": str, "summary": str}),
                "endorsements": [
                    {"government": SLUG, "signatory": str, "note": str, "days_after_opening": int}
                ],
            }
        ],
        "lac_iclei": {
            "name": str,
            "acronym": str,
            "scope": Choice(NetworkScope.values),
            "website": str,
            "since": date,
        },
        "lac_post": {"network_key": str, "title": str, "holder": str, "start": date},
    },
)


def _position_specs(data: dict[str, Any], today: date) -> tuple[PositionSpec, ...]:
    """The positions of the data file, their process dated from ``today``."""
    return tuple(
        PositionSpec(
            **{
                **spec,
                "process": spec["process"].format(
                    next_year=today.year + 1, next_cop=_next_cop(today)
                ),
                "endorsements": tuple(
                    EndorsementSpec(**endorsement) for endorsement in spec["endorsements"]
                ),
            }
        )
        for spec in data["positions"]
    )


@demo_instance_step(order=30)
def load_network_positions(report: DemoReport) -> None:
    """Public memberships, a post held by Lac-Saint-Amand and three positions with their
    endorsements."""
    governments = {g.slug: g for g in Government.objects.filter(slug__in=(VILLA, RIO, LAC))}
    if len(governments) < 3:
        return
    data = POSITIONS.load()
    for government in governments.values():
        _publish_active_memberships(government, report)
    _join_iclei(governments[LAC], data["lac_iclei"], report)
    _add_post(governments[LAC], data["lac_post"], report)
    today = kit.today()
    for spec in _position_specs(data, today):
        _load_position(spec, governments, today, report)


def _publish_active_memberships(government: Government, report: DemoReport) -> None:
    for membership in (
        NetworkMembership.objects.for_tenant(government)
        .active()
        .filter(is_public=False)
        .select_related("network")
    ):
        update_network_membership(membership, acting_user=None, is_public=True)
        report.add(f"public membership of {government.slug} in {membership.network}")


def _own_network(government: Government, key: str) -> Network | None:
    return next(
        (n for n in Network.objects.for_tenant(government).order_by("pk") if key_of(n) == key),
        None,
    )


def _join_iclei(government: Government, spec: dict[str, Any], report: DemoReport) -> None:
    network = _own_network(government, "iclei-org")
    if network is None:
        network = create_network(
            government,
            acting_user=None,
            name=spec["name"],
            acronym=spec["acronym"],
            scope=spec["scope"],
            website=spec["website"],
        )
        report.add(f"network {network.name}")
    if not NetworkMembership.objects.for_tenant(government).filter(network=network).exists():
        create_network_membership(
            government,
            acting_user=None,
            network=network,
            status=MembershipStatus.ACTIVE,
            is_public=True,
            since=spec["since"],
        )
        report.add(f"membership of {government.slug} in ICLEI")


def _add_post(government: Government, spec: dict[str, Any], report: DemoReport) -> None:
    key, title, start = spec["network_key"], spec["title"], spec["start"]
    network = _own_network(government, key)
    membership = (
        NetworkMembership.objects.for_tenant(government).filter(network=network).first()
        if network
        else None
    )
    if membership is None:
        return
    if (
        not NetworkPost.objects.for_tenant(government)
        .filter(membership=membership, title=title)
        .exists()
    ):
        add_network_post(
            membership, acting_user=None, title=title, holder=spec["holder"], start=start
        )
        report.add(f"post {title}")


def _load_position(
    spec: PositionSpec, governments: dict[str, Government], today: date, report: DemoReport
) -> None:
    author = governments[spec.author]
    network = _own_network(author, spec.network_key)
    if network is None:
        return
    position = Position.objects.for_tenant(author).filter(title=spec.title).first()
    opened_on = today - timedelta(days=spec.opened_days_ago)
    closes_on = opened_on + timedelta(days=spec.open_for_days) if spec.open_for_days else None
    if position is None:
        position = create_position(
            author,
            acting_user=None,
            network=network,
            title=spec.title,
            summary=spec.summary,
            statement=spec.statement,
            process=spec.process,
            language=spec.language,
            translations=spec.translations,
            opened_on=opened_on,
            # A position closed since is endorsed while it was open; its date is set after.
            closes_on=None if spec.closed else closes_on,
        )
        report.add(f"position {spec.title}")
    if position.status == PositionStatus.DRAFT:
        open_position(position, acting_user=None)
    endorsed = set(
        Endorsement.objects.public()
        .filter(position=position)
        .values_list("government__slug", flat=True)
    )
    for endorsement in spec.endorsements:
        if endorsement.government in endorsed or position.status != PositionStatus.OPEN:
            continue
        _endorse(position, governments[endorsement.government], endorsement, opened_on)
        report.add(f"endorsement of {spec.title} by {endorsement.government}")
    if spec.closed and position.status == PositionStatus.OPEN:
        update_position(position, acting_user=None, closes_on=closes_on)
        close_position(position, acting_user=None)


def _endorse(
    position: Position, government: Government, spec: EndorsementSpec, opened_on: date
) -> Any:
    return endorse_position(
        government,
        position=position,
        acting_user=None,
        signatory=spec.signatory,
        note=spec.note,
        endorsed_on=min(opened_on + timedelta(days=spec.days_after_opening), kit.today()),
    )
