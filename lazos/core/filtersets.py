"""FilterSet base for tenant lists, and the activity log's filters.

One FilterSet per list serves the HTML list and the API alike.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from lazos.core.audit import AuditAction, Channel
from lazos.core.models import AuditEvent


class TenantFilterSet(django_filters.FilterSet):
    """Takes the current ``government`` so choice fields list only its own rows."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    search_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, government: Any = None, **kwargs: Any) -> None:
        self.government = government
        super().__init__(*args, **kwargs)
        # Each instance gets copies of the class's filters. A copy may carry a form field that
        # was built earlier on the class's filter (the OpenAPI schema generator builds them);
        # drop it so the choices and querysets this government sets below are the ones used.
        for filter_ in self.filters.values():
            filter_.__dict__.pop("_field", None)

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        condition = Q()
        for term in value.split():
            term_q = Q()
            for field in self.search_fields:
                term_q |= Q(**{f"{field}__icontains": term})
            condition &= term_q
        return queryset.filter(condition)


def _audited_content_types() -> QuerySet[ContentType]:
    """Kinds of object of Lazos's own apps (the ones whose changes are audited)."""
    from django.apps import apps

    labels = [c.label for c in apps.get_app_configs() if c.name.startswith("lazos.")]
    return ContentType.objects.filter(app_label__in=labels).order_by("app_label", "model")


class AuditEventFilterSet(TenantFilterSet):
    search_fields = ("object_repr", "actor_label", "note")

    actor = django_filters.ModelChoiceFilter(
        label=_("Who"), queryset=get_user_model().objects.none()
    )
    content_type = django_filters.ModelChoiceFilter(
        label=_("Kind of object"), queryset=ContentType.objects.none()
    )
    action = django_filters.ChoiceFilter(label=_("Action"), choices=AuditAction.choices)
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=Channel.choices)
    since = django_filters.DateFilter(
        label=_("From"), field_name="occurred_at", lookup_expr="date__gte"
    )
    until = django_filters.DateFilter(
        label=_("Until"), field_name="occurred_at", lookup_expr="date__lte"
    )

    class Meta:
        model = AuditEvent
        fields = ["q", "actor", "content_type", "action", "channel", "since", "until"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        users = get_user_model().objects.filter(memberships__government=self.government)
        self.filters["actor"].queryset = users.order_by("username")
        self.filters["content_type"].queryset = _audited_content_types()
        self.filters["since"].field.widget.input_type = "date"
        self.filters["until"].field.widget.input_type = "date"
