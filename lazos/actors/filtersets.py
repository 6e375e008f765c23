"""Filters of the local actor list (shared by the HTML list, the exports and the API)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from lazos.actions.models import ActionLocalActor
from lazos.actors.choices import ActorKind
from lazos.actors.models import LocalActor
from lazos.core.filtersets import TenantFilterSet
from lazos.core.models import Tag

YES_NO = (("yes", _("yes")), ("no", _("no")))


class LocalActorFilterSet(TenantFilterSet):
    search_fields = ("name", "description", "contact_name")

    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ActorKind.choices)
    tag = django_filters.ModelChoiceFilter(
        label=_("Tag"), field_name="tags", to_field_name="slug", queryset=Tag.objects.none()
    )
    takes_part = django_filters.ChoiceFilter(
        label=_("Takes part in actions"), choices=YES_NO, method="filter_takes_part"
    )
    ordering = django_filters.OrderingFilter(
        label=_("Sort by"),
        fields=(("name", "name"), ("kind", "kind"), ("created_at", "created")),
        field_labels={"name": _("name"), "kind": _("kind"), "created_at": _("created")},
    )

    class Meta:
        model = LocalActor
        fields = ["q", "kind", "tag", "takes_part"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["tag"].queryset = Tag.objects.for_tenant(self.government)

    def filter_takes_part(
        self, queryset: QuerySet[LocalActor], name: str, value: str
    ) -> QuerySet[LocalActor]:
        linked = Exists(ActionLocalActor.objects.filter(actor_id=OuterRef("pk")))
        if value == "yes":
            return queryset.filter(linked)
        if value == "no":
            return queryset.exclude(linked)
        return queryset
