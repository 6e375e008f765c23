"""Which records of different governments are the same network.

Every government keeps its own record of a network (``Network`` is tenant-owned), written in
its own language: Villa Esperanza's "Ciudades y Gobiernos Locales Unidos (CGLU)" and
Lac-Saint-Amand's "Cités et Gouvernements Locaux Unis" are one network. The directory key
says so: the registered domain of the website when there is one ("uclg.org"), otherwise the
folded acronym, otherwise the folded name.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from django.utils.text import slugify

from lazos.networks.choices import MembershipStatus
from lazos.networks.models import NetworkMembership
from lazos.reference.text import fold


def directory_key(website: str = "", acronym: str = "", name: str = "") -> str:
    """A stable, URL-safe key shared by every government's record of the same network."""
    host = (urlsplit(website).hostname or "") if website else ""
    if host:
        host = host.removeprefix("www.")
        return slugify(host.replace(".", "-"))
    return slugify(fold(acronym or name))[:80]


def key_of(network: Any) -> str:
    return directory_key(network.website, network.acronym, network.name)


def public_network_keys(government_ids: Iterable[int] | None = None) -> dict[int, set[str]]:
    """government id → keys of the networks it is a member of, from public memberships only
    (what other governments may know), ended memberships left out. One query."""
    memberships = NetworkMembership.objects.filter(is_public=True).exclude(
        status=MembershipStatus.ENDED
    )
    if government_ids is not None:
        memberships = memberships.filter(government_id__in=list(government_ids))
    keys: dict[int, set[str]] = defaultdict(set)
    for government_id, website, acronym, name in memberships.values_list(
        "government_id", "network__website", "network__acronym", "network__name"
    ):
        keys[government_id].add(directory_key(website, acronym, name))
    return dict(keys)


def own_network_keys(government: Any, *, active_only: bool = True) -> set[str]:
    """Keys of the networks ``government`` belongs to, from its own (private) records."""
    memberships = NetworkMembership.objects.for_tenant(government)
    memberships = (
        memberships.filter(status=MembershipStatus.ACTIVE)
        if active_only
        else memberships.exclude(status=MembershipStatus.ENDED)
    )
    return {
        directory_key(website, acronym, name)
        for website, acronym, name in memberships.values_list(
            "network__website", "network__acronym", "network__name"
        )
    }
