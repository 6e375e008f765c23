"""Which records of different governments are the same network.

Every government keeps its own record of a network (``Network`` is tenant-owned), written in
its own language: Villa Esperanza's "Ciudades y Gobiernos Locales Unidos (CGLU)" and
Lac-Saint-Amand's "Cités et Gouvernements Locaux Unis" are one network. The directory key
says so: the registered domain of the website when there is one ("uclg.org"), otherwise the
folded acronym, otherwise the folded name.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.db.models import QuerySet
from django.utils.text import slugify

from lazos.core.content import base_language
from lazos.networks.choices import MembershipStatus, NetworkScope
from lazos.networks.models import NetworkMembership
from lazos.reference.text import fold

if TYPE_CHECKING:
    from lazos.governments.models import Government
    from lazos.networks.models import Network


def directory_key(website: str = "", acronym: str = "", name: str = "") -> str:
    """A stable, URL-safe key shared by every government's record of the same network."""
    host = (urlsplit(website).hostname or "") if website else ""
    if host:
        host = host.removeprefix("www.")
        return slugify(host.replace(".", "-"))
    return slugify(fold(acronym or name))[:80]


def key_of(network: Network) -> str:
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


def own_network_keys(government: Government, *, active_only: bool = True) -> set[str]:
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


# --- The directory: public memberships grouped by key ---------------------------------------

# The only fields of a membership, its network and its government the directory reads (the
# public ones, see ``lazos.portal.public``): fees, working groups, duties, departments never.
DIRECTORY_FIELDS = (
    "id",
    "government_id",
    "network_id",
    "status",
    "since",
    "until",
    "network__id",
    "network__name",
    "network__acronym",
    "network__scope",
    "network__website",
    "network__partner_id",
    "government__id",
    "government__name",
    "government__slug",
    "government__country",
    "government__portal_enabled",
    "government__official_languages",
)


def directory_memberships() -> QuerySet[NetworkMembership]:
    """Every public membership that has not ended, with its network and government. One
    query; only public fields are loaded."""
    return (
        NetworkMembership.objects.public()
        .current()
        .select_related("network", "government")
        .only(*DIRECTORY_FIELDS)
        .order_by("government__name", "pk")
    )


def record_language(government: Government) -> str:
    """The language a government writes its records in: its first official language."""
    languages = getattr(government, "official_languages", None) or []
    return base_language(languages[0]) if languages else ""


def _most_common(values: Iterable[str]) -> str:
    """The most frequent non-empty value; ties go to the first met."""
    counts = Counter(value for value in values if value)
    return counts.most_common(1)[0][0] if counts else ""


@dataclass
class DirectoryNetwork:
    """One network of the directory: every public membership of every government in it."""

    key: str
    memberships: list[NetworkMembership] = field(default_factory=list)
    name: str = ""
    acronym: str = ""
    website: str = ""
    scope: str = ""
    language: str = ""
    other_names: list[str] = field(default_factory=list)
    open_positions: int = 0

    @property
    def government_count(self) -> int:
        return len({m.government_id for m in self.memberships})

    @property
    def network_ids(self) -> list[int]:
        return sorted({m.network_id for m in self.memberships})

    def get_scope_display(self) -> str:
        return str(dict(NetworkScope.choices).get(self.scope, self.scope))

    def describe(self, language: str) -> None:
        """Choose the name, acronym and website to show: the most common among the records
        written in ``language`` when there is one, else the most common of all."""
        language = base_language(language)
        networks = [m.network for m in self.memberships]
        in_language = [
            m.network for m in self.memberships if record_language(m.government) == language
        ]
        candidates = in_language or networks
        self.name = _most_common(n.name for n in candidates)
        chosen = next(n for n in candidates if n.name == self.name)
        self.language = next(
            record_language(m.government) for m in self.memberships if m.network is chosen
        )
        self.acronym = chosen.acronym or _most_common(n.acronym for n in networks)
        self.website = chosen.website or _most_common(n.website for n in networks)
        self.scope = _most_common(n.scope for n in networks)
        self.other_names = sorted({n.name for n in networks} - {self.name}, key=fold)


def group_directory(
    memberships: Iterable[NetworkMembership], language: str
) -> dict[str, DirectoryNetwork]:
    """key → the network with its memberships (those given), described in ``language``;
    ordered by name."""
    groups: dict[str, DirectoryNetwork] = {}
    for membership in memberships:
        key = key_of(membership.network)
        if not key:
            continue
        groups.setdefault(key, DirectoryNetwork(key=key)).memberships.append(membership)
    for group in groups.values():
        group.describe(language)
    return dict(sorted(groups.items(), key=lambda item: (fold(item[1].name), item[0])))


def public_network_ids(keys: Iterable[str]) -> dict[str, set[int]]:
    """key → ids of the network records (of any government) with that key that have a public
    membership that has not ended. One query."""
    wanted = set(keys)
    found: dict[str, set[int]] = defaultdict(set)
    if not wanted:
        return {}
    rows = (
        NetworkMembership.objects.public()
        .current()
        .values_list("network_id", "network__website", "network__acronym", "network__name")
    )
    for network_id, website, acronym, name in rows:
        key = directory_key(website, acronym, name)
        if key in wanted:
            found[key].add(network_id)
    return dict(found)
