"""Pages of local actors: list, page with their participations in actions, forms."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import F
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from lazos.actions.models import ActionLocalActor
from lazos.actors import services
from lazos.actors.filtersets import LocalActorFilterSet
from lazos.actors.forms import LocalActorForm
from lazos.actors.models import LocalActor
from lazos.actors.querysets import LocalActorQuerySet
from lazos.core.permissions import Operation
from lazos.core.views import (
    GovernmentScopedMixin,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectFormView,
    ObjectHistoryView,
    ObjectListView,
)

PARTICIPATIONS_PER_PAGE = 25


class LocalActorMixin(GovernmentScopedMixin):
    model = LocalActor

    def get_queryset(self) -> LocalActorQuerySet:
        return LocalActor.objects.for_tenant(self.government)


class LocalActorListView(LocalActorMixin, ObjectListView):
    filterset_class = LocalActorFilterSet
    template_name = "actors/actor_list.html"
    create_url_name = "actors:actor-create"
    export_fields = [
        ("name", _("Name")),
        ("kind", _("Kind")),
        ("contact_name", _("Contact person")),
        ("email", _("Email")),
        ("phone", _("Phone")),
        ("website", _("Website")),
        ("tags", _("Tags")),
        ("participation_count", _("Actions")),
        ("description", _("Description")),
        ("external_id", _("External id")),
        ("created_at", _("Created")),
    ]

    def get_queryset(self) -> LocalActorQuerySet:
        return super().get_queryset().with_related().with_participation_count()


class LocalActorDetailView(LocalActorMixin, ObjectDetailView):
    template_name = "actors/actor_detail.html"
    history_url_name = "actors:actor-history"
    edit_url_name = "actors:actor-edit"
    delete_url_name = "actors:actor-delete"

    def get_queryset(self) -> LocalActorQuerySet:
        return super().get_queryset().with_related()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        participations = (
            ActionLocalActor.objects.for_tenant(self.government)
            .filter(actor=self.object)
            .select_related("action", "action__lead_department")
            .order_by(F("action__start_date").desc(nulls_last=True), "-id")
        )
        context["participations"] = Paginator(participations, PARTICIPATIONS_PER_PAGE).get_page(
            self.request.GET.get("participations")
        )
        return context


class LocalActorHistoryView(LocalActorMixin, ObjectHistoryView):
    pass


class LocalActorFormView(LocalActorMixin, ObjectFormView):
    form_class = LocalActorForm
    cancel_url_name = "actors:actor-list"
    extra_service_fields = ("tags",)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "government": self.government}


class LocalActorCreateView(LocalActorFormView):
    permission_action = Operation.ADD
    success_message = _("The local actor was created.")
    service = staticmethod(services.create_local_actor)


class LocalActorUpdateView(LocalActorFormView):
    permission_action = Operation.CHANGE
    success_message = _("The local actor was saved.")
    service = staticmethod(services.update_local_actor)


class LocalActorDeleteView(LocalActorMixin, ObjectDeleteView):
    success_url = reverse_lazy("actors:actor-list")
    success_message = _("The local actor was deleted.")
    service = staticmethod(services.delete_local_actor)
