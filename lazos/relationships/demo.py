"""The demo's relationship reviews: three or four of the demo agreements reviewed, each with a
decision that fits its health (revitalise or end a dormant one, keep an at-risk one with a
plan, renew a healthy one), in the government's language (es or pt).

Deterministic: the agreements are taken in the order of their external id within each band,
the dates are counted from an anchor (the first day of the current month). Idempotent: an
agreement that already has a review is not reviewed again. Written through
``record_review`` (audited). Depends on the register step (``load_register``).
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from lazos.demo.kit import DemoReport, demo_step
from lazos.governments.models import Government, Membership
from lazos.relationships.choices import Band, ReviewDecision
from lazos.relationships.models import RelationshipReview
from lazos.relationships.services import record_review
from lazos.relationships.views import relationship_rows

REASONS = {
    "es": {
        ReviewDecision.REVITALISE: (
            "Sin actividad reciente, pero la contraparte confirmó su interés. Se propone un "
            "intercambio técnico en el próximo semestre con la dependencia de medio ambiente."
        ),
        ReviewDecision.END: (
            "Sin actividad ni respuesta de la contraparte desde hace más de un año. Se "
            "notificará la terminación respetando el plazo de preaviso."
        ),
        ReviewDecision.KEEP: (
            "La relación sigue activa pero con compromisos vencidos. Se mantiene, con un "
            "responsable de seguimiento y una revisión en seis meses."
        ),
        ReviewDecision.RENEW: (
            "Relación activa, con acciones recientes y participación de actores locales. Se "
            "recomienda al cabildo su renovación por cuatro años."
        ),
    },
    "pt": {
        ReviewDecision.REVITALISE: (
            "Sem atividade recente, mas o parceiro confirmou seu interesse. Propõe-se um "
            "intercâmbio técnico no próximo semestre com a secretaria de meio ambiente."
        ),
        ReviewDecision.END: (
            "Sem atividade nem resposta do parceiro há mais de um ano. A rescisão será "
            "notificada respeitando o prazo de aviso prévio."
        ),
        ReviewDecision.KEEP: (
            "A relação continua ativa, mas com compromissos vencidos. Mantém-se, com um "
            "responsável pelo acompanhamento e nova revisão em seis meses."
        ),
        ReviewDecision.RENEW: (
            "Relação ativa, com ações recentes e participação de atores locais. "
            "Recomenda-se à Câmara sua renovação por quatro anos."
        ),
    },
}

# Which decision for which band, in order; a band with no agreement is skipped.
PLAN = (
    (Band.DORMANT, ReviewDecision.REVITALISE, 70, 180),
    (Band.DORMANT, ReviewDecision.END, 40, None),
    (Band.AT_RISK, ReviewDecision.KEEP, 25, 180),
    (Band.HEALTHY, ReviewDecision.RENEW, 10, 365),
)


def _language(government: Government) -> str | None:
    for code in government.official_languages or []:
        if code in REASONS:
            return code
    return None


@demo_step(order=60)
def load_reviews(government: Government, report: DemoReport) -> None:
    """Record three or four reviews of the demo agreements (see the module doc)."""
    lang = _language(government)
    if lang is None:
        return
    anchor = timezone.localdate().replace(day=1)
    rows = relationship_rows(government, kind="agreement")
    rows.sort(key=lambda row: (row.obj.external_id, row.obj.pk))
    reviewed = set(
        RelationshipReview.objects.for_tenant(government)
        .filter(agreement__isnull=False)
        .values_list("agreement_id", flat=True)
    )
    if reviewed:
        return  # reviewed by an earlier run (or by people): nothing to add
    coordinator = (
        Membership.objects.for_tenant(government)
        .filter(user__username="coordinator")
        .select_related("user")
        .first()
    )
    user = coordinator.user if coordinator else None
    taken: set[int] = set()
    planned = []
    for band, decision, days_ago, next_in in PLAN:
        row = next((r for r in rows if r.health.band == band and r.obj.pk not in taken), None)
        if row is not None:
            taken.add(row.obj.pk)
            planned.append((row, decision, days_ago, next_in))
    # At least three reviews: keep the remaining agreements in order.
    for row in rows:
        if len(planned) >= 3:
            break
        if row.obj.pk not in taken:
            taken.add(row.obj.pk)
            planned.append((row, ReviewDecision.KEEP, 15, 180))
    for row, decision, days_ago, next_in in planned:
        reviewed_on = anchor - timedelta(days=days_ago)
        record_review(
            government,
            acting_user=user,
            agreement=row.obj,
            decision=decision,
            reasons=REASONS[lang][decision],
            reviewed_on=reviewed_on,
            next_review_on=reviewed_on + timedelta(days=next_in) if next_in else None,
        )
        report.add(f"relationship review of {row.obj} ({government.slug})")
