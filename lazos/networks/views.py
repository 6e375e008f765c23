"""Office pages of city networks, the government's memberships, the posts it holds, its
network positions and the endorsements it gave."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import ListView

from lazos.core.attachments import attachments_prefetch
from lazos.core.content import original_language
from lazos.core.permissions import Operation, RolePolicy, policy_for
from lazos.core.views import (
    GovernmentScopedMixin,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectFormView,
    ObjectHistoryView,
    ObjectListView,
)
from lazos.networks import services
from lazos.networks.choices import PositionStatus
from lazos.networks.directory import key_of, own_network_keys, public_network_ids
from lazos.networks.filtersets import NetworkFilterSet, PositionFilterSet
from lazos.networks.forms import (
    NetworkForm,
    NetworkMembershipForm,
    NetworkPostForm,
    PositionForm,
)
from lazos.networks.models import Endorsement, Network, NetworkMembership, NetworkPost, Position
from lazos.networks.querysets import NetworkMembershipQuerySet, NetworkQuerySet

if TYPE_CHECKING:
    from lazos.governments.models import Government


def _membership_value(name: str) -> Any:
    def value(network: Network) -> Any:
        membership = network.membership
        if membership is None:
            return None
        display = getattr(membership, f"get_{name}_display", None)
        return display() if display else getattr(membership, name)

    return value


class NetworkMixin(GovernmentScopedMixin):
    model = Network

    def get_queryset(self) -> NetworkQuerySet:
        return Network.objects.for_tenant(self.government)


class NetworkListView(NetworkMixin, ObjectListView):
    filterset_class = NetworkFilterSet
    template_name = "networks/network_list.html"
    create_url_name = "networks:network-create"
    export_fields = [
        ("name", _("Name")),
        ("acronym", _("Acronym")),
        ("scope", _("Scope")),
        ("website", _("Website")),
        (_membership_value("status"), _("Membership")),
        (_membership_value("since"), _("Member since")),
        (_membership_value("until"), _("Until")),
        (_membership_value("annual_fee"), _("Annual fee")),
        (_membership_value("currency"), _("Currency")),
        (_membership_value("department"), _("Responsible department")),
        ("partner", _("As a partner")),
        ("tags", _("Tags")),
        ("created_at", _("Created")),
    ]

    def get_queryset(self) -> NetworkQuerySet:
        return super().get_queryset().with_related()


class NetworkDetailView(NetworkMixin, ObjectDetailView):
    template_name = "networks/network_detail.html"
    history_url_name = "networks:network-history"
    edit_url_name = "networks:network-edit"
    delete_url_name = "networks:network-delete"

    def get_queryset(self) -> NetworkQuerySet:
        return super().get_queryset().with_related()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        membership = self.object.membership
        context["membership"] = membership
        context["posts"] = (
            list(
                NetworkPost.objects.for_tenant(self.government)
                .filter(membership=membership)
                .order_by(F("start").desc(nulls_last=True), "-id")
            )
            if membership
            else []
        )
        post_policy = policy_for(NetworkPost)
        context["can_change_posts"] = post_policy.allows(self.membership, Operation.CHANGE)
        context["can_delete_posts"] = post_policy.allows(self.membership, Operation.DELETE)
        membership_policy = policy_for(NetworkMembership)
        context["can_add_membership"] = membership_policy.allows(self.membership, Operation.ADD)
        context["can_change_membership"] = membership is not None and (
            membership_policy.allows_on(self.membership, Operation.CHANGE, membership)
        )
        context.update(self.positions_context(membership))
        return context

    def positions_context(self, membership: NetworkMembership | None) -> dict[str, Any]:
        """Our positions in this network, and the published positions of the other members
        (found through the directory key, from records with a public membership)."""
        key = key_of(self.object)
        other_ids = public_network_ids([key]).get(key, set())
        with_counts = Position.objects.annotate(endorsement_count=Count("endorsements"))
        return {
            "directory_key": key if other_ids else "",
            "positions": list(
                with_counts.for_tenant(self.government)
                .filter(network=self.object)
                .order_by(F("opened_on").desc(nulls_first=True), "-pk")
            ),
            "member_positions": list(
                with_counts.published()
                .filter(network_id__in=other_ids)
                .exclude(government=self.government)
                .select_related("government")
                .order_by(F("opened_on").desc(nulls_last=True), "-pk")[:50]
            ),
            "can_add_position": membership is not None
            and membership.status != "ended"
            and policy_for(Position).allows(self.membership, Operation.ADD),
        }


class NetworkHistoryView(NetworkMixin, ObjectHistoryView):
    pass


class NetworkFormView(NetworkMixin, ObjectFormView):
    form_class = NetworkForm
    cancel_url_name = "networks:network-list"
    extra_service_fields = ("tags",)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "government": self.government}


class NetworkCreateView(NetworkFormView):
    permission_action = Operation.ADD
    success_message = _("The network was created.")
    service = staticmethod(services.create_network)


class NetworkUpdateView(NetworkFormView):
    permission_action = Operation.CHANGE
    success_message = _("The network was saved.")
    service = staticmethod(services.update_network)


class NetworkDeleteView(NetworkMixin, ObjectDeleteView):
    success_url = reverse_lazy("networks:network-list")
    success_message = _("The network was deleted.")
    service = staticmethod(services.delete_network)


# --- Memberships -------------------------------------------------------------------------------


class NetworkMembershipCreateView(NetworkMixin, ObjectFormView):
    """Record the membership from the network's page: the ``pk`` is the network's."""

    permission_action = Operation.ADD
    form_class = NetworkMembershipForm
    template_name = "core/child_form.html"
    success_message = _("The membership was recorded.")
    service = staticmethod(services.create_network_membership)

    @property
    def policy(self) -> RolePolicy:
        return policy_for(NetworkMembership)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs.update(
            instance=NetworkMembership(government=self.government, network=self.get_target()),
            government=self.government,
        )
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["heading"] = _("New membership")
        return context

    def get_service_target(self) -> Government:
        # The membership is the government's; the network of the URL goes as network.
        return self.government

    def get_service_values(self, form: NetworkMembershipForm) -> dict[str, Any]:
        return {**super().get_service_values(form), "network": self.get_target()}


class MembershipMixin(GovernmentScopedMixin):
    model = NetworkMembership

    def get_queryset(self) -> NetworkMembershipQuerySet:
        return NetworkMembership.objects.for_tenant(self.government).with_related()


class NetworkMembershipDetailView(MembershipMixin, ObjectDetailView):
    template_name = "networks/membership_detail.html"
    history_url_name = "networks:membership-history"
    edit_url_name = "networks:membership-edit"
    delete_url_name = "networks:membership-delete"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["posts"] = list(
            NetworkPost.objects.for_tenant(self.government)
            .filter(membership=self.object)
            .order_by(F("start").desc(nulls_last=True), "-id")
        )
        post_policy = policy_for(NetworkPost)
        context["can_add_post"] = post_policy.allows(self.membership, Operation.ADD)
        context["can_change_posts"] = post_policy.allows(self.membership, Operation.CHANGE)
        context["can_delete_posts"] = post_policy.allows(self.membership, Operation.DELETE)
        return context


class NetworkMembershipHistoryView(MembershipMixin, ObjectHistoryView):
    pass


class NetworkMembershipUpdateView(MembershipMixin, ObjectFormView):
    permission_action = Operation.CHANGE
    form_class = NetworkMembershipForm
    success_message = _("The membership was saved.")
    service = staticmethod(services.update_network_membership)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "government": self.government}


class NetworkMembershipDeleteView(MembershipMixin, ObjectDeleteView):
    success_message = _("The membership was deleted.")
    service = staticmethod(services.delete_network_membership)

    @property
    def success_url(self) -> str:
        return reverse("networks:network-detail", args=[self.object.network_id])


# --- Posts held --------------------------------------------------------------------------------


class NetworkPostCreateView(MembershipMixin, ObjectFormView):
    """Add a post held from the membership's page: the ``pk`` is the membership's."""

    permission_action = Operation.ADD
    form_class = NetworkPostForm
    template_name = "core/child_form.html"
    success_message = _("The post was added.")
    service = staticmethod(services.add_network_post)

    @property
    def policy(self) -> RolePolicy:
        return policy_for(NetworkPost)

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = NetworkPost(government=self.government, membership=self.get_target())
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["heading"] = _("New post held")
        return context


class PostMixin(GovernmentScopedMixin):
    model = NetworkPost

    def get_queryset(self) -> QuerySet[NetworkPost]:
        return super().get_queryset().select_related("membership__network")


class NetworkPostUpdateView(PostMixin, ObjectFormView):
    permission_action = Operation.CHANGE
    form_class = NetworkPostForm
    success_message = _("The post was saved.")
    service = staticmethod(services.update_network_post)


class NetworkPostDeleteView(PostMixin, ObjectDeleteView):
    success_message = _("The post was deleted.")
    service = staticmethod(services.delete_network_post)

    @property
    def success_url(self) -> str:
        return reverse("networks:membership-detail", args=[self.object.membership_id])


# --- Positions ---------------------------------------------------------------------------------


class PositionMixin(GovernmentScopedMixin):
    model = Position

    def get_queryset(self) -> QuerySet[Position]:
        return super().get_queryset().select_related("network", "government")


class PositionListView(PositionMixin, ObjectListView):
    filterset_class = PositionFilterSet
    template_name = "networks/position_list.html"
    create_url_name = "networks:position-create"
    export_fields = [
        ("title", _("Title")),
        ("network", _("Network")),
        ("status", _("Status")),
        ("process", _("Addressed to")),
        ("opened_on", _("Open for endorsement from")),
        ("closes_on", _("Endorsements close on")),
        ("endorsement_count", _("Endorsements")),
        ("summary", _("Summary")),
    ]

    def get_queryset(self) -> QuerySet[Position]:
        return (
            super()
            .get_queryset()
            .annotate(endorsement_count=Count("endorsements"))
            .order_by(F("opened_on").desc(nulls_first=True), "-pk")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["to_endorse"], context["endorsed_ids"] = positions_to_endorse(self.government)
        return context


def positions_to_endorse(government: Government) -> tuple[list[Position], set[int]]:
    """Other members' positions open for endorsement in networks ``government`` is an active
    member of, from published positions whose network record has a public membership, and
    the ids of those it has already endorsed. Three queries."""
    keys = own_network_keys(government)
    if not keys:
        return [], set()
    network_ids = set().union(*public_network_ids(keys).values())
    positions = [
        p
        for p in Position.objects.published()
        .filter(status=PositionStatus.OPEN, network_id__in=network_ids)
        .exclude(government=government)
        .select_related("government", "network")
        .order_by(F("closes_on").asc(nulls_last=True), "-pk")[:50]
        if p.is_open_for_endorsement
    ]
    endorsed = set(
        Endorsement.objects.for_tenant(government)
        .filter(position__in=[p.pk for p in positions])
        .values_list("position_id", flat=True)
    )
    return positions, endorsed


class PositionDetailView(PositionMixin, ObjectDetailView):
    template_name = "networks/position_detail.html"
    history_url_name = "networks:position-history"
    edit_url_name = "networks:position-edit"
    delete_url_name = "networks:position-delete"

    def get_queryset(self) -> QuerySet[Position]:
        return super().get_queryset().prefetch_related(attachments_prefetch())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        position = self.object
        if position.status != PositionStatus.DRAFT:
            context["delete_url_name"] = ""
        context.update(
            endorsements=list(
                Endorsement.objects.public()
                .filter(position=position)
                .select_related("government")
                .order_by("endorsed_on", "pk")
            ),
            original_language=original_language(position),
            translations=sorted(
                (code, values)
                for code, values in (position.translations or {}).items()
                if any(values.values())
            ),
            can_change=self.can(Operation.CHANGE, position),
        )
        return context


class PositionHistoryView(PositionMixin, ObjectHistoryView):
    pass


class PositionFormView(PositionMixin, ObjectFormView):
    form_class = PositionForm
    template_name = "networks/position_form.html"
    cancel_url_name = "networks:position-list"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "government": self.government}

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        network = self.request.GET.get("network", "")
        if network.isdigit():
            initial["network"] = int(network)
        return initial


class PositionCreateView(PositionFormView):
    permission_action = Operation.ADD
    success_message = _("The position was saved as a draft.")
    service = staticmethod(services.create_position)


class PositionUpdateView(PositionFormView):
    permission_action = Operation.CHANGE
    success_message = _("The position was saved.")
    service = staticmethod(services.update_position)


class PositionStatusView(PositionMixin, View):
    """POST: open a position for endorsement, or close it."""

    permission_action = Operation.CHANGE
    operation = ""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        # Another government's position is a 404 like a missing one, whatever the method.
        get_object_or_404(self.get_queryset(), pk=pk)
        return HttpResponseNotAllowed(["POST"])

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        position = get_object_or_404(self.get_queryset(), pk=pk)
        if not self.can(Operation.CHANGE, position):
            raise PermissionDenied
        try:
            if self.operation == "open":
                services.open_position(position, acting_user=self.acting_user)
                messages.success(request, _("The position is open for endorsement and public."))
            else:
                services.close_position(position, acting_user=self.acting_user)
                messages.success(request, _("The position is closed to new endorsements."))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        return HttpResponseRedirect(position.get_absolute_url())


class PositionDeleteView(PositionMixin, ObjectDeleteView):
    success_url = reverse_lazy("networks:position-list")
    success_message = _("The position was deleted.")
    service = staticmethod(services.delete_position)


class EndorsementListView(GovernmentScopedMixin, ListView[Endorsement]):
    """The endorsements the government has given to positions of its networks."""

    model = Endorsement
    template_name = "networks/endorsement_list.html"
    paginate_by = 50

    def get_queryset(self) -> QuerySet[Endorsement]:
        return (
            Endorsement.objects.for_tenant(self.government)
            .public()
            .select_related("position__government", "position__network", "endorsed_by")
            .order_by("-endorsed_on", "-pk")
        )
