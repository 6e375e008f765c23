"""A third demo government, so the peer network has someone to compare with.

The City of Lac-Saint-Amand (Québec, French-speaking) has a small public register: a few
public actions in culture, participation, mobility and climate (none about waste, so that it
ranks below Rio Claro do Sul for a waste-management challenge), public memberships in two
networks, and its own coordinator, Claire. Loaded once, after the two main demo governments.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from lazos.actions.choices import ActionStatus, Modality
from lazos.actions.models import Action
from lazos.actions.services import create_action
from lazos.governments.choices import GovernmentKind, Role
from lazos.governments.models import Government
from lazos.networks.choices import MembershipStatus, NetworkScope
from lazos.networks.models import Network, NetworkMembership
from lazos.networks.services import create_network, create_network_membership
from lazos.portal.services import update_portal_settings
from lazos.reference.models import SdgTarget, Theme

if TYPE_CHECKING:
    from lazos.demo.builders import DemoReport

PEER_SLUG = "lac-saint-amand"
DEMO_GOVERNMENT_SLUGS = ("villa-esperanza", "rio-claro-do-sul", PEER_SLUG)

PEER_GOVERNMENT: dict[str, Any] = {
    "slug": PEER_SLUG,
    "name": "Ville de Lac-Saint-Amand",
    "kind": GovernmentKind.MUNICIPALITY,
    "country": "CA",
    "subdivision": "CA-QC",
    "population": 96000,
    "official_languages": ["fr"],
    "currency": "CAD",
    "departments": (
        ("Bureau des relations internationales", "BRI", "Jumelages, réseaux et coopération."),
        ("Service de la culture", "CULT", "Bibliothèques, festivals et patrimoine."),
        ("Service de la mobilité", "MOB", "Transport collectif et vélo quatre saisons."),
    ),
}

# username, first name, last name, role in Lac-Saint-Amand
PEER_USERS = (("claire", "Claire", "Tremblay", Role.COORDINATOR),)

# title, modality, status, start (years ago, month), themes, SDG targets, summary
PEER_ACTIONS: tuple[
    tuple[str, str, str, tuple[int, int], tuple[str, ...], tuple[str, ...], str], ...
] = (
    (
        "Festival international du conte de Lac-Saint-Amand",
        Modality.CULTURE,
        ActionStatus.ONGOING,
        (3, 9),
        ("culture",),
        ("11.4",),
        "Chaque automne, des conteuses et conteurs de douze pays se produisent dans les "
        "bibliothèques et les écoles de la ville.",
    ),
    (
        "Budget participatif jeunesse : échange avec des villes latino-américaines",
        Modality.TECHNICAL_EXCHANGE,
        ActionStatus.COMPLETED,
        (2, 3),
        ("governance", "education"),
        ("16.7",),
        "Des jeunes élus au conseil jeunesse ont étudié le budget participatif avec des "
        "villes du Brésil et du Mexique, puis l'ont adapté à Lac-Saint-Amand.",
    ),
    (
        "Vélo quatre saisons : mission technique dans les villes nordiques",
        Modality.MISSION,
        ActionStatus.COMPLETED,
        (1, 2),
        ("mobility",),
        ("11.2",),
        "Une mission de l'équipe de la mobilité pour apprendre à entretenir les pistes "
        "cyclables en hiver.",
    ),
    (
        "Plan d'adaptation aux inondations printanières",
        Modality.DECENTRALIZED_COOPERATION,
        ActionStatus.ONGOING,
        (1, 5),
        ("climate", "risk"),
        ("13.1", "11.5"),
        "Cartographie des zones inondables et alerte précoce, avec l'appui d'un réseau de "
        "villes riveraines.",
    ),
)

# key, name, acronym, scope, website, since
PEER_NETWORKS = (
    ("uclg", "Cités et Gouvernements Locaux Unis", "CGLU", NetworkScope.GLOBAL, "https://www.uclg.org/fr", 2015),
    ("aice", "Association internationale des villes éducatrices", "AIVE", NetworkScope.THEMATIC, "https://www.edcities.org/fr", 2018),
)  # fmt: skip


def load_peer_government(report: DemoReport) -> None:
    """Create Lac-Saint-Amand with its departments, people, public actions and networks."""
    from lazos.demo.builders import DEMO_USERS, _department, _government, _membership, _user

    government = _government(PEER_GOVERNMENT, report)
    for name, acronym, description in PEER_GOVERNMENT["departments"]:
        _department(government, name, acronym, description, report)
    for username, first, last, role in PEER_USERS:
        _membership(government, _user(username, first, last, report), role, [], report)
    # The demo administrator can look at every demo government.
    admin = next(spec for spec in DEMO_USERS if spec[0] == "admin")
    _membership(government, _user(*admin[:3], report), Role.ADMINISTRATOR, [], report)
    if not government.portal_enabled:
        update_portal_settings(
            government,
            acting_user=None,
            portal_enabled=True,
            portal_intro=(
                "Lac-Saint-Amand rend compte de son action internationale : jumelages, "
                "réseaux de villes et coopération."
            ),
            portal_intro_translations={},
            iati_organisation_identifier="",
            open_data_licence=government.open_data_licence,
        )
    _load_actions(government, report)
    _load_networks(government, report)


def _load_actions(government: Government, report: DemoReport) -> None:
    existing = set(Action.objects.for_tenant(government).values_list("title", flat=True))
    themes = {theme.code: theme for theme in Theme.objects.all()}
    targets = {target.code: target for target in SdgTarget.objects.all()}
    today = date.today()
    for title, modality, status, (
        years_ago,
        month,
    ), theme_codes, target_codes, summary in PEER_ACTIONS:
        if title in existing:
            continue
        create_action(
            government,
            acting_user=None,
            title=title,
            modality=modality,
            status=status,
            start_date=date(today.year - years_ago, month, 1),
            is_public=True,
            public_summary=summary,
            description=summary,
            themes=[themes[code] for code in theme_codes if code in themes],
            sdg_targets=[targets[code] for code in target_codes if code in targets],
        )
        report.add(f"action {title}")


def _load_networks(government: Government, report: DemoReport) -> None:
    networks = {n.name: n for n in Network.objects.for_tenant(government)}
    members = set(
        NetworkMembership.objects.for_tenant(government).values_list("network_id", flat=True)
    )
    for _key, name, acronym, scope, website, since in PEER_NETWORKS:
        network = networks.get(name) or create_network(
            government, acting_user=None, name=name, acronym=acronym, scope=scope, website=website
        )
        if network.pk not in members:
            create_network_membership(
                government,
                acting_user=None,
                network=network,
                status=MembershipStatus.ACTIVE,
                is_public=True,
                since=date(since, 1, 1),
            )
            report.add(f"membership of {government.slug} in {acronym}")
