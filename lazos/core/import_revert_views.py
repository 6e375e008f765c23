"""The page that reverts an import run: a preview of what would be deleted and restored and
of the conflicts left alone, then a confirmation (POST). The apps subclass
:class:`ImportRevertView` with their run's queryset and revert service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

from lazos.core import import_revert
from lazos.core.permissions import Operation
from lazos.core.views import GovernmentScopedMixin


class ImportRevertView(GovernmentScopedMixin, DetailView[Any]):
    """GET: the preview of the revert; POST: revert (coordinators and administrators: the
    DELETE permission on the run). Another government's run is a 404."""

    permission_action = Operation.DELETE
    template_name = "core/import_revert.html"
    context_object_name = "run"
    list_url_name: str = ""
    list_label: Any = ""

    # The app's services (its runs module).
    def refusal(self, run: Any) -> str:
        raise NotImplementedError

    def plan(self, run: Any) -> import_revert.RevertPlan:
        raise NotImplementedError

    def queue(self, run: Any) -> import_revert.RevertState:
        raise NotImplementedError

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        run = self.object
        refusal = self.refusal(run)
        if not refusal and import_revert.revert_state(run).running:
            refusal = str(_("This import is being reverted."))
        plan = None
        if not refusal:
            plan = self.plan(run)
            import_revert.describe(plan)
        context.update(
            refusal=refusal,
            plan=plan,
            shown=import_revert.SHOWN,
            list_url_name=self.list_url_name,
            list_label=self.list_label,
            revert_days=import_revert.revert_days(),
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        run = self.get_object()
        try:
            state = self.queue(run)
        except import_revert.RevertRefused as refused:
            for message in refused.messages:
                messages.error(request, message)
            return redirect(request.path)
        if run.reverted_at is not None:
            messages.success(request, import_revert.revert_summary(run))
        elif state.failure:
            messages.error(request, state.failure)
        else:
            messages.info(request, _("The revert is running; the import's page shows it."))
        return redirect(run.get_absolute_url())
