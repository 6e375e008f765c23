"""The demo's solidarity board: one closed emergency.

Floods struck Rio Claro do Sul about a year ago. It asked for a technical team, pumps, funds
and shelter kits; Villa Esperanza sent engineers and Lac-Saint-Amand money (both accepted and
delivered; Lac-Saint-Amand's pumps were declined), the needs were met and the emergency closed.
So the registers of all three governments hold emergency-aid actions.

The governments are tied through their public memberships in UCLG; should a tie be missing,
the partner records that tie them are created first, so the step does not depend on the
order of the other demo steps. Idempotent: the emergency is found by its title.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model

from lazos.demo.kit import Choice, DataFile, DemoReport, demo_instance_step, today
from lazos.governments.models import Government
from lazos.solidarity import services
from lazos.solidarity.choices import Hazard, NeedCategory
from lazos.solidarity.models import Emergency, Need
from lazos.solidarity.ties import is_tied

AFFECTED = "rio-claro-do-sul"
HELPERS = ("villa-esperanza", "lac-saint-amand")

SOLIDARITY = DataFile(
    "solidarity",
    "solidarity",
    {
        "emergency": {
            "title": str,
            "hazard": Choice(Hazard.values),
            "description": str,
            "contact_name": str,
            "contact_email": str,
            "started_days_ago": int,
            "closed_after_days": int,
            "closing_note": str,
        },
        "needs": [
            {
                "key": str,
                "category": Choice(NeedCategory.values),
                "description": str,
                "quantity": str,
            }
        ],
        "offers": [
            {
                "helper": Choice(HELPERS),
                "need": str,  # the key of a need
                "offered_by": str,  # username
                "description": str,
                "quantity": str,
                "amount": str,  # a decimal, or ""
                "currency": str,
                "outcome": Choice(("delivered", "declined")),
                "answered_after_days": int,
                "delivered_after_days": int,
            }
        ],
    },
)


def _user(username: str) -> Any:
    return get_user_model().objects.filter(username=username).first()


def _ensure_tie(helper: Government, affected: Government, report: DemoReport) -> None:
    """Partner records in both registers when the two are not tied already."""
    if is_tied(helper, affected):
        return
    services.partner_record(helper, affected, acting_user=None)
    services.partner_record(affected, helper, acting_user=None)
    report.add(f"partner records tying {helper.slug} and {affected.slug}")


@demo_instance_step(order=50)
def load_solidarity(report: DemoReport) -> None:
    governments = {g.slug: g for g in Government.objects.filter(slug__in=(AFFECTED, *HELPERS))}
    affected = governments.get(AFFECTED)
    if affected is None or any(slug not in governments for slug in HELPERS):
        return
    data = SOLIDARITY.load()
    spec = data["emergency"]
    title = spec["title"]
    if Emergency.objects.for_tenant(affected).filter(title=title).exists():
        return
    for slug in HELPERS:
        _ensure_tie(governments[slug], affected, report)

    coordinator = _user("coordinator")
    started = today() - timedelta(days=spec["started_days_ago"])

    def day(offset: int) -> date:
        return started + timedelta(days=offset)

    emergency = services.declare_emergency(
        affected,
        acting_user=coordinator,
        title=title,
        hazard=spec["hazard"],
        description=spec["description"],
        started_on=started,
        contact_name=spec["contact_name"],
        contact_email=spec["contact_email"],
    )
    needs: dict[str, Need] = {
        need["key"]: services.post_need(
            emergency,
            acting_user=coordinator,
            category=need["category"],
            description=need["description"],
            quantity=need["quantity"],
        )
        for need in data["needs"]
    }
    report.add(f"emergency “{title}” with {len(needs)} needs")

    offers = []
    for offer_spec in data["offers"]:
        amount = offer_spec["amount"]
        offers.append(
            services.make_offer(
                governments[offer_spec["helper"]],
                needs[offer_spec["need"]],
                acting_user=_user(offer_spec["offered_by"]),
                description=offer_spec["description"],
                quantity=offer_spec["quantity"],
                amount=Decimal(amount) if amount else None,
                currency=offer_spec["currency"],
            )
        )
    answers = sorted(
        zip(offers, data["offers"], strict=True), key=lambda pair: pair[1]["answered_after_days"]
    )
    for offer, offer_spec in answers:
        if offer_spec["outcome"] == "declined":
            services.decline_offer(offer, acting_user=coordinator)
        else:
            services.accept_offer(
                offer, acting_user=coordinator, on=day(offer_spec["answered_after_days"])
            )
    for offer, offer_spec in sorted(answers, key=lambda pair: pair[1]["delivered_after_days"]):
        if offer_spec["outcome"] == "delivered":
            services.deliver_offer(
                offer, acting_user=offer.offered_by, on=day(offer_spec["delivered_after_days"])
            )
    for need in needs.values():
        services.mark_need_met(need, acting_user=coordinator)
    services.close_emergency(
        emergency,
        acting_user=coordinator,
        closing_note=spec["closing_note"],
        closed_on=day(spec["closed_after_days"]),
    )
    report.add(f"{len(offers)} offers, 2 delivered as emergency aid; emergency closed")
