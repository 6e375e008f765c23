"""Every write to city networks, the government's memberships and the posts it holds."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from lazos.core.services import delete_audited, save_audited
from lazos.networks.models import Network, NetworkMembership, NetworkPost
from lazos.partners.choices import PartnerKind

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


def _own(government_id: int, field: str, related: Any) -> None:
    if related is not None and related.government_id != government_id:
        raise ValidationError({field: _("Choose a record of your own government.")})


def _check_network_values(government_id: int, values: dict[str, Any]) -> None:
    partner = values.get("partner")
    _own(government_id, "partner", partner)
    if partner is not None and partner.kind != PartnerKind.CITY_NETWORK:
        raise ValidationError({"partner": _("Choose a partner of the kind “city network”.")})


# --- Networks --------------------------------------------------------------------------------


@transaction.atomic
def create_network(
    government: Any, *, acting_user: Any, tags: Iterable[str] = (), **values: Any
) -> Network:
    _check_network_values(government.pk, values)
    network = Network(government=government)
    return save_audited(
        network, acting_user=acting_user, fields=NETWORK_FIELDS, values=values, tags=list(tags)
    )


@transaction.atomic
def update_network(
    network: Network, *, acting_user: Any, tags: Iterable[str] | None = None, **values: Any
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
def delete_network(network: Network, *, acting_user: Any) -> None:
    delete_audited(network, acting_user=acting_user)


# --- Memberships -----------------------------------------------------------------------------


@transaction.atomic
def create_network_membership(
    government: Any, *, acting_user: Any, network: Network, **values: Any
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
    membership: NetworkMembership, *, acting_user: Any, **values: Any
) -> NetworkMembership:
    _own(membership.government_id, "department", values.get("department"))
    return save_audited(
        membership, acting_user=acting_user, fields=MEMBERSHIP_FIELDS, values=values
    )


@transaction.atomic
def delete_network_membership(membership: NetworkMembership, *, acting_user: Any) -> None:
    delete_audited(membership, acting_user=acting_user)


# --- Posts held ------------------------------------------------------------------------------


@transaction.atomic
def add_network_post(
    membership: NetworkMembership, *, acting_user: Any, **values: Any
) -> NetworkPost:
    post = NetworkPost(government_id=membership.government_id, membership=membership)
    return save_audited(post, acting_user=acting_user, fields=POST_FIELDS, values=values)


@transaction.atomic
def update_network_post(post: NetworkPost, *, acting_user: Any, **values: Any) -> NetworkPost:
    return save_audited(post, acting_user=acting_user, fields=POST_FIELDS, values=values)


@transaction.atomic
def delete_network_post(post: NetworkPost, *, acting_user: Any) -> None:
    delete_audited(post, acting_user=acting_user)
