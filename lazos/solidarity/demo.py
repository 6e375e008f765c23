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
from django.utils import timezone

from lazos.demo.kit import DemoReport, demo_instance_step
from lazos.governments.models import Government
from lazos.solidarity import services
from lazos.solidarity.choices import Hazard, NeedCategory
from lazos.solidarity.models import Emergency, Need
from lazos.solidarity.ties import is_tied

AFFECTED = "rio-claro-do-sul"
HELPERS = ("villa-esperanza", "lac-saint-amand")

TITLE = "Enchentes no vale do Rio Claro"
DESCRIPTION = (
    "Quatro dias de chuva intensa fizeram o Rio Claro transbordar. Cerca de 3.200 famílias "
    "foram desalojadas nos bairros ribeirinhos, duas pontes ficaram danificadas e o "
    "abastecimento de água foi interrompido na zona norte da cidade."
)
CONTACT = ("Sala de situação da Defesa Civil Municipal", "defesacivil@rioclaro.demo.lazos.invalid")
CLOSING_NOTE = (
    "As famílias desalojadas voltaram para casa ou recebem aluguel social enquanto a "
    "reconstrução avança; as pontes foram avaliadas e as obras entraram no plano municipal. "
    "Agradecemos a Villa Esperanza e a Lac-Saint-Amand pela ajuda rápida e solidária."
)

# key, category, description, quantity
NEEDS = (
    (
        "team",
        NeedCategory.TECHNICAL_TEAM,
        "Equipe de engenharia para avaliar os danos em pontes, escolas e moradias das áreas "
        "atingidas e orientar a reconstrução.",
        "2 a 3 engenheiros, 3 semanas",
    ),
    (
        "pumps",
        NeedCategory.EQUIPMENT,
        "Motobombas para drenar as áreas alagadas e restabelecer o abastecimento de água.",
        "6 motobombas de alta vazão",
    ),
    (
        "funds",
        NeedCategory.FUNDS,
        "Recursos para o aluguel social das famílias desalojadas durante a reconstrução.",
        "",
    ),
    (
        "shelter",
        NeedCategory.SHELTER,
        "Kits de abrigo para os alojamentos temporários: colchões, cobertores e kits de higiene.",
        "800 kits",
    ),
)

# helper, need key, offered by, description, quantity, amount, currency, outcome, days after
# the emergency started: accepted or declined, delivered
OFFERS: tuple[tuple[str, str, str, str, str, str, str, str, int, int], ...] = (
    (
        "villa-esperanza", "team", "coordinator",
        "Dos ingenieros estructurales y una especialista en gestión integral de riesgos de "
        "Protección Civil municipal, durante tres semanas. Viáticos y traslados a cargo de "
        "Villa Esperanza.",
        "3 personas, 3 semanas", "", "", "delivered", 4, 28,
    ),
    (
        "lac-saint-amand", "funds", "claire",
        "Contribution du Fonds de solidarité internationale de la Ville au loyer social des "
        "familles sinistrées.",
        "", "25000", "CAD", "delivered", 6, 40,
    ),
    (
        "lac-saint-amand", "pumps", "claire",
        "Prêt de quatre motopompes du Service des travaux publics, expédiées par fret aérien.",
        "4 motopompes", "", "", "declined", 5, 0,
    ),
)  # fmt: skip

STARTED_DAYS_AGO = 365
CLOSED_AFTER_DAYS = 75


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
    if Emergency.objects.for_tenant(affected).filter(title=TITLE).exists():
        return
    for slug in HELPERS:
        _ensure_tie(governments[slug], affected, report)

    coordinator = _user("coordinator")
    started = timezone.localdate() - timedelta(days=STARTED_DAYS_AGO)

    def day(offset: int) -> date:
        return started + timedelta(days=offset)

    emergency = services.declare_emergency(
        affected,
        acting_user=coordinator,
        title=TITLE,
        hazard=Hazard.FLOOD,
        description=DESCRIPTION,
        started_on=started,
        contact_name=CONTACT[0],
        contact_email=CONTACT[1],
    )
    needs: dict[str, Need] = {
        key: services.post_need(
            emergency,
            acting_user=coordinator,
            category=category,
            description=description,
            quantity=quantity,
        )
        for key, category, description, quantity in NEEDS
    }
    report.add(f"emergency “{TITLE}” with {len(needs)} needs")

    offers = []
    for slug, need_key, username, description, quantity, amount, currency, *_rest in OFFERS:
        offers.append(
            services.make_offer(
                governments[slug],
                needs[need_key],
                acting_user=_user(username),
                description=description,
                quantity=quantity,
                amount=Decimal(amount) if amount else None,
                currency=currency,
            )
        )
    answers = sorted(zip(offers, OFFERS, strict=True), key=lambda pair: pair[1][8])
    for offer, spec in answers:
        if spec[7] == "declined":
            services.decline_offer(offer, acting_user=coordinator)
        else:
            services.accept_offer(offer, acting_user=coordinator, on=day(spec[8]))
    for offer, spec in sorted(answers, key=lambda pair: pair[1][9]):
        if spec[7] == "delivered":
            services.deliver_offer(offer, acting_user=offer.offered_by, on=day(spec[9]))
    for need in needs.values():
        services.mark_need_met(need, acting_user=coordinator)
    services.close_emergency(
        emergency,
        acting_user=coordinator,
        closing_note=CLOSING_NOTE,
        closed_on=day(CLOSED_AFTER_DAYS),
    )
    report.add(f"{len(offers)} offers, 2 delivered as emergency aid; emergency closed")
