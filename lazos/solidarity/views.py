"""Pages of the solidarity board.

Rows of other governments come only from ``Emergency.objects.visible_to`` /
``Need.objects.visible_to`` (emergencies of tied governments) and ``Offer.objects.involving``
(offers a government made or received); everything else is the current government's own.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Model, Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from lazos.core.permissions import Operation, policy_for
from lazos.core.views import (
    GovernmentScopedMixin,
    ObjectDetailView,
    ObjectHistoryView,
    ServiceFormView,
)
from lazos.solidarity import services
from lazos.solidarity.choices import EmergencyStatus, OfferStatus
from lazos.solidarity.filtersets import EmergencyFilterSet
from lazos.solidarity.forms import (
    CloseEmergencyForm,
    DeliverForm,
    EmergencyForm,
    NeedForm,
    OfferForm,
)
from lazos.solidarity.models import Emergency, Need, Offer
from lazos.solidarity.querysets import EmergencyQuerySet, NeedQuerySet
from lazos.solidarity.ties import Tie, tied_governments


class SolidarityMixin(GovernmentScopedMixin):
    model: type[Model] = Emergency

    @property
    def ties(self) -> dict[int, Tie]:
        """Governments tied to the current one (computed once per request)."""
        if not hasattr(self, "_ties"):
            self._ties = tied_governments(self.government)
        return self._ties

    def may_offer(self) -> bool:
        return policy_for(Offer).allows(self.membership, Operation.ADD)


def _needs_prefetch() -> Prefetch[str, NeedQuerySet, str]:
    return Prefetch("needs", queryset=Need.objects.order_by("pk"))


@dataclass
class NeedRow:
    need: Need
    offers: list[Offer] = field(default_factory=list)
    waiting: int = 0


@dataclass
class EmergencyCard:
    emergency: Emergency
    tie: Tie | None
    needs: list[NeedRow] = field(default_factory=list)


class BoardView(SolidarityMixin, TemplateView):
    """The board: open emergencies of our government and of governments tied to it, the
    offers we made, then closed emergencies."""

    template_name = "solidarity/board.html"
    closed_per_page = 20
    offers_shown = 100

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        government = self.government
        visible = Emergency.objects.visible_to(government, ties=self.ties).select_related(
            "government"
        )
        filterset = EmergencyFilterSet(self.request.GET, queryset=visible)
        emergencies: EmergencyQuerySet = filterset.qs if filterset.is_valid() else visible.none()

        our_offers = list(
            Offer.objects.for_tenant(government)
            .filter(
                Q(status__in=[OfferStatus.OFFERED, OfferStatus.ACCEPTED])
                | Q(need__emergency__status=EmergencyStatus.OPEN)
            )
            .select_related("need__emergency__government", "action")
            .order_by("-created_at", "-pk")[: self.offers_shown]
        )
        ours_by_need: dict[int, list[Offer]] = defaultdict(list)
        for offer in our_offers:
            ours_by_need[offer.need_id].append(offer)
        waiting = dict(
            Offer.objects.made_to(government)
            .pending()
            .order_by()
            .values("need_id")
            .annotate(count=Count("pk"))
            .values_list("need_id", "count")
        )
        cards = [
            EmergencyCard(
                emergency,
                self.ties.get(emergency.government_id),
                [
                    NeedRow(need, ours_by_need.get(need.pk, []), waiting.get(need.pk, 0))
                    for need in emergency.needs.all()
                ],
            )
            for emergency in emergencies.open()
            .prefetch_related(_needs_prefetch())
            .order_by("-started_on", "-pk")
        ]

        closed = emergencies.closed().order_by("-closed_on", "-started_on", "-pk")
        page = Paginator(closed, self.closed_per_page).get_page(self.request.GET.get("page"))
        context.update(
            filter=filterset,
            ours=[c for c in cards if c.emergency.government_id == government.pk],
            theirs=[c for c in cards if c.emergency.government_id != government.pk],
            our_offers=our_offers,
            closed=[EmergencyCard(e, self.ties.get(e.government_id)) for e in page.object_list],
            page_obj=page,
            can_declare=self.can(Operation.ADD),
            can_offer=self.may_offer(),
        )
        return context


class EmergencyDetailView(SolidarityMixin, ObjectDetailView):
    template_name = "solidarity/emergency_detail.html"

    def get_queryset(self) -> QuerySet[Emergency]:
        return (
            Emergency.objects.visible_to(self.government, ties=self.ties)
            .select_related("government", "response_action")
            .prefetch_related(_needs_prefetch())
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        emergency: Emergency = self.object
        ours = emergency.government_id == self.government.pk
        offers = (
            Offer.objects.involving(self.government)
            .filter(need__emergency=emergency)
            .select_related("government", "offered_by", "action")
            .order_by("created_at", "pk")
        )
        by_need: dict[int, list[Offer]] = defaultdict(list)
        for offer in offers:
            by_need[offer.need_id].append(offer)
        can_manage = ours and self.can(Operation.CHANGE, emergency)
        context.update(
            ours=ours,
            tie=None if ours else self.ties.get(emergency.government_id),
            needs=[NeedRow(need, by_need.get(need.pk, [])) for need in emergency.needs.all()],
            can_manage=can_manage,
            can_offer=not ours and emergency.is_open and self.may_offer(),
            can_deliver=not ours and self.may_offer(),
            deliver_form=DeliverForm(),
            # Only the affected government edits the emergency and reads its history.
            edit_url_name="solidarity:emergency-edit" if can_manage else "",
            history_url_name="solidarity:emergency-history" if ours else "",
        )
        return context


class SolidarityFormView(SolidarityMixin, ServiceFormView):
    template_name = "solidarity/form.html"
    heading: Any = ""
    intro: Any = ""

    def get_heading(self) -> Any:
        return self.heading

    def get_blocked_reason(self) -> Any:
        """Why the step cannot be taken any more (the page then shows this, not the form)."""
        return ""

    def get_cancel_url(self) -> str:
        target = self.get_target()
        return target.get_absolute_url() if target is not None else reverse("solidarity:board")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            heading=self.get_heading(),
            intro=self.intro,
            cancel_url=self.get_cancel_url(),
            blocked=self.get_blocked_reason(),
        )
        return context


class EmergencyFormView(SolidarityFormView):
    form_class = EmergencyForm
    template_name = "solidarity/form.html"


class EmergencyDeclareView(EmergencyFormView):
    permission_action = Operation.ADD
    heading: Any = _("Declare an emergency")
    intro: Any = _(
        "Partners and fellow network members on this instance will see it and can offer help "
        "for the needs you post."
    )
    success_message = _("Emergency declared. Now post what you need.")
    service = staticmethod(services.declare_emergency)

    def get_new_instance(self) -> Emergency:
        return Emergency(government=self.government)


class EmergencyUpdateView(EmergencyFormView):
    permission_action = Operation.CHANGE
    success_message = _("Emergency saved.")
    service = staticmethod(services.update_emergency)

    def get_heading(self) -> Any:
        return _("Edit %(title)s") % {"title": self.get_target().title}


class EmergencyHistoryView(SolidarityMixin, ObjectHistoryView):
    pass


class EmergencyCloseView(SolidarityFormView):
    form_class = CloseEmergencyForm
    permission_action = Operation.CHANGE
    template_name = "solidarity/close_form.html"
    success_message = _("Emergency closed.")
    service = staticmethod(services.close_emergency)

    def get_heading(self) -> Any:
        return _("Close %(title)s") % {"title": self.get_target().title}

    def get_blocked_reason(self) -> Any:
        return "" if self.get_target().is_open else _("This emergency is already closed.")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        target = self.get_target()
        context["open_needs"] = target.needs.open().count()
        context["pending_offers"] = Offer.objects.filter(need__emergency=target).pending().count()
        return context


class NeedCreateView(SolidarityFormView):
    """Post a need for one of our emergencies (``pk`` is the emergency)."""

    form_class = NeedForm
    permission_action = Operation.CHANGE
    success_message = _("Need posted.")
    service = staticmethod(services.post_need)

    def get_heading(self) -> Any:
        return _("What does %(title)s need?") % {"title": self.get_target().title}

    def get_blocked_reason(self) -> Any:
        return "" if self.get_target().is_open else _("This emergency is closed.")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        target = self.get_target()
        kwargs["instance"] = Need(government=self.government, emergency=target)
        return kwargs


class NeedUpdateView(SolidarityFormView):
    model = Need
    form_class = NeedForm
    permission_action = Operation.CHANGE
    success_message = _("Need saved.")
    service = staticmethod(services.update_need)

    def get_queryset(self) -> QuerySet[Need]:
        return Need.objects.for_tenant(self.government).select_related("emergency")

    def get_heading(self) -> Any:
        return _("Edit a need of %(title)s") % {"title": self.get_target().emergency.title}

    def get_blocked_reason(self) -> Any:
        return "" if self.get_target().is_open else _("This need is no longer open.")


class OfferCreateView(SolidarityFormView):
    """Offer help for a need of a tied government's emergency (``pk`` is the need)."""

    model = Need
    form_class = OfferForm
    permission_action = Operation.ADD
    template_name = "solidarity/offer_form.html"
    success_message = _("Offer sent. The affected government will accept or decline it.")

    def get_queryset(self) -> QuerySet[Need]:
        # Not our own needs: nobody offers help for their own emergency.
        return (
            Need.objects.visible_to(self.government, ties=self.ties)
            .exclude(government=self.government)
            .select_related("emergency", "government")
        )

    def get_heading(self) -> Any:
        return _("Offer help to %(government)s") % {"government": self.get_target().government}

    def get_blocked_reason(self) -> Any:
        need = self.get_target()
        if not need.emergency.is_open:
            return _("This emergency is closed.")
        return "" if need.is_open else _("This need is no longer open.")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = Offer(government=self.government, need=self.get_target())
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        need = self.get_target()
        context.update(need=need, emergency=need.emergency, tie=self.ties.get(need.government_id))
        return context

    def perform(self, form: OfferForm) -> Offer:
        # make_offer takes the offering government and then the need of the URL.
        return services.make_offer(
            self.government, self.get_target(), acting_user=self.acting_user, **form.cleaned_data
        )

    def get_success_url(self) -> str:
        need: Need = self.get_target()
        return need.get_absolute_url()


_Row = TypeVar("_Row", Need, Offer)


class OperationView(SolidarityMixin, View, Generic[_Row]):
    """POST only: one step of the board on one object, then back to the emergency.

    A GET answers 405 for an object the government may reach and 404 otherwise, like a
    missing one."""

    permission_action = Operation.CHANGE
    success_message: Any = _("Saved.")

    def get_queryset(self) -> QuerySet[_Row]:
        raise NotImplementedError  # pragma: no cover - every subclass defines it

    def perform(self, obj: _Row) -> object:
        raise NotImplementedError  # pragma: no cover - every subclass defines it

    def emergency_url(self, obj: _Row) -> str:
        raise NotImplementedError  # pragma: no cover - every subclass defines it

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        get_object_or_404(self.get_queryset(), pk=pk)
        return HttpResponseNotAllowed(["POST"])

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj = get_object_or_404(self.get_queryset(), pk=pk)
        if not self.can(self.permission_action, obj):
            raise PermissionDenied
        try:
            self.perform(obj)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, self.success_message)
        return HttpResponseRedirect(self.emergency_url(obj))


class NeedOperationView(OperationView[Need]):
    model = Need

    def get_queryset(self) -> QuerySet[Need]:
        return Need.objects.for_tenant(self.government).select_related("emergency")

    def emergency_url(self, obj: Need) -> str:
        return obj.get_absolute_url()


class NeedWithdrawView(NeedOperationView):
    success_message = _("Need withdrawn.")

    def perform(self, obj: Need) -> Any:
        return services.withdraw_need(obj, acting_user=self.acting_user)


class NeedMetView(NeedOperationView):
    success_message = _("Need marked as met.")

    def perform(self, obj: Need) -> Any:
        return services.mark_need_met(obj, acting_user=self.acting_user)


class OfferOperationView(OperationView[Offer]):
    model = Offer

    def emergency_url(self, obj: Offer) -> str:
        return obj.need.get_absolute_url()


class ReceivedOfferView(OfferOperationView):
    """Offers made to our emergencies: we accept or decline them."""

    def get_queryset(self) -> QuerySet[Offer]:
        return Offer.objects.made_to(self.government).select_related(
            "government", "offered_by", "need__emergency", "need__government"
        )


class OfferAcceptView(ReceivedOfferView):
    success_message = _("Offer accepted. The help is recorded as emergency aid in both registers.")

    def perform(self, obj: Offer) -> Any:
        return services.accept_offer(obj, acting_user=self.acting_user)


class OfferDeclineView(ReceivedOfferView):
    success_message = _("Offer declined.")

    def perform(self, obj: Offer) -> Any:
        return services.decline_offer(obj, acting_user=self.acting_user)


class OwnOfferView(OfferOperationView):
    """Offers our government made: we withdraw them or say the help was delivered."""

    permission_action = Operation.ADD

    def get_queryset(self) -> QuerySet[Offer]:
        return Offer.objects.for_tenant(self.government).select_related("need", "action")


class OfferWithdrawView(OwnOfferView):
    success_message = _("Offer withdrawn.")

    def perform(self, obj: Offer) -> Any:
        return services.withdraw_offer(obj, acting_user=self.acting_user)


class OfferDeliverView(OwnOfferView):
    success_message = _("Help marked as delivered; our emergency-aid action is completed.")

    def perform(self, obj: Offer) -> Any:
        form = DeliverForm(self.request.POST)
        if not form.is_valid():
            raise ValidationError(_("Give the date the help was delivered."))
        return services.deliver_offer(
            obj, acting_user=self.acting_user, on=form.cleaned_data["delivered_on"]
        )
