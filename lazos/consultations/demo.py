"""Demo: one open consultation with published contributions, one closed with its response."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from lazos.consultations import services
from lazos.consultations.models import Consultation
from lazos.demo import kit
from lazos.demo.kit import DataFile, DemoReport, Each, demo_step
from lazos.governments.models import Government, Membership

CONSULTATION = {"title": str, "description": str}
CONSULTATIONS = DataFile(
    "consultations",
    "consultations",
    {
        "texts": Each(
            {
                "open": CONSULTATION,
                "closed": CONSULTATION,
                "response": str,
                "contributions": [{"name": str, "text": str}],
            }
        )
    },
)


def _coordinator(government: Government) -> Any:
    membership = (
        Membership.objects.for_tenant(government)
        .filter(user__username="coordinator")
        .select_related("user")
        .first()
    )
    return membership.user if membership else None


def _contribute(consultation: Consultation, entries: list[dict[str, str]], user: Any) -> None:
    for index, entry in enumerate(entries):
        contribution = services.submit_contribution(
            consultation,
            text=entry["text"],
            display_name=entry["name"],
            email=f"demo-resident-{consultation.pk}-{index}@example.org",
            notify=False,
        )
        token = services.verification_token(contribution)
        confirmed = services.verify_contribution(consultation.government, token)
        services.moderate_contribution(confirmed, acting_user=user, approve=True)


@demo_step(order=80)
def load_consultations(government: Government, report: DemoReport) -> None:
    """Idempotent: consultations are found by title; a second run creates nothing."""
    language = (government.official_languages or ["en"])[0]
    data = CONSULTATIONS.load()["texts"].get(language)
    user = _coordinator(government)
    if data is None or user is None:
        return
    today = kit.today()
    existing = set(Consultation.objects.for_tenant(government).values_list("title", flat=True))
    title, description = data["open"]["title"], data["open"]["description"]
    if title not in existing:
        consultation = services.open_consultation(
            government, acting_user=user, title=title, description=description,
            opens_on=today - timedelta(days=10), closes_on=today + timedelta(days=30),
            audience="public",
        )  # fmt: skip
        _contribute(consultation, data["contributions"][:2], user)
        report.add(f"{government.name}: open consultation “{title}”")
    title, description = data["closed"]["title"], data["closed"]["description"]
    if title not in existing:
        consultation = services.open_consultation(
            government, acting_user=user, title=title, description=description,
            opens_on=today - timedelta(days=120), closes_on=today + timedelta(days=1),
            audience="public",
        )  # fmt: skip
        _contribute(consultation, data["contributions"], user)
        services.update_consultation(
            consultation, acting_user=user, closes_on=today - timedelta(days=60)
        )
        services.publish_response(consultation, acting_user=user, response=data["response"])
        report.add(f"{government.name}: closed consultation “{title}” with its response")
