"""Reverting an applied spreadsheet import: preview, then confirm (core.import_revert_views)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from lazos.core import import_revert
from lazos.core.import_revert_views import ImportRevertView
from lazos.spreadsheets import runs
from lazos.spreadsheets.models import ImportRun


class ImportRunRevertView(ImportRevertView):
    model = ImportRun
    list_url_name = "spreadsheets:import-list"
    list_label = _("Imports")

    def get_queryset(self) -> Any:
        return ImportRun.objects.for_tenant(self.government).select_related("reverted_by")

    def refusal(self, run: ImportRun) -> str:
        return runs.revert_refusal(run)

    def plan(self, run: ImportRun) -> import_revert.RevertPlan:
        return runs.plan_revert(run, government=self.government)

    def queue(self, run: ImportRun) -> import_revert.RevertState:
        return runs.queue_revert(run, government=self.government, acting_user=self.acting_user)
