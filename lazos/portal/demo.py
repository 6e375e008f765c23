"""Demo: the portal introduction of each demo government, in its language and translated."""

from __future__ import annotations

from typing import Any

from lazos.demo.kit import DataFile, DemoReport, Each, demo_step
from lazos.governments.models import Government, Membership
from lazos.portal.services import update_portal_settings

PORTAL = DataFile("portal", "portal", {"intros": Each({"language": str, "texts": Each(str)})})


def _coordinator(government: Government) -> Any:
    membership = (
        Membership.objects.for_tenant(government)
        .filter(user__username="coordinator")
        .select_related("user")
        .first()
    )
    return membership.user if membership else None


@demo_step(order=70)
def load_portal(government: Government, report: DemoReport) -> None:
    """Publish the portal of a demo government with its introduction in four languages.

    The IATI organisation identifier stays empty: the demo governments are fictional and
    have no registered identifier. Idempotent: a second run changes nothing.
    """
    data = PORTAL.load()["intros"].get(government.slug)
    if data is None:
        return
    original = data["language"]
    values = {
        "portal_enabled": True,
        "portal_intro": data["texts"][original],
        "portal_intro_translations": {
            code: text for code, text in data["texts"].items() if code != original
        },
    }
    if all(getattr(government, name) == value for name, value in values.items()):
        return
    update_portal_settings(government, acting_user=_coordinator(government), **values)
    report.add(f"{government.name}: public portal introduction")
