"""A third demo government, so the peer network has someone to compare with.

The City of Lac-Saint-Amand (Québec, French-speaking) has a small public register: a few
public actions in culture, participation, mobility and climate (none about waste, so that it
ranks below Rio Claro do Sul for a waste-management challenge), public memberships in two
networks, and its own coordinator, Claire. Loaded once, after the two main demo governments.
Its content is in ``demo_data/peer.yaml``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from lazos.actions.choices import ActionStatus, Modality
from lazos.actions.models import Action
from lazos.actions.services import create_action
from lazos.demo import kit
from lazos.demo.kit import (
    GOVERNMENT_SHAPE,
    USER_SHAPE,
    Choice,
    DataFile,
    DemoReport,
    demo_instance_step,
    ensure_department_of,
    ensure_government,
    ensure_membership,
    ensure_user_of,
)
from lazos.governments.models import Government
from lazos.networks.choices import MembershipStatus, NetworkScope
from lazos.networks.models import Network, NetworkMembership
from lazos.networks.services import create_network, create_network_membership
from lazos.portal.services import update_portal_settings
from lazos.reference.models import SdgTarget, Theme

PEER_SLUG = "lac-saint-amand"

PEER = DataFile(
    "demo",
    "peer",
    {
        "government": GOVERNMENT_SHAPE,
        "users": [USER_SHAPE],
        "portal_intro": str,
        "actions": [
            {
                "title": str,
                "modality": Choice(Modality.values),
                "status": Choice(ActionStatus.values),
                "started": {"years_ago": int, "month": int},  # on the 1st, years before now
                "themes": [str],
                "sdg_targets": [str],
                "summary": str,
            }
        ],
        "networks": [
            {
                "key": str,
                "name": str,
                "acronym": str,
                "scope": Choice(NetworkScope.values),
                "website": str,
                "since": int,
            }
        ],
    },
)


@demo_instance_step(order=10)
def load_peer_government(report: DemoReport) -> None:
    """Create Lac-Saint-Amand with its departments, people, public actions and networks."""
    data = PEER.load()
    government = ensure_peer_government(report, data)
    if not government.portal_enabled:
        update_portal_settings(
            government,
            acting_user=None,
            portal_enabled=True,
            portal_intro=data["portal_intro"],
            portal_intro_translations={},
            iati_organisation_identifier="",
            open_data_licence=government.open_data_licence,
        )
    _load_actions(government, data["actions"], report)
    _load_networks(government, data["networks"], report)


def ensure_peer_government(report: DemoReport, data: Any = None) -> Government:
    """Lac-Saint-Amand with its departments and people (its own, and the demo administrator)."""
    data = data or PEER.load()
    government = ensure_government(data["government"], report)
    for department in data["government"]["departments"]:
        ensure_department_of(government, department, report)
    for user in data["users"]:
        ensure_membership(government, ensure_user_of(user, report), user["role"], [], report)
    return government


def _load_actions(government: Government, specs: list[dict[str, Any]], report: DemoReport) -> None:
    existing = set(Action.objects.for_tenant(government).values_list("title", flat=True))
    themes = {theme.code: theme for theme in Theme.objects.all()}
    targets = {target.code: target for target in SdgTarget.objects.all()}
    today = kit.today()
    for spec in specs:
        title, summary, started = spec["title"], spec["summary"], spec["started"]
        if title in existing:
            continue
        create_action(
            government,
            acting_user=None,
            title=title,
            modality=spec["modality"],
            status=spec["status"],
            start_date=date(today.year - started["years_ago"], started["month"], 1),
            is_public=True,
            public_summary=summary,
            description=summary,
            themes=[themes[code] for code in spec["themes"] if code in themes],
            sdg_targets=[targets[code] for code in spec["sdg_targets"] if code in targets],
        )
        report.add(f"action {title}")


def _load_networks(government: Government, specs: list[dict[str, Any]], report: DemoReport) -> None:
    networks = {n.name: n for n in Network.objects.for_tenant(government)}
    members = set(
        NetworkMembership.objects.for_tenant(government).values_list("network_id", flat=True)
    )
    for spec in specs:
        acronym = spec["acronym"]
        network = networks.get(spec["name"]) or create_network(
            government,
            acting_user=None,
            name=spec["name"],
            acronym=acronym,
            scope=spec["scope"],
            website=spec["website"],
        )
        if network.pk not in members:
            create_network_membership(
                government,
                acting_user=None,
                network=network,
                status=MembershipStatus.ACTIVE,
                is_public=True,
                since=date(spec["since"], 1, 1),
            )
            report.add(f"membership of {government.slug} in {acronym}")
