"""Office pages of consultations: list, detail with the moderation queue, create/edit,
moderation, response and closing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views import View

from lazos.consultations import services
from lazos.consultations.choices import ContributionStatus
from lazos.consultations.filtersets import ConsultationFilterSet
from lazos.consultations.forms import ConsultationForm, ModerationForm, ResponseForm
from lazos.consultations.models import Consultation, Contribution
from lazos.consultations.querysets import ConsultationQuerySet
from lazos.core.permissions import Operation
from lazos.core.views import (
    GovernmentScopedMixin,
    ObjectDetailView,
    ObjectFormView,
    ObjectHistoryView,
    ObjectListView,
    ServiceFormView,
)


class ConsultationMixin(GovernmentScopedMixin):
    model = Consultation

    def get_queryset(self) -> ConsultationQuerySet:
        return Consultation.objects.for_tenant(self.government)


class ConsultationListView(ConsultationMixin, ObjectListView):
    filterset_class = ConsultationFilterSet
    template_name = "consultations/consultation_list.html"
    create_url_name = "consultations:consultation-create"

    def get_queryset(self) -> ConsultationQuerySet:
        return (
            super()
            .get_queryset()
            .annotate(
                pending_count=Count(
                    "contributions", filter=Q(contributions__status=ContributionStatus.PENDING)
                ),
                approved_count=Count(
                    "contributions", filter=Q(contributions__status=ContributionStatus.APPROVED)
                ),
            )
            .order_by("-opens_on", "title", "pk")
        )


class ConsultationDetailView(ConsultationMixin, ObjectDetailView):
    template_name = "consultations/consultation_detail.html"
    history_url_name = "consultations:consultation-history"
    edit_url_name = "consultations:consultation-edit"

    def get_queryset(self) -> ConsultationQuerySet:
        return super().get_queryset().select_related("strategy", "agreement")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        contributions = list(
            Contribution.objects.for_tenant(self.government)
            .filter(consultation=self.object)
            .select_related("invitation__actor", "moderated_by")
        )
        by_status: dict[str, list[Contribution]] = {s: [] for s in ContributionStatus.values}
        for contribution in contributions:
            by_status[contribution.status].append(contribution)
        context.update(
            pending=by_status[ContributionStatus.PENDING],
            approved=by_status[ContributionStatus.APPROVED],
            rejected=by_status[ContributionStatus.REJECTED],
            unverified_count=len(by_status[ContributionStatus.UNVERIFIED]),
            invitations=list(self.object.invitations.select_related("actor")),
            moderation_form=ModerationForm(),
            can_moderate=self.can(Operation.CHANGE, self.object),
        )
        return context


class ConsultationFormView(ConsultationMixin, ObjectFormView):
    form_class = ConsultationForm
    cancel_url_name = "consultations:consultation-list"
    success_message = _("Consultation saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["government"] = self.government
        return kwargs


class ConsultationCreateView(ConsultationFormView):
    permission_action = Operation.ADD
    service = staticmethod(services.open_consultation)


class ConsultationUpdateView(ConsultationFormView):
    permission_action = Operation.CHANGE
    service = staticmethod(services.update_consultation)


class ConsultationHistoryView(ConsultationMixin, ObjectHistoryView):
    pass


class ResponseView(ConsultationMixin, ServiceFormView):
    """Publish "you said, we did"."""

    form_class = ResponseForm
    permission_action = Operation.CHANGE
    template_name = "consultations/response_form.html"
    success_message = _("Response published.")
    service = staticmethod(services.publish_response)
    service_fields = ("response",)

    def get_initial(self) -> dict[str, Any]:
        return {"response": self.get_target().response}


class ConsultationActionView(ConsultationMixin, View):
    """POST: open a draft or close an open consultation."""

    permission_action = Operation.CHANGE

    def get(self, request: HttpRequest, pk: int, operation: str) -> HttpResponse:
        # Another government's consultation is a 404 like a missing one, whatever the method.
        get_object_or_404(self.get_queryset(), pk=pk)
        return HttpResponseNotAllowed(["POST"])

    def post(self, request: HttpRequest, pk: int, operation: str) -> HttpResponse:
        consultation = get_object_or_404(self.get_queryset(), pk=pk)
        if not self.can(Operation.CHANGE, consultation):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        service = {
            "open": services.publish_consultation,
            "close": services.close_consultation,
        }.get(operation)
        if service is None:
            return HttpResponse(status=404)
        try:
            service(consultation, acting_user=self.acting_user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Consultation opened.") if operation == "open" else _("Consultation closed."),
            )
        return HttpResponseRedirect(consultation.get_absolute_url())


class ModerateView(GovernmentScopedMixin, View):
    """POST: publish or reject one contribution."""

    model = Contribution
    permission_action = Operation.CHANGE

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        get_object_or_404(Contribution.objects.for_tenant(self.government), pk=pk)
        return HttpResponseNotAllowed(["POST"])

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        contribution = get_object_or_404(
            Contribution.objects.for_tenant(self.government).select_related("consultation"), pk=pk
        )
        url = contribution.consultation.get_absolute_url() + "#moderation"
        form = ModerationForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choose whether to publish or reject the contribution."))
            return HttpResponseRedirect(url)
        try:
            services.moderate_contribution(
                contribution,
                acting_user=self.acting_user,
                approve=form.cleaned_data["decision"] == "approve",
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Contribution moderated."))
        return HttpResponseRedirect(url)
