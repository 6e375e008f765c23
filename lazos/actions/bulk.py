"""Bulk changes of the action and commitment lists (``core/bulk.py``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lazos.actions import services
from lazos.actions.choices import ActionStatus, CommitmentStatus
from lazos.actions.filtersets import ActionFilterSet, CommitmentFilterSet
from lazos.actions.models import Action, Commitment
from lazos.core.bulk import (
    AddTags,
    BulkDeclaration,
    ChangeLinks,
    RemoveTags,
    SetChoice,
    SetFlag,
    SetValue,
)
from lazos.governments.models import Department
from lazos.reference.models import Theme

ACTIONS = BulkDeclaration(
    name="action",
    namespace="actions",
    model=Action,
    filterset_class=ActionFilterSet,
    queryset=lambda government: (
        Action.objects.for_tenant(government)
        .select_related("lead_department")
        .prefetch_related("departments", "themes", "tags")
    ),
    changes=(
        SetChoice(
            "status", _("Status"), choices=ActionStatus.choices, service=services.update_action
        ),
        SetValue(
            "lead_department",
            _("Lead department"),
            service=services.update_action,
            queryset=lambda government: Department.objects.for_tenant(government),
        ),
        ChangeLinks(
            "themes",
            _("Add themes"),
            service=services.update_action,
            queryset=lambda government: Theme.objects.all(),
        ),
        ChangeLinks(
            "themes",
            _("Remove themes"),
            service=services.update_action,
            queryset=lambda government: Theme.objects.all(),
            remove=True,
        ),
        SetFlag("is_public", _("Public or not"), service=services.update_action),
        AddTags(service=services.update_action),
        RemoveTags(service=services.update_action),
    ),
    delete=services.delete_action,
)

COMMITMENTS = BulkDeclaration(
    name="commitment",
    namespace="actions",
    model=Commitment,
    filterset_class=CommitmentFilterSet,
    queryset=lambda government: (
        Commitment.objects.for_tenant(government)
        .select_related("department", "action", "agreement")
        .prefetch_related("action__departments")
    ),
    changes=(
        SetChoice(
            "status",
            _("Status"),
            choices=CommitmentStatus.choices,
            service=services.update_commitment,
            check_clean=False,  # update_commitment clears the completion date of a reopened one
        ),
        SetValue(
            "department",
            _("Department"),
            service=services.update_commitment,
            queryset=lambda government: Department.objects.for_tenant(government),
        ),
    ),
    delete=services.delete_commitment,
)
