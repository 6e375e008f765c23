"""Demo data of the IATI app: the demo governments' (fictional) organisation identifier and a
few recorded transactions, so that the demo's IATI file shows them. Runs after
``load_register`` (it needs the public cooperation actions with their budgets)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from lazos.actions.choices import COOPERATION_MODALITIES
from lazos.actions.models import Action
from lazos.core.services import save_audited
from lazos.demo.kit import DataFile, DemoReport, Each, demo_step
from lazos.governments.models import Government
from lazos.governments.services import update_government
from lazos.iati.models import Transaction

TRANSACTIONS = DataFile(
    "iati", "transactions", {"descriptions": Each({"commitment": str, "disbursement": str})}
)


@demo_step(order=20)
def load_iati(government: Government, report: DemoReport) -> None:
    """Give a demo government an IATI organisation identifier and record the commitment and
    first disbursement of its first public cooperation action with a budget."""
    if not government.is_demo:
        return
    if not government.iati_organisation_identifier:
        update_government(
            government,
            acting_user=None,
            iati_organisation_identifier=f"LAZOS-DEMO-{government.slug.upper()}",
        )
        report.add(f"IATI organisation identifier of {government.slug}")
    action = (
        Action.objects.for_tenant(government)
        .public()
        .filter(modality__in=COOPERATION_MODALITIES, budget_lines__isnull=False)
        .prefetch_related("budget_lines", "partners")
        .order_by("pk")
        .first()
    )
    if action is None or Transaction.objects.for_tenant(government).filter(action=action).exists():
        return
    language = (government.official_languages or ["es"])[0]
    descriptions = TRANSACTIONS.load()["descriptions"]
    texts = descriptions.get(language, descriptions["es"])
    commitment_text, disbursement_text = texts["commitment"], texts["disbursement"]
    lines = [line for line in action.budget_lines.all() if not line.in_kind]
    if not lines:
        return
    total = sum((line.amount for line in lines), Decimal("0"))
    currency = lines[0].currency
    start = action.start_date or date(2025, 1, 15)
    partner = next(iter(action.partners.all()), None)
    for code, when, value, text in (
        ("2", start, total, commitment_text),
        (
            "3",
            start + timedelta(days=45),
            (total * Decimal("0.4")).quantize(Decimal("0.01")),
            disbursement_text,
        ),
    ):
        save_audited(
            Transaction(government=government, action=action),
            acting_user=None,
            fields=[
                "transaction_type",
                "date",
                "value",
                "currency",
                "value_date",
                "description",
                "provider_name",
                "receiver_name",
            ],
            values={
                "transaction_type": code,
                "date": when,
                "value": value,
                "currency": currency,
                "value_date": when,
                "description": text,
                "provider_name": government.name,
                "receiver_name": partner.name if partner else "",
            },
        )
    report.add(f"2 IATI transactions for “{action.title}”")
