"""Import pages: upload and preview, apply (a background job), progress, past imports."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView, FormView
from django.views.generic.detail import SingleObjectMixin

from lazos.core.permissions import Operation, policy_for
from lazos.core.views import GovernmentScopedMixin, ObjectDetailView, ObjectListView
from lazos.spreadsheets import services
from lazos.spreadsheets.choices import ImportKind
from lazos.spreadsheets.examples import example_workbook
from lazos.spreadsheets.filtersets import ImportRunFilterSet
from lazos.spreadsheets.forms import ImportForm, allowed_kinds
from lazos.spreadsheets.importers import LANGUAGES, SAMPLE_SIZE, importer_for
from lazos.spreadsheets.models import ImportRun
from lazos.spreadsheets.readers import SpreadsheetError

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ImportRunMixin(GovernmentScopedMixin):
    model = ImportRun

    def get_queryset(self) -> QuerySet[ImportRun]:
        return ImportRun.objects.for_tenant(self.government).select_related("uploaded_by")


class ImportListView(ImportRunMixin, ObjectListView):
    filterset_class = ImportRunFilterSet
    template_name = "spreadsheets/importrun_list.html"
    create_url_name = "spreadsheets:import-start"


class ImportStartView(ImportRunMixin, FormView[ImportForm]):
    """Choose the kind, upload the file → the preview page (nothing is written yet)."""

    permission_action = Operation.ADD
    form_class = ImportForm
    template_name = "spreadsheets/import_start.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["membership"] = self.membership
        return kwargs

    def get_initial(self) -> dict[str, Any]:
        kind = self.request.GET.get("kind")
        return {"kind": kind} if kind in ImportKind.values else {}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["kinds"] = allowed_kinds(self.membership)
        return context

    def form_valid(self, form: ImportForm) -> HttpResponse:
        try:
            run = services.preview_import(
                self.government,
                acting_user=self.acting_user,
                membership=self.membership,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
                blank_clears=form.cleaned_data["blank_clears"],
            )
        except (SpreadsheetError, ValidationError) as error:
            form.add_error("file", error)
            return self.form_invalid(form)
        return HttpResponseRedirect(run.get_absolute_url())


class ImportDetailView(ImportRunMixin, ObjectDetailView):
    """The preview: counts, errors by row and column, a sample of the changes."""

    template_name = "spreadsheets/importrun_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        run = self.object
        context["run"] = run
        context["can_apply"] = run.can_apply and self.can(Operation.CHANGE, run)
        context["creates"] = [row for row in run.sample if row.get("operation") == "create"][
            :SAMPLE_SIZE
        ]
        context["updates"] = [row for row in run.sample if row.get("operation") == "update"]
        context["matched"] = [row for row in run.sample if row.get("matches")]
        context["alike"] = [
            row for row in run.sample if row.get("same_in_file") and not row.get("matches")
        ]
        context["processed"], context["total"] = services.current_progress(run)
        return context


def match_choices(data: Any) -> dict[int, str]:
    """The person's choice per matched row, from the preview's fields "match-<row>"."""
    return {
        int(name.removeprefix("match-")): str(value)
        for name, value in data.items()
        if name.startswith("match-") and name.removeprefix("match-").isdigit()
    }


class ImportApplyView(ImportRunMixin, SingleObjectMixin[ImportRun], View):
    """POST: queue the job that applies the import (runs at once with the embedded backend)."""

    permission_action = Operation.CHANGE

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        return redirect(self.get_object().get_absolute_url())

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        run = self.get_object()
        try:
            run = services.queue_import(
                run, acting_user=self.acting_user, choices=match_choices(request.POST)
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            if run.status == "applied":
                messages.success(request, _("The import was applied."))
            elif run.status == "failed":
                messages.error(request, _("The import failed: nothing was written."))
            else:
                messages.info(request, _("The import is running; this page shows its progress."))
        return redirect(run.get_absolute_url())


class ImportProgressView(ImportRunMixin, DetailView[ImportRun]):
    """The progress partial, polled by htmx every second while the import runs."""

    template_name = "spreadsheets/includes/import_progress.html"
    context_object_name = "run"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["processed"], context["total"] = services.current_progress(self.object)
        return context


class ImportTemplateView(ImportRunMixin, View):
    """``?kind=actions``: the import template (headers, an example row, instructions and
    valid values) in the person's language, or in ``?language=es``."""

    permission_action = Operation.ADD

    def get(self, request: HttpRequest) -> HttpResponse:
        kind = request.GET.get("kind", "")
        if kind not in ImportKind.values:
            raise Http404
        if not policy_for(importer_for(kind).model).allows(self.membership, Operation.ADD):
            raise PermissionDenied
        language = request.GET.get("language", "")
        if language not in LANGUAGES:
            language = get_language() or LANGUAGES[0]
        response = HttpResponse(
            example_workbook(kind, self.government, language), content_type=XLSX_TYPE
        )
        response["Content-Disposition"] = (
            f'attachment; filename="lazos-{kind}-template-{language}.xlsx"'
        )
        return response
