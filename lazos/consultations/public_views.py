"""Public consultation pages: list, detail with the contribution form, confirmation link,
invited actors' personal link. No login."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from lazos.consultations import services
from lazos.consultations.forms import ContributionForm
from lazos.consultations.models import Consultation, Contribution, Invitation
from lazos.core.client import client_network
from lazos.portal.views import PortalMixin


class PublicConsultationListView(PortalMixin, TemplateView):
    template_name = "consultations/public/consultation_list.html"
    portal_section = "consultations"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        consultations = list(
            Consultation.objects.for_tenant(self.government)
            .public()
            .order_by("-opens_on", "pk")[:200]
        )
        context.update(
            open_consultations=[c for c in consultations if c.is_open_for_contributions],
            other_consultations=[c for c in consultations if not c.is_open_for_contributions],
        )
        return context


class PublicConsultationDetailView(PortalMixin, TemplateView):
    template_name = "consultations/public/consultation_detail.html"
    portal_section = "consultations"
    invitation: Invitation | None = None

    def get_consultation(self) -> Consultation:
        return get_object_or_404(
            Consultation.objects.for_tenant(self.government).public().select_related("government"),
            pk=self.kwargs["id"],
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        consultation = kwargs.get("consultation") or self.get_consultation()
        can_contribute = consultation.is_open_for_contributions and (
            consultation.audience == "public" or self.invitation is not None
        )
        context.update(
            consultation=consultation,
            contributions=list(
                Contribution.objects.for_tenant(self.government)
                .filter(consultation=consultation)
                .approved()
                .only("id", "display_name", "text", "created_at")
            ),
            can_contribute=can_contribute,
            invitation=self.invitation,
            form=kwargs.get("form")
            or (ContributionForm(invited=self.invitation is not None) if can_contribute else None),
        )
        return context

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        consultation = self.get_consultation()
        form = ContributionForm(request.POST, invited=self.invitation is not None)
        if form.is_spam:
            # Look like success to the robot; store nothing.
            messages.success(
                request, _("Thank you. Check your email to confirm your contribution.")
            )
            return HttpResponseRedirect(request.path)
        if form.is_valid():
            try:
                services.submit_contribution(
                    consultation,
                    text=form.cleaned_data["text"],
                    display_name=form.cleaned_data["display_name"],
                    email=form.cleaned_data.get("email", ""),
                    invitation=self.invitation,
                    ip_address=client_network(request) or "unknown",
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.error_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, error)
            else:
                if self.invitation is not None:
                    messages.success(
                        request, _("Thank you. Your contribution will be published after review.")
                    )
                else:
                    messages.success(
                        request,
                        _(
                            "Thank you. We sent you an email: open its link to confirm your contribution."
                        ),
                    )
                return HttpResponseRedirect(request.path)
        return self.render_to_response(
            self.get_context_data(consultation=consultation, form=form, **kwargs)
        )


class InvitedContributionView(PublicConsultationDetailView):
    """The personal link of an invited local actor."""

    def get_consultation(self) -> Consultation:
        invitation = (
            Invitation.objects.for_tenant(self.government)
            .select_related("consultation", "actor")
            .filter(token=self.kwargs["token"])
            .first()
        )
        if invitation is None or invitation.consultation.status == "draft":
            raise Http404
        self.invitation = invitation
        return invitation.consultation

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        consultation = self.get_consultation()
        return self.render_to_response(self.get_context_data(consultation=consultation, **kwargs))

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        self.get_consultation()
        return super().post(request, *args, **kwargs)


class VerifyContributionView(PortalMixin, TemplateView):
    template_name = "consultations/public/verified.html"
    portal_section = "consultations"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            contribution = services.verify_contribution(self.government, kwargs["token"])
        except ValidationError as error:
            return self.render_to_response(
                self.get_context_data(error=" ".join(error.messages), **kwargs), status=400
            )
        return self.render_to_response(
            self.get_context_data(consultation=contribution.consultation, **kwargs)
        )
