"""The pages of a bulk change (``core/bulk.py``): choose the change, preview it object by
object, confirm; the same pages serve every register list through its declaration."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import FormView, TemplateView

from lazos.core import bulk
from lazos.core.bulk import BulkChangeForm, BulkDeclaration, PlannedRow, Selection
from lazos.core.models import BulkRun, RunStatus
from lazos.core.permissions import Operation
from lazos.core.progress import live_progress
from lazos.core.views import GovernmentScopedMixin

#: Objects the preview checks and lists one by one (a larger selection: the first ones; the
#: others are checked the same way when the change is applied). A deletion's preview reads
#: each object's dependents (queries per object), so it checks fewer.
PREVIEW_ROWS = 1000
DELETE_PREVIEW_ROWS = 200


def bulk_urlpatterns(declaration: BulkDeclaration, *, prefix: str = "") -> list[URLPattern]:
    """``<prefix>bulk/change/``, ``<prefix>bulk/delete/`` (when the declaration has a delete
    service) and ``<prefix>bulk/<token>/`` (a large selection's progress), named
    ``<name>-bulk-change``, ``<name>-bulk-delete`` and ``<name>-bulk-progress``."""
    if prefix and not prefix.endswith("/"):
        raise ValueError(f"The prefix of {declaration.name!r} patterns must end with a slash")
    patterns = [
        path(
            f"{prefix}bulk/change/",
            BulkChangeView.as_view(declaration=declaration, model=declaration.model),
            name=f"{declaration.name}-bulk-change",
        ),
        path(
            f"{prefix}bulk/progress/<slug:token>/",
            BulkProgressView.as_view(declaration=declaration, model=declaration.model),
            name=f"{declaration.name}-bulk-progress",
        ),
    ]
    if declaration.delete is not None:
        patterns.append(
            path(
                f"{prefix}bulk/delete/",
                BulkDeleteView.as_view(declaration=declaration, model=declaration.model),
                name=f"{declaration.name}-bulk-delete",
            )
        )
    return patterns


class BulkMixin(GovernmentScopedMixin):
    """The declaration (given to ``as_view``), the selection and the list's address."""

    declaration: BulkDeclaration | None = None
    model: Any = None  # the declaration's (bulk_urlpatterns gives both)
    title: Any = ""

    @property
    def bulk(self) -> BulkDeclaration:
        if self.declaration is None:
            raise ImproperlyConfigured(f"{type(self).__qualname__} needs a declaration")
        return self.declaration

    def data(self) -> Any:
        return self.request.POST if self.request.method == "POST" else self.request.GET

    def selection(self) -> Selection:
        if not hasattr(self, "_selection"):
            self._selection = Selection.from_data(self.data())
        return self._selection

    def selected(self) -> tuple[QuerySet[Any], bool]:
        return self.selection().queryset(self.bulk, self.government)

    def list_url(self) -> str:
        url = reverse(f"{self.bulk.namespace}:{self.bulk.name}-list")
        query = self.selection().list_query()
        return f"{url}?{query}" if query else url

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        context.update(
            selection=self.selection(),
            list_url=self.list_url(),
            title=self.title,
            model_meta=self.bulk.model._meta,
        )
        return context

    def summary(self, rows: list[PlannedRow], total: int) -> dict[str, Any]:
        return {
            "rows": rows,
            "unchecked": max(0, total - len(rows)),
            "total": total,
            "changing": sum(1 for row in rows if row.will_change),
            "refused": sum(1 for row in rows if row.refusal and not row.unchanged),
            "unchanged": sum(1 for row in rows if row.unchanged),
            "as_job": total > bulk.JOB_THRESHOLD,
        }

    def write(
        self, ids: list[int], values: dict[str, list[str]] | None, change: Any, value: Any
    ) -> HttpResponse:
        """Apply at once, or as a job above ``JOB_THRESHOLD`` objects (then show its
        progress)."""
        if len(ids) > bulk.JOB_THRESHOLD:
            run = bulk.queue_bulk_job(
                self.bulk,
                change,
                ids,
                values,
                government=self.government,
                acting_user=self.acting_user,
                list_url=self.list_url(),
            )
            return HttpResponseRedirect(run.page_url)
        outcome = bulk.apply_change(
            self.bulk,
            change,
            value,
            ids,
            government=self.government,
            membership=self.membership,
            acting_user=self.acting_user,
        )
        tell(self.request, outcome.as_dict(), deleting=values is None)
        return HttpResponseRedirect(self.list_url())


def tell(request: HttpRequest, result: dict[str, Any], *, deleting: bool) -> None:
    """The outcome of a bulk write as messages."""
    changed, skipped = result["changed"], result["skipped"]
    if deleting:
        text = ngettext("%(count)d object deleted.", "%(count)d objects deleted.", changed)
    else:
        text = ngettext("%(count)d object changed.", "%(count)d objects changed.", changed)
    messages.success(request, text % {"count": changed})
    if skipped:
        messages.info(
            request,
            ngettext(
                "%(count)d left as it was (see the preview's reasons).",
                "%(count)d left as they were (see the preview's reasons).",
                skipped,
            )
            % {"count": skipped},
        )
    for label, reason in result["failed"]:
        messages.warning(
            request,
            _("%(object)s was not changed: %(reason)s") % {"object": label, "reason": reason},
        )


class BulkChangeView(BulkMixin, FormView[BulkChangeForm]):
    """GET: the change and its value (``?change=…``), then the preview once the value is
    given; POST: apply to the selection, object by object through the declared services."""

    permission_action = Operation.CHANGE
    template_name = "core/bulk_change.html"
    form_class = BulkChangeForm
    title = _("Change the selected objects")

    def is_bound_get(self) -> bool:
        form_names = {"change", *(change.name for change in self.bulk.changes)}
        return any(name in self.request.GET for name in form_names)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = {
            "declaration": self.bulk,
            "government": self.government,
            "prefix": None,
            "initial": {"change": self.request.GET.get("pick", "")},
        }
        if self.request.method == "POST":
            kwargs["data"] = self.request.POST
        elif self.is_bound_get():
            kwargs["data"] = self.request.GET
        return kwargs

    def get_form(self, form_class: Any = None) -> BulkChangeForm:
        if not hasattr(self, "form"):
            self.form = BulkChangeForm(**self.get_form_kwargs())
        return self.form

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = self.get_form()
        chosen = form.data.get("change", "") if form.is_bound else form.initial.get("change", "")
        change = self.bulk.change_named(chosen)
        context.update(change=change, value_field=form[change.name] if change else None)
        if form.is_bound and form.is_valid() and form.chosen is not None:
            objects, valid = self.selected()
            rows = bulk.plan_change(
                form.chosen, form.value, objects[:PREVIEW_ROWS], self.membership
            )
            context.update(
                preview=self.summary(
                    rows, objects.count() if len(rows) == PREVIEW_ROWS else len(rows)
                ),
                filters_valid=valid,
                confirm_values=sorted(form.raw_values().items()),
            )
        return context

    def form_valid(self, form: BulkChangeForm) -> HttpResponse:
        objects, _valid = self.selected()
        ids = list(objects.values_list("pk", flat=True))
        if not ids or form.chosen is None:
            messages.error(self.request, _("Nothing is selected: choose rows on the list."))
            return HttpResponseRedirect(self.list_url())
        return self.write(ids, form.raw_values(), form.chosen, form.value)


class BulkDeleteView(BulkMixin, TemplateView):
    """GET: each selected object with what its deletion takes along, or why it cannot be
    deleted; POST: delete through the declared service."""

    permission_action = Operation.DELETE
    template_name = "core/bulk_delete.html"
    title = _("Delete the selected objects")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        objects, valid = self.selected()
        rows = bulk.plan_deletion(objects[:DELETE_PREVIEW_ROWS], self.membership)
        total = objects.count() if len(rows) == DELETE_PREVIEW_ROWS else len(rows)
        context.update(preview=self.summary(rows, total), filters_valid=valid)
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        objects, _valid = self.selected()
        ids = list(objects.values_list("pk", flat=True))
        if not ids:
            messages.error(request, _("Nothing is selected: choose rows on the list."))
            return HttpResponseRedirect(self.list_url())
        return self.write(ids, None, None, None)


class BulkProgressView(BulkMixin, TemplateView):
    """How far a large bulk change has gone; its outcome, or the error that stopped it, once it
    is over. Only the person who started it, in the same government, sees it (anyone else:
    404). The same job has its page on the government's Jobs page."""

    template_name = "core/bulk_progress.html"
    title = _("Bulk change in progress")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        run = (
            BulkRun.objects.for_tenant(self.government)
            .filter(token=str(self.kwargs["token"]), started_by=self.acting_user)
            .first()
        )
        if run is None:
            raise Http404
        done, total = live_progress(bulk.progress_key(run.token), (run.done, run.total))
        finished = run.status == RunStatus.FINISHED
        context.update(
            run=run,
            done=done,
            total=total,
            result=run.outcome() if finished else None,
            error=run.error if run.status == RunStatus.FAILED else "",
            list_url=run.list_url or self.list_url(),
            job_url=reverse("jobs:bulk-change", kwargs={"pk": run.pk}),
        )
        return context
