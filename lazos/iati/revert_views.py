"""Reverting an applied IATI import: preview, then confirm (core.import_revert_views)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from lazos.core import import_revert
from lazos.core.import_revert_views import ImportRevertView
from lazos.iati import runs
from lazos.iati.models import IatiImport


class IatiImportRevertView(ImportRevertView):
    model = IatiImport
    list_url_name = "iati:import-list"
    list_label = _("IATI")

    def get_queryset(self) -> Any:
        return IatiImport.objects.for_tenant(self.government).select_related("reverted_by")

    def refusal(self, run: IatiImport) -> str:
        return runs.revert_refusal(run)

    def plan(self, run: IatiImport) -> import_revert.RevertPlan:
        return runs.plan_revert(run, government=self.government)

    def queue(self, run: IatiImport) -> import_revert.RevertState:
        return runs.queue_revert(run, government=self.government, acting_user=self.acting_user)
