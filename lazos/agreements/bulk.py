"""Bulk changes of the agreement list (``core/bulk.py``). The status moves through
``services.transition_agreement``, one agreement at a time, with its explained refusals."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lazos.agreements import services
from lazos.agreements.choices import AgreementStatus
from lazos.agreements.filtersets import AgreementFilterSet
from lazos.agreements.models import Agreement
from lazos.core.bulk import (
    AddTags,
    BulkDeclaration,
    ChangeLinks,
    RemoveTags,
    SetFlag,
    SetValue,
    Transition,
)
from lazos.governments.models import Department
from lazos.reference.models import Theme


def transition_refusal(agreement: Agreement, status: str) -> str | None:
    """Why ``agreement`` cannot move to ``status`` (the transition service's own words)."""
    if agreement.can_move_to(status):
        return None
    return " ".join(services.InvalidTransition(agreement.status, status).messages)


AGREEMENTS = BulkDeclaration(
    name="agreement",
    namespace="agreements",
    model=Agreement,
    filterset_class=AgreementFilterSet,
    queryset=lambda government: (
        Agreement.objects.for_tenant(government)
        .select_related("lead_department")
        .prefetch_related("themes", "tags")
    ),
    changes=(
        Transition(
            "status",
            _("Status"),
            choices=AgreementStatus.choices,
            service=services.transition_agreement,
            refusal=transition_refusal,
        ),
        SetValue(
            "lead_department",
            _("Lead department"),
            service=services.update_agreement,
            queryset=lambda government: Department.objects.for_tenant(government),
        ),
        ChangeLinks(
            "themes",
            _("Add themes"),
            service=services.update_agreement,
            queryset=lambda government: Theme.objects.all(),
        ),
        ChangeLinks(
            "themes",
            _("Remove themes"),
            service=services.update_agreement,
            queryset=lambda government: Theme.objects.all(),
            remove=True,
        ),
        SetFlag("is_public", _("Public or not"), service=services.update_agreement),
        AddTags(service=services.update_agreement),
        RemoveTags(service=services.update_agreement),
    ),
    delete=services.delete_agreement,
)
