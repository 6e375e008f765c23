"""Pages of city networks, the government's memberships and the posts it holds."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import F, QuerySet
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _

from lazos.core.permissions import Action, RolePolicy, policy_for
from lazos.core.views import (
    GovernmentScopedMixin,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectFormView,
    ObjectHistoryView,
    ObjectListView,
)
from lazos.networks import services
from lazos.networks.filtersets import NetworkFilterSet
from lazos.networks.forms import NetworkForm, NetworkMembershipForm, NetworkPostForm
from lazos.networks.models import Network, NetworkMembership, NetworkPost


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

    def get_queryset(self) -> QuerySet[Network]:
        return cast(Any, super().get_queryset()).with_related()


class NetworkDetailView(NetworkMixin, ObjectDetailView):
    template_name = "networks/network_detail.html"
    history_url_name = "networks:network-history"
    edit_url_name = "networks:network-edit"
    delete_url_name = "networks:network-delete"

    def get_queryset(self) -> QuerySet[Network]:
        return cast(Any, super().get_queryset()).with_related()

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
        context["can_change_posts"] = post_policy.allows(self.membership, Action.CHANGE)
        context["can_delete_posts"] = post_policy.allows(self.membership, Action.DELETE)
        membership_policy = policy_for(NetworkMembership)
        context["can_add_membership"] = membership_policy.allows(self.membership, Action.ADD)
        context["can_change_membership"] = membership is not None and (
            membership_policy.allows_on(self.membership, Action.CHANGE, membership)
        )
        return context


class NetworkHistoryView(NetworkMixin, ObjectHistoryView):
    pass


class NetworkCreateView(NetworkMixin, ObjectFormView):
    permission_action = Action.ADD
    form_class = NetworkForm
    cancel_url_name = "networks:network-list"
    success_message = _("The network was created.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "government": self.government}

    def perform(self, form: NetworkForm) -> Network:
        return services.create_network(
            self.government,
            acting_user=self.acting_user,
            tags=form.cleaned_data["tags"],
            **form.service_values(),
        )


class NetworkUpdateView(NetworkCreateView):
    permission_action = Action.CHANGE
    success_message = _("The network was saved.")

    def perform(self, form: NetworkForm) -> Network:
        return services.update_network(
            self.get_target(),
            acting_user=self.acting_user,
            tags=form.cleaned_data["tags"],
            **form.service_values(),
        )


class NetworkDeleteView(NetworkMixin, ObjectDeleteView):
    success_url = reverse_lazy("networks:network-list")
    success_message = _("The network was deleted.")

    def delete_object(self, obj: Network) -> None:
        services.delete_network(obj, acting_user=self.acting_user)


# --- Memberships -------------------------------------------------------------------------------


class NetworkMembershipCreateView(NetworkMixin, ObjectFormView):
    """Record the membership from the network's page: the ``pk`` is the network's."""

    permission_action = Action.ADD
    form_class = NetworkMembershipForm
    template_name = "networks/child_form.html"
    success_message = _("The membership was recorded.")

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

    def perform(self, form: NetworkMembershipForm) -> NetworkMembership:
        return services.create_network_membership(
            self.government,
            acting_user=self.acting_user,
            network=self.get_target(),
            **form.cleaned_data,
        )


class MembershipMixin(GovernmentScopedMixin):
    model = NetworkMembership

    def get_queryset(self) -> QuerySet[NetworkMembership]:
        return cast(Any, super().get_queryset()).with_related()


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
        context["can_add_post"] = post_policy.allows(self.membership, Action.ADD)
        context["can_change_posts"] = post_policy.allows(self.membership, Action.CHANGE)
        context["can_delete_posts"] = post_policy.allows(self.membership, Action.DELETE)
        return context


class NetworkMembershipHistoryView(MembershipMixin, ObjectHistoryView):
    pass


class NetworkMembershipUpdateView(MembershipMixin, ObjectFormView):
    permission_action = Action.CHANGE
    form_class = NetworkMembershipForm
    success_message = _("The membership was saved.")

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "government": self.government}

    def perform(self, form: NetworkMembershipForm) -> NetworkMembership:
        return services.update_network_membership(
            self.get_target(), acting_user=self.acting_user, **form.cleaned_data
        )


class NetworkMembershipDeleteView(MembershipMixin, ObjectDeleteView):
    success_message = _("The membership was deleted.")

    @property
    def success_url(self) -> str:
        return reverse("networks:network-detail", args=[self.object.network_id])

    def delete_object(self, obj: NetworkMembership) -> None:
        services.delete_network_membership(obj, acting_user=self.acting_user)


# --- Posts held --------------------------------------------------------------------------------


class NetworkPostCreateView(MembershipMixin, ObjectFormView):
    """Add a post held from the membership's page: the ``pk`` is the membership's."""

    permission_action = Action.ADD
    form_class = NetworkPostForm
    template_name = "networks/child_form.html"
    success_message = _("The post was added.")

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

    def perform(self, form: NetworkPostForm) -> NetworkPost:
        return services.add_network_post(
            self.get_target(), acting_user=self.acting_user, **form.cleaned_data
        )


class PostMixin(GovernmentScopedMixin):
    model = NetworkPost

    def get_queryset(self) -> QuerySet[NetworkPost]:
        return super().get_queryset().select_related("membership__network")


class NetworkPostUpdateView(PostMixin, ObjectFormView):
    permission_action = Action.CHANGE
    form_class = NetworkPostForm
    success_message = _("The post was saved.")

    def perform(self, form: NetworkPostForm) -> NetworkPost:
        return services.update_network_post(
            self.get_target(), acting_user=self.acting_user, **form.cleaned_data
        )


class NetworkPostDeleteView(PostMixin, ObjectDeleteView):
    success_message = _("The post was deleted.")

    @property
    def success_url(self) -> str:
        return reverse("networks:membership-detail", args=[self.object.membership_id])

    def delete_object(self, obj: NetworkPost) -> None:
        services.delete_network_post(obj, acting_user=self.acting_user)
