"""Pages of the results framework: indicators, periods and targets, updates and their review."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView

from lazos.actions.models import Action
from lazos.core.permissions import Operation, RolePolicy
from lazos.core.views import (
    GovernmentScopedMixin,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectFormView,
    ObjectHistoryView,
    ObjectListView,
    ServiceFormView,
)
from lazos.governments.choices import Role
from lazos.results import services
from lazos.results.choices import UpdateStatus
from lazos.results.filtersets import IndicatorFilterSet, ReviewQueueFilterSet
from lazos.results.forms import (
    IndicatorForm,
    PeriodForm,
    ReturnForm,
    TargetRevisionForm,
    UpdateForm,
)
from lazos.results.models import Indicator, IndicatorPeriod, IndicatorUpdate, TargetRevision
from lazos.results.progress import progress_chart, progress_of
from lazos.results.querysets import IndicatorQuerySet, IndicatorUpdateQuerySet
from lazos.results.review import review_dossier
from lazos.strategy.models import Objective

EDITABLE = (UpdateStatus.DRAFT, UpdateStatus.RETURNED)


class ReviewerPolicy(RolePolicy):
    """The review queue: administrators and coordinators, who approve or return updates."""

    roles = {
        **RolePolicy.roles,
        Operation.VIEW: frozenset({Role.ADMINISTRATOR, Role.COORDINATOR}),
    }


# --- Indicators --------------------------------------------------------------------------------


class IndicatorMixin(GovernmentScopedMixin):
    model = Indicator

    def get_queryset(self) -> IndicatorQuerySet:
        return Indicator.objects.for_tenant(self.government).with_related()


class IndicatorListView(IndicatorMixin, ObjectListView):
    filterset_class = IndicatorFilterSet
    template_name = "results/indicator_list.html"
    create_url_name = "results:indicator-create"
    export_fields = [
        ("title", _("Title")),
        ("objective", _("Objective")),
        ("action", _("Action")),
        ("measure", _("Measure")),
        ("unit", _("Unit")),
        ("baseline_value", _("Baseline")),
        ("baseline_year", _("Baseline year")),
        ("rollup_rule", _("Roll-up rule")),
        ("contributes_to", _("Rolls up to")),
        ("department", _("Responsible department")),
        ("update_every_months", _("Update every (months)")),
        ("is_public", _("Public")),
    ]

    def get_queryset(self) -> IndicatorQuerySet:
        # The page's actions and the indicators it rolls up to are read by id after the sort
        # and the limit (two queries): joined in the page's query, they made PostgreSQL hash
        # every action of every government before sorting the indicators.
        return (
            Indicator.objects.for_tenant(self.government)
            .select_related("objective__strategy", "department")
            .prefetch_related("action", "contributes_to")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        ids = [indicator.pk for indicator in context["object_list"]]
        context["due_ids"] = set(
            Indicator.objects.for_tenant(self.government)
            .filter(pk__in=ids)
            .update_due(timezone.localdate())
            .values_list("pk", flat=True)
        )
        context["can_review"] = ReviewerPolicy().allows(self.membership, Operation.VIEW)
        return context


class IndicatorDetailView(IndicatorMixin, ObjectDetailView):
    template_name = "results/indicator_detail.html"
    history_url_name = "results:indicator-history"
    edit_url_name = "results:indicator-edit"
    delete_url_name = "results:indicator-delete"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        indicator = self.object
        progress = progress_of([indicator])[0]
        periods = [row.period for row in progress.periods]
        revisions: dict[int, list[TargetRevision]] = {p.pk: [] for p in periods}
        for revision in (
            TargetRevision.objects.for_tenant(self.government)
            .filter(period__indicator=indicator)
            .select_related("revised_by")
        ):
            revisions[revision.period_id].append(revision)
        updates = list(
            IndicatorUpdate.objects.for_tenant(self.government)
            .filter(period__indicator=indicator)
            .select_related("period", "reported_by", "reviewed_by")
            .order_by("-period__start", "-created_at")
        )
        for row in progress.periods:
            row.revisions = revisions.get(row.period.pk, [])
        context.update(
            progress=progress,
            chart=progress_chart(progress),
            updates=updates,
            can_change=self.can(Operation.CHANGE, indicator),
        )
        return context


class IndicatorHistoryView(IndicatorMixin, ObjectHistoryView):
    template_name = "results/object_history.html"


class IndicatorFormView(IndicatorMixin, ObjectFormView):
    """``?objective=<id>`` or ``?action=<id>``: the indicator starts on it."""

    form_class = IndicatorForm
    cancel_url_name = "results:indicator-list"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "government": self.government}

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        for name, model in (("objective", Objective), ("action", Action)):
            raw = self.request.GET.get(name, "")
            if raw.isdigit():
                found = model.objects.for_tenant(self.government).filter(pk=raw).first()
                if found is not None:
                    initial[name] = found.pk
        return initial


class IndicatorCreateView(IndicatorFormView):
    permission_action = Operation.ADD
    success_message = _("The indicator was created.")
    service = staticmethod(services.create_indicator)


class IndicatorUpdateView(IndicatorFormView):
    permission_action = Operation.CHANGE
    success_message = _("The indicator was saved.")
    service = staticmethod(services.update_indicator)


class IndicatorDeleteView(IndicatorMixin, ObjectDeleteView):
    success_url = reverse_lazy("results:indicator-list")
    success_message = _("The indicator was deleted.")
    service = staticmethod(services.delete_indicator)


# --- Periods and targets -----------------------------------------------------------------------


class PeriodCreateView(IndicatorMixin, ObjectFormView):
    """Add a period to the indicator of the URL (changing the indicator); the service is
    called on the indicator."""

    permission_action = Operation.CHANGE
    form_class = PeriodForm
    template_name = "core/child_form.html"
    success_message = _("The period was added.")
    service = staticmethod(services.add_period)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        indicator = self.get_target()
        kwargs["instance"] = IndicatorPeriod(government=self.government, indicator=indicator)
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["heading"] = _("New period")
        return context


class PeriodMixin(GovernmentScopedMixin):
    model = IndicatorPeriod

    def get_queryset(self) -> QuerySet[IndicatorPeriod]:
        return (
            super()
            .get_queryset()
            .select_related("indicator__action", "indicator__department", "indicator__objective")
        )


class PeriodUpdateView(PeriodMixin, ObjectFormView):
    permission_action = Operation.CHANGE
    form_class = PeriodForm
    template_name = "core/child_form.html"
    success_message = _("The period was saved.")
    service = staticmethod(services.update_period)
    # The target is shown but not edited here: it changes through TargetReviseView.
    service_fields = ("start", "end", "target_comment")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["heading"] = _("Edit the period")
        return context


class PeriodDeleteView(PeriodMixin, ObjectDeleteView):
    success_message = _("The period was deleted.")
    service = staticmethod(services.delete_period)

    @property
    def success_url(self) -> str:
        return reverse("results:indicator-detail", args=[self.object.indicator_id])


class TargetReviseView(PeriodMixin, ServiceFormView):
    permission_action = Operation.CHANGE
    form_class = TargetRevisionForm
    template_name = "core/child_form.html"
    success_message = _("The target was revised.")
    service = staticmethod(services.revise_target)
    service_fields = ("new_value", "reason", "target_comment")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "period": self.get_target()}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["heading"] = _("Revise the target")
        return context

    def get_success_url(self) -> str:
        # The service returns the revision; the page to go back to is the period's.
        return cast(str, self.get_target().get_absolute_url())


# --- Updates -----------------------------------------------------------------------------------


class UpdateCreateView(PeriodMixin, ServiceFormView):
    """Record a value for the period of the URL: saved as a draft, or submitted at once."""

    permission_action = Operation.CHANGE
    form_class = UpdateForm
    template_name = "results/update_form.html"
    success_message = _("The update was recorded.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "indicator": self.get_target().indicator}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        period = self.get_target()
        context.update(heading=_("New update"), period=period, indicator=period.indicator)
        return context

    # More than a forward: the update is also submitted when the person asked for it.
    def perform(self, form: UpdateForm) -> IndicatorUpdate:
        update = services.record_indicator_update(
            self.get_target(),
            acting_user=self.acting_user,
            evidence=form.cleaned_data.get("evidence"),
            disaggregations=form.disaggregation_rows,
            **form.service_values(),
        )
        if "submit" in self.request.POST:
            services.submit_update(update, acting_user=self.acting_user)
            self.success_message = _("The update was submitted for review.")
        return update


class UpdateMixin(GovernmentScopedMixin):
    model = IndicatorUpdate

    def get_queryset(self) -> IndicatorUpdateQuerySet:
        return IndicatorUpdate.objects.for_tenant(self.government).with_related()


class UpdateDetailView(UpdateMixin, ObjectDetailView):
    template_name = "results/update_detail.html"
    history_url_name = "results:update-history"
    delete_url_name = "results:update-delete"

    def get_queryset(self) -> IndicatorUpdateQuerySet:
        return super().get_queryset().prefetch_related("disaggregations")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        update = self.object
        editable = update.status in EDITABLE
        context["edit_url_name"] = "results:update-edit" if editable else ""
        context["delete_url_name"] = self.delete_url_name if editable else ""
        context["can_submit"] = editable and context["perms_for"]["change"]
        context["can_review"] = update.status == UpdateStatus.SUBMITTED and not (
            services.refusal_for_role(self.membership.role, self.acting_user, update)
        )
        context["review_form"] = ReturnForm()
        context["indicator"] = update.period.indicator
        return context


class UpdateHistoryView(UpdateMixin, ObjectHistoryView):
    template_name = "results/object_history.html"


class UpdateEditView(UpdateMixin, ServiceFormView):
    permission_action = Operation.CHANGE
    form_class = UpdateForm
    template_name = "results/update_form.html"
    success_message = _("The update was saved.")

    def get_target(self) -> IndicatorUpdate:
        update: IndicatorUpdate | None = super().get_target()
        if update is None:  # the URL always names the update
            raise Http404
        if update.status not in EDITABLE:
            raise PermissionDenied
        return update

    def get_form_kwargs(self) -> dict[str, Any]:
        update = self.get_target()
        return {
            **super().get_form_kwargs(),
            "indicator": update.period.indicator,
            "update": update,
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        update = self.get_target()
        context.update(
            heading=_("Edit the update"), period=update.period, indicator=update.period.indicator
        )
        return context

    # More than a forward: saving, submitting and resubmitting are three services.
    def perform(self, form: UpdateForm) -> IndicatorUpdate:
        update = self.get_target()
        values = {
            "evidence": form.cleaned_data.get("evidence"),
            "disaggregations": form.disaggregation_rows,
            **form.service_values(),
        }
        if "submit" in self.request.POST:
            if update.status == UpdateStatus.RETURNED:
                services.resubmit_update(update, acting_user=self.acting_user, **values)
            else:
                services.edit_indicator_update(update, acting_user=self.acting_user, **values)
                services.submit_update(update, acting_user=self.acting_user)
            self.success_message = _("The update was submitted for review.")
            return update
        return services.edit_indicator_update(update, acting_user=self.acting_user, **values)


class UpdateSubmitView(UpdateMixin, DetailView[IndicatorUpdate]):
    """Confirm, then send a draft or returned update for review."""

    permission_action = Operation.CHANGE
    template_name = "results/update_submit.html"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        update = self.get_object()
        try:
            services.submit_update(update, acting_user=self.acting_user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The update was submitted for review."))
        return HttpResponseRedirect(update.get_absolute_url())


class UpdateReviewView(UpdateMixin, DetailView[IndicatorUpdate]):
    """Approve a submitted update, or return it with a reason (administrators, and
    coordinators for updates reported by someone else)."""

    permission_action = Operation.CHANGE
    template_name = "results/update_review.html"

    def get_queryset(self) -> IndicatorUpdateQuerySet:
        return super().get_queryset().prefetch_related("disaggregations")

    def get_object(self, queryset: QuerySet[IndicatorUpdate] | None = None) -> IndicatorUpdate:
        update: IndicatorUpdate = super().get_object(queryset)
        if services.refusal_for_role(self.membership.role, self.acting_user, update):
            raise PermissionDenied
        return update

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ReturnForm())
        # The narrative, the value against the target and the previous periods, the
        # disaggregation and the evidence: what the reviewer judges.
        context["dossier"] = review_dossier(self.government, self.object)
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.object = update = self.get_object()
        form = ReturnForm(request.POST)
        form.is_valid()
        decision = request.POST.get("decision")
        try:
            if decision == "approve":
                services.approve_update(update, acting_user=self.acting_user)
                messages.success(request, _("The update was approved."))
            elif decision == "return":
                services.return_update(
                    update, acting_user=self.acting_user, reason=form.cleaned_data.get("reason", "")
                )
                messages.success(request, _("The update was returned to its reporter."))
            else:
                raise ValidationError(_("Choose to approve or to return the update."))
        except ValidationError as error:
            for message in error.messages:
                form.add_error("reason" if decision == "return" else None, message)
            update.refresh_from_db()
            return self.render_to_response(self.get_context_data(form=form), status=200)
        return HttpResponseRedirect(update.get_absolute_url())


class UpdateEvidenceView(UpdateMixin, DetailView[IndicatorUpdate]):
    """Download an update's evidence: members of the government only."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        update = self.get_object()
        if not update.evidence:
            raise Http404
        try:
            handle = update.evidence.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        return FileResponse(
            handle,
            as_attachment=True,
            filename=update.evidence_name or update.evidence.name.rsplit("/", 1)[-1],
        )


class UpdateDeleteView(UpdateMixin, ObjectDeleteView):
    success_message = _("The update was deleted.")
    service = staticmethod(services.delete_indicator_update)

    @property
    def success_url(self) -> str:
        return reverse("results:indicator-detail", args=[self.object.period.indicator_id])


class ReviewQueueView(UpdateMixin, ObjectListView):
    """Submitted updates waiting for an administrator or a coordinator, oldest first."""

    filterset_class = ReviewQueueFilterSet
    template_name = "results/review_queue.html"

    @property
    def policy(self) -> RolePolicy:
        return ReviewerPolicy()

    def get_queryset(self) -> IndicatorUpdateQuerySet:
        pending = super().get_queryset().pending_review()
        return pending.order_by("submitted_at", "pk")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        role = self.membership.role
        context["reviewable_ids"] = {
            u.pk
            for u in context["object_list"]
            if not services.refusal_for_role(role, self.acting_user, u)
        }
        return context
