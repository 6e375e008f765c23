"""Every write to city networks, the government's memberships, the posts it holds, its network
positions and its endorsements of other members' positions."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from lazos.core.events import notify
from lazos.core.services import delete_audited, save_audited
from lazos.core.tenancy import require_same_government
from lazos.networks.choices import MembershipStatus, PositionStatus
from lazos.networks.directory import key_of, own_network_keys
from lazos.networks.events import ENDORSEMENT_RECEIVED
from lazos.networks.models import Endorsement, Network, NetworkMembership, NetworkPost, Position
from lazos.partners.choices import PartnerKind

if TYPE_CHECKING:
    from lazos.accounts.models import User
    from lazos.governments.models import Government

NETWORK_FIELDS = ("name", "acronym", "scope", "website", "description", "partner")
MEMBERSHIP_FIELDS = (
    "status",
    "is_public",
    "since",
    "until",
    "annual_fee",
    "currency",
    "department",
    "working_groups",
    "reporting_duties",
)
POST_FIELDS = ("title", "holder", "start", "end")


def _own(government_id: int, field: str, related: Model | None) -> None:
    require_same_government(government_id, field, related)


def _check_network_values(government_id: int, values: dict[str, Any]) -> None:
    partner = values.get("partner")
    _own(government_id, "partner", partner)
    if partner is not None and partner.kind != PartnerKind.CITY_NETWORK:
        raise ValidationError({"partner": _("Choose a partner of the kind “city network”.")})


# --- Networks --------------------------------------------------------------------------------


@transaction.atomic
def create_network(
    government: Government, *, acting_user: User | None, tags: Iterable[str] = (), **values: Any
) -> Network:
    _check_network_values(government.pk, values)
    network = Network(government=government)
    return save_audited(
        network, acting_user=acting_user, fields=NETWORK_FIELDS, values=values, tags=list(tags)
    )


@transaction.atomic
def update_network(
    network: Network, *, acting_user: User, tags: Iterable[str] | None = None, **values: Any
) -> Network:
    _check_network_values(network.government_id, values)
    return save_audited(
        network,
        acting_user=acting_user,
        fields=NETWORK_FIELDS,
        values=values,
        tags=list(tags) if tags is not None else None,
    )


@transaction.atomic
def delete_network(network: Network, *, acting_user: User) -> None:
    delete_audited(network, acting_user=acting_user)


# --- Memberships -----------------------------------------------------------------------------


@transaction.atomic
def create_network_membership(
    government: Government, *, acting_user: User | None, network: Network, **values: Any
) -> NetworkMembership:
    """Record the government's membership in ``network``; the fee's currency defaults to the
    government's currency."""
    _own(government.pk, "network", network)
    _own(government.pk, "department", values.get("department"))
    if not values.get("currency"):
        values["currency"] = government.currency
    membership = NetworkMembership(government=government, network=network)
    return save_audited(
        membership, acting_user=acting_user, fields=MEMBERSHIP_FIELDS, values=values
    )


@transaction.atomic
def update_network_membership(
    membership: NetworkMembership, *, acting_user: User | None, **values: Any
) -> NetworkMembership:
    _own(membership.government_id, "department", values.get("department"))
    return save_audited(
        membership, acting_user=acting_user, fields=MEMBERSHIP_FIELDS, values=values
    )


@transaction.atomic
def delete_network_membership(membership: NetworkMembership, *, acting_user: User) -> None:
    delete_audited(membership, acting_user=acting_user)


# --- Posts held ------------------------------------------------------------------------------


@transaction.atomic
def add_network_post(
    membership: NetworkMembership, *, acting_user: User | None, **values: Any
) -> NetworkPost:
    post = NetworkPost(government_id=membership.government_id, membership=membership)
    return save_audited(post, acting_user=acting_user, fields=POST_FIELDS, values=values)


@transaction.atomic
def update_network_post(post: NetworkPost, *, acting_user: User, **values: Any) -> NetworkPost:
    return save_audited(post, acting_user=acting_user, fields=POST_FIELDS, values=values)


@transaction.atomic
def delete_network_post(post: NetworkPost, *, acting_user: User) -> None:
    delete_audited(post, acting_user=acting_user)


# --- Positions and endorsements ----------------------------------------------------------------

POSITION_FIELDS = (
    "network",
    "title",
    "summary",
    "statement",
    "process",
    "language",
    "translations",
    "opened_on",
    "closes_on",
)
POSITION_TEXT_FIELDS = ("title", "summary")


def _check_position_network(government_id: int, network: Network | None) -> None:
    """The author's own record of a network it has a membership in (not ended)."""
    if network is None:
        return
    _own(government_id, "network", network)
    has_membership = (
        NetworkMembership.objects.for_tenant(government_id)
        .filter(network=network)
        .exclude(status=MembershipStatus.ENDED)
        .exists()
    )
    if not has_membership:
        raise ValidationError(
            {
                "network": _(
                    "Choose a network your government is a member of: “%(network)s” has no "
                    "current membership."
                )
                % {"network": network}
            }
        )


def _clean_translations(value: Any) -> dict[str, dict[str, str]]:
    """Keep only the translatable texts, stripped, and languages that have one."""
    if not isinstance(value, dict):
        raise ValidationError({"translations": _("Translations must be given by language.")})
    cleaned: dict[str, dict[str, str]] = {}
    for code, fields in value.items():
        if not isinstance(fields, dict):
            raise ValidationError({"translations": _("Translations must be given by language.")})
        texts = {
            name: str(fields.get(name) or "").strip()
            for name in POSITION_TEXT_FIELDS
            if str(fields.get(name) or "").strip()
        }
        if texts:
            cleaned[str(code)] = texts
    return cleaned


@transaction.atomic
def create_position(
    government: Government, *, acting_user: User | None, network: Network, **values: Any
) -> Position:
    """Write a draft position of the government in one of its networks."""
    _check_position_network(government.pk, network)
    if "translations" in values:
        values["translations"] = _clean_translations(values["translations"])
    position = Position(government=government, status=PositionStatus.DRAFT)
    return save_audited(
        position,
        acting_user=acting_user,
        fields=POSITION_FIELDS,
        values={"network": network, **values},
    )


@transaction.atomic
def update_position(position: Position, *, acting_user: User | None, **values: Any) -> Position:
    """Change the texts and dates; the network only while the position is a draft."""
    network = values.get("network")
    if network is not None and network.pk != position.network_id:
        if position.status != PositionStatus.DRAFT:
            raise ValidationError(
                {"network": _("The network of a published position cannot change.")}
            )
        _check_position_network(position.government_id, network)
    if "translations" in values:
        values["translations"] = _clean_translations(values["translations"])
    return save_audited(position, acting_user=acting_user, fields=POSITION_FIELDS, values=values)


@transaction.atomic
def open_position(position: Position, *, acting_user: User | None) -> Position:
    """Open a draft (or reopen a closed) position for endorsement by the network's members.

    It becomes public. The author's membership in the network must be public, since other
    members find positions through the network directory.
    """
    today = timezone.localdate()
    if position.status == PositionStatus.OPEN:
        raise ValidationError(_("The position is already open for endorsement."))
    if position.closes_on and position.closes_on < today:
        raise ValidationError(
            {
                "closes_on": _(
                    "Endorsements were to close on %(date)s: set a later closing date first."
                )
                % {"date": date_format(position.closes_on)}
            }
        )
    shown = (
        NetworkMembership.objects.for_tenant(position.government_id)
        .filter(network_id=position.network_id)
        .current()
        .public()
        .exists()
    )
    if not shown:
        raise ValidationError(
            _(
                "Make your membership in %(network)s public before opening a position: "
                "other members find positions through the network directory."
            )
            % {"network": position.network}
        )
    values: dict[str, Any] = {"status": PositionStatus.OPEN}
    if position.opened_on is None:
        values["opened_on"] = today
    return save_audited(position, acting_user=acting_user, fields=values, values=values)


@transaction.atomic
def close_position(position: Position, *, acting_user: User | None) -> Position:
    """Close an open position: no more endorsements; the list of endorsements stays public."""
    if position.status != PositionStatus.OPEN:
        raise ValidationError(_("Only a position open for endorsement can be closed."))
    today = timezone.localdate()
    values: dict[str, Any] = {"status": PositionStatus.CLOSED}
    if position.closes_on is None or position.closes_on > today:
        values["closes_on"] = max(today, position.opened_on or today)
    return save_audited(position, acting_user=acting_user, fields=values, values=values)


@transaction.atomic
def delete_position(position: Position, *, acting_user: User) -> None:
    """Delete a draft; a published position stays on record (close it instead)."""
    if position.status != PositionStatus.DRAFT:
        raise ValidationError(
            _("Only a draft can be deleted: a published position stays on record. Close it.")
        )
    delete_audited(position, acting_user=acting_user)


def endorsement_refusal(government: Government, position: Position) -> str | None:
    """Why ``government`` may not endorse ``position`` now (a translated sentence), or None.

    Eligible: the position is open and within its dates, and the government has an active
    membership, in its own records, in a network with the same directory key.
    """
    today = timezone.localdate()
    if position.status == PositionStatus.DRAFT:
        return str(_("This position is not published."))
    if position.status == PositionStatus.CLOSED:
        return str(_("This position is closed: it no longer takes endorsements."))
    if position.opened_on and position.opened_on > today:
        return str(
            _("This position opens for endorsement on %(date)s.")
            % {"date": date_format(position.opened_on)}
        )
    if position.closes_on and position.closes_on < today:
        return str(
            _("Endorsements of this position closed on %(date)s.")
            % {"date": date_format(position.closes_on)}
        )
    key = key_of(position.network)
    if key not in own_network_keys(government):
        own = next(
            (
                m
                for m in NetworkMembership.objects.for_tenant(government).select_related("network")
                if key_of(m.network) == key
            ),
            None,
        )
        if own is not None:
            return str(
                _(
                    "%(government)s has no active membership in %(network)s: its membership "
                    "is “%(status)s” in its register, and only active members of the network "
                    "can endorse its positions."
                )
                % {
                    "government": government.name,
                    "network": own.network,
                    "status": own.get_status_display(),
                }
            )
        return str(
            _(
                "%(government)s has no active membership in %(network)s in its register: only "
                "active members of the network can endorse its positions."
            )
            % {"government": government.name, "network": position.network}
        )
    if Endorsement.objects.for_tenant(government).filter(position=position).exists():
        return str(
            _("%(government)s has already endorsed this position.")
            % {"government": government.name}
        )
    return None


@transaction.atomic
def endorse_position(
    government: Government,
    *,
    position: Position,
    acting_user: User | None,
    signatory: str = "",
    note: str = "",
    endorsed_on: date | None = None,
) -> Endorsement:
    """Record ``government``'s endorsement of another (or its own) network position."""
    position = Position.objects.select_for_update().select_related("network").get(pk=position.pk)
    refusal = endorsement_refusal(government, position)
    if refusal:
        raise ValidationError(refusal)
    endorsement = Endorsement(government=government, position=position)
    values = {
        "endorsed_by": acting_user if getattr(acting_user, "pk", None) else None,
        "signatory": signatory.strip(),
        "note": note.strip(),
        "endorsed_on": endorsed_on or timezone.localdate(),
    }
    save_audited(
        endorsement,
        acting_user=acting_user,
        fields=values,
        values=values,
        note=str(position)[:200],
    )
    if government.pk != position.government_id:
        notify(
            ENDORSEMENT_RECEIVED.code,
            position,
            actor=acting_user,
            government=position.government,
            note=government.name,
        )
    return endorsement


@transaction.atomic
def withdraw_endorsement(government: Government, *, position: Position, acting_user: User) -> None:
    """Withdraw ``government``'s endorsement while the position is still open."""
    endorsement = (
        Endorsement.objects.for_tenant(government)
        .select_for_update()
        .filter(position=position)
        .first()
    )
    if endorsement is None:
        raise ValidationError(
            _("%(government)s has not endorsed this position.") % {"government": government.name}
        )
    if not position.is_open_for_endorsement:
        raise ValidationError(
            _("This position is closed: its endorsements can no longer be withdrawn.")
        )
    delete_audited(endorsement, acting_user=acting_user, note=str(position)[:200])
